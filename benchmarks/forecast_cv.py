"""Selection-half cross-validation of engine settings over every set of forecast_sets.py.

What settings are chosen on (issue 14): the *selection* halves only, of all sets together,
never the held-out halves. Per set it prints the engine's OWA against the best of naive,
drift and statsforecast's models (cached by forecast_sets.py), the coverage of the 80 / 95 %
intervals and their MSIS (the M4 competition's scaled interval score, a proper score: width
plus 2/alpha times the miss, over the training years' mean absolute change; lower is better).
It adds two earlier origins of the three competition sets (the last h training years of
each selection series as actuals, and the h years before those — the second added in the
fourth round, before any of its candidates was run — so they get more than one origin of
evidence; only naive and drift are compared there). The summary line is the mean of
log(engine OWA / best other) over the six sets, over the nine rows with the first earlier
origins, over all twelve rows; the mean log MSIS (80 and 95 %) over the six sets (a proper
interval score on the whole selection halves, lower is better); and a guard for the
product's longer horizon: the median width of the 80 % interval ten years ahead on the two
official fixtures. The seventh set of forecast_sets.py (wages) is deliberately not here.

Usage:
    python benchmarks/forecast_cv.py '{}' '{"n_origins": 5}' ...   # one JSON config per run
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import forecast_sets as fs  # noqa: E402

from talentcast.forecast import forecast_frame  # noqa: E402


def earlier(s: fs.Set, times: int = 1) -> fs.Set:
    """The set ``times`` horizons earlier: of each series' training years, the h years that
    end (times − 1)·h years before its last become actuals, the years before them training."""
    b = s.batches[0]
    tr, act, ids, held = [], [], [], []
    pos = {sid: i for i, sid in enumerate(b.ids)}
    cut = times * s.h
    for sid, g in b.train.groupby("series_id", sort=False):
        v = g["value"].to_numpy()
        if len(v) - cut < 4:
            continue
        tr.append(g.iloc[: len(v) - cut])
        act.append(v[len(v) - cut : len(v) - cut + s.h])
        ids.append(sid)
        held.append(b.held_out[pos[sid]])
    label = ", earlier origin" if times == 1 else f", origin {times}h earlier"
    return fs.Set(s.name + label, s.h, [fs.Batch(pd.concat(tr), np.vstack(act), ids, np.array(held))])


def msis(s: fs.Set, config: dict | None) -> dict[int, float]:
    """Mean scaled interval score of the engine's 80 / 95 % intervals on the selection half."""
    out: dict[int, list] = {80: [], 95: []}
    for b in s.batches:
        g = b.train.groupby("series_id", sort=False)["value"]
        scale = g.apply(lambda v: np.mean(np.abs(np.diff(v.to_numpy())))).loc[b.ids].to_numpy()
        fc = forecast_frame(b.train, s.h, level_shifts=b.level_shifts, config=config, reference=b.reference,
                            reference_data=b.reference_data).set_index("series_id").loc[b.ids]
        sel = ~b.held_out
        A = b.actual[sel]
        ok = ~np.isnan(A)
        for lv in out:
            lo = fc[f"lo_{lv}"].to_numpy().reshape(len(b.ids), s.h)[sel]
            hi = fc[f"hi_{lv}"].to_numpy().reshape(len(b.ids), s.h)[sel]
            a = 1 - lv / 100
            sc = (hi - lo + 2 / a * np.maximum(lo - A, 0) + 2 / a * np.maximum(A - hi, 0)) / scale[sel][:, None]
            out[lv].append(sc[ok])
    return {lv: float(np.mean(np.concatenate(v))) for lv, v in out.items()}


def long_horizon_width(config: dict | None, h: int = 10) -> float:
    """Median 80 % interval width / forecast, h years ahead, over the two official fixtures.

    A guard, not a score: the product forecasts ten years ahead (the sets above, three to
    six), and a calibration that only looks better at short horizons can blow up there.
    """
    frames = [pd.read_csv(fs.DATA / f, dtype={"series_id": str})
              for f in ("china_employment_10k_2000-2021.csv", "henan_employment_10k_2009-2017.csv")]
    w = []
    for df in frames:
        fc = forecast_frame(df, h, level_shifts={"*": [2013]}, config=config)
        last = fc[fc.groupby("series_id")["period"].transform("max") == fc["period"]]
        w.append(((last["hi_80"] - last["lo_80"]) / last["mean"]).to_numpy())
    return float(np.median(np.concatenate(w)))


def main() -> None:
    sets = fs.all_sets()
    # Fourth round (decided before any candidate was run): a second earlier origin, 2h before
    # the end, for the competition sets, and the mean log MSIS of the six sets in the summary.
    extra = [earlier(s) for s in sets[:3]] + [earlier(s, 2) for s in sets[:3]]
    cache = Path("/tmp/talentcast-forecast-peers")
    for arg in sys.argv[1:] or ["{}"]:
        config = json.loads(arg) or None
        logs, lines, lmsis = [], [], []
        for s in sets + extra:
            r, c = fs.evaluate(s, config, cache, use_peers=s in sets)["selection"]
            others = {m: v[2] for m, v in r.items() if m != "engine"}
            best = min(others, key=others.get)
            e = r["engine"][2]
            logs.append(np.log(e / others[best]))
            m = msis(s, config)
            if s in sets:
                lmsis += [np.log(m[80]), np.log(m[95])]
            lines.append(f"  {s.name}: OWA {e:.3f} vs {best} {others[best]:.3f}; cover {c[80] * 100:.1f} / "
                         f"{c[95] * 100:.1f} %; MSIS {m[80]:.2f} / {m[95]:.2f}")
        print(f"{arg}: mean log(OWA / best other) {np.mean(logs[:6]):+.4f} (six sets), {np.mean(logs[:9]):+.4f} (with "
              f"the earlier origins), {np.mean(logs):+.4f} (with the 2h-earlier ones too); mean log MSIS 80 / 95 of the "
              f"six sets {np.mean(lmsis):.4f}; official series 10 years ahead, median 80 % width / forecast "
              f"{long_horizon_width(config):.2f}")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
