"""Build the synthetic graduates/enrollment blind set 3 and its answer key (seeded, rerunnable).

Run from the repository root: ``python tests/data/ingest/cohorts_blind3/make_synthetic.py``.
Every college name and code here is MADE UP (checked against the Henan college list, 2025);
the major codes and names are the real 2021 catalogue (高职专科). All numbers are synthetic.
"""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
RNG = random.Random(20261205)

# Made-up colleges: names and codes not in the Henan college list (2025).
COLLEGES = {
    "嵩阳职业技术学院": "4141098801",
    "伏牛职业技术学院": "4141098802",
    "淇河职业学院": "4141098803",
    "豫东新城职业技术学院": "4141098804",
    "白河医药职业学院": "4141098805",
    "汝水高等专科学校": "4141098806",
}
# Real 2021 catalogue majors (高职专科): code -> name.
MAJORS = {
    "460104": "机械制造及自动化", "460301": "机电一体化技术", "510202": "计算机网络技术",
    "510203": "软件技术", "510205": "大数据技术", "530302": "大数据与会计",
    "530605": "市场营销", "530701": "电子商务", "530802": "现代物流管理",
    "540101": "旅游管理", "550101": "艺术设计", "440301": "建筑工程技术",
    "500201": "道路与桥梁工程技术", "520201": "护理",
}
GRAD_FIELDS = ["college_code", "college_name", "major_code", "major_name_src", "year", "graduates", "employed",
               "further_study", "employed_in_province", "counterpart_employed", "starting_salary_cny_month",
               "destination_industries", "derived", "status"]
ENROL_FIELDS = ["college_code", "college_name", "major_code", "major_name_src", "year", "new_students",
                "new_students_basis", "students_in_school", "status"]
KEY_G: list[dict] = []
KEY_E: list[dict] = []


def outcome(g: int | None = None) -> dict:
    """One synthetic cohort outcome whose counts obey the contract's inequalities."""
    g = g or RNG.randint(38, 420)
    further = RNG.randint(int(g * 0.03), int(g * 0.22))
    abroad = RNG.randint(0, 2)
    employed = RNG.randint(int((g - further - abroad) * 0.80), g - further - abroad)
    return {"graduates": g, "employed": employed, "further_study": further, "abroad": abroad,
            "employed_in_province": RNG.randint(int(employed * 0.5), int(employed * 0.9)),
            "counterpart_employed": RNG.randint(int(employed * 0.55), int(employed * 0.92)),
            "salary": RNG.randrange(3300, 5600, 10)}


def pct(part: int, whole: int, digits: int = 2) -> float:
    """A rate in % written with `digits` decimals that gives `part` back when rounded."""
    r = round(part / whole * 100, digits)
    assert round(r / 100 * whole) == part, (part, whole, r)
    return r


def key_g(file, college, code, major_src, year, o, *, employed=None, inprov=None, counterpart=None,
          salary=None, industries=None, derived="", major_code=None, with_code=True):
    KEY_G.append({"file": file, "college_code": COLLEGES[college] if with_code else "", "college_name": college,
                  "major_code": major_code if major_code is not None else code, "major_name_src": major_src,
                  "year": year, "graduates": o["graduates"], "employed": "" if employed is None else employed,
                  "further_study": o.get("fs_key", o["further_study"]),
                  "employed_in_province": "" if inprov is None else inprov,
                  "counterpart_employed": "" if counterpart is None else counterpart,
                  "starting_salary_cny_month": "" if salary is None else salary,
                  "destination_industries": industries or "", "derived": derived, "status": "synthetic"})


def key_e(file, college, code, major_src, year, new, basis, in_school, *, college_code=None, major_code=None):
    KEY_E.append({"file": file, "college_code": COLLEGES[college] if college_code is None else college_code,
                  "college_name": college, "major_code": code if major_code is None else major_code,
                  "major_name_src": major_src, "year": year, "new_students": "" if new is None else new,
                  "new_students_basis": basis or "", "students_in_school": "" if in_school is None else in_school,
                  "status": "synthetic"})


