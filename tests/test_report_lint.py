"""The report linter: fails on each language defect, passes on the reports talentcast writes.

Rendered from the pipeline-built fixture (tests/data/report) here; the slow test lints the 21
demo reports in both languages and measures how much prose two group reports share.
"""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import pytest

from talentcast.reference import majors
from talentcast.report.context import build_context
from talentcast.report.lint import lint_markdown, shared_prose
from talentcast.report.render import render_md

#: Rendering tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("report_loader", HERE / "data/report/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)
CATALOGUE = {c.code: c.name for c in majors("higher_vocational") if len(c.code) in (2, 4)}
MAX_SHARED_PROSE = 0.15


@pytest.fixture(scope="module")
def reports():
    marts, reg, names = loader.load_marts(), loader.load_registry(), loader.load_names()
    ids = [g["id"] for g in reg["groups"]]
    return {(g, lang): render_md(build_context(marts, reg, g, lang=lang, names=names, edition=loader.EDITION))
            for g in [*ids, None] for lang in ("zh", "en")}, ids


def _rules(text: str, lang: str, ids=("g-electronics",)) -> set[str]:
    return {p.rule for p in lint_markdown(text, lang, catalogue=CATALOGUE, group_ids=ids)}


def test_linter_finds_every_defect_of_the_chinese_fixture() -> None:
    problems = lint_markdown((HERE / "data/report/lint_defects_zh.md").read_text(encoding="utf-8"), "zh",
                             catalogue=CATALOGUE, group_ids=["g-electronics"])
    rules = {p.rule for p in problems}
    assert rules == {"english", "vacancy", "placeholder", "raw_code", "jargon", "repo_path", "official_name",
                     "college_names"}
    lines = {p.rule: p.line for p in problems}
    assert lines["vacancy"] == 4 and lines["college_names"] == 16
    named = [p.text for p in problems if p.rule == "official_name"]
    assert "水环培" in named and any("计算机应用类（5102） ≠ 计算机类" in t for t in named)
    # the appendix may explain a method term in plain words
    assert not [p for p in problems if p.line >= 20]


def test_linter_finds_every_defect_of_the_english_fixture() -> None:
    problems = lint_markdown((HERE / "data/report/lint_defects_en.md").read_text(encoding="utf-8"), "en",
                             catalogue=CATALOGUE)
    assert {p.rule for p in problems} == {"chinese", "jargon", "placeholder", "raw_code", "college_names"}
    assert not [p for p in problems if p.line >= 13]


def test_glossed_names_and_institutions_pass_in_english() -> None:
    ok = "- The largest class is 计算机类 (Computing), offered by 示例信息职业学院 and 河南职业技术学院."
    assert _rules(ok, "en") == set()
    assert _rules("- 计算机类 is the largest class.", "en") == {"chinese"}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fixture_reports_are_clean(reports, lang) -> None:
    texts, ids = reports
    for (g, lg), text in texts.items():
        if lg == lang:
            problems = lint_markdown(text, lang, catalogue=CATALOGUE, group_ids=ids)
            assert not problems, f"{g or 'province'} {lang}:\n" + "\n".join(map(str, problems[:20]))


def test_group_reports_share_little_prose(reports) -> None:
    texts, ids = reports
    for lang in ("zh", "en"):
        for a, b in itertools.permutations([g for g in ids if g != "g-empty"], 2):
            share = shared_prose(texts[(a, lang)], texts[(b, lang)])
            assert share <= MAX_SHARED_PROSE, (a, b, lang, share)


@pytest.mark.demo
def test_demo_reports_are_clean_and_distinct(demo_workspace, demo_reports) -> None:
    """All 21 demo reports in zh (the files the demo wrote) and en (rendered from the same marts)
    pass the linter; no two group reports share >15 % prose."""
    from talentcast.reference import load_registry

    root, _ = demo_workspace
    paths = sorted((root / "reports").glob("*_zh.md"))
    assert len(paths) == 21
    ids = [g.id for g in load_registry(workspace=root).groups]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in paths}
    texts |= {f"demo_{gid or 'province'}_en": md for (gid, lang), md in demo_reports[2].items() if lang == "en"}
    assert len(texts) == 42
    bad = {stem: lint_markdown(t, stem[-2:], catalogue=CATALOGUE, group_ids=ids) for stem, t in texts.items()}
    bad = {k: v for k, v in bad.items() if v}
    assert not bad, "\n".join(f"{k}: {v[0]} (+{len(v) - 1})" for k, v in bad.items())
    for lang in ("zh", "en"):
        groups = [k for k in texts if k.endswith(lang) and "_province_" not in k]
        worst = max(shared_prose(texts[a], texts[b]) for a, b in itertools.permutations(groups, 2))
        assert worst <= MAX_SHARED_PROSE, worst
