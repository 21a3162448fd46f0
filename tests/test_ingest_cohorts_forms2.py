"""Graduates and enrollment forms behind the misses of blind measure 2, each in an example of its
own (other words, layout and values than tests/data/ingest/cohorts_blind2), so that a fix of the
cause, not of the blind file, is what passes.

Every college here is made up (codes 41410888xx, which no real college has).
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from talentcast.ingest.cohorts import ingest_supply, synthetic_mark, title_fields
from talentcast.lake import Lake


def _ingest(tmp_path: Path, kind: str, path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(landed rows, quarantine rows of this kind) of one file ingested into a fresh lake."""
    lake = Lake(tmp_path / "lake")
    ingest_supply(lake, kind, [path])
    q = lake.read("quarantine") if lake.exists("quarantine") else pd.DataFrame(columns=["source_table", "reason", "detail"])
    return lake.read(kind), q[q["source_table"] == kind]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


# --- 1. the data status: a column in any spelling, and a file that says it is synthetic ----------

@pytest.mark.parametrize("key", ["data_status", "dataStatus", "数据性质", "Data Status"])
def test_status_column_in_any_spelling_is_read(tmp_path, key):
    """A status column named data_status / dataStatus / 数据性质 gives each row's status."""
    recs = [{"college": "北岭应用职业学院", "majorName": "工程造价", "year": "2022届", "graduates": 61, "employed": 50, key: "estimated"},
            {"college": "北岭应用职业学院", "majorName": "护理", "year": "2022届", "graduates": 140, "employed": 121, key: "official"}]
    path = tmp_path / "outcomes.json"
    path.write_text(json.dumps({"rows": recs}, ensure_ascii=False), encoding="utf-8")
    got, _ = _ingest(tmp_path, "graduates", path)
    assert dict(zip(got["major_name_src"], got["status"])) == {"工程造价": "estimated", "护理": "official"}


def test_file_titled_simulated_lands_synthetic_without_a_status_column(tmp_path):
    """A title saying 模拟数据 makes rows without a status synthetic, never official."""
    path = _xlsx(tmp_path / "outcomes_2021.xlsx", [
        ["北岭应用职业学院2021届毕业生就业情况（模拟数据，仅供演示）"],
        ["专业名称", "毕业生数", "就业人数", "年份"],
        ["软件技术", 88, 80, 2021],
        ["现代物流管理", 45, 39, 2021],
    ])
    got, _ = _ingest(tmp_path, "graduates", path)
    assert len(got) == 2 and set(got["status"]) == {"synthetic"}


def test_file_named_synthetic_refuses_a_row_claiming_official(tmp_path):
    """In a file whose name says synthetic, a row whose status says official is refused
    (schema_violation), and the other rows land synthetic."""
    path = tmp_path / "intake_SYNTHETIC_demo.csv"
    path.write_text("学校名称,专业名称,年度,招生数,数据状态\n"
                    "北岭应用职业学院,软件技术,2023,120,\n"
                    "北岭应用职业学院,护理,2023,300,官方\n", encoding="utf-8")
    got, q = _ingest(tmp_path, "enrollment", path)
    assert got["major_name_src"].tolist() == ["软件技术"] and got["status"].tolist() == ["synthetic"]
    assert q["reason"].tolist() == ["schema_violation"] and "SYNTHETIC" in q["detail"].iloc[0]


def test_unmarked_file_without_status_stays_official(tmp_path):
    """No status column and no synthetic mark: the rows land official, as before (示例 in a
    college name is not a mark)."""
    path = tmp_path / "outcomes.csv"
    path.write_text("学校名称,专业名称,年份,毕业生数\n示例城市职业学院,护理,2022,40\n", encoding="utf-8")
    got, _ = _ingest(tmp_path, "graduates", path)
    assert got["status"].tolist() == ["official"]


def test_synthetic_mark_words():
    assert synthetic_mark("grads_Synthetic.csv") == "Synthetic"
    assert synthetic_mark("x.xlsx", "招生情况（虚构数据）") == "虚构数据"
    assert synthetic_mark("示例职业技术学院就业统计.xlsx", "2023届毕业生") is None


# --- 2./3. the college code a title or a preamble line states --------------------------------------

