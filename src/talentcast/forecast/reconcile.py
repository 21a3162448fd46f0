"""Coherent forecasts: divisions sum to sections, sections to the total, cities to the province.

The hierarchy is a table of edges (parent, child). Leaves (series that are never a
parent) are the bottom level; every other series is the sum of the leaves below it.
With the summing matrix S (all series × leaves) and base forecasts ŷ (all series), a
reconciled forecast is ỹ = S G ŷ:

- ``bottom_up``: G picks the leaves' own forecasts.
- ``ols``: G = (SᵀS)⁻¹Sᵀ (Hyndman et al. 2011).
- ``mint_shrink``: G = (SᵀW⁻¹S)⁻¹SᵀW⁻¹ with W the covariance of one-step backtest errors,
  shrunk towards its diagonal (Schäfer–Strimmer intensity; Wickramasuriya et al. 2019).
  Needs ``history_df``; without it (or with too few errors) W is diagonal with each series'
  squared forecast level (WLS by scale: discrepancies are shared in proportion to size, so
  small series are not wiped out), and the result says so in
  its ``model`` column.

Non-negativity: after reconciliation any negative leaf is set to zero and the tree is
summed bottom-up again, which keeps coherence (a simple, documented heuristic; exact
non-negative MinT needs a quadratic programme).

Intervals: each series keeps the widths of its own base interval (distance of lo/hi
from its base mean), re-centred on the reconciled mean and clipped at zero. This is an
approximation: the parents' intervals are not sums of the children's (errors are not
perfectly correlated), and reconciling the means does not change how uncertain each
series is. Interval columns are therefore not themselves coherent, by design.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import ValidationError
from .ensemble import EnsembleConfig, backtest_members
from .panel import to_panel, validate

METHODS = ("bottom_up", "ols", "mint_shrink")


def summing_matrix(hierarchy_df: pd.DataFrame, series: list[str] | None = None) -> tuple[list[str], list[str], np.ndarray]:
    """Nodes, leaves and the summing matrix S (nodes × leaves) of a (parent, child) table.

    Args:
        hierarchy_df: Edges with columns parent, child (series ids).
        series: Extra series to include as isolated nodes (e.g. forecasts outside the tree).

    Raises:
        ValidationError: Missing columns, a cycle, or a child with two parents.
    """
    miss = [c for c in ("parent", "child") if c not in hierarchy_df.columns]
    if miss:
        raise ValidationError(f"hierarchy: missing column(s) {', '.join(miss)}", [f"column '{c}' is required" for c in miss])
    e = hierarchy_df[["parent", "child"]].astype(str).drop_duplicates()
    fails = []
    multi = e.groupby("child")["parent"].nunique()
    for c in multi[multi > 1].index:
        fails.append(f"child {c} has several parents: {', '.join(sorted(e.loc[e.child == c, 'parent']))}")
    for _, r in e[e.parent == e.child].iterrows():
        fails.append(f"{r.parent} is its own child")
    if fails:
        raise ValidationError("hierarchy: not a tree", fails, hint="Give each child one parent; use one hierarchy per call.")
    children: dict[str, list[str]] = {}
    for p, c in zip(e.parent, e.child):
        children.setdefault(p, []).append(c)
    nodes = list(dict.fromkeys(list(e.parent) + list(e.child) + list(series or [])))
    leaves = [n for n in nodes if n not in children]
    li = {n: j for j, n in enumerate(leaves)}
    S = np.zeros((len(nodes), len(leaves)))
    memo: dict[str, set[str]] = {}

    def below(n: str, stack: tuple[str, ...] = ()) -> set[str]:
        if n in stack:
            raise ValidationError("hierarchy: cycle", [" -> ".join(stack + (n,))])
        if n not in memo:
            memo[n] = {n} if n not in children else set().union(*(below(c, stack + (n,)) for c in children[n]))
        return memo[n]

    for i, n in enumerate(nodes):
        for leaf in below(n):
            S[i, li[leaf]] = 1.0
    return nodes, leaves, S


def _shrunk_covariance(E: np.ndarray) -> tuple[np.ndarray, float]:
    """Schäfer–Strimmer shrinkage of the error covariance towards its diagonal.

    Args:
        E: (n_obs, n_series) errors (rows with NaN dropped by the caller).
    """
    n = E.shape[0]
    Ec = E - E.mean(axis=0)
    S = Ec.T @ Ec / max(n - 1, 1)
    sd = np.sqrt(np.maximum(np.diag(S), 1e-12))
    Z = Ec / sd
    R = Z.T @ Z / max(n - 1, 1)
    # Variance of the correlation estimates (Schäfer & Strimmer 2005, target: diagonal).
    W = np.einsum("ki,kj->kij", Z, Z)
    var_r = n / max((n - 1) ** 3, 1) * ((W - W.mean(axis=0)) ** 2).sum(axis=0)
    off = ~np.eye(R.shape[0], dtype=bool)
    denom = (R[off] ** 2).sum()
    lam = float(np.clip(var_r[off].sum() / denom, 0.0, 1.0)) if denom > 0 else 1.0
    Rs = (1 - lam) * R
    np.fill_diagonal(Rs, 1.0)
    return Rs * np.outer(sd, sd), lam


def _one_step_errors(history_df: pd.DataFrame, nodes: list[str], cfg: EnsembleConfig, n_origins: int = 8) -> np.ndarray:
    """(origins, nodes) one-step backtest errors of the engine's median, aligned by node."""
    d = validate(history_df, what="history")
    d = d[d["series_id"].isin(nodes)]
    if d.empty:
        return np.zeros((0, len(nodes)))
    p = to_panel(d)
    bt = backtest_members(p.Y, 1, cfg.members, list(range(1, n_origins + 1)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN where a series was too short
        Fc = np.nanmedian(bt.forecasts, axis=1)[:, :, 0]
    err = bt.actuals[:, :, 0] - Fc  # (origins, series of p)
    out = np.full((err.shape[0], len(nodes)), np.nan)
    pos = {s: i for i, s in enumerate(nodes)}
    # Origins count back from each series' own end; align by calendar year instead.
    years = p.last_period[None, :] - np.arange(1, err.shape[0] + 1)[:, None] + 1
    if len(set(p.last_period)) > 1:
        # Series end in different years: keep only years every series has.
        common = sorted(set.intersection(*(set(years[:, j]) for j in range(len(p.ids)))))
        rows = []
        for yr in common:
            r = np.full(len(nodes), np.nan)
            for j, s in enumerate(p.ids):
                k = np.where(years[:, j] == yr)[0]
                if k.size:
                    r[pos[s]] = err[k[0], j]
            rows.append(r)
        return np.array(rows) if rows else np.zeros((0, len(nodes)))
    for j, s in enumerate(p.ids):
        out[:, pos[s]] = err[:, j]
    return out


def reconcile(
    forecast_df: pd.DataFrame,
    hierarchy_df: pd.DataFrame,
    method: str = "mint_shrink",
    history_df: pd.DataFrame | None = None,
    *,
    nonnegative: bool = True,
) -> pd.DataFrame:
    """Make a forecast table coherent with a hierarchy (see module docstring).

    Args:
        forecast_df: Output of :func:`~talentcast.forecast.forecast_frame` (series_id,
            period, mean, lo_*/hi_*, model; an optional ``scenario`` column is kept and
            each scenario is reconciled separately).
        hierarchy_df: Edges (parent, child).
        method: "mint_shrink" (default), "ols" or "bottom_up".
        history_df: Long history table (series_id, period, value) for MinT's error
            covariance.
        nonnegative: Zero negative leaves and re-aggregate (keeps coherence).

    Returns:
        The same columns; series in the hierarchy get reconciled means and re-centred
        intervals, and ``model`` gains a suffix "+<method>". Series outside the
        hierarchy, and periods in which some series of the hierarchy has no forecast
        (series ending in different years), are returned unchanged.

    Raises:
        ValidationError: Bad hierarchy, or a hierarchy series with no forecasts at all.
    """
    if method not in METHODS:
        raise ValidationError(f"reconcile: unknown method {method!r}", [f"choose one of {', '.join(METHODS)}"])
    nodes, leaves, S = summing_matrix(hierarchy_df)
    f = forecast_df.copy()
    f["series_id"] = f["series_id"].astype(str)
    inside = f["series_id"].isin(nodes)
    groups = ["scenario"] if "scenario" in f.columns else []
    missing = sorted(set(nodes) - set(f.loc[inside, "series_id"]))
    if missing:
        raise ValidationError(
            "reconcile: hierarchy series without forecasts",
            [f"series {s} is in the hierarchy but not in the forecasts" for s in missing],
            hint="Forecast every series of the hierarchy (parents and children) before reconciling.",
        )
    cfg = EnsembleConfig()
    used = method
    if method == "mint_shrink":
        W = None
        if history_df is not None:
            E = _one_step_errors(history_df, nodes, cfg)
            E = E[np.all(np.isfinite(E), axis=1)] if E.size else E
            if E.shape[0] >= 3:
                W, _ = _shrunk_covariance(E)
        if W is None:
            # Too little history for MinT: weight by each series' scale (variance taken as
            # proportional to the squared level), so a gap at the top is shared in proportion
            # to size instead of in equal absolute amounts that would wipe out small series.
            level = f[inside].groupby("series_id")["mean"].apply(lambda v: float(np.nanmean(np.abs(v))))
            scale = np.array([max(level.get(n, 0.0), 1e-9) for n in nodes])
            W = np.diag(scale**2)
            used = "wls_scale"
        Wi = np.linalg.pinv(W)
        G = np.linalg.pinv(S.T @ Wi @ S) @ S.T @ Wi
    elif method == "ols":
        G = np.linalg.pinv(S.T @ S) @ S.T
    else:
        G = np.zeros((len(leaves), len(nodes)))
        for j, leaf in enumerate(leaves):
            G[j, nodes.index(leaf)] = 1.0
    bound_cols = [c for c in f.columns if c.startswith(("lo_", "hi_"))]
    parts = [f[~inside]]
    for _, g in f[inside].groupby(groups + ["period"], sort=False) if groups else f[inside].groupby("period", sort=False):
        g = g.set_index("series_id")
        if any(n not in g.index for n in nodes):
            # Series of one hierarchy can end in different years (a total published a
            # year later than its sections): a period where some series is still
            # history cannot be reconciled and is passed through unchanged.
            parts.append(g.reset_index())
            continue
        yhat = g.loc[nodes, "mean"].to_numpy(float)
        b = G @ yhat
        if nonnegative:
            b = np.maximum(b, 0.0)
        ytil = S @ b
        out = g.loc[nodes].copy()
        delta = ytil - yhat
        out["mean"] = ytil
        for c in bound_cols:
            out[c] = out[c].to_numpy(float) + delta
            if nonnegative:
                out[c] = np.maximum(out[c], 0.0)
        out["model"] = out["model"].astype(str) + f"+{used}"
        parts.append(out.reset_index())
    res = pd.concat(parts, ignore_index=True)
    return res[list(forecast_df.columns)].sort_values(groups + ["series_id", "period"]).reset_index(drop=True)
