"""Reference classifications, regions, colleges and the group registry.

Public API::

    from talentcast.reference import industries, majors, occupations, regions, colleges
    industries().validate("C38").code               # '38' (section letter accepted)
    industries().section_of("3811").code            # 'C'
    majors("higher_vocational").class_of("460301")  # Code('4603', 'class', '自动化类', '46', …)
    regions().resolve("浙江省宁波").code             # '330200'
    regions().resolve_many(postings["region_raw"])  # region_code, region_level, region_name
    colleges()                                      # Henan colleges, moe_code + city_code
    reg = load_registry(workspace=ws)               # packaged groups.toml + ws/groups.toml
    reg.group_for_major("460301").id                # 'electromechanical-automation'
    reg.get("health").lead_display                  # '河南医学高等专科学校 (stated)'

Unknown codes raise :class:`talentcast.errors.CodeError` naming the closest codes; a bad
registry raises :class:`talentcast.errors.RegistryError` listing every problem.

Data and sources: ``data/reference`` (SOURCES.md, README.md).
"""

from __future__ import annotations

from .classification import Classification, Code
from .registry import LEAD_EVIDENCE, PROVINCE_GROUP, Group, Member, Registry, load_registry, packaged_registry_path
from .tables import (
    HIGHER_VOCATIONAL,
    VOCATIONAL_UNDERGRADUATE,
    Industries,
    Majors,
    Regions,
    college,
    colleges,
    industries,
    majors,
    occupations,
    reference_dir,
    regions,
)

__all__ = [
    "HIGHER_VOCATIONAL",
    "VOCATIONAL_UNDERGRADUATE",
    "Classification",
    "Group",
    "LEAD_EVIDENCE",
    "PROVINCE_GROUP",
    "Member",
    "Registry",
    "load_registry",
    "packaged_registry_path",
    "Code",
    "Industries",
    "Majors",
    "Regions",
    "college",
    "colleges",
    "industries",
    "majors",
    "occupations",
    "reference_dir",
    "regions",
]
