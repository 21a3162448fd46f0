"""MOE major register (专业设置备案, 专业布点) → the lake's ``programmes`` table.

The register lists, per year, which higher-vocational majors each college may enrol in. Two
input shapes are read:

* the register's raw text: records separated by ``^_^``, each a handful of ``key：value``
  lines (机构名称, 省份, 学校标识码, 开设专业 ``name (code)``, 修业年限, 年份, 备注);
* a table (CSV or XLSX) with the same fields, either under the Chinese keys or under the
  English names of the ``programmes`` table (``college_name``, ``college_code``,
  ``major_name_src``, ``major_code_src``, ``duration_years``, ``year``); a single ``开设专业``
  column in the raw ``name (code)`` form is split like the text.

Processing is in two pure steps, so tests and the CLI share them:

1. :func:`split_register_text` / :func:`read_register_table` → raw records (one row a
   record, ``record_no`` 1-based) plus quarantine rows for records that cannot be read.
2. :func:`resolve_programmes` → the ``programmes`` rows: the college code normalised to the
   10-digit 学校标识码, the catalogue edition detected per code and name, and the major's 2021
   code from the 2021 catalogue or the concordance (:mod:`talentcast.ingest.register_concordance`).

:func:`parse_register_text` chains both for one text file; :func:`ingest_programmes` adds the
file I/O, row accounting, idempotence (files already in the manifest are skipped) and the
atomic write through :class:`talentcast.lake.Lake`.

Quarantine reasons written here (besides the common ones ``bad_record``, ``missing_required``,
``bad_year`` and ``bad_number``):

* ``college_code_missing``: 学校标识码 is ``暂无`` or empty (2023 has 34 such rows);
* ``college_code_unresolved``: a 5-digit code whose 10-digit form is not in the college list,
  in the same batch, or in the lake (the 10-digit form is never guessed);
* ``major_code_unknown``: a code read as the 2021 edition that is not in the 2021 catalogue
  (e.g. 430112, 530305, 550409 in 2025: later additions the packaged list does not carry).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from talentcast.errors import InputFileError
from talentcast.ingest import guards
from talentcast.ingest.headers import header_key
from talentcast.ingest.parsers import UNSAFE_PATTERN

TABLE = "programmes"
DURATION_MAX = 8  # years: the longest vocational programme (五年一贯制 and 3+2) is 5
SOURCE = "moe_major_register"
RECORD_SEP = "^_^"

#: Raw register keys → raw-frame column names.
KEYS: dict[str, str] = {
    "机构名称": "college_name",
    "省份": "province",
    "学校标识码": "college_code_src",
    "开设专业": "major_raw",
    "修业年限": "duration_raw",
    "年份": "year_raw",
    "备注": "note",
}
#: English aliases accepted in CSV/XLSX headers.
ALIASES: dict[str, str] = {
    "college_name": "college_name",
    "college": "college_name",
    "province": "province",
    "college_code": "college_code_src",
    "college_code_src": "college_code_src",
    "major_name": "major_name_src",
    "major_name_src": "major_name_src",
    "major_code": "major_code_src",
    "major_code_src": "major_code_src",
    "duration_years": "duration_raw",
    "duration": "duration_raw",
    "year": "year_raw",
    "note": "note",
    "专业名称": "major_name_src",
    "专业代码": "major_code_src",
}
RAW_COLUMNS = [
    "file",
    "record_no",
    "college_name",
    "province",
    "college_code_src",
    "major_raw",
    "major_name_src",
    "major_code_src",
    "duration_raw",
    "year_raw",
    "note",
    "raw",
]
PROGRAMME_COLUMNS = [
    "year",
    "college_code",
    "college_name",
    "major_code_src",
    "major_name_src",
    "duration_years",
    "catalogue_edition",
    "major_code",
    "source",
    "file",
    "record_no",
]
QUARANTINE_COLUMNS = ["source_table", "file", "line", "raw", "reason", "detail"]

# "name (code)"; full- or half-width brackets; codes are 6 digits, optionally with the
# catalogue's "K" (国家控制专业) suffix, which some rows write in lower case.
_MAJOR_RE = re.compile(r"^(?P<name>.*?)\s*[（(]\s*(?P<code>[0-9A-Za-z]+)\s*[)）]\s*$")
_CODE_RE = re.compile(r"^[0-9]{6}K?$")
_MISSING = {"", "暂无", "无", "-", "—", "null", "none", "nan"}

#: Year ranges in which each catalogue edition was current (the default, see detect_edition).
EDITION_YEARS: dict[str, tuple[int, int]] = {"2004": (1900, 2015), "2015": (2016, 2020), "2021": (2021, 2100)}


def year_edition(year: int) -> str:
    """Return the catalogue edition current in ``year`` (2004: –2015, 2015: 2016–20, 2021: 2021–)."""
    for ed, (lo, hi) in EDITION_YEARS.items():
        if lo <= year <= hi:
            return ed
    return "2021"


def normalise_name(name: str) -> str:
    """Major name for matching: no whitespace, half-width brackets."""
    s = re.sub(r"\s+", "", str(name))
    return s.replace("（", "(").replace("）", ")")


def normalise_major_code(code: str) -> str:
    """Major code as the catalogue writes it: digits plus an upper-case ``K`` where present."""
    return re.sub(r"\s+", "", str(code)).upper()


def _q(file: str, line: int | None, raw: str, reason: str, detail: str) -> dict:
    return {"source_table": TABLE, "file": file, "line": line, "raw": raw[:4000], "reason": reason, "detail": detail}


# ---------------------------------------------------------------------------------------------
# Step 1: raw records
# ---------------------------------------------------------------------------------------------


def split_register_text(text: str, file: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the register's raw text into raw records (pure).

    Args:
        text: The whole file as text (UTF-8 decoded; a BOM is ignored).
        file: The file's name, written to every row for provenance.

    Returns:
        ``(raw, quarantine)``: ``raw`` has :data:`RAW_COLUMNS`, one row a record, with
        ``record_no`` counting every non-empty record from 1; records without any
        ``key：value`` line go to ``quarantine`` (reason ``bad_record``).
    """
    text = text.lstrip("\ufeff")
    rows: list[dict] = []
    quarantine: list[dict] = []
    record_no = 0
    for chunk in text.split(RECORD_SEP):
        if not chunk.strip():
            continue
        record_no += 1
        rec: dict[str, str] = {}
        for line in chunk.strip().splitlines():
            line = line.strip()
            if not line:
                continue
            key, sep, value = line.partition("：")
            if not sep:
                key, sep, value = line.partition(":")
            if not sep:
                continue
            col = KEYS.get(key.strip())
            if col is not None:
                rec[col] = value.strip()
        if not rec:
            quarantine.append(_q(file, record_no, chunk.strip(), "bad_record", f"{file} record {record_no}: no 'key：value' line of the register (机构名称, 学校标识码, 开设专业 …) found"))
            continue
        rec.update(file=file, record_no=record_no, raw=chunk.strip())
        rows.append(rec)
    raw = pd.DataFrame(rows, columns=RAW_COLUMNS)
    return _split_major(raw), pd.DataFrame(quarantine, columns=QUARANTINE_COLUMNS)


