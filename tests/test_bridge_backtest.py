"""Shift-share bridge: back-test on real Henan/national NBS sections (tests/data/bridge) and precedence."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from talentcast.forecast.bridge import (
    DOCUMENTED_MAPE_BOUND,
    DOCUMENTED_TOTAL_APE_BOUND,
    backtest_bridge,
    backtest_summary,
    bridge_region_from_national,
    merge_official_first,
)
from talentcast.errors import ForecastError

DATA = Path(__file__).parent / "data" / "bridge"
DT = {"region_code": str, "industry_code": str}


@pytest.fixture(scope="module")
def henan() -> pd.DataFrame:
    return pd.read_csv(DATA / "henan_sections_2011-2017.csv", dtype=DT)


@pytest.fixture(scope="module")
def national() -> pd.DataFrame:
    return pd.read_csv(DATA / "national_sections_2011-2021.csv", dtype=DT)


def test_backtest_error_within_documented_bound(henan, national) -> None:
    bt = backtest_bridge(henan, national, origin=2015, horizon_years=[2016, 2017])
    s = backtest_summary(bt).set_index("measure")
    for measure, bound in DOCUMENTED_MAPE_BOUND.items():
        assert s.loc[measure, "mape_sections"] <= bound, (measure, s.loc[measure, "mape_sections"])
    assert s.loc["employment_10k", "mape_total"] <= DOCUMENTED_TOTAL_APE_BOUND
    # 19 sections × 2 years × 2 measures + total × 2 years
    assert len(bt) == 19 * 2 * 2 + 2


def test_damping_beats_the_undamped_trend(henan, national) -> None:
    mape = {phi: backtest_summary(backtest_bridge(henan, national, origin=2015, horizon_years=[2016, 2017], phi=phi)).set_index("measure").loc["employment_10k", "mape_sections"] for phi in (0.5, 1.0)}
    assert mape[0.5] < mape[1.0]


def test_fills_2018_2021_estimated_only_and_uses_post_break_years(henan, national) -> None:
    est = bridge_region_from_national(henan, national, range(2018, 2022))
    assert set(est["year"]) == {2018, 2019, 2020, 2021}
    assert (est["status"] == "estimated").all() and est["source"].str.startswith("bridge:shift-share").all()
    emp = est[(est["measure"] == "employment_10k") & (est["industry_level"] == "section")]
    assert emp["industry_code"].nunique() == 19
    tot = est[est["industry_code"] == "_T"].set_index("year")["value"]
    assert tot.loc[2018] == pytest.approx(emp[emp["year"] == 2018]["value"].sum())
    # years the region has are never estimated
    assert bridge_region_from_national(henan, national, [2016, 2017]).empty or not bridge_region_from_national(henan, national, [2016, 2017])["industry_level"].eq("section").any()
    # pre-2013 years must not influence the shares: changing them leaves estimates unchanged
    h2 = henan.copy()
    h2.loc[h2["year"] < 2013, "value"] *= 3
    pd.testing.assert_frame_equal(est, bridge_region_from_national(h2, national, range(2018, 2022)))


def test_official_replaces_estimate(henan, national) -> None:
    est = bridge_region_from_national(henan, national, [2018])
    official = henan[(henan["year"] == 2017) & (henan["industry_code"] == "C") & (henan["measure"] == "employment_10k")].assign(year=2018, value=999.0)
    base = pd.concat([henan, official], ignore_index=True)
    merged = merge_official_first(base, est)
    cell = merged[(merged["year"] == 2018) & (merged["industry_code"] == "C") & (merged["measure"] == "employment_10k")]
    assert len(cell) == 1 and cell["status"].item() == "official" and cell["value"].item() == 999.0
    other = merged[(merged["year"] == 2018) & (merged["industry_code"] == "G") & (merged["measure"] == "employment_10k")]
    assert other["status"].item() == "estimated"


def test_missing_national_year_raises(henan, national) -> None:
    assert bridge_region_from_national(henan, national, [2030]).empty  # no national data: nothing to bridge
    gap = national[~((national["year"] == 2019) & (national["industry_code"] == "C"))]
    with pytest.raises(ForecastError, match="national figures missing.*employment_10k C 2019"):
        bridge_region_from_national(henan, gap, [2019])
    with pytest.raises(ForecastError, match="no year"):
        bridge_region_from_national(henan[henan["year"] < 2013], national, [2018])


def test_staffing_aggregated_to_sections_and_split_labelled(henan) -> None:
    from talentcast.forecast.bridge import aggregate_staffing_to_sections, division_weights, split_sections_to_divisions
    from talentcast.resources import resource_path

    ind = pd.read_csv(resource_path("data") / "reference" / "gbt4754_2017.csv", dtype=str)
    w = division_weights(ind, pd.DataFrame({"industry_code": ["38", "39"], "weight": [3.0, 1.0]}))
    assert w.groupby("section")["weight"].sum().round(9).eq(1).all()
    c = w[w["section"] == "C"].set_index("industry_code")
    assert c.loc["38", "weight"] == pytest.approx(0.75) and c.loc["13", "weight"] == 0 and (c["basis"] == "given").all()
    assert (w[w["section"] == "A"]["basis"] == "equal").all()
    S = pd.DataFrame({"industry_code": ["38", "38", "39"], "major_class": ["4603", "5101", "5101"], "share": [0.6, 0.4, 1.0]})
    agg = aggregate_staffing_to_sections(S, w).set_index("major_class")
    assert agg.loc["4603", "share"] == pytest.approx(0.45) and agg.loc["5101", "share"] == pytest.approx(0.55)
    sp = split_sections_to_divisions(henan[henan["year"] == 2017], w)
    assert (sp["status"] == "estimated").all() and (sp["industry_level"] == "division").all()
    tot_c = henan[(henan["year"] == 2017) & (henan["industry_code"] == "C") & (henan["measure"] == "employment_10k")]["value"].item()
    assert sp[sp["industry_code"].isin(c.index)]["value"].sum() == pytest.approx(tot_c)


def test_employment_only_frames_without_measure_column(henan, national) -> None:
    """The forecast's employment history carries no measure column and may call the total TOTAL."""
    cols = ["region_code", "industry_code", "industry_level", "year", "value", "status", "source"]
    h = henan[henan["measure"] == "employment_10k"][cols]
    n = national[national["measure"] == "employment_10k"][cols].replace({"industry_code": {"_T": "TOTAL"}})
    est = bridge_region_from_national(h, n, [2018, 2019])
    assert set(est["industry_code"]) >= {"C", "TOTAL"} and (est["status"] == "estimated").all()
    full = bridge_region_from_national(henan, national, [2018, 2019])
    a = est[est["industry_code"] == "C"]["value"].to_numpy()
    b = full[(full["industry_code"] == "C") & (full["measure"] == "employment_10k")]["value"].to_numpy()
    assert a == pytest.approx(b)
