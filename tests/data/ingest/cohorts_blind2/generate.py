"""Write the SYNTHETIC graduates and enrollment files of this blind set and their answer key.

Every number here is made up by a seeded generator (``random.Random(20261205)``) for made-up
colleges (示例/样本/虚拟 names, codes 41410999xx that no real college has). Major codes and
names are real 高职专科 majors of the 2021 catalogue (majors_2021_subset.csv, copied from
the reference list, see README.md). Run from the repository root:

    python tests/data/ingest/cohorts_blind2/generate.py

It rewrites the input files, ``key_graduates.csv`` and ``key_enrollment.csv``.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
RNG = random.Random(20261205)

MAJORS = {r["code"]: r["name_zh"] for r in csv.DictReader(open(HERE / "majors_2021_subset.csv", encoding="utf-8"))}

COLLEGES = {
    "4141099901": "示例职业技术学院",
    "4141099902": "样本工业职业学院",
    "4141099903": "虚拟交通职业技术学院",
    "4141099904": "示例健康职业学院",
}

G_FIELDS = [
    "file", "sheet", "college_code", "college_name", "major_code", "major_name_src", "year",
    "graduates", "employed", "further_study", "employed_in_province", "counterpart_employed",
    "starting_salary_cny_month", "derived", "status",
]
E_FIELDS = [
    "file", "sheet", "college_code", "college_name", "major_code", "major_name_src", "year",
    "new_students", "new_students_basis", "students_in_school", "status",
]


def pick(codes: list[str], n: int) -> list[str]:
    return RNG.sample(codes, n)


def rate_ok(count: int, base: int, digits: int) -> float:
    """A rate shown with ``digits`` decimals from which round(rate × base) gives ``count`` back."""
    r = round(count / base, digits)
    x = r * base
    assert abs(x - round(x)) < 0.45 and round(x) == count, (count, base, r)
    return r


def cohort(seed_grads: tuple[int, int] = (40, 260)) -> dict:
    """One college × major × year of graduates whose rates round back to their counts."""
    while True:
        g = RNG.randint(*seed_grads)
        f = round(g * RNG.uniform(0.05, 0.2))
        e = round(g * RNG.uniform(0.7, 0.98 - f / g))
        if e + f > 0.98 * g:
            continue
        p = round(e * RNG.uniform(0.5, 0.82))
        c = round(e * RNG.uniform(0.6, 0.9))
        try:
            for count, base in ((e + f, g), (f, g), (p, e), (c, e)):
                rate_ok(count, base, 3)  # shown as 93.5% (3 decimals of the fraction)
                rate_ok(count, base, 4)
        except AssertionError:
            continue
        s = RNG.randrange(3400, 5600, 10)
        return {"graduates": g, "employed": e, "further_study": f, "employed_in_province": p,
                "counterpart_employed": c, "starting_salary_cny_month": s}


def pct(count: int, base: int) -> str:
    return f"{rate_ok(count, base, 3) * 100:.1f}%"


def key_g(rows: list, file: str, sheet: str, code, name, mcode, mname, year, c: dict, keep: set,
          derived: str = "", status: str = "") -> None:
    row = {"file": file, "sheet": sheet, "college_code": code or "", "college_name": name,
           "major_code": mcode or "", "major_name_src": mname, "year": year, "derived": derived,
           "status": status}
    for k in ("graduates", "employed", "further_study", "employed_in_province",
              "counterpart_employed", "starting_salary_cny_month"):
        row[k] = c[k] if k in keep else ""
    rows.append(row)


def title_sheet(ws, title: str, ncols: int, row: int = 1) -> None:
    ws.cell(row, 1, title)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)


# ---------------------------------------------------------------- graduates
def g1(keys: list) -> None:
    """A college's 就业质量年度报告 table: title, unit row, 就业率/专业相关度 as "93.5%"."""
    file = "graduates_synthetic_就业质量报告表_示例职业技术学院_2023届.xlsx"
    name = "示例职业技术学院"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表3-2 分专业就业情况"
    head = ["序号", "专业代码", "专业名称", "毕业生数", "就业人数", "升学人数", "就业率",
            "省内就业人数", "专业相关度", "月均起薪（元）"]
    title_sheet(ws, f"{name}2023届毕业生就业质量年度报告 表3-2 各专业毕业生就业情况（合成示例数据）", len(head))
    ws.cell(2, 1, "单位：人、元/月")
    ws.append(head)
    tot = [0, 0, 0, 0]
    codes = pick(list(MAJORS), 8)
    for i, code in enumerate(codes, 1):
        c = cohort()
        mname = MAJORS[code]
        if i == 3:
            mname = f"{mname}（订单班）"
        ws.append([i, code, mname, c["graduates"], c["employed"], c["further_study"],
                   pct(c["employed"] + c["further_study"], c["graduates"]),
                   c["employed_in_province"], pct(c["counterpart_employed"], c["employed"]),
                   c["starting_salary_cny_month"]])
        for j, k in enumerate(("graduates", "employed", "further_study", "employed_in_province")):
            tot[j] += c[k]
        key_g(keys, file, ws.title, None, name, code, mname, 2023, c,
              {"graduates", "employed", "further_study", "employed_in_province",
               "counterpart_employed", "starting_salary_cny_month"}, derived="counterpart_employed")
    ws.append(["合计", None, None, *tot, None, None, None])
    ws.append(["注：就业率=（就业人数+升学人数）/毕业生数；专业相关度为从事与所学专业相关工作的人数占就业人数的比例。数据为合成示例。"])
    wb.save(HERE / file)


