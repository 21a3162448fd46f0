"""Build the fourth blind set of postings files and its answer key (seeded, reproducible).

Run from the repository root:

    python tests/data/ingest/postings_blind4/make_blind4.py

Every posting is a real one from ``data/sample/postings`` (前程无忧 2023 CSV, 智联招聘 2019
API dumps, both MIT), re-shaped into the layout of another platform or channel. The answer
key (``expected.jsonl``) is computed here from what each file *writes*, by the rules of
``docs/data-dictionary.md`` (pay as CNY a month, ·N薪 spread over 12, /年 ÷ 12, /天 × 21.75;
education and experience coding; GB/T 2260 city codes; ISO dates), never by running the
ingestor.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import random
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SAMPLE = ROOT / "data" / "sample" / "postings"
REGIONS = ROOT / "data" / "reference" / "regions_gbt2260.csv"
SEED = 20261205

# --------------------------------------------------------------------------- reference

CITY_CODE: dict[str, str] = {}
PROVINCES: list[str] = []
with REGIONS.open(encoding="utf-8") as fh:
    for row in csv.DictReader(fh):
        CITY_CODE[row["short_name"]] = row["code"]
        if row["level"] == "province":
            PROVINCES.append(row["short_name"])
CITY_NAMES = sorted((n for n, c in CITY_CODE.items() if not c.endswith("0000") or n in
                     ("北京", "上海", "天津", "重庆")), key=len, reverse=True)


def split_area(area: str) -> tuple[str | None, str]:
    """51job area text ("湖北省武汉洪山区", "上海上海", "深圳深圳宝安区宝安") -> (city, rest)."""
    s = area
    for p in PROVINCES:
        for pre in (p + "省", p + "自治区", p):
            if s.startswith(pre) and p not in ("北京", "上海", "天津", "重庆"):
                s = s[len(pre):]
                break
        else:
            continue
        break
    for m in ("北京", "上海", "天津", "重庆"):
        if s.startswith(m + m):
            s = s[len(m):]
    for name in CITY_NAMES:
        if s.startswith(name):
            rest = s[len(name):]
            if rest.startswith("市"):
                rest = rest[1:]
            if rest.startswith(name):
                rest = rest[len(name):]
            return name, rest
    return None, s


# --------------------------------------------------------------------------- salary

def parse_51job_salary(s: str):
    """Real 51job pay text -> (lo, hi, months, period) in yuan per period, or None."""
    if not s:
        return None
    m = re.fullmatch(r"([\d.]+)(千|万)?-([\d.]+)(千|万)(?:·(\d+)薪)?", s)
    if m:
        u2 = 1000 if m.group(4) == "千" else 10000
        u1 = u2 if m.group(2) is None else (1000 if m.group(2) == "千" else 10000)
        months = int(m.group(5)) if m.group(5) else None
        return float(m.group(1)) * u1, float(m.group(3)) * u2, months, "month"
    m = re.fullmatch(r"([\d.]+)-([\d.]+)万/年", s)
    if m:
        return float(m.group(1)) * 10000, float(m.group(2)) * 10000, None, "year"
    m = re.fullmatch(r"(\d+)元/天", s)
    if m:
        return float(m.group(1)), float(m.group(1)), None, "day"
    raise ValueError(s)


def parse_k(s: str):
    """智联 "5K-10K" / "薪资面议" -> (lo, hi, None, "month") or None."""
    m = re.fullmatch(r"([\d.]+)K-([\d.]+)K", s)
    if m:
        return float(m.group(1)) * 1000, float(m.group(2)) * 1000, None, "month"
    if s == "薪资面议":
        return None
    raise ValueError(s)


def sal_key(pay) -> dict:
    """The contract's reading of a written pay (docs: 15-20K·14薪 → 17,500–23,333, 14)."""
    if pay is None:
        return {"salary_cny_month_min": None, "salary_cny_month_max": None, "salary_months": None}
    lo, hi, months, period = pay
    f = {"month": 1.0, "year": 1 / 12, "day": 21.75}[period]
    if months:
        f *= months / 12
    return {"salary_cny_month_min": round(lo * f, 2), "salary_cny_month_max": round(hi * f, 2),
            "salary_months": months}


def num(x: float) -> str:
    return f"{x:g}"


def fmt_k(pay, lower=False, sep="-") -> str:
    lo, hi, months, _ = pay
    k = "k" if lower else "K"
    s = f"{num(lo / 1000)}{sep}{num(hi / 1000)}{k}" if not lower else \
        f"{num(lo / 1000)}k-{num(hi / 1000)}k"
    return s + (f"·{months}薪" if months else "")


