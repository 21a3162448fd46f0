"""Normalise Chinese job titles so identical posts compare equal (dedupe, corrections)."""

from __future__ import annotations

import re
import unicodedata

# Bracketed asides are usually a city, a shift or a perk ("（急招）", "(上海)"), not the post.
_BRACKETS = re.compile(r"[（(【\[][^）)】\]]{0,20}[）)】\]]")
_SPACE = re.compile(r"\s+")


def normalise_title(title: object) -> str:
    """Return a canonical form of a job title.

    NFKC (full-width → half-width), lower-case latin, bracketed asides removed (unless that
    leaves nothing), whitespace collapsed. Missing values give ``""``.
    """
    if title is None or (isinstance(title, float) and title != title):
        return ""
    text = unicodedata.normalize("NFKC", str(title)).lower().strip()
    stripped = _BRACKETS.sub(" ", text)
    if stripped.strip():
        text = stripped
    return _SPACE.sub(" ", text).strip()
