"""Ingest graduates (employment outcomes) and enrollment per college × major × year.

There is no public sample of these; the input format is defined here and documented in
docs/data-dictionary.md: a csv/tsv/xlsx/xls/json (gzip ok) with one row per college × major ×
year, as a college or the Department of Education exports it. The table may carry a title, a
unit row, a merged two-row header, 合计/总计/小计 rows and notes below
(:mod:`talentcast.ingest.cohort_table` finds the records; totals and notes are quarantined as
``summary_row`` and ``note_row``, never landed as a major). Headers are matched by meaning
(:data:`GRADUATES`, :data:`ENROLLMENT`: Chinese or English, units in brackets ignored; ``--map field=column``
overrides). What each field accepts:

* **college**: name, code (学校标识码 or the 5-digit 院校代码), or both. A code of the Henan
  college list gives the 10-digit code and, when the file has no name, the listed name; in a
  file without a name column, a code not in the list stands as the name too. A file without a
  college column takes the college a title line names ("示例职业技术学院2023届毕业生…"), and
  the code a title or preamble line states as ``key：value`` ("学校标识码：4141099901  学校名称：
  …", "…学院（学校标识码：4141099902）2024届…", one per sheet).
  A row whose college name and code are both blank takes the college of the row above (a
  college merged down its majors, saved as csv), and the report says how many.
* **major**: 2021-catalogue code or name; ``460104.0`` (a spreadsheet number) and
  ``460104（机械制造及自动化）`` give the code; a name or code not in the catalogue keeps
  ``major_code`` null (older catalogue names are mapped only where a concordance states it).
  A name both levels use (护理: 专科 520201, 职业本科 320201) takes the level a 层次 column
  states, else the listed college's level, else 专科 for a college named 职业(技术)学院 or
  高等专科学校 (only 专科 institutions bear these names); otherwise ``major_code`` stays null.
* **year**: ``2023``, ``2023届``, ``2023年``, a date; a school year ``2023-2024学年`` is the
  autumn intake year (2023) for enrollment and the graduation year (2024) for graduates;
  ``2023级`` is an intake cohort: the year for enrollment, refused for graduates (a cohort is
  not a graduation year). A file without a year column takes the one year its title states
  (a year marked 届/学年/年度/级 first; a filing date such as 填报日期：2025年1月 is not it).
* **counts**: whole persons; ``1,234``, ``120人`` and ``120.0`` are read; ``-``, ``—``, ``/``
  and ``无`` mean "not given" (null), not zero. A count, rate or salary cell merged down over
  several majors (a 专业群 figure) refuses those rows (``bad_number``): it is no major's own.
* **years across**: ``2023届毕业生数 | 2024届毕业生数`` (or 毕业生数 over 2023届 | 2024届, or
  one sheet per year named ``2023届``) give one record per row and year; a figure column
  without a year beside them (在校生数) is no one year's and is not landed (warned as unused).
* **rates** (graduates): ``91.67%``, ``91.67`` in a ``(%)`` column or under a ``%`` unit, or
  ``0.9167``. A count the file gives is kept and checked against its rate (a contradiction is
  quarantined as ``inconsistent_counts``). A count the file does not give is derived from its
  rate, rounded, and named in the row's ``derived`` column: ``further_study = 升学率 ×
  graduates``, ``employed = 就业率 × graduates − further_study − abroad`` (就业率 and
  去向落实率 count 升学 and 出国出境 as destinations, the MOE convention; ``abroad`` is a
  出国出境 count when the file gives one; without 升学人数 employed is NOT derived, since the
  split is unknown, and the report warns), ``employed_in_province = 省内就业率 × employed``,
  ``counterpart_employed = 专业对口率 × employed`` (专业相关度 / 工作与专业相关度, the share of
  the employed working in a field related to their major, is the same rate).
* **status**: a 数据状态 / 数据性质 / status / dataStatus column (official, estimated,
  synthetic, or 官方/估算/合成 …); without one, ``official``. A file whose name or title says
  its data are synthetic (synthetic, 合成数据, 模拟数据 …) lands as ``synthetic``, and a row of it
  whose status says otherwise is refused (``schema_violation``): synthetic data never lands as real.
* **names** (college, major) land as the source writes them (full-width brackets kept);
  they are normalised only to be matched against the lists.
* **salary**: CNY per month; a header or unit in 千元 or 万元 is scaled, a yearly one
  (年薪, 元/年) divided by 12.
* **new students** (enrollment): actual intake, never the plan. Per row: 报到/注册
  (registered) when given, else 招生数/新生数 (the statistical 招生数, as reported), else
  录取 (admitted); ``new_students_basis`` says which (registered | enrolled | admitted).
  招生计划 (a plan) is recognised and not landed.

A file whose key count lands in no row (graduates; enrollment: both new students and students
in school) is refused naming the columns it has; a count column that lands in no row, and
columns not used, are reported as warnings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from talentcast.errors import InputFileError
from talentcast.ingest import guards
from talentcast.ingest.cells import clean_text_array
from talentcast.ingest.cohort_table import Layout, read_layouts, summary_cell
from talentcast.ingest.common import FileContext, IngestReport, fill_rates, ingest_with, replaced_names
from talentcast.ingest.headers import BRACKETS, header_key, language_parts
from talentcast.lake import Lake

# Field → (exact header synonyms, pattern on the header key without brackets). Fields are tried
# in this order per column, so the specific (rates, plan, 报到) come before the general.
_CODE = "(代码|代号|编码|编号|标识码)"
COMMON: dict[str, tuple[tuple[str, ...], str]] = {
    "college_code": (("college_code", "学校代码", "学校标识码", "院校代码", "school_code"),
                     rf"^(学校|院校|高校|单位)(标识)?{_CODE}$|^(college|school|institution)(code|id)$"),
    "college_name": (("college_name", "学校名称", "院校名称", "学校", "院校", "college", "school"),
                     r"^(学校|院校|高校|毕业院校|单位)(名称|全称)?$|^(college|school|institution)(name)?$"),
    "major_code": (("major_code", "专业代码", "code"), rf"^(国标|国家|目录|招生|毕业)?专业{_CODE}$|^(major|programme|program|specialty)(code|id)$"),
    "major_name": (("major_name", "专业名称", "专业", "major"),
                   r"^(专业|招生专业|毕业专业|所学专业)(名称|全称)?$|^(major|programme|program|specialty)(name)?$"),
    "year": (("year", "年份", "年度", "届别", "毕业年份", "招生年份", "学年"),
             r"年份|年度|届别|届次|^届$|^毕业(时间|届|年月)$|学年|^年级$|^入学(年|时间)|^(graduation|intake|school|academic|enrol(l)?ment|admission)?year$|^yearof|^cohort$"),
    "level": (("education_level", "学历层次", "层次"), r"^(学历|培养|办学|专业)?层次$|^(education)?level$"),
    # 数据状态 / dataStatus (official | estimated | synthetic); 数据性质 is the same question.
    "status": (("status", "数据状态", "data_status", "数据性质"),
               r"^数据(状态|性质|类型|类别)$|^状态$|^(data|record)(status|nature|type|provenance)$|^provenance$"),
}
GRADUATES: dict[str, tuple[tuple[str, ...], str]] = {
    **COMMON,
    "further_study_rate": (("further_study_rate", "升学率"), r"^升学(率|比例|占比|比率|比重)$|^furtherstudy(rate|share)$"),
    "in_province_rate": (("in_province_rate", "省内就业率"), r"^(省内|本省|在豫|留豫)(就业)?(率|比例|占比|比率|比重)$|^inprovince(employment)?(rate|share)$"),
    # 专业相关度 / 工作与专业相关度 (麦可思 and 就业质量年度报告 wording): the share of the
    # employed whose work relates to their major, the same figure as 专业对口率.
    "counterpart_rate": (("counterpart_rate", "专业对口率", "对口率", "专业相关度"),
                         r"^(专业)?对口(就业)?(率|比例|占比|比率|比重)$|^counterpart(employment)?(rate|share)$"
                         r"|^(工作|就业)?(与|和)?(所学)?专业(的)?相关(度|率|比例|占比|比率|比重)$"
                         r"|^(major|job|field|work)?(relevance|relatedness)(rate|share|ratio)?$"),
    "employment_rate": (("employment_rate", "就业率", "毕业去向落实率"), r"^(毕业生)?(初次|年终|总体|年底)?就业率$|去向落实率$|^employmentrate$"),
    "graduates": (("graduates", "毕业生数", "毕业人数", "毕业生人数"),
                  r"^(应届)?毕业(生)?(总)?(人)?(数|数量|人数|总数|规模)?(合计)?$|^(total|numberof|no\.?of)?graduates?(count|number|total)?$"),
    "employed_in_province": (("employed_in_province", "省内就业人数", "省内就业"),
                             r"^(省内|本省|在豫|河南省内|留豫)(就业)?(人数|数)?$|^employed(in|within)(the)?province$|^(in|within)(the)?province(employed|employment)?$"),
    "counterpart_employed": (("counterpart_employed", "专业对口就业人数", "对口就业人数", "专业对口人数"),
                             r"^(专业)?对口(就业)?(人数|数)?$|^counterpart(employed|employment)?$|^(major)?matchedemploy(ed|ment)$|^(relevant|related|matching)(employment|jobs?)$|^employedin(their|the|a)?(related|relevant|matching)?(field|major|speciality|specialty)$|^(field|major)related(employment|jobs?)$"),
    "employed": (("employed", "就业人数", "已就业人数"),
                 r"^(毕业生)?(已|实际|初次|年终|年底)?就业(总)?(人数|数|人员数)?$|^(numberof|number)?employed(graduates|persons|count)?$"),
    "further_study": (("further_study", "升学人数", "升学"),
                      r"^(升学|专升本|继续深造|深造|升学及出国)(人数|数)?$|^(further|continuing|advanced)(study|studies|education)(count)?$"),
    "abroad": (("abroad", "出国出境人数"), r"^(出国|出境|出国出境|出国境)(留学|深造|学习)?(人数|数)?$|^(going|study|studying)?abroad$|^overseas$"),
    "starting_salary_cny_month": (("starting_salary_cny_month", "starting_salary", "起薪", "平均起薪", "月均起薪", "平均月收入"),
                                  r"起薪|月薪|年薪|收入|工资|薪资|薪酬|salary|wage|income|^(monthly)?pay$"),
    "destination_industries": (("destination_industries", "就业行业", "去向行业"), r"^(就业|去向)行业$|^destinationindustr"),
}
ENROLLMENT: dict[str, tuple[tuple[str, ...], str]] = {
    **COMMON,
    "plan": (("plan", "招生计划数", "计划招生数"), r"计划|^planned|^plan$|quota|places$"),
    "registered": (("registered", "报到人数", "报到数"), r"报到|注册|registered|registration|^enrolled(new)?(students?)?$|^actuallyenrolled"),
    "admitted": (("admitted", "录取人数", "录取数"), r"录取|admitted|^admissions?$|^offers?(made)?$|^accepted"),
    "new_students": (("new_students", "招生数", "新生数", "招生人数"),
                     r"^(实际|当年|本年|年度)?(招生|新生|招收|实招)(总)?(人数|数)?$|^newstudents$|^(new|annual)?intake$|^newentrants$|^newenrol(l)?ments?$|^freshmen$|^firstyearstudents$"),
    "students_in_school": (("students_in_school", "在校生数", "在校生人数", "在校人数"),
                           r"在校|在籍|^studentsinschool$|^(total)?enrolledstudents$|^totalstudents$|^studentsonroll$|^(total)?enrol(l)?ments?$"),
}
SPECS = {"graduates": GRADUATES, "enrollment": ENROLLMENT}
#: Back-compatible view: field → header synonyms (graduates.SYNONYMS, enrollment.SYNONYMS).
SYNONYMS = {k: {f: syn for f, (syn, _) in spec.items() if syn} for k, spec in SPECS.items()}
COUNTS = {
    "graduates": ("graduates", "employed", "further_study", "employed_in_province", "counterpart_employed"),
    "enrollment": ("new_students", "students_in_school"),
}
INTAKE = (("registered", "registered"), ("new_students", "enrolled"), ("admitted", "admitted"))  # most actual first
#: rate field → (count it gives, base it multiplies), in the order they are derived.
RATES = {"further_study_rate": ("further_study", "graduates"), "employment_rate": ("employed", "graduates"),
         "in_province_rate": ("employed_in_province", "employed"), "counterpart_rate": ("counterpart_employed", "employed")}
#: Fields holding a figure of one college × major × year (never copied across rows or years).
FIGURES = (*COUNTS["graduates"], *COUNTS["enrollment"], "registered", "admitted", "abroad", *RATES, "starting_salary_cny_month")
NOT_GIVEN = {"-", "--", "—", "——", "–", "/", "无", "空", "n/a", "na", "null", "none", "…", "..."}
_PATTERNS = {k: {f: re.compile(p, re.IGNORECASE) for f, (_, p) in spec.items()} for k, spec in SPECS.items()}
_EXACT = {k: {header_key(s): f for f, (syn, _) in reversed(spec.items()) for s in syn} for k, spec in SPECS.items()}


def cohort_rules() -> str:
    """The input rules of this module's docstring (layout and fields), for the data dictionary."""
    doc = (__doc__ or "").split("\n\n", 1)[-1]
    return re.sub(r":(mod|data):`([^`]+)`", r"`\2`", doc.strip()).replace("``", "`")


