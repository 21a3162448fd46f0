"""Posting → vocational major class (专业类, 4-digit) and major (6-digit) classifier.

Method (details and figures in ``models/posting_classifier.md``):

1. **Knowledge base** (:mod:`talentcast.crosswalk.knowledge_base`): for every one of the 97
   higher-vocational classes, hand-authored typical posts, keywords and exclusions.
2. **Weak labels**: KB keyword matching labels the real sample postings committed in
   ``models/training/posting_titles.csv.gz`` (the gold set's postings are not in it), plus
   seeded synthetic titles from the KB so classes absent from the real sample are learnable,
   plus analyst corrections from the review loop.
3. **Model**: TF-IDF over character 1–3-grams (Chinese needs no tokenizer) and a linear
   classifier (scikit-learn ``SGDClassifier``, logistic loss, one-vs-rest), sparsified and stored
   as float16 so the packaged model stays small; probabilities are a softmax of the decision
   values with a temperature fitted on held-out weak labels (calibration).
4. **Decision**: the top 3 classes with confidence; below the threshold a posting is
   ``unclassified`` and goes to the review file; corrections there override by normalised title
   and become training examples on the next training run.

Public API: :func:`classify_frame`, :func:`classify_file`, :func:`load_or_train_classifier`,
:func:`train_classifier`, :func:`evaluate`, :func:`write_review_file`, :func:`read_corrections`.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from talentcast.crosswalk.knowledge_base import (
    KeywordMatcher,
    KnowledgeBase,
    default_kb_path,
    load_knowledge_base,
    synthetic_titles,
    weak_label_frame,
)
from talentcast.crosswalk.text_normalise import normalise_title
from talentcast.errors import InputFileError, ModelError, ValidationError
from talentcast.workspace import atomic_write_bytes
from talentcast.resources import resource_path

MODEL_FILE = "posting_classifier.npz"
MODEL_FORMAT = 1
#: Version of the text preparation (normalisation, model_text); a model made with another is retrained.
TEXT_VERSION = 2
#: Fallback confidence threshold when the held-out rule below cannot be applied (too few rows).
DEFAULT_THRESHOLD = 0.40
SEED = 20261123

TITLE_ALIASES = ("title", "job_title", "jobname", "jobName", "职位", "职位名称", "岗位", "岗位名称", "招聘岗位")
DESCRIPTION_ALIASES = ("description", "desc", "tags", "job_description", "职位描述", "岗位职责", "描述", "岗位描述")
EDUCATION_ALIASES = ("education", "degree", "edu", "eduLevel", "学历", "学历要求")
_NON_VOCATIONAL = re.compile(r"本科|硕士|博士|研究生|学士|bachelor|master|phd|doctor", re.IGNORECASE)
_DESC_SPACE = re.compile(r"\s+")
_WHITESPACE = re.compile(r"\s\s+")  # as sklearn's char analyzer: runs of whitespace -> one space
OUTPUT_COLUMNS = ["major_class", "major_class_2", "major_class_3", "confidence", "major", "classification_status", "is_vocational"]


def model_text(title: object, description: object = "") -> str:
    """The text the model sees: normalised title, then `` | `` and the start of the description."""
    t = normalise_title(title)
    if description is None or (isinstance(description, float) and description != description):
        return t
    d = _DESC_SPACE.sub(" ", unicodedata.normalize("NFKC", str(description)).lower()).strip()[:150]
    return f"{t} | {d}" if d else t


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _kb_hash(kb: KnowledgeBase) -> str:
    return _sha256(kb.path.read_bytes())[:16]


# ----------------------------------------------------------------------------------------------
# The model


@dataclass
class PostingClassifier:
    """Sparse linear text classifier over major classes (sklearn-style interface).

    Attributes:
        classes_: Class codes, the column order of :meth:`predict_proba`.
        vocabulary: Character n-grams of the TF-IDF vocabulary.
        idf: Their inverse document frequencies.
        coef: Sparse (n_classes × n_features) weights.
        intercept: Per-class intercepts.
        temperature: Softmax temperature fitted on held-out weak labels.
        threshold: Default confidence threshold.
        meta: Training provenance (sizes, hashes, date, held-out figures).
    """

    classes_: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    vocabulary: np.ndarray | None = None
    idf: np.ndarray | None = None
    coef: sp.csr_matrix | None = None
    intercept: np.ndarray | None = None
    temperature: float = 1.0
    threshold: float = DEFAULT_THRESHOLD
    meta: dict = field(default_factory=dict)
    _dense_coef_t: np.ndarray | None = field(default=None, repr=False)
    _vocab_dict: dict | None = field(default=None, repr=False)

    # -- fitting ---------------------------------------------------------------------------------
    def fit(
        self,
        texts: list[str] | pd.Series,
        labels: list[str] | pd.Series,
        *,
        sample_weight: np.ndarray | None = None,
        holdout_texts: list[str] | None = None,
        holdout_labels: list[str] | None = None,
        max_features: int = 40000,
        keep_weights: int = 350_000,
        epochs: int = 6,
        seed: int = SEED,
    ) -> PostingClassifier:
        """Fit the vectoriser and the linear model; calibrate on the hold-out if given.

        Args:
            texts: Model texts (see :func:`model_text`).
            labels: Class codes.
            sample_weight: Optional per-row weights (corrections weigh more).
            holdout_texts: Held-out texts for the temperature fit.
            holdout_labels: Their labels.
            max_features: TF-IDF vocabulary size (most frequent n-grams).
            keep_weights: Number of largest |weights| kept after fitting (sparsification keeps
                the packaged model small; the rest are set to zero).
            epochs: Passes of stochastic gradient descent over the data.
            seed: Random seed (training is deterministic for a given seed and data).
        """
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import SGDClassifier

        vec = TfidfVectorizer(
            analyzer="char", ngram_range=(1, 3), min_df=2, max_features=max_features, sublinear_tf=True, dtype=np.float32
        )
        X = vec.fit_transform(list(texts))
        y = np.asarray(labels, dtype=object)
        clf = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=epochs, tol=None, random_state=seed)
        clf.fit(X, y, sample_weight=sample_weight)
        coef = clf.coef_.astype(np.float32)
        if keep_weights and coef.size > keep_weights:
            cut = np.partition(np.abs(coef).ravel(), coef.size - keep_weights)[coef.size - keep_weights]
            coef[np.abs(coef) < cut] = 0.0
        vocab = np.empty(len(vec.vocabulary_), dtype=object)
        for term, idx in vec.vocabulary_.items():
            vocab[idx] = term
        self.classes_ = np.asarray(clf.classes_, dtype=object)
        self.vocabulary = vocab
        self.idf = vec.idf_.astype(np.float16).astype(np.float32)  # as stored, so fitted == loaded
        self.coef = sp.csr_matrix(coef.astype(np.float16).astype(np.float32))
        self.intercept = clf.intercept_.astype(np.float32)
        self._dense_coef_t = None
        self._vocab_dict = None
        self.temperature = 1.0
        if holdout_texts is not None and len(holdout_texts):
            self.temperature = self._fit_temperature(holdout_texts, holdout_labels)
        return self

    def _fit_temperature(self, texts: list[str], labels: list[str]) -> float:
        """Temperature minimising the negative log-likelihood of the held-out labels."""
        dec = self.decision_function(texts)
        idx = {c: i for i, c in enumerate(self.classes_)}
        keep = np.array([lab in idx for lab in labels])
        dec = dec[keep]
        y = np.array([idx[lab] for lab, k in zip(labels, keep, strict=True) if k])
        if len(y) == 0:
            return 1.0
        best_t, best_nll = 1.0, np.inf
        for t in np.exp(np.linspace(np.log(0.05), np.log(20.0), 121)):
            z = dec / t
            z = z - z.max(axis=1, keepdims=True)
            logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
            nll = -logp[np.arange(len(y)), y].mean()
            if nll < best_nll:
                best_t, best_nll = float(t), nll
        return best_t

    # -- inference -------------------------------------------------------------------------------
    def transform(self, texts: list[str] | pd.Series) -> sp.csr_matrix:
        """TF-IDF features of ``texts``, identical to the fitted ``TfidfVectorizer``'s output.

        Re-implemented because sklearn's per-document counting dominates the time of large
        batches; here n-grams are looked up in one comprehension per text and the counting,
        sublinear tf, idf and l2 normalisation are vectorised.
        """
        if self._vocab_dict is None:
            if self.vocabulary is None:
                raise ModelError("the posting classifier is not fitted", hint="call fit() or load_or_train_classifier()")
            self._vocab_dict = {t: i for i, t in enumerate(self.vocabulary)}
        vocab = self._vocab_dict
        get = vocab.get
        indptr = [0]
        cols: list[int] = []
        ws = _WHITESPACE.sub
        for doc in texts:
            doc = ws(" ", doc)
            n = len(doc)
            ids = [get(doc[i : i + k]) for k in (1, 2, 3) for i in range(n - k + 1)]
            cols.extend(x for x in ids if x is not None)
            indptr.append(len(cols))
        n_docs = len(indptr) - 1
        col = np.asarray(cols, dtype=np.int32)
        row = np.repeat(np.arange(n_docs, dtype=np.int32), np.diff(np.asarray(indptr)))
        X = sp.csr_matrix((np.ones(len(col), dtype=np.float32), (row, col)), shape=(n_docs, len(vocab)))
        X.sum_duplicates()
        X.data = (np.log(X.data) + 1.0) * self.idf[X.indices]
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        X = sp.diags((1.0 / norms).astype(np.float32)) @ X
        return X.tocsr()

    def decision_function(self, texts: list[str] | pd.Series) -> np.ndarray:
        """Linear scores, shape (n_texts, n_classes)."""
        X = self.transform(list(texts))
        if self._dense_coef_t is None:
            # Sparse × dense is far faster than sparse × sparse; the dense copy is ~15 MB in memory.
            self._dense_coef_t = np.ascontiguousarray(self.coef.T.toarray(), dtype=np.float32)
        dec = X @ self._dense_coef_t
        return np.asarray(dec, dtype=np.float32) + self.intercept

    def predict_proba(self, texts: list[str] | pd.Series) -> np.ndarray:
        """Calibrated class probabilities, shape (n_texts, n_classes), rows sum to 1."""
        z = self.decision_function(texts) / np.float32(self.temperature)
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        return z

    def predict(self, texts: list[str] | pd.Series) -> np.ndarray:
        """Most probable class code per text."""
        return self.classes_[np.argmax(self.decision_function(texts), axis=1)]

    def top_k(self, texts: list[str] | pd.Series, k: int = 3, *, batch_size: int = 50_000) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` most probable classes and their probabilities, best first.

        Returns:
            ``(codes, probs)``, each of shape (n_texts, k).
        """
        texts = list(texts)
        codes = np.empty((len(texts), k), dtype=object)
        probs = np.empty((len(texts), k), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            p = self.predict_proba(texts[start : start + batch_size])
            part = np.argpartition(-p, kth=min(k, p.shape[1] - 1) - 1, axis=1)[:, :k]
            pk = np.take_along_axis(p, part, axis=1)
            order = np.argsort(-pk, axis=1, kind="stable")
            part = np.take_along_axis(part, order, axis=1)
            codes[start : start + len(p)] = self.classes_[part]
            probs[start : start + len(p)] = np.take_along_axis(pk, order, axis=1)
        return codes, probs

    # -- persistence -----------------------------------------------------------------------------
    def save(self, path: Path) -> Path:
        """Write the model to ``path`` (``.npz``: vocabulary, idf, sparse float16 weights, metadata)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        coef = self.coef.tocsr()
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            format=np.array(MODEL_FORMAT),
            classes=np.array(self.classes_, dtype="U8"),
            vocabulary=np.array(self.vocabulary, dtype="U3"),
            idf=self.idf.astype(np.float16),
            coef_data=coef.data.astype(np.float16),
            coef_indices=coef.indices.astype(np.int32),
            coef_indptr=coef.indptr.astype(np.int64),
            coef_shape=np.array(coef.shape),
            intercept=self.intercept.astype(np.float32),
            temperature=np.array(self.temperature),
            threshold=np.array(self.threshold),
            meta=np.array(json.dumps(self.meta, ensure_ascii=False)),
        )
        atomic_write_bytes(path, buf.getvalue())  # a crash never leaves half a model
        return path

    @classmethod
    def load(cls, path: Path) -> PostingClassifier:
        """Read a model written by :meth:`save`.

        Raises:
            ModelError: The file is missing, unreadable or of another format version.
        """
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as z:
                if int(z["format"]) != MODEL_FORMAT:
                    raise ModelError(f"{path}: model format {int(z['format'])}, expected {MODEL_FORMAT}", hint="retrain it")
                coef = sp.csr_matrix(
                    (z["coef_data"].astype(np.float32), z["coef_indices"], z["coef_indptr"]), shape=tuple(z["coef_shape"])
                )
                return cls(
                    classes_=z["classes"].astype(object),
                    vocabulary=z["vocabulary"].astype(object),
                    idf=z["idf"].astype(np.float32),
                    coef=coef,
                    intercept=z["intercept"].astype(np.float32),
                    temperature=float(z["temperature"]),
                    threshold=float(z["threshold"]),
                    meta=json.loads(str(z["meta"])),
                )
        except FileNotFoundError as exc:
            raise ModelError(f"{path}: no posting classifier model there", hint="run training or remove --models") from exc
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{path}: unreadable posting classifier model ({exc})", hint="delete it and retrain") from exc


# ----------------------------------------------------------------------------------------------
# Training data and training


def default_training_corpus() -> Path:
    """The committed real-postings corpus used for weak labelling (gold postings excluded)."""
    return resource_path("models") / "training" / "posting_titles.csv.gz"


def default_gold_path() -> Path:
    """The committed gold set: tests/data/crosswalk/gold_postings.csv in a source checkout, or
    ``<data>/crosswalk_gold/gold_postings.csv`` when a wheel packages it there."""
    checkout = resource_path("models").parent / "tests" / "data" / "crosswalk" / "gold_postings.csv"
    packaged = resource_path("data") / "crosswalk_gold" / "gold_postings.csv"
    return checkout if checkout.exists() or not packaged.exists() else packaged


def build_training_set(
    postings: pd.DataFrame | None = None,
    *,
    kb: KnowledgeBase | None = None,
    corrections: pd.DataFrame | None = None,
    synthetic_per_class: int = 120,
    cap_per_class: int = 1500,
    seed: int = SEED,
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

    Returns:
        Columns ``text``, ``label``, ``weight``, ``origin`` (weak|synthetic|correction).
    """
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
    out = out[out["text"].str.len() > 0]
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
    data = build_training_set(postings, kb=kb, corrections=corrections, seed=seed)
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
        "kb_sha256": _kb_hash(kb),
        "text_version": TEXT_VERSION,
        "corrections_sha256": _corrections_hash(corrections),
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


def _corrections_hash(corrections: pd.DataFrame | None) -> str:
    if corrections is None or not len(corrections):
        return ""
    cols = [c for c in ("title_key", "correct_major_class", "correct_major") if c in corrections]
    return _sha256(corrections[cols].to_csv(index=False).encode("utf-8"))[:16]


def load_or_train_classifier(
    models_dir: Path | None = None, *, corrections_path: Path | None = None, retrain: bool = False
) -> PostingClassifier:
    """Load the trained classifier, training (and saving) it when there is none that fits.

    Looks for ``<models_dir>/posting_classifier.npz`` (the workspace model), then the packaged
    model. A model is used only if it was trained on the current KB and, when a corrections file
    is given, on those corrections; otherwise a new one is trained and saved to ``models_dir``
    (if given). This is how corrections enter training on the next run.

    Args:
        models_dir: Workspace model folder (e.g. ``workspace/models``), or ``None``.
        corrections_path: Analyst corrections CSV (see :func:`read_corrections`), if any.
        retrain: Train even if a fitting model exists.
    """
    kb = load_knowledge_base()
    corrections = read_corrections(corrections_path) if corrections_path and Path(corrections_path).exists() else None
    want = (_kb_hash(kb), _corrections_hash(corrections), TEXT_VERSION)
    candidates = []
    if models_dir is not None:
        candidates.append(Path(models_dir) / MODEL_FILE)
    candidates.append(resource_path("models") / MODEL_FILE)
    if not retrain:
        for path in candidates:
            if path.exists():
                clf = PostingClassifier.load(path)
                have = (clf.meta.get("kb_sha256"), clf.meta.get("corrections_sha256", ""), clf.meta.get("text_version"))
                if have == want:
                    return clf
    clf = train_classifier(corrections=corrections, kb=kb)
    if models_dir is not None:
        clf.save(Path(models_dir) / MODEL_FILE)
    return clf


# ----------------------------------------------------------------------------------------------
# Classification


def _find_column(df: pd.DataFrame, aliases: tuple[str, ...]) -> str | None:
    lower = {str(c).strip().lower(): c for c in df.columns}
    for a in aliases:
        if a.lower() in lower:
            return lower[a.lower()]
    return None


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
    tcol = _find_column(df, TITLE_ALIASES)
    if tcol is None:
        raise ValidationError(
            "postings table has no title column", [f"columns present: {list(df.columns)[:20]}"], hint="add a 'title' column"
        )
    dcol = _find_column(df, DESCRIPTION_ALIASES)
    ecol = _find_column(df, EDUCATION_ALIASES)
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


def _read_table(path: Path) -> pd.DataFrame:
    import csv

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".parquet"):
        raise InputFileError(f"{path}: unsupported file type {suffix!r}", hint="use .csv, .tsv, .xlsx or .parquet")
    if not path.is_file():
        raise InputFileError(f"{path}: file not found", hint="check the path given to --input")
    if path.stat().st_size == 0:
        raise InputFileError(f"{path}: file is empty", hint="give a table with a title column")
    try:
        if suffix in (".csv", ".tsv"):
            from talentcast.ingest.readers import detect_encoding

            # Analysts' exports are often GBK/GB18030: detect like `ingest` does rather than assume UTF-8.
            enc = detect_encoding(path)
            enc = "utf-8-sig" if enc.lower().replace("_", "-") in ("utf-8", "utf8", "ascii") else enc
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=enc, sep="," if suffix == ".csv" else "\t")
        if suffix in (".xlsx", ".xlsm", ".xls"):
            return pd.read_excel(path, dtype=str).fillna("")
        if suffix == ".parquet":
            return pd.read_parquet(path)
    except FileNotFoundError as exc:
        raise InputFileError(f"{path}: file not found") from exc
    except InputFileError as exc:  # from encoding detection, worded for `ingest`
        raise InputFileError(exc.message.replace("; nothing of it was ingested", ""), hint=exc.hint) from None
    except (OSError, ValueError, UnicodeDecodeError, ImportError, csv.Error) as exc:
        raise InputFileError(f"{path}: cannot read as {suffix[1:]} ({exc})", hint="save it as CSV, XLSX or parquet") from exc
    raise InputFileError(f"{path}: unsupported file type {suffix!r}", hint="use .csv, .tsv, .xlsx or .parquet")


