"""The analysis stage end to end on the hand-made fixture: marts, flags, guards, summary."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentcast.analysis import MART_COLUMNS, run_analysis, summary_by_group
from talentcast.analysis.college_eval import synthetic_on_real
from talentcast.analysis.indicators import compute_indicators
from talentcast.errors import ConfigError

_spec = importlib.util.spec_from_file_location("analysis_fixture", Path(__file__).parent / "data/analysis/fixture.py")
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)


@pytest.fixture(scope="module")
def marts():
    return run_analysis(fx.inputs(), fx.settings())


def test_all_marts_with_contract_columns(marts):
    assert set(marts) == set(MART_COLUMNS)
    for name, cols in MART_COLUMNS.items():
        assert list(marts[name].columns) == cols, name
    for name in ("mart_demand", "mart_supply", "mart_gap", "mart_suggestions", "mart_college_eval", "mart_flags"):
        assert len(marts[name]), name


def test_gap_matches_hand_computation(marts):
    g = marts["mart_gap"].set_index(["group_id", "scenario", "major_class", "year"])
    # The made-up member colleges S001/S002 supply the sample group, not G46.
    row = g.loc[("sample", "baseline", "4601", 2025)]
    assert row["cum_openings"] == pytest.approx(9000 + 9108)
    assert row["cum_supply"] == pytest.approx(66 + 72)
    assert row["cum_gap_ratio"] == pytest.approx((18108 - 138) / 18108)
    assert row["rating"] == "strong_shortage" and row["status"] == "synthetic"
    assert "few_postings" in row["flags"].split(";")
    # G46 has no real member: the real register stands in. 河南职业技术学院 registered 460101
    # in 2021, the entry year of 2024's graduates and the nearest earlier register of 2022's.
    real = g.loc[("G46", "baseline", "4601", 2025)]
    assert real["cum_supply"] == pytest.approx(2 * 45 * 0.92 * 0.85 * 0.75)
    assert real["status"] != "synthetic"


def test_every_suggestion_cites_rule_and_evidence(marts):
    s = marts["mart_suggestions"]
    assert s["rule_id"].str.len().gt(0).all()
    for ev in s["evidence"]:
        d = json.loads(ev)
        assert "cum_openings" in d and "rating" in d
    main = s[s["action"].isin(["establish", "expand", "maintain", "reduce_or_merge", "monitor", "review_membership"])]
    assert not main.duplicated(["group_id", "scenario", "major_class"]).any()


def test_group_without_members_or_postings_gets_flags_not_crash(marts):
    f = marts["mart_flags"]
    g44 = f[(f["group_id"] == "G44") & (f["scope"] == "group")]
    assert {"no_members", "no_postings", "members_from_register"} <= set(g44["flag"])
    assert g44["message_zh"].str.len().gt(0).all() and g44["message_en"].str.len().gt(0).all()
    assert "1所院校" in g44.loc[g44["flag"] == "members_from_register", "message_zh"].iloc[0]
    # The register stands in, but 漯河职业技术学院 first registered 440101 in 2025, after the
    # entry years (2021, 2022) of the 2024 and 2025 graduates: it supplies none of them.
    sup = marts["mart_supply"]
    assert sup[sup["group_id"] == "G44"].empty
    pr = pd.concat([fx.table("programmes"), pd.DataFrame([{"year": 2021, "college_code": "4141010835",
                                                          "college_name": "漯河职业技术学院", "major_code": "440101"}])])
    s44 = run_analysis(fx.inputs(programmes=pr), fx.settings(), ["G44"])["mart_supply"]
    assert set(s44["college_code"]) == {"4141010835"} and set(s44["basis"]) == {"capacity_estimate"}
    assert s44["is_real"].all() and set(s44["status"]) == {"estimated"} and set(s44["register_year"]) == {2021}
    ce = marts["mart_college_eval"]
    assert not ce.loc[ce["group_id"] == "G44", "is_member"].any()


def test_group_without_members_and_no_register_fallback_asks_for_members():
    m = run_analysis(fx.inputs(), fx.settings(supply_when_no_members="none"), ["G44"])
    s = m["mart_suggestions"]
    assert set(s["rule_id"]) == {"REVIEW-NO-MEMBERS"}
    assert (m["mart_gap"]["supply"] == 0).all()
    assert {"no_members", "no_postings"} == set(m["mart_flags"].loc[m["mart_flags"]["scope"] == "group", "flag"])


def test_empty_inputs_for_a_group_do_not_crash():
    m = run_analysis(fx.inputs(postings=None, graduates=None, enrollment=None, programmes=None), fx.settings(), ["G44"])
    assert set(m["mart_gap"]["group_id"]) == {"G44"}
    assert {"no_members", "no_postings"} <= set(m["mart_flags"]["flag"])
    assert summary_by_group(m)[0]["group_id"] == "G44"


def test_group_whose_classes_have_no_demand():
    groups = fx.GROUPS + [{"id": "G59", "categories": ["59"], "members": []}]
    m = run_analysis(fx.inputs(groups=groups), fx.settings(), ["G59"])
    assert m["mart_gap"].empty
    assert "no_demand" in set(m["mart_flags"]["flag"])


def test_no_synthetic_value_on_a_real_college(marts):
    assert synthetic_on_real(marts).empty
    ce = marts["mart_college_eval"]
    real = ce[ce["is_real"]]
    assert len(real)  # the real college in the register is evaluated on real facts
    assert not (real["value"].notna() & (real["status"] == "synthetic")).any()
    outcomes = real[real["indicator"].isin(["employment_rate", "counterpart_rate", "retention_rate"])]
    assert outcomes["value"].isna().all() and (outcomes["note"] == "no_data").all()


def test_synthetic_rows_keyed_to_a_real_college_are_dropped_and_flagged():
    en = fx.table("enrollment")
    en = pd.concat([en, en.head(1).assign(college_code="4141010824")], ignore_index=True)
    gr = pd.concat([fx.table("graduates"), fx.table("graduates").assign(college_code="4141010824")], ignore_index=True)
    groups = [{"id": "G46", "categories": ["46"], "members": [("S001", "样本学院一", True),
                                                            ("4141010824", "河南职业技术学院", False)]}]
    m = run_analysis(fx.inputs(enrollment=en, graduates=gr, groups=groups), fx.settings(), ["G46"])
    assert synthetic_on_real(m).empty
    assert "synthetic_on_real_dropped" in set(m["mart_flags"]["flag"])
    sup = m["mart_supply"]
    real = sup[sup["college_code"] == "4141010824"]
    assert len(real) and set(real["basis"]) == {"capacity_estimate"} and set(real["status"]) == {"estimated"}


def test_guard_detects_a_planted_violation(marts):
    bad = dict(marts)
    ce = marts["mart_college_eval"].copy()
    i = ce.index[ce["is_real"]][0]
    ce.loc[i, ["status", "value"]] = ["synthetic", 0.5]
    bad["mart_college_eval"] = ce
    assert len(synthetic_on_real(bad)) == 1


def test_college_eval_ranks_per_indicator(marts):
    ce = marts["mart_college_eval"]
    prog = ce[(ce["group_id"] == "G46") & (ce["indicator"] == "programmes")]
    assert prog.set_index("college_code").loc["4141010824", "value"] == 2
    opened = ce[(ce["group_id"] == "G46") & (ce["indicator"] == "opened_growing_since_2021")].set_index("college_code")
    assert opened.loc["4141010824", "value"] == 1  # 460301 opened since 2021 in a growing class
    surplus = ce[ce["indicator"] == "enrollment_share_surplus"]
    assert (surplus["better"] == "lower").all()
    assert not ce.groupby(["group_id", "indicator"]).size().empty


def test_the_province_ranks_every_college_once_among_all(marts):
    """The province report's college table is the province's own evaluation (every college
    once, ranked among all of them), not each college's standing in its first group."""
    ce = marts["mart_college_eval"]
    prov = ce[ce["group_id"] == "province"]
    groups = ce[~ce["group_id"].isin(["province", "sample"])]
    assert len(prov) and not prov.duplicated(["college_code", "indicator"]).any()
    assert set(groups["college_code"]) <= set(prov["college_code"])
    progs = prov[prov["indicator"] == "programmes"]
    assert (progs["n_ranked"] == progs["value"].notna().sum()).all()