def g2(keys: list) -> None:
    """A provincial workbook: one sheet per college, merged two-row header, 合计 rows."""
    file = "graduates_synthetic_分院校就业统计_2024届.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for code in ("4141099902", "4141099903", "4141099904"):
        name = COLLEGES[code]
        ws = wb.create_sheet(name.replace("职业技术学院", "").replace("职业学院", ""))
        title_sheet(ws, f"{name}（学校标识码：{code}）2024届毕业生分专业就业情况统计表（合成数据）", 10)
        ws.cell(2, 1, "单位：人")
        ws.append(["专业代码", "专业名称", "毕业生", None, "就业情况", None, None, None,
                   "月均起薪(元)", "备注"])
        ws.append([None, None, "总数", "其中：女", "就业人数", "升学人数", "省内就业人数",
                   "专业对口就业人数", None, None])
        ws.merge_cells("A3:A4")
        ws.merge_cells("B3:B4")
        ws.merge_cells("C3:D3")
        ws.merge_cells("E3:H3")
        ws.merge_cells("I3:I4")
        ws.merge_cells("J3:J4")
        tot = 0
        for mc in pick(list(MAJORS), 5):
            c = cohort()
            women = RNG.randint(0, c["graduates"])
            ws.append([mc, MAJORS[mc], c["graduates"], women, c["employed"], c["further_study"],
                       c["employed_in_province"], c["counterpart_employed"],
                       c["starting_salary_cny_month"], None])
            tot += c["graduates"]
            key_g(keys, file, ws.title, code, name, mc, MAJORS[mc], 2024, c,
                  {"graduates", "employed", "further_study", "employed_in_province",
                   "counterpart_employed", "starting_salary_cny_month"})
        ws.append(["合计", None, tot])
    wb.save(HERE / file)


def g3(keys: list) -> None:
    """A long export: one row per college × major × indicator."""
    file = "graduates_synthetic_long_2022届.csv"
    code, name = "4141099901", COLLEGES["4141099901"]
    with open(HERE / file, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["学校标识码", "学校名称", "届别", "专业代码", "专业名称", "指标", "数值"])
        for mc in pick(list(MAJORS), 5):
            c = cohort()
            for label, k in (("毕业生数", "graduates"), ("就业人数", "employed"),
                             ("升学人数", "further_study"), ("省内就业人数", "employed_in_province")):
                w.writerow([code, name, "2022届", mc, MAJORS[mc], label, c[k]])
            key_g(keys, file, "", code, name, mc, MAJORS[mc], 2022, c,
                  {"graduates", "employed", "further_study", "employed_in_province"})


def g4(keys: list) -> None:
    """Years across the columns; the college named only in the title."""
    file = "graduates_synthetic_近三届毕业生_虚拟交通职业技术学院.xlsx"
    name = "虚拟交通职业技术学院"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "近三届"
    head = ["专业代码", "专业名称"]
    for y in (2022, 2023, 2024):
        head += [f"{y}届毕业生数", f"{y}届就业人数"]
    title_sheet(ws, f"{name}近三届毕业生分专业就业人数（合成数据）", len(head))
    ws.append(head)
    for mc in pick(list(MAJORS), 6):
        row = [mc, MAJORS[mc]]
        for y in (2022, 2023, 2024):
            c = cohort()
            row += [c["graduates"], c["employed"]]
            key_g(keys, file, ws.title, None, name, mc, MAJORS[mc], y, c, {"graduates", "employed"})
        ws.append(row)
    wb.save(HERE / file)


