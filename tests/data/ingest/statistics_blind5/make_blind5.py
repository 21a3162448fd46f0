"""Regenerate the blind-round-5 statistics forms and their answer key (expected.csv).

Every figure comes from the repository's real samples
(data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv and
data/sample/statistics/nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv);
only unit conversions, one printed sum (合计) and ratios/shares in columns that must not land are
derived. Run from the repository root: ``python tests/data/ingest/statistics_blind5/make_blind5.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import xlwt

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
HN_SRC = ROOT / "data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv"
CN_SRC = ROOT / "data/sample/statistics/nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv"
EMP, WAGE = "employment_10k", "avg_wage_cny_year"
MEAS = {"employment_10k_persons": EMP, "avg_wage_yuan": WAGE}
SECTIONS = list("ABCDEFGHIJKLMNOPQRS")

# GB/T 4754-2011 section names (national yearbooks from 2012 on).
NAMES_2011 = {
    "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业", "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业", "F": "批发和零售业", "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业", "J": "金融业", "K": "房地产业", "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业", "N": "水利、环境和公共设施管理业", "O": "居民服务、修理和其他服务业",
    "P": "教育", "Q": "卫生和社会工作", "R": "文化、体育和娱乐业", "S": "公共管理、社会保障和社会组织",
}
ENGLISH = {
    "A": "Agriculture, Forestry, Animal Husbandry and Fishery", "B": "Mining", "C": "Manufacturing",
    "D": "Production and Supply of Electricity, Heat, Gas and Water", "E": "Construction",
    "F": "Wholesale and Retail Trades", "G": "Transport, Storage and Post",
    "H": "Hotels and Catering Services", "I": "Information Transmission, Software and Information Technology",
    "J": "Financial Intermediation", "K": "Real Estate", "L": "Leasing and Business Services",
    "M": "Scientific Research and Technical Services", "N": "Management of Water Conservancy, Environment and Public Facilities",
    "O": "Services to Households, Repair and Other Services", "P": "Education",
    "Q": "Health and Social Work", "R": "Culture, Sports and Entertainment",
    "S": "Public Management, Social Security and Social Organization",
}

HN: dict[tuple[str, int, str], float] = {}
HN_LABEL: dict[tuple[int, str], str] = {}
for r in csv.DictReader(HN_SRC.open(encoding="utf-8")):
    HN[(MEAS[r["measure"]], int(r["year"]), r["section"])] = float(r["value"])
    HN_LABEL[(int(r["year"]), r["section"])] = r["industry_label_src"]
CN: dict[tuple[str, int, str], float] = {}
for r in csv.DictReader(CN_SRC.open(encoding="utf-8")):
    y = int(r["year"])
    # The 2010-2021 vintage supersedes the old one where both exist.
    if r["vintage"].startswith("new") or y < 2010:
        CN[(MEAS[r["measure"]], y, r["section"])] = float(r["value"])

KEY: list[dict] = []


def expect(fname: str, region: str, measure: str, year: int, code: str, value: float) -> None:
    KEY.append({"file": fname, "region_code": region, "industry_code": code, "scope": "urban_units",
                "measure": measure, "year": year, "value": value})


def hn(fname, measure, year, code, expected=True):
    v = HN[(measure, year, code)]
    if expected:
        expect(fname, "410000", measure, year, code, v)
    return v


def cn(fname, measure, year, code, expected=True):
    v = CN[(measure, year, code)]
    if expected:
        expect(fname, "100000", measure, year, code, v)
    return v


def fmt(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".")


def save_xlsx(fname: str, sheets: list[tuple[str, list[list]]], merges: dict | None = None) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(title, []):
            ws.merge_cells(rng)
    wb.save(HERE / fname)


def save_csv(fname: str, rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> None:
    with (HERE / fname).open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\r\n").writerows(rows)


def f01():
    """Henan Statistical Yearbook 2016, table 4-12: both measures for 2015 plus a wage index."""
    f = "01_河南统计年鉴2016_表4-12.xlsx"
    rows = [["4-12  按行业分城镇非私营单位就业人员和平均工资（2015年）", None, None, None],
            [None, None, None, "单位：万人；元"],
            ["行    业", "年末就业人员", "平均工资", "平均工资指数（上年=100）"]]
    for s in SECTIONS:
        e, w = hn(f, EMP, 2015, s), hn(f, WAGE, 2015, s)
        idx = round(w / HN[(WAGE, 2014, s)] * 100, 1)
        rows.append(["  " + HN_LABEL[(2015, s)], e, w, idx])
    rows.append(["注：本表为城镇非私营单位数据，不含私营单位和个体户。", None, None, None])
    save_xlsx(f, [("4-12", rows)], {"4-12": ["A1:D1"]})


def f02():
    """Bureau press release table: 2017 vs 2016 wages with the growth rate (UTF-8 BOM CSV)."""
    f = "02_2017年河南省城镇非私营单位平均工资公报.csv"
    rows = [["2017年河南省城镇非私营单位分行业就业人员年平均工资"],
            ["行业", "2017年（元）", "2016年（元）", "增长（%）"]]
    for s in SECTIONS:
        a, b = hn(f, WAGE, 2017, s), hn(f, WAGE, 2016, s)
        rows.append([HN_LABEL[(2017, s)], int(a), int(b), f"{(a / b - 1) * 100:.1f}"])
    rows.append(["数据来源：河南省统计局"])
    save_csv(f, rows, encoding="utf-8-sig")


def f03():
    """data.stats.gov.cn 年度数据 export (CSV), national employment, newest year first."""
    f = "03_国家数据_分行业城镇单位就业人员_年度数据.csv"
    years = list(range(2021, 2011, -1))
    rows = [["数据库：年度数据"], ["时间：最近10年"], ["指标"] + [f"{y}年" for y in years]]
    rows.append(["城镇单位就业人员(万人)"] + [fmt(cn(f, EMP, y, "TOTAL")) for y in years])
    for s in SECTIONS:
        rows.append([f"{NAMES_2011[s]}城镇单位就业人员(万人)"] + [fmt(cn(f, EMP, y, s)) for y in years])
    rows += [["注：1.城镇单位数据不含私营单位。"], ["数据来源：国家统计局"]]
    save_csv(f, rows, encoding="gbk")


def f04():
    """data.stats.gov.cn export saved as old-style .xls, national average wage."""
    f = "04_国家数据_分行业城镇单位就业人员平均工资.xls"
    years = list(range(2021, 2011, -1))
    rows = [["数据库：年度数据"], ["时间：最近10年"], ["指标"] + [f"{y}年" for y in years]]
    rows.append(["城镇单位就业人员平均工资(元)"] + [cn(f, WAGE, y, "TOTAL") for y in years])
    for s in SECTIONS:
        rows.append([f"{NAMES_2011[s]}城镇单位就业人员平均工资(元)"] + [cn(f, WAGE, y, s) for y in years])
    rows += [["数据来源：国家统计局"]]
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("年度数据")
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            ws.write(i, j, v)
    wb.save(str(HERE / f))


def f05():
    """A colleague's wide series: Henan employment by section, 2009-2017 across the columns."""
    f = "05_河南分行业就业人员2009-2017.xlsx"
    years = list(range(2009, 2018))
    rows = [["河南省城镇非私营单位分行业就业人员（万人）"], ["行业"] + [f"{y}年" for y in years]]
    for s in SECTIONS:
        rows.append([HN_LABEL[(2017, s)]] + [hn(f, EMP, y, s) for y in years])
    save_xlsx(f, [("就业人员", rows)])


