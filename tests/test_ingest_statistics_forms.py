"""Real figures in the forms a user receives them must land right, field by field.

``tests/data/ingest/statistics_forms`` holds Henan's official urban-unit employment and average
wage by section, 2013–2017, laid out as yearbook sheets, bureau csvs, Excel text exports and an
English long table (``make_forms.py`` writes them from ``data/sample``). Each form is ingested
as a user would (file alone, no options) and every observation it holds is looked up in the
lake: the share landed with the right region, section, year, measure, scope and value is
asserted per field, and nothing else may land (a growth rate is not a wage).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from talentcast.ingest.statistics import ingest_statistics
from talentcast.lake import Lake

FORMS = Path(__file__).parent / "data" / "ingest" / "statistics_forms"
SOURCE = Path(__file__).parents[1] / "data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv"
HENAN = "410000"
FIELDS = ("region_code", "scope", "value")

# form → (measures, years) it holds; all forms hold the 19 sections, some a 合计 row as well.
EXPECTED = {
    "yearbook_title_region.xlsx": ({"employment_10k"}, range(2013, 2018)),
    "long_gbk_persons.csv": ({"employment_10k"}, range(2013, 2018)),
    "河南_城镇非私营单位就业人员_分行业.csv": ({"employment_10k"}, range(2013, 2018)),
    "years_as_rows_title.xlsx": ({"employment_10k"}, range(2013, 2018)),
    "two_measures_two_header_rows.xlsx": ({"employment_10k", "avg_wage_cny_year"}, range(2013, 2018)),
    "wage_with_growth_columns.xlsx": ({"avg_wage_cny_year"}, range(2016, 2018)),
    "english_long.csv": ({"employment_10k", "avg_wage_cny_year"}, range(2013, 2018)),
    "one_year_in_title.xlsx": ({"employment_10k", "avg_wage_cny_year"}, range(2017, 2018)),
    "河南省统计年鉴2018_就业和工资.xlsx": ({"employment_10k", "avg_wage_cny_year"}, range(2013, 2018)),
    "unicode_text_export.txt": ({"avg_wage_cny_year"}, range(2013, 2018)),
    "labels_marked_and_indented.csv": ({"employment_10k"}, range(2013, 2018)),
    "nbs_portal_province_export.csv": ({"employment_10k"}, range(2013, 2018)),
    "unit_column_persons.xlsx": ({"employment_10k"}, range(2013, 2018)),
    "years_as_rows_total_first.csv": ({"employment_10k"}, range(2013, 2018)),
}


def truth() -> pd.DataFrame:
    d = pd.read_csv(SOURCE)
    d["measure"] = d["measure"].map({"employment_10k_persons": "employment_10k", "avg_wage_yuan": "avg_wage_cny_year"})
    return d.rename(columns={"section": "industry_code"})[["measure", "year", "industry_code", "value"]]


def landed(form: str, tmp_path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The form's expected observations joined with what landed, and the rows that should not have."""
    lake = Lake(tmp_path / "lake")
    ingest_statistics(lake, [FORMS / form], raise_on_error=False)
    got = lake.read("statistics") if lake.exists("statistics") else pd.DataFrame(
        columns=["measure", "year", "industry_code", "region_code", "scope", "value"])
    measures, years = EXPECTED[form]
    want = truth()
    want = want[want["measure"].isin(measures) & want["year"].isin(years)]
    got = got[got["industry_code"] != "TOTAL"]
    keys = ["measure", "year", "industry_code"]
    joined = want.merge(got[[*keys, "region_code", "scope", "value"]], on=keys, how="left", suffixes=("", "_lake"))
    extra = got.merge(want[keys], on=keys, how="left", indicator=True)
    return joined, extra[extra["_merge"] == "left_only"]


def field_shares(joined: pd.DataFrame) -> dict[str, float]:
    ok = {
        "landed": joined["value_lake"].notna(),
        "region_code": joined["region_code"] == HENAN,
        "scope": joined["scope"] == "urban_units",
        "value": (joined["value_lake"] - joined["value"]).abs() <= 1e-6 * joined["value"].abs().clip(lower=1),
    }
    return {k: float(v.mean()) for k, v in ok.items()}


@pytest.mark.parametrize("form", sorted(EXPECTED))
def test_every_figure_of_the_form_lands_right(form: str, tmp_path: Path) -> None:
    joined, extra = landed(form, tmp_path)
    shares = field_shares(joined)
    assert shares == {k: 1.0 for k in shares}, f"{form}: share landed right per field {shares}"
    assert extra.empty, f"{form}: rows that are not in the table landed: {extra.head().to_dict('records')}"


