"""Write the blind-3 statistics files and their answer key (expected.csv).

Every figure comes from the repository's real samples:
data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv (Henan, 城镇非私营单位)
and data/sample/statistics/nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv
(全国, 城镇单位 = 城镇非私营单位). Columns that must NOT land (growth rates, 工资总额 = average wage
× employment, printed sums by 产业) are computed from those figures, never made up.

Run from the repository root: python tests/data/ingest/statistics_blind3/make_blind3.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import xlsxwriter

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SECTIONS = list("ABCDEFGHIJKLMNOPQRS")
NAMES_2002 = dict(zip(SECTIONS, [
    "农、林、牧、渔业", "采矿业", "制造业", "电力、燃气及水的生产和供应业", "建筑业", "批发和零售业",
    "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、计算机服务和软件业", "金融业", "房地产业",
    "租赁和商务服务业", "科学研究、技术服务和地质勘查业", "水利、环境和公共设施管理业",
    "居民服务和其他服务业", "教育", "卫生、社会保障和社会福利业", "文化、体育和娱乐业", "公共管理和社会组织"]))
NAMES_2011 = dict(zip(SECTIONS, [
    "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业", "批发和零售业",
    "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业", "金融业", "房地产业",
    "租赁和商务服务业", "科学研究和技术服务业", "水利、环境和公共设施管理业", "居民服务、修理和其他服务业",
    "教育", "卫生和社会工作", "文化、体育和娱乐业", "公共管理、社会保障和社会组织"]))
# Two-line wraps as a yearbook header prints them.
SPLIT_2011 = {s: (n[: len(n) // 2], n[len(n) // 2:]) if len(n) > 5 else (n, "") for s, n in NAMES_2011.items()}
EMP, WAGE = "employment_10k", "avg_wage_cny_year"
HN, CN = "410000", "100000"

_h = pd.read_csv(ROOT / "data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv")
_n = pd.read_csv(ROOT / "data/sample/statistics/nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv")
_MEAS = {"employment_10k_persons": EMP, "avg_wage_yuan": WAGE}
DATA = {}
for region, frame in ((HN, _h), (CN, _n)):
    for r in frame.itertuples():
        DATA[(region, _MEAS[r.measure], int(r.year), r.section)] = float(r.value)

EXPECTED: list[dict] = []


def v(region, measure, year, section):
    """The real figure; a KeyError means the file would need an invented one."""
    return DATA[(region, measure, year, section)]


def expect(fname, region, measure, years, sections):
    for y in years:
        for s in sections:
            EXPECTED.append({"file": fname, "region_code": region, "industry_code": s, "measure": measure,
                             "year": y, "value": v(region, measure, y, s)})


def fmt(x, nd=None):
    if nd is None:
        return f"{x:.10g}"
    return f"{x:.{nd}f}"


def wb_save(wb, name):
    wb.properties.creator = "blind3"
    wb.properties.created = wb.properties.modified = dt.datetime(2020, 1, 1)
    wb.save(HERE / name)


# f01: years as rows, sections as columns; codes in header row 1, names in row 2.
def f01():
    name = "f01_河南_分行业平均工资_年份为行.xlsx"
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "表4-12"
    ws.append(["表4-12  河南省城镇非私营单位分行业就业人员平均工资"])
    ws.append([None] * 18 + ["单位：元"])
    ws.append(["年份"] + SECTIONS)
    ws.append([None] + [NAMES_2002[s] for s in SECTIONS])
    years = range(2009, 2018)
    for y in years:
        ws.append([y] + [v(HN, WAGE, y, s) for s in SECTIONS])
    ws.append(["资料来源：河南省统计局《河南统计年鉴》"])
    wb_save(wb, name)
    expect(name, HN, WAGE, years, SECTIONS)


# f02: national employment, sections as columns with names wrapped over two header rows, 合计 first.
def f02():
    name = "f02_全国城镇单位就业人员_行业为列_两行表头.xlsx"
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["全国城镇单位分行业就业人员（年末数）"])
    ws.append(["单位：万人"])
    ws.append(["年份", "合计"] + [SPLIT_2011[s][0] for s in SECTIONS])
    ws.append([None, None] + [SPLIT_2011[s][1] for s in SECTIONS])
    years = range(2013, 2019)
    for y in years:
        ws.append([f"{y}年", v(CN, EMP, y, "TOTAL")] + [v(CN, EMP, y, s) for s in SECTIONS])
    wb_save(wb, name)
    expect(name, CN, EMP, years, ["TOTAL"] + SECTIONS)


# f03: 门类 letters in their own column beside the names; years as columns.
def f03():
    name = "f03_河南_就业人员_门类代码列.xlsx"
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["河南省城镇非私营单位年末就业人员（万人）"])
    ws.append(["门类", "行业名称", "2014年", "2015年", "2016年", "2017年"])
    years = range(2014, 2018)
    for s in SECTIONS:
        ws.append([s, NAMES_2011[s]] + [v(HN, EMP, y, s) for y in years])
    wb_save(wb, name)
    expect(name, HN, EMP, years, SECTIONS)


# f04: early national wages with 2002-standard names (yearbook 2004–2009 style), years as columns.
def f04():
    name = "f04_全国_平均工资_2002标准_2003-2008.xlsx"
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["按行业分城镇单位就业人员平均工资"]); ws.append(["全国", None, None, None, None, "单位：元"])
    years = list(range(2003, 2009))
    ws.append(["行    业"] + [str(y) for y in years])
    ws.append(["总    计"] + [v(CN, WAGE, y, "TOTAL") for y in years])
    for s in SECTIONS:
        ws.append(["  " + NAMES_2002[s]] + [v(CN, WAGE, y, s) for y in years])
    ws.append(["注：本表为城镇单位数据，不含私营单位和个体户。"])
    wb_save(wb, name)
    expect(name, CN, WAGE, years, ["TOTAL"] + SECTIONS)


# f05: a statistical bulletin's table pasted into Excel: every line in column A, fields split by spaces.
def f05():
    name = "f05_河南2017年统计公报_粘贴到A列.xlsx"
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["河南省2017年国民经济和社会发展统计公报"])
    ws.append(["表9  2017年分行业城镇非私营单位就业人员和平均工资"])
    ws.append(["行业  年末人数(万人)  平均工资(元)  平均工资比上年增长(%)"])
    for s in SECTIONS:
        w17, w16 = v(HN, WAGE, 2017, s), v(HN, WAGE, 2016, s)
        ws.append([f"{NAMES_2002[s]}  {v(HN, EMP, 2017, s):.2f}  {w17:.0f}  {100 * (w17 / w16 - 1):.1f}"])
    wb_save(wb, name)
    expect(name, HN, WAGE, [2017], SECTIONS)
    # 万人 printed to 2 decimals, as a bulletin does: the expected value is the printed one.
    for s in SECTIONS:
        EXPECTED.append({"file": name, "region_code": HN, "industry_code": s, "measure": EMP, "year": 2017,
                         "value": round(v(HN, EMP, 2017, s), 2)})


# f06: csv saved from Excel: BOM, title line, quoted numbers with thousands separators.
def f06():
    name = "f06_全国就业人员_excel导出_BOM_千分位.csv"
    years = [2019, 2020, 2021]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["全国城镇非私营单位分行业就业人员（万人）", "", "", ""])
    w.writerow(["行业", *[f"{y}年" for y in years]])
    for s in ["TOTAL"] + SECTIONS:
        label = "合计" if s == "TOTAL" else NAMES_2011[s]
        w.writerow([label, *[f"{v(CN, EMP, y, s):,.2f}" for y in years]])
    (HERE / name).write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
    for y in years:
        for s in ["TOTAL"] + SECTIONS:
            EXPECTED.append({"file": name, "region_code": CN, "industry_code": s, "measure": EMP, "year": y,
                             "value": round(v(CN, EMP, y, s), 2)})


# f07: 合计 at the top, then printed sums by 产业 (must not land), then 按行业分 with 其中 rows.
def f07():
    name = "f07_全国就业人员_合计_三次产业_其中.xlsx"
    years = [2015, 2016, 2017]
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["全国城镇单位就业人员（万人）"])
    ws.append(["项目", *[f"{y}年" for y in years]])
    ws.append(["合计", *[v(CN, EMP, y, "TOTAL") for y in years]])
    ws.append(["按三次产业分"])
    for label, secs in (("第一产业", "A"), ("第二产业", "BCDE"), ("第三产业", "FGHIJKLMNOPQRS")):
        ws.append([f"  {label}", *[round(sum(v(CN, EMP, y, s) for s in secs), 4) for y in years]])
    ws.append(["按行业分"])
    for s in SECTIONS:
        label = NAMES_2011[s]
        if s in "BCDE":
            label = ("  其中：" if s == "B" else "        ") + label
        ws.append([label, *[v(CN, EMP, y, s) for y in years]])
    wb_save(wb, name)
    expect(name, CN, EMP, years, ["TOTAL"] + SECTIONS)


# f08: 就业人员 (万人), 工资总额 (亿元, must NOT land) and 平均工资 (元); year over measure in two header rows.
def f08():
    name = "f08_河南_就业人员_工资总额_平均工资.xlsx"
    years = [2016, 2017]
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["河南省城镇非私营单位分行业就业人员、工资总额和平均工资"])
    ws.append(["行业", "2016年", None, None, "2017年", None, None])
    ws.append([None, "就业人员（万人）", "工资总额（亿元）", "平均工资（元）"] * 1 + ["就业人员（万人）", "工资总额（亿元）", "平均工资（元）"])
    ws.merge_cells("B2:D2"); ws.merge_cells("E2:G2")
    for s in SECTIONS:
        row = [NAMES_2002[s]]
        for y in years:
            e, w = v(HN, EMP, y, s), v(HN, WAGE, y, s)
            row += [e, round(e * w / 1e4, 2), w]
        ws.append(row)
    wb_save(wb, name)
    expect(name, HN, EMP, years, SECTIONS); expect(name, HN, WAGE, years, SECTIONS)


# f09: employment in 千人 (a city/enterprise survey habit); the expected value is back in 万人.
def f09():
    name = "f09_河南_就业人员_千人.xlsx"
    years = [2011, 2012, 2013]
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["河南省城镇非私营单位按行业分就业人员"])
    ws.append(["计量单位：千人"])
    ws.append(["行业", *years])
    for s in SECTIONS:
        ws.append([NAMES_2002[s], *[round(v(HN, EMP, y, s) * 10, 3) for y in years]])
    wb_save(wb, name)
    expect(name, HN, EMP, years, SECTIONS)


# f10: national average wage in 万元 (presentation tables do this); expected in 元.
def f10():
    name = "f10_全国_平均工资_万元.xlsx"
    years = [2017, 2018, 2019, 2020, 2021]
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["全国城镇非私营单位就业人员年平均工资（万元）"])
    ws.append(["行业门类", *[f"{y}年" for y in years]])
    ws.append(["全部", *[v(CN, WAGE, y, "TOTAL") / 1e4 for y in years]])
    for s in SECTIONS:
        ws.append([NAMES_2011[s], *[v(CN, WAGE, y, s) / 1e4 for y in years]])
    wb_save(wb, name)
    expect(name, CN, WAGE, years, ["TOTAL"] + SECTIONS)


# f11: long form, two regions with region codes in their own column, both measures.
def f11():
    name = "f11_河南与全国_长表_地区代码.csv"
    years = [2015, 2016]
    rows = []
    for code, region in ((HN, "河南省"), (CN, "全国")):
        for meas, ind, unit in ((EMP, "城镇非私营单位就业人员", "万人"), (WAGE, "城镇非私营单位就业人员平均工资", "元")):
            for y in years:
                for s in SECTIONS:
                    rows.append([code, region, y, s, NAMES_2011[s], ind, unit, fmt(v(code, meas, y, s))])
    with open(HERE / name, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["地区代码", "地区", "年份", "门类代码", "门类名称", "指标", "计量单位", "数值"])
        w.writerows(rows)
    for code in (HN, CN):
        expect(name, code, EMP, years, SECTIONS); expect(name, code, WAGE, years, SECTIONS)


# f12: figures as formulas' cached values (xlsxwriter stores the result beside the formula).
def f12():
    name = "f12_河南_平均工资_公式.xlsx"
    years = [2015, 2016, 2017]
    wb = xlsxwriter.Workbook(str(HERE / name), {"strings_to_numbers": False})
    wb.set_properties({"created": dt.datetime(2020, 1, 1)})
    ws = wb.add_worksheet("平均工资")
    ws.write_row(0, 0, ["河南省城镇非私营单位分行业平均工资（元）"])
    ws.write_row(1, 0, ["行业", "2015年", "2016年", "2017年", "2017年比2015年增长（%）", "2017年为全行业平均的倍数"])
    base = {y: sum(v(HN, WAGE, y, s) * v(HN, EMP, y, s) for s in SECTIONS) / sum(v(HN, EMP, y, s) for s in SECTIONS)
            for y in years}
    for i, s in enumerate(SECTIONS, start=2):
        r = i + 1
        ws.write(i, 0, NAMES_2002[s])
        # The analyst typed the figures as =ROUND(x,0) after pasting from a report: a formula per cell.
        for j, y in enumerate(years, start=1):
            x = v(HN, WAGE, y, s)
            ws.write_formula(i, j, f"=ROUND({x:.0f},0)", None, x)
        g = round(100 * (v(HN, WAGE, 2017, s) / v(HN, WAGE, 2015, s) - 1), 1)
        ws.write_formula(i, 4, f"=ROUND((D{r}/B{r}-1)*100,1)", None, g)
        ws.write_formula(i, 5, f"=ROUND(D{r}/{base[2017]:.2f},2)", None, round(v(HN, WAGE, 2017, s) / round(base[2017], 2), 2))
    wb.close()
    expect(name, HN, WAGE, years, SECTIONS)


# f13: hidden helper column and hidden rows; the hidden figures are still official and must land.
def f13():
    name = "f13_河南_就业人员_隐藏行列.xlsx"
    years = list(range(2009, 2018))
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["河南省城镇非私营单位就业人员（万人）"])
    ws.append(["序号", "行业", *[f"{y}年" for y in years]])
    for i, s in enumerate(SECTIONS, start=1):
        ws.append([i, NAMES_2002[s], *[v(HN, EMP, y, s) for y in years]])
    ws.column_dimensions["A"].hidden = True
    for col in "CDE":  # 2009–2011 hidden while the analyst looked at recent years
        ws.column_dimensions[col].hidden = True
    for r in (5, 6):
        ws.row_dimensions[r].hidden = True
    wb_save(wb, name)
    expect(name, HN, EMP, years, SECTIONS)


# f14: csv in GB18030 (Excel's 'CSV' on a Chinese Windows), no title, year header like 2015年.
def f14():
    name = "f14_河南平均工资_GB18030.csv"
    years = [2012, 2013, 2014, 2015]
    lines = ["河南省城镇非私营单位分行业就业人员平均工资（元）,,,,", "行业," + ",".join(f"{y}年" for y in years)]
    for s in SECTIONS:
        lines.append(NAMES_2011[s] + "," + ",".join(f"{v(HN, WAGE, y, s):.0f}" for y in years))
    (HERE / name).write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    expect(name, HN, WAGE, years, SECTIONS)


# f15: two-row header, measure over years written '2017年末数' and '2017年度'.
def f15():
    name = "f15_全国_年末数_年度.xlsx"
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["全国城镇单位分行业就业人员和平均工资"])
    ws.append(["行业", "年末人数（万人）", None, "平均工资（元）", None])
    ws.append([None, "2016年末数", "2017年末数", "2016年度", "2017年度"])
    ws.merge_cells("B2:C2"); ws.merge_cells("D2:E2"); ws.merge_cells("A2:A3")
    for s in ["TOTAL"] + SECTIONS:
        label = "总计" if s == "TOTAL" else NAMES_2011[s]
        ws.append([label, v(CN, EMP, 2016, s), v(CN, EMP, 2017, s), v(CN, WAGE, 2016, s), v(CN, WAGE, 2017, s)])
    wb_save(wb, name)
    expect(name, CN, EMP, [2016, 2017], ["TOTAL"] + SECTIONS)
    expect(name, CN, WAGE, [2016, 2017], ["TOTAL"] + SECTIONS)


# f16: a BI-tool export: long form whose 统计时间 is a real Excel date (serial number) shown as yyyy年.
def f16():
    name = "f16_全国平均工资_BI导出_日期.xlsx"
    years = [2010, 2011, 2012, 2013, 2014]
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["统计时间", "地区", "行业门类", "指标名称", "指标值", "单位"])
    for y in years:
        for s in SECTIONS:
            ws.append([dt.datetime(y, 12, 31), "全国", f"{s} {NAMES_2011[s] if y >= 2012 else NAMES_2002[s]}",
                       "城镇非私营单位就业人员平均工资", v(CN, WAGE, y, s), "元"])
            ws.cell(ws.max_row, 1).number_format = 'yyyy"年"'
    wb_save(wb, name)
    expect(name, CN, WAGE, years, SECTIONS)


# f17: data.stats.gov.cn-style export: one indicator per row (行业 + measure in the label), years newest first.
def f17():
    name = "f17_全国_国家数据库导出_指标为行.csv"
    years = [2020, 2019, 2018]
    lines = ["数据库：年度数据", "指标：按行业分城镇非私营单位就业人员", "时间：最近3年",
             "指标," + ",".join(f"{y}年" for y in years)]
    for meas, tail in ((EMP, "城镇非私营单位就业人员(万人)"), (WAGE, "城镇非私营单位就业人员平均工资(元)")):
        for s in SECTIONS:
            lines.append(f"{NAMES_2011[s]}{tail}," + ",".join(fmt(v(CN, meas, y, s)) for y in years))
    lines += ["注：1.2018年起执行新的统计标准。", "数据来源：国家统计局"]
    (HERE / name).write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    expect(name, CN, EMP, years, SECTIONS); expect(name, CN, WAGE, years, SECTIONS)


# f18: wide sheet, sections as columns headed 'A农、林、牧、渔业', years '2012年度' in rows, region in a column;
# measure and unit named only by the sheet name (as a colleague's workbook often does).
def f18():
    name = "f18_河南_平均工资_宽表_代码加名称.xlsx"
    years = range(2012, 2018)
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "城镇非私营单位平均工资(元)"
    ws.append(["地区", "年度", *[f"{s}{NAMES_2011[s]}" for s in SECTIONS]])
    for y in years:
        ws.append(["河南省", f"{y}年度", *[v(HN, WAGE, y, s) for s in SECTIONS]])
    ws.append(["说明：单位为元；2012年起行业分类执行GB/T 4754-2011。"])
    wb_save(wb, name)
    expect(name, HN, WAGE, years, SECTIONS)


# f19: a yearbook workbook with one sheet per year (sheet names '2015年' …), sections as rows.
def f19():
    name = "f19_河南_就业人员_每年一张表.xlsx"
    years = [2015, 2016, 2017]
    wb = openpyxl.Workbook(); wb.remove(wb.active)
    for y in years:
        ws = wb.create_sheet(f"{y}年")
        ws.append([f"{y}年河南省城镇非私营单位分行业年末就业人员"])
        ws.append(["单位：万人"])
        ws.append(["行业", "年末人数"])
        for s in SECTIONS:
            ws.append([NAMES_2002[s], v(HN, EMP, y, s)])
    wb_save(wb, name)
    expect(name, HN, EMP, years, SECTIONS)


# f20: one year, regions as columns (全国 | 河南省), sections as rows, plus 河南/全国 ratio (must not land).
def f20():
    name = "f20_2017年平均工资_全国与河南对比.xlsx"
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["2017年分行业城镇非私营单位就业人员平均工资：河南与全国"])
    ws.append(["单位：元"])
    ws.append(["行业", "全国", "河南省", "河南为全国的%"])
    for s in SECTIONS:
        a, b = v(CN, WAGE, 2017, s), v(HN, WAGE, 2017, s)
        ws.append([NAMES_2011[s], a, b, round(100 * b / a, 1)])
    wb_save(wb, name)
    expect(name, CN, WAGE, [2017], SECTIONS); expect(name, HN, WAGE, [2017], SECTIONS)


# f21: the newest year carries only the total; sections printed as '…' (NBS's 'not available').
def f21():
    name = "f21_全国平均工资_2022仅合计.csv"
    lines = ["全国城镇非私营单位就业人员平均工资（元）", "行业,2020年,2021年,2022年",
             "合计," + ",".join(f"{v(CN, WAGE, y, 'TOTAL'):.0f}" for y in (2020, 2021, 2022))]
    for s in SECTIONS:
        lines.append(NAMES_2011[s] + "," + ",".join(f"{v(CN, WAGE, y, s):.0f}" for y in (2020, 2021)) + ",…")
    (HERE / name).write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    expect(name, CN, WAGE, [2020, 2021], ["TOTAL"] + SECTIONS); expect(name, CN, WAGE, [2022], ["TOTAL"])


# f22: each year's wage followed by its index '2016年指数（上年=100）' (must not land, though it names a year).
def f22():
    name = "f22_河南平均工资_含指数列.xlsx"
    years = [2014, 2015, 2016]
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["河南省城镇非私营单位分行业就业人员平均工资（单位：元）"])
    head = ["行业"]
    for y in years:
        head += [f"{y}年", f"{y}年指数（上年=100）"]
    ws.append(head)
    for s in SECTIONS:
        row = [NAMES_2002[s]]
        for y in years:
            row += [v(HN, WAGE, y, s), round(100 * v(HN, WAGE, y, s) / v(HN, WAGE, y - 1, s), 1)]
        ws.append(row)
    wb_save(wb, name)
    expect(name, HN, WAGE, years, SECTIONS)


# f23: employment counted in 人 (integers, as an enterprise-survey extract prints them).
def f23():
    name = "f23_河南_就业人员_人.xlsx"
    years = [2010, 2011]
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["河南省城镇非私营单位年末从业人员", None, "单位：人"])
    ws.append(["行业", *[f"{y}年" for y in years]])
    for s in SECTIONS:
        ws.append([NAMES_2002[s], *[int(round(v(HN, EMP, y, s) * 1e4)) for y in years]])
    wb_save(wb, name)
    expect(name, HN, EMP, years, SECTIONS)


# f24: long form where 工资总额（亿元） rows (avg × employment / 10,000, must NOT land) sit among the others.
def f24():
    name = "f24_全国_长表_含工资总额.csv"
    years = [2012, 2013]
    rows = []
    for y in years:
        for s in SECTIONS:
            e, w = v(CN, EMP, y, s), v(CN, WAGE, y, s)
            rows += [[y, NAMES_2011[s], "城镇非私营单位就业人员", "万人", fmt(e)],
                     [y, NAMES_2011[s], "城镇非私营单位就业人员工资总额", "亿元", f"{e * w / 1e4:.1f}"],
                     [y, NAMES_2011[s], "城镇非私营单位就业人员平均工资", "元", fmt(w)]]
    with open(HERE / name, "w", encoding="utf-8", newline="") as f:
        w_ = csv.writer(f)
        w_.writerow(["年份", "行业", "指标", "单位", "全国"])
        w_.writerows(rows)
    expect(name, CN, EMP, years, SECTIONS); expect(name, CN, WAGE, years, SECTIONS)


# f25: Excel's 'Unicode 文本' save: UTF-16LE with BOM, tab-separated, with a T 国际组织 column of '-'.
def f25():
    name = "f25_全国平均工资_Unicode文本.txt"
    years = [2014, 2015]
    lines = ["全国城镇非私营单位就业人员平均工资(元)", "\t".join(["年份", *[f"{s} {NAMES_2011[s]}" for s in SECTIONS], "T 国际组织"])]
    for y in years:
        lines.append("\t".join([str(y), *[f"{v(CN, WAGE, y, s):.0f}" for s in SECTIONS], "-"]))
    (HERE / name).write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))
    expect(name, CN, WAGE, years, SECTIONS)


# f26: xlsx whose numbers are stored as text (green triangles), some with thousands separators.
def f26():
    name = "f26_河南就业人员_文本型数字.xlsx"
    years = [2009, 2010]
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["河南省城镇非私营单位分行业就业人员（万人）"])
    ws.append(["行业", *[f"{y}年" for y in years]])
    for s in SECTIONS:
        ws.append([NAMES_2002[s], *[f"{v(HN, EMP, y, s):,.4f}".rstrip("0").rstrip(".") for y in years]])
    wb_save(wb, name)
    expect(name, HN, EMP, years, SECTIONS)


# f27: yearbook footnote markers on labels ('金融业①', '教育*') and a spaced '合  计'.
def f27():
    name = "f27_全国就业人员_带注释符号.xlsx"
    years = [2005, 2006, 2007]
    marks = {"J": "①", "P": "*", "S": "②"}
    wb = openpyxl.Workbook(); ws = wb.active
    ws.append(["4-5  按行业分城镇单位就业人员（年底数）"]); ws.append([None, None, None, "单位：万人"])
    ws.append(["行  业", *[f"{y}" for y in years]])
    ws.append(["合  计", *[v(CN, EMP, y, "TOTAL") for y in years]])
    for s in SECTIONS:
        ws.append([NAMES_2002[s] + marks.get(s, ""), *[v(CN, EMP, y, s) for y in years]])
    ws.append(["①金融业含保险业。"]); ws.append(["②含社会保障。"]); ws.append(["*教育含学前教育。"])
    wb_save(wb, name)
    expect(name, CN, EMP, years, ["TOTAL"] + SECTIONS)


# f28: a yearbook web page's table saved with the .xls name (HTML inside, as many yearbook sites serve).
def f28():
    name = "f28_河南平均工资_网页另存.xls"
    years = [2011, 2012, 2013]
    cells = "".join(f"<td>{y}年</td>" for y in years)
    body = [f"<tr><td colspan=4>河南省城镇非私营单位分行业就业人员平均工资（元）</td></tr>", f"<tr><td>行业</td>{cells}</tr>"]
    for s in SECTIONS:
        body.append(f"<tr><td>{NAMES_2002[s]}</td>" + "".join(f"<td>{v(HN, WAGE, y, s):.0f}</td>" for y in years) + "</tr>")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
            '<table border=1>' + "\n".join(body) + "</table></body></html>")
    (HERE / name).write_bytes(html.encode("gb18030"))
    expect(name, HN, WAGE, years, SECTIONS)


def make_stable(path: Path) -> None:
    """Rewrite an xlsx with fixed zip times and core-property stamps: same bytes on every run."""
    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for fname, data in parts:
            if fname == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", data)
            z.writestr(zipfile.ZipInfo(fname, date_time=(2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    for fn in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28):
        fn()
    for xlsx in sorted(HERE.glob("f*.xlsx")):
        make_stable(xlsx)
    pd.DataFrame(EXPECTED).to_csv(HERE / "expected.csv", index=False, float_format="%.10g")
    print(len(EXPECTED), "expected figures in", len({e["file"] for e in EXPECTED}), "files")