def test_unknown_group_is_a_config_error():
    with pytest.raises(ConfigError, match="G99"):
        run_analysis(fx.inputs(), fx.settings(), ["G99"])


def test_summary_lists_top_shortages(marts):
    summ = {s["group_id"]: s for s in summary_by_group(marts)}
    g46 = summ["G46"]
    # Ranked by the absolute gap (issue 17): 4603 (moderate, gap ≈ 22,100) before 4601 (strong, ≈ 18,000).
    assert [s["major_class"] for s in g46["top_shortages"]] == ["4603", "4601"]
    assert g46["horizon_year"] == 2025 and g46["ratings"]["strong_shortage"] >= 1
    assert "province" in summ and summ["G44"]["group_flags"] == ["members_from_register", "no_members", "no_postings"]
    assert "sample" in summ
    for gid in ("G46", "G44", "province"):
        years = [o["year"] for o in summ[gid]["openings"]]
        assert years == [2024, 2025]
        for o in summ[gid]["openings"]:
            assert o["lo_95"] <= o["lo_80"] <= o["openings"] <= o["hi_80"] <= o["hi_95"]


def test_indicators_hand_computed():
    # min_postings=1: the hand-made fixture has a handful of postings per class and year.
    ind = compute_indicators(fx.table("postings"), min_postings=1).set_index(["major_class", "region_code", "year"])
    r = ind.loc[("4601", "410000", 2023)]
    assert r["postings"] == 3 and r["postings_unique"] == 2 and r["intensity"] == pytest.approx(1.5)
    assert r["postings_growth"] == pytest.approx(1.0)
    # All classes: 2 unique in 2022, 3 in 2023 → +50 %; 4601 grew 100 % → +0.5 above average.
    assert r["postings_growth_vs_avg"] == pytest.approx(0.5)
    assert r["salary_cny_month_median"] == pytest.approx(6500) and r["salary_growth"] == pytest.approx(0.3)
    assert r["share_vocational"] == pytest.approx(0.5) and r["edu_bachelor"] == pytest.approx(0.5)
    city = ind.loc[("4601", "410100", 2023)]
    assert city["postings"] == 2 and city["postings_unique"] == 1
    assert ("4601", "410300", 2023) in ind.index


