"""Crash safety of `talentcast ingest`: SIGKILL at random points, run again, nothing lost or doubled.

`python -m talentcast ingest postings …` runs in a subprocess on a small workspace of
SYNTHETIC postings (seeded generator) and is killed with SIGKILL, first after random (seeded)
delays, then at targeted points inside the lake's commit (a small driver script patches the
lake's file operations to kill its own process). After every kill the lake must be consistent:
``Lake.recover()`` leaves no journal or staging behind, every table reads with pyarrow and with
DuckDB, each file in the manifest once, every manifest entry's rows all present and no rows of
a file that is not in the manifest. After the run is repeated to completion, the lake equals
that of a clean run: same posting ids, duplicate flags, quarantine and manifest statistics.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from talentcast.lake import Lake

#: Subprocess, rendering or whole-pipeline tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

PY = sys.executable
TITLES = ["数控车床操作工", "机电一体化技术员", "Python开发工程师", "会计", "护士", "汽车维修技师", "电工"]


def _write_inputs(root: Path, n_files: int = 6, rows: int = 6000) -> list[Path]:
    r = random.Random(11)
    root.mkdir(parents=True, exist_ok=True)
    files = []
    pool: list[list[str]] = []
    for k in range(n_files):
        recs = []
        for _ in range(rows):
            if pool and r.random() < 0.2:
                recs.append(r.choice(pool))
                continue
            rec = [r.choice(TITLES) if r.random() > 0.02 else "", f"合成样例{r.randint(1, 300)}有限公司", r.choice(["郑州-金水区", "新乡", "洛阳"]),
                   r.choice(["8千-1.2万/月", "4000-6000", "面议"]), r.choice(["大专", "本科"]), f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
                   "负责设备维护\n能倒班" if r.random() < 0.2 else "沟通协作"]
            pool.append(rec)
            recs.append(rec)
        if k % 2 == 0:
            p = root / f"zhaopin_{k}.csv"
            with open(p, "w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(["职位名称", "公司名称", "工作地点", "薪资", "学历要求", "发布日期", "职位描述"])
                w.writerows(recs)
        else:
            p = root / f"51job_{k}.jsonl"
            with open(p, "w", encoding="utf-8") as fh:
                for x in recs:
                    fh.write(json.dumps({"jobName": x[0] or None, "company": {"name": x[1]}, "city": x[2], "salary": x[3], "edu": x[4],
                                         "updateDate": x[5], "jobDescription": x[6]}, ensure_ascii=False) + "\n")
        files.append(p)
    return files


def check_consistent(lake_dir: Path) -> dict[str, pd.DataFrame]:
    """The invariants that must hold after any crash, once the lake has been reopened."""
    import duckdb

    lake = Lake(lake_dir)  # opening recovers
    lake.recover()
    assert not list((lake_dir / "_txlog").glob("*.json")) if (lake_dir / "_txlog").exists() else True
    assert not any((lake_dir / "_staging").iterdir()) if (lake_dir / "_staging").exists() else True
    man = lake.manifest()
    assert not man.duplicated(["sha256", "table"]).any(), "a file is in the manifest twice"
    out = {"manifest": man}
    for table in ("postings", "quarantine"):
        if not lake.exists(table):
            assert man.empty or table == "quarantine"
            out[table] = pd.DataFrame(columns=["file"])
            continue
        df = lake.read(table)
        n_duck = duckdb.connect().execute(f"select count(*) from read_parquet('{lake_dir / table}/**/*.parquet', hive_partitioning = true)").fetchall()[0][0]
        assert n_duck == len(df)
        out[table] = df
    names = {Path(p).name: json.loads(s) for p, s in zip(man["path"], man["stats"])}
    p, q = out["postings"], out["quarantine"]
    # Every row belongs to a committed file, and every committed file has all its rows.
    assert set(p["file"]) <= set(names), "rows of a file that is not in the manifest"
    assert set(q["file"]) <= set(names)
    for name, stats in names.items():
        assert int((p["file"] == name).sum()) == stats["rows_accepted"], f"{name}: accepted rows missing or doubled"
        assert int((q["file"] == name).sum()) == stats["rows_quarantined"], f"{name}: quarantine rows missing or doubled"
        assert stats["rows_read"] == stats["rows_accepted"] + stats["rows_quarantined"]
    if len(p):
        assert not p["posting_id"].duplicated().any(), "a posting stored twice"
    return out


def _snapshot(lake_dir: Path):
    d = check_consistent(lake_dir)
    p = d["postings"].sort_values("posting_id").reset_index(drop=True)
    q = d["quarantine"].sort_values(["file", "line"]).reset_index(drop=True)
    m = d["manifest"].assign(name=lambda x: x["path"].map(lambda s: Path(s).name)).sort_values("name")
    return p, q, [json.loads(s) for s in m["stats"]]


def _assert_equal_to_clean(ws: Path, ref) -> None:
    p, q, stats = _snapshot(ws / "lake")
    p_ref, q_ref, stats_ref = ref
    assert stats == stats_ref
    assert len(p) == len(p_ref) and p["posting_id"].equals(p_ref["posting_id"])
    assert p["is_duplicate"].equals(p_ref["is_duplicate"]), "duplicate flags differ from a clean run"
    assert p["record_no"].equals(p_ref["record_no"])
    assert len(q) == len(q_ref) and q["line"].equals(q_ref["line"])


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """Inputs, the lake of a clean CLI run (the reference) and how long that run took (s)."""
    from talentcast.workflows import init_workspace

    root = tmp_path_factory.mktemp("crash")
    files = _write_inputs(root / "raw")
    init_workspace(root / "ref")
    t = time.monotonic()
    clean = subprocess.run(_ingest_cmd(root / "ref", files), capture_output=True, text=True, timeout=120)
    assert clean.returncode == 0, clean.stderr
    return files, _snapshot(root / "ref" / "lake"), time.monotonic() - t


def _ingest_cmd(ws: Path, files: list[Path]) -> list[str]:
    return [PY, "-m", "talentcast", "ingest", "postings", *map(str, files), "--workspace", str(ws)]


def _workspace(tmp_path: Path) -> Path:
    from talentcast.workflows import init_workspace

    init_workspace(tmp_path / "ws")
    return tmp_path / "ws"


def test_random_sigkill_then_rerun(setup, tmp_path):
    files, ref, _ = setup
    ws = _workspace(tmp_path)
    rng = random.Random(20261123)
    cmd = _ingest_cmd(ws, files)
    # Kill at random (seeded) points: once a random number of files have committed and the
    # next file's transaction is open (watched from outside, through the manifest and staging
    # folders), after a further random delay of up to 40 ms
    # (a file takes about 0.1 s here), so kills land before, during and between the per-file
    # commits. Each rerun skips the files already committed and gets further.
    manifest = ws / "lake" / "_manifest"
    kills, progress = 0, []
    for _ in range(12):
        done_before = len(list(manifest.glob("part-*.parquet"))) if manifest.exists() else 0
        wait_for = rng.randrange(done_before, len(files))
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            staging = ws / "lake" / "_staging"
            started = staging.exists() and any(staging.iterdir())  # a file's transaction is open
            if started and manifest.exists() and len(list(manifest.glob("part-*.parquet"))) >= wait_for:
                break
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.04))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        progress.append(len(check_consistent(ws / "lake")["manifest"]))
        if kills >= 3:
            break  # three random kills checked (the targeted kills cover each commit step); the rerun finishes the files
        if progress[-1] == len(files):
            if kills:
                break
            # A fast machine finished every file before the kill landed: start again on an
            # empty workspace so that the test always exercises at least one kill.
            shutil.rmtree(ws)
            ws = _workspace(tmp_path / f"again{len(progress)}")
            cmd = _ingest_cmd(ws, files)
            manifest = ws / "lake" / "_manifest"
    print("files committed after each run:", progress, "kills:", kills)
    assert kills >= 1, "every run finished before its kill: nothing was tested"
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    _assert_equal_to_clean(ws, ref)


DRIVER = r"""
import os, signal, sys
point, nth = sys.argv[1], int(sys.argv[2])
import talentcast.lake as L
count = {"n": 0}

