"""Chapter: one outlook card per major class — openings, supply, gap, postings, pay, actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from talentcast.report.context.scope import Names, Scope
from talentcast.report.context.tabulate import drivers_of, flag_label, fmt_cell, missing, norm_rating, rep_share
from talentcast.report.formatting import Messages, fmt_cny_month, fmt_num, fmt_pct, fmt_people, fmt_people_range


def build(scope: Scope, demand: dict[str, Any], gap: dict[str, Any], supply: dict[str, Any],
          indicators: dict[str, Any]) -> list[dict[str, Any]]:
    """Cards for the group's classes (the province: its 3 largest by openings; the groups' reports have all)."""
    classes = scope.classes if not scope.province else [r[0] for r in demand["rows"][:3]]
    # The window's supply beside its openings: the suggestions quote both cumulated.
    window = scope.gap[scope.gap["year"] >= scope.year]
    cum_supply = window.groupby("major_class")["supply"].sum(min_count=1)
    # Related majors: the catalogue's majors of the class, plus any the register or supply name.
    majors = {c: sorted(set(supply["majors_by_class"].get(c, [])) | {k for k in scope.names.majors
                                                                     if len(k) == 6 and k.startswith(c)})
              for c in classes}
    return [card(c, scope.cname, demand["dY"], demand["cum"], gap["gY"], indicators["last"], indicators["first"],
                 scope.suggestions, scope.flags, supply["capacity_by_class"], majors, scope.names,
                 scope.m, scope.year, demand["horizon"], cum_supply, few_postings_years(scope)) for c in classes]


def few_postings_years(scope: Scope) -> dict[str, int]:
    """Class → the year whose postings its "few postings" flag counts: the latest indicator year of
    the region with that many deduplicated postings (the flag's value)."""
    fl = scope.flags[scope.flags["flag"] == "few_postings"]
    if fl.empty or "value" not in fl.columns:
        return {}
    ind = scope.regional(scope.marts["mart_indicators"])
    out = {}
    for c, v in zip(fl["major_class"], pd.to_numeric(fl["value"], errors="coerce")):
        rows = ind[(ind["major_class"] == c) & (pd.to_numeric(ind["postings_unique"], errors="coerce") == v)]
        if len(rows) and not pd.isna(v):
            out[c] = int(rows["year"].max())
    return out


def card(c: str, cname: Callable[[str], str], dY: pd.DataFrame, cum: pd.Series, gY: pd.DataFrame,
          ind_last: pd.DataFrame, ind_first: pd.DataFrame, sugg: pd.DataFrame, flags: pd.DataFrame,
          capacity_by_class: dict[str, int], majors_by_class: dict[str, list[str]], names: Names, m: Messages,
          Y: int, span: str, cum_supply: pd.Series | None = None,
          few_year: dict[str, int] | None = None) -> dict[str, Any]:
    lang = m.lang
    d = dY[dY["major_class"] == c]
    d = d.iloc[0] if len(d) else None
    g = gY[gY["major_class"] == c]
    g = g.iloc[0] if len(g) else None
    i = ind_last.loc[c] if c in ind_last.index else None
    i0 = ind_first.loc[c] if c in ind_first.index else None
    rating_n = g["rating_n"] if g is not None else "unknown"
    growth = None
    few = i is not None and str(i.get("too_few_postings", False)).lower() in ("true", "1")
    if few:
        pass  # neither pay nor growth from a handful of postings (the count is still shown)
    elif i is not None and not missing(i["postings_growth"]):
        growth = float(i["postings_growth"])  # the indicators mart's own growth figure
    elif i is not None and i0 is not None and i0["postings"] and i["year"] > i0["year"]:
        # i0 has enough postings whenever i does: both are the class's years with enough (card_years).
        growth = (i["postings"] / i0["postings"]) ** (1 / (i["year"] - i0["year"])) - 1
    # Every figure says its year or its window: the year's supply and the window's supply differ.
    facts = [
        (m("card.openings", year=Y), fmt_people(d["openings"], lang) if d is not None else "—"),
        (m("card.interval80", year=Y), fmt_people_range(d["openings_lo_80"], d["openings_hi_80"], lang) if d is not None else "—"),
        (m("card.cum_openings", span=span), fmt_people(cum.get(c), lang)),
        (m("card.supply", year=Y), fmt_people(g["supply"], lang) if g is not None else "—"),
        (m("card.cum_supply", span=span), fmt_people(cum_supply.get(c), lang) if cum_supply is not None else "—"),
        (m("card.gap_ratio", year=Y), fmt_cell("gap_ratio", g["gap_ratio"], lang, m) if g is not None else "—"),
        (m("card.n_colleges"), fmt_num(capacity_by_class.get(c), lang) if c in capacity_by_class else "—"),
        # Deduplicated, the count the "few postings" flag and the indicators' thresholds use.
        (m("card.postings", year=int(i["year"]) if i is not None else Y),
         fmt_num(i["postings_unique"] if not missing(i.get("postings_unique")) else i["postings"], lang) if i is not None else "—"),
        (m("card.posting_growth"), fmt_pct(growth, lang, signed=True)),
    ]
    facts = [(label, value) for label, value in facts if value != "—"]  # no placeholder where data are missing
    # The class is named in its pay line, and a missing growth is left out (no "—" placeholder).
    pay = ((m("card.pay" if not missing(i["salary_growth"]) else "card.pay_level", cls=cname(c),
              salary=fmt_cny_month(i["salary_cny_month_median"], lang),
              growth=fmt_pct(i["salary_growth"], lang, signed=True), year=int(i["year"]),
              # The sample behind the median: its size, and that postings are not official pay data.
              sample=m("card.pay_sample", n=fmt_num(i.get("n_salary"), lang)) if not missing(i.get("n_salary")) else ""))
           if i is not None and not few and not missing(i["salary_cny_month_median"]) else "")
    # The class's name leads its outlook: the same rating reads as this class's, not boilerplate.
    # A withheld surplus says why the demand cannot show one (the analysis's rating_withheld).
    why = str(g.get("rating_withheld") or "") if g is not None and rating_n == "unrated" else ""
    outlook = cname(c) + m("punct.colon") + m.get(f"outlook.unrated_{why}" if why else f"outlook.{rating_n}",
                                                  m("outlook.unknown"))
    if d is not None and rep_share(d["expansion"], d["replacement"]) is not None:
        outlook += " " + m("card.mix", rep=fmt_pct(rep_share(d["expansion"], d["replacement"]), lang))
    elif d is not None and not missing(d["expansion"]) and not missing(d["replacement"]):
        # Shrinking: the figures, not a share capped at 100 %.
        outlook += " " + m("card.mix_shrinking", year=Y, exp=fmt_people(d["expansion"], lang),
                           rep=fmt_people(d["replacement"], lang))
    s = sugg[sugg["major_class"] == c]
    drivers = drivers_of(g["drivers"], m) if g is not None else []
    flag_labels = [flag_label(m, r) for _, r in flags[flags["major_class"] == c].iterrows()]
    if i is not None and few_year is not None and c in few_year and few_year[c] != int(i["year"]):
        # The flag counts the latest year's postings, the card shows an earlier, fuller year: say which.
        few_label = m.get("flag.few_postings", "few_postings")
        flag_labels = [m("card.flag_year", flag=x, year=few_year[c]) if x == few_label else x for x in flag_labels]
    sep = "；" if lang == "zh" else "; "
    return {
        "drivers_text": m("card.drivers_text", name=cname(c), drivers=sep.join(drivers)) if drivers else "",
        "flags_text": m("card.flags_text", name=cname(c), flags=sep.join(flag_labels)) if flag_labels else "",
        "code": c, "name": cname(c), "rating": m.get(f"rating.{rating_n}", "—"), "rating_key": rating_n,
        "facts": facts, "outlook": outlook, "pay": pay,
        "drivers": drivers_of(g["drivers"], m) if g is not None else [],
        "related": [f"{names.major(x)}（{x}）" if lang == "zh" else f"{names.major(x)} ({x})"
                    for x in sorted(majors_by_class.get(c, []))],
        "actions": [f"{m.get('action.' + norm_rating(r['action']), str(r['action']))}{m('punct.colon') if lang == 'zh' else ': '}"
                    f"{r['evidence'] or ''}"
                    for _, r in s.iterrows()],
        "flags": flag_labels,
    }
