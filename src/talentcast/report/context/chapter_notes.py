"""Chapter: the reading notes and method paragraphs, each sentence written from what this edition's
marts hold (the indicators the college table shows, the evidence that entered the model), never a
promise of evidence the edition lacks."""

from __future__ import annotations

from typing import Any

from talentcast.report.context.scope import Scope

# Graduate-outcome indicators of the college evaluation (real graduate destination data only).
OUTCOME_INDICATORS = ("employment_rate", "counterpart_rate", "retention")


def reading(scope: Scope, colleges: dict[str, Any]) -> list[str]:
    """The reading notes, in the order of the chapters they explain."""
    m = scope.m
    keys = ["industry_province_intro" if scope.province else "industry_intro", "demand_intro", "er_intro",
            "supply_intro", "gap_intro", "shortage_intro", "cards_intro"]
    out = [m(f"text.{k}") for k in keys]
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
