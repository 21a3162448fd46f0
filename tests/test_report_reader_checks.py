"""What a reader of the demo's 21 reports would check: no sentence contradicts a table or
claims what the data do not show (review findings of the secretariat and the economist).

Each test runs over every demo report, in Chinese (the contexts the demo rendered) and in
English (built here from the same marts), and fails on the text the reviewers found.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest


pytestmark = [pytest.mark.demo, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(demo_reports):
    """(marts, {(group, lang): context}, {(group, lang): markdown}) of the demo's reports in zh and en."""
    assert len(demo_reports[1]) == 42
    return demo_reports


# Words that prescribe: the card's suggestion owns the prescription, the outlook describes.
PRESCRIBES = {"zh": re.compile(r"建议|应控制|应当|扩大|压缩|控制规模|调整方向|缩减"),
              "en": re.compile(r"\b(should|expand|limit(ed)?|redirect(ed)?|cut|reduce)\b", re.I)}


def test_no_card_outlook_prescribes(demo):
    _, ctxs, _ = demo
    seen = 0
    for (gid, lang), ctx in ctxs.items():
        for card in ctx["cards"]:
            seen += 1
            assert not PRESCRIBES[lang].search(card["outlook"]), (gid, lang, card["code"], card["outlook"])
    assert seen >= 200  # every group's classes, in both languages


def _people(text: str) -> tuple[float, float]:
    """A formatted head count ("6,911" or "24.27万") as (persons, rounding tolerance)."""
    if text.endswith("万"):
        return float(text[:-1]) * 10_000, 50.0
    return float(text.replace(",", "")), 1.0


def test_plan_change_is_over_all_the_reports_classes(demo):
    marts, ctxs, _ = demo
    d = marts["mart_demand"]
    checked = 0
    for (gid, lang), ctx in ctxs.items():
        if lang != "zh":
            continue
        sentences = [p for p in ctx["profile"] if "累计岗位需求由基准的" in p]
        plans = sorted(set(d.loc[d["group_id"] == gid, "scenario"].dropna()) - {"baseline"})
        rows = ctx["tables"]["demand"]["rows"]
        classes = {r[0] for r in rows}
        years = [r[0] for r in ctx["tables"]["demand_by_year"]["rows"]]
        scoped = d[(d["group_id"] == gid) & d["major_class"].isin(classes) & d["year"].between(min(years), max(years))]
        base = scoped.loc[scoped["scenario"] == "baseline", "openings"].sum()
        assert base == pytest.approx(sum(r[7] for r in rows), abs=1.0), gid  # the demand table's cumulative column
        for text in sentences:
            got = re.search(r"由基准的([\d,.]+万?)人变为([\d,.]+万?)人（([+\-−]?[\d.]+)%", text)
            assert got, text
            (b, b_tol), (q, q_tol) = _people(got[1]), _people(got[2])
            assert b == pytest.approx(base, abs=b_tol), (gid, text)
            plan_totals = {p: scoped.loc[scoped["scenario"] == p, "openings"].sum() for p in plans}
            match = [p for p, v in plan_totals.items() if abs(v - q) <= q_tol]
            assert match, (gid, text, plan_totals)
            change = (plan_totals[match[0]] - base) / base * 100
            assert float(got[3].replace("−", "-")) == pytest.approx(change, abs=0.051), (gid, text)
            checked += 1
    assert checked >= 3


def test_no_sentence_calls_the_staffing_prior_graduate_destinations(demo):
    _, _, mds = demo
    for (gid, lang), text in mds.items():
        assert "毕业生就业中约" not in text, gid
        assert "graduates take" not in text, gid


def _section_of(code: str) -> str:
    from talentcast.reference import industries

    return code if len(code) == 1 else industries().section_of(code).code


