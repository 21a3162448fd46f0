"""Platform industry labels/codes → GB/T 4754-2017 (talentcast.crosswalk.platform_industries)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from hypothesis import given, settings
from hypothesis import strategies as hst

from talentcast.crosswalk.platform_industries import (
    PLATFORMS,
    map_platform_industries,
    normalise_label,
    platform_maps_dir,
    platform_of,
    read_platform_maps,
)
from talentcast.errors import ValidationError
from talentcast.reference import industries

FIXTURE = Path(__file__).parent / "data" / "crosswalk_staffing" / "zhaopin_2019_beijing_subset.csv"


@pytest.fixture(scope="module")
def maps() -> pd.DataFrame:
    return read_platform_maps()


@pytest.fixture(scope="module")
def zhaopin() -> pd.DataFrame:
    return pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)


def test_every_platform_has_a_valid_packaged_map(maps):
    assert {p.stem for p in platform_maps_dir().glob("*.csv")} == set(PLATFORMS)
    assert set(maps["platform"]) == set(PLATFORMS)
    mapped = maps[maps["gbt_code"] != ""]
    ind = industries()
    assert all(ind.get(c).level in ("division", "section") for c in mapped["gbt_code"].unique())
    sums = mapped.groupby(["platform", "key"])["weight"].sum()
    assert ((sums - 1).abs() < 1e-9).all()
    # Every row says why (the label is the fact; the mapping is a documented judgement).
    assert (maps["note"].str.strip() != "").all()


def test_zhaopin_codes_agree_with_the_sample_files(zhaopin, maps):
    """The code present in (nearly) every record of a city_industry file is that industry's code.

    The map's label for that code must name the file's industry: this is the evidence the
    zhaopin rows rest on, re-checked on real records.
    """
    zl = maps[maps["platform"] == "zhaopin"].drop_duplicates("key").set_index("key")["label_zh"]
    expected_words = {"IT服务": "IT服务", "互联网_电子商务": "互联网/电子商务", "网络游戏": "网络游戏",
                      "计算机硬件": "计算机硬件", "计算机软件": "计算机软件"}
    for cat, grp in zhaopin.groupby("file_category"):
        codes = grp["industry_raw"].str.split(",").explode().map(normalise_label)
        share = codes.groupby(codes).size() / len(grp)
        top = share.idxmax()
        assert share[top] >= 0.9, (cat, share.sort_values().tail())
        assert top in zl.index, f"{cat}: its code {top} is not mapped"
        assert expected_words[cat] in zl[top]


def test_weights_sum_to_one_per_posting_and_nothing_is_dropped(zhaopin):
    mapped, unknown = map_platform_industries(zhaopin)
    sums = mapped.groupby("posting_id")["weight"].sum()
    assert ((sums - 1).abs() < 1e-9).all()
    # Every posting of the sample carries at least one code whose meaning is established.
    assert set(sums.index) == set(zhaopin["posting_id"])
    # Codes whose meaning is not established are reported with their counts.
    assert len(unknown) > 0 and (unknown["count"] > 0).all()
    assert set(unknown["reason"]) == {"unknown_label"}
    has = zhaopin["industry_raw"].str.split(",").map(lambda xs: "201100" in [x.strip() for x in xs])
    n_with = zhaopin.loc[has, "posting_id"].nunique()  # counts are postings, not rows
    row = unknown[unknown["label"] == "201100"]
    assert n_with > 0 and int(row["count"].iloc[0]) == n_with


def test_multiple_labels_share_a_posting_equally_and_weights_split_within():
    df = pd.DataFrame({
        "posting_id": ["a", "b"],
        "source": ["zhaopin", "智联招聘"],
        "industry_raw": [" 160400,210500", "160200, 999999"],
    })
    mapped, unknown = map_platform_industries(df)
    a = mapped[mapped["posting_id"] == "a"].set_index("industry_code")["weight"]
    # 160400 → 65 (1.0); 210500 → 64 .6, 52 .3, 51 .1; each label gets half of the posting.
    assert a["65"] == pytest.approx(0.5)
    assert a["64"] == pytest.approx(0.3)
    assert a["52"] == pytest.approx(0.15)
    assert a["51"] == pytest.approx(0.05)
    b = mapped[mapped["posting_id"] == "b"].set_index("industry_code")["weight"]
    assert b.to_dict() == {"39": pytest.approx(1.0)}
    assert unknown.to_dict("records") == [{"label": "999999", "source": "智联招聘", "count": 1, "reason": "unknown_label"}]


def test_labels_are_matched_by_meaning_of_their_spelling_not_split_blindly():
    df = pd.DataFrame({
        "posting_id": [1, 2, 3, 4, 5, 6],
        "source": ["51job", "前程无忧", "lagou", "liepin", "boss", "猎聘"],
        # full-width brackets; a label containing a full-width comma; two 拉勾 labels;
        # a liepin code; an unknown label; a label unmappable on purpose
        "industry_raw": ["专业服务（咨询、人力资源、财会）", "检测，认证", "移动互联网,金融", "040",
                         "不存在的行业", "其他"],
    })
    mapped, unknown = map_platform_industries(df)
    by = mapped.groupby("posting_id")
    assert by.get_group(1).set_index("industry_code")["weight"].to_dict() == {"72": pytest.approx(1.0)}
    assert by.get_group(2).set_index("industry_code")["weight"].to_dict() == {"74": pytest.approx(1.0)}
    lg = by.get_group(3).set_index("industry_code")["weight"]
    assert lg["64"] == pytest.approx(0.5) and lg.sum() == pytest.approx(1.0)
    assert set(by.get_group(4)["industry_code"]) == {"64", "52", "51"}
    assert 5 not in set(mapped["posting_id"]) and 6 not in set(mapped["posting_id"])
    reasons = unknown.set_index("label")["reason"].to_dict()
    assert reasons == {"不存在的行业": "unknown_label", "其他": "unmappable"}


def test_unknown_platform_is_reported_not_dropped():
    df = pd.DataFrame({"posting_id": [1, 2], "source": ["jobsdb", "jobsdb"], "industry_raw": ["计算机软件", "计算机软件"]})
    mapped, unknown = map_platform_industries(df)
    assert mapped.empty
    assert unknown.to_dict("records") == [{"label": "计算机软件", "source": "jobsdb", "count": 2,
                                           "reason": "unknown_platform"}]


def test_empty_and_blank_inputs():
    mapped, unknown = map_platform_industries(pd.DataFrame({"source": [], "industry_raw": []}))
    assert mapped.empty and unknown.empty and list(mapped.columns) == ["posting_id", "industry_code", "weight"]
    mapped, unknown = map_platform_industries(pd.DataFrame({"source": ["zhaopin", "zhaopin"], "industry_raw": ["", None]}))
    assert mapped.empty and unknown.empty


def test_platform_names():
    assert platform_of("zhaopin_2019") == "zhaopin"
    assert platform_of("51job_2023") == "51job"
    assert platform_of("BOSS直聘") == "boss"
    assert platform_of("拉勾") == "lagou"
    assert platform_of("nowhere") is None


def test_bad_map_is_rejected_with_every_problem(tmp_path):
    bad = pd.DataFrame([
        ["zhaopin", "x", "x", "65", "0.5", "n"],
        ["zhaopin", "y", "y", "Z9", "1", "n"],
        ["monster", "z", "z", "65", "1", "n"],
    ], columns=["platform", "label_or_code", "label_zh", "gbt_code", "weight", "note"])
    bad.to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(ValidationError) as exc:
        read_platform_maps(tmp_path)
    text = str(exc.value)
    assert "weights sum to 0.5" in text and "'Z9'" in text and "'monster'" in text


_LABELS = ["计算机软件", "互联网/电子商务", "房地产", "银行", "其他", "不存在", "农/林/牧/渔", "汽车零配件", "07", "32"]


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(hst.lists(hst.lists(hst.sampled_from(_LABELS), min_size=1, max_size=4), min_size=1, max_size=12))
def test_any_mix_of_labels_gives_weights_summing_to_one(fields):
    df = pd.DataFrame({"posting_id": range(len(fields)), "source": "51job", "industry_raw": [",".join(f) for f in fields]})
    mapped, unknown = map_platform_industries(df)
    sums = mapped.groupby("posting_id")["weight"].sum()
    assert ((sums - 1).abs() < 1e-9).all()
    known = {"计算机软件", "互联网/电子商务", "房地产", "银行", "农/林/牧/渔", "汽车零配件", "07", "32"}
    expect_mapped = {i for i, f in enumerate(fields) if set(f) & known}
    assert set(sums.index) == expect_mapped
    # every unknown or unmappable label is accounted for, with the number of postings carrying it
    for label in ("其他", "不存在"):
        n = sum(label in f for f in fields)
        got = unknown.loc[unknown["label"] == label, "count"].sum()
        assert got == n
