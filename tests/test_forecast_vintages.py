"""Forecast vintages: kept per run in the lake, scored later against new actuals."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from talentcast.errors import ForecastError
from talentcast.forecast import vintages as V
from talentcast.lake import Lake


def _mart() -> pd.DataFrame:
    """A tiny mart_employment: history to 2014 and a 2015–2016 forecast for two series."""
    rows = []
    for ind, hist, fc in [("A", [10.0, 11.0], [12.0, 13.0]), ("B", [5.0, 5.0], [5.0, 5.0])]:
        for y, v in zip([2013, 2014], hist):
            rows.append(("410000", ind, y, "history", "baseline", v, np.nan, np.nan, np.nan, np.nan))
        for y, v in zip([2015, 2016], fc):
            rows.append(("410000", ind, y, "forecast", "baseline", v, v - 1, v + 1, v - 2, v + 2))
            rows.append(("410000", ind, y, "forecast", "plan", v * 2, v, v * 3, v, v * 3))
    return pd.DataFrame(rows, columns=["region_code", "industry_code", "year", "kind", "scenario", "mean", "lo_80", "hi_80", "lo_95", "hi_95"])


T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def test_vintage_rows_and_id():
    v = V.from_employment_mart(_mart(), {"horizon": 2}, V.fingerprint(["b", "a", "a"]), created_at=T0)
    assert list(v.columns) == V.VINTAGE_COLUMNS
    assert len(v) == 4  # baseline forecast rows only, not history or the plan scenario
    assert v["vintage"].nunique() == 1 and v["vintage"].iloc[0].startswith("20260102T030405Z-")
    assert V.fingerprint(["a", "b"]) == v["inputs_fingerprint"].iloc[0]
    a = v[v.series_id == "410000:A"].set_index("period")
    assert a.loc[2015, "history_last_period"] == 2014 and a.loc[2015, "history_last_value"] == 11.0


def test_score_known_answer_after_a_lake_round_trip(tmp_path):
    lake = Lake(tmp_path / "lake")
    v1 = V.from_employment_mart(_mart(), {"horizon": 2}, "fp1", created_at=T0)
    v2 = V.from_employment_mart(_mart(), {"horizon": 3}, "fp1", created_at=T0.replace(year=2027))
    with lake.transaction() as tx:
        tx.append(V.TABLE, v1)
    with lake.transaction() as tx:
        tx.append(V.TABLE, v2)
    stored = lake.read(V.TABLE)
    assert stored["vintage"].nunique() == 2
    # Actuals published since: 2015 only (2016 not out yet); one history year repeated.
    actuals = pd.DataFrame({"series_id": ["410000:A", "410000:B", "410000:A"], "period": [2015, 2015, 2014], "value": [15.0, 5.0, 11.0]})
    s = V.score_vintage(stored, "previous", actuals)
    assert list(s.columns) == V.SCORE_COLUMNS and (s["vintage"] == v1["vintage"].iloc[0]).all()
    s = s.set_index("series_id")
    # A: forecast 12 vs 15 -> -20 %; naive 11 vs 15 -> -26.67 %; 15 outside [11, 13] and [10, 14].
    assert s.loc["410000:A", "error_pct"] == pytest.approx(-20.0)
    assert s.loc["410000:A", "naive_error_pct"] == pytest.approx(-100 * 4 / 15)
    assert not s.loc["410000:A", "inside_80"] and not s.loc["410000:A", "inside_95"]
    # B: forecast 5 vs 5 -> 0 %, inside both.
    assert s.loc["410000:B", "error_pct"] == 0.0 and s.loc["410000:B", "inside_80"]
    assert (s["horizon_years"] == 1).all()


def test_resolve_names_and_errors():
    v = pd.concat([V.from_employment_mart(_mart(), {}, "x", created_at=T0), V.from_employment_mart(_mart(), {}, "y", created_at=T0.replace(year=2027))])
    ids = sorted(v["vintage"].unique())
    assert V.resolve(v, "latest") == ids[1] and V.resolve(v, "2026") == ids[0]
    with pytest.raises(ForecastError, match="is not stored"):
        V.resolve(v, "1999")
    with pytest.raises(ForecastError, match="is ambiguous"):
        V.resolve(v, "20")


def test_forecast_run_keeps_a_vintage(tmp_path):
    from talentcast.workflows import _keep_vintage

    lake = Lake(tmp_path / "lake")
    settings = SimpleNamespace(horizon=2, region="410000", scenario=None, edition_year=2026)
    with lake.transaction() as tx:
        _keep_vintage(tx, lake, settings, {"mart_employment": _mart()}, None)
    with lake.transaction() as tx:
        _keep_vintage(tx, lake, settings, {"mart_employment": _mart()}, ["health"])  # one group: not a vintage
    v = lake.read(V.TABLE)
    assert len(v) == 4 and '"horizon": 2' in v["settings_json"].iloc[0]
    assert V.edition_of(v["settings_json"].iloc[0]) == 2026  # the report edition the run was for
    assert '"regional_reference_weight": 0.5' in v["settings_json"].iloc[0]  # the method is on record


def _history(status_2016: str | None) -> pd.DataFrame:
    """mart_employment history rows now: 2013–2015 official, 2016 with ``status_2016`` (None: not out)."""
    rows = []
    for ind, level, values in [("A", "section", [10.0, 11.0, 15.0, 16.0]), ("B", "section", [5.0, 5.0, 5.0, 4.0])]:
        for y, v in zip([2013, 2014, 2015, 2016], values):
            if y == 2016 and status_2016 is None:
                continue
            rows.append(("410000", ind, level, y, "history", "baseline", v, "official" if y < 2016 else status_2016))
    return pd.DataFrame(rows, columns=["region_code", "industry_code", "industry_level", "year", "kind", "scenario", "mean", "status"])


def _two_vintages() -> tuple[pd.DataFrame, str, str]:
    """v1: data to 2014, forecasts 2015–2016 (A 12, 13; B 5, 5). v2: data to 2015, forecasts 2016–2017
    (A 17, 18; B 5, 5), made a year later."""
    v1 = V.from_employment_mart(_mart(), {"horizon": 2}, "fp1", created_at=T0)
    m2 = _mart()
    m2["year"] = m2["year"] + 1
    m2.loc[(m2["kind"] == "forecast") & (m2["industry_code"] == "A"), "mean"] += 5
    m2.loc[(m2["kind"] == "history") & (m2["industry_code"] == "A") & (m2["year"] == 2015), "mean"] = 15.0
    v2 = V.from_employment_mart(m2, {"horizon": 2}, "fp2", created_at=T0.replace(year=2027))
    return pd.concat([v1, v2], ignore_index=True), v1["vintage"].iloc[0], v2["vintage"].iloc[0]


def test_previous_check_prefers_the_newest_vintage_with_an_official_figure():
    vint, id1, id2 = _two_vintages()
    # 2016 only as an estimate: v2's one figure is an estimate, v1 has official 2015 -> v1.
    c = V.previous_check(vint, _history("estimated"))
    assert list(c.columns) == V.CHECK_COLUMNS and set(c["vintage"]) == {id1}
    c = c.set_index(["industry_code", "year"])
    assert len(c) == 4 and (c["history_last_year"] == 2014).all()
    # A 2015: forecast 12 vs 15 -> -20 %; naive 11 -> -26.67 %. A 2016: 13 vs 16 -> -18.75 %; naive -31.25 %.
    assert c.loc[("A", 2015), "error_pct"] == pytest.approx(-20.0)
    assert c.loc[("A", 2015), "naive_error_pct"] == pytest.approx(-100 * 4 / 15)
    assert c.loc[("A", 2016), "error_pct"] == pytest.approx(-18.75)
    assert c.loc[("A", 2016), "naive_error_pct"] == pytest.approx(-31.25)
    assert c.loc[("A", 2016), "actual_status"] == "estimated" and c.loc[("A", 2015), "actual_status"] == "official"
    assert c.loc[("A", 2016), "horizon_years"] == 2 and c.loc[("A", 2016), "industry_level"] == "section"
    # B 2016: forecast 5 and naive 5 against 4 -> both +25 %.
    assert c.loc[("B", 2016), "error_pct"] == pytest.approx(25.0) and c.loc[("B", 2016), "naive_error_pct"] == pytest.approx(25.0)


def test_previous_check_takes_the_newer_vintage_once_its_year_is_official():
    vint, _, id2 = _two_vintages()
    c = V.previous_check(vint, _history("official"))
    assert set(c["vintage"]) == {id2} and list(c["year"]) == [2016, 2016]  # 2017 is not out yet
    assert c["edition"].isna().all()  # these runs did not record their edition
    a = c.set_index("industry_code").loc["A"]
    # v2 saw A to 2015 (15) and forecast 17 for 2016; the figure is 16.
    assert a["forecast"] == 17.0 and a["naive"] == 15.0 and a["actual"] == 16.0
    assert a["error_pct"] == pytest.approx(6.25) and a["naive_error_pct"] == pytest.approx(-6.25)


def test_previous_check_without_a_figure_or_a_vintage_is_empty(tmp_path):
    vint, _, _ = _two_vintages()
    hist = _history(None)
    # Only v2 stored (its first forecast year, 2016, is not out): the first edition to check.
    only_v2 = vint[vint["vintage"] == vint["vintage"].max()]
    for c in (V.previous_check(only_v2, hist), V.previous_check(vint.iloc[0:0], hist)):
        assert c.empty and list(c.columns) == V.CHECK_COLUMNS
    # Both the empty and a filled mart meet the mart's spec in the lake.
    lake = Lake(tmp_path / "lake")
    with lake.transaction() as tx:
        tx.replace(V.CHECK_TABLE, V.previous_check(only_v2, hist))
    assert lake.read(V.CHECK_TABLE).empty
    with lake.transaction() as tx:
        tx.replace(V.CHECK_TABLE, V.previous_check(vint, hist))
    back = lake.read(V.CHECK_TABLE)
    assert len(back) == 2 and back["error_pct"].tolist() == pytest.approx([-20.0, 0.0])