def _split_major(raw: pd.DataFrame) -> pd.DataFrame:
    """Fill major_name_src/major_code_src from ``major_raw`` ("name (code)") where not given."""
    if raw.empty:
        return raw
    raw = raw.copy()
    for c in ("major_name_src", "major_code_src"):
        raw[c] = raw[c].astype(object)
    need = raw["major_code_src"].isna() & raw["major_raw"].notna()
    if need.any():
        parts = raw.loc[need, "major_raw"].astype(str).str.extract(_MAJOR_RE)
        raw.loc[need, "major_name_src"] = parts["name"]
        raw.loc[need, "major_code_src"] = parts["code"]
    return raw


def read_register_table(path: Path, *, file: str | None = None, mapping: Mapping[str, str] | None = None,
                        encoding: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a CSV or XLSX copy of the register into raw records (same columns as the text).

    Headers may be the register's Chinese keys (机构名称, 学校标识码, 开设专业 or 专业名称 +
    专业代码, 修业年限, 年份) or the table's English names. Every cell is read as a string so
    codes keep their leading zeros. ``record_no`` is the record number as the reader gives it
    (csv: data row, header and title lines excluded; xlsx: sheet row). Read through
    :func:`talentcast.ingest.readers.read_frame`, like every other kind.

    Raises:
        InputFileError: The file cannot be read, or lacks the columns needed.
    """
    from talentcast.ingest.readers import read_frame

    path = Path(path)
    name = file or path.name
    df, bad = read_frame(path, encoding=encoding)
    record_no = df.pop("record_no")
    raw, q = register_frame(df, name, mapping=mapping)
    raw["record_no"] = record_no.to_numpy()[: len(raw)] if len(raw) else raw["record_no"]
    if bad:
        q = pd.concat([q, pd.DataFrame([_q(name, n, r, reason, d) for n, r, reason, d in bad], columns=QUARANTINE_COLUMNS)],
                      ignore_index=True)
    return raw, q


#: Register header (Chinese key or English alias) by :func:`~talentcast.ingest.headers.header_key` → raw field.
_HEADERS = {header_key(k): v for k, v in {**ALIASES, **KEYS}.items()}


def register_frame(df: pd.DataFrame, file: str, *, mapping: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map a table with register fields (Chinese keys or English names) to raw records (pure).

    Args:
        df: The table, every cell a string.
        file: File name for provenance.
        mapping: Field → column overrides, e.g. ``{"major_code_src": "代码"}``; they win over
            the built-in header names.

    Raises:
        InputFileError: Neither a major column (开设专业 / major code) nor a college column exists.
    """
    if mapping:
        unknown = [c for c in mapping.values() if c not in df.columns]
        if unknown:
            raise InputFileError(f"{file}: mapped column(s) {', '.join(unknown)} not in the header ({', '.join(map(str, df.columns))})", hint="Check --map FIELD=COLUMN against the file's header.")
        df = df.rename(columns={v: f"__map__{k}" for k, v in mapping.items()})
    rename: dict[str, str] = {}
    for c in df.columns:
        key = str(c).strip()
        if key.startswith("__map__"):
            rename[c] = key[len("__map__") :]
            continue
        target = _HEADERS.get(header_key(key)) or key
        rename[c] = key if mapping and target in mapping else target  # a mapped field wins
    out = df.rename(columns=rename)
    out = out.loc[:, ~out.columns.duplicated()]
    have = set(out.columns)
    if not ({"major_raw", "major_code_src"} & have) or "college_code_src" not in have and "college_name" not in have:
        raise InputFileError(
            f"{file}: not a major register table; columns found: {', '.join(map(str, df.columns))}",
            hint="Expected 机构名称, 学校标识码, 开设专业 (or 专业名称 + 专业代码), 修业年限, 年份.",
        )
    out = out.reset_index(drop=True)
    out["file"] = file
    out["record_no"] = out.index + 1
    # A header-only file has no rows to join (agg over none gives a frame, not strings).
    out["raw"] = df.astype(str).agg("|".join, axis=1).values if len(df) else []
    for c in RAW_COLUMNS:
        if c not in out.columns:
            out[c] = None
    out = out[RAW_COLUMNS].replace({"": None})
    return _split_major(out), pd.DataFrame(columns=QUARANTINE_COLUMNS)


