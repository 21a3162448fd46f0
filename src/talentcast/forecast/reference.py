"""Shift-share with a reference series: a region's section forecast pooled with the nation's.

A province's section series are short (Henan: nine years, a census revision inside), and the
same section nationally is longer and less noisy. Regional projections (BLS state
projections, Cedefop's regional skills forecasts) therefore read a region's growth partly
from the national industry's: the *shift-share* forecast of series i with reference r is

    ss_i(t + k) = y_i(t) · r(t + k) / r(t),

t the last year of series i, r(t + k) the reference's observed value where it exists, else
its forecast. The result is the equal-weight combination of the series' own forecast and
this one, ``(1 − w)·own + w·ss`` with w = :data:`REFERENCE_WEIGHT` = ½: equal weights
because two forecasts and four origins of evidence cannot estimate a better weight (the
forecast-combination puzzle). Intervals keep the own forecast's widths, moved with the mean
(they were calibrated on the own forecast's errors, which the combination only reduced on
the evidence below).

Evidence (benchmarks/RESULTS.md, issue 14, fourth round): on the selection half of the
Henan sections (10 series, origins 2013–2016, h = 3, the national sections forecast from
data up to the same origin) OWA 0.760 → 0.712, better at each of the four origins; MSIS of
the 80 % interval 7.62 → 7.28.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

#: Weight of the shift-share forecast against the series' own (equal weights, see above).
REFERENCE_WEIGHT = 0.5


def blend_with_reference(
    fc: pd.DataFrame,
    history: pd.DataFrame,
    reference: Mapping[str, str],
    reference_fc: pd.DataFrame | None = None,
    reference_history: pd.DataFrame | None = None,
    *,
    weight: float = REFERENCE_WEIGHT,
    nonnegative: bool = True,
) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """Combine each referenced series' forecast with its shift-share forecast (pure).

    Args:
        fc: Forecasts (series_id, period, mean, lo_<L>, hi_<L>, ...) of ``history``.
        history: The long table (series_id, period, value) ``fc`` was made from.
        reference: Series id -> id of its reference series (e.g. "410000:C" -> "100000:C").
            The reference is looked up in ``history``/``fc`` first, then in
            ``reference_history``/``reference_fc``.
        reference_fc, reference_history: Forecasts and history of reference series that are
            not in ``history`` (forecast separately).
        weight: Weight of the shift-share forecast (0 = the own forecast unchanged).
        nonnegative: Clip means and bounds at zero for series whose history is >= 0.

    Returns:
        (forecasts with ``mean`` and the bounds moved, flags as (series_id, flag, detail)).
        Series whose reference is missing, ends before them, or is not positive at their
        last year keep their own forecast and are flagged ``reference_ignored``.
    """
    if not reference or weight == 0:
        return fc, []
    hist = history if reference_history is None else pd.concat([history, reference_history], ignore_index=True)
    fcs = fc if reference_fc is None else pd.concat([fc, reference_fc], ignore_index=True)
    # Observed values win over forecasts of the same year: a reference that runs past the
    # series' last year gives its actual growth there.
    path = pd.concat(
        [fcs[["series_id", "period", "mean"]].rename(columns={"mean": "value"}).assign(_obs=0),
         hist[["series_id", "period", "value"]].assign(_obs=1)],
        ignore_index=True,
    ).sort_values("_obs").drop_duplicates(["series_id", "period"], keep="last").set_index(["series_id", "period"])["value"]
    last = hist.sort_values("period").groupby("series_id").agg(last_period=("period", "last"), last=("value", "last"))
    out = fc.copy()
    flags: list[tuple[str, str, str]] = []
    bound_cols = [c for c in out.columns if c.startswith(("lo_", "hi_"))]
    for sid, rid in reference.items():
        rows = out.index[out["series_id"] == sid]
        if rows.empty:
            continue
        if rid not in last.index:
            flags.append((sid, "reference_ignored", f"reference series {rid} is not in the input"))
            continue
        t = int(last.at[sid, "last_period"])
        years = out.loc[rows, "period"].to_numpy()
        r0 = path.get((rid, t), np.nan)
        rk = np.array([path.get((rid, int(y)), np.nan) for y in years])
        if not (np.isfinite(r0) and r0 > 0 and np.all(np.isfinite(rk))):
            flags.append((sid, "reference_ignored", f"reference series {rid} has no positive value in {t} or no path to {years.max()}"))
            continue
        ss = float(last.at[sid, "last"]) * rk / r0
        shift = weight * (ss - out.loc[rows, "mean"].to_numpy())
        out.loc[rows, "mean"] += shift
        for c in bound_cols:
            out.loc[rows, c] += shift
        if nonnegative and (hist.loc[hist["series_id"] == sid, "value"] >= 0).all():
            out.loc[rows, ["mean", *bound_cols]] = out.loc[rows, ["mean", *bound_cols]].clip(lower=0.0)
        flags.append((sid, "reference", f"combined with the shift-share forecast on {rid} (weight {weight:g})"))
    return out, flags
