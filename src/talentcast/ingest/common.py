"""Shared ingest machinery: hashing, per-file transactions, quarantine and row accounting.

Every ingestor (statistics, postings, graduates, enrollment, and ``programmes`` written
elsewhere) runs through :func:`ingest_with`, which guarantees the contract of issue 3:

* a file already in the manifest (same SHA-256, same table) is skipped and adds nothing;
* each file is ingested in its own lake transaction: it lands whole or not at all;
* every record read is either accepted or quarantined with a reason code, and
  ``rows_read == rows_accepted + rows_quarantined`` is checked before commit;
* a file that cannot be read at all raises :class:`InputFileError` inside its transaction, so
  nothing of it lands; the other files still go in, and :func:`ingest_with` raises one
  ``InputFileError`` at the end naming every failed file (the report is on ``exc.report``).

How to write another ingestor (e.g. ``ingest/programmes.py``)::

    from talentcast.ingest.common import FileContext, ingest_with

    def _handle(ctx: FileContext) -> None:
        for batch in my_reader(ctx.path):                  # stream in batches
            ok, bad = split_valid(batch)                   # pure DataFrame -> DataFrame
            ctx.quarantine(bad["record_no"], bad["raw"], bad["reason"], bad["detail"])
            ctx.accept(ok)                                 # validated against schema, appended
        # optional: ctx.duplicates += n (rows accepted but flagged duplicate)

    def ingest_programmes(lake, paths, *, source=None, **kw) -> IngestReport:
        return ingest_with(lake, "programmes", paths, _handle, source=source, **kw)

``ctx.accept`` counts the rows it appends; ``ctx.quarantine`` counts the rows it quarantines,
so the invariant holds as long as every record read goes through one of the two.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from talentcast.errors import AlreadyIngestedError, InputFileError, LakeError
from talentcast.lake import Lake, Transaction
from talentcast.workspace import Workspace

RAW_LIMIT = 4000  # characters of raw content kept in quarantine.raw


def file_sha256(path: str | os.PathLike[str], chunk: int = 1 << 20) -> str:
    """SHA-256 of the file's bytes (streamed)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while b := fh.read(chunk):
            h.update(b)
    return h.hexdigest()


@dataclass
class RowCounts:
    """Row accounting shared by one file's report and the totals of an ingest call."""

    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    rows_duplicate: int = 0
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)


