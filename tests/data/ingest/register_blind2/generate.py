"""Write the register (programmes) files of this blind set and their answer key.

Every record of the real files is a record of the MOE major register of Henan shipped in
``data/sample/programmes`` (see README.md there for source and licence), reshaped into a form
such registers are really exported in; no value is changed. The one status file
(``register_synthetic_…``) is about a made-up college (示例职业技术学院, code 4141099901) so that
no 撤销/停招 is said of a real college: the real sample has no remark at all.

Run from the repository root: ``python tests/data/ingest/register_blind2/generate.py``.
It rewrites the input files and ``key_programmes.csv``.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
import re
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SAMPLE = ROOT / "data" / "sample" / "programmes"
RNG = random.Random(20261205)

CAT = {r["code"]: r["name_zh"] for r in csv.DictReader(open(HERE / "majors_2021_specialist.csv", encoding="utf-8"))}
BY_NAME = {v: k for k, v in CAT.items()}
COLLEGES = list(csv.DictReader(open(HERE / "colleges_used.csv", encoding="utf-8")))
CODE10 = {c["national_code_5"]: c["moe_code"] for c in COLLEGES}

FIELDS = ["file", "year", "college_code", "college_name", "major_code_src", "major_name_src",
          "duration_years", "catalogue_edition", "major_code", "register_status", "remark"]
UNSCORED = "*"


def edition(year: int) -> str:
    """The catalogue a register year's codes follow (the sample switches in 2016 and 2021)."""
    return "2004" if year <= 2015 else ("2015" if year <= 2020 else "2021")


def load(year: int) -> list[dict]:
    text = gzip.open(SAMPLE / f"moe_majors_河南省_{year}.txt.gz", "rt", encoding="utf-8").read()
    out, seen = [], set()
    for rec in text.split("^_^"):
        d = dict(line.split("：", 1) for line in rec.splitlines() if "：" in line)
        m = re.fullmatch(r"(.+) \((\w+)\)", d.get("开设专业", ""))
        if not m:
            continue
        r = {"college": d["机构名称"], "code": d["学校标识码"], "major": m.group(1),
             "mcode": m.group(2), "dur": int(d["修业年限"]), "year": int(d["年份"])}
        k = (r["code"], r["mcode"], r["dur"])
        if k in seen:
            continue
        seen.add(k)
        out.append(r)
    return out


CACHE: dict[int, list[dict]] = {}


def pick(year: int, college: str, n: int, want_k: bool = False) -> list[dict]:
    """n records of one college in one year (a K-coded one first when asked), in register order."""
    recs = CACHE.setdefault(year, load(year))
    mine = [r for r in recs if r["college"] == college]
    assert mine, (year, college)
    chosen = RNG.sample(mine, min(n, len(mine)))
    if want_k:
        ks = [r for r in mine if r["mcode"].endswith("K")]
        if ks and ks[0] not in chosen:
            chosen[0] = ks[0]
    return sorted(chosen, key=mine.index)


def key(rows: list, file: str, r: dict, *, status: str = "offered", remark: str = "") -> None:
    code = r["code"] if len(r["code"]) == 10 else CODE10[r["code"]]
    ed = edition(r["year"])
    if ed == "2021":
        mc = r["mcode"] if r["mcode"] in CAT else ""
    else:
        # Old editions: only a name the 2021 catalogue keeps word for word gives a sure code.
        mc = BY_NAME.get(r["major"], UNSCORED)
    rows.append({"file": file, "year": r["year"], "college_code": code,
                 "college_name": r["college"], "major_code_src": r["mcode"],
                 "major_name_src": r["major"], "duration_years": r["dur"],
                 "catalogue_edition": ed, "major_code": mc, "register_status": status,
                 "remark": remark})


def title_row(ws, text: str, ncols: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=ncols)


