"""Chapter: caveats — the flags the analysis raised for this report's classes."""

from __future__ import annotations

from typing import Any

from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import flag_label, make_table, missing


def build(scope: Scope, statuses: set[str]) -> dict[str, Any]:
    """The flags table (one row per class and flag)."""
    m = scope.m
    rows = [[r["major_class"], scope.cname(r["major_class"]) if not missing(r["major_class"]) and r["major_class"]
             else "—", flag_label(m, r), r["detail"] or ""]
            for _, r in scope.flags.iterrows()]
    return scope.add(make_table("flags", m("caveats.table"), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.flag"), "text"),
        (m("col.detail"), "text")], rows, statuses=statuses if rows else set(), m=m))
