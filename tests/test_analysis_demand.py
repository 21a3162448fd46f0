"""Demand (docs/design.md step 4): hand-computed openings, conservation, intervals, levels."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentcast.analysis.demand import compute_demand, industry_coefficients, simulate_paths, split_to_majors
from talentcast.analysis.inputs import section_of
from talentcast.errors import ValidationError

_spec = importlib.util.spec_from_file_location("analysis_fixture", Path(__file__).parent / "data/analysis/fixture.py")
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

RHO = {"C": 0.03, "E": 0.02}


def _demand(**settings):
    coef = industry_coefficients(fx.table("staffing"), fx.table("vocational_share"))
    return compute_demand(fx.table("employment"), coef, RHO, fx.settings(**settings))


def test_section_coefficients_equal_division_weights():
    coef = industry_coefficients(fx.table("staffing"), fx.table("vocational_share"))
    sec = coef[coef["industry_code"].isin(["C", "E"])].set_index(["industry_code", "major_class"])["coef"]
    assert sec[("C", "4601")] == pytest.approx(0.18)
    assert sec[("C", "4603")] == pytest.approx(0.22)
    assert sec[("E", "4401")] == pytest.approx(0.45)
    assert sec[("E", "4402")] == pytest.approx(0.15)


def test_section_coefficients_use_division_weights_when_given():
    w = pd.DataFrame({"industry_code": ["34", "38"], "weight": [3.0, 1.0]})
    coef = industry_coefficients(fx.table("staffing"), fx.table("vocational_share"), division_weights=w)
    c = coef[(coef["industry_code"] == "C")].set_index("major_class")["coef"]
    assert c["4601"] == pytest.approx((3 * 0.5 * 0.6 + 1 * 0.3 * 0.2) / 4)
    assert c.sum() == pytest.approx((3 * 0.5 + 1 * 0.3) / 4)


def test_hand_computed_openings_in_persons():
    d, _ = _demand()
    row = d[(d["scenario"] == "baseline") & (d["year"] == 2024)].set_index("major_class")
    assert row.loc["4601", "expansion"] == pytest.approx(3600)
    assert row.loc["4601", "replacement"] == pytest.approx(5400)
    assert row.loc["4601", "openings"] == pytest.approx(9000)
    assert row.loc["4603", "openings"] == pytest.approx(11000)
    assert row.loc["4401", "expansion"] == pytest.approx(-2250)
    assert row.loc["4401", "openings"] == pytest.approx(2250)
    assert row.loc["4402", "openings"] == pytest.approx(750)
    # Year 2 uses E[2024] for replacement: 102 · 0.03 · 0.18 · 10⁴.
    y2 = d[(d["scenario"] == "baseline") & (d["year"] == 2025)].set_index("major_class")
    assert y2.loc["4601", "replacement"] == pytest.approx(5508)


def test_conservation_expansion_sums_to_v_times_delta_e():
    d, _ = _demand()
    for year, de_c, de_e in ((2024, 2.0, -0.5), (2025, 2.0, -0.5)):
        total = d[(d["scenario"] == "baseline") & (d["year"] == year)]["expansion"].sum()
        assert total == pytest.approx((0.4 * de_c + 0.6 * de_e) * 10_000)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_conservation_random_staffing(seed):
    rng = np.random.default_rng(seed)
    divisions = ["13", "14", "34", "38", "47", "51", "65"]
    classes = ["4601", "4603", "4401", "5101", "5301"]
    rows = []
    for d in divisions:
        share = rng.dirichlet(np.ones(len(classes)))
        rows += [{"industry_code": d, "major_class": c, "share": s} for c, s in zip(classes, share)]
    staffing = pd.DataFrame(rows)
    v = pd.DataFrame({"industry_code": divisions, "v": rng.uniform(0.1, 0.9, len(divisions))})
    emp_rows = []
    levels = {d: rng.uniform(5, 50) for d in divisions}
    for d in divisions:
        emp_rows.append({"region_code": "410000", "industry_code": d, "year": 2023, "kind": "history", "mean": levels[d]})
        for h in (1, 2, 3):
            m = levels[d] * (1 + rng.normal(0, 0.05)) ** h
            emp_rows.append({"region_code": "410000", "industry_code": d, "year": 2023 + h, "kind": "forecast",
                             "mean": m, "lo_95": m * 0.9, "hi_95": m * 1.1})
    emp = pd.DataFrame(emp_rows)
    coef = industry_coefficients(staffing, v)
    d, _ = compute_demand(emp, coef, {}, fx.settings(horizon=3))
    piv = emp.pivot_table(index="industry_code", columns="year", values="mean")
    vv = v.set_index("industry_code")["v"]
    for year in (2024, 2025, 2026):
        expected = ((piv[year] - piv[year - 1]) * vv).sum() * 10_000
        assert d[d["year"] == year]["expansion"].sum() == pytest.approx(expected)


def test_intervals_bracket_and_are_reproducible():
    d1, _ = _demand()
    d2, _ = _demand()
    pd.testing.assert_frame_equal(d1, d2)
    base = d1[d1["scenario"] == "baseline"]
    assert (base["openings_lo_95"] <= base["openings_lo_80"] + 1e-9).all()
    assert (base["openings_lo_80"] <= base["openings_hi_80"]).all()
    assert (base["openings_hi_80"] <= base["openings_hi_95"] + 1e-9).all()
    big = base[base["openings"] > 5000]
    assert ((big["openings_lo_80"] < big["openings"]) & (big["openings"] < big["openings_hi_80"])).all()
    assert (base["openings_lo_95"] >= 0).all()


def test_simulated_paths_reproduce_input_interval():
    rng = np.random.default_rng(0)
    mean = np.array([[100.0, 104.0]])
    sd = np.array([[2.0, 4.0]])
    draws = simulate_paths(mean, sd, sd, 20_000, 0.5, rng)
    lo, hi = np.quantile(draws[:, 0, 1], [0.025, 0.975])
    assert lo == pytest.approx(104 - 1.96 * 4, abs=0.3)
    assert hi == pytest.approx(104 + 1.96 * 4, abs=0.3)


def test_common_shock_widens_interval_of_a_sum():
    mean = np.full((10, 1), 10.0)
    sd = np.ones((10, 1))
    indep = simulate_paths(mean, sd, sd, 5000, 0.0, np.random.default_rng(1)).sum(axis=1)
    common = simulate_paths(mean, sd, sd, 5000, 1.0, np.random.default_rng(1)).sum(axis=1)
    assert np.std(common) > 2.5 * np.std(indep)


def test_scenario_restating_some_industries_keeps_baseline_for_the_rest():
    d, _ = _demand()
    g = d[(d["scenario"] == "growth") & (d["year"] == 2024)].set_index("major_class")
    b = d[(d["scenario"] == "baseline") & (d["year"] == 2024)].set_index("major_class")
    assert g.loc["4601", "expansion"] == pytest.approx(3 * 0.18 * 10_000)
    assert g.loc["4401", "openings"] == pytest.approx(b.loc["4401", "openings"])


def test_divisions_replace_their_section_without_double_counting():
    emp = fx.table("employment")
    extra = pd.DataFrame([
        {"region_code": "410000", "industry_code": "34", "year": 2023, "kind": "history", "scenario": "baseline", "mean": 60.0},
        {"region_code": "410000", "industry_code": "38", "year": 2023, "kind": "history", "scenario": "baseline", "mean": 40.0},
        {"region_code": "410000", "industry_code": "34", "year": 2024, "kind": "forecast", "scenario": "baseline", "mean": 61.0},
        {"region_code": "410000", "industry_code": "38", "year": 2024, "kind": "forecast", "scenario": "baseline", "mean": 41.0},
    ])
    emp = pd.concat([emp, extra], ignore_index=True)
    coef = industry_coefficients(fx.table("staffing"), fx.table("vocational_share"))
    d, _ = compute_demand(emp, coef, RHO, fx.settings(horizon=1))
    row = d[(d["scenario"] == "baseline")].set_index("major_class")
    # C now from divisions: ΔE34 = 1, ΔE38 = 1 → 4601: (0.5·0.6 + 0.3·0.2)·10⁴ = 3600.
    assert row.loc["4601", "expansion"] == pytest.approx(3600)
    assert row.loc["4601", "replacement"] == pytest.approx((60 * 0.3 + 40 * 0.06) * 0.03 * 10_000)


def test_bad_staffing_rows_are_named():
    s = fx.table("staffing")
    s.loc[0, "share"] = 0.9
    with pytest.raises(ValidationError, match="industry 34"):
        industry_coefficients(s, fx.table("vocational_share"))


def test_missing_forecast_gives_flag_not_crash():
    emp = fx.table("employment")
    emp = emp[emp["kind"] == "history"]
    coef = industry_coefficients(fx.table("staffing"), fx.table("vocational_share"))
    d, flags = compute_demand(emp, coef, RHO, fx.settings())
    assert d.empty
    assert "no_employment_forecast" in set(flags["flag"])


def test_split_to_majors_preserves_class_totals():
    d, _ = _demand()
    prog = pd.DataFrame({"year": [2025] * 4, "college_code": ["a", "b", "c", "a"],
                         "major_code": ["460101", "460101", "460102", "460301"]})
    m = split_to_majors(d, prog)
    tot = m.groupby(["scenario", "major_class", "year"])["openings"].sum()
    ref = d.set_index(["scenario", "major_class", "year"])["openings"]
    for k, v in tot.items():
        assert v == pytest.approx(ref[k])
    share = m[(m["major_code"] == "460101")]["share"].iloc[0]
    assert share == pytest.approx(2 / 3)
    assert set(m["status"]) == {"estimated"}


def test_split_to_majors_keeps_the_catalogues_k_majors():
    """国控 majors carry a K (580302K, every 教育类 major): their class demand is split to them."""
    d, _ = _demand()
    classes = set(d["major_class"])
    cls = sorted(classes)[0]
    k_major, plain = f"{cls}01K", f"{cls}02"
    prog = pd.DataFrame({"year": [2025] * 3, "college_code": ["a", "b", "c"], "major_code": [k_major, k_major, plain]})
    m = split_to_majors(d, prog)
    assert set(m["major_code"]) == {k_major, plain}
    got = m[m["major_class"] == cls].groupby(["scenario", "year"])["openings"].sum()
    ref = d[d["major_class"] == cls].set_index(["scenario", "year"])["openings"]
    assert np.allclose(got.sort_index(), ref.sort_index())


def test_section_of_follows_gbt4754_ranges():
    assert section_of("13") == "C" and section_of("43") == "C" and section_of("44") == "D"
    assert section_of("47") == "E" and section_of("51") == "F" and section_of("65") == "I" and section_of("97") == "T"
    from talentcast.resources import resource_path

    g = pd.read_csv(resource_path("data") / "reference" / "gbt4754_2017.csv", dtype=str)
    div = g[g["level"] == "division"]
    assert len(div) == 97 and all(section_of(c) == s for c, s in zip(div["code"], div["section"]))


def test_cumulative_interval_from_draws():
    d, _ = _demand()
    b = d[d["scenario"] == "baseline"].sort_values(["major_class", "year"])
    y1 = b[b["horizon"] == 1]
    assert np.allclose(y1["cum_openings_lo_80"], y1["openings_lo_80"]) and np.allclose(y1["cum_openings_hi_80"], y1["openings_hi_80"])
    summed = b.groupby("major_class")[["openings_lo_80", "openings_hi_80"]].sum()
    last = b[b["horizon"] == 2].set_index("major_class")
    cum = last[["openings"]].join(d[(d["scenario"] == "baseline")].groupby("major_class")["openings"].sum().rename("total"))
    assert ((last["cum_openings_lo_80"] <= cum["total"] + 1e-6) & (cum["total"] <= last["cum_openings_hi_80"] + 1e-6)).all()
    width_cum = last["cum_openings_hi_80"] - last["cum_openings_lo_80"]
    assert (width_cum <= summed["openings_hi_80"] - summed["openings_lo_80"] + 1e-6).all()


def test_window_cumsum_restarts_at_the_planning_window():
    from talentcast.analysis.demand import window_cumsum

    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    years = [2022, 2023, 2024, 2025, 2026]
    # Before the window: from the first forecast year; in it: from the window's first year.
    np.testing.assert_allclose(window_cumsum(x, years, 2024, axis=0), [1, 3, 3, 7, 12])
    np.testing.assert_allclose(window_cumsum(x, years, None, axis=0), [1, 3, 6, 10, 15])
    np.testing.assert_allclose(window_cumsum(x, years, 2020, axis=0), [1, 3, 6, 10, 15])  # window before the data
    draws = np.stack([x, 2 * x])  # draws × years, as the simulation keeps them
    np.testing.assert_allclose(window_cumsum(draws, years, 2025, axis=1), [[1, 3, 6, 4, 9], [2, 6, 12, 8, 18]])


def test_the_analysis_reaches_an_edition_long_after_the_newest_figures():
    from talentcast.analysis.settings import MAX_HORIZON, AnalysisSettings
    from talentcast.errors import ConfigError

    assert AnalysisSettings(horizon=14, first_year=2027).horizon == 14  # Henan: figures to 2017, 2026 edition
    with pytest.raises(ConfigError):
        AnalysisSettings(horizon=MAX_HORIZON + 1)
