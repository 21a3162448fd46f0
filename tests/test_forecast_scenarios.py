"""Scenarios: planning targets adjust paths; the baseline stays beside them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentcast.errors import InputFileError, ValidationError
from talentcast.forecast import apply_scenario, forecast_frame, load_scenario, parse_scenario
from talentcast.resources import resource_path

DATA = Path(__file__).parent / "data" / "forecast"


@pytest.fixture(scope="module")
def fc():
    hist = pd.read_csv(DATA / "henan_employment_10k_2009-2017.csv", dtype={"series_id": str})
    return forecast_frame(hist, 10)  # 2018-2027


def test_growth_and_target_paths_and_baseline_kept(fc):
    sc = parse_scenario(
        {
            "name": "plan",
            "adjustment": [
                {"series": "410000:C", "start": 2021, "end": 2025, "growth": 0.05, "assumption": "five per cent a year, test"},
                {"series": "410000:G", "years": [2019, 2020, 2021], "target": 500.0, "assumption": "target reached in 2021, test"},
            ],
        }
    )
    out = apply_scenario(fc, sc)
    assert set(out.scenario) == {"baseline", "plan"}
    base = out[out.scenario == "baseline"].drop(columns="scenario").reset_index(drop=True)
    pd.testing.assert_frame_equal(base, fc.reset_index(drop=True))
    assert len(out[out.scenario == "plan"]) == len(fc)
    p = out[out.scenario == "plan"].pivot(index="period", columns="series_id", values="mean")
    b = out[out.scenario == "baseline"].pivot(index="period", columns="series_id", values="mean")
    assert np.allclose(p.loc[2021:2025, "410000:C"], b.loc[2020, "410000:C"] * 1.05 ** np.arange(1, 6))
    assert np.isclose(p.loc[2021, "410000:G"], 500.0)
    # Before the adjustment: baseline; after: the last ratio is kept.
    assert np.isclose(p.loc[2020, "410000:C"], b.loc[2020, "410000:C"])
    r25 = p.loc[2025, "410000:C"] / b.loc[2025, "410000:C"]
    assert np.isclose(p.loc[2027, "410000:C"] / b.loc[2027, "410000:C"], r25)
    # Untouched series are identical; adjusted ones are labelled.
    assert np.allclose(p["410000:A"], b["410000:A"])
    plan = out[out.scenario == "plan"]
    assert plan.loc[plan.series_id == "410000:C", "model"].str.endswith("+scenario").all()
    # Bounds keep their relative width.
    row = plan[(plan.series_id == "410000:C") & (plan.period == 2023)].iloc[0]
    brow = out[(out.scenario == "baseline") & (out.series_id == "410000:C") & (out.period == 2023)].iloc[0]
    assert np.isclose(row.hi_95 / row["mean"], brow.hi_95 / brow["mean"])


def test_glob_prefix_and_share(fc):
    sc = parse_scenario(
        {
            "name": "s",
            "adjustment": [
                {"prefix": "410000:", "series": [], "start": 2018, "end": 2018, "growth": 0.0, "assumption": "hold 2018 flat, test"},
                {"series": "410000:[IM]", "start": 2020, "end": 2022, "share": 0.02, "share_of": "410000:TOTAL", "assumption": "two per cent of total, test"},
            ],
        }
    )
    out = apply_scenario(fc, sc)
    p = out[out.scenario == "s"].pivot(index="period", columns="series_id", values="mean")
    # The share is phased in linearly from the 2019 share and reaches the target in 2022.
    for sid in ("410000:I", "410000:M"):
        s0 = p.loc[2019, sid] / p.loc[2019, "410000:TOTAL"]
        for k, year in enumerate(range(2020, 2023), start=1):
            expected = s0 + (0.02 - s0) * k / 3
            assert np.isclose(p.loc[year, sid], expected * p.loc[year, "410000:TOTAL"])


def test_assumption_is_mandatory_and_errors_listed():
    with pytest.raises(ValidationError) as e:
        parse_scenario({"name": "x", "adjustment": [{"series": "a", "years": [2020], "growth": 0.1}, {"series": "b", "years": [2020]}]})
    f = e.value.failures
    assert any("adjustment 1" in x and "assumption" in x for x in f)
    assert any("adjustment 2" in x and "exactly one of" in x for x in f)


def test_bad_toml_names_file(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text("name = [", encoding="utf-8")
    with pytest.raises(InputFileError, match="bad.toml"):
        load_scenario(p)


def test_henan_plan_scenario_file(fc):
    path = resource_path("data") / "scenarios" / "henan_plan_2025.toml"
    sc = load_scenario(path)
    assert sc.name == "henan_plan_2025"
    assert all(a.assumption and "row" in a.source for a in sc.adjustments)
    out = apply_scenario(fc, sc)
    p = out[out.scenario == sc.name].pivot(index="period", columns="series_id", values="mean")
    share = p.loc[2022:2025, "410000:C"] / p.loc[2022:2025, "410000:TOTAL"]
    assert np.isclose(share.loc[2025], 0.3128)  # the target is reached in the last plan year
    assert np.all(np.diff(share.to_numpy() - 0.3128) * np.sign(share.iloc[0] - 0.3128) <= 1e-12)  # monotone approach
    assert (out[out.scenario == "baseline"].shape[0]) == len(fc)