def test_no_growth_from_a_thin_year():
    """1 → 2 postings is not +100 % growth when the rule asks for 2 postings behind a figure;
    a thin year gets no growth, and neither does the year after it."""
    ind = compute_indicators(fx.table("postings"), min_postings=2).set_index(["major_class", "region_code", "year"])
    r = ind.loc[("4601", "410000", 2023)]
    prev = ind.loc[("4601", "410000", 2022)]
    assert prev["postings_unique"] < 2 <= r["postings_unique"]
    assert np.isnan(r["postings_growth"]) and np.isnan(r["salary_growth"])


@pytest.mark.slow
def test_deterministic(marts):
    again = run_analysis(fx.inputs(), fx.settings())
    for name in marts:
        pd.testing.assert_frame_equal(marts[name], again[name], check_dtype=False)


def test_settings_from_mapping_rejects_unknown_keys():
    from talentcast.analysis import AnalysisSettings
    assert AnalysisSettings.from_mapping({"horizon": 3}).horizon == 3
    with pytest.raises(ConfigError, match="horizn"):
        AnalysisSettings.from_mapping({"horizn": 3})
    with pytest.raises(ConfigError):
        AnalysisSettings(horizon=0)
    assert np.isclose(AnalysisSettings(exit_rates={"C": 0.05}).exit_rate_table()["C"], 0.05)


