"""Benchmark the reference lookups that sit on hot paths (ingest, crosswalk, reports).

Run: ``.venv/bin/python benchmarks/bench_reference.py [--n-postings 1000000]``

Measures: cold import+load of every classification (fresh interpreter), validate() throughput
over every code, search() latency, regions().resolve_many() on a posting-sized column of
realistic area strings (many duplicates, as in real postings), and load_registry().
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd


def _cold_load() -> float:
    code = (
        "import time; t=time.perf_counter();"
        "from talentcast.reference import industries, majors, occupations, regions, colleges, load_registry;"
        "industries(); majors(); occupations(); regions(); colleges(); load_registry();"
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-postings", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from talentcast.reference import industries, load_registry, majors, occupations, regions

    cold = min(_cold_load() for _ in range(3))
    print(f"cold import + load all tables + registry (best of 3): {cold:.3f} s")

    for name, cl in [("industries", industries()), ("majors", majors()), ("occupations", occupations())]:
        codes = [c.code for c in cl] * 50
        t = time.perf_counter()
        for c in codes:
            cl.validate(c)
        dt = time.perf_counter() - t
        print(f"{name}.validate: {len(codes) / dt / 1e6:.2f} M codes/s ({len(codes)} calls)")

    t = time.perf_counter()
    bad = 0
    for c in ["C99", "3899x", "469901", "9-99", "计算器制造"] * 40:
        try:
            industries().validate(c)
        except Exception:  # noqa: BLE001 - counting error paths
            bad += 1
    print(f"validate error path (closest matches): {(time.perf_counter() - t) / bad * 1e3:.2f} ms/error")

    queries = ["计算机", "机器人", "护理", "汽车制造", "软件开发", "工业机器人技朮"]
    t = time.perf_counter()
    for q in queries * 10:
        majors().search(q)
        industries().search(q)
    print(f"search (majors + industries): {(time.perf_counter() - t) / (len(queries) * 10) * 1e3:.2f} ms/query pair")

    rng = np.random.default_rng(args.seed)
    vocab = ["郑州", "郑州市", "郑州-金水区", "河南省洛阳市", "浙江省宁波", "北京", "上海-浦东新区", "深圳",
             "广州", "成都", "重庆", "异地招聘", "", "新乡", "河南", "湖北省襄阳", "南阳市卧龙区", "济源"]
    # Many distinct strings (district suffixes) as in real postings, with heavy repetition.
    distinct = vocab + [f"郑州-{d}区" for d in "金水中原二七管城惠济上街"] + [f"河南省{c}市{i}" for c in ["开封", "安阳"] for i in range(500)]
    col = pd.Series(rng.choice(np.array(distinct, dtype=object), size=args.n_postings))
    t = time.perf_counter()
    out = regions().resolve_many(col)
    dt = time.perf_counter() - t
    share = out["region_code"].notna().mean()
    print(f"regions.resolve_many: {args.n_postings} strings ({col.nunique()} distinct) in {dt:.2f} s "
          f"({args.n_postings / dt / 1e6:.2f} M/s); resolved {share:.1%}")

    t = time.perf_counter()
    for _ in range(20):
        load_registry()
    print(f"load_registry (parse + validate 20 groups): {(time.perf_counter() - t) / 20 * 1e3:.1f} ms")
    print(f"machine: {os.cpu_count()} cores (shared with other workers during this run)")


if __name__ == "__main__":
    main()
