"""Held out means held out: no check set shares a title with what trains the classifier.

The check sets are the gold postings (real, labelled by hand) and the hand-written sector titles.
Training drops every check-set title whatever the training row's origin (weak label, synthetic,
correction); the sector titles are moreover new text: none is a KB post, a real corpus title or
a synthetic title, so the sector figure is not a measure of the KB echoing itself.
"""

from __future__ import annotations

import pandas as pd
import pytest

from talentcast.crosswalk import classifier_model as M
from talentcast.crosswalk import classifier_training as T
from talentcast.crosswalk.knowledge_base import load_knowledge_base, synthetic_titles
from talentcast.crosswalk.text_normalise import normalise_title
from talentcast.resources import resource_path

#: Subprocess, rendering or whole-pipeline tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow


def _titles(name: str) -> set[str]:
    df = pd.read_csv(T.check_set_path(name), dtype=str, keep_default_na=False, usecols=["title"])
    return set(df["title"].map(normalise_title))


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.fixture(scope="module")
def training_titles() -> set[str]:
    data = T.build_training_set()
    return set(data["text"].map(T.title_of_text))


def test_held_out_titles_are_every_check_set_title():
    assert T.held_out_titles() == frozenset((_titles("gold") | _titles("sector")) - {""})
    assert len(_titles("sector")) >= 150 and len(_titles("gold")) >= 300


def test_no_check_set_title_is_in_the_training_rows(training_titles):
    for name in T.CHECK_SETS:
        overlap = _titles(name) & training_titles
        assert not overlap, (name, sorted(overlap)[:10])


def test_held_out_filter_removes_rows_that_would_otherwise_train(kb):
    # The filter is what keeps the gold titles out: without it common gold titles would train.
    unfiltered = T.build_training_set(kb=kb, held_out=frozenset())
    assert _titles("gold") & set(unfiltered["text"].map(T.title_of_text))


def test_sector_titles_are_new_text_not_kb_posts_corpus_or_synthetic_titles(kb):
    sector = _titles("sector")
    posts = {normalise_title(p) for c in kb.classes.values() for p in c.posts}
    corpus = pd.read_csv(T.default_training_corpus(), dtype=str, keep_default_na=False, usecols=["title"])
    synthetic = synthetic_titles(kb, per_class=120, seed=T.SEED)["title"].map(normalise_title)
    assert not sector & posts, sorted(sector & posts)
    assert not sector & set(corpus["title"].map(normalise_title))
    assert not sector & set(synthetic)
    assert not sector & _titles("gold")


def test_packaged_model_was_trained_with_the_current_check_sets_held_out():
    clf = M.PostingClassifier.load(resource_path("models") / M.MODEL_FILE)
    assert clf.meta["held_out_sha256"] == T.held_out_hash(T.held_out_titles())
    assert clf.meta["n_held_out_titles"] == len(T.held_out_titles())
