"""Read input files as they are: formats, compression, encodings, streaming batches.

The one reader path of every ingest kind. Two views of a file, over the same format sniffing,
gzip and encoding detection:

* :func:`iter_arrow_batches`: records as Arrow batches of string columns (postings,
  graduates, enrollment, register tables), title lines above the header skipped;
* :func:`read_grid`: the cells of every sheet as they stand (statistics tables, whose layout
  is worked out from the grid: title, unit line, one or two header rows).

Formats: csv, tsv (and .txt with a sniffed delimiter), xlsx, xls, json (a list of records or a
raw API page dump with nested records), jsonl/ndjson; any of the text formats gzip'd (detected
by magic bytes, not by the name). Encodings: UTF-8 (BOM or not), UTF-16, and GB18030 (a
superset of GBK), Big5 or Shift-JIS told apart by charset-normalizer from the first bytes;
``encoding=`` forces one.

Every reader yields records with their 1-based line (csv/xlsx) or record (json) number, and
reports records it cannot split into fields (ragged rows, invalid JSON lines) instead of
dropping them, so that the ingestors can quarantine them. Anything that makes a file unreadable
as a whole raises :class:`~talentcast.errors.InputFileError` naming the file and what to try.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from talentcast.errors import InputFileError

SAMPLE_BYTES = 1 << 20
FIELD_LIMIT = 1_000_000  # characters; longer fields are quarantined as field_too_large
csv.field_size_limit(1 << 30)

_TEXT_FORMATS = ("csv", "tsv", "json", "jsonl")


@dataclass
class Batch:
    """A batch of records from one file.

    Attributes:
        header: Column names (csv/xlsx) or None (json).
        records: Rows (list of str/None per column) or dicts (json).
        numbers: 1-based line/record number of each record.
        bad: Records that could not be split: (number, raw, reason, detail).
        sheets: The sheet of each record (workbooks only: a sheet per job fair or month may
            be all that dates its records).
    """

    header: list[str] | None
    records: list[Any] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    bad: list[tuple[int, str, str, str]] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    kind: str = "csv"  # "blocks": records read from 标签：值 lines (label_blocks)


def _err(path: Path, what: str, hint: str) -> InputFileError:
    return InputFileError(f"{path}: {what}; nothing of it was ingested", hint=hint)


def is_gzip(path: Path) -> bool:
    """Whether the file starts with the gzip magic bytes."""
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def open_binary(path: Path) -> IO[bytes]:
    """Open ``path`` for reading bytes, transparently un-gzipping it."""
    if is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def read_sample(path: Path, n: int = SAMPLE_BYTES) -> bytes:
    """First ``n`` decompressed bytes (InputFileError on a corrupt or truncated gzip)."""
    try:
        with open_binary(path) as fh:
            return fh.read(n)
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise _err(path, f"corrupt or truncated gzip ({exc})", "re-download or re-compress the file (gzip -t tests it)") from exc


def sniff_format(path: Path, sample: bytes | None = None) -> str:
    """Return csv | tsv | xlsx | xls | json | jsonl from the name, else from the content."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext in ("xlsx", "xlsm"):
        return "xlsx"
    if ext == "xls":
        return "xls"
    if ext in ("htm", "html"):  # a web or Word table saved as a page: read as the HTML ".xls" it is
        return "xls"
    if ext in ("jsonl", "ndjson"):
        return "jsonl"
    if ext == "json":
        return "json"
    if ext == "tsv":
        return "tsv"
    if ext == "csv":
        return "csv"
    sample = read_sample(path, 65536) if sample is None else sample
    if sample.startswith(b"PK\x03\x04"):
        return "xlsx"
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if _is_html(sample):
        return "xls"
    s = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if s.startswith(b"["):
        return "json"
    if s.startswith(b"{"):
        first = s.split(b"\n", 1)[0].strip()
        return "jsonl" if first.endswith(b"}") and b"\n{" in s else "json"
    # Over the first lines, not the first alone: a title line above the header has neither
    # delimiter, and Excel's "Unicode text" export keeps thousands separators inside its
    # tab-separated cells, so commas can be as common as tabs there.
    lines = sample.split(b"\n")[:30]
    tab_lines = sum(b"\t" in ln for ln in lines)
    comma_lines = sum(b"," in ln for ln in lines)
    return "tsv" if tab_lines and 2 * tab_lines >= comma_lines else "csv"


#: Encodings told apart when a file is not UTF-8 (GB18030 is a superset of GBK and GB2312).
CANDIDATE_ENCODINGS = ("gb18030", "big5", "shift_jis", "utf_16")
DETECT_BYTES = 256 << 10  # charset-normalizer needs far less than the 1 MiB sample


def detect_encoding(path: Path, sample: bytes | None = None, forced: str | None = None) -> str:
    """Detect the text encoding: BOMs, UTF-16 without BOM, UTF-8, else GB18030, Big5 or Shift-JIS.

    Non-UTF-8 text is told apart by charset-normalizer among :data:`CANDIDATE_ENCODINGS`: GBK
    and Big5 and Shift-JIS bytes all decode as GB18030 without an error (to mojibake), so the
    first encoding that decodes is not the answer. ``forced`` wins after a check it exists.

    Raises:
        InputFileError: For binary content or text in none of these encodings.
    """
    if forced:
        try:
            codecs.lookup(forced)
        except LookupError as exc:
            raise _err(path, f"unknown encoding {forced!r}", "use utf-8, utf-8-sig, gbk, gb18030, big5 or shift_jis") from exc
        return forced
    sample = read_sample(path) if sample is None else sample
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = sample[:8192]
    if b"\x00" in head:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) > 0.3 * (len(head) / 2) and min(even, odd) < 0.05 * (len(head) / 2):
            return "utf-16-be" if even > odd else "utf-16-le"
        raise _err(path, "looks binary (NUL bytes), not a text table", "export it as csv, xlsx or json")
    try:
        # The sample may end inside a multi-byte character: decode incrementally.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:DETECT_BYTES], cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    if best is not None:
        return "gb18030" if best.encoding in ("gbk", "gb2312") else best.encoding
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        pass
    raise _err(path, "encoding not recognised (not UTF-8/16, GB18030, Big5 or Shift-JIS)", "pass --encoding ENCODING")


def open_text(path: Path, encoding: str | None = None) -> tuple[IO[str], str]:
    """Open a (possibly gzip'd) text file decoded with the detected or forced encoding."""
    sample = read_sample(path)
    if not sample:
        raise _err(path, "file is empty", "check the export; an empty file has nothing to ingest")
    enc = detect_encoding(path, sample, encoding)
    return io.TextIOWrapper(open_binary(path), encoding=enc, newline=""), enc


