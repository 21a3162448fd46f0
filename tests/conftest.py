"""Shared fixtures. Tests are offline and deterministic."""

from __future__ import annotations

import os

import pytest

# Keep the environment of the person running the tests out of settings resolution.
for _var in [v for v in os.environ if v.startswith("TALENTCAST_")]:
    del os.environ[_var]
# CLI output width must not depend on the terminal (or runner) the tests happen to run under.
os.environ["COLUMNS"] = "200"

# One hypothesis profile for every test, loaded before any test module: deterministic examples
# (the suite must not pass on one run and fail on the next) and no per-example deadline (a
# timing limit is a benchmark's job; hypothesis' default 200 ms failed a guard test under load).
# A test module that loaded its own profile at import changed the settings of every module
# imported after it in the same worker.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("talentcast", deadline=None, derandomize=True)
_hypothesis_settings.load_profile("talentcast")


@pytest.fixture
def workspace(tmp_path):
    """A freshly initialised, empty workspace."""
    from talentcast.workflows import init_workspace

    init_workspace(tmp_path / "ws")
    return tmp_path / "ws"


def _mart_frame(table: str, rows: list[dict]) -> "pd.DataFrame":
    """A frame that meets ``table``'s spec: each row's given values over valid placeholders."""
    import pandas as pd

    from talentcast import schema

    spec = schema.get(table)
    fill = {"float64": 1.0, "int64": 1, "bool": True, "string": "x", "date": None, "timestamp": None}
    base = {c.name: (c.allowed[0] if c.allowed else fill[c.dtype]) for c in spec.columns if not c.nullable}
    return pd.DataFrame([base | r for r in rows])


@pytest.fixture
def mart_frame():
    """Build a spec-valid mart frame: ``mart_frame("mart_gap", [{"group_id": "health"}, ...])``."""
    return _mart_frame


# --------------------------------------------------------------------------- the shared demo
# The demo workspace is built once per session. When the whole suite runs, the controller starts
# the build in a background process before any test, so the workers run the other tests
# meanwhile (the files that read the demo are scheduled last); the fixture then only waits for
# it. A single test file run builds it on demand, under a lock so that workers build it once.
_DEMO_DIR_VAR = "PYTEST_TC_DEMO_DIR"  # not TALENTCAST_*: those are cleared above


def build_demo(directory: "str | Path") -> dict:
    """Build the demo in ``directory/demo-ws``; keep the contexts its reports were rendered from.

    Writes ``demo-ws-contexts.pkl`` (group id → context) and then ``demo-ws.json`` (what
    :func:`talentcast.workflows.demo` returned), the marker that the build is complete.
    """
    import json
    import pickle
    from pathlib import Path

    from talentcast.report import render
    from talentcast.workflows import demo

    directory = Path(directory)
    contexts: dict = {}
    real = render.build_context

    def keep(marts, registry, group_id, **kw):
        ctx = real(marts, registry, group_id, **kw)
        contexts[ctx["group_id"]] = ctx  # the province report's group_id is None here, "province" in ctx
        return ctx

    render.build_context = keep  # the invariant tests read what the reports were rendered from
    try:
        result = demo(directory / "demo-ws")
    finally:
        render.build_context = real
    tmp = directory / "demo-ws-contexts.pkl.tmp"
    tmp.write_bytes(pickle.dumps(contexts))
    os.replace(tmp, directory / "demo-ws-contexts.pkl")
    (directory / "demo-ws.json.tmp").write_text(json.dumps(result, default=str), encoding="utf-8")
    os.replace(directory / "demo-ws.json.tmp", directory / "demo-ws.json")
    return result


