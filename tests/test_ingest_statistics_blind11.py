"""Blind measure 11 of the statistics ingestor on hard but realistic forms.

Each file of tests/data/ingest/statistics_blind11 is ingested alone into a temporary lake and
its landed rows are paired with the answer key (expected.csv, fixed before any run). A file
passes when every key row lands with the right region, industry, scope, measure, year and value
(relative tolerance 1e-6) and nothing else lands. Known misses are strict xfails whose reason
is the cause measured in one run. ``python tests/test_ingest_statistics_blind11.py`` prints the
per-file, per-field table.
"""

from __future__ import annotations

import csv
import math
import tempfile
from pathlib import Path

import pytest

from talentcast.ingest.statistics import ingest_statistics
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "statistics_blind11"
FIELDS = ("region_code", "industry_code", "scope", "measure", "year", "value")
MIN_PAIR_SCORE = 4  # a landed row must share 4 of the 6 fields to count as the key row's figure

# Measured once (first contact; answer key fixed before the run): 4/12 files fully right,
# 508/857 figures right, 180 extra rows. One provable key error was fixed after the run: file
# 04's title, sheet and file name name no place, so its 40 figures are national (100000) by
# the documented rule, not Henan as first keyed; with it 548/857 figures are right.
#
#   file                                    given landed full region industry scope measure year value extras
#   01_transposed_letters_over_names.xlsx     80     80   80     80       80    80      80   80    80      0
#   02_pdf_excel_split_labels.xlsx            60     45   45     45       45    45      45   45    45      0
#   03_city_wage_wanyuan.xlsx                 38     38   38     38       38    38      38   38    38      0
#   04_yearend_average_wagebill.xlsx          40     60   40     40       40    40      40   40    40     20
#   05_side_by_side_tables.xlsx              120      0    0      0        0     0       0    0     0      0
#   06_gbt2002_lettered.xlsx                  60     60   48     60       48    60      60   60    60      0
#   07_spliced_2002_2011_series.xlsx         120    120  120    120      120   120     120  120   120      0
#   08_footnote_marks.xlsx                    40     38   38     38       38    38      38   38    38      0
#   09_semicolon_decimal_comma.csv            60     57    0     57       57    57      57   57     0      0
#   10_unit_ren_one_column_wanren.xlsx        59     59   59     59       59    59      59   59    59      0
#   11_national_provinces_as_columns.xlsx    140    140   40     40      140   140     140  140   140      0
#   12_quarterly_wage_qianyuan.xlsx           40    200   40     40       40    40      40   40    40    160
#   TOTAL                                    857         548    617      705   717     717  717   660    180
XFAIL: dict[str, str] = {
    "02_pdf_excel_split_labels.xlsx": (
        "labels a PDF conversion split across two cells (信息传输、软件和信 | 息技术服务业) or wrapped "
        "onto a second row (电力、热力、燃气及水生 / 产和供应业; 水利、环境和公共设 / 施管理业) are "
        "quarantined industry_unmapped: D, I, N, O, S missing (15 figures); the continuation rows "
        "go to notes; '74 872' and '合    计' are read right"),
    "04_yearend_average_wagebill.xlsx": (
        "平均人数 lands as a second urban_units employment_10k figure on the same key as 年末人数 "
        "(20 extras, e.g. TOTAL 1163.1993 beside 1172.5799); 工资总额（万元） is not landed but only "
        "because it is read as employment in an unknown unit (bad_number)"),
    "05_side_by_side_tables.xlsx": (
        "two tables side by side (employment | empty column | wage) under merged measure titles "
        "are refused: 'no statistics records found in it: no year in any sheet' although both "
        "header rows read 2020年 2021年 2022年; nothing lands (120 figures)"),
    "06_gbt2002_lettered.xlsx": (
        "the 门类 column of 2002-edition letters is read as the label and wins over the 2002 names "
        "beside it (industry_name_src 'F', edition 2017): 2002 F 交通运输 lands as 2017 F, "
        "G 信息传输、计算机服务和软件业 as G, H 批发和零售业 as H, I 住宿和餐饮业 as I "
        "(12 figures silently on the wrong section)"),
    "08_footnote_marks.xlsx": (
        "a parenthesised footnote mark in a number cell ('113640(a)', '76272(b)') is quarantined "
        "bad_number (2 figures); '*', '①', '②' after numbers and marks in labels are read right"),
    "09_semicolon_decimal_comma.csv": (
        "decimal commas are read as thousands separators: '5,34' lands as 534 (57 figures 100x "
        "too large, silently); '1 166,97' with a no-break-space thousands separator is "
        "quarantined bad_number (3 TOTAL figures)"),
    "11_national_provinces_as_columns.xlsx": (
        "province columns spaced the NBS way with an ideographic space (北　京, 河　北, 山　西, "
        "河　南, 湖　北) land as 全国 100000: 100 figures on the wrong region, six columns "
        "collapsing onto one key; 内蒙古 (no space) and 全　国 land right"),
    "12_quarterly_wage_qianyuan.xlsx": (
        "quarter columns (一季度…四季度) under the merged year row land as annual wages (16.8 千元 "
        "-> 16,800 元/年): 160 extras on the keys of the 全年 figures; 全年 and 千元 are read right"),
}