_RATIO = re.compile(r"(率|比例|占比|比率|比重|rate|ratio|share|percent(age)?|pct|%)$")


_SLASH_UNIT = re.compile(r"[/／](人|名|个|元|千元|万元|元/月|元/人/月|%|％)$")
_SUBSET = re.compile(r"^其中[:：]?")


def _keys(name: str) -> list[str]:
    """Comparison keys of one header, most literal first: as is, without bracketed or slashed
    units (毕业生数(人), 毕业生数/人), without a 其中 prefix (其中：升学 is the 升学 count), and
    each language of a bilingual header (毕业生数 Graduates) alone."""
    base = _SLASH_UNIT.sub("", BRACKETS.sub("", name)).strip()
    forms = [name, base, _SUBSET.sub("", base)]
    forms += language_parts(base)
    return [k for k in dict.fromkeys(header_key(f) for f in forms) if k]


def field_of(names: Sequence[str], kind: str) -> str | None:
    """The field a column's header candidates name (exact synonym, else meaning), or None.

    A header that names a ratio (报到率, 省内就业比例, … rate) names a rate field or nothing,
    never the count its words also mention.
    """
    for name in names:
        for key in _keys(name):
            hit = _EXACT[kind].get(key) or next((f for f, p in _PATTERNS[kind].items() if p.search(key)), None)
            if hit and _RATIO.search(key) and hit not in RATES:
                hit = None
            if hit:
                return hit
    return None


