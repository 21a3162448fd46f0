"""Sector check: the classifier on hand-written non-IT job titles (manufacturing, energy, health …).

The committed real samples are IT/internet heavy, so the gold set says little about the sectors a
Henan employer posts most for 高职 graduates. ``tests/data/crosswalk/sector_titles.csv`` holds
hand-written titles (not real postings; see LABELLING.md) that are held out of training and are
none of them a KB post, a corpus title or a synthetic title
(``tests/test_crosswalk_classifier_heldout.py``). The floors below are the figures the packaged
model reached on 2026-12-04 (top-1 87.1 %, top-3 99.0 % on 209 titles) minus a margin, so a KB or
training edit that breaks the non-IT sectors fails here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from talentcast.crosswalk import classifier_model as M
from talentcast.crosswalk import classifier_training as T
from talentcast.crosswalk.knowledge_base import load_knowledge_base

SECTOR = Path(__file__).parent / "data" / "crosswalk" / "sector_titles.csv"


@pytest.fixture(scope="module")
def sector():
    return pd.read_csv(SECTOR, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.fixture(scope="module")
def scored(sector):
    clf = T.load_or_train_classifier(None)
    top, _ = clf.top_k([M.model_text(t) for t in sector["title"]], k=3)
    y = sector["expected_major_class"].to_numpy()
    return sector.assign(top1=top[:, 0] == y, top3=(top == y[:, None]).any(axis=1))


def test_sector_check_is_well_formed_and_broad(sector, kb):
    assert list(sector.columns) == ["title", "expected_major_class", "note", "written"]
    assert len(sector) >= 150
    assert sector["title"].is_unique
    assert sector["expected_major_class"].isin(kb.classes).all()
    # Broad: many classes and at least 10 of the 12 non-IT categories (大类).
    assert sector["expected_major_class"].nunique() >= 50
    assert sector["expected_major_class"].str[:2].nunique() >= 15
    assert (sector["expected_major_class"] != "5102").all()
    assert "hand-written" in (SECTOR.parent / "LABELLING.md").read_text(encoding="utf-8")


def test_sector_check_stays_above_reached_figures(scored):
    assert scored["top1"].mean() >= 0.84, scored.loc[~scored["top1"], "title"].tolist()
    assert scored["top3"].mean() >= 0.96, scored.loc[~scored["top3"], "title"].tolist()
