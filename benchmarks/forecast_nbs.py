"""Rolling-origin check on real NBS employment series (national and Henan, 万人).

Data: the committed fixtures tests/data/forecast/china_employment_10k_2000-2021.csv (19
sections 2003–2021 + total 2000–2021) and henan_employment_10k_2009-2017.csv (19 sections +
their sum), derived from the NBS samples in data/sample/statistics (see the README beside them). These series
were never used to choose any setting of the engine.

For each origin o (years cut from the end) every method sees only data up to the origin
and forecasts h years; scores are pooled over series, origins and horizons: MASE (scale:
mean absolute first difference of the training years), sMAPE (%), and the coverage of
talentcast's 80 / 95 % intervals. statsforecast (AutoETS, DynamicOptimizedTheta,
AutoARIMA, Naive) is run on the same origins for comparison.

Usage:
    python benchmarks/forecast_nbs.py [--h 3] [--no-sf]
"""

from __future__ import annotations

import argparse
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from talentcast.forecast import backtest_frame

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "forecast"


def sf_backtest(df: pd.DataFrame, h: int, origins: list[int]) -> pd.DataFrame:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, DynamicOptimizedTheta, Naive

    models = {
        "AutoETS": AutoETS(season_length=1),
        "DynamicOptimizedTheta": DynamicOptimizedTheta(season_length=1),
        "AutoARIMA": AutoARIMA(season_length=1),
        "Naive": Naive(),
    }
    rows = []
    for o in origins:
        tr, te = [], []
        for sid, g in df.sort_values("period").groupby("series_id"):
            if len(g) - o < 3:
                continue
            tr.append(g.iloc[: len(g) - o])
            te.append(g.iloc[len(g) - o : len(g) - o + h])
        train = pd.concat(tr).rename(columns={"series_id": "unique_id", "period": "ds", "value": "y"})
        test = pd.concat(te)
        scale = train.groupby("unique_id")["y"].apply(lambda s: np.mean(np.abs(np.diff(s.to_numpy()))))
        for name, model in models.items():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    fc = StatsForecast(models=[model], freq=1, n_jobs=1).forecast(df=train, h=h)
            except Exception as exc:  # noqa: BLE001 - e.g. AutoETS refuses very short series
                print(f"<!-- statsforecast {name} failed at origin {o}: {type(exc).__name__}: {exc} -->")
                continue
            fc = fc.rename(columns={"unique_id": "series_id", "ds": "period"})
            m = test.merge(fc, on=["series_id", "period"])
            e = np.abs(m["value"] - m[name])
            rows.append(
                pd.DataFrame(
                    {
                        "model": name,
                        "mase": e / m["series_id"].map(scale),
                        "smape": 200 * e / (m["value"].abs() + m[name].abs()),
                    }
                )
            )
    r = pd.concat(rows)
    return r.groupby("model").agg(mase=("mase", "mean"), smape=("smape", "mean"), n=("mase", "size")).reset_index()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--h", type=int, default=3)
    ap.add_argument("--no-sf", action="store_true")
    args = ap.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} (2 cores, shared)")
    for name, origins in [("china_employment_10k_2000-2021", list(range(1, 7))), ("henan_employment_10k_2009-2017", [1, 2, 3, 4])]:
        df = pd.read_csv(DATA / f"{name}.csv", dtype={"series_id": str})
        print(f"\n## {name}: {df.series_id.nunique()} series, h = {args.h}, origins {origins}\n")
        print("| model | MASE | sMAPE | cover 80 | cover 95 | n |\n|---|---|---|---|---|---|")
        for label, kw in [("talentcast (2013 declared)", {"level_shifts": {"*": [2013]}}), ("talentcast (detected shifts)", {})]:
            bt = backtest_frame(df, args.h, origins=origins, **kw)
            a = bt[bt.horizon == "all"].set_index("model")
            r = a.loc["ensemble"]
            print(f"| {label} | {r.mase:.3f} | {r.smape:.2f} | {r.coverage_80 * 100:.0f} % | {r.coverage_95 * 100:.0f} % | {int(r.n)} |")
        for m in ["naive", "damped", "dotm", "drift"]:  # members, detected-shifts run
            r = a.loc[m]
            print(f"| member: {m} | {r.mase:.3f} | {r.smape:.2f} | | | {int(r.n)} |")
        if not args.no_sf:
            s = sf_backtest(df, args.h, origins)
            for _, r in s.iterrows():
                print(f"| statsforecast {r.model} | {r.mase:.3f} | {r.smape:.2f} | | | {int(r.n)} |")


if __name__ == "__main__":
    main()
