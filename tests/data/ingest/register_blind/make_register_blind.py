"""Write the blind register forms and their answer key (expected.csv) from REAL register records.

Every record below was copied by hand from the MOE register sample
(data/sample/programmes in this repository, files moe_majors_河南省_{2019,2021,2023,2024}.txt.gz,
from github Vampxgg/data-pipeline-childcare @ 30f0de8): college name, 学校标识码, major name and
code, 修业年限 and year exactly as registered. The 2021-edition code of each 2019 (2015-edition)
record is the code the SAME college registered the SAME-named major under, with the same 修业年限,
in 2021 (and that code carries that name in the 2021 catalogue). Only the layout is made up.

The two 撤销 rows of 2024 (郑州铁路职业技术学院 商务英语 570201, 食品质量与安全 490102) are real
programmes of the 2023 register absent from the 2024 one; the three 新增 rows are the 2024
programmes the college did not register in 2023. No code, college or status is invented.

Run from the repository root: ``python tests/data/ingest/register_blind/make_register_blind.py``.
Deterministic (fixed workbook timestamps).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

OUT = Path(__file__).parent
A = ("河南职业技术学院", "4141010824")
B = ("鹤壁职业技术学院", "4141012793")
C = ("郑州铁路职业技术学院", "4141010843")

# (college, major name, 2019 code (2015 edition), 2021 code, 修业年限)
_TRACKS = [
    (A, "建筑室内设计", "540104", "440106", 3),
    (A, "数控技术", "560103", "460103", 2),
    (A, "数控技术", "560103", "460103", 3),
    (A, "软件技术", "610205", "510203", 2),
    (A, "学前教育", "670102K", "570102K", 3),
    (B, "建筑装饰工程技术", "540102", "440102", 3),  # 540102 is 导游 in the 2021 edition
    (B, "建筑工程技术", "540301", "440301", 5),
    (B, "护理", "620201", "520201", 3),
    (B, "电子商务", "630801", "530701", 3),
    (B, "旅游管理", "640101", "540101", 3),
    (C, "铁道工程技术", "600104", "500101", 3),
    (C, "中药学", "620302", "520410", 3),
    (C, "计算机网络技术", "610202", "510202", 2),
    (C, "商务英语", "670202", "570201", 3),
    (C, "钢琴调律", "650215", "550214", 3),
]


def _rec(rid, col, name, code_src, code21, dur, year, status="offered", remark=""):
    return {"rid": rid, "college_name": col[0], "college_code": col[1], "major_name_src": name,
            "major_code_src": code_src, "major_code": code21,
            "catalogue_edition": "2015" if year < 2021 else "2021", "duration_years": dur, "year": year,
            "register_status": status, "remark": remark}


R19 = [_rec(f"19-{i:02d}", c, n, s, t, d, 2019) for i, (c, n, s, t, d) in enumerate(_TRACKS, 1)]
R21 = [_rec(f"21-{i:02d}", c, n, t, t, d, 2021) for i, (c, n, s, t, d) in enumerate(_TRACKS, 1)]
# 2024: the tracks still registered in 2024 (checked against the 2024 file) plus the new ones.
_K24 = [(A, "建筑室内设计", "440106", 3), (A, "数控技术", "460103", 3), (A, "软件技术", "510203", 2),
        (A, "学前教育", "570102K", 3), (B, "建筑工程技术", "440301", 3), (B, "护理", "520201", 3),
        (B, "电子商务", "530701", 3), (C, "铁道工程技术", "500101", 3), (C, "计算机网络技术", "510202", 3),
        (C, "钢琴调律", "550214", 3)]
R24 = [_rec(f"24-{i:02d}", c, n, k, k, d, 2024) for i, (c, n, k, d) in enumerate(_K24, 1)]
R24_NEW = [_rec("24-n1", B, "工业互联网应用", "460310", "460310", 3, 2024, "new", "新增"),
           _rec("24-n2", B, "中药学", "520410", "520410", 3, 2024, "new", "新增"),
           _rec("24-n3", C, "网络营销与直播电商", "530704", "530704", 3, 2024, "new", "新增")]
R24_GONE = [_rec("24-w1", C, "商务英语", "570201", "570201", 3, 2024, "withdrawn", "撤销"),
            _rec("24-w2", C, "食品质量与安全", "490102", "490102", 3, 2024, "withdrawn", "撤销")]
STAMP = dt.datetime(2024, 9, 1)
KEY: list[dict] = []


def _key(fname, recs, **over):
    for r in recs:
        KEY.append({"file": fname, **r, **over})


def _wb():
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = STAMP
    return wb


def _save(wb, name):
    """Save with fixed zip times and core-properties stamps, so every run writes the same bytes."""
    import io
    import re
    import zipfile

    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(OUT / name, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-09-01T00:00:00Z", data)
            zout.writestr(zipfile.ZipInfo(item.filename, date_time=(2024, 9, 1, 0, 0, 0)), data,
                          zipfile.ZIP_DEFLATED)


def _write_csv(name, header, rows, encoding="utf-8-sig"):
    with open(OUT / name, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def f01_platform_export():
    """全国职业院校专业设置管理与公共信息服务平台 export: two title rows, 序号, year column."""
    name = "全国职业院校专业设置管理与公共信息服务平台_专业设置备案结果_2021.xlsx"
    wb = _wb(); ws = wb.active; ws.title = "备案结果"
    ws.append(["全国职业院校专业设置管理与公共信息服务平台"]); ws.merge_cells("A1:H1")
    ws.append(["高等职业学校专业设置备案结果（河南省）  导出时间：2021-09-15 10:21:33"]); ws.merge_cells("A2:H2")
    ws.append(["序号", "省份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "年份"])
    for i, r in enumerate(R21, 1):
        ws.append([i, "河南省", r["college_code"], r["college_name"], r["major_code_src"], r["major_name_src"],
                   str(r["duration_years"]), str(r["year"])])
    _save(wb, name); _key(name, R21)


def f02_gongshi_html():
    """DoE 备案结果公示 saved as HTML with an .xls name; year only in the title, 5-digit college codes."""
    name = "河南省教育厅_2024年高职专业设置备案结果公示.xls"
    rows = R24 + R24_NEW
    h = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>',
         "<h3>河南省教育厅关于2024年高等职业学校专业设置备案结果的公示</h3>",
         '<table border="1"><tr><td>序号</td><td>学校代码</td><td>学校名称</td><td>专业代码</td>'
         "<td>专业名称</td><td>修业年限</td><td>备注</td></tr>"]
    for i, r in enumerate(rows, 1):
        h.append(f"<tr><td>{i}</td><td>{r['college_code'][-5:]}</td><td>{r['college_name']}</td>"
                 f"<td>{r['major_code_src']}</td><td>{r['major_name_src']}</td><td>{r['duration_years']}</td>"
                 f"<td>{r['remark']}</td></tr>")
    h.append("</table><p>公示期：2024年6月3日至6月9日。</p></body></html>")
    (OUT / name).write_text("\n".join(h), encoding="utf-8"); _key(name, rows)


def f03_gb18030_csv():
    """A csv saved by Excel on a Chinese Windows (GB18030), 2019 on the 2015 edition."""
    name = "高职专业备案_2019.csv"
    _write_csv(name, ["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "年份"],
               ([r["college_code"], r["college_name"], r["major_code_src"], r["major_name_src"],
                r["duration_years"], r["year"]] for r in R19), encoding="gb18030")
    _key(name, R19)


def f04_word_pasted():
    """A Word table pasted into Excel: college name and code merged down over its majors, 学制 '3年'."""
    name = "2021年专业设置一览（从Word粘贴）.xlsx"
    wb = _wb(); ws = wb.active; ws.title = "Sheet1"
    ws.append(["2021年高职院校专业设置一览表"]); ws.merge_cells("A1:E1")
    ws.append(["学校名称", "学校标识码", "专业名称", "专业代码", "学制"])
    start = 3
    for col in (A, B, C):
        recs = [r for r in R21 if r["college_code"] == col[1]]
        for j, r in enumerate(recs):
            ws.append([col[0] if j == 0 else None, col[1] if j == 0 else None, r["major_name_src"],
                       r["major_code_src"], f"{r['duration_years']}年"])
        end = start + len(recs) - 1
        for c in "AB":
            ws.merge_cells(f"{c}{start}:{c}{end}")
            ws[f"{c}{start}"].alignment = Alignment(vertical="center")
        start = end + 1
    _save(wb, name); _key(name, R21)


def f05_per_college_sheets():
    """One sheet per college; the college named in a line above the header, year column."""
    name = "各校备案专业_2024.xlsx"
    wb = _wb(); wb.remove(wb.active)
    rows = R24 + R24_NEW
    for col in (A, B, C):
        ws = wb.create_sheet(col[0])
        ws.append([f"学校名称：{col[0]}", None, f"学校标识码：{col[1]}"])
        ws.append(["专业代码", "专业名称", "修业年限", "年份"])
        for r in rows:
            if r["college_code"] == col[1]:
                ws.append([r["major_code_src"], r["major_name_src"], r["duration_years"], r["year"]])
    # No remark column: nothing in this form says 新增, so every programme reads as offered.
    _save(wb, name); _key(name, [r for col in (A, B, C) for r in rows if r["college_code"] == col[1]],
                          register_status="offered", remark="")


def _kv_text(name, recs, keys, sep, rec_sep):
    """Records as key：value text; ``keys`` maps each label to a format of the record's fields."""
    text = rec_sep.join(sep.join(f"{k}：{v.format(**r)}" for k, v in keys) for r in recs)
    (OUT / name).write_text(text + "\n", encoding="utf-8"); _key(name, recs)


