"""Graduates and enrollment ingest on SYNTHETIC hand-made fixtures (fictitious colleges)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from talentcast.errors import InputFileError
from talentcast.ingest import ingest_files
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest"


def test_graduates_format_and_validation(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    rep = ingest_files(lake, "graduates", [DATA / "graduates_synthetic.csv"])
    f = rep.files[0]
    assert f.rows_read == f.rows_accepted + f.rows_quarantined == 8
    assert f.quarantined_by_reason == {"inconsistent_counts": 1, "bad_year": 1, "missing_required": 1, "negative_value": 1}
    df = lake.read("graduates").set_index("record_no")
    assert df.loc[1, "major_code"] == "460301" and df.loc[1, "destination_industries"] == "C38:40;C34:30"
    assert df.loc[2, "major_code"] == "510205"  # by name: 大数据技术
    assert pd.isna(df.loc[4, "major_code"]) and df.loc[4, "major_name_src"] == "不存在的专业"  # not in the catalogue: kept, null code
    assert set(df["status"]) == {"synthetic"}
    q = lake.read("quarantine").set_index("line")
    assert q.loc[5, "reason"] == "inconsistent_counts" and "employed > graduates" in q.loc[5, "detail"]


def test_enrollment_and_xlsx(tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    rep = ingest_files(lake, "enrollment", [DATA / "enrollment_synthetic.csv"])
    assert (rep.rows_accepted, rep.rows_quarantined) == (2, 1)
    x = tmp_path / "e.xlsx"
    pd.DataFrame({"院校名称": ["示例职业学院丁"], "专业名称": ["机电一体化技术"], "招生年份": ["2024年"], "招生数": [88],
                  "在校生数": [250], "数据状态": ["synthetic"]}).to_excel(x, index=False)
    rep = ingest_files(lake, "enrollment", [x])
    assert rep.rows_accepted == 1
    row = lake.read("enrollment", filters=[("year", "=", 2024)]).iloc[0]
    assert row["major_code"] == "460301" and row["new_students"] == 88 and row["record_no"] == 2


def test_missing_required_columns_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "g.csv"
    p.write_text("学校名称,专业名称\n示例职业学院甲,机电一体化技术\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="required column"):
        ingest_files(Lake(tmp_path / "lake"), "graduates", [p])
