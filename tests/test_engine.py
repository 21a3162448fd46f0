"""The execution layer: local and Dask engines give identical results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from talentcast.engine import Engine, chunked, forecast_partitioned, split_frame_by_key


def _series(n=40, length=15, seed=3):
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        level = rng.uniform(50, 500)
        growth = rng.normal(0.02, 0.03)
        for t in range(length):
            rows.append((f"s{i:03d}", 2005 + t, level * (1 + growth) ** t * rng.lognormal(0, 0.03)))
    return pd.DataFrame(rows, columns=["series_id", "period", "value"])


def test_split_never_cuts_a_series():
    df = _series()
    parts = split_frame_by_key(df, "series_id", 7)
    assert sum(len(p) for p in parts) == len(df)
    seen = [set(p["series_id"]) for p in parts]
    assert all(a.isdisjoint(b) for i, a in enumerate(seen) for b in seen[i + 1 :])


def test_chunked():
    assert chunked(range(5), 2) == [[0, 1], [2, 3], [4]]


def test_process_pool_equals_in_process():
    df = _series()
    a = forecast_partitioned(df, 4, Engine(workers=1), partition_size=10)
    b = forecast_partitioned(df, 4, Engine(workers=2), partition_size=10)
    pd.testing.assert_frame_equal(a.sort_values(["series_id", "period"]).reset_index(drop=True), b.sort_values(["series_id", "period"]).reset_index(drop=True))


@pytest.mark.slow
def test_dask_local_cluster_equals_local():
    distributed = pytest.importorskip("distributed")
    df = _series()
    local = forecast_partitioned(df, 4, Engine(), partition_size=10)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = forecast_partitioned(df, 4, Engine(scheduler=cluster.scheduler_address), partition_size=10)
    pd.testing.assert_frame_equal(
        local.sort_values(["series_id", "period"]).reset_index(drop=True), remote.sort_values(["series_id", "period"]).reset_index(drop=True)
    )