def _wrap_stream_errors(path: Path, enc: str, exc: BaseException) -> InputFileError:
    if isinstance(exc, UnicodeDecodeError):
        return _err(path, f"cannot be decoded as {enc} at byte {exc.start} of a chunk ({exc.reason})",
                    "pass --encoding (e.g. gb18030 or utf-8) to force the right encoding")
    if isinstance(exc, (EOFError, gzip.BadGzipFile, zlib.error)):
        return _err(path, f"corrupt or truncated gzip ({exc})", "re-download or re-compress the file (gzip -t tests it)")
    return _err(path, f"cannot be read ({exc})", "check the file format")


def _parse_json_lines(lines: list[str], nums: list[int]) -> Batch:
    b = Batch(header=None)
    if not lines:
        return b
    try:
        # One json.loads over the whole batch is ~2x faster than one per line.
        objs = json.loads("[" + ",".join(lines) + "]")
        if len(objs) != len(lines):
            raise ValueError("count mismatch")
    except ValueError:
        objs = []
        for ln in lines:
            try:
                objs.append(json.loads(ln))
            except ValueError as exc:
                objs.append(exc)
    for n, ln, o in zip(nums, lines, objs):
        if isinstance(o, dict):
            b.records.append(o)
            b.numbers.append(n)
        elif isinstance(o, Exception):
            b.bad.append((n, ln.rstrip("\r\n"), "bad_record", f"invalid JSON ({o})"))
        else:
            b.bad.append((n, ln.rstrip("\r\n"), "bad_record", f"a JSON {type(o).__name__}, not an object"))
    return b


def find_record_lists(doc: Any) -> list[list[Any]]:
    """Locate the record arrays in a JSON document (a list, or a page dump with nested lists).

    The record arrays are the lists of objects found at the path pattern (``[*]`` for list
    indices) that holds the most objects: ``all_data[*].data.results`` for a 智联 dump,
    ``data.list`` or ``result`` for other platforms, the top level for a plain list.
    """
    weight: dict[tuple[str | None, ...], float] = {}  # path pattern (a key, or None for "[*]") → weight

    def walk(node: Any, pattern: tuple[str | None, ...], depth: int, scale: float) -> None:
        if depth > 8:
            return
        if isinstance(node, list):
            dicts = [x for x in node if isinstance(x, dict)]
            if dicts and len(dicts) >= len(node) / 2:
                # Weight by the number of keys: record lists beat lists of pages (few keys)
                # and small nested lists inside records (city.items, tags).
                weight[pattern] = weight.get(pattern, 0.0) + scale * sum(len(d) for d in dicts)
            # What lies inside a long list is estimated from an even sample of its items: a
            # dump's records all have the same shape, and walking each one is most of the cost.
            sample = node if len(node) <= _WALK_SAMPLE else node[:: len(node) // _WALK_SAMPLE][:_WALK_SAMPLE]
            inner = scale * len(node) / max(1, len(sample))
            for x in sample:
                walk(x, (*pattern, None), depth + 1, inner)
        elif isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, (list, dict)):
                    walk(v, (*pattern, k), depth + 1, scale)

    walk(doc, (), 0, 1.0)
    if not weight:
        return [[doc]] if isinstance(doc, dict) else []
    best = max(weight, key=lambda p: weight[p])
    return _lists_at(doc, best)


_WALK_SAMPLE = 20


def _lists_at(node: Any, steps: tuple[str | None, ...], parent: dict[str, Any] | None = None) -> list[list[Any]]:
    """Every list of objects at a path pattern (a key, or None for every item of a list) of a JSON document.

    Records nested in a record ("list[*].positions" under a company) take the enclosing record's
    plain fields as ``employer.<key>`` (its name, industry, city): a job listed under its employer
    is that employer's, and its own fields of the same meaning come first. ``parent`` holds those
    of the nearest enclosing list item.
    """
    if not steps:
        if isinstance(node, list):
            dicts = sum(1 for x in node if isinstance(x, dict))
            if dicts and dicts >= len(node) / 2:
                if parent:
                    return [[{**x, **{f"{INHERITED}.{k}": v for k, v in parent.items()}} if isinstance(x, dict) else x
                             for x in node]]
                return [node]
        return []
    step, rest = steps[0], steps[1:]
    if step is None:
        if not isinstance(node, list):
            return []
        # Only a record with a record list inside it hands its fields down (not a page of results).
        hands_down = len(rest) == 1 and rest[0] is not None  # list[*].positions: the item holds the records
        return [lst for x in node for lst in _lists_at(x, rest, _plain_fields(x) if hands_down else None)]
    child = node.get(step) if isinstance(node, dict) else None
    return _lists_at(child, rest, parent) if isinstance(child, (list, dict)) else []


#: Prefix of the fields a nested record takes from its enclosing record ("employer.city").
INHERITED = "employer"


def _plain_fields(x: Any) -> dict[str, Any] | None:
    """The scalar fields of a JSON object (None for anything else)."""
    if not isinstance(x, dict):
        return None
    return {k: v for k, v in x.items() if not isinstance(v, (list, dict))} or None


