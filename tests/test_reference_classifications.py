"""Reference classifications: counts per level, lookups, hierarchy, search, validation."""

from __future__ import annotations

import pandas as pd
import pytest

from talentcast.errors import CodeError, TalentcastError
from talentcast.reference import (
    Code,
    colleges,
    industries,
    majors,
    occupations,
    reference_dir,
    regions,
)


# ---------------------------------------------------------------- counts per level
def test_industry_counts_per_level():
    assert industries().counts() == {"section": 20, "division": 97, "group": 473, "class": 1381}
    assert len(industries()) == 20 + 97 + 473 + 1381


def test_major_counts_per_level_and_education_level():
    hv = majors("higher_vocational_specialist")
    assert hv.counts() == {"category": 19, "class": 97, "major": 771}
    ug = majors("vocational_undergraduate")
    assert ug.counts() == {"category": 19, "class": 92, "major": 298}
    assert len(majors()) == len(hv) + len(ug)
    # Aliases name the same level.
    assert len(majors("专科")) == len(hv) and len(majors("职业本科")) == len(ug)
    assert all(c.code[:2] >= "41" for c in hv)
    assert all("21" <= c.code[:2] <= "39" for c in ug)


def test_secondary_majors_are_a_documented_gap():
    with pytest.raises(CodeError, match="secondary.*not packaged"):
        majors("secondary")
    with pytest.raises(CodeError, match="unknown education level"):
        majors("postgraduate")


def test_occupation_counts():
    counts = occupations().counts()
    assert counts["major_group"] == 8 and counts["middle_group"] == 79
    assert counts["minor_group"] >= 449 and counts["occupation"] >= 1636


def test_region_counts():
    reg = regions()
    assert len(reg.level("province")) == 31
    henan = reg.henan_cities()
    assert len(henan) == 18
    assert [c.code for c in henan][:3] == ["410100", "410200", "410300"]
    assert "419001" in {c.code for c in henan}
    assert all(c.parent == "410000" for c in henan)
    # Every city's parent is a province whose code shares its first two digits.
    for c in reg.level("city"):
        assert c.parent[:2] == c.code[:2] and reg.get(c.parent).level == "province"


# ---------------------------------------------------------------- lookups and hierarchy
def test_industry_lookup_parents_children():
    ind = industries()
    c = ind.get("3811")
    assert isinstance(c, Code) and c.level == "class" and c.parent == "381"
    assert ind.parent("3811").code == "381"
    assert [a.code for a in ind.ancestors("3811")] == ["381", "38", "C"]
    assert ind.section_of("3811").code == "C"
    assert ind.section_of("C").code == "C"
    assert ind.division_of("3811").code == "38"
    assert ind.get("C").section == "C"  # extra source columns read as attributes
    kids = ind.children("38")
    assert kids and all(k.parent == "38" and k.level == "group" for k in kids)
    assert ind.children(None)[0].code == "A" and len(ind.children(None)) == 20
    # Each group's classes are a subset of the class level and sum to 1381.
    assert sum(len(ind.children(g.code)) for g in ind.level("group")) == 1381
    assert ind.parent("A") is None


def test_industry_letter_prefixed_codes_normalise():
    ind = industries()
    assert ind.validate("C38").code == "38"
    assert ind.validate(" c3811 ").code == "3811"
    assert ind.get("c").code == "C"
    with pytest.raises(CodeError, match="belongs to section C"):
        ind.validate("I38")


def test_major_lookups():
    m = majors()
    assert m.validate("460301").name
    assert m.category_of("460301").code == "46"
    assert m.class_of("460301").code == "4603"
    assert m.class_of("4603").code == "4603"
    assert m.category_of("46").name == "装备制造大类"
    assert m.validate("520102k").code == "520102K"  # medical majors carry a K suffix
    assert m.get("460301").education_level == "higher_vocational_specialist"
    assert m.higher_vocational_counterpart("2603") == "4603"
    assert m.higher_vocational_counterpart("4603") == "4603"
    with pytest.raises(CodeError, match="no class above"):
        m.class_of("46")


def test_every_undergraduate_class_has_a_higher_vocational_counterpart():
    m = majors()
    hv = majors("higher_vocational")
    for c in majors("vocational_undergraduate").level("class"):
        twin = hv.get(m.higher_vocational_counterpart(c.code))
        assert twin is not None, c


