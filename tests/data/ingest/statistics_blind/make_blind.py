"""Write the blind statistics forms and their answer key (expected.csv) from the repository's real figures.

Run from the repository root: ``python tests/data/ingest/statistics_blind/make_blind.py``.

Every figure comes from data/sample/statistics (NBS): Henan urban-unit employment (万人) and
average wage (元) by section 2009-2017, and the national urban-unit series 2010-2021. The only
derived numbers are printed sums (合计 of the Henan sections' employment), persons converted from
万人, and — in the forms that carry them, to check they do NOT land — growth rates, ranks and
Henan-to-national ratios computed from the same real figures.

``expected.csv`` lists, per file, every employment/wage figure that must land
(file, region_code, industry_code, measure, scope, year, value in the lake's unit).
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
HENAN = ROOT / "data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv"
NATIONAL = ROOT / "data/sample/statistics/nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv"

SECTIONS = list("ABCDEFGHIJKLMNOPQRS")
# GB/T 4754-2011 section names (the yearbooks of 2013 onwards)
L2011 = dict(zip(SECTIONS, [
    "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业", "批发和零售业",
    "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业", "金融业", "房地产业",
    "租赁和商务服务业", "科学研究和技术服务业", "水利、环境和公共设施管理业", "居民服务、修理和其他服务业",
    "教育", "卫生和社会工作", "文化、体育和娱乐业", "公共管理、社会保障和社会组织"]))
# GB/T 4754-2002 names (yearbooks up to 2012), in the 2002 printing order
L2002 = dict(zip(SECTIONS, [
    "农、林、牧、渔业", "采矿业", "制造业", "电力、燃气及水的生产和供应业", "建筑业", "批发和零售业",
    "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、计算机服务和软件业", "金融业", "房地产业",
    "租赁和商务服务业", "科学研究、技术服务和地质勘查业", "水利、环境和公共设施管理业", "居民服务和其他服务业",
    "教育", "卫生、社会保障和社会福利业", "文化、体育和娱乐业", "公共管理和社会组织"]))
ORDER_2002 = list("ABCDEGIFHJKLMNOPQRS")
# China Statistical Yearbook English names (2011 classification)
LEN = dict(zip(SECTIONS, [
    "Agriculture, Forestry, Animal Husbandry and Fishery", "Mining", "Manufacturing",
    "Production and Supply of Electricity, Heat, Gas and Water", "Construction", "Wholesale and Retail Trades",
    "Transport, Storage and Post", "Hotels and Catering Services", "Information Transmission, Software and Information Technology",
    "Financial Intermediation", "Real Estate", "Leasing and Business Services", "Scientific Research and Technical Services",
    "Management of Water Conservancy, Environment and Public Facilities", "Services to Households, Repair and Other Services",
    "Education", "Health and Social Service", "Culture, Sports and Entertainment",
    "Public Management, Social Security and Social Organizations"]))
# Yearbook typesetting pads two- and three-character names with spaces.
PADDED = {"教育": "教    育", "金融业": "金 融 业", "建筑业": "建 筑 业", "采矿业": "采 矿 业", "制造业": "制 造 业",
          "房地产业": "房地产业"}

EMP, WAGE = "employment_10k", "avg_wage_cny_year"
HN, CN = "410000", "100000"


def _load() -> tuple[dict, dict]:
    h = pd.read_csv(HENAN)
    n = pd.read_csv(NATIONAL)
    m = {"employment_10k_persons": EMP, "avg_wage_yuan": WAGE}
    hd = {(m[r.measure], int(r.year), r.section): float(r.value) for r in h.itertuples()}
    nd = {(m[r.measure], int(r.year), r.section): float(r.value) for r in n.itertuples()}
    return hd, nd


H, N = _load()
EXPECTED: list[dict] = []


def expect(file: str, region: str, code: str, measure: str, year: int, value: float) -> None:
    EXPECTED.append({"file": file, "region_code": region, "industry_code": code, "measure": measure,
                     "scope": "urban_units", "year": year, "value": value})


def hsum(measure: str, year: int) -> float:
    """Printed 合计 of the Henan sections (employment only: a sum of wages is no figure)."""
    return round(sum(H[(measure, year, s)] for s in SECTIONS), 4)


def fmt(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


def save_xlsx(name: str, sheets: list[tuple[str, list[list]]], merges: dict[str, list[str]] | None = None) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        for rng in (merges or {}).get(title, []):
            ws.merge_cells(rng)
            ws[rng.split(":")[0]].alignment = Alignment(horizontal="center", vertical="center")
    wb.save(HERE / name)


def save_text(name: str, rows: list[list], encoding: str, delimiter: str = ",") -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    (HERE / name).write_bytes(buf.getvalue().encode(encoding))


def f01() -> None:
    """河南统计年鉴2018 table 4-9: one year, employment and wage side by side, two-row header with units."""
    name = "河南统计年鉴2018_4-9.xlsx"
    y = 2017
    rows = [["4-9  城镇非私营单位分行业就业人员和平均工资（2017年）", None, None], [None, None, None],
            ["行    业", "年末人数", "平均工资"], [None, "（万人）", "（元）"],
            ["总    计", hsum(EMP, y), None], ["按行业分", None, None]]
    expect(name, HN, "TOTAL", EMP, y, hsum(EMP, y))
    for s in SECTIONS:
        lab = PADDED.get(L2011[s], L2011[s])
        rows.append([lab, H[(EMP, y, s)], H[(WAGE, y, s)]])
        expect(name, HN, s, EMP, y, H[(EMP, y, s)])
        expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
    rows += [[None, None, None], ["注：本表为城镇非私营单位数据，不含城镇私营单位和个体就业人员。", None, None]]
    save_xlsx(name, [("4-9", rows)], {"4-9": ["A1:C1", "A3:A4"]})


def f02() -> None:
    """河南统计年鉴2017 table 4-5: employment, years ascending as columns, unit on its own row at the right."""
    name = "河南统计年鉴2017_表4-5_分行业城镇非私营单位年末就业人员.xlsx"
    years = list(range(2012, 2017))
    rows = [["4-5  分行业城镇非私营单位年末就业人员"] + [None] * 5, [None] * 5 + ["单位：万人"],
            ["行业"] + [str(y) for y in years], ["合  计"] + [hsum(EMP, y) for y in years]]
    for y in years:
        expect(name, HN, "TOTAL", EMP, y, hsum(EMP, y))
    for s in SECTIONS:
        rows.append(["  " + L2011[s]] + [H[(EMP, y, s)] for y in years])
        for y in years:
            expect(name, HN, s, EMP, y, H[(EMP, y, s)])
    rows.append(["资料来源：河南省统计局。"] + [None] * 5)
    save_xlsx(name, [("4-5", rows)], {"4-5": ["A1:F1"]})


def f03() -> None:
    """A yearbook sheet that never names Henan (the user must say region=河南): wages, years descending, 2002 names."""
    name = "分行业城镇非私营单位就业人员平均工资_2009-2017.xlsx"
    years = list(range(2017, 2008, -1))
    rows = [["分行业城镇非私营单位就业人员平均工资"] + [None] * 9, ["单位：元"] + [None] * 9,
            ["行业"] + [f"{y}年" for y in years]]
    for s in ORDER_2002:
        rows.append(["\u3000\u3000" + L2002[s]] + [H[(WAGE, y, s)] for y in years])
        for y in years:
            expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
    save_xlsx(name, [("Sheet1", rows)], {"Sheet1": ["A1:J1"]})


def f04() -> None:
    """NBS portal 分省年度数据 export, region fixed (河南省), indicators as rows, years descending."""
    name = "分省年度数据_河南省_城镇单位就业人员.xlsx"
    years = list(range(2017, 2008, -1))
    rows = [["数据库：分省年度数据"], ["地区：河南省"], ["时间：最近10年"], ["指标"] + [f"{y}年" for y in years]]
    for s in SECTIONS:
        rows.append([f"{L2011[s]}城镇单位就业人员(万人)"] + [H[(EMP, y, s)] for y in years])
        for y in years:
            expect(name, HN, s, EMP, y, H[(EMP, y, s)])
    rows += [["注：2011年及以前行业数据按《国民经济行业分类》(GB/T 4754-2002)分类。"], ["数据来源：国家统计局"]]
    save_xlsx(name, [("分省年度数据", rows)])


def f05() -> None:
    """NBS portal 分省年度数据 csv (GBK), indicator fixed, regions as rows (only 河南省 selected)."""
    name = "分省年度数据_信息传输业平均工资.csv"
    years = list(range(2017, 2008, -1))
    rows = [["数据库：分省年度数据"], ["指标：信息传输、软件和信息技术服务业城镇单位就业人员平均工资(元)"], ["时间：最近10年"],
            ["地区"] + [f"{y}年" for y in years], ["河南省"] + [fmt(H[(WAGE, y, "I")]) for y in years],
            ["数据来源：国家统计局"]]
    for y in years:
        expect(name, HN, "I", WAGE, y, H[(WAGE, y, "I")])
    save_text(name, rows, "gbk")


def f06() -> None:
    """NBS portal 年度数据 csv (GBK), national wages by section 2021-2012 plus the all-industry line."""
    name = "年度数据_按行业分城镇单位就业人员平均工资.csv"
    years = list(range(2021, 2011, -1))
    rows = [["数据库：年度数据"], ["时间：最近10年"], ["指标"] + [f"{y}年" for y in years],
            ["城镇单位就业人员平均工资(元)"] + [fmt(N[(WAGE, y, "TOTAL")]) for y in years]]
    for y in years:
        expect(name, CN, "TOTAL", WAGE, y, N[(WAGE, y, "TOTAL")])
    for s in SECTIONS:
        rows.append([f"{L2011[s]}城镇单位就业人员平均工资(元)"] + [fmt(N[(WAGE, y, s)]) for y in years])
        for y in years:
            expect(name, CN, s, WAGE, y, N[(WAGE, y, s)])
    rows += [["注：2011年及以前行业数据按GB/T 4754-2002分类。"], ["数据来源：国家统计局"]]
    save_text(name, rows, "gbk")


def f07() -> None:
    """NBS portal 年度数据 xlsx, national employment by section 2021-2012."""
    name = "年度数据_按行业分城镇单位就业人员.xlsx"
    years = list(range(2021, 2011, -1))
    rows = [["数据库：年度数据"], ["时间：最近10年"], ["指标"] + [f"{y}年" for y in years],
            ["城镇单位就业人员(万人)"] + [N[(EMP, y, "TOTAL")] for y in years]]
    for y in years:
        expect(name, CN, "TOTAL", EMP, y, N[(EMP, y, "TOTAL")])
    for s in SECTIONS:
        rows.append([f"{L2011[s]}城镇单位就业人员(万人)"] + [N[(EMP, y, s)] for y in years])
        for y in years:
            expect(name, CN, s, EMP, y, N[(EMP, y, s)])
    rows += [["数据来源：国家统计局"]]
    save_xlsx(name, [("年度数据", rows)])


def f08() -> None:
    """Wind EDB export: 指标名称/频率/单位/来源 rows above the data, dates 2017-12-31 descending."""
    name = "Wind_河南分行业平均工资.xlsx"
    years = list(range(2017, 2008, -1))
    rows = [["指标名称"] + [f"河南:城镇非私营单位就业人员平均工资:{L2011[s]}" for s in SECTIONS],
            ["频率"] + ["年"] * 19, ["单位"] + ["元"] * 19, ["来源"] + ["河南省统计局"] * 19]
    for y in years:
        rows.append([datetime.date(y, 12, 31)] + [H[(WAGE, y, s)] for s in SECTIONS])
        for s in SECTIONS:
            expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
    rows += [[None], ["数据来源：Wind"]]
    save_xlsx(name, [("Sheet1", rows)])


def f09() -> None:
    """CEIC-like csv (UTF-8 BOM), English series names, employment in persons, dates 12/2017."""
    name = "ceic_henan_employment_persons.csv"
    years = list(range(2009, 2018))
    rows = [[""] + [f"CN: No of Employed Persons: Urban Non Private Units: Henan: {LEN[s]}" for s in SECTIONS],
            ["Region"] + ["Henan"] * 19, ["Frequency"] + ["Annual"] * 19, ["Unit"] + ["Person"] * 19,
            ["Source"] + ["National Bureau of Statistics"] * 19]
    for y in years:
        rows.append([f"12/{y}"] + [str(round(H[(EMP, y, s)] * 10000)) for s in SECTIONS])
        for s in SECTIONS:
            expect(name, HN, s, EMP, y, H[(EMP, y, s)])
    save_text(name, rows, "utf-8-sig")


def f10() -> None:
    """Long table, English headers and labels, unit column ('10,000 persons', 'yuan')."""
    name = "henan_long_english.csv"
    rows = [["province", "year", "sector_code", "sector", "indicator", "unit", "value"]]
    for y in range(2013, 2018):
        for s in SECTIONS:
            rows.append(["Henan", str(y), s, LEN[s], "Employed persons in urban non-private units", "10,000 persons",
                         fmt(H[(EMP, y, s)])])
            rows.append(["Henan", str(y), s, LEN[s], "Average wage of employed persons in urban non-private units", "yuan",
                         fmt(H[(WAGE, y, s)])])
            expect(name, HN, s, EMP, y, H[(EMP, y, s)])
            expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
    save_text(name, rows, "utf-8")


def f11() -> None:
    """Long table with pinyin headers and one column per measure (units in the header)."""
    name = "henan_long_pinyin.xlsx"
    rows = [["shengfen", "nianfen", "hangye", "jiuye_renshu_wanren", "pingjun_gongzi_yuan"]]
    for y in range(2009, 2018):
        for s in SECTIONS:
            rows.append(["河南省", y, L2011[s] if y >= 2012 else L2002[s], H[(EMP, y, s)], H[(WAGE, y, s)]])
            expect(name, HN, s, EMP, y, H[(EMP, y, s)])
            expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
    save_xlsx(name, [("data", rows)])


def f12() -> None:
    """UTF-16 tab-separated text, employment in 人 (persons)."""
    name = "河南省分行业年末就业人员_人.txt"
    years = list(range(2013, 2018))
    rows = [["河南省城镇非私营单位分行业年末就业人员"], ["单位：人"], ["行业"] + [f"{y}年" for y in years]]
    for s in SECTIONS:
        rows.append([L2011[s]] + [str(round(H[(EMP, y, s)] * 10000)) for y in years])
        for y in years:
            expect(name, HN, s, EMP, y, H[(EMP, y, s)])
    save_text(name, rows, "utf-16", delimiter="\t")


FW = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def f13() -> None:
    """xls-to-csv quirks: numbers as text with thousands separators, full-width digits, trailing spaces, — for n/a."""
    name = "河南省2015-2017年分行业平均工资_导出.csv"
    years = [2015, 2016, 2017]
    rows = [["河南省城镇非私营单位分行业就业人员平均工资（元）  "], ["行业 "] + [f"{y}年 " for y in years]]
    for i, s in enumerate(SECTIONS):
        cells = []
        for j, y in enumerate(years):
            v = H[(WAGE, y, s)]
            t = f"{int(v):,}"
            if (i + j) % 3 == 0:
                t = t.translate(FW)
            cells.append(t + " ")
            expect(name, HN, s, WAGE, y, v)
        rows.append([L2011[s] + "  "] + cells)
    rows.append(["合计 ", "—", "—", "—"])
    save_text(name, rows, "utf-8-sig")


def f14() -> None:
    """统计公报-style table: wage, growth on the year before (%) and rank — only the wage may land."""
    name = "2017年河南省城镇非私营单位平均工资公报表.xlsx"
    rows = [["表3  2017年河南省城镇非私营单位分行业就业人员年平均工资"], ["行业", "平均工资（元）", "比上年增长（%）", "位次"]]
    w = {s: H[(WAGE, 2017, s)] for s in SECTIONS}
    rank = {s: i + 1 for i, s in enumerate(sorted(SECTIONS, key=lambda s: -w[s]))}
    for s in SECTIONS:
        g = round((w[s] / H[(WAGE, 2016, s)] - 1) * 100, 1)
        rows.append([L2011[s], w[s], g, rank[s]])
        expect(name, HN, s, WAGE, 2017, w[s])
    rows.append(["注：增速按现价计算。"])
    save_xlsx(name, [("表3", rows)])


def f15() -> None:
    """One sheet per year (the year only in the sheet name), employment and wage columns."""
    name = "河南省分行业就业和工资_分年.xlsx"
    sheets = []
    for y in (2015, 2016, 2017):
        rows = [["河南省城镇非私营单位分行业就业人员和平均工资"], ["行业", "就业人员（万人）", "平均工资（元）"]]
        for s in SECTIONS:
            rows.append([L2011[s], H[(EMP, y, s)], H[(WAGE, y, s)]])
            expect(name, HN, s, EMP, y, H[(EMP, y, s)])
            expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
        sheets.append((f"{y}年", rows))
    save_xlsx(name, sheets)


def f16() -> None:
    """Henan beside the nation: region in the column header, a ratio column that must not land."""
    name = "2017年河南与全国分行业平均工资比较.xlsx"
    y = 2017
    rows = [["2017年河南省与全国城镇非私营单位分行业就业人员平均工资比较"], [None, None, None, "单位：元，%"],
            ["行业", "全国", "河南", "河南为全国的%"]]
    for s in SECTIONS:
        rows.append([L2011[s], N[(WAGE, y, s)], H[(WAGE, y, s)], round(H[(WAGE, y, s)] / N[(WAGE, y, s)] * 100, 1)])
        expect(name, CN, s, WAGE, y, N[(WAGE, y, s)])
        expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
    save_xlsx(name, [("Sheet1", rows)])


def f17() -> None:
    """Merged two-row header: measure groups over year columns."""
    name = "河南省城镇非私营单位分行业就业人员和工资_2015-2017.xlsx"
    years = [2015, 2016, 2017]
    rows = [["河南省城镇非私营单位分行业就业人员和平均工资"] + [None] * 6,
            ["行业", "年末就业人员（万人）", None, None, "平均工资（元）", None, None],
            [None] + [f"{y}年" for y in years] * 2]
    for s in SECTIONS:
        rows.append([L2011[s]] + [H[(EMP, y, s)] for y in years] + [H[(WAGE, y, s)] for y in years])
        for y in years:
            expect(name, HN, s, EMP, y, H[(EMP, y, s)])
            expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
    save_xlsx(name, [("Sheet1", rows)], {"Sheet1": ["A1:G1", "A2:A3", "B2:D2", "E2:G2"]})


def f18() -> None:
    """China Statistical Yearbook, bilingual: Chinese labels left, English right, total first."""
    name = "中国统计年鉴_按行业分城镇单位就业人员_bilingual.xlsx"
    years = [2015, 2016, 2017]
    rows = [["4-7 按行业分城镇单位就业人员(年底数)", None, None, None, None],
            ["Number of Employed Persons in Urban Units by Sector (year-end)", None, None, None, None],
            [None, None, None, "单位：万人", "(10 000 persons)"],
            ["行  业", *years, "Sector"],
            ["合计", *[N[(EMP, y, "TOTAL")] for y in years], "Total"]]
    for y in years:
        expect(name, CN, "TOTAL", EMP, y, N[(EMP, y, "TOTAL")])
    for s in SECTIONS:
        rows.append([L2011[s], *[N[(EMP, y, s)] for y in years], LEN[s]])
        for y in years:
            expect(name, CN, s, EMP, y, N[(EMP, y, s)])
    save_xlsx(name, [("4-7", rows)], {"4-7": ["A1:E1", "A2:E2"]})


def f19() -> None:
    """City yearbook appendix (郑州统计年鉴): the file names 郑州, the table is the province's."""
    name = "郑州统计年鉴2018_附录2-3_全省分行业平均工资.xlsx"
    rows = [["附录2-3  河南省城镇非私营单位分行业就业人员平均工资"], [None, None, "单位：元"], ["行业", "2016年", "2017年"]]
    for s in SECTIONS:
        rows.append([L2011[s], H[(WAGE, 2016, s)], H[(WAGE, 2017, s)]])
        for y in (2016, 2017):
            expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
    rows.append(["资料来源：《河南统计年鉴2018》。"])
    save_xlsx(name, [("附录2-3", rows)])


