"""Official names: the catalogue copy, the glossary and the crosswalk spell every class as the catalogue does."""

from __future__ import annotations

import csv
import tomllib
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


def test_crosswalk_knowledge_base_uses_catalogue_names() -> None:
    names = {c.code: c.name for c in majors()}
    kb = tomllib.loads((ROOT / "data/crosswalk/major_class_kb.toml").read_text(encoding="utf-8"))
    wrong = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            code, name = node.get("code"), node.get("name")
            if isinstance(code, str) and isinstance(name, str) and code in names and name != names[code]:
                wrong.append((code, name, names[code]))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(kb)
    assert wrong == []
