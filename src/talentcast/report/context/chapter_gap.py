"""Chapter: openings against supply — the gap by class, its chart, and the shortage list (紧缺目录).

The shortage list is the analysis stage's own (``mart_shortage_list``), shown as written;
the report does not rank classes itself.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentcast.analysis.suggestions import headline_rows
from talentcast.report import charts
from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import (
    drivers_of,
    make_table,
    norm_rating,
    review_cells,
    review_columns,
    split_list,
    statuses_of,
    to_float,
)


def build(scope: Scope, gap_status: set[str]) -> dict[str, Any]:
    """Gap table and chart for the target year, and the shortage list.

    The year's openings, supply and gap ratio sit beside the class's one rating: the rating
    over the planning window (:func:`with_window_ratings`), which the shortage list, the cards and
    the suggestions all use, so a class never reads 紧缺 in one table and 较过剩 in another.
    """
    m, Y, cname = scope.m, scope.year, scope.cname
    gY = with_window_ratings(scope.gap[scope.gap["year"] == Y].copy(), scope.gap)
    rows = []
    for _, r in gY.sort_values("gap_ratio", ascending=False).iterrows():
        rows.append([r["major_class"], cname(r["major_class"]), r["openings"], r["supply"], r["gap_ratio"],
                     m.get(f"rating.{r['rating_n']}", str(r["rating"] or "—")),
                     scope.list_sep().join(drivers_of(r["drivers"], m)),
                     scope.list_sep().join(m.get(f"flag.{f}", f) for f in split_list(r["flags"]))])
    span = window_span(scope.gap, Y)
    scope.add(make_table("gap", m("gap.table", year=Y), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.openings"), "people"),
        (m("col.supply"), "people"), (m("col.gap_ratio"), "gap_ratio"), (m("col.rating_window", span=span), "text"),
        (m("col.drivers"), "text"), (m("col.flags"), "text")], rows, statuses=gap_status, m=m,
        note=m("gap.note" if _any_recent_signal(gY) else "gap.note_no_signals", year=Y, span=span)))
    title = m("gap.chart", year=Y) if len(rows) <= 20 else m("gap.chart_top", year=Y, n=20, total=len(rows))
    chart = charts.gap_bars([(cname(r[0]), to_float(r[4]), r[5]) for r in rows[:20]], title=title,
                            axis=(m("gap.axis_surplus"), m("gap.axis_shortage")), empty=m("common.no_data"))
    shortage = shortage_table(scope, gap_status)
    # Every listed class is rated shortage; max() keeps the count true if the list holds one
    # without a row in the target year.
    n_rated = max(int(gY["rating_n"].astype(str).str.contains("shortage").sum()), len(shortage["rows"]))
    return {"gY": gY, "rows": rows, "chart": chart, "shortage": shortage, "n_rated_shortage": n_rated, "span": span,
            "status": gap_status | statuses_of(scope.gap["status"], "estimated")}


def _any_recent_signal(gY: pd.DataFrame) -> bool:
    """Whether any class's rating was moved by a recent signal (else the ratings are the gap alone)."""
    if "n_recent_signals" not in gY.columns:
        return True  # the mart does not say: keep the general note
    return bool((pd.to_numeric(gY["n_recent_signals"], errors="coerce").fillna(0) > 0).any())


def shortage_sentence(m, section: str, gap: dict[str, Any], sep: str) -> str:
    """The sentence on shortage classes of the summary or the profile (``section``): how many
    are rated over the window and how many of them the 紧缺人才目录 lists ("" when none is rated)."""
    listed, n = gap["shortage"]["rows"], gap["n_rated_shortage"]
    if not n:
        return ""
    if not listed:
        return m(f"{section}.shortage_unlisted", n=n, span=gap["span"])
    key = "shortage_one" if n == 1 and section == "summary" else "shortage_all" if n == len(listed) else "shortage"
    return m(f"{section}.{key}", n=n, listed=len(listed), span=gap["span"], names=sep.join(r[2] for r in listed[:3]))


def window_span(gap: pd.DataFrame, first_year: int) -> str:
    """The planning window the ratings cover, e.g. "2027–2031" (one year: "2027")."""
    last = int(gap["year"].max()) if len(gap) else first_year
    return f"{first_year}–{last}" if last > first_year else str(first_year)


def with_window_ratings(rows: pd.DataFrame, gap: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (one year of a group's gap rows) with each class's rating and drivers over the window.

    The window's rating is the analysis's headline row (the last forecast year: cumulative
    openings against cumulative supply, :func:`talentcast.analysis.suggestions.headline_rows`);
    a class without one keeps its year's rating. Adds ``rating_n`` (the normalised key).
    """
    head = headline_rows(gap).drop_duplicates("major_class", keep="last").set_index("major_class")
    rows = rows.copy()
    for col in ("rating", "drivers", "rating_withheld"):
        if col in head.columns and col in rows.columns:
            rows[col] = rows["major_class"].map(head[col]).where(rows["major_class"].isin(head.index), rows[col])
    rows["rating_n"] = rows["rating"].map(norm_rating)
    return rows


def shortage_table(scope: Scope, statuses: set[str]) -> dict[str, Any]:
    """The shortage list of the mart (its latest year: ratings over the whole horizon), as ranked there."""
    m, cname = scope.m, scope.cname
    sl = scope.shortage
    if len(sl) and sl["year"].notna().any():
        sl = sl[sl["year"] == sl["year"].max()]
    sl = sl.sort_values("rank")
    ev_by_class = {r["major_class"]: r["evidence"] for _, r in scope.suggestions.iterrows() if r["evidence"]}
    review = review_columns(sl)
    rows = []
    for _, r in sl.iterrows():
        row = [r["rank"], r["major_class"], cname(r["major_class"]),
               m.get(f"rating.{norm_rating(r['rating'])}", str(r["rating"])), r["cum_gap_ratio"], r["cum_openings"],
               r["cum_supply"], scope.list_sep().join(drivers_of(r["drivers"], m)) or "—"]
        if not scope.province:  # the province's evidence is in the groups' reports and the workbook
            row.append(ev_by_class.get(r["major_class"], "—"))
        row += review_cells(r, review, scope.lang)
        rows.append(row)
    if len(sl) and sl["year"].notna().any():
        year = int(sl["year"].max())
        span = f"{scope.year}–{year}" if year > scope.year else str(year)
    else:  # an empty list covers the same window as a full one (its title must not say one year)
        span = window_span(scope.gap, scope.year)
    cols = [(m("col.rank"), "num"), (m("col.class_code"), "code"), (m("col.class_name"), "text"),
            (m("col.rating"), "text"), (m("col.cum_gap_ratio", span=span), "gap_ratio"),
            (m("col.cumulative", span=span), "people"), (m("col.cum_supply", span=span), "people"),
            (m("col.drivers"), "text")] + ([] if scope.province else [(m("col.evidence"), "text")])
    cols += [(m(f"col.{c}"), "text") for c in review]
    return scope.add(make_table("shortage", m("shortage.table", span=span), cols, rows, statuses=statuses, m=m))
