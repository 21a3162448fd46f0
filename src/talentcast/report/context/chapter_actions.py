"""Chapter: suggested changes to the majors offered, each with its rule and evidence."""

from __future__ import annotations

from typing import Any

from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import ACTION_ORDER, make_table, norm_rating, review_cells, review_columns


def build(scope: Scope, statuses: set[str]) -> list[dict[str, Any]]:
    """The suggestions table; returns the actions grouped for the summary (label, classes)."""
    m, cname = scope.m, scope.cname
    sugg = scope.suggestions
    review = review_columns(sugg)
    rows = []
    for _, r in sugg.sort_values(["action", "major_class"]).iterrows():
        # The rule id stays in the mart; the reader gets the action and its evidence in words.
        row = [r["major_class"], cname(r["major_class"]), m.get(f"action.{norm_rating(r['action'])}", str(r["action"])),
               r["evidence"]]
        row += review_cells(r, review, scope.lang)
        rows.append(row)
    scope.add(make_table("suggestions", m("suggest.table"), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.action"), "text"),
        (m("col.evidence"), "text")] + [(m(f"col.{c}"), "text") for c in review],
        rows, statuses=statuses, m=m))
    actions = []
    present = [a for a in dict.fromkeys(sugg["action"].map(norm_rating)) if a != "unknown"]
    order = [a for a in ACTION_ORDER if a in present] + sorted(a for a in present if a not in ACTION_ORDER)
    for act in order:
        sel = sugg[sugg["action"].map(norm_rating) == act]
        if len(sel):
            items = [scope.paren(cname(c), c) for c in sel["major_class"]]
            # The province lists how many classes each action concerns; the table names them.
            actions.append({"label": m.get(f"action.{act}", act), "items": items,
                            "shown": m("suggest.n_classes", n=len(items)) if scope.province
                            else scope.list_sep().join(items)})
    return actions