_ITEM = {header_key(x) for x in ("统计项", "统计项目", "统计指标", "指标", "指标名称", "项目", "类别", "item", "indicator", "measure")}
_AMOUNT = {header_key(x) for x in ("人数", "数值", "数量", "数据", "值", "人数(人)", "value", "count", "number", "amount")}
_GRADE = re.compile(r"^(?:[一二三四五12345]年级|大[一二三四]|grade\s*[1-5]|year\s*[1-5]|[12]\d{3}级)$", re.IGNORECASE)


def pivot_long(lay: Layout, kind: str) -> Layout:
    """A long table (学校 | 学年 | 专业 | 统计项 | 人数, one row per figure) as one record per
    college × major × year, one column per figure the 统计项 names; other layouts unchanged.
    A row whose 统计项 names no figure of this kind is skipped with its reason."""
    keys = [header_key(h) for h in lay.header]
    item = next((j for j, k in enumerate(keys) if k in _ITEM), None)
    amount = next((j for j, k in enumerate(keys) if k in _AMOUNT), None)
    if item is None or amount is None or not lay.records:
        return lay
    named = {r[item]: field_of([r[item]], kind) for _, r in lay.records if r[item]}
    if not any(f in FIGURES for f in named.values()):
        return lay
    others = [j for j in range(len(lay.header)) if j not in (item, amount)]
    items = [v for v, f in named.items() if f in FIGURES]
    groups: dict[tuple, tuple[int, list]] = {}
    skipped = list(lay.skipped)
    for no, r in lay.records:
        label = r[item]
        if named.get(label) not in FIGURES:
            skipped.append((no, "\t".join(c or "" for c in r), "bad_record", f"统计项 {label!r} names no {kind} figure"))
            continue
        key = tuple(r[j] for j in others)
        first, cells = groups.setdefault(key, (no, [r[j] for j in others] + [None] * len(items)))
        cells[len(others) + items.index(label)] = r[amount]
    header = [lay.header[j] for j in others] + items
    names = [lay.names[j] for j in others] + [[x] for x in items]
    units = ([lay.units[j] if j < len(lay.units) else "" for j in others] + [lay.units[amount] if amount < len(lay.units) else ""] * len(items))
    return replace(lay, header=header, names=names, units=units, records=list(groups.values()), skipped=skipped)


def _grade_total(lay: Layout, out: dict[str, int]) -> None:
    """students_in_school as the sum of the grade columns (一年级 | 二年级 | 三年级) when no
    column gives it; a grade column is never the in-school count itself."""
    grades = [j for j, ns in enumerate(lay.names) if ns and _GRADE.match(str(ns[0]).strip())]
    if "students_in_school" in out or len(grades) < 2:
        return
    for k, (no, r) in enumerate(lay.records):
        vals = [number_text(r[j]) for j in grades]
        total = sum(float(v) for v in vals if v is not None) if all(v is not None for v in vals) else None
        lay.records[k] = (no, [*r, None if total is None else f"{total:g}"])
    lay.header.append("在校生数（" + "+".join(lay.header[j] for j in grades) + "）")
    lay.names.append(["在校生数"])
    if lay.units:
        lay.units.append(lay.units[grades[0]] if grades[0] < len(lay.units) else "")
    out["students_in_school"] = len(lay.header) - 1


_NOT_A_PART = re.compile(r"^(?:其中|含|内含|占|比例|率)|率$|[%％]")


def _part_totals(lay: Layout, kind: str, out: dict[str, int]) -> set[int]:
    """A count split into parts under a merged header (报到人数 over 省内 | 省外; 就业 over 协议和合同就业
    | 灵活就业 | 自主创业) as one column of their sum, assigned to the count's field (in place).

    Only a count the table gives no column of its own, with two or more parts none of which is a
    subset ("其中：女") or a rate. Returns the part columns (never read as the count themselves).
    """
    counts = set(COUNTS[kind]) | ({"registered", "admitted"} if kind == "enrollment" else set())
    groups: dict[str, list[int]] = {}
    for j, ns in enumerate(lay.names):
        if len(ns) == 2 and ns[1].endswith(ns[0]) and len(ns[1]) > len(ns[0]):
            groups.setdefault(ns[1][: -len(ns[0])], []).append(j)
    taken: set[int] = set()
    for parent, parts in groups.items():
        f = field_of([parent], kind)
        if (f not in counts or f in out or len(parts) < 2
                or any(_NOT_A_PART.search(lay.names[j][0].strip()) for j in parts)
                # 就业 over 人数 | 对口人数 | 省内人数: its own count and other fields, not parts of it
                or any(re.fullmatch(r"(?:人数|数量|人|合计|小计|总计|总数)", lay.names[j][0].strip())
                       or any(field_of([x], kind) not in (None, f) for x in lay.names[j]) for j in parts)):
            continue
        for k, (no, r) in enumerate(lay.records):
            vals = [number_text(r[j]) if j < len(r) else None for j in parts]
            nums = [float(v) for v in vals if v is not None and re.fullmatch(r"-?\d+(?:\.\d+)?", v)]
            total = sum(nums) if nums and len(nums) == sum(v is not None for v in vals) else None
            lay.records[k] = (no, [*r, None if total is None else f"{total:g}"])
        lay.header.append(f"{parent}（" + "+".join(lay.names[j][0] for j in parts) + "）")
        lay.names.append([parent])
        if lay.units:
            lay.units.append(lay.units[parts[0]] if parts[0] < len(lay.units) else "")
        out[f] = len(lay.header) - 1
        taken |= set(parts)
    return taken


def assign_columns(lay: Layout, kind: str, mapping: dict[str, str], where: str) -> dict[str, int]:
    """Field → column index: ``mapping`` (by header as shown or any candidate) first, then by meaning."""
    from talentcast.errors import ConfigError

    out: dict[str, int] = {}
    for f, col in mapping.items():
        if f not in SPECS[kind]:
            raise ConfigError(f"--map {f}={col}: unknown field {f!r}", hint=f"fields: {', '.join(SPECS[kind])}")
        j = next((j for j, (h, ns) in enumerate(zip(lay.header, lay.names))
                  if header_key(col) in {header_key(x) for x in (h, *ns)}), None)
        if j is None:
            raise ConfigError(f"--map {f}={col}: no column {col!r} in {where} (columns: {', '.join(lay.header[:30])})",
                              hint="use the header as the file shows it")
        out[f] = j
    used = set(out.values())
    used |= _part_totals(lay, kind, out)
    for j, ns in enumerate(lay.names):
        if j in used or (ns and _GRADE.match(str(ns[0]).strip())):
            continue  # 一年级 under 在校生数 is one grade, not the school's count
        f = field_of(ns, kind)
        if f and f not in out and not year_column(ns, kind):
            out[f] = j
    if kind == "enrollment":
        _grade_total(lay, out)
    return out


_HEADER_YEAR = re.compile(r"(?<!\d)\d{4}\s*(?:[-–—~～至/]\s*\d{2,4}\s*)?(?:学年|年度|届|年|级)?")


def year_column(names: Sequence[str], kind: str) -> tuple[int, str] | None:
    """(year, field) of a column of a table with years across ("2023届毕业生数", 2023届 over 毕业生数)."""
    for name in names:
        m = _HEADER_YEAR.search(name)
        if not m:
            continue
        y, _ = year_of(m.group(0), kind)
        rest = re.sub(r"[(（\[【]\s*[)）\]】]", "", name[:m.start()] + name[m.end():]).strip(" _-:：/")
        f = field_of([rest], kind) if rest else None
        if y and f and f not in ("year", "college_code", "college_name", "major_code", "major_name", "level", "status"):
            return y, f
    return None


