"""Demand by post: the class → 大典 2022 occupation crosswalk and mart_posts, on committed fixtures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentcast.analysis.posts import MART_POSTS_COLUMNS, STATUSES, observed_links, posts_mart
from talentcast.crosswalk.class_occupations import (
    COLUMNS,
    PROVENANCES,
    assign_occupations,
    default_path,
    load_crosswalk,
    occupation_core,
    read_crosswalk,
    workspace_path,
)
from talentcast.errors import ValidationError
from talentcast.reference import load_registry, majors, occupations

FIXTURES = Path(__file__).parent / "data" / "crosswalk" / "posts"


@pytest.fixture(scope="module")
def occ() -> pd.DataFrame:
    return occupations().frame


@pytest.fixture(scope="module")
def class_names() -> dict[str, str]:
    cat = majors("higher_vocational").frame
    cls = cat[cat["level"] == "class"]
    return dict(zip(cls["code"].astype(str), cls["name"].astype(str)))


@pytest.fixture(scope="module")
def links(occ, class_names) -> pd.DataFrame:
    return read_crosswalk(FIXTURES / "links.csv", occ, class_names)


@pytest.fixture(scope="module")
def postings() -> pd.DataFrame:
    p = pd.read_csv(FIXTURES / "postings.csv", dtype={"major_class": str, "region_code": str})
    return p.astype({"is_duplicate": bool, "is_vocational": bool})


@pytest.fixture(scope="module")
def mart(links, postings, occ) -> pd.DataFrame:
    pairs = pd.DataFrame({"group_id": ["g1", "g1", "g2"], "major_class": ["4601", "5303", "5303"]})
    return posts_mart(pairs, postings, links, occ, region="410000", min_postings=5)


def _row(mart: pd.DataFrame, group: str, code: str) -> pd.Series:
    hit = mart[(mart["group_id"] == group) & (mart["occupation_code"] == code)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def test_occupation_core_strips_generic_endings_but_keeps_short_names():
    assert occupation_core("会计专业人员") == "会计"
    assert occupation_core("计算机程序设计员") == "计算机程序设计"
    assert occupation_core("机械设计工程技术人员") == "机械设计"
    assert occupation_core("车工") == "车工"  # stripping 工 would leave one character
    assert occupation_core("导游") == "导游"


def test_packaged_crosswalk_uses_only_real_2022_codes_and_covers_every_class(occ, class_names):
    links = load_crosswalk(None)  # validates every code and name against occupations_2022.csv
    real = occ[occ["level"] == "occupation"].set_index("code")["name"]
    assert links["occupation_code"].isin(real.index).all()
    assert (links["occupation_name_zh"].to_numpy() == real.reindex(links["occupation_code"]).to_numpy()).all()
    assert set(links["major_class"]) == set(class_names)
    assert links.groupby("major_class").size().min() >= 4
    assert links["provenance"].isin(PROVENANCES).all()
    assert (links["evidence"].str.len() > 10).all()
    # A link claimed from KB terms names them; an expert link says it is judgement.
    kb = links[links["provenance"] == "kb_terms"]
    assert kb["evidence"].str.contains("names it:").all()
    assert links.loc[links["provenance"] == "expert", "evidence"].str.startswith("expert judgement").all()


def test_every_group_has_at_least_five_linked_occupations():
    links = load_crosswalk(None)
    for g in load_registry().groups:
        n = links.loc[links["major_class"].isin(g.classes), "occupation_code"].nunique()
        assert n >= 5, (g.id, n)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("4601,,6-18-01-99,车工,,KB says so,kb_terms", "not an occupation (细类) code"),
        ("4601,,6-18-01-01,数控车工,,KB says so,kb_terms", "is '车工' in the 大典 2022"),
        ("9999,,6-18-01-01,车工,,KB says so,kb_terms", "'9999' is not a higher-vocational major class"),
        ("4601,,6-18-01-01,车工,,,kb_terms", "needs its evidence"),
        ("4601,,6-18-01-01,车工,,KB says so,guess", "provenance 'guess'"),
    ],
)
def test_a_bad_link_is_an_error_naming_the_line(tmp_path, occ, class_names, line, message):
    bad = tmp_path / "links.csv"
    bad.write_text(",".join(COLUMNS) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        read_crosswalk(bad, occ, class_names)
    text = str(err.value) + " ".join(getattr(err.value, "details", []) or [])
    assert f"{bad}:2" in text and message in text


def test_workspace_override_replaces_the_classes_it_names(tmp_path):
    target = workspace_path(tmp_path)
    target.parent.mkdir(parents=True)
    target.write_text((FIXTURES / "links.csv").read_text(encoding="utf-8"), encoding="utf-8")
    merged = load_crosswalk(tmp_path)
    packaged = load_crosswalk(None)
    assert sorted(merged.loc[merged["major_class"] == "4601", "occupation_code"]) == ["2-02-07-01", "6-18-01-01", "6-18-02-04"]
    # Classes the workspace does not name keep the packaged links.
    pd.testing.assert_frame_equal(
        merged[merged["major_class"] == "5102"].reset_index(drop=True), packaged[packaged["major_class"] == "5102"].reset_index(drop=True)
    )
    assert default_path().is_file()


def test_titles_go_to_the_longest_matching_term_of_their_own_class(links):
    titles = pd.Series(["数控车工", "氩弧焊工", "出纳", "车工", "机修工"])
    classes = pd.Series(["4601", "4601", "5303", "5303", "4601"])
    got = assign_occupations(titles, classes, links).tolist()
    # 车工 in class 5303 names no link of 5303; 机修工 names none of 4601.
    assert got == ["6-18-01-01", "6-18-02-04", "2-06-03-00", "", ""]


def test_mart_counts_region_postings_only_once_and_only_vocational(mart):
    assert list(mart.columns) == MART_POSTS_COLUMNS
    lathe = _row(mart, "g1", "6-18-01-01")
    # Five Henan postings name 车工; the duplicate, the Guangdong one and the 本科 one do not count.
    assert lathe["n_postings_region"] == 5
    assert lathe["status"] == "observed"
    assert lathe["salary_cny_month_median"] == 6000.0  # mid-points 6000, 7000, 5000, 4000, 6000
    assert lathe["share_of_openings"] == pytest.approx(5 / 8)  # 8 Henan postings of class 4601
    assert "5 region 41 postings" in lathe["evidence"] and lathe["provenance"] == "kb_terms"


def test_mart_hides_pay_below_the_minimum_and_share_for_thin_classes(mart):
    weld = _row(mart, "g1", "6-18-02-04")
    assert weld["n_postings_region"] == 2 and weld["status"] == "too_few_postings"
    assert np.isnan(weld["salary_cny_month_median"])
    assert weld["share_of_openings"] == pytest.approx(2 / 8)
    design = _row(mart, "g1", "2-02-07-01")
    assert design["n_postings_region"] == 0 and design["status"] == "no_postings"
    # Class 5303 has 2 Henan postings (< 5): no share for any of its posts.
    acc = mart[mart["major_class"] == "5303"]
    assert set(acc["group_id"]) == {"g1", "g2"}
    assert acc["share_of_openings"].isna().all()
    assert _row(mart, "g2", "2-06-03-00")["n_postings_region"] == 2


def test_mart_orders_posts_by_postings_and_uses_known_statuses(mart):
    g1 = mart[(mart["group_id"] == "g1") & (mart["major_class"] == "4601")]
    assert g1["occupation_code"].tolist() == ["6-18-01-01", "6-18-02-04", "2-02-07-01"]
    assert mart["status"].isin(STATUSES).all()


def test_links_seen_only_in_postings_need_the_minimum(occ):
    titles = ["工业机器人系统操作员（长白班）", "工业机器人系统操作员", "机器人系统操作员"]
    posts = pd.DataFrame({"title": titles, "major_class": "4601", "salary_cny_month": np.nan, "occupation_code": ""})
    two = observed_links(posts, occ, min_postings=2)
    code = occ.loc[occ["name"] == "工业机器人系统操作员", "code"].iloc[0]
    assert two[["major_class", "occupation_code", "provenance"]].values.tolist() == [["4601", code, "postings"]]
    assert observed_links(posts, occ, min_postings=3).empty


def test_mart_with_no_postings_lists_the_crosswalk_alone(links, occ):
    pairs = pd.DataFrame({"group_id": ["g1"], "major_class": ["4601"]})
    out = posts_mart(pairs, pd.DataFrame(), links, occ, region="410000", min_postings=5)
    assert len(out) == 3 and (out["status"] == "no_postings").all() and (out["n_postings_region"] == 0).all()
