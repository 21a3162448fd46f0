"""Write the report fixture's INPUTS; the marts are computed from them by the real pipeline code.

SYNTHETIC except the Henan employment history 2009-2017 for sections C, I and M, copied from
the real NBS provincial series (official statistics, cite the National Bureau of Statistics)
and labelled ``official``. Colleges are invented ("示例…学院", codes starting with ``S``) so no
synthetic number sits on a real institution.

``inputs/`` holds what the forecast and crosswalk stages hand to the analysis (employment with
its forecast and a plan scenario, staffing matrix, vocational shares), the raw tables the
analysis reads (postings, enrollment, graduates, the major register) and the forecast stage's
back-test, computed here by ``talentcast.forecast.backtest_frame`` on the employment history.
``loader.load_marts()`` runs ``talentcast.analysis.run_analysis`` and
``talentcast.analysis.capacity.capacity_by_major`` on them, so the report tests render the
marts exactly as the pipeline writes them (all columns, province rows included).

Re-run with ``python tests/data/report/make_fixture.py`` (same output each time).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "inputs"
SEED = 20261123

# Real Henan urban-unit employment (万人), NBS provincial annual data, sections C, I, M.
HENAN_OFFICIAL = {
    "C": [154.7755, 158.8, 193.8204, 218.2526, 312.6681, 337.1025, 352.884, 363.2567, 353.2353],
    "I": [5.2037, 4.9, 5.8671, 6.3358, 9.4622, 9.7236, 10.4292, 12.1649, 13.2086],
    "M": [11.0772, 11.5, 12.2544, 13.1169, 14.8175, 16.3859, 17.1527, 17.7763, 17.1205],
}
OFFICIAL_YEARS = list(range(2009, 2018))
BRIDGE_YEARS = list(range(2018, 2025))
FC_YEARS = list(range(2025, 2032))
EDITION = 2026  # the fixture's edition: it forecasts 2027-2031
REGION = "410000"
PLAN = "test_plan"
PLAN_ASSUMPTION = ("Test fixture (synthetic): section C is 5 % above the baseline from the second forecast "
                   "year on (recorded as a 5 % step), standing in for a plan target read as an employment path.")

CLASSES = {"5101": ["510101", "510102"], "5102": ["510201", "510203", "510205"], "5103": ["510301"],
           "4601": ["460101", "460104"], "4602": ["460201"], "5301": ["530101"]}
COLLEGES = {"S000000001": "示例信息职业学院", "S000000002": "示例理工职业学院", "S000000003": "示例城市职业学院",
            "S000000004": "示例机电职业学院"}
# Which colleges offer which classes (the register); g-empty's class 5301 is offered by nobody.
OFFERS = {"S000000001": ["5101", "5102"], "S000000002": ["5102", "5103", "4601"], "S000000003": ["5101", "5103"],
          "S000000004": ["4601", "4602"]}
DIVISIONS = {"34": "C", "38": "C", "39": "C", "64": "I", "65": "I", "75": "M"}


def employment(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for sec, vals in HENAN_OFFICIAL.items():
        for y, v in zip(OFFICIAL_YEARS, vals):
            rows.append((REGION, sec, "section", y, "history", "baseline", v, None, None, None, None, "", "official"))
        level = vals[-1]
        for y in BRIDGE_YEARS:
            level *= 1 + rng.normal(0.02, 0.01)
            rows.append((REGION, sec, "section", y, "history", "baseline", round(level, 3), None, None, None, None,
                         "", "synthetic"))
        for h, y in enumerate(FC_YEARS, start=1):
            level *= 1 + 0.015
            sd = level * 0.02 * np.sqrt(h)
            for scen, f in (("baseline", 1.0), (PLAN, 1.05 if sec == "C" and y >= FC_YEARS[1] else 1.0)):
                mu = level * f
                rows.append((REGION, sec, "section", y, "forecast", scen, round(mu, 3), round(mu - 1.2816 * sd, 3),
                             round(mu + 1.2816 * sd, 3), round(mu - 1.96 * sd, 3), round(mu + 1.96 * sd, 3),
                             "ensemble", "estimated"))
    cols = ["region_code", "industry_code", "industry_level", "year", "kind", "scenario", "mean",
            "lo_80", "hi_80", "lo_95", "hi_95", "model", "status"]
    return pd.DataFrame(rows, columns=cols)


def staffing(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    classes = list(CLASSES)
    for div in DIVISIONS:
        w = rng.dirichlet(np.ones(len(classes)) * 0.5)
        for c, s in zip(classes, w / w.sum()):
            rows.append((div, c, float(s), round(float(s) * 0.9 + 0.01, 4), int(rng.integers(0, 300)),
                         int(rng.integers(0, 80)), "posterior"))
    return pd.DataFrame(rows, columns=["industry_code", "major_class", "share", "prior_share", "n_postings",
                                       "n_graduates", "provenance"])


def postings(rng: np.random.Generator) -> pd.DataFrame:
    rows, n = [], 0
    for c in ("5101", "5102", "5103", "4601", "4602"):  # none for 5301: a class without postings
        for y in range(2019, 2025):
            for _ in range(int(rng.integers(15, 60))):
                lo = float(rng.uniform(3500, 7000))
                n += 1
                rows.append((f"p{n:05d}", bool(rng.random() < 0.1), "410100", y, c, bool(rng.random() < 0.6),
                             round(lo), round(lo * 1.4), ["大专", "本科", "中专"][int(rng.integers(0, 3))], "ok"))
    return pd.DataFrame(rows, columns=["posting_id", "is_duplicate", "region_code", "year", "major_class",
                                       "is_vocational", "salary_cny_month_min", "salary_cny_month_max", "education",
                                       "classification_status"])


def register(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for code, classes in OFFERS.items():
        for c in classes:
            for major in CLASSES[c]:
                if rng.random() < 0.75:
                    rows += [(y, code, COLLEGES[code], major, 3) for y in (2021, 2022, 2023, 2024, 2025)]
    return pd.DataFrame(rows, columns=["year", "college_code", "college_name", "major_code", "duration_years"])


def enrollment_graduates(rng: np.random.Generator, programmes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    enr, grads = [], []
    for (code, major), _ in programmes.groupby(["college_code", "major_code"]):
        base = float(rng.uniform(40, 260))
        for y in range(2019, 2025):
            enr.append((code, major, y, round(base * (1 + 0.03 * (y - 2019))), None, "synthetic"))
        for y in range(2021, 2025):
            g = round(base * 0.9)
            emp = round(g * float(rng.uniform(0.75, 0.95)))
            grads.append((code, major, y, g, emp, round(g * 0.05), round(emp * float(rng.uniform(0.5, 0.9))),
                          round(emp * float(rng.uniform(0.4, 0.8))), round(float(rng.uniform(3500, 5500))), "synthetic"))
    return (pd.DataFrame(enr, columns=["college_code", "major_code", "year", "new_students", "students_in_school",
                                       "status"]),
            pd.DataFrame(grads, columns=["college_code", "major_code", "year", "graduates", "employed",
                                         "further_study", "employed_in_province", "counterpart_employed",
                                         "starting_salary_cny_month", "status"]))


def backtest(emp: pd.DataFrame) -> pd.DataFrame:
    """The forecast stage's back-test of its models on the fixture's employment history."""
    from talentcast.forecast import backtest_frame

    hist = emp[(emp["kind"] == "history")]
    series = pd.DataFrame({"series_id": REGION + ":" + hist["industry_code"], "period": hist["year"].astype(int),
                           "value": hist["mean"].astype(float)})
    return backtest_frame(series, 3)


def main() -> None:
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    emp = employment(rng)
    programmes = register(rng)
    enrollment, graduates = enrollment_graduates(rng, programmes)
    tables = {
        "employment": emp, "staffing": staffing(rng),
        "vocational_share": pd.DataFrame([(d, round(float(rng.uniform(0.3, 0.7)), 3), int(rng.integers(50, 900)),
                                           "posterior") for d in DIVISIONS],
                                         columns=["industry_code", "v", "n_postings", "provenance"]),
        "postings": postings(rng), "programmes": programmes, "enrollment": enrollment, "graduates": graduates,
        "mart_backtest": backtest(emp),
        "sources": pd.DataFrame([
            ("nbs_provincial_henan", "国家统计局 分省年度数据：河南省按行业分城镇单位就业人员",
             "NBS provincial annual data: Henan urban-unit employment by section", "2009–2017",
             "official statistics (cite NBS)", "https://data.stats.gov.cn/", "official"),
            ("fixture_bridge", "就业人员 2018–2024（合成）", "Employment 2018–2024 (synthetic)", "2024",
             "generated by the test fixture", "", "synthetic"),
            ("fixture_sample", "招生、毕业生、招聘与专业备案（示例生成器）",
             "Enrollment, graduates, postings and the register (sample generator)", "seed 20261123",
             "generated by the test fixture", "", "synthetic"),
        ], columns=["source_id", "name_zh", "name_en", "vintage", "licence", "url", "status"]),
        "scenarios": pd.DataFrame([{
            "scenario": PLAN, "description": "测试规划情景（合成）", "adjustment": 1, "series": f"{REGION}:C",
            "region_code": REGION, "industry_code": "C", "years": f"{FC_YEARS[1]}–{FC_YEARS[-1]}",
            "first_year": FC_YEARS[1], "last_year": FC_YEARS[-1], "rule": "growth", "value": 0.05,
            "share_of": "", "assumption": PLAN_ASSUMPTION, "source": "tests/data/report/make_fixture.py"}]),
    }
    for name, df in tables.items():
        df.to_csv(OUT / f"{name}.csv", index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