def test_group_industry_shares_are_the_employment_weighted_shares_the_demand_uses(demo):
    """Σ_m E[i]·A[i,m] / Σ_j Σ_m E[j]·A[j,m] over the group's classes (economist #5)."""
    from talentcast.analysis.demand import industry_coefficients

    marts, ctxs, _ = demo
    st = marts["mart_staffing"].astype({"share": float})
    coef = industry_coefficients(st[["industry_code", "major_class", "share"]],
                                 marts["mart_vocational_share"][["industry_code", "v"]].astype({"v": float}))
    coef = coef[coef["industry_code"].str.len() == 1]
    emp = marts["mart_employment"]
    emp = emp[(emp["region_code"] == "410000") & (emp["scenario"] == "baseline") & (emp["industry_level"] == "section")]
    checked = 0
    for (gid, lang), ctx in ctxs.items():
        if lang != "zh" or ctx["is_province"]:
            continue
        classes = {r[0] for r in ctx["tables"]["gap"]["rows"]} | {r[0] for r in ctx["tables"]["demand"]["rows"]}
        code_of = {r[1]: r[0] for r in ctx["tables"]["industries"]["rows"]}
        for p in ctx["profile"]:
            got = re.match(r"(.+?)：按专业类用人结构推算.*?(\d{4})年本集团各专业类对应的职业教育层次岗位约([\d.]+)%在该行业", p)
            if not got:
                continue
            e = emp[emp["year"] == int(got[2])].set_index("industry_code")["mean"]
            c = coef[coef["major_class"].isin(classes) & coef["industry_code"].isin(e.index)]
            jobs = (c["coef"] * c["industry_code"].map(e)).groupby(c["industry_code"]).sum()
            share = jobs[code_of[got[1]]] / jobs.sum() * 100
            assert float(got[3]) == pytest.approx(share, abs=0.051), (gid, p)
            checked += 1
    assert checked >= 40  # up to 3 sections for each of the 20 groups


def test_province_industry_share_is_of_the_official_year_beside_it(demo):
    marts, ctxs, _ = demo
    emp = marts["mart_employment"]
    emp = emp[(emp["region_code"] == "410000") & (emp["scenario"] == "baseline") & (emp["status"] == "official")]
    ctx = ctxs[("province", "zh")]
    code_of = {r[1]: r[0] for r in ctx["tables"]["industries"]["rows"]}
    checked = 0
    for p in ctx["profile"]:
        got = re.match(r"(.+?)：(\d{4})年官方统计就业[\d.]+万人，占全省城镇单位就业的([\d.]+)%", p)
        if got:
            y = emp[emp["year"] == int(got[2])]
            share = (y.loc[y["industry_code"] == code_of[got[1]], "mean"].iloc[0]
                     / y.loc[y["industry_level"] == "total", "mean"].iloc[0] * 100)
            assert float(got[3]) == pytest.approx(share, abs=0.051), p
            checked += 1
    assert checked >= 2


def test_card_flags_come_from_the_report_window_and_agree_with_the_card(demo):
    """A flag on a card holds in the report's forecast window (never only in an earlier year), and
    "no supply" sits only beside a supply of 0 in the card's year (secretariat #4)."""
    marts, ctxs, _ = demo
    f = marts["mart_flags"]
    f = f[f["scenario"].fillna("baseline") == "baseline"]
    years_of = {k: g["year"] for k, g in f.groupby(["group_id", "major_class", "flag"], dropna=False)}
    checked = no_supply = 0
    for (gid, lang), ctx in ctxs.items():
        code_of = {v: k.split(".", 1)[1] for k, v in ctx["t"].items() if k.startswith("flag.")}
        years = [r[0] for r in ctx["tables"]["demand_by_year"]["rows"]]
        supply = {r[0]: r[3] for r in ctx["tables"]["gap"]["rows"]}
        for card in ctx["cards"]:
            for label in card["flags"]:
                tail = re.search(r"[（(](from )?(\d{4})(年起|年)?[)）]$", label)
                since = tail if tail and (tail[1] or tail[3] == "年起") else None
                flag = code_of[(label[:tail.start()] if tail else label).strip()]
                flag_years = years_of.get((gid, card["code"], flag), pd.Series(dtype=float))
                in_window = flag_years.isna() | flag_years.between(min(years), max(years))
                assert in_window.any(), (gid, card["code"], flag)
                if since:  # the flag starts later in the window, and the card says from when
                    assert int(since[2]) == flag_years[in_window].min() > min(years), (gid, label)
                if flag == "few_postings":  # beside a fuller year's count, the flag says its own year
                    shown = [v for k, v in card["facts"] if "招聘信息数" in k or k.startswith("Postings")]
                    if shown and float(shown[0].replace(",", "")) >= 30:
                        assert tail and not since, (gid, card["code"], label, shown)
                if flag == "no_supply":
                    assert supply.get(card["code"], 0) == 0, (gid, card["code"], supply.get(card["code"]))
                    no_supply += 1
                checked += 1
    assert checked > 1000 and no_supply >= 1


