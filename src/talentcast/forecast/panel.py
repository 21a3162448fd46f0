"""Long tables <-> right-aligned panels, with validation that names series and rows.

Input contract: a long table with columns ``series_id`` (str), ``period`` (integer year)
and ``value`` (number; empty = missing). Every series is placed in one row of a 2-D
array, right-aligned on its own last observed year, so series ending in different years
are each forecast from their own end. Missing years inside a series are filled by linear
interpolation and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ValidationError

REQUIRED = ("series_id", "period", "value")


@dataclass
class Panel:
    """Series of a long table as a right-aligned array.

    Attributes:
        ids: Series ids, one per row of ``Y``.
        Y: (N, T) values, NaN-padded on the left, interior gaps filled.
        last_period: Last observed year per series.
        gaps: {row: [filled years]} for series whose gaps were filled.
    """

    ids: np.ndarray
    Y: np.ndarray
    last_period: np.ndarray
    gaps: dict[int, list[int]] = field(default_factory=dict)

    def year_of(self, row: int, col: int) -> int:
        """Calendar year of column ``col`` of row ``row``."""
        return int(self.last_period[row] - (self.Y.shape[1] - 1 - col))

    def col_of(self, row: int, year: int) -> int:
        """Column of calendar year ``year`` in row ``row`` (may be out of range)."""
        return int(self.Y.shape[1] - 1 - (self.last_period[row] - year))


def _plain(v: object) -> object:
    """A numpy scalar as the Python value, so messages read 2001.5, not np.float64(2001.5)."""
    return v.item() if isinstance(v, np.generic) else v


def _row_label(idx: object) -> str:
    return f"row {int(idx) + 1}" if isinstance(idx, (int, np.integer)) else f"row {idx}"


def validate(df: pd.DataFrame, *, what: str = "input") -> pd.DataFrame:
    """Check a long series table; return it cleaned (str ids, int periods, float values).

    Rows are numbered from 1 in table order (the header is not a row), so "row 5" of a
    CSV file is its 6th line.

    Raises:
        ValidationError: Listing every missing column, non-integer period, non-numeric
            or infinite value and duplicated (series_id, period), each with its series
            and rows.
    """
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValidationError(
            f"{what}: missing column(s) {', '.join(missing)}; found {', '.join(map(str, df.columns))}",
            [f"column '{c}' is required" for c in missing],
            hint="The table must be long: one row per series_id, period (integer year), value.",
        )
    d = df.reset_index(drop=True).loc[:, list(REQUIRED)].copy()
    failures: list[str] = []
    sid = d["series_id"]
    bad_id = sid.isna() | (sid.astype(str).str.strip() == "")
    for i in np.where(bad_id)[0]:
        failures.append(f"{_row_label(i)}: series_id is empty")
    d["series_id"] = sid.astype(str).str.strip()

    per = pd.to_numeric(d["period"], errors="coerce")
    bad_per = per.isna() | ~np.isfinite(per.fillna(0)) | (per.fillna(0) != np.round(per.fillna(0)))
    for i in np.where(bad_per & ~bad_id)[0]:
        failures.append(
            f"series {d.at[i, 'series_id']} {_row_label(i)}: period {_plain(df.iloc[i][REQUIRED[1]])!r} is not an integer year"
        )
    raw = d["value"]
    val = pd.to_numeric(raw, errors="coerce")
    blank = raw.isna() | (raw.astype(str).str.strip().isin(["", "nan", "NaN", "NA", "null", "None"]))
    bad_val = (val.isna() & ~blank) | np.isinf(val.fillna(0))
    for i in np.where(bad_val)[0]:
        failures.append(f"series {d.at[i, 'series_id']} {_row_label(i)}: value {raw.iloc[i]!r} is not a number")
    d["period"] = per
    d["value"] = val.where(~bad_val)
    okp = ~bad_per & ~bad_id
    dup = d[okp].duplicated(["series_id", "period"], keep=False)
    if dup.any():
        dd = d[okp][dup]
        for (s, p), g in dd.groupby(["series_id", "period"], sort=True):
            rows = ", ".join(str(int(i) + 1) for i in g.index)
            failures.append(f"series {s}: period {int(p)} appears more than once (rows {rows})")
    good = okp & ~bad_val
    has_value = d[good].dropna(subset=["value"]).groupby("series_id").size()
    for s in sorted(set(d.loc[good, "series_id"]) - set(has_value.index)):
        failures.append(f"series {s}: no numeric values at all")
    if failures:
        raise ValidationError(
            f"{what}: {len(failures)} problem(s) in the series table",
            failures,
            hint="Fix the rows named above (rows count from 1 after the header, so row 5 is line 6 of a CSV; periods must be integer years, values numbers, one row per series and year).",
        )
    d["period"] = d["period"].astype(np.int64)
    d["value"] = d["value"].astype(float)
    return d


def to_panel(d: pd.DataFrame) -> Panel:
    """Right-align a validated long table (see :func:`validate`); fill interior gaps."""
    d = d.dropna(subset=["value"])
    codes, ids = pd.factorize(d["series_id"], sort=True)
    per = d["period"].to_numpy()
    last = np.full(len(ids), np.iinfo(np.int64).min)
    first = np.full(len(ids), np.iinfo(np.int64).max)
    np.maximum.at(last, codes, per)
    np.minimum.at(first, codes, per)
    T = int((last - first).max()) + 1 if len(ids) else 1
    Y = np.full((len(ids), T), np.nan)
    col = T - 1 - (last[codes] - per)
    Y[codes, col] = d["value"].to_numpy()
    span = last - first + 1
    count = np.bincount(codes, minlength=len(ids))
    gaps: dict[int, list[int]] = {}
    holes = np.where(count < span)[0]
    if holes.size:
        sub = pd.DataFrame(Y[holes]).interpolate(axis=1, limit_area="inside").to_numpy()
        for j, r in enumerate(holes):
            miss = np.where(np.isnan(Y[r]) & ~np.isnan(sub[j]))[0]
            gaps[int(r)] = [int(last[r] - (T - 1 - c)) for c in miss]
        Y[holes] = sub
    return Panel(np.asarray(ids, dtype=object), Y, last.astype(np.int64), gaps)
