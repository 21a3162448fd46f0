"""MOE major register (专业设置备案, 专业布点) → the lake's ``programmes`` table.

The register lists, per year, which higher-vocational majors each college may enrol in. It
comes in the forms a user obtains, all read into the same raw records:

* the register's raw text: ``key：value`` fields (机构名称, 省份, 学校标识码, 开设专业
  ``name (code)``, 修业年限, 年份, 备注; or 学校名称, 学校代码, 专业名称 + 专业代码 …), full- or
  half-width colons, one field a line or several joined by ``；``, records separated by
  ``^_^``, blank or dashed lines or nothing (a repeated key starts the next record);
* a table (CSV in any encoding, XLSX/XLS, every sheet) whose header, found below any title
  lines, names the fields in Chinese (学校名称, 院校代码, 专业代码, 专业名称, 修业年限 or 学制,
  年份 or 年度, 备注 or 招生状态 …) or by the ``programmes`` table's English names; a
  ``name (code)`` column is split like the text; old-catalogue columns (原专业代码, 专业代码
  （2015版）) are told apart from the current ones (see :func:`header_field`);
* JSON or JSON lines (the platform's API pages): the record list, read as a table
  (camelCase and pinyin keys too: schoolCode, majorName, eduYears, xz …);
* a table laid out with tabs or spaces in a text file (copied out of a PDF or a web page,
  the header repeated on each page, page numbers between): see :func:`read_aligned_text`;
* a college's own 专业设置一览表 that names the college only in its title: the title's
  college holds for every row, and a 学校标识码 the title or a preamble line states is taken.
  Without one the records are refused (``college_code_missing``) naming the code the college
  list has and how to add it: a code is never taken from a name (see below).

A record without 年份 takes ``--year``, else the one year written in the table's title, sheet
name or file name; where none (or several) is written the file is refused with a hint to pass
``--year`` (or, if other records have a 年份, the record is quarantined): a year is never
guessed. The remark gives ``register_status`` (offered, new, suspended for 停招, withdrawn for
撤销); :func:`offered_programmes` (offered ones, of the region's province) is what the
analysis reads.

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
``bad_year``, ``bad_number``, ``note_row`` for 合计/注：/数据来源 lines, and ``duplicate_key`` for a
programme (year × college × code × 修业年限) already read from this file or landed from another):

* ``college_code_missing``: 学校标识码 is ``暂无`` or empty (2023 has 34 such rows);
* ``college_code_unresolved``: a 5-digit code whose 10-digit form is not in the college list,
  in the same batch, or in the lake (the 10-digit form is never guessed);
* ``major_code_unknown``: a code read as the 2021 edition that is not in the 2021 catalogue
  (e.g. 430112, 530305, 550409 in 2025: later additions the packaged list does not carry).
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from talentcast.errors import InputFileError
from talentcast.ingest import guards
from talentcast.ingest.headers import BRACKETS, header_key
from talentcast.ingest.parsers import UNSAFE_PATTERN
TABLE = "programmes"
DURATION_MAX = 8  # years: the longest vocational programme (五年一贯制 and 3+2) is 5
SOURCE = "moe_major_register"
RECORD_SEP = "^_^"

#: Raw field → the header names (and text keys) that carry it, compared by
#: :func:`~talentcast.ingest.headers.header_key` after bracketed notes and edition marks are
#: removed (see :func:`header_field`). The raw text's own keys come first.
HEADERS: dict[str, tuple[str, ...]] = {
    "college_name": ("机构名称", "学校名称", "院校名称", "高校名称", "单位名称", "学校", "院校", "college_name", "college",
                     "schoolName", "school_name", "collegeName", "institutionName", "orgName"),
    "province": ("省份", "所在省份", "省", "province"),
    "college_code_src": ("学校标识码", "学校代码", "院校代码", "院校标识码", "学校编码", "院校编码", "学校识别码", "标识码",
                         "college_code", "college_code_src", "schoolCode", "school_code", "collegeCode", "schoolId",
                         "institutionCode", "orgCode"),
    "major_raw": ("开设专业", "专业名称及代码", "专业及代码", "专业名称代码", "专业代码及名称", "专业"),
    "major_name_src": ("专业名称", "major_name", "major_name_src", "majorName", "specialtyName", "zymc"),
    "major_code_src": ("专业代码", "major_code", "major_code_src", "majorCode", "specialtyCode", "zydm"),
    # Platform exports name 修业年限 in camelCase or pinyin initials (xz = 学制, xznx = 学制年限).
    "duration_raw": ("修业年限", "学制", "基本修业年限", "学制年限", "年限", "标准学制", "基本学制", "修学年限", "duration_years", "duration",
                     "eduSystem", "eduYears", "eduYear", "educationYears", "schoolingLength", "schoolingYears", "lengthOfSchooling",
                     "studyYears", "yearsOfStudy", "lengthOfStudy", "studyLength", "programDuration", "programmeDuration",
                     "durationYears", "xz", "xznx", "xynx"),
    "year_raw": ("年份", "年度", "备案年度", "备案年份", "招生年份", "学年", "备案学年", "year", "recordYear", "academicYear", "nf"),
    "note": ("备注", "专业状态", "招生状态", "备案状态", "备案类型", "备案结果", "审批类型", "审批结果", "设置类型", "变更类型", "是否招生",
             "状态", "note", "remark", "status", "register_status"),
}
#: Fields a --map may name (the old catalogue's code and name are kept apart from the current ones).
FIELDS = (*HEADERS, "major_code_old", "major_name_old")
_MAP_HINT = ("Expected 学校名称 or 学校标识码 with 专业代码 (+ 专业名称) or 开设专业, and 修业年限, 年份; or name the columns with "
             f"--map FIELD=COLUMN, FIELD one of {', '.join(FIELDS)}.")
#: Text keys that are too short or too common to be recognised inside a line of the raw text.
_TEXT_KEYS_EXCLUDED = {"学校", "院校", "省", "专业", "状态", "note", "remark", "status", "year", "duration", "college"}
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
    "register_status",
    "remark",
    "source",
    "file",
    "record_no",
]
QUARANTINE_COLUMNS = ["source_table", "file", "line", "raw", "reason", "detail"]

#: What the register's remark (备注, 招生状态, 是否招生) says about the programme, first match
#: wins: withdrawn (撤销) and suspended (停招, 是否招生 = 否) programmes are registered but not offered.
STATUS_PATTERNS: tuple[tuple[str, str], ...] = (
    ("withdrawn", r"撤销|撤消|取消|注销|withdrawn|closed|cancel"),
    ("suspended", r"停招|停止招生|暂停招生|暂停|不招生|^否$|suspended"),
    ("new", r"新增|新设|新开|增设|^new$"),
)
#: Statuses of a programme that is offered (counts as a 布点 in the analysis).
OFFERED = ("offered", "new")

# "name (code)"; full- or half-width brackets; codes are 6 digits, optionally with the
# catalogue's "K" (国家控制专业) suffix, which some rows write in lower case.
_MAJOR_RE = re.compile(r"^(?P<name>.*?)\s*[（(]\s*(?P<code>[0-9A-Za-z]+)\s*[)）]\s*$")
# "520202 助产", "助产 520202", "520403K针灸推拿": a 6-digit code before or after the name, no brackets.
_MAJOR_BARE_RES = (re.compile(r"^(?P<code>[0-9]{6}[Kk]?)(?![0-9])[\s\u3000:：\-—]*(?P<name>[^0-9\s].*?)\s*$"),
                   re.compile(r"^(?P<name>.*?[^0-9\s])[\s\u3000:：\-—]*(?P<code>[0-9]{6}[Kk]?)\s*$"))
_CODE_RE = re.compile(r"^[0-9]{6}K?$")
_CODE_IN_BRACKETS = re.compile(r"[（(]\s*[0-9]{6}[Kk]?\s*[)）]")
_OLD_SUFFIX = re.compile(r"\s*[（(\[【]\s*(?:原|旧|由|调整前|2015版|2015年版)[^()（）\[\]【】]*[)）\]】]\s*$")
_STATUS_SUFFIX = re.compile(r"^(?P<rest>.*?)\s*[（(]\s*(?P<status>[^()（）0-9]+?)\s*[)）]\s*$")
_MISSING = {"", "暂无", "无", "-", "—", "null", "none", "nan"}
# A year in a title, sheet or file name: four digits not part of a longer number (20230512 is a date).
# A date (2021-05-12, 2021年5月, 2021.05) names when the table was made, not its year.
_YEAR_IN_TEXT = re.compile(r"(?<![0-9])(19[5-9][0-9]|20[0-9]{2})(?![0-9])(?!\s*[-./年]\s*[0-9]{1,2}(?:[^0-9]|$))")
_EDITION_MARK = re.compile(r"(19|20)[0-9]{2}\s*年?\s*版?|[原旧新老]|版")
_NOTE_LINE = re.compile(r"^\s*(合\s*计|总\s*计|小\s*计|共\s*计|注\s*[:：0-9①]|说明|备注\s*[:：]|数据来源|来源[:：]|制表|填表|审核|附[:：件表]|※|\*)")
_SCIENTIFIC = re.compile(r"^[0-9](\.[0-9]+)?[eE]\+?[0-9]+$")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}


def _edition_free(h: str) -> str:
    return header_key(_EDITION_MARK.sub("", BRACKETS.sub("", h)))


_BY_KEY = {header_key(n): f for f, names in HEADERS.items() for n in names}
# Longer headers ending in a field's name: 高职院校名称, 备案专业代码, 拟招生专业名称.
_HEADER_ENDINGS = tuple((header_key(end), f) for end, f in (
    ("学校名称", "college_name"), ("院校名称", "college_name"), ("标识码", "college_code_src"), ("学校代码", "college_code_src"),
    ("院校代码", "college_code_src"), ("专业代码", "major_code_src"), ("专业名称", "major_name_src"), ("修业年限", "duration_raw")))
_MAJOR_FIELDS = ("major_raw", "major_name_src", "major_code_src")


def header_field(header: object) -> str | None:
    """The raw field a column header names, or None.

    Bracketed notes ("修业年限（年）") and edition marks ("专业代码（2021版）") are ignored; a
    header naming the old catalogue ("原专业代码", "专业代码（2015版）") gives ``major_code_old``
    (``major_name_old``), kept apart from the current code; "专业名称（代码）" is the combined
    ``name (code)`` column.
    """
    h = str(header).strip()
    if not h:
        return None
    exact = _BY_KEY.get(header_key(h))
    if exact is not None:
        return exact
    base = _edition_free(h)
    f = _BY_KEY.get(base) or next((fld for end, fld in _HEADER_ENDINGS if base.endswith(end)), None)
    if f is None:
        return None
    if f in ("major_name_src", "major_raw") and re.search(r"代码", "".join(BRACKETS.findall(h))):
        return "major_raw"
    if f in _MAJOR_FIELDS and re.search(r"[原旧老]|20(04|15)|19[0-9]{2}", h) and not re.search(r"2021|新", h):
        return {"major_code_src": "major_code_old", "major_name_src": "major_name_old"}.get(f)
    return f


def _header_rank(header: object, f: str) -> int:
    """Position of the header's name among ``HEADERS[f]`` (99 if it matched otherwise)."""
    keys = {header_key(header), _edition_free(str(header))}
    return next((i for i, n in enumerate(HEADERS.get(f, ())) if header_key(n) in keys), 99)


