"""Generate the third blind set of postings files and their answer key (seeded, reproducible).

Run from the repository root: ``python tests/data/ingest/postings_blind3/make_blind3.py``.
It reads the real postings in ``data/sample/postings`` (51job 2023 CSV, 智联 2019 JSON, both
MIT) and re-shapes them into the layouts other platforms and Henan sites export. The answer key
(``expected.jsonl``) is written from the values the script puts into each file, in the lake's
contract (docs/data-dictionary.md), never from what the ingestor makes of them.

Key rows hold only the fields the file gives; a field present with ``null`` means the file
gives it and the contract makes it null (面议 → no salary). ``dup: true`` marks a copy of an
earlier posting of the same file (it must land flagged ``is_duplicate``).
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
import gzip
import io
import json
import random
import re
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
SAMPLE = REPO / "data" / "sample" / "postings"
RNG = random.Random(20231106)

# GB/T 2260 codes of the places the files name (data/reference/regions_gbt2260.csv).
CITY = {
    "郑州": "410100", "开封": "410200", "洛阳": "410300", "平顶山": "410400", "安阳": "410500",
    "新乡": "410700", "焦作": "410800", "濮阳": "410900", "许昌": "411000", "漯河": "411100",
    "三门峡": "411200", "南阳": "411300", "商丘": "411400", "信阳": "411500", "周口": "411600",
    "驻马店": "411700", "上海": "310000", "北京": "110000", "深圳": "440300", "广州": "440100",
    "成都": "510100", "重庆": "500000", "杭州": "330100", "宁波": "330200", "南京": "320100",
    "苏州": "320500", "武汉": "420100", "西安": "610100", "天津": "120000", "济南": "370100",
    "青岛": "370200", "长沙": "430100", "合肥": "340100", "大连": "210200",
}
HENAN = ["郑州", "洛阳", "新乡", "南阳", "许昌", "焦作", "开封", "安阳", "平顶山", "商丘", "周口", "信阳"]
DISTRICTS = {
    "郑州": ["金水区", "二七区", "中原区", "管城回族区", "郑东新区", "高新区", "经开区"],
    "洛阳": ["洛龙区", "西工区", "涧西区", "老城区"], "新乡": ["红旗区", "牧野区", "卫滨区"],
    "南阳": ["宛城区", "卧龙区"], "许昌": ["魏都区", "建安区"], "焦作": ["解放区", "山阳区"],
    "开封": ["龙亭区", "鼓楼区"], "安阳": ["文峰区", "北关区"], "平顶山": ["新华区", "卫东区"],
    "商丘": ["梁园区", "睢阳区"], "周口": ["川汇区"], "信阳": ["浉河区", "羊山新区"],
}

# ---------------------------------------------------------------------------------------------
# Real postings: the pools every file draws its titles and companies from.


def load_51job() -> list[dict]:
    with gzip.open(SAMPLE / "51job_2023" / "51job.csv.gz", "rt", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_zhaopin() -> list[dict]:
    out = []
    for path in sorted(glob.glob(str(SAMPLE / "zhaopin_2019" / "*.json.gz"))):
        category = Path(path).name.split("_", 1)[1].removesuffix(".json.gz").replace("_", "/")
        for page in json.load(gzip.open(path))["all_data"]:
            for r in page["data"]["results"]:
                r = dict(r)
                r["_category"] = category
                out.append(r)
    return out


J51 = [r for r in load_51job()  # the sample's range forms; single daily rates and mangled cells left out
       if r["salary"] == "" or re.fullmatch(r"[\d.]+[千万]?-[\d.]+[千万](·\d+薪)?(/年)?", r["salary"])]
ZP = load_zhaopin()
WORDS = ["客服", "销售", "技术员", "运维", "文员", "质检", "电工", "机电", "操作", "助理", "会计",
         "出纳", "仓管", "网管", "前台", "实施", "售后", "测试", "美工", "设计", "行政", "专员",
         "维修", "装配", "调试", "施工", "造价", "物流", "采购", "跟单", "安装"]
ZP_VOC = [r for r in ZP if any(w in r["jobName"] for w in WORDS) and len(r["jobName"]) <= 14
          and "," not in r["jobName"] and "\n" not in r["jobName"]
          # titles naming a place would contradict the files whose places are re-assigned
          and not any(c in r["jobName"] for c in list(CITY) + ["区", "省", "市"])]


def pick(pool: list[dict], n: int, key: str, used: set[str]) -> list[dict]:
    """n records of distinct titles not used before (title text stripped)."""
    out = []
    for r in RNG.sample(pool, len(pool)):
        t = r[key].strip()
        if t and t not in used and "\t" not in t:
            used.add(t)
            out.append(r)
            if len(out) == n:
                return out
    raise ValueError("pool too small")


# ---------------------------------------------------------------------------------------------
# Salary forms: each returns (raw text, min, max, months) in the lake's contract.

def _k(v: float) -> str:
    return f"{v / 1000:g}"


def _qw(v: float) -> str:
    return f"{v / 10000:g}万" if v >= 10000 else f"{v / 1000:g}千"


def salary(form: str, lo: int, hi: int, months: int = 13):
    if form == "qianwan":            # 8千-1.2万 / 6千-8千
        return f"{_qw(lo)}-{_qw(hi)}", lo, hi, None
    if form == "K":                  # 8-12K
        return f"{_k(lo)}-{_k(hi)}K", lo, hi, None
    if form == "KK":                 # 5K-8K (智联)
        return f"{_k(lo)}K-{_k(hi)}K", lo, hi, None
    if form == "Kmonths":            # 8-12K·13薪
        return f"{_k(lo)}-{_k(hi)}K·{months}薪", lo * months / 12, hi * months / 12, months
    if form == "yuan":               # 4000-6000元/月
        return f"{lo}-{hi}元/月", lo, hi, None
    if form == "yuanbare":           # 4001-6000
        return f"{lo}-{hi}", lo, hi, None
    if form == "negotiable":
        return "面议", None, None, None
    if form == "above":              # 4000以上
        return f"{lo}以上", lo, None, None
    if form == "from":               # 3500元/月起
        return f"{lo}元/月起", lo, None, None
    if form == "annual":             # 年薪10-15万
        a, b = lo * 12 // 10000, hi * 12 // 10000
        return f"年薪{a}-{b}万", a * 10000 / 12, b * 10000 / 12, None
    if form == "wanyear":            # 10-15万/年 (51job)
        a, b = lo * 12 // 10000, hi * 12 // 10000
        return f"{a}-{b}万/年", a * 10000 / 12, b * 10000 / 12, None
    if form == "day":                # 150-200元/天
        a, b = lo // 25 // 10 * 10, hi // 25 // 10 * 10
        return f"{a}-{b}元/天", a * 21.75, b * 21.75, None
    if form == "hour":               # 18-22元/小时
        a, b = max(15, lo // 200), max(18, hi // 200)
        return f"{a}-{b}元/小时", a * 8 * 21.75, b * 8 * 21.75, None
    raise ValueError(form)


def base_pay() -> tuple[int, int]:
    lo = RNG.choice([3000, 3500, 4000, 4500, 5000, 6000, 7000, 8000, 10000])
    hi = lo + RNG.choice([1000, 2000, 3000, 4000]) if lo < 8000 else lo + RNG.choice([2000, 4000, 5000])
    return lo, hi


EDU = {  # contract value -> raw forms a platform prints
    "大专": ["大专", "大专及以上", "专科", "高职", "大专以上", "专科及以上"],
    "本科": ["本科", "本科及以上", "统招本科"],
    "不限": ["不限", "学历不限"],
    "中专/中技": ["中专", "中技", "中专/中技", "中专及以上"],
    "高中": ["高中", "高中及以上"],
}
EXP = {0: ["应届生", "无经验", "经验不限", "不限", "1年以下", "在校/应届"],
       1: ["1-3年", "1年以上", "1-3年经验"], 2: ["2年", "2年以上"],
       3: ["3-5年", "3年以上", "3-4年"], 5: ["5-10年", "5年以上"]}


def edu_pick(weights=("大专", "大专", "大专", "本科", "不限", "中专/中技", "高中")):
    code = RNG.choice(weights)
    return RNG.choice(EDU[code]), code


def exp_pick(weights=(0, 0, 1, 1, 2, 3, 5)):
    y = RNG.choice(weights)
    return RNG.choice(EXP[y]), float(y)


def zp_edu(name: str):
    return {"学历不限": "不限", "不限": "不限", "中专": "中专/中技", "中技": "中专/中技"}.get(name, name)


def zp_exp(name: str):
    if name in ("不限", "无经验", "1年以下"):
        return 0.0
    return float(name.split("-")[0].rstrip("年以上"))


def j51_exp(s: str):
    if s in ("在校生/应届生", "无需经验", ""):
        return 0.0 if s else None
    return float(s.split("-")[0].replace("年及以上", "").replace("年", ""))


def j51_edu(s: str):
    return {"中技/中专": "中专/中技", "": None}.get(s, s)


def j51_salary(s: str):
    """Key of a real 51job salary text (forms of the sample: 6-8千, 8千-1.5万·13薪, 16-20万/年)."""
    if not s:
        return None, None, None
    months = None
    if "·" in s:
        s, m = s.split("·")
        months = int(m.removesuffix("薪"))
    per_year = s.endswith("/年")
    s = s.removesuffix("/年").removesuffix("/月")
    a, b = s.split("-")
    unit_b = {"千": 1000, "万": 10000}[b[-1]]
    vb = float(b[:-1]) * unit_b
    va = float(a[:-1]) * {"千": 1000, "万": 10000}[a[-1]] if a[-1] in "千万" else float(a) * unit_b
    if per_year:
        va, vb = va / 12, vb / 12
    if months:
        va, vb = va * months / 12, vb * months / 12
    return va, vb, months


def city_of(text: str) -> str | None:
    for name in sorted(CITY, key=len, reverse=True):
        if name in text:
            return name
    return None


KEY: list[dict] = []


def key(file: str, title: str, dup: bool = False, **fields) -> None:
    row = {"file": file, "title": title, **fields}
    if dup:
        row["dup"] = True
    KEY.append(row)


def pay_fields(raw_lo_hi_m):
    _, lo, hi, m = raw_lo_hi_m
    return {"salary_cny_month_min": None if lo is None else round(lo, 2),
            "salary_cny_month_max": None if hi is None else round(hi, 2), "salary_months": m}


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def day_in(y: int, m: int, lo: int = 1, hi: int = 28) -> dt.date:
    return dt.date(y, m, RNG.randint(lo, hi))


def describe(tags: list[str]) -> str:
    t = [x for x in tags if x] or ["团队协作"]
    a, b = t[0], t[-1]
    return (f"岗位职责：\n1. 负责\"{a}\"相关工作，按时完成上级安排的任务；\n"
            f"2. 熟悉{b}, 能适应倒班，有相关证书者优先。\n任职要求：吃苦耐劳, 沟通能力强")


# ---------------------------------------------------------------------------------------------
# The files.

def f01_zhilian_xlsx() -> None:
    """智联招聘 search export filtered to 郑州: title rows, header on row 4, date cells and text dates."""
    name = "zhilian_search_export_zhengzhou_20231106.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "职位列表"
    ws.append(["智联招聘 · 职位搜索结果导出"])
    ws.append(["搜索条件：郑州 / 全部职位　　导出时间：2023-11-06 10:12"])
    ws.append([])
    ws.append(["职位名称", "公司名称", "工作地点", "薪资", "学历要求", "工作经验", "招聘人数", "发布时间", "公司行业"])
    ws["A4"].font = Font(bold=True)
    forms = ["qianwan", "qianwan", "negotiable", "above", "K", "qianwan", "Kmonths", "yuan"]
    for i, r in enumerate(pick(ZP_VOC, 18, "jobName", set())):
        city = RNG.choice(["郑州"] * 4 + ["新乡", "许昌"])
        place = f"{city}-{RNG.choice(DISTRICTS[city])}"
        lo, hi = base_pay()
        s = salary(forms[i % len(forms)], lo, hi)
        e_raw, e = edu_pick()
        x_raw, x = exp_pick()
        d = day_in(2023, 10) if RNG.random() < 0.5 else day_in(2023, 11, 1, 5)  # before the export
        when = dt.datetime(d.year, d.month, d.day, RNG.randint(8, 18), RNG.choice([0, 15, 30]))
        cell_date = when if i % 2 == 0 else f"{d.year}/{d.month}/{d.day} {when.hour}:{when.minute:02d}"
        ws.append([r["jobName"].strip(), r["company"]["name"], place, s[0], e_raw, x_raw,
                   RNG.choice(["招1人", "招2人", "若干", "3"]), cell_date, r["_category"]])
        if i % 2 == 0:
            ws.cell(ws.max_row, 8).number_format = "yyyy-mm-dd hh:mm"
        key(name, r["jobName"].strip(), company=r["company"]["name"], region_code=CITY[city],
            **pay_fields(s), education=e, experience_years=x, posted_date=d.isoformat(),
            year=d.year, industry_raw=r["_category"])
    wb.save(HERE / name)


def f02_51job_api_json() -> None:
    """前程无忧 search API page (engine_jds): attribute_text lists, providesalary_text, real cities."""
    name = "51job_search_api_page2.json"
    rows = [r for r in J51 if city_of(r["area"]) and r["salary"]]
    jds = []
    for r in pick(rows, 20, "jobName", set()):
        city = city_of(r["area"])
        area = city + ("-" + r["area"].split(city, 1)[1] if r["area"].split(city, 1)[1] else "")
        area = area.removesuffix("-")
        exp_txt = r["workYear"]
        attr = [area, (exp_txt + "经验") if exp_txt and exp_txt[0].isdigit() else exp_txt, r["degree"],
                f"招{RNG.randint(1, 3)}人"]
        attr = [a for a in attr if a]
        lo, hi, m = j51_salary(r["salary"])
        sal_txt = r["salary"]
        ind = RNG.choice(["计算机软件", "互联网/电子商务", "IT服务(系统、数据、运维)", "通信/电信/网络设备"])
        jds.append({"type": "engine_jds", "jt": "0", "tags": [], "ad_track": "", "jobid": str(RNG.randint(140000000, 159999999)),
                    "coid": str(RNG.randint(1000000, 9999999)), "effect": "1", "is_special_job": "",
                    "job_href": "https://jobs.51job.com/x/%d.html" % RNG.randint(1, 10**8),
                    "job_name": r["jobName"].strip(), "job_title": r["jobName"].strip(),
                    "company_href": "https://jobs.51job.com/all/co%d.html" % RNG.randint(1, 10**7),
                    "company_name": r["companyName"], "providesalary_text": sal_txt,
                    "workarea": "000000", "workarea_text": area, "updatedate": r["issueDate"][5:10],
                    "iscommunicate": "", "companytype_text": r["companyType"],
                    "degreefrom": "", "workyear": "", "issuedate": r["issueDate"],
                    "isFromXyz": "", "jobwelf": " ".join(r["tags"].split(",")[2:6]),
                    "jobwelf_list": r["tags"].split(",")[2:6], "attribute_text": attr,
                    "companysize_text": r["companySize"], "companyind_text": ind})
        key(name, r["jobName"].strip(), company=r["companyName"], region_code=CITY[city],
            salary_cny_month_min=round(lo, 2), salary_cny_month_max=round(hi, 2), salary_months=m,
            education=j51_edu(r["degree"]), experience_years=j51_exp(r["workYear"]),
            posted_date=r["issueDate"][:10], year=int(r["issueDate"][:4]), industry_raw=ind)
    doc = {"top_ads": [], "auction_ads": [], "market_ads": [], "engine_jds": jds,
           "jobid_count": "4581", "banner_ads": "", "is_collapseexpansion": "1",
           "co_ads": [], "keyword_recommendation": {"title": "猜你喜欢", "data_type": "2", "keyword": "python"},
           "search_condition": {"lang": "c", "keyword": "python", "curr_page": "2"}, "searched_condition": "python",
           "curr_page": "2", "total_page": "92"}
    (HERE / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def f03_boss_jsonl() -> None:
    """BOSS直聘 list scrape (郑州 site, places re-assigned): JSON lines, no posting date, crawl time only."""
    name = "boss_zhipin_zhengzhou_20231106.jsonl"
    lines = []
    forms = ["Kmonths", "K", "K", "day", "Kmonths", "K", "negotiable"]
    crawl = dt.datetime(2023, 11, 6, 14, 3, 11)
    for i, r in enumerate(pick(ZP_VOC, 16, "jobName", set())):
        city = "郑州"
        lo, hi = base_pay()
        s = salary(forms[i % len(forms)], lo, hi, months=RNG.choice([13, 14]))
        if s[0] == "面议":  # BOSS prints no 面议; a daily wage instead
            s = salary("hour", lo, hi)
        e_raw, e = edu_pick(("大专", "大专", "本科", "不限", "中专/中技", "高中"))
        x_raw, x = exp_pick()
        t = (crawl + dt.timedelta(seconds=37 * i)).strftime("%Y-%m-%d %H:%M:%S")
        rec = {"securityId": "%032x" % RNG.getrandbits(128), "jobName": r["jobName"].strip(),
               "salaryDesc": s[0], "jobLabels": [x_raw, e_raw], "skills": [w["name"] for w in r.get("jobType", {}).get("items", [])],
               "jobExperience": x_raw, "jobDegree": e_raw, "cityName": city,
               "areaDistrict": RNG.choice(DISTRICTS[city]), "businessDistrict": "",
               "brandName": r["company"]["name"], "brandIndustry": r["_category"],
               "brandScaleName": r["company"]["size"]["name"], "welfareList": r.get("welfare", []),
               "crawl_time": t}
        lines.append(json.dumps(rec, ensure_ascii=False))
        key(name, r["jobName"].strip(), company=r["company"]["name"], region_code=CITY[city], **pay_fields(s),
            education=e, experience_years=x, posted_date=None, year=2023, industry_raw=r["_category"])
        if i == 4:  # the same card again on the next page
            rec2 = dict(rec, securityId="%032x" % RNG.getrandbits(128), crawl_time=(crawl + dt.timedelta(minutes=9)).strftime("%Y-%m-%d %H:%M:%S"))
            lines.append(json.dumps(rec2, ensure_ascii=False))
            key(name, r["jobName"].strip(), dup=True)
    lines.insert(9, "")
    lines.append('{"securityId": "b1e3", "jobName": "仓库管理员", "salaryDesc": "4-6K", "cityN')  # crawl cut off
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def f04_liepin_json() -> None:
    """猎聘 search API dump: nested job/comp objects, compact dates (20231102), real cities."""
    name = "liepin_search_api_dump.json"
    rows = [r for r in J51 if city_of(r["area"]) and r["salary"]]
    cards = []
    for i, r in enumerate(pick(rows, 15, "jobName", set())):
        city = city_of(r["area"])
        lo, hi, m = j51_salary(r["salary"])
        # 猎聘 prints k and an optional ·N薪, or 年薪 for yearly offers
        lo_k, hi_k = round((lo * 12 / (m or 12)) / 1000), round((hi * 12 / (m or 12)) / 1000)
        if i % 5 == 3:
            txt, smin, smax, mm = "面议", None, None, None
        elif i % 5 == 4:
            a, b = lo_k * 12 // 10, max(hi_k * 12 // 10, lo_k * 12 // 10 + 2)
            txt, smin, smax, mm = f"年薪{a}-{b}万", a * 10000 / 12, b * 10000 / 12, None
        else:
            hi_k = max(hi_k, lo_k + 1)
            txt = f"{lo_k}-{hi_k}k" + (f"·{m}薪" if m else "")
            smin, smax, mm = lo_k * 1000 * (m or 12) / 12, hi_k * 1000 * (m or 12) / 12, m
        district = r["area"].split(city, 1)[1][:4]
        dq = city + ("-" + district if district else "")
        d = r["issueDate"][:10]
        ind = RNG.choice(["计算机软件", "互联网", "IT服务", "通信设备"])
        cards.append({"job": {"jobId": str(RNG.randint(10**7, 10**8)), "title": r["jobName"].strip(), "dq": dq,
                              "salary": txt, "requireWorkYears": r["workYear"].replace("在校生/应届生", "应届生").replace("无需经验", "经验不限"),
                              "requireEduLevel": r["degree"] or "统招本科", "refreshTime": d.replace("-", ""),
                              "labels": r["tags"].split(",")[2:5], "link": "https://www.liepin.com/job/1.shtml"},
                      "comp": {"compId": RNG.randint(10**6, 10**7), "compName": r["companyName"], "compIndustry": ind,
                               "compScale": r["companySize"], "compStage": ""},
                      "recruiter": {"recruiterName": "王女士", "recruiterTitle": "HR"}})
        key(name, r["jobName"].strip(), company=r["companyName"], region_code=CITY[city],
            salary_cny_month_min=None if smin is None else round(smin, 2),
            salary_cny_month_max=None if smax is None else round(smax, 2), salary_months=mm,
            education=j51_edu(r["degree"]) or "本科", experience_years=j51_exp(r["workYear"]),
            posted_date=d, year=int(d[:4]), industry_raw=ind)
    doc = {"flag": 1, "data": {"data": {"jobCardList": cards},
                               "pagination": {"currentPage": 0, "totalPage": 10, "totalCounts": 3987}}}
    (HERE / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def f05_58_csv() -> None:
    """58同城 新乡 site scrape: relative dates (3天前, 今天, 昨天) against a 抓取时间 column, daily wages, repeats."""
    name = "58tongcheng_xinxiang_抓取20231108.csv"
    crawl = dt.datetime(2023, 11, 8, 20, 15)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["职位", "公司", "薪资", "区域", "福利", "学历", "经验", "发布时间", "抓取时间"])
    forms = ["day", "from", "above", "yuan", "negotiable", "yuan", "day", "from"]
    rels = [("今天", 0), ("3天前", 3), ("昨天", 1), ("刚刚", 0), ("5天前", 5), ("1天前", 1), ("11-02", None), ("2天前", 2)]
    for i, r in enumerate(pick(ZP_VOC, 22, "jobName", set())):
        lo, hi = base_pay()
        s = salary(forms[i % len(forms)], lo, hi)
        e_raw, e = edu_pick(("不限", "不限", "高中", "中专/中技", "大专"))
        x_raw, x = exp_pick((0, 0, 0, 1, 2))
        rel, back = rels[i % len(rels)]
        d = crawl.date() - dt.timedelta(days=back) if back is not None else dt.date(2023, 11, 2)
        area = "新乡-" + RNG.choice(DISTRICTS["新乡"])
        row = [r["jobName"].strip(), r["company"]["name"], s[0], area, "|".join(r.get("welfare", [])[:3]),
               e_raw, x_raw, rel, crawl.strftime("%Y-%m-%d %H:%M")]
        w.writerow(row)
        key(name, r["jobName"].strip(), company=r["company"]["name"], region_code=CITY["新乡"], **pay_fields(s),
            education=e, experience_years=x, posted_date=d.isoformat(), year=d.year)
        if i in (3, 11):  # 58 re-posts: the same ad, refreshed
            w.writerow(row[:7] + ["今天", row[8]])
            key(name, r["jobName"].strip(), dup=True)
        if i == 15:
            w.writerow([""] * 9)
    (HERE / name).write_text(out.getvalue(), encoding="utf-8")


def f06_jobfair_xlsx() -> None:
    """省人才市场 job-fair list: title rows, merged company cells, merged 任职要求 over 学历|经验, 11月2日 dates."""
    name = "2023年河南省秋季人才招聘会岗位信息表.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "岗位信息"
    ws.append(["2023年河南省“百日千万”秋季人才招聘会（河南省人才市场）岗位信息表"])
    ws.merge_cells("A1:I1")
    ws.append(["序号", "招聘单位", "招聘岗位", "招聘人数", "任职要求", None, "薪资待遇", "工作地点", "发布日期"])
    ws.append([None, None, None, None, "学历要求", "工作经验", None, None, None])
    for col in "ABCDGHI":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("E2:F2")
    forms = ["yuanbare", "from", "negotiable", "above", "annual", "qianwan", "yuan"]
    companies = list({r["company"]["name"]: r for r in ZP_VOC}.values())
    used: set[str] = set()
    n = 0
    for c in RNG.sample(companies, 9):
        posts = pick([r for r in ZP_VOC if r["company"]["name"] != c["company"]["name"]], RNG.randint(2, 4), "jobName", used)
        city = RNG.choice(HENAN)
        first = ws.max_row + 1
        for p in posts:
            n += 1
            lo, hi = base_pay()
            s = salary(forms[n % len(forms)], lo, hi)
            e_raw, e = edu_pick()
            x_raw, x = exp_pick()
            d = dt.date(2023, 11, RNG.randint(1, 10))
            ws.append([n, c["company"]["name"] if p is posts[0] else None, p["jobName"].strip(),
                       RNG.randint(1, 10), e_raw, x_raw, s[0], city + "市", f"{d.month}月{d.day}日"])
            key(name, p["jobName"].strip(), company=c["company"]["name"], region_code=CITY[city], **pay_fields(s),
                education=e, experience_years=x, posted_date=d.isoformat(), year=2023)
        if len(posts) > 1:
            ws.merge_cells(f"B{first}:B{ws.max_row}")
    ws.append(["注：以上岗位信息由用人单位提供，薪资待遇以面试为准。"])
    ws.merge_cells(f"A{ws.max_row}:I{ws.max_row}")
    ws.append(["合计", None, None, None, None, None, None, None, None])
    wb.save(HERE / name)


def f07_campus_xlsx() -> None:
    """A college 就业网 campus-recruitment export: dates as bare Excel serial numbers, 专科/高职, 应届生."""
    name = "就业网_校园招聘岗位_2024届.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["单位名称", "岗位名称", "需求专业", "学历要求", "工作经验", "招聘人数", "薪资", "工作地点", "发布日期", "单位性质"])
    forms = ["yuan", "K", "negotiable", "from", "qianwan", "yuan"]
    majors = ["机电一体化技术", "电子商务", "会计信息管理", "计算机网络技术", "物流管理", "工程造价", "软件技术"]
    for i, r in enumerate(pick(ZP_VOC, 16, "jobName", set())):
        city = RNG.choice(["郑州", "郑州", "许昌", "焦作", "洛阳", "开封"])
        lo, hi = base_pay()
        s = salary(forms[i % len(forms)], lo, hi)
        e_raw = RNG.choice(["专科", "高职", "大专及以上", "专科及以上", "不限", "本科"])
        e = {"不限": "不限", "本科": "本科"}.get(e_raw, "大专")
        x_raw = RNG.choice(["应届生", "应届毕业生", "不限"])
        d = day_in(2023, RNG.choice([10, 11]))
        ws.append([r["company"]["name"], r["jobName"].strip(), RNG.choice(majors), e_raw, x_raw, RNG.randint(1, 20),
                   s[0], city, excel_serial(d), r["company"]["type"]["name"]])
        key(name, r["jobName"].strip(), company=r["company"]["name"], region_code=CITY[city], **pay_fields(s),
            education=e, experience_years=0.0, posted_date=d.isoformat(), year=d.year)
    ws.append([])
    ws.append([])
    wb.save(HERE / name)


def f08_public_csv() -> None:
    """公共就业服务 open-data CSV: UTF-8 with BOM, min/max pay columns in yuan, GB/T industry names, notes footer."""
    name = "henan_public_employment_jobs_2023Q4.csv"
    inds = ["制造业", "批发和零售业", "信息传输、软件和信息技术服务业", "建筑业", "交通运输、仓储和邮政业", "住宿和餐饮业"]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["岗位名称", "用人单位", "行业类别", "工作地点", "最低月薪", "最高月薪", "学历要求", "工作经验", "招聘人数", "发布日期", "有效期至"])
    for i, r in enumerate(pick(ZP_VOC, 24, "jobName", set())):
        city = RNG.choice(HENAN)
        lo, hi = base_pay()
        no_max = i % 6 == 5
        e_raw, e = edu_pick()
        x_raw, x = exp_pick()
        d = day_in(2023, RNG.choice([10, 11, 12]))
        ind = RNG.choice(inds)
        w.writerow([r["jobName"].strip(), r["company"]["name"], ind, f"河南省{city}市", lo, "" if no_max else hi,
                    e_raw, x_raw, RNG.randint(1, 30), d.isoformat(), (d + dt.timedelta(days=90)).isoformat()])
        key(name, r["jobName"].strip(), company=r["company"]["name"], region_code=CITY[city],
            salary_cny_month_min=float(lo), salary_cny_month_max=None if no_max else float(hi), salary_months=None,
            education=e, experience_years=x, posted_date=d.isoformat(), year=d.year, industry_raw=ind)
        if i == 9:
            w.writerow([""] * 11)
    w.writerow(["数据来源：河南省公共就业服务平台"] + [""] * 10)
    w.writerow(["注：薪资为用人单位填报的月薪（元），仅供参考。"] + [""] * 10)
    (HERE / name).write_text("\ufeff" + out.getvalue(), encoding="utf-8")


def f09_gov_pinyin_json() -> None:
    """A city's 公共就业服务 open-data API: pinyin-abbreviation keys (gwmc, dwmc …) under data.list."""
    name = "gov_opendata_zpgw_api.json"
    rows = []
    for i, r in enumerate(pick(ZP_VOC, 12, "jobName", set())):
        city = RNG.choice(["洛阳", "洛阳", "三门峡", "平顶山"])
        lo, hi = base_pay()
        s = salary(["yuan", "negotiable", "yuan", "above"][i % 4], lo, hi)
        e_raw, e = edu_pick()
        x_raw, x = exp_pick()
        d = day_in(2023, 11)
        ind = RNG.choice(["制造业", "建筑业", "批发和零售业"])
        rows.append({"id": 88000 + i, "gwmc": r["jobName"].strip(), "dwmc": r["company"]["name"], "gzdd": city + "市",
                     "xzdy": s[0], "xlyq": e_raw, "gzjy": x_raw, "zprs": RNG.randint(1, 9), "fbrq": d.isoformat(),
                     "hylb": ind, "lxdh": "0379-6" + "%06d" % RNG.randint(0, 999999)})
        key(name, r["jobName"].strip(), company=r["company"]["name"], region_code=CITY[city.removesuffix("市")],
            **pay_fields(s), education=e, experience_years=x, posted_date=d.isoformat(), year=2023, industry_raw=ind)
    doc = {"code": "200", "msg": "操作成功", "data": {"total": len(rows), "pageNo": 1, "pageSize": 20, "list": rows}}
    (HERE / name).write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")


