"""Build the blind-6 postings set: 12 files as they reach a Henan group's secretariat, and the key.

SYNTHETIC (CC0): every company, title, salary and date is made up; only the forms are real
(the platforms' export layouts, a college's job-fair sheet, a 人社局 list, a WeChat table).
The key (expected.csv) is written from the truth each posting is generated from, never from an
ingest run: one row per posting (file, title and the lake column values a reader of
docs/data-dictionary.md expects). An empty cell = the file gives no value (not scored);
``∅`` = the file gives a value the schema has no place for, so the column must land null.

Run ``python tests/data/ingest/postings_blind6/make_blind6.py`` to rebuild (deterministic).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent
NULL = "∅"
KEY_COLUMNS = ["file", "title", "company", "region_code", "salary_cny_month_min", "salary_cny_month_max",
               "salary_months", "salary_null_reason", "education", "experience_years", "headcount",
               "posted_date", "date_basis", "year", "industry_raw"]

CITY = {  # GB/T 2260 city codes (data/reference/regions_gbt2260.csv)
    "郑州": "410100", "开封": "410200", "洛阳": "410300", "平顶山": "410400", "安阳": "410500",
    "鹤壁": "410600", "新乡": "410700", "焦作": "410800", "濮阳": "410900", "许昌": "411000",
    "漯河": "411100", "三门峡": "411200", "南阳": "411300", "商丘": "411400", "信阳": "411500",
    "周口": "411600", "驻马店": "411700", "济源": "419001",
    "武汉": "420100", "西安": "610100", "苏州": "320500", "深圳": "440300", "杭州": "330100",
}
DISTRICTS = {
    "郑州": ["金水区", "二七区", "中原区", "管城回族区", "惠济区", "郑东新区", "高新区", "经开区", "航空港区"],
    "洛阳": ["涧西区", "西工区", "老城区", "洛龙区", "瀍河回族区"],
    "新乡": ["红旗区", "卫滨区", "牧野区", "凤泉区"],
    "许昌": ["魏都区", "建安区"], "南阳": ["宛城区", "卧龙区"], "开封": ["龙亭区", "鼓楼区", "祥符区"],
    "焦作": ["解放区", "山阳区"], "安阳": ["文峰区", "北关区"], "平顶山": ["新华区", "卫东区"],
    "商丘": ["梁园区", "睢阳区"], "周口": ["川汇区"], "信阳": ["浉河区", "平桥区"],
    "驻马店": ["驿城区"], "漯河": ["源汇区", "郾城区"], "濮阳": ["华龙区"], "鹤壁": ["淇滨区"],
    "三门峡": ["湖滨区"], "济源": ["济源"], "武汉": ["东湖新技术开发区", "江夏区"],
    "西安": ["雁塔区", "未央区"], "苏州": ["工业园区", "昆山市"], "深圳": ["宝安区", "龙华区"],
    "杭州": ["余杭区", "滨江区"],
}
HENAN_WEIGHTS = {"郑州": 30, "洛阳": 10, "新乡": 7, "许昌": 5, "南阳": 5, "开封": 4, "焦作": 4, "安阳": 3,
                 "平顶山": 3, "商丘": 3, "周口": 3, "信阳": 3, "驻马店": 3, "漯河": 2, "濮阳": 2, "鹤壁": 2,
                 "三门峡": 2, "济源": 2, "武汉": 1, "西安": 1, "苏州": 1, "深圳": 1, "杭州": 1}

TITLES = {
    "制造": ["数控车床操作工", "CNC加工中心操作员", "机修工", "电工", "焊工", "钳工", "装配工", "注塑技术员",
             "质检员", "模具设计师", "PLC编程工程师", "设备维护技术员", "工艺技术员", "生产班组长",
             "新能源汽车装调工", "电气工程师", "机械设计助理工程师", "工业机器人运维员", "仓库管理员",
             "叉车司机", "储备干部（生产方向）", "品质工程师", "SMT操作员", "化验员"],
    "服务": ["前台文员", "会计助理", "出纳", "客服专员", "电商运营专员", "直播运营", "短视频剪辑师",
             "平面设计", "销售代表", "门店店长", "酒店前厅接待", "西餐厨师", "中式面点师", "美容师",
             "人事专员", "行政助理", "跟单员", "外贸业务员", "物流调度员", "快递分拣主管"],
    "建筑": ["施工员", "资料员", "造价员", "测量员", "安全员", "BIM建模员", "CAD制图员", "水电安装工",
             "现场技术员", "监理员"],
    "医卫": ["护士", "口腔护士", "药店营业员", "康复治疗师", "养老护理员", "医学检验技师", "药品质检员",
             "健康管理师"],
    "信息": ["网络管理员", "运维工程师", "软件测试", "Java开发工程师", "前端开发", "数据标注员",
             "弱电工程师", "计算机硬件维修", "UI设计师", "无人机操作员"],
    "交通": ["城轨站务员", "高铁乘务员", "汽车维修工", "汽车销售顾问", "钣金喷漆技师", "电梯维保员",
             "光伏运维工程师", "货车司机"],
    "教育": ["幼儿教师", "保育员", "托育老师", "课程顾问", "少儿编程老师"],
    "农食": ["食品检验员", "畜牧技术员", "农资销售", "冷链仓管员", "食品生产工艺员"],
}
INDUSTRY = {  # label per platform family; kept raw in the lake
    "制造": ["机械/设备/重工", "汽车/摩托车", "电子技术/半导体/集成电路", "新能源", "仪器仪表及工业自动化",
             "原材料和加工"],
    "服务": ["互联网/电子商务", "专业服务/咨询", "酒店/餐饮", "批发/零售", "物流/仓储", "美容/保健"],
    "建筑": ["建筑/建材/工程", "房地产", "装饰装修"],
    "医卫": ["医疗/护理/卫生", "制药/生物工程", "医疗设备/器械"],
    "信息": ["计算机软件", "IT服务(系统/数据/维护)", "通信/电信/网络设备"],
    "交通": ["交通/运输", "汽车/摩托车", "新能源"],
    "教育": ["教育/培训/院校"],
    "农食": ["农/林/牧/渔", "快速消费品(食品/饮料/烟酒/日化)"],
}
SHOP = ["华瑞", "中拓", "宏达", "恒信", "鼎盛", "金诺", "佳禾", "德力", "润丰", "瑞达", "正阳", "豫丰", "汇通",
        "博远", "新航", "天成", "中原", "伏牛", "嵩岳", "黄河", "卓尔", "明泰", "永安", "海联", "科润", "凯瑞",
        "盛源", "同创", "安信", "宇辰", "冠邦", "众诚", "长青", "启明", "广源", "信达"]
TRADE = {"制造": ["精密机械", "轴承制造", "电气设备", "汽车零部件", "新材料", "智能装备", "电子科技"],
         "服务": ["电子商务", "商贸", "酒店管理", "餐饮管理", "物流", "人力资源服务", "文化传媒"],
         "建筑": ["建设工程", "建筑安装工程", "工程管理咨询", "装饰工程"],
         "医卫": ["医院", "大药房连锁", "康复医疗", "养老服务", "医疗器械"],
         "信息": ["信息技术", "网络科技", "软件", "数据科技"],
         "交通": ["汽车销售服务", "轨道交通运营", "电梯工程", "新能源科技", "运输"],
         "教育": ["教育科技", "幼儿园", "托育服务"],
         "农食": ["食品", "牧业", "农业科技", "冷链物流"]}


def company(rng: random.Random, city: str, sector: str) -> str:
    trade = rng.choice(TRADE[sector])
    if trade in ("医院", "幼儿园"):
        return f"{city}{rng.choice(SHOP)}{trade}"
    form = rng.choice(["有限公司", "有限公司", "股份有限公司", "有限责任公司"])
    return f"{'河南' if rng.random() < 0.3 else city}{rng.choice(SHOP)}{trade}{form}"


def pick_city(rng: random.Random, only_henan: bool = False) -> str:
    cities = [c for c in HENAN_WEIGHTS if not only_henan or CITY[c].startswith("41")]
    return rng.choices(cities, [HENAN_WEIGHTS[c] for c in cities])[0]


# ---- salary surfaces: (text, min, max, months, null_reason) in CNY a month -------------------
def _num(x: float) -> str:
    return f"{x:g}"


def _band(rng: random.Random, low: list[float], widths: list[float]) -> tuple[float, float]:
    lo = rng.choice(low)
    return lo, lo + rng.choice(widths)


def _qian_wan(v: float) -> str:
    return f"{_num(v / 10000)}万" if v >= 10000 else f"{_num(v / 1000)}千"


def salary(rng: random.Random, style: str) -> dict:
    r = rng.random()
    if style != "none" and r < 0.07:
        return {"text": rng.choice(["面议", "薪资面议"]) if style in ("58", "wechat") else "面议",
                "salary_null_reason": "negotiable"}
    lo, hi = _band(rng, [3000, 3500, 4000, 4500, 5000, 6000, 7000, 8000, 10000],
                   [1000, 1500, 2000, 3000, 4000, 5000])
    if style == "zhilian":  # 智联 list: 6千-8千, 8千-1.2万, 1万-1.5万
        return {"text": f"{_qian_wan(lo)}-{_qian_wan(hi)}", "min": lo, "max": hi}
    if style == "zhilian60":  # 智联 API salary60 with a 13th month sometimes
        if r < 0.3:
            return {"text": f"{_qian_wan(lo)}-{_qian_wan(hi)}·13薪", "min": lo * 13 / 12, "max": hi * 13 / 12,
                    "months": 13}
        return {"text": f"{_qian_wan(lo)}-{_qian_wan(hi)}", "min": lo, "max": hi}
    if style == "51job":  # 前程无忧: 6-8千/月, 1-1.5万/月, 8-12万/年, 200元/天
        if r < 0.15:
            ylo, yhi = _band(rng, [6, 8, 10, 12], [2, 4, 6])
            return {"text": f"{ylo}-{yhi}万/年", "min": ylo * 10000 / 12, "max": yhi * 10000 / 12}
        if r < 0.22:
            day = rng.choice([150, 180, 200, 220, 260])
            return {"text": f"{day}元/天", "min": day * 21.75, "max": day * 21.75}
        unit, div = ("万", 10000) if hi >= 10000 else ("千", 1000)
        return {"text": f"{_num(lo / div)}-{_num(hi / div)}{unit}/月", "min": lo, "max": hi}
    if style == "boss":  # BOSS直聘: 6-8K, 10-15K·13薪, 200元/天, 25-30元/时
        if r < 0.12:
            day = rng.choice([150, 180, 200, 220, 260])
            return {"text": f"{day}-{day + 50}元/天", "min": day * 21.75, "max": (day + 50) * 21.75}
        if r < 0.18:
            h = rng.choice([18, 20, 22, 25])
            return {"text": f"{h}-{h + 5}元/时", "min": h * 8 * 21.75, "max": (h + 5) * 8 * 21.75}
        lo, hi = _band(rng, [4000, 5000, 6000, 8000, 10000, 12000], [2000, 3000, 5000])
        if r < 0.45:
            m = rng.choice([13, 13, 14, 15])
            return {"text": f"{_num(lo / 1000)}-{_num(hi / 1000)}K·{m}薪", "min": lo * m / 12,
                    "max": hi * m / 12, "months": m}
        return {"text": f"{_num(lo / 1000)}-{_num(hi / 1000)}K", "min": lo, "max": hi}
    if style == "liepin":  # 猎聘: 12-18k·14薪, 8-12k
        lo, hi = _band(rng, [6000, 8000, 10000, 12000, 15000], [3000, 4000, 6000])
        if r < 0.4:
            m = rng.choice([13, 14, 15, 16])
            return {"text": f"{_num(lo / 1000)}-{_num(hi / 1000)}k·{m}薪", "min": lo * m / 12,
                    "max": hi * m / 12, "months": m}
        return {"text": f"{_num(lo / 1000)}-{_num(hi / 1000)}k", "min": lo, "max": hi}
    if style == "58":  # 58同城: 4000-6000元/月, 3000-5000
        if r < 0.45:
            return {"text": f"{lo:.0f}-{hi:.0f}", "min": lo, "max": hi}
        return {"text": f"{lo:.0f}-{hi:.0f}元/月", "min": lo, "max": hi}
    if style == "fair":  # job fair: 4000-6000元/月, 5K-8K, 8万-12万/年
        if r < 0.2:
            ylo, yhi = _band(rng, [6, 8, 10], [2, 4])
            return {"text": f"{ylo}万-{yhi}万/年", "min": ylo * 10000 / 12, "max": yhi * 10000 / 12}
        if r < 0.5:
            return {"text": f"{_num(lo / 1000)}K-{_num(hi / 1000)}K", "min": lo, "max": hi}
        return {"text": f"{lo:.0f}-{hi:.0f}元/月", "min": lo, "max": hi}
    if style == "renshe":  # 人社局: 3000-4500元, 2500元以上, 月薪3000-4000
        lo, hi = _band(rng, [2200, 2500, 3000, 3500, 4000, 4500], [500, 1000, 1500, 2000])
        if r < 0.2:
            return {"text": f"{lo:.0f}元以上", "min": lo, "max": NULL}
        if r < 0.5:
            return {"text": f"月薪{lo:.0f}-{hi:.0f}", "min": lo, "max": hi}
        return {"text": f"{lo:.0f}-{hi:.0f}元", "min": lo, "max": hi}
    if style == "wechat":  # pasted article table: 6-8千, 4k-6k, 月薪4000-6000, 4500-6000元/月
        if r < 0.35 and hi < 10000:
            return {"text": f"{_num(lo / 1000)}-{_num(hi / 1000)}千", "min": lo, "max": hi}
        if r < 0.55:
            return {"text": f"{_num(lo / 1000)}k-{_num(hi / 1000)}k", "min": lo, "max": hi}
        if r < 0.75:
            return {"text": f"月薪{lo:.0f}-{hi:.0f}", "min": lo, "max": hi}
        return {"text": f"{lo:.0f}-{hi:.0f}元/月", "min": lo, "max": hi}
    if style == "crawl":  # a Python scraper's csv: 4.5-6千, 1-1.5万, 8千-1.2万/月
        if hi < 10000:
            return {"text": f"{_num(lo / 1000)}-{_num(hi / 1000)}千", "min": lo, "max": hi}
        if lo >= 10000:
            return {"text": f"{_num(lo / 10000)}-{_num(hi / 10000)}万", "min": lo, "max": hi}
        return {"text": f"{_qian_wan(lo)}-{_qian_wan(hi)}/月", "min": lo, "max": hi}
    if style == "gov":  # 公共就业服务平台: 3000-5000元/月
        lo, hi = _band(rng, [2500, 3000, 3500, 4000, 5000], [1000, 1500, 2000, 3000])
        return {"text": f"{lo:.0f}-{hi:.0f}元/月", "min": lo, "max": hi}
    raise ValueError(style)


# ---- education / experience / headcount surfaces ----------------------------------------------
EDU = {  # surface -> schema value (∅: the schema has no value for it)
    "zhilian": [("大专", "大专"), ("本科", "本科"), ("不限", "不限"), ("中专/中技", "中专/中技"), ("高中", "高中"),
                ("大专", "大专"), ("大专", "大专")],
    "51job": [("大专", "大专"), ("本科", "本科"), ("中专", "中专/中技"), ("高中", "高中"), ("大专", "大专"),
              ("中技", "中专/中技")],
    "boss": [("大专", "大专"), ("本科", "本科"), ("学历不限", "不限"), ("高中", "高中"), ("中专/中技", "中专/中技"),
             ("大专", "大专")],
    "liepin": [("统招本科", "本科"), ("大专及以上", "大专"), ("本科及以上", "本科"), ("学历不限", "不限"),
               ("硕士及以上", "硕士")],
    "58": [("不限", "不限"), ("高中", "高中"), ("中专/技校", "中专/中技"), ("大专", "大专"), ("初中", NULL),
           ("不限", "不限")],
    "fair": [("大专及以上", "大专"), ("大专", "大专"), ("中专及以上", "中专/中技"), ("本科", "本科"),
             ("高中/中专", "中专/中技"), ("不限", "不限"), ("大专及以上", "大专")],
    "renshe": [("高中/中专", "中专/中技"), ("初中及以上", NULL), ("大专", "大专"), ("不限", "不限"),
               ("中专", "中专/中技"), ("大专以上", "大专"), ("高中及以上", "高中")],
    "wechat": [("大专及以上", "大专"), ("学历不限", "不限"), ("中专以上", "中专/中技"), ("本科及以上", "本科"),
               ("高中/中专", "中专/中技")],
    "crawl": [("大专", "大专"), ("本科", "本科"), ("学历不限", "不限"), ("中专/中技", "中专/中技"),
              ("高中", "高中"), ("大专", "大专")],
}
EXP = {
    "zhilian": [("不限", 0), ("无经验", 0), ("1-3年", 1), ("3-5年", 3), ("1年以下", 0), ("5-10年", 5)],
    "51job": [("无需经验", 0), ("1年经验", 1), ("2年经验", 2), ("3-4年经验", 3), ("5-7年经验", 5),
              ("在校生/应届生", 0)],
    "boss": [("经验不限", 0), ("1-3年", 1), ("3-5年", 3), ("在校/应届", 0), ("1年以内", 0), ("5-10年", 5)],
    "liepin": [("经验不限", 0), ("1-3年", 1), ("3-5年", 3), ("5-10年", 5), ("应届生", 0)],
    "58": [("不限", 0), ("1-2年", 1), ("3-5年", 3), ("1年以下", 0), ("无经验", 0)],
    "fair": [("不限", 0), ("应届毕业生", 0), ("1年以上", 1), ("2年以上", 2), ("无", 0)],
    "renshe": [("不限", 0), ("1年以上", 1), ("3年以上", 3), ("无要求", 0)],
    "wechat": [("不限", 0), ("一年以上", 1), ("两年以上", 2), ("应届生可", 0), ("三年以上", 3)],
    "crawl": [("经验不限", 0), ("1-3年", 1), ("3-5年", 3), ("无经验", 0), ("1年以下", 0)],
}


def choose(rng: random.Random, family: str, table: dict) -> tuple[str, object]:
    return rng.choice(table[family])


class Builder:
    """Collects the key rows of one file."""

    def __init__(self, file: str, seed: int) -> None:
        self.file = file
        self.rng = random.Random(seed)
        self.key: list[dict] = []
        self._titles: set[tuple[str, str]] = set()

    def posting(self, *, henan_only: bool = False, city: str | None = None, sectors: list[str] | None = None) -> dict:
        """A fresh truth record (title + company unique within the file)."""
        rng = self.rng
        while True:
            sector = rng.choice(sectors) if sectors else rng.choices(list(TITLES), [30, 20, 10, 10, 10, 10, 5, 5])[0]
            c = city or pick_city(rng, henan_only)
            t = {"sector": sector, "title": rng.choice(TITLES[sector]), "city": c,
                 "company": company(rng, c if CITY[c].startswith("41") else c, sector),
                 "industry": rng.choice(INDUSTRY[sector])}
            if (t["title"], t["company"]) not in self._titles:
                self._titles.add((t["title"], t["company"]))
                return t

    def add(self, t: dict, **fields) -> None:
        row = {"file": self.file, "title": t["title"]}
        for k, v in fields.items():
            if v is None or v == "":
                continue
            if isinstance(v, float):
                v = round(v, 2)
            row[k] = v
        self.key.append(row)


def sal_fields(s: dict) -> dict:
    out = {}
    if "min" in s:
        out["salary_cny_month_min"] = s["min"]
    if "max" in s:
        out["salary_cny_month_max"] = s["max"]
    if "months" in s:
        out["salary_months"] = s["months"]
    if "salary_null_reason" in s:
        out["salary_null_reason"] = s["salary_null_reason"]
    return out


def date_fields(posted: dt.date | None, crawled: dt.date | None) -> dict:
    if posted is not None:
        return {"posted_date": posted.isoformat(), "date_basis": "posted", "year": posted.year}
    if crawled is not None:
        return {"date_basis": "crawled", "year": crawled.year}
    return {}


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str, bom: bool = False) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def rand_date(rng: random.Random, start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(days))


# ---- the files ---------------------------------------------------------------------------------
def f01_zhilian_csv() -> Builder:
    """智联招聘 list scraped by a browser extension, UTF-8 with BOM; place 郑州-金水区."""
    b = Builder("zhilian_郑州_202405.csv", 601)
    rows = []
    crawl = dt.datetime(2024, 5, 28, 16, 5)
    for _ in range(44):
        t = b.posting(city=b.rng.choice(["郑州"] * 6 + ["洛阳", "新乡", "许昌", "开封"]))
        s = salary(b.rng, "zhilian")
        edu, edu_v = choose(b.rng, "zhilian", EDU)
        exp, exp_v = choose(b.rng, "zhilian", EXP)
        posted = rand_date(b.rng, dt.date(2024, 5, 1), 27)
        place = f"{t['city']}-{b.rng.choice(DISTRICTS[t['city']])}" if b.rng.random() < 0.8 else t["city"]
        head = b.rng.choice(["招1人", "招2人", "招3人", "招5人", "招10人", "若干"])
        hv = NULL if head == "若干" else int(head[1:-1])
        rows.append([t["title"], t["company"], place, s["text"], edu, exp, head, posted.isoformat(),
                     t["industry"], crawl.strftime("%Y-%m-%d %H:%M:%S")])
        b.add(t, company=t["company"], region_code=CITY[t["city"]], **sal_fields(s), education=edu_v,
              experience_years=exp_v, headcount=hv, **date_fields(posted, crawl), industry_raw=t["industry"])
    rows.append(list(rows[7]))  # the scraper paged over the same posting twice
    write_csv(HERE / b.file, ["职位名称", "公司名称", "工作地点", "薪资", "学历要求", "工作经验", "招聘人数", "发布日期",
                              "公司行业", "抓取时间"], rows, "utf-8", bom=True)
    return b


def f02_51job_gbk() -> Builder:
    """前程无忧 search export saved by Excel on Windows (GBK); '05-08发布' dated by the file name."""
    b = Builder("51job_河南_20240512.csv", 602)
    rows = []
    crawl = dt.date(2024, 5, 12)
    for _ in range(38):
        t = b.posting(henan_only=b.rng.random() < 0.9)
        s = salary(b.rng, "51job")
        edu, edu_v = choose(b.rng, "51job", EDU)
        exp, exp_v = choose(b.rng, "51job", EXP)
        posted = rand_date(b.rng, dt.date(2024, 4, 25), 17)
        place = (f"{t['city']}-{b.rng.choice(DISTRICTS[t['city']])}" if b.rng.random() < 0.6
                 else t["city"])
        rows.append([t["title"], t["company"], s["text"], place, edu, exp, posted.strftime("%m-%d") + "发布",
                     t["industry"], b.rng.choice(["民营", "民营", "国企", "合资", "上市公司"])])
        b.add(t, company=t["company"], region_code=CITY[t["city"]], **sal_fields(s), education=edu_v,
              experience_years=exp_v, **date_fields(posted, crawl), industry_raw=t["industry"])
    write_csv(HERE / b.file, ["岗位名称", "公司名称", "薪资", "工作地点", "学历", "经验", "发布时间", "行业", "公司性质"],
              rows, "gbk")
    return b


def f03_boss_jsonl() -> Builder:
    """BOSS直聘 list API records as JSON lines; no posting date, only the crawl time."""
    b = Builder("boss_henan_20240603.jsonl", 603)
    lines = []
    for i in range(40):
        t = b.posting()
        s = salary(b.rng, "boss")
        edu, edu_v = choose(b.rng, "boss", EDU)
        exp, exp_v = choose(b.rng, "boss", EXP)
        crawl = dt.datetime(2024, 6, 3, 14, 0) + dt.timedelta(minutes=3 * i)
        district = b.rng.choice(DISTRICTS[t["city"]])
        rec = {"encryptJobId": f"{b.rng.getrandbits(64):016x}~", "jobName": t["title"], "salaryDesc": s["text"],
               "jobLabels": [exp, edu], "skills": [], "jobExperience": exp, "jobDegree": edu,
               "cityName": t["city"], "areaDistrict": district, "businessDistrict": "",
               "brandName": t["company"], "brandIndustry": t["industry"],
               "brandScaleName": b.rng.choice(["20-99人", "100-499人", "500-999人", "1000-9999人"]),
               "welfareList": b.rng.sample(["五险一金", "包吃", "包住", "年终奖", "带薪年假", "节日福利"], 3),
               "crawl_time": crawl.strftime("%Y-%m-%d %H:%M:%S")}
        lines.append(json.dumps(rec, ensure_ascii=False))
        b.add(t, company=t["company"], region_code=CITY[t["city"]], **sal_fields(s), education=edu_v,
              experience_years=exp_v, **date_fields(None, crawl), industry_raw=t["industry"])
    (HERE / b.file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return b


def f04_liepin_json() -> Builder:
    """猎聘 search-result records as one JSON array of nested objects; refreshTime 20240520."""
    b = Builder("liepin_search.json", 604)
    recs = []
    for _ in range(30):
        t = b.posting()
        s = salary(b.rng, "liepin")
        edu, edu_v = choose(b.rng, "liepin", EDU)
        exp, exp_v = choose(b.rng, "liepin", EXP)
        posted = rand_date(b.rng, dt.date(2024, 5, 6), 20)
        dq = f"{t['city']}-{b.rng.choice(DISTRICTS[t['city']])}" if b.rng.random() < 0.7 else t["city"]
        recs.append({"job": {"jobId": str(b.rng.randrange(60000000, 69999999)), "title": t["title"],
                             "salary": s["text"], "dq": dq, "requireEduLevel": edu, "requireWorkYears": exp,
                             "refreshTime": posted.strftime("%Y%m%d"), "labels": ["五险一金", "绩效奖金"]},
                     "comp": {"compName": t["company"], "compIndustry": t["industry"],
                              "compScale": b.rng.choice(["100-499人", "500-999人", "1000-2000人"])},
                     "recruiter": {"recruiterName": b.rng.choice(["王女士", "李先生", "张女士", "刘经理"])}})
        b.add(t, company=t["company"], region_code=CITY[t["city"]], **sal_fields(s), education=edu_v,
              experience_years=exp_v, **date_fields(posted, None), industry_raw=t["industry"])
    (HERE / b.file).write_text(json.dumps(recs, ensure_ascii=False, indent=1), encoding="utf-8")
    return b


def f05_58_gbk() -> Builder:
    """58同城 scraper csv in GBK: 城市 + 区域 columns, '3天前'/'今天'/'昨天' against 采集时间."""
    b = Builder("58同城_普工技工.csv", 605)
    rows = []
    crawl = dt.datetime(2024, 6, 10, 9, 30)
    for _ in range(36):
        t = b.posting(city=b.rng.choice(["郑州", "郑州", "开封", "许昌", "新乡", "焦作"]))
        s = salary(b.rng, "58")
        edu, edu_v = choose(b.rng, "58", EDU)
        exp, exp_v = choose(b.rng, "58", EXP)
        ago = b.rng.choice([0, 0, 1, 2, 3, 5, 7, 10])
        rel = {0: "今天", 1: "昨天"}.get(ago, f"{ago}天前")
        posted = crawl.date() - dt.timedelta(days=ago)
        head = b.rng.choice(["招3人", "招5人", "招10人", "招2人", "招若干人"])
        hv = NULL if "若干" in head else int(head[1:-1])
        district = b.rng.choice(DISTRICTS[t["city"]])
        rows.append([t["title"], t["company"], s["text"], t["city"], district,
                     edu, exp, head, rel, "五险|包住|周末双休", crawl.strftime("%Y/%m/%d %H:%M")])
        b.add(t, company=t["company"], region_code=CITY[t["city"]], **sal_fields(s), education=edu_v,
              experience_years=exp_v, headcount=hv, **date_fields(posted, crawl))
    write_csv(HERE / b.file, ["职位", "公司", "薪资", "城市", "区域", "学历", "经验", "人数", "更新时间", "福利", "采集时间"],
              rows, "gbk")
    return b


def f06_jobfair_xlsx() -> Builder:
    """A college employment office's 双选会 sheet: title lines, merged company/industry/place cells."""
    b = Builder("2024届春季双选会岗位信息汇总.xlsx", 606)
    wb = Workbook()
    ws = wb.active
    ws.title = "岗位信息"
    ws.append(["河南某职业技术学院2024届毕业生春季校园双选会用人单位岗位信息汇总表"])
    ws.merge_cells("A1:J1")
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["举办时间：2024年3月16日（星期六）9:00-12:00    地点：学院体育馆"])
    ws.merge_cells("A2:J2")
    ws.append(["序号", "单位名称", "所属行业", "工作地点", "招聘岗位", "招聘人数", "专业要求", "学历要求", "薪资待遇",
               "联系电话"])
    row = 4
    for n in range(1, 13):
        first = b.posting(henan_only=True)
        posts = [first] + [dict(first, title=tt) for tt in
                           b.rng.sample([x for x in TITLES[first["sector"]] if x != first["title"]],
                                        b.rng.choice([1, 2, 3, 3, 4]))]
        top = row
        for j, t in enumerate(posts):
            b._titles.add((t["title"], t["company"]))
            s = salary(b.rng, "fair")
            edu, edu_v = choose(b.rng, "fair", EDU)
            head = b.rng.choice([2, 3, 5, 5, 10, 20, "若干"])
            place = f"{t['city']}市" if b.rng.random() < 0.5 else t["city"]
            ws.append([n if j == 0 else None, t["company"] if j == 0 else None, t["industry"] if j == 0 else None,
                       place if j == 0 else None, t["title"], head,
                       b.rng.choice(["机电一体化技术、数控技术", "不限", "相关专业", "护理", "建筑工程技术",
                                     "计算机类", "电子商务、市场营销"]),
                       edu, s["text"], f"0371-6{b.rng.randrange(1000000, 9999999)}" if j == 0 else None])
            b.add(t, company=t["company"], region_code=CITY[t["city"]], **sal_fields(s), education=edu_v,
                  headcount=NULL if head == "若干" else head, industry_raw=t["industry"])
            row += 1
        if len(posts) > 1:
            for col in "ABCDJ":
                ws.merge_cells(f"{col}{top}:{col}{row - 1}")
                ws[f"{col}{top}"].alignment = Alignment(vertical="center")
    ws.append(["注：以上岗位信息由用人单位提供，具体以现场洽谈为准。"])
    ws.merge_cells(f"A{row}:J{row}")
    wb.save(HERE / b.file)
    return b


