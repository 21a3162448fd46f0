"""Ingest recruitment postings (智联招聘, 前程无忧, BOSS直聘, 拉勾, 猎聘 …) into ``postings``.

Input: csv, tsv, xlsx, json (record lists or raw API page dumps with nested records), jsonl;
gzip'd or not; UTF-8 (with or without BOM), GBK, GB18030. Columns are found by header
synonyms (:data:`SYNONYMS`, case-insensitive, dotted paths for nested JSON such as
``company.name``); ``mapping`` (``--map title=岗位名称`` or ``[ingest.postings.map]`` in
talentcast.toml) overrides them.

Each batch is normalised with vectorised parsers (:mod:`talentcast.ingest.parsers`: one parse
per distinct salary/region/education string). Rows without a title, or with a spreadsheet
formula injection in a text field, are quarantined; everything else is accepted. Duplicates
(same ``dedup_key``: normalised title, company, region and salary) within the file, across
files and against the lake are flagged with ``is_duplicate``, never deleted, so that unique
postings and posting intensity (all ÷ unique) can be counted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from talentcast.errors import ConfigError
from talentcast.ingest import parsers as P
from talentcast.ingest.common import FileContext, IngestReport, ingest_with
from talentcast.ingest.readers import Batch, iter_batches
from talentcast.lake import Lake

# Field -> header synonyms, most specific first. Matching ignores case, spaces and '_'.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("职位名称", "岗位名称", "招聘职位", "职位", "岗位", "jobName", "positionName", "job_name", "jobTitle", "title", "position", "岗位名"),
    "company": ("公司名称", "企业名称", "招聘单位", "单位名称", "公司全称", "公司", "企业", "companyName", "company_name", "company.name",
                "companyFullName", "brandName", "company", "cname", "employer"),
    "industry_raw": ("行业", "所属行业", "公司行业", "行业类别", "industry", "industryField", "companyIndustry", "brandIndustry",
                     "company.industry", "industry_name"),
    "region_raw": ("工作地点", "工作城市", "工作地区", "城市", "地区", "地点", "所在地", "area", "city.display", "cityName", "city",
                   "workCity", "jobArea", "location", "region", "workplace", "workArea", "dq"),
    "salary_raw": ("薪资", "薪资待遇", "薪酬", "月薪", "工资", "薪水", "薪资范围", "salary", "salaryDesc", "provideSalaryString",
                   "salary_text", "jobSalary", "salaryText"),
    "education_raw": ("学历要求", "学历", "最低学历", "教育程度", "education", "degree", "eduLevel.name", "eduLevel", "jobDegree", "edu",
                      "degreeName"),
    "experience_raw": ("工作经验", "经验要求", "工作年限", "经验", "workYear", "workingExp.name", "workingExp", "jobExperience",
                       "experience", "workyear", "exp"),
    "headcount_raw": ("招聘人数", "招人数", "人数", "headcount", "recruitNum", "jobNum", "recruitment_number"),
    "posted_raw": ("发布日期", "发布时间", "更新日期", "更新时间", "刷新时间", "日期", "issueDate", "updateDate", "createTime",
                   "publishTime", "postedDate", "posted_date", "createDate", "pubDate", "date", "refreshTime"),
    "description": ("职位描述", "岗位职责", "职位详情", "任职要求", "岗位描述", "描述", "jobDescription", "jobDesc", "description",
                    "jobDetail", "job_desc", "positionDesc", "detail"),
    "tags": ("标签", "福利", "tags", "welfare", "jobTags", "skillLabel", "positionLables", "jobType.items"),
}

# --map accepts these short names too.
FIELD_ALIASES = {
    "industry": "industry_raw", "region": "region_raw", "city": "region_raw", "salary": "salary_raw",
    "education": "education_raw", "experience": "experience_raw", "headcount": "headcount_raw",
    "posted_date": "posted_raw", "date": "posted_raw", "posted": "posted_raw",
}
FIELDS = tuple(SYNONYMS)

_PLATFORMS = {
    "zhaopin": ("zhaopin", "智联"),
    "51job": ("51job", "前程无忧", "qcwy"),
    "boss": ("boss", "zhipin", "直聘"),
    "lagou": ("lagou", "拉勾"),
    "liepin": ("liepin", "猎聘"),
}

TEXT_FIELDS = ("title", "company", "industry_raw", "region_raw", "description")


def guess_platform(path: Path) -> str:
    """Platform from the path (folder or file name), else 'unknown'."""
    s = str(path).lower()
    for name, keys in _PLATFORMS.items():
        if any(k in s for k in keys):
            return name
    return "unknown"


def _norm_key(k: str) -> str:
    return re.sub(r"[\s_\-]", "", str(k)).lower()


def normalise_mapping(mapping: dict[str, str] | None) -> dict[str, str]:
    """Validate a user mapping (field → column or dotted path) and canonicalise field names.

    Raises:
        ConfigError: For an unknown field name.
    """
    out: dict[str, str] = {}
    for k, v in (mapping or {}).items():
        f = FIELD_ALIASES.get(k, k)
        if f not in SYNONYMS:
            raise ConfigError(f"--map {k}={v}: unknown postings field {k!r}",
                              hint=f"fields: {', '.join(sorted(set(SYNONYMS) | set(FIELD_ALIASES)))}")
        out[f] = v
    return out


def resolve_columns(available: Sequence[str], mapping: dict[str, str]) -> dict[str, str]:
    """Choose the source column (or dotted path) of each field: mapping first, then synonyms.

    Raises:
        ConfigError: If a mapped column is not in the file.
    """
    by_norm: dict[str, str] = {}
    for c in available:
        by_norm.setdefault(_norm_key(c), c)
    out: dict[str, str] = {}
    for f, col in mapping.items():
        hit = col if col in available else by_norm.get(_norm_key(col))
        if hit is None:
            raise ConfigError(f"--map {f}={col}: no column {col!r} in the file (columns: {', '.join(list(available)[:30])})",
                              hint="use the exact header, or a dotted path such as company.name for nested JSON")
        out[f] = hit
    used = set(out.values())
    for f, syns in SYNONYMS.items():
        if f in out:
            continue
        for s in syns:
            hit = by_norm.get(_norm_key(s))
            if hit is not None and hit not in used:
                out[f] = hit
                used.add(hit)
                break
    return out


# ----------------------------------------------------------------------------- JSON records
def _flatten_keys(rec: dict[str, Any], prefix: str = "", depth: int = 0) -> list[str]:
    keys = []
    for k, v in rec.items():
        p = f"{prefix}{k}"
        if isinstance(v, dict) and depth < 4:
            keys.extend(_flatten_keys(v, p + ".", depth + 1))
        else:
            keys.append(p)
    return keys


def _getter(path: str):
    parts = path.split(".")

    def get(rec: Any) -> Any:
        v = rec
        for p in parts:
            if isinstance(v, dict):
                v = v.get(p)
            elif isinstance(v, list) and p.isdigit() and int(p) < len(v):
                v = v[int(p)]
            else:
                return None
            if v is None:
                return None
        return _scalar(v)

    return get


def _scalar(v: Any) -> Any:
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, list):
        items = [(_scalar(x.get("name") or x.get("display") or x.get("value")) if isinstance(x, dict) else _scalar(x)) for x in v]
        return ",".join(str(x) for x in items if x not in (None, ""))
    if isinstance(v, dict):
        for k in ("name", "display", "value", "text"):
            if k in v:
                return _scalar(v[k])
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def batch_to_frame(batch: Batch, columns: dict[str, str] | None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Turn a reader batch into a frame of raw fields (FIELDS) + record_no + _raw_idx."""
    n = len(batch.records)
    if batch.header is not None:  # csv / excel rows
        if columns is None:
            raise AssertionError("columns must be resolved for tabular input")
        idx = {c: i for i, c in enumerate(batch.header)}
        data = {}
        cols_t = list(zip(*batch.records)) if n else [()] * len(batch.header)
        for f in FIELDS:
            src = columns.get(f)
            data[f] = list(cols_t[idx[src]]) if src is not None and n else [None] * n
        df = pd.DataFrame(data)
    else:
        data = {}
        for f in FIELDS:
            src = (columns or {}).get(f)
            if src is None:
                data[f] = [None] * n
            else:
                g = _getter(src)
                data[f] = [g(r) for r in batch.records]
        df = pd.DataFrame(data)
    df["record_no"] = batch.numbers
    return df, columns or {}