def f06():
    """A tidy long extract from a colleague's database (one figure a row, units spelled out)."""
    f = "06_河南平均工资_长表.csv"
    rows = [["地区", "年份", "行业代码", "行业名称", "指标", "单位", "数值"]]
    for y in (2012, 2013, 2014):
        for s in SECTIONS:
            rows.append(["河南省", y, s, HN_LABEL[(y, s)], "城镇非私营单位平均工资", "元", int(hn(f, WAGE, y, s))])
    save_csv(f, rows)


def f07():
    """Employment in persons (人) with thousands separators and a share column that must not land."""
    f = "07_2016年河南分行业就业人数_人.xlsx"
    tot = sum(HN[(EMP, 2016, s)] for s in SECTIONS)
    rows = [["2016年河南省城镇非私营单位分行业就业人数"],
            ["行业", "就业人数（人）", "占比（%）"]]
    for s in SECTIONS:
        v = hn(f, EMP, 2016, s)
        rows.append([HN_LABEL[(2016, s)], f"{round(v * 10000):,}", round(v / tot * 100, 2)])
    save_xlsx(f, [("Sheet1", rows)])


def f08():
    """One sheet per year ('2012年' ...), both measures, the year only in the sheet name."""
    f = "08_河南分行业就业和工资_分年.xlsx"
    sheets = []
    for y in (2012, 2013, 2014):
        rows = [["河南省城镇非私营单位分行业就业人员和平均工资"],
                ["行业", "就业人员(万人)", "平均工资(元)"]]
        for s in SECTIONS:
            rows.append([HN_LABEL[(y, s)], hn(f, EMP, y, s), hn(f, WAGE, y, s)])
        sheets.append((f"{y}年", rows))
    save_xlsx(f, sheets)


