"""Ingest official statistics (yearbooks, NBS portal exports, industry statistics) into ``statistics``.

Layouts recognised (xlsx, xls or csv; leading blank rows and note rows tolerated):

* **wide, years as rows**: the NBS portal export — first column "2010年", one column per
  indicator such as "<行业>城镇单位就业人员" or "城镇单位就业人员平均工资(元)";
* **wide, years as columns**: first column the indicator, one column per year;
* **long**: one row per observation with a year column and a value column, plus measure,
  industry label and/or code, region/province, unit and vintage columns as available
  (header synonyms below; ``mapping`` overrides them).

* **series exports** (Wind, CEIC, EPS): years as rows, dated by the year's end ("2017-12-31",
  "12/2017"), series named "河南:城镇非私营单位就业人员平均工资:制造业" or "CN: No of Employed
  Persons: Urban Non Private Units: Henan: Mining", with 单位/Unit and 地区/Region rows above;
* a **one-year cross-section** (industries × indicators or × places, "行业 | 全国 | 河南"), the
  year in the title or the sheet name.

The place, universe, measure, unit and year a table's rows do not give are read from its title,
sheet or file name (a yearbook's own year is not its figures' year); a table that names no place
lands as 全国 with a warning. Rate, share, rank and index columns (比上年增长（%）, 比重, 位次)
are quarantined, never landed as the level beside them. An HTML table saved as ``.xls`` is read.

Indicators are split into industry label + universe (``scope``) + measure; units (万人, 人,
元, 万元, 亿元 …) are converted to the measure's unit and recorded in ``unit_src``; industry
labels of GB/T 4754-2002/2011/2017 (and a few 1994 names) are mapped to 2017 sections and
divisions with :mod:`talentcast.reference.industry_concordance`. Rows whose industry cannot be
mapped are quarantined as ``industry_unmapped`` and listed in ``report.extra``.
Region: a region/province column if present, else ``options["region"]``, else 全国 with the
pseudo-code ``100000`` (GB/T 2260 has no code for the whole country).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from talentcast import schema
from talentcast.reference import industry_concordance as ic
from talentcast.errors import InputFileError
from talentcast.ingest.common import FileContext, IngestReport, ingest_with
from talentcast.ingest.parsers import normalise_text
from talentcast.ingest import guards
from talentcast.ingest.headers import TRADITIONAL, header_key
from talentcast.ingest.readers import read_grid
from talentcast.lake import Lake

NATIONAL_CODE = "100000"  # pseudo GB/T 2260 code for 全国 (the whole country)
NATIONAL_WORDS = ("全国", "中国", "全国合计", "china", "national", "")

MEASURE_UNITS = {"employment_10k": "万人", "avg_wage_cny_year": "元", "output_100m_cny": "亿元"}
# unit → factor into the measure's unit
UNIT_FACTORS = {
    "employment_10k": {"万人": 1.0, "人": 1e-4, "千人": 0.1, "百万人": 100.0, "10k": 1.0, "persons": 1e-4, "person": 1e-4,
                       "10kpersons": 1.0, "10000persons": 1.0, "tenthousandpersons": 1.0, "1000persons": 0.1,
                       "thousandpersons": 0.1, "wanren": 1.0, "ren": 1e-4,
                       # CEIC's units: "Person th", "Person mn"
                       "personth": 0.1, "personsth": 0.1, "personmn": 100.0, "personsmn": 100.0, "thousandperson": 0.1},
    "avg_wage_cny_year": {"元": 1.0, "万元": 1e4, "千元": 1e3, "yuan": 1.0, "cny": 1.0, "rmb": 1.0, "rmbyuan": 1.0, "rmbth": 1e3,
                          "yuanperyear": 1.0, "元/年": 1.0, "元/人": 1.0, "元/人年": 1.0},
    "output_100m_cny": {"亿元": 1.0, "万元": 1e-4, "元": 1e-8, "万亿元": 1e4, "100mcny": 1.0, "100millionyuan": 1.0, "yiyuan": 1.0},
}


def _unit_key(unit: str) -> str:
    """A unit as :data:`UNIT_FACTORS` keys it: "10,000 persons" → "10000persons", "Person" → "person"."""
    t = normalise_text(unit).strip()
    return re.sub(r"[\s,_.]", "", t.lower()) if t.isascii() else t.replace(" ", "")

# (suffix, scope, measure) — longest first so that the wage suffixes win over employment ones.
_INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("城镇单位在岗职工平均工资", "urban_units_on_post", "avg_wage_cny_year"),
    ("城镇非私营单位在岗职工平均工资", "urban_units_on_post", "avg_wage_cny_year"),
    ("城镇单位就业人员平均工资", "urban_units", "avg_wage_cny_year"),
    ("城镇非私营单位就业人员平均工资", "urban_units", "avg_wage_cny_year"),
    ("城镇集体单位就业人员平均工资", "collective_units", "avg_wage_cny_year"),
    ("国有单位就业人员平均工资", "state_units", "avg_wage_cny_year"),
    ("其他单位就业人员平均工资", "other_units", "avg_wage_cny_year"),
    # After 城镇非私营单位…, of which "私营单位就业人员平均工资" is also a suffix.
    ("城镇私营单位就业人员平均工资", "private_units", "avg_wage_cny_year"),
    ("私营单位就业人员平均工资", "private_units", "avg_wage_cny_year"),
    ("在岗职工平均工资", "urban_units_on_post", "avg_wage_cny_year"),
    ("就业人员平均工资", "urban_units", "avg_wage_cny_year"),
    ("平均工资", "urban_units", "avg_wage_cny_year"),
    ("城镇单位就业人员", "urban_units", "employment_10k"),
    ("城镇非私营单位就业人员", "urban_units", "employment_10k"),
    ("城镇集体单位就业人员", "collective_units", "employment_10k"),
    ("国有单位就业人员", "state_units", "employment_10k"),
    ("其他单位就业人员", "other_units", "employment_10k"),
    ("城镇私营单位就业人员", "private_units", "employment_10k"),
    ("私营单位就业人员", "private_units", "employment_10k"),
    ("城镇非私营单位从业人员", "urban_units", "employment_10k"),
    ("城镇单位从业人员", "urban_units", "employment_10k"),
    ("在岗职工人数", "urban_units_on_post", "employment_10k"),
    ("在岗职工", "urban_units_on_post", "employment_10k"),
    ("就业人员数", "all_employed", "employment_10k"),
    ("就业人员", "all_employed", "employment_10k"),
    ("从业人员", "all_employed", "employment_10k"),
    # Enterprise surveys count the year's average headcount (规模以上工业企业 by division).
    ("规模以上工业企业从业人员平均人数", "industry_above_scale", "employment_10k"),
    ("规模以上工业企业平均用工人数", "industry_above_scale", "employment_10k"),
    ("从业人员平均人数", "all_units", "employment_10k"),
    ("平均用工人数", "all_units", "employment_10k"),
    ("增加值", "all_units", "output_100m_cny"),
    ("总产值", "all_units", "output_100m_cny"),
)
# measure names in long tables
_MEASURE_NAMES = {
    "employment_10k": ("employment_10k", "employment_10k_persons", "employment", "就业人员", "城镇单位就业人员", "就业人数", "年末就业人员"),
    "avg_wage_cny_year": ("avg_wage_cny_year", "avg_wage_yuan", "avg_wage", "wage", "平均工资", "城镇单位就业人员平均工资", "平均货币工资"),
    "output_100m_cny": ("output_100m_cny", "output", "value_added", "增加值", "总产值", "生产总值"),
}

LONG_SYNONYMS = {
    "year": ("year", "年份", "年度", "年", "时间", "统计时间", "统计年度", "统计期", "报告期", "日期", "period", "date",
             "nianfen", "nian_fen", "nian"),
    "value": ("value", "数值", "值", "数据", "指标值", "统计值", "obs_value", "shuzhi"),
    "measure": ("measure", "指标", "指标名称", "indicator", "variable", "series", "series_name", "zhibiao"),
    "industry": ("industry_label_src", "industry", "industry_name", "sector", "sector_name", "行业", "行业名称", "门类",
                 "行业门类", "国民经济行业", "行业分类",
                 "hangye", "hangye_mingcheng"),
    "industry_code": ("section", "industry_code", "code", "sector_code", "行业代码", "门类代码", "division", "hangye_daima"),
    "region": ("province", "region", "region_name", "地区", "省份", "地区名称", "area", "shengfen", "diqu"),
    "region_code": ("region_code", "地区代码", "行政区划代码"),
    "unit": ("unit", "单位", "计量单位", "danwei"),
    "vintage": ("vintage", "版本", "release"),
    "scope": ("scope", "口径", "统计口径", "口径名称", "universe"),
}
# "2017", "2017年", and the stock and year markings of yearbook headers: "2017年末", "2017年度".
# Database exports date a yearly figure by its year's last month: "2017-12-31" (Wind, EPS; an
# Excel date cell reads "2017-12-31 00:00:00"), "2017-12", "12/2017" or the month's first day
# "2017-12-01" (CEIC's Excel dates). Other months are not years.
_YEAR = re.compile(r"^\s*(?:12/(?=(?:19|20)\d{2}\s*$))?((?:19|20)\d{2})\s*"
                   r"(?:年(?:末数?|底数?|度)?|[-/.]12(?:[-/.](?:31|0?1))?(?:[ T]00:00(?::00)?)?)?\s*(?:[(（][^()（）]{0,12}[)）])?\s*$")
_UNIT_IN_NAME = re.compile(r"[(（]([^()（）]*)[)）]\s*$")
_MISSING = {"", "-", "—", "…", "...", "..", "nan", "none", "null", "na", "n/a"}


_UNIT_NOTE = re.compile(r"^\s*(?:(?:计量)?单位|units?)\s*[:：]", re.I)
_UNIT_NOTE_EN = re.compile(r"^\s*units?\s*[:：]\s*(.+?)\s*$", re.I)  # "Unit: 1,000 persons"
_UNIT_IN_NOTE = re.compile(r"(?:计量)?单位\s*[:：]\s*([^\s,，;；、()（）]+(?:\s*[、,，;；]\s*[^\s,，;；、()（）]+)*)")


# A wage bill (工资总额, 劳动报酬) is no average wage, and a count of units is no headcount.
_NOT_A_MEASURE = re.compile(r"工资总额|报酬总额|劳动报酬|总额|单位数|法人单位|企业数|户数")


def _table_unit(notes: list[str], header: list[str]) -> str | None:
    """The unit a yearbook table states above or in its header ("单位：万人"), or at the end of
    its title ("…年平均工资（万元）"), else None."""
    for t in [*notes, *header]:
        m = _UNIT_IN_NOTE.search(normalise_text(t))
        if m:
            # "万人；元" lists a unit per measure; "万人；资料来源…" ends the list at its first non-unit.
            first, *rest = re.split(r"\s*[、,，;；]\s*", m.group(1))
            units = [first, *itertools.takewhile(_is_unit, rest)]
            return "、".join(units)
        m = _UNIT_NOTE_EN.match(normalise_text(t))
        if m and _is_unit(m.group(1)):
            return m.group(1)
    for t in _title_lines(notes):
        m = _UNIT_IN_NAME.search(normalise_text(t))
        if m and (unit := _unit_token(m.group(1))):
            return unit
    return None


def _unit_token(text: str) -> str | None:
    """The unit among a bracket's words ("万人", "万人，年末数"), else None ("年末数", "2013-2017年")."""
    if _is_unit(text):
        return text.strip()
    for part in re.split(r"[，,、;；\s]+", text.strip()):
        if part and _is_unit(part):
            return part
    return None