def raw_of(batch: Batch, i: int) -> str:
    """Raw content of record ``i`` of a batch (csv row re-joined, or the JSON record)."""
    rec = batch.records[i]
    if isinstance(rec, dict):
        return json.dumps(rec, ensure_ascii=False)
    return ",".join("" if c is None else str(c) for c in rec)


# ----------------------------------------------------------------------------- normalise
def _clean_str(s: pd.Series) -> pd.Series:
    st = s.astype("string").str.strip()
    st = st.mask(st.isin(["", "nan", "None", "null", "NULL", "-"]))
    return st.astype(object).where(st.notna(), None)


def _hash64(parts: list[pd.Series]) -> np.ndarray:
    combined = parts[0].fillna("").astype(str)
    for p in parts[1:]:
        combined = combined.str.cat(p.fillna("").astype(str), sep="\x1f")
    return pd.util.hash_pandas_object(combined, index=False).to_numpy(dtype=np.uint64)


def _hex(arr: np.ndarray) -> list[str]:
    return [f"{int(x):016x}" for x in arr]


_TITLE_NOISE = re.compile(r"[\s\(\)（）【】\[\]<>《》·,，.。:：;；!！?？/\\|\-_+]+")


def normalise(df: pd.DataFrame, *, source: str, file: str, file_sha: str) -> pd.DataFrame:
    """Normalise raw posting fields to the ``postings`` columns (pure; no dedup flag yet).

    Args:
        df: Raw fields (see :data:`FIELDS`) plus ``record_no``.
        source: Platform name.
        file: File name.
        file_sha: Content hash of the file (for the stable posting id).
    """
    out = pd.DataFrame(index=df.index)
    for f in ("title", "company", "industry_raw", "region_raw", "description"):
        out[f] = _clean_str(df[f])
    tags = _clean_str(df["tags"])
    out["description"] = out["description"].where(out["description"].notna(), tags)
    out["salary_raw"] = _clean_str(df["salary_raw"])
    sal = P.parse_salary(out["salary_raw"])
    out = pd.concat([out, sal], axis=1)
    out["region_code"] = P.parse_region(out["region_raw"])
    out["education"] = P.parse_education(df["education_raw"])
    out["experience_years"] = P.parse_experience(df["experience_raw"])
    out["headcount"] = P.parse_headcount(df["headcount_raw"])
    posted = P.parse_date(df["posted_raw"])
    out["posted_date"] = posted
    out["year"] = pd.array([d.year if d is not None else None for d in posted], dtype="Int64")
    out["industry_code"] = _industry_codes(out["industry_raw"])
    out["source"] = source
    out["file"] = file
    out["record_no"] = df["record_no"].astype("int64")
    # Stable id: the same record of the same file content always gets the same id.
    ids = _hash64([pd.Series([f"{source}\x1f{file_sha}"] * len(df), index=df.index), out["record_no"].astype(str)])
    out["posting_id"] = _hex(ids)
    title_n = out["title"].astype("string").str.lower().str.replace(_TITLE_NOISE, "", regex=True)
    comp_n = out["company"].astype("string").str.replace(_TITLE_NOISE, "", regex=True)
    where = out["region_code"].where(out["region_code"].notna(), out["region_raw"])
    sal_n = out["salary_cny_month_min"].round(0).astype("string") + "-" + out["salary_cny_month_max"].round(0).astype("string")
    out["_dkey"] = _hash64([title_n, comp_n, where.astype("string"), sal_n.fillna(out["salary_raw"].astype("string"))])
    out["dedup_key"] = _hex(out["_dkey"].to_numpy())
    return out


