"""Chapter: the executive summary — a few sentences and key figures from the other chapters."""

from __future__ import annotations

from typing import Any

from talentcast.report.context.chapter_gap import shortage_sentence
from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import first_pass_notice, missing
from talentcast.report.formatting import fmt_pct, fmt_people


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
                         shrink=fmt_people(-float(totY["expansion"]), lang, unit=False) if shrinking else ""))
        if demand["years"]:
            bullets.append(m("summary.cumulative", span=demand["horizon"],
                             n=fmt_people(demand["dH"]["openings"].sum(), lang, unit=lang == "zh")))
    else:
        bullets.append(m("summary.no_demand", year=Y))
    if len(gY):
        op_sum, sp_sum = gY["openings"].sum(), gY["supply"].sum()
        bullets.append(m("summary.gap", year=Y, supply=fmt_people(sp_sum, lang, unit=lang == "zh"),
                         ratio=fmt_pct((op_sum - sp_sum) / op_sum if op_sum else None, lang, signed=True)))
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
        {"label": m("summary.kf_replacement"), "value": fmt_pct(demand["rep_share"], lang)},
        {"label": m("summary.kf_supply", year=Y), "value": fmt_people(gY["supply"].sum(), lang) if len(gY) else "—"},
        {"label": m("summary.kf_shortage"), "value": str(gap["n_rated_shortage"])},
    ]
    # On the first page: the calls are evidence for expert review, not yet decisions.
    notice = first_pass_notice(scope.suggestions, lang)
    return {"bullets": bullets, "key_figures": key_figures, "notice": notice}
