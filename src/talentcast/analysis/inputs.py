"""Inputs of the analysis stage, group specs and code helpers (pure, no I/O).

The workflow reads the lake and the registry and hands this module plain DataFrames; tests
build the same objects from small hand-made frames.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from talentcast.errors import ValidationError

# GB/T 4754-2017: divisions 01–97 grouped into the 20 sections A–T (the standard's own ranges).
_SECTION_RANGES = (
    ("A", 1, 5), ("B", 6, 12), ("C", 13, 43), ("D", 44, 46), ("E", 47, 50), ("F", 51, 52),
    ("G", 53, 60), ("H", 61, 62), ("I", 63, 65), ("J", 66, 69), ("K", 70, 70), ("L", 71, 72),
    ("M", 73, 75), ("N", 76, 79), ("O", 80, 82), ("P", 83, 83), ("Q", 84, 85), ("R", 86, 90),
    ("S", 91, 96), ("T", 97, 97),
)
STATUS_ORDER = {"official": 0, "estimated": 1, "synthetic": 2}


def section_of(code: str) -> str:
    """Return the GB/T 4754-2017 section letter of a section, division, group or class code.

    Raises:
        ValidationError: the code is neither a letter A–T nor starts with a known division.
    """
    c = str(code).strip()
    if len(c) == 1 and c.isalpha():
        return c.upper()
    if len(c) >= 2 and c[:2].isdigit():
        d = int(c[:2])
        for letter, lo, hi in _SECTION_RANGES:
            if lo <= d <= hi:
                return letter
    raise ValidationError(f"industry code {code!r} is not a GB/T 4754-2017 section or division",
                          hint="use section letters A–T or 2-digit divisions 01–97")


def is_section(code: str) -> bool:
    """True for a one-letter section code."""
    c = str(code)
    return len(c) == 1 and c.isalpha()


def reporting_class(major_code: str) -> str:
    """Map any 2021-catalogue major or class code to the higher-vocational (专科) class.

    Demand is estimated per 专科 class (41xx–59xx). 职业本科 classes (21xx–39xx) carry the same
    names 20 category numbers lower (checked for all 92 classes in the reference catalogue),
    so they map by +20. 中职 codes (61–79) map by −20: an assumption, because the 中职
    catalogue was not found (docs/design.md) — documented in docs/method-analysis.md.
    """
    c = str(major_code).strip()
    if len(c) < 4 or not c[:4].isdigit():
        raise ValidationError(f"major code {major_code!r} is not a 2021-catalogue class or major code")
    cat = int(c[:2])
    if 21 <= cat <= 39:
        cat += 20
    elif 61 <= cat <= 79:
        cat -= 20
    return f"{cat:02d}{c[2:4]}"


def classes_of(codes: pd.Series, *, invalid: str | None = None) -> pd.Series:
    """Vectorised :func:`reporting_class` over a column (each distinct code mapped once).

    Args:
        codes: Major or class codes.
        invalid: Value for codes that are not catalogue codes; None raises ValidationError.
    """
    codes = codes.astype(str)
    mapping = {}
    for u in codes.unique():
        try:
            mapping[u] = reporting_class(u)
        except ValidationError:
            if invalid is None:
                raise
            mapping[u] = invalid
    return codes.map(mapping)


def lengths_of(codes: pd.Series) -> pd.Series:
    """Vectorised :func:`programme_length`."""
    return np.where(codes.astype(str).str[:1].isin(["2", "3"]), 4, 3)


def programme_length(major_code: str) -> int:
    """Years from entry to graduation: 职业本科 (codes 2x/3x) 4, 专科 and 中职 3."""
    return 4 if str(major_code)[:1] in ("2", "3") else 3


def worst_status(values: Iterable[str]) -> str:
    """The least reliable status among ``values`` (synthetic > estimated > official).

    Any other label (e.g. ``forecast``) counts as estimated: a modelled number.
    """
    worst = "official"
    for v in values:
        if not isinstance(v, str) or not v or v == "nan":
            continue
        v = v if v in STATUS_ORDER else "estimated"
        if STATUS_ORDER[v] > STATUS_ORDER[worst]:
            worst = v
    return worst


@dataclass(frozen=True)
class Member:
    """A member college of a group.

    Attributes:
        code: 学校标识码 (10-digit) or a synthetic code.
        name: College name.
        synthetic: True for a made-up sample college (may carry synthetic numbers).
    """

    code: str
    name: str
    synthetic: bool


@dataclass(frozen=True)
class GroupSpec:
    """A vocational education group as the analysis needs it.

    Attributes:
        id: Group id (registry key).
        name: Display name.
        classes: 4-digit major classes the group covers.
        categories: 2-digit major categories the group covers (all their classes).
        members: Member colleges.
        lead_college_code: Lead college, or None where unknown (never invented).
    """

    id: str
    name: str = ""
    classes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    members: tuple[Member, ...] = ()
    lead_college_code: str | None = None

    def covers(self, major_class: str) -> bool:
        """Whether a (专科-mapped) major class belongs to this group's field."""
        mc = reporting_class(major_class)
        if self.classes:
            # The classes decide when listed: a category can be split between groups
            # (装备制造 46 is split between two groups).
            return mc in {reporting_class(c) for c in self.classes}
        cats = {reporting_class(c + "00")[:2] if len(c) == 2 else c for c in self.categories}
        return mc[:2] in cats


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def coerce_member(m: Any) -> Member:
    """Accept a Member, a mapping, an object with code/name/synthetic, or a (code, name, synthetic) tuple."""
    if isinstance(m, Member):
        return m
    if isinstance(m, (tuple, list)):
        code, name, synthetic = (list(m) + [None, None, None])[:3]
    else:
        code, name, synthetic = _get(m, "code"), _get(m, "name", ""), _get(m, "synthetic", False)
    if code is None:
        raise ValidationError(f"group member {m!r} has no college code")
    return Member(code=str(code), name=str(name or ""), synthetic=bool(synthetic))