def f06_text_lines():
    """Long text, one record a line, keys in another order and spaced apart."""
    _kv_text("专业备案_2021_文本.txt", R21,
             [("学校名称", "{college_name}"), ("学校标识码", "{college_code}"), ("专业代码", "{major_code_src}"),
              ("专业名称", "{major_name_src}"), ("修业年限", "{duration_years}"), ("年份", "{year}")], "  ", "\n")


def f07_api_json():
    """A JSON API page of the platform (camelCase keys, paging envelope)."""
    name = "majorRecordList_page1.json"
    rows = R24
    page = {"code": 200, "msg": "操作成功", "data": {"total": len(rows), "pageNum": 1, "pageSize": 50, "list": [
        {"id": 1000 + i, "provinceName": "河南省", "schoolCode": r["college_code"], "schoolName": r["college_name"],
         "majorCode": r["major_code_src"], "majorName": r["major_name_src"], "eduSystem": str(r["duration_years"]),
         "year": r["year"]} for i, r in enumerate(rows, 1)]}}
    (OUT / name).write_text(json.dumps(page, ensure_ascii=False, indent=1), encoding="utf-8"); _key(name, rows)


def f08_old_new_codes():
    """2021 register with the 2015-edition code beside the new one (新旧专业对照)."""
    name = "2021年专业备案_新旧专业代码对照.xlsx"
    wb = _wb(); ws = wb.active; ws.title = "对照"
    ws.append(["年份", "学校标识码", "学校名称", "原专业代码", "原专业名称", "新专业代码", "新专业名称", "修业年限"])
    for o, r in zip(R19, R21):
        ws.append([r["year"], r["college_code"], r["college_name"], o["major_code_src"], o["major_name_src"],
                   r["major_code_src"], r["major_name_src"], r["duration_years"]])
    _save(wb, name); _key(name, R21)


