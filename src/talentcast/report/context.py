"""Build the report context: pure functions from mart DataFrames + registry to a plain dict.

Nothing here reads files or the clock; the same marts, registry, group, language and year
always give the same context, which is what the templates (HTML, Markdown) and the XLSX
writer render. Tables are carried twice, raw (for XLSX) and formatted for the language (for
HTML and Markdown), so every format shows the same numbers.

Units assumed from docs/architecture.md: ``mart_employment`` values are 万人 (employment_10k);
openings, supply and entrants are persons per year; shares and ratios are fractions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from talentcast.errors import ReportError
from talentcast.report import charts
from talentcast.report.formatting import (
    Messages,
    check_lang,
    fmt_cny_month,
    fmt_emp10k,
    fmt_num,
    fmt_pct,
    fmt_people,
    fmt_people_range,
    fmt_ratio,
)

PROVINCE_ID = "henan-province"
PROVINCE_REGION = "410000"
STATUSES = ("official", "estimated", "synthetic")
# Official employment series were revised from 2013 after the economic census (a level shift).
CENSUS_BREAK_YEAR = 2013

# Columns each mart is expected to carry; missing optional columns are added as empty.
MART_COLUMNS: dict[str, list[str]] = {
    "mart_employment": ["region_code", "industry_code", "industry_level", "year", "kind", "scenario", "mean",
                        "lo_80", "hi_80", "lo_95", "hi_95", "model", "status"],
    "mart_staffing": ["industry_code", "major_class", "share", "prior_share", "n_postings", "n_graduates",
                      "provenance"],
    "mart_vocational_share": ["industry_code", "v", "n_postings", "provenance"],
    "mart_demand": ["group_id", "region_code", "major_class", "year", "scenario", "expansion", "replacement",
                    "openings", "openings_lo_80", "openings_hi_80", "openings_lo_95", "openings_hi_95", "status"],
    "mart_indicators": ["major_class", "region_code", "year", "postings", "postings_unique", "intensity",
                        "salary_cny_month_median", "salary_growth", "share_vocational", "postings_growth"],
    "mart_supply": ["group_id", "major_class", "major_code", "college_code", "year", "entrants", "status",
                    "college_name"],
    "mart_capacity": ["major_code", "major_class", "category", "city", "year", "n_colleges", "colleges", "status",
                      "level", "city_code", "n_programmes"],
    "mart_gap": ["group_id", "major_class", "year", "openings", "supply", "gap_ratio", "rating", "drivers",
                 "flags", "status"],
    "mart_suggestions": ["group_id", "major_class", "action", "rule_id", "evidence", "scenario", "year",
                         "rationale_zh", "rationale_en"],
    "mart_college_eval": ["group_id", "college_code", "college_name", "is_real", "indicator", "value", "rank",
                          "status", "note", "is_member"],
    "mart_flags": ["group_id", "major_class", "flag", "detail", "scenario", "year", "message_zh", "message_en"],
    "mart_backtest": ["model", "horizon", "mase", "smape", "coverage_80", "coverage_95", "n"],
    "sources": ["name", "vintage", "licence", "url", "status", "name_zh", "name_en", "source_id"],
    # Scenario adjustments with their assumptions (talentcast.report.scenarios.scenarios_table).
    "scenarios": ["scenario", "description", "adjustment", "series", "region_code", "industry_code", "years",
                  "rule", "value", "share_of", "assumption", "source"],
}
CODE_COLUMNS = ("group_id", "region_code", "industry_code", "major_class", "major_code", "college_code",
                "category", "city_code")
NUMERIC_COLUMNS = ("year", "mean", "lo_80", "hi_80", "lo_95", "hi_95", "share", "v", "expansion", "replacement",
                   "openings", "openings_lo_80", "openings_hi_80", "openings_lo_95", "openings_hi_95",
                   "postings", "postings_unique", "intensity", "salary_cny_month_median", "salary_growth",
                   "share_vocational", "entrants", "n_colleges", "supply", "gap_ratio", "value", "rank",
                   "horizon", "mase", "smape", "coverage_80", "coverage_95")

# GB/T 4754-2017 divisions by section (the standard's fixed ranges); used when the reference
# package cannot say which section a division belongs to.
_SECTION_RANGES = [("A", 1, 5), ("B", 6, 12), ("C", 13, 43), ("D", 44, 46), ("E", 47, 50), ("F", 51, 52),
                   ("G", 53, 60), ("H", 61, 62), ("I", 63, 65), ("J", 66, 69), ("K", 70, 70), ("L", 71, 72),
                   ("M", 73, 75), ("N", 76, 79), ("O", 80, 82), ("P", 83, 83), ("Q", 84, 85), ("R", 86, 90),
                   ("S", 91, 96), ("T", 97, 97)]


def section_of(industry_code: str) -> str:
    """GB/T 4754-2017 section letter of a section, division, group or class code."""
    code = str(industry_code).strip()
    if code[:1].isalpha():
        return code[:1].upper()
    try:
        div = int(code[:2])
    except ValueError:
        return code
    for sec, a, b in _SECTION_RANGES:
        if a <= div <= b:
            return sec
    return code


# --------------------------------------------------------------------------- inputs


def _code(v: Any) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return pd.NA
    s = str(v).strip()
    if re.fullmatch(r"\d+\.0", s):
        s = s[:-2]
    return s


def normalise_mart(name: str, df: pd.DataFrame | None) -> pd.DataFrame:
    """Return ``df`` with every documented column present, codes as strings, numbers as floats.

    Missing optional columns are added empty, so a mart written by an older stage still renders.
    """
    cols = MART_COLUMNS.get(name, [])
    if df is not None and df.attrs.get("talentcast_normalised"):
        return df  # already normalised (render_reports does it once for all reports)
    out = pd.DataFrame(columns=cols) if df is None else df.copy()
    for c in cols:
        if c not in out.columns:
            out[c] = pd.NA
    for c in CODE_COLUMNS:
        if c in out.columns:
            out[c] = _codes(out[c])
    for c in NUMERIC_COLUMNS:
        if c in out.columns:
            # float64 (NaN for missing), never nullable Int64/Float64 whose NA breaks `if x` tests
            out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    for c in ("kind", "scenario", "status", "rating", "drivers", "flags", "action", "indicator", "flag",
              "detail", "evidence", "rule_id", "model", "industry_level", "provenance", "colleges",
              "college_name", "city", "name", "vintage", "licence", "url", "rationale_zh", "rationale_en",
              "message_zh", "message_en", "note", "level", "name_zh", "name_en", "source_id", "description",
              "series", "years", "rule", "share_of", "assumption", "source"):
        if c in out.columns:
            out[c] = out[c].astype("object").where(out[c].notna(), None)
    out.attrs["talentcast_normalised"] = True
    return out


def normalise_marts(marts: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Normalise every known mart once (see :func:`normalise_mart`); other entries pass through."""
    return {**dict(marts), **{k: normalise_mart(k, marts.get(k)) for k in MART_COLUMNS}}


def _codes(col: pd.Series) -> pd.Series:
    """Codes as stripped strings ("4601", not 4601 or "4601.0"); missing stays missing (pd.NA)."""
    out = pd.Series(pd.NA, index=col.index, dtype="object")
    mask = col.notna()
    if mask.any():
        txt = col[mask].astype(str).str.strip().str.replace(r"^(\d+)\.0$", r"\1", regex=True)
        out[mask] = txt.to_numpy(dtype=object)
    return out


@dataclass(frozen=True)
class Group:
    """A vocational education group as the report needs it."""

    id: str
    name_zh: str
    lead_institution: str = ""
    lead_evidence: str = ""
    host_institution: str = ""
    classes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    members: tuple[tuple[str, str], ...] = ()  # (college_code, name)


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _member(m: Any) -> tuple[str, str]:
    if isinstance(m, str):
        return (m, m)
    code = next((str(_get(m, k)) for k in ("code", "college_code", "moe_code") if _get(m, k)), "")
    name = next((str(_get(m, k)) for k in ("name", "college_name", "name_zh") if _get(m, k)), code)
    return (code, name)