def f10_city_sheets_xlsx() -> None:
    """An analyst's workbook: one sheet per city (the city only in the sheet name) and a notes sheet."""
    name = "河南招聘岗位汇总_分城市_2023年11月.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    forms = ["qianwan", "K", "Kmonths", "negotiable", "above", "annual"]
    n = 0
    for city in ["郑州", "洛阳", "南阳"]:
        ws = wb.create_sheet(city)
        ws.append(["岗位", "企业", "月薪", "学历", "经验", "更新日期"])
        for r in pick(ZP_VOC, 8, "jobName", used):
            n += 1
            lo, hi = base_pay()
            s = salary(forms[n % len(forms)], lo, hi)
            e_raw, e = edu_pick()
            x_raw, x = exp_pick()
            d = day_in(2023, 11, 1, 20)
            ws.append([r["jobName"].strip(), r["company"]["name"], s[0], e_raw, x_raw, dt.datetime(d.year, d.month, d.day)])
            ws.cell(ws.max_row, 6).number_format = "yyyy/m/d"
            key(name, r["jobName"].strip(), company=r["company"]["name"], region_code=CITY[city], **pay_fields(s),
                education=e, experience_years=x, posted_date=d.isoformat(), year=2023)
    ws = wb.create_sheet("说明")
    ws.append(["本表由河南人才网、智联招聘郑州站等网站岗位整理，每个城市一个工作表。"])
    ws.append(["整理人：就业指导中心　整理日期：2023-11-21"])
    wb.save(HERE / name)


