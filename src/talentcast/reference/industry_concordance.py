"""GB/T 4754 2002 / 2011 (and a few 1994 names still in NBS series) → 2017 concordance.

Data: ``data/crosswalk/industry_concordance.csv`` with one row per source label or code:
``edition, level, code_src, label_src, section_2017, division_2017, relation, note`` where
``relation`` is exact | renamed | relettered | renumbered | approx | split and ``note`` gives
the source and reasoning. A ``split`` row maps to a section only (``division_2017`` empty):
the old division spread over several 2017 divisions and no single one may be claimed.

Labels are matched after normalisation (NFKC; punctuation, 和/及/与/的 and a trailing 业
removed), so "农林牧渔业" = "农、林、牧、渔业" and "教育业" = "教育". Codes: a section letter,
a 2-digit division ("38", "C38"), or a longer class code (rolled up to its division); codes are
read as 2017 codes unless ``edition`` says otherwise (2002 letters differ: 2002 F is 2017 G).

Yearbook markings around a label are not part of it: indentation, "其中：" and "#" (an "of
which" line), enumerations ("一、", "(二)", "3."), footnote markers ("①", "*", or the digit
NFKC makes of "①"). A code printed
in front of a label ("A 农林牧渔业", "C13 农副食品加工业", "13 农副食品加工业") is read with it:
the label decides, the code is used when the label alone is not known.

Labels that could not be mapped are counted; :func:`unmapped_report` lists them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import pandas as pd

from talentcast.resources import resource_path

TOTAL = "TOTAL"  # industry_code of "all industries" rows (industry_level total)
_TOTAL_WORDS = ("合计", "总计", "总体", "全部", "全行业", "所有行业", "total", "城镇单位", "")

_unmapped: Counter[str] = Counter()

# "　　其中：", "#", "一、", "(二)", "3." in front of a label; "①", "*", "(注1)" after it.
_LEAD_MARKS = re.compile(r"^(?:[\s\u3000]|其中\s*[:：]?|[#△▲*＊]|[一二三四五六七八九十]+\s*[、.．]|"
                         r"[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}\s*[、．]|\d{1,2}\.(?!\d))+")
_TRAIL_MARKS = re.compile(r"(?:[\s\u3000]|[*＊#†‡①②③④⑤⑥⑦⑧⑨⑩]|[(（]注?\s*\d{1,2}[)）]|注\d{1,2}|(?<=[\u4e00-\u9fff])\d{1,2})+$")
# A section letter and/or division code printed in front of the label.
_CODE_PREFIX = re.compile(r"^([A-Ta-t])?(\d{2,4})?(?:\s*[\s:：、.．\-]\s*|(?=[\u4e00-\u9fff]))(.+)$")


# A bilingual yearbook's English name after the Chinese one ("制造业\nManufacturing").
_ENGLISH_TAIL = re.compile(r"(?<=[\u4e00-\u9fff）)\]])[^\S\n]*\n?[^\S\n]*[A-Za-z][A-Za-z ,.'&()\-]+$")


def strip_marks(label: str) -> str:
    """A label without the yearbook's indentation, 其中/# markers, enumeration and footnote marks,
    or the English name a bilingual yearbook prints after the Chinese one."""
    t = str(label).replace("\u3000", " ").strip()
    t = _ENGLISH_TAIL.sub("", t) if re.search(r"\s[A-Za-z]{2}", t) else t
    # Marks first: NFKC would turn a footnote "①" into a digit that reads as part of the label.
    t = _TRAIL_MARKS.sub("", _LEAD_MARKS.sub("", t)).strip() or t
    return unicodedata.normalize("NFKC", t).strip()


def normalise_label(label: str) -> str:
    """Normalise an industry label for matching (see module docstring)."""
    t = unicodedata.normalize("NFKC", str(label)).strip().lower()
    t = re.sub(r"[\s、,，.。()（）·\-_/]", "", t)
    t = re.sub(r"[和及与的]", "", t)
    return t[:-1] if t.endswith("业") and len(t) > 1 else t


@lru_cache(maxsize=1)
def concordance() -> pd.DataFrame:
    """The concordance table (strings; empty division = none)."""
    path = resource_path("data") / "crosswalk" / "industry_concordance.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, tuple[str, str | None, str]], dict[tuple[str, str], tuple[str, str | None, str]]]:
    by_label: dict[str, tuple[str, str | None, str]] = {}
    by_code: dict[tuple[str, str], tuple[str, str | None, str]] = {}
    df = concordance()
    # Later editions first so that a label shared by several editions reports the newest.
    order = {"2017": 0, "2011": 1, "2002": 2, "1994": 3}
    for r in sorted(df.itertuples(index=False), key=lambda r: order.get(r.edition, 9)):
        val = (r.section_2017, r.division_2017 or None, r.edition)
        if r.label_src:
            by_label.setdefault(normalise_label(r.label_src), val)
        if r.code_src:
            by_code.setdefault((r.edition, r.code_src.upper()), val)
    return by_label, by_code


def map_industry(label_or_code: object, edition: str | None = None, *, record: bool = True) -> tuple[str, str | None, str] | None:
    """Map an industry label or code of any edition to GB/T 4754-2017.

    Args:
        label_or_code: A name ("信息传输、计算机服务和软件业"), section letter ("I"), division
            ("65", "I65") or class code ("6511", rolled up to its division).
        edition: Edition of a code ("2002", "2011", "2017"); default 2017. Labels need none.
        record: Count the label in the unmapped report when it cannot be mapped.

    Returns:
        ``(section, division or None, edition matched)``; ``("TOTAL", None, "total")`` for an
        all-industries label (合计, 总计, empty); None when unmapped.
    """
    if label_or_code is None or (isinstance(label_or_code, float) and label_or_code != label_or_code):
        return None
    raw = str(label_or_code).strip()
    by_label, by_code = _indexes()
    norm = normalise_label(raw)
    # "全省合计", "全国总计", "全市", "总计": the all-industry row of a province's, the nation's or a city's table.
    if (norm in _TOTAL_WORDS or raw.upper() == TOTAL or norm.startswith(("合计", "总计"))
            or re.fullmatch(r"(?:全省|全国|全市|全区|本省|本市)(?:合计|总计)?", norm)
            # "National Total", "Grand Total", "Total of All Sectors", "All industries"
            or re.fullmatch(r"(?:national|provincial|grand|overall)?total(?:ofallsectors|ofallindustries)?|allindustries|allsectors", norm)):
        return TOTAL, None, "total"
    code = unicodedata.normalize("NFKC", raw).upper().replace(" ", "")
    ed = edition or "2017"
    m = re.fullmatch(r"([A-T])?(\d{2,4})?", code)
    if m and code:
        letter, digits = m.group(1), m.group(2)
        if digits:
            hit = by_code.get((ed, digits[:2]))
            if hit is None and ed != "2017" and digits:
                hit = None
            if hit is not None and (letter is None or letter == (hit[0] if ed == "2017" else letter)):
                return hit
        elif letter:
            hit = by_code.get((ed, letter))
            if hit is not None:
                return hit
    hit = by_label.get(norm)
    if hit is not None:
        return hit
    if raw.isascii() and (hit := _english_sections().get(_english_words(raw))) is not None:
        return hit  # "Wholesale & Retail Trade" (CEIC) for "Wholesale and Retail Trades" (NBS)
    bare = strip_marks(raw)
    m = re.fullmatch(r"(.+?)\s*[(（]\s*([A-Ta-t]?\d{0,4})\s*[)）]", bare)
    if m and m.group(2):  # "制造业(C)", "农副食品加工业（C13）": the label, else its code
        hit = map_industry(m.group(1), edition, record=False)
        if hit is None or hit[0] == TOTAL:
            hit = map_industry(m.group(2), edition, record=False)
        if hit is not None:
            return hit
    m = _CODE_PREFIX.match(bare)
    if m and (m.group(1) or m.group(2)):
        hit = map_industry(m.group(3), edition, record=False)
        if hit is None or hit[0] == TOTAL:
            hit = map_industry(f"{m.group(1) or ''}{m.group(2) or ''}", edition, record=False)
        if hit is not None:
            return hit
    elif bare != raw:
        hit = map_industry(bare, edition, record=False)
        if hit is not None:
            return hit
    if record:
        _unmapped[raw] += 1
    return None


_ENGLISH_FILLER = frozenset({"and", "of", "the", "service", "activity", "industry", "sector"})


def _english_words(label: str) -> frozenset[str]:
    """The words of an English section heading that name it, in any order, singular, without
    fillers: "Electricity, Heat, Gas & Water Production & Supply" and "Production and Supply of
    Electricity, Heat, Gas and Water" give the same set."""
    words = re.findall(r"[a-z]+", label.lower().replace("&", " and "))
    out: set[str] = set()
    for w in words:
        if w == "it":
            out |= {"information", "technology"}
            continue
        w = w[:-3] + "y" if w.endswith("ies") and len(w) > 4 else w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w
        if w not in _ENGLISH_FILLER:
            out.add(w)
    return frozenset(out)


@lru_cache(maxsize=1)
def _english_sections() -> dict[frozenset[str], tuple[str, str | None, str]]:
    """Word set → section of the concordance's English headings, where the set names one section only."""
    found: dict[frozenset[str], set[tuple[str, str | None, str]]] = {}
    for r in concordance().itertuples(index=False):
        if r.level == "section" and r.label_src.isascii() and re.search(r"[a-z]{3}", r.label_src):
            found.setdefault(_english_words(r.label_src), set()).add((r.section_2017, None, r.edition))
    return {k: next(iter(v)) for k, v in found.items() if k and len({x[0] for x in v}) == 1}


def map_industry_code(label_or_code: object) -> str | None:
    """2017 division if known, else section, else None (no unmapped recording; for platform labels)."""
    hit = map_industry(label_or_code, record=False)
    if hit is None or hit[0] == TOTAL:
        return None
    return hit[1] or hit[0]


def unmapped_report() -> pd.DataFrame:
    """Labels that could not be mapped since the last reset, with how often they were seen."""
    return pd.DataFrame(sorted(_unmapped.items(), key=lambda kv: -kv[1]), columns=["label", "count"])


def reset_unmapped() -> None:
    """Clear the unmapped-label counts."""
    _unmapped.clear()
