"""Suggestion rules (docs/design.md step 8, issue 17): each rule and each evidence threshold on
hand-made headline rows, run through ``evidence_row`` as the pipeline does."""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pandas as pd
import pytest

from talentcast.analysis.plan import load_plan_priorities, priorities_by_class
from talentcast.analysis.settings import load_rules
from talentcast.analysis.suggestions import (
    THIN_EVIDENCE_FLAGS,
    apply_rules,
    attach_typical_posts,
    evidence_row,
    shortage_list,
)
from talentcast.errors import ConfigError
from talentcast.resources import resource_path

BOOK = load_rules()
T = BOOK.thresholds["suggestions"]
H = 5  # forecast years of the hand-made rows: per-year thresholds × H give the cumulative figure
NAMES = {"4601": "机械设计制造类", "4603": "自动化类", "4604": "轨道装备类", "4605": "船舶与海洋工程装备类",
         "4303": "新能源发电工程类", "5306": "工商管理类"}
PLAN = {"4303": [{"priority_id": "P-NE", "document": "某规划", "quote": "培育壮大新能源产业"}]}


def head(**kw) -> pd.Series:
    """A mart_gap headline row; the gap and ratio follow openings and supply unless given."""
    base = {"group_id": "G", "scenario": "baseline", "year": 2028, "horizon": H, "cum_years": H, "major_class": "4601",
            "rating": "balance", "score": 0.0, "cum_openings": 5000.0, "cum_supply": 5000.0, "cum_expansion": 500.0,
            "in_province_rate": 0.8, "counterpart_rate": 0.8, "employment_rate": 0.9, "postings_growth_vs_avg": 0.0,
            "salary_growth_vs_avg": 0.0, "drivers": "", "flags": ""}
    base.update(kw)
    base.setdefault("cum_gap", base["cum_openings"] - base["cum_supply"])
    base.setdefault("cum_gap_ratio", base["cum_gap"] / base["cum_openings"] if base["cum_openings"] else np.nan)
    return pd.Series(base)


def ev(group_programmes: float = 4.0, province_programmes: float = 5.0, members: int = 3, plan=None, **kw) -> dict:
    h = head(**kw)
    c = h["major_class"]
    return evidence_row(h, NAMES, {c: group_programmes}, {c: province_programmes}, members, BOOK, plan)


def actions(row):
    out = apply_rules([row], BOOK)
    return list(zip(out["rule_id"], out["action"])), out


def surplus(**kw) -> dict:
    """A strong surplus with every piece of evidence a cut needs; tests take one away at a time."""
    base = {"rating": "strong_surplus", "score": -2.0, "cum_openings": 2000.0, "cum_supply": 6000.0,
            "cum_expansion": -500.0, "province_programmes": 30.0}
    base.update(kw)
    return ev(**base)


# ---------------------------------------------------------------- establish


def test_establish_when_growing_demand_has_no_supply():
    got, out = actions(ev(group_programmes=0.0, cum_openings=5000.0, cum_supply=0.0, rating="strong_shortage", score=2.0))
    assert got[0] == ("ESTABLISH-NO-SUPPLY", "establish")
    assert "5,000" in out["rationale_zh"].iloc[0] and "机械设计制造类" in out["rationale_zh"].iloc[0]
    assert json.loads(out["evidence"].iloc[0])["group_programmes"] == 0


def test_establish_needs_the_minimum_openings_a_year():
    floor = T["min_openings_per_year_establish"] * H
    at = actions(ev(group_programmes=0.0, cum_openings=floor, cum_supply=0.0, rating="strong_shortage"))[0]
    below = actions(ev(group_programmes=0.0, cum_openings=floor - 1, cum_supply=0.0, rating="strong_shortage"))[0]
    assert at[0][1] == "establish"
    assert all(a != "establish" for _, a in below)


