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
