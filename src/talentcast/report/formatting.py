"""Language-aware number formatting and the message catalogue (zh-CN default, English).

Numbers are formatted the way each language's readers expect them in a labour-market report:
Chinese uses 万 for tens of thousands (``1.23万人``), English uses thousands separators and
"million" for employment stocks. All functions are pure.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from talentcast.errors import ReportError

LANGS = ("zh", "en")
_MESSAGES = Path(__file__).resolve().parent / "messages"


def _is_missing(x: Any) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        return False


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ReportError naming the supported languages."""
    if lang not in LANGS:
        raise ReportError(f"unsupported report language {lang!r}", hint=f"use one of {', '.join(LANGS)}")
    return lang


@cache
def _load_catalogue(lang: str) -> dict[str, str]:
    path = _MESSAGES / f"{check_lang(lang)}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ReportError(f"message catalogue {path} cannot be read: {exc}",
                          hint="reinstall talentcast or fix the TOML syntax") from exc
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict[str, Any]) -> None:
        for k, v in node.items():
            key = f"{prefix}{k}"
            if isinstance(v, dict):
                walk(key + ".", v)
            else:
                flat[key] = str(v)

    walk("", data)
    return flat


@dataclass(frozen=True)
class Messages:
    """A message catalogue for one language; ``m("section.key", n=3)`` formats a label.

    Missing keys raise ReportError (never a silent fallback), so a template cannot ship a label
    that one language lacks.
    """

    lang: str

    @property
    def catalogue(self) -> dict[str, str]:
        return _load_catalogue(self.lang)

    def __call__(self, key: str, **kwargs: Any) -> str:
        try:
            text = self.catalogue[key]
        except KeyError:
            raise ReportError(f"message {key!r} missing from the {self.lang} catalogue",
                              hint=f"add it to src/talentcast/report/messages/{self.lang}.toml") from None
        return text.format(**kwargs) if kwargs else text

    def get(self, key: str, default: str) -> str:
        """Look up ``key``, returning ``default`` for open-ended vocabularies (ratings, actions)."""
        return self.catalogue.get(key, default)

    def section(self, prefix: str) -> dict[str, str]:
        """All labels under ``prefix.`` as a flat dict (for templates: ``L.title``)."""
        p = prefix + "."
        return {k[len(p):]: v for k, v in self.catalogue.items() if k.startswith(p)}


def group_digits(n: int) -> str:
    """Thousands separators: 1234567 -> '1,234,567'."""
    return f"{n:,d}"


def fmt_num(x: Any, lang: str, digits: int = 0) -> str:
    """A plain number with thousands separators; '—' when missing."""
    if _is_missing(x):
        return "—"
    v = float(x)
    if digits == 0:
        return group_digits(int(round(v)))
    return f"{v:,.{digits}f}"


def fmt_people(x: Any, lang: str, unit: bool = True) -> str:
    """A count of people (openings, entrants).

    zh: below 10,000 as '3,456人', from 10,000 as '1.23万人'. en: '12,345' (+ ' people').
    """
    if _is_missing(x):
        return "—"
    v = float(x)
    if lang == "zh":
        if abs(v) >= 10_000:
            s = f"{v / 10_000:,.2f}万"
        else:
            s = group_digits(int(round(v)))
        return s + ("人" if unit else "")
    s = group_digits(int(round(v)))
    return s + (" people" if unit else "")


def fmt_people_range(lo: Any, hi: Any, lang: str) -> str:
    """An interval of people counts: '1.20万–1.50万人' / '12,000–15,000'."""
    if _is_missing(lo) or _is_missing(hi):
        return "—"
    return f"{fmt_people(lo, lang, unit=False)}–{fmt_people(hi, lang, unit=(lang == 'zh'))}"


def fmt_emp10k(x: Any, lang: str) -> str:
    """Employment stock given in 万人 (``employment_10k``).

    zh: '353.2万人'; en: '3.53 million persons' from one million, else '52 thousand persons'.
    The unit is always written out, and English rounds to the precision the 万人 source has
    (one decimal of 万 = 1,000 persons), so it never shows a false '599,141'.
    """
    if _is_missing(x):
        return "—"
    v = float(x)
    if lang == "zh":
        return f"{v:,.1f}万人"
    persons = v * 10_000
    if abs(persons) >= 1_000_000:
        return f"{persons / 1_000_000:,.2f} million persons"
    return f"{group_digits(int(round(persons / 1_000)))} thousand persons"


def fmt_pct(x: Any, lang: str, digits: int = 1, signed: bool = False) -> str:
    """A share or rate given as a fraction (0.123 -> '12.3%')."""
    if _is_missing(x):
        return "—"
    v = float(x) * 100
    sign = "+" if signed and v > 0 else ""
    return f"{sign}{v:.{digits}f}%"


def fmt_cny_month(x: Any, lang: str) -> str:
    """A monthly salary in yuan: '5,200元/月' / 'CNY 5,200 a month'."""
    if _is_missing(x):
        return "—"
    n = group_digits(int(round(float(x))))
    return f"{n}元/月" if lang == "zh" else f"CNY {n}/month"


def fmt_ratio(x: Any, lang: str, digits: int = 2) -> str:
    """A dimensionless ratio (MASE, intensity)."""
    if _is_missing(x):
        return "—"
    return f"{float(x):.{digits}f}"


_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def safe_file_stem(group_id: str) -> str:
    """Return ``group_id`` if it is usable as part of a file name, else raise ReportError.

    File names come only from registry ids (letters, digits, '-' and '_'), never from free text,
    so a hostile id like ``../../etc/x`` or ``a b<c>`` is refused rather than rewritten.
    """
    if not isinstance(group_id, str) or not _SAFE_ID.match(group_id):
        raise ReportError(f"group id {group_id!r} cannot be used in a file name",
                          hint="group ids in the registry must match [A-Za-z0-9][A-Za-z0-9_-]*")
    return group_id
