"""DataFrame-level entry points: forecast_frame, backtest_frame and file I/O.

These are what ``talentcast forecast-series``, ``talentcast backtest`` and the lake's
``talentcast forecast`` call; they all run :func:`.engine.forecast_panel`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ForecastError, InputFileError
from . import core, shifts
from .panel_forecast import MAX_CALIBRATION_SERIES, MIN_TRAIN, PanelForecast, calibrate, forecast_panel, mase_scale
from .ensemble import EnsembleConfig, run_members, truncate
from .panel import Panel, to_panel, validate

OUTPUT_COLUMNS = ["series_id", "period", "mean", "lo_80", "hi_80", "lo_95", "hi_95", "model"]
FLAG_COLUMNS = ["series_id", "flag", "detail"]


def _config(config: EnsembleConfig | Mapping | None) -> tuple[EnsembleConfig, bool]:
    """Engine settings from a config object or a plain mapping (e.g. a TOML table).

    Besides the :class:`EnsembleConfig` fields a mapping may hold ``detect_shifts``
    (bool, default True).
    """
    if config is None:
        return EnsembleConfig(), True
    if isinstance(config, EnsembleConfig):
        return config, bool(config.extra.get("detect_shifts", True))
    cfg = dict(config)
    detect = bool(cfg.pop("detect_shifts", True))
    if "members" in cfg:
        cfg["members"] = tuple(cfg["members"])
    from .ensemble import KERNELS

    unknown = [m for m in cfg.get("members", ()) if m not in KERNELS]
    if unknown:
        raise ForecastError(
            f"unknown forecast model(s) {', '.join(unknown)}",
            hint=f"Choose among: {', '.join(sorted(KERNELS))}.",
        )
    try:
        return EnsembleConfig(**cfg), detect
    except TypeError as exc:
        raise ForecastError(f"bad forecast settings: {exc}") from exc


def _apply_shifts(
    p: Panel, level_shifts: Mapping[str, Sequence[int]] | None, detect: bool, window: int = 0
) -> tuple[np.ndarray, list[tuple[int, str, str]], np.ndarray]:
    """Adjust the history before declared or detected level shifts.

    Args:
        p: The panel.
        level_shifts: Declared shifts ({series_id: [year, ...]}, "*" for every series).
        detect: Also detect shifts in series that declare none.
        window: If > 0, series with at least this many years from their latest declared
            shift on keep only those years (:func:`.shifts.post_shift_window`). Detected
            shifts are only rescaled: applied to them too, the window cost accuracy on M3
            (RESULTS, issue 14), where a "shift" is a statistical guess, not a re-measurement.

    Returns:
        Adjusted Y, flags, and the column of each row's latest declared shift (-1: none).
    """
    Y = p.Y
    flags: list[tuple[int, str, str]] = []
    N = Y.shape[0]
    declared: dict[int, list[int]] = {}
    if level_shifts:
        every = list(level_shifts.get("*", []))
        index = {s: i for i, s in enumerate(p.ids)}
        for sid, years in level_shifts.items():
            if sid == "*":
                continue
            if sid not in index:
                flags.append((-1, "unknown_series", f"level shift declared for {sid}, which is not in the input"))
                continue
            declared.setdefault(index[sid], []).extend(int(y) for y in years)
        if every:
            for i in range(N):
                declared.setdefault(i, []).extend(int(y) for y in every)
    for i, years in declared.items():
        for yr in sorted(set(years)):
            c = p.col_of(i, yr)
            n_i = int(core.lengths(Y[i : i + 1])[0])
            if c <= Y.shape[1] - n_i or c > Y.shape[1] - 1:
                flags.append((i, "level_shift_ignored", f"declared shift {yr} is not inside the history"))
                continue
            cols = np.full(N, -1)
            cols[i] = c
            Y, jump = shifts.adjust(Y, cols)
            flags.append((i, "level_shift", f"{yr}: declared; {_jump_text(Y[i], jump[i])}"))
    if detect:
        cols = shifts.detect(Y)
        cols[list(declared)] = -1  # the user's word wins for series they named
        if (cols > 0).any():
            Y, jump = shifts.adjust(Y, cols)
            for i in np.where(cols > 0)[0]:
                flags.append(
                    (int(i), "level_shift", f"{p.year_of(int(i), int(cols[i]))}: detected; {_jump_text(Y[i], jump[i])}")
                )
    latest = _latest_declared(p, level_shifts)
    Y, flags = _window(p, Y, latest, window, flags)
    return Y, flags, latest


def _latest_declared(p: Panel, level_shifts: Mapping[str, Sequence[int]] | None) -> np.ndarray:
    """Column of each row's latest declared shift inside its history (-1: none), as
    :func:`_apply_shifts` finds it, without adjusting anything."""
    N, T = p.Y.shape
    latest = np.full(N, -1)
    if not level_shifts:
        return latest
    n = core.lengths(p.Y)
    index = {s: i for i, s in enumerate(p.ids)}
    for sid, years in level_shifts.items():
        rows = np.arange(N) if sid == "*" else np.array([index[sid]] if sid in index else [], dtype=int)
        for yr in years:
            c = T - 1 - (p.last_period[rows] - int(yr))
            inside = (c > T - n[rows]) & (c <= T - 1)
            latest[rows] = np.where(inside, np.maximum(latest[rows], c), latest[rows])
    return latest


def _window(p: Panel, Y: np.ndarray, latest: np.ndarray, window: int, flags: list) -> tuple[np.ndarray, list]:
    """Keep only the years from each row's latest shift on where there are enough of them."""
    Y, used = shifts.post_shift_window(Y, latest, window)
    for i in np.where(used)[0]:
        flags.append((int(i), "post_shift_window",
                      f"trend read from {p.year_of(int(i), int(latest[i]))} on only ({Y.shape[1] - int(latest[i])} years on the new basis)"))
    return Y, flags


