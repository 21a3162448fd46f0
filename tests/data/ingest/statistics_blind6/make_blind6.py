"""Regenerate the blind-6 statistics fixtures and their answer key.

Every figure comes from the repository's real samples:

* ``data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv`` (Henan, 万人 / 元)
* ``data/sample/statistics/nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv``

The only derivations are exact unit conversions (万人→人/千人, 元→万元/千元), a printed sum
of the sections as 合计, and columns that must not land (growth %, indices, shares, ranks,
ratios). Run from the repository root::

    python tests/data/ingest/statistics_blind6/make_blind6.py
"""

from __future__ import annotations

import csv
import html
import json
import random
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SAMPLES = ROOT / "data" / "sample" / "statistics"
HENAN = SAMPLES / "nbs_provincial" / "henan_by_section_2009-2017.csv"
NATIONAL = SAMPLES / "nbs_national" / "tidy_china_national_urban_units_by_section_2000-2022.csv"

RNG = random.Random(20261205)
SECTIONS = list("ABCDEFGHIJKLMNOPQRS")
EMP, WAGE = "employment_10k", "avg_wage_cny_year"
HN, CN = "410000", "100000"

# GB/T 4754-2002 names (used by yearbooks through the 2012 edition) and 2011 names.
NAMES_2002 = {
    "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业",
    "D": "电力、燃气及水的生产和供应业", "E": "建筑业", "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业", "I": "信息传输、计算机服务和软件业",
    "J": "金融业", "K": "房地产业", "L": "租赁和商务服务业",
    "M": "科学研究、技术服务和地质勘查业", "N": "水利、环境和公共设施管理业",
    "O": "居民服务和其他服务业", "P": "教育", "Q": "卫生、社会保障和社会福利业",
    "R": "文化、体育和娱乐业", "S": "公共管理和社会组织",
}
NAMES_2011 = dict(NAMES_2002)
NAMES_2011.update({
    "D": "电力、热力、燃气及水生产和供应业", "I": "信息传输、软件和信息技术服务业",
    "M": "科学研究和技术服务业", "O": "居民服务、修理和其他服务业", "Q": "卫生和社会工作",
    "S": "公共管理、社会保障和社会组织",
})
# CEIC-style English names of the 2011 sections.
NAMES_EN = {
    "A": "Agriculture, Forestry, Animal Husbandry & Fishery", "B": "Mining",
    "C": "Manufacturing", "D": "Electricity, Heat, Gas & Water Production & Supply",
    "E": "Construction", "F": "Wholesale & Retail Trade",
    "G": "Transport, Storage & Post", "H": "Accommodation & Catering",
    "I": "Information Transmission, Software & IT Services", "J": "Financial Intermediation",
}


def _dec(raw: str, places: int) -> Decimal:
    """The printed figure: the sample's float rounded to what the source printed."""
    return Decimal(str(round(float(raw), places))).normalize()


def _load() -> dict[tuple[str, str, str, int], Decimal]:
    data: dict[tuple[str, str, str, int], Decimal] = {}
    with HENAN.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            m = EMP if r["measure"].startswith("employment") else WAGE
            data[(HN, r["section"], m, int(r["year"]))] = _dec(r["value"], 4 if m == EMP else 0)
    with NATIONAL.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            m = EMP if r["measure"].startswith("employment") else WAGE
            data[(CN, r["section"], m, int(r["year"]))] = _dec(r["value"], 4 if m == EMP else 0)
    return data


D = _load()
KEY: list[dict] = []
README_ROWS: list[tuple[str, str, str]] = []


def fig(region: str, sec: str, measure: str, year: int) -> Decimal:
    return D[(region, sec, measure, year)]


def total(region: str, measure: str, year: int) -> Decimal:
    """Henan has no printed total: the 合计 row is the exact sum of the 19 sections."""
    if (region, "TOTAL", measure, year) in D:
        return D[(region, "TOTAL", measure, year)]
    assert measure == EMP, "a total wage is not a sum"
    return sum((fig(region, s, measure, year) for s in SECTIONS), Decimal(0))


