"""Write blind set 10 of the statistics ingestor: 14 input files and the answer key.

Every figure is SYNTHETIC (a seeded random world shaped like Henan's statistics); the layouts
imitate what a Henan analyst receives (see README.md). Run from the repository root:

    python tests/data/ingest/statistics_blind10/make_blind10.py

The key (expected.csv) lists every figure that should land: file, region_code, industry_code,
scope, measure, year, value (employment in 万人, wages in 元/年).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).parent
EMP, WAGE = "employment_10k", "avg_wage_cny_year"

# GB/T 4754-2017 sections: code, Chinese name, CEIC-style English name
SECTIONS = [
    ("A", "农、林、牧、渔业", "Agriculture, Forestry, Animal Husbandry & Fishery"),
    ("B", "采矿业", "Mining"),
    ("C", "制造业", "Manufacturing"),
    ("D", "电力、热力、燃气及水生产和供应业", "Electricity, Heat, Gas & Water Production & Supply"),
    ("E", "建筑业", "Construction"),
    ("F", "批发和零售业", "Wholesale & Retail Trade"),
    ("G", "交通运输、仓储和邮政业", "Transport, Storage & Post"),
    ("H", "住宿和餐饮业", "Accommodation & Catering"),
    ("I", "信息传输、软件和信息技术服务业", "Information Transmission, Software & IT Service"),
    ("J", "金融业", "Finance"),
    ("K", "房地产业", "Real Estate"),
    ("L", "租赁和商务服务业", "Leasing & Business Service"),
    ("M", "科学研究和技术服务业", "Scientific Research & Technical Service"),
    ("N", "水利、环境和公共设施管理业", "Water Conservancy, Environment & Public Facility Management"),
    ("O", "居民服务、修理和其他服务业", "Resident Service, Repair & Other Service"),
    ("P", "教育", "Education"),
    ("Q", "卫生和社会工作", "Health & Social Work"),
    ("R", "文化、体育和娱乐业", "Culture, Sports & Entertainment"),
    ("S", "公共管理、社会保障和社会组织", "Public Management, Social Security & Social Organization"),
]
NAME = {c: n for c, n, _ in SECTIONS}
EN = {c: e for c, _, e in SECTIONS}
CODES = [c for c, _, _ in SECTIONS]
# Sections the private-unit tables cover (no public administration)
PRIVATE = [c for c in CODES if c != "S"]

DIVISIONS = {
    "A": [("01", "农业"), ("02", "林业"), ("03", "畜牧业"), ("04", "渔业"),
          ("05", "农、林、牧、渔专业及辅助性活动")],
    "B": [("06", "煤炭开采和洗选业"), ("07", "石油和天然气开采业"), ("08", "黑色金属矿采选业"),
          ("09", "有色金属矿采选业"), ("10", "非金属矿采选业"), ("11", "开采专业及辅助性活动"),
          ("12", "其他采矿业")],
    "C": [("13", "农副食品加工业"), ("14", "食品制造业"), ("15", "酒、饮料和精制茶制造业"),
          ("16", "烟草制品业"), ("17", "纺织业"), ("18", "纺织服装、服饰业"),
          ("19", "皮革、毛皮、羽毛及其制品和制鞋业"), ("20", "木材加工和木、竹、藤、棕、草制品业"),
          ("21", "家具制造业"), ("22", "造纸和纸制品业"), ("23", "印刷和记录媒介复制业"),
          ("24", "文教、工美、体育和娱乐用品制造业"), ("25", "石油、煤炭及其他燃料加工业"),
          ("26", "化学原料和化学制品制造业"), ("27", "医药制造业"), ("28", "化学纤维制造业"),
          ("29", "橡胶和塑料制品业"), ("30", "非金属矿物制品业"), ("31", "黑色金属冶炼和压延加工业"),
          ("32", "有色金属冶炼和压延加工业"), ("33", "金属制品业"), ("34", "通用设备制造业"),
          ("35", "专用设备制造业"), ("36", "汽车制造业"), ("37", "铁路、船舶、航空航天和其他运输设备制造业"),
          ("38", "电气机械和器材制造业"), ("39", "计算机、通信和其他电子设备制造业"),
          ("40", "仪器仪表制造业"), ("41", "其他制造业"), ("42", "废弃资源综合利用业"),
          ("43", "金属制品、机械和设备修理业")],
    "D": [("44", "电力、热力生产和供应业"), ("45", "燃气生产和供应业"), ("46", "水的生产和供应业")],
}

# Henan urban non-private employment 2022 (万人) and wages 2022 (元): synthetic anchors
EMP_2022 = {"A": 8.4, "B": 31.2, "C": 232.5, "D": 21.3, "E": 186.7, "F": 44.9, "G": 39.8,
            "H": 11.6, "I": 15.3, "J": 40.2, "K": 34.6, "L": 24.8, "M": 18.1, "N": 19.7,
            "O": 3.2, "P": 171.4, "Q": 79.5, "R": 8.3, "S": 141.6}
WAGE_2022 = {"A": 55210, "B": 86430, "C": 68120, "D": 109870, "E": 59930, "F": 62340, "G": 80250,
             "H": 45120, "I": 116780, "J": 119540, "K": 70110, "L": 58460, "M": 100320,
             "N": 57890, "O": 50130, "P": 85460, "Q": 95230, "R": 80470, "S": 84990}
PRIV_WAGE_2022 = {c: round(WAGE_2022[c] * 0.62, -1) for c in CODES}
PRIV_EMP_2022 = {c: EMP_2022[c] * 0.55 for c in CODES}

rng = random.Random(10)
_cache: dict = {}


def _walk(key: tuple, base: float, year: int, drift: float, noise: float) -> float:
    """A deterministic series: base in 2022, drift a year backwards and forwards, some noise."""
    if key + (year,) not in _cache:
        _cache[key + (year,)] = base * (1 + drift) ** (year - 2022) * (1 + rng.uniform(-noise, noise))
    return _cache[key + (year,)]


def emp(region: str, code: str, year: int, scale: float = 1.0, scope: str = "urban") -> float:
    """Employment in 万人 with two decimals (a section or 'TOTAL' = sum of sections)."""
    if code == "TOTAL":
        return round(sum(emp(region, c, year, scale, scope) for c in CODES), 2)
    base = (PRIV_EMP_2022 if scope == "private" else EMP_2022)[code] * scale
    return round(_walk((region, scope, "emp", code, scale), base, year, 0.012, 0.01), 2)


def wage(region: str, code: str, year: int, scale: float = 1.0, scope: str = "urban") -> int:
    """Average wage in 元 (a section, or 'TOTAL')."""
    if code == "TOTAL":
        return int(round(_walk((region, scope, "wage", "TOTAL", scale),
                               (46030 if scope == "private" else 74870) * scale, year, 0.06, 0.004)))
    base = (PRIV_WAGE_2022 if scope == "private" else WAGE_2022)[code] * scale
    return int(round(_walk((region, scope, "wage", code, scale), base, year, 0.06, 0.01)))


KEY: list[dict] = []


def key(file: str, region: str, code: str, scope: str, measure: str, year: int, value) -> None:
    KEY.append({"file": file, "region_code": region, "industry_code": code, "scope": scope,
                "measure": measure, "year": year, "value": value})


def fmt(v: float) -> str:
    return f"{v:.2f}"


# --------------------------------------------------------------------------------------------
def f01() -> None:
    """Henan yearbook 4-6: one year, sections × registration types under a merged header."""
    name = "01_河南统计年鉴2023_4-6按行业分城镇非私营单位就业人员.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "4-6"
    ws["A1"] = "4-6  按行业分城镇非私营单位就业人员（2022年末）"
    ws.merge_cells("A1:E1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["E2"] = "单位：万人"
    ws["E2"].alignment = Alignment(horizontal="right")
    ws["A3"], ws["B3"], ws["C3"] = "行    业", "合计", "按登记注册类型分"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:E3")
    ws["C4"], ws["D4"], ws["E4"] = "国有单位", "城镇集体单位", "其他单位"
    labels = {"P": "教    育", "S": "公共管理、社会保障和社会组织①"}
    r = 5
    for code in ["TOTAL"] + CODES:
        total = emp("410000", code, 2022)
        if code == "TOTAL":
            state = round(sum(round(emp("410000", c, 2022) * _share(c, 0), 2) for c in CODES), 2)
            coll = round(sum(round(emp("410000", c, 2022) * _share(c, 1), 2) for c in CODES), 2)
        else:
            state = round(total * _share(code, 0), 2)
            coll = round(total * _share(code, 1), 2)
        other = round(total - state - coll, 2)
        label = "总    计" if code == "TOTAL" else labels.get(code, NAME[code])
        ws.cell(r, 1, label)
        for col, (v, scope) in enumerate([(total, "urban_units"), (state, "state_units"),
                                          (coll, "collective_units"), (other, "other_units")], 2):
            ws.cell(r, col, v).number_format = "0.00"
            key(name, "410000", code, scope, EMP, 2022, v)
        r += 1
    ws.cell(r, 1, "国际组织")
    for col in range(2, 6):
        ws.cell(r, col, "—")
    ws.cell(r + 1, 1, "注：①含中国共产党机关、国家机构、人民政协和民主党派、社会保障、群众团体等。"
                      "本表不含城镇私营单位和个体就业人员。")
    ws.cell(r + 2, 1, "资料来源：河南省统计局、国家统计局河南调查总队。")
    ws.column_dimensions["A"].width = 34
    wb.save(OUT / name)


def _share(code: str, kind: int) -> float:
    """Share of a section's employment in state (0) or collective (1) units."""
    state = {"P": 0.82, "S": 0.9, "Q": 0.7, "D": 0.6, "N": 0.65, "R": 0.55, "M": 0.45, "A": 0.5}
    coll = {"E": 0.03, "F": 0.02, "O": 0.05, "A": 0.04, "H": 0.02}
    return state.get(code, 0.18) if kind == 0 else coll.get(code, 0.01)


