"""Appendix (method): how the previous edition's forecast compares with the figures published since.

Reads ``mart_previous_forecast`` (talentcast.forecast.vintages.previous_check), one row set for
every report: the province shows the region's total and every section, a group report the
total and the sections its classes draw on. Numbers come from the mart as they are.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import STATUSES, make_table, missing
from talentcast.report.formatting import fmt_emp10k, fmt_pct


def build(scope: Scope, sections: list[str]) -> dict[str, Any]:
    """The comparison table (when a previous edition can be checked) and its sentence.

    Args:
        scope: The report's scope.
        sections: The group's sections (chapter_industry's weights); ignored for the province,
            which shows every section.

    Returns:
        ``{"text": str, "present": bool}``; registers table ``previous_forecast`` when present,
        never an empty table.
    """
    m = scope.m
    pf = rows_of(scope.regional(scope.marts["mart_previous_forecast"]), None if scope.province else sections)
    if pf.empty:
        return {"text": m("previous.first"), "present": False}
    total_name = m("industry.total")
    rows = []
    for _, r in pf.iterrows():
        is_total = r["industry_level"] == "total"
        e, n = r["error_pct"], r["naive_error_pct"]
        closer = None if missing(e) or missing(n) else m("previous.yes" if abs(e) < abs(n) else "previous.no")
        rows.append(["—" if is_total else r["industry_code"], total_name if is_total else scope.names.industry(r["industry_code"]),
                     r["year"], r["horizon_years"], r["forecast"], r["actual"],
                     m(f"status.{r['actual_status']}") if r["actual_status"] in STATUSES else "—",
                     None if missing(e) else e / 100, None if missing(n) else n / 100, closer])
    statuses = {"estimated"} | {s for s in pf["actual_status"].dropna() if s in STATUSES}
    n_series = pf["industry_code"].nunique()
    # The page shows the years with official figures (at least the first year); the workbook has all.
    n_official = pf.loc[pf["actual_status"] == "official", "year"].nunique()
    page_rows = min(max(1, n_official) * n_series, max(60, n_series))
    scope.add(make_table("previous_forecast", m("previous.table"), [
        (m("col.industry_code"), "code"), (m("col.industry"), "text"), (m("col.year"), "year"),
        (m("col.horizon"), "num"), (m("previous.col_forecast"), "emp10k"), (m("previous.col_actual"), "emp10k"),
        (m("previous.col_status"), "text"), (m("previous.col_error"), "signed_pct"),
        (m("previous.col_naive_error"), "signed_pct"), (m("previous.col_closer"), "text")],
        rows, statuses=statuses, m=m, unit=m("unit.emp10k"), note=m("previous.note"),
        page_limit=page_rows, page_rows=page_rows))
    return {"text": summary(pf, scope), "present": True}


def rows_of(pf: pd.DataFrame, sections: list[str] | None) -> pd.DataFrame:
    """The region's total and ``sections`` (every section when None), by year, total first."""
    keep = pf["industry_level"] == "total"
    keep |= (pf["industry_level"] == "section") & (pf["industry_code"].isin(sections) if sections is not None else True)
    out = pf[keep]
    order = (out["industry_level"] != "total").astype(int)
    return out.assign(_o=order).sort_values(["year", "_o", "industry_code"]).drop(columns="_o")


def summary(pf: pd.DataFrame, scope: Scope) -> str:
    """Which forecast is checked, the total's latest official year, how often it beat naive (on
    official figures when there are any), and a caution when some figures are still estimates."""
    m, lang = scope.m, scope.lang
    last = int(pf["history_last_year"].max())
    made = pd.Timestamp(pf["created_at"].iloc[0]).strftime("%Y-%m-%d") if not missing(pf["created_at"].iloc[0]) else "—"
    years = sorted(int(y) for y in pf["year"].unique())
    span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    edition = pf["edition"].dropna()
    text = (m("previous.summary_edition", edition=int(edition.iloc[0]), date=made, last=last, years=span) if len(edition)
            else m("previous.summary", date=made, last=last, years=span))
    official = pf[pf["actual_status"] == "official"]
    # The headline quotes the total's latest official figure (a bridge estimate only when none is out).
    tot = pf[pf["industry_level"] == "total"]
    tot = tot[tot["actual_status"] == "official"] if (tot["actual_status"] == "official").any() else tot
    if len(tot):
        t = tot.iloc[-1]
        text += m("previous.total", year=int(t["year"]), forecast=fmt_emp10k(t["forecast"], lang),
                  actual=fmt_emp10k(t["actual"], lang), status=m(f"status.{t['actual_status']}"),
                  error=fmt_pct(t["error_pct"] / 100, lang, signed=True),
                  naive=fmt_pct(t["naive_error_pct"] / 100, lang, signed=True), last=int(t["history_last_year"]))
    # Against official figures when there are any: beating naive on a bridge estimate proves little.
    both = (official if len(official) else pf).dropna(subset=["error_pct", "naive_error_pct"])
    wins = int((both["error_pct"].abs() < both["naive_error_pct"].abs()).sum())
    text += m("previous.wins_official" if len(official) else "previous.wins", n=len(both), k=wins)
    if (pf["actual_status"] == "estimated").any():
        text += m("previous.provisional")
    return text
