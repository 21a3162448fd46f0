"""The register in the forms a user really obtains lands right, field by field, or is refused.

The fixtures (tests/data/ingest/register, written by make_register.py) hold the same real
register records as an xlsx export with a title row, per-year sheets, a GBK csv, the raw text
with other separators … ``expected.csv`` is what the lake must hold for each. The measure is,
per field, the share of expected rows for which the lake has the right value (status: over the
rows whose raw carries a remark); no other row may be accepted.

Run as a script to print the figures: ``python tests/test_ingest_register_variants.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from talentcast.errors import InputFileError
from talentcast.ingest import ingest_files
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "register"
FIELDS = {  # expected.csv column → programmes column
    "college_code": "college_code",
    "college_name": "college_name",
    "major_code": "major_code",
    "major_name": "major_name_src",
    "year": "year",
    "duration_years": "duration_years",
    "register_status": "register_status",
}


def variant_files() -> list[Path]:
    return sorted(p for p in DATA.iterdir() if p.suffix in {".xlsx", ".csv", ".txt", ".json"}
                  and p.name != "expected.csv" and not p.name.startswith("refused_"))


def _text(v: object) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    s = str(v)
    return s[:-2] if s.endswith(".0") else s


def _match(truth: pd.DataFrame, got: pd.DataFrame) -> tuple[list[dict[str, bool]], int]:
    """Pair each expected row with the accepted row agreeing on most fields (greedy, in order).

    Returns per expected row field → right, and the number of accepted rows left unpaired.
    """
    cand = [{f: _text(r.get(col)) for f, col in FIELDS.items()} for r in got.to_dict("records")]
    used: set[int] = set()
    out = []
    for t in truth.to_dict("records"):
        want = {f: _text(t[f]) for f in FIELDS}
        best, score = None, -1
        for i, c in enumerate(cand):
            if i in used:
                continue
            s = sum(c[f] == want[f] for f in FIELDS)
            if s > score:
                best, score = i, s
        if best is None:
            out.append({f: False for f in FIELDS})
            continue
        used.add(best)
        out.append({f: cand[best][f] == want[f] for f in FIELDS})
    return out, len(cand) - len(used)


def measure(tmp: Path) -> tuple[dict[str, float], dict[str, int], dict[str, str]]:
    """Ingest every variant into a fresh lake; per-field shares right, extra rows and errors per file."""
    expected = pd.read_csv(DATA / "expected.csv", dtype=str, keep_default_na=False)
    right = {f: 0 for f in FIELDS}
    total = {f: 0 for f in FIELDS}
    extra: dict[str, int] = {}
    errors: dict[str, str] = {}
    got = []
    for p in variant_files():
        lake = Lake(tmp / p.stem)  # a lake each: the files hold the same facts (a second form is a duplicate)
        try:
            ingest_files(lake, "programmes", [p])
        except InputFileError as exc:
            errors[p.name] = str(exc).splitlines()[0]
        if lake.exists("programmes"):
            got.append(lake.read("programmes"))
    got_all = pd.concat(got, ignore_index=True) if got else pd.DataFrame(columns=["file"])
    for name, truth in expected.groupby("file", sort=True):
        got = got_all[got_all["file"] == name]
        pairs, extra[name] = _match(truth, got)
        for t, ok in zip(truth.to_dict("records"), pairs):
            for f in FIELDS:
                if f == "register_status" and t[f] == "offered":
                    continue  # the raw had no remark: nothing to land
                total[f] += 1
                right[f] += ok[f]
    return {f: right[f] / total[f] for f in FIELDS}, extra, errors


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    return measure(tmp_path_factory.mktemp("variants"))


def test_every_expected_file_is_a_fixture() -> None:
    names = set(pd.read_csv(DATA / "expected.csv", dtype=str)["file"])
    assert names == {p.name for p in variant_files()}
    assert len(names) >= 10


@pytest.mark.parametrize("field", list(FIELDS))
def test_each_field_lands_right_in_every_variant(measured, field: str) -> None:
    shares, _, errors = measured
    assert not errors
    assert shares[field] == 1.0, f"{field}: {shares[field]:.1%} of the rows land right"


def test_no_title_total_note_or_repeated_row_is_accepted(measured) -> None:
    _, extra, _ = measured
    assert {k: v for k, v in extra.items() if v} == {}


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        shares, extra, errors = measure(Path(d))
    for f, s in shares.items():
        print(f"{f:16s} {s:7.1%}")
    print("extra accepted rows:", {k: v for k, v in extra.items() if v})
    print("files refused:", errors)


# ----------------------------------------------------------------------------- refused, not guessed
def test_no_year_anywhere_is_refused_with_a_year_hint(tmp_path) -> None:
    from talentcast.ingest.programmes import read_register_file

    with pytest.raises(InputFileError) as exc:
        read_register_file(DATA / "refused_no_year.xlsx")
    assert "refused_no_year.xlsx" in str(exc.value) and "line 2" in str(exc.value) and "--year" in str(exc.value)
    lake = Lake(tmp_path / "lake")
    with pytest.raises(InputFileError):
        ingest_files(lake, "programmes", [DATA / "refused_no_year.xlsx"])
    assert not lake.exists("programmes")
    # stated on the command line, it lands
    fr = ingest_files(lake, "programmes", [DATA / "refused_no_year.xlsx"], year=2021).files[0]
    assert fr.rows_accepted == 2 and set(lake.read("programmes")["year"]) == {2021}


def test_a_title_naming_two_years_is_refused(tmp_path) -> None:
    from talentcast.ingest.programmes import read_register_file

    with pytest.raises(InputFileError, match=r"refused_two_years.csv.*several years \(2020, 2021\)") as exc:
        read_register_file(DATA / "refused_two_years.csv")
    assert "--year" in str(exc.value)


def test_a_row_year_is_not_overridden_by_the_title_or_year_option() -> None:
    from talentcast.ingest.programmes import fill_years

    raw = pd.DataFrame({"year_raw": ["2020", None], "record_no": [2, 3], "college_code_src": ["4141010460"] * 2,
                        "major_raw": [None, None], "major_name_src": ["助产", "针灸推拿"], "major_code_src": ["520202", "520403K"]})
    got, _ = fill_years(raw, "r_2022.csv", title="2021年备案结果", year=None)
    assert list(got["year_raw"]) == ["2020", "2021"]  # title beats the file name
    got, _ = fill_years(raw, "r_2022.csv", title="2021年备案结果", year=2019)
    assert list(got["year_raw"]) == ["2020", "2019"]
    got, warning = fill_years(raw, "export_20230512_2022.csv")  # a date stamp is not a year
    assert list(got["year_raw"]) == ["2020", "2022"] and "file name" in warning
    got, warning = fill_years(raw.assign(year_raw=[None, None]), "export_20230512_2022.csv")
    assert list(got["year_raw"]) == ["2022", "2022"]


def test_codes_in_scientific_notation_are_refused_with_what_to_do(tmp_path) -> None:
    with pytest.raises(InputFileError, match=r"refused_scientific_2021.csv.*scientific notation.*format the column as text"):
        ingest_files(Lake(tmp_path / "lake"), "programmes", [DATA / "refused_scientific_2021.csv"])


# ----------------------------------------------------------------------------- what each form gives
def test_totals_notes_and_repeats_are_quarantined_with_their_line(tmp_path) -> None:
    lake = Lake(tmp_path / "lake")
    ingest_files(lake, "programmes", [DATA / "备案结果_标题行.xlsx", DATA / "register_2015_5digit.csv"])
    q = lake.read("quarantine")
    got = sorted(zip(q["file"], q["line"].astype(int), q["reason"]))
    assert got == [("register_2015_5digit.csv", 6, "duplicate_key"),
                   ("备案结果_标题行.xlsx", 10, "note_row"), ("备案结果_标题行.xlsx", 12, "note_row"), ("备案结果_标题行.xlsx", 13, "note_row")]
    assert q.loc[q["reason"] == "duplicate_key", "detail"].str.contains("register_2015_5digit.csv line 3").all()


def test_withdrawn_and_suspended_programmes_are_not_offered(tmp_path) -> None:
    from talentcast.ingest.programmes import offered_programmes

    lake = Lake(tmp_path / "lake")
    ingest_files(lake, "programmes", [DATA / "专业设置备案结果_2021.csv"])
    p = lake.read("programmes")
    assert dict(zip(p["major_name_src"], p["register_status"]))["音乐表演"] == "suspended"
    assert set(p.loc[p["remark"].notna(), "remark"]) == {"新增", "撤销", "停招"}
    offered = offered_programmes(p)
    assert sorted(offered["major_code"]) == ["440106", "490102", "520202", "520403K"]
    # a lake written before the column existed: every row is offered
    assert len(offered_programmes(p.drop(columns="register_status"))) == len(p)


def test_remark_words() -> None:
    from talentcast.ingest.programmes import register_status

    assert [register_status(s) for s in ("", None, "撤销", "2021年撤销", "暂停招生", "停招", "新增专业", "中外合作办学")] == [
        "offered", "offered", "withdrawn", "withdrawn", "suspended", "suspended", "new", "offered"]


def test_header_names() -> None:
    from talentcast.ingest.programmes import header_field

    got = {h: header_field(h) for h in ("学校名称", "院校代码", "专业代码（2021版）", "原专业代码", "专业代码(2015版)", "原专业名称",
                                        "专业名称（代码）", "修业年限（年）", "学制", "年度", "备注", "序号", "专业方向",
                                        "高职院校名称", "备案专业代码", "专业大类代码", "专业类名称")}
    assert got == {"学校名称": "college_name", "院校代码": "college_code_src", "专业代码（2021版）": "major_code_src",
                   "原专业代码": "major_code_old", "专业代码(2015版)": "major_code_old", "原专业名称": "major_name_old",
                   "专业名称（代码）": "major_raw", "修业年限（年）": "duration_raw", "学制": "duration_raw", "年度": "year_raw",
                   "备注": "note", "序号": None, "专业方向": None,
                   "高职院校名称": "college_name", "备案专业代码": "major_code_src", "专业大类代码": None, "专业类名称": None}


def test_text_records_without_separators_are_not_merged() -> None:
    from talentcast.ingest.programmes import split_register_text

    text = ("2021年备案名单\n机构名称：甲\n学校标识码：4141010460\n开设专业：助产 (520202)\n"
            "机构名称：甲\n学校标识码：4141010460\n开设专业：针灸推拿 (520403K)\n\n注：以上为备案结果\n")
    raw, q = split_register_text(text, "t.txt")
    assert list(raw["major_code_src"]) == ["520202", "520403K"] and list(raw["line"]) == [2, 5]
    assert raw.attrs["title"] == "2021年备案名单"
    assert list(q["reason"]) == ["note_row"] and list(q["line"]) == [3]


def test_the_same_register_in_a_second_form_does_not_count_twice(tmp_path) -> None:
    lake = Lake(tmp_path / "lake")
    ingest_files(lake, "programmes", [DATA / "备案结果_标题行.xlsx"])
    # register_oneline.txt holds the six programmes again: refused, saying where they are
    with pytest.raises(InputFileError, match=r"register_oneline.txt.*duplicate_key 6.*already in the lake from 备案结果_标题行.xlsx"):
        ingest_files(lake, "programmes", [DATA / "register_oneline.txt"])
    # the csv three of them, plus three with remarks
    assert ingest_files(lake, "programmes", [DATA / "专业设置备案结果_2021.csv"]).files[0].rows_accepted == 3
    p = lake.read("programmes")
    assert len(p) == 9 and not p.duplicated(["year", "college_code", "major_code_src", "duration_years"]).any()
    q = lake.read("quarantine")
    assert (q.loc[q["file"] == "专业设置备案结果_2021.csv", "detail"].str.contains("already in the lake from 备案结果_标题行.xlsx")).all()


def test_codes_as_a_spreadsheet_or_csv_export_writes_them() -> None:
    from talentcast.ingest.programmes import RegisterContext, register_frame, resolve_programmes

    df = pd.DataFrame({"学校名称": ["河南理工大学"] * 3, "学校代码": ['="4141010460"', "'4141010460", "4141010460.0"],
                       "专业代码": ["520202", "520403K", "80901"], "专业名称": ["助产", "针灸推拿", "计算机科学与技术"], "年份": ["2021"] * 3})
    raw, _ = register_frame(df, "t.csv")
    acc, q = resolve_programmes(raw, RegisterContext(catalogue_2021={"520202": "助产", "520403K": "针灸推拿"}))
    assert list(acc["college_code"]) == ["4141010460"] * 2
    # a number that lost its leading zero is the 6-digit code again (here an undergraduate one: not in the list)
    assert list(q["reason"]) == ["major_code_unknown"] and "(080901)" in q["detail"].iloc[0]


def test_unknown_headers_are_named_with_the_fields_to_map(tmp_path) -> None:
    from talentcast.ingest.programmes import read_register_file

    p = tmp_path / "map_2021.csv"
    p.write_text("单位,代码,专业编号,专业名,学年数,情况\n河南理工大学,4141010460,520202,助产,3,撤销\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"map_2021.csv.*first row: 单位, 代码") as exc:
        read_register_file(p)
    assert "major_code_src" in str(exc.value) and "--map" in str(exc.value)
    with pytest.raises(InputFileError, match="no such register field"):
        read_register_file(p, mapping={"code": "代码", "major_code_src": "专业编号"})
    lake = Lake(tmp_path / "lake")
    mapping = {"college_name": "单位", "college_code_src": "代码", "major_code_src": "专业编号", "major_name_src": "专业名",
               "duration_raw": "学年数", "note": "情况"}
    ingest_files(lake, "programmes", [p], mapping=mapping)
    row = lake.read("programmes").iloc[0]
    assert (row["college_code"], row["major_code"], row["duration_years"], row["register_status"], row["year"]) == (
        "4141010460", "520202", 3, "withdrawn", 2021)


def test_total_rows_with_counts_and_dated_subtitles() -> None:
    from talentcast.ingest.programmes import RegisterContext, register_frame, resolve_programmes, years_in

    df = pd.DataFrame({"序号": ["1", "合 计"], "学校名称": ["河南理工大学", ""], "学校代码": ["4141010460", ""],
                       "专业代码": ["520202", ""], "专业名称": ["助产", "1个专业"], "年份": ["2021", ""]})
    raw, _ = register_frame(df, "t.csv")
    acc, q = resolve_programmes(raw, RegisterContext(catalogue_2021={"520202": "助产"}))
    assert len(acc) == 1 and list(q["reason"]) == ["note_row"]
    # a date in a subtitle or file name says when the table was made, not the register's year
    assert years_in("2022年度专业设置备案结果 填报日期：2021-05-12（2021年5月公布）") == [2022]
    assert years_in("备案结果_2021-05-12") == [] and years_in("2020-2021学年") == [2020, 2021]


def test_both_school_codes_given_the_ten_digit_identifier_wins() -> None:
    from talentcast.ingest.programmes import register_frame, split_register_text

    text = "".join(f"机构名称：河南理工大学\n学校代码：10460\n学校标识码：4141010460\n开设专业：{m}\n年份：2021\n" for m in ("助产 (520202)", "针灸推拿 (520403K)"))
    raw, q = split_register_text(text, "t.txt")
    assert list(raw["college_code_src"]) == ["4141010460"] * 2 and list(raw["major_code_src"]) == ["520202", "520403K"] and q.empty
    df = pd.DataFrame({"学校代码": ["10460"], "学校名称": ["河南理工大学"], "学校标识码": ["4141010460"], "专业代码": ["520202"]})
    assert register_frame(df, "t.csv")[0].loc[0, "college_code_src"] == "4141010460"


def test_a_national_register_counts_the_province_only(tmp_path) -> None:
    from talentcast.ingest.programmes import offered_programmes

    p = tmp_path / "national_2021.csv"
    # 北京大学 is 4111010001: its 3rd and 4th digits name Beijing (11), as 41 names Henan
    p.write_text("学校名称,学校标识码,专业代码,专业名称,修业年限\n河南理工大学,4141010460,520202,助产,3\n"
                 "北京大学,4111010001,520202,助产,3\n", encoding="utf-8")
    lake = Lake(tmp_path / "lake")
    fr = ingest_files(lake, "programmes", [p]).files[0]
    assert fr.rows_accepted == 2 and any("2 provinces" in w and "11: 1 rows" in w for w in fr.warnings)
    got = offered_programmes(lake.read("programmes"), province="410000")
    assert list(got["college_code"]) == ["4141010460"]


def test_a_names_column_beside_a_code_column_and_an_enrolling_flag() -> None:
    from talentcast.ingest.programmes import RegisterContext, register_frame, resolve_programmes

    df = pd.DataFrame({"学校标识码": ["4141010460"] * 2, "专业": ["助产", "针灸推拿"], "专业代码": ["520202", "520403K"],
                       "是否招生": ["是", "否"], "年份": ["2021"] * 2})
    raw, _ = register_frame(df, "t.csv")
    acc, q = resolve_programmes(raw, RegisterContext(catalogue_2021={"520202": "助产", "520403K": "针灸推拿"}))
    assert list(acc["major_name_src"]) == ["助产", "针灸推拿"] and list(acc["register_status"]) == ["offered", "suspended"]


def test_a_header_repeated_on_every_page_is_not_a_record(tmp_path) -> None:
    from talentcast.ingest.programmes import RegisterContext, read_register_file, resolve_programmes

    p = tmp_path / "pdf_2021.csv"
    p.write_text("学校名称,学校代码,专业代码,专业名称,修业年限\n河南理工大学,4141010460,520202,助产,3\n第 1 页，共 2 页\n"
                 "学校名称,学校代码,专业代码,专业名称,修业年限\n河南理工大学,4141010460,520403K,针灸推拿,3\n", encoding="utf-8")
    raw, _ = read_register_file(p)
    acc, q = resolve_programmes(raw, RegisterContext(catalogue_2021={"520202": "助产", "520403K": "针灸推拿"}))
    assert list(acc["record_no"]) == [2, 5] and list(zip(q["line"], q["reason"])) == [(3, "note_row"), (4, "note_row")]


def test_a_year_column_with_notes_below_and_one_empty_cell(tmp_path) -> None:
    from talentcast.ingest.programmes import RegisterContext, read_register_file, resolve_programmes

    p = tmp_path / "register.csv"
    p.write_text("学校名称,学校代码,专业代码,专业名称,修业年限,年份\n河南理工大学,4141010460,520202,助产,3,2021\n"
                 "河南理工大学,4141010460,520403K,针灸推拿,3,\n合计,,,,,\n注：数据来源于备案平台,,,,,\n", encoding="utf-8")
    raw, _ = read_register_file(p)  # the note lines need no year; the empty cell is that row's fault only
    acc, q = resolve_programmes(raw, RegisterContext(catalogue_2021={"520202": "助产", "520403K": "针灸推拿"}))
    assert list(acc["record_no"]) == [2]
    assert list(zip(q["line"], q["reason"])) == [(3, "missing_required"), (4, "note_row"), (5, "note_row")]
    assert "--year" in q["detail"].iloc[0]


def test_several_majors_in_one_cell_are_refused_not_half_read() -> None:
    from talentcast.ingest.programmes import RegisterContext, register_frame, resolve_programmes

    df = pd.DataFrame({"学校名称": ["河南理工大学"] * 3, "学校代码": ["4141010460", "41410 10460", "4141010460"],
                       "开设专业": ["助产(520202)、针灸推拿(520403K)", "", ""], "专业代码": ["", "520202 助产", "520403K"],
                       "专业名称": ["", "", "针灸推拿"], "年份": ["2021"] * 3})
    raw, _ = register_frame(df, "t.csv")
    acc, q = resolve_programmes(raw, RegisterContext(catalogue_2021={"520202": "助产", "520403K": "针灸推拿"}))
    assert list(zip(acc["college_code"], acc["major_code"], acc["major_name_src"])) == [
        ("4141010460", "520202", "助产"), ("4141010460", "520403K", "针灸推拿")]
    assert list(q["reason"]) == ["bad_record"] and "several majors in one cell" in q["detail"].iloc[0]
