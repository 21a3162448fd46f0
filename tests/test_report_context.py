"""build_context and its chapters: pure, faithful to the marts the pipeline writes, province from its own rows."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from talentcast.errors import ReportError
from talentcast.report.context import PROVINCE_ID, build_context, make_scope
from talentcast.report.context import (
    chapter_demand,
    chapter_gap,
    chapter_industry,
    chapter_supply,
)

#: Subprocess, rendering or whole-pipeline tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location("report_loader", Path(__file__).parent / "data/report/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)
ED = loader.EDITION


@pytest.fixture(scope="module")
def fx():
    return loader.load_marts(), loader.load_registry(), loader.load_names()


@pytest.fixture(scope="module")
def ctx_of(fx):
    """The context of a group (None: the province) and language on the unchanged fixture marts,
    built once per module (build_context is pure: test_context_is_pure_and_deterministic)."""
    marts, reg, names = fx
    cache: dict = {}

    def get(group, lang: str = "zh") -> dict:
        if (group, lang) not in cache:
            cache[(group, lang)] = build_context(marts, reg, group, lang=lang, names=names, edition=ED)
        return copy.deepcopy(cache[(group, lang)])

    return get


def _base(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["scenario"] == "baseline"]


def test_context_is_pure_and_deterministic(fx) -> None:
    marts, reg, names = fx
    before = {k: v.copy() for k, v in marts.items()}
    reg_before = copy.deepcopy(reg)
    a = build_context(marts, reg, "g-electronics", lang="zh", names=names, edition=ED)
    b = build_context(marts, reg, "g-electronics", lang="zh", names=names, edition=ED)
    assert repr(a) == repr(b)  # repr: NaN cells compare equal
    for k, v in before.items():
        pd.testing.assert_frame_equal(v, marts[k])
    assert reg == reg_before


def test_edition_forecasts_the_five_years_after_it(fx, ctx_of) -> None:
    marts, reg, names = fx
    ctx = ctx_of("g-electronics")
    assert ctx["year"] == ED + 1 and ctx["horizon"] == f"{ED + 1}–{ED + 5}"
    assert [r[0] for r in ctx["tables"]["demand_by_year"]["rows"]] == list(range(ED + 1, ED + 6))
    e = ctx["edition"]
    assert (e["year"], e["first"], e["last"], e["data_year"]) == (ED, ED + 1, ED + 5, 2017)
    # the years between the newest official figure and the edition are called estimates
    assert "2018–2026年的数字均为估计值" in e["text"] and "2017年" in e["text"]
    assert "2026年版" in ctx["title"]


def test_demand_table_matches_the_mart(fx, ctx_of) -> None:
    marts, reg, names = fx
    ctx = ctx_of("g-electronics")
    d = _base(marts["mart_demand"])
    want = d[(d.group_id == "g-electronics") & (d.year == ED + 1)].set_index("major_class")["openings"]
    got = {r[0]: r[4] for r in ctx["tables"]["demand"]["rows"]}
    assert set(got) == set(want.index)
    for c, v in want.items():
        assert got[c] == pytest.approx(v)
    ops = [r[4] for r in ctx["tables"]["demand"]["rows"]]
    assert ops == sorted(ops, reverse=True)


def test_province_takes_its_figures_from_the_province_rows(fx, ctx_of) -> None:
    """Issue 16: the province summed province + group rows (supply doubled) and took each class
    from whichever group came first. Its figures are the province rows', every class once."""
    marts, reg, names = fx
    ctx = ctx_of(None)
    assert ctx["is_province"] and ctx["group_id"] == PROVINCE_ID == "province"
    g = _base(marts["mart_gap"])
    prov = g[(g.group_id == "province") & (g.year == ED + 1)]
    assert len(prov) and prov["major_class"].is_unique
    d = _base(marts["mart_demand"])
    d = d[(d.group_id == "province") & (d.year == ED + 1)]
    assert sum(r[4] for r in ctx["tables"]["demand"]["rows"]) == pytest.approx(d["openings"].sum())
    supply_classes = sum(r[2] for r in ctx["tables"]["supply_classes"]["rows"])
    supply_colleges = sum(r[3] for r in ctx["tables"]["supply_colleges"]["rows"])
    assert supply_classes == pytest.approx(prov["supply"].sum())
    assert supply_colleges == pytest.approx(prov["supply"].sum())
    headline = ctx["summary"]["key_figures"][2]["value"]
    assert headline.replace(",", "").startswith(str(round(prov["supply"].sum()))[:3])
    # a group row that disagrees with the province row changes nothing in the province report
    sup = marts["mart_supply"]
    doubled = {**marts, "mart_supply": pd.concat([sup, sup[sup.group_id != "province"]], ignore_index=True)}
    ctx2 = build_context(doubled, reg, None, names=names, edition=ED)
    assert ctx2["tables"]["supply_classes"]["rows"] == ctx["tables"]["supply_classes"]["rows"]


