"""Rolling-origin cross-validation and the combination of base models.

The default engine is a *median of several simple forecasts*: naive, drift, damped trend
and dynamic optimised Theta (each on the level and, for positive series, on logs) and a
log-linear trend. The members were chosen on one half of M3 yearly by rolling-origin
accuracy and checked on the other half, on M1/Tourism yearly and on NBS employment series
(benchmarks/RESULTS.md, forecasting engine). Rolling-origin backtests of the input panel itself
calibrate the intervals (:mod:`.intervals`).

Per-series choice is available (``EnsembleConfig(select=True)``: each series keeps the
members whose backtest error at the same horizons is within ``keep_ratio`` of its best,
all members where the evidence is thin) but is off by default: on M3 yearly it was less
accurate than the plain median (noisy selection on short series), as was a stacked
combination learned across series from backtest errors. Everything runs on the whole
panel at once (see :mod:`.core`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import core

Kernel = Callable[[np.ndarray, int], np.ndarray]

#: Base models by name. Every kernel maps a right-aligned panel and a horizon to points.
KERNELS: dict[str, Kernel] = {
    "naive": core.naive,
    "drift": core.drift,
    "drift_half": lambda Y, h: core.drift(Y, h, damping=0.5),
    "ses": core.ses,
    "damped": core.damped_holt,
    "theta": core.theta,
    "dotm": core.dynamic_theta,
    "linear": core.linear_trend,
    "loglinear": core.loglinear_trend,
    "global": core.global_linear,
    "damped_log": lambda Y, h: core.in_logs(core.damped_holt, Y, h),
    "dotm_log": lambda Y, h: core.in_logs(core.dynamic_theta, Y, h),
}

#: Minimum number of observations a series needs at a backtest origin.
MIN_TRAIN = 3


@dataclass(frozen=True)
class EnsembleConfig:
    """Settings of the default engine (chosen on one half of M3 yearly, see RESULTS).

    Attributes:
        members: Base models combined.
        combine: "median" or "mean" over the kept members.
        select: If True, each series drops members whose backtest error is more than
            ``keep_ratio`` times its best member's; otherwise all members are kept.
        keep_ratio: See ``select``.
        min_cv_points: A series with fewer backtest errors keeps all members.
        n_origins: Extra rolling origins beyond the horizon (more = steadier, slower).
        shrink_length: Trends kept in proportion n / (n + shrink_length) (0 = off).
        evidence: Choose the weight of the combination against naive from the backtest.
        evidence_t: How consistent across origins a gain must be to move that weight.
        break_window: A series with at least this many years from its latest *declared*
            level shift on is forecast from those years only (0 = never; the history before
            is then only rescaled). Chosen on the selection halves of the official sets.
        extra: Free-form settings (``detect_shifts``).
    """

    members: tuple[str, ...] = (
        "naive",
        "drift",
        "damped",
        "dotm",
        "loglinear",
        "damped_log",
        "dotm_log",
    )
    combine: str = "median"
    select: bool = False
    keep_ratio: float = 1.5
    min_cv_points: int = 6
    n_origins: int = 3
    shrink_length: float = 0.0
    evidence: bool = True
    evidence_t: float = 3.0
    break_window: int = 3
    extra: dict = field(default_factory=dict)


def run_members(Y: np.ndarray, h: int, members: Sequence[str]) -> np.ndarray:
    """Point forecasts of every member: array (n_members, n_series, h)."""
    out = np.empty((len(members), Y.shape[0], h))
    for j, name in enumerate(members):
        kernel = name if callable(name) else KERNELS[name]
        out[j] = kernel(Y, h)
    return out


def combine(F: np.ndarray, mask: np.ndarray | None = None, how: str = "median") -> np.ndarray:
    """Combine member forecasts F (m, N, h); ``mask`` (m, N) marks the members kept."""
    if mask is not None:
        F = np.where(mask[:, :, None], F, np.nan)
    if how == "mean":
        return np.nanmean(F, axis=0) if mask is not None else F.mean(axis=0)
    return np.nanmedian(F, axis=0) if mask is not None else np.median(F, axis=0)


def truncate(Y: np.ndarray, o: int) -> np.ndarray:
    """The panel as it was ``o`` years before its last column (still right-aligned)."""
    return Y[:, : Y.shape[1] - o]


@dataclass
class Backtest:
    """Rolling-origin forecasts of every member.

    Attributes:
        forecasts: (n_origins, m, N, h) member forecasts at each origin (NaN if skipped).
        actuals: (n_origins, N, h) what happened (NaN beyond the data).
        scale: (n_origins, N) MASE scale at each origin (mean absolute first difference
            of the training part).
        origins: Offsets o (years cut from the end) of each origin.
    """

    forecasts: np.ndarray
    actuals: np.ndarray
    scale: np.ndarray
    origins: list[int]


def backtest_members(
    Y: np.ndarray, h: int, members: Sequence[str], origins: Sequence[int]
) -> Backtest:
    """Forecast from each origin with data up to that origin only (no look-ahead)."""
    N, T = Y.shape
    n = core.lengths(Y)
    F = np.full((len(origins), len(members), N, h), np.nan)
    Aa = np.full((len(origins), N, h), np.nan)
    S = np.full((len(origins), N), np.nan)
    for oi, o in enumerate(origins):
        if T - o < 1:
            continue
        ok = (n - o) >= MIN_TRAIN
        if not ok.any():
            continue
        Yt = truncate(Y[ok], o)
        # Drop columns that are empty for every kept row (keeps short panels cheap).
        nt = core.lengths(Yt)
        Yt = Yt[:, Yt.shape[1] - nt.max() :]
        F[oi][:, ok] = run_members(Yt, h, members)
        m = min(h, o)
        act = np.full((ok.sum(), h), np.nan)
        act[:, :m] = Y[ok, T - o : T - o + m]
        Aa[oi][ok] = act
        with np.errstate(invalid="ignore"):
            S[oi][ok] = np.nanmean(np.abs(np.diff(Yt, axis=1)), axis=1)
    return Backtest(F, Aa, S, list(origins))


def default_origins(h: int, n_extra: int) -> list[int]:
    """Origins 1..h+n_extra years before the end: every horizon gets n_extra+1 errors."""
    return list(range(1, h + n_extra + 1))


def member_scores(bt: Backtest) -> np.ndarray:
    """Per-series backtest error of every member: (m, N), mean scaled abs error + sMAPE/100.

    Both are unitless; together they reward members good on level (MASE) and relative
    (sMAPE) error, the two measures the engine is judged by.
    """
    F, Aa, S = bt.forecasts, bt.actuals[:, None], bt.scale[:, None, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        sc = np.where(S > 0, S, np.nan)
        mase = np.abs(Aa - F) / sc
        smape = 2.0 * np.abs(Aa - F) / (np.abs(Aa) + np.abs(F))
        err = np.nan_to_num(mase, nan=np.nan) + smape
        return np.nanmean(err, axis=(0, 3))


def select_mask(scores: np.ndarray, counts: np.ndarray, cfg: EnsembleConfig) -> np.ndarray:
    """Members kept per series: within keep_ratio of the best; all where evidence is thin."""
    with np.errstate(invalid="ignore"):
        best = np.nanmin(scores, axis=0)
        keep = scores <= cfg.keep_ratio * best[None, :] + 1e-12
    thin = (counts < cfg.min_cv_points) | ~np.isfinite(best)
    keep[:, thin] = True
    return keep
