"""One execution layer, two engines: local (in-process or a process pool) and Dask distributed.

Stages hand the engine a pure function and partitions (file chunks, groups of series); the
engine returns the results in the order of the partitions, so the output is the same whichever
engine ran it::

    engine = Engine.from_settings(settings)       # --scheduler / TALENTCAST_DASK_SCHEDULER / [engine]
    results = engine.map(func, partitions)         # a list, in order
    for r in engine.imap(func, partitions):        # streamed in order, bounded memory
        ...
    forecast_partitioned(series, horizon, engine)  # == forecast_frame(series, horizon), bit for bit

Posting classification over row partitions: :mod:`talentcast.crosswalk.partitioned`. Functions
sent to Dask workers must be importable (module-level) and their partitions picklable; workers
open input files by path, so they need the same filesystem view as the driver.
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
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
        connect_timeout_s: How long to try to reach the Dask scheduler.
    """

    scheduler: str | None = None
    workers: int = 1
    connect_timeout_s: float = 20.0

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
            return _dask_map(self.scheduler, func, partitions, self.connect_timeout_s)
        if self.workers > 1 and len(partitions) > 1:
            with ProcessPoolExecutor(max_workers=min(self.workers, len(partitions))) as pool:
                return list(pool.map(func, partitions))
        return [func(p) for p in partitions]

    def imap(self, func: Callable[[T], R], partitions: Iterable[T], window: int | None = None) -> Iterator[R]:
        """Like :meth:`map`, but yield results in order as they arrive, with at most ``window``
        partitions in flight (default: twice the workers), so memory stays bounded while the
        caller consumes (e.g. writes) earlier results. ``partitions`` is consumed lazily, so a
        generator can plan the next partitions while the first ones run."""
        it = iter(partitions)
        first = next(it, _DONE)
        if first is _DONE:
            return iter(())
        parts = itertools.chain([first], it)
        if self.scheduler:
            return _dask_imap(self.scheduler, func, parts, window, self.connect_timeout_s)
        if self.workers > 1:
            return _pool_imap(self.workers, func, parts, window or 2 * self.workers)
        return (func(p) for p in parts)


_DONE = object()


def _sliding(submit: Callable[[Any], Any], result: Callable[[Any], Any], partitions: Iterable[Any], window: int) -> Iterator[Any]:
    """Keep ``window`` partitions submitted; yield their results in partition order."""
    pending: deque[Any] = deque()
    it = iter(partitions)
    for p in itertools.islice(it, window):
        pending.append(submit(p))
    while pending:
        out = result(pending.popleft())
        nxt = next(it, _DONE)
        if nxt is not _DONE:
            pending.append(submit(nxt))
        yield out


def _pool_imap(workers: int, func: Callable[[T], R], partitions: Iterable[T], window: int) -> Iterator[R]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            yield from _sliding(lambda p: pool.submit(func, p), lambda f: f.result(), partitions, window)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _client(address: str, timeout_s: float = 20.0):
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - depends on the optional extra
        raise ConfigError(
            "a Dask scheduler was given but dask.distributed is not installed",
            hint="pip install 'talentcast[dask]'",
        ) from None
    try:
        return Client(address, timeout=f"{timeout_s}s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address} ({exc})", hint="check --scheduler / TALENTCAST_DASK_SCHEDULER") from None


def _dask_imap(address: str, func: Callable[[T], R], partitions: Iterable[T], window: int | None, timeout_s: float) -> Iterator[R]:
    client = _client(address, timeout_s)
    try:
        n = window or 2 * max(1, len(client.scheduler_info().get("workers", {})))
        yield from _sliding(lambda p: client.submit(func, p, pure=False), lambda f: f.result(), partitions, max(1, n))
    finally:
        client.close()


def _dask_map(address: str, func: Callable[[T], R], partitions: list[T], timeout_s: float) -> list[R]:
    client = _client(address, timeout_s)
    try:
        futures = client.map(func, partitions, pure=False)
        return client.gather(futures)
    finally:
        client.close()


_MALLOC_TUNED = False
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def tune_worker_memory() -> None:
    """Undo the allocator setting that makes numpy code several times slower in Dask workers.

    Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (to hand freed memory
    back to the OS). Setting it switches off glibc's dynamic mmap threshold, so every
    temporary array above 128 KiB is mmap'd and unmapped again, and its pages are faulted in
    afresh each time: the panel forecast ran 4–5x slower in a worker than in-process (see
    benchmarks/RESULTS.md, scale-out). Raising the mmap threshold to 32 MiB (glibc's own ceiling)
    and the trim threshold to 64 MiB restores in-process speed; a worker still returns memory
    above that. Does nothing outside Linux or where the variable is not set. Idempotent.
    """
    global _MALLOC_TUNED
    if _MALLOC_TUNED or not os.environ.get("MALLOC_TRIM_THRESHOLD_") or not sys.platform.startswith("linux"):
        return
    _MALLOC_TUNED = True
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20)
        libc.mallopt(_M_TRIM_THRESHOLD, 64 << 20)
    except (OSError, AttributeError):  # not glibc
        pass


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


def split_frame_rows(df: pd.DataFrame, rows: int) -> list[pd.DataFrame]:
    """Split a table into consecutive partitions of at most ``rows`` rows (at least one part)."""
    rows = max(1, int(rows))
    if len(df) <= rows:
        return [df]
    return [df.iloc[i : i + rows] for i in range(0, len(df), rows)]


def forecast_partitioned(
    series: pd.DataFrame,
    horizon: int,
    engine: Engine | None = None,
    partition_size: int = 2000,
    *,
    levels: Sequence[int] = (80, 95),
    nonnegative: bool = True,
    level_shifts: Any = None,
    config: Any = None,
) -> pd.DataFrame:
    """Forecast a long table on the engine, one partition of whole series at a time.

    :func:`talentcast.forecast.forecast_frame` with ``executor=`` this engine (whose
    workers first undo Dask's allocator setting, see :func:`tune_worker_memory`); the
    result equals the in-process one bit for bit.
    """
    from talentcast.forecast import forecast_frame

    return forecast_frame(series, horizon, levels=levels, nonnegative=nonnegative, level_shifts=level_shifts,
                          config=config, executor=_TunedExecutor(engine or Engine()), partition_size=partition_size)


@dataclass(frozen=True)
class _TunedExecutor:
    """An engine whose tasks tune the worker's allocator before they run."""

    engine: Engine

    def map(self, func: Callable, items: Iterable) -> list:
        return self.engine.map(partial(_tuned, func), list(items))


def _tuned(func: Callable, item: Any) -> Any:
    tune_worker_memory()
    return func(item)