def test_real_group_ratings_never_rest_on_sample_colleges(marts):
    # The sample colleges sit in the sample group, so G46's ratings rest on real inputs and
    # the real college's portfolio shares are shown, not hidden as synthetic-based.
    ce = marts["mart_college_eval"].set_index(["group_id", "college_code", "indicator"])
    shown = ce.loc[("G46", "4141010824", "programme_share_shortage")]
    assert shown["value"] == pytest.approx(1.0) and shown["status"] == "estimated"
    assert not ce.index.get_level_values("college_code").str.startswith("S00").any()
    growing = ce.loc[("G46", "4141010824", "programme_share_growing")]
    assert growing["value"] == pytest.approx(1.0) and growing["status"] == "estimated"


def test_real_college_portfolio_shares_shown_on_non_synthetic_ratings():
    m = run_analysis(fx.inputs(enrollment=None, graduates=None), fx.settings(), ["G46"])
    ce = m["mart_college_eval"].set_index(["college_code", "indicator"])
    row = ce.loc[("4141010824", "programme_share_shortage")]
    assert row["value"] == pytest.approx(1.0) and row["status"] == "estimated"
    assert synthetic_on_real(m).empty


@pytest.mark.slow
def test_summary_is_json_safe_and_other_regions_are_skipped():
    emp = fx.table("employment")
    national = emp.assign(region_code="100000")
    m = run_analysis(fx.inputs(employment=pd.concat([emp, national], ignore_index=True)), fx.settings())
    assert set(m["mart_demand"]["region_code"]) == {"410000"}
    text = json.dumps(summary_by_group(m), allow_nan=False, ensure_ascii=False)
    assert "G46" in text


def test_zero_demand_zero_supply_is_monitored_not_maintained():
    from talentcast.analysis.settings import load_rules
    from talentcast.analysis.suggestions import apply_rules

    row = {"group_id": "G", "scenario": "baseline", "year": 2025, "horizon": 2, "major_class": "4104",
           "major_class_name": "渔业类", "major_label": "4104 渔业类", "rating": "balance", "rating_zh": "基本平衡",
           "score": 0.0, "cum_openings": 0.0, "cum_supply": 0.0, "cum_gap": 0.0, "cum_gap_ratio": float("nan"),
           "cum_expansion": 0.0, "expansion_share": 0.0, "group_members": 2, "group_programmes": 0.0,
           "province_programmes": float("nan"), "in_province_rate": float("nan"), "counterpart_rate": float("nan"),
           "employment_rate": float("nan"), "postings_growth_vs_avg": float("nan"), "salary_growth_vs_avg": float("nan"),
           "drivers": "", "drivers_zh": "—", "has_training_gap": False, "has_retention_gap": False,
           "has_suitability_gap": False, "openings_per_year": 0.0, "expansion_per_year": 0.0, "surplus_per_year": 0.0,
           "thin_evidence": False, "plan_priority": ""}
    out = apply_rules([row], load_rules())
    assert list(out["rule_id"]) == ["MONITOR"]


def _postings(region, n, year, cls="4601", salary=5000.0):
    return pd.DataFrame({"posting_id": [f"{region}-{year}-{i}" for i in range(n)], "is_duplicate": False,
                         "region_code": region, "year": year, "major_class": cls, "is_vocational": True,
                         "salary_cny_month_min": salary, "salary_cny_month_max": salary, "education": "大专"})


