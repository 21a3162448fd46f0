"""Build blind set 8 of statistics inputs and its answer key (expected.csv).

Every figure is copied from the repository's real samples:
- data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv (Henan, 城镇非私营单位)
- data/sample/statistics/nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv
  (national, 城镇非私营单位, vintage new_2010-2021) and the NBS portal workbooks in
  data/sample/statistics/nbs_national/new_2010-2021/ (国有单位, wage universes, 三次产业).
Derived only by exact unit conversion (万人 -> 人 or 千人), printed sums (合计/总计 of the
sections as printed), and columns that must not land (growth, indices, shares, ranks, ratios).

Run from the repository root:  python tests/data/ingest/statistics_blind8/make_blind8.py
"""
from __future__ import annotations

import csv
import io
import json
import random
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import xlwt
from openpyxl.styles import Alignment, Font

random.seed(8)
ROOT = Path(__file__).resolve().parents[4]
OUT = Path(__file__).resolve().parent
SAMPLE = ROOT / "data/sample/statistics"
SECTIONS = list("ABCDEFGHIJKLMNOPQRS")
HN, CN = "410000", "100000"
EMP, WAGE = "employment_10k", "avg_wage_cny_year"

N2011 = dict(zip(SECTIONS, [
    "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业",
    "批发和零售业", "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业",
    "金融业", "房地产业", "租赁和商务服务业", "科学研究和技术服务业",
    "水利、环境和公共设施管理业", "居民服务、修理和其他服务业", "教育", "卫生和社会工作",
    "文化、体育和娱乐业", "公共管理、社会保障和社会组织"]))
N2002 = dict(zip(SECTIONS, [
    "农、林、牧、渔业", "采矿业", "制造业", "电力、燃气及水的生产和供应业", "建筑业",
    "批发和零售业", "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、计算机服务和软件业",
    "金融业", "房地产业", "租赁和商务服务业", "科学研究、技术服务和地质勘查业",
    "水利、环境和公共设施管理业", "居民服务和其他服务业", "教育", "卫生、社会保障和社会福利业",
    "文化、体育和娱乐业", "公共管理和社会组织"]))
EN = dict(zip(SECTIONS, [
    "Agriculture, Forestry, Animal Husbandry and Fishery", "Mining", "Manufacturing",
    "Production and Supply of Electricity, Heat, Gas and Water", "Construction",
    "Wholesale and Retail Trades", "Transport, Storage and Post", "Hotels and Catering Services",
    "Information Transmission, Software and Information Technology", "Financial Intermediation",
    "Real Estate", "Leasing and Business Services", "Scientific Research and Technical Services",
    "Management of Water Conservancy, Environment and Public Facilities",
    "Services to Households, Repair and Other Services", "Education",
    "Health and Social Service", "Culture, Sports and Entertainment",
    "Public Management, Social Security and Social Organization"]))

# ---------------------------------------------------------------- real figures
_hn = pd.read_csv(SAMPLE / "nbs_provincial/henan_by_section_2009-2017.csv")
HN_EMP = {(int(r.year), r.section): float(r.value) for r in _hn[_hn.measure == "employment_10k_persons"].itertuples()}
HN_WAGE = {(int(r.year), r.section): float(r.value) for r in _hn[_hn.measure == "avg_wage_yuan"].itertuples()}
_cn = pd.read_csv(SAMPLE / "nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv")
_cn = _cn[_cn.vintage == "new_2010-2021"]
CN_EMP = {(int(r.year), r.section): float(r.value) for r in _cn[_cn.measure == "employment_10k_persons"].itertuples()}
CN_WAGE = {(int(r.year), r.section): float(r.value) for r in _cn[_cn.measure == "avg_wage_yuan"].itertuples()}
_NEW = SAMPLE / "nbs_national/new_2010-2021"
_w = pd.read_excel(_NEW / "城镇单位就业人员平均工资和指数.xlsx", index_col=0)
_w.index = [int(str(i)[:4]) for i in _w.index]
CN_WAGE_SCOPES = {  # column -> scope
    "城镇单位就业人员平均工资": "urban_units", "国有单位就业人员平均工资": "state_units",
    "城镇集体单位就业人员平均工资": "collective_units", "其他单位就业人员平均工资": "other_units",
    "城镇单位在岗职工平均工资": "urban_units_on_post"}
