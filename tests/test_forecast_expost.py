"""Ex-post record (forecast as if in the origin year, scored on later actuals)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentcast.errors import ForecastError
from talentcast.forecast.expost import EXPOST_COLUMNS, expost_record

DATA = Path(__file__).parent / "data" / "forecast"


def _fixture() -> pd.DataFrame:
    years = list(range(2009, 2018))
    a = [100.0] * len(years)  # flat throughout: forecast 100, actual 100
    b = [50.0 if y <= 2014 else 55.0 for y in years]  # flat to 2014, then a 10 % step
    return pd.DataFrame({"series_id": ["A"] * 9 + ["B"] * 9, "period": years * 2, "value": a + b})


def test_known_answer_on_flat_histories():
    r = expost_record(_fixture(), 2014, 3)
    assert list(r.columns) == EXPOST_COLUMNS
    per = r[r.series_id != "ALL (mean over series)"].set_index(["series_id", "period"])
    assert len(per) == 6 and set(per["horizon_years"]) == {1, 2, 3}
    # A constant history is forecast flat: 100 against 100, 0 % for the engine and naive.
    np.testing.assert_allclose(per.loc["A", "forecast"], 100.0)
    np.testing.assert_allclose(per.loc["A", "error_pct"], 0.0, atol=1e-12)
    # B: 50 forecast against 55 actual: (50 - 55) / 55 = -9.0909 % for both.
    np.testing.assert_allclose(per.loc["B", "error_pct"], -100 * 5 / 55)
    np.testing.assert_allclose(per.loc["B", "naive_error_pct"], -100 * 5 / 55)
    assert not per["beats_naive"].any()  # ties are not wins
    allrow = r[r.series_id == "ALL (mean over series)"].set_index("period")
    np.testing.assert_allclose(allrow["abs_error_pct"], 100 * 5 / 55 / 2)


def test_forecast_sees_nothing_after_the_origin():
    df = _fixture()
    r1 = expost_record(df, 2014, 3)
    df2 = df.copy()
    df2.loc[df2.period > 2014, "value"] *= 3
    r2 = expost_record(df2, 2014, 3)
    np.testing.assert_allclose(r1["forecast"].dropna(), r2["forecast"].dropna())
    assert not np.allclose(r1["actual"].dropna(), r2["actual"].dropna())


def test_henan_2014_origin_record_covers_every_section_and_the_total():
    df = pd.read_csv(DATA / "henan_employment_10k_2009-2017.csv", dtype={"series_id": str})
    r = expost_record(df, 2014, 3, total="410000:TOTAL", level_shifts={"*": [2013]})
    per = r[r.series_id != "ALL (mean over series)"]
    assert per["series_id"].nunique() == 20 and sorted(per["period"].unique()) == [2015, 2016, 2017]
    tot = per[per.series_id == "410000:TOTAL"].set_index("period")["forecast"]
    secs = per[per.series_id != "410000:TOTAL"].groupby("period")["forecast"].sum()
    np.testing.assert_allclose(tot, secs, rtol=1e-9)  # reconciled: sections add up


def test_origin_outside_history_is_an_error():
    with pytest.raises(ForecastError, match="need data up to 2020"):
        expost_record(_fixture(), 2020, 3)
