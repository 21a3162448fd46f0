"""Suggestion rules (docs/design.md step 8): each rule on a hand-made evidence row."""

from __future__ import annotations

import json

import numpy as np
import pytest

from talentcast.analysis.settings import load_rules
from talentcast.analysis.suggestions import apply_rules, shortage_list
from talentcast.errors import ConfigError

BOOK = load_rules()


def ev(**kw):
    base = {
        "group_id": "G", "scenario": "baseline", "year": 2028, "horizon": 5, "major_class": "4601",
        "major_class_name": "机械设计制造类", "major_label": "4601 机械设计制造类", "rating": "balance",
        "rating_zh": "基本平衡", "score": 0.0, "cum_openings": 1000.0, "cum_supply": 1000.0, "cum_gap": 0.0,
        "cum_gap_ratio": 0.0, "cum_expansion": 100.0, "expansion_share": 0.1, "group_members": 3,
        "group_programmes": 4.0, "province_programmes": 5.0, "in_province_rate": 0.8, "counterpart_rate": 0.8,
        "employment_rate": 0.9, "postings_growth_vs_avg": 0.0, "salary_growth_vs_avg": 0.0, "drivers": "",
        "drivers_zh": "—", "has_training_gap": False, "has_retention_gap": False, "has_suitability_gap": False,
    }
    base.update(kw)
    return base


def actions(row):
    out = apply_rules([row], BOOK)
    return list(zip(out["rule_id"], out["action"])), out


def test_establish_when_demand_without_supply():
    got, out = actions(ev(group_programmes=0.0, cum_openings=5000.0, cum_supply=0.0, rating="strong_shortage", score=2.0))
    assert got[0] == ("ESTABLISH-NO-SUPPLY", "establish")
    assert "5,000" in out["rationale_zh"].iloc[0] and "机械设计制造类" in out["rationale_zh"].iloc[0]
    assert json.loads(out["evidence"].iloc[0])["group_programmes"] == 0


def test_no_establish_below_minimum_openings():
    got, _ = actions(ev(group_programmes=0.0, cum_openings=100.0, rating="strong_shortage"))
    assert got == [("MONITOR", "monitor")]


def test_expand_with_few_programmes_when_demand_rises():
    got, out = actions(ev(rating="moderate_shortage", province_programmes=2.0, expansion_share=0.3, cum_gap_ratio=0.2))
    assert got == [("EXPAND-SHORTAGE-FEW-PROGRAMMES", "expand")]
    assert "2个专业布点" in out["rationale_zh"].iloc[0] and "20%" in out["rationale_zh"].iloc[0]


def test_expand_shortage_with_drivers():
    got, out = actions(ev(rating="strong_shortage", province_programmes=30.0, cum_gap_ratio=0.5, drivers="training",
                          drivers_zh="培养规模不足"))
    assert got == [("EXPAND-SHORTAGE", "expand")]
    assert "培养规模不足" in out["rationale_zh"].iloc[0] and "drivers: training" in out["rationale_en"].iloc[0]


def test_reduce_many_programmes_in_shrinking_industries():
    got, out = actions(ev(rating="moderate_surplus", cum_expansion=-300.0, province_programmes=12.0))
    assert got == [("REDUCE-SURPLUS-SHRINKING", "reduce_or_merge")]
    assert "12个" in out["rationale_zh"].iloc[0] and "-300" in out["rationale_zh"].iloc[0]


def test_reduce_needs_register_numbers_or_strong_surplus():
    # Unknown 布点 (NaN) never satisfies a condition: a moderate surplus falls back to maintain.
    assert actions(ev(rating="moderate_surplus", cum_expansion=-300.0, province_programmes=np.nan))[0] == [("MAINTAIN", "maintain")]
    assert actions(ev(rating="strong_surplus", cum_expansion=50.0))[0] == [("REDUCE-STRONG-SURPLUS", "reduce_or_merge")]


def test_maintain_balance():
    got, out = actions(ev())
    assert got == [("MAINTAIN", "maintain")]
    assert "基本平衡" in out["rationale_zh"].iloc[0]


def test_review_when_group_has_no_members():
    got, _ = actions(ev(group_members=0, group_programmes=0.0, rating="strong_shortage", cum_openings=9000.0))
    assert got == [("REVIEW-NO-MEMBERS", "review_membership")]


def test_advisory_rules_add_to_the_main_action():
    got, out = actions(ev(rating="strong_shortage", province_programmes=30.0, drivers="retention;suitability",
                          has_retention_gap=True, has_suitability_gap=True, in_province_rate=0.5, counterpart_rate=0.4))
    assert got == [("EXPAND-SHORTAGE", "expand"), ("RETENTION-ADVICE", "improve_retention"),
                   ("SUITABILITY-ADVICE", "improve_suitability")]
    assert "50%" in out["rationale_zh"].iloc[1] and "70%" in out["rationale_zh"].iloc[1]


def test_missing_numbers_render_as_dash():
    _, out = actions(ev(group_programmes=0.0, cum_openings=5000.0, province_programmes=np.nan, rating="strong_shortage"))
    assert "全省布点—个" in out["rationale_zh"].iloc[0]


def test_shortage_list_ranked():
    rows = [ev(major_class="4601", rating="moderate_shortage", score=1.0, cum_gap=500.0),
            ev(major_class="4603", rating="strong_shortage", score=2.5, cum_gap=100.0),
            ev(major_class="4604", rating="strong_shortage", score=2.5, cum_gap=900.0),
            ev(major_class="4605", rating="balance")]
    sl = shortage_list(rows)
    assert list(sl["major_class"]) == ["4604", "4603", "4601"] and list(sl["rank"]) == [1, 2, 3]


def test_bad_rule_book_is_named(tmp_path):
    p = tmp_path / "rules.toml"
    text = (BOOK.source and open(BOOK.source, encoding="utf-8").read())
    p.write_text(text.replace('["group_members", "==", 0]', '["group_members", "~", 0]'), encoding="utf-8")
    with pytest.raises(ConfigError, match="REVIEW-NO-MEMBERS"):
        load_rules(p)
    p.write_text(text.replace('["group_members", "==", 0]', '["no_such_field", "==", 0]'), encoding="utf-8")
    with pytest.raises(ConfigError, match="no_such_field"):
        apply_rules([ev()], load_rules(p))
