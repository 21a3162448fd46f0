"""Blind check: statistics in the forms a Henan analyst receives land right with no options.

The files in tests/data/ingest/statistics_blind were written (make_blind.py) without looking at
the ingestor's own form tests: yearbook sheets, NBS portal exports, Wind/CEIC exports, long
tables with English or pinyin headers, GBK / UTF-16 / BOM text, numbers as text. Each holds real
NBS figures only; expected.csv is the answer key. Every figure must land with the right region,
section, year, measure, scope and value, and nothing else may land (growth rates, ranks, ratios).

Run ``python tests/test_ingest_statistics_blind.py`` for the per-file, per-field table.
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentcast.ingest.statistics import ingest_statistics
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "statistics_blind"
EXPECTED = pd.read_csv(DATA / "expected.csv", dtype={"region_code": str})
FILES = list(dict.fromkeys(EXPECTED["file"]))
FIELDS = ("landed", "region", "industry", "year", "measure", "scope", "value")
# What a user must say because the file truly does not say it.
OPTIONS = {
    # A yearbook sheet saved on its own: neither its title, notes nor file name names Henan.
    "分行业城镇非私营单位就业人员平均工资_2009-2017.xlsx": {"region": "河南"},
}
# Files that fail today (the lead removes an entry when the ingestor lands the file right).
XFAIL: dict[str, str] = {}


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def ingest_file(name: str, root: Path) -> tuple[pd.DataFrame, dict]:
    """Ingest one blind file into a fresh lake under ``root``; return the landed rows and the report."""
    lake = Lake(root / "lake")
    rep = ingest_statistics(lake, [DATA / name], raise_on_error=False, **OPTIONS.get(name, {}))
    rows = lake.read("statistics") if lake.exists("statistics") else pd.DataFrame(
        columns=["region_code", "industry_code", "industry_level", "scope", "measure", "year", "value"])
    info = {"quarantined": dict(rep.quarantined_by_reason), "extra": rep.extra,
            "status": [f.status for f in rep.files], "errors": [getattr(f, "error", None) for f in rep.files]}
    return rows.reset_index(drop=True), info


def _fields(e: pd.Series, r: pd.Series) -> dict[str, bool]:
    level = "total" if e.industry_code == "TOTAL" else "section"
    return {"landed": True, "region": str(r.region_code) == e.region_code,
            "industry": str(r.industry_code) == e.industry_code and str(r.industry_level) == level,
            "year": int(r.year) == int(e.year), "measure": r.measure == e.measure, "scope": r.scope == e.scope,
            "value": _close(float(r.value), float(e.value))}


def score(expected: pd.DataFrame, landed: pd.DataFrame) -> tuple[dict[str, float], int, list[str]]:
    """Per-field share of the expected figures landed right, the count of rows that should not have landed, and examples.

    Each expected figure is paired with the landed row that agrees with it on most fields among
    the rows holding its value (also ×1e4 or ×1e-4, a unit slip) or, failing that, its keys.
    """
    used: set[int] = set()
    ok = {f: 0 for f in FIELDS}
    wrong: list[str] = []
    vals = landed["value"].astype(float).to_numpy()
    # A landed row equal to the figure in every field pairs at once (a hash look-up); the search
    # below is for the rest.
    exact: dict[tuple, list[int]] = {}
    for i, r in zip(landed.index, landed.itertuples(index=False)):
        level = r.industry_level if r.industry_code != "TOTAL" else "total"
        exact.setdefault((str(r.region_code), str(r.industry_code), str(level), int(r.year), r.measure, r.scope,
                          round(float(r.value), 6)), []).append(i)
    for e in expected.itertuples(index=False):
        level = "total" if e.industry_code == "TOTAL" else "section"
        hits = [i for i in exact.get((e.region_code, e.industry_code, level, int(e.year), e.measure, e.scope,
                                      round(float(e.value), 6)), []) if i not in used]
        if hits:
            used.add(hits[0])
            for f in FIELDS:
                ok[f] += 1
            continue
        e = pd.Series(e._asdict())
        best, best_f = None, None
        near = np.zeros(len(vals), dtype=bool)
        for k in (1, 1e4, 1e-4):  # the value itself, or a unit slip
            near |= np.isclose(vals, e.value * k, rtol=1e-9, atol=1e-6)
        cand = landed[near]
        if cand.empty:
            cand = landed[(landed.region_code.astype(str) == e.region_code) & (landed.industry_code == e.industry_code)
                          & (landed.year.astype(int) == int(e.year)) & (landed.measure == e.measure)]
        for i, r in cand.iterrows():
            if i in used:
                continue
            f = _fields(e, r)
            if best_f is None or sum(f.values()) > sum(best_f.values()):
                best, best_f = i, f
        if best is None:
            best_f = {f: False for f in FIELDS}
            wrong.append(f"missing {e.region_code} {e.industry_code} {e.measure} {e.year} = {e.value}")
        else:
            used.add(best)
            bad = [f for f, v in best_f.items() if not v]
            if bad:
                r = landed.loc[best]
                wrong.append(f"{e.industry_code} {e.measure} {e.year} {e.value} landed wrong in {bad}: "
                             f"{r.region_code} {r.industry_code}/{r.industry_level} {r.scope} {r.measure} {r.year} {r.value}")
        for f, v in best_f.items():
            ok[f] += v
    n = len(expected)
    extra = landed.drop(index=list(used))
    for r in extra.head(3).itertuples():
        wrong.append(f"should not land: {r.region_code} {r.industry_code} {r.scope} {r.measure} {r.year} {r.value}")
    return {f: ok[f] / n for f in FIELDS}, len(extra), wrong


def _cases():
    for name in FILES:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", list(_cases()))
def test_blind_file_lands_every_figure_right_and_nothing_else(name, tmp_path):
    landed, info = ingest_file(name, tmp_path)
    shares, extra, wrong = score(EXPECTED[EXPECTED.file == name], landed)
    summary = ", ".join(f"{f} {shares[f]:.0%}" for f in FIELDS)
    assert all(v == 1.0 for v in shares.values()) and extra == 0, (
        f"{name}: {summary}; {extra} rows that should not land; quarantined {info['quarantined']}; "
        f"e.g. {wrong[:4]}")


def table() -> pd.DataFrame:
    """The per-file, per-field table (share of expected figures landed right; 'extra' = rows that should not land)."""
    out = []
    for name in FILES:
        with tempfile.TemporaryDirectory() as d:
            landed, info = ingest_file(name, Path(d))
        shares, extra, wrong = score(EXPECTED[EXPECTED.file == name], landed)
        out.append({"file": name, "n": int((EXPECTED.file == name).sum()),
                    **{f: round(100 * shares[f], 1) for f in FIELDS}, "extra": extra,
                    "quarantined": info["quarantined"], "first_wrong": wrong[:2]})
    return pd.DataFrame(out)


if __name__ == "__main__":
    pd.set_option("display.width", 250)
    pd.set_option("display.max_colwidth", 200)
    t = table()
    print(t[["file", "n", *FIELDS, "extra"]].to_string(index=False))
    for r in t.itertuples():
        if r.first_wrong or r.quarantined:
            print(f"\n{r.file}\n  quarantined: {r.quarantined}\n  " + "\n  ".join(r.first_wrong))
    sys.exit(0)
