"""Numbers a Department of Education can defend (issue 13): supply in its year and size,
like-for-like demand, intervals of totals, no synthetic influence, invariants over the marts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentcast.analysis import AnalysisSettings, GroupSpec, Member, run_analysis
from talentcast.analysis.demand import (
    Z80,
    compute_demand,
    demand_totals,
    implied_correlation,
    industry_coefficients,
    interval_informative,
    simulate_paths,
    trend_share,
)
from talentcast.analysis.gap import compute_gap
from talentcast.analysis.levels import apply_level_split, coverage_limited_classes, higher_share
from talentcast.analysis.settings import load_rules
from talentcast.analysis.supply import (
    calibrate_intake,
    capacity_cohorts,
    compute_supply,
    estimate_rates,
    intake_table,
    register_year_for,
)

_spec = importlib.util.spec_from_file_location("analysis_fixture", Path(__file__).parent / "data/analysis/fixture.py")
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

BOOK = load_rules()


# ----------------------------------------------------------------------------- supply in its year


def test_register_year_is_the_cohort_year_or_the_nearest_earlier_never_later():
    got = register_year_for([2019, 2020, 2022, 2012, 2025], [2019, 2021, 2025])
    assert list(got[:3]) == [2019, 2019, 2021]
    assert np.isnan(got[3])  # every register is later than 2012: none is used
    assert got[4] == 2025


def _register(rows):
    return pd.DataFrame(rows, columns=["year", "college_code", "major_code"]).assign(college_name="x", status="official")


def test_cohort_year_supply_known_answer():
    # X offers 460101 in 2019 and 2025, Y only from 2025, Z only in 2021; 职业本科 260101 (L = 4) at X in 2019.
    reg = _register([(2019, "X", "460101"), (2025, "X", "460101"), (2025, "Y", "460101"), (2021, "Z", "460101"),
                     (2019, "X", "260101")])
    settings = AnalysisSettings()
    cap = capacity_cohorts(reg, {"X", "Y", "Z"}, {"4601"}, [2022, 2024, 2025, 2020], intake_table(settings))
    got = {(r.college_code, r.major_code, r.year): r.register_year for r in cap.itertuples()}
    assert got == {
        ("X", "460101", 2022): 2019,  # entered 2019 under the 2019 register
        ("Z", "460101", 2024): 2021,  # entered 2021
        ("Z", "460101", 2025): 2021,  # entered 2022: no 2022 register, the nearest earlier is 2021
        ("X", "260101", 2024): 2019,  # 职业本科 (L = 4): entered 2020, nearest earlier register 2019
    }
    assert not any(c == "Y" for c, _, _ in got)  # Y registered only after every cohort here entered
    assert not any(y == 2020 for _, _, y in got)  # 2020's cohort (2017) predates every register
    assert ("X", "260101", 2025) not in got  # entered 2021: the 2021 register does not list it at X
    assert (cap["register_year"] <= cap["cohort_year"]).all()
    # Entrants = 45 × 0.92 × (1 − 0.15) × 0.75 with the documented defaults.
    group = GroupSpec(id="g", categories=("46",), members=tuple(Member(c, c, False) for c in "XYZ"))
    empty = estimate_rates(pd.DataFrame(), pd.DataFrame(), settings)
    s = compute_supply(group, ["4601"], [2022, 2024, 2025], pd.DataFrame(columns=["college_code", "major_code", "year", "new_students", "status"]),
                       reg, empty, empty, {"X", "Y", "Z"}, settings)
    assert s.set_index(["college_code", "year"]).loc[("X", 2022), "entrants"] == pytest.approx(45 * 0.92 * 0.85 * 0.75)
    assert set(s["basis"]) == {"capacity_estimate"} and (s["register_year"] <= s["cohort_year"]).all()


def test_enrolment_replaces_the_capacity_estimate_for_the_colleges_it_covers():
    reg = _register([(2019, "X", "460101"), (2019, "Z", "460101")])
    en = pd.DataFrame({"college_code": ["X"], "major_code": ["460101"], "year": [2019], "new_students": [100.0],
                       "status": ["official"]})
    settings = AnalysisSettings()
    group = GroupSpec(id="g", categories=("46",), members=(Member("X", "X", False), Member("Z", "Z", False)))
    empty = estimate_rates(pd.DataFrame(), pd.DataFrame(), settings)
    s = compute_supply(group, ["4601"], [2022], en, reg, empty, empty, {"X", "Z"}, settings).set_index("college_code")
    assert s.loc["X", "basis"] == "enrollment" and s.loc["X", "enrollment_cohort"] == 100
    assert s.loc["Z", "basis"] == "capacity_estimate" and s.loc["Z", "enrollment_cohort"] == 45


# ----------------------------------------------------------------------------- supply in its size


def test_intake_per_class_from_the_table_and_calibrated_to_a_provincial_total(tmp_path):
    table = tmp_path / "intake.csv"
    table.write_text("major_class,intake_per_programme,source\n*,45,default\n5202,150,nursing (test)\n", encoding="utf-8")
    settings = AnalysisSettings(intake_per_programme=None, intake_per_programme_path=str(table))
    reg = _register([(2019, "X", "520201"), (2019, "X", "460101"), (2019, "Y", "460101")])
    base = intake_table(settings)
    cap = capacity_cohorts(reg, {"X", "Y"}, {"4601", "5202"}, [2022], base).set_index(["college_code", "major_code"])
    assert cap.loc[("X", "520201"), "enrollment_cohort"] == 150 and cap.loc[("X", "460101"), "enrollment_cohort"] == 45
    # A provincial total of 480 new entrants in 2019 against 150 + 45 + 45 = 240 implied: × 2.
    cal = calibrate_intake(base, reg, pd.DataFrame({"year": [2019], "new_students": [480.0]}))
    cap2 = capacity_cohorts(reg, {"X", "Y"}, {"4601", "5202"}, [2022], cal).set_index(["college_code", "major_code"])
    assert cap2.loc[("X", "520201"), "enrollment_cohort"] == pytest.approx(300)
    assert cap2["enrollment_cohort"].sum() == pytest.approx(480)


def _gap_case(supply_estimated: float, openings: float = 100.0):
    demand = pd.DataFrame({"region_code": "410000", "scenario": "baseline", "major_class": "4601", "year": [2024],
                           "horizon": 1, "expansion": 0.0, "replacement": openings, "openings": openings,
                           "openings_lo_80": openings * 0.8, "openings_hi_80": openings * 1.2, "openings_lo_95": 0.0,
                           "openings_hi_95": 0.0, "employment_persons": 5e4, "status": "estimated"})
    supply = pd.DataFrame({"major_class": "4601", "year": [2024], "entrants": [supply_estimated],
                           "supply_gross": [supply_estimated], "status": "estimated", "basis": "capacity_estimate"})
    ind = pd.DataFrame(columns=["major_class", "region_code", "year"])
    return compute_gap("G", "410000", ["4601"], demand, supply, ind, pd.DataFrame(), BOOK).iloc[0]


def test_rating_that_flips_under_halved_or_doubled_intake_is_sensitive():
    # Supply 80 of 100 openings: ratio 0.2 → +1 (moderate shortage); halved 0.6 → strong; doubled −0.6 → strong surplus.
    g = _gap_case(80.0)
    assert g["rating"] == "moderate_shortage"
    assert g["rating_supply_low"] == "strong_shortage" and g["rating_supply_high"] == "strong_surplus"
    assert bool(g["sensitive_to_supply"])
    # Supply 5 of 100: a strong shortage whatever the intake.
    g2 = _gap_case(5.0)
    assert g2["rating"] == g2["rating_supply_low"] == g2["rating_supply_high"] == "strong_shortage"
    assert not bool(g2["sensitive_to_supply"])


# ----------------------------------------------------------------------------- intervals


def _two_industries(rho_exit=0.2, sd=(3.0, 4.0), years=1, profile=None):
    """Sections C and E, 100 万 each, flat forecast with 80 % half-widths Z80·sd·profile[h]
    (default linear in h); v = 0.5, one class each."""
    rows = []
    for ind, s in zip("CE", sd):
        rows.append({"region_code": "410000", "industry_code": ind, "year": 2023, "kind": "history", "scenario": "baseline",
                     "mean": 100.0})
        for h in range(1, years + 1):
            half = Z80 * s * (profile[h - 1] if profile else h)
            rows.append({"region_code": "410000", "industry_code": ind, "year": 2023 + h, "kind": "forecast",
                         "scenario": "baseline", "mean": 100.0, "lo_80": 100.0 - half, "hi_80": 100.0 + half})
    emp = pd.DataFrame(rows)
    staffing = pd.DataFrame({"industry_code": ["C", "E"], "major_class": ["4601", "4401"], "share": [1.0, 1.0]})
    coef = industry_coefficients(staffing, pd.DataFrame({"industry_code": ["C", "E"], "v": [0.5, 0.5]}))
    return emp, coef, {"C": rho_exit, "E": rho_exit}


@pytest.mark.parametrize("corr, sd_total", [(0.0, 0.5 * 5.0 * 1e4), (1.0, 0.5 * 7.0 * 1e4)])
def test_total_interval_two_industries_by_hand(corr, sd_total):
    """Openings of the two classes: 0.5 · 100 · 0.2 · 10⁴ = 100,000 each, plus 0.5 · ΔE · 10⁴.
    Independent (c = 0): sd of the total = 0.5 · √(3² + 4²) · 10⁴ = 25,000; one shock (c = 1):
    0.5 · (3 + 4) · 10⁴ = 35,000. The 80 % interval is 200,000 ± 1.2816 · sd — never the sum of
    the classes' own intervals (± 1.2816 · 35,000) unless they err together."""
    emp, coef, rho = _two_industries()
    settings = AnalysisSettings(n_draws=40_000, industry_shock_correlation=corr, horizon=1)
    kept: dict = {}
    d, _ = compute_demand(emp, coef, rho, settings, keep=kept)
    t = demand_totals("g", ["4601", "4401"], d, kept).iloc[0]
    assert t["openings"] == pytest.approx(200_000)
    assert t["openings_hi_80"] - t["openings"] == pytest.approx(Z80 * sd_total, rel=0.03)
    assert t["openings"] - t["openings_lo_80"] == pytest.approx(Z80 * sd_total, rel=0.03)
    classes = d.set_index("major_class")
    summed = (classes["openings_hi_80"] - classes["openings"]).sum()
    assert summed == pytest.approx(Z80 * 35_000, rel=0.03)
    if corr == 0.0:
        assert t["openings_hi_80"] - t["openings"] < 0.8 * summed