def key(file: str, region: str, sec: str, measure: str, year: int, value: Decimal) -> None:
    KEY.append({"file": file, "region_code": region, "industry_code": sec,
                "scope": "urban_units", "measure": measure, "year": year,
                "value": format(value.normalize(), "f")})


def s(x: Decimal) -> str:
    return format(x.normalize(), "f")


def persons(x: Decimal) -> str:
    v = x * 10000
    assert v == v.to_integral_value(), x
    return str(int(v))


def growth(a: Decimal, b: Decimal) -> str:
    """Growth (%) of b over a, one decimal: a column that must not land."""
    return f"{(float(b) / float(a) - 1) * 100:.1f}"


def readme(name: str, what: str, source: str) -> None:
    README_ROWS.append((name, what, source))


SRC_HN = "NBS provincial annual data for Henan (河南省统计局 / 国家统计局 public statistics), via data/sample/statistics/nbs_provincial"
SRC_CN = "NBS national annual data (国家统计局 public statistics, 中国统计年鉴), via data/sample/statistics/nbs_national"


def write_csv(name: str, rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> None:
    with (HERE / name).open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\r\n").writerows(rows)


# --------------------------------------------------------------------------- 01
def f01() -> None:
    """河南统计年鉴 table: 指标 × years, 合计 first, growth column, notes, source line."""
    name = "01_河南统计年鉴2018_4-6分行业城镇单位就业人员.csv"
    years = [2013, 2014, 2015, 2016, 2017]
    rows: list[list] = [["4-6  分行业城镇单位就业人员（年末数）", "", "", "", "", "", ""],
                        ["", "", "", "", "", "", "单位：万人"],
                        ["指    标", *[str(y) for y in years], "2017年比2016年增长（%）"]]
    t = [total(HN, EMP, y) for y in years]
    rows.append(["合    计", *[s(v) for v in t], growth(t[-2], t[-1])])
    for y, v in zip(years, t):
        key(name, HN, "TOTAL", EMP, y, v)
    for sec in SECTIONS:
        vals = [fig(HN, sec, EMP, y) for y in years]
        rows.append(["  " + NAMES_2011[sec], *[s(v) for v in vals], growth(vals[-2], vals[-1])])
        for y, v in zip(years, vals):
            key(name, HN, sec, EMP, y, v)
    rows += [["注：本表为城镇非私营单位数据，不含私营单位和个体劳动者。"],
             ["资料来源：河南省统计局、国家统计局河南调查总队。"]]
    with (HERE / name).open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    readme(name, "yearbook table (title, 单位 at the right, 合计 = printed sum, growth column, 注/资料来源), UTF-8 BOM", SRC_HN)


# --------------------------------------------------------------------------- 02
def f02() -> None:
    """Henan bureau web page saved as .xls (HTML, GBK), rowspan/colspan header, rank column."""
    name = "02_2017年河南省城镇非私营单位分行业平均工资.xls"
    years = [2015, 2016, 2017]
    r = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
         "<title>河南省统计局</title></head><body>",
         '<p align="center"><b>河南省城镇非私营单位分行业就业人员平均工资</b></p>',
         '<table border="1" cellspacing="0">',
         '<tr><td rowspan="2">行&nbsp;&nbsp;业</td><td colspan="3">平均工资（元）</td>'
         '<td rowspan="2">2017年位次</td></tr>',
         "<tr>" + "".join(f"<td>{y}年</td>" for y in years) + "</tr>"]
    v17 = sorted(SECTIONS, key=lambda q: -fig(HN, q, WAGE, 2017))
    for sec in SECTIONS:
        vals = [fig(HN, sec, WAGE, y) for y in years]
        r.append("<tr><td>" + html.escape(NAMES_2011[sec]) + "</td>"
                 + "".join(f'<td align="right">{s(v)}</td>' for v in vals)
                 + f"<td>{v17.index(sec) + 1}</td></tr>")
        for y, v in zip(years, vals):
            key(name, HN, sec, WAGE, y, v)
    r += ["</table>", "<p>注：位次按2017年平均工资由高到低排列。</p>", "</body></html>"]
    (HERE / name).write_bytes("\r\n".join(r).encode("gbk"))
    readme(name, "bureau web table saved as .xls (HTML in GBK, rowspan/colspan header, rank column)", SRC_HN)


