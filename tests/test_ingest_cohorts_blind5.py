"""Blind set 5 of the graduates and enrollment ingestors: ten synthetic files in hard but real forms.

The files and their answer keys (tests/data/ingest/cohorts_blind5/, synthetic, CC0; README.md
there says what each form is and the key's judgements) were written from README.md,
docs/data-dictionary.md and schema.toml alone, before any ingest run, without reading the
ingestors or the earlier blind sets (blind set 3's harness code was copied). Each file is
ingested alone into a fresh workspace with default options; landed rows are paired with key
rows and scored field by field.

Measured once (2026-12-05, on main at ce9b386, with this module's run_ingest and score; the
`__main__` block below prints the same tables):
2/10 files fully right, 302/739 fields right, 0 extra rows, 4 files refused.

| file | kind | fields right/given | key rows | landed | extras | outcome |
|---|---|---|---|---|---|---|
| g1_质量报告_三届列组.xlsx | graduates | 0/210 | 15 | 0 | 0 | refused: no year column |
| g2_专业为列_转置.csv | graduates | 0/56 | 4 | 0 | 0 | refused: no graduates / major column |
| g3_PDF转换.xlsx | graduates | 0/84 | 6 | 0 | 0 | refused: no row accepted |
| g4_人后缀_代码名称同格.csv | graduates | 65/65 | 5 | 5 | 0 | right |
| g5_平台导出.json | graduates | 0/70 | 5 | 0 | 0 | refused: no college / year column |
| g6_毕业去向分类.xlsx | graduates | 52/56 | 4 | 4 | 0 | employed 0/4 |
| e1_计划录取报到_省内省外.xlsx | enrollment | 32/36 | 4 | 4 | 0 | new_students 0/4 |
| e2_专科中职五年制混合.csv | enrollment | 69/72 | 8 | 8 | 0 | major_code 5/8 |
| e3_学校简称.csv | enrollment | 39/45 | 5 | 5 | 0 | college_code 0/5, major_code 4/5 |
| e4_合计总计.csv | enrollment | 45/45 | 5 | 5 | 0 | right (合计 ×2, 总计 → summary_row) |

Per field over the 6 graduates files (right/given): college_code 9/39, college_name 9/39,
major_code 9/39, major_name_src 4/34, year 9/39, graduates 9/39, employed 5/39,
further_study 9/39, employed_in_province 9/39, counterpart_employed 9/39,
starting_salary_cny_month 9/39, destination_industries 9/39, derived 9/39, status 9/39;
over the 4 enrollment files: college_code 17/22, college_name 22/22, major_code 18/22,
major_name_src 22/22, year 22/22, new_students 18/22, new_students_basis 22/22,
students_in_school 22/22, status 22/22. Status: every landed row was `synthetic` (the 合成 /
模拟数据 label was read from 数据性质 columns and titles); no synthetic row landed as official.

Failing files are strict xfails with the cause seen in the run (landed rows, quarantine, error).
"""
from __future__ import annotations

import csv
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parent / "data" / "ingest" / "cohorts_blind5"
GRAD_FIELDS = ["college_code", "college_name", "major_code", "major_name_src", "year", "graduates", "employed",
               "further_study", "employed_in_province", "counterpart_employed", "starting_salary_cny_month",
               "destination_industries", "derived", "status"]
ENROL_FIELDS = ["college_code", "college_name", "major_code", "major_name_src", "year", "new_students",
                "new_students_basis", "students_in_school", "status"]
SETS = {"graduates": ("expected_graduates.csv", GRAD_FIELDS), "enrollment": ("expected_enrollment.csv", ENROL_FIELDS)}

# file -> cause seen in the one measured run; strict: a file that becomes right fails its xfail.
# After the measure: rates split at their point by a PDF conversion ("95. 3%"), major names wrapped
# onto the next row, and a count split into parts under a merged header (报到 over 省内 | 省外; 就业
# over its categories) and years merged over the measures are fixed (tests/test_ingest_cohorts_forms4.py).
XFAIL: dict[str, str] = {
    "g2_专业为列_转置.csv": "refused (required columns ['graduates', 'major_code/major_name'] not found, line 3: "
    "指标, 护理, 药学, …): a transposed table (majors as columns, indicators as rows) is not recognised",
    "g5_平台导出.json": "refused (required columns ['college_name/college_code', 'year'] not found, header "
    "majorCode, majorName, graduateCount, …): the inner majors[] list was taken as the records and the "
    "enclosing college {code, name} and data.graduationYear were not carried down",
    "e2_专科中职五年制混合.csv": "办学层次 中职 / 五年制高职（前三年） did not keep those rows off the 专科 catalogue: "
    "中职 护理 landed as 520201, 五年制 学前教育 as 570102K and 康复治疗技术 as 520601 (key: major_code null; a "
    "judgement, README.md); 幼儿保育 and 汽车运用与维修 are no 专科 names and landed null as keyed",
    "e3_学校简称.csv": "short names 郑铁职院 / 漯河职院 were not resolved to the listed colleges: college_code "
    "null on all 5 rows; so 漯河职院's 电子商务 (a name both levels use) got major_code null (level unknown)",
}


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
    return str(tmp_path_factory.mktemp("cohorts_blind5"))


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
