"""Parallel postings ingest and classification give the local engine's result exactly.

Inputs are SYNTHETIC postings from a seeded generator, in the messy shapes real exports have:
quoted newlines and doubled quotes in CSV fields, a BOM, GBK, gzip, JSON lines with blank and
broken lines, re-posts within and across files, rows without a title, formula injections, a
stray quote and a ragged row (both force a whole-file partition).
"""

from __future__ import annotations

import csv
import gzip
import json
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentcast.engine import Engine
from talentcast.ingest.parallel import (
    SortedKeys,
    _scan,
    hex_to_u64,
    ingest_postings_parallel,
    parse_chunk,
    plan_file,
    quote_structure_ok,
)
from talentcast.ingest.postings import ingest_postings
from talentcast.lake import Lake

#: Reader batch size: small, so that the JSON-lines file spans several batches and chunks.
BATCH = 64
HEADER = ["职位名称", "公司名称", "工作地点", "薪资", "学历要求", "工作经验", "招聘人数", "发布日期", "职位描述"]
TITLES = ["数控车床操作工", "机电一体化技术员", "Python开发工程师", "会计", "护士", "汽车维修技师", "电工(急招)"]
REGIONS = ["郑州-金水区", "河南省洛阳市", "新乡", "北京-海淀区", "异地招聘", ""]
SALARIES = ["8千-1.2万/月", "15-20K·14薪", "面议", "4000-6000", "200元/天", "99999999", ""]