def years_in(text: str) -> list[int]:
    """The distinct years (1950–2099) written in a title, sheet name or file name, in order."""
    return list(dict.fromkeys(int(y) for y in _YEAR_IN_TEXT.findall(str(text))))


def register_status(remark: object, year: int | None = None) -> str:
    """``offered``, ``new``, ``suspended`` or ``withdrawn`` from the register's remark (see :data:`STATUS_PATTERNS`).

    A remark announcing a later change ("2024年起停招" in the 2023 register) leaves the programme
    offered in ``year``: it still takes students that year.
    """
    s = "" if remark is None or (isinstance(remark, float) and remark != remark) else str(remark).strip()
    later = re.search(r"((?:19|20)\d{2})\s*(?:年|级)?\s*(?:起|开始|以后)", s)
    if year is not None and later and int(later.group(1)) > year:
        return "offered"
    for status, pattern in STATUS_PATTERNS:
        if s and re.search(pattern, s, flags=re.IGNORECASE):
            return status
    return "offered"


def offered_programmes(programmes: pd.DataFrame, province: str | None = None) -> pd.DataFrame:
    """The programmes offered that year: without the withdrawn (撤销) and suspended (停招) ones.

    The analysis counts every row it gets as a 布点; a lake written before ``register_status``
    existed has only offered rows.

    Args:
        programmes: The lake's ``programmes`` table.
        province: GB/T 2260 code of the province reported on (e.g. 410000); colleges whose
            学校标识码 names another province (its 3rd and 4th digits: 4141010460 → 41) are
            left out, so a national register does not add other provinces' 布点.
    """
    out = programmes
    if "register_status" in out.columns:
        st = out["register_status"]
        out = out[st.isna() | st.isin(OFFERED)]
    if province and len(out):
        code = out["college_code"].astype(str)
        out = out[~code.str.fullmatch(r"4[0-9]{9}") | (code.str[2:4] == str(province)[:2])]
    return out


def provinces_of(codes: pd.Series) -> dict[str, int]:
    """Rows per province (the 学校标识码's 3rd and 4th digits) among 10-digit codes."""
    c = codes.dropna().astype(str)
    return c[c.str.fullmatch(r"4[0-9]{9}")].str[2:4].value_counts().sort_index().to_dict()


#: Year ranges in which each catalogue edition was current (the default, see detect_edition).
EDITION_YEARS: dict[str, tuple[int, int]] = {"2004": (1900, 2015), "2015": (2016, 2020), "2021": (2021, 2100)}


def year_edition(year: int) -> str:
    """Return the catalogue edition current in ``year`` (2004: –2015, 2015: 2016–20, 2021: 2021–)."""
    for ed, (lo, hi) in EDITION_YEARS.items():
        if lo <= year <= hi:
            return ed
    return "2021"


@lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """Major name for matching: no whitespace, half-width brackets."""
    s = _WHITESPACE.sub("", str(name))
    return s.replace("（", "(").replace("）", ")")


_WHITESPACE = re.compile(r"\s+")


