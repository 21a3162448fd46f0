"""Enrollment ingestor: see :mod:`talentcast.ingest.cohorts` for the input format."""

from __future__ import annotations

from talentcast.ingest.cohorts import SYNONYMS as _ALL
from talentcast.ingest.cohorts import ingest_supply
SYNONYMS = _ALL["enrollment"]


def ingest_enrollment(lake, paths, **kw):  # noqa: ANN001, ANN003, ANN201 - thin wrapper
    """Ingest enrollment files into ``enrollment`` (same keywords as ingest_files)."""
    return ingest_supply(lake, "enrollment", paths, **kw)


__all__ = ["SYNONYMS", "ingest_enrollment"]