def _write_table(df: pd.DataFrame, path: Path) -> None:
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        df.to_csv(path, index=False, encoding="utf-8-sig")  # BOM so Excel opens Chinese correctly
    elif suffix in (".xlsx", ".xlsm"):
        # Titles are user data: a title such as "=cmd|' /C calc'!A0" must stay text, not
        # become a live formula in the analyst's spreadsheet.
        with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False}}) as xw:
            df.to_excel(xw, index=False)
    elif suffix == ".parquet":
        df.to_parquet(path, index=False)
    else:
        raise InputFileError(f"{path}: unsupported output type {suffix!r}", hint="use .csv, .xlsx or .parquet")


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
    df = _read_table(input)
    if _find_column(df, TITLE_ALIASES) is None:
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
    _write_table(out, output)
    if review_path is not None:
        write_review_file(out, review_path)
    return out


# ----------------------------------------------------------------------------------------------
# Review loop

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
    tcol = _find_column(df, TITLE_ALIASES) or "title"
    dcol = _find_column(df, DESCRIPTION_ALIASES)
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
    path.parent.mkdir(parents=True, exist_ok=True)
    rev.to_csv(path, index=False, encoding="utf-8-sig")
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


# ----------------------------------------------------------------------------------------------
# Evaluation


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
        top3_all, none_unclassified, top1_unseen_titles (rows whose title is not in the training
        corpus) and n_unseen_titles.

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
    unseen = m & ~gold["title"].map(normalise_title).isin(seen).to_numpy()

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
        "gold_path": str(gold_path),
    }


def format_evaluation(result: dict) -> str:
    """Human-readable summary of :func:`evaluate` for the CLI."""
    return (
        f"gold set: {result['n']} labelled postings (+{result['n_none']} 'none'), threshold {result['threshold']:.2f}\n"
        f"  top-1 accuracy {result['top1']:.1%}   top-3 {result['top3']:.1%}   at coverage {result['coverage']:.1%}\n"
        f"  over all labelled rows (unclassified = wrong): top-1 {result['top1_all']:.1%}, top-3 {result['top3_all']:.1%}\n"
        f"  'none' rows left unclassified: {result['none_unclassified']:.1%}\n"
        f"  titles not in the training corpus: {result['n_unseen_titles']}, top-1 {result['top1_unseen_titles']:.1%}"
    )


def kb_path() -> Path:
    """Path of the knowledge base in use (for reports and the CLI)."""
    return default_kb_path()