def test_yearly_interval_width_does_not_shrink_with_the_horizon():
    # A band that widens ever more slowly (as reconciled forecasts' bands do): comonotone
    # paths gave later years only the increments 0.4, 0.3, 0.2, 0.1 of the first year's sd.
    emp, coef, rho = _two_industries(sd=(3.0, 4.0), years=5, profile=[1.0, 1.4, 1.7, 1.9, 2.0])
    kept: dict = {}
    d, _ = compute_demand(emp, coef, rho, AnalysisSettings(n_draws=20_000, horizon=5), keep=kept)
    t = demand_totals("g", ["4601", "4401"], d, kept)
    width = (t["openings_hi_80"] - t["openings_lo_80"]).to_numpy()
    assert (width >= 0.97 * width[0]).all()  # flat up to simulation noise, never the old collapse
    assert (t["cum_openings_hi_80"] - t["cum_openings_lo_80"]).is_monotonic_increasing


def test_paths_reproduce_the_forecast_band_and_changes_carry_one_year_of_uncertainty():
    rng = np.random.default_rng(0)
    mean = np.full((2, 4), 100.0)
    linear = np.array([1.0, 2.0, 3.0, 4.0])
    sqrt_t = np.sqrt([1.0, 2.0, 3.0, 4.0])
    sd = np.vstack([linear, sqrt_t]) * 2.0
    draws = simulate_paths(mean, sd, sd, 40_000, 0.0, rng)
    assert np.std(draws, axis=0) == pytest.approx(sd, rel=0.03)
    changes = np.diff(draws, axis=2)
    assert np.std(changes, axis=0) == pytest.approx(np.full((2, 3), 2.0), rel=0.03)