def f07_renshe_xlsx() -> Builder:
    """新乡 人社局 public employment service list: 登记日期 as bare Excel serial numbers."""
    b = Builder("新乡市公共就业服务中心岗位信息（2024年5月）.xlsx", 607)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["新乡市公共就业服务中心2024年5月用工岗位信息"])
    ws.merge_cells("A1:I1")
    ws.append(["序号", "用人单位", "岗位名称", "招聘人数", "学历", "工资待遇", "工作地点", "联系方式", "登记日期"])
    places = [("新乡市红旗区", "新乡"), ("新乡市牧野区", "新乡"), ("河南省新乡市", "新乡"), ("新乡市", "新乡"),
              ("新乡市卫滨区", "新乡"), ("新乡市高新区", "新乡"), ("郑州市", "郑州"), ("焦作市", "焦作"),
              ("河南省新乡市平原示范区", "新乡")]
    for n in range(1, 35):
        place, city = b.rng.choice(places)
        t = b.posting(city=city)
        s = salary(b.rng, "renshe")
        edu, edu_v = choose(b.rng, "renshe", EDU)
        posted = rand_date(b.rng, dt.date(2024, 5, 6), 24)
        serial = (posted - dt.date(1899, 12, 30)).days
        head = b.rng.choice([1, 2, 3, 5, 8, 10, 15, 30])
        ws.append([n, t["company"], t["title"], head, edu, s["text"], place,
                   f"0373-{b.rng.randrange(2000000, 5999999)}", serial])
        b.add(t, company=t["company"], region_code=CITY[t["city"]], **sal_fields(s), education=edu_v,
              headcount=head, **date_fields(posted, None))
    wb.save(HERE / b.file)
    return b