def wide_views(lay: Layout, kind: str, cols: dict[str, int]) -> list[tuple[dict[str, int], dict[str, str]]]:
    """The (field → column, constant fields) views of a table: one, or one per year of a table
    with years across its columns (each of its rows gives one record per year)."""
    if "year" in cols:
        return [(cols, {})]
    by_year: dict[int, dict[str, int]] = {}
    for j, ns in enumerate(lay.names):
        yf = year_column(ns, kind) if j not in cols.values() else None
        if yf:
            by_year.setdefault(yf[0], {}).setdefault(yf[1], j)
    if not by_year:
        return [(cols, {})]
    # A figure without a year (在校生数 beside 2022年招生数 | 2023年招生数) belongs to no one
    # year of the table: copied to each it would be counted once per year, so it is not used.
    common = {f: j for f, j in cols.items() if f not in FIGURES}
    return [({**common, **fields}, {"year": str(y)}) for y, fields in sorted(by_year.items())]


def _text(v: Any) -> str | None:
    if v is None or (isinstance(v, float) and v != v):
        return None
    t = unicodedata.normalize("NFKC", str(v)).strip()
    return None if t == "" or t.lower() in NOT_GIVEN else t


def _name(v: Any) -> str | None:
    """A name cell as the source spells it (stripped; full-width brackets kept), None if empty."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    t = str(v).replace("\u3000", " ").strip()
    return t or None


def number_text(v: Any) -> str | None:
    """A count or amount cell as plain number text: thousands separators, spaces and 人/名/元 removed."""
    t = _text(v)
    if t is None:
        return None
    return re.sub(r"(?<=\d)\s*(人|名|元|元/月)$", "", re.sub(r"(?<=\d)[,，\s](?=\d{3})", "", t)).strip()


_RANGE = re.compile(r"(?<!\d)(\d{4})\s*[-–—~～至/]\s*(\d{4}|\d{2})(?!\d)\s*(学年|年度)?")
_COHORT = re.compile(r"(?<!\d)(\d{4})\s*级")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def year_of(text: Any, kind: str) -> tuple[int | None, str]:
    """A year cell → (year, problem): ``2023届``, ``2023年``, ``2023-2024学年``, ``2023级``, dates."""
    t = _text(text)
    if t is None:
        return None, "year missing"
    m = _RANGE.search(t)
    if m:
        a, b = int(m.group(1)), m.group(2)
        if (int(b) if len(b) == 4 else a // 100 * 100 + int(b)) == a + 1:
            return (a if kind == "enrollment" else a + 1), ""
    m = _COHORT.search(t)
    if m and kind == "graduates":
        return None, f"{t!r} is an intake cohort (级), not a graduation year; give the graduation year (届)"
    m = _YEAR.search(t)
    return (int(m.group(1)), "") if m else (None, f"{t!r} is not a year")


_TITLE_YEAR = re.compile(r"(?<!\d)\d{4}\s*(?:[-–—~～至/]\s*\d{2,4}\s*(?:学年|年度)?|届|年度|学年|级|年(?!\s*\d{1,2}\s*月)|(?![\d\s]*月))")
_DATE_LINE = re.compile(r"(日期|时间|截至|截止|填报|制表|打印)")


def title_year(title: str, kind: str) -> int | None:
    """The one year a title states ("2023届毕业生…", "2023-2024学年…"), else None.

    A year marked 届, 学年, 年度 or 级 wins over a bare one; a date ("填报日期：2024年1月") is
    not the table's year.
    """
    marked, bare = set(), set()
    for line in title.splitlines():
        if _DATE_LINE.search(line) and not re.search(r"届|学年|级", line):
            continue
        for m in _TITLE_YEAR.finditer(line):
            y, _ = year_of(m.group(0), kind)
            if y:
                (marked if re.search(r"届|学年|年度|级|[-–—~～至/]", m.group(0)) else bare).add(y)
    years = marked or bare
    return years.pop() if len(years) == 1 else None


_COLLEGE = re.compile(r"[\u4e00-\u9fff()（）]{2,30}?(?:职业技术大学|职业技术学院|职业学院|高等专科学校|专科学校|技术学院|学院|大学|学校)")


def title_college(title: str) -> str | None:
    """The one college a title names ("示例职业技术学院2023届毕业生…"), else None."""
    names = {m.group(0) for line in title.splitlines()
             for m in _COLLEGE.finditer(re.sub(r"\d{4}\s*(?:[-–—~～至/]\s*\d{2,4})?\s*(?:学年|年度|年|届|级)?", " ", line))}
    names = {n for n in names if not _NOT_ONE_COLLEGE.match(n)}
    return names.pop() if len(names) == 1 else None


_PAIR_KEY = re.compile(r"[\u4e00-\u9fffA-Za-z_]{2,16}$")
_PAIR_VALUE = re.compile(r"\s*([^\s:：,，;；()（）\[\]【】|]+)")
_CODE_VALUE = re.compile(r"\d{5}|\d{10}")


def title_fields(title: str, kind: str) -> dict[str, str]:
    """The college a title or preamble states as ``key：value`` pairs, whatever else the line
    holds: "学校标识码：4141099901  学校名称：示例职业技术学院  单位：人", "示例学院（学校标识码：
    4141099902）2024届…". Keys are matched as headers (:func:`field_of`, the longest key ending
    at the colon); a code must be 5 or 10 digits, a name four characters or more (so that 单位：人
    names no college). Returns field → value for college_code and college_name, the first stated."""
    out: dict[str, str] = {}
    for line in title.splitlines():
        for m in re.finditer(r"[:：]", line):
            run = _PAIR_KEY.search(line[:m.start()].rstrip())
            v = _PAIR_VALUE.match(line, m.end())
            if not run or not v:
                continue
            key = run.group(0)
            f = next((field_of([key[i:]], kind) for i in range(len(key) - 1)
                      if field_of([key[i:]], kind) in ("college_code", "college_name")), None)
            value = v.group(1)
            if f == "college_code" and _CODE_VALUE.fullmatch(value):
                out.setdefault(f, value)
            elif f == "college_name" and len(re.findall(r"[\u4e00-\u9fff]", value)) >= 4:
                out.setdefault(f, value)
    return out


_SYNTHETIC_MARK = re.compile(r"synthetic|(?:合成|模拟|虚构|虚拟)(?:示例)?数据|[(（](?:合成|模拟|虚构)[)）]|(?:fake|dummy|mock)[\s_-]*data",
                             re.IGNORECASE)


def synthetic_mark(*texts: str) -> str | None:
    """The words by which a file name or title says its data are synthetic (合成数据, 模拟数据,
    synthetic …), else None. Synthetic data is labelled synthetic wherever it appears, so such a
    file's rows land as ``synthetic`` however their status column is left."""
    for t in texts:
        m = _SYNTHETIC_MARK.search(t or "")
        if m:
            return m.group(0)
    return None


# "全省高等职业学校…", "各高职院校…": a title about many colleges names none of them.
# Words that make a "…学校" no college's name: all/each/our, and a negation or disclaimer
# ("（模拟数据，非真实学校）", "某学院").
_NOT_ONE_COLLEGE = re.compile(r"^(全|各|我省|本省|省属|普通|高等|高职|部分|所有|有关|相关|非|不是|并非|某)")


_SPECIALIST_COLLEGE = re.compile(r"(职业技术学院|职业学院|高等专科学校|专科学校|高职|专科)$")


