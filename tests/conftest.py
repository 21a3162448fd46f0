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