# --------------------------------------------------------------------------------------------
def f02() -> None:
    """NBS data.stats.gov.cn 分省年度数据 export for 河南省: indicators × years, GBK csv."""
    name = "02_分省年度数据_河南省_城镇单位就业人员平均工资.csv"
    years = [2023, 2022, 2021, 2020, 2019, 2018]
    lines = ["数据库：分省年度数据", "地区：河南省", "时间：最近6年",
             "指标," + ",".join(f"{y}年" for y in years)]
    for code in ["TOTAL"] + CODES:
        label = ("城镇单位就业人员平均工资(元)" if code == "TOTAL"
                 else f"{NAME[code]}城镇单位就业人员平均工资(元)")
        cells = [""]  # 2023 not yet released
        for y in years[1:]:
            v = wage("410000", code, y)
            cells.append(str(v))
            key(name, "410000", code, "urban_units", WAGE, y, v)
        lines.append(label + "," + ",".join(cells))
    lines += ["注：1.城镇单位就业人员平均工资指城镇非私营单位就业人员平均工资。",
              "2.2023年数据尚未发布。", "数据来源：国家统计局"]
    (OUT / name).write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


# --------------------------------------------------------------------------------------------
def f03() -> None:
    """Zhengzhou yearbook (binary .xls): on-post workers' average wage, sections × 2018-2022."""
    name = "03_郑州统计年鉴2023_分行业在岗职工平均工资.xls"
    years = [2018, 2019, 2020, 2021, 2022]
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("6-12")
    bold = xlwt.easyxf("font: bold on, height 280; align: horiz center")
    ws.write_merge(0, 0, 0, 5, "6-12  分行业城镇非私营单位在岗职工平均工资", bold)
    ws.write(1, 5, "单位：元")
    ws.write(2, 0, "行  业")
    for j, y in enumerate(years, 1):
        ws.write(2, j, f"{y}年")
    r = 3
    for code in ["TOTAL"] + CODES:
        ws.write(r, 0, "合  计" if code == "TOTAL" else NAME[code])
        for j, y in enumerate(years, 1):
            v = wage("410100", code, y, 1.12, "onpost")
            ws.write(r, j, v)
            key(name, "410100", code, "urban_units_on_post", WAGE, y, v)
        r += 1
    ws.write(r, 0, "注：在岗职工指在本单位工作且与本单位签订劳动合同，并由单位支付各项工资和社会保险、"
                   "住房公积金的人员。")
    notes = wb.add_sheet("说明")
    notes.write(0, 0, "郑州统计年鉴2023  第六篇  劳动工资")
    notes.write(1, 0, "本篇资料来源于劳动工资统计年报，统计范围为城镇非私营单位。")
    notes.write(2, 0, "郑州市统计局  国家统计局郑州调查队  编")
    wb.save(str(OUT / name))


