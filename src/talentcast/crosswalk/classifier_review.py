"""The analysts' review loop of the posting classifier: the review file out, corrections back.

Postings the classifier leaves below its confidence threshold go to a review file (one row per
distinct normalised title, with the model's suggestions); an analyst fills in
``correct_major_class`` (and optionally ``correct_major``); on the next run the corrections
override the model for those titles and become training rows (weight 3). The workspace keeps
the file at :func:`review_path`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from talentcast.workspace import atomic_write
from talentcast.crosswalk.classifier_model import DESCRIPTION_ALIASES, TITLE_ALIASES, find_column
from talentcast.crosswalk.knowledge_base import load_knowledge_base
from talentcast.crosswalk.text_normalise import normalise_title
from talentcast.errors import InputFileError, ValidationError


def review_path(workspace: Path) -> Path:
    """The workspace's review file: unclassified postings out, corrections (correct_major_class) back."""
    from talentcast.workspace import Workspace

    return Workspace(Path(workspace)).review_file


REVIEW_COLUMNS = [
    "title_key", "title", "description", "n_postings", "suggested_major_class", "suggested_name",
    "major_class_2", "major_class_3", "confidence", "correct_major_class", "correct_major", "analyst_note",
]


def write_review_file(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Write the unclassified postings of a classified frame to a review CSV for analysts.

    One row per distinct normalised title with the number of postings, the model's suggestions
    and empty ``correct_major_class`` / ``correct_major`` / ``analyst_note`` columns to fill in.
    Rows an analyst already filled in an existing file at ``path`` are kept (their work is never
    overwritten) and not repeated.

    Returns:
        The review table written.
    """
    path = Path(path)
    kb = load_knowledge_base()
    tcol = find_column(df, TITLE_ALIASES) or "title"
    dcol = find_column(df, DESCRIPTION_ALIASES)
    un = df[df["classification_status"] == "unclassified"]
    if "classified_by" in un:
        un = un[un["classified_by"] != "correction"]  # already decided by an analyst ('none')
    suggested = un["suggested_major_class"] if "suggested_major_class" in un else un["major_class"]
    rev = pd.DataFrame(
        {
            "title_key": un[tcol].map(normalise_title),
            "title": un[tcol].astype(str),
            "description": un[dcol].astype(str).str[:120] if dcol else "",
            "suggested_major_class": suggested.astype(str),
            "major_class_2": un["major_class_2"],
            "major_class_3": un["major_class_3"],
            "confidence": un["confidence"],
        }
    )
    n = rev.groupby("title_key")["title"].transform("size")
    rev = rev.assign(n_postings=n).drop_duplicates("title_key")
    rev["suggested_name"] = rev["suggested_major_class"].map(kb.name)
    rev["correct_major_class"] = ""
    rev["correct_major"] = ""
    rev["analyst_note"] = ""
    rev = rev.sort_values(["n_postings", "title_key"], ascending=[False, True], kind="stable")[REVIEW_COLUMNS]
    if path.exists():
        old = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if "correct_major_class" in old and "title_key" in old:
            done = old[old["correct_major_class"].str.strip() != ""]
            # Skip empty parts: pandas warns (FutureWarning) when concatenating empty frames.
            parts = [p for p in (done.reindex(columns=REVIEW_COLUMNS, fill_value=""), rev[~rev["title_key"].isin(done["title_key"])]) if not p.empty]
            rev = pd.concat(parts) if parts else rev.iloc[0:0]
    # Analysts edit this file: never leave it half written.
    atomic_write(path, lambda tmp: rev.to_csv(tmp, index=False, encoding="utf-8-sig"))
    return rev


def read_corrections(path: Path) -> pd.DataFrame:
    """Read an analyst-corrected review file (or any CSV with ``title`` and ``correct_major_class``).

    Rows with an empty ``correct_major_class`` are skipped. ``none`` marks a posting that fits no
    vocational class: :func:`classify_frame` then leaves it unclassified (``classified_by`` =
    ``correction``, so it is not sent to review again) and it is not a training label.

    Returns:
        Columns ``title_key``, ``title``, ``description``, ``correct_major_class``, ``correct_major``.

    Raises:
        InputFileError: The file cannot be read or lacks the columns.
        ValidationError: A code is not a known class (lists every bad line).
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError) as exc:
        raise InputFileError(f"{path}: cannot read corrections ({exc})") from exc
    if "correct_major_class" not in raw or ("title" not in raw and "title_key" not in raw):
        raise InputFileError(
            f"{path}: corrections need 'title' (or 'title_key') and 'correct_major_class' columns",
            hint="fill in the review file written by the classifier",
        )
    kb = load_knowledge_base()
    raw = raw.copy()
    raw["correct_major_class"] = raw["correct_major_class"].str.strip()
    if "title" not in raw:
        raw["title"] = raw["title_key"]
    # Recompute the key from the title so it always matches the current normalisation.
    raw["title_key"] = raw["title"].map(normalise_title)
    raw["correct_major"] = raw.get("correct_major", pd.Series("", index=raw.index)).str.strip()
    if "description" not in raw:
        raw["description"] = ""
    filled = raw[raw["correct_major_class"] != ""]
    bad = []
    for i, r in filled.iterrows():
        c = r["correct_major_class"]
        if c != "none" and c not in kb.classes:
            bad.append(f"{path}:{i + 2}: '{c}' for {r['title']!r} is not a 4-digit major class (41xx–59xx) or 'none'")
        m = r["correct_major"]
        if m and c in kb.classes and m not in {code for code, _ in kb.classes[c].majors}:
            bad.append(f"{path}:{i + 2}: major '{m}' is not in class {c}")
    if bad:
        raise ValidationError(f"{path}: invalid corrections", bad, hint="use codes from the 2021 catalogue")
    return filled[["title_key", "title", "description", "correct_major_class", "correct_major"]].reset_index(drop=True)
