"""Write the blind-2 statistics forms and expected.csv from the repository's real NBS samples.

Run from the repository root: ``python tests/data/ingest/statistics_blind2/make_blind2.py``.
Every figure comes from data/sample/statistics (Henan 2009-2017 by section, national 2000-2022 by
section); only unit conversions, a printed 合计 (sum of the 19 sections) and computed
growth/share columns (which must NOT land) are derived here.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[4]
OUT = Path(__file__).resolve().parent
HENAN_CSV = ROOT / "data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv"
NATIONAL_CSV = ROOT / "data/sample/statistics/nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv"

SECTIONS = list("ABCDEFGHIJKLMNOPQRS")
# GB/T 4754-2011 section names (what 2012+ yearbooks print).
NAMES_2011 = dict(zip(SECTIONS, [
    "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业", "批发和零售业",
    "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业", "金融业", "房地产业",
    "租赁和商务服务业", "科学研究和技术服务业", "水利、环境和公共设施管理业", "居民服务、修理和其他服务业",
    "教育", "卫生和社会工作", "文化、体育和娱乐业", "公共管理、社会保障和社会组织"]))
EMP, WAGE = "employment_10k", "avg_wage_cny_year"
HN, CN = "410000", "100000"

henan: dict[tuple[str, int, str], float] = {}
henan_label: dict[tuple[str, int, str], str] = {}
for r in csv.DictReader(HENAN_CSV.open(encoding="utf-8")):
    m = EMP if r["measure"].startswith("employment") else WAGE
    henan[m, int(r["year"]), r["section"]] = float(r["value"])
    henan_label[m, int(r["year"]), r["section"]] = r["industry_label_src"]
national: dict[tuple[str, int, str], float] = {}
national_label: dict[tuple[str, int, str], str] = {}
for r in csv.DictReader(NATIONAL_CSV.open(encoding="utf-8")):
    m = EMP if r["measure"].startswith("employment") else WAGE
    # new_2010-2021 is the current vintage; old_2000-2020 only fills the years before 2010.
    if r["vintage"] == "new_2010-2021" or int(r["year"]) < 2010:
        national[m, int(r["year"]), r["section"]] = float(r["value"])
        national_label[m, int(r["year"]), r["section"]] = r["industry"]

expected: list[dict] = []


def want(file: str, region: str, code: str, measure: str, year: int, value: float) -> float:
    expected.append({"file": file, "region_code": region, "industry_code": code, "measure": measure,
                     "year": year, "value": value})
    return value


def fmt(v: float) -> str:
    """A figure as the bureau prints it: wages whole yuan, headcounts to 4 decimals of 万人."""
    return str(int(v)) if float(v).is_integer() else f"{v:.4f}".rstrip("0")


def henan_sum(measure: str, year: int) -> float:
    return round(sum(henan[measure, year, s] for s in SECTIONS), 4)


def save(wb: openpyxl.Workbook, name: str) -> None:
    wb.save(OUT / name)


# 1. Two tables stacked in one sheet, each with its own title and unit line.
def f01() -> None:
    name, years = "f01_stacked_blocks.xlsx", range(2013, 2018)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "3-12"
    for title, unit, m in (("表3-12  河南省城镇非私营单位分行业年末就业人员", "单位：万人", EMP),
                           ("表3-13  河南省城镇非私营单位分行业就业人员平均工资", "单位：元", WAGE)):
        ws.append([title])
        ws.append([None, None, None, None, None, unit])
        ws.append(["行    业", *[f"{y}年" for y in years]])
        for s in SECTIONS:
            ws.append([NAMES_2011[s], *[want(name, HN, s, m, y, henan[m, y, s]) for y in years]])
        ws.append([])
        ws.append([])
    save(wb, name)


# 2. Each industry spans two rows (merged label), a 指标 and a 单位 column.
def f02() -> None:
    name, years = "f02_two_rows_per_industry.xlsx", range(2014, 2018)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["河南省城镇非私营单位分行业就业人员和平均工资"])
    ws.append(["行业", "指标", "单位", *years])
    for s in SECTIONS:
        r = ws.max_row + 1
        ws.append([NAMES_2011[s], "年末就业人员", "万人", *[want(name, HN, s, EMP, y, henan[EMP, y, s]) for y in years]])
        ws.append([None, "平均工资", "元", *[want(name, HN, s, WAGE, y, henan[WAGE, y, s]) for y in years]])
        ws.merge_cells(start_row=r, end_row=r + 1, start_column=1, end_column=1)
    save(wb, name)


# 3. Years on the upper header row (merged over two columns), measures on the lower.
def f03() -> None:
    name, years = "f03_years_upper_measures_lower.xlsx", range(2015, 2018)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["河南省城镇非私营单位按行业分就业人员及平均工资"])
    up, low = ["行业"], [None]
    for y in years:
        up += [f"{y}年", None]
        low += ["就业人员(万人)", "平均工资(元)"]
    ws.append(up)
    ws.append(low)
    ws.merge_cells("A2:A3")
    for i, _ in enumerate(years):
        ws.merge_cells(start_row=2, end_row=2, start_column=2 + 2 * i, end_column=3 + 2 * i)
    for s in SECTIONS:
        row = [henan_label[WAGE, 2015, s]]
        for y in years:
            row += [want(name, HN, s, EMP, y, henan[EMP, y, s]), want(name, HN, s, WAGE, y, henan[WAGE, y, s])]
        ws.append(row)
    save(wb, name)


# 4. 全国 and 河南 side by side per year (两列一年); Henan's total is not published here: '…'.
def f04() -> None:
    name, years = "f04_national_henan_side_by_side.xlsx", range(2014, 2018)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["城镇非私营单位分行业就业人员（全国与河南）", None, None, None, None, None, None, "单位：万人"])
    up, low = ["行业"], [None]
    for y in years:
        up += [y, None]
        low += ["全国", "河南"]
    ws.append(up)
    ws.append(low)
    for i, _ in enumerate(years):
        ws.merge_cells(start_row=2, end_row=2, start_column=2 + 2 * i, end_column=3 + 2 * i)
    row = ["合计"]
    for y in years:
        row += [want(name, CN, "TOTAL", EMP, y, national[EMP, y, "TOTAL"]), "…"]
    ws.append(row)
    for s in SECTIONS:
        row = [NAMES_2011[s]]
        for y in years:
            row += [want(name, CN, s, EMP, y, national[EMP, y, s]), want(name, HN, s, EMP, y, henan[EMP, y, s])]
        ws.append(row)
    save(wb, name)


def _api(name: str, dbcode: str, measure: str, unit: str, years: range, regions: dict[str, str],
         source: dict, blank: tuple[str, int] | None = None) -> None:
    """A data.stats.gov.cn easyquery download (returndata/datanodes/wdnodes). The zb codes follow
    the site's pattern but are illustrative; the figures are the real ones."""
    what = "城镇单位就业人员平均工资" if measure == WAGE else "城镇非私营单位就业人员"
    zb = [("TOTAL", what)] if ("TOTAL" in {k[2] for k in source if k[0] == measure}) and dbcode == "hgnd" else []
    zb += [(s, f"{NAMES_2011[s]}{what}") for s in SECTIONS]
    zcode = {s: f"A0405{i:02d}" if measure == WAGE else f"A0403{i:02d}" for i, (s, _) in enumerate(zb, 1)}
    nodes = []
    for s, _ in zb:
        for reg in regions:
            for y in years:
                v = source.get((measure, y, s))
                has = v is not None and (s, y) != blank
                wds = [{"valuecode": zcode[s], "wdcode": "zb"}]
                if dbcode == "fsnd":
                    wds.append({"valuecode": reg, "wdcode": "reg"})
                wds.append({"valuecode": str(y), "wdcode": "sj"})
                code = f"zb.{zcode[s]}" + (f"_reg.{reg}" if dbcode == "fsnd" else "") + f"_sj.{y}"
                dec = 0 if measure == WAGE else 2
                nodes.append({"code": code, "data": {
                    "data": v if has else 0, "dotcount": dec, "hasdata": has,
                    "strdata": (f"{v:.0f}" if measure == WAGE else f"{v:.4f}") if has else ""}, "wds": wds})
                if has:
                    want(name, {"000000": CN}.get(reg, reg), s, measure, y, v)
    wd = [{"nodes": [{"cname": c, "code": zcode[s], "dotcount": 0, "exp": "", "ifshowcode": False, "memo": "",
                      "name": c, "nodesort": "1", "sortcode": i, "tag": "", "unit": unit}
                     for i, (s, c) in enumerate(zb, 1)], "wdcode": "zb", "wdname": "指标"}]
    if dbcode == "fsnd":
        wd.append({"nodes": [{"cname": n, "code": c, "dotcount": 0, "exp": "", "ifshowcode": False, "memo": "",
                              "name": n, "nodesort": "1", "sortcode": 1, "tag": "", "unit": ""}
                             for c, n in regions.items()], "wdcode": "reg", "wdname": "地区"})
    wd.append({"nodes": [{"cname": f"{y}年", "code": str(y), "dotcount": 4, "exp": "", "ifshowcode": False,
                          "memo": "", "name": f"{y}年", "nodesort": "1", "sortcode": 1, "tag": "", "unit": ""}
                         for y in years], "wdcode": "sj", "wdname": "时间"})
    doc = {"returncode": 200, "returndata": {"datanodes": nodes, "freshsort": 0, "hasdatacount": 0,
                                             "wdnodes": wd}}
    (OUT / name).write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# 5. data.stats.gov.cn 年度数据 (hgnd): national average wage by section 2016-2020, with the total.
