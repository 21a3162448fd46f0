"""Build the blind-7 postings forms and their answer key (synthetic, CC0).

Run from anywhere: ``python make_blind7.py`` rewrites the ten files and expected.csv next to
it. Every posting is drawn (seeded) from the catalogues below; each catalogue entry pairs the
text a file shows with the value the data dictionary says it means, worked out by hand. The key
was written before the ingestor was run on any of these files.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import random
from pathlib import Path

HERE = Path(__file__).parent
NULL = "null"  # key cell: the file gives the field and it must land null

# ---------------------------------------------------------------- catalogues (text -> meaning)
# salary text -> (min CNY/month, max CNY/month, months stated or None); NULL = must be null.
SALARY = {
    "3k-5k*13": (3250.0, 5416.67, 13),
    "年薪10-15万": (8333.33, 12500.0, None),
    "月薪：面议": (NULL, NULL, None),
    "面议": (NULL, NULL, None),
    "8000以上": (8000.0, NULL, None),
    "2000-3000元/月+提成": (2000.0, 3000.0, None),
    "时薪25元": (4350.0, 4350.0, None),
    "4000-6000元/月": (4000.0, 6000.0, None),
    "6-8千": (6000.0, 8000.0, None),
    "8千-1.2万": (8000.0, 12000.0, None),
    "1.5-2万": (15000.0, 20000.0, None),
    "5-8K": (5000.0, 8000.0, None),
    "8-13K·13薪": (8666.67, 14083.33, 13),
    "12-20K·14薪": (14000.0, 23333.33, 14),
    "200元/天": (4350.0, 4350.0, None),
    "150-200元/天": (3262.5, 4350.0, None),
    "4500元/月": (4500.0, 4500.0, None),
    "底薪3000+提成": (3000.0, NULL, None),
    "3500-5000": (3500.0, 5000.0, None),
    "年薪8万": (6666.67, 6666.67, None),
    "年薪20-30万": (16666.67, 25000.0, None),
    "5000-7000元/月（五险一金）": (5000.0, 7000.0, None),
    "4千-6千": (4000.0, 6000.0, None),
    "1万以上": (10000.0, NULL, None),
    "综合工资6000-9000": (6000.0, 9000.0, None),
    "2500-4000元/月，包吃住": (2500.0, 4000.0, None),
    "0.8-1.2万/月": (8000.0, 12000.0, None),
    "6000-8000元/月*13薪": (6500.0, 8666.67, 13),
    "年薪：12万-18万": (10000.0, 15000.0, None),
    "20元/小时": (3480.0, 3480.0, None),
    "3000元以下": (NULL, 3000.0, None),
    "4001-6000元": (4001.0, 6000.0, None),
    "6001-8000元": (6001.0, 8000.0, None),
    "3001-4000元": (3001.0, 4000.0, None),
}
# education text -> allowed value (NULL: 初中 is below the scale)
EDUCATION = {
    "中专以上": "中专/中技", "大专（含）以上": "大专", "全日制本科": "本科", "学历不限，有经验者优先": "不限",
    "高中及以上": "高中", "初中及以上": NULL, "技校": "中专/中技", "统招大专": "大专", "本科及以上": "本科",
    "硕士研究生及以上": "硕士", "不限": "不限", "专科": "大专", "高职/大专": "大专", "中职": "中专/中技",
    "大专以上学历": "大专", "高中或中专": "中专/中技", "无学历要求": "不限", "本科（985/211优先）": "本科",
    "中技及以上": "中专/中技", "大专": "大专", "本科": "本科", "中专": "中专/中技",
}
# experience text -> minimum years
EXPERIENCE = {
    "3年及以上": 3.0, "1-3年经验": 1.0, "经验不限": 0.0, "半年以上": 0.5, "应届毕业生": 0.0, "一年以上": 1.0,
    "两年以上": 2.0, "3-5年": 3.0, "5年以上": 5.0, "无经验要求": 0.0, "1年以下": 0.0, "10年以上": 10.0,
    "2年以上相关工作经验": 2.0, "三年以上": 3.0, "1-3年": 1.0, "不限": 0.0, "无需经验，可培训": 0.0,
}
TITLES = """数控车工 加工中心操作工 焊工 电工 钳工 装配工 质检员 仓库管理员 叉车司机 物流专员 快递分拣员 货车司机 跟单员
外贸业务员 销售代表 电话客服 电商运营 直播带货主播 美工设计 平面设计师 会计 出纳 行政文员 人事专员 前台接待 护士 药店营业员
康复治疗师 幼师 保育员 厨师 面点师 餐厅服务员 酒店前厅接待 汽车维修工 汽车钣金喷漆工 新能源汽车检测员 机电维修工 设备维护员
PLC工程师 电气工程师 机械设计工程师 CAD制图员 工艺技术员 安全员 施工员 造价员 资料员 测量员 建筑电工 网络管理员 Java开发工程师
前端开发工程师 软件测试工程师 运维工程师 数据标注员 网店客服 理货员 收银员 导购员 家电维修工 空调安装工 光伏运维工 化验员
食品检验员 生产操作工 包装工 缝纫工 服装设计助理 农技员 养殖技术员 兽医助理 茶艺师 导游 保安 物业管理员 保洁主管 储备干部
管培生 工业机器人运维员 无人机操作员 3D打印技术员 模具工 铣工 磨工 铸造工 热处理工 冷作钣金工 起重工 电梯安装维修工
轨道交通乘务员 铁路线路工 地铁站务员 汽车销售顾问 二手车评估师 保险理赔专员 银行大堂经理 社区网格员 健康管理师 养老护理员
育婴师 口腔护士 医学检验技师 影像技师 药剂师 中医推拿师 营养师 物流调度员 报关员 跨境电商专员 短视频剪辑师 新媒体运营
UI设计师 室内设计师 家装顾问 水电工 木工 瓦工 油漆工 钢筋工 架子工 挖掘机司机 装载机司机""".split()
ZIHAO = "中原 豫中 华瑞 恒达 宏图 金诺 天元 瑞丰 鼎盛 嘉禾 德润 信诺 佳美 卓越 汇通 远航 新程 安泰 博源 众诚 鑫源 富康 华康 正和 九鼎 龙泰 兴豫 万隆".split()
KINDS = [  # company suffix, industry label a platform would show
    ("机械制造有限公司", "机械/设备/重工"), ("物流有限公司", "交通/运输/物流"), ("电子科技有限公司", "电子技术/半导体/集成电路"),
    ("食品有限公司", "快速消费品（食品/饮料/化妆品）"), ("医药连锁有限公司", "医药/生物工程"), ("建设工程有限公司", "建筑/建材/工程"),
    ("汽车服务有限公司", "汽车及零配件"), ("信息技术有限公司", "计算机软件"), ("酒店管理有限公司", "酒店/餐饮"),
    ("农业科技有限公司", "农/林/牧/渔"), ("新能源科技有限公司", "新能源"), ("精密模具有限公司", "制造业"),
    ("服饰有限公司", "服装/纺织/皮革"), ("养老服务有限公司", "居民服务、修理和其他服务业"), ("供应链管理有限公司", "交通运输、仓储和邮政业"),
]
DESCS = [
    "负责设备日常点检、保养,能看懂图纸,服从安排", "岗位职责：1、按工艺要求完成生产任务；2、做好6S管理。",
    "熟悉Office办公软件,沟通能力强,有责任心", "能适应倒班,吃苦耐劳,提供住宿", "持有相关证书者优先,五险一金,带薪年休假",
    "负责客户接待与维护,完成销售指标", "熟练使用CAD、SolidWorks,有团队合作精神", "工作认真细致,有较强的学习能力",
]


def companies(rng: random.Random, city: str, n: int) -> list[tuple[str, str]]:
    """n made-up (company, industry label) pairs of a city."""
    zh = rng.sample(ZIHAO, n)
    out = []
    for z in zh:
        suffix, ind = rng.choice(KINDS)
        out.append((f"{city}{z}{suffix}", ind))
    return out


# 硕士 is rare in vocational-level postings: draw it once in ~60 postings
EDU_DRAW = [k for k in EDUCATION if k != "硕士研究生及以上"] * 3 + ["硕士研究生及以上"]


def pick(rng: random.Random, table: dict, keys: list[str] | None = None) -> str:
    return rng.choice(keys or (EDU_DRAW if table is EDUCATION else list(table)))


KEYROWS: list[dict] = []
FIELDS = ["file", "title", "company", "region_code", "salary_cny_month_min", "salary_cny_month_max", "salary_months",
          "education", "experience_years", "headcount", "posted_date", "date_basis", "year", "industry_raw"]


def key(file: str, title: str, **f) -> None:
    """One key row; a field left out is one the file does not give."""
    row = {"file": file, "title": title}
    sal = f.pop("salary", None)
    if sal is not None:
        lo, hi, months = SALARY[sal]
        row["salary_cny_month_min"], row["salary_cny_month_max"] = lo, hi
        if months:
            row["salary_months"] = months
    edu = f.pop("edu", None)
    if edu is not None:
        row["education"] = EDUCATION[edu]
    exp = f.pop("exp", None)
    if exp is not None:
        row["experience_years"] = EXPERIENCE[exp]
    d = f.pop("date", None)
    if d is not None:
        row["posted_date"], row["date_basis"], row["year"] = d.isoformat(), "posted", d.year
    row.update({k: v for k, v in f.items() if v is not None})
    KEYROWS.append(row)


def fullwidth(text: str) -> str:
    """ASCII digits and range marks as a Chinese IME types them in full-width mode."""
    return text.translate(str.maketrans("0123456789-/.", "０１２３４５６７８９－／．"))


def day(rng: random.Random, start: dt.date, span: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span))


# ---------------------------------------------------------------- 1. job-fair brochure blocks
def f1_fair_blocks() -> None:
    import openpyxl
    name, rng = "fair_blocks.xlsx", random.Random(701)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "岗位信息"
    ws.append(["2024年春季豫西装备制造职业教育集团校企合作专场招聘会岗位信息"])
    ws.append(["时间：2024年3月16日  地点：洛阳职业技术学院体育馆"])
    ws.append([None])
    places = {"洛阳市涧西区": "410300", "郑州/洛阳": "410100", "全国": "100000", "洛阳": "410300",
              "三门峡市": "411200", "济源": "419001", "河南-洛阳-伊滨区": "410300", "洛阳市(可外派)": "410300"}
    comps = companies(rng, "洛阳", 10)
    labels = [("岗位名称", "招聘单位", "工作地点", "薪资待遇", "学历要求", "工作经验", "招聘人数", "发布日期", "岗位要求"),
              ("职位名称", "单位名称", "工作地点", "薪  资", "学    历", "经    验", "人    数", "发布时间", "任职要求"),
              ("岗位", "企业名称", "地点", "月薪", "学历", "经验", "需求人数", "日期", "职位描述")]
    for i, title in enumerate(rng.sample(TITLES, 30), 1):
        comp, _ind = comps[i % len(comps)]
        place, sal = pick(rng, places), pick(rng, SALARY)
        edu, exp = pick(rng, EDUCATION), pick(rng, EXPERIENCE)
        n = rng.choice([1, 2, 3, 5, 8, 10, None])
        d = day(rng, dt.date(2024, 2, 20), 24) if i % 6 else None
        lab = labels[i % 3]
        colon = "：" if i % 4 else ":"
        ws.append([f"【{i:02d}】"])
        ws.append([f"{lab[0]}{colon}{title}"])
        ws.append([f"{lab[1]}{colon}{comp}"])
        ws.append([f"{lab[2]}{colon}{place}"])
        ws.append([f"{lab[3]}{colon}{sal}"])
        ws.append([f"{lab[4]}{colon}{edu}"])
        ws.append([f"{lab[5]}{colon}{exp}"])
        ws.append([f"{lab[6]}{colon}{n}人" if n else f"{lab[6]}{colon}若干"])
        if d:
            ws.append([f"{lab[7]}{colon}{d.year}.{d.month}.{d.day}"])
        ws.append([f"{lab[8]}{colon}{rng.choice(DESCS)}"])
        ws.append([None])
        key(name, title, company=comp, region_code=places[place], salary=sal, edu=edu, exp=exp,
            headcount=n if n else NULL, date=d)
    ws.append(["联系人：集团秘书处 王老师 0379-6xxxxxxx"])
    ws.column_dimensions["A"].width = 60
    wb.save(HERE / name)


# ---------------------------------------------------------------- 2. Excel 'CSV UTF-8' summary
def f2_group_summary() -> None:
    name, rng = "group_summary.csv", random.Random(702)
    places = {"郑州市(可外派)": "410100", "河南-郑州-高新区": "410100", "许昌/郑州": "411000", "新乡市": "410700",
              "郑州航空港区": "410100", "郑州": "410100", "全国": "100000", "开封市祥符区": "410200"}
    sals = ["3k-5k*13", "2000-3000元/月+提成", "月薪：面议", "8000以上", "4500元/月", "6-8千", "综合工资6000-9000",
            "2500-4000元/月，包吃住", "4千-6千", "底薪3000+提成", "6000-8000元/月*13薪"]
    rows = [["河南省现代物流职业教育集团2024年度成员企业岗位需求汇总表"] + [""] * 9, [""] * 10,
            ["序号", "企业名称", "岗位名称", "需求人数", "学历要求", "工作经验", "薪资待遇", "工作地点", "发布日期", "备注"]]
    comps = companies(rng, "郑州", 12)
    titles = iter(rng.sample(TITLES, 40))
    total = 0
    for ci, (comp, _ind) in enumerate(comps, 1):
        for j in range(rng.choice([2, 3, 3, 4])):
            title = next(titles)
            n = rng.choice([1, 2, 3, 5, 10, 20])
            total += n
            edu, exp = pick(rng, EDUCATION), pick(rng, EXPERIENCE)
            sal, place = rng.choice(sals), pick(rng, places)
            d = day(rng, dt.date(2024, 4, 1), 60)
            style = rng.randrange(4)
            if style == 0:
                shown, date = f"{d.year}.{d.month}.{d.day}", d
            elif style == 1:
                shown, date = f"{d.year}/{d.month}/{d.day}", d
            elif style == 2:
                shown, date = f"{d.year}年{d.month}月", None
            else:
                shown, date = f"{d.year}年{d.month}月{d.day}日", d
            rows.append([str(ci) if j == 0 else "", comp if j == 0 else "", title, str(n), edu, exp, sal, place, shown,
                         rng.choice(["", "", "急招", "可接收实习生", "长期招聘"])])
            extra = {"year": 2024, "date_basis": "posted"} if date is None else {}
            key(name, title, company=comp, region_code=places[place], salary=sal, edu=edu, exp=exp, headcount=n,
                date=date, **extra)
    rows.append(["合计", "", "", str(total), "", "", "", "", "", ""])
    rows.append(["填报单位：河南省现代物流职业教育集团秘书处（盖章）", "", "", "", "", "", "", "", "", ""])
    rows.append(["填报日期：2024年6月3日", "", "", "", "", "", "", "", "", ""])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    (HERE / name).write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


# ---------------------------------------------------------------- 3 & 4. GBK summary and a web page copy sharing postings
SHARED: list[dict] = []


def _shared(rng: random.Random) -> list[dict]:
    if not SHARED:
        comps = companies(random.Random(734), "郑州", 5)
        for t, (c, ind), sal, edu, exp, d in zip(["钳工", "叉车司机", "电商运营", "护士", "汽车维修工"], comps,
                                                 ["4000-6000元/月", "5-8K", "4500元/月", "3500-5000", "6-8千"],
                                                 ["中专以上", "不限", "大专", "大专（含）以上", "技校"],
                                                 ["1-3年经验", "一年以上", "经验不限", "应届毕业生", "3年及以上"],
                                                 [dt.date(2024, 5, 6), dt.date(2024, 5, 7), dt.date(2024, 5, 9),
                                                  dt.date(2024, 5, 10), dt.date(2024, 5, 13)]):
            SHARED.append(dict(title=t, company=c, industry=ind, salary=sal, edu=edu, exp=exp, date=d))
    return SHARED


def f3_gbk_fullwidth() -> None:
    name, rng = "gbk_fullwidth.csv", random.Random(703)
    places = {"郑州": "410100", "郑州市(可外派)": "410100", "郑州市金水区": "410100", "开封": "410200",
              "新乡": "410700", "焦作市": "410800", "郑州/洛阳": "410100", "全国": "100000"}
    header = ["职位名称", "公司名称", "所属行业", "工作城市", "月薪", "学历", "工作经验", "招聘人数", "更新日期", "职位描述"]
    out = [header]
    used = {s["title"] for s in _shared(rng)}
    comps = companies(rng, "郑州", 9)
    titles = [t for t in rng.sample(TITLES, 40) if t not in used][:27]
    sals = [s for s in SALARY if s not in ("年薪：12万-18万",)]
    for i, title in enumerate(titles):
        comp, ind = comps[i % len(comps)]
        sal = rng.choice(sals) if i % 7 else "6,000-8,000元/月"
        edu, exp, place = pick(rng, EDUCATION), pick(rng, EXPERIENCE), pick(rng, places)
        n = rng.choice([1, 2, 3, 6, 12, None])
        d = day(rng, dt.date(2024, 4, 15), 50)
        wide = i % 2 == 0
        shown_d = fullwidth(d.isoformat()) if wide else f"{d.year}年{d.month}月{d.day}日"
        shown_sal = fullwidth(sal) if wide else sal
        desc = rng.choice(DESCS) + ("\n要求：身体健康,无不良嗜好" if i % 5 == 0 else "")
        out.append([title, comp, ind, place, shown_sal, edu, exp, fullwidth(f"{n}人") if n else "若干", shown_d, desc])
        want = SALARY.get(sal, (6000.0, 8000.0, None))
        key(name, title, company=comp, industry_raw=ind, region_code=places[place], salary=None, edu=edu, exp=exp,
            headcount=n if n else NULL, date=d, salary_cny_month_min=want[0], salary_cny_month_max=want[1],
            salary_months=want[2])
    for s in _shared(rng):
        out.append([s["title"], s["company"], s["industry"], "郑州", fullwidth(s["salary"]), s["edu"], s["exp"],
                    fullwidth("2人"), fullwidth(s["date"].isoformat()), "详见面谈,地址：郑州市金水区"])
        key(name, s["title"], company=s["company"], industry_raw=s["industry"], region_code="410100",
            salary=s["salary"], edu=s["edu"], exp=s["exp"], headcount=2, date=s["date"])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    (HERE / name).write_bytes(buf.getvalue().encode("gbk"))


def f4_webcopy() -> None:
    name, rng = "webcopy_list.txt", random.Random(704)
    places = {"郑州-金水区": "410100", "郑州-二七区": "410100", "洛阳": "410300", "开封-龙亭区": "410200",
              "南阳": "411300", "周口": "411600", "商丘-睢阳区": "411400", "漯河": "411100"}
    sals = ["4000-6000元/月", "5-8K", "面议", "8千-1.2万", "3500-5000", "4500元/月", "1万以上", "1.5-2万",
            "12-20K·14薪", "3000元以下", "0.8-1.2万/月"]
    used = {s["title"] for s in _shared(rng)}
    comps = companies(rng, "河南", 10)
    titles = [t for t in rng.sample(TITLES, 45) if t not in used][:33]
    lines = ["首页 > 找工作 > 职位搜索结果", "关键词：    地区：河南省    共找到 38 条职位", "",
             "\t".join(["职位名称", "公司名称", "工作地点", "薪资", "学历", "经验", "发布时间", "操作"])]
    body = []
    for i, title in enumerate(titles):
        comp, _ind = comps[i % len(comps)]
        sal, place = rng.choice(sals), pick(rng, places)
        edu, exp = pick(rng, EDUCATION), pick(rng, EXPERIENCE)
        d = day(rng, dt.date(2024, 4, 25), 20)
        body.append("\t".join([title + (" " if i % 3 == 0 else ""), comp, place, sal, edu, exp, d.isoformat(), "申请职位"]))
        key(name, title, company=comp, region_code=places[place], salary=sal, edu=edu, exp=exp, date=d)
    for s in _shared(rng):
        body.append("\t".join([s["title"], s["company"], "郑州-金水区", s["salary"], s["edu"], s["exp"],
                               s["date"].isoformat(), "申请职位"]))
        key(name, s["title"], company=s["company"], region_code="410100", salary=s["salary"], edu=s["edu"],
            exp=s["exp"], date=s["date"])
    pinned = body[4]  # the page pins one posting at the top as well: same job twice
    lines += [pinned] + body
    lines += ["", "共38条  首页 上一页 1 2 下一页 尾页", "Copyright © 2024 河南省人力资源市场网 版权所有"]
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- 5. JSON: companies with nested job arrays
def f5_company_jobs() -> None:
    name, rng = "company_jobs.json", random.Random(705)
    cities = {"许昌": "411000", "长葛": "411000", "禹州": "411000", "郑州": "410100"}
    comps = companies(rng, "许昌", 10)
    titles = iter(rng.sample(TITLES, 45))
    listing = []
    for comp, ind in comps:
        ccity = rng.choice(["许昌", "许昌", "长葛", "禹州"])
        jobs = []
        for j in range(rng.choice([3, 3, 4, 4, 5])):
            title = next(titles)
            sal, edu, exp = pick(rng, SALARY), pick(rng, EDUCATION), pick(rng, EXPERIENCE)
            n = rng.choice([1, 2, 5, 10, "若干"])
            t = dt.datetime(2024, 3, 1, 8) + dt.timedelta(minutes=rng.randrange(60 * 24 * 20))
            job = {"positionId": f"P{rng.randrange(10**7):07d}", "positionName": title, "salary": sal,
                   "education": edu, "experience": exp, "recruitNum": n, "publishTime": t.strftime("%Y-%m-%d %H:%M:%S"),
                   "welfare": rng.sample(["五险一金", "包吃住", "年终奖", "带薪年假", "班车接送"], 2)}
            jcity = ccity
            if j == 1:
                jcity = "郑州"
                job["workCity"] = jcity
            jobs.append(job)
            key(name, title, company=comp, industry_raw=ind, region_code=cities[jcity], salary=sal, edu=edu, exp=exp,
                headcount=n if isinstance(n, int) else NULL, date=t.date())
        listing.append({"companyId": rng.randrange(10**6), "companyName": comp, "industry": ind,
                        "scale": rng.choice(["20-99人", "100-499人", "500-999人"]), "city": ccity,
                        "address": f"{ccity}市{rng.choice(['人民路', '建设路', '产业集聚区'])}{rng.randrange(1, 300)}号",
                        "positions": jobs})
    doc = {"code": 200, "msg": "success",
           "data": {"fairName": "2024年许昌市“春风行动”网络招聘会", "total": len(KEYROWS), "list": listing}}
    doc["data"]["total"] = sum(len(c["positions"]) for c in listing)
    (HERE / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


# ---------------------------------------------------------------- 6. workbook: 说明 sheet first, hidden columns, 千元
def f6_hidden_cols() -> None:
    import openpyxl
    name, rng = "hidden_cols.xlsx", random.Random(706)
    wb = openpyxl.Workbook()
    note = wb.active
    note.title = "说明"
    for line in ["填表说明：", "1. 薪资单位为千元/月，如“4-6”表示4000-6000元/月；", "2. 学历填写最低学历要求；",
                 "3. 发布日期为企业提交日期；", "4. 灰色隐藏列为系统字段，请勿修改、删除。", "5. 本表由集团秘书处汇总，联系电话0371-6xxxxxxx。"]:
        note.append([line])
    ws = wb.create_sheet("岗位需求")
    ws.append(["序号", "系统编号", "企业名称", "岗位名称", "岗位类别", "所属行业", "工作地点", "薪资（千元/月）", "学历要求",
               "工作经验", "需求人数", "发布日期", "审核状态", "联系电话"])
    places = {"郑州市": "410100", "平顶山市": "410400", "安阳": "410500", "鹤壁市": "410600", "濮阳": "410900",
              "漯河市": "411100", "郑州/洛阳": "410100"}
    k_sals = {"4-6": (4000.0, 6000.0), "4.5-6.5": (4500.0, 6500.0), "5-8": (5000.0, 8000.0), "3-4.5": (3000.0, 4500.0),
              "8以上": (8000.0, NULL), "面议": (NULL, NULL), "6-10": (6000.0, 10000.0), "3.5-5": (3500.0, 5000.0)}
    comps = companies(rng, "河南", 8)
    for i, title in enumerate(rng.sample(TITLES, 32), 1):
        comp, ind = comps[i % len(comps)]
        s, place = rng.choice(list(k_sals)), pick(rng, places)
        edu, exp = pick(rng, EDUCATION), pick(rng, EXPERIENCE)
        n = rng.choice([1, 2, 3, 5, 8])
        d = day(rng, dt.date(2023, 10, 9), 80)
        ws.append([i, f"HN2023-{i:04d}", comp, title, rng.choice(["生产制造类", "技术类", "服务类", "管理类"]), ind, place, s,
                   edu, exp, n, dt.datetime(d.year, d.month, d.day), "已审核", f"1{rng.randrange(10**10):010d}"])
        ws.cell(ws.max_row, 12).number_format = "yyyy/m/d"
        key(name, title, company=comp, industry_raw=ind, region_code=places[place], salary_cny_month_min=k_sals[s][0],
            salary_cny_month_max=k_sals[s][1], edu=edu, exp=exp, headcount=n, date=d)
    for col in ("B", "E", "M", "N"):
        ws.column_dimensions[col].hidden = True
    wb.save(HERE / name)


# ---------------------------------------------------------------- 7. monthly sheets, year only in the title, no place column
def f7_luoyang_monthly() -> None:
    import openpyxl
    name, rng = "luoyang_monthly.xlsx", random.Random(707)
    wb = openpyxl.Workbook()
    sals = ["150-200元/天", "200元/天", "4000-6000元/月", "3000元以下", "4500元/月", "面议", "综合工资6000-9000",
            "2500-4000元/月，包吃住", "时薪25元", "20元/小时", "5000-7000元/月（五险一金）"]
    titles = iter(rng.sample(TITLES, 40))
    for si, (month, batch) in enumerate([(5, "第一批"), (6, "第二批")]):
        ws = wb.active if si == 0 else wb.create_sheet()
        ws.title = f"{month}月"
        ws.append([f"洛阳市2024年{month}月重点企业用工需求信息（{batch}）"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
        ws.append([f"发布单位：洛阳市就业创业服务中心    更新：{month}月28日"])
        ws.append(["序号", "企业名称", "招聘岗位", "人数", "学历", "经验", "工资待遇", "发布日期", "联系人", "联系电话"])
        comps = companies(rng, "洛阳", 6)
        for i in range(17):
            title = next(titles)
            comp, _ind = comps[i % 6]
            sal, edu, exp = rng.choice(sals), pick(rng, EDUCATION), pick(rng, EXPERIENCE)
            n = rng.choice([1, 2, 4, 6, 10, 15])
            d = dt.date(2024, month, rng.randrange(1, 28))
            ws.append([i + 1, comp, title, n, edu, exp, sal, f"{d.month}月{d.day}日", rng.choice(["张女士", "李先生", "王经理"]),
                       f"0379-6{rng.randrange(10**6):06d}"])
            key(name, title, company=comp, region_code="410300", salary=sal, edu=edu, exp=exp, headcount=n, date=d)
    wb.save(HERE / name)


# ---------------------------------------------------------------- 8. scraper csv: relative dates against the crawl time
def f8_crawl_relative() -> None:
    name, rng = "crawl_relative.csv", random.Random(708)
    places = {"河南-郑州-高新区": "410100", "郑州/洛阳": "410100", "全国": "100000", "郑州·金水区": "410100",
              "洛阳-涧西区": "410300", "新乡·红旗区": "410700", "郑州市(可外派)": "410100", "驻马店": "411700"}
    sals = ["3k-5k*13", "年薪10-15万", "时薪25元", "8-13K·13薪", "面议", "1.5-2万", "12-20K·14薪", "年薪20-30万",
            "年薪8万", "5-8K", "8千-1.2万", "年薪：12万-18万"]
    out = [["job_name", "company_name", "city", "salary", "edu", "exp", "pub_time", "crawl_time", "industry"]]
    comps = companies(rng, "郑州", 10)
    for i, title in enumerate(rng.sample(TITLES, 40)):
        comp, ind = comps[i % len(comps)]
        sal, place = rng.choice(sals), pick(rng, places)
        edu, exp = pick(rng, EDUCATION), pick(rng, EXPERIENCE)
        crawl = dt.datetime(2024, 5, 8, 10, 23, 11)
        case = i % 10
        if case == 0:
            pub, d = "刚刚", crawl.date()
        elif case == 1:
            pub, d = "1小时前", crawl.date()
        elif case == 2:
            crawl = dt.datetime(2024, 5, 8, 1, 30, 0)
            pub, d = "3小时前", dt.date(2024, 5, 7)
        elif case == 3:
            pub, d = "昨天", dt.date(2024, 5, 7)
        elif case == 4:
            pub, d = "3天前", dt.date(2024, 5, 5)
        elif case == 5:
            pub, d = "05-06", dt.date(2024, 5, 6)
        elif case == 6:
            crawl = dt.datetime(2024, 1, 3, 9, 0, 0)
            pub, d = "12-29", dt.date(2023, 12, 29)
        elif case == 7:
            pub, d = "04月28日", dt.date(2024, 4, 28)
        elif case == 8:
            pub, d = "", None
        else:
            pub, d = "2024-05-02 16:40", dt.date(2024, 5, 2)
        out.append([title, comp, place, sal, edu, exp, pub, crawl.strftime("%Y-%m-%d %H:%M:%S"), ind])
        extra = {"date_basis": "crawled", "year": crawl.year} if d is None else {}
        key(name, title, company=comp, region_code=places[place], salary=sal, edu=edu, exp=exp, date=d,
            industry_raw=ind, **extra)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(out)
    (HERE / name).write_text(buf.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------- 9. one row per company, posts across the columns
def f9_company_wide() -> None:
    import openpyxl
    name, rng = "company_wide.xlsx", random.Random(709)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "需求汇总"
    ws.append(["新乡市2024年秋季校企合作企业岗位需求统计表"])
    ws.merge_cells("A1:P1")
    ws.append(["序号", "企业名称", "所属行业", "企业地址", "岗位一", None, None, None, "岗位二", None, None, None,
               "岗位三", None, None, None])
    ws.append([None, None, None, None] + ["岗位名称", "人数", "学历", "月薪"] * 3)
    for a, b in (("A2", "A3"), ("B2", "B3"), ("C2", "C3"), ("D2", "D3")):
        ws.merge_cells(f"{a}:{b}")
    for c in ("E2:H2", "I2:L2", "M2:P2"):
        ws.merge_cells(c)
    addr = {"新乡市红旗区": "410700", "新乡市牧野区": "410700", "新乡市卫辉市": "410700", "焦作市山阳区": "410800",
            "鹤壁市淇滨区": "410600"}
    sals = ["4000-6000元/月", "4500元/月", "3500-5000", "6-8千", "面议", "8000以上", "4千-6千", "4001-6000元", "3001-4000元"]
    comps = companies(rng, "新乡", 13)
    titles = iter(rng.sample(TITLES, 45))
    for ci, (comp, ind) in enumerate(comps, 1):
        a = pick(rng, addr)
        row = [ci, comp, ind, f"{a}{rng.choice(['化工路', '平原路', '人民路', '金穗大道'])}{rng.randrange(1, 400)}号"]
        for j in range(rng.choice([1, 2, 3, 3])):
            title = next(titles)
            n, edu, sal = rng.choice([1, 2, 3, 5, 10]), pick(rng, EDUCATION), rng.choice(sals)
            row += [title, n, edu, sal]
            key(name, title, company=comp, industry_raw=ind, region_code=addr[a], salary=sal, edu=edu, headcount=n)
        ws.append(row)
    ws.append(["注：月薪为税前收入；学历为最低要求。"])
    wb.save(HERE / name)


# ---------------------------------------------------------------- 10. an HTML table a government site serves as .xls
def f10_gov_export() -> None:
    name, rng = "gov_export.xls", random.Random(710)
    places = {"河南省-郑州市-金水区": "410100", "河南省-洛阳市": "410300", "河南省-南阳市-宛城区": "411300",
              "河南省-信阳市": "411500", "河南省-周口市-川汇区": "411600", "河南省-济源市": "419001"}
    sals = ["4001-6000元", "6001-8000元", "3001-4000元", "面议", "8000以上", "4000-6000元/月"]
    comps = companies(rng, "河南", 10)
    cells = ["职位名称", "招聘单位", "工作地区", "薪资待遇", "学历要求", "工作经验", "招聘人数", "发布日期", "有效期至", "职位描述"]
    rows = [f'<tr><td colspan="{len(cells)}" align="center"><b>河南省公共招聘网职位信息导出</b></td></tr>',
            "<tr>" + "".join(f"<th>{c}</th>" for c in cells) + "</tr>"]
    for i, title in enumerate(rng.sample(TITLES, 30)):
        comp, _ind = comps[i % len(comps)]
        sal, place = rng.choice(sals), pick(rng, places)
        edu, exp = pick(rng, EDUCATION), pick(rng, EXPERIENCE)
        n = rng.choice([1, 2, 3, 5, 10, 30])
        d = day(rng, dt.date(2024, 5, 1), 30)
        vals = [title, comp, place, sal, edu, exp, str(n), f"{d.isoformat()} 00:00:00.0",
                (d + dt.timedelta(days=90)).isoformat(), html.escape(rng.choice(DESCS)) + "<br>&nbsp;待遇面谈"]
        rows.append("<tr>" + "".join(f"<td>{v}</td>" for v in vals) + "</tr>")
        key(name, title, company=comp, region_code=places[place], salary=sal, edu=edu, exp=exp, headcount=n, date=d)
    doc = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
           '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>\n<body>\n<table border="1">\n'
           + "\n".join(rows) + "\n</table>\n</body>\n</html>\n")
    (HERE / name).write_text(doc, encoding="utf-8")


def main() -> None:
    for build in (f1_fair_blocks, f2_group_summary, f3_gbk_fullwidth, f4_webcopy, f5_company_jobs, f6_hidden_cols,
                  f7_luoyang_monthly, f8_crawl_relative, f9_company_wide, f10_gov_export):
        build()
    for r in KEYROWS:
        for f in ("salary_cny_month_min", "salary_cny_month_max"):
            if isinstance(r.get(f), float):
                r[f] = round(r[f], 2)
    with open(HERE / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, FIELDS)
        w.writeheader()
        w.writerows(KEYROWS)
    dup = [{"first_file": "gbk_fullwidth.csv", "second_file": "webcopy_list.txt", "title": s["title"]} for s in SHARED]
    with open(HERE / "cross_file_duplicates.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["first_file", "second_file", "title"])
        w.writeheader()
        w.writerows(dup)


if __name__ == "__main__":
    main()