def coerce_group(g: Any) -> GroupSpec:
    """Turn a registry entry (object or mapping with id, classes, categories, members,
    lead_college_code) into a :class:`GroupSpec`."""
    if isinstance(g, GroupSpec):
        return g
    gid = _get(g, "id")
    if not gid:
        raise ValidationError(f"group entry {g!r} has no id")
    return GroupSpec(
        id=str(gid),
        name=str(_get(g, "name_zh", None) or _get(g, "name", "") or ""),
        classes=tuple(str(c) for c in (_get(g, "classes", ()) or ())),
        categories=tuple(str(c) for c in (_get(g, "categories", ()) or ())),
        members=tuple(coerce_member(m) for m in (_get(g, "members", ()) or ())),
        lead_college_code=_get(g, "lead_college_code", None),
    )


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


EMPLOYMENT_COLUMNS = ["region_code", "industry_code", "year", "kind", "scenario", "mean", "lo_80", "hi_80", "lo_95", "hi_95", "status"]
STAFFING_COLUMNS = ["industry_code", "major_class", "share"]
VSHARE_COLUMNS = ["industry_code", "v"]
POSTINGS_COLUMNS = ["posting_id", "is_duplicate", "region_code", "year", "major_class", "is_vocational",
                    "salary_cny_month_min", "salary_cny_month_max", "education"]
GRADUATES_COLUMNS = ["college_code", "major_code", "year", "graduates", "employed", "further_study",
                     "employed_in_province", "counterpart_employed", "status"]
ENROLLMENT_COLUMNS = ["college_code", "major_code", "year", "new_students", "status"]
PROGRAMMES_COLUMNS = ["year", "college_code", "major_code"]


