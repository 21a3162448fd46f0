"""Lake: hive layout, transactions (all-or-nothing), crash recovery, manifest, validation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from talentcast.errors import LakeError, ValidationError
from talentcast.lake import Lake


def _q(n: int = 3, reason: str = "bad_record") -> pd.DataFrame:
    return pd.DataFrame({"source_table": ["postings"] * n, "file": ["f.csv"] * n, "line": list(range(1, n + 1)),
                         "raw": ["x"] * n, "reason": [reason] * n, "detail": [None] * n})


def test_append_read_partitioned_and_duckdb(tmp_path: Path, monkeypatch) -> None:
    from talentcast import schema

    spec = schema.TableSpec("mart_x", 1, (schema.Column("a", "int64"), schema.Column("year", "int64")))
    monkeypatch.setitem(schema.TABLES, "mart_x", spec)
    lake = Lake(tmp_path / "lake")
    with lake.transaction() as tx:
        tx.append("quarantine", _q(3))
        tx.append("mart_x", pd.DataFrame({"a": [1, 2, 3], "year": [2020, 2021, 2022]}), partition_cols=["year"])
    assert lake.tables() == ["mart_x", "quarantine"]
    q = lake.read("quarantine")
    assert list(q.columns) == ["source_table", "file", "line", "raw", "reason", "detail"]
    assert len(q) == 3 and q["line"].dtype == "Int64"
    m = lake.read("mart_x").sort_values("a")
    assert m["year"].tolist() == [2020, 2021, 2022]
    # A null partition value would be a __HIVE_DEFAULT_PARTITION__ folder pandas cannot read.
    with pytest.raises(LakeError, match="year .1 null"):
        with lake.transaction() as tx:
            tx.append("mart_x", pd.DataFrame({"a": [4], "year": [None]}), partition_cols=["year"])
    assert len(lake.read("mart_x")) == 3
    # hive layout readable as is by DuckDB
    con = duckdb.connect()
    n = con.execute(f"select count(*) from read_parquet('{tmp_path}/lake/quarantine/**/*.parquet', hive_partitioning=true)").fetchone()[0]
    assert n == 3
    yrs = con.execute(f"select sum(a) from read_parquet('{tmp_path}/lake/mart_x/**/*.parquet', hive_partitioning=true) where year = 2021").fetchone()[0]
    assert yrs == 2
    assert lake.read("mart_x", filters=[("year", "=", 2020)])["a"].tolist() == [1]


def test_exception_in_transaction_leaves_lake_unchanged(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    with lake.transaction() as tx:
        tx.append("quarantine", _q(2))
    before = lake.row_counts()
    with pytest.raises(RuntimeError):
        with lake.transaction() as tx:
            tx.append("quarantine", _q(5))
            tx.record_file("abc", "x.csv", "postings", {})
            raise RuntimeError("boom")
    assert lake.row_counts() == before
    assert not lake.seen("abc")
    assert not any((tmp_path / "_staging").iterdir())


def test_replace_is_whole_and_manifest(tmp_path: Path, mart_frame) -> None:
    lake = Lake(tmp_path)
    with lake.transaction() as tx:
        tx.replace("mart_demand", mart_frame("mart_demand", [{"openings": 1.0}, {"openings": 2.0}]))
        tx.record_file("h1", "a.csv", "postings", {"rows_read": 2})
    with lake.transaction() as tx:
        tx.replace("mart_demand", mart_frame("mart_demand", [{"openings": 9.0}]))
    assert lake.read("mart_demand")["openings"].tolist() == [9.0]
    assert lake.seen("h1") and lake.seen("h1", "postings") and not lake.seen("h1", "statistics")
    m = lake.manifest()
    # A path outside the workspace (the lake's parent) is stored absolute, never as typed.
    assert m.loc[0, "path"] == (Path.cwd() / "a.csv").as_posix() and json.loads(m.loc[0, "stats"]) == {"rows_read": 2}


def test_missing_table_and_validation_errors(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    with pytest.raises(LakeError, match="talentcast ingest"):
        lake.read("postings")
    bad = _q(2)
    bad.loc[0, "reason"] = None  # reason is required
    with pytest.raises(ValidationError, match="quarantine.reason"):
        with lake.transaction() as tx:
            tx.append("quarantine", bad)
    assert not lake.exists("quarantine")


def test_quarantine_counts(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    assert lake.quarantine_counts() == {}
    with lake.transaction() as tx:
        tx.append("quarantine", pd.concat([_q(2, "ragged_row"), _q(3, "bad_record")]))
    assert lake.quarantine_counts() == {"postings:bad_record": 3, "postings:ragged_row": 2}
    assert lake.quarantine_counts("reason") == {"bad_record": 3, "ragged_row": 2}
    assert lake.row_count("quarantine") == 5 and lake.row_counts() == {"quarantine": 5}


def test_arrow_append_partitions(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    tbl = pa.table({"source_table": ["statistics"] * 2, "file": ["a", "b"], "line": pa.array([1, None], pa.int64()),
                    "raw": ["r", "s"], "reason": ["bad_year", "bad_year"], "detail": [None, None]})
    with lake.transaction() as tx:
        tx.append("quarantine", tbl)
    assert (tmp_path / "quarantine" / "source_table=statistics").is_dir()
    assert len(lake.read("quarantine")) == 2


def test_crash_after_journal_rolls_forward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash in the middle of the renames is completed by the next open."""
    lake = Lake(tmp_path)
    calls = {"n": 0}
    real_replace = os.replace

    def flaky(src, dst):  # noqa: ANN001
        calls["n"] += 1
        if calls["n"] == 3 and "_txlog" not in str(dst):
            raise KeyboardInterrupt("simulated kill")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    df = pd.concat([_q(2, "ragged_row").assign(source_table=t) for t in ("postings", "statistics", "graduates")])
    with pytest.raises(KeyboardInterrupt):
        with lake.transaction() as tx:
            tx.append("quarantine", df)
            tx.record_file("h2", "b.csv", "postings", {})
    monkeypatch.setattr(os, "replace", real_replace)
    assert list((tmp_path / "_txlog").glob("*.json")), "journal must survive the crash"
    lake2 = Lake(tmp_path)  # recovery on open
    assert len(lake2.read("quarantine")) == 6
    assert lake2.seen("h2")
    assert not list((tmp_path / "_txlog").glob("*.json"))


@pytest.mark.slow
def test_kill_before_commit_leaves_nothing(tmp_path: Path) -> None:
    """A process killed while staging (before the journal) leaves the lake as it was."""
    code = f"""
import os, pandas as pd
from talentcast.lake import Lake
lake = Lake({str(tmp_path)!r})
with lake.transaction() as tx:
    tx.append("quarantine", pd.DataFrame({{"source_table": ["p"], "file": ["f"], "line": [1], "raw": ["r"], "reason": ["bad_record"], "detail": [None]}}))
    os._exit(9)   # like kill -9: no cleanup, no commit
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert r.returncode == 9
    assert list((tmp_path / "_staging").iterdir())  # staged files left behind by the dead process
    lake = Lake(tmp_path)
    assert not lake.exists("quarantine")
    assert not list((tmp_path / "_staging").iterdir())