def g1_quality_report() -> None:
    """就业质量年度报告 table: one college in the title, 专业对口率 as % (count derived)."""
    name = "G1_嵩阳职业技术学院2023届就业质量年度报告_分专业_模拟数据.xlsx"
    college = "嵩阳职业技术学院"
    wb = Workbook(); ws = wb.active; ws.title = "表3 分专业就业情况"
    ws.append([f"{college}（学校标识码：{COLLEGES[college]}）2023届毕业生就业质量年度报告（模拟数据，非真实学校）"])
    ws.append(["表3  2023届毕业生分专业就业情况"])
    ws.append(["序号", "专业代码", "专业名称", "毕业生数(人)", "就业人数(人)", "升学人数(人)", "省内就业人数(人)",
               "专业对口率(%)", "平均月收入(元)"])
    tot = [0, 0, 0, 0]
    for i, code in enumerate(["460104", "460301", "510202", "510203", "530302", "530701", "530802", "440301"], 1):
        o = outcome()
        rate = pct(o["counterpart_employed"], o["employed"])
        ws.append([i, code, MAJORS[code], o["graduates"], o["employed"], o["further_study"], o["employed_in_province"],
                   rate, o["salary"]])
        tot = [tot[0] + o["graduates"], tot[1] + o["employed"], tot[2] + o["further_study"], tot[3] + o["employed_in_province"]]
        key_g(name, college, code, MAJORS[code], 2023, o, employed=o["employed"], inprov=o["employed_in_province"],
              counterpart=o["counterpart_employed"], salary=o["salary"], derived="counterpart_employed")
    ws.append(["合计", "", "", *tot, "", ""])
    ws.append(["注：1. 就业人数含灵活就业；2. 本表为模拟数据（synthetic），学校名称与代码均为虚构。"])
    ws.append(["数据来源：学校就业指导中心，统计截至2023年8月31日。"])
    wb.save(HERE / name)


def g2_gaoji_csv() -> None:
    """高基-like long csv export in GBK, several colleges and two years, every count given."""
    name = "G2_graduates_gaoji_export_synthetic_2022-2023.csv"
    header = ["学校标识码", "学校名称", "专业代码", "专业名称", "毕业年份", "毕业生数", "已就业人数", "升学人数",
              "省内就业人数", "专业对口就业人数", "起薪（元/月）", "数据性质"]
    rows = []
    for college in ["伏牛职业技术学院", "淇河职业学院", "豫东新城职业技术学院"]:
        for year in (2022, 2023):
            for code in RNG.sample(["460301", "510202", "510205", "530605", "530701", "540101", "550101", "500201"], 4):
                o = outcome()
                rows.append([COLLEGES[college], college, code, MAJORS[code], year, o["graduates"], o["employed"],
                             o["further_study"], o["employed_in_province"], o["counterpart_employed"], o["salary"], "合成"])
                key_g(name, college, code, MAJORS[code], year, o, employed=o["employed"], inprov=o["employed_in_province"],
                      counterpart=o["counterpart_employed"], salary=o["salary"])
    with open(HERE / name, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh); w.writerow(header); w.writerows(rows)


def g3_sheets_destination_rate() -> None:
    """Per-college sheets, merged two-row header, 去向落实率 % + 升学 + 出国出境, 年薪 in 万元."""
    name = "G3_2024届毕业生去向落实情况_分院校_模拟数据.xlsx"
    wb = Workbook(); wb.remove(wb.active)
    for college in ["伏牛职业技术学院", "汝水高等专科学校"]:
        ws = wb.create_sheet(college)
        ws.append(["2024届毕业生去向落实情况（模拟数据）"])
        ws.append([f"学校名称：{college}    学校标识码：{COLLEGES[college]}"])
        ws.append(["专业代码", "专业名称", "毕业生数", "毕业去向", None, None, "平均年薪（万元）"])
        ws.append([None, None, None, "去向落实率(%)", "升学人数", "出国出境人数", None])
        for rng in ("A3:A4", "B3:B4", "C3:C4", "D3:F3", "G3:G4"):
            ws.merge_cells(rng)
        for code in RNG.sample(["460104", "510203", "530302", "530802", "540101", "440301", "500201"], 5):
            o = outcome()
            dest = o["employed"] + o["further_study"] + o["abroad"]
            rate = pct(dest, o["graduates"])
            wan = round(o["salary"] * 12 / 10000, 2)
            ws.append([code, MAJORS[code], o["graduates"], rate, o["further_study"], o["abroad"], wan])
            key_g(name, college, code, MAJORS[code], 2024, o, employed=o["employed"],
                  salary=round(wan * 10000 / 12, 2), derived="employed")
    wb.save(HERE / name)