_s = pd.read_excel(_NEW / "按行业分国有单位就业人员.xlsx", index_col=0)
_s.index = [int(str(i)[:4]) for i in _s.index]
STATE_LABEL = {  # the portal's (2002-edition) labels of the 国有单位 table
    "农林牧渔业": "A", "采矿业": "B", "制造业": "C", "电力、燃气及水的生产和供应业": "D", "建筑业": "E",
    "批发和零售业": "F", "交通运输、仓储及邮电通信业": "G", "住宿和餐饮业": "H",
    "信息传输、计算机服务和软件业": "I", "金融业": "J", "房地产业": "K", "租赁和商务服务业": "L",
    "科学研究、技术服务和地质勘查业": "M", "水利、环境和公共设施管理业": "N",
    "居民服务和其他服务业": "O", "教育业": "P", "卫生、社会保障和社会福利业": "Q",
    "文化、体育和娱乐业": "R", "公共管理和社会组织": "S"}
CN_STATE = {}
for col in _s.columns:
    lab = col.replace("国有单位就业人员", "")
    code = STATE_LABEL[lab] if lab else "TOTAL"
    for y, v in _s[col].items():
        if pd.notna(v):
            CN_STATE[(y, code)] = float(v)
_t = pd.read_excel(_NEW / "按三次产业分就业人员数.xlsx", index_col=0)
_t.index = [int(str(i)[:4]) for i in _t.index]

KEY: list[dict] = []


def key(file, region, ind, scope, measure, year, value):
    KEY.append(dict(file=file, region_code=region, industry_code=ind, scope=scope,
                    measure=measure, year=year, value=value))


def fnum(v: float, nd: int = 6) -> str:
    """A figure as the source prints it: no float noise, no trailing zeros."""
    s = f"{v:.{nd}f}".rstrip("0").rstrip(".")
    return s


def psum(vals, nd=4) -> float:
    """The printed sum of printed figures (Decimal, so 合计 is exact to its decimals)."""
    return float(round(sum(Decimal(fnum(v, nd)) for v in vals), nd))


def ws_rows(ws, rows, start=1):
    for i, row in enumerate(rows, start):
        for j, v in enumerate(row, 1):
            if v is not None:
                ws.cell(i, j, v)


# ---------------------------------------------------------------- 01 Henan yearbook xlsx
def f01():
    name = "01_河南统计年鉴2018_4-6_按行业分城镇非私营单位就业人员.xlsx"
    years = [2013, 2014, 2015, 2016, 2017]
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "4-6"
    ws["A1"] = "4-6  按行业分城镇非私营单位就业人员（2013-2017年）"
    ws["A2"] = "Employed Persons in Urban Non-private Units by Sector (2013-2017)"
    ws.merge_cells("A1:F1"); ws.merge_cells("A2:F2")
    ws["F3"] = "单位：万人\n(10 000 persons)"
    ws.cell(4, 1, "行    业\nSector")
    for j, y in enumerate(years, 2):
        ws.cell(4, j, y)
    r = 5
    ws.cell(r, 1, "总    计\nTotal")
    for j, y in enumerate(years, 2):
        tot = psum([HN_EMP[(y, s)] for s in SECTIONS])
        ws.cell(r, j, tot); key(name, HN, "TOTAL", "urban_units", EMP, y, tot)
    for s in SECTIONS:
        r += 1
        ws.cell(r, 1, f"{N2011[s]}\n{EN[s]}")
        for j, y in enumerate(years, 2):
            ws.cell(r, j, float(fnum(HN_EMP[(y, s)], 4))); key(name, HN, s, "urban_units", EMP, y, HN_EMP[(y, s)])
    ws.cell(r + 2, 1, "注：本表为城镇非私营单位数据，不含私营单位和个体户。")
    ws.cell(r + 3, 1, "资料来源：河南省统计局。")
    wb.save(OUT / name)


