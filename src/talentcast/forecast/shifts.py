"""Level shifts: detection and adjustment of the history before a break.

Official employment series carry breaks from census-based revisions: China's urban-unit
employment jumps about 17 % in 2013 (national 15,236 → 18,108 万人; Henan 881 → 1,076)
although nothing happened to jobs that year. A trend model reads the jump as growth and
overshoots for years. The engine therefore rescales the years *before* a shift so that
the jump year shows only the series' typical change, forecasts the adjusted series (which
is on the new basis, the one future data will use) and flags the series.

Shifts are either declared by the user (``level_shifts={"410000:C": [2013]}``, "*" for
every series) or detected: a year whose change is an outlier among the series' changes
(robust z-score) *and* whose new level persists (not a one-year spike).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from . import core

#: Robust z-score above which a year-on-year change is a candidate level shift.
Z_THRESHOLD = 4.0
#: A detected shift must also be at least this large relative to the level (log change).
MIN_RELATIVE = 0.08
#: Series shorter than this are not searched (too few changes to know what is typical).
MIN_LENGTH = 8


def _changes(Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Year-on-year changes, in logs for positive rows; returns (D, is_log)."""
    pos = np.all((Y > 0) | np.isnan(Y), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        Z = np.where(pos[:, None], np.log(np.where(Y > 0, Y, np.nan)), Y)
    return np.diff(Z, axis=1), pos


def detect(Y: np.ndarray) -> np.ndarray:
    """Column index (into Y) of the largest detected level shift per row, or -1.

    A shift at column c means the level changed between columns c-1 and c.
    """
    N, T = Y.shape
    out = np.full(N, -1)
    if T < MIN_LENGTH:
        return out
    n = core.lengths(Y)
    rows = np.where(n >= MIN_LENGTH)[0]
    if rows.size == 0:
        return out
    found = _detect_rows(Y[rows])
    out[rows] = found
    return out


def _detect_rows(Y: np.ndarray) -> np.ndarray:
    """:func:`detect` on rows that all have at least MIN_LENGTH values."""
    N = Y.shape[0]
    out = np.full(N, -1)
    D, pos = _changes(Y)
    n = core.lengths(Y)
    med = np.nanmedian(D, axis=1)
    mad = np.nanmedian(np.abs(D - med[:, None]), axis=1) * 1.4826
    level = np.nanmean(np.abs(Y), axis=1)
    floor = np.where(pos, 0.01, 0.01 * np.where(level > 0, level, 1.0))
    z = np.abs(D - med[:, None]) / np.maximum(mad, floor)[:, None]
    rel_ok = np.where(pos[:, None], np.abs(D) >= MIN_RELATIVE, True)
    # Persistence: the change over the next years must not undo the jump (spike test),
    # which needs at least two values after the candidate year.
    nxt = np.full_like(D, np.nan)
    nxt[:, :-1] = D[:, 1:]
    persists = np.abs(D + nxt) > 0.5 * np.abs(D)
    cand = (z > Z_THRESHOLD) & rel_ok & persists & ~np.isnan(nxt)
    cand &= (n >= MIN_LENGTH)[:, None]
    zc = np.where(cand, z, -np.inf)
    best = np.argmax(zc, axis=1)
    has = np.isfinite(zc[np.arange(N), best])
    out[has] = best[has] + 1
    return out


def adjust(Y: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Move the history before each shift onto the post-shift basis.

    For a shift at column c the jump d = y[c] - y[c-1] (log for positive rows) minus the
    series' median change elsewhere is removed from every value before c.

    Args:
        Y: Right-aligned panel.
        cols: Shift column per row (-1 for none); several shifts per row can be applied
            by calling this repeatedly.

    Returns:
        The adjusted panel and the estimated jump per row (0 where none; log units for
        positive rows, value units otherwise).
    """
    Y = Y.copy()
    N, T = Y.shape
    D, pos = _changes(Y)
    jump = np.zeros(N)
    rows = np.where(cols > 0)[0]
    for i in rows:
        c = int(cols[i])
        d = D[i, c - 1]
        if not np.isfinite(d):
            continue
        others = np.delete(D[i], c - 1)
        others = others[np.isfinite(others)]
        typical = float(np.median(others)) if others.size else 0.0
        j = d - typical
        jump[i] = j
        if pos[i]:
            Y[i, :c] = Y[i, :c] * np.exp(j)
        else:
            Y[i, :c] = Y[i, :c] + j
    return Y, jump


def window_rows(cols: np.ndarray, T: int, min_points: int) -> np.ndarray:
    """Rows of a T-column panel whose shift column ``cols`` leaves ``min_points`` years after it."""
    return (cols > 0) & (T - cols >= max(min_points, 1)) & (min_points > 0)


def post_shift_window(Y: np.ndarray, cols: np.ndarray, min_points: int) -> tuple[np.ndarray, np.ndarray]:
    """Drop the years before each row's shift once enough years follow it.

    Why: a census-based revision changes more than the level. The sections are re-measured
    on a new frame, and their growth after the break differs from before it: on the
    official sets, trends read from rescaled pre-break years overshot (RESULTS, issue 14).
    Rescaling (:func:`adjust`) keeps short post-break histories usable; once a row has
    ``min_points`` years from the shift on, its trend is read from those years only.

    Args:
        Y: Right-aligned panel (already adjusted).
        cols: Column of each row's latest shift (-1: none).
        min_points: Years from the shift column to the end needed (0: never drop).

    Returns:
        The panel with earlier years set to NaN (still right-aligned), and which rows.
    """
    T = Y.shape[1]
    use = window_rows(cols, T, min_points)
    if not use.any():
        return Y, use
    Y = Y.copy()
    Y[use[:, None] & (np.arange(T)[None, :] < cols[:, None])] = np.nan
    return Y, use


def declared_from(spec: str | None, series: "pd.DataFrame | None" = None, column: str | None = None) -> dict[str, list[int]]:
    """Declared level shifts from a command-line value, a file or a column of the input.

    Args:
        spec: ``"2013"`` or ``"2013,2015"`` (every series), or the path of a CSV file with
            columns ``series_id`` and ``year`` (one row per series and shift year; a
            ``series_id`` of ``*`` means every series). None: no shifts from here.
        series: The input long table (needed for ``column``).
        column: Name of a column of ``series`` holding, per series, the first year on the
            new basis (empty where the series has none; a series may use several rows).

    Returns:
        {series_id: [year, ...]}, "*" for every series, as ``forecast_frame`` takes it.

    Raises:
        InputFileError: The file is missing or lacks its columns (names the file).
        ValidationError: A year is not a whole number (names the value, row or column).
    """
    import pandas as pd

    from ..errors import InputFileError, ValidationError

    out: dict[str, list[int]] = {}
    if spec:
        text = str(spec).strip()
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if parts and all(p.lstrip("-").isdigit() for p in parts):
            out["*"] = sorted({int(p) for p in parts})
        else:
            from pathlib import Path

            path = Path(text)
            if not path.is_file():
                raise InputFileError(
                    f"--shift {text}: neither a year (e.g. 2013, or 2013,2015) nor an existing file",
                    hint="Give the first year on the new basis, or a CSV with columns series_id, year.",
                )
            try:
                df = pd.read_csv(path, dtype={"series_id": str}, encoding="utf-8-sig")
            except Exception as exc:  # pandas raises many types; report them as one kind
                raise InputFileError(f"{path}: cannot be read ({type(exc).__name__}: {exc})") from exc
            missing = [c for c in ("series_id", "year") if c not in df.columns]
            if missing:
                raise InputFileError(
                    f"{path}: missing column(s) {', '.join(missing)}; found {', '.join(map(str, df.columns))}",
                    hint="A shift file has one row per series and shift year: series_id, year.",
                )
            for i, (sid, yr) in enumerate(zip(df["series_id"], df["year"]), start=2):
                out.setdefault(str(sid), []).append(_year(yr, f"{path}, line {i}"))
    if column:
        if series is None or column not in series.columns:
            found = ", ".join(map(str, series.columns)) if series is not None else "no input"
            raise ValidationError(
                f"--shift-column {column}: the input has no such column; found {found}",
                [f"column '{column}' is missing"],
            )
        rows = series[["series_id", column]].dropna()
        for sid, yr in zip(rows["series_id"], rows[column]):
            out.setdefault(str(sid), []).append(_year(yr, f"column {column}, series {sid}"))
    return {k: sorted(set(v)) for k, v in out.items()}


def _year(value, where: str) -> int:
    from ..errors import ValidationError

    try:
        f = float(value)
    except (TypeError, ValueError):
        f = float("nan")
    if not np.isfinite(f) or f != int(f):
        raise ValidationError(f"{where}: shift year {value!r} is not a whole year", [f"{where}: {value!r}"])
    return int(f)
