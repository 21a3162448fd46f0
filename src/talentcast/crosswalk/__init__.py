"""Crosswalks: platform industries → GB/T 4754, postings → major classes, v[i] and S[i, m].

Submodules import their heavy dependencies lazily; import what you need from them, e.g.
``from talentcast.crosswalk.staffing import staffing_matrix``. The names below are re-exported
for notebooks.
"""

from __future__ import annotations

_EXPORTS = {
    "classifier": [
        "classify_frame", "classify_file", "evaluate", "format_evaluation", "load_or_train_classifier",
        "train_classifier", "PostingClassifier", "write_review_file", "read_corrections",
    ],
    "knowledge_base": ["load_knowledge_base", "undergraduate_to_class"],
    "platform_industries": ["map_platform_industries", "read_platform_maps", "platform_of"],
    "staffing": [
        "load_prior", "vocational_share", "staffing_matrix", "posting_major_counts", "graduate_destination_counts",
        "postings_by_industry", "staffing_by_section", "vocational_share_by_section", "show_staffing",
        "export_staffing", "read_overrides",
    ],
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"talentcast.crosswalk.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'talentcast.crosswalk' has no attribute {name!r}")
