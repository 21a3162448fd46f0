"""Crash safety of the real `talentcast forecast` on the demo workspace: a SIGKILL while the marts'
transaction is staged leaves the demo's marts, and the rerun's marts equal them."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from talentcast.lake import Lake

pytestmark = [pytest.mark.slow, pytest.mark.demo]

PY = sys.executable


def test_real_forecast_killed_then_rerun_equals_clean(demo_copy):
    """The real pipeline on the demo workspace: kill mid-commit, rerun, marts equal the clean run's."""
    from talentcast.workflows import MART_TABLES

    root = demo_copy
    ref = {m: Lake(root / "lake").read(m) for m in MART_TABLES}  # the demo's own forecast
    cmd = [PY, "-m", "talentcast", "forecast", "--workspace", str(root)]
    staging = root / "lake" / "_staging"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        # Kill while the marts' transaction is staged: the worst moment for a half-written lake.
        while proc.poll() is None and time.monotonic() < deadline:
            if staging.is_dir() and any(staging.iterdir()):
                break
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the forecast ended before it could be killed mid-write"
    lake = Lake(root / "lake")
    for m in MART_TABLES:
        pd.testing.assert_frame_equal(lake.read(m), ref[m])  # the old marts, or identical new ones
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    lake = Lake(root / "lake")
    for m in MART_TABLES:
        pd.testing.assert_frame_equal(lake.read(m), ref[m])
