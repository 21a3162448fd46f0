"""The edition setting: which year names the reports and how far the forecast must reach."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from talentcast.config import Settings, load_settings
from talentcast.errors import ConfigError


def test_edition_defaults_to_this_year_and_reaches_five_years_after_it(tmp_path) -> None:
    s = Settings(workspace=tmp_path)
    assert s.edition is None and s.edition_year == dt.datetime.now(dt.timezone.utc).year
    s = Settings(workspace=tmp_path, edition=2026, horizon=5)
    # data to 2021: forecast 2022–2031 so that 2027–2031 are covered
    assert s.forecast_steps(2021) == 10
    # data newer than the edition: the horizon after the data still holds
    assert Settings(workspace=tmp_path, edition=2020).forecast_steps(2021) == 5


def test_edition_from_toml_flag_and_bad_values(tmp_path) -> None:
    (tmp_path / "talentcast.toml").write_text("[report]\nedition = 2025\n", encoding="utf-8")
    assert load_settings(tmp_path, environ={}).edition_year == 2025
    assert load_settings(tmp_path, {"edition": 2027}, environ={}).edition == 2027
    with pytest.raises(ConfigError, match="--edition"):
        load_settings(tmp_path, {"edition": 1899}, environ={})


def test_report_refuses_an_edition_the_forecast_does_not_reach(tmp_path) -> None:
    from talentcast.workflows import _check_edition

    marts = {"mart_demand": pd.DataFrame({"year": list(range(2022, 2027))})}
    _check_edition(marts, Settings(workspace=tmp_path, edition=2021))
    with pytest.raises(ConfigError, match=r"the 2026 edition forecasts to 2031.*ends in 2026"):
        _check_edition(marts, Settings(workspace=tmp_path, edition=2026))
