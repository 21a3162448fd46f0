"""Guards on every kind, in one place (issue 15, items 2 and 3): numbers, years, text, keys, files.

Fixtures: ``tests/data/ingest/guards`` (``make_guards.py``) and ``tests/data/ingest/variants``.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from talentcast.errors import InputFileError
from talentcast.ingest import guards, ingest_files
from talentcast.ingest.statistics import measure_suffix
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest"
GUARDS = DATA / "guards"
WORKBOOK = DATA / "variants" / "stat_sheet_named.xlsx"


def _quarantine(lake: Lake, file: str) -> dict[int, str]:
    q = lake.read("quarantine")
    q = q[q["file"] == file]
    return dict(zip(q["line"].astype(int), q["reason"]))


def test_enrollment_numbers_years_text_and_duplicates(tmp_path):
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "enrollment", [GUARDS / "enrollment_guards.csv"]).files[0]
    assert fr.rows_read == 10 and fr.rows_accepted == 2
    assert _quarantine(lake, "enrollment_guards.csv") == {
        3: "out_of_range", 4: "out_of_range", 5: "negative_value", 6: "bad_number", 7: "unsafe_content",
        8: "bad_year", 9: "bad_year", 10: "duplicate_key"}
    e = lake.read("enrollment")
    assert e["new_students"].between(0, guards.COUNT_MAX).all()


def test_the_same_rows_in_another_file_are_not_doubled(tmp_path):
    lake = Lake(tmp_path / "lake")
    ingest_files(lake, "enrollment", [GUARDS / "enrollment_guards.csv"])
    crlf = tmp_path / "enrollment_crlf.csv"
    crlf.write_bytes((GUARDS / "enrollment_guards.csv").read_bytes().replace(b"\n", b"\r\n"))
    fr = ingest_files(lake, "enrollment", [crlf], raise_on_error=False).files[0]
    assert fr.status == "error" and fr.quarantined_by_reason["duplicate_key"] == 3  # nothing new: not recorded
    assert lake.row_count("enrollment") == 2


def test_statistics_values_and_years(tmp_path):
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "statistics", [GUARDS / "statistics_guards.csv"]).files[0]
    assert fr.rows_accepted == 1
    assert sorted(fr.quarantined_by_reason.items()) == [("bad_year", 1), ("negative_value", 1), ("out_of_range", 2)]


def test_programmes_future_year_and_formula(tmp_path):
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "programmes", [GUARDS / "programmes_title_line.csv"]).files[0]
    assert fr.rows_accepted == 2 and fr.quarantined_by_reason == {"bad_year": 1, "unsafe_content": 1}
    assert lake.read("programmes")["year"].max() == 2023


def test_postings_dates_outside_the_window(tmp_path):
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "postings", [GUARDS / "postings_dates.csv"]).files[0]
    assert fr.rows_accepted == 2 and _quarantine(lake, "postings_dates.csv") == {3: "bad_year", 4: "bad_year"}


def test_oversized_cell_is_one_quarantined_row(tmp_path):
    p = tmp_path / "graduates_big.csv"
    p.write_text("college_name,major_name,year,graduates\n示例职业学院甲,护理,2023,10\n示例职业学院乙," + "x" * (guards.CELL_LIMIT + 1)
                 + ",2023,10\n", encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "graduates", [p]).files[0]
    assert fr.rows_accepted == 1 and fr.quarantined_by_reason == {"field_too_large": 1}


def test_one_year_window_for_every_kind():
    ok = pd.Series([guards.YEAR_MIN, date.today().year + 1, None])
    bad = pd.Series([guards.YEAR_MIN - 1, date.today().year + 2])
    assert not guards.bad_year(ok).any() and guards.bad_year(bad).all()


# ----------------------------------------------------------------------------- statistics workbooks
def test_every_sheet_and_the_measure_named_by_the_sheet(tmp_path):
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "statistics", [WORKBOOK], region="河南").files[0]
    assert fr.rows_accepted == 21 and not fr.quarantined_by_reason
    sheets = {s["sheet"]: s for s in fr.sheets}
    assert sheets["人员"]["measures"] == ["employment_10k"] and sheets["人员平均工资"]["measures"] == ["avg_wage_cny_year"]
    s = lake.read("statistics")
    wage = s[(s["measure"] == "avg_wage_cny_year") & (s["industry_code"] == "C") & (s["year"] == 2021)]
    assert wage["value"].tolist() == [67001.0] and set(s["region_code"]) == {"410000"}
    assert measure_suffix("人员") == "城镇单位就业人员" and measure_suffix("平均工资指数") is None


def test_dry_run_writes_nothing_and_shows_each_sheet(tmp_path):
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "statistics", [WORKBOOK], dry_run=True).files[0]
    assert fr.status == "dry_run" and [s["sheet"] for s in fr.sheets] == ["人员", "人员平均工资", "说明"]
    assert not lake.exists("statistics") and lake.manifest().empty


def test_nothing_accepted_is_not_recorded_and_options_fill_the_gaps(tmp_path):
    table = tmp_path / "cross.csv"
    table.write_text("行业,数值\n制造业,67001\n建筑业,60010\n", encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    with pytest.raises(InputFileError, match="--year"):
        ingest_files(lake, "statistics", [table])
    with pytest.raises(InputFileError, match="unknown_measure 2"):
        ingest_files(lake, "statistics", [table], year=2021)
    assert lake.manifest().empty  # not recorded: the file can be ingested again with better options
    fr = ingest_files(lake, "statistics", [table], year=2021, measure="平均工资", unit="元", region="410000").files[0]
    assert fr.status == "ingested" and fr.rows_accepted == 2
    s = lake.read("statistics")
    assert set(s["measure"]) == {"avg_wage_cny_year"} and set(s["year"]) == {2021} and set(s["region_code"]) == {"410000"}


def test_force_replaces_the_earlier_rows_and_a_changed_file_replaces_its_old_version(tmp_path):
    lake = Lake(tmp_path / "lake")
    raw = tmp_path / "raw" / "enrollment.csv"
    raw.parent.mkdir()
    shutil.copy(GUARDS / "enrollment_guards.csv", raw)
    ingest_files(lake, "enrollment", [raw])
    assert ingest_files(lake, "enrollment", [raw]).files[0].status == "already_ingested"
    fr = ingest_files(lake, "enrollment", [raw], force=True).files[0]
    assert fr.status == "ingested" and fr.rows_replaced == 2 and fr.rows_accepted == 2
    assert lake.row_count("enrollment") == 2 and (lake.read("quarantine")["file"] == "enrollment.csv").sum() == 8
    raw.write_text(raw.read_text(encoding="utf-8").replace("2023,150,420", "2023,151,420", 1), encoding="utf-8")
    fr = ingest_files(lake, "enrollment", [raw]).files[0]
    assert fr.rows_replaced == 2 and lake.row_count("enrollment") == 2
    assert sorted(lake.read("enrollment")["new_students"]) == [151, 200]


def test_force_on_postings_does_not_flag_the_file_as_its_own_duplicate(tmp_path):
    lake = Lake(tmp_path / "lake")
    f = DATA / "corpus" / "zhaopin_employer.xlsx"
    ingest_files(lake, "postings", [f])
    before = int(lake.read("postings")["is_duplicate"].sum())
    fr = ingest_files(lake, "postings", [f], force=True).files[0]
    p = lake.read("postings")
    assert fr.rows_replaced == 60 and len(p) == 60 and int(p["is_duplicate"].sum()) == before


# ----------------------------------------------------------------------------- CLI
@pytest.mark.slow
def test_cli_ingest_options(tmp_path):
    import json

    from typer.testing import CliRunner

    from talentcast.cli import app

    runner = CliRunner()
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    dry = runner.invoke(app, ["ingest", "statistics", str(WORKBOOK), "--dry-run", "--region", "河南", "-w", str(ws)])
    assert dry.exit_code == 0 and "人员平均工资" in dry.output and "nothing was written" in dry.output
    assert not (ws / "lake" / "statistics").exists()
    res = runner.invoke(app, ["ingest", "statistics", str(WORKBOOK), "--region", "河南", "-w", str(ws), "--json"])
    data = json.loads(res.output)
    assert res.exit_code == 0 and data["rows_accepted"] == 21 and len(data["files"][0]["sheets"]) == 3
    again = runner.invoke(app, ["ingest", "statistics", str(WORKBOOK), "--region", "河南", "--force", "-w", str(ws), "--json"])
    assert json.loads(again.output)["files"][0]["rows_replaced"] == 21
    wrong = runner.invoke(app, ["ingest", "postings", str(GUARDS / "postings_dates.csv"), "--measure", "人员", "-w", str(ws)])
    assert wrong.exit_code != 0 and "statistics only" in str(wrong.exception)  # main() prints it as `Error: …`
    fill = runner.invoke(app, ["ingest", "postings", str(DATA / "corpus" / "zhaopin_employer.xlsx"), "-w", str(ws), "--json"])
    assert json.loads(fill.output)["files"][0]["fill_rates"]["title"]["landed"] == 1.0


from hypothesis import given, strategies as st  # noqa: E402


@given(raw=st.one_of(st.none(), st.just(""), st.just("  "), st.just("abc"),
                     st.floats(allow_nan=True, allow_infinity=True).map(repr),
                     st.integers(-10, 10**9).map(str)),
       count=st.booleans())
def test_scalar_number_guard_agrees_with_the_column_guard(raw, count):
    """The row-by-row guard (statistics, register readers) quarantines exactly what the column guard does."""
    value = pd.to_numeric(pd.Series([raw], dtype="object"), errors="coerce").astype("float64")
    column = next(((r, d) for m, r, d in guards.number_problems(pd.Series([raw], dtype="object"), value, count=count, name="v")
                   if m.iat[0]), None)
    assert guards.number_problem(raw, float(value.iat[0]), count=count, name="v") == column


@given(st.integers(1800, 2200))
def test_scalar_year_guard_agrees_with_the_column_guard(year):
    assert guards.year_outside_window(year) == bool(guards.bad_year(pd.Series([year])).iat[0])