# ---------------------------------------------------------------------------------------------
# Step 2: normalise and map
# ---------------------------------------------------------------------------------------------


@dataclass
class RegisterContext:
    """What resolving needs to know beyond the records themselves.

    Attributes:
        code_map: 5-digit school code → 10-digit 学校标识码 (from the college list, 10-digit
            codes in the same batch, and programmes already in the lake).
        names: College name → 10-digit code from the college list (only used to say, in a
            quarantine detail, which code a ``暂无`` record probably lacks).
        catalogue_2021: 2021 major code → name (the packaged catalogue, 专科 and 职业本科).
        old_editions: ``(edition, code)`` → set of normalised names known for the code in
            that edition (from the concordance), for detecting the edition of a record.
        concordance: ``(edition, code)`` → 2021 code or None (unmapped).
    """

    code_map: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    catalogue_2021: dict[str, str] = field(default_factory=dict)
    old_editions: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    concordance: dict[tuple[str, str], str | None] = field(default_factory=dict)

    @classmethod
    def from_frames(
        cls,
        *,
        colleges: pd.DataFrame | None = None,
        catalogue: pd.DataFrame | None = None,
        concordance: pd.DataFrame | None = None,
        extra_codes: Iterable[str] = (),
    ) -> RegisterContext:
        """Build the context from the college list, the 2021 catalogue and the concordance.

        Args:
            colleges: Rows with ``moe_code`` (10-digit) and ``national_code_5``.
            catalogue: The 2021 catalogue (``code, level, name_zh``); only ``level == 'major'``.
            concordance: ``major_concordance.csv`` (old_edition, old_code, old_name, code_2021).
            extra_codes: Further 10-digit codes (this batch, the lake) to learn 5 → 10 from.
        """
        ctx = cls()
        ctx.code_map.update(college_code_map(colleges, extra_codes))
        if colleges is not None and not colleges.empty and "name" in colleges.columns:
            ctx.names = {str(n).strip(): str(c).strip() for n, c in zip(colleges["name"], colleges["moe_code"])}
        if catalogue is not None and not catalogue.empty:
            maj = catalogue[catalogue["level"].astype(str) == "major"]
            ctx.catalogue_2021 = {normalise_major_code(c): str(n) for c, n in zip(maj["code"], maj["name_zh"])}
        if concordance is not None and not concordance.empty:
            for ed, code, name, new in concordance[["old_edition", "old_code", "old_name", "code_2021"]].itertuples(index=False):
                key = (str(ed), normalise_major_code(code))
                ctx.old_editions.setdefault(key, set()).add(normalise_name(name))
                new_s = None if pd.isna(new) or str(new).strip() == "" else normalise_major_code(new)
                if key not in ctx.concordance or ctx.concordance[key] is None:
                    ctx.concordance[key] = new_s
        return ctx

    @classmethod
    def packaged(cls, extra_codes: Iterable[str] = ()) -> RegisterContext:
        """Context from the packaged reference data (colleges, 2021 catalogue, concordance)."""
        from talentcast.resources import resource_path

        data = resource_path("data")
        frames: dict[str, pd.DataFrame | None] = {}
        for key, rel in (
            ("colleges", "reference/henan_colleges_2025.csv"),
            ("catalogue", "reference/vocational_majors_2021.csv"),
            ("concordance", "crosswalk/major_concordance.csv"),
        ):
            p = data / rel
            frames[key] = pd.read_csv(p, dtype=str, keep_default_na=False) if p.exists() else None
        return cls.from_frames(**frames, extra_codes=extra_codes)


