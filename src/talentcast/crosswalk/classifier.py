"""Posting → vocational major class (专业类, 4-digit) and major (6-digit): applying the classifier.

The pieces (method and figures in ``models/posting_classifier.md``):

* :mod:`talentcast.crosswalk.classifier_model` — text preparation and the sparse linear model;
* :mod:`talentcast.crosswalk.classifier_training` — weak labels, synthetic titles, corrections,
  held-out check sets, and :func:`load_or_train_classifier`;
* :mod:`talentcast.crosswalk.classifier_review` — the analysts' review file and corrections;
* :mod:`talentcast.crosswalk.classifier_evaluation` — accuracy on the check sets;
* this module — classifying a frame, a file, or the lake's postings for a workspace: the top 3
  classes with confidence; below the threshold a posting is ``unclassified`` and goes to the
  review file; corrections there override by normalised title.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from talentcast.workspace import read_table, write_table
from talentcast.crosswalk.classifier_model import (
    DESCRIPTION_ALIASES,
    EDUCATION_ALIASES,
    TITLE_ALIASES,
    PostingClassifier,
    find_column,
    model_text,
)
from talentcast.crosswalk.classifier_review import read_corrections, review_path, write_review_file
from talentcast.crosswalk.classifier_training import load_or_train_classifier
from talentcast.crosswalk.knowledge_base import KeywordMatcher, KnowledgeBase, load_knowledge_base
from talentcast.errors import InputFileError, ValidationError

OUTPUT_COLUMNS = ["major_class", "major_class_2", "major_class_3", "confidence", "major", "classification_status", "is_vocational"]
_NON_VOCATIONAL = re.compile(r"本科|硕士|博士|研究生|学士|bachelor|master|phd|doctor", re.IGNORECASE)


def is_vocational_education(education: pd.Series) -> pd.Series:
    """False where the education requirement is 本科 or above (硕士, 博士, 研究生 …), else True."""
    e = education.fillna("").astype(str)
    return ~e.str.contains(_NON_VOCATIONAL)


def classify_frame(
    df: pd.DataFrame,
    *,
    classifier: PostingClassifier | None = None,
    threshold: float | None = None,
    corrections: pd.DataFrame | None = None,
    kb: KnowledgeBase | None = None,
) -> pd.DataFrame:
    """Classify postings into major classes.

    Args:
        df: A table with a ``title`` column (aliases: jobName, 职位名称, 岗位 …), optionally
            ``description`` (or tags) and ``education``.
        classifier: The model; :func:`load_or_train_classifier` with no workspace when ``None``.
        threshold: Confidence below which a row is ``unclassified``; the model's default when ``None``.
        corrections: Analyst corrections (:func:`read_corrections`); they override the model for
            postings whose normalised title matches, with confidence 1.
        kb: Knowledge base for the 6-digit major choice.

    Returns:
        A copy of ``df`` with ``major_class``, ``major_class_2``, ``major_class_3`` (4-digit codes),
        ``confidence`` (0–1, probability of the top class), ``major`` (catalogue major code, ``""``
        when not confident), ``classification_status`` (``classified``/``unclassified``),
        ``classified_by`` (``model``/``correction``), ``is_vocational`` (False for 本科 and above)
        and ``suggested_major_class`` (the top class even below the threshold). ``major_class`` is
        ``""`` for unclassified rows; the suggestions go to the review file.

    Raises:
        ValidationError: ``df`` has no title column.
    """
    tcol = find_column(df, TITLE_ALIASES)
    if tcol is None:
        raise ValidationError(
            "postings table has no title column", [f"columns present: {list(df.columns)[:20]}"], hint="add a 'title' column"
        )
    dcol = find_column(df, DESCRIPTION_ALIASES)
    ecol = find_column(df, EDUCATION_ALIASES)
    clf = classifier or load_or_train_classifier(None)
    kb = kb or load_knowledge_base()
    thr = clf.threshold if threshold is None else float(threshold)
    # Postings repeat titles heavily: prepare and classify each distinct text once, then map
    # back. Two stages: raw (title, description) pairs first (cheap), then their model texts.
    titles = df[tcol].fillna("").astype(str)
    if dcol is not None:
        raw_idx, raw_uniq = pd.factorize(titles + "\x1f" + df[dcol].fillna("").astype(str), sort=False)
        raw_texts = [model_text(*r.split("\x1f", 1)) for r in raw_uniq]
    else:
        raw_idx, raw_uniq = pd.factorize(titles, sort=False)
        raw_texts = [model_text(t) for t in raw_uniq]
    text_idx, uniq = pd.factorize(pd.Series(raw_texts, dtype=object), sort=False)
    codes_idx = text_idx[raw_idx] if len(raw_idx) else np.zeros(0, dtype=np.int64)
    top, prob = clf.top_k(list(uniq), k=3)
    conf = prob[:, 0].astype(float)
    status = np.where(conf >= thr, "classified", "unclassified").astype(object)
    first = np.where(status == "classified", top[:, 0], "").astype(object)
    by = np.full(len(uniq), "model", dtype=object)
    matcher = KeywordMatcher(kb)
    major = np.array(
        [matcher.choose_major(c, u) if c else "" for c, u in zip(first, uniq, strict=True)], dtype=object
    )
    if corrections is not None and len(corrections):
        fix = corrections.drop_duplicates("title_key", keep="last").set_index("title_key")
        ukeys = [u.split(" | ", 1)[0] for u in uniq]
        for i, k in enumerate(ukeys):
            if k in fix.index:
                row = fix.loc[k]
                code = row["correct_major_class"]
                conf[i], by[i] = 1.0, "correction"
                if code == "none":
                    # The analyst says no vocational class fits: not counted, not reviewed again.
                    first[i], status[i], major[i] = "", "unclassified", ""
                    continue
                first[i], status[i] = code, "classified"
                top[i] = [code] + [c for c in top[i] if c != code][:2]
                m = str(row.get("correct_major", "") or "")
                major[i] = m if m else matcher.choose_major(code, uniq[i])
    out = df.copy()
    out["major_class"] = first[codes_idx]
    out["major_class_2"] = top[codes_idx, 1]
    out["major_class_3"] = top[codes_idx, 2]
    out["confidence"] = np.round(conf[codes_idx], 4)
    out["major"] = major[codes_idx]
    out["classification_status"] = status[codes_idx]
    out["classified_by"] = by[codes_idx]
    out["is_vocational"] = is_vocational_education(df[ecol]).to_numpy() if ecol is not None else True
    # The model's top class even when below the threshold, for analysts and the review file.
    out["suggested_major_class"] = top[codes_idx, 0]
    return out


def classify_file(
    input: Path,
    output: Path,
    *,
    classifier: PostingClassifier | None = None,
    threshold: float | None = None,
    models_dir: Path | None = None,
    corrections_path: Path | None = None,
    review_path: Path | None = None,
) -> pd.DataFrame:
    """Classify a CSV/XLSX/parquet table of posts (by extension) and write the result.

    Adds the columns of :func:`classify_frame` (and ``major_class_name``). Optionally writes the
    unclassified rows to a review file and applies an analyst corrections file (which may be the
    same file, filled in).

    Args:
        input: Table with a ``title`` column (optional ``description``, ``education``).
        output: Where to write; the format follows the extension.
        classifier: Model to use; else :func:`load_or_train_classifier` on ``models_dir``.
        threshold: Confidence threshold (the model's default when ``None``).
        models_dir: Workspace model folder (``workspace/models``).
        corrections_path: Analyst corrections CSV; overrides and (via retraining) training rows.
        review_path: Where to write the unclassified rows for review.

    Raises:
        InputFileError: The input cannot be read or has no title column (names the file).
    """
    input, output = Path(input), Path(output)
    df = read_table(input)
    if find_column(df, TITLE_ALIASES) is None:
        raise InputFileError(
            f"{input}: no 'title' column (found: {', '.join(map(str, df.columns[:15]))})",
            hint="name the column of job titles 'title' (an optional 'description' and 'education' are used too)",
        )
    corrections = read_corrections(corrections_path) if corrections_path and Path(corrections_path).exists() else None
    if classifier is None:
        classifier = load_or_train_classifier(models_dir, corrections_path=corrections_path)
    out = classify_frame(df, classifier=classifier, threshold=threshold, corrections=corrections)
    kb = load_knowledge_base()
    out.insert(out.columns.get_loc("major_class") + 1, "major_class_name", out["major_class"].map(kb.name))
    write_table(out, output)
    if review_path is not None:
        write_review_file(out, review_path)
    return out


def classify_postings(
    postings: pd.DataFrame,
    workspace: Path,
    *,
    models_dir: Path | None = None,
    threshold: float | None = None,
    engine: Any = None,
) -> pd.DataFrame:
    """Classify a workspace's postings and refresh its review file (the ``forecast`` step).

    The workspace model is used (trained on the analysts' corrections in the review file when
    there are any, see :func:`load_or_train_classifier`); the unclassified postings are then
    written back to the review file, keeping every row an analyst has filled in. Both files are
    written atomically.

    Args:
        postings: The lake's postings (empty: returned as is, nothing written).
        workspace: Workspace folder (the review file is :func:`review_path` of it).
        models_dir: Workspace model folder.
        threshold: Confidence threshold (the model's default when ``None``).
        engine: A :class:`talentcast.executor.Engine`; a parallel one maps row partitions.

    Returns:
        The postings with the columns of :func:`classify_frame`.
    """
    if postings.empty:
        return postings
    review = review_path(workspace)
    clf = load_or_train_classifier(models_dir, corrections_path=review if review.is_file() else None)
    corrections = read_corrections(review) if review.is_file() else None
    if engine is not None and engine.kind != "in-process":
        from talentcast.crosswalk.partitioned import classify_partitioned

        classified = classify_partitioned(postings, engine, classifier=clf, threshold=threshold, corrections=corrections)
    else:
        classified = classify_frame(postings, classifier=clf, threshold=threshold, corrections=corrections)
    write_review_file(classified, review)
    return classified
