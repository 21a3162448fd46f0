"""Postings ingest and classification mapped over file chunks on an :class:`~talentcast.engine.Engine`.

The local ingest (:func:`talentcast.ingest.postings.ingest_postings`) reads each file in one
process. Here the driver splits every file into partitions, the engine's workers run the pure
parse + normalise step on them, and the driver writes the results through the lake exactly as
the local path does: one transaction per file, the same row accounting, the same manifest
entry, and dedup flags computed on the driver over the dedup keys of the whole run (so a
duplicate is flagged whichever worker saw its first occurrence). The rows, posting ids,
duplicate flags and quarantine rows are identical to the local engine's.

Partitions:

* **CSV/TSV**: byte ranges that start on a record boundary. A newline is a record boundary
  when an even number of quote characters precede it (RFC 4180 quoting, which is what the
  Arrow reader implements; ``""`` inside a quoted field keeps the parity). Each worker checks
  that every quote in its chunk sits where RFC 4180 puts one (opening after a delimiter or a
  line start, closing before one); where a stray quote makes the parity unreliable, or a row
  is ragged (its record number depends on the reader's batches), the file falls back to one
  whole-file partition, so the result never depends on where the file was cut. Later chunks
  get the header record prepended.
* **JSON lines**: byte ranges that start after a newline (JSON strings cannot hold a raw
  newline, so every newline ends a record), and only where the local reader starts a batch
  (every ``batch_rows`` non-blank lines): Arrow infers JSON column types per batch, and a batch
  holding a broken line is read by the Python fallback, so the text of a value can depend on
  its batch; cutting only between batches keeps every batch as the local engine reads it.
* Everything else (gzip'd files, JSON documents, spreadsheets, UTF-16, files no bigger than one
  chunk) is one whole-file partition.

Record numbers and posting ids are computed per chunk from 1 and shifted by the driver by the
number of records (CSV) or lines (JSON lines) in the earlier chunks of the file.

Workers open the input files by path: on a Dask cluster every worker must see the files at
the same path (a shared or network filesystem), as with any Dask file reader.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from talentcast.engine import Engine, split_frame_rows, tune_worker_memory
from talentcast.errors import InputFileError
from talentcast.ingest.common import FileContext, FileReport, IngestReport, commit_file, file_sha256, files_error, missing_file
from talentcast.ingest.postings import KeySet
from talentcast.lake import Lake

TABLE = "postings"
#: Target bytes per chunk; big enough that Arrow's reader and the normaliser run at full speed.
DEFAULT_CHUNK_BYTES = 32 << 20
_READ_BLOCK = 8 << 20
#: Encodings in which the bytes of '"' and '\n' only ever stand for themselves (no multi-byte
#: sequence contains them), so a byte offset can be a record boundary.
_SPLITTABLE_ENCODINGS = {"utf-8", "utf8", "utf-8-sig", "ascii", "gb18030", "gbk", "gb2312", "big5"}
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Chunk:
    """One partition of one input file: what a worker needs to parse and normalise it.

    Attributes:
        file_no: Position of the file in the input list.
        path: Input file (workers open it by this path).
        chunk_no: Position of the chunk in the file.
        start: First byte (0 for a whole-file partition).
        end: Byte after the last (-1: whole file).
        header_end: CSV: bytes ``[0, header_end)`` hold the header record, prepended to
            every chunk but the first.
        fmt: csv | tsv | jsonl (chunks) or the sniffed format (whole files).
        encoding: Encoding the reader is forced to (detected once on the driver for chunks;
            the user's choice, possibly None, for whole files).
        source: Platform recorded on the rows.
        file_sha: SHA-256 of the file (posting ids are derived from it).
        mapping: Field → column overrides (already validated).
        batch_rows: Reader batch size.
        soft: The workspace's soft column map (applied where the file has the column).
    """

    file_no: int
    path: str
    chunk_no: int
    start: int
    end: int
    header_end: int
    fmt: str
    encoding: str | None
    source: str
    file_sha: str
    mapping: tuple[tuple[str, str], ...]
    batch_rows: int = 50_000
    soft: tuple[tuple[str, str], ...] = ()

    @property
    def whole(self) -> bool:
        return self.end < 0


@dataclass
class ChunkResult:
    """What a worker sends back for one chunk (record numbers local to the chunk, from 1).

    Attributes:
        table: Normalised accepted rows (``postings`` columns without ``is_duplicate``).
        dkey: 64-bit dedup key of each accepted row.
        quarantined: Quarantined records (record no., raw, reason, detail), in reader order.
        n_records: Records (CSV) or lines (JSON lines) the chunk spans: the offset of the next.
        fallback: Why the file must be re-read whole ('' when the chunk is fine).
        error: InputFileError message when the file cannot be read at all.
    """

    file_no: int
    chunk_no: int
    table: pa.Table | None = None
    dkey: np.ndarray = field(default_factory=lambda: np.empty(0, np.uint64))
    quarantined: list[tuple[int, str, str, str]] = field(default_factory=list)
    n_records: int = 0
    fallback: str = ""
    error: str | None = None
    error_hint: str | None = None


# ----------------------------------------------------------------------------- planning (driver)


def plan_file(file_no: int, path: Path, *, source: str | None, mapping: dict[str, str], encoding: str | None,
              chunk_bytes: int, batch_rows: int, soft: dict[str, str] | None = None) -> tuple[str, list[Chunk]]:
    """Hash a file and cut it into chunks; returns (sha256, chunks).

    The file is read once: the SHA-256 and, for CSV, the quote parity at each candidate
    boundary come from the same pass.
    """
    from talentcast.ingest.postings import guess_platform
    from talentcast.ingest.readers import detect_encoding, is_gzip, read_sample, sniff_format

    src = source or guess_platform(path)
    mp = tuple(sorted(mapping.items()))
    sm = tuple(sorted((soft or {}).items()))

    def whole(sha: str, fmt: str = "") -> tuple[str, list[Chunk]]:
        return sha, [Chunk(file_no, str(path), 0, 0, -1, 0, fmt, encoding, src, sha, mp, batch_rows, sm)]

    size = os.path.getsize(path)
    try:
        splittable = size > chunk_bytes and not is_gzip(path)
        fmt = sniff_format(path) if splittable else ""
        enc = detect_encoding(path, read_sample(path), encoding) if splittable and fmt in ("csv", "tsv", "jsonl") else ""
    except InputFileError:
        splittable, fmt, enc = False, "", ""
    if not splittable or fmt not in ("csv", "tsv", "jsonl") or enc.lower() not in _SPLITTABLE_ENCODINGS:
        return whole(file_sha256(path), fmt)
    sha, starts, header_end = _scan(path, chunk_bytes, quotes=fmt != "jsonl", batch_rows=batch_rows)
    if fmt != "jsonl":
        if header_end <= 0:
            return whole(sha, fmt)
        with open(path, "rb") as fh:
            head = fh.read(header_end)
        if not head.replace(_BOM, b"").strip():
            # A blank first line: the header is on a later line; prepending would mislead the reader.
            return whole(sha, fmt)
        from talentcast.ingest.readers import read_sample, title_rows

        if title_rows(read_sample(path), enc, "\t" if fmt == "tsv" else ",") > 0:
            # A title line above the header: chunks would take it for their header.
            return whole(sha, fmt)
    starts = [s for s in starts if s < size]
    if len(starts) < 2:
        return whole(sha, fmt)
    ends = starts[1:] + [size]
    return sha, [Chunk(file_no, str(path), i, s, e, header_end if fmt != "jsonl" else 0, fmt, enc, src, sha, mp, batch_rows, sm)
                 for i, (s, e) in enumerate(zip(starts, ends))]


def _scan(path: Path, chunk_bytes: int, *, quotes: bool, batch_rows: int = 0) -> tuple[str, list[int], int]:
    """One pass over the file: SHA-256, chunk start offsets and the end of the first record.

    CSV (``quotes``): a candidate boundary is the byte after a newline with an even number of
    quote characters before it. JSON lines: the byte after the newline that ends every
    ``batch_rows``-th non-blank line, so that each chunk is made of the very batches the local
    reader forms (its type inference is per batch, and a batch with a broken line is read
    differently: chunks must not cut a batch).
    """
    h = hashlib.sha256()
    starts = [0]
    header_end = -1 if quotes else 0
    target = 0 if quotes else chunk_bytes  # first wanted boundary: end of the header, then every chunk_bytes
    n_quotes = 0
    n_lines = 0  # non-blank lines so far (JSON lines)
    carry_blank = True  # the part of the current line in earlier blocks is all whitespace
    pos = 0
    with open(path, "rb") as fh:
        while block := fh.read(_READ_BLOCK):
            h.update(block)
            end = pos + len(block)
            a = None
            if not quotes:
                a = np.frombuffer(block, np.uint8)
                nl = np.flatnonzero(a == 10)
                nonblank = np.ones(nl.size, bool)
                # A line is blank only if every byte is whitespace: check just the lines that
                # start with whitespace (rare), so the scan stays at memchr-like speed.
                first = np.concatenate([[0], nl[:-1] + 1]) if nl.size else nl
                suspect = np.flatnonzero(np.isin(a[np.minimum(first, a.size - 1)], _WHITESPACE)) if nl.size else nl
                for j in suspect:
                    lo = int(first[j])
                    blank = not block[lo : int(nl[j])].strip()
                    if j == 0:
                        blank = blank and carry_blank
                    nonblank[j] = not blank
                if nl.size:
                    tail = block[int(nl[-1]) + 1 :]
                    carry_blank = not tail.strip()
                else:
                    carry_blank = carry_blank and not block.strip()
                cum = n_lines + np.cumsum(nonblank)
                at_batch_end = nonblank & (cum % max(1, batch_rows) == 0)
                cand_all = nl[at_batch_end] + pos + 1
                n_lines = int(cum[-1]) if cum.size else n_lines
            if target < end:
                if quotes:
                    a = np.frombuffer(block, np.uint8)
                    nl = np.flatnonzero(a == 10)
                    qpos = np.flatnonzero(a == 34)
                    nl = nl[(n_quotes + np.searchsorted(qpos, nl)) % 2 == 0]
                    cand = nl + pos + 1  # absolute offset of the byte after each boundary newline
                else:
                    cand = cand_all
                while target < end:
                    i = np.searchsorted(cand, target)
                    if i >= len(cand):
                        break
                    b = int(cand[i])
                    if header_end < 0:
                        header_end = b
                        target = max(b, chunk_bytes)
                        continue
                    starts.append(b)
                    target = b + chunk_bytes
            if quotes:
                n_quotes += block.count(b'"')
            pos = end
    return h.hexdigest(), starts, header_end


_WHITESPACE = np.array([9, 10, 11, 12, 13, 32], np.uint8)


# ----------------------------------------------------------------------------- worker


def quote_structure_ok(buf: bytes, delimiter: int) -> bool:
    """Whether every quote in ``buf`` (starting at a record boundary) is where RFC 4180 allows.

    Opening quotes (even ordinal) must follow a delimiter, a line break, the start or a BOM,
    or a closing quote (``""``); closing quotes (odd ordinal) must precede a delimiter, a
    line break, the end or another quote. Otherwise quote parity is not the reader's state.
    """
    a = np.frombuffer(buf, np.uint8)
    q = np.flatnonzero(a == 34)
    if q.size == 0:
        return True
    n = a.size
    prev = np.where(q > 0, a[np.maximum(q - 1, 0)], 10)
    if buf.startswith(_BOM):
        prev = np.where(q == len(_BOM), 10, prev)
    nxt = np.where(q + 1 < n, a[np.minimum(q + 1, n - 1)], 10)
    seps = np.array([delimiter, 10, 13, 34], np.uint8)
    opening = np.arange(q.size) % 2 == 0
    ok_open = np.isin(prev, seps)
    ok_close = np.isin(nxt, seps)
    return bool(np.all(np.where(opening, ok_open, ok_close)))


def parse_chunk(chunk: Chunk) -> ChunkResult:
    """Worker step: read one chunk and normalise it (pure: touches no lake). Picklable."""
    tune_worker_memory()
    res = ChunkResult(chunk.file_no, chunk.chunk_no)
    tmpdir = None
    read_path = Path(chunk.path)
    try:
        if not chunk.whole:
            with open(chunk.path, "rb") as fh:
                head = b""
                if chunk.header_end and chunk.chunk_no > 0:
                    head = fh.read(chunk.header_end)
                fh.seek(chunk.start)
                body = fh.read(chunk.end - chunk.start)
            if chunk.fmt != "jsonl":
                delim = 9 if chunk.fmt == "tsv" else 44
                if not quote_structure_ok(body, delim):
                    res.fallback = "a quote character outside RFC 4180 positions"
                    return res
            else:
                res.n_records = body.count(b"\n")
            tmpdir = tempfile.mkdtemp(prefix="talentcast-chunk-")
            read_path = Path(tmpdir) / f"chunk.{chunk.fmt}"
            with open(read_path, "wb") as out:
                out.write(head)
                out.write(body)
            del body
        _normalise_file(read_path, chunk, res)
    except InputFileError as exc:
        msg = exc.message if hasattr(exc, "message") else str(exc)
        res.error = msg.replace(str(read_path), f"{chunk.path} (bytes {chunk.start}-{chunk.end})") if not chunk.whole else msg
        res.error_hint = getattr(exc, "hint", None)
        res.table = None
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
    return res


def _normalise_file(read_path: Path, chunk: Chunk, res: ChunkResult) -> None:
    """Read and normalise a chunk batch by batch with the local engine's step (postings.normalise_batch)."""
    from talentcast.ingest.postings import normalise_batch
    from talentcast.ingest.readers import iter_arrow_batches

    mapping, soft = dict(chunk.mapping), dict(chunk.soft)
    _, batches = iter_arrow_batches(read_path, encoding=chunk.encoding, batch_rows=chunk.batch_rows)
    columns: dict[str, str] | None = None
    tables: list[pa.Table] = []
    keys: list[np.ndarray] = []
    is_chunk_csv = not chunk.whole and chunk.fmt != "jsonl"
    for batch in batches:
        if is_chunk_csv and any(b[2] == "ragged_row" for b in batch.bad):
            # The reader numbers ragged rows relative to its own batches: only a whole-file
            # read gives the local engine's record numbers.
            res.fallback = "a ragged row"
            return
        if is_chunk_csv:
            res.n_records += len(batch.numbers) + len(batch.bad)
        tbl, dkey, quarantined, columns = normalise_batch(batch, columns, mapping, source=chunk.source, file=Path(chunk.path).name,
                                                          file_sha=chunk.file_sha, soft=soft, path=chunk.path)
        res.quarantined += quarantined
        if tbl is not None and tbl.num_rows:
            tables.append(tbl)
            keys.append(dkey)
    if tables:
        res.table = pa.concat_tables(tables)
        res.dkey = np.concatenate(keys)


# ----------------------------------------------------------------------------- driver


class _Fallback(Exception):
    pass


def ingest_postings_parallel(
    lake: Lake,
    paths: Sequence[str | os.PathLike[str]],
    engine: Engine | None = None,
    *,
    source: str | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    batch_rows: int = 50_000,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    raise_on_error: bool = True,
    soft_mapping: dict[str, str] | None = None,
) -> IngestReport:
    """Ingest posting files with parse + normalise mapped over chunks on ``engine``.

    Same contract and same result as :func:`talentcast.ingest.postings.ingest_postings`: one
    transaction per file (a file lands whole or not at all), a file already in the manifest is
    skipped, ``rows_read == rows_accepted + rows_quarantined`` per file, duplicates flagged
    against the lake, earlier files and earlier rows of the same file.

    Args:
        lake: Target lake (written by this process only; workers never touch it).
        paths: Input files, in order (the first occurrence of a duplicate wins).
        engine: Where chunks run (default: in-process).
        source: Platform name for every row (default: guessed from each path).
        mapping: Field → column overrides.
        encoding: Force an encoding.
        batch_rows: Reader batch size.
        chunk_bytes: Target chunk size; files no bigger than one chunk are one partition.
        raise_on_error: Raise InputFileError at the end if a file could not be read.
        soft_mapping: The workspace's column map, applied to the files that have the column
            (as for the local ingest).

    Returns:
        The :class:`IngestReport`.

    Raises:
        InputFileError: Some file could not be read (the others were ingested; ``exc.report``).
    """
    from talentcast.ingest.postings import lake_dedup_keys, normalise_mapping

    engine = engine or Engine()
    mapping = normalise_mapping(mapping)
    soft = normalise_mapping(soft_mapping)
    known = lake_dedup_keys(lake)
    reports: dict[int, FileReport] = {}
    planned: dict[int, tuple[Path, str, list[Chunk]]] = {}

    def plan() -> Iterator[Chunk]:
        # Lazy: the driver hashes and cuts the next file while workers parse the current one.
        for i, p in enumerate(paths):
            path = Path(p)
            if not path.is_file():
                reports[i] = missing_file(path)
                continue
            sha, chunks = plan_file(i, path, source=source, mapping=mapping, encoding=encoding, chunk_bytes=chunk_bytes,
                                    batch_rows=batch_rows, soft=soft)
            if lake.seen(sha, TABLE):
                reports[i] = FileReport(file=str(path), status="already_ingested", sha256=sha)
                continue
            planned[i] = (path, sha, chunks)
            yield from chunks

    results = engine.imap(parse_chunk, plan())
    for file_no, group in itertools.groupby(results, key=lambda r: r.file_no):
        path, sha, chunks = planned[file_no]
        try:
            fr, file_keys = _write_file(lake, path, sha, source, group, known)
        except _Fallback:
            whole = replace(chunks[0], chunk_no=0, start=0, end=-1, header_end=0, fmt="", encoding=encoding)
            fr, file_keys = _write_file(lake, path, sha, source, iter(engine.map(parse_chunk, [whole])), known)
        if fr.status == "ingested":
            known.add(file_keys.array())
        reports[file_no] = fr

    report = IngestReport(kind=TABLE)
    for i in sorted(reports):
        report.add(reports[i])
    if raise_on_error and report.errors:
        raise files_error(report)
    return report


def _write_file(lake: Lake, path: Path, sha: str, source: str | None, results: Iterator[ChunkResult],
                known: KeySet) -> tuple[FileReport, KeySet]:
    """Write one file's chunk results in one transaction (dedup flags against ``known``).

    Returns the file's report and its dedup keys (for the files after it, once committed). A
    file whose content an earlier path of the run already landed is ``already_ingested``.

    Raises:
        _Fallback: A chunk asks for a whole-file read (nothing of the file was written).
    """
    from talentcast.ingest.postings import commit_batch, posting_ids

    seen_here = KeySet()

    def handle(ctx: FileContext) -> None:
        offset = 0  # records of the file's earlier chunks
        for r in results:
            if r.fallback:
                raise _Fallback(r.fallback)
            if r.error is not None:
                raise InputFileError(r.error, hint=r.error_hint)
            tbl, quarantined = r.table, r.quarantined
            if offset:
                quarantined = [(line + offset, *rest) for line, *rest in quarantined]
                if tbl is not None and tbl.num_rows:
                    rec = pc.add(tbl.column("record_no"), pa.scalar(offset, pa.int64()))
                    tbl = tbl.set_column(tbl.schema.get_field_index("record_no"), "record_no", rec)
                    ids = posting_ids(tbl.column("source")[0].as_py(), sha, rec.to_numpy())
                    tbl = tbl.set_column(tbl.schema.get_field_index("posting_id"), "posting_id", ids)
            commit_batch(ctx, tbl, r.dkey, quarantined, known, seen_here)
            offset += r.n_records

    # allow_empty as in the local ingest: a header-only export is a valid empty result.
    return commit_file(lake, TABLE, path, sha, handle, source=source, allow_empty=True), seen_here


# ----------------------------------------------------------------------------- classification


def _classify_part(df: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    from talentcast.crosswalk.classifier import classify_frame

    tune_worker_memory()
    return classify_frame(df, **kwargs)


def classify_partitioned(df: pd.DataFrame, engine: Engine | None = None, *, partition_rows: int = 50_000, classifier: Any = None,
                         **kwargs: Any) -> pd.DataFrame:
    """:func:`talentcast.crosswalk.classifier.classify_frame` mapped over row partitions.

    The classifier is loaded once on the driver and shipped with the function, so every
    worker uses the same model; rows are classified independently, so the result equals one
    ``classify_frame`` call over the whole table (same index, same order).

    Args:
        df: Postings (a ``title`` column, optionally ``description`` and ``education``).
        engine: Where partitions run (default: in-process).
        partition_rows: Rows per partition.
        classifier: The model (default: :func:`load_or_train_classifier`).
        **kwargs: ``threshold``, ``corrections``, ``kb`` as for ``classify_frame``.
    """
    from talentcast.crosswalk.classifier_training import load_or_train_classifier

    engine = engine or Engine()
    if classifier is None:
        classifier = load_or_train_classifier()
    parts = split_frame_rows(df, partition_rows)
    out = engine.map(partial(_classify_part, classifier=classifier, **kwargs), parts)
    if len(out) == 1:
        return out[0]
    # Per-row arrays in attrs (the top suggestion of unclassified rows) are concatenated too.
    attrs = [o.attrs for o in out]
    for o in out:
        o.attrs = {}
    res = pd.concat(out)
    for key in attrs[0]:
        vals = [a.get(key) for a in attrs]
        if all(isinstance(v, np.ndarray) and len(v) == len(o) for v, o in zip(vals, out)):
            res.attrs[key] = np.concatenate(vals)
        else:
            res.attrs[key] = vals[0]
    return res