def _jump_text(row: np.ndarray, jump: float) -> str:
    pos = bool(np.all((row > 0) | np.isnan(row)))
    if pos:
        return f"history before it rescaled by {np.exp(jump):.3f} (jump of {np.expm1(jump) * 100:+.1f} % beyond trend)"
    return f"history before it shifted by {jump:+.4g}"


def _forecast_panel_frame(
    p: Panel,
    horizon: int,
    levels: Sequence[int],
    nonnegative: bool,
    level_shifts: Mapping[str, Sequence[int]] | None,
    cfg: EnsembleConfig,
    detect: bool,
    calibration=None,
    ok_width: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, PanelForecast]:
    Y, flags, _ = _apply_shifts(p, level_shifts, detect, cfg.break_window)
    nn = np.all((p.Y >= 0) | np.isnan(p.Y), axis=1) if nonnegative else np.zeros(len(p.ids), bool)
    res = forecast_panel(Y, horizon, levels=levels, cfg=cfg, nonnegative=nn, calibration=calibration, ok_width=ok_width)
    periods = p.last_period[:, None] + np.arange(1, horizon + 1)[None, :]
    out = {
        "series_id": np.repeat(p.ids, horizon),
        "period": periods.reshape(-1),
        "mean": res.mean.reshape(-1),
    }
    for lv in levels:
        lo, hi = res.bounds[lv]
        out[f"lo_{lv}"] = lo.reshape(-1)
        out[f"hi_{lv}"] = hi.reshape(-1)
    out["model"] = np.repeat(res.model, horizon)
    fdf = pd.DataFrame(out)
    fdf["period"] = fdf["period"].astype(np.int64)
    fl = flags + res.flags
    for r, yrs in p.gaps.items():
        fl.append((r, "gaps_filled", "missing years filled by linear interpolation: " + ", ".join(map(str, yrs))))
    if nonnegative:
        for r in np.where(~nn)[0]:
            fl.append((int(r), "negative_history", "history has negative values: forecasts not clipped at zero"))
    const = np.nanmax(p.Y, axis=1) == np.nanmin(p.Y, axis=1)
    for r in np.where(const & (core.lengths(p.Y) >= 3))[0]:
        fl.append((int(r), "constant", "constant history: flat forecast, zero-width intervals"))
    flags_df = pd.DataFrame(
        [(p.ids[r] if r >= 0 else "*", f, d) for r, f, d in fl], columns=FLAG_COLUMNS
    )
    return fdf, flags_df, res


