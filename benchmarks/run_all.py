"""Run the benchmarks whose figures are in benchmarks/RESULTS.md, one after another.

Usage: python benchmarks/run_all.py [--full] [--only NAME ...]

Without --full the sizes are reduced so that the whole set finishes in a few minutes; --full
uses the sizes the issues name (1M and 10M postings, 100k series: allow an hour on 2 cores).
Each benchmark prints its own figures; copy them into RESULTS.md with the command line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# name: (quick arguments, full arguments)
BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    "ingest_postings": (["--n", "100000", "--workdir", "/tmp/tc_bench_ingest"], ["--n", "1000000", "--workdir", "/tmp/tc_bench_ingest"]),
    "classify_postings": (["--rows", "100000", "--repeat", "1"], ["--rows", "1000000", "--repeat", "3"]),
    "forecast_m3": ([], []),
    "forecast_speed": ([], []),
    "forecast_nbs": ([], []),
    "reports": (["--synthetic"], ["--synthetic", "--pdf", "21"]),
    "bench_analysis": (["--repeat", "1"], ["--repeat", "3"]),
    "bench_crosswalk_staffing": (["--n-postings", "100000"], ["--n-postings", "1000000"]),
    "bench_programmes": ([], []),
    "bench_reference": (["--n-postings", "100000"], ["--n-postings", "1000000"]),
    "scale_forecast": (["--series", "10000", "--workdir", "/tmp/tc_bench_scale_fc"], ["--series", "100000", "--partition-size", "5000", "--workdir", "/tmp/tc_bench_scale_fc"]),
    "scale_postings": (["--n", "1000000", "--files", "4", "--workdir", "/tmp/tc_bench_scale"], ["--n", "10000000", "--files", "10", "--workdir", "/tmp/tc_bench_scale"]),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="use the sizes the issues name")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), help="run only these")
    args = parser.parse_args()
    failed = []
    for name in args.only or BENCHMARKS:
        extra = BENCHMARKS[name][1 if args.full else 0]
        cmd = [sys.executable, str(HERE / f"{name}.py"), *extra]
        print(f"\n=== {name}: {' '.join(cmd[1:])}", flush=True)
        start = time.perf_counter()
        rc = subprocess.call(cmd)
        print(f"=== {name}: exit {rc} in {time.perf_counter() - start:.1f} s", flush=True)
        if rc:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
