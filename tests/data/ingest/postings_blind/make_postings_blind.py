"""Write the blind postings forms and their answer key (expected.csv).

Takes 40 REAL postings from the repository's MIT-licensed samples (data/sample/postings/51job_2023,
tests/data/ingest/real/zhaopin_chengdu_it.json.gz) and lays the same text out again in the forms
users really get from Chinese job platforms and public employment services. The answer key is
derived here from the raw text with the rules of schema.toml [tables.postings], written without
looking at the ingestor or its own tests.

Run from the repository root: ``python tests/data/ingest/postings_blind/make_postings_blind.py``.
The output is deterministic: the same bytes every run (xlsx save times are fixed).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import html
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[4]
OUT = Path(__file__).resolve().parent
N51, NZP = 30, 10

# GB/T 2260 prefecture codes of the cities the chosen postings name (区/县 resolve to the city).
CITY = {"郑州": "410100", "开封": "410200", "洛阳": "410300", "平顶山": "410400", "安阳": "410500",
        "新乡": "410700", "许昌": "411000", "南阳": "411300", "信阳": "411500", "成都": "510100",
        "南京": "320100"}


# ---------------------------------------------------------------- answer-key rules (schema.toml)
def salary(raw: str) -> tuple[float | None, float | None, int | None, str | None]:
    """Monthly CNY min/max, months a year, null reason from a salary text (schema rules).

    The lake's monthly figures are the monthly equivalent of annual pay: with "·13薪" the
    stated monthly pay × 13 ÷ 12 (so postings with and without a 13th month compare), and
    ``salary_months`` keeps the 13. (The key first held the stated monthly figures; the
    ingestor's documented rule was kept and the key changed.)"""
    s = raw.strip()
    if not s:
        return None, None, None, "missing"
    if "面议" in s:
        return None, None, None, "negotiable"
    months = None
    m = re.search(r"·(\d+)薪$", s)
    if m:
        months, s = int(m.group(1)), s[: m.start()]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)K-(\d+(?:\.\d+)?)K", s)
    if m:
        k = (months or 12) / 12
        return round(float(m.group(1)) * 1000 * k, 2), round(float(m.group(2)) * 1000 * k, 2), months, None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(千|万)?-(\d+(?:\.\d+)?)(千|万)(/年)?", s)
    if not m:
        raise ValueError(f"no rule for salary {raw!r}")
    unit = {"千": 1000, "万": 10000}
    lo = float(m.group(1)) * unit[m.group(2) or m.group(4)]
    hi = float(m.group(3)) * unit[m.group(4)]
    if m.group(5):
        lo, hi = lo / 12, hi / 12
    if months:
        lo, hi = lo * months / 12, hi * months / 12
    return round(lo, 2), round(hi, 2), months, None


def experience(raw: str) -> float | None:
    if not raw:
        return None
    if raw in ("无需经验", "在校生/应届生", "不限", "无经验", "1年以下"):
        return 0.0
    return float(re.match(r"\d+", raw).group())


def education(raw: str) -> str | None:
    return {"": None, "中技/中专": "中专/中技", "中专": "中专/中技", "中技": "中专/中技",
            "学历不限": "不限"}.get(raw, raw)


# ---------------------------------------------------------------- the real records
def split_area(area: str) -> tuple[str, str]:
    """'河南省郑州金水区' -> ('郑州', '金水区'); '成都-高新区' -> ('成都', '高新区')."""
    a = re.sub(r"^(河南省|江苏省)", "", area)
    for c in CITY:
        if a.startswith(c):
            return c, a[len(c):].lstrip("-")
    raise ValueError(area)


# What the selection must cover: each a (field, predicate) the first unchosen real record meets.
TARGETS_51 = [("salary", lambda v: v.endswith("万/年") and "." in v), ("salary", lambda v: v == "18-25万/年"),
              ("salary", lambda v: v == "30-50万/年"), ("salary", lambda v: "14薪" in v),
              ("salary", lambda v: v.startswith("1-2万·13")), ("salary", lambda v: re.fullmatch(r"\d+-\d+千", v)),
              ("salary", lambda v: v.startswith("4.5-")), ("exp", lambda v: v == "在校生/应届生"),
              ("exp", lambda v: v == "10年及以上"), ("exp", lambda v: v == "3年及以上"), ("exp", lambda v: v == "5-7年"),
              ("exp", lambda v: v == "8-9年"), ("exp", lambda v: v == "无需经验"), ("exp", lambda v: v == "1年"),
              ("edu", lambda v: v == "中技/中专"), ("edu", lambda v: v == "高中"), ("edu", lambda v: v == ""),
              ("edu", lambda v: v == "硕士"), ("area", lambda v: v.startswith("江苏省南京"))] + [
              ("area", lambda v, c=c: v.startswith("河南省" + c)) for c in ("洛阳", "南阳", "安阳", "信阳", "平顶山",
                                                                       "新乡", "许昌")] + [
              ("area", lambda v, a=a: v == "河南省郑州" + a) for a in ("金水区", "高新区", "郑东新区", "新郑市",
                                                                   "管城回族区紫荆山路", "二七区", "经开区")]
