"""Column specs of the lake's raw tables, their versions, and validation.

Every table the ingestors write is described here once: column name, Arrow type, unit and a
one-line description. :func:`validate` coerces a DataFrame to that spec (adding missing
nullable columns, casting types) and raises :class:`~talentcast.errors.ValidationError` listing
every failure. :func:`data_dictionary_markdown` renders the same specs as the data dictionary
(``docs/data-dictionary.md`` embeds its output), so docs and code cannot drift apart.

Tables not described here (the marts, written by other stages) are stored as given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from talentcast.errors import ValidationError

# Arrow types by the short names used in the specs below.
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


STATUS = ("official", "observed", "estimated", "synthetic")  # observed: real but not official (postings)
EDUCATION = ("中专/中技", "高中", "大专", "本科", "硕士", "博士", "不限")

_S, _I, _F, _B, _D = "string", "int64", "float64", "bool", "date"

STATISTICS = TableSpec(
    name="statistics",
    version=1,
    description="One official statistic: region × industry × measure × year.",
    partition_cols=("measure",),
    columns=(
        Column("region_code", _S, "", "GB/T 2260 code; '100000' is the pseudo-code for 全国 (the whole country)", False),
        Column("region_name", _S, "", "Region name as in the source (e.g. 河南省, 全国)"),
        Column("industry_code", _S, "", "GB/T 4754-2017 section letter or 2-digit division; '_T' = all industries (total)", False),
        Column("industry_level", _S, "", "total | section | division", False, ("total", "section", "division")),
        Column("industry_name", _S, "", "GB/T 4754-2017 name of industry_code (全部行业 for the total)"),
        Column("industry_name_src", _S, "", "Industry label exactly as in the source (may be a 2002/2011 name)"),
        Column("industry_edition_src", _S, "", "GB/T 4754 edition the source label matched: 2002 | 2011 | 2017 | code"),
        Column("scope", _S, "", "Universe counted: urban_units (城镇单位, the default series) | urban_units_on_post (在岗职工) | state_units | collective_units | other_units | all_employed (就业人员, incl. rural); filter scope == 'urban_units' for the main series", False),
        Column("measure", _S, "", "employment_10k | avg_wage_cny_year | output_100m_cny", False, ("employment_10k", "avg_wage_cny_year", "output_100m_cny")),
        Column("year", _I, "year", "Calendar year of the statistic", False),
        Column("value", _F, "see measure", "Value in the measure's unit (万人, 元/年, 亿元)", False),
        Column("unit_src", _S, "", "Unit as found in the source before conversion (万人, 人, 元, 亿元, 万元)"),
        Column("status", _S, "", "official | estimated | synthetic", False, STATUS),
        Column("source", _S, "", "Source name (--source, or the file's folder)", False),
        Column("vintage", _S, "", "Release/vintage of the source table (e.g. old_2000-2020) when known"),
        Column("file", _S, "", "Input file name", False),
        Column("line", _I, "", "1-based line (csv) or row (xlsx) in the input file"),
    ),
)

POSTINGS = TableSpec(
    name="postings",
    version=1,
    description="One recruitment posting as read (duplicates kept and flagged).",
    partition_cols=("year",),
    columns=(
        Column("posting_id", _S, "", "Stable id: 16 hex digits of a hash of source, file content hash and record number", False),
        Column("dedup_key", _S, "", "16 hex digits of a hash of normalised title, company, region and salary: equal keys = same job", False),
        Column("is_duplicate", _B, "", "True when an earlier posting (this or an earlier ingest) has the same dedup_key", False),
        Column("source", _S, "", "Platform (zhaopin, 51job, boss, lagou, liepin …) or --source", False),
        Column("file", _S, "", "Input file name", False),
        Column("record_no", _I, "", "1-based record number in the file (data line for csv, record for json)", False),
        Column("title", _S, "", "Job title", False),
        Column("company", _S, "", "Company name"),
        Column("industry_raw", _S, "", "The platform's industry label or code, kept raw"),
        Column("industry_code", _S, "", "GB/T 4754-2017 section/division when industry_raw is a known GB/T code or name"),
        Column("region_code", _S, "", "GB/T 2260 code resolved from region_raw (null if unknown)"),
        Column("region_raw", _S, "", "Region/city text as in the source"),
        Column("salary_raw", _S, "", "Salary text as in the source"),
        Column("salary_cny_month_min", _F, "CNY/month", "Lower bound of monthly salary"),
        Column("salary_cny_month_max", _F, "CNY/month", "Upper bound of monthly salary"),
        Column("salary_months", _I, "months/year", "Months paid a year when stated (15-20K·14薪 → 14)"),
        Column("salary_null_reason", _S, "", "Why salary is null: negotiable | sentinel | unparsed | missing | implausible"),
        Column("education", _S, "", "中专/中技 | 高中 | 大专 | 本科 | 硕士 | 博士 | 不限", True, EDUCATION),
        Column("experience_years", _F, "years", "Minimum experience required (0 = none/不限)"),
        Column("headcount", _I, "persons", "Openings (null for 若干人)"),
        Column("posted_date", _D, "", "Date posted or last updated"),
        Column("date_basis", _S, "", "What dates the posting: posted (its own, possibly relative, date) | crawled (no usable posting date; year from the crawl time)", True, ("posted", "crawled")),
        Column("year", _I, "year", "Year of posted_date, else of the crawl time (see date_basis); hive partition, null → __HIVE_DEFAULT_PARTITION__"),
        Column("description", _S, "", "Description / requirements text (tags joined when that is all there is)"),
    ),
)

GRADUATES = TableSpec(
    name="graduates",
    version=1,
    description="Graduate employment outcome of one college × major × graduation year.",
    partition_cols=("year",),
    columns=(
        Column("college_code", _S, "", "学校标识码 (10 digits) or the code as given"),
        Column("college_name", _S, "", "College name", False),
        Column("major_code", _S, "", "2021 catalogue 6-digit major code (null if the name/code is not in the catalogue)"),
        Column("major_name_src", _S, "", "Major name (or code) as in the source"),
        Column("year", _I, "year", "Graduation year", False),
        Column("graduates", _I, "persons", "Graduates", False),
        Column("employed", _I, "persons", "Employed (including flexible employment)"),
        Column("further_study", _I, "persons", "Going on to further study (升学)"),
        Column("employed_in_province", _I, "persons", "Employed in the province"),
        Column("counterpart_employed", _I, "persons", "Employed in a job matching the major (专业对口)"),
        Column("starting_salary_cny_month", _F, "CNY/month", "Mean starting monthly salary"),
        Column("destination_industries", _S, "", "Destination industries 'C38:12;I65:4' (GB/T 4754 division:count)"),
        Column("status", _S, "", "official | estimated | synthetic", False, STATUS),
        Column("source", _S, "", "Source name", False),
        Column("file", _S, "", "Input file name"),
        Column("record_no", _I, "", "1-based record number in the file"),
    ),
)

ENROLLMENT = TableSpec(
    name="enrollment",
    version=1,
    description="New students and students in school of one college × major × year.",
    partition_cols=("year",),
    columns=(
        Column("college_code", _S, "", "学校标识码 (10 digits) or the code as given"),
        Column("college_name", _S, "", "College name", False),
        Column("major_code", _S, "", "2021 catalogue 6-digit major code (null if not in the catalogue)"),
        Column("major_name_src", _S, "", "Major name (or code) as in the source"),
        Column("year", _I, "year", "School year (autumn intake year)", False),
        Column("new_students", _I, "persons", "New students enrolled (招生数)"),
        Column("students_in_school", _I, "persons", "Students in school (在校生数)"),
        Column("status", _S, "", "official | estimated | synthetic", False, STATUS),
        Column("source", _S, "", "Source name", False),
        Column("file", _S, "", "Input file name"),
        Column("record_no", _I, "", "1-based record number in the file"),
    ),
)

PROGRAMMES = TableSpec(
    name="programmes",
    version=1,
    description="One registered programme (专业布点): college × major × year, from the MOE register.",
    partition_cols=("year",),
    columns=(
        Column("year", _I, "year", "Register year", False),
        Column("college_code", _S, "", "学校标识码, 10 digits"),
        Column("college_name", _S, "", "College name"),
        Column("major_code_src", _S, "", "Major code as registered (2004/2015/2021 catalogue)"),
        Column("major_name_src", _S, "", "Major name as registered"),
        Column("duration_years", _I, "years", "修业年限"),
        Column("catalogue_edition", _S, "", "2004 | 2015 | 2021"),
        Column("major_code", _S, "", "2021 catalogue code (nullable)"),
        Column("source", _S, "", "Source name"),
        Column("file", _S, "", "Input file name"),
        Column("record_no", _I, "", "1-based record number in the file"),
    ),
)

QUARANTINE = TableSpec(
    name="quarantine",
    version=1,
    description="A rejected input row with the reason; nothing is dropped silently.",
    partition_cols=("table",),
    columns=(
        Column("table", _S, "", "Target table the row was meant for", False),
        Column("file", _S, "", "Input file name", False),
        Column("line", _I, "", "1-based line or record number in the file"),
        Column("raw", _S, "", "Raw content of the row (truncated to 4,000 characters)"),
        Column("reason", _S, "", "Reason code (see the data dictionary)", False),
        Column("detail", _S, "", "Human-readable detail"),
    ),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in (STATISTICS, POSTINGS, GRADUATES, ENROLLMENT, PROGRAMMES, QUARANTINE)}

# Reason codes written to quarantine.reason, with their meaning (data dictionary).
REASONS: dict[str, str] = {
    "missing_required": "A required field (e.g. title, year, value, graduates) is empty",
    "bad_number": "A numeric field is not a number",
    "bad_year": "Year (or a posting's date) missing or outside the window 1949 … next year, the same for every kind",
    "out_of_range": "A number that is infinite or beyond its plausible maximum (e.g. 1e30 graduates)",
    "mojibake": "Garbled text from a wrong decoding (e.g. GBK read as Latin-1) that could not be inverted",
    "duplicate_key": "Same key as a row already in the lake or earlier in the file (graduates, enrollment: college × major × year)",
    "negative_value": "A count or value is negative",
    "inconsistent_counts": "Counts contradict each other (e.g. employed > graduates)",
    "industry_unmapped": "Industry label/code not found in the GB/T 4754 concordance",
    "region_unmapped": "Region not resolvable to a GB/T 2260 code (statistics only)",
    "unknown_measure": "Indicator is not employment, average wage or output",
    "ragged_row": "Row has more fields than the header",
    "bad_record": "A JSON record that is not an object, or a line that is not valid JSON",
    "field_too_large": "A field longer than the limit (1,000,000 characters by default)",
    "unsafe_content": "A cell starting with a formula trigger (=, +, -, @) followed by a command pattern such as cmd|",
    "note_row": "A note or source line of the export (e.g. 注：数据来源…) with nothing else filled in, not a record",
    "schema_violation": "A value outside the allowed set after normalisation",
}


def get(table: str) -> TableSpec | None:
    """Return the spec of ``table`` or None when the table has no fixed spec (marts)."""
    return TABLES.get(table)


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


def data_dictionary_markdown() -> str:
    """Render every table spec and reason code as Markdown (embedded in docs/data-dictionary.md)."""
    lines: list[str] = []
    for spec in TABLES.values():
        part = ", ".join(spec.partition_cols) or "none"
        lines.append(f"### `{spec.name}` (schema version {spec.version})\n")
        lines.append(f"{spec.description} Hive partitions: {part}.\n")
        lines.append("| column | type | unit | required | description |")
        lines.append("|---|---|---|---|---|")
        for c in spec.columns:
            desc = c.description.replace("|", "\\|")
            lines.append(f"| `{c.name}` | {c.dtype} | {c.unit} | {'yes' if not c.nullable else ''} | {desc} |")
        lines.append("")
    lines.append("### Quarantine reason codes\n")
    lines.append("| reason | meaning |")
    lines.append("|---|---|")
    for k, v in REASONS.items():
        lines.append(f"| `{k}` | {v} |")
    return "\n".join(lines) + "\n"