def test_establish_needs_positive_expansion_over_the_horizon():
    # 金属与非金属矿类 in the first demo: openings from replacement only, employment shrinking.
    got, out = actions(ev(group_programmes=0.0, cum_openings=5000.0, cum_supply=0.0, cum_expansion=-200.0,
                          rating="strong_shortage"))
    assert got == [("MONITOR-NO-SUPPLY-NOT-ESTABLISHED", "monitor")]
    assert "扩张需求-200人" in out["rationale_zh"].iloc[0] and f"at least {T['min_openings_per_year_establish']:,.0f} openings a year" in out["rationale_en"].iloc[0]
    got, _ = actions(ev(group_programmes=0.0, cum_openings=5000.0, cum_supply=0.0, cum_expansion=0.0,
                        rating="strong_shortage"))
    assert all(a != "establish" for _, a in got)


# ---------------------------------------------------------------- expand / maintain / monitor


def test_expand_with_few_programmes_when_demand_rises():
    got, out = actions(ev(rating="moderate_shortage", province_programmes=2.0, cum_supply=4000.0))
    assert got == [("EXPAND-SHORTAGE-FEW-PROGRAMMES", "expand")]
    assert "2个专业布点" in out["rationale_zh"].iloc[0] and "20%" in out["rationale_zh"].iloc[0]


def test_expand_shortage_with_drivers():
    got, out = actions(ev(rating="strong_shortage", province_programmes=30.0, cum_supply=2500.0, drivers="training"))
    assert got == [("EXPAND-SHORTAGE", "expand")]
    assert "培养规模不足" in out["rationale_zh"].iloc[0] and "drivers: training" in out["rationale_en"].iloc[0]


def test_expand_needs_the_minimum_openings_a_year():
    floor = T["min_openings_per_year_expand"] * H
    at, _ = actions(ev(rating="strong_shortage", province_programmes=30.0, cum_openings=floor, cum_supply=floor * 0.5))
    below, out = actions(ev(rating="strong_shortage", province_programmes=30.0, cum_openings=floor - 5,
                            cum_supply=(floor - 5) * 0.5))
    assert at == [("EXPAND-SHORTAGE", "expand")]
    assert below == [("MONITOR-SHORTAGE-THIN", "monitor")]
    assert f"不足{T['min_openings_per_year_expand']:,.0f}人" in out["rationale_zh"].iloc[0]


@pytest.mark.parametrize("flag", ["sensitive_to_supply", "small_employment"])
def test_never_expand_on_thin_evidence(flag):
    got, out = actions(ev(rating="strong_shortage", province_programmes=2.0, cum_supply=2500.0, flags=flag))
    assert got == [("MONITOR-SHORTAGE-THIN", "monitor")]
    assert THIN_EVIDENCE_FLAGS[flag][0] in out["rationale_zh"].iloc[0]
    assert "扩" not in out["rationale_zh"].iloc[0].split("证据不足以建议扩招")[1].split("。")[0]


def test_a_coverage_limited_shortage_still_expands():
    # Demand counting only urban units is a lower bound: a shortage found on it stands.
    got, _ = actions(ev(rating="strong_shortage", province_programmes=30.0, cum_supply=2500.0, flags="coverage_limited"))
    assert got == [("EXPAND-SHORTAGE", "expand")]


def test_a_rationale_without_drivers_names_none():
    _, out = actions(ev(rating="strong_shortage", province_programmes=30.0, cum_supply=2500.0))
    assert "成因" not in out["rationale_zh"].iloc[0] and "drivers" not in out["rationale_en"].iloc[0]
    assert "—" not in out["rationale_zh"].iloc[0]


def test_an_unrated_class_is_monitored_with_the_reason():
    got, out = actions(ev(rating="unrated", cum_openings=375.0, cum_supply=38454.0, cum_expansion=-2000.0,
                          rating_withheld="coverage_limited", province_programmes=60.0))
    assert got == [("MONITOR-UNRATED", "monitor")]
    assert "未评级" in out["rationale_zh"].iloc[0] and "城镇非私营单位" in out["rationale_zh"].iloc[0]
    assert "缩" not in out["rationale_zh"].iloc[0] and "过剩" in out["rationale_zh"].iloc[0]  # "不能据此判断过剩"


