"""`talentcast refresh` on the demo workspace, as cron runs it, with the real ingest, forecast
and reports: a run killed after its ingest leaves the demo's marts whole, and the next night's
run finishes the job although no new file arrived."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from talentcast.lake import Lake
from talentcast.ops import LOG_FILE

pytestmark = [pytest.mark.slow, pytest.mark.demo]

PY = sys.executable


def _log(ws) -> list[dict]:
    return [json.loads(line) for line in (ws / LOG_FILE).read_text(encoding="utf-8").splitlines()]


def _kill_once_ingested(proc: subprocess.Popen, lake_dir, timeout: float = 600) -> None:
    """SIGKILL ``proc`` once its ingest has committed, while its forecast computes.

    That is where a crash is most likely (the forecast is most of a run's time); kills inside
    the marts' commit itself are `test_crash_forecast.py`'s.
    """
    manifest = lake_dir / "_manifest"
    parts = len(list(manifest.glob("part-*.parquet")))
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if len(list(manifest.glob("part-*.parquet"))) > parts:
            time.sleep(0.5)
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_refresh_killed_in_its_forecast_is_finished_the_next_night(demo_copy):
    """Killed after its ingest, while forecasting: the demo's marts stay whole; the next run,
    with no new file, forecasts and reports; the one after it does nothing."""
    from talentcast.workflows import MART_TABLES

    root = demo_copy
    lake_dir = root / "lake"
    demo_marts = {m: Lake(lake_dir).read(m) for m in MART_TABLES}
    src = root / "data" / "raw" / "enrollment" / "synthetic_enrollment.csv"
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    # A later year's intake of one synthetic programme: a new key, so the file lands (a copy of
    # existing keys would be quarantined whole as duplicate_key and refused).
    cells = lines[-1].split(",")
    cells[4] = str(int(cells[4]) + 1)
    (src.parent / "synthetic_enrollment_update.csv").write_text(lines[0] + ",".join(cells), encoding="utf-8")
    cmd = [PY, "-m", "talentcast", "refresh", "--workspace", str(root), "--json"]
    # Markdown only: the rebuild is what is tested here, the HTML/XLSX writers are tested elsewhere.
    env = {**os.environ, "TALENTCAST_FORMATS": "md"}

    killed = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _kill_once_ingested(killed, lake_dir)
    assert killed.returncode == -signal.SIGKILL, "the refresh ended before it could be killed"
    lake = Lake(lake_dir)
    assert lake.manifest()["path"].str.endswith("synthetic_enrollment_update.csv").any()  # the ingest landed
    for m in MART_TABLES:
        pd.testing.assert_frame_equal(lake.read(m), demo_marts[m])  # the marts are the demo's, whole

    nothing_new = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env)
    assert nothing_new.returncode == 0, nothing_new.stderr
    out = json.loads(nothing_new.stdout)
    assert out["files_ingested"] == 0 and out["rebuilt"] and len(out["reports"]) == 21
    supply = Lake(lake_dir).read("mart_supply")
    assert not supply.equals(demo_marts["mart_supply"])  # the new intake reached the marts

    quiet = subprocess.run([*cmd[:-1], "--quiet"], capture_output=True, text=True, timeout=300, env=env)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    log = _log(root)
    assert log[-1]["rebuilt"] is False and log[-1]["files_ingested"] == 0