def f20() -> None:
    """EPS-like long export: 地区/地区代码/时间/行业 columns, one column per indicator with its unit."""
    name = "EPS_中国区域经济数据库_河南_分行业.xlsx"
    rows = [["地区", "地区代码", "时间", "行业", "城镇单位就业人员(万人)", "城镇单位就业人员平均工资(元)"]]
    for y in range(2017, 2008, -1):
        for s in SECTIONS:
            rows.append(["河南", "410000", f"{y}年", L2011[s] if y >= 2012 else L2002[s], H[(EMP, y, s)], H[(WAGE, y, s)]])
            expect(name, HN, s, EMP, y, H[(EMP, y, s)])
            expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
    rows += [[None], ["数据来源：EPS数据平台，原始来源国家统计局"]]
    save_xlsx(name, [("Sheet1", rows)])


def f21() -> None:
    """An '.xls' that is an HTML table (how many Chinese web systems export 'Excel')."""
    name = "河南省分行业就业人员_2017_导出.xls"
    cells = ["<tr><td colspan=2>河南省城镇非私营单位分行业年末就业人员（2017年）</td></tr>",
             "<tr><td>行业</td><td>就业人员（万人）</td></tr>"]
    for s in SECTIONS:
        cells.append(f"<tr><td>{L2011[s]}</td><td>{fmt(H[(EMP, 2017, s)])}</td></tr>")
        expect(name, HN, s, EMP, 2017, H[(EMP, 2017, s)])
    html = ('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>'
            '<table border="1">' + "".join(cells) + "</table></body></html>")
    (HERE / name).write_bytes(html.encode("utf-8"))


