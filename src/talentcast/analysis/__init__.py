"""Analysis stage: demand, recent indicators, supply, gap and rating, suggestions,
member-college evaluation and caution flags (docs/design.md steps 4–9).

Public entry points: :func:`run_analysis` (inputs → marts) and :func:`summary_by_group`
(marts → per-group summary for the CLI). Each step is a pure function in its own module.
"""

from __future__ import annotations

from talentcast.analysis.inputs import AnalysisInputs, GroupSpec, Member
from talentcast.analysis.marts import MART_COLUMNS, run_analysis, summary_by_group
from talentcast.analysis.settings import AnalysisSettings, load_exit_rates, load_rules

__all__ = [
    "AnalysisInputs", "AnalysisSettings", "GroupSpec", "MART_COLUMNS", "Member", "load_exit_rates", "load_rules",
    "run_analysis", "summary_by_group",
]