def test_no_current_programme_but_last_students_graduating_says_so():
    # 邮政类 in the demo: no college offers it now, yet 26 a year still graduate from it.
    got, out = actions(ev(group_programmes=0.0, cum_openings=1500.0, cum_supply=130.0, cum_expansion=-10.0,
                          rating="strong_shortage"))
    assert got == [("MONITOR-NO-SUPPLY-NOT-ESTABLISHED", "monitor")]
    text = out["rationale_zh"].iloc[0]
    assert "无供给" not in text and "130人的供给来自已不再开设的专业" in text
    _, out = actions(ev(group_programmes=0.0, cum_openings=1500.0, cum_supply=0.0, cum_expansion=-10.0,
                        rating="strong_shortage"))
    assert "无供给" in out["rationale_zh"].iloc[0]


def test_maintain_balance():
    got, out = actions(ev())
    assert got == [("MAINTAIN", "maintain")]
    assert "基本平衡" in out["rationale_zh"].iloc[0]
    assert out["review_status"].iloc[0] == "first_pass" and not out["stale"].iloc[0]


def test_review_when_group_has_no_members():
    got, _ = actions(ev(members=0, group_programmes=0.0, rating="strong_shortage", cum_openings=9000.0))
    assert got == [("REVIEW-NO-MEMBERS", "review_membership")]


def test_advisory_rules_add_to_the_main_action():
    got, out = actions(ev(rating="strong_shortage", province_programmes=30.0, cum_supply=2500.0,
                          drivers="retention;suitability", in_province_rate=0.5, counterpart_rate=0.4))
    assert got == [("EXPAND-SHORTAGE", "expand"), ("RETENTION-ADVICE", "improve_retention"),
                   ("SUITABILITY-ADVICE", "improve_suitability")]
    assert "50%" in out["rationale_zh"].iloc[1] and "70%" in out["rationale_zh"].iloc[1]


def test_missing_numbers_render_as_dash():
    _, out = actions(ev(group_programmes=0.0, cum_openings=5000.0, province_programmes=np.nan, rating="strong_shortage"))
    assert "全省布点—个" in out["rationale_zh"].iloc[0]


# ---------------------------------------------------------------- cut or merge


def test_cut_when_demand_falls_with_a_real_surplus():
    got, out = actions(surplus())
    assert got == [("REDUCE-SURPLUS-SHRINKING", "reduce_or_merge")]
    assert "30个" in out["rationale_zh"].iloc[0] and "-500" in out["rationale_zh"].iloc[0]
    got, _ = actions(surplus(province_programmes=np.nan))  # unknown 布点: the strong-surplus rule
    assert got == [("REDUCE-STRONG-SURPLUS", "reduce_or_merge")]


def test_no_cut_when_demand_is_not_falling():
    # 中医药类 / 新能源发电工程类 in the first demo: surplus on the numbers, demand still growing.
    for expansion in (T["max_expansion_per_year_cut"] * H, 800.0):
        got, out = actions(surplus(cum_expansion=expansion))
        assert got == [("MONITOR-SURPLUS-NO-CUT", "monitor")]
        assert "需求未在下降" in out["rationale_zh"].iloc[0] and "not falling" in out["rationale_en"].iloc[0]


def test_no_cut_below_the_minimum_surplus():
    floor = T["min_surplus_per_year_cut"] * H
    at = actions(surplus(cum_openings=2000.0, cum_supply=2000.0 + floor))[0]
    below = actions(surplus(cum_openings=2000.0, cum_supply=2000.0 + floor - 1, rating="strong_surplus"))[0]
    assert at[0][1] == "reduce_or_merge"
    assert below == [("MONITOR-SURPLUS-NO-CUT", "monitor")]


@pytest.mark.parametrize("flag", sorted(THIN_EVIDENCE_FLAGS))
def test_never_cut_on_thin_evidence(flag):
    got, out = actions(surplus(flags=f"capacity_estimate;{flag}"))
    assert got == [("MONITOR-SURPLUS-NO-CUT", "monitor")]
    assert THIN_EVIDENCE_FLAGS[flag][1] in out["rationale_en"].iloc[0]


@pytest.mark.parametrize("column", ["coverage_limited", "sensitive_to_supply"])
def test_a_coverage_limited_class_never_gets_a_cut_from_the_gap_alone(column):
    # mart_gap of the credible-numbers work carries these as boolean columns.
    got, _ = actions(surplus(**{column: True}))
    assert got == [("MONITOR-SURPLUS-NO-CUT", "monitor")]
    got, _ = actions(surplus(**{column: False}))
    assert got[0][1] == "reduce_or_merge"


