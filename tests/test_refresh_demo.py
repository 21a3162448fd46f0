"""`talentcast refresh` on the demo workspace: the real ingest, forecast and reports, as cron runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from talentcast.ops import LOG_FILE

pytestmark = [pytest.mark.slow, pytest.mark.demo]

PY = sys.executable


def _log(ws) -> list[dict]:
    return [json.loads(line) for line in (ws / LOG_FILE).read_text(encoding="utf-8").splitlines()]


def test_real_refresh_on_demo_workspace(demo_copy):
    """A new raw file lands, refresh ingests it and rebuilds; the next night it does nothing."""
    root = demo_copy
    src = root / "data" / "raw" / "enrollment" / "synthetic_enrollment.csv"
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    header, last = lines[0], lines[-1]
    # A later year's intake of one synthetic programme: a new key, so the file lands (a copy of
    # existing keys would be quarantined whole as duplicate_key and refused).
    cells = last.split(",")
    cells[4] = str(int(cells[4]) + 1)
    (src.parent / "synthetic_enrollment_update.csv").write_text(header + ",".join(cells), encoding="utf-8")
    cmd = [PY, "-m", "talentcast", "refresh", "--workspace", str(root), "--json"]
    # Markdown only: the rebuild is what is tested here, the HTML/XLSX writers are tested elsewhere.
    env = {**os.environ, "TALENTCAST_FORMATS": "md"}
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env)
    assert first.returncode == 0, first.stderr
    out = json.loads(first.stdout)
    assert out["rebuilt"] and out["files_ingested"] == 1 and out["reports"]
    second = subprocess.run([*cmd[:-1], "--quiet"], capture_output=True, text=True, timeout=300, env=env)
    assert second.returncode == 0 and second.stdout == "" and second.stderr == ""
    log = _log(root)
    assert log[-1]["rebuilt"] is False and log[-1]["files_ingested"] == 0