# --------------------------------------------------------------------------- 03
def f03() -> None:
    """data.stats.gov.cn export (GBK): 指标 rows × 年 columns, index row, footer."""
    name = "03_年度数据_按行业分城镇单位就业人员平均工资.csv"
    years = list(range(2021, 2013, -1))
    rows: list[list] = [["数据库：年度数据"], ["时间：最近10年"],
                        ["指标", *[f"{y}年" for y in years]]]
    tw = [total(CN, WAGE, y) for y in years]
    rows.append(["城镇单位就业人员平均工资(元)", *[s(v) for v in tw]])
    for y, v in zip(years, tw):
        key(name, CN, "TOTAL", WAGE, y, v)
    idx = []
    for y in years:
        prev = D.get((CN, "TOTAL", WAGE, y - 1))
        idx.append(f"{float(total(CN, WAGE, y)) / float(prev) * 100:.1f}" if prev else "")
    rows.append(["城镇单位就业人员平均工资指数(上年=100)", *idx])
    for sec in SECTIONS:
        vals = [fig(CN, sec, WAGE, y) for y in years]
        rows.append([f"{NAMES_2011[sec]}城镇单位就业人员平均工资(元)", *[s(v) for v in vals]])
        for y, v in zip(years, vals):
            key(name, CN, sec, WAGE, y, v)
    rows += [["注：城镇单位指城镇非私营单位。"],
             ["数据来源：国家统计局"]]
    write_csv(name, rows, encoding="gbk")
    readme(name, "data.stats.gov.cn 年度数据 export in GBK, 指标 rows × 年 columns, index row, 数据来源 footer", SRC_CN)


# --------------------------------------------------------------------------- 04
def f04() -> None:
    """A colleague's workbook: 说明 sheet, merged titles, sections by code only, blanks."""
    name = "04_河南人员工资整理_张工.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    ws["A1"] = "河南省分行业就业和工资数据（整理：张工，2018年11月）"
    ws["A2"] = "来源：河南统计年鉴、国家统计局分省年度数据。黄色格子为尚未核对、暂不填写。"
    ws["A3"] = "行业按国民经济行业分类（GB/T 4754-2011）门类代码。"
    yellow = PatternFill("solid", fgColor="FFFF00")
    years = [2014, 2015, 2016, 2017]
    blanks = {("就业人员", "K", 2014), ("就业人员", "R", 2016), ("平均工资", "H", 2015)}
    for title, measure, unit in (("就业人员", EMP, "万人"), ("平均工资", WAGE, "元")):
        sh = wb.create_sheet(title)
        heading = ("河南省城镇单位就业人员（万人）" if measure == EMP
                   else "河南省城镇单位就业人员平均工资（元）")
        sh["A1"] = heading
        sh.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(years) + 1)
        sh["A1"].font = Font(bold=True, size=14)
        sh["A1"].alignment = Alignment(horizontal="center")
        sh.append([])
        sh.append(["门类", *[f"{y}年" for y in years]])
        for sec in SECTIONS:
            row = [sec]
            for y in years:
                if (title, sec, y) in blanks:
                    row.append("…" if measure == EMP else "—")
                else:
                    v = fig(HN, sec, measure, y)
                    row.append(float(v) if measure == EMP else int(v))
                    key(name, HN, sec, measure, y, v)
            sh.append(row)
            for (t, q, y) in blanks:
                if t == title and q == sec:
                    sh.cell(row=sh.max_row, column=years.index(y) + 2).fill = yellow
        sh.append([])
        sh.append([f"单位：{unit}"])
    wb.save(HERE / name)
    readme(name, "hand-made workbook: 说明 sheet, merged title, sections by code only, yellow …/— blanks, unit under the table", SRC_HN)


