"""Appendix chapter: method — back-test accuracy of the forecast and the staffing structure used."""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentcast.report.context.mart_frames import column
from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import make_table, missing
from talentcast.report.formatting import fmt_pct


def build(scope: Scope) -> dict[str, Any]:
    """Back-test table and its one-sentence summary; the ex-post record (province report); the
    staffing table of the group's classes."""
    return {"backtest_summary": backtest(scope), "backtest_scope": backtest_scope(scope),
            "interval_backtest_summary": interval_backtest(scope), "expost_summary": expost(scope),
            "staffing": staffing(scope)}


def backtest_scope(scope: Scope) -> str:
    """What the back-test covers against what the report publishes: its horizons beside the
    forecast's distance from the base year and from the last official year, and which targets
    are bridge estimates rather than official figures ("" without a back-test)."""
    m = scope.m
    bt = scope.marts["mart_backtest"]
    hs = sorted(int(h) for h in pd.to_numeric(bt["horizon"], errors="coerce").dropna().unique())
    emp = scope.regional(scope.marts["mart_employment"])
    hist = emp[emp["kind"] == "history"]
    if not hs or hist.empty or scope.demand.empty:
        return ""
    years = pd.to_numeric(hist["year"], errors="coerce")
    base = int(years.max())
    official = years[hist["status"] == "official"]
    last_official = int(official.max()) if len(official) else None
    first, last = scope.year, int(scope.demand["year"].max())
    h_text = f"{hs[0]}–{hs[-1]}" if len(hs) > 1 else str(hs[0])
    text = m("method.backtest_scope", h=h_text, base=base, f0=first - base, f1=last - base)
    bridged = last_official is not None and last_official < base
    if bridged:
        text += m("method.backtest_scope_official", o0=first - last_official, o1=last - last_official)
    text += m("method.backtest_untested")
    if bridged:
        text += m("method.backtest_targets", e0=last_official + 1, e1=base)
    return text


def interval_backtest(scope: Scope) -> str:
    """The back-test of the published quantity, openings (``mart_interval_backtest``), province
    report only: the total's
    point error and whether it fell in its 80 % band, and the classes' 80 % coverage, by horizon.

    Returns:
        Its summary sentence ("" without the mart); registers table ``interval_backtest``.
    """
    ib = scope.marts.get("mart_interval_backtest")
    # The province's openings (the mart's total is the province's): the province report only.
    if ib is None or ib.empty or not scope.province:
        return ""
    m, lang = scope.m, scope.lang
    ib = ib.assign(horizon=pd.to_numeric(ib["horizon"], errors="coerce"), year=pd.to_numeric(ib["year"], errors="coerce"))
    total = ib[ib["level"] == "total"].set_index("horizon")
    classes = ib[ib["level"] == "class"]
    yes, no = m("previous.yes"), m("previous.no")
    rows = []
    for h, g in classes.groupby("horizon"):
        t = total.loc[h] if h in total.index else None
        err = (float(t["openings"]) - float(t["actual"])) / float(t["actual"]) if t is not None and float(t["actual"]) else None
        inside = lambda s: s.astype(str).str.lower().isin(["true", "1"])  # noqa: E731 - arrow/bool/str alike
        rows.append([int(h), int(g["year"].iloc[0]), t["openings"] if t is not None else None,
                     t["actual"] if t is not None else None, err,
                     (yes if str(t["inside_80"]).lower() in ("true", "1") else no) if t is not None else "—",
                     float(inside(g["inside_80"]).mean()), float(inside(g["inside_95"]).mean()), len(g)])
    if not rows:
        return ""
    origin = int(ib["origin_year"].iloc[0])
    scope.add(make_table("interval_backtest", m("method.interval_table", origin=origin), [
        (m("col.horizon"), "num"), (m("col.year"), "year"), (m("method.col_forecast_total"), "people"),
        (m("method.col_actual_total"), "people"), (m("method.col_error"), "signed_pct"),
        (m("method.col_inside80"), "text"), (m("method.col_class_cov80"), "pct"), (m("method.col_class_cov95"), "pct"),
        (m("method.col_n_classes"), "num")], rows, statuses={"estimated", "official"}, m=m,
        note=m("method.interval_note")))
    sep = "、" if lang == "zh" else ", "
    return m("method.interval_summary", origin=origin, first=rows[0][1], last=rows[-1][1],
             errors=sep.join(fmt_pct(r[4], lang, signed=True) for r in rows),
             coverage=sep.join(fmt_pct(r[6], lang) for r in rows),
             outside=sep.join(str(r[1]) for r in rows if r[5] == no) or "—")