# ---------------------------------------------------------------- 02 Henan xls (BIFF), one year, growth column
def f02():
    name = "02_4-11_2016年分行业城镇非私营单位平均工资.xls"
    wb = xlwt.Workbook(encoding="utf-8"); ws = wb.add_sheet("4-11")
    ws.write_merge(0, 0, 0, 2, "4-11  河南省分行业城镇非私营单位就业人员平均工资（2016年）")
    ws.write(1, 2, "单位：元")
    ws.write(2, 0, "行业"); ws.write(2, 1, "平均工资"); ws.write(2, 2, "比上年增长（%）")
    for i, s in enumerate(SECTIONS, 3):
        w16, w15 = HN_WAGE[(2016, s)], HN_WAGE[(2015, s)]
        ws.write(i, 0, ("  " if s != "A" else "") + N2011[s])
        ws.write(i, 1, int(w16)); ws.write(i, 2, round((w16 / w15 - 1) * 100, 1))
        key(name, HN, s, "urban_units", WAGE, 2016, w16)
    ws.write(len(SECTIONS) + 4, 0, "注：增长速度按现价计算。")
    wb.save(str(OUT / name))


# ---------------------------------------------------------------- 03 data.stats.gov.cn 分省年度数据 csv, GBK
def f03():
    name = "03_分省年度数据_河南省_按行业分城镇单位就业人员.csv"
    years = list(range(2017, 2009, -1))
    buf = io.StringIO(); w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["数据库：分省年度数据"]); w.writerow(["地区：河南省"]); w.writerow(["时间：最近8年"])
    w.writerow(["指标"] + [f"{y}年" for y in years])
    for s in SECTIONS:
        w.writerow([f"{N2011[s]}城镇单位就业人员(万人)"] + [fnum(HN_EMP[(y, s)], 4) for y in years])
        for y in years:
            key(name, HN, s, "urban_units", EMP, y, HN_EMP[(y, s)])
    w.writerow(["注：1.2012年起执行新的国民经济行业分类标准。"])
    w.writerow(["数据来源：国家统计局"])
    (OUT / name).write_bytes(buf.getvalue().encode("gbk"))


# ---------------------------------------------------------------- 04 data.stats.gov.cn 年度数据 xlsx, wage universes + indices
def f04():
    name = "04_年度数据_城镇单位就业人员平均工资和指数.xlsx"
    years = list(range(2021, 2011, -1))
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "年度数据"
    rows = [["数据库：年度数据"], ["时间：最近10年"], ["指标"] + [f"{y}年" for y in years]]
    order = ["城镇单位就业人员平均工资", "城镇单位就业人员平均货币工资指数(上年=100)",
             "城镇单位就业人员平均实际工资指数(上年=100)", "国有单位就业人员平均工资",
             "城镇集体单位就业人员平均工资", "其他单位就业人员平均工资",
             "城镇单位在岗职工平均工资", "城镇单位在岗职工平均货币工资指数(上年=100)"]
    for col in order:
        if col in CN_WAGE_SCOPES:
            rows.append([f"{col}(元)"] + [int(_w.loc[y, col]) for y in years])
            for y in years:
                key(name, CN, "TOTAL", CN_WAGE_SCOPES[col], WAGE, y, float(int(_w.loc[y, col])))
        else:
            rows.append([col] + [round(float(_w.loc[y, col]), 1) for y in years])
    rows += [[], ["注：1.城镇单位就业人员平均工资指数按可比口径计算。"], ["数据来源：国家统计局"]]
    ws_rows(ws, rows)
    wb.save(OUT / name)


# ---------------------------------------------------------------- 05 EPS export xlsx (Henan wage 2012-2014)
def f05():
    name = "05_EPS_中国区域经济数据库_河南分行业平均工资.xlsx"
    years = [2012, 2013, 2014]
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Sheet1"
    rows = [["EPS DATA", None, None, None],
            ["中国区域经济数据库（年度）——分行业城镇单位就业人员平均工资"],
            ["地区", "指标", "行业", "单位"] + [str(y) for y in years]]
    for s in SECTIONS:
        rows.append(["河南", "城镇单位就业人员平均工资", N2011[s], "元"] + [int(HN_WAGE[(y, s)]) for y in years])
        for y in years:
            key(name, HN, s, "urban_units", WAGE, y, HN_WAGE[(y, s)])
    rows += [[], ["数据来源：EPS DATA整理，原始数据来源于国家统计局"]]
    ws_rows(ws, rows)
    wb.save(OUT / name)


