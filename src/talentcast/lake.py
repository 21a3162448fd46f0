"""The lake: the only place that reads and writes parquet in a workspace.

Layout (hive, readable as is by DuckDB, Polars, pandas/pyarrow, Spark and Dask)::

    lake/<table>/[<col>=<val>/]part-<txid>-<n>.parquet
    lake/<table>/part-<txid>-schema.parquet  0-row file: the schema of an empty table
    lake/_manifest/part-<txid>.parquet     ingested-files manifest (one row per file)
    lake/_txlog/<txid>.json                commit journal (present only while committing)
    lake/_staging/<txid>/...               files written by an open transaction
    lake/_trash/<txid>/...                 tables replaced by a committing transaction

Atomicity: a transaction writes everything under ``_staging/<txid>/``, outside the table
folders, so no reader ever lists a file still being written. Commit takes the lock, checks
the manifest (a file recorded meanwhile by another run makes the commit fail with
:class:`AlreadyIngestedError` and land nothing), writes the journal (deletions and renames)
atomically, then deletes and renames, then moves the manifest part in last, then deletes the
journal. A crash before the journal exists leaves the lake untouched (the staging folder is
removed at the next open); a crash after it is rolled forward at the next open. Readers ignore
``_``-prefixed folders. Commits are serialised with an exclusive ``flock`` on ``lake/_lock``.
The renames of one commit take microseconds each, but they are not one atomic step: a reader
that lists a table during them can see part of that commit.

Every table is readable by every engine at any time: a table with no rows holds one 0-row
parquet file with its schema (``part-<txid>-schema.parquet``, removed when rows arrive), and
partition values are never null (pandas/pyarrow cannot read a ``__HIVE_DEFAULT_PARTITION__``
folder): spec'd tables partition only by required columns, and a null partition value in any
other table is refused. A lake whose partitioning predates its spec (postings by ``year``,
before version 2) is re-partitioned when opened, each row keeping its transaction's part name.

Every parquet file carries ``talentcast.table`` and ``talentcast.schema_version`` metadata.
Manifest paths are relative to the workspace (the lake's parent folder) when the file lies in
it, else absolute.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from collections import defaultdict
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
from talentcast.errors import (
    AlreadyIngestedError,
    CorruptLakeError,
    LakeError,
    ReadOnlyWorkspaceError,
    storage_error,
)
from talentcast.workspace import Workspace, atomic_write_text, fsync_dir

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
_SCHEMA_SUFFIX = "-schema.parquet"


def _new_txid() -> str:
    # Sortable by time, unique across processes.
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:8]


def txid_of(part: str | os.PathLike[str]) -> str:
    """The transaction id in a part file name ``part-<txid>-<n>.parquet`` ("" if none)."""
    name = Path(part).name
    if not name.startswith("part-") or not name.endswith(".parquet"):
        return ""
    return name[len("part-"):-len(".parquet")].rsplit("-", 1)[0]


def _visible(base: Path, p: Path) -> bool:
    return not any(part.startswith(("_", ".")) for part in p.relative_to(base).parts)


def _data_files(base: Path) -> list[Path]:
    """Parquet files of a table folder that readers see (schema files included), sorted."""
    return sorted(p for p in base.rglob("*.parquet") if _visible(base, p)) if base.is_dir() else []


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
        self._writers: dict[Path, pq.ParquetWriter] = {}
        self.journaled = False
        self._replaced: set[str] = set()
        self._touched: set[str] = set()
        self._schemas: dict[str, pa.Schema] = {}
        self._manifest_rows: list[dict[str, Any]] = []
        self._drops: list[tuple[str, str | None, str | None]] = []
        self._dropped_tables: set[str] = set()
        self._parts_dropped: list[str] = []
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

    def record_file(self, sha256: str, path: str | os.PathLike[str], table: str, stats: dict | None = None,
                    *, replace: bool = False) -> None:
        """Add a manifest entry (written last, after the data): marks a file as ingested.

        The check that the file is new happens at commit, under the lake's lock: if the manifest
        then holds the same content for ``table`` (another run landed it meanwhile), the commit
        raises :class:`AlreadyIngestedError` and nothing of this transaction lands.

        Args:
            sha256: Content hash of the file.
            path: The file; stored relative to the workspace when inside it.
            table: Target table.
            stats: Row accounting (``rows_accepted`` rows in ``table``, ``rows_quarantined`` in
                ``quarantine``); ``status``/``repair`` check the parts against it.
            replace: Re-ingest (``ingest --force``): the rows of earlier entries of ``table`` with
                the same content or the same path are dropped in this commit (see
                :meth:`drop_file`), then this one lands.
        """
        if replace:
            self.drop_file(table, sha256=sha256, path=path)
        self._manifest_rows.append(
            {
                "sha256": sha256,
                "path": Workspace(self.lake.root.parent).relative(path),
                "table": table,
                "txid": self.txid,
                "ingested_at": datetime.now(timezone.utc),
                "stats": json.dumps(stats or {}, ensure_ascii=False, default=str),
            }
        )

    def drop_file(self, table: str, *, sha256: str | None = None, path: str | os.PathLike[str] | None = None) -> None:
        """Drop, at commit, every row an earlier ingest of a file landed, and its manifest entry.

        Matches manifest entries of ``table`` with this content hash or this path (either given).
        The rows are found by the transaction that landed them (its parts in every table,
        quarantine included), so nothing else is touched. Dropping and re-landing in one
        transaction is how ``ingest --force`` replaces a file; dropping alone is how ``repair``
        clears a damaged file.
        """
        if sha256 is None and path is None:
            raise LakeError("drop_file needs a content hash or a path")
        rel = None if path is None else Workspace(self.lake.root.parent).relative(path)
        self._drops.append((table, sha256, rel))

    def drop_parts(self, parts: Sequence[str]) -> None:
        """Delete part files (paths relative to the lake root) at commit: unreadable orphans."""
        for rel in parts:
            p = Path(rel)
            if p.is_absolute() or ".." in p.parts or p.parts[0].startswith(("_", ".")) or p.suffix != ".parquet":
                raise LakeError(f"not a part file of a lake table: {rel}")
            self._parts_dropped.append(p.as_posix())
            self._touched.add(p.parts[0])

    def drop_table(self, table: str) -> None:
        """Remove ``table`` whole at commit (a damaged mart that the next forecast rebuilds)."""
        if table.startswith(("_", ".")) or "/" in table:
            raise LakeError(f"invalid table name {table!r}")
        self._dropped_tables.add(table)

    def _write(self, table: str, df: pd.DataFrame, partition_cols: Sequence[str] | None, root: Path) -> int:
        if not table or table.startswith(("_", ".")) or "/" in table:
            raise LakeError(f"invalid table name {table!r}")
        spec = _schema.get(table)
        if spec is None:
            raise LakeError(f"table {table!r} has no spec in talentcast/schema.toml",
                            hint="add a TableSpec for it there: every lake table is validated where it is written")
        if partition_cols is None:
            partition_cols = list(spec.partition_cols) if spec else []
        partition_cols = list(partition_cols)
        self._touched.add(table)
        if isinstance(df, pa.Table):
            return self._write_arrow(table, df, partition_cols, root, spec)
        if df is not None and len(df.columns):
            df = _schema.validate(table, df)
        if df is None or len(df) == 0:
            # Nothing to write, but the table must exist (readable, with its columns) after
            # commit: the commit writes its 0-row schema file from this.
            (root).mkdir(parents=True, exist_ok=True)
            if spec is None and df is not None and table not in self._schemas:
                self._schemas[table] = self._to_arrow(table, df, None, ()).schema
            return 0
        missing = [c for c in partition_cols if c not in df.columns]
        if missing:
            raise LakeError(f"partition column(s) {missing} not in the frame written to {table!r}")
        _refuse_null_partitions(table, partition_cols, [int(df[c].isna().sum()) for c in partition_cols])
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
            if spec is None and table not in self._schemas:
                self._schemas[table] = self._to_arrow(table, part.head(0), None, ()).schema
            self._write_part(sub, tbl, spec is not None)
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
        _refuse_null_partitions(table, partition_cols, [tbl.column(c).null_count for c in partition_cols])
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
        if spec is None and table not in self._schemas:
            self._schemas[table] = tbl.schema
        for key, t in parts:
            sub = root
            for col, val in zip(partition_cols, key):
                sub = sub / f"{col}={_partition_value(val)}"
            sub.mkdir(parents=True, exist_ok=True)
            self._write_part(sub, t.select(keep), True, compression_level=1)
        self.rows_written[table] = self.rows_written.get(table, 0) + tbl.num_rows
        return tbl.num_rows

    def _write_part(self, folder: Path, tbl: pa.Table, one_file: bool, **options: Any) -> None:
        """Write ``tbl`` into ``folder``: with ``one_file`` (spec'd tables, whose batches share
        one schema) every batch of this transaction goes into the same part file, so that a
        commit moves one file per partition folder, which a reader sees whole or not at all."""
        writer = self._writers.get(folder) if one_file else None
        if writer is not None and not tbl.schema.equals(writer.schema, check_metadata=False):
            self._close_writer(folder)
            writer = None
        if writer is None:
            path = folder / f"part-{self.txid}-{self._n:05d}.parquet"
            self._n += 1
            if not one_file:
                pq.write_table(tbl, path, compression="zstd", **options)
                return
            writer = self._writers[folder] = pq.ParquetWriter(path, tbl.schema, compression="zstd", **options)
        writer.write_table(tbl)

    def _close_writer(self, folder: Path) -> None:
        self._writers.pop(folder).close()

    def _close_writers(self) -> None:
        writers, self._writers = self._writers, {}
        for w in writers.values():
            w.close()

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
        self._close_writers()
        if not (self._touched or self._replaced or self._manifest_rows or self._drops or self._dropped_tables or self._parts_dropped):
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        with lake._lock():
            journal = self._journal()
            (lake.root / "_txlog").mkdir(parents=True, exist_ok=True)
            atomic_write_text(lake.root / "_txlog" / f"{self.txid}.json", json.dumps(journal, ensure_ascii=False))
            self.journaled = True  # from here on the commit happens: the next open rolls it forward
            lake._roll_forward(journal)

    def _journal(self) -> dict[str, Any]:
        """Plan the commit under the lock: manifest check, drops, moves and schema files."""
        lake = self.lake
        manifest = lake._read_manifest()
        deletes: list[str] = list(self._parts_dropped)  # paths relative to the lake root
        matched = pd.Series(False, index=manifest.index)
        for table, sha, rel in self._drops:
            hit = manifest["table"] == table
            hit &= (manifest["sha256"] == sha) if rel is None else (manifest["path"] == rel) if sha is None else (
                (manifest["sha256"] == sha) | (manifest["path"] == rel))
            matched |= hit
        dropped_tx = set(manifest.loc[matched, "txid"].astype(str))
        for txid in sorted(dropped_tx):
            if (~matched[manifest["txid"] == txid]).any():
                # Its parts hold rows of other files too: dropping them would lose those.
                raise LakeError(f"cannot drop the rows of transaction {txid}: it also landed files that are not dropped")
            deletes.append(f"_manifest/part-{txid}.parquet")
        if dropped_tx:
            for table in lake.tables():
                deletes += [p.relative_to(lake.root).as_posix() for p in _data_files(lake.root / table) if txid_of(p) in dropped_tx]
        live = manifest[~manifest["txid"].isin(dropped_tx)]
        for row in self._manifest_rows:
            if ((live["sha256"] == row["sha256"]) & (live["table"] == row["table"])).any():
                raise AlreadyIngestedError(
                    f"{row['path']} is already in the lake's {row['table']} table (another run landed it first); nothing was added",
                    hint=f"`talentcast ingest {row['table']} FILE --force` replaces its rows",
                )
        moves: list[tuple[str, str]] = []
        app = self.staging / "append"
        if app.exists():
            for f in sorted(app.rglob("*.parquet")):
                moves.append((str(f), str(lake.root / f.relative_to(app))))
        replaces = sorted(self._replaced)
        # Schema files: every touched table must stay readable (see the module docstring).
        gone = set(deletes)
        for table in sorted((self._touched | {t for t, _, _ in self._drops} | set(dropped_tables_of(lake, dropped_tx))) - self._dropped_tables):
            if table in self._replaced:
                base = self.staging / "replace" / table
                after = [p.relative_to(base) for p in _data_files(base)]
            else:
                base = lake.root / table
                old = [p for p in _data_files(base) if p.relative_to(lake.root).as_posix() not in gone]
                deletes += [p.relative_to(lake.root).as_posix() for p in old if p.name.endswith(_SCHEMA_SUFFIX)]
                after = [p.relative_to(base) for p in old if not p.name.endswith(_SCHEMA_SUFFIX)]
                after += [Path(d).relative_to(base) for _, d in moves if Path(d).is_relative_to(base)]
            stub = self._schema_file(table, [p for p in after if not p.name.endswith(_SCHEMA_SUFFIX)])
            if stub is not None:
                rel, tbl = stub
                if table in self._replaced:
                    (base / rel).parent.mkdir(parents=True, exist_ok=True)
                    pq.write_table(tbl, base / rel)
                else:
                    staged = self.staging / "schema" / table / rel
                    staged.parent.mkdir(parents=True, exist_ok=True)
                    pq.write_table(tbl, staged)
                    moves.append((str(staged), str(base / rel)))
        manifest_part = None
        if self._manifest_rows:
            manifest_part = self.staging / "manifest.parquet"
            pq.write_table(pa.Table.from_pylist(self._manifest_rows, schema=_MANIFEST_SCHEMA), manifest_part)
        return {
            "txid": self.txid,
            "deletes": deletes,
            "drop_tables": sorted(self._dropped_tables),
            "moves": moves,
            "replaces": replaces,
            "manifest": str(manifest_part) if manifest_part else None,
        }

    def _schema_file(self, table: str, data: list[Path]) -> tuple[Path, pa.Table] | None:
        """The 0-row schema file a table needs after commit (path in the table, content), if any.

        Args:
            table: Table name.
            data: Its data files after the commit, relative to the table folder.
        """
        if data:
            return None
        spec = _schema.get(table)
        full = spec.arrow_schema() if spec is not None else self._schemas.get(table)
        if full is None:
            readable = (p for p in _data_files(self.lake.root / table) if not _footer_error(p))
            first = next(readable, None)
            if first is None:
                return None
            full = pq.read_schema(first)
        return Path(f"part-{self.txid}{_SCHEMA_SUFFIX}"), full.empty_table()


def _close_quietly(tx: Transaction) -> None:
    try:
        tx._close_writers()
    except Exception:  # noqa: BLE001 - the transaction is being discarded anyway
        pass


def _refuse_null_partitions(table: str, cols: Sequence[str], nulls: Sequence[int]) -> None:
    bad = [f"{c} ({n:,} null)" for c, n in zip(cols, nulls) if n]
    if bad:
        raise LakeError(f"partition column(s) {', '.join(bad)} of {table!r} hold nulls, which pandas/pyarrow cannot read "
                        "as a hive partition", hint="partition by a column that is never null, or fill the nulls")


def dropped_tables_of(lake: Lake, txids: set[str]) -> list[str]:
    """Tables holding parts of the transactions ``txids``."""
    if not txids:
        return []
    return [t for t in lake.tables() if any(txid_of(p) in txids for p in _data_files(lake.root / t))]


class Lake:
    """A hive-partitioned parquet lake under ``root`` (usually ``<workspace>/lake``).

    Opening a lake recovers from an interrupted commit (rolls a journaled commit forward,
    deletes staged files of transactions that never committed).

    Args:
        root: The lake folder (created if missing, unless ``readonly``).
        readonly: Open for reading only (``status`` on a read-only workspace): nothing is
            created, locked or recovered; :attr:`pending_commit` says whether an interrupted
            commit waits for a writable open to finish it.
    """

    def __init__(self, root: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.root = Path(root)
        self.readonly = readonly
        self._manifest_parts: dict[str, pd.DataFrame] = {}
        self._manifest_cache: pd.DataFrame | None = None
        if readonly:
            if not self.root.is_dir():
                raise LakeError(f"no lake at {self.root}", hint="run `talentcast init` and `talentcast ingest` first")
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.recover()
        except OSError as exc:
            raise (storage_error(exc, f"opening the lake at {self.root}") or exc) from None

    @property
    def pending_commit(self) -> bool:
        """Whether a journaled commit waits to be rolled forward (a writable open does it)."""
        txlog = self.root / "_txlog"
        return txlog.is_dir() and any(p.suffix == ".json" and not p.name.startswith(".") for p in txlog.iterdir())

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
        """Finish journaled commits and drop staging of transactions that died before commit.

        Also renames the quarantine partition folders of lakes written before schema version 2
        (``table=…``, an SQL keyword) to ``source_table=…``.
        """
        txlog = self.root / "_txlog"
        staging = self.root / "_staging"
        legacy = [p for p in (self.root / "quarantine").glob("table=*") if p.is_dir()] if (self.root / "quarantine").is_dir() else []
        repartition = [t for t, spec in _schema.TABLES.items() if t != "quarantine" and (self.root / t).is_dir()
                       and _partition_cols_on_disk(self.root / t) not in ([], list(spec.partition_cols))]
        if not txlog.exists() and not staging.exists() and not legacy and not repartition:
            return
        with self._lock():
            for old in legacy:
                if old.exists():
                    os.replace(old, old.with_name("source_table=" + old.name.split("=", 1)[1]))
            pending = set()
            if txlog.exists():
                for j in sorted(p for p in txlog.glob("*.json") if not p.name.startswith(".")):
                    try:
                        journal = json.loads(j.read_text(encoding="utf-8"))
                    except (OSError, ValueError):
                        # A torn journal cannot exist (written aside, renamed); be safe anyway.
                        j.unlink(missing_ok=True)
                        continue
                    pending.add(journal["txid"])
                    self._roll_forward(journal)
                for t in txlog.glob(".*"):  # temporary files of an interrupted journal write
                    t.unlink(missing_ok=True)
            if staging.exists():
                for d in staging.iterdir():
                    if d.name in pending:
                        continue
                    if self._is_live(d.name):
                        continue
                    shutil.rmtree(d, ignore_errors=True)
            # After the journals: a crash in an earlier re-partitioning was rolled forward above.
            for table, spec in _schema.TABLES.items():
                if table != "quarantine" and _partition_cols_on_disk(self.root / table) not in ([], list(spec.partition_cols)):
                    self._repartition(table)

    def _repartition(self, table: str) -> None:
        """Rewrite ``table`` from an older partitioning to its spec's, as one journaled commit.

        Each part is rewritten under the name of the transaction that wrote it, so the
        manifest still accounts for every file's rows (``verify``, ``drop_file``).
        """
        spec = _schema.TABLES[table]
        base = self.root / table
        job = Transaction(self, _new_txid())
        writers: dict[str, Transaction] = {}
        deletes: list[str] = []
        for f in _data_files(base):
            deletes.append(f.relative_to(self.root).as_posix())
            tbl = pq.read_table(f)
            if tbl.num_rows == 0:
                continue
            for seg in f.relative_to(base).parts[:-1]:
                col, _, val = seg.partition("=")
                if col in tbl.column_names or col not in spec.names:
                    continue
                typ = spec.column(col).arrow_type
                value = None if val == _HIVE_NULL else pa.scalar(val).cast(typ).as_py()
                tbl = tbl.append_column(pa.field(col, typ), pa.array([value] * tbl.num_rows, typ))
            tx = writers.setdefault(txid_of(f), Transaction(self, txid_of(f)))
            tx._write_arrow(table, tbl, list(spec.partition_cols), tx.staging / "append" / table, spec)
        for tx in writers.values():
            tx._close_writers()
        moves = [(str(p), str(self.root / p.relative_to(tx.staging / "append")))
                 for tx in writers.values() for p in sorted((tx.staging / "append").rglob("*.parquet"))]
        journal = {"txid": job.txid, "deletes": deletes, "moves": moves, "replaces": [], "manifest": None}
        (self.root / "_txlog").mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.root / "_txlog" / f"{job.txid}.json", json.dumps(journal, ensure_ascii=False))
        self._roll_forward(journal)
        for tx in writers.values():
            shutil.rmtree(tx.staging, ignore_errors=True)
        for d in sorted((p for p in base.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            if not any(d.iterdir()):
                d.rmdir()

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
        for rel in journal.get("deletes", []):
            (self.root / rel).unlink(missing_ok=True)
        for table in journal.get("drop_tables", []):
            if (self.root / table).exists():
                trash.mkdir(parents=True, exist_ok=True)
                if (trash / table).exists():
                    shutil.rmtree(trash / table)
                os.replace(self.root / table, trash / table)
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
        fsync_dir(self.root)
        (self.root / "_txlog" / f"{txid}.json").unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(trash, ignore_errors=True)
        self._manifest_cache = None

    # -- transactions -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """All-or-nothing writes: commit on normal exit, discard on exception (or crash).

        Raises:
            AlreadyIngestedError: The manifest already records a file this transaction records.
            DiskFullError, ReadOnlyWorkspaceError: The disk is full or the lake not writable
                (nothing of the transaction landed).
        """
        if self.readonly:
            raise ReadOnlyWorkspaceError(f"the lake at {self.root} was opened read-only", hint="open it without readonly=True to write")
        try:
            tx = Transaction(self, _new_txid())
            (tx.staging / "_pid").write_text(str(os.getpid()))
        except OSError as exc:
            raise (storage_error(exc, f"writing the lake at {self.root}") or exc) from None
        try:
            yield tx
            tx._commit()
        except OSError as exc:
            _close_quietly(tx)
            if not tx.journaled:
                shutil.rmtree(tx.staging, ignore_errors=True)
            raise (storage_error(exc, f"writing the lake at {self.root}") or exc) from None
        except BaseException:
            _close_quietly(tx)
            if not tx.journaled:
                shutil.rmtree(tx.staging, ignore_errors=True)
            raise
        finally:
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
        files = [str(p) for p in _data_files(base)]
        spec = _schema.get(table)
        part_cols = _partition_cols_on_disk(base)
        if spec is not None and all(c in spec.names for c in part_cols):
            part_schema = pa.schema([pa.field(c, spec.column(c).arrow_type) for c in part_cols])
            full = spec.arrow_schema()
        else:
            part_schema = pa.schema([pa.field(c, _infer_partition_type(base, c)) for c in part_cols])
            phys = [self._checked(table, lambda f=f: pq.read_schema(f)) for f in files]
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
        tbl = self._checked(table, lambda: dset.to_table(columns=list(columns) if columns is not None else None, filter=expr))
        df = tbl.to_pandas(types_mapper=_types_mapper)
        spec = _schema.get(table)
        if spec is not None and columns is None:
            df = df[[c for c in spec.names if c in df.columns] + [c for c in df.columns if c not in spec.names]]
        return df

    def iter_batches(self, table: str, columns: Sequence[str] | None = None, batch_size: int = 100_000) -> Iterator[pd.DataFrame]:
        """Stream ``table`` in batches (flat memory for large tables)."""
        if not self.exists(table):
            raise LakeError(f"lake table {table!r} not found in {self.root}")
        batches = self._dataset(table).to_batches(columns=list(columns) if columns is not None else None, batch_size=batch_size)
        while (b := self._checked(table, lambda: next(batches, None))) is not None:
            yield pa.Table.from_batches([b]).to_pandas(types_mapper=_types_mapper)

    def _checked(self, table: str, read: Any) -> Any:
        """Run ``read()``; a part file that cannot be read becomes a CorruptLakeError naming it."""
        try:
            return read()
        except (pa.ArrowException, OSError) as exc:
            bad = [p for p in _data_files(self.root / table) if _footer_error(p)]
            if not bad and isinstance(exc, FileNotFoundError):
                bad = [Path(exc.filename)] if exc.filename else []
            if not bad:
                raise
            raise CorruptLakeError(
                f"lake table {table!r} has unreadable part file(s): " + ", ".join(str(p.relative_to(self.root.parent)) for p in bad)
                + f" ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})",
                hint="run `talentcast repair` (it drops the damaged file's rows and re-ingests it from data/raw)",
            ) from None

    # -- manifest ---------------------------------------------------------------------------
    def manifest(self) -> pd.DataFrame:
        """The ingested-files manifest: sha256, path, table, txid, ingested_at, stats (JSON).

        ``path`` is relative to the workspace when the file was inside it (see
        :meth:`talentcast.workspace.Workspace.resolve`).
        """
        if self._manifest_cache is None:
            self._manifest_cache = self._read_manifest()
        return self._manifest_cache.copy()

    def _read_manifest(self) -> pd.DataFrame:
        """The manifest as on disk now (parts already read are kept in memory by file name)."""
        mdir = self.root / "_manifest"
        names = sorted(p.name for p in mdir.glob("part-*.parquet")) if mdir.exists() else []
        self._manifest_parts = {n: self._manifest_parts.get(n) for n in names}
        for n, df in self._manifest_parts.items():
            if df is None:
                try:
                    self._manifest_parts[n] = pq.read_table(mdir / n, schema=_MANIFEST_SCHEMA).to_pandas()
                except (pa.ArrowException, OSError) as exc:
                    raise CorruptLakeError(
                        f"the lake's manifest part {mdir / n} cannot be read ({type(exc).__name__})",
                        hint=f"move it away and run `talentcast repair`: the files it recorded ({n[5:-8]}) are then re-ingested",
                    ) from None
        parts = [df for df in self._manifest_parts.values() if df is not None and len(df)]
        if not parts:
            return _MANIFEST_SCHEMA.empty_table().to_pandas()
        return pd.concat(parts, ignore_index=True)

    def seen(self, sha256: str, table: str | None = None) -> bool:
        """Whether a file with this content hash was ingested (into ``table`` if given)."""
        m = self.manifest()
        hit = m["sha256"] == sha256
        if table is not None:
            hit &= m["table"] == table
        return bool(hit.any())

    def quarantine_counts(self, by: str | Sequence[str] = ("source_table", "reason")) -> dict[str, int]:
        """Quarantined rows counted by ``by``: a dict ``{"postings:ragged_row": 3, …}``.

        Args:
            by: "reason", "source_table", "file", or a sequence of them (keys joined with ":").

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
        return sum(self._checked(table, lambda p=p: pq.ParquetFile(p).metadata.num_rows) for p in _data_files(self.root / table))

    def row_counts(self) -> dict[str, int]:
        """Rows per table, from parquet footers (cheap)."""
        return {t: self.row_count(t) for t in self.tables()}

    def verify(self) -> list[dict[str, Any]]:
        """Check the parts against the manifest; one problem dict per damaged file or table.

        Every ingested file's rows are the parts named after its transaction: ``rows_accepted``
        of its manifest stats in its table and ``rows_quarantined`` in ``quarantine``. A part
        that is missing (fewer rows) or unreadable (footer) is a problem of the file that landed
        it; an unreadable part of a table no file landed (a mart) is a problem of that table.

        Returns:
            Dicts with ``table``, ``file`` (as in the manifest, or None for a mart), ``txid``,
            ``problem`` (what is wrong, naming the part files) and ``action`` (what to run);
            empty when the lake is whole.
        """
        rows: dict[tuple[str, str], int] = defaultdict(int)
        corrupt: dict[str, list[Path]] = defaultdict(list)
        for table in self.tables():
            for p in _data_files(self.root / table):
                err = _footer_error(p)
                if err:
                    corrupt[txid_of(p)].append(p)
                else:
                    rows[(txid_of(p), table)] += pq.ParquetFile(p).metadata.num_rows
        problems: list[dict[str, Any]] = []
        man = self.manifest()
        for r in man.itertuples(index=False):
            stats = json.loads(r.stats or "{}")
            what = []
            bad = corrupt.pop(r.txid, [])
            if bad:
                what.append("unreadable part(s) " + ", ".join(str(p.relative_to(self.root.parent)) for p in bad))
            for table, key in ((r.table, "rows_accepted"), ("quarantine", "rows_quarantined")):
                want = stats.get(key)
                have = rows.get((r.txid, table), 0)
                if isinstance(want, int) and have != want and not bad:
                    what.append(f"{table} holds {have:,} of its {want:,} rows")
            if what:
                problems.append({"table": r.table, "file": r.path, "sha256": r.sha256, "txid": r.txid, "problem": "; ".join(what),
                                 "parts": [p.relative_to(self.root).as_posix() for p in bad],
                                 "action": f"talentcast repair (or: talentcast ingest {r.table} {r.path} --force)"})
        for txid, parts in sorted(corrupt.items()):
            for table in sorted({p.relative_to(self.root).parts[0] for p in parts}):
                mine = [p for p in parts if p.relative_to(self.root).parts[0] == table]
                problems.append({"table": table, "file": None, "sha256": None, "txid": txid,
                                 "problem": "unreadable part(s) " + ", ".join(str(p.relative_to(self.root.parent)) for p in mine),
                                 "parts": [p.relative_to(self.root).as_posix() for p in mine],
                                 "action": "talentcast repair (deletes the part; a mart is dropped and rebuilt by `talentcast refresh`)"})
        return problems


def _footer_error(path: Path) -> str | None:
    """Why ``path`` is not a readable parquet file (footer and schema), or None."""
    try:
        pq.ParquetFile(path).schema_arrow
    except (pa.ArrowException, OSError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


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
