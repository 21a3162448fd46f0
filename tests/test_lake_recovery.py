"""Concurrency, damage and recovery of the lake: one file lands once, `status` finds lost rows,
`repair` (and the drop-and-re-land primitive of `ingest --force`) restores them, and ordinary
failures (disk full, read-only workspace, corrupt part, header-only file) get their own exit
codes and messages. Raw postings are SYNTHETIC (seeded)."""

from __future__ import annotations

import csv
import errno
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from talentcast.errors import AlreadyIngestedError, CorruptLakeError, DiskFullError, ReadOnlyWorkspaceError
from talentcast.lake import Lake, txid_of

#: Subprocess, rendering or whole-pipeline tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

PY = sys.executable


def _postings_csv(path: Path, n: int, seed: int) -> Path:
    r = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["职位名称", "公司名称", "工作地点", "薪资", "发布日期"])
        for i in range(n):
            w.writerow([r.choice(["会计", "电工", "护士"]), f"合成样例{i}有限公司", r.choice(["郑州", "新乡"]), "4000-6000", "2024-03-01"])
    return path


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTCAST_")}
    return subprocess.run([PY, "-m", "talentcast", *args], capture_output=True, text=True, timeout=300, env=env, cwd=cwd)


# A driver that makes two ingests race: each passes the early "already ingested?" check (as two
# runs do when both start before either commits), then waits until the other has read the file
# too, so both reach the commit with the same file.
RACE = r"""
import sys, time
from pathlib import Path
import talentcast.lake as L
L.Lake.seen = lambda self, sha, table=None: False
import talentcast.ingest.common as C
real = C.FileContext.accept
def accept(self, df, **kw):
    Path(sys.argv[1] + "." + sys.argv[2]).touch()
    other = Path(sys.argv[1] + "." + ("b" if sys.argv[2] == "a" else "a"))
    deadline = time.monotonic() + 60
    while not other.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return real(self, df, **kw)
C.FileContext.accept = accept
from talentcast.cli import main
main(sys.argv[3:])
"""


