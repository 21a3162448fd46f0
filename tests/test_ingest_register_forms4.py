"""The register form behind blind measure 4's miss, in an example of its own: the ministry's
备案结果 export states each row's 备案类型 (新增 / 保留 / 撤销), and a withdrawn programme must not
land as offered (it would count as a 布点).

College names and codes are those of the packaged Henan college list (real institutions); the
college × major rows below are made-up test rows, never ingested into a real workspace.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from talentcast.ingest.programmes import ingest_programmes, offered_programmes
from talentcast.lake import Lake


def test_the_filing_type_column_gives_each_rows_status(tmp_path: Path) -> None:
    csv = ("学校标识码,学校名称,专业代码,专业名称,修业年限,审批结果,年度\n"
           "4141012745,商丘职业技术学院,510201,计算机应用技术,3,保留,2023\n"
           "4141012745,商丘职业技术学院,520201,护理,3,新增,2023\n"
           "4141012748,平顶山工业职业技术学院,460301,电气自动化技术,3,撤销,2023\n")
    path = tmp_path / "备案.csv"
    path.write_text(csv, encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    ingest_programmes(lake, [path])
    got = lake.read("programmes").set_index("major_code")["register_status"].to_dict()
    assert got == {"510201": "offered", "520201": "new", "460301": "withdrawn"}
    offered = offered_programmes(lake.read("programmes"))
    assert set(offered["major_code"]) == {"510201", "520201"}
    assert isinstance(offered, pd.DataFrame)


def test_a_remark_announcing_a_later_change_leaves_the_year_offered(tmp_path: Path) -> None:
    csv = ("学校标识码,学校名称,专业代码,专业名称,修业年限,备注,年度\n"
           "4141012745,商丘职业技术学院,510201,计算机应用技术,3,2025年起停招,2024\n"
           "4141012745,商丘职业技术学院,520201,护理,3,暂停招生（2024年）,2024\n")
    path = tmp_path / "备案2024.csv"
    path.write_text(csv, encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    ingest_programmes(lake, [path])
    got = lake.read("programmes").set_index("major_code")
    assert got.at["510201", "register_status"] == "offered"
    assert got.at["520201", "register_status"] == "suspended" and got.at["520201", "remark"] == "暂停招生（2024年）"
