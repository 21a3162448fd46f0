"""Guards every ingest kind applies to its rows, in one place: years, numbers, text cells.

* **Year window** (the same for every kind): :data:`YEAR_MIN` (1949) to next year. A year
  outside it is quarantined as ``bad_year``: 2099 in a register would otherwise become the
  "latest" year and 1900 is an export's null date. Postings whose posting date lies outside
  it are quarantined too.
* **Numbers**: counts are whole, finite, not negative and at most :data:`COUNT_MAX`; other
  values finite, not negative and at most :data:`VALUE_MAX`. ``inf``, ``1e30`` and ``-5``
  are quarantined (``bad_number``, ``negative_value``, ``out_of_range``), never cast.
* **Text cells**: a spreadsheet formula (``=cmd|' /C calc'!A0``, ``=HYPERLINK(…)``) is
  quarantined as ``unsafe_content``; a cell over :data:`CELL_LIMIT` characters as
  ``field_too_large``.

Each check returns a boolean mask (True = bad) aligned with its input, so that an ingestor
quarantines exactly the rows concerned and a NaN cell costs one row, not the file.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from talentcast.ingest.parsers import UNSAFE_PATTERN
from talentcast.ingest.readers import FIELD_LIMIT

YEAR_MIN = 1949
COUNT_MAX = 100_000_000  # persons: no count of one college, major or province reaches it
VALUE_MAX = 1e13  # largest plausible statistic (亿元 of national output is ~1e6)
CELL_LIMIT = FIELD_LIMIT


def year_max(today: date | None = None) -> int:
    """Last accepted year: next year (plans and forecasts name it; later years are errors)."""
    return (today or date.today()).year + 1


def bad_year(years: pd.Series, today: date | None = None) -> pd.Series:
    """True where a (non-null) year lies outside ``YEAR_MIN`` … next year."""
    y = pd.to_numeric(years, errors="coerce")
    return (y.notna() & ((y < YEAR_MIN) | (y > year_max(today)))).fillna(False).astype(bool)


def year_outside_window(year: int, today: date | None = None) -> bool:
    """:func:`bad_year` for one parsed year (row-by-row readers; a Series per row costs 1 ms)."""
    return not YEAR_MIN <= int(year) <= year_max(today)


def year_detail() -> str:
    """The quarantine detail of an out-of-window year."""
    return f"year outside {YEAR_MIN}–{year_max()}"


def number_problems(raw: pd.Series, values: pd.Series, *, count: bool, name: str) -> list[tuple[pd.Series, str, str]]:
    """Masks of the bad cells of one numeric column, most specific first.

    Args:
        raw: The cells as read (text), to tell an empty cell from a non-number.
        values: ``pd.to_numeric(raw, errors="coerce")``.
        count: Whole persons (must be integral) rather than a measured value.
        name: Column name for the details.

    Returns:
        ``(mask, reason, detail)`` triples; the caller flags the first that applies per row.
    """
    v = values.astype("float64")
    filled = raw.notna() & (raw.astype("string").str.strip() != "")
    nan_cell = filled & v.isna()
    inf = np.isinf(v.fillna(0).to_numpy())
    limit = COUNT_MAX if count else VALUE_MAX
    out = [
        (nan_cell.fillna(False).astype(bool), "bad_number", f"{name} is not a number"),
        (pd.Series(inf, index=v.index), "out_of_range", f"{name} is infinite"),
        ((v < 0).fillna(False), "negative_value", f"{name} is negative"),
        ((v > limit).fillna(False), "out_of_range", f"{name} is over {limit:,.0f}"),
    ]
    if count:
        finite = v.where(~pd.Series(inf, index=v.index))
        out.append(((finite.notna() & (finite != finite.round())).fillna(False), "bad_number", f"{name} is not a whole number"))
    return out


def number_problem(raw: object, value: float | None, *, count: bool, name: str) -> tuple[str, str] | None:
    """:func:`number_problems` for one cell (row-by-row readers): the first ``(reason, detail)``
    that applies, or None. Same rules and wording, without a pandas Series per cell."""
    limit = COUNT_MAX if count else VALUE_MAX
    if value is None or np.isnan(value):
        filled = raw is not None and not (isinstance(raw, float) and np.isnan(raw)) and str(raw).strip() != ""
        return ("bad_number", f"{name} is not a number") if filled else None
    if np.isinf(value):
        return "out_of_range", f"{name} is infinite"
    if value < 0:
        return "negative_value", f"{name} is negative"
    if value > limit:
        return "out_of_range", f"{name} is over {limit:,.0f}"
    if count and value != round(value):
        return "bad_number", f"{name} is not a whole number"
    return None


def unsafe_text(df: pd.DataFrame, columns: list[str] | None = None) -> pd.Series:
    """True where any text cell of ``columns`` is a spreadsheet formula injection."""
    mask = pd.Series(False, index=df.index)
    for c in columns if columns is not None else list(df.columns):
        if c in df and (df[c].dtype == object or pd.api.types.is_string_dtype(df[c].dtype)):
            mask |= df[c].astype("string").str.contains(UNSAFE_PATTERN, regex=True, na=False).astype(bool)
    return mask


def oversized(df: pd.DataFrame, columns: list[str] | None = None, limit: int = CELL_LIMIT) -> pd.Series:
    """True where any text cell of ``columns`` is longer than ``limit`` characters."""
    mask = pd.Series(False, index=df.index)
    for c in columns if columns is not None else list(df.columns):
        if c in df and (df[c].dtype == object or pd.api.types.is_string_dtype(df[c].dtype)):
            mask |= (df[c].astype("string").str.len() > limit).fillna(False).astype(bool)
    return mask
