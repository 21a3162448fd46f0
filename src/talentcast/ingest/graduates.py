"""Graduates ingestor: see :mod:`talentcast.ingest.cohorts` for the input format."""

from __future__ import annotations

from talentcast.ingest.cohorts import SYNONYMS as _ALL
from talentcast.ingest.cohorts import ingest_supply

SYNONYMS = _ALL["graduates"]


def ingest_graduates(lake, paths, **kw):  # noqa: ANN001, ANN003, ANN201 - thin wrapper
    """Ingest graduate-outcome files into ``graduates`` (same keywords as ingest_files)."""
    return ingest_supply(lake, "graduates", paths, **kw)


__all__ = ["SYNONYMS", "ingest_graduates"]
