"""Report tables and the small value helpers every chapter shares.

A table carries its rows twice: raw (the workbook stores numbers as numbers) and formatted for
the language (HTML and Markdown), so every format shows the same figures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from talentcast.report.formatting import (
    Messages,
    fmt_cny_month,
    fmt_num,
    fmt_pct,
    fmt_people,
    fmt_people_range,
    fmt_ratio,
)

STATUSES = ("official", "observed", "estimated", "synthetic")
# A table longer than this shows its first rows in the page; the workbook holds all of it.
LONG_TABLE_ROWS = 40
PAGE_ROWS = 8

GAP_RATIO_FLOOR = -5.0
KINDS = ("text", "code", "people", "people_range", "pct", "signed_pct", "gap_ratio", "emp10k", "num", "cny", "ratio", "year",
         "colleges", "status")


def fmt_cell(kind: str, v: Any, lang: str, m: Messages) -> Any:
    """One cell formatted for the page by its column kind."""
    if kind == "people":
        return fmt_people(v, lang, unit=False)
    if kind == "people_range":
        return fmt_people_range(v[0], v[1], lang) if v else "—"
    if kind in ("pct_rank", "num_rank"):  # (value, rank within the group)
        value, rank = v if v else (None, None)
        text = fmt_pct(value, lang) if kind == "pct_rank" else fmt_num(value, lang)
        return text if missing(rank) or text == "—" else f"{text} ({int(rank)})"
    if kind == "pct":
        return fmt_pct(v, lang)
    if kind == "signed_pct":
        return fmt_pct(v, lang, signed=True)
    if kind == "gap_ratio":
        # (openings − supply) / openings runs to −4,000 % where openings are tiny; beyond
        # −500 % the figure says nothing more (the workbook keeps the exact value).
        return "< −500%" if not missing(v) and float(v) < GAP_RATIO_FLOOR else fmt_pct(v, lang, signed=True)
    if kind == "emp10k":  # tables give the unit (万人) in the caption, cells carry the number only
        return fmt_num(v, lang, digits=1)
    if kind == "num":
        return fmt_num(v, lang)
    if kind == "cny":
        return fmt_cny_month(v, lang)
    if kind == "ratio":
        return fmt_ratio(v, lang)
    if kind == "year":
        return "—" if missing(v) else str(int(v))
    if kind == "colleges":  # list of (name, is_lead): kept structured for highlighting
        return list(v or [])
    if kind == "status":
        return " / ".join(m(f"status.{s}") for s in (v or [])) or "—"
    return "—" if missing(v) else str(v)


def missing(v: Any) -> bool:
    """True for None, pd.NA and NaN."""
    if v is None or v is pd.NA:
        return True
    try:
        return bool(isinstance(v, float) and math.isnan(v))
    except TypeError:
        return False


def make_table(tid: str, title: str, columns: list[tuple[str, str]], rows: list[list[Any]], *,
               statuses: Iterable[str], m: Messages, note: str = "", unit: str = "",
               page_limit: int = LONG_TABLE_ROWS, page_rows: int = PAGE_ROWS) -> dict[str, Any]:
    """A report table: labels, raw rows (XLSX) and formatted rows (HTML, Markdown).

    Args:
        tid: Stable id (anchor, XLSX sheet name stem).
        columns: (label, kind) pairs; kind picks the formatter and the XLSX number format.
        rows: Raw values, one list per row.
        statuses: Which of official/estimated/synthetic the numbers are; shown under the table.
        page_limit: More rows than this and the page shows ``page_rows`` of them with a pointer
            to the workbook, which holds every row.
    """
    kinds = [k for _, k in columns]
    st = [s for s in STATUSES if s in set(statuses)]
    fmt_rows = [[fmt_cell(k, v, m.lang, m) for k, v in zip(kinds, r)] for r in rows]
    return {
        "id": tid, "title": title, "columns": [c for c, _ in columns], "kinds": kinds,
        "numeric": [k not in ("text", "code", "colleges", "status", "year") for k in kinds],
        "wide": len(columns) > 9,
        "rows": rows, "fmt_rows": fmt_rows, "statuses": st,
        "status_text": m("status.caption", which=" / ".join(m(f"status.{s}") for s in st)) if st else "",
        "note": note, "unit": unit, "empty": not rows,
        # Long tables show their first rows in the page and point to the workbook for the rest.
        "page_rows": fmt_rows[:page_rows] if len(rows) > page_limit else fmt_rows,
        "in_workbook": len(rows) > page_limit, "n_rows": len(rows),
        "pointer": m("common.in_workbook", shown=page_rows, n=len(rows)) if len(rows) > page_limit else "",
    }


def statuses_of(series: pd.Series, default: str = "estimated") -> set[str]:
    """The data statuses in ``series``; ``default`` when it has rows but no known status."""
    vals = {str(s) for s in series.dropna().unique() if str(s) in STATUSES}
    return vals or ({default} if len(series) else set())


def split_list(s: Any) -> list[str]:
    """A ``;``/``、``/``,``-separated text (or a list) as a list of stripped items."""
    if missing(s) or s is None:
        return []
    if isinstance(s, (list, tuple)):
        return [str(x).strip() for x in s if str(x).strip()]
    return [x.strip() for x in re.split(r"[;；,，、|]", str(s)) if x.strip()]


def status_line(statuses: Iterable[str], m: Messages) -> str:
    """The caption naming which statuses a figure carries."""
    st = [s for s in STATUSES if s in set(statuses)]
    return m("status.caption", which=" / ".join(m(f"status.{s}") for s in st)) if st else ""


def rep_share(expansion: Any, replacement: Any) -> float | None:
    """Replacement's share of the openings, replacement / (expansion + replacement), for a
    non-negative expansion only.

    Where employment shrinks (negative expansion) no share says anything true: replacement /
    (expansion + replacement) runs over 100 %, and a share capped at 100 % read as "all openings
    are replacement" while other classes grew. Such rows give None; the text states expansion
    and replacement as figures instead.
    """
    if missing(expansion) or missing(replacement) or float(expansion) < 0:
        return None
    rep = max(float(replacement), 0.0)
    gross = float(expansion) + rep
    return rep / gross if gross > 0 else None


def to_float(v: Any) -> float | None:
    """A float, None when missing."""
    return None if missing(v) else float(v)


def chart_labels(m: Messages) -> dict[str, str]:
    """Legend labels of the line charts."""
    return {"official": m("chart.official"), "other": m("chart.other"), "forecast": m("chart.forecast"),
            "forecast_baseline": m("chart.forecast_baseline"),
            "band80": m("chart.band80"), "band95": m("chart.band95")}


def drivers_of(s: Any, m: Messages) -> list[str]:
    """Gap drivers as labels of the report language."""
    out = []
    for d in split_list(s):
        key = re.sub(r"_gap$", "", norm_rating(d))
        out.append(m.get(f"driver.{key}", d))
    return out


ACTION_ORDER = ("establish", "expand", "maintain", "improve_retention", "improve_suitability", "monitor",
                "reduce_or_merge", "reduce", "merge", "review_membership")


KEY_RE = re.compile(r"\b(strong_shortage|moderate_shortage|moderate_surplus|strong_surplus|unrated)\b")
DRIVERS_RE = re.compile(r"(drivers?: ?)([a-z_]+(?:\s*[;,]\s*[a-z_]+)*)")
# An empty drivers clause ("；成因：—", "; drivers: —"): the reader is told nothing, so it goes.
EMPTY_DRIVERS_RE = re.compile(r"\s*[；;，,]\s*(?:成因|drivers?)\s*[：:]\s*[—–-]+\s*(?=[。.；;]|$)")


def readable_evidence(text: Any, m: Messages) -> Any:
    """Rule evidence as a reader sees it: rating and driver keys replaced by their labels.

    The rules write machine keys into their English evidence ("rated strong_shortage; drivers:
    training;retention"); the report shows the same labels as its tables. Unknown keys stay.
    """
    if missing(text) or not isinstance(text, str):
        return text
    out = KEY_RE.sub(lambda mo: m.get(f"rating.{mo.group(1)}", mo.group(1)), text)
    sep = m.get("punct.list", ", ")

    def drivers(mo: re.Match[str]) -> str:
        keys = [k.strip() for k in re.split(r"[;,]", mo.group(2)) if k.strip()]
        return mo.group(1) + sep.join(m.get(f"driver.{k}", k) for k in keys)

    return EMPTY_DRIVERS_RE.sub("", DRIVERS_RE.sub(drivers, out))


def norm_rating(r: Any) -> str:
    """A rating or action key in snake case; ``unknown`` when missing."""
    return re.sub(r"[\s-]+", "_", str(r).strip().lower()) if not missing(r) and r else "unknown"




# Review columns of mart_suggestions / mart_shortage_list (analysis/review.py writes them).
REVIEW_COLUMNS = ("review_status", "review_reason", "conflict_plan", "stale")


def review_columns(frame: pd.DataFrame) -> list[str]:
    """The review columns worth a column in a table: the status always (when the mart has it),
    the others only where some row has something to say."""
    cols = []
    for c in REVIEW_COLUMNS:
        if c not in frame.columns:
            continue
        vals = frame[c]
        stale = c == "stale" and bool(vals.map(lambda v: False if missing(v) else bool(v)).any())
        if c == "review_status" or stale or (c != "stale" and vals.fillna("").astype(str).str.strip().ne("").any()):
            cols.append(c)
    return cols


def review_cells(row: Any, cols: list[str], lang: str) -> list[str]:
    """A row's review cells in the report's language (初筛 / 专家确认 / 专家修改 / 专家否决)."""
    from talentcast.analysis.review import REVIEW_STATUS_EN, REVIEW_STATUS_ZH

    names = REVIEW_STATUS_ZH if lang == "zh" else REVIEW_STATUS_EN
    out = []
    for c in cols:
        v = row[c]
        if c == "review_status":
            out.append(names.get(str(v), str(v)) if not missing(v) and str(v) else names["first_pass"])
        elif c == "stale":
            out.append(("证据已变，需复核" if lang == "zh" else "evidence changed: review again") if bool(v) and not missing(v) else "—")
        elif c == "conflict_plan" and lang != "zh" and not missing(v) and str(v).strip():
            # A Chinese plan quoted as published: one quotation in the English report.
            out.append("“" + str(v).replace("“", " ").replace("”", "") + "”")
        else:
            out.append(str(v) if not missing(v) and str(v).strip() else "—")
    return out


def first_pass_notice(suggestions: pd.DataFrame, lang: str) -> str:
    """The first-page notice on the review state of a report's suggestions."""
    if "review_status" not in suggestions.columns or suggestions.empty:
        return ""
    status = suggestions["review_status"].fillna("first_pass").astype(str)
    reviewed = int((status != "first_pass").sum())
    if reviewed == 0:
        return ("本报告的建议为规则生成的初筛结果，尚待专家评审。" if lang == "zh"
                else "The suggestions in this report are a rule-based first pass, awaiting expert review.")
    left = len(status) - reviewed
    return (f"本报告的建议中 {reviewed} 条已经专家评审，{left} 条仍为初筛结果。" if lang == "zh"
            else f"{reviewed} of this report's suggestions have been reviewed by experts; {left} are still a first pass.")


def flag_label(m: Messages, row: Any) -> str:
    """A flag's name for the reader, with the year it starts when that is after the report's
    first year (``from_year`` of :func:`talentcast.report.context.scope.window_flags`)."""
    label = m.get(f"flag.{row['flag']}", str(row["flag"]))
    since = row.get("from_year") if hasattr(row, "get") else None
    return label if missing(since) or since is None else m("card.flag_from", flag=label, year=int(since))


# A repository file path (with an optional "rows 1 and 8"), e.g. "tests/data/forecast/x.csv":
# a developer's pointer, not a source a reader can open.
PATH_RE = re.compile(r"\s*[，,;；]?\s*(?:[\w.\-]+/)+[\w.\-]+\.(?:csv|toml|md|xlsx|json|parquet|txt)"
                     r"(?:\s+rows?\s+\d+(?:\s*(?:,|and|、)\s*\d+)*)?")


def without_paths(text: Any) -> Any:
    """``text`` without repository file paths; a source that was "path (titles)" keeps its titles."""
    if missing(text) or not isinstance(text, str):
        return text
    had_path = bool(PATH_RE.search(text))
    out = PATH_RE.sub("", text).strip()
    # "(titles)" left where the path stood: the titles are the source.
    if had_path and out[:1] in "(（" and _closes_at_end(out):
        out = out[1:-1].strip()
    if had_path:  # "第1、8行：" pointed into the file that is no longer named
        out = re.sub(r"^第[\d、和及]+行[：:]\s*", "", out)
    return out or "—"


def _closes_at_end(text: str) -> bool:
    """Whether the bracket opening ``text`` is the one closing it."""
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth == 0:
            return i == len(text) - 1
    return False