# --------------------------------------------------------------------------- 05
def f05() -> None:
    """Transposed: years as rows ("2009年"), sections (2002 names) as columns, unit top-right."""
    name = "05_henan_wage_transposed_2009-2013.xlsx"
    years = [2009, 2010, 2011, 2012, 2013]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["河南省城镇单位分行业就业人员平均工资"])
    ws.append([""] * len(SECTIONS) + ["单位：元"])
    ws.append(["年份", *[NAMES_2002[q] for q in SECTIONS]])
    for y in years:
        vals = [fig(HN, q, WAGE, y) for q in SECTIONS]
        ws.append([f"{y}年", *[int(v) for v in vals]])
        for q, v in zip(SECTIONS, vals):
            key(name, HN, q, WAGE, y, v)
    wb.save(HERE / name)
    readme(name, "transposed (years as rows, 2002 section names as columns), 单位：元 in the top-right cell", SRC_HN)


# --------------------------------------------------------------------------- 06
def f06() -> None:
    """Text copied from a PDF: irregular spaces, thousands separators, persons, a wrapped name."""
    name = "06_河南2012年分行业城镇单位就业人员_PDF复制.txt"
    y = 2012
    lines = ["河南省 2012 年分行业城镇单位就业人员年末人数", "", "                                              单位：人",
             "行    业                          年末人数        比上年增长(%)     占合计比重(%)"]
    tot = total(HN, EMP, y)
    pad = lambda t, n: t + " " * max(1, n - len(t) * 2)  # noqa: E731  CJK is two columns wide
    lines.append(pad("合    计", 34) + f"{int(tot * 10000):,}".rjust(12)
                 + growth(total(HN, EMP, y - 1), tot).rjust(14) + "100.0".rjust(16))
    key(name, HN, "TOTAL", EMP, y, tot)
    for q in SECTIONS:
        v = fig(HN, q, EMP, y)
        share = f"{float(v) / float(tot) * 100:.1f}"
        num = f"{int(v * 10000):,}".rjust(RNG.randint(10, 14))
        gr = growth(fig(HN, q, EMP, y - 1), v).rjust(RNG.randint(12, 16))
        if q == "M":  # the PDF column is too narrow: the name wraps onto the next line
            lines.append("科学研究、技术服务和地质")
            lines.append(pad("勘查业", 34) + num + gr + share.rjust(16))
        else:
            lines.append(pad(NAMES_2002[q], 34) + num + gr + share.rjust(16))
        key(name, HN, q, EMP, y, v)
    lines += ["", "注：城镇单位指城镇非私营单位。"]
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    readme(name, "text copied from a PDF yearbook: column alignment by spaces, 1,234,567 persons, a wrapped name, growth and share columns", SRC_HN)


# --------------------------------------------------------------------------- 07
def f07() -> None:
    """One year, two regions side by side (全国 | 河南), ratio column, year in the title."""
    name = "07_2015年全国与河南分行业平均工资对比.xlsx"
    y = 2015
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "对比"
    ws.append([f"{y}年全国与河南省城镇单位分行业就业人员平均工资"])
    ws.append(["行业", "全国（元）", "河南（元）", "河南为全国的%"])
    cn_t = total(CN, WAGE, y)
    ws.append(["合计", int(cn_t), "…", ""])
    key(name, CN, "TOTAL", WAGE, y, cn_t)
    for q in SECTIONS:
        a, b = fig(CN, q, WAGE, y), fig(HN, q, WAGE, y)
        ws.append([NAMES_2011[q], int(a), int(b), round(float(b) / float(a) * 100, 1)])
        key(name, CN, q, WAGE, y, a)
        key(name, HN, q, WAGE, y, b)
    ws.append(["资料来源：国家统计局，河南省统计局。"])
    wb.save(HERE / name)
    readme(name, "one year, 全国 and 河南 as value columns, ratio column, Henan total shown as …", f"{SRC_CN}; {SRC_HN}")


