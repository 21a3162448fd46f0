"""Benchmark of the analysis stage (run_analysis) on realistic sizes.

Real parts: Henan employment by section 2009–2017 (NBS, ../shared/samples/statistics) as
history, and the MOE major register 2021–2025 (../shared/samples/supply) as programmes.
Synthetic parts (seeded, for timing only, never published): the employment forecast
(shrunk drift from 2017 with widening intervals), the staffing matrix and vocational shares,
18 city regions (the province split by fixed shares), member colleges and their enrollment
and graduates.

Usage:
    .venv/bin/python benchmarks/bench_analysis.py [--draws 1000] [--cities] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from talentcast.analysis import AnalysisInputs, AnalysisSettings, run_analysis, summary_by_group
from talentcast.analysis.inputs import section_of

REPO = Path(__file__).resolve().parents[1]  # the committed copies of the shared samples and reference


def real_register(years=(2021, 2022, 2023, 2024, 2025)) -> pd.DataFrame:
    rows = []
    for y in years:
        p = REPO / f"data/sample/programmes/moe_majors_河南省_{y}.txt.gz"
        if not p.exists():
            continue
        for rec in gzip.decompress(p.read_bytes()).decode("utf-8").split("^_^"):
            name = re.search(r"机构名称：(.*)", rec)
            code = re.search(r"学校标识码：(\d+)", rec)
            major = re.search(r"开设专业：.*\((\d{6})\)", rec)
            if name and code and major:
                rows.append({"year": y, "college_code": code.group(1)[-10:], "college_name": name.group(1).strip(),
                             "major_code": major.group(1), "status": "official"})
    return pd.DataFrame(rows).drop_duplicates(["year", "college_code", "major_code"])


def build(cities: bool, seed: int = 7) -> AnalysisInputs:
    rng = np.random.default_rng(seed)
    st = pd.read_csv(REPO / "data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv", dtype={"year": int})
    st = st[st["measure"] == "employment_10k_persons"]
    hist = st.rename(columns={"section": "industry_code", "value": "mean"})[["industry_code", "year", "mean"]]
    hist = hist.assign(region_code="410000", kind="history", scenario="baseline", status="official")
    last = hist[hist["year"] == 2017].set_index("industry_code")["mean"]
    fc = []
    for sec, e in last.items():
        g = rng.normal(0.01, 0.02)
        for h in range(1, 6):
            m = e * (1 + 0.5 * g) ** h
            s = e * 0.03 * np.sqrt(h)
            fc.append({"region_code": "410000", "industry_code": sec, "year": 2017 + h, "kind": "forecast",
                       "scenario": "baseline", "mean": m, "lo_80": m - 1.28 * s, "hi_80": m + 1.28 * s,
                       "lo_95": m - 1.96 * s, "hi_95": m + 1.96 * s, "status": "synthetic"})
    emp = pd.concat([hist, pd.DataFrame(fc)], ignore_index=True)
    if cities:
        shares = rng.dirichlet(np.ones(18))
        city_codes = [f"41{i:02d}00" for i in range(1, 19)]
        parts = [emp]
        for c, s in zip(city_codes, shares):
            x = emp.copy()
            x["region_code"] = c
            for col in ("mean", "lo_80", "hi_80", "lo_95", "hi_95"):
                x[col] = x[col] * s
            parts.append(x)
        emp = pd.concat(parts, ignore_index=True)
    ref = pd.read_csv(REPO / "data/reference/vocational_majors_2021.csv", dtype=str)
    classes = ref[(ref["level"] == "class") & ref["code"].str[:1].isin(["4", "5"])]["code"].tolist()
    divisions = [f"{d:02d}" for d in range(1, 98)]
    rows = []
    for d in divisions:
        k = rng.choice(len(classes), 8, replace=False)
        for c, s in zip(np.array(classes)[k], rng.dirichlet(np.ones(8))):
            rows.append({"industry_code": d, "major_class": c, "share": s})
    staffing = pd.DataFrame(rows)
    v = pd.DataFrame({"industry_code": divisions, "v": rng.uniform(0.2, 0.8, len(divisions))})
    prog = real_register()
    cats = sorted({c[:2] for c in classes})
    groups, enr, grads = [], [], []
    for cat in cats:
        members = [(f"SYN{cat}{j:02d}", f"样本学院{cat}-{j}", True) for j in range(8)]
        groups.append({"id": f"G{cat}", "categories": [cat], "members": members})
        majors = ref[(ref["level"] == "major") & ref["code"].str.startswith(cat)]["code"].tolist()
        for code, _, _ in members:
            for mj in rng.choice(majors, min(6, len(majors)), replace=False):
                base = rng.integers(40, 300)
                for y in range(2016, 2025):
                    enr.append({"college_code": code, "major_code": mj, "year": y, "new_students": float(base), "status": "synthetic"})
                for y in range(2019, 2025):
                    gcount = base * rng.uniform(0.85, 0.97)
                    emp_n = gcount * rng.uniform(0.8, 0.95)
                    grads.append({"college_code": code, "major_code": mj, "year": y, "graduates": gcount, "employed": emp_n,
                                  "further_study": gcount * rng.uniform(0.05, 0.2), "employed_in_province": emp_n * rng.uniform(0.5, 0.9),
                                  "counterpart_employed": emp_n * rng.uniform(0.4, 0.9), "status": "synthetic"})
    n = 30_000
    posts = pd.DataFrame({
        "posting_id": np.arange(n).astype(str), "is_duplicate": rng.random(n) < 0.4,
        "region_code": rng.choice([f"41{i:02d}00" for i in range(1, 19)], n), "year": rng.integers(2019, 2024, n),
        "major_class": rng.choice(classes, n), "is_vocational": rng.random(n) < 0.6,
        "salary_cny_month_min": rng.integers(3000, 8000, n).astype(float), "salary_cny_month_max": np.nan,
        "education": rng.choice(["大专", "本科", "中专/中技", "不限"], n),
    })
    posts["salary_cny_month_max"] = posts["salary_cny_month_min"] * 1.5
    return AnalysisInputs(employment=emp, staffing=staffing, vocational_share=v, groups=groups, postings=posts,
                          graduates=pd.DataFrame(grads), enrollment=pd.DataFrame(enr), programmes=prog)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--cities", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    t0 = time.perf_counter()
    inputs = build(a.cities)
    t_build = time.perf_counter() - t0
    settings = AnalysisSettings(n_draws=a.draws)
    times, cpu = [], []
    for _ in range(a.repeat):
        t, c = time.perf_counter(), time.process_time()
        marts = run_analysis(inputs, settings)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print(f"inputs: {len(inputs.employment)} employment rows, {len(inputs.staffing)} staffing cells, "
          f"{len(inputs.programmes)} register rows, {len(inputs.groups)} groups, {len(inputs.postings)} postings "
          f"(built in {t_build:.1f} s)")
    print("marts: " + ", ".join(f"{k}={len(v)}" for k, v in marts.items()))
    print(f"run_analysis draws={a.draws} cities={a.cities}: best {min(times):.2f} s, median {sorted(times)[len(times)//2]:.2f} s over {a.repeat}; "
          f"CPU best {min(cpu):.2f} s (wall includes waiting for the shared cores)")
    s = summary_by_group(marts)
    prov = [x for x in s if x["group_id"] == "province"][0]
    print("province ratings:", prov["ratings"], "actions:", prov["actions"])


if __name__ == "__main__":
    main()