# --------------------------------------------------------------------------------------------
def f04() -> None:
    """Henan 2022 wage bulletin table: non-private and private side by side, growth columns."""
    name = "04_2022年河南省城镇非私营和私营单位平均工资公报_表1.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    ws["A1"] = "表1  2022年河南省分行业城镇非私营单位和私营单位就业人员年平均工资"
    ws.merge_cells("A1:G1")
    ws["G2"] = "单位：元，%"
    ws["A3"], ws["B3"], ws["E3"] = "行业", "城镇非私营单位", "城镇私营单位"
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:D3")
    ws.merge_cells("E3:G3")
    for col, h in zip("BCDEFG", ["2022年", "2021年", "增速", "2022年", "2021年", "增速"]):
        ws[f"{col}4"] = h
    r = 5
    for code in ["TOTAL"] + CODES:
        ws.cell(r, 1, "合计" if code == "TOTAL" else NAME[code])
        u22, u21 = wage("410000", code, 2022), wage("410000", code, 2021)
        ws.cell(r, 2, u22)
        ws.cell(r, 3, u21)
        ws.cell(r, 4, round((u22 / u21 - 1) * 100, 1))
        key(name, "410000", code, "urban_units", WAGE, 2022, u22)
        key(name, "410000", code, "urban_units", WAGE, 2021, u21)
        if code == "S":
            for col in (5, 6, 7):
                ws.cell(r, col, "—")
        else:
            p22, p21 = wage("410000", code, 2022, scope="private"), wage("410000", code, 2021,
                                                                           scope="private")
            ws.cell(r, 5, p22)
            ws.cell(r, 6, p21)
            ws.cell(r, 7, round((p22 / p21 - 1) * 100, 1))
            key(name, "410000", code, "private_units", WAGE, 2022, p22)
            key(name, "410000", code, "private_units", WAGE, 2021, p21)
        r += 1
    ws.cell(r, 1, "注：城镇私营单位不含公共管理、社会保障和社会组织；增速为名义增速。")
    ws.column_dimensions["A"].width = 32
    wb.save(OUT / name)


