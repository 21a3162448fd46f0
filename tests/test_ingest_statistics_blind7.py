"""Blind set 7: does each real-statistics file land what an analyst expects, field by field?

The 18 files and the answer key are in tests/data/ingest/statistics_blind7/ (README.md there
says where every figure comes from and what should land). Each file is ingested alone into a
temporary lake with no option; landed rows are paired with the key's rows and every field
(region_code, industry_code, scope, measure, year, value) is scored; a landed row the key does
not hold is an extra and makes the file wrong. Files measured wrong are in XFAIL (strict) with
the cause measured once, on the rows and quarantine reasons the ingest left.

`python tests/test_ingest_statistics_blind7.py` prints the per-file, per-field table.
"""

from __future__ import annotations

import math
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest

from talentcast.ingest.statistics import ingest_statistics
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "statistics_blind7"
FIELDS = ("region_code", "industry_code", "scope", "measure", "year", "value")
KEY = pd.read_csv(DATA / "expected.csv", dtype={"region_code": str, "industry_code": str})
FILES = sorted(p.name for p in DATA.iterdir() if p.name[:2].isdigit())

# Measured once (see the module docstring); file name → cause.
# The one measured run (2026-12-05 ~06:00 UTC, after the fixes of rounds 5 and 6) missed six
# files (12/18 right, 1,006/1,295 figures, 15 rows that should not land): a universe named only
# in a data.stats.gov.cn JSON's indicator names and its rounded "strdata" taken for the figure;
# a second table headed by two-digit years ("15年"); a Word table saved as .htm; an English csv
# whose title and "Unit: 1,000 persons" lines hold prose commas; universes (国有单位 …) under a
# stacked measure header; 三次产业 columns landing as totals. All six were fixed after it.
XFAIL: dict[str, str] = {}


def _same(field: str, got, want) -> bool:
    if got is None or (isinstance(got, float) and math.isnan(got)):
        return False
    if field == "value":
        return math.isclose(float(got), float(want), rel_tol=1e-6)
    if field == "year":
        return int(got) == int(want)
    return str(got) == str(want)


def landed(name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ingest one file alone into a fresh lake; its statistics rows and quarantine rows."""
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lake = Lake(Path(tmp) / "lake")
        ingest_statistics(lake, [DATA / name], raise_on_error=False)
        lake = Lake(Path(tmp) / "lake")
        rows = lake.read("statistics") if lake.exists("statistics") else pd.DataFrame(columns=FIELDS)
        quarantine = lake.read("quarantine") if lake.exists("quarantine") else pd.DataFrame()
        return rows.reset_index(drop=True), quarantine.reset_index(drop=True)


def score(name: str, rows: pd.DataFrame) -> dict[str, int]:
    """Pair landed rows with key rows (most fields alike first) and count fields right.

    A key row with no landed row sharing at least 3 of the 6 fields counts every field wrong;
    a landed row left unpaired is an extra.
    """
    want = KEY[KEY.file == name].to_dict("records")
    got = rows.to_dict("records")
    pairs = sorted(
        ((sum(_same(f, g.get(f), w[f]) for f in FIELDS), i, j)
         for i, w in enumerate(want) for j, g in enumerate(got)),
        key=lambda t: (-t[0], t[1], t[2]))
    used_w: dict[int, int] = {}
    used_g: set[int] = set()
    for n, i, j in pairs:
        if n < 3:
            break
        if i not in used_w and j not in used_g:
            used_w[i] = j
            used_g.add(j)
    out = {f: 0 for f in FIELDS}
    full = 0
    for i, w in enumerate(want):
        if i in used_w:
            g = got[used_w[i]]
            ok = [_same(f, g.get(f), w[f]) for f in FIELDS]
            for f, good in zip(FIELDS, ok):
                out[f] += good
            full += all(ok)
    out.update(given=len(want), full=full, landed=len(got), extra=len(got) - len(used_g))
    return out


def _right(s: dict[str, int]) -> bool:
    return s["full"] == s["given"] and s["extra"] == 0


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=XFAIL[n])) if n in XFAIL else n
     for n in FILES])
def test_file_lands_exactly_its_key(name: str) -> None:
    rows, quarantine = landed(name)
    s = score(name, rows)
    reasons = quarantine["reason"].value_counts().to_dict() if "reason" in quarantine else {}
    assert _right(s), f"{name}: {s}; quarantined {reasons}"


def test_key_covers_every_file_but_the_prose_bulletin() -> None:
    assert len(FILES) == 18
    assert set(KEY.file) == set(FILES) - {"05_河南省2017年统计公报_就业与工资_节选.txt"}
    assert set(XFAIL) <= set(FILES)


if __name__ == "__main__":
    totals = {f: 0 for f in (*FIELDS, "given", "full", "landed", "extra")}
    right = 0
    print(f"{'file':<64}" + "".join(f"{f[:8]:>9}" for f in totals) + "  ok")
    for name in FILES:
        rows, quarantine = landed(name)
        s = score(name, rows)
        right += _right(s)
        for k in totals:
            totals[k] += s[k]
        print(f"{name[:62]:<64}" + "".join(f"{s[k]:>9}" for k in totals) + ("  yes" if _right(s) else "  NO"))
    print(f"{'TOTAL':<64}" + "".join(f"{totals[k]:>9}" for k in totals) + f"  {right}/{len(FILES)}")