def f09_year_nd():
    """Year written '2024年度'."""
    name = "专业设置备案_年度.xlsx"
    wb = _wb(); ws = wb.active; ws.title = "备案"
    ws.append(["年度", "学校代码", "学校名称", "专业代码", "专业名称", "修业年限"])
    for r in R24:
        ws.append([f"{r['year']}年度", r["college_code"], r["college_name"], r["major_code_src"],
                   r["major_name_src"], r["duration_years"]])
    _save(wb, name); _key(name, R24)


def f10_year_xuenian():
    """Year written '2021-2022学年' (the register year is the first: intake in autumn 2021)."""
    name = "专业设置_学年.csv"
    _write_csv(name, ["学年", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"],
               ([f"{r['year']}-{r['year'] + 1}学年", r["college_code"], r["college_name"],
                r["major_code_src"], r["major_name_src"], r["duration_years"]] for r in R21))
    _key(name, R21)


def f11_numeric_codes():
    """Codes stored as numbers (Excel turned them into numbers; K-suffixed codes stay text)."""
    name = "专业备案_2019_数值格式.xlsx"
    wb = _wb(); ws = wb.active; ws.title = "2019"
    ws.append(["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "年份"])
    for r in R19:
        code = r["major_code_src"]
        ws.append([float(r["college_code"]), r["college_name"], code if code.endswith("K") else float(code),
                   r["major_name_src"], float(r["duration_years"]), r["year"]])
    _save(wb, name); _key(name, R19)


def f12_status_column():
    """A 2024 list with a 招生状态 column: 正常招生, 新增, 撤销."""
    name = "2024年专业招生状态.csv"
    rows = [r for r in R24 + R24_NEW + R24_GONE if r["college_code"] in (B[1], C[1])]
    _write_csv(name, ["年份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "招生状态"],
               ([r["year"], r["college_code"], r["college_name"], r["major_code_src"],
                r["major_name_src"], r["duration_years"], r["remark"] or "正常招生"] for r in rows))
    _key(name, rows)


def f13_combined_major():
    """The raw register exported to a table: 开设专业 'name (code)' in one cell, 机构名称."""
    name = "moe_majors_export_2019.xlsx"
    wb = _wb(); ws = wb.active; ws.title = "data"
    ws.append(["机构名称", "省份", "学校标识码", "开设专业", "修业年限", "年份", "备注"])
    for r in R19:
        ws.append([r["college_name"], "河南省", r["college_code"], f"{r['major_name_src']} ({r['major_code_src']})",
                   str(r["duration_years"]), str(r["year"]), None])
    _save(wb, name); _key(name, R19)


def _yearless_xlsx(name, recs):
    """A bare Sheet1 table with no year column and no title line."""
    wb = _wb(); ws = wb.active; ws.title = "Sheet1"
    ws.append(["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"])
    for r in recs:
        ws.append([r["college_code"], r["college_name"], r["major_code_src"], r["major_name_src"], r["duration_years"]])
    _save(wb, name); _key(name, recs)


def f14_year_in_filename():
    """No year column and no title: the year is in the file name only."""
    _yearless_xlsx("河南省2021年高职专业备案.xlsx", R21)


def f15_no_year():
    """No year anywhere (a colleague's working copy): the user must pass year=2024."""
    _yearless_xlsx("专业设置备案结果.xlsx", R24)


def f16_blocks():
    """Blank-line separated key：value blocks, keys in another order, 2019 with 2015 codes."""
    _kv_text("register_2019_blocks.txt", R19,
             [("专业名称", "{major_name_src}"), ("专业代码", "{major_code_src}"), ("学校名称", "{college_name}"),
              ("学校标识码", "{college_code}"), ("学制", "{duration_years}年"), ("年份", "{year}")], "\n", "\n\n")


def f17_biff_xls_chinese_duration():
    """A real BIFF .xls (Excel 97-2003) from the DoE: 学制 '三年制', a closing 合计 line."""
    import xlwt

    name = "2021年高等职业学校专业设置备案汇总表.xls"
    cn = {2: "二年制", 3: "三年制", 5: "五年制"}
    wb = xlwt.Workbook(encoding="utf-8"); ws = wb.add_sheet("汇总表")
    ws.write_merge(0, 0, 0, 6, "2021年河南省高等职业学校专业设置备案汇总表")
    for j, h in enumerate(["序号", "学校标识码", "学校名称", "专业代码", "专业名称", "学制", "备注"]):
        ws.write(1, j, h)
    for i, r in enumerate(R21, 1):
        for j, v in enumerate([i, r["college_code"], r["college_name"], r["major_code_src"], r["major_name_src"],
                               cn[r["duration_years"]], ""]):
            ws.write(1 + i, j, v)
    ws.write(2 + len(R21), 0, f"合计：{len(R21)}个专业点")
    wb.save(str(OUT / name)); _key(name, R21)


def f18_five_digit_numeric_sheet_year():
    """5-digit college codes stored as numbers; the year only in the sheet name."""
    name = "专业点统计.xlsx"
    wb = _wb(); ws = wb.active; ws.title = "2019年"
    ws.append(["学校代码", "学校名称", "专业代码", "专业名称", "修业年限"])
    for r in R19:
        code = r["major_code_src"]
        ws.append([int(r["college_code"][-5:]), r["college_name"], code if code.endswith("K") else int(code),
                   r["major_name_src"], r["duration_years"]])
    _save(wb, name); _key(name, R19)


def f19_names_only():
    """A 公示 table naming colleges only (no 学校标识码): the code comes from the college list."""
    name = "2021年高职院校专业备案名单.csv"
    _write_csv(name, ["序号", "学校名称", "专业代码", "专业名称", "修业年限", "年份"],
               ([i, r["college_name"], r["major_code_src"], r["major_name_src"], r["duration_years"], r["year"]]
                for i, r in enumerate(R21, 1)))
    _key(name, R21)


def f20_raw_gb18030_crlf():
    """The raw register's own key：value records (^_^), saved as ANSI (GB18030) with CRLF on Windows."""
    name = "moe_majors_河南省_2024_ansi.txt"
    rows = R24 + R24_NEW
    text = "^_^".join(f"机构名称：{r['college_name']}\r\n省份：河南省\r\n学校标识码：{r['college_code']}\r\n"
                      f"开设专业：{r['major_name_src']} ({r['major_code_src']})\r\n修业年限：{r['duration_years']}\r\n"
                      f"年份：{r['year']}\r\n备注：{r['remark']}" for r in rows)
    (OUT / name).write_bytes((text + "^_^").encode("gb18030")); _key(name, rows)


def f21_utf16_tab_text():
    """Excel's 'Unicode 文本' export: UTF-16LE with BOM, tab-separated, .txt."""
    name = "专业备案_2019_Unicode文本.txt"
    lines = ["\t".join(["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "年份"])]
    lines += ["\t".join([r["college_code"], r["college_name"], r["major_code_src"], r["major_name_src"],
                         str(r["duration_years"]), str(r["year"])]) for r in R19]
    (OUT / name).write_bytes(b"\xff\xfe" + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")); _key(name, R19)


def f22_decorated_headers():
    """Headers with the edition and unit written in: 专业代码（2021版）, 学制（年）, 备案年份."""
    name = "备案专业_带版本表头.xlsx"
    wb = _wb(); ws = wb.active; ws.title = "Sheet1"
    ws.append(["备案年份", "学校标识码", "学校名称", "专业代码（2021版）", "专业名称（2021版）", "学制（年）"])
    for r in R24:
        ws.append([r["year"], r["college_code"], r["college_name"], r["major_code_src"], r["major_name_src"],
                   r["duration_years"]])
    _save(wb, name); _key(name, R24)


def f23_pages_and_notes_sheet():
    """Two printed pages pasted together (blank row, header repeated) and a 填表说明 sheet."""
    name = "2024年专业备案_汇总（含说明）.xlsx"
    wb = _wb(); ws = wb.active; ws.title = "2024年备案专业"
    head = ["序号", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "备注"]
    ws.append(head)
    rows = R24 + R24_NEW
    for i, r in enumerate(rows, 1):
        if i == 8:
            ws.append([]); ws.append(head)
        ws.append([i, r["college_code"], r["college_name"], r["major_code_src"], r["major_name_src"],
                   r["duration_years"], r["remark"] or None])
    notes = wb.create_sheet("填表说明")
    for line in ("填表说明：", "1. 专业代码、专业名称按《职业教育专业目录（2021年）》填写。",
                 "2. 修业年限填写阿拉伯数字。", "3. 备注栏填写“新增”“撤销”等。"):
        notes.append([line])
    _save(wb, name); _key(name, rows)


def f24_jsonl_chinese_keys():
    """JSON lines with the register's Chinese keys (one object a line)."""
    name = "register_2021.jsonl"
    lines = [json.dumps({"学校标识码": r["college_code"], "学校名称": r["college_name"], "专业代码": r["major_code_src"],
                         "专业名称": r["major_name_src"], "修业年限": r["duration_years"], "年份": r["year"]},
                        ensure_ascii=False) for r in R21]
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8"); _key(name, R21)


def f25_excel_text_formula_codes():
    """A system export that keeps codes as text for Excel: ="4141010824", ="510203"."""
    name = "专业备案导出_2024.csv"
    _write_csv(name, ["年份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"],
               ([r["year"], f'="{r["college_code"]}"', r["college_name"], f'="{r["major_code_src"]}"',
                 r["major_name_src"], r["duration_years"]] for r in R24))
    _key(name, R24)


def f26_tab_prefixed_codes():
    """A system export that prefixes codes with a tab so Excel keeps them as text."""
    name = "专业备案导出_2019.csv"
    _write_csv(name, ["年份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"],
               ([r["year"], "\t" + r["college_code"], r["college_name"], "\t" + r["major_code_src"],
                 r["major_name_src"], r["duration_years"]] for r in R19))
    _key(name, R19)


def f27_row_pasted_twice():
    """Two screens of the platform pasted together: the last row of the first repeats on the second."""
    name = "2021年专业备案_两次复制.csv"
    rows = R21[:8] + R21[7:]
    _write_csv(name, ["年份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"],
               ([r["year"], r["college_code"], r["college_name"], r["major_code_src"], r["major_name_src"],
                 r["duration_years"]] for r in rows))
    _key(name, R21)


def main():
    for f in (f01_platform_export, f02_gongshi_html, f03_gb18030_csv, f04_word_pasted, f05_per_college_sheets,
              f06_text_lines, f07_api_json, f08_old_new_codes, f09_year_nd, f10_year_xuenian, f11_numeric_codes,
              f12_status_column, f13_combined_major, f14_year_in_filename, f15_no_year, f16_blocks,
              f17_biff_xls_chinese_duration, f18_five_digit_numeric_sheet_year, f19_names_only,
              f20_raw_gb18030_crlf, f21_utf16_tab_text, f22_decorated_headers,
              f23_pages_and_notes_sheet, f24_jsonl_chinese_keys, f25_excel_text_formula_codes,
              f26_tab_prefixed_codes, f27_row_pasted_twice):
        f()
    with open(OUT / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(KEY[0]))
        w.writeheader(); w.writerows(KEY)


if __name__ == "__main__":
    main()
