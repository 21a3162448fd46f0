"""Writes the 10 files of blind set 4 and their answer key (expected.csv).

Run once from the repository root: ``python tests/data/ingest/register_blind4/make_files.py``.
Colleges (name, 学校标识码) are copied from data/reference/henan_colleges_2025.csv and major codes
and names from data/reference/vocational_majors_2021.csv (2021 catalogue) and
data/crosswalk/major_concordance.csv (2015 catalogue, with the 2021 code it states). WHICH college
offers WHICH major in WHICH year, and every remark, are synthetic (made up for this test, CC0):
they are not facts about these colleges. The key is written from the tables below, by hand,
before any ingest run; the checks at the end only guard against typos in codes and names.
"""
from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent
ROOT = HERE.parents[3]

COLLEGES = {  # name -> 学校标识码, as in the MOE list
    "河南职业技术学院": "4141010824", "漯河医学高等专科学校": "4141013780",
    "焦作师范高等专科学校": "4141012950", "许昌职业技术学院": "4141012067",
    "开封大学": "4141011069", "濮阳职业技术学院": "4141011787", "商丘职业技术学院": "4141012745",
    "河南农业职业学院": "4141013790", "河南工业职业技术学院": "4141012794",
    "郑州职业技术学院": "4141013792", "河南经贸职业学院": "4141013788",
    "郑州铁路职业技术学院": "4141010843", "南阳医学高等专科学校": "4141013781",
    "郑州幼儿师范高等专科学校": "4141014391", "长垣烹饪职业技术学院": "4141014305",
    "郑州财税金融职业学院": "4141014478", "平顶山工业职业技术学院": "4141012748",
    "济源职业技术学院": "4141012768", "信阳职业技术学院": "4141013784",
    "安阳幼儿师范高等专科学校": "4141014392", "驻马店幼儿师范高等专科学校": "4141014598",
    "商丘幼儿师范高等专科学校": "4141014791", "河南应用技术职业学院": "4141014307",
    "郑州电子商务职业学院": "4141014718", "河南物流职业学院": "4141014636",
    "河南建筑职业技术学院": "4141014181", "河南交通职业技术学院": "4141013789",
    "郑州旅游职业学院": "4141013791", "河南护理职业学院": "4141014349",
    "郑州软件职业技术学院": "4141014796", "周口智慧能源职业学院": "4141014931",
}

# 2015-catalogue code -> (name as registered, 2021 code the concordance states or None)
OLD = {
    "620201": ("护理", "520201"), "620202": ("助产", "520202"), "620301": ("药学", "520301"),
    "630302": ("会计", "530302"), "630206": ("投资与理财", None), "670102K": ("学前教育", "570102K"),
    "670104K": ("语文教育", "570104K"), "610201": ("计算机应用技术", "510201"),
    "610210": ("数字媒体应用技术", "510204"), "640202": ("烹调工艺与营养", "540202"),
    "560301": ("机电一体化技术", "460301"), "560309": ("工业机器人技术", "460305"),
    "560302": ("电气自动化技术", "460306"), "600209": ("汽车运用与维修技术", "500211"),
    "610205": ("软件技术", "510203"), "610119": ("物联网应用技术", "510102"),
    "630601": ("工商企业管理", "530601"), "620101K": ("临床医学", "520101K"),
    "540102": ("建筑装饰工程技术", "440102"), "540104": ("建筑室内设计", "440106"),
    "600202": ("道路桥梁工程技术", "500201"), "640101": ("旅游管理", "540101"),
    "560103": ("数控技术", "460103"), "560113": ("模具设计与制造", "460113"),
}

STATUS = {"": "offered", "保留": "offered", "正常招生": "offered", "新增": "new", "新增专业": "new",
          "停招": "suspended", "暂停招生": "suspended", "撤销": "withdrawn"}

FIELDS = ["year", "college_code", "college_name", "major_code_src", "major_name_src", "duration_years",
          "catalogue_edition", "major_code", "register_status", "remark"]
KEY: list[dict] = []


def catalogue() -> dict[str, str]:
    with open(ROOT / "data/reference/vocational_majors_2021.csv", encoding="utf-8") as fh:
        return {r["code"]: r["name_zh"] for r in csv.DictReader(fh) if r["level"] == "major"}