@dataclass
class AnalysisInputs:
    """Everything the analysis reads, as DataFrames (schemas in docs/architecture.md).

    Attributes:
        employment: mart_employment-like industry employment (万人) with forecasts.
        staffing: Staffing matrix S by division (rows sum to 1).
        vocational_share: v by division or section.
        groups: Group registry entries (objects or mappings; see :func:`coerce_group`).
        registry: A loaded ``talentcast.reference.Registry`` (iterable of groups); used when
            ``groups`` is empty.
        postings: Classified postings (optional).
        graduates: Graduate outcomes (optional).
        enrollment: Enrollment by college and major (optional).
        programmes: The MOE major register (optional; real 专业布点).
        capacity: mart_capacity (optional; used when programmes are absent).
        colleges: Real college list (``moe_code``/``college_code``, ``name``) (optional).
        staffing_section: Precomputed section-level S (industry_code section, major_class,
            share) from crosswalk.staffing.staffing_by_section (optional).
        division_weights: Division employment weights within sections (industry_code,
            weight) for the section roll-up (optional; equal weights otherwise).
        class_names: Major class code → Chinese name (optional, for rationales).
    """

    employment: pd.DataFrame
    staffing: pd.DataFrame
    vocational_share: pd.DataFrame
    groups: list[Any] = field(default_factory=list)
    registry: Any = None
    postings: pd.DataFrame | None = None
    graduates: pd.DataFrame | None = None
    enrollment: pd.DataFrame | None = None
    programmes: pd.DataFrame | None = None
    capacity: pd.DataFrame | None = None
    colleges: pd.DataFrame | None = None
    staffing_section: pd.DataFrame | None = None
    division_weights: pd.DataFrame | None = None
    class_names: Mapping[str, str] = field(default_factory=dict)

    def group_entries(self) -> list[Any]:
        """The group entries: ``groups`` if given, else the registry's groups."""
        if self.groups:
            return list(self.groups)
        if self.registry is not None:
            return list(getattr(self.registry, "groups", self.registry))
        return []

    def frame(self, name: str, columns: list[str]) -> pd.DataFrame:
        """Return input ``name`` checked for ``columns``; an empty frame when it is None.

        A frame with no rows and no columns (a lake table that was never ingested, e.g. a
        workspace without enrollment files) counts as absent, not as a schema error.

        Raises:
            ValidationError: the frame lacks required columns (names them).
        """
        df = getattr(self, name)
        if df is None or (df.empty and len(df.columns) == 0):
            return _empty(columns)
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise ValidationError(
                f"analysis input {name!r} lacks column(s) {missing}",
                hint="see the table schema in docs/architecture.md",
            )
        # Upstream stages may hang arrays on DataFrame.attrs (e.g. classifier metadata);
        # pandas compares attrs on concat, so the analysis works on attr-free shallow copies.
        out = df.copy(deep=False)
        out.attrs = {}
        if name in ("graduates", "enrollment") and "major_code" in out.columns:
            # Ingest keeps a major it cannot find in the 2021 catalogue with major_code null
            # (documented in the data dictionary); such rows cannot be attributed to a class.
            unknown = out["major_code"].isna() | (out["major_code"].astype(str).str.strip().isin(["", "None", "nan"]))
            if unknown.any():
                import logging

                logging.getLogger("talentcast").warning(
                    "%s: %d row(s) with a major not in the 2021 catalogue are left out of supply and evaluation",
                    name, int(unknown.sum()),
                )
                out = out[~unknown]
        return out

    def real_college_codes(self, groups: list[GroupSpec]) -> set[str]:
        """Codes of real colleges: the real college list, the (real) major register, and
        registry members not marked synthetic."""
        codes: set[str] = set()
        if self.colleges is not None and len(self.colleges):
            for col in ("moe_code", "college_code"):
                if col in self.colleges.columns:
                    codes |= set(self.colleges[col].dropna().astype(str))
        if self.programmes is not None and len(self.programmes):
            prog = self.programmes
            if "status" in prog.columns:
                prog = prog[prog["status"].astype(str) != "synthetic"]
            codes |= set(prog["college_code"].dropna().astype(str))
        for g in groups:
            codes |= {m.code for m in g.members if not m.synthetic}
        return codes


def as_float(s: pd.Series) -> np.ndarray:
    """Numeric values of a column as float (non-numbers → NaN)."""
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
