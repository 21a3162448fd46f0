"""Statistics ingest (real NBS exports, long tables, units, concordance) and the industry concordance."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from talentcast.reference import industry_concordance as ic
from talentcast.ingest import ingest_files
from talentcast.ingest.statistics import split_indicator
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "real"


def _check(rep) -> None:  # noqa: ANN001
    for f in rep.to_dict()["files"]:
        assert f["rows_read"] == f["rows_accepted"] + f["rows_quarantined"]


def test_nbs_wide_export_years_as_rows(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    rep = ingest_files(lake, "statistics", [DATA / "nbs_employment_by_section_2010-2021.xlsx"])
    _check(rep)
    assert rep.rows_quarantined == 0 and rep.rows_accepted == 240  # 20 columns × 12 years
    df = lake.read("statistics")
    assert set(df["region_code"]) == {"100000"} and set(df["status"]) == {"official"}
    assert set(df["measure"]) == {"employment_10k"} and set(df["scope"]) == {"urban_units"}
    tot = df[(df["industry_level"] == "total") & (df["year"] == 2010)]
    assert tot["value"].iloc[0] == pytest.approx(13051.5034) and tot["industry_code"].iloc[0] == "TOTAL"
    secs = df[df["industry_level"] == "section"]
    assert secs["industry_code"].nunique() == 19  # A–S (T 国际组织 has no series)
    i = secs[(secs["industry_code"] == "I") & (secs["year"] == 2010)].iloc[0]
    assert i["industry_name"] == "信息传输、软件和信息技术服务业" and i["value"] == pytest.approx(185.7708)
    # sections add up to the total (the NBS table is internally consistent)
    s2010 = secs[secs["year"] == 2010]["value"].sum()
    assert s2010 == pytest.approx(tot["value"].iloc[0], rel=1e-3)


def test_nbs_wages_with_2002_names_and_indices_quarantined(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    rep = ingest_files(lake, "statistics", [DATA / "nbs_wage_and_index_2000-2020.xlsx"])
    _check(rep)
    # wage indices (上年=100) are not a measure: quarantined with a reason, not dropped
    assert rep.quarantined_by_reason == {"unknown_measure": rep.rows_quarantined} and rep.rows_quarantined > 0
    df = lake.read("statistics")
    assert set(df["measure"]) == {"avg_wage_cny_year"}
    urban = df[(df["scope"] == "urban_units") & (df["year"] == 2020)]
    assert urban["value"].iloc[0] == 97379
    assert {"state_units", "collective_units", "other_units", "urban_units_on_post"} <= set(df["scope"])


def test_long_tables_national_and_henan(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    henan = DATA / "henan_by_section_subset.csv"
    rep = ingest_files(lake, "statistics", [henan], source="nbs_provincial")
    _check(rep)
    assert rep.rows_read == 60 and rep.rows_quarantined == 0
    df = lake.read("statistics")
    assert set(df["region_code"]) == {"410000"} and set(df["source"]) == {"nbs_provincial"}
    d = df[(df["industry_code"] == "D")].iloc[0]
    assert d["industry_name_src"] == "电力、燃气及水的生产和供应业" and d["industry_edition_src"] == "2002"
    assert d["measure"] == "avg_wage_cny_year" and d["unit_src"] == "yuan"


def test_units_long_and_wide_layouts_synthetic(tmp_path: Path) -> None:
    """SYNTHETIC tables: units in a column and in the indicator name, years as columns, notes."""
    lake = Lake(tmp_path)
    long_csv = tmp_path / "long.csv"
    long_csv.write_text(
        "\n注：合成测试表\n指标,地区,年份,行业,单位,数值\n"
        "城镇单位就业人员,河南省,2020年,制造业,人,1234500\n"
        "城镇单位就业人员平均工资,河南省,2020,制造业,万元,6.5\n"
        "城镇单位就业人员,河南省,2020,第一产业,万人,10\n"
        "城镇单位就业人员,河南省,20x0,制造业,万人,10\n"
        "城镇单位就业人员,河南省,2020,制造业,万人,abc\n"
        "城镇单位就业人员,火星,2020,制造业,万人,1\n", encoding="utf-8")
    wide = tmp_path / "wide.csv"
    wide.write_text("指标,2019年,2020年\n制造业城镇单位就业人员(万人),100,\n批发和零售业增加值(亿元),5000,5100\n数据来源：合成\n",
                    encoding="gbk")
    rep = ingest_files(lake, "statistics", [long_csv, wide])
    _check(rep)
    f1, f2 = rep.files
    assert f1.quarantined_by_reason == {"industry_unmapped": 1, "bad_year": 1, "bad_number": 1, "region_unmapped": 1}
    assert rep.extra["unmapped_industries"] == {"第一产业": 1}
    df = lake.read("statistics").set_index(["file", "measure", "year"]).sort_index()
    emp = df.loc[("long.csv", "employment_10k", 2020)]
    assert emp["value"] == pytest.approx(123.45) and emp["unit_src"] == "人"
    assert df.loc[("long.csv", "avg_wage_cny_year", 2020)]["value"] == pytest.approx(65000)
    assert f2.rows_read == 3  # the empty 2020 cell is no observation
    out = df.loc[("wide.csv", "output_100m_cny", 2020)]
    assert out["value"] == 5100 and out["industry_code"] == "F"


def test_statistics_idempotent(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    p = DATA / "henan_by_section_subset.csv"
    ingest_files(lake, "statistics", [p])
    rep = ingest_files(lake, "statistics", [p])
    assert rep.rows_read == 0 and rep.files[0].status == "already_ingested"
    assert len(lake.read("statistics")) == 60


@pytest.mark.parametrize(
    "name, expected",
    [
        ("交通运输、仓储和邮政业城镇单位就业人员", ("交通运输、仓储和邮政业", "urban_units", "employment_10k", None)),
        ("城镇单位就业人员平均工资(元)", ("", "urban_units", "avg_wage_cny_year", "元")),
        ("国有单位就业人员", ("", "state_units", "employment_10k", None)),
        ("城镇单位就业人员平均实际工资指数(上年=100)", None),
    ],
)
def test_split_indicator(name: str, expected) -> None:  # noqa: ANN001
    assert split_indicator(name) == expected


@pytest.mark.parametrize(
    "label, section, division, edition",
    [
        ("电力、燃气及水的生产和供应业", "D", None, "2002"),
        ("信息传输、计算机服务和软件业", "I", None, "2002"),
        ("卫生、社会保障和社会福利业", "Q", None, "2002"),
        ("公共管理和社会组织", "S", None, "2002"),
        ("科学研究、技术服务和地质勘查业", "M", None, "2002"),
        ("居民服务和其他服务业", "O", None, "2002"),
        ("信息传输、软件和信息技术服务业", "I", None, "2017"),
        ("农林牧渔业", "A", None, "2017"),
        ("教育业", "P", None, "2017"),
        ("C38", "C", "38", "2017"),
        ("3811", "C", "38", "2017"),
        ("通信设备、计算机及其他电子设备制造业", "C", "39", "2002"),
        ("交通运输设备制造业", "C", None, "2002"),  # split in 2011: section only
    ],
)
def test_map_industry(label: str, section: str, division, edition: str) -> None:  # noqa: ANN001
    assert ic.map_industry(label) == (section, division, edition)


def test_map_industry_2002_letters_and_unmapped_report() -> None:
    ic.reset_unmapped()
    assert ic.map_industry("F", edition="2002") == ("G", None, "2002")  # 2002 F = transport = 2017 G
    assert ic.map_industry("F") == ("F", None, "2017")
    assert ic.map_industry("合计(城镇单位)")[0] == ic.TOTAL
    assert ic.map_industry("第二产业") is None
    assert ic.unmapped_report().to_dict("records") == [{"label": "第二产业", "count": 1}]


def test_concordance_targets_exist_in_gbt4754_2017() -> None:
    from talentcast.reference import industries

    ind = industries()
    df = ic.concordance()
    assert {"edition", "level", "code_src", "label_src", "section_2017", "division_2017", "relation", "note"} <= set(df.columns)
    assert (df["note"].str.len() > 0).all()
    for r in df.itertuples():
        assert ind.get(r.section_2017) is not None, r
        if r.division_2017:
            assert ind.section_of(r.division_2017).code == r.section_2017, r
    # every 2002 and 2011 section has a row
    for ed in ("2002", "2011"):
        assert len(df[(df["edition"] == ed) & (df["level"] == "section")]) == 20
    assert isinstance(df, pd.DataFrame)


def test_provincial_export_regions_as_rows_synthetic(tmp_path: Path) -> None:
    """SYNTHETIC numbers in the NBS 分省年度数据 layout: regions as rows, years as columns."""
    p = tmp_path / "fsnd.csv"
    p.write_text("数据库：分省年度数据\n指标：制造业城镇单位就业人员(万人)\n地区,2021年,2020年\n河南省,10.5,10.0\n"
                 "河北省,8,\n全国,100,99\n数据来源：合成\n", encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    rep = ingest_files(lake, "statistics", [p])
    _check(rep)
    assert rep.rows_accepted == 5
    df = lake.read("statistics").set_index(["region_code", "year"])
    assert df.loc[("410000", 2021), "value"] == 10.5 and df.loc[("130000", 2021), "industry_code"] == "C"
    assert df.loc[("100000", 2020), "value"] == 99