# "分行业", "按行业分", "分地区" … name the breakdown, not the indicator: "城镇非私营单位分行业
# 就业人员" is 城镇非私营单位就业人员.
_BREAKDOWN = re.compile(r"(?:按|分)(?:国民经济)?(?:行业(?:门类|大类|中类)?|门类|大类|中类|地区|登记注册类型|经济类型|城乡)(?:分)?")
# The universe a title or header names, most specific first (非私营 before 私营).
_SCOPE_WORDS = (("规模以上工业", "industry_above_scale"), ("规上工业", "industry_above_scale"), ("乡村", "rural"),
                ("在岗职工", "urban_units_on_post"), ("非私营", "urban_units"), ("私营", "private_units"),
                ("国有", "state_units"), ("集体", "collective_units"), ("其他单位", "other_units"),
                ("城镇单位", "urban_units"))


_GENERIC_SCOPES = ("all_employed", "all_units")
#: The universes a figure may count: the allowed ``statistics.scope`` values of the schema.
SCOPES: tuple[str, ...] = schema.get("statistics").column("scope").allowed or ()
# A 口径 cell that names only the generic universe.
_INDICATOR_SCOPE = {"就业人员": "all_employed", "从业人员": "all_employed", "全社会": "all_employed", "全部": "all_employed",
                    "all employed": "all_employed", "total employment": "all_employed"}
# A header that names a universe and nothing else.
_SCOPE_ONLY = re.compile(r"(?:城镇)?(?:非私营|私营|国有|集体|其他)(?:单位|企业)?|城镇单位|在岗职工|规模以上工业企业")
_SEQUENCE = {header_key(x) for x in ("序号", "编号", "行次", "序", "no", "no.", "#", "代码序号")}


_SCOPE_WORDS_EN = (("on post", "urban_units_on_post"), ("staff and workers", "urban_units_on_post"), ("non private", "urban_units"),
                   ("nonprivate", "urban_units"), ("private", "private_units"), ("state owned", "state_units"),
                   ("collective", "collective_units"), ("urban units", "urban_units"))


def _scope_of(text: str | None) -> str | None:
    """The universe (``scope``) a title, sheet or header names, else None ("就业人员（万人）")."""
    t = normalise_text(text or "")
    found = next((scope for word, scope in _SCOPE_WORDS if word in t), None)
    low = re.sub(r"[-_]", " ", t.lower())
    return found or next((scope for word, scope in _SCOPE_WORDS_EN if word in low), None)


_NUMBERED_TITLE = re.compile(r"^\s*(?:附表|表)\s*[\dA-Za-z一二三四五六七八九十]")


def _numbered_first(notes: list[str]) -> list[str]:
    """Note lines with a numbered table title ("表2 …私营单位…") first: a bulletin's own title and
    prose above its tables may name every universe, the table's title names its own."""
    return sorted(notes, key=lambda n: not _NUMBERED_TITLE.match(normalise_text(n)))


def _title_lines(notes: list[str]) -> list[str]:
    """The note lines above a table that may be its title, a numbered table title first: not
    unit, note or source lines."""
    return [n for n in _numbered_first(notes) if not _UNIT_NOTE.match(normalise_text(n))
            and not re.match(r"^\s*(?:注|数据来源|资料来源|来源|说明)", normalise_text(n))]


def _title_full_indicator(notes: list[str]) -> str | None:
    """The whole indicator a title names when it names an industry with the measure
    ("2017年制造业城镇非私营单位就业人员（万人）" → 制造业城镇非私营单位就业人员), else None."""
    for n in _title_lines(notes):
        t = _BREAKDOWN.sub("", re.sub(r"[(（][^()（）]*[)）]", "", normalise_text(n)))
        t = re.sub(r"^(?:(?:附录|附表|表)\s*)?[\dA-Za-z]{1,3}(?:\s*[-－—–.]\s*\d{1,3})+\s*", "", t)
        t = re.sub(r"(?:19|20)\d{2}\s*(?:[-–—~至到]\s*(?:19|20)?\d{2,4})?\s*年?", "", t).strip()
        t = re.sub(r"(?:比较|对比|情况|统计表?|一览表?|汇总表?|表)$", "", t)
        sp = split_indicator(t)
        hit = ic.map_industry(sp[0], record=False) if sp and sp[0] else None
        if hit is not None and hit[0] != ic.TOTAL:
            return t
    return None


def _wage_words(t: str) -> str:
    """The wage as the indicator table names it: NBS prints 平均货币工资, bulletins 年平均工资
    ("城镇私营单位就业人员年平均工资"); both are the average wage of a year."""
    return re.sub(r"(?<=人员|职工)年平均工资", "平均工资", t.replace("平均货币工资", "平均工资"))


# A heading over tables of two measures ("…就业人员和平均工资") names neither table's measure.
_TWO_MEASURES = re.compile(r"(?:人员|人数|职工)(?:数)?(?:和|与|及|、)(?:其)?(?:年)?平均(?:货币)?工资")


def _title_indicator(notes: list[str]) -> str | None:
    """The indicator suffix named in a table title ("4-5 按行业分城镇单位就业人员（2019-2021年）")."""
    for n in _numbered_first(notes):
        t = _wage_words(_BREAKDOWN.sub("", re.sub(r"[(（][^()（）]*[)）]", "", normalise_text(n))))
        if _UNIT_NOTE.match(t) or re.match(r"^\s*(?:注|数据来源|资料来源|来源)", t) or _TWO_MEASURES.search(t):
            continue
        for suffix, _, _ in _INDICATORS:
            if suffix in t and not ("指数" in t and "平均工资" in suffix):
                return suffix
    return None


def _norm(k: Any) -> str:
    return header_key(k)


def split_indicator(name: str) -> tuple[str, str, str, str | None] | None:
    """Split "<行业>城镇单位就业人员(万人)" into (industry label, scope, measure, unit or None).

    Returns None when the indicator is not a known measure (e.g. wage indices 指数).
    """
    t = normalise_text(name)
    unit = None
    m = _UNIT_IN_NAME.search(t)
    if m and not re.search(r"上年|=", m.group(1)):
        unit = _unit_token(m.group(1))  # "(万人)"; "（年末数）" is no unit
        t = t[: m.start()].strip()
    if "指数" in t or "=100" in t or _NOT_A_MEASURE.search(t):
        return None
    if re.search(r"[:：]", t):
        return _split_parts(t, unit)
    t = _wage_words(t)
    # "城镇非私营单位年末从业人员": a stock's timing between universe and measure names neither.
    t = re.sub(r"(?<=单位|职工|企业)(?:年末|年底|期末)(?=(?:就业|从业)人员|职工)", "", t)
    for suffix, scope, measure in _INDICATORS:
        if t.endswith(suffix):
            # "年末从业人员", "制造业年末就业人员": a stock's timing is not part of the industry.
            label = re.sub(r"(?:年末|年底|年平均|全年|期末)$", "", t[: -len(suffix)].strip())
            if label and _SCOPE_ONLY.fullmatch(label):
                scope, label = _scope_of(label) or scope, ""  # "国有企业" + "从业人员", "国有单位" + "平均工资"
            return label, scope, measure, unit
    return None


_SHORT_YEAR = re.compile(r"\s*(\d{2})\s*年(度)?\s*")


