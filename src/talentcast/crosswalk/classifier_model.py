"""The posting classifier itself: text preparation, the sparse linear model, saving and loading.

Method and figures: ``models/posting_classifier.md``. TF-IDF over character 1–3-grams (Chinese
needs no tokenizer) and a linear classifier (scikit-learn ``SGDClassifier``, logistic loss,
one-vs-rest), sparsified and stored as float16 so the packaged model stays small;
probabilities are a softmax of the decision values with a temperature fitted on held-out weak
labels. Training: :mod:`talentcast.crosswalk.classifier_training`; applying it to postings:
:mod:`talentcast.crosswalk.classifier`.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from talentcast.workspace import atomic_write
from talentcast.crosswalk.text_normalise import normalise_title
from talentcast.errors import ModelError

MODEL_FILE = "posting_classifier.npz"
MODEL_FORMAT = 1
#: Version of the text preparation (normalisation, model_text); a model made with another is retrained.
TEXT_VERSION = 2
#: Fallback confidence threshold when the held-out rule cannot be applied (too few rows).
DEFAULT_THRESHOLD = 0.40
SEED = 20261123

#: Column names the classifier accepts for a posting's title, description and education.
TITLE_ALIASES = ("title", "job_title", "jobname", "jobName", "职位", "职位名称", "岗位", "岗位名称", "招聘岗位")
DESCRIPTION_ALIASES = ("description", "desc", "tags", "job_description", "职位描述", "岗位职责", "描述", "岗位描述")
EDUCATION_ALIASES = ("education", "degree", "edu", "eduLevel", "学历", "学历要求")
_DESC_SPACE = re.compile(r"\s+")
_WHITESPACE = re.compile(r"\s\s+")  # as sklearn's char analyzer: runs of whitespace -> one space


def find_column(df: pd.DataFrame, aliases: tuple[str, ...]) -> str | None:
    """The first column of ``df`` named like one of ``aliases`` (case-insensitive), else ``None``."""
    lower = {str(c).strip().lower(): c for c in df.columns}
    for a in aliases:
        if a.lower() in lower:
            return lower[a.lower()]
    return None


def model_text(title: object, description: object = "") -> str:
    """The text the model sees: normalised title, then `` | `` and the start of the description."""
    t = normalise_title(title)
    if description is None or (isinstance(description, float) and description != description):
        return t
    d = _DESC_SPACE.sub(" ", unicodedata.normalize("NFKC", str(description)).lower()).strip()[:150]
    return f"{t} | {d}" if d else t


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
        return atomic_write(path, lambda tmp: tmp.write_bytes(buf.getvalue()))  # never half a model

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