def normalise_major_code(code: str) -> str:
    """Major code as the catalogue writes it: digits plus an upper-case ``K`` where present."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(code))).upper()


def _q(file: str, line: int | None, raw: str, reason: str, detail: str) -> dict:
    return {"source_table": TABLE, "file": file, "line": line, "raw": raw[:4000], "reason": reason, "detail": detail}


# ---------------------------------------------------------------------------------------------
# Step 1: raw records
# ---------------------------------------------------------------------------------------------

_TEXT_KEYS = sorted((n for names in HEADERS.values() for n in names if n not in _TEXT_KEYS_EXCLUDED and not n.isascii()),
                    key=len, reverse=True)
# A key starts a line or follows a field separator; "开设专业" inside a value is not a key.
# (Two spaces or an ideographic space also separate fields: text laid out in columns by spaces.)
_KEY_RE = re.compile(r"(?:^|(?<=[；;|\t，,、])|(?<=\s\s)|(?<=\u3000))[\s\u3000]*(" + "|".join(map(re.escape, _TEXT_KEYS)) + r")[\s\u3000]*[：:]")
_TEXT_FIELD = {k: _BY_KEY[header_key(k)] for k in _TEXT_KEYS}
_RANK = {n: i for names in HEADERS.values() for i, n in enumerate(names)}
_SEPARATOR_LINE = re.compile(r"^[\s\-=_*~#·—－＝]*$")


_MORE_FIELDS = re.compile(r"[：:；;|\t]")


def _line_fields(line: str) -> list[tuple[str, str, str]]:
    """The (key, field, value) triples of one line of the raw text ("key：value", several per line allowed)."""
    if "：" not in line and ":" not in line:
        return []
    # The usual line is one "key：value": a dict look-up, not the scan for several keys.
    key, sep, value = line.partition("：") if "：" in line else line.partition(":")
    key = key.strip().strip("\u3000")
    if key in _TEXT_FIELD and not _MORE_FIELDS.search(value):
        return [(key, _TEXT_FIELD[key], value.strip().strip("；;|\t，,、").strip().strip("\u3000").strip())]
    hits = list(_KEY_RE.finditer(line))
    out = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(line)
        value = line[m.end():end].strip().strip("；;|\t，,、").strip().strip("\u3000").strip()
        out.append((m.group(1), _TEXT_FIELD[m.group(1)], value))
    return out


def split_register_text(text: str, file: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the register's raw text into raw records (pure).

    A record is a run of ``key：value`` fields (full- or half-width colon, one or several per
    line, keys as in :data:`HEADERS`). Records end at ``^_^``, where a field repeats (so blank
    lines, dashed lines or nothing at all may separate them), or at a blank or dashed line once
    the record has its major. Lines before the first record are the title (see
    :func:`fill_years`); a run of other lines between records is quarantined (``note_row``
    for 注/合计/数据来源 lines, else ``bad_record``).

    Args:
        text: The whole file as text (a BOM is ignored).
        file: The file's name, written to every row for provenance.

    Returns:
        ``(raw, quarantine)``: ``raw`` has :data:`RAW_COLUMNS` (``line``: the record's first
        line), one row a record, ``record_no`` counting records and quarantined runs from 1;
        ``raw.attrs["title"]`` holds the title lines.
    """
    rows: list[dict] = []
    quarantine: list[dict] = []
    title: list[str] = []
    cur: dict[str, str] = {}
    lines: list[str] = []
    junk: list[str] = []
    start = 0
    seen_record = False

    keys: set[str] = set()
    cur_key: dict[str, str] = {}

    def close_record() -> None:
        nonlocal cur, lines
        keys.clear()
        cur_key.clear()
        if cur:
            no = len(rows) + len(quarantine) + 1
            rows.append({**cur, "record_no": no, "line": start, "where": f"record {no} (line {start})", "raw": "\n".join(lines).strip()})
        cur, lines = {}, []

    def close_junk() -> None:
        nonlocal junk
        if not junk:
            return  # called after every field line; most have no run of other lines before them
        body = "\n".join(junk).strip()
        if body:
            no = len(rows) + len(quarantine) + 1
            is_note = bool(_NOTE_LINE.match(body))
            what = "a note, total or title line, not a register record" if is_note else "no 'key：value' line of the register (机构名称, 学校标识码, 开设专业 …) found"
            quarantine.append(_q(file, no, body, "note_row" if is_note else "bad_record", f"{file} record {no} (line {start}): {what}"))
        junk = []

    for n, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        parts = line.split(RECORD_SEP)
        for k, part in enumerate(parts):
            if k:  # a ^_^ ends the record (or the run of other lines) before it
                close_record()
                close_junk()
            fields = _line_fields(part)
            if not fields:
                if not part.strip() or _SEPARATOR_LINE.match(part):
                    if cur and any(cur.get(f) for f in _MAJOR_FIELDS):
                        close_record()
                    close_junk()
                elif not seen_record and not cur:
                    title.append(part.strip())
                elif cur:
                    lines.append(part)  # a stray line inside a record: kept in raw, not read
                else:
                    if not junk:
                        start = n
                    junk.append(part)
                continue
            close_junk()
            for key, f, value in fields:
                if key in keys:
                    close_record()
                if not cur:
                    start = n
                    seen_record = True
                keys.add(key)
                # Two keys of one field (学校代码 10460 and 学校标识码 4141010460): the register's own key wins.
                if f not in cur or not cur[f] or value and _RANK[key] < _RANK[cur_key[f]]:
                    cur[f], cur_key[f] = value, key
            lines.append(part)
    close_record()
    close_junk()
    raw = pd.DataFrame(rows, columns=[*RAW_COLUMNS, "line", "where"])
    for c in RAW_COLUMNS:
        if c not in ("record_no",):
            raw[c] = raw[c].astype(object)
    raw["file"] = file
    raw = raw.replace({"": None})
    raw.attrs["title"] = " ".join(title)
    return _split_major(raw), pd.DataFrame(quarantine, columns=QUARANTINE_COLUMNS)


def _split_major(raw: pd.DataFrame) -> pd.DataFrame:
    """Fill major_name_src/major_code_src from "name (code)" where no code column is given.

    The combined form comes in ``major_raw`` (开设专业) or in the name column itself.
    """
    if raw.empty:
        return raw
    raw = raw.copy()
    for c in ("major_name_src", "major_code_src", "note"):
        raw[c] = raw[c].astype(object)
    # "大数据与会计 (530302)（原会计 630302）": the old catalogue's name beside the new one is a note.
    for c in ("major_raw", "major_name_src"):
        raw[c] = raw[c].astype("string").str.replace(_OLD_SUFFIX, "", regex=True).astype(object).where(raw[c].notna(), None)
    # "助产（新增）", "助产 (520202)（停招）": the remark written into the major's cell.
    for c in ("major_raw", "major_name_src"):
        parts = raw[c].astype("string").str.extract(_STATUS_SUFFIX)
        hit = parts["status"].notna() & parts["status"].map(lambda v: isinstance(v, str) and register_status(v) != "offered")
        if hit.any():
            raw.loc[hit, c] = parts.loc[hit, "rest"].astype(object)
            raw.loc[hit & raw["note"].isna(), "note"] = parts.loc[hit & raw["note"].isna(), "status"].astype(object)
    combined = raw["major_raw"].where(raw["major_raw"].notna(), raw["major_name_src"])
    need = raw["major_code_src"].isna() & combined.notna()
    if need.any():
        parts = combined[need].astype(str).str.extract(_MAJOR_RE)
        for bare in _MAJOR_BARE_RES:
            parts = parts.fillna(combined[need].astype(str).str.extract(bare)[["name", "code"]].where(parts["code"].isna(), None))
        has = parts["code"].notna()
        idx = parts.index[has]
        raw.loc[idx, "major_name_src"] = parts.loc[has, "name"]
        raw.loc[idx, "major_code_src"] = parts.loc[has, "code"]
        # "开设专业: 没有代码" keeps its name, with no code (quarantined as missing_required)
        rest = parts.index[~has]
        raw.loc[rest, "major_name_src"] = raw.loc[rest, "major_name_src"].where(raw.loc[rest, "major_name_src"].notna(), combined[rest])
    # A "专业" column of names beside a 专业代码 column: the names.
    no_name = raw["major_name_src"].isna() & raw["major_raw"].notna()
    if no_name.any():
        parts = raw.loc[no_name, "major_raw"].astype(str).str.extract(_MAJOR_RE)
        raw.loc[no_name, "major_name_src"] = parts["name"].where(parts["name"].notna(), raw.loc[no_name, "major_raw"]).astype(object)
    name = raw["major_name_src"]
    raw["major_name_src"] = name.astype("string").str.replace(_OLD_SUFFIX, "", regex=True).astype(object).where(name.notna(), None)
    return raw