def f05() -> None:
    _api("f05_stats_gov_api_national.json", "hgnd", WAGE, "元", range(2016, 2021), {"000000": "全国"}, national)


# 6. data.stats.gov.cn 分省年度数据 (fsnd): Henan employment, one node without data.
def f06() -> None:
    _api("f06_stats_gov_api_henan.json", "fsnd", EMP, "万人", range(2015, 2018), {HN: "河南省"}, henan,
         blank=("O", 2016))


# 7. A plain JSON records file (Henan 2009-2011, 2002 edition names as printed then).
def f07() -> None:
    name, recs = "f07_records.json", []
    for y in range(2009, 2012):
        for m, ind, unit in ((EMP, "城镇非私营单位就业人员", "万人"), (WAGE, "城镇非私营单位就业人员平均工资", "元")):
            for s in SECTIONS:
                recs.append({"地区": "河南省", "年份": y, "行业": henan_label[WAGE, y, s], "指标": ind, "单位": unit,
                             "数值": want(name, HN, s, m, y, henan[m, y, s])})
    (OUT / name).write_text(json.dumps(recs, ensure_ascii=False, indent=1), encoding="utf-8")


# 8. Semicolon csv, headcounts in persons (人), total first.
def f08() -> None:
    name, years = "f08_semicolon_persons.csv", range(2018, 2022)
    lines = ["全国城镇非私营单位分行业就业人员;;;;", "单位：人;;;;", "行业;" + ";".join(map(str, years))]
    for s in ["TOTAL", *SECTIONS]:
        label = "合计" if s == "TOTAL" else NAMES_2011[s]
        vals = [round(want(name, CN, s, EMP, y, national[EMP, y, s]) * 10000) for y in years]
        lines.append(label + ";" + ";".join(str(v) for v in vals))
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


