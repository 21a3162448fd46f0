"""Column specs of the lake's raw tables, their versions, and validation.

Every table the ingestors write is described here once: column name, Arrow type, unit and a
one-line description. :func:`validate` coerces a DataFrame to that spec (adding missing
nullable columns, casting types) and raises :class:`~talentcast.errors.ValidationError` listing
every failure. :func:`data_dictionary_markdown` renders the same specs as the data dictionary
(``docs/data-dictionary.md`` embeds its output), so docs and code cannot drift apart.

The marts (written by ``talentcast forecast``) are described here too: the lake refuses to write
a table that has no spec.
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
    version=2,
    description="One recruitment posting as read (duplicates kept and flagged).",
    # Partitioned by platform, not by year: year is null for undated postings, and a null
    # hive partition (__HIVE_DEFAULT_PARTITION__) cannot be read by pandas/pyarrow.
    partition_cols=("source",),
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
        Column("year", _I, "year", "Year of posted_date, else of the crawl time (see date_basis); null when neither exists"),
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

# Reason codes written to quarantine.reason, with their meaning (data dictionary). The lake
# refuses any other code (the column's allowed set), so the dictionary lists every code written.
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
    "college_code_missing": "Programmes: the college code (学校标识码) is empty or 暂无",
    "college_code_unresolved": "Programmes: a 5-digit college code whose 10-digit form is not in the college list, the file or the lake",
    "major_code_unknown": "Programmes: a code read as the 2021 edition that is not in the 2021 catalogue",
}

QUARANTINE = TableSpec(
    name="quarantine",
    version=2,
    description="A rejected input row with the reason; nothing is dropped silently.",
    partition_cols=("source_table",),
    columns=(
        Column("source_table", _S, "", "Target table the row was meant for (version 1 called it `table`, an SQL keyword)", False),
        Column("file", _S, "", "Input file name", False),
        Column("line", _I, "", "1-based line or record number in the file"),
        Column("raw", _S, "", "Raw content of the row (truncated to 4,000 characters)"),
        Column("reason", _S, "", "Reason code (see the list below)", False, tuple(REASONS)),
        Column("detail", _S, "", "Human-readable detail"),
    ),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in (STATISTICS, POSTINGS, GRADUATES, ENROLLMENT, PROGRAMMES, QUARANTINE)}



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


# --------------------------------------------------------------------------- marts
# The marts are written by `talentcast forecast` (replaced whole) and read by the reports. Their
# specs live here beside the raw tables so that one place says what every lake table holds; the
# lake validates each write against them (Transaction.replace as well as append).

MART_STATUS = ("official", "observed", "estimated", "synthetic")
RATINGS = ("strong_shortage", "moderate_shortage", "balance", "moderate_surplus", "strong_surplus")
_GROUP = Column("group_id", _S, "", "Group id from the registry; 'province' = the province as a whole; 'sample' = the "
                "made-up sample colleges kept apart from the real groups (synthetic)", False)
_SCENARIO = Column("scenario", _S, "", "'baseline' or the name of a scenario file", False)
_CLASS = Column("major_class", _S, "", "2021 catalogue major class, 4 digits", False)
_REGION = Column("region_code", _S, "", "GB/T 2260 code of the region the figures cover", False)
_YEAR = Column("year", _I, "year", "Forecast year (graduation year for supply)", False)
_HORIZON = Column("horizon", _I, "years", "Years after the last year of data", False)
_STATUS_M = Column("status", _S, "", "official | observed | estimated | synthetic", False, MART_STATUS)


def _q(prefix: str, what: str, unit: str = "persons/year") -> tuple[Column, ...]:
    """The four interval bounds of a simulated quantity."""
    return tuple(
        Column(f"{prefix}_{b}_{p}", _F, unit, f"{'Lower' if b == 'lo' else 'Upper'} bound of the {p} % interval of {what}", False)
        for p in ("80", "95") for b in ("lo", "hi")
    )


MART_EMPLOYMENT = TableSpec(
    name="mart_employment", version=1, description="Industry employment: history and forecast paths per scenario.",
    columns=(
        _REGION,
        Column("industry_code", _S, "", "GB/T 4754-2017 section letter or 'TOTAL'", False),
        Column("industry_level", _S, "", "total | section | division", False, ("total", "section", "division")),
        Column("year", _I, "year", "Calendar year", False),
        Column("kind", _S, "", "history | forecast", False, ("history", "forecast")),
        _SCENARIO,
        Column("mean", _F, "10k persons", "Employment (point forecast for forecast rows)", False),
        Column("lo_80", _F, "10k persons", "Lower bound of the 80 % interval (forecast rows)"),
        Column("hi_80", _F, "10k persons", "Upper bound of the 80 % interval (forecast rows)"),
        Column("lo_95", _F, "10k persons", "Lower bound of the 95 % interval (forecast rows)"),
        Column("hi_95", _F, "10k persons", "Upper bound of the 95 % interval (forecast rows)"),
        Column("model", _S, "", "How the value was made ('' for history; ensemble+reconciliation[+scenario])"),
        _STATUS_M,
    ),
)

MART_STAFFING = TableSpec(
    name="mart_staffing", version=1, description="Staffing matrix S[industry, major class]: share of an industry's vocational jobs that fit a class.",
    columns=(
        Column("industry_code", _S, "", "GB/T 4754-2017 division, 2 digits", False),
        _CLASS,
        Column("share", _F, "share", "Posterior share of the division's vocational-level jobs", False),
        Column("prior_share", _F, "share", "Expert prior share", False),
        Column("n_postings", _F, "postings", "Classified postings behind the cell", False),
        Column("n_graduates", _F, "persons", "Graduate destinations behind the cell (real data only)", False),
        Column("provenance", _S, "", "prior | posterior | override", False, ("prior", "posterior", "override")),
        _STATUS_M,
        Column("note", _S, "", "Analyst note (overrides)"),
    ),
)

MART_VOCATIONAL_SHARE = TableSpec(
    name="mart_vocational_share", version=1, description="Vocational share v[industry]: share of a division's jobs at vocational level.",
    columns=(
        Column("industry_code", _S, "", "GB/T 4754-2017 division, 2 digits", False),
        Column("v", _F, "share", "Posterior vocational share", False),
        Column("v_prior", _F, "share", "Prior vocational share", False),
        Column("n_postings", _F, "postings", "Postings with an education requirement behind the estimate", False),
        Column("n_vocational", _F, "postings", "Of which at vocational level", False),
        Column("provenance", _S, "", "prior | posterior | override", False, ("prior", "posterior", "override")),
        _STATUS_M,
        Column("note", _S, "", "Analyst note (overrides)"),
    ),
)

_DEMAND_COLS = (
    Column("expansion", _F, "persons/year", "Expansion demand: change in employment × v × S (may be negative)", False),
    Column("replacement", _F, "persons/year", "Replacement demand: employment × exit rate × v × S", False),
    Column("openings", _F, "persons/year", "Openings (岗位需求) = max(0, expansion + replacement), point", False),
    *_q("openings", "openings"),
    Column("cum_openings_lo_80", _F, "persons", "Lower bound of the 80 % interval of openings summed to this year", False),
    Column("cum_openings_hi_80", _F, "persons", "Upper bound of the 80 % interval of openings summed to this year", False),
)

_INFORMATIVE = Column("interval_informative", _B, "", "False where the upper 80 % bound exceeds 3× the point (or the "
                      "point is 0): quote the range in words, not as a precise band", False)
_LEVEL_COLS = (
    _INFORMATIVE,
    Column("openings_secondary", _F, "persons/year", "中职-level openings beside the 高职 openings (not compared with supply)", False),
    Column("higher_share", _F, "share", "高职 share h of the class's vocational-level openings (openings = h × all levels)", False),
    Column("level_basis", _S, "", "Where h comes from", False, ("postings", "region_share", "none")),
)

MART_DEMAND = TableSpec(
    name="mart_demand", version=1, description="Openings by group × major class × forecast year × scenario.",
    columns=(_GROUP, _REGION, _SCENARIO, _CLASS, _YEAR, _HORIZON, *_DEMAND_COLS,
             Column("employment_persons", _F, "persons", "Vocational-level employment of the class (E × v × S)", False),
             _STATUS_M, *_LEVEL_COLS),
)

MART_DEMAND_MAJOR = TableSpec(
    name="mart_demand_major", version=1, description="Openings split from major classes to 6-digit majors.",
    columns=(_GROUP, _REGION, _SCENARIO, _CLASS,
             Column("major_code", _S, "", "2021 catalogue major, 6 digits", False),
             _YEAR, _HORIZON,
             Column("share", _F, "share", "The major's share of its class", False),
             Column("split_basis", _S, "", "What the split follows (programmes = the register's 布点 counts)", False),
             *_DEMAND_COLS, _STATUS_M),
)

MART_INDICATORS = TableSpec(
    name="mart_indicators", version=1, description="Recent indicators from postings (observed, not official) by class × region × year.",
    columns=(
        _CLASS, _REGION, Column("year", _I, "year", "Posting year", False),
        Column("postings", _I, "postings", "Postings, duplicates included", False),
        Column("postings_unique", _I, "postings", "Unique postings", False),
        Column("intensity", _F, "ratio", "Posting intensity: postings ÷ unique postings"),
        Column("postings_growth", _F, "share/year", "Growth of unique postings on the previous year"),
        Column("postings_growth_vs_avg", _F, "share/year", "postings_growth minus the all-class average"),
        Column("salary_cny_month_median", _F, "CNY/month", "Median posted monthly salary (mid-point of the range)"),
        Column("n_salary", _I, "postings", "Postings with a salary behind the median", False),
        Column("salary_growth", _F, "share/year", "Growth of the median salary on the previous year"),
        Column("salary_growth_vs_avg", _F, "share/year", "salary_growth minus the all-class average"),
        Column("share_vocational", _F, "share", "Share of postings asking for 中专/高中/大专"),
        Column("edu_secondary", _F, "share", "Share asking for 中专/中技 or 高中"),
        Column("edu_junior_college", _F, "share", "Share asking for 大专"),
        Column("edu_bachelor", _F, "share", "Share asking for 本科"),
        Column("edu_postgraduate", _F, "share", "Share asking for 硕士 or 博士"),
        Column("edu_any", _F, "share", "Share with no requirement (不限)"),
        Column("edu_unknown", _F, "share", "Share with no education stated"),
        _STATUS_M,
        Column("too_few_postings", _B, "", "Fewer unique postings than [flags] min_postings stand behind the row", False),
    ),
)

MART_SUPPLY = TableSpec(
    name="mart_supply", version=1, description="New entrants to the labour market by group × college × major × graduation year.",
    columns=(
        _GROUP, _CLASS,
        Column("major_code", _S, "", "2021 catalogue major, 6 digits", False),
        Column("college_code", _S, "", "学校标识码 (10 digits; SYN… for synthetic sample colleges)", False),
        Column("college_name", _S, "", "College name", False),
        Column("is_real", _B, "", "False for synthetic sample colleges", False),
        _YEAR,
        Column("cohort_year", _I, "year", "Entry year of the graduating cohort", False),
        Column("enrollment_cohort", _F, "persons", "Entrants of the cohort (enrolment, or programmes × intake)", False),
        Column("completion_rate", _F, "share", "Share of entrants who graduate", False),
        Column("further_study_rate", _F, "share", "Share of graduates who go on to further study", False),
        Column("in_province_rate", _F, "share", "Share of job-seeking graduates who stay in the province", False),
        Column("supply_gross", _F, "persons/year", "Graduates entering the labour market, all destinations", False),
        Column("entrants", _F, "persons/year", "Graduates entering the province's labour market", False),
        Column("basis", _S, "", "enrollment | projected_enrollment | capacity_estimate", False),
        _STATUS_M,
        Column("register_year", _I, "year", "Register year the cohort entered under (≤ cohort_year; capacity estimates only)"),
        Column("intake_per_programme", _F, "persons/year", "Intake per programme used (capacity estimates only)"),
    ),
)

MART_CAPACITY = TableSpec(
    name="mart_capacity", version=1, description="Capacity (专业布点) from the MOE register by level × city × year.",
    columns=(
        Column("level", _S, "", "category | class | major", False, ("category", "class", "major")),
        Column("major_code", _S, "", "2021 major (level major)"),
        Column("major_class", _S, "", "2021 major class (levels class and major)"),
        Column("category", _S, "", "2021 major category, 2 digits", False),
        Column("city_code", _S, "", "GB/T 2260 city code (null when the college's city is unknown)"),
        Column("city", _S, "", "City name", False),
        Column("year", _I, "year", "Register year", False),
        Column("n_colleges", _I, "colleges", "Colleges registered", False),
        Column("n_programmes", _I, "programmes", "Programmes registered", False),
        Column("colleges", _S, "", "College names, joined by 、", False),
    ),
)

MART_GAP = TableSpec(
    name="mart_gap", version=1, description="Openings against supply, and the rating, by group × class × year × scenario.",
    columns=(
        _GROUP, _REGION, _SCENARIO, _CLASS, _YEAR, _HORIZON,
        Column("openings", _F, "persons/year", "Openings, point", False),
        Column("openings_lo_80", _F, "persons/year", "Lower bound of the 80 % interval of openings", False),
        Column("openings_hi_80", _F, "persons/year", "Upper bound of the 80 % interval of openings", False),
        Column("expansion", _F, "persons/year", "Expansion demand", False),
        Column("replacement", _F, "persons/year", "Replacement demand", False),
        Column("supply", _F, "persons/year", "New entrants to the province's labour market", False),
        Column("supply_gross", _F, "persons/year", "New entrants, all destinations", False),
        Column("gap", _F, "persons/year", "openings − supply", False),
        Column("gap_ratio", _F, "share", "gap ÷ openings (null when openings are 0)"),
        Column("cum_openings", _F, "persons", "Openings summed over the horizon to this year", False),
        Column("cum_openings_lo_80", _F, "persons", "Lower 80 % bound of cum_openings", False),
        Column("cum_openings_hi_80", _F, "persons", "Upper 80 % bound of cum_openings", False),
        Column("cum_expansion", _F, "persons", "Expansion summed over the horizon", False),
        Column("cum_supply", _F, "persons", "Supply summed over the horizon", False),
        Column("cum_supply_gross", _F, "persons", "Gross supply summed over the horizon", False),
        Column("cum_gap", _F, "persons", "cum_openings − cum_supply", False),
        Column("cum_gap_ratio", _F, "share", "cum_gap ÷ cum_openings"),
        Column("projected_score", _I, "score", "Step 1 of the rating: projected condition, −2 … 2", False),
        Column("indicator_region", _S, "", "Region whose postings gave the recent indicators ('' = none)"),
        Column("postings_unique", _F, "postings", "Unique postings behind the recent indicators"),
        Column("postings_growth_vs_avg", _F, "share/year", "Posting growth against the average"),
        Column("salary_growth_vs_avg", _F, "share/year", "Salary growth against the average"),
        Column("employment_rate", _F, "share", "Graduates' employment rate"),
        Column("counterpart_rate", _F, "share", "Graduates' counterpart (专业对口) rate"),
        Column("in_province_rate", _F, "share", "Graduates' in-province rate"),
        Column("n_graduates", _F, "persons", "Graduates behind the three rates"),
        Column("recent_score", _F, "score", "Step 2 of the rating: recent conditions", False),
        Column("n_recent_signals", _I, "", "Recent indicators available", False),
        Column("score", _F, "score", "Combined score", False),
        Column("rating", _S, "", "strong/moderate shortage, balance, moderate/strong surplus", False, RATINGS),
        Column("drivers", _S, "", "Shortage drivers joined by ';': training | retention | suitability"),
        Column("flags", _S, "", "Caution flags joined by ';' (see mart_flags)"),
        _STATUS_M,
        Column("demand_status", _S, "", "Status of the demand side", False, MART_STATUS),
        Column("cum_supply_estimated", _F, "persons", "Part of cum_supply estimated as programmes × intake", False),
        Column("rating_supply_low", _S, "", "Rating with the estimated supply × the low sensitivity factor (0.5)", False, RATINGS),
        Column("rating_supply_high", _S, "", "Rating with the estimated supply × the high sensitivity factor (2)", False, RATINGS),
        Column("sensitive_to_supply", _B, "", "The rating changes under either factor: it rests on the intake assumption", False),
        _INFORMATIVE,
        Column("coverage_limited", _B, "", "The class works mostly in sections urban-unit statistics cover poorly: "
               "never cut or merged on the gap alone", False),
        Column("openings_secondary", _F, "persons/year", "中职-level openings beside the 高职 openings", False),
        Column("higher_share", _F, "share", "高职 share of the class's vocational-level openings", False),
    ),
)

MART_DEMAND_TOTAL = TableSpec(
    name="mart_demand_total", version=1,
    description="A group's openings over all its classes per scenario × year; intervals are quantiles of the simulated totals.",
    columns=(
        _GROUP, _REGION, _SCENARIO, _YEAR, _HORIZON,
        Column("n_classes", _I, "classes", "Classes summed", False),
        Column("expansion", _F, "persons/year", "Σ expansion of the classes", False),
        Column("replacement", _F, "persons/year", "Σ replacement of the classes", False),
        Column("openings", _F, "persons/year", "Σ openings of the classes, point", False),
        Column("openings_secondary", _F, "persons/year", "Σ 中职-level openings beside them", False),
        *_q("openings", "the total's openings"),
        Column("cum_openings", _F, "persons", "Openings summed to this year", False),
        Column("cum_openings_lo_80", _F, "persons", "Lower 80 % bound of cum_openings", False),
        Column("cum_openings_hi_80", _F, "persons", "Upper 80 % bound of cum_openings", False),
        _INFORMATIVE,
        Column("industry_shock_correlation", _F, "correlation", "Cross-industry correlation of the simulation", False),
        _STATUS_M,
    ),
)

MART_SUPPLY_ASSUMPTIONS = TableSpec(
    name="mart_supply_assumptions", version=1, description="Every assumption behind the estimated supply, with its source.",
    columns=(
        Column("parameter", _S, "", "intake_per_programme | completion_rate | further_study_rate | in_province_rate | "
               "cohort_register_rule | supply_sensitivity_low | supply_sensitivity_high", False),
        Column("major_class", _S, "", "Class it applies to ('*' = every other class)", False),
        Column("cohort_year", _F, "year", "Cohort year it applies to (null = every year)"),
        Column("value", _F, "", "The value (unit in the next column; null for a rule)"),
        Column("unit", _S, "", "Unit of value", False),
        Column("source", _S, "", "Where the value comes from", False),
        _STATUS_M,
    ),
)

MART_INTERVAL_BACKTEST = TableSpec(
    name="mart_interval_backtest", version=1,
    description="Ex-ante check of the openings intervals: refit on data to the origin year, compare the next years.",
    columns=(
        Column("level", _S, "", "class | total", False, ("class", "total")),
        Column("major_class", _S, "", "Class ('' for the total)", False),
        Column("origin_year", _I, "year", "Last year of data the forecast was fitted on", False),
        _YEAR, _HORIZON,
        Column("actual", _F, "persons/year", "Openings the same formulas give on the employment then observed", False),
        Column("openings", _F, "persons/year", "Forecast openings, point", False),
        *_q("openings", "the forecast openings"),
        Column("inside_80", _B, "", "actual within the 80 % interval", False),
        Column("inside_95", _B, "", "actual within the 95 % interval", False),
    ),
)

REVIEW_STATUSES = ("first_pass", "accepted", "modified", "rejected")
_REVIEW = (
    Column("review_status", _S, "", "Expert review (talentcast review apply): first_pass (初筛) | accepted (专家确认) | modified (专家修改) | rejected (专家否决)", False, REVIEW_STATUSES),
    Column("review_reason", _S, "", "The reviewer's reason ('' for first_pass)", False),
    Column("stale", _B, "", "The evidence behind the recorded decision moved materially since the review ([review] of rules.toml)", False),
)

MART_SUGGESTIONS = TableSpec(
    name="mart_suggestions", version=2, description="Suggested action per group × class, from the rules in rules.toml.",
    columns=(
        _GROUP, _SCENARIO, _CLASS,
        Column("major_class_name", _S, "", "Official class name", False),
        Column("year", _I, "year", "Last forecast year (the horizon the suggestion looks at)", False),
        Column("action", _S, "", "establish | expand | maintain | monitor | reduce_or_merge | improve_retention | improve_suitability | review_membership", False),
        Column("rule_id", _S, "", "Rule of rules.toml that fired", False),
        Column("priority", _I, "", "Rule priority (lower fires first)", False),
        Column("rating", _S, "", "The class's rating", False, RATINGS),
        Column("rationale_zh", _S, "", "Reason in Chinese, citing the evidence", False),
        Column("rationale_en", _S, "", "Reason in English, citing the evidence", False),
        Column("evidence", _S, "", "JSON object of the numbers the rule read", False),
        Column("plan_priority", _S, "", "Plan priorities (priority_id of data/analysis/plan_priorities.csv) naming the class, joined by ';'; '' when none", False),
        Column("conflict_plan", _S, "", "《plan》“quotation” the main call conflicts with (cuts or skips a priority class), for expert review; '' when none", False),
        *_REVIEW,
    ),
)

MART_SHORTAGE_LIST = TableSpec(
    name="mart_shortage_list", version=2, description="The shortage-talent list (紧缺人才目录) per group and the province: shortage-rated classes with ≥ [suggestions] min_openings_per_year_list openings a year, ranked by the absolute gap a year.",
    columns=(
        _GROUP, _SCENARIO,
        Column("rank", _I, "", "Rank in the list by gap_per_year (1 = largest absolute gap)", False),
        _CLASS,
        Column("major_class_name", _S, "", "Official class name", False),
        Column("year", _I, "year", "Last forecast year", False),
        Column("rating", _S, "", "Shortage rating", False, RATINGS),
        Column("score", _F, "score", "Combined score", False),
        Column("cum_openings", _F, "persons", "Openings over the horizon", False),
        Column("cum_supply", _F, "persons", "Supply over the horizon", False),
        Column("cum_gap", _F, "persons", "Gap over the horizon", False),
        Column("cum_gap_ratio", _F, "share", "Gap ratio over the horizon", False),
        Column("drivers", _S, "", "Drivers joined by ';'"),
        Column("drivers_zh", _S, "", "Drivers in Chinese"),
        Column("flags", _S, "", "Caution flags joined by ';'"),
        Column("evidence", _S, "", "JSON object of the evidence", False),
        Column("openings_per_year", _F, "persons/yr", "Openings over the horizon ÷ forecast years", False),
        Column("supply_per_year", _F, "persons/yr", "Supply over the horizon ÷ forecast years", False),
        Column("gap_per_year", _F, "persons/yr", "Gap over the horizon ÷ forecast years (the ranking key)", False),
        Column("headline", _B, "", "Among the first [suggestions] headline_count ranks with ≥ min_openings_per_year_headline openings a year: named on a report's first page", False),
        Column("typical_posts", _S, "", "Typical posts 'occupation_code name' joined by '；' from mart_posts; '' where that mart is absent", False),
        Column("conflict_plan", _S, "", "Plan conflict of the class's main suggestion (see mart_suggestions); '' when none", False),
        *_REVIEW,
    ),
)

MART_COLLEGE_EVAL = TableSpec(
    name="mart_college_eval", version=1, description="Member-college evaluation as an indicator table (no composite score).",
    columns=(
        _GROUP,
        Column("college_code", _S, "", "学校标识码", False),
        Column("college_name", _S, "", "College name", False),
        Column("is_real", _B, "", "False for synthetic sample colleges", False),
        Column("is_member", _B, "", "Listed as a member of the group", False),
        Column("indicator", _S, "", "Indicator id (see the method)", False),
        Column("value", _F, "see indicator", "Indicator value"),
        Column("rank", _F, "", "Rank among the group's colleges (1 = best)"),
        Column("n_ranked", _I, "colleges", "Colleges ranked on the indicator", False),
        Column("better", _S, "", "higher | lower", False, ("higher", "lower")),
        Column("n_basis", _F, "", "Observations behind the value", False),
        _STATUS_M,
        Column("note", _S, "", "'' | no_data | no_data_synthetic_basis"),
    ),
)

MART_FLAGS = TableSpec(
    name="mart_flags", version=1, description="Caution flags (Cedefop style) per group or cell.",
    columns=(
        _GROUP,
        Column("scope", _S, "", "group | cell", False, ("group", "cell")),
        Column("region_code", _S, "", "Region of the cell ('' for group flags)"),
        Column("scenario", _S, "", "Scenario of the cell ('' for group flags)"),
        Column("major_class", _S, "", "Class of the cell ('' for group flags)"),
        Column("year", _I, "year", "Year of the cell (null for group flags)"),
        Column("flag", _S, "", "Flag id", False),
        Column("severity", _S, "", "caution", False),
        Column("value", _F, "", "The value that raised the flag"),
        Column("threshold", _F, "", "The threshold it crossed"),
        Column("message_zh", _S, "", "Message in Chinese", False),
        Column("message_en", _S, "", "Message in English", False),
    ),
)

MART_BACKTEST = TableSpec(
    name="mart_backtest", version=1, description="Rolling-origin backtest of the employment forecast: engine, members and naive.",
    columns=(
        Column("model", _S, "", "ensemble | naive | drift | … (the ensemble's members)", False),
        Column("horizon", _S, "", "Horizon in years, or 'all'", False),
        Column("mase", _F, "", "Mean absolute scaled error", False),
        Column("smape", _F, "%", "Symmetric mean absolute percentage error", False),
        Column("coverage_80", _F, "share", "Share of actuals inside the 80 % interval (ensemble only)"),
        Column("coverage_95", _F, "share", "Share of actuals inside the 95 % interval (ensemble only)"),
        Column("n", _I, "forecasts", "Forecasts scored", False),
    ),
)

MART_UNKNOWN_INDUSTRIES = TableSpec(
    name="mart_unknown_industries", version=1, description="Platform industry labels that no map resolves (for the analyst to map).",
    columns=(
        Column("label", _S, "", "The platform's label or code", False),
        Column("source", _S, "", "Platform", False),
        Column("count", _I, "postings", "Postings carrying the label", False),
        Column("reason", _S, "", "Why it is unmapped", False),
    ),
)

SCENARIOS = TableSpec(
    name="scenarios", version=1, description="Scenario adjustments applied beside the baseline, with their assumptions.",
    columns=(
        Column("scenario", _S, "", "Scenario name", False),
        Column("description", _S, "", "What the scenario is", False),
        Column("adjustment", _I, "", "Row number of the adjustment in its file", False),
        Column("series", _S, "", "region:industry series adjusted", False),
        Column("region_code", _S, "", "GB/T 2260 code", False),
        Column("industry_code", _S, "", "GB/T 4754 section or TOTAL", False),
        Column("years", _S, "", "Years covered, as text", False),
        Column("first_year", _I, "year", "First year adjusted", False),
        Column("last_year", _I, "year", "Last year adjusted", False),
        Column("rule", _S, "", "share | growth | level", False),
        Column("value", _F, "", "The rule's value (share, growth rate or level)", False),
        Column("share_of", _S, "", "Series the share refers to (rule share)"),
        Column("assumption", _S, "", "The assumption in words, quoting the plan", False),
        Column("source", _S, "", "Where the target comes from", False),
    ),
)

SOURCES = TableSpec(
    name="sources", version=1, description="Data sources with vintage, licence and status (from data/sources.toml and the manifest).",
    columns=(
        Column("source_id", _S, "", "Source id", False),
        Column("name_zh", _S, "", "Name in Chinese", False),
        Column("name_en", _S, "", "Name in English", False),
        Column("vintage", _S, "", "Vintage or period", False),
        Column("licence", _S, "", "Licence or terms", False),
        Column("url", _S, "", "Where it comes from"),
        Column("status", _S, "", "official | observed | estimated | synthetic", False, MART_STATUS),
        Column("files", _S, "", "Files ingested from it, joined by '; '"),
    ),
)

MART_POSTS = TableSpec(
    name="mart_posts", version=1,
    description="Demand by post (岗位): the typical occupations (职业分类大典 2022) of each class a group covers, with the region's postings behind them (observed, not official).",
    columns=(
        _GROUP, _CLASS,
        Column("occupation_code", _S, "", "职业分类大典 2022 code", False),
        Column("occupation_name_zh", _S, "", "Occupation name as in the 大典", False),
        Column("n_postings_region", _I, "postings", "Postings in the report's region that the crosswalk assigns to the occupation", False),
        Column("salary_cny_month_median", _F, "CNY/month", "Their median posted monthly pay (null below the minimum of postings)"),
        Column("share_of_openings", _F, "share", "The occupation's share of the class's region postings (null below the minimum)"),
        Column("evidence", _S, "", "Why the occupation is linked to the class, with example titles", False),
        Column("provenance", _S, "", "Where the link comes from (authored crosswalk, postings)", False),
        Column("status", _S, "", "observed (enough postings) | too_few_postings | no_postings (crosswalk link only)", False,
               ("observed", "too_few_postings", "no_postings")),
    ),
)

MART_EXPOST = TableSpec(
    name="mart_expost", version=1,
    description="Ex-post record (as BLS evaluates its projections): the region's section forecast made as if at an earlier origin, scored against the actuals, beside naive.",
    columns=(
        Column("series_id", _S, "", "'<region>:<industry>' or 'ALL (mean over series)'", False),
        Column("origin_year", _I, "year", "Last year the forecast could see", False),
        Column("period", _I, "year", "Year scored", False),
        Column("horizon_years", _I, "years", "Years after the origin", False),
        Column("actual", _F, "10k persons", "Actual employment"),
        Column("forecast", _F, "10k persons", "The engine's forecast"),
        Column("naive", _F, "10k persons", "Naive forecast (the origin's value)"),
        Column("error_pct", _F, "%", "(forecast − actual) ÷ actual"),
        Column("naive_error_pct", _F, "%", "(naive − actual) ÷ actual"),
        Column("abs_error_pct", _F, "%", "Absolute error of the engine"),
        Column("naive_abs_error_pct", _F, "%", "Absolute error of naive"),
        Column("beats_naive", _B, "", "The engine's absolute error is smaller (ties are not wins)"),
    ),
)

FORECAST_VINTAGES = TableSpec(
    name="forecast_vintages", version=1,
    description="Every full `forecast` run's baseline employment forecast, kept so `talentcast evaluate --vintage` can score it when actuals arrive.",
    columns=(
        Column("vintage", _S, "", "YYYYmmddTHHMMSSZ-<8 hex>", False),
        Column("created_at", "timestamp", "", "When the run happened (UTC)", False),
        Column("inputs_fingerprint", _S, "", "sha256 over the content hashes of the statistics files the run saw", False),
        Column("settings_json", _S, "", "The settings that shape the forecast, as JSON", False),
        Column("series_id", _S, "", "'<region>:<industry>'", False),
        Column("period", _I, "year", "Forecast year", False),
        Column("mean", _F, "10k persons", "Point forecast", False),
        Column("lo_80", _F, "10k persons", "Lower bound of the 80 % interval"),
        Column("hi_80", _F, "10k persons", "Upper bound of the 80 % interval"),
        Column("lo_95", _F, "10k persons", "Lower bound of the 95 % interval"),
        Column("hi_95", _F, "10k persons", "Upper bound of the 95 % interval"),
        Column("history_last_period", _I, "year", "Last year of history the run saw"),
        Column("history_last_value", _F, "10k persons", "Its value (the naive forecast)"),
    ),
)
TABLES[FORECAST_VINTAGES.name] = FORECAST_VINTAGES

MART_PREVIOUS_FORECAST = TableSpec(
    name="mart_previous_forecast", version=1,
    description="The previous edition's employment forecast against the figures in the lake now: the newest stored "
                "vintage with a figure for one of its forecast years (an official one preferred), beside naive.",
    columns=(
        Column("vintage", _S, "", "The vintage compared (forecast_vintages.vintage)", False),
        Column("created_at", "timestamp", "", "When that forecast was made (UTC)", False),
        Column("edition", _I, "year", "The report edition that run was made for (null: not recorded)"),
        Column("history_last_year", _I, "year", "Last year of history that forecast saw", False),
        _REGION,
        Column("industry_code", _S, "", "GB/T 4754-2017 section letter or 'TOTAL'", False),
        Column("industry_level", _S, "", "total | section | division", False, ("total", "section", "division")),
        Column("year", _I, "year", "Year compared (a forecast year of that vintage)", False),
        Column("horizon_years", _I, "years", "Years after history_last_year", False),
        Column("forecast", _F, "10k persons", "The previous edition's baseline forecast", False),
        Column("actual", _F, "10k persons", "The figure in the lake now (mart_employment history)", False),
        Column("actual_status", _S, "", "Status of that figure: official | observed | estimated | synthetic", False,
               MART_STATUS),
        Column("naive", _F, "10k persons", "Naive forecast: the last history value that forecast saw"),
        Column("error_pct", _F, "%", "(forecast − actual) ÷ actual"),
        Column("naive_error_pct", _F, "%", "(naive − actual) ÷ actual"),
    ),
)

MARTS: dict[str, TableSpec] = {
    t.name: t
    for t in (MART_EMPLOYMENT, MART_STAFFING, MART_VOCATIONAL_SHARE, MART_DEMAND, MART_DEMAND_MAJOR, MART_INDICATORS,
              MART_SUPPLY, MART_CAPACITY, MART_GAP, MART_SUGGESTIONS, MART_SHORTAGE_LIST, MART_COLLEGE_EVAL, MART_FLAGS,
              MART_BACKTEST, MART_EXPOST, MART_POSTS, MART_UNKNOWN_INDUSTRIES, SCENARIOS, SOURCES, MART_DEMAND_TOTAL,
              MART_SUPPLY_ASSUMPTIONS, MART_INTERVAL_BACKTEST, MART_PREVIOUS_FORECAST)
}
TABLES.update(MARTS)
