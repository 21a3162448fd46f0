"""Chapter: the industries whose jobs the group's majors fill — history, outlook and charts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from talentcast.report import charts
from talentcast.report.context.scope import Names, Scope, baseline
from talentcast.report.context.tabulate import (
    STATUSES,
    chart_labels,
    make_table,
    missing,
    statuses_of,
    to_float,
)
from talentcast.report.formatting import Messages, fmt_emp10k, fmt_num

# Official employment series were revised from 2013 after the economic census (a level shift).
CENSUS_BREAK_YEAR = 2013


def build(scope: Scope, plan_emp: pd.DataFrame | None = None,
          plan_label: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The industry chapter: sections by staffing weight, their table, history and charts."""
    emp = baseline(scope.regional(scope.marts["mart_employment"]))
    weights = weights_of(scope)
    out = industry_tables(emp, list(weights), scope.year, scope.names, scope.m, scope.add, scope.province,
                          plan_emp, plan_label)
    out["weights"] = weights
    # The employment year the group's shares are weighted by (the report's first forecast year).
    years = pd.to_numeric(emp.loc[emp["industry_level"] == "section", "year"], errors="coerce")
    out["weights_year"] = int(years[years <= scope.year].max()) if (years <= scope.year).any() else None
    return out


def weights_of(scope: Scope) -> dict[str, float]:
    """The report's industries (GB/T 4754 sections) → their share of its vocational-level jobs."""
    emp = baseline(scope.regional(scope.marts["mart_employment"]))
    return section_weights(scope.marts, scope.classes, emp, scope.province, scope.names, scope.year)


def section_weights(mk: Mapping[str, pd.DataFrame], classes: list[str], emp: pd.DataFrame,
                    province: bool, names: Names, year: int | None = None) -> dict[str, float]:
    """Sections whose jobs the group's majors fill, most important first (at most 4; province: total + 4).

    Returns:
        Section i → the employment-weighted share of the group's vocational-level jobs it holds,
        Σ_m E[i]·A[i,m] / Σ_j Σ_m E[j]·A[j,m] over the group's classes m, from the coefficients
        the demand uses (A = v·S rolled up to sections) and the section's employment E in
        ``year`` (the latest year up to it); the province's sections are its largest employers
        in the last year of history, weighted by employment.
    """
    sec_emp = emp[emp["industry_level"] == "section"]
    if province:
        latest = sec_emp[sec_emp["kind"] == "history"].sort_values("year").groupby("industry_code").tail(1)
        top = latest.sort_values("mean", ascending=False)["industry_code"].tolist()[:4]
        total = emp[emp["industry_level"] == "total"]["industry_code"].dropna().unique().tolist()
        size = latest.set_index("industry_code")["mean"]
        whole = float(size.sum()) or 1.0
        return {**{t: 1.0 for t in total[:1]}, **{s: float(size[s]) / whole for s in top}}
    jobs = vocational_jobs(mk, classes, sec_emp, names, year)
    if jobs.empty:
        return {}
    w = jobs.groupby("section")["jobs"].sum().sort_values(ascending=False)
    w = w[w > 0]
    total = float(w.sum()) or 1.0
    return {s: float(w[s]) / total for s in list(w.index)[:4]}


def vocational_jobs(mk: Mapping[str, pd.DataFrame], classes: list[str], sec_emp: pd.DataFrame, names: Names,
                    year: int | None) -> pd.DataFrame:
    """E[i]·A[i,m] (persons' unit of E) per section i and class m of ``classes``: the vocational-level
    jobs of the class in the section, as the demand computes them.

    Returns:
        Columns section, major_class, jobs, year (the employment year used); empty without
        staffing, vocational shares or section employment.
    """
    from talentcast.analysis.demand import industry_coefficients  # noqa: PLC0415 - the demand's own A

    cols = ["section", "major_class", "jobs", "year"]
    st, vs = mk["mart_staffing"], mk["mart_vocational_share"]
    if st.empty or vs.empty or sec_emp.empty or not set(st["major_class"]) & set(classes):
        return pd.DataFrame(columns=cols)
    st = st.assign(share=pd.to_numeric(st["share"], errors="coerce").fillna(0.0))
    vs = vs.assign(v=pd.to_numeric(vs["v"], errors="coerce"))
    coef = industry_coefficients(st[["industry_code", "major_class", "share"]], vs[["industry_code", "v"]].dropna())
    coef = coef.assign(section=coef["industry_code"].map(names.section))
    # Section rows only (A rolled up with the same within-section weights the demand uses).
    coef = coef[(coef["industry_code"] == coef["section"]) & coef["major_class"].isin(classes)]
    e = sec_emp.assign(year=pd.to_numeric(sec_emp["year"], errors="coerce"))
    if year is not None and (e["year"] <= year).any():
        e = e[e["year"] <= year]
    y = int(e["year"].max())
    size = e[e["year"] == y].drop_duplicates("industry_code").set_index("industry_code")["mean"].astype(float)
    coef = coef[coef["section"].isin(size.index)]
    return pd.DataFrame({"section": coef["section"], "major_class": coef["major_class"],
                         "jobs": coef["coef"].astype(float) * coef["section"].map(size), "year": y})[cols]


