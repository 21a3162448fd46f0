"""Ex-ante calibration of the openings intervals on the region's own history.

The employment forecast is refitted on the data up to an origin year (default 2014) and the
openings of the next years (2015–2017) are simulated exactly as for the real forecast
(:func:`talentcast.analysis.demand.compute_demand`). They are compared with the openings the
same formulas give on the employment that was then observed: the share of classes (and of
the yearly totals) whose observed openings fall inside the 80 % and 95 % intervals is the
coverage. Staffing, vocational shares and exit rates are today's — the check is of the
employment paths and their joint simulation, the part the intervals describe.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentcast.analysis.demand import compute_demand, demand_totals
from talentcast.analysis.settings import AnalysisSettings

BACKTEST_COLUMNS = [
    "level", "major_class", "origin_year", "year", "horizon", "actual", "openings", "openings_lo_80", "openings_hi_80",
    "openings_lo_95", "openings_hi_95", "inside_80", "inside_95",
]


def interval_backtest(fitted: pd.DataFrame, observed: pd.DataFrame, coef: pd.DataFrame, exit_rates: dict[str, float],
                      settings: AnalysisSettings) -> pd.DataFrame:
    """Coverage of the openings intervals, per class and for the total over all classes.

    Args:
        fitted: mart_employment-like rows of ``settings.region``: history up to the origin
            and the forecast (with intervals) refitted on it.
        observed: History rows of the region for the years after the origin.
        coef: :func:`talentcast.analysis.demand.industry_coefficients`.
        exit_rates: ρ by industry.
        settings: Analysis settings (region, draws, seed, correlation).

    Returns:
        Rows with BACKTEST_COLUMNS: level ``class`` (one per class and year) and ``total``
        (all classes together, its interval from the simulated totals). Empty when nothing
        was observed after the origin.
    """
    hist = fitted[fitted["kind"] == "history"]
    if hist.empty or observed is None or observed.empty:
        return pd.DataFrame(columns=BACKTEST_COLUMNS)
    origin = int(hist["year"].max())
    years = sorted(int(y) for y in set(fitted.loc[fitted["kind"] == "forecast", "year"]) & set(observed["year"]) if y > origin)
    if not years:
        return pd.DataFrame(columns=BACKTEST_COLUMNS)
    s = settings.with_(demand_regions=(settings.region,), scenarios=("baseline",), horizon=len(years))
    kept: dict = {}
    fc, _ = compute_demand(fitted, coef, exit_rates, s, keep=kept)
    obs = observed[observed["year"].isin(years)].assign(kind="forecast", scenario="baseline", lo_80=np.nan, hi_80=np.nan,
                                                       lo_95=np.nan, hi_95=np.nan)
    act, _ = compute_demand(pd.concat([hist, obs], ignore_index=True), coef, exit_rates, s)
    if fc.empty or act.empty:
        return pd.DataFrame(columns=BACKTEST_COLUMNS)
    keys = ["major_class", "year"]
    cols = ["openings", "openings_lo_80", "openings_hi_80", "openings_lo_95", "openings_hi_95", "horizon"]
    per = fc[fc["scenario"] == "baseline"][keys + cols].merge(
        act[act["scenario"] == "baseline"][keys + ["openings"]].rename(columns={"openings": "actual"}), on=keys)
    per["level"] = "class"
    tot = demand_totals("all", sorted(fc["major_class"].unique()), fc, kept)
    tot = tot[tot["scenario"] == "baseline"].merge(act.groupby("year")["openings"].sum().rename("actual").reset_index(), on="year")
    tot = tot.assign(level="total", major_class="")
    out = pd.concat([per, tot[per.columns]], ignore_index=True)
    out["origin_year"] = origin
    out["inside_80"] = (out["actual"] >= out["openings_lo_80"]) & (out["actual"] <= out["openings_hi_80"])
    out["inside_95"] = (out["actual"] >= out["openings_lo_95"]) & (out["actual"] <= out["openings_hi_95"])
    return out[BACKTEST_COLUMNS].sort_values(["level", "major_class", "year"]).reset_index(drop=True)


def coverage(backtest: pd.DataFrame) -> dict[str, float]:
    """Share inside the 80 % and 95 % intervals, for classes and for the totals."""
    res = {}
    for level in ("class", "total"):
        b = backtest[backtest["level"] == level]
        res[f"{level}_coverage_80"] = float(b["inside_80"].mean()) if len(b) else float("nan")
        res[f"{level}_coverage_95"] = float(b["inside_95"].mean()) if len(b) else float("nan")
        res[f"{level}_n"] = int(len(b))
    return res