def iter_json(path: Path, *, encoding: str | None = None, batch_rows: int = 100_000) -> Iterator[ArrowBatch]:
    """Read a JSON document (list of records or an API page dump) and yield Arrow record batches.

    The document is parsed whole (page dumps are small); large inputs should be JSON lines. A
    ``.json`` file that holds JSON lines is read as such.
    """
    fh, enc = open_text(path, encoding)
    try:
        with fh:
            text = fh.read()
    except (UnicodeDecodeError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise _wrap_stream_errors(path, enc, exc) from exc
    try:
        doc = json.loads(text)
    except ValueError as exc:
        if text.lstrip().startswith("{") and "\n" in text.strip():
            yield from iter_jsonl_arrow(path, encoding=enc, batch_rows=batch_rows)
            return
        raise _err(path, f"is not valid JSON ({exc})", "check the file is complete; JSON lines need a .jsonl name") from exc
    n = 0
    b = Batch(header=None)
    for lst in find_record_lists(doc):
        for rec in lst:
            n += 1
            if isinstance(rec, dict):
                b.records.append(rec)
                b.numbers.append(n)
            else:
                b.bad.append((n, json.dumps(rec, ensure_ascii=False)[:4000], "bad_record", f"a JSON {type(rec).__name__}, not an object"))
            if len(b.records) + len(b.bad) >= batch_rows:
                yield records_to_arrow(b.records, b.numbers, b.bad)
                b = Batch(header=None)
    yield records_to_arrow(b.records, b.numbers, b.bad)


_GROUPING_COMMA = re.compile(rb"(?<=\d),(?=\d{3}(?!\d))")


def sniff_delimiter(sample: bytes) -> str:
    """"," unless the first lines are split by ";" instead (European-style exports, "a;b;c"), or
    are a text table aligned by spaces whose only commas group thousands ("合    计    8,811,826"
    copied from a PDF): then "\t", so that a line stays one cell for its reader to split."""
    lines = sample.split(b"\n")[:30]
    semi = sum(ln.count(b";") >= 2 for ln in lines)
    comma = sum(_GROUPING_COMMA.sub(b"", ln).count(b",") >= 2 for ln in lines)
    if not comma and not semi and b"\t" not in sample and sum(b",," not in ln and re.search(rb"\S {2,}\S", ln) is not None for ln in lines) >= 3:
        return "\t"
    return ";" if semi > comma else ","


def _is_html(data: bytes) -> bool:
    """An "xls" that is an HTML page (government sites and database exports save tables so)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower().replace(b"\x00", b"")
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml")) and b"<table" in data[:1 << 20].lower()


def _html_table_rows(data: bytes, name: str) -> Iterator[tuple[str, int, list[str]]]:
    """Rows of every <table> in an HTML page: (sheet "<name>" or "<name> (n)", row, cells).

    A cell spanning several columns is followed by blanks, as a merged Excel cell reads.
    """
    from html.parser import HTMLParser

    m = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:4096])
    enc = m.group(1).decode("ascii") if m else None
    for candidate in filter(None, [enc, "utf-8", "gb18030"]):
        try:
            text = data.decode(candidate)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:
        text = data.decode("utf-8", errors="replace")

    tables: list[list[list[str]]] = []
    preambles: list[list[str]] = []  # the lines above each table: its title and unit

    class Tables(HTMLParser):
        cell: list[str] | None = None
        span = rows = 1  # the open cell's colspan and rowspan
        depth = 0  # inside how many tables
        in_head = False

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.lines: list[str] = []  # text between tables, one entry per block
            self.below: dict[int, int] = {}  # column → rows below still covered by a cell spanning rows

        def _break(self) -> None:
            if self.lines and self.lines[-1].strip():
                self.lines.append("")

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "head":
                self.in_head = True
            elif tag == "table":
                self.depth += 1
                tables.append([])
                preambles.append([" ".join(x.split()) for x in self.lines if x.strip()][-3:])
                self.lines = []
                self.below = {}
            elif tag == "tr" and tables:
                tables[-1].append([])
                self._fill_spanned()
            elif tag in ("td", "th") and tables and tables[-1]:
                self.cell = []
                self.span = int(a.get("colspan") or 1) if str(a.get("colspan") or "1").isdigit() else 1
                self.rows = int(a.get("rowspan") or 1) if str(a.get("rowspan") or "1").isdigit() else 1
            elif tag == "br" and self.cell is not None:
                self.cell.append(" ")
            elif tag in ("p", "div", "br", "h1", "h2", "h3", "h4", "h5", "caption", "tr") and self.depth == 0:
                self._break()

        def _fill_spanned(self) -> None:
            # A cell spanning rows from above reads blank below, as a merged Excel cell does.
            row = tables[-1][-1]
            while len(row) in self.below:
                left = self.below.pop(len(row))
                row.append("")
                if left > 1:
                    self.below[len(row) - 1] = left - 1

        def handle_endtag(self, tag: str) -> None:
            if tag == "head":
                self.in_head = False
            elif tag == "table":
                self.depth = max(0, self.depth - 1)
            elif tag in ("td", "th") and self.cell is not None:
                row = tables[-1][-1]
                first = len(row)
                row.extend([" ".join("".join(self.cell).split())] + [""] * (self.span - 1))
                if self.rows > 1:
                    for j in range(first, len(row)):
                        self.below[j] = self.rows - 1
                self.cell = None
                self._fill_spanned()
            elif tag in ("p", "div", "h1", "h2", "h3", "h4", "h5", "caption") and self.depth == 0:
                self._break()

        def handle_data(self, d: str) -> None:
            if self.cell is not None:
                self.cell.append(d)
            elif self.depth == 0 and not self.in_head:
                if not self.lines:
                    self.lines.append("")
                self.lines[-1] += d

    Tables().feed(text)
    kept = [(t, pre) for t, pre in zip(tables, preambles) if any(any(c for c in r) for r in t)]
    for k, (t, pre) in enumerate(kept):
        sheet = name if len(kept) == 1 else f"{name} ({k + 1})"
        for i, row in enumerate([[line] for line in pre] + t, 1):
            yield sheet, i, row


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _merged_down(wb: Any, ws: Any) -> dict[tuple[int, int], int]:
    """(first row, 0-based column) → last row of each cell range merged over several rows.

    openpyxl's streaming mode does not see merged ranges; they are listed at the end of the
    sheet's XML part, which is scanned for them (a fraction of the cost of reading its cells).
    """
    from openpyxl.utils.cell import range_boundaries

    out: dict[tuple[int, int], int] = {}
    try:
        fh = wb._archive.open(ws._worksheet_path)
    except (AttributeError, KeyError):
        return out
    tail = b""
    with fh:
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            for ref in _MERGE_REF.findall(buf):
                c0, r0, c1, r1 = range_boundaries(ref.decode("ascii"))
                if r1 > r0:
                    out[(r0, c0 - 1)] = r1
            tail = buf[-64:]  # a reference cut at the chunk's edge is whole in the next buffer
    return out


def iter_excel_rows(path: Path, merged: dict[str, dict[tuple[int, int], int]] | None = None) -> Iterator[tuple[str, int, list[Any]]]:
    """Yield (sheet, 1-based row number, cell values) from an xlsx (streamed) or xls file.

    Args:
        merged: Filled, per xlsx sheet and before its first row is yielded, with the ranges
            merged over several rows (see :func:`_merged_down`).
    """
    fmt = sniff_format(path)
    try:
        if fmt == "xlsx":
            import openpyxl

            src: Any = gzip.open(path, "rb") if is_gzip(path) else path
            wb = openpyxl.load_workbook(src, read_only=True, data_only=True)
            try:
                for ws in wb.worksheets:
                    if merged is not None:
                        merged[ws.title] = _merged_down(wb, ws)
                    for i, row in enumerate(ws.iter_rows(values_only=True), 1):
                        yield ws.title, i, list(row)
            finally:
                wb.close()
        else:
            import xlrd

            data = read_sample(path, 1 << 31)
            if _is_html(data):
                yield from _html_table_rows(data, path.stem)
                return
            book = xlrd.open_workbook(file_contents=data)
            for sh in book.sheets():
                for i in range(sh.nrows):
                    yield sh.name, i + 1, sh.row_values(i)
    except InputFileError:
        raise
    except Exception as exc:  # openpyxl/xlrd raise many unrelated types on bad files
        raise _err(path, f"cannot be read as {fmt} ({type(exc).__name__}: {exc})",
                   "open it in a spreadsheet and save as xlsx, or export csv") from exc


_LABEL_LINE = re.compile(r"^\s*([^:：\d]{1,10}?)\s*[:：]\s*(.*?)\s*$")


def label_blocks(lines: list[tuple[int, str]]) -> tuple[list[str], list[list[str]], list[int], list[tuple[int, str]]] | None:
    """Records from lines of "标签：值" blocks (one field a line, a post's lines together), else None.

    A new record starts where a label the current one already has comes again, or after a blank
    or marker line ("【01】", "---"). The header is every label in order of first use (spaces inside
    a label dropped: "薪  资"). Lines outside any record of two or more labels are notes. Taken
    for blocks only when most lines are labelled and at least three labels recur.
    """
    filled = [(n, t) for n, t in lines if t and t.strip()]
    pairs = [(n, m.group(1).replace(" ", "").replace("\u3000", ""), m.group(2)) for n, t in filled
             if (m := _LABEL_LINE.match(t))]
    if len(pairs) < 6 or len(pairs) < 0.6 * len(filled):
        return None
    counts: dict[str, int] = {}
    for _, k, _ in pairs:
        counts[k] = counts.get(k, 0) + 1
    if sum(1 for c in counts.values() if c >= 2) < 3:
        return None
    labelled = {n: (k, v) for n, k, v in pairs}
    groups: list[list[tuple[int, str, str]]] = [[]]
    for n, t in lines:
        hit = labelled.get(n)
        if hit is None:
            if groups[-1]:
                groups.append([])
            continue
        if any(k == hit[0] for _, k, _ in groups[-1]):
            groups.append([])
        groups[-1].append((n, *hit))
    header: list[str] = []
    records, numbers, notes = [], [], []
    for g in groups:
        if len(g) < 2:
            notes += [(n, f"{k}：{v}") for n, k, v in g]
            continue
        for _, k, _ in g:
            if k not in header:
                header.append(k)
        records.append(dict((k, v) for _, k, v in g))
        numbers.append(g[0][0])
    notes += [(n, t) for n, t in filled if n not in labelled]
    return header, [[r.get(k, "") for k in header] for r in records], numbers, sorted(notes)


def iter_excel(path: Path, *, batch_rows: int = 100_000, field_limit: int = FIELD_LIMIT) -> Iterator[Batch]:
    """Stream every sheet of an xlsx/xls as csv-like batches (first non-blank row below any title = header).

    A workbook often splits one table over sheets (by city, by month): a later sheet's columns
    are matched to the first sheet's by header, and its records numbered on from the sheets
    before it (so every record of the file keeps its own number). A sheet that shares no
    column with the first is not silently dropped: its rows are quarantined with a reason
    (``note_row`` for a one-column sheet of notes, else ``bad_record``: ingest it on its own).
    """
    import itertools

    header: list[str] | None = None
    batch = Batch(header=None)
    offset = 0
    merged: dict[str, dict[tuple[int, int], int]] = {}
    pending: tuple[str, list[str], list[tuple[int, list[str]]]] | None = None  # a held-back notes sheet
    for sheet, rows in itertools.groupby(iter_excel_rows(path, merged), key=lambda x: x[0]):
        index: list[int | None] | None = None
        sheet_header: list[str] | None = None
        last = 0
        under_header = False
        down = merged.get(sheet, {})
        carried: dict[int, tuple[str, int]] = {}  # column → (value of a record's merged cell, its last row)
        for _, rn, vals in _skip_title_rows(rows):
            last = rn
            if under_header and any(vals):
                under_header = False
                if sheet_header is not None and _is_sub_header(sheet_header, vals):
                    # "任职要求" merged over "学历要求 | 工作经验": the lower names are the columns.
                    # (In place: the first sheet's header is the batches' header.)
                    sheet_header[:] = [sub or top for top, sub in zip(sheet_header, vals + [""] * len(sheet_header))]
                    if header is not sheet_header:
                        index = _columns_in(header, sheet_header)
                    continue
            if sheet_header is None:
                if not any(vals):
                    continue
                while vals and not vals[-1]:
                    vals.pop()
                sheet_header = [v or f"column_{j + 1}" for j, v in enumerate(vals)]
                under_header = True
                if header is None and len(vals) < 2 and pending is None:
                    # A one-column first sheet (填表说明) is held back: the next sheet with a table
                    # names the columns; only a workbook with nothing else reads it as the table.
                    pending = (sheet, sheet_header, [(rn + offset, vals)])
                    index = None
                elif header is None:
                    header = sheet_header
                    batch.header = header
                    index = list(range(len(header)))
                    if pending is not None:
                        batch.bad += [(n, "\t".join(v for v in pv if v), "note_row",
                                       f"sheet {pending[0]!r} holds notes, not postings") for n, pv in pending[2]]
                        pending = None
                else:
                    index = _columns_in(header, sheet_header)
                continue
            if not any(vals):
                continue
            if pending is not None and header is None:
                pending[2].append((rn + offset, list(vals)))
                continue
            if down:
                # A cell merged down over records (a company over its posts) reads as its value
                # on each of them, as the spreadsheet shows it; header rows are not filled.
                for j, (v, until) in list(carried.items()):
                    if rn > until:
                        del carried[j]
                    elif j < len(vals) and not vals[j]:
                        vals[j] = v
                for j in range(len(vals)):
                    if (rn, j) in down and vals[j]:
                        carried[j] = (vals[j], down[(rn, j)])
            n = rn + offset
            if index is None:
                one_column = sum(1 for v in sheet_header if not v.startswith("column_")) < 2
                batch.bad.append((n, "\t".join(v for v in vals if v), "note_row" if one_column else "bad_record",
                                  f"sheet {sheet!r} does not share the first sheet's columns; ingest it as a file of its own"))
            else:
                width = len(sheet_header)
                extra = [v for v in vals[width:] if v]
                vals = (vals + [""] * width)[:width]
                if index != list(range(len(header))):
                    row = [""] * len(header)
                    for j, i in enumerate(index):
                        if i is not None:
                            row[i] = vals[j]
                    vals = row
                raw = "\t".join(vals)
                if extra:
                    batch.bad.append((n, raw + "\t" + "\t".join(extra), "ragged_row", f"{width + len(extra)} cells, header has {width}"))
                elif any(len(c) > field_limit for c in vals):
                    batch.bad.append((n, raw, "field_too_large", f"a cell over {field_limit} characters"))
                else:
                    batch.records.append(vals)
                    batch.numbers.append(n)
                    batch.sheets.append(sheet)
            if len(batch.records) + len(batch.bad) >= batch_rows:
                yield batch
                batch = Batch(header=header)
        offset += last
    if header is None and pending is not None:
        blocks = label_blocks([(n, pv[0] if pv else "") for n, pv in pending[2]])
        if blocks is not None:
            # A job fair's booklet: "岗位名称：…" one line a field, a blank or "【01】" between posts.
            header, recs, nums, notes = blocks
            batch.header, batch.kind = header, "blocks"
            batch.records += recs
            batch.numbers += nums
            batch.sheets += [pending[0]] * len(recs)
            batch.bad += [(n, text, "note_row", "a line of the booklet outside any post") for n, text in notes]
        else:
            # Nothing but the one-column sheet: it is the table after all.
            _, header, held = pending
            batch.header = header
            for n, pv in held[1:]:
                batch.records.append((pv + [""] * len(header))[:len(header)])
                batch.numbers.append(n)
                batch.sheets.append(pending[0])
    if header is None:
        batch.header = []
    yield batch


def _columns_in(header: list[str], sheet_header: list[str]) -> list[int | None] | None:
    """Where each column of a later sheet sits in the first sheet's header (None: not there);
    None when the sheet shares no column with it."""
    from talentcast.ingest.headers import header_key

    keys = {header_key(h): j for j, h in enumerate(header)}
    index = [keys.get(header_key(h)) for h in sheet_header]
    return index if any(i is not None for i in index) else None


def _is_sub_header(header: list[str], row: list[str]) -> bool:
    """Whether ``row`` names the columns under merged header cells: its filled cells sit only
    under a blank header cell (a merged span) or a header cell whose right neighbour is blank,
    and it is not a record (its first cell is blank)."""
    if not row or row[0] or not any(row):
        return False
    blank = [h.startswith("column_") for h in header]
    for j, v in enumerate(row):
        if not v:
            continue
        if j >= len(header):
            return False
        spans = blank[j] or (j + 1 < len(header) and blank[j + 1])
        if not spans:
            return False
    return True


TITLE_LOOKAHEAD = 10  # non-blank rows searched for the header below title lines


def _skip_title_rows(rows: Iterator[tuple[str, int, list[Any]]]) -> Iterator[tuple[str, int, list[str]]]:
    """Cells as text, without the title lines above a sheet's header.

    Exported sheets often start with a title ("2022年春季招聘会岗位信息") or a unit line in
    the first cell only; the header is the first row with two or more filled cells. If no such
    row comes within :data:`TITLE_LOOKAHEAD` non-blank rows, the sheet is a one-column table
    and nothing is skipped.
    """
    pending: list[tuple[str, int, list[str]]] = []
    found = False
    for sheet, rn, row in rows:
        vals = [cell_text(v) for v in row]
        if found:
            yield sheet, rn, vals
            continue
        if not any(vals):
            continue
        if sum(1 for v in vals if v) >= 2:
            found = True
            yield sheet, rn, vals
            continue
        pending.append((sheet, rn, vals))
        if len(pending) >= TITLE_LOOKAHEAD:
            found = True
            yield from pending
            pending = []
    if not found:
        yield from pending


def cell_text(v: Any) -> str:
    """A cell as text: whole floats without ``.0``, dates ISO, stripped; '' for none."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        if v.is_integer():
            return str(int(v))
    if hasattr(v, "isoformat"):
        return v.isoformat(sep=" ") if hasattr(v, "hour") else v.isoformat()
    return str(v).strip()


def read_grid(path: Path, *, encoding: str | None = None) -> Iterator[tuple[str, int, list[str]]]:
    """Every row of every sheet as text cells: (sheet, 1-based line or row, cells).

    A csv/tsv is one sheet named after the file. Nothing is skipped: tables whose layout must
    be worked out (statistics) need their title and unit lines.

    Raises:
        InputFileError: Not a table format, or unreadable.
    """
    path = Path(path)
    fmt = _nonempty_format(path)
    if fmt in ("xlsx", "xls"):
        for sheet, rn, row in iter_excel_rows(path):
            yield sheet, rn, [cell_text(v) for v in row]
        return
    if fmt in ("json", "jsonl"):
        yield from _json_grid(path, fmt, encoding)
        return
    if fmt not in ("csv", "tsv"):
        raise _err(path, f"is {fmt}, not a table (csv, tsv, xlsx or xls)", "export the table as csv or xlsx")
    fh, enc = open_text(path, encoding)
    try:
        with fh:
            delimiter = "\t" if fmt == "tsv" else sniff_delimiter(read_sample(path, 65536))
            raw: list[str] = []

            def lines() -> Iterator[str]:
                for line in fh:
                    raw.append(line)
                    yield line

            r = csv.reader(lines(), delimiter=delimiter)
            # Lines above the first row of three or more cells are held back: where such a row
            # follows, a line whose commas are prose ("Number of Employed Persons by Sector,
            # China", "Unit: 1,000 persons") is one cell; where none does (a two-column table
            # typed with ", "), every line stays as the csv reader split it.
            above: list[tuple[int, list[str], str]] | None = []
            for row in r:
                text, raw[:] = "".join(raw).strip(), []
                cells = [c.strip() for c in row]
                if above is None:
                    yield path.stem, r.line_num, cells
                    continue
                if sum(1 for c in cells if c) < 3:
                    above.append((r.line_num, cells, text))
                    continue
                for n, held, line in above:
                    prose = delimiter == "," and len(held) > 1 and _prose_commas(line)
                    yield path.stem, n, [line] if prose else held
                above = None
                yield path.stem, r.line_num, cells
            for n, held, _ in above or []:
                yield path.stem, n, held
    except (UnicodeDecodeError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise _wrap_stream_errors(path, enc, exc) from exc
    except csv.Error as exc:
        raise _err(path, f"is not valid csv ({exc})", "check quoting; a stray quote can swallow lines") from exc


def _prose_commas(line: str) -> bool:
    """Whether a title or note line's commas are its sentence's ("…by Sector, China") or group a
    number's thousands ("Unit: 1,000 persons"), not cell boundaries: no quote, a letter in it,
    and every comma followed by a space or inside a grouped number."""
    if '"' in line or not re.search(r"[A-Za-z\u4e00-\u9fff]", line):
        return False
    return all(m.end() < len(line) and (line[m.end()] == " " or re.match(r"\d,\d{3}(?!\d)", line[max(0, m.start() - 1):m.end() + 4]) is not None)
               for m in re.finditer(",", line))


def _json_grid(path: Path, fmt: str, encoding: str | None) -> Iterator[tuple[str, int, list[str]]]:
    """A JSON table as a grid: a list of flat records (one column per key), or a
    data.stats.gov.cn download (``returndata.datanodes`` with ``wdnodes``: 指标 | 单位 | 时间 | 地区 | 数值)."""
    fh, enc = open_text(path, encoding)
    with fh:
        text = fh.read()
    try:
        data: Any = ([json.loads(ln) for ln in text.splitlines() if ln.strip()] if fmt == "jsonl" else json.loads(text))
    except json.JSONDecodeError as exc:
        raise _err(path, f"is not valid JSON ({exc.msg}, line {exc.lineno})", "export the table again as JSON or csv") from exc
    ret = data.get("returndata") if isinstance(data, dict) else None
    if isinstance(ret, dict) and isinstance(ret.get("datanodes"), list):
        names: dict[tuple[str, str], tuple[str, str]] = {}
        for wd in ret.get("wdnodes") or []:
            for nd in wd.get("nodes") or []:
                names[(wd.get("wdcode", ""), str(nd.get("code")))] = (str(nd.get("cname") or nd.get("name") or nd.get("code")),
                                                                        str(nd.get("unit") or ""))
        yield path.stem, 1, ["指标", "单位", "时间", "地区", "数值"]
        for i, node in enumerate(ret["datanodes"], 2):
            d = node.get("data") or {}
            if d.get("hasdata") is False:
                continue
            dims = {w.get("wdcode"): str(w.get("valuecode")) for w in node.get("wds") or []}
            zb = names.get(("zb", dims.get("zb", "")), (dims.get("zb", ""), ""))
            sj = names.get(("sj", dims.get("sj", "")), (dims.get("sj", ""), ""))[0]
            reg = names.get(("reg", dims.get("reg", "")), (dims.get("reg", ""), ""))[0] if "reg" in dims else ""
            # "data" is the figure, "strdata" its display rounded to "dotcount" decimals.
            value = d.get("data")
            shown = value if isinstance(value, (int, float)) and not isinstance(value, bool) else d.get("strdata") or value
            yield path.stem, i, [zb[0], zb[1], sj, reg, "" if shown is None else cell_text(shown)]
        return
    # A list of records, maybe inside an API's envelope ({"code": 0, "data": {"list": [...]}}).
    found = find_record_lists(data) if isinstance(data, (list, dict)) else []
    records = [r for lst in found for r in lst] if found and found != [[data]] else None
    if not records or not all(isinstance(r, dict) for r in records):
        raise _err(path, "holds no table: JSON statistics must be a list of flat records or a data.stats.gov.cn download",
                   "export the table as csv or xlsx")
    keys = list(dict.fromkeys(k for r in records for k in r))
    yield path.stem, 1, keys
    for i, r in enumerate(records, 2):
        yield path.stem, i, [cell_text(r.get(k)) for k in keys]


def _nonempty_format(path: Path) -> str:
    """The file's format; an empty file is an error naming it."""
    if os.path.getsize(path) == 0:
        raise _err(path, "file is empty", "check the export; an empty file has nothing to ingest")
    return sniff_format(path)


# ----------------------------------------------------------------------------- Arrow readers
# The postings ingestor reads through these: parsing happens in C++ (pyarrow) and the columns
# stay Arrow arrays, which is what makes 50k+ postings/s possible on two cores.


@dataclass
class ArrowBatch:
    """A batch as an Arrow table of raw columns.

    Attributes:
        table: Columns as read (csv: all strings; json: flattened, dotted names for nesting).
        numbers: 1-based record number of each row (csv: data record ordinal, header excluded;
            jsonl: line number; json: record ordinal; xlsx: sheet row number).
        bad: Records that could not be split: (number, raw, reason, detail).
        kind: "csv", "json" (how to show a row's raw content) or "blocks" (records of 标签：值 lines,
            whose labels for one field vary from post to post).
        sheets: The sheet of each row (workbooks), else None.
    """

    table: Any
    numbers: Any
    bad: list[tuple[int, str, str, str]] = field(default_factory=list)
    kind: str = "csv"
    sheets: list[str] | None = None


def _prefetch(it: Iterator[Any], depth: int = 2) -> Iterator[Any]:
    """Run ``it`` in a background thread (pyarrow parsing releases the GIL): parse ∥ normalise."""
    import queue
    import threading

    q: queue.Queue[Any] = queue.Queue(maxsize=depth)
    done = object()
    stop = threading.Event()

    def run() -> None:
        try:
            for x in it:
                if stop.is_set():
                    return
                q.put(("ok", x))
            q.put(("done", done))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the consumer
            q.put(("err", exc))

    t = threading.Thread(target=run, daemon=True)
    t.start()
    try:
        while True:
            kind, x = q.get()
            if kind == "ok":
                yield x
            elif kind == "done":
                return
            else:
                raise x
    finally:
        stop.set()
        # Drain so that the producer can finish.
        while t.is_alive():
            try:
                q.get(timeout=0.05)
            except Exception:  # noqa: BLE001
                pass


def _input_stream(path: Path) -> Any:
    import pyarrow as pa

    return pa.input_stream(str(path), compression="gzip" if is_gzip(path) else None)


def title_rows(sample: bytes, encoding: str, delimiter: str) -> int:
    """Number of title lines above a csv header ("2022年春季招聘会岗位信息" alone on the first line).

    The header is the first line with two or more filled fields; the lines above it are
    skipped when each has at most one filled field and the header comes within
    :data:`TITLE_LOOKAHEAD` lines. A one-column file (no such line) skips nothing.
    """
    text = sample[:65536].decode(encoding, errors="replace").lstrip("\ufeff")
    lines = text.splitlines()[: TITLE_LOOKAHEAD + 1]
    for i, line in enumerate(lines):
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            return 0
        if sum(1 for c in cells if c.strip()) >= 2:
            return i
    return 0


def iter_csv_arrow(path: Path, *, encoding: str | None = None, delimiter: str | None = None,
                   block_bytes: int = 16 << 20, field_limit: int = FIELD_LIMIT, batch_rows: int = 100_000) -> Iterator[ArrowBatch]:
    """Stream a csv/tsv file as Arrow batches of string columns (see :class:`ArrowBatch`).

    Raises:
        InputFileError: Empty, binary, undecodable, truncated or otherwise unreadable file.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    sample = read_sample(path)
    if not sample.strip():
        raise _err(path, "file is empty", "check the export; an empty file has nothing to ingest")
    enc = detect_encoding(path, sample, encoding)
    fmt = sniff_format(path, sample)
    if delimiter is None:
        delimiter = "\t" if fmt == "tsv" else sniff_delimiter(sample)
    invalid: list[tuple[int, str, int, int]] = []

    def on_invalid(row: Any) -> str:
        invalid.append((row.number, row.text, row.expected_columns, row.actual_columns))
        return "skip"

    pa_enc = {"utf-8-sig": "utf8", "utf-8": "utf8", "utf8": "utf8"}.get(enc.lower(), enc)
    skip = title_rows(sample, enc, delimiter)
    try:
        reader = pacsv.open_csv(
            _input_stream(path),
            read_options=pacsv.ReadOptions(use_threads=False, block_size=block_bytes, encoding=pa_enc, skip_rows=skip),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(check_utf8=True, strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                 column_types=None, include_columns=None, timestamp_parsers=[]),
        )
        names = reader.schema.names
    except (pa.ArrowInvalid, OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise _arrow_err(path, enc, exc) from exc
    # Read every column as string: re-open with explicit types now that the names are known.
    invalid.clear()
    try:
        reader = pacsv.open_csv(
            _input_stream(path),
            read_options=pacsv.ReadOptions(use_threads=False, block_size=block_bytes, encoding=pa_enc, skip_rows=skip),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(check_utf8=True, column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise _arrow_err(path, enc, exc) from exc
    seen_valid = 0
    used_invalid = 0
    inv_sorted: list[int] = []

    def gen() -> Iterator[ArrowBatch]:
        nonlocal seen_valid, used_invalid
        try:
            for rb in reader:
                tbl = pa.Table.from_batches([rb])
                n = tbl.num_rows
                bad: list[tuple[int, str, str, str]] = []
                if len(invalid) > used_invalid:
                    new = invalid[used_invalid:]
                    used_invalid = len(invalid)
                    for num, text, exp, act in new:
                        rec = (num - 1 - skip) if num is not None else -1
                        bad.append((rec, text, "ragged_row", f"{act} fields, header has {exp}"))
                        inv_sorted.append(rec)
                    inv_sorted.sort()
                # Record ordinals of the valid rows: skip the ordinals taken by invalid rows.
                rec = np.arange(seen_valid + 1, seen_valid + n + 1, dtype=np.int64)
                for inv in inv_sorted:
                    rec[rec >= inv] += 1
                seen_valid += n
                if n and field_limit:
                    big = np.zeros(n, dtype=bool)
                    for col in tbl.columns:
                        big |= pc.greater(pc.utf8_length(col), field_limit).to_numpy(zero_copy_only=False)
                    if big.any():
                        pos = np.flatnonzero(big)
                        for i in pos:
                            row = [tbl.column(j)[int(i)].as_py() for j in range(tbl.num_columns)]
                            bad.append((int(rec[i]), delimiter.join(row), "field_too_large",
                                        f"a field of {max(len(x) for x in row)} characters (limit {field_limit})"))
                        keep = pa.array(~big)
                        tbl = tbl.filter(keep)
                        rec = rec[~big]
                for k, start in enumerate(range(0, max(tbl.num_rows, 1), batch_rows)):
                    yield ArrowBatch(tbl.slice(start, batch_rows), rec[start:start + batch_rows], bad if k == 0 else [], "csv")
            if len(invalid) > used_invalid:
                yield ArrowBatch(pa.table({n: pa.array([], pa.string()) for n in names}), np.empty(0, np.int64),
                                 [((num - 1 - skip) if num is not None else -1, text, "ragged_row", f"{act} fields, header has {exp}")
                                  for num, text, exp, act in invalid[used_invalid:]], "csv")
        except (pa.ArrowInvalid, OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
            raise _arrow_err(path, enc, exc) from exc

    yield ArrowBatch(pa.table({n: pa.array([], pa.string()) for n in names}), np.empty(0, np.int64), [], "csv")
    yield from _prefetch(gen())


def _arrow_err(path: Path, enc: str, exc: BaseException) -> InputFileError:
    msg = str(exc)
    if "utf8" in msg.lower() or "utf-8" in msg.lower() or isinstance(exc, UnicodeDecodeError):
        return _err(path, f"cannot be decoded as {enc} ({msg.splitlines()[0][:200]})",
                    "pass --encoding (e.g. gb18030 or utf-8) to force the right encoding")
    if "gzip" in msg.lower() or isinstance(exc, EOFError) or "compressed" in msg.lower():
        return _err(path, f"corrupt or truncated gzip ({msg.splitlines()[0][:200]})", "re-download or re-compress the file (gzip -t tests it)")
    if "straddling" in msg.lower() or "block" in msg.lower():
        return _err(path, f"has a record too large to read ({msg.splitlines()[0][:200]})", "split the file or remove the oversized field")
    if "empty" in msg.lower():
        return _err(path, "has no header row", "check the export")
    return _err(path, f"cannot be read as csv ({msg.splitlines()[0][:200]})", "check the delimiter and quoting; export as UTF-8 csv")


def iter_jsonl_arrow(path: Path, *, encoding: str | None = None, batch_rows: int = 50_000) -> Iterator[ArrowBatch]:
    """Stream JSON lines as Arrow batches (flattened); a batch with a bad line falls back to Python."""
    import numpy as np

    sample = read_sample(path)
    if not sample.strip():
        raise _err(path, "file is empty", "check the export; an empty file has nothing to ingest")
    enc = detect_encoding(path, sample, encoding)

    def lines() -> Iterator[tuple[list[bytes], list[int]]]:
        buf: list[bytes] = []
        nums: list[int] = []
        try:
            with open_binary(path) as fh:
                for i, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    buf.append(line if enc in ("utf-8", "utf8") else line.decode(enc).encode("utf-8"))
                    nums.append(i)
                    if len(buf) >= batch_rows:
                        yield buf, nums
                        buf, nums = [], []
        except (EOFError, OSError, zlib.error) as exc:
            raise _wrap_stream_errors(path, enc, exc if not isinstance(exc, OSError) else EOFError(str(exc))) from exc
        except UnicodeDecodeError as exc:
            raise _wrap_stream_errors(path, enc, exc) from exc
        if buf:
            yield buf, nums

    def gen() -> Iterator[ArrowBatch]:
        for buf, nums in lines():
            if enc.lower() in ("utf-8-sig",) and nums and nums[0] == 1:
                buf[0] = buf[0].lstrip(codecs.BOM_UTF8)
            yield _json_lines_to_arrow(buf, np.array(nums, dtype=np.int64))

    yield from _prefetch(gen())


def _json_lines_to_arrow(buf: list[bytes], nums: Any) -> ArrowBatch:
    import pyarrow as pa
    import pyarrow.json as pajson

    data = b"".join(b if b.endswith(b"\n") else b + b"\n" for b in buf)
    try:
        opts = pajson.ReadOptions(use_threads=True, block_size=max(1 << 20, len(data) + 1))
        tbl = pajson.read_json(io.BytesIO(data), read_options=opts)
        as_text = _timestamps_as_text(tbl.schema)
        if as_text is not None:
            # Arrow reads "2023-11-20T17:30:05Z" as a timestamp and drops its offset: read those
            # fields again as the text they are, so the posting is dated by its Beijing day.
            tbl = pajson.read_json(io.BytesIO(data), read_options=opts, parse_options=pajson.ParseOptions(
                explicit_schema=as_text, unexpected_field_behavior="infer"))
        if tbl.num_rows == len(buf):
            return ArrowBatch(flatten_table(tbl), nums, [], "json")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError):
        pass
    # Slow path: find the bad lines, build the table from the good records.
    b = _parse_json_lines([x.decode("utf-8", "replace") for x in buf], [int(n) for n in nums])
    return records_to_arrow(b.records, b.numbers, b.bad)


def _timestamps_as_text(schema: Any) -> Any:
    """``schema`` with every timestamp field (nested ones too) as a string, or None if it has none."""
    import pyarrow as pa

    def swap(t: Any) -> tuple[Any, bool]:
        if pa.types.is_timestamp(t):
            return pa.string(), True
        if pa.types.is_struct(t):
            fields, changed = [], False
            for f in t:
                nt, c = swap(f.type)
                fields.append(f.with_type(nt))
                changed |= c
            return (pa.struct(fields), True) if changed else (t, False)
        if pa.types.is_list(t):
            nt, c = swap(t.value_type)
            return (pa.list_(nt), True) if c else (t, False)
        return t, False

    fields, changed = [], False
    for f in schema:
        nt, c = swap(f.type)
        fields.append(f.with_type(nt))
        changed |= c
    return pa.schema(fields) if changed else None


def flatten_table(tbl: Any) -> Any:
    """Flatten struct columns into dotted names (company.name) until none is left."""
    import pyarrow as pa

    while any(pa.types.is_struct(f.type) for f in tbl.schema):
        tbl = tbl.flatten()
    return tbl


def scalar_text(v: Any) -> str | None:
    """Text of a JSON value: lists joined with ',' (objects by their name/display), objects as JSON."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        items = [scalar_text(x.get("name") or x.get("display") or x.get("value")) if isinstance(x, dict) else scalar_text(x) for x in v]
        return ",".join(x for x in items if x)
    if isinstance(v, dict):
        for k in ("name", "display", "value", "text"):
            if k in v:
                return scalar_text(v[k])
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def records_to_arrow(records: list[dict[str, Any]], numbers: list[int], bad: list[tuple[int, str, str, str]] | None = None) -> ArrowBatch:
    """Python JSON records → ArrowBatch of flattened string columns (dotted names for nesting)."""
    import numpy as np
    import pyarrow as pa

    n = len(records)
    cols: dict[str, list[str | None]] = {}

    def put(rec: dict[str, Any], i: int, prefix: str, depth: int) -> None:
        for k, v in rec.items():
            key = f"{prefix}{k}"
            if isinstance(v, dict) and depth < 5:
                put(v, i, key + ".", depth + 1)
                continue
            col = cols.get(key)
            if col is None:
                col = cols[key] = [None] * n
            col[i] = v if v is None or type(v) is str else scalar_text(v)

    for i, rec in enumerate(records):
        put(rec, i, "", 0)
    tbl = pa.table({k: pa.array(v, type=pa.string()) for k, v in cols.items()}) if cols else \
        pa.table({"_empty": pa.array([None] * n, pa.string())})
    return ArrowBatch(tbl, np.array(numbers, dtype=np.int64), list(bad or []), "json")


def iter_arrow_batches(path: Path, *, encoding: str | None = None, batch_rows: int = 50_000) -> tuple[str, Iterator[ArrowBatch]]:
    """Open any supported file as Arrow batches: returns (format, iterator)."""
    import numpy as np
    import pyarrow as pa

    path = Path(path)
    fmt = _nonempty_format(path)
    if fmt in ("csv", "tsv"):
        return fmt, iter_csv_arrow(path, encoding=encoding, batch_rows=batch_rows)
    if fmt == "jsonl":
        return fmt, iter_jsonl_arrow(path, encoding=encoding, batch_rows=batch_rows)
    if fmt == "json":
        return fmt, iter_json(path, encoding=encoding, batch_rows=batch_rows)

    def gen_xl() -> Iterator[ArrowBatch]:
        for b in iter_excel(path, batch_rows=batch_rows):
            header = b.header or []
            cols = list(zip(*b.records)) if b.records else [()] * len(header)
            tbl = pa.table({h if h else f"column_{j + 1}": pa.array([c if c != "" else None for c in cols[j]], pa.string())
                            for j, h in enumerate(dict.fromkeys(header))}) if header else pa.table({})
            yield ArrowBatch(tbl, np.array(b.numbers, dtype=np.int64), b.bad, b.kind, b.sheets)

    return fmt, gen_xl()


def read_frame(path: Path, *, encoding: str | None = None) -> tuple[Any, list[tuple[int, str, str, str]]]:
    """A whole (small) table file as a DataFrame of strings ('' for empty), plus its rejected rows.

    The table view of :func:`iter_arrow_batches` for ingestors that work on the whole file
    (register tables): same formats, encodings and title-line skipping.

    Returns:
        ``(frame, bad)``: the records (a ``record_no`` column holds each one's number) and the
        records the reader could not split: (number, raw, reason, detail).
    """
    import pandas as pd
    import pyarrow as pa

    _, batches = iter_arrow_batches(Path(path), encoding=encoding)
    tables, numbers, bad = [], [], []
    for b in batches:
        bad += b.bad
        if b.table.num_columns:
            tables.append(b.table)
            numbers.extend(int(x) for x in b.numbers)
    if not tables:
        return pd.DataFrame({"record_no": pd.Series([], dtype="int64")}), bad
    tbl = pa.concat_tables(tables, promote_options="permissive")
    df = pd.DataFrame({c: [("" if v is None else str(v)) for v in tbl.column(c).to_pylist()] for c in tbl.column_names})
    df["record_no"] = numbers
    return df, bad
