"""Writes the 10 input files and expected.csv of blind set 5 (run once; the outputs are committed).

Colleges, codes and names are real (henan_colleges_2025.csv, the 2004/2015/2021 catalogues via
data/crosswalk/major_concordance.csv); which college registers which major in which year is
synthetic. The key (expected.csv) is written here by hand, beside each input row, before any ingest run.
"""
from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
KEY: list[dict] = []
FIELDS = ["file", "expect", "year", "college_code", "college_name", "major_code_src", "major_name_src",
          "duration_years", "catalogue_edition", "major_code", "register_status", "remark"]

COL = {  # 10-digit 学校标识码 -> name (henan_colleges_2025.csv)
    "4141010824": "河南职业技术学院", "4141013790": "河南农业职业学院", "4141012794": "河南工业职业技术学院",
    "4141013788": "河南经贸职业学院", "4141013781": "南阳医学高等专科学校", "4141012067": "许昌职业技术学院",
    "4141013789": "河南交通职业技术学院", "4141014169": "河南科技职业大学", "4141012058": "黄河水利职业技术大学",
    "4141013791": "郑州旅游职业学院", "4141010835": "漯河职业技术学院", "4141013780": "漯河医学高等专科学校",
    "4141013782": "商丘医学高等专科学校", "4141013889": "河南林业职业学院",
}


def key(file, year, college, code, name, dur, edition, code21, status="offered", remark="", expect="row"):
    KEY.append(dict(file=file, expect=expect, year=year, college_code=college, college_name=COL[college],
                    major_code_src=code, major_name_src=name, duration_years=dur, catalogue_edition=edition,
                    major_code=code21, register_status=status, remark=remark))


