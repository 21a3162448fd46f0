"""`talentcast refresh` under cron: the lock, incremental work, exit codes, --quiet, the JSON log.

The CLI runs in subprocesses, as cron runs it. In the fast tests the forecast and report steps
are swapped (by a small driver script, no hook in production code) for a stand-in that writes
empty marts, records that it ran and can take a while, so that what is tested is refresh's own
behaviour: what it ingests, when it rebuilds, how it shares the workspace. Raw postings are
SYNTHETIC (seeded). `test_refresh_demo.py` runs the real pipeline on the demo workspace.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from talentcast.ops import LOCK_FILE, LOG_FILE, workspace_lock

#: Subprocess, rendering or whole-pipeline tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

PY = sys.executable

DRIVER = r"""
import os, sys, time
from pathlib import Path
import pandas as pd
from talentcast import ops, schema, workflows

def forecast(settings, groups=None, progress=None):
    with open(settings.workspace / "forecast_calls.txt", "a") as fh:
        fh.write(f"{os.getpid()}\n")
    time.sleep(float(os.environ.get("FAKE_FORECAST_SECONDS", "0")))
    release = os.environ.get("FAKE_FORECAST_UNTIL")  # hold the lock until the test says so
    deadline = time.monotonic() + 120
    while release and not os.path.exists(release) and time.monotonic() < deadline:
        time.sleep(0.02)
    lake = workflows._lake(settings)
    built_from = workflows.inputs_fingerprint(settings, lake)
    with lake.transaction() as tx:
        for t in workflows.MART_TABLES:
            tx.replace(t, pd.DataFrame(columns=schema.get(t).names))
    ops.record_build(settings.workspace, marts=built_from)  # as the real forecast does after its commit
    return workflows.ForecastResult(marts={}, summary={})

def report(settings, groups=None, year=None, progress=None):
    out = settings.reports_dir / "fake-report.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("stand-in report")
    ops.record_build(settings.workspace, reports=ops.read_build_state(settings.workspace).get("marts"))
    return [out]

