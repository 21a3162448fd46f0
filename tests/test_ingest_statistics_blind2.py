"""Blind check 2: official employment / wage tables in forms the statistics ingestor was never tuned on.

The files in tests/data/ingest/statistics_blind2 (written by make_blind2.py from the repository's
real NBS samples, see its README) are ingested as a user would: ``ingest_statistics`` with no
options, except where the file itself never says something the user would then pass. Every figure a
file holds must land with the right region, industry, year, measure, scope and value, and nothing
else may land (growth rates, shares, blanks). Each expected figure is paired with the landed row
that agrees with it on the most fields (each landed row used once), so a wrong field shows up as
that field's share below 100 %; landed rows paired with nothing count against the file as extras.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from talentcast.ingest.statistics import ingest_statistics
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "statistics_blind2"
FIELDS = ("region_code", "industry_code", "year", "measure", "scope", "value")
# What a user passes because the file never says it.
OPTIONS: dict[str, dict] = {
    # A csv a colleague cut out of a Henan table: title and rows never name the province.
    "f19_no_place_gbk.csv": {"region": "河南"},
}
# Files that fail today: what fails and why (strict, so a fix turns the suite red until this is updated).
FAILING: dict[str, str] = {}


def _expected() -> pd.DataFrame:
    exp = pd.read_csv(DATA / "expected.csv", dtype={"region_code": str, "industry_code": str})
    exp["scope"] = "urban_units"
    return exp


def _exact_key(row: dict) -> tuple:
    """A figure's fields as a hashable key (the value to 6 significant decimals, the year as int)."""
    def norm(f: str, v: object) -> object:
        try:
            return round(float(v), 6) if f == "value" else int(v) if f == "year" else str(v)
        except (TypeError, ValueError):
            return str(v)
    return tuple(norm(f, row[f]) for f in FIELDS)


def _same(field: str, a: object, b: object) -> bool:
    if field == "value":
        try:
            return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))
        except (TypeError, ValueError):
            return False
    if field == "year":
        try:
            return int(a) == int(b)
        except (TypeError, ValueError):
            return False
    return str(a) == str(b)


def score(name: str, workdir: Path) -> dict:
    """Ingest one file into a fresh lake and score it against expected.csv.

    Returns:
        {"n": expected figures, "landed": rows landed, "extra": landed rows paired with nothing,
         "right": figures landed right in every field, field: share right, "quarantine": reasons}.
    """
    exp = _expected()
    exp = exp[exp["file"] == name].reset_index(drop=True)
    lake = Lake(workdir / "lake")
    rep = ingest_statistics(lake, [DATA / name], raise_on_error=False, **OPTIONS.get(name, {}))
    try:
        got = lake.read("statistics")
    except Exception:  # noqa: BLE001 - an empty lake has no statistics table
        got = pd.DataFrame(columns=list(FIELDS))
    got = got.reset_index(drop=True)
    rows = got[list(FIELDS)].to_dict("records")
    want = exp[list(FIELDS)].to_dict("records")
    per_field = {f: 0 for f in FIELDS}
    right = 0
    # Rows equal to an expected figure in every field pair first, in one hash join (fast); only
    # what is left is paired by agreement below.
    exact: dict[tuple, list[int]] = {}
    for i, r in enumerate(rows):
        exact.setdefault(_exact_key(r), []).append(i)
    left_e: list[int] = []
    free = set(range(len(rows)))
    for j, e in enumerate(want):
        hits = exact.get(_exact_key(e))
        if hits:
            free.discard(hits.pop())
            right += 1
            for f in FIELDS:
                per_field[f] += 1
        else:
            left_e.append(j)
    # Pair best-agreeing (expected, landed) couples first, so a right row is never taken by a
    # near miss; the value and year break ties (they are what identifies a figure).
    pairs = []
    for j in left_e:
        e = want[j]
        for i in sorted(free):
            r = rows[i]
            n = sum(_same(f, r[f], e[f]) for f in FIELDS)
            pairs.append((n * 4 + 2 * _same("value", r["value"], e["value"]) + _same("year", r["year"], e["year"]), j, i))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_e: set[int] = set()
    for _, j, i in pairs:
        if j in used_e or i not in free:
            continue
        used_e.add(j)
        free.discard(i)
        ok = [_same(f, rows[i][f], want[j][f]) for f in FIELDS]
        for f, k in zip(FIELDS, ok):
            per_field[f] += k
        right += all(ok)
    n = len(exp)
    reasons = {}
    try:
        reasons = dict(rep.quarantined_by_reason)
    except AttributeError:
        pass
    out = {"n": n, "landed": len(rows), "extra": len(free), "right": right, "quarantine": reasons}
    out.update({f: per_field[f] / n for f in FIELDS})
    return out


FILES = sorted(_expected()["file"].unique())


@pytest.mark.parametrize(
    "name", [pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=FAILING[f])) if f in FAILING else f
             for f in FILES])
def test_blind2_file_lands_every_figure_and_nothing_else(name: str, tmp_path: Path) -> None:
    s = score(name, tmp_path)
    assert (s["right"], s["extra"]) == (s["n"], 0), s


def test_blind2_fixture_holds_enough_forms() -> None:
    exp = _expected()
    assert exp["file"].nunique() >= 15
    assert all((DATA / f).is_file() for f in exp["file"].unique())
    assert set(exp["region_code"]) == {"410000", "100000"}


def _table() -> str:
    head = f"{'file':40s} {'n':>4s} {'landed':>6s} {'extra':>5s} " + " ".join(f"{f[:8]:>8s}" for f in FIELDS) + "  all"
    lines = [head]
    tot_n = tot_right = files_ok = 0
    for name in FILES:
        with tempfile.TemporaryDirectory() as d:
            s = score(name, Path(d))
        tot_n += s["n"]
        tot_right += s["right"]
        files_ok += (s["right"], s["extra"]) == (s["n"], 0)
        lines.append(f"{name:40s} {s['n']:4d} {s['landed']:6d} {s['extra']:5d} "
                     + " ".join(f"{s[f]:8.0%}" for f in FIELDS)
                     + f" {s['right'] / s['n']:4.0%}  {s['quarantine'] or ''}")
    lines.append(f"figures landed right: {tot_right}/{tot_n}; files fully right (every figure, no extra row): "
                 f"{files_ok}/{len(FILES)}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(_table() + "\n")
