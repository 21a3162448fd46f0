"""A hierarchical code list (industries, majors, occupations, regions) with lookups.

A :class:`Classification` wraps one tidy table (``code, level, name, parent`` plus any extra
columns) and answers the questions every stage asks: what is this code, who is its parent,
what are its children, does it exist, which codes are called something like this name.
Everything is in memory; the biggest list (GB/T 4754, ~2,000 rows) builds in milliseconds.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pandas as pd

from talentcast.errors import CodeError

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Code:
    """One entry of a classification.

    Attributes:
        code: The code as a string (``"C"``, ``"38"``, ``"460301"``, ``"410100"``).
        level: Level name within its scheme (``"division"``, ``"class"``, ``"city"`` …).
        name: Chinese name as the source spells it.
        parent: Parent code, or ``None`` for a top-level entry.
        scheme: Short name of the classification (``"GB/T 4754-2017"`` …).
        extra: Any further source columns (``section``, ``education_level``, ``short_name``,
            ``note`` …) as strings; also readable as attributes (``code.short_name``).
    """

    code: str
    level: str
    name: str
    parent: str | None
    scheme: str = ""
    extra: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        # Read-only view so a shared Code cannot be changed through its extra fields.
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))

    def __reduce__(self) -> tuple[Any, ...]:
        # mappingproxy does not pickle; rebuild from a plain dict (Dask ships Codes to workers).
        return (Code, (self.code, self.level, self.name, self.parent, self.scheme, dict(self.extra)))

    def __getattr__(self, item: str) -> Any:
        # Only called for attributes the dataclass does not define: fall back to the extra
        # source columns so callers can write code.section / code.short_name.
        if item.startswith("__") or item == "extra":
            raise AttributeError(item)
        extra = self.__dict__.get("extra", {})
        if item in extra:
            return extra[item]
        raise AttributeError(f"{type(self).__name__} {self.code!r} has no field {item!r}")

    def __str__(self) -> str:
        # The bare code, so f"{region}:{code}" builds keys; use .label for display.
        return self.code

    @property
    def label(self) -> str:
        """``"3811 发电机及发电机组制造"``: code and name, for messages and reports."""
        return f"{self.code} {self.name}"


def _norm_name(name: object) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name)))


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    return str(value).strip()


class Classification:
    """A hierarchical code list with lookups, hierarchy navigation, search and validation.

    Args:
        scheme: Human-readable name used in messages (``"GB/T 4754-2017"``).
        frame: Table with at least ``code, level, name, parent`` (strings; ``parent`` empty
            or NaN for roots). Extra columns are kept on each :class:`Code`.
        levels: Level names from the top down, e.g. ``("section", "division", "group", "class")``.
        normalize: Optional function mapping user input to the canonical code string (for
            example ``"C38"`` -> ``"38"``); it may raise :class:`CodeError` itself.

    Raises:
        CodeError: If the table has duplicate codes, unknown levels or dangling parents
            (a packaging bug, never user input).
    """

    def __init__(
        self,
        scheme: str,
        frame: pd.DataFrame,
        levels: Sequence[str],
        normalize: Callable[[str], str] | None = None,
    ) -> None:
        self.scheme = scheme
        self.levels: tuple[str, ...] = tuple(levels)
        self._normalize_fn = normalize
        df = frame.copy()
        for col in ("code", "level", "name", "parent"):
            if col not in df.columns:
                raise CodeError(f"{scheme}: reference table lacks column {col!r}")
        df = df.astype({c: "string" for c in df.columns}).fillna("")
        df["parent"] = df["parent"].replace("", pd.NA)
        dup = df["code"][df["code"].duplicated()]
        if len(dup):
            raise CodeError(f"{scheme}: duplicate codes in reference table: {sorted(set(dup))[:10]}")
        bad_levels = set(df["level"]) - set(self.levels)
        if bad_levels:
            raise CodeError(f"{scheme}: unknown levels {sorted(bad_levels)}; expected {self.levels}")
        codes = set(df["code"])
        dangling = [p for p in df["parent"].dropna() if p not in codes]
        if dangling:
            raise CodeError(f"{scheme}: parents not in the table: {sorted(set(dangling))[:10]}")
        df["level"] = pd.Categorical(df["level"], categories=list(self.levels), ordered=True)
        self._frame = df.reset_index(drop=True)

        extra_cols = [c for c in df.columns if c not in ("code", "level", "name", "parent")]
        self._codes: dict[str, Code] = {}
        self._children: dict[str | None, list[str]] = {}
        for rec in df.to_dict("records"):
            parent = rec["parent"]
            parent = None if parent is pd.NA or parent is None or parent == "" else str(parent)
            extra = MappingProxyType({c: _clean(rec[c]) for c in extra_cols})
            code = Code(str(rec["code"]), str(rec["level"]), str(rec["name"]), parent, scheme, extra)
            self._codes[code.code] = code
            self._children.setdefault(parent, []).append(code.code)
        self._by_name: dict[str, list[str]] = {}
        for c in self._codes.values():
            self._by_name.setdefault(_norm_name(c.name), []).append(c.code)

    # ------------------------------------------------------------------ basics
    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[Code]:
        return iter(self._codes.values())

    def __contains__(self, code: object) -> bool:
        try:
            return self._key(code) in self._codes
        except CodeError:
            return False

    def __getitem__(self, code: str) -> Code:
        return self.validate(code)

    def __repr__(self) -> str:
        counts = ", ".join(f"{lvl}={n}" for lvl, n in self.counts().items())
        return f"<Classification {self.scheme}: {counts}>"

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the table: ``code, level, name, parent`` + the source's extra columns.

        ``name_zh`` and ``parent_code`` repeat ``name`` and ``parent`` under the source CSVs'
        column names, so code written against the CSV files works on the frame too.
        Codes are strings; ``parent`` is ``<NA>`` for top-level codes.
        """
        out = self._frame.copy()
        out["level"] = out["level"].astype("string")
        out.insert(out.columns.get_loc("name") + 1, "name_zh", out["name"])
        out["parent_code"] = out["parent"]
        return out

    def counts(self) -> dict[str, int]:
        """Number of codes per level, top level first."""
        return {lvl: sum(1 for c in self._codes.values() if c.level == lvl) for lvl in self.levels}

    def _key(self, code: object) -> str:
        if code is None or (isinstance(code, float) and pd.isna(code)):
            raise CodeError(f"empty {self.scheme} code")
        text = str(code).strip()
        if not text:
            raise CodeError(f"empty {self.scheme} code")
        if isinstance(code, float) and code.is_integer():
            text = str(int(code))
        if self._normalize_fn is not None and text and text not in self._codes:
            text = self._normalize_fn(text)
        return text

    # ------------------------------------------------------------------ lookups
    def get(self, code: object) -> Code | None:
        """Return the entry for ``code``, or ``None`` if the code is unknown.

        Input is normalised first (whitespace, numbers given as int, scheme-specific forms
        such as ``"C38"`` for division 38 of GB/T 4754).
        """
        try:
            return self._codes.get(self._key(code))
        except CodeError:
            return None

    def validate(self, code: object) -> Code:
        """Return the entry for ``code`` or raise a :class:`CodeError` naming the closest codes.

        Raises:
            CodeError: ``unknown GB/T 4754-2017 code 'C99'; closest: 43 (…), 42 (…)``.
        """
        try:
            key = self._key(code)
        except CodeError as exc:
            raise CodeError(f"unknown {self.scheme} code {str(code)!r}: {exc.message}",
                            hint=self._closest_hint(str(code))) from None
        found = self._codes.get(key)
        if found is not None:
            return found
        raise CodeError(
            f"unknown {self.scheme} code {str(code)!r}; closest: {self._closest_text(str(code))}",
            hint="find the code by name: `talentcast reference search industries|majors|occupations|regions NAME` "
            "(in Python: the classification's search(), e.g. majors().search('护理'))",
        )

    def _closest_hint(self, text: str) -> str:
        return f"closest: {self._closest_text(text)}"

    def closest(self, text: str, n: int = 5) -> list[Code]:
        """Codes most similar to ``text``: by name when it contains Chinese, else by code."""
        text = str(text).strip()
        if _CJK.search(text):
            return self.search(text, limit=n)
        key = text.upper()
        pool = list(self._codes)
        m = re.fullmatch(r"([A-Z])[-.]?(\d+)", key)
        if m and m.group(1) in self._codes:
            # "C99": a section letter plus a number; suggest codes of that section.
            section, key = m.group(1), m.group(2)
            inside = {c.code for c in self.descendants(section)}
            pool = [c for c in pool if c in inside] or pool
        same_len = [c for c in pool if len(c) == len(key)]
        pool = same_len or pool

        def score(cand: str) -> tuple[int, float]:
            prefix = len(os.path.commonprefix([cand, key]))
            if cand.isdigit() and key.isdigit():
                # Nearest number among codes sharing the longest prefix: 3899 -> 3891, 3892 …
                return (prefix, -abs(int(cand) - int(key)))
            return (prefix, difflib.SequenceMatcher(None, cand, key).ratio())

        # Rank by shared prefix first (cheap), and break ties only inside the buckets needed.
        buckets: dict[int, list[str]] = {}
        for cand in pool:
            buckets.setdefault(len(os.path.commonprefix([cand, key])), []).append(cand)
        if max(buckets, default=0) == 0:
            # Nothing shares even a first character: the numerically nearest codes for a
            # number ("C99" -> 43, 42 …), else a few similar codes, else the top level.
            numeric = [c for c in pool if c.isdigit()]
            if key.isdigit() and numeric:
                hits = sorted(numeric, key=lambda c: abs(int(c) - int(key)))[:n]
            else:
                hits = difflib.get_close_matches(key, pool, n=n, cutoff=0.6)
            return [self._codes[h] for h in hits] or self.children(None)[:n]
        chosen: list[str] = []
        for length in sorted(buckets, reverse=True):
            chosen.extend(buckets[length])
            if len(chosen) >= n:
                break
        hits = sorted(chosen, key=score, reverse=True)[:n]
        return [self._codes[h] for h in hits]

    def _closest_text(self, text: str) -> str:
        found = self.closest(text)
        if not found:
            return "none (no similar code)"
        return ", ".join(f"{c.code} ({c.name})" for c in found)

    # ------------------------------------------------------------------ hierarchy
    def parent(self, code: object) -> Code | None:
        """Parent entry of ``code`` (``None`` for a top-level code); unknown code -> CodeError."""
        c = self.validate(code)
        return self._codes[c.parent] if c.parent else None

    def children(self, code: object | None = None) -> list[Code]:
        """Direct children of ``code``, in source order; ``None`` gives the top level."""
        key = None if code is None else self.validate(code).code
        return [self._codes[k] for k in self._children.get(key, [])]

    def descendants(self, code: object) -> list[Code]:
        """All entries below ``code`` (depth first, source order)."""
        out: list[Code] = []
        stack = list(reversed(self.children(code)))
        while stack:
            c = stack.pop()
            out.append(c)
            stack.extend(reversed([self._codes[k] for k in self._children.get(c.code, [])]))
        return out

    def ancestors(self, code: object) -> list[Code]:
        """Entries above ``code``, nearest first (parent, grandparent, …, top level)."""
        out: list[Code] = []
        cur = self.validate(code)
        while cur.parent:
            cur = self._codes[cur.parent]
            out.append(cur)
        return out

    def ancestor_at(self, code: object, level: str) -> Code:
        """The entry at ``level`` on the path from ``code`` to the top (``code`` itself allowed).

        Raises:
            CodeError: If ``level`` is unknown or lies below the level of ``code``.
        """
        self._check_level(level)
        c = self.validate(code)
        for cand in (c, *self.ancestors(c.code)):
            if cand.level == level:
                return cand
        raise CodeError(f"{self.scheme} code {c.code!r} is a {c.level}; it has no {level} above it")

    def _check_level(self, level: str) -> None:
        if level not in self.levels:
            close = difflib.get_close_matches(level, self.levels, n=1)
            raise CodeError(
                f"unknown {self.scheme} level {level!r}; levels are {', '.join(self.levels)}"
                + (f" (did you mean {close[0]!r}?)" if close else "")
            )

    def level(self, level_name: str) -> list[Code]:
        """Every entry at ``level_name`` in source order; unknown level -> CodeError."""
        self._check_level(level_name)
        return [c for c in self._codes.values() if c.level == level_name]

    # ------------------------------------------------------------------ search
    def by_name(self, name: str, level: str | None = None) -> list[Code]:
        """Entries whose name equals ``name`` (names are not unique in every scheme).

        Matching ignores whitespace and full-/half-width differences (``（`` vs ``(``), so
        names copied from statistical tables or spreadsheets still match.
        """
        if level is not None:
            self._check_level(level)
        hits = [self._codes[k] for k in self._by_name.get(_norm_name(name), [])]
        return [c for c in hits if level is None or c.level == level]

    def search(self, text: str, limit: int = 10, level: str | None = None) -> list[Code]:
        """Find entries by name (or code prefix): exact, then substring, then fuzzy matches.

        Args:
            text: A name or part of one (``"计算机"``), or the start of a code (``"46"``).
            limit: At most this many results.
            level: Only return entries at this level.

        Returns:
            Best matches first. Exact names rank first, then names containing ``text``
            (shorter, i.e. more specific, first), then difflib similarity above 0.4.
        """
        text = str(text).strip()
        if not text:
            return []
        if level is not None:
            self._check_level(level)
        pool = [c for c in self._codes.values() if level is None or c.level == level]
        scored: dict[str, float] = {}
        for c in pool:
            if c.name == text or c.code == text:
                scored[c.code] = 3.0
            elif text in c.name:
                scored[c.code] = 2.0 + len(text) / max(len(c.name), 1)
            elif c.code.startswith(text.upper()) and not _CJK.search(text):
                scored[c.code] = 1.5 + len(text) / len(c.code)
        if len(scored) < limit and _CJK.search(text):
            matcher = difflib.SequenceMatcher(autojunk=False)
            matcher.set_seq2(text)
            for c in pool:
                if c.code in scored:
                    continue
                matcher.set_seq1(c.name)
                if matcher.real_quick_ratio() < 0.4 or matcher.quick_ratio() < 0.4:
                    continue
                r = matcher.ratio()
                if r >= 0.4:
                    scored[c.code] = r
        order = {k: i for i, k in enumerate(self._codes)}
        best = sorted(scored, key=lambda k: (-scored[k], order[k]))
        return [self._codes[k] for k in best[:limit]]
