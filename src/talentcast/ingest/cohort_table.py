"""The layout of a graduates or enrollment table as people export it: where the records are.

Colleges and the Department of Education hand over spreadsheets made for reading, not for
machines. This module finds, in the cells of every sheet of a workbook (or of a csv):

* the **header** row: the first of the top rows in which at least two cells name a known field
  (``is_field``); title lines above it are kept as ``title`` (they may state the college or
  the year; a workbook's sheet name is one of them), unit lines (``单位：人``) are skipped;
* a second **header row** below it (merged two-row headers: ``毕业生`` over ``总数 | 其中：女``,
  ``招生`` over ``计划 | 录取 | 报到``, or years under fields: ``毕业生数`` over ``2023届 |
  2024届``): each column is then named by its child, else its parent and child joined (never
  by the parent alone: ``其中：女`` under ``毕业生`` is not the graduates), a child
  ``合计``/``人数`` by its parent (:attr:`Layout.names`);
* a **unit row** below the header (``人 | 人 | 元 | %``): kept per column in ``units``;
* merged cells of an xlsx or xls (a college name merged down its majors) filled from their
  top-left cell, as the sheet shows them; the cells of ranges merged down are remembered
  (:attr:`Layout.merged_down`), since a figure merged over several majors is no major's own;
* every sheet of a workbook whose header names fields (one sheet per year or per college);
* **records** below: blank rows are skipped; note lines (``注：…``, ``数据来源：…``,
  ``填表人：…``) and the header repeated (page breaks) are returned apart (``note_row``);
  :func:`summary_cell` tells 合计/总计/小计 rows (``summary_row``), so that neither a note
  nor a total lands as a major.

JSON and JSON lines files have no layout: their records are read as they are.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentcast.errors import InputFileError
from talentcast.ingest import readers
from talentcast.ingest.readers import is_gzip, iter_arrow_batches, read_grid, read_sample, sniff_format

HEADER_LOOKAHEAD = 15  # non-blank rows searched for the header
NOTE = re.compile(r"^\s*(注|备注|说明|附注|数据来源|资料来源|来源|填表|制表|审核|联系|负责人|统计时间|截至|截止|\*|※)")
SUMMARY = re.compile(r"^(合计|总计|小计|累计|汇总|全校|全省|全市|总数|total|subtotal|grandtotal|sum)$|合计|总计|小计", re.IGNORECASE)
UNIT_CELL = re.compile(r"^[(（]?(单位[:：])?\s*(人|名|人数|个|元|千元|万元|元/月|元/年|元/人/月|元/人·月|%|％|百分比|年)[)）]?$")
TOTAL_CHILD = re.compile(r"^(合计|小计|总计|总数|总量|计|人数|数量|数|总|total|all|number)$", re.IGNORECASE)
NUMERIC = re.compile(r"^[\d.,，%％\s-]+$")


@dataclass
class Layout:
    """A table found in a file.

    Attributes:
        names: Per column, the header candidates most specific first (child, parent+child,
            parent; one name for a one-row header).
        header: Per column, the header as shown to users (parent and child joined by ``/``).
        units: Per column, the unit from a unit row ('' if none).
        title: The title lines above the header, joined by newlines.
        records: ``(record_no, cells)`` of the data rows (cells padded to the header width).
        skipped: ``(record_no, raw, reason, detail)`` of rows that are not records (notes,
            totals) or that cannot be split (ragged).
        header_line: 1-based line or sheet row of the (last) header row.
        merged_down: (sheet row, 1-based column) of the cells of xlsx/xls ranges merged across rows.
        recognised: Whether the header names at least two fields (else the table is a guess).
        sheet: The workbook sheet ('' for a csv or json file).
    """

    names: list[list[str]]
    header: list[str]
    units: list[str] = field(default_factory=list)
    title: str = ""
    records: list[tuple[int, list[str | None]]] = field(default_factory=list)
    skipped: list[tuple[int, str, str, str]] = field(default_factory=list)
    header_line: int = 0
    merged_down: set[tuple[int, int]] = field(default_factory=set)
    recognised: bool = False
    sheet: str = ""


def cell_text(v: Any) -> str:
    """A cell as text (:func:`talentcast.ingest.readers.cell_text`), ideographic spaces as spaces."""
    return readers.cell_text(v).replace("\u3000", " ").strip()


Sheet = tuple[str, list[tuple[int, list[str]]], set[tuple[int, int]]]


def _merged(grid: list[list[str]], ranges: list[tuple[int, int, int, int]]) -> set[tuple[int, int]]:
    """Fill merged ranges (min_row, max_row, min_col, max_col; 1-based, inclusive) of ``grid``
    from their top-left cell, as the sheet shows them; returns the cells of ranges spanning rows."""
    down: set[tuple[int, int]] = set()
    for r0, r1, c0, c1 in ranges:
        top = grid[r0 - 1][c0 - 1] if r0 <= len(grid) and c0 <= len(grid[r0 - 1]) else ""
        if r1 > r0:
            down |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r in range(r0, min(r1, len(grid)) + 1):
            row = grid[r - 1]
            row.extend([""] * (c1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c - 1] = top
    return down


def _book_error(path: Path, fmt: str, exc: Exception) -> InputFileError:
    return InputFileError(f"{path}: cannot be read as {fmt} ({type(exc).__name__}: {exc}); nothing of it was ingested",
                          hint="open it in a spreadsheet and save as xlsx, or export csv")


def _xlsx_sheets(path: Path) -> list[Sheet]:
    """(sheet, rows, cells merged down) of every non-empty sheet of an xlsx (see :func:`_merged`)."""
    import openpyxl

    try:
        src: Any = gzip.open(path, "rb") if is_gzip(path) else path
        wb = openpyxl.load_workbook(src, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types on bad files
        raise _book_error(path, "xlsx", exc) from exc
    out = []
    for ws in wb.worksheets:
        grid = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        if any(any(r) for r in grid):
            ranges = [(m.min_row, m.max_row, m.min_col, m.max_col) for m in ws.merged_cells.ranges]
            out.append((ws.title, [(i, r) for i, r in enumerate(grid, 1)], _merged(grid, ranges)))
    return out


def _xls_sheets(path: Path) -> list[Sheet]:
    """(sheet, rows, cells merged down) of every non-empty sheet of an Excel 97-2003 .xls
    (government offices still export these; merged ranges filled as in an xlsx)."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=read_sample(path, 1 << 31), formatting_info=True)
    except Exception as exc:  # xlrd raises many unrelated types on bad files
        raise _book_error(path, "xls", exc) from exc
    out = []
    for sh in book.sheets():
        grid = [[cell_text(xlrd.xldate_as_datetime(c.value, book.datemode) if c.ctype == xlrd.XL_CELL_DATE else c.value)
                 for c in sh.row(r)] for r in range(sh.nrows)]
        if any(any(r) for r in grid):
            ranges = [(r0 + 1, r1, c0 + 1, c1) for r0, r1, c0, c1 in sh.merged_cells]  # xlrd: 0-based, end exclusive
            out.append((sh.name, [(i, r) for i, r in enumerate(grid, 1)], _merged(grid, ranges)))
    return out