def test_no_capped_replacement_share_reads_as_all_replacement(demo):
    """Where expansion is negative no replacement share is printed (it was capped at 100 %), and no
    sentence says openings are "all replacement" while classes grow (secretariat #5)."""
    _, ctxs, mds = demo
    shrinking_totals = 0
    for (gid, lang), ctx in ctxs.items():
        text = mds[(gid, lang)]
        assert "全部来自更替需求" not in text and "all of them replacement" not in text, gid
        for code, _, exp, rep, share in ctx["tables"]["expansion_replacement"]["rows"]:
            if exp < 0:
                assert share is None, (gid, code, exp, share)
            elif share is not None:
                assert share == pytest.approx(rep / (exp + rep)), (gid, code)
        first = ctx["tables"]["demand_by_year"]["rows"][0]
        labels = [k["label"] for k in ctx["summary"]["key_figures"]]
        if first[1] < 0:
            shrinking_totals += 1
            assert ctx["t"]["summary.kf_replacement"] not in labels, gid
            grow = sum(max(r[2], 0) for r in ctx["tables"]["expansion_replacement"]["rows"] if r[2] >= 0.5)
            if grow:  # the classes that still grow are named with their expansion
                bullet = ctx["summary"]["bullets"][0]  # the openings bullet
                assert ("就业仍增长的专业类" in bullet) or ("still grow" in bullet), (gid, bullet)
    assert shrinking_totals >= 4  # the province, civil-construction, culture-arts, resources-environment …


def test_college_evaluation_note_lists_the_tables_indicators(demo):
    """The reading note names the indicators the college table has, and says graduate outcomes are
    not evaluated when the table has none (secretariat #6)."""
    _, ctxs, mds = demo
    outcome = {"zh": ["就业率", "对口率", "留省率"], "en": ["Employment rate", "Counterpart rate", "Retention"]}
    for (gid, lang), ctx in ctxs.items():
        cols = ctx["tables"]["college_eval"]["columns"][4:]
        assert cols, gid
        sep = "、" if lang == "zh" else ", "
        note = next(n for n in ctx["reading"] if "成员院校评价采用指标表" in n or "indicator table" in n)
        assert f"（{sep.join(cols)}）" in note or f"({sep.join(cols)})" in note, (gid, note, cols)
        if not set(outcome[lang]) & set(cols):
            assert "未评价" in note or "not evaluated" in note, (gid, note)
        assert note in mds[(gid, lang)], gid


