"""The pipeline's backtest (mart_backtest, the method chapter's table) scores the engine on
official figures only: a bridge estimate as a target would score the forecast against the
national × share construction it was made from."""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentcast.config import load_settings
from talentcast.forecast.employment import forecast_employment
from talentcast.progress import Progress


def _history(with_bridge: bool) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    rows = []
    for region, last in (("100000", 2021), ("410000", 2017)):
        for code, level in (("C", 300.0), ("P", 120.0)):
            v = level
            for year in range(2006, last + 1):
                v *= 1 + rng.normal(0.02, 0.03)
                rows.append((region, code, year, v, "official"))
            if with_bridge and region == "410000":
                # A bridge far from anything the official years suggest: if it were scored, the
                # backtest would move.
                rows += [(region, code, y, v * 3.0, "estimated") for y in range(last + 1, 2022)]
    df = pd.DataFrame(rows, columns=["region_code", "industry_code", "year", "value", "status"])
    return df.assign(industry_level="section", unit="10k_persons")


def test_backtest_targets_are_official_only(tmp_path):
    settings = load_settings(workspace=tmp_path, environ={})
    _, with_bridge = forecast_employment(_history(True), settings, Progress())
    _, official = forecast_employment(_history(False), settings, Progress())
    pd.testing.assert_frame_equal(with_bridge, official)
    assert (with_bridge["n"] > 0).all()
