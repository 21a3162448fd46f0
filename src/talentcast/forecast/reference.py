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
    # One vectorised pass over the referenced series' rows (a row mask per series made the
    # pipeline's backtest, which blends at every origin, seconds slower).
    ref = pd.Series({str(k): str(v) for k, v in reference.items()}, dtype=object)
    sel = out.index[out["series_id"].astype(str).isin(ref.index)]
    sids = out.loc[sel, "series_id"].astype(str)
    rids = sids.map(ref)
    t = sids.map(last["last_period"]).to_numpy(dtype=float)
    r0 = path.reindex(pd.MultiIndex.from_arrays([rids.to_numpy(), t])).to_numpy(dtype=float)
    rk = path.reindex(pd.MultiIndex.from_arrays([rids.to_numpy(), out.loc[sel, "period"].to_numpy(dtype=float)])).to_numpy(dtype=float)
    good_row = pd.Series(np.isfinite(r0) & (r0 > 0) & np.isfinite(rk), index=sel)
    good = good_row.groupby(sids).all()
    max_year = out.loc[sel, "period"].groupby(sids).max()
    nonneg = (hist["value"] >= 0).groupby(hist["series_id"].astype(str)).all() if nonnegative else None
    use = sids.map(good).fillna(False).to_numpy(dtype=bool) & rids.isin(last.index).to_numpy()
    rows = sel[use]
    if len(rows):
        ss = sids[use].map(last["last"]).to_numpy(dtype=float) * rk[use] / r0[use]
        shift = weight * (ss - out.loc[rows, "mean"].to_numpy(dtype=float))
        for c in ["mean", *bound_cols]:
            out.loc[rows, c] = out.loc[rows, c].to_numpy(dtype=float) + shift
        if nonnegative:
            clip = rows[sids[use].map(nonneg).fillna(False).to_numpy(dtype=bool)]
            out.loc[clip, ["mean", *bound_cols]] = out.loc[clip, ["mean", *bound_cols]].clip(lower=0.0)
    present = set(sids)
    for sid, rid in reference.items():
        sid, rid = str(sid), str(rid)
        if sid not in present:
            continue
        if rid not in last.index:
            flags.append((sid, "reference_ignored", f"reference series {rid} is not in the input"))
        elif not good.get(sid, False):
            tt = int(last.at[sid, "last_period"])
            flags.append((sid, "reference_ignored",
                          f"reference series {rid} has no positive value in {tt} or no path to {int(max_year[sid])}"))
        else:
            flags.append((sid, "reference", f"combined with the shift-share forecast on {rid} (weight {weight:g})"))
    return out, flags
