"""Blind measure 11 of the statistics ingestor on hard but realistic forms.

Each file of tests/data/ingest/statistics_blind11 is ingested alone into a temporary lake and
its landed rows are paired with the answer key (expected.csv, fixed before any run). A file
passes when every key row lands with the right region, industry, scope, measure, year and value
(relative tolerance 1e-6) and nothing else lands. Known misses are strict xfails whose reason
is the cause measured in one run. ``python tests/test_ingest_statistics_blind11.py`` prints the
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

DATA = Path(__file__).parent / "data" / "ingest" / "statistics_blind11"
FIELDS = ("region_code", "industry_code", "scope", "measure", "year", "value")
MIN_PAIR_SCORE = 4  # a landed row must share 4 of the 6 fields to count as the key row's figure

# Measured once (first contact; answer key fixed before the run): 4/12 files fully right,
# 508/857 figures right, 180 extra rows. One provable key error was fixed after the run: file
# 04's title, sheet and file name name no place, so its 40 figures are national (100000) by
# the documented rule, not Henan as first keyed; with it 548/857 figures are right.
#
#   file                                    given landed full region industry scope measure year value extras
#   01_transposed_letters_over_names.xlsx     80     80   80     80       80    80      80   80    80      0
#   02_pdf_excel_split_labels.xlsx            60     45   45     45       45    45      45   45    45      0
#   03_city_wage_wanyuan.xlsx                 38     38   38     38       38    38      38   38    38      0
#   04_yearend_average_wagebill.xlsx          40     60   40     40       40    40      40   40    40     20
#   05_side_by_side_tables.xlsx              120      0    0      0        0     0       0    0     0      0
#   06_gbt2002_lettered.xlsx                  60     60   48     60       48    60      60   60    60      0
#   07_spliced_2002_2011_series.xlsx         120    120  120    120      120   120     120  120   120      0
#   08_footnote_marks.xlsx                    40     38   38     38       38    38      38   38    38      0
#   09_semicolon_decimal_comma.csv            60     57    0     57       57    57      57   57     0      0
#   10_unit_ren_one_column_wanren.xlsx        59     59   59     59       59    59      59   59    59      0
#   11_national_provinces_as_columns.xlsx    140    140   40     40      140   140     140  140   140      0
#   12_quarterly_wage_qianyuan.xlsx           40    200   40     40       40    40      40   40    40    160
#   TOTAL                                    857         548    617      705   717     717  717   660    180
# Every miss was fixed after the measure was recorded; tests/test_ingest_statistics_forms11.py holds
# an independent example of each form (decimal commas decided per sheet, NBS-spaced province
# names, quarter and month columns, 平均人数 beside 年末人数, names over 门类 letters, "(a)" marks,
# tables side by side, labels a PDF conversion broke) and of the guard against two figures on
# one key (none lands, each quarantined duplicate_key).
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
    file = "12_quarterly_wage_qianyuan.xlsx"
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