def r1(keys: list) -> None:
    """MOE 备案结果 export: year only in the title, college cells merged down its majors."""
    file = "register_教育部高职专业设置备案结果_2021.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "河南省"
    title_row(ws, "2021年度高等职业教育专科专业设置备案结果（河南省）", 7)
    ws.append(["序号", "学校名称", "学校标识码", "专业代码", "专业名称", "修业年限", "备注"])
    i = 0
    for college in ("许昌职业技术学院", "漯河职业技术学院", "河南机电职业学院"):
        recs = pick(2021, college, 6, want_k=True)
        first = ws.max_row + 1
        for r in recs:
            i += 1
            ws.append([i, r["college"] if ws.max_row + 1 == first else None,
                       r["code"] if ws.max_row + 1 == first else None, r["mcode"], r["major"],
                       r["dur"], None])
            key(keys, file, r)
        ws.merge_cells(f"B{first}:B{ws.max_row}")
        ws.merge_cells(f"C{first}:C{ws.max_row}")
    wb.save(HERE / file)


def r2(keys: list) -> None:
    """Provincial 专业设置管理 platform workbook: one sheet per year, no year column, 学制（年）."""
    file = "register_专业设置管理平台导出_2022-2023.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for year in (2022, 2023):
        ws = wb.create_sheet(f"{year}年")
        ws.append(["院校代码", "院校名称", "专业代码", "专业名称", "学制（年）", "备注"])
        for college in ("焦作工贸职业学院", "郑州铁路职业技术学院"):
            for r in pick(year, college, 5):
                ws.append([r["code"], r["college"], r["mcode"], r["major"], r["dur"], None])
                key(keys, file, r)
    wb.save(HERE / file)


def r3(keys: list) -> None:
    """A college's own 专业设置一览表: the college and year only in the title, no code."""
    file = "register_漯河职业技术学院专业设置一览表.xlsx"
    college = "漯河职业技术学院"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "专业设置一览表"
    title_row(ws, f"{college}2024年专业设置一览表", 5)
    ws.append(["序号", "专业代码", "专业名称", "修业年限", "备注"])
    for i, r in enumerate(pick(2024, college, 10), 1):
        ws.append([i, r["mcode"], r["major"], f"{r['dur']}年", None])
        key(keys, file, r)
    wb.save(HERE / file)


def r4(keys: list) -> None:
    """A table copied out of a PDF: space-separated, page header repeated, page footers."""
    file = "register_备案结果PDF复制_2020.txt"
    lines = ["2020年河南省高等职业学校专业设置备案结果", "",
             "序号 学校名称 学校标识码 专业代码 专业名称 修业年限"]
    i = 0
    for college in ("河南职业技术学院", "信阳职业技术学院"):
        for r in pick(2020, college, 7):
            i += 1
            lines.append(f"{i} {r['college']} {r['code']} {r['mcode']} {r['major']} {r['dur']}")
            key(keys, file, r)
            if i == 7:
                lines += ["", "— 1 —", "", "序号 学校名称 学校标识码 专业代码 专业名称 修业年限"]
    lines += ["", "— 2 —", ""]
    (HERE / file).write_text("\n".join(lines), encoding="utf-8")


def r5(keys: list) -> None:
    """A csv with a title row; the year (2019, 2015-catalogue codes) only in the title."""
    file = "register_title_year.csv"
    with open(HERE / file, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["2019年度河南省高职专科专业设置备案名单", "", "", "", ""])
        w.writerow(["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"])
        for college in ("濮阳职业技术学院", "许昌职业技术学院"):
            for r in pick(2019, college, 6, want_k=True):
                w.writerow([r["code"], r["college"], r["mcode"], r["major"], r["dur"]])
                key(keys, file, r)


def r6(keys: list) -> None:
    """Two years in a 年份 column: 2015-catalogue codes (2020) beside 2021 codes (2021)."""
    file = "register_2020-2021_新旧目录.csv"
    with open(HERE / file, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["年份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"])
        for year in (2020, 2021):
            for r in pick(year, "河南机电职业学院", 7):
                w.writerow([r["year"], r["code"], r["college"], r["mcode"], r["major"], r["dur"]])
                key(keys, file, r)