def groups_from_registry(registry: Any) -> list[Group]:
    """Adapt the registry (object with ``.groups``, a mapping id → group, or a list) to Groups."""
    groups = _get(registry, "groups", registry)
    items: Iterable[Any]
    if isinstance(groups, Mapping):
        items = [g if _get(g, "id") else {**dict(g), "id": k} for k, g in groups.items()]
    else:
        items = list(groups or [])
    out = []
    for g in items:
        gid = str(_get(g, "id", "") or "")
        if not gid:
            raise ReportError(f"registry entry without an id: {g!r}", hint="give every group an id in the registry")
        lead = _get(g, "lead_institution") or ""
        out.append(Group(
            id=gid,
            name_zh=str(_get(g, "name_zh", "") or gid),
            lead_institution=str(lead) if lead and not (isinstance(lead, float) and math.isnan(lead)) else "",
            lead_evidence=str(_get(g, "lead_evidence", "") or ""),
            host_institution=str(_get(g, "host_institution", "") or ""),
            classes=tuple(str(c) for c in (_get(g, "classes") or ())),
            categories=tuple(str(c) for c in (_get(g, "categories") or ())),
            members=tuple(_member(m) for m in (_get(g, "members") or ())),
        ))
    return out


@dataclass(frozen=True)
class Names:
    """Code → name lookups for majors (category/class/major) and industries."""

    majors: Mapping[str, str] = field(default_factory=dict)
    industries: Mapping[str, str] = field(default_factory=dict)

    def major(self, code: Any) -> str:
        return self.majors.get(str(code), str(code))

    def industry(self, code: Any) -> str:
        return self.industries.get(str(code), str(code))


def default_names() -> Names:
    """Names from talentcast.reference when it is available; codes stand in for names otherwise."""
    try:  # the reference package is optional for rendering: a missing name shows its code
        from talentcast import reference  # noqa: PLC0415

        return Names(_names_of(reference.majors()), _names_of(reference.industries()))
    except Exception:  # noqa: BLE001 - any failure means "no names", never a failed report
        return Names()


def _names_of(table: Any) -> dict[str, str]:
    """code -> name from a reference Classification (iterable of Code), a mapping or a frame."""
    out: dict[str, str] = {}
    if isinstance(table, pd.DataFrame):
        col = "name" if "name" in table.columns else "name_zh"
        return dict(zip(table["code"].astype(str), table[col].astype(str)))
    items = table.values() if isinstance(table, Mapping) else table
    for entry in items:
        code, name = _get(entry, "code"), _get(entry, "name") or _get(entry, "name_zh")
        if code is not None and name:
            out[str(code)] = str(name)
    return out


# --------------------------------------------------------------------------- tables

GAP_RATIO_FLOOR = -5.0
KINDS = ("text", "code", "people", "people_range", "pct", "signed_pct", "gap_ratio", "emp10k", "num", "cny", "ratio", "year",
         "colleges", "status")


def _fmt(kind: str, v: Any, lang: str, m: Messages) -> Any:
    if kind == "people":
        return fmt_people(v, lang, unit=False)
    if kind == "people_range":
        return fmt_people_range(v[0], v[1], lang) if v else "—"
    if kind in ("pct_rank", "num_rank"):  # (value, rank within the group)
        value, rank = v if v else (None, None)
        text = fmt_pct(value, lang) if kind == "pct_rank" else fmt_num(value, lang)
        return text if _missing(rank) or text == "—" else f"{text} ({int(rank)})"
    if kind == "pct":
        return fmt_pct(v, lang)
    if kind == "signed_pct":
        return fmt_pct(v, lang, signed=True)
    if kind == "gap_ratio":
        # (openings − supply) / openings runs to −4,000 % where openings are tiny; beyond
        # −500 % the figure says nothing more (the workbook keeps the exact value).
        return "< −500%" if not _missing(v) and float(v) < GAP_RATIO_FLOOR else fmt_pct(v, lang, signed=True)
    if kind == "emp10k":  # tables give the unit (万人) in the caption, cells carry the number only
        return fmt_num(v, lang, digits=1)
    if kind == "num":
        return fmt_num(v, lang)
    if kind == "cny":
        return fmt_cny_month(v, lang)
    if kind == "ratio":
        return fmt_ratio(v, lang)
    if kind == "year":
        return "—" if _missing(v) else str(int(v))
    if kind == "colleges":  # list of (name, is_lead): kept structured for highlighting
        return list(v or [])
    if kind == "status":
        return " / ".join(m(f"status.{s}") for s in (v or [])) or "—"
    return "—" if _missing(v) else str(v)


def _missing(v: Any) -> bool:
    if v is None or v is pd.NA:
        return True
    try:
        return bool(isinstance(v, float) and math.isnan(v))
    except TypeError:
        return False


def make_table(tid: str, title: str, columns: list[tuple[str, str]], rows: list[list[Any]], *,
               statuses: Iterable[str], m: Messages, note: str = "", unit: str = "") -> dict[str, Any]:
    """A report table: labels, raw rows (XLSX) and formatted rows (HTML, Markdown).

    Args:
        tid: Stable id (anchor, XLSX sheet name stem).
        columns: (label, kind) pairs; kind picks the formatter and the XLSX number format.
        rows: Raw values, one list per row.
        statuses: Which of official/estimated/synthetic the numbers are; shown under the table.
    """
    kinds = [k for _, k in columns]
    st = [s for s in STATUSES if s in set(statuses)]
    fmt_rows = [[_fmt(k, v, m.lang, m) for k, v in zip(kinds, r)] for r in rows]
    return {
        "id": tid, "title": title, "columns": [c for c, _ in columns], "kinds": kinds,
        "numeric": [k not in ("text", "code", "colleges", "status", "year") for k in kinds],
        "wide": len(columns) > 9,
        "rows": rows, "fmt_rows": fmt_rows, "statuses": st,
        "status_text": m("status.caption", which=" / ".join(m(f"status.{s}") for s in st)) if st else "",
        "note": note, "unit": unit, "empty": not rows,
    }


# --------------------------------------------------------------------------- scope helpers


def _statuses(series: pd.Series, default: str = "estimated") -> set[str]:
    vals = {str(s) for s in series.dropna().unique() if str(s) in STATUSES}
    return vals or ({default} if len(series) else set())


def _split(s: Any) -> list[str]:
    if _missing(s) or s is None:
        return []
    if isinstance(s, (list, tuple)):
        return [str(x).strip() for x in s if str(x).strip()]
    return [x.strip() for x in re.split(r"[;；,，、|]", str(s)) if x.strip()]


# Summary order of suggested actions; actions not listed follow alphabetically, none is dropped.
ACTION_ORDER = ("establish", "expand", "maintain", "improve_retention", "improve_suitability", "monitor",
                "reduce_or_merge", "reduce", "merge", "review_membership")


_KEY_RE = re.compile(r"\b(strong_shortage|moderate_shortage|moderate_surplus|strong_surplus)\b")
_DRIVERS_RE = re.compile(r"(drivers?: ?)([a-z_]+(?:\s*[;,]\s*[a-z_]+)*)")


def _readable_evidence(text: Any, m: Messages) -> Any:
    """Rule evidence as a reader sees it: rating and driver keys replaced by their labels.

    The rules write machine keys into their English evidence ("rated strong_shortage; drivers:
    training;retention"); the report shows the same labels as its tables. Unknown keys stay.
    """
    if _missing(text) or not isinstance(text, str):
        return text
    out = _KEY_RE.sub(lambda mo: m.get(f"rating.{mo.group(1)}", mo.group(1)), text)
    sep = m.get("punct.list", ", ")

    def drivers(mo: re.Match[str]) -> str:
        keys = [k.strip() for k in re.split(r"[;,]", mo.group(2)) if k.strip()]
        return mo.group(1) + sep.join(m.get(f"driver.{k}", k) for k in keys)

    return _DRIVERS_RE.sub(drivers, out)


def _norm_rating(r: Any) -> str:
    return re.sub(r"[\s-]+", "_", str(r).strip().lower()) if not _missing(r) and r else "unknown"


def pick_year(marts: Mapping[str, pd.DataFrame], year: int | None) -> int:
    """The report's target year: ``year`` if given, else the first forecast year in the marts."""
    if year is not None:
        return int(year)
    for name, col in (("mart_demand", "year"), ("mart_gap", "year"), ("mart_supply", "year")):
        df = marts.get(name)
        if df is not None and len(df) and col in df.columns:
            ys = pd.to_numeric(df[col], errors="coerce").dropna()
            if len(ys):
                return int(ys.min())
    raise ReportError("cannot tell the report year: the marts hold no forecast years",
                      hint="run `talentcast forecast` first, or pass --year")


def _group_filter(df: pd.DataFrame, gids: list[str] | None) -> pd.DataFrame:
    if gids is None or "group_id" not in df.columns:
        return df
    return df[df["group_id"].isin(gids)]