def test_trend_share_and_implied_correlation_known_values():
    assert trend_share(np.array([[1.0, 2.0, 3.0]]))[0] == pytest.approx(1.0)
    assert trend_share(np.sqrt(np.array([[1.0, 2.0, 3.0]])))[0] == pytest.approx(0.0)
    parts = np.array([[3.0], [4.0]])
    assert implied_correlation(parts, np.array([5.0]), 0.5) == pytest.approx(0.0)
    assert implied_correlation(parts, np.array([7.0]), 0.5) == pytest.approx(1.0)
    # Var = 25 + c·(49 − 25) = 37 → c = 0.5.
    assert implied_correlation(parts, np.array([np.sqrt(37.0)]), 0.0) == pytest.approx(0.5)
    assert implied_correlation(parts, np.array([np.nan]), 0.3) == 0.3


def test_interval_informative_means_upper_bound_within_three_times_the_point():
    assert list(interval_informative([100, 100, 0], [300, 301, 10])) == [True, False, False]


# ----------------------------------------------------------------------------- like for like


def test_level_split_known_answer():
    # 4601: 30 大专 and 10 中专 postings; 4603: none at either level. Region share 30/40 = 0.75.
    ind = pd.DataFrame({"major_class": ["4601", "4603"], "region_code": "410000", "year": 2023,
                        "postings_unique": [40, 10], "edu_junior_college": [0.75, 0.0], "edu_secondary": [0.25, 0.0]})
    h = higher_share(ind, "410000", strength=20.0).set_index("major_class")
    assert h.loc["4601", "higher_share"] == pytest.approx((30 + 20 * 0.75) / (40 + 20))
    assert h.loc["4603", "higher_share"] == pytest.approx(0.75) and h.loc["4603", "level_basis"] == "region_share"
    assert h.loc["*", "higher_share"] == pytest.approx(0.75)
    demand = pd.DataFrame({"major_class": ["4601", "4401"], "openings": [1000.0, 500.0], "expansion": [100.0, 0.0],
                           "replacement": [900.0, 500.0], "openings_hi_80": [1500.0, 800.0]})
    out = apply_level_split(demand, h.reset_index()).set_index("major_class")
    assert out.loc["4601", "openings"] == pytest.approx(750) and out.loc["4601", "openings_secondary"] == pytest.approx(250)
    assert out.loc["4601", "expansion"] + out.loc["4601", "replacement"] == pytest.approx(out.loc["4601", "openings"])
    # 4401 has no postings of its own: the region's share.
    assert out.loc["4401", "openings"] == pytest.approx(375) and out.loc["4401", "level_basis"] == "region_share"
    assert apply_level_split(demand, h.reset_index().iloc[0:0]).set_index("major_class").loc["4401", "level_basis"] == "none"


