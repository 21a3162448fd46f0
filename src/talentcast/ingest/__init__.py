"""ingest stage: statistics, postings, graduates and enrollment into the validated lake.

Public API::

    from talentcast.ingest import ingest_files
    report = ingest_files(lake, "postings", ["a.csv", "b.json.gz"], source=None,
                          mapping={"title": "岗位名称"}, encoding=None)
    report.to_dict()   # {"rows_read", "rows_accepted", "rows_quarantined", "rows_duplicate", "files": [...]}
    print(report)      # plain table; report.rows() gives the rows for rich

Shared machinery for other ingestors (file hashing, per-file transactions, quarantine, row
accounting): :mod:`talentcast.ingest.common` (see its docstring for a worked example).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from talentcast.errors import ConfigError
from talentcast.ingest.common import FileContext, FileReport, IngestReport, file_sha256, ingest_with
from talentcast.lake import Lake

KINDS = ("statistics", "postings", "graduates", "enrollment", "programmes")

__all__ = ["KINDS", "FileContext", "FileReport", "IngestReport", "file_sha256", "ingest_files", "ingest_with"]


def ingest_files(
    lake: Lake,
    kind: str,
    paths: Sequence[str | os.PathLike[str]],
    *,
    source: str | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    **options: Any,
) -> IngestReport:
    """Ingest ``paths`` as ``kind`` into ``lake``; one transaction per file.

    Args:
        lake: Target lake.
        kind: statistics | postings | graduates | enrollment | programmes.
        paths: Input files.
        source: Source name recorded in the rows (default: guessed from the path).
        mapping: Field → column (or dotted JSON path) overrides, as from ``--map F=COL``.
        encoding: Force an encoding instead of detecting it.
        **options: Passed to the kind's ingestor (e.g. ``batch_rows``, ``status``).

    Returns:
        The :class:`IngestReport` (``.to_dict()`` is the ``--json`` shape).

    Raises:
        ConfigError: Unknown kind or mapping field.
        InputFileError: A file could not be read at all (others were ingested; ``exc.report``).
    """
    if kind == "postings":
        from talentcast.ingest.postings import ingest_postings

        return ingest_postings(lake, paths, source=source, mapping=mapping, encoding=encoding, **options)
    if kind == "statistics":
        from talentcast.ingest.statistics import ingest_statistics

        return ingest_statistics(lake, paths, source=source, mapping=mapping, encoding=encoding, **options)
    if kind in ("graduates", "enrollment"):
        from talentcast.ingest.cohorts import ingest_supply

        return ingest_supply(lake, kind, paths, source=source, mapping=mapping, encoding=encoding, **options)
    if kind == "programmes":
        from talentcast.ingest import programmes  # written by another worker

        return programmes.ingest_programmes(lake, paths, source=source, mapping=mapping, encoding=encoding, **options)
    raise ConfigError(f"unknown ingest kind {kind!r}", hint=f"use one of {', '.join(KINDS)}")
