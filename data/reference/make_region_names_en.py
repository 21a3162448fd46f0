"""Fill the empty ``name_en`` cells of ``regions_gbt2260.csv`` with each place's Hanyu Pinyin name.

English exports name cities in Pinyin ("Shenzhen", "Xi'an", "Lianyungang"); the region list
must know those names for a posting's place to resolve. The names are derived from
``short_name`` by pypinyin (its phrase dictionary reads place names: 长春 Changchun, 厦门
Xiamen, 亳州 Bozhou) and written as GB/T 16159 writes a place name: one word, capitalised, an
apostrophe before a syllable that starts with a, o or e (西安 Xi'an). Cells already filled
(typed in: "Inner Mongolia", "Shaanxi", "Luohe") are kept, so the script only adds.

Run from the repository root after adding cities (needs ``pip install pypinyin``)::

    python data/reference/make_region_names_en.py          # rewrite the csv
    python data/reference/make_region_names_en.py --check  # exit 1 if the csv is not up to date
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

CSV = Path(__file__).with_name("regions_gbt2260.csv")


def pinyin_name(name: str) -> str:
    """Hanyu Pinyin place name of ``name`` ("西安" → "Xi'an", "连云港" → "Lianyungang")."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(name, style=Style.NORMAL, errors=lambda chars: list(chars))
    word = syllables[0] + "".join(("'" + s) if s[:1] in "aoe" else s for s in syllables[1:])
    return word[:1].upper() + word[1:]


def filled(text: str) -> str:
    """The csv text with every empty ``name_en`` filled (other cells and the row order as they are)."""
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    en, short = header.index("name_en"), header.index("short_name")
    for row in rows[1:]:
        if row and not row[en].strip():
            row[en] = pinyin_name(row[short])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def main(argv: list[str]) -> int:
    text = CSV.read_text(encoding="utf-8")
    new = filled(text)
    if "--check" in argv:
        return 0 if new == text else 1
    CSV.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
