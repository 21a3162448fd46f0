"""Blind measure 5 of the postings ingestor on hard but realistic forms of real postings.

The files and the answer key (tests/data/ingest/postings_blind5/, built by make_blind5.py)
were written from docs/data-dictionary.md alone, before the ingestor was run on them. Each file
is ingested alone into a fresh lake; its rows are matched to the key by title and scored field
by field; a row that is neither in the key nor flagged ``is_duplicate`` is an extra.
``python tests/test_ingest_postings_blind5.py`` prints the per-file, per-field table.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "ingest" / "postings_blind5"
KEY = [json.loads(line) for line in (DATA / "expected.jsonl").read_text(encoding="utf-8").splitlines() if line]
FILES = list(dict.fromkeys(k["file"] for k in KEY))
FIELDS = ["title", "company", "region_code", "salary_cny_month_min", "salary_cny_month_max", "salary_months",
          "education", "experience_years", "posted_date", "year", "industry_raw"]

# Misses measured in one run (file -> cause); strict, so a fix turns them into failures to remove.
# Measured once (7/10 files, 654/703 fields, 0 extras). Fixed after the measure was recorded:
# 51job's API display fields (degreeString, jobAreaString …) and JSON-lines timestamps with
# "Z" (Arrow's reader dropped the offset). Left: the shifted row's crawl time.
XFAIL: dict[str, str] = {
    "scrape_listcells.csv": (
        "the row slid left over its missing place has its crawl_time in the education column; "
        "salary, experience and education are moved back but the crawl time is not, so that row "
        "lands with date_basis and year null (1 of 65 fields)"
    ),
}


def _norm(value):
    """Lake cell -> comparable Python value (dates as ISO text, NaN/NaT as None)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):  # numpy scalars
        return _norm(value.item())
    return value


def _same(want, got) -> bool:
    if isinstance(want, float) or isinstance(got, float):
        return got is not None and want is not None and abs(float(want) - float(got)) < 0.5
    return want == got


def score(file: str) -> dict:
    """Ingest ``file`` alone; return per-field right/given counts, extras and the misses."""
    from talentcast.ingest.postings import ingest_postings
    from talentcast.lake import Lake

    with tempfile.TemporaryDirectory() as tmp:
        lake = Lake(Path(tmp) / "lake")
        ingest_postings(lake, [DATA / file])
        table = Lake(Path(tmp) / "lake").read("postings")
        records = (table.to_dicts() if hasattr(table, "to_dicts") else table.to_pylist() if hasattr(table, "to_pylist")
                   else table.to_dict("records"))
        rows = [{c: _norm(v) for c, v in r.items()} for r in records]
    keys = [k for k in KEY if k["file"] == file]
    by_title: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_title[r.get("title")].append(r)
    right, given, misses = defaultdict(int), defaultdict(int), []
    used: set[int] = set()
    for k in keys:
        cands = sorted(by_title.get(k["title"], []), key=lambda r: bool(r.get("is_duplicate")))
        row = cands[0] if cands else None
        if row is not None:
            used.add(id(row))
        for f in FIELDS:
            if f not in k:
                continue
            given[f] += 1
            got = row.get(f) if row is not None else None
            want = k[f]
            if f == "title":
                ok = row is not None
            else:
                ok = _same(want, got)
            right[f] += ok
            if not ok:
                misses.append((k["title"], f, want, got))
    extras = [r for r in rows if id(r) not in used and not r.get("is_duplicate")]
    return {"right": dict(right), "given": dict(given), "extras": extras, "misses": misses}


@pytest.mark.parametrize(
    "file", [pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=XFAIL[f])) if f in XFAIL else f for f in FILES]
)
def test_blind5_file_fully_right(file: str) -> None:
    result = score(file)
    assert not result["misses"], result["misses"][:10]
    assert not result["extras"], [r.get("title") for r in result["extras"]]


def main() -> None:
    total_r = total_g = total_x = 0
    cols = FIELDS
    print("file".ljust(26) + " ".join(c[:8].rjust(8) for c in cols) + "   right/given extras")
    for file in FILES:
        res = score(file)
        r, g = sum(res["right"].values()), sum(res["given"].values())
        total_r, total_g, total_x = total_r + r, total_g + g, total_x + len(res["extras"])
        cells = [f"{res['right'].get(c, 0)}/{res['given'][c]}" if c in res["given"] else "-" for c in cols]
        print(file[:26].ljust(26) + " ".join(x.rjust(8) for x in cells) + f"   {r}/{g} {len(res['extras'])}")
        for m in res["misses"]:
            print("    miss", m)
        for x in res["extras"]:
            print("    extra", x.get("record_no"), x.get("title"))
    print(f"TOTAL fields right {total_r}/{total_g}, extras {total_x}")


if __name__ == "__main__":
    main()
