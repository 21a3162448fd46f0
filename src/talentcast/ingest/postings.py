"""Ingest recruitment postings (智联招聘, 前程无忧, BOSS直聘, 拉勾, 猎聘 …) into ``postings``.

Input: csv, tsv, xlsx, json (record lists or raw API page dumps with nested records), jsonl;
gzip'd or not; UTF-8 (with or without BOM), GBK, GB18030. Columns are found by header
synonyms (:data:`SYNONYMS`, case-insensitive, dotted paths for nested JSON such as
``company.name``); ``mapping`` (``--map title=岗位名称`` or ``[ingest.postings.map]`` in
talentcast.toml) overrides them.

Relative posting dates ("3天前", "今天", "06-01") are resolved against the row's crawl time
(a ``crawled_raw`` column such as 抓取时间) or, failing that, a date in the file name
("liepin_20230610.csv"); month-day dates ("11月4日") take the one year the title lines or
file name state (:func:`stated_year`); without any of these they stay null. A unit in the salary header
("年薪(万元)", "月薪(千元)") applies to bare figures, and title lines above the header of a
csv or sheet are skipped. In a workbook, a sheet named by a place is the region of its rows
that name none (:func:`place_from_sheets`), and a company cell merged down over its posts
reads as its value on each of them (the workbook reader sees merged ranges); a blank cell
that is not merged is a missing value and stays null.

Each batch is normalised with vectorised parsers (:mod:`talentcast.ingest.parsers`: one parse
per distinct salary/region/education string) by :func:`normalise_batch`. Rows without a
title, note lines of the export ("注：数据来源…") and rows with a spreadsheet formula
injection in a text field are quarantined; everything else is accepted. Duplicates
(same ``dedup_key``: normalised title, company, region and salary) within the file, across
files and against the lake are flagged with ``is_duplicate``, never deleted, so that unique
postings and posting intensity (all ÷ unique) can be counted.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from talentcast.errors import ConfigError, InputFileError
from talentcast.ingest import guards
from talentcast.ingest import parsers as P
from talentcast.ingest import headers as H
from talentcast.ingest.cells import FIELD_PATTERNS, clean_text_array, per_value_match, realign_rows
from talentcast.ingest.common import FileContext, IngestReport, fill_rates, files_error, ingest_with, replaced_names
from talentcast.ingest.readers import INHERITED, ArrowBatch, iter_arrow_batches
from talentcast.lake import Lake

# Field -> header synonyms, most specific first. Matching ignores case, spaces and '_'.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("职位名称", "岗位名称", "招聘职位", "职缺名称", "职缺", "职务名称", "職種", "职位", "岗位", "jobName", "positionName", "job_name", "jobTitle", "title", "position", "岗位名",
              "招聘岗位", "需求岗位", "岗位(工种)", "工种", "job.title", "job.name", "job_title", "position_name", "positionTitle",
              "招聘信息"),
    "company": ("公司名称", "企业名称", "招聘单位", "单位名称", "公司全称", "企业全称", "公司名", "企业名", "招聘企业", "招聘公司", "用人单位",
                "雇主", "公司简称", "企业简称", "机构名称", "会社名", "companyName", "company_name", "company.name", "companyFullName",
                "company_fullname", "companyfull", "brandName", "brand_name", "compName", "comp_name", "com_name", "coname",
                "company_title", "employer_name", "employerName", "hiring_organization", "hiringOrganization.name", "company", "cname",
                "employer", "companyShortName", "company_name_text", "brand", "firm", "organization", "公司", "企业",
                "联系单位", "招聘单位名称", "用工单位", "company_full_name", "hiring_company"),
    "industry_raw": ("行业", "所属行业", "公司行业", "行业类别", "industry", "industryField", "companyIndustry", "brandIndustry",
                     "company.industry", "industry_name", "companyind_text", "compIndustry"),
    "region_raw": ("工作地点", "工作城市", "工作地区", "城市", "地区", "地点", "所在地", "area", "city.display", "cityName", "city",
                   "workCity", "jobArea", "location", "region", "workplace", "workArea", "dq", "工作区域", "workarea_text", "job_area",
                   "areaDistrict", "district", "所在城市", "城市名称", "工作城市名", "区域", "job_city", "jobCity", "work_city",
                   "city_name", "cityname", "job_location", "jobLocation", "locationName", "area_name", "areaName", "勤務地",
                   "所在地区", "工作地址城市", "招聘城市", "岗位所在地", "location_name", "work_location", "location.city",
                   "location.district", "job.city", "job.location"),
    # Coarser or longer places, used where the city/area column is missing or names no known place.
    "province_raw": ("省份", "所在省份", "省", "省份名称", "province", "provinceName", "province_name", "prov", "location.province"),
    "address_raw": ("工作地址", "详细地址", "公司地址", "上班地址", "地址", "address", "workAddress", "work_address", "jobAddress",
                    "job_address", "companyAddress", "company_address", "location.address", "addr"),
    "salary_raw": ("薪资", "薪资待遇", "薪酬", "月薪", "工资", "薪水", "薪资范围", "年薪", "日薪", "时薪", "工资待遇", "薪酬待遇",
                   "待遇", "月工资", "給与", "salary", "salaryDesc", "provideSalaryString",
                   "salary_text", "jobSalary", "salaryText", "薪资水平", "providesalary_text", "salary_desc", "salary60",
                   "salaryReal", "salary_range", "salaryRange", "pay", "compensation", "薪资区间", "月薪范围", "职位月薪",
                   "salary.text", "job.salary"),
    # Pay in pieces: 最低薪资 | 最高薪资 | 薪资单位 columns, or a nested {min, max, unit, months}.
    "salary_min_raw": ("最低薪资", "最低月薪", "薪资下限", "月薪下限", "最低工资", "salary_min", "salaryMin", "min_salary",
                       "minSalary", "salary.min", "salary.low", "salary.from"),
    "salary_max_raw": ("最高薪资", "最高月薪", "薪资上限", "月薪上限", "最高工资", "salary_max", "salaryMax", "max_salary",
                       "maxSalary", "salary.max", "salary.high", "salary.to"),
    "salary_unit_raw": ("薪资单位", "薪酬单位", "工资单位", "salary_unit", "salaryUnit", "salary.unit", "salary.period", "pay_unit"),
    "salary_months_raw": ("薪资月数", "年薪月数", "salary_months", "salary.months", "salaryMonths"),
    "education_raw": ("学历要求", "学历", "最低学历", "教育程度", "education", "degree", "eduLevel.name", "eduLevel", "jobDegree", "edu",
                      "degreeName", "requireEduLevel", "degreefrom", "学历要求", "job.education", "job.degree", "education_level"),
    "experience_raw": ("工作经验", "经验要求", "工作年限", "工作经历", "经验", "workYear", "workingExp.name", "workingExp", "jobExperience",
                       "experience", "workyear", "exp", "requireWorkYears", "经验要求", "job.experience", "work_experience",
                       "experience_required"),
    "headcount_raw": ("招聘人数", "招人数", "人数", "需求人数", "用工人数", "招聘名额", "岗位人数", "拟招人数", "计划招聘人数",
                      "headcount", "recruitNum", "jobNum", "recruitment_number", "vacancies", "openings", "num_openings"),
    "posted_raw": ("发布日期", "发布时间", "更新日期", "更新时间", "刷新时间", "刊登日期", "刊登时间", "掲載日", "登记日期", "登记时间", "日期", "issueDate", "updateDate", "createTime",
                   "publishTime", "postedDate", "posted_date", "createDate", "pubDate", "date", "refreshTime", "issuedate",
                   "formatCreateTime", "lastModifyTime", "posted_at", "postedAt", "post_date", "postDate", "publish_date",
                   "publishDate", "published_at", "publishedAt", "release_date", "date_posted", "datePosted", "updated_at",
                   "updateTime", "posted", "postedOn", "postingDate", "published", "publishedOn", "datePublished",
                   "publicationDate", "pub_time", "pubTime", "publish_time", "post_time", "postTime", "release_time",
                   "releaseTime", "发布日"),
    # When the page was crawled: the reference date of relative posting dates ("3天前", "06-01").
    "crawled_raw": ("抓取时间", "抓取日期", "采集时间", "采集日期", "爬取时间", "爬取日期", "数据采集时间", "获取时间", "入库时间",
                    "crawlTime", "crawl_time", "crawled_at", "crawledAt", "crawl_datetime", "crawlDate", "crawl_date", "crawled",
                    "scrapeTime", "scrape_time", "scraped_at", "scrape_date", "scraped_date", "spider_time", "spiderTime",
                    "fetchTime", "fetch_time", "fetched_at", "collectTime", "collect_time", "collected_at"),
    "description": ("职位描述", "岗位职责", "职位详情", "任职要求", "岗位描述", "描述", "jobDescription", "jobDesc", "description",
                    "jobDetail", "job_desc", "positionDesc", "detail", "positionAdvantage", "job_detail"),
    # A platform's list of short attributes (前程无忧 attribute_text: ["上海-浦东新区", "3-4年经验",
    # "本科", "招2人"]): each fills the place, experience, education or headcount it looks like.
    "attributes_raw": ("attribute_text", "attributes", "attribute", "jobAttributes", "job_attributes", "职位属性", "岗位属性",
                       "jobRequire", "job_require", "requirements_list", "学历|经验", "学历/经验", "经验|学历", "经验/学历",
                       "学历经验", "经验学历", "学历及经验", "学历与经验", "要求", "任职条件", "招聘要求"),
    "tags": ("标签", "福利", "tags", "welfare", "jobTags", "skillLabel", "positionLables", "skills", "welfareList", "jobwelf",
             "jobLabels", "jobType.items"),
}

# Government open-data APIs name fields by the pinyin initials of the Chinese header (岗位名称 →
# gwmc, 单位名称 → dwmc): each abbreviation ranks as the header it stands for, after the words.
# Left out on purpose: gzxz (工作性质 "全职" as often as 工资薪资), cjsj (采集时间 or 创建时间)
# and two-letter initials (xl, hy), too short to tell from other keys.
PINYIN_INITIALS: dict[str, tuple[str, ...]] = {
    "title": ("gwmc", "zwmc", "zpgw", "zpzw"),
    "company": ("dwmc", "qymc", "gsmc", "zpdw", "yrdw"),
    "industry_raw": ("hylb", "sshy", "hyfl", "hymc"),
    "region_raw": ("gzdd", "gzdq", "gzcs", "gzqy"),
    "address_raw": ("gzdz", "dwdz", "xxdz", "gsdz"),
    "salary_raw": ("xzdy", "xzfw", "gzdy", "xcdy", "xzsp"),
    "salary_min_raw": ("zdxz", "zdyx", "zdgz"),
    "salary_max_raw": ("zgxz", "zgyx", "zggz"),
    "education_raw": ("xlyq", "zdxl"),
    "experience_raw": ("gzjy", "jyyq", "gznx"),
    "headcount_raw": ("zprs", "xqrs"),
    "posted_raw": ("fbrq", "fbsj", "gxrq", "gxsj"),
    "description": ("gwzz", "gwms", "zwms", "rzyq", "gwyq"),
}
#: The synonyms as written (the Pinyin table below is derived from their Chinese names).
CHINESE_SYNONYMS = SYNONYMS


def _full_pinyin() -> dict[str, tuple[str, ...]]:
    """Field → full-Pinyin header names ("gangwei_mingcheng" for 岗位名称): the committed
    ``data/reference/header_pinyin.csv``, derived by ``make_header_pinyin.py``."""
    import csv

    from talentcast.resources import resource_path

    out: dict[str, tuple[str, ...]] = {}
    with open(resource_path("data") / "reference" / "header_pinyin.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out[r["field"]] = (*out.get(r["field"], ()), r["pinyin"])
    return out


_PINYIN = _full_pinyin()
SYNONYMS = {f: syns + PINYIN_INITIALS.get(f, ()) + _PINYIN.get(f, ()) for f, syns in SYNONYMS.items()}

# --map accepts these short names too.
FIELD_ALIASES = {
    "industry": "industry_raw", "region": "region_raw", "city": "region_raw", "salary": "salary_raw",
    "education": "education_raw", "experience": "experience_raw", "headcount": "headcount_raw",
    "posted_date": "posted_raw", "date": "posted_raw", "posted": "posted_raw", "province": "province_raw",
    "address": "address_raw", "crawled": "crawled_raw", "crawl_time": "crawled_raw",
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


def resolve_columns(available: Sequence[str], mapping: dict[str, str], *, strict: bool = True) -> dict[str, str]:
    """Choose the source column (or dotted path) of each field: mapping first, then synonyms.

    Raises:
        ConfigError: If a mapped column is not in the file.
    """
    out = H.resolve_columns(available, SYNONYMS, mapping, strict=strict)
    missing = {f: syns for f, syns in SYNONYMS.items() if f not in out}
    leaves = nested_leaves(available, set(out.values()))
    if missing and leaves:
        out.update({f: leaves[leaf] for f, leaf in H.resolve_columns(list(leaves), missing).items()})
    return out


def nested_leaves(available: Sequence[str], used: set[str]) -> dict[str, str]:
    """Last part of each unused dotted path → the path ("comp.compName" → compName).

    Platforms nest a record under objects named as they please (猎聘 ``job.dq``,
    ``comp.compName``); the leaf keeps the platform's usual field name, so a field that no
    full path names is matched by its leaf, after every full path. Of two paths with one leaf
    ("job.city", "comp.city") the first in the record wins: APIs put the job first.
    """
    out: dict[str, str] = {}
    for c in available:
        if "." in c and c not in used:
            out.setdefault(c.rsplit(".", 1)[1], c)
    return out


# ----------------------------------------------------------------------------- Arrow helpers
_NULLISH = pa.array(["", "nan", "NaN", "None", "none", "null", "NULL", "-", "N/A", "n/a"], pa.string())


def text_column(tbl: pa.Table, name: str | None, *, long_text: bool = False) -> pa.Array:
    """Column ``name`` of a raw batch as a trimmed string array (empty/nullish → null)."""
    n = tbl.num_rows
    if name is None or name not in tbl.column_names:
        return pa.nulls(n, pa.string())
    a = tbl.column(name).combine_chunks()
    t = a.type
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_struct(t) or pa.types.is_map(t):
        if pa.types.is_list(t) and (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type)):
            a = pc.binary_join(a, ",")
        else:
            from talentcast.ingest.readers import scalar_text

            a = pa.array([scalar_text(v) for v in a.to_pylist()], pa.string())
    elif pa.types.is_null(t):
        return pa.nulls(n, pa.string())
    elif not pa.types.is_string(t):
        if pa.types.is_floating(t):
            # 3.0 -> "3", not "3.0" (codes and counts read as floats by the JSON reader)
            ints = pc.equal(a, pc.floor(a))
            a = pc.if_else(pc.fill_null(ints, False), pc.cast(pc.cast(a, pa.int64(), safe=False), pa.string()), pc.cast(a, pa.string()))
        else:
            a = pc.cast(a, pa.string())
    if long_text:
        # Descriptions are long: skip trimming/hashing them, only blank → null.
        return pc.if_else(pc.fill_null(pc.equal(pc.utf8_length(a), 0), True), pa.scalar(None, pa.string()), a)
    a = pc.utf8_trim_whitespace(a)
    return pc.if_else(pc.is_in(a, value_set=_NULLISH), pa.scalar(None, pa.string()), a)


def map_unique(arr: pa.Array, fn: Any, memo: dict[Any, Any], types: Sequence[pa.DataType]) -> list[pa.Array]:
    """Apply a per-string parser once per distinct value; returns one array per output component.

    ``fn`` returns a tuple with one item per type in ``types`` (or a bare value for one type).
    """
    d = pc.dictionary_encode(arr)
    if isinstance(d, pa.ChunkedArray):
        d = d.combine_chunks()
    vals = d.dictionary.to_pylist()
    res = []
    for v in vals:
        r = memo.get(v)
        if r is None and v not in memo:
            r = fn(v)
            if len(memo) < 200_000:
                memo[v] = r
        res.append(r)
    res.append(fn(None))
    idx = pc.fill_null(d.indices, len(vals))
    single = len(types) == 1
    out = []
    for k, t in enumerate(types):
        comp = pa.array([r if single else r[k] for r in res], type=t)
        out.append(comp.take(idx))
    return out


def _hash_strings(arr: pa.Array) -> np.ndarray:
    """64-bit hashes of a string array, computed once per distinct value (nulls hash as '')."""
    d = pc.dictionary_encode(pc.fill_null(arr, ""))
    if isinstance(d, pa.ChunkedArray):
        d = d.combine_chunks()
    uh = pd.util.hash_array(np.asarray(d.dictionary.to_pylist(), dtype=object), categorize=False)
    return uh[d.indices.to_numpy(zero_copy_only=False)]


_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (vectorised, wrapping uint64 arithmetic)."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * _M1
        h = h ^ (h >> np.uint64(27))
        h = h * _M2
        return h ^ (h >> np.uint64(31))


def combine_hashes(parts: list[np.ndarray]) -> np.ndarray:
    """Order-sensitive combination of 64-bit hash columns."""
    h = np.full(len(parts[0]), np.uint64(0x9E3779B97F4A7C15), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for p in parts:
            h = _mix(h ^ p.astype(np.uint64))
    return h


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def hex16(keys: np.ndarray) -> pa.Array:
    """uint64 → 16-hex-digit strings, vectorised (no Python loop)."""
    n = len(keys)
    b = keys.astype(">u8").view(np.uint8).reshape(-1, 8)
    out = np.empty((n, 16), np.uint8)
    out[:, 0::2] = _HEX[b >> 4]
    out[:, 1::2] = _HEX[b & 15]
    offsets = np.arange(0, 16 * (n + 1), 16, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets.tobytes()), pa.py_buffer(out.tobytes())])


def unhex16(values: Sequence[str] | np.ndarray) -> np.ndarray:
    """16-hex-digit strings → uint64, vectorised (the lake's dedup keys)."""
    s = np.asarray(values, dtype="S16")
    if s.size == 0:
        return np.empty(0, np.uint64)
    b = s.view(np.uint8).reshape(-1, 16).astype(np.uint64)
    nib = np.where(b >= 97, b - 87, np.where(b >= 65, b - 55, b - 48))
    out = np.zeros(len(s), np.uint64)
    for j in range(16):
        out = (out << np.uint64(4)) | nib[:, j]
    return out


def posting_ids(source: str, file_sha: str, record_no: np.ndarray) -> pa.Array:
    """Posting ids: a 64-bit hash of (source, file SHA-256, record number) as 16 hex digits.

    Stable across runs: the same file gives the same ids.
    """
    base = int(hashlib.sha256(f"{source}\x1f{file_sha}".encode()).hexdigest()[:16], 16)
    n = len(record_no)
    return hex16(combine_hashes([np.full(n, base, dtype=np.uint64), np.asarray(record_no).astype(np.uint64)]))


# ----------------------------------------------------------------------------- normalise
_TITLE_NOISE = r"[\s()（）【】\[\]<>《》·,，.。:：;；!！?？/\\|\-_+]+"
_memos: dict[str, dict[Any, Any]] = {k: {} for k in ("salary", "region", "edu", "exp", "hc", "date", "ind", "cells")}


def _per_unique(a: pa.Array, fn: Any) -> pa.Array:
    """Apply an Arrow string kernel to the distinct values only, then expand (nulls → '')."""
    d = pc.dictionary_encode(pc.fill_null(a, ""))
    if isinstance(d, pa.ChunkedArray):
        d = d.combine_chunks()
    return fn(d.dictionary).take(d.indices)


def _parse_dates(a: pa.Array) -> pa.Array:
    head = pc.utf8_slice_codeunits(a, 0, 10)
    ts = pc.strptime(head, format="%Y-%m-%d", unit="s", error_is_null=True)
    d = pc.cast(ts, pa.date32())
    yr = pc.year(d)
    d = pc.if_else(pc.fill_null(pc.and_(pc.greater_equal(yr, P.DATE_MIN_YEAR), pc.less_equal(yr, P.DATE_MAX_YEAR)), False), d, pa.scalar(None, pa.date32()))
    d = _offset_dates(a, d)
    need = pc.and_(pc.is_null(d), pc.is_valid(a))
    if pc.any(need).as_py():
        rest = pc.if_else(need, a, pa.scalar(None, pa.string()))
        (slow,) = map_unique(rest, P.date_one, _memos["date"], [pa.date32()])
        d = pc.coalesce(d, slow)
    return d


def _offset_dates(a: pa.Array, d: pa.Array) -> pa.Array:
    """Dates of timestamps with a UTC offset other than Beijing's, moved to their Beijing day
    ("2023-11-06T18:30:00Z" → 2023-11-07); the rest as parsed. Plain "2023-11-06 18:30:00"
    (19 characters) is passed over by a length check, so the regex runs only on longer text."""
    long = pc.fill_null(pc.greater(pc.utf8_length(a), 19), False)
    if not pc.any(long).as_py():
        return d
    off = pc.and_(long, pc.fill_null(pc.match_substring_regex(a, P.OFFSET_PATTERN), False))
    for tail in P.BEIJING_OFFSETS:
        off = pc.and_(off, pc.invert(pc.fill_null(pc.ends_with(a, tail), False)))
    if not pc.any(off).as_py():
        return d
    (moved,) = map_unique(pc.if_else(off, a, pa.scalar(None, pa.string())), P.beijing_date, {}, [pa.date32()])
    return pc.if_else(off, moved, d)


def _stated_year_dates(posted: pa.Array, raw: pa.Array, year_of: Any) -> pa.Array:
    """Fill posting dates still null that are a month and day ("11月4日") in the year the
    document states (``year_of()``: its title or file name, None when it states none)."""
    need = pc.and_(pc.is_null(posted), pc.is_valid(raw))
    if not pc.any(need).as_py():
        return posted
    need = pc.and_(need, pc.fill_null(pc.match_substring_regex(raw, P.MONTH_DAY_PATTERN), False))
    if not pc.any(need).as_py():
        return posted
    year = year_of()
    if year is None:
        return posted
    (got,) = map_unique(pc.if_else(need, raw, pa.scalar(None, pa.string())), lambda v: P.month_day_in(v, year), {},
                        [pa.date32()])
    return pc.coalesce(posted, got)


_HOURS_AGO = re.compile(r"\d+\s*(?:分钟|小时|秒)前")
_CLOCK = re.compile(r"\d{4}-\d{1,2}-\d{1,2}[ T](\d{1,2}):(\d{2})(?::\d{2})?$")


def _relative_dates(posted: pa.Array, raw: pa.Array, crawled: pa.Array) -> pa.Array:
    """Fill posting dates still null ("3天前", "06-01") from the row's crawl date, where there is one."""
    need = pc.and_(pc.is_null(posted), pc.is_valid(raw))
    if not pc.any(need).as_py() or crawled.null_count == len(crawled):
        return posted
    ref = _parse_dates(crawled)
    need_np = pc.fill_null(pc.and_(need, pc.is_valid(ref)), False).to_numpy(zero_copy_only=False)
    if not need_np.any():
        return posted
    out = posted.to_pylist()
    raws = raw.to_pylist()
    refs = ref.to_pylist()
    crawled_text = crawled.to_pylist()
    memo = _memos["date"]
    for i in np.flatnonzero(need_np):
        if _HOURS_AGO.search(str(raws[i])) and (m := _CLOCK.match(str(crawled_text[i] or ""))):
            # "3小时前" counts back from the crawl's moment: at 01:30 it is the day before.
            refs[i] = datetime(refs[i].year, refs[i].month, refs[i].day, int(m.group(1)), int(m.group(2)))
        key = (raws[i], refs[i])
        if key not in memo:
            memo[key] = P.date_one(raws[i], today=refs[i])
        out[i] = memo[key]
    return pa.array(out, pa.date32())


_NAME_DATE = re.compile(r"(?<!\d)(20\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_NAME_DATE_ZH = re.compile(r"(?<!\d)(20\d{2})\s*年\s*(1[0-2]|0?[1-9])\s*月\s*(3[01]|[12]\d|0?[1-9])\s*日")


def date_in_name(path: str | Path) -> str | None:
    """The crawl date in a dump's file name ("liepin_20230610.csv", "boss-2023-06-10.json"), ISO, else None.

    The reference for relative posting dates ("3天前") when the file has no crawl-time column.
    """
    m = _NAME_DATE.search(Path(path).name)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def date_of_sheet(sheet: str) -> str | None:
    """The day a workbook's sheet is named by ("2023年12月12日", "2023-12-12"), ISO, else None.

    A job fair's workbook often has one sheet per fair, named by its day and dating nothing else.
    """
    m = _NAME_DATE_ZH.search(sheet) or _NAME_DATE.search(sheet)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


_HEADER_PERIODS = (("年薪", "/年"), ("年", "/年"), ("日薪", "/天"), ("天", "/天"), ("日", "/天"), ("时薪", "/小时"), ("小时", "/小时"),
                   ("周薪", "/周"), ("月薪", "/月"), ("月", "/月"))
_HEADER_MONEY = (("万元", "万"), ("千元", "千"), ("元", "元"), ("万", "万"), ("千", "千"), ("k", "k"))


def salary_header_unit(header: str | None) -> str | None:
    """The unit a salary header gives its bare numbers: "年薪(万元)" → "万/年", "月薪(千元)" → "千/月".

    None when the header states nothing beyond the default (yuan a month is what a bare
    figure of 1,000 or more already means) or is not a salary header with a unit.
    """
    if not header:
        return None
    h = P.normalise_text(header).lower()
    inner = " ".join(re.findall(r"[(（\[【]([^)）\]】]*)[)）\]】]", h))
    money = next((v for k, v in _HEADER_MONEY if k in inner), None)
    period = next((v for k, v in _HEADER_PERIODS if k in inner or k in H.BRACKETS.sub("", h)), None)
    if money is None and period in (None, "/月"):
        return None
    return f"{money or '元'}{period or ''}"


_BARE_RANGE = r"^\s*\d+(?:\.\d+)?\s*(?:[-~～至到—–]\s*\d+(?:\.\d+)?)?\s*$"
_BARE_BOUND = r"^(\s*\d+(?:\.\d+)?)\s*(以上|以下|起|\+)\s*$"


def with_salary_unit(raw: pa.Array, unit: str) -> pa.Array:
    """Give bare figures the header's unit ("15-20" under "年薪(万元)" → "15-20万/年", "8以上" under
    "薪资（千元/月）" → "8千/月以上"); others as they are."""
    bare = pc.fill_null(pc.match_substring_regex(raw, _BARE_RANGE), False)
    out = pc.if_else(bare, pc.binary_join_element_wise(raw, pa.scalar(unit, pa.string()), ""), raw)
    bound = pc.fill_null(pc.match_substring_regex(out, _BARE_BOUND), False)
    if pc.any(bound).as_py():
        out = pc.if_else(bound, pc.replace_substring_regex(out, _BARE_BOUND, rf"\1{unit}\2"), out)
    return out


def normalise(fields: dict[str, pa.Array], record_no: np.ndarray, *, source: str, file: str, file_sha: str,
              year_of: Any = None) -> tuple[pa.Table, np.ndarray]:
    """Normalise raw posting fields (Arrow string arrays keyed by :data:`FIELDS`) to ``postings`` columns.

    Pure: no I/O, no dedup flag (that needs the lake's state). Returns the table (without
    ``is_duplicate``) and the 64-bit dedup keys. ``year_of``: a callable giving the year the
    document states (title or file name) or None; asked only when month-day dates are left
    without a crawl date to date them.
    """
    n = len(record_no)
    f = {k: fields.get(k, pa.nulls(n, pa.string())) for k in FIELDS}
    sal_src = fields.get("salary_parse", f["salary_raw"])  # raw text plus the header's unit, if any
    sal_min, sal_max, sal_months, sal_why = map_unique(sal_src, P.salary_one, _memos["salary"],
                                                        [pa.float64(), pa.float64(), pa.int64(), pa.string()])
    (region_code,) = map_unique(f["region_raw"], P.region_one, _memos["region"], [pa.string()])
    region_raw = f["region_raw"]
    for alt in ("province_raw", "address_raw"):
        # A province or an address fills in where the city/area is missing or names no known place.
        if f[alt].null_count < n:
            (alt_code,) = map_unique(f[alt], P.region_one, _memos["region"], [pa.string()])
            region_code = pc.coalesce(region_code, alt_code)
            region_raw = pc.coalesce(region_raw, f[alt])
    (education,) = map_unique(f["education_raw"], P.education_one, _memos["edu"], [pa.string()])
    (experience,) = map_unique(f["experience_raw"], P.experience_one, _memos["exp"], [pa.float64()])
    (headcount,) = map_unique(f["headcount_raw"], P.headcount_one, _memos["hc"], [pa.int64()])
    (industry_code,) = map_unique(f["industry_raw"], _industry_code, _memos["ind"], [pa.string()])
    posted = _parse_dates(f["posted_raw"])
    posted = _relative_dates(posted, f["posted_raw"], f["crawled_raw"])
    if year_of is not None and posted.null_count:
        posted = _stated_year_dates(posted, f["posted_raw"], year_of)
    year = pc.cast(pc.year(posted), pa.int64())
    basis = pc.if_else(pc.is_valid(posted), pa.scalar("posted"), pa.scalar(None, pa.string()))
    if f["crawled_raw"].null_count < n and posted.null_count:
        # No usable posting date: the crawl time still dates the posting to a year (it was
        # online then), marked by date_basis = "crawled"; posted_date stays null.
        crawled = _parse_dates(f["crawled_raw"])
        use = pc.and_(pc.is_null(posted), pc.is_valid(crawled))
        year = pc.if_else(use, pc.cast(pc.year(crawled), pa.int64()), year)
        basis = pc.if_else(use, pa.scalar("crawled"), basis)
    title_n = _per_unique(f["title"], lambda d: pc.replace_substring_regex(pc.utf8_lower(d), _TITLE_NOISE, ""))
    comp_n = _per_unique(f["company"], lambda d: pc.replace_substring_regex(d, _TITLE_NOISE, ""))
    where = pc.coalesce(region_code, region_raw)
    sal_key = pc.coalesce(
        pc.binary_join_element_wise(pc.cast(pc.round(sal_min, 0), pa.string()), pc.cast(pc.round(sal_max, 0), pa.string()), "-"),
        f["salary_raw"])
    dkey = combine_hashes([_hash_strings(title_n), _hash_strings(comp_n), _hash_strings(where), _hash_strings(sal_key)])
    tbl = pa.table({
        "posting_id": posting_ids(source, file_sha, record_no),
        "dedup_key": hex16(dkey),
        "source": pa.array([source] * n, pa.string()),
        "file": pa.array([file] * n, pa.string()),
        "record_no": pa.array(record_no, pa.int64()),
        "title": f["title"],
        "company": f["company"],
        "industry_raw": f["industry_raw"],
        "industry_code": industry_code,
        "region_code": region_code,
        "region_raw": region_raw,
        "salary_raw": f["salary_raw"],
        "salary_cny_month_min": sal_min,
        "salary_cny_month_max": sal_max,
        "salary_months": sal_months,
        "salary_null_reason": sal_why,
        "education": education,
        "experience_years": experience,
        "headcount": headcount,
        "posted_date": posted,
        "date_basis": basis,
        "year": year,
        "description": pc.coalesce(f["description"], f["tags"]),
    })
    return tbl, dkey


def _industry_code(v: Any) -> str | None:
    from talentcast.reference.industry_concordance import map_industry_code

    return map_industry_code(v)


def raw_of(batch: ArrowBatch, i: int) -> str:
    """Raw content of row ``i`` of a batch (csv fields re-joined, or the record as JSON)."""
    row = batch.table.slice(i, 1).to_pylist()[0]
    if batch.kind == "csv":
        return ",".join("" if v is None else str(v) for v in row.values())
    return json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False, default=str)


# ----------------------------------------------------------------------------- ingest
def _sorted_unique(a: np.ndarray) -> np.ndarray:
    # np.unique hashes in numpy 2.x, which is several times slower than sorting uint64 keys.
    s = np.sort(a)
    if len(s) < 2:
        return s
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


class KeySet:
    """A set of uint64 keys as sorted chunks: fast vectorised membership without hashing sets.

    ``np.isin``/``np.union1d`` re-hash or re-sort everything on every call; here each batch adds
    one sorted chunk and membership is a ``searchsorted`` per chunk (chunks are merged when
    there are many), so the cost per batch stays flat as a file grows.
    """

    def __init__(self, keys: np.ndarray | None = None) -> None:
        self.chunks: list[np.ndarray] = []
        if keys is not None and len(keys):
            self.chunks.append(_sorted_unique(keys.astype(np.uint64)))

    def __len__(self) -> int:
        return sum(len(c) for c in self.chunks)

    def contains(self, k: np.ndarray) -> np.ndarray:
        """Boolean mask: which of ``k`` are in the set."""
        out = np.zeros(len(k), dtype=bool)
        if not self.chunks or not len(k):
            return out
        order = np.argsort(k, kind="stable")
        ks = k[order]  # sorted queries: searchsorted walks the chunk in order (cache friendly)
        hit = np.zeros(len(k), dtype=bool)
        for c in self.chunks:
            pos = np.searchsorted(c, ks)
            pos[pos >= len(c)] = len(c) - 1
            hit |= c[pos] == ks
        out[order] = hit
        return out

    def add(self, k: np.ndarray) -> None:
        """Add keys (any order, duplicates allowed)."""
        if len(k):
            self.chunks.append(_sorted_unique(k.astype(np.uint64)))
        if len(self.chunks) > 12:
            self.chunks = [_sorted_unique(np.concatenate(self.chunks))]

    def array(self) -> np.ndarray:
        """All keys, sorted and unique."""
        return _sorted_unique(np.concatenate(self.chunks)) if self.chunks else np.empty(0, dtype=np.uint64)


def lake_dedup_keys(lake: Lake, exclude: set[str] | None = None) -> KeySet:
    """Dedup keys of every posting already in the lake (files of this run are added as they commit).

    Args:
        exclude: File names whose rows are about to be replaced (their keys do not count).
    """
    keys = KeySet()
    if lake.exists("postings"):
        cols = ["dedup_key", "file"] if exclude else ["dedup_key"]
        for b in lake.iter_batches("postings", columns=cols, batch_size=1_000_000):
            if exclude:
                b = b[~b["file"].astype(str).isin(exclude)]
            keys.add(unhex16(b["dedup_key"].to_numpy(dtype=object).astype(str)))
    return keys


_DETAILS = {
    "missing_required": "no job title",
    "note_row": "a note or source line (only the first cell is filled), not a posting",
    "unsafe_content": "spreadsheet formula in a text field",
    "mojibake": "garbled text (a wrong decoding) that cannot be inverted; re-export the file or pass --encoding",
    "bad_year": "posting date outside the year window",
}
# A footnote under an exported table: "注：…", "数据来源：…", "Source: …".
NOTE_PATTERN = (r"^\s*(?:注|备注|附注|说明|数据来源|资料来源|来源\s*[:：]|note\b|notes\b|source\b|\*|共\s*\d+\s*(?:条|个|项)"
                r"|合计|总计|导出时间|打印时间|制表)")
_OTHER_FIELDS = ("company", "region_raw", "salary_raw", "education", "posted_date", "description", "industry_raw")


def note_rows(tbl: pa.Table) -> np.ndarray:
    """True where a row is a note line of the export, not a posting.

    Spreadsheet and CSV exports end (or start) with lines such as "注：数据来源 某招聘网站": the
    text lands in the first column, which is often the title. Such a row has a title that
    reads like a note and nothing else filled in; it is quarantined as ``note_row`` rather than
    accepted as a posting.
    """
    title = tbl.column("title")
    mask = pc.fill_null(pc.match_substring_regex(title, NOTE_PATTERN, ignore_case=True), False).to_numpy(zero_copy_only=False)
    for f in _OTHER_FIELDS:
        if f in tbl.column_names and mask.any():
            mask &= pc.is_null(tbl.column(f)).to_numpy(zero_copy_only=False)
    return mask


def _fallback_columns(names: Sequence[str], columns: dict[str, str] | None, kind: str) -> dict[str, list[str]]:
    """Field → further columns of the same meaning, to fill in where the chosen one is blank.

    A booklet (``kind`` "blocks") names one field differently from post to post (职位名称, 岗位):
    every other unchosen column answering to the field's synonyms. A job nested in its employer's
    record (``kind`` "json"): the employer's column of that meaning ("employer.city" behind the
    job's own "workCity"). Other batches have none.
    """
    prefix = f"{INHERITED}."
    taken = set((columns or {}).values())
    out: dict[str, list[str]] = {}
    for f, col in (columns or {}).items():
        keys = {H.header_key(x) for x in SYNONYMS.get(f, ())}
        if kind == "blocks":
            out[f] = [n for n in names if n not in taken and H.header_key(n) in keys]
        elif kind == "json" and not col.startswith(prefix):
            out[f] = [n for n in names if n.startswith(prefix) and H.header_key(n[len(prefix):]) in keys]
    return out


def _with_soft(available: Sequence[str], mapping: dict[str, str], soft: dict[str, str]) -> dict[str, str]:
    """``mapping`` plus the entries of ``soft`` whose column exists in ``available``."""
    kept = {f: c for f, c in soft.items() if H.find_column(available, c) is not None}
    return {**kept, **mapping}


#: Fields checked for mojibake (words); dates, counts and long descriptions only get list literals unwrapped.
MOJIBAKE_FIELDS = ("title", "company", "industry_raw", "region_raw", "province_raw", "address_raw", "salary_raw",
                   "education_raw", "experience_raw")
TYPED_FIELDS = ("salary_raw", "region_raw", "posted_raw", "education_raw", "experience_raw", "headcount_raw")


def _is_place(v: str) -> bool:
    memo = _memos["region"]
    if v not in memo:
        memo[v] = P.region_one(v)
    return memo[v] is not None


_ATTRIBUTE_FIELDS = ("education_raw", "experience_raw", "headcount_raw")


_COMPANY_TITLE = re.compile(r"^(.{2,60}?(?:公司|集团|有限|厂|中心|医院|学校|学院|银行|研究院|研究所|事务所|合作社|商行|门店|酒店))"
                            r"\s*[-—－|｜:：·]\s*(.+)$")


def split_company_title(fields: dict[str, pa.Array]) -> None:
    """"某某科技有限公司-Java开发" in the title of a record without a company: the company and the
    job, split where a company's name ends (公司, 集团, 医院 …) before a dash or colon."""
    title, company = fields["title"], fields["company"]
    if title.null_count == len(title) or company.null_count < len(company):
        return
    memo: dict[str, tuple[str | None, str]] = {}
    titles, companies = [], []
    for t in title.to_pylist():
        if t is None:
            titles.append(None)
            companies.append(None)
            continue
        if t not in memo:
            m = _COMPANY_TITLE.match(t.strip())
            memo[t] = (m.group(1).strip(), m.group(2).strip()) if m else (None, t)
        c, tt = memo[t]
        titles.append(tt)
        companies.append(c)
    if any(c is not None for c in companies):
        fields["title"] = pa.array(titles, pa.string())
        fields["company"] = pa.array(companies, pa.string())


def assemble_salary(fields: dict[str, pa.Array]) -> None:
    """Pay given in pieces (最低薪资 | 最高薪资 | 薪资单位, or {min, max, unit, months}) as one
    salary text ("8000-12000元/月·13薪") where the record has no salary text of its own."""
    lo, hi = fields.get("salary_min_raw"), fields.get("salary_max_raw")
    if lo is None or hi is None or (lo.null_count == len(lo) and hi.null_count == len(hi)):
        return
    unit, months = fields.get("salary_unit_raw"), fields.get("salary_months_raw")
    units = unit.to_pylist() if unit is not None else [None] * len(lo)
    mons = months.to_pylist() if months is not None else [None] * len(lo)
    out = []
    for have, a, b, u, mo in zip(fields["salary_raw"].to_pylist(), lo.to_pylist(), hi.to_pylist(), units, mons):
        if have is not None or (a is None and b is None):
            out.append(have)
            continue
        u = (u or "").strip()
        if u and not u.startswith(("元", "千", "万", "k", "K", "/")):
            u = "/" + u  # "月", "month" → "/月"
        text = f"{a}-{b}{u}" if a is not None and b is not None else f"{a}{u}以上" if a is not None else f"{b}{u}以下"
        if mo and str(mo).strip().rstrip(".0").isdigit() and int(float(mo)) > 12:
            text += f"·{int(float(mo))}薪"
        out.append(text)
    fields["salary_raw"] = pa.array(out, pa.string())


_ATTRIBUTE_PATTERNS = {f: re.compile(FIELD_PATTERNS[f]) for f in _ATTRIBUTE_FIELDS}


def attribute_field(part: str, taken: Sequence[str] = ()) -> str | None:
    """The field a short attribute looks like ("本科" → education_raw, "3-4年经验" →
    experience_raw, "招2人" → headcount_raw, "上海-浦东新区" → region_raw), skipping ``taken``."""
    f = next((f for f in _ATTRIBUTE_FIELDS if f not in taken and _ATTRIBUTE_PATTERNS[f].search(part)), None)
    if f is None and "region_raw" not in taken and _is_place(part):
        f = "region_raw"
    return f


def combined_parts(cell: str, taken: Sequence[str] = ()) -> dict[str, str] | None:
    """The pieces of a combined requirement cell ("大专/1-3年", "不限/5-10年", "本科 | 3年"), else None.

    Pieces between slashes or bars go, left to right, to the first field they look like that
    no piece took yet; a piece that looks like no such field but like the previous piece's
    joins it ("技校/在校生/应届生" → 技校 | 在校生/应届生). The cell is combined when its pieces
    fill two or more fields: "中专/中技" or "在校生/应届生" is one value and stays whole.
    """
    pieces = [x.strip() for x in re.split(r"[/／|｜]", cell) if x.strip()]
    if len(pieces) < 2:
        return None
    got: dict[str, str] = {}
    last: str | None = None
    for piece in pieces:
        f = attribute_field(piece, [*taken, *got])
        if f is None and last is not None and attribute_field(piece, [g for g in _ATTRIBUTE_FIELDS if g != last]) == last:
            got[last] += "/" + piece
            continue
        if f is None:
            return None
        got[f] = piece
        last = f
    return got if len(got) >= 2 else None


def fill_from_attributes(fields: dict[str, pa.Array]) -> None:
    """Fill place, education, experience and headcount from a list of attributes, where empty.

    Each attribute ("上海-浦东新区", "3-4年经验", "本科", "招2人") goes to the field it looks
    like (:data:`~talentcast.ingest.cells.FIELD_PATTERNS`, or a known place), and each piece of
    a combined one ("大专/1-3年", :func:`combined_parts`) to its own; a field the record states
    in a column of its own keeps that value.
    """
    attrs = fields.get("attributes_raw")
    if attrs is None or attrs.null_count == len(attrs):
        return
    memo: dict[str, dict[str, str]] = {}

    def split(v: str) -> dict[str, str]:
        if v not in memo:
            got: dict[str, str] = {}
            for part in (p.strip() for p in re.split(r"[,，|｜;；、\n]", v) if p.strip()):
                pieces = combined_parts(part, list(got))
                if pieces:
                    got.update(pieces)
                    continue
                f = attribute_field(part, list(got))
                if f is not None:
                    got[f] = part
            memo[v] = got
        return memo[v]

    parsed = [split(v) if v else {} for v in attrs.to_pylist()]
    _fill_where_empty(fields, parsed)


def _fill_where_empty(fields: dict[str, pa.Array], parsed: list[dict[str, str]]) -> None:
    """Set each row's fields from ``parsed`` (one dict per row) where the row has no value."""
    for f in ("region_raw", *_ATTRIBUTE_FIELDS):
        if not any(f in d for d in parsed):
            continue
        have = fields[f].to_pylist()
        fields[f] = pa.array([h if h is not None else d.get(f) for h, d in zip(have, parsed)], pa.string())


def split_combined_requirements(fields: dict[str, pa.Array]) -> None:
    """Split combined 学历/经验 cells found in the education or experience column (in place).

    "大专/1-3年" under 学历要求: the column keeps its own piece (大专) and the other piece fills
    the experience where the row has none. Checked once per distinct value, and only in a
    column where some value has a slash or bar.
    """
    for f in ("education_raw", "experience_raw"):
        a = fields[f]
        if a.null_count == len(a):
            continue
        d = pc.dictionary_encode(a)
        d = d.combine_chunks() if isinstance(d, pa.ChunkedArray) else d
        split = pc.fill_null(pc.match_substring_regex(d.dictionary, r"[/／|｜]"), False)
        if not pc.any(split).as_py():
            continue
        values = d.dictionary.to_pylist()
        parts = [combined_parts(v) if s else None for v, s in zip(values, split.to_pylist())]
        if not any(parts):
            continue
        fields[f] = pa.array([p.get(f, v) if p else v for v, p in zip(values, parts)], pa.string()).take(d.indices)
        for g in ("region_raw", *_ATTRIBUTE_FIELDS):
            if g != f and any(p and g in p for p in parts):
                piece = pa.array([p.get(g) if p else None for p in parts], pa.string()).take(d.indices)
                fields[g] = pc.coalesce(fields[g], piece)


def realign_shifted(fields: dict[str, pa.Array], order: list[str]) -> None:
    """Move values back to their field in rows whose columns shifted over a missing field (in place).

    Scraper exports (51job list-literal dumps) drop an empty field instead of leaving its
    cell empty, so the following values slide one column left: the salary column holds the
    place, the place column the date. A row is re-aligned when a typed cell does not look like
    its field (or a place cell looks like a salary, date, education or experience); then every
    typed value goes to the first field at or after its column that it looks like
    (:func:`~talentcast.ingest.cells.realign_rows`). Other rows are left alone, and the check
    is two vectorised regex scans per typed column.

    Args:
        fields: Field → Arrow string array (modified in place).
        order: Typed fields present, in the file's column order.
    """
    if len(order) < 2:
        return
    cand = None
    for f in order:
        a = fields[f]
        if f == "region_raw":
            other = "|".join(f"(?:{p})" for g, p in FIELD_PATTERNS.items() if g in order)
            m = per_value_match(a, other)
        else:
            # Dates are nearly all distinct: match them directly rather than through a dictionary.
            hit = pc.fill_null(pc.match_substring_regex(a, FIELD_PATTERNS[f]), False) if f == "posted_raw" else per_value_match(a, FIELD_PATTERNS[f])
            m = pc.and_(pc.is_valid(a), pc.invert(hit))
        cand = m if cand is None else pc.or_(cand, m)
    mask = pc.fill_null(cand, False)
    idx = np.flatnonzero(mask.to_numpy(zero_copy_only=False))
    if not len(idx):
        return
    take = pa.array(idx)
    cols = {f: fields[f].take(take).to_pylist() for f in order}
    rows = [list(r) for r in zip(*(cols[f] for f in order))]
    fixed = realign_rows(rows, order, _is_place)
    for k, f in enumerate(order):
        new = [r[k] for r in fixed]
        if new != cols[f]:
            fields[f] = pc.replace_with_mask(fields[f], mask, pa.array(new, pa.string()))


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def title_lines(path: str | Path) -> list[str]:
    """The title lines above a table's header (csv, tsv, xlsx, xls; the first sheet holding a
    table, past a sheet of notes); [] if none.

    The reader skips them; they are read again (the first rows only) when a year is wanted.
    """
    import itertools

    from talentcast.ingest.readers import TITLE_LOOKAHEAD, read_grid, sniff_format

    path = Path(path)
    try:
        if sniff_format(path) not in ("csv", "tsv", "xlsx", "xls"):
            return []
        for _, rows in itertools.groupby(read_grid(path), key=lambda x: x[0]):
            lines: list[str] = []
            for k, (_, _, cells) in enumerate(rows):
                filled = [c for c in cells if c]
                if len(filled) >= 2:
                    return lines
                if k > TITLE_LOOKAHEAD:
                    break
                lines += filled
        return []
    except (InputFileError, OSError):
        return []


def stated_year(path: str | Path) -> int | None:
    """The one year a list states for its dates: in its first title line that names a year
    ("2023年秋季人才招聘会"), else in its file name ("招聘会_2023.xlsx"); None when that line or
    name names two ("2023-2024学年") or nothing names one. Never a guess from the dates."""
    for text in (*title_lines(path), Path(path).name):
        years = set(_YEAR.findall(text))
        if years:
            return int(years.pop()) if len(years) == 1 else None
    return None


def place_of_sheet(sheet: str) -> str | None:
    """The sheet's name when it is a place's name as a whole ("郑州", "洛阳市", "Nanyang"), else None.

    A workbook with one sheet per city often states the city only there. A name that merely
    starts with a place ("中山路招聘会", "郑州-1") is not taken.
    """
    t = P.normalise_text(sheet)
    code = P.region_one(t)
    if code is None:
        return None
    from talentcast.reference import regions

    c = regions().get(code)
    names = {c.name, c.extra.get("short_name", ""), c.extra.get("name_en", "").lower()}
    return t if t in names or t.lower() in names else None


def _placeless(fields: dict[str, pa.Array]) -> pa.Array:
    """Rows with no place of their own: no city, province or address."""
    return pc.and_(pc.and_(pc.is_null(fields["region_raw"]), pc.is_null(fields["province_raw"])), pc.is_null(fields["address_raw"]))


def place_from_sheets(fields: dict[str, pa.Array], sheets: list[str]) -> None:
    """Rows with no place of their own (city, province or address) take their sheet's place (in place)."""
    none = _placeless(fields)
    if not pc.any(none).as_py():
        return
    by_sheet = {sh: place_of_sheet(sh) for sh in set(sheets)}
    if any(by_sheet.values()):
        fields["region_raw"] = pc.coalesce(fields["region_raw"], pc.if_else(none, pa.array([by_sheet[sh] for sh in sheets], pa.string()),
                                                                            pa.scalar(None, pa.string())))


def _leading_place(text: str) -> str | None:
    """The place a title or file name begins with, by its full name ("洛阳市2024年…", "河南省…")
    or its short name before a separator ("郑州_招聘会"); "郑州大学双选会" names a university."""
    from talentcast.reference import regions

    t = re.sub(r"^(?:19|20)\d{2}\s*年?\s*", "", P.normalise_text(text))
    c = regions().resolve(t) if t else None
    if c is None or str(c.code) == "100000":
        return None
    short = c.extra.get("short_name", "") or c.name
    return c.name if t.startswith(c.name) or re.match(rf"{re.escape(short)}(?:[_\-\s·|]|$)", t) else None


def place_from_title(fields: dict[str, pa.Array], path: str | Path, state: dict[str, Any]) -> None:
    """Rows with no place of their own take the one place the list's title line or file name
    begins with ("洛阳市2024年5月重点企业用工需求信息", "郑州_招聘会.xlsx"), in place; a title
    naming none leaves them without a place."""
    none = _placeless(fields)
    # Only postings: a note line ("注：数据来源…") has nothing but its first cell and stays a note.
    other = None
    for f in ("company", "salary_raw", "education_raw", "experience_raw", "posted_raw", "headcount_raw"):
        if f in fields:
            other = pc.is_valid(fields[f]) if other is None else pc.or_(other, pc.is_valid(fields[f]))
    none = pc.and_(none, other) if other is not None else none
    if not pc.any(none).as_py():
        return
    if "place" not in state:
        state["place"] = next((p for t in (*title_lines(path)[:1], Path(path).stem) if (p := _leading_place(t))), None)
    if state["place"]:
        fields["region_raw"] = pc.if_else(none, pa.scalar(state["place"], pa.string()), fields["region_raw"])


def prefer_place_column(columns: dict[str, str], table: pa.Table, pinned: Sequence[str]) -> dict[str, str]:
    """Of several columns answering to the place synonyms, the one whose values name places.

    An API may carry a place both as its own code and as text (前程无忧 ``workarea`` "000000"
    and ``workarea_text`` "广州-荔湾区"): the header order alone would take the code. The
    candidates are scored on up to 200 distinct values of the batch (share that resolves to
    a GB/T 2260 place); the synonym order breaks ties. A mapped column is kept.
    """
    f = "region_raw"
    current = columns.get(f)
    if current is None or f in pinned:
        return columns
    names = table.column_names
    by = H.header_index(names)
    taken = set(columns.values()) - {current}
    cands = list(dict.fromkeys(c for syn in SYNONYMS[f] if (c := by.get(H.header_key(syn))) is not None and c not in taken))
    if len(cands) < 2:
        return columns

    def share(col: str) -> float:
        vals = [v for v in pc.unique(text_column(table, col)).to_pylist() if v is not None][:200]
        return sum(_is_place(v) for v in vals) / len(vals) if vals else 0.0

    scores = {c: share(c) for c in dict.fromkeys([current, *cands])}
    best = max(cands, key=lambda c: scores[c])
    return {**columns, f: best} if scores[best] > scores[current] else columns


#: Quarantined records of a batch, in reader order: (record no., raw content, reason, detail).
QuarantineRows = list[tuple[int, str, str, str]]


def normalise_batch(
    batch: ArrowBatch,
    columns: dict[str, str] | None,
    mapping: dict[str, str],
    *,
    source: str,
    file: str,
    file_sha: str,
    soft: dict[str, str] | None = None,
    path: str | Path | None = None,
    state: dict[str, Any] | None = None,
) -> tuple[pa.Table | None, np.ndarray, QuarantineRows, dict[str, str] | None, dict[str, tuple[int, int]]]:
    """Normalise one reader batch and split off the records to quarantine (pure: no lake, no dedup).

    The per-batch step of the postings ingest: cell repairs (list literals, mojibake), shifted
    columns re-aligned, fields parsed, rows to quarantine split off.

    Args:
        batch: A batch from :func:`~talentcast.ingest.readers.iter_arrow_batches`.
        columns: Field → column resolved from the file's earlier batches (None for the first).
        mapping: Strict field → column overrides (``--map``; already normalised).
        source: Platform recorded on the rows.
        file: File name recorded on the rows.
        file_sha: SHA-256 of the file (posting ids derive from it).
        soft: Workspace column map, applied where the file has the column.
        path: The input as the user named it, for messages (default: ``file``).
        state: What one file's batches hand on to the next (pass the same dict for every batch
            of a file): whether the place column was chosen by its values, the company
            carried down a workbook's sheets, the year the file states.

    Returns:
        ``(table, dedup keys, quarantine rows, columns)``: the accepted rows as ``postings``
        columns without ``is_duplicate`` (None when the batch has no rows), their 64-bit dedup
        keys, the quarantined records (reader rejects first, then rows without a title, note
        lines, formula injections, mojibake and dates outside the year window), the columns to
        pass with the next batch, and per field the accepted rows whose raw cell is filled and
        those where it landed.

    Raises:
        InputFileError: The first batch has no job-title column.
    """
    soft = soft or {}
    state = {} if state is None else state
    quarantined: QuarantineRows = list(batch.bad)
    names = batch.table.column_names
    if columns is None and (batch.kind == "csv" or batch.table.num_rows):
        columns = resolve_columns(names, _with_soft(names, mapping, soft))
        if "title" not in columns:
            raise InputFileError(
                f"{path or file}: no job-title column found among {list(names)[:25]}; nothing of it was ingested",
                hint="map it: --map title=<column> (dotted path for nested JSON), or [ingest.map] in talentcast.toml",
            )
    if batch.table.num_rows == 0:
        return None, np.empty(0, np.uint64), quarantined, columns, {}
    if batch.kind == "json" and columns is not None:
        # JSON batches may carry keys the first batch did not: resolve missing fields again.
        columns = {**resolve_columns(names, _with_soft(names, mapping, soft), strict=False),
                   **{k: v for k, v in columns.items() if v in names}}
    if not state.get("place_checked") and columns is not None:  # on the first batch with rows; kept after
        columns = prefer_place_column(columns, batch.table, list(_with_soft(names, mapping, soft)))
        state["place_checked"] = True
    fields: dict[str, pa.Array] = {}
    mojibake = np.zeros(batch.table.num_rows, dtype=bool)
    same_field = _fallback_columns(names, columns, batch.kind)
    for k in FIELDS:
        a = text_column(batch.table, (columns or {}).get(k), long_text=k in ("description", "tags"))
        for other in same_field.get(k, ()):  # one booklet post says 职位名称, the next 岗位
            a = pc.coalesce(a, text_column(batch.table, other, long_text=k in ("description", "tags")))
        if a.null_count < len(a):
            a, broken = clean_text_array(a, memo=_memos["cells"], mojibake=k in MOJIBAKE_FIELDS)
            if broken is not None:
                mojibake |= broken.to_numpy(zero_copy_only=False)
        fields[k] = a
    if batch.kind == "csv":  # JSON records name their fields: nothing can shift
        present = [f for f in TYPED_FIELDS if (columns or {}).get(f) in names]
        if salary_header_unit((columns or {}).get("salary_raw")):
            # Under "薪资（千元/月）" a bare "4-6" is pay, not a shifted month-day date.
            present = [f for f in present if f != "salary_raw"]
        realign_shifted(fields, sorted(present, key=lambda f: names.index(columns[f])))  # type: ignore[index]
    assemble_salary(fields)
    fill_from_attributes(fields)
    split_combined_requirements(fields)
    split_company_title(fields)
    if batch.sheets:
        place_from_sheets(fields, batch.sheets)
    place_from_title(fields, path or file, state)
    if batch.sheets and fields["posted_raw"].null_count:
        by_sheet = {sh: date_of_sheet(sh) for sh in set(batch.sheets)}
        if any(by_sheet.values()):  # undated rows of a sheet named by a day were posted that day
            fields["posted_raw"] = pc.coalesce(fields["posted_raw"], pa.array([by_sheet[sh] for sh in batch.sheets], pa.string()))
    if fields["crawled_raw"].null_count == len(fields["crawled_raw"]):
        crawl_day = date_in_name(path or file)
        if crawl_day:
            fields["crawled_raw"] = pa.array([crawl_day] * len(fields["crawled_raw"]), pa.string())
    hint = salary_header_unit((columns or {}).get("salary_raw"))
    if hint:
        fields["salary_parse"] = with_salary_unit(fields["salary_raw"], hint)

    def year_of() -> int | None:
        if "year" not in state:
            state["year"] = stated_year(path or file)
        return state["year"]

    tbl, dkey = normalise(fields, batch.numbers, source=source, file=file, file_sha=file_sha, year_of=year_of)
    bad_title = pc.is_null(tbl.column("title")).to_numpy(zero_copy_only=False)
    unsafe = np.zeros(tbl.num_rows, dtype=bool)
    for f in TEXT_FIELDS:
        unsafe |= pc.fill_null(pc.match_substring_regex(tbl.column(f), P.UNSAFE_PATTERN), False).to_numpy(zero_copy_only=False)
    note = note_rows(tbl)
    year = tbl.column("year").to_pandas()
    out_of_window = guards.bad_year(year).to_numpy()
    reason = np.where(bad_title, "missing_required", np.where(note, "note_row", np.where(
        unsafe, "unsafe_content", np.where(mojibake, "mojibake", np.where(out_of_window, "bad_year", "")))))
    badm = reason != ""
    if badm.any():
        numbers = np.asarray(batch.numbers)
        quarantined += [(int(numbers[i]), raw_of(batch, int(i)), str(reason[i]), _DETAILS[str(reason[i])]) for i in np.flatnonzero(badm)]
        keep = ~badm
        tbl = tbl.filter(pa.array(keep))
        dkey = dkey[keep]
        fields = {k: v.filter(pa.array(keep)) for k, v in fields.items()}
    fills = {f: field_fill(f, fields, tbl) for f in (columns or {}) if f in FIELDS}
    return tbl, dkey, quarantined, columns, fills


def field_fill(f: str, fields: dict[str, pa.Array], tbl: pa.Table) -> tuple[int, int]:
    """(rows whose raw ``f`` is filled, those of them where it landed) over accepted rows."""
    raw = pc.is_valid(fields[f])
    if f.startswith("salary_"):
        got = pc.or_(pc.or_(pc.is_valid(tbl.column("salary_cny_month_min")), pc.is_valid(tbl.column("salary_cny_month_max"))),
                     pc.fill_null(pc.equal(tbl.column("salary_null_reason"), "negotiable"), False))
    elif f == "headcount_raw":
        got = pc.or_(pc.is_valid(tbl.column("headcount")), pc.fill_null(pc.match_substring(fields[f], "若干"), False))
    elif f == "attributes_raw":  # lands where its parts do
        got = pc.or_(pc.or_(pc.is_valid(tbl.column("education")), pc.is_valid(tbl.column("experience_years"))),
                     pc.is_valid(tbl.column("region_code")))
    else:
        got = pc.is_valid(tbl.column(LANDS_IN[f]))
    return int(pc.sum(raw).as_py() or 0), int(pc.sum(pc.and_(raw, got)).as_py() or 0)


#: The ``postings`` column a raw field lands in (for the fill rates of ``ingest --json``).
LANDS_IN = {"title": "title", "company": "company", "industry_raw": "industry_raw", "region_raw": "region_code",
            "province_raw": "region_code", "address_raw": "region_code", "education_raw": "education",
            "experience_raw": "experience_years", "posted_raw": "posted_date", "crawled_raw": "year",
            "description": "description", "tags": "description"}


def commit_batch(ctx: FileContext, tbl: pa.Table | None, dkey: np.ndarray, quarantined: QuarantineRows, known: KeySet,
                 seen_here: KeySet) -> None:
    """Quarantine a normalised batch's rejects and append its rows with their duplicate flags.

    A row is a duplicate when its dedup key is in ``known`` (the lake and the files committed
    earlier in the run), in ``seen_here`` (earlier batches of this file) or earlier in the
    batch; the batch's keys are then added to ``seen_here``.
    """
    if quarantined:
        lines, raws, reasons, details = zip(*quarantined)
        ctx.quarantine(lines, raws, reasons, details)
    if tbl is None or tbl.num_rows == 0:
        return
    within = pd.Series(dkey).duplicated().to_numpy()
    dup = within | known.contains(dkey) | seen_here.contains(dkey)
    seen_here.add(dkey)
    ctx.duplicates += int(dup.sum())
    ctx.accept(tbl.append_column("is_duplicate", pa.array(dup)))


def _handler(known: KeySet, seen_here: KeySet, mapping: dict[str, str], encoding: str | None, batch_rows: int,
             soft: dict[str, str]):
    def handle(ctx: FileContext) -> None:
        source = ctx.source or guess_platform(ctx.path)
        _, batches = iter_arrow_batches(ctx.path, encoding=encoding, batch_rows=batch_rows)
        columns: dict[str, str] | None = None
        state: dict[str, Any] = {}
        raw_filled: dict[str, int] = {}
        landed: dict[str, int] = {}
        for batch in batches:
            tbl, dkey, quarantined, columns, fills = normalise_batch(batch, columns, mapping, source=source, file=ctx.name,
                                                                     file_sha=ctx.sha256, soft=soft, path=ctx.path, state=state)
            commit_batch(ctx, tbl, dkey, quarantined, known, seen_here)
            for f, (r, g) in fills.items():
                raw_filled[f] = raw_filled.get(f, 0) + r
                landed[f] = landed.get(f, 0) + g
        if columns:
            fill_rates(ctx, {f: c for f, c in columns.items() if f in raw_filled}, raw_filled, landed)

    return handle


def ingest_postings(
    lake: Lake,
    paths: Sequence[str | Path],
    *,
    source: str | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    batch_rows: int = 50_000,
    raise_on_error: bool = True,
    soft_mapping: dict[str, str] | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> IngestReport:
    """Ingest posting files into ``postings`` (see module docstring).

    ``mapping`` (the ``--map`` flags) must match a column of every file; ``soft_mapping`` (the
    workspace's ``[ingest.map]`` / ``TALENTCAST_COLUMN_MAP``) applies to the files that have
    the column and leaves the others to the header synonyms, since one workspace mixes exports
    of several platforms.
    """
    mapping = normalise_mapping(mapping)
    soft = normalise_mapping(soft_mapping)
    known = lake_dedup_keys(lake, replaced_names(lake, "postings", paths, force=force))
    report = IngestReport(kind="postings")
    for p in paths:
        # One file at a time so that a committed file's keys count for the next file's dedup
        # (and only once it has committed). allow_empty: a file without a title column is
        # already an error (see normalise_batch), so zero records means a header-only export.
        seen_here = KeySet()
        handle = _handler(known, seen_here, mapping, encoding, batch_rows, soft)
        r = ingest_with(lake, "postings", [p], handle, source=source, raise_on_error=False, allow_empty=True, force=force,
                        dry_run=dry_run)
        for fr in r.files:
            if fr.status in ("ingested", "dry_run"):
                known.add(seen_here.array())
            report.add(fr)
    if raise_on_error and report.errors:
        raise files_error(report)
    return report
