"""Demand by post (岗位需求): the typical occupations of each class a group covers, with Henan postings.

For every (group, major class) pair the mart lists the occupations of the 职业分类大典 2022
linked to the class by the reviewable crosswalk (:mod:`talentcast.crosswalk.class_occupations`),
plus any occupation that the region's own postings of the class name often enough (provenance
``postings``). Each row carries the number of the region's postings of the class whose title
names the occupation, their median pay when there are at least ``min_postings``, and their share
of the class's postings (a proxy for the share of its openings) when the class itself has
enough postings. Postings are real but not official (observed) and not a census of openings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentcast.crosswalk.class_occupations import assign_occupations, occupation_core

MART_POSTS_COLUMNS = [
    "group_id", "major_class", "occupation_code", "occupation_name_zh", "n_postings_region",
    "salary_cny_month_median", "share_of_openings", "evidence", "provenance", "status",
]
#: observed: at least min_postings postings name it; too_few_postings: fewer (pay not shown);
#: no_postings: linked by the crosswalk alone, no posting of the region names it.
STATUSES = ("observed", "too_few_postings", "no_postings")
_EXAMPLES = 3


def region_postings(postings: pd.DataFrame, region: str, *, vocational_only: bool = True) -> pd.DataFrame:
    """The region's classified, non-duplicate postings (``region_code`` in the region's province).

    Args:
        postings: Classified postings (``major_class`` filled, ``region_code`` GB/T 2260).
        region: Region code of the report, e.g. ``"410000"``; its first two digits select the province.
        vocational_only: Drop postings that ask for 本科 or above (``is_vocational`` False).
    """
    if postings.empty or "major_class" not in postings.columns:
        return pd.DataFrame({"title": pd.Series(dtype=object), "major_class": pd.Series(dtype=object), "salary_cny_month": pd.Series(dtype=float)})
    p = postings
    keep = p["region_code"].fillna("").astype(str).str.startswith(str(region)[:2]) & (p["major_class"].fillna("").astype(str) != "")
    if "is_duplicate" in p.columns:
        keep &= ~p["is_duplicate"].fillna(False).astype(bool)
    if vocational_only and "is_vocational" in p.columns:
        keep &= p["is_vocational"].fillna(True).astype(bool)
    p = p[keep]
    lo = pd.to_numeric(p.get("salary_cny_month_min"), errors="coerce")
    hi = pd.to_numeric(p.get("salary_cny_month_max"), errors="coerce")
    pay = pd.concat([lo, hi], axis=1).mean(axis=1)  # mid-point; one bound when only one is given
    return pd.DataFrame({"title": p["title"].fillna("").astype(str), "major_class": p["major_class"].astype(str), "salary_cny_month": pay})


def observed_links(posts: pd.DataFrame, occupations: pd.DataFrame, *, min_postings: int) -> pd.DataFrame:
    """Links seen in postings: occupations that at least ``min_postings`` postings of a class name.

    Only postings no crosswalk link of their class claims are used, and only occupation names
    whose core has three characters or more (two-character cores such as 车工 occur inside
    unrelated words, e.g. 汽车工程师).

    Args:
        posts: :func:`region_postings` with an ``occupation_code`` column (``""`` = unclaimed).
        occupations: The 大典 2022 table (``code``, ``level``, ``name``).
        min_postings: Fewest postings for a link.

    Returns:
        Crosswalk-shaped rows (``major_class``, ``occupation_code``, ``occupation_name_zh``,
        ``match_terms``, ``evidence``, ``provenance`` = ``postings``).
    """
    cols = ["major_class", "occupation_code", "occupation_name_zh", "match_terms", "evidence", "provenance"]
    free = posts[posts["occupation_code"] == ""]
    if free.empty:
        return pd.DataFrame(columns=cols)
    occ = occupations[occupations["level"] == "occupation"]
    core = occ["name"].map(occupation_core)
    occ = occ[core.str.len() >= 3]
    found = []
    for cls, g in free.groupby("major_class", sort=True):
        every = pd.DataFrame({"major_class": cls, "occupation_code": occ["code"].astype(str), "occupation_name_zh": occ["name"].astype(str), "match_terms": ""})
        hit = assign_occupations(g["title"], g["major_class"], every)
        counts = hit[hit != ""].value_counts()
        for code, n in counts[counts >= min_postings].items():
            name = occ.loc[occ["code"] == code, "name"].iloc[0]
            found.append((cls, code, name, "", f"{int(n)} postings of the class name it", "postings"))
    return pd.DataFrame(found, columns=cols)


def posts_mart(
    group_classes: pd.DataFrame,
    postings: pd.DataFrame,
    links: pd.DataFrame,
    occupations: pd.DataFrame,
    *,
    region: str,
    min_postings: int,
) -> pd.DataFrame:
    """Build ``mart_posts``: the typical occupations of each class a group covers.

    Args:
        group_classes: The (``group_id``, ``major_class``) pairs to report (e.g. from mart_demand).
        postings: Classified postings (``title``, ``major_class``, ``region_code``,
            ``salary_cny_month_min``/``max``, optional ``is_duplicate``, ``is_vocational``).
        links: The class → occupation crosswalk (:func:`talentcast.crosswalk.class_occupations.load_crosswalk`).
        occupations: The 大典 2022 table, for links seen only in postings.
        region: Region code; postings whose ``region_code`` starts with its first two digits count.
        min_postings: Fewest postings for a median pay, a share, or a link seen only in postings.

    Returns:
        One row per group × class × occupation (:data:`MART_POSTS_COLUMNS`), ordered by group,
        class, postings (most first) and crosswalk order. ``share_of_openings`` (0–1) is the
        occupation's share of the class's region postings, NaN when the class has fewer than
        ``min_postings``; ``salary_cny_month_median`` (CNY/month) is NaN below ``min_postings``.
    """
    pairs = group_classes[["group_id", "major_class"]].astype(str).drop_duplicates()
    posts = region_postings(postings, region)
    posts = posts[posts["major_class"].isin(set(pairs["major_class"]))].copy()
    posts["occupation_code"] = assign_occupations(posts["title"], posts["major_class"], links) if len(posts) else pd.Series(dtype=object)
    seen = observed_links(posts, occupations, min_postings=min_postings)
    if len(seen):
        links = pd.concat([links, seen], ignore_index=True)
        posts["occupation_code"] = assign_occupations(posts["title"], posts["major_class"], links)
    links = links[links["major_class"].isin(set(pairs["major_class"]))].assign(_order=lambda d: np.arange(len(d)))
    class_total = posts.groupby("major_class").size()
    claimed = posts[posts["occupation_code"] != ""]
    stats = claimed.groupby(["major_class", "occupation_code"]).agg(
        n=("title", "size"), pay=("salary_cny_month", "median"), examples=("title", lambda t: ", ".join(t.value_counts().index[:_EXAMPLES]))
    )
    rows = links.merge(stats, left_on=["major_class", "occupation_code"], right_index=True, how="left")
    rows["n"] = rows["n"].fillna(0).astype("int64")
    total = rows["major_class"].map(class_total).fillna(0)
    enough = rows["n"] >= min_postings
    rows["salary_cny_month_median"] = pd.to_numeric(rows["pay"], errors="coerce").where(enough).round(0)
    rows["share_of_openings"] = (rows["n"] / total.where(total >= min_postings)).astype(float).round(4)
    rows["status"] = np.select([enough, rows["n"] > 0], ["observed", "too_few_postings"], "no_postings")
    region_name = f"region {str(region)[:2]}"
    rows["evidence"] = [
        ev if n == 0 else f"{ev}; {n} {region_name} postings, e.g. {ex}"
        for ev, n, ex in zip(rows["evidence"], rows["n"], rows["examples"].fillna(""), strict=True)
    ]
    out = pairs.merge(rows, on="major_class", how="inner")
    out = out.rename(columns={"n": "n_postings_region"})
    out = out.sort_values(["group_id", "major_class", "n_postings_region", "_order"], ascending=[True, True, False, True], kind="stable")
    return out[MART_POSTS_COLUMNS].reset_index(drop=True)
