"""Enrollment ingestor: see :mod:`talentcast.ingest.supply` for the input format."""

from __future__ import annotations

from talentcast.ingest.supply import ENROLLMENT as SYNONYMS
from talentcast.ingest.supply import ingest_supply


def ingest_enrollment(lake, paths, **kw):  # noqa: ANN001, ANN003, ANN201 - thin wrapper
    """Ingest enrollment files into ``enrollment`` (same keywords as ingest_files)."""
    return ingest_supply(lake, "enrollment", paths, **kw)


__all__ = ["SYNONYMS", "ingest_enrollment"]
