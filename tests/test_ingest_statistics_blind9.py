"""Blind measure 9 of the statistics ingestor on hard but realistic forms.

Each file of tests/data/ingest/statistics_blind9 is ingested alone into a temporary lake and
its landed rows are paired with the answer key (expected.csv, fixed before any run). A file
passes when every key row lands with the right region, industry, scope, measure, year and value
(relative tolerance 1e-6) and nothing else lands. Known misses are strict xfails whose reason
is the cause measured in one run. ``python tests/test_ingest_statistics_blind9.py`` prints the
per-file, per-field table.
"""

from __future__ import annotations

import csv
import math
import tempfile
from pathlib import Path

import pytest

from talentcast.ingest.statistics import ingest_statistics
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "statistics_blind9"
FIELDS = ("region_code", "industry_code", "scope", "measure", "year", "value")
MIN_PAIR_SCORE = 4  # a landed row must share 4 of the 6 fields to count as the key row's figure

# Measured once (11/12 files, 503/522 figures, 0 extras): file 09's records inside an API
# envelope ({"code": 0, "data": {"list": [...]}}) were refused. Fixed after the measure was recorded.
XFAIL: dict[str, str] = {}


def _key() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    with (DATA / "expected.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            r["year"], r["value"] = int(r["year"]), float(r["value"])
            rows.setdefault(r.pop("file"), []).append(r)
    return rows


KEY = _key()


def _same(field: str, want, got) -> bool:
    if field == "value":
        try:
            return math.isclose(float(got), want, rel_tol=1e-6)
        except (TypeError, ValueError):
            return False
    if field == "year":
        try:
            return int(got) == want
        except (TypeError, ValueError):
            return False
    return str(got) == want


def _land(path: Path, tmp: Path) -> list[dict]:
    """Ingest one file into a fresh lake and return its statistics rows as dicts."""
    lake = Lake(tmp / "lake")
    ingest_statistics(lake, [path], raise_on_error=False)
    try:
        frame = Lake(tmp / "lake").read("statistics")
    except Exception:  # no table: nothing landed
        return []
    if frame is None:
        return []
    return frame.to_dict("records")


def score(file: str, landed: list[dict]) -> dict:
    """Pair landed rows with key rows greedily by shared fields; count right fields and extras."""
    key = KEY[file]
    cands = []
    for i, k in enumerate(key):
        for j, row in enumerate(landed):
            s = sum(_same(f, k[f], row.get(f)) for f in FIELDS)
            if s >= MIN_PAIR_SCORE:
                cands.append((-s, i, j))
    cands.sort()
    pair: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in cands:
        if i not in pair and j not in used:
            pair[i] = j
            used.add(j)
    right = {f: 0 for f in FIELDS}
    full = 0
    for i, k in enumerate(key):
        if i not in pair:
            continue
        ok = [_same(f, k[f], landed[pair[i]].get(f)) for f in FIELDS]
        for f, good in zip(FIELDS, ok):
            right[f] += good
        full += all(ok)
    return {"given": len(key), "landed": len(landed), "paired": len(pair), "full": full,
            "right": right, "extras": len(landed) - len(used)}


def measure(file: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        return score(file, _land(DATA / file, Path(tmp)))


@pytest.mark.parametrize(
    "file",
    [pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=XFAIL[f])) if f in XFAIL else f
     for f in sorted(KEY)],
)
def test_file_lands_fully_right(file: str) -> None:
    res = measure(file)
    assert res["full"] == res["given"] and res["extras"] == 0, res


def test_score_pairs_and_counts_fields() -> None:
    """The scorer itself: a wrong value, a missing row and an extra are each counted."""
    file = "12_national_wage_english.csv"
    key = KEY[file]
    landed = [dict(k) for k in key[1:]]
    landed[0]["value"] = landed[0]["value"] + 1
    landed.append({"region_code": "410000", "industry_code": "Z", "scope": "x",
                   "measure": "y", "year": 1900, "value": -1.0})
    res = score(file, landed)
    assert res["paired"] == len(key) - 1
    assert res["right"]["value"] == len(key) - 2
    assert res["full"] == len(key) - 2
    assert res["extras"] == 1


if __name__ == "__main__":
    tot = {f: 0 for f in FIELDS}
    given = full = extras = 0
    print(f"{'file':40} given landed full " + " ".join(f"{f[:8]:>8}" for f in FIELDS) + " extras")
    for file in sorted(KEY):
        r = measure(file)
        print(f"{file:40} {r['given']:5} {r['landed']:6} {r['full']:4} "
              + " ".join(f"{r['right'][f]:8}" for f in FIELDS) + f" {r['extras']:6}")
        given += r["given"]
        full += r["full"]
        extras += r["extras"]
        for f in FIELDS:
            tot[f] += r["right"][f]
    print(f"{'TOTAL':40} {given:5} {'':6} {full:4} " + " ".join(f"{tot[f]:8}" for f in FIELDS)
          + f" {extras:6}")
