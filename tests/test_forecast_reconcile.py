"""Reconciliation: children sum to parents, non-negative, all three methods."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentcast.errors import ValidationError
from talentcast.forecast import forecast_frame, reconcile

DATA = Path(__file__).parent / "data" / "forecast"


@pytest.fixture(scope="module")
def henan():
    hist = pd.read_csv(DATA / "henan_employment_10k_2009-2017.csv", dtype={"series_id": str})
    fc = forecast_frame(hist, 4)
    sections = [s for s in hist.series_id.unique() if s != "410000:TOTAL"]
    hier = pd.DataFrame({"parent": "410000:TOTAL", "child": sections})
    return hist, fc, hier


@pytest.mark.parametrize("method", ["bottom_up", "ols", "mint_shrink"])
def test_children_sum_to_parent(henan, method):
    hist, fc, hier = henan
    # Base forecasts are not coherent to start with.
    p0 = fc.pivot(index="period", columns="series_id", values="mean")
    assert (p0.drop(columns="410000:TOTAL").sum(axis=1) - p0["410000:TOTAL"]).abs().max() > 1.0
    r = reconcile(fc, hier, method, history_df=hist)
    p = r.pivot(index="period", columns="series_id", values="mean")
    assert np.allclose(p.drop(columns="410000:TOTAL").sum(axis=1), p["410000:TOTAL"], rtol=0, atol=1e-6)
    assert (r[["mean", "lo_80", "lo_95"]] >= 0).all().all()
    assert (r["lo_95"] <= r["mean"] + 1e-9).all() and (r["mean"] <= r["hi_95"] + 1e-9).all()
    assert r["model"].str.endswith(f"+{method}").all()
    if method == "bottom_up":
        leaves = fc[fc.series_id != "410000:TOTAL"].set_index(["series_id", "period"])["mean"]
        got = r[r.series_id != "410000:TOTAL"].set_index(["series_id", "period"])["mean"]
        assert np.allclose(got.loc[leaves.index], leaves)


def test_three_level_tree_and_nonnegative():
    # Synthetic (seeded) hierarchy: total -> 2 sections -> 2 divisions each; one division falling to 0.
    rng = np.random.default_rng(11)
    years = np.arange(2008, 2020)
    div = {
        "R:C:13": 50 + np.cumsum(rng.normal(1, 1, len(years))),
        "R:C:14": np.maximum(0, 30 - 3.2 * np.arange(len(years))),
        "R:G:51": 80 + np.cumsum(rng.normal(2, 1, len(years))),
        "R:G:52": 20 + np.cumsum(rng.normal(0.5, 0.5, len(years))),
    }
    sec = {"R:C": div["R:C:13"] + div["R:C:14"], "R:G": div["R:G:51"] + div["R:G:52"]}
    tot = {"R:T": sec["R:C"] + sec["R:G"] * 1.05}  # parent reported slightly off the sum
    hist = pd.DataFrame(
        [(s, y, v) for d in (div, sec, tot) for s, vals in d.items() for y, v in zip(years, vals)],
        columns=["series_id", "period", "value"],
    )
    hier = pd.DataFrame(
        {"parent": ["R:T", "R:T", "R:C", "R:C", "R:G", "R:G"], "child": ["R:C", "R:G", "R:C:13", "R:C:14", "R:G:51", "R:G:52"]}
    )
    fc = forecast_frame(hist, 5)
    r = reconcile(fc, hier, "mint_shrink", history_df=hist)
    p = r.pivot(index="period", columns="series_id", values="mean")
    assert np.allclose(p["R:C:13"] + p["R:C:14"], p["R:C"])
    assert np.allclose(p["R:G:51"] + p["R:G:52"], p["R:G"])
    assert np.allclose(p["R:C"] + p["R:G"], p["R:T"])
    assert (p >= 0).all().all()


def test_missing_series_and_bad_tree(henan):
    hist, fc, hier = henan
    with pytest.raises(ValidationError, match="without forecasts"):
        reconcile(fc[fc.series_id != "410000:C"], hier, "ols")
    bad = pd.concat([hier, pd.DataFrame({"parent": ["X"], "child": ["410000:C"]})])
    with pytest.raises(ValidationError, match="several parents"):
        reconcile(fc, bad, "ols")


def test_series_ending_in_different_years(henan):
    hist, _, hier = henan
    # The total one year shorter: its forecasts start a year earlier than the sections'.
    h2 = hist[~((hist.series_id == "410000:TOTAL") & (hist.period == 2017))]
    fc = forecast_frame(h2, 3)
    r = reconcile(fc, hier, "ols", history_df=h2)
    p = r.pivot(index="period", columns="series_id", values="mean")
    both = [2018, 2019]  # total forecasts 2017-2019, sections 2018-2020
    assert np.allclose(p.loc[both].drop(columns="410000:TOTAL").sum(axis=1), p.loc[both, "410000:TOTAL"])
    lone = r[r.period == 2017]
    assert list(lone.series_id) == ["410000:TOTAL"] and not lone.model.str.contains("ols").any()
    assert not r[r.period == 2020].model.str.contains("ols").any()