def _records(n: int, seed: int) -> list[list[str]]:
    r = random.Random(seed)
    rows: list[list[str]] = []
    for i in range(n):
        if rows and r.random() < 0.2:
            rows.append(list(r.choice(rows)))  # a re-post
            continue
        desc = "负责设备维护。\n要求：熟悉\"PLC\"编程，能倒班" if r.random() < 0.3 else "岗位职责：沟通, 协作"
        title = r.choice(TITLES) if r.random() > 0.03 else ""
        if r.random() < 0.01:
            title = "=HYPERLINK(\"http://x\")"
        rows.append([title, f"合成样例{r.randint(1, 40)}有限公司", r.choice(REGIONS), r.choice(SALARIES), r.choice(["大专", "本科", "不限"]),
                     r.choice(["1-3年", "不限"]), r.choice(["若干人", "3人", ""]), f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", desc])
    return rows


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    d = tmp_path_factory.mktemp("raw")
    files = [
        _write_csv(d / "zhaopin_a.csv", _records(900, 1), "utf-8-sig"),
        _write_csv(d / "51job_b.csv", _records(700, 2) + _records(100, 1)[:50], "gbk"),
    ]
    # A stray quote inside an unquoted field: quote parity is not the reader's state.
    stray = d / "boss_stray.csv"
    _write_csv(stray, _records(500, 3))
    text = stray.read_text(encoding="utf-8").splitlines(keepends=True)
    text[200] = "焊工 5\"寸,合成样例1有限公司,郑州,4000-6000,大专,不限,,2024-01-02,x\n"
    stray.write_text("".join(text), encoding="utf-8")
    files.append(stray)
    # A ragged row (too few fields).
    ragged = d / "lagou_ragged.csv"
    _write_csv(ragged, _records(500, 4))
    text = ragged.read_text(encoding="utf-8").splitlines(keepends=True)
    text[300] = "焊工,合成样例1有限公司\n"
    ragged.write_text("".join(text), encoding="utf-8")
    files.append(ragged)
    # JSON lines (nested, like API dumps) with blank and broken lines.
    jl = d / "zhaopin_api.jsonl"
    with open(jl, "w", encoding="utf-8") as fh:
        for i, row in enumerate(_records(800, 5)):
            if i == 100:
                fh.write("\n")
            if i == 300:
                fh.write(" \t \n")
            if i == 400:
                fh.write('{"jobName": "断行\n')
            fh.write(json.dumps({"jobName": row[0] or None, "company": {"name": row[1]}, "city": {"display": row[2]}, "salary": row[3],
                                 "eduLevel": {"name": row[4]}, "updateDate": row[7], "jobDescription": row[8]}, ensure_ascii=False) + "\n")
    files.append(jl)
    gz = d / "liepin_c.csv.gz"
    gz.write_bytes(gzip.compress(_write_csv(d / "tmp.csv", _records(300, 6)).read_bytes()))
    files.append(gz)
    files.append(files[0])  # listed twice: the second is already ingested
    return files


def _snapshot(lake: Lake) -> tuple[pd.DataFrame, pd.DataFrame]:
    p = lake.read("postings").sort_values("posting_id").reset_index(drop=True)
    q = lake.read("quarantine").sort_values(["file", "line", "reason"]).reset_index(drop=True)
    return p, q


def _report(rep) -> dict:
    return rep.to_dict()


@pytest.fixture(scope="module")
def local_result(inputs, tmp_path_factory):
    lake = Lake(tmp_path_factory.mktemp("local") / "lake")
    # A lake that already holds postings: dedup against it too.
    ingest_postings(lake, [inputs[-2]], raise_on_error=False, batch_rows=BATCH)
    rep = ingest_postings(lake, inputs, raise_on_error=False, batch_rows=BATCH)
    return _report(rep), _snapshot(lake), lake


def _parallel(inputs, root: Path, engine: Engine, chunk_bytes: int):
    lake = Lake(root / "lake")
    ingest_postings_parallel(lake, [inputs[-2]], engine, raise_on_error=False, batch_rows=BATCH)
    rep = ingest_postings_parallel(lake, inputs, engine, chunk_bytes=chunk_bytes, raise_on_error=False, batch_rows=BATCH)
    return _report(rep), _snapshot(lake), lake


def _assert_same(a, b) -> None:
    rep_a, (p_a, q_a), lake_a = a
    rep_b, (p_b, q_b), lake_b = b
    assert rep_a == rep_b
    # Compare without pandas' full-frame diff dump (thousands of Chinese rows).
    assert p_a.shape == p_b.shape and q_a.shape == q_b.shape
    for col in p_a.columns:
        assert p_a[col].equals(p_b[col]), f"postings.{col} differs"
    for col in q_a.columns:
        assert q_a[col].equals(q_b[col]), f"quarantine.{col} differs"
    ma = lake_a.manifest().sort_values("path")[["sha256", "path", "table", "stats"]].reset_index(drop=True)
    mb = lake_b.manifest().sort_values("path")[["sha256", "path", "table", "stats"]].reset_index(drop=True)
    # Same entries; stats compared as data (the order of reason keys in the JSON may differ).
    ma["stats"], mb["stats"] = ma["stats"].map(json.loads), mb["stats"].map(json.loads)
    pd.testing.assert_frame_equal(ma, mb)


def test_inputs_exercise_every_path(inputs, local_result):
    rep, (p, q), _ = local_result
    assert p["is_duplicate"].any() and (~p["is_duplicate"]).any()
    assert {"missing_required", "unsafe_content", "ragged_row", "bad_record"} <= set(q["reason"])
    assert [f["status"] for f in rep["files"]][-1] == "already_ingested"
    # Chunking really cuts the CSV and JSONL files (and keeps the gzip whole).
    _, chunks = plan_file(0, inputs[0], source=None, mapping={}, encoding=None, chunk_bytes=4096, batch_rows=100)
    assert len(chunks) > 5 and not chunks[0].whole
    _, gz = plan_file(0, inputs[5], source=None, mapping={}, encoding=None, chunk_bytes=4096, batch_rows=100)
    assert len(gz) == 1 and gz[0].whole


def test_in_process_chunks_equal_local(inputs, local_result, tmp_path):
    _assert_same(local_result, _parallel(inputs, tmp_path, Engine(), chunk_bytes=4096))


def test_process_pool_chunks_equal_local(inputs, local_result, tmp_path):
    _assert_same(local_result, _parallel(inputs, tmp_path, Engine(workers=2), chunk_bytes=8192))


def test_dask_local_cluster_equals_local(inputs, local_result, tmp_path, dask_cluster):
    _assert_same(local_result, _parallel(inputs, tmp_path, Engine(scheduler=dask_cluster.scheduler_address), chunk_bytes=6000))


def test_chunk_boundaries_respect_quoted_newlines(tmp_path):
    rows = [["a\nb", "1"], ["c", "2"], ['x""\ny', "3"]] * 200
    p = tmp_path / "q.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["职位名称", "n"])
        w.writerows(rows)
    data = p.read_bytes()
    _, starts, header_end = _scan(p, 97, quotes=True)
    assert data[:header_end] == "职位名称,n\r\n".encode()
    for s in starts[1:]:
        # Every start follows a complete record: an even number of quotes before it.
        assert data[:s].count(b'"') % 2 == 0 and data[s - 1 : s] == b"\n"
    assert quote_structure_ok(data, 44)
    assert not quote_structure_ok(b'a,b"c,d\n', 44)


def test_stray_quote_falls_back_to_whole_file(inputs):
    _, chunks = plan_file(0, inputs[2], source=None, mapping={}, encoding=None, chunk_bytes=4096, batch_rows=100)
    results = [parse_chunk(c) for c in chunks]
    assert any(r.fallback for r in results)


def test_missing_title_column_is_a_file_error(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("公司,城市\n" + "甲,郑州\n" * 3000, encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    rep = ingest_postings_parallel(lake, [p], Engine(), chunk_bytes=4096, raise_on_error=False)
    assert rep.files[0].status == "error" and "no job-title column" in rep.files[0].error
    assert not lake.exists("postings") and lake.manifest().empty


def test_sorted_keys_and_hex():
    k = SortedKeys(np.array([5, 1, 5], np.uint64))
    assert k.contains(np.array([1, 2, 5], np.uint64)).tolist() == [True, False, True]
    k.add(np.array([2, 9, 2], np.uint64))
    assert k.keys.tolist() == [1, 2, 5, 9]
    assert hex_to_u64(["00000000000000ff", "8000000000000001"]).tolist() == [255, 2**63 + 1]


def test_classify_partitioned_equals_whole(dask_cluster):
    from talentcast.crosswalk.classifier import classify_frame, load_or_train_classifier
    from talentcast.ingest.parallel import classify_partitioned

    clf = load_or_train_classifier()
    r = random.Random(7)
    df = pd.DataFrame({"title": [r.choice(TITLES) + r.choice(["", "（急招）", "助理"]) for _ in range(300)],
                       "education": [r.choice(["大专", "本科", None]) for _ in range(300)]})
    whole = classify_frame(df, classifier=clf)
    for engine in (Engine(), Engine(scheduler=dask_cluster.scheduler_address)):
        part = classify_partitioned(df, engine, partition_rows=70, classifier=clf)
        pd.testing.assert_frame_equal(whole, part)
        assert set(whole.attrs) == set(part.attrs)
        for key, val in whole.attrs.items():
            assert np.array_equal(val, part.attrs[key])
