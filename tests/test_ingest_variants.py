"""Ingest of hand-made variants of real export layouts (tests/data/ingest/variants, see its README).

Each test checks the parsed values in the lake, not only that rows were accepted.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from talentcast.ingest import parsers as P
from talentcast.ingest.postings import ingest_postings, resolve_columns
from talentcast.ingest.statistics import ingest_statistics
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "variants"


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return Lake(tmp_path / "lake")


def _postings(lake: Lake, name: str):
    ingest_postings(lake, [DATA / name])
    return lake.read("postings").set_index("title")


# ----------------------------------------------------------------------------- parsers
@pytest.mark.parametrize("text, lo, hi", [
    ("8000元/月以上", 8000.0, None),   # one-sided marker after the period
    ("1万以上/月", 10000.0, None),
    ("3000元/月起", 3000.0, None),
    ("15万/年以上", 12500.0, None),
    ("5000元以下", None, 5000.0),
])
def test_salary_one_sided_with_period(text: str, lo: float | None, hi: float | None) -> None:
    got = P.salary_one(text)
    assert got[:2] == (lo, hi) and got[3] is None


@pytest.mark.parametrize("text, expected", [
    ("3天前", date(2023, 6, 7)), ("今天", date(2023, 6, 10)), ("刚刚", date(2023, 6, 10)), ("5小时前", date(2023, 6, 10)),
    ("昨天", date(2023, 6, 9)), ("06-01", date(2023, 6, 1)), ("6月1日", date(2023, 6, 1)),
    ("12-12发布", date(2022, 12, 12)),  # a month-day after the crawl date is last year
    ("两周前", date(2023, 5, 27)), ("2023/6/1", date(2023, 6, 1)),
])
def test_relative_dates_against_reference(text: str, expected: date) -> None:
    assert P.date_one(text, today=date(2023, 6, 10)) == expected


@pytest.mark.parametrize("text", ["3天前", "今天", "06-01"])
def test_relative_dates_without_reference_are_null(text: str) -> None:
    assert P.date_one(text) is None


def test_bracketed_units_in_headers_do_not_hide_the_field() -> None:
    cols = resolve_columns(["岗位", "单位名称", "月薪(元)", "学历要求（最低）"], {})
    assert cols["salary_raw"] == "月薪(元)" and cols["education_raw"] == "学历要求（最低）" and cols["title"] == "岗位"


# ----------------------------------------------------------------------------- postings
def test_boss_zpdata_dump(lake: Lake) -> None:
    df = _postings(lake, "boss_zpdata_joblist.json")
    assert len(df) == 3
    java = df.loc["Java开发工程师"]
    assert java["salary_cny_month_min"] == pytest.approx(15000 * 13 / 12) and java["salary_months"] == 13
    assert java["region_code"] == "330100" and java["education"] == "本科" and java["experience_years"] == 3.0
    assert java["company"] == "某某网络" and java["industry_raw"] == "互联网"
    assert df.loc["普工", "salary_cny_month_max"] == pytest.approx(300 * P.DAYS_PER_MONTH)
    assert df["posted_date"].isna().all()  # BOSS pages carry no posting date: null, not invented


def test_lagou_dump(lake: Lake) -> None:
    df = _postings(lake, "lagou_positionresult.json")
    assert len(df) == 3  # the hrInfoMap object is not a record list
    row = df.loc["Python后端"]
    assert (row["salary_cny_month_min"], row["salary_cny_month_max"]) == (10000.0, 20000.0)
    assert str(row["posted_date"]) == "2021-03-05" and row["company"] == "北京某某信息技术有限公司"
    assert df.loc["测试工程师", "experience_years"] == 0.0 and df.loc["算法工程师", "region_code"] == "310000"


def test_liepin_csv_relative_dates_use_crawl_time(lake: Lake) -> None:
    df = _postings(lake, "liepin_cn_headers.csv")
    assert df.loc["高级产品经理", "salary_cny_month_max"] == pytest.approx(35000 * 14 / 12)
    assert df.loc["销售代表", "salary_cny_month_min"] == 8000.0 and df.loc["销售代表", "salary_null_reason"] is None
    assert str(df.loc["销售代表", "posted_date"]) == "2023-06-07"   # 3天前, crawled 2023-06-10
    assert str(df.loc["研发总监", "posted_date"]) == "2023-06-10"   # 今天
    assert str(df.loc["客服专员", "posted_date"]) == "2023-06-01"   # 06-01
    assert df.loc["高级产品经理", "education"] == "本科" and df.loc["研发总监", "education"] == "硕士"
    assert df.loc["客服专员", "salary_null_reason"] == "negotiable"


def test_jobfair_xlsx_title_row_and_unit_header(lake: Lake) -> None:
    df = _postings(lake, "jobfair_luoyang.xlsx")
    assert sorted(df.index) == ["文员", "焊工", "电工"]
    w = df.loc["焊工"]
    assert (w["salary_cny_month_min"], w["salary_cny_month_max"]) == (4000.0, 6000.0)
    assert w["headcount"] == 5 and w["education"] == "中专/中技" and w["region_code"] == "410300"
    q = lake.read("quarantine")
    assert list(q["reason"]) == ["note_row"]


def test_gb18030_csv(lake: Lake) -> None:
    df = _postings(lake, "gb18030_jobs.csv")
    assert df.loc["数控车工", "salary_cny_month_max"] == 3000.0 and df.loc["数控车工", "region_code"] == "410300"
    assert str(df.loc["数控车工", "posted_date"]) == "2022-03-01" and df.loc["数控车工", "headcount"] == 5


# ----------------------------------------------------------------------------- statistics
def _stats(lake: Lake, name: str):
    ingest_statistics(lake, [DATA / name])
    return lake.read("statistics")


def test_nbs_years_as_columns_with_notes(lake: Lake) -> None:
    df = _stats(lake, "stat_nbs_years_as_columns.csv")
    assert len(df) == 9 and not lake.exists("quarantine")
    c = df[(df.industry_code == "C") & (df.year == 2020)].iloc[0]
    assert c["measure"] == "employment_10k" and c["value"] == pytest.approx(3805.5)
    i = df[(df.industry_code == "I") & (df.year == 2021)].iloc[0]
    assert i["measure"] == "avg_wage_cny_year" and i["value"] == 201506.0


def test_yearbook_industry_rows_take_measure_and_unit_from_title(lake: Lake) -> None:
    df = _stats(lake, "stat_yearbook_industry_rows.xlsx")
    assert len(df) == 12 and set(df["measure"]) == {"employment_10k"} and set(df["unit_src"]) == {"万人"}
    assert df[(df.industry_code == "TOTAL") & (df.year == 2021)]["value"].item() == 17153.0
    assert df[(df.industry_code == "P") & (df.year == 2019)]["value"].item() == pytest.approx(150.1)


def test_values_in_persons_are_converted_to_10k(lake: Lake) -> None:
    df = _stats(lake, "stat_city_persons.xlsx")
    assert set(df["unit_src"]) == {"人"}
    assert df[(df.industry_code == "C") & (df.year == 2021)]["value"].item() == pytest.approx(40.98)
    assert df[(df.industry_code == "TOTAL") & (df.year == 2020)]["value"].item() == pytest.approx(152.34)


def test_csv_title_line_above_header(lake: Lake, tmp_path: Path) -> None:
    p = tmp_path / "jobfair.csv"
    p.write_text("2022年春季招聘会岗位信息\n\n岗位,单位名称,月薪(元)\n焊工,某某重工,4000-6000\n"
                 "电工,某某重工,4000-6000,多余\n文员,某某贸易,3000-4000\n", encoding="utf-8")
    ingest_postings(lake, [p])
    df = lake.read("postings").set_index("title")
    assert sorted(df.index) == ["文员", "焊工"] and df.loc["文员", "salary_cny_month_max"] == 4000.0
    assert list(df["record_no"].sort_values()) == [1, 3]  # data record ordinals, header excluded
    q = lake.read("quarantine")
    assert list(q["reason"]) == ["ragged_row"]


def test_one_column_csv_skips_nothing(tmp_path: Path) -> None:
    from talentcast.ingest.readers import title_rows

    assert title_rows("职位名称\n焊工\n电工\n".encode(), "utf-8", ",") == 0
    assert title_rows("标题\n职位名称,薪资\n".encode(), "utf-8", ",") == 1


def test_salary_unit_in_header_applies_to_bare_figures(lake: Lake, tmp_path: Path) -> None:
    p = tmp_path / "annual.csv"
    p.write_text("职位名称,年薪(万元),工作地点\n总监,30-50,北京\n经理,面议,上海\n主管,2-3万/月,广州\n", encoding="utf-8")
    ingest_postings(lake, [p])
    df = lake.read("postings").set_index("title")
    assert df.loc["总监", "salary_cny_month_min"] == 25000.0 and df.loc["总监", "salary_raw"] == "30-50"  # raw kept
    assert df.loc["主管", "salary_cny_month_max"] == 30000.0  # a value with its own unit wins
    assert df.loc["经理", "salary_null_reason"] == "negotiable"


@pytest.mark.parametrize("text, lo, hi", [
    ("1-1.5万元/月", 10000.0, 15000.0), ("5万元/年", 4166.67, 4166.67),
    ("底薪3000+提成", 3000.0, None), ("3000-5000元/月 + 提成", 3000.0, 5000.0),
])
def test_salary_yuan_units_and_commission(text: str, lo: float | None, hi: float | None) -> None:
    assert P.salary_one(text)[:2] == (lo, hi)


def test_date_with_published_prefix() -> None:
    assert P.date_one("发布于2023-06-01") == date(2023, 6, 1)
    assert P.date_one("更新于06-01", today=date(2023, 6, 10)) == date(2023, 6, 1)


def test_long_table_with_indicator_named_value_column(lake: Lake) -> None:
    df = _stats(lake, "stat_long_indicator_column.csv")
    assert len(df) == 3 and not lake.exists("quarantine")
    row = df[(df.industry_code == "C") & (df.year == 2020)].iloc[0]
    assert row["region_code"] == "410000" and row["value"] == 180.5 and row["measure"] == "employment_10k"
    assert "TOTAL" not in set(df["industry_code"])  # industry rows are not read as totals


def test_thousands_separators_footnotes_and_persons(lake: Lake) -> None:
    df = _stats(lake, "stat_plain_years_footnotes.csv")
    assert not lake.exists("quarantine")
    assert df[(df.industry_code == "C") & (df.year == 2021)]["value"].item() == 85000.0
    assert df[(df.industry_code == "TOTAL") & (df.year == 2021)]["value"].item() == pytest.approx(123.45)


def test_regions_as_rows_take_indicator_from_title(lake: Lake) -> None:
    df = _stats(lake, "stat_by_region_title.csv")
    assert set(df["region_code"]) == {"410000", "420000"} and set(df["measure"]) == {"employment_10k"}
    assert df[(df.region_code == "420000") & (df.year == 2020)]["value"].item() == 790.0


def test_relative_dates_use_date_in_file_name_without_crawl_column(lake: Lake, tmp_path: Path) -> None:
    from talentcast.ingest.postings import date_in_name

    assert date_in_name("boss-2023-06-10.json") == "2023-06-10" and date_in_name("a/liepin_20230610.csv") == "2023-06-10"
    assert date_in_name("jobs_2023.csv") is None and date_in_name("id_120230610999.csv") is None
    p = tmp_path / "liepin_20230610.csv"
    p.write_text("职位名称,发布时间\n销售,3天前\n会计,2023-05-01\n", encoding="utf-8")
    ingest_postings(lake, [p])
    df = lake.read("postings").set_index("title")
    assert str(df.loc["销售", "posted_date"]) == "2023-06-07" and str(df.loc["会计", "posted_date"]) == "2023-05-01"
