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

from talentcast import schema as _schema

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


#: Lake mart comparing the previous edition's forecast with the figures published since.
CHECK_TABLE = "mart_previous_forecast"
CHECK_COLUMNS = _schema.get(CHECK_TABLE).names  # one spec: schema.toml


def previous_check(vintages: pd.DataFrame, employment: pd.DataFrame) -> pd.DataFrame:
    """The previous edition's forecast against the employment figures in the lake now.

    The previous edition is the newest stored vintage with a forecast year that now has an
    official figure; when no vintage has one, the newest with any figure (a bridge estimate)
    for a forecast year. A vintage's own run is never "previous" to itself: its forecast years
    all lie after the history it saw, so it has no figure yet and is passed over.

    Args:
        vintages: The ``forecast_vintages`` table (every stored run).
        employment: ``mart_employment`` (its history rows are the figures compared with; only
            the ``history`` kind is read) or history rows with the same columns.

    Returns:
        One row per series and forecast year of that vintage with a figure now (columns
        :data:`CHECK_COLUMNS`): the forecast, the figure and its status, the naive forecast
        (the last history value the vintage saw) and both errors in % of the figure. Empty,
        with these columns, when no vintage is stored or none has a figure yet.
    """
    empty = _empty_check()
    if vintages.empty or employment.empty:
        return empty
    hist = employment
    if "kind" in hist.columns:
        hist = hist[hist["kind"] == "history"]
    if "scenario" in hist.columns:
        hist = hist[hist["scenario"].isna() | (hist["scenario"] == "baseline")]
    value = "mean" if "mean" in hist.columns else "value"
    act = pd.DataFrame({
        "series_id": hist["region_code"].astype(str) + ":" + hist["industry_code"].astype(str),
        "period": hist["year"].astype(np.int64),
        "region_code": hist["region_code"].astype(str),
        "industry_code": hist["industry_code"].astype(str),
        "industry_level": hist["industry_level"].astype(str),
        "actual": hist[value].astype(float),
        "actual_status": hist["status"].astype(str),
    })
    v = vintages.astype({"series_id": str, "vintage": str})
    v = v[v["history_last_period"].notna()]
    m = v.assign(period=v["period"].astype(np.int64)).merge(act, on=["series_id", "period"], how="inner")
    m = m[(m["period"] > m["history_last_period"].astype(np.int64)) & m["actual"].notna()]
    if m.empty:
        return empty
    official = m.loc[m["actual_status"] == "official", "vintage"]
    vid = max(official) if len(official) else max(m["vintage"])  # ids sort by run time
    m = m[m["vintage"] == vid]
    a = m["actual"].where(m["actual"] != 0)
    out = pd.DataFrame({
        "vintage": vid,
        "created_at": pd.to_datetime(m["created_at"], utc=True),
        "edition": pd.array([edition_of(m["settings_json"].iloc[0])] * len(m), dtype="Int64"),
        "history_last_year": m["history_last_period"].astype(np.int64),
        "region_code": m["region_code"],
        "industry_code": m["industry_code"],
        "industry_level": m["industry_level"],
        "year": m["period"],
        "horizon_years": m["period"] - m["history_last_period"].astype(np.int64),
        "forecast": m["mean"].astype(float),
        "actual": m["actual"],
        "actual_status": m["actual_status"],
        "naive": m["history_last_value"].astype(float),
        "error_pct": 100 * (m["mean"].astype(float) - a) / a,
        "naive_error_pct": 100 * (m["history_last_value"].astype(float) - a) / a,
    })
    return out.sort_values(["region_code", "industry_code", "year"]).reset_index(drop=True)[CHECK_COLUMNS]


def edition_of(settings_json: str) -> int | None:
    """The report edition a vintage's run was made for (None for runs that did not record it)."""
    try:
        edition = json.loads(settings_json).get("edition")
    except (TypeError, ValueError, AttributeError):
        return None
    return int(edition) if isinstance(edition, (int, str)) and str(edition).isdigit() else None


def _empty_check() -> pd.DataFrame:
    """An empty :data:`CHECK_COLUMNS` frame with the mart's dtypes (from its spec)."""
    return _schema.validate(CHECK_TABLE, pd.DataFrame(columns=CHECK_COLUMNS))
