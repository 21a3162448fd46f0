"""Issue 13's done-when checks on the demo's marts (real packaged samples + the synthetic sample)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from talentcast.config import load_settings
from talentcast.lake import Lake

pytestmark = [pytest.mark.slow, pytest.mark.demo]


@pytest.fixture(scope="module")
def marts(demo_workspace):
    root, _ = demo_workspace
    lake = Lake(load_settings(workspace=root).lake_dir)
    names = ("mart_demand_total", "mart_supply", "mart_gap", "mart_suggestions", "mart_shortage_list",
             "mart_indicators", "mart_interval_backtest", "mart_supply_assumptions")
    return {n: lake.read(n) for n in names}


def test_no_supply_row_from_a_register_later_than_its_cohort(marts):
    s = marts["mart_supply"]
    est = s[s["basis"] == "capacity_estimate"]
    assert len(est) and est["register_year"].notna().all()
    assert (est["register_year"] <= est["year"] - np.where(est["major_code"].str[0].isin(["2", "3"]), 4, 3)).all()


def test_province_total_interval_informs_and_does_not_shrink(marts):
    t = marts["mart_demand_total"]
    p = t[(t["group_id"] == "province") & (t["scenario"] == "baseline")].sort_values("year")
    assert len(p) >= 5 and p["year"].diff().dropna().eq(1).all()  # every year to the edition's horizon
    assert (p["openings_lo_80"] >= 0.25 * p["openings"]).all()
    assert (p["openings_hi_80"] <= 2.5 * p["openings"]).all()
    width = (p["openings_hi_80"] - p["openings_lo_80"]).to_numpy()
    assert (width >= 0.97 * width[0]).all()  # flat up to simulation noise


def test_no_synthetic_row_for_the_20_groups_or_the_province(marts):
    for name in ("mart_gap", "mart_suggestions", "mart_shortage_list", "mart_demand_total"):
        df = marts[name]
        real = df[df["group_id"] != "sample"]
        if name != "mart_shortage_list":  # the list holds only groups with a shortage
            assert real["group_id"].nunique() == 21, name
        if "status" in real.columns:
            assert not (real["status"].astype(str) == "synthetic").any(), name
    sup = marts["mart_supply"]
    assert not sup.loc[sup["group_id"] != "sample", "college_code"].astype(str).str.startswith("SYN").any()
    assert sup.loc[sup["group_id"] == "sample", "college_code"].astype(str).str.startswith("SYN").all()


def test_postings_indicators_are_observed(marts):
    assert set(marts["mart_indicators"]["status"]) == {"observed"}


def test_backtest_and_assumptions_are_written(marts):
    b = marts["mart_interval_backtest"]
    assert set(b["origin_year"]) == {2014} and set(b["year"]) == {2015, 2016, 2017}
    assert {"class", "total"} <= set(b["level"])
    a = marts["mart_supply_assumptions"]
    assert "intake_per_programme" in set(a["parameter"])


def test_no_division_mix_is_set_by_more_postings_than_the_cap(demo_workspace):
    """The demo's postings (IT and internet ads from other provinces' cities) weigh at most
    [crosswalk] posting_cap observations per division: division 39 (electronics
    manufacturing) had 2,310 of them, and 集成电路类's share fell from the prior's 5 % to 0.2 %."""
    root, _ = demo_workspace
    settings = load_settings(workspace=root)
    s = Lake(settings.lake_dir).read("mart_staffing")
    alpha, cap = settings.prior_strength, settings.posting_cap
    n = s.groupby("industry_code")["n_postings"].transform("sum")
    heavy = s[(n > cap) & (s["n_graduates"] == 0) & (s["provenance"] == "posterior")]
    assert heavy["industry_code"].nunique() >= 3
    want = (alpha * heavy["prior_share"] + heavy["n_postings"] * cap / n[heavy.index]) / (alpha + cap)
    np.testing.assert_allclose(heavy["share"], want, rtol=1e-9, atol=1e-12)


def test_one_caution_per_band(demo_workspace):
    """A cell whose band is too wide to quote carries one interval caution, not two ("区间过宽"
    and "需求区间过宽" stood side by side for every such class), and its message says both."""
    root, _ = demo_workspace
    lake = Lake(load_settings(workspace=root).lake_dir)
    f = lake.read("mart_flags")
    cell = ["group_id", "scenario", "major_class", "year"]
    wide = f[f["flag"] == "wide_interval"].set_index(cell)
    unc = f[f["flag"] == "uncertain_interval"].set_index(cell)
    assert len(wide) and not wide.index.intersection(unc.index).size
    g = lake.read("mart_gap").set_index(cell)
    too_wide = g.loc[wide.index.intersection(g.index)]
    quoted = wide.loc[too_wide.index[~too_wide["interval_informative"].astype(bool) & (too_wide["openings"] > 0)]]
    assert len(quoted) and quoted["message_zh"].str.contains("仅宜表述为区间范围").all()


def test_backtest_command_scores_the_forecast_the_report_shows(demo_workspace):
    """`talentcast backtest` on the lake and the report's backtest table (mart_backtest) are one
    computation: both pool a region's sections with the national ones, as the forecast does."""
    from talentcast import workflows

    root, _ = demo_workspace
    settings = load_settings(workspace=root, environ={})
    mart = Lake(settings.lake_dir).read("mart_backtest")
    cli = workflows.backtest(settings, None, 3)
    pd.testing.assert_frame_equal(cli.reset_index(drop=True), mart[list(cli.columns)].reset_index(drop=True),
                                  check_dtype=False)


def _headline(marts):
    g = marts["mart_gap"]
    g = g[g["scenario"] == "baseline"]
    return g.sort_values("year").groupby(["group_id", "major_class"]).tail(1).set_index(["group_id", "major_class"])


def test_no_surplus_rating_where_the_demand_cannot_show_one(marts):
    """Every group's window rating: no 过剩 on a class whose demand counts too little of its
    jobs (coverage_limited) or whose window has no openings while graduates arrive."""
    h = _headline(marts)
    surplus = h["rating"].isin(["strong_surplus", "moderate_surplus"])
    assert not (surplus & h["coverage_limited"].astype(bool)).any()
    assert not (surplus & ~(h["cum_openings"] > 0) & (h["cum_supply"] > 0)).any()
    unrated = h[h["rating"] == "unrated"]
    assert len(unrated) and unrated["rating_withheld"].isin(["coverage_limited", "no_openings"]).all()


def test_every_expansion_rests_on_evidence_that_carries_it(marts):
    """An 扩大规模 call in any report: at least the list's floor of openings a year, a rating
    that holds when the intake or the exit rates move, and a real employment base."""
    import json

    from talentcast.analysis.settings import load_rules

    floor = load_rules().t("suggestions", "min_openings_per_year_expand")
    s = marts["mart_suggestions"]
    expand = s[(s["action"] == "expand") & (s["scenario"] == "baseline")]
    h = _headline(marts)
    assert len(expand)
    for r in expand.itertuples(index=False):
        ev = json.loads(r.evidence)
        cell = h.loc[(r.group_id, r.major_class)]
        assert ev["openings_per_year"] >= floor, (r.group_id, r.major_class)
        assert not cell["sensitive_to_supply"] and not cell["sensitive_to_exit_rate"], (r.group_id, r.major_class)
        assert "small_employment" not in str(cell["flags"]).split(";"), (r.group_id, r.major_class)
        assert "—" not in r.rationale_zh, r.rationale_zh