# ---------------------------------------------------------------- plan priorities


def test_a_cut_of_a_plan_priority_class_is_a_conflict_for_review():
    got, out = actions(surplus(major_class="4303", plan=PLAN))
    assert got[0][1] == "reduce_or_merge"  # issued, not dropped …
    row = out.iloc[0]
    assert row["conflict_plan"] == "《某规划》“培育壮大新能源产业”"  # … with the plan quoted
    assert row["plan_priority"] == "P-NE"
    assert row["rationale_zh"].endswith("【与《某规划》“培育壮大新能源产业”相冲突：待专家评审】")
    assert "conflicts with the plan “《某规划》 培育壮大新能源产业”: for expert review" in row["rationale_en"]


def test_skipping_a_plan_priority_the_group_lacks_is_a_conflict():
    # No programme in the group and too little demand to establish: the rules skip the class.
    got, out = actions(ev(major_class="4303", group_programmes=0.0, cum_openings=100.0, cum_supply=0.0,
                          rating="strong_shortage", plan=PLAN))
    assert got[0][1] == "monitor" and out["conflict_plan"].iloc[0] != ""


def test_no_conflict_when_the_call_follows_the_plan_or_the_class_is_no_priority():
    _, out = actions(ev(major_class="4303", group_programmes=0.0, cum_openings=5000.0, cum_supply=0.0,
                        rating="strong_shortage", plan=PLAN))
    assert out["action"].iloc[0] == "establish" and out["conflict_plan"].iloc[0] == ""
    _, out = actions(ev(major_class="4303", plan=PLAN))  # maintain where the group offers it
    assert out["conflict_plan"].iloc[0] == ""
    _, out = actions(surplus(major_class="4601", plan=PLAN))  # a cut of a class no plan names
    assert out["action"].iloc[0] == "reduce_or_merge" and out["conflict_plan"].iloc[0] == ""


def test_packaged_plan_priorities_are_quoted_and_name_real_classes():
    plan = load_plan_priorities()
    assert len(plan) >= 5
    majors = resource_path("data") / "reference" / "vocational_majors_2021.csv"
    with open(majors, encoding="utf-8") as fh:
        classes = {r["code"] for r in csv.DictReader(fh) if r["level"] == "class"}
    for row in plan.to_dict("records"):
        assert row["quote"] and row["source_url"].startswith("http") and row["document"]
        assert set(row["major_classes"].split(";")) <= classes, row["priority_id"]
        assert "judgement" in row["mapping_note"]  # the mapping is labelled as talentcast's, not the plan's
    # The 2025 targets quoted in the sample plan table keep their exact wording.
    assert "2025年装备制造业规模突破1.5万亿元" in set(plan["quote"])


