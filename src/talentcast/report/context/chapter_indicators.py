"""Appendix chapter: recent conditions by class from postings (counts, pay, vocational share)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentcast.report.context.mart_frames import column
from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import make_table, statuses_of


def build(scope: Scope) -> dict[str, Any]:
    """The indicators table; returns each class's first and latest year for the cards.

    Postings are real but not official statistics: the status is the mart's (``observed`` when
    the indicators stage says so), else estimated.
    """
    m = scope.m
    ind = scope.regional(scope.marts["mart_indicators"])
    ind = ind[ind["major_class"].isin(scope.classes)] if scope.classes else ind.iloc[0:0]
    ind = ind.assign(postings_growth=column(ind, "postings_growth"), intensity=column(ind, "intensity"),
                     share_vocational=column(ind, "share_vocational"))
    ordered = ind.sort_values("year")
    last, first = card_years(ordered)
    # The province appendix shows the latest year only (all years stay in the group reports).
    shown = ordered.groupby("major_class").tail(1) if scope.province else ind
    status = column(ind, "status")
    scope.add(make_table("indicators", m("appendix.indicators"), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.year"), "year"),
        (m("col.postings"), "num"), (m("col.postings_unique"), "num"), (m("col.intensity"), "ratio"),
        (m("col.salary"), "cny"), (m("col.salary_growth"), "signed_pct"), (m("col.share_vocational"), "pct")],
        [[r["major_class"], scope.cname(r["major_class"]), r["year"], r["postings"], r["postings_unique"],
          r["intensity"], r["salary_cny_month_median"], r["salary_growth"], r["share_vocational"]]
         for _, r in shown.sort_values(["major_class", "year"]).iterrows()],
        statuses=statuses_of(status.where(status.notna(), "estimated") if len(ind) else pd.Series(dtype=object)),
        m=m, note="" if len(shown) else m("appendix.indicators_empty"), page_limit=12 if scope.province else 40))
    return {"last": last, "first": first}


def card_years(ordered: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each class's latest and earliest indicator rows for its card, by class.

    Years with at least ``[flags] min_postings`` postings (the indicators' own
    ``too_few_postings``) are preferred: a card quoted pay and a "-94 %" posting growth from
    four postings of a thinly sampled year. A class with no such year keeps its latest and
    earliest rows, whose pay and growth the card then leaves out.
    """
    few = column(ordered, "too_few_postings").astype(str).str.lower().isin(["true", "1"])
    ok, rest = ordered[~few], ordered
    picked = []
    for pick in (lambda f: f.groupby("major_class").tail(1), lambda f: f.groupby("major_class").head(1)):
        good = pick(ok).set_index("major_class")
        anyr = pick(rest).set_index("major_class")
        picked.append(pd.concat([good, anyr[~anyr.index.isin(good.index)]]))
    return picked[0], picked[1]
