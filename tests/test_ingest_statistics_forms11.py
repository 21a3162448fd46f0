"""The forms behind the misses of blind round 11 (hard forms), each written again independently,
plus the guard that turns a silent double reading into a visible one. Totals are Henan's 2017
urban-unit figures from ``data/sample/statistics`` (制造业 353.2353 万人, 教育 124.5243 万人);
other figures are illustrative numbers made up for the layout."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd

from talentcast.ingest.statistics import ingest_statistics
from talentcast.lake import Lake


def _land(tmp_path: Path, path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    lake = Lake(tmp_path / "lake")
    ingest_statistics(lake, [path], raise_on_error=False)
    rows = lake.read("statistics") if lake.exists("statistics") else pd.DataFrame(columns=["value"])
    quarantine = lake.read("quarantine") if lake.exists("quarantine") else pd.DataFrame(columns=["reason", "detail"])
    return rows, quarantine


def _xlsx(path: Path, rows: list[list[object]], merged: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    for m in merged:
        wb.active.merge_cells(m)
    wb.save(path)
    return path


def _one(rows: pd.DataFrame, **kw) -> float:
    hit = rows
    for k, v in kw.items():
        hit = hit[hit[k] == v]
    assert len(hit) == 1, (kw, len(hit))
    return float(hit["value"].iloc[0])


def test_decimal_commas_are_decided_for_the_whole_sheet(tmp_path):
    text = "2017年河南省城镇单位就业人员;;\n单位：万人;;\n行业;2016年;2017年\n制造业;363,2567;353,2353\n教育;124,5544;124,5243\n金融业;30,120;30,5\n"
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    rows, _ = _land(tmp_path, path)
    assert math.isclose(_one(rows, industry_code="C", year=2017), 353.2353)
    assert math.isclose(_one(rows, industry_code="J", year=2016), 30.12)  # "30,120" in a decimal-comma sheet
    thousands = tmp_path / "t" / "thousands.csv"
    thousands.parent.mkdir()
    thousands.write_text("河南省城镇单位平均工资（元）\n行业,2017年\n制造业,\"46,854\"\n教育,\"58,122\"\n全部,\"1,234,567\"\n", encoding="utf-8")
    rows, _ = _land(thousands.parent, thousands)
    assert _one(rows, industry_code="C") == 46854.0


def test_province_columns_spaced_the_nbs_way(tmp_path):
    path = _xlsx(tmp_path / "provinces.xlsx", [["分地区城镇单位就业人员（2017年，万人）"], ["行业", "全　国", "河　南", "湖　北"],
                                               ["制造业", 4500.0, 353.2353, 190.1]])
    rows, _ = _land(tmp_path, path)
    assert set(rows["region_code"]) == {"100000", "410000", "420000"}
    assert math.isclose(_one(rows, region_code="410000"), 353.2353)


def test_quarter_and_month_columns_are_not_the_year(tmp_path):
    path = _xlsx(tmp_path / "q.xlsx", [["河南省城镇非私营单位平均工资"], ["单位：元"], ["行业", "2017年", "", "", ""],
                                       ["", "1-3月", "上半年", "第三季度", "全年"], ["制造业", 11000, 22500, 34000, 46854]],
                 merged=("B3:E3",))
    rows, q = _land(tmp_path, path)
    assert len(rows) == 1 and _one(rows, industry_code="C", year=2017) == 46854.0
    assert (q["reason"] == "unknown_measure").sum() == 3


def test_the_year_end_count_is_the_employment_beside_an_average(tmp_path):
    path = _xlsx(tmp_path / "avg.xlsx", [["2017年河南省城镇单位就业人员"], ["行业", "就业人员（万人）", ""], ["", "年末人数", "平均人数"],
                                         ["制造业", 353.2353, 355.0], ["教育", 124.5243, 124.0]], merged=("B2:C2",))
    rows, _ = _land(tmp_path, path)
    assert len(rows) == 2 and math.isclose(_one(rows, industry_code="P"), 124.5243)


def test_the_name_decides_over_an_older_editions_section_letter(tmp_path):
    # 2002 edition: F 交通运输、仓储和邮政业, H 批发和零售业 (2017: G and F).
    path = _xlsx(tmp_path / "letters.xlsx", [["河南省城镇单位就业人员（万人）"], ["门类", "行业", "2008年"],
                                             ["F", "交通运输、仓储和邮政业", 40.1], ["H", "批发和零售业", 30.2]])
    rows, _ = _land(tmp_path, path)
    assert dict(zip(rows["industry_code"], rows["value"])) == {"G": 40.1, "F": 30.2}


def test_tables_side_by_side_and_labels_a_pdf_conversion_broke(tmp_path):
    path = _xlsx(tmp_path / "side.xlsx", [
        ["河南省城镇单位就业人员和平均工资（2017年）"],
        ["城镇单位就业人员（万人）", "", "", "城镇单位平均工资（元）", ""],
        ["行业", "2017年", "", "行业", "2017年"],
        ["制造业", 353.2353, "", "制造业", "46 854(a)"],
        ["信息传输、软件和信", 9.1, "", "教育", 58122],
        ["息技术服务业", "", "", "金融业", 70000],
        ["教育", 124.5243, "", "", ""],
    ])
    rows, _ = _land(tmp_path, path)
    assert set(rows["region_code"]) == {"410000"}
    emp = rows[rows["measure"] == "employment_10k"].set_index("industry_code")["value"].to_dict()
    wage = rows[rows["measure"] == "avg_wage_cny_year"].set_index("industry_code")["value"].to_dict()
    assert emp == {"C": 353.2353, "I": 9.1, "P": 124.5243} and wage == {"C": 46854.0, "P": 58122.0, "J": 70000.0}


def test_two_figures_for_one_key_land_neither_and_say_so(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("2017年河南省城镇单位就业人员（万人）\n行业,2017年\n制造业,353.2353\n制造业,360.0\n教育,124.5243\n教育,124.5243\n",
                    encoding="utf-8")
    rows, q = _land(tmp_path, path)
    assert rows["industry_code"].tolist() == ["P"]  # the same figure twice lands once
    dup = q[q["reason"] == "duplicate_key"]
    assert len(dup) == 2 and all("lines" in d for d in dup["detail"])
