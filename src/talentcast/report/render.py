"""Render report contexts to files: HTML (self-contained), Markdown, XLSX and PDF.

This is one of the few modules allowed to write files. Every write is atomic (temporary file
then rename), file names come only from registry group ids (checked by ``safe_file_stem``),
and text from inputs is escaped for each format: HTML by jinja2 autoescaping, Markdown by the
``md`` filter (which also neutralises HTML), and XLSX by writing every string as a string, so
``=cmd|...`` in a cell never becomes a formula.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import xlsxwriter

from talentcast.errors import ReportError
from talentcast.report.context import (
    DEFAULT_HORIZON,
    DEFAULT_REGION,
    PROVINCE_ID,
    Names,
    build_context,
    default_names,
    groups_from_registry,
    normalise_marts,
)
from talentcast.report.formatting import check_lang, safe_file_stem
from talentcast.resources import resource_path
from talentcast.workspace import atomic_write

FORMATS = ("html", "md", "xlsx", "pdf")
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_HINT = ("install it with `apt-get install -y chromium fonts-noto-cjk fonts-wqy-zenhei` (or set TALENTCAST_CHROMIUM "
                 "to its path)")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#<>])")


def md_escape(value: Any) -> str:
    """Escape text for a Markdown table cell or paragraph.

    Backslash-escapes Markdown syntax and ``<``/``>`` (so raw HTML such as ``<script>`` shows as
    text in any Markdown renderer), and folds newlines so a cell cannot break its table row.
    """
    s = "" if value is None else str(value)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return re.sub(r"\s*[\r\n]+\s*", " ", s)


@cache
def _env(kind: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_path("templates"))),
        autoescape=(kind == "html"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    return env


def render_html(ctx: Mapping[str, Any]) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, nothing fetched)."""
    return _env("html").get_template("report.html.j2").render(**ctx)


def render_md(ctx: Mapping[str, Any]) -> str:
    """The report as Markdown (tables, cards and text; charts are represented by their tables)."""
    text = _env("md").get_template("report.md.j2").render(**ctx)
    text = re.sub(r"\n{3,}", "\n\n", text)  # templates leave blank runs around optional blocks
    return text.strip() + "\n"


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_XLSX_FORMATS = {"people": "#,##0", "num": "#,##0", "pct": "0.0%", "signed_pct": "+0.0%;-0.0%;0.0%", "gap_ratio": "+0.0%;-0.0%;0.0%",
                 "emp10k": "#,##0.0", "cny": "#,##0", "ratio": "0.00", "year": "0"}


