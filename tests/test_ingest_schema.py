"""Schema specs and the data dictionary stay in sync."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from talentcast import schema
from talentcast.errors import ValidationError


def test_data_dictionary_embeds_generated_tables() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert schema.data_dictionary_markdown() in doc, "regenerate docs/data-dictionary.md (see its header)"


def test_validate_reports_every_failure() -> None:
    df = pd.DataFrame({"source_table": [None], "file": ["f"], "line": ["x"], "raw": [1], "reason": ["r"], "bogus": [1]})
    with pytest.raises(ValidationError) as ei:
        schema.validate("quarantine", df)
    msg = str(ei.value)
    assert "unexpected columns" in msg and "quarantine.line" in msg and "quarantine.source_table" in msg


def test_architecture_columns_present() -> None:
    """The raw tables keep every column docs/architecture.md promises."""
    promised = {
        "statistics": "region_code, region_name, industry_code, industry_level, industry_name, measure, year, value, unit_src, status, source, vintage, file, line",
        "postings": "posting_id, dedup_key, is_duplicate, source, file, record_no, title, company, industry_raw, region_code, region_raw, salary_cny_month_min, salary_cny_month_max, salary_months, salary_null_reason, education, experience_years, headcount, posted_date, year, description",
        "graduates": "college_code, college_name, major_code, major_name_src, year, graduates, employed, further_study, employed_in_province, counterpart_employed, starting_salary_cny_month, destination_industries, status, source",
        "enrollment": "college_code, college_name, major_code, year, new_students, students_in_school, status, source",
        "quarantine": "source_table, file, line, raw, reason, detail",
    }
    for t, cols in promised.items():
        assert set(cols.split(", ")) <= set(schema.TABLES[t].names), t


def test_data_dictionary_is_current() -> None:
    from talentcast.ingest.dictionary import render

    doc = (Path(__file__).parents[1] / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert doc == render(), "run: python -m talentcast.ingest.dictionary > docs/data-dictionary.md"
