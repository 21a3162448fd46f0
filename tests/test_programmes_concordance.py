"""Old (2004/2015) → 2021 major concordance: packaged file, evidence rules, reproducibility."""

from __future__ import annotations

import pandas as pd
import pytest

from talentcast.ingest.register_concordance import COLUMNS, EVIDENCE, build_concordance, summary
from talentcast.resources import resource_path

CONC = resource_path("data") / "crosswalk" / "major_concordance.csv"


@pytest.fixture(scope="module")
def conc() -> pd.DataFrame:
    return pd.read_csv(CONC, dtype=str, keep_default_na=False)


@pytest.mark.parametrize(
    "edition,old,new,evidence",
    [
        ("2015", "630302", "530302", "college_transition"),  # 会计 → 大数据与会计 (official rename)
        ("2015", "630301", "530301", "college_transition"),  # 财务管理 → 大数据与财务管理
        ("2015", "610215", "510205", "college_transition"),  # 大数据技术与应用 → 大数据技术
        ("2015", "630903", "530802", "college_transition"),  # 物流管理 → 现代物流管理
        ("2015", "620201", "520201", "exact_name"),  # 护理
        ("2015", "610201", "510201", "exact_name"),  # 计算机应用技术
        ("2015", "600202", "500201", None),  # 道路桥梁工程技术 → 道路与桥梁工程技术
    ],
)
def test_known_pairs(conc: pd.DataFrame, edition: str, old: str, new: str, evidence: str | None) -> None:
    row = conc[(conc["old_edition"] == edition) & (conc["old_code"] == old)]
    assert len(row) >= 1
    assert new in set(row["code_2021"])
    if evidence:
        assert evidence in set(row["evidence"])


def test_columns_evidence_and_unmapped_reported(conc: pd.DataFrame) -> None:
    assert list(conc.columns) == COLUMNS
    assert set(conc["evidence"]) <= set(EVIDENCE)
    unm = conc[conc["evidence"] == "unmapped"]
    assert len(unm) > 0 and (unm["code_2021"] == "").all()
    mapped = conc[conc["evidence"] != "unmapped"]
    assert (mapped["code_2021"].str.fullmatch(r"[0-9]{6}K?")).all() and (mapped["name_2021"] != "").all()
    s = summary(conc)
    assert s.loc["2015", "unmapped"] == len(unm[unm["old_edition"] == "2015"])
    # each mapped 2015 code points to a code of the 2021 catalogue
    cat = pd.read_csv(resource_path("data") / "reference" / "vocational_majors_2021.csv", dtype=str)
    assert mapped["code_2021"].isin(set(cat["code"])).all()


def test_build_from_facts_small() -> None:
    """Synthetic register records (no real college): each evidence rule fires as documented."""
    rec = []
    for col in ("s1", "s2", "s3"):
        rec += [(2020, col, "630302", "会计", "2015"), (2021, col, "530302", "大数据与会计", "2021")]
        rec += [(2020, col, "620201", "护理", "2015"), (2021, col, "520201", "护理", "2021")]
    rec += [(2020, "s1", "690306", "幼儿发展与健康管理", "2015")]
    rec += [(2015, "s1", "510106", "茶叶生产加工技术", "2004"), (2016, "s1", "510106", "茶叶生产加工技术", "2015")]
    records = pd.DataFrame(rec, columns=["year", "college", "code", "name", "edition"])
    cat = pd.DataFrame(
        {
            "code": ["530302", "520201", "410107", "590302"],
            "level": "major",
            "name_zh": ["大数据与会计", "护理", "茶叶生产与加工技术", "智慧健康养老服务与管理"],
        }
    )
    c = build_concordance(records, cat).set_index(["old_edition", "old_code"])
    assert c.loc[("2015", "630302"), "code_2021"] == "530302"
    assert c.loc[("2015", "630302"), "evidence"] == "college_transition"
    assert c.loc[("2015", "630302"), "n_colleges"] == 3
    assert c.loc[("2015", "620201"), "evidence"] == "exact_name"
    assert c.loc[("2015", "690306"), "evidence"] == "unmapped"
    # the 2015 edition kept the 2004 name, which maps by similarity; 2004 follows through it
    assert c.loc[("2015", "510106"), "evidence"] == "name_similarity"
    assert c.loc[("2004", "510106"), "evidence"] == "chain_2015"
    assert c.loc[("2004", "510106"), "code_2021"] == "410107"


def test_similar_but_different_names_are_not_mapped() -> None:
    records = pd.DataFrame([(2015, "s1", "520103", "路政管理", "2004")], columns=["year", "college", "code", "name", "edition"])
    cat = pd.DataFrame({"code": ["590206"], "level": "major", "name_zh": ["行政管理"]})
    c = build_concordance(records, cat)
    assert c.loc[0, "evidence"] == "unmapped"


def test_official_pairs_win() -> None:
    records = pd.DataFrame([(2020, "s1", "630302", "会计", "2015"), (2015, "s1", "620203", "会计", "2004")], columns=["year", "college", "code", "name", "edition"])
    cat = pd.DataFrame({"code": ["530302", "530399"], "level": "major", "name_zh": ["大数据与会计", "会计"]})
    off = pd.DataFrame({"old_edition": ["2015"], "old_code": ["630302"], "code_2021": ["530302"]})
    c = build_concordance(records, cat, off).set_index(["old_edition", "old_code"])
    assert c.loc[("2015", "630302"), "evidence"] == "official" and c.loc[("2015", "630302"), "code_2021"] == "530302"
    assert c.loc[("2004", "620203"), "evidence"] == "exact_name"


@pytest.mark.slow
def test_packaged_concordance_is_reproducible_from_the_register() -> None:
    """The committed CSV is exactly what the script builds from data/sample/programmes."""
    from talentcast.ingest.register_concordance import concordance_from_files

    files = sorted((resource_path("data") / "sample" / "programmes").glob("*.txt.gz"))
    cat = pd.read_csv(resource_path("data") / "reference" / "vocational_majors_2021.csv", dtype=str, keep_default_na=False)
    built = concordance_from_files(files, cat).fillna("").astype(str)
    committed = pd.read_csv(CONC, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(built.reset_index(drop=True), committed.reset_index(drop=True))
