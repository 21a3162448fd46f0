"""Blind set 4 of the register (programmes) ingestor: ten files in the forms the MOE register and
its copies arrive in (the MOE 备案结果 export, the provincial GBK csv, a portal's HTML .xls, a
college's own list with merged cells, 2015-catalogue files, K-coded 国控 majors, one sheet a year,
duplicates across sheets), real colleges and catalogue codes in synthetic combinations, each
ingested alone with default options and scored field by field against an answer key written
before any run.

Files, key and generator: tests/data/ingest/register_blind4/ (README.md there). Key rows marked
``not_landed`` must not land (学校标识码 暂无).
Run ``python tests/test_ingest_register_blind4.py`` for the per-file, per-field tables.

Measured once (2026-12-05, commit f6fa195's ingestor, key unchanged since): 9/10 files fully right,
1,135/1,142 fields right/given, 0 extra rows, 0 errors; 1 ``not_landed`` row (学校标识码 暂无) kept
out as ``college_code_missing``; note/signature rows quarantined as ``note_row``, the 新增 sheet's
repeats as ``duplicate_key``.

| file | fields right/given | extras |
|---|---|---|
| 2022年度河南省高职专科专业设置备案结果.xlsx | 155/162 (register_status 11/18) | 0 |
| 河南省2021年高职院校专业设置一览.csv | 140/140 | 0 |
| zhuanye_list_2023.xls | 100/100 | 0 |
| 郑州铁路职业技术学院2024年专业设置.xlsx | 100/100 | 0 |
| 2018年专业设置备案结果（2015版目录）.xlsx | 120/120 | 0 |
| henan_register_2019.csv | 100/100 | 0 |
| 教育类国控专业备案.xlsx | 150/150 | 0 |
| 2025年河南省高职专业设置汇总.xlsx | 110/110 | 0 |
| 高职专业设置备案名单.xlsx | 90/90 | 0 |
| 专业设置管理平台_河南_2024.xlsx | 70/70 (+1 not_landed kept out) | 0 |

The one failure: the MOE export's status column 备案类型 (新增/保留/撤销) is not read — every row
lands ``offered`` with ``remark`` null and no warning names the unused column, so its 3 撤销
programmes count as 布点 and its 4 新增 as plain offered.
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
# After the measure: 备案类型 / 备案结果 / 审批类型 name the remark column (programmes.HEADERS "note"), so
# 新增 lands new and 撤销 withdrawn (tests/test_ingest_register_forms4.py holds an independent example).
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
