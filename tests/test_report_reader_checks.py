"""What a reader of the demo's 21 reports would check: no sentence contradicts a table or
claims what the data do not show (review findings of the secretariat and the economist).

Each test runs over every demo report, in Chinese (the contexts the demo rendered) and in
English (built here from the same marts), and fails on the text the reviewers found.
"""

from __future__ import annotations

import re

import pytest

from talentcast import workflows
from talentcast.config import load_settings
from talentcast.forecast.scenario_table import scenario_mart
from talentcast.reference import load_registry
from talentcast.report.context import build_context, groups_from_registry, normalise_marts
from talentcast.report.render import render_md

pytestmark = [pytest.mark.demo, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(demo_workspace, demo_contexts):
    """(marts, {(group, lang): context}, {(group, lang): markdown}) of the demo's reports in zh and en."""
    root, _ = demo_workspace
    settings = load_settings(root, environ={})
    marts = workflows.read_marts(settings)
    lake = workflows._lake(settings)
    marts["scenarios"] = lake.read("scenarios") if lake.exists("scenarios") else scenario_mart(None)
    if lake.exists("mart_shortage_list"):
        marts["mart_shortage_list"] = lake.read("mart_shortage_list")
    marts = normalise_marts(marts)
    registry = load_registry(workspace=root)
    ctxs = {(gid, "zh"): ctx for gid, ctx in demo_contexts.items()}
    for g in [*[g.id for g in groups_from_registry(registry)], None]:
        ctx = build_context(marts, registry, g, lang="en", region=settings.region, edition=settings.edition_year,
                            horizon=settings.horizon)
        ctxs[(ctx["group_id"], "en")] = ctx
    assert len(ctxs) == 42
    return marts, ctxs, {k: render_md(c) for k, c in ctxs.items()}


# Words that prescribe: the card's suggestion owns the prescription, the outlook describes.
PRESCRIBES = {"zh": re.compile(r"建议|应控制|应当|扩大|压缩|控制规模|调整方向|缩减"),
              "en": re.compile(r"\b(should|expand|limit(ed)?|redirect(ed)?|cut|reduce)\b", re.I)}


def test_no_card_outlook_prescribes(demo):
    _, ctxs, _ = demo
    seen = 0
    for (gid, lang), ctx in ctxs.items():
        for card in ctx["cards"]:
            seen += 1
            assert not PRESCRIBES[lang].search(card["outlook"]), (gid, lang, card["code"], card["outlook"])
    assert seen >= 200  # every group's classes, in both languages
