"""Chapter: plan scenarios beside the baseline — the industry paths they move, their assumptions.

A plan scenario appears only in reports of groups whose industries it moves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from talentcast.report.context.scope import Names, Scope, baseline
from talentcast.report.context.tabulate import make_table, missing, without_paths
from talentcast.report.formatting import Messages, fmt_num, fmt_pct


def plans_of(scope: Scope) -> tuple[list[str], dict[str, str], pd.DataFrame]:
    """(plan names, their labels, their moved industry paths) for the report's industries."""
    m = scope.m
    emp_all = scope.regional(scope.marts["mart_employment"])
    plans = sorted({str(x) for x in emp_all["scenario"].dropna()} - {"baseline"})
    label = {p: m("scenario.label_single") if len(plans) == 1 else m("scenario.label", name=p) for p in plans}
    return plans, label, plan_paths(emp_all, plans)


def relevant_plans(plan_emp: pd.DataFrame, plans: list[str], sections: list[str], province: bool) -> list[str]:
    """Plans that move one of the report's industries (the province: any plan)."""
    if province:
        return plans
    moved = set(plan_emp.loc[plan_emp["industry_code"].isin(sections), "scenario"])
    return [p for p in plans if p in moved]


def build(scope: Scope, plans: list[str], plan_label: Mapping[str, str], plan_emp: pd.DataFrame) -> dict[str, Any]:
    """The scenario chapter for ``plans`` (already narrowed to those that move the report's industries)."""
    plan_emp = plan_emp[plan_emp["scenario"].isin(plans)]
    return scenario_tables(plan_emp, plans, plan_label, scope.marts["scenarios"], scope.year, scope.names,
                           scope.m, scope.add)


def plan_paths(emp_all: pd.DataFrame, plans: list[str]) -> pd.DataFrame:
    """Forecast paths of plan scenarios beside the baseline, for the industries a plan moves.

    Returns rows scenario, industry_code, year, baseline, plan (万人) for every forecast year of
    each (scenario, industry) whose path differs from the baseline anywhere (a scenario adjusts
    some series only; the others carry the baseline and are not repeated).
    """
    cols = ["scenario", "industry_code", "year", "baseline", "plan"]
    fc = emp_all[emp_all["kind"] == "forecast"]
    base = (baseline(fc)[["industry_code", "year", "mean"]].drop_duplicates(["industry_code", "year"])
            .rename(columns={"mean": "baseline"}))
    out = []
    for p in plans:
        pl = (fc[fc["scenario"] == p][["industry_code", "year", "mean"]].drop_duplicates(["industry_code", "year"])
              .rename(columns={"mean": "plan"}))
        mm = pl.merge(base, on=["industry_code", "year"], how="inner").assign(scenario=p)
        diff = (mm["plan"] - mm["baseline"]).abs() > 1e-6 * mm["baseline"].abs().clip(lower=1.0)
        moved = set(mm.loc[diff, "industry_code"])
        out.append(mm[mm["industry_code"].isin(moved)])
    if not out:
        return pd.DataFrame(columns=cols)
    return pd.concat(out, ignore_index=True)[cols].sort_values(["scenario", "industry_code", "year"])


_RULE_KEYS = {"growth": "scenario.rule_growth", "share": "scenario.rule_share", "target": "scenario.rule_target"}


def scenario_tables(plan_emp: pd.DataFrame, plans: list[str], plan_label: Mapping[str, str],
                      scen: pd.DataFrame, Y: int, names: Names, m: Messages,
                      add: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    """Plan scenarios beside the baseline: the industry paths they move and their quoted assumptions."""
    lang = m.lang
    multi = len(plans) > 1
    if not plans:  # no plan scenario in the marts: no scenario tables (not even empty sheets)
        add = lambda t: t  # noqa: E731

    def ind(code: Any) -> str:
        code = str(code)
        if code not in names.industries and code.upper() in ("TOTAL", "_T", "T0", "0"):
            return m("industry.total")
        return f"{names.industry(code)}（{code}）" if lang == "zh" else f"{names.industry(code)} ({code})"

    rows = []
    for _, r in plan_emp.iterrows():
        d = r["plan"] - r["baseline"]
        if abs(d) <= 1e-6 * max(abs(r["baseline"]), 1.0):
            continue  # years before the plan bites carry the baseline
        rows.append(([plan_label[r["scenario"]]] if multi else []) + [
            r["industry_code"], names.industry(r["industry_code"]), r["year"], r["baseline"], r["plan"], d,
            d / r["baseline"] if r["baseline"] else None])
    cols = ([(m("col.scenario"), "text")] if multi else []) + [
        (m("col.industry_code"), "code"), (m("col.industry"), "text"), (m("col.year"), "year"),
        (m("col.baseline"), "emp10k"), (m("col.plan"), "emp10k"), (m("col.plan_diff"), "emp10k"),
        (m("col.plan_diff_pct"), "signed_pct")]
    t_ind = add(make_table("industry_scenario", m("scenario.industry_table"), cols, rows,
                           statuses={"estimated"} if rows else set(), m=m, unit=m("unit.emp10k"),
                           note=m("scenario.industry_note") if rows else ""))
    sc = scen[scen["scenario"].isin(plans)] if len(scen) else scen
    a_rows = []
    for _, r in sc.iterrows():
        rule = r["rule"] or ""
        val = r["value"]
        rule_text = m(_RULE_KEYS[rule], pct=fmt_pct(val, lang, digits=2 if rule == "share" else 1),
                      value=fmt_num(val, lang, digits=1), of=ind(str(r["share_of"]).partition(":")[2])
                      if r["share_of"] else "—") if rule in _RULE_KEYS and not missing(val) else rule or "—"
        a_rows.append(([plan_label.get(r["scenario"], r["scenario"])] if multi else []) + [
            ind(r["industry_code"]) if r["industry_code"] else r["series"], r["years"] or "—", rule_text,
            without_paths(_assumption(r, lang)), without_paths(r["source"]) or "—"])
    a_cols = ([(m("col.scenario"), "text")] if multi else []) + [
        (m("col.industry"), "text"), (m("col.years"), "text"), (m("col.rule"), "text"),
        (m("col.assumption"), "text"), (m("col.source"), "text")]
    no_assumptions = bool(plans) and not a_rows
    t_ass = add(make_table("scenario_assumptions", m("scenario.assumption_table"), a_cols, a_rows,
                           statuses={"estimated"} if a_rows else set(), m=m,
                           note=m("scenario.assumption_missing", names=", ".join(plans)) if no_assumptions
                           else (m("scenario.assumption_note") if a_rows else "")))
    desc = {}
    if len(sc):
        desc = {r["scenario"]: r["description"] for _, r in sc.drop_duplicates("scenario").iterrows() if r["description"]}
    return {"present": bool(plans), "plans": [{"name": p, "label": plan_label[p], "description": desc.get(p, "")}
                                              for p in plans],
            "industry_table": t_ind, "assumptions": t_ass}


def _assumption(row: pd.Series, lang: str) -> str:
    """The adjustment's assumption in the report's language where the file gives it, else as written."""
    zh = row.get("assumption_zh")
    if lang == "zh" and isinstance(zh, str) and zh.strip():
        return zh
    return row["assumption"] or "—"
