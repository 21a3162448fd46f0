"""Every lake table is readable as it is by pandas, pyarrow.dataset, DuckDB and Polars.

Also when a table is empty (a 0-row schema file, not an empty folder) and when its partition
column is null on every row (pyarrow cannot type a column whose every folder is
``__HIVE_DEFAULT_PARTITION__``). The fast tests build small lakes by hand; the slow one reads
every table of the demo workspace.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pytest

from talentcast import schema
from talentcast.lake import Lake


def _posting(n: int, year: int | None) -> pd.DataFrame:
    return pd.DataFrame({
        "posting_id": [f"{i:016x}" for i in range(n)], "dedup_key": [f"{i:016x}" for i in range(n)],
        "is_duplicate": [False] * n, "source": ["zhaopin"] * n, "file": ["a.csv"] * n, "record_no": list(range(1, n + 1)),
        "title": ["焊工"] * n, "year": [year] * n,
    })


def _sql(query: str) -> list[tuple]:
    return duckdb.connect().execute(query).fetchall()


def read_four_ways(table_dir: Path) -> dict[str, int]:
    """Row counts of one table folder as pandas, pyarrow.dataset, DuckDB and Polars read it."""
    glob = f"{table_dir}/**/*.parquet"
    return {
        "pandas": len(pd.read_parquet(table_dir)),
        "pyarrow": ds.dataset(table_dir, format="parquet", partitioning="hive").count_rows(),
        "duckdb": _sql(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true)")[0][0],
        "polars": pl.scan_parquet(glob, hive_partitioning=True).select(pl.len()).collect().item(),
    }


def test_empty_tables_are_readable_with_their_columns(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    with lake.transaction() as tx:
        tx.append("postings", _posting(0, 2024))          # a spec'd, partitioned table
        tx.replace("mart_gap", pd.DataFrame(columns=schema.MART_GAP.names))
    for table in ("postings", "mart_gap"):
        assert lake.exists(table) and len(lake.read(table)) == 0
        assert read_four_ways(lake.path(table)) == {"pandas": 0, "pyarrow": 0, "duckdb": 0, "polars": 0}, table
    assert list(lake.read("postings").columns) == schema.POSTINGS.names
    con = duckdb.connect()
    con.execute(f"SELECT * FROM read_parquet('{lake.path('mart_gap')}/**/*.parquet')")
    assert [d[0] for d in con.description] == schema.MART_GAP.names


def test_undated_postings_are_readable(tmp_path: Path) -> None:
    """Postings without a date (null year) were a __HIVE_DEFAULT_PARTITION__ folder pandas could not read."""
    lake = Lake(tmp_path / "lake")
    with lake.transaction() as tx:
        tx.append("postings", _posting(3, None))
        tx.append("postings", _posting(2, 2024).assign(posting_id=["x1", "x2"]))
    assert read_four_ways(lake.path("postings")) == {"pandas": 5, "pyarrow": 5, "duckdb": 5, "polars": 5}
    nulls = _sql(f"SELECT count(*) FROM read_parquet('{lake.path('postings')}/**/*.parquet', hive_partitioning = true) "
                 "WHERE year IS NULL")[0][0]
    assert nulls == 3 and pd.read_parquet(lake.path("postings"))["year"].isna().sum() == 3
    assert all(p.is_dir() and "__HIVE_DEFAULT_PARTITION__" not in p.name for p in lake.path("postings").iterdir())


def test_every_partition_column_is_required() -> None:
    for spec in schema.TABLES.values():
        assert all(not spec.column(c).nullable for c in spec.partition_cols), spec.name


def test_postings_partitioned_by_year_are_repartitioned_on_open(tmp_path: Path) -> None:
    """A version-1 postings table (year=…/ folders, undated ones in __HIVE_DEFAULT_PARTITION__)."""
    import pyarrow.parquet as pq

    base = tmp_path / "lake" / "postings"
    spec = schema.POSTINGS
    rows = {"2024": _posting(2, 2024), "__HIVE_DEFAULT_PARTITION__": _posting(1, None).assign(posting_id=["u"])}
    for i, (year, df) in enumerate(rows.items()):
        (base / f"year={year}").mkdir(parents=True)
        tbl = schema.to_arrow("postings", schema.validate("postings", df), without=("year",))
        pq.write_table(tbl, base / f"year={year}" / f"part-20240101T000000000000-aaaa{i}-00000.parquet")
    lake = Lake(tmp_path / "lake")
    assert [p.name for p in base.iterdir()] == ["source=zhaopin"]
    df = lake.read("postings").sort_values("posting_id")
    assert df["year"].tolist()[:2] == [2024, 2024] and pd.isna(df["year"].iloc[2])
    names = sorted(p.name for p in base.rglob("*.parquet"))
    assert {n.rsplit("-", 1)[0] for n in names} == {"part-20240101T000000000000-aaaa0", "part-20240101T000000000000-aaaa1"}
    assert read_four_ways(base) == {"pandas": 3, "pyarrow": 3, "duckdb": 3, "polars": 3}


def test_an_empty_table_gets_rows_and_its_schema_file_goes(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    with lake.transaction() as tx:
        tx.append("postings", _posting(0, None))
    assert [p.parent == lake.path("postings") for p in lake.path("postings").rglob("*.parquet")] == [True]
    with lake.transaction() as tx:
        tx.append("postings", _posting(4, 2023))
    files = list(lake.path("postings").rglob("*.parquet"))
    assert [p.parent.name for p in files] == ["source=zhaopin"], "a root-level schema file beside partitions breaks DuckDB"
    assert read_four_ways(lake.path("postings")) == {"pandas": 4, "pyarrow": 4, "duckdb": 4, "polars": 4}


def test_quarantine_partition_column_is_not_an_sql_keyword(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    q = pd.DataFrame({"source_table": ["postings", "statistics"], "file": ["a", "b"], "line": [1, 2], "raw": ["r", "s"],
                      "reason": ["bad_record", "bad_year"], "detail": [None, None]})
    with lake.transaction() as tx:
        tx.append("quarantine", q)
    assert "source_table" in schema.QUARANTINE.partition_cols and "table" not in schema.QUARANTINE.names
    rows = _sql(f"SELECT source_table, reason FROM read_parquet('{lake.path('quarantine')}/**/*.parquet', "
                "hive_partitioning = true) ORDER BY source_table")
    assert rows == [("postings", "bad_record"), ("statistics", "bad_year")]
    assert lake.quarantine_counts() == {"postings:bad_record": 1, "statistics:bad_year": 1}


def test_a_lake_of_schema_version_1_is_migrated_on_open(tmp_path: Path) -> None:
    """Quarantine folders named ``table=…`` (version 1) become ``source_table=…``."""
    lake = Lake(tmp_path / "lake")
    q = pd.DataFrame({"source_table": ["postings"], "file": ["a"], "line": [1], "raw": ["r"], "reason": ["bad_record"], "detail": [None]})
    with lake.transaction() as tx:
        tx.append("quarantine", q)
    part = lake.path("quarantine") / "source_table=postings"
    part.rename(part.with_name("table=postings"))
    reopened = Lake(tmp_path / "lake")
    assert (reopened.path("quarantine") / "source_table=postings").is_dir()
    assert reopened.read("quarantine")["source_table"].tolist() == ["postings"]


@pytest.mark.slow
@pytest.mark.demo
def test_every_demo_table_reads_in_four_engines(demo_workspace) -> None:
    root, _ = demo_workspace
    lake = Lake(root / "lake")
    tables = lake.tables()
    assert {"statistics", "postings", "programmes", "quarantine", "mart_gap"} <= set(tables)
    for t in tables:
        n = lake.row_count(t)
        assert read_four_ways(lake.path(t)) == {"pandas": n, "pyarrow": n, "duckdb": n, "polars": n}, t
    reasons = set(lake.read("quarantine")["reason"])
    doc = (Path(__file__).parents[1] / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert all(f"| `{r}` |" in doc for r in reasons), reasons