def level_of(level: Any, college_code: Any, college_name: Any) -> str | None:
    """The catalogue level of a row's majors: 专科 or 本科, else None (unknown).

    A level column says it; else the Henan college list's level of a listed college; else the
    college's name, since only 专科-level institutions are named 职业(技术)学院 or 高等专科学校.
    """
    t = _text(level) or ""
    if "本科" in t:
        return "本科"
    if "专科" in t or "高职" in t:
        return "专科"
    from talentcast.reference import colleges

    hit = _college_index(colleges).get(_text(college_code) or "")
    if hit is not None and hit[2] == "专科":
        return "专科"  # a 本科 college may run 专科 programmes too: its level says nothing
    return "专科" if _SPECIALIST_COLLEGE.search(_text(college_name) or "") else None


def major_of(code: Any, name: Any, level: str | None = None) -> tuple[str | None, str | None]:
    """(2021-catalogue code or None, major name as the source gives it) from a code and a name cell.

    A code cell may carry the name ("460104（机械制造及自动化）") or be a spreadsheet number
    ("460104.0"); a name of one catalogue major gives its code; a name both levels use (护理:
    专科 520201, 本科 320201) gives the code of ``level`` (:func:`level_of`), else none.
    """
    from talentcast.reference import majors

    m = majors() if level is None else majors(level)
    c, n = _text(code), _name(name)
    if c is None and n and re.match(r"\d{6}(?!\d)", n):  # "460104 机械制造及自动化" in the name column
        c, n = n, None
    src = n
    if c:
        digits = re.search(r"(?<!\d)(\d{5,6})(?:\.0+)?(?!\d)", c)
        rest = re.sub(r"^[\s(（\[【\-–—_:：/|]+|[\s)）\]】]+$", "", re.sub(r"(?<!\d)\d{5,6}(?:\.0+)?(?!\d)", "", c)).strip()
        if src is None:
            src = rest or (digits.group(1) if digits else c)
        if digits:
            from talentcast.ingest.programmes import older_edition_major

            for cand in (digits.group(1), digits.group(1).zfill(6)):
                # A 2015-catalogue intake's code may be another major's 2021 code: its name tells.
                older = older_edition_major(cand, n or rest or None, _register_context())
                if older is not None:
                    return older[1], src
                hit = majors().get(cand)
                if hit is not None and len(hit.code) >= 6:
                    return hit.code, src
    if n:
        hits = {x.code for x in m.by_name(unicodedata.normalize("NFKC", n)) if len(x.code) >= 6}
        if len(hits) == 1:
            return hits.pop(), src
    return None, src


@lru_cache(maxsize=1)
def _register_context():
    """The register's catalogue editions and concordance (one home for old → 2021 codes)."""
    from talentcast.ingest.programmes import RegisterContext

    return RegisterContext.packaged()


def college_of(code: Any, name: Any, *, code_only: bool = False) -> tuple[str | None, str | None]:
    """(college code, college name): a listed code gives the 10-digit code and, without a name,
    the listed name; an unlisted code stands as the name too in a file without a name column
    (``code_only``); a blank name in a name column stays blank (the row is refused)."""
    from talentcast.reference import colleges

    c, n = _text(code), _name(name)
    if c:
        c = re.sub(r"\.0+$", "", c)
        hit = _college_index(colleges).get(c)
        if hit:
            return hit[0], n or hit[1]
    return c, n or (c if code_only else None)


_COLLEGES: dict[str, tuple[str, str, str]] = {}


def _college_index(colleges: Any) -> dict[str, tuple[str, str, str]]:
    """Listed code (10-digit and 5-digit) → (10-digit code, name, level 专科|本科)."""
    if not _COLLEGES:
        df = colleges()
        for moe, c5, nm, lv in zip(df["moe_code"].astype(str), df["national_code_5"].astype(str), df["name"].astype(str),
                                   df["level"].astype(str)):
            _COLLEGES[moe] = _COLLEGES[c5] = (moe, nm, lv)
    return _COLLEGES


def _percent_column(raw: pd.Series, unit: str) -> bool:
    """Whether a rate column is in percent: its unit says so, or a value is over 1."""
    if "%" in unit or "％" in unit or "百分" in unit:
        return True
    v = pd.to_numeric(raw.dropna().str.rstrip("%"), errors="coerce")
    return bool((v > 1).any())


def _joined_major_names(df: pd.DataFrame, flag: Any) -> pd.DataFrame:
    """Major names a PDF-to-Excel conversion wrapped onto the next row ("工业机器人技" then "术"),
    joined again on the row with the figures; the continuation row is a note. Joined only where
    the joined name is a catalogue major and the first part is not."""
    from talentcast.reference import majors

    names = df["major_name"].map(_text)
    # A continuation row holds no figure: its other cells are blank or carried from a title.
    others = [c for c in df.columns if c not in ("major_name", "_first", "college_name", "college_code", "year", "status",
                                                 "level")]
    alone = ~df[others].map(lambda v: bool(re.search(r"\d", _text(v) or ""))).any(axis=1) & names.notna()
    if not alone.any():
        return df
    m = majors()
    known = lambda t: bool(t) and any(len(x.code) >= 6 for x in m.by_name(unicodedata.normalize("NFKC", t)))  # noqa: E731
    df = df.copy()
    idx = list(df.index)
    ends = pd.Series("", index=df.index, dtype=object)
    for prev, i in zip(idx, idx[1:]):
        if alone[i] and not alone[prev] and names[prev] and not known(names[prev]) and known(names[prev] + names[i]):
            df.at[prev, "major_name"] = names[prev] + names[i]
            ends[i] = f"the end of the major name above it ({names[i]})"
    flag(ends != "", "note_row", ends)
    return df


def rate_values(raw: pd.Series, unit: str) -> tuple[pd.Series, pd.Series]:
    """(rate as a share 0–1, half the precision the text states, as a share) of a rate column."""
    t = raw.map(_text, na_action="ignore").astype("string")
    # A PDF-to-Excel conversion splits a figure at its point ("95. 3%", "0 .953"): the spaces go.
    t = t.str.replace(r"(?<=\d)\s*([.．])\s*(?=\d)", ".", regex=True).str.replace("％", "%", regex=False)
    pct_cell = t.str.endswith("%").fillna(False)
    # float: whole percents ("80%") parse as Int64, which cannot hold the share 0.8.
    num = pd.to_numeric(t.str.rstrip("%").str.strip(), errors="coerce").astype("float64")
    in_pct = pct_cell | _percent_column(t[~pct_cell], unit)
    share = num.where(~in_pct, num / 100)
    decimals = t.str.rstrip("%").str.extract(r"\.(\d+)$")[0].str.len().fillna(0).astype(float)
    half = 0.5 * 10.0 ** (-decimals) / np.where(in_pct, 100, 1)
    return share.astype("float64"), pd.Series(half, index=raw.index)


def salary_scale(header: str, unit: str) -> float:
    """CNY/month per unit of a salary column: 千元 ×1000, 万元 ×10000, yearly ÷12."""
    h = header + unit
    k = 10000.0 if "万元" in h else 1000.0 if ("千元" in h or re.search(r"\bk\b", h, re.I)) else 1.0
    return k / 12 if ("年薪" in h or "/年" in h or "per year" in h.lower()) else k


def _by_unique(s: pd.Series, fn: Any) -> pd.Series:
    """``fn`` over the distinct values of ``s`` only (columns repeat few values); NA → None."""
    obj = s.astype(object).where(s.notna(), None)
    memo = {v: fn(v) for v in pd.unique(obj)}
    return obj.map(lambda v: memo[v])