def f11_51job_gbk_csv() -> None:
    """Real 前程无忧 Henan rows in the scraper's own layout, saved as GBK, with a repeated row and empty rows."""
    name = "51job_henan_python_2023_gbk.csv"
    rows = [r for r in J51 if r["area"].startswith("河南省")]
    used: set[str] = set()
    chosen = []
    for r in RNG.sample(rows, len(rows)):
        t = r["jobName"].strip()
        try:
            (t + r["companyName"] + r["tags"] + r["area"]).encode("gbk")
        except UnicodeEncodeError:
            continue
        if t in used or not city_of(r["area"]):
            continue
        used.add(t)
        chosen.append(r)
        if len(chosen) == 25:
            break
    cols = ["jobName", "tags", "area", "salary", "workYear", "degree", "companyName", "companyType", "companySize", "issueDate"]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(cols)
    for i, r in enumerate(chosen):
        w.writerow([r[c] for c in cols])
        lo, hi, m = j51_salary(r["salary"])
        key(name, r["jobName"].strip(), company=r["companyName"], region_code=CITY[city_of(r["area"])],
            salary_cny_month_min=None if lo is None else round(lo, 2),
            salary_cny_month_max=None if hi is None else round(hi, 2), salary_months=m,
            education=j51_edu(r["degree"]), experience_years=j51_exp(r["workYear"]),
            posted_date=r["issueDate"][:10], year=int(r["issueDate"][:4]))
        if i == 6:
            w.writerow([r[c] for c in cols])
            key(name, r["jobName"].strip(), dup=True)
        if i in (12, 13):
            w.writerow([""] * len(cols))
    (HERE / name).write_bytes(out.getvalue().encode("gbk"))


