"""Chapter: openings (岗位需求) by class — expansion and replacement, yearly totals, plan beside baseline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from talentcast.report import charts
from talentcast.report.context.scope import Scope, class_scope, group_rows
from talentcast.report.context.tabulate import chart_labels, make_table, missing, rep_share, to_float
from talentcast.report.formatting import fmt_people


def build(scope: Scope, model_status: set[str], plans: list[str], plan_label: Mapping[str, str]) -> dict[str, Any]:
    """Demand tables and charts; returns the target-year frame and cumulative openings for the cards."""
    m, Y, cname = scope.m, scope.year, scope.cname
    demand = scope.demand
    dY = demand[demand["year"] == Y].groupby("major_class", as_index=False).sum(numeric_only=True, min_count=1)
    dH = demand[demand["year"] >= Y]
    cum = dH.groupby("major_class")["openings"].sum()
    years_h = sorted(int(y) for y in dH["year"].dropna().unique())
    rows = []
    for _, r in dY.sort_values("openings", ascending=False).iterrows():
        c = r["major_class"]
        rows.append([c, cname(c), r["expansion"], r["replacement"], r["openings"],
                     (r["openings_lo_80"], r["openings_hi_80"]), (r["openings_lo_95"], r["openings_hi_95"]), cum.get(c)])
    h_label = f"{years_h[0]}–{years_h[-1]}" if years_h else str(Y)
    scope.add(make_table("demand", m("demand.table", year=Y), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.expansion"), "people"),
        (m("col.replacement"), "people"), (m("col.openings"), "people"), (m("col.interval80"), "people_range"),
        (m("col.interval95"), "people_range"), (m("col.cumulative", span=h_label), "people")],
        rows, statuses=model_status, m=m, unit=m("unit.people_year")))
    tot_year = simulated_totals(scope, dH.groupby("year", as_index=False).sum(numeric_only=True, min_count=1).sort_values("year"))
    scope.add(make_table("demand_by_year", m("demand.by_year_table"), [
        (m("col.year"), "year"), (m("col.expansion"), "people"), (m("col.replacement"), "people"),
        (m("col.openings"), "people"), (m("col.interval80"), "people_range")],
        [[r["year"], r["expansion"], r["replacement"], r["openings"], (r["openings_lo_80"], r["openings_hi_80"])]
         for _, r in tot_year.iterrows()], statuses=model_status, m=m, unit=m("unit.people_year"),
        note=("" if m.lang == "zh" else " ").join(filter(None, [m("demand.sum_note"), clipped_note(tot_year, m),
                                                                skew_note(tot_year, Y, m)]))))
    cols = ["expansion", "replacement", "openings", "openings_lo_80", "openings_hi_80"]
    totY = tot_year.loc[tot_year["year"] == Y, cols].iloc[0] if (tot_year["year"] == Y).any() else None
    scope.add(make_table("expansion_replacement", m("er.table", year=Y), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.expansion"), "people"),
        (m("col.replacement"), "people"), (m("col.replacement_share"), "pct")],
        [[r[0], r[1], r[2], r[3], rep_share(r[2], r[3])] for r in rows], statuses=model_status, m=m))
    chart = charts.stacked_bars(
        [(f"{cname(r[0])}", float(r[2] or 0), float(r[3] or 0)) for r in rows[:15]],
        title=m("er.chart", year=Y), labels=(m("col.expansion"), m("col.replacement")), empty=m("common.no_data"))
    plan_rows, plan_trend, plan_totals = _plan_rows(scope, plans, plan_label, cum, dH, tot_year)
    (scope.add if plans else (lambda t: t))(make_table("demand_scenario", m("scenario.demand_table", span=h_label), (
        [(m("col.scenario"), "text")] if len(plans) > 1 else []) + [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.baseline"), "people"),
        (m("col.plan"), "people"), (m("col.plan_diff"), "people"), (m("col.plan_diff_pct"), "signed_pct"),
        (m("col.plan_years"), "text")], plan_rows, statuses=model_status if plan_rows else set(), m=m,
        unit=m("unit.people_cum", span=h_label),
        note=m("scenario.demand_note") if plan_rows else (m("scenario.demand_same") if plans else "")))
    trend = charts.line_chart(
        [], [charts.ForecastPoint(int(r["year"]), float(r["openings"]), to_float(r["openings_lo_80"]),
                                  to_float(r["openings_hi_80"]), to_float(r["openings_lo_95"]),
                                  to_float(r["openings_hi_95"]))
             for _, r in tot_year.iterrows() if not missing(r["openings"])],
        title=m("demand.trend_chart"), unit=m("unit.people_year"), legend=chart_labels(m), empty=m("common.no_data"),
        scenarios=plan_trend)
    return {"rows": rows, "dY": dY, "dH": dH, "cum": cum, "years": years_h, "horizon": h_label, "total": totY,
            "rep_share": rep_share(totY["expansion"], totY["replacement"]) if totY is not None else None,
            "chart": chart, "trend_chart": trend, "by_year": tot_year,
            "cum_total": float(cum.sum()), "plan_totals": plan_totals}


def _plan_rows(scope: Scope, plans: list[str], plan_label: Mapping[str, str], cum: pd.Series, dH: pd.DataFrame,
               tot_year: pd.DataFrame) -> tuple[list[list[Any]], list[tuple[str, list[tuple[int, float]]]], dict[str, float]]:
    """Cumulative openings per class where a plan changes them, the plans' yearly totals, and each
    plan's cumulative openings over ALL the report's classes (a class the plan does not give
    carries its baseline), the figure to compare with the baseline's total."""
    Y, cname = scope.year, scope.cname
    last = int(dH["year"].max()) if len(dH) else Y
    demand_all = class_scope(group_rows(scope.regional(scope.marts["mart_demand"]), scope.gid),
                             scope.group.classes if scope.group else ())
    rows, trend, totals = [], [], {}
    for p in plans:
        dpH = demand_all[(demand_all["scenario"] == p) & (demand_all["year"] >= Y) & (demand_all["year"] <= last)]
        if dpH.empty:
            continue
        cum_p = dpH.groupby("major_class")["openings"].sum()
        totals[p] = float(sum(float(cum_p.get(c, b)) for c, b in cum.items() if not missing(b)))
        by_year_p = dpH.groupby("year")["openings"].sum(min_count=1)
        if (by_year_p.reindex(tot_year["year"]).round().to_numpy() != tot_year["openings"].round().to_numpy()).any():
            trend.append((plan_label[p], [(int(y), float(v)) for y, v in by_year_p.items() if not missing(v)]))
        for c in sorted(set(cum.index) | set(cum_p.index)):
            b, q = cum.get(c), cum_p.get(c)
            if missing(b) or missing(q) or round(float(b)) == round(float(q)):
                continue  # only where the plan changes the class's openings
            base_c = dH[dH["major_class"] == c].groupby("year")["openings"].sum()
            diff_years = [int(y) for y, v in dpH[dpH["major_class"] == c].groupby("year")["openings"].sum().items()
                          if round(float(v)) != round(float(base_c.get(y, 0.0)))]
            span = (f"{min(diff_years)}–{max(diff_years)}" if len(diff_years) > 1
                    else (str(diff_years[0]) if diff_years else "—"))
            rows.append(([plan_label[p]] if len(plans) > 1 else []) + [
                c, cname(c), b, q, q - b, (q - b) / b if b else None, span])
    rows.sort(key=lambda r: -abs(r[-3] or 0))
    return rows, trend, totals