def expost(scope: Scope) -> str:
    """The ex-post record (``mart_expost``), province report only: the region's sections and total
    forecast as if at an earlier origin, scored against the figures published since, beside naive.

    Returns:
        Its one-sentence summary ("" when there is no record or the report is a group's); registers
        table ``expost``.
    """
    ex = scope.marts.get("mart_expost")
    if not scope.province or ex is None or ex.empty:
        return ""
    m, lang, names = scope.m, scope.lang, scope.names
    region = f"{scope.region}:"
    ex = ex[ex["series_id"].astype(str).str.startswith(region)].copy()
    if ex.empty:
        return ""
    ex["industry_code"] = ex["series_id"].astype(str).str[len(region):]
    ex["is_total"] = ex["industry_code"] == "TOTAL"
    ex = ex.sort_values(["is_total", "industry_code", "period"], ascending=[False, True, True])
    total_name = m("industry.total")
    periods = sorted(int(p) for p in ex["period"].unique())
    origin, first, last = int(ex["origin_year"].iloc[0]), periods[0], periods[-1]
    # One row per series (the total first): the engine's error by year, then naive's.
    wide = ex.pivot(index="industry_code", columns="period", values=["error_pct", "naive_error_pct"])
    wide = wide.reindex(list(dict.fromkeys(ex["industry_code"])))
    rows = [["—" if code == "TOTAL" else code, total_name if code == "TOTAL" else names.industry(code),
             *[None if missing(v) else v / 100 for v in values]] for code, values in zip(wide.index, wide.to_numpy())]
    cols = [(m("col.industry_code"), "code"), (m("col.industry"), "text"),
            *[(m("expost.col_error", year=p), "signed_pct") for p in periods],
            *[(m("expost.col_naive_error", year=p), "signed_pct") for p in periods]]
    scope.add(make_table("expost", m("expost.table", origin=origin, first=first, last=last), cols, rows,
                         statuses={"official", "estimated"}, m=m, note=m("expost.note")))
    sections = ex[~ex["is_total"]]
    mean_abs, naive_abs = sections["error_pct"].abs().mean(), sections["naive_error_pct"].abs().mean()
    wins = int((sections["error_pct"].abs() < sections["naive_error_pct"].abs()).sum())
    text = m("expost.summary", origin=origin, first=first, last=last, n=len(sections), k=wins,
             err=fmt_pct(mean_abs / 100, lang), naive=fmt_pct(naive_abs / 100, lang))
    total = ex[ex["is_total"] & (ex["period"] == last)]
    if len(total) and not missing(total["error_pct"].iloc[0]):
        t = total.iloc[0]
        text += m("expost.total", year=last, err=fmt_pct(abs(t["error_pct"]) / 100, lang),
                  naive=fmt_pct(abs(t["naive_error_pct"]) / 100, lang))
    return text


def backtest(scope: Scope) -> str:
    """The back-test table; returns a plain sentence on the production model against naive."""
    m, lang = scope.m, scope.lang
    bt = scope.marts["mart_backtest"]
    bt = bt[bt["horizon"].notna()]
    naive = {int(r["horizon"]): r["mase"] for _, r in bt[bt["model"] == "naive"].iterrows()}

    def rel(r: pd.Series) -> float | None:
        base = naive.get(int(r["horizon"]))
        return float(r["mase"] / base) if base and not missing(r["mase"]) else None

    rows = [[m.get(f"model.{r['model']}", r["model"]), r["horizon"], r["mase"],
             r["smape"] / 100 if not missing(r["smape"]) else None, r["coverage_80"], r["coverage_95"], rel(r), r["n"],
             r["model"]] for _, r in bt.sort_values(["horizon", "model"]).iterrows()]
    # The page shows the production model and the naive benchmark first; the workbook has all models.
    rows.sort(key=lambda r: (r[8] not in ("ensemble", "naive"), r[1], r[8]))
    scope.add(make_table("backtest", m("method.backtest_table"), [
        (m("col.model"), "text"), (m("col.horizon"), "num"), (m("col.mase"), "ratio"), (m("col.smape"), "pct"),
        (m("col.coverage80"), "pct"), (m("col.coverage95"), "pct"), (m("col.rel_mase"), "ratio"),
        (m("col.n_series"), "num")], [r[:8] for r in rows], statuses={"estimated"} if len(bt) else set(), m=m,
        note=m("method.backtest_note"), page_limit=12, page_rows=2 * bt["horizon"].nunique()))
    # The summary speaks for the production model: "ensemble" when present, else the model with
    # the lowest mean relative MASE.
    models = sorted({r[8] for r in rows if r[8] != "naive" and r[6] is not None})
    chosen = "ensemble" if "ensemble" in models else min(
        models, key=lambda mo: sum(r[6] for r in rows if r[8] == mo) / sum(1 for r in rows if r[8] == mo),
        default=None)
    parts = [m("method.backtest_better" if r[6] < 1 else "method.backtest_worse", h=int(r[1]),
               pct=fmt_pct(abs(1 - r[6]), lang)) for r in rows if r[8] == chosen]
    if not parts:
        return m("method.backtest_none")
    return m("method.backtest_summary", model=m.get(f"model.{chosen}", str(chosen)),
             text=("；" if lang == "zh" else "; ").join(parts))


def staffing(scope: Scope) -> dict[str, Any]:
    """The largest industries each class's graduates work in (the staffing matrix), by share."""
    m, names = scope.m, scope.names
    st = scope.marts["mart_staffing"]
    st = st[st["major_class"].isin(scope.classes)] if scope.classes else st.iloc[0:0]
    st = st[st["share"].fillna(0) >= 0.0005]  # a 0.0% row among "the largest shares" only confuses
    st = st.sort_values(["major_class", "share"], ascending=[True, False]).groupby("major_class").head(
        3 if scope.province else 5)
    n_post, n_grad, prov = column(st, "n_postings"), column(st, "n_graduates"), column(st, "provenance")
    return scope.add(make_table("staffing", m("appendix.staffing"), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.industry_code"), "code"),
        (m("col.industry"), "text"), (m("col.share"), "pct"), (m("col.n_postings"), "num"),
        (m("col.n_graduates"), "num"), (m("col.provenance"), "text")],
        [[r["major_class"], scope.cname(r["major_class"]), r["industry_code"], names.industry(r["industry_code"]),
          r["share"], n_post[i], n_grad[i], m.get(f"provenance.{prov[i]}", prov[i] or "—")]
         for i, r in st.iterrows()],
        statuses={"estimated"} if len(st) else set(), m=m,
        note=(m("appendix.staffing_note" if pd.to_numeric(n_grad, errors="coerce").fillna(0).sum() > 0 else "appendix.staffing_note_no_graduates")
              if len(st) else "")))
