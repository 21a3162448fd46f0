"""Blind set 4 of the register (programmes) ingestor: ten files in the forms the MOE register and
its copies arrive in (the MOE 备案结果 export, the provincial GBK csv, a portal's HTML .xls, a
college's own list with merged cells, 2015-catalogue files, K-coded 国控 majors, one sheet a year,
duplicates across sheets), real colleges and catalogue codes in synthetic combinations, each
ingested alone with default options and scored field by field against an answer key written
before any run.

Files, key and generator: tests/data/ingest/register_blind4/ (README.md there). Key rows marked
``not_landed`` must not land (学校标识码 暂无).
Run ``python tests/test_ingest_register_blind4.py`` for the per-file, per-field tables.

MEASURED: (filled in after the one run)
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pytest

from test_ingest_cohorts_blind3 import fully_right, report, run_ingest, score

DATA = Path(__file__).parent / "data" / "ingest" / "register_blind4"
FIELDS = ["year", "college_code", "college_name", "major_code_src", "major_name_src", "duration_years",
          "catalogue_edition", "major_code", "register_status", "remark"]

# file -> measured cause (one run, 2026-12-05); strict: a file that becomes right fails the xfail.
XFAIL: dict[str, str] = {}


def read_key() -> list[dict]:
    with open(DATA / "expected.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=None)
def measure(file: str, workroot: str) -> dict:
    key_rows = [r for r in read_key() if r["file"] == file]
    refused = any(r["expect"] == "refused" for r in key_rows)
    landed, quarantine, error = run_ingest("programmes", DATA / file, Path(workroot) / Path(file).stem)
    result = score([r for r in key_rows if r["expect"] == "row"], landed, FIELDS)
    if refused:
        # Refusal is the right answer: the error is expected, and any landed row is an extra.
        result["refused_ok"] = error is not None and not landed
        result["refusal"] = error
        error = None if result["refused_ok"] else "not refused (expected: refused, nothing landed)"
    result.update(file=file, kind="programmes", rows=len(key_rows), landed=len(landed), error=error,
                  quarantine=[(q.get("line"), q.get("reason"), q.get("detail")) for q in quarantine])
    return result


def cases() -> list:
    out = []
    for file in dict.fromkeys(r["file"] for r in read_key()):
        marks = [pytest.mark.xfail(reason=XFAIL[file], strict=True)] if file in XFAIL else []
        out.append(pytest.param(file, marks=marks, id=file))
    return out


@pytest.fixture(scope="module")
def workroot(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("register_blind4"))


@pytest.mark.parametrize("file", cases())
def test_file_lands_exactly_its_key(file: str, workroot: str) -> None:
    """Every keyed programme lands with every field right, nothing else lands."""
    result = measure(file, workroot)
    assert result["error"] is None, result["error"]
    assert result["extras"] == 0, f"{result['extras']} rows landed that the key does not hold"
    assert not result["misses"], result["misses"][:5]
    assert fully_right(result)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        report([measure(p.values[0], tmp) for p in cases()], lambda r: FIELDS)