def normalise(df: pd.DataFrame, kind: str, *, status: str, source: str, file: str, units: dict[str, str] | None = None,
              headers: dict[str, str] | None = None, synthetic_by: str | None = None) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Normalise raw columns (field → text); returns (rows, reason, detail) with reason '' for accepted rows.

    Args:
        units: Field → unit from the header's brackets or a unit row (rates, salary).
        headers: Field → the column's header as the file shows it (for the details).
        synthetic_by: The words by which the file's name or title says its data are synthetic
            (:func:`synthetic_mark`): rows without a status land as synthetic, and a row whose
            status says otherwise is refused (``schema_violation``), never landed as official.

    ``rows.attrs["warnings"]`` lists what the file gives that did not land (a rate without
    升学人数).
    """
    units, headers = units or {}, headers or {}
    n = len(df)
    reason = pd.Series([""] * n, index=df.index, dtype=object)
    detail = pd.Series([""] * n, index=df.index, dtype=object)
    warnings: list[str] = []

    def flag(mask: pd.Series, r: str, d: str | pd.Series) -> None:
        m = mask.fillna(False).astype(bool) & (reason == "")
        reason[m] = r
        detail[m] = d[m] if isinstance(d, pd.Series) else d

    def label(f: str) -> str:
        return f"{f} ({headers[f]})" if f in headers and headers[f] != f else f

    def s(c: str) -> pd.Series:
        if c not in df:
            return pd.Series(pd.NA, index=df.index, dtype="string")
        return _by_unique(df[c], _text).astype("string")

    def names(c: str) -> pd.Series:
        """A name column as the source spells it (full-width brackets kept; NFKC only for matching)."""
        if c not in df:
            return pd.Series(pd.NA, index=df.index, dtype="string")
        return _by_unique(df[c], lambda v: _name(v) if _text(v) is not None else None).astype("string")

    if "major_name" in df:
        df = _joined_major_names(df, flag)
    # First: a total row would otherwise be refused for its blank major, hiding what it is.
    key_cells = [s(c) for c in ("college_name", "college_code", "major_name", "major_code") if c in df]
    if "_first" in df:
        key_cells.append(s("_first"))
    total = pd.Series(False, index=df.index)
    for k in key_cells:
        total |= _by_unique(k.fillna(""), summary_cell).astype(bool)
    flag(total, "summary_row", "a 合计/总计/小计 row (a sum of other rows), not a college × major")
    out = pd.DataFrame(index=df.index)
    pairs = pd.Series(list(zip(s("college_code").fillna("").tolist(), names("college_name").fillna("").tolist())), index=df.index)
    coll = _by_unique(pairs, lambda p: college_of(*p, code_only="college_name" not in df))
    out["college_code"] = coll.map(lambda x: x[0])
    out["college_name"] = coll.map(lambda x: x[1])
    flag(out["college_name"].isna(), "missing_required", "college name empty")
    yr = _by_unique(s("year").fillna(""), lambda t: year_of(t, kind))
    year = pd.to_numeric(yr.map(lambda x: x[0]), errors="coerce")
    flag(year.isna(), "bad_year", yr.map(lambda x: x[1] or "year missing or not a year"))
    flag(guards.bad_year(year), "bad_year", guards.year_detail())
    out["year"] = year.astype("Int64")
    lv = _by_unique(pd.Series(list(zip(s("level").fillna("").tolist(), out["college_code"].fillna("").tolist(),
                                       out["college_name"].fillna("").tolist())), index=df.index), lambda p: level_of(*p))
    pairs = pd.Series(list(zip(s("major_code").fillna("").tolist(), names("major_name").fillna("").tolist(), lv.tolist())), index=df.index)
    maj = _by_unique(pairs, lambda p: major_of(*p))
    out["major_code"] = maj.map(lambda x: x[0])
    out["major_name_src"] = maj.map(lambda x: x[1])
    flag(out["major_name_src"].isna(), "missing_required", "major code and name empty")
    counts = list(COUNTS[kind]) + (["registered", "admitted"] if kind == "enrollment" else ["abroad"])
    vals: dict[str, pd.Series] = {}
    for c in counts:
        raw = _by_unique(s(c), number_text).astype("string")
        v = pd.to_numeric(raw, errors="coerce").astype("float64")
        for mask, r, d in guards.number_problems(raw, v, count=True, name=label(c)):
            flag(mask, r, d)
        if c == "graduates":
            flag(v.isna(), "missing_required", f"{label(c)} empty")
        vals[c] = v
    if kind == "enrollment":
        basis = pd.Series(None, index=df.index, dtype=object)
        new = pd.Series(np.nan, index=df.index)
        for c, b in INTAKE:
            take = new.isna() & vals[c].notna()
            new[take], basis[take] = vals[c][take], b
        vals["new_students"] = new
        out["new_students"] = new
        out["new_students_basis"] = basis
        out["students_in_school"] = vals["students_in_school"]
    else:
        derived = _rates(df, s, vals, units, label, flag, warnings)
        for c in COUNTS[kind]:
            out[c] = vals[c]
        raw = _by_unique(s("starting_salary_cny_month"), number_text).astype("string")
        sal = pd.to_numeric(raw, errors="coerce").astype("float64")
        for mask, r, d in guards.number_problems(raw, sal, count=False, name=label("starting_salary_cny_month")):
            flag(mask, r, d)
        out["starting_salary_cny_month"] = (sal * salary_scale(headers.get("starting_salary_cny_month", ""),
                                                              units.get("starting_salary_cny_month", ""))).round(2)
        out["destination_industries"] = s("destination_industries").astype(object)
        g = vals["graduates"]
        for c in ("employed", "further_study", "counterpart_employed", "abroad"):
            flag(vals[c] > g, "inconsistent_counts", f"{c} > graduates")
        flag((vals["employed"].fillna(0) + vals["further_study"].fillna(0)) > g, "inconsistent_counts", "employed + further_study > graduates")
        flag(vals["employed_in_province"] > vals["employed"], "inconsistent_counts", "employed_in_province > employed")
        flag(vals["counterpart_employed"] > vals["employed"], "inconsistent_counts", "counterpart_employed > employed")
        out["derived"] = derived.where(derived != "", None)
    ok = reason == ""
    for c in COUNTS[kind]:
        out[c] = out[c].where(ok).round().astype("Int64")
    if "starting_salary_cny_month" in out:
        out["starting_salary_cny_month"] = out["starting_salary_cny_month"].where(ok)
    text_cols = [c for c in df.columns if c not in counts]
    flag(guards.unsafe_text(df, text_cols), "unsafe_content", "spreadsheet formula in a text field")
    flag(guards.oversized(df, text_cols), "field_too_large", f"a cell over {guards.CELL_LIMIT:,} characters")
    st = _by_unique(s("status"), status_of).fillna("synthetic" if synthetic_by else status)
    flag(~st.isin(["official", "estimated", "synthetic"]), "schema_violation", "status must be official, estimated or synthetic")
    if synthetic_by:
        flag(st != "synthetic", "schema_violation",
             f"{label('status')} says {'/'.join(sorted(set(st[st != 'synthetic'])))} but the file's name or title says "
             f"{synthetic_by!r}: synthetic data never lands as real; correct the status or the title")
    out["status"] = st.astype(object)
    out["source"] = source
    out["file"] = file
    out.attrs["warnings"] = warnings
    return out, reason, detail


_STATUS_WORDS = {"官方": "official", "正式": "official", "统计": "official", "估计": "estimated", "估算": "estimated",
                 "推算": "estimated", "测算": "estimated", "合成": "synthetic", "模拟": "synthetic", "虚构": "synthetic",
                 "示例": "synthetic"}


def status_of(v: Any) -> str | None:
    """A 数据状态 cell → official | estimated | synthetic (Chinese words too); other text as is (refused)."""
    t = _text(v)
    if t is None:
        return None
    return t.lower() if t.lower() in ("official", "estimated", "synthetic") else _STATUS_WORDS.get(t.rstrip("数据值"), t)


def _rates(df: pd.DataFrame, s: Any, vals: dict[str, pd.Series], units: dict[str, str], label: Any, flag: Any,
           warnings: list[str]) -> pd.Series:
    """Check given counts against their stated rates and derive the missing ones (see the module docstring).

    Updates ``vals`` in place; returns per row the derived fields, comma-joined ('' if none).
    """
    derived = pd.Series("", index=df.index, dtype=object)
    for rf, (cf, base) in RATES.items():
        if rf not in df:
            continue
        raw = s(rf)
        share, half = rate_values(raw, units.get(rf, ""))
        flag(raw.notna() & share.isna(), "bad_number", f"{label(rf)} is not a rate")
        flag((share < 0) | (share > 1), "out_of_range", f"{label(rf)} is outside 0–100 %")
        b, given = vals[base], vals[cf]
        implied = share * b
        tol = 0.5 + half * b
        if rf == "employment_rate":
            # 就业率 / 去向落实率 count 升学 (and 出国出境) as destinations (MOE); a rate of
            # employed only also fits.
            fs = vals["further_study"] + vals["abroad"].fillna(0)
            fits = ((implied - given).abs() <= tol) | ((implied - given - fs).abs() <= tol)
            fits |= fs.isna() & (implied >= given - tol)
            flag(given.notna() & implied.notna() & ~fits, "inconsistent_counts",
                 f"{label(rf)} does not match {cf} (or {cf} + further_study) / graduates")
            need = given.isna() & implied.notna()
            if (need & fs.isna()).any():
                warnings.append(f"{label(rf)} is given without further_study (升学人数) in {int((need & fs.isna()).sum())} row(s): "
                                "employed is not derived there, since the rate counts 升学 as a destination; "
                                "give 升学人数 or 就业人数")
            new = np.floor(implied + 0.5) - fs
            flag(need & fs.notna() & (new < 0), "inconsistent_counts", f"further_study > {label(rf)} × graduates")
            take = need & fs.notna() & (new >= 0)
        else:
            flag(given.notna() & implied.notna() & ((implied - given).abs() > tol), "inconsistent_counts",
                 f"{label(rf)} does not match {cf} / {base}")
            new = np.floor(implied + 0.5)
            take = given.isna() & implied.notna()
        vals[cf] = given.where(~take, new)
        derived[take] = derived[take].map(lambda d, cf=cf: f"{d},{cf}" if d else cf)
    return derived


def row_keys(out: pd.DataFrame) -> pd.Series:
    """The dedup key of normalised rows: college (code, else name), major (code, else name), year."""
    college = out["college_code"].fillna(out["college_name"]).astype(str)
    major = out["major_code"].fillna(out["major_name_src"]).astype(str)
    return college + "\x1f" + major + "\x1f" + out["year"].astype(str)


def lake_keys(lake: Lake, kind: str, exclude: set[str] | None = None) -> dict[str, str]:
    """Keys of the rows already in the lake's ``kind`` table → the file they came from.

    Args:
        exclude: File names whose rows are about to be replaced (their keys do not count).
    """
    if not lake.exists(kind):
        return {}
    df = lake.read(kind, columns=["college_code", "college_name", "major_code", "major_name_src", "year", "file"])
    if exclude:
        df = df[~df["file"].astype(str).isin(exclude)]
    return dict(zip(row_keys(df), df["file"].astype(str)))


def _frame(lay: Layout, cols: dict[str, int]) -> tuple[pd.DataFrame, np.ndarray]:
    """The records as field → text (mojibake repaired, list literals unwrapped), and their numbers."""
    recs = lay.records
    data = {f: clean_text_array(pa.array([r[j] for _, r in recs], pa.string()))[0].to_pandas() for f, j in cols.items()}
    if recs and 0 not in cols.values():
        data["_first"] = pd.Series([r[0] for _, r in recs], dtype=object)  # 序号 column holding 合计
    return pd.DataFrame(data, index=pd.RangeIndex(len(recs))), np.asarray([no for no, _ in recs], dtype=np.int64)


def _college_down(raw: pd.DataFrame) -> int:
    """Fill blank college cells from the row above, in place; returns how many rows were filled.

    A college merged down its majors loses the merge when saved as csv, and people leave
    repeats blank: a row whose college name and code are both blank is the college of the row
    above. A row whose code differs (a name forgotten) is not filled, nor from a 合计 row.
    """
    cols = [c for c in ("college_name", "college_code") if c in raw]
    if not cols or len(raw) < 2:
        return 0
    blank = pd.Series(True, index=raw.index)
    for c in cols:
        blank &= raw[c].isna() | (raw[c].astype("string").str.strip() == "")
    label = raw[cols[0]].where(~_by_unique(raw[cols[0]].fillna(""), summary_cell).astype(bool))
    source = raw[cols].where(~blank & label.notna()).ffill()
    fill = blank & source[cols[0]].notna()
    for c in cols:
        raw.loc[fill, c] = source.loc[fill, c]
    return int(fill.sum())


def _constants(lay: Layout, cols: dict[str, int], kind: str) -> dict[str, str]:
    """Fields the title states for a file without their column: the college and the year."""
    out: dict[str, str] = {}
    if "college_name" not in cols and "college_code" not in cols:
        out.update(title_fields(lay.title, kind))
        c = out.get("college_name") or title_college(lay.title)
        if c:
            out["college_name"] = c
    if "year" not in cols:
        y = title_year(lay.title, kind)
        if y:
            out["year"] = str(y)
    return out


def ingest_supply(lake: Lake, kind: str, paths: Sequence[str | Path], *, source: str | None = None,
                  mapping: dict[str, str] | None = None, encoding: str | None = None, raise_on_error: bool = True,
                  status: str = "official", batch_rows: int = 100_000, force: bool = False, dry_run: bool = False,
                  **options: Any) -> IngestReport:
    """Ingest graduates or enrollment files (see module docstring).

    Rows are de-duplicated on (college, major, year): a key already in the lake (from another
    file) or earlier in the same file is quarantined as ``duplicate_key``, so that ingesting
    one file twice under another name or line ending does not double the table.
    """
    mapping = dict(mapping or {})
    known = lake_keys(lake, kind, replaced_names(lake, kind, paths, force=force))

    def handle(ctx: FileContext) -> None:
        layouts, unread = read_layouts(ctx.path, lambda ns: field_of(ns, kind) is not None or year_column(ns, kind) is not None,
                                       encoding=encoding)
        seen: dict[str, int] = {}
        examples: dict[str, str] = {}
        accepted: list[pd.DataFrame] = []
        for lay in layouts:
            where = f"{ctx.path}" + (f" sheet {lay.sheet!r}" if len(layouts) > 1 else "")
            accepted.append(_table(ctx, lay, kind, mapping, where, status, known, seen, examples))
        fr = ctx.report
        if fr.rows_read and not fr.rows_accepted and examples:
            # Say why with one line and cell per reason: the counts alone do not tell what to fix.
            raise InputFileError(
                f"{ctx.path}: none of its {fr.rows_read} rows was accepted; nothing of it was ingested:\n"
                + "\n".join(f"  - {r} ({fr.quarantined_by_reason.get(r, 0)} rows), e.g. {e}" for r, e in examples.items()),
                hint="fix those cells, or map the right column with --map FIELD=COLUMN (see docs/data-dictionary.md)")
        if unread:
            ctx.report.warnings.append(f"{ctx.path}: sheet(s) {', '.join(unread)} not read: no header naming {kind} fields found")
        acc = pd.concat(accepted) if accepted else pd.DataFrame()
        keys = ("graduates",) if kind == "graduates" else ("new_students", "students_in_school")
        if len(acc) and not any(acc[k].notna().any() for k in keys):
            raise InputFileError(f"{ctx.path}: none of its {len(acc)} rows has {' or '.join(keys)}; nothing of it was ingested",
                                 hint="check that the count columns hold numbers, or map them with --map FIELD=COLUMN")
        for k in keys:
            if len(acc) and acc[k].isna().all():
                ctx.report.warnings.append(f"{ctx.path}: {k} landed in none of the {len(acc)} rows (no column gives it)")

    return ingest_with(lake, kind, paths, handle, source=source, raise_on_error=raise_on_error, force=force, dry_run=dry_run)


def _missing(lay: Layout, kind: str, cols: dict[str, int], const: dict[str, str], wide: bool) -> list[str]:
    """The required fields a table gives neither by a column, its title nor years across."""
    missing = [f for f in ("year", *(("graduates",) if kind == "graduates" else ())) if f not in cols and f not in const and not wide]
    if "college_name" not in cols and "college_code" not in cols and not {"college_name", "college_code"} & set(const):
        missing.insert(0, "college_name/college_code")
    if "major_code" not in cols and "major_name" not in cols:
        missing.append("major_code/major_name")
    if kind == "enrollment" and not wide and not {"new_students", "registered", "admitted", "students_in_school"} & set(cols):
        missing.append("new_students/students_in_school" + (" (招生计划 is a plan, not the intake)" if "plan" in cols else ""))
    return missing


def _table(ctx: FileContext, lay: Layout, kind: str, mapping: dict[str, str], where: str, status: str, known: dict[str, str],
           seen: dict[str, int], examples: dict[str, str]) -> pd.DataFrame:
    """Normalise, de-duplicate, quarantine and accept the records of one table; returns the
    accepted rows. ``examples`` gets, per quarantine reason, its first line and detail."""
    prefix = where[len(str(ctx.path)):].strip()
    if lay.skipped:
        ctx.quarantine(*zip(*[(no, raw, r, f"{prefix}: {d}" if prefix else d) for no, raw, r, d in lay.skipped]))
    lay = pivot_long(lay, kind)
    cols = assign_columns(lay, kind, mapping, where)
    views = wide_views(lay, kind, cols)
    wide = len(views) > 1 or bool(views[0][1])
    const = _constants(lay, cols, kind)
    missing = _missing(lay, kind, cols, const, wide)
    if missing:
        raise InputFileError(f"{where}: required column(s) {missing} not found in the header (line {lay.header_line}: "
                             f"{', '.join(lay.header[:30])}); nothing of it was ingested",
                             hint="rename the headers (see docs/data-dictionary.md) or map them with --map field=column")
    if not lay.records:
        return pd.DataFrame()
    raws, accs, warnings = [], [], []
    for vcols, vconst in views:
        raw, numbers = _frame(lay, vcols)
        filled_down = _college_down(raw)
        if filled_down and not any("taken from the row above" in w for w in warnings):
            warnings.append(f"the college is blank in {filled_down} row(s) and was taken from the row above "
                            "(a merged cell saved as csv, or repeats left blank)")
        for f, v in {**const, **vconst}.items():
            raw[f] = v
        headers = {f: lay.header[j] for f, j in vcols.items()}
        units = {f: " ".join(x for x in (*lay.names[j], lay.units[j] if j < len(lay.units) else "") if x) for f, j in vcols.items()}
        out, reason, detail = normalise(raw, kind, status=status, source=ctx.source or ctx.path.parent.name or kind, file=ctx.name,
                                        units=units, headers=headers, synthetic_by=synthetic_mark(ctx.name, lay.title))
        out["record_no"] = numbers
        _merged_figures(lay, vcols, numbers, reason, detail)
        for i, k in enumerate(row_keys(out)):
            if reason.iat[i]:
                continue
            if k in known:
                reason.iat[i], detail.iat[i] = "duplicate_key", f"college × major × year already in the lake (file {known[k]})"
            elif k in seen:
                reason.iat[i], detail.iat[i] = "duplicate_key", f"college × major × year repeats record {seen[k]}"
            else:
                seen[k] = int(numbers[i])
        bad = (reason != "").to_numpy()
        if bad.any():
            pos = np.flatnonzero(bad)
            for p in pos:
                at = f"row {numbers[p]} of sheet {lay.sheet}" if lay.sheet else f"record {numbers[p]} (line {numbers[p] + lay.header_line})"
                examples.setdefault(reason.iat[p], f"{at}: {detail.iat[p]}")
            ctx.quarantine(numbers[pos].tolist(), [",".join(c or "" for c in lay.records[p][1]) for p in pos],
                           reason[bad].tolist(), [f"{prefix}: {d}" if prefix else d for d in detail[bad]])
        acc = out[~bad]
        ctx.accept(acc)
        raws.append(raw[~bad])
        accs.append(acc)
        warnings += [w for w in out.attrs.get("warnings", []) if w not in warnings]
    used = {f: lay.header[j] for vcols, _ in views for f, j in vcols.items()}
    _report(ctx, lay, views, used, pd.concat(raws), pd.concat(accs), warnings, where)
    return pd.concat(accs)


def _merged_figures(lay: Layout, cols: dict[str, int], numbers: np.ndarray, reason: pd.Series, detail: pd.Series) -> None:
    """Refuse rows whose count, rate or salary cell is merged down over several rows: the figure
    is a group's (a 专业群 total), and copying it to each major would count it several times."""
    js = [(f, j) for f, j in cols.items() if f in FIGURES]
    if not lay.merged_down or not js:
        return
    for i, no in enumerate(numbers):
        hit = next((f for f, j in js if (int(no), j + 1) in lay.merged_down), None)
        if hit and not reason.iat[i]:
            reason.iat[i] = "bad_number"
            detail.iat[i] = (f"{hit} ({lay.header[cols[hit]]}) is one cell merged over several rows (a group's figure, "
                             "not this major's); unmerge it and give each major its own")