def _start_demo_build(directory: "Path") -> None:
    import subprocess
    import sys

    directory.mkdir(parents=True, exist_ok=True)
    code = "import sys; sys.path.insert(0, sys.argv[1]); import conftest; conftest.build_demo(sys.argv[2])"
    log = open(directory / "demo-ws.log", "w", encoding="utf-8")  # noqa: SIM115 - the child owns it
    child = subprocess.Popen([sys.executable, "-c", code, os.path.dirname(__file__), str(directory)],
                             stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    (directory / "demo-ws.started").write_text(str(child.pid), encoding="utf-8")


def pytest_configure(config) -> None:
    import tempfile
    from pathlib import Path

    if hasattr(config, "workerinput") or os.environ.get(_DEMO_DIR_VAR):
        return  # an xdist worker: the controller decided
    whole_suite = not config.args or all(Path(a).resolve() == Path(config.rootpath, "tests").resolve() for a in config.args)
    wants_demo = "not demo" not in (config.getoption("markexpr") or "") and not config.getoption("collectonly")
    if whole_suite and wants_demo:
        directory = Path(tempfile.mkdtemp(prefix="talentcast-demo-"))
        os.environ[_DEMO_DIR_VAR] = str(directory)  # inherited by the xdist workers started after this
        _start_demo_build(directory)


def pytest_unconfigure(config) -> None:
    import shutil
    import signal
    from pathlib import Path

    directory = os.environ.get(_DEMO_DIR_VAR)
    if hasattr(config, "workerinput") or not directory:
        return
    started = Path(directory) / "demo-ws.started"
    if started.exists() and not (Path(directory) / "demo-ws.json").exists():
        try:  # the session ended before the build did (-x, Ctrl-C): stop it
            os.killpg(int(started.read_text()), signal.SIGKILL)
        except (OSError, ValueError):
            pass
    shutil.rmtree(directory, ignore_errors=True)
    del os.environ[_DEMO_DIR_VAR]


def pytest_collection_modifyitems(config, items) -> None:
    """Order the files for two workers (`make test` keeps this order: --no-loadscope-reorder).

    First the files with slow or browser tests that do not read the demo (they run while the demo is built
    in the background), then the files that read the demo (the slow ones first), and last the
    fast files: many short files at the end keep both workers busy until the end of the run.
    """
    demo_files = {item.path for item in items if item.get_closest_marker("demo")}
    slow_files = {item.path for item in items if item.get_closest_marker("slow") or item.get_closest_marker("browser")}

    def rank(item) -> int:
        slow, demo = item.path in slow_files, item.path in demo_files
        return 0 if slow and not demo else 1 if slow else 2 if demo else 3

    items.sort(key=rank)  # stable: the order within each rank stays


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:  # a finished child of the controller stays a zombie until reaped: not alive
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory):
    """The demo workspace (`talentcast demo`), built once per test session and shared by all
    workers: ingest, forecast and 21 reports in every format but PDF. Read it, never write to it;
    tests that change a workspace take ``demo_copy``.

    Returns:
        (root, result): the workspace path and the dict :func:`talentcast.workflows.demo` returned.
    """
    import fcntl
    import json
    import time
    from pathlib import Path

    started = os.environ.get(_DEMO_DIR_VAR)
    if started:
        shared = Path(started)
    else:
        base = Path(tmp_path_factory.getbasetemp())
        shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root, done = shared / "demo-ws", shared / "demo-ws.json"
    if (shared / "demo-ws.started").exists():
        deadline = time.monotonic() + 900
        pid = int((shared / "demo-ws.started").read_text())
        while not done.exists():
            log = (shared / "demo-ws.log").read_text(encoding="utf-8", errors="replace")
            if not _alive(pid) and not done.exists() or time.monotonic() > deadline:
                pytest.fail(f"the background demo build failed or timed out:\n{log[-3000:]}")
            time.sleep(0.5)
    else:
        with open(shared / "demo-ws.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds, the others wait and reuse
            if not done.exists():
                build_demo(shared)
    return root, json.loads(done.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_contexts(demo_workspace):
    """The contexts (group id → dict) the demo's 21 reports were rendered from."""
    import pickle

    root, _ = demo_workspace
    return pickle.loads((root.parent / "demo-ws-contexts.pkl").read_bytes())


@pytest.fixture(scope="session")
def demo_reports(demo_workspace, demo_contexts):
    """The demo's 21 reports in zh and en, built once per worker: (marts, {(group id, lang):
    context}, {(group id, lang): markdown}). zh are the contexts the demo rendered; en are built
    from the same marts by the same functions the ``report`` command uses."""
    from talentcast import workflows
    from talentcast.config import load_settings
    from talentcast.forecast.scenario_table import scenario_mart
    from talentcast.reference import load_registry
    from talentcast.report.context import build_context, groups_from_registry, normalise_marts
    from talentcast.report.render import render_md

    root, _ = demo_workspace
    settings = load_settings(root, environ={})
    marts = workflows.read_marts(settings)
    lake = workflows._lake(settings)
    marts["scenarios"] = lake.read("scenarios") if lake.exists("scenarios") else scenario_mart(None)
    if lake.exists("mart_shortage_list"):
        marts["mart_shortage_list"] = lake.read("mart_shortage_list")
    marts = normalise_marts(marts)
    registry = load_registry(workspace=root)
    ctxs = {(gid, "zh"): ctx for gid, ctx in demo_contexts.items()}
    for g in [*[g.id for g in groups_from_registry(registry)], None]:
        ctx = build_context(marts, registry, g, lang="en", region=settings.region, edition=settings.edition_year,
                            horizon=settings.horizon)
        ctxs[(ctx["group_id"], "en")] = ctx
    return marts, ctxs, {k: render_md(c) for k, c in ctxs.items()}


@pytest.fixture
def demo_copy(demo_workspace, tmp_path):
    """A private copy of the demo workspace that a test may change."""
    import shutil

    root, _ = demo_workspace
    dest = tmp_path / "demo"
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("_lock"))
    return dest