def test_coverage_limited_classes_work_mostly_in_poorly_covered_sections():
    emp = pd.DataFrame({"region_code": "410000", "industry_code": ["C", "E"], "year": 2023, "kind": "history", "mean": [100.0, 100.0]})
    coef = pd.DataFrame({"industry_code": ["C", "E", "C", "E"], "major_class": ["4601", "4601", "4401", "4401"],
                         "coef": [0.4, 0.1, 0.1, 0.4]})
    assert coverage_limited_classes(emp, coef, "410000", {"E"}) == {"4401"}


# ----------------------------------------------------------------------------- no synthetic influence


def _real_view(m: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """What the real groups' and province's reports say: ratings, suggestions, totals."""
    real = lambda df: df[df["group_id"] != "sample"].reset_index(drop=True)  # noqa: E731
    gap = real(m["mart_gap"])[["group_id", "scenario", "major_class", "year", "openings", "supply", "cum_supply",
                               "cum_gap_ratio", "score", "rating", "drivers", "status", "sensitive_to_supply"]]
    sugg = real(m["mart_suggestions"])[["group_id", "scenario", "major_class", "action", "rule_id", "rationale_zh"]]
    tot = real(m["mart_demand_total"])
    sup = real(m["mart_supply"]).groupby(["group_id", "major_class", "year"])["entrants"].sum().reset_index()
    return {"gap": gap, "suggestions": sugg, "totals": tot, "supply": sup}


@pytest.mark.slow
def test_real_groups_identical_with_and_without_synthetic_inputs():
    with_syn = run_analysis(fx.inputs(), fx.settings(split_levels=True))
    groups = [dict(g, members=[m for m in g["members"] if not m[2]]) for g in fx.GROUPS]
    en, gr = fx.table("enrollment"), fx.table("graduates")
    without = run_analysis(fx.inputs(groups=groups, enrollment=en[en["status"] != "synthetic"],
                                     graduates=gr[gr["status"] != "synthetic"]), fx.settings(split_levels=True))
    assert "sample" in set(with_syn["mart_gap"]["group_id"]) and "sample" not in set(without["mart_gap"]["group_id"])
    a, b = _real_view(with_syn), _real_view(without)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False, obj=name)
    for name in ("mart_gap", "mart_suggestions", "mart_shortage_list", "mart_demand_total"):
        df = with_syn[name]
        assert not (df.loc[df["group_id"] != "sample", "status"].astype(str) == "synthetic").any() if "status" in df else True


