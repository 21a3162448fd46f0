"""Shared fixtures. Tests are offline and deterministic."""

from __future__ import annotations

import os

import pytest

# Keep the environment of the person running the tests out of settings resolution.
for _var in [v for v in os.environ if v.startswith("TALENTCAST_")]:
    del os.environ[_var]
# CLI output width must not depend on the terminal (or runner) the tests happen to run under.
os.environ["COLUMNS"] = "200"


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


def _shared_dir(tmp_path_factory) -> "Path":
    """A folder shared by every xdist worker of this test session (the workers' common parent)."""
    from pathlib import Path

    base = Path(tmp_path_factory.getbasetemp())
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


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

    from talentcast.workflows import demo

    shared = _shared_dir(tmp_path_factory)
    root, done = shared / "demo-ws", shared / "demo-ws.json"
    with open(shared / "demo-ws.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds, the others wait and reuse
        if not done.exists():
            result = demo(root)
            done.write_text(json.dumps(result, default=str), encoding="utf-8")
    return root, json.loads(done.read_text(encoding="utf-8"))


@pytest.fixture
def demo_copy(demo_workspace, tmp_path):
    """A private copy of the demo workspace that a test may change."""
    import shutil

    root, _ = demo_workspace
    dest = tmp_path / "demo"
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("_lock"))
    return dest
