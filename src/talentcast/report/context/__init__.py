"""Build the report context: pure functions from mart DataFrames + registry to a plain dict.

Nothing here reads files or the clock; the same marts, registry, group, language, edition and
region always give the same context, which the templates (HTML, Markdown) and the workbook
writer render. One module per chapter (``chapter_*``), each built from a :class:`Scope` alone;
:func:`build_context` scopes the marts once and calls the chapters in reading order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from talentcast.report.context import (
    chapter_actions,
    chapter_caveats,
    chapter_cards,
    chapter_colleges,
    chapter_demand,
    chapter_gap,
    chapter_indicators,
    chapter_posts,
    chapter_previous,
    chapter_industry,
    chapter_method,
    chapter_notes,
    chapter_profile,
    chapter_province,
    chapter_scenario,
    chapter_sources,
    chapter_summary,
    chapter_supply,
)
from talentcast.report.context.edition import edition_facts
from talentcast.report.context.mart_frames import MART_COLUMNS, normalise_mart, normalise_marts
from talentcast.report.context.scope import (
    DEFAULT_HORIZON,
    DEFAULT_REGION,
    PROVINCE_ID,
    Names,
    Scope,
    default_names,
    groups_from_registry,
    lead_text,
    make_scope,
    pick_year,
)
from talentcast.report.context.tabulate import STATUSES, make_table, status_line, statuses_of

__all__ = ["DEFAULT_REGION", "MART_COLUMNS", "PROVINCE_ID", "STATUSES", "Names", "Scope", "build_context",
           "default_names", "groups_from_registry", "make_scope", "make_table", "normalise_mart",
           "normalise_marts", "pick_year"]


def build_context(marts: Mapping[str, pd.DataFrame], registry: Any, group_id: str | None, lang: str = "zh",
                  year: int | None = None, names: Names | None = None, region: str = DEFAULT_REGION,
                  edition: int | None = None, horizon: int = DEFAULT_HORIZON) -> dict[str, Any]:
    """Everything a report shows, for one group (or the province when ``group_id`` is None or "province").

    Args:
        marts: Mart name → DataFrame (docs/architecture.md); absent marts render as "no data".
        registry: The group registry (talentcast.reference.load_registry() or an equivalent).
        group_id: A registry id, or None / ``"province"`` for the province report.
        lang: "zh" (default) or "en".
        year: First forecast year shown; default the year after ``edition``, else the first
            forecast year in the marts.
        names: Code → name lookups; default from talentcast.reference.
        region: The region the report is about (settings.region).
        edition: The edition year the report is named by (None: the year before ``year``).
        horizon: Forecast years shown from ``year`` on.

    Returns:
        A dict of plain values (str, numbers, lists, dicts); see the templates for its use.

    Raises:
        ReportError: unknown group id, unsupported language, a mart lacking a core column, or no
            year to report on.
    """
    if year is None and edition is not None:
        year = int(edition) + 1
    s = make_scope(marts, registry, group_id, lang=lang, year=year, names=names, region=region, edition=edition,
                   horizon=horizon)
    last = s.year + horizon - 1
    s.demand, s.gap = s.demand[s.demand["year"] <= last], s.gap[s.gap["year"] <= last]
    m = s.m
    edition_year = int(edition) if edition is not None else s.year - 1

    plans, plan_label, plan_emp = chapter_scenario.plans_of(s)
    chapter_sources.build(s)
    shown = chapter_scenario.relevant_plans(plan_emp, plans, list(chapter_industry.weights_of(s)), s.province)
    label = {p: plan_label[p] for p in shown}
    # The industry charts and the scenario chapter show only the plans that move this report's industries.
    industry = chapter_industry.build(s, plan_emp[plan_emp["scenario"].isin(shown)], label)
    sections = list(industry["weights"])
    scenario = chapter_scenario.build(s, shown, label, plan_emp)

    emp = s.regional(s.marts["mart_employment"])
    emp_sec = emp[emp["industry_code"].isin(sections) & (emp["kind"] == "history")]
    hist_status = statuses_of(emp_sec["status"], "official")
    model_status = ({"estimated"} | ({"synthetic"} if "synthetic" in hist_status else set())
                    | statuses_of(s.demand["status"], "estimated"))
    supply_status = statuses_of(s.supply["status"], "estimated")
    gap_status = model_status | supply_status | statuses_of(s.gap["status"], "estimated")

    demand = chapter_demand.build(s, model_status, shown, label)
    supply = chapter_supply.build(s, supply_status)
    gap = chapter_gap.build(s, gap_status)
    chapter_posts.build(s)
    indicators = chapter_indicators.build(s)
    cards = chapter_cards.build(s, demand, gap, supply, indicators)
    colleges = chapter_colleges.build(s)
    actions = chapter_actions.build(s, gap_status)
    method = chapter_method.build(s)
    previous = chapter_previous.build(s, sections)
    chapter_caveats.build(s, gap_status)
    overview = chapter_province.build(s, gap_status)
    summary = chapter_summary.build(s, demand, gap, industry, actions)
    profile = chapter_profile.build(s, industry, demand, gap,
                                    {**scenario, "demand_table": s.tables.get("demand_scenario")})

    ceval = s.college_eval
    # Whether this report's NUMBERS contain synthetic data (any table but the sources list), and
    # whether the workspace holds some elsewhere (the demo's separate sample group): two banners.
    any_synthetic = ("synthetic" in hist_status or "synthetic" in supply_status
                     or (ceval["is_real"].astype(str).str.lower().isin(["false", "0"]).any() if len(ceval) else False)
                     or any("synthetic" in t["statuses"] for tid, t in s.tables.items() if tid != "sources"))
    workspace_synthetic = (bool((s.marts["sources"]["status"] == "synthetic").any())
                           or any(mb.synthetic for g in s.groups for mb in g.members))
    group = s.group
    title_name = m("cover.province_name") if s.province else group.name_zh
    return {
        "lang": lang, "html_lang": "zh-CN" if lang == "zh" else "en", "year": s.year, "horizon": demand["horizon"],
        "edition": edition_facts(s, edition_year, last),
        "group_id": s.gid, "is_province": s.province,
        "title": m("cover.title", name=title_name, edition=edition_year),
        "subtitle": m("cover.subtitle"), "name": title_name,
        "group": None if s.province else {
            "id": group.id, "name_zh": group.name_zh, "lead": lead_text(group, m),
            # No lead named: the lead text already says why ("未确认（…）"); no "（未知）" after it.
            "lead_evidence": m.get(f"evidence.{group.lead_evidence}", group.lead_evidence or "—")
            if group.lead_institution else "",
            "n_members": sum(1 for mb in group.members if not mb.synthetic), "classes": [f"{c} {s.cname(c)}" for c in group.classes],
            "categories": [f"{c} {s.cname(c)}" for c in group.categories]},
        "n_groups": len(s.groups), "any_synthetic": bool(any_synthetic),
        "workspace_synthetic": bool(workspace_synthetic) and not any_synthetic,
        "t": m.catalogue, "summary": summary, "profile": profile,
        "industry": industry, "scenario": {**scenario, "demand_table": s.tables.get("demand_scenario")},
        "charts": {"demand": demand["chart"], "demand_trend": demand["trend_chart"], "gap": gap["chart"],
                   "industries": industry["charts"]},
        "chart_status": {"demand": status_line(model_status, m), "gap": status_line(gap_status, m),
                         "industries": industry["table"]["status_text"]},
        "supply": supply["view"], "cards": cards, "college_eval": colleges, "actions": actions,
        "backtest_summary": method["backtest_summary"], "backtest_scope": method["backtest_scope"],
        "interval_backtest_summary": method["interval_backtest_summary"], "expost_summary": method["expost_summary"], "previous_forecast": previous, "overview": overview,
        "caveats": [m(f"caveats.general{i}") for i in range(1, 7)],
        "reading": chapter_notes.reading(s, colleges), "method_text": chapter_notes.method(s),
        "tables": s.tables, "table_order": list(s.tables),
    }