def g5(keys: list) -> None:
    """A JSON export of a reporting platform: camelCase keys, rates as fractions."""
    file = "graduates_synthetic_platform_export.json"
    rows = []
    for code in ("4141099902", "4141099904"):
        for mc in pick(list(MAJORS), 4):
            c = cohort()
            rows.append({
                "schoolCode": code, "schoolName": COLLEGES[code], "majorCode": mc,
                "majorName": MAJORS[mc], "graduationYear": 2023,
                "graduateCount": c["graduates"], "employedCount": c["employed"],
                "furtherStudyCount": c["further_study"],
                "employmentRate": rate_ok(c["employed"] + c["further_study"], c["graduates"], 4),
                "avgStartingSalary": c["starting_salary_cny_month"], "dataStatus": "synthetic",
            })
            key_g(keys, file, "", code, COLLEGES[code], mc, MAJORS[mc], 2023, c,
                  {"graduates", "employed", "further_study", "starting_salary_cny_month"},
                  status="synthetic")
    doc = {"code": 200, "msg": "success", "data": {"total": len(rows), "list": rows}}
    (HERE / file).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def g6(keys: list) -> None:
    """A GBK csv with rates only (0.9352) and 升学人数: employed and others derived."""
    file = "graduates_synthetic_rates_gbk.csv"
    code, name = "4141099903", COLLEGES["4141099903"]
    with open(HERE / file, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["学校标识码", "学校名称", "专业名称", "毕业年份", "毕业生人数", "升学人数",
                    "就业率", "省内就业率", "专业对口率", "平均月收入", "数据状态"])
        for mc in pick(list(MAJORS), 6):
            c = cohort()
            w.writerow([code, name, MAJORS[mc], 2021, c["graduates"], c["further_study"],
                        rate_ok(c["employed"] + c["further_study"], c["graduates"], 4),
                        rate_ok(c["employed_in_province"], c["employed"], 4),
                        rate_ok(c["counterpart_employed"], c["employed"], 4),
                        c["starting_salary_cny_month"], "synthetic"])
            key_g(keys, file, "", code, name, mc, MAJORS[mc], 2021, c,
                  {"graduates", "employed", "further_study", "employed_in_province",
                   "counterpart_employed", "starting_salary_cny_month"},
                  derived="employed,employed_in_province,counterpart_employed", status="synthetic")


# ---------------------------------------------------------------- enrollment
def intake() -> dict:
    plan = RNG.randrange(50, 300, 5)
    adm = plan - RNG.randint(0, 12)
    reg = adm - RNG.randint(1, 15)
    y2, y3 = RNG.randint(40, 300), RNG.randint(40, 300)
    return {"plan": plan, "admitted": adm, "registered": reg, "y1": reg, "y2": y2, "y3": y3,
            "in_school": reg + y2 + y3}


def key_e(rows: list, file, sheet, code, name, mcode, mname, year, new, basis, in_school,
          status="") -> None:
    rows.append({"file": file, "sheet": sheet, "college_code": code or "", "college_name": name,
                 "major_code": mcode or "", "major_name_src": mname, "year": year,
                 "new_students": "" if new is None else new, "new_students_basis": basis or "",
                 "students_in_school": "" if in_school is None else in_school, "status": status})


