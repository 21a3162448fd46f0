"""Every mart has one spec in schema.toml, and the lake enforces it where the mart is written."""

from __future__ import annotations

import pandas as pd
import pytest

from talentcast import schema
from talentcast.errors import LakeError, ValidationError
from talentcast.lake import Lake
from talentcast.workflows import MART_TABLES


def _gap_row() -> dict:
    row = {c.name: (1.0 if c.dtype == "float64" else 1 if c.dtype == "int64" else True if c.dtype == "bool" else "x")
           for c in schema.MART_GAP.columns}
    row.update(group_id="province", region_code="410000", scenario="baseline", major_class="4101",
               rating="balance", status="estimated", demand_status="estimated", rating_supply_low="balance",
               rating_supply_high="balance", rating_withheld="", rating_exit_low="balance",
               rating_exit_high="balance")
    return row


def test_every_mart_the_reports_read_has_a_spec():
    assert set(MART_TABLES) == set(schema.MARTS)
    for name in MART_TABLES:
        assert schema.get(name) is schema.MARTS[name]


def test_replace_accepts_a_mart_that_matches_its_spec(tmp_path):
    lake = Lake(tmp_path / "lake")
    with lake.transaction() as tx:
        tx.replace("mart_gap", pd.DataFrame([_gap_row()]))
    assert lake.read("mart_gap")["rating"].tolist() == ["balance"]


def test_replace_refuses_a_mart_missing_a_required_column(tmp_path):
    lake = Lake(tmp_path / "lake")
    df = pd.DataFrame([_gap_row()]).drop(columns=["openings"])
    with pytest.raises(ValidationError) as err:
        with lake.transaction() as tx:
            tx.replace("mart_gap", df)
    assert any("mart_gap.openings" in f and "missing" in f for f in err.value.failures)
    assert not lake.exists("mart_gap")


def test_replace_refuses_a_mistyped_column_and_names_it(tmp_path):
    lake = Lake(tmp_path / "lake")
    df = pd.DataFrame([_gap_row()])
    df["supply"] = "many"
    with pytest.raises(ValidationError) as err:
        with lake.transaction() as tx:
            tx.replace("mart_gap", df)
    assert any("mart_gap.supply" in f for f in err.value.failures)


def test_replace_refuses_a_rating_outside_the_allowed_words(tmp_path):
    lake = Lake(tmp_path / "lake")
    row = _gap_row() | {"rating": "shortage-ish"}
    with pytest.raises(ValidationError) as err:
        with lake.transaction() as tx:
            tx.replace("mart_gap", pd.DataFrame([row]))
    assert any("mart_gap.rating" in f for f in err.value.failures)


def test_replace_refuses_an_undocumented_column(tmp_path):
    lake = Lake(tmp_path / "lake")
    df = pd.DataFrame([_gap_row() | {"surprise": 1}])
    with pytest.raises(ValidationError, match="unexpected"):
        with lake.transaction() as tx:
            tx.replace("mart_gap", df)


def test_a_table_without_a_spec_cannot_be_written(tmp_path):
    lake = Lake(tmp_path / "lake")
    with pytest.raises(LakeError, match="no spec"):
        with lake.transaction() as tx:
            tx.replace("mart_made_up", pd.DataFrame({"a": [1]}))


def test_the_columns_the_report_needs_are_spec_columns():
    """The report's list of what it cannot do without names only columns the specs define."""
    from talentcast.report.context.mart_frames import MART_COLUMNS as REPORT_NEEDS

    for name, cols in REPORT_NEEDS.items():
        assert schema.get(name) is not None, name
        assert not set(cols) - set(schema.get(name).names), (name, set(cols) - set(schema.get(name).names))


def test_the_analysis_builds_its_marts_with_the_spec_columns_in_order():
    from talentcast.analysis import MART_COLUMNS

    for name, cols in MART_COLUMNS.items():
        assert cols == schema.get(name).names, name