# --------------------------------------------------------------------------- 08
def f08() -> None:
    """TSV, years as rows, section codes A..S and 合计 as columns, title line on top."""
    name = "08_全国城镇单位就业人员_按门类代码.tsv"
    years = [2015, 2016, 2017, 2018, 2019, 2021]
    rows: list[list] = [["全国城镇单位分行业就业人员（万人）"], ["年份", "合计", *SECTIONS]]
    for y in years:
        vals = [total(CN, EMP, y)] + [fig(CN, q, EMP, y) for q in SECTIONS]
        rows.append([str(y), *[s(v) for v in vals]])
        for q, v in zip(["TOTAL", *SECTIONS], vals):
            key(name, CN, q, EMP, y, v)
    write_csv(name, rows, delimiter="\t")
    readme(name, "TSV, title line, years as rows, section letters and 合计 as columns", SRC_CN)


# --------------------------------------------------------------------------- 09
FW = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def f09() -> None:
    """Long table typed by hand: full-width digits, trailing spaces, 1,234 text numbers."""
    name = "09_河南平均工资_手工录入.csv"
    rows: list[list] = [["地区", "行业", "年份", "指标", "数值"]]
    for y in (2010, 2011):
        for i, q in enumerate(SECTIONS):
            v = fig(HN, q, WAGE, y)
            txt = f"{int(v):,}" if i % 3 == 0 else str(int(v))
            if i % 2 == 1:
                txt = txt.translate(FW)
            rows.append(["河南省 ", NAMES_2002[q] + ("  " if i % 4 == 0 else ""),
                         f"{y}年" if i % 2 else str(y), "城镇单位就业人员平均工资（元）", txt])
            key(name, HN, q, WAGE, y, v)
    write_csv(name, rows)
    readme(name, "long table typed by hand: full-width digits, thousands separators, trailing spaces, 2010 / 2010年", SRC_HN)


# --------------------------------------------------------------------------- 10
def f10() -> None:
    """JSON records with Chinese keys, values in persons."""
    name = "10_henan_employment_records.json"
    recs = []
    for y in (2013, 2014):
        for q in SECTIONS:
            v = fig(HN, q, EMP, y)
            recs.append({"地区": "河南省", "行业名称": NAMES_2011[q], "指标名称": "城镇单位就业人员",
                         "年份": y, "数值": int(persons(v)), "计量单位": "人"})
            key(name, HN, q, EMP, y, v)
    (HERE / name).write_text(json.dumps(recs, ensure_ascii=False, indent=1), encoding="utf-8")
    readme(name, "JSON array of records with Chinese keys, values in 人", SRC_HN)


# --------------------------------------------------------------------------- 11
def f11() -> None:
    """CEIC-style English export: series in columns, metadata rows, dates as 12/2015, 千人."""
    name = "11_CEIC_China_Employment_Urban_Units.xlsx"
    secs = list(NAMES_EN)
    years = [2015, 2016, 2017, 2018]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "My Series"
    ws.append(["", *[f"CN: No of Employee: Urban Units: {NAMES_EN[q]}" for q in secs]])
    ws.append(["Region", *["China"] * len(secs)])
    ws.append(["Frequency", *["Annual"] * len(secs)])
    ws.append(["Unit", *["Person th"] * len(secs)])
    ws.append(["Source", *["National Bureau of Statistics"] * len(secs)])
    ws.append(["Series ID", *[str(366000000 + 11 * i) for i in range(len(secs))]])
    for y in years:
        vals = [fig(CN, q, EMP, y) for q in secs]
        ws.append([f"12/{y}", *[float(v * 10) for v in vals]])
        for q, v in zip(secs, vals):
            key(name, CN, q, EMP, y, v)
    wb.save(HERE / name)
    readme(name, "CEIC-style English export: series as columns, Region/Frequency/Unit (Person th) rows, dates 12/YYYY", SRC_CN)