def f12_bom_notes_csv() -> None:
    """河南人才市场 list: BOM, two preamble lines, combined 学历/经验 cells, multi-line quoted descriptions, notes."""
    name = "河南人才市场_招聘岗位_202311.csv"
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["河南省人才市场 2023年11月 招聘岗位汇总"] + [""] * 6)
    w.writerow(["导出时间：2023-11-30 17:02"] + [""] * 6)
    w.writerow(["招聘职位", "招聘单位", "工作城市", "薪资范围", "学历/经验", "更新时间", "职位描述"])
    forms = ["Kmonths", "annual", "qianwan", "K", "negotiable", "above", "Kmonths"]
    for i, r in enumerate(pick(ZP_VOC, 20, "jobName", set())):
        city = RNG.choice(HENAN)
        lo, hi = base_pay()
        s = salary(forms[i % len(forms)], lo, hi)
        e_raw, e = edu_pick()
        x_raw, x = exp_pick()
        d = day_in(2023, 11)
        when = f"{d.year}/{d.month}/{d.day} {RNG.randint(8, 18)}:{RNG.choice(['00', '30', '05'])}"
        tags = [it["name"] for it in r.get("jobType", {}).get("items", [])] + r.get("welfare", [])
        w.writerow([r["jobName"].strip(), r["company"]["name"], city, s[0], f"{e_raw}/{x_raw}", when, describe(tags)])
        key(name, r["jobName"].strip(), company=r["company"]["name"], region_code=CITY[city], **pay_fields(s),
            education=e, experience_years=x, posted_date=d.isoformat(), year=2023)
    w.writerow([])
    w.writerow(["注：数据来源于河南省人才市场网站，仅供参考。"] + [""] * 6)
    w.writerow(["制表：信息部"] + [""] * 6)
    (HERE / name).write_text("\ufeff" + out.getvalue(), encoding="utf-8")


