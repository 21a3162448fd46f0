"""Chapter: the executive summary — a few sentences and key figures from the other chapters."""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentcast.report.context.chapter_gap import shortage_sentence
from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import first_pass_notice, fmt_cell, missing
from talentcast.report.formatting import fmt_pct, fmt_people


def growing_sentence(scope: Scope, frame: pd.DataFrame, prefix: str) -> str:
    """When the total expansion is negative: the classes whose employment still grows, with their
    expansion ("" when none grows), so "expansion is negative in total" is not read as "all shrink"."""
    m, lang = scope.m, scope.lang
    by_class = frame.groupby("major_class")["expansion"].sum()
    up = by_class[by_class >= 0.5].sort_values(ascending=False)  # what rounds to +0 does not grow
    if up.empty:
        return m(f"{prefix}.none_growing")
    names = scope.list_sep().join(f"{scope.cname(c)}{m('punct.lp')}+{fmt_people(v, lang, unit=False)}{m('punct.rp')}"
                                  for c, v in up.head(3).items())
    return m(f"{prefix}.growing", n=len(up), names=names, total=fmt_people(float(up.sum()), lang))


def build(scope: Scope, demand: dict[str, Any], gap: dict[str, Any], industry: dict[str, Any],
          actions: list[dict[str, Any]]) -> dict[str, Any]:
    """Bullets and key figures."""
    m, Y, lang = scope.m, scope.year, scope.lang
    totY, gY = demand["total"], gap["gY"]
    bullets = []
    if totY is not None:
        # A shrinking employment base nets its decline from replacement: say so, not "100 %".
        shrinking = not missing(totY["expansion"]) and float(totY["expansion"]) < 0
        bullets.append(m("summary.openings_shrinking" if shrinking else "summary.openings", year=Y,
                         n=fmt_people(totY["openings"], lang, unit=lang == "zh"),
                         lo=fmt_people(totY["openings_lo_80"], lang, unit=False),
                         hi=fmt_people(totY["openings_hi_80"], lang, unit=False),
                         rep=fmt_pct(demand["rep_share"], lang),
                         shrink=fmt_people(-float(totY["expansion"]), lang, unit=False) if shrinking else "",
                         replacement=fmt_people(totY["replacement"], lang, unit=False))
                       + (growing_sentence(scope, demand["dY"], "summary") if shrinking else ""))
        if demand["years"]:
            bullets.append(m("summary.cumulative", span=demand["horizon"],
                             n=fmt_people(demand["dH"]["openings"].sum(), lang, unit=lang == "zh")))
    else:
        bullets.append(m("summary.no_demand", year=Y))
    if len(gY):
        op_sum, sp_sum = gY["openings"].sum(), gY["supply"].sum()
        bullets.append(m("summary.gap", year=Y, supply=fmt_people(sp_sum, lang, unit=lang == "zh"),
                         # One formatter for gap ratios everywhere ("< −500%" beyond the floor).
                         ratio=fmt_cell("gap_ratio", (op_sum - sp_sum) / op_sum if op_sum else None, lang, m)))
    shortage = shortage_sentence(m, "summary", gap, scope.list_sep())
    if shortage:
        bullets.append(shortage)
    elif len(gY):
        bullets.append(m("summary.no_shortage"))
    if industry["headline"]:
        bullets.append(industry["headline"])
    if actions:
        bullets.append(m("summary.actions", text=("；" if lang == "zh" else "; ").join(
            f"{a['label']} {len(a['items'])}" for a in actions)))
    key_figures = [
        {"label": m("summary.kf_openings", year=Y),
         "value": fmt_people(totY["openings"], lang) if totY is not None else "—"},
        # A shrinking total has no replacement share (it would be capped at 100 %): its expansion instead.
        {"label": m("summary.kf_replacement"), "value": fmt_pct(demand["rep_share"], lang)}
        if totY is None or demand["rep_share"] is not None else
        {"label": m("summary.kf_expansion", year=Y), "value": fmt_people(totY["expansion"], lang)},
        {"label": m("summary.kf_supply", year=Y), "value": fmt_people(gY["supply"].sum(), lang) if len(gY) else "—"},
        {"label": m("summary.kf_shortage"), "value": str(gap["n_rated_shortage"])},
    ]
    # On the first page: the calls are evidence for expert review, not yet decisions.
    notice = first_pass_notice(scope.suggestions, lang)
    return {"bullets": bullets, "key_figures": key_figures, "notice": notice}
