"""The lake's table specs (raw tables and marts), their versions, and validation.

Every table is described once, in ``schema.toml`` beside this module: column name, Arrow type,
unit, whether required, allowed values and a one-line description. This module reads it into
:class:`TableSpec` objects. :func:`validate` coerces a DataFrame to that spec (adding missing
nullable columns, casting types) and raises :class:`~talentcast.errors.ValidationError` listing
every failure. :func:`data_dictionary_markdown` renders the same specs as the data dictionary
(``docs/data-dictionary.md`` embeds its output), so docs and code cannot drift apart.

The marts (written by ``talentcast forecast``) are described here too: the lake refuses to write
a table that has no spec.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from talentcast.errors import ValidationError

# Arrow types by the short names used in schema.toml.
_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
}


@dataclass(frozen=True)
class Column:
    """One column of a lake table.

    Attributes:
        name: Column name (units in the name where there is one, e.g. ``employment_10k``).
        dtype: Short Arrow type name: string, int64, float64, bool, date, timestamp.
        unit: Unit of the values ("" when none applies).
        description: What the column holds, one line.
        nullable: Whether nulls are allowed.
        allowed: If given, the only values allowed (nulls aside).
    """

    name: str
    dtype: str
    unit: str = ""
    description: str = ""
    nullable: bool = True
    allowed: tuple[str, ...] | None = None

    @property
    def arrow_type(self) -> pa.DataType:
        """The column's Arrow type."""
        return _TYPES[self.dtype]


@dataclass(frozen=True)
class TableSpec:
    """A lake table: its columns, schema version and hive partition columns.

    Attributes:
        name: Table name (folder under ``lake/``).
        version: Schema version; bump on any incompatible change. Stored in every parquet file's
            metadata under ``talentcast.schema_version``.
        columns: Ordered column specs.
        partition_cols: Hive partition columns used by the ingestors.
        description: What one row is.
    """

    name: str
    version: int
    columns: tuple[Column, ...]
    partition_cols: tuple[str, ...] = ()
    description: str = ""
    key: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        # pandas/pyarrow cannot read a null hive partition (__HIVE_DEFAULT_PARTITION__), so a
        # partition column must be one that is never null.
        for c in self.partition_cols:
            if self.column(c).nullable:
                raise ValueError(f"{self.name}: partition column {c!r} must be non-nullable")

    @property
    def names(self) -> list[str]:
        """Column names in order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """Return the spec of column ``name`` (KeyError if absent)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def arrow_schema(self, *, without: tuple[str, ...] = ()) -> pa.Schema:
        """Arrow schema of the table, optionally without some columns (e.g. partition ones)."""
        meta = {b"talentcast.table": self.name.encode(), b"talentcast.schema_version": str(self.version).encode()}
        return pa.schema([pa.field(c.name, c.arrow_type, nullable=c.nullable) for c in self.columns if c.name not in without], metadata=meta)


def _interval_bounds(prefix: str, what: str, unit: str) -> tuple[Column, ...]:
    """The four interval bounds of a simulated quantity ({bounds = …} in schema.toml)."""
    return tuple(
        Column(f"{prefix}_{b}_{p}", "float64", unit, f"{'Lower' if b == 'lo' else 'Upper'} bound of the {p} % interval of {what}", False)
        for p in ("80", "95") for b in ("lo", "hi")
    )