def r7(keys: list) -> None:
    """2013 and 2015 records: 5-digit college codes and 2004-catalogue major codes."""
    file = "register_2013-2015_五位院校代码.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "专业备案"
    ws.append(["年份", "学校代码", "学校名称", "专业代码", "专业名称", "修业年限"])
    for year in (2013, 2015):
        for college in ("漯河职业技术学院", "郑州铁路职业技术学院"):
            for r in pick(year, college, 4):
                ws.append([r["year"], r["code"], r["college"], r["mcode"], r["major"], r["dur"]])
                key(keys, file, r)
    wb.save(HERE / file)


def r8(keys: list) -> None:
    """The register's own key：value text, records separated by blank lines instead of ^_^."""
    file = "register_raw_text_blank_lines_2025.txt"
    blocks = []
    for college in ("信阳职业技术学院", "许昌职业技术学院"):
        for r in pick(2025, college, 5, want_k=True):
            blocks.append("\n".join([
                f"机构名称：{r['college']}", "省份：河南省", f"学校标识码：{r['code']}",
                f"开设专业：{r['major']} ({r['mcode']})", f"修业年限：{r['dur']}",
                f"年份：{r['year']}", "备注："]))
            key(keys, file, r)
    (HERE / file).write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def r9(keys: list) -> None:
    """SYNTHETIC statuses for a made-up college: 新增, 停招, 暂停招生, 撤销 over two years."""
    file = "register_synthetic_status_示例职业技术学院_2023-2024.xlsx"
    code, name = "4141099901", "示例职业技术学院"
    majors = ["510201", "510202", "510203", "530302", "530701", "460301", "520201"]
    plan = {
        2023: [("", "offered"), ("", "offered"), ("新增", "new"), ("", "offered"),
               ("停招", "suspended"), ("", "offered"), ("", "offered")],
        2024: [("", "offered"), ("撤销", "withdrawn"), ("", "offered"), ("暂停招生", "suspended"),
               ("", "offered"), ("新增专业", "new"), ("2024年撤销", "withdrawn")],
    }
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "备案结果"
    title_row(ws, "示例职业技术学院专业设置备案情况（合成示例，非真实院校）", 7)
    ws.append(["年份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "备注"])
    for year, rows in plan.items():
        for mc, (remark, status) in zip(majors, rows):
            ws.append([year, code, name, mc, CAT[mc], 3, remark or None])
            key(keys, file, {"year": year, "code": code, "college": name, "mcode": mc,
                             "major": CAT[mc], "dur": 3}, status=status, remark=remark)
    wb.save(HERE / file)


def r10(keys: list) -> None:
    """A GBK csv: 专业名称(代码) in one cell, 修业年限 as "3年", the year only in the file name."""
    file = "register_gbk_专业名称代码合并_2023.csv"
    with open(HERE / file, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["学校名称", "学校标识码", "专业名称(代码)", "修业年限"])
        for college in ("濮阳职业技术学院", "河南职业技术学院"):
            for r in pick(2023, college, 5, want_k=True):
                w.writerow([r["college"], r["code"], f"{r['major']}({r['mcode']})", f"{r['dur']}年"])
                key(keys, file, r)


def r11(keys: list) -> None:
    """A JSON export of the platform: camelCase records under data.records."""
    file = "register_platform_export_2024.json"
    recs = []
    for college in ("河南机电职业学院", "焦作工贸职业学院"):
        for r in pick(2024, college, 5):
            recs.append({"schoolName": r["college"], "schoolCode": r["code"],
                         "majorCode": r["mcode"], "majorName": r["major"], "eduYears": r["dur"],
                         "year": r["year"], "remark": ""})
            key(keys, file, r)
    (HERE / file).write_text(json.dumps({"code": 0, "data": {"total": len(recs), "records": recs}},
                                        ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    keys: list = []
    for f in (r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11):
        f(keys)
    with open(HERE / "key_programmes.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(keys)
    print(len(keys))


if __name__ == "__main__":
    main()