_ind_memo: dict[Any, Any] = {}


def _industry_codes(s: pd.Series) -> pd.Series:
    from talentcast.crosswalk.industry_concordance import map_industry_code

    return pd.Series(P._by_unique(s, map_industry_code, _ind_memo), index=s.index, dtype=object)


# ----------------------------------------------------------------------------- ingest
class _DedupState:
    """dedup keys seen so far (lake + this run), as a sorted uint64 array plus pending chunks."""

    def __init__(self, lake: Lake) -> None:
        keys = np.empty(0, dtype=np.uint64)
        if lake.exists("postings"):
            chunks = []
            for b in lake.iter_batches("postings", columns=["dedup_key"], batch_size=500_000):
                chunks.append(np.array([int(x, 16) for x in b["dedup_key"]], dtype=np.uint64))
            if chunks:
                keys = np.unique(np.concatenate(chunks))
        self.keys = keys

    def flag(self, k: np.ndarray) -> np.ndarray:
        """Return is_duplicate for keys ``k`` (in order) and remember them."""
        within = pd.Series(k).duplicated().to_numpy()
        before = np.isin(k, self.keys, assume_unique=False)
        dup = within | before
        return dup

    def add(self, k: np.ndarray) -> None:
        self.keys = np.union1d(self.keys, k)


