"""Graduates and enrollment files as colleges and the Department of Education export them.

The fixtures (tests/data/ingest/cohorts, SYNTHETIC, written by ``make_cohorts.py``) render
made-up figures in many layouts; ``expected.csv`` holds, row by row, what must land. The
measure: per field, the share of rows where the file gives a value and the lake holds the
right one. Every field is claimed at 100 %, over every variant file.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from talentcast.errors import InputFileError
from talentcast.ingest import ingest_files
from talentcast.lake import Lake

HERE = Path(__file__).parent / "data" / "ingest" / "cohorts"
KEYS = ("college_code", "college_name", "major_code", "major_name_src", "year")
FIELDS = {"graduates": (*KEYS, "graduates", "employed", "further_study", "employed_in_province", "counterpart_employed",
                        "starting_salary_cny_month", "derived"),
          "enrollment": (*KEYS, "new_students", "new_students_basis", "students_in_school")}


def expected() -> dict[tuple[str, str], list[dict[str, str]]]:
    """(kind, file) → the rows that must land, in file order."""
    out: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    with open(HERE / "expected.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out[(r["kind"], r["file"])].append(r)
    return out


def _same(want: str, got: object) -> bool:
    if got is None or (not isinstance(got, str) and pd.isna(got)):
        return False
    try:
        return abs(float(want) - float(got)) < 1e-6  # type: ignore[arg-type]
    except ValueError:
        return str(got) == want


def measure(root: Path) -> dict[str, object]:
    """Ingest every variant file into its own lake under ``root`` and score what lands.

    Returns:
        ``fields``: (kind, field) → [rows where the file gives a value, of those landed right];
        ``spurious``: (kind, field) → rows where the file gives nothing but the lake holds a value;
        ``rows``: file → (rows expected, rows landed); ``errors``: file → error message.
    """
    fields: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    spurious: dict[tuple[str, str], int] = defaultdict(int)
    rows, errors = {}, {}
    for (kind, file), want in sorted(expected().items()):
        lake = Lake(root / file / "lake")
        rep = ingest_files(lake, kind, [HERE / file], raise_on_error=False)
        if rep.files[0].error:
            errors[file] = rep.files[0].error
        got = lake.read(kind) if lake.exists(kind) else pd.DataFrame(columns=["year", "major_code", "college_name"])
        rows[file] = (len(want), len(got))
        # A lake row answers the expected row of its year, major and college: a row whose key
        # landed wrong answers none, and all of its fields count as wrong.
        by_key = {k: r for k, r in zip(zip(got["year"].astype(str), got["major_code"].astype(str), got["college_name"].astype(str)),
                                        (got.iloc[i] for i in range(len(got))))}
        for w in want:
            g = by_key.get((w["year"], w["major_code"], w["college_name"]))
            for f in FIELDS[kind]:
                v = None if g is None or f not in g.index else g[f]
                if w[f] != "":
                    fields[(kind, f)][0] += 1
                    fields[(kind, f)][1] += _same(w[f], v)
                elif v is not None and not pd.isna(v) and str(v) != "":
                    spurious[(kind, f)] += 1
    return {"fields": dict(fields), "spurious": dict(spurious), "rows": rows, "errors": errors}


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return measure(tmp_path_factory.mktemp("cohorts"))


def test_every_variant_file_lands_and_no_total_or_note_row_becomes_a_major(measured):
    assert measured["errors"] == {}
    assert len(measured["rows"]) >= 20
    assert {f: n for f, n in measured["rows"].items() if n[0] != n[1]} == {}


def test_every_given_value_lands_right_per_field(measured):
    shares = {k: (n, ok) for k, (n, ok) in measured["fields"].items()}
    assert {k: f"{ok}/{n}" for k, (n, ok) in shares.items() if ok != n} == {}
    assert all(n > 0 for n, _ in shares.values())  # every claimed field is exercised


def test_nothing_lands_where_the_file_gives_nothing(measured):
    assert measured["spurious"] == {}


def test_totals_and_notes_are_quarantined_with_their_line(tmp_path):
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "graduates", [HERE / "g03_title_unit_total_notes.xlsx"]).files[0]
    assert fr.quarantined_by_reason == {"summary_row": 1, "note_row": 2}
    q = lake.read("quarantine").set_index("line")
    assert q.loc[9, "reason"] == "summary_row" and "合计" in q.loc[9, "raw"]  # sheet row 9: below 5 majors, header on row 3
    assert q.loc[11, "reason"] == "note_row" and q.loc[12, "reason"] == "note_row"


def test_a_figure_merged_over_several_majors_is_refused(tmp_path):
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "graduates", [HERE / "g12_merged_count_cell.xlsx"]).files[0]
    q = lake.read("quarantine").set_index("line")
    assert fr.quarantined_by_reason == {"bad_number": 2} and set(q.index) == {3, 4}
    assert "merged over several rows" in q.loc[3, "detail"] and "毕业生数" in q.loc[3, "detail"]


def test_a_file_of_which_no_row_lands_says_which_line_and_cell(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("学校名称,专业名称,届别,毕业生数\n示例职业技术学院,护理,2023届,很多\n示例职业技术学院,电子商务,2023,\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"(?s)bad.csv: none of its 2 rows.*bad_number \(1 rows\), e.g. record 1 \(line 2\): "
                                             r"graduates \(毕业生数\) is not a number.*missing_required"):
        ingest_files(Lake(tmp_path / "lake"), "graduates", [p])


def test_map_names_a_column_the_meaning_does_not(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("学校名称,专业名称,届别,人数,去向\n示例职业技术学院,护理,2023届,50,45\n", encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    ingest_files(lake, "graduates", [p], mapping={"graduates": "人数", "employed": "去向"})
    g = lake.read("graduates").iloc[0]
    assert (g["graduates"], g["employed"], g["major_code"]) == (50, 45, "520201")


def test_cells_in_the_forms_people_type(tmp_path):
    from talentcast.ingest.cohorts import major_of, status_of, year_of

    assert [year_of(t, "graduates")[0] for t in ("2023届", "2023年", "2022-2023学年", "2022-23", "2023-06-30 00:00:00", "2023")] \
        == [2023] * 6
    assert [year_of(t, "enrollment")[0] for t in ("2023级", "2023-2024学年", "2023年秋季")] == [2023] * 3
    assert year_of("2020级", "graduates")[0] is None and year_of("二〇二二", "graduates")[0] is None
    assert major_of("460104.0", None) == ("460104", "460104") and major_of(None, "460104-机械制造及自动化") == ("460104", "机械制造及自动化")
    assert major_of(None, "护理") == (None, "护理")  # 专科 520201 or 职业本科 320201: unknown without a level
    assert major_of(None, "护理", "专科") == ("520201", "护理")
    assert [status_of(x) for x in ("官方", "合成数据", "估算", "Synthetic")] == ["official", "synthetic", "estimated", "synthetic"]


def test_a_repeated_header_is_not_a_record(tmp_path):
    p = tmp_path / "pages.csv"
    p.write_text("学校名称,专业名称,届别,毕业生数\n示例职业技术学院,护理,2023届,50\n学校名称,专业名称,届别,毕业生数\n"
                 "示例职业技术学院,电子商务,2023届,40\n", encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "graduates", [p]).files[0]
    assert fr.rows_accepted == 2 and fr.quarantined_by_reason == {"note_row": 1}
    assert lake.read("quarantine")["detail"].tolist() == ["the header repeated, not a record"]


def test_a_college_left_blank_below_is_the_one_above_and_said_so(tmp_path):
    fr = ingest_files(Lake(tmp_path / "lake"), "graduates", [HERE / "g15_merged_saved_as_csv.csv"]).files[0]
    assert any("college is blank in 8 row(s) and was taken from the row above" in w for w in fr.warnings), fr.warnings
    assert fr.quarantined_by_reason == {"summary_row": 3}


def test_a_plan_is_not_the_intake(tmp_path):
    p = tmp_path / "plan_only.csv"
    p.write_text("学校名称,专业名称,年份,招生计划数\n示例职业技术学院,护理,2024,120\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"plan_only.csv.*new_students/students_in_school \(招生计划 is a plan"):
        ingest_files(Lake(tmp_path / "a"), "enrollment", [p])
    p.write_text("学校名称,专业名称,年份,招生计划数,在校生数\n示例职业技术学院,护理,2024,120,300\n", encoding="utf-8")
    fr = ingest_files(Lake(tmp_path / "b"), "enrollment", [p]).files[0]
    assert fr.rows_accepted == 1
    assert any("招生计划数" in w and "plan" in w for w in fr.warnings)
    assert any("new_students landed in none" in w for w in fr.warnings)


def test_a_key_count_empty_in_every_row_is_refused(tmp_path):
    p = tmp_path / "blank_counts.csv"
    p.write_text("学校名称,专业名称,年份,招生人数,在校生数\n示例职业技术学院,护理,2024,—,\n示例职业技术学院,电子商务,2024,,-\n",
                 encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    with pytest.raises(InputFileError, match=r"blank_counts.csv: none of its 2 rows has new_students or students_in_school"):
        ingest_files(lake, "enrollment", [p])
    assert not lake.exists("enrollment") and lake.manifest().empty


def test_rates_are_checked_against_counts_and_derive_only_what_they_state(tmp_path):
    p = tmp_path / "rates.csv"
    p.write_text("学校名称,专业名称,届别,毕业生数,就业人数,就业率\n"
                 "示例职业技术学院,护理,2024届,100,90,90.00%\n"      # employed / graduates
                 "示例职业技术学院,电子商务,2024届,100,80,95%\n"     # contradicts (no 升学 to explain it? it may: ≥ 80)
                 "示例职业技术学院,大数据技术,2024届,100,96,90%\n"   # contradicts: the rate is below employed
                 "示例职业技术学院,机电一体化技术,2024届,100,,90%\n"  # no 升学人数: not derived, warned
                 "示例职业技术学院,机械制造及自动化,2020级,100,90,90%\n", encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "graduates", [p]).files[0]
    q = lake.read("quarantine").set_index("line")
    assert q.loc[3, "reason"] == "inconsistent_counts" and "就业率" in q.loc[3, "detail"]
    assert q.loc[5, "reason"] == "bad_year" and "级" in q.loc[5, "detail"]
    g = lake.read("graduates").set_index("record_no")
    assert g.loc[1, "employed"] == 90 and pd.isna(g.loc[1, "derived"])
    assert g.loc[2, "employed"] == 80  # 95 % may count 升学 the file does not give: kept, not contradicted
    assert pd.isna(g.loc[4, "employed"]) and any("升学人数" in w for w in fr.warnings)


def test_a_destination_breakdown_gives_employed_from_the_rate_less_study_and_abroad(tmp_path):
    p = tmp_path / "doe.csv"  # 落实率 = (协议 + 灵活 + 升学 + 出国 + 创业) / 毕业生 (MOE)
    p.write_text("学校名称,专业名称,毕业生数,协议和合同就业,灵活就业,升学,出国（境）,自主创业,毕业去向落实率,届别\n"
                 "示例职业技术学院,护理,200,100,40,30,5,5,90.00%,2024届\n", encoding="gb18030")
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "graduates", [p]).files[0]
    g = lake.read("graduates").iloc[0]
    assert (g["employed"], g["further_study"], g["derived"]) == (145, 30, "employed")  # 100 + 40 + 5
    assert any("not used: 协议和合同就业, 灵活就业, 自主创业" in w for w in fr.warnings)


def test_registered_beats_admitted_row_by_row(tmp_path):
    p = tmp_path / "intake.csv"
    p.write_text("学校名称,专业名称,年份,录取人数,报到人数\n示例职业技术学院,护理,2024,100,95\n示例职业技术学院,电子商务,2024,80,\n",
                 encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    ingest_files(lake, "enrollment", [p])
    e = lake.read("enrollment").set_index("record_no")
    assert (e.loc[1, "new_students"], e.loc[1, "new_students_basis"]) == (95, "registered")
    assert (e.loc[2, "new_students"], e.loc[2, "new_students_basis"]) == (80, "admitted")


def test_unused_columns_are_named_in_the_report(tmp_path):
    fr = ingest_files(Lake(tmp_path / "lake"), "graduates", [HERE / "g04_merged_two_row_header.xlsx"]).files[0]
    assert any("not used: 毕业生/其中：女" in w for w in fr.warnings), fr.warnings


GRADUATE_HEADERS = {
    "graduates": ["毕业生数", "毕业生总数", "毕业人数(人)", "应届毕业生人数", "毕业生规模（人）", "毕业生", "No. of graduates", "Graduates", "毕业生人数/人",
                  "毕业生数 Graduates"],
    "employed": ["就业人数", "已就业人数（人）", "毕业生就业人数", "初次就业人数", "就业", "Employed graduates", "Number employed", "其中：就业"],
    "employment_rate": ["就业率", "就业率（%）", "毕业去向落实率", "初次就业率", "Employment rate (%)", "就业率/%"],
    "further_study": ["升学人数", "专升本人数", "升学（专升本）人数", "Further study", "其中:升学人数", "Continuing studies"],
    "employed_in_province": ["省内就业人数", "留豫就业人数", "本省就业数", "Employed in province", "Within province"],
    "in_province_rate": ["省内就业率", "省内就业比例"],
    "abroad": ["出国（境）", "出国出境人数", "出境"],
    "counterpart_employed": ["专业对口就业人数", "对口人数", "Relevant employment"],
    "counterpart_rate": ["专业对口率（%）", "对口就业率"],
    "starting_salary_cny_month": ["平均月薪(元)", "月均收入（元）", "平均起薪", "月平均工资", "Average monthly salary (CNY)", "月薪/元"],
    "year": ["毕业年份", "届别", "毕业年度", "毕业生届别", "Year of graduation", "Graduation year", "Academic year"],
    "college_name": ["学校名称", "院校名称", "高校名称", "学校全称", "学校（单位）名称", "Institution", "College"],
    "college_code": ["学校代码", "院校代码", "学校标识码", "学校编码", "School code"],
    "major_code": ["专业代码", "专业代号", "国标专业代码", "Major code", "Programme code"],
    "major_name": ["专业名称", "专业", "专业（方向）", "专业名称（2021版）", "Programme", "Major", "专业名称 Major"],
}
ENROLLMENT_HEADERS = {
    "plan": ["招生计划数", "计划招生数", "计划数", "招生计划", "Planned intake", "Planned places"],
    "admitted": ["录取人数", "实际录取数", "录取新生数", "Admitted", "Offers made"],
    "registered": ["报到人数", "新生报到人数", "实际报到数", "注册人数", "Registered", "Enrolled (registered)"],
    "new_students": ["招生数", "招生人数", "实际招生人数", "当年招生数", "新生数", "招生总数", "New students", "Intake", "New enrolments", "Freshmen"],
    "students_in_school": ["在校生数", "在校生", "在校生总数", "在校学生数", "Students in school", "Total students", "Total enrollment"],
    "year": ["年份", "招生年份", "入学年份", "学年", "年级", "统计年度", "Intake year"],
}
NOT_A_FIELD = {"graduates": ["其中：女", "序号", "专业大类", "专业类", "学制", "毕业去向落实人数", "签约率", "灵活就业人数", "报到率"],
               "enrollment": ["报到率", "录取率", "招生计划完成率", "学制", "序号", "毕业生数"]}


@pytest.mark.parametrize("kind,table", [("graduates", GRADUATE_HEADERS), ("enrollment", ENROLLMENT_HEADERS)])
def test_headers_are_matched_by_meaning(kind, table):
    from talentcast.ingest.cohorts import field_of

    assert {h: field_of([h], kind) for f, hs in table.items() for h in hs if field_of([h], kind) != f} == {}
    assert {h: field_of([h], kind) for h in NOT_A_FIELD[kind] if field_of([h], kind) is not None} == {}


if __name__ == "__main__":  # the before/after figure: python tests/test_ingest_cohort_variants.py
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        m = measure(Path(d))
    for (kind, f), (n, ok) in sorted(m["fields"].items()):
        print(f"{kind:10} {f:28} {ok:4}/{n:<4} {ok / n:6.1%}")
    n_all, ok_all = (sum(x[i] for x in m["fields"].values()) for i in (0, 1))
    print(f"all fields {ok_all}/{n_all} = {ok_all / n_all:.1%}; spurious {sum(m['spurious'].values())}; "
          f"files refused {len(m['errors'])}/{len(m['rows'])}; files with wrong row counts "
          f"{sum(1 for a, b in m['rows'].values() if a != b)}")
    for f, e in m["errors"].items():
        print(" ", f, "->", e.splitlines()[0][:160])