def f22() -> None:
    """Years as rows, sections as columns with their GB/T 4754-2017 letter in front."""
    name = "河南省城镇非私营单位就业人员_按门类_年份为行.xlsx"
    years = list(range(2017, 2012, -1))
    rows = [["河南省城镇非私营单位分门类就业人员（万人）"], ["年份"] + [f"{s} {L2011[s]}" for s in SECTIONS]]
    for y in years:
        rows.append([y] + [H[(EMP, y, s)] for s in SECTIONS])
        for s in SECTIONS:
            expect(name, HN, s, EMP, y, H[(EMP, y, s)])
    save_xlsx(name, [("Sheet1", rows)])


def f23() -> None:
    """A national yearbook sheet of 2003-2009 wages: GB/T 4754-2002 names and order, no place named (national)."""
    name = "按行业分城镇单位就业人员平均工资_2003-2009.xlsx"
    years = list(range(2003, 2010))
    rows = [["按行业分城镇单位就业人员平均工资"], [None] * 7 + ["单位：元"], ["行业"] + [str(y) for y in years],
            ["合计"] + [N[(WAGE, y, "TOTAL")] for y in years]]
    for y in years:
        expect(name, CN, "TOTAL", WAGE, y, N[(WAGE, y, "TOTAL")])
    for s in ORDER_2002:
        rows.append([L2002[s]] + [N[(WAGE, y, s)] for y in years])
        for y in years:
            expect(name, CN, s, WAGE, y, N[(WAGE, y, s)])
    save_xlsx(name, [("Sheet1", rows)])


