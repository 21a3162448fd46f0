"""Official names: the catalogue copy and the glossary spell every class as the catalogue does."""

from __future__ import annotations

import csv
from pathlib import Path

from talentcast.reference import majors
from talentcast.report.lint import KNOWN_MISSPELLINGS

ROOT = Path(__file__).resolve().parents[1]


def test_known_ocr_errors_of_the_source_are_corrected_in_the_reference() -> None:
    names = {c.code: c.name for c in majors()}
    assert names["4504"] == "水土保持与水环境类" and names["570211"] == "应用法语"
    assert not [n for n in names.values() if any(bad in n for bad in KNOWN_MISSPELLINGS)]


def test_glossary_names_are_the_catalogue_names() -> None:
    names = {c.code: c.name for c in majors("higher_vocational") if len(c.code) in (2, 4)}
    with open(ROOT / "src/talentcast/report/glossary/classes_en.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["code"] for r in rows} == set(names)  # every category and class has a gloss
    assert [r["code"] for r in rows if r["name_zh"] != names[r["code"]]] == []
    assert all(r["name_en"].strip() and r["name_en"].isascii() for r in rows)

