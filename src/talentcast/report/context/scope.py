"""What one report is about: its group (or the province), language, year, names and scoped marts.

:func:`make_scope` reads nothing and calls no clock: the same marts, registry, group, language,
edition and region always give the same scope, so every chapter module builds from a scope
alone and can be tested alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from talentcast.config import DEFAULT_HORIZON, DEFAULT_REGION  # noqa: F401 - re-exported for the report API
from talentcast.errors import ReportError
from talentcast.reference import PROVINCE_GROUP, Group, Member
from talentcast.report.context.mart_frames import MART_COLUMNS, normalise_mart
from talentcast.report.context.tabulate import readable_evidence, statuses_of
from talentcast.report.formatting import Messages, check_lang

# The province pseudo-group of the marts: its rows hold every class once (never a sum of groups).
PROVINCE_ID = PROVINCE_GROUP


# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class Names:
    """Code → name lookups for majors (category/class/major) and industries."""

    majors: Mapping[str, str] = field(default_factory=dict)
    industries: Mapping[str, str] = field(default_factory=dict)
    # Industry code → its GB/T 4754 section letter; default: the reference classification.
    sections: Mapping[str, str] = field(default_factory=dict)

    def major(self, code: Any) -> str:
        return self.majors.get(str(code), str(code))

    def industry(self, code: Any) -> str:
        return self.industries.get(str(code), str(code))

    def section(self, code: Any) -> str:
        """GB/T 4754 section of an industry code (the reference classification decides)."""
        code = str(code)
        if code in self.sections:
            return self.sections[code]
        if len(code) == 1 and code.isalpha():
            return code.upper()
        from talentcast.reference import industries  # noqa: PLC0415 - loaded once, on first use

        try:
            return industries().section_of(code).code
        except Exception:  # noqa: BLE001 - a code the standard does not know has no section
            return code


GLOSSARY = Path(__file__).resolve().parents[1] / "glossary"


@cache
def glossary() -> dict[str, dict[str, str]]:
    """Unofficial English glosses: {"classes": code → English, "sections": code → English} (glossary/README.md)."""
    out = {}
    for kind in ("classes", "sections"):
        df = pd.read_csv(GLOSSARY / f"{kind}_en.csv", dtype=str, keep_default_na=False)
        out[kind] = dict(zip(df["code"], df["name_en"]))
    return out


def glossed(names: Names) -> Names:
    """Names for the English report: the Chinese name followed by its English gloss where one exists."""
    g = glossary()

    def gloss(table: Mapping[str, str], en: Mapping[str, str]) -> dict[str, str]:
        return {k: f"{v} ({en[k]})" if k in en else v for k, v in table.items()}

    return Names(gloss(names.majors, g["classes"]), gloss(names.industries, g["sections"]), names.sections)


def gloss_text(text: Any, names: Names) -> Any:
    """English text with each Chinese class name followed by its gloss (names already glossed)."""
    if not isinstance(text, str) or not re.search(r"[\u3400-\u9fff]", text):
        return text
    for code, name in names.majors.items():
        if len(code) == 4 and " (" in name:
            zh = name.split(" (")[0]
            text = re.sub(rf"{re.escape(zh)}(?! \()", name, text)
    return text


def default_names() -> Names:
    """Names from talentcast.reference."""
    from talentcast import reference  # noqa: PLC0415

    return Names(_names_of(reference.majors()), _names_of(reference.industries()))


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


# --------------------------------------------------------------------------- registry


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _member(m: Any) -> Member:
    if isinstance(m, Member):
        return m
    if isinstance(m, str):
        return Member(code=m, name=m, synthetic=False)
    code = next((str(_get(m, k)) for k in ("code", "college_code", "moe_code") if _get(m, k)), "")
    name = next((str(_get(m, k)) for k in ("name", "college_name", "name_zh") if _get(m, k)), code)
    return Member(code=code, name=name, synthetic=bool(_get(m, "synthetic", False)))


def _text(v: Any) -> str:
    return str(v) if v and not (isinstance(v, float) and math.isnan(v)) else ""


def groups_from_registry(registry: Any) -> list[Group]:
    """The registry's groups as :class:`talentcast.reference.Group` (a Registry, a mapping or a list)."""
    groups = _get(registry, "groups", registry)
    items: Iterable[Any]
    if isinstance(groups, Mapping):
        items = [g if _get(g, "id") else {**dict(g), "id": k} for k, g in groups.items()]
    else:
        items = list(groups or [])
    out = []
    for g in items:
        if isinstance(g, Group):
            out.append(g)
            continue
        gid = str(_get(g, "id", "") or "")
        if not gid:
            raise ReportError(f"registry entry without an id: {g!r}", hint="give every group an id in the registry")
        out.append(Group(
            id=gid, name_zh=str(_get(g, "name_zh", "") or gid), name_provisional=bool(_get(g, "name_provisional", False)),
            lead_institution=_text(_get(g, "lead_institution")), lead_college_code=_text(_get(g, "lead_college_code")),
            lead_evidence=_text(_get(g, "lead_evidence")), source_url=_text(_get(g, "source_url")),
            categories=tuple(str(c) for c in (_get(g, "categories") or ())),
            classes=tuple(str(c) for c in (_get(g, "classes") or ())),
            members=tuple(_member(m) for m in (_get(g, "members") or ())),
            host_institution=_text(_get(g, "host_institution")),
        ))
    return out


