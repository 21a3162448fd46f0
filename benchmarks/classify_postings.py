"""Benchmark: classify 1,000,000 postings into vocational major classes (target ≤ 30 s).

The postings are synthetic-ish: real titles and descriptions from the committed training corpus
(models/training/posting_titles.csv.gz, real 智联招聘/51job postings), drawn with replacement by
a seeded generator, a third of them given a decoration (city, perks, salary, reference number)
as real titles carry, so the number of distinct titles is realistic (~10^5) rather than tiny.

Usage:
    .venv/bin/python benchmarks/classify_postings.py [--rows 1000000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

import numpy as np
import pandas as pd

from talentcast.crosswalk.classifier import classify_frame
from talentcast.crosswalk.classifier_training import default_training_corpus, load_or_train_classifier

_DECOR = ["（五险一金）", "+双休", "(包吃住)", "/应届生可", "（急招）", "5K起", "-北京", "（上海）", "+提成", "（广州）", "6-8K"]


def make_postings(n: int, seed: int = 7) -> pd.DataFrame:
    """n synthetic-ish postings built from real titles (seeded)."""
    corpus = pd.read_csv(default_training_corpus(), dtype=str, keep_default_na=False)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(corpus), size=n)
    titles = corpus["title"].to_numpy()[idx].astype(object)
    decorate = rng.random(n) < 0.33
    ref = rng.integers(0, 50_000, size=n)
    deco = np.array(_DECOR, dtype=object)[rng.integers(0, len(_DECOR), size=n)]
    titles[decorate] = titles[decorate] + deco[decorate] + "-" + ref[decorate].astype(str)
    return pd.DataFrame(
        {
            "posting_id": np.arange(n).astype(str),
            "title": titles,
            "description": corpus["description"].to_numpy()[idx],
            "education": corpus["education"].to_numpy()[idx],
        }
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    clf = load_or_train_classifier(None)
    t_load = time.perf_counter() - t0
    df = make_postings(args.rows)
    n_unique = int(pd.Series([f"{t}\x1f{d}" for t, d in zip(df["title"], df["description"], strict=True)]).nunique())
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        out = classify_frame(df, classifier=clf)
        times.append(time.perf_counter() - t)
    result = {
        "rows": args.rows,
        "distinct_texts": n_unique,
        "model_load_s": round(t_load, 2),
        "classify_s": [round(x, 2) for x in times],
        "classify_s_best": round(min(times), 2),
        "rows_per_s_best": int(args.rows / min(times)),
        "classified_share": round(float((out["classification_status"] == "classified").mean()), 4),
        "with_major_share": round(float((out["major"] != "").mean()), 4),
        "threshold": clf.threshold,
        "python": sys.version.split()[0],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load avg {os.getloadavg()[0]:.1f}",
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for k, v in result.items():
            print(f"{k:>18}: {v}")
    return 0 if min(times) <= 30 else 1


if __name__ == "__main__":
    raise SystemExit(main())
