"""Gap and rating (docs/design.md step 7): thresholds, two-step score, drivers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from talentcast.analysis.gap import compute_gap, drivers_of, projected_score, rate, recent_score, withhold_ratings
from talentcast.analysis.settings import load_rules
from talentcast.errors import ConfigError

BOOK = load_rules()


@pytest.mark.parametrize("score,expected", [
    (2.5, "strong_shortage"), (1.5, "strong_shortage"), (1.49, "moderate_shortage"), (0.5, "moderate_shortage"),
    (0.49, "balance"), (0.0, "balance"), (-0.49, "balance"), (-0.5, "moderate_surplus"), (-1.49, "moderate_surplus"),
    (-1.5, "strong_surplus"), (-3.0, "strong_surplus"),
])
def test_rating_follows_thresholds(score, expected):
    assert rate(score, BOOK) == expected


def test_rating_thresholds_are_configurable():
    book = load_rules(overrides={"rating.strong_shortage": 2.6})
    assert rate(2.5, book) == "moderate_shortage"
    with pytest.raises(ConfigError, match="must satisfy"):
        load_rules(overrides={"rating.moderate_shortage": 2.0})
    with pytest.raises(ConfigError, match="names no threshold"):
        load_rules(overrides={"rating.nonsense": 1})


@pytest.mark.parametrize("openings,supply,ratio,score", [
    (100, 70, 0.30, 2), (100, 71, 0.29, 1), (100, 90, 0.10, 1), (100, 91, 0.09, 0), (100, 110, -0.10, -1),
    (100, 129, -0.29, -1), (100, 130, -0.30, -2), (0, 10, np.nan, -2), (0, 0, np.nan, 0),
])
def test_projected_score(openings, supply, ratio, score):
    r, s = projected_score(openings, supply, BOOK)
    assert s == score
    assert (np.isnan(r) and np.isnan(ratio)) or r == pytest.approx(ratio)


def test_recent_score_mean_of_available_signals():
    # posting growth +0.2 pp above average → +1; salary −0.05 → −1; employment 0.96 → +1; counterpart missing.
    s, n = recent_score(0.2, -0.05, 0.96, np.nan, BOOK)
    assert n == 3 and s == pytest.approx(1 / 3)
    assert recent_score(np.nan, np.nan, np.nan, np.nan, BOOK) == (0.0, 0)


def test_drivers():
    assert drivers_of(1000, 500, 0.6, 0.9, 0.9, BOOK) == ["training"]
    # Enough graduates (950 ≥ 90 %) but they leave: retention only.
    assert drivers_of(1000, 950, 0.4, 0.5, 0.9, BOOK) == ["retention"]
    assert drivers_of(1000, 2000, -0.5, 0.5, 0.4, BOOK) == ["suitability"]
    assert drivers_of(1000, 950, 0.4, np.nan, np.nan, BOOK) == []


def _demand(openings):
    return pd.DataFrame({
        "region_code": "410000", "scenario": "baseline", "major_class": "4601", "year": [2024, 2025],
        "horizon": [1, 2], "expansion": [10.0, 10.0], "replacement": [o - 10.0 for o in openings], "openings": openings,
        "openings_lo_80": [o * 0.8 for o in openings], "openings_hi_80": [o * 1.2 for o in openings],
        "openings_lo_95": 0.0, "openings_hi_95": 0.0, "employment_persons": 5e4, "status": "estimated",
    })


def test_compute_gap_two_step_hand_example():
    demand = _demand([100.0, 100.0])
    supply = pd.DataFrame({"major_class": "4601", "year": [2024, 2025], "entrants": [40.0, 40.0],
                           "supply_gross": [60.0, 60.0], "status": "synthetic"})
    indicators = pd.DataFrame({"major_class": ["4601"], "region_code": ["410000"], "year": [2023],
                               "postings_unique": [100], "n_salary": [100], "postings_growth_vs_avg": [-0.2], "salary_growth_vs_avg": [0.0]})
    rates = pd.DataFrame({"major_class": ["4601"], "n_graduates": [500.0], "employment_rate": [0.9],
                          "counterpart_rate": [0.5], "in_province_rate": [0.6], "status": ["synthetic"]})
    g = compute_gap("G", "410000", ["4601"], demand, supply, indicators, rates, BOOK).set_index("year")
    # Cumulative gap ratio (200 − 80)/200 = 0.6 → +2; recent: postings −1, salary 0, employment 0, counterpart −1 → −0.5.
    assert g.loc[2025, "cum_gap_ratio"] == pytest.approx(0.6)
    assert g.loc[2025, "projected_score"] == 2
    assert g.loc[2025, "recent_score"] == pytest.approx(-0.5)
    assert g.loc[2025, "score"] == pytest.approx(1.5)
    assert g.loc[2025, "rating"] == "strong_shortage"
    assert g.loc[2025, "drivers"] == "training;retention;suitability"
    assert g.loc[2025, "status"] == "synthetic"


def test_compute_gap_without_supply_or_postings():
    g = compute_gap("G", "410000", ["4601"], _demand([100.0, 50.0]), pd.DataFrame(),
                    pd.DataFrame(columns=["major_class", "region_code", "year"]), pd.DataFrame(), BOOK)
    assert (g["supply"] == 0).all() and (g["n_recent_signals"] == 0).all()
    assert (g["rating"] == "strong_shortage").all()


def test_a_surplus_the_demand_cannot_show_is_withheld_and_a_shortage_stands():
    gap = pd.DataFrame({
        "major_class": ["4603", "4603b", "4403", "5202", "5901"],
        "rating": ["strong_surplus", "moderate_surplus", "strong_surplus", "strong_shortage", "strong_surplus"],
        "coverage_limited": [True, True, False, True, False],
        "cum_openings": [375.0, 900.0, 0.0, 4000.0, 2000.0],
        "cum_supply": [38454.0, 1200.0, 13064.0, 1000.0, 9000.0],
    })
    out = withhold_ratings(gap)
    assert out["rating"].tolist() == ["unrated", "unrated", "unrated", "strong_shortage", "strong_surplus"]
    assert out["rating_withheld"].tolist() == ["coverage_limited", "coverage_limited", "no_openings", "", ""]
    assert gap["rating"].iloc[0] == "strong_surplus"  # the input is not changed


def test_a_rating_that_rests_on_the_exit_rate_is_marked():
    # Openings 100 a year = expansion 10 + replacement 90; supply 75 a year: gap ratio 0.25, a
    # moderate shortage (score 1). Replacement × 0.8 → openings 82, ratio 0.085 (balance);
    # × 1.2 → 118, ratio 0.36 (strong shortage): the rating rests on the exit rate.
    supply = pd.DataFrame({"major_class": "4601", "year": [2024, 2025], "entrants": [75.0, 75.0],
                           "supply_gross": [75.0, 75.0], "status": "estimated"})
    none = pd.DataFrame(columns=["major_class", "region_code", "year"])
    g = compute_gap("G", "410000", ["4601"], _demand([100.0, 100.0]), supply, none, pd.DataFrame(), BOOK)
    last = g.set_index("year").loc[2025]
    assert last["rating"] == "moderate_shortage"
    assert (last["rating_exit_low"], last["rating_exit_high"]) == ("balance", "strong_shortage")
    assert bool(last["sensitive_to_exit_rate"])
    # Far from any threshold the rating holds under both factors.
    wide = pd.DataFrame({"major_class": "4601", "year": [2024, 2025], "entrants": [10.0, 10.0],
                         "supply_gross": [10.0, 10.0], "status": "estimated"})
    g = compute_gap("G", "410000", ["4601"], _demand([100.0, 100.0]), wide, none, pd.DataFrame(), BOOK)
    assert not g["sensitive_to_exit_rate"].any() and (g["rating_exit_low"] == g["rating"]).all()
