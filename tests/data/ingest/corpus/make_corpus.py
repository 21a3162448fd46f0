"""Write the hand-made postings corpus of this folder (deterministic; run from the repo root).

    python tests/data/ingest/corpus/make_corpus.py

Every file is SYNTHETIC: titles, placeholder company names (示例…有限公司), places, pay and dates
are drawn from short lists with a fixed seed; no row describes a real posting. The layouts are
written from public descriptions of each platform's export or of the scrapers that produce it
(see README.md). ``expected.json`` records, per file and field, how many rows hold the field
in the raw, so that the test can check what share of them lands.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
N = 60
TITLES = ["数据分析师", "Java开发工程师", "机电一体化技术员", "数控车床操作工", "电气工程师", "会计", "护士", "汽车维修技师",
          "物流专员", "焊工", "UI设计师", "测试工程师", "运维工程师", "幼儿教师", "电商运营"]
CITIES = [("北京", "海淀区"), ("上海", "浦东新区"), ("郑州", "金水区"), ("深圳", "南山区"), ("杭州", "西湖区"), ("洛阳", "涧西区"),
          ("成都", "高新区"), ("南京", "江宁区"), ("天津", "滨海新区"), ("西安", "雁塔区")]
PROVINCE = {"北京": "北京", "上海": "上海", "郑州": "河南", "深圳": "广东", "杭州": "浙江", "洛阳": "河南", "成都": "四川",
            "南京": "江苏", "天津": "天津", "西安": "陕西"}
EDU = ["本科", "大专", "硕士", "中专", "学历不限", "高中"]
EXP = ["1-3年", "3-5年", "经验不限", "无经验", "5-10年", "1年以下"]


def pay(r: random.Random) -> str:
    lo = r.randint(4, 20)
    return r.choice([f"{lo}-{lo + r.randint(2, 10)}K", f"{lo}千-{(lo + 5) / 10:.1f}万/月", f"{lo * 1000}-{(lo + 4) * 1000}元/月",
                     f"{lo / 10:.1f}-{(lo + 6) / 10:.1f}万/月", f"{lo}-{lo + 5}K·13薪"])


def company(i: int) -> str:
    return f"示例{'智造数据物流医疗教育'[i % 5 * 2:i % 5 * 2 + 2]}科技有限公司{i % 17}"


def day(r: random.Random, year: int = 2023) -> str:
    return f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",") -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def main() -> None:
    r = random.Random(20261204)
    expected: dict[str, dict[str, int]] = {}

    # 1. 51job list-literal dump (a scrapy spider's .extract() lists): cells are Python list
    #    literals, and a missing field is dropped, not left empty, so later cells shift left.
    header = ["jobName", "companyName", "providesalary_text", "workarea_text", "issuedate", "degreefrom", "workyear"]
    rows, held = [], dict.fromkeys(["title", "company", "salary", "region", "date", "education", "experience"], 0)
    for i in range(N):
        c, d = r.choice(CITIES)
        vals = {"title": r.choice(TITLES), "company": company(i), "salary": pay(r), "region": f"{c}-{d}", "date": day(r),
                "education": r.choice(EDU), "experience": r.choice(EXP)}
        if i % 7 == 3:
            vals["salary"] = None
        if i % 11 == 5:
            vals["education"] = None
        cells = [f"['{v}']" for v in vals.values() if v is not None]
        cells += [""] * (len(header) - len(cells))
        rows.append(cells)
        for k, v in vals.items():
            held[k] += v is not None
    write_csv(HERE / "51job_listliteral.csv", header, rows)
    expected["51job_listliteral.csv"] = held

    # 2. 拉勾 export whose GBK bytes were decoded as Latin-1 and saved again as UTF-8.
    header = ["positionName", "companyFullName", "city", "district", "salary", "workYear", "education", "createTime"]
    rows = []
    for i in range(N):
        c, d = r.choice(CITIES)
        rows.append([r.choice(TITLES), company(i), c, d, pay(r), r.choice(EXP), r.choice(EDU), day(r) + " 10:12:33"])
    garbled = [[cell.encode("gbk").decode("latin-1") for cell in row] for row in rows]
    write_csv(HERE / "lagou_latin1_mojibake.csv", header, garbled)
    expected["lagou_latin1_mojibake.csv"] = dict.fromkeys(["title", "company", "salary", "region", "date", "education", "experience"], N)

    # 3. BOSS直聘 crawler JSON lines: no posting date, only the crawl time; city and district apart.
    lines = []
    for i in range(N):
        c, d = r.choice(CITIES)
        lines.append(json.dumps({"jobName": r.choice(TITLES), "brandName": company(i), "cityName": c, "areaDistrict": d,
                                 "salaryDesc": pay(r), "jobDegree": r.choice(EDU), "jobExperience": r.choice(EXP),
                                 "crawl_time": f"{day(r, 2024)} 08:00:00"}, ensure_ascii=False))
    (HERE / "boss_crawl.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected["boss_crawl.jsonl"] = dict.fromkeys(["title", "company", "salary", "region", "year", "education", "experience"], N)

    # 4. 猎聘-style tab-separated "Unicode text" (UTF-16 LE with BOM, as Excel saves it): the place
    #    is only in a full address, the company under 企业全称, dates as 2023年06月10日, a title line.
    header = ["职位", "企业全称", "工作地址", "薪资", "学历", "经验", "更新时间"]
    rows = []
    for i in range(N):
        c, d = r.choice(CITIES)
        y, m, dd = day(r).split("-")
        rows.append([r.choice(TITLES), company(i), f"{PROVINCE[c]}{'' if PROVINCE[c] == c else '省'}{c}市{d}示例路{i + 1}号",
                     pay(r), r.choice(EDU), r.choice(EXP), f"{y}年{m}月{dd}日"])
    buf = io.StringIO()
    buf.write("猎聘职位导出（示例数据）\n")
    w = csv.writer(buf, delimiter="\t", lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    (HERE / "liepin_unicode_text.txt").write_bytes(codecs.BOM_UTF16_LE + buf.getvalue().encode("utf-16-le"))
    expected["liepin_unicode_text.txt"] = dict.fromkeys(["title", "company", "salary", "region", "date", "education", "experience"], N)

    # 5. 104人力銀行 (Taiwan) export of mainland openings, Big5, traditional headers; the province
    #    and the city in separate columns, the city sometimes blank.
    header = ["職缺名稱", "公司名稱", "省份", "城市", "薪資待遇", "學歷要求", "工作經歷", "刊登日期"]
    trad_titles = ["資料分析師", "軟體工程師", "機電工程師", "會計", "護理師", "測試工程師"]
    rows = []
    for i in range(N):
        c, _ = r.choice([x for x in CITIES if x[0] in ("北京", "上海", "天津", "成都", "杭州")])
        lo = r.randint(20, 60)
        rows.append([r.choice(trad_titles), f"示例科技有限公司{i % 13}", PROVINCE[c], "" if i % 4 == 0 else c,
                     f"月薪{lo * 1000:,}~{(lo + 10) * 1000:,}元",
                     r.choice(["大學", "專科", "碩士", "高中"]), r.choice(["1年以上", "3年以上", "不拘"]), day(r).replace("-", "/")])
    write_csv(HERE / "104_big5.csv", header, rows, encoding="big5")
    expected["104_big5.csv"] = dict.fromkeys(["title", "company", "salary", "region", "date"], N)

    # 6. 智联招聘 employer-backend xlsx: a title line, then 职位名称 | 招聘企业 | 工作城市 (北京·海淀区) …
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "职位列表"
    ws.append(["智联招聘 职位管理导出 2023-06-30"])
    ws.append(["职位名称", "招聘企业", "工作城市", "薪资范围", "最低学历", "工作年限", "招聘人数", "发布日期"])
    for i in range(N):
        c, d = r.choice(CITIES)
        ws.append([r.choice(TITLES), company(i), f"{c}·{d}", pay(r), r.choice(EDU), r.choice(EXP), f"{r.randint(1, 9)}人", day(r)])
    wb.save(HERE / "zhaopin_employer.xlsx")
    expected["zhaopin_employer.xlsx"] = dict.fromkeys(["title", "company", "salary", "region", "date", "education", "experience", "headcount"], N)

    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
