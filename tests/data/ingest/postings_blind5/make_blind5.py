"""Build the blind-5 postings forms and their answer key (seeded, re-runnable).

Every posting is a real 前程无忧 (51job) posting in Henan from data/sample/postings/51job_2023
(MIT, (c) 2023 isixe, see LICENSE_51job), re-rendered in the forms a Henan analyst receives.
The key is written from docs/data-dictionary.md (postings contract and normalisation rules).
Run from the repository root: python tests/data/ingest/postings_blind5/make_blind5.py
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
from pathlib import Path

import openpyxl
import pandas as pd

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[3] / "data/sample/postings/51job_2023/51job.csv.gz"
CITY = {"郑州": "410100", "新乡": "410700", "洛阳": "410300", "南阳": "411300", "安阳": "410500",
        "平顶山": "410400", "许昌": "411000", "信阳": "411500"}
EDU = {"本科": "本科", "大专": "大专", "硕士": "硕士", "高中": "高中", "中技/中专": "中专/中技"}


def city_of(area: str) -> str:
    return next(c for c in CITY if c in area)


def exp_years(w: str) -> float:
    if w in ("无需经验", "在校生/应届生"):
        return 0.0
    return float(re.match(r"(\d+)", w).group(1))


def pay(s: str) -> tuple[float, float, int | None]:
    """Monthly CNY per the dictionary: 千/万 units, /年 ÷ 12, /天 × 21.75, ·N薪 × N/12."""
    months = None
    m = re.search(r"·(\d+)薪", s)
    if m:
        months = int(m.group(1))
        s = s[: m.start()]
    per = 1.0
    if s.endswith("/年"):
        per, s = 1 / 12, s[:-2]
    elif s.endswith("元/天"):
        per, s = 21.75, s[:-3] + "元"
    a, b = s.split("-")
    unit = {"千": 1e3, "万": 1e4, "元": 1.0}
    ub = unit[b[-1]]
    ua = unit[a[-1]] if a[-1] in unit else ub
    lo, hi = float(a.rstrip("千万元")) * ua * per, float(b[:-1]) * ub * per
    f = months / 12 if months else 1.0
    return round(lo * f, 2), round(hi * f, 2), months


def pool() -> list[dict]:
    d = pd.read_csv(SRC)
    d = d[d.area.str.startswith("河南", na=False)].dropna(subset=["salary", "degree", "workYear", "companyName"])
    d = d[d.salary.str.contains("-")].drop_duplicates("jobName")
    rows = []
    for r in d.itertuples():
        rows.append(dict(title=r.jobName.strip(), company=r.companyName, area=r.area, city=city_of(r.area),
                         salary=r.salary, workYear=r.workYear, degree=r.degree,
                         issue=r.issueDate, tags=r.tags))
    return rows


def key(file: str, r: dict, *, date: str | None = None, fields=("company", "region", "pay", "edu", "exp", "date"),
        region: str | None = None) -> dict:
    k = {"file": file, "title": r["title"]}
    if "company" in fields:
        k["company"] = r["company"]
    if "region" in fields:
        k["region_code"] = CITY[region or r["city"]]
    if "pay" in fields:
        lo, hi, m = pay(r["salary"])
        k["salary_cny_month_min"], k["salary_cny_month_max"] = lo, hi
        if m:
            k["salary_months"] = m
    if "edu" in fields:
        k["education"] = EDU[r["degree"]]
    if "exp" in fields:
        k["experience_years"] = exp_years(r["workYear"])
    if "date" in fields:
        d = date or r["issue"][:10]
        k["posted_date"], k["year"] = d, int(d[:4])
    return k


def k_form(s: str) -> str:
    """51job '6千-1.2万·13薪' as BOSS/猎聘 write it: '6-12K·13薪' (same pay)."""
    if "/" in s:  # yearly or daily pay is written as such on every platform
        return s
    m = re.search(r"·\d+薪", s)
    tail = m.group(0) if m else ""
    lo, hi, _ = pay(s[: m.start()] if m else s)
    return f"{lo / 1000:g}-{hi / 1000:g}K{tail}"


def main() -> None:
    rng = random.Random(20261205)
    rows = pool()
    rng.shuffle(rows)
    chunks = iter([rows[i:i + 8] for i in range(0, len(rows), 8)])
    keys: list[dict] = []

    # 1. BOSS直聘-like API JSON lines: epoch-ms dates, K salaries, a duplicate line, a status line.
    f, part = "boss_api.jsonl", [r for r in next(chunks) if "/" not in r["salary"]]
    lines = []
    for r in part:
        ts = int(dt.datetime.fromisoformat(r["issue"]).replace(tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp() * 1000)
        lines.append(json.dumps({"encryptJobId": f"{rng.getrandbits(48):012x}", "jobName": r["title"], "brandName": r["company"],
                                 "cityName": r["city"], "salaryDesc": k_form(r["salary"]), "jobExperience": r["workYear"],
                                 "jobDegree": r["degree"], "skills": r["tags"].split(",")[2:5], "lastModifyTime": ts},
                                ensure_ascii=False))
        keys.append(key(f, r))
    lines.insert(3, lines[2])  # the scraper paged over the same job twice
    lines.insert(5, "")
    lines.append(json.dumps({"code": 0, "message": "Success", "hasMore": False}))
    (HERE / f).write_text("\n".join(lines) + "\n", encoding="utf-8")

    # 2. 前程无忧 new search API page dump: nested resultbody.job.items, *String fields.
    f, part = "51job_api_page.json", next(chunks)
    items = []
    for r in part:
        items.append({"jobId": str(rng.randint(10**8, 10**9)), "jobName": r["title"], "companyName": r["company"],
                      "fullCompanyName": r["company"], "jobAreaString": r["city"] + "·" + r["area"][3 + len(r["city"]):] if len(r["area"]) > 3 + len(r["city"]) else r["city"],
                      "provideSalaryString": r["salary"], "workYearString": r["workYear"], "degreeString": r["degree"],
                      "issueDateString": r["issue"], "jobTags": r["tags"].split(",")[2:], "jobDescribe": ""})
        keys.append(key(f, r))
    doc = {"status": "1", "message": "", "resultbody": {"searchType": 2, "job": {"totalCount": 97, "items": items}}}
    (HERE / f).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")

    # 3. Government open data (人社 公共就业服务), GB18030, pinyin-initial keys, yuan ranges.
    f, part = "gov_opendata_gb18030.csv", [r for r in next(chunks) if "·" not in r["salary"] and "/" not in r["salary"]]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["xh", "gwmc", "dwmc", "gzdd", "xzdy", "xlyq", "gzjy", "fbrq", "zprs"])
    for i, r in enumerate(part, 1):
        lo, hi, _ = pay(r["salary"])
        d = dt.date.fromisoformat(r["issue"][:10])
        w.writerow([i, r["title"], r["company"], "河南省" + r["city"] + "市", f"{lo:.0f}-{hi:.0f}元/月", r["degree"], r["workYear"],
                    f"{d.year}/{d.month}/{d.day}", rng.randint(1, 5)])
        keys.append(key(f, r))
    (HERE / f).write_bytes(buf.getvalue().encode("gb18030"))

    # 4. College 就业网 export: title line with the year, blank lines, month-day dates, a total line.
    f, part = "jyw_export_2023.csv", next(chunks)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    buf.write("河南职业技术学院就业信息网 招聘信息导出（2023年12月）\n")
    w.writerow(["招聘单位", "招聘职位", "工作地点", "薪资待遇", "学历要求", "工作经验", "发布时间"])
    for r in part:
        d = dt.date.fromisoformat(r["issue"][:10])
        w.writerow([r["company"], r["title"], r["city"], r["salary"], r["degree"], r["workYear"], f"{d.month}月{d.day}日"])
        buf.write("\n")
        keys.append(key(f, r))
    w.writerow([f"共 {len(part)} 条记录", "", "", "", "", "", ""])
    (HERE / f).write_bytes(buf.getvalue().encode("utf-8-sig"))

    # 5. Job-fair list (双选会): merged title, company merged down over its posts, no dates, note row.
    f, part = "jobfair_merged.xlsx", sorted(next(chunks), key=lambda r: r["company"])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "岗位信息"
    ws.append(["2023年河南省冬季高校毕业生供需见面会岗位信息表"])
    ws.merge_cells("A1:H1")
    ws.append(["序号", "单位名称", "岗位名称", "招聘人数", "学历要求", "工作经验", "薪资待遇", "工作地点"])
    start, prev = None, None
    for i, r in enumerate(part, 1):
        row = ws.max_row + 1
        same = r["company"] == prev
        ws.append([i, None if same else r["company"], r["title"], "若干", r["degree"], r["workYear"], r["salary"], r["city"]])
        if same:
            ws.merge_cells(start_row=start, start_column=2, end_row=row, end_column=2)
        else:
            start = row
        prev = r["company"]
        keys.append(key(f, r, fields=("company", "region", "pay", "edu", "exp")))
    ws.append(["注：以上岗位信息由用人单位提供，具体以单位面试为准。"])
    wb.save(HERE / f)

    # 6. 猎聘-style workbook: a sheet per city with no place column, Excel dates, K pay, a 说明 sheet.
    f, part = "liepin_by_city.xlsx", next(chunks)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for c in sorted({r["city"] for r in part}, key=lambda c: (-sum(r["city"] == c for r in part), c)):
        ws = wb.create_sheet(c)
        ws.append(["职位名称", "公司名称", "薪资", "学历", "经验", "发布时间"])
        for r in part:
            if r["city"] == c:
                ws.append([r["title"], r["company"], k_form(r["salary"]), r["degree"], r["workYear"],
                           dt.datetime.fromisoformat(r["issue"])])
                ws.cell(ws.max_row, 6).number_format = "yyyy-mm-dd hh:mm"
                keys.append(key(f, r))
    ws = wb.create_sheet("说明")
    ws.append(["数据说明"])
    ws.append(["导出时间：2023-12-13；来源：猎聘企业版职位搜索；每个城市一张表。"])
    wb.save(HERE / f)

    # 7. Excel "Unicode text" save of a 51job export: UTF-16 LE with BOM, tabs, CRLF.
    f, part = "51job_unicode.txt", next(chunks)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\r\n")
    w.writerow(["jobName", "tags", "area", "salary", "workYear", "degree", "companyName", "issueDate"])
    for r in part:
        w.writerow([r["title"], r["tags"], r["area"], r["salary"], r["workYear"], r["degree"], r["company"], r["issue"]])
        keys.append(key(f, r))
    (HERE / f).write_bytes(b"\xff\xfe" + buf.getvalue().encode("utf-16-le"))

    # 8. Scraper dump: list-literal cells, crawl time only, one row slid left over a missing place.
    f, part = "scrape_listcells.csv", next(chunks)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["job_name", "company_name", "job_area", "salary", "experience", "education", "crawl_time"])
    for i, r in enumerate(part):
        crawl = "2023-12-13 02:14:07"
        if i == 4:  # the place element was missing on the page; the scraper shifted the rest left
            w.writerow([f"['{r['title']}']", f"['{r['company']}']", r["salary"], r["workYear"], r["degree"], crawl, ""])
            keys.append(key(f, r, fields=("company", "pay", "edu", "exp")) | {"year": 2023})
        else:
            w.writerow([f"['{r['title']}']", f"['{r['company']}']", f"['{r['city']}']", r["salary"], r["workYear"], r["degree"], crawl])
            keys.append(key(f, r, fields=("company", "region", "pay", "edu", "exp")) | {"year": 2023})
    (HERE / f).write_text(buf.getvalue(), encoding="utf-8")

    # 9. An aggregator's API as JSON lines: nested objects, English city, numeric yuan pay, UTC times.
    # Numeric min/max carry no 13th month, so only plain monthly ranges fit this form.
    f, part = "aggregator_api.jsonl", [r for r in rows[::-1] if "/" not in r["salary"] and "·" not in r["salary"]][:8]
    pinyin = {"郑州": "Zhengzhou", "新乡": "Xinxiang", "洛阳": "Luoyang", "南阳": "Nanyang", "安阳": "Anyang",
              "平顶山": "Pingdingshan", "许昌": "Xuchang", "信阳": "Xinyang"}
    lines = []
    for r in part:
        lo, hi, _ = pay(r["salary"])
        local = dt.datetime.fromisoformat(r["issue"]).replace(hour=1, minute=30)  # 01:30 Beijing = 17:30Z the day before
        utc = (local - dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines.append(json.dumps({"id": rng.getrandbits(40), "job": {"title": r["title"], "education": r["degree"], "experience": r["workYear"]},
                                 "company": {"name": r["company"]}, "location": {"country": "CN", "city": pinyin[r["city"]]},
                                 "salary": {"min": lo, "max": hi, "unit": "month", "currency": "CNY"},
                                 "published_at": utc}, ensure_ascii=False))
        keys.append(key(f, r))
    (HERE / f).write_text("\n".join(lines) + "\n", encoding="utf-8")

    # 10. Two-row header workbook: 任职要求 merged over 学历要求 | 工作经验; the other headers merged down.
    f, part = "subheader.xlsx", next(chunks)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["岗位名称", "公司名称", "工作城市", "任职要求", None, "月薪", "更新日期"])
    ws.append([None, None, None, "学历要求", "工作经验", None, None])
    for col in "ABCFG":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("D1:E1")
    for r in part:
        ws.append([r["title"], r["company"], r["city"], r["degree"], r["workYear"], r["salary"], r["issue"][:10]])
        keys.append(key(f, r))
    ws.append([None] * 7)
    wb.save(HERE / f)

    with open(HERE / "expected.jsonl", "w", encoding="utf-8") as out:
        for k in keys:
            out.write(json.dumps(k, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
