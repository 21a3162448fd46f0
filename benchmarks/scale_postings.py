"""Scale benchmark of postings ingest on large inputs (throughput, peak RSS).

Usage::

    .venv/bin/python benchmarks/scale_postings.py --n 10000000 --files 10 [--workdir DIR]

Data: SYNTHETIC postings from a seeded, vectorised (numpy + pyarrow) generator, in the messy
shapes of real exports: salary strings such as "8千-1.2万/月", "15-20K·14薪", "面议",
"99999999"; regions "郑州-金水区", "河南省洛阳市" …; quoted descriptions with embedded newlines and
commas; ~2 % rows without a title, a few formula injections; ~25 % re-posts of earlier
postings (within and across files). Half of the files are CSV (UTF-8 with BOM), half JSON lines
with the API field names of 智联. Company names are invented ("合成样例…有限公司").

The run (a fresh child process on a fresh lake) is ``talentcast.ingest.ingest_files``: what
``talentcast ingest`` runs, one process, one file after another. The parallel ingest this
benchmark used to compare (process pool 0.95×, Dask LocalCluster 0.68× of local on 10M
postings, benchmarks/RESULTS.md) was removed because it did not scale.

Peak RSS is the largest sum, sampled every 0.2 s with psutil, of the child process and all
its descendants.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

TITLES = np.array(["Python开发工程师", "Java工程师", "机电一体化技术员", "数控车床操作工", "电气工程师", "会计", "销售代表", "护士",
                   "幼儿教师", "汽车维修技师", "数据分析师", "客服专员", "物流专员", "焊工", "UI设计师", "测试工程师", "运维工程师", "行政专员",
                   "电子商务运营", "工业机器人运维员", "模具设计师", "药剂师", "建筑施工员", "铁道车辆检修工"])
SUFFIX = np.array(["", "（急招）", "-双休", " 五险一金", "", "", "助理", "主管"])
REGIONS = np.array(["郑州-金水区", "河南省郑州市", "郑州", "洛阳-涧西区", "浙江省宁波", "北京-海淀区", "上海", "深圳-南山区",
                    "广东省广州黄埔区", "新乡", "南阳市", "开封-龙亭区", "成都", "武汉-洪山区", "异地招聘", "许昌", "周口市川汇区"])
EDU = np.array(["本科", "大专", "学历不限", "中专/中技", "硕士", "高中", "本科及以上", "大专以上", "博士", "不限"])
EXP = np.array(["1-3年", "3-5年", "不限", "无经验", "5-10年", "1年以下", "10年以上", "应届生"])
HEADCOUNT = np.array(["若干人", "招1人", "3人", "2", ""])
INDUSTRY = np.array(["计算机软件", "IT服务", "制造业", "C38", "教育", "医疗", "汽车", "电子技术/半导体/集成电路", "物流/仓储"])
DESCS = np.array([
    "岗位职责：负责相关工作，熟悉常用工具，具备良好的沟通能力和团队合作精神。",
    "岗位职责：\n1. 设备日常维护, 故障排除；\n2. 按\"5S\"要求管理现场。\n任职要求：大专及以上学历。",
    "负责数控车床的操作与调试，能看懂图纸，有CNC经验者优先。五险一金，包吃住。",
    "1、负责客户接待与咨询；2、维护客户关系，完成销售目标。",
    "=HYPERLINK(\"http://example.invalid\",\"点击\")",
])
DESC_P = np.array([0.45, 0.2, 0.2, 0.1495, 0.0005])


def _salary_pool(rng: np.random.Generator, n: int = 4000) -> np.ndarray:
    lo = rng.integers(3, 30, n)
    hi = lo + rng.integers(1, 15, n)
    kind = rng.random(n)
    out = np.where(kind < 0.30, np.char.add(np.char.add(lo.astype(str), "K-"), np.char.add(hi.astype(str), "K")), "")
    out = np.where((kind >= 0.30) & (kind < 0.45), np.char.add(np.char.add(lo.astype(str), "千-"), np.char.add((hi / 10).round(1).astype(str), "万/月")), out)
    out = np.where((kind >= 0.45) & (kind < 0.55), np.char.add(np.char.add(np.char.add(lo.astype(str), "-"), hi.astype(str)), "K·14薪"), out)
    out = np.where((kind >= 0.55) & (kind < 0.62), np.char.add(np.char.add((lo * 2).astype(str), "-"), np.char.add((hi * 2).astype(str), "万/年")), out)
    out = np.where((kind >= 0.62) & (kind < 0.67), "200元/天", out)
    out = np.where((kind >= 0.67) & (kind < 0.80), np.char.add(np.char.add((lo * 1000 + 1).astype(str), "-"), (hi * 1000).astype(str)), out)
    out = np.where((kind >= 0.80) & (kind < 0.88), "面议", out)
    out = np.where((kind >= 0.88) & (kind < 0.90), "99999999", out)
    out = np.where(kind >= 0.90, np.char.add(np.char.add((lo / 10).round(1).astype(str), "-"), np.char.add((hi / 10).round(1).astype(str), "万")), out)
    return out.astype(object)


def generate(n: int, seed: int) -> dict[str, np.ndarray]:
    """SYNTHETIC postings as columns of object arrays (vectorised: no per-row Python)."""
    rng = np.random.default_rng(seed)
    sal = _salary_pool(rng)
    dates = np.array([f"{y}-{m:02d}-{d:02d} 10:00:00" for y in (2022, 2023, 2024) for m in range(1, 13) for d in range(1, 29)], dtype=object)
    companies = np.array([f"合成样例{i}有限公司" for i in range(1, 200_001)], dtype=object)
    title = np.char.add(TITLES[rng.integers(0, len(TITLES), n)], SUFFIX[rng.integers(0, len(SUFFIX), n)]).astype(object)
    title[rng.random(n) < 0.02] = ""
    cols = {
        "title": title,
        "company": companies[rng.integers(0, len(companies), n)],
        "region": REGIONS[rng.integers(0, len(REGIONS), n)].astype(object),
        "salary": sal[rng.integers(0, len(sal), n)],
        "edu": EDU[rng.integers(0, len(EDU), n)].astype(object),
        "exp": EXP[rng.integers(0, len(EXP), n)].astype(object),
        "headcount": HEADCOUNT[rng.integers(0, len(HEADCOUNT), n)].astype(object),
        "date": dates[rng.integers(0, len(dates), n)],
        "industry": INDUSTRY[rng.integers(0, len(INDUSTRY), n)].astype(object),
        "desc": DESCS[rng.choice(len(DESCS), n, p=DESC_P)].astype(object),
    }
    # ~25 % re-posts: copy every field but the date from an earlier row.
    repost = np.flatnonzero(rng.random(n) < 0.25)
    repost = repost[repost > 0]
    src = (rng.random(repost.size) * repost).astype(np.int64)
    for k, v in cols.items():
        if k != "date":
            v[repost] = v[src]
    return cols


def write_inputs(workdir: Path, n: int, n_files: int, seed: int = 20261123) -> list[Path]:
    """Write n postings over n_files files (alternately CSV with BOM and JSON lines)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.csv as pacsv

    workdir.mkdir(parents=True, exist_ok=True)
    paths = []
    per = -(-n // n_files)
    for k in range(n_files):
        m = min(per, n - k * per)
        if m <= 0:
            break
        cols = generate(m, seed + k)
        if k % 2 == 0:
            p = workdir / f"zhaopin_synthetic_{k:02d}.csv"
            if not p.exists():
                names = {"title": "职位名称", "company": "公司名称", "region": "工作地点", "salary": "薪资", "edu": "学历要求", "exp": "工作经验",
                         "headcount": "招聘人数", "date": "发布日期", "industry": "行业", "desc": "职位描述"}
                tbl = pa.table({names[c]: pa.array(v, pa.string()) for c, v in cols.items()})
                with open(p, "wb") as fh:
                    fh.write(b"\xef\xbb\xbf")
                    pacsv.write_csv(tbl, fh, pacsv.WriteOptions(quoting_style="needed"))
        else:
            p = workdir / f"51job_synthetic_{k:02d}.jsonl"
            if not p.exists():
                names = {"title": "jobName", "company": "companyName", "region": "city", "salary": "salary", "edu": "eduLevel", "exp": "workingExp",
                         "headcount": "recruitNum", "date": "updateDate", "industry": "industry", "desc": "jobDescription"}
                pd.DataFrame({names[c]: v for c, v in cols.items()}).to_json(p, orient="records", lines=True, force_ascii=False)
        paths.append(p)
    return paths


CHILD = r"""
import json, sys, time
from pathlib import Path
engine_kind, lake_dir, files = sys.argv[1], sys.argv[2], sys.argv[3:]
from talentcast.lake import Lake
lake = Lake(lake_dir)
t = time.perf_counter()
from talentcast.ingest import ingest_files
rep = ingest_files(lake, "postings", files, raise_on_error=False)
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "rows_read": rep.rows_read, "rows_accepted": rep.rows_accepted,
                  "rows_quarantined": rep.rows_quarantined, "rows_duplicate": rep.rows_duplicate}), flush=True)
"""


def run_measured(args: list[str]) -> tuple[dict, float]:
    """Run a child; return its JSON result and the peak RSS (MiB) of it and its descendants.

    The result also gets ``cpu_s``: CPU seconds (user + system) of the child and every process
    it started (Dask scheduler, nannies, workers), from the rusage of reaped children.
    """
    import resource

    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            p = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                procs = [p, *p.children(recursive=True)]
                rss = 0
                for q in procs:
                    try:
                        rss += q.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
                peak = max(peak, rss / 2**20)
            except psutil.NoSuchProcess:
                return
            stop.wait(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = proc.communicate()
    stop.set()
    th.join()
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}):\n{err[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = json.loads(out.strip().splitlines()[-1])
    res["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return res, peak


def lake_digest(lake: Path) -> list:
    """Order-free digest of the lake's postings and quarantine rows (DuckDB: count and sum of row hashes)."""
    import duckdb

    con = duckdb.connect()
    p = con.execute(
        f"select count(*), sum(hash(posting_id, dedup_key, is_duplicate, record_no, file, title, region_code, salary_cny_month_min,"
        f" salary_cny_month_max, education, posted_date, year)) from read_parquet('{lake}/postings/**/*.parquet', hive_partitioning = true)"
    ).fetchall()[0]
    q = con.execute(f"select count(*), sum(hash(file, line, reason, raw)) from read_parquet('{lake}/quarantine/**/*.parquet')").fetchall()[0]
    return [int(p[0]), str(p[1]), int(q[0]), str(q[1])]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--engines", nargs="+", default=["local"], choices=["local"])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/talentcast-scale-postings"))
    args = ap.parse_args()
    t = time.perf_counter()
    files = write_inputs(args.workdir / f"raw-{args.n}", args.n, args.files)
    size = sum(f.stat().st_size for f in files)
    print(f"inputs: {args.n:,} postings in {len(files)} files, {size / 2**30:.2f} GiB (generated in {time.perf_counter() - t:.0f} s)", flush=True)
    load = os.getloadavg()
    print(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores", flush=True)
    results = {}
    for kind in args.engines:
        lake = args.workdir / f"lake-{kind}-{args.n}"
        subprocess.run(["rm", "-rf", str(lake)], check=True)
        res, peak = run_measured([sys.executable, "-c", CHILD, kind, str(lake), *map(str, files)])
        res["peak_rss_mib"] = peak
        res["postings_per_s"] = res["rows_read"] / res["seconds"]
        res["load_after"] = os.getloadavg()[0]
        res["digest"] = lake_digest(lake)
        results[kind] = res
        print(f"{kind:6s} {res['rows_read']:>11,} rows  {res['seconds']:8.1f} s  {res['postings_per_s']:>9,.0f} postings/s  "
              f"peak RSS {peak:7.0f} MiB  CPU {res['cpu_s']:6.0f} s  (accepted {res['rows_accepted']:,}, quarantined {res['rows_quarantined']:,}, "
              f"duplicates {res['rows_duplicate']:,}; load {res['load_after']:.1f})", flush=True)
        subprocess.run(["rm", "-rf", str(lake)], check=True)
    base = results.get("local")
    if base:
        for kind, res in results.items():
            if kind != "local":
                same = all(res[k] == base[k] for k in ("rows_read", "rows_accepted", "rows_quarantined", "rows_duplicate"))
                print(f"{kind}: {res['postings_per_s'] / base['postings_per_s']:.2f}x local; same counts as local: {same}; "
                      f"same lake content (order-free digest of every postings and quarantine row): {res['digest'] == base['digest']}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