def industry_tables(emp: pd.DataFrame, sections: list[str], Y: int, names: Names, m: Messages,
                      add: Callable[[dict[str, Any]], dict[str, Any]], province: bool,
                      plan_emp: pd.DataFrame | None = None,
                      plan_label: Mapping[str, str] | None = None) -> dict[str, Any]:
    lang = m.lang
    rows, chart_list = [], []
    labels = chart_labels(m)
    headline = ""
    for sec in sections:
        e = emp[emp["industry_code"] == sec].sort_values("year")
        name = m("industry.total") if sec in ("T0", "total", "0", "410000") or (
            len(e) and e["industry_level"].iloc[0] == "total") else names.industry(sec)
        hist = e[e["kind"] == "history"]
        fc = e[e["kind"] == "forecast"]
        off = hist[hist["status"] == "official"]
        last_off = off.iloc[-1] if len(off) else None
        last = hist.iloc[-1] if len(hist) else None
        fY = fc[fc["year"] == Y]
        fY = fY.iloc[0] if len(fY) else None
        cagr = None
        if len(hist) >= 2:
            # Growth over (up to) the last 5 years, never across the 2013 census-based level shift,
            # which would read a statistical revision as growth.
            y_last = int(hist["year"].iloc[-1])
            base = hist[hist["year"] >= max(y_last - 5, CENSUS_BREAK_YEAR)].iloc[0]
            if base["mean"] and base["mean"] > 0 and y_last > base["year"]:
                cagr = (hist["mean"].iloc[-1] / base["mean"]) ** (1 / (y_last - base["year"])) - 1
        rows.append(["—" if name == m("industry.total") else sec, name, last_off["year"] if last_off is not None else None,
                     last_off["mean"] if last_off is not None else None,
                     last["year"] if last is not None else None, last["mean"] if last is not None else None,
                     m(f"status.{last['status']}") if last is not None and last["status"] in STATUSES else "—",
                     cagr, fY["mean"] if fY is not None else None,
                     (fY["lo_80"], fY["hi_80"]) if fY is not None else None])
        chart_list.append(charts.line_chart(
            [charts.HistoryPoint(int(r["year"]), float(r["mean"]), str(r["status"] or "estimated"))
             for _, r in hist.iterrows() if not missing(r["mean"])],
            [charts.ForecastPoint(int(r["year"]), float(r["mean"]), to_float(r["lo_80"]), to_float(r["hi_80"]), to_float(r["lo_95"]),
                                  to_float(r["hi_95"])) for _, r in fc.iterrows() if not missing(r["mean"])],
            title=f"{name}（{sec}）" if lang == "zh" else f"{name} ({sec})", unit=m("unit.emp10k"), legend=labels,
            empty=m("common.no_data"),
            scenarios=[(plan_label[p], [(int(r["year"]), float(r["plan"])) for _, r in g.iterrows()])
                       for p, g in (plan_emp[plan_emp["industry_code"] == sec].groupby("scenario")
                                    if plan_emp is not None and plan_label else [])]))
        if not headline and last_off is not None and fY is not None:
            headline = m("summary.industry", name=name, y0=int(last_off["year"]), v0=fmt_emp10k(last_off["mean"], lang),
                         y1=Y, v1=fmt_emp10k(fY["mean"], lang))
    statuses = statuses_of(emp[emp["industry_code"].isin(sections)]["status"], "official")
    t_ind = add(make_table("industries", m("industry.table", year=Y), [
        (m("col.industry_code"), "code"), (m("col.industry"), "text"), (m("col.last_official_year"), "year"),
        (m("col.last_official"), "emp10k"), (m("col.last_year"), "year"), (m("col.last_value"), "emp10k"),
        (m("col.last_status"), "text"), (m("col.cagr5"), "signed_pct"), (m("col.forecast_y", year=Y), "emp10k"),
        (m("col.interval80"), "text")],
        [r[:9] + [f"{fmt_num(r[9][0], lang, 1)}–{fmt_num(r[9][1], lang, 1)}" if r[9] and not missing(r[9][0]) else "—"]
         for r in rows], statuses=statuses | ({"estimated"} if rows else set()), m=m, unit=m("unit.emp10k"),
        note=m("industry.cagr_note")))
    # Real (official) Henan history, years as rows, one column per section.
    off = emp[(emp["industry_code"].isin(sections)) & (emp["kind"] == "history") & (emp["status"] == "official")]
    years = sorted(int(y) for y in off["year"].dropna().unique())
    piv = off.pivot_table(index="year", columns="industry_code", values="mean", aggfunc="first")
    cols = [s for s in sections if s in piv.columns]
    t_hist = add(make_table("henan_history", m("industry.history_table"), [(m("col.year"), "year")] + [
        (f"{names.industry(s)}{m('punct.lp')}{s}{m('punct.rp')}" if s in names.industries
                   else m("industry.total"), "emp10k") for s in cols],
        [[y] + [piv.at[y, s] if y in piv.index else None for s in cols] for y in years],
        statuses={"official"} if years else set(), m=m, note=m("industry.history_note"), unit=m("unit.emp10k")))
    return {"charts": chart_list, "table": t_ind, "history": t_hist, "headline": headline,
            "sections": [f"{s} {names.industry(s)}" for s in sections]}

