"""Structural properties of every packaged classification, bulk region parsing, pickling."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcast.reference import industries, load_registry, majors, occupations, regions

ALL = {"industries": industries, "majors": majors, "occupations": occupations, "regions": regions}


@pytest.mark.parametrize("name", sorted(ALL))
def test_hierarchy_is_consistent(name):
    cl = ALL[name]()
    depth = {lvl: i for i, lvl in enumerate(cl.levels)}
    for c in cl:
        assert cl.validate(c.code) is c
        chain = cl.ancestors(c.code)
        # One step up per level, ending at a top-level code.
        assert [depth[a.level] for a in chain] == list(range(depth[c.level] - 1, -1, -1))
        if c.parent:
            assert c in cl.children(c.parent)
    assert sum(len(cl.children(c.code)) for c in cl) + len(cl.children(None)) == len(cl)


def test_industry_codes_follow_their_parents():
    ind = industries()
    for c in ind:
        if c.level in ("group", "class"):
            assert c.code.startswith(c.parent)
        if c.level != "section":
            assert ind.section_of(c.code).code == c.section


def test_major_codes_follow_their_parents():
    for c in majors():
        if c.parent:
            assert c.code.startswith(c.parent)


def test_codes_pickle_and_hash():
    c = industries().validate("3811")
    back = pickle.loads(pickle.dumps(c))
    assert back == c and back.section == "C" and hash(back) == hash(c)
    assert len({c, back}) == 1
    g = load_registry().get("health")
    assert pickle.loads(pickle.dumps(g)) == g


def test_resolve_many_aligns_with_index():
    s = pd.Series(["郑州", None, "浙江省宁波", "不知道", "郑州"], index=[10, 11, 12, 13, 14])
    out = regions().resolve_many(s)
    assert list(out.index) == [10, 11, 12, 13, 14]
    assert out["region_code"].tolist()[0] == "410100" and out["region_code"].tolist()[2] == "330200"
    assert out["region_code"].isna().tolist() == [False, True, False, True, False]
    assert out.loc[12, "region_level"] == "city"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=12))
def test_resolve_never_raises(text):
    got = regions().resolve(text)
    assert got is None or got.code in regions()


@pytest.mark.slow
@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.text(max_size=8))
def test_get_never_raises_and_validate_raises_only_code_error(text):
    from talentcast.errors import CodeError

    for cl in (industries(), majors(), occupations()):
        found = cl.get(text)
        try:
            assert cl.validate(text) == found
        except CodeError:
            assert found is None


def test_groups_for_category():
    reg = load_registry()
    assert [g.id for g in reg.groups_for_category("46")] == ["mechanical-design", "electromechanical-automation"]
    assert [g.id for g in reg.groups_for_category("31")] == ["electronics-it"]
