"""Shift-share with a reference series (issue 14, fourth round): known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from talentcast.forecast import forecast_frame
from talentcast.forecast.employment import national_references
from talentcast.forecast.reference import REFERENCE_WEIGHT, blend_with_reference


def _long(sid: str, start: int, values) -> pd.DataFrame:
    return pd.DataFrame({"series_id": sid, "period": np.arange(start, start + len(values)), "value": np.asarray(values, float)})


def test_blend_is_half_own_half_last_value_times_reference_growth() -> None:
    history = pd.concat([_long("R:C", 2010, [10.0, 10.0, 10.0]), _long("N:C", 2010, [100.0, 100.0, 200.0])])
    fc = pd.DataFrame({"series_id": ["R:C", "R:C", "N:C", "N:C"], "period": [2013, 2014, 2013, 2014],
                       "mean": [12.0, 14.0, 220.0, 250.0], "lo_80": [11.0, 12.0, 210.0, 230.0],
                       "hi_80": [13.0, 16.0, 230.0, 270.0]})
    out, flags = blend_with_reference(fc, history, {"R:C": "N:C"})
    r = out[out.series_id == "R:C"].set_index("period")
    # shift-share: 10 × 220/200 = 11 and 10 × 250/200 = 12.5; half of each with the own 12, 14
    assert REFERENCE_WEIGHT == 0.5
    assert r["mean"].tolist() == pytest.approx([11.5, 13.25])
    # bounds move with the mean: widths unchanged
    assert (r["hi_80"] - r["lo_80"]).tolist() == pytest.approx([2.0, 4.0])
    assert r["lo_80"].tolist() == pytest.approx([10.5, 11.25])
    # the reference itself is untouched
    assert out[out.series_id == "N:C"]["mean"].tolist() == [220.0, 250.0]
    assert flags == [("R:C", "reference", "combined with the shift-share forecast on N:C (weight 0.5)")]


def test_observed_reference_years_beat_its_forecast() -> None:
    """A reference that runs past the series' last year gives its actual growth there."""
    history = pd.concat([_long("R:C", 2010, [10.0, 10.0]), _long("N:C", 2010, [100.0, 100.0, 150.0])])
    fc = pd.DataFrame({"series_id": ["R:C", "N:C"], "period": [2012, 2013], "mean": [10.0, 160.0]})
    out, _ = blend_with_reference(fc, history, {"R:C": "N:C"})
    assert out.loc[out.series_id == "R:C", "mean"].item() == pytest.approx(0.5 * 10.0 + 0.5 * 15.0)


def test_missing_or_short_reference_leaves_the_own_forecast_and_flags_it() -> None:
    history = pd.concat([_long("R:C", 2010, [10.0, 11.0, 12.0]), _long("N:C", 2008, [5.0, 6.0])])
    fc = pd.DataFrame({"series_id": ["R:C"], "period": [2013], "mean": [13.0]})
    out, flags = blend_with_reference(fc, history, {"R:C": "N:C"})
    assert out["mean"].tolist() == [13.0]
    assert flags[0][:2] == ("R:C", "reference_ignored")
    out, flags = blend_with_reference(fc, history, {"R:C": "X:C"})
    assert out["mean"].tolist() == [13.0] and "not in the input" in flags[0][2]


def test_forecast_frame_with_reference_data_forecasts_the_reference_separately() -> None:
    """The univariate path is unchanged; with a reference the result is the blend above."""
    region = _long("410000:C", 2009, [10, 11, 12, 13, 14, 15, 16, 17])
    nation = _long("100000:C", 2009, [100, 100, 100, 100, 100, 100, 100, 100])
    own = forecast_frame(region, 2)
    both, flags = forecast_frame(region, 2, reference={"410000:C": "100000:C"}, reference_data=nation, return_flags=True)
    # a flat reference forecasts flat: shift-share = the last value 17
    assert both["mean"].to_numpy() == pytest.approx(0.5 * own["mean"].to_numpy() + 0.5 * 17.0)
    assert (both["hi_95"] - both["lo_95"]).to_numpy() == pytest.approx((own["hi_95"] - own["lo_95"]).to_numpy())
    assert "reference" in set(flags["flag"])
    assert forecast_frame(region, 2).equals(own)


def test_national_references_pair_regional_series_with_the_same_national_industry() -> None:
    s = pd.DataFrame({"series_id": ["410000:C", "410000:Q", "100000:C", "100000:TOTAL", "410000:TOTAL"],
                      "period": 2020, "value": 1.0})
    assert national_references(s) == {"410000:C": "100000:C", "410000:TOTAL": "100000:TOTAL"}


def test_backtest_scores_the_pooled_forecast_with_the_reference_as_it_stood() -> None:
    """With a flat national reference, the pooled forecast at each origin is half the engine's
    and half the region's last value at that origin: the backtest must score exactly that
    (the method chapter's table is about the forecast the pipeline publishes)."""
    from talentcast.forecast import backtest_frame

    region = _long("410000:C", 2005, [10, 12, 13, 15, 16, 18, 19, 21, 22, 24])
    nation = _long("100000:C", 2005, [100.0] * 10)
    both = pd.concat([region, nation], ignore_index=True)
    pooled = backtest_frame(both, 1, origins=[1, 2, 3], reference={"410000:C": "100000:C"})
    alone = backtest_frame(both, 1, origins=[1, 2, 3])
    naive = pooled[(pooled.model == "naive") & (pooled.horizon == "1")]
    assert naive.equals(alone[(alone.model == "naive") & (alone.horizon == "1")])  # members unpooled
    # By hand: the engine alone at each origin, pooled half-way to the last value.
    errs = []
    for o in (1, 2, 3):
        train = region.iloc[: len(region) - o]
        own = forecast_frame(pd.concat([train, nation.iloc[: len(nation) - o]]), 1)
        own = own[own.series_id == "410000:C"]["mean"].item()
        f = 0.5 * own + 0.5 * train["value"].iloc[-1]
        actual = region["value"].iloc[len(region) - o]
        errs.append(abs(actual - f) / np.mean(np.abs(np.diff(train["value"].to_numpy()))))
    row = pooled[(pooled.model == "ensemble") & (pooled.horizon == "1")]
    # the national series is flat: its MASE scale is 0, so only the region counts in the mean
    assert row["mase"].item() == pytest.approx(np.sum(errs) / 3, rel=1e-9)
