"""The forms behind the misses of blind round 10, each written again independently (other
words, layouts and figures), so that each fix holds beyond the file that found it. The totals
are Henan's 2017 urban-unit figures from ``data/sample/statistics``; the breakdowns beside them
are illustrative numbers made up for the layout, not statistics of any place."""

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
    rows = lake.read("statistics") if lake.exists("statistics") else pd.DataFrame()
    quarantine = lake.read("quarantine") if lake.exists("quarantine") else pd.DataFrame()
    return rows, quarantine


def _pick(rows: pd.DataFrame, **kw) -> float:
    hit = rows
    for k, v in kw.items():
        hit = hit[hit[k] == v]
    assert len(hit) == 1, (kw, len(hit))
    return float(hit["value"].iloc[0])


def test_universes_named_under_a_merged_breakdown_header(tmp_path):
    """"分登记注册类型" spans 国有 | 集体 | 其他 under a merged cell; each column is its universe."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["表4-3  河南省城镇非私营单位分行业平均工资（2017年）"])
    ws.append(["", "", "", "", "单位：元"])
    ws.append(["行业", "全部", "分登记注册类型", "", ""])
    ws.append(["", "", "国有单位", "集体单位", "其他单位"])
    ws.append(["制造业", 46854, 61000, 38000, 45500])
    ws.append(["教育", 59000, 60100, 41000, 52000])
    ws.merge_cells("C3:E3")
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    path = tmp_path / "wage_by_registration.xlsx"
    wb.save(path)
    rows, _ = _land(tmp_path, path)
    assert len(rows) == 8 and set(rows["region_code"]) == {"410000"}
    c = rows[rows["industry_code"] == "C"].set_index("scope")["value"]
    assert dict(c) == {"urban_units": 46854.0, "state_units": 61000.0, "collective_units": 38000.0, "other_units": 45500.0}


def test_two_universes_side_by_side_each_over_its_years(tmp_path):
    """"城镇非私营单位" and "城镇私营单位" each span their years; the title names both."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["河南省城镇非私营单位与私营单位就业人员平均工资"])
    ws.append(["单位：元"])
    ws.append(["行业", "城镇非私营单位", "", "城镇私营单位", ""])
    ws.append(["", "2016年", "2017年", "2016年", "2017年"])
    ws.append(["制造业", 44000, 46854, 36000, 38200])
    ws.merge_cells("B3:C3")
    ws.merge_cells("D3:E3")
    path = tmp_path / "wages_two_universes.xlsx"
    wb.save(path)
    rows, _ = _land(tmp_path, path)
    assert _pick(rows, industry_code="C", year=2017, scope="urban_units") == 46854.0
    assert _pick(rows, industry_code="C", year=2017, scope="private_units") == 38200.0
    assert len(rows) == 4


def test_each_stacked_table_of_a_bulletin_takes_its_own_titles_universe(tmp_path):
    """A bulletin whose heading and prose name both universes; 表一 and 表二 each name one, and
    say 年平均工资 (the year's average wage)."""
    text = ("郑州市2017年城镇非私营单位和私营单位年平均工资情况\n"
            "全市城镇非私营单位就业人员年平均工资为60000元；城镇私营单位就业人员年平均工资为40000元。\n\n"
            "表一  城镇私营单位就业人员年平均工资\n单位：元\n行业\t2017年\t2016年\n制造业\t38000\t36100\n教育\t35000\t33000\n\n"
            "表二  城镇非私营单位就业人员年平均工资\n单位：元\n行业\t2017年\t2016年\n制造业\t58000\t55000\n教育\t61000\t57000\n")
    path = tmp_path / "郑州市平均工资公报.txt"
    path.write_text(text, encoding="utf-8")
    rows, _ = _land(tmp_path, path)
    assert set(rows["region_code"]) == {"410100"}
    assert _pick(rows, industry_code="C", year=2017, scope="private_units") == 38000.0
    assert _pick(rows, industry_code="C", year=2017, scope="urban_units") == 58000.0
    assert set(rows["measure"]) == {"avg_wage_cny_year"} and len(rows) == 8


def test_a_series_export_with_a_country_row_a_province_row_and_december_dates(tmp_path):
    """Series columns under "Region: China" and "Subnational: Henan", dated by the first day of
    December, one series naming the stock's timing ("Year End") but no breakdown (the total)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([None, "Employed Persons: Urban Units: Year End", "Employed Persons: Urban Units: Year End: Education"])
    ws.append(["Region", "China", "China"])
    ws.append(["Subnational", "Henan", "Henan"])
    ws.append(["Unit", "Person th", "Person th"])
    ws.append(["Frequency", "Annual", "Annual"])
    import datetime as dt

    ws.append([dt.datetime(2016, 12, 1), 10581.5, 1245.544])
    ws.append([dt.datetime(2017, 12, 1), 10725.4, 1245.243])
    path = tmp_path / "series_download.xlsx"
    wb.save(path)
    rows, quarantine = _land(tmp_path, path)
    assert quarantine.empty and len(rows) == 4 and set(rows["region_code"]) == {"410000"}
    assert math.isclose(_pick(rows, industry_code="P", year=2017), 124.5243)
    assert math.isclose(_pick(rows, industry_code="TOTAL", year=2016), 1058.15)


def test_the_whole_province_row_among_its_cities(tmp_path):
    """"全省" heads a cities-by-industry table whose title names the province."""
    csv = ("2017年河南省各市分行业城镇非私营单位就业人员（万人）\n"
           "地区,合计,制造业,教育\n全省,1072.54,353.2353,124.5243\n郑州市,250.1,60.2,25.3\n洛阳市,80.4,28.1,9.9\n")
    path = tmp_path / "cities.csv"
    path.write_text(csv, encoding="utf-8")
    rows, quarantine = _land(tmp_path, path)
    assert quarantine.empty
    assert set(rows["region_code"]) == {"410000", "410100", "410300"}
    assert math.isclose(_pick(rows, region_code="410000", industry_code="C"), 353.2353)
