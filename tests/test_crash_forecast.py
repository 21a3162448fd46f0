"""Crash safety of `talentcast forecast`: marts are replaced all together or not at all.

`talentcast forecast` computes every mart, then replaces them in one lake transaction. The
fast tests run the real CLI command in a subprocess with the mart computation swapped for a
SYNTHETIC one (a small driver script; no test hook in production code), so that the write is
large and the kills land in it: after a SIGKILL at a random (seeded) time or at a targeted
point of the commit, and the lake's reopening, every mart is entirely from the old run or
entirely from the new one, all marts from the same run, each readable by pyarrow and DuckDB.
`test_refresh_demo.py` kills the real pipeline (a nightly refresh) on the demo workspace.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from talentcast.lake import Lake

#: Subprocess, rendering or whole-pipeline tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

PY = sys.executable
MARTS = [f"mart_crash_{i}" for i in range(8)]
ROWS = 40_000

DRIVER = r"""
import os, signal, sys
version, point, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
import numpy as np, pandas as pd
from talentcast import flow
import talentcast.lake as L

MARTS = [f"mart_crash_{i}" for i in range(8)]
ROWS = 40_000
from talentcast import schema
for m in MARTS:  # stand-in marts with a spec of their own: the lake writes only specified tables
    schema.TABLES[m] = schema.TableSpec(m, 1, (schema.Column("version", "int64"), schema.Column("k", "int64"),
                                               schema.Column("value", "float64"), schema.Column("label", "string")))

def compute_marts(lake, settings, groups=None, progress=None):
    rng = np.random.default_rng(int(version))
    return {m: pd.DataFrame({"version": np.full(ROWS, int(version)), "k": np.arange(ROWS),
                             "value": rng.normal(size=ROWS), "label": [f"g{j % 97}" for j in range(ROWS)]}) for m in MARTS}

flow.compute_marts = compute_marts
flow.summarise = lambda marts, settings: {"groups": [], "marts": sorted(marts)}
count = {"n": 0}

def die_on_nth():
    count["n"] += 1
    if count["n"] == nth:
        os.kill(os.getpid(), signal.SIGKILL)

if point == "rename":
    real = os.replace
    class _OS:
        def __getattr__(self, k):
            return getattr(os, k)
        def replace(self, a, b):
            if "_staging" in str(a) or "_trash" in str(b):
                die_on_nth()
            return real(a, b)
    L.os = _OS()
elif point == "journal":
    real_w = L.atomic_write_text
    def w(path, text):
        die_on_nth()
        return real_w(path, text)
    L.atomic_write_text = w
from talentcast.cli import main
main(sys.argv[4:])
"""


def _run(ws: Path, version: int, point: str = "none", nth: int = 0, **kw):
    return [PY, "-c", DRIVER, str(version), point, str(nth), "forecast", "--workspace", str(ws)]


def check_marts(lake_dir: Path) -> int | None:
    """All marts from one run, each complete; returns that run's version (None: no marts yet)."""
    import duckdb

    lake = Lake(lake_dir)
    present = [m for m in MARTS if lake.exists(m)]
    if not present:
        return None
    assert present == MARTS, f"only some marts exist: {present}"
    versions = set()
    for m in MARTS:
        df = lake.read(m)
        assert len(df) == ROWS and df["k"].is_unique, f"{m} is incomplete or doubled"
        assert df["version"].nunique() == 1, f"{m} mixes two runs"
        versions.add(int(df["version"].iloc[0]))
        n = duckdb.connect().execute(f"select count(*) from read_parquet('{lake_dir / m}/**/*.parquet')").fetchall()[0][0]
        assert n == ROWS
    assert len(versions) == 1, f"marts from different runs side by side: {versions}"
    assert not (lake_dir / "_txlog").exists() or not list((lake_dir / "_txlog").glob("*.json"))
    return versions.pop()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A workspace whose marts come from run 1, and how long a run takes (s)."""
    from talentcast.workflows import init_workspace

    root = tmp_path_factory.mktemp("fc") / "ws"
    init_workspace(root)
    t = time.monotonic()
    proc = subprocess.Popen(_run(root, 1), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    staging = root / "lake" / "_staging"
    t_write = None
    while proc.poll() is None:
        if t_write is None and staging.exists() and any(staging.iterdir()):
            t_write = time.monotonic()
        time.sleep(0.005)
    assert proc.returncode == 0, proc.stderr.read()
    proc.stderr.close()
    end = time.monotonic()
    assert check_marts(root / "lake") == 1
    return root, end - t, end - (t_write or t)


@pytest.fixture
def ws(base, tmp_path):
    shutil.copytree(base[0], tmp_path / "ws")
    return tmp_path / "ws"


def _kill_during_write(proc: subprocess.Popen, staging: Path, delay: float, timeout: float = 60) -> bool:
    """SIGKILL ``proc`` ``delay`` s after its transaction starts staging files; False if it ended first."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        if staging.exists() and any(staging.iterdir()):
            time.sleep(delay)
            break
        time.sleep(0.005)
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return True


def test_random_sigkill_leaves_old_or_new_marts(ws, base):
    rng = random.Random(7)
    seen, kills = [], 0
    for version in (2, 3, 4):
        proc = subprocess.Popen(_run(ws, version), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if version == 2:
            # A kill at a random time while the marts are computed (before any write).
            try:
                proc.wait(timeout=rng.uniform(0.2, 0.5) * base[1])
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                kills += 1
        else:
            # Kills at random times after the transaction starts: while staging, journaling, renaming.
            kills += _kill_during_write(proc, ws / "lake" / "_staging", rng.uniform(0.3, 1.0) * base[2])
        v = check_marts(ws / "lake")
        prev = seen[-1] if seen else 1
        assert v in (prev, version), f"after killing run {version}: marts of run {v}"
        seen.append(v)
    print("versions after each kill:", seen, "kills:", kills, "write phase (s):", round(base[2], 2))
    assert kills >= 2
    done = subprocess.run(_run(ws, 5), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert check_marts(ws / "lake") == 5


@pytest.mark.parametrize("point,nth,expect", [("journal", 1, 1), ("rename", 4, 2)])
def test_targeted_kill_in_commit(ws, point, nth, expect):
    # Before the journal exists the old marts stay; once it exists the next open rolls forward.
    killed = subprocess.run(_run(ws, 2, point, nth), capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert check_marts(ws / "lake") == expect
    done = subprocess.run(_run(ws, 3), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert check_marts(ws / "lake") == 3