def test_province_overview_lists_every_group(fx, ctx_of) -> None:
    marts, reg, names = fx
    ctx = ctx_of(None)
    rows = ctx["tables"]["groups"]["rows"]
    assert [r[0] for r in rows] == [g["name_zh"] for g in reg["groups"]]
    assert all("g-" not in str(c) for r in ctx["tables"]["groups"]["fmt_rows"] for c in r)  # no raw slugs


def test_shortage_list_is_the_marts_own(fx, ctx_of) -> None:
    marts, reg, names = fx
    ctx = ctx_of(None)
    sl = _base(marts["mart_shortage_list"])
    sl = sl[sl.group_id == "province"].sort_values("rank")
    rows = ctx["tables"]["shortage"]["rows"]
    assert [(int(r[0]), r[1]) for r in rows] == list(zip(sl["rank"].astype(int), sl["major_class"]))
    assert [r[4] for r in rows] == pytest.approx(sl["cum_gap_ratio"].astype(float).tolist())


def test_review_columns_are_shown_when_the_mart_has_them(fx, ctx_of) -> None:
    marts, reg, names = fx
    sl = marts["mart_shortage_list"].assign(review_status="rejected", review_reason="与规划冲突")
    ctx = build_context({**marts, "mart_shortage_list": sl}, reg, None, names=names, edition=ED)
    table = ctx["tables"]["shortage"]
    assert "复核状态" in table["columns"] and "复核原因" in table["columns"]
    plain = ctx_of(None)
    assert "复核原因" not in plain["tables"]["shortage"]["columns"]  # nothing reviewed: no reasons to show


def test_a_missing_core_column_is_an_error_naming_it(fx) -> None:
    marts, reg, names = fx
    thin = {**marts, "mart_gap": marts["mart_gap"].drop(columns=["supply"])}
    with pytest.raises(ReportError, match="mart_gap lacks column.*supply"):
        build_context(thin, reg, "g-electronics", names=names, edition=ED)


def test_absent_marts_render_as_no_data(fx) -> None:
    _, reg, names = fx
    ctx = build_context({}, reg, "g-electronics", names=names, year=2026)
    assert ctx["year"] == 2026 and ctx["tables"]["demand"]["empty"] and ctx["tables"]["sources"]["empty"]
    with pytest.raises(ReportError, match="report year"):
        build_context({}, reg, "g-electronics", names=names)


def test_region_comes_from_the_caller(fx) -> None:
    marts, reg, names = fx
    other = build_context(marts, reg, "g-electronics", names=names, edition=ED, region="420000")
    assert other["tables"]["demand"]["empty"] and other["tables"]["henan_history"]["empty"]


def test_empty_group_still_builds(fx, ctx_of) -> None:
    marts, reg, names = fx
    ctx = ctx_of("g-empty")
    assert ctx["tables"]["supply_colleges"]["empty"] and ctx["tables"]["college_eval"]["empty"]


def test_unknown_group_raises(fx) -> None:
    marts, reg, names = fx
    with pytest.raises(ReportError, match="not in the registry"):
        build_context(marts, reg, "nope", names=names)


def test_statuses_are_labelled(fx, ctx_of) -> None:
    marts, reg, names = fx
    ctx = ctx_of("g-electronics")
    t = ctx["tables"]
    assert t["henan_history"]["statuses"] == ["official"]
    assert [r[0] for r in t["henan_history"]["rows"]] == list(range(2009, 2018))
    assert "synthetic" in t["demand"]["statuses"]  # built on synthetic 2018-2024 history
    assert ctx["any_synthetic"]
    for tb in t.values():
        if not tb["empty"] and tb["id"] != "flags":
            assert tb["status_text"].startswith("数据性质"), tb["id"]


def test_real_history_values_are_the_official_ones(fx, ctx_of) -> None:
    marts, reg, names = fx
    ctx = ctx_of("g-electronics")
    hist = ctx["tables"]["henan_history"]
    col = hist["columns"].index(next(c for c in hist["columns"] if c.endswith("（C）")))
    assert hist["rows"][-1][col] == pytest.approx(353.2353)


def test_capacity_highlights_the_lead(fx, ctx_of) -> None:
    marts, reg, names = fx
    ctx = ctx_of("g-electronics")
    cap = ctx["tables"]["capacity"]
    assert cap["rows"]
    leads = {name for row in cap["fmt_rows"] for name, lead in row[4] if lead}
    assert leads <= {"示例信息职业学院"} and any(leads for _ in [0])
    assert all(row[3] == len(row[4]) for row in cap["rows"])


