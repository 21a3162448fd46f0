"""Chapter: the reading notes and method paragraphs, each sentence written from what this edition's
marts hold (the indicators the college table shows, the evidence that entered the model), never a
promise of evidence the edition lacks."""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentcast.report.context.scope import Scope
from talentcast.report.formatting import fmt_num

# Graduate-outcome indicators of the college evaluation (real graduate destination data only).
OUTCOME_INDICATORS = ("employment_rate", "counterpart_rate", "retention_rate")


def reading(scope: Scope, colleges: dict[str, Any]) -> list[str]:
    """The reading notes, in the order of the chapters they explain."""
    m = scope.m
    keys = ["industry_province_intro" if scope.province else "industry_intro", "demand_intro", "er_intro",
            "supply_intro", "gap_intro", "shortage_intro", "cards_intro"]
    out = [m(f"text.{k}") if k != "gap_intro" or recent_signals(scope)[1] else m("text.gap_intro_no_signals")
           for k in keys]
    out.append(eval_note(scope, colleges))
    out.append(m("text.suggest_intro"))
    return out


def eval_note(scope: Scope, colleges: dict[str, Any]) -> str:
    """The college-evaluation note: the indicators the table actually has, and that graduate
    outcomes are not evaluated when no college has one."""
    m = scope.m
    shown = colleges.get("indicators") or []
    if not shown:
        return m("text.eval_intro_empty")
    text = m("text.eval_intro", indicators=scope.list_sep().join(shown))
    present = set(scope.college_eval.loc[scope.college_eval["value"].notna(), "indicator"].dropna())
    if not present & set(OUTCOME_INDICATORS):
        text += m("text.eval_no_outcomes")
    return text


def recent_signals(scope: Scope) -> tuple[int, int]:
    """(classes rated in the report's first year, how many of them had a recent signal)."""
    g = scope.gap[scope.gap["year"] == scope.year]
    if g.empty:
        return 0, 0
    n_sig = pd.to_numeric(g["n_recent_signals"], errors="coerce").fillna(0) if "n_recent_signals" in g.columns \
        else pd.Series(0, index=g.index)
    by_class = n_sig.groupby(g["major_class"]).max()
    return int(len(by_class)), int((by_class > 0).sum())


def graduates_in_staffing(scope: Scope) -> int:
    """Graduates whose destinations entered the staffing matrix of the report's classes."""
    st = scope.marts["mart_staffing"]
    st = st[st["major_class"].isin(scope.classes)]
    if "n_graduates" not in st.columns:
        return 0
    return int(pd.to_numeric(st["n_graduates"], errors="coerce").fillna(0).sum())


def method(scope: Scope) -> list[str]:
    """The method paragraphs; those on the staffing matrix, the vocational share and the rating say
    what evidence this edition's marts hold (counts), not what the design allows."""
    m = scope.m
    return [m("text.method_p1"), staffing_sentence(scope), m("text.method_p3"), m("text.method_p4"),
            rating_sentence(scope), m("text.method_p6"), m("text.method_p7")]


def staffing_sentence(scope: Scope) -> str:
    """Staffing matrix and vocational share: how many cells and divisions rest on the prior alone."""
    m = scope.m
    st = scope.marts["mart_staffing"]
    st = st[st["major_class"].isin(scope.classes)]
    prov = st["provenance"].astype(str) if "provenance" in st.columns else pd.Series("prior", index=st.index)
    n_grad = graduates_in_staffing(scope)
    text = m("text.method_staffing", n=len(st), prior=int((prov == "prior").sum()), post=int((prov != "prior").sum()))
    text += m("text.method_graduates", n=n_grad) if n_grad else m("text.method_graduates_none")
    vs = scope.marts["mart_vocational_share"]
    if len(vs):
        vprov = vs["provenance"].astype(str) if "provenance" in vs.columns else pd.Series("prior", index=vs.index)
        post = vs[vprov != "prior"]
        n_post = int(pd.to_numeric(post["n_postings"], errors="coerce").fillna(0).sum()) if "n_postings" in vs.columns else 0
        text += m("text.method_vshare", n=len(vs), prior=int((vprov == "prior").sum()), post=len(post), postings=fmt_num(n_post, scope.lang))
    return text


def rating_sentence(scope: Scope) -> str:
    """How the ratings were made in this edition: with recent signals for how many classes."""
    n, k = recent_signals(scope)
    return scope.m("text.method_rating" if k else "text.method_rating_none_one" if n == 1 else "text.method_rating_none",
                   n=n, k=k)