def g4_json_fractions() -> None:
    """JSON records, English keys, rates as fractions, 2023届, destination industries, 护理 by name only."""
    name = "G4_graduates_platform_export_synthetic.json"
    recs = []
    plan = [("白河医药职业学院", c) for c in ("520201", "530302", "530605")] + \
           [("嵩阳职业技术学院", c) for c in ("510203", "510205", "460301")]
    for college, code in plan:
        o = outcome()
        emp_rate = round((o["employed"] + o["further_study"]) / o["graduates"], 4)
        assert round(emp_rate * o["graduates"]) == o["employed"] + o["further_study"]
        ip_rate = round(o["employed_in_province"] / o["employed"], 4)
        assert round(ip_rate * o["employed"]) == o["employed_in_province"]
        a = RNG.randint(3, max(4, o["employed"] // 3)); b = RNG.randint(1, max(2, o["employed"] // 5))
        ind = f"I65:{a};C38:{b}" if code.startswith("51") or code.startswith("46") else f"Q84:{a};F52:{b}"
        recs.append({"college_code": COLLEGES[college], "college_name": college,
                     "major_code": "" if code == "520201" else code, "major_name": MAJORS[code],
                     "year": "2023届", "graduates": o["graduates"], "employment_rate": emp_rate,
                     "further_study": o["further_study"], "in_province_rate": ip_rate,
                     "starting_salary": o["salary"], "destination_industries": ind, "status": "synthetic"})
        key_g(name, college, code, MAJORS[code], 2023, o, employed=o["employed"], inprov=o["employed_in_province"],
              salary=o["salary"], industries=ind, derived="employed,employed_in_province")
    (HERE / name).write_text(json.dumps({"note": "synthetic data (合成数据), made-up colleges", "records": recs},
                                        ensure_ascii=False, indent=1), encoding="utf-8")


def g5_years_across() -> None:
    """Years across under merged headers, college merged down, 小计/合计 rows, names only, a '—' cell."""
    name = "G5_各院校分专业毕业生人数_2022-2024届_模拟数据.xlsx"
    wb = Workbook(); ws = wb.active; ws.title = "毕业生"
    ws.append(["各院校分专业毕业生及就业人数（2022—2024届）（模拟数据）"])
    ws.append(["学校名称", "专业名称", "毕业生数", None, None, "就业人数", None, None])
    ws.append([None, None, "2022届", "2023届", "2024届", "2022届", "2023届", "2024届"])
    for rng in ("A2:A3", "B2:B3", "C2:E2", "F2:H2"):
        ws.merge_cells(rng)
    years = (2022, 2023, 2024)
    grand = [0] * 6
    for college, codes in (("淇河职业学院", ["530701", "530302", "510202"]), ("豫东新城职业技术学院", ["460104", "510205", "540101"])):
        first = ws.max_row + 1
        sub = [0] * 6
        for code in codes:
            os_ = [outcome() for _ in years]
            new_major = code == "510205"  # first cohort graduates in 2023: 2022 is '—'
            gcells, ecells = [], []
            for y, o in zip(years, os_):
                if new_major and y == 2022:
                    gcells.append("—"); ecells.append("—"); continue
                gcells.append(o["graduates"]); ecells.append(o["employed"])
                o["fs_key"] = ""
                key_g(name, college, "" if False else code, MAJORS[code], y, o, employed=o["employed"], with_code=False)
            ws.append([college, MAJORS[code], *gcells, *ecells])
            for i, v in enumerate([*gcells, *ecells]):
                if isinstance(v, int):
                    sub[i] += v
        ws.append([None, "小计", *sub])
        ws.merge_cells(f"A{first}:A{first + len(codes) - 1}")
        grand = [a + b for a, b in zip(grand, sub)]
    ws.append(["合计", None, *grand])
    ws.append(["说明：本表为模拟数据，学校均为虚构。"])
    wb.save(HERE / name)


def e1_plan_admit_register() -> None:
    """招生计划/录取/报到 table, 5-digit made-up 院校代码, numeric code cells, a '—' 报到 cell."""
    name = "E1_2024年分专业招生录取报到情况_模拟数据.xlsx"
    wb = Workbook(); ws = wb.active; ws.title = "2024"
    ws.append(["2024年高职（专科）分专业招生计划、录取及报到情况（模拟数据）"])
    ws.append(["单位：人"])
    ws.append(["序号", "院校代码", "院校名称", "专业代码", "专业名称", "招生计划数", "录取人数", "报到人数"])
    n = 0
    tot = [0, 0, 0]
    for college in ["嵩阳职业技术学院", "淇河职业学院"]:
        for code in RNG.sample(["460104", "460301", "510203", "530302", "530701", "540101", "550101"], 4):
            n += 1
            plan = RNG.randrange(50, 300, 5); adm = plan - RNG.randint(0, 12); reg = adm - RNG.randint(2, 15)
            missing_reg = n == 3
            ws.append([n, int(COLLEGES[college][-5:]), college, int(code), MAJORS[code], plan, adm, "—" if missing_reg else reg])
            tot = [tot[0] + plan, tot[1] + adm, tot[2] + (0 if missing_reg else reg)]
            key_e(name, college, code, MAJORS[code], 2024, adm if missing_reg else reg,
                  "admitted" if missing_reg else "registered", None, college_code=COLLEGES[college][-5:])
    ws.append(["合计", None, None, None, None, *tot])
    wb.save(HERE / name)


def e2_gaoji_csv() -> None:
    """高基-like csv in GB18030: 学年 '2023-2024学年', 招生数 + 在校生数, 数据状态 合成."""
    name = "E2_enrollment_gaoji_synthetic.csv"
    header = ["学校标识码", "学校名称", "专业代码", "专业名称", "学年", "招生数", "在校生数", "数据状态"]
    rows = []
    for college in ["伏牛职业技术学院", "白河医药职业学院"]:
        codes = ["520201", "530302", "530605"] if college == "白河医药职业学院" else ["460301", "510202", "530802", "440301"]
        for y in (2022, 2023):
            for code in codes:
                new = RNG.randint(40, 320); ins = new * 3 - RNG.randint(0, 40)
                rows.append([COLLEGES[college], college, code, MAJORS[code], f"{y}-{y + 1}学年", new, ins, "合成"])
                key_e(name, college, code, MAJORS[code], y, new, "enrolled", ins)
    with open(HERE / name, "w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh); w.writerow(header); w.writerows(rows)


def e3_long_csv_blank_college() -> None:
    """Long csv (UTF-8 BOM), English headers, '2022级' years, college blank below its first row, 小计 rows."""
    name = "E3_enrollment_long_synthetic.csv"
    header = ["school", "school_code", "code", "major", "year", "new_students", "students_in_school"]
    rows = []
    for college in ["豫东新城职业技术学院", "汝水高等专科学校"]:
        first = True
        sub = [0, 0]
        for code in ["510203", "530701", "500201"]:
            for y in (2021, 2022, 2023, 2024):
                new = RNG.randint(30, 260); ins = new * 3 - RNG.randint(0, 30)
                rows.append([college if first else "", COLLEGES[college] if first else "", code, MAJORS[code],
                             f"{y}级", new, ins])
                first = False
                sub = [sub[0] + new, sub[1] + ins]
                key_e(name, college, code, MAJORS[code], y, new, "enrolled", ins)
        rows.append(["", "", "", "小计", "", *sub])
    with open(HERE / name, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh); w.writerow(header); w.writerows(rows)


def e4_sheets_years_across() -> None:
    """Per-college sheets, code in a preamble line, 招生人数 over 2023年|2024年, 在校生数 with no year."""
    name = "E4_各院校分专业招生人数_2023-2024_模拟数据.xlsx"
    wb = Workbook(); wb.remove(wb.active)
    for college in ["白河医药职业学院", "淇河职业学院"]:
        ws = wb.create_sheet(college)
        ws.append([f"{college}分专业招生人数（模拟数据）"])
        ws.append([f"学校标识码：{COLLEGES[college]}"])
        ws.append(["专业代码", "专业名称", "招生人数", None, "在校生数"])
        ws.append([None, None, "2023年", "2024年", None])
        for rng in ("A3:A4", "B3:B4", "C3:D3", "E3:E4"):
            ws.merge_cells(rng)
        codes = ["520201", "530302", "530605"] if college == "白河医药职业学院" else ["530701", "510202", "550101"]
        for code in codes:
            a, b = RNG.randint(40, 300), RNG.randint(40, 300)
            ws.append([code, MAJORS[code], a, b, a + b + RNG.randint(60, 200)])
            key_e(name, college, code, MAJORS[code], 2023, a, "enrolled", None)
            key_e(name, college, code, MAJORS[code], 2024, b, "enrolled", None)
    wb.save(HERE / name)


def main() -> None:
    import pandas as pd

    ref = pd.read_csv(HERE.parents[3] / "data" / "reference" / "henan_colleges_2025.csv", dtype=str)
    for n, c in COLLEGES.items():
        assert n not in set(ref["name"]) and c not in set(ref["moe_code"]) and c[-5:] not in set(ref["national_code_5"]), n
    for f in (g1_quality_report, g2_gaoji_csv, g3_sheets_destination_rate, g4_json_fractions, g5_years_across,
              e1_plan_admit_register, e2_gaoji_csv, e3_long_csv_blank_college, e4_sheets_years_across):
        f()
    for path, fields, rows in (("key_graduates.csv", GRAD_FIELDS, KEY_G), ("key_enrollment.csv", ENROL_FIELDS, KEY_E)):
        with open(HERE / path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, ["file", *fields]); w.writeheader(); w.writerows(rows)
    print(len(KEY_G), "graduate key rows,", len(KEY_E), "enrollment key rows")


if __name__ == "__main__":
    main()
