"""Blind check: graduates and enrollment files in the forms Henan clerks produce land right, with no options.

The 18 files in tests/data/ingest/cohorts_blind were written (make_cohorts_blind.py) from the
contract only (schema.toml, docs/data-dictionary.md, README), without reading the cohorts
ingestor or its own form tests: 就业质量年度报告 appendix tables (counts + rates, rates only,
专业大类 with 小计 rows, years across, one sheet per year in .xls, a merged two-row header
毕业生 over 总数 | 其中：女 with 学年 in the title and — for a missing salary), a GBK csv from the
Department of Education with several colleges, English headers, 学校代码/学校名称 merged down
with rates as fractions and salary in 千元, a 招生计划与实际录取 sheet and a 2023级 新生报到 csv
(the plan must never land), 在校生 by 年级, a 学籍 long export (统计项 | 人数) and a csv of a
college merged down its majors. Colleges are fictitious (示例…学院), majors real 2021 majors,
figures synthetic from one seeded truth; expected.csv is the answer key (one row per record the
file gives; an empty cell = the lake must hold null, ``*`` = not scored).

Per file and field, the share of expected records whose lake value is right must be 100 %, and
no other row (小计, 合计, plan, note) may land.

Run ``python tests/test_ingest_cohorts_blind.py`` for the per-file, per-field table.
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from talentcast.ingest import ingest_files
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "cohorts_blind"
EXPECTED = pd.read_csv(DATA / "expected.csv", dtype=str, keep_default_na=False)
FILES = list(dict.fromkeys(EXPECTED["file"]))
KIND = dict(zip(EXPECTED["file"], EXPECTED["kind"]))
COMMON = ("landed", "college_code", "college_name", "major_code", "year")
FIELDS = {
    "graduates": (*COMMON, "graduates", "employed", "further_study", "employed_in_province",
                  "counterpart_employed", "starting_salary_cny_month", "derived"),
    "enrollment": (*COMMON, "new_students", "new_students_basis", "students_in_school"),
}
# Files that fail today: field, cause (the lead removes an entry when the ingestor lands the file right).
XFAIL: dict[str, str] = {}


def _null(v) -> bool:
    return v is None or (isinstance(v, str) and v == "") or (not isinstance(v, str) and bool(pd.isna(v)))


def _eq(field: str, lake, key: str) -> bool | None:
    """Lake value against the key: None if not scored, null must be null, numbers within a cent."""
    if key == "*":
        return None
    if key == "":
        return _null(lake)
    if _null(lake):
        return False
    if field == "derived":
        return set(str(lake).split(",")) == set(key.split(","))
    if field in ("college_code", "college_name", "major_code", "new_students_basis"):
        return str(lake) == key
    return math.isclose(float(lake), float(key), abs_tol=0.01)


def ingest_file(name: str, root: Path) -> tuple[pd.DataFrame, dict]:
    """Ingest one blind file into a fresh lake under ``root`` with no options; the landed rows and report."""
    kind = KIND[name]
    lake = Lake(root / "lake")
    rep = ingest_files(lake, kind, [DATA / name], raise_on_error=False)
    rows = lake.read(kind) if lake.exists(kind) else pd.DataFrame(columns=["college_name", "major_code", "year"])
    info = {"quarantined": dict(rep.quarantined_by_reason), "errors": [f.error for f in rep.files if f.error]}
    return rows.reset_index(drop=True), info


def _match(e: pd.Series, landed: pd.DataFrame, used: set[int]) -> int | None:
    """The landed row of this record: same college, major and year; else same major and year; else same college and major."""
    def major(r) -> bool:
        return str(r.get("major_code")) == e.major_code or str(r.get("major_name_src")) in (e.major_name, e.major_code)

    def college(r) -> bool:
        return str(r.get("college_name")) == e.college_name or (
            bool(e.college_code) and str(r.get("college_code")) == e.college_code)

    def year(r) -> bool:
        return not _null(r.get("year")) and int(r.get("year")) == int(e.year)

    for cond in (lambda r: college(r) and major(r) and year(r), lambda r: major(r) and year(r),
                 lambda r: college(r) and major(r)):
        hit = next((i for i, r in landed.iterrows() if i not in used and cond(r)), None)
        if hit is not None:
            return hit
    return None


def score(expected: pd.DataFrame, landed: pd.DataFrame) -> tuple[dict[str, float | None], int, list[str]]:
    """Per-field share right (None where no record is scored), rows landed that are no record, examples."""
    fields = FIELDS[expected["kind"].iloc[0]]
    used: set[int] = set()
    ok = dict.fromkeys(fields, 0)
    n = dict.fromkeys(fields, 0)
    wrong: list[str] = []
    for e in expected.itertuples(index=False):
        e = pd.Series(e._asdict())
        hit = _match(e, landed, used)
        if hit is None:
            res = {f: (False if f == "landed" else None) for f in fields}
            wrong.append(f"lost {e.college_name} {e.major_name} {e.year}")
        else:
            used.add(hit)
            r = landed.loc[hit]
            res = {"landed": True, **{f: _eq(f, r.get(f), e[f]) for f in fields if f != "landed"}}
            bad = [f for f, v in res.items() if v is False]
            if bad:
                wrong.append(f"{e.college_name} {e.major_name} {e.year}: "
                             + ", ".join(f"{f} lake {r.get(f)!r} key {e[f]!r}" for f in bad))
        for f, v in res.items():
            if v is not None:
                n[f] += 1
                ok[f] += bool(v)
    extra = landed.drop(index=list(used))
    for r in extra.head(3).itertuples():
        wrong.append(f"landed but no record: {getattr(r, 'college_name', None)} | "
                     f"{getattr(r, 'major_name_src', None)} | {getattr(r, 'year', None)}")
    return {f: (ok[f] / n[f] if n[f] else None) for f in fields}, len(extra), wrong


def _cases():
    for name in FILES:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", list(_cases()))
def test_blind_cohort_file_lands_every_field_right_and_nothing_else(name, tmp_path):
    landed, info = ingest_file(name, tmp_path)
    shares, extra, wrong = score(EXPECTED[EXPECTED.file == name], landed)
    summary = ", ".join(f"{f} {v:.0%}" for f, v in shares.items() if v is not None)
    assert all(v == 1.0 for v in shares.values() if v is not None) and extra == 0, (
        f"{name}: {summary}; {extra} rows landed that are no record; quarantined {info['quarantined']}; "
        f"errors {info['errors']}; e.g. {wrong[:4]}")


def _file(prefix: str) -> str:
    return next(f for f in FILES if f.startswith(prefix))


def test_answer_key_is_consistent_with_the_files_it_scores():
    """The key itself: plan never stands as new students, 小计/合计 rows are no record, rates give the counts."""
    k = EXPECTED
    assert len(FILES) >= 12 and set(k.kind) == {"graduates", "enrollment"}
    assert not k.college_name.str.contains("小计|合计").any() and not k.major_name.str.contains("小计|合计").any()
    # The plan sheets: the key holds 报到 (registered) or 实际录取 (admitted), each below its plan.
    e01 = pd.read_excel(DATA / _file('E01'), header=2, dtype=str)
    rec = e01[e01["专业代码"].notna()]
    assert k[k.file == _file('E01')].new_students.tolist() == rec["报到人数"].tolist()
    assert (rec["招生计划数"].astype(int) > rec["报到人数"].astype(int)).all()
    # Rates only (G02): employed = round(就业率 × graduates) − further_study, as the dictionary states.
    g02 = pd.read_csv(DATA / _file('G02'), skiprows=1, dtype=str).dropna(subset=["毕业生数"])
    key = k[k.file == _file('G02')]
    for (_, r), (_, e) in zip(g02.iterrows(), key.iterrows()):
        fs = round(float(r["升学率(%)"]) / 100 * int(r["毕业生数"]))
        assert (str(fs), str(round(float(r["就业率(%)"]) / 100 * int(r["毕业生数"])) - fs)) == (e.further_study, e.employed)
    # 年级 columns: 在校生 is their sum (E03 gives it as 合计, E04 only the grades).
    e03 = pd.read_excel(DATA / _file('E03'), header=None, skiprows=3, dtype=str).dropna(subset=[2])
    assert (e03[[2, 3, 4]].astype(int).sum(axis=1) == e03[5].astype(int)).all()


def test_scorer_counts_a_wrong_value_a_lost_record_and_a_subtotal_row():
    """The scorer itself: the key as lake scores 100 %; a changed figure, a lost record or a 小计 row do not."""
    exp = EXPECTED[EXPECTED.file == _file("G06")]
    lake = exp.rename(columns={"major_name": "major_name_src"}).replace({"": None}).reset_index(drop=True)
    shares, extra, _ = score(exp, lake)
    assert all(v == 1.0 for v in shares.values() if v is not None) and extra == 0
    bad = lake.copy()
    bad.loc[0, "employed"] = str(int(bad.loc[0, "employed"]) + 1)
    bad.loc[1, "derived"] = "employed"
    assert score(exp, bad)[0]["employed"] < 1 and score(exp, bad)[0]["derived"] < 1
    subtotal = pd.concat([lake.iloc[1:], lake.iloc[[0]].assign(major_code=None, major_name_src="小计")])
    shares, extra, _ = score(exp, subtotal.reset_index(drop=True))
    assert shares["landed"] == (len(exp) - 1) / len(exp) and extra == 1


def table() -> pd.DataFrame:
    """The per-file, per-field table (% of scored records right; lost; landed that are no record)."""
    out = []
    for name in FILES:
        with tempfile.TemporaryDirectory() as d:
            landed, info = ingest_file(name, Path(d))
        exp = EXPECTED[EXPECTED.file == name]
        shares, extra, wrong = score(exp, landed)
        out.append({"file": name[:3], "kind": KIND[name][:4], "n": len(exp),
                    **{f: ("-" if v is None else round(100 * v)) for f, v in shares.items()},
                    "lost": round(len(exp) * (1 - shares["landed"])), "extra": extra,
                    "name": name, "quarantined": info["quarantined"], "errors": info["errors"], "wrong": wrong[:3]})
    return pd.DataFrame(out)


if __name__ == "__main__":
    pd.set_option("display.width", 300)
    pd.set_option("display.max_colwidth", 300)
    t = table()
    short = {"college_code": "c_code", "college_name": "c_name", "major_code": "m_code", "graduates": "grads",
             "employed": "empl", "further_study": "study", "employed_in_province": "in_prov",
             "counterpart_employed": "cpart", "starting_salary_cny_month": "salary", "new_students": "new",
             "new_students_basis": "basis", "students_in_school": "in_school"}
    cols = list(dict.fromkeys(["file", "kind", "n", *FIELDS["graduates"], *FIELDS["enrollment"], "lost", "extra"]))
    print(t[cols].fillna("").rename(columns=short).to_string(index=False))
    for r in t.itertuples():
        if r.wrong or r.errors:
            print(f"\n{r.name}\n  quarantined: {r.quarantined} errors: {r.errors}\n  " + "\n  ".join(r.wrong))
    sys.exit(0)
