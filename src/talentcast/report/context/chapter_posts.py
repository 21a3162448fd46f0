"""Chapter: demand by post (岗位需求) — the typical occupations (职业分类大典 2022) of each class.

From ``mart_posts``: the class → occupation crosswalk with the region's postings behind each
link. Postings are observed, not official: counts and pay are shown only above the mart's
minimum of postings, and a link with no posting says it rests on the crosswalk alone.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import make_table

#: Occupations shown per class on the page (the workbook holds every link).
POSTS_PER_CLASS = 3


def build(scope: Scope) -> dict[str, Any] | None:
    """The posts table of a group report's classes, or None (no mart_posts, or the province)."""
    posts = scope.marts.get("mart_posts")
    if posts is None or posts.empty or scope.province:
        # The province page stays short: its classes' posts are in the groups' reports and the workbook.
        return None
    m = scope.m
    mine = posts[(posts["group_id"].astype(str) == scope.gid) & posts["major_class"].isin(scope.classes)]
    words = {"too_few_postings": m("posts.too_few"), "no_postings": m("posts.no_postings"), "observed": ""}
    rows = []
    for cls, g in mine.groupby("major_class", sort=True):
        for _, r in g.head(POSTS_PER_CLASS).iterrows():
            rows.append([cls, scope.cname(cls), r["occupation_code"], r["occupation_name_zh"],
                         int(r["n_postings_region"]), r["salary_cny_month_median"],
                         None if pd.isna(r["share_of_openings"]) else float(r["share_of_openings"]),
                         words.get(str(r["status"]), str(r["status"]))])
    statuses = {"observed"} if (mine["n_postings_region"] > 0).any() else {"estimated"}
    return scope.add(make_table("posts", m("posts.table"), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.occupation_code"), "code"),
        (m("col.occupation"), "text"), (m("col.postings_region"), "num"), (m("col.salary"), "cny"),
        (m("col.share_of_postings"), "pct"), (m("col.note"), "text")],
        rows, statuses=statuses, m=m, note=m("posts.note", n=POSTS_PER_CLASS)))
