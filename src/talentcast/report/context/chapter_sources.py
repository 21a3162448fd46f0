"""Appendix chapter: the data sources, their vintage, licence and status (shared by every report)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from talentcast.report.context.mart_frames import column
from talentcast.report.context.scope import GLOSSARY, Scope
from talentcast.report.context.tabulate import STATUSES, make_table, statuses_of, without_paths


@cache
def vintages_zh() -> dict[str, tuple[str, str]]:
    """source id → (vintage, licence) in Chinese (glossary/sources_zh.csv)."""
    df = pd.read_csv(GLOSSARY / "sources_zh.csv", dtype=str, keep_default_na=False)
    return {r.source_id: (r.vintage, r.licence) for r in df.itertuples()}


def build(scope: Scope) -> dict[str, Any]:
    """The sources table: the sources' own titles; vintage and licence in the report's language
    (ours, translated), never a repository path."""
    m, lang = scope.m, scope.lang
    src = scope.marts["sources"]
    own, name, zh = column(src, f"name_{lang}"), column(src, "name"), column(src, "name_zh")
    sid = column(src, "source_id")
    local = vintages_zh() if lang == "zh" else {}
    rows = [[own[i] or name[i] or zh[i] or sid[i], *local.get(sid[i], (r["vintage"], without_paths(r["licence"]))),
             r["url"], [r["status"]] if r["status"] in STATUSES else []] for i, r in src.iterrows()]
    return scope.add(make_table("sources", m("sources.table"), [
        (m("col.source"), "text"), (m("col.vintage"), "text"), (m("col.licence"), "text"), (m("col.url"), "text"),
        (m("col.status"), "status")], rows, statuses=statuses_of(src["status"]), m=m))
