"""Writes blind set 5's ten synthetic files and their answer keys (run once, before any ingest).

Every figure here is made up (CC0). The answer keys are written from the same tables as the
files, by what docs/data-dictionary.md says should land, before the ingestors were run.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

HERE = Path(__file__).parent
GRAD_FIELDS = ["college_code", "college_name", "major_code", "major_name_src", "year", "graduates", "employed",
               "further_study", "employed_in_province", "counterpart_employed", "starting_salary_cny_month",
               "destination_industries", "derived", "status"]
ENROL_FIELDS = ["college_code", "college_name", "major_code", "major_name_src", "year", "new_students",
                "new_students_basis", "students_in_school", "status"]
GRAD: list[dict] = []
ENROL: list[dict] = []


def grad(file, college, code, name, year, graduates, college_code="", **kw):
    row = {f: "" for f in GRAD_FIELDS}
    row.update(college_code=college_code, college_name=college, major_code=code, major_name_src=name,
               year=year, graduates=graduates, status="synthetic", **kw)
    GRAD.append({"file": file, **row})


def enrol(file, college, code, name, year, college_code="", **kw):
    row = {f: "" for f in ENROL_FIELDS}
    row.update(college_code=college_code, college_name=college, major_code=code, major_name_src=name,
               year=year, status="synthetic", **kw)
    ENROL.append({"file": file, **row})


def write_csv(name: str, rows: list[list], encoding: str = "utf-8") -> None:
    with open(HERE / name, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows(rows)


# --- G1: 就业质量年度报告 table, three graduating years as merged column groups -----------------
def g1() -> None:
    file, college = "g1_质量报告_三届列组.xlsx", "豫东模拟职业技术学院"
    majors = [("460301", "机电一体化技术"), ("510201", "计算机应用技术"), ("530302", "大数据与会计"),
              ("530701", "电子商务"), ("440301", "建筑工程技术")]
    data = {  # per major: (graduates, rate %, counterpart %) for 2022, 2023, 2024
        "机电一体化技术": [(186, 94.1, 78.3), (201, 93.5, 80.2), (214, 95.3, 81.0)],
        "计算机应用技术": [(152, 91.4, 70.6), (168, 90.5, 72.0), (175, 92.6, 73.4)],
        "大数据与会计": [(233, 92.7, 68.9), (241, 93.0, 69.5), (226, 94.2, 71.1)],
        "电子商务": [(98, 89.8, 61.2), (104, 90.4, 63.5), (117, 91.5, 64.0)],
        "建筑工程技术": [(143, 88.1, 75.5), (129, 87.6, 74.8), (110, 90.0, 76.2)],
    }
    wb = Workbook()
    ws = wb.active
    ws.title = "表2-3"
    ws.append([f"{college}2022—2024届各专业毕业生就业情况对比（模拟数据，非真实学校）"])
    ws.merge_cells("A1:K1")
    ws.append(["序号", "专业名称", "2022届", None, None, "2023届", None, None, "2024届", None, None])
    ws.append([None, None] + ["毕业生数（人）", "就业率", "专业对口率"] * 3)
    for rng in ("A2:A3", "B2:B3", "C2:E2", "F2:H2", "I2:K2"):
        ws.merge_cells(rng)
    totals = [0, 0, 0]
    for i, (code, name) in enumerate(majors, 1):
        cells = [i, name]
        for j, (g, r, c) in enumerate(data[name]):
            cells += [g, f"{r}%", f"{c}%"]
            totals[j] += g
            grad(file, college, code, name, 2022 + j, g)
        ws.append(cells)
    ws.append(["合计", None, totals[0], "92.0%", "71.6%", totals[1], "91.7%", "72.3%", totals[2], "93.2%", "73.6%"])
    ws.append(["注：就业率、专业对口率按学校年度就业质量报告口径计算；本表数据为模拟生成。"])
    wb.save(HERE / file)


# --- G2: transposed, majors as columns, indicators as rows -------------------------------------
def g2() -> None:
    file, college = "g2_专业为列_转置.csv", "豫西模拟职业学院"
    majors = [("520201", "护理"), ("520301", "药学"), ("520601", "康复治疗技术"), ("520501", "医学检验技术")]
    cols = {  # graduates, employed, further_study, in_province, counterpart, salary
        "护理": (420, 331, 58, 262, 301, 3620),
        "药学": (186, 139, 31, 97, 104, 3480),
        "康复治疗技术": (124, 96, 17, 71, 80, 3550),
        "医学检验技术": (97, 70, 19, 52, 61, 3700),
    }
    rows = [[f"{college}2024届毕业生去向统计表（模拟数据）"], ["单位：人、元/月"],
            ["指标"] + [n for _, n in majors]]
    labels = ["毕业生数", "就业人数", "升学人数", "省内就业人数", "专业对口就业人数", "平均月收入（元）"]
    for k, label in enumerate(labels):
        rows.append([label] + [cols[n][k] for _, n in majors])
    for code, name in majors:
        g, e, f, p, c, s = cols[name]
        grad(file, college, code, name, 2024, g, employed=e, further_study=f, employed_in_province=p,
             counterpart_employed=c, starting_salary_cny_month=s)
    write_csv(file, rows, encoding="utf-8-sig")


# --- G3: PDF converted to Excel: wrapped names split over rows, "95. 3%", page break ----------
def g3() -> None:
    file, college = "g3_PDF转换.xlsx", "豫北模拟职业技术学院"
    recs = [  # code, full name, split (first, rest) or None, graduates, further, rate text, rate, salary
        ("460305", "工业机器人技术", ("工业机器人技", "术"), 88, 9, "95. 3%", 0.953, 4120),
        ("460702", "新能源汽车技术", ("新能源汽车技", "术"), 132, 14, "93. 9%", 0.939, 4050),
        ("460306", "电气自动化技术", ("电气自动化技", "术"), 117, 12, "96. 6%", 0.966, 3980),
        ("510205", "大数据技术", None, 64, 11, "92. 2%", 0.922, 4300),
        ("510102", "物联网应用技术", ("物联网应用技", "术"), 73, 8, "90. 4%", 0.904, 3870),
        ("500211", "汽车检测与维修技术", ("汽车检测与维", "修技术"), 151, 10, "94. 7%", 0.947, 3760),
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "Table 1"
    ws.append([f"{college}2023届毕业生就业质量年度报告"])
    ws.append(["（模拟数据，仅供测试）"])
    ws.append(["表3-1  各专业毕业生就业情况"])
    header = ["序号", "专业名称", "毕业生数", "升学人数", "就业率", "月均收入（元）"]
    ws.append(header)
    for i, (code, name, split, g, f, rtext, rate, sal) in enumerate(recs, 1):
        if i == 4:  # the PDF's page break: page number and the header printed again
            ws.append([None, None, "— 12 —", None, None, None])
            ws.append(header)
        ws.append([i, split[0] if split else name, g, f, rtext, sal])
        if split:
            ws.append([None, split[1], None, None, None, None])
        employed = round(rate * g) - f
        grad(file, college, code, name, 2023, g, employed=employed, further_study=f,
             starting_salary_cny_month=sal, derived="employed")
    wb.save(HERE / file)


# --- G4: counts with 人, salary with 元, major as "代码-名称" in one cell ------------------------
def g4() -> None:
    file, college = "g4_人后缀_代码名称同格.csv", "豫南模拟职业技术学院"
    recs = [("520201", "护理", 312, 280, 18, 201, 240, "3,850"), ("530302", "大数据与会计", 205, 176, 21, 150, 121, "3,420"),
            ("540106", "酒店管理与数字化运营", 76, 69, 3, 38, 44, "3,300"), ("500201", "道路与桥梁工程技术", 118, 104, 6, 77, 90, "4,010"),
            ("440501", "工程造价", 164, 141, 15, 119, 102, "3,690")]
    rows = [["学校名称", "届别", "专业", "毕业生数", "就业人数", "升学人数", "省内就业", "专业对口人数", "平均起薪", "数据性质"]]
    for code, name, g, e, f, p, c, s in recs:
        rows.append([college, "2024届", f"{code}-{name}", f"{g}人", f"{e}人", f"{f}人", f"{p}人", f"{c}人", f"{s}元", "模拟数据"])
        grad(file, college, code, "*", 2024, g, employed=e, further_study=f, employed_in_province=p,
             counterpart_employed=c, starting_salary_cny_month=float(s.replace(",", "")))
    write_csv(file, rows, encoding="gb18030")


# --- G5: provincial platform JSON export, nested college object and majors list ---------------
def g5() -> None:
    file = "g5_平台导出.json"
    colleges = [
        ("4141099951", "中原模拟职业技术学院", [("510203", "软件技术", 210, 180, 15, 120),
                                              ("510202", "计算机网络技术", 96, 80, 9, 61)]),
        ("4141099952", "嵩山模拟职业技术学院", [("530605", "市场营销", 88, 75, 6, 52),
                                              ("530802", "现代物流管理", 143, 126, 8, 97),
                                              ("540101", "旅游管理", 57, 47, 5, 30)]),
    ]
    doc = {"code": 200, "message": "success", "data": {
        "title": "河南省高职毕业生就业数据填报平台导出（合成数据，学校与数字均为模拟）",
        "dataNature": "模拟数据", "graduationYear": "2024届", "total": 5, "records": []}}
    for ccode, cname, majors in colleges:
        entry = {"college": {"code": ccode, "name": cname}, "majors": []}
        for mcode, mname, g, e, f, p in majors:
            entry["majors"].append({"majorCode": mcode, "majorName": mname, "graduateCount": g,
                                    "employedCount": e, "furtherStudyCount": f, "inProvinceCount": p})
            grad(file, cname, mcode, mname, 2024, g, college_code=ccode, employed=e, further_study=f,
                 employed_in_province=p)
        doc["data"]["records"].append(entry)
    (HERE / file).write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")


# --- G6: 毕业去向 categories as columns under a merged 就业 header -----------------------------
def g6() -> None:
    file, college = "g6_毕业去向分类.xlsx", "豫中模拟职业技术学院"
    recs = [  # code, name, contract, flexible, self-employed, further, abroad, unemployed
        ("460103", "数控技术", 96, 21, 2, 11, 0, 7),
        ("520504", "口腔医学技术", 58, 17, 1, 14, 1, 5),
        ("520410", "中药学", 41, 22, 0, 19, 0, 8),
        ("500101", "铁道工程技术", 130, 8, 0, 6, 0, 3),
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "2023届"
    ws.append([f"{college}2023届毕业生毕业去向分布（模拟数据）"])
    ws.append(["单位：人"])
    ws.append(["专业代码", "专业名称", "毕业生数", "就业", None, None, "升学", "出国（境）", "待就业"])
    ws.append([None, None, None, "协议和合同就业", "灵活就业", "自主创业", None, None, None])
    for rng in ("A3:A4", "B3:B4", "C3:C4", "D3:F3", "G3:G4", "H3:H4", "I3:I4"):
        ws.merge_cells(rng)
    for code, name, con, flex, own, fur, ab, un in recs:
        g = con + flex + own + fur + ab + un
        ws.append([code, name, g, con, flex, own, fur, ab, un])
        grad(file, college, code, name, 2023, g, employed=con + flex + own, further_study=fur)
    wb.save(HERE / file)


# --- E1: 计划/录取/报到, each split 省内/省外 under merged headers --------------------------------
def e1() -> None:
    file, college = "e1_计划录取报到_省内省外.xlsx", "豫东模拟职业技术学院"
    recs = [("460301", "机电一体化技术", 180, 20, 176, 18, 168, 15), ("510201", "计算机应用技术", 150, 30, 150, 27, 141, 24),
            ("530302", "大数据与会计", 200, 10, 198, 10, 190, 9), ("530701", "电子商务", 90, 10, 84, 6, 77, 5)]
    wb = Workbook()
    ws = wb.active
    ws.title = "2024年招生"
    ws.append([f"{college}2024年分专业招生计划执行情况（模拟数据）"])
    ws.append(["专业代码", "专业名称", "招生计划", None, "录取人数", None, "报到人数", None])
    ws.append([None, None, "省内", "省外", "省内", "省外", "省内", "省外"])
    for rng in ("A2:A3", "B2:B3", "C2:D2", "E2:F2", "G2:H2"):
        ws.merge_cells(rng)
    for code, name, pi, po, ai, ao, ri, ro in recs:
        ws.append([code, name, pi, po, ai, ao, ri, ro])
        enrol(file, college, code, name, 2024, new_students=ri + ro, new_students_basis="registered")
    ws.append(["合计", None, 620, 70, 608, 61, 576, 53])
    wb.save(HERE / file)


# --- E2: 专科, 中职 and 五年制高职（前三年） rows of one college in one table --------------------
def e2() -> None:
    file, college = "e2_专科中职五年制混合.csv", "豫西模拟职业技术学院"
    recs = [  # level, name, code when the row is 专科, new, in school
        ("专科", "机电一体化技术", "460301", 160, 455), ("专科", "大数据与会计", "530302", 210, 598),
        ("专科", "计算机应用技术", "510201", 120, 344),
        ("中职", "护理", "", 90, 262), ("中职", "幼儿保育", "", 75, 210), ("中职", "汽车运用与维修", "", 60, 171),
        ("五年制高职（前三年）", "学前教育", "", 80, 236), ("五年制高职（前三年）", "康复治疗技术", "", 45, 128),
    ]
    rows = [["学校名称", "办学层次", "专业名称", "招生年份", "招生数", "在校生数", "数据性质"]]
    for level, name, code, new, ins in recs:
        rows.append([college, level, name, "2023", new, ins, "合成"])
        enrol(file, college, code, name, 2023, new_students=new, new_students_basis="enrolled", students_in_school=ins)
    write_csv(file, rows)


# --- E3: colleges by short name (real colleges, synthetic figures, labelled) -------------------
def e3() -> None:
    file = "e3_学校简称.csv"
    recs = [("郑铁职院", "4141010843", "500112", "铁道交通运营管理", 150, 441),
            ("郑铁职院", "4141010843", "500606", "城市轨道交通运营管理", 120, 352),
            ("郑铁职院", "4141010843", "500105", "铁道机车运用与维护", 100, 290),
            ("漯河职院", "4141010835", "460301", "机电一体化技术", 90, 262),
            ("漯河职院", "4141010835", "530701", "电子商务", 70, 203)]
    rows = [["2024年部分高职院校分专业招生数（模拟数据：学校为真实简称，数字全部为合成，不代表学校实际）"],
            ["学校", "专业", "招生人数", "在校人数"]]
    for short, code, mcode, mname, new, ins in recs:
        rows.append([short, mname, new, ins])
        enrol(file, short, mcode, mname, 2024, college_code=code, new_students=new,
              new_students_basis="enrolled", students_in_school=ins)
    write_csv(file, rows)


# --- E4: csv with a 合计 row per college and an overall 总计; college only on its first row ----
def e4() -> None:
    file = "e4_合计总计.csv"
    colleges = [("4141099953", "伏牛模拟职业技术学院", [("510203", "软件技术", 130, 372), ("510205", "大数据技术", 60, 171),
                                                     ("520201", "护理", 240, 690)]),
                ("4141099954", "太行模拟职业技术学院", [("500108", "动车组检修技术", 80, 230), ("500107", "铁道供电技术", 70, 205)])]
    rows = [["2023年度各校分专业新生与在校生统计（合成数据）"], ["学校标识码", "学校名称", "专业代码", "专业名称", "新生数", "在校生数"]]
    grand_new = grand_in = 0
    for ccode, cname, majors in colleges:
        tn = ti = 0
        for k, (mcode, mname, new, ins) in enumerate(majors):
            rows.append([ccode if k == 0 else "", cname if k == 0 else "", mcode, mname, new, ins])
            enrol(file, cname, mcode, mname, 2023, college_code=ccode, new_students=new,
                  new_students_basis="enrolled", students_in_school=ins)
            tn += new; ti += ins
        rows.append(["", "", "", "合计", tn, ti])
        grand_new += tn; grand_in += ti
    rows.append(["总计", "", "", "", grand_new, grand_in])
    write_csv(file, rows)


def main() -> None:
    for make in (g1, g2, g3, g4, g5, g6, e1, e2, e3, e4):
        make()
    for name, fields, rows in (("expected_graduates.csv", GRAD_FIELDS, GRAD),
                               ("expected_enrollment.csv", ENROL_FIELDS, ENROL)):
        with open(HERE / name, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=["file"] + fields)
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main()