def write_xlsx(ctx: Mapping[str, Any], path: Path) -> Path:
    """Write every table of the report to an XLSX workbook, one sheet each, plus a contents sheet.

    Numbers are stored as numbers with a display format; every string is written with
    ``write_string`` and the workbook has ``strings_to_formulas`` off, so no input text can
    become a formula.
    """
    path = Path(path)

    def build(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False, "nan_inf_to_errors": False})
        bold = wb.add_format({"bold": True})
        head = wb.add_format({"bold": True, "bg_color": "#EEF2F6", "border": 1, "text_wrap": True})
        fmts = {k: wb.add_format({"num_format": v}) for k, v in _XLSX_FORMATS.items()}
        # Text that a spreadsheet would read as a formula when edited keeps a quote prefix.
        quoted = wb.add_format({"quote_prefix": True})
        t = ctx["t"]
        toc_name = _SHEET_BAD.sub("_", str(t["xlsx.contents"]))[:31]
        toc = wb.add_worksheet(toc_name)
        toc.write_string(0, 0, str(ctx["title"]), bold)
        toc.write_string(1, 0, str(ctx["subtitle"]))
        toc.set_column(0, 0, 28)
        toc.set_column(1, 1, 60)
        used: set[str] = {toc_name.lower()}
        for i, tid in enumerate(ctx["table_order"]):
            tb = ctx["tables"][tid]
            name = sheet_name(str(tb["title"]), used)
            toc.write_string(3 + i, 0, name)
            toc.write_string(3 + i, 1, str(tb["title"]))
            toc.write_string(3 + i, 2, str(tb["status_text"]))
            ws = wb.add_worksheet(name)
            ws.write_string(0, 0, str(tb["title"]), bold)
            if tb["status_text"] or tb["note"]:
                sep = str(ctx["t"].get("common.sep", ". "))
                line = sep.join(str(x) for x in (tb["status_text"], tb["note"]) if x)
                ws.write_string(1, 0, f"{line} ({tb['unit']})" if tb["unit"] else line)
            cols: list[tuple[str, str, int]] = []  # (header, kind, source index); ranges get two columns
            for j, (label, kind) in enumerate(zip(tb["columns"], tb["kinds"])):
                if kind == "people_range":
                    cols += [(f"{label} {t['xlsx.lo']}", "people", j), (f"{label} {t['xlsx.hi']}", "people", j)]
                elif kind in ("pct_rank", "num_rank"):
                    cols += [(str(label), kind[:3], j), (f"{label} {t['xlsx.rank']}", "num", j)]
                else:
                    cols.append((label, kind, j))
            for c, (label, _, _) in enumerate(cols):
                ws.write_string(3, c, str(label), head)
                ws.set_column(c, c, max(10, min(40, len(str(label)) * 2)))
            for r, (raw, fmt) in enumerate(zip(tb["rows"], tb["fmt_rows"]), start=4):
                c = 0
                for j, (value, kind, shown) in enumerate(zip(raw, tb["kinds"], fmt)):
                    if kind in ("people_range", "pct_rank", "num_rank"):
                        lo, hi = value if value else (None, None)
                        first = {"people_range": "people", "pct_rank": "pct", "num_rank": "num"}[kind]
                        _cell(ws, r, c, lo, first, fmts, quoted)
                        _cell(ws, r, c + 1, hi, "people" if kind == "people_range" else "num", fmts, quoted)
                        c += 2
                        continue
                    if kind == "colleges":
                        value = "、".join(name + ("（牵头）" if lead else "") for name, lead in shown)
                    elif kind == "status":
                        value = shown
                    _cell(ws, r, c, value, kind, fmts, quoted)
                    c += 1
            ws.freeze_panes(4, 0)
        wb.close()

    atomic_write(path, build)
    return path


def sheet_name(title: str, used: set[str]) -> str:
    """A worksheet name from a table title: Excel's forbidden characters replaced, at most 31
    characters, unique within the workbook (``used`` holds the lower-cased names taken)."""
    base = _SHEET_BAD.sub("_", title).strip("'")[:31] or "sheet"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:28]}_{n}"
        n += 1
    used.add(name.lower())
    return name


def _cell(ws: Any, r: int, c: int, value: Any, kind: str, fmts: Mapping[str, Any], quoted: Any) -> None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        ws.write_blank(r, c, None)
    elif kind in _XLSX_FORMATS and isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, float(value), fmts[kind])
    elif str(value)[:1] in ("=", "+", "-", "@"):
        ws.write_string(r, c, str(value), quoted)
    else:
        ws.write_string(r, c, str(value))


def _write_text(path: Path, text: str) -> Path:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path


