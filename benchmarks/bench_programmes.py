"""Benchmark the MOE register ingest, the concordance build, capacity marts and the bridge back-test.

Run: ``.venv/bin/python benchmarks/bench_programmes.py``

Measures (on the packaged real data, data/sample/programmes, 13 files, 59,877 records):
ingest into a fresh lake (wall time, records/s), idempotent re-run, concordance rebuild,
capacity_by_major / capacity_change, and the bridge back-test errors (Henan, origin 2015,
horizons 2016–17) for several damping factors against two naive baselines.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pandas as pd

from talentcast.analysis import capacity
from talentcast.forecast import bridge
from talentcast.ingest.register_concordance import concordance_from_files, summary
from talentcast.ingest.programmes import ingest_programmes
from talentcast.lake import Lake
from talentcast.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    data = resource_path("data")
    files = sorted((data / "sample" / "programmes").glob("*.txt.gz"))
    print(f"load average: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as d:
        lake = Lake(Path(d) / "lake")
        t = time.perf_counter()
        rep = ingest_programmes(lake, files)
        dt = time.perf_counter() - t
        print(f"ingest {len(files)} files, {rep.rows_read} records: {dt:.2f} s ({rep.rows_read / dt:,.0f} records/s); accepted {rep.rows_accepted}, quarantined {rep.quarantined_by_reason}")
        t = time.perf_counter()
        ingest_programmes(lake, files)
        print(f"re-run (all already ingested): {time.perf_counter() - t:.2f} s")
        prog = lake.read("programmes")
    print("unmapped programmes (old code without 2021 mapping) per year:", prog[prog["major_code"].isna()].groupby("year").size().to_dict())
    cat = pd.read_csv(data / "reference" / "vocational_majors_2021.csv", dtype=str, keep_default_na=False)
    t = time.perf_counter()
    conc = concordance_from_files(files, cat)
    print(f"concordance rebuild: {time.perf_counter() - t:.2f} s, {len(conc)} rows\n{summary(conc).to_string()}")
    cols = pd.read_csv(data / "reference" / "henan_colleges_2025.csv", dtype=str)
    regs = pd.read_csv(data / "reference" / "regions_gbt2260.csv", dtype=str)
    t = time.perf_counter()
    cap = capacity.capacity_by_major(prog, cols, regions=regs)
    ch = capacity.capacity_change(prog)
    print(f"capacity_by_major + capacity_change: {time.perf_counter() - t:.2f} s ({len(cap)} + {len(ch)} rows)")
    prov = cap[(cap["level"] == "category") & (cap["city_code"] == "410000")]
    print("布点 (colleges × majors, province) 2021 → 2025:", int(ch["n_base"].sum()), "→", int(ch["n_latest"].sum()), f"opened {int(ch['opened'].sum())}, withdrawn {int(ch['withdrawn'].sum())}")
    cities = cap[(cap["level"] == "category") & (cap["city_code"] != "410000")]
    print("capacity rows with unknown city (college not in the 2025 list):", int((cities["city"] == capacity.UNKNOWN_CITY).sum()), "of", len(cities))
    print("province 布点 by category, 2025:", prov[prov["year"] == prov["year"].max()].set_index("category")["n_colleges"].to_dict())

    dt_ = {"region_code": str, "industry_code": str}
    h = pd.read_csv(ROOT / "tests" / "data" / "bridge" / "henan_sections_2011-2017.csv", dtype=dt_)
    n = pd.read_csv(ROOT / "tests" / "data" / "bridge" / "national_sections_2011-2021.csv", dtype=dt_)
    print("\nbridge back-test, Henan, origin 2015 → 2016–17 (MAPE %, sections; APE % total employment)")
    for phi in (0.0, 0.3, 0.5, 0.8, 1.0):
        s = bridge.backtest_summary(bridge.backtest_bridge(h, n, origin=2015, horizon_years=[2016, 2017], phi=phi)).set_index("measure")
        print(f"  phi={phi:.1f}: employment {s.loc['employment_10k', 'mape_sections']:.2f} (max {s.loc['employment_10k', 'max_ape_sections']:.1f}, total {s.loc['employment_10k', 'mape_total']:.2f}); wage {s.loc['avg_wage_cny_year', 'mape_sections']:.2f}")
    # naive baselines without national information
    sec = h[h["industry_level"] == "section"]
    for name, fn in (("naive (Henan 2015 value)", lambda g, y: g.loc[2015]), ("drift 2013–15 of Henan itself", lambda g, y: g.loc[2015] + (g.loc[2015] - g.loc[2013]) / 2 * (y - 2015))):
        errs = {}
        for (m, c), g in sec.groupby(["measure", "industry_code"]):
            g = g.set_index("year")["value"]
            for y in (2016, 2017):
                errs.setdefault(m, []).append(abs(fn(g, y) - g.loc[y]) / g.loc[y] * 100)
        print(f"  {name}: " + "; ".join(f"{m} {sum(v) / len(v):.2f}" for m, v in errs.items()))


if __name__ == "__main__":
    main()