# --------------------------------------------------------------------------------------------
def f05() -> None:
    """CEIC download: English series with metadata rows, dates down the rows, Person th."""
    name = "05_CEIC_Henan_Employees_UrbanNonPrivate.xlsx"
    series = ["TOTAL", "C", "E", "I", "J", "P", "Q"]
    years = list(range(2017, 2023))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.cell(1, 1, "")
    for j, code in enumerate(series, 2):
        tail = "" if code == "TOTAL" else f": {EN[code]}"
        ws.cell(1, j, f"CN: No of Employee: Urban Non Private Unit: Year End: Henan{tail}")
    meta = [("Region", "China"), ("Subnational", "Henan"), ("Frequency", "Annual"),
            ("Unit", "Person th"), ("Source", "National Bureau of Statistics"),
            ("Status", "Active"), ("Series ID", None), ("SR Code", None),
            ("First Obs. Date", "12/2003"), ("Last Obs. Date", "12/2022"),
            ("Last Update Time", "07/14/2023"), ("Series Remarks", "")]
    for i, (label, val) in enumerate(meta, 2):
        ws.cell(i, 1, label)
        for j, code in enumerate(series, 2):
            if label == "Series ID":
                ws.cell(i, j, str(366011801 + j * 7))
            elif label == "SR Code":
                ws.cell(i, j, f"SR{8801 + j}")
            else:
                ws.cell(i, j, val)
    r = len(meta) + 2
    for y in years:
        c = ws.cell(r, 1, dt.datetime(y, 12, 1))
        c.number_format = "mm/yyyy"
        for j, code in enumerate(series, 2):
            if code == "I" and y == 2017:
                continue  # series starts 2018
            v10k = emp("410000", code, y)
            th = round(v10k * 10, 1)
            ws.cell(r, j, th)
            key(name, "410000", code, "urban_units", EMP, y, round(th / 10, 4))
        r += 1
    wb.save(OUT / name)


