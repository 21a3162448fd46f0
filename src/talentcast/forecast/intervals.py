"""Prediction intervals calibrated on rolling-origin backtest errors.

Method (split-conformal in spirit): from every backtest origin, take the ensemble's error
at each horizon k divided by the series' MASE scale at that origin (mean absolute first
difference of the training years). Pool these scaled errors over series and origins, and
take their empirical quantiles per horizon: lo = mean + q_lo(k) · scale, hi = mean +
q_hi(k) · scale. Scaling makes errors from big and small series comparable; pooling makes
the quantiles usable when each series is short. Empirical quantiles keep the asymmetry of
real errors (growth surprises are larger than falls, or the opposite).

Where a horizon has few pooled errors (small input files), the empirical quantile is
blended, in proportion to the evidence, with the interval of a random walk whose drift is
estimated from the panel's typical history (:func:`fallback`; a Student t quantile, since
the scale itself comes from a few changes). Widths are
then made non-decreasing in the horizon, since uncertainty cannot shrink with distance.

Common shocks: the sections of one region, forecast from the same origin, miss together
(a recession year, a statistical revision). Their errors are not independent evidence,
and quantiles read from a few origins of a correlated panel come out too narrow. So the
errors are split into a common part (the median error of each origin) and the rest; the
rest is pooled as above, while the common part, of which there are only as many draws as
origins, is given a Student t spread with (origins − 1) degrees of freedom. On a panel of
unrelated series the common part averages out and nothing changes.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

#: Pooled errors per horizon needed to rely fully on the empirical quantiles.
FULL_EVIDENCE = 60


def scaled_errors(F: np.ndarray, A: np.ndarray, S: np.ndarray) -> np.ndarray:
    """Scaled errors (A - F) / S with F, A (origins, N, h) and S (origins, N); NaN-safe."""
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(S > 0, S, np.nan)[:, :, None]
        return (A - F) / s


def common_shocks(E: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split scaled errors E (origins, N, h) into a per-origin common part and the rest.

    Returns (R, m): R = E − m[o] (idiosyncratic errors, same shape as E) and m (origins, h),
    the median error of each origin and horizon (robust to a few wild series).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        m = np.nanmedian(E, axis=1)
    return E - m[:, None, :], m


def fallback(levels_a: float, k: np.ndarray, n_train: float | None) -> np.ndarray:
    """Half-width in scale units where the backtest has too few errors: a random walk whose
    drift is estimated.

    With ``n_train`` years (n − 1 changes) the forecast error of a drift read from them has
    variance σ²·(k + k²/(n − 1)) at horizon k, and σ itself is read from the n − 1 changes
    (the scale is their mean absolute value, not centred), hence a Student t quantile with
    n − 1 degrees of freedom instead of the normal one. 1.25 turns a mean absolute change
    into a standard deviation. Without ``n_train`` (or under 3 years): ±z·1.25·√k.
    """
    from scipy.stats import norm, t as student_t  # scipy.stats costs ~1 s to import: only when needed

    if n_train is None or n_train < 3:
        return 1.25 * norm.ppf(1 - levels_a) * np.sqrt(k)
    nd = float(n_train) - 1.0
    return 1.25 * student_t.ppf(1 - levels_a, nd) * np.sqrt(k + k * k / nd)


def quantiles(
    E: np.ndarray, levels: Sequence[int], n_train: float | None = None
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per-horizon lower/upper quantiles of pooled scaled errors, blended with a fallback.

    The idiosyncratic part (error minus its origin's median error) is pooled over series
    and origins; the common part (one value per origin) is taken as Gaussian with its
    root mean square as spread and a Student t quantile with (origins − 1) degrees of
    freedom; the two are added in quadrature on each side. The result is widened by
    √(1 + 1/m), m the origins behind the horizon: the usual factor for predicting a new
    draw from m observed ones, with origins (not series) as the units of evidence, since
    the series of one panel miss together. Where a horizon has fewer than
    :data:`FULL_EVIDENCE` errors, the quantiles are blended with :func:`fallback`.

    Args:
        E: Scaled errors, (origins, N, h).
        levels: Nominal coverages in percent, e.g. (80, 95).
        n_train: Typical training length of the panel's series (for the fallback).

    Returns:
        {level: (q_lo[h], q_hi[h])}, widening with the horizon.
    """
    h = E.shape[-1]
    E = E.reshape(E.shape[0], -1, h)
    R, m = common_shocks(E)
    flat = R.reshape(-1, h)
    from scipy.stats import t as student_t

    k = np.arange(1, h + 1, dtype=float)
    out: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for lv in levels:
        a = (1 - lv / 100.0) / 2
        g = fallback(a, k, n_train)
        lo = -g.copy()
        hi = g.copy()
        for j in range(h):
            e = flat[:, j]
            e = e[np.isfinite(e)]
            w = min(1.0, e.size / FULL_EVIDENCE)
            mj = m[:, j][np.isfinite(m[:, j])]
            if e.size >= 5 and mj.size >= 2:
                ql, qh = np.quantile(e, [a, 1 - a])
                c = student_t.ppf(1 - a, mj.size - 1) * float(np.sqrt(np.mean(mj**2)))
                infl = np.sqrt(1.0 + 1.0 / mj.size)
                ql = -np.hypot(min(ql, 0.0), c) * infl
                qh = np.hypot(max(qh, 0.0), c) * infl
                lo[j] = w * ql + (1 - w) * lo[j]
                hi[j] = w * qh + (1 - w) * hi[j]
        # Never narrower than at the previous horizon, and always containing 0.
        lo = np.minimum.accumulate(np.minimum(lo, 0.0))
        hi = np.maximum.accumulate(np.maximum(hi, 0.0))
        out[lv] = (lo, hi)
    return out


def apply(
    mean: np.ndarray, scale: np.ndarray, q: dict[int, tuple[np.ndarray, np.ndarray]]
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Intervals around ``mean`` (N, h) for series scales ``scale`` (N,)."""
    s = scale[:, None]
    return {lv: (mean + lo[None, :] * s, mean + hi[None, :] * s) for lv, (lo, hi) in q.items()}
