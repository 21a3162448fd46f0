"""Benchmark `ingest postings`: postings/s and peak RSS at N synthetic postings (csv and jsonl).

Usage::

    .venv/bin/python benchmarks/ingest_postings.py --n 1000000 [--formats csv jsonl] [--baseline-rows 0]

The generator is seeded and writes SYNTHETIC postings in the messy real formats (salary
"8千-1.2万/月", "15-20K·14薪", "面议", 99999999 …; regions "郑州-金水区", "河南省郑州市" …;
nested JSON like 智联's API dumps; about a quarter re-posts). Company names are invented
("合成样例…有限公司"), never real ones.

Each ingest runs in a fresh child process (so that ru_maxrss is that run's peak RSS) through
``talentcast.ingest.ingest_files`` — what ``talentcast ingest postings`` calls. The baseline is a
straightforward pandas normaliser: ``pd.read_csv`` then ``DataFrame.apply(axis=1)`` calling
the same per-string parsers row by row without memoisation; it runs on the same csv (or its
first ``--baseline-rows`` rows, extrapolated, if given) and the speed ratio is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TITLES = ["Python开发工程师", "Java工程师", "机电一体化技术员", "数控车床操作工", "电气工程师", "会计", "销售代表", "护士",
          "幼儿教师", "汽车维修技师", "数据分析师", "客服专员", "物流专员", "焊工", "UI设计师", "测试工程师", "运维工程师", "行政专员"]
REGIONS = ["郑州-金水区", "河南省郑州市", "郑州", "洛阳-涧西区", "浙江省宁波", "北京-海淀区", "上海", "深圳-南山区", "广东省广州黄埔区",
           "新乡", "南阳市", "开封-龙亭区", "成都", "武汉-洪山区", "异地招聘"]
EDU = ["本科", "大专", "学历不限", "中专/中技", "硕士", "高中", "本科及以上", "大专以上", "博士", "不限"]
EXP = ["1-3年", "3-5年", "不限", "无经验", "5-10年", "1年以下", "10年以上", "应届生"]


def salary(r: random.Random) -> str:
    k = r.random()
    lo = r.randint(3, 30)
    hi = lo + r.randint(1, 15)
    if k < 0.30:
        return f"{lo}K-{hi}K"
    if k < 0.45:
        return f"{lo}千-{hi / 10:.1f}万/月".replace(".0万", "万")
    if k < 0.55:
        return f"{lo}-{hi}K·{r.choice([13, 14, 15, 16])}薪"
    if k < 0.62:
        return f"{lo * 2}-{hi * 2}万/年"
    if k < 0.67:
        return f"{r.choice([100, 150, 200, 300])}元/天"
    if k < 0.80:
        return f"{lo * 1000 + 1}-{hi * 1000}"
    if k < 0.88:
        return "面议"
    if k < 0.90:
        return "99999999"
    return f"{lo / 10:.1f}-{hi / 10:.1f}万"


def records(n: int, seed: int = 20240601):
    r = random.Random(seed)
    pool: list[dict] = []
    for i in range(n):
        if pool and r.random() < 0.25:  # re-post of an earlier posting
            rec = dict(r.choice(pool))
            rec["date"] = f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} 10:00:00"
            yield rec
            continue
        rec = {
            "title": r.choice(TITLES) + r.choice(["", "（急招）", "-双休", " 五险一金", ""]),
            "company": f"合成样例{r.randint(1, 20000)}有限公司",
            "region": r.choice(REGIONS),
            "salary": salary(r),
            "edu": r.choice(EDU),
            "exp": r.choice(EXP),
            "headcount": r.choice(["若干人", "招1人", "3人", "2", ""]),
            "date": f"{r.choice([2022, 2023, 2024])}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00",
            "industry": r.choice(["计算机软件", "IT服务", "制造业", "C38", "教育", "医疗"]),
            "desc": "岗位职责：负责相关工作，熟悉常用工具，具备良好的沟通能力和团队合作精神。" * r.randint(1, 3),
        }
        if len(pool) < 50_000:
            pool.append(rec)
        yield rec


def write_csv(path: Path, n: int) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(["职位名称", "公司名称", "工作地点", "薪资", "学历要求", "工作经验", "招聘人数", "发布日期", "行业", "职位描述"])
        for x in records(n):
            w.writerow([x["title"], x["company"], x["region"], x["salary"], x["edu"], x["exp"], x["headcount"], x["date"], x["industry"], x["desc"]])


def write_jsonl(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i, x in enumerate(records(n)):
            fh.write(json.dumps({"number": f"SYN{i:09d}", "jobName": x["title"], "company": {"name": x["company"], "size": {"name": "100-499人"}},
                                 "city": {"display": x["region"]}, "salary": x["salary"], "eduLevel": {"name": x["edu"]},
                                 "workingExp": {"name": x["exp"]}, "updateDate": x["date"], "industry": x["industry"],
                                 "jobDescription": x["desc"]}, ensure_ascii=False) + "\n")


CHILD = r"""
import json, resource, sys, time
from talentcast.lake import Lake
from talentcast.ingest import ingest_files
lake = Lake(sys.argv[1])
t = time.perf_counter()
rep = ingest_files(lake, "postings", [sys.argv[2]], source="synthetic-bench")
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "rows_read": rep.rows_read, "rows_accepted": rep.rows_accepted,
                  "rows_quarantined": rep.rows_quarantined, "rows_duplicate": rep.rows_duplicate,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_ingest(lake: Path, f: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(lake), str(f)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def baseline(path: Path, rows: int | None) -> tuple[float, int]:
    """Straightforward pandas: read_csv, then apply the per-string parsers row by row."""
    import pandas as pd

    from talentcast.ingest import parsers as P

    t = time.perf_counter()
    df = pd.read_csv(path, dtype=str, nrows=rows, encoding="utf-8-sig")

    def norm(row: pd.Series) -> pd.Series:
        lo, hi, months, why = P.salary_one(row["薪资"])
        return pd.Series({
            "title": row["职位名称"], "company": row["公司名称"], "region_code": P.region_one(row["工作地点"]),
            "salary_cny_month_min": lo, "salary_cny_month_max": hi, "salary_months": months, "salary_null_reason": why,
            "education": P.education_one(row["学历要求"]), "experience_years": P.experience_one(row["工作经验"]),
            "headcount": P.headcount_one(row["招聘人数"]), "posted_date": P.date_one(row["发布日期"]),
        })

    out = df.apply(norm, axis=1)
    out["dup"] = out.duplicated(["title", "company", "region_code", "salary_cny_month_min", "salary_cny_month_max"])
    return time.perf_counter() - t, len(df)


def memprobe(path: Path) -> None:
    """Ingest one file, printing RSS after every 4th accepted batch (memory-flatness probe)."""
    from talentcast.ingest import common, ingest_files
    from talentcast.lake import Lake

    orig = common.FileContext.accept
    n = {"i": 0}

    def accept(self, df, read=True):  # noqa: ANN001, ANN202
        orig(self, df, read=read)
        n["i"] += 1
        if n["i"] % 4 == 0:
            with open("/proc/self/status") as f:
                rss = next(line for line in f if line.startswith("VmRSS")).split()[1]
            print(f"batch {n['i']}: {self.report.rows_read:,} rows read, RSS {int(rss) // 1024} MB", flush=True)

    common.FileContext.accept = accept
    ingest_files(Lake(tempfile.mkdtemp(prefix="tc-probe-")), "postings", [path])
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--memprobe", type=Path, default=None, help="only ingest this file, printing RSS per batch")
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--formats", nargs="+", default=["csv", "jsonl"])
    ap.add_argument("--baseline-rows", type=int, default=0, help="rows for the pandas baseline (0 = all)")
    ap.add_argument("--workdir", default=None)
    a = ap.parse_args()
    if a.memprobe:
        memprobe(a.memprobe)
        return
    work = Path(a.workdir or tempfile.mkdtemp(prefix="tc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# ingest postings benchmark: N={a.n:,}, cpus={os.cpu_count()}, load avg {os.getloadavg()[0]:.1f}")
    results = {}
    for fmt in a.formats:
        f = work / f"postings_{a.n}.{fmt}"
        t = time.perf_counter()
        (write_csv if fmt == "csv" else write_jsonl)(f, a.n)
        print(f"generated {f.name}: {f.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t:.1f} s")
        res = run_ingest(work / f"lake_{fmt}", f)
        res["postings_per_s"] = res["rows_read"] / res["seconds"]
        results[fmt] = res
        print(f"{fmt}: {res['rows_read']:,} postings in {res['seconds']:.1f} s = {res['postings_per_s']:,.0f} postings/s; "
              f"peak RSS {res['peak_rss_mb']:,.0f} MB; accepted {res['rows_accepted']:,}, quarantined {res['rows_quarantined']:,}, "
              f"duplicates {res['rows_duplicate']:,}")
    if "csv" in results:
        f = work / f"postings_{a.n}.csv"
        rows = a.baseline_rows or None
        secs, n = baseline(f, rows)
        rate = n / secs
        print(f"pandas row-by-row baseline: {n:,} rows in {secs:.1f} s = {rate:,.0f} rows/s; "
              f"talentcast csv is {results['csv']['postings_per_s'] / rate:.1f}x faster")
    print(f"load avg after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
