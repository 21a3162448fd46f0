"""Appendix chapter: method — back-test accuracy of the forecast and the staffing structure used."""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentcast.report.context.mart_frames import column
from talentcast.report.context.scope import Scope
from talentcast.report.context.tabulate import make_table, missing
from talentcast.report.formatting import fmt_pct


def build(scope: Scope) -> dict[str, Any]:
    """Back-test table and its one-sentence summary; the staffing table of the group's classes."""
    return {"backtest_summary": backtest(scope), "staffing": staffing(scope)}


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
        statuses={"estimated"} if len(st) else set(), m=m, note=m("appendix.staffing_note") if len(st) else ""))