def lead_text(group: Group, m: Messages) -> str:
    """The lead as sources state it, labelled the same way in every report; never a host as lead."""
    if group.lead_institution:
        return group.lead_institution
    if group.host_institution:
        return m("group.lead_host", host=group.host_institution)
    return m("group.lead_unknown")


# --------------------------------------------------------------------------- filters


def pick_year(marts: Mapping[str, pd.DataFrame], year: int | None) -> int:
    """The report's first forecast year: ``year`` if given, else the first forecast year in the marts."""
    if year is not None:
        return int(year)
    for name, col in (("mart_demand", "year"), ("mart_gap", "year"), ("mart_supply", "year")):
        df = marts.get(name)
        if df is not None and len(df) and col in df.columns:
            ys = pd.to_numeric(df[col], errors="coerce").dropna()
            if len(ys):
                return int(ys.min())
    raise ReportError("cannot tell the report year: the marts hold no forecast years",
                      hint="run `talentcast forecast` first, or pass --edition")


def group_rows(df: pd.DataFrame, gid: str | None) -> pd.DataFrame:
    """Rows of one group id (all rows when ``gid`` is None or the mart has no group column)."""
    if gid is None or "group_id" not in df.columns:
        return df
    return df[df["group_id"] == gid]


def class_scope(df: pd.DataFrame, classes: Iterable[str]) -> pd.DataFrame:
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


def baseline(df: pd.DataFrame) -> pd.DataFrame:
    """Baseline scenario rows (rows without a scenario count as baseline)."""
    if "scenario" not in df.columns:
        return df
    return df[df["scenario"].isna() | (df["scenario"] == "baseline")]


# --------------------------------------------------------------------------- the scope


@dataclass
class Scope:
    """One report's inputs, scoped; chapters read it and register their tables in ``tables``."""

    m: Messages
    names: Names
    groups: list[Group]
    group: Group | None
    year: int
    region: str
    marts: dict[str, pd.DataFrame]
    demand: pd.DataFrame
    gap: pd.DataFrame
    supply: pd.DataFrame
    suggestions: pd.DataFrame
    shortage: pd.DataFrame
    flags: pd.DataFrame
    college_eval: pd.DataFrame
    classes: list[str]
    edition: int | None = None
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.m.lang

    @property
    def province(self) -> bool:
        return self.group is None

    @property
    def gid(self) -> str:
        return PROVINCE_ID if self.group is None else self.group.id

    def add(self, table: dict[str, Any]) -> dict[str, Any]:
        """Register a table (it becomes a workbook sheet, in the order added)."""
        self.tables[table["id"]] = table
        return table

    def cname(self, code: Any) -> str:
        return self.names.major(code)

    def regional(self, df: pd.DataFrame) -> pd.DataFrame:
        """Rows of the report's region (every row when the mart has no region column)."""
        if "region_code" not in df.columns:
            return df
        return df[df["region_code"] == self.region]

    def paren(self, name: str, code: Any) -> str:
        """``name（code）`` in Chinese, ``name (code)`` in English."""
        return f"{name}（{code}）" if self.lang == "zh" else f"{name} ({code})"

    def list_sep(self) -> str:
        return "、" if self.lang == "zh" else ", "