def _full_years(header: list[str]) -> list[str]:
    """A header's two-digit years ("15年 | 16年 | 17年") as years ("2015年"), when two or more
    follow one another; a lone "15年" may be a duration and stays as it is."""
    short = [(j, int(m.group(1))) for j, h in enumerate(header) if (m := _SHORT_YEAR.fullmatch(h or ""))]
    years = [y for _, y in short]
    steps = {b - a for a, b in zip(years, years[1:])}
    if len(short) < 2 or steps not in ({1}, {-1}):
        return header
    out = list(header)
    for j, y in short:
        out[j] = f"{2000 + y if y <= 69 else 1900 + y}年"
    return out


def _stacked_header(parts: list[str]) -> str:
    """One column's header from the rows stacked above it, the measure last: "平均货币工资（元）"
    over "国有单位" reads 国有单位平均货币工资（元）, "就业人员（万人）" over "第一产业" reads
    第一产业就业人员（万人） (an indicator whose breakdown the concordance then judges)."""
    if any(q.isascii() for q in parts):
        return " ".join(parts)
    measures = [q for q in parts if measure_suffix(q)]
    if len(measures) == 1 and len(parts) > 1:
        return "".join(q for q in parts if q is not measures[0]) + measures[0]
    return "".join(parts)


_TIMING_PART = re.compile(r"(?i)(?:year[\s-]*end|end[\s-]*of[\s-]*(?:the\s+)?year|period[\s-]*end|(?:annual|year)[\s-]*average|"
                          r"年末|年底|期末|年平均|全年平均)")


def _split_parts(t: str, unit: str | None) -> tuple[str, str, str, str | None] | None:
    """Split a database series name of ":"-separated parts, in any order: "河南:城镇非私营单位就业
    人员平均工资:制造业" (Wind), "CN: No of Employed Persons: Urban Non Private Units: Henan:
    Mining" (CEIC). The part that is an industry is the label; a place is dropped (the row's
    region is read from it separately); the rest names the measure and its universe."""
    from talentcast.reference import regions

    # A stock's timing ("Year End", "年末") names no breakdown: left out, it is not read as one.
    parts = [p.strip() for p in re.split(r"[:：]", t) if p.strip() and not _TIMING_PART.fullmatch(p.strip())]
    label, rest = "", []
    for p in parts:
        hit = None if label else ic.map_industry(p, record=False)
        if hit is not None and hit[0] != ic.TOTAL:
            label = p
        elif regions().resolve(p) is None and p.lower() not in ("cn", "china", "中国", "全国"):
            rest.append(p)
    if not label and len(rest) > 2 and measure_suffix(rest[-1]) is None and _scope_of(rest[-1]) is None:
        # A series named down to a breakdown the concordance does not know ("CN: … : Urban
        # Units: Fishing"): the last part is that breakdown, to be reported unmapped, not a total.
        label = rest.pop()
    named = " ".join(rest)
    sp = split_indicator("".join(rest)) if not re.search(r"[:：]", "".join(rest)) and rest else None
    if sp is None:
        suffix = measure_suffix(named)
        sp = split_indicator(suffix) if suffix else None
    if sp is None:
        return None
    return label or sp[0], _scope_of(named) or sp[1], sp[2], unit or sp[3]


def colon_region(name: str) -> str | None:
    """The place among the ":"-separated parts of a series name ("河南:…:制造业" → "河南"), else None."""
    from talentcast.reference import regions

    parts = [p.strip() for p in re.split(r"[:：]", normalise_text(name)) if p.strip()]
    return next((p for p in parts if len(parts) > 1 and regions().resolve(p) is not None), None)


def _measure_of(name: str) -> str | None:
    n = _norm(name)
    for m, names in _MEASURE_NAMES.items():
        if n in {_norm(x) for x in names}:
            return m
    sp = split_indicator(name)
    if sp is None and (suffix := measure_suffix(name)):
        sp = split_indicator(suffix)
    return sp[2] if sp else None


def _column_measure(header: str) -> tuple[str, str | None, bool] | None:
    """(scope, unit, scope only by default) of a long table's indicator column, else None.

    "城镇单位就业人员(万人)" names its universe; "就业人数（人）" or "employment (10k persons)"
    name the measure alone, and the universe falls back to the table's title (``True``).
    """
    sp = split_indicator(header)
    if sp is not None:
        return sp[1], sp[3], False
    suffix = measure_suffix(header)
    if suffix is None or _YEAR.match(header):
        return None
    scope = split_indicator(suffix)[1]  # type: ignore[index]
    return scope, _unit_in_name(header), _scope_of(header) is None


def _unit_in_name(header: str | None) -> str | None:
    """The unit a header states: "(万人)" at its end, or a unit word of an ASCII name ("jiuye_renshu_ren")."""
    t = normalise_text(header or "")
    m = _UNIT_IN_NAME.search(t)
    if m and (unit := _unit_token(m.group(1))):
        return unit
    if t.isascii():
        tokens = re.split(r"[^0-9a-z]+", t.lower())
        return next((unit for word, unit in _ASCII_UNITS if word in tokens[1:]), None)
    return None


def _bare(text: str) -> str:
    """A cell without its brackets: "(万人)" → "万人"."""
    return re.sub(r"^[(（\[]\s*|\s*[)）\]]$", "", normalise_text(text).strip())


def _is_unit(text: str) -> bool:
    """Whether a cell is a unit alone ("万人", "(元)", "Person")."""
    key = _unit_key(_bare(text)) if text else ""
    return bool(key) and any(key in f for f in UNIT_FACTORS.values())


def _is_header_row(row: list[str], header: list[str]) -> bool:
    """Whether a row under the header is more header: no figure in it, a year, unit, place or
    label in at least one cell, and its first cell blank (merged with the header's) or the same."""
    if row and row[0].strip() and row[0].strip() != (header[0] if header else ""):
        return False
    cells = [c for c in row[1:] if c.strip() and c.strip().lower() not in _MISSING]
    if not cells:
        return False
    for c in cells:
        if _YEAR.match(c):
            continue
        try:
            _to_float(c)
        except ValueError:
            continue
        return False
    return True


_SUBNATIONAL_KEYS = {"subnational", "subnationalregion", "subregion", "provincelevel"}


def _national_word(place: str) -> bool:
    """Whether a place header names the whole country ("全国", "China")."""
    return normalise_text(place).strip().lower() in NATIONAL_WORDS


def _place_header(header: str) -> bool:
    """Whether a column header is a place alone ("全国", "河南", "郑州市"), maybe with its unit
    ("河南（元）"), not an indicator."""
    return _header_place(header) is not None


def _header_place(header: str) -> tuple[str, str | None] | None:
    """(place, unit or None) of a column header that names a place and nothing else but a
    unit ("河南（元）" → ("河南", "元")), else None."""
    from talentcast.reference import regions

    t = normalise_text(header).strip()
    unit = None
    m = _UNIT_IN_NAME.search(t)
    if m and (unit := _unit_token(m.group(1))) is not None:
        t = t[: m.start()].strip()
    t = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", t)  # "北　京": NBS spaces two-character names
    if t in ("全国", "中国", "全省", "national", "china"):
        return t, unit
    c = regions().resolve(t)
    return (t, unit) if c is not None and t in (c.name, c.extra.get("short_name", ""), c.extra.get("name_en", "")) else None


def _title_year(notes: list[str]) -> int | None:
    """The one year a table's title names ("2017年河南省…"), else None (none, several or a range).

    A yearbook's name ("2018年河南统计年鉴") dates the book, not its figures, and is skipped.
    """
    years: set[int] = set()
    for n in _title_lines(notes):
        t = normalise_text(n)
        if "年鉴" in t:
            continue
        if re.search(r"(?:19|20)\d{2}\s*年?\s*[-–—~至到]\s*(?:19|20)?\d{2}", t):
            return None
        years |= {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年", t)}
    return years.pop() if len(years) == 1 else None


def named_region(texts: Sequence[str | None]) -> tuple[str, str] | None:
    """(GB/T 2260 code, name) of the province or city a title, sheet or file name begins with.

    "河南省分行业城镇非私营单位就业人员", "4-5 郑州市…", "2017年河南省…", "河南_就业.csv": the
    place is read after a table number or a year; text naming no place (or the whole country)
    gives None. The first text that names one wins.
    """
    from talentcast.reference import regions

    for text in texts:
        t = normalise_text(text or "")
        if (c := stated_region([t])) is not None:  # "指标：… 地区：河南省 单位：万人"
            return c
        t = re.sub(r"^(?:(?:附录|附表|表)\s*)?[\dA-Za-z]{0,3}(?:\s*[-－—–.]\s*\d{1,3})*\s+", "", t)
        t = re.sub(r"^(?:(?:附录|附表|表)\s*)?[\dA-Za-z]{1,3}(?:\s*[-－—–.]\s*\d{1,3})+\s*", "", t)
        t = re.sub(r"^(?:19|20)\d{2}\s*年?度?\s*", "", t)
        t = re.sub(r"^(?:地区|省份|区域|region|province)\s*[:：]\s*", "", t, flags=re.I)
        c = regions().resolve(t) if t else None
        if c is None:  # "各行业城镇非私营单位就业人员（河南省）"
            c = next((r for b in re.findall(r"[(（]([^()（）]+)[)）]", t) if (r := regions().resolve(b.strip())) is not None), None)
        if c is None and re.search(r"[_\s]", t):  # a file name's parts: "01_河南统计年鉴2016_表4-12"
            c = next((r for part in re.split(r"[_\s]+", t)[1:] if part and (r := regions().resolve(part)) is not None), None)
        if c is not None:
            return str(c.code), c.name
    return None


def stated_region(texts: Sequence[str | None]) -> tuple[str, str] | None:
    """(GB/T 2260 code, name) of a place a note states as such ("地区：河南省", "Region: Henan"), else None."""
    from talentcast.reference import regions

    for text in texts:
        m = re.search(r"(?:地区|省份|区域|region|province)\s*[:：]\s*([^\s,，;；:：]+)", normalise_text(text or ""), flags=re.I)
        if m and (c := regions().resolve(m.group(1))) is not None:
            return str(c.code), c.name
    return None


def _to_float(s: str) -> float | None:
    # Thousands separators and footnote markers ("85000*", "1234.5①") are not part of the number.
    t = re.sub(r"(?:\s*(?:[*＊†‡#①②③④⑤⑥⑦⑧⑨⑩]|[(（][a-zA-Z][)）]))+$", "", s.replace(",", "").replace("，", "").strip())
    # Thousands grouped by spaces ("36 665", "1 129.3"; also no-break and thin spaces).
    t = re.sub(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3}(?:\D|$))", "", t)
    return float(t)


