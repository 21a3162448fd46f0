"""Newest vintage wins per cell, decided per file (the two-file probe of issue 16).

SYNTHETIC numbers: two releases of one source, the second revising one cell.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from talentcast.config import load_settings
from talentcast.ingest import ingest_files
from talentcast.lake import Lake
from talentcast.flow import employment_history
from talentcast.forecast.employment import one_value_per_cell

HEADER = "指标,地区,年份,行业,单位,数值\n"


def _release(path: Path, manufacturing_2017: float) -> Path:
    rows = [f"城镇单位就业人员,河南省,{y},{ind},万人,{v}\n"
            for y in (2016, 2017)
            for ind, v in (("制造业", manufacturing_2017 if y == 2017 else 300.0), ("建筑业", 200.0))]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_the_revised_release_beats_the_first_one(workspace: Path) -> None:
    lake = Lake(workspace / "lake")
    first = _release(workspace / "henan_release_1.csv", 353.24)
    revised = _release(workspace / "henan_release_2.csv", 360.00)
    ingest_files(lake, "statistics", [first], source="nbs_provincial")
    ingest_files(lake, "statistics", [revised], source="nbs_provincial")
    hist = employment_history(lake, load_settings(workspace, environ={}))
    cell = hist[(hist["industry_code"] == "C") & (hist["year"] == 2017)]
    assert cell["value"].tolist() == [360.00]


def test_a_file_reaching_a_later_year_is_the_newer_vintage() -> None:
    rows = pd.DataFrame({
        "region_code": ["410000"] * 3, "industry_code": ["C"] * 3, "year": [2016, 2016, 2017],
        "value": [1.0, 2.0, 3.0], "status": ["official"] * 3, "file": ["old.csv", "new.csv", "new.csv"],
    })
    # old.csv was ingested later but reaches 2016 only; new.csv reaches 2017: it is the newer release.
    kept = one_value_per_cell(rows, {"new.csv": 0, "old.csv": 1})
    assert kept.set_index("year")["value"].to_dict() == {2016: 2.0, 2017: 3.0}


def test_official_beats_estimated_whatever_the_vintage() -> None:
    rows = pd.DataFrame({
        "region_code": ["410000"] * 2, "industry_code": ["C"] * 2, "year": [2016, 2016],
        "value": [1.0, 2.0], "status": ["estimated", "official"], "file": ["new.csv", "old.csv"],
    })
    assert one_value_per_cell(rows, {"old.csv": 0, "new.csv": 1})["value"].tolist() == [2.0]
