"""Issue 17 "done when" on the demo workspace: the suggestions keep their evidence rules."""

from __future__ import annotations

import pytest

from talentcast.analysis.plan import load_plan_priorities, priorities_by_class
from talentcast.analysis.settings import load_rules
from talentcast.lake import Lake

pytestmark = pytest.mark.demo
T = load_rules().thresholds["suggestions"]
KEY = ["group_id", "scenario", "major_class"]


@pytest.fixture(scope="module")
def marts(demo_workspace):
    lake = Lake(demo_workspace[0] / "lake")
    gap = lake.read("mart_gap")
    head = gap.sort_values("year").groupby(KEY).tail(1)
    years = head["cum_years"].clip(lower=1)  # the years the cum_* figures add up
    head = head.assign(openings_per_year=head["cum_openings"] / years, expansion_per_year=head["cum_expansion"] / years)
    return lake.read("mart_suggestions"), lake.read("mart_shortage_list"), head


def test_no_establish_without_growing_employment_and_enough_openings(marts):
    sugg, _, head = marts
    est = sugg[sugg["action"] == "establish"].merge(head[[*KEY, "openings_per_year", "expansion_per_year"]], on=KEY)
    assert len(est) == (sugg["action"] == "establish").sum()
    assert (est["expansion_per_year"] > T["min_expansion_per_year_establish"]).all()
    assert (est["openings_per_year"] >= T["min_openings_per_year_establish"]).all()


def test_no_headline_shortage_below_the_minimum_openings(marts):
    _, short, head = marts
    assert len(short) and short["headline"].any()
    hl = short[short["headline"]].merge(head[[*KEY, "openings_per_year"]], on=KEY, suffixes=("", "_gap"))
    assert (hl["openings_per_year_gap"] >= T["min_openings_per_year_headline"]).all()
    assert (short["openings_per_year"] >= T["min_openings_per_year_list"]).all()
    # Ranked by the absolute gap a year within each list.
    for _, part in short.groupby(["group_id", "scenario"]):
        part = part.sort_values("rank")
        assert part["gap_per_year"].is_monotonic_decreasing


def test_every_cut_of_a_plan_priority_class_is_a_conflict_for_review(marts):
    sugg, _, _ = marts
    priority = set(priorities_by_class(load_plan_priorities()))
    cuts = sugg[(sugg["action"] == "reduce_or_merge") & sugg["major_class"].isin(priority)]
    assert (cuts["conflict_plan"] != "").all()
    assert cuts["rationale_zh"].str.contains("待专家评审").all()
    assert set(sugg["review_status"]) == {"first_pass"}  # nothing reviewed in the demo: a first pass
