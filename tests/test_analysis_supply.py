"""Supply (docs/design.md step 6): hand-computed entrants, bounds, projection, capacity, real colleges."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentcast.analysis.inputs import GroupSpec, Member
from talentcast.analysis.supply import compute_supply, drop_synthetic_on_real, estimate_rates

_spec = importlib.util.spec_from_file_location("analysis_fixture", Path(__file__).parent / "data/analysis/fixture.py")
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

G46 = GroupSpec(id="G46", categories=("46",), members=(Member("S001", "样本学院一", True), Member("S002", "样本学院二", True)))


def _supply(group=G46, years=(2024, 2025, 2026), settings=None, enrollment=None, graduates=None, programmes=None,
            real=frozenset()):
    s = settings or fx.settings()
    en = fx.table("enrollment") if enrollment is None else enrollment
    gr = fx.table("graduates") if graduates is None else graduates
    rates = estimate_rates(gr, en, s)
    rates_real = estimate_rates(gr[gr["status"] != "synthetic"], en[en["status"] != "synthetic"], s)
    prog = fx.table("programmes").iloc[0:0] if programmes is None else programmes
    return compute_supply(group, ["4601", "4603"], list(years), en, prog, rates, rates_real, set(real), s)


def test_hand_computed_entrants():
    s = _supply()
    r = s[(s["college_code"] == "S001")].set_index("year")
    assert r.loc[2024, "completion_rate"] == pytest.approx(0.9)
    assert r.loc[2024, "further_study_rate"] == pytest.approx(1 / 9)
    assert r.loc[2024, "in_province_rate"] == pytest.approx(0.75)
    assert r.loc[2024, "entrants"] == pytest.approx(66.0)
    assert r.loc[2025, "entrants"] == pytest.approx(72.0)
    assert r.loc[2024, "cohort_year"] == 2021 and r.loc[2024, "basis"] == "enrollment"


def test_cohorts_after_last_enrollment_hold_last_intake_and_are_labelled():
    s = _supply()
    r = s[(s["college_code"] == "S001")].set_index("year")
    assert r.loc[2026, "basis"] == "projected_enrollment"
    assert r.loc[2026, "enrollment_cohort"] == 120
    assert r.loc[2026, "entrants"] == pytest.approx(72.0)


def test_vocational_undergraduate_uses_four_years():
    en = pd.DataFrame({"college_code": ["S001"] * 2, "major_code": ["260101"] * 2, "year": [2020, 2021],
                       "new_students": [50.0, 60.0], "status": ["synthetic"] * 2})
    s = _supply(enrollment=en, years=(2024, 2025))
    r = s.set_index("year")
    assert r.loc[2024, "cohort_year"] == 2020 and r.loc[2024, "enrollment_cohort"] == 50
    assert r.loc[2025, "cohort_year"] == 2021 and r.loc[2024, "major_class"] == "4601"


@pytest.mark.parametrize("seed", range(5))
def test_supply_never_exceeds_its_enrollment(seed):
    rng = np.random.default_rng(seed)
    n = 30
    en = pd.DataFrame({"college_code": rng.choice(["S001", "S002"], n), "major_code": rng.choice(["460101", "460301", "260101"], n),
                       "year": rng.integers(2016, 2023, n), "new_students": rng.integers(0, 300, n).astype(float),
                       "status": "synthetic"}).drop_duplicates(["college_code", "major_code", "year"])
    # Deliberately inconsistent graduates (more graduates than entrants) must not push rates above 1.
    gr = pd.DataFrame({"college_code": rng.choice(["S001", "S002"], n), "major_code": rng.choice(["460101", "460301"], n),
                       "year": rng.integers(2019, 2024, n), "graduates": rng.integers(0, 400, n).astype(float),
                       "employed": rng.integers(0, 400, n).astype(float), "further_study": rng.integers(0, 100, n).astype(float),
                       "employed_in_province": rng.integers(0, 400, n).astype(float),
                       "counterpart_employed": rng.integers(0, 400, n).astype(float), "status": "synthetic"})
    s = _supply(enrollment=en, graduates=gr, settings=fx.settings(rate_prior_strength=float(rng.integers(0, 30))))
    assert len(s)
    assert (s["entrants"] <= s["enrollment_cohort"] + 1e-9).all()
    assert (s["supply_gross"] <= s["enrollment_cohort"] + 1e-9).all()
    assert (s["entrants"] >= 0).all()


def test_shrinkage_pulls_small_cells_to_class_rate():
    gr = pd.DataFrame({"college_code": ["S001", "S002"], "major_code": ["460101", "460102"], "year": [2023, 2023],
                       "graduates": [1000.0, 2.0], "employed": [900.0, 2.0], "further_study": [100.0, 0.0],
                       "employed_in_province": [450.0, 2.0], "counterpart_employed": [500.0, 2.0], "status": ["synthetic"] * 2})
    rates = estimate_rates(gr, fx.table("enrollment").iloc[0:0], fx.settings(rate_prior_strength=20.0))
    cm = rates["college_major"].set_index("college_code")
    # S002 saw 2 of 2 stay; with 20 pseudo-graduates it sits near the class rate (~0.5), not at 1.
    assert 0.5 < cm.loc["S002", "in_province_rate"] < 0.6


def test_member_without_enrollment_uses_register_times_intake():
    g = GroupSpec(id="G46", categories=("46",), members=(Member("4141010824", "河南职业技术学院", False),))
    s = _supply(group=g, programmes=fx.table("programmes"), real={"4141010824"}, years=(2024,))
    assert set(s["basis"]) == {"capacity_estimate"}
    assert set(s["status"]) == {"estimated"}
    assert (s["enrollment_cohort"] == 50).all() and s["is_real"].all()
    # A real college's rates ignore the synthetic graduates of S001: defaults (k = 0 → no evidence → default).
    assert s["in_province_rate"].iloc[0] == pytest.approx(fx.settings().default_in_province)


def test_synthetic_rows_on_real_college_are_dropped():
    en = fx.table("enrollment")
    en.loc[0, "college_code"] = "4141010824"
    kept, dropped = drop_synthetic_on_real(en, {"4141010824"}, "enrollment")
    assert "4141010824" not in set(kept["college_code"])
    assert list(dropped["college_code"]) == ["4141010824"]


def test_no_members_gives_empty_supply():
    s = _supply(group=GroupSpec(id="G44", categories=("44",)))
    assert s.empty


def test_cohorts_before_first_enrollment_year_hold_first_intake():
    en = pd.DataFrame({"college_code": ["S001"] * 2, "major_code": ["460101"] * 2, "year": [2023, 2024],
                       "new_students": [80.0, 90.0], "status": ["synthetic"] * 2})
    s = _supply(enrollment=en, years=(2025, 2026, 2027)).set_index("year")
    assert s.loc[2025, "basis"] == "projected_enrollment" and s.loc[2025, "enrollment_cohort"] == 80
    assert s.loc[2026, "basis"] == "enrollment" and s.loc[2026, "cohort_year"] == 2023
    assert s.loc[2027, "enrollment_cohort"] == 90
