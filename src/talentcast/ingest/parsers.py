"""Parsers for the messy fields of postings: salary, region, education, experience, headcount, date.

Each public ``parse_*`` takes a pandas Series and returns Series/DataFrame aligned with it.
They are vectorised the way that matters for throughput: each *distinct* string is parsed
once (``_by_unique``) and the result is mapped back over the batch, with a bounded memo shared
across batches. The per-string functions (``salary_one`` …) are pure and property-tested.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

# ----------------------------------------------------------------------------- helpers
_MEMO_LIMIT = 200_000


def _by_unique(s: pd.Series, fn: Callable[[Any], Any], memo: dict[Any, Any]) -> list[Any]:
    """Apply ``fn`` once per distinct value of ``s`` (memoised across calls)."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    res = []
    for u in uniques:
        if u in memo:
            res.append(memo[u])
        else:
            v = fn(u)
            if len(memo) < _MEMO_LIMIT:
                memo[u] = v
            res.append(v)
    na = fn(None)
    table = res + [na]
    codes = np.where(codes < 0, len(res), codes)
    return [table[c] for c in codes]


def normalise_text(text: Any) -> str:
    """NFKC (full-width → half-width), strip, collapse internal whitespace; '' for null."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    t = unicodedata.normalize("NFKC", str(text)).strip()
    return re.sub(r"\s+", " ", t)


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _cn_number(t: str) -> str:
    """Replace simple Chinese numerals (一 … 十, 十五, 二十) by digits."""
    def conv(m: re.Match[str]) -> str:
        s = m.group(0)
        if s == "十":
            return "10"
        if s.startswith("十"):
            return str(10 + _CN_DIGITS.get(s[1], 0))
        if "十" in s:
            a, _, b = s.partition("十")
            return str(_CN_DIGITS[a] * 10 + (_CN_DIGITS[b] if b else 0))
        return str(_CN_DIGITS[s])

    return re.sub(r"[一二两三四五六七八九]?十[一二三四五六七八九]?|[零一二两三四五六七八九]", conv, t)


# ----------------------------------------------------------------------------- salary
SENTINELS = {99999999.0, 9999999.0, 999999.0, 99999.0, 0.0}
NEGOTIABLE = ("面议", "negotiable", "薪资面议", "待遇面议", "面谈")
DAYS_PER_MONTH = 21.75  # statutory average working days a month (劳社部发〔2008〕3号)
HOURS_PER_DAY = 8
MONTH_MAX = 1_000_000.0  # CNY/month above which a figure is treated as implausible
MONTH_MIN = 100.0

_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(k|千|w|万|元)?"
_RANGE_RE = re.compile(rf"^{_NUM}{_UNIT}(?:-{_NUM}{_UNIT})?$")
_UNIT_MULT = {"k": 1000.0, "千": 1000.0, "w": 10000.0, "万": 10000.0, "元": 1.0, None: None}


def _one_sided(t: str, side: str | None) -> tuple[str, str | None]:
    """Strip a trailing 以上/起/+ (a minimum) or 以下/以内 (a maximum); returns (text, side)."""
    if t.endswith(("以上", "起", "+")):
        return re.sub(r"(以上|起|\+)$", "", t), "min"
    if t.endswith(("以下", "以内")):
        return re.sub(r"(以下|以内)$", "", t), "max"
    return t, side


def salary_one(text: Any) -> tuple[float | None, float | None, int | None, str | None]:
    """Parse one salary string to (min CNY/month, max CNY/month, months a year, null reason).

    Rules: ranges "8千-1.2万", "5K-10K", "15-20K" (a bare first number takes the second's
    unit), "4001-6000" (yuan); periods /月 (default), /年 (÷ 12), /天 (× 21.75), /小时
    (× 8 × 21.75); "·14薪" sets months = 14 and the monthly figures become annual pay ÷ 12
    (15-20K·14薪 → 17,500–23,333); "以上"/"以下" give a one-sided range; 面议 → reason
    ``negotiable``; sentinels (99999999, 0) → ``sentinel``; bare numbers under 1,000 with no
    unit are ambiguous (yuan or thousands?) → ``unparsed``; results outside 100–1,000,000 a
    month → ``implausible``.
    """
    t = normalise_text(text).lower()
    if not t or t in ("-", "null", "none", "nan", "n/a"):
        return None, None, None, "missing"
    if any(k in t for k in NEGOTIABLE):
        return None, None, None, "negotiable"
    # Words after the pay ("，包吃住", "（五险一金）") are no part of it: cut at a separator or
    # bracket that only words follow.
    t = re.sub(r"\s*(?:[,，;；、]\s*[^\d,，;；]*|[(（][^\d()（）]*[)）])$", "", t)
    t = t.replace(" ", "").replace(",", "")
    months = None
    # English: "…/month, 13 months", "13-month salary"
    t = re.sub(r"[,，;]?(\d{2})(?:months?|-monthsalary|monthsalary)$", r"·\1薪", t)
    m = re.search(r"[·*x×]?(\d{2})薪", t) or re.search(r"[*x×](1[2-8])$", t)  # "3k-5k*13"
    if m:
        months = int(m.group(1))
        t = (t[: m.start()] + t[m.end():]).strip("·,/")
    # "底薪3000+提成": the base pay is the floor of the pay; the commission is open-ended.
    commission = re.search(r"[+＋加](?:高)?(?:提成|绩效|奖金|补贴|分红|业绩)+.*$", t)
    if commission:
        t = t[: commission.start()]
    t = re.sub(r"^(?:底薪|基本工资|保底|综合(?:月)?薪资?)[:：]?", "", t)
    t = t.replace("万元", "万").replace("千元", "千")
    t = re.sub(r"[~～至—–_]|到", "-", t)
    t = t.replace("rmb", "").replace("¥", "").replace("人民币", "").replace("税前", "").replace("税后", "")
    t = re.sub(r"^(?:cny|usd\b)|cny$|yuan", "", t)  # "CNY 10,000-16,000/month"
    t = t.replace("permonth", "/month").replace("peryear", "/year").replace("perday", "/day").replace("perhour", "/hour")
    period = 1.0
    # "8000元/月以上": the one-sided marker may follow the period as well as precede it.
    t, side = _one_sided(t, None)
    for pat, mult in ((r"/?(每)?年$|/year$|年薪", 1 / 12), (r"/?(每)?月$|/month$|月薪", 1.0),
                      (r"/?(每)?天$|/日$|/day$|日薪", DAYS_PER_MONTH), (r"/?(每)?(小)?时$|/hour$|时薪", HOURS_PER_DAY * DAYS_PER_MONTH),
                      (r"/?(每)?周$|/week$", 52 / 12)):
        if re.search(pat, t):
            period = mult
            t = re.sub(pat, "", t)
            break
    t = t.replace("及", "")
    # A label before the figures ("综合工资6000-9000", "年薪：12万-18万" once 年薪 is read).
    t = re.sub(r"^[\u4e00-\u9fff]{0,8}[:：]?(?=\d)", "", t)
    if commission and "-" not in t and not t.endswith(("以上", "起", "+", "以下", "以内")):
        t += "以上"
    t, side = _one_sided(t, side)
    t = t.replace("元/", "元").rstrip("/")
    m = _RANGE_RE.match(t)
    if not m:
        return None, None, months, "unparsed"
    a, ua, b, ub = m.group(1), m.group(2), m.group(3), m.group(4)
    lo = float(a)
    hi = float(b) if b is not None else None
    if lo in SENTINELS or (hi is not None and hi in SENTINELS):
        return None, None, months, "sentinel"
    mult_hi = _UNIT_MULT[ub] if hi is not None else None
    mult_lo = _UNIT_MULT[ua] if ua else (mult_hi if mult_hi is not None else None)
    if mult_lo is None:
        if lo < 1000 and (hi is None or hi < 1000):
            return None, None, months, "unparsed"  # ambiguous: yuan or thousands?
        mult_lo = 1.0
    if hi is not None and mult_hi is None:
        mult_hi = 1.0 if hi >= 1000 or not ua else mult_lo
    lo_v = lo * mult_lo * period
    hi_v = hi * mult_hi * period if hi is not None else None
    if months:
        lo_v = lo_v * months / 12
        hi_v = hi_v * months / 12 if hi_v is not None else None
    if hi_v is None:
        if side == "max":
            lo_v, hi_v = None, lo_v
        elif side == "min":
            hi_v = None
        else:
            hi_v = lo_v
    vals = [v for v in (lo_v, hi_v) if v is not None]
    if any(v < MONTH_MIN or v > MONTH_MAX for v in vals) or (lo_v is not None and hi_v is not None and lo_v > hi_v):
        return None, None, months, "implausible"
    r = lambda v: None if v is None else round(v, 2)  # noqa: E731
    return r(lo_v), r(hi_v), months, None


_salary_memo: dict[Any, Any] = {}


def parse_salary(s: pd.Series) -> pd.DataFrame:
    """Vectorised :func:`salary_one`: columns salary_cny_month_min/max, salary_months, salary_null_reason."""
    res = _by_unique(s, salary_one, _salary_memo)
    if not res:
        return pd.DataFrame({"salary_cny_month_min": pd.Series(dtype="float64"), "salary_cny_month_max": pd.Series(dtype="float64"),
                             "salary_months": pd.Series(dtype="Int64"), "salary_null_reason": pd.Series(dtype=object)}, index=s.index)
    lo, hi, mo, why = zip(*res)
    return pd.DataFrame(
        {
            "salary_cny_month_min": pd.array(lo, dtype="float64") if lo else [],
            "salary_cny_month_max": pd.array(hi, dtype="float64"),
            "salary_months": pd.array(mo, dtype="Int64"),
            "salary_null_reason": list(why),
        },
        index=s.index,
    )


# ----------------------------------------------------------------------------- education
_EDU_RULES = (
    ("博士", "博士"), ("doctor", "博士"), ("phd", "博士"),
    ("硕士", "硕士"), ("碩士", "硕士"), ("研究生", "硕士"), ("研究所", "硕士"), ("master", "硕士"),
    ("本科", "本科"), ("学士", "本科"), ("bachelor", "本科"),
    ("大专", "大专"), ("专科", "大专"), ("專科", "大专"), ("高职", "大专"), ("associate", "大专"),
    ("大学", "本科"), ("大學", "本科"),  # after 专科: 大学专科 is 大专
    ("中专", "中专/中技"), ("中技", "中专/中技"), ("技校", "中专/中技"), ("职高", "中专/中技"), ("中职", "中专/中技"),
    ("高中", "高中"),
    ("不限", "不限"), ("无要求", "不限"), ("无学历", "不限"), ("no requirement", "不限"),
)


def education_one(text: Any) -> str | None:
    """Map an education requirement to 中专/中技 | 高中 | 大专 | 本科 | 硕士 | 博士 | 不限 (None if unknown).

    The first rule that matches wins, highest degree first: "本科及以上" → 本科, "大专以上" → 大专.
    """
    t = normalise_text(text).lower()
    if not t:
        return None
    for key, val in _EDU_RULES:
        if key in t:
            return val
    return None


_edu_memo: dict[Any, Any] = {}


def parse_education(s: pd.Series) -> pd.Series:
    """Vectorised :func:`education_one`."""
    return pd.Series(_by_unique(s, education_one, _edu_memo), index=s.index, dtype=object)


# ----------------------------------------------------------------------------- experience
def experience_one(text: Any) -> float | None:
    """Minimum years of experience: 不限/无经验/应届 → 0, "1-3年" → 1, "5年以上" → 5, "1年以下" → 0."""
    t = _cn_number(normalise_text(text).lower().replace(" ", ""))
    if not t:
        return None
    if any(k in t for k in ("不限", "不拘", "无经验", "无工作经验", "无要求", "不要求", "无需", "应届", "在校", "noexperience",
                            "none", "fresh", "graduate", "entrylevel", "notrequired", "any")) or t in ("无", "零"):
        return 0.0
    if re.search(r"(\d+(?:\.\d+)?)年?(以下|以内)", t):
        return 0.0
    t = re.sub(r"(?<!\d)半年", "0.5年", t)  # "半年以上"
    m = re.search(r"(\d+(?:\.\d+)?)", t)
    if not m:
        return None
    v = float(m.group(1))
    if "月" in t and "年" not in t:
        v = v / 12
    return v if 0 <= v <= 50 else None


_exp_memo: dict[Any, Any] = {}


def parse_experience(s: pd.Series) -> pd.Series:
    """Vectorised :func:`experience_one` (float years)."""
    return pd.Series(_by_unique(s, experience_one, _exp_memo), index=s.index, dtype="float64")


# ----------------------------------------------------------------------------- headcount
def headcount_one(text: Any) -> int | None:
    """Openings: "招3人" / "3人" / "3" → 3; "若干人" and anything else → None."""
    t = _cn_number(normalise_text(text))
    if not t or "若干" in t:
        return None
    m = re.fullmatch(r"(?:招聘?)?\s*(\d{1,6})\s*(?:人|名|位)?", t)
    return int(m.group(1)) if m else None


_hc_memo: dict[Any, Any] = {}


def parse_headcount(s: pd.Series) -> pd.Series:
    """Vectorised :func:`headcount_one` (nullable Int64)."""
    return pd.Series(pd.array(_by_unique(s, headcount_one, _hc_memo), dtype="Int64"), index=s.index)


# ----------------------------------------------------------------------------- dates
DATE_MIN_YEAR, DATE_MAX_YEAR = 1800, 2999  # parseable; the year window decides what is accepted
def date_one(text: Any, *, today: date | None = None) -> date | None:
    """Parse "2019-06-08 20:52:14", "2019/6/8", "2023年12月12日", "20231212", epoch ms, Excel serials.

    Relative forms ("3天前", "昨天", "今天", "刚刚", "5小时前", "06-01", "6月1日", "12-12发布") need a
    reference date ``today`` (when the page was crawled); without one they give None rather
    than a guessed year. A month-day later than ``today`` is taken to be in the previous year.
    """
    t = re.sub(r"^(?:发布|更新|刷新)(?:于|时间|日期)?[:：]?\s*", "", normalise_text(text))
    if not t:
        return None
    if today is not None:
        rel = _relative_date(t, today)
        if rel is not None:
            return rel
    m = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", t)
    if m:
        y, mo, d = map(int, m.groups())
    elif re.fullmatch(r"\d{8}", t):
        y, mo, d = int(t[:4]), int(t[4:6]), int(t[6:])
    elif re.fullmatch(r"\d{12,13}", t):  # epoch milliseconds / seconds, dated in Beijing time (UTC+8)
        v = int(t)
        ts = pd.Timestamp(v, unit="ms" if len(t) == 13 else "s") + pd.Timedelta(hours=8)
        y, mo, d = ts.year, ts.month, ts.day
    elif re.fullmatch(r"\d{10}", t):
        ts = pd.Timestamp(int(t), unit="s") + pd.Timedelta(hours=8)
        y, mo, d = ts.year, ts.month, ts.day
    elif re.fullmatch(r"\d{5}(\.\d+)?", t):  # Excel serial day
        dt = date(1899, 12, 30) + pd.Timedelta(days=int(float(t)))
        y, mo, d = dt.year, dt.month, dt.day
    else:
        m = re.match(r"^(\d{4})[-/.年](\d{1,2})月?$", t)
        if not m:
            return None
        y, mo, d = int(m.group(1)), int(m.group(2)), 1
    try:
        out = date(y, mo, d)
    except ValueError:
        return None
    # Wide on purpose: the year window (talentcast.ingest.guards) quarantines what is outside it.
    return out if DATE_MIN_YEAR <= out.year <= DATE_MAX_YEAR else None


def _relative_date(t: str, today: date) -> date | None:
    """A relative or year-less posting date against the reference ``today`` (None if not one).

    ``today`` may be the crawl's moment (a datetime): "3小时前" at 01:30 is the day before.
    """
    t = re.sub(r"(发布|更新|刷新)$", "", t.replace(" ", ""))
    ago = re.fullmatch(r"(\d+)(分钟|小时|秒)前", t)
    if ago and isinstance(today, datetime):
        unit = {"分钟": "minutes", "小时": "hours", "秒": "seconds"}[ago.group(2)]
        return (today - timedelta(**{unit: int(ago.group(1))})).date()
    if isinstance(today, datetime):
        today = today.date()
    if t in ("今天", "今日", "刚刚", "刚才", "当天") or ago:
        return today
    if t in ("昨天", "昨日"):
        return today - pd.Timedelta(days=1)
    if t == "前天":
        return today - pd.Timedelta(days=2)
    m = re.fullmatch(r"(\d+)(天|日|周|星期|个月|月)前", _cn_number(t))
    if m:
        n = int(m.group(1))
        days = {"天": 1, "日": 1, "周": 7, "星期": 7}.get(m.group(2))
        if days is not None:
            return today - pd.Timedelta(days=n * days)
        return (pd.Timestamp(today) - pd.DateOffset(months=n)).date()
    m = re.fullmatch(r"(\d{1,2})[-/.月](\d{1,2})日?", t)
    if m:
        try:
            d = date(today.year, int(m.group(1)), int(m.group(2)))
        except ValueError:
            return None
        return d if d <= today else date(today.year - 1, d.month, d.day) if not (d.month == 2 and d.day == 29) else None
    return None


_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:发布|更新|刷新)?$")
MONTH_DAY_PATTERN = _MONTH_DAY.pattern


def month_day_in(text: Any, year: int) -> date | None:
    """A year-less date ("11月4日", "11-04", "11/4") in the ``year`` the document states, else None.

    For a list whose year is given once, in its title ("2023年秋季招聘会") or file name; other
    forms (relative, full dates) give None here.
    """
    m = _MONTH_DAY.match(normalise_text(text).replace(" ", ""))
    if not m:
        return None
    try:
        return date(year, int(m.group(1)), int(m.group(2)))
    except ValueError:
        return None


# A timestamp with its UTC offset ("2023-11-07T14:30:00+08:00", "…T06:30:00Z"): dated by its
# instant in Beijing time, as epoch times are, when the offset is not already +08:00.
OFFSET_PATTERN = r"\d[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$"
BEIJING_OFFSETS = ("+08:00", "+0800", "+08")


def beijing_date(text: Any) -> date | None:
    """The Beijing (UTC+8) calendar day of a timestamp with an offset, else None."""
    ts = pd.to_datetime(normalise_text(text), utc=True, errors="coerce")
    if ts is pd.NaT or ts is None:
        return None
    return (ts + pd.Timedelta(hours=8)).date()


_date_memo: dict[Any, Any] = {}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_date(s: pd.Series) -> pd.Series:
    """Vectorised dates: ISO prefixes via one ``pd.to_datetime`` call, the rest once per distinct string."""
    st = s.astype("string")
    head = st.str.slice(0, 10)
    iso = head.str.match(_ISO.pattern).fillna(False).astype(bool)
    out = pd.Series([None] * len(s), index=s.index, dtype=object)
    if iso.any():
        dt = pd.to_datetime(head[iso], format="%Y-%m-%d", errors="coerce")
        ok = dt.notna() & (dt.dt.year >= DATE_MIN_YEAR) & (dt.dt.year <= DATE_MAX_YEAR)
        out.loc[dt.index[ok.to_numpy()]] = dt[ok].dt.date.to_numpy()
    rest = ~iso
    if rest.any():
        out.loc[rest] = _by_unique(s[rest], date_one, _date_memo)
    return out


# ----------------------------------------------------------------------------- region
_region_memo: dict[Any, Any] = {}


@lru_cache(maxsize=1)
def _regions() -> Any:
    from talentcast.reference import regions

    return regions()


#: A posting open anywhere in the country lands on the national code (data dictionary).
NATIONWIDE = ("全国", "全国各地", "全国范围", "全国均可", "全国可选", "不限地区", "nationwide", "china", "中国")


def region_one(text: Any, *, counties: bool = True) -> str | None:
    """GB/T 2260 code of a region string ("郑州-金水区", "河南省郑州市", "浙江省宁波", "郑州"), else None.

    Uses ``talentcast.reference.regions().resolve``; when the whole string does not resolve,
    tries its first segment (before "-", "·", "/", ",", space).
    """
    t = normalise_text(text)
    if not t:
        return None
    if t in NATIONWIDE:
        return "100000"
    reg = _regions()
    # A county-level city or district ("长葛", "河南省巩义市") is a posting's place in the city above it.
    c = reg.resolve(t, counties=counties)
    if c is None:
        first = re.split(r"[-·/,，、 ]", t)[0]
        if first and first != t:
            c = reg.resolve(first, counties=counties)
    return None if c is None else str(c.code)


def parse_region(s: pd.Series) -> pd.Series:
    """Vectorised :func:`region_one`."""
    return pd.Series(_by_unique(s, region_one, _region_memo), index=s.index, dtype=object)


# DDE payloads (=cmd|' /C calc'!A0, also with +, -, @ first) and formulas (=HYPERLINK(…), @SUM(…)).
# Narrow on purpose: "-熟悉Python(必须)" or "+Java(优先)" in a description is text, not a formula.
UNSAFE_PATTERN = r"^\s*(?:[=+\-@][^\n]*\|[^\n]*!|=\s*[A-Za-z][A-Za-z0-9._]*\s*\(|@\s*[A-Za-z]+\s*\()"
_UNSAFE = re.compile(UNSAFE_PATTERN)


def unsafe_mask(s: pd.Series) -> pd.Series:
    """True where a cell is a spreadsheet formula injection (``=cmd|' /C calc'!A0``, ``=HYPERLINK(``).

    Such a cell would execute when a report's xlsx is opened; the row is quarantined.
    HTML such as ``<script>`` is kept as text: it is data, and every renderer escapes it.
    """
    st = s.astype("string")
    return st.str.contains(_UNSAFE, regex=True, na=False).astype(bool)
