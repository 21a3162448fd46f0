"""Write the report test fixture: small marts following docs/architecture.md exactly.

SYNTHETIC. Every number here comes from a seeded generator, except the Henan employment
history 2009-2017 for sections C, I and M, which is copied from the real NBS provincial series
(``/work/shared/samples/statistics/nbs_provincial/henan_by_section_2009-2017.csv``; official
statistics, cite the National Bureau of Statistics) and labelled ``official``. Colleges are
invented ("示例…学院", codes starting with ``S``) so no synthetic number sits on a real
institution. Re-run with ``python tests/data/report/make_fixture.py`` (same output each time).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "marts"
SEED = 20261123

# Real Henan urban-unit employment (万人), NBS provincial annual data, sections C, I, M.
HENAN_OFFICIAL = {
    "C": [154.7755, 158.8, 193.8204, 218.2526, 312.6681, 337.1025, 352.884, 363.2567, 353.2353],
    "I": [5.2037, 4.9, 5.8671, 6.3358, 9.4622, 9.7236, 10.4292, 12.1649, 13.2086],
    "M": [11.0772, 11.5, 12.2544, 13.1169, 14.8175, 16.3859, 17.1527, 17.7763, 17.1205],
}
OFFICIAL_YEARS = list(range(2009, 2018))
SYNTH_YEARS = list(range(2018, 2025))
FC_YEARS = list(range(2025, 2031))
REGION = "410000"

GROUPS = {
    "g-electronics": {"classes": ["5101", "5102", "5103"], "category": "51"},
    "g-equipment": {"classes": ["4601", "4602"], "category": "46"},
    "g-empty": {"classes": ["5301"], "category": "53"},
}
COLLEGES = {
    "g-electronics": [("S000000001", "示例信息职业学院"), ("S000000002", "示例理工职业学院"),
                      ("S000000003", "示例城市职业学院")],
    "g-equipment": [("S000000004", "示例机电职业学院"), ("S000000002", "示例理工职业学院")],
    "g-empty": [],
}
MAJORS = {
    "5101": ["510101", "510102"], "5102": ["510201", "510203", "510205"], "5103": ["510301"],
    "4601": ["460101", "460104"], "4602": ["460201"], "5301": ["530101"],
}
DIVISIONS = {"34": "C", "38": "C", "39": "C", "64": "I", "65": "I", "75": "M"}


def employment(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for sec, vals in HENAN_OFFICIAL.items():
        for y, v in zip(OFFICIAL_YEARS, vals):
            rows.append((REGION, sec, "section", y, "history", "baseline", v, None, None, None, None,
                         "", "official"))
        level = vals[-1]
        for y in SYNTH_YEARS:
            level *= 1 + rng.normal(0.02, 0.01)
            rows.append((REGION, sec, "section", y, "history", "baseline", round(level, 3), None, None,
                         None, None, "", "synthetic"))
        for h, y in enumerate(FC_YEARS, start=1):
            level *= 1 + 0.015
            sd = level * 0.02 * np.sqrt(h)
            rows.append((REGION, sec, "section", y, "forecast", "baseline", round(level, 3),
                         round(level - 1.2816 * sd, 3), round(level + 1.2816 * sd, 3),
                         round(level - 1.96 * sd, 3), round(level + 1.96 * sd, 3), "ensemble", "estimated"))
    cols = ["region_code", "industry_code", "industry_level", "year", "kind", "scenario", "mean",
            "lo_80", "hi_80", "lo_95", "hi_95", "model", "status"]
    return pd.DataFrame(rows, columns=cols)


def staffing(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    classes = [c for g in GROUPS.values() for c in g["classes"]]
    for div in DIVISIONS:
        w = rng.dirichlet(np.ones(len(classes)) * 0.5)
        for c, s in zip(classes, w):
            rows.append((div, c, round(float(s), 4), round(float(s) * 0.9 + 0.01, 4),
                         int(rng.integers(0, 300)), int(rng.integers(0, 80)), "posterior"))
    return pd.DataFrame(rows, columns=["industry_code", "major_class", "share", "prior_share",
                                       "n_postings", "n_graduates", "provenance"])


PLAN = "test_plan"
PLAN_ASSUMPTION = ("Test fixture (synthetic): section C is 5 % above the baseline from the second forecast "
                   "year on (recorded as a 5 % step), standing in for a plan target read as an employment path.")


def add_plan_scenario(marts: dict[str, pd.DataFrame]) -> None:
    """Append a plan scenario beside the baseline (deterministic; draws nothing from the rng).

    Section C is 5 % above the baseline from the second forecast year; the openings of the
    classes of g-equipment rise by 10 % in the same years; other classes keep the baseline (the
    report must list only the classes that differ). ``scenarios`` carries the assumption text.
    """
    emp = marts["mart_employment"]
    fc = emp[(emp["kind"] == "forecast") & (emp["scenario"] == "baseline")].copy()
    moved = (fc["industry_code"] == "C") & (fc["year"] >= FC_YEARS[1])
    for c in ("mean", "lo_80", "hi_80", "lo_95", "hi_95"):
        fc.loc[moved, c] = (fc.loc[moved, c].astype(float) * 1.05).round(3)
    marts["mart_employment"] = pd.concat([emp, fc.assign(scenario=PLAN)], ignore_index=True)
    dem = marts["mart_demand"]
    dp = dem[dem["scenario"] == "baseline"].copy()
    up = (dp["group_id"] == "g-equipment") & (dp["year"] >= FC_YEARS[1])
    for c in ("expansion", "openings", "openings_lo_80", "openings_hi_80", "openings_lo_95", "openings_hi_95"):
        dp.loc[up, c] = (dp.loc[up, c].astype(float) + dp.loc[up, "openings"].astype(float) * 0.10).round(1)
    marts["mart_demand"] = pd.concat([dem, dp.assign(scenario=PLAN)], ignore_index=True)
    marts["scenarios"] = pd.DataFrame([{
        "scenario": PLAN, "description": "测试规划情景（合成）", "adjustment": 1, "series": f"{REGION}:C",
        "region_code": REGION, "industry_code": "C", "years": f"{FC_YEARS[1]}–{FC_YEARS[-1]}",
        "first_year": FC_YEARS[1], "last_year": FC_YEARS[-1], "rule": "growth", "value": 0.05,
        "share_of": "", "assumption": PLAN_ASSUMPTION, "source": "tests/data/report/make_fixture.py",
    }])


def main() -> None:
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    marts: dict[str, pd.DataFrame] = {}
    marts["mart_employment"] = employment(rng)
    marts["mart_staffing"] = staffing(rng)
    marts["mart_vocational_share"] = pd.DataFrame(
        [(d, round(float(rng.uniform(0.3, 0.7)), 3), int(rng.integers(50, 900)), "posterior")
         for d in DIVISIONS], columns=["industry_code", "v", "n_postings", "provenance"])

    demand, gap, supply, indic, sugg, cap, evals, flags = [], [], [], [], [], [], [], []
    for gid, g in GROUPS.items():
        if gid == "g-empty":
            continue  # a group with no postings, no members and no forecasts must still render
        for c in g["classes"]:
            base = float(rng.uniform(800, 9000))
            for h, y in enumerate(FC_YEARS, start=1):
                exp = base * float(rng.uniform(-0.05, 0.25))
                rep = base * float(rng.uniform(0.6, 0.9))
                op = max(0.0, exp + rep)
                sd = op * 0.08 * np.sqrt(h)
                demand.append((gid, REGION, c, y, "baseline", round(exp, 1), round(rep, 1), round(op, 1),
                               round(op - 1.28 * sd, 1), round(op + 1.28 * sd, 1),
                               round(max(0, op - 1.96 * sd), 1), round(op + 1.96 * sd, 1)))
                sup = op * float(rng.uniform(0.5, 1.5))
                ratio = (op - sup) / op if op else None
                rating = ("strong_shortage" if ratio > 0.3 else "moderate_shortage" if ratio > 0.1 else
                          "balance" if ratio > -0.1 else "moderate_surplus" if ratio > -0.3 else "strong_surplus")
                drivers = ";".join(d for d in ("training", "retention", "suitability") if rng.random() < 0.4)
                gap.append((gid, c, y, round(op, 1), round(sup, 1), round(ratio, 4), rating, drivers,
                            "few_obs" if rng.random() < 0.2 else ""))
            for y in range(2019, 2025):
                p = int(rng.integers(40, 2000))
                indic.append((c, REGION, y, p, int(p * 0.6), round(1 / 0.6, 3),
                              round(float(rng.uniform(4000, 7500)), 0), round(float(rng.normal(0.04, 0.03)), 4),
                              round(float(rng.uniform(0.3, 0.8)), 3)))
            for m in MAJORS[c]:
                for code, _ in COLLEGES[gid]:
                    if rng.random() < 0.7:
                        for y in FC_YEARS:
                            supply.append((gid, c, m, code, y, round(float(rng.uniform(20, 300)), 1), "synthetic"))
                for y in (2024, 2025):
                    chosen = [n for _, n in COLLEGES[gid] if rng.random() < 0.6] or [COLLEGES[gid][0][1]]
                    cap.append((m, c, g["category"], "郑州市", y, len(chosen), ";".join(chosen), "synthetic"))
            action = ["expand", "maintain", "reduce", "establish"][int(rng.integers(0, 4))]
            sugg.append((gid, c, action, f"R{int(rng.integers(1, 6))}",
                         f"gap ratio {gap[-1][5]:+.2f}; posting growth {indic[-1][7]:+.1%}"))
            if rng.random() < 0.5:
                flags.append((gid, c, "wide_interval", "95% interval wider than the mean"))
        for code, name in COLLEGES[gid]:
            for ind in ("alignment", "employment_rate", "counterpart_rate", "retention"):
                evals.append((gid, code, name, False, ind, round(float(rng.uniform(0.4, 0.98)), 3), 0))
    ev = pd.DataFrame(evals, columns=["group_id", "college_code", "college_name", "is_real", "indicator",
                                      "value", "rank"])
    ev["rank"] = ev.groupby(["group_id", "indicator"])["value"].rank(ascending=False, method="min").astype(int)
    # Text from inputs that must stay inert in every format.
    flags.append(("g-electronics", "5102", "few_obs", "<script>alert(1)</script> =cmd|' /C calc'!A0"))

    marts["mart_demand"] = pd.DataFrame(demand, columns=[
        "group_id", "region_code", "major_class", "year", "scenario", "expansion", "replacement", "openings",
        "openings_lo_80", "openings_hi_80", "openings_lo_95", "openings_hi_95"])
    marts["mart_gap"] = pd.DataFrame(gap, columns=["group_id", "major_class", "year", "openings", "supply",
                                                   "gap_ratio", "rating", "drivers", "flags"])
    marts["mart_supply"] = pd.DataFrame(supply, columns=["group_id", "major_class", "major_code",
                                                         "college_code", "year", "entrants", "status"])
    marts["mart_indicators"] = pd.DataFrame(indic, columns=[
        "major_class", "region_code", "year", "postings", "postings_unique", "intensity",
        "salary_cny_month_median", "salary_growth", "share_vocational"])
    marts["mart_suggestions"] = pd.DataFrame(sugg, columns=["group_id", "major_class", "action", "rule_id",
                                                            "evidence"])
    marts["mart_capacity"] = pd.DataFrame(cap, columns=["major_code", "major_class", "category", "city", "year",
                                                        "n_colleges", "colleges", "status"])
    marts["mart_college_eval"] = ev
    marts["mart_flags"] = pd.DataFrame(flags, columns=["group_id", "major_class", "flag", "detail"])
    marts["mart_backtest"] = pd.DataFrame(
        [("naive", 1, 1.00, 6.10, 0.70, 0.86), ("ensemble", 1, 0.82, 5.02, 0.78, 0.93),
         ("naive", 3, 2.40, 14.2, 0.62, 0.80), ("ensemble", 3, 1.85, 11.0, 0.76, 0.91)],
        columns=["model", "horizon", "mase", "smape", "coverage_80", "coverage_95"])
    marts["sources"] = pd.DataFrame([
        ("河南省分行业城镇单位就业人员 (NBS 分省年度数据)", "2009-2017", "official statistics (cite NBS)",
         "https://data.stats.gov.cn/", "official"),
        ("教育部高职专业设置备案 (专业布点)", "2013-2025", "public MOE information",
         "https://zyyxzy.moe.edu.cn/", "official"),
        ("就业人员 2018-2024 (bridged)", "2024", "derived", "", "estimated"),
        ("招生与毕业生 (示例生成器)", "seed 20261123", "synthetic, no licence needed", "", "synthetic"),
    ], columns=["name", "vintage", "licence", "url", "status"])

    add_plan_scenario(marts)
    for name, df in marts.items():
        df.to_csv(OUT / f"{name}.csv", index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