def test_workspace_plan_table_adds_replaces_and_switches_off(tmp_path):
    base = load_plan_priorities()
    header = ",".join(base.columns)
    p = tmp_path / "plan_priorities.csv"
    p.write_text(header + "\n"
                 "P23-AUTO,汽车产业,grow,doc,2023,quote,https://x,note,C36,,switched off\n"
                 "WS-1,托育,grow,某市规划,2024,发展婴幼儿托育,https://y,note,O80,5905,judgement\n", encoding="utf-8")
    plan = load_plan_priorities(p)
    assert "P23-AUTO" not in set(plan["priority_id"]) and "WS-1" in set(plan["priority_id"])
    assert priorities_by_class(plan)["5905"][0]["quote"] == "发展婴幼儿托育"
    p.write_text(header + "\nWS-2,x,grow,doc,2024,,https://y,note,C36,4607,j\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"plan_priorities.csv line 2: quote"):
        load_plan_priorities(p)
    p.write_text(header + "\nWS-2,x,grow,doc,2024,q,https://y,note,C36,46,j\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 2.*4-digit"):
        load_plan_priorities(p)


# ---------------------------------------------------------------- shortage list


def test_shortage_list_ranks_by_absolute_gap_a_year_above_the_floor():
    floor = T["min_openings_per_year_list"] * H
    rows = [ev(major_class="4601", rating="moderate_shortage", cum_openings=50000.0, cum_supply=40000.0),  # gap 2,000/yr, 20 %
            ev(major_class="4603", rating="strong_shortage", cum_openings=floor, cum_supply=0.0),  # 100 % but small
            ev(major_class="4604", rating="strong_shortage", cum_openings=20000.0, cum_supply=5000.0),  # 3,000/yr, 75 %
            ev(major_class="4605", rating="strong_shortage", cum_openings=floor - 1, cum_supply=0.0),  # below the floor
            ev(major_class="5306", rating="balance")]
    sl = shortage_list(rows, BOOK)
    assert list(sl["major_class"]) == ["4604", "4601", "4603"] and list(sl["rank"]) == [1, 2, 3]
    assert list(sl["gap_per_year"]) == [3000.0, 2000.0, floor / H]
    assert sl["cum_gap_ratio"].tolist() == pytest.approx([0.75, 0.2, 1.0])  # the ratio stays beside the gap
    assert set(sl["review_status"]) == {"first_pass"}


def test_headline_takes_the_top_ranks_with_enough_openings(tmp_path):
    rows = [ev(major_class=c, rating="strong_shortage", cum_openings=20000.0 - 1000 * i, cum_supply=0.0)
            for i, c in enumerate(["4601", "4603", "4604", "4605", "5306"])]
    sl = shortage_list(rows, BOOK)
    n = int(T["headline_count"])
    assert sl["headline"].tolist() == [True] * n + [False] * (len(rows) - n)
    text = open(BOOK.source, encoding="utf-8").read().replace("min_openings_per_year_headline = 300",
                                                              "min_openings_per_year_headline = 3900")
    (tmp_path / "r.toml").write_text(text, encoding="utf-8")
    sl = shortage_list(rows, load_rules(tmp_path / "r.toml"))
    assert sl["headline"].tolist() == [True, False, False, False, False]  # 4,000 and 3,800 a year


def test_shortage_list_repeats_the_conflict_and_takes_posts_when_available():
    rows = [ev(major_class="4303", rating="strong_shortage", group_programmes=0.0, cum_openings=2000.0,
               cum_supply=0.0, cum_expansion=-50.0, plan=PLAN)]
    sugg = apply_rules(rows, BOOK)
    sl = shortage_list(rows, BOOK, sugg)
    assert sl["conflict_plan"].iloc[0] == sugg["conflict_plan"].iloc[0] != ""
    assert sl["typical_posts"].iloc[0] == ""
    posts = pd.DataFrame({"major_class": ["4303"] * 4, "occupation_code": ["6-28-01-05", "2-02-11-03", "x", "y"],
                          "occupation_name": ["风力发电运维值班员", "新能源工程技术人员", "a", "b"],
                          "n_postings": [10, 30, 5, 1]})
    got = attach_typical_posts(sl, posts)
    assert got["typical_posts"].iloc[0] == "2-02-11-03 新能源工程技术人员；6-28-01-05 风力发电运维值班员；x a"
    assert attach_typical_posts(sl, None) is sl


# ---------------------------------------------------------------- the rule book


def test_every_evidence_threshold_states_its_reason():
    text = open(BOOK.source, encoding="utf-8").read()
    for section in ("suggestions", "review"):
        body = re.search(rf"^\[{section}\]\n(.*?)(?=^\[)", text, flags=re.S | re.M).group(1)
        keys = re.findall(r"^(\w+) = [^#\n]+#\s*\S", body, flags=re.M)
        assert sorted(keys) == sorted(BOOK.thresholds[section]), section


def test_bad_rule_book_is_named(tmp_path):
    p = tmp_path / "rules.toml"
    text = open(BOOK.source, encoding="utf-8").read()
    p.write_text(text.replace('["group_members", "==", 0]', '["group_members", "~", 0]'), encoding="utf-8")
    with pytest.raises(ConfigError, match="REVIEW-NO-MEMBERS"):
        load_rules(p)
    p.write_text(text.replace('["group_members", "==", 0]', '["no_such_field", "==", 0]'), encoding="utf-8")
    with pytest.raises(ConfigError, match="no_such_field"):
        apply_rules([ev()], load_rules(p))
    p.write_text(text.replace("[review]", "[reviewx]"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"lacks the \[review\] table"):
        load_rules(p)
