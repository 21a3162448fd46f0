"""Build register blind set 3 from REAL records of data/sample/programmes, reshaped into forms seen in practice.

Run from the repository root: ``python tests/data/ingest/register_blind3/make_register.py``.
Every record (college, 学校标识码, major, 修业年限, year) is copied from the MOE register sample;
only the layout changes. The answer key is written from the same records, before any run.
"""
from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
REPO = HERE.parents[3]
SAMPLE = REPO / "data" / "sample" / "programmes"
FIELDS = ["year", "college_code", "college_name", "major_code_src", "major_name_src", "duration_years",
          "catalogue_edition", "major_code", "register_status", "remark"]
KEY: list[dict] = []
CAT21 = {r["code"] for r in csv.DictReader(open(REPO / "data" / "reference" / "vocational_majors_2021.csv", encoding="utf-8"))
         if r["level"] == "major" and r["education_level"] == "higher_vocational_specialist"}
COLLEGES = list(csv.DictReader(open(REPO / "data" / "reference" / "henan_colleges_2025.csv", encoding="utf-8")))
CODE5 = {c["national_code_5"]: c["moe_code"] for c in COLLEGES}


def load(year: int) -> list[dict]:
    text = gzip.open(SAMPLE / f"moe_majors_河南省_{year}.txt.gz", "rt", encoding="utf-8").read()
    out = []
    for rec in text.split("^_^"):
        d = dict(line.split("：", 1) for line in rec.strip().splitlines() if "：" in line)
        if d:
            m = re.match(r"(.+) \((\w+)\)$", d["开设专业"])
            d["name"], d["code"] = m.group(1), m.group(2)
            out.append(d)
    return out


def pick(year: int, college: str, n: int) -> list[dict]:
    recs = [r for r in load(year) if r["机构名称"] == college]
    assert recs, (year, college)
    return recs[:n]


def edition(year: int) -> str:
    return "2004" if year <= 2015 else "2015" if year <= 2020 else "2021"


def key(file: str, r: dict, *, landed: bool = True) -> None:
    year = int(r["年份"]); ed = edition(year); code = r["学校标识码"]
    if len(code) == 5:
        code = CODE5.get(code, "")
    KEY.append({"file": file, "expect": "row" if landed else "not_landed", "year": year, "college_code": code,
                "college_name": r["机构名称"], "major_code_src": r["code"], "major_name_src": r["name"],
                "duration_years": int(r["修业年限"]), "catalogue_edition": ed,
                # Old-edition rows: the 2021 code depends on a concordance, not the file: unscored ('*').
                "major_code": (r["code"] if r["code"] in CAT21 else "") if ed == "2021" else "*",
                "register_status": "offered", "remark": ""})


