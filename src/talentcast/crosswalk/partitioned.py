"""Posting classification mapped over row partitions on an :class:`~talentcast.executor.Engine`.

Moved here from ``talentcast.ingest.parallel`` when the parallel postings ingest was removed
(it did not scale: 0.95× with a 2-worker pool and 0.68× on Dask for 10M postings, see
benchmarks/RESULTS.md); classification is the crosswalk's step, and it does scale by rows.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from talentcast.executor import Engine, split_frame_rows, tune_worker_memory


def _classify_part(df: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
    from talentcast.crosswalk.classifier import classify_frame

    tune_worker_memory()
    return classify_frame(df, **kwargs)


def classify_partitioned(df: pd.DataFrame, engine: Engine | None = None, *, partition_rows: int = 50_000, classifier: Any = None,
                         **kwargs: Any) -> pd.DataFrame:
    """:func:`talentcast.crosswalk.classifier.classify_frame` mapped over row partitions.

    The classifier is loaded once on the driver and shipped with the function, so every
    worker uses the same model; rows are classified independently, so the result equals one
    ``classify_frame`` call over the whole table (same index, same order).

    Args:
        df: Postings (a ``title`` column, optionally ``description`` and ``education``).
        engine: Where partitions run (default: in-process).
        partition_rows: Rows per partition.
        classifier: The model (default: :func:`load_or_train_classifier`).
        **kwargs: ``threshold``, ``corrections``, ``kb`` as for ``classify_frame``.
    """
    from talentcast.crosswalk.classifier import load_or_train_classifier

    engine = engine or Engine()
    if classifier is None:
        classifier = load_or_train_classifier()
    parts = split_frame_rows(df, partition_rows)
    out = engine.map(partial(_classify_part, classifier=classifier, **kwargs), parts)
    if len(out) == 1:
        return out[0]
    # Per-row arrays in attrs (the top suggestion of unclassified rows) are concatenated too.
    attrs = [o.attrs for o in out]
    for o in out:
        o.attrs = {}
    res = pd.concat(out)
    for key in attrs[0]:
        vals = [a.get(key) for a in attrs]
        if all(isinstance(v, np.ndarray) and len(v) == len(o) for v, o in zip(vals, out)):
            res.attrs[key] = np.concatenate(vals)
        else:
            res.attrs[key] = vals[0]
    return res