def f09():
    """Transposed: years down the rows, sections across the columns ('A 农、林、牧、渔业')."""
    f = "09_河南平均工资_年份为行.csv"
    rows = [["河南省城镇非私营单位平均工资（元）"], ["年份"] + [f"{s} {HN_LABEL[(2011, s)]}" for s in SECTIONS]]
    for y in (2009, 2010, 2011):
        rows.append([y] + [int(hn(f, WAGE, y, s)) for s in SECTIONS])
    save_csv(f, rows)


def f10():
    """A plain CSV saved by Chinese Excel (GBK), bare years as headers."""
    f = "10_河南平均工资2015-2017_gbk.csv"
    rows = [["河南省城镇非私营单位分行业平均工资（元）"], ["行业", "2015", "2016", "2017"]]
    for s in SECTIONS:
        rows.append([HN_LABEL[(2017, s)]] + [int(hn(f, WAGE, y, s)) for y in (2015, 2016, 2017)])
    save_csv(f, rows, encoding="gbk")


def f11():
    """Merged two-row header: years over (就业人员, 平均工资) pairs."""
    f = "11_河南2016-2017就业与工资.xlsx"
    rows = [["河南省城镇非私营单位分行业就业人员及平均工资"],
            ["行业", "2016年", None, "2017年", None],
            [None, "就业人员(万人)", "平均工资(元)", "就业人员(万人)", "平均工资(元)"]]
    for s in SECTIONS:
        rows.append([HN_LABEL[(2017, s)], hn(f, EMP, 2016, s), hn(f, WAGE, 2016, s),
                     hn(f, EMP, 2017, s), hn(f, WAGE, 2017, s)])
    save_xlsx(f, [("Sheet1", rows)], {"Sheet1": ["A1:E1", "A2:A3", "B2:C2", "D2:E2"]})


def f12():
    """Henan against the nation, 2016 wages, with a ratio column that must not land."""
    f = "12_2016年平均工资_河南与全国比较.xlsx"
    rows = [["2016年分行业城镇非私营单位平均工资：河南与全国比较"], [None, None, None, "单位：元"],
            ["行业", "全国", "河南", "河南为全国的%"]]
    rows.append(["合计", cn(f, WAGE, 2016, "TOTAL"), None, None])
    for s in SECTIONS:
        a, b = cn(f, WAGE, 2016, s), hn(f, WAGE, 2016, s)
        rows.append([NAMES_2011[s], a, b, round(b / a * 100, 1)])
    save_xlsx(f, [("比较", rows)])


