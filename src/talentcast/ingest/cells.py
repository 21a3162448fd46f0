"""Cell repairs shared by every kind: list-literal cells and mojibake.

Scrapers write cells as Python list literals (``['Java开发工程师']``, ``['上海-浦东新区']``) and
exports pass through wrong decodings: GBK/GB18030 bytes read as Latin-1 or CP1252 and saved
again as UTF-8 (``Êý¾Ý·ÖÎöÊ¦`` for 数据分析师), or UTF-8 read as GBK (``鏁版嵁`` for 数据).
The repairs here are exact inversions of those decodings, applied once per distinct value;
text that shows the Latin-1 pattern but does not invert cleanly is reported as unrepairable
so that its row is quarantined as ``mojibake`` instead of landing garbled.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

_CJK = re.compile(r"[\u3400-\u9fff]")
_HIGH_LATIN = re.compile(r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
# Cheap C-level prefilter: two Latin-1/CP1252 high characters in a row (a GBK character is two bytes).
LATIN_RUN = "[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u0080-\u009f]{2}"


def unwrap_list_literal(v: str) -> str | None:
    """``['Java开发']`` → ``Java开发``; ``['a', 'b']`` → ``a,b``; ``[]`` → None; other text as is."""
    t = v.strip()
    if not (t.startswith("[") and t.endswith("]")):
        return v
    try:
        items = ast.literal_eval(t)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return v
    if not isinstance(items, list):
        return v
    parts = [str(x).strip() for x in items if x is not None and str(x).strip()]
    return ",".join(parts) if parts else None


def _latin_bytes(s: str) -> bytes | None:
    """The bytes a Latin-1/CP1252 decoder turned into ``s`` (None if ``s`` has other characters)."""
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if o < 256:
            out.append(o)
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            return None
    return bytes(out)


def repair_mojibake(v: str) -> tuple[str, bool]:
    """Undo a wrong decoding of one cell; returns (text, unrepairable).

    * Latin-1/CP1252 mojibake of GBK/GB18030 (``Êý¾Ý·ÖÎöÊ¦``): re-encoded to its bytes and
      decoded as GB18030; when that fails and most of the letters are such characters, the
      cell is unrepairable.
    * GBK mojibake of UTF-8 (``鏁版嵁鍒嗘瀽甯``): re-encoded as GB18030 and decoded as UTF-8,
      accepted only when that succeeds exactly and gives Chinese text.
    """
    if "\ufffd" in v:
        return v, True  # bytes already lost to a replacement character: nothing to invert
    if not _CJK.search(v):
        high = len(_HIGH_LATIN.findall(v))
        if high < 2:
            return v, False
        b = _latin_bytes(v)
        if b is not None:
            try:
                r = b.decode("gb18030")
                # GBK has a few Latin-1 characters of its own (· ×), so some may remain.
                if _CJK.search(r) and 2 * len(_HIGH_LATIN.findall(r)) < high:
                    return r, False
            except UnicodeDecodeError:
                pass
        letters = sum(1 for c in v if c.isalpha())
        return v, high >= 3 and high >= 0.5 * max(letters, 1)
    try:
        r = v.encode("gb18030").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return v, False
    if r != v and len(_CJK.findall(r)) >= 2:
        return r, False
    return v, False


def looks_utf8_as_gbk(values: list[Any]) -> bool:
    """Whether several of ``values`` (a sample of one column) are UTF-8 text decoded as GBK."""
    hits = 0
    for v in values:
        if isinstance(v, str) and _CJK.search(v):
            r, _ = repair_mojibake(v)
            hits += r != v
    return hits >= 2 or (hits == 1 and len(values) <= 3)


def _encoded(a: pa.Array) -> pa.DictionaryArray:
    d = pc.dictionary_encode(a)
    return d.combine_chunks() if isinstance(d, pa.ChunkedArray) else d


def per_value_match(a: pa.Array, pattern: str) -> pa.Array:
    """``match_substring_regex`` run on the distinct values only, expanded (null → False).

    Columns of postings repeat few values (places, pay, education), so matching the
    dictionary is several times cheaper than matching every row.
    """
    d = _encoded(a)
    return pc.fill_null(pc.match_substring_regex(d.dictionary, pattern).take(d.indices), False)


def clean_text_array(a: pa.Array, *, memo: dict[str, tuple[str | None, bool]] | None = None,
                     mojibake: bool = True) -> tuple[pa.Array, pa.Array | None]:
    """Unwrap list literals and repair mojibake in a string array (per distinct value).

    Returns:
        The cleaned array and a boolean array marking unrepairable mojibake (None when there
        is none). The prefilters run on the distinct values, so a clean column costs one
        dictionary encoding and two scans of its dictionary.
    """
    memo = {} if memo is None else memo
    if not mojibake and not pc.any(pc.fill_null(pc.starts_with(a, "["), False)).as_py():
        return a, None  # long free text (descriptions): one cheap scan, no dictionary of unique texts
    d = _encoded(a)
    dic = d.dictionary
    need = pc.fill_null(pc.and_(pc.starts_with(dic, "["), pc.ends_with(dic, "]")), False)
    if mojibake:
        need = pc.or_(need, pc.fill_null(pc.match_substring_regex(dic, LATIN_RUN + "|\ufffd"), False))
        if looks_utf8_as_gbk(dic.slice(0, 50).to_pylist()):
            need = pa.array([True] * len(dic))
    if not pc.any(need).as_py():
        return a, None
    values = dic.to_pylist()
    flags = need.to_pylist()
    fixed: list[str | None] = []
    bad: list[bool] = []
    for v, f in zip(values, flags):
        if not f:
            fixed.append(v)
            bad.append(False)
            continue
        r = memo.get(v)
        if r is None:
            t: str | None = unwrap_list_literal(v)
            broken = False
            if mojibake and t is not None:
                t, broken = repair_mojibake(t)
            r = memo[v] = (t, broken)
        fixed.append(r[0])
        bad.append(r[1])
    out = pa.array(fixed, pa.string()).take(d.indices)
    mask = pc.fill_null(pa.array(bad, pa.bool_()).take(d.indices), False) if any(bad) else None
    return out, mask


# ----------------------------------------------------------------------------- shifted columns
#: What a cell of each typed postings field looks like (on trimmed text). A region has no
#: pattern of its own: it is whatever resolves to a GB/T 2260 place (see :func:`realign_rows`).
FIELD_PATTERNS: dict[str, str] = {
    "salary_raw": r"(?i)\d\s*(?:k|千|万|元|w)|面议|薪|^\d{3,}\s*(?:[-~～至]\s*\d{3,})?$|/(?:月|年|天|日|时|小时)$",
    "posted_raw": r"^\d{4}[-/.年]\d{1,2}|^\d{1,2}[-/月]\d{1,2}日?\s*(?:发布|更新)?$|前$|^(?:今天|昨天|前天|刚刚)|^\d{8}$|^\d{10,13}$",
    "education_raw": r"本科|大专|专科|硕士|博士|中专|中技|高职|中职|职高|技校|高中|初中|学历|研究生|^不限$",
    "experience_raw": r"经验|\d\s*年|应届|在校|无需|^不限$",
    "headcount_raw": r"^招?\s*\d{1,6}\s*[人名位]?$|若干",
}


def realign_rows(rows: list[list[str | None]], fields: list[str], is_place: Any) -> list[list[str | None]]:
    """Re-align rows whose values shifted left over a missing field, by what each value looks like.

    Args:
        rows: For each row, the values of ``fields`` in the file's column order.
        fields: Typed fields in the file's column order (keys of :data:`FIELD_PATTERNS` or
            ``region_raw``).
        is_place: ``str -> bool``: whether a value names a known place.

    Returns:
        The rows with each value moved to the first field at or after its column that it looks
        like; a value that looks like none stays where it was if that field is still free.
    """
    pats = {f: re.compile(p) for f, p in FIELD_PATTERNS.items()}

    def fits(f: str, v: str) -> bool:
        return bool(is_place(v)) if f == "region_raw" else bool(pats[f].search(v)) if f in pats else False

    out = []
    for row in rows:
        new: list[str | None] = [None] * len(fields)
        left: list[tuple[int, str]] = []
        ptr = 0
        for j, v in enumerate(row):
            if v is None:
                continue
            k = next((k for k in range(max(ptr, j), len(fields)) if new[k] is None and fits(fields[k], v)), None)
            if k is None:
                left.append((j, v))
                continue
            new[k] = v
            ptr = k + 1
        for j, v in left:
            if new[j] is None:
                new[j] = v
        out.append(new)
    return out
