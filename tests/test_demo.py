"""The demo end to end: packaged samples → ingest → forecast → 21 reports, from computed numbers."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from talentcast.config import load_settings
from talentcast.lake import Lake


pytestmark = pytest.mark.demo


@pytest.fixture
def demo_ws(demo_workspace):
    root, result = demo_workspace
    return root, result


def test_demo_writes_21_reports_per_format(demo_ws):
    root, result = demo_ws
    html = sorted(p for p in result["reports"] if p.endswith(".html"))
    md = sorted(p for p in result["reports"] if p.endswith(".md"))
    xlsx = sorted(p for p in result["reports"] if p.endswith(".xlsx"))
    assert len(html) == len(md) == len(xlsx) == 21
    assert sum("province" in p for p in html) == 1


def test_demo_accounts_for_every_row(demo_ws):
    root, _ = demo_ws
    lake = Lake(root / "lake")
    manifest = lake.manifest()
    assert len(manifest) > 0
    for kind in ("statistics", "postings", "programmes", "graduates", "enrollment"):
        assert lake.exists(kind), kind
        assert lake.row_count(kind) > 0, kind


def test_reports_show_numbers_the_pipeline_computed(demo_ws):
    root, result = demo_ws
    lake = Lake(root / "lake")
    demand = lake.read("mart_demand")
    assert len(demand) > 0 and demand["openings"].notna().all()
    province_md = next(p for p in result["reports"] if p.endswith(".md") and "province" in p)
    text = open(province_md, encoding="utf-8").read()
    assert "合成" in text  # synthetic data is labelled on the page
    # The province's largest class by openings in the first forecast year appears in its report
    # with the count the pipeline computed, as the report formats it.
    prov = demand[(demand["group_id"] == "province") & (demand["scenario"] == "baseline")]
    report_year = load_settings(root, environ={}).edition_year + 1  # the edition's first forecast year
    first = prov[prov["year"] == report_year]
    top = first.loc[first["openings"].idxmax()]
    assert top["major_class"] in text
    from talentcast.report.formatting import fmt_people

    assert f"| {top['major_class']} |" in text and fmt_people(top["openings"], "zh", unit=False) in text


def test_refresh_after_demo_ingests_nothing_new(demo_copy):
    from talentcast.workflows import refresh

    root = demo_copy
    result = refresh(load_settings(root, environ={}))
    assert result["files_ingested"] == 0 and result["rebuilt"] is False


def test_no_synthetic_value_on_a_real_college(demo_ws):
    root, _ = demo_ws
    lake = Lake(root / "lake")
    ev = lake.read("mart_college_eval")
    real = ev[ev["is_real"].astype(bool)]
    assert not real.empty
    if "status" in real.columns:
        assert not (real["status"] == "synthetic").any()
    for table in ("mart_supply",):
        df = lake.read(table)
        if "status" in df.columns and "college_code" in df.columns:
            syn = df[df["status"] == "synthetic"]
            assert syn["college_code"].astype(str).str.startswith("SYN").all()