def f13():
    """Codes in their own column, unit stated in an 指标/单位 line above the table."""
    f = "13_河南就业人员_代码列.csv"
    rows = [["指标：城镇非私营单位就业人员", "", "地区：河南省", "单位：万人"],
            ["代码", "行业", "2013", "2014", "2015"]]
    for s in SECTIONS:
        rows.append([s, HN_LABEL[(2015, s)]] + [fmt(hn(f, EMP, y, s)) for y in (2013, 2014, 2015)])
    save_csv(f, rows)


def f14():
    """A table copied from the bureau's web page and pasted into a .txt (tabs, full-width spaces)."""
    f = "14_网页复制_2013年河南平均工资.txt"
    rows = [["2013年河南省城镇非私营单位分行业平均工资"], ["行　　业", "平均工资（元）", "比上年增长（%）"]]
    for s in SECTIONS:
        a, b = hn(f, WAGE, 2013, s), HN[(WAGE, 2012, s)]
        rows.append(["　　" + HN_LABEL[(2013, s)], f"{int(a):,}", f"{(a / b - 1) * 100:.1f}"])
    save_csv(f, rows, delimiter="\t")


def f15():
    """Wages in 万元 as a colleague rounds them for slides (exact: 4 decimals of 万元 = 1 元)."""
    f = "15_河南2017平均工资_万元.xlsx"
    rows = [["2017年河南省城镇非私营单位分行业平均工资"], ["行业", "平均工资（万元）"]]
    for s in SECTIONS:
        rows.append([HN_LABEL[(2017, s)], round(hn(f, WAGE, 2017, s) / 10000, 4)])
    save_xlsx(f, [("Sheet1", rows)])


def f16():
    """China Statistical Yearbook style: bilingual labels and header, 总计 first, years across."""
    f = "16_中国统计年鉴2018_表4-14.xlsx"
    years = [2013, 2014, 2015, 2016, 2017]
    rows = [["4-14  按行业分城镇单位就业人员平均工资"],
            ["Average Wage of Employed Persons in Urban Units by Sector"],
            [None, None, None, None, None, "单位：元 (yuan)"],
            ["行    业\nSector"] + [str(y) for y in years]]
    rows.append(["总    计\nTotal"] + [cn(f, WAGE, y, "TOTAL") for y in years])
    for s in SECTIONS:
        rows.append([f"{NAMES_2011[s]}\n{ENGLISH[s]}"] + [cn(f, WAGE, y, s) for y in years])
    save_xlsx(f, [("4-14", rows)])


def f17():
    """Older wording (年末从业人员), long rows with the measure and its unit in one header."""
    f = "17_河南2010-2011从业人员.csv"
    rows = [["年份", "行业", "城镇非私营单位年末从业人员(万人)"]]
    for y in (2010, 2011):
        for s in SECTIONS:
            rows.append([f"{y}年", HN_LABEL[(y, s)], fmt(hn(f, EMP, y, s))])
    save_csv(f, rows)


def f18():
    """A hand-made sheet: 'C.制造业' labels, blank rows, a printed 合计 (sum of the sections)."""
    f = "18_同事整理_2011河南就业.xlsx"
    rows = [["河南2011年城镇非私营单位就业人员", None], ["单位：万人", None], [None, None],
            ["行业", "2011年"]]
    for s in SECTIONS:
        rows.append([f"{s}.{HN_LABEL[(2011, s)]}", hn(f, EMP, 2011, s)])
        if s == "J":
            rows.append([None, None])
    total = round(sum(HN[(EMP, 2011, s)] for s in SECTIONS), 4)
    expect(f, "410000", EMP, 2011, "TOTAL", total)
    rows.append(["合计", total])
    rows.append(["注：合计为各行业加总。", None])
    save_xlsx(f, [("整理", rows)])


def main() -> None:
    for fn in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18):
        fn()
    with (HERE / "expected.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(KEY[0]))
        w.writeheader()
        w.writerows(KEY)


if __name__ == "__main__":
    main()