def f08_wechat_csv() -> Builder:
    """A 公众号 article's table pasted into Excel and saved as csv (GBK), with section lines."""
    b = Builder("平顶山5月企业用工岗位汇总_公众号.csv", 608)
    rows = []
    sections = ["一、装备制造企业", "二、现代服务业企业", "三、建筑及医疗卫生单位"]
    per = [14, 10, 8]
    kinds = [["制造"], ["服务", "信息", "交通", "教育"], ["建筑", "医卫"]]
    for sec, k, kind in zip(sections, per, kinds):
        rows.append([sec, "", "", "", "", "", ""])
        for _ in range(k):
            city = b.rng.choice(["平顶山", "平顶山", "平顶山", "许昌", "漯河"])
            t = b.posting(city=city, sectors=kind)
            s = salary(b.rng, "wechat")
            edu, edu_v = choose(b.rng, "wechat", EDU)
            exp, exp_v = choose(b.rng, "wechat", EXP)
            head = b.rng.choice(["3", "5", "10", "若干", "2"])
            place = {"平顶山": b.rng.choice(["平顶山市", "平顶山市新华区", "平顶山·卫东区", "平顶山"]),
                     "许昌": "许昌市", "漯河": "漯河市郾城区"}[city]
            rows.append([t["company"], t["title"], head, edu, exp, s["text"], place])
            b.add(t, company=t["company"], region_code=CITY[city], **sal_fields(s), education=edu_v,
                  experience_years=exp_v, headcount=NULL if head == "若干" else int(head))
        rows.append(["", "", "", "", "", "", ""])
    rows.append(["来源：平顶山人社", "", "", "", "", "", ""])
    write_csv(HERE / b.file, ["企业名称", "招聘岗位", "招聘人数", "学历要求", "工作经验", "薪资待遇", "工作地点"], rows,
              "gbk")
    return b


