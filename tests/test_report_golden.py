"""Golden Markdown of the report fixture (marts computed by the real analysis; see tests/data/report).

Regenerate after an intended change with::

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_golden.py

then review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
from pathlib import Path

import pytest

from talentcast.report.context import build_context
from talentcast.report.render import render_md

#: Subprocess, rendering or whole-pipeline tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location("report_loader", Path(__file__).parent / "data/report/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize(("group", "lang"), [("g-electronics", "zh"), ("g-electronics", "en"), ("g-empty", "zh"),
                                             (None, "zh")])
def test_markdown_matches_golden(group, lang) -> None:
    ctx = build_context(loader.load_marts(), loader.load_registry(), group, lang=lang, names=loader.load_names(),
                        edition=loader.EDITION)
    text = render_md(ctx)
    path = GOLDEN / f"report_{group or 'province'}_{lang}.md"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with UPDATE_GOLDEN=1 to create it"
    want = path.read_text(encoding="utf-8")
    if text != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), text.splitlines(True), "golden", "now", n=1))
        pytest.fail(f"Markdown differs from {path.name} (set UPDATE_GOLDEN=1 if intended):\n{diff[:4000]}")
