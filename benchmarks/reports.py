"""Benchmark: render all 21 reports (20 groups + province) as HTML, Markdown and XLSX; PDF timed apart.

Usage::

    .venv/bin/python benchmarks/reports.py --workspace /tmp/tc_demo          # marts of a demo workspace
    .venv/bin/python benchmarks/reports.py --synthetic                        # demo-scale synthetic marts
    .venv/bin/python benchmarks/reports.py --synthetic --pdf 21               # also print 21 PDFs

``--workspace`` reads the marts from a workspace built by ``talentcast demo``; ``--synthetic``
generates marts of the demo's size for the packaged 20-group registry with a seeded generator
(every number synthetic), so the benchmark runs even when no workspace is at hand.
Budget (issue 7): 21 reports × (html, md, xlsx) ≤ 30 s on the demo workspace.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from talentcast.reference import load_registry, majors
from talentcast.report.context import PROVINCE_ID, default_names
from talentcast.report.render import html_to_pdf, render_reports

SECTIONS = list("ABCDEFGHIJKLMNOPQRS")
DIVS = {"C": ["34", "35", "38", "39"], "I": ["63", "64", "65"], "E": ["47", "48"], "Q": ["84"], "F": ["51"],
        "G": ["53", "54"], "M": ["74", "75"], "P": ["83"], "A": ["01", "05"], "H": ["61", "62"]}


def synthetic_marts(registry, seed: int = 7) -> dict[str, pd.DataFrame]:
    """Demo-scale marts for every group of ``registry`` (seeded; all synthetic)."""
    rng = np.random.default_rng(seed)
    mj = majors()
    fc_years = list(range(2025, 2031))
    emp, staff, demand, gap, supply, cap, ind, sugg, ev, flags = [], [], [], [], [], [], [], [], [], []
    for sec in SECTIONS:
        level = float(rng.uniform(5, 350))
        for y in range(2009, 2031):
            level *= 1 + rng.normal(0.02, 0.02)
            kind = "history" if y < 2025 else "forecast"
            sd = level * 0.02 * max(1, y - 2024) ** 0.5 if kind == "forecast" else np.nan
            emp.append(("410000", sec, "section", y, kind, "baseline", level, level - 1.28 * sd, level + 1.28 * sd,
                        level - 1.96 * sd, level + 1.96 * sd, "ensemble", "official" if y <= 2017 else "synthetic"))
    all_classes = sorted({c for g in registry.groups for c in g.classes})
    for sec, divs in DIVS.items():
        for d in divs:
            w = rng.dirichlet(np.ones(len(all_classes)) * 0.3)
            staff += [(d, c, float(s), float(s), int(rng.integers(0, 500)), int(rng.integers(0, 90)), "posterior")
                      for c, s in zip(all_classes, w)]
    for g in registry.groups:
        colleges = [(f"S{g.id[:3].upper()}{i:05d}", f"示例{g.name_zh[2:6]}学院{i}") for i in range(int(rng.integers(8, 30)))]
        for c in g.classes:
            kids = [k.code for k in mj.children(c)] if c in mj else []
            base = float(rng.uniform(300, 12000))
            for y in fc_years:
                e, r = base * rng.uniform(-0.05, 0.2), base * rng.uniform(0.6, 0.9)
                op = max(0.0, e + r)
                demand.append((g.id, "410000", c, y, "baseline", e, r, op, op * 0.9, op * 1.1, op * 0.82, op * 1.18))
                s = op * rng.uniform(0.4, 1.6)
                ratio = (op - s) / op
                rating = ("strong_shortage" if ratio > 0.3 else "moderate_shortage" if ratio > 0.1 else "balance"
                          if ratio > -0.1 else "moderate_surplus" if ratio > -0.3 else "strong_surplus")
                gap.append((g.id, c, y, op, s, ratio, rating, "training;retention" if ratio > 0.1 else "", ""))
            for k in kids:
                offered = [n for _, n in colleges if rng.random() < 0.3]
                for y in (2024, 2025):
                    cap.append((k, c, c[:2], "河南省", y, len(offered), "、".join(offered), "synthetic", "major", "410000"))
                for code, _ in colleges:
                    if rng.random() < 0.2:
                        supply += [(g.id, c, k, code, y, float(rng.uniform(20, 200)), "synthetic") for y in fc_years]
            for y in range(2019, 2025):
                p = int(rng.integers(10, 3000))
                ind.append((c, "410000", y, p, int(p * 0.6), 1.6, float(rng.uniform(3500, 8000)), rng.normal(0.04, 0.03),
                            rng.uniform(0.3, 0.8)))
            sugg.append((g.id, c, ["expand", "maintain", "reduce_or_merge", "establish"][int(rng.integers(0, 4))], "R1",
                         f"gap ratio {ratio:+.2f}"))
            flags.append((g.id, c, "wide_interval", "95% interval wide"))
        for code, name in colleges:
            for i in ("alignment_enrollment", "programme_share_shortage", "programmes"):
                ev.append((g.id, code, name, False, i, float(rng.uniform(0, 1)) if i != "programmes" else int(rng.integers(1, 40)),
                           int(rng.integers(1, len(colleges) + 1))))
    cols = {
        "mart_employment": ["region_code", "industry_code", "industry_level", "year", "kind", "scenario", "mean", "lo_80",
                            "hi_80", "lo_95", "hi_95", "model", "status"],
        "mart_staffing": ["industry_code", "major_class", "share", "prior_share", "n_postings", "n_graduates", "provenance"],
        "mart_demand": ["group_id", "region_code", "major_class", "year", "scenario", "expansion", "replacement", "openings",
                        "openings_lo_80", "openings_hi_80", "openings_lo_95", "openings_hi_95"],
        "mart_gap": ["group_id", "major_class", "year", "openings", "supply", "gap_ratio", "rating", "drivers", "flags"],
        "mart_supply": ["group_id", "major_class", "major_code", "college_code", "year", "entrants", "status"],
        "mart_capacity": ["major_code", "major_class", "category", "city", "year", "n_colleges", "colleges", "status", "level",
                          "city_code"],
        "mart_indicators": ["major_class", "region_code", "year", "postings", "postings_unique", "intensity",
                            "salary_cny_month_median", "salary_growth", "share_vocational"],
        "mart_suggestions": ["group_id", "major_class", "action", "rule_id", "evidence"],
        "mart_college_eval": ["group_id", "college_code", "college_name", "is_real", "indicator", "value", "rank"],
        "mart_flags": ["group_id", "major_class", "flag", "detail"],
    }
    data = {"mart_employment": emp, "mart_staffing": staff, "mart_demand": demand, "mart_gap": gap, "mart_supply": supply,
            "mart_capacity": cap, "mart_indicators": ind, "mart_suggestions": sugg, "mart_college_eval": ev,
            "mart_flags": flags}
    marts = {k: pd.DataFrame(v, columns=cols[k]) for k, v in data.items()}
    marts["mart_vocational_share"] = pd.DataFrame([(d, 0.5, 100, "prior") for ds in DIVS.values() for d in ds],
                                                  columns=["industry_code", "v", "n_postings", "provenance"])
    marts["mart_backtest"] = pd.DataFrame([("naive", 1, 1.0, 6.0, 0.7, 0.85), ("ensemble", 1, 0.8, 5.0, 0.79, 0.94)],
                                          columns=["model", "horizon", "mase", "smape", "coverage_80", "coverage_95"])
    marts["sources"] = pd.DataFrame([("synthetic benchmark marts", "seed 7", "n/a", "", "synthetic")],
                                    columns=["name", "vintage", "licence", "url", "status"])
    return marts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--workspace", type=Path, help="a workspace built by `talentcast demo`")
    src.add_argument("--synthetic", action="store_true", help="generate demo-scale synthetic marts")
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--pdf", type=int, default=0, help="also print this many reports to PDF (timed separately)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)

    if args.workspace:
        from talentcast.config import load_settings
        from talentcast.workflows import read_marts

        settings = load_settings(args.workspace, {})
        marts = read_marts(settings)
        if "scenarios" not in marts:  # until workflows.report adds it: the assumptions of the plan applied
            from talentcast.forecast.scenario_table import scenario_mart

            marts["scenarios"] = scenario_mart(settings.scenario)
        registry = load_registry(workspace=args.workspace)
    else:
        registry = load_registry()
        marts = synthetic_marts(registry)
    rows = sum(len(v) for v in marts.values())
    names = default_names()
    out = args.out or Path(tempfile.mkdtemp(prefix="tc-bench-reports-"))
    t0 = time.perf_counter()
    paths = render_reports(marts, registry, out, None, formats=("html", "md", "xlsx"), lang=args.lang, names=names)
    t_main = time.perf_counter() - t0
    n_reports = len({p.stem for p in paths})
    print(f"marts: {len(marts)} tables, {rows:,} rows; groups in registry: {len(registry.groups)}")
    print(f"html+md+xlsx: {n_reports} reports, {len(paths)} files in {t_main:.2f} s "
          f"({t_main / max(n_reports, 1):.3f} s per report) -> {out}")
    if args.pdf:
        htmls = sorted(p for p in paths if p.suffix == ".html")
        htmls = [p for p in htmls if f"_{PROVINCE_ID}_" in p.name] + [p for p in htmls if f"_{PROVINCE_ID}_" not in p.name]
        t1 = time.perf_counter()
        for h in htmls[: args.pdf]:
            html_to_pdf(h, h.with_suffix(".pdf"))
        t_pdf = time.perf_counter() - t1
        print(f"pdf: {min(args.pdf, len(htmls))} reports in {t_pdf:.2f} s ({t_pdf / max(min(args.pdf, len(htmls)), 1):.2f} s each)")
    return 0 if t_main <= 30 else 1


if __name__ == "__main__":
    sys.exit(main())