# 9. Comma csv, thousands separated by spaces, a computed growth column that must not land.
def f09() -> None:
    name, years = "f09_space_thousands.csv", range(2010, 2014)
    rows = [["全国城镇非私营单位分行业就业人员平均工资（元）"], ["行业", *[f"{y}年" for y in years], "2013年比2010年增长(%)"]]
    for s in ["TOTAL", *SECTIONS]:
        label = "总计" if s == "TOTAL" else NAMES_2011[s]
        vals = [want(name, CN, s, WAGE, y, national[WAGE, y, s]) for y in years]
        rows.append([label, *[f"{int(v):,}".replace(",", " ") for v in vals], f"{(vals[-1] / vals[0] - 1) * 100:.1f}"])
    with (OUT / name).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


# 10. Old vintage (2002 names), wages as text with full-width thousands commas; '—' where none.
def f10() -> None:
    name, years = "f10_fullwidth_commas.xlsx", range(2003, 2010)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["全国城镇单位分行业就业人员平均工资"])
    ws.append(["单位：元"])
    ws.append(["行业", *[str(y) for y in years]])
    for s in ["TOTAL", *SECTIONS]:
        lab = next((national_label[WAGE, y, s] for y in years if (WAGE, y, s) in national_label), None)
        if lab is None:
            continue
        cells = []
        for y in years:
            v = national.get((WAGE, y, s))
            cells.append("—" if v is None else f"{int(want(name, CN, s, WAGE, y, v)):,}".replace(",", "，"))
        ws.append(["合计" if s == "TOTAL" else lab, *cells])
    save(wb, name)


# 11. Numbers stored as text with trailing spaces; '…', '-', '—' where the figure is not given.
def f11() -> None:
    name, years = "f11_text_numbers_missing.xlsx", range(2009, 2018)
    gaps = {("B", 2010): "…", ("H", 2012): "-", ("O", 2015): "—", ("R", 2017): "…"}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["河南省城镇非私营单位分行业就业人员（万人）"])
    ws.append(["项目", *[f"{y}年 " for y in years]])
    for s in SECTIONS:
        cells = [gaps[s, y] if (s, y) in gaps else fmt(want(name, HN, s, EMP, y, henan[EMP, y, s])) + "  "
                 for y in years]
        ws.append([henan_label[WAGE, 2017, s] + " ", *cells])
    save(wb, name)


# 12. A 全省合计 row at the bottom (the printed sum of the 19 sections).
def f12() -> None:
    name, years = "f12_total_bottom_quansheng.xlsx", range(2015, 2018)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["各行业城镇非私营单位就业人员（河南省）"])
    ws.append(["行业", *[f"{y}年" for y in years]])
    ws.append([None, *["万人"] * len(years)])
    for s in SECTIONS:
        ws.append([NAMES_2011[s], *[want(name, HN, s, EMP, y, henan[EMP, y, s]) for y in years]])
    ws.append(["全省合计", *[want(name, HN, "TOTAL", EMP, y, henan_sum(EMP, y)) for y in years]])
    save(wb, name)


