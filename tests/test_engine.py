"""The execution layer: local and Dask engines give identical results.

Series are SYNTHETIC (seeded): yearly, lengths 1–25, ending in different years, some with a
level shift, so that short-series, shift-detection and calibration paths all run.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
import pytest

from talentcast.config import Settings
from talentcast.executor import Engine, chunked, forecast_partitioned, split_frame_by_key, split_frame_rows
from talentcast.forecast import forecast_frame


def _series(n=40, seed=3):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        level = rng.uniform(50, 500)
        growth = rng.normal(0.02, 0.03)
        length = int(rng.integers(1, 26))
        end = 2024 - int(rng.integers(0, 3))
        for t in range(length):
            v = level * (1 + growth) ** t * rng.lognormal(0, 0.04)
            if i % 7 == 0 and t > length // 2:
                v *= 1.7  # a level shift
            rows.append((f"s{i:04d}", end - length + 1 + t, v))
    return pd.DataFrame(rows, columns=["series_id", "period", "value"])


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def panel():
    return _series(120)


@pytest.fixture(scope="module")
def whole(panel):
    return forecast_frame(panel, 4).reset_index(drop=True)


def test_split_never_cuts_a_series():
    df = _series()
    parts = split_frame_by_key(df, "series_id", 7)
    assert sum(len(p) for p in parts) == len(df)
    seen = [set(p["series_id"]) for p in parts]
    assert all(a.isdisjoint(b) for i, a in enumerate(seen) for b in seen[i + 1 :])


def test_chunked_and_split_rows():
    assert chunked(range(5), 2) == [[0, 1], [2, 3], [4]]
    df = pd.DataFrame({"a": range(10)})
    assert [len(p) for p in split_frame_rows(df, 4)] == [4, 4, 2]
    assert len(split_frame_rows(df.iloc[:0], 4)) == 1


def test_in_process_partitions_equal_whole_panel(panel, whole):
    # Intervals are calibrated on errors pooled across the panel: partitioning must not change them.
    out = forecast_partitioned(panel, 4, Engine(), partition_size=25)
    pd.testing.assert_frame_equal(whole, out, check_exact=True)


def test_calibration_subset_matches_whole_panel(panel, monkeypatch):
    # Above MAX_CALIBRATION_SERIES the engine calibrates on a seeded subset of the whole panel.
    from talentcast.forecast import panel_forecast as fe

    monkeypatch.setattr(fe, "MAX_CALIBRATION_SERIES", 30)
    a = forecast_frame(panel, 3).reset_index(drop=True)
    b = forecast_partitioned(panel, 3, Engine(), partition_size=20)
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_process_pool_equals_whole_panel(panel, whole):
    out = forecast_partitioned(panel, 4, Engine(workers=2), partition_size=30)
    pd.testing.assert_frame_equal(whole, out, check_exact=True)


@pytest.mark.slow
def test_dask_local_cluster_equals_whole_panel(panel, whole, dask_cluster):
    out = forecast_partitioned(panel, 4, Engine(scheduler=dask_cluster.scheduler_address), partition_size=30)
    pd.testing.assert_frame_equal(whole, out, check_exact=True)


def _slow_square(x):
    time.sleep(0.05 * (x % 3))
    return x * x


@pytest.mark.slow
def test_imap_keeps_order_on_every_engine(dask_cluster):
    for engine in (Engine(), Engine(workers=2), Engine(scheduler=dask_cluster.scheduler_address)):
        assert list(engine.imap(_slow_square, range(9), window=3)) == [x * x for x in range(9)]
        assert engine.map(_slow_square, range(5)) == [0, 1, 4, 9, 16]
        assert list(engine.imap(_slow_square, [])) == []


def _pid(_):
    return os.getpid()


@pytest.mark.slow
def test_dask_runs_in_worker_processes(dask_cluster):
    pids = set(Engine(scheduler=dask_cluster.scheduler_address).map(_pid, range(8)))
    assert os.getpid() not in pids


@pytest.mark.slow
def test_from_settings_reads_scheduler_env(monkeypatch):
    monkeypatch.setenv("TALENTCAST_DASK_SCHEDULER", "tcp://10.0.0.1:8786")
    e = Engine.from_settings(Settings(workers=3))
    assert e.scheduler == "tcp://10.0.0.1:8786" and e.kind == "dask"
    e = Engine.from_settings(Settings(scheduler="tcp://h:1", workers=2))
    assert e.scheduler == "tcp://h:1"
    monkeypatch.delenv("TALENTCAST_DASK_SCHEDULER")
    assert Engine.from_settings(Settings(workers=2)).kind == "process-pool"
    assert Engine.from_settings(Settings()).kind == "in-process"


@pytest.mark.slow
def test_unreachable_scheduler_is_a_config_error():
    from talentcast.errors import ConfigError

    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        Engine(scheduler="tcp://127.0.0.1:1", connect_timeout_s=2).map(_pid, [1])