def test_english_context_uses_english_labels(fx, ctx_of) -> None:
    marts, reg, names = fx
    ctx = ctx_of("g-electronics", "en")
    assert ctx["title"].endswith("Talent Demand Forecast, 2026 edition")
    assert ctx["tables"]["demand"]["columns"][2] == "Expansion"
    assert all("万" not in c for row in ctx["tables"]["demand"]["fmt_rows"] for c in row if isinstance(c, str))


def test_cards_one_per_group_class(fx, ctx_of) -> None:
    marts, reg, names = fx
    ctx = ctx_of("g-equipment")
    assert [c["code"] for c in ctx["cards"]] == ["4601", "4602"]
    assert ctx["cards"][0]["name"] == "机械设计制造类"


def test_each_chapter_builds_alone_from_a_scope(fx) -> None:
    marts, reg, names = fx
    s = make_scope(marts, reg, "g-electronics", names=names, year=ED + 1)
    d = chapter_demand.build(s, {"estimated"}, [], {})
    assert list(s.tables) == ["demand", "demand_by_year", "expansion_replacement"] and d["rows"]
    s = make_scope(marts, reg, "g-electronics", names=names, year=ED + 1)
    chapter_gap.build(s, {"estimated"})
    assert set(s.tables) == {"gap", "shortage"}
    s = make_scope(marts, reg, None, names=names, year=ED + 1)
    sup = chapter_supply.build(s, {"estimated"})
    assert sup["view"]["colleges"]["rows"] and "capacity" in s.tables
    s = make_scope(marts, reg, "g-electronics", names=names, year=ED + 1)
    ind = chapter_industry.build(s)
    assert list(ind["weights"]) and abs(sum(ind["weights"].values()) - 1) < 1e-9


def test_industries_are_chosen_by_employment_weighted_staffing(fx) -> None:
    """Σ_m E[i]·A[i,m] / Σ_j Σ_m E[j]·A[j,m]: A rolls divisions up with equal weights (no division
    employment), E is the section's employment in the report's first year."""
    marts, reg, names = fx
    s = make_scope(marts, reg, "g-equipment", names=names, year=ED + 1)
    w = chapter_industry.weights_of(s)
    st = marts["mart_staffing"].astype({"share": float})
    v = marts["mart_vocational_share"].astype({"v": float}).set_index("industry_code")["v"]
    sec = {"34": "C", "38": "C", "39": "C", "64": "I", "65": "I", "75": "M"}
    st = st[st["industry_code"].isin(sec)]
    n_div = st.drop_duplicates("industry_code")["industry_code"].map(sec).value_counts()
    st = st[st.major_class.isin(["4601", "4602"])]
    a = (st["share"] * st["industry_code"].map(v)).groupby(st["industry_code"].map(sec)).sum() / n_div
    e = marts["mart_employment"]
    e = e[(e["year"] == ED + 1) & (e["industry_level"] == "section") & (e["scenario"].fillna("baseline") == "baseline")]
    jobs = (a * e.drop_duplicates("industry_code").set_index("industry_code")["mean"].astype(float)).dropna()
    assert list(w) == list(jobs.sort_values(ascending=False).index)
    assert w[list(w)[0]] == pytest.approx(jobs.max() / jobs.sum())


def test_arrow_backed_nullable_dtypes_work(fx, ctx_of) -> None:
    """Marts read from parquet come with string[pyarrow] / Int64 / boolean dtypes and pd.NA."""
    marts, reg, names = fx
    typed = {k: df.convert_dtypes(dtype_backend="pyarrow") for k, df in marts.items()}
    a = build_context(typed, reg, "g-electronics", names=names, edition=ED)
    b = ctx_of("g-electronics")
    assert a["tables"]["gap"]["fmt_rows"] == b["tables"]["gap"]["fmt_rows"]
    assert a["tables"]["demand"]["fmt_rows"] == b["tables"]["demand"]["fmt_rows"]


def _with_suggestion(marts, **row):
    s = marts["mart_suggestions"]
    extra = {c: None for c in s.columns} | row
    return {**marts, "mart_suggestions": pd.concat([s, pd.DataFrame([extra])], ignore_index=True)}


def test_every_suggested_action_reaches_the_summary(fx) -> None:
    """An action the summary does not know ("reduce_or_merge") is still counted, not dropped."""
    marts, reg, names = fx
    m2 = _with_suggestion(marts, group_id="g-electronics", major_class="5102", action="reduce_or_merge",
                          rule_id="RX", evidence="x", scenario="baseline")
    ctx = build_context(m2, reg, "g-electronics", lang="en", names=names, edition=ED)
    labels = [a["label"] for a in ctx["actions"]]
    assert "reduce or merge" in labels
    n_actions = len(ctx["tables"]["suggestions"]["rows"])
    assert sum(len(a["items"]) for a in ctx["actions"]) == n_actions
    assert any("reduce or merge" in b for b in ctx["summary"]["bullets"])


