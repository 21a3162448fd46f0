"""Write the register variant fixtures of this folder and their truth (deterministic; run from the repo root).

    python tests/data/ingest/register/make_register.py

Every file holds the same few REAL register facts (see README.md: records of the MOE register,
Henan, 2015, 2020 and 2021) in a form a user really obtains: the platform's xlsx export with a
title row, per-year sheets, a GBK csv, the raw text with other separators and punctuation, a
table with the old and the new catalogue code side by side … ``expected.csv`` says, per file,
what the lake must hold: one row per programme (``register_status`` offered/new/withdrawn/
suspended) and nothing for title, total (合计) and note rows or repeated rows.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent

LIT = ("河南理工大学", "4141010460", "10460")  # 学校标识码 and the 5-digit national code
LUOHE = ("漯河职业技术学院", "4141010835", "10835")

# (college, 2021 code, name, duration): records of moe_majors_河南省_2021.txt
Y2021 = [
    (LIT, "520202", "助产", 3),
    (LIT, "520403K", "针灸推拿", 3),
    (LUOHE, "440106", "建筑室内设计", 2),
    (LUOHE, "440106", "建筑室内设计", 3),
    (LUOHE, "440301", "建筑工程技术", 5),
    (LUOHE, "440501", "工程造价", 3),
]
# 2020 (2015 catalogue): (college, code as registered, name, duration, 2021 code)
Y2020 = [
    (LIT, "620202", "助产", 3, "520202"),
    (LIT, "620105K", "针灸推拿", 3, "520403K"),
    (LUOHE, "540104", "建筑室内设计", 3, "440106"),
    (LUOHE, "540301", "建筑工程技术", 5, "440301"),
    (LUOHE, "540502", "工程造价", 3, "440501"),
]
# 2015 (2004 catalogue, 5-digit school codes)
Y2015 = [
    (LIT, "630202", "助产", 3, "520202"),
    (LIT, "630108", "针灸推拿", 3, "520403K"),
    (LUOHE, "560301", "建筑工程技术", 3, "440301"),
    (LUOHE, "560502", "工程造价", 3, "440501"),
]
# Remarks from real 2020 → 2021 changes at 漯河职业技术学院: 食品质量与安全 first registered in
# 2021 (新增); the 2-year 建筑工程技术 and 音乐表演 tracks registered in 2020 and not in 2021.
REMARKS = [
    (LUOHE, "490102", "食品质量与安全", 3, "新增", "new"),
    (LUOHE, "440301", "建筑工程技术", 2, "撤销", "withdrawn"),
    (LUOHE, "550201", "音乐表演", 2, "停招", "suspended"),
]

EXPECTED = ["file", "year", "college_code", "college_name", "major_code", "major_name", "duration_years", "register_status"]
NOTES = ["注：本表按学校代码、专业代码排序；修业年限单位为年。", "数据来源：全国职业院校专业设置管理与公共信息服务平台"]
CN_NUM = {2: "二", 3: "三", 5: "五"}


def _num(code: str) -> int | str:
    """A code as a spreadsheet holds it when typed in: a number, unless it has a letter."""
    return int(code) if code.isdigit() else code


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)  # the zip's timestamps change the bytes between runs, never the cells


def _csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def main() -> None:
    truth: list[list[object]] = []

    def expect(file: str, year: int, college: tuple[str, str, str], code: str, name: str, dur: int, status: str = "offered") -> None:
        truth.append([file, year, college[1], college[0], code, name, dur, status])

    # 1. The platform export: title row with the year, blank row, 序号 column, codes as numbers,
    #    a 合计 row and notes under the table. The year is only in the title.
    f = "备案结果_标题行.xlsx"
    rows: list[list[object]] = [["2021年河南省高等职业教育专科专业设置备案结果"], [],
                                ["序号", "学校名称", "学校代码", "专业代码", "专业名称", "修业年限", "备注"]]
    for i, (c, code, name, dur) in enumerate(Y2021, 1):
        rows.append([i, c[0], int(c[1]), _num(code), name, dur, None])
        expect(f, 2021, c, code, name, dur)
    rows += [["合计", None, None, None, None, None, f"{len(Y2021)}个专业点"], [], [NOTES[0]], [NOTES[1]]]
    _xlsx(HERE / f, {"Sheet1": rows})

    # 2. One sheet per year, the year only in the sheet name; the 2020 sheet has 2015 codes.
    f = "register_sheets.xlsx"
    head = ["学校名称", "学校标识码", "专业代码", "专业名称", "修业年限"]
    s20 = [head] + [[c[0], int(c[1]), _num(code), name, dur] for c, code, name, dur, _ in Y2020]
    s21 = [head] + [[c[0], int(c[1]), _num(code), name, dur] for c, code, name, dur in Y2021]
    for c, code, name, dur, new in Y2020:
        expect(f, 2020, c, new, name, dur)
    for c, code, name, dur in Y2021:
        expect(f, 2021, c, code, name, dur)
    _xlsx(HERE / f, {"2020年": s20, "2021年": s21})

    # 3. A GBK csv: 院校名称/院校代码 (5 digits), 学制 as "3年"/"二年", a remark column; year in the file name.
    f = "专业设置备案结果_2021.csv"
    rows = [["院校名称", "院校代码", "专业代码", "专业名称", "学制", "备注"]]
    for c, code, name, dur in Y2021[:3]:
        rows.append([c[0], c[2], code, name, f"{dur}年", ""])
        expect(f, 2021, c, code, name, dur)
    for c, code, name, dur, remark, status in REMARKS:
        rows.append([c[0], c[2], code, name, f"{CN_NUM[dur]}年", remark])
        expect(f, 2021, c, code, name, dur, status)
    _csv(HERE / f, rows, encoding="gbk")

    def text_variant(f: str, render, joiner: str, tail: str = "") -> None:
        """One text record per 2021 programme, ``render(college, code, name, duration)``, joined by ``joiner``."""
        for c, code, name, dur in Y2021:
            expect(f, 2021, c, code, name, dur)
        (HERE / f).write_text(joiner.join(render(*r) for r in Y2021) + tail, encoding="utf-8")

    # 4. The raw text with blank lines between records, half-width colons and no 年份 key:
    #    the year is in the file name.
    text_variant("moe_majors_河南省_2021_blank.txt",
                 lambda c, code, name, dur: f"机构名称:{c[0]}\n省份:河南省\n学校标识码:{c[1]}\n开设专业:{name} ({code})\n修业年限:{dur}\n备注:",
                 "\n\n", "\n")
    # 5. One record per line, fields joined by "；", full-width brackets, "3年".
    text_variant("register_oneline.txt",
                 lambda c, code, name, dur: f"机构名称：{c[0]}；学校标识码：{c[1]}；开设专业：{name}（{code}）；修业年限：{dur}年；年份：2021",
                 "\n", "\n")
    # 6. ^_^ records with extra and full-width spaces, "key ：value", a lower-case K, "2021年".
    text_variant("register_spaced.txt",
                 lambda c, code, name, dur: (f"  机构名称 ：\u3000{c[0]} \n省份：河南省\n学校标识码： {c[1]}\n开设专业：\u3000{name} （ "
                                             f"{code.replace('K', 'k')} ）\n修业年限： {dur} \n年份：2021年\n备注：  "),
                 "^_^")

    # 7. The 2021 catalogue change: new code and name beside the old (2015) ones; year in 年度.
    f = "备案_新旧代码对照.xlsx"
    rows = [["年度", "学校名称", "学校代码", "原专业代码（2015版）", "原专业名称", "专业代码（2021版）", "专业名称（2021版）", "修业年限"]]
    old = {(c[1], new): (code, name) for c, code, name, _, new in Y2020}
    for c, code, name, dur in Y2021:
        oc, on = old.get((c[1], code), ("", ""))
        rows.append([2021, c[0], int(c[1]), _num(oc) if oc else None, on or None, _num(code), name, dur])
        expect(f, 2021, c, code, name, dur)
    _xlsx(HERE / f, {"备案结果": rows})

    # 8. 2015 with 5-digit school codes and 2004 codes, a 年份 column, one row twice.
    f = "register_2015_5digit.csv"
    rows = [["年份", "学校名称", "学校代码", "专业代码", "专业名称", "修业年限"]]
    for c, code, name, dur, new in Y2015:
        rows.append([2015, c[0], c[2], code, name, dur])
        expect(f, 2015, c, new, name, dur)
    rows.append(rows[2])  # the same record again (a copy-paste slip)
    _csv(HERE / f, rows)

    # 9. "name(code)" in one column, a title in brackets, codes and 修业年限 as numbers (3.0).
    f = "register_combined.xlsx"
    rows = [["专业设置备案结果（2021年度）"], ["学校名称", "学校标识码", "专业名称（代码）", "修业年限", "备注"]]
    for c, code, name, dur in Y2021:
        rows.append([c[0], int(c[1]), f"{name}({code})", float(dur), None])
        expect(f, 2021, c, code, name, dur)
    _xlsx(HERE / f, {"2021": rows})

    # 10. Text with dashed separator lines, 学校名称/专业名称/专业代码 keys, the year in a title line.
    f = "register_dashes.txt"
    recs = []
    for c, code, name, dur, new in Y2020:
        recs.append(f"学校名称：{c[0]}\n学校代码：{c[1]}\n专业名称：{name}\n专业代码：{code}\n修业年限：{dur}")
        expect(f, 2020, c, new, name, dur)
    (HERE / f).write_text("2020年河南省高职专业设置备案名单\n" + "\n" + "\n----------------------------\n".join(recs) + "\n", encoding="utf-8")

    # 11. English headers (the programmes table's names), a BOM, a status column in Chinese.
    f = "register_english.csv"
    rows = [["college_name", "college_code", "major_code", "major_name", "duration_years", "year", "note"]]
    for c, code, name, dur in Y2021[2:4]:
        rows.append([c[0], c[1], code, name, dur, 2021, ""])
        expect(f, 2021, c, code, name, dur)
    for c, code, name, dur, remark, status in REMARKS:
        rows.append([c[0], c[1], code, name, dur, 2021, remark])
        expect(f, 2021, c, code, name, dur, status)
    _csv(HERE / f, rows, encoding="utf-8-sig")

    # 12. The official layout with the college's name and code merged over its majors' rows.
    f = "备案结果_合并单元格.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "专科"
    ws.append(["2021年度高等职业教育专科专业设置备案结果"])
    ws.merge_cells("A1:F1")
    ws.append(["学校名称", "学校代码", "专业代码", "专业名称", "修业年限", "备注"])
    r = 3
    for college in (LIT, LUOHE):
        mine = [x for x in Y2021 if x[0] == college]
        for i, (c, code, name, dur) in enumerate(mine):
            ws.append([c[0] if i == 0 else None, int(c[1]) if i == 0 else None, _num(code), name, dur, None])
            expect(f, 2021, c, code, name, dur)
        if len(mine) > 1:
            ws.merge_cells(f"A{r}:A{r + len(mine) - 1}")
            ws.merge_cells(f"B{r}:B{r + len(mine) - 1}")
        r += len(mine)
    wb.save(HERE / f)

    # 13. A ";"-separated csv, "code name" in one 专业 column, codes kept as ="…", year in the file name.
    f = "register_semicolon_2020.csv"
    lines = ["学校名称;学校代码;专业;修业年限"]
    for c, code, name, dur, new in Y2020:
        lines.append(f'{c[0]};="{c[1]}";{code} {name};{dur}')
        expect(f, 2020, c, new, name, dur)
    (HERE / f).write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    # 14. The remark written into the major's cell, "name (code)（备注）"; the year in a 年度 column as "2021年度".
    f = "register_remark_in_name.csv"
    rows = [["机构名称", "学校标识码", "开设专业", "修业年限", "年度"]]
    for c, code, name, dur in Y2021[2:4]:
        rows.append([c[0], c[1], f"{name} ({code})", dur, "2021年度"])
        expect(f, 2021, c, code, name, dur)
    for c, code, name, dur, remark, status in REMARKS:
        rows.append([c[0], c[1], f"{name} ({code})（{remark}）", dur, "2021年度"])
        expect(f, 2021, c, code, name, dur, status)
    _csv(HERE / f, rows)

    # 15. The raw text of the 2021 catalogue change: the old (2015) name and code noted beside the new ones.
    def beside(c, code, name, dur):
        oc, on = old.get((c[1], code), ("", ""))
        note = f"（原{on} {oc}）" if oc else ""
        return f"机构名称：{c[0]}\n学校标识码：{c[1]}\n开设专业：{name} ({code}){note}\n修业年限：{dur}\n年份：2021\n备注："

    text_variant("register_old_beside_new_2021.txt", beside, "^_^")

    # 16. A JSON page of the platform's API: records under data.list, codes and years as numbers, 备注 null or a remark.
    f = "register_api_2021.json"
    items = []
    for c, code, name, dur in Y2021[:2]:
        items.append({"机构名称": c[0], "省份": "河南省", "学校标识码": int(c[1]), "开设专业": f"{name} ({code})", "修业年限": dur, "年份": 2021, "备注": None})
        expect(f, 2021, c, code, name, dur)
    for c, code, name, dur, remark, status in REMARKS:
        items.append({"机构名称": c[0], "省份": "河南省", "学校标识码": int(c[1]), "开设专业": f"{name} ({code})", "修业年限": dur, "年份": 2021, "备注": remark})
        expect(f, 2021, c, code, name, dur, status)
    (HERE / f).write_text(json.dumps({"code": 200, "msg": "ok", "data": {"total": len(items), "list": items}}, ensure_ascii=False, indent=1), encoding="utf-8")

    # Refused: no year anywhere (no column, title, sheet name or file name).
    _xlsx(HERE / "refused_no_year.xlsx", {"Sheet1": [["学校名称", "学校代码", "专业代码", "专业名称", "修业年限"]]
                                          + [[c[0], int(c[1]), _num(code), name, dur] for c, code, name, dur in Y2021[:2]]})
    # Refused: two years in the title and none in the rows.
    _csv(HERE / "refused_two_years.csv", [["2020-2021年专业设置备案结果"], ["学校名称", "学校代码", "专业代码", "专业名称", "修业年限"]]
         + [[c[0], c[1], code, name, dur] for c, code, name, dur in Y2021[:2]])
    # Quarantined with a hint: a csv saved by a spreadsheet that wrote the codes in scientific notation.
    _csv(HERE / "refused_scientific_2021.csv", [["学校名称", "学校代码", "专业代码", "专业名称", "修业年限"]]
         + [[c[0], "4.14101E+09", code, name, dur] for c, code, name, dur in Y2021[:2]])

    _csv(HERE / "expected.csv", [EXPECTED] + truth)


if __name__ == "__main__":
    main()