def test_occupation_lookup():
    o = occupations()
    c = o.validate("2-02-10-01") if o.get("2-02-10-01") else o.level("occupation")[0]
    assert [a.level for a in o.ancestors(c.code)] == ["minor_group", "middle_group", "major_group"]
    assert o.get("4-04").name.startswith("信息传输")


def test_level_unknown_names_the_levels():
    with pytest.raises(CodeError, match="levels are section, division, group, class"):
        industries().level("clas")


# ---------------------------------------------------------------- search
def test_search_substring_and_fuzzy():
    ind = industries()
    hits = ind.search("计算机", limit=5)
    assert hits and all("计算机" in h.name for h in hits)
    assert len(ind.search("制造", limit=3)) == 3
    exact = ind.search("制造业")
    assert exact[0].code == "C"
    # A near miss (typo) still finds the entry by similarity.
    fuzzy = majors().search("工业机器人技朮")
    assert fuzzy and fuzzy[0].name == "工业机器人技术"
    assert ind.search("") == []
    classes = ind.search("计算机", level="class")
    assert classes and all(c.level == "class" for c in classes)


# ---------------------------------------------------------------- validation errors
def test_validate_unknown_industry_names_code_and_closest():
    with pytest.raises(CodeError) as exc:
        industries().validate("C99")
    msg = str(exc.value)
    assert "unknown GB/T 4754-2017 code 'C99'" in msg and "closest:" in msg
    # Suggestions for a section-letter code come from that section (divisions 13-43).
    closest = msg.split("closest:")[1].split("\n")[0]
    assert "43 (" in closest
    assert isinstance(exc.value, TalentcastError)


def test_validate_unknown_class_suggests_neighbours():
    with pytest.raises(CodeError) as exc:
        industries().validate("38999")
    assert "3899" in str(exc.value)
    with pytest.raises(CodeError) as exc:
        majors().validate("469901")
    assert "'469901'" in str(exc.value) and "4607" in str(exc.value)


def test_validate_name_instead_of_code_suggests_by_name():
    with pytest.raises(CodeError) as exc:
        industries().validate("计算机制造业")
    assert "391 (计算机制造)" in str(exc.value)


def test_get_returns_none_and_contains():
    assert industries().get("ZZ") is None
    assert "3811" in industries() and "9999" not in industries()
    assert industries().get(3811).code == "3811"  # ints are codes too


def test_frame_is_a_copy_with_string_codes():
    f = industries().frame
    assert {"code", "level", "name", "parent", "section"} <= set(f.columns)
    assert f["code"].map(type).eq(str).all()
    f.loc[0, "name"] = "changed"
    assert industries().frame.loc[0, "name"] != "changed"


# ---------------------------------------------------------------- regions
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("郑州", "410100"), ("郑州市", "410100"), ("河南省", "410000"), ("河南", "410000"),
        ("济源", "419001"), ("济源市", "419001"), ("410300", "410300"), ("河南省郑州市", "410100"),
        ("河南-洛阳", "410300"), ("郑州市金水区", "410100"), ("浙江省宁波", "330200"),
        ("北京", "110000"), ("北京市朝阳区", "110000"), ("上海", "310000"), ("广州", "440100"),
        ("深圳", "440300"), ("成都", "510100"), ("重庆", "500000"), ("湖北省襄阳", "420600"), ("湖北省十堰", "420000"),
        ("广西壮族自治区", "450000"), ("内蒙古", "150000"), (" 平顶山 ", "410400"),
    ],
)
def test_region_resolve(text, code):
    got = regions().resolve(text)
    assert got is not None and got.code == code


@pytest.mark.parametrize("text", ["", None, "异地招聘", "全国", "火星"])
def test_region_resolve_unknown(text):
    assert regions().resolve(text) is None


def test_region_city_outside_its_province_is_not_matched():
    # 宁波 belongs to 浙江; under 河南 it must not resolve to 宁波.
    got = regions().resolve("河南省宁波")
    assert got is not None and got.code == "410000"


# ---------------------------------------------------------------- colleges
def test_colleges_frame():
    df = colleges()
    assert len(df) == 178
    assert (df["level"] == "专科").sum() == 116
    assert df["moe_code"].str.fullmatch(r"\d{10}").all()
    assert (df["moe_code"].str[-5:] == df["national_code_5"]).all()
    assert df["moe_code"].is_unique
    # Every college joins to a Henan city-level region.
    henan = {c.code for c in regions().henan_cities()}
    assert set(df["city_code"]) <= henan
    jiyuan = df[df["city"] == "济源市"]
    assert (jiyuan["city_code"] == "419001").all() and len(jiyuan) >= 1
    assert pd.api.types.is_bool_dtype(df["is_vocational_undergrad_name"])


