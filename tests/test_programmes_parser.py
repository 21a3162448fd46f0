"""Register parser, resolver and ingest on the committed real subset (tests/data/programmes)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from talentcast.errors import InputFileError
from talentcast.ingest.programmes import (
    PROGRAMME_COLUMNS,
    RegisterContext,
    detect_edition,
    ingest_programmes,
    parse_register_text,
    read_register_file,
    register_frame,
    resolve_programmes,
    split_register_text,
)
from talentcast.resources import resource_path

DATA = Path(__file__).parent / "data" / "programmes"
# year: (records read, accepted, quarantined) — see tests/data/programmes/README.md
EXPECTED = {2015: (74, 74, 0), 2020: (79, 79, 0), 2021: (70, 70, 0), 2023: (98, 64, 34), 2025: (63, 60, 3)}


def _file(year: int) -> Path:
    return DATA / f"moe_majors_河南省_{year}.txt"


@pytest.fixture(scope="module")
def ctx() -> RegisterContext:
    return RegisterContext.packaged()


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_record_counts_per_year(year: int, ctx: RegisterContext) -> None:
    text = _file(year).read_text(encoding="utf-8")
    acc, q = parse_register_text(text, _file(year).name, ctx=ctx)
    n_read, n_acc, n_q = EXPECTED[year]
    assert len(acc) == n_acc and len(q) == n_q
    assert len(acc) + len(q) == n_read
    assert list(acc.columns) == PROGRAMME_COLUMNS
    assert (acc["year"] == year).all()
    # every record number appears exactly once across accepted and quarantined rows
    assert sorted(list(acc["record_no"]) + list(q["line"])) == list(range(1, n_read + 1))


def test_five_digit_codes_normalised_to_ten(ctx: RegisterContext) -> None:
    acc, _ = parse_register_text(_file(2015).read_text(encoding="utf-8"), "f", ctx=ctx)
    assert set(acc["college_code"]) == {"4141010843", "4141010460"}
    assert acc["college_code"].str.fullmatch(r"[0-9]{10}").all()


def test_editions_and_2021_codes(ctx: RegisterContext) -> None:
    a15, _ = parse_register_text(_file(2015).read_text(encoding="utf-8"), "f", ctx=ctx)
    a20, _ = parse_register_text(_file(2020).read_text(encoding="utf-8"), "f", ctx=ctx)
    a21, _ = parse_register_text(_file(2021).read_text(encoding="utf-8"), "f", ctx=ctx)
    assert set(a15["catalogue_edition"]) == {"2004"}
    assert set(a20["catalogue_edition"]) == {"2015"}
    assert set(a21["catalogue_edition"]) == {"2021"}
    assert (a21["major_code"] == a21["major_code_src"]).all()
    # 2015-edition 会计 (630302) maps to 2021 大数据与会计 (530302) where a college registers it
    hit = a20[a20["major_code_src"] == "630302"]
    assert len(hit) == 1 and set(hit["major_code"]) == {"530302"}
    # 2021 codes are codes of the 2021 catalogue
    assert a21["major_code"].isin(ctx.catalogue_2021).all()


def test_quarantine_reasons(ctx: RegisterContext) -> None:
    _, q23 = parse_register_text(_file(2023).read_text(encoding="utf-8"), "x2023", ctx=ctx)
    assert set(q23["reason"]) == {"college_code_missing"} and len(q23) == 34
    assert q23["detail"].str.contains("x2023 record").all()
    _, q25 = parse_register_text(_file(2025).read_text(encoding="utf-8"), "x2025", ctx=ctx)
    assert set(q25["reason"]) == {"major_code_unknown"}
    assert sorted(q25["raw"].str.extract(r"\((\d{6})\)")[0]) == ["430112", "530305", "550409"]


def test_lowercase_k_and_malformed_records() -> None:
    text = (
        "机构名称：示例学院\n学校标识码：4141099999\n开设专业：小学教育 (670103k)\n修业年限：3\n年份：2019\n备注：^_^"
        "机构名称：示例学院\n学校标识码：4141099999\n开设专业：没有代码\n修业年限：3\n年份：2019\n备注：^_^"
        "这一行不是记录^_^"
        "机构名称：示例学院\n学校标识码：4141099999\n开设专业：护理 (520201)\n修业年限：三\n年份：2021\n备注："
    )
    ctx = RegisterContext(catalogue_2021={"520201": "护理"})
    acc, q = parse_register_text(text, "synthetic.txt", ctx=ctx)
    assert list(acc["major_code_src"]) == ["670103K"]
    assert sorted(q["reason"]) == ["bad_number", "bad_record", "missing_required"]
    assert len(acc) + len(q) == 4


def test_unresolved_five_digit_code_is_quarantined_not_guessed() -> None:
    text = "机构名称：示例学院\n学校标识码：99999\n开设专业：护理 (630201)\n修业年限：3\n年份：2014\n备注："
    acc, q = parse_register_text(text, "s.txt", ctx=RegisterContext())
    assert acc.empty and list(q["reason"]) == ["college_code_unresolved"]


def test_edition_detected_from_code_and_name_over_year() -> None:
    ctx = RegisterContext(catalogue_2021={"530302": "大数据与会计"}, old_editions={("2015", "630302"): {"会计"}}, concordance={("2015", "630302"): "530302"})
    # a 2021 record still using the 2015 code is read as the 2015 edition and mapped
    assert detect_edition("630302", "会计", 2021, ctx) == "2015"
    assert detect_edition("530302", "大数据与会计", 2021, ctx) == "2021"
    assert detect_edition("530302", "大数据与会计", 2019, ctx) == "2021"  # new code early
    raw, _ = split_register_text("机构名称：a\n学校标识码：4141010843\n开设专业：会计 (630302)\n修业年限：3\n年份：2021\n备注：", "f")
    acc, q = resolve_programmes(raw, ctx)
    assert acc.loc[0, "catalogue_edition"] == "2015" and acc.loc[0, "major_code"] == "530302" and q.empty


def test_csv_and_xlsx_give_the_same_rows(tmp_path: Path, ctx: RegisterContext) -> None:
    raw, _ = split_register_text(_file(2021).read_text(encoding="utf-8"), "x")
    table = pd.DataFrame({"机构名称": raw["college_name"], "省份": raw["province"], "学校标识码": raw["college_code_src"], "开设专业": raw["major_raw"], "修业年限": raw["duration_raw"], "年份": raw["year_raw"]})
    table.to_csv(tmp_path / "r.csv", index=False)
    table.to_excel(tmp_path / "r.xlsx", index=False)
    ref, _ = resolve_programmes(raw, ctx)
    for name in ("r.csv", "r.xlsx"):
        r, q0 = read_register_file(tmp_path / name)
        got, q = resolve_programmes(r, ctx)
        assert q0.empty and q.empty
        cols = ["college_code", "major_code_src", "major_name_src", "duration_years", "major_code", "catalogue_edition"]
        pd.testing.assert_frame_equal(got[cols].reset_index(drop=True), ref[cols].reset_index(drop=True))
    # English headers too
    en = table.rename(columns={"机构名称": "college_name", "学校标识码": "college_code", "修业年限": "duration_years", "年份": "year"})
    en = en.drop(columns="开设专业").assign(major_code=raw["major_code_src"], major_name=raw["major_name_src"])
    r, _ = register_frame(en, "en.csv")
    got, q = resolve_programmes(r, ctx)
    assert len(got) == len(ref) and q.empty


def test_not_a_register_table_raises(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="not a major register"):
        read_register_file(tmp_path / "x.csv")
    (tmp_path / "e.txt").write_text("  \n", encoding="utf-8")
    with pytest.raises(InputFileError, match="empty"):
        read_register_file(tmp_path / "e.txt")


def test_ingest_idempotent_and_accounted(tmp_path: Path) -> None:
    from talentcast.lake import Lake

    lake = Lake(tmp_path / "lake")
    files = sorted(DATA.glob("*.txt"))
    rep = ingest_programmes(lake, files)
    assert rep.rows_read == sum(v[0] for v in EXPECTED.values())
    assert all(f.rows_read == f.rows_accepted + f.rows_quarantined for f in rep.files)
    assert rep.quarantined_by_reason == {"college_code_missing": 34, "major_code_unknown": 3}
    n1 = len(lake.read("programmes"))
    assert n1 == sum(v[1] for v in EXPECTED.values())
    again = ingest_programmes(lake, files)
    assert all(f.status == "already_ingested" for f in again.files) and again.rows_read == 0
    assert len(lake.read("programmes")) == n1
    q = lake.read("quarantine")
    assert (q["source_table"] == "programmes").all() and len(q) == 37


def test_old_years_resolve_through_later_files_in_the_lake(tmp_path: Path) -> None:
    """A 5-digit code missing from the college list resolves via a 10-digit code already ingested."""
    from talentcast.lake import Lake

    lake = Lake(tmp_path / "lake")
    later = tmp_path / "later.txt"
    later.write_text("机构名称：示例学院\n学校标识码：4241099999\n开设专业：护理 (520201)\n修业年限：3\n年份：2021\n备注：", encoding="utf-8")
    early = tmp_path / "early.txt"
    early.write_text("机构名称：示例学院\n学校标识码：99999\n开设专业：护理 (630201)\n修业年限：3\n年份：2014\n备注：", encoding="utf-8")
    frames = {"catalogue": pd.DataFrame({"code": ["520201"], "level": "major", "name_zh": ["护理"]})}
    ingest_programmes(lake, [later], ctx_frames=frames)
    rep = ingest_programmes(lake, [early], ctx_frames=frames)
    assert rep.rows_accepted == 1
    got = lake.read("programmes").set_index("year")
    assert got.loc[2014, "college_code"] == "4241099999" and got.loc[2014, "major_code"] == "520201"


def test_unreadable_file_lands_nothing(tmp_path: Path) -> None:
    from talentcast.lake import Lake

    bad = tmp_path / "bad.txt.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage")
    lake = Lake(tmp_path / "lake")
    with pytest.raises(InputFileError, match="bad.txt.gz"):
        ingest_programmes(lake, [bad, _file(2021)])
    assert len(lake.read("programmes")) == EXPECTED[2021][1]


def test_packaged_register_files_exist() -> None:
    files = sorted((resource_path("data") / "sample" / "programmes").glob("*.txt.gz"))
    assert len(files) == 13


def test_column_mapping_for_tables(tmp_path: Path) -> None:
    pd.DataFrame({"学校": ["示例学院"], "代码": ["4141099999"], "专业": ["护理 (520201)"], "年限": ["3"], "年度": ["2022"]}).to_csv(tmp_path / "m.csv", index=False)
    mapping = {"college_name": "学校", "college_code_src": "代码", "major_raw": "专业", "duration_raw": "年限", "year_raw": "年度"}
    raw, _ = read_register_file(tmp_path / "m.csv", mapping=mapping)
    acc, q = resolve_programmes(raw, RegisterContext(catalogue_2021={"520201": "护理"}))
    assert q.empty and acc.loc[0, "major_code"] == "520201" and acc.loc[0, "duration_years"] == 3
    with pytest.raises(InputFileError, match="not in the header"):
        read_register_file(tmp_path / "m.csv", mapping={"year_raw": "无此列"})


def test_ingest_files_dispatch(tmp_path: Path) -> None:
    from talentcast.ingest import ingest_files
    from talentcast.lake import Lake

    rep = ingest_files(Lake(tmp_path / "lake"), "programmes", [_file(2021)], source=None, mapping=None, encoding=None)
    assert rep.rows_accepted == EXPECTED[2021][1]