def test_rule_evidence_keys_are_shown_as_labels(fx) -> None:
    marts, reg, names = fx
    m2 = _with_suggestion(marts, group_id="g-electronics", major_class="5101", action="expand", rule_id="RX",
                          scenario="baseline", rationale_en=None,
                          evidence="5101: rated strong_shortage, gap 44%; drivers: training;retention. Expand intake.")
    ctx = build_context(m2, reg, "g-electronics", lang="en", names=names, edition=ED)
    ev = next(r[3] for r in ctx["tables"]["suggestions"]["rows"] if "rated" in str(r[3]))
    assert "strong_shortage" not in ev and "training;retention" not in ev
    assert "rated strong shortage" in ev


def test_group_tables_keep_only_the_registered_classes(fx, ctx_of) -> None:
    """A mart that gives the group another group's class (装备制造 split) must not add it to this report."""
    marts, reg, names = fx
    d = marts["mart_demand"]
    stray = d[d.group_id == "g-equipment"].assign(group_id="g-electronics")
    m2 = {**marts, "mart_demand": pd.concat([d, stray], ignore_index=True)}
    base = ctx_of("g-electronics")
    ctx = build_context(m2, reg, "g-electronics", names=names, edition=ED)
    assert {r[0] for r in ctx["tables"]["demand"]["rows"]} == {r[0] for r in base["tables"]["demand"]["rows"]}
    assert ctx["summary"]["key_figures"] == base["summary"]["key_figures"]


def test_calibrated_intake_is_shown_with_its_cohort_and_factor(fx) -> None:
    """A cohort's intake calibrated to a provincial new-entrant total says which cohort and by how much."""
    marts, reg, names = fx
    a = marts["mart_supply_assumptions"]
    star = a[(a["parameter"] == "intake_per_programme") & (a["major_class"] == "*") & a["cohort_year"].isna()]
    assert len(star) == 1
    cal = star.assign(cohort_year=2019.0, value=star["value"] * 2.0)
    marts = {**marts, "mart_supply_assumptions": pd.concat([a, cal], ignore_index=True)}
    for lang, cohort, factor in (("en", "entry cohort 2019", "×2.00"), ("zh", "2019级", "×2.00")):
        ctx = build_context(marts, reg, None, lang=lang, names=names, edition=ED)
        rows = [r for r in ctx["tables"]["supply_assumptions"]["rows"] if cohort in str(r[1])]
        assert len(rows) == 1 and factor in rows[0][3] and "2019" in rows[0][3], rows
        assert float(rows[0][2]) == pytest.approx(2 * float(star["value"].iloc[0]))


def test_expost_record_is_in_the_province_report_only(fx) -> None:
    """The 2014-origin ex-post table (mart_expost): one row per series, error and naive error by year; province only."""
    marts, reg, names = fx
    rows = []
    for code, errs, naive in (("TOTAL", (3.0, 6.0, 12.0), (-1.0, -3.0, -2.0)), ("C", (3.0, 7.0, 18.0), (-4.0, -7.0, -5.0)),
                              ("P", (-3.0, -2.0, -1.0), (-5.0, -4.0, -4.0))):
        for h, (e, n) in enumerate(zip(errs, naive), start=1):
            rows.append({"series_id": f"410000:{code}", "origin_year": 2014, "period": 2014 + h, "horizon_years": h,
                         "actual": 100.0, "forecast": 100.0 + e, "naive": 100.0 + n, "error_pct": e, "naive_error_pct": n,
                         "abs_error_pct": abs(e), "naive_abs_error_pct": abs(n), "beats_naive": abs(e) < abs(n)})
    rows.append({**rows[-1], "series_id": "ALL (mean over series)"})
    marts = {**marts, "mart_expost": pd.DataFrame(rows)}
    ctx = build_context(marts, reg, None, lang="en", names=names, edition=ED)
    t = ctx["tables"]["expost"]
    assert [r[0] for r in t["rows"]] == ["—", "C", "P"]  # the total first, the mean-over-series row left out
    assert t["rows"][1][2:] == [0.03, 0.07, 0.18, -0.04, -0.07, -0.05]
    # sections: mean |error| 34/6 %, naive 29/6 %; C beats naive in 2015? 3 < 4 yes, 7 < 7 no, 18 > 5 no; P: all three yes
    assert "closer than naive in 4 of 6" in ctx["expost_summary"] and "12.0%" in ctx["expost_summary"]
    group = build_context(marts, reg, "g-electronics", lang="en", names=names, edition=ED)
    assert "expost" not in group["tables"] and group["expost_summary"] == ""