def f13_english_csv() -> None:
    """A job-aggregator export with English column names, ISO timestamps with offset, English city names."""
    name = "job_aggregator_export_en.csv"
    en = {"郑州": "Zhengzhou", "洛阳": "Luoyang", "上海": "Shanghai", "北京": "Beijing", "深圳": "Shenzhen",
          "广州": "Guangzhou", "成都": "Chengdu", "武汉": "Wuhan"}
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Job Title", "Company", "Location", "Salary", "Education", "Experience", "Posted", "Industry"])
    forms = ["K", "Kmonths", "qianwan", "negotiable", "KK", "annual"]
    for i, r in enumerate(pick(ZP_VOC, 14, "jobName", set())):
        city = RNG.choice(list(en))
        loc = en[city] + (", China" if i % 2 else "")
        lo, hi = base_pay()
        s = salary(forms[i % len(forms)], lo, hi)
        e_raw, e = edu_pick()
        x_raw, x = exp_pick()
        d = day_in(2023, 11)
        w.writerow([r["jobName"].strip(), r["company"]["name"], loc, s[0], e_raw, x_raw,
                    f"{d.isoformat()}T{RNG.randint(8, 18):02d}:30:00+08:00", r["_category"]])
        key(name, r["jobName"].strip(), company=r["company"]["name"], region_code=CITY[city], **pay_fields(s),
            education=e, experience_years=x, posted_date=d.isoformat(), year=2023, industry_raw=r["_category"])
    (HERE / name).write_text(out.getvalue(), encoding="utf-8")


