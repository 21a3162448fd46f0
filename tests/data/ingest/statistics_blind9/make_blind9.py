"""Generate the blind statistics set 9 and its answer key from the real sample tables.

Run from the repository root: ``python tests/data/ingest/statistics_blind9/make_blind9.py``.
Every figure comes from data/sample/statistics (NBS); the only derivations are exact unit
conversions, printed sums labelled 合计 and columns that must not land (growth, index,
share, rank).
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[4]
OUT = Path(__file__).resolve().parent
PROV = ROOT / "data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv"
NAT = ROOT / "data/sample/statistics/nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv"
SECTIONS = list("ABCDEFGHIJKLMNOPQRS")
HN, CN = "410000", "100000"
EMP, WAGE = "employment_10k", "avg_wage_cny_year"
MEASURE = {"employment_10k_persons": EMP, "avg_wage_yuan": WAGE}

random.seed(9)  # only the order of rows in file 05 is shuffled; figures are never drawn


def _load():
    """Return {(region, measure, year, code): (label, value)} from the two sample tables."""
    data = {}
    with PROV.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            data[(HN, MEASURE[r["measure"]], int(r["year"]), r["section"])] = (
                r["industry_label_src"], float(r["value"]))
    with NAT.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            data[(CN, MEASURE[r["measure"]], int(r["year"]), r["section"])] = (
                r["industry"], float(r["value"]))
    return data


D = _load()
KEY: list[tuple] = []


def v(region, measure, year, code):
    return D[(region, measure, year, code)][1]


def lab(region, measure, year, code):
    return D[(region, measure, year, code)][0]


def key(file, region, code, measure, year, value):
    KEY.append((file, region, code, "urban_units", measure, year, value))


def hn_sum(year):
    """Printed 合计 of Henan employment: the sum of the 19 sections, 4 decimals."""
    return round(sum(v(HN, EMP, year, s) for s in SECTIONS), 4)


def fmt(x):
    return f"{x:.4f}".rstrip("0").rstrip(".")


def f01():
    name = "01_henan_yearbook_emp_gbk.csv"
    years = [2015, 2016, 2017]
    rows = [["3-12  河南省分行业城镇非私营单位就业人员（年末数）"], ["", "", "", "", "单位：万人"],
            ["行    业", "2015", "2016", "2017", "2017年比上年增长(%)"]]
    tot = [hn_sum(y) for y in years]
    rows.append(["合    计", *map(fmt, tot), f"{(tot[2] / tot[1] - 1) * 100:.1f}"])
    for y, t in zip(years, tot):
        key(name, HN, "TOTAL", EMP, y, t)
    for s in SECTIONS:
        vals = [v(HN, EMP, y, s) for y in years]
        rows.append(["　　" + lab(HN, EMP, 2017, s), *map(fmt, vals),
                     f"{(vals[2] / vals[1] - 1) * 100:.1f}"])
        for y, x in zip(years, vals):
            key(name, HN, s, EMP, y, x)
    rows.append(["注：本表为城镇非私营单位数据，不含私营单位和个体户。"])
    with (OUT / name).open("w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows(rows)


def f02():
    name = "02_henan_nbs_portal_wage.csv"
    years = [2017, 2016, 2015, 2014, 2013]
    rows = [["数据库：分省年度数据"], ["地区：河南省"], ["时间：最近5年"],
            ["指标", *[f"{y}年" for y in years]]]
    for s in SECTIONS:
        rows.append([f"{lab(HN, WAGE, 2017, s)}城镇单位就业人员平均工资(元)",
                     *[str(int(v(HN, WAGE, y, s))) for y in years]])
        for y in years:
            key(name, HN, s, WAGE, y, v(HN, WAGE, y, s))
    rows += [["注：2009年起按新口径统计。"], ["数据来源：国家统计局"]]
    with (OUT / name).open("w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows(rows)


def f03():
    name = "03_henan_two_measures_merged.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["河南省2016—2017年分行业城镇非私营单位就业人员和平均工资"])
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["行业", "2016年", None, "2017年", None])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:C3")
    ws.merge_cells("D3:E3")
    ws.append([None, "就业人员(人)", "平均工资(元)", "就业人员(人)", "平均工资(元)"])
    for s in SECTIONS:
        row = [lab(HN, EMP, 2017, s)]
        for y in (2016, 2017):
            persons = round(v(HN, EMP, y, s) * 10000)
            row += [persons, int(v(HN, WAGE, y, s))]
            key(name, HN, s, EMP, y, persons / 10000)
            key(name, HN, s, WAGE, y, v(HN, WAGE, y, s))
        ws.append(row)
    wb.save(OUT / name)


def f04():
    name = "04_national_wage_wanyuan.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "4-13"
    ws.append(["4-13 全国城镇非私营单位分行业就业人员平均工资"])
    ws.append([None, None, None, "单位：万元"])
    ws.append(["行业", "2016年", "2017年", "2017年比2016年增长(%)"])
    for s in ["TOTAL", *SECTIONS]:
        a, b = v(CN, WAGE, 2016, s), v(CN, WAGE, 2017, s)
        label = "合计" if s == "TOTAL" else lab(CN, WAGE, 2017, s)
        ws.append([label, a / 10000, b / 10000, round((b / a - 1) * 100, 1)])
        key(name, CN, s, WAGE, 2016, a)
        key(name, CN, s, WAGE, 2017, b)
    ws.append(["注：本表为城镇非私营单位就业人员平均工资。"])
    wb.save(OUT / name)


def f05():
    name = "05_henan_db_export_utf16.txt"
    lines = [["地区代码", "地区", "行业代码", "行业名称", "指标", "计量单位", "年份", "数值", "同比(%)"]]
    body = []
    for y in (2009, 2010):
        for s in SECTIONS:
            x = v(HN, EMP, y, s)
            g = "" if y == 2009 else f"{(x / v(HN, EMP, 2009, s) - 1) * 100:.2f}"
            body.append([HN, "河南省", s, lab(HN, EMP, y, s), "城镇单位就业人员", "万人", str(y), fmt(x), g])
            key(name, HN, s, EMP, y, x)
    random.shuffle(body)
    text = "\r\n".join("\t".join(r) for r in lines + body) + "\r\n"
    (OUT / name).write_bytes(text.encode("utf-16"))


def f06():
    name = "06_henan_colleague_text_numbers.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "工资"
    ws.append(["河南 城镇非私营单位平均工资 2014-2015（元）"])
    ws.append(["序号", "行业", "2014年", "2015年", "2015年排名"])
    ranked = sorted(SECTIONS, key=lambda s: -v(HN, WAGE, 2015, s))
    for i, s in enumerate(SECTIONS, 1):
        a, b = v(HN, WAGE, 2014, s), v(HN, WAGE, 2015, s)
        ws.append([i, f"{s} {lab(HN, WAGE, 2015, s)}", f"{int(a):,} ", f"{int(b):,} ",
                   ranked.index(s) + 1])
        key(name, HN, s, WAGE, 2014, a)
        key(name, HN, s, WAGE, 2015, b)
    wb.save(OUT / name)


def f07():
    name = "07_nat_henan_side_by_side.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2017"
    ws.append(["2017年分行业城镇非私营单位就业人员（万人）"])
    ws.append(["行业", "全国", "河南", "河南占全国(%)"])
    for s in ["TOTAL", *SECTIONS]:
        c = v(CN, EMP, 2017, s)
        h = hn_sum(2017) if s == "TOTAL" else v(HN, EMP, 2017, s)
        label = "合计" if s == "TOTAL" else lab(CN, EMP, 2017, s)
        ws.append([label, c, h, round(h / c * 100, 2)])
        key(name, CN, s, EMP, 2017, c)
        key(name, HN, s, EMP, 2017, h)
    wb.save(OUT / name)


def f08():
    name = "08_henan_sheets_per_year.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for y in (2012, 2013):
        ws = wb.create_sheet(f"{y}年")
        ws.append(["河南省城镇非私营单位分行业平均工资"])
        ws.append([None, None, "单位：元"])
        ws.append(["行业", "平均工资", "指数(上年=100)"])
        for s in SECTIONS:
            x = v(HN, WAGE, y, s)
            ws.append([lab(HN, WAGE, y, s), int(x), round(x / v(HN, WAGE, y - 1, s) * 100, 1)])
            key(name, HN, s, WAGE, y, x)
    notes = wb.create_sheet("说明")
    notes.append(["数据来源：河南统计年鉴（国家统计局分省年度数据）。"])
    wb.save(OUT / name)


def f09():
    name = "09_henan_api_records.json"
    recs = []
    for s in SECTIONS:
        x = v(HN, EMP, 2014, s)
        recs.append({"地区": "河南省", "年份": "2014年", "行业": lab(HN, EMP, 2014, s),
                     "指标": "城镇单位就业人员", "单位": "万人", "数值": fmt(x)})
        key(name, HN, s, EMP, 2014, x)
    doc = {"code": 0, "msg": "success", "data": {"total": len(recs), "list": recs}}
    (OUT / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def f10():
    name = "10_henan_pdf_copy.txt"
    lines = ["河南省城镇非私营单位分行业就业人员平均工资", "单位：元",
             "行    业" + " " * 30 + "2010        2011"]
    for s in SECTIONS:
        label = lab(HN, WAGE, 2011, s)
        if len(label) <= 3:  # a PDF copy spreads short labels to the column width
            label = " ".join(label)
        a, b = v(HN, WAGE, 2010, s), v(HN, WAGE, 2011, s)
        lines.append(f"{label:<32}{int(a):>8}    {int(b):>8}")
        key(name, HN, s, WAGE, 2010, a)
        key(name, HN, s, WAGE, 2011, b)
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def f11():
    name = "11_national_emp_share.csv"
    tot = v(CN, EMP, 2019, "TOTAL")
    rows = [["2019年全国分行业城镇非私营单位就业人员"], ["行业", "城镇单位就业人员(万人)", "构成(%)"]]
    for s in ["TOTAL", *SECTIONS]:
        x = v(CN, EMP, 2019, s)
        rows.append(["合计" if s == "TOTAL" else lab(CN, EMP, 2019, s), fmt(x), f"{x / tot * 100:.2f}"])
        key(name, CN, s, EMP, 2019, x)
    with (OUT / name).open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


ENGLISH = {
    "A": "Agriculture, Forestry, Animal Husbandry and Fishery", "B": "Mining",
    "C": "Manufacturing", "D": "Production and Supply of Electricity, Heat, Gas and Water",
    "E": "Construction", "F": "Wholesale and Retail Trades", "G": "Transport, Storage and Post",
    "H": "Hotels and Catering Services",
    "I": "Information Transmission, Software and Information Technology",
    "J": "Financial Intermediation", "K": "Real Estate", "L": "Leasing and Business Services",
    "M": "Scientific Research and Technical Services",
    "N": "Management of Water Conservancy, Environment and Public Facilities",
    "O": "Services to Households, Repair and Other Services", "P": "Education",
    "Q": "Health and Social Service", "R": "Culture, Sports and Entertainment",
    "S": "Public Management, Social Security and Social Organization",
}


def f12():
    name = "12_national_wage_english.csv"
    rows = [["Average Wage of Employed Persons in Urban Non-private Units by Sector (2018)"],
            ["(yuan)"], ["Sector", "2018"]]
    for s in ["TOTAL", *SECTIONS]:
        rows.append(["National Total" if s == "TOTAL" else ENGLISH[s], str(int(v(CN, WAGE, 2018, s)))])
        key(name, CN, s, WAGE, 2018, v(CN, WAGE, 2018, s))
    with (OUT / name).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def main():
    for make in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12):
        make()
    with (OUT / "expected.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "region_code", "industry_code", "scope", "measure", "year", "value"])
        w.writerows(KEY)


if __name__ == "__main__":
    main()
