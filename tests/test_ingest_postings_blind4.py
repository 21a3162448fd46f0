"""Blind set 4: 14 postings files in the layouts a Henan analyst receives, scored per field.

Each file of ``tests/data/ingest/postings_blind4`` is ingested alone into an empty lake with
default options; the landed postings are matched to the answer key (``expected.jsonl``,
written from ``docs/data-dictionary.md`` before the ingestor was run) by title, and every
field the key gives is compared. A file passes when every field of every key row is right,
no key row is missing and nothing else landed (empty rows, note rows). ``XFAIL`` names the
files known to miss, with why; it is strict, so a file that gets fixed must leave it.

``python tests/test_ingest_postings_blind4.py`` prints the per-file, per-field table.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parent / "data" / "ingest" / "postings_blind4"
FIELDS = ["company", "region_code", "salary_cny_month_min", "salary_cny_month_max",
          "salary_months", "education", "experience_years", "posted_date", "date_basis", "year",
          "industry_raw", "is_duplicate"]
MONEY = {"salary_cny_month_min", "salary_cny_month_max"}

# file -> why it is known to miss (strict: a fixed file must be taken out).
# Measured once by the lead, 2026-12-05 06:25 UTC, after the postings fixes of blind set 3 and
# the merged-cell reader were merged: 13 of 14 files fully right, 3,109 / 3,241 fields (the
# writer's own pre-merge run: 9 of 14, with two key mistakes since corrected). 
# Full-pinyin headers (gangwei_mingcheng …) were refused at the measure; fixed after it was recorded
# (data/reference/header_pinyin.csv, derived by make_header_pinyin.py).
XFAIL: dict[str, str] = {}


def _key() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    with (DATA / "expected.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out[row["file"]].append(row)
    return dict(out)


KEY = _key()
FILES = sorted(KEY)


def _is_null(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _norm(field: str, v):
    """A landed value in the key's terms (ISO date strings, plain numbers, stripped text)."""
    if _is_null(v):
        return None
    if field == "posted_date":
        return pd.Timestamp(v).strftime("%Y-%m-%d")
    if field in ("salary_months", "year"):
        return int(v)
    if field in MONEY or field == "experience_years":
        return float(v)
    if field == "is_duplicate":
        return bool(v)
    return str(v).strip()


def _same(field: str, want, got) -> bool:
    if want is None or got is None:
        return want is None and got is None
    if field in MONEY:
        return math.isclose(float(want), float(got), rel_tol=1e-3, abs_tol=1.0)
    if field == "experience_years":
        return math.isclose(float(want), float(got), abs_tol=1e-9)
    return want == got


def ingest_one(name: str) -> tuple[pd.DataFrame | None, str | None]:
    """Ingest one file alone into an empty lake; (landed postings, error text)."""
    from talentcast.ingest.postings import ingest_postings
    from talentcast.lake import Lake

    with tempfile.TemporaryDirectory() as tmp:
        lake_dir = Path(tmp) / "lake"
        try:
            ingest_postings(Lake(lake_dir), [DATA / name])
            landed = Lake(lake_dir).read("postings")
        except Exception as exc:  # a file that cannot be read scores as all missing
            return None, f"{type(exc).__name__}: {exc}"
    return landed.sort_values("record_no", kind="stable").reset_index(drop=True), None


def score_file(name: str) -> dict:
    """Per-field right/total, missing and extra postings, and the wrong values for one file."""
    key_rows = KEY[name]
    landed, error = ingest_one(name)
    rows = [] if landed is None else landed.to_dict("records")
    by_title: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_title[str(r.get("title", "")).strip()].append(i)
    used: set[int] = set()
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    wrong: list[str] = []
    missing = 0
    for k in key_rows:
        fields = [f for f in FIELDS if f in k]
        cands = [i for i in by_title.get(k["title"], []) if i not in used]
        # of several landed rows with this title, the one agreeing on most fields
        best, best_n = None, -1
        for i in cands:
            n = sum(_same(f, k[f], _norm(f, rows[i].get(f))) for f in fields)
            if n > best_n:
                best, best_n = i, n
        for f in fields:
            total[f] += 1
        if best is None:
            missing += 1
            wrong.append(f"missing: {k['title']}")
            continue
        used.add(best)
        for f in fields:
            got = _norm(f, rows[best].get(f))
            if _same(f, k[f], got):
                right[f] += 1
            else:
                wrong.append(f"{k['title']}: {f} = {got!r}, expected {k[f]!r}")
    extras = [str(rows[i].get("title")) for i in range(len(rows)) if i not in used]
    return {"file": name, "right": dict(right), "total": dict(total), "missing": missing,
            "extras": extras, "wrong": wrong, "error": error, "postings": len(key_rows)}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=XFAIL[n])) if n in XFAIL
     else n for n in FILES])
def test_blind4_file_lands_right_on_every_field(name):
    s = score_file(name)
    assert s["error"] is None, s["error"]
    assert not s["extras"], f"landed rows that are not postings: {s['extras']}"
    assert not s["wrong"], "\n".join(s["wrong"][:40])


def test_blind4_key_is_well_formed():
    """The key names only files that exist, at most 60 postings a file, 14 files."""
    assert len(FILES) == 14
    for name in FILES:
        assert (DATA / name).is_file(), name
        assert len(KEY[name]) <= 60 + 3  # + the repeats that land flagged
        for row in KEY[name]:
            assert set(row) - {"file", "title"} <= set(FIELDS), row


def main() -> None:
    results = [score_file(n) for n in FILES]
    short = {"company": "comp", "region_code": "reg", "salary_cny_month_min": "smin",
             "salary_cny_month_max": "smax", "salary_months": "mon", "education": "edu",
             "experience_years": "exp", "posted_date": "date", "date_basis": "basis",
             "year": "year", "industry_raw": "ind", "is_duplicate": "dup"}
    head = f"{'file':<38}{'n':>4}" + "".join(f"{short[f]:>8}" for f in FIELDS) + \
        f"{'miss':>6}{'extra':>6}  all"
    print(head)
    tot_r: dict[str, int] = defaultdict(int)
    tot_t: dict[str, int] = defaultdict(int)
    ok_files = 0
    for s in results:
        cells = []
        for f in FIELDS:
            t = s["total"].get(f, 0)
            r = s["right"].get(f, 0)
            tot_r[f] += r
            tot_t[f] += t
            cells.append(f"{r}/{t}" if t else "-")
        ok = s["error"] is None and not s["extras"] and not s["wrong"]
        ok_files += ok
        print(f"{s['file'][:37]:<38}{s['postings']:>4}" + "".join(f"{c:>8}" for c in cells) +
              f"{s['missing']:>6}{len(s['extras']):>6}  {'OK' if ok else 'miss'}")
    cells = [f"{tot_r[f]}/{tot_t[f]}" for f in FIELDS]
    print(f"{'TOTAL':<38}{sum(s['postings'] for s in results):>4}" +
          "".join(f"{c:>8}" for c in cells) +
          f"{sum(s['missing'] for s in results):>6}{sum(len(s['extras']) for s in results):>6}")
    figures = sum(tot_t.values())
    print(f"files fully right: {ok_files}/{len(results)}; fields right: "
          f"{sum(tot_r.values())}/{figures}")
    if "-v" in sys.argv:
        for s in results:
            if s["error"] or s["wrong"] or s["extras"]:
                print(f"\n== {s['file']}")
                if s["error"]:
                    print("  error:", s["error"][:300])
                for w in s["wrong"][:30]:
                    print("  ", w)
                if s["extras"]:
                    print("   extras:", s["extras"])


if __name__ == "__main__":
    main()