def test_code_in_a_bracketed_title_per_sheet(tmp_path):
    """Each sheet's title "…学院（院校代码：…）…" gives that sheet's college code."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, code, major in (("北岭应用职业学院", "4141088811", "软件技术"), ("南湖交通职业学院", "4141088812", "道路与桥梁工程技术")):
        ws = wb.create_sheet(name[:4])
        ws.append([f"{name}（院校代码：{code}）2022届毕业生去向"])
        ws.append(["专业", "毕业生人数", "已就业人数"])
        ws.append([major, 70, 61])
    path = tmp_path / "by_college.xlsx"
    wb.save(path)
    got, _ = _ingest(tmp_path, "graduates", path)
    assert dict(zip(got["college_name"], got["college_code"])) == {"北岭应用职业学院": "4141088811", "南湖交通职业学院": "4141088812"}
    assert set(got["year"]) == {2022}


def test_code_in_a_preamble_line_of_key_value_pairs(tmp_path):
    """"填报单位：…  学校代码：…  填报时间：…" above the header gives the code (and the date on
    that line is not the year)."""
    path = tmp_path / "intake.csv"
    path.write_text("分专业新生报到情况\n"
                    "填报单位：南湖交通职业学院  学校代码：4141088812  填报时间：2024年10月\n"
                    "专业名称,学年,报到人数\n"
                    "道路与桥梁工程技术,2024-2025学年,96\n"
                    "城市轨道交通运营管理,2024-2025学年,151\n", encoding="utf-8")
    got, _ = _ingest(tmp_path, "enrollment", path)
    assert set(got["college_code"]) == {"4141088812"} and set(got["college_name"]) == {"南湖交通职业学院"}
    assert set(got["year"]) == {2024} and set(got["new_students_basis"]) == {"registered"}


def test_title_fields_ignore_a_unit_and_a_short_code():
    assert title_fields("学校代码：123  单位：人  学校名称：南湖交通职业学院", "graduates") == {"college_name": "南湖交通职业学院"}


# --- 4. 工作与专业相关度 is the counterpart rate; names as the source writes them -------------------

def test_job_relatedness_rate_derives_counterpart_employed(tmp_path):
    """工作与专业相关度 (a share of the employed) derives counterpart_employed = rate × employed,
    marked derived; a name with full-width brackets lands as written."""
    path = _xlsx(tmp_path / "quality_report.xlsx", [
        ["北岭应用职业学院2024届毕业生就业质量年度报告 附表"],
        ["专业代码", "专业名称", "毕业生数", "就业人数", "工作与专业相关度", "年份"],
        ["510203", "软件技术（中外合作办学）", 60, 50, 0.62, 2024],
        ["520201", "护理", 200, 180, "90%", 2024],
    ])
    got, _ = _ingest(tmp_path, "graduates", path)
    by = got.set_index("major_code")
    assert by.loc["510203", "major_name_src"] == "软件技术（中外合作办学）"
    assert int(by.loc["510203", "counterpart_employed"]) == 31 and int(by.loc["520201", "counterpart_employed"]) == 162
    assert set(got["derived"]) == {"counterpart_employed"}


def test_relatedness_rate_contradicting_the_count_is_quarantined(tmp_path):
    """Given both, the count is kept and checked against the relatedness rate (a whole percent
    such as 80% included)."""
    path = tmp_path / "g.csv"
    path.write_text("学校名称,专业名称,年份,毕业生数,就业人数,专业对口就业人数,专业相关度\n"
                    "北岭应用职业学院,护理,2024,100,90,20,80%\n"
                    "北岭应用职业学院,软件技术,2024,50,40,30,75%\n", encoding="utf-8")
    got, q = _ingest(tmp_path, "graduates", path)
    assert got["major_name_src"].tolist() == ["软件技术"] and int(got["counterpart_employed"].iloc[0]) == 30
    assert got["derived"].isna().all() and q["reason"].tolist() == ["inconsistent_counts"]


@pytest.mark.parametrize(("title", "college"), [
    ("样例城建职业学院2024届毕业生就业质量报告（虚构数据，非真实院校的学校）", "样例城建职业学院"),
    ("示例护理职业学院 2023届（本表为模拟数据，不是真实学校）", "示例护理职业学院"),
    ("某学院2023届毕业生", None),
])
def test_a_title_names_its_college_despite_a_disclaimer(title, college):
    from talentcast.ingest.cohorts import title_college

    assert title_college(title) == college