def f09_zhilian_api() -> Builder:
    """智联招聘 API page dump (data.results), salary60 with ·13薪, updateDate timestamps."""
    b = Builder("zhaopin_api_洛阳_p1-2.json", 609)
    results = []
    for _ in range(32):
        t = b.posting(city=b.rng.choice(["洛阳"] * 5 + ["郑州", "三门峡", "平顶山"]))
        s = salary(b.rng, "zhilian60")
        edu, edu_v = choose(b.rng, "zhilian", EDU)
        exp, exp_v = choose(b.rng, "zhilian", EXP)
        posted = dt.datetime(2024, 7, 1, 8) + dt.timedelta(hours=b.rng.randrange(24 * 20))
        district = b.rng.choice(DISTRICTS[t["city"]])
        results.append({"number": f"CC{b.rng.randrange(10**11, 10**12)}J{b.rng.randrange(10**13, 10**14)}",
                        "jobName": t["title"], "salary60": s["text"],
                        "city": {"display": f"{t['city']}-{district}", "items": [{"code": "", "name": t["city"]}]},
                        "company": {"name": t["company"], "size": {"name": "100-499人"},
                                    "type": {"name": "民营"}, "url": ""},
                        "eduLevel": {"name": edu}, "workingExp": {"name": exp},
                        "industryName": t["industry"], "updateDate": posted.strftime("%Y-%m-%d %H:%M:%S"),
                        "welfare": ["五险一金", "餐补"], "jobType": {"items": [{"name": t["sector"]}]}})
        b.add(t, company=t["company"], region_code=CITY[t["city"]], **sal_fields(s), education=edu_v,
              experience_years=exp_v, **date_fields(posted.date(), None), industry_raw=t["industry"])
    doc = {"code": 200, "data": {"count": 32, "numFound": 1873, "results": results, "typeSearch": 0}, "taskId": ""}
    (HERE / b.file).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return b


