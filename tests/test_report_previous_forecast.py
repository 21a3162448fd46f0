"""The report's check of the previous edition's forecast against the figures published since."""

from __future__ import annotations

import importlib.util
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from talentcast.forecast import vintages as V
from talentcast.report.context import build_context
from talentcast.report.formatting import Messages
from talentcast.report.render import render_html, render_md, write_xlsx

#: Rendering tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location("report_loader", Path(__file__).parent / "data/report/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)
ED = loader.EDITION
MADE = datetime(2025, 6, 30, 8, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def fx():
    return loader.load_marts(), loader.load_registry(), loader.load_names()


def _history_now(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The fixture's official section history 2013–2017, plus a total (their sum) and a section
    (A) that the electronics group does not draw on, as mart_employment history rows."""
    e = marts["mart_employment"]
    h = e[(e["kind"] == "history") & (e["scenario"] == "baseline") & e["year"].between(2013, 2017)]
    h = h[["region_code", "industry_code", "industry_level", "year", "kind", "scenario", "mean", "status"]]
    tot = h.groupby("year", as_index=False)["mean"].sum().assign(
        region_code="410000", industry_code="TOTAL", industry_level="total", kind="history", scenario="baseline",
        status="official")
    a = tot.assign(industry_code="A", industry_level="section", mean=100.0 + tot["year"] - 2013)
    return pd.concat([h, tot[h.columns], a[h.columns]], ignore_index=True)


def _previous_mart(hist: pd.DataFrame, edition: int | None = 2025) -> pd.DataFrame:
    """A vintage made from the figures to 2015 that forecast 10 % above 2015 for 2016 and 2017, checked now."""
    sid = hist["region_code"] + ":" + hist["industry_code"]
    seen = pd.DataFrame({"series_id": sid, "period": hist["year"], "value": hist["mean"]})[hist["year"] <= 2015]
    v2015 = seen[seen["period"] == 2015].set_index("series_id")["value"]
    fc = pd.DataFrame([(s, y, 1.1 * v) for s, v in v2015.items() for y in (2016, 2017)],
                      columns=["series_id", "period", "mean"])
    settings = {"horizon": 2} if edition is None else {"horizon": 2, "edition": edition}
    vintage = V.make_vintage(fc, seen, settings, "fp", created_at=MADE)
    return V.previous_check(vintage, hist)


def _expected(hist: pd.DataFrame, code: str, year: int) -> tuple[float, float, float, float]:
    h = hist.set_index(["industry_code", "year"])["mean"]
    base, actual = h[(code, 2015)], h[(code, year)]
    return 1.1 * base, actual, (1.1 * base - actual) / actual, (base - actual) / actual


def test_province_shows_the_total_and_every_section_with_the_marts_numbers(fx) -> None:
    marts, reg, names = fx
    hist = _history_now(marts)
    ctx = build_context({**marts, "mart_previous_forecast": _previous_mart(hist)}, reg, None, names=names, edition=ED)
    t = ctx["tables"]["previous_forecast"]
    assert ctx["previous_forecast"]["present"]
    # By year, the total first, then every section by code.
    assert [(r[2], r[0]) for r in t["rows"]] == [(y, c) for y in (2016, 2017) for c in ("—", "A", "C", "I", "M")]
    for r in t["rows"]:
        code = "TOTAL" if r[0] == "—" else r[0]
        fc, actual, err, naive_err = _expected(hist, code, r[2])
        assert r[3] == r[2] - 2015  # years ahead
        assert r[4] == pytest.approx(fc) and r[5] == pytest.approx(actual)
        assert r[7] == pytest.approx(err) and r[8] == pytest.approx(naive_err)
        assert r[9] == ("是" if abs(err) < abs(naive_err) else "否")
    text = ctx["previous_forecast"]["text"]
    fc, actual, err, _ = _expected(hist, "TOTAL", 2017)
    assert text.startswith("2025年版于2025-06-30留存的预测（依据截至2015年的数据）与现有2016–2017年数据对照。")
    assert f"2017年就业总量预测为{fc:,.1f}万人，现有数据为{actual:,.1f}万人（官方）" in text
    wins = sum(1 for r in t["rows"] if r[9] == "是")
    assert f"对照官方数据的10个行业年份中，预测误差小于朴素预测的有{wins}个。" in text
    assert "衔接估计" not in text  # every figure compared is official
    md, html = render_md(ctx), render_html(ctx)
    assert t["title"] in md and text in md and t["title"] in html and text in html


def test_workbook_holds_every_row_as_numbers(fx, tmp_path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    marts, reg, names = fx
    hist = _history_now(marts)
    hist.loc[hist["year"] == 2017, "status"] = "estimated"  # the page shows 2016 only
    ctx = build_context({**marts, "mart_previous_forecast": _previous_mart(hist)}, reg, None, names=names, edition=ED)
    t = ctx["tables"]["previous_forecast"]
    ws = openpyxl.load_workbook(write_xlsx(ctx, tmp_path / "r.xlsx"))[t["title"][:31]]
    body = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] is not None]
    assert len(body) == 10
    fc, actual, err, naive_err = _expected(hist, "M", 2017)
    m17 = next(r for r in body if r[0] == "M" and r[2] == 2017)
    assert m17[4:6] == pytest.approx((fc, actual)) and m17[7:9] == pytest.approx((err, naive_err))


def test_group_shows_the_total_and_its_own_sections_from_the_same_rows(fx) -> None:
    marts, reg, names = fx
    hist = _history_now(marts)
    mk = {**marts, "mart_previous_forecast": _previous_mart(hist)}
    prov = build_context(mk, reg, None, names=names, edition=ED)["tables"]["previous_forecast"]["rows"]
    ctx = build_context(mk, reg, "g-electronics", lang="en", names=names, edition=ED)
    rows = ctx["tables"]["previous_forecast"]["rows"]
    assert {r[0] for r in rows} == {"—", "C", "I", "M"}  # A is not a section its classes draw on
    numbers = [0, 2, 3, 4, 5, 7, 8]
    assert [[r[i] for i in numbers] for r in rows] == [[r[i] for i in numbers] for r in prov if r[0] != "A"]
    assert ctx["previous_forecast"]["text"].startswith("The forecast of the 2025 edition, kept on 2025-06-30 and made from "
                                                       "figures up to 2015, is set against the figures now available for 2016–2017.")
    assert "For 2017 it put total employment at" in ctx["previous_forecast"]["text"]


def test_estimated_figures_make_the_comparison_provisional(fx) -> None:
    marts, reg, names = fx
    hist = _history_now(marts)
    hist.loc[hist["year"] == 2017, "status"] = "estimated"
    # A vintage from before runs recorded their edition: named by its date alone.
    ctx = build_context({**marts, "mart_previous_forecast": _previous_mart(hist, edition=None)}, reg, None, names=names,
                        edition=ED)
    text, rows = ctx["previous_forecast"]["text"], ctx["tables"]["previous_forecast"]["rows"]
    assert "衔接估计" in text
    assert {r[6] for r in rows if r[2] == 2017} == {"估计"}
    # The headline and the count against naive use the official year (2016) only.
    assert text.startswith("2025-06-30留存的预测（依据截至2015年的数据）与现有2016–2017年数据对照。")
    fc, actual, _, _ = _expected(hist, "TOTAL", 2016)
    assert f"2016年就业总量预测为{fc:,.1f}万人，现有数据为{actual:,.1f}万人（官方）" in text
    wins = sum(1 for r in rows if r[2] == 2016 and r[9] == "是")
    assert f"对照官方数据的5个行业年份中，预测误差小于朴素预测的有{wins}个。" in text
    # The page shows the official year; the workbook keeps both.
    t = ctx["tables"]["previous_forecast"]
    assert t["n_rows"] == 10 and len(t["page_rows"]) == 5 and t["in_workbook"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_first_edition_says_so_without_an_empty_table(fx, lang) -> None:
    marts, reg, names = fx
    for mk in (marts, {**marts, "mart_previous_forecast": V.previous_check(pd.DataFrame(), marts["mart_employment"])}):
        for gid in (None, "g-electronics"):
            ctx = build_context(mk, reg, gid, lang=lang, names=names, edition=ED)
            assert ctx["previous_forecast"] == {"text": Messages(lang)("previous.first"), "present": False}
            assert "previous_forecast" not in ctx["tables"]
            assert Messages(lang)("previous.first") in render_md(ctx)
