"""Training the posting classifier: weak labels, synthetic titles, corrections, held-out check sets.

Method (figures in ``models/posting_classifier.md``): the hand-authored knowledge base
(:mod:`talentcast.crosswalk.knowledge_base`) weak-labels the committed real postings
(``models/training/posting_titles.csv.gz``); seeded synthetic titles from the KB make classes
absent from the real sample learnable; analyst corrections from the review file weigh 3.

**Held out means held out.** Every title of the check sets (the gold postings and the
hand-written sector titles, :data:`CHECK_SETS`) is removed from the training rows, whatever
their origin, so a figure measured on a check set is never measured on a title the model was
trained on (``tests/test_crosswalk_classifier_heldout.py``).
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from talentcast.crosswalk.classifier_model import DEFAULT_THRESHOLD, MODEL_FILE, SEED, TEXT_VERSION, PostingClassifier, model_text
from talentcast.crosswalk.classifier_review import read_corrections
from talentcast.crosswalk.knowledge_base import KnowledgeBase, load_knowledge_base, synthetic_titles, weak_label_frame
from talentcast.crosswalk.text_normalise import normalise_title
from talentcast.resources import resource_path

#: Check sets (file names in tests/data/crosswalk, packaged as data/crosswalk_gold): never trained on.
CHECK_SETS = {"gold": "gold_postings.csv", "sector": "sector_titles.csv"}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kb_hash(kb: KnowledgeBase) -> str:
    """Short hash of the knowledge base file: a model trained on another KB is retrained."""
    return _sha256(kb.path.read_bytes())[:16]


def check_set_path(name: str) -> Path:
    """Path of a check set (:data:`CHECK_SETS`): tests/data/crosswalk/<file> in a source
    checkout, or ``<data>/crosswalk_gold/<file>`` when a wheel packages it there."""
    file = CHECK_SETS[name]
    checkout = resource_path("models").parent / "tests" / "data" / "crosswalk" / file
    packaged = resource_path("data") / "crosswalk_gold" / file
    return checkout if checkout.exists() or not packaged.exists() else packaged


def default_gold_path() -> Path:
    """The committed gold set of hand-labelled real postings (see :func:`check_set_path`)."""
    return check_set_path("gold")


def held_out_titles() -> frozenset[str]:
    """Normalised titles of every check set present: the titles training must never see."""
    titles: set[str] = set()
    for name in CHECK_SETS:
        path = check_set_path(name)
        if path.exists():
            titles |= set(pd.read_csv(path, dtype=str, keep_default_na=False, usecols=["title"])["title"].map(normalise_title))
    titles.discard("")
    return frozenset(titles)


def held_out_hash(titles: frozenset[str]) -> str:
    """Short hash of a held-out title set, stored with the model (a changed check set retrains)."""
    return _sha256("\n".join(sorted(titles)).encode("utf-8"))[:16] if titles else ""


def title_of_text(text: str) -> str:
    """The normalised title part of a model text (:func:`model_text` joins title and description with `` | ``)."""
    return text.split(" | ", 1)[0]


def default_training_corpus() -> Path:
    """The committed real-postings corpus used for weak labelling (gold postings excluded)."""
    return resource_path("models") / "training" / "posting_titles.csv.gz"


def build_training_set(
    postings: pd.DataFrame | None = None,
    *,
    kb: KnowledgeBase | None = None,
    corrections: pd.DataFrame | None = None,
    synthetic_per_class: int = 120,
    cap_per_class: int = 1500,
    seed: int = SEED,
    held_out: frozenset[str] | None = None,
) -> pd.DataFrame:
    """Assemble the labelled training rows: weak-labelled real postings, synthetic titles, corrections.

    Args:
        postings: Real postings (``title``, optional ``description``); the committed corpus when ``None``.
        kb: Knowledge base (packaged when ``None``).
        corrections: Output of :func:`read_corrections`; each correction becomes a training row
            with weight 3 (an analyst's word counts more than a keyword match).
        synthetic_per_class: Synthetic titles per class.
        cap_per_class: Most distinct real texts per class (keeps 计算机类 from swamping the rest).
        seed: Seed for sampling and synthesis.
        held_out: Normalised titles never to train on, whatever the row's origin; the check
            sets' titles (:func:`held_out_titles`) when ``None``.

    Returns:
        Columns ``text``, ``label``, ``weight``, ``origin`` (weak|synthetic|correction).
    """
    held_out = held_out_titles() if held_out is None else held_out
    kb = kb or load_knowledge_base()
    rng = np.random.default_rng(seed)
    if postings is None:
        path = default_training_corpus()
        postings = pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame(columns=["title", "description"])
    parts = []
    if len(postings):
        w = weak_label_frame(postings, kb)
        w = w[w["weak_label"] != ""]
        desc = w["description"].fillna("") if "description" in w else pd.Series("", index=w.index)
        # Two views of each posting: title only (analysts' lists often have no description) and
        # title with description, so the model works with and without one.
        real = pd.concat(
            [
                pd.DataFrame({"text": w["title"].map(model_text), "label": w["weak_label"]}),
                pd.DataFrame({"text": [model_text(t, d) for t, d in zip(w["title"], desc, strict=True)], "label": w["weak_label"]}),
            ]
        ).drop_duplicates()
        real = real.iloc[rng.permutation(len(real))]
        real = real.groupby("label", sort=True, group_keys=False).head(cap_per_class)
        parts.append(real.assign(weight=1.0, origin="weak"))
    syn = synthetic_titles(kb, per_class=synthetic_per_class, seed=seed)
    parts.append(pd.DataFrame({"text": syn["title"].map(model_text), "label": syn["label"], "weight": 1.0, "origin": "synthetic"}))
    if corrections is not None and len(corrections):
        c = corrections[corrections["correct_major_class"].isin(kb.classes)]
        desc = c["description"] if "description" in c else pd.Series("", index=c.index)
        parts.append(
            pd.DataFrame(
                {
                    "text": [model_text(t, d) for t, d in zip(c["title"], desc.fillna(""), strict=True)],
                    "label": c["correct_major_class"],
                    "weight": 3.0,
                    "origin": "correction",
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out = out[(out["text"].str.len() > 0) & ~out["text"].map(title_of_text).isin(held_out)]
    return out.sort_values(["label", "origin", "text"], kind="stable").reset_index(drop=True)


def train_classifier(
    postings: pd.DataFrame | None = None,
    *,
    kb: KnowledgeBase | None = None,
    corrections: pd.DataFrame | None = None,
    threshold: float | None = None,
    seed: int = SEED,
) -> PostingClassifier:
    """Train the classifier from the KB, weak labels, synthetic titles and corrections.

    Deterministic for given inputs and seed; about 10–20 s on one core.

    Args:
        postings: Real postings to weak-label (the committed corpus when ``None``).
        kb: Knowledge base.
        corrections: Analyst corrections (:func:`read_corrections`).
        threshold: Confidence threshold stored with the model; when ``None`` it is chosen on the
            held-out weak labels by :func:`choose_threshold`.
        seed: Random seed.
    """
    t0 = time.perf_counter()
    kb = kb or load_knowledge_base()
    held_out = held_out_titles()
    data = build_training_set(postings, kb=kb, corrections=corrections, seed=seed, held_out=held_out)
    rng = np.random.default_rng(seed + 1)
    # Hold out 10 % of the weak-labelled rows for calibration (never synthetic or corrections).
    is_weak = (data["origin"] == "weak").to_numpy()
    hold = is_weak & (rng.random(len(data)) < 0.10)
    train, held = data[~hold], data[hold]
    clf = PostingClassifier(threshold=DEFAULT_THRESHOLD)
    clf.fit(
        train["text"].tolist(),
        train["label"].tolist(),
        sample_weight=train["weight"].to_numpy(),
        holdout_texts=held["text"].tolist(),
        holdout_labels=held["label"].tolist(),
        seed=seed,
    )
    held_acc = float("nan")
    if len(held):
        top, prob = clf.top_k(held["text"].tolist(), k=1)
        ok = top[:, 0] == held["label"].to_numpy()
        held_acc = float(ok.mean())
        clf.threshold = choose_threshold(prob[:, 0], ok) if threshold is None else float(threshold)
    elif threshold is not None:
        clf.threshold = float(threshold)
    counts = data["origin"].value_counts().to_dict()
    clf.meta = {
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "kb_sha256": kb_hash(kb),
        "text_version": TEXT_VERSION,
        "corrections_sha256": corrections_hash(corrections),
        "held_out_sha256": held_out_hash(held_out),
        "n_held_out_titles": len(held_out),
        "n_train": int(len(train)),
        "n_holdout": int(len(held)),
        "rows_by_origin": {k: int(v) for k, v in counts.items()},
        "classes_with_real_examples": int(data.loc[data["origin"] == "weak", "label"].nunique()),
        "holdout_weak_top1": round(held_acc, 4),
        "temperature": round(clf.temperature, 4),
        "threshold": round(clf.threshold, 4),
        "n_features": int(len(clf.vocabulary)),
        "nonzero_weights": int(clf.coef.nnz),
        "seed": seed,
        "train_seconds": round(time.perf_counter() - t0, 2),
    }
    return clf


def choose_threshold(confidence: np.ndarray, correct: np.ndarray, *, min_rows: int = 10) -> float:
    """The confidence below which the top class is more often wrong than right.

    Scans t = 0.10, 0.15, … 0.90 and returns the largest t for which the held-out rows with
    confidence < t number at least ``min_rows`` and are right at most half the time: below it a
    posting is better sent to an analyst than counted. Falls back to :data:`DEFAULT_THRESHOLD`.
    """
    best = None
    for t in np.round(np.arange(0.10, 0.901, 0.05), 2):
        below = confidence < t
        if below.sum() >= min_rows and correct[below].mean() <= 0.5:
            best = float(t)
    return best if best is not None else DEFAULT_THRESHOLD


def corrections_hash(corrections: pd.DataFrame | None) -> str:
    """Short hash of the analyst corrections a model was trained with (``""`` for none)."""
    if corrections is None or not len(corrections):
        return ""
    cols = [c for c in ("title_key", "correct_major_class", "correct_major") if c in corrections]
    return _sha256(corrections[cols].to_csv(index=False).encode("utf-8"))[:16]


def load_or_train_classifier(
    models_dir: Path | None = None, *, corrections_path: Path | None = None, retrain: bool = False
) -> PostingClassifier:
    """Load the trained classifier, training (and saving) it when there is none that fits.

    Looks for ``<models_dir>/posting_classifier.npz`` (the workspace model), then the packaged
    model. A model is used only if it was trained on the current KB, with the current check sets
    held out and, when a corrections file is given, on those corrections; otherwise a new one is trained and saved to ``models_dir``
    (if given). This is how corrections enter training on the next run.

    Args:
        models_dir: Workspace model folder (e.g. ``workspace/models``), or ``None``.
        corrections_path: Analyst corrections CSV (see :func:`read_corrections`), if any.
        retrain: Train even if a fitting model exists.
    """
    kb = load_knowledge_base()
    corrections = read_corrections(corrections_path) if corrections_path and Path(corrections_path).exists() else None
    want = (kb_hash(kb), corrections_hash(corrections), TEXT_VERSION, held_out_hash(held_out_titles()))
    candidates = []
    if models_dir is not None:
        candidates.append(Path(models_dir) / MODEL_FILE)
    candidates.append(resource_path("models") / MODEL_FILE)
    if not retrain:
        for path in candidates:
            if path.exists():
                clf = PostingClassifier.load(path)
                meta = clf.meta
                have = (meta.get("kb_sha256"), meta.get("corrections_sha256", ""), meta.get("text_version"), meta.get("held_out_sha256"))
                if have == want:
                    return clf
    clf = train_classifier(corrections=corrections, kb=kb)
    if models_dir is not None:
        clf.save(Path(models_dir) / MODEL_FILE)
    return clf