def _handler(state: _DedupState, mapping: dict[str, str], encoding: str | None, batch_rows: int):
    def handle(ctx: FileContext) -> None:
        source = ctx.source or guess_platform(ctx.path)
        fmt, batches = iter_batches(ctx.path, encoding=encoding, batch_rows=batch_rows)
        columns: dict[str, str] | None = None
        pending_keys: list[np.ndarray] = []
        seen_here = np.empty(0, dtype=np.uint64)
        for batch in batches:
            if batch.bad:
                ctx.quarantine([b[0] for b in batch.bad], [b[1] for b in batch.bad], [b[2] for b in batch.bad], [b[3] for b in batch.bad])
            if not batch.records:
                continue
            if columns is None:
                if batch.header is not None:
                    available = batch.header
                else:
                    ks: dict[str, None] = {}
                    for r in batch.records[:500]:
                        for k in _flatten_keys(r):
                            ks.setdefault(k, None)
                    available = list(ks)
                columns = resolve_columns(available, mapping)
                if "title" not in columns:
                    from talentcast.errors import InputFileError

                    raise InputFileError(
                        f"{ctx.path}: no job-title column found among {list(available)[:25]}; nothing of it was ingested",
                        hint="map it: --map title=<column> (dotted path for nested JSON), or [ingest.postings.map] in talentcast.toml",
                    )
            raw, _ = batch_to_frame(batch, columns)
            norm = normalise(raw, source=source, file=ctx.name, file_sha=ctx.sha256)
            bad_title = norm["title"].isna()
            unsafe = np.zeros(len(norm), dtype=bool)
            for f in TEXT_FIELDS:
                unsafe |= P.unsafe_mask(norm[f]).to_numpy()
            reason = np.where(bad_title.to_numpy(), "missing_required", np.where(unsafe, "unsafe_content", ""))
            badm = reason != ""
            if badm.any():
                pos = np.flatnonzero(badm)
                ctx.quarantine(norm["record_no"].to_numpy()[pos], [raw_of(batch, i) for i in pos], reason[pos].tolist(),
                               ["no job title" if r == "missing_required" else "spreadsheet formula in a text field" for r in reason[pos]])
            ok = norm[~badm]
            keys = ok["_dkey"].to_numpy(dtype=np.uint64)
            dup = state.flag(np.concatenate([seen_here, keys]))[len(seen_here):]
            seen_here = np.union1d(seen_here, keys)
            ok = ok.drop(columns=["_dkey"])
            ok["is_duplicate"] = dup
            ctx.duplicates += int(dup.sum())
            ctx.accept(ok)
            pending_keys.append(keys)
        # Remember this file's keys for the next files only once it has committed: if it fails,
        # its rows never landed and must not make later rows duplicates.
        ctx.report.__dict__.setdefault("_keys", pending_keys)

    return handle


def ingest_postings(
    lake: Lake,
    paths: Sequence[str | Path],
    *,
    source: str | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    batch_rows: int = 100_000,
    raise_on_error: bool = True,
) -> IngestReport:
    """Ingest posting files into ``postings`` (see module docstring)."""
    mapping = normalise_mapping(mapping)
    state = _DedupState(lake)
    handle = _handler(state, mapping, encoding, batch_rows)

    def handle_and_remember(ctx: FileContext) -> None:
        handle(ctx)

    report = IngestReport(kind="postings")
    for p in paths:
        r = ingest_with(lake, "postings", [p], handle_and_remember, source=source, raise_on_error=False)
        for fr in r.files:
            keys = fr.__dict__.pop("_keys", None)
            if fr.status == "ingested" and keys:
                state.add(np.concatenate(keys))
            report.add(fr)
    if raise_on_error and report.errors:
        from talentcast.errors import InputFileError

        msg = "; ".join(f.error or f.file for f in report.errors)
        err = InputFileError(f"{len(report.errors)} file(s) could not be ingested (nothing of them landed): {msg}",
                             hint="see each file's message; --encoding forces an encoding, --map maps columns")
        err.report = report  # type: ignore[attr-defined]
        raise err
    return report
