"""Blind measure 6 of the statistics ingestor: 18 real-figure forms, each ingested alone.

The files and the answer key (``expected.csv``) were written from the user documentation only
(README, docs/data-dictionary.md), before the ingestor ran on them; ``make_blind6.py``
regenerates them from the repository's NBS samples. Each file is ingested with no options
into its own lake; landed rows are paired with key rows (greedily, by the number of agreeing
fields) and scored per field. A file is right when every key figure landed with all six fields
right and nothing else landed. Files that are not right are strict xfails carrying the cause
measured on the one blind run, so a fix shows up as an XPASS.

``python tests/test_ingest_statistics_blind6.py`` prints the per-file, per-field table.
"""

from __future__ import annotations

import csv
import math
import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from talentcast.ingest.statistics import ingest_statistics
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "statistics_blind6"
FIELDS = ("region_code", "industry_code", "scope", "measure", "year", "value")
_TMP = tempfile.TemporaryDirectory(prefix="blind6-")

# Measured on the one blind run (see the commit that filled it); the cause as observed.
# The one measured run (at 9d44f4b, before any fix) missed six files (12/18 right, 920/1,236
# figures): 河南 only in the file name (already fixed by blind round 5's causes when this set
# arrived), an HTML .xls with rowspan/colspan headers, a PDF-copied text table with thousands
# commas, a "河南（元）" place column, CEIC English series names, a 口径 column in words. All
# six causes were fixed after the measure.
XFAIL: dict[str, str] = {}


def _key() -> dict[str, list[dict]]:
    by_file: dict[str, list[dict]] = {}
    with (DATA / "expected.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            r["year"] = int(r["year"])
            r["value"] = float(r["value"])
            by_file.setdefault(r.pop("file"), []).append(r)
    return by_file


KEY = _key()
FILES = sorted(KEY)


@lru_cache(maxsize=None)
def landed(name: str) -> pd.DataFrame:
    """The statistics rows one file lands in a fresh lake, ingested alone with no options."""
    root = Path(_TMP.name) / name.split("_")[0] / "lake"
    ingest_statistics(Lake(root), [DATA / name], raise_on_error=False)
    lake = Lake(root)
    if not lake.exists("statistics"):
        return pd.DataFrame(columns=list(FIELDS))
    return lake.read("statistics")


def _same(field: str, want, got) -> bool:
    if got is None or (isinstance(got, float) and math.isnan(got)):
        return False
    if field == "value":
        return math.isclose(float(got), want, rel_tol=1e-6)
    if field == "year":
        return int(got) == want
    return str(got) == want


def score(name: str) -> dict:
    """Per-field rights, figures fully right, missing key rows and extra landed rows."""
    key = KEY[name]
    rows = landed(name)[list(FIELDS)].to_dict("records")
    pairs = []
    for i, k in enumerate(key):
        for j, r in enumerate(rows):
            agree = tuple(_same(f, k[f], r[f]) for f in FIELDS)
            if sum(agree) >= 3:
                pairs.append((-sum(agree), i, j, agree))
    pairs.sort()
    used_k: dict[int, tuple[bool, ...]] = {}
    used_r: set[int] = set()
    matched = []
    for _, i, j, agree in pairs:
        if i not in used_k and j not in used_r:
            used_k[i] = agree
            used_r.add(j)
            matched.append((i, j, agree))
    per_field = {f: sum(a[n] for a in used_k.values()) for n, f in enumerate(FIELDS)}
    return {
        "given": len(key),
        "landed": len(rows),
        "right": sum(all(a) for a in used_k.values()),
        "fields": per_field,
        "missing": [key[i] for i in range(len(key)) if i not in used_k],
        "wrong": [(key[i], rows[j]) for i, j, a in matched if not all(a)],
        "extra": [rows[j] for j in range(len(rows)) if j not in used_r],
    }


def _params():
    for name in FILES:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        yield pytest.param(name, marks=marks, id=name.split("_")[0])


@pytest.mark.parametrize("name", list(_params()))
def test_file_lands_every_figure_right_and_nothing_else(name: str) -> None:
    s = score(name)
    assert s["right"] == s["given"] and not s["extra"], (
        f"{name}: {s['right']}/{s['given']} right, {len(s['extra'])} extra; "
        f"fields {s['fields']}; first missing {s['missing'][:2]}; first wrong {s['wrong'][:2]}; "
        f"first extra {s['extra'][:2]}")


def test_key_is_the_files_own() -> None:
    """The key names only files of the set, and every file of the set has key rows."""
    on_disk = {p.name for p in DATA.iterdir() if p.suffix in {".csv", ".tsv", ".txt", ".xls", ".xlsx", ".json"}
               and p.name != "expected.csv"}
    assert on_disk == set(KEY)


if __name__ == "__main__":
    tot = {f: 0 for f in FIELDS}
    given = right = extra = ok = 0
    print(f"{'file':<8}{'given':>6}{'landed':>7}{'right':>6}" + "".join(f"{f[:8]:>9}" for f in FIELDS) + f"{'extra':>6}")
    for name in FILES:
        s = score(name)
        given += s["given"]
        right += s["right"]
        extra += len(s["extra"])
        ok += s["right"] == s["given"] and not s["extra"]
        for f in FIELDS:
            tot[f] += s["fields"][f]
        print(f"{name.split('_')[0]:<8}{s['given']:>6}{s['landed']:>7}{s['right']:>6}"
              + "".join(f"{s['fields'][f]:>9}" for f in FIELDS) + f"{len(s['extra']):>6}  {name}")
    print(f"{'total':<8}{given:>6}{'':>7}{right:>6}" + "".join(f"{tot[f]:>9}" for f in FIELDS) + f"{extra:>6}")
    print(f"files fully right: {ok}/{len(FILES)}; figures right: {right}/{given}")
