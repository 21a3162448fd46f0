"""Forecasting models behind one estimator interface (scikit-learn conventions).

Every estimator stores its parameters in ``__init__`` (nothing else), ``fit(y)`` learns
from the data and sets attributes ending in ``_``, and ``predict(h, level=(80, 95))``
returns a dict with ``mean`` and ``lo_<L>`` / ``hi_<L>`` arrays. ``get_params`` /
``set_params`` / ``clone`` work as in scikit-learn.

``y`` may be one series (1-D array; NaN = missing year inside the series, filled by
interpolation) or a panel (2-D array, one series per row, right-aligned on the last
year, NaN-padded on the left): every model is vectorised over series, and fitting a
panel at once is how national-scale runs stay fast. Output arrays have shape (h,) for
1-D input and (n_series, h) for a panel.

Intervals of every estimator are calibrated on its own rolling-origin backtest errors
(see :mod:`.intervals`); series with 1–2 points get naive with widened intervals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from ..errors import ForecastError
from . import core
from .panel_forecast import PanelForecast, forecast_panel
from .ensemble import EnsembleConfig

__all__ = [
    "BaseForecaster",
    "NaiveForecaster",
    "DriftForecaster",
    "SESForecaster",
    "DampedTrendForecaster",
    "ThetaForecaster",
    "LinearTrendForecaster",
    "GlobalLinearForecaster",
    "EnsembleForecaster",
    "as_panel",
]


def as_panel(y: np.ndarray | Sequence[float] | Sequence[Sequence[float]]) -> tuple[np.ndarray, bool]:
    """Coerce input to a right-aligned, gap-filled panel; returns (Y, was_1d)."""
    if isinstance(y, (list, tuple)) and y and isinstance(y[0], (list, tuple, np.ndarray)):
        T = max(len(r) for r in y)
        Y = np.full((len(y), T), np.nan)
        for i, r in enumerate(y):
            if len(r):
                Y[i, T - len(r) :] = np.asarray(r, float)
        one = False
    else:
        arr = np.asarray(y, dtype=float)
        one = arr.ndim == 1
        Y = arr[None, :] if one else arr
    if Y.ndim != 2 or Y.shape[1] == 0:
        raise ForecastError("y must be a non-empty 1-D series or a 2-D panel (series × years)")
    # Right-align each row on its last observed value and fill interior gaps.
    n_obs = (~np.isnan(Y)).sum(axis=1)
    if (n_obs == 0).any():
        raise ForecastError(f"series {np.where(n_obs == 0)[0].tolist()} have no observed values")
    last = Y.shape[1] - 1 - np.argmax(~np.isnan(Y[:, ::-1]), axis=1)
    if (last < Y.shape[1] - 1).any():
        out = np.full_like(Y, np.nan)
        for i in np.where(last < Y.shape[1] - 1)[0]:
            shift = Y.shape[1] - 1 - last[i]
            out[i, shift:] = Y[i, : Y.shape[1] - shift]
        keep = last == Y.shape[1] - 1
        out[keep] = Y[keep]
        Y = out
    Y = pd.DataFrame(Y).interpolate(axis=1, limit_area="inside").to_numpy()
    return Y, one


class BaseForecaster(BaseEstimator):
    """Common fit/predict for kernels of :mod:`.core` (subclasses set ``_kernel``)."""

    label = "base"

    def _kernel(self) -> Callable[[np.ndarray, int], np.ndarray] | str:
        raise NotImplementedError

    def _config(self) -> EnsembleConfig:
        k = self._kernel()
        if not isinstance(k, str):
            k = _Labelled(k, self.label)
        return EnsembleConfig(members=(k,))

    def fit(self, y, *_ignored) -> BaseForecaster:
        """Store the (panel of) series; learning happens per horizon in ``predict``.

        Args:
            y: 1-D series or 2-D panel (see module docstring).

        Returns:
            self, with ``y_`` (the panel), ``n_series_`` and ``one_series_`` set.
        """
        self.y_, self.one_series_ = as_panel(y)
        self.n_series_ = self.y_.shape[0]
        self.nonnegative_ = np.all((self.y_ >= 0) | np.isnan(self.y_), axis=1)
        return self

    def predict(self, h: int, level: Sequence[int] = (80, 95)) -> dict[str, np.ndarray]:
        """Forecast ``h`` years ahead with intervals at each ``level`` (percent).

        Returns:
            {"mean": ..., "lo_80": ..., "hi_80": ..., ...}; counts (non-negative
            history) are never forecast below zero.
        """
        if not hasattr(self, "y_"):
            raise ForecastError(f"{type(self).__name__} is not fitted; call fit(y) first")
        res: PanelForecast = forecast_panel(
            self.y_, int(h), levels=tuple(level), cfg=self._config(), nonnegative=self.nonnegative_
        )
        self.flags_ = res.flags
        out = {"mean": res.mean}
        for lv in level:
            out[f"lo_{lv}"], out[f"hi_{lv}"] = res.bounds[lv]
        if self.one_series_:
            out = {k: v[0] for k, v in out.items()}
        return out


class _Labelled:
    """A kernel with a readable name (used for the ``model`` column)."""

    def __init__(self, fn: Callable, label: str) -> None:
        self.fn, self.label = fn, label

    def __call__(self, Y: np.ndarray, h: int) -> np.ndarray:
        return self.fn(Y, h)


class NaiveForecaster(BaseForecaster):
    """Random walk: the last value carried forward."""

    label = "naive"

    def _kernel(self):
        return "naive"


class DriftForecaster(BaseForecaster):
    """Random walk with drift; ``damping`` < 1 shrinks the drift (safer on employment).

    Args:
        damping: Multiplier on the mean first difference (1 = plain drift).
    """

    label = "drift"

    def __init__(self, damping: float = 1.0) -> None:
        self.damping = damping

    def _kernel(self):
        return partial(core.drift, damping=self.damping)


class SESForecaster(BaseForecaster):
    """Simple exponential smoothing (alpha from a grid by in-sample one-step SSE)."""

    label = "ses"

    def _kernel(self):
        return "ses"


class DampedTrendForecaster(BaseForecaster):
    """Damped-trend exponential smoothing; parameters from a grid per series.

    Args:
        log: Fit on log values (growth as a rate) for positive series.
        alphas, betas, phis: The grid (betas are fractions of alpha).
    """

    label = "damped"

    def __init__(
        self,
        log: bool = False,
        alphas: tuple[float, ...] = (0.2, 0.4, 0.6, 0.8, 1.0),
        betas: tuple[float, ...] = (0.0, 0.05, 0.15, 0.3),
        phis: tuple[float, ...] = (0.8, 0.9, 0.98),
    ) -> None:
        self.log = log
        self.alphas = alphas
        self.betas = betas
        self.phis = phis

    def _kernel(self):
        k = partial(core.damped_holt, alphas=self.alphas, betas=self.betas, phis=self.phis)
        return partial(core.in_logs, k) if self.log else k


class ThetaForecaster(BaseForecaster):
    """Optimised Theta: dynamic (DOTM, default) or static SES-with-drift form.

    Args:
        dynamic: Dynamic optimised Theta (trend line re-estimated every year).
        log: Fit on log values for positive series.
        thetas: Candidate theta values (1 = SES, 2 = classic Theta).
    """

    label = "theta"

    def __init__(self, dynamic: bool = True, log: bool = False, thetas: tuple[float, ...] = core.DOTM_THETAS) -> None:
        self.dynamic = dynamic
        self.log = log
        self.thetas = thetas

    def _kernel(self):
        k = partial(core.dynamic_theta if self.dynamic else core.theta, thetas=self.thetas)
        return partial(core.in_logs, k) if self.log else k


class LinearTrendForecaster(BaseForecaster):
    """Least-squares linear trend, or log-linear (constant growth) with ``log=True``.

    Args:
        log: Constant growth rate (positive series; others fall back to linear).
        window: Fit only the last ``window`` years (None = all).
    """

    label = "linear"

    def __init__(self, log: bool = False, window: int | None = None) -> None:
        self.log = log
        self.window = window

    def _kernel(self):
        return partial(core.loglinear_trend if self.log else core.linear_trend, window=self.window)


class GlobalLinearForecaster(BaseForecaster):
    """Ridge regression on scaled lag windows pooled across all series of the panel.

    Args:
        lags: Years in each window.
        ridge: Penalty pulling towards naive.
    """

    label = "global"

    def __init__(self, lags: int = 5, ridge: float = 1.0) -> None:
        self.lags = lags
        self.ridge = ridge

    def _kernel(self):
        return partial(core.global_linear, lags=self.lags, ridge=self.ridge)


class EnsembleForecaster(BaseForecaster):
    """The default engine: median of several simple forecasts (see :mod:`.ensemble`).

    Args:
        members: Names of base models (keys of :data:`.ensemble.KERNELS`).
        combine: "median" or "mean".
        select: Per-series member selection by rolling-origin errors (off by default:
            on M3 yearly it was less accurate than the plain median; see RESULTS).
        keep_ratio: Members within this factor of the series' best backtest error are
            kept when ``select`` is on.
    """

    label = "ensemble"

    def __init__(
        self,
        members: tuple[str, ...] = EnsembleConfig().members,
        combine: str = "median",
        select: bool = False,
        keep_ratio: float = 1.5,
    ) -> None:
        self.members = members
        self.combine = combine
        self.select = select
        self.keep_ratio = keep_ratio

    def _config(self) -> EnsembleConfig:
        return EnsembleConfig(members=tuple(self.members), combine=self.combine, select=self.select, keep_ratio=self.keep_ratio)