def _long_columns(header: list[str], mapping: dict[str, str]) -> dict[str, int]:
    """Field → column index of a long table's header (synonyms, ``mapping`` first)."""
    by = {_norm(h): j for j, h in enumerate(header) if h}
    col: dict[str, int] = {}
    for f, syns in LONG_SYNONYMS.items():
        if f in mapping and _norm(mapping[f]) in by:
            col[f] = by[_norm(mapping[f])]
            continue
        for s in syns:
            if _norm(s) in by and by[_norm(s)] not in col.values():
                col[f] = by[_norm(s)]
                break
    return col


def _with_table_unit(obs: list[dict[str, Any]], notes: list[str], header: list[str]) -> list[dict[str, Any]]:
    """Give every observation the unit its table states ("单位：人" above it, "（人）" after its
    title), to use where neither its row, its column nor its indicator names one."""
    unit = _table_unit(notes, header)
    if unit:
        for o in obs:
            o.setdefault("unit_table", unit)
    return obs


def _leading_blank_columns(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """A table that starts in column B (or later): the empty columns before it dropped."""
    k = 0
    while rows and all(len(r) > k and not r[k].strip() for _, r in rows if any(c.strip() for c in r)):
        k += 1
    return [(ln, r[k:]) for ln, r in rows] if k else rows


def _split_text_columns(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """A table pasted as text into one column ("制造业  353.24  46854"): its cells split at runs
    of two or more spaces or a tab, where most rows are one cell that splits so."""
    one = [(ln, r) for ln, r in rows if sum(1 for c in r if c.strip()) == 1]
    split = [ln for ln, r in one if len(re.split(r"\s{2,}|\t", next(c for c in r if c.strip()).strip())) >= 2]
    if len(rows) < 3 or len(one) < 0.8 * len(rows) or len(split) < 2:
        return rows
    def table_row(parts: list[str]) -> bool:
        # "表9  2017年分行业…" (a title with a table number) stays one cell: a row has three
        # or more parts, or a label and a figure.
        if len(parts) >= 3:
            return True
        try:
            return len(parts) == 2 and _to_float(parts[1]) is not None
        except ValueError:
            return False

    def parts_of(text: str) -> list[str]:
        parts = re.split(r"\s{2,}|\t", text.strip())
        merged: list[str] = []
        for p in parts:  # a label spaced out to the column's width: "合    计", "行    业"
            if merged and re.fullmatch(r"[\u4e00-\u9fff]", p) and re.fullmatch(r"[\u4e00-\u9fff]+", merged[-1]) \
                    and len(merged[-1]) < 3 and (len(merged) == 1):
                merged[-1] += p
            else:
                merged.append(p)
        return merged

    out: list[tuple[int, list[str]]] = []
    wrapped = ""  # a label wrapped onto the next line in the body ("科学研究、技术服务和地质" / "勘查业  131,169")
    seen_figures = False
    for ln, r in rows:
        cells = [c for c in r if c.strip()]
        parts = parts_of(cells[0]) if len(cells) == 1 else []
        if parts and table_row(parts):
            figures = any(_is_figure(p) for p in parts[1:])
            if wrapped and figures:
                parts[0] = wrapped + parts[0]
            elif wrapped:  # a title above the next table's header, not a label's first line
                out.append((ln - 1, [wrapped]))
            wrapped = ""
            seen_figures = seen_figures or figures
            out.append((ln, parts))
            continue
        if seen_figures and len(parts) == 1 and re.search(r"[\u4e00-\u9fff]$", parts[0]) \
                and not re.match(r"^\s*(?:注|数据来源|资料来源|来源|说明)", parts[0]):
            wrapped = parts[0]
            continue
        if wrapped:
            out.append((ln - 1, [wrapped]))
            wrapped = ""
        out.append((ln, r))
    if wrapped:
        out.append((rows[-1][0], [wrapped]))
    return out


def _is_figure(text: str) -> bool:
    try:
        return _to_float(text) is not None
    except ValueError:
        return False


def _observations(grid: list[tuple[int, list[str]]], mapping: dict[str, str],
                  forced_year: int | None = None, sheet: str = "") -> tuple[list[dict[str, Any]], list[str]]:
    """Turn a grid into raw observations (dicts) and note lines, whatever the layout.

    Observations carry ``indicator`` (text naming industry and measure, to split) or
    ``measure`` (a long table's measure cell), plus ``label`` (the industry alone) and
    ``hint`` (a header naming only the measure) where the layout tells them apart.
    """
    rows = _leading_blank_columns(_split_text_columns([(ln, r) for ln, r in grid if any(c for c in r)]))
    column_hints: dict[int, str] = {}
    wide_rows = [i for i, (_, r) in enumerate(rows) if sum(1 for c in r if c) >= 2]
    if not wide_rows:
        return [], [" ".join(c for c in r if c) for _, r in rows]
    # The header is the first row with two or more cells that is not a unit line ("表4-5 | 单位：万人").
    hdr_i = next((i for i in wide_rows if not any(_UNIT_NOTE.match(c) for c in rows[i][1])), wide_rows[0])
    notes = [" ".join(c for c in r if c) for _, r in rows[:hdr_i]]
    hdr_ln, header = rows[hdr_i]
    header = _full_years(header)
    body = rows[hdr_i + 1:]
    # Header rows: the header and the rows under it that hold no figure (years under a measure,
    # measures or places under a year, a "(万人)" unit row). A merged upper cell reads as blanks
    # to its right, so an upper label spans right up to the next one.
    layers = [header]
    while body and _is_header_row(body[0][1], header):
        layers.append(body[0][1])
        body = body[1:]
    column_units: dict[int, str] = {}
    column_places: dict[int, str] = {}
    if len(layers) > 1:
        width = max(len(x) for x in layers)
        filled = []
        for li, layer in enumerate(layers):
            row = list(layer) + [""] * (width - len(layer))
            if li < len(layers) - 1:
                last = ""
                for j in range(1, width):
                    last = row[j] or last
                    row[j] = last
            filled.append(row)
        notes.extend(dict.fromkeys(p for p in filled[0][1:] if p and not _YEAR.match(p) and not _is_unit(p)))
        new_header = [next((x[0] for x in layers if x and x[0]), "")]
        for j in range(1, width):
            parts = list(dict.fromkeys(x[j] for x in filled if x[j]))
            year = next((m.group(1) for q in parts if (m := _YEAR.match(q))), None)
            # "Region: China" over "Subnational: Henan" (CEIC): the narrower place is the column's.
            places = [q for q in parts if _place_header(q)]
            place = next((q for q in places if not _national_word(q)), places[0] if places else None)
            unit = next((u for q in parts if (u := _unit_in_name(q) or (_bare(q) if _is_unit(q) else None))), None)
            rest = [q for q in parts if not _YEAR.match(q) and not _is_unit(q) and q != place]
            new_header.append(year or _stacked_header(rest))
            if year and rest:
                column_hints[j] = " ".join(rest)
            if unit:
                column_units[j] = unit
            if place:
                column_places[j], place_unit = _header_place(place)  # type: ignore[misc]
                if place_unit:
                    column_units.setdefault(j, place_unit)
        header = new_header
    for j, h in enumerate(header):
        if j and _YEAR.match(h) and (u := _unit_in_name(h)):
            column_units.setdefault(j, u)  # "2016年(万人)"
    col = _long_columns(header, mapping)
    obs: list[dict[str, Any]] = []
    if (forced_year is None and "year" not in col and not any(_YEAR.match(h) for h in header)
            and not any(r and _YEAR.match(r[0]) for _, r in body)):
        forced_year = _title_year([*notes, sheet]) or (  # "2017年…" above the table, or a sheet per year
            int(sheet.strip()) if re.fullmatch(r"(?:19|20)\d{2}", sheet.strip()) else None)
    if forced_year and "year" not in col and not any(_YEAR.match(h) for h in header):
        # No year anywhere (a cross-section for one year, given with --year): rows are
        # industries or regions, each other column one indicator.
        by_region = _norm(header[0]) in {_norm(x) for x in LONG_SYNONYMS["region"]}
        year_end_beside = any("年末" in h for h in header)
        for ln, r in body:
            name = r[0] if r else ""
            for j in range(1, min(len(r), len(header))):
                v = r[j]
                if not header[j] or v.strip().lower() in _MISSING:
                    continue
                o = {"line": ln, "raw": f"{name} | {header[j]} | {v}", "year": str(forced_year), "value": v}
                if _DERIVED.search(header[j]):
                    # "比上年增长（%）", "位次", "比重（%）", "河南为全国的%": derived from the levels beside them.
                    o["error"] = ("unknown_measure", f"column {header[j]!r} is a rate, share, rank or index, not a level")
                elif "平均人数" in header[j] and year_end_beside:
                    # The year's average headcount beside the year-end count: the stock is the 年末 one.
                    o["error"] = ("unknown_measure", f"column {header[j]!r} is the year's average headcount; the "
                                  "year-end count beside it is the employment figure")
                elif by_region:
                    o.update(region=name, indicator=header[j], measure=header[j])
                elif (place_unit := _header_place(header[j])) is not None:
                    # "行业 | 全国 | 河南（元）": one column per place, the measure in the title.
                    o.update(region=place_unit[0], indicator=name, label=name, measure=name)
                    if place_unit[1]:
                        o["unit"] = place_unit[1]
                elif (sp_h := split_indicator(header[j])) is not None and sp_h[0] and ic.map_industry(sp_h[0], record=False):
                    o.update(indicator=header[j], label=name, measure=header[j])  # "制造业城镇单位就业人员"
                else:
                    o.update(indicator=name, label=name, hint=header[j], measure=header[j])
                if j in column_places:  # "河南 | 全国" over the measures
                    o["region"] = column_places[j]
                if column_units.get(j):
                    o["unit"] = column_units[j]
                obs.append(o)
        return _with_table_unit(obs, notes, header), notes
    if "year" in col and "value" not in col:
        # Long, one column per indicator: "年份,地区,行业,城镇单位就业人员(万人)".
        taken = set(col.values())
        measure_cols = [(j, h) for j, h in enumerate(header) if h and j not in taken and _column_measure(h) is not None]
        if measure_cols:
            for ln, r in body:
                get = lambda f: r[col[f]] if f in col and col[f] < len(r) else ""  # noqa: E731
                if len(r) > len(header) and any(r[len(header):]):
                    obs.append({"line": ln, "raw": ",".join(r), "error": ("ragged_row", f"{len(r)} fields, header has {len(header)}")})
                    continue
                for j, h in measure_cols:
                    v = r[j] if j < len(r) else ""
                    if v.strip().lower() in _MISSING and len(measure_cols) > 1:
                        continue  # a blank cell of one indicator among several is no observation
                    scope, unit, bare = _column_measure(h)  # type: ignore[misc]
                    obs.append({"line": ln, "raw": ",".join(r), "year": get("year"), "value": v, "measure": h, "bare_scope": bare,
                                "industry": get("industry"), "industry_code": get("industry_code"), "region": get("region"),
                                "region_code": get("region_code"), "unit": get("unit") or unit or "", "vintage": get("vintage"),
                                "scope": get("scope") or scope})
            return _with_table_unit(obs, notes, header), notes
    # A long table's value column may be headed by its place ("年份 | 行业 | 指标 | 单位 | 全国"),
    # one column per place.
    place_values = [(j, h) for j, h in enumerate(header) if j not in col.values() and h and _place_header(h)]
    if "year" in col and ("value" in col or place_values):  # long
        long_unit = _table_unit(notes, header)
        values = [(col["value"], None)] if "value" in col else place_values
        for ln, r in body:
            get = lambda f: r[col[f]] if f in col and col[f] < len(r) else ""  # noqa: E731
            if len(r) > len(header) and any(r[len(header):]):
                obs.append({"line": ln, "raw": ",".join(r), "error": ("ragged_row", f"{len(r)} fields, header has {len(header)}")})
                continue
            for j, place in values:
                v = r[j] if j < len(r) else ""
                if place and v.strip().lower() in _MISSING and len(values) > 1:
                    continue
                place_unit = _header_place(place) if place else None
                obs.append({"line": ln, "raw": ",".join(r), "year": get("year"), "value": v, "measure": get("measure"),
                            "industry": get("industry"), "industry_code": get("industry_code"),
                            "region": place_unit[0] if place_unit else get("region"), "region_code": "" if place else get("region_code"),
                            "unit": get("unit") or (place_unit[1] if place_unit else None) or long_unit or "",
                            "vintage": get("vintage"), "scope": get("scope")})
        return obs, notes
    years_in_header = [j for j, h in enumerate(header) if _YEAR.match(h)]
    if len(years_in_header) >= max(1, (len([h for h in header if h]) - 1) // 2):  # wide, years as columns
        # Rows are indicators ("指标" first column) or regions (the NBS 分省 export: "地区" first
        # column, one indicator for the whole table, named in a "指标：…" note line).
        by_region = _norm(header[0]) in {_norm(x) for x in LONG_SYNONYMS["region"]}
        # "地区 | 指标名称 | 单位 | 2017年 …" (a bureau's release): the region column comes first,
        # but the rows are named by the indicator (and/or industry) columns beside it.
        name_col, region_col, numbered = 0, None, False
        named_by = [col[f] for f in ("measure", "industry") if f in col and col[f] not in years_in_header]
        if by_region and named_by:
            name_col, region_col, by_region = min(named_by), 0, False
        elif _norm(header[0]) in _SEQUENCE and len(header) > 1:
            name_col, numbered = 1, True  # "序号 | 行业 | 2009年 …": named by the column after the number
        elif (len(header) > 1 and _norm(header[0]) in _CODE_HEADERS
              and _norm(header[1]) in {_norm(x) for x in LONG_SYNONYMS["industry"]}):
            # "门类 | 行业 | 2009年 …": the name decides. Letters changed meaning between editions
            # (2002's F is transport, 2017's wholesale); the names did not.
            name_col, numbered = 1, True
        both = "measure" in col and "industry" in col and {col["measure"], col["industry"]}.isdisjoint(years_in_header)
        table_indicator = mapping.get("indicator") or next(
            (m.group(1).strip() for n in notes if (m := re.search(r"指标[:：]\s*(.+)$", n))), "")
        if by_region and not table_indicator:
            # "分地区城镇单位就业人员（2020-2021年）" above a table of provinces names the indicator,
            # and "制造业城镇非私营单位就业人员（万人）" the industry too.
            table_indicator = _title_full_indicator(notes) or _title_indicator(notes) or ""
        table_unit = _table_unit(notes, header)
        # Rows are industries ("行业" first column, a yearbook table): the measure is in the title.
        title_suffix = _title_indicator(notes) if not by_region else None
        by_industry = _norm(header[name_col]) in {_norm(x) for x in LONG_SYNONYMS["industry"]} or numbered
        carried = ""
        for ln, r in body:
            name = r[name_col] if len(r) > name_col else ""
            if both and not (r[col["industry"]] if col["industry"] < len(r) else "").strip() and carried:
                # An industry label merged over its rows (one per measure) reads on the first only.
                r = list(r)
                r[col["industry"]] = carried
            elif both:
                carried = r[col["industry"]]
            indicator = name
            if title_suffix and name and (by_industry or split_indicator(name) is None):
                # "制造业" under "按行业分城镇单位就业人员" → "制造业城镇单位就业人员"; 合计 stays the total.
                indicator = f"{name}{title_suffix}"
            sp = split_indicator(indicator)
            unit = table_unit if table_unit and (sp is None or sp[3] is None) and not column_hints else None
            if "unit" in col and col["unit"] < len(r) and r[col["unit"]].strip():
                unit = r[col["unit"]].strip()  # a 计量单位 column beside the indicator
            vals = [(j, r[j]) for j in years_in_header if j < len(r) and r[j].strip().lower() not in _MISSING]
            if not vals:
                if name:
                    notes.append(" ".join(c for c in r if c))
                continue
            for j, v in vals:
                o = {"line": ln, "raw": f"{name} | {header[j]} | {v}", "year": _YEAR.match(header[j]).group(1), "value": v}
                if _DERIVED.search(column_hints.get(j, "")):
                    o["error"] = ("unknown_measure", f"column {column_hints[j]!r} is a rate, share, rank or index, not a level")
                elif by_region:
                    o.update(region=name, measure=column_hints.get(j) or table_indicator,
                             indicator=column_hints.get(j) or table_indicator)
                elif both:  # the measure and the industry in columns of their own, as in a long table
                    o.update(measure=r[col["measure"]], industry=r[col["industry"]],
                             industry_code=r[col["industry_code"]] if "industry_code" in col and col["industry_code"] < len(r) else "")
                elif column_hints.get(j):
                    o.update(measure=name, indicator=name, label=name, hint=column_hints[j])
                else:
                    o.update(measure=indicator, indicator=indicator, label=name)
                if region_col is not None and region_col < len(r) and r[region_col].strip():
                    o["region"] = r[region_col].strip()
                if j in column_places:  # "全国 | 河南" under each year
                    o["region"] = column_places[j]
                if column_units.get(j) or unit:
                    o["unit"] = column_units.get(j) or unit
                obs.append(o)
        return _with_table_unit(obs, notes, header), notes
    # wide, years as rows (NBS portal export; Wind/CEIC series exports with 单位/Unit, 地区/Region
    # rows between the series names and the first year)
    meta: dict[str, list[str]] = {}
    # The year is the first column, or the one its header names ("地区 | 年度 | A农、林… | B采矿业").
    yc = col.get("year", 0)
    rc = col["region"] if "region" in col and col["region"] != yc else None
    for ln, r in body:
        first = r[yc] if len(r) > yc else ""
        ym = _YEAR.match(first)
        if not ym:
            key = _norm(first)
            for f in ("unit", "region"):
                if key in {_norm(x) for x in LONG_SYNONYMS[f]}:
                    meta[f] = r
            if key in _SUBNATIONAL_KEYS:
                meta["subnational"] = r  # CEIC: "Region: China" above "Subnational: Henan"
            notes.append(" ".join(c for c in r if c))
            continue
        for j in range(0, min(len(r), len(header))):
            v = r[j]
            if j in (yc, rc) or not header[j] or v.strip().lower() in _MISSING:
                continue
            o = {"line": ln, "raw": f"{first} | {header[j]} | {v}", "year": ym.group(1), "value": v,
                 "measure": header[j], "indicator": header[j], "label": header[j]}
            if rc is not None and r[rc].strip():
                o["region"] = r[rc].strip()
            for f, row in sorted(meta.items(), key=lambda kv: kv[0] == "subnational"):  # the narrower place last
                if j < len(row) and row[j].strip():
                    o["region" if f == "subnational" else f] = row[j].strip()
            if ("region" not in o or _national_word(o["region"])) and (place := colon_region(header[j])):
                o["region"] = place  # the series name's place is narrower than a country row
            obs.append(o)
    return _with_table_unit(obs, notes, header), notes


_FIGURE_KEY = ("region_code", "industry_code", "scope", "measure", "year")


def _without_conflicts(good: list[dict[str, Any]], bad: list[tuple[int, str, str, str]]) -> list[dict[str, Any]]:
    """A table's rows with no two figures for one key: a key read twice with different values
    (a quarter, an average headcount or a second universe taken for the same figure) is not
    landed at all and each of its rows is quarantined ``duplicate_key``, naming the other lines;
    a key repeated with the same value (a table printed twice) lands once."""
    by_key: dict[tuple, list[dict[str, Any]]] = {}
    for g in good:
        by_key.setdefault(tuple(g[k] for k in _FIGURE_KEY), []).append(g)
    out = []
    for rows in by_key.values():
        values = {round(float(r["value"]), 9) for r in rows}
        if len(values) == 1:
            out.append(rows[0])
            continue
        lines = ", ".join(str(r["line"]) for r in rows)
        for r in rows:
            bad.append((r["line"], f"{r.get('industry_name_src', '')} | {r['year']} | {r['value']}", "duplicate_key",
                        f"{len(rows)} different figures for {r['industry_name_src'] or r['industry_code']} {r['year']} "
                        f"({r['measure']}, {r['scope']}, region {r['region_code']}) on lines {lines}: none lands; the "
                        "table holds a second figure the reader took for the same one (a quarter, an average, another "
                        "universe): split the table or map its columns with --map"))
    return out


def _region(name: str, code: str, default: tuple[str, str]) -> tuple[str | None, str]:
    if code and re.fullmatch(r"\d{6}", code):
        return code, name or code
    n = normalise_text(name)
    if n.lower() in NATIONAL_WORDS:
        return (default if not n else (NATIONAL_CODE, n))[0], n or default[1]
    if re.fullmatch(r"全(?:省|市|区)(?:合计|总计)?", n.replace(" ", "")) and default[0] != NATIONAL_CODE:
        return default  # "全省" among a table's cities is the place its title or file name names
    from talentcast.ingest.parsers import region_one

    return region_one(n, counties=False), n  # a district's figures are not its city's


#: Words that name a measure when a sheet, a title or --measure gives nothing more
#: ("人员", "人员平均工资"): the indicator suffix they stand for. Checked after the full
#: suffixes of :data:`_INDICATORS` (e.g. "城镇单位就业人员平均工资").
_BARE_MEASURES: tuple[tuple[str, str], ...] = (
    ("指数", ""), ("工资", "平均工资"), ("薪", "平均工资"), ("增加值", "增加值"), ("产值", "总产值"), ("就业人员", "就业人员"),
    ("人员", "城镇单位就业人员"), ("人数", "城镇单位就业人员"), ("职工", "城镇单位就业人员"), ("就业", "城镇单位就业人员"),
    ("employment_10k", "城镇单位就业人员"), ("avg_wage_cny_year", "平均工资"), ("output_100m_cny", "增加值"),
    ("wage", "平均工资"), ("earning", "平均工资"), ("employment", "城镇单位就业人员"), ("employed", "城镇单位就业人员"),
    ("employee", "城镇单位就业人员"), ("staff", "城镇单位就业人员"), ("worker", "城镇单位就业人员"), ("headcount", "城镇单位就业人员"),
    ("output", "增加值"), ("jiuye", "城镇单位就业人员"), ("renshu", "城镇单位就业人员"), ("gongzi", "平均工资"),
)
# Units spelled inside an ASCII column name: "jiuye_renshu_wanren", "pingjun_gongzi_yuan", "wage_cny".
_ASCII_UNITS = (("wanren", "万人"), ("10k", "万人"), ("wanyuan", "万元"), ("yiyuan", "亿元"), ("yuan", "元"), ("cny", "元"),
                ("persons", "人"), ("ren", "人"))
# Columns that hold a rate, share, rank or index of a level, not the level: never a figure to land.
# Columns that hold part of a year (a quarter, a month, a half, the year to date) under a year:
# the year's figure is the 全年 column beside them, never one of these.
_SUB_YEAR = (r"[一二三四1-4]\s*季度?|第[一二三四1-4]季度|Q[1-4]|[上下]半年|\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月|"
             r"(?<![\d年])\d{1,2}\s*月(?!末|底)(?:份)?|[一二三四五六七八九十]{1,2}月(?!末|底)|累计|year[\s-]*to[\s-]*date|quarter|month")
_DERIVED = re.compile(r"增长|增速|增幅|比重|占比|构成|位次|排名|排序|指数|倍数|比上年|同比|环比|[%％]|growth|share|rank|index|percent|"
                      + _SUB_YEAR, re.I)


def measure_suffix(name: str | None) -> str | None:
    """The indicator suffix a sheet name, title or ``--measure`` value stands for, else None.

    "人员" → 城镇单位就业人员, "人员平均工资" → 平均工资, "城镇单位就业人员（2019-2021年）" →
    城镇单位就业人员, "avg_wage_cny_year" → 平均工资; wage indices (指数) name no measure.
    """
    if not name or _NOT_A_MEASURE.search(normalise_text(name)):
        return None
    found = _title_indicator([name])
    if found:
        return found
    t = normalise_text(name).lower()
    for word, suffix in _BARE_MEASURES:
        if word in t:
            return suffix or None
    return None


def _split_with_hint(o: dict[str, Any], hints: list[str | None],
                     table_scope: str | None = None) -> tuple[str, str, str, str | None] | None:
    """Split an observation's indicator, falling back on what names the measure outside the row.

    ``hints`` are, in order: the header above the value, --measure, the table's title, the
    sheet name. The first that names a measure completes the row's industry label; when it
    names the measure alone ("年末人数（万人）"), the universe is the table's (``table_scope``).
    """
    sp = split_indicator(o["indicator"])
    if sp is not None:
        return sp
    label_scope = None
    if _SCOPE_ONLY.fullmatch(normalise_text(o.get("label", o["indicator"]) or "")):
        # "年份 | 城镇非私营单位 | 城镇私营单位" under "…平均工资": the columns name the universe.
        label_scope = _scope_of(o.get("label", o["indicator"]))
        o = {**o, "label": ""}
    # A column's own header naming only a universe ("城镇私营单位" over its years, "国有单位" under
    # "按登记注册类型分") outranks the title's, which may name several ("非私营和私营单位").
    column_scope = _scope_of(o.get("hint"))
    for h in [o.get("hint"), *hints]:
        suffix = measure_suffix(h)
        if suffix:
            sp = split_indicator(f"{o.get('label', o['indicator'])}{suffix}")
            if sp is not None:
                scope = label_scope or column_scope or _scope_of(h) or table_scope or sp[1]
                return sp[0], scope, sp[2], sp[3] or _unit_in_name(h)
    return None


def _sheets(path: Path, encoding: str | None) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    """The non-empty sheets of a file as (name, rows); a csv is one sheet named after the file."""
    grids: dict[str, list[tuple[int, list[str]]]] = {}
    for sheet, ln, cells in read_grid(path, encoding=encoding):
        # A Hong Kong or Taiwan compilation: 就業人員 reads as 就业人员.
        grids.setdefault(sheet.translate(TRADITIONAL), []).append((ln, [c.translate(TRADITIONAL) for c in cells]))
    out = []
    for name, g in grids.items():
        blocks = [b for part in _side_by_side(_decimal_commas(g)) for b in _blocks(_joined_labels(part))]
        out += [(name if k == 0 else f"{name} ({k + 1})", b) for k, b in enumerate(blocks) if any(any(c for c in r) for _, r in b)]
    return out


def _joined_labels(grid: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Industry labels a PDF-to-Excel conversion broke, joined again: split over the first two
    cells ("信息传输、软件和信" | "息技术服务业"), or wrapped onto the next row with the figures on
    either row ("电力、热力、燃气及水生" then "产和供应业"). A join is made only where the joined
    label is an industry and the broken parts are not."""
    def known(label: str) -> bool:
        hit = ic.map_industry(re.sub(r"\s+", "", label), record=False) if label.strip() else None
        return hit is not None

    def figures(r: list[str]) -> bool:
        return any(c.strip() and _is_figure(c) for c in r[1:])

    def only_label(x: list[str] | None) -> bool:
        return bool(x) and bool(x[0].strip()) and not any(c.strip() for c in x[1:])

    rows = [(ln, list(r)) for ln, r in grid]
    for _, r in rows:  # split over two cells
        if (len(r) > 2 and r[0].strip() and r[1].strip() and not _is_figure(r[1]) and not _YEAR.match(r[1])
                and not known(r[0]) and known(r[0] + r[1])):
            r[0], r[1] = r[0].strip() + r[1].strip(), ""
    out: list[tuple[int, list[str]]] = []
    i = 0
    while i < len(rows):
        ln, r = rows[i]
        nxt = rows[i + 1][1] if i + 1 < len(rows) else None
        if nxt and r and r[0].strip() and not known(r[0]) and known(r[0] + nxt[0]):
            if figures(r) and only_label(nxt):  # figures on the first line, the label's end below
                out.append((ln, [r[0].strip() + nxt[0].strip(), *r[1:]]))
                i += 2
                continue
            if only_label(r) and figures(nxt) and not known(nxt[0]):  # the label's start above its figures
                out.append((rows[i + 1][0], [r[0].strip() + nxt[0].strip(), *nxt[1:]]))
                i += 2
                continue
        out.append((ln, r))
        i += 1
    return out


def _side_by_side(grid: list[tuple[int, list[str]]]) -> list[list[tuple[int, list[str]]]]:
    """A sheet holding tables side by side (employment left, wages right, an empty column
    between) as one grid per table; the title lines above both go with each.

    A column splits the sheet only where it is empty on every row and the column after it is a
    label column (text beside the figures on most rows): a blank spacer between column groups of
    one table has figures after it and stays.
    """
    width = max((len(r) for _, r in grid), default=0)

    def filled(r: list[str], a: int, b: int | None = None) -> bool:
        return any(c.strip() for c in r[a:b])

    for j in range(2, width - 2):
        if any(j < len(r) and r[j].strip() for _, r in grid):
            continue
        right = [i for i, (_, r) in enumerate(grid) if filled(r, j + 1)]
        data = [r for _, r in grid if filled(r, j + 2) and any(_is_figure(c) for c in r[j + 2:] if c.strip())]
        if len(right) < 3 or sum(1 for _, r in grid if filled(r, 0, j)) < 3 or len(data) < 2:
            continue
        labels = sum(1 for r in data if j + 1 < len(r) and r[j + 1].strip() and not _is_figure(r[j + 1]))
        if labels < 0.8 * len(data):
            continue
        titles = [(ln, [" ".join(c.strip() for c in r if c.strip())]) for ln, r in grid[:right[0]] if filled(r, 0)]
        left = [(ln, r[:j]) for ln, r in grid]
        return [left, *_side_by_side(titles + [(ln, r[j + 1:]) for ln, r in grid[right[0]:]])]
    return [grid]


# Headers of a section-letter or code column beside the names ("门类 | 行业 | 2009年 …").
_CODE_HEADERS = {_norm(x) for x in (*LONG_SYNONYMS["industry_code"], "门类", "代码", "行业门类", "门类代码", "编码")}
# A number written the European way: "5,34", "1 166,97", "1.166,97" (a locale's Excel saving csv
# with ";"). Unambiguous only where the comma is not followed by exactly three digits.
_DECIMAL_COMMA = re.compile(r"-?\d{1,3}(?:[ .\u00a0\u202f]\d{3})*,(?:\d{1,2}|\d{4,})")
_THOUSANDS_COMMA = re.compile(r"-?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|-?\d{1,3}(?:,\d{3})+\.\d+")


def _decimal_commas(grid: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """A grid whose figures use the decimal comma, its figures rewritten with a decimal point.

    Decided per sheet, never per cell: "5,340" is 5.34 in a sheet of "39,17" and "264,52", and
    5,340 in a sheet of "1,234,567". Only a sheet with several unambiguous decimal commas and no
    unambiguous thousands comma is rewritten; the rest is left as it is.
    """
    cells = [c.strip() for _, r in grid for c in r[1:] if c and c.strip()]
    decimal = sum(1 for c in cells if _DECIMAL_COMMA.fullmatch(c))
    if decimal < 3 or any(_THOUSANDS_COMMA.fullmatch(c) for c in cells):
        return grid

    def fix(c: str) -> str:
        t = c.strip()
        if re.fullmatch(r"-?\d{1,3}(?:[ .\u00a0\u202f]\d{3})*(?:,\d+)?", t) and ("," in t or " " in t or "\u00a0" in t):
            return re.sub(r"[ .\u00a0\u202f]", "", t).replace(",", ".")
        return c

    return [(ln, [r[0], *(fix(c) for c in r[1:])] if r else r) for ln, r in grid]


def _blocks(grid: list[tuple[int, list[str]]]) -> list[list[tuple[int, list[str]]]]:
    """Split a sheet holding several tables one under another ("表3-12 …就业人员", its rows, then
    "表3-13 …平均工资" with its own unit line and header) into one grid per table.

    A table starts at a one-cell line (its title) after figures, when the next row with two or
    more cells — past a unit line — is a header (no figure in it), not more data.
    """
    def cells(r: list[str]) -> list[str]:
        return [c for c in r if c.strip()]

    def figures(r: list[str]) -> bool:
        return any(c.strip() and not _YEAR.match(c) and _is_figure(c) for c in r[1:])

    starts, seen_data = [0], False
    for i, (_, r) in enumerate(grid):
        if len(cells(r)) >= 2 and figures(r):
            seen_data = True
            continue
        if not seen_data or len(cells(r)) != 1 or re.match(r"^\s*(?:注|数据来源|资料来源|来源|说明)", cells(r)[0]) \
                or _UNIT_NOTE.match(normalise_text(cells(r)[0])):
            continue
        nxt = next((r2 for _, r2 in grid[i + 1:] if len(cells(r2)) >= 2 and not any(_UNIT_NOTE.match(normalise_text(c)) for c in r2)), None)
        if nxt is not None and not figures(nxt):
            starts.append(i)
            seen_data = False
    return [grid[a:b] for a, b in zip(starts, [*starts[1:], len(grid)])]


def _handler(mapping: dict[str, str], encoding: str | None, options: dict[str, Any]):
    status = options.get("status", "official")
    default_region = options.get("region")
    forced_measure = options.get("measure")
    forced_unit = options.get("unit")
    forced_year = options.get("year")
    if forced_measure and measure_suffix(forced_measure) is None:
        raise InputFileError(f"--measure {forced_measure!r} names no known measure",
                             hint="use employment_10k, avg_wage_cny_year or output_100m_cny (or 就业人员, 平均工资, 增加值)")
    if forced_year is not None and not (guards.YEAR_MIN <= int(forced_year) <= guards.year_max()):
        raise InputFileError(f"--year {forced_year} is outside {guards.YEAR_MIN}–{guards.year_max()}", hint="give the year the table describes")

    def handle(ctx: FileContext) -> None:
        if default_region:
            dcode, dname = _region(default_region, "", (NATIONAL_CODE, "全国"))
            if dcode is None:
                raise InputFileError(f"region {default_region!r} is not a GB/T 2260 region", hint="use a province or city name or code")
            dflt = (dcode, dname)
        else:
            dflt = (NATIONAL_CODE, "全国")
        source = ctx.source or ctx.path.parent.name or "statistics"
        vintage_default = options.get("vintage") or file_vintage(ctx.path)
        all_notes: list[str] = []
        for sheet, grid in _sheets(ctx.path, encoding):
            obs, notes = _observations(grid, mapping, int(forced_year) if forced_year is not None else None, sheet)
            all_notes += notes
            title = next((n for n in _numbered_first(notes) if measure_suffix(n)), None)
            hints = [forced_measure, title, sheet]
            # What the table says about itself when its rows do not: the universe and the place
            # in its title, its sheet's name or the file's name ("河南省分行业城镇非私营单位…").
            about = [*_title_lines(notes), sheet, ctx.path.stem]
            table_scope = next((sc for t in about if (sc := _scope_of(t))), None)
            # A unit line may state the place too ("单位：万人  地区：河南省"); other notes (资料来源：
            # 河南统计年鉴) name who published a table, not whose figures it holds.
            named = None if default_region else named_region(about) or stated_region(notes)
            sheet_default = named or dflt
            good: list[dict[str, Any]] = []
            bad: list[tuple[int, str, str, str]] = []
            for o in obs:
                row = _observation_row(o, hints, forced_unit, sheet_default, status, source, vintage_default, ctx.name, bad,
                                       table_scope)
                if row is not None:
                    good.append(row)
            good = _without_conflicts(good, bad)
            if bad:
                ctx.quarantine([b[0] for b in bad], [f"{sheet}: {b[1]}" for b in bad], [b[2] for b in bad], [b[3] for b in bad])
            if good:
                ctx.accept(pd.DataFrame(good))
                national = any(re.search(r"全国|中国|china|national|^数据库[:：]\s*年度数据", normalise_text(t or ""), re.I) for t in about)
                if not (default_region or named or national) and not any(o.get("region") or o.get("region_code") for o in obs):
                    # A province's own yearbook rarely names the province; taken as national, its
                    # figures would sit among the nation's and move every region's reference.
                    ctx.report.warnings.append(
                        f"{sheet}: nothing in it names a place (no region column, no place in its title, sheet or file "
                        f"name): its {len(good):,} rows were taken as 全国 ({NATIONAL_CODE}); if it is a province's or city's table, ingest it again with "
                        "--force --region NAME, or put the place in the file's name (河南_….xlsx; 全国_….xlsx confirms national), "
                        "which `talentcast refresh` reads too")
            reasons: dict[str, int] = {}
            for b in bad:
                reasons[b[2]] = reasons.get(b[2], 0) + 1
            ctx.report.sheets.append({
                "sheet": sheet, "rows_read": len(good) + len(bad), "rows_accepted": len(good), "quarantined_by_reason": reasons,
                "measures": sorted({g["measure"] for g in good}), "units_src": sorted({str(g["unit_src"]) for g in good}),
                "years": [min(g["year"] for g in good), max(g["year"] for g in good)] if good else [],
                "regions": sorted({g["region_code"] for g in good}), "industries": len({g["industry_code"] for g in good}),
                "default_region": f"{sheet_default[1]} ({sheet_default[0]}), "
                                  + ("--region" if default_region else "named in the title or file name" if named else "no place named"),
            })
        if all_notes:
            ctx.report.__dict__.setdefault("_notes", all_notes[:20])
        if ctx.report.rows_read == 0 and forced_year is None:
            raise InputFileError(f"{ctx.path}: no statistics records found in it: no year in any sheet (years as rows, as "
                                 "columns or in a year column); nothing of it was ingested",
                                 hint="check that it is a statistics table; if it describes one year, give it with --year YEAR")

    return handle


def file_vintage(path: Path) -> str:
    """A file's vintage when it states none: a date in its name (2023-06, 20230610), else its mtime (ISO date).

    Vintages tell the copies of one statistic in different files apart ("newest vintage wins"
    is decided per file when the lake is read), so they are ISO dates that sort as strings.
    """
    m = re.search(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])?(?:[-_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)", path.name)
    if m and m.group(2):
        return f"{m.group(1)}-{m.group(2)}" + (f"-{m.group(3)}" if m.group(3) else "")
    from datetime import datetime, timezone

    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).date().isoformat()


def _observation_row(o: dict[str, Any], hints: list[str | None], forced_unit: str | None, dflt: tuple[str, str], status: str,
                     source: str, vintage_default: str, file: str, bad: list[tuple[int, str, str, str]],
                     table_scope: str | None = None) -> dict[str, Any] | None:
    """One statistics row from a raw observation, or None after adding its quarantine entry to ``bad``.

    ``dflt`` is the region of rows that name none; ``table_scope`` the universe the table's
    title names, for indicators that name the measure alone.
    """
    if "error" in o:
        bad.append((o["line"], o["raw"], *o["error"]))
        return None
    ym = re.search(r"(?<!\d)(\d{4})(?!\d)", str(o["year"]))
    if not ym or not _YEAR.match(ym.group(1)):
        bad.append((o["line"], o["raw"], "bad_year", f"year {o['year']!r}"))
        return None
    dated = re.match(r"^\s*\d{4}[-/.](\d{1,2})(?:[-/.]\d{1,2})?(?:[ T][\d:]+)?\s*$", str(o["year"]))
    if dated and int(dated.group(1)) != 12:
        # A yearly figure is dated by its year's end; another month is a monthly or quarterly one.
        bad.append((o["line"], o["raw"], "bad_year", f"date {o['year']!r} is not a year's end (a monthly or quarterly figure)"))
        return None
    year = int(ym.group(1))
    if guards.year_outside_window(year):
        bad.append((o["line"], o["raw"], "bad_year", guards.year_detail()))
        return None
    raw_value = str(o["value"])
    try:
        value = _to_float(raw_value)
    except ValueError:
        if raw_value.strip().lower() in _MISSING:
            bad.append((o["line"], o["raw"], "missing_required", "value missing"))
        else:
            bad.append((o["line"], o["raw"], "bad_number", f"value {o['value']!r} is not a number"))
        return None
    problem = guards.number_problem(raw_value, value, count=False, name="value")
    if problem:
        bad.append((o["line"], o["raw"], *problem))
        return None
    unit = o.get("unit") or None
    if "indicator" in o:
        sp = _split_with_hint(o, hints, table_scope)
        if sp is None:
            bad.append((o["line"], o["raw"], "unknown_measure",
                        f"indicator {o['indicator']!r} is not employment, average wage or output (state it with --measure)"))
            return None
        label, scope, measure, unit_in_name = sp
        unit = unit or unit_in_name
        if table_scope and scope in _GENERIC_SCOPES:
            scope = table_scope  # "从业人员平均人数" in a table titled 规模以上工业企业…
        code_src = ""
    else:
        measure = _measure_of(o.get("measure", ""))
        if measure is None and not o.get("measure"):
            sp = next((split_indicator(suffix) for h in hints if (suffix := measure_suffix(h))), None)
            measure = sp[2] if sp else None
        if measure is None:
            bad.append((o["line"], o["raw"], "unknown_measure", f"measure {o.get('measure')!r} (state it with --measure)"))
            return None
        label, code_src = o.get("industry", ""), o.get("industry_code", "")
        # A long table's measure cell may name the universe ("农、林、牧、渔业国有单位就业人员").
        scope = o.get("scope") or _scope_of(o.get("measure")) or "urban_units"
        if scope not in SCOPES:  # a 口径 column in words: "城镇单位", "城镇非私营单位", "Urban Units"
            named = _scope_of(scope) or (_INDICATOR_SCOPE.get(normalise_text(scope)))
            if named is None:
                bad.append((o["line"], o["raw"], "unknown_measure",
                            f"口径 {scope!r} is none of {', '.join(SCOPES)} (rename it in the file, or drop the column to take urban_units)"))
                return None
            scope = named
        if o.get("bare_scope") and table_scope:
            scope = table_scope
        if not label and not code_src:
            sp = split_indicator(o.get("measure", ""))
            label = sp[0] if sp else ""
    if unit is None:
        m_unit = re.search(r"_(10k_persons|yuan|100m_cny|10k)$", o.get("measure") or "")
        unit = m_unit.group(1) if m_unit else (o.get("unit_table") or forced_unit or MEASURE_UNITS[measure])
    factor = UNIT_FACTORS[measure].get(_unit_key(unit))
    if factor is None:  # "单位：万人、元": the unit of this measure among the table's
        unit = next((u for u in re.split(r"[、,，/;；\s]+", unit) if UNIT_FACTORS[measure].get(_unit_key(u)) is not None), unit)
        factor = UNIT_FACTORS[measure].get(_unit_key(unit))
    if factor is None:
        bad.append((o["line"], o["raw"], "bad_number", f"unit {unit!r} unknown for {measure} (state it with --unit)"))
        return None
    hit = ic.map_industry(label, record=True) if label else None
    if hit is None and code_src:
        hit = ic.map_industry(code_src, record=True)
    if hit is None and not label and not code_src:
        hit = (ic.TOTAL, None, "total")
    if hit is None:
        bad.append((o["line"], o["raw"], "industry_unmapped", f"industry {label or code_src!r} not in the GB/T 4754 concordance"))
        return None
    rcode, rname = _region(o.get("region", ""), o.get("region_code", ""), dflt)
    if rcode is None:
        bad.append((o["line"], o["raw"], "region_unmapped", f"region {o.get('region')!r}"))
        return None
    section, division, edition = hit
    level = "total" if section == ic.TOTAL else ("division" if division else "section")
    code = section if level != "division" else division
    return {
        "region_code": rcode, "region_name": rname, "industry_code": code, "industry_level": level,
        "industry_name": _name_2017(code, level), "industry_name_src": label or code_src,
        "industry_edition_src": edition, "scope": scope, "measure": measure, "year": year,
        "value": value * factor, "unit_src": unit, "status": status, "source": source,
        "vintage": o.get("vintage") or vintage_default, "file": file, "line": o["line"],
    }


def _name_2017(code: str, level: str) -> str:
    if level == "total":
        return "全部行业"
    from talentcast.reference import industries

    c = industries().get(code)
    return c.name if c is not None else ""


def ingest_statistics(
    lake: Lake,
    paths: Sequence[str | Path],
    *,
    source: str | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    raise_on_error: bool = True,
    **options: Any,
) -> IngestReport:
    """Ingest statistics tables (see module docstring).

    Options: ``status``, ``vintage``, and what a file may not say itself: ``measure``
    (employment_10k | avg_wage_cny_year | output_100m_cny, or 就业人员 / 平均工资 / 增加值),
    ``unit`` (万人, 人, 元 …), ``region`` (name or GB/T 2260 code of the rows without one) and
    ``year`` (of a table without years); ``force`` and ``dry_run`` as for every kind.
    """
    ic.reset_unmapped()
    force, dry_run = bool(options.pop("force", False)), bool(options.pop("dry_run", False))
    rep = ingest_with(lake, "statistics", paths, _handler(dict(mapping or {}), encoding, options), source=source,
                      raise_on_error=raise_on_error, force=force, dry_run=dry_run)
    un = ic.unmapped_report()
    if len(un):
        rep.extra["unmapped_industries"] = dict(zip(un["label"], un["count"].astype(int)))
    notes = {f.file: f.__dict__.pop("_notes") for f in rep.files if "_notes" in f.__dict__}
    if notes:
        rep.extra["notes"] = notes
    return rep
