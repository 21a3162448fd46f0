"""Forecasting engine: accurate, fast forecasts of short yearly series with honest intervals.

Public API (see docs in each module):

- :func:`forecast_frame` — forecast a long table (series_id, period, value).
- :func:`backtest_frame` — rolling-origin evaluation against naive.
- :func:`read_series_file` / :func:`write_forecast_file` — CSV/parquet by extension.
- :func:`reconcile` — coherent hierarchies (bottom-up, OLS, MinT-shrink; non-negative).
- :func:`load_scenario` / :func:`apply_scenario` — planning targets beside the baseline.
- Estimators with scikit-learn conventions in :mod:`talentcast.forecast.models`.
"""

from __future__ import annotations

from .api import OUTPUT_COLUMNS, backtest_frame, forecast_frame, read_series_file, write_forecast_file
from .ensemble import EnsembleConfig
from .reconcile import reconcile
from .scenarios import Scenario, apply_scenario, load_scenario, parse_scenario

__all__ = [
    "OUTPUT_COLUMNS",
    "EnsembleConfig",
    "Scenario",
    "apply_scenario",
    "load_scenario",
    "parse_scenario",
    "reconcile",
    "backtest_frame",
    "forecast_frame",
    "read_series_file",
    "write_forecast_file",
]
