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
    """

    mean: np.ndarray
    bounds: dict[int, tuple[np.ndarray, np.ndarray]]
    model: np.ndarray
    flags: list[tuple[int, str, str]] = field(default_factory=list)
    quantiles: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


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


def point_forecast(Y: np.ndarray, h: int, cfg: EnsembleConfig) -> tuple[np.ndarray, np.ndarray | None]:
    """Combined point forecasts for rows with >= MIN_TRAIN values (others: naive)."""
    F = run_members(Y, h, cfg.members)
    mask = None
    if cfg.select:
        bt = backtest_members(Y, h, cfg.members, default_origins(h, cfg.n_origins))
        counts = np.sum(np.isfinite(bt.forecasts[:, 0]), axis=(0, 2))
        mask = select_mask(member_scores(bt), counts, cfg)
    return combine(F, mask, cfg.combine), mask


def calibrate(
    Y: np.ndarray, h: int, cfg: EnsembleConfig, levels: Sequence[int], seed: int = 0
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Scaled-error quantiles of the combined forecast from rolling origins of ``Y``."""
    n = core.lengths(Y)
    rows = np.where(n >= MIN_TRAIN + 1)[0]
    if rows.size > MAX_CALIBRATION_SERIES:
        rows = np.sort(np.random.default_rng(seed).choice(rows, MAX_CALIBRATION_SERIES, replace=False))
    if rows.size == 0:
        return intervals.quantiles(np.full((1, 1, h), np.nan), levels)
    Ys = Y[rows]
    Ys = Ys[:, Ys.shape[1] - core.lengths(Ys).max() :]
    bt = backtest_members(Ys, h, cfg.members, default_origins(h, cfg.n_origins))
    with warnings.catch_warnings():
        # Origins where a series was too short are all-NaN by design.
        warnings.simplefilter("ignore", RuntimeWarning)
        Fc = np.nanmedian(bt.forecasts, axis=1) if cfg.combine == "median" else np.nanmean(bt.forecasts, axis=1)
    E = intervals.scaled_errors(Fc, bt.actuals, bt.scale)
    return intervals.quantiles(E, levels)


def forecast_panel(
    Y: np.ndarray,
    h: int,
    *,
    levels: Sequence[int] = (80, 95),
    cfg: EnsembleConfig | None = None,
    nonnegative: np.ndarray | bool = True,
    quantiles: dict | None = None,
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
        quantiles: Interval quantiles calibrated elsewhere (a partition of a larger panel
            uses the whole panel's); None calibrates on ``Y``.
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
    if ok.any():
        Yo = Y[ok]
        Yo = Yo[:, Yo.shape[1] - (n[ok].max() if ok_width is None else ok_width) :]
        mean[ok], _ = point_forecast(Yo, h, cfg)
        model[ok] = _label(cfg)
    q = calibrate(Y, h, cfg, levels) if quantiles is None else quantiles
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
    return PanelForecast(mean, bounds, model, flags, q)