def _load_catalogue(path: Path) -> tuple[dict[str, TableSpec], list[str], dict[str, tuple[str, ...]], dict[str, str]]:
    """Read schema.toml: (tables in order, mart names, enums, quarantine reasons)."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    enums = {k: tuple(v) for k, v in raw["enums"].items()}

    def column(d: dict) -> Column:
        allowed = d.get("allowed")
        return Column(d["name"], d["type"], d.get("unit", ""), d.get("description", ""), not d.get("required", False),
                      enums[allowed] if isinstance(allowed, str) else None if allowed is None else tuple(allowed))

    shared = {k: column(d) for k, d in raw["shared"].items()}
    groups: dict[str, tuple[Column, ...]] = {}

    def expand(entries: list[dict]) -> tuple[Column, ...]:
        out: list[Column] = []
        for d in entries:
            if "use" in d:
                out.extend(groups.get(d["use"]) or (shared[d["use"]],))
            elif "bounds" in d:
                out.extend(_interval_bounds(d["bounds"], d["of"], d["unit"]))
            else:
                out.append(column(d))
        return tuple(out)

    for k, entries in raw["groups"].items():
        groups[k] = expand(entries)
    tables = {name: TableSpec(name=name, version=t["version"], description=t["description"], columns=expand(t["columns"]),
                              partition_cols=tuple(t.get("partition", ())), key=tuple(t.get("key", ())))
              for name, t in raw["tables"].items()}
    return tables, [n for n, t in raw["tables"].items() if t.get("mart")], enums, dict(raw["quarantine_reasons"])


TABLES, _MART_NAMES, ENUMS, REASONS = _load_catalogue(Path(__file__).with_name("schema.toml"))
#: The marts: written by `talentcast forecast` (replaced whole), read by the reports.
MARTS: dict[str, TableSpec] = {n: TABLES[n] for n in _MART_NAMES}
POSTINGS, QUARANTINE, MART_GAP = TABLES["postings"], TABLES["quarantine"], TABLES["mart_gap"]


def get(table: str) -> TableSpec | None:
    """Return the spec of ``table`` or None when the table has no fixed spec (marts)."""
    return TABLES.get(table)


def column_names(table: str, without: tuple[str, ...] = ()) -> list[str]:
    """``table``'s column names in spec order, less ``without``: the one list a stage builds its
    frames with, so that a stage and the lake cannot disagree on a mart's columns."""
    return [c for c in TABLES[table].names if c not in without]


def _coerce(series: pd.Series, col: Column) -> pd.Series:
    """Cast one column to its spec's pandas dtype (nullable where needed)."""
    if col.dtype == "string":
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out = series.astype(object)
            mask = out.notna()
            # infer_dtype is C-level: only convert when something is not already a str.
            if mask.any() and pd.api.types.infer_dtype(out, skipna=True) not in ("string", "empty"):
                out = out.where(~mask, out[mask].astype(str))
            return out.where(mask, None)
        return series.astype(object).where(series.notna(), None).map(lambda v: v if v is None else str(v))
    if col.dtype == "int64":
        return pd.to_numeric(series, errors="raise").astype("Int64")
    if col.dtype == "float64":
        return pd.to_numeric(series, errors="raise").astype("float64")
    if col.dtype == "bool":
        return series.astype("boolean")
    if col.dtype == "date":
        return pd.to_datetime(series, errors="raise").dt.date.where(series.notna(), None)
    if col.dtype == "timestamp":
        return pd.to_datetime(series, utc=True, errors="raise")
    raise ValueError(col.dtype)


def validate(table: str, df: pd.DataFrame, *, check_allowed: bool = True) -> pd.DataFrame:
    """Coerce ``df`` to the spec of ``table`` and check it; return the coerced frame.

    Missing nullable columns are added as nulls, extra columns are refused, types are cast,
    nulls in non-nullable columns and values outside ``allowed`` sets are reported.

    Args:
        table: Table name; tables without a spec are returned unchanged.
        df: Frame to check.
        check_allowed: Whether to check the ``allowed`` value sets.

    Returns:
        The frame with exactly the spec's columns, in order, with the spec's types.

    Raises:
        ValidationError: Listing every failure (column and problem), not just the first.
    """
    spec = get(table)
    if spec is None:
        return df
    failures: list[str] = []
    extra = [c for c in df.columns if c not in spec.names]
    if extra:
        failures.append(f"{table}: unexpected columns {extra}")
    out = {}
    n = len(df)
    for col in spec.columns:
        if col.name not in df.columns:
            if not col.nullable:
                failures.append(f"{table}.{col.name}: required column missing")
                continue
            s = pd.Series([None] * n, index=df.index, dtype=object)
        else:
            s = df[col.name]
        try:
            s = _coerce(s, col)
        except (ValueError, TypeError) as exc:
            failures.append(f"{table}.{col.name}: cannot be read as {col.dtype} ({exc})")
            continue
        if not col.nullable:
            nulls = int(s.isna().sum())
            if nulls:
                first = s.index[s.isna().to_numpy()][0]
                failures.append(f"{table}.{col.name}: {nulls} null value(s) in a required column (first at row {first})")
        if check_allowed and col.allowed is not None:
            bad = s.notna() & ~s.isin(col.allowed)
            if bad.any():
                vals = sorted(map(str, pd.unique(s[bad])))[:5]
                failures.append(f"{table}.{col.name}: {int(bad.sum())} value(s) not in {list(col.allowed)}: {vals}")
        out[col.name] = s
    if failures:
        raise ValidationError(f"table {table!r} failed validation", failures,
                              hint="fix the producing code or input; see docs/data-dictionary.md")
    return pd.DataFrame(out, index=df.index)


