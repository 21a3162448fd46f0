"""The lake: the only place that reads and writes parquet in a workspace.

Layout (hive, readable as is by DuckDB, Polars, Spark and Dask)::

    lake/<table>/[<col>=<val>/]part-<txid>-<n>.parquet
    lake/_manifest/part-<txid>.parquet     ingested-files manifest (one row per file)
    lake/_txlog/<txid>.json                commit journal (present only while committing)
    lake/_staging/<txid>/...               files written by an open transaction
    lake/_trash/<txid>/...                 tables replaced by a committing transaction

Atomicity: a transaction writes everything under ``_staging/<txid>/``. Commit writes the
journal (the list of renames) atomically, then renames staged files into place, then writes
the manifest part last, then deletes the journal. A crash before the journal exists leaves
the lake untouched (the staging folder is removed at the next open); a crash after it is rolled
forward at the next open. Readers ignore ``_``-prefixed folders, so staged files are never read.
Commits are serialised with an exclusive ``flock`` on ``lake/_lock``.

Every parquet file carries ``talentcast.table`` and ``talentcast.schema_version`` metadata.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from talentcast import schema as _schema
from talentcast.errors import LakeError

_HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
_MANIFEST_SCHEMA = pa.schema(
    [
        ("sha256", pa.string()),
        ("path", pa.string()),
        ("table", pa.string()),
        ("txid", pa.string()),
        ("ingested_at", pa.timestamp("us", tz="UTC")),
        ("stats", pa.string()),
    ]
)
_IGNORE = ["_", "."]


def _new_txid() -> str:
    # Sortable by time, unique across processes.
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:8]


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _partition_value(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA or v is pd.NaT:
        return _HIVE_NULL
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v)
    # Hive values must not contain path separators; '=' is legal after the first one.
    return s.replace("/", "%2F").replace("\\", "%5C")


class Transaction:
    """An all-or-nothing set of writes to the lake; obtain it from :meth:`Lake.transaction`."""

    def __init__(self, lake: Lake, txid: str) -> None:
        self.lake = lake
        self.txid = txid
        self.staging = lake.root / "_staging" / txid
        self.staging.mkdir(parents=True, exist_ok=True)
        self._n = 0
        self._replaced: set[str] = set()
        self._manifest_rows: list[dict[str, Any]] = []
        self.rows_written: dict[str, int] = {}

    # -- writes ---------------------------------------------------------------------------
    def append(self, table: str, df: pd.DataFrame | pa.Table, partition_cols: Sequence[str] | None = None) -> int:
        """Stage ``df`` to be appended to ``table``; returns the number of rows staged.

        Args:
            table: Table name (a folder under ``lake/``).
            df: Rows to add. Tables with a spec in :mod:`talentcast.schema` are validated and
                cast to it; other tables are written as given.
            partition_cols: Hive partition columns; default: the spec's, else none.

        Raises:
            ValidationError: If ``df`` does not match the table's spec.
            LakeError: If the table is being replaced in this transaction.
        """
        if table in self._replaced:
            raise LakeError(f"table {table!r} is replaced in this transaction; append to it before replace() or not at all")
        return self._write(table, df, partition_cols, self.staging / "append" / table)

    def replace(self, table: str, df: pd.DataFrame, partition_cols: Sequence[str] | None = None) -> int:
        """Stage ``df`` to replace ``table`` whole (marts). Calling it again in the same
        transaction adds to the replacement."""
        target = self.staging / "replace" / table
        if table not in self._replaced:
            self._replaced.add(table)
            target.mkdir(parents=True, exist_ok=True)
        return self._write(table, df, partition_cols, target)

    def record_file(self, sha256: str, path: str | os.PathLike[str], table: str, stats: dict | None = None) -> None:
        """Add a manifest entry (written last, after the data): marks a file as ingested."""
        self._manifest_rows.append(
            {
                "sha256": sha256,
                "path": str(path),
                "table": table,
                "txid": self.txid,
                "ingested_at": datetime.now(timezone.utc),
                "stats": json.dumps(stats or {}, ensure_ascii=False, default=str),
            }
        )

    def _write(self, table: str, df: pd.DataFrame, partition_cols: Sequence[str] | None, root: Path) -> int:
        if not table or table.startswith(("_", ".")) or "/" in table:
            raise LakeError(f"invalid table name {table!r}")
        spec = _schema.get(table)
        if spec is None:
            raise LakeError(f"table {table!r} has no spec in talentcast/schema.py",
                            hint="add a TableSpec for it there: every lake table is validated where it is written")
        if partition_cols is None:
            partition_cols = list(spec.partition_cols) if spec else []
        partition_cols = list(partition_cols)
        if isinstance(df, pa.Table):
            return self._write_arrow(table, df, partition_cols, root, spec)
        if df is not None and len(df.columns):
            df = _schema.validate(table, df)
        if df is None or len(df) == 0:
            # Still create the table folder so that exists() is true after an empty replace.
            (root).mkdir(parents=True, exist_ok=True)
            return 0
        missing = [c for c in partition_cols if c not in df.columns]
        if missing:
            raise LakeError(f"partition column(s) {missing} not in the frame written to {table!r}")
        root.mkdir(parents=True, exist_ok=True)
        groups = [((), df)] if not partition_cols else df.groupby(partition_cols, dropna=False, sort=True)
        for key, part in groups:
            if not isinstance(key, tuple):
                key = (key,)
            sub = root
            for col, val in zip(partition_cols, key):
                sub = sub / f"{col}={_partition_value(val)}"
            sub.mkdir(parents=True, exist_ok=True)
            tbl = self._to_arrow(table, part.drop(columns=partition_cols), spec, tuple(partition_cols))
            path = sub / f"part-{self.txid}-{self._n:05d}.parquet"
            self._n += 1
            pq.write_table(tbl, path, compression="zstd")
        self.rows_written[table] = self.rows_written.get(table, 0) + len(df)
        return len(df)

    def _write_arrow(self, table: str, tbl: pa.Table, partition_cols: list[str], root: Path, spec: _schema.TableSpec | None) -> int:
        """Arrow fast path of _write: conform to the spec, split by partition values, write."""
        import pyarrow.compute as pc

        root.mkdir(parents=True, exist_ok=True)
        if tbl.num_rows == 0:
            return 0
        if spec is not None:
            tbl = _schema.conform_arrow(table, tbl)
        else:
            meta = {b"talentcast.table": table.encode(), b"talentcast.schema_version": b"0"}
            tbl = tbl.replace_schema_metadata(meta)
        missing = [c for c in partition_cols if c not in tbl.column_names]
        if missing:
            raise LakeError(f"partition column(s) {missing} not in the table written to {table!r}")
        parts: list[tuple[tuple[Any, ...], pa.Table]] = [((), tbl)]
        for col in partition_cols:
            nxt = []
            for key, t in parts:
                c = t.column(col)
                for v in pc.unique(c).to_pylist():
                    mask = pc.is_null(c) if v is None else pc.fill_null(pc.equal(c, pa.scalar(v, c.type)), False)
                    nxt.append((key + (v,), t.filter(mask)))
            parts = nxt
        keep = [n for n in tbl.column_names if n not in partition_cols]
        for key, t in parts:
            sub = root
            for col, val in zip(partition_cols, key):
                sub = sub / f"{col}={_partition_value(val)}"
            sub.mkdir(parents=True, exist_ok=True)
            path = sub / f"part-{self.txid}-{self._n:05d}.parquet"
            self._n += 1
            pq.write_table(t.select(keep), path, compression="zstd", compression_level=1)
        self.rows_written[table] = self.rows_written.get(table, 0) + tbl.num_rows
        return tbl.num_rows

    @staticmethod
    def _to_arrow(table: str, df: pd.DataFrame, spec: _schema.TableSpec | None, without: tuple[str, ...]) -> pa.Table:
        if spec is not None:
            return _schema.to_arrow(table, df, without=without)
        tbl = pa.Table.from_pandas(df, preserve_index=False)
        # All-null object columns become Arrow "null"; store them as strings so that files agree.
        fields = [pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in tbl.schema]
        meta = {b"talentcast.table": table.encode(), b"talentcast.schema_version": b"0"}
        return tbl.cast(pa.schema(fields)).replace_schema_metadata(meta)

    # -- commit ---------------------------------------------------------------------------
    def _commit(self) -> None:
        lake = self.lake
        moves: list[tuple[str, str]] = []
        app = self.staging / "append"
        if app.exists():
            for f in sorted(app.rglob("*.parquet")):
                moves.append((str(f), str(lake.root / f.relative_to(app))))
        replaces = sorted(self._replaced)
        manifest_part = None
        if self._manifest_rows:
            manifest_part = self.staging / "manifest.parquet"
            pq.write_table(pa.Table.from_pylist(self._manifest_rows, schema=_MANIFEST_SCHEMA), manifest_part)
        if not moves and not replaces and manifest_part is None:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        journal = {
            "txid": self.txid,
            "moves": moves,
            "replaces": replaces,
            "manifest": str(manifest_part) if manifest_part else None,
        }
        with lake._lock():
            (lake.root / "_txlog").mkdir(parents=True, exist_ok=True)
            _atomic_write_text(lake.root / "_txlog" / f"{self.txid}.json", json.dumps(journal, ensure_ascii=False))
            lake._roll_forward(journal)


class Lake:
    """A hive-partitioned parquet lake under ``root`` (usually ``<workspace>/lake``).

    Opening a lake recovers from an interrupted commit (rolls a journaled commit forward,
    deletes staged files of transactions that never committed).
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._manifest_cache: pd.DataFrame | None = None
        self.recover()

    # -- locking and recovery ---------------------------------------------------------------
    @contextmanager
    def _lock(self) -> Iterator[None]:
        with open(self.root / "_lock", "a+") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def recover(self) -> None:
        """Finish journaled commits and drop staging of transactions that died before commit."""
        txlog = self.root / "_txlog"
        staging = self.root / "_staging"
        if not txlog.exists() and not staging.exists():
            return
        with self._lock():
            pending = set()
            if txlog.exists():
                for j in sorted(txlog.glob("*.json")):
                    try:
                        journal = json.loads(j.read_text(encoding="utf-8"))
                    except (OSError, ValueError):
                        # A torn journal cannot exist (written aside, renamed); be safe anyway.
                        j.unlink(missing_ok=True)
                        continue
                    pending.add(journal["txid"])
                    self._roll_forward(journal)
                for t in txlog.glob("*.tmp"):
                    t.unlink(missing_ok=True)
            if staging.exists():
                for d in staging.iterdir():
                    if d.name in pending:
                        continue
                    if self._is_live(d.name):
                        continue
                    shutil.rmtree(d, ignore_errors=True)

    def _is_live(self, txid: str) -> bool:
        # A transaction of another live process in this lake holds a pid file in its staging dir.
        pidfile = self.root / "_staging" / txid / "_pid"
        try:
            pid = int(pidfile.read_text())
        except (OSError, ValueError):
            return False
        if pid == os.getpid():
            return True
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def _roll_forward(self, journal: dict[str, Any]) -> None:
        """Apply a journaled commit; idempotent so that it can be re-run after a crash."""
        txid = journal["txid"]
        staging = self.root / "_staging" / txid
        trash = self.root / "_trash" / txid
        for table in journal.get("replaces", []):
            src = staging / "replace" / table
            dst = self.root / table
            if src.exists():
                if dst.exists():
                    trash.mkdir(parents=True, exist_ok=True)
                    old = trash / table
                    if old.exists():
                        shutil.rmtree(old)
                    os.replace(dst, old)
                os.replace(src, dst)
        for src, dst in journal.get("moves", []):
            s, d = Path(src), Path(dst)
            if s.exists():
                d.parent.mkdir(parents=True, exist_ok=True)
                os.replace(s, d)
        man = journal.get("manifest")
        if man and Path(man).exists():
            mdir = self.root / "_manifest"
            mdir.mkdir(parents=True, exist_ok=True)
            os.replace(man, mdir / f"part-{txid}.parquet")
        _fsync_dir(self.root)
        (self.root / "_txlog" / f"{txid}.json").unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(trash, ignore_errors=True)
        self._manifest_cache = None

    # -- transactions -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """All-or-nothing writes: commit on normal exit, discard on exception (or crash)."""
        tx = Transaction(self, _new_txid())
        (tx.staging / "_pid").write_text(str(os.getpid()))
        try:
            yield tx
        except BaseException:
            shutil.rmtree(tx.staging, ignore_errors=True)
            raise
        tx._commit()
        self._manifest_cache = None

    # -- reads ------------------------------------------------------------------------------
    def tables(self) -> list[str]:
        """Names of the tables present (folders not starting with ``_`` or ``.``)."""
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))

    def exists(self, table: str) -> bool:
        """Whether ``table`` has been written (possibly with zero rows)."""
        return (self.root / table).is_dir() and not table.startswith(("_", "."))

    def path(self, table: str) -> Path:
        """Folder of ``table`` (for tools that read the lake directly, e.g. DuckDB)."""
        return self.root / table

    def _dataset(self, table: str) -> ds.Dataset:
        base = self.root / table
        files = sorted(str(p) for p in base.rglob("*.parquet") if not any(part.startswith(("_", ".")) for part in p.relative_to(base).parts))
        spec = _schema.get(table)
        part_cols = _partition_cols_on_disk(base)
        if spec is not None and all(c in spec.names for c in part_cols):
            part_schema = pa.schema([pa.field(c, spec.column(c).arrow_type) for c in part_cols])
            full = spec.arrow_schema()
        else:
            part_schema = pa.schema([pa.field(c, _infer_partition_type(base, c)) for c in part_cols])
            phys = [pq.read_schema(f) for f in files]
            full = pa.unify_schemas(phys + [part_schema], promote_options="permissive") if phys else part_schema
        partitioning = ds.partitioning(part_schema, flavor="hive") if part_cols else None
        return ds.dataset(files, schema=full, format="parquet", partitioning=partitioning, partition_base_dir=str(base))

    def read(self, table: str, columns: Sequence[str] | None = None, filters: Any = None) -> pd.DataFrame:
        """Read ``table`` (all partitions) as a DataFrame.

        Args:
            table: Table name.
            columns: Columns to read (default all).
            filters: pyarrow filter expression or DNF list of tuples, e.g. ``[("year", ">=", 2020)]``.

        Raises:
            LakeError: If the table does not exist.
        """
        if not self.exists(table):
            raise LakeError(f"lake table {table!r} not found in {self.root}", hint="run `talentcast ingest` (or `talentcast forecast` for marts) first")
        dset = self._dataset(table)
        expr = filters
        if filters is not None and not isinstance(filters, ds.Expression):
            expr = pq.filters_to_expression(filters)
        tbl = dset.to_table(columns=list(columns) if columns is not None else None, filter=expr)
        df = tbl.to_pandas(types_mapper=_types_mapper)
        spec = _schema.get(table)
        if spec is not None and columns is None:
            df = df[[c for c in spec.names if c in df.columns] + [c for c in df.columns if c not in spec.names]]
        return df

    def iter_batches(self, table: str, columns: Sequence[str] | None = None, batch_size: int = 100_000) -> Iterator[pd.DataFrame]:
        """Stream ``table`` in batches (flat memory for large tables)."""
        if not self.exists(table):
            raise LakeError(f"lake table {table!r} not found in {self.root}")
        for b in self._dataset(table).to_batches(columns=list(columns) if columns is not None else None, batch_size=batch_size):
            yield pa.Table.from_batches([b]).to_pandas(types_mapper=_types_mapper)

    # -- manifest ---------------------------------------------------------------------------
    def manifest(self) -> pd.DataFrame:
        """The ingested-files manifest: sha256, path, table, txid, ingested_at, stats (JSON)."""
        if self._manifest_cache is None:
            mdir = self.root / "_manifest"
            files = sorted(mdir.glob("part-*.parquet")) if mdir.exists() else []
            if files:
                self._manifest_cache = pa.concat_tables([pq.read_table(f, schema=_MANIFEST_SCHEMA) for f in files]).to_pandas()
            else:
                self._manifest_cache = _MANIFEST_SCHEMA.empty_table().to_pandas()
        return self._manifest_cache.copy()

    def seen(self, sha256: str, table: str | None = None) -> bool:
        """Whether a file with this content hash was ingested (into ``table`` if given)."""
        m = self.manifest()
        hit = m["sha256"] == sha256
        if table is not None:
            hit &= m["table"] == table
        return bool(hit.any())

    def quarantine_counts(self, by: str | Sequence[str] = ("table", "reason")) -> dict[str, int]:
        """Quarantined rows counted by ``by``: a dict ``{"postings:ragged_row": 3, …}``.

        Args:
            by: "reason", "table", "file", or a sequence of them (keys joined with ":").

        Returns:
            Counts by key, sorted by key; empty when nothing was quarantined. JSON-ready.
        """
        cols = [by] if isinstance(by, str) else list(by)
        if not self.exists("quarantine"):
            return {}
        q = self.read("quarantine", columns=cols)
        if q.empty:
            return {}
        key = q[cols[0]].astype(str)
        for c in cols[1:]:
            key = key + ":" + q[c].astype(str)
        counts = key.value_counts()
        return {k: int(counts[k]) for k in sorted(counts.index)}

    def row_count(self, table: str) -> int:
        """Rows of ``table`` from the parquet footers (no data read); LakeError if missing."""
        if not self.exists(table):
            raise LakeError(f"lake table {table!r} not found in {self.root}", hint="run `talentcast ingest` first")
        base = self.root / table
        return sum(pq.ParquetFile(p).metadata.num_rows for p in base.rglob("*.parquet")
                   if not any(part.startswith(("_", ".")) for part in p.relative_to(base).parts))

    def row_counts(self) -> dict[str, int]:
        """Rows per table, from parquet footers (cheap)."""
        return {t: self.row_count(t) for t in self.tables()}


def _partition_cols_on_disk(base: Path) -> list[str]:
    cols: list[str] = []
    cur = base
    while True:
        subs = [p for p in cur.iterdir() if p.is_dir() and "=" in p.name and not p.name.startswith(("_", "."))] if cur.exists() else []
        if not subs:
            return cols
        cols.append(subs[0].name.split("=", 1)[0])
        cur = subs[0]


def _infer_partition_type(base: Path, col: str) -> pa.DataType:
    vals = {p.name.split("=", 1)[1] for p in base.rglob(f"{col}=*") if p.is_dir()}
    vals.discard(_HIVE_NULL)
    try:
        [int(v) for v in vals]
        return pa.int64()
    except ValueError:
        return pa.string()


def _types_mapper(t: pa.DataType) -> Any:
    # Keep integer columns with nulls as nullable Int64 rather than float.
    if pa.types.is_integer(t):
        return pd.Int64Dtype()
    if pa.types.is_boolean(t):
        return pd.BooleanDtype()
    return None