def fmt_qw(x: float) -> str:
    return f"{num(x / 10000)}万" if x >= 10000 else f"{num(x / 1000)}千"


# --------------------------------------------------------------------------- coding rules

def edu_key(text: str | None):
    if text is None or text == "":
        return None
    for word, code in (("博士", "博士"), ("硕士", "硕士"), ("本科", "本科"), ("大专", "大专"),
                       ("高中", "高中"), ("中专", "中专/中技"), ("中技", "中专/中技")):
        if word in text:
            return code
    if "不限" in text:
        return "不限"
    raise ValueError(text)


def exp_key(text: str | None):
    if text is None or text == "":
        return None
    if any(w in text for w in ("不限", "无需", "无经验", "应届", "在校", "以下", "以内")):
        return 0.0
    m = re.search(r"\d+", text)
    if m:
        return float(m.group())
    raise ValueError(text)


# --------------------------------------------------------------------------- sources

def load_51job() -> list[dict]:
    with gzip.open(SAMPLE / "51job_2023" / "51job.csv.gz", "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        city, rest = split_area(r["area"])
        if city is None or city not in CITY_CODE:
            continue
        try:
            pay = parse_51job_salary(r["salary"])
        except ValueError:
            continue
        if pay is None or r["degree"] == "" or r["workYear"] == "":
            continue
        out.append({**r, "city": city, "district": rest, "pay": pay,
                    "date": dt.datetime.strptime(r["issueDate"], "%Y-%m-%d %H:%M:%S")})
    return out


def load_zhaopin() -> list[tuple[str, dict]]:
    out = []
    for f in sorted((SAMPLE / "zhaopin_2019").glob("*.json.gz")):
        cat = f.name.split("_", 1)[1].removesuffix(".json.gz").replace("_", "/")
        d = json.load(gzip.open(f))
        for page in d["all_data"]:
            for r in page["data"]["results"]:
                out.append((cat, r))
    return out


def norm_title(t: str) -> str:
    return re.sub(r"[\W_]+", "", t.lower())


class Picker:
    """Draws postings without repeats (across files) and without same-job collisions in a file."""

    def __init__(self, rows, rng):
        self.rows = list(rows)
        rng.shuffle(self.rows)
        self.used: set[int] = set()

    def take(self, n, pred=lambda r: True, key=lambda r: r):
        got, seen = [], set()
        for i, r in enumerate(self.rows):
            if i in self.used or not pred(r):
                continue
            k = key(r)
            if k in seen:
                continue
            seen.add(k)
            self.used.add(i)
            got.append(r)
            if len(got) == n:
                break
        assert len(got) == n, (n, len(got))
        return got


def jkey(r):
    t = r["jobName"]
    return (norm_title(t), r["companyName"], r["city"], r["salary"])


def zkey(cr):
    r = cr[1]
    return (norm_title(r["jobName"]), r["company"]["name"], r["city"]["display"].split("-")[0],
            r["salary"])


def gbk_ok(*texts) -> bool:
    try:
        for t in texts:
            t.encode("gbk")
        return True
    except UnicodeEncodeError:
        return False


KEY: list[dict] = []


def key(file, title, *, company=None, city=None, pay="absent", edu="absent", exp="absent",
        date="absent", date_basis=None, year=None, industry=None, dup=False):
    """One answer-key row; a field the file does not give is left out (not scored).

    The title is the text without surrounding spaces. A posting whose company the source
    already garbled (U+FFFD, in 51job's own data) cannot be inverted: per the docs it is
    quarantined as mojibake, so it is not a key row (it stays in the file).
    """
    if "\ufffd" in title or "\ufffd" in (company or ""):
        return
    title = title.strip()
    row = {"file": file, "title": title, "is_duplicate": dup}
    if company is not None:
        row["company"] = company
    if city is not None:
        row["region_code"] = CITY_CODE[city]
    if pay != "absent":
        row.update(sal_key(pay))
    if edu != "absent":
        row["education"] = edu_key(edu)
    if exp != "absent":
        row["experience_years"] = exp_key(exp)
    if date != "absent":
        row["posted_date"] = None if date is None else date.strftime("%Y-%m-%d")
        row["date_basis"] = date_basis or "posted"
        row["year"] = year if year is not None else (date.year if date else None)
    if industry is not None:
        row["industry_raw"] = industry
    KEY.append(row)


def write_csv(path: Path, header_lines, header, rows, encoding="utf-8"):
    buf = io.StringIO()
    for line in header_lines:
        buf.write(line + "\r\n")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def bold_header(ws, row_no):
    for c in ws[row_no]:
        c.font = Font(bold=True)


# --------------------------------------------------------------------------- files

def f01_zhaopin_api(zp: Picker):
    """智联 search API, one page as saved by a crawler (2019, raw records, nested)."""
    name = "01_zhaopin_api_page_2019.json"
    recs = zp.take(20, key=zkey)
    page = {"code": 200, "data": {"count": 1000, "numFound": 4096, "numTotal": 4096,
                                  "typeSearch": 0, "results": [r for _, r in recs]},
            "taskId": "0f3c1b6f2a7e4ad0b35a8d5b1b2f8e90"}
    (HERE / name).write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    for _, r in recs:
        key(name, r["jobName"], company=r["company"]["name"],
            city=r["city"]["display"].split("-")[0], pay=parse_k(r["salary"]),
            edu=r["eduLevel"]["name"], exp=r["workingExp"]["name"],
            date=dt.datetime.strptime(r["updateDate"], "%Y-%m-%d %H:%M:%S"),
            industry=r["industry"])


def f02_51job_csv(jb: Picker):
    """前程无忧 web search scraped to csv (UTF-8 with BOM), one header line."""
    name = "02_51job_search_python_2023.csv"
    recs = jb.take(25, key=jkey)
    header = ["职位名称", "薪资", "工作地点", "经验", "学历", "公司名称", "公司性质", "公司规模",
              "福利", "发布时间"]
    rows = []
    for r in recs:
        place = r["city"] + (f"·{r['district']}" if r["district"] else "")
        tags = ",".join(t for t in r["tags"].split(",") if t not in (r["workYear"], r["degree"]))
        rows.append([r["jobName"], r["salary"], place, r["workYear"], r["degree"], r["companyName"],
                     r["companyType"], r["companySize"], tags, r["issueDate"]])
        key(name, r["jobName"], company=r["companyName"], city=r["city"], pay=r["pay"],
            edu=r["degree"], exp=r["workYear"], date=r["date"])
    write_csv(HERE / name, [], header, rows, encoding="utf-8-sig")


def f03_51job_api(jb: Picker):
    """前程无忧 search API JSON (engine_jds), attribute_text lists."""
    name = "03_51job_api_engine_jds.json"
    recs = jb.take(20, key=jkey)
    jds = []
    for i, r in enumerate(recs):
        lo, hi, months, period = r["pay"]
        if period == "month":
            ps = f"{num(lo / 10000)}-{num(hi / 10000)}万/月" if hi >= 10000 else \
                f"{num(lo / 1000)}-{num(hi / 1000)}千/月"
            if months:
                ps += f"·{months}薪"
        else:
            ps = r["salary"]
        area = r["city"] + (f"-{r['district']}" if r["district"] else "")
        exp = r["workYear"] if r["workYear"] in ("无需经验", "在校生/应届生") else r["workYear"] + "经验"
        jid = str(140000000 + int(hashlib.sha1(r["jobName"].encode()).hexdigest()[:6], 16))
        jds.append({"type": "engine_jds", "jt": "0", "tags": [], "ad_track": "", "jobid": jid,
                    "coid": str(5000000 + i), "effect": "1", "is_special_job": "",
                    "job_href": f"https://jobs.51job.com/x/{jid}.html", "job_name": r["jobName"],
                    "job_title": r["jobName"], "company_href": "", "company_name": r["companyName"],
                    "providesalary_text": ps, "workarea": "", "workarea_text": area,
                    "updatedate": r["issueDate"][5:10], "iscommunicate": "",
                    "companytype_text": r["companyType"], "degreefrom": "",
                    "workyear": "", "issuedate": r["issueDate"],
                    "isFromXyz": "", "isIntern": "", "jobwelf": " ".join(r["tags"].split(",")[2:]),
                    "jobwelf_list": r["tags"].split(",")[2:],
                    "attribute_text": [area, exp, r["degree"]],
                    "companysize_text": r["companySize"], "companyind_text": ""})
        key(name, r["jobName"], company=r["companyName"], city=r["city"],
            pay=parse_51job_salary(r["salary"]), edu=r["degree"], exp=exp, date=r["date"])
    doc = {"top_ads": [], "auction_ads": [], "market_ads": [], "engine_jds": jds,
           "jobid_count": "3216", "banner_ads": "", "is_collapseexpansion": "1",
           "co_ads": [], "keyword_recommendation": {"title": "相关搜索", "data_type": "1",
                                                   "keyword": "python", "data": []},
           "search_condition": {"keyword": "python", "curr_page": "1", "total_page": "161"}}
    (HERE / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


BOSS_EXP = {"无需经验": "经验不限", "在校生/应届生": "在校/应届", "1年": "1-3年", "2年": "1-3年",
            "3-4年": "3-5年", "5-7年": "5-10年", "8-9年": "5-10年", "10年及以上": "10年以上",
            "1年及以上": "1-3年", "3年及以上": "3-5年", "2年及以上": "1-3年", "5年及以上": "5-10年",
            "1-3年": "1-3年", "3-5年": "3-5年"}


def f04_boss_jsonl(jb: Picker):
    """BOSS直聘 list pages scraped to JSON lines: no posting date, only the crawl time."""
    name = "04_boss_zhipin_list_2023.jsonl"
    recs = jb.take(25, pred=lambda r: r["pay"][3] == "month" and r["workYear"] in BOSS_EXP
                   and "2023-11" <= r["issueDate"][:7] <= "2023-12", key=jkey)
    lines = []
    crawl = dt.datetime(2023, 12, 14, 2, 13, 7)
    for i, r in enumerate(recs):
        exp = BOSS_EXP[r["workYear"]]
        deg = r["degree"].replace("中技/中专", "中专/中技")
        skills = [t for t in r["tags"].split(",")[2:] if not re.search("[险金假补奖检旅]", t)][:4]
        welfare = [t for t in r["tags"].split(",")[2:] if t not in skills]
        when = crawl + dt.timedelta(seconds=37 * i)
        rec = {"encryptJobId": hashlib.md5(f"boss{i}{r['jobName']}".encode()).hexdigest()[:24],
               "jobName": r["jobName"], "salaryDesc": fmt_k(r["pay"]),
               "jobLabels": [exp, deg], "skills": skills, "jobExperience": exp, "jobDegree": deg,
               "cityName": r["city"], "areaDistrict": r["district"] or "",
               "businessDistrict": "", "brandName": r["companyName"],
               "brandScaleName": r["companySize"], "welfareList": welfare,
               "crawl_time": when.strftime("%Y-%m-%d %H:%M:%S")}
        lines.append(json.dumps(rec, ensure_ascii=False))
        key(name, r["jobName"], company=r["companyName"], city=r["city"], pay=r["pay"], edu=deg,
            exp=exp, date=None, date_basis="crawled", year=2023)
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


LIEPIN_EXP = {"无需经验": "经验不限", "在校生/应届生": "应届生", "1年": "1年以上", "2年": "2年以上",
              "3-4年": "3-5年", "5-7年": "5-10年", "8-9年": "5-10年", "10年及以上": "10年以上",
              "1年及以上": "1年以上", "3年及以上": "3年以上", "2年及以上": "2年以上",
              "5年及以上": "5年以上", "1-3年": "1-3年", "3-5年": "3-5年"}


def f05_liepin_xlsx(jb: Picker, rng):
    """猎聘 enterprise export: title row, blank row, header on row 3; 面议 and 年薪 pay."""
    name = "05_liepin_export_202312.xlsx"
    recs = jb.take(20, pred=lambda r: r["workYear"] in LIEPIN_EXP, key=jkey)
    wb = Workbook()
    ws = wb.active
    ws.title = "职位列表"
    ws["A1"] = "猎聘网 职位搜索结果导出（2023-12-13）"
    ws.merge_cells("A1:H1")
    ws.append([])
    ws.append(["职位名称", "公司名称", "工作地点", "薪资", "工作经验", "学历要求", "发布时间",
               "公司规模"])
    bold_header(ws, 3)
    for i, r in enumerate(recs):
        lo, hi, months, period = r["pay"]
        if i % 7 == 3:
            ps, pay = "面议", None
        elif period == "year":
            ps, pay = r["salary"], r["pay"]
        elif period == "day":
            ps, pay = r["salary"], r["pay"]
        else:
            ps, pay = fmt_k(r["pay"], lower=True), r["pay"]
        deg = {"本科": "统招本科" if i % 3 == 0 else "本科及以上", "大专": "大专及以上"}.get(
            r["degree"], r["degree"])
        exp = LIEPIN_EXP[r["workYear"]]
        place = r["city"] + (f"-{r['district']}" if r["district"] else "")
        ws.append([r["jobName"], r["companyName"], place, ps, exp, deg,
                   r["date"].strftime("%Y/%m/%d"), r["companySize"]])
        key(name, r["jobName"], company=r["companyName"], city=r["city"], pay=pay, edu=deg,
            exp=exp, date=r["date"])
    wb.save(HERE / name)


EXP_58 = {"无需经验": "经验不限", "在校生/应届生": "应届生", "1年": "1年以下", "2年": "1-2年",
          "3-4年": "3-5年", "5-7年": "6-7年", "8-9年": "8-10年", "10年及以上": "10年以上"}


def henan(r) -> bool:
    return CITY_CODE[r["city"]].startswith("41")


def f06_58_gbk(jb: Picker):
    """58同城 河南各站 (郑州/洛阳/新乡…) list scrape, GBK csv; pay in 元/月 as 58 shows it."""
    name = "06_58tongcheng_henan_gbk.csv"
    recs = jb.take(16, pred=lambda r: henan(r) and r["workYear"] in EXP_58
                   and gbk_ok(r["jobName"], r["companyName"]), key=jkey)
    header = ["职位", "公司名称", "工作区域", "薪资", "学历要求", "工作经验", "福利", "更新时间"]
    rows = []
    for r in recs:
        lo, hi, months, period = r["pay"]
        if period == "month":
            ps, pay = f"{int(lo)}-{int(hi)}元/月", (lo, hi, None, "month")
        else:
            ps, pay = r["salary"], r["pay"]
        deg = {"无需经验": "学历不限"}.get(r["degree"], r["degree"])
        place = r["city"] + (f"-{r['district']}" if r["district"] else "")
        welf = " ".join(t for t in r["tags"].split(",")[2:] if re.search("[险金假补奖检旅休]", t))
        rows.append([r["jobName"], r["companyName"], place, ps, deg, EXP_58[r["workYear"]], welf,
                     r["date"].strftime("%Y-%m-%d")])
        key(name, r["jobName"], company=r["companyName"], city=r["city"], pay=pay, edu=deg,
            exp=EXP_58[r["workYear"]], date=r["date"])
    write_csv(HERE / name, [], header, rows, encoding="gbk")


LAGOU_EXP = {"无需经验": "不限", "在校生/应届生": "应届毕业生", "1年": "1-3年", "2年": "1-3年",
             "3-4年": "3-5年", "5-7年": "5-10年", "8-9年": "5-10年", "10年及以上": "10年以上"}


def f07_lagou_api(jb: Picker):
    """拉勾 positionAjax.json page dump (content.positionResult.result)."""
    name = "07_lagou_positionAjax_page1.json"
    recs = jb.take(18, pred=lambda r: r["pay"][3] == "month" and r["workYear"] in LAGOU_EXP,
                   key=jkey)
    res = []
    for i, r in enumerate(recs):
        short = re.sub(r"(股份)?有限(责任)?公司.*$", "", r["companyName"])
        deg = {"中技/中专": "不限"}.get(r["degree"], r["degree"])
        res.append({"positionId": 11000000 + i * 7919, "positionName": r["jobName"],
                    "companyId": 400000 + i * 131, "companyFullName": r["companyName"],
                    "companyShortName": short, "companySize": r["companySize"],
                    "financeStage": "不需要融资", "city": r["city"],
                    "district": r["district"] or None, "salary": fmt_k(r["pay"], lower=True),
                    "salaryMonth": str(r["pay"][2] or 0), "workYear": LAGOU_EXP[r["workYear"]],
                    "education": deg, "jobNature": "全职",
                    "positionAdvantage": "，".join(r["tags"].split(",")[2:5]),
                    "createTime": r["issueDate"], "formatCreateTime": r["issueDate"][5:10] + "发布",
                    "skillLables": r["tags"].split(",")[2:4], "isSchoolJob": 0})
        key(name, r["jobName"], company=r["companyName"], city=r["city"], pay=r["pay"], edu=deg,
            exp=LAGOU_EXP[r["workYear"]], date=r["date"])
    doc = {"success": True, "msg": None, "code": 0,
           "content": {"pageNo": 1, "pageSize": 15,
                       "positionResult": {"resultSize": len(res), "totalCount": 450,
                                          "result": res, "locationInfo": {"city": None}}},
           "resubmitToken": None, "requestId": None}
    (HERE / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def fair_pay(r, i):
    """Employers fill the fair's form themselves: the pay is written in several ways."""
    lo, hi, months, period = r["pay"]
    if period != "month":
        return r["salary"], r["pay"]
    style = i % 4
    if style == 0:
        return f"{int(lo)}-{int(hi)}元", (lo, hi, None, "month")
    if style == 1:
        return f"{int(lo)}-{int(hi)}", (lo, hi, None, "month")
    if style == 2:
        return r["salary"], r["pay"]
    return fmt_k((lo, hi, None, "month")), (lo, hi, None, "month")


def f08_henan_fair_xlsx(jb: Picker):
    """河南省人才市场 招聘会 岗位信息表: a sheet per fair, title row, merged company cells."""
    name = "08_henan_rencai_jobfair_202312.xlsx"
    recs = jb.take(24, pred=lambda r: henan(r) and r["city"] == "郑州",
                   key=lambda r: (norm_title(r["jobName"]), r["companyName"]))
    recs.sort(key=lambda r: r["companyName"])
    sheets = [("12月9日综合招聘会", recs[:13]), ("12月16日IT专场", recs[13:])]
    wb = Workbook()
    wb.remove(wb.active)
    dup_src = None
    for s_i, (sname, rs) in enumerate(sheets):
        ws = wb.create_sheet(sname)
        ws["A1"] = f"河南省人才市场2023年{sname} 参会单位岗位信息表"
        ws.merge_cells("A1:G1")
        ws.append(["序号", "单位名称", "招聘岗位", "招聘人数", "学历要求", "薪资待遇", "工作地点"])
        bold_header(ws, 2)
        rs = list(rs)
        if s_i == 1:
            rs.insert(4, dup_src)  # the same opening again at the next fair
        # group by company so the company cell is merged over its positions
        rs.sort(key=lambda r: r["companyName"])
        start = None
        for i, r in enumerate(rs):
            row_no = ws.max_row + 1
            ps, pay = fair_pay(r, (i + s_i) % 4)
            if r is dup_src and s_i == 1:
                ps, pay = dup_ps, dup_pay
            place = "郑州" + (f"市{r['district']}" if r["district"] and len(r["district"]) <= 4
                            and r["district"].endswith("区") else "")
            deg = r["degree"] + ("及以上" if r["degree"] in ("大专", "本科") else "")
            head = "若干" if i % 3 == 0 else str(1 + i % 4)
            first = i == 0 or rs[i - 1]["companyName"] != r["companyName"]
            ws.append([i + 1, r["companyName"] if first else None, r["jobName"], head, deg, ps,
                       place])
            if first:
                start = row_no
            last = i == len(rs) - 1 or rs[i + 1]["companyName"] != r["companyName"]
            if last and row_no > start:
                ws.merge_cells(start_row=start, start_column=2, end_row=row_no, end_column=2)
            is_dup = s_i == 1 and r is dup_src
            key(name, r["jobName"], company=r["companyName"], city="郑州", pay=pay, edu=deg,
                dup=is_dup)
            if s_i == 0 and i == 6:
                dup_src, dup_ps, dup_pay = r, ps, pay
    wb.save(HERE / name)


def f09_luoyang_pinyin(jb: Picker):
    """洛阳 city 人才交流中心 fair summary: two title lines, pinyin column names."""
    name = "09_luoyang_rencai_fair_pinyin.csv"
    recs = jb.take(9, pred=lambda r: henan(r) and (r["city"] != "郑州" or r["pay"][3] == "year"),
                   key=jkey)
    recs += jb.take(3, pred=henan, key=jkey)
    header = ["xuhao", "danwei_mingcheng", "gangwei_mingcheng", "zhaopin_renshu", "xueli_yaoqiu",
              "jingyan_yaoqiu", "xinzi_daiyu", "gongzuo_didian", "fabu_riqi"]
    rows = []
    for i, r in enumerate(recs):
        lo, hi, months, period = r["pay"]
        ps, pay = (f"{int(lo)}-{int(hi)}元/月", (lo, hi, None, "month")) if period == "month" \
            else (r["salary"], r["pay"])
        rows.append([i + 1, r["companyName"], r["jobName"], 1 + i % 3, r["degree"], r["workYear"],
                     ps, r["city"] + "市", r["date"].strftime("%Y-%m-%d")])
        key(name, r["jobName"], company=r["companyName"], city=r["city"], pay=pay,
            edu=r["degree"], exp=r["workYear"], date=r["date"])
    write_csv(HERE / name, ["洛阳市人才交流中心 2023年冬季线下招聘会岗位汇总（含周边县市）",
                            "导出时间：2023-12-15,,,,,,,,"], header, rows, encoding="utf-8")


def f10_college_xlsx(jb: Picker):
    """A Henan 高职 就业信息网 campus-recruitment export: employers from everywhere, Excel dates."""
    name = "10_college_jiuye_campus_2023.xlsx"
    recs = jb.take(20, pred=lambda r: r["degree"] == "大专" and r["workYear"] in
                   ("无需经验", "在校生/应届生", "1年") and r["pay"][3] == "month", key=jkey)
    wb = Workbook()
    ws = wb.active
    ws.title = "招聘信息"
    ws.append(["序号", "发布时间", "单位名称", "招聘职位", "需求专业", "招聘人数", "学历要求",
               "经验要求", "薪资待遇", "工作地点", "职位描述"])
    bold_header(ws, 1)
    for i, r in enumerate(recs):
        lo, hi, months, _ = r["pay"]
        ps = f"{int(lo)}-{int(hi)}元/月" + (f"，{months}薪" if months else "")
        pay = (lo, hi, months, "month")
        exp = {"无需经验": "不限", "在校生/应届生": "应届毕业生", "1年": "1年以上"}[r["workYear"]]
        place = r["city"] + "市" + (r["district"] if r["district"].endswith("区") else "")
        major = "计算机类相关专业" if i % 2 == 0 else "软件技术、大数据技术等专业"
        desc = "；".join(r["tags"].split(",")[2:])
        ws.append([i + 1, r["date"].replace(hour=0, minute=0, second=0), r["companyName"],
                   r["jobName"], major, 2 + i % 5, "大专及以上", exp, ps, place, desc])
        ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd"
        key(name, r["jobName"], company=r["companyName"], city=r["city"], pay=pay,
            edu="大专及以上", exp=exp, date=r["date"])
    wb.save(HERE / name)


def f11_opendata_csv(jb: Picker):
    """河南 公共就业服务 open data: English field names, min/max/unit columns, yyyymmdd dates."""
    name = "11_henan_ggjy_opendata_jobs.csv"
    recs = jb.take(16, pred=henan, key=jkey)
    header = ["job_name", "employer_name", "work_area", "salary_min", "salary_max", "salary_unit",
              "education_level", "work_experience", "recruitment_number", "release_date",
              "data_source"]
    rows = []
    for i, r in enumerate(recs):
        lo, hi, months, period = r["pay"]
        unit = {"month": "元/月", "year": "元/年", "day": "元/天"}[period]
        area = r["city"] + "市" + (r["district"] if r["district"].endswith(("区", "市")) else "")
        rows.append([r["jobName"], r["companyName"], area, int(lo), int(hi), unit, r["degree"],
                     r["workYear"], 1 + i % 2, r["date"].strftime("%Y%m%d"),
                     "河南省公共就业服务平台"])
        key(name, r["jobName"], company=r["companyName"], city=r["city"],
            pay=(lo, hi, None, period), edu=r["degree"], exp=r["workYear"], date=r["date"])
    write_csv(HERE / name, [], header, rows, encoding="utf-8-sig")


def f12_zhilian_web_xlsx(zp: Picker):
    """智联 web search exported per city: a sheet per city, title row, 8千-1.2万 pay, a blank row."""
    name = "12_zhilian_web_by_city_2019.xlsx"
    wb = Workbook()
    wb.remove(wb.active)
    for s_i, city in enumerate(["北京", "上海", "成都"]):
        cat = ["计算机软件", "IT服务", "互联网/电子商务"][s_i]
        recs = zp.take(10, pred=lambda cr, c=city, k=cat: cr[0] == k and
                       cr[1]["city"]["display"].split("-")[0] == c, key=zkey)
        ws = wb.create_sheet(city)
        ws["A1"] = f"智联招聘 职位搜索结果（{city}·{cat}）"
        ws.append(["职位名称", "公司名称", "工作地点", "职位月薪", "学历", "工作经验", "发布日期",
                   "公司行业"])
        bold_header(ws, 2)
        for i, (_, r) in enumerate(recs):
            pay = parse_k(r["salary"])
            ps = "面议" if pay is None else f"{fmt_qw(pay[0])}-{fmt_qw(pay[1])}"
            when = dt.datetime.strptime(r["updateDate"], "%Y-%m-%d %H:%M:%S")
            ws.append([r["jobName"], r["company"]["name"], r["city"]["display"], ps,
                       r["eduLevel"]["name"], r["workingExp"]["name"], when.date(), cat])
            ws.cell(ws.max_row, 7).number_format = "yyyy-mm-dd"
            if i == 4 and s_i == 1:
                ws.append([None] * 8)
            key(name, r["jobName"], company=r["company"]["name"], city=city, pay=pay,
                edu=r["eduLevel"]["name"], exp=r["workingExp"]["name"], date=when, industry=cat)
    wb.save(HERE / name)


def f13_messy_scrape(jb: Picker, rng):
    """A crawler's csv: relative dates, combined 学历|经验, list-literal titles, repeats, notes."""
    name = "13_scrape_messy_repeats.csv"
    crawl = dt.datetime(2023, 12, 14, 10, 5, 11)
    recs = jb.take(22, pred=lambda r: dt.datetime(2023, 11, 1) <= r["date"] <= crawl
                   and r["pay"][3] != "day", key=jkey)
    recs += jb.take(2, pred=lambda r: r["pay"][3] == "day" and r["date"] <= crawl, key=jkey)
    header = ["岗位名称", "公司", "城市", "薪资", "学历|经验", "发布时间", "抓取时间", "链接"]
    rows = []
    for i, r in enumerate(recs):
        days = (crawl.date() - r["date"].date()).days
        if days == 0:
            when = "今天"
        elif days == 1:
            when = "昨天"
        elif days <= 6:
            when = f"{days}天前"
        elif i % 2:
            when = r["date"].strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月")
        else:
            when = r["date"].strftime("%Y-%m-%d")
        title = f"['{r['jobName']}']" if i in (3, 11) else r["jobName"]
        place = r["city"] + (f"-{r['district']}" if r["district"] else "")
        link = f"https://jobs.example-crawler.local/{hashlib.md5(r['jobName'].encode()).hexdigest()[:10]}"
        row = [title, r["companyName"], place, r["salary"], f"{r['degree']} | {r['workYear']}",
               when, crawl.strftime("%Y-%m-%d %H:%M:%S"), link]
        rows.append(row)
        key(name, r["jobName"], company=r["companyName"], city=r["city"], pay=r["pay"],
            edu=r["degree"], exp=r["workYear"], date=r["date"])
        if i in (5, 9, 17):  # the next page repeated the posting (paging overlap)
            rows.append(list(row))
            key(name, r["jobName"], company=r["companyName"], city=r["city"], pay=r["pay"],
                edu=r["degree"], exp=r["workYear"], date=r["date"], dup=True)
        if i in (7, 15):
            rows.append([""] * len(header))
    rows.append(["注：数据来源：前程无忧公开页面，抓取于2023-12-14，仅供研究使用", "", "", "", "",
                 "", "", ""])
    write_csv(HERE / name, [], header, rows, encoding="utf-8")


def f14_zhaopin_flat_gbk(zp: Picker):
    """智联 API records flattened by pandas (dotted English names) and saved as GBK csv."""
    name = "14_zhaopin_flat_gbk_2019.csv"
    recs = zp.take(24, pred=lambda cr: gbk_ok(cr[1]["jobName"], cr[1]["company"]["name"],
                                               ",".join(cr[1]["welfare"]), cr[1]["businessArea"]),
                   key=zkey)
    header = ["number", "jobName", "company.name", "company.type.name", "company.size.name",
              "city.display", "updateDate", "salary", "eduLevel.name", "workingExp.name",
              "industry", "emplType", "welfare", "businessArea", "timeState"]
    rows = []
    for _, r in recs:
        rows.append([r["number"], r["jobName"], r["company"]["name"], r["company"]["type"]["name"],
                     r["company"]["size"]["name"], r["city"]["display"], r["updateDate"],
                     r["salary"], r["eduLevel"]["name"], r["workingExp"]["name"], r["industry"],
                     r["emplType"], str(r["welfare"]), r["businessArea"], r["timeState"]])
        key(name, r["jobName"], company=r["company"]["name"],
            city=r["city"]["display"].split("-")[0], pay=parse_k(r["salary"]),
            edu=r["eduLevel"]["name"], exp=r["workingExp"]["name"],
            date=dt.datetime.strptime(r["updateDate"], "%Y-%m-%d %H:%M:%S"),
            industry=r["industry"])
    write_csv(HERE / name, [], header, rows, encoding="gbk")


def main() -> None:
    rng = random.Random(SEED)
    jb = Picker(load_51job(), rng)
    zp = Picker([cr for cr in load_zhaopin()
                 if cr[1]["city"]["display"].split("-")[0] in CITY_CODE], rng)
    # Henan rows are few: the Henan channels draw first.
    f09_luoyang_pinyin(jb)
    f08_henan_fair_xlsx(jb)
    f06_58_gbk(jb)
    f11_opendata_csv(jb)
    f01_zhaopin_api(zp)
    f02_51job_csv(jb)
    f03_51job_api(jb)
    f04_boss_jsonl(jb)
    f05_liepin_xlsx(jb, rng)
    f07_lagou_api(jb)
    f10_college_xlsx(jb)
    f12_zhilian_web_xlsx(zp)
    f13_messy_scrape(jb, rng)
    f14_zhaopin_flat_gbk(zp)
    KEY.sort(key=lambda r: r["file"])  # stable: keeps each file's order
    with (HERE / "expected.jsonl").open("w", encoding="utf-8") as fh:
        for row in KEY:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