def e1(keys: list) -> None:
    """A 高基报表-like export: 招生数, 在校生数 by 年级 under a merged header, 小计/合计 rows."""
    file = "enrollment_synthetic_高基报表_分专业学生数_2023-2024学年.xlsx"
    code, name = "4141099901", COLLEGES["4141099901"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "高基3xx"
    title_sheet(ws, "普通高职（专科）分专业学生数（2023-2024学年，合成数据）", 11)
    ws.cell(2, 1, f"学校标识码：{code}")
    ws.cell(2, 5, f"学校名称：{name}")
    ws.cell(2, 10, "单位：人")
    ws.append(["专业代码", "专业名称", "修业年限", "毕业生数", "招生数", "在校生数", None, None,
               None, "预计毕业生数", "其中：女"])
    ws.append([None, None, None, None, None, "合计", "一年级", "二年级", "三年级", None, None])
    for col in "ABCDEJK":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("F3:I3")
    by_cat: dict[str, list] = {}
    for mc in sorted(pick(list(MAJORS), 9)):
        by_cat.setdefault(mc[:2], []).append(mc)
    total = [0, 0]
    for cat, mcs in by_cat.items():
        sub = [0, 0]
        for mc in mcs:
            t = intake()
            ws.append([mc, MAJORS[mc], 3, RNG.randint(40, 300), t["y1"], t["in_school"], t["y1"],
                       t["y2"], t["y3"], t["y3"], RNG.randint(0, t["in_school"])])
            sub[0] += t["y1"]
            sub[1] += t["in_school"]
            key_e(keys, file, ws.title, code, name, mc, MAJORS[mc], 2023, t["y1"], "enrolled",
                  t["in_school"])
        ws.append([f"{cat}小计", None, None, None, sub[0], sub[1]])
        total = [total[0] + sub[0], total[1] + sub[1]]
    ws.append(["总计", None, None, None, total[0], total[1]])
    wb.save(HERE / file)


def e2(keys: list) -> None:
    """计划 vs 录取 vs 报到, one sheet per college; one 报到 not yet filled ("—")."""
    file = "enrollment_synthetic_招生计划录取报到_2024.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for code in ("4141099902", "4141099904"):
        name = COLLEGES[code]
        ws = wb.create_sheet(name)
        title_sheet(ws, f"{name}2024年高职（专科）分专业招生计划完成情况（合成数据）", 6)
        ws.append(["序号", "专业名称", "招生计划数", "录取人数", "报到人数", "报到率"])
        for i, mc in enumerate(pick(list(MAJORS), 5), 1):
            t = intake()
            reg = t["registered"]
            if code == "4141099904" and i == 2:
                ws.append([i, MAJORS[mc], t["plan"], t["admitted"], "—", "—"])
                key_e(keys, file, ws.title, None, name, mc, MAJORS[mc], 2024, t["admitted"],
                      "admitted", None)
                continue
            ws.append([i, MAJORS[mc], t["plan"], t["admitted"], reg, f"{reg / t['admitted'] * 100:.1f}%"])
            key_e(keys, file, ws.title, None, name, mc, MAJORS[mc], 2024, reg, "registered", None)
        ws.append(["合计"])
    wb.save(HERE / file)


def e3(keys: list) -> None:
    """A GBK csv, 年级 as "2022级", two intake years."""
    file = "enrollment_synthetic_分年级_gbk.csv"
    code, name = "4141099903", COLLEGES["4141099903"]
    with open(HERE / file, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["院校代码", "院校名称", "专业代码", "专业名称", "年级", "招生人数", "在校人数"])
        for mc in pick(list(MAJORS), 5):
            for y in (2022, 2023):
                t = intake()
                w.writerow([code, name, mc, MAJORS[mc], f"{y}级", t["y1"], t["in_school"]])
                key_e(keys, file, "", code, name, mc, MAJORS[mc], y, t["y1"], "enrolled",
                      t["in_school"])


def e4(keys: list) -> None:
    """A JSON export with Chinese keys under data."""
    file = "enrollment_synthetic_export_2024.json"
    rows = []
    for code in ("4141099901", "4141099902"):
        for mc in pick(list(MAJORS), 4):
            t = intake()
            rows.append({"学校标识码": code, "学校名称": COLLEGES[code], "专业代码": mc,
                         "专业名称": MAJORS[mc], "年份": "2024", "招生数": t["y1"],
                         "在校生数": t["in_school"], "数据状态": "synthetic"})
            key_e(keys, file, "", code, COLLEGES[code], mc, MAJORS[mc], 2024, t["y1"], "enrolled",
                  t["in_school"], status="synthetic")
    (HERE / file).write_text(json.dumps({"data": rows}, ensure_ascii=False, indent=1),
                             encoding="utf-8")


def e5(keys: list) -> None:
    """English headers, academic year "2022-2023", college merged down its majors."""
    file = "enrollment_synthetic_english_headers.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Enrollment"
    ws.append(["College code", "College", "Major code", "Major", "Academic year",
               "New students", "Students in school"])
    r = 2
    for code in ("4141099903", "4141099904"):
        first = r
        for mc in pick(list(MAJORS), 3):
            t = intake()
            ws.append([code if r == first else None, COLLEGES[code] if r == first else None, mc,
                       MAJORS[mc], "2022-2023", t["y1"], t["in_school"]])
            key_e(keys, file, ws.title, code, COLLEGES[code], mc, MAJORS[mc], 2022, t["y1"],
                  "enrolled", t["in_school"])
            r += 1
        ws.merge_cells(f"A{first}:A{r - 1}")
        ws.merge_cells(f"B{first}:B{r - 1}")
    wb.save(HERE / file)


def main() -> None:
    gk: list = []
    for f in (g1, g2, g3, g4, g5, g6):
        f(gk)
    ek: list = []
    for f in (e1, e2, e3, e4, e5):
        f(ek)
    for name, rows, fields in (("key_graduates.csv", gk, G_FIELDS), ("key_enrollment.csv", ek, E_FIELDS)):
        with open(HERE / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)
    print(len(gk), len(ek))


if __name__ == "__main__":
    main()
