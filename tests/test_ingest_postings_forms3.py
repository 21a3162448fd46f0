"""Postings forms behind the misses of blind set 3, each shown on an example of its own.

Every example here is written independently of ``tests/data/ingest/postings_blind3`` (other
platforms, words, places and values), so that a fix shows it serves the next file of the same
form, not the blind file. Companies are invented ("合成样例…"); nothing here is a real posting.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from talentcast.ingest import parsers as P
from talentcast.ingest.postings import combined_parts, ingest_postings, place_of_sheet, resolve_columns, stated_year
from talentcast.lake import Lake
from talentcast.reference import regions


def _land(tmp_path: Path, path: Path, **kw) -> pd.DataFrame:  # noqa: ANN003
    lake = Lake(tmp_path / "lake")
    ingest_postings(lake, [path], **kw)
    return lake.read("postings").sort_values("record_no").reset_index(drop=True)


def _by_title(df: pd.DataFrame) -> dict[str, dict]:
    return {r["title"]: r for r in df.to_dict("records")}


def _day(v: object) -> str | None:
    return None if v is None or pd.isna(v) else pd.Timestamp(v).date().isoformat()


# ----------------------------------------------------------------------------- 1. job-fair workbook
def _fair_workbook(path: Path, title: str | None, rows: list[tuple], *, merge: bool = True,
                   header: tuple = ("序号", "用人单位", "需求岗位", "人数", "月薪", "工作地点", "登记日期")) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "双选会"
    if title:
        ws.append([title])
    ws.append(list(header))
    first = ws.max_row + 1
    for r in rows:
        ws.append(list(r))
    if merge:  # merge each company cell down over the blank cells below it, as the fair's sheet does
        col = header.index("用人单位") + 1
        start = None
        for i in range(first, ws.max_row + 2):
            filled = i <= ws.max_row and ws.cell(i, col).value is not None
            if (filled or i > ws.max_row) and start is not None and i - 1 > start:
                ws.merge_cells(start_row=start, start_column=col, end_row=i - 1, end_column=col)
            if filled:
                start = i
    wb.save(path)
    return path


FAIR = [
    (1, "合成样例开封汽配有限公司", "汽车装配工", 10, "4500-6000", "开封市", "3月12日"),
    (2, None, "质检员", 2, "4000-5000", "开封市", "3月12日"),
    (3, None, "叉车司机", 1, "5000-6500", "开封市", "3月14日"),
    (4, "合成样例豫东物流有限公司", "仓库管理员", 3, "4200-5200", "商丘市", "3月13日"),
    (5, None, "物流调度", 2, "5000-7000", "商丘市", "3月15日"),
]


def test_merged_company_cells_fill_their_posts(tmp_path: Path) -> None:
    path = _fair_workbook(tmp_path / "春季双选会岗位.xlsx", "2024年豫东地区春季校园双选会需求岗位一览", FAIR)
    got = _by_title(_land(tmp_path, path))
    assert got["质检员"]["company"] == got["叉车司机"]["company"] == "合成样例开封汽配有限公司"
    assert got["物流调度"]["company"] == "合成样例豫东物流有限公司"


def test_blank_company_is_not_filled_where_no_merge_is_implied(tmp_path: Path) -> None:
    # A csv has no merged cells: a blank company is missing.
    csv = tmp_path / "fair.csv"
    csv.write_text("序号,用人单位,需求岗位,月薪,工作地点\n" + "\n".join(
        f"{r[0]},{r[1] or ''},{r[2]},{r[4]},{r[5]}" for r in FAIR) + "\n", encoding="utf-8")
    assert _land(tmp_path / "a", csv)["company"].isna().sum() == 3
    # A platform export lists the title first: its blanks are missing companies, not merges.
    path = _fair_workbook(tmp_path / "export.xlsx", None, [(r[2], r[1], r[4], r[5]) for r in FAIR], merge=False,
                          header=("需求岗位", "用人单位", "月薪", "工作地点"))
    assert _land(tmp_path / "b", path)["company"].isna().sum() == 3
    # A fair's list whose blank cells are not merged: missing companies, never guessed from the row above.
    rows = [(0, None, "前台接待", 1, "3500-4000", "开封市", "3月11日")] + FAIR
    path = _fair_workbook(tmp_path / "gaps.xlsx", None, rows, merge=False)
    assert _land(tmp_path / "c", path)["company"].isna().sum() == 4
    path = _fair_workbook(tmp_path / "unmerged.xlsx", None, FAIR, merge=False)
    assert _land(tmp_path / "d", path)["company"].isna().sum() == 3


def test_month_day_dates_take_the_year_the_list_states(tmp_path: Path) -> None:
    path = _fair_workbook(tmp_path / "双选会岗位.xlsx", "2024年豫东地区春季校园双选会需求岗位一览", FAIR)
    df = _land(tmp_path, path)
    assert [_day(v) for v in df["posted_date"]] == ["2024-03-12", "2024-03-12", "2024-03-14", "2024-03-13", "2024-03-15"]
    assert (df["year"] == 2024).all() and (df["date_basis"] == "posted").all()


def test_month_day_dates_take_the_file_names_year_and_otherwise_stay_undated(tmp_path: Path) -> None:
    body = "招聘岗位,招聘单位,工作城市,更新日期\n焊工,合成样例一有限公司,安阳,5月20日\n钳工,合成样例二有限公司,安阳,05-21\n"
    named = tmp_path / "安阳人才交流会_2022.csv"
    named.write_text(body, encoding="utf-8")
    assert [_day(v) for v in _land(tmp_path / "a", named)["posted_date"]] == ["2022-05-20", "2022-05-21"]
    plain = tmp_path / "安阳人才交流会.csv"
    plain.write_text(body, encoding="utf-8")
    df = _land(tmp_path / "b", plain)
    assert df["posted_date"].isna().all() and df["year"].isna().all()


def test_the_first_title_line_naming_a_year_decides(tmp_path: Path) -> None:
    path = tmp_path / "招聘岗位.csv"
    path.write_text("2023年冬季人才交流会岗位汇总\n导出时间：2024-01-03 10:00\n岗位,单位,日期\n电工,合成样例一有限公司,12月28日\n",
                    encoding="utf-8")
    assert stated_year(path) == 2023
    assert _day(_land(tmp_path, path)["posted_date"][0]) == "2023-12-28"


def test_a_list_stating_two_years_gives_none() -> None:
    assert stated_year("2023-2024学年_招聘岗位.csv") is None
    assert stated_year("jobs_2021Q3.csv") == 2021
    assert P.month_day_in("2月30日", 2024) is None and P.month_day_in("3天前", 2024) is None


# ----------------------------------------------------------------------------- 2. place as code and as text
def test_the_place_column_whose_values_name_places_wins(tmp_path: Path) -> None:
    recs = [{"jobName": "前端开发", "brandName": "合成样例甲科技有限公司", "location": "101180100", "locationName": "郑州"},
            {"jobName": "Java开发", "brandName": "合成样例乙科技有限公司", "location": "101280600", "locationName": "深圳·南山区"}]
    path = tmp_path / "cards.json"
    path.write_text(json.dumps({"zpData": {"jobList": recs}}, ensure_ascii=False), encoding="utf-8")
    df = _land(tmp_path / "a", path)
    assert list(df["region_code"]) == ["410100", "440300"] and list(df["region_raw"]) == ["郑州", "深圳·南山区"]
    # A column the user maps is kept, codes and all.
    df = _land(tmp_path / "b", path, mapping={"region": "location"})
    assert list(df["region_raw"]) == ["101180100", "101280600"]


# ----------------------------------------------------------------------------- 3. pinyin-initial keys
def test_pinyin_initial_keys_of_open_data_are_headers(tmp_path: Path) -> None:
    path = tmp_path / "kaifang_zpxx.csv"
    path.write_text("XH,ZWMC,QYMC,GZCS,XZFW,ZDXL,GZNX,FBSJ,SSHY,XQRS\n"
                    "1,电工,合成样例电力工程有限公司,新乡市,5000-7000元/月,中专,3年以上,2024-04-02,电力、热力生产和供应业,4\n",
                    encoding="utf-8")
    row = _land(tmp_path, path).iloc[0]
    assert (row["title"], row["company"], row["region_code"]) == ("电工", "合成样例电力工程有限公司", "410700")
    assert (row["salary_cny_month_min"], row["education"], row["experience_years"]) == (5000, "中专/中技", 3)
    assert (_day(row["posted_date"]), row["industry_raw"], row["headcount"]) == ("2024-04-02", "电力、热力生产和供应业", 4)


# ----------------------------------------------------------------------------- 4. English exports
def test_timestamps_with_an_offset_are_dated_by_their_beijing_day(tmp_path: Path) -> None:
    path = tmp_path / "jobs_en.csv"
    path.write_text("Position,Employer,City,Pay,Posted On\n"
                    "Welder,合成样例一有限公司,Xi'an,6-8K,2024-02-01T23:30:00Z\n"
                    "Nurse,合成样例二有限公司,\"Hangzhou, China\",7-9K,2024-02-01T23:30:00+08:00\n"
                    "Driver,合成样例三有限公司,Xian,5-6K,2024-02-01T10:00:00-05:00\n", encoding="utf-8")
    got = _by_title(_land(tmp_path, path))
    assert _day(got["Welder"]["posted_date"]) == "2024-02-02"  # 07:30 on 2 Feb in Beijing
    assert _day(got["Nurse"]["posted_date"]) == "2024-02-01"
    assert _day(got["Driver"]["posted_date"]) == "2024-02-01"  # 23:00 Beijing
    assert [got[t]["region_code"] for t in ("Welder", "Nurse", "Driver")] == ["610100", "330100", "610100"]


def test_every_listed_city_resolves_by_its_pinyin_name() -> None:
    reg = regions()
    cities = [c for c in reg if c.level == "city"]
    assert all(c.extra.get("name_en") for c in cities)
    shared = pd.Series([c.extra["name_en"].lower() for c in cities]).value_counts()
    for c in cities:
        en = c.extra["name_en"]
        got = [reg.resolve(t) for t in (en, f"{en}, China", en.upper(), en.replace("'", ""))]
        if shared[en.lower()] > 1:  # Taizhou is 泰州 and 台州: neither
            assert got[0] is None, en
        else:
            assert [g.code if g else None for g in got] == [c.code] * 4, en


# ----------------------------------------------------------------------------- 5. nested records
def test_nested_fields_are_found_by_their_last_key(tmp_path: Path) -> None:
    recs = [{"position": {"positionName": "跨境电商运营", "city": "杭州", "education": "大专", "workYear": "1-3年",
                          "publishTime": "2024-01-05 09:00:00", "salary": "8k-12k"},
             "company": {"companyName": "合成样例跨境电商有限公司", "industryName": "电子商务"}}]
    path = tmp_path / "lagou_dump.json"
    path.write_text(json.dumps({"content": {"result": recs}}, ensure_ascii=False), encoding="utf-8")
    row = _land(tmp_path, path).iloc[0]
    assert (row["title"], row["company"], row["region_code"], row["education"]) == ("跨境电商运营", "合成样例跨境电商有限公司", "330100", "大专")
    assert (row["experience_years"], _day(row["posted_date"]), row["industry_raw"]) == (1, "2024-01-05", "电子商务")


def test_a_full_path_wins_over_a_last_key() -> None:
    cols = resolve_columns(["job.name", "job.title", "recruiter.companyName", "company.name"], {})
    assert cols["title"] == "job.title" and cols["company"] == "company.name"


# ----------------------------------------------------------------------------- 6. combined requirement cells
def test_combined_requirement_cells_split_by_what_each_piece_is(tmp_path: Path) -> None:
    path = tmp_path / "xinxiang_jobs.csv"
    path.write_text("职位名称,公司名称,学历要求,要求\n"
                    "数控编程,合成样例机床有限公司,本科/3-5年,\n"
                    "仓储主管,合成样例仓储有限公司,中职/经验不限,\n"
                    "店长,合成样例零售有限公司,,不限/2年以上\n"
                    "模具工,合成样例模具有限公司,中专/中技,\n"
                    "资料员,合成样例建设有限公司,,技校 / 在校生/应届生\n", encoding="utf-8")
    got = _by_title(_land(tmp_path, path))
    want = {"数控编程": ("本科", 3), "仓储主管": ("中专/中技", 0), "店长": ("不限", 2), "模具工": ("中专/中技", None),
            "资料员": ("中专/中技", 0)}
    for title, (edu, exp) in want.items():
        assert got[title]["education"] == edu, title
        assert (None if pd.isna(got[title]["experience_years"]) else got[title]["experience_years"]) == exp, title
    assert combined_parts("在校生/应届生") is None and combined_parts("5-10年/不限") == {"experience_raw": "5-10年", "education_raw": "不限"}
    assert combined_parts("高职/1年以上") == {"education_raw": "高职", "experience_raw": "1年以上"}


# ----------------------------------------------------------------------------- 7. a sheet per city
def test_a_sheet_named_by_a_place_is_the_region_of_rows_with_none(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, rows in {"开封市": [("面点师", "合成样例餐饮有限公司", "4-5K", None), ("收银员", "合成样例超市有限公司", "3-4K", "郑州")],
                        "Anyang": [("保安", "合成样例物业有限公司", "3.5-4K", None)],
                        "中山路门店": [("导购", "合成样例服饰有限公司", "3-4K", None)]}.items():
        ws = wb.create_sheet(sheet)
        ws.append(["职位", "公司", "薪资", "工作地点"])
        for r in rows:
            ws.append(list(r))
    path = tmp_path / "分城市岗位.xlsx"
    wb.save(path)
    got = _by_title(_land(tmp_path, path))
    assert got["面点师"]["region_code"] == "410200" and got["保安"]["region_code"] == "410500"
    assert got["收银员"]["region_code"] == "410100"  # the row's own place
    assert got["导购"]["region_code"] is None  # 中山路门店 only starts with a place name (中山)
    assert place_of_sheet("洛阳") == "洛阳" and place_of_sheet("Sheet1") is None and place_of_sheet("郑州-1") is None


@pytest.mark.parametrize("text", ["Zhengzhou", "Zhengzhou City", "Henan"])
def test_typed_english_names_still_resolve(text: str) -> None:
    assert regions().resolve(text) is not None


def _script(name: str):  # noqa: ANN202
    """The module of ``data/reference/<name>.py`` (its ``main(["--check"])`` is 0 when the
    committed table is what it derives)."""
    pytest.importorskip("pypinyin")  # only the scripts need it (optional extra "reference")
    import importlib.util

    script = Path(__file__).parents[1] / "data" / "reference" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_committed_pinyin_names_are_what_the_script_derives() -> None:
    mod = _script("make_region_names_en")
    assert mod.main(["--check"]) == 0
    assert mod.pinyin_name("西安") == "Xi'an" and mod.pinyin_name("连云港") == "Lianyungang"


# ----------------------------------------------------------------------------- full-Pinyin headers
def test_full_pinyin_headers_are_headers(tmp_path: Path) -> None:
    path = tmp_path / "kaifeng_zhaopin.csv"
    path.write_text("zhiwei_mingcheng,gongsi_mingcheng,gongzuo_didian,xueli_yaoqiu,fabu_riqi\n"
                    "数控车床操作工,合成样例开封机械有限公司,开封市,大专,2024-03-12\n", encoding="utf-8")
    got = _land(tmp_path, path).iloc[0]
    assert (got["title"], got["company"], got["region_code"], got["education"]) == (
        "数控车床操作工", "合成样例开封机械有限公司", "410200", "大专")


def test_committed_header_pinyin_is_what_the_script_derives() -> None:
    assert _script("make_header_pinyin").main(["--check"]) == 0


# ----------------------------------------------------------------------------- blind set 5's forms
def test_an_apis_display_fields_answer_to_the_fields_names(tmp_path: Path) -> None:
    path = tmp_path / "liepin_api.json"
    path.write_text('{"data": {"jobs": [{"jobTitle": "机械设计工程师", "compName": "合成样例洛阳重工有限公司", '
                    '"cityText": "洛阳", "eduLevelText": "本科", "workYearText": "3-5年", "salary": "8-12k"}]}}',
                    encoding="utf-8")
    got = _land(tmp_path, path).iloc[0]
    assert (got["region_code"], got["education"], got["experience_years"]) == ("410300", "本科", 3)


def test_json_lines_timestamps_in_utc_are_dated_by_their_beijing_day(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"title": "数据分析师", "company": "合成样例郑州数据有限公司", "city": "郑州", "postedAt": "2024-01-31T18:05:00Z"}\n'
                    '{"title": "会计", "company": "合成样例郑州财务有限公司", "city": "郑州", "postedAt": "2024-01-31T09:00:00Z"}\n',
                    encoding="utf-8")
    got = _by_title(_land(tmp_path, path))
    assert _day(got["数据分析师"]["posted_date"]) == "2024-02-01" and _day(got["会计"]["posted_date"]) == "2024-01-31"