def f10_51job_sheets() -> Builder:
    """前程无忧 export saved as a workbook with one sheet per city and no place column."""
    b = Builder("前程无忧_河南分城市_2024Q2.xlsx", 610)
    wb = Workbook()
    wb.remove(wb.active)
    for city, k in [("郑州", 18), ("洛阳", 12), ("南阳", 10)]:
        ws = wb.create_sheet(city)
        ws.append(["职位", "公司", "薪资", "学历", "经验", "发布日期", "行业"])
        for _ in range(k):
            t = b.posting(city=city)
            s = salary(b.rng, "51job")
            edu, edu_v = choose(b.rng, "51job", EDU)
            exp, exp_v = choose(b.rng, "51job", EXP)
            posted = rand_date(b.rng, dt.date(2024, 4, 1), 90)
            ws.append([t["title"], t["company"], s["text"], edu, exp, posted, t["industry"]])
            ws.cell(ws.max_row, 6).number_format = "yyyy-mm-dd"
            b.add(t, company=t["company"], region_code=CITY[city], **sal_fields(s), education=edu_v,
                  experience_years=exp_v, **date_fields(posted, None), industry_raw=t["industry"])
    wb.save(HERE / b.file)
    return b


def f11_crawl_csv() -> Builder:
    """A student assistant's Python scraper (pandas to_csv): English headers, '3天前', '05-03'."""
    b = Builder("jobs_crawl_henan.csv", 611)
    rows = []
    crawl = dt.datetime(2024, 5, 10, 9, 30, 12)
    for i in range(42):
        t = b.posting()
        s = salary(b.rng, "crawl")
        edu, edu_v = choose(b.rng, "crawl", EDU)
        exp, exp_v = choose(b.rng, "crawl", EXP)
        form = b.rng.random()
        if form < 0.35:
            ago = b.rng.choice([1, 2, 3, 4, 6])
            posted, pub = crawl.date() - dt.timedelta(days=ago), f"{ago}天前"
        elif form < 0.45:
            posted, pub = crawl.date(), b.rng.choice(["1小时前", "刚刚", "今天"])
        elif form < 0.55:
            posted, pub = crawl.date() - dt.timedelta(days=1), "昨天"
        else:
            posted = crawl.date() - dt.timedelta(days=b.rng.randrange(2, 30))
            pub = posted.strftime("%m-%d")
        place = b.rng.choice([f"{t['city']}市", t["city"], f"河南省{t['city']}市"]) if CITY[t["city"]].startswith(
            "41") and t["city"] != "济源" else t["city"]
        rows.append([i, t["title"], t["company"], s["text"], place, edu, exp, pub, t["industry"],
                     crawl.strftime("%Y-%m-%d %H:%M:%S")])
        b.add(t, company=t["company"], region_code=CITY[t["city"]], **sal_fields(s), education=edu_v,
              experience_years=exp_v, **date_fields(posted, crawl), industry_raw=t["industry"])
    write_csv(HERE / b.file, ["", "title", "company", "salary", "city", "education", "experience", "publish_time",
                              "industry", "crawl_time"], rows, "utf-8")
    return b


