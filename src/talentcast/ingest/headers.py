"""The one header resolver of every ingest kind: field → source column by synonyms and ``--map``.

Headers are compared by :func:`header_key` (NFKC, case, spaces, ``_`` and ``-`` ignored), and
a second time without a bracketed unit or note ("月薪(元)", "薪资（元/月）", "学历要求[最低]"), and
for a bilingual header in each language ("Job Title 职位名称"),
so that the same rule serves postings, statistics, graduates, enrollment and programmes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from talentcast.errors import ConfigError

BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_IGNORED = re.compile(r"[\s_\-\u3000]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff][\u3400-\u9fff:：()（）/／|]*")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z .()&/%-]*[A-Za-z)%]")


def language_parts(name: str) -> list[str]:
    """The Chinese and the Latin part of a bilingual header ("Job Title 职位名称" → ["职位名称",
    "Job Title"]); [] for a header in one language."""
    cjk, latin = _CJK_RUN.findall(name), _LATIN_RUN.findall(name)
    return ["".join(cjk), " ".join(latin)] if cjk and latin else []


#: Traditional characters of the usual header and statistics words (Big5 exports, Taiwan or Hong
#: Kong compilations): 職缺名稱 → 职缺名称, 就業人員 → 就业人员, 農、林、牧、漁業 → 农、林、牧、渔业.
#: Only characters with one simplified form.
TRADITIONAL = str.maketrans(
    "職稱資學歷經驗點區業類數據發佈時間條開設專門陸灣號碼單環總計額薪員給與齡獲應屆聯絡縣鄉鎮構劃編農漁礦製電熱氣築運輸倉儲郵飲傳軟術務產賃衛會體娛樂關組織廣險營訊醫療藥濟國採萬實際歲項統報從價長種廠質證檢測養護館機標準費達選認記處續東車鐵鋼銀錄圖書變廳層幣匯貿廢",
    "职称资学历经验点区业类数据发布时间条开设专门陆湾号码单环总计额薪员给与龄获应届联络县乡镇构划编农渔矿制电热气筑运输仓储邮饮传软术务产赁卫会体娱乐关组织广险营讯医疗药济国采万实际岁项统报从价长种厂质证检测养护馆机标准费达选认记处续东车铁钢银录图书变厅层币汇贸废")


def header_key(h: object) -> str:
    """Comparison key of a header: NFKC, simplified characters, lower case, no spaces, ``_`` or ``-``."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", str(h)).translate(TRADITIONAL)).lower()


def header_index(available: Sequence[str]) -> dict[str, str]:
    """Key → column: exact keys first, then keys without bracketed units (first column wins)."""
    by: dict[str, str] = {}
    for c in available:
        by.setdefault(header_key(c), c)
    for c in available:
        by.setdefault(header_key(BRACKETS.sub("", str(c))), c)
    for c in available:
        # A bilingual header ("Job Title 职位名称", "职位名称 Job Title") answers to each language.
        for part in language_parts(BRACKETS.sub("", str(c))):
            by.setdefault(header_key(part), c)
    for c in available:
        # An API's display twin of a field ("degreeString", "jobAreaText", "cityName_display")
        # answers to the field's own name when the file has no column of that name.
        m = _DISPLAY_SUFFIX.search(header_key(c))
        if m and m.start() >= 3:
            by.setdefault(header_key(c)[: m.start()], c)
    return by


_DISPLAY_SUFFIX = re.compile(r"(?:string|str|text|display|label|desc)$")


def find_column(available: Sequence[str], name: str) -> str | None:
    """The column of ``available`` that ``name`` names (exactly, else by :func:`header_key`)."""
    if name in available:
        return name
    return header_index(available).get(header_key(name))


def resolve_columns(
    available: Sequence[str],
    synonyms: Mapping[str, Sequence[str]],
    mapping: Mapping[str, str] | None = None,
    *,
    strict: bool = True,
    where: str = "the file",
) -> dict[str, str]:
    """Choose the source column of each field: ``mapping`` first, then the synonyms in order.

    A column serves one field only; the synonyms of each field are tried most specific first.

    Args:
        available: The file's column names (dotted paths for nested JSON).
        synonyms: Field → header synonyms, most specific first.
        mapping: Field → column overrides (``--map``).
        strict: Raise when a mapped column is missing (``--map``); else skip it (workspace maps).
        where: The file, for messages.

    Returns:
        Field → column name as in ``available``.

    Raises:
        ConfigError: An unknown field, or (strict) a mapped column not in the file.
    """
    by = header_index(available)
    out: dict[str, str] = {}
    for f, col in (mapping or {}).items():
        if f not in synonyms:
            raise ConfigError(f"--map {f}={col}: unknown field {f!r}", hint=f"fields: {', '.join(synonyms)}")
        hit = col if col in available else by.get(header_key(col))
        if hit is None:
            if not strict:
                continue
            raise ConfigError(f"--map {f}={col}: no column {col!r} in {where} (columns: {', '.join(list(available)[:30])})",
                              hint="use the exact header, or a dotted path such as company.name for nested JSON")
        out[f] = hit
    used = set(out.values())
    for f, syns in synonyms.items():
        if f in out:
            continue
        for s in syns:
            hit = by.get(header_key(s))
            if hit is not None and hit not in used:
                out[f] = hit
                used.add(hit)
                break
    return out
