"""Province chapter: one row per group — openings, supply, gap and shortage count in the target year."""

from __future__ import annotations

from typing import Any

from talentcast.report.context.scope import Scope, baseline, class_scope, group_rows, lead_text
from talentcast.report.context.chapter_gap import with_window_ratings
from talentcast.report.context.tabulate import make_table


def build(scope: Scope, statuses: set[str]) -> dict[str, Any] | None:
    """The groups overview (province report only; None in a group report)."""
    if not scope.province:
        return None
    m, Y = scope.m, scope.year
    demand = baseline(scope.regional(scope.marts["mart_demand"]))
    gap = baseline(scope.regional(scope.marts["mart_gap"]))
    # The window the report rates: the scope's years (build_context cuts them to the horizon).
    last = int(scope.gap["year"].max()) if len(scope.gap) else Y
    rows = []
    for g in scope.groups:
        d = class_scope(group_rows(demand, g.id), g.classes)
        d = d[d["year"] == Y]
        g_all = class_scope(group_rows(gap, g.id), g.classes)
        gg = with_window_ratings(g_all[g_all["year"] == Y], g_all[g_all["year"].between(Y, last)])
        op = d["openings"].sum() if len(d) else None
        sp = gg["supply"].sum() if len(gg) else None
        ratio = (op - sp) / op if op and sp is not None else None
        n_short = int(gg["rating_n"].astype(str).str.contains("shortage").sum()) if len(gg) else 0
        rows.append([g.name_zh, lead_text(g, m), len(g.classes), op, sp, ratio, n_short])
    return scope.add(make_table("groups", m("province.groups_table", year=Y), [
        (m("col.group"), "text"), (m("col.lead"), "text"),
        (m("col.n_classes"), "num"), (m("col.openings"), "people"), (m("col.supply"), "people"),
        (m("col.gap_ratio"), "gap_ratio"), (m("col.n_shortage"), "num")], rows, statuses=statuses, m=m))
