"""Fields land by content, not by header luck (issue 15, item 1).

Fixtures are hand-made and committed: ``tests/data/ingest/corpus`` (six postings exports in
formats not in the samples, written by ``make_corpus.py``) and ``tests/data/ingest/guards``
(``make_guards.py``). Nothing is read from outside the repository.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from talentcast.ingest import ingest_files
from talentcast.ingest.cells import clean_text_array, realign_rows, repair_mojibake, unwrap_list_literal
from talentcast.ingest.headers import header_key, resolve_columns
from talentcast.ingest.readers import detect_encoding
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest"
CORPUS = DATA / "corpus"
GUARDS = DATA / "guards"
CORPUS_FILES = sorted(p for p in CORPUS.iterdir() if p.suffix not in (".py", ".json", ".md"))
#: postings column that shows a field landed, per field named in expected.json
LANDED = {"title": "title", "company": "company", "salary": "salary_cny_month_min", "region": "region_code",
          "date": "posted_date", "year": "year", "education": "education", "experience": "experience_years",
          "headcount": "headcount"}


@pytest.fixture(scope="module")
def corpus_lake(tmp_path_factory):
    lake = Lake(tmp_path_factory.mktemp("corpus") / "lake")
    reports = {p.name: ingest_files(lake, "postings", [p]).files[0] for p in CORPUS_FILES}
    return lake, reports


def test_corpus_has_five_or_more_new_formats():
    assert len(CORPUS_FILES) >= 5
    assert {p.suffix for p in CORPUS_FILES} >= {".csv", ".jsonl", ".txt", ".xlsx"}


@pytest.mark.parametrize("name", [p.name for p in CORPUS_FILES])
def test_corpus_fields_land_for_nine_in_ten_rows_that_hold_them(corpus_lake, name):
    lake, reports = corpus_lake
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))[name]
    rows = lake.read("postings")
    rows = rows[rows["file"] == name]
    assert reports[name].status == "ingested"
    for field, held in expected.items():
        landed = int(rows[LANDED[field]].notna().sum())
        assert landed >= 0.9 * held, f"{name}: {field} landed for {landed} of the {held} rows that hold it"
    assert not reports[name].warnings


def test_list_literal_cells_and_shifted_columns(corpus_lake):
    lake, _ = corpus_lake
    p = lake.read("postings")
    p = p[p["file"] == "51job_listliteral.csv"].set_index("record_no")
    assert not p["title"].str.contains(r"[\[\]']").any()
    # Record 4 lacks its salary: the place, date, education and experience slid one column left.
    row = p.loc[4]
    assert row["salary_raw"] is None and row["region_code"] is not None and str(row["posted_date"]).startswith("2023")
    assert row["education"] is not None and row["experience_years"] is not None
    assert unwrap_list_literal("['上海-浦东新区']") == "上海-浦东新区"
    assert unwrap_list_literal("['a', 'b']") == "a,b" and unwrap_list_literal("[]") is None
    assert unwrap_list_literal("[急招] 焊工") == "[急招] 焊工"


def test_realign_keeps_unrecognised_values_in_place():
    fields = ["salary_raw", "region_raw", "posted_raw", "education_raw"]
    is_place = {"北京-海淀区", "郑州"}.__contains__
    shifted = realign_rows([["北京-海淀区", "2023-01-02", "本科", None]], fields, is_place)
    assert shifted == [[None, "北京-海淀区", "2023-01-02", "本科"]]
    odd = realign_rows([["待遇优厚", "郑州", "2023-01-02", "大专"]], fields, is_place)
    assert odd == [["待遇优厚", "郑州", "2023-01-02", "大专"]]


def test_latin1_mojibake_of_gbk_is_repaired(corpus_lake):
    lake, reports = corpus_lake
    p = lake.read("postings")
    p = p[p["file"] == "lagou_latin1_mojibake.csv"]
    assert reports["lagou_latin1_mojibake.csv"].rows_accepted == 60
    assert p["title"].str.contains(r"[\u4e00-\u9fff]").all() and not p["title"].str.contains(r"[À-ÿ]").any()
    assert p["company"].str.startswith("示例").all()
    assert repair_mojibake("Êý¾Ý·ÖÎöÊ¦") == ("数据分析师", False)
    assert repair_mojibake("Café Müller") == ("Café Müller", False)


def test_utf8_read_as_gbk_is_repaired_or_quarantined(tmp_path):
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "postings", [GUARDS / "utf8_as_gbk.csv"]).files[0]
    assert fr.rows_accepted == 2 and fr.quarantined_by_reason == {"mojibake": 1}
    assert set(lake.read("postings")["title"]) == {"数据分析", "护士"}
    out, broken = clean_text_array(pa.array(["鏁版嵁鍒嗘瀽", "鏈虹數宸ョ▼", None]))
    assert out.to_pylist() == ["数据分析", "机电工程", None] and broken is None


@pytest.mark.parametrize("name,encoding,titles", [
    ("104_big5.csv", "big5", {"資料分析師", "軟體工程師", "機電工程師", "會計", "護理師", "測試工程師"}),
    ("liepin_unicode_text.txt", "utf-16", {"数据分析师", "Java开发工程师", "机电一体化技术员", "数控车床操作工", "电气工程师", "会计", "护士",
                                           "汽车维修技师", "物流专员", "焊工", "UI设计师", "测试工程师", "运维工程师", "幼儿教师", "电商运营"}),
])
def test_big5_and_utf16_are_detected(corpus_lake, name, encoding, titles):
    assert detect_encoding(CORPUS / name).replace("_", "-").startswith(encoding)
    lake, _ = corpus_lake
    p = lake.read("postings")
    assert set(p.loc[p["file"] == name, "title"]) <= titles  # every title decoded exactly, none garbled


def test_shift_jis_is_detected_and_read(tmp_path):
    assert detect_encoding(GUARDS / "shiftjis_jobs.csv") == "shift_jis"
    lake = Lake(tmp_path / "lake")
    ingest_files(lake, "postings", [GUARDS / "shiftjis_jobs.csv"])
    p = lake.read("postings")
    assert "データアナリスト" in set(p["title"]) and set(p["region_code"]) == {"310000", "110000"}


def test_region_from_province_address_and_city_area(corpus_lake):
    lake, _ = corpus_lake
    p = lake.read("postings")
    for name in ("liepin_unicode_text.txt", "104_big5.csv", "zhaopin_employer.xlsx", "boss_crawl.jsonl"):
        assert p.loc[p["file"] == name, "region_code"].notna().all(), name
    big5 = p[p["file"] == "104_big5.csv"]
    assert big5["region_code"].isin(["110000", "310000", "120000", "510100", "330100", "330000", "510000"]).all()


def test_year_from_crawl_time_is_marked(corpus_lake):
    lake, _ = corpus_lake
    p = lake.read("postings")
    boss = p[p["file"] == "boss_crawl.jsonl"]
    assert boss["posted_date"].isna().all() and (boss["year"] == 2024).all() and (boss["date_basis"] == "crawled").all()
    others = p[p["file"] != "boss_crawl.jsonl"]
    assert (others.loc[others["posted_date"].notna(), "date_basis"] == "posted").all()


def test_fill_rates_are_reported_and_a_lost_field_warns(corpus_lake, tmp_path):
    _, reports = corpus_lake
    rates = reports["zhaopin_employer.xlsx"].fill_rates
    assert rates["salary_raw"] == {"column": "薪资范围", "raw": 1.0, "landed": 1.0}
    bad = tmp_path / "x.csv"
    bad.write_text("职位名称,薪资\n" + "".join(f"焊工{i},待遇优厚{i}\n" for i in range(20)), encoding="utf-8")
    fr = ingest_files(Lake(tmp_path / "lake"), "postings", [bad]).files[0]
    assert fr.fill_rates["salary_raw"]["landed"] == 0.0
    assert any("salary_raw" in w and "'薪资'" in w for w in fr.warnings)


def test_one_header_resolver():
    assert header_key("Company_Name ") == header_key("company-name") == "companyname"
    assert header_key("職缺名稱") == header_key("职缺名称")
    cols = resolve_columns(["月薪(元)", "岗位名称"], {"salary": ("月薪",), "title": ("岗位名称",)})
    assert cols == {"salary": "月薪(元)", "title": "岗位名称"}


@pytest.mark.slow
def test_title_lines_above_the_header_for_every_kind(tmp_path):
    lake = Lake(tmp_path / "lake")
    assert ingest_files(lake, "graduates", [GUARDS / "graduates_title_line.xlsx"]).files[0].rows_accepted == 2
    assert ingest_files(lake, "enrollment", [GUARDS / "enrollment_guards.csv"]).files[0].rows_accepted == 2
    assert ingest_files(lake, "programmes", [GUARDS / "programmes_title_line.csv"]).files[0].rows_accepted == 2
    assert ingest_files(lake, "postings", [CORPUS / "zhaopin_employer.xlsx"]).files[0].rows_accepted == 60
    assert ingest_files(lake, "statistics", [DATA / "variants" / "stat_sheet_named.xlsx"]).files[0].rows_accepted == 21
