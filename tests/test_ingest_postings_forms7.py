"""The postings forms behind blind round 7's misses, each in an example of its own (other titles,
companies, places and figures than tests/data/ingest/postings_blind7). All postings are made up."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from talentcast.ingest import parsers as P
from talentcast.ingest.postings import ingest_postings
from talentcast.lake import Lake


def _land(tmp_path: Path, path: Path) -> pd.DataFrame:
    lake = Lake(tmp_path / "lake")
    ingest_postings(lake, [path])
    return lake.read("postings").set_index("title")


@pytest.mark.parametrize("text, lo, hi, months", [
    ("4k-6k*14", 4666.67, 7000.0, 14), ("综合月薪5500-7500", 5500.0, 7500.0, None),
    ("3000-4500元/月，包住", 3000.0, 4500.0, None), ("6000-8000元/月(双休)", 6000.0, 8000.0, None),
    ("年薪：9万-12万", 7500.0, 10000.0, None)])
def test_pay_with_words_around_it(text, lo, hi, months):
    assert P.salary_one(text) == (lo, hi, months, None)


def test_half_a_year_and_nationwide():
    assert P.experience_one("半年以上经验") == 0.5
    assert P.region_one("全国") == "100000" and P.region_one("全国各地") == "100000"


def test_headers_pub_time_and_demand_count_and_hours_before_a_night_crawl(tmp_path):
    csv = ("title,company,city,pub_time,需求人数,crawl_time\n"
           "数控车工,示例机械有限公司,新乡,2小时前,4,2024-06-02 01:10:00\n"
           "仓管员,示例物流有限公司,许昌,2024-05-30 09:00,2,2024-06-02 01:10:00\n")
    path = tmp_path / "crawl.csv"
    path.write_text(csv, encoding="utf-8")
    rows = _land(tmp_path, path)
    assert str(rows.at["数控车工", "posted_date"]) == "2024-06-01" and rows.at["数控车工", "date_basis"] == "posted"
    assert str(rows.at["仓管员", "posted_date"]) == "2024-05-30" and rows.at["仓管员", "headcount"] == 2


def test_a_list_titled_by_its_city_and_a_notes_sheet_before_it(tmp_path):
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填表说明"
    notes.append(["工资单位：千元/月"])
    notes.append(["学历填最低要求"])
    ws = wb.create_sheet("岗位")
    ws.append(["许昌市2024年6月企业用工信息"])
    ws.append(["岗位名称", "单位名称", "工资（千元/月）", "学历"])
    ws.append(["焊工", "示例钢构有限公司", "4-6", "中专"])
    ws.append(["质检员", "示例食品有限公司", "5以上", "大专"])
    path = tmp_path / "用工信息.xlsx"
    wb.save(path)
    rows = _land(tmp_path, path)
    assert set(rows["region_code"]) == {"411000"}
    assert (rows.at["焊工", "salary_cny_month_min"], rows.at["焊工", "salary_cny_month_max"]) == (4000.0, 6000.0)
    assert rows.at["质检员", "salary_cny_month_min"] == 5000.0
    assert len(rows) == 2


def test_jobs_nested_under_their_employer_take_its_fields(tmp_path):
    def job(name: str, **kw: str) -> dict:
        return {"jobName": name, "salary": "4-6千", "education": "中专", "experience": "不限", **kw}

    doc = {"data": {"rows": [
        {"companyName": "示例电子有限公司", "industry": "电子", "city": "鹤壁",
         "jobs": [job("贴片工"), job("测试员", city="安阳"), job("组装工"), job("物料员")]},
        {"companyName": "示例纺织有限公司", "industry": "纺织", "city": "周口",
         "jobs": [job("挡车工"), job("整经工"), job("验布工")]}]}}
    path = tmp_path / "fair.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    rows = _land(tmp_path, path)
    assert rows.at["贴片工", "company"] == "示例电子有限公司" and rows.at["贴片工", "region_code"] == "410600"
    assert rows.at["测试员", "region_code"] == "410500"  # its own city wins
    assert rows.at["挡车工", "industry_raw"] == "纺织"


def test_a_booklet_of_label_lines_is_read_as_posts(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    lines = ["2024年秋季示例职教集团招聘会岗位", "时间：2024年10月12日", None, "【1】", "岗位名称：电工", "单位：示例电力有限公司",
             "地  点：新乡市红旗区", "薪  资：5-7千", "学历：中专", None, "【2】", "职位：护理员", "企业名称：示例康养中心",
             "地点：焦作", "月薪：4000-5500元", "学历：大专", "招聘人数：6人", None, "【3】", "岗位名称：仓管员",
             "单位：示例物流有限公司", "薪  资：面议"]
    for t in lines:
        ws.append([t])
    path = tmp_path / "booklet.xlsx"
    wb.save(path)
    rows = _land(tmp_path, path)
    assert sorted(rows.index) == ["仓管员", "护理员", "电工"]
    assert rows.at["护理员", "company"] == "示例康养中心" and rows.at["护理员", "region_code"] == "410800"
    assert rows.at["电工", "salary_cny_month_min"] == 5000.0 and rows.at["护理员", "headcount"] == 6
    assert rows.at["仓管员", "salary_null_reason"] == "negotiable"
