"""Chapter: the group in words — who it is, the industries its majors serve, its 布点 and outlook.

Every sentence is written from the group's own numbers (registry, staffing weights, employment
history and forecast, the 布点 register, demand and the shortage list), so two groups' profiles
share no sentence unless their numbers coincide.
"""

from __future__ import annotations

from typing import Any

from talentcast.report.context.chapter_gap import shortage_sentence
from talentcast.report.context.chapter_summary import growing_sentence
from talentcast.report.context.scope import Scope, baseline, lead_text
from talentcast.report.formatting import fmt_emp10k, fmt_pct, fmt_people


def build(scope: Scope, industry: dict[str, Any], demand: dict[str, Any], gap: dict[str, Any],
          scenario: dict[str, Any]) -> list[str]:
    """Paragraphs of the profile (plain text, one per topic)."""
    out = [_who(scope)] if scope.group is not None else []
    out += _industries(scope, industry)
    if scenario.get("present"):
        out += _plan_sentences(scope, scenario, demand)
    cap = _capacity_moves(scope)
    if cap:
        out.append(cap)
    out.append(_outlook(scope, demand, gap))
    return [p for p in out if p]


def _plan_sentences(scope: Scope, scenario: dict[str, Any], demand: dict[str, Any]) -> list[str]:
    """One sentence per plan: the industries it moves and its change of the cumulative openings of
    ALL the report's classes (plan total against baseline total, not only the classes it moves)."""
    m, base = scope.m, demand["cum_total"]
    plans = scenario.get("plans") or []
    out = []
    for p in plans:
        # The industry table names the plan in its first column when there are several.
        moved = sorted({str(r[-7]) for r in scenario["industry_table"]["rows"]
                        if len(plans) == 1 or r[0] == p["label"]})
        plan = demand["plan_totals"].get(p["name"])
        if not moved or plan is None or not base:
            continue
        key = "profile.plan" if len(plans) == 1 else "profile.plan_named"
        out.append(m(key, plan=p["label"], industries=scope.list_sep().join(scope.names.industry(c) for c in moved),
                     span=demand["horizon"], change=fmt_pct((plan - base) / base, scope.lang, signed=True),
                     base=fmt_people(base, scope.lang), total=fmt_people(plan, scope.lang)))
    return out


def _who(scope: Scope) -> str:
    m, g = scope.m, scope.group
    # Made-up sample colleges (demo workspaces) are never listed beside a real group's name; their
    # numbers live in the separate sample group.
    members = [mb.name for mb in g.members if not mb.synthetic]
    n_synthetic = sum(1 for mb in g.members if mb.synthetic)
    lead = lead_text(g, m)
    names = scope.list_sep().join(members[:8]) + (m("profile.and_more", n=len(members) - 8) if len(members) > 8 else "")
    # An unknown lead is a sentence of its own ("牵头单位未确认"), not "牵头单位为未确认（…）".
    text = m("profile.who" if g.lead_institution else "profile.who_no_lead", name=g.name_zh, lead=lead,
             n_classes=len(g.classes))
    parts = [text.rstrip(), m("profile.members", n=len(members), names=names) if members else m("profile.no_members")]
    if n_synthetic:
        parts.append(m("profile.synthetic_members", n=n_synthetic))
    return ("" if scope.lang == "zh" else " ").join(parts)  # English sentences need their space


