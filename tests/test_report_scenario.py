"""Plan scenarios in the reports: shown beside the baseline (never in its place), with assumptions."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from talentcast.report.context import build_context
from talentcast.report.context.tabulate import rep_share as _rep_share
from talentcast.report.render import render_md
from talentcast.forecast.scenario_table import SCENARIO_COLUMNS, scenario_mart, scenarios_table

#: Subprocess, rendering or whole-pipeline tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

sys.path.insert(0, str(Path(__file__).parent / "data" / "report"))
import loader  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PLAN_FILE = ROOT / "data" / "scenarios" / "henan_plan_2025.toml"


@pytest.fixture(scope="module")
def fx():
    return loader.load_marts(), loader.load_registry(), loader.load_names()


def test_scenarios_table_quotes_every_assumption_of_the_plan_file() -> None:
    from talentcast.forecast import load_scenario

    sc = load_scenario(PLAN_FILE)
    t = scenario_mart(PLAN_FILE)
    assert list(t.columns) == SCENARIO_COLUMNS
    # one row per adjusted series: a list of two series gives two rows with the same assumption
    n_series = sum(len(a.series) for a in sc.adjustments)
    assert len(t) == n_series
    assert set(t["scenario"]) == {sc.name}
    for adj in sc.adjustments:
        rows = t[t["series"].isin(adj.series)]
        assert len(rows) == len(adj.series)
        assert set(rows["assumption"]) == {" ".join(adj.assumption.split())}
        assert set(rows["assumption_zh"]) == {" ".join(adj.assumption_zh.split()) or None}
        assert set(rows["rule"]) == {adj.kind}
        assert set(rows["years"]) == {f"{min(adj.years)}–{max(adj.years)}"}
    # "410000:C" splits into region and industry codes
    assert set(zip(t["region_code"], t["industry_code"])) >= {("410000", "C")}
    assert scenarios_table(None).empty and list(scenarios_table(None).columns) == SCENARIO_COLUMNS


def test_plan_shown_beside_the_baseline_for_the_industries_it_moves(fx) -> None:
    marts, reg, names = fx
    ctx = build_context(marts, reg, "g-electronics", names=names)
    assert ctx["scenario"]["present"]
    emp = marts["mart_employment"].astype({"year": int, "mean": float})
    fc = emp[(emp.kind == "forecast") & (emp.industry_code == "C")]
    base = fc[fc.scenario == "baseline"].set_index("year")["mean"]
    plan = fc[fc.scenario == "test_plan"].set_index("year")["mean"]
    rows = ctx["tables"]["industry_scenario"]["rows"]
    # only the years the plan changes (the first forecast year keeps the baseline)
    assert [int(r[2]) for r in rows] == [y for y in plan.index if abs(plan[y] - base[y]) > 1e-9]
    for r in rows:
        assert (r[0], r[3], r[4]) == ("C", pytest.approx(base[int(r[2])]), pytest.approx(plan[int(r[2])]))
        assert r[5] == pytest.approx(plan[int(r[2])] - base[int(r[2])])
    # the industry table keeps the baseline forecast
    ind = {r[0]: r[8] for r in ctx["tables"]["industries"]["rows"]}
    assert ind["C"] == pytest.approx(base[ctx["year"]])
    # the C chart draws the plan as a second, labelled line; charts of unmoved sections do not
    c_chart = next(c for c in ctx["charts"]["industries"] if "（C）" in c)
    # one plan: the legend says "规划情景", not the scenario file's machine id
    assert 'class="scenario"' in c_chart and ">规划情景<" in c_chart and "test_plan" not in c_chart
    assert all('class="scenario"' not in c for c in ctx["charts"]["industries"] if "（C）" not in c)
    # assumptions quoted from the scenarios mart
    ass = ctx["tables"]["scenario_assumptions"]["rows"]
    assert len(ass) == 1 and ass[0][3] == marts["scenarios"]["assumption"].iloc[0]
    assert ctx["tables"]["industry_scenario"]["statuses"] == ["estimated"]


def test_a_chinese_report_quotes_the_chinese_assumption_where_the_file_gives_one(fx) -> None:
    """The packaged plan scenario writes each assumption in English and Chinese: the zh report
    quoted the English paragraph; now each language quotes its own, and a file without
    ``assumption_zh`` is quoted as written."""
    from talentcast.forecast import load_scenario

    marts, reg, names = fx
    assert all(a.assumption_zh for a in load_scenario(PLAN_FILE).adjustments)  # the packaged file has both
    sc = marts["scenarios"].assign(assumption_zh="制造业保持其在城镇单位就业中的份额（测试）")
    both = {**marts, "scenarios": sc}
    zh = build_context(both, reg, "g-electronics", names=names)["tables"]["scenario_assumptions"]["rows"]
    en = build_context(both, reg, "g-electronics", names=names, lang="en")["tables"]["scenario_assumptions"]["rows"]
    assert zh[0][3] == "制造业保持其在城镇单位就业中的份额（测试）"
    assert en[0][3] == marts["scenarios"]["assumption"].iloc[0]
    plain = build_context(marts, reg, "g-electronics", names=names)["tables"]["scenario_assumptions"]["rows"]
    assert plain[0][3] == marts["scenarios"]["assumption"].iloc[0]


def test_demand_comparison_lists_only_classes_the_plan_changes(fx) -> None:
    marts, reg, names = fx
    ed = loader.EDITION
    d = marts["mart_demand"]
    d = d[(d.group_id == "g-equipment") & (d.year > ed) & (d.year <= ed + 5)]
    cum = d.groupby(["scenario", "major_class"])["openings"].sum()
    ctx = build_context(marts, reg, "g-equipment", names=names, edition=ed)
    rows = ctx["tables"]["demand_scenario"]["rows"]
    assert {r[0] for r in rows} == {"4601", "4602"}
    for r in rows:
        assert r[2] == pytest.approx(cum["baseline", r[0]]) and r[3] == pytest.approx(cum["test_plan", r[0]])
        assert r[4] == pytest.approx(r[3] - r[2]) and r[6] == f"{ed + 1}–{ed + 5}"
    # the baseline demand table is untouched by the plan
    base = d[(d.scenario == "baseline") & (d.year == ed + 1)].set_index("major_class")["openings"]
    assert {r[0]: r[4] for r in ctx["tables"]["demand"]["rows"]} == pytest.approx(base.to_dict())
    assert 'class="scenario"' in ctx["charts"]["demand_trend"]
    # a plan that leaves the group's openings as they are: no rows, a sentence instead
    same = pd.concat([d[d.scenario == "baseline"], d[d.scenario == "baseline"].assign(scenario="test_plan")])
    other = marts["mart_demand"][marts["mart_demand"].group_id != "g-equipment"]
    ctx_s = build_context({**marts, "mart_demand": pd.concat([other, same])}, reg, "g-equipment", names=names,
                          edition=ed)
    assert ctx_s["tables"]["demand_scenario"]["rows"] == []
    assert "没有改变" in render_md(ctx_s)


def test_no_plan_rows_means_no_scenario_tables(fx) -> None:
    marts, reg, names = fx
    base = {k: (v[v["scenario"] == "baseline"] if "scenario" in v.columns and k.startswith("mart_") else v)
            for k, v in marts.items() if k != "scenarios"}
    ctx = build_context(base, reg, "g-electronics", names=names)
    assert not ctx["scenario"]["present"]
    assert not {"industry_scenario", "scenario_assumptions", "demand_scenario"} & set(ctx["tables"])
    assert "规划情景" not in render_md(ctx)


def test_missing_assumptions_are_said_not_hidden(fx) -> None:
    marts, reg, names = fx
    ctx = build_context({k: v for k, v in marts.items() if k != "scenarios"}, reg, "g-electronics", lang="en",
                        names=names)
    t = ctx["tables"]["scenario_assumptions"]
    assert t["rows"] == [] and "test_plan" in t["note"]


@pytest.mark.parametrize(("exp", "rep", "want"), [(100.0, 300.0, 0.75), (-250.0, 500.0, None), (0.0, 0.0, None),
                                                  (0.0, 10.0, 1.0), (float("nan"), 10.0, None)])
def test_replacement_share_only_where_expansion_is_not_negative(exp, rep, want) -> None:
    got = _rep_share(exp, rep)
    assert got == (pytest.approx(want) if want is not None else None)


def test_negative_expansion_shows_figures_not_a_capped_share(fx) -> None:
    marts, reg, names = fx
    d = marts["mart_demand"].copy()
    sel = (d["group_id"] == "g-electronics") & (d["major_class"] == "5101") & (d["year"] == loader.EDITION + 1)
    d.loc[sel, "expansion"] = -900.0
    ctx = build_context({**marts, "mart_demand": d}, reg, "g-electronics", names=names, edition=loader.EDITION)
    er = {r[0]: r[4] for r in ctx["tables"]["expansion_replacement"]["rows"]}
    assert er["5101"] is None  # no share capped at 100 %: the card states the figures
    assert all(v is None or 0 <= v <= 1 for v in er.values())
    card = next(c for c in ctx["cards"] if c["code"] == "5101")
    assert "扩张需求-900人" in card["outlook"] and "更替需求占" not in card["outlook"]


def test_registry_lead_is_shown_as_lead_not_as_non_member(fx) -> None:
    """A real college the registry names as lead heads the college table as the lead, never 'non-member'."""
    marts, reg, names = fx
    lead = "某真实职业学院"  # a registry naming a real college as lead
    reg = {**reg, "groups": [{**g, "lead_institution": lead} if g["id"] == "g-electronics" else g
                             for g in reg["groups"]]}
    ev = marts["mart_college_eval"].copy()
    extra = ev[ev["group_id"] == "g-electronics"].head(1).assign(
        college_code="4141099999", college_name=lead, is_real="True", is_member="False", indicator="programmes",
        value="3", rank="1", status="official")
    other = extra.assign(college_code="4141099998", college_name="另一所真实学院")
    ctx = build_context({**marts, "mart_college_eval": pd.concat([ev, other, extra], ignore_index=True)}, reg,
                        "g-electronics", names=names)
    rows = ctx["tables"]["college_eval"]["rows"]
    assert rows[0][1] == lead and rows[0][2].startswith("牵头单位")
    # No member list is public here: the other college offers the field's majors, and is not
    # called a non-member (nobody knows).
    other_role = next(r for r in rows if r[1] == "另一所真实学院")[2]
    assert other_role.startswith("开设本集团专业") and "成员" not in other_role
