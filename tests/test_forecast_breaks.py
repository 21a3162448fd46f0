"""Break-aware training windows and small-sample interval widths (issue 14, items 1 and 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from talentcast.forecast import backtest_frame, forecast_frame, intervals
from talentcast.forecast.panel_forecast import calibrate
from talentcast.forecast.ensemble import EnsembleConfig
from talentcast.forecast.shifts import post_shift_window


def long(series: dict[str, list[float]], start: int) -> pd.DataFrame:
    rows = [(sid, start + i, v) for sid, vals in series.items() for i, v in enumerate(vals)]
    return pd.DataFrame(rows, columns=["series_id", "period", "value"])


#: Made-up series (not real data): steady growth of 10 a year to 2012, a re-measurement in
#: 2013, then flat at 200 on the new basis.
BROKEN = [100.0, 110.0, 120.0, 130.0, 140.0, 150.0, 160.0, 170.0, 200.0, 200.0, 200.0]  # 2005–2015


def test_post_shift_window_drops_years_before_the_shift_once_enough_follow():
    Y = np.arange(1.0, 9.0)[None, :].repeat(3, axis=0)
    out, used = post_shift_window(Y, np.array([5, 6, -1]), 3)
    # Row 0: shift at column 5 with 3 columns from it on (5, 6, 7): earlier years dropped.
    assert np.isnan(out[0, :5]).all() and out[0, 5:].tolist() == [6.0, 7.0, 8.0]
    # Row 1: only 2 years from the shift on: kept whole; row 2: no shift.
    assert out[1].tolist() == Y[1].tolist() and out[2].tolist() == Y[2].tolist()
    assert used.tolist() == [True, False, False]
    assert post_shift_window(Y, np.array([5, 6, -1]), 0)[1].tolist() == [False, False, False]


def test_declared_break_forecast_reads_the_trend_after_it_only():
    df = long({"x": BROKEN}, 2005)
    fc, flags = forecast_frame(df, 3, level_shifts={"*": [2013]}, return_flags=True)
    # Three flat years on the new basis: every member is flat, so is the forecast.
    assert fc["mean"].tolist() == pytest.approx([200.0, 200.0, 200.0])
    assert "post_shift_window" in set(flags["flag"])
    # Without the window the rescaled pre-2013 growth still drives the forecast up.
    old = forecast_frame(df, 3, level_shifts={"*": [2013]}, config={"break_window": 0})
    assert (old["mean"].to_numpy() > 200.5).all()


def test_detected_shifts_are_rescaled_but_not_windowed():
    df = long({"x": BROKEN}, 2005)
    _, flags = forecast_frame(df, 3, return_flags=True)
    assert "post_shift_window" not in set(flags["flag"])


def test_backtest_decides_the_window_per_origin_from_the_years_up_to_it():
    df = long({"x": BROKEN, "y": [v * 1.5 for v in BROKEN]}, 2005)
    shifts = {"*": [2013]}
    # Origin 2 (data to 2013): one year on the new basis, no window, same as without one.
    a = backtest_frame(df, 1, origins=[2], level_shifts=shifts)
    b = backtest_frame(df, 1, origins=[2], level_shifts=shifts, config={"break_window": 0})
    pd.testing.assert_frame_equal(a, b)
    # Origin 0 is not a backtest; with 4 post-break years (to 2016) the window applies.
    df4 = long({"x": BROKEN + [200.0], "y": [v * 1.5 for v in BROKEN + [200.0]]}, 2005)
    c = backtest_frame(df4, 1, origins=[1], level_shifts=shifts)
    d = backtest_frame(df4, 1, origins=[1], level_shifts=shifts, config={"break_window": 0})
    ens = lambda t: t[(t.model == "ensemble") & (t.horizon == "all")]["mase"].item()  # noqa: E731
    assert ens(c) == pytest.approx(0.0, abs=1e-9)  # flat after the break, flat forecast
    assert ens(d) > 0.01


def test_fallback_width_known_answers():
    # No history length: random walk, 1.25 · z(0.9) · √k.
    assert intervals.fallback(0.1, np.array([1.0, 4.0]), None) == pytest.approx([1.60194, 3.20388], abs=1e-5)
    # Four years: three changes, t(0.9; 3 df) = 1.637744, drift term √(k + k²/3).
    assert intervals.fallback(0.1, np.array([1.0]), 4.0) == pytest.approx([1.25 * 1.637744 * np.sqrt(4 / 3)], abs=1e-5)


def test_quantiles_widen_by_the_number_of_origins():
    rng = np.random.default_rng(3)
    m = 5
    # Errors symmetric around zero at every origin: no common part, so the width is the
    # pooled quantile times sqrt(1 + 1/m).
    half = rng.standard_normal((m, 100, 1))
    E = np.concatenate([half, -half], axis=1)
    lo, hi = intervals.quantiles(E, [80])[80]
    q = np.quantile(E.reshape(-1), [0.1, 0.9])
    assert hi[0] == pytest.approx(q[1] * np.sqrt(1 + 1 / m))
    assert lo[0] == pytest.approx(q[0] * np.sqrt(1 + 1 / m))


def test_panel_too_short_to_backtest_uses_its_length_in_the_fallback():
    Y = np.array([[1.0, 2.0, 3.0], [5.0, 4.0, 6.0]])
    cal = calibrate(Y, 2, EnsembleConfig(), [80])
    lo, hi = cal.quantiles[80]
    assert hi.tolist() == pytest.approx(intervals.fallback(0.1, np.array([1.0, 2.0]), 3.0).tolist())
    assert lo.tolist() == pytest.approx((-hi).tolist())


def test_real_henan_sections_beat_naive_after_the_declared_2013_break():
    """Origins 2015 and 2016 (three and four years on the new basis), real NBS data."""
    from pathlib import Path

    df = pd.read_csv(Path(__file__).parent / "data" / "forecast" / "henan_employment_10k_2009-2017.csv",
                     dtype={"series_id": str})
    shifts = {"*": [2013]}

    def overall(cfg=None):
        r = backtest_frame(df, 3, origins=[1, 2], level_shifts=shifts, config=cfg)
        r = r[r.horizon == "all"].set_index("model")
        return r.loc["ensemble"], r.loc["naive"]

    eng, naive = overall()
    assert eng["mase"] < 0.9 * naive["mase"] and eng["smape"] < 0.9 * naive["smape"]
    # The window is what gets it there: without it the engine is within 6 % of naive's MASE.
    old, _ = overall({"break_window": 0})
    assert eng["mase"] < old["mase"] and eng["smape"] < old["smape"]


def test_partitioned_run_equals_one_panel_with_the_window():
    """Partitions must lay out the point forecast as wide as the windowed whole panel."""
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    data = Path(__file__).parent / "data" / "forecast"
    df = pd.concat([pd.read_csv(data / f, dtype={"series_id": str})
                    for f in ("henan_employment_10k_2009-2017.csv", "china_employment_10k_2000-2021.csv")])
    for shifts in ({"*": [2013]}, {"410000:A": [2013], "100000:B": [2013, 2016]}):
        one = forecast_frame(df, 3, level_shifts=shifts)
        with ThreadPoolExecutor(2) as ex:
            parts = forecast_frame(df, 3, level_shifts=shifts, executor=ex, partition_size=7)
        cols = ["mean", "lo_80", "hi_80", "lo_95", "hi_95"]
        key = ["series_id", "period"]
        a = one.sort_values(key)[cols].to_numpy()
        b = parts.sort_values(key)[cols].to_numpy()
        assert np.array_equal(a, b)
