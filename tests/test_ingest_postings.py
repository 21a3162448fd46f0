"""Postings ingest: real samples, accounting invariant, idempotence, dedup, encodings, malformed files."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from talentcast.errors import ConfigError, InputFileError
from talentcast.ingest import ingest_files
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "real"
HEADER = "职位名称,公司名称,工作地点,薪资,学历要求,工作经验,发布日期\n"
ROWS = [
    "数控车床操作工,合成样例一有限公司,郑州-金水区,5K-8K,中专/中技,1-3年,2024-03-01",
    "电气工程师,合成样例二有限公司,河南省洛阳市,8千-1.2万/月,本科,3-5年,2024-03-02",
    "会计,合成样例三有限公司,浙江省宁波,面议,大专,不限,2024年3月3日",
]


def _invariant(rep) -> None:  # noqa: ANN001
    d = rep.to_dict()
    assert set(d) >= {"rows_read", "rows_accepted", "rows_quarantined", "rows_duplicate", "files"}
    for f in d["files"]:
        assert f["rows_read"] == f["rows_accepted"] + f["rows_quarantined"]
        assert set(f) >= {"rows_read", "rows_accepted", "rows_quarantined", "rows_duplicate"}
    assert d["rows_read"] == d["rows_accepted"] + d["rows_quarantined"]


def _write(p: Path, text: str, enc: str = "utf-8") -> Path:
    p.write_bytes(text.encode(enc))
    return p


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return Lake(tmp_path / "lake")


def test_real_samples(lake: Lake, tmp_path: Path) -> None:
    rep = ingest_files(lake, "postings", [DATA / "zhaopin_chengdu_it.json.gz", DATA / "51job_subset.csv"])
    _invariant(rep)
    z, j = rep.files
    assert z.rows_read == z.rows_accepted > 1000  # nested page dump: all_data[*].data.results
    assert j.rows_read == 200
    df = lake.read("postings")
    zz = df[df["source"] == "zhaopin"]
    assert (zz["region_code"] == "510100").mean() > 0.95  # 成都
    assert zz["salary_cny_month_min"].notna().mean() > 0.9
    assert set(zz["education"].dropna()) <= {"中专/中技", "高中", "大专", "本科", "硕士", "博士", "不限"}
    jj = df[df["source"] == "51job"]
    first = jj[jj["record_no"] == 1].iloc[0]
    assert first["title"] == "中高级python开发工程师" and first["region_code"] == "330200"  # "浙江省宁波"
    assert first["salary_cny_month_min"] == 10000 and first["salary_cny_month_max"] == 15000  # "1-1.5万"
    assert str(first["posted_date"]) == "2023-12-12" and first["year"] == 2023
    assert df["posting_id"].is_unique
    # DuckDB reads the lake as it is
    n = duckdb.connect().execute(
        f"select count(*) from read_parquet('{lake.root}/postings/**/*.parquet', hive_partitioning=true)").fetchone()[0]
    assert n == rep.rows_accepted


def test_idempotent_and_duplicates_across_files(lake: Lake, tmp_path: Path) -> None:
    a = _write(tmp_path / "a.csv", HEADER + "\n".join(ROWS) + "\n")
    b = _write(tmp_path / "b.csv", HEADER + ROWS[0] + "\n" + ROWS[0].replace("2024-03-01", "2024-04-01") + "\n")
    r1 = ingest_files(lake, "postings", [a])
    assert r1.rows_accepted == 3 and r1.rows_duplicate == 0
    r2 = ingest_files(lake, "postings", [a])  # same content: adds nothing
    assert r2.rows_read == 0 and r2.files[0].status == "already_ingested"
    r3 = ingest_files(lake, "postings", [b])
    _invariant(r3)
    assert r3.rows_accepted == 2 and r3.rows_duplicate == 2  # a re-post of a's first row, twice
    df = lake.read("postings")
    assert len(df) == 5 and int(df["is_duplicate"].sum()) == 2
    assert df["dedup_key"].nunique() == 3  # unique postings; intensity = 5 / 3


def test_encodings_gzip_and_mapping(lake: Lake, tmp_path: Path) -> None:
    body = HEADER + "\n".join(ROWS) + "\n"
    files = [
        _write(tmp_path / "gbk.csv", body, "gbk"),
        _write(tmp_path / "gb18030.csv", body.replace("会计", "会计𠀀"), "gb18030"),
        _write(tmp_path / "bom.csv", "\ufeff" + body.replace("会计", "出纳")),
    ]
    gz = tmp_path / "z.tsv.gz"
    gz.write_bytes(gzip.compress(body.replace(",", "\t").replace("会计", "审计").encode()))
    rep = ingest_files(lake, "postings", [*files, gz])
    _invariant(rep)
    assert [f.rows_accepted for f in rep.files] == [3, 3, 3, 3]
    titles = set(lake.read("postings")["title"])
    assert {"会计", "会计𠀀", "出纳", "审计", "数控车床操作工"} <= titles
    # --map for a header no synonym knows
    m = _write(tmp_path / "m.csv", "岗位名称X,单位,城市\n焊工,合成样例四有限公司,郑州\n")
    with pytest.raises(InputFileError, match="--map title="):
        ingest_files(lake, "postings", [m])
    r = ingest_files(lake, "postings", [m], mapping={"title": "岗位名称X", "company": "单位"})
    assert r.rows_accepted == 1
    with pytest.raises(ConfigError):
        ingest_files(lake, "postings", [m], mapping={"nosuchfield": "x"})


def test_jsonl_nested_and_dotted_map(lake: Lake, tmp_path: Path) -> None:
    recs = [{"job": {"t": "护士"}, "company": {"name": "合成样例医院"}, "city": {"display": "郑州-二七区"}, "salary": "6-8K"},
            {"job": {"t": "=cmd|' /C calc'!A0"}, "company": {"name": "x"}, "salary": "6-8K"},
            {"job": {"t": ""}, "salary": "1K"}]
    p = tmp_path / "p.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n{not json\n[1,2]\n", encoding="utf-8")
    rep = ingest_files(lake, "postings", [p], mapping={"title": "job.t"})
    _invariant(rep)
    f = rep.files[0]
    assert f.rows_read == 5 and f.rows_accepted == 1
    assert f.quarantined_by_reason == {"unsafe_content": 1, "missing_required": 1, "bad_record": 2}
    row = lake.read("postings").iloc[0]
    assert row["company"] == "合成样例医院" and row["region_code"] == "410100"
    q = lake.read("quarantine")
    assert set(q["line"]) == {2, 3, 4, 5} and q["raw"].str.contains("cmd").any()


@pytest.mark.parametrize("kind", ["empty", "binary", "truncated_gz", "wrong_encoding", "not_json"])
def test_unreadable_files_error_and_nothing_lands(lake: Lake, tmp_path: Path, kind: str) -> None:
    good = _write(tmp_path / "good.csv", HEADER + ROWS[0] + "\n")
    if kind == "empty":
        bad = _write(tmp_path / "e.csv", "")
    elif kind == "binary":
        bad = tmp_path / "b.csv"
        bad.write_bytes(bytes(range(256)) * 50)
    elif kind == "truncated_gz":
        bad = tmp_path / "t.csv.gz"
        full = gzip.compress((HEADER + "\n".join(f"{r}{i}" for i, r in enumerate(ROWS * 3000))).encode())
        bad.write_bytes(full[: len(full) // 2])
    elif kind == "wrong_encoding":
        bad = _write(tmp_path / "w.csv", HEADER + "\n".join(ROWS) + "\n", "gbk")
    else:
        bad = _write(tmp_path / "n.json", '{"all_data": [1, 2')
    kw = {"encoding": "utf-8"} if kind == "wrong_encoding" else {}
    with pytest.raises(InputFileError) as ei:
        ingest_files(lake, "postings", [good, bad], **kw)
    assert bad.name in str(ei.value) and "Hint" in str(ei.value)
    rep = ei.value.report
    assert rep.files[0].status == "ingested" and rep.files[1].status == "error"
    # the good file landed, nothing of the bad one
    df = lake.read("postings")
    assert set(df["file"]) == {"good.csv"}
    assert not lake.seen(rep.files[1].sha256)


def test_header_only_ragged_and_huge_field(lake: Lake, tmp_path: Path) -> None:
    h = _write(tmp_path / "h.csv", HEADER)
    big = "长" * 1_100_000
    rag = _write(tmp_path / "r.csv", HEADER + ROWS[0] + "\n" + ROWS[1] + ",extra,fields\n\n" + ROWS[2] + "\n"
                 + f"焊工,合成样例,郑州,5K-6K,大专,不限,2024-01-01\n" + f'描述超长,合成样例,郑州,5K-6K,大专,不限,"{big}"\n'
                 + '<script>alert(1)</script>,合成样例,郑州,5K-6K,大专,不限,2024-01-01\n')
    rep = ingest_files(lake, "postings", [h, rag])
    _invariant(rep)
    assert rep.files[0].rows_read == 0 and rep.files[0].status == "ingested"
    f = rep.files[1]
    assert f.rows_read == 6 and f.rows_accepted == 4
    assert f.quarantined_by_reason == {"ragged_row": 1, "field_too_large": 1}
    q = lake.read("quarantine").set_index("reason")
    assert q.loc["ragged_row", "line"] == 2  # the 2nd data record
    assert len(q.loc["field_too_large", "raw"]) < 5000  # raw kept, truncated
    df = lake.read("postings")
    assert "<script>alert(1)</script>" in set(df["title"])  # HTML is data; renderers escape it
    assert sorted(df["record_no"]) == [1, 3, 4, 6]


def test_failure_mid_file_rolls_back(lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error after some batches were staged leaves nothing of the file in the lake."""
    from talentcast.ingest import postings as mod

    p = _write(tmp_path / "big.csv", HEADER + "\n".join(ROWS * 2000) + "\n")
    calls = {"n": 0}
    real = mod.normalise

    def boom(*a, **k):  # noqa: ANN002, ANN003, ANN202
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("killed")
        return real(*a, **k)

    monkeypatch.setattr(mod, "normalise", boom)
    with pytest.raises(KeyboardInterrupt):
        ingest_files(lake, "postings", [p], batch_rows=1000)
    monkeypatch.setattr(mod, "normalise", real)
    assert not lake.exists("postings") or len(lake.read("postings")) == 0
    rep = ingest_files(lake, "postings", [p])
    assert rep.rows_accepted == 6000 and rep.rows_duplicate == 5997


