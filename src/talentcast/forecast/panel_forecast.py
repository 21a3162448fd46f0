"""The forecasting engine on a padded panel: members, combination, calibration, rules.

:func:`forecast_panel` is what :func:`talentcast.forecast.forecast_frame`,
``talentcast forecast-series`` and ``talentcast forecast`` all run.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from . import core, intervals
from .ensemble import (
    MIN_TRAIN,
    EnsembleConfig,
    backtest_members,
    combine,
    default_origins,
    member_scores,
    run_members,
    select_mask,
)

#: Above this many series the interval calibration uses a seeded random subset: pooled
#: quantiles need a few thousand errors, not all series, and this keeps cost flat.
MAX_CALIBRATION_SERIES = 300
#: Short series (1–2 points) get naive forecasts with intervals this many times wider
#: than the random-walk fallback.
SHORT_WIDEN = 2.0


@dataclass
class PanelForecast:
    """Result of :func:`forecast_panel` (arrays are (N, h) unless noted).

    Attributes:
        mean: Point forecasts.
        bounds: {level: (lo, hi)}.
        model: Model label per series (N,).
        flags: (row index, flag, detail) tuples.
        quantiles: The scaled-error quantiles used, {level: (q_lo[h], q_hi[h])}.
        weight: Weight of the combination against naive (see :class:`Calibration`).
    """

    mean: np.ndarray
    bounds: dict[int, tuple[np.ndarray, np.ndarray]]
    model: np.ndarray
    flags: list[tuple[int, str, str]] = field(default_factory=list)
    quantiles: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    weight: float = 1.0


def mase_scale(Y: np.ndarray) -> np.ndarray:
    """Mean absolute first difference per row (NaN for rows with < 2 values)."""
    with np.errstate(invalid="ignore"):
        d = np.abs(np.diff(Y, axis=1))
        cnt = (~np.isnan(d)).sum(axis=1)
        s = np.where(cnt > 0, np.nansum(d, axis=1) / np.maximum(cnt, 1), np.nan)
    return s


def _interval_scale(Y: np.ndarray) -> np.ndarray:
    """Scale for intervals: MASE scale, else 10 % of the level for 1-point series."""
    s = mase_scale(Y)
    last = np.abs(Y[:, -1])
    fallback = np.where(last > 0, 0.1 * last, 1.0)
    return np.where(np.isfinite(s), s, fallback)


def _label(cfg: EnsembleConfig) -> str:
    if len(cfg.members) == 1:
        m = cfg.members[0]
        return m if isinstance(m, str) else getattr(m, "label", getattr(m, "__name__", "custom"))
    return "ensemble" if not cfg.select else "ensemble_selected"


@dataclass
class Calibration:
    """What the panel's own rolling-origin backtest decides (shared by all its partitions).

    Attributes:
        quantiles: Scaled-error quantiles of the intervals, {level: (q_lo[h], q_hi[h])}.
        weight: Weight of the combined forecast against naive, from the backtest evidence
            (1 = the combination as is, 0 = naive).
    """

    quantiles: dict[int, tuple[np.ndarray, np.ndarray]]
    weight: float = 1.0


def length_factor(n: np.ndarray, cfg: EnsembleConfig) -> np.ndarray:
    """Share of the trend kept for a history of ``n`` years: n / (n + shrink_length).

    Why: a trend read from a handful of points is mostly noise (and, around a revision,
    mostly the revision); the shorter the history, the closer the forecast stays to the
    last value. ``shrink_length`` = 0 keeps the trend whatever the length.
    """
    k = float(cfg.shrink_length)
    n = np.asarray(n, dtype=float)
    return n / (n + k) if k > 0 else np.ones_like(n)


def shrink(F: np.ndarray, last: np.ndarray, n: np.ndarray, weight: float, cfg: EnsembleConfig) -> np.ndarray:
    """Pull combined forecasts F (N, h) toward the last value: naive + w·(F − naive)."""
    w = weight * length_factor(n, cfg)
    return last[:, None] + w[:, None] * (F - last[:, None])


def point_forecast(Y: np.ndarray, h: int, cfg: EnsembleConfig) -> tuple[np.ndarray, np.ndarray | None]:
    """Combined point forecasts (before the pull toward naive) of rows with >= MIN_TRAIN values."""
    F = run_members(Y, h, cfg.members)
    mask = None
    if cfg.select:
        bt = backtest_members(Y, h, cfg.members, default_origins(h, cfg.n_origins))
        counts = np.sum(np.isfinite(bt.forecasts[:, 0]), axis=(0, 2))
        mask = select_mask(member_scores(bt), counts, cfg)
    return combine(F, mask, cfg.combine), mask


#: Weights of the combination against naive tried on the backtest evidence.
WEIGHT_GRID = np.linspace(0.0, 1.5, 16)


def evidence_weight(Fc: np.ndarray, Fn: np.ndarray, A: np.ndarray, S: np.ndarray, n: np.ndarray, cfg: EnsembleConfig) -> float:
    """Weight of the combination against naive that did consistently better at the panel's origins.

    Loss: MASE + sMAPE/100, pooled over the panel's series at each origin (one weight per
    panel, not per series: per-series choices from three or four errors are noise). The
    origins, not the errors, are the units of evidence: series of one region share each
    year's shocks, so 20 sections at 4 origins are closer to 4 observations than to 80.
    A weight replaces the default (1, the combination as it is) only when its gain over
    the default is consistent across origins: mean gain / its standard error above
    ``cfg.evidence_t``.

    Args:
        Fc, Fn, A: Combined and naive forecasts and actuals, (origins, N, h).
        S: MASE scales, (origins, N).
        n: Training length per origin and series, (origins, N).
    """
    if not cfg.evidence:
        return 1.0
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        sc = np.where(S > 0, S, np.nan)[:, :, None]
        w = length_factor(n, cfg)[:, :, None]
        losses = []
        for g in WEIGHT_GRID:
            F = Fn + g * w * (Fc - Fn)
            e = np.abs(A - F)
            loss = e / sc + 2 * e / (np.abs(A) + np.abs(F))
            losses.append(np.nanmean(loss.reshape(loss.shape[0], -1), axis=1))
        L = np.array(losses)  # (grid, origins)
        ok = np.all(np.isfinite(L), axis=0)
        if ok.sum() < 2:
            return 1.0
        L = L[:, ok]
        D = L - L[np.argmin(np.abs(WEIGHT_GRID - 1.0))][None, :]
        d = D.mean(axis=1)
        se = D.std(axis=1, ddof=1) / np.sqrt(L.shape[1])
        t = np.where(se > 0, -d / np.where(se > 0, se, 1.0), 0.0)
        good = (t > cfg.evidence_t) & (d < 0)
    if not good.any():
        return 1.0
    return float(WEIGHT_GRID[np.argmin(np.where(good, d, np.inf))])


def calibrate(
    Y: np.ndarray, h: int, cfg: EnsembleConfig, levels: Sequence[int], seed: int = 0
) -> Calibration:
    """Evidence weight and interval quantiles from rolling origins of ``Y``.

    The intervals are calibrated on the errors of the forecast the engine actually makes
    (combination pulled toward naive by the chosen weight).
    """
    n = core.lengths(Y)
    rows = np.where(n >= MIN_TRAIN + 1)[0]
    if rows.size > MAX_CALIBRATION_SERIES:
        rows = np.sort(np.random.default_rng(seed).choice(rows, MAX_CALIBRATION_SERIES, replace=False))
    if rows.size == 0:
        return Calibration(intervals.quantiles(np.full((1, 1, h), np.nan), levels, float(np.median(n)) if n.size else None))
    Ys = Y[rows]
    Ys = Ys[:, Ys.shape[1] - core.lengths(Ys).max() :]
    members = tuple(cfg.members)
    origins = default_origins(h, cfg.n_origins)
    bt = backtest_members(Ys, h, ("naive", *members), origins)
    with warnings.catch_warnings():
        # Origins where a series was too short are all-NaN by design.
        warnings.simplefilter("ignore", RuntimeWarning)
        Fm = bt.forecasts[:, 1:]
        Fc = np.nanmedian(Fm, axis=1) if cfg.combine == "median" else np.nanmean(Fm, axis=1)
    Fn = bt.forecasts[:, 0]
    nlen = np.array([core.lengths(Ys) - o for o in origins], dtype=float)
    w = evidence_weight(Fc, Fn, bt.actuals, bt.scale, nlen, cfg)
    F = Fn + w * length_factor(nlen, cfg)[:, :, None] * (Fc - Fn)
    E = intervals.scaled_errors(F, bt.actuals, bt.scale)
    return Calibration(intervals.quantiles(E, levels, float(np.median(core.lengths(Ys)))), w)


def forecast_panel(
    Y: np.ndarray,
    h: int,
    *,
    levels: Sequence[int] = (80, 95),
    cfg: EnsembleConfig | None = None,
    nonnegative: np.ndarray | bool = True,
    calibration: Calibration | None = None,
    ok_width: int | None = None,
) -> PanelForecast:
    """Forecast every row of a right-aligned, gap-free panel ``h`` years ahead.

    Args:
        Y: (N, T) panel, NaN-padded on the left.
        h: Horizon (years, >= 1).
        levels: Interval coverages in percent.
        cfg: Engine settings (default :class:`EnsembleConfig`).
        nonnegative: Rows (bool array (N,), or True for all) whose forecasts and bounds
            are clipped at zero.
        calibration: Evidence weight and interval quantiles calibrated elsewhere (a
            partition of a larger panel uses the whole panel's); None calibrates on ``Y``.
        ok_width: Columns kept for the point forecast (a partition uses the whole panel's,
            so results are bit-identical); None: the longest series here.
    """
    cfg = cfg or EnsembleConfig()
    N, T = Y.shape
    n = core.lengths(Y)
    mean = core.naive(Y, h)
    model = np.full(N, "naive", dtype=object)
    flags: list[tuple[int, str, str]] = []
    ok = n >= MIN_TRAIN
    cal = calibrate(Y, h, cfg, levels) if calibration is None else calibration
    q = cal.quantiles
    if ok.any():
        Yo = Y[ok]
        Yo = Yo[:, Yo.shape[1] - (n[ok].max() if ok_width is None else ok_width) :]
        Fc, _ = point_forecast(Yo, h, cfg)
        mean[ok] = shrink(Fc, Yo[:, -1], n[ok], cal.weight, cfg)
        model[ok] = _label(cfg)
    scale = _interval_scale(Y)
    bounds = intervals.apply(mean, scale, q)
    short = ~ok
    if short.any():
        k = np.sqrt(np.arange(1, h + 1))[None, :]
        for lv in levels:
            z = intervals.norm.ppf(1 - (1 - lv / 100.0) / 2)
            w = SHORT_WIDEN * 1.25 * z * k * scale[short, None]
            lo, hi = bounds[lv]
            lo[short] = mean[short] - w
            hi[short] = mean[short] + w
        for i in np.where(short)[0]:
            flags.append((int(i), "too_short", f"{int(n[i])} observation(s): naive forecast with widened intervals"))
    nn = np.broadcast_to(np.asarray(nonnegative, dtype=bool), (N,))
    if nn.any():
        mean[nn] = np.maximum(mean[nn], 0.0)
        for lv in levels:
            lo, hi = bounds[lv]
            lo[nn] = np.maximum(lo[nn], 0.0)
            hi[nn] = np.maximum(hi[nn], 0.0)
    return PanelForecast(mean, bounds, model, flags, q, cal.weight)
