"""Scale-out benchmark of forecasting: 100,000 yearly series, local engine vs a Dask LocalCluster.

Usage::

    .venv/bin/python benchmarks/scale_forecast.py --series 100000 [--engines local pool dask] [--partition-size 5000]

Data: SYNTHETIC yearly series from a seeded, vectorised generator: lengths 10–25 years ending
in 2022–2024, levels log-uniform over 10–100,000, trend, AR(1) noise, and a level shift in
~5 % of them (like the 2013 revision of China's employment statistics).

Engines (each in a fresh child process):

* ``local``: ``talentcast.forecast.forecast_frame`` on the whole table (what
  ``talentcast forecast-series`` runs: one process, vectorised over the panel).
* ``pool``: ``talentcast.executor.forecast_partitioned`` on ``Engine(workers=2)``.
* ``dask``: ``forecast_partitioned`` on a ``distributed.LocalCluster(n_workers=2,
  threads_per_worker=1)``.

Every engine's output is compared with the local one (it must be identical); peak RSS is the
largest sampled sum over the child and its descendants (scheduler, nannies, workers).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from scale_postings import run_measured  # noqa: E402


def generate(n: int, seed: int = 20261123) -> pd.DataFrame:
    """SYNTHETIC long table (series_id, period, value), vectorised."""
    rng = np.random.default_rng(seed)
    length = rng.integers(10, 26, n)
    end = 2024 - rng.integers(0, 3, n)
    level = np.exp(rng.uniform(np.log(10), np.log(100_000), n))
    growth = rng.normal(0.02, 0.04, n)
    rows = int(length.sum())
    sid = np.repeat(np.arange(n), length)
    start = np.repeat(np.cumsum(length) - length, length)
    t = np.arange(rows) - start
    period = np.repeat(end - length + 1, length) + t
    eps = rng.normal(0, 0.05, rows)
    # AR(1) noise per series, vectorised over the flat table by a few passes of smoothing.
    noise = eps.copy()
    for _ in range(3):
        prev = np.concatenate([[0.0], noise[:-1]])
        noise = eps + 0.5 * np.where(t > 0, prev, 0.0)
    value = np.repeat(level, length) * np.exp(np.repeat(growth, length) * t + noise)
    shift = np.repeat(rng.random(n) < 0.05, length) & (t >= np.repeat(length // 2, length))
    value = np.where(shift, value * 1.4, value)
    ids = np.char.add("S", np.char.zfill(np.arange(n).astype(str), 6))
    return pd.DataFrame({"series_id": ids[sid], "period": period.astype(np.int64), "value": value})


CHILD = r"""
import json, sys, time
import pandas as pd
kind, path, out, psize = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
df = pd.read_parquet(path)
t = time.perf_counter()
if kind == "local":
    from talentcast.forecast import forecast_frame
    fc = forecast_frame(df, 5)
else:
    from talentcast.executor import Engine, forecast_partitioned
    if kind == "dask":
        from distributed import LocalCluster
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        engine = Engine(scheduler=cluster.scheduler_address)
    else:
        engine = Engine(workers=2)
    t = time.perf_counter()  # cluster start-up is not forecast time
    fc = forecast_partitioned(df, 5, engine, partition_size=psize)
dt = time.perf_counter() - t
fc.reset_index(drop=True).to_parquet(out)
print(json.dumps({"seconds": dt, "series": int(df["series_id"].nunique()), "rows": len(fc)}), flush=True)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--series", type=int, default=100_000)
    ap.add_argument("--engines", nargs="+", default=["local", "pool", "dask"])
    ap.add_argument("--partition-size", type=int, default=5000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/talentcast-scale-forecast"))
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    src = args.workdir / f"series-{args.series}.parquet"
    generate(args.series).to_parquet(src)
    print(f"inputs: {args.series:,} series, {len(pd.read_parquet(src)):,} rows; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    results = {}
    ref = None
    for kind in args.engines:
        out = args.workdir / f"fc-{kind}.parquet"
        res, peak = run_measured([sys.executable, "-c", CHILD, kind, str(src), str(out), str(args.partition_size)])
        fc = pd.read_parquet(out)
        if ref is None:
            ref = fc
        res.update(peak_rss_mib=peak, series_per_s=res["series"] / res["seconds"], load_after=os.getloadavg()[0],
                   identical_to_first=bool(fc.equals(ref)))
        results[kind] = res
        print(f"{kind:6s} {res['series']:>8,} series  {res['seconds']:7.1f} s  {res['series_per_s']:>8,.0f} series/s  peak RSS {peak:6.0f} MiB  CPU {res['cpu_s']:5.0f} s  "
              f"identical to {args.engines[0]}: {res['identical_to_first']}  (load {res['load_after']:.1f})", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