def make_scope(marts: Mapping[str, pd.DataFrame], registry: Any, group_id: str | None, lang: str = "zh",
               year: int | None = None, names: Names | None = None, region: str = DEFAULT_REGION,
               edition: int | None = None, horizon: int = DEFAULT_HORIZON) -> Scope:
    """Scope the marts to one group (``group_id``) or the province (None or ``"province"``).

    The province takes its rows from the marts' province pseudo-group (group_id ``province``):
    every class once, with the province's supply, never a sum of group rows.

    Raises:
        ReportError: unknown group id, unsupported language, no year to report on.
    """
    check_lang(lang)
    m = Messages(lang)
    names = names or default_names()
    if lang == "en":
        names = glossed(names)
    mk = {**{k: v for k, v in marts.items() if k not in MART_COLUMNS}, **{k: normalise_mart(k, marts.get(k)) for k in MART_COLUMNS}}
    groups = groups_from_registry(registry)
    by_id = {g.id: g for g in groups}
    if group_id == PROVINCE_ID:
        group_id = None
    if group_id is not None and group_id not in by_id:
        raise ReportError(f"group {group_id!r} is not in the registry",
                          hint=f"known groups: {', '.join(sorted(by_id)) or '(none)'}")
    group = by_id.get(group_id) if group_id else None
    gid = PROVINCE_ID if group is None else group.id
    Y = pick_year(mk, year)
    classes_reg = group.classes if group else ()

    def scoped(name: str, *, base: bool = True) -> pd.DataFrame:
        df = group_rows(mk[name], gid)
        if "region_code" in df.columns:
            df = df[df["region_code"].isna() | (df["region_code"] == region)]
        return class_scope(baseline(df) if base else df, classes_reg)

    sugg = scoped("mart_suggestions")
    if sugg["year"].notna().any() and (sugg["year"] == Y).any():  # one suggestion per class for Y
        sugg = sugg[(sugg["year"] == Y) | sugg["year"].isna()]
    sugg = sugg.drop_duplicates(subset=["group_id", "major_class", "action", "rule_id"])
    ev_col = f"rationale_{lang}"
    sugg = sugg.assign(evidence=sugg[ev_col].where(sugg[ev_col].notna(), sugg["evidence"]).map(
        lambda t: gloss_text(readable_evidence(t, m), names) if lang == "en" else readable_evidence(t, m)))
    fl = baseline(mk["mart_flags"])
    # Group-less flags (region scope: "no employment history") concern every report.
    flags = fl[(fl["group_id"] == gid) | fl["group_id"].isna() | (fl["group_id"] == "")]
    msg_col = f"message_{lang}"
    detail = flags["detail"] if "detail" in flags.columns else pd.Series(None, index=flags.index, dtype=object)
    flags = flags.assign(detail=flags[msg_col].where(flags[msg_col].notna(), detail))
    if lang == "en":
        flags = flags.assign(detail=flags["detail"].map(lambda t: gloss_text(t, names)))
    flags = class_scope(window_flags(flags, Y, Y + horizon - 1), classes_reg)
    ceval = mk["mart_college_eval"]
    # College evaluation is per group: a college's standing among the group's colleges, and
    # for the province among all of the province's.
    ceval = group_rows(ceval, gid)
    demand, gap = scoped("mart_demand"), scoped("mart_gap")
    classes = sorted(set(classes_reg) | set(demand["major_class"].dropna()) | set(gap["major_class"].dropna()))
    return Scope(m=m, names=names, groups=groups, group=group, year=Y, region=region, marts=mk,
                 demand=demand, gap=gap, supply=scoped("mart_supply", base=False), suggestions=sugg,
                 shortage=scoped("mart_shortage_list"), flags=flags, college_eval=ceval,
                 classes=classes, edition=edition)


# Flags about one year's supply: shown only when they hold in the report's first year, the year
# whose supply the cards and tables print (a year without supply before the window is not news).
_FIRST_YEAR_ONLY = {"no_supply"}


def window_flags(flags: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """One row per class and flag, from the report's forecast window ``first``–``last`` only.

    The row of ``first`` (the year the cards and tables show) is preferred; a flag that holds only
    later in the window keeps its first such year in ``from_year`` (the reader is told from when).
    Flags without a year (group or region scope) are kept as they are. Years before the window
    never speak for it: a 2022 "no supply" beside the window's supply contradicted the card.
    """
    if "year" not in flags.columns:
        return flags.drop_duplicates(subset=["major_class", "flag"]).assign(from_year=pd.NA)
    yr = pd.to_numeric(flags["year"], errors="coerce")
    keep = yr.isna() | ((yr >= first) & (yr <= last) & (~flags["flag"].isin(_FIRST_YEAR_ONLY) | (yr == first)))
    out = flags[keep].assign(_y=yr[keep].fillna(first)).sort_values("_y", kind="stable")
    out = out.drop_duplicates(subset=["major_class", "flag"], keep="first")
    return out.assign(from_year=out["_y"].where(out["_y"] > first).astype("Int64")).drop(columns="_y").sort_index()


def scope_statuses(scope: Scope) -> tuple[set[str], set[str], set[str]]:
    """(history, model, supply) statuses of the report's figures."""
    emp = baseline(scope.regional(scope.marts["mart_employment"]))
    hist_status = statuses_of(emp[emp["kind"] == "history"]["status"], "official")
    model_status = ({"estimated"} | ({"synthetic"} if "synthetic" in hist_status else set())
                    | statuses_of(scope.demand["status"], "estimated"))
    return hist_status, model_status, statuses_of(scope.supply["status"], "estimated")