def f01() -> None:
    """Wide: colleges as rows, majors as columns (code row over name row), √ marks, a 合计 row."""
    f = "f01_wide_checkmarks.xlsx"
    majors = [("510201", "计算机应用技术"), ("510203", "软件技术"), ("530302", "大数据与会计"),
              ("530701", "电子商务"), ("460301", "机电一体化技术"), ("520201", "护理")]
    marks = {"4141010824": {"510201", "510203", "530302", "530701"}, "4141012794": {"510201", "460301"},
             "4141013788": {"530302", "530701", "510203"}, "4141013781": {"520201"}}
    wb = Workbook(); ws = wb.active; ws.title = "汇总"
    ws.append(["河南省2022年高职专科专业设置备案汇总表（√表示已备案）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2 + len(majors))
    ws.append(["学校标识码", "学校名称"] + [c for c, _ in majors])
    ws.append([None, None] + [n for _, n in majors])
    ws.merge_cells("A2:A3"); ws.merge_cells("B2:B3")
    for college, have in marks.items():
        ws.append([college, COL[college]] + ["√" if c in have else None for c, _ in majors])
        for c, n in majors:
            if c in have:
                key(f, 2022, college, c, n, "*", "2021", c)
    ws.append(["合计", None] + [sum(c in h for h in marks.values()) for c, _ in majors])
    wb.save(HERE / f)


def f02() -> None:
    """One row per college, all its majors in one cell separated by 、, codes in (half/full-width) brackets."""
    f = "f02_one_cell_list.csv"
    rows = [("4141013789", [("汽车检测与维修技术", "500211", "()"), ("现代物流管理", "530802", "（）"),
                            ("道路与桥梁工程技术", "500201", "()")]),
            ("4141013791", [("旅游管理", "540101", "()"), ("酒店管理与数字化运营", "540106", "()"),
                            ("烹饪工艺与营养", "540202", "（）")]),
            ("4141012067", [("电子信息工程技术", "510101", "（）"), ("现代通信技术", "510301", "（）"),
                            ("大数据技术", "510205", "（）"), ("电子商务", "530701", "（）")])]
    with open(HERE / f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["2023年河南省高等职业学校专业设置一览"])
        w.writerow(["序号", "学校标识码", "学校名称", "专业设置（专业代码）", "专业数"])
        for i, (college, majors) in enumerate(rows, 1):
            cell = "、".join(f"{n}{b[0]}{c}{b[1]}" for n, c, b in majors)
            w.writerow([i, college, COL[college], cell, len(majors)])
            for n, c, _ in majors:
                key(f, 2023, college, c, n, "*", "2021", c)


def f03() -> None:
    """Multi-year workbook, the year only in each sheet's name; 2015 codes in 2019/2020, 2021 codes in 2021."""
    f = "f03_multi_year_sheets.xlsx"
    years = {
        2019: [("4141012067", "610201", "计算机应用技术", "510201"), ("4141012067", "630302", "会计", "530302"),
               ("4141013789", "600405", "空中乘务", "500405")],
        2020: [("4141012067", "610201", "计算机应用技术", "510201"), ("4141012067", "630302", "会计", "530302"),
               ("4141012067", "630801", "电子商务", "530701"), ("4141013789", "600405", "空中乘务", "500405")],
        2021: [("4141012067", "510201", "计算机应用技术", "510201"), ("4141012067", "530302", "大数据与会计", "530302"),
               ("4141012067", "530701", "电子商务", "530701"), ("4141013789", "500405", "空中乘务", "500405")],
    }
    wb = Workbook(); wb.remove(wb.active)
    for year, rows in years.items():
        ws = wb.create_sheet(f"{year}年备案")
        ws.append(["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"])
        for college, code, name, code21 in rows:
            ws.append([college, COL[college], int(code) if year == 2021 else code, name, 3])
            key(f, year, college, code, name, 3, "2015" if year < 2021 else "2021", code21)
    wb.save(HERE / f)


def f04() -> None:
    """2014 register, 2004-catalogue codes and old names (three collide with other 2021 codes), 5-digit college codes, GB18030."""
    f = "f04_catalogue2004_2014.csv"
    rows = [("4141013790", "510101", "作物生产技术", 3, ""),   # 2004 code unmapped; 2021 510101 is 电子信息工程技术
            ("4141013790", "510301", "畜牧兽医", 3, "410303"),  # 2021 510301 is 现代通信技术
            ("4141010824", "590101", "计算机应用技术", 3, "510201"),  # 2021 590101 is 社会工作
            ("4141010824", "620204", "会计电算化", 3, "530302"),
            ("4141013781", "630201", "护理", 3, "520201"),
            ("4141012794", "580201", "机电一体化技术", 2, "460301")]
    with open(HERE / f, "w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["机构名称", "学校标识码", "专业代码", "专业名称", "修业年限", "年份"])
        for college, code, name, dur, code21 in rows:
            w.writerow([COL[college], college[-5:], code, name, dur, 2014])
            key(f, 2014, college, code, name, dur, "2004", code21)


def f05() -> None:
    """招生计划 by province of recruitment: a major once per province; 学制 in words."""
    f = "f05_plan_by_province.xlsx"
    plan = [("4141013788", "530302", "大数据与会计", [("河南", 120), ("山西", 10), ("安徽", 8)]),
            ("4141013788", "530605", "市场营销", [("河南", 60), ("河北", 5)]),
            ("4141013791", "540101", "旅游管理", [("河南", 80), ("甘肃", 6), ("贵州", 4)]),
            ("4141013791", "540202", "烹饪工艺与营养", [("河南", 90)])]
    wb = Workbook(); ws = wb.active; ws.title = "分省计划"
    ws.append(["2024年分省分专业招生计划（高职专科）"])
    ws.merge_cells("A1:H1")
    ws.append(["学校标识码", "院校名称", "专业代码", "专业名称", "学制", "层次", "招生省份", "计划数"])
    for college, code, name, provs in plan:
        for prov, n in provs:
            ws.append([int(college), COL[college], int(code), name, "三年", "专科", prov, n])  # numbers, as Excel keeps them
        key(f, 2024, college, code, name, 3, "2021", code)
    wb.save(HERE / f)


def f06() -> None:
    """Codes with trailing (also ideographic) spaces and full-width digits; 修业年限 as ３ / 3年."""
    f = "f06_codes_spaces_fullwidth.csv"
    rows = [("4141012794", "460104 ", "460104", "机械制造及自动化", "3"),
            ("4141012794", "４６０３０６", "460306", "电气自动化技术", "３"),
            ("4141012794", "510201\u3000", "510201", "计算机应用技术", "3年"),
            ("4141010835", "４７０１０１ ", "470101", "食品生物技术", "3"),
            ("4141010835", "520801", "520801", "健康管理", "３年"),
            ("４１４１０１０８３５", "530701", "530701", "电子商务", "3")]
    with open(HERE / f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["年份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"])
        for college, raw, code, name, dur in rows:
            ascii_college = college.translate({0xFF10 + i: 0x30 + i for i in range(10)})
            w.writerow([2022, college, COL[ascii_college], raw, name, dur])
            key(f, 2022, ascii_college, code, name, 3, "2021", code)


def f07() -> None:
    """备注 mixing 停招 / 暂停招生 / 2024年起停招 / 新增 / 撤销 over two register years."""
    f = "f07_remarks_mixed.xlsx"
    a = "4141010824"
    rows = [(2023, "510201", "计算机应用技术", "", "offered"),
            (2023, "530302", "大数据与会计", "停招", "suspended"),
            (2023, "530701", "电子商务", "暂停招生", "suspended"),
            (2023, "540106", "酒店管理与数字化运营", "2024年起停招", "offered"),  # stops only from 2024
            (2023, "510205", "大数据技术", "新增", "new"),
            (2023, "460301", "机电一体化技术", "撤销", "withdrawn"),
            (2024, "540106", "酒店管理与数字化运营", "2024年起停招", "suspended"),
            (2024, "510201", "计算机应用技术", "2025年起停招", "offered"),
            (2024, "530302", "大数据与会计", "暂停招生（2024年）", "suspended")]
    wb = Workbook(); ws = wb.active; ws.title = "专业备案"
    ws.append(["年份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "备注"])
    for year, code, name, remark, status in rows:
        ws.append([year, a, COL[a], code, name, 3, remark or None])
        key(f, year, a, code, name, 3, "2021", code, status, remark)
    wb.save(HERE / f)


def f08() -> None:
    """Sorted by major: 专业大类 and the major's code and name merged down over its colleges."""
    f = "f08_by_major_merged.xlsx"
    groups = [("电子与信息大类", [("510203", "软件技术", ["4141014169", "4141012067", "4141010824"]),
                                 ("510201", "计算机应用技术", ["4141012794", "4141013789"])]),
              ("医药卫生大类", [("520201", "护理", ["4141013781", "4141013780", "4141013782"])])]
    wb = Workbook(); ws = wb.active; ws.title = "按专业"
    ws.append(["2025年河南省高职专科专业布点情况（按专业排列）"])
    ws.merge_cells("A1:F1")
    ws.append(["专业大类", "专业代码", "专业名称", "学校标识码", "学校名称", "修业年限"])
    r = 3
    for cat, majors in groups:
        cat_start = r
        for code, name, colleges in majors:
            start = r
            for i, college in enumerate(colleges):
                ws.append([cat if r == cat_start else None, code if i == 0 else None,
                           name if i == 0 else None, college, COL[college], 3])
                key(f, 2025, college, code, name, 3, "2021", code)
                r += 1
            ws.merge_cells(start_row=start, start_column=2, end_row=r - 1, end_column=2)
            ws.merge_cells(start_row=start, start_column=3, end_row=r - 1, end_column=3)
        ws.merge_cells(start_row=cat_start, start_column=1, end_row=r - 1, end_column=1)
    wb.save(HERE / f)


def f09() -> None:
    """UTF-8 with BOM, ; delimiter, CRLF."""
    f = "f09_bom_semicolon.csv"
    rows = [("4141013790", "410303", "畜牧兽医", ""), ("4141013790", "410105", "园艺技术", ""),
            ("4141013790", "410101", "种子生产与经营", "停招"), ("4141013889", "410202", "园林技术", ""),
            ("4141013889", "410201", "林业技术", "新增")]
    status = {"": "offered", "停招": "suspended", "新增": "new"}
    with open(HERE / f, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(["年份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "备注"])
        for college, code, name, remark in rows:
            w.writerow([2025, college, COL[college], code, name, 3, remark])
            key(f, 2025, college, code, name, 3, "2021", code, status[remark], remark)


def f10() -> None:
    """中职 (3-year, 2021 中职 codes, not in the higher-vocational catalogue) and 职业本科 (4-year) beside 专科 and 五年制."""
    f = "f10_levels_mixed.xlsx"
    rows = [("4141014169", "职业本科", "310203", "软件工程技术", 4, "row"),
            ("4141014169", "高职专科", "510203", "软件技术", 3, "row"),
            ("4141014169", "中职", "710201", "计算机应用", 3, "not_landed"),
            ("4141012058", "职业本科", "260101", "机械设计制造及自动化", 4, "row"),
            ("4141012058", "高职专科", "460104", "机械制造及自动化", 3, "row"),
            ("4141012058", "高职专科（五年一贯制）", "460104", "机械制造及自动化", 5, "row"),
            ("4141013781", "中职", "720201", "护理", 3, "not_landed"),
            ("4141013781", "高职专科", "520201", "护理", 3, "row"),
            ("4141013781", "高职专科（五年一贯制）", "520201", "护理", 5, "row")]
    wb = Workbook(); ws = wb.active; ws.title = "专业设置"
    ws.append(["2024年专业设置情况（含中职、五年制、职业本科）"])
    ws.merge_cells("A1:F1")
    ws.append(["学校标识码", "学校名称", "层次", "专业代码", "专业名称", "修业年限"])
    for college, level, code, name, dur, expect in rows:
        ws.append([college, COL[college], level, code, name, dur])
        key(f, 2024, college, code, name, dur, "2021" if expect == "row" else "*",
            code if expect == "row" else "*", expect=expect)
    wb.save(HERE / f)


if __name__ == "__main__":
    for make in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10):
        make()
    with open(HERE / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(KEY)
    print(len(KEY), "key rows")
