"""Blind round 4 of the graduates and enrollment ingestors: 10 synthetic files as a Henan
college or group secretariat receives them (tests/data/ingest/cohorts_blind4/README.md), scored
against an answer key written from the docs before any ingest run.

MEASURED (one run, 2026-12-05, first contact, default options, key committed before the run):
8/10 files fully right, 1,317/1,322 fields right, 1 extra row landed.

| file | kind | fields right/given | key rows | landed | extras |
|---|---|---|---|---|---|
| G1 质量年度报告附表 (title college, `95.3%` rates, derived counts) | graduates | 112/112 | 8 | 8 | 0 |
| G2 就业平台导出 (GBK csv, 5-digit 院校代码, 学历层次) | graduates | 154/154 | 11 | 11 | 0 |
| G3 全省分校分专业汇总 (merged colleges, 小计/总计, 去向落实率) | graduates | 126/126 | 9 | 9 | 0 |
| G4 2021届 with 2015-catalogue codes | graduates | 121/126 | 9 | 9 | 0 |
| G5 近三届 (years across, code only, 0.953) | graduates | 266/266 | 19 | 19 | 0 |
| G6 专业群, sheet per year, 千元 salary, merged group salary | graduates | 196/196 | 14 | 14 | 0 |
| E1 招生计划执行情况 (报到, 录取 where 报到 `—`) | enrollment | 81/81 | 9 | 9 | 0 |
| E2 高基321 基层表 | enrollment | 72/72 | 8 | 9 | 1 |
| E3 全省分院校录取 (计划数, 录取数, 录取最低分) | enrollment | 72/72 | 8 | 8 | 0 |
| E4 新生报到, sheet per 级, 二级学院 | enrollment | 117/117 | 13 | 13 | 0 |

Per field: major_code 103/108; every other field right wherever keyed (college_code,
college_name, major_name_src, year, status 108/108; graduates, employed, further_study,
employed_in_province, counterpart_employed, starting_salary_cny_month, destination_industries,
derived 70/70; new_students, new_students_basis, students_in_school 38/38).

Causes (seen from the landed rows and quarantine, not from the ingest code):
* G4: 2015-catalogue codes are resolved as 2021 codes whenever the 2021 catalogue has that code,
  whatever the name says: 560102 机械制造与自动化 lands as 560102 (2021: 网络新闻与传播),
  540102 建筑装饰工程技术 as 540102 (导游), 590107 食品营养与检测 as 590107 (政务服务) —
  another major's code, not null. 2015 names not in the 2021 catalogue (会计, 物流管理) land with
  major_code null although data/crosswalk/major_concordance.csv states 530302 and 530802. The four
  rows whose 2015 code is no 2021 code and whose name is a 2021 name land right.
* E2: the 基层表's column-number row (甲 | 乙 | 丙 | 1 | 2 | 3 …) under the header lands as a
  major named 甲 (major_code null, new_students 2, students_in_school 3).
"""
from __future__ import annotations

import csv
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parent / "data" / "ingest" / "cohorts_blind4"
KEY = "expected.csv"
GRAD_FIELDS = ["college_code", "college_name", "major_code", "major_name_src", "year", "graduates", "employed",
               "further_study", "employed_in_province", "counterpart_employed", "starting_salary_cny_month",
               "destination_industries", "derived", "status"]
ENROL_FIELDS = ["college_code", "college_name", "major_code", "major_name_src", "year", "new_students",
                "new_students_basis", "students_in_school", "status"]
FIELDS = {"graduates": GRAD_FIELDS, "enrollment": ENROL_FIELDS}

# file -> measured cause (one run, 2026-12-05); strict: a file that becomes right fails the xfail.
# After the measure: a code an older catalogue gave the named major reads as that major's 2021 code
# (programmes.older_edition_major, the register's concordance), and a form's column-number row
# (甲 乙 丙 1 2 3) is a note (tests/test_ingest_cohorts_forms4.py has independent examples).
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
    if field in ("college_code", "major_code", "major_name_src", "college_name"):
        return text
    return round(number, 0) if field == "starting_salary_cny_month" else number


def same(field: str, key_value, lake_value) -> bool:
    return norm(field, key_value) == norm(field, lake_value)


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


@lru_cache(maxsize=None)
def read_key() -> tuple[dict, ...]:
    with open(DATA / KEY, encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


@lru_cache(maxsize=None)
def measure(kind: str, file: str, workroot: str) -> dict:
    key_rows = [r for r in read_key() if r["file"] == file and r["kind"] == kind]
    landed, quarantine, error = run_ingest(kind, DATA / file, Path(workroot) / Path(file).stem)
    result = score(key_rows, landed, FIELDS[kind])
    result.update(file=file, kind=kind, rows=len(key_rows), landed=len(landed), error=error,
                  quarantine=[(q.get("line"), q.get("reason"), q.get("detail")) for q in quarantine])
    return result


def fully_right(result: dict) -> bool:
    return not result["misses"] and result["extras"] == 0 and result["error"] is None


def cases() -> list:
    out = []
    for kind, file in dict.fromkeys((r["kind"], r["file"]) for r in read_key()):
        marks = [pytest.mark.xfail(reason=XFAIL[file], strict=True)] if file in XFAIL else []
        out.append(pytest.param(kind, file, marks=marks, id=file))
    return out


@pytest.fixture(scope="module")
def workroot(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("cohorts_blind4"))


@pytest.mark.parametrize(("kind", "file"), cases())
def test_file_lands_exactly_its_key(kind: str, file: str, workroot: str) -> None:
    """Every keyed record lands with every field right, and nothing else lands."""
    result = measure(kind, file, workroot)
    assert result["error"] is None, result["error"]
    assert result["extras"] == 0, f"{result['extras']} rows landed that the key does not hold"
    assert not result["misses"], result["misses"][:5]


def report(results: list[dict]) -> None:
    """Per-file, per-field tables and totals."""
    total_right = total_given = 0
    for r in results:
        fields = FIELDS[r["kind"]]
        right, given = sum(r["right"].values()), sum(r["given"].values())
        total_right += right; total_given += given
        print(f"\n{r['file']} [{r['kind']}]: {right}/{given} fields, key rows {r['rows']}, landed {r['landed']}, "
              f"extras {r['extras']}{', ERROR ' + r['error'] if r['error'] else ''}")
        print("  " + "  ".join(f"{f}={r['right'][f]}/{r['given'][f]}" for f in fields if r["given"][f]))
        for m in r["misses"][:40]:
            print("   miss:", m)
        reasons = {}
        for q in r["quarantine"]:
            reasons[q[1]] = reasons.get(q[1], 0) + 1
        if reasons:
            print("   quarantined:", reasons)
            for q in r["quarantine"]:
                print("     ", q)
    full = sum(fully_right(r) for r in results)
    fields_total = {}
    for r in results:
        for f, n in r["right"].items():
            fields_total.setdefault(f, [0, 0]); fields_total[f][0] += n; fields_total[f][1] += r["given"][f]
    print("\nper field:", "  ".join(f"{f}={a}/{b}" for f, (a, b) in fields_total.items()))
    print(f"\nTOTAL: {full}/{len(results)} files fully right, {total_right}/{total_given} fields, "
          f"extras {sum(r['extras'] for r in results)}")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        res = [measure(p.values[0], p.values[1], tmp) for p in cases()]
        report(res)
