"""Every demo report's tables add up to the figures they break down (issue 13, item 7).

Checked on all 21 reports of the session's demo workspace, from the contexts the reports are
rendered from (the raw cell values, before formatting).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from talentcast import workflows
from talentcast.config import load_settings
from talentcast.reference import PROVINCE_GROUP

pytestmark = [pytest.mark.demo, pytest.mark.slow]


@pytest.fixture(scope="module")
def contexts(demo_workspace, demo_contexts):
    """The demo's marts and the contexts its reports were rendered from."""
    root, _ = demo_workspace
    return workflows.read_marts(load_settings(root, environ={})), demo_contexts


def _close(a: float, b: float, tol: float = 0.5) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=tol)


def test_there_are_21_reports(contexts):
    _, ctxs = contexts
    assert len(ctxs) == 21


def test_supply_tables_add_up_to_the_headline(contexts):
    for gid, ctx in contexts[1].items():
        by_college = sum(r[3] for r in ctx["tables"]["supply_colleges"]["rows"])
        by_class = sum(r[2] for r in ctx["tables"]["supply_classes"]["rows"])
        gap_supply = sum(r[3] for r in ctx["tables"]["gap"]["rows"])
        assert _close(by_college, by_class), gid
        assert _close(by_class, gap_supply), gid


def test_demand_rows_are_expansion_plus_replacement(contexts):
    for gid, ctx in contexts[1].items():
        for code, _, exp, rep, openings, *_ in ctx["tables"]["demand"]["rows"]:
            assert _close(openings, max(0.0, exp + rep), tol=1.0), (gid, code)


def test_the_summary_total_is_the_sum_of_the_class_table(contexts):
    for gid, ctx in contexts[1].items():
        total = ctx["summary"]  # the headline figure is the first year's total of the demand table
        rows = ctx["tables"]["demand"]["rows"]
        by_year = ctx["tables"]["demand_by_year"]["rows"]
        if not rows:
            continue
        assert _close(sum(r[4] for r in rows), by_year[0][3], tol=1.0), gid
        lo, hi = by_year[0][4]
        assert lo <= by_year[0][3] <= hi, gid
        assert total["bullets"], gid


def test_province_figures_are_the_province_rows(contexts):
    marts, ctxs = contexts
    d = marts["mart_demand"]
    prov = d[(d["group_id"] == PROVINCE_GROUP) & (d["scenario"] == "baseline")]
    first = prov[prov["year"] == ctxs[PROVINCE_GROUP]["year"]]  # the report's first forecast year
    table = ctxs[PROVINCE_GROUP]["tables"]["demand"]["rows"]
    assert _close(sum(r[4] for r in table), first["openings"].sum(), tol=1.0)
    s = marts["mart_supply"]
    ps = s[(s["group_id"] == PROVINCE_GROUP) & (s["year"] == first["year"].iloc[0])]
    assert _close(sum(r[3] for r in ctxs[PROVINCE_GROUP]["tables"]["supply_colleges"]["rows"]), ps["entrants"].sum())


def test_one_name_per_college_in_each_report(contexts):
    for gid, ctx in contexts[1].items():
        names: dict[str, set[str]] = {}
        for code, name, *_ in ctx["tables"]["supply_colleges"]["rows"]:
            names.setdefault(code, set()).add(name)
        assert all(len(v) == 1 for v in names.values()), gid


def test_rating_words_and_rationales_agree(contexts):
    """A rationale that names a rating names the row's own (评级X), never another one."""
    import re

    from talentcast.analysis.settings import RATING_ZH

    marts, _ = contexts
    pattern = re.compile("评级(" + "|".join(sorted(RATING_ZH.values(), key=len, reverse=True)) + ")")
    for _, r in marts["mart_suggestions"].iterrows():
        named = pattern.findall(str(r["rationale_zh"]))
        assert all(w == RATING_ZH[r["rating"]] for w in named), (r["group_id"], r["major_class"], r["rationale_zh"])


def test_each_group_report_names_at_least_five_posts_with_codes(contexts):
    """Issue 17: a 岗位需求 section per group, with 职业分类大典 2022 codes."""
    import re

    for gid, ctx in contexts[1].items():
        if gid == PROVINCE_GROUP:
            continue
        table = ctx["tables"].get("posts")
        assert table is not None, gid
        codes = {r[2] for r in table["rows"]}
        assert len(codes) >= 5 and all(re.fullmatch(r"\d-\d{2}-\d{2}-\d{2}", c) for c in codes), (gid, codes)


def test_cumulative_figures_add_up_the_planning_window(contexts, demo_workspace):
    """The ratings, the shortage list and the suggestions' "累计" figures cover the window the
    report names (the year after the edition to the last forecast year), not the years since
    the newest official figure: a card's "2027–2031累计" and its suggestion quote one number."""
    import numpy as np

    marts, ctxs = contexts
    first = int(ctxs[PROVINCE_GROUP]["year"])  # the report's first forecast year
    keys = ["group_id", "major_class"]
    d = marts["mart_demand"]
    region = load_settings(demo_workspace[0], environ={}).region
    window = (d[(d["region_code"] == region) & (d["scenario"] == "baseline") & (d["year"] >= first)]
              .groupby(keys)["openings"].sum().rename("window_openings"))
    gap = marts["mart_gap"]
    head = gap[gap["scenario"] == "baseline"].sort_values("year").groupby(keys).tail(1).join(window, on=keys)
    assert len(head) and head["window_openings"].notna().all()
    np.testing.assert_allclose(head["cum_openings"], head["window_openings"], rtol=1e-9, atol=1e-6)
    assert (head["cum_years"] == head["year"] - first + 1).all()
    shortage = marts["mart_shortage_list"]
    shortage = shortage[shortage["scenario"] == "baseline"].join(window, on=keys)
    np.testing.assert_allclose(shortage["cum_openings"], shortage["window_openings"], rtol=1e-9, atol=1e-6)