def forecast_frame(
    df: pd.DataFrame,
    horizon: int,
    *,
    levels: Sequence[int] = (80, 95),
    nonnegative: bool = True,
    level_shifts: Mapping[str, Sequence[int]] | None = None,
    config: EnsembleConfig | Mapping | None = None,
    return_flags: bool = False,
    executor=None,
    partition_size: int = 2000,
    reference: Mapping[str, str] | None = None,
    reference_data: pd.DataFrame | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Forecast every series of a long table ``horizon`` years past its own last year.

    Args:
        df: Long table with columns series_id, period (integer year), value.
        horizon: Years to forecast (>= 1).
        levels: Interval coverages in percent; columns lo_<L>, hi_<L> per level.
        nonnegative: Clip means and bounds at zero for series whose history is >= 0
            (counts such as employment). Series with negative values are left alone
            and flagged.
        level_shifts: Declared breaks, {series_id: [year, ...]}, "*" for every series;
            the year is the first year on the new basis (2013 for China's revision).
            Detected shifts are added unless ``config`` sets detect_shifts = False.
        config: :class:`EnsembleConfig` or a mapping of its fields (+ detect_shifts).
        return_flags: Also return a flags table (series_id, flag, detail).
        executor: Where to run partitions of whole series in parallel: anything with a
            ``map(fn, iterable)`` method (a ``concurrent.futures`` executor, a Dask
            client's executor, :class:`talentcast.executor.Engine`). None: in-process, one
            panel. The result is the same bit for bit: the evidence weight and interval
            quantiles are calibrated once on the whole panel (here), and every partition is
            laid out as wide as the whole panel.
        partition_size: Series per partition when ``executor`` is given.
        reference: Optional {series_id: reference series_id}, e.g. a province's section ->
            the same national section: those series' forecasts are combined with the
            shift-share forecast on the reference (:mod:`.reference`). Every other series
            is forecast on its own, as without it.
        reference_data: Long table of reference series that are not in ``df``; they are
            forecast separately (same settings and declared shifts) up to each series'
            horizon. References found in ``df`` use its forecasts.

    Returns:
        Columns series_id, period, mean, lo_80, hi_80, lo_95, hi_95, model (one row per
        series and forecast year), and the flags table if asked for.

    Raises:
        ValidationError: Bad input, listing every bad series and row.
        ForecastError: Bad horizon or settings.
    """
    if int(horizon) != horizon or horizon < 1:
        raise ForecastError(f"horizon must be a whole number of years >= 1, got {horizon!r}")
    cfg, detect = _config(config)
    d = validate(df)
    p = to_panel(d)
    if executor is None:
        fdf, flags_df, _ = _forecast_panel_frame(p, int(horizon), tuple(levels), nonnegative, level_shifts, cfg, detect)
    else:
        fdf, flags_df = _forecast_partitioned(d, p, int(horizon), tuple(levels), nonnegative, level_shifts, cfg, detect,
                                              executor, partition_size, True)
    if reference:
        from .reference import blend_with_reference

        ref_fc = None
        if reference_data is not None and len(reference_data):
            ref_fc = forecast_frame(reference_data, int(horizon), levels=levels, nonnegative=nonnegative,
                                    level_shifts=level_shifts, config=config)
        fdf, rflags = blend_with_reference(fdf, d, reference, ref_fc, reference_data, nonnegative=nonnegative)
        if rflags:
            flags_df = pd.concat([flags_df, pd.DataFrame(rflags, columns=FLAG_COLUMNS)], ignore_index=True)
    return (fdf, flags_df) if return_flags else fdf


def _forecast_partitioned(d, p, horizon, levels, nonnegative, level_shifts, cfg, detect, executor, partition_size, return_flags):
    """:func:`forecast_frame` on an executor, one partition of whole series per task."""
    # Phase 1 (here): calibrate on the same subset of the whole panel the one-panel run uses.
    n = core.lengths(p.Y)
    rows = np.where(n >= MIN_TRAIN + 1)[0]
    if rows.size > MAX_CALIBRATION_SERIES:
        rows = np.sort(np.random.default_rng(0).choice(rows, MAX_CALIBRATION_SERIES, replace=False))
    Ysub, _, _ = _apply_shifts(Panel(p.ids[rows], p.Y[rows], p.last_period[rows], {}), level_shifts, detect, cfg.break_window)
    cal = calibrate(Ysub, horizon, cfg, levels)
    # Phase 2 (executor): forecast each partition with that calibration. Partitions are laid
    # out as wide as the whole panel and trimmed alike, so that numpy's row reductions see
    # the same shapes and results are bit-identical to the one-panel run.
    ids = pd.unique(d["series_id"])
    chunks = np.array_split(ids, max(1, min(len(ids), len(ids) // max(1, partition_size))))
    index = d.groupby("series_id", sort=False).indices
    parts = [d.iloc[np.concatenate([index[k] for k in c])] for c in chunks if len(c)]
    # The point forecast's width is that of the longest forecastable series *after* the
    # post-shift window, as in the one-panel run (the window depends on declared shifts only).
    latest = _latest_declared(p, level_shifts)
    n = np.where(shifts.window_rows(latest, p.Y.shape[1], cfg.break_window), p.Y.shape[1] - latest, n)
    ok_width = int(n[n >= MIN_TRAIN].max()) if (n >= MIN_TRAIN).any() else 0
    task = partial(_forecast_part, horizon=horizon, levels=levels, nonnegative=nonnegative, level_shifts=level_shifts,
                   cfg=cfg, detect=detect, calibration=cal, width=p.Y.shape[1], ok_width=ok_width)
    results = list(executor.map(task, parts))
    fdf = pd.concat([r[0] for r in results], ignore_index=True) if results else pd.DataFrame(columns=OUTPUT_COLUMNS)
    fdf = fdf.sort_values("series_id", kind="stable").reset_index(drop=True)
    if not return_flags:
        return fdf
    flags = pd.concat([r[1] for r in results], ignore_index=True) if results else pd.DataFrame(columns=FLAG_COLUMNS)
    return fdf, flags


def _forecast_part(d: pd.DataFrame, *, horizon, levels, nonnegative, level_shifts, cfg, detect, calibration, width, ok_width):
    """One partition's forecasts and flags with the whole panel's calibration (a worker task)."""
    p = to_panel(d)
    if p.Y.shape[1] < width:
        pad = np.full((p.Y.shape[0], width - p.Y.shape[1]), np.nan)
        p = Panel(p.ids, np.hstack([pad, p.Y]), p.last_period, p.gaps)
    fdf, flags, _ = _forecast_panel_frame(p, horizon, levels, nonnegative, level_shifts, cfg, detect,
                                          calibration=calibration, ok_width=ok_width)
    return fdf, flags


def backtest_frame(
    df: pd.DataFrame,
    horizon: int,
    *,
    origins: Sequence[int] | None = None,
    levels: Sequence[int] = (80, 95),
    config: EnsembleConfig | Mapping | None = None,
    level_shifts: Mapping[str, Sequence[int]] | None = None,
    reference: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Rolling-origin evaluation of the engine and each of its members against naive.

    For each origin o (years cut from the end of every series; default 1..horizon+2),
    the engine is run on data up to the origin only — shift detection, member fits and
    interval calibration included — and scored on what followed.

    Args:
        df: Long table (series_id, period, value).
        horizon: Forecast horizon of each origin.
        origins: Years cut from the end, e.g. [1, 2, 3].
        levels: Interval coverages; coverage is measured for the engine ("ensemble").
        config: Engine settings.
        level_shifts: Declared breaks (as in :func:`forecast_frame`).
        reference: {series_id: reference series_id} (as in :func:`forecast_frame`; the
            references must be in ``df``): the engine's forecast at each origin is pooled
            with the shift-share on the reference as it stood at that origin, so the backtest
            scores the forecast the pipeline publishes. The members are scored unpooled.

    Returns:
        model, horizon, mase, smape, coverage_80, coverage_95, n: one row per model and
        horizon (1..h) and an "all" row per model. MASE scale: mean absolute first
        difference of the training years; sMAPE in percent (0–200). Coverage is NaN for
        members (their intervals are not part of the engine's output).
    """
    cfg, detect = _config(config)
    d = validate(df)
    p = to_panel(d)
    origins = list(origins) if origins is not None else list(range(1, horizon + 3))
    label = "ensemble" if len(cfg.members) > 1 else cfg.members[0]
    recs: list[pd.DataFrame] = []
    # Declared shifts are adjusted on the whole history (so every origin is scored on the new
    # basis); the post-shift window is decided per origin, from the years up to it.
    Yfull, _, declared_cols = _apply_shifts(p, level_shifts, False) if level_shifts else (p.Y, [], np.full(len(p.ids), -1))
    T = p.Y.shape[1]
    for o in origins:
        if o < 1 or o >= T:
            continue
        n = core.lengths(p.Y)
        ok = (n - o) >= 1
        if not ok.any():
            continue
        sub = Panel(p.ids[ok], truncate(Yfull[ok], o), p.last_period[ok] - o)
        Ytr, _, _ = _apply_shifts(sub, None, detect)
        latest = np.where(declared_cols[ok] < Ytr.shape[1], declared_cols[ok], -1)
        Ytr, _ = _window(sub, Ytr, latest, cfg.break_window, [])
        res = forecast_panel(Ytr, horizon, levels=levels, cfg=cfg, nonnegative=np.all((Ytr >= 0) | np.isnan(Ytr), axis=1))
        if reference:
            res = _pooled_at_origin(res, sub, truncate(p.Y[ok], o), horizon, levels, reference)
        members = list(dict.fromkeys(["naive", *cfg.members]))
        Fm = run_members(Ytr, horizon, members)
        m = min(horizon, o)
        act = np.full((ok.sum(), horizon), np.nan)
        # Score against what was observed (not the shift-adjusted history), so that
        # every configuration is measured on the same scale.
        act[:, :m] = p.Y[ok, T - o : T - o + m]
        scale = mase_scale(truncate(p.Y[ok], o))
        for name, F, bounds in [(label, res.mean, res.bounds)] + [(nm, Fm[j], None) for j, nm in enumerate(members)]:
            with np.errstate(invalid="ignore", divide="ignore"):
                mase = np.abs(act - F) / np.where(scale > 0, scale, np.nan)[:, None]
                den = np.abs(act) + np.abs(F)
                smape = np.where(den > 0, 200 * np.abs(act - F) / np.where(den > 0, den, 1), 0.0)
                smape = np.where(np.isnan(act), np.nan, smape)
            rec = {"model": name, "origin": o}
            for k in range(horizon):
                row = dict(rec, horizon=k + 1)
                valid = ~np.isnan(act[:, k])
                row["n"] = int(valid.sum())
                row["mase_sum"] = float(np.nansum(mase[:, k]))
                row["mase_n"] = int(np.isfinite(mase[:, k]).sum())
                row["smape_sum"] = float(np.nansum(smape[:, k]))
                for lv in levels:
                    if bounds is None:
                        row[f"cov_{lv}"] = np.nan
                    else:
                        lo, hi = bounds[lv]
                        row[f"cov_{lv}"] = float(np.sum((act[valid, k] >= lo[valid, k]) & (act[valid, k] <= hi[valid, k])))
                recs.append(pd.DataFrame([row]))
    cols = ["model", "horizon", "mase", "smape"] + [f"coverage_{lv}" for lv in levels] + ["n"]
    if not recs:
        return pd.DataFrame(columns=cols)
    r = pd.concat(recs, ignore_index=True)
    r = r[r["n"] > 0]

    def summarise(g: pd.DataFrame) -> pd.Series:
        n = g["n"].sum()
        out = {
            "mase": g["mase_sum"].sum() / max(g["mase_n"].sum(), 1),
            "smape": g["smape_sum"].sum() / max(n, 1),
        }
        for lv in levels:
            out[f"coverage_{lv}"] = g[f"cov_{lv}"].sum(min_count=1) / n if g[f"cov_{lv}"].notna().any() else np.nan
        out["n"] = int(n)
        return pd.Series(out)

    by_h = r.groupby(["model", "horizon"], sort=False).apply(summarise, include_groups=False).reset_index()
    by_h["horizon"] = by_h["horizon"].astype(str)
    allh = r.groupby("model", sort=False).apply(summarise, include_groups=False).reset_index()
    allh["horizon"] = "all"
    out = pd.concat([by_h, allh], ignore_index=True)[cols]
    out["n"] = out["n"].astype(int)
    return out


def _pooled_at_origin(res: PanelForecast, sub: Panel, Yobs: np.ndarray, horizon: int, levels: Sequence[int],
                      reference: Mapping[str, str]) -> PanelForecast:
    """``res`` (forecasts of the panel ``sub`` at one backtest origin) pooled with the
    shift-share on each series' reference, from the observed values ``Yobs`` up to the origin."""
    from .reference import blend_with_reference

    N = len(sub.ids)
    periods = sub.last_period[:, None] + np.arange(1, horizon + 1)[None, :]
    fc = pd.DataFrame({"series_id": np.repeat(sub.ids, horizon), "period": periods.reshape(-1),
                       "mean": res.mean.reshape(-1),
                       **{f"{s}_{lv}": res.bounds[lv][i].reshape(-1) for lv in levels for i, s in enumerate(("lo", "hi"))}})
    cols = np.arange(Yobs.shape[1])
    hist = pd.DataFrame({"series_id": np.repeat(sub.ids, Yobs.shape[1]),
                         "period": (sub.last_period[:, None] - (Yobs.shape[1] - 1 - cols)[None, :]).reshape(-1),
                         "value": Yobs.reshape(-1)}).dropna(subset=["value"])
    fc, _ = blend_with_reference(fc, hist, {s: r for s, r in reference.items() if s in set(sub.ids)})
    shape = (N, horizon)
    bounds = {lv: (fc[f"lo_{lv}"].to_numpy().reshape(shape), fc[f"hi_{lv}"].to_numpy().reshape(shape)) for lv in levels}
    return replace(res, mean=fc["mean"].to_numpy().reshape(shape), bounds=bounds)


def read_series_file(path: str | Path) -> pd.DataFrame:
    """Read a long series table from CSV or parquet (chosen by the file extension).

    Raises:
        InputFileError: Missing, unreadable or empty file, or an unknown extension; the
            message names the file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: file not found", hint="Check the path given to --input.")
    ext = path.suffix.lower()
    try:
        if ext == ".csv":
            df = pd.read_csv(path, dtype={"series_id": str}, encoding="utf-8-sig")
        elif ext in (".parquet", ".pq"):
            df = pd.read_parquet(path)
        else:
            raise InputFileError(
                f"{path}: unknown file type '{ext}'", hint="Use a .csv or .parquet file (long table: series_id, period, value)."
            )
    except InputFileError:
        raise
    except Exception as exc:  # pandas/pyarrow raise many types; report them as one kind
        raise InputFileError(f"{path}: cannot be read ({type(exc).__name__}: {exc})") from exc
    if df.empty:
        raise InputFileError(f"{path}: the file has no rows", hint="Give a table with series_id, period, value rows.")
    from talentcast.forecast.panel import validate

    # Validate here so that every problem names the file, not a generic "input".
    validate(df, what=str(path))
    return df


def write_forecast_file(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a forecast table to CSV or parquet (by extension); returns the path.

    Raises:
        InputFileError: Unknown extension or the file cannot be written (names the file).
    """
    path = Path(path)
    ext = path.suffix.lower()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if ext == ".csv":
            df.to_csv(path, index=False)
        elif ext in (".parquet", ".pq"):
            df.to_parquet(path, index=False)
        else:
            raise InputFileError(f"{path}: unknown output type '{ext}'", hint="Use .csv or .parquet for --output.")
    except InputFileError:
        raise
    except OSError as exc:
        raise InputFileError(f"{path}: cannot be written ({exc})") from exc
    return path
