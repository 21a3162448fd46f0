"""Forecast vintages: every `forecast` run kept, so it can be scored when the actuals arrive.

A vintage is the baseline employment forecast of one run, with what it was made from: a
fingerprint of the ingested statistics files (the manifest's content hashes), the settings
that shape the forecast, the last year and value of each series' history (for the naive
comparison) and the run time. :func:`score_vintage` compares a vintage with actuals ingested
since: by series and year, error in % of the actual, whether the actual fell inside the 80 /
95 % intervals, and the naive forecast's error from the same history.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from ..errors import ForecastError

#: Lake table holding every vintage (one row per series and forecast year).
TABLE = "forecast_vintages"
VINTAGE_COLUMNS = [
    "vintage",
    "created_at",
    "inputs_fingerprint",
    "settings_json",
    "series_id",
    "period",
    "mean",
    "lo_80",
    "hi_80",
    "lo_95",
    "hi_95",
    "history_last_period",
    "history_last_value",
]
SCORE_COLUMNS = [
    "vintage",
    "series_id",
    "period",
    "horizon_years",
    "forecast",
    "actual",
    "naive",
    "error_pct",
    "naive_error_pct",
    "inside_80",
    "inside_95",
]


def fingerprint(hashes: Iterable[str]) -> str:
    """One sha256 over a set of input-file content hashes (order does not matter)."""
    h = hashlib.sha256()
    for x in sorted(set(map(str, hashes))):
        h.update(x.encode())
        h.update(b"\n")
    return h.hexdigest()


def make_vintage(
    forecast: pd.DataFrame,
    history: pd.DataFrame,
    settings: Mapping,
    inputs_fingerprint: str,
    created_at: datetime | None = None,
) -> pd.DataFrame:
    """Rows of one vintage from a run's forecasts and the history it saw.

    Args:
        forecast: series_id, period, mean, lo_80, hi_80, lo_95, hi_95 (only rows whose
            ``kind`` is "forecast" and ``scenario`` "baseline" are kept when those columns
            exist, so the employment mart can be passed as it is).
        history: Long table (series_id, period, value) the forecast was made from.
        settings: JSON-serialisable settings that shape the forecast (horizon, region, …).
        inputs_fingerprint: :func:`fingerprint` of the input files.
        created_at: Run time (UTC); default now.

    Returns:
        Columns :data:`VINTAGE_COLUMNS`; ``vintage`` is ``YYYYmmddTHHMMSSZ-<8 hex>`` (time,
        then a hash of inputs and settings), so it sorts by time.
    """
    f = forecast
    if "kind" in f.columns:
        f = f[f["kind"] == "forecast"]
    if "scenario" in f.columns:
        f = f[f["scenario"] == "baseline"]
    created_at = (created_at or datetime.now(timezone.utc)).astimezone(timezone.utc)
    settings_json = json.dumps(dict(settings), sort_keys=True, default=str, ensure_ascii=False)
    tag = hashlib.sha256((inputs_fingerprint + settings_json).encode()).hexdigest()[:8]
    vid = created_at.strftime("%Y%m%dT%H%M%SZ") + "-" + tag
    last = history.sort_values("period").groupby("series_id").tail(1).set_index("series_id")
    out = pd.DataFrame(
        {
            "vintage": vid,
            "created_at": pd.Timestamp(created_at).tz_convert("UTC"),
            "inputs_fingerprint": inputs_fingerprint,
            "settings_json": settings_json,
            "series_id": f["series_id"].astype(str).to_numpy(),
            "period": f["period"].astype(np.int64).to_numpy(),
        }
    )
    for c in ("mean", "lo_80", "hi_80", "lo_95", "hi_95"):
        out[c] = f[c].astype(float).to_numpy() if c in f.columns else np.nan
    out["history_last_period"] = out["series_id"].map(last["period"]).astype("Int64")
    out["history_last_value"] = out["series_id"].map(last["value"]).astype(float)
    return out[VINTAGE_COLUMNS]


def resolve(vintages: pd.DataFrame, vintage: str) -> str:
    """The vintage id meant by ``vintage``: an id, a unique prefix of one, or "latest"/"previous".

    Raises:
        ForecastError: No such vintage, or an ambiguous prefix (lists the known ids).
    """
    ids = sorted(vintages["vintage"].astype(str).unique())
    if not ids:
        raise ForecastError("no forecast vintage is stored yet", hint="Run `talentcast forecast` first; every run is kept.")
    if vintage in ("latest", "previous"):
        k = 1 if vintage == "latest" else 2
        if len(ids) < k:
            raise ForecastError("only one forecast vintage is stored: there is no previous one")
        return ids[-k]
    hits = [i for i in ids if i.startswith(vintage)]
    if len(hits) != 1:
        what = "is ambiguous" if hits else "is not stored"
        raise ForecastError(f"vintage {vintage!r} {what}", hint="Known vintages: " + ", ".join(ids[-10:]))
    return hits[0]


def score_vintage(vintages: pd.DataFrame, vintage: str, actuals: pd.DataFrame) -> pd.DataFrame:
    """Score a stored vintage against actuals (series_id, period, value) published since.

    Returns:
        One row per series and forecast year that has an actual (columns
        :data:`SCORE_COLUMNS`); errors are (forecast − actual) / actual in %; ``naive`` is the
        last value of the history the vintage saw. Empty when no actual has arrived yet.
    """
    vid = resolve(vintages, vintage)
    v = vintages[vintages["vintage"].astype(str) == vid]
    a = actuals[["series_id", "period", "value"]].astype({"series_id": str, "period": np.int64})
    m = v.merge(a, on=["series_id", "period"], how="inner")
    m = m[m["period"] > m["history_last_period"].astype(float)]
    act = m["value"].where(m["value"] != 0)
    out = pd.DataFrame(
        {
            "vintage": vid,
            "series_id": m["series_id"],
            "period": m["period"].astype(np.int64),
            "horizon_years": (m["period"] - m["history_last_period"].astype(float)).astype(np.int64),
            "forecast": m["mean"],
            "actual": m["value"],
            "naive": m["history_last_value"],
            "error_pct": 100 * (m["mean"] - act) / act,
            "naive_error_pct": 100 * (m["history_last_value"] - act) / act,
            "inside_80": (m["value"] >= m["lo_80"]) & (m["value"] <= m["hi_80"]),
            "inside_95": (m["value"] >= m["lo_95"]) & (m["value"] <= m["hi_95"]),
        }
    )
    return out.sort_values(["series_id", "period"]).reset_index(drop=True)[SCORE_COLUMNS]


def from_employment_mart(mart: pd.DataFrame, settings: Mapping, inputs_fingerprint: str,
                         created_at: datetime | None = None) -> pd.DataFrame:
    """:func:`make_vintage` from the ``mart_employment`` mart (history and forecast rows)."""
    sid = mart["region_code"].astype(str) + ":" + mart["industry_code"].astype(str)
    long = mart.assign(series_id=sid, period=mart["year"].astype(np.int64))
    hist = long[long["kind"] == "history"].rename(columns={"mean": "value"})[["series_id", "period", "value"]]
    return make_vintage(long, hist, settings, inputs_fingerprint, created_at)
