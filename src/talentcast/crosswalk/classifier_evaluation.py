"""How well the posting classifier does on its check sets (``talentcast crosswalk evaluate``).

Two check sets, both held out of training by construction
(:func:`talentcast.crosswalk.classifier_training.held_out_titles`):

* the **gold set** (``tests/data/crosswalk/gold_postings.csv``): real postings labelled by hand
  before training — the accuracy figure;
* the **sector check** (``tests/data/crosswalk/sector_titles.csv``): hand-written non-IT titles,
  none of them a KB post, a training title or a synthetic title — how the classifier does on the
  sectors the real sample lacks.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from talentcast.crosswalk.classifier import classify_frame
from talentcast.crosswalk.classifier_model import PostingClassifier, model_text
from talentcast.crosswalk.classifier_training import (
    check_set_path,
    default_gold_path,
    default_training_corpus,
    held_out_titles,
    load_or_train_classifier,
)
from talentcast.crosswalk.text_normalise import normalise_title
from talentcast.errors import InputFileError


def evaluate(gold_path: Path | None = None, classifier: PostingClassifier | None = None, *, threshold: float | None = None) -> dict:
    """Accuracy of the classifier on the hand-labelled gold set.

    Counting rules (also in tests/data/crosswalk/LABELLING.md):

    * ``top1`` and ``top3``: among gold rows with a class label (not ``none``) that the classifier
      classifies (confidence ≥ threshold), the share whose label is the top class / in the top 3.
      This is accuracy *at* the coverage below.
    * ``coverage``: share of gold rows with a class label that are classified.
    * ``none`` rows (no vocational class fits) count in neither; ``none_unclassified`` reports the
      share of them the classifier leaves unclassified (higher is better).
    * ``top1_all``: top-1 over all labelled rows, unclassified counted as wrong.

    Returns:
        Dict with top1, top3, coverage, n (labelled rows), n_none, threshold, top1_all,
        top3_all, none_unclassified, top1_unseen_titles and n_unseen_titles (rows whose title no
        posting of the real corpus shares: the rarer titles), and n_trained_titles (gold titles
        the training could have seen: 0, since check-set titles are held out of training).

    Raises:
        InputFileError: The gold file is missing or lacks its columns.
    """
    gold_path = Path(gold_path) if gold_path is not None else default_gold_path()
    if not gold_path.exists():
        raise InputFileError(f"{gold_path}: gold set not found", hint="pass the path of gold_postings.csv")
    gold = pd.read_csv(gold_path, dtype=str, keep_default_na=False)
    need = {"title", "label_major_class"}
    if not need <= set(gold.columns):
        raise InputFileError(f"{gold_path}: gold set needs columns {sorted(need)}")
    clf = classifier or load_or_train_classifier(None)
    thr = clf.threshold if threshold is None else float(threshold)
    res = classify_frame(gold, classifier=clf, threshold=thr)
    texts = [model_text(t, d) for t, d in zip(gold["title"], gold.get("description", pd.Series("", index=gold.index)), strict=True)]
    top, prob = clf.top_k(texts, k=3)
    lab = gold["label_major_class"].str.strip().to_numpy()
    is_none = lab == "none"
    classified = (res["classification_status"] == "classified").to_numpy()
    hit1 = top[:, 0] == lab
    hit3 = (top == lab[:, None]).any(axis=1)
    m = ~is_none
    cm = m & classified
    corpus = default_training_corpus()
    seen: set[str] = set()
    if corpus.exists():
        seen = set(pd.read_csv(corpus, dtype=str, keep_default_na=False, usecols=["title"])["title"].map(normalise_title))
    keys = gold["title"].map(normalise_title)
    unseen = m & ~keys.isin(seen).to_numpy()
    trained = keys.isin(seen - held_out_titles()).to_numpy()

    def share(x: np.ndarray, base: np.ndarray) -> float:
        return round(float(x[base].mean()), 4) if base.any() else float("nan")

    return {
        "top1": share(hit1, cm),
        "top3": share(hit3, cm),
        "coverage": share(classified, m),
        "n": int(m.sum()),
        "n_none": int(is_none.sum()),
        "threshold": thr,
        "top1_all": share(hit1 & classified, m),
        "top3_all": share(hit3 & classified, m),
        "none_unclassified": share(~classified, is_none),
        "top1_unseen_titles": share(hit1, unseen & classified),
        "n_unseen_titles": int(unseen.sum()),
        "n_trained_titles": int(trained.sum()),
        "gold_path": str(gold_path),
    }


def format_evaluation(result: dict) -> str:
    """Human-readable summary of :func:`evaluate` for the CLI."""
    text = (
        f"gold set: {result['n']} labelled postings (+{result['n_none']} 'none'), threshold {result['threshold']:.2f}\n"
        f"  top-1 accuracy {result['top1']:.1%}   top-3 {result['top3']:.1%}   at coverage {result['coverage']:.1%}\n"
        f"  over all labelled rows (unclassified = wrong): top-1 {result['top1_all']:.1%}, top-3 {result['top3_all']:.1%}\n"
        f"  'none' rows left unclassified: {result['none_unclassified']:.1%}\n"
        f"  gold titles in training: {result.get('n_trained_titles', 0)} (held out); titles no corpus posting shares: "
        f"{result['n_unseen_titles']}, top-1 {result['top1_unseen_titles']:.1%}"
    )
    if "sector_top1" in result:
        text += (
            f"\nsector check: {result['n_sector']} hand-written non-IT titles (held out, none a KB post), no threshold\n"
            f"  top-1 {result['sector_top1']:.1%}   top-3 {result['sector_top3']:.1%}"
        )
    return text


def evaluate_sector(classifier: PostingClassifier | None = None, path: Path | None = None) -> dict:
    """Top-1 / top-3 of the top class on the hand-written sector check (all rows, no threshold).

    Returns:
        Dict with ``sector_top1``, ``sector_top3``, ``n_sector`` and ``sector_path``.

    Raises:
        InputFileError: The file is missing or lacks ``title`` / ``expected_major_class``.
    """
    path = Path(path) if path is not None else check_set_path("sector")
    if not path.exists():
        raise InputFileError(f"{path}: sector check not found", hint="pass the path of sector_titles.csv")
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    if not {"title", "expected_major_class"} <= set(rows.columns):
        raise InputFileError(f"{path}: the sector check needs columns 'title' and 'expected_major_class'")
    clf = classifier or load_or_train_classifier(None)
    top, _ = clf.top_k([model_text(t) for t in rows["title"]], k=3)
    want = rows["expected_major_class"].str.strip().to_numpy()
    return {
        "sector_top1": round(float((top[:, 0] == want).mean()), 4),
        "sector_top3": round(float((top == want[:, None]).any(axis=1).mean()), 4),
        "n_sector": int(len(rows)),
        "sector_path": str(path),
    }
