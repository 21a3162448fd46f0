"""One execution layer, two engines: local (in-process or a process pool) and Dask distributed.

Stages hand the engine a pure function and a list of partitions (file chunks, groups of
series); the engine returns the results in the order of the partitions, so the output is the
same whichever engine ran it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from talentcast.errors import ConfigError

log = logging.getLogger("talentcast")
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Engine:
    """Where partitions run.

    Attributes:
        scheduler: Dask scheduler address (``tcp://host:8786``); None runs locally.
        workers: Local worker processes; 1 runs in-process.
    """

    scheduler: str | None = None
    workers: int = 1

    @classmethod
    def from_settings(cls, settings) -> Engine:
        scheduler = settings.scheduler or os.environ.get("TALENTCAST_DASK_SCHEDULER") or None
        return cls(scheduler=scheduler, workers=max(1, int(settings.workers)))

    @property
    def kind(self) -> str:
        return "dask" if self.scheduler else ("process-pool" if self.workers > 1 else "in-process")

    def map(self, func: Callable[[T], R], partitions: Sequence[T]) -> list[R]:
        """Apply ``func`` to every partition; results keep the partitions' order."""
        partitions = list(partitions)
        if not partitions:
            return []
        if self.scheduler:
            return _dask_map(self.scheduler, func, partitions)
        if self.workers > 1 and len(partitions) > 1:
            with ProcessPoolExecutor(max_workers=min(self.workers, len(partitions))) as pool:
                return list(pool.map(func, partitions))
        return [func(p) for p in partitions]


def _dask_map(address: str, func: Callable[[T], R], partitions: list[T]) -> list[R]:
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - depends on the optional extra
        raise ConfigError(
            "a Dask scheduler was given but dask.distributed is not installed",
            hint="pip install 'talentcast[dask]'",
        ) from None
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address} ({exc})", hint="check --scheduler / TALENTCAST_DASK_SCHEDULER") from None
    try:
        futures = client.map(func, partitions, pure=False)
        return client.gather(futures)
    finally:
        client.close()


def split_frame_by_key(df: pd.DataFrame, key: str, n_partitions: int) -> list[pd.DataFrame]:
    """Split a long table into partitions that never cut a key (a series) in two."""
    if df.empty or n_partitions <= 1:
        return [df]
    keys = pd.unique(df[key])
    chunks = np.array_split(keys, min(n_partitions, len(keys)))
    index = df.groupby(key, sort=False).indices
    return [df.iloc[np.concatenate([index[k] for k in chunk])] for chunk in chunks if len(chunk)]


def chunked(items: Iterable[T], size: int) -> list[list[T]]:
    """Group items into lists of at most ``size``."""
    out: list[list[T]] = []
    for item in items:
        if not out or len(out[-1]) >= size:
            out.append([])
        out[-1].append(item)
    return out


def forecast_partitioned(series: pd.DataFrame, horizon: int, engine: Engine, partition_size: int = 2000, **kwargs: Any) -> pd.DataFrame:
    """Forecast a long table on the engine, one partition of whole series at a time."""
    from functools import partial

    from talentcast.forecast import forecast_frame

    n = max(1, series["series_id"].nunique() // partition_size)
    parts = split_frame_by_key(series, "series_id", n)
    results = engine.map(partial(forecast_frame, horizon=horizon, **kwargs), parts)
    return pd.concat(results, ignore_index=True) if results else pd.DataFrame()