def test_method_text_describes_the_evidence_this_edition_has(demo):
    """Counts of prior-only vocational shares, graduates in the staffing matrix and classes with a
    recent signal come from the marts; no sentence claims evidence the edition lacks (economist #6)."""
    marts, ctxs, mds = demo
    vs = marts["mart_vocational_share"]
    n_prior = int((vs["provenance"] == "prior").sum())
    graduates = marts["mart_staffing"]["n_graduates"].fillna(0).sum()
    gap = marts["mart_gap"]
    for (gid, lang), ctx in ctxs.items():
        text = "\n".join(ctx["method_text"])
        assert "职业教育层次占比由招聘学历要求估计" not in mds[(gid, lang)]
        assert "estimated from postings' education requirements" not in mds[(gid, lang)]
        if lang == "zh":
            assert f"本版{len(vs)}个行业大类中{n_prior}个仅为专家先验" in text, gid
        else:
            assert f"of this edition's {len(vs)} industry divisions, {n_prior} use the expert prior alone" in text, gid
        if graduates == 0:
            assert "没有毕业生去向数据进入用人结构" in text or "no graduate destination data entered" in text, gid
            assert "与毕业生去向、招聘信息分类结果按狄利克雷后验合成" not in mds[(gid, lang)]
        g = gap[(gap["group_id"] == gid) & (gap["scenario"] == "baseline") & (gap["year"] == ctx["year"])]
        if (g["n_recent_signals"].fillna(0) == 0).all():
            assert "上调或下调" not in mds[(gid, lang)] and "moved up or down" not in mds[(gid, lang)], gid
            assert f"本报告{g['major_class'].nunique()}个专业类均无近期信号" in text or \
                f"none of this report's {g['major_class'].nunique()} major classes had a recent signal" in text, gid


def test_profile_counts_programmes_as_the_supply_does(demo):
    """The profile's 专业点 count is college × registered major (n_programmes), not college × class
    pairs labelled 布点 (economist #7)."""
    marts, ctxs, _ = demo
    cap = marts["mart_capacity"]
    cap = cap[(cap["level"] == "class") & (cap["city_code"] == "410000")]
    checked = 0
    for (gid, lang), ctx in ctxs.items():
        if lang != "zh":
            continue
        classes = {r[0] for r in ctx["tables"]["gap"]["rows"]} | {r[0] for r in ctx["tables"]["demand"]["rows"]}
        for p in ctx["profile"]:
            assert "的布点共" not in p, (gid, p)
            got = re.match(r"专业点：(\d{4})年.*?共(\d+)个，(\d{4})年为(\d+)个", p)
            if got:
                for y, n in ((got[1], got[2]), (got[3], got[4])):
                    want = cap[(cap["year"] == int(y)) & cap["major_class"].isin(classes)]["n_programmes"].sum()
                    assert int(n) == want, (gid, y, n, want)
                checked += 1
    assert checked >= 20


# --------------------------------------------------------------------------- secretariat #11

def test_an_unknown_lead_reads_as_a_sentence(demo):
    _, _, mds = demo
    for (gid, lang), text in mds.items():
        assert "牵头单位为未确认" not in text and "led by not confirmed" not in text, gid
        assert "）（未知）" not in text and ") (unknown)" not in text, gid


def test_no_empty_drivers_clause(demo):
    _, _, mds = demo
    for (gid, lang), text in mds.items():
        assert "成因：—" not in text and "drivers: —" not in text, gid


PATH = re.compile(r"(?:[\w.\-]+/)+[\w.\-]+\.(?:csv|toml|md|xlsx|json|parquet)")


def test_sources_and_scenario_tables_show_no_paths_and_no_english_of_ours_in_zh(demo):
    _, ctxs, _ = demo
    for (gid, lang), ctx in ctxs.items():
        for tid in ("sources", "scenario_assumptions", "industry_scenario"):
            for row in (ctx["tables"].get(tid) or {}).get("fmt_rows", []):
                for cell in row:
                    assert not PATH.search(str(cell)), (gid, lang, tid, cell)
        if lang == "zh":
            for row in ctx["tables"]["sources"]["fmt_rows"]:
                for cell in row[1:3]:  # vintage and licence: our wording, translated
                    assert not re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", str(cell)), (gid, cell)


def test_one_gap_ratio_formatter(demo):
    """Beyond −500 % every gap ratio reads "< −500%" (the tables' formatter), never "-793.0%"."""
    _, _, mds = demo
    for (gid, lang), text in mds.items():
        for value in re.findall(r"[-−](\d[\d,]*\.\d)%", text):
            assert float(value.replace(",", "")) <= 500, (gid, value)