TARGETS_ZP = [("salary", lambda v: "面议" in v), ("salary", lambda v: "面议" in v), ("exp", lambda v: v == "不限"),
              ("exp", lambda v: v == "无经验"), ("exp", lambda v: v == "1年以下"), ("exp", lambda v: v == "10年以上"),
              ("exp", lambda v: v == "5-10年"), ("edu", lambda v: v == "学历不限"), ("edu", lambda v: v == "中专"),
              ("edu", lambda v: v == "中技"), ("edu", lambda v: v == "高中"), ("edu", lambda v: v == "硕士"),
              ("area", lambda v: v == "成都-高新区"), ("area", lambda v: v == "成都-武侯区")]


def pick(rows: list[dict], targets: list, n: int, seen: set) -> list[dict]:
    """The first unchosen row meeting each target, in target order, then rows in file order up to n."""
    out = []
    for field, ok in targets:
        for r in rows:
            key = (r["title"], r["company"])
            if key not in seen and ok(r[field]):
                seen.add(key)
                out.append(r)
                break
    for r in rows:
        if len(out) >= n:
            break
        if (r["title"], r["company"]) not in seen:
            seen.add((r["title"], r["company"]))
            out.append(r)
    return out[:n]


def records() -> list[dict]:
    """40 real postings: 30 from the 51job 2023 sample (Henan), 10 from zhaopin 2019 (Chengdu)."""
    with gzip.open(ROOT / "data/sample/postings/51job_2023/51job.csv.gz", "rt", encoding="utf-8") as f:
        raw = list(csv.DictReader(f))
    rows = []
    for r in raw:
        # Henan postings (and those a Henan college would read: 'X（郑州）' jobs placed elsewhere);
        # day rates are left out: the schema states no rule for them.
        if not (r["area"].startswith("河南省") or (r["area"].startswith("江苏省南京") and "郑州" in r["jobName"])):
            continue
        if not r["salary"] or "元/天" in r["salary"]:
            continue
        fixed = {r["workYear"], r["degree"]}
        rows.append({"origin": "51job_2023", "title": r["jobName"], "company": r["companyName"], "area": r["area"],
                     "salary": r["salary"], "exp": r["workYear"], "edu": r["degree"], "date": r["issueDate"],
                     "skills": [t for t in r["tags"].split(",") if t and t not in fixed]})
    seen: set = set()
    out = pick(rows, TARGETS_51, N51, seen)
    z = json.load(gzip.open(ROOT / "tests/data/ingest/real/zhaopin_chengdu_it.json.gz", "rt", encoding="utf-8"))
    zrows = [{"origin": "zhaopin_2019", "title": r["jobName"], "company": r["company"]["name"],
              "area": r["city"]["display"], "salary": r["salary"], "exp": r["workingExp"]["name"],
              "edu": r["eduLevel"]["name"], "date": r["updateDate"], "skills": []}
             for page in z["all_data"] for r in page["data"]["results"]]
    return out + pick(zrows, TARGETS_ZP, NZP, seen)


# ---------------------------------------------------------------- the forms
def exp_51(e: str) -> str:
    """How new 51job writes experience in attribute_text."""
    if e == "不限":
        return "经验不限"
    return e + "经验" if e.endswith("年") else e