# --------------------------------------------------------------------------------------------
def f06() -> None:
    """Wind EDB export: 指标名称/频率/单位/指标ID/来源/更新时间 rows, dates descending."""
    name = "06_Wind_河南_城镇单位平均工资_分行业.xlsx"
    series = [("TOTAL", "urban"), ("C", "urban"), ("E", "urban"), ("I", "urban"), ("P", "urban"),
              ("Q", "urban"), ("TOTAL", "private")]
    years = list(range(2022, 2015, -1))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    heads = ["指标名称", "频率", "单位", "指标ID", "来源", "更新时间"]
    for i, h in enumerate(heads, 1):
        ws.cell(i, 1, h)
    for j, (code, scope) in enumerate(series, 2):
        if scope == "private":
            title = "河南:城镇私营单位就业人员平均工资"
        elif code == "TOTAL":
            title = "河南:城镇非私营单位就业人员平均工资"
        else:
            title = f"河南:城镇非私营单位就业人员平均工资:{NAME[code]}"
        for i, v in enumerate([title, "年", "元", f"M00{4512 + j * 3}", "河南省统计局",
                               dt.datetime(2023, 7, 15)], 1):
            ws.cell(i, j, v)
    r = len(heads) + 1
    for y in years:
        ws.cell(r, 1, dt.datetime(y, 12, 31)).number_format = "yyyy-mm-dd"
        for j, (code, scope) in enumerate(series, 2):
            if scope == "private" and y < 2018:
                continue
            v = wage("410000", code, y, scope=scope)
            ws.cell(r, j, v)
            key(name, "410000", code, "private_units" if scope == "private" else "urban_units",
                WAGE, y, v)
        r += 1
    ws.cell(r + 1, 1, "数据来源：Wind")
    wb.save(OUT / name)


# --------------------------------------------------------------------------------------------
def f07() -> None:
    """Luoyang city table, years as rows, persons with thousands separators, UTF-8 csv."""
    name = "07_洛阳市分行业城镇非私营单位从业人员_2018-2022.csv"
    years = list(range(2018, 2023))
    rows = [["洛阳市分行业城镇非私营单位从业人员（年末数）"], ["单位：人"],
            ["年份", "合计"] + [NAME[c] for c in CODES]]
    for y in years:
        # city tables count persons exactly, not rounded to hundreds
        persons = {c: int(round(emp("410300", c, y, 0.064) * 10000)) + rng.randint(-49, 49)
                   for c in CODES}
        tot = sum(persons.values())
        row = [f"{y}年", f"{tot:,}"] + [f"{persons[c]:,}" for c in CODES]
        rows.append(row)
        key(name, "410300", "TOTAL", "urban_units", EMP, y, tot / 10000)
        for c in CODES:
            key(name, "410300", c, "urban_units", EMP, y, persons[c] / 10000)
    rows += [["资料来源：洛阳市统计局劳动工资统计年报"]]
    with (OUT / name).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


# --------------------------------------------------------------------------------------------
def f08() -> None:
    """Long table from a data request: private units' employment (人) and wage (元), codes."""
    name = "08_河南省城镇私营单位就业人员和工资_长表.csv"
    codes = ["TOTAL", "C", "E", "F", "H", "I", "L", "M"]
    rows = [["地区", "年份", "行业代码", "行业名称", "指标名称", "计量单位", "数值"]]
    for y in (2020, 2021, 2022):
        for code in codes:
            label = "合计" if code == "TOTAL" else NAME[code]
            c = "" if code == "TOTAL" else code
            if code == "TOTAL":
                persons = int(round(emp("410000", "TOTAL", y, scope="private") * 10000)) + 37
            else:
                persons = int(round(emp("410000", code, y, scope="private") * 10000)) + (
                    rng.randint(-49, 49))
            rows.append(["河南省", str(y), c, label, "城镇私营单位就业人员", "人", str(persons)])
            key(name, "410000", code, "private_units", EMP, y, persons / 10000)
        for code in codes:
            label = "合计" if code == "TOTAL" else NAME[code]
            c = "" if code == "TOTAL" else code
            v = wage("410000", code, y, scope="private")
            rows.append(["河南省", str(y), c, label, "城镇私营单位就业人员平均工资", "元", str(v)])
            key(name, "410000", code, "private_units", WAGE, y, v)
    with (OUT / name).open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