# ---------------------------------------------------------------- 06 Wind export xlsx (Henan wage, selected sections)
def f06():
    name = "06_Wind_河南_城镇非私营单位平均工资_分行业.xlsx"
    secs = ["C", "D", "E", "F", "G", "I", "J", "P"]
    years = [2017, 2016, 2015, 2014, 2013]
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Sheet1"
    ws.cell(1, 1, "指标名称"); ws.cell(2, 1, "频率"); ws.cell(3, 1, "单位"); ws.cell(4, 1, "来源")
    for j, s in enumerate(secs, 2):
        ws.cell(1, j, f"河南:城镇非私营单位就业人员平均工资:{N2011[s]}")
        ws.cell(2, j, "年"); ws.cell(3, j, "元"); ws.cell(4, j, "河南省统计局")
    for i, y in enumerate(years, 5):
        ws.cell(i, 1, f"{y}-12-31")
        for j, s in enumerate(secs, 2):
            ws.cell(i, j, HN_WAGE[(y, s)]); key(name, HN, s, "urban_units", WAGE, y, HN_WAGE[(y, s)])
    ws.cell(len(years) + 6, 1, "数据来源：Wind")
    wb.save(OUT / name)


# ---------------------------------------------------------------- 07 CEIC English csv, thousand persons
def f07():
    name = "07_CEIC_China_Employment_Urban_Non-Private_Units_by_Industry.csv"
    secs = ["TOTAL", "B", "C", "D", "E", "F", "G", "I", "J", "P", "Q"]
    years = [2016, 2017, 2018, 2019, 2020]
    buf = io.StringIO(); w = csv.writer(buf, lineterminator="\n")
    names = ["China: No of Employee: Urban Non Private Units" if s == "TOTAL"
             else f"China: No of Employee: Urban Non Private Units: {EN[s]}" for s in secs]
    w.writerow([""] + names)
    w.writerow(["Region"] + ["China"] * len(secs))
    w.writerow(["Frequency"] + ["Annual"] * len(secs))
    w.writerow(["Unit"] + ["Person th"] * len(secs))
    w.writerow(["Source"] + ["National Bureau of Statistics"] * len(secs))
    for y in years:
        row = [f"12/{y}"]
        for s in secs:
            v = CN_EMP[(y, s)]
            row.append(fnum(float(Decimal(fnum(v, 7)) * 10), 7))
            key(name, CN, s, "urban_units", EMP, y, float(Decimal(fnum(v, 7))))
        w.writerow(row)
    (OUT / name).write_text(buf.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------- 08 colleague's long csv, 人, UTF-8 BOM
def f08():
    name = "08_河南分行业就业人数_长表.csv"
    buf = io.StringIO(); w = csv.writer(buf, lineterminator="\n")
    w.writerow(["年份", "地区", "行业代码", "行业名称", "指标", "计量单位", "数值"])
    for y in (2014, 2015):
        for s in SECTIONS:
            v = HN_EMP[(y, s)]
            persons = int(Decimal(fnum(v, 4)) * 10000)
            w.writerow([y, "河南省", s, N2011[s], "城镇非私营单位就业人员", "人", persons])
            key(name, HN, s, "urban_units", EMP, y, v)
    (OUT / name).write_text(buf.getvalue(), encoding="utf-8-sig")


# ---------------------------------------------------------------- 09 colleague's workbook: notes, merged header, text numbers, growth sheet
def f09():
    name = "09_河南就业工资汇总（2016-2017）_同事整理.xlsx"
    wb = openpyxl.Workbook()
    ws0 = wb.active; ws0.title = "说明"
    ws0["A1"] = "说明"; ws0["A2"] = "1. 数据摘自《河南统计年鉴》，口径为城镇非私营单位。"
    ws0["A3"] = "2. 工资为年平均货币工资，就业人员为年末人数。"; ws0["A4"] = "整理：规划科  2019年3月"
    ws = wb.create_sheet("就业和工资")
    ws["A1"] = "河南省城镇非私营单位分行业就业人员和平均工资"; ws.merge_cells("A1:E1")
    ws["A2"] = "行业"; ws.merge_cells("A2:A3")
    ws["B2"] = "2016年"; ws.merge_cells("B2:C2"); ws["D2"] = "2017年"; ws.merge_cells("D2:E2")
    for c in ("B3", "D3"):
        ws[c] = "就业人员（万人）"
    for c in ("C3", "E3"):
        ws[c] = "平均工资（元）"
    for i, s in enumerate(SECTIONS, 4):
        ws.cell(i, 1, N2011[s])
        for j, y in ((2, 2016), (4, 2017)):
            e = fnum(HN_EMP[(y, s)], 4)
            ws.cell(i, j, e if i % 3 == 0 else float(e))           # some cells typed as text
            ws.cell(i, j + 1, f"{int(HN_WAGE[(y, s)]):,}")           # thousands separators, text
            key(name, HN, s, "urban_units", EMP, y, HN_EMP[(y, s)])
            key(name, HN, s, "urban_units", WAGE, y, HN_WAGE[(y, s)])
    ws.cell(len(SECTIONS) + 5, 1, "注：工资数据为文本格式，引用时请转换。")
    g = wb.create_sheet("增速")
    g["A1"] = "2017年比2016年增长（%）"
    g["A2"] = "行业"; g["B2"] = "就业人员增长（%）"; g["C2"] = "平均工资增长（%）"
    for i, s in enumerate(SECTIONS, 3):
        g.cell(i, 1, N2011[s])
        g.cell(i, 2, round((HN_EMP[(2017, s)] / HN_EMP[(2016, s)] - 1) * 100, 1))
        g.cell(i, 3, round((HN_WAGE[(2017, s)] / HN_WAGE[(2016, s)] - 1) * 100, 1))
    wb.save(OUT / name)


# ---------------------------------------------------------------- 10 saved bureau web page (GBK html), state units
def f10():
    name = "10_按行业分国有单位就业人员_国家统计局.htm"
    years = [2019, 2020, 2021]
    label = {v: k for k, v in STATE_LABEL.items()}
    body = ["<tr><td>指标</td>" + "".join(f"<td>{y}年</td>" for y in years) + "</tr>"]
    for code in ["TOTAL"] + SECTIONS:
        lab = "国有单位就业人员" if code == "TOTAL" else f"{label[code]}国有单位就业人员"
        cells = "".join(f"<td align=right>{fnum(CN_STATE[(y, code)], 6)}</td>" for y in years)
        body.append(f"<tr><td>{lab}(万人)</td>{cells}</tr>")
        for y in years:
            key(name, CN, code, "state_units", EMP, y, float(fnum(CN_STATE[(y, code)], 6)))
    html = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>国家数据 - 按行业分国有单位就业人员</title></head>
<body><div class="nav">首页 &gt; 数据查询 &gt; 年度数据 &gt; 就业人员和工资</div>
<h2>按行业分国有单位就业人员</h2>
<p>数据库：年度数据&nbsp;&nbsp;地区：全国</p>
<table border="1" cellspacing="0" class="public_table">
{chr(10).join(body)}
</table>
<p>数据来源：国家统计局</p>
<div class="foot">版权所有：国家统计局</div></body></html>
"""
    (OUT / name).write_bytes(html.encode("gbk"))


# ---------------------------------------------------------------- 11 transposed: years down, industries across (codes + bilingual)
def f11():
    name = "11_全国城镇非私营单位就业人员_年份为行.xlsx"
    secs = ["TOTAL", "A", "C", "E", "G", "I", "M", "P", "Q"]
    years = [2018, 2019, 2020, 2021]
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "全国"
    ws["A1"] = "全国城镇非私营单位就业人员（年末数，万人）"
    ws.cell(2, 1, "年份\nYear")
    for j, s in enumerate(secs, 2):
        ws.cell(2, j, "合计\nTotal" if s == "TOTAL" else f"{s} {N2011[s]}\n{EN[s]}")
    for i, y in enumerate(years, 3):
        ws.cell(i, 1, f"{y}年末")
        for j, s in enumerate(secs, 2):
            v = float(fnum(CN_EMP[(y, s)], 4))
            ws.cell(i, j, v); key(name, CN, s, "urban_units", EMP, y, v)
    wb.save(OUT / name)


# ---------------------------------------------------------------- 12 Excel "Unicode text" (UTF-16LE, tabs), 2002-edition labels
def f12():
    name = "12_河南省按行业分城镇单位就业人员_2009-2011.txt"
    years = [2009, 2010, 2011]
    lines = ["河南省按行业分城镇单位就业人员（2009-2011年）\t\t\t", "单位：万人\t\t\t",
             "行业\t" + "\t".join(f"{y}年" for y in years)]
    for s in SECTIONS:
        lines.append(N2002[s] + "\t" + "\t".join(fnum(HN_EMP[(y, s)], 4) for y in years))
        for y in years:
            key(name, HN, s, "urban_units", EMP, y, HN_EMP[(y, s)])
    (OUT / name).write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))


# ---------------------------------------------------------------- 13 text copied from a PDF yearbook page
def f13():
    name = "13_河南平均工资_年鉴文本复制.txt"
    years = [2012, 2013]
    lines = ["4-12 河南省分行业城镇非私营单位就业人员平均工资", "", "                                          单位：元",
             "行    业" + "".join(f"{y:>14d}" for y in years)]
    for s in SECTIONS:
        lab = N2011[s]
        lines.append(lab + "\u3000" * max(1, 16 - len(lab)) + "".join(f"{int(HN_WAGE[(y, s)]):>14d}" for y in years))
        for y in years:
            key(name, HN, s, "urban_units", WAGE, y, HN_WAGE[(y, s)])
    lines += ["", "资料来源：《河南统计年鉴2014》"]
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- 14 China Statistical Yearbook, English version
def f14():
    name = "14_CSY2022_4-13_Average_Wage_by_Sector_(English).xlsx"
    years = [2019, 2020, 2021]
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "4-13"
    ws["A1"] = "4-13  Average Wage of Employed Persons in Urban Non-private Units by Sector"
    ws["D2"] = "(yuan)"
    ws.cell(3, 1, "Sector")
    for j, y in enumerate(years, 2):
        ws.cell(3, j, y)
    ws.cell(4, 1, "National Total")
    for j, y in enumerate(years, 2):
        ws.cell(4, j, int(CN_WAGE[(y, "TOTAL")])); key(name, CN, "TOTAL", "urban_units", WAGE, y, CN_WAGE[(y, "TOTAL")])
    for i, s in enumerate(SECTIONS, 5):
        ws.cell(i, 1, EN[s])
        for j, y in enumerate(years, 2):
            ws.cell(i, j, int(CN_WAGE[(y, s)])); key(name, CN, s, "urban_units", WAGE, y, CN_WAGE[(y, s)])
    wb.save(OUT / name)


# ---------------------------------------------------------------- 15 中国劳动统计年鉴: 三次产业 with 构成 (two-row header csv)
def f15():
    name = "15_中国劳动统计年鉴_1-5_按三次产业分就业人员数.csv"
    years = list(range(2016, 2022))
    buf = io.StringIO(); w = csv.writer(buf, lineterminator="\n")
    w.writerow(["1-5 全国按三次产业分就业人员数（年底数）"])
    w.writerow(["年份", "就业人员（万人）", "", "", "", "构成（%）", "", ""])
    w.writerow(["", "合计", "第一产业", "第二产业", "第三产业", "第一产业", "第二产业", "第三产业"])
    for y in years:
        tot = float(_t.loc[y, "就业人员"])
        p1, p2, p3 = (float(_t.loc[y, c]) for c in ("第一产业就业人员", "第二产业就业人员", "第三产业就业人员"))
        w.writerow([y, fnum(tot), fnum(p1), fnum(p2), fnum(p3)] + [f"{p / tot * 100:.1f}" for p in (p1, p2, p3)])
        key(name, CN, "TOTAL", "all_employed", EMP, y, tot)
    w.writerow(["注：就业人员数据根据劳动力调查、全国人口普查推算。"])
    (OUT / name).write_text(buf.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------- 16 yearbook table with 比重 and 位次 columns
def f16():
    name = "16_2015年河南省分行业就业人员和平均工资（含比重位次）.xlsx"
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "2015"
    ws["A1"] = "2015年河南省城镇非私营单位分行业就业人员和平均工资"; ws.merge_cells("A1:E1")
    ws.append(["行业", "就业人员（万人）", "比重（%）", "平均工资（元）", "位次"])
    tot = sum(Decimal(fnum(HN_EMP[(2015, s)], 4)) for s in SECTIONS)
    order = sorted(SECTIONS, key=lambda s: -HN_WAGE[(2015, s)])
    for s in SECTIONS:
        e = Decimal(fnum(HN_EMP[(2015, s)], 4))
        ws.append([N2011[s], float(e), round(float(e / tot * 100), 2), int(HN_WAGE[(2015, s)]), order.index(s) + 1])
        key(name, HN, s, "urban_units", EMP, 2015, HN_EMP[(2015, s)])
        key(name, HN, s, "urban_units", WAGE, 2015, HN_WAGE[(2015, s)])
    ws.append([]); ws.append(["注：位次按平均工资由高到低排列。"])
    wb.save(OUT / name)


# ---------------------------------------------------------------- 17 data.stats.gov.cn easyquery JSON
def f17():
    name = "17_easyquery_hgnd_城镇单位就业人员_分行业.json"
    years = [2020, 2021]
    zb = {s: f"A04020{i:02d}" for i, s in enumerate(["TOTAL"] + SECTIONS, 1)}  # placeholder codes
    nodes, zbnodes = [], []
    for s in ["TOTAL"] + SECTIONS:
        cname = "城镇单位就业人员" if s == "TOTAL" else f"{N2011[s]}城镇单位就业人员"
        zbnodes.append({"cname": cname, "code": zb[s], "dotcount": 4, "exp": "", "ifshowcode": False,
                        "memo": "", "name": cname, "nodesort": "1", "sortcode": 1, "tag": "", "unit": "万人"})
        for y in years:
            v = CN_EMP[(y, s)]
            nodes.append({"code": f"zb.{zb[s]}_sj.{y}",
                          "data": {"data": v, "dotcount": 2, "hasdata": True, "strdata": f"{v:.2f}"},
                          "wds": [{"valuecode": zb[s], "wdcode": "zb"}, {"valuecode": str(y), "wdcode": "sj"}]})
            key(name, CN, s, "urban_units", EMP, y, v)
    doc = {"returncode": 200, "returndata": {"datanodes": nodes, "freshsort": 0, "hasdatacount": len(nodes),
           "wdnodes": [{"nodes": zbnodes, "wdcode": "zb", "wdname": "指标"},
                       {"nodes": [{"cname": f"{y}年", "code": str(y), "name": f"{y}年", "sortcode": 1} for y in years],
                        "wdcode": "sj", "wdname": "时间"}]}}
    (OUT / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------- 18 two regions side by side, ratio column, missing total
def f18():
    name = "18_2017年全国和河南分行业平均工资对比.xlsx"
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = "对比"
    ws["A1"] = "2017年分行业城镇非私营单位就业人员平均工资"; ws.merge_cells("A1:D1")
    ws["D2"] = "单位：元"
    ws.append(["行业", "全国", "河南省", "河南为全国的%"])
    ws.append(["合计", int(CN_WAGE[(2017, "TOTAL")]), "…", None])
    key(name, CN, "TOTAL", "urban_units", WAGE, 2017, CN_WAGE[(2017, "TOTAL")])
    for s in SECTIONS:
        c, h = CN_WAGE[(2017, s)], HN_WAGE[(2017, s)]
        ws.append([N2011[s], int(c), int(h), round(h / c * 100, 1)])
        key(name, CN, s, "urban_units", WAGE, 2017, c)
        key(name, HN, s, "urban_units", WAGE, 2017, h)
    wb.save(OUT / name)


if __name__ == "__main__":
    for f in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18):
        f()
    pd.DataFrame(KEY).to_csv(OUT / "expected.csv", index=False, float_format="%.10g")
    print(len(KEY), "figures in", len({k["file"] for k in KEY}), "files")
