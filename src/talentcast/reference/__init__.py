"""Reference classifications, regions, colleges and the group registry.

Public API::

    from talentcast.reference import industries, majors, occupations, regions, colleges
    industries().validate("3811").name            # '金属结构制造' …
    industries().section_of("38").code             # 'C'
    majors("higher_vocational").class_of("460301") # Code('4603', 'class', '自动化类', …)
    regions().resolve("郑州")                       # Code('410100', 'city', '郑州市', …)
    load_registry(workspace=ws).group_for_major("460301").id   # 'electromechanical-automation'

Data and sources: ``data/reference`` (SOURCES.md, README.md).
"""

from __future__ import annotations

from .classification import Classification, Code
from .registry import LEAD_EVIDENCE, Group, Member, Registry, load_registry, packaged_registry_path
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
