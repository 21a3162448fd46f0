"""Ex-post record: a past forecast, made with the data of its time, scored on what followed.

The way the BLS evaluates its employment projections: cut the history at an origin year
(2014 for Henan), forecast the sections and their total as the pipeline would (2013
revision declared, sections reconciled to the total), and compare every forecast year
with the official figure published since, beside the naive forecast (the last value
carried forward) made at the same origin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import ForecastError
from .api import forecast_frame
from .panel import validate
from .reconcile import reconcile

#: Columns of :func:`expost_record` (the ``mart_expost`` mart).
EXPOST_COLUMNS = [
    "series_id",
    "origin_year",
    "period",
    "horizon_years",
    "actual",
    "forecast",
    "naive",
    "error_pct",
    "naive_error_pct",
    "abs_error_pct",
    "naive_abs_error_pct",
    "beats_naive",
]


def expost_record(
    history: pd.DataFrame,
    origin: int,
    horizon: int = 3,
    *,
    total: str | None = None,
    level_shifts: Mapping[str, Sequence[int]] | None = None,
    reference: Mapping[str, str] | None = None,
    reference_data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Forecast from data up to ``origin`` and score the following years against actuals.

    Args:
        history: Long table (series_id, period, value) holding the years after the origin
            too (the actuals).
        origin: Last year the forecast may see (e.g. 2014).
        horizon: Years forecast after the origin (scored where actuals exist).
        total: Series id of the total whose children are all other series; when given the
            sections are reconciled to it (MinT with shrinkage, as the pipeline does).
        level_shifts: Declared breaks, as for :func:`forecast_frame` (e.g. {"*": [2013]}).
        reference, reference_data: Reference series (the same sections nationally), as for
            :func:`forecast_frame`; only their years up to the origin are used.

    Returns:
        One row per series and scored year (columns :data:`EXPOST_COLUMNS`): errors are
        (forecast − actual) / actual in percent, signed and absolute, for the engine and
        for naive; ``beats_naive`` is True where the engine's absolute error is smaller.
        A final row per year with ``series_id`` "ALL (mean over series)" averages the
        absolute errors.

    Raises:
        ForecastError: No series has data at or before the origin, or none after it.
    """
    d = validate(history)
    train = d[d["period"] <= origin]
    future = d[(d["period"] > origin) & (d["period"] <= origin + horizon)]
    if train.empty or future.empty:
        raise ForecastError(
            f"ex-post record: need data up to {origin} and after it; the history covers "
            f"{int(d['period'].min())}–{int(d['period'].max())}",
            hint="Give a history that extends past the origin year (the actuals to score against).",
        )
    last_year = train.groupby("series_id")["period"].max()
    train = train[train["series_id"].isin(last_year[last_year == origin].index)]
    if reference_data is not None:
        reference_data = validate(reference_data)
        reference_data = reference_data[reference_data["period"] <= origin]
    fc = forecast_frame(train, horizon, level_shifts=level_shifts, reference=reference, reference_data=reference_data)
    if total is not None and total in set(fc["series_id"]):
        children = sorted(set(fc["series_id"]) - {total})
        hierarchy = pd.DataFrame({"parent": total, "child": children})
        fc = reconcile(fc, hierarchy, "mint_shrink", history_df=train)
    last = train.sort_values("period").groupby("series_id")["value"].last().rename("naive")
    m = (
        fc[["series_id", "period", "mean"]]
        .rename(columns={"mean": "forecast"})
        .merge(future.rename(columns={"value": "actual"}), on=["series_id", "period"])
        .merge(last, left_on="series_id", right_index=True)
    )
    m["origin_year"] = int(origin)
    m["horizon_years"] = (m["period"] - origin).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        act = m["actual"].where(m["actual"] != 0)
        m["error_pct"] = 100 * (m["forecast"] - act) / act
        m["naive_error_pct"] = 100 * (m["naive"] - act) / act
    m["abs_error_pct"] = m["error_pct"].abs()
    m["naive_abs_error_pct"] = m["naive_error_pct"].abs()
    m["beats_naive"] = m["abs_error_pct"] < m["naive_abs_error_pct"]
    summary = (
        m.groupby("period", as_index=False)
        .agg(
            horizon_years=("horizon_years", "first"),
            abs_error_pct=("abs_error_pct", "mean"),
            naive_abs_error_pct=("naive_abs_error_pct", "mean"),
        )
        .assign(series_id="ALL (mean over series)", origin_year=int(origin))
    )
    summary["beats_naive"] = summary["abs_error_pct"] < summary["naive_abs_error_pct"]
    out = pd.concat([m.sort_values(["series_id", "period"]), summary], ignore_index=True)
    out["period"] = out["period"].astype(np.int64)
    return out[EXPOST_COLUMNS].reset_index(drop=True)
