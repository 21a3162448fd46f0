"""build_context: pure, complete, tolerant of missing data, and faithful to the marts."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from talentcast.errors import ReportError
from talentcast.report.context import PROVINCE_ID, build_context, section_of

_spec = importlib.util.spec_from_file_location("report_loader", Path(__file__).parent / "data/report/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)


@pytest.fixture(scope="module")
def fx():
    return loader.load_marts(), loader.load_registry(), loader.load_names()


def test_context_is_pure_and_deterministic(fx) -> None:
    marts, reg, names = fx
    before = {k: v.copy() for k, v in marts.items()}
    reg_before = copy.deepcopy(reg)
    a = build_context(marts, reg, "g-electronics", lang="zh", names=names)
    b = build_context(marts, reg, "g-electronics", lang="zh", names=names)
    assert a == b
    for k, v in before.items():
        pd.testing.assert_frame_equal(v, marts[k])
    assert reg == reg_before


def test_demand_table_matches_the_mart(fx) -> None:
    marts, reg, names = fx
    ctx = build_context(marts, reg, "g-electronics", names=names)
    d = marts["mart_demand"].astype({"openings": float, "year": int})
    d = d[d.scenario == "baseline"]  # the main tables are the baseline; plans sit beside them
    want = d[(d.group_id == "g-electronics") & (d.year == 2025)].set_index("major_class")["openings"]
    got = {r[0]: r[4] for r in ctx["tables"]["demand"]["rows"]}
    assert set(got) == set(want.index)
    for c, v in want.items():
        assert got[c] == pytest.approx(v)
    # rows are sorted by openings, largest first
    ops = [r[4] for r in ctx["tables"]["demand"]["rows"]]
    assert ops == sorted(ops, reverse=True)
    assert ctx["year"] == 2025 and ctx["horizon"] == "2025–2030"


def test_province_aggregates_all_groups(fx) -> None:
    marts, reg, names = fx
    ctx = build_context(marts, reg, None, names=names)
    assert ctx["is_province"] and ctx["group_id"] == PROVINCE_ID
    d = marts["mart_demand"].astype({"openings": float, "year": int})
    total = d[(d.year == 2025) & (d.scenario == "baseline")]["openings"].sum()
    assert sum(r[4] for r in ctx["tables"]["demand"]["rows"]) == pytest.approx(total)
    ids = [r[0] for r in ctx["tables"]["groups"]["rows"]]
    assert ids == ["g-electronics", "g-equipment", "g-empty"]
    empty = ctx["tables"]["groups"]["rows"][2]
    assert empty[4] is None and empty[7] == 0


def test_empty_group_still_builds(fx) -> None:
    marts, reg, names = fx
    ctx = build_context(marts, reg, "g-empty", names=names)
    assert ctx["tables"]["demand"]["empty"]
    assert ctx["tables"]["supply_colleges"]["empty"]
    assert ctx["tables"]["college_eval"]["empty"]
    assert "暂无2025年需求预测数据" in ctx["summary"]["bullets"][0]


def test_missing_marts_and_optional_columns_are_tolerated(fx) -> None:
    marts, reg, names = fx
    thin = {"mart_demand": marts["mart_demand"].drop(columns=["openings_lo_95", "openings_hi_95", "scenario"])}
    ctx = build_context(thin, reg, "g-electronics", names=names)
    assert not ctx["tables"]["demand"]["empty"]
    assert ctx["tables"]["demand"]["fmt_rows"][0][6] == "—"  # no 95 % interval column
    assert ctx["tables"]["sources"]["empty"] and ctx["tables"]["henan_history"]["empty"]


def test_no_year_anywhere_raises(fx) -> None:
    _, reg, names = fx
    with pytest.raises(ReportError, match="report year"):
        build_context({}, reg, "g-electronics", names=names)
    assert build_context({}, reg, "g-electronics", names=names, year=2026)["year"] == 2026


def test_unknown_group_raises(fx) -> None:
    marts, reg, names = fx
    with pytest.raises(ReportError, match="not in the registry"):
        build_context(marts, reg, "nope", names=names)


def test_statuses_are_labelled(fx) -> None:
    marts, reg, names = fx
    ctx = build_context(marts, reg, "g-electronics", names=names)
    t = ctx["tables"]
    assert t["henan_history"]["statuses"] == ["official"]
    assert [r[0] for r in t["henan_history"]["rows"]] == list(range(2009, 2018))
    assert "synthetic" in t["supply_colleges"]["statuses"]
    assert "synthetic" in t["demand"]["statuses"]  # built on synthetic 2018-2024 history
    assert ctx["any_synthetic"]
    for tb in t.values():
        if not tb["empty"] and tb["id"] != "flags":
            assert tb["status_text"].startswith("数据性质"), tb["id"]


def test_real_history_values_are_the_official_ones(fx) -> None:
    marts, reg, names = fx
    ctx = build_context(marts, reg, "g-electronics", names=names)
    hist = ctx["tables"]["henan_history"]
    col = hist["columns"].index(next(c for c in hist["columns"] if c.endswith("（C）")))
    assert hist["rows"][-1][col] == pytest.approx(353.2353)


def test_capacity_highlights_the_lead(fx) -> None:
    marts, reg, names = fx
    ctx = build_context(marts, reg, "g-electronics", names=names)
    cap = ctx["tables"]["capacity"]
    cells = [c for row in cap["fmt_rows"] for c in row[4]]
    leads = {name for name, lead in cells if lead}
    assert leads == {"示例信息职业学院"}
    assert all(row[3] == len(row[4]) for row in cap["rows"])


def test_english_context_uses_english_labels(fx) -> None:
    marts, reg, names = fx
    ctx = build_context(marts, reg, "g-electronics", lang="en", names=names)
    assert ctx["title"].endswith("Talent Demand Forecast 2025")
    assert ctx["tables"]["demand"]["columns"][2] == "Expansion"
    assert all("万" not in c for row in ctx["tables"]["demand"]["fmt_rows"] for c in row if isinstance(c, str))


def test_shortage_list_only_holds_shortages_ranked(fx) -> None:
    marts, reg, names = fx
    ctx = build_context(marts, reg, None, names=names)
    rows = ctx["tables"]["shortage"]["rows"]
    assert rows, "fixture has shortages"
    ratios = [r[4] for r in rows]
    assert ratios == sorted(ratios, reverse=True) and all(x > 0 for x in ratios)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))


def test_cards_one_per_group_class(fx) -> None:
    marts, reg, names = fx
    ctx = build_context(marts, reg, "g-equipment", names=names)
    assert [c["code"] for c in ctx["cards"]] == ["4601", "4602"]
    assert ctx["cards"][0]["name"] == "机械设计制造类"


def test_section_of() -> None:
    assert section_of("38") == "C" and section_of("3811") == "C" and section_of("65") == "I" and section_of("I") == "I"


def test_arrow_backed_nullable_dtypes_work(fx) -> None:
    """Marts read from parquet come with string[pyarrow] / Int64 / boolean dtypes and pd.NA."""
    marts, reg, names = fx
    typed = {}
    for k, df in marts.items():
        df = df.copy()
        for c in df.columns:
            if c not in ("group_id", "major_class", "major_code", "college_code", "industry_code", "region_code"):
                try:
                    df[c] = pd.to_numeric(df[c])
                except (ValueError, TypeError):
                    pass
        df = df.convert_dtypes(dtype_backend="pyarrow")
        typed[k] = df
    d = typed["mart_demand"]
    typed["mart_demand"] = d.assign(openings_lo_95=pd.array([None] * len(d), dtype="Float64"))
    a = build_context(typed, reg, "g-electronics", names=names)
    b = build_context(marts, reg, "g-electronics", names=names)
    assert a["tables"]["gap"]["fmt_rows"] == b["tables"]["gap"]["fmt_rows"]
    assert a["tables"]["demand"]["fmt_rows"][0][6] == "—"


def _with_suggestion(marts, **row):
    s = marts["mart_suggestions"]
    extra = {c: None for c in s.columns} | row
    return {**marts, "mart_suggestions": pd.concat([s, pd.DataFrame([extra])], ignore_index=True)}


def test_every_suggested_action_reaches_the_summary(fx) -> None:
    """An action the summary does not know ("reduce_or_merge") is still counted, not dropped."""
    marts, reg, names = fx
    m2 = _with_suggestion(marts, group_id="g-electronics", major_class="5102", action="reduce_or_merge",
                          rule_id="RX", evidence="x", scenario="baseline")
    ctx = build_context(m2, reg, "g-electronics", lang="en", names=names)
    labels = [a["label"] for a in ctx["actions"]]
    assert "reduce or merge" in labels
    n_actions = len(ctx["tables"]["suggestions"]["rows"])
    assert sum(len(a["items"]) for a in ctx["actions"]) == n_actions
    assert any("reduce or merge" in b for b in ctx["summary"]["bullets"])


def test_rule_evidence_keys_are_shown_as_labels(fx) -> None:
    marts, reg, names = fx
    m2 = _with_suggestion(marts, group_id="g-electronics", major_class="5101", action="expand", rule_id="RX",
                          scenario="baseline",
                          evidence="5101: rated strong_shortage, gap 44%; drivers: training;retention. Expand intake.")
    ctx = build_context(m2, reg, "g-electronics", lang="en", names=names)
    ev = next(r[4] for r in ctx["tables"]["suggestions"]["rows"] if r[3] == "RX")
    assert "strong_shortage" not in ev and "training;retention" not in ev
    assert "rated strong shortage" in ev
    assert "drivers: training gap (too few graduates), retention gap (graduates leave the province)." in ev


def test_group_tables_keep_only_the_registered_classes(fx) -> None:
    """A mart that gives the group another group's class (装备制造 split) must not add it to this report."""
    marts, reg, names = fx
    d = marts["mart_demand"]
    stray = d[d.group_id == "g-equipment"].assign(group_id="g-electronics")
    m2 = {**marts, "mart_demand": pd.concat([d, stray], ignore_index=True)}
    base = build_context(marts, reg, "g-electronics", names=names)
    ctx = build_context(m2, reg, "g-electronics", names=names)
    assert {r[0] for r in ctx["tables"]["demand"]["rows"]} == {r[0] for r in base["tables"]["demand"]["rows"]}
    assert ctx["summary"]["key_figures"] == base["summary"]["key_figures"]