@pytest.mark.slow
def test_national_indicators_stand_in_for_too_few_local_postings_and_are_flagged():
    posts = pd.concat([_postings("110000", 40, 2022), _postings("110000", 60, 2023),
                       _postings("110000", 40, 2022, "4603"), _postings("110000", 40, 2023, "4603"),
                       _postings("410100", 3, 2023)], ignore_index=True)
    m = run_analysis(fx.inputs(postings=posts), fx.settings(indicator_fallback_region="100000"), ["G46"])
    g = m["mart_gap"].set_index(["scenario", "major_class", "year"]).loc[("baseline", "4601", 2025)]
    assert g["indicator_region"] == "100000" and g["postings_unique"] == 63
    # 4601 national growth 63/40 − 1 vs all classes 103/80 − 1 → +0.2 above average.
    assert g["postings_growth_vs_avg"] == pytest.approx(63 / 40 - 103 / 80)
    assert "indicators_other_region" in g["flags"].split(";")
    # By default a region's indicators come only from its own postings; 3 are too few to count.
    m2 = run_analysis(fx.inputs(postings=posts), fx.settings(), ["G46"])
    g2 = m2["mart_gap"].set_index(["scenario", "major_class", "year"]).loc[("baseline", "4601", 2025)]
    assert g2["indicator_region"] == "410000" and g2["postings_unique"] == 3
    assert np.isnan(g2["postings_growth_vs_avg"]) and np.isnan(g2["salary_growth_vs_avg"])
    ind = m2["mart_indicators"].set_index(["major_class", "region_code", "year"])
    assert ind.loc[("4601", "410000", 2023), "too_few_postings"] and not ind.loc[("4601", "100000", 2023), "too_few_postings"]
    assert set(m2["mart_indicators"]["status"]) == {"observed"}


@pytest.mark.slow
def test_field_mode_adds_register_colleges_beside_members():
    """Default "field" supply: members plus the register's other colleges, flagged, never called members."""
    groups = [{"id": "G46", "categories": ["46"], "members": [("4141010835", "漯河职业技术学院", False)]}]
    member_only = run_analysis(fx.inputs(groups=groups), fx.settings())
    field = run_analysis(fx.inputs(groups=groups), fx.settings(supply_when_no_members="field"))
    s0 = member_only["mart_supply"].query("group_id == 'G46'")
    s1 = field["mart_supply"].query("group_id == 'G46'")
    extra = set(s1["college_code"]) - set(s0["college_code"])
    assert extra == {"4141010824"}  # registered for 46xx in the fixture's register, not a member
    assert (s1[s1["college_code"].isin(extra)]["status"] == "estimated").all()
    assert s1["entrants"].sum() > s0["entrants"].sum()
    flags = field["mart_flags"].query("flag == 'field_from_register'")
    assert list(flags["group_id"]) == ["G46"]


def test_listed_classes_decide_when_a_category_is_split():
    from talentcast.analysis.inputs import GroupSpec

    mech = GroupSpec("mechanical-design", classes=("4601", "4604"), categories=("46",))
    auto = GroupSpec("electromechanical-automation", classes=("4602", "4603"), categories=("46",))
    assert mech.covers("4601") and not mech.covers("4603")
    assert auto.covers("4603") and not auto.covers("4601")
    assert GroupSpec("g", categories=("46",)).covers("4605")  # no classes listed: the category decides


def test_the_reports_name_the_graduate_outcome_indicators_the_analysis_writes(marts):
    """The report's list of outcome indicators (its reading note says whether any was evaluated)
    and its ordering use the names the college evaluation writes."""
    from talentcast.report.context.chapter_colleges import _EVAL_ORDER
    from talentcast.report.context.chapter_notes import OUTCOME_INDICATORS

    written = set(marts["mart_college_eval"]["indicator"])
    assert set(OUTCOME_INDICATORS) <= written  # the fixture's sample colleges have graduates
    assert set(OUTCOME_INDICATORS) <= set(_EVAL_ORDER)
