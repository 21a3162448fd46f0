"""Write the graduates and enrollment variant fixtures of this folder and their truth (run from the repo root).

    python tests/data/ingest/cohorts/make_cohorts.py

Every file is SYNTHETIC: seeded made-up figures for made-up colleges (示例职业技术学院,
示例工程职业学院, codes 99900000xx that no real college has); majors are real 2021-catalogue
majors. Each file renders the same kind of truth the way a college or the Department of
Education might export it (header wordings, units in brackets, 届/学年/级 years, percentages,
title, unit and note rows, 合计 rows, merged two-row headers, GB18030, English headers), and
``expected.csv`` says, row by row, what must land in the lake: the value of each field, or
blank where the file does not give it. tests/test_ingest_cohort_variants.py measures the share
of given values that land right, per field.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLLEGES = [("9990000011", "示例职业技术学院"), ("9990000012", "示例工程职业学院")]
MAJORS = [("460104", "机械制造及自动化"), ("460301", "机电一体化技术"), ("510205", "大数据技术"), ("520201", "护理"),
          ("530701", "电子商务")]
G_FIELDS = ["graduates", "employed", "further_study", "employed_in_province", "counterpart_employed", "starting_salary_cny_month"]
E_FIELDS = ["new_students", "new_students_basis", "students_in_school"]
KEYS = ["kind", "file", "row", "college_code", "college_name", "major_code", "major_name_src", "year"]


def truth(rng: random.Random) -> tuple[list[dict], list[dict]]:
    """Graduate outcomes and intakes of every college × major × year (2023, 2024)."""
    grads, intake = [], []
    for code, name in COLLEGES:
        for y in (2023, 2024):
            for mc, mn in MAJORS:
                g = rng.randint(30, 420)
                f = rng.randint(0, g // 8)
                e = rng.randint((g - f) * 3 // 4, g - f)
                grads.append({"college_code": code, "college_name": name, "major_code": mc, "major_name": mn, "year": y,
                              "graduates": g, "employed": e, "further_study": f, "employed_in_province": rng.randint(e // 2, e),
                              "counterpart_employed": rng.randint(e // 3, e), "starting_salary_cny_month": rng.randrange(3600, 5600, 10)})
                plan = rng.randint(60, 400)
                admitted = plan - rng.randint(0, plan // 10)
                registered = admitted - rng.randint(0, admitted // 12)
                intake.append({"college_code": code, "college_name": name, "major_code": mc, "major_name": mn, "year": y,
                               "plan": plan, "admitted": admitted, "registered": registered,
                               "students_in_school": registered * 3 - rng.randint(0, 40)})
    return grads, intake


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.2f}%"


def write_csv(name: str, rows: list[list], encoding: str = "utf-8") -> None:
    with open(HERE / name, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def fix_zip_times(path: Path) -> None:
    """Rewrite a workbook's zip entries with one fixed time, so that regenerating changes no byte."""
    import io
    import zipfile

    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time as modified
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-01-01T00:00:00Z", data)
            z.writestr(zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(buf.getvalue())


def write_xlsx(name: str, rows: list[list], merges: list[str]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.properties.creator = "talentcast synthetic fixture"
    wb.properties.created = wb.properties.modified = __import__("datetime").datetime(2025, 1, 1)
    wb.save(HERE / name)
    fix_zip_times(HERE / name)


def main() -> None:  # noqa: PLR0915 - one block per variant file reads best
    rng = random.Random(20261205)
    grads, intake = truth(rng)
    exp: list[dict] = []

    def expect(kind: str, file: str, rows: list[dict], fields: dict[str, object], *, code: bool = True, name: bool = True,
               college_name: str | None = None, major_src: str = "name") -> None:
        for i, t in enumerate(rows, 1):
            e = {"kind": kind, "file": file, "row": i, "college_code": t["college_code"] if code else "",
                 "college_name": college_name or (t["college_name"] if name else t["college_code"]),
                 "major_code": t["major_code"], "major_name_src": t["major_name"] if major_src == "name" else major_src,
                 "year": t["year"]}
            for f, how in fields.items():
                e[f] = how(t) if callable(how) else how
            exp.append(e)

    a23 = [t for t in grads if t["college_code"] == COLLEGES[0][0] and t["year"] == 2023]
    b24 = [t for t in grads if t["college_code"] == COLLEGES[1][0] and t["year"] == 2024]
    allg = grads

    # g01: the wording of a college's own summary: 毕业生总数, 2023届, 91.67 %, 平均月薪(元) with thousands.
    f = "g01_zongshu_jie_percent.csv"
    write_csv(f, [["院校名称", "专业代码", "专业名称", "毕业年份", "毕业生总数", "就业人数", "就业率", "平均月薪(元)"]]
              + [[t["college_name"], t["major_code"], t["major_name"], f"{t['year']}届", t["graduates"], t["employed"],
                  pct(t["employed"], t["graduates"]), f"{t['starting_salary_cny_month']:,}"] for t in allg])
    expect("graduates", f, allg, {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"],
                                  "starting_salary_cny_month": lambda t: t["starting_salary_cny_month"]}, code=False)

    # g02: the rate only (MOE convention: 就业率 counts 升学), in a (%) column, with 升学人数.
    f = "g02_rate_only_with_further_study.csv"
    write_csv(f, [["学校名称", "专业名称", "届别", "毕业生人数（人）", "升学人数（人）", "就业率（%）"]]
              + [[t["college_name"], t["major_name"], f"{t['year']}届", t["graduates"], t["further_study"],
                  f"{100 * (t['employed'] + t['further_study']) / t['graduates']:.2f}"] for t in allg])
    expect("graduates", f, allg, {"graduates": lambda t: t["graduates"], "further_study": lambda t: t["further_study"],
                                  "employed": lambda t: t["employed"], "derived": "employed"}, code=False)

    # g03: title, 单位 row, header, data, 合计 row, notes (xlsx).
    f = "g03_title_unit_total_notes.xlsx"
    rows = [["示例职业技术学院2023届毕业生就业情况统计表（合成数据）"], ["单位：人"],
            ["序号", "学校名称", "专业代码", "专业名称", "毕业年度", "毕业生数", "已就业人数", "升学人数", "省内就业人数", "专业对口就业人数"]]
    rows += [[i, t["college_name"], t["major_code"], t["major_name"], 2023, t["graduates"], t["employed"], t["further_study"],
              t["employed_in_province"], t["counterpart_employed"]] for i, t in enumerate(a23, 1)]
    rows += [["", "合计", "", "", 2023, *[sum(t[c] for t in a23) for c in G_FIELDS[:5]]]]
    rows += [[], ["注：1. 就业人数含灵活就业；2. 数据截至2023年12月31日。"], ["数据来源：学校就业指导中心"]]
    write_xlsx(f, rows, [])
    expect("graduates", f, a23, {c: (lambda t, c=c: t[c]) for c in G_FIELDS[:5]})
    for e in exp[-len(a23):]:
        e["college_code"] = ""

    # g04: merged two-row header, college merged down its rows, 小计 per college, 总计, rate incl. 升学.
    f = "g04_merged_two_row_header.xlsx"
    rows = [["示例院校2024届毕业生去向统计（合成数据）"],
            ["学校名称", "专业", None, "毕业生", None, "就业情况", None, None, "升学人数", "届别"],
            [None, "代码", "名称", "总数", "其中：女", "就业人数", "就业率", "对口就业人数", None, None]]
    merges = ["A1:J1", "A2:A3", "B2:C2", "D2:E2", "F2:H2", "I2:I3", "J2:J3"]
    b24a = [t for t in grads if t["year"] == 2024]
    for code, name in COLLEGES:
        mine = [t for t in b24a if t["college_code"] == code]
        start = len(rows) + 1
        for j, t in enumerate(mine):
            rows.append([name if j == 0 else None, t["major_code"], t["major_name"], t["graduates"], t["graduates"] // 2,
                         t["employed"], pct(t["employed"] + t["further_study"], t["graduates"]), t["counterpart_employed"],
                         t["further_study"], "2024届"])
        merges.append(f"A{start}:A{start + len(mine) - 1}")
        rows.append(["小计", None, None, sum(t["graduates"] for t in mine), None, sum(t["employed"] for t in mine), None, None, None, "2024届"])
    rows.append(["总计", None, None, sum(t["graduates"] for t in b24a), None, sum(t["employed"] for t in b24a), None, None, None, "2024届"])
    write_xlsx(f, rows, merges)
    expect("graduates", f, b24a, {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"],
                                  "counterpart_employed": lambda t: t["counterpart_employed"],
                                  "further_study": lambda t: t["further_study"]}, code=False)
    # g15: the same sheet saved as csv: merges lost, the college blank below its first major.
    f = "g15_merged_saved_as_csv.csv"
    write_csv(f, [["" if v is None else v for v in r] for r in rows])
    expect("graduates", f, b24a, {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"],
                                  "counterpart_employed": lambda t: t["counterpart_employed"],
                                  "further_study": lambda t: t["further_study"]}, code=False)

    # g05: GB18030 with codes, units in brackets, blank and "—" cells (not reported: must stay empty).
    f = "g05_gb18030_units_blanks.csv"
    rows = [["学校代码", "学校名称", "专业代码", "专业名称", "届别", "毕业生数(人)", "已就业人数(人)", "省内就业人数(人)",
             "专业对口人数(人)", "月均起薪(元/月)"]]
    for i, t in enumerate(allg):
        blank = i % 5 == 3
        rows.append([t["college_code"], t["college_name"], t["major_code"], t["major_name"], f"{t['year']}年", t["graduates"],
                     t["employed"], "" if blank else t["employed_in_province"], "—" if blank else t["counterpart_employed"],
                     "" if i % 7 == 2 else t["starting_salary_cny_month"]])
    write_csv(f, rows, encoding="gb18030")
    expect("graduates", f, allg, {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"]})
    for i, (e, t) in enumerate(zip(exp[-len(allg):], allg)):
        e["employed_in_province"] = "" if i % 5 == 3 else t["employed_in_province"]
        e["counterpart_employed"] = "" if i % 5 == 3 else t["counterpart_employed"]
        e["starting_salary_cny_month"] = "" if i % 7 == 2 else t["starting_salary_cny_month"]

    # g06: college by code only; major codes as spreadsheet numbers and as "460104（机械制造及自动化）".
    f = "g06_codes_only.csv"
    rows = [["院校代码", "专业代码", "毕业年份", "毕业生数", "就业人数"]]
    for i, t in enumerate(a23):
        mc = f"{t['major_code']}.0" if i % 2 else f"{t['major_code']}（{t['major_name']}）"
        rows.append([t["college_code"], mc, t["year"], t["graduates"], t["employed"]])
    write_csv(f, rows)
    expect("graduates", f, a23, {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"]}, name=False)
    for i, (e, t) in enumerate(zip(exp[-len(a23):], a23)):
        e["major_name_src"] = t["major_name"] if i % 2 == 0 else t["major_code"]

    # g07: English headers with units.
    f = "g07_english_headers.csv"
    write_csv(f, [["College code", "College", "Major code", "Major", "Graduation year", "Number of graduates", "Employed",
                   "Further study", "Employed in province", "Starting salary (CNY/month)"]]
              + [[t["college_code"], t["college_name"], t["major_code"], t["major_name"], t["year"], t["graduates"], t["employed"],
                  t["further_study"], t["employed_in_province"], t["starting_salary_cny_month"]] for t in allg])
    expect("graduates", f, allg, {c: (lambda t, c=c: t[c]) for c in G_FIELDS if c != "counterpart_employed"})

    # g08: a college's own file: no college column (the title names it), salary in 千元, year as 2024年.
    f = "g08_college_in_title.xlsx"
    rows = [["示例工程职业学院2024届毕业生就业质量报告附表（合成数据）"],
            ["专业名称", "毕业年度", "毕业生人数", "就业人数", "平均月薪（千元）"]]
    rows += [[t["major_name"], "2024年", t["graduates"], t["employed"], t["starting_salary_cny_month"] / 1000] for t in b24]
    write_xlsx(f, rows, [])
    expect("graduates", f, b24, {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"],
                                 "starting_salary_cny_month": lambda t: t["starting_salary_cny_month"]}, code=False)

    ea23 = [t for t in intake if t["college_code"] == COLLEGES[0][0] and t["year"] == 2023]
    alle = intake
    reg = {"new_students": lambda t: t["registered"], "new_students_basis": "registered"}
    adm = {"new_students": lambda t: t["admitted"], "new_students_basis": "admitted"}

    # e01: plan, admitted, registered and 在校生 (the brief's wording): registered is the intake.
    f = "e01_plan_admitted_registered.csv"
    write_csv(f, [["学校名称", "专业名称", "专业代码", "年份", "招生计划数", "实际录取数", "报到人数", "在校生"]]
              + [[t["college_name"], t["major_name"], t["major_code"], t["year"], t["plan"], t["admitted"], t["registered"],
                  t["students_in_school"]] for t in alle])
    expect("enrollment", f, alle, {**reg, "students_in_school": lambda t: t["students_in_school"]}, code=False)

    # e02: plan and admitted only, school years as 2023-2024学年 (the autumn intake year is the first).
    f = "e02_plan_admitted_school_year.csv"
    write_csv(f, [["院校名称", "专业", "招生计划", "录取人数", "在校生人数", "学年"]]
              + [[t["college_name"], t["major_name"], t["plan"], t["admitted"], t["students_in_school"],
                  f"{t['year']}-{t['year'] + 1}学年"] for t in alle])
    expect("enrollment", f, alle, {**adm, "students_in_school": lambda t: t["students_in_school"]}, code=False)

    # e03: merged two-row header 招生(计划|录取|报到), 2023级, unit row, 合计 and note rows (xlsx).
    f = "e03_merged_plan_admitted_registered.xlsx"
    rows = [["示例职业技术学院分专业招生及在校生情况（合成数据）"],
            ["院校代码", "院校名称", "专业代码", "专业名称", "年级", "招生", None, None, "在校生数"],
            [None, None, None, None, None, "计划", "录取", "报到", None],
            ["", "", "", "", "", "人", "人", "人", "人"]]
    merges = ["A1:I1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:H2", "I2:I3"]
    rows += [[t["college_code"], t["college_name"], t["major_code"], t["major_name"], f"{t['year']}级", t["plan"], t["admitted"],
              t["registered"], t["students_in_school"]] for t in ea23]
    rows += [["", "合  计", "", "", "2023级", *[sum(t[c] for t in ea23) for c in ("plan", "admitted", "registered", "students_in_school")]],
             ["填表人：示例　　审核人：示例"]]
    write_xlsx(f, rows, merges)
    expect("enrollment", f, ea23, {**reg, "students_in_school": lambda t: t["students_in_school"]})

    # e04: GB18030, 新生数 (the statistical 招生数) with blanks, 2024年, a note row.
    f = "e04_gb18030_xinsheng.csv"
    rows = [["学校名称", "专业代码", "专业名称", "年度", "新生数", "在校生数"]]
    for i, t in enumerate(alle):
        rows.append([t["college_name"], t["major_code"], t["major_name"], f"{t['year']}年", "" if i % 6 == 1 else t["registered"],
                     t["students_in_school"]])
    rows.append(["注：新生数为当年实际报到人数。"])
    write_csv(f, rows, encoding="gb18030")
    expect("enrollment", f, alle, {"students_in_school": lambda t: t["students_in_school"]}, code=False)
    for i, (e, t) in enumerate(zip(exp[-len(alle):], alle)):
        e["new_students"], e["new_students_basis"] = ("", "") if i % 6 == 1 else (t["registered"], "enrolled")

    # e05: English headers.
    f = "e05_english_headers.csv"
    write_csv(f, [["School code", "School", "Programme code", "Programme", "Intake year", "Planned intake", "Admitted",
                   "Registered", "Students in school"]]
              + [[t["college_code"], t["college_name"], t["major_code"], t["major_name"], t["year"], t["plan"], t["admitted"],
                  t["registered"], t["students_in_school"]] for t in alle])
    expect("enrollment", f, alle, {**reg, "students_in_school": lambda t: t["students_in_school"]})

    # g09: years across the columns (近两年毕业生就业情况): one record per row and year; the code in the name cell.
    f = "g09_years_across.csv"
    rows = [["学校名称", "专业", "2023届毕业生数", "2023届就业人数", "2024届毕业生数", "2024届就业人数"]]
    for code, name in COLLEGES:
        for mc, mn in MAJORS:
            t23, t24 = (next(t for t in grads if t["college_code"] == code and t["major_code"] == mc and t["year"] == y) for y in (2023, 2024))
            rows.append([name, f"{mc} {mn}", t23["graduates"], t23["employed"], t24["graduates"], t24["employed"]])
    write_csv(f, rows)
    across = [t for code, _ in COLLEGES for mc, _ in MAJORS for y in (2023, 2024)
              for t in grads if t["college_code"] == code and t["major_code"] == mc and t["year"] == y]
    by_file_order = [t for y in (2023, 2024) for t in across if t["year"] == y]  # the lake holds year 2023's rows, then 2024's
    expect("graduates", f, sorted(by_file_order, key=lambda t: (across.index(t) // 2, t["year"])),
           {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"]}, code=False)
    for e in exp[-len(across):]:
        e["major_name_src"] = next(mn for mc, mn in MAJORS if mc == e["major_code"])

    # g10: a workbook with a 说明 sheet, then one sheet per graduation year named "2023届", "2024届" (no year column).
    import openpyxl

    f = "g10_sheet_per_year.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表为合成数据，仅用于测试。"])
    for y in (2023, 2024):
        ws = wb.create_sheet(f"{y}届")
        ws.append(["院校名称", "专业代码", "专业名称", "毕业生数", "就业人数", "升学人数"])
        for t in (t for t in grads if t["college_code"] == COLLEGES[1][0] and t["year"] == y):
            ws.append([t["college_name"], t["major_code"], t["major_name"], t["graduates"], t["employed"], t["further_study"]])
    wb.properties.created = wb.properties.modified = __import__("datetime").datetime(2025, 1, 1)
    wb.save(HERE / f)
    fix_zip_times(HERE / f)
    rows_b = [t for y in (2023, 2024) for t in grads if t["college_code"] == COLLEGES[1][0] and t["year"] == y]
    expect("graduates", f, rows_b, {c: (lambda t, c=c: t[c]) for c in ("graduates", "employed", "further_study")}, code=False)

    # g11: a csv whose second header row holds the years under each field (毕业生数 over 2023 | 2024).
    f = "g11_years_under_fields.csv"
    rows = [["院校名称", "专业名称", "毕业生数", "", "就业人数", ""], ["", "", "2023届", "2024届", "2023届", "2024届"]]
    for mc, mn in MAJORS:
        t23, t24 = (next(t for t in grads if t["college_code"] == COLLEGES[0][0] and t["major_code"] == mc and t["year"] == y)
                    for y in (2023, 2024))
        rows.append([COLLEGES[0][1], mn, t23["graduates"], t24["graduates"], t23["employed"], t24["employed"]])
    write_csv(f, rows)
    rows_a = [t for t in grads if t["college_code"] == COLLEGES[0][0]]
    expect("graduates", f, rows_a, {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"]}, code=False)

    # g12: xlsx where two majors share one merged 毕业生数 cell (a 专业群 figure): those two rows are
    # refused (bad_number), the others land.
    f = "g12_merged_count_cell.xlsx"
    rows = [["学校名称", "专业名称", "毕业年份", "毕业生数", "就业人数"]]
    rows += [[t["college_name"], t["major_name"], t["year"], t["graduates"], t["employed"]] for t in a23]
    rows[2][3] = rows[2][3] + rows[3][3]
    rows[3][3] = None
    write_xlsx(f, rows, ["D3:D4"])
    kept = [t for i, t in enumerate(a23) if i not in (1, 2)]
    expect("graduates", f, kept, {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"]}, code=False)

    # g13: an Excel 97-2003 .xls (xlwt): title merged across, two-row header, college merged down.
    import xlwt

    f = "g13_legacy_xls_merged.xls"
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("毕业生")
    ws.write_merge(0, 0, 0, 5, "示例院校2023届毕业生就业情况（合成数据）")
    ws.write_merge(1, 2, 0, 0, "学校名称")
    ws.write_merge(1, 1, 1, 2, "专业")
    ws.write(2, 1, "代码")
    ws.write(2, 2, "名称")
    ws.write_merge(1, 1, 3, 4, "毕业生")
    ws.write(2, 3, "人数")
    ws.write(2, 4, "就业人数")
    ws.write_merge(1, 2, 5, 5, "毕业年份")
    r = 3
    g23 = [t for t in grads if t["year"] == 2023]
    for code, name in COLLEGES:
        mine = [t for t in g23 if t["college_code"] == code]
        ws.write_merge(r, r + len(mine) - 1, 0, 0, name)
        for t in mine:
            ws.write(r, 1, t["major_code"])
            ws.write(r, 2, t["major_name"])
            ws.write(r, 3, t["graduates"])
            ws.write(r, 4, t["employed"])
            ws.write(r, 5, 2023)
            r += 1
    book.save(str(HERE / f))
    expect("graduates", f, g23, {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"]}, code=False)

    # g14: a college's form: title, 填报单位 (the college) and 填报日期 lines above the header, no
    # college or year column (the title's 2024届 is the year, not the 2025 filing date).
    f = "g14_form_with_filing_lines.xlsx"
    rows = [["2024届毕业生就业情况统计表（合成数据）"], [f"填报单位：{COLLEGES[1][1]}（盖章）", None, None, "填报日期：2025年1月10日"],
            ["专业代码", "专业名称", "毕业生数", "就业人数", "升学人数"]]
    rows += [[t["major_code"], t["major_name"], t["graduates"], t["employed"], t["further_study"]] for t in b24]
    write_xlsx(f, rows, ["A1:E1"])
    expect("graduates", f, b24, {c: (lambda t, c=c: t[c]) for c in ("graduates", "employed", "further_study")}, code=False)

    # e06: intake across years beside a 在校生数 without a year: the yearless figure is not landed.
    f = "e06_intake_years_across.csv"
    rows = [["院校名称", "专业名称", "2023年招生数", "2024年招生数", "在校生数"]]
    for mc, mn in MAJORS:
        t23, t24 = (next(t for t in intake if t["college_code"] == COLLEGES[0][0] and t["major_code"] == mc and t["year"] == y)
                    for y in (2023, 2024))
        rows.append([COLLEGES[0][1], mn, t23["registered"], t24["registered"], t24["students_in_school"]])
    write_csv(f, rows)
    rows_e = [t for t in intake if t["college_code"] == COLLEGES[0][0]]
    expect("enrollment", f, rows_e, {"new_students": lambda t: t["registered"], "new_students_basis": "enrolled"}, code=False)

    # Held-out wordings (h…): written after the ingest was fitted to the files above, to see
    # whether header matching by meaning carries over to wordings it was not tuned on.
    # h01: 高校名称, 毕业生规模, 毕业去向落实率 (counts 升学), 月均收入, 省内就业比例 (× employed).
    f = "h01_quxiang_luoshi_bili.csv"
    rows = [["序号", "高校名称", "专业名称（全称）", "毕业届别", "毕业生规模（人）", "毕业去向落实率", "升学人数", "月均收入（元）", "省内就业比例"]]
    for i, t in enumerate(allg, 1):
        rows.append([i, t["college_name"], t["major_name"], f"{t['year']}届", t["graduates"],
                     pct(t["employed"] + t["further_study"], t["graduates"]), t["further_study"], t["starting_salary_cny_month"],
                     f"{t['employed_in_province'] / t['employed']:.4f}"])
    write_csv(f, rows)
    expect("graduates", f, allg, {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"],
                                  "further_study": lambda t: t["further_study"], "employed_in_province": lambda t: t["employed_in_province"],
                                  "starting_salary_cny_month": lambda t: t["starting_salary_cny_month"],
                                  "derived": "employed,employed_in_province"}, code=False)

    # h02: a two-row header in a csv (parent once, blanks to its right), the year only in the title.
    f = "h02_csv_two_row_header_year_in_title.csv"
    rows = [["2024届毕业生就业统计（单位：人）"], ["学校名称", "专业", "", "毕业生数", "就业", "", ""],
            ["", "代码", "名称", "", "人数", "对口人数", "省内人数"]]
    rows += [[t["college_name"], t["major_code"], t["major_name"], t["graduates"], t["employed"], t["counterpart_employed"],
              t["employed_in_province"]] for t in b24]
    write_csv(f, rows)
    expect("graduates", f, b24, {c: (lambda t, c=c: t[c]) for c in ("graduates", "employed", "counterpart_employed", "employed_in_province")},
           code=False)

    # h03: English wording of another kind (xlsx).
    f = "h03_english_institution.xlsx"
    rows = [["Institution", "Programme", "Year of graduation", "Graduates (persons)", "Number employed", "Employment rate (%)",
             "Average monthly salary (CNY)"]]
    rows += [[t["college_name"], t["major_name"], t["year"], t["graduates"], t["employed"], round(100 * t["employed"] / t["graduates"], 2),
              t["starting_salary_cny_month"]] for t in a23]
    write_xlsx(f, rows, [])
    expect("graduates", f, a23, {"graduates": lambda t: t["graduates"], "employed": lambda t: t["employed"],
                                 "starting_salary_cny_month": lambda t: t["starting_salary_cny_month"]}, code=False)

    # h04: 入学年份, 计划招生数, 录取新生数, 新生报到人数, 报到率 (a rate, not a count), 合计 in the 序号 column.
    f = "h04_baodaolv_heji_in_xuhao.csv"
    rows = [["序号", "学校名称", "专业代码", "专业名称", "入学年份", "计划招生数", "录取新生数", "新生报到人数", "报到率", "在校学生数"]]
    rows += [[i, t["college_name"], t["major_code"], t["major_name"], t["year"], t["plan"], t["admitted"], t["registered"],
              pct(t["registered"], t["admitted"]), t["students_in_school"]] for i, t in enumerate(alle, 1)]
    rows.append(["合计", "", "", "", "", sum(t["plan"] for t in alle), sum(t["admitted"] for t in alle), sum(t["registered"] for t in alle),
                 "", sum(t["students_in_school"] for t in alle)])
    write_csv(f, rows)
    expect("enrollment", f, alle, {**reg, "students_in_school": lambda t: t["students_in_school"]}, code=False)

    # h05: a Department of Education table: unlisted 5-digit college codes, 层次, 招生数/在校生数/毕业生数.
    f = "h05_doe_codes_level.xlsx"
    rows = [["河南省高职院校分专业招生和在校生情况（合成数据）"], ["院校代码", "院校名称", "专业名称", "层次", "招生数", "在校生数", "毕业生数", "年度"]]
    for t in alle:
        rows.append([t["college_code"][-5:], t["college_name"].replace("职业技术学院", "院").replace("职业学院", "院"), t["major_name"],
                     "专科", t["registered"], t["students_in_school"], t["registered"] - 5, t["year"]])
    write_xlsx(f, rows, [])
    expect("enrollment", f, alle, {"new_students": lambda t: t["registered"], "new_students_basis": "enrolled",
                                   "students_in_school": lambda t: t["students_in_school"]})
    for e, t in zip(exp[-len(alle):], alle):
        e["college_code"] = t["college_code"][-5:]
        e["college_name"] = t["college_name"].replace("职业技术学院", "院").replace("职业学院", "院")

    # h06: a tab-separated export with one-word headers (学校, 专业, 年份, 毕业生, 就业, 升学).
    f = "h06_one_word_headers.tsv"
    with open(HERE / f, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter="\t", lineterminator="\n").writerows(
            [["学校", "专业", "年份", "毕业生", "就业", "升学"]]
            + [[t["college_name"], t["major_name"], t["year"], t["graduates"], t["employed"], t["further_study"]] for t in allg])
    expect("graduates", f, allg, {c: (lambda t, c=c: t[c]) for c in ("graduates", "employed", "further_study")}, code=False)

    cols = KEYS + ["derived", *G_FIELDS, *E_FIELDS]
    with open(HERE / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, cols, restval="", lineterminator="\n")
        w.writeheader()
        w.writerows(exp)


if __name__ == "__main__":
    main()