def fill_years(raw: pd.DataFrame, file: str, *, title: str = "", sheet: str = "", year: int | None = None) -> tuple[pd.DataFrame, str | None]:
    """Give records without a 年份 the year of the table (pure).

    A record's own 年份 stands. The others take ``year`` (``--year``) if given, else the year
    written in the table's title lines, else in the sheet name, else in the file name: the
    first of these that names a year must name exactly one. Where none does and other records
    have a 年份, the ones without are left to be quarantined (``missing_required``).

    Returns:
        ``(raw, warning)``: a warning when the year came from the file name (None otherwise).

    Raises:
        InputFileError: No record has a year and none (or several) can be read; the message
            names the file and the first line, the hint says to pass ``--year``.
    """
    if raw.empty:
        return raw, None
    # Total and note lines (neither a college code nor a major) need no year.
    record = raw[["college_code_src", "major_raw", "major_name_src", "major_code_src"]].notna().any(axis=1)
    missing = record & (raw["year_raw"].isna() | (raw["year_raw"].astype(str).str.strip() == ""))
    if not missing.any():
        return raw, None
    if year is not None:
        return raw.assign(year_raw=raw["year_raw"].where(~missing, str(year))), None
    stem = Path(file).name.split(".")[0]
    sources = [("title", title), ("sheet name", sheet if sheet != stem else ""), ("file name", stem)]
    first = int(raw.loc[missing, "line" if "line" in raw.columns else "record_no"].iloc[0])
    for what, text in sources:
        ys = years_in(text)
        if len(ys) > 1:
            raise InputFileError(
                f"{file}: {int(missing.sum())} record(s) from line {first} have no 年份 and the {what} {text!r} names several years "
                f"({', '.join(map(str, ys))})", hint="Pass the register year with --year YEAR, or add a 年份 column.")
        if ys:
            # A file name is often the user's own; a title or a sheet named after the year is the table's.
            where = f"{file}: records without 年份 take the year {ys[0]} from the file name; pass --year if that is wrong" if what == "file name" else None
            return raw.assign(year_raw=raw["year_raw"].where(~missing, str(ys[0]))), where
    if (record & ~missing).any():
        return raw, None  # the table has a 年份 column: its empty cells are quarantined one by one
    raise InputFileError(
        f"{file}: {int(missing.sum())} record(s) from line {first} have no 年份, and no year is written in a title line, "
        "the sheet name or the file name", hint="Pass the register year with --year YEAR (e.g. --year 2021), or add a 年份 column.")


def _sheets(path: Path, encoding: str | None) -> dict[str, list[tuple[int, list[str]]]]:
    """Every row of every sheet as text cells; merged cells (a college's name over its majors'
    rows) give every row their value; a ";"-separated csv read as one column is split."""
    from talentcast.ingest.readers import read_grid, sniff_format

    merged = _merged_cells(path) if sniff_format(path) == "xlsx" else {}
    out: dict[str, list[tuple[int, list[str]]]] = {}
    for sheet, rn, cells in read_grid(path, encoding=encoding):
        if len(cells) == 1 and cells[0].count(";") >= 2:
            cells = [c.strip() for c in cells[0].split(";")]
        for (r, c), v in merged.get(sheet, {}).items():
            if r == rn:
                cells = cells + [""] * (c + 1 - len(cells)) if c >= len(cells) else cells
                cells[c] = cells[c] or v
        out.setdefault(sheet, []).append((rn, cells))
    return out