def f14_zhaopin_henan_json() -> None:
    """Real 智联 2019 postings in Henan (no place re-assigned) in the mobile API's {code, data.results} page."""
    name = "zhaopin_api_henan_2019_page1.json"
    hen = [r for r in ZP if city_of(r["city"]["display"].split("-")[0]) in HENAN
           and (r["salary"] == "薪资面议" or re.fullmatch(r"\d+(\.\d+)?K-\d+(\.\d+)?K", r["salary"]))]
    results = []
    chosen = pick(hen, 20, "jobName", set())
    for i, r in enumerate(chosen):
        results.append({k: v for k, v in r.items() if not k.startswith("_")})
        city = city_of(r["city"]["display"].split("-")[0])
        s = r["salary"]
        if s == "薪资面议":
            lo = hi = None
        else:
            a, b = s.split("-")
            lo, hi = float(a.rstrip("K")) * 1000, float(b.rstrip("K")) * 1000
        key(name, r["jobName"].strip(), company=r["company"]["name"], region_code=CITY[city],
            salary_cny_month_min=lo, salary_cny_month_max=hi, salary_months=None,
            education=zp_edu(r["eduLevel"]["name"]), experience_years=zp_exp(r["workingExp"]["name"]),
            posted_date=r["updateDate"][:10], year=int(r["updateDate"][:4]), industry_raw=r["industry"])
        if i == 2:  # the same posting on the page twice (a promoted copy)
            results.append(dict(results[-1], score="999"))
            key(name, r["jobName"].strip(), dup=True)
    doc = {"code": 200, "data": {"count": 400, "results": results, "typeSearch": 0}, "taskId": "a1b2c3"}
    (HERE / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    for f in (f01_zhilian_xlsx, f02_51job_api_json, f03_boss_jsonl, f04_liepin_json, f05_58_csv, f06_jobfair_xlsx,
              f07_campus_xlsx, f08_public_csv, f09_gov_pinyin_json, f10_city_sheets_xlsx, f11_51job_gbk_csv,
              f12_bom_notes_csv, f13_english_csv, f14_zhaopin_henan_json):
        f()
    with open(HERE / "expected.jsonl", "w", encoding="utf-8") as out:
        for row in KEY:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