# --------------------------------------------------------------------------------------------
def f09() -> None:
    """China Statistical Yearbook 4-14: national wages by section and indented division."""
    name = "09_中国统计年鉴2023_4-14按细行业分城镇非私营单位平均工资.xlsx"
    years = [2020, 2021, 2022]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "4-14"
    ws["A1"] = "4-14  按细行业分城镇非私营单位就业人员平均工资"
    ws.merge_cells("A1:D1")
    ws["D2"] = "单位：元"
    ws["A3"] = "行    业"
    for j, y in enumerate(years, 2):
        ws.cell(3, j, y)
    r = 4
    rows = [("TOTAL", "合    计", 114030)]
    for sec in "ABCD":
        rows.append((sec, NAME[sec], WAGE_2022[sec] * 1.4))
        for code, dname in DIVISIONS[sec]:
            rows.append((code, "　　" + dname, WAGE_2022[sec] * 1.4 * rng.uniform(0.7, 1.4)))
    for code, label, base in rows:
        ws.cell(r, 1, label)
        for j, y in enumerate(years, 2):
            if code == "12" and y == 2020:
                ws.cell(r, j, "…")
                continue
            v = int(round(_walk(("100000", "nat", code), base, y, 0.055, 0.01)))
            ws.cell(r, j, v)
            key(name, "100000", code, "urban_units", WAGE, y, v)
        r += 1
    ws.cell(r, 1, "注：本表按《国民经济行业分类》（GB/T 4754-2017）分类。“…”表示数据不足发布标准。")
    ws.column_dimensions["A"].width = 40
    wb.save(OUT / name)


# --------------------------------------------------------------------------------------------
CITIES = [("410000", "全省"), ("410100", "郑州市"), ("410200", "开封市"), ("410300", "洛阳市"),
          ("410400", "平顶山市"), ("410500", "安阳市"), ("410600", "鹤壁市"), ("410700", "新乡市"),
          ("410800", "焦作市"), ("410900", "濮阳市"), ("411000", "许昌市"), ("411100", "漯河市"),
          ("411200", "三门峡市"), ("411300", "南阳市"), ("411400", "商丘市"), ("411500", "信阳市"),
          ("411600", "周口市"), ("411700", "驻马店市"), ("419001", "济源示范区")]
CITY_SCALE = [1.0, 0.2, 0.045, 0.064, 0.045, 0.05, 0.017, 0.058, 0.035, 0.033, 0.042, 0.026,
              0.024, 0.083, 0.063, 0.062, 0.072, 0.059, 0.012]


def f10() -> None:
    """Provincial portal 'Excel' download: an HTML table saved as .xls, cities × industries."""
    name = "10_河南省各省辖市分行业城镇非私营单位就业人员_2022.xls"
    cols = ["TOTAL", "C", "E", "F", "P", "Q"]
    h = ['<html xmlns:o="urn:schemas-microsoft-com:office:office" '
         'xmlns:x="urn:schemas-microsoft-com:office:excel">',
         '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
         "<title>数据查询</title></head><body>", '<table border="1" cellspacing="0">',
         '<tr><td colspan="7" align="center"><b>2022年河南省各省辖市分行业城镇非私营单位就业人员'
         "</b></td></tr>",
         '<tr><td colspan="7" align="right">单位：万人</td></tr>',
         '<tr><td rowspan="2">地区</td><td rowspan="2">合计</td><td colspan="5">其中</td></tr>',
         "<tr>" + "".join(f"<td>{NAME[c]}</td>" for c in cols[1:]) + "</tr>"]
    for (region, label), scale in zip(CITIES, CITY_SCALE):
        cells = []
        for c in cols:
            v = emp(region, c, 2022, scale)
            cells.append(f'<td x:num="{fmt(v)}">{fmt(v)}</td>')
            key(name, region, c, "urban_units", EMP, 2022, v)
        h.append(f"<tr><td>{label}</td>" + "".join(cells) + "</tr>")
    h += ['<tr><td colspan="7">注：全省合计含省直单位，故不等于各省辖市之和。</td></tr>',
          "</table>", "<p>导出时间：2023-08-02 10:41:17</p>", "</body></html>"]
    (OUT / name).write_bytes("\r\n".join(h).encode("gbk"))