def _merged_cells(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """(row, 0-based column) → the value of the merged range it lies in, per sheet (xlsx only).

    The streaming reader sees only a merged range's first cell; official 备案 tables merge a
    college's name and code over all its majors' rows.
    """
    import gzip

    import openpyxl

    from talentcast.ingest.readers import cell_text as _cell, is_gzip

    try:
        wb = openpyxl.load_workbook(gzip.open(path, "rb") if is_gzip(path) else path, data_only=True)
    except Exception:  # noqa: BLE001 - the grid reader reports an unreadable file with its own message
        return {}
    out: dict[str, dict[tuple[int, int], str]] = {}
    for ws in wb.worksheets:
        for rng in ws.merged_cells.ranges:
            v = _cell(ws.cell(rng.min_row, rng.min_col).value)
            for r in range(rng.min_row + 1, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    out.setdefault(ws.title, {})[(r, c - 1)] = v
    wb.close()
    return out


TITLE_LINES = 5  # lines of a text file looked at for a csv/tsv delimiter (title lines above the header)
HEADER_LOOKAHEAD = 15  # non-blank rows searched for the header (title, subtitle, unit lines above it)


def _header_row(rows: list[tuple[int, list[str]]], mapping: Mapping[str, str] | None) -> int | None:
    """Index in ``rows`` of the header: the first row naming a major column and a college column."""
    mapped = set((mapping or {}).values())
    seen = 0
    for i, (_, cells) in enumerate(rows):
        if not any(c.strip() for c in cells):
            continue
        seen += 1
        if seen > HEADER_LOOKAHEAD:
            return None
        fields = {header_field(c) for c in cells} | {"__mapped__" for c in cells if c in mapped}
        has_major = bool(fields & {"major_raw", "major_code_src", "major_code_old"}) or "__mapped__" in fields
        if has_major and (fields & {"college_code_src", "college_name"} or "__mapped__" in fields
                          or {"college_code_src", "college_name"} & set(_title_fields(rows[:i]))
                          or _title_college(" ".join(c for _, cells in rows[:i] for c in cells if c.strip()))):
            return i
    return None


def _title_college(title: str) -> str | None:
    """The one college a title names ("漯河职业技术学院2024年专业设置一览表"), else None: a
    college's own list of majors has no college column. Its 学校标识码 is not looked up from
    the name (see :func:`resolve_programmes`): the records are refused naming the listed code."""
    from talentcast.ingest.cohorts import title_college

    return title_college(title) if title.strip() else None


def _title_fields(rows: list[tuple[int, list[str]]]) -> dict[str, str]:
    """Fields a sheet states above its header as ``key：value`` ("学校名称：河南职业技术学院
    学校标识码：4141010824" over one college's majors): they hold for every row below."""
    out: dict[str, str] = {}
    for _, cells in rows:
        line = "\t".join(c.strip() for c in cells if c.strip())
        for _, f, v in _line_fields(line):
            if v:
                out.setdefault(f, v)
        # A code stated inside a title line ("…学院（学校标识码：4141010835）2024年专业设置一览表").
        m = _CODE_IN_TITLE.search(line)
        if m and "college_code_src" not in out:
            out["college_code_src"] = m.group(1)
    return out


_CODE_IN_TITLE = re.compile(r"(?:(?:学校|院校)(?:标识码|代码|编码)|标识码)\s*[:：]?\s*([0-9]{10}|[0-9]{5})(?![0-9])")


def _table_records(rows: list[tuple[int, list[str]]], name: str, *, sheet: str, mapping: Mapping[str, str] | None,
                   year: int | None, where) -> tuple[pd.DataFrame, pd.DataFrame, str | None] | None:
    """Raw records of one sheet (or text table) below its register header; None without one.

    ``where`` gives a record's place in messages from its line or sheet row number.
    """
    h = _header_row(rows, mapping)
    if h is None:
        return None
    title = " ".join(c for _, cells in rows[:h] for c in cells if c.strip())
    header = rows[h][1]
    while header and not header[-1].strip():
        header = header[:-1]
    body = [(rn, cells) for rn, cells in rows[h + 1:] if any(c.strip() for c in cells)]
    # The header again (a table converted from a PDF repeats it on every page): not a record.
    heads = {header_key(c) for c in header if header_field(c)}
    repeated = [sum(header_key(c) in heads for c in cells if c.strip()) >= 2 for _, cells in body]
    names = [c.strip() or f"column_{j + 1}" for j, c in enumerate(header)]
    names = [c if c not in names[:j] else f"{c}_{j + 1}" for j, c in enumerate(names)]  # two 备注 columns: the first is 备注
    df = pd.DataFrame([(cells + [""] * len(header))[: len(header)] for _, cells in body], columns=names, dtype=object)
    in_header = {header_field(c) for c in header}
    for f, v in _title_fields(rows[:h]).items():
        if f in ("college_name", "college_code_src", "province", "year_raw") and f not in in_header:
            df[HEADERS[f][0]] = v  # stated once above the table, for each of its rows
    # Only where no column names a college: a title over a national table names none of its rows.
    own = (_title_college(title) if not in_header & {"college_name", "college_code_src"}
           and "college_name" not in _title_fields(rows[:h]) else None)
    if own:
        df[HEADERS["college_name"][0]] = own  # a college's own 专业设置一览表 names it in its title only
    raw, q = register_frame(df, name, mapping=mapping)
    raw["record_no"] = [rn for rn, _ in body]
    raw["raw"] = ["|".join(cells).rstrip("|") for _, cells in body]
    raw.loc[repeated, [c for c in RAW_COLUMNS if c not in ("file", "record_no", "raw")]] = None
    raw["line"] = raw["record_no"]
    raw, warn = fill_years(raw, name, title=title, sheet=sheet, year=year)
    raw["where"] = [where(n) for n in raw["record_no"]]
    return raw, q, warn


def read_register_table(path: Path, *, file: str | None = None, mapping: Mapping[str, str] | None = None,
                        encoding: str | None = None, year: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a CSV or XLSX copy of the register into raw records (same columns as the text).

    Every sheet with a register header is read (one sheet a year is common); the header is the
    first row naming a major and a college column (:func:`header_field`), the lines above it
    are the title. Every cell is read as text so codes keep their digits; blank rows are
    skipped; rows with neither a college code nor a major (合计, 注：…, 数据来源) are
    quarantined as ``note_row``. ``record_no`` is the line (csv) or sheet row (xlsx) number.

    Raises:
        InputFileError: The file cannot be read, has no register header, or its records lack a
            year that cannot be read (see :func:`fill_years`).
    """
    path = Path(path)
    name = file or path.name
    raws, qs, warnings = [], [], []
    sheets = _sheets(path, encoding)
    unit = "row" if path.suffix.lower() in {".xlsx", ".xlsm", ".xls"} else "line"
    for sheet, rows in sheets.items():
        got = _table_records(rows, name, sheet=sheet, mapping=mapping, year=year,
                             where=(lambda n, sheet=sheet: f"sheet {sheet} row {n}") if len(sheets) > 1 else (lambda n: f"{unit} {n}"))
        if got is None:
            continue
        raw, q, warn = got
        raws.append(raw)
        qs.append(q)
        if warn:
            warnings.append(warn)
    if not raws:
        cols = next((cells for rows in sheets.values() for _, cells in rows if any(c.strip() for c in cells)), [])
        raise InputFileError(
            f"{name}: not a major register table; no row within the first {HEADER_LOOKAHEAD} of any sheet names a major and a college column"
            f" (first row: {', '.join(c for c in cols if c.strip())[:300]})",
            hint=_MAP_HINT)
    raw = pd.concat(raws, ignore_index=True)
    raw.attrs["warnings"] = warnings
    return raw, pd.concat(qs, ignore_index=True)


def register_frame(df: pd.DataFrame, file: str, *, mapping: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map a table with register fields (Chinese keys or English names) to raw records (pure).

    Args:
        df: The table, every cell a string.
        file: File name for provenance.
        mapping: Field → column overrides, e.g. ``{"major_code_src": "代码"}``; they win over
            the built-in header names (:func:`header_field`).

    Raises:
        InputFileError: Neither a major column (开设专业 / major code) nor a college column exists.
    """
    if mapping:
        bad = [f for f in mapping if f not in FIELDS]
        if bad:
            raise InputFileError(f"{file}: --map {', '.join(bad)}: no such register field", hint=_MAP_HINT)
        unknown = [c for c in mapping.values() if c not in df.columns]
        if unknown:
            raise InputFileError(f"{file}: mapped column(s) {', '.join(unknown)} not in the header ({', '.join(map(str, df.columns))})", hint="Check --map FIELD=COLUMN against the file's header.")
    by_col = {v: k for k, v in (mapping or {}).items()}
    taken = set((mapping or {}).keys())
    rename: dict[str, str] = {}
    best: dict[str, int] = {}
    for c in df.columns:
        f = by_col.get(c) or header_field(c)
        if f is None or (f in taken and c not in by_col):
            continue  # an unknown column, or a field --map gives another column
        # Two columns of one field (学校代码 and 学校标识码): the first-listed name of HEADERS wins, then the first column.
        rank = -1 if c in by_col else _header_rank(c, f)
        if f in best and best[f] <= rank:
            continue
        rename = {k: v for k, v in rename.items() if v != f}
        rename[c], best[f] = f, rank
    out = df[list(rename)].rename(columns=rename)
    have = set(out.columns)
    if "major_code_src" not in have and "major_raw" not in have and "major_code_old" in have:
        # Only the old catalogue's columns: they are the codes registered.
        out = out.rename(columns={"major_code_old": "major_code_src", "major_name_old": "major_name_src"})
        have = set(out.columns)
    if not ({"major_raw", "major_code_src"} & have) or "college_code_src" not in have and "college_name" not in have:
        raise InputFileError(
            f"{file}: not a major register table; columns found: {', '.join(map(str, df.columns))}",
            hint=_MAP_HINT,
        )
    out = out.reset_index(drop=True)
    out["file"] = file
    out["record_no"] = out.index + 1
    # A header-only file has no rows to join (agg over none gives a frame, not strings).
    out["raw"] = df.astype(str).agg("|".join, axis=1).values if len(df) else []
    for c in RAW_COLUMNS:
        if c not in out.columns:
            out[c] = None
    out = out[RAW_COLUMNS].astype(object)
    out = out.where(out.map(lambda v: isinstance(v, str) and v.strip() != ""), None)
    out["record_no"] = out.index + 1
    out["file"] = file
    for c in RAW_COLUMNS[2:]:
        out[c] = out[c].map(lambda v: v.strip() if isinstance(v, str) else v)
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


_EQ_QUOTED = re.compile(r'="(.*)"')
_YEAR_VALUE = re.compile(r"((?:19|20|21)[0-9]{2})(?:\.0+|\s*年度?)?")
# "2021-2022学年", "2021—22学年度": a register of the academic year that starts in 2021.
_ACADEMIC_YEAR = re.compile(r"((?:19|20|21)[0-9]{2})\s*[-–—~～至/]\s*(?:[0-9]{4}|[0-9]{2})\s*(?:学年度?|年度?)?")
_DURATION_VALUE = re.compile(r"([0-9]+)(?:\.0+)?\s*(?:年制?|years?)?|([一二两三四五六七八])\s*年制?", flags=re.IGNORECASE)
_UNSAFE_CELL = re.compile(UNSAFE_PATTERN)
_CODE_SPACES = re.compile(r"(?<=[0-9])[\s\-](?=[0-9])")
_TRAILING_ZEROS = re.compile(r"\.0+$")
_TEN_DIGITS = re.compile(r"[0-9]{10}")
_FIVE_DIGITS = re.compile(r"[0-9]{4,5}")


def _text_of(v: object, *, nfkc: bool = True) -> str:
    """A raw cell without surrounding space ('' for none); NFKC-normalised unless ``nfkc`` is False
    (names are kept as registered).

    The ways a csv export keeps a code's digits are undone: ``="4141010460"`` and a leading
    apostrophe (``'520202``).
    """
    if not isinstance(v, str):
        return ""
    return _cell_text(v, nfkc)


@lru_cache(maxsize=1 << 18)
def _cell_text(v: str, nfkc: bool) -> str:
    # Cached: a register repeats each college's name and code on every one of its majors.
    s = (unicodedata.normalize("NFKC", v) if nfkc else v).strip().strip("\u3000").strip()
    m = _EQ_QUOTED.fullmatch(s)
    return (m.group(1) if m else s.removeprefix("'")).strip()


def parse_year(value: str) -> int | None:
    """A register year from "2021", "2021年", "2021年度" or "2021.0"; None if it is not one."""
    m = _YEAR_VALUE.fullmatch(value) or _ACADEMIC_YEAR.fullmatch(value)
    return int(m.group(1)) if m else None


def parse_duration(value: str) -> int | None:
    """修业年限 in whole years from "3", "3.0", "3年", "三年", "3年制"; None if it is not one."""
    m = _DURATION_VALUE.fullmatch(value)
    if not m:
        return None
    return int(m.group(1)) if m.group(1) else _CN_DIGITS[m.group(2)]


def resolve_programmes(raw: pd.DataFrame, ctx: RegisterContext, *, source: str = SOURCE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn raw register records into ``programmes`` rows (pure).

    A record with neither a college code nor a major (合计, 注：…, a repeated title) is a
    ``note_row``; a second record of the same year × college × major code × 修业年限 is a
    ``duplicate_key`` (the first one stands), so a 布点 is never counted twice.

    Args:
        raw: Output of :func:`split_register_text` or :func:`register_frame`.
        ctx: Code maps, catalogue and concordance.
        source: Value of the ``source`` column.

    Returns:
        ``(programmes, quarantine)``; every raw row lands in exactly one of them.
    """
    rows: list[dict] = []
    quarantine: list[dict] = []
    first_of: dict[tuple, str] = {}
    has_where = "where" in raw.columns
    for r in raw.itertuples(index=False):
        file, no, rawtxt = r.file, int(r.record_no), str(r.raw)
        where = f"{file} {r.where}" if has_where and isinstance(r.where, str) else f"{file} record {no}"
        college = _text_of(r.college_name, nfkc=False)
        cc = _text_of(r.college_code_src)
        first = next((c for c in re.split(r"[|\n]", rawtxt) if c.strip()), "")
        if (not cc and not any(_text_of(v) for v in (r.major_raw, r.major_name_src, r.major_code_src))
                or not _text_of(r.major_code_src) and _NOTE_LINE.match(first)):
            quarantine.append(_q(file, no, rawtxt, "note_row", f"{where}: neither a college code nor a major: a total (合计), note, title or repeated header line, not a register record"))
            continue
        # year
        yr = _text_of(r.year_raw)
        year = parse_year(yr)
        if year is None:
            reason = "missing_required" if yr == "" else "bad_year"
            quarantine.append(_q(file, no, rawtxt, reason, f"{where}: 年份 {yr!r} is not a year (1900–2199); pass --year if the file holds one year"))
            continue
        if guards.year_outside_window(year):
            # A register dated 2099 would become the "latest" register and wipe out supply.
            quarantine.append(_q(file, no, rawtxt, "bad_year", f"{where}: 年份 {year}: {guards.year_detail()}"))
            continue
        cells = [str(v) for v in (r.college_name, r.college_code_src, r.major_raw, r.major_name_src, r.major_code_src, r.note) if isinstance(v, str)]
        if any(_UNSAFE_CELL.match(c) for c in cells):
            quarantine.append(_q(file, no, rawtxt, "unsafe_content", f"{where}: a spreadsheet formula in a text field"))
            continue
        if cells and max(map(len, cells)) > guards.CELL_LIMIT:
            quarantine.append(_q(file, no, rawtxt, "field_too_large", f"{where}: a cell over {guards.CELL_LIMIT:,} characters"))
            continue
        # college code
        if cc.lower() in _MISSING:
            listed = ctx.names.get(college)
            hint = f" (the college list has {college} as {listed})" if listed else ""
            # Not filled in from the name: the register is the fact being recorded, and a
            # same-name match across years is not proof of the same institution.
            if not cc and not college:
                hint = " (a table whose college cells were merged keeps the college on its first row only when saved as csv: fill it down, or ingest the xlsx)"
            fix = (f"a 学校标识码 column, or a line '学校标识码：{listed}' above the table" if listed
                   else "a 学校标识码 column, or a line '学校标识码：…' above the table")
            quarantine.append(_q(file, no, rawtxt, "college_code_missing", f"{where}: 学校标识码 is {cc or 'empty'!r} for {college or '?'}{hint}; "
                                 f"put the code into the register copy ({fix}) and ingest it again"))
            continue
        cc = _TRAILING_ZEROS.sub("", _CODE_SPACES.sub("", cc))  # "41410 10460", "4141010460.0"
        if _TEN_DIGITS.fullmatch(cc):
            college_code = cc
        elif _FIVE_DIGITS.fullmatch(cc) and cc.zfill(5) in ctx.code_map:
            college_code = ctx.code_map[cc.zfill(5)]
        elif _FIVE_DIGITS.fullmatch(cc):
            quarantine.append(_q(file, no, rawtxt, "college_code_unresolved", f"{where}: 5-digit 学校标识码 {cc} ({college or '?'}) matches no 10-digit code in the college list, this batch or the lake; add the college to reference/henan_colleges and ingest again"))
            continue
        elif _SCIENTIFIC.fullmatch(cc):
            quarantine.append(_q(file, no, rawtxt, "bad_number", f"{where}: 学校标识码 {cc!r} was turned into a number in scientific notation by a spreadsheet and its digits are lost; format the column as text in the original and export again"))
            continue
        else:
            quarantine.append(_q(file, no, rawtxt, "bad_number", f"{where}: 学校标识码 {cc!r} is neither 5 nor 10 digits"))
            continue
        # major
        cells_major = [str(v) for v in (r.major_raw, r.major_name_src) if isinstance(v, str)]
        if any(len(_CODE_IN_BRACKETS.findall(v)) > 1 for v in cells_major):
            quarantine.append(_q(file, no, rawtxt, "bad_record", f"{where}: several majors in one cell ({cells_major[0][:80]}); "
                                 "the register has one row per college and major: split the cell into rows"))
            continue
        code_src = _text_of(r.major_code_src)
        name_src = _text_of(r.major_name_src, nfkc=False)
        if (m := _MAJOR_BARE_RES[0].fullmatch(code_src)) and (not name_src or normalise_name(m["name"]) == normalise_name(name_src)):
            code_src, name_src = m["code"], name_src or m["name"]  # "520202 助产" in the code column
        code = normalise_major_code(re.sub(r"\.0+$", "", code_src))
        if re.fullmatch(r"[0-9]{5}K?", code):
            # A spreadsheet number drops a code's leading zero (080901 → 80901); 6 digits are the code.
            code = code.zfill(6 + code.endswith("K"))
        if code.lower() in _MISSING or not name_src and not code:
            quarantine.append(_q(file, no, rawtxt, "missing_required", f"{where}: the major {name_src or r.major_raw!r} has no major code; expected 专业代码 or 'name (code)'"))
            continue
        if not _CODE_RE.fullmatch(code):
            quarantine.append(_q(file, no, rawtxt, "bad_record", f"{where}: major code {code_src!r} is not 6 digits (+ optional K); expected 'name (123456)'"))
            continue
        # duration
        dur_s = _text_of(r.duration_raw)
        duration = parse_duration(dur_s) if dur_s else None
        if dur_s and duration is None:
            quarantine.append(_q(file, no, rawtxt, "bad_number", f"{where}: 修业年限 {dur_s!r} is not a whole number of years"))
            continue
        if duration is not None and not 1 <= duration <= DURATION_MAX:
            quarantine.append(_q(file, no, rawtxt, "out_of_range", f"{where}: 修业年限 {duration} is outside 1–{DURATION_MAX} years"))
            continue
        key = (year, college_code, code, duration)
        if key in first_of:
            quarantine.append(_q(file, no, rawtxt, "duplicate_key", f"{where}: the same programme ({year}, {college_code}, {code}, {duration} years) as {first_of[key]}; the first one is kept"))
            continue
        first_of[key] = where
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
        remark = _text_of(r.note, nfkc=False)  # kept as written: "暂停招生（2024年）"
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
                "register_status": register_status(remark, year),
                "remark": remark or None,
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


def older_edition_major(code: str, name: str | None, ctx: RegisterContext) -> tuple[str, str | None] | None:
    """(edition, 2021 code or None) of a code an older catalogue gave this major, else None.

    Used where a source names a major without saying which catalogue (graduates of a 2015-catalogue
    intake): 560102 named 机械制造与自动化 is the 2015 code, not the 2021 major 560102 (网络新闻与
    传播). The name decides where it matches an older edition's name of the code and not the 2021
    one; a code the 2021 catalogue lacks is older when exactly one older edition has it. The 2021
    code is the concordance's (None where it has none), else an exact 2021 name.
    """
    nname = normalise_name(name) if name else ""
    if nname and normalise_name(ctx.catalogue_2021.get(code, "\0")) == nname:
        return None
    named = [ed for ed in ("2015", "2004") if nname and nname in ctx.old_editions.get((ed, code), set())]
    if not named and code not in ctx.catalogue_2021:
        named = [ed for ed in ("2015", "2004") if (ed, code) in ctx.concordance]
        named = named if len(named) == 1 else []
    if not named:
        return None
    edition = named[0]
    mapped = ctx.concordance.get((edition, code))
    return edition, mapped or (_exact_name_2021(name, ctx) if name else None)


def _exact_name_2021(name: str, ctx: RegisterContext) -> str | None:
    nname = normalise_name(name)
    hits = [c for c, n in ctx.catalogue_2021.items() if normalise_name(n) == nname]
    # Prefer the 专科 code (41–59) where a 职业本科 major has the same name.
    hits.sort(key=lambda c: (not ("41" <= c[:2] <= "59"), c))
    return hits[0] if hits else None


def parse_register_text(text: str, file: str, *, ctx: RegisterContext | None = None, source: str = SOURCE,
                        year: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse one register text file into ``programmes`` rows and quarantine rows (pure).

    Args:
        text: The file's text.
        file: The file's name (provenance).
        ctx: Resolution context; by default the packaged reference data plus the 10-digit
            codes found in ``text`` itself.
        source: Value of the ``source`` column.
        year: The year of records without 年份 (see :func:`fill_years`).

    Returns:
        ``(accepted, quarantine)`` with the ``programmes`` and ``quarantine`` columns.

    Raises:
        InputFileError: Records lack a year that cannot be read from the title or file name.
    """
    raw, q1 = split_register_text(text, file)
    raw, _ = fill_years(raw, file, title=raw.attrs.get("title", ""), year=year)
    if ctx is None:
        ctx = RegisterContext.packaged(extra_codes=raw["college_code_src"].dropna().unique())
    prog, q2 = resolve_programmes(raw, ctx, source=source)
    return prog, pd.concat([q1, q2], ignore_index=True) if len(q1) else q2


# ---------------------------------------------------------------------------------------------
# I/O edge: read files and write the lake
# ---------------------------------------------------------------------------------------------


def _read_register_json(text: str, name: str, *, mapping: Mapping[str, str] | None, year: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A JSON (or JSON-lines) copy of the register: the record list with the register's keys, read as a table."""
    import json

    from talentcast.ingest.readers import find_record_lists

    body = text.lstrip("\ufeff")
    try:
        docs = [json.loads(body)]
    except json.JSONDecodeError:
        try:
            docs = [json.loads(ln) for ln in body.splitlines() if ln.strip()]
        except json.JSONDecodeError as exc:
            raise InputFileError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})", hint="Export the register again, or as csv/xlsx.") from exc
    records = [r for doc in docs for lst in (find_record_lists(doc) if not isinstance(doc, dict) or len(docs) == 1 else [[doc]])
               for r in lst if isinstance(r, dict)]
    cells = [{str(k): "" if v is None else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for k, v in r.items()
              if not isinstance(v, (dict, list))} for r in records]
    df = pd.DataFrame(cells, dtype=object).fillna("")
    raw, q = register_frame(df, name, mapping=mapping)
    raw["raw"] = [json.dumps(r, ensure_ascii=False)[:4000] for r in records]
    raw["where"] = [f"record {n}" for n in raw["record_no"]]
    raw, warning = fill_years(raw, name, year=year)
    raw.attrs["warnings"] = [warning] if warning else []
    return raw, q


def read_register_file(path: Path, *, mapping: Mapping[str, str] | None = None, encoding: str | None = None,
                       year: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read one register file (text, optionally gzip'd, or CSV/XLSX) into raw records.

    Args:
        path: The file.
        mapping: Field → column overrides for tables (see :func:`register_frame`).
        encoding: Forced text encoding (default: UTF-8, then GB18030).
        year: The year of records without 年份 (``--year``; see :func:`fill_years`).

    Returns:
        ``(raw, quarantine)``; ``raw.attrs["warnings"]`` says where a year not written in the
        records came from, when that was only the file or sheet name.

    Raises:
        InputFileError: Unreadable, undecodable, not a register, or records without a year
            that cannot be read (the hint names ``--year``).
    """
    path = Path(path)
    name = path.name
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in {".xlsx", ".xlsm", ".xls"}:
        return read_register_table(path, mapping=mapping, encoding=encoding, year=year)
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
    if text.lstrip("\ufeff \t\r\n")[:1] in ("[", "{"):
        return _read_register_json(text, name, mapping=mapping, year=year)
    head = [ln for ln in text.lstrip("\ufeff").splitlines()[:200] if ln.strip()]
    keyed = any(_KEY_RE.search(ln) for ln in head)
    if stem_ext and stem_ext[-1] in (".csv", ".tsv") or not keyed and any("," in ln or "\t" in ln for ln in head[:TITLE_LINES]):
        return read_register_table(path, mapping=mapping, encoding=encoding, year=year)
    raw, q = split_register_text(text, name)
    if raw.empty and q.empty:
        got = read_aligned_text(text, name, mapping=mapping, year=year)
        if got is not None:
            return got
        raise InputFileError(f"{path}: no register record found",
                             hint="Records hold 'key：value' lines (机构名称, 学校标识码, 开设专业 …), separated by ^_^ or blank lines; "
                                  "or a table whose columns are separated by tabs or spaces under a header naming them "
                                  "(学校名称 学校标识码 专业代码 专业名称 修业年限).")
    raw, warning = fill_years(raw, name, title=raw.attrs.get("title", ""), year=year)
    raw.attrs["warnings"] = [warning] if warning else []
    return raw, q


_COLUMN_GAP = re.compile(r"\t+|[ \u3000]{2,}")
_ANY_GAP = re.compile(r"[\s\u3000]+")


_TYPED_HEADER = ["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "年份", "备注"]
_COLLEGE_NAME = re.compile(r"(学院|大学|学校|学堂)$")


def _typed_cells(tokens: list[str]) -> list[str] | None:
    """The cells of a header-less register line in :data:`_TYPED_HEADER` order, each told by
    its form: a 10- or 5-digit 学校标识码, a 6-digit major code, a name ending 学院/大学/学校, a
    year, a duration (3, 三年), a remark (停招, 新增 …), the one other text the major's name, a
    leading small number the 序号. None when a form repeats or the line lacks a college code or
    a major code: such a line cannot be read without a header."""
    out: dict[int, str] = {}
    for i, t in enumerate(tokens):
        if i == 0 and re.fullmatch(r"[0-9]{1,4}", t) and len(tokens) > 3:
            continue  # 序号
        if re.fullmatch(r"[0-9]{10}|[0-9]{5}", t):
            j = 0
        elif re.fullmatch(r"[0-9]{6}[Kk]?", t):
            j = 2
        elif re.fullmatch(r"(19|20)[0-9]{2}\s*(年度?)?", t):
            j = 5
        elif parse_duration(t) is not None:
            j = 4
        elif _COLLEGE_NAME.search(t):
            j = 1
        elif register_status(t) != "offered":
            j = 6
        else:
            j = 3
        if j in out:
            return None
        out[j] = t
    if 0 not in out or 2 not in out:
        return None
    return [out.get(j, "") for j in range(len(_TYPED_HEADER))]


def _typed_table(rows: list[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], int | None]:
    """A header-less text table (a register copied out of a PDF without its header line) as
    rows under :data:`_TYPED_HEADER` (see :func:`_typed_cells`); the lines before the first
    record are its title. ``(rows, header index)``, the index None when no line is a record."""
    typed = [(n, _typed_cells(cells) if cells else None) for n, cells in rows]
    first = next((k for k, (_, c) in enumerate(typed) if c is not None), None)
    if first is None:
        return rows, None
    # A line that is not a record stays one cell, so it never fits the header's columns.
    body = [(n, c if c is not None else [" ".join(cells)] if cells else []) for (n, c), (_, cells) in zip(typed[first:], rows[first:])]
    return [*rows[:first], (rows[first][0], list(_TYPED_HEADER)), *body], first


def read_aligned_text(text: str, name: str, *, mapping: Mapping[str, str] | None = None,
                      year: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """A table laid out with spaces or tabs (copied out of a PDF or a web page) as raw records;
    None when no line names the register's columns (see :func:`_header_row`).

    Columns are separated by tabs or runs of two or more spaces where the header is laid out so
    (a name may then hold one space), else by any run of spaces. A line that does not split
    into the header's columns (a trailing 备注 may be blank) is quarantined: ``bad_record`` if it holds a major code, else
    ``note_row`` (a page number such as "— 1 —", a note); the header repeated on each page is
    a note too. Without a header line, the columns are told by the form of their cells
    (:func:`_typed_cells`).
    """
    lines = list(enumerate(text.lstrip("\ufeff").splitlines(), 1))
    by_gap = [(n, [c for c in _COLUMN_GAP.split(ln.strip()) if c]) for n, ln in lines]
    by_any = [(n, [c for c in _ANY_GAP.split(ln.strip()) if c]) for n, ln in lines]
    h = _header_row(by_gap, mapping)
    rows, h = (by_gap, h) if h is not None and len(by_gap[h][1]) > 1 else (by_any, _header_row(by_any, mapping))
    if h is None:
        rows, h = _typed_table(by_any)
        if h is None:
            return None
        by_gap = by_any = rows  # the records are already in the header's columns
        lines = [(n, "\t".join(c)) for n, c in rows]
    width = len(rows[h][1])
    # Trailing columns a record may leave blank (备注, unknown ones): a shorter line is padded.
    optional = width
    while optional and header_field(rows[h][1][optional - 1]) in (None, "note"):
        optional -= 1
    table = rows[: h + 1]
    bad: list[dict] = []
    for (n, gap), (_, anyw), (_, ln) in zip(by_gap[h + 1:], by_any[h + 1:], lines[h + 1:]):
        cells = next((c for c in (gap, anyw) if len(c) == width), None)
        if cells is None and optional < width:
            cells = next((c + [""] * (width - len(c)) for c in (gap, anyw) if optional <= len(c) < width), None)
        if cells is not None or not ln.strip():
            table.append((n, cells or []))
        elif re.search(r"(?<![0-9])[0-9]{6}[Kk]?(?![0-9])", ln):
            bad.append(_q(name, n, ln, "bad_record", f"{name} line {n}: {len(anyw)} cells where the header has {width}; "
                                                     "cannot tell which column each belongs to: separate the columns by tabs"))
        else:
            bad.append(_q(name, n, ln, "note_row", f"{name} line {n}: not a record of the table (a page number, note or title line)"))
    got = _table_records(table, name, sheet="", mapping=mapping, year=year, where=lambda n: f"line {n}")
    if got is None:
        return None
    raw, q, warn = got
    raw.attrs["warnings"] = [warn] if warn else []
    return raw, pd.concat([x for x in (q, pd.DataFrame(bad, columns=QUARANTINE_COLUMNS)) if len(x)], ignore_index=True) if bad else q


def _key(year: object, college: object, code: object, duration: object) -> tuple:
    return int(year), str(college), str(code), None if pd.isna(duration) else int(duration)


def programme_keys(programmes: pd.DataFrame) -> dict[tuple, tuple[str, str]]:
    """(year, college_code, major_code_src, duration_years) → (file, register_status) of the first row with it."""
    if programmes.empty:
        return {}
    status = programmes["register_status"] if "register_status" in programmes.columns else pd.Series(None, index=programmes.index)
    out: dict[tuple, tuple[str, str]] = {}
    for y, c, m, d, f, st in zip(programmes["year"], programmes["college_code"], programmes["major_code_src"],
                                 programmes["duration_years"], programmes["file"], status):
        out.setdefault(_key(y, c, m, d), (str(f), "offered" if st is None or pd.isna(st) else str(st)))
    return out


def drop_known_programmes(prog: pd.DataFrame, raw: pd.DataFrame, known: Mapping[tuple, tuple[str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Move the programmes another file already landed to quarantine (``duplicate_key``; pure).

    The same year's register in a second form (the text and an xlsx export) must not count a
    布点 twice. Rows of the same file name are not compared: an ingest with ``--force`` or of a
    changed file replaces them. A row whose remark says otherwise than the landed one (撤销
    after 正常) is quarantined too, and says so: the earlier file must be corrected.
    """
    if prog.empty or not known:
        return prog, pd.DataFrame(columns=QUARANTINE_COLUMNS)
    raw_of = dict(zip(raw["record_no"].astype(int), raw["raw"].astype(str)))
    drop, q = [], []
    for i, (y, c, m, d, f, st, no) in enumerate(zip(prog["year"], prog["college_code"], prog["major_code_src"], prog["duration_years"],
                                                    prog["file"], prog["register_status"], prog["record_no"])):
        hit = known.get(_key(y, c, m, d))
        if hit is None or hit[0] == f:
            continue
        drop.append(i)
        differs = f"; this row says {st}, {hit[0]} says {hit[1]}: correct that file and ingest it again with --force" if st != hit[1] else ""
        q.append(_q(f, int(no), raw_of.get(int(no), ""), "duplicate_key",
                    f"{f} record {no}: the programme ({y}, {c}, {m}, {'?' if pd.isna(d) else d} years) is already in the lake from {hit[0]}{differs}"))
    keep = prog.drop(index=prog.index[drop]).reset_index(drop=True)
    return keep, pd.DataFrame(q, columns=QUARANTINE_COLUMNS)


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
    year: int | None = None,
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
            fields are the raw-record names (:data:`FIELDS`: college_name, college_code_src,
            major_raw, major_name_src, major_code_src, duration_raw, year_raw, note …).
        encoding: Force a text encoding instead of trying UTF-8 then GB18030.
        ctx_frames: Optional ``colleges``, ``catalogue``, ``concordance`` frames replacing the
            packaged ones.
        raise_on_error: Raise InputFileError at the end if a file could not be read.
        year: The register year of records that do not state one (``--year``); without it
            such records take the single year written in the title, sheet name or file name,
            and a file where none can be read is refused (see :func:`fill_years`).

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
            cache[p] = read_register_file(p, mapping=mapping, encoding=encoding, year=year)
        except (InputFileError, OSError):
            continue  # the handler reads it again inside its transaction and reports it
        extra.update(cache[p][0]["college_code_src"].dropna().astype(str).unique())
    known: dict[tuple, tuple[str, str]] = {}
    if lake.exists(TABLE):
        have = lake.read(TABLE)
        extra.update(have["college_code"].dropna().astype(str).unique())
        known = programme_keys(have)
    if ctx_frames is not None:
        ctx = RegisterContext.from_frames(**dict(ctx_frames), extra_codes=extra)
    else:
        ctx = RegisterContext.packaged(extra_codes=extra)
    src = source or SOURCE
    unmapped: dict[str, int] = {}

    def handle(fc) -> None:
        raw, q0 = cache[fc.path] if fc.path in cache else read_register_file(fc.path, mapping=mapping, encoding=encoding, year=year)
        fc.report.warnings.extend(raw.attrs.get("warnings", []))
        prog, q1 = resolve_programmes(raw, ctx, source=src)
        prog, q2 = drop_known_programmes(prog, raw, known)
        q = pd.concat([x for x in (q0, q1, q2) if len(x)], ignore_index=True) if len(q0) or len(q2) else q1
        if prog.empty and len(q):
            # Say why in the error itself: the rows of a refused file are not kept to look at.
            reasons = ", ".join(f"{k} {v}" for k, v in q["reason"].value_counts().items())
            raise InputFileError(f"{fc.path}: none of its {len(q)} records can be used ({reasons}); the first: {q['detail'].iloc[0]}",
                                 hint="Fix the file as said, or state what it lacks (--year YEAR, --map FIELD=COLUMN), and ingest it again.")
        provinces = provinces_of(prog["college_code"])
        if len(provinces) > 1:
            fc.report.warnings.append(
                f"{fc.path}: colleges of {len(provinces)} provinces (学校标识码 digits 3–4: "
                + ", ".join(f"{k}: {v} rows" for k, v in provinces.items())
                + "); the analysis reads those of the workspace's region only")
        fc.partition_cols = ["year"]
        fc.accept(prog)
        if len(q):
            fc.quarantine(q["line"], q["raw"], q["reason"], q["detail"])
        unmapped[str(fc.path)] = int(prog["major_code"].isna().sum())
        known.update(programme_keys(prog))

    report = ingest_with(lake, TABLE, paths, handle, source=src, raise_on_error=raise_on_error, force=force, dry_run=dry_run)
    report.extra["unmapped"] = unmapped
    return report