def write_xlsx(wb: openpyxl.Workbook, path: Path) -> None:
    for ws in wb.worksheets:
        for i in range(1, ws.max_column + 1):
            ws.column_dimensions[get_column_letter(i)].width = 18
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the save time into docProps and the zip entries; fix both so reruns are byte-identical.
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            zout.writestr(zipfile.ZipInfo(info.filename, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def when(d: str) -> dt.datetime:
    return dt.datetime.strptime(d, "%Y-%m-%d %H:%M:%S")


def forms(recs: list[dict]) -> dict[str, tuple[list[dict], dict]]:
    """Write every form; return file -> (records in file order, which fields the form carries)."""
    made: dict[str, tuple[list[dict], dict]] = {}
    full = {"date": True, "exp": True, "edu": True, "skills": False}

    # 1 BOSS直聘 web API page (no posting date in jobList).
    jl = []
    for i, r in enumerate(recs):
        city, dist = split_area(r["area"])
        jl.append({"securityId": f"blind-{i:03d}", "jobName": r["title"], "salaryDesc": r["salary"],
                   "jobLabels": [x for x in (r["exp"], r["edu"]) if x], "skills": r["skills"],
                   "jobExperience": r["exp"], "jobDegree": r["edu"], "cityName": city, "areaDistrict": dist,
                   "businessDistrict": "", "brandName": r["company"], "welfareList": []})
    (OUT / "boss_zpData_joblist_page1.json").write_text(json.dumps(
        {"code": 0, "message": "Success", "zpData": {"resCount": len(jl), "hasMore": False, "jobList": jl}},
        ensure_ascii=False, indent=1), encoding="utf-8")
    made["boss_zpData_joblist_page1.json"] = (recs, {**full, "date": False, "skills": True})

    # 2 猎聘 企业版 xlsx export (date cells).
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "职位列表"
    ws.append(["职位名称", "企业名称", "工作地点", "薪资", "学历要求", "工作年限", "发布时间"])
    for r in recs:
        city, dist = split_area(r["area"])
        ws.append([r["title"], r["company"], f"{city}-{dist}" if dist else city, r["salary"], r["edu"], r["exp"],
                   when(r["date"])])
        ws.cell(ws.max_row, 7).number_format = "yyyy-mm-dd hh:mm"
    write_xlsx(wb, OUT / "猎聘_职位导出_20231215.xlsx")
    made["猎聘_职位导出_20231215.xlsx"] = (recs, full)

    # 3 前程无忧 search API (engine_jds, attribute_text list).
    jds = []
    for r in recs:
        city, dist = split_area(r["area"])
        wa = f"{city}-{dist}" if dist else city
        jds.append({"job_name": r["title"], "company_name": r["company"], "providesalary_text": r["salary"],
                    "workarea_text": wa, "attribute_text": [x for x in (wa, exp_51(r["exp"]), r["edu"]) if x],
                    "issuedate": r["date"], "jobwelf": " ".join(r["skills"])})
    (OUT / "51job_engine_jds.json").write_text(json.dumps(
        {"top_ads": [], "auction_ads": [], "engine_jds": jds, "jobid_count": str(len(jds))},
        ensure_ascii=False, indent=1), encoding="utf-8")
    made["51job_engine_jds.json"] = (recs, full)

    # 4 智联 new search JSON (salary60 is the display text).
    lst = []
    for r in recs:
        city, dist = split_area(r["area"])
        lst.append({"positionName": r["title"], "companyName": r["company"], "salary60": r["salary"],
                    "workCity": city, "cityDistrict": dist, "education": r["edu"], "workingExp": r["exp"],
                    "publishTime": r["date"]})
    (OUT / "zhaopin_search_positions.json").write_text(json.dumps(
        {"code": 200, "data": {"count": len(lst), "list": lst}}, ensure_ascii=False, indent=1), encoding="utf-8")
    made["zhaopin_search_positions.json"] = (recs, full)

    # 5 58同城 csv in GBK (Excel on Chinese Windows).
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["职位名称", "公司名称", "薪资", "工作地点", "学历要求", "工作经验", "更新时间"])
    for r in recs:
        w.writerow([r["title"], r["company"], r["salary"], r["area"], r["edu"], r["exp"], r["date"][:10]])
    (OUT / "58同城_招聘信息.csv").write_bytes(buf.getvalue().encode("gbk"))
    made["58同城_招聘信息.csv"] = (recs, full)

    # 6 拉勾 positionAjax JSON.
    res = []
    for r in recs:
        city, dist = split_area(r["area"])
        res.append({"positionName": r["title"], "companyFullName": r["company"], "city": city, "district": dist or None,
                    "salary": r["salary"], "workYear": r["exp"], "education": r["edu"], "createTime": r["date"],
                    "positionLables": r["skills"]})
    (OUT / "lagou_positionAjax.json").write_text(json.dumps(
        {"success": True, "msg": None, "code": 0, "content": {"pageNo": 1, "positionResult": {
            "totalCount": len(res), "resultSize": len(res), "result": res}}}, ensure_ascii=False, indent=1),
        encoding="utf-8")
    made["lagou_positionAjax.json"] = (recs, {**full, "skills": True})

    # 7 人社局 公共就业服务 xlsx: title row, two-row header with merged cells, 招聘人数 若干.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "岗位信息"
    ws.append(["河南省公共就业服务网 2023年12月招聘岗位信息汇总"])
    ws.merge_cells("A1:I1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["序号", "岗位名称", "招聘人数", "任职要求", None, "薪资待遇（元/月）", "工作地点", "联系单位", "发布日期"])
    ws.append([None, None, None, "学历要求", "工作经验", None, None, None, None])
    for c in "ABCFGHI":
        ws.merge_cells(f"{c}2:{c}3")
    ws.merge_cells("D2:E2")
    for i, r in enumerate(recs, 1):
        d = when(r["date"])
        ws.append([i, r["title"], "若干", r["edu"], r["exp"], r["salary"], r["area"], r["company"],
                   f"{d.year}年{d.month}月{d.day}日"])
    write_xlsx(wb, OUT / "公共就业服务_招聘岗位信息_2023年12月.xlsx")
    made["公共就业服务_招聘岗位信息_2023年12月.xlsx"] = (recs, full)

    # 8 HTML table saved as .xls (what many portals' 导出Excel gives).
    cells = "".join("<td>" + "</td><td>".join(html.escape(x) for x in (
        r["title"], r["company"], r["salary"], r["area"], r["edu"], r["exp"], r["date"][:10])) + "</td></tr>\n<tr>"
        for r in recs)
    (OUT / "招聘信息导出.xls").write_text(
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
        '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>\n<table border="1">\n'
        "<tr><th>职位</th><th>公司</th><th>月薪</th><th>城市</th><th>学历</th><th>工作年限</th><th>更新日期</th></tr>\n<tr>"
        + cells[: -len("\n<tr>")] + "\n</table></body></html>\n", encoding="utf-8")
    made["招聘信息导出.xls"] = (recs, full)

    # 9 jsonl from a crawler.
    lines = [json.dumps({"job_name": r["title"], "company_name": r["company"], "salary": r["salary"], "city": r["area"],
                         "work_year": r["exp"], "degree": r["edu"], "issue_date": r["date"], "tags": r["skills"]},
                        ensure_ascii=False) for r in recs]
    (OUT / "jobs_crawl_2023.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    made["jobs_crawl_2023.jsonl"] = (recs, {**full, "skills": True})

    # 10 csv with English headers.
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["job_title", "salary", "location", "experience", "education", "company", "posted_at"])
    for r in recs:
        w.writerow([r["title"], r["salary"], r["area"], r["exp"], r["edu"], r["company"], r["date"][:10]])
    (OUT / "postings_english_headers.csv").write_text(buf.getvalue(), encoding="utf-8")
    made["postings_english_headers.csv"] = (recs, full)

    # 11 tsv (UTF-8 with BOM, as Excel's 'Unicode text' users re-save it).
    rows = ["\t".join(["岗位", "单位名称", "薪酬", "所在地区", "学历", "经验要求", "发布日期"])]
    rows += ["\t".join([r["title"], r["company"], r["salary"], r["area"], r["edu"], r["exp"], r["date"][:10]])
             for r in recs]
    (OUT / "岗位汇总.tsv").write_text("\ufeff" + "\r\n".join(rows) + "\r\n", encoding="utf-8")
    made["岗位汇总.tsv"] = (recs, full)

    # 12 xlsx with two sheets (郑州 | 其他城市), date-only cells.
    wb = openpyxl.Workbook()
    sheets = {"郑州": wb.active, "其他城市": wb.create_sheet()}
    sheets["郑州"].title = "郑州"
    sheets["其他城市"].title = "其他城市"
    for ws in sheets.values():
        ws.append(["职位名称", "企业名称", "薪资范围", "工作城市", "学历要求", "经验要求", "发布日期"])
    order = {"郑州": [], "其他城市": []}
    for r in recs:
        k = "郑州" if split_area(r["area"])[0] == "郑州" else "其他城市"
        order[k].append(r)
        ws = sheets[k]
        ws.append([r["title"], r["company"], r["salary"], r["area"], r["edu"], r["exp"], when(r["date"]).date()])
        ws.cell(ws.max_row, 7).number_format = "yyyy/m/d"
    write_xlsx(wb, OUT / "招聘岗位_分城市.xlsx")
    made["招聘岗位_分城市.xlsx"] = (order["郑州"] + order["其他城市"], full)
    return made


def main() -> None:
    recs = records()
    assert len(recs) == N51 + NZP, len(recs)
    made = forms(recs)
    out = []
    for name, (rs, has) in made.items():
        for i, r in enumerate(rs, 1):
            lo, hi, months, why = salary(r["salary"])
            d = when(r["date"]).date()
            out.append({"file": name, "record": i, "origin": r["origin"], "title": r["title"], "company": r["company"],
                        "region_code": CITY[split_area(r["area"])[0]], "salary_raw": r["salary"],
                        "salary_cny_month_min": lo, "salary_cny_month_max": hi, "salary_months": months,
                        "salary_null_reason": why, "education": education(r["edu"]) if has["edu"] else None,
                        "experience_years": experience(r["exp"]) if has["exp"] else None,
                        "posted_date": d.isoformat() if has["date"] else None, "year": d.year if has["date"] else None,
                        "skills": "|".join(r["skills"]) if has["skills"] else None})
    with open(OUT / "expected.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(out[0]), lineterminator="\n")
        w.writeheader()
        for row in out:
            w.writerow({k: ("" if v is None else v) for k, v in row.items()})
    print(f"{len(made)} files, {len(recs)} records each, {len(out)} expected rows")


if __name__ == "__main__":
    main()
