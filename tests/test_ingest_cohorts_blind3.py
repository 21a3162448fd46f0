"""Blind set 3 (final measure) of the graduates and enrollment ingestors: synthetic files in the
forms a Henan college office or analyst produces, each ingested alone with default options and
scored field by field against an answer key written before any run.

Files, key and generator: tests/data/ingest/cohorts_blind3/ (README.md there). A file that is not
fully right is a strict xfail in ``XFAIL`` with the cause measured in the one run.
Run ``python tests/test_ingest_cohorts_blind3.py`` for the per-file, per-field tables.
"""
from __future__ import annotations

import csv
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parent / "data" / "ingest" / "cohorts_blind3"
GRAD_FIELDS = ["college_code", "college_name", "major_code", "major_name_src", "year", "graduates", "employed",
               "further_study", "employed_in_province", "counterpart_employed", "starting_salary_cny_month",
               "destination_industries", "derived", "status"]
ENROL_FIELDS = ["college_code", "college_name", "major_code", "major_name_src", "year", "new_students",
                "new_students_basis", "students_in_school", "status"]
SETS = {"graduates": ("key_graduates.csv", GRAD_FIELDS), "enrollment": ("key_enrollment.csv", ENROL_FIELDS)}

# file -> measured cause (one run, 2026-12-05); strict: a file that becomes right fails the xfail.
# Measured once (8/9 files, 1,424/1,432 fields): G1's disclaimer '（模拟数据，非真实学校）' made its
# title name two colleges, so none was taken. Fixed after the measure was recorded.
XFAIL: dict[str, str] = {}


def norm(field: str, value) -> object:
    """Comparable form of a key or lake value: '' / None / NaN are null; numbers compare as numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    if text in ("", "nan", "None", "<NA>"):
        return None
    if field == "derived":
        return frozenset(p.strip() for p in text.split(",") if p.strip())
    try:
        number = float(text)
    except ValueError:
        return text
    if field in ("college_code", "major_code", "major_code_src", "major_name_src", "college_name"):
        return text
    return round(number, 0) if field == "starting_salary_cny_month" else number


def same(field: str, key_value, lake_value) -> bool:
    k, v = norm(field, key_value), norm(field, lake_value)
    if k == "*":  # unscored in the key
        return True
    return k == v


def score(key_rows: list[dict], landed: list[dict], fields: list[str]) -> dict:
    """Pair landed rows with key rows (best field agreement), score per field, count extras."""
    from scipy.optimize import linear_sum_assignment

    result = {"right": {f: 0 for f in fields}, "given": {f: 0 for f in fields}, "extras": 0, "misses": []}
    if key_rows and landed:
        agree = [[sum(same(f, k[f], row.get(f)) for f in fields) for row in landed] for k in key_rows]
        ki, li = linear_sum_assignment(agree, maximize=True)
        pairs = {int(a): int(b) for a, b in zip(ki, li) if agree[a][b] >= len(fields) // 2}
    else:
        pairs = {}
    for i, k in enumerate(key_rows):
        row = landed[pairs[i]] if i in pairs else None
        for f in fields:
            if norm(f, k[f]) == "*":
                continue
            result["given"][f] += 1
            if row is not None and same(f, k[f], row.get(f)):
                result["right"][f] += 1
            else:
                result["misses"].append((i, f, k[f], None if row is None else row.get(f)))
    result["extras"] = len(landed) - len(pairs)
    return result


def run_ingest(kind: str, path: Path, workdir: Path) -> tuple[list[dict], list[dict], str | None]:
    """Ingest one file alone into a fresh workspace (default options) through the CLI's workflow.

    Returns the landed rows of the file, its quarantine rows and the error if it was refused.
    """
    from talentcast import workflows
    from talentcast.config import load_settings
    from talentcast.errors import TalentcastError

    workflows.init_workspace(workdir)
    settings = load_settings(workdir, environ={})
    error = None
    try:
        workflows.ingest(settings, kind, [path])
    except TalentcastError as exc:
        error = f"{type(exc).__name__}: {exc}"

    def table(name: str) -> list[dict]:
        folder = workdir / "lake" / name
        if not folder.exists() or not any(folder.rglob("*.parquet")):
            return []
        frame = pd.read_parquet(folder)
        return [{c: (v.item() if hasattr(v, "item") else v) for c, v in r.items()} for r in frame.to_dict("records")]

    return table(kind), table("quarantine"), error


def read_key(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=None)
def measure(kind: str, file: str, workroot: str) -> dict:
    key_name, fields = SETS[kind]
    key_rows = [r for r in read_key(key_name) if r["file"] == file]
    landed, quarantine, error = run_ingest(kind, DATA / file, Path(workroot) / Path(file).stem)
    result = score(key_rows, landed, fields)
    result.update(file=file, kind=kind, rows=len(key_rows), landed=len(landed), error=error,
                  quarantine=[(q.get("line"), q.get("reason"), q.get("detail")) for q in quarantine])
    return result


def fully_right(result: dict) -> bool:
    return not result["misses"] and result["extras"] == 0 and result["error"] is None


def cases() -> list:
    out = []
    for kind, (key_name, _) in SETS.items():
        for file in dict.fromkeys(r["file"] for r in read_key(key_name)):
            marks = [pytest.mark.xfail(reason=XFAIL[file], strict=True)] if file in XFAIL else []
            out.append(pytest.param(kind, file, marks=marks, id=file))
    return out


@pytest.fixture(scope="module")
def workroot(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("cohorts_blind3"))


@pytest.mark.parametrize(("kind", "file"), cases())
def test_file_lands_exactly_its_key(kind: str, file: str, workroot: str) -> None:
    """Every keyed record lands with every field right, and nothing else lands."""
    result = measure(kind, file, workroot)
    assert result["error"] is None, result["error"]
    assert result["extras"] == 0, f"{result['extras']} rows landed that the key does not hold"
    assert not result["misses"], result["misses"][:5]


def report(results: list[dict], fields_of) -> None:
    """Per-file, per-field tables and totals."""
    total_right = total_given = 0
    for r in results:
        fields = fields_of(r)
        right, given = sum(r["right"].values()), sum(r["given"].values())
        total_right += right; total_given += given
        print(f"\n{r['file']} [{r['kind']}]: {right}/{given} fields, key rows {r['rows']}, landed {r['landed']}, "
              f"extras {r['extras']}{', ERROR ' + r['error'] if r['error'] else ''}")
        print("  " + "  ".join(f"{f}={r['right'][f]}/{r['given'][f]}" for f in fields if r["given"][f]))
        if r.get("refusal"):
            print("   refused (as keyed):", r["refusal"].splitlines()[0][:300])
        for m in r["misses"][:6]:
            print("   miss:", m)
        reasons = {}
        for q in r["quarantine"]:
            reasons[q[1]] = reasons.get(q[1], 0) + 1
        if reasons:
            print("   quarantined:", reasons)
    full = sum(fully_right(r) for r in results)
    print(f"\nTOTAL: {full}/{len(results)} files fully right, {total_right}/{total_given} fields, "
          f"extras {sum(r['extras'] for r in results)}")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        res = [measure(p.values[0], p.values[1], tmp) for p in cases()]
        report(res, lambda r: SETS[r["kind"]][1])