@pytest.mark.parametrize("label, section, division", [
    ("A 农林牧渔业", "A", None), ("C制造业", "C", None), ("C13 农副食品加工业", "C", "13"),
    ("13 农副食品加工业", "C", "13"), ("　　其中：制造业", "C", None), ("#制造业", "C", None),
    ("一、农、林、牧、渔业", "A", None), ("（二）采矿业", "B", None), ("3.建筑业", "E", None),
    ("信息传输、软件和信息技术服务业①", "I", None), ("教育(注1)", "P", None), ("制造业*", "C", None),
])
def test_yearbook_marks_and_printed_codes_around_a_label(label: str, section: str, division: str | None) -> None:
    from talentcast.reference import industry_concordance as ic

    assert ic.map_industry(label, record=False)[:2] == (section, division)


@pytest.mark.parametrize("label", ["IT服务", "2.5", "其中：国有单位"])
def test_what_is_not_an_industry_stays_unmapped(label: str) -> None:
    from talentcast.reference import industry_concordance as ic

    assert ic.map_industry(label, record=False) is None


@pytest.mark.parametrize("indicator, scope, measure", [
    ("城镇私营单位就业人员平均工资", "private_units", "avg_wage_cny_year"),
    ("城镇私营单位就业人员", "private_units", "employment_10k"),
    ("城镇非私营单位就业人员平均工资", "urban_units", "avg_wage_cny_year"),
    ("城镇非私营单位在岗职工平均工资", "urban_units_on_post", "avg_wage_cny_year"),
    ("制造业城镇非私营单位从业人员", "urban_units", "employment_10k"),
])
def test_private_units_are_not_urban_units(indicator: str, scope: str, measure: str) -> None:
    from talentcast.ingest.statistics import split_indicator

    assert split_indicator(indicator)[1:3] == (scope, measure)


def test_a_table_that_names_no_place_lands_national_with_a_warning(tmp_path: Path) -> None:
    f = tmp_path / "分行业就业人员.csv"
    f.write_text("行业,2016年,2017年\n制造业,353.1,353.2\n教育,124.0,124.5\n", encoding="utf-8")
    rep = ingest_statistics(Lake(tmp_path / "lake"), [f])
    assert set(Lake(tmp_path / "lake").read("statistics")["region_code"]) == {"100000"}
    assert any("--region" in w for w in rep.files[0].warnings)


def test_a_place_in_the_file_name_is_the_region_and_no_warning(tmp_path: Path) -> None:
    f = tmp_path / "Henan_employment_by_industry.csv"
    f.write_text("行业,2016年,2017年\n制造业,353.1,353.2\n", encoding="utf-8")
    rep = ingest_statistics(Lake(tmp_path / "lake"), [f], measure="employment_10k")
    assert set(Lake(tmp_path / "lake").read("statistics")["region_code"]) == {"410000"}
    assert not rep.files[0].warnings


def test_above_scale_industry_is_its_own_universe(tmp_path: Path) -> None:
    # An enterprise survey's average headcount by division is not urban-unit employment.
    # Illustrative figures, for no real place.
    f = tmp_path / "t.csv"
    f.write_text("规模以上工业企业分行业大类从业人员平均人数\n单位：万人\n行业,2016年,2017年\n农副食品加工业,30.1,29.8\n",
                 encoding="utf-8")
    ingest_statistics(Lake(tmp_path / "lake"), [f])
    got = Lake(tmp_path / "lake").read("statistics")
    assert set(got["scope"]) == {"industry_above_scale"} and set(got["industry_code"]) == {"13"}


@pytest.mark.parametrize("header, unit", [
    ("jiuye_renshu_wanren", "万人"), ("jiuye_renshu_ren", "人"), ("pingjun_gongzi_yuan", "元"),
    ("就业人数（人）", "人"), ("employment (10k persons)", "10k persons"), ("renshu", None),
])
def test_a_column_name_states_its_unit(header: str, unit: str | None) -> None:
    from talentcast.ingest.statistics import _unit_in_name

    assert _unit_in_name(header) == unit


@pytest.mark.parametrize("cell, year", [
    ("2017", 2017), ("2017年", 2017), ("2017年末", 2017), ("2017-12-31", 2017), ("2017-12-31 00:00:00", 2017),
    ("12/2017", 2017), ("2017-06-30", None), ("06/2017", None), ("201712", None),
])
def test_only_a_years_end_date_reads_as_the_year(cell: str, year: int | None) -> None:
    from talentcast.ingest.statistics import _YEAR

    m = _YEAR.match(cell)
    assert (int(m.group(1)) if m else None) == year