# --------------------------------------------------------------------------------------------
def f11() -> None:
    """Kaifeng wage bulletin copied from the web page: text, two stacked tables, tab-separated."""
    name = "11_2022年开封市城镇非私营和私营单位就业人员年平均工资公报.txt"
    nt, pt = wage("410200", "TOTAL", 2022, 0.86), wage("410200", "TOTAL", 2022, 0.9, "private")
    ng = (nt / wage("410200", "TOTAL", 2021, 0.86) - 1) * 100
    pg = (pt / wage("410200", "TOTAL", 2021, 0.9, "private") - 1) * 100
    lines = ["2022年开封市城镇非私营单位和私营单位就业人员年平均工资统计公报", "开封市统计局",
             "2023-06-26", "",
             f"2022年全市城镇非私营单位就业人员年平均工资为{nt}元，比上年增长{ng:.1f}%。",
             f"全市城镇私营单位就业人员年平均工资为{pt}元，比上年增长{pg:.1f}%。", "",
             "表1  2022年开封市分行业城镇非私营单位就业人员年平均工资",
             "\t\t\t单位：元",
             "行业\t2022年\t2021年\t增长速度（%）"]
    for code in ["TOTAL"] + CODES:
        a, b = wage("410200", code, 2022, 0.86), wage("410200", code, 2021, 0.86)
        lines.append(f"{'合计' if code == 'TOTAL' else NAME[code]}\t{a}\t{b}\t{(a / b - 1) * 100:.1f}")
        key(name, "410200", code, "urban_units", WAGE, 2022, a)
        key(name, "410200", code, "urban_units", WAGE, 2021, b)
    lines += ["", "表2  2022年开封市分行业城镇私营单位就业人员年平均工资", "\t\t\t单位：元",
              "行业\t2022年\t2021年\t增长速度（%）"]
    for code in ["TOTAL"] + PRIVATE:
        a = wage("410200", code, 2022, 0.9, "private")
        b = wage("410200", code, 2021, 0.9, "private")
        lines.append(f"{'合计' if code == 'TOTAL' else NAME[code]}\t{a}\t{b}\t{(a / b - 1) * 100:.1f}")
        key(name, "410200", code, "private_units", WAGE, 2022, a)
        key(name, "410200", code, "private_units", WAGE, 2021, b)
    lines += ["", "附注：", "1.城镇非私营单位包括国有单位、城镇集体单位、股份合作单位、联营单位、"
              "有限责任公司、股份有限公司、港澳台商投资单位、外商投资单位等。",
              "2.年平均工资指单位就业人员在一年内平均每人所得的货币工资额。"]
    (OUT / name).write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))


# --------------------------------------------------------------------------------------------
def f12() -> None:
    """An institute's worksheet: three-sector subtotals between sections, 其中 divisions."""
    name = "12_河南省按三次产业和行业分城镇非私营单位就业人员.xlsx"
    years = [2019, 2020, 2021, 2022]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "就业人员"
    ws["A1"] = "河南省按三次产业和行业分城镇非私营单位就业人员"
    ws.merge_cells("A1:F1")
    ws["A2"] = "单位：万人"
    ws.append(["指标"] + [f"{y}年" for y in years] + ["备注"])
    sectors = {"第一产业": ["A"], "第二产业": ["B", "C", "D", "E"],
               "第三产业": [c for c in CODES if c >= "F"]}
    div = {c: {y: round(emp("410000", "C", y) * s, 2) for y in years}
           for c, s in (("36", 0.081), ("39", 0.117))}

    def row(label: str, code: str | None, values: dict, note: str = "") -> None:
        ws.append([label] + [values[y] for y in years] + [note])
        if code:
            for y in years:
                key(name, "410000", code, "urban_units", EMP, y, values[y])

    row("总计", "TOTAL", {y: emp("410000", "TOTAL", y) for y in years})
    for sector, codes in sectors.items():
        row(sector, None, {y: round(sum(emp("410000", c, y) for c in codes), 2) for y in years})
        for c in codes:
            row("　" + NAME[c], c, {y: emp("410000", c, y) for y in years},
                "2020年起含新增入库单位" if c == "E" else "")
            if c == "C":
                row("　　其中：汽车制造业", "36", div["36"])
                row("　　　　　计算机、通信和其他电子设备制造业", "39", div["39"])
    ws.append(["说明：三次产业划分依据《三次产业划分规定》（2018年修订）；国际组织无数据。"])
    ws.column_dimensions["A"].width = 44
    wb.save(OUT / name)