# --------------------------------------------------------------------------- 12
def f12() -> None:
    """One sheet, two stacked tables (employment, then wage), each with its own title."""
    name = "12_河南省分行业就业和工资_2016-2017.xlsx"
    years = [2016, 2017]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    for n, (title, m) in enumerate((("表1  河南省分行业城镇单位就业人员（万人）", EMP),
                                    ("表2  河南省分行业城镇单位就业人员平均工资（元）", WAGE))):
        if n:
            ws.append([])
            ws.append([])
        ws.append([title])
        ws.append(["行业", *[f"{y}年" for y in years]])
        for q in SECTIONS:
            vals = [fig(HN, q, m, y) for y in years]
            ws.append([NAMES_2011[q], *[float(v) if m == EMP else int(v) for v in vals]])
            for y, v in zip(years, vals):
                key(name, HN, q, m, y, v)
    wb.save(HERE / name)
    readme(name, "one sheet with two stacked tables (employment block, blank rows, wage block), each titled with its unit", SRC_HN)


# --------------------------------------------------------------------------- 13
def f13() -> None:
    """中国统计年鉴 layout: two-row header, 平均工资 block and 指数 block, 2002 names."""
    name = "13_中国统计年鉴2010_按行业分城镇单位就业人员平均工资.xlsx"
    wy, iy = [2005, 2007, 2008, 2009], [2008, 2009]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "4-13"
    ws.append(["4-13  按行业分城镇单位就业人员平均工资"])
    ws.append(["", "", "", "", "", "", "单位：元"])
    ws.append(["行    业", "平均工资", "", "", "", "平均工资指数（上年=100）", ""])
    ws.merge_cells("B3:E3")
    ws.merge_cells("F3:G3")
    ws.append(["", *[str(y) for y in wy], *[str(y) for y in iy]])
    for q in ["TOTAL", *SECTIONS]:
        vals = [total(CN, WAGE, y) if q == "TOTAL" else fig(CN, q, WAGE, y) for y in wy]
        idx = []
        for y in iy:
            a = total(CN, WAGE, y - 1) if q == "TOTAL" else fig(CN, q, WAGE, y - 1)
            b = total(CN, WAGE, y) if q == "TOTAL" else fig(CN, q, WAGE, y)
            idx.append(round(float(b) / float(a) * 100, 1))
        ws.append(["总    计" if q == "TOTAL" else NAMES_2002[q], *[int(v) for v in vals], *idx])
        for y, v in zip(wy, vals):
            key(name, CN, q, WAGE, y, v)
    ws.append(["注：平均工资指数为名义工资指数。"])
    wb.save(HERE / name)
    readme(name, "中国统计年鉴 layout: merged two-row header (平均工资 | 平均工资指数 over years), 总计, 2002 names", SRC_CN)


# --------------------------------------------------------------------------- 14
def f14() -> None:
    """Long table with 口径, 计量单位 = 人, 统计年度, 2002 names and 合计 as an industry."""
    name = "14_全国城镇单位就业人员_长表_人.csv"
    rows: list[list] = [["统计年度", "地区", "口径", "行业", "指标", "计量单位", "数值"]]
    for y in (2006, 2007, 2008, 2009):
        for q in ["TOTAL", *SECTIONS]:
            v = total(CN, EMP, y) if q == "TOTAL" else fig(CN, q, EMP, y)
            rows.append([str(y), "全国", "城镇单位", "合计" if q == "TOTAL" else NAMES_2002[q],
                         "年末就业人员", "人", persons(v)])
            key(name, CN, q, EMP, y, v)
    write_csv(name, rows)
    readme(name, "long table: 统计年度, 口径 column (城镇单位), 指标 年末就业人员, 计量单位 人, 2002 names, 合计 as an industry", SRC_CN)


# --------------------------------------------------------------------------- 15
def f15() -> None:
    """Wage in 万元 with four decimals, every number stored as text, unit in the title."""
    name = "15_河南平均工资_万元_文本数字.xlsx"
    years = [2016, 2017]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "平均工资"
    ws.append(["河南省城镇单位分行业就业人员平均工资（万元）"])
    ws.append(["行业名称", *[f"{y}年" for y in years]])
    for q in SECTIONS:
        vals = [fig(HN, q, WAGE, y) for y in years]
        ws.append([NAMES_2011[q] + " ", *[s(v / 10000) for v in vals]])
        for y, v in zip(years, vals):
            key(name, HN, q, WAGE, y, v)
    wb.save(HERE / name)
    readme(name, "wage in 万元 (exact, four decimals), numbers stored as text, trailing spaces in names", SRC_HN)