def die_on_nth():
    count["n"] += 1
    if count["n"] == nth:
        os.kill(os.getpid(), signal.SIGKILL)

if point == "rename":          # during the roll-forward of a journaled commit
    real = os.replace
    class _OS:                  # lake.py calls os.replace through its module-level `os`
        def __getattr__(self, k):
            return getattr(os, k)
        def replace(self, a, b):
            if "_staging" in str(a):
                die_on_nth()
            return real(a, b)
    L.os = _OS()
elif point == "journal":       # after staging, before the journal is in place
    real_w = L.atomic_write_text
    def w(path, text):
        die_on_nth()
        return real_w(path, text)
    L.atomic_write_text = w
elif point == "stage":         # while a transaction is writing staged parquet files
    real_pw = L.pq.write_table
    def pw(*a, **k):
        die_on_nth()
        return real_pw(*a, **k)
    L.pq.write_table = pw
    real_ww = L.pq.ParquetWriter.write_table   # batches of one part file
    def ww(self, *a, **k):
        die_on_nth()
        return real_ww(self, *a, **k)
    L.pq.ParquetWriter.write_table = ww
from talentcast.cli import main
main(sys.argv[3:])
"""


@pytest.mark.parametrize("point,nth", [("rename", 3), ("journal", 2), ("stage", 5)])
def test_targeted_kill_inside_commit(setup, tmp_path, point, nth):
    files, ref, _ = setup
    ws = _workspace(tmp_path)
    cmd = _ingest_cmd(ws, files)
    killed = subprocess.run([PY, "-c", DRIVER, point, str(nth), *cmd[3:]], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if point == "rename":
        # Killed half-way through renaming: a journal is left for the next open to roll forward.
        assert list((ws / "lake" / "_txlog").glob("*.json"))
    check_consistent(ws / "lake")
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    _assert_equal_to_clean(ws, ref)
