"""Write the blind graduates/enrollment files and their answer key (expected.csv) from one seeded truth.

Synthetic: the colleges (示例…学院, codes 4141099001-4141099003 / 99001-99003) do not exist and
are not in data/reference/henan_colleges_2025.csv; the majors are real 2021-catalogue majors.
Every file says so in a title or note line. Written without reading the cohorts ingestor or its
tests: the forms are what a college's or the Department of Education's clerk exports.

Run: python tests/data/ingest/cohorts_blind/make_cohorts_blind.py  (rewrites the files in place)
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Alignment

OUT = Path(__file__).parent
SEED = 20261205
COLLEGES = [("4141099001", "99001", "示例职业技术学院"), ("4141099002", "99002", "示例工业职业学院"),
            ("4141099003", "99003", "示例商贸职业学院")]
MAJORS = [("440301", "建筑工程技术", "土木建筑大类"), ("460104", "机械制造及自动化", "装备制造大类"),
          ("460301", "机电一体化技术", "装备制造大类"), ("510201", "计算机应用技术", "电子与信息大类"),
          ("510202", "计算机网络技术", "电子与信息大类"), ("530302", "大数据与会计", "财经商贸大类"),
          ("530701", "电子商务", "财经商贸大类"), ("550101", "艺术设计", "文化艺术大类")]
YEARS = (2021, 2022, 2023)
NOTE = "注：本表为合成示例数据（synthetic），院校名称与代码均为虚构，仅用于软件测试。"
GRAD_F = ("graduates", "employed", "further_study", "employed_in_province", "counterpart_employed",
          "starting_salary_cny_month", "derived")
ENR_F = ("new_students", "new_students_basis", "students_in_school")
KEY_COLS = ("file", "kind", "record", "college_code", "college_name", "major_code", "major_name", "year",
            *GRAD_F, *ENR_F)


def truth() -> dict:
    """(college index, major code, year) -> every figure, drawn from one seeded generator."""
    rng = random.Random(SEED)
    t = {}
    for ci in range(len(COLLEGES)):
        for code, _, _ in MAJORS:
            for y in YEARS:
                g = rng.randint(40, 400)
                fs = round(g * rng.uniform(0.03, 0.15))
                emp = min(round(g * rng.uniform(0.78, 0.93)), g - fs)
                plan = rng.randint(80, 420)
                adm = plan - rng.randint(0, 25)
                reg = adm - rng.randint(1, 15)
                grades = (reg - rng.randint(0, 6), rng.randint(60, 400), rng.randint(60, 400))
                t[ci, code, y] = {
                    "graduates": g, "further_study": fs, "employed": emp,
                    "employed_in_province": round(emp * rng.uniform(0.55, 0.85)),
                    "counterpart_employed": round(emp * rng.uniform(0.5, 0.85)),
                    "starting_salary_cny_month": rng.randint(3300, 5600),
                    "plan": plan, "admitted": adm, "registered": reg, "grades": grades,
                    "students_in_school": sum(grades)}
    return t


T = truth()
KEY: list[dict] = []
NAME = {c: n for c, n, _ in MAJORS}


def pct(a: int, b: int) -> float:
    return round(100 * a / b, 2)


def key(file, kind, ci, code, y, *, code_given=None, given=(), basis="", derived="", unscored=()):
    """One answer-key record: the given fields carry the truth, the others must stay null."""
    t = T[ci, code, y]
    r = {"file": file, "kind": kind, "record": sum(k["file"] == file for k in KEY) + 1,
         "college_code": code_given or "", "college_name": COLLEGES[ci][2], "major_code": code,
         "major_name": NAME[code], "year": y}
    fields = GRAD_F if kind == "graduates" else ENR_F
    for f in fields:
        r[f] = ""
    for f in given:
        # 招生数/新生数 as reported equal the registered intake in this truth; 录取 is the admitted count.
        r[f] = t[("admitted" if basis == "admitted" else "registered") if f == "new_students" else f]
    if kind == "enrollment" and "new_students" in given:
        r["new_students_basis"] = basis
    if kind == "graduates":
        r["derived"] = derived
    for f in unscored:
        r[f] = "*"
    KEY.append(r)


def write_csv(name, rows, encoding="utf-8"):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    (OUT / name).write_bytes(buf.getvalue().encode(encoding))


def write_xlsx(name, sheets):
    """sheets: [(title, rows, merges)]; fixed timestamps so reruns write the same bytes."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows, merges in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for m in merges:
            ws.merge_cells(m)
            ws[m.split(":")[0]].alignment = Alignment(horizontal="center", vertical="center")
    wb.properties.created = wb.properties.modified = datetime.datetime(2026, 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    _fixed_zip(buf.getvalue(), OUT / name)


def _fixed_zip(data: bytes, path: Path) -> None:
    """Rewrite an xlsx with fixed member times and stamps, so a rerun writes the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", body)
            out.writestr(zipfile.ZipInfo(info.filename, (2026, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)


# ---------------------------------------------------------------- graduates
def g01():
    f, ci, y = "G01_示例职业技术学院2023届就业质量年度报告附表.xlsx", 0, 2023
    rows = [[f"{COLLEGES[ci][2]}{y}届毕业生就业质量年度报告（示例数据）附表1 各专业毕业生就业情况"], ["单位：人"],
            ["序号", "专业代码", "专业名称", "毕业生数", "就业人数", "升学人数", "就业率", "升学率", "月均收入（元）"]]
    tot = [0, 0, 0]
    for i, (code, nm, _) in enumerate(MAJORS, 1):
        t = T[ci, code, y]
        rows.append([i, code, nm, t["graduates"], t["employed"], t["further_study"],
                     f"{pct(t['employed'] + t['further_study'], t['graduates']):.2f}%",
                     f"{pct(t['further_study'], t['graduates']):.2f}%", t["starting_salary_cny_month"]])
        tot = [tot[0] + t["graduates"], tot[1] + t["employed"], tot[2] + t["further_study"]]
        key(f, "graduates", ci, code, y, given=("graduates", "employed", "further_study", "starting_salary_cny_month"))
    rows.append(["合计", None, None, *tot, f"{pct(tot[1] + tot[2], tot[0]):.2f}%", f"{pct(tot[2], tot[0]):.2f}%", None])
    rows.append([NOTE])
    rows.append(["注：就业率=（就业人数+升学人数）/毕业生数；统计截止日期为2023年8月31日。"])
    write_xlsx(f, [("附表1", rows, ["A1:I1", f"A{len(rows) - 2}:C{len(rows) - 2}"])])


def g02():
    f, ci, y = "G02_示例工业职业学院2022届毕业生分专业就业率.csv", 1, 2022
    rows = [[f"{COLLEGES[ci][2]}{y}届毕业生分专业就业情况（示例数据，合成）"],
            ["专业名称", "毕业生数", "就业率(%)", "升学率(%)", "月均收入(元)"]]
    for code, nm, _ in MAJORS[:6]:
        t = T[ci, code, y]
        rows.append([nm, t["graduates"], f"{pct(t['employed'] + t['further_study'], t['graduates']):.2f}",
                     f"{pct(t['further_study'], t['graduates']):.2f}", t["starting_salary_cny_month"]])
        key(f, "graduates", ci, code, y, given=("graduates", "employed", "further_study", "starting_salary_cny_month"),
            derived="employed,further_study")
    rows.append([NOTE])
    write_csv(f, rows, "utf-8-sig")


def g03():
    f, ci = "G03_示例商贸职业学院近三届分专业毕业生数.xlsx", 2
    rows = [[f"{COLLEGES[ci][2]}近三届分专业毕业生人数（示例数据）"],
            ["专业代码", "专业名称", "毕业生数（人）", None, None],
            [None, None, "2021届", "2022届", "2023届"]]
    for code, nm, _ in MAJORS:
        rows.append([code, nm, *(T[ci, code, y]["graduates"] for y in YEARS)])
        for y in YEARS:
            key(f, "graduates", ci, code, y, given=("graduates",))
    rows.append([NOTE])
    write_xlsx(f, [("毕业生数", rows, ["A1:E1", "A2:A3", "B2:B3", "C2:E2"])])


def g04():
    f, y = "G04_河南省示例高职院校2023届毕业生就业统计_GBK.csv", 2023
    rows = [["学校代码", "学校名称", "专业代码", "专业名称", "届别", "毕业生数", "已就业人数", "升学人数",
             "省内就业人数", "专业对口就业人数", "平均起薪（元/月）"]]
    for ci, (code10, _, cn) in enumerate(COLLEGES):
        for code, nm, _ in MAJORS[ci:ci + 5]:
            t = T[ci, code, y]
            rows.append([code10, cn, code, nm, f"{y}届", t["graduates"], t["employed"], t["further_study"],
                         t["employed_in_province"], t["counterpart_employed"], t["starting_salary_cny_month"]])
            key(f, "graduates", ci, code, y, code_given=code10,
                given=("graduates", "employed", "further_study", "employed_in_province", "counterpart_employed",
                       "starting_salary_cny_month"))
    rows.append(["注：示例数据（synthetic），院校为虚构。"])
    write_csv(f, rows, "gbk")


def g05():
    f = "G05_graduate_outcomes_english.csv"
    rows = [["School Code", "School Name", "Major Code", "Major Name", "Graduation Year", "Number of Graduates",
             "Employed", "Further Study", "Employed in Province", "Employed in Related Field",
             "Average Monthly Starting Salary (CNY)"]]
    for ci in (0, 1):
        for code, nm, _ in MAJORS[2:6]:
            for y in (2021, 2022):
                t = T[ci, code, y]
                rows.append([COLLEGES[ci][1], COLLEGES[ci][2], code, nm, y, t["graduates"], t["employed"],
                             t["further_study"], t["employed_in_province"], t["counterpart_employed"],
                             t["starting_salary_cny_month"]])
                key(f, "graduates", ci, code, y, code_given=COLLEGES[ci][1],
                    given=("graduates", "employed", "further_study", "employed_in_province",
                           "counterpart_employed", "starting_salary_cny_month"))
    write_csv(f, rows)


def g06():
    f, ci, y = "G06_示例职业技术学院2022届分专业大类就业情况.xlsx", 0, 2022
    rows = [[f"{COLLEGES[ci][2]}{y}届毕业生分专业大类就业情况（示例数据）"],
            ["专业大类", "专业代码", "专业名称", "毕业生数", "就业人数", "升学人数", "毕业去向落实率"]]
    merges = ["A1:G1"]
    tot = [0, 0, 0]
    for cat in dict.fromkeys(m[2] for m in MAJORS):
        start = len(rows) + 1
        sub = [0, 0, 0]
        for code, nm, c in MAJORS:
            if c != cat:
                continue
            t = T[ci, code, y]
            rows.append([cat if len(rows) + 1 == start else None, code, nm, t["graduates"], t["employed"],
                         t["further_study"], f"{pct(t['employed'] + t['further_study'], t['graduates']):.2f}%"])
            sub = [sub[0] + t["graduates"], sub[1] + t["employed"], sub[2] + t["further_study"]]
            key(f, "graduates", ci, code, y, given=("graduates", "employed", "further_study"))
        rows.append([None, None, "小计", *sub, f"{pct(sub[1] + sub[2], sub[0]):.2f}%"])
        merges.append(f"A{start}:A{len(rows)}")
        tot = [a + b for a, b in zip(tot, sub)]
    rows.append(["合计", None, None, *tot, f"{pct(tot[1] + tot[2], tot[0]):.2f}%"])
    merges.append(f"A{len(rows)}:C{len(rows)}")
    rows.append([NOTE])
    write_xlsx(f, [(f"{y}届", rows, merges)])


def g07():
    f, ci = "G07_示例工业职业学院2021-2023届毕业生分年.xls", 1
    wb = xlwt.Workbook(encoding="utf-8")
    for y in YEARS:
        ws = wb.add_sheet(f"{y}届")
        rows = [[f"{COLLEGES[ci][2]}{y}届毕业生就业情况统计表（示例数据）"],
                ["专业代码", "专业名称", "毕业人数", "就业人数", "省内就业人数", "对口就业人数", "平均月收入"]]
        for code, nm, _ in MAJORS[3:8]:
            t = T[ci, code, y]
            rows.append([code, nm, t["graduates"], t["employed"], t["employed_in_province"],
                         t["counterpart_employed"], t["starting_salary_cny_month"]])
            key(f, "graduates", ci, code, y, given=("graduates", "employed", "employed_in_province",
                                                    "counterpart_employed", "starting_salary_cny_month"))
        rows.append([NOTE])
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                ws.write(i, j, v)
    wb.save(str(OUT / f))


def g08():
    f, y = "G08_河南省示例高职院校2021届就业率与对口率汇总.xlsx", 2021
    rows = [[f"河南省示例高职院校{y}届毕业生就业率、专业对口率汇总表（示例数据）"],
            ["学校代码", "学校名称", "专业代码", "专业名称", "毕业生数", "升学人数", "就业率", "专业对口率",
             "月均收入（千元）"]]
    merges = ["A1:I1"]
    for ci, (code10, _, cn) in enumerate(COLLEGES):
        start = len(rows) + 1
        for code, nm, _ in MAJORS[ci:ci + 3]:
            t = T[ci, code, y]
            # 就业率 as a fraction with 4 decimals, 专业对口率 of the employed as a fraction too.
            rows.append([int(code10) if len(rows) + 1 == start else None, cn if len(rows) + 1 == start else None,
                         int(code), nm, t["graduates"], t["further_study"],
                         round((t["employed"] + t["further_study"]) / t["graduates"], 4),
                         round(t["counterpart_employed"] / t["employed"], 4),
                         t["starting_salary_cny_month"] / 1000])
            key(f, "graduates", ci, code, y, code_given=code10,
                given=("graduates", "employed", "further_study", "counterpart_employed", "starting_salary_cny_month"),
                derived="employed,counterpart_employed")
        merges += [f"A{start}:A{len(rows)}", f"B{start}:B{len(rows)}"]
    rows.append([NOTE])
    write_xlsx(f, [("汇总", rows, merges)])


def g09():
    f, ci, y = "G09_示例商贸职业学院2022-2023学年毕业生去向.xlsx", 2, 2023
    rows = [[f"{COLLEGES[ci][2]}2022-2023学年毕业生去向统计（示例数据）"], ["单位：人，元/月"],
            ["专业名称", "毕业生", None, "已就业", None, "升学人数", "平均月收入"],
            [None, "总数", "其中：女", "人数", "其中：省内", None, None]]
    rng = random.Random(SEED + 9)
    for i, (code, nm, _) in enumerate(MAJORS):
        t = T[ci, code, y]
        no_salary = i in (2, 5)  # the survey had too few answers: the clerk writes a dash
        rows.append([nm, t["graduates"], rng.randint(0, t["graduates"]), t["employed"], t["employed_in_province"],
                     t["further_study"], "—" if no_salary else t["starting_salary_cny_month"]])
        key(f, "graduates", ci, code, y, given=("graduates", "employed", "further_study", "employed_in_province",
                                                *(() if no_salary else ("starting_salary_cny_month",))))
    rows.append(["注：“—”表示样本不足未统计。示例数据（synthetic）。"])
    write_xlsx(f, [("去向", rows, ["A1:G1", "A3:A4", "B3:C3", "D3:E3", "F3:F4", "G3:G4"])])


# ---------------------------------------------------------------- enrollment
def e01():
    f, y = "E01_2023年河南省高职招生计划与实际录取_示例.xlsx", 2023
    rows = [[f"{y}年河南省示例高职院校分专业招生计划与实际录取情况（示例数据）"], ["单位：人"],
            ["院校代码", "院校名称", "专业代码", "专业名称", "招生计划数", "录取人数", "报到人数"]]
    tot = [0, 0, 0]
    for ci, (_, c5, cn) in enumerate(COLLEGES):
        for code, nm, _ in MAJORS[ci * 2:ci * 2 + 4]:
            t = T[ci, code, y]
            rows.append([c5, cn, code, nm, t["plan"], t["admitted"], t["registered"]])
            tot = [tot[0] + t["plan"], tot[1] + t["admitted"], tot[2] + t["registered"]]
            key(f, "enrollment", ci, code, y, code_given=c5, given=("new_students",), basis="registered")
    rows.append(["合计", None, None, None, *tot])
    rows.append([NOTE])
    write_xlsx(f, [("招生录取", rows, ["A1:G1", f"A{len(rows) - 1}:D{len(rows) - 1}"])])


def e02():
    f, ci, y = "E02_示例商贸职业学院2022年招生计划执行情况.csv", 2, 2022
    rows = [[f"{COLLEGES[ci][2]}{y}年招生计划执行情况（示例数据）"], ["专业名称", "计划数", "实际录取数"]]
    for code, nm, _ in MAJORS[3:]:
        t = T[ci, code, y]
        rows.append([nm, t["plan"], t["admitted"]])
        key(f, "enrollment", ci, code, y, given=("new_students",), basis="admitted")
    rows.append([NOTE])
    write_csv(f, rows, "utf-8-sig")


def e03():
    f, ci, y = "E03_示例职业技术学院2023-2024学年在校生分专业统计.xlsx", 0, 2023
    rows = [[f"{COLLEGES[ci][2]}{y}-{y + 1}学年在校生分专业统计表（示例数据）"],
            ["专业代码", "专业名称", "在校生数", None, None, None],
            [None, None, "一年级", "二年级", "三年级", "合计"]]
    for code, nm, _ in MAJORS:
        t = T[ci, code, y]
        rows.append([code, nm, *t["grades"], t["students_in_school"]])
        key(f, "enrollment", ci, code, y, given=("students_in_school",), unscored=("new_students", "new_students_basis"))
    rows.append([NOTE])
    write_xlsx(f, [("在校生", rows, ["A1:F1", "A2:A3", "B2:B3", "C2:F2"])])


def e04():
    f, ci, y = "E04_示例工业职业学院分专业分年级在校生.csv", 1, 2023
    rows = [[f"{COLLEGES[ci][2]}{y}-{y + 1}学年分专业分年级在校生人数（示例数据）"],
            ["专业代码", "专业名称", "一年级", "二年级", "三年级"]]
    for code, nm, _ in MAJORS[:6]:
        t = T[ci, code, y]
        rows.append([code, nm, *t["grades"]])
        key(f, "enrollment", ci, code, y, given=("students_in_school",), unscored=("new_students", "new_students_basis"))
    rows.append([NOTE])
    write_csv(f, rows, "utf-8-sig")


def e05():
    f, y = "E05_学籍管理系统导出_分专业统计长表.csv", 2022
    rows = [["学校名称", "学年", "专业代码", "专业名称", "统计项", "人数"]]
    for ci in (0, 1):
        for code, nm, _ in MAJORS[1:5]:
            t = T[ci, code, y]
            rows.append([COLLEGES[ci][2], f"{y}-{y + 1}", code, nm, "新生数", t["registered"]])
            rows.append([COLLEGES[ci][2], f"{y}-{y + 1}", code, nm, "在校生数", t["students_in_school"]])
            key(f, "enrollment", ci, code, y, given=("new_students", "students_in_school"), basis="enrolled")
    rows.append(["注：示例数据（synthetic）"])
    write_csv(f, rows)


def e06():
    f = "E06_河南省示例高职分校分专业招生及在校生_2021-2023.csv"
    rows = [["学校代码", "学校名称", "专业代码", "专业名称", "年份", "招生数", "在校生数"]]
    for ci, (code10, _, cn) in enumerate(COLLEGES):
        first = True
        for code, nm, _ in MAJORS[ci * 2:ci * 2 + 3]:
            for y in YEARS:
                t = T[ci, code, y]
                rows.append([code10 if first else "", cn if first else "", code, nm, y, t["registered"],
                             t["students_in_school"]])
                first = False
                key(f, "enrollment", ci, code, y, code_given=code10, given=("new_students", "students_in_school"),
                    basis="enrolled")
    rows.append(["注：示例数据（synthetic），学校名称列为合并单元格另存为csv。"])
    write_csv(f, rows, "utf-8-sig")


def e07():
    f, ci = "E07_示例商贸职业学院近三年分专业招生数.xlsx", 2
    rows = [[f"{COLLEGES[ci][2]}近三年分专业招生人数（示例数据）"],
            ["专业名称", *(f"{y}年招生数" for y in YEARS)]]
    for code, nm, _ in MAJORS[:5]:
        rows.append([nm, *(T[ci, code, y]["registered"] for y in YEARS)])
        for y in YEARS:
            key(f, "enrollment", ci, code, y, given=("new_students",), basis="enrolled")
    rows.append([NOTE])
    write_xlsx(f, [("招生数", rows, ["A1:D1"])])


def e08():
    f, ci, y = "E08_enrollment_english.xlsx", 1, 2023
    rows = [["College", "Major Code", "Major", "Academic Year", "Planned Intake", "Admitted", "Registered",
             "Students in School"]]
    for code, nm, _ in MAJORS[2:]:
        t = T[ci, code, y]
        rows.append([COLLEGES[ci][2], code, nm, f"{y}-{y + 1}", t["plan"], t["admitted"], t["registered"],
                     t["students_in_school"]])
        key(f, "enrollment", ci, code, y, given=("new_students", "students_in_school"), basis="registered")
    rows.append(["Note: synthetic example data; the college is fictitious."])
    write_xlsx(f, [("Sheet1", rows, [])])


def e09():
    f, ci, y = "E09_示例职业技术学院2023级新生报到统计_GBK.csv", 0, 2023
    rows = [["学校名称", "年级", "专业名称", "招生计划", "实际报到人数"]]
    for code, nm, _ in MAJORS[2:7]:
        t = T[ci, code, y]
        rows.append([COLLEGES[ci][2], f"{y}级", nm, t["plan"], t["registered"]])
        key(f, "enrollment", ci, code, y, given=("new_students",), basis="registered")
    rows.append(["填表人：张老师", "", "", "", ""])
    rows.append([NOTE, "", "", "", ""])
    write_csv(f, rows, "gbk")


def main() -> None:
    for fn in (g01, g02, g03, g04, g05, g06, g07, g08, g09, e01, e02, e03, e04, e05, e06, e07, e08, e09):
        fn()
    with open(OUT / "expected.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, KEY_COLS, lineterminator="\n")
        w.writeheader()
        w.writerows(KEY)


if __name__ == "__main__":
    main()
