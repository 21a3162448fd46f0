"""Graduate and enrollment forms behind blind measure 4's misses, each in an example of its own
(other colleges, majors and figures than tests/data/ingest/cohorts_blind4): a cohort that entered
under the 2015 catalogue, whose codes are other majors' 2021 codes, and an education-statistics
form whose column-number row (甲 乙 1 2 …) sits under its header. Figures are made up; the files
say they are synthetic (合成数据) and use made-up colleges."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from talentcast.ingest.cohort_table import column_numbers
from talentcast.ingest.cohorts import ingest_supply, major_of
from talentcast.lake import Lake


def _ingest(tmp_path: Path, kind: str, path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    lake = Lake(tmp_path / "lake")
    ingest_supply(lake, kind, [path])
    q = lake.read("quarantine") if lake.exists("quarantine") else pd.DataFrame(columns=["source_table", "reason", "detail"])
    return lake.read(kind), q[q["source_table"] == kind]


def test_a_2015_catalogue_code_is_read_by_its_name_not_as_the_2021_major_of_that_code():
    # 560102 is 机械制造与自动化 in 2015 and 网络新闻与传播 in 2021; 630302 会计 is no 2021 code.
    assert major_of("560102", "机械制造与自动化")[0] == "460104"
    assert major_of("630302", "会计")[0] == "530302"
    assert major_of("560102", "网络新闻与传播")[0] == "560102"  # the 2021 name: the 2021 major
    assert major_of("510201", None)[0] == "510201"  # a code alone stays as the 2021 catalogue reads it


def test_graduates_of_a_2015_catalogue_intake_land_on_their_2021_majors(tmp_path):
    csv = ("2019届毕业生分专业就业情况（合成数据）\n"
           "学校名称,专业代码,专业名称,毕业生数,就业人数\n"
           "示例职业技术学院,630302,会计,210,198\n"
           "示例职业技术学院,560102,机械制造与自动化,95,90\n"
           "示例职业技术学院,540502,工程造价,60,55\n")
    path = tmp_path / "2019届就业.csv"
    path.write_text(csv, encoding="utf-8")
    rows, _ = _ingest(tmp_path, "graduates", path)
    assert dict(zip(rows["major_name_src"], rows["major_code"])) == {"会计": "530302", "机械制造与自动化": "460104",
                                                                    "工程造价": "440501"}


def test_the_forms_column_number_row_is_no_record(tmp_path):
    csv = ("2023年高职学生分专业情况（模拟数据）\n"
           "学校名称,专业代码,专业名称,招生数,在校生数\n"
           "甲,乙,丙,1,2\n"
           "示例高等专科学校,520201,护理,300,880\n")
    path = tmp_path / "基层表.csv"
    path.write_text(csv, encoding="utf-8")
    rows, q = _ingest(tmp_path, "enrollment", path)
    assert rows["major_code"].tolist() == ["520201"] and rows["new_students"].tolist() == [300]
    assert "column numbers" in " ".join(q["detail"].astype(str))
    assert column_numbers(["甲", "乙", "丙", "1", "2", "3"]) and column_numbers(["1", "2", "3", "4"])
    assert not column_numbers(["示例学院", "520201", "护理", "300", "880"]) and not column_numbers(["2", "5", "9"])


def test_a_pdf_conversions_split_rates_and_wrapped_major_names(tmp_path):
    csv = ("2022届毕业生就业情况（合成数据）\n"
           "学校名称,专业名称,毕业生数,升学人数,就业率\n"
           "示例职业学院,数控技,120,10,\"88. 5%\"\n"
           ",术,,,\n"
           "示例职业学院,护理,200,20,\"9 5.0%\"\n")
    path = tmp_path / "pdf.csv"
    path.write_text(csv, encoding="utf-8")
    rows, q = _ingest(tmp_path, "graduates", path)
    by = rows.set_index("major_name_src")
    assert by.at["数控技术", "major_code"] == "460103"  # the wrapped name joined again
    assert by.at["数控技术", "employed"] == round(0.885 * 120) - 10  # 就业率 counts 升学 too (data dictionary)
    assert "护理" not in by.index  # "9 5.0%" splits the figure itself, not at its point: no rate, refused
    assert "the end of the major name" in " ".join(q["detail"].astype(str))
    assert (q["reason"] == "bad_number").sum() == 1


def test_a_count_split_into_parts_under_a_merged_header_is_their_sum(tmp_path):
    csv = ("2023年分专业新生报到情况（模拟数据）\n"
           "学校名称,专业名称,报到人数,\n"
           ",,省内,省外\n"
           "示例高等专科学校,护理,410,35\n")
    path = tmp_path / "报到.csv"
    path.write_text(csv, encoding="utf-8")
    rows, _ = _ingest(tmp_path, "enrollment", path)
    assert rows["new_students"].tolist() == [445] and rows["new_students_basis"].tolist() == ["registered"]
    grads = ("2023届毕业去向（模拟数据）\n"
             "学校名称,专业名称,毕业生数,就业,,\n"
             ",,,签约就业,灵活就业,自主创业\n"
             "示例高等专科学校,护理,300,210,40,5\n")
    path = tmp_path / "去向.csv"
    path.write_text(grads, encoding="utf-8")
    rows, _ = _ingest(tmp_path / "g", "graduates", path)
    assert rows["employed"].tolist() == [255]


def test_years_merged_over_the_measures_give_a_record_a_year(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["近两届毕业生就业情况（模拟数据）"])
    ws.append(["学校名称", "专业名称", "2022届", "", "2023届", ""])
    ws.append(["", "", "毕业生数", "就业人数", "毕业生数", "就业人数"])
    ws.append(["示例高等专科学校", "护理", 300, 280, 320, 301])
    ws.merge_cells("C2:D2")
    ws.merge_cells("E2:F2")
    path = tmp_path / "两届.xlsx"
    wb.save(path)
    rows, _ = _ingest(tmp_path, "graduates", path)
    got = rows.set_index("year")[["graduates", "employed"]].to_dict("index")
    assert got == {2022: {"graduates": 300, "employed": 280}, 2023: {"graduates": 320, "employed": 301}}