def f12_gov_opendata() -> Builder:
    """河南 public employment platform open data: JSON array with pinyin-initial keys."""
    b = Builder("hnggjy_gwxx_202406.json", 612)
    recs = []
    for _ in range(34):
        t = b.posting(henan_only=True)
        s = salary(b.rng, "gov")
        edu, edu_v = choose(b.rng, "renshe", EDU)
        exp, exp_v = choose(b.rng, "renshe", EXP)
        posted = rand_date(b.rng, dt.date(2024, 6, 1), 28)
        district = b.rng.choice(DISTRICTS[t["city"]])
        gzdd = f"河南省{t['city']}市{district}" if t["city"] != "济源" else "河南省济源市"
        recs.append({"id": str(b.rng.randrange(10**17, 10**18)), "gwmc": t["title"], "dwmc": t["company"],
                     "hylb": t["industry"], "gzdd": gzdd, "xzdy": s["text"], "xlyq": edu, "gzjy": exp,
                     "zprs": str(b.rng.choice([1, 2, 3, 5, 10])), "fbrq": posted.strftime("%Y/%m/%d"),
                     "lxdh": f"0371-{b.rng.randrange(50000000, 69999999)}"})
        b.add(t, company=t["company"], region_code=CITY[t["city"]], **sal_fields(s), education=edu_v,
              experience_years=exp_v, headcount=int(recs[-1]["zprs"]), **date_fields(posted, None),
              industry_raw=t["industry"])
    (HERE / b.file).write_text(json.dumps({"code": "0", "msg": "成功", "total": 34, "data": recs},
                                          ensure_ascii=False, indent=2), encoding="utf-8")
    return b


def main() -> None:
    builders = [f01_zhilian_csv(), f02_51job_gbk(), f03_boss_jsonl(), f04_liepin_json(), f05_58_gbk(),
                f06_jobfair_xlsx(), f07_renshe_xlsx(), f08_wechat_csv(), f09_zhilian_api(), f10_51job_sheets(),
                f11_crawl_csv(), f12_gov_opendata()]
    with open(HERE / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, KEY_COLUMNS, lineterminator="\n")
        w.writeheader()
        for b in builders:
            for row in b.key:
                w.writerow(row)
    for b in builders:
        print(f"{b.file}: {len(b.key)} postings")


if __name__ == "__main__":
    main()
