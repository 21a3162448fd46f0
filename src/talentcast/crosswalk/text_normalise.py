"""Normalise Chinese job titles so identical posts compare equal (dedupe, corrections, model input)."""

from __future__ import annotations

import re
import unicodedata

# Bracketed asides are usually a city, a shift or a perk ("（急招）", "(上海)"), not the post.
_BRACKETS = re.compile(r"[（(【\[][^）)】\]]{0,20}[）)】\]]")
# Reference numbers ("J10585", "MJ017492", "190226", "2019") and salaries ("5k起", "6-8k",
# "4.5千", "1万+") say nothing about the occupation but make every title distinct.
_REFNO = re.compile(r"(?<![a-z])[a-z]{0,3}-?\d{3,}")
_SALARY = re.compile(r"\d+(?:\.\d+)?(?:\s*[-~到至]\s*\d+(?:\.\d+)?)?\s*(?:k|千|万|w|元)(?:/月)?(?:以上|起|\+)?")
_SPACE = re.compile(r"\s+")


def normalise_title(title: object) -> str:
    """Return a canonical form of a job title.

    NFKC (full-width → half-width), lower-case latin, bracketed asides, reference numbers and
    salaries removed (unless that leaves nothing), whitespace collapsed. Missing values give ``""``.
    """
    if title is None or (isinstance(title, float) and title != title):
        return ""
    text = unicodedata.normalize("NFKC", str(title)).lower().strip()
    stripped = _SALARY.sub(" ", _REFNO.sub(" ", _BRACKETS.sub(" ", text)))
    if stripped.strip(" -_/|+,.;:"):
        text = stripped
    return _SPACE.sub(" ", text).strip()