workflows.forecast = forecast
workflows.report = report
from talentcast.cli import main
main(sys.argv[1:])
"""


def _postings_csv(path: Path, n: int, seed: int) -> Path:
    r = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["职位名称", "公司名称", "工作地点", "薪资", "学历要求", "发布日期"])
        for _ in range(n):
            w.writerow([r.choice(["会计", "电工", "护士", "数控车床操作工"]), f"合成样例{r.randint(1, 50)}有限公司", r.choice(["郑州", "新乡"]),
                        r.choice(["4000-6000", "面议"]), r.choice(["大专", "本科"]), f"2024-0{r.randint(1, 9)}-1{r.randint(0, 9)}"])
    return path


def _refresh(ws: Path, *args: str, seconds: float = 0.0, wait: bool = True, until: Path | None = None):
    env = {**os.environ, "FAKE_FORECAST_SECONDS": str(seconds), "FAKE_FORECAST_UNTIL": str(until or "")}
    env = {k: v for k, v in env.items() if not k.startswith("TALENTCAST_")}
    cmd = [PY, "-c", DRIVER, "refresh", "--workspace", str(ws), *args]
    if wait:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _with_statistics(ws: Path) -> Path:
    """Refresh only forecasts once the lake holds statistics: give it an (empty) table."""
    import pandas as pd

    from talentcast.lake import Lake

    with Lake(ws / "lake").transaction() as tx:
        tx.replace("statistics", pd.DataFrame())
    return ws


def _log(ws: Path) -> list[dict]:
    return [json.loads(line) for line in (ws / LOG_FILE).read_text(encoding="utf-8").splitlines()]


def _calls(ws: Path) -> int:
    f = ws / "forecast_calls.txt"
    return len(f.read_text().splitlines()) if f.exists() else 0


def test_incremental_quiet_and_logged(workspace):
    _with_statistics(workspace)
    raw = workspace / "data" / "raw" / "postings"
    _postings_csv(raw / "zhaopin_1.csv", 300, 1)
    _postings_csv(raw / "51job_2.csv", 200, 2)

    first = _refresh(workspace, "--quiet")
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""
    assert _calls(workspace) == 1

    # Nothing new: no ingest, no rebuild.
    second = _refresh(workspace, "--json")
    assert second.returncode == 0, second.stderr
    out = json.loads(second.stdout)
    assert out["files_ingested"] == 0 and out["rebuilt"] is False
    assert _calls(workspace) == 1

    # A new raw file (and a file whose content is already in the lake, under another name).
    _postings_csv(raw / "2025" / "zhaopin_3.csv", 150, 3)
    (raw / "copy_of_1.csv").write_bytes((raw / "zhaopin_1.csv").read_bytes())
    third = _refresh(workspace, "--json")
    assert third.returncode == 0, third.stderr
    out = json.loads(third.stdout)
    assert out["files_ingested"] == 1 and out["rebuilt"] is True
    assert [Path(f["file"]).name for f in out["ingest"]["postings"]["files"]] == ["zhaopin_3.csv"]
    assert out["ingest"]["postings"]["rows_read"] == 150
    assert _calls(workspace) == 2

    log = _log(workspace)
    assert [x["command"] for x in log] == ["refresh"] * 3
    assert [x["status"] for x in log] == ["ok"] * 3
    assert [x["files_ingested"] for x in log] == [2, 0, 1]
    assert [x["rebuilt"] for x in log] == [True, False, True]
    assert all(isinstance(x["seconds"], float) and x["pid"] > 0 and x["started"] for x in log)


def test_a_run_that_died_after_its_ingest_is_finished_by_the_next_one(workspace, monkeypatch):
    """Files in the lake that no forecast has seen (a run killed between ingest and forecast, or
    a manual `talentcast ingest`), a changed settings file, or reports older than the marts make
    the next refresh rebuild, although no new raw file arrived; so does another edition. In-process, with stand-ins for the
    forecast and the reports that record what they were built from as the real ones do."""
    import pandas as pd

    from talentcast import ops, schema, workflows
    from talentcast.config import load_settings
    from talentcast.ingest import ingest_files
    from talentcast.lake import Lake

    calls = {"forecast": 0, "report": 0}

    def forecast(settings, groups=None, progress=None):
        calls["forecast"] += 1
        lake = workflows._lake(settings)
        built_from = workflows.inputs_fingerprint(settings, lake)
        with lake.transaction() as tx:
            for t in workflows.MART_TABLES:
                tx.replace(t, pd.DataFrame(columns=schema.get(t).names))
        ops.record_build(settings.workspace, marts=built_from)

    def report(settings, groups=None, year=None, progress=None):
        calls["report"] += 1
        ops.record_build(settings.workspace, reports=ops.read_build_state(settings.workspace).get("marts"))
        return [settings.reports_dir / "stand-in.md"]

    monkeypatch.setattr(workflows, "forecast", forecast)
    monkeypatch.setattr(workflows, "report", report)

    def refresh(**environ: str) -> dict:
        return workflows.refresh(load_settings(workspace, environ=environ))

    _with_statistics(workspace)
    _postings_csv(workspace / "data" / "raw" / "postings" / "zhaopin_1.csv", 100, 1)
    assert refresh()["rebuilt"] and calls == {"forecast": 1, "report": 1}
    assert not refresh()["rebuilt"]

    # Ingested outside refresh (as if refresh died right after its ingest): the marts are stale.
    outside = _postings_csv(workspace / "elsewhere" / "zhaopin_9.csv", 80, 9)
    ingest_files(Lake(workspace / "lake"), "postings", [outside])
    out = refresh()
    assert out["files_ingested"] == 0 and out["rebuilt"] and calls == {"forecast": 2, "report": 2}

    # The settings file changed: rebuilt once, then quiet again.
    cfg = workspace / "talentcast.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert refresh()["rebuilt"] and calls["forecast"] == 3
    assert not refresh()["rebuilt"]

    # Another edition (as on New Year's Day, when the default edition moves on): rebuilt.
    assert refresh(TALENTCAST_EDITION="2031")["rebuilt"] and calls["forecast"] == 4
    assert refresh()["rebuilt"] and calls["forecast"] == 5  # and back
    assert not refresh()["rebuilt"]

    # The marts are current but the reports are not (a run died while rendering): reports only.
    state = ops.read_build_state(workspace)
    (workspace / "logs" / "build-state.json").write_text(json.dumps({**state, "reports": "older"}), encoding="utf-8")
    assert refresh()["rebuilt"] and calls == {"forecast": 5, "report": 6}
    assert ops.read_build_state(workspace)["reports"] == ops.read_build_state(workspace)["marts"]


def test_quiet_prints_nothing_on_success(workspace):
    _with_statistics(workspace)
    _postings_csv(workspace / "data" / "raw" / "postings" / "zhaopin_1.csv", 50, 1)
    res = _refresh(workspace, "--quiet")
    assert res.returncode == 0, res.stderr
    # Under cron stdout and stderr are pipes, and anything printed is mailed to the admin.
    assert res.stdout == "" and res.stderr == "", "--quiet must print nothing on success"


def test_second_run_waits_then_exits_75(workspace):
    _with_statistics(workspace)
    _postings_csv(workspace / "data" / "raw" / "postings" / "zhaopin_1.csv", 100, 1)
    # The holder keeps the lock until the test releases it (a file), so that the busy run can
    # start, wait and give up, and the patient run start, on however loaded a machine.
    release = workspace / "release-holder"
    holder = _refresh(workspace, wait=False, until=release)
    try:
        # Wait until the first run holds the lock (its pid is written into the lock file).
        deadline = time.monotonic() + 60
        lock = workspace / LOCK_FILE
        while time.monotonic() < deadline and not (lock.exists() and f"pid {holder.pid}" in lock.read_text()):
            assert holder.poll() is None, holder.communicate()
            time.sleep(0.05)
        t = time.monotonic()
        busy = _refresh(workspace, "--quiet", "--lock-timeout", "1.5")
        waited = time.monotonic() - t
        assert busy.returncode == 75, busy.stderr
        assert "holds the lock" in busy.stderr and f"pid {holder.pid}" in busy.stderr
        assert "--lock-timeout" in busy.stderr  # the hint says what to do
        assert busy.stdout == ""
        assert waited >= 1.5
        # A run with a long enough timeout waits for the holder, then does its (lack of) work.
        patient_started = datetime.now(timezone.utc)
        patient = subprocess.Popen([PY, "-c", DRIVER, "refresh", "--workspace", str(workspace), "--json", "--lock-timeout", "60"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env={k: v for k, v in os.environ.items() if not k.startswith("TALENTCAST_")})
        said = ""
        while "waiting" not in said:  # until the patient run says that it waits for the lock
            line = patient.stderr.readline()
            if not line:
                break
            said += line
        assert "waiting" in said and f"pid {holder.pid}" in said, said
        release.write_text("", encoding="utf-8")
        out, err = patient.communicate(timeout=60)
        assert patient.returncode == 0, said + err
        assert json.loads(out)["files_ingested"] == 0
    finally:
        release.write_text("", encoding="utf-8")
        holder.communicate(timeout=60)
    assert holder.returncode == 0
    # The patient run started while the holder still worked and ran only after it: the
    # holder writes its log line before it releases the lock, the patient after.
    records = _log(workspace)
    pids = [r["pid"] for r in records]
    assert holder.pid in pids and pids.index(holder.pid) < len(pids) - 1
    held = records[pids.index(holder.pid)]
    # "started" has millisecond precision: at whole seconds it could read up to 1 s early, and a
    # patient run that started in the holder's last second seemed to start after it had ended.
    held_until = datetime.fromisoformat(held["started"]) + timedelta(seconds=held["seconds"])
    assert patient_started < held_until, "the patient run must have waited for the holder"
    assert records[-1]["pid"] == patient.pid and records[-1]["waited_s"] > 0
    assert _calls(workspace) == 1


def test_lock_held_in_process_blocks_cli(workspace):
    # The lock is the OS's flock on the workspace: any holder blocks refresh, not only refresh.
    with workspace_lock(workspace, timeout_s=1):
        busy = _refresh(workspace, "--lock-timeout", "0.5")
        quiet = _refresh(workspace, "--quiet", "--lock-timeout", "0.5")
    assert busy.returncode == 75 and quiet.returncode == 75
    # A waiting run says that it waits, and for whom (under --quiet only the log says it).
    assert "waiting up to 0 s" in busy.stderr or "waiting up to 1 s" in busy.stderr, busy.stderr
    assert f"pid {os.getpid()}" in busy.stderr.split("waiting")[0]
    assert "waiting" not in quiet.stderr
    # Exit 75 is logged like every other exit.
    log = _log(workspace)
    assert [(x["status"], x.get("exit_code")) for x in log] == [("error", 75), ("error", 75)]
    assert all(x["waited_s"] >= 0.5 and "holds the lock" in x["error"] for x in log)
    again = _refresh(workspace, "--quiet")
    assert again.returncode == 0, again.stderr
    assert len(_log(workspace)) == 3 and _log(workspace)[-1]["status"] == "ok"


def test_init_creates_every_workspace_folder(tmp_path):
    from talentcast.workspace import Workspace

    res = subprocess.run([PY, "-m", "talentcast", "init", str(tmp_path / "new")], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    ws = Workspace(tmp_path / "new")
    assert ws.logs_dir.is_dir() and ws.config_file.is_file()
    assert all(p.is_dir() for p in ws.folders())
    # The README's crontab line appends to logs/cron.log: it must work on a new workspace.
    with open(ws.logs_dir / "cron.log", "a") as fh:
        fh.write("ok\n")


def test_refresh_ingests_only_data_files_and_lists_the_rest(workspace):
    _with_statistics(workspace)
    raw = workspace / "data" / "raw" / "postings"
    _postings_csv(raw / "zhaopin_1.csv", 20, 1)
    (raw / "LICENSE.txt").write_text("Creative Commons Attribution 4.0", encoding="utf-8")
    (raw / "README").write_text("where these files come from", encoding="utf-8")
    (raw / "notes.md").write_text("# notes", encoding="utf-8")
    (raw / "report.pdf").write_bytes(b"%PDF-1.4")
    (raw / ".hidden.csv").write_text("x", encoding="utf-8")
    res = _refresh(workspace, "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert [Path(f["file"]).name for f in out["ingest"]["postings"]["files"]] == ["zhaopin_1.csv"]
    assert out["skipped"] == [f"data/raw/postings/{n}" for n in ("LICENSE.txt", "README", "notes.md", "report.pdf")]
    assert _log(workspace)[-1]["skipped"] == out["skipped"]
    # Every night after: still exit 0 (the licence is not re-tried as data), and the text says what was skipped.
    again = _refresh(workspace)
    assert again.returncode == 0, again.stderr
    assert "Skipped 4 file(s)" in again.stdout and "LICENSE.txt" in again.stdout


def test_workspace_option_before_or_after_the_command(workspace):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTCAST_")}
    for args in (["-w", str(workspace), "status", "--json"], ["--workspace", str(workspace), "status", "--json"],
                 ["status", "--json", "-w", str(workspace)]):
        res = subprocess.run([PY, "-m", "talentcast", *args], capture_output=True, text=True, timeout=60, env=env, cwd=workspace.parent)
        assert res.returncode == 0, (args, res.stderr)
        assert json.loads(res.stdout)["workspace"] == str(workspace.resolve())
    both = subprocess.run([PY, "-m", "talentcast", "-w", str(workspace), "status", "-w", str(workspace.parent)],
                          capture_output=True, text=True, timeout=60, env=env)
    assert both.returncode == 2 and "two workspaces" in both.stderr


def test_error_exit_code_and_log(workspace):
    # An unreadable raw file: refresh fails with the input error's exit code and logs it.
    bad = workspace / "data" / "raw" / "postings" / "broken.csv.gz"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage")
    res = _refresh(workspace, "--quiet")
    assert res.returncode == 3, (res.returncode, res.stderr)
    assert "broken.csv.gz" in res.stderr
    last = _log(workspace)[-1]
    assert last["status"] == "error" and last["exit_code"] == 3 and "broken.csv.gz" in last["error"]