_BOUNDS = ("openings_lo_80", "openings_hi_80", "openings_lo_95", "openings_hi_95")


def simulated_totals(scope: Scope, sums: pd.DataFrame) -> pd.DataFrame:
    """Yearly totals whose intervals are quantiles of the simulated totals (``mart_demand_total``).

    A sum of class quantiles is not a quantile of the total; the analysis simulates whole paths
    and keeps the total's own quantiles. They are used where the mart's total is the same set
    of classes as the table (equal point totals); otherwise the sums stay (a wider, safe band).
    """
    tot = scope.marts.get("mart_demand_total")
    if tot is None or tot.empty or sums.empty:
        return sums
    tot = scope.regional(tot[(tot["group_id"].astype(str) == scope.gid) & (tot["scenario"] == "baseline")])
    tot = tot.assign(year=pd.to_numeric(tot["year"], errors="coerce").astype("float64"))
    sim = sums[["year", "openings"]].astype({"year": "float64"}).merge(
        tot[["year", "openings", *_BOUNDS]], on="year", how="left", suffixes=("", "_sim"))
    same = np.isclose(sim["openings"].to_numpy(float), pd.to_numeric(sim["openings_sim"], errors="coerce").to_numpy(float), rtol=1e-6)
    out = sums.copy()
    for c in _BOUNDS:
        out[c] = np.where(same, pd.to_numeric(sim[c], errors="coerce"), out[c].to_numpy(float))
    if "point_quantile" in tot.columns:
        q = sums[["year"]].astype({"year": "float64"}).merge(tot[["year", "point_quantile"]], on="year", how="left")
        out["point_quantile"] = np.where(same, pd.to_numeric(q["point_quantile"], errors="coerce"), np.nan)
    return out


def skew_note(tot_year: pd.DataFrame, year: int, m) -> str:
    """Where the published total sits in its own band, when it sits well below the middle: each
    class's openings are floored at 0, so the simulated total leans above the sum of the classes'
    central figures ("" when the band is about centred or unknown)."""
    if "point_quantile" not in tot_year.columns:
        return ""
    row = tot_year[tot_year["year"] == year]
    q = float(row["point_quantile"].iloc[0]) if len(row) and not missing(row["point_quantile"].iloc[0]) else np.nan
    return m("demand.skew_note", year=year, pct=round(q * 100)) if np.isfinite(q) and q < 0.4 else ""


def clipped_note(tot_year: pd.DataFrame, m) -> str:
    """Why a year's total openings exceed its expansion plus replacement, with the first such
    year's figures ("" when the sums add up): classes whose decline outruns their replacement
    count 0 openings, not a negative number."""
    net = tot_year["expansion"] + tot_year["replacement"]
    over = tot_year[(tot_year["openings"] - net) > 0.5]
    if over.empty:
        return ""
    r = over.iloc[0]
    lang = m.lang
    return m("demand.clipped_note", year=int(r["year"]), exp=fmt_people(r["expansion"], lang, unit=False),
             rep=fmt_people(r["replacement"], lang, unit=False), net=fmt_people(round(r["expansion"]) + round(r["replacement"]), lang, unit=False),
             n=fmt_people(r["openings"], lang, unit=False))