def college_code_map(colleges: pd.DataFrame | None, extra_codes: Iterable[str] = ()) -> dict[str, str]:
    """5-digit school code → 10-digit 学校标识码, from the college list and known 10-digit codes.

    The register writes 5-digit codes before 2016 and 10-digit ones later, with the same last
    five digits. A 5-digit code maps only where a 10-digit code with those digits is known
    (the list wins over the batch); an ambiguous suffix (two 10-digit codes) is left out.
    """
    found: dict[str, set[str]] = {}
    for code in extra_codes:
        c = str(code).strip()
        if re.fullmatch(r"[0-9]{10}", c):
            found.setdefault(c[-5:], set()).add(c)
    out = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    if colleges is not None and not colleges.empty:
        for moe, n5 in zip(colleges["moe_code"].astype(str), colleges["national_code_5"].astype(str)):
            if re.fullmatch(r"[0-9]{10}", moe.strip()):
                out[n5.strip().zfill(5)] = moe.strip()
    return out


def detect_edition(code: str, name: str, year: int, ctx: RegisterContext) -> str:
    """The catalogue edition a registered (code, name) belongs to.

    The year gives the default (2004: –2015, 2015: 2016–20, 2021: 2021–). Where the code and
    name match another edition and not the year's (a college registering an old code after a
    catalogue change, or a new code early), the matching edition wins: first the year's
    edition, then the nearest other. With no match anywhere the year's edition stands.
    """
    ed_y = year_edition(year)
    nname = normalise_name(name)
    matches: list[str] = []
    if normalise_name(ctx.catalogue_2021.get(code, "\0")) == nname:
        matches.append("2021")
    for ed in ("2015", "2004"):
        if nname in ctx.old_editions.get((ed, code), set()):
            matches.append(ed)
    if not matches or ed_y in matches:
        return ed_y
    return min(matches, key=lambda e: abs(int(e) - int(ed_y)))