def f24() -> None:
    """统计局 data-release csv (GBK): 地区, 指标名称 'measure:industry', 单位, years descending as columns."""
    name = "河南省统计局数据发布_分行业就业与工资.csv"
    years = [2017, 2016, 2015]
    rows = [["地区", "指标名称", "单位"] + [f"{y}年" for y in years]]
    for s in SECTIONS:
        rows.append(["河南省", f"城镇非私营单位就业人员:{L2011[s]}", "万人"] + [fmt(H[(EMP, y, s)]) for y in years])
        rows.append(["河南省", f"城镇非私营单位就业人员平均工资:{L2011[s]}", "元"] + [fmt(H[(WAGE, y, s)]) for y in years])
        for y in years:
            expect(name, HN, s, EMP, y, H[(EMP, y, s)])
            expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
    save_text(name, rows, "gbk")


def f25() -> None:
    """统计公报 table with 其中 rows and a 比重(%) column: the total, then selected sections."""
    name = "2017年河南省国民经济和社会发展统计公报_表5.xlsx"
    y = 2017
    tot = hsum(EMP, y)
    rows = [["表5  2017年末城镇非私营单位分行业就业人员"], ["指  标", "年末人数（万人）", "比重（%）"],
            ["城镇非私营单位就业人员", tot, 100.0]]
    expect(name, HN, "TOTAL", EMP, y, tot)
    for i, s in enumerate("CEPS"):
        lab = ("其中：" if i == 0 else "\u3000\u3000\u3000") + L2011[s]
        rows.append([lab, H[(EMP, y, s)], round(H[(EMP, y, s)] / tot * 100, 1)])
        expect(name, HN, s, EMP, y, H[(EMP, y, s)])
    save_xlsx(name, [("表5", rows)])


def f26() -> None:
    """Older yearbook wording: 从业人员 (人) of 城镇非私营单位 beside 平均工资 (元), one year in the title."""
    name = "河南省城镇非私营单位分行业从业人员和平均工资_2010.xlsx"
    y = 2010
    rows = [["河南省城镇非私营单位分行业从业人员和平均工资（2010年）"], ["行业", "年末从业人员（人）", "平均工资（元）"]]
    for s in ORDER_2002:
        rows.append([L2002[s], round(H[(EMP, y, s)] * 10000), H[(WAGE, y, s)]])
        expect(name, HN, s, EMP, y, H[(EMP, y, s)])
        expect(name, HN, s, WAGE, y, H[(WAGE, y, s)])
    save_xlsx(name, [("Sheet1", rows)])


FILES = [f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26]


def main() -> None:
    for f in FILES:
        f()
    pd.DataFrame(EXPECTED).to_csv(HERE / "expected.csv", index=False)


if __name__ == "__main__":
    main()
