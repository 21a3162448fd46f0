"""Group registry: the packaged 20 groups, coverage, leads, overrides and validation errors."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from talentcast.errors import CodeError, RegistryError
from talentcast.reference import (
    LEAD_EVIDENCE,
    colleges,
    load_registry,
    majors,
    packaged_registry_path,
    reference_dir,
)

FIXTURES = Path(__file__).parent / "data" / "reference" / "registry"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def _problems(workspace: Path | str) -> tuple[str, list[str]]:
    with pytest.raises(RegistryError) as exc:
        load_registry(workspace=workspace)
    return str(exc.value), exc.value.problems


# ---------------------------------------------------------------- packaged registry
def test_twenty_groups_with_ascii_unique_ids(registry):
    assert len(registry) == 20
    assert len(set(registry.ids)) == 20
    assert all(i.isascii() and i == i.lower() for i in registry.ids)
    assert {"mechanical-design", "electromechanical-automation", "electronics-it", "health"} <= set(registry.ids)


def test_every_higher_vocational_class_covered_exactly_once(registry):
    hv_classes = [c.code for c in majors("higher_vocational").level("class")]
    owners = [c for g in registry for c in g.classes]
    assert sorted(owners) == sorted(hv_classes)  # exactly once each, nothing else
    assert registry.uncovered_classes() == []
    # All 19 categories covered; 46 by exactly two groups, every other by one.
    by_cat = {}
    for g in registry:
        for cat in g.categories:
            by_cat.setdefault(cat, []).append(g.id)
    assert sorted(by_cat) == [str(n) for n in range(41, 60)]
    assert sorted(by_cat["46"]) == ["electromechanical-automation", "mechanical-design"]
    assert all(len(v) == 1 for k, v in by_cat.items() if k != "46")


def test_equipment_split_by_class_name(registry):
    assert registry.group_for_class("4601").id == "mechanical-design"
    assert registry.group_for_class("4607").id == "mechanical-design"
    assert registry.group_for_class("4602").id == "electromechanical-automation"
    assert registry.group_for_class("4603").id == "electromechanical-automation"


def test_group_for_major_and_undergraduate_classes(registry):
    assert registry.group_for_major("460305").id == "electromechanical-automation"  # 工业机器人技术
    assert registry.group_for_major("510201").id == "electronics-it"
    # Vocational-undergraduate codes (21-39) follow their higher-vocational counterpart.
    assert registry.group_for_class("2603").id == "electromechanical-automation"
    assert registry.group_for_class("3102").id == "electronics-it"
    cmap = registry.class_map()
    assert len(cmap) == len(majors().level("class"))
    with pytest.raises(CodeError, match="not a class"):
        registry.group_for_class("460305")
    with pytest.raises(CodeError, match="unknown"):
        registry.group_for_class("4699")


def test_get_unknown_id_names_closest(registry):
    assert registry.get("health").name_zh == "河南省医药卫生骨干职业教育集团"
    with pytest.raises(CodeError, match="unknown group id 'helth'; closest: health"):
        registry.get("helth")


def test_leads_match_sources_and_resolve_in_college_list(registry):
    rows = list(csv.DictReader((reference_dir() / "henan_groups.csv").open(encoding="utf-8")))
    assert len(rows) == 15
    by_name = {g.name_zh: g for g in registry}
    col = colleges().set_index("moe_code")["name"]
    for r in rows:
        g = by_name[r["group_name_zh"]]  # every sourced group is in the registry under its name
        assert not g.name_provisional
        assert g.lead_evidence == r["lead_evidence"]
        assert g.source_url == r["source_url"]
        if r["lead_evidence"] == "host_only":
            # A host is not a stated lead: kept as host, never shown as lead.
            assert g.lead_institution == "" and g.host_institution == r["lead_institution"]
            assert col[g.host_college_code] == g.host_institution
            assert g.lead_display.startswith("unknown")
        else:
            assert g.lead_institution == r["lead_institution"]  # empty stays empty
        if g.lead_institution:
            assert col[g.lead_college_code] == g.lead_institution
            assert g.lead_display == f"{g.lead_institution} ({g.lead_evidence})"
        else:
            assert g.lead_college_code == ""
    # 7 stated + 2 host_implied + 2 inferred
    assert sum(bool(g.lead_institution) for g in registry) == 11


def test_unsourced_groups_are_provisional_with_unknown_lead(registry):
    provisional = {g.id for g in registry if g.name_provisional}
    assert provisional == {"civil-construction", "transport", "tourism", "culture-arts", "public-security-justice"}
    for gid in provisional:
        g = registry.get(gid)
        assert g.lead_institution == "" and g.lead_evidence == "unknown" and g.lead_display == "unknown"
    assert all(g.lead_evidence in LEAD_EVIDENCE for g in registry)


def test_packaged_registry_has_no_members(registry):
    assert all(g.members == () for g in registry)
    assert registry.members_frame().empty


def test_to_frame(registry):
    df = registry.to_frame()
    assert len(df) == 20 and df["group_id"].is_unique
    assert df["n_classes"].sum() == 97
    row = df.set_index("group_id").loc["agriculture"]
    assert row["classes"] == "4101;4102;4103;4104" and row["lead_college_code"] == "4141013790"


# ---------------------------------------------------------------- overrides
def test_workspace_override_adds_members_and_keeps_other_fields():
    reg = load_registry(workspace=FIXTURES / "demo")
    g = reg.get("electronics-it")
    assert [m.synthetic for m in g.members] == [True, True, False]
    assert g.lead_institution == "郑州铁路职业技术学院"  # not overridden
    assert len(g.classes) == 4
    assert len(reg) == 20 and len(reg.files) == 2
    mf = reg.members_frame()
    assert len(mf) == 4 and mf["synthetic"].sum() == 3


def test_workspace_without_file_uses_packaged(tmp_path):
    assert len(load_registry(workspace=tmp_path)) == 20


def test_replace_true_uses_workspace_file_alone():
    reg = load_registry(workspace=FIXTURES / "replace_small", complete=False)
    assert reg.ids == ["it-only"]
    with pytest.raises(RegistryError, match="covers no group for classes"):
        load_registry(workspace=FIXTURES / "replace_small")


def test_explicit_path(tmp_path):
    p = tmp_path / "mine.toml"
    shutil.copy(packaged_registry_path(), p)
    assert load_registry(p).files == (p,)


# ---------------------------------------------------------------- malformed registries
def test_toml_syntax_error_names_file_and_line():
    msg, problems = _problems(FIXTURES / "syntax")
    assert len(problems) == 1
    assert str(FIXTURES / "syntax" / "groups.toml") in msg
    assert "TOML syntax error" in msg and "line 5" in msg


def test_toml_unclosed_at_end_of_document(tmp_path):
    (tmp_path / "groups.toml").write_text('[[group]]\nid = "health"\nclasses = ["5201"\n', encoding="utf-8")
    msg, problems = _problems(tmp_path)
    assert len(problems) == 1 and "TOML syntax error" in msg and "3 lines" in msg


def test_duplicate_id():
    msg, _ = _problems(FIXTURES / "duplicate")
    assert "duplicate id 'robotics'" in msg and "group #2" in msg


def test_non_ascii_id():
    msg, _ = _problems(FIXTURES / "nonascii")
    assert "id '农业' is not ASCII" in msg
    assert "nonascii/groups.toml: group #1 (line 1)" in msg


def test_unknown_class_code_names_entry_and_closest():
    msg, problems = _problems(FIXTURES / "unknown_class")
    assert len(problems) == 1
    assert "id 'health'" in msg and "unknown class code '5299'" in msg and "closest" in msg


def test_class_covered_by_two_groups():
    msg, _ = _problems(FIXTURES / "two_groups")
    assert "class '4603' (自动化类) is covered by two groups" in msg
    assert "'electromechanical-automation'" in msg and "'robotics'" in msg


def test_missing_field_and_typo_field():
    msg, problems = _problems(FIXTURES / "missing_field")
    assert "missing required field 'name_zh'" in msg
    assert "missing required field 'classes'" in msg
    assert "unknown field 'clases' (did you mean 'classes'?)" in msg
    assert all("missing_field/groups.toml: group #1" in p for p in problems)


def test_member_problems_all_reported():
    msg, problems = _problems(FIXTURES / "bad_member")
    assert "synthetic member uses the real college code '4141014466'" in msg
    assert "college code '4100000000' is not in the college list" in msg
    assert "member #3: missing field(s) synthetic" in msg
    assert len(problems) == 3


def test_host_only_cannot_be_a_lead_and_lead_code_must_match():
    msg, problems = _problems(FIXTURES / "host_as_lead")
    assert "lead_evidence is 'host_only', which names no lead" in msg
    assert "lead_college_code '4141010824' is 河南职业技术学院, not the lead '河南经贸职业学院'" in msg
    assert len(problems) == 2


def test_removed_group_leaves_classes_uncovered():
    msg, _ = _problems(FIXTURES / "uncovered")
    assert "5401 旅游类" in msg and "5402 餐饮类" in msg


def test_all_problems_collected_at_once(tmp_path):
    (tmp_path / "groups.toml").write_text(
        '[[group]]\nid = "Bad Id"\nname_zh = "x"\ncategories = ["99"]\nclasses = ["2603"]\n'
        '[[group]]\nid = "health"\nlead_evidence = "rumour"\n',
        encoding="utf-8",
    )
    msg, problems = _problems(tmp_path)
    assert "id 'Bad Id' must be lower-case" in msg
    assert "unknown category code '99'" in msg
    assert "class '2603' (自动化类) is a vocational-undergraduate class; list '4603'" in msg
    assert "lead_evidence 'rumour' is not one of" in msg
    assert "group #2 (line 6) id 'health'" in msg
    assert len(problems) >= 4


def test_not_utf8(tmp_path):
    (tmp_path / "groups.toml").write_bytes('[[group]]\nid = "x"\nname_zh = "集团"\n'.encode("gbk"))
    msg, _ = _problems(tmp_path)
    assert "not UTF-8" in msg


def test_override_of_lead_relinks_college_code(tmp_path):
    # Hypothetical override (test data only, NOT a claim about who leads 水利): setting a lead
    # without a college code links the code from the college list by name.
    (tmp_path / "groups.toml").write_text(
        '[[group]]\nid = "water-conservancy"\nlead_institution = "河南职业技术学院"\n'
        'lead_evidence = "stated"\nsource_url = "https://example.org/test-fixture"\n'
        '[[group]]\nid = "electronics-it"\nlead_institution = ""\nlead_evidence = "unknown"\n',
        encoding="utf-8",
    )
    reg = load_registry(workspace=tmp_path)
    g = reg.get("water-conservancy")
    assert g.lead_college_code == "4141010824" and g.lead_display == "河南职业技术学院 (stated)"
    e = reg.get("electronics-it")
    assert e.lead_institution == "" and e.lead_college_code == "" and e.lead_display == "unknown"
    assert "groups.toml" in g.origin and str(tmp_path) in g.origin


def test_new_group_taking_classes_from_another(tmp_path):
    (tmp_path / "groups.toml").write_text(
        '[[group]]\nid = "catering"\nname_zh = "示例餐饮集团"\ncategories = ["54"]\nclasses = ["5402"]\n'
        '[[group]]\nid = "tourism"\nclasses = ["5401"]\n',
        encoding="utf-8",
    )
    reg = load_registry(workspace=tmp_path)
    assert len(reg) == 21
    assert reg.group_for_class("5402").id == "catering"
    assert reg.group_for_class("3402").id == "catering"  # undergraduate 餐饮类 follows
    assert [g.id for g in reg.groups_for_category("54")] == ["tourism", "catering"]


def test_class_listed_twice_in_one_group(tmp_path):
    (tmp_path / "groups.toml").write_text(
        '[[group]]\nid = "tourism"\nclasses = ["5401", "5402", "5401"]\n', encoding="utf-8"
    )
    msg, problems = _problems(tmp_path)
    assert problems == [p for p in problems if "classes list a code twice: ['5401']" in p]
    assert len(problems) == 1 and "id 'tourism'" in msg