# --------------------------------------------------------------------------- 16
def f16() -> None:
    """One year, two measures side by side plus a growth column; year only in the title."""
    name = "16_2019年全国城镇单位分行业就业人员和平均工资.csv"
    y = 2019
    rows: list[list] = [[f"{y}年全国城镇单位分行业就业人员和平均工资"],
                        ["行业", "就业人员（万人）", "平均工资（元）", "平均工资比上年增长（%）"]]
    for q in ["TOTAL", *SECTIONS]:
        e = total(CN, EMP, y) if q == "TOTAL" else fig(CN, q, EMP, y)
        w = total(CN, WAGE, y) if q == "TOTAL" else fig(CN, q, WAGE, y)
        w0 = total(CN, WAGE, y - 1) if q == "TOTAL" else fig(CN, q, WAGE, y - 1)
        rows.append(["总计" if q == "TOTAL" else NAMES_2011[q], s(e), s(w), growth(w0, w)])
        key(name, CN, q, EMP, y, e)
        key(name, CN, q, WAGE, y, w)
    rows.append(["资料来源：《中国统计年鉴2020》"])
    write_csv(name, rows, encoding="gb18030")
    readme(name, "one-year table (year in the title), employment and wage side by side, growth column, GB18030", SRC_CN)


# --------------------------------------------------------------------------- 17
def f17() -> None:
    """data.stats.gov.cn 分省年度数据, filtered to 河南省: one indicator, years descending."""
    name = "17_分省年度数据_制造业城镇单位就业人员.csv"
    years = list(range(2017, 2008, -1))
    rows: list[list] = [["数据库：分省年度数据"], ["指标：制造业城镇单位就业人员(万人)"],
                        ["时间：最近10年"], ["地区", *[f"{y}年" for y in years]]]
    vals = [fig(HN, "C", EMP, y) for y in years]
    rows.append(["河南省", *[s(v) for v in vals]])
    for y, v in zip(years, vals):
        key(name, HN, "C", EMP, y, v)
    rows += [["注：城镇单位指城镇非私营单位。"], ["数据来源：国家统计局"]]
    write_csv(name, rows, encoding="gbk")
    readme(name, "data.stats.gov.cn 分省年度数据 export filtered to one province, GBK, 指标 line", SRC_HN)


# --------------------------------------------------------------------------- 18
def f18() -> None:
    """序号 column, "A 农、林、牧、渔业" code+name cells, years as "2012年度", GB18030."""
    name = "18_河南省城镇单位平均工资2012-2014.csv"
    years = [2012, 2013, 2014]
    rows: list[list] = [["河南省城镇单位分行业就业人员平均工资（单位：元）"],
                        ["序号", "行业", *[f"{y}年度" for y in years], "备注"]]
    for n, q in enumerate(SECTIONS, 1):
        vals = [fig(HN, q, WAGE, y) for y in years]
        rows.append([str(n), f"{q} {NAMES_2011[q]}", *[s(v) for v in vals],
                     "2013年起新口径" if q == "O" else ""])
        for y, v in zip(years, vals):
            key(name, HN, q, WAGE, y, v)
    write_csv(name, rows, encoding="gb18030")
    readme(name, "序号 column, code and name in one cell, 2012年度 headers, 备注 column, GB18030", SRC_HN)


def main() -> None:
    for f in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18):
        f()
    with (HERE / "expected.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(KEY[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(KEY)
    lines = ["# Blind set 6: statistics forms (generated by make_blind6.py)", "",
             "Every figure is real, copied from the repository's NBS samples; derivations are only",
             "exact unit conversions, a 合计 that is the printed sum of the sections (Henan employment),",
             "and columns that must not land (growth %, indices, shares, ranks, ratios).",
             "Licence: official statistics published by 国家统计局 / 河南省统计局 (public information,",
             "reproduced with attribution; see data/sample/README.md).", "",
             "`expected.csv`: one row per figure that should land (lake units: 万人, 元/年).", "",
             "| file | form | source |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in README_ROWS]
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