MAJORS = catalogue()


def name_of(code: str) -> str:
    return OLD[code][0] if code in OLD else MAJORS[code]


def key(file: str, year: int, college: str, code: str, years: int, remark: str, *,
        remark_scored: bool = True, expect: str = "row", college_code: str | None = None) -> None:
    """One answer-key row: what the lake should hold for this registered programme."""
    old = code in OLD
    KEY.append({
        "file": file, "expect": expect, "year": year,
        "college_code": COLLEGES[college] if college_code is None else college_code,
        "college_name": college, "major_code_src": code, "major_name_src": name_of(code),
        "duration_years": years, "catalogue_edition": "2015" if old else "2021",
        "major_code": (OLD[code][1] or "") if old else code,
        "register_status": STATUS[remark],
        "remark": (remark or "") if remark_scored else "*",
    })


def title_row(ws, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=14)
    ws.cell(ws.max_row, 1).alignment = Alignment(horizontal="center")


# --- F01: the MOE 备案结果 export (备案类型 新增/保留/撤销; remark column absent -> remark unscored)
def f01() -> None:
    name = "2022年度河南省高职专科专业设置备案结果.xlsx"
    rows = [
        ("河南职业技术学院", "510201", 3, "保留"), ("河南职业技术学院", "510203", 3, "保留"),
        ("河南职业技术学院", "530302", 3, "保留"), ("河南职业技术学院", "510205", 3, "新增"),
        ("河南职业技术学院", "530701", 3, "撤销"),
        ("漯河医学高等专科学校", "520201", 3, "保留"), ("漯河医学高等专科学校", "520201", 5, "保留"),
        ("漯河医学高等专科学校", "520101K", 3, "保留"), ("漯河医学高等专科学校", "520301", 3, "新增"),
        ("漯河医学高等专科学校", "520202", 3, "撤销"),
        ("焦作师范高等专科学校", "570102K", 3, "保留"), ("焦作师范高等专科学校", "570103K", 3, "保留"),
        ("焦作师范高等专科学校", "570108K", 3, "新增"), ("焦作师范高等专科学校", "570106K", 3, "保留"),
        ("许昌职业技术学院", "460301", 3, "保留"), ("许昌职业技术学院", "460305", 3, "新增"),
        ("许昌职业技术学院", "460306", 3, "保留"), ("许昌职业技术学院", "500211", 3, "撤销"),
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "河南省"
    title_row(ws, "2022年度高等职业教育专科专业设置备案结果（河南省）", 9)
    ws.append(["序号", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "备案年份", "备案类型", "省份"])
    for i, (college, code, years, kind) in enumerate(rows, 1):
        ws.append([i, COLLEGES[college], college, code, name_of(code), years, 2022, kind, "河南省"])
        key(name, 2022, college, code, years, kind, remark_scored=False)
    wb.save(HERE / name)


# --- F02: the provincial department's 专业设置一览, csv in GBK, 5-digit 院校代码, title line, note
def f02() -> None:
    name = "河南省2021年高职院校专业设置一览.csv"
    rows = [
        ("开封大学", "440301", "3年", ""), ("开封大学", "550101", "3年", ""), ("开封大学", "540101", "3年", "停招"),
        ("开封大学", "510202", "3年", "新增"),
        ("濮阳职业技术学院", "520201", "3年", ""), ("濮阳职业技术学院", "460301", "3年", ""),
        ("濮阳职业技术学院", "530701", "3年", "撤销"),
        ("商丘职业技术学院", "410303", "3年", ""), ("商丘职业技术学院", "530302", "3年", ""),
        ("商丘职业技术学院", "570102K", "3年", "新增"),
        ("河南农业职业学院", "410105", "3年", ""), ("河南农业职业学院", "410303", "3年", ""),
        ("河南农业职业学院", "410301", "3年", "新增"), ("河南农业职业学院", "410112", "3年", "停招"),
    ]
    lines = [["河南省教育厅2021年高等职业院校专业设置一览表"],
             ["序号", "院校代码", "院校名称", "专业代码", "专业名称", "学制", "备注"]]
    for i, (college, code, years, remark) in enumerate(rows, 1):
        lines.append([str(i), COLLEGES[college][-5:], college, code, name_of(code), years, remark])
        key(name, 2021, college, code, int(years[0]), remark)
    lines.append(["注：院校代码为教育部院校代码，专业代码为2021年版目录代码。"])
    with open(HERE / name, "w", encoding="gbk", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(lines)


# --- F03: a portal's HTML table saved as .xls (gb2312), 招生年份 column, 招生状态 as the remark
def f03() -> None:
    name = "zhuanye_list_2023.xls"
    rows = [
        ("河南工业职业技术学院", "460301", "正常招生"), ("河南工业职业技术学院", "460104", "正常招生"),
        ("河南工业职业技术学院", "460701", "暂停招生"), ("河南工业职业技术学院", "510201", "正常招生"),
        ("郑州职业技术学院", "500211", "正常招生"), ("郑州职业技术学院", "530605", "正常招生"),
        ("郑州职业技术学院", "510203", "暂停招生"),
        ("河南经贸职业学院", "530302", "正常招生"), ("河南经贸职业学院", "530501", "正常招生"),
        ("河南经贸职业学院", "530702", "正常招生"),
    ]
    cells = ["<tr><th>学校代码</th><th>学校名称</th><th>专业代码</th><th>专业名称</th><th>学制</th>"
             "<th>招生年份</th><th>招生状态</th></tr>"]
    for college, code, state in rows:
        cells.append(f"<tr><td>{COLLEGES[college]}</td><td>{college}</td><td>{code}</td><td>{name_of(code)}</td>"
                     f"<td>3</td><td>2023</td><td>{state}</td></tr>")
        key(name, 2023, college, code, 3, state)
    html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
            "<title>专业查询结果</title></head><body><table border=\"1\">\n" + "\n".join(cells)
            + "\n</table></body></html>\n")
    (HERE / name).write_bytes(html.encode("gbk"))


# --- F04: a college's own list: title lines, 学校标识码 in the preamble, merged 二级学院 cells
def f04() -> None:
    name = "郑州铁路职业技术学院2024年专业设置.xlsx"
    college = "郑州铁路职业技术学院"
    groups = [
        ("机车车辆学院", [("500105", ""), ("500106", ""), ("500108", "")]),
        ("铁道工程学院", [("500101", ""), ("500102", ""), ("500103", "新增")]),
        ("交通运输学院", [("500112", ""), ("500113", "")]),
        ("医学院", [("520201", ""), ("520601", "")]),
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "专业设置"
    title_row(ws, f"{college}2024年招生专业设置一览表", 6)
    ws.append([f"学校标识码：{COLLEGES[college]}"])
    ws.append(["序号", "二级学院", "专业代码", "专业名称", "修业年限", "备注"])
    n = 0
    for school, majors in groups:
        first = ws.max_row + 1
        for code, remark in majors:
            n += 1
            ws.append([n, school if ws.max_row + 1 == first else None, code, name_of(code), "3年", remark or None])
            key(name, 2024, college, code, 3, remark)
        ws.merge_cells(start_row=first, start_column=2, end_row=ws.max_row, end_column=2)
        ws.cell(first, 2).alignment = Alignment(vertical="center")
    ws.append([])
    ws.append(["制表：教务处", None, None, None, "2023年12月"])
    wb.save(HERE / name)


# --- F05: 2015-catalogue codes (older names) for 2018, with a 年份 column
def f05() -> None:
    name = "2018年专业设置备案结果（2015版目录）.xlsx"
    rows = [
        ("南阳医学高等专科学校", "620201", 3, ""), ("南阳医学高等专科学校", "620202", 3, ""),
        ("南阳医学高等专科学校", "620301", 3, "新增"),
        ("郑州幼儿师范高等专科学校", "670102K", 3, ""), ("郑州幼儿师范高等专科学校", "670102K", 5, ""),
        ("郑州幼儿师范高等专科学校", "670104K", 3, "新增"),
        ("长垣烹饪职业技术学院", "640202", 3, ""), ("长垣烹饪职业技术学院", "630302", 3, ""),
        ("长垣烹饪职业技术学院", "610210", 3, "撤销"),
        ("郑州财税金融职业学院", "630302", 3, ""), ("郑州财税金融职业学院", "630206", 3, ""),
        ("郑州财税金融职业学院", "610201", 3, "撤销"),
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "年份", "备注"])
    for college, code, years, remark in rows:
        ws.append([COLLEGES[college], college, code, name_of(code), years, 2018, remark or None])
        key(name, 2018, college, code, years, remark)
    wb.save(HERE / name)


# --- F06: 2015-catalogue codes for 2019, csv (UTF-8 with BOM), the year only in the file name
def f06() -> None:
    name = "henan_register_2019.csv"
    rows = [
        ("平顶山工业职业技术学院", "560301", ""), ("平顶山工业职业技术学院", "560309", "新增"),
        ("平顶山工业职业技术学院", "560302", ""), ("平顶山工业职业技术学院", "600209", ""),
        ("济源职业技术学院", "610205", ""), ("济源职业技术学院", "610119", ""),
        ("济源职业技术学院", "630601", "撤销"),
        ("信阳职业技术学院", "620101K", ""), ("信阳职业技术学院", "620201", ""),
        ("信阳职业技术学院", "630302", "新增"),
    ]
    with open(HERE / name, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "备注"])
        for college, code, remark in rows:
            w.writerow([COLLEGES[college], college, code, name_of(code), 3, remark])
            key(name, 2019, college, code, 3, remark)


