"""Plan priorities: the province's plan texts that name an industry to grow, mapped to classes.

The packaged table ``data/analysis/plan_priorities.csv`` quotes each priority from its plan
(document, date, exact quotation, URL) and maps it to GB/T 4754 divisions and major classes.
The quotation is a fact; the mapping to classes is talentcast's judgement (``mapping_note``)
and is what an expert should review. A workspace may add rows or replace a packaged row by
``priority_id`` in ``<workspace>/overrides/plan_priorities.csv`` (same columns); a replacing
row with no ``major_classes`` switches the priority off.

Suggestions use the table to show, never to decide: a call against a priority is issued as a
conflict for expert review (see :func:`talentcast.analysis.suggestions.apply_rules`).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from talentcast.errors import ConfigError
from talentcast.resources import resource_path

PLAN_COLUMNS = ["priority_id", "industry_zh", "direction", "document", "issued", "quote", "source_url", "source_note",
                "industry_codes", "major_classes", "mapping_note"]
_REQUIRED = ("priority_id", "industry_zh", "direction", "document", "quote", "source_url")
DIRECTIONS = ("grow",)


def default_plan_path() -> Path:
    """Return the packaged ``data/analysis/plan_priorities.csv``."""
    return resource_path("data") / "analysis" / "plan_priorities.csv"


def _read(path: Path) -> pd.DataFrame:
    """Read and check one priority table; every error names the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"plan-priority table {path} not found", hint="pass an existing CSV or remove the setting") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in _REQUIRED + ("major_classes",) if c not in (reader.fieldnames or [])]
    if missing:
        raise ConfigError(f"plan-priority table {path} lacks column(s) {missing}",
                          hint=f"use the header of the packaged table: {','.join(PLAN_COLUMNS)}")
    rows = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        row = {k: (row.get(k) or "").strip() for k in PLAN_COLUMNS}
        empty = [k for k in _REQUIRED if not row[k]]
        if empty:
            raise ConfigError(f"{path} line {line}: {', '.join(empty)} must not be empty",
                              hint="every priority quotes its plan: document, quotation and URL")
        if row["direction"] not in DIRECTIONS:
            raise ConfigError(f"{path} line {line}: direction {row['direction']!r} is not one of {DIRECTIONS}")
        if row["priority_id"] in seen:
            raise ConfigError(f"{path} line {line}: duplicate priority_id {row['priority_id']!r}")
        seen.add(row["priority_id"])
        bad = [c for c in _split(row["major_classes"]) if not (len(c) == 4 and c.isdigit())]
        if bad:
            raise ConfigError(f"{path} line {line}: major class(es) {bad} are not 4-digit class codes",
                              hint="separate classes with ';', e.g. 4601;4602")
        rows.append(row)
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def _split(text: str) -> list[str]:
    return [x.strip() for x in str(text or "").split(";") if x.strip()]


def load_plan_priorities(override_path: Path | str | None = None, base_path: Path | str | None = None) -> pd.DataFrame:
    """The packaged priorities with a workspace's additions and replacements.

    Args:
        override_path: A workspace table; its rows replace packaged rows of the same
            ``priority_id`` and add the others. None: the packaged table alone.
        base_path: The base table; the packaged one when None.

    Returns:
        One row per priority (PLAN_COLUMNS), switched-off priorities removed.

    Raises:
        ConfigError: a missing file, a missing column or an invalid row (names file and line).
    """
    base = _read(Path(base_path) if base_path is not None else default_plan_path())
    if override_path is not None:
        extra = _read(Path(override_path))
        base = pd.concat([base[~base["priority_id"].isin(extra["priority_id"])], extra], ignore_index=True)
    return base[base["major_classes"].map(lambda s: bool(_split(s)))].reset_index(drop=True)


def priorities_by_class(plan: pd.DataFrame) -> dict[str, list[dict[str, str]]]:
    """Major class → the priorities that name it (in table order)."""
    out: dict[str, list[dict[str, str]]] = {}
    for row in plan.to_dict("records"):
        for c in _split(row["major_classes"]):
            out.setdefault(c, []).append(row)
    return out


def plan_reference(priorities: list[dict[str, str]]) -> str:
    """The quoted plan text a conflict cites: 《document》“quote” for each priority (deduplicated)."""
    refs = dict.fromkeys(f"《{p['document']}》“{p['quote']}”" for p in priorities)
    return "；".join(refs)