def test_each_class_has_one_rating_in_a_report(contexts):
    """The gap table, the shortage list, the cards, the key figure and the province's group
    table rate a class over the same window: a class never reads 紧缺 in one place and
    较过剩 in another (the gap table used to show its first year's own rating)."""
    marts, ctxs = contexts
    shortage_words = {"紧缺", "较紧缺"}
    counts = {}
    for gid, ctx in ctxs.items():
        gap_rating = {r[0]: r[5] for r in ctx["tables"]["gap"]["rows"]}
        for r in ctx["tables"]["shortage"]["rows"]:
            assert gap_rating[r[1]] == r[3], (gid, r[1])
        for card in ctx["cards"]:
            assert card["rating"] == gap_rating.get(card["code"], card["rating"]), (gid, card["code"])
        n = sum(w in shortage_words for w in gap_rating.values())
        kf = {k["label"]: k["value"] for k in ctx["summary"]["key_figures"]}
        assert kf["紧缺专业类"] == str(n), gid
        assert len(ctx["tables"]["shortage"]["rows"]) <= n, gid
        counts[ctx["name"]] = n
    for name, *_, n_short in ctxs[PROVINCE_GROUP]["tables"]["groups"]["rows"]:
        assert counts[name] == n_short, name


def test_the_province_college_table_ranks_among_all_colleges(contexts):
    """Each college once, every group member marked as one, ranks among the province's colleges
    (it used to show each college's rank and membership in its first group: 河南理工大学 read
    "非成员 … (5)" in the province report)."""
    marts, ctxs = contexts
    rows = ctxs[PROVINCE_GROUP]["tables"]["college_eval"]["rows"]
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes))
    ce = marts["mart_college_eval"]
    # The demo's groups publish no member lists: nobody may be called a (non-)member.
    members = set(ce.loc[~ce["group_id"].isin([PROVINCE_GROUP, "sample"]) & ce["is_member"], "college_code"])
    assert not members
    for gid, ctx in ctxs.items():
        for code, _, kind, *_ in ctx["tables"]["college_eval"]["rows"]:
            assert "成员" not in kind, (gid, code, kind)
    assert all(r[2].startswith("开设本报告专业") for r in rows)
    progs = ce[ce["indicator"] == "programmes"]
    prov = progs[progs["group_id"] == PROVINCE_GROUP]
    assert (prov["n_ranked"] == prov["value"].notna().sum()).all()
    assert prov["n_ranked"].max() > progs.loc[progs["group_id"] != PROVINCE_GROUP, "n_ranked"].max()


def test_cards_quote_pay_and_growth_only_from_enough_postings(contexts):
    """A card's pay line and posting growth rest on a year with at least [flags] min_postings
    postings (a card said "招聘年均增长 -94.2%" and "同比-35.5%" from 4 postings of 2024)."""
    from talentcast.analysis.settings import load_rules

    floor = load_rules().t("flags", "min_postings")
    seen = 0
    for gid, ctx in contexts[1].items():
        for card in ctx["cards"]:
            facts = dict(card["facts"])
            count = next((v for k, v in facts.items() if "招聘信息数" in k), None)
            if "招聘年均增长" in facts or card["pay"]:
                assert count is not None and float(count.replace(",", "")) >= floor, (gid, card["code"], facts)
                seen += 1
    assert seen


def test_yearly_totals_add_up_or_say_why_not(contexts):
    """A year's total openings are expansion plus replacement, or more when classes whose
    decline outruns their replacement count 0 (the province's 2027 row read -1.29万 + 11.57万
    and 10.76万 with no word why); then the table's note says so with that year's figures."""
    seen = 0
    for gid, ctx in contexts[1].items():
        table = ctx["tables"]["demand_by_year"]
        over = [r for r in table["rows"] if r[3] > r[1] + r[2] + 0.5]
        assert all(r[3] >= r[1] + r[2] - 0.5 for r in table["rows"]), gid
        if over:
            seen += 1
            assert "记为0" in table["note"] and f"{int(over[0][0])}年" in table["note"], gid
        else:
            assert "记为0" not in table["note"], gid
    assert seen  # the demo has shrinking classes


def test_no_suggestion_expands_a_class_nobody_offers(contexts):
    """"需求在增长而全省仅有0个专业布点。建议新增布点" was issued for 公安管理类, whose last programme
    had closed: its supply in past years counted it as offered. A class offered nowhere in the
    window is an establish decision, with its floor of openings a year."""
    marts, _ = contexts
    s = marts["mart_suggestions"]
    assert not s["rationale_zh"].str.contains("仅有0个专业布点").any()
    expand = s[s["action"] == "expand"]
    ev = expand["evidence"].astype(str)
    assert len(expand) and ev.str.contains('"group_programmes": ').all()
    assert not ev.str.contains(r'"(?:group|province)_programmes": 0(?:\.0)?[,}]').any()


def test_no_profile_gives_the_total_a_share_of_itself(contexts):
    # "全部行业合计：占全省就业规模的100.0%" read as a key industry with a share of itself, and
    # "其中更替需求约占100.0%" as if a shrinking base were all replacement by choice.
    for gid, ctx in contexts[1].items():
        for paragraph in ctx["profile"]:
            assert "占全省就业规模的100.0%" not in paragraph and "100.0% of the province" not in paragraph, (gid, paragraph)
            assert "更替需求约占100.0%" not in paragraph and "replacement is about 100.0%" not in paragraph, (gid, paragraph)
