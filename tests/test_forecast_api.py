"""forecast_frame input validation and file I/O: errors name the series and rows."""

from __future__ import annotations

import pandas as pd
import pytest

from talentcast.errors import ForecastError, InputFileError, ValidationError
from talentcast.forecast import OUTPUT_COLUMNS, forecast_frame, read_series_file, write_forecast_file


def good() -> pd.DataFrame:
    return pd.DataFrame(
        {"series_id": ["410000:C"] * 5 + ["410000:G"] * 5, "period": list(range(2010, 2015)) * 2, "value": [1, 2, 3, 4, 5.0] * 2}
    )


def test_missing_columns_named():
    with pytest.raises(ValidationError) as e:
        forecast_frame(good().drop(columns=["value"]), 2)
    assert "value" in str(e.value)


def test_every_bad_row_reported_at_once():
    df = good()
    df["value"] = df["value"].astype(object)
    df["period"] = df["period"].astype(object)
    df.loc[2, "value"] = "abc"  # non-numeric, series 410000:C, row 3
    df.loc[7, "period"] = 2010  # duplicate period 2010 for 410000:G (rows 6 and 8)
    df.loc[4, "period"] = "20x4"  # not an integer year, row 5
    with pytest.raises(ValidationError) as e:
        forecast_frame(df, 2)
    f = e.value.failures
    assert any("410000:C" in x and "row 3" in x and "'abc'" in x for x in f)
    assert any("410000:G" in x and "2010" in x and "rows 6, 8" in x for x in f)
    assert any("410000:C" in x and "row 5" in x and "integer year" in x for x in f)
    assert len(f) == 3


def test_blank_values_are_gaps_not_errors():
    df = good()
    df.loc[2, "value"] = None
    out, flags = forecast_frame(df, 2, return_flags=True)
    assert len(out) == 4
    assert ((flags.series_id == "410000:C") & (flags.flag == "gaps_filled")).any()


def test_bad_horizon():
    with pytest.raises(ForecastError):
        forecast_frame(good(), 0)


@pytest.mark.parametrize("ext", [".csv", ".parquet"])
def test_file_round_trip(tmp_path, ext):
    src = tmp_path / f"in{ext}"
    (good().to_csv if ext == ".csv" else good().to_parquet)(src, index=False)
    df = read_series_file(src)
    assert df["series_id"].iloc[0] == "410000:C"
    out = forecast_frame(df, 3)
    dst = write_forecast_file(out, tmp_path / f"out{ext}")
    back = pd.read_csv(dst) if ext == ".csv" else pd.read_parquet(dst)
    assert list(back.columns) == OUTPUT_COLUMNS and len(back) == 6


def test_file_errors_name_the_file(tmp_path):
    with pytest.raises(InputFileError, match="nope.csv"):
        read_series_file(tmp_path / "nope.csv")
    bad = tmp_path / "x.xlsx"
    bad.write_text("x")
    with pytest.raises(InputFileError, match="x.xlsx"):
        read_series_file(bad)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet")
    with pytest.raises(InputFileError, match="broken.parquet"):
        read_series_file(broken)
    with pytest.raises(InputFileError, match="out.txt"):
        write_forecast_file(good(), tmp_path / "out.txt")


def test_executor_partitions_give_the_in_process_result_bit_for_bit():
    """Parallel forecasting is a parameter: any object with .map (here a thread pool)."""
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np
    import pandas as pd

    from talentcast.forecast import forecast_frame

    rng = np.random.default_rng(3)
    rows = []
    for i in range(60):
        n = int(rng.integers(2, 15))
        y = 100 + np.cumsum(rng.normal(1, 4, n))
        rows += [(f"s{i:02d}", 2000 + t, float(v)) for t, v in enumerate(y)]
    df = pd.DataFrame(rows, columns=["series_id", "period", "value"])
    whole, wflags = forecast_frame(df, 3, return_flags=True)
    with ThreadPoolExecutor(2) as pool:
        part, pflags = forecast_frame(df, 3, return_flags=True, executor=pool, partition_size=7)
    pd.testing.assert_frame_equal(part, whole.sort_values("series_id", kind="stable").reset_index(drop=True))
    assert sorted(map(tuple, pflags.values.tolist())) == sorted(map(tuple, wflags.values.tolist()))