def r1_moe_filing_xlsx() -> None:
    name = "R1_2021年河南省高职专业设置备案结果.xlsx"
    wb = Workbook(); ws = wb.active; ws.title = "备案结果"
    ws.append(["2021年河南省高等职业学校专业设置备案结果"])
    ws.append(["序号", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"])
    i = 0
    for college in ["许昌职业技术学院", "郑州铁路职业技术学院", "开封大学"]:
        for r in pick(2021, college, 14):
            i += 1
            ws.append([i, r["学校标识码"], r["机构名称"], r["code"], r["name"], int(r["修业年限"])])
            key(name, r)
    wb.save(HERE / name)


def r2_platform_merged_xlsx() -> None:
    name = "R2_河南省高职院校专业设置管理平台导出_2022.xlsx"
    wb = Workbook(); ws = wb.active; ws.title = "Sheet1"
    ws.append(["学校标识码", "学校名称", "专业代码", "专业名称", "修业年限", "年份", "备注"])
    for college in ["南阳农业职业学院", "河南机电职业学院"]:
        recs = pick(2022, college, 16)
        first = ws.max_row + 1
        for j, r in enumerate(recs):
            ws.append([r["学校标识码"] if j == 0 else None, r["机构名称"] if j == 0 else None, r["code"], r["name"],
                       int(r["修业年限"]), int(r["年份"]), None])
            key(name, r)
        ws.merge_cells(f"A{first}:A{first + len(recs) - 1}")
        ws.merge_cells(f"B{first}:B{first + len(recs) - 1}")
    wb.save(HERE / name)


def r3_raw_text_two_years() -> None:
    """The platform's raw text (key：value records, ^_^), 2023 + 2024, with 2023's 学校标识码 暂无 records."""
    name = "R3_moe_majors_河南省_2023-2024_excerpt.txt"
    recs = pick(2023, "信阳职业技术学院", 10) + pick(2023, "濮阳科技职业学院", 3) + pick(2024, "信阳职业技术学院", 10)
    parts = []
    for r in recs:
        parts.append("\n".join(f"{k}：{r[k]}" for k in ("机构名称", "省份", "学校标识码", "开设专业", "修业年限", "年份", "备注")))
        key(name, r, landed=r["学校标识码"] != "暂无")
    (HERE / name).write_text("^_^".join(parts), encoding="utf-8")


def r4_gbk_csv_three_years() -> None:
    """GBK csv, one college over 2019-2021: 2015-catalogue codes, then 2021 codes."""
    name = "R4_漯河职业技术学院_专业设置_2019-2021.csv"
    with open(HERE / name, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh); w.writerow(["年份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"])
        for y in (2019, 2020, 2021):
            for r in pick(y, "漯河职业技术学院", 9):
                w.writerow([r["年份"], r["学校标识码"], r["机构名称"], r["code"], r["name"], r["修业年限"]])
                key(name, r)


def r5_json_platform_keys() -> None:
    """JSON array with the platform's Chinese keys, 开设专业 'name (code)', 2025."""
    name = "R5_moe_register_2025.json"
    recs = pick(2025, "河南工业职业技术学院", 12) + pick(2025, "济源职业技术学院", 12)
    out = [{k: r[k] for k in ("机构名称", "省份", "学校标识码", "开设专业", "修业年限", "年份", "备注")} for r in recs]
    for r in recs:
        key(name, r)
    (HERE / name).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


def r6_college_list_code_line() -> None:
    """A college's own list: 学校标识码 on a preamble line, year in the title, 学制 '3年'."""
    name = "R6_三门峡职业技术学院2024年招生专业一览.xlsx"
    recs = pick(2024, "三门峡职业技术学院", 18)
    wb = Workbook(); ws = wb.active; ws.title = "专业一览"
    ws.append(["三门峡职业技术学院2024年招生专业一览表"])
    ws.append([f"学校名称：三门峡职业技术学院    学校标识码：{recs[0]['学校标识码']}"])
    ws.append(["序号", "专业代码", "专业名称", "学制"])
    for i, r in enumerate(recs, 1):
        ws.append([i, r["code"], r["name"], f"{r['修业年限']}年"])
        key(name, r)
    wb.save(HERE / name)


def r7_2015_five_digit_csv() -> None:
    """2015 register as csv: 5-digit codes, 2004-catalogue majors; one college not in the list (unresolvable)."""
    name = "R7_2015年高职专业布点_河南.csv"
    recs = pick(2015, "三门峡职业技术学院", 8) + pick(2015, "中州大学", 8) + pick(2015, "河南医学高等专科学校", 4)
    with open(HERE / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh); w.writerow(["年份", "学校代码", "学校名称", "专业代码", "专业名称", "学制"])
        for r in recs:
            w.writerow([r["年份"], r["学校标识码"], r["机构名称"], r["code"], r["name"], r["修业年限"]])
            key(name, r, landed=r["学校标识码"] in CODE5)


def r8_2018_numeric_codes_sheets() -> None:
    """2018, a sheet per college, codes as spreadsheet numbers (K codes as text)."""
    name = "R8_2018年专业设置_分院校.xlsx"
    wb = Workbook(); wb.remove(wb.active)
    for college in ["黄河水利职业技术学院", "商丘职业技术学院"]:
        ws = wb.create_sheet(college)
        ws.append(["年份", "学校标识码", "学校名称", "专业代码", "专业名称", "修业年限"])
        for r in pick(2018, college, 12):
            code = int(r["code"]) if r["code"].isdigit() else r["code"]
            ws.append([int(r["年份"]), int(r["学校标识码"]), r["机构名称"], code, r["name"], int(r["修业年限"])])
            key(name, r)
    wb.save(HERE / name)


def r9_no_code_csv() -> None:
    """Names only, no 学校标识码 anywhere: a register row needs its code, so the file is refused."""
    name = "R9_2020年专业布点_无学校标识码.csv"
    recs = pick(2020, "商丘职业技术学院", 8)
    with open(HERE / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh); w.writerow(["年份", "学校名称", "专业代码", "专业名称", "修业年限"])
        for r in recs:
            w.writerow([r["年份"], r["机构名称"], r["code"], r["name"], r["修业年限"]])
    KEY.append({"file": name, "expect": "refused", **{f: "" for f in FIELDS}})


def main() -> None:
    for f in (r1_moe_filing_xlsx, r2_platform_merged_xlsx, r3_raw_text_two_years, r4_gbk_csv_three_years,
              r5_json_platform_keys, r6_college_list_code_line, r7_2015_five_digit_csv, r8_2018_numeric_codes_sheets,
              r9_no_code_csv):
        f()
    with open(HERE / "key_programmes.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["file", "expect", *FIELDS]); w.writeheader(); w.writerows(KEY)
    print(len(KEY), "key rows")


if __name__ == "__main__":
    main()
