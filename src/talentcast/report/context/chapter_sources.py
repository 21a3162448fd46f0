"""Appendix chapter: the data sources, their vintage, licence and status (shared by every report)."""

from __future__ import annotations

from typing import Any

from talentcast.report.context.mart_frames import column
from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import STATUSES, make_table, statuses_of


def build(scope: Scope) -> dict[str, Any]:
    """The sources table."""
    m, lang = scope.m, scope.lang
    src = scope.marts["sources"]
    own, name, zh = column(src, f"name_{lang}"), column(src, "name"), column(src, "name_zh")
    sid = column(src, "source_id")
    rows = [[own[i] or name[i] or zh[i] or sid[i], r["vintage"], r["licence"], r["url"],
             [r["status"]] if r["status"] in STATUSES else []] for i, r in src.iterrows()]
    return scope.add(make_table("sources", m("sources.table"), [
        (m("col.source"), "text"), (m("col.vintage"), "text"), (m("col.licence"), "text"), (m("col.url"), "text"),
        (m("col.status"), "status")], rows, statuses=statuses_of(src["status"]), m=m))