# 13. National wages csv with 总计 at the bottom and a note line.
def f13() -> None:
    name, years = "f13_total_bottom_zongji.csv", range(2017, 2022)
    rows = [["全国城镇非私营单位就业人员平均工资", "", "", "", "", ""], ["行业", *years]]
    for s in [*SECTIONS, "TOTAL"]:
        rows.append(["总计" if s == "TOTAL" else NAMES_2011[s],
                     *[fmt(want(name, CN, s, WAGE, y, national[WAGE, y, s])) for y in years]])
    rows.append(["注：单位为元；数据来源：国家统计局。", "", "", "", "", ""])
    with (OUT / name).open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


# 14. Header on row 6 under a logo/blank block and a yearbook title that names another year.
def f14() -> None:
    name, years = "f14_header_row6.xlsx", range(2012, 2015)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([])
    ws.append([None, None, "河南省统计局"])
    ws.append(["河南统计年鉴2015 · 城镇非私营单位分行业就业人员平均工资"])
    ws.append([None, None, None, "单位：元"])
    ws.append([])
    ws.append(["行业", *years])
    for s in SECTIONS:
        ws.append([NAMES_2011[s], *[want(name, HN, s, WAGE, y, henan[WAGE, y, s]) for y in years]])
    save(wb, name)


# 15. 'YYYY年' columns descending with a gap year (2014 left out).
def f15() -> None:
    name, years = "f15_years_desc_gap.xlsx", [2017, 2016, 2015, 2013, 2012]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["河南省城镇非私营单位平均工资（元）"])
    ws.append(["行业", *[f"{y}年" for y in years]])
    for s in SECTIONS:
        ws.append([NAMES_2011[s], *[want(name, HN, s, WAGE, y, henan[WAGE, y, s]) for y in years]])
    save(wb, name)


# 16. Unit in its own row under each year: (万人).
def f16() -> None:
    name, years = "f16_unit_row_under_header.xlsx", range(2010, 2014)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["河南省分行业城镇非私营单位就业人员"])
    ws.append(["行业", *[f"{y}年" for y in years]])
    ws.append([None, *["(万人)"] * len(years)])
    for s in SECTIONS:
        ws.append([henan_label[EMP, 2010, s], *[want(name, HN, s, EMP, y, henan[EMP, y, s]) for y in years]])
    save(wb, name)


# 17. Places as rows for one industry (制造业), one sheet per measure.
def f17() -> None:
    name, years = "f17_places_as_rows.xlsx", range(2012, 2018)
    wb = openpyxl.Workbook()
    for i, (m, title, unit) in enumerate(((EMP, "制造业城镇非私营单位就业人员", "万人"),
                                          (WAGE, "制造业城镇非私营单位就业人员平均工资", "元"))):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = "就业人员" if m == EMP else "平均工资"
        ws.append([f"{title}（{unit}）"])
        ws.append(["地区", *years])
        ws.append(["全国", *[want(name, CN, "C", m, y, national[m, y, "C"]) for y in years]])
        ws.append(["河南", *[want(name, HN, "C", m, y, henan[m, y, "C"]) for y in years]])
    save(wb, name)


# 18. Level columns beside computed growth and share columns that must not land.
def f18() -> None:
    name = "f18_growth_share_columns.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2017年河南省城镇非私营单位分行业就业人员"])
    ws.append(["行业", "2016年(万人)", "2017年(万人)", "比上年增长(%)", "占全部就业人员比重(%)"])
    tot = henan_sum(EMP, 2017)
    for s in SECTIONS:
        a = want(name, HN, s, EMP, 2016, henan[EMP, 2016, s])
        b = want(name, HN, s, EMP, 2017, henan[EMP, 2017, s])
        ws.append([NAMES_2011[s], a, b, round((b / a - 1) * 100, 1), round(b / tot * 100, 2)])
    save(wb, name)


# 19. GBK csv from a colleague that never names the place (the test passes region="河南").
def f19() -> None:
    name, years = "f19_no_place_gbk.csv", range(2015, 2018)
    rows = [["城镇非私营单位就业人员平均工资（元）"], ["行业", *[f"{y}年" for y in years]]]
    for s in SECTIONS:
        rows.append([NAMES_2011[s], *[fmt(want(name, HN, s, WAGE, y, henan[WAGE, y, s])) for y in years]])
    with (OUT / name).open("w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows(rows)


if __name__ == "__main__":
    for f in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19):
        f()
    with (OUT / "expected.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "region_code", "industry_code", "measure", "year", "value"])
        w.writeheader()
        w.writerows(expected)
    print(len(expected), "figures in", len({e["file"] for e in expected}), "files")