def _class_scope(df: pd.DataFrame, classes: Iterable[str]) -> pd.DataFrame:
    """Keep the group's registered major classes (plus group-wide rows without a class).

    The marts may give a group every class of its category (装备制造 46 is split between two
    groups, and both get all seven 46xx classes); the cover lists the registered classes, so the
    tables must not add the other group's classes to this group's totals.
    """
    keep = {str(c) for c in classes}
    if not keep or "major_class" not in df.columns or df.empty:
        return df
    mc = df["major_class"]
    return df[mc.astype(str).isin(keep) | mc.isna() | (mc.astype(str) == "")]


def _province_dedupe(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Province scope: a major class may appear under two groups (装备制造 is split); count it once."""
    if df.empty:
        return df
    return df.drop_duplicates(subset=[k for k in keys if k in df.columns], keep="first")


def _baseline(df: pd.DataFrame) -> pd.DataFrame:
    """Baseline scenario rows (rows without a scenario count as baseline)."""
    if "scenario" not in df.columns:
        return df
    return df[df["scenario"].isna() | (df["scenario"] == "baseline")]


def _region(df: pd.DataFrame) -> pd.DataFrame:
    """Province-level rows: region 410000 when present, else every region as given."""
    if "region_code" in df.columns and (df["region_code"] == PROVINCE_REGION).any():
        return df[df["region_code"] == PROVINCE_REGION]
    return df


# --------------------------------------------------------------------------- the context


def build_context(marts: Mapping[str, pd.DataFrame], registry: Any, group_id: str | None, lang: str = "zh",
                  year: int | None = None, names: Names | None = None) -> dict[str, Any]:
    """Everything a report shows, for one group (or the province when ``group_id`` is None).

    Args:
        marts: Mart name → DataFrame (docs/architecture.md); absent marts render as "no data".
        registry: The group registry (talentcast.reference.load_registry() or an equivalent).
        group_id: A registry id, or None for the province-wide report over all groups.
        lang: "zh" (default) or "en".
        year: Target year; default the first forecast year in the marts.
        names: Code → name lookups; default from talentcast.reference.

    Returns:
        A dict of plain values (str, numbers, lists, dicts); see the templates for its use.

    Raises:
        ReportError: unknown group id, unsupported language, or no year to report on.
    """
    check_lang(lang)
    m = Messages(lang)
    names = names or default_names()
    mk = {k: normalise_mart(k, marts.get(k)) for k in MART_COLUMNS}
    groups = groups_from_registry(registry)
    by_id = {g.id: g for g in groups}
    if group_id is not None and group_id not in by_id:
        raise ReportError(f"group {group_id!r} is not in the registry",
                          hint=f"known groups: {', '.join(sorted(by_id)) or '(none)'}")
    Y = pick_year(mk, year)
    group = by_id.get(group_id) if group_id else None
    province = group is None
    gids = None if province else [group.id]

    def cname(code: str) -> str:
        return names.major(code)

    # Scope the marts.
    scope = group.classes if group else ()
    demand = _class_scope(_baseline(_region(_group_filter(mk["mart_demand"], gids))), scope)
    gap = _class_scope(_baseline(_region(_group_filter(mk["mart_gap"], gids))), scope)
    supply = _class_scope(_group_filter(mk["mart_supply"], gids), scope)
    sugg = _class_scope(_baseline(_group_filter(mk["mart_suggestions"], gids)), scope)
    if sugg["year"].notna().any():  # one suggestion per class for the target year when the mart is yearly
        sugg = sugg[(sugg["year"] == Y) | sugg["year"].isna()] if (sugg["year"] == Y).any() else sugg
    sugg = sugg.drop_duplicates(subset=["group_id", "major_class", "action", "rule_id"])
    ev_col = f"rationale_{lang}"
    sugg = sugg.assign(evidence=sugg[ev_col].where(sugg[ev_col].notna(), sugg["evidence"]).map(
        lambda t: _readable_evidence(t, m)))
    fl_all = _baseline(mk["mart_flags"])
    # Group-less flags (region scope: "no employment history") concern every report.
    flags = fl_all if province else fl_all[fl_all["group_id"].isin(gids) | fl_all["group_id"].isna()
                                           | (fl_all["group_id"] == "")]
    msg_col = f"message_{lang}"
    flags = flags.assign(detail=flags[msg_col].where(flags[msg_col].notna(), flags["detail"]))
    flags = _class_scope(flags.drop_duplicates(subset=["major_class", "flag"], keep="first"), scope)
    ceval = _group_filter(mk["mart_college_eval"], gids)
    if province:
        demand = _province_dedupe(demand, ["major_class", "year"])
        gap = _province_dedupe(gap, ["major_class", "year"])
        sugg = _province_dedupe(sugg, ["major_class", "action", "rule_id"])
        ceval = _province_dedupe(ceval, ["college_code", "indicator"])
    classes = sorted(set(group.classes) if group else set()) if not province else []
    classes = sorted(set(classes) | set(demand["major_class"].dropna()) | set(gap["major_class"].dropna()))

    emp = _baseline(_region(mk["mart_employment"]))
    sections = _group_sections(mk, classes, emp, province)
    emp_sections = emp[emp["industry_code"].isin(sections)]
    hist_status = _statuses(emp_sections[emp_sections["kind"] == "history"]["status"], "official")
    model_status = ({"estimated"} | ({"synthetic"} if "synthetic" in hist_status else set())
                    | _statuses(demand["status"], "estimated"))
    supply_status = _statuses(supply["status"], "estimated")
    any_synthetic = ("synthetic" in hist_status or "synthetic" in supply_status
                     or (ceval["is_real"].astype(str).str.lower().isin(["false", "0"]).any() if len(ceval) else False)
                     or bool((mk["sources"]["status"] == "synthetic").any()))

    title_name = m("cover.province_name") if province else group.name_zh
    tables: dict[str, dict[str, Any]] = {}

    def add(t: dict[str, Any]) -> dict[str, Any]:
        tables[t["id"]] = t
        return t

    # ---- sources
    src = mk["sources"]
    add(make_table("sources", m("sources.table"), [
        (m("col.source"), "text"), (m("col.vintage"), "text"), (m("col.licence"), "text"), (m("col.url"), "text"),
        (m("col.status"), "status")],
        [[r[f"name_{lang}"] or r["name"] or r["name_zh"] or r["source_id"], r["vintage"], r["licence"], r["url"],
          [r["status"]] if r["status"] in STATUSES else []]
         for _, r in src.iterrows()], statuses=_statuses(src["status"]), m=m))

    # ---- industries
    emp_all = _region(mk["mart_employment"])
    plans = sorted({str(x) for x in emp_all["scenario"].dropna()} - {"baseline"})
    plan_label = {p: m("scenario.label_single") if len(plans) == 1 else m("scenario.label", name=p) for p in plans}
    plan_emp = _plan_paths(emp_all, plans)
    industry = _industry_section(emp, sections, Y, names, m, add, province, plan_emp, plan_label)
    scenario = _scenario_section(plan_emp, plans, plan_label, mk["scenarios"], Y, names, m, add)

    # ---- demand
    dY = demand[demand["year"] == Y].groupby("major_class", as_index=False).sum(numeric_only=True, min_count=1)
    dH = demand[demand["year"] >= Y]
    cum = dH.groupby("major_class")["openings"].sum()
    years_h = sorted(int(y) for y in dH["year"].dropna().unique())
    demand_rows = []
    for _, r in dY.sort_values("openings", ascending=False).iterrows():
        c = r["major_class"]
        demand_rows.append([c, cname(c), r["expansion"], r["replacement"], r["openings"],
                            (r["openings_lo_80"], r["openings_hi_80"]), (r["openings_lo_95"], r["openings_hi_95"]),
                            cum.get(c)])
    h_label = f"{years_h[0]}–{years_h[-1]}" if years_h else str(Y)
    add(make_table("demand", m("demand.table", year=Y), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.expansion"), "people"),
        (m("col.replacement"), "people"), (m("col.openings"), "people"), (m("col.interval80"), "people_range"),
        (m("col.interval95"), "people_range"), (m("col.cumulative", span=h_label), "people")],
        demand_rows, statuses=model_status, m=m, unit=m("unit.people_year")))
    tot_year = demand.groupby("year", as_index=False).sum(numeric_only=True, min_count=1).sort_values("year")
    add(make_table("demand_by_year", m("demand.by_year_table"), [
        (m("col.year"), "year"), (m("col.expansion"), "people"), (m("col.replacement"), "people"),
        (m("col.openings"), "people"), (m("col.interval80"), "people_range")],
        [[r["year"], r["expansion"], r["replacement"], r["openings"], (r["openings_lo_80"], r["openings_hi_80"])]
         for _, r in tot_year.iterrows()], statuses=model_status, m=m, unit=m("unit.people_year"),
        note=m("demand.sum_note")))
    totY = dY[["expansion", "replacement", "openings", "openings_lo_80", "openings_hi_80"]].sum(min_count=1) if len(dY) else None
    rep_share = _rep_share(totY["expansion"], totY["replacement"]) if totY is not None else None
    er_rows = []
    for _, r in dY.sort_values("openings", ascending=False).iterrows():
        er_rows.append([r["major_class"], cname(r["major_class"]), r["expansion"], r["replacement"],
                        _rep_share(r["expansion"], r["replacement"])])
    add(make_table("expansion_replacement", m("er.table", year=Y), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.expansion"), "people"),
        (m("col.replacement"), "people"), (m("col.replacement_share"), "pct")], er_rows, statuses=model_status, m=m))
    chart_labels = _chart_labels(m)
    demand_chart = charts.stacked_bars(
        [(f"{cname(r[0])}", float(r[2] or 0), float(r[3] or 0)) for r in demand_rows[:15]],
        title=m("er.chart", year=Y), labels=(m("col.expansion"), m("col.replacement")), empty=m("common.no_data"))
    # Plan scenarios beside the baseline: openings per class where a plan changes them.
    demand_all = _class_scope(_region(_group_filter(mk["mart_demand"], gids)), scope)
    demand_plan_rows, plan_trend = [], []
    for p in plans:
        dp = demand_all[demand_all["scenario"] == p]
        if province:
            dp = _province_dedupe(dp, ["major_class", "year"])
        dpH = dp[dp["year"] >= Y]
        if dpH.empty:
            continue
        cum_p = dpH.groupby("major_class")["openings"].sum()
        by_year_p = dpH.groupby("year")["openings"].sum(min_count=1)
        if (by_year_p.reindex(tot_year["year"]).round().to_numpy() != tot_year["openings"].round().to_numpy()).any():
            plan_trend.append((plan_label[p], [(int(y), float(v)) for y, v in by_year_p.items() if not _missing(v)]))
        for c in sorted(set(cum.index) | set(cum_p.index)):
            b, q = cum.get(c), cum_p.get(c)
            if _missing(b) or _missing(q) or round(float(b)) == round(float(q)):
                continue  # only where the plan changes the class's openings
            diff_years = [int(y) for y, v in dpH[dpH["major_class"] == c].groupby("year")["openings"].sum().items()
                          if round(float(v)) != round(float(dH[(dH["major_class"] == c) & (dH["year"] == y)]["openings"].sum()))]
            demand_plan_rows.append(([plan_label[p]] if len(plans) > 1 else []) + [
                c, cname(c), b, q, q - b, (q - b) / b if b else None,
                f"{min(diff_years)}–{max(diff_years)}" if len(diff_years) > 1 else (str(diff_years[0]) if diff_years else "—")])
    demand_plan_rows.sort(key=lambda r: -abs(r[-3] or 0))
    (add if plans else (lambda t: t))(make_table("demand_scenario", m("scenario.demand_table", span=h_label), (
        [(m("col.scenario"), "text")] if len(plans) > 1 else []) + [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.baseline"), "people"),
        (m("col.plan"), "people"), (m("col.plan_diff"), "people"), (m("col.plan_diff_pct"), "signed_pct"),
        (m("col.plan_years"), "text")], demand_plan_rows, statuses=model_status if demand_plan_rows else set(), m=m,
        unit=m("unit.people_cum", span=h_label),
        note=m("scenario.demand_note") if demand_plan_rows else (m("scenario.demand_same") if plans else "")))
    demand_trend_chart = charts.line_chart(
        [], [charts.ForecastPoint(int(r["year"]), float(r["openings"]), _f(r["openings_lo_80"]),
                                  _f(r["openings_hi_80"]), _f(r["openings_lo_95"]), _f(r["openings_hi_95"]))
             for _, r in tot_year.iterrows() if not _missing(r["openings"])],
        title=m("demand.trend_chart"), unit=m("unit.people_year"), legend=chart_labels, empty=m("common.no_data"),
        scenarios=plan_trend)

    # ---- supply and capacity (布点)
    supply_section = _supply_section(supply, mk["mart_capacity"], group, classes, Y, names, m, add, supply_status,
                                     province, groups)

    # ---- gap
    gY = gap[gap["year"] == Y].copy()
    gY["rating_n"] = gY["rating"].map(_norm_rating)
    gap_rows = []
    for _, r in gY.sort_values("gap_ratio", ascending=False).iterrows():
        gap_rows.append([r["major_class"], cname(r["major_class"]), r["openings"], r["supply"], r["gap_ratio"],
                         m.get(f"rating.{r['rating_n']}", str(r["rating"] or "—")),
                         "、".join(_drivers(r["drivers"], m)) if lang == "zh" else ", ".join(_drivers(r["drivers"], m)),
                         ", ".join(m.get(f"flag.{f}", f) for f in _split(r["flags"]))])
    gap_status = model_status | supply_status | _statuses(gap["status"], "estimated")
    add(make_table("gap", m("gap.table", year=Y), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.openings"), "people"),
        (m("col.supply"), "people"), (m("col.gap_ratio"), "gap_ratio"), (m("col.rating"), "text"),
        (m("col.drivers"), "text"), (m("col.flags"), "text")], gap_rows, statuses=gap_status, m=m,
        note=m("gap.note")))
    gap_title = (m("gap.chart", year=Y) if len(gap_rows) <= 20
                 else m("gap.chart_top", year=Y, n=20, total=len(gap_rows)))
    gap_chart = charts.gap_bars([(cname(r[0]), _f(r[4]), r[5]) for r in gap_rows[:20]], title=gap_title,
                                axis=(m("gap.axis_surplus"), m("gap.axis_shortage")), empty=m("common.no_data"))

    # ---- shortage list
    short = gY[gY["rating_n"].str.contains("shortage")].sort_values("gap_ratio", ascending=False)
    ev_by_class = {r["major_class"]: r["evidence"] for _, r in sugg.iterrows() if r["evidence"]}
    short_rows = [[i + 1, r["major_class"], cname(r["major_class"]), m.get(f"rating.{r['rating_n']}", str(r["rating"])),
                   r["gap_ratio"], r["openings"], ("、" if lang == "zh" else ", ").join(_drivers(r["drivers"], m)) or "—",
                   ev_by_class.get(r["major_class"], "—")]
                  for i, (_, r) in enumerate(short.iterrows())]
    add(make_table("shortage", m("shortage.table", year=Y), [
        (m("col.rank"), "num"), (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.rating"), "text"),
        (m("col.gap_ratio"), "gap_ratio"), (m("col.openings"), "people"), (m("col.drivers"), "text"),
        (m("col.evidence"), "text")], short_rows, statuses=gap_status, m=m))

    # ---- indicators (recent conditions)
    ind = _region(mk["mart_indicators"])
    ind = ind[ind["major_class"].isin(classes)] if classes else ind.iloc[0:0]
    ind_last = ind.sort_values("year").groupby("major_class").tail(1).set_index("major_class")
    # The province appendix shows the latest year only (all years stay in the group reports).
    ind_table = ind.sort_values("year").groupby("major_class").tail(1) if province else ind
    ind_first = ind.sort_values("year").groupby("major_class").head(1).set_index("major_class")
    add(make_table("indicators", m("appendix.indicators"), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.year"), "year"),
        (m("col.postings"), "num"), (m("col.postings_unique"), "num"), (m("col.intensity"), "ratio"),
        (m("col.salary"), "cny"), (m("col.salary_growth"), "signed_pct"), (m("col.share_vocational"), "pct")],
        [[r["major_class"], cname(r["major_class"]), r["year"], r["postings"], r["postings_unique"], r["intensity"],
          r["salary_cny_month_median"], r["salary_growth"], r["share_vocational"]]
         for _, r in ind_table.sort_values(["major_class", "year"]).iterrows()],
        statuses=_statuses(ind.get("status", pd.Series(["estimated"] * len(ind), dtype=object))), m=m,
        note="" if len(ind_table) else m("appendix.indicators_empty")))

    # ---- outlook cards
    card_classes = classes if not province else [r[0] for r in demand_rows[:12]]
    cards = [_card(c, cname, dY, cum, gY, ind_last, ind_first, sugg, flags, supply_section["capacity_by_class"],
                   supply_section["majors_by_class"], names, m, Y, h_label) for c in card_classes]

    # ---- member-college evaluation
    ceval_section = _college_eval(ceval, m, add, lead=group.lead_institution if group else "")

    # ---- suggestions
    sugg_rows = [[r["major_class"], cname(r["major_class"]), m.get(f"action.{_norm_rating(r['action'])}", str(r["action"])),
                  r["rule_id"], r["evidence"]] for _, r in sugg.sort_values(["action", "major_class"]).iterrows()]
    add(make_table("suggestions", m("suggest.table"), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.action"), "text"),
        (m("col.rule"), "code"), (m("col.evidence"), "text")], sugg_rows, statuses=gap_status, m=m))
    actions = []
    present = [a for a in dict.fromkeys(sugg["action"].map(_norm_rating)) if a != "unknown"]
    order = [a for a in ACTION_ORDER if a in present] + sorted(a for a in present if a not in ACTION_ORDER)
    for act in order:
        sel = sugg[sugg["action"].map(_norm_rating) == act]
        if len(sel):
            actions.append({"label": m.get(f"action.{act}", act),
                            "items": [f"{cname(c)}（{c}）" if lang == "zh" else f"{cname(c)} ({c})"
                                      for c in sel["major_class"]]})

    # ---- backtest
    bt = mk["mart_backtest"]
    bt = bt[bt["horizon"].notna()]
    naive = {int(r["horizon"]): r["mase"] for _, r in bt[bt["model"] == "naive"].iterrows()}

    def rel(r: pd.Series) -> float | None:
        base = naive.get(int(r["horizon"]))
        return float(r["mase"] / base) if base and not _missing(r["mase"]) else None

    bt_rows = [[r["model"], r["horizon"], r["mase"], r["smape"] / 100 if not _missing(r["smape"]) else None,
                r["coverage_80"], r["coverage_95"], rel(r), r["n"]]
               for _, r in bt.sort_values(["horizon", "model"]).iterrows()]
    add(make_table("backtest", m("method.backtest_table"), [
        (m("col.model"), "text"), (m("col.horizon"), "num"), (m("col.mase"), "ratio"), (m("col.smape"), "pct"),
        (m("col.coverage80"), "pct"), (m("col.coverage95"), "pct"), (m("col.rel_mase"), "ratio"),
        (m("col.n_series"), "num")],
        bt_rows, statuses={"estimated"} if len(bt) else set(), m=m, note=m("method.backtest_note")))
    # The summary speaks for the production model: "ensemble" when present, else the model with
    # the lowest mean relative MASE.
    models = sorted({r[0] for r in bt_rows if r[0] != "naive" and r[6] is not None})
    chosen = "ensemble" if "ensemble" in models else min(
        models, key=lambda mo: sum(r[6] for r in bt_rows if r[0] == mo) / sum(1 for r in bt_rows if r[0] == mo),
        default=None)
    parts = []
    for r in (r for r in bt_rows if r[0] == chosen):
        key = "method.backtest_better" if r[6] < 1 else "method.backtest_worse"
        parts.append(m(key, h=int(r[1]), pct=fmt_pct(abs(1 - r[6]), lang)))
    backtest_summary = (m("method.backtest_summary", model=chosen, text=("；" if lang == "zh" else "; ").join(parts))
                        if parts else m("method.backtest_none"))

    # ---- flags / caveats
    flag_rows = [[r["major_class"], cname(r["major_class"]) if not _missing(r["major_class"]) and r["major_class"] else "—",
                  m.get(f"flag.{r['flag']}", str(r["flag"])), r["detail"] or ""] for _, r in flags.iterrows()]
    add(make_table("flags", m("caveats.table"), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.flag"), "text"),
        (m("col.detail"), "text")], flag_rows, statuses=gap_status if flag_rows else set(), m=m))

    # ---- province: group overview
    overview = None
    if province:
        rows = []
        for g in groups:
            d = _class_scope(_baseline(_region(mk["mart_demand"][mk["mart_demand"]["group_id"] == g.id])), g.classes)
            d = d[d["year"] == Y]
            gg = _class_scope(_baseline(_region(mk["mart_gap"][mk["mart_gap"]["group_id"] == g.id])), g.classes)
            gg = gg[gg["year"] == Y]
            op = d["openings"].sum() if len(d) else None
            sp = gg["supply"].sum() if len(gg) else None
            ratio = (op - sp) / op if op and sp is not None else None
            n_short = int(gg["rating"].map(_norm_rating).str.contains("shortage").sum()) if len(gg) else 0
            rows.append([g.id, g.name_zh, _lead_text(g, m), len(g.classes), op, sp,
                         ratio, n_short])
        overview = add(make_table("groups", m("province.groups_table", year=Y), [
            (m("col.group_id"), "code"), (m("col.group"), "text"), (m("col.lead"), "text"),
            (m("col.n_classes"), "num"), (m("col.openings"), "people"), (m("col.supply"), "people"),
            (m("col.gap_ratio"), "gap_ratio"), (m("col.n_shortage"), "num")], rows, statuses=gap_status, m=m))

    # ---- staffing appendix
    st = mk["mart_staffing"]
    st = st[st["major_class"].isin(classes)] if classes else st.iloc[0:0]
    st = st[st["share"].fillna(0) >= 0.0005]  # a 0.0% row among "the largest shares" only confuses
    st = st.sort_values(["major_class", "share"], ascending=[True, False]).groupby("major_class").head(3 if province else 5)
    add(make_table("staffing", m("appendix.staffing"), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.industry_code"), "code"),
        (m("col.industry"), "text"), (m("col.share"), "pct"), (m("col.n_postings"), "num"),
        (m("col.n_graduates"), "num"), (m("col.provenance"), "text")],
        [[r["major_class"], cname(r["major_class"]), r["industry_code"], names.industry(r["industry_code"]), r["share"],
          r["n_postings"], r["n_graduates"], r["provenance"]] for _, r in st.iterrows()],
        statuses={"estimated"} if len(st) else set(), m=m, note=m("appendix.staffing_note") if len(st) else ""))

    # ---- executive summary
    short_names = [cname(r[1]) for r in short_rows[:3]]
    bullets = []
    if totY is not None:
        bullets.append(m("summary.openings", year=Y, n=fmt_people(totY["openings"], lang, unit=lang == "zh"),
                         lo=fmt_people(totY["openings_lo_80"], lang, unit=False),
                         hi=fmt_people(totY["openings_hi_80"], lang, unit=False),
                         rep=fmt_pct(rep_share, lang)))
        if years_h:
            bullets.append(m("summary.cumulative", span=h_label,
                                 n=fmt_people(dH["openings"].sum(), lang, unit=lang == "zh")))
    else:
        bullets.append(m("summary.no_demand", year=Y))
    if len(gY):
        op_sum, sp_sum = gY["openings"].sum(), gY["supply"].sum()
        bullets.append(m("summary.gap", year=Y, supply=fmt_people(sp_sum, lang, unit=lang == "zh"),
                         ratio=fmt_pct((op_sum - sp_sum) / op_sum if op_sum else None, lang, signed=True)))
        bullets.append(m("summary.shortage_one" if len(short_rows) == 1 else "summary.shortage",
                         n=len(short_rows), names=("、" if lang == "zh" else ", ").join(short_names))
                       if short_rows else m("summary.no_shortage"))
    if industry["headline"]:
        bullets.append(industry["headline"])
    if actions:
        bullets.append(m("summary.actions", text=("；" if lang == "zh" else "; ").join(
            f"{a['label']} {len(a['items'])}" for a in actions)))
    key_figures = [
        {"label": m("summary.kf_openings", year=Y), "value": fmt_people(totY["openings"], lang) if totY is not None else "—"},
        {"label": m("summary.kf_replacement"), "value": fmt_pct(rep_share, lang)},
        {"label": m("summary.kf_supply", year=Y), "value": fmt_people(gY["supply"].sum(), lang) if len(gY) else "—"},
        {"label": m("summary.kf_shortage"), "value": str(len(short_rows))},
    ]

    file_id = PROVINCE_ID if province else group.id
    return {
        "lang": lang, "html_lang": "zh-CN" if lang == "zh" else "en", "year": Y, "horizon": h_label,
        "group_id": file_id, "is_province": province, "title": m("cover.title", name=title_name, year=Y),
        "subtitle": m("cover.subtitle"), "name": title_name,
        "group": None if province else {
            "id": group.id, "name_zh": group.name_zh,
            "lead": _lead_text(group, m),
            "lead_evidence": m.get(f"evidence.{group.lead_evidence}", group.lead_evidence or "—"),
            "n_members": len(group.members), "classes": [f"{c} {cname(c)}" for c in group.classes],
            "categories": [f"{c} {cname(c)}" for c in group.categories]},
        "n_groups": len(groups), "any_synthetic": bool(any_synthetic),
        "t": m.catalogue, "summary": {"bullets": bullets, "key_figures": key_figures},
        "industry": industry, "scenario": {**scenario, "demand_table": tables.get("demand_scenario")}, "charts": {"demand": demand_chart, "demand_trend": demand_trend_chart,
                                         "gap": gap_chart, "industries": industry["charts"]},
        "chart_status": {"demand": _status_line(model_status, m), "gap": _status_line(gap_status, m),
                         "industries": industry["table"]["status_text"]},
        "supply": supply_section["view"], "cards": cards, "college_eval": ceval_section, "actions": actions,
        "backtest_summary": backtest_summary, "overview": overview,
        "caveats": [m(f"caveats.general{i}") for i in range(1, 7)],
        "tables": tables, "table_order": list(tables),
    }


def _status_line(statuses: Iterable[str], m: Messages) -> str:
    st = [s for s in STATUSES if s in set(statuses)]
    return m("status.caption", which=" / ".join(m(f"status.{s}") for s in st)) if st else ""


def _lead_text(group: Group, m: Messages) -> str:
    """The lead as sources state it; never a host shown as if it were the lead."""
    if group.lead_institution:
        return group.lead_institution
    if group.host_institution:
        return m("group.lead_host", host=group.host_institution)
    return m("group.lead_unknown")


def _rep_share(expansion: Any, replacement: Any) -> float | None:
    """Replacement's share of the gross openings, replacement / (max(expansion, 0) + replacement).

    A shrinking industry (negative expansion) still has replacement openings; they are then all of
    the gross openings (100 %), never "198 %" as replacement / (expansion + replacement) would say.
    """
    if _missing(expansion) or _missing(replacement):
        return None
    rep = max(float(replacement), 0.0)
    gross = max(float(expansion), 0.0) + rep
    return rep / gross if gross > 0 else None


def _f(v: Any) -> float | None:
    return None if _missing(v) else float(v)


def _chart_labels(m: Messages) -> dict[str, str]:
    return {"official": m("chart.official"), "other": m("chart.other"), "forecast": m("chart.forecast"),
            "forecast_baseline": m("chart.forecast_baseline"),
            "band80": m("chart.band80"), "band95": m("chart.band95")}


def _drivers(s: Any, m: Messages) -> list[str]:
    out = []
    for d in _split(s):
        key = re.sub(r"_gap$", "", _norm_rating(d))
        out.append(m.get(f"driver.{key}", d))
    return out


def _group_sections(mk: Mapping[str, pd.DataFrame], classes: list[str], emp: pd.DataFrame,
                    province: bool) -> list[str]:
    """Sections whose jobs the group's majors fill, most important first (at most 4; province: 6)."""
    sec_emp = emp[emp["industry_level"] == "section"]
    if province:
        latest = sec_emp[sec_emp["kind"] == "history"].sort_values("year").groupby("industry_code").tail(1)
        top = latest.sort_values("mean", ascending=False)["industry_code"].tolist()[:6]
        total = emp[emp["industry_level"] == "total"]["industry_code"].dropna().unique().tolist()
        return total[:1] + top
    st = mk["mart_staffing"]
    st = st[st["major_class"].isin(classes)]
    if st.empty:
        return []
    vs = mk["mart_vocational_share"].set_index("industry_code")["v"] if len(mk["mart_vocational_share"]) else {}
    st = st.assign(section=st["industry_code"].map(section_of))
    # Weight a division's share by its vocational share when known (which jobs vocational graduates fill).
    st = st.assign(w=st["share"].fillna(0) * st["industry_code"].map(lambda d: float(vs.get(d, 1.0)) if len(vs) else 1.0))
    w = st.groupby("section")["w"].sum().sort_values(ascending=False)
    w = w[w > 0]
    have = set(sec_emp["industry_code"].dropna())
    secs = [s for s in w.index if s in have] or list(w.index)
    return secs[:4]


def _plan_paths(emp_all: pd.DataFrame, plans: list[str]) -> pd.DataFrame:
    """Forecast paths of plan scenarios beside the baseline, for the industries a plan moves.

    Returns rows scenario, industry_code, year, baseline, plan (万人) for every forecast year of
    each (scenario, industry) whose path differs from the baseline anywhere (a scenario adjusts
    some series only; the others carry the baseline and are not repeated).
    """
    cols = ["scenario", "industry_code", "year", "baseline", "plan"]
    fc = emp_all[emp_all["kind"] == "forecast"]
    base = (_baseline(fc)[["industry_code", "year", "mean"]].drop_duplicates(["industry_code", "year"])
            .rename(columns={"mean": "baseline"}))
    out = []
    for p in plans:
        pl = (fc[fc["scenario"] == p][["industry_code", "year", "mean"]].drop_duplicates(["industry_code", "year"])
              .rename(columns={"mean": "plan"}))
        mm = pl.merge(base, on=["industry_code", "year"], how="inner").assign(scenario=p)
        diff = (mm["plan"] - mm["baseline"]).abs() > 1e-6 * mm["baseline"].abs().clip(lower=1.0)
        moved = set(mm.loc[diff, "industry_code"])
        out.append(mm[mm["industry_code"].isin(moved)])
    if not out:
        return pd.DataFrame(columns=cols)
    return pd.concat(out, ignore_index=True)[cols].sort_values(["scenario", "industry_code", "year"])


_RULE_KEYS = {"growth": "scenario.rule_growth", "share": "scenario.rule_share", "target": "scenario.rule_target"}


def _scenario_section(plan_emp: pd.DataFrame, plans: list[str], plan_label: Mapping[str, str],
                      scen: pd.DataFrame, Y: int, names: Names, m: Messages,
                      add: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
    """Plan scenarios beside the baseline: the industry paths they move and their quoted assumptions."""
    lang = m.lang
    multi = len(plans) > 1
    if not plans:  # no plan scenario in the marts: no scenario tables (not even empty sheets)
        add = lambda t: t  # noqa: E731

    def ind(code: Any) -> str:
        code = str(code)
        if code not in names.industries and code.upper() in ("TOTAL", "_T", "T0", "0"):
            return m("industry.total")
        return f"{names.industry(code)}（{code}）" if lang == "zh" else f"{names.industry(code)} ({code})"

    rows = []
    for _, r in plan_emp.iterrows():
        d = r["plan"] - r["baseline"]
        if abs(d) <= 1e-6 * max(abs(r["baseline"]), 1.0):
            continue  # years before the plan bites carry the baseline
        rows.append(([plan_label[r["scenario"]]] if multi else []) + [
            r["industry_code"], names.industry(r["industry_code"]), r["year"], r["baseline"], r["plan"], d,
            d / r["baseline"] if r["baseline"] else None])
    cols = ([(m("col.scenario"), "text")] if multi else []) + [
        (m("col.industry_code"), "code"), (m("col.industry"), "text"), (m("col.year"), "year"),
        (m("col.baseline"), "emp10k"), (m("col.plan"), "emp10k"), (m("col.plan_diff"), "emp10k"),
        (m("col.plan_diff_pct"), "signed_pct")]
    t_ind = add(make_table("industry_scenario", m("scenario.industry_table"), cols, rows,
                           statuses={"estimated"} if rows else set(), m=m, unit=m("unit.emp10k"),
                           note=m("scenario.industry_note") if rows else ""))
    sc = scen[scen["scenario"].isin(plans)] if len(scen) else scen
    a_rows = []
    for _, r in sc.iterrows():
        rule = r["rule"] or ""
        val = r["value"]
        rule_text = m(_RULE_KEYS[rule], pct=fmt_pct(val, lang, digits=2 if rule == "share" else 1),
                      value=fmt_num(val, lang, digits=1), of=ind(str(r["share_of"]).partition(":")[2])
                      if r["share_of"] else "—") if rule in _RULE_KEYS and not _missing(val) else rule or "—"
        a_rows.append(([plan_label.get(r["scenario"], r["scenario"])] if multi else []) + [
            ind(r["industry_code"]) if r["industry_code"] else r["series"], r["years"] or "—", rule_text,
            r["assumption"] or "—", r["source"] or "—"])
    a_cols = ([(m("col.scenario"), "text")] if multi else []) + [
        (m("col.industry"), "text"), (m("col.years"), "text"), (m("col.rule"), "text"),
        (m("col.assumption"), "text"), (m("col.source"), "text")]
    missing = bool(plans) and not a_rows
    t_ass = add(make_table("scenario_assumptions", m("scenario.assumption_table"), a_cols, a_rows,
                           statuses={"estimated"} if a_rows else set(), m=m,
                           note=m("scenario.assumption_missing", names=", ".join(plans)) if missing
                           else (m("scenario.assumption_note") if a_rows else "")))
    desc = {}
    if len(sc):
        desc = {r["scenario"]: r["description"] for _, r in sc.drop_duplicates("scenario").iterrows() if r["description"]}
    return {"present": bool(plans), "plans": [{"name": p, "label": plan_label[p], "description": desc.get(p, "")}
                                              for p in plans],
            "industry_table": t_ind, "assumptions": t_ass}


def _industry_section(emp: pd.DataFrame, sections: list[str], Y: int, names: Names, m: Messages,
                      add: Callable[[dict[str, Any]], dict[str, Any]], province: bool,
                      plan_emp: pd.DataFrame | None = None,
                      plan_label: Mapping[str, str] | None = None) -> dict[str, Any]:
    lang = m.lang
    rows, chart_list = [], []
    labels = _chart_labels(m)
    headline = ""
    for sec in sections:
        e = emp[emp["industry_code"] == sec].sort_values("year")
        name = m("industry.total") if sec in ("T0", "total", "0", "410000") or (
            len(e) and e["industry_level"].iloc[0] == "total") else names.industry(sec)
        hist = e[e["kind"] == "history"]
        fc = e[e["kind"] == "forecast"]
        off = hist[hist["status"] == "official"]
        last_off = off.iloc[-1] if len(off) else None
        last = hist.iloc[-1] if len(hist) else None
        fY = fc[fc["year"] == Y]
        fY = fY.iloc[0] if len(fY) else None
        cagr = None
        if len(hist) >= 2:
            # Growth over (up to) the last 5 years, never across the 2013 census-based level shift,
            # which would read a statistical revision as growth.
            y_last = int(hist["year"].iloc[-1])
            base = hist[hist["year"] >= max(y_last - 5, CENSUS_BREAK_YEAR)].iloc[0]
            if base["mean"] and base["mean"] > 0 and y_last > base["year"]:
                cagr = (hist["mean"].iloc[-1] / base["mean"]) ** (1 / (y_last - base["year"])) - 1
        rows.append([sec, name, last_off["year"] if last_off is not None else None,
                     last_off["mean"] if last_off is not None else None,
                     last["year"] if last is not None else None, last["mean"] if last is not None else None,
                     m(f"status.{last['status']}") if last is not None and last["status"] in STATUSES else "—",
                     cagr, fY["mean"] if fY is not None else None,
                     (fY["lo_80"], fY["hi_80"]) if fY is not None else None])
        chart_list.append(charts.line_chart(
            [charts.HistoryPoint(int(r["year"]), float(r["mean"]), str(r["status"] or "estimated"))
             for _, r in hist.iterrows() if not _missing(r["mean"])],
            [charts.ForecastPoint(int(r["year"]), float(r["mean"]), _f(r["lo_80"]), _f(r["hi_80"]), _f(r["lo_95"]),
                                  _f(r["hi_95"])) for _, r in fc.iterrows() if not _missing(r["mean"])],
            title=f"{name}（{sec}）" if lang == "zh" else f"{name} ({sec})", unit=m("unit.emp10k"), legend=labels,
            empty=m("common.no_data"),
            scenarios=[(plan_label[p], [(int(r["year"]), float(r["plan"])) for _, r in g.iterrows()])
                       for p, g in (plan_emp[plan_emp["industry_code"] == sec].groupby("scenario")
                                    if plan_emp is not None and plan_label else [])]))
        if not headline and last_off is not None and fY is not None:
            headline = m("summary.industry", name=name, y0=int(last_off["year"]), v0=fmt_emp10k(last_off["mean"], lang),
                         y1=Y, v1=fmt_emp10k(fY["mean"], lang))
    statuses = _statuses(emp[emp["industry_code"].isin(sections)]["status"], "official")
    t_ind = add(make_table("industries", m("industry.table", year=Y), [
        (m("col.industry_code"), "code"), (m("col.industry"), "text"), (m("col.last_official_year"), "year"),
        (m("col.last_official"), "emp10k"), (m("col.last_year"), "year"), (m("col.last_value"), "emp10k"),
        (m("col.last_status"), "text"), (m("col.cagr5"), "signed_pct"), (m("col.forecast_y", year=Y), "emp10k"),
        (m("col.interval80"), "text")],
        [r[:9] + [f"{fmt_num(r[9][0], lang, 1)}–{fmt_num(r[9][1], lang, 1)}" if r[9] and not _missing(r[9][0]) else "—"]
         for r in rows], statuses=statuses | ({"estimated"} if rows else set()), m=m, unit=m("unit.emp10k"),
        note=m("industry.cagr_note")))
    # Real (official) Henan history, years as rows, one column per section.
    off = emp[(emp["industry_code"].isin(sections)) & (emp["kind"] == "history") & (emp["status"] == "official")]
    years = sorted(int(y) for y in off["year"].dropna().unique())
    piv = off.pivot_table(index="year", columns="industry_code", values="mean", aggfunc="first")
    cols = [s for s in sections if s in piv.columns]
    t_hist = add(make_table("henan_history", m("industry.history_table"), [(m("col.year"), "year")] + [
        (f"{names.industry(s)}{m('punct.lp')}{s}{m('punct.rp')}" if s in names.industries else s, "emp10k") for s in cols],
        [[y] + [piv.at[y, s] if y in piv.index else None for s in cols] for y in years],
        statuses={"official"} if years else set(), m=m, note=m("industry.history_note"), unit=m("unit.emp10k")))
    return {"charts": chart_list, "table": t_ind, "history": t_hist, "headline": headline,
            "sections": [f"{s} {names.industry(s)}" for s in sections]}


def _supply_section(supply: pd.DataFrame, capacity: pd.DataFrame, group: Group | None, classes: list[str], Y: int,
                    names: Names, m: Messages, add: Callable[[dict[str, Any]], dict[str, Any]],
                    supply_status: set[str], province: bool, groups: list[Group]) -> dict[str, Any]:
    lang = m.lang
    member_names = dict(group.members) if group else {c: n for g in groups for c, n in g.members}
    sY = supply[supply["year"] == Y]
    by_college = sY.groupby("college_code").agg(entrants=("entrants", "sum"), n_majors=("major_code", "nunique"),
                                                status=("status", lambda s: sorted(_statuses(s))))
    ev_names = {r["college_code"]: r["college_name"] for _, r in sY.drop_duplicates("college_code").iterrows()
                if r["college_name"]}
    rows = []
    for code, r in by_college.sort_values("entrants", ascending=False).iterrows():
        name = member_names.get(code) or ev_names.get(code) or code
        rows.append([code, name, r["n_majors"], r["entrants"], r["status"]])
    t_col = add(make_table("supply_colleges", m("supply.college_table_province" if province else "supply.college_table",
                                                 year=Y), [
        (m("col.college_code"), "code"), (m("col.college"), "text"), (m("col.n_majors"), "num"),
        (m("col.entrants"), "people"), (m("col.status"), "status")], rows, statuses=supply_status, m=m,
        unit=m("unit.people_year"),
        note=m("supply.college_note", n=len(group.members)) if group is not None and rows else ""))
    by_class = sY.groupby("major_class")["entrants"].sum()
    t_cls = add(make_table("supply_classes", m("supply.class_table", year=Y), [
        (m("col.class_code"), "code"), (m("col.class_name"), "text"), (m("col.entrants"), "people")],
        [[c, names.major(c), v] for c, v in by_class.sort_values(ascending=False).items()],
        statuses=supply_status, m=m))
    # 布点: which colleges may enrol in each major (MOE register), latest year not after Y.
    cap = capacity[capacity["major_class"].isin(classes)] if classes else capacity.iloc[0:0]
    class_rows = cap[cap["level"] == "class"] if cap["level"].notna().any() else cap.iloc[0:0]
    if cap["level"].notna().any():  # the capacity mart also holds class and category totals
        cap = cap[cap["level"] == "major"]
    if (cap["city_code"] == PROVINCE_REGION).any():  # use the province row, not the sum of cities
        cap = cap[cap["city_code"] == PROVINCE_REGION]
        class_rows = class_rows[class_rows["city_code"] == PROVINCE_REGION]
    cap_years = sorted(int(y) for y in cap["year"].dropna().unique())
    cap_year = max([y for y in cap_years if y <= Y] or cap_years or [None]) if cap_years else None
    capY = cap[cap["year"] == cap_year] if cap_year is not None else cap.iloc[0:0]
    lead = group.lead_institution if group else ""
    leads = {g.lead_institution for g in groups if g.lead_institution} if province else ({lead} if lead else set())
    cap_rows, capacity_by_class, majors_by_class = [], {}, {}
    for code, sub in capY.groupby("major_code"):
        colleges = sorted({c for s in sub["colleges"] for c in _split(s)})
        n = int(sub["n_colleges"].sum()) if sub["n_colleges"].notna().any() else len(colleges)
        cls = sub["major_class"].iloc[0]
        capacity_by_class[cls] = capacity_by_class.get(cls, 0) + n
        majors_by_class.setdefault(cls, []).append(code)
        shown = colleges if not province else []
        cap_rows.append([code, names.major(code), cls, n, [(c, c in leads) for c in shown]])
    if cap_year is not None and len(class_rows):  # colleges per class, not the sum over its majors
        for _, r in class_rows[class_rows["year"] == cap_year].iterrows():
            capacity_by_class[r["major_class"]] = int(r["n_colleges"])
    for _, r in supply.drop_duplicates("major_code").iterrows():
        if not _missing(r["major_code"]):
            lst = majors_by_class.setdefault(r["major_class"], [])
            if r["major_code"] not in lst:
                lst.append(r["major_code"])
    cap_rows.sort(key=lambda r: (r[2], -r[3], r[0]))
    cols = [(m("col.major_code"), "code"), (m("col.major"), "text"), (m("col.class_code"), "code"),
            (m("col.n_colleges"), "num")]
    if not province:
        cols.append((m("col.colleges_offering"), "colleges"))
    t_cap = add(make_table("capacity", m("supply.capacity_table", year=cap_year or Y), cols,
                           [r if not province else r[:4] for r in cap_rows],
                           statuses=_statuses(capY["status"], "official") if cap_rows else set(), m=m,
                           note=(m("supply.capacity_note", lead=lead) if lead else m("supply.capacity_note_nolead"))
                           if not province else m("supply.capacity_note_province")))
    return {"view": {"colleges": t_col, "classes": t_cls, "capacity": t_cap, "capacity_year": cap_year,
                     "n_members": len(group.members) if group else sum(len(g.members) for g in groups)},
            "capacity_by_class": capacity_by_class, "majors_by_class": majors_by_class}


_EVAL_ORDER = ("alignment_enrollment", "alignment", "enrollment_share_shortage", "enrollment_share_surplus",
               "programme_share_shortage", "programme_share_surplus", "employment_rate", "counterpart_rate",
               "retention", "programmes", "classes")
_COUNT_INDICATORS = ("programmes", "classes", "opened_growing_since_2021")


def _college_eval(ceval: pd.DataFrame, m: Messages, add: Callable[[dict[str, Any]], dict[str, Any]],
                  lead: str = "") -> dict[str, Any]:
    # Indicators nobody has a value for (e.g. graduate outcomes of real colleges) are left out.
    present = set(ceval.loc[ceval["value"].notna(), "indicator"].dropna())
    indicators = [i for i in _EVAL_ORDER if i in present] + sorted(present - set(_EVAL_ORDER))
    rows = []
    statuses: set[str] = set()
    if len(ceval):
        # Pivot once (a group can hold thousands of college × indicator rows).
        ev = ceval.dropna(subset=["college_code"])
        value = ev.pivot_table(index="college_code", columns="indicator", values="value", aggfunc="first")
        rank = ev.pivot_table(index="college_code", columns="indicator", values="rank", aggfunc="first")
        first = ev.groupby("college_code", sort=True).agg(
            name=("college_name", lambda x: next((v for v in x if v), None)),
            real=("is_real", lambda x: str(x.iloc[0]).lower() in ("true", "1")),
            member=("is_member", lambda x: str(x.iloc[0]).lower() not in ("false", "0")),
            status=("status", lambda x: sorted({v for v in x.dropna() if v in STATUSES})))
        # The group's lead (named by the registry from public sources) leads a group of which it is
        # a member even when the member list is unknown; then members, then the other colleges
        # that offer the group's majors.
        is_lead = [bool(lead) and bool(r) and n == lead for r, n in zip(first["real"], first["name"])]
        order = [0 if ld else 1 if bool(mb) else 2 for ld, mb in zip(is_lead, first["member"])]
        first = first.assign(_o=order, _lead=is_lead).sort_values(["_o"], kind="stable")
        for code, f in first.iterrows():
            st = set(f["status"]) or {"official" if f["real"] else "synthetic"}
            statuses |= st
            kind = m("eval.real") if f["real"] else m("eval.synthetic")
            role = m("eval.lead") if f["_lead"] else m("eval.member") if f["member"] else m("eval.nonmember")
            row = [code, f["name"] or code, f"{role} · {kind}", [x for x in STATUSES if x in st]]
            for ind in indicators:
                v = value.at[code, ind] if ind in value.columns and code in value.index else None
                r = rank.at[code, ind] if ind in rank.columns and code in rank.index else None
                row.append((None if _missing(v) else v, None if _missing(r) else r))
            rows.append(row)
    cols = [(m("col.college_code"), "code"), (m("col.college"), "text"), (m("col.data_kind"), "text"),
            (m("col.status"), "status")]
    for ind in indicators:
        cols.append((m.get(f"indicator.{ind}", ind), "num_rank" if ind in _COUNT_INDICATORS else "pct_rank"))
    t = add(make_table("college_eval", m("eval.table"), cols, rows, statuses=statuses, m=m, note=m("eval.note")))
    return {"table": t, "indicators": [m.get(f"indicator.{i}", i) for i in indicators]}


def _card(c: str, cname: Callable[[str], str], dY: pd.DataFrame, cum: pd.Series, gY: pd.DataFrame,
          ind_last: pd.DataFrame, ind_first: pd.DataFrame, sugg: pd.DataFrame, flags: pd.DataFrame,
          capacity_by_class: dict[str, int], majors_by_class: dict[str, list[str]], names: Names, m: Messages,
          Y: int, span: str) -> dict[str, Any]:
    lang = m.lang
    d = dY[dY["major_class"] == c]
    d = d.iloc[0] if len(d) else None
    g = gY[gY["major_class"] == c]
    g = g.iloc[0] if len(g) else None
    i = ind_last.loc[c] if c in ind_last.index else None
    i0 = ind_first.loc[c] if c in ind_first.index else None
    rating_n = g["rating_n"] if g is not None else "unknown"
    growth = None
    if i is not None and not _missing(i["postings_growth"]):
        growth = float(i["postings_growth"])  # the indicators mart's own growth figure
    elif i is not None and i0 is not None and i0["postings"] and i["year"] > i0["year"]:
        growth = (i["postings"] / i0["postings"]) ** (1 / (i["year"] - i0["year"])) - 1
    facts = [
        (m("card.openings", year=Y), fmt_people(d["openings"], lang) if d is not None else "—"),
        (m("col.interval80"), fmt_people_range(d["openings_lo_80"], d["openings_hi_80"], lang) if d is not None else "—"),
        (m("col.cumulative", span=span), fmt_people(cum.get(c), lang)),
        (m("col.supply"), fmt_people(g["supply"], lang) if g is not None else "—"),
        (m("col.gap_ratio"), _fmt("gap_ratio", g["gap_ratio"], lang, m) if g is not None else "—"),
        (m("card.n_colleges"), fmt_num(capacity_by_class.get(c), lang) if c in capacity_by_class else "—"),
        (m("card.postings", year=int(i["year"]) if i is not None else Y), fmt_num(i["postings"], lang) if i is not None else "—"),
        (m("card.posting_growth"), fmt_pct(growth, lang, signed=True)),
    ]
    pay = (m("card.pay", salary=fmt_cny_month(i["salary_cny_month_median"], lang),
             growth=fmt_pct(i["salary_growth"], lang, signed=True), year=int(i["year"]))
           if i is not None and not _missing(i["salary_cny_month_median"]) else m("card.pay_none"))
    outlook = m.get(f"outlook.{rating_n}", m("outlook.unknown"))
    if d is not None and _rep_share(d["expansion"], d["replacement"]) is not None:
        outlook += " " + m("card.mix", rep=fmt_pct(_rep_share(d["expansion"], d["replacement"]), lang))
    s = sugg[sugg["major_class"] == c]
    return {
        "code": c, "name": cname(c), "rating": m.get(f"rating.{rating_n}", "—"), "rating_key": rating_n,
        "facts": facts, "outlook": outlook, "pay": pay,
        "drivers": _drivers(g["drivers"], m) if g is not None else [],
        "related": [f"{names.major(x)}（{x}）" if lang == "zh" else f"{names.major(x)} ({x})"
                    for x in sorted(majors_by_class.get(c, []))],
        "actions": [f"{m.get('action.' + _norm_rating(r['action']), str(r['action']))}: {r['evidence'] or ''}"
                    for _, r in s.iterrows()],
        "flags": [m.get(f"flag.{r['flag']}", str(r["flag"])) for _, r in flags[flags["major_class"] == c].iterrows()],
    }