def _report(ctx: FileContext, lay: Layout, views: list[tuple[dict[str, int], dict[str, str]]], used: dict[str, str],
            raw: pd.DataFrame, acc: pd.DataFrame, warnings: list[str], where: str) -> None:
    """Fill rates, the plan column and unused columns of one table on the file's report."""
    landed_as = {"major_code": "major_code", "major_name": "major_name_src", "registered": "new_students",
                 "admitted": "new_students", "employment_rate": "employed", "further_study_rate": "further_study",
                 "in_province_rate": "employed_in_province", "counterpart_rate": "counterpart_employed"}
    shown = {f: h for f, h in used.items() if f not in ("plan", "level", "abroad")}  # read, not lake columns
    filled = {f: int(raw[f].notna().sum()) for f in shown if f in raw}
    landed = {f: int(acc[landed_as.get(f, f)].notna().sum()) for f in shown if landed_as.get(f, f) in acc}
    fill_rates(ctx, shown, filled, landed)
    ctx.report.warnings += [f"{where}: {w}" for w in warnings]
    if "plan" in used:
        ctx.report.warnings.append(f"{where}: column {used['plan']!r} is an enrolment plan (招生计划), not landed: "
                                   "new_students holds the actual intake (报到, else 招生数, else 录取)")
    taken = {j for vcols, _ in views for j in vcols.values()}
    unused = [h for j, h in enumerate(lay.header) if j not in taken and h and not re.fullmatch(r"序号|编号|no\.?|#|column_\d+", h, re.I)]
    if unused:
        ctx.report.warnings.append(f"{where}: column(s) not used: {', '.join(unused)} (map one with --map FIELD=COLUMN)")