def _key() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    with (DATA / "expected.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            r["year"], r["value"] = int(r["year"]), float(r["value"])
            rows.setdefault(r.pop("file"), []).append(r)
    return rows


KEY = _key()


def _same(field: str, want, got) -> bool:
    if field == "value":
        try:
            return math.isclose(float(got), want, rel_tol=1e-6)
        except (TypeError, ValueError):
            return False
    if field == "year":
        try:
            return int(got) == want
        except (TypeError, ValueError):
            return False
    return str(got) == want


def _land(path: Path, tmp: Path) -> list[dict]:
    """Ingest one file into a fresh lake and return its statistics rows as dicts."""
    lake = Lake(tmp / "lake")
    ingest_statistics(lake, [path], raise_on_error=False)
    try:
        frame = Lake(tmp / "lake").read("statistics")
    except Exception:  # no table: nothing landed
        return []
    if frame is None:
        return []
    return frame.to_dict("records")


def score(file: str, landed: list[dict]) -> dict:
    """Pair landed rows with key rows greedily by shared fields; count right fields and extras."""
    key = KEY[file]
    cands = []
    for i, k in enumerate(key):
        for j, row in enumerate(landed):
            s = sum(_same(f, k[f], row.get(f)) for f in FIELDS)
            if s >= MIN_PAIR_SCORE:
                cands.append((-s, i, j))
    cands.sort()
    pair: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in cands:
        if i not in pair and j not in used:
            pair[i] = j
            used.add(j)
    right = {f: 0 for f in FIELDS}
    full = 0
    for i, k in enumerate(key):
        if i not in pair:
            continue
        ok = [_same(f, k[f], landed[pair[i]].get(f)) for f in FIELDS]
        for f, good in zip(FIELDS, ok):
            right[f] += good
        full += all(ok)
    return {"given": len(key), "landed": len(landed), "paired": len(pair), "full": full,
            "right": right, "extras": len(landed) - len(used)}


def measure(file: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        return score(file, _land(DATA / file, Path(tmp)))


@pytest.mark.parametrize(
    "file",
    [pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=XFAIL[f])) if f in XFAIL else f
     for f in sorted(KEY)],
)
def test_file_lands_fully_right(file: str) -> None:
    res = measure(file)
    assert res["full"] == res["given"] and res["extras"] == 0, res


def test_score_pairs_and_counts_fields() -> None:
    """The scorer itself: a wrong value, a missing row and an extra are each counted."""
    file = "12_quarterly_wage_qianyuan.xlsx"
    key = KEY[file]
    landed = [dict(k) for k in key[1:]]
    landed[0]["value"] = landed[0]["value"] + 1
    landed.append({"region_code": "410000", "industry_code": "Z", "scope": "x",
                   "measure": "y", "year": 1900, "value": -1.0})
    res = score(file, landed)
    assert res["paired"] == len(key) - 1
    assert res["right"]["value"] == len(key) - 2
    assert res["full"] == len(key) - 2
    assert res["extras"] == 1


if __name__ == "__main__":
    tot = {f: 0 for f in FIELDS}
    given = full = extras = 0
    print(f"{'file':40} given landed full " + " ".join(f"{f[:8]:>8}" for f in FIELDS) + " extras")
    for file in sorted(KEY):
        r = measure(file)
        print(f"{file:40} {r['given']:5} {r['landed']:6} {r['full']:4} "
              + " ".join(f"{r['right'][f]:8}" for f in FIELDS) + f" {r['extras']:6}")
        given += r["given"]
        full += r["full"]
        extras += r["extras"]
        for f in FIELDS:
            tot[f] += r["right"][f]
    print(f"{'TOTAL':40} {given:5} {'':6} {full:4} " + " ".join(f"{tot[f]:8}" for f in FIELDS)
          + f" {extras:6}")