def to_arrow(table: str, df: pd.DataFrame, *, without: tuple[str, ...] = ()) -> pa.Table:
    """Convert a validated frame to an Arrow table with the spec's exact schema."""
    spec = TABLES[table]
    schema = spec.arrow_schema(without=without)
    cols = [f.name for f in schema]
    return pa.Table.from_pandas(df[cols], schema=schema, preserve_index=False)


def conform_arrow(table: str, tbl: pa.Table) -> pa.Table:
    """Cast an Arrow table to the spec of ``table`` (adding missing nullable columns) and check it.

    The fast path for large ingests: no round trip through pandas.

    Raises:
        ValidationError: Listing every failure.
    """
    import pyarrow.compute as pc

    spec = TABLES[table]
    failures: list[str] = []
    extra = [c for c in tbl.column_names if c not in spec.names]
    if extra:
        failures.append(f"{table}: unexpected columns {extra}")
    arrays = []
    for col in spec.columns:
        if col.name in tbl.column_names:
            a = tbl.column(col.name)
            try:
                a = a.cast(col.arrow_type) if a.type != col.arrow_type else a
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                failures.append(f"{table}.{col.name}: cannot be read as {col.dtype} ({exc})")
                continue
        else:
            if not col.nullable:
                failures.append(f"{table}.{col.name}: required column missing")
                continue
            a = pa.nulls(tbl.num_rows, col.arrow_type)
        if not col.nullable and a.null_count:
            failures.append(f"{table}.{col.name}: {a.null_count} null value(s) in a required column")
        if col.allowed is not None:
            bad = pc.invert(pc.is_in(a, value_set=pa.array(col.allowed, col.arrow_type)))
            bad = pc.and_(bad, pc.is_valid(a))
            nbad = pc.sum(bad).as_py() or 0
            if nbad:
                vals = sorted(set(map(str, pc.filter(a, bad).to_pylist())))[:5]
                failures.append(f"{table}.{col.name}: {nbad} value(s) not in {list(col.allowed)}: {vals}")
        arrays.append(a)
    if failures:
        raise ValidationError(f"table {table!r} failed validation", failures,
                              hint="fix the producing code or input; see docs/data-dictionary.md")
    return pa.Table.from_arrays(arrays, schema=spec.arrow_schema())


def _spec_markdown(spec: TableSpec) -> list[str]:
    part = ", ".join(spec.partition_cols) or "none"
    lines = [f"### `{spec.name}` (schema version {spec.version})\n", f"{spec.description} Hive partitions: {part}.\n",
             "| column | type | unit | required | allowed | description |", "|---|---|---|---|---|---|"]
    for c in spec.columns:
        desc = c.description.replace("|", "\\|")
        allowed = ", ".join(c.allowed) if c.allowed else ""
        lines.append(f"| `{c.name}` | {c.dtype} | {c.unit} | {'yes' if not c.nullable else ''} | {allowed} | {desc} |")
    lines.append("")
    return lines


def data_dictionary_markdown() -> str:
    """Render every table spec and reason code as Markdown (embedded in docs/data-dictionary.md)."""
    lines: list[str] = []
    for spec in TABLES.values():
        if spec.name not in MARTS:
            lines += _spec_markdown(spec)
    lines.append("### Quarantine reason codes\n")
    lines.append("| reason | meaning |")
    lines.append("|---|---|")
    for k, v in REASONS.items():
        lines.append(f"| `{k}` | {v} |")
    lines.append("\n## Marts (written by `talentcast forecast`, replaced whole, validated at write)\n")
    for spec in MARTS.values():
        lines += _spec_markdown(spec)
    return "\n".join(lines) + "\n"
