"""Report linter: the language defects a secretariat would have to fix by hand before forwarding.

``lint_markdown(text, lang, ...)`` reads a rendered Markdown report and returns one
:class:`Problem` per defect, each naming its rule and line. The rules:

* ``english`` (zh): Latin words outside the appendix's tables (sources, licences, URLs).
* ``chinese`` (en): Chinese text without an English gloss ``中文 (English)``, except the proper
  names of institutions (colleges, groups, companies), which have no official English name.
* ``repo_path``: a repository path (``docs/x.md``) in reader-facing text.
* ``placeholder``: a dash or "无" standing in for a number or a list ("全省布点—个", "：无"),
  unformatted values (``nan``, ``None``, ``{name}``).
* ``vacancy`` (zh): "职位空缺" (a vacancy stock) where openings (岗位需求, a flow) are meant.
* ``raw_code``: machine keys (``prior``, ``snake_case``, rule ids, group ids) in the text.
* ``jargon``: method terms (MASE, sMAPE, damped, Theta, MinT, Dirichlet …) outside the appendix.
* ``official_name``: a major class named otherwise than the catalogue (``name（code）``, table rows)
  or a known misspelling of a catalogue name.
* ``college_names``: one college code shown under two names.

The appendix (from the heading ``## 数据附录`` / ``## Data appendix``) may explain the method in its
own terms; its tables quote sources verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

APPENDIX_HEADINGS = ("## 数据附录", "## Appendix", "## Data appendix")
# Misspellings found in copies of the catalogue (data/reference/SOURCES.md); never shown.
KNOWN_MISSPELLINGS = ("水环培", "应用法诺", "要幼儿")
JARGON = re.compile(r"\b(MASE|sMAPE|MAPE|damped|Theta|theta|DOTM|dotm|MinT|Dirichlet|shift-share|ensemble|"
                    r"naive|drift|loglinear)\b|狄利克雷|后验|先验")
RAW = re.compile(r"\|\s*(prior|posterior)\s*\||[:：=]\s*(prior|posterior)\b|\b[a-z]+_[a-z_]+\b|\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b")
# Latin text a Chinese report may carry: the standard's designation, the product's name, file
# formats, and codes (synthetic college codes such as SYN0001).
ZH_ALLOWED = re.compile(r"GB/T|talentcast|PDF|XLSX|\b[A-Z]+\d+\b")
REPO_PATH = re.compile(r"\b[\w.-]+/[\w./-]+\.(?:md|py|toml|csv|j2)\b")
PLACEHOLDER = re.compile(r"—个|为点预测的—|[：:]\s*无\s*$|[：:]\s*无[。；]|\bnan\b|\bNone\b|\{[a-z_]+\}")
CJK = re.compile(r"[\u3400-\u9fff]+")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
INSTITUTION = re.compile(r"[\u3400-\u9fff（）()]*(学院|学校|大学|集团|公司|中心|研究院|示例[\u3400-\u9fff]*)")
CLASS_IN_TEXT = re.compile(r"([\u3400-\u9fff]+类)（(\d{4})）")
COLLEGE_CODE = re.compile(r"^(?:\d{10}|S\d{9}|SYN\w+)$")


@dataclass(frozen=True)
class Problem:
    """One defect: rule id, 1-based line number and the offending text."""

    rule: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"line {self.line}: [{self.rule}] {self.text}"


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def _english_gloss_ok(line: str) -> bool:
    """Every Chinese run is an institution name, a major name beside its 6-digit catalogue code
    (the glossary covers categories and classes, not the 700-odd majors), an occupation name
    beside its 职业分类大典 code (the 大典 has no official English), or followed by an English
    gloss ``(…)``."""
    rest = INSTITUTION.sub("", line)
    rest = re.sub(r"\|\s*\d{6}K?\s*\|\s*[\u3400-\u9fff（）()、]+\s*\|", "||", rest)
    rest = re.sub(r"\|\s*\d-\d{2}-\d{2}-\d{2}\s*\|\s*[\u3400-\u9fff（）()、·]+\s*\|", "||", rest)
    rest = re.sub(r"[\u3400-\u9fff]+\s*[（(]\d{6}K?[）)]", "", rest)
    rest = re.sub(r"“[^”]*”", "", rest)  # a source quoted verbatim
    rest = re.sub(r"[\u3400-\u9fff、，（）]+\s*\([A-Za-z][^)]*\)", "", rest)
    rest = rest.replace("布点", "")  # the register's term, glossed where it is introduced
    return not CJK.search(rest)


def lint_markdown(text: str, lang: str, *, catalogue: Mapping[str, str] | None = None,
                  group_ids: Iterable[str] = ()) -> list[Problem]:
    """The defects of one rendered Markdown report (see the module docstring for the rules).

    Args:
        text: The Markdown report.
        lang: "zh" or "en".
        catalogue: Major class code → official Chinese name (the 2021 catalogue).
        group_ids: Registry ids, which must not appear in reader-facing text.
    """
    catalogue = catalogue or {}
    ids = [g for g in group_ids if g]
    out: list[Problem] = []
    in_appendix = False
    college_names: dict[str, tuple[str, int]] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if line.startswith(APPENDIX_HEADINGS):
            in_appendix = True
        is_row = line.startswith("|") and not set(line) <= set("|-: ")
        cells = _cells(line) if is_row else []
        quoted_source = in_appendix and is_row  # sources, licences and URLs quoted as published

        def bad(rule: str, what: str) -> None:
            out.append(Problem(rule, n, what))

        if lang == "zh" and not quoted_source:
            words = LATIN_WORD.findall(ZH_ALLOWED.sub("", line))
            if words:
                bad("english", " ".join(words[:5]))
            if "职位空缺" in line:
                bad("vacancy", "职位空缺")
        if lang == "en" and not quoted_source and CJK.search(line) and not _english_gloss_ok(line):
            bad("chinese", ", ".join(CJK.findall(INSTITUTION.sub("", line)))[:60])
        if not quoted_source and (m := REPO_PATH.search(line)):
            bad("repo_path", m.group(0))
        if m := PLACEHOLDER.search(line):
            bad("placeholder", m.group(0))
        if not quoted_source:
            for m in RAW.finditer(line):
                bad("raw_code", m.group(0))
            for gid in ids:
                if re.search(rf"(?<![\w-]){re.escape(gid)}(?![\w-])", line):
                    bad("raw_code", gid)
        if not in_appendix and (m := JARGON.search(line)):
            bad("jargon", m.group(0))
        for bad_name in KNOWN_MISSPELLINGS:
            if bad_name in line:
                bad("official_name", bad_name)
        for name, code in CLASS_IN_TEXT.findall(line):
            if code in catalogue and catalogue[code] != name:
                bad("official_name", f"{name}（{code}） ≠ {catalogue[code]}")
        for i, cell in enumerate(cells[:-1]):
            if re.fullmatch(r"\d{4}", cell) and cell in catalogue:
                name = re.sub(r"\s*\(.*\)$", "", cells[i + 1])
                if CJK.fullmatch(name or "x") and name != catalogue[cell]:
                    bad("official_name", f"{name} ({cell}) ≠ {catalogue[cell]}")
            if COLLEGE_CODE.match(cell):
                name = cells[i + 1]
                seen = college_names.setdefault(cell, (name, n))
                if seen[0] != name:
                    bad("college_names", f"{cell}: {seen[0]} (line {seen[1]}) / {name}")
    return out


def shared_prose(a: str, b: str) -> float:
    """Share of prose lines of ``a`` (outside the appendix) that also appear in ``b``.

    Prose: paragraphs and list items after the cover; headings, table rows, table captions
    (``**…**``), table status/note lines (``_…_``) and "label: number" key-figure items are
    apparatus, not prose.
    """
    la, lb = _prose(a), set(_prose(b))
    return sum(1 for x in la if x in lb) / len(la) if la else 0.0


# A "label: number" list item (a card's key figures) is a table written as a list, not prose.
# ("< −500%" is a figure too; Markdown escapes its "<".)
FACT_LINE = re.compile(r"- [^：:]{1,40}[：:]\s*(?:\\?<\s*)?[-+−—<]?[\d,.]+\s*(%|万人|人|thousand|million|people)?(\s*[–-]\s*[\d,.]+.*)?")


def _prose(text: str) -> list[str]:
    """Prose lines between the cover (before the first ``## ``) and the appendix."""
    out, started = [], False
    for line in text.splitlines():
        if line.startswith(APPENDIX_HEADINGS):
            break
        started = started or line.startswith("## ")
        s = line.strip()
        if (not started or not s or s.startswith(("#", "|", "_", ">", "---"))
                or re.fullmatch(r"\*\*[^*]+\*\*.*", s) or FACT_LINE.fullmatch(s)):
            continue
        out.append(s)
    return out
