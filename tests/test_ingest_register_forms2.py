"""Register forms behind the misses of blind measure 2, each in an example of its own (other
words, layout and values than tests/data/ingest/register_blind2): a table laid out with spaces
or tabs in a .txt, a college's own list of majors naming it in its title only, and platform
JSON keys for 修业年限.

College names and codes are those of the packaged Henan college list (real institutions: the
records below are made-up test rows, never ingested into a real workspace).
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from talentcast.errors import InputFileError
from talentcast.ingest.programmes import ingest_programmes, read_aligned_text, read_register_file
from talentcast.lake import Lake


def _land(tmp_path: Path, path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    lake = Lake(tmp_path / "lake")
    ingest_programmes(lake, [path])
    q = lake.read("quarantine") if lake.exists("quarantine") else pd.DataFrame(columns=["reason", "detail"])
    return lake.read("programmes"), q


# --- 5. a table laid out with spaces or tabs -------------------------------------------------------

ALIGNED = """\
附件2  高等职业教育专科专业设置备案名单（2022年度）

学校标识码     学校名称                 专业代码    专业名称                  修业年限
4141012745     商丘职业技术学院         510201      计算机应用技术            3
4141012745     商丘职业技术学院         520201      护理                      3
4141012748     平顶山工业职业技术学院   460301      电气自动化技术            3
4141012748     平顶山工业职业技术学院   460104      机械制造及自动化          5
                              第 1 页 共 2 页
学校标识码     学校名称                 专业代码    专业名称                  修业年限
4141012748     平顶山工业职业技术学院   530701      电子商务                  3
4141012748 平顶山工业职业技术学院 530302 大数据与会计 (订单班) 3
"""


def test_space_aligned_table_in_txt_lands(tmp_path):
    """Columns aligned by runs of spaces under a header: every record lands with its fields; the
    page footer and the repeated header are notes; a line that does not split into the header's
    columns is refused (bad_record), not guessed."""
    path = tmp_path / "备案名单.txt"
    path.write_text(ALIGNED, encoding="utf-8")
    got, q = _land(tmp_path, path)
    assert len(got) == 5 and set(got["year"]) == {2022}
    row = got[got["major_code_src"] == "460104"].iloc[0]
    assert (row["college_code"], row["college_name"], row["major_name_src"], int(row["duration_years"])) == (
        "4141012748", "平顶山工业职业技术学院", "机械制造及自动化", 5)
    assert sorted(q["reason"]) == ["bad_record", "note_row", "note_row"]
    assert "530302" in q.loc[q["reason"] == "bad_record", "raw"].iloc[0]


def test_tab_separated_table_keeps_a_name_with_a_space(tmp_path):
    """Tab-separated columns, no title: a name holding a single space stays one cell."""
    text = "年份\t院校代码\t院校名称\t专业代码\t专业名称\t学制\n2023\t12745\t商丘职业技术学院\t510202\t计算机网络技术 (订单)\t3年\n"
    raw, q = read_aligned_text(text, "x.txt")
    assert raw["major_name_src"].tolist() == ["计算机网络技术 (订单)"] and raw["duration_raw"].tolist() == ["3年"] and q.empty


def test_aligned_table_with_a_blank_trailing_remark(tmp_path):
    """A 备注 column left blank on most lines: those lines are padded, not refused."""
    text = ("2021年度专业备案\n"
            "学校代码   学校名称           专业代码   专业名称        年限   备注\n"
            "12745      商丘职业技术学院   510201     计算机应用技术  3\n"
            "12745      商丘职业技术学院   520201     护理            3      停招\n")
    raw, q = read_aligned_text(text, "y.txt")
    assert raw["note"].tolist() == [None, "停招"] and raw["year_raw"].tolist() == ["2021", "2021"] and q.empty
    assert raw["duration_raw"].tolist() == ["3", "3"]


def test_headerless_aligned_lines_are_read_by_the_form_of_their_cells(tmp_path):
    """No header line (lost in the copy): codes, names, the duration and a remark are told by
    their form; a line with two unexplained texts is refused (bad_record), a page number is a note."""
    path = tmp_path / "copy.txt"
    path.write_text("商丘职业技术学院 2024年度备案专业\n"
                    "7 4141012745 商丘职业技术学院 520201 护理 三年\n"
                    "8 4141012745 商丘职业技术学院 510201 计算机应用技术 3 停招\n"
                    "9 4141012745 商丘职业技术学院 530701 电子商务 跨境 3\n"
                    "- 2 -\n", encoding="utf-8")
    got, q = _land(tmp_path, path)
    assert sorted(zip(got["major_code_src"], got["duration_years"].astype(int), got["register_status"])) == [
        ("510201", 3, "suspended"), ("520201", 3, "offered")]
    assert set(got["year"]) == {2024} and set(got["college_name"]) == {"商丘职业技术学院"}
    assert sorted(q["reason"]) == ["bad_record", "note_row"]


def test_txt_without_records_or_a_header_is_refused_naming_both_forms(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n今年新增专业三个\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="no register record found") as exc:
        read_register_file(path)
    assert "tabs or spaces" in exc.value.hint


# --- 6. a college's own list of majors, the college only in its title --------------------------

def _own_list(path: Path, title: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in ([title], ["序号", "专业名称", "专业代码", "学制"], [1, "护理", "520201", "三年"], [2, "电子商务", "530701", "3"]):
        ws.append(r)
    wb.save(path)
    return path


def test_own_list_without_a_code_is_refused_naming_the_listed_code(tmp_path):
    """The table is read, but no code is taken from the college's name: every record is
    college_code_missing and the error names the code the college list has and how to add it."""
    path = _own_list(tmp_path / "own.xlsx", "商丘职业技术学院2023年招生专业目录")
    with pytest.raises(InputFileError, match="college_code_missing") as exc:
        _land(tmp_path, path)
    assert "商丘职业技术学院" in str(exc.value) and "学校标识码：4141012745" in str(exc.value)


def test_own_list_stating_its_code_in_the_title_lands(tmp_path):
    """A code the title states ("…（学校代码：12745）…") is taken, 5 digits mapped to 10."""
    path = _own_list(tmp_path / "own.xlsx", "商丘职业技术学院（学校代码：12745）2023年招生专业目录")
    got, _ = _land(tmp_path, path)
    assert set(got["college_code"]) == {"4141012745"} and set(got["college_name"]) == {"商丘职业技术学院"}
    assert sorted(got["duration_years"].astype(int)) == [3, 3] and set(got["year"]) == {2023}


def test_table_without_a_college_anywhere_is_still_not_a_register(tmp_path):
    """A list of majors naming no college (a catalogue extract) is refused as before."""
    path = _own_list(tmp_path / "cat.xlsx", "2023年招生专业目录")
    with pytest.raises(InputFileError, match="not a major register table"):
        read_register_file(path)


# --- 7. platform keys for 修业年限 ----------------------------------------------------------------

@pytest.mark.parametrize("key,value", [("schoolingYears", "3"), ("studyYears", "三年"), ("programDuration", 2), ("xznx", "5年")])
def test_platform_duration_keys(tmp_path, key, value):
    recs = [{"orgName": "商丘职业技术学院", "orgCode": "4141012745", "zydm": "520201", "zymc": "护理", "nf": 2024, key: value}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"result": {"rows": recs}}, ensure_ascii=False), encoding="utf-8")
    got, _ = _land(tmp_path, path)
    assert got["duration_years"].tolist() == [{"3": 3, "三年": 3, 2: 2, "5年": 5}[value]]