@dataclass(kw_only=True)
class FileReport(RowCounts):
    """Row accounting of one input file.

    Attributes:
        file: Path as given.
        status: ingested | already_ingested | error | dry_run (nothing written).
        error: Error message when status is error.
        fill_rates: Per field produced: the source ``column``, ``raw`` (share of accepted
            rows whose raw cell is filled) and ``landed`` (share of those whose field landed).
        warnings: Human-readable warnings (a field the raw holds that mostly lands empty).
        sheets: Per sheet or table of a statistics file: layout, measure, unit and counts.
        rows_replaced: Rows of an earlier ingest of this file (``--force``, or the same path
            with new content) that this ingest replaced.
    """

    file: str
    status: str = "ingested"
    sha256: str = ""
    error: str | None = None
    fill_rates: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sheets: list[dict[str, Any]] = field(default_factory=list)
    rows_replaced: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (keys file, rows_read, rows_accepted, rows_quarantined, rows_duplicate …)."""
        d = asdict(self)
        return {"file": d.pop("file"), **d}


@dataclass(kw_only=True)
class IngestReport(RowCounts):
    """Totals over all files of one ``ingest`` call plus one :class:`FileReport` per file."""

    kind: str
    files: list[FileReport] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, fr: FileReport) -> None:
        """Add one file's counts to the totals."""
        self.files.append(fr)
        for name in ("rows_read", "rows_accepted", "rows_quarantined", "rows_duplicate"):
            setattr(self, name, getattr(self, name) + getattr(fr, name))
        for k, v in fr.quarantined_by_reason.items():
            self.quarantined_by_reason[k] = self.quarantined_by_reason.get(k, 0) + v

    @property
    def errors(self) -> list[FileReport]:
        """Files that could not be read."""
        return [f for f in self.files if f.status == "error"]

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` shape: totals plus ``files`` (one entry per file, same keys)."""
        return {
            "kind": self.kind,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "rows_quarantined": self.rows_quarantined,
            "rows_duplicate": self.rows_duplicate,
            "quarantined_by_reason": dict(sorted(self.quarantined_by_reason.items())),
            "files": [f.to_dict() for f in self.files],
            **({"extra": self.extra} if self.extra else {}),
        }

    def rows(self) -> list[dict[str, Any]]:
        """Printable rows: one per file, then a ``TOTAL`` row (for a rich/plain table)."""
        def fmt(r: FileReport | IngestReport, name: str, status: str) -> dict[str, Any]:
            reasons = ", ".join(f"{k}={v}" for k, v in sorted(r.quarantined_by_reason.items()))
            return {
                "file": name,
                "status": status,
                "read": r.rows_read,
                "accepted": r.rows_accepted,
                "quarantined": r.rows_quarantined,
                "duplicates": r.rows_duplicate,
                "reasons": reasons,
            }

        out = [fmt(f, f.file, f.status if not f.error else f"error: {f.error.splitlines()[0]}") for f in self.files]
        out.append(fmt(self, "TOTAL", ""))
        return out

    def __str__(self) -> str:
        rows = self.rows()
        cols = list(rows[0].keys())
        widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols}
        lines = ["  ".join(c.ljust(widths[c]) for c in cols)]
        lines += ["  ".join(str(r[c]).ljust(widths[c]) for c in cols) for r in rows]
        return "\n".join(lines)


class FileContext:
    """What an ingestor's per-file handler gets: the file, the transaction and the counters.

    Attributes:
        path: Input file.
        name: File name recorded in the lake (``file`` columns).
        sha256: Content hash.
        table: Target table.
        source: --source value or None.
        options: Extra keyword options passed to :func:`ingest_with` (mapping, encoding …).
        report: This file's :class:`FileReport` (counters updated by accept/quarantine).
        duplicates: Add here the accepted rows flagged as duplicates.
    """

    def __init__(self, path: Path, sha256: str, table: str, tx: Transaction, source: str | None, options: dict[str, Any]) -> None:
        self.path = path
        self.name = path.name
        self.sha256 = sha256
        self.table = table
        self.tx = tx
        self.source = source
        self.options = options
        self.report = FileReport(file=str(path), sha256=sha256)
        self.partition_cols: Sequence[str] | None = None

    def accept(self, df: pd.DataFrame | Any, *, read: bool = True) -> None:
        """Append accepted rows (DataFrame or pyarrow Table) to the target table and count them."""
        n = df.num_rows if hasattr(df, "num_rows") else len(df)
        if n == 0:
            return
        self.tx.append(self.table, df, partition_cols=self.partition_cols)
        self.report.rows_accepted += n
        if read:
            self.report.rows_read += n

    def quarantine(
        self,
        lines: Iterable[Any],
        raws: Iterable[Any],
        reasons: Iterable[str] | str,
        details: Iterable[Any] | str | None = None,
        *,
        read: bool = True,
    ) -> None:
        """Quarantine rows (file, line/record no., raw content, reason code, detail) and count them."""
        q = quarantine_frame(self.table, self.name, lines, raws, reasons, details)
        if len(q) == 0:
            return
        self.tx.append("quarantine", q)
        self.report.rows_quarantined += len(q)
        if read:
            self.report.rows_read += len(q)
        for k, v in q["reason"].value_counts().items():
            self.report.quarantined_by_reason[str(k)] = self.report.quarantined_by_reason.get(str(k), 0) + int(v)

    @property
    def duplicates(self) -> int:
        return self.report.rows_duplicate

    @duplicates.setter
    def duplicates(self, n: int) -> None:
        self.report.rows_duplicate = n


WARN_RAW_SHARE = 0.1  # a field the raw holds for at least this share of rows …
WARN_LANDED_SHARE = 0.5  # … and that lands for less than this share of them gets a warning


def fill_rates(ctx: FileContext, columns: dict[str, str], raw_filled: dict[str, int], landed: dict[str, int]) -> None:
    """Record per-field fill rates on the file's report and warn about fields lost on the way.

    Args:
        ctx: The file's context (its report gets ``fill_rates`` and ``warnings``).
        columns: Field → source column.
        raw_filled: Field → accepted rows whose raw cell was filled.
        landed: Field → accepted rows whose normalised field is filled.
    """
    n = ctx.report.rows_accepted
    for f, col in columns.items():
        raw = raw_filled.get(f, 0)
        got = min(landed.get(f, 0), raw) if raw else landed.get(f, 0)
        ctx.report.fill_rates[f] = {"column": col, "raw": round(raw / n, 4) if n else 0.0,
                                    "landed": round(got / raw, 4) if raw else 0.0}
        if n and raw >= WARN_RAW_SHARE * n and got < WARN_LANDED_SHARE * raw:
            ctx.report.warnings.append(
                f"{ctx.path}: field {f} from column {col!r} is filled in {raw / n:.0%} of the rows but lands in only "
                f"{got / raw:.0%} of them; check the column's format or map another column with --map {f}=COLUMN")


def quarantine_frame(
    table: str,
    file: str,
    lines: Iterable[Any],
    raws: Iterable[Any],
    reasons: Iterable[str] | str,
    details: Iterable[Any] | str | None = None,
) -> pd.DataFrame:
    """Build quarantine rows; raw content is stringified and truncated to RAW_LIMIT characters."""
    lines = list(lines)
    n = len(lines)
    raws = ["" if r is None else (r if isinstance(r, str) else str(r)) for r in raws]
    raws = [r if len(r) <= RAW_LIMIT else r[:RAW_LIMIT] + f"…[{len(r)} chars]" for r in raws]
    reasons = [reasons] * n if isinstance(reasons, str) else list(reasons)
    if details is None or isinstance(details, str):
        details = [details] * n
    else:
        details = [None if d is None or (isinstance(d, float) and d != d) else str(d) for d in details]
    return pd.DataFrame(
        {
            "source_table": [table] * n,
            "file": [file] * n,
            "line": pd.array([None if (x is None or x != x) else int(x) for x in lines], dtype="Int64"),
            "raw": raws,
            "reason": reasons,
            "detail": details,
        }
    )


Handler = Callable[[FileContext], None]


def ingest_with(
    lake: Lake,
    table: str,
    paths: Sequence[str | os.PathLike[str]],
    handler: Handler,
    *,
    source: str | None = None,
    raise_on_error: bool = True,
    allow_empty: bool = False,
    force: bool = False,
    dry_run: bool = False,
    **options: Any,
) -> IngestReport:
    """Run ``handler`` over each file inside its own transaction, with manifest and accounting.

    Args:
        lake: Target lake.
        table: Target table (manifest entries are per table).
        paths: Input files.
        handler: Called with a :class:`FileContext`; must accept or quarantine every record.
        source: --source value passed through to the handler.
        raise_on_error: Raise InputFileError after all files if any could not be read.
        allow_empty: Record a file in which the handler read no record as ingested (a
            header-only postings export is a valid empty result). Otherwise such a file is an
            error: nothing in it was recognised (e.g. a postings file given as statistics).
        force: Ingest a file even if the manifest has its content, replacing its earlier rows.
        dry_run: Read and check every file, write nothing (status ``dry_run``).
        **options: Passed to the handler as ``ctx.options``.

    Returns:
        The :class:`IngestReport`.

    Raises:
        InputFileError: If a file does not exist or cannot be read (after the others went in);
            the report is attached as ``exc.report``.
    """
    report = IngestReport(kind=table)
    for p in paths:
        path = Path(p)
        report.add(missing_file(path) if not path.is_file() else
                   commit_file(lake, table, path, file_sha256(path), handler, source=source, allow_empty=allow_empty, options=options,
                               force=force, dry_run=dry_run))
    if raise_on_error and report.errors:
        raise files_error(report)
    return report


def missing_file(path: Path) -> FileReport:
    """The error report of an input path that is not a file."""
    return FileReport(file=str(path), status="error",
                      error=f"{path}: no such file (check the path; directories are not expanded, use a glob)")


def commit_file(
    lake: Lake,
    table: str,
    path: Path,
    sha: str,
    handler: Handler,
    *,
    source: str | None = None,
    allow_empty: bool = False,
    options: dict[str, Any] | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> FileReport:
    """Run ``handler`` over one file in its own transaction, with manifest and row accounting.

    The per-file step of :func:`ingest_with`. A file is recorded as ingested only when some of
    its rows were accepted: a file of which every row was quarantined (a workbook whose
    measure was not recognised) is an error, nothing of it lands, and it can be ingested again
    with better options. A file whose path was ingested before with other content, or any
    file with ``force``, replaces the rows of its earlier ingest (:func:`superseded_files`).

    Args:
        lake: Target lake.
        table: Target table.
        path: The input file.
        sha: Its SHA-256 (the manifest key).
        handler: Called with a :class:`FileContext`; must accept or quarantine every record.
        source: --source value passed through to the handler.
        allow_empty: Record a file in which the handler read no record as ingested.
        options: Passed to the handler as ``ctx.options``.
        force: Ingest even if the manifest has this content; replace the file's earlier rows.
        dry_run: Run the handler on a transaction that writes nothing (status ``dry_run``).

    Returns:
        The file's report: ``already_ingested`` if the manifest has its content (and not
        ``force``), ``error`` (and nothing of it in the lake) if the handler raised
        InputFileError or accepted nothing, ``dry_run``, else ``ingested``. Any other exception
        rolls the transaction back and propagates.
    """
    if not force and not dry_run and lake.seen(sha, table):
        return FileReport(file=str(path), status="already_ingested", sha256=sha)
    ctx: FileContext | None = None
    try:
        with (_DryRun() if dry_run else lake.transaction()) as tx:
            ctx = FileContext(path, sha, table, tx, source, options or {})
            replacing = (not dry_run) and bool(superseded_files(lake, table, path, sha, force=force))
            if replacing:
                # The lake drops the earlier version's rows (found by the parts its commit wrote,
                # quarantine included) in this same transaction: the swap is atomic.
                ctx.report.rows_replaced = earlier_rows(lake, table, path, sha, force=force)
            handler(ctx)
            fr = ctx.report
            if fr.rows_read == 0 and not allow_empty:
                # Nothing recognised (a postings export given as statistics, a header-only
                # file): recording it as ingested would hide the mistake and make
                # `refresh` skip the file for ever, so it is an error and nothing lands.
                raise InputFileError(
                    f"{path}: no {table} records found in it; nothing of it was ingested",
                    hint=f"check that it is a {table} file (`talentcast ingest KIND`) with a header row; "
                    "--map FIELD=COLUMN maps unrecognised headers",
                )
            if fr.rows_read and not fr.rows_accepted:
                reasons = ", ".join(f"{k} {v}" for k, v in sorted(fr.quarantined_by_reason.items(), key=lambda kv: -kv[1]))
                raise InputFileError(
                    f"{path}: none of its {fr.rows_read} rows was accepted ({reasons}); nothing of it was ingested",
                    hint="see `talentcast ingest KIND FILE --dry-run` for what each row or sheet gives; for statistics, "
                    "--measure/--unit/--region/--year state what the file does not",
                )
            if fr.rows_read != fr.rows_accepted + fr.rows_quarantined:
                raise LakeError(
                    f"{path}: row accounting broken (read {fr.rows_read} != accepted {fr.rows_accepted}"
                    f" + quarantined {fr.rows_quarantined}); nothing was written",
                    hint="this is a bug in the ingestor; please report it with the file",
                )
            if dry_run:
                fr.status = "dry_run"
            else:
                tx.record_file(sha, path, table, {k: v for k, v in fr.to_dict().items()
                                                   if k not in ("file", "sha256", "fill_rates", "warnings", "sheets")},
                               replace=replacing)
    except InputFileError as exc:
        failed = FileReport(file=str(path), status="error", sha256=sha, error=str(exc))
        if ctx is not None:  # what was read, for the user to see why (nothing of it landed)
            failed.rows_read, failed.quarantined_by_reason, failed.sheets = (
                ctx.report.rows_read, ctx.report.quarantined_by_reason, ctx.report.sheets)
        return failed
    except AlreadyIngestedError:
        # Another run committed the same content while this one read it: the lake re-checks
        # the manifest under its lock at commit, and nothing of this run's copy landed.
        return FileReport(file=str(path), status="already_ingested", sha256=sha)
    return fr


class _DryRun:
    """A stand-in transaction for ``--dry-run``: validates nothing, writes nothing."""

    def __enter__(self) -> _DryRun:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def append(self, table: str, df: Any, partition_cols: Sequence[str] | None = None) -> int:
        return len(df)

    replace = append

    def record_file(self, *args: Any, **kwargs: Any) -> None:
        return None


def superseded_files(lake: Lake, table: str, path: Path, sha: str, *, force: bool = False) -> set[str]:
    """File names whose earlier rows in ``table`` this ingest of ``path`` replaces.

    A raw file changed in place (same path, new content) replaces the rows of its earlier
    version; ``force`` also replaces the rows of an earlier ingest of the same content (after
    a lost part, or to re-ingest with other options). Rows are matched by the ``file`` column
    (the file name), the only provenance the rows carry.
    """
    if not lake.exists(table):
        return set()
    m = lake.manifest()
    if m.empty:
        return {path.name} if force else set()
    m = m[m["table"] == table]
    ws = Workspace(lake.root.parent)
    here = path.resolve()
    same_path = m["path"].map(lambda p: ws.resolve(p) == here)
    names = set(m.loc[same_path & (m["sha256"] != sha), "path"].map(lambda p: Path(p).name))
    if force:
        names.add(path.name)
    return names


def replaced_names(lake: Lake, table: str, paths: Sequence[str | os.PathLike[str]], *, force: bool = False) -> set[str]:
    """File names whose rows the ingest of ``paths`` will replace (see :func:`superseded_files`).

    Ingestors that check new rows against the lake (postings dedup, supply keys) leave these
    rows out, since they are about to be replaced.
    """
    out: set[str] = set()
    if not lake.exists(table):
        return out
    m = lake.manifest()
    ws = Workspace(lake.root.parent)
    known = set() if m.empty else {ws.resolve(p) for p in m.loc[m["table"] == table, "path"]}
    for p in paths:
        path = Path(p)
        if force:
            out.add(path.name)
        elif path.is_file() and path.resolve() in known:  # hash only files ingested before under this path
            out |= superseded_files(lake, table, path, file_sha256(path))
    return out


def earlier_rows(lake: Lake, table: str, path: Path, sha: str, *, force: bool = False) -> int:
    """Rows of ``table`` that earlier ingests of this file landed (what ``--force`` or a changed
    file replaces), from the manifest's row accounting."""
    m = lake.manifest()
    if m.empty:
        return 0
    ws = Workspace(lake.root.parent)
    here = path.resolve()
    m = m[m["table"] == table]
    hit = m["path"].map(lambda p: ws.resolve(p) == here) | ((m["sha256"] == sha) if force else False)
    total = 0
    for stats in m.loc[hit, "stats"]:
        try:
            total += int(json.loads(stats or "{}").get("rows_accepted", 0))
        except (ValueError, TypeError):
            continue
    return total


def files_error(report: IngestReport) -> InputFileError:
    """One InputFileError for the files of ``report`` that could not be read (report attached).

    One failed file gives its own message and hint; several give one line per file, so the
    user sees every file to fix without a repeated preamble.
    """
    errors = report.errors
    parts = [(f.error or f.file).split("\n  Hint: ", 1) for f in errors]
    if len(parts) == 1:
        msg, hint = parts[0][0], (parts[0][1] if len(parts[0]) > 1 else None)
    else:
        ok = len(report.files) - len(errors)
        msg = (f"{len(errors)} file(s) could not be ingested; nothing of them landed"
               + (f" ({ok} other file(s) went in)" if ok else "") + ":\n"
               + "\n".join(f"  - {p[0]}" for p in parts))
        hints = list(dict.fromkeys(p[1] for p in parts if len(p) > 1))
        hint = "; ".join(hints) if hints else None
    err = InputFileError(msg, hint=hint)
    err.report = report  # type: ignore[attr-defined]
    return err