def find_chromium() -> str | None:
    """Path of a headless-capable Chromium, from TALENTCAST_CHROMIUM or PATH; None when absent."""
    env = os.environ.get("TALENTCAST_CHROMIUM")
    if env:
        return env if Path(env).exists() else shutil.which(env)
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html_path: Path, pdf_path: Path, *, timeout_s: float = 180.0) -> Path:
    """Print an HTML file to PDF with headless Chromium (CJK via fonts-noto-cjk).

    Raises:
        ReportError: Chromium is missing, fails, or writes no PDF.
    """
    exe = find_chromium()
    if exe is None:
        raise ReportError("cannot make the PDF: headless Chromium was not found", hint=CHROMIUM_HINT)
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)

    def build(tmp: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="talentcast-chromium-") as profile:
            cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
                   "--no-pdf-header-footer", html_path.as_uri()]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, check=False)
            except subprocess.TimeoutExpired as exc:
                raise ReportError(f"Chromium took longer than {timeout_s:.0f} s to print {html_path}",
                                  hint="retry, or render html/md/xlsx without pdf") from exc
            if proc.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
                tail = (proc.stderr or "").strip().splitlines()[-3:]
                raise ReportError(f"Chromium failed to print {html_path} (exit {proc.returncode}): {' | '.join(tail)}",
                                  hint=CHROMIUM_HINT)

    atomic_write(pdf_path, build)
    return pdf_path


def report_stem(year: int, group_id: str, lang: str) -> str:
    """File stem ``<year>_<group_id>_<lang>`` built only from a validated id."""
    return f"{int(year)}_{safe_file_stem(group_id)}_{check_lang(lang)}"


def render_reports(marts: Mapping[str, pd.DataFrame], registry: Any, out_dir: Path | str,
                   groups: Sequence[str] | None = None, formats: Iterable[str] = ("html", "md", "xlsx"),
                   lang: str = "zh", year: int | None = None, names: Names | None = None,
                   region: str = DEFAULT_REGION, edition: int | None = None, horizon: int = DEFAULT_HORIZON) -> list[Path]:
    """Render group and province reports to ``out_dir``.

    Args:
        marts: Mart name → DataFrame (docs/architecture.md).
        registry: The group registry.
        out_dir: Output folder (created).
        groups: Group ids; ``"province"`` means the province report. None = every group in the
            registry plus the province report.
        formats: Any of html, md, xlsx, pdf (pdf prints the HTML, so it is written too).
        lang: "zh" or "en".
        year: First forecast year shown (default: the year after ``edition``).
        names: Code → name lookups (default from talentcast.reference).
        region: The region the reports are about (settings.region).
        edition: Edition year; names the files (default: the year before the first forecast year).
        horizon: Forecast years shown.

    Returns:
        The paths written, in order.

    Raises:
        ReportError: unknown format, group or language; PDF engine missing.
    """
    check_lang(lang)
    fmts = [f.strip().lower() for f in formats]
    bad = [f for f in fmts if f not in FORMATS]
    if bad:
        raise ReportError(f"unknown report format(s): {', '.join(bad)}", hint=f"choose from {', '.join(FORMATS)}")
    if "pdf" in fmts and find_chromium() is None:
        raise ReportError("cannot make the PDF: headless Chromium was not found", hint=CHROMIUM_HINT)
    known = [g.id for g in groups_from_registry(registry)]
    targets: list[str | None]
    if groups is None:
        targets = [*known, None]
    else:
        targets = [None if g == PROVINCE_ID else g for g in groups]
    for g in targets:
        if g is not None:
            safe_file_stem(g)  # refuse an unusable id before any work
    names = names or default_names()
    marts = normalise_marts(marts)  # once, not once per report
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for g in targets:
        ctx = build_context(marts, registry, g, lang=lang, year=year, names=names, region=region, edition=edition,
                            horizon=horizon)
        stem = report_stem(ctx["edition"]["year"], ctx["group_id"], lang)
        html_path = out / f"{stem}.html"
        if "html" in fmts or "pdf" in fmts:
            written.append(_write_text(html_path, render_html(ctx)))
        if "md" in fmts:
            written.append(_write_text(out / f"{stem}.md", render_md(ctx)))
        if "xlsx" in fmts:
            written.append(write_xlsx(ctx, out / f"{stem}.xlsx"))
        if "pdf" in fmts:
            written.append(html_to_pdf(html_path, out / f"{stem}.pdf"))
    return written
