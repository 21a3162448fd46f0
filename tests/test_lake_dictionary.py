"""The data dictionary's quarantine reasons are the code's: the same list, and the lake refuses
any other code, so no row can carry a reason the dictionary does not explain."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from talentcast import schema
from talentcast.errors import ValidationError
from talentcast.lake import Lake

ROOT = Path(__file__).parents[1]


def _documented_reasons() -> dict[str, str]:
    doc = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    section = doc.split("### Quarantine reason codes", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `([a-z_]+)` \| (.+?) \|$", section, flags=re.M))


def test_dictionary_lists_exactly_the_reasons_of_the_code() -> None:
    assert _documented_reasons() == schema.REASONS
    assert schema.QUARANTINE.column("reason").allowed == tuple(schema.REASONS)


def test_the_lake_refuses_an_undocumented_reason(tmp_path: Path) -> None:
    q = pd.DataFrame({"source_table": ["postings"], "file": ["a.csv"], "line": [1], "raw": ["x"],
                      "reason": ["made_up_reason"], "detail": [None]})
    lake = Lake(tmp_path / "lake")
    with pytest.raises(ValidationError, match="quarantine.reason"):
        with lake.transaction() as tx:
            tx.append("quarantine", q)
    assert not lake.exists("quarantine")


def test_reasons_named_in_the_ingest_modules_are_documented() -> None:
    """Reason codes quoted in the ingestors (docstrings, ``reason = "…"``, ``_q(…, "…", …)``)."""
    named: set[str] = set()
    for f in (ROOT / "src" / "talentcast" / "ingest").glob("*.py"):
        text = f.read_text(encoding="utf-8")
        named |= set(re.findall(r"^\* ``([a-z]+(?:_[a-z]+)+)``: ", text, flags=re.M))  # docstring lists of reasons
        named |= set(re.findall(r'reason\s*=\s*"([a-z]+(?:_[a-z]+)+)"', text))  # assignments
        named |= set(re.findall(r'np\.where\([^,]+, "([a-z]+(?:_[a-z]+)+)"', text))
    assert {"college_code_missing", "missing_required"} <= named  # the scan finds what it should
    assert named <= set(schema.REASONS), named - set(schema.REASONS)
