"""Declared level shifts in `forecast-series` and `backtest` (--shift YEAR | FILE, --shift-column)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from talentcast.cli import app
from talentcast.errors import InputFileError, ValidationError
from talentcast.forecast import forecast_frame
from talentcast.forecast.shifts import declared_from

runner = CliRunner()


def _jump_series() -> pd.DataFrame:
    """Two series growing 2 % a year with a 20 % statistical jump in 2013 (none in 'flat')."""
    years = np.arange(2005, 2018)
    up = 100 * 1.02 ** (years - 2005) * np.where(years >= 2013, 1.2, 1.0)
    flat = 50 * 1.02 ** (years - 2005)
    return pd.DataFrame(
        {
            "series_id": ["jump"] * len(years) + ["flat"] * len(years),
            "period": np.concatenate([years, years]),
            "value": np.concatenate([up, flat]),
        }
    )


def test_declared_from_year_list_file_and_column(tmp_path):
    df = _jump_series()
    assert declared_from("2013") == {"*": [2013]}
    assert declared_from("2015, 2013") == {"*": [2013, 2015]}
    f = tmp_path / "shifts.csv"
    pd.DataFrame({"series_id": ["jump"], "year": [2013]}).to_csv(f, index=False)
    assert declared_from(str(f)) == {"jump": [2013]}
    df["shift_year"] = np.where(df["series_id"] == "jump", 2013.0, np.nan)
    assert declared_from(None, df, "shift_year") == {"jump": [2013]}


def test_declared_from_errors_name_the_problem(tmp_path):
    with pytest.raises(InputFileError, match="neither a year"):
        declared_from("20x3")
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"series": ["jump"], "year": [2013]}).to_csv(bad, index=False)
    with pytest.raises(InputFileError, match="bad.csv: missing column"):
        declared_from(str(bad))
    with pytest.raises(ValidationError, match="no such column"):
        declared_from(None, _jump_series(), "shift_year")


def test_forecast_series_cli_applies_declared_shift(tmp_path):
    df = _jump_series()
    inp, out = tmp_path / "in.csv", tmp_path / "out.csv"
    df.to_csv(inp, index=False)
    res = runner.invoke(app, ["forecast-series", "--input", str(inp), "--output", str(out), "--horizon", "3", "--shift", "2013", "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output)
    assert summary["flags"]["level_shift"] == ["flat", "jump"]
    got = pd.read_csv(out).set_index(["series_id", "period"])["mean"]
    want = forecast_frame(df, 3, level_shifts={"*": [2013]}, config={"detect_shifts": True}).set_index(["series_id", "period"])["mean"]
    np.testing.assert_allclose(got.loc[want.index].to_numpy(), want.to_numpy(), rtol=1e-9)
    # Declared, the jump is not read as growth: the forecast stays near 2 % a year from the
    # last value instead of extrapolating the revision.
    last = df[df.series_id == "jump"]["value"].iloc[-1]
    assert got.loc[("jump", 2018)] < last * 1.05


def test_backtest_cli_accepts_shift_column(tmp_path):
    df = _jump_series()
    df["shift_year"] = np.where(df["series_id"] == "jump", 2013.0, np.nan)
    inp = tmp_path / "in.csv"
    df.to_csv(inp, index=False)
    res = runner.invoke(app, ["backtest", "--input", str(inp), "--horizon", "2", "--shift-column", "shift_year", "--json"])
    assert res.exit_code == 0, res.output
    rows = pd.DataFrame(json.loads(res.output))
    assert {"ensemble", "naive"} <= set(rows["model"])
    res = runner.invoke(app, ["backtest", "--input", str(inp), "--horizon", "2", "--shift", "20x3"])
    assert isinstance(res.exception, InputFileError) and "neither a year" in str(res.exception)