def resolve_programmes(raw: pd.DataFrame, ctx: RegisterContext, *, source: str = SOURCE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn raw register records into ``programmes`` rows (pure).

    Args:
        raw: Output of :func:`split_register_text` or :func:`register_frame`.
        ctx: Code maps, catalogue and concordance.
        source: Value of the ``source`` column.

    Returns:
        ``(programmes, quarantine)``; every raw row lands in exactly one of them.
    """
    rows: list[dict] = []
    quarantine: list[dict] = []
    for r in raw.itertuples(index=False):
        file, no, rawtxt = r.file, int(r.record_no), str(r.raw)
        where = f"{file} record {no}"
        college = (r.college_name or "").strip() if isinstance(r.college_name, str) else ""
        # year
        yr = str(r.year_raw).strip() if r.year_raw is not None and not pd.isna(r.year_raw) else ""
        if not re.fullmatch(r"(19|20|21)[0-9]{2}", yr):
            reason = "missing_required" if yr == "" else "bad_year"
            quarantine.append(_q(file, no, rawtxt, reason, f"{where}: 年份 {yr!r} is not a year (1900–2199)"))
            continue
        year = int(yr)
        if guards.year_outside_window(year):
            # A register dated 2099 would become the "latest" register and wipe out supply.
            quarantine.append(_q(file, no, rawtxt, "bad_year", f"{where}: 年份 {year}: {guards.year_detail()}"))
            continue
        cells = [str(v) for v in (r.college_name, r.college_code_src, r.major_raw, r.major_name_src, r.major_code_src) if isinstance(v, str)]
        if any(re.match(UNSAFE_PATTERN, c) for c in cells):
            quarantine.append(_q(file, no, rawtxt, "unsafe_content", f"{where}: a spreadsheet formula in a text field"))
            continue
        if any(len(c) > guards.CELL_LIMIT for c in cells):
            quarantine.append(_q(file, no, rawtxt, "field_too_large", f"{where}: a cell over {guards.CELL_LIMIT:,} characters"))
            continue
        # college code
        cc = str(r.college_code_src).strip() if isinstance(r.college_code_src, str) else ""
        if cc.lower() in _MISSING:
            listed = ctx.names.get(college)
            hint = f" (the college list has {college} as {listed})" if listed else ""
            # Not filled in from the name: the register is the fact being recorded, and a
            # same-name match across years is not proof of the same institution.
            quarantine.append(_q(file, no, rawtxt, "college_code_missing", f"{where}: 学校标识码 is {cc or 'empty'!r} for {college or '?'}{hint}; put the code into the register copy and ingest it again"))
            continue
        if re.fullmatch(r"[0-9]{10}", cc):
            college_code = cc
        elif re.fullmatch(r"[0-9]{4,5}", cc) and cc.zfill(5) in ctx.code_map:
            college_code = ctx.code_map[cc.zfill(5)]
        elif re.fullmatch(r"[0-9]{4,5}", cc):
            quarantine.append(_q(file, no, rawtxt, "college_code_unresolved", f"{where}: 5-digit 学校标识码 {cc} ({college or '?'}) matches no 10-digit code in the college list, this batch or the lake; add the college to reference/henan_colleges and ingest again"))
            continue
        else:
            quarantine.append(_q(file, no, rawtxt, "bad_number", f"{where}: 学校标识码 {cc!r} is neither 5 nor 10 digits"))
            continue
        # major
        code_src = r.major_code_src if isinstance(r.major_code_src, str) else ""
        name_src = (r.major_name_src or "").strip() if isinstance(r.major_name_src, str) else ""
        code = normalise_major_code(code_src)
        if code.lower() in _MISSING or not name_src and not code:
            quarantine.append(_q(file, no, rawtxt, "missing_required", f"{where}: 开设专业 {r.major_raw!r} has no major code; expected 'name (code)'"))
            continue
        if not _CODE_RE.fullmatch(code):
            quarantine.append(_q(file, no, rawtxt, "bad_record", f"{where}: major code {code_src!r} is not 6 digits (+ optional K); expected 'name (123456)'"))
            continue
        # duration
        dur_s = str(r.duration_raw).strip() if isinstance(r.duration_raw, str) else ""
        if dur_s and not re.fullmatch(r"[0-9]+(\.0+)?", dur_s):
            quarantine.append(_q(file, no, rawtxt, "bad_number", f"{where}: 修业年限 {dur_s!r} is not a whole number of years"))
            continue
        duration = int(float(dur_s)) if dur_s else None
        if duration is not None and not 1 <= duration <= DURATION_MAX:
            quarantine.append(_q(file, no, rawtxt, "out_of_range", f"{where}: 修业年限 {duration} is outside 1–{DURATION_MAX} years"))
            continue
        edition = detect_edition(code, name_src, year, ctx)
        if edition == "2021":
            if code not in ctx.catalogue_2021:
                quarantine.append(_q(file, no, rawtxt, "major_code_unknown", f"{where}: major {name_src} ({code}) is read as the 2021 catalogue (year {year}) but the code is not in it; add it to reference/vocational_majors_2021.csv if it is a later addition"))
                continue
            major_code: str | None = code
        else:
            major_code = ctx.concordance.get((edition, code))
            if major_code is None and (edition, code) not in ctx.concordance:
                # Not in the concordance at all: an exact name match in 2021 is still a fact.
                major_code = _exact_name_2021(name_src, ctx)
        rows.append(
            {
                "year": year,
                "college_code": college_code,
                "college_name": college,
                "major_code_src": code,
                "major_name_src": name_src,
                "duration_years": duration,
                "catalogue_edition": edition,
                "major_code": major_code,
                "source": source,
                "file": file,
                "record_no": no,
            }
        )
    prog = pd.DataFrame(rows, columns=PROGRAMME_COLUMNS)
    prog["year"] = prog["year"].astype("int64")
    prog["record_no"] = prog["record_no"].astype("int64")
    prog["duration_years"] = prog["duration_years"].astype("Int64")
    return prog, pd.DataFrame(quarantine, columns=QUARANTINE_COLUMNS)


def _exact_name_2021(name: str, ctx: RegisterContext) -> str | None:
    nname = normalise_name(name)
    hits = [c for c, n in ctx.catalogue_2021.items() if normalise_name(n) == nname]
    # Prefer the 专科 code (41–59) where a 职业本科 major has the same name.
    hits.sort(key=lambda c: (not ("41" <= c[:2] <= "59"), c))
    return hits[0] if hits else None


def parse_register_text(text: str, file: str, *, ctx: RegisterContext | None = None, source: str = SOURCE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse one register text file into ``programmes`` rows and quarantine rows (pure).

    Args:
        text: The file's text.
        file: The file's name (provenance).
        ctx: Resolution context; by default the packaged reference data plus the 10-digit
            codes found in ``text`` itself.
        source: Value of the ``source`` column.

    Returns:
        ``(accepted, quarantine)`` with the ``programmes`` and ``quarantine`` columns.
    """
    raw, q1 = split_register_text(text, file)
    if ctx is None:
        ctx = RegisterContext.packaged(extra_codes=raw["college_code_src"].dropna().unique())
    prog, q2 = resolve_programmes(raw, ctx, source=source)
    return prog, pd.concat([q1, q2], ignore_index=True) if len(q1) else q2


# ---------------------------------------------------------------------------------------------
# I/O edge: read files and write the lake
# ---------------------------------------------------------------------------------------------


def read_register_file(path: Path, *, mapping: Mapping[str, str] | None = None, encoding: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read one register file (text, optionally gzip'd, or CSV/XLSX) into raw records.

    Args:
        path: The file.
        mapping: Field → column overrides for tables (see :func:`register_frame`).
        encoding: Forced text encoding (default: UTF-8, then GB18030).

    Raises:
        InputFileError: Unreadable, undecodable or not a register.
    """
    path = Path(path)
    name = path.name
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in {".xlsx", ".xlsm", ".xls"}:
        return read_register_table(path, mapping=mapping, encoding=encoding)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from exc
    if data[:2] == b"\x1f\x8b":
        import gzip
        import zlib

        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputFileError(f"{path}: truncated or corrupt gzip ({exc})", hint="Copy the file again.") from exc
    from talentcast.ingest.readers import detect_encoding

    if not data.strip():
        raise InputFileError(f"{path}: the file is empty")
    enc = detect_encoding(path, data[: 1 << 20], encoding)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path}: cannot be decoded as {enc}", hint="Re-save the file as UTF-8 or pass --encoding.") from exc
    if not text.strip():
        raise InputFileError(f"{path}: the file is empty")
    stem_ext = [s for s in suffixes if s != ".gz"]
    if stem_ext and stem_ext[-1] == ".csv" or (RECORD_SEP not in text and "开设专业：" not in text and "," in text.splitlines()[0]):
        return read_register_table(path, mapping=mapping, encoding=encoding)
    raw, q = split_register_text(text, name)
    if raw.empty and q.empty:
        raise InputFileError(f"{path}: no register record found", hint="Records are separated by ^_^ and hold 'key：value' lines.")
    return raw, q


def ingest_programmes(
    lake,
    paths: Iterable[str | Path],
    *,
    source: str | None = None,
    mapping: Mapping[str, str] | None = None,
    encoding: str | None = None,
    ctx_frames: Mapping[str, pd.DataFrame] | None = None,
    raise_on_error: bool = True,
    force: bool = False,
    dry_run: bool = False,
    **_options,
):
    """Ingest register files into the lake's ``programmes`` table.

    Runs through :func:`talentcast.ingest.common.ingest_with`: a file already in the manifest
    (same SHA-256) is skipped, each file lands whole or not at all in its own transaction, and
    ``read == accepted + quarantined`` is checked per file. 5-digit school codes are resolved
    against the college list, the 10-digit codes of every file in this call and the
    programmes already in the lake, so the old years can be ingested in any order.

    Args:
        lake: A :class:`talentcast.lake.Lake`.
        paths: Register files (text, .txt.gz, CSV, XLSX).
        source: ``source`` column value (default ``moe_major_register``).
        mapping: For CSV/XLSX, field → column name overrides (``--map major_code_src=代码``);
            fields are the raw-record names (college_name, college_code_src, major_raw,
            major_name_src, major_code_src, duration_raw, year_raw).
        encoding: Force a text encoding instead of trying UTF-8 then GB18030.
        ctx_frames: Optional ``colleges``, ``catalogue``, ``concordance`` frames replacing the
            packaged ones.
        raise_on_error: Raise InputFileError at the end if a file could not be read.

    Returns:
        The :class:`~talentcast.ingest.common.IngestReport`; ``extra["unmapped"]`` counts the
        accepted programmes whose old code has no 2021 mapping, per file.
    """
    from talentcast.ingest.common import ingest_with

    paths = [Path(p) for p in paths]
    cache: dict[Path, tuple[pd.DataFrame, pd.DataFrame]] = {}
    extra: set[str] = set()
    for p in paths:
        try:
            cache[p] = read_register_file(p, mapping=mapping, encoding=encoding)
        except (InputFileError, OSError):
            continue  # the handler reads it again inside its transaction and reports it
        extra.update(cache[p][0]["college_code_src"].dropna().astype(str).unique())
    if lake.exists(TABLE):
        extra.update(lake.read(TABLE, columns=["college_code"])["college_code"].dropna().astype(str).unique())
    if ctx_frames is not None:
        ctx = RegisterContext.from_frames(**dict(ctx_frames), extra_codes=extra)
    else:
        ctx = RegisterContext.packaged(extra_codes=extra)
    src = source or SOURCE
    unmapped: dict[str, int] = {}

    def handle(fc) -> None:
        raw, q0 = cache[fc.path] if fc.path in cache else read_register_file(fc.path, mapping=mapping, encoding=encoding)
        prog, q1 = resolve_programmes(raw, ctx, source=src)
        q = pd.concat([q0, q1], ignore_index=True) if len(q0) else q1
        fc.partition_cols = ["year"]
        fc.accept(prog)
        if len(q):
            fc.quarantine(q["line"], q["raw"], q["reason"], q["detail"])
        unmapped[str(fc.path)] = int(prog["major_code"].isna().sum())

    report = ingest_with(lake, TABLE, paths, handle, source=src, raise_on_error=raise_on_error, force=force, dry_run=dry_run)
    report.extra["unmapped"] = unmapped
    return report
