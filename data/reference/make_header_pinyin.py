"""Write ``header_pinyin.csv``: the Hanyu Pinyin spelling of each Chinese postings header synonym.

Open-data portals and scrapers often name columns in full Pinyin (``gangwei_mingcheng`` for
岗位名称, ``xinzi_daiyu`` for 薪资待遇); the postings reader compares headers without spaces,
``_`` or ``-``, so one lower-case spelling per synonym is enough. The spellings are derived by
pypinyin (its phrase dictionary reads 行业 as hangye, 重庆 as chongqing), not typed in.

Run from the repository root after adding Chinese synonyms (needs ``pip install pypinyin``)::

    python data/reference/make_header_pinyin.py          # rewrite the csv
    python data/reference/make_header_pinyin.py --check  # exit 1 if the csv is not up to date
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

CSV = Path(__file__).with_name("header_pinyin.csv")


def spelling(header: str) -> str:
    """The header's Pinyin, lower case, one word ("岗位名称" → "gangweimingcheng")."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(header, style=Style.NORMAL)).lower()


def table() -> str:
    from talentcast.ingest.postings import CHINESE_SYNONYMS

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["field", "header", "pinyin"])
    seen: set[str] = set()
    for field, headers in CHINESE_SYNONYMS.items():
        for h in headers:
            if not re.fullmatch(r"[\u4e00-\u9fff]+", h):
                continue  # only whole-Chinese names: "岗位(工种)" and mixed names have no one spelling
            p = spelling(h)
            if p in seen:
                continue  # a spelling shared by two fields' synonyms belongs to the first
            seen.add(p)
            w.writerow([field, h, p])
    return out.getvalue()


def main(argv: list[str]) -> int:
    """Rewrite the csv, or with ``--check`` return 1 when it is not what the synonyms give."""
    text = table()
    if "--check" in argv:
        return 0 if CSV.read_text(encoding="utf-8") == text else 1
    CSV.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
