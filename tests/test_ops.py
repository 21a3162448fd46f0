"""The workspace lock and the run log that `refresh` uses under cron."""

from __future__ import annotations

import json
import multiprocessing as mp
import time

import pytest

from talentcast.errors import LockError
from talentcast.ops import LOG_FILE, run_log, workspace_lock


def _hold(path, seconds, ready):
    with workspace_lock(path, timeout_s=5):
        ready.set()
        time.sleep(seconds)


@pytest.mark.slow
def test_second_run_times_out_with_lock_error(tmp_path):
    ready = mp.Event()
    proc = mp.Process(target=_hold, args=(tmp_path, 3, ready))
    proc.start()
    try:
        assert ready.wait(10)
        start = time.monotonic()
        with pytest.raises(LockError, match="holds the lock") as info:
            with workspace_lock(tmp_path, timeout_s=0.5):
                pass
        assert info.value.exit_code == 75
        assert time.monotonic() - start >= 0.5
    finally:
        proc.join()


def test_lock_is_released_after_holder_ends(tmp_path):
    ready = mp.Event()
    proc = mp.Process(target=_hold, args=(tmp_path, 0.3, ready))
    proc.start()
    assert ready.wait(10)
    with workspace_lock(tmp_path, timeout_s=10):
        pass
    proc.join()


def test_run_log_records_outcome(tmp_path):
    with run_log(tmp_path, "refresh") as ev:
        ev["files_ingested"] = 2
    with pytest.raises(LockError):
        with run_log(tmp_path, "refresh"):
            raise LockError("busy")
    lines = [json.loads(x) for x in (tmp_path / LOG_FILE).read_text().splitlines()]
    assert lines[0]["status"] == "ok" and lines[0]["files_ingested"] == 2
    assert lines[1]["status"] == "error" and lines[1]["exit_code"] == 75
