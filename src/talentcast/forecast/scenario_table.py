"""The ``scenarios`` mart: each scenario adjustment with its assumption, as the reports quote it.

Reports show a plan scenario beside the baseline and must quote the assumptions written in the
scenario file. The report context is pure (no file reads), so the assumptions reach it as a
small table built here from :class:`talentcast.forecast.scenarios.Scenario` objects:

    scenario, description, adjustment, series, region_code, industry_code, years, first_year,
    last_year, rule, value, share_of, assumption, assumption_zh, source

One row per adjustment × series id (a list of series gives several rows; a prefix or glob is
kept as written, with ``industry_code`` empty when it is not a single code).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

SCENARIO_COLUMNS = ["scenario", "description", "adjustment", "series", "region_code", "industry_code", "years",
                    "first_year", "last_year", "rule", "value", "share_of", "assumption", "assumption_zh", "source"]


def scenarios_table(scenarios: Iterable[Any] | Any | None) -> pd.DataFrame:
    """Rows of the ``scenarios`` mart from one or more parsed scenarios (pure).

    Args:
        scenarios: A ``Scenario`` (talentcast.forecast.load_scenario), an iterable of them, or None.

    Returns:
        A DataFrame with :data:`SCENARIO_COLUMNS` (empty when there is no scenario).
    """
    if scenarios is None:
        return pd.DataFrame(columns=SCENARIO_COLUMNS)
    if hasattr(scenarios, "adjustments"):
        scenarios = [scenarios]
    rows = []
    for sc in scenarios:
        for k, adj in enumerate(sc.adjustments, start=1):
            ids = list(adj.series) or ([f"{adj.prefix}*"] if adj.prefix else [])
            years = tuple(adj.years)
            for sid in ids:
                region, _, industry = str(sid).partition(":")
                single = bool(industry) and not any(ch in industry for ch in "*?[")
                rows.append({
                    "scenario": sc.name, "description": sc.description, "adjustment": k, "series": str(sid),
                    "region_code": region if single else None, "industry_code": industry if single else None,
                    "years": f"{min(years)}–{max(years)}" if years else "",
                    "first_year": min(years) if years else None, "last_year": max(years) if years else None,
                    "rule": adj.kind, "value": float(adj.value), "share_of": adj.share_of,
                    "assumption": " ".join(adj.assumption.split()),
                    "assumption_zh": " ".join(getattr(adj, "assumption_zh", "").split()) or None, "source": adj.source,
                })
    return pd.DataFrame(rows, columns=SCENARIO_COLUMNS)


def scenario_mart(path: str | Path | None) -> pd.DataFrame:
    """The ``scenarios`` mart for a scenario file (I/O edge: reads and validates the TOML).

    Args:
        path: The scenario file the forecast applied (``Settings.scenario``), or None.

    Raises:
        InputFileError, ValidationError: as :func:`talentcast.forecast.load_scenario`.
    """
    if path is None:
        return scenarios_table(None)
    from talentcast.forecast import load_scenario  # noqa: PLC0415 - forecast is heavy; only when needed

    return scenarios_table(load_scenario(path))