def test_report_rows_and_json(lake: Lake, tmp_path: Path) -> None:
    a = _write(tmp_path / "a.csv", HEADER + "\n".join(ROWS) + "\n")
    rep = ingest_files(lake, "postings", [a])
    rows = rep.rows()
    assert rows[-1]["file"] == "TOTAL" and rows[-1]["read"] == 3
    d = json.loads(json.dumps(rep.to_dict(), ensure_ascii=False))
    assert d["rows_read"] == 3 and len(d["files"]) == 1
    assert "TOTAL" in str(rep)


def test_copies_of_real_sample_in_data_sample() -> None:
    from talentcast.resources import resource_path

    root = resource_path("data") / "sample"
    assert (root / "LICENSE").is_file() and (root / "README.md").is_file()
    assert len(list((root / "postings" / "zhaopin_2019").glob("*.json.gz"))) == 35
    assert (root / "postings" / "51job_2023" / "51job.csv.gz").is_file()


def test_xlsx_postings_with_leading_blank_rows(lake: Lake, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([])
    ws.append(["岗位名称", "企业名称", "工作城市", "薪资范围", "学历", "招聘人数"])
    ws.append(["汽车维修技师", "合成样例五有限公司", "郑州", "6000-9000", "大专", "招2人"])
    ws.append(["护士", "合成样例医院", "新乡", "4-6千", "中专", "若干人"])
    ws.append(["幼儿教师", "合成样例幼儿园", "开封", "150元/天", "大专", None, "多出的单元格"])
    p = tmp_path / "x.xlsx"
    wb.save(p)
    rep = ingest_files(lake, "postings", [p])
    _invariant(rep)
    f = rep.files[0]
    assert (f.rows_read, f.rows_accepted, f.quarantined_by_reason) == (3, 2, {"ragged_row": 1})
    df = lake.read("postings").set_index("record_no")
    assert df.loc[3, "headcount"] == 2 and df.loc[3, "salary_cny_month_max"] == 9000  # sheet row numbers
    assert pd.isna(df.loc[4, "headcount"]) and df.loc[4, "region_code"] == "410700"
