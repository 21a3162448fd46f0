"""Forecast engine: short and awkward series, level shifts, non-negativity, intervals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from talentcast.forecast import OUTPUT_COLUMNS, backtest_frame, forecast_frame
from talentcast.forecast.models import (
    DampedTrendForecaster,
    DriftForecaster,
    EnsembleForecaster,
    LinearTrendForecaster,
    NaiveForecaster,
    ThetaForecaster,
)

DATA = Path(__file__).parent / "data" / "forecast"


def long(series: dict[str, list[float]], start: int = 2000) -> pd.DataFrame:
    rows = [(sid, start + i, v) for sid, vals in series.items() for i, v in enumerate(vals)]
    return pd.DataFrame(rows, columns=["series_id", "period", "value"])


def synthetic_growth(n: int, seed: int, start: float = 100.0, growth: float = 0.03, noise: float = 0.01) -> np.ndarray:
    """Seeded synthetic series (labelled synthetic; not real data)."""
    rng = np.random.default_rng(seed)
    return start * np.exp(np.cumsum(growth + noise * rng.standard_normal(n)))


def test_output_columns_and_periods():
    df = long({"a": list(synthetic_growth(12, 1)), "b": list(synthetic_growth(15, 2))})
    out = forecast_frame(df, 4)
    assert list(out.columns) == OUTPUT_COLUMNS
    assert out.groupby("series_id")["period"].apply(list).to_dict() == {
        "a": [2012, 2013, 2014, 2015],
        "b": [2015, 2016, 2017, 2018],
    }


def test_one_and_two_points_get_naive_wide_and_flagged():
    df = long({"one": [50.0], "two": [40.0, 44.0], "three": [40.0, 44.0, 47.0], "long": list(synthetic_growth(12, 3))})
    out, flags = forecast_frame(df, 3, return_flags=True)
    by = {s: g.reset_index(drop=True) for s, g in out.groupby("series_id")}
    assert (by["one"]["mean"] == 50.0).all() and (by["one"]["model"] == "naive").all()
    assert (by["two"]["mean"] == 44.0).all() and (by["two"]["model"] == "naive").all()
    assert (by["three"]["model"] == "ensemble").all()
    short = set(flags.loc[flags.flag == "too_short", "series_id"])
    assert short == {"one", "two"}
    # Wide: the 2-point series' relative 95 % width beats the 3-point series'.
    rel = lambda g: ((g["hi_95"] - g["lo_95"]) / g["mean"]).iloc[0]  # noqa: E731
    assert rel(by["two"]) > rel(by["three"])
    assert np.isfinite(out[["lo_95", "hi_95"]].to_numpy()).all()


def test_constant_and_zero_series():
    df = long({"const": [7.0] * 10, "zeros": [0.0] * 8, "sparse": [0, 0, 3, 5, 0, 2, 0, 1.0]})
    out, flags = forecast_frame(df, 5, return_flags=True)
    c = out[out.series_id == "const"]
    assert np.allclose(c["mean"], 7.0)
    z = out[out.series_id == "zeros"]
    assert np.allclose(z[["mean", "lo_80", "hi_80", "lo_95", "hi_95"]], 0.0)
    s = out[out.series_id == "sparse"]
    assert (s[["mean", "lo_80", "lo_95"]] >= 0).all().all() and np.isfinite(s["mean"]).all()
    assert "const" in set(flags.loc[flags.flag == "constant", "series_id"])


def test_gaps_are_filled_and_flagged():
    vals = list(synthetic_growth(12, 4))
    df = long({"g": vals})
    df = df[~df.period.isin([2003, 2007])]
    out, flags = forecast_frame(df, 2, return_flags=True)
    assert list(out.period) == [2012, 2013]
    detail = flags.loc[(flags.series_id == "g") & (flags.flag == "gaps_filled"), "detail"].iloc[0]
    assert "2003" in detail and "2007" in detail


def test_level_shift_2013_detected_and_handled():
    # Synthetic (seeded): steady growth, then a 20 % statistical revision in 2013 and only
    # four years on the new basis, as in Henan's 2009-2017 series.
    years = np.arange(2003, 2017)
    rng = np.random.default_rng(5)
    base = 100.0 + 3.0 * np.arange(len(years)) + rng.normal(0, 0.5, len(years))
    observed = np.where(years >= 2013, base * 1.2, base)
    df = pd.DataFrame({"series_id": "rev", "period": years, "value": observed})
    out, flags = forecast_frame(df, 5, return_flags=True)
    hit = flags[(flags.series_id == "rev") & (flags.flag == "level_shift")]
    assert len(hit) == 1 and hit.detail.iloc[0].startswith("2013: detected")
    truth = observed[-1] + 3.6 * np.arange(1, 6)  # the new basis keeps its trend (3 × 1.2 a year)
    assert np.all(np.abs(out["mean"].to_numpy() / truth - 1) < 0.08)
    # A trend model reads an unhandled jump as growth and overshoots; handled, it does not.
    on = forecast_frame(df, 5, config={"members": ["drift"]})
    off = forecast_frame(df, 5, config={"members": ["drift"], "detect_shifts": False})
    err_on = np.abs(on["mean"].to_numpy() - truth).mean()
    err_off = np.abs(off["mean"].to_numpy() - truth).mean()
    assert err_on < 0.5 * err_off
    assert (off["mean"].to_numpy() > truth).all()


def test_declared_level_shift():
    years = np.arange(2005, 2018)
    vals = np.where(years >= 2013, 1.05, 1.0) * np.linspace(100, 112, len(years))
    df = pd.DataFrame({"series_id": "d", "period": years, "value": vals})
    _, flags = forecast_frame(df, 3, level_shifts={"d": [2013]}, return_flags=True)
    det = flags.loc[flags.flag == "level_shift", "detail"].tolist()
    assert det and det[0].startswith("2013: declared")


def test_nonnegative_counts_never_below_zero():
    df = long({"falling": [100, 80, 61, 45, 30, 18, 9, 3.0], "neg": [-5, -3, -4, -2, -1, -3.0]})
    out, flags = forecast_frame(df, 6, return_flags=True)
    f = out[out.series_id == "falling"]
    assert (f[["mean", "lo_80", "hi_80", "lo_95", "hi_95"]] >= 0).all().all()
    # A series with negative history is not a count: not clipped, and flagged.
    assert "neg" in set(flags.loc[flags.flag == "negative_history", "series_id"])


def test_intervals_nest_and_widen_with_horizon():
    rng = np.random.default_rng(6)
    series = {f"s{i}": list(synthetic_growth(int(rng.integers(8, 25)), 100 + i, noise=0.05)) for i in range(30)}
    out = forecast_frame(long(series), 6)
    for _, g in out.groupby("series_id"):
        w80 = (g["hi_80"] - g["lo_80"]).to_numpy()
        w95 = (g["hi_95"] - g["lo_95"]).to_numpy()
        assert (np.diff(w95) >= -1e-9).all() and (np.diff(w80) >= -1e-9).all()
        assert (w95 >= w80 - 1e-9).all()
        assert ((g["lo_95"] <= g["lo_80"] + 1e-9) & (g["lo_80"] <= g["mean"] + 1e-9) & (g["mean"] <= g["hi_80"] + 1e-9)).all()


def test_accuracy_on_real_nbs_series_beats_naive():
    """Deterministic check on committed official series (see tests/data/forecast/README.md)."""
    df = pd.read_csv(DATA / "china_employment_10k_2000-2021.csv", dtype={"series_id": str})
    bt = backtest_frame(df, 3)
    assert {"model", "horizon", "mase", "smape", "coverage_80", "coverage_95", "n"} <= set(bt.columns)
    allh = bt[bt.horizon == "all"].set_index("model")
    assert "naive" in allh.index
    assert allh.loc["ensemble", "mase"] < allh.loc["naive", "mase"]
    assert allh.loc["ensemble", "smape"] < allh.loc["naive", "smape"]
    assert 0.5 < allh.loc["ensemble", "coverage_95"] <= 1.0


def test_henan_2013_revision_detected_on_real_series():
    df = pd.read_csv(DATA / "henan_employment_10k_2009-2017.csv", dtype={"series_id": str})
    _, flags = forecast_frame(df, 3, return_flags=True)
    tot = flags[(flags.series_id == "410000:TOTAL") & (flags.flag == "level_shift")]
    assert tot.detail.str.startswith("2013").any()


@pytest.mark.parametrize(
    "est",
    [NaiveForecaster(), DriftForecaster(damping=0.5), DampedTrendForecaster(log=True), ThetaForecaster(), LinearTrendForecaster(log=True), EnsembleForecaster()],
)
def test_estimators_follow_sklearn_conventions(est):
    y = synthetic_growth(14, 7)
    est2 = clone(est)
    assert est2.get_params() == est.get_params()
    assert est2.fit(y) is est2
    p = est2.predict(4)
    assert p["mean"].shape == (4,) and set(p) == {"mean", "lo_80", "hi_80", "lo_95", "hi_95"}
    panel = np.vstack([synthetic_growth(14, 8), np.r_[np.full(4, np.nan), synthetic_growth(10, 9)]])
    pp = clone(est).fit(panel).predict(3, level=(90,))
    assert pp["mean"].shape == (2, 3) and "lo_90" in pp