# ----------------------------------------------------------------------------- invariants over the marts


@pytest.fixture(scope="module")
def marts():
    return run_analysis(fx.inputs(), fx.settings(split_levels=True))


def test_invariant_expansion_plus_replacement_is_openings(marts):
    d = marts["mart_demand"]
    net = d["expansion"] + d["replacement"]
    assert np.allclose(d["openings"], net.clip(lower=0), atol=1e-6)
    t = marts["mart_demand_total"]
    assert (t["openings"] >= t["expansion"] + t["replacement"] - 1e-6).all()


def test_invariant_totals_add_up(marts):
    d = marts["mart_demand"][lambda x: x["region_code"] == "410000"]
    t = marts["mart_demand_total"]
    for keys, rows in d.groupby(["group_id", "scenario", "year"]):
        tot = t.set_index(["group_id", "scenario", "year"]).loc[keys]
        assert tot["openings"] == pytest.approx(rows["openings"].sum())
        assert tot["openings_secondary"] == pytest.approx(rows["openings_secondary"].sum())
        assert tot["openings_lo_95"] <= tot["openings_lo_80"] <= tot["openings_hi_80"] <= tot["openings_hi_95"]
    # Supply by college sums to the gap's supply of the group, class and year.
    s = marts["mart_supply"].groupby(["group_id", "major_class", "year"])["entrants"].sum()
    g = marts["mart_gap"][marts["mart_gap"]["scenario"] == "baseline"].set_index(["group_id", "major_class", "year"])["supply"]
    joined = g.to_frame().join(s.rename("by_college"), how="left").fillna(0.0)
    assert np.allclose(joined["supply"], joined["by_college"])
    # The real groups partition the province's classes: their openings add up to the province's.
    gp = marts["mart_demand_total"].set_index(["group_id", "scenario", "year"])["openings"]
    groups = gp.drop(index=["province", "sample"], level="group_id", errors="ignore").groupby(level=["scenario", "year"]).sum()
    assert np.allclose(groups.sort_index(), gp.xs("province", level="group_id").sort_index())


def test_invariant_supply_never_from_a_later_register(marts):
    s = marts["mart_supply"].dropna(subset=["register_year"])
    assert len(s) and (s["register_year"] <= s["cohort_year"]).all()


def test_supply_assumptions_are_data_with_sources(marts):
    a = marts["mart_supply_assumptions"].set_index("parameter")
    assert {"intake_per_programme", "completion_rate", "further_study_rate", "in_province_rate",
            "cohort_register_rule"} <= set(a.index)
    assert a["source"].str.len().gt(0).all()


# ----------------------------------------------------------------------------- ex-ante backtest


def test_interval_backtest_counts_observed_openings_inside_the_intervals():
    from talentcast.analysis.backtest import coverage, interval_backtest

    fitted, coef, rho = _two_industries(sd=(3.0, 4.0), years=3)
    # C followed its forecast (100); E jumped to 130 in the first year, far outside its band.
    observed = pd.DataFrame({"region_code": "410000", "industry_code": ["C"] * 3 + ["E"] * 3, "year": [2024, 2025, 2026] * 2,
                             "kind": "history", "scenario": "baseline", "mean": [100.0] * 3 + [130.0] * 3})
    b = interval_backtest(fitted, observed, coef, rho, AnalysisSettings(n_draws=4000))
    c = b[b["level"] == "class"].set_index(["major_class", "year"])
    assert c["inside_80"].loc["4601"].all()
    assert not c.loc[("4401", 2024), "inside_95"]  # +30 万 × 0.5 = +150,000 openings in one year
    assert c.loc[("4401", 2025), "inside_80"]  # afterwards E stays flat: openings back to replacement
    assert c.loc[("4401", 2024), "actual"] == pytest.approx(0.5 * (30 + 100 * 0.2) * 1e4)
    cov = coverage(b)
    assert cov["class_n"] == 6 and cov["class_coverage_80"] == pytest.approx(5 / 6)
    assert cov["total_n"] == 3 and set(b["origin_year"]) == {2023}