# --------------------------------------------------------------------------------------------
PROVINCES = [("110000", "北京市"), ("120000", "天津市"), ("130000", "河北省"), ("140000", "山西省"),
             ("150000", "内蒙古自治区"), ("210000", "辽宁省"), ("220000", "吉林省"),
             ("230000", "黑龙江省"), ("310000", "上海市"), ("320000", "江苏省"),
             ("330000", "浙江省"), ("340000", "安徽省"), ("350000", "福建省"), ("360000", "江西省"),
             ("370000", "山东省"), ("410000", "河南省"), ("420000", "湖北省"), ("430000", "湖南省"),
             ("440000", "广东省"), ("450000", "广西壮族自治区"), ("460000", "海南省"),
             ("500000", "重庆市"), ("510000", "四川省"), ("520000", "贵州省"), ("530000", "云南省"),
             ("540000", "西藏自治区"), ("610000", "陕西省"), ("620000", "甘肃省"),
             ("630000", "青海省"), ("640000", "宁夏回族自治区"), ("650000", "新疆维吾尔自治区")]


def f13() -> None:
    """NBS 分省年度数据 export with provinces as rows: one indicator on the 指标： line."""
    name = "13_分省年度数据_城镇单位就业人员平均工资.csv"
    years = [2022, 2021, 2020, 2019, 2018]
    lines = ["数据库：分省年度数据", "指标：城镇单位就业人员平均工资(元)", "时间：最近5年",
             "地区," + ",".join(f"{y}年" for y in years)]
    for region, label in PROVINCES:
        base = 74870 if region == "410000" else rng.uniform(78000, 200000)
        vals = []
        for y in years:
            v = wage("410000", "TOTAL", y) if region == "410000" else int(
                round(_walk((region, "prov"), base, y, 0.065, 0.005)))
            vals.append(str(v))
            key(name, region, "TOTAL", "urban_units", WAGE, y, v)
        lines.append(label + "," + ",".join(vals))
    lines += ["注：城镇单位就业人员平均工资指城镇非私营单位就业人员平均工资。", "数据来源：国家统计局"]
    (OUT / name).write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


# --------------------------------------------------------------------------------------------
def f14() -> None:
    """Henan yearbook, bilingual: two sheets (employment, wage), English labels on the right."""
    name = "14_河南统计年鉴2023_中英文_就业人员和平均工资.xlsx"
    years = [2020, 2021, 2022]
    wb = openpyxl.Workbook()
    specs = [("4-8", "按行业分城镇非私营单位就业人员（年末数）",
              "Employed Persons in Urban Non-private Units by Sector (Year-end)",
              "单位：万人", "(10 000 persons)", EMP),
             ("4-12", "按行业分城镇非私营单位就业人员平均工资",
              "Average Wage of Employed Persons in Urban Non-private Units by Sector",
              "单位：元", "(yuan)", WAGE)]
    for k, (sheet, zh, en, unit, unit_en, measure) in enumerate(specs):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = sheet
        ws["A1"] = f"{sheet}  {zh}"
        ws["A2"] = en
        ws.merge_cells("A1:E1")
        ws.merge_cells("A2:E2")
        ws["A3"], ws["E3"] = unit, unit_en
        ws.append(["行    业"] + years + ["Sector"])
        for code in ["TOTAL"] + CODES:
            vals = [emp("410000", code, y) if measure == EMP else wage("410000", code, y)
                    for y in years]
            ws.append(["总    计" if code == "TOTAL" else NAME[code]] + vals
                      + ["Total" if code == "TOTAL" else EN[code]])
            for y, v in zip(years, vals):
                key(name, "410000", code, "urban_units", measure, y, v)
        ws.column_dimensions["A"].width = 32
        ws.column_dimensions["E"].width = 50
    wb.save(OUT / name)


def main() -> None:
    for make in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14):
        make()
    with (OUT / "expected.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["file", "region_code", "industry_code", "scope", "measure", "year",
                               "value"])
        w.writeheader()
        for row in KEY:
            v = row["value"]
            row["value"] = repr(round(float(v), 6))
            w.writerow(row)
    print(f"{len(KEY)} key rows")


if __name__ == "__main__":
    main()