def _industries(scope: Scope, industry: dict[str, Any]) -> list[str]:
    m, lang = scope.m, scope.lang
    emp = baseline(scope.regional(scope.marts["mart_employment"]))
    last = scope.year + 4
    out = []
    for sec, w in list(industry["weights"].items())[:3]:
        e = emp[emp["industry_code"] == sec].sort_values("year")
        hist, fc = e[e["kind"] == "history"], e[e["kind"] == "forecast"]
        off = hist[hist["status"] == "official"]
        if off.empty or fc.empty:
            continue
        y0, v0 = int(off["year"].iloc[-1]), float(off["mean"].iloc[-1])
        end = fc[fc["year"] <= last]
        if end.empty:
            continue
        y1, v1 = int(end["year"].iloc[-1]), float(end["mean"].iloc[-1])
        growth = (v1 / v0) ** (1 / (y1 - y0)) - 1 if v0 > 0 and y1 > y0 else None
        total = len(e) and e["industry_level"].iloc[0] == "total"
        name = m("industry.total") if total else scope.names.industry(sec)
        if scope.province and not total:
            # The share of the same year as the official figure beside it (not of a later estimate).
            # The province's total is the sum of its sections where the marts hold no total row.
            same = emp[(emp["year"] == y0) & (emp["status"] == "official") & (emp["kind"] == "history")]
            tot = same[same["industry_level"] == "total"]
            whole = float(tot["mean"].iloc[0]) if len(tot) else float(same.loc[same["industry_level"] == "section", "mean"].sum())
            if whole <= 0:
                continue
            w = v0 / whole
        # The total is all of the province's employment: a share of itself says nothing.
        key = "profile.industry_total" if total else "profile.industry_province" if scope.province else "profile.industry"
        out.append(m(key, name=name, share=fmt_pct(w, lang), y0=y0, v0=fmt_emp10k(v0, lang), y1=y1,
                     v1=fmt_emp10k(v1, lang), growth=fmt_pct(growth, lang, signed=True),
                     year=industry.get("weights_year") or scope.year))
    return out


def _capacity_moves(scope: Scope) -> str:
    """How the number of programmes (专业点: college × registered major) of the group's classes
    changed in the register, the unit the supply counts; college × class pairs only where the
    mart gives no programme count, and then said so."""
    m = scope.m
    cap = scope.marts["mart_capacity"]
    if cap.empty or "level" not in cap.columns:
        return ""
    cap = cap[(cap["level"] == "class") & cap["major_class"].isin(scope.classes)]
    if "city_code" in cap.columns and (cap["city_code"] == scope.region).any():
        cap = cap[cap["city_code"] == scope.region]
    years = sorted(int(y) for y in cap["year"].dropna().unique() if y <= scope.year)
    if len(years) < 2:
        return ""
    first, last = years[0], years[-1]
    programmes = "n_programmes" in cap.columns and cap["n_programmes"].notna().any()
    count = "n_programmes" if programmes else "n_colleges"
    a = cap[cap["year"] == first].groupby("major_class")[count].sum()
    b = cap[cap["year"] == last].groupby("major_class")[count].sum()
    d = b.sub(a, fill_value=0)
    text = m("profile.capacity" if programmes else "profile.capacity_pairs", first=first, last=last, a=int(a.sum()),
             b=int(b.sum()))
    up, down = d[d > 0].sort_values(ascending=False), d[d < 0].sort_values()
    if len(up):
        text += m("profile.capacity_up", names=scope.list_sep().join(
            f"{scope.cname(c)}{m('punct.lp')}+{int(v)}{m('punct.rp')}" for c, v in up.head(3).items()))
    if len(down):
        text += m("profile.capacity_down", names=scope.list_sep().join(
            f"{scope.cname(c)}{m('punct.lp')}{int(v)}{m('punct.rp')}" for c, v in down.head(3).items()))
    return text


def _outlook(scope: Scope, demand: dict[str, Any], gap: dict[str, Any]) -> str:
    m, lang = scope.m, scope.lang
    rows = demand["rows"]
    if not rows:
        return m("profile.no_demand")
    total = demand["dH"]["openings"].sum()
    top = scope.list_sep().join(r[1] for r in rows[:3])
    expansion = float(demand["dH"]["expansion"].sum())
    if expansion < 0:  # as in the summary: a shrinking base is not "100 % replacement"
        text = m("profile.outlook_shrinking", span=demand["horizon"], n=fmt_people(total, lang), top=top,
                 shrink=fmt_people(-expansion, lang, unit=lang == "zh"),
                 replacement=fmt_people(float(demand["dH"]["replacement"].sum()), lang))
        text += growing_sentence(scope, demand["dH"], "profile")
    else:
        text = m("profile.outlook", span=demand["horizon"], n=fmt_people(total, lang), rep=fmt_pct(demand["rep_share"], lang),
                 top=top)
    return text + (shortage_sentence(m, "profile", gap, scope.list_sep()) or m("profile.no_shortage"))