def test_packaged_files_keep_sources_and_licence():
    d = reference_dir()
    for name in ["SOURCES.md", "README.md", "LICENSE-henan_colleges_2025-MIT.txt", "regions_gbt2260.csv",
                 "groups.toml"]:
        assert (d / name).is_file(), name
    assert "GB/T 2260" in (d / "SOURCES.md").read_text(encoding="utf-8")


def test_college_lookup():
    from talentcast.reference import college

    assert college("4141010824")["name"] == "河南职业技术学院"
    assert college("10824")["moe_code"] == "4141010824"
    assert college("河南职业技术学院")["city_code"] == "410100"
    with pytest.raises(CodeError, match="closest: 河南职业技术学院"):
        college("河南职业技术学校")


def test_by_name_ignores_width_and_spaces():
    ind = industries()
    assert [c.code for c in ind.by_name("农、林、牧、渔业")] == ["A"]
    assert [c.code for c in ind.by_name(" 制 造 业 ")] == ["C"]
    assert ind.by_name("制造业", level="division") == []
    # Names with brackets match in either width.
    named = next(c for c in ind if "（" in c.name)
    assert named in ind.by_name(named.name.replace("（", "(").replace("）", ")"))


def test_empty_code_is_an_error():
    with pytest.raises(CodeError, match="empty"):
        industries().validate("  ")
    with pytest.raises(CodeError, match="empty"):
        majors().validate(None)
    assert industries().get("") is None


def test_major_codes_from_other_catalogues_are_explained():
    with pytest.raises(CodeError, match="secondary-vocational") as exc:
        majors().validate("700101")
    assert "closest:" in str(exc.value)
    with pytest.raises(CodeError) as exc:
        majors().validate("5999")
    assert "secondary" not in str(exc.value) and "5904 (文秘类)" in str(exc.value)


def test_code_str_is_the_code_and_label_has_the_name():
    c = industries().section_of("3811")
    assert str(c) == "C" and f"410000:{c}" == "410000:C"
    assert c.label == "C 制造业"


def test_frame_has_source_column_aliases():
    f = majors().frame
    assert (f["name_zh"] == f["name"]).all()
    assert f["parent_code"].equals(f["parent"])
    assert f.loc[f["code"] == "46", "parent"].isna().all()


def test_loaders_are_cached_per_canonical_level():
    assert majors("专科") is majors("higher_vocational_specialist") is majors("higher_vocational")
    assert industries() is industries()


def test_a_county_level_place_resolves_to_the_city_above_it_only_when_asked():
    from talentcast.reference import regions

    r = regions()
    assert r.resolve("长葛", counties=True).code == "411000"  # 许昌市
    assert r.resolve("河南省巩义市", counties=True).code == "410100"  # 郑州市
    assert r.resolve("义乌", counties=True).code == "330700"  # 金华市
    assert r.resolve("临夏-永靖县", counties=True) is None  # the whole text names no place …
    assert r.resolve("永靖县", counties=True).code == "620000"  # … its county does: 甘肃 (临夏 not packaged)
    # A name places in two prefectures share names none (朝阳区 of 北京 and 长春, 朝阳市 of 辽宁).
    assert r.resolve("朝阳", counties=True) is None and r.resolve("新华区", counties=True) is None
    # Without counties (statistics rows): a district is not its city.
    assert r.resolve("长葛") is None and r.resolve("河南省巩义市").code == "410000"


def test_the_county_list_is_consistent():
    import pandas as pd

    from talentcast.resources import resource_path

    c = pd.read_csv(resource_path("data") / "reference" / "counties_gbt2260.csv", dtype=str)
    assert c["code"].str.fullmatch(r"\d{6}").all() and c["code"].is_unique
    county = c[c["level"] == "county"]
    assert len(county) > 2800 and (county["prefecture_code"].str[:2] == county["code"].str[:2]).all()
    assert set(c.loc[c["level"] == "prefecture", "code"]) >= {"410100", "411000"}


def test_the_region_list_is_built_once():
    from talentcast.reference import regions

    assert regions() is regions()  # every place string of an ingest asks it; building it costs ~20 ms
