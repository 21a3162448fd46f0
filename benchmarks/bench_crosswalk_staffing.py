"""Benchmark the industry crosswalks on posting-sized inputs.

Run: ``.venv/bin/python benchmarks/bench_crosswalk_staffing.py [--n-postings 1000000]``

Input: the real 智联招聘 2019 sample (``data/sample/postings/zhaopin_2019``, 27,274
unique postings; pass ``--sample-dir``), resampled with a fixed seed to ``--n-postings`` rows
(new ids; the industry codes and education values are real). Major classes for the
"classified" step are drawn at random (seeded) — only the speed is measured here.

Measures: ``map_platform_industries`` (platform labels → GB/T divisions, with the unknown
report), ``postings_by_industry`` + ``vocational_share``, ``posting_major_counts`` and
``staffing_matrix`` with that evidence, ``export_staffing`` (CSV + XLSX).
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def _load(sample_dir: Path) -> pd.DataFrame:
    rows = []
    for f in sorted(sample_dir.glob("*.json.gz")):
        with gzip.open(f) as fh:
            for page in json.load(fh)["all_data"]:
                for r in page["data"]["results"]:
                    rows.append((r["number"], "zhaopin_2019", r.get("industry") or "", (r.get("eduLevel") or {}).get("name")))
    df = pd.DataFrame(rows, columns=["posting_id", "source", "industry_raw", "education"])
    return df.drop_duplicates("posting_id").reset_index(drop=True)


def _timed(fn, *a, **k):
    t = time.perf_counter()
    out = fn(*a, **k)
    return out, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-postings", type=int, default=1_000_000)
    parser.add_argument("--sample-dir", type=Path, default=Path(__file__).resolve().parents[1] / "data/sample/postings/zhaopin_2019")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from talentcast.crosswalk import staffing as st
    from talentcast.crosswalk.platform_industries import map_platform_industries
    from talentcast.reference import majors

    real = _load(args.sample_dir)
    rng = np.random.default_rng(args.seed)
    idx = rng.integers(0, len(real), args.n_postings)
    big = real.iloc[idx].reset_index(drop=True)
    big["posting_id"] = np.arange(len(big)).astype(str)
    print(f"real sample: {len(real):,} unique postings; benchmark input: {len(big):,} rows")

    (mapped_r, unknown_r), t_real = _timed(map_platform_industries, real)
    print(f"map_platform_industries, real sample: {t_real:.2f} s; {mapped_r.posting_id.nunique():,} mapped, "
          f"{len(unknown_r)} unknown codes")
    (mapped, unknown), t_map = _timed(map_platform_industries, big)
    print(f"map_platform_industries, {len(big):,} rows: {t_map:.2f} s ({len(big) / t_map / 1e3:.0f} k postings/s)")

    long, t_long = _timed(st.postings_by_industry, big, mapped)
    v, t_v = _timed(st.vocational_share, None, long)
    print(f"postings_by_industry: {t_long:.2f} s ({len(long):,} rows); vocational_share: {t_v:.2f} s")

    classes = np.array([c.code for c in majors("higher_vocational").level("class")])
    classified = big.assign(major_class=rng.choice(classes, len(big)))
    counts, t_c = _timed(st.posting_major_counts, classified, mapped)
    s, t_s = _timed(st.staffing_matrix, posting_counts=counts)
    print(f"posting_major_counts: {t_c:.2f} s ({len(counts):,} cells); staffing_matrix: {t_s:.3f} s ({len(s):,} cells)")
    with tempfile.TemporaryDirectory() as tmp:
        _, t_x = _timed(st.export_staffing, s, v, tmp)
    print(f"export_staffing (CSV + XLSX): {t_x:.2f} s")


if __name__ == "__main__":
    main()