def test_shortage_list_title_spans_the_rating_window(demo):
    _, ctxs, _ = demo
    for (gid, lang), ctx in ctxs.items():
        span = re.search(r"\d{4}–\d{4}", ctx["tables"]["gap"]["columns"][5])[0]
        assert span in ctx["tables"]["shortage"]["title"], (gid, ctx["tables"]["shortage"]["title"])


def test_card_figures_say_their_year_or_window(demo):
    _, ctxs, _ = demo
    for (gid, lang), ctx in ctxs.items():
        for card in ctx["cards"]:
            labels = [label for label, _ in card["facts"]]
            supply = [x for x in labels if "新增供给" in x or "supply" in x.lower()]
            assert len(supply) == 2 and re.search(r"\d{4}", supply[0]) and re.search(r"\d{4}–\d{4}", supply[1]), \
                (gid, labels)
            ratio = [x for x in labels if "缺口比" in x or "gap ratio" in x.lower()]
            assert all(re.search(r"\d{4}", x) for x in ratio), (gid, labels)


def test_synthetic_banner_says_whether_the_reports_numbers_are_synthetic(demo):
    """The demo keeps synthetic data in a separate sample group: no real group's report carries
    synthetic numbers, so its banner says the workspace (not the report) holds them."""
    _, ctxs, mds = demo
    for (gid, lang), ctx in ctxs.items():
        synthetic_tables = [tid for tid, t in ctx["tables"].items() if tid != "sources" and "synthetic" in t["statuses"]]
        if not synthetic_tables:
            assert not ctx["any_synthetic"], (gid, "banner says the numbers are synthetic")
            assert "本报告含合成（示例）数据" not in mds[(gid, lang)], gid
            assert ctx["workspace_synthetic"], gid  # the demo does hold a sample group


def test_method_states_the_backtest_horizons_and_shows_the_openings_backtest(demo):
    """The back-test covers horizons 1–3 while the forecasts are 6–10 years from the base year;
    the openings back-test (mart_interval_backtest) is shown with its errors (economist #4)."""
    marts, ctxs, _ = demo
    hs = sorted(marts["mart_backtest"]["horizon"].dropna().astype(int).unique())
    emp = marts["mart_employment"]
    hist = emp[(emp["region_code"] == "410000") & (emp["kind"] == "history")]
    base = int(hist["year"].max())
    ib = marts["mart_interval_backtest"]
    total = ib[ib["level"] == "total"].sort_values("horizon")
    for (gid, lang), ctx in ctxs.items():
        years = [int(r[0]) for r in ctx["tables"]["demand_by_year"]["rows"]]
        want = (f"{hs[0]}–{hs[-1]}年步长" if lang == "zh" else f"horizons of {hs[0]}–{hs[-1]} years",
                f"第{min(years) - base}–{max(years) - base}年" if lang == "zh" else f"{min(years) - base}–{max(years) - base} years after")
        assert all(w in ctx["backtest_scope"] for w in want), (gid, lang, want, ctx["backtest_scope"])
        if gid == "province":
            text = ctx["interval_backtest_summary"]
            for _, t in total.iterrows():
                err = (t["openings"] - t["actual"]) / t["actual"] * 100
                assert f"{err:+.1f}%" in text, (lang, err, text)
            assert ctx["tables"]["interval_backtest"]["n_rows"] == len(total)


def test_card_pay_names_its_sample(demo):
    """Advertised pay is a posting sample, not pay statistics: the card says how many postings and
    that they are observed, not official (secretariat #10, economist #13)."""
    _, ctxs, _ = demo
    n = 0
    for (gid, lang), ctx in ctxs.items():
        for card in ctx["cards"]:
            if card["pay"]:
                assert re.search(r"（[\d,]+条标明薪资的去重招聘信息，实采，非官方统计）|\([\d,]+ deduplicated postings stating pay",
                                 card["pay"]), (gid, card["pay"])
                n += 1
    assert n >= 6  # the demo's classes with enough postings in some year, in zh and en