# --- F07: 国控 (K) education majors, one sheet a year, the year only in the sheet name
def f07() -> None:
    name = "教育类国控专业备案.xlsx"
    sheets = {
        2023: [("安阳幼儿师范高等专科学校", "570102K", 3, ""), ("安阳幼儿师范高等专科学校", "570102K", 5, ""),
               ("安阳幼儿师范高等专科学校", "570101K", 3, "新增"), ("驻马店幼儿师范高等专科学校", "570102K", 3, ""),
               ("驻马店幼儿师范高等专科学校", "570103K", 3, ""), ("商丘幼儿师范高等专科学校", "570102K", 3, ""),
               ("商丘幼儿师范高等专科学校", "570110K", 3, "新增")],
        2024: [("安阳幼儿师范高等专科学校", "570102K", 3, ""), ("安阳幼儿师范高等专科学校", "570102K", 5, "撤销"),
               ("安阳幼儿师范高等专科学校", "570101K", 3, ""), ("驻马店幼儿师范高等专科学校", "570102K", 3, ""),
               ("驻马店幼儿师范高等专科学校", "570103K", 3, "撤销"), ("驻马店幼儿师范高等专科学校", "570114K", 3, "新增"),
               ("商丘幼儿师范高等专科学校", "570102K", 3, ""), ("商丘幼儿师范高等专科学校", "570110K", 3, "")],
    }
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for year, rows in sheets.items():
        ws = wb.create_sheet(f"{year}年")
        ws.append(["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "备注"])
        for college, code, years, remark in rows:
            ws.append([COLLEGES[college], college, code, name_of(code), years, remark or None])
            key(name, year, college, code, years, remark)
    wb.save(HERE / name)


# --- F08: a 2025 summary whose 新增 sheet repeats rows of the 全部 sheet; 撤销 on a third sheet
def f08() -> None:
    name = "2025年河南省高职专业设置汇总.xlsx"
    everything = [
        ("河南应用技术职业学院", "510201", ""), ("河南应用技术职业学院", "510209", "新增"),
        ("河南应用技术职业学院", "460305", ""), ("郑州电子商务职业学院", "530701", ""),
        ("郑州电子商务职业学院", "530704", "新增"), ("郑州电子商务职业学院", "530706", ""),
        ("河南物流职业学院", "530802", ""), ("河南物流职业学院", "530805", "新增"),
        ("河南物流职业学院", "500211", ""),
    ]
    withdrawn = [("郑州电子商务职业学院", "530703", "撤销"), ("河南物流职业学院", "530605", "撤销")]
    header = ["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "年份", "备注"]
    wb = openpyxl.Workbook()
    ws = wb.active
    for title, rows in (("全部专业", everything), ("其中新增专业", [r for r in everything if r[2] == "新增"]),
                        ("撤销专业", withdrawn)):
        if ws.title != "Sheet":
            ws = wb.create_sheet()
        ws.title = title
        title_row(ws, f"2025年河南省高职专业设置汇总（{title}）", 7)
        ws.append(header)
        for college, code, remark in rows:
            ws.append([COLLEGES[college], college, code, name_of(code), 3, 2025, remark or None])
    for college, code, remark in everything + withdrawn:  # each programme once
        key(name, 2025, college, code, 3, remark)
    wb.save(HERE / name)


# --- F09: 2020, 2015 codes as numbers, college merged down, year only in the title, a note below
def f09() -> None:
    name = "高职专业设置备案名单.xlsx"
    colleges = [
        ("河南建筑职业技术学院", [(540102, ""), (540104, ""), (560103, "新增")]),
        ("河南交通职业技术学院", [(600202, ""), (600209, ""), (630302, "撤销")]),
        ("郑州旅游职业学院", [(640101, ""), (640202, ""), (560113, "新增")]),
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    title_row(ws, "2020年河南省高职专业设置备案名单", 6)
    ws.append(["学校名称", "学校标识码", "专业代码", "专业名称", "修业年限", "备注"])
    for college, majors in colleges:
        first = ws.max_row + 1
        for j, (code, remark) in enumerate(majors):
            ws.append([college if j == 0 else None, int(COLLEGES[college]) if j == 0 else None,
                       code, name_of(str(code)), 3, remark or None])
            key(name, 2020, college, str(code), 3, remark)
        for col in (1, 2):
            ws.merge_cells(start_row=first, start_column=col, end_row=ws.max_row, end_column=col)
    ws.append(["注：专业代码为《普通高等学校高等职业教育（专科）专业目录（2015年）》代码。"])
    wb.save(HERE / name)


# --- F10: the register platform's table view: 开设专业 'name (code)', one 学校标识码 暂无
def f10() -> None:
    name = "专业设置管理平台_河南_2024.xlsx"
    rows = [
        ("河南护理职业学院", "520201", 3, ""), ("河南护理职业学院", "520201", 5, ""),
        ("河南护理职业学院", "520202", 3, ""), ("河南护理职业学院", "520802", 3, "新增"),
        ("郑州软件职业技术学院", "510203", 3, ""), ("郑州软件职业技术学院", "510209", 3, ""),
        ("郑州软件职业技术学院", "510215", 3, "撤销"),
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "专业设置"
    ws.append(["机构名称", "省份", "学校标识码", "开设专业", "修业年限", "年份", "备注"])
    for college, code, years, remark in rows:
        ws.append([college, "河南省", COLLEGES[college], f"{name_of(code)} ({code})", years, 2024, remark or None])
        key(name, 2024, college, code, years, remark)
    # A new college without its code yet: must not land (college_code_missing).
    ws.append(["周口智慧能源职业学院", "河南省", "暂无", f"{name_of('460306')} (460306)", 3, 2024, "新增"])
    key(name, 2024, "周口智慧能源职业学院", "460306", 3, "新增", expect="not_landed", college_code="暂无")
    wb.save(HERE / name)


def check() -> None:
    """Guard against typos: every 2021 code is in the catalogue, every 2015 pair in the concordance."""
    with open(ROOT / "data/crosswalk/major_concordance.csv", encoding="utf-8") as fh:
        conc = {(r["old_code"], r["old_name"]): r["code_2021"] or None
                for r in csv.DictReader(fh) if r["old_edition"] == "2015"}
    with open(ROOT / "data/reference/henan_colleges_2025.csv", encoding="utf-8") as fh:
        listed = {r["name"]: r["moe_code"] for r in csv.DictReader(fh)}
    for name, code in COLLEGES.items():
        assert listed[name] == code, name
    for code, (old_name, new) in OLD.items():
        assert conc[(code, old_name)] == new, code
        assert new is None or new in MAJORS, new
    for r in KEY:
        assert r["major_code"] == "" or r["major_code"] in MAJORS, r


if __name__ == "__main__":
    for make in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10):
        make()
    check()
    with open(HERE / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "expect", *FIELDS])
        w.writeheader()
        w.writerows(KEY)
    print(len(KEY), "key rows")
