"""Blind set 7: does each real-statistics file land what an analyst expects, field by field?

The 18 files and the answer key are in tests/data/ingest/statistics_blind7/ (README.md there
says where every figure comes from and what should land). Each file is ingested alone into a
temporary lake with no option; landed rows are paired with the key's rows and every field
(region_code, industry_code, scope, measure, year, value) is scored; a landed row the key does
not hold is an extra and makes the file wrong. Files measured wrong are in XFAIL (strict) with
the cause measured once, on the rows and quarantine reasons the ingest left.

`python tests/test_ingest_statistics_blind7.py` prints the per-file, per-field table.
"""

from __future__ import annotations

import math
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest

from talentcast.ingest.statistics import ingest_statistics
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "statistics_blind7"
FIELDS = ("region_code", "industry_code", "scope", "measure", "year", "value")
KEY = pd.read_csv(DATA / "expected.csv", dtype={"region_code": str, "industry_code": str})
FILES = sorted(p.name for p in DATA.iterdir() if p.name[:2].isdigit())

# Measured once (see the module docstring); file name → cause.
XFAIL: dict[str, str] = {
    "08_easyquery_hgnd_按行业分国有单位就业人员.json": (
        "easyquery JSON: the universe in the indicator nodes' names (…国有单位就业人员) is not "
        "read, so all 100 rows land as scope urban_units instead of state_units (beside the real "
        "urban-unit series); and values are the 2-decimal text rounded to the node's dotcount "
        "(242.31) instead of the `data` number (242.3079): 89 of 100 values off"),
    "11_河南就业工资汇总_李工.xlsx": (
        "the second table of the sheet (表2, years as '15年 16年 17年') does not land: its 19 rows "
        "go to the file's notes; 57 wage figures missing. Two-digit years are the cause: the "
        "same sheet with '2015年' headers lands all 114 (table 1, its =SUM 合计 cache, the "
        "hidden ratio column and the numbers stored as text are all right)"),
    "12_河南分行业平均工资_Word表格.htm": (
        "a Word table saved as a web page (.htm; .html alike) is refused: 'no year in any sheet' "
        "— the file is not read as HTML; the same bytes named .xls land all 57 figures right"),
    "14_China_urban_employment_by_sector_thousand_persons.csv": (
        "refused ('no year in any sheet'): the unquoted commas of the title line ('…by Sector, "
        "China') and of 'Unit: 1,000 persons' break the csv; with them quoted it reads, but "
        "'1,000 persons' (also '1000'/'10000 persons') is taken as 人, so every value would be "
        "1,000× too small (17.16 instead of 17,161.78 万人)"),
    "17_中国统计年鉴2021_4-11城镇非私营单位就业人员平均工资和指数.xlsx": (
        "the universes named in the second header row under 平均货币工资（元）(国有单位, 城镇集体单位, "
        "其他单位) are not read: 15 rows land as scope urban_units TOTAL, so each year has four "
        "conflicting urban-unit totals (67569, 72538, 50527, 65531 for 2016); 合计, 在岗职工 "
        "and the indices (not landed) are right"),
    "18_中国统计年鉴_按三次产业分就业人员数.xlsx": (
        "第一/第二/第三产业 columns land as TOTAL all_employed: 15 extra rows, three false "
        "all-industry totals per year beside the real 就业人员 合计 (which lands right); the "
        "构成（%） shares do not land"),
}


def _same(field: str, got, want) -> bool:
    if got is None or (isinstance(got, float) and math.isnan(got)):
        return False
    if field == "value":
        return math.isclose(float(got), float(want), rel_tol=1e-6)
    if field == "year":
        return int(got) == int(want)
    return str(got) == str(want)


def landed(name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ingest one file alone into a fresh lake; its statistics rows and quarantine rows."""
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lake = Lake(Path(tmp) / "lake")
        ingest_statistics(lake, [DATA / name], raise_on_error=False)
        lake = Lake(Path(tmp) / "lake")
        rows = lake.read("statistics") if lake.exists("statistics") else pd.DataFrame(columns=FIELDS)
        quarantine = lake.read("quarantine") if lake.exists("quarantine") else pd.DataFrame()
        return rows.reset_index(drop=True), quarantine.reset_index(drop=True)


def score(name: str, rows: pd.DataFrame) -> dict[str, int]:
    """Pair landed rows with key rows (most fields alike first) and count fields right.

    A key row with no landed row sharing at least 3 of the 6 fields counts every field wrong;
    a landed row left unpaired is an extra.
    """
    want = KEY[KEY.file == name].to_dict("records")
    got = rows.to_dict("records")
    pairs = sorted(
        ((sum(_same(f, g.get(f), w[f]) for f in FIELDS), i, j)
         for i, w in enumerate(want) for j, g in enumerate(got)),
        key=lambda t: (-t[0], t[1], t[2]))
    used_w: dict[int, int] = {}
    used_g: set[int] = set()
    for n, i, j in pairs:
        if n < 3:
            break
        if i not in used_w and j not in used_g:
            used_w[i] = j
            used_g.add(j)
    out = {f: 0 for f in FIELDS}
    full = 0
    for i, w in enumerate(want):
        if i in used_w:
            g = got[used_w[i]]
            ok = [_same(f, g.get(f), w[f]) for f in FIELDS]
            for f, good in zip(FIELDS, ok):
                out[f] += good
            full += all(ok)
    out.update(given=len(want), full=full, landed=len(got), extra=len(got) - len(used_g))
    return out


def _right(s: dict[str, int]) -> bool:
    return s["full"] == s["given"] and s["extra"] == 0


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=XFAIL[n])) if n in XFAIL else n
     for n in FILES])
def test_file_lands_exactly_its_key(name: str) -> None:
    rows, quarantine = landed(name)
    s = score(name, rows)
    reasons = quarantine["reason"].value_counts().to_dict() if "reason" in quarantine else {}
    assert _right(s), f"{name}: {s}; quarantined {reasons}"


def test_key_covers_every_file_but_the_prose_bulletin() -> None:
    assert len(FILES) == 18
    assert set(KEY.file) == set(FILES) - {"05_河南省2017年统计公报_就业与工资_节选.txt"}
    assert set(XFAIL) <= set(FILES)


if __name__ == "__main__":
    totals = {f: 0 for f in (*FIELDS, "given", "full", "landed", "extra")}
    right = 0
    print(f"{'file':<64}" + "".join(f"{f[:8]:>9}" for f in totals) + "  ok")
    for name in FILES:
        rows, quarantine = landed(name)
        s = score(name, rows)
        right += _right(s)
        for k in totals:
            totals[k] += s[k]
        print(f"{name[:62]:<64}" + "".join(f"{s[k]:>9}" for k in totals) + ("  yes" if _right(s) else "  NO"))
    print(f"{'TOTAL':<64}" + "".join(f"{totals[k]:>9}" for k in totals) + f"  {right}/{len(FILES)}")