def test_concurrent_ingest_of_one_file_lands_it_once(workspace: Path) -> None:
    raw = _postings_csv(workspace / "data" / "raw" / "postings" / "a.csv", 2000, 1)
    args = ["ingest", "postings", str(raw), "--workspace", str(workspace), "--json"]
    flag = str(workspace / "race")
    procs = [subprocess.Popen([PY, "-c", RACE, flag, who, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who in ("a", "b")]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    statuses = sorted(json.loads(o[0])["files"][0]["status"] for o in outs)
    assert statuses == ["already_ingested", "ingested"]
    lake = Lake(workspace / "lake")
    assert lake.row_count("postings") == 2000
    assert len(lake.manifest()) == 1
    assert not any((workspace / "lake" / "_staging").iterdir()), "the loser's staged files must be gone"


def test_commit_refuses_a_file_recorded_meanwhile(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    q = pd.DataFrame({"source_table": ["postings"], "file": ["a"], "line": [1], "raw": ["r"], "reason": ["bad_record"], "detail": [None]})
    with lake.transaction() as tx:
        tx.append("quarantine", q)
        tx.record_file("h1", tmp_path / "a.csv", "postings", {"rows_accepted": 0, "rows_quarantined": 1})
    with pytest.raises(AlreadyIngestedError, match="a.csv"):
        with lake.transaction() as tx:
            tx.append("quarantine", q)
            tx.record_file("h1", tmp_path / "a.csv", "postings", {})
    assert lake.row_count("quarantine") == 1 and len(lake.manifest()) == 1
    # The same content into another table is another file.
    with lake.transaction() as tx:
        tx.record_file("h1", tmp_path / "a.csv", "statistics", {})
    assert len(lake.manifest()) == 2


def test_manifest_paths_are_relative_to_the_workspace(workspace: Path, tmp_path: Path) -> None:
    raw = _postings_csv(workspace / "data" / "raw" / "postings" / "a.csv", 5, 1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    res = _cli("ingest", "postings", os.path.relpath(raw, elsewhere), "--workspace", str(workspace), cwd=elsewhere)
    assert res.returncode == 0, res.stderr
    outside = _postings_csv(tmp_path / "outside.csv", 5, 2)
    assert _cli("ingest", "postings", str(outside), "-w", str(workspace)).returncode == 0
    paths = sorted(Lake(workspace / "lake").manifest()["path"])
    assert paths == sorted(["data/raw/postings/a.csv", outside.as_posix()])


def _damaged(workspace: Path) -> tuple[Lake, dict[str, int]]:
    for i in range(3):
        _postings_csv(workspace / "data" / "raw" / "postings" / f"p{i}.csv", 300 + i, i)
    res = _cli("ingest", "postings", *(str(p) for p in sorted((workspace / "data/raw/postings").glob("*.csv"))), "-w", str(workspace))
    assert res.returncode == 0, res.stderr
    lake = Lake(workspace / "lake")
    return lake, {"postings": lake.row_count("postings")}


def test_deleted_part_is_found_by_status_and_restored_by_repair(workspace: Path) -> None:
    lake, before = _damaged(workspace)
    victim = sorted(lake.path("postings").rglob("*.parquet"))[0]
    owner = lake.manifest().set_index("txid").loc[txid_of(victim), "path"]
    victim.unlink()

    res = _cli("status", "-w", str(workspace))
    assert res.returncode == 7, res.stdout + res.stderr
    assert owner in res.stdout and "talentcast repair" in res.stdout
    info = json.loads(_cli("status", "-w", str(workspace), "--json").stdout)
    assert [p["file"] for p in info["problems"]] == [owner]
    assert "holds 0 of its" in info["problems"][0]["problem"]

    fixed = _cli("repair", "-w", str(workspace), "--json")
    assert fixed.returncode == 0, fixed.stderr
    assert [r["file"] for r in json.loads(fixed.stdout)["reingested"]] == [owner]
    lake = Lake(workspace / "lake")
    assert {"postings": lake.row_count("postings")} == before
    assert lake.verify() == [] and len(lake.manifest()) == 3
    assert _cli("status", "-w", str(workspace)).returncode == 0


def test_corrupt_part_is_named_then_repaired(workspace: Path) -> None:
    lake, before = _damaged(workspace)
    victim = sorted(lake.path("postings").rglob("*.parquet"))[-1]
    victim.write_bytes(victim.read_bytes()[:200])
    with pytest.raises(CorruptLakeError, match=victim.name) as ei:
        Lake(workspace / "lake").read("postings")
    assert ei.value.exit_code == 7 and "talentcast repair" in str(ei.value)
    res = _cli("status", "-w", str(workspace))
    assert res.returncode == 7 and victim.name in res.stdout and "unreadable" in res.stdout, res.stdout
    assert _cli("repair", "-w", str(workspace)).returncode == 0
    assert Lake(workspace / "lake").row_count("postings") == before["postings"]


def test_repair_without_the_source_drops_the_rows_and_says_so(workspace: Path) -> None:
    lake, before = _damaged(workspace)
    victim = sorted(lake.path("postings").rglob("*.parquet"))[0]
    owner = lake.manifest().set_index("txid").loc[txid_of(victim), "path"]
    victim.unlink()
    (workspace / owner).unlink()
    res = _cli("repair", "-w", str(workspace))
    assert res.returncode == 4 and owner in res.stderr, res.stderr
    lake = Lake(workspace / "lake")
    assert lake.verify() == [] and len(lake.manifest()) == 2  # consistent: that file is no longer ingested


def test_drop_and_reland_in_one_transaction(tmp_path: Path) -> None:
    """The primitive of `ingest --force`: the earlier rows of a file go, the new ones land, at once."""
    lake = Lake(tmp_path / "lake")
    q = pd.DataFrame({"source_table": ["postings"] * 2, "file": ["a"] * 2, "line": [1, 2], "raw": ["r", "s"],
                      "reason": ["bad_record"] * 2, "detail": [None] * 2})
    with lake.transaction() as tx:
        tx.append("quarantine", q)
        tx.record_file("h1", tmp_path / "a.csv", "postings", {"rows_accepted": 0, "rows_quarantined": 2})
    with lake.transaction() as tx:
        tx.append("quarantine", q.head(1))
        tx.record_file("h1", tmp_path / "a.csv", "postings", {"rows_accepted": 0, "rows_quarantined": 1}, replace=True)
    assert lake.read("quarantine")["line"].tolist() == [1]
    m = lake.manifest()
    assert len(m) == 1 and json.loads(m.loc[0, "stats"])["rows_quarantined"] == 1
    assert lake.verify() == []
    # A changed file (same path, new content) replaces its earlier version the same way.
    with lake.transaction() as tx:
        tx.append("quarantine", q)
        tx.record_file("h2", tmp_path / "a.csv", "postings", {"rows_accepted": 0, "rows_quarantined": 2}, replace=True)
    assert len(lake.read("quarantine")) == 2 and lake.manifest()["sha256"].tolist() == ["h2"]


def _fail_writes(monkeypatch: pytest.MonkeyPatch, root: Path, err: int) -> None:
    """Make every write under ``root`` fail with ``err`` (a full or read-only file system)."""
    import builtins
    import pyarrow.parquet as pq

    real_open, real_mkdir, real_write = builtins.open, os.mkdir, pq.write_table

    def under(p) -> bool:
        return str(os.path.abspath(p)).startswith(str(root))

    def fail(p):
        raise OSError(err, os.strerror(err), str(p))

    def open_(file, mode="r", *a, **k):
        if any(c in mode for c in "wax+") and under(file):
            fail(file)
        return real_open(file, mode, *a, **k)

    def mkdir_(p, *a, **k):
        if under(p) and not os.path.isdir(p):
            fail(p)
        return real_mkdir(p, *a, **k)

    def write_(tbl, where, *a, **k):
        if under(where):
            fail(where)
        return real_write(tbl, where, *a, **k)

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(os, "mkdir", mkdir_)
    monkeypatch.setattr(pq, "write_table", write_)


def test_status_works_on_a_read_only_workspace(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _damaged(workspace)
    from talentcast import workflows
    from talentcast.config import load_settings

    settings = load_settings(workspace)
    _fail_writes(monkeypatch, workspace.resolve(), errno.EROFS)
    info = workflows.status(settings)
    assert info["tables"]["postings"] == 903 and info["problems"] == [] and info["files_ingested"] == 3
    with pytest.raises(ReadOnlyWorkspaceError) as ei:
        workflows.ingest(settings, "postings", [_postings_csv(workspace.parent / "new.csv", 3, 9)])
    assert ei.value.exit_code == 73 and "read-only" in str(ei.value)


def test_disk_full_during_ingest_commits_nothing(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lake, before = _damaged(workspace)
    from talentcast import workflows
    from talentcast.config import load_settings

    new = _postings_csv(workspace.parent / "new.csv", 50, 9)
    settings = load_settings(workspace)
    import pyarrow.parquet as pq

    real = pq.write_table
    monkeypatch.setattr(pq, "write_table", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(DiskFullError) as ei:
        workflows.ingest(settings, "postings", [new])
    assert ei.value.exit_code == 74 and "disk full" in str(ei.value)
    monkeypatch.setattr(pq, "write_table", real)
    lake = Lake(workspace / "lake")
    assert lake.row_count("postings") == before["postings"] and len(lake.manifest()) == 3
    assert not any((workspace / "lake" / "_staging").iterdir())


def test_header_only_programmes_file_is_an_input_error(workspace: Path) -> None:
    f = workspace / "data" / "raw" / "programmes" / "header_only.csv"
    f.write_text("学校标识码,学校名称,专业代码,专业名称,年份\n", encoding="utf-8")
    res = _cli("ingest", "programmes", str(f), "-w", str(workspace))
    assert res.returncode == 3, res.stderr
    assert "header_only.csv" in res.stderr and "unexpected" not in res.stderr