def grid_sheets(path: Path, *, encoding: str | None = None) -> list[Sheet]:
    """(sheet, rows, cells merged down) of every non-empty sheet (a csv is one sheet); rows are
    (1-based line or row, cells as text)."""
    fmt = sniff_format(path)
    if fmt in ("xlsx", "xls"):
        return _xlsx_sheets(path) if fmt == "xlsx" else _xls_sheets(path)
    sheets: dict[str, list[tuple[int, list[str]]]] = {}
    for sheet, n, cells in read_grid(path, encoding=encoding):
        sheets.setdefault(sheet, []).append((n, cells))  # read_grid strips (str.strip takes U+3000 too)
    return [(k, v, set()) for k, v in sheets.items() if any(any(r) for _, r in v)]


def _is_unit_row(cells: Sequence[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(UNIT_CELL.match(c) for c in filled)


YEAR_CELL = re.compile(r"^(19|20)\d{2}\s*(届|年|年度|级|学年)?$")


def _under_span(header: Sequence[str], cells: Sequence[str], j: int) -> bool:
    """Whether column ``j`` lies under a header cell merged across columns (blank, repeated, or
    a parent with a blank to its right over a filled child)."""
    if j >= len(header) or not header[j]:
        return True
    if (j > 0 and header[j] == header[j - 1]) or (j + 1 < len(header) and header[j] == header[j + 1]):
        return True
    return j + 1 < len(cells) and bool(cells[j + 1]) and (j + 1 >= len(header) or not header[j + 1])


def _is_subheader(header: Sequence[str], cells: Sequence[str], is_field: Callable[[Sequence[str]], bool]) -> bool:
    """Whether ``cells`` is the lower row of a two-row header: text naming parts of merged
    headers, or years under merged field headers (毕业生数 over 2023 | 2024)."""
    filled = [(j, c) for j, c in enumerate(cells) if c]
    if not filled or _is_unit_row(cells):
        return False
    numeric = [(j, c) for j, c in filled if NUMERIC.match(c) or YEAR_CELL.match(c)]
    if numeric:
        return (len(numeric) >= 2 and all(YEAR_CELL.match(c) for _, c in numeric)
                and all(_under_span(header, cells, j) for j, _ in numeric))
    # A child differs from its parent: a vertical merge repeats the parent, a horizontal one
    # leaves the parent blank (csv) or repeats it (xlsx) to the right.
    children = [(j, c) for j, c in filled if c != (header[j] if j < len(header) else "")]
    if not children:
        return False
    spanned = [j for j, _ in children if _under_span(header, cells, j)]
    return bool(spanned) or sum(is_field([c]) for _, c in children) >= 2


def find_layout(rows: list[tuple[int, list[str]]], is_field: Callable[[Sequence[str]], bool], *, number_from_header: bool) -> Layout:
    """Find header, sub-header, unit row and records in ``rows`` (see the module docstring).

    Args:
        rows: ``(line, cells)`` as read.
        is_field: Whether a column with these header candidates names a known field.
        number_from_header: Number records from the header (csv: the record ordinal, header
            line = 0) rather than by their line or sheet row (xlsx).
    """
    nonblank = [(i, n, r) for i, (n, r) in enumerate(rows) if any(r)]
    hi = None
    for i, _, r in nonblank[:HEADER_LOOKAHEAD]:
        if len({c for c in r if c and is_field([c])}) >= 2:  # a merged title repeats one text
            hi = i
            break
    recognised = hi is not None
    if hi is not None:
        # Years merged over the measures ("2022届 | 2023届" over 毕业生数 | 就业率 …): the year row is
        # the header and the measures its sub-header, not a title line above them.
        above = [i for i, _, r in nonblank if i < hi]
        if above and sum(1 for c in rows[above[-1]][1] if c and YEAR_CELL.match(c.strip())) >= 2:
            hi = above[-1]
    if hi is None:  # nothing known: the first row of two or more cells (the caller names the missing fields)
        hi = next((i for i, _, r in nonblank[:HEADER_LOOKAHEAD] if sum(1 for c in r if c) >= 2), nonblank[0][0] if nonblank else 0)
    if not rows:
        return Layout(names=[], header=[])
    title = "\n".join(" ".join(c for c in r if c) for _, r in rows[:hi] if any(r))
    header = list(rows[hi][1])
    while header and not header[-1]:
        header.pop()
    last = hi
    parent = header
    names = [[h] if h else [] for h in header]
    shown = list(header)
    nxt = next((i for i in range(hi + 1, len(rows)) if any(rows[i][1])), None)
    if nxt is not None and _is_subheader(header, rows[nxt][1], is_field):
        sub = rows[nxt][1]
        width = max(len(header), len(sub))
        # A parent merged across columns stands over every blank to its right (csv exports).
        filled_parent = []
        for j in range(width):
            p = header[j] if j < len(header) else ""
            filled_parent.append(p or (filled_parent[-1] if filled_parent and j < len(sub) and sub[j] else ""))
        names, shown = [], []
        for j in range(width):
            p, c = filled_parent[j], (sub[j] if j < len(sub) else "")
            if c and c != p and p and TOTAL_CHILD.match(c):  # 就业人数 over 合计 | 省内 | 对口: the parent's own total
                names.append([p])
                shown.append(f"{p}/{c}")
            elif c and c != p:
                # Never the parent alone: 毕业生 over 其中：女 is not the graduates.
                names.append([c, p + c] if p else [c])
                shown.append(f"{p}/{c}" if p else c)
            else:
                names.append([p] if p else [])
                shown.append(p)
        parent, last = filled_parent, nxt
    width = len(names)
    units = [""] * width
    nxt = next((i for i in range(last + 1, len(rows)) if any(rows[i][1])), None)
    if nxt is not None and _is_unit_row(rows[nxt][1]):
        units = [(rows[nxt][1][j] if j < len(rows[nxt][1]) else "") for j in range(width)]
        last = nxt
    del parent
    header_line = rows[last][0]
    lay = Layout(names=names, header=[s or f"column_{j + 1}" for j, s in enumerate(shown)], units=units, title=title,
                 header_line=rows[hi][0] if number_from_header else header_line, recognised=recognised)
    base = rows[hi][0]
    heads = [{*ns, *(rows[hi][1][j:j + 1])} for j, ns in enumerate(names)]
    for n, cells in rows[last + 1:]:
        if not any(cells):
            continue
        no = n - base if number_from_header else n
        extra = [c for c in cells[width:] if c]
        vals: list[str | None] = [(c or None) for c in (cells + [""] * width)[:width]]
        raw = ",".join(cells)
        filled = [c for c in cells if c]
        if extra:
            lay.skipped.append((no, raw, "ragged_row", f"{width + len(extra)} cells, header has {width}"))
        elif NOTE.match(filled[0]) or (len(filled) == 1 and width >= 3 and len(filled[0]) >= 10 and not NUMERIC.match(filled[0])):
            lay.skipped.append((no, raw, "note_row", f"a note line, not a record: {filled[0][:60]}"))
        elif column_numbers(filled):
            lay.skipped.append((no, raw, "note_row", "the form's column numbers (甲 乙 丙 1 2 3 …), not a record"))
        elif sum(1 for j, c in enumerate(vals) if c and c in heads[j]) >= max(2, len(filled) // 2 + 1):
            # The header again: a page break of a printed export, or the lower half of a header
            # merged down over two rows.
            lay.skipped.append((no, raw, "note_row", "the header repeated, not a record"))
        else:
            lay.records.append((no, vals))
    return lay


_STEMS = "甲乙丙丁戊己庚辛壬癸"


def column_numbers(cells: list[str]) -> bool:
    """Whether a row only numbers a statistical form's columns: the stems 甲 乙 丙 … over the text
    columns, then 1 2 3 … over the figures (教育统计 基层表, 高基 tables)."""
    cells = [c.strip() for c in cells]
    stems = 0
    while stems < len(cells) and cells[stems] == _STEMS[stems:stems + 1]:
        stems += 1
    numbers = cells[stems:]
    if not numbers:
        return stems >= 2
    return all(re.fullmatch(r"\d{1,2}", c) for c in numbers) and [int(c) for c in numbers] == list(
        range(int(numbers[0]), int(numbers[0]) + len(numbers))) and (stems >= 1 or len(numbers) >= 3 and numbers[0] in ("0", "1"))


def json_layout(path: Path, *, encoding: str | None = None) -> Layout:
    """A JSON or JSON lines file as records: the (flattened) keys are the header."""
    _, batches = iter_arrow_batches(path, encoding=encoding)
    cols: list[str] = []
    recs: list[tuple[int, dict[str, Any]]] = []
    skipped: list[tuple[int, str, str, str]] = []
    for b in batches:
        skipped += b.bad
        for c in b.table.column_names:
            if c not in cols:
                cols.append(c)
        for no, r in zip(b.numbers, b.table.to_pylist()):
            recs.append((int(no), r))
    lay = Layout(names=[[c] for c in cols], header=cols, units=[""] * len(cols), skipped=skipped, recognised=True)
    lay.records = [(no, [None if r.get(c) in (None, "") else str(r.get(c)) for c in cols]) for no, r in recs]
    return lay


def read_layouts(path: Path, is_field: Callable[[Sequence[str]], bool], *, encoding: str | None = None) -> tuple[list[Layout], list[str]]:
    """The tables of a graduates or enrollment file, whatever its format (see the module docstring).

    Every sheet of a workbook whose header names at least two fields is a table (a workbook
    may hold one sheet per year or per college); its name is a title line (a sheet "2023届"
    states the year). The first sheet is returned even without such a header, so that the
    caller can name what is missing.

    Returns:
        The tables and the names of the other non-empty sheets (not read: no header found).
    """
    fmt = sniff_format(path)
    if fmt in ("json", "jsonl"):
        return [json_layout(path, encoding=encoding)], []
    sheets = grid_sheets(path, encoding=encoding)
    book = fmt in ("xlsx", "xls")
    out, unread = [], []
    for k, (name, rows, down) in enumerate(sheets):
        lay = find_layout(rows, is_field, number_from_header=not book)
        lay.sheet, lay.merged_down = (name if book else ""), down
        if book:
            lay.title = "\n".join(x for x in (name, lay.title) if x)
        if lay.recognised or k == 0:
            out.append(lay)
        else:
            unread.append(name)
    if out and not out[0].recognised and len(out) > 1:  # a 说明 sheet before the tables
        unread.insert(0, out.pop(0).sheet)
    return out, unread


def summary_cell(v: str | None) -> bool:
    """Whether a key cell marks a 合计/总计/小计 row (a sum of other rows, not a major)."""
    return bool(v) and bool(SUMMARY.search(re.sub(r"\s+", "", str(v))))
