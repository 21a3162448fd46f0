"""Ingest official statistics (yearbooks, NBS portal exports, industry statistics) into ``statistics``.

Layouts recognised (xlsx, xls or csv; leading blank rows and note rows tolerated):

* **wide, years as rows**: the NBS portal export — first column "2010年", one column per
  indicator such as "<行业>城镇单位就业人员" or "城镇单位就业人员平均工资(元)";
* **wide, years as columns**: first column the indicator, one column per year;
* **long**: one row per observation with a year column and a value column, plus measure,
  industry label and/or code, region/province, unit and vintage columns as available
  (header synonyms below; ``mapping`` overrides them).

Indicators are split into industry label + universe (``scope``) + measure; units (万人, 人,
元, 万元, 亿元 …) are converted to the measure's unit and recorded in ``unit_src``; industry
labels of GB/T 4754-2002/2011/2017 (and a few 1994 names) are mapped to 2017 sections and
divisions with :mod:`talentcast.crosswalk.industry_concordance`. Rows whose industry cannot be
mapped are quarantined as ``industry_unmapped`` and listed in ``report.extra``.
Region: a region/province column if present, else ``options["region"]``, else 全国 with the
pseudo-code ``100000`` (GB/T 2260 has no code for the whole country).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from talentcast.crosswalk import industry_concordance as ic
from talentcast.errors import InputFileError
from talentcast.ingest.common import FileContext, IngestReport, ingest_with
from talentcast.ingest.parsers import normalise_text
from talentcast.ingest.readers import iter_excel_rows, open_text, sniff_format
from talentcast.lake import Lake

NATIONAL_CODE = "100000"  # pseudo GB/T 2260 code for 全国 (the whole country)
NATIONAL_WORDS = ("全国", "中国", "全国合计", "china", "national", "")

MEASURE_UNITS = {"employment_10k": "万人", "avg_wage_cny_year": "元", "output_100m_cny": "亿元"}
# unit → factor into the measure's unit
UNIT_FACTORS = {
    "employment_10k": {"万人": 1.0, "人": 1e-4, "千人": 0.1, "百万人": 100.0, "10k": 1.0, "persons": 1e-4, "10k_persons": 1.0},
    "avg_wage_cny_year": {"元": 1.0, "万元": 1e4, "千元": 1e3, "yuan": 1.0, "cny": 1.0},
    "output_100m_cny": {"亿元": 1.0, "万元": 1e-4, "元": 1e-8, "万亿元": 1e4, "100m_cny": 1.0},
}

# (suffix, scope, measure) — longest first so that the wage suffixes win over employment ones.
_INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("城镇单位在岗职工平均工资", "urban_units_on_post", "avg_wage_cny_year"),
    ("城镇单位就业人员平均工资", "urban_units", "avg_wage_cny_year"),
    ("城镇非私营单位就业人员平均工资", "urban_units", "avg_wage_cny_year"),
    ("城镇集体单位就业人员平均工资", "collective_units", "avg_wage_cny_year"),
    ("国有单位就业人员平均工资", "state_units", "avg_wage_cny_year"),
    ("其他单位就业人员平均工资", "other_units", "avg_wage_cny_year"),
    ("就业人员平均工资", "urban_units", "avg_wage_cny_year"),
    ("平均工资", "urban_units", "avg_wage_cny_year"),
    ("城镇单位就业人员", "urban_units", "employment_10k"),
    ("城镇非私营单位就业人员", "urban_units", "employment_10k"),
    ("城镇集体单位就业人员", "collective_units", "employment_10k"),
    ("国有单位就业人员", "state_units", "employment_10k"),
    ("其他单位就业人员", "other_units", "employment_10k"),
    ("就业人员数", "all_employed", "employment_10k"),
    ("就业人员", "all_employed", "employment_10k"),
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
    "year": ("year", "年份", "年度", "年", "时间", "period"),
    "value": ("value", "数值", "值", "数据", "obs_value"),
    "measure": ("measure", "指标", "指标名称", "indicator", "variable"),
    "industry": ("industry_label_src", "industry", "industry_name", "行业", "行业名称", "门类"),
    "industry_code": ("section", "industry_code", "code", "行业代码", "门类代码", "division"),
    "region": ("province", "region", "region_name", "地区", "省份", "地区名称", "area"),
    "region_code": ("region_code", "地区代码", "行政区划代码"),
    "unit": ("unit", "单位", "计量单位"),
    "vintage": ("vintage", "版本", "release"),
    "scope": ("scope", "口径"),
}
_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年?\s*$")
_UNIT_IN_NAME = re.compile(r"[(（]([^()（）]*)[)）]\s*$")
_MISSING = {"", "-", "—", "…", "...", "..", "nan", "none", "null", "na", "n/a"}


_UNIT_NOTE = re.compile(r"^\s*(?:计量)?单位\s*[:：]")
_UNIT_IN_NOTE = re.compile(r"(?:计量)?单位\s*[:：]\s*([^\s,，;；、()（）]+)")


def _table_unit(notes: list[str], header: list[str]) -> str | None:
    """The unit a yearbook table states above or in its header ("单位：万人"), else None."""
    for t in [*notes, *header]:
        m = _UNIT_IN_NOTE.search(normalise_text(t))
        if m:
            return m.group(1)
    return None


def _title_indicator(notes: list[str]) -> str | None:
    """The indicator suffix named in a table title ("4-5 按行业分城镇单位就业人员（2019-2021年）")."""
    for n in notes:
        t = re.sub(r"[(（][^()（）]*[)）]", "", normalise_text(n))
        if _UNIT_NOTE.match(t) or re.match(r"^\s*(?:注|数据来源|资料来源|来源)", t):
            continue
        for suffix, _, _ in _INDICATORS:
            if suffix in t and not ("指数" in t and "平均工资" in suffix):
                return suffix
    return None


def _norm(k: Any) -> str:
    return re.sub(r"[\s_]", "", str(k)).lower()


def split_indicator(name: str) -> tuple[str, str, str, str | None] | None:
    """Split "<行业>城镇单位就业人员(万人)" into (industry label, scope, measure, unit or None).

    Returns None when the indicator is not a known measure (e.g. wage indices 指数).
    """
    t = normalise_text(name)
    unit = None
    m = _UNIT_IN_NAME.search(t)
    if m and not re.search(r"上年|=", m.group(1)):
        unit = m.group(1).strip()
        t = t[: m.start()].strip()
    if "指数" in t or "=100" in t:
        return None
    for suffix, scope, measure in _INDICATORS:
        if t.endswith(suffix):
            return t[: -len(suffix)].strip(), scope, measure, unit
    return None


def _measure_of(name: str) -> str | None:
    n = _norm(name)
    for m, names in _MEASURE_NAMES.items():
        if n in {_norm(x) for x in names}:
            return m
    sp = split_indicator(name)
    return sp[2] if sp else None


def _read_grid(path: Path, encoding: str | None) -> list[tuple[int, list[str]]]:
    fmt = sniff_format(path)
    grid: list[tuple[int, list[str]]] = []
    if fmt in ("xlsx", "xls"):
        first = None
        for sheet, rn, row in iter_excel_rows(path):
            if first is None and any(v not in (None, "") for v in row):
                first = sheet
            if sheet != first:
                continue
            grid.append((rn, ["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)).strip() for v in row]))
        return grid
    if fmt not in ("csv", "tsv"):
        raise InputFileError(f"{path}: statistics must be xlsx, xls or csv, not {fmt}; nothing of it was ingested",
                             hint="export the table as csv or xlsx")
    fh, enc = open_text(path, encoding)
    try:
        with fh:
            r = csv.reader(fh, delimiter="\t" if fmt == "tsv" else ",")
            for row in r:
                grid.append((r.line_num, [c.strip() for c in row]))
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path}: cannot be decoded as {enc}; nothing of it was ingested", hint="pass --encoding") from exc
    except csv.Error as exc:
        raise InputFileError(f"{path}: is not valid csv ({exc}); nothing of it was ingested", hint="check quoting") from exc
    return grid


def _to_float(s: str) -> float | None:
    # Thousands separators and footnote markers ("85000*", "1234.5①") are not part of the number.
    t = re.sub(r"\s*[*＊†‡#①②③④⑤⑥⑦⑧⑨⑩]+$", "", s.replace(",", "").replace("，", "").strip())
    return float(t)


def _observations(grid: list[tuple[int, list[str]]], mapping: dict[str, str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Turn a grid into raw observations (dicts) and note lines, whatever the layout."""
    rows = [(ln, r) for ln, r in grid if any(c for c in r)]
    if not rows:
        return [], []
    # The header is the first row with two or more cells that is not a unit line ("表4-5 | 单位：万人").
    hdr_i = next((i for i, (_, r) in enumerate(rows) if sum(1 for c in r if c) >= 2 and not any(_UNIT_NOTE.match(c) for c in r)),
                 next(i for i, (_, r) in enumerate(rows) if sum(1 for c in r if c) >= 2))
    notes = [" ".join(c for c in r if c) for _, r in rows[:hdr_i]]
    hdr_ln, header = rows[hdr_i]
    body = rows[hdr_i + 1:]
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
    obs: list[dict[str, Any]] = []
    if "year" in col and "value" not in col:
        # Long, one column per indicator: "年份,地区,行业,城镇单位就业人员(万人)".
        taken = set(col.values())
        measure_cols = [(j, h) for j, h in enumerate(header) if h and j not in taken and split_indicator(h) is not None]
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
                    _, scope, _, unit = split_indicator(h)  # type: ignore[misc]
                    obs.append({"line": ln, "raw": ",".join(r), "year": get("year"), "value": v, "measure": h,
                                "industry": get("industry"), "industry_code": get("industry_code"), "region": get("region"),
                                "region_code": get("region_code"), "unit": get("unit") or unit or "", "vintage": get("vintage"),
                                "scope": get("scope") or scope})
            return obs, notes
    if "year" in col and "value" in col:  # long
        for ln, r in body:
            get = lambda f: r[col[f]] if f in col and col[f] < len(r) else ""  # noqa: E731
            if len(r) > len(header) and any(r[len(header):]):
                obs.append({"line": ln, "raw": ",".join(r), "error": ("ragged_row", f"{len(r)} fields, header has {len(header)}")})
                continue
            obs.append({"line": ln, "raw": ",".join(r), "year": get("year"), "value": get("value"), "measure": get("measure"),
                        "industry": get("industry"), "industry_code": get("industry_code"), "region": get("region"),
                        "region_code": get("region_code"), "unit": get("unit"), "vintage": get("vintage"), "scope": get("scope")})
        return obs, notes
    years_in_header = [j for j, h in enumerate(header) if _YEAR.match(h)]
    if len(years_in_header) >= max(1, (len([h for h in header if h]) - 1) // 2):  # wide, years as columns
        # Rows are indicators ("指标" first column) or regions (the NBS 分省 export: "地区" first
        # column, one indicator for the whole table, named in a "指标：…" note line).
        by_region = _norm(header[0]) in {_norm(x) for x in LONG_SYNONYMS["region"]}
        table_indicator = mapping.get("indicator") or next(
            (m.group(1).strip() for n in notes if (m := re.search(r"指标[:：]\s*(.+)$", n))), "")
        if by_region and not table_indicator:
            # "分地区城镇单位就业人员（2020-2021年）" above a table of provinces names the indicator.
            table_indicator = _title_indicator(notes) or ""
        table_unit = _table_unit(notes, header)
        # Rows are industries ("行业" first column, a yearbook table): the measure is in the title.
        title_suffix = _title_indicator(notes) if not by_region else None
        by_industry = _norm(header[0]) in {_norm(x) for x in LONG_SYNONYMS["industry"]}
        for ln, r in body:
            name = r[0] if r else ""
            indicator = name
            if title_suffix and name and (by_industry or split_indicator(name) is None):
                # "制造业" under "按行业分城镇单位就业人员" → "制造业城镇单位就业人员"; 合计 stays the total.
                indicator = f"{name}{title_suffix}"
            sp = split_indicator(indicator)
            unit = table_unit if table_unit and (sp is None or sp[3] is None) else None
            vals = [(j, r[j]) for j in years_in_header if j < len(r) and r[j].strip().lower() not in _MISSING]
            if not vals:
                if name:
                    notes.append(" ".join(c for c in r if c))
                continue
            for j, v in vals:
                o = {"line": ln, "raw": f"{name} | {header[j]} | {v}", "year": _YEAR.match(header[j]).group(1), "value": v}
                if by_region:
                    o.update(region=name, measure=table_indicator, indicator=table_indicator)
                else:
                    o.update(measure=indicator, indicator=indicator)
                if unit:
                    o["unit"] = unit
                obs.append(o)
        return obs, notes
    # wide, years as rows (NBS portal export)
    for ln, r in body:
        first = r[0] if r else ""
        ym = _YEAR.match(first)
        if not ym:
            notes.append(" ".join(c for c in r if c))
            continue
        for j in range(1, min(len(r), len(header))):
            v = r[j]
            if not header[j] or v.strip().lower() in _MISSING:
                continue
            obs.append({"line": ln, "raw": f"{first} | {header[j]} | {v}", "year": ym.group(1), "value": v,
                        "measure": header[j], "indicator": header[j]})
    return obs, notes


def _region(name: str, code: str, default: tuple[str, str]) -> tuple[str | None, str]:
    if code and re.fullmatch(r"\d{6}", code):
        return code, name or code
    n = normalise_text(name)
    if n.lower() in NATIONAL_WORDS:
        return (default if not n else (NATIONAL_CODE, n))[0], n or default[1]
    from talentcast.ingest.parsers import region_one

    return region_one(n), n


def _handler(mapping: dict[str, str], encoding: str | None, options: dict[str, Any]):
    status = options.get("status", "official")
    default_region = options.get("region")

    def handle(ctx: FileContext) -> None:
        grid = _read_grid(ctx.path, encoding)
        obs, notes = _observations(grid, mapping)
        if default_region:
            dcode, dname = _region(default_region, "", (NATIONAL_CODE, "全国"))
            if dcode is None:
                raise InputFileError(f"region {default_region!r} is not a GB/T 2260 region", hint="use a province or city name or code")
            dflt = (dcode, dname)
        else:
            dflt = (NATIONAL_CODE, "全国")
        source = ctx.source or ctx.path.parent.name or "statistics"
        vintage_default = options.get("vintage") or ctx.path.parent.name
        good: list[dict[str, Any]] = []
        bad: list[tuple[int, str, str, str]] = []
        for o in obs:
            if "error" in o:
                bad.append((o["line"], o["raw"], *o["error"]))
                continue
            ym = _YEAR.match(str(o["year"]))
            if not ym:
                bad.append((o["line"], o["raw"], "bad_year", f"year {o['year']!r}"))
                continue
            try:
                value = _to_float(str(o["value"]))
            except ValueError:
                if str(o["value"]).strip().lower() in _MISSING:
                    bad.append((o["line"], o["raw"], "missing_required", "value missing"))
                else:
                    bad.append((o["line"], o["raw"], "bad_number", f"value {o['value']!r} is not a number"))
                continue
            unit = o.get("unit") or None
            if "indicator" in o:
                sp = split_indicator(o["indicator"])
                if sp is None:
                    bad.append((o["line"], o["raw"], "unknown_measure", f"indicator {o['indicator']!r} is not employment, average wage or output"))
                    continue
                label, scope, measure, unit_in_name = sp
                unit = unit or unit_in_name
                code_src = ""
            else:
                measure = _measure_of(o.get("measure", ""))
                if measure is None:
                    bad.append((o["line"], o["raw"], "unknown_measure", f"measure {o.get('measure')!r}"))
                    continue
                label, code_src = o.get("industry", ""), o.get("industry_code", "")
                scope = o.get("scope") or "urban_units"
                if not label and not code_src:
                    sp = split_indicator(o.get("measure", ""))
                    label = sp[0] if sp else ""
            if unit is None:
                m_unit = re.search(r"_(10k_persons|yuan|100m_cny|10k)$", o.get("measure") or "")
                unit = m_unit.group(1) if m_unit else MEASURE_UNITS[measure]
            factor = UNIT_FACTORS[measure].get(unit.strip().lower() if unit.isascii() else unit.strip())
            if factor is None:
                bad.append((o["line"], o["raw"], "bad_number", f"unit {unit!r} unknown for {measure}"))
                continue
            hit = ic.map_industry(label, record=True) if label else None
            if hit is None and code_src:
                hit = ic.map_industry(code_src, record=True)
            if hit is None and not label and not code_src:
                hit = (ic.TOTAL, None, "total")
            if hit is None:
                bad.append((o["line"], o["raw"], "industry_unmapped", f"industry {label or code_src!r} not in the GB/T 4754 concordance"))
                continue
            rcode, rname = _region(o.get("region", ""), o.get("region_code", ""), dflt)
            if rcode is None:
                bad.append((o["line"], o["raw"], "region_unmapped", f"region {o.get('region')!r}"))
                continue
            section, division, edition = hit
            level = "total" if section == ic.TOTAL else ("division" if division else "section")
            code = section if level != "division" else division
            good.append({
                "region_code": rcode, "region_name": rname, "industry_code": code, "industry_level": level,
                "industry_name": _name_2017(code, level), "industry_name_src": label or code_src,
                "industry_edition_src": edition, "scope": scope, "measure": measure, "year": int(ym.group(1)),
                "value": value * factor, "unit_src": unit, "status": status, "source": source,
                "vintage": o.get("vintage") or vintage_default, "file": ctx.name, "line": o["line"],
            })
        if bad:
            ctx.quarantine([b[0] for b in bad], [b[1] for b in bad], [b[2] for b in bad], [b[3] for b in bad])
        if good:
            ctx.accept(pd.DataFrame(good))
        if notes:
            ctx.report.__dict__.setdefault("_notes", notes[:20])

    return handle


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
    """Ingest statistics tables (see module docstring); options: status, region, vintage."""
    ic.reset_unmapped()
    rep = ingest_with(lake, "statistics", paths, _handler(dict(mapping or {}), encoding, options), source=source,
                      raise_on_error=raise_on_error)
    un = ic.unmapped_report()
    if len(un):
        rep.extra["unmapped_industries"] = dict(zip(un["label"], un["count"].astype(int)))
    notes = {f.file: f.__dict__.pop("_notes") for f in rep.files if "_notes" in f.__dict__}
    if notes:
        rep.extra["notes"] = notes
    return rep
