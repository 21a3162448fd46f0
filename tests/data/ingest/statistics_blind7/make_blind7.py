"""Write blind set 7 of the statistics ingestor: 18 input files and their answer key.

Every figure is a real one from the repository's samples (see README.md):
  H  data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv (Henan, 万人 / 元)
  N  data/sample/statistics/nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv
  W  data/sample/statistics/nbs_national/new_2010-2021/*.xlsx (state units, wage by universe,
     three sectors)
The only derivations are exact unit conversions (万人→人/千人, 元→万元), a printed sum as 合计
(Henan has no published total in the samples), and columns that must not land (growth %,
shares, ranks). Wording around the figures (titles, notes, a bulletin's sentences) is written
for this set in the form such documents take; it is not quoted from them.

Run from the repository root: python tests/data/ingest/statistics_blind7/make_blind7.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import xlwt
from openpyxl.styles import Alignment

random.seed(7)
ROOT = Path(__file__).resolve().parents[4]
OUT = Path(__file__).resolve().parent
SAMPLE = ROOT / "data/sample/statistics"

H_CSV = SAMPLE / "nbs_provincial/henan_by_section_2009-2017.csv"
N_CSV = SAMPLE / "nbs_national/tidy_china_national_urban_units_by_section_2000-2022.csv"
W_DIR = SAMPLE / "nbs_national/new_2010-2021"

SECTIONS = list("ABCDEFGHIJKLMNOPQRS")
# GB/T 4754-2011 (= 2017) section names, as yearbooks from 2013 on print them.
NAME_2011 = {
    "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业", "E": "建筑业", "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业", "I": "信息传输、软件和信息技术服务业",
    "J": "金融业", "K": "房地产业", "L": "租赁和商务服务业", "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业", "O": "居民服务、修理和其他服务业", "P": "教育",
    "Q": "卫生和社会工作", "R": "文化、体育和娱乐业", "S": "公共管理、社会保障和社会组织",
}
# GB/T 4754-2002 names (yearbooks of 2009-2012 data).
NAME_2002 = {
    "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业", "D": "电力、燃气及水的生产和供应业",
    "E": "建筑业", "F": "批发和零售业", "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业",
    "I": "信息传输、计算机服务和软件业", "J": "金融业", "K": "房地产业", "L": "租赁和商务服务业",
    "M": "科学研究、技术服务和地质勘查业", "N": "水利、环境和公共设施管理业",
    "O": "居民服务和其他服务业", "P": "教育", "Q": "卫生、社会保障和社会福利业",
    "R": "文化、体育和娱乐业", "S": "公共管理和社会组织",
}
# NBS English names as the China Statistical Yearbook prints them.
NAME_EN = {
    "A": "Agriculture, Forestry, Animal Husbandry and Fishery", "B": "Mining",
    "C": "Manufacturing", "D": "Production and Supply of Electricity, Heat, Gas and Water",
    "E": "Construction", "F": "Wholesale and Retail Trades",
    "G": "Transport, Storage and Post", "H": "Hotels and Catering Services",
    "I": "Information Transmission, Software and Information Technology",
    "J": "Financial Intermediation", "K": "Real Estate", "L": "Leasing and Business Services",
    "M": "Scientific Research and Technical Services",
    "N": "Management of Water Conservancy, Environment and Public Facilities",
    "O": "Services to Households, Repair and Other Services", "P": "Education",
    "Q": "Health and Social Service", "R": "Culture, Sports and Entertainment",
    "S": "Public Management, Social Security and Social Organizations",
}
# The portal workbook's state-unit columns are named in 2002 words; their 2017 section.
STATE_COL = {
    "农林牧渔业": "A", "采矿业": "B", "制造业": "C", "电力、燃气及水的生产和供应业": "D",
    "建筑业": "E", "批发和零售业": "F", "交通运输、仓储及邮电通信业": "G", "住宿和餐饮业": "H",
    "信息传输、计算机服务和软件业": "I", "金融业": "J", "房地产业": "K", "租赁和商务服务业": "L",
    "科学研究、技术服务和地质勘查业": "M", "水利、环境和公共设施管理业": "N",
    "居民服务和其他服务业": "O", "教育业": "P", "卫生、社会保障和社会福利业": "Q",
    "文化、体育和娱乐业": "R", "公共管理和社会组织": "S",
}

EMP, WAGE = "employment_10k", "avg_wage_cny_year"
HENAN, CHINA = "410000", "100000"

_h = pd.read_csv(H_CSV)
_n = pd.read_csv(N_CSV)
H = {("employment_10k" if m.startswith("employment") else WAGE, int(y), s): float(v)
     for m, y, s, v in _h[["measure", "year", "section", "value"]].itertuples(index=False)}
N = {("employment_10k" if m.startswith("employment") else WAGE, int(y), s): float(v)
     for m, y, s, v in _n[["measure", "year", "section", "value"]].itertuples(index=False)}


def _portal(name: str) -> pd.DataFrame:
    frame = pd.read_excel(W_DIR / name, index_col=0)
    frame.index = [int(str(i).rstrip("年")) for i in frame.index]
    return frame


_state = _portal("按行业分国有单位就业人员.xlsx")
STATE: dict[tuple[int, str], float] = {}
for col in _state.columns:
    label = col.removesuffix("国有单位就业人员")
    code = "TOTAL" if label == "" else STATE_COL[label]
    for year, v in _state[col].items():
        if pd.notna(v):
            STATE[(year, code)] = float(v)
_wage = _portal("城镇单位就业人员平均工资和指数.xlsx")
SCOPE_WAGE_COL = {
    "urban_units": "城镇单位就业人员平均工资", "state_units": "国有单位就业人员平均工资",
    "collective_units": "城镇集体单位就业人员平均工资", "other_units": "其他单位就业人员平均工资",
    "urban_units_on_post": "城镇单位在岗职工平均工资",
}
INDEX_COL = {
    "urban_units": "城镇单位就业人员平均货币工资指数(上年=100)",
    "state_units": "国有城镇单位就业人员平均货币工资指数(上年=100)",
    "collective_units": "城镇集体单位就业人员平均货币工资指数(上年=100)",
    "other_units": "其他城镇单位就业人员平均货币工资指数(上年=100)",
}
_sectors = _portal("按三次产业分就业人员数.xlsx")

KEY: list[dict] = []


def key(file: str, region: str, code: str, scope: str, measure: str, year: int, value: float):
    KEY.append(dict(file=file, region_code=region, industry_code=code, scope=scope,
                    measure=measure, year=year, value=value))


def fmt(v: float, places: int = 4) -> str:
    """The shortest exact decimal text of a sample figure (no float noise)."""
    text = f"{Decimal(repr(v)).quantize(Decimal(1).scaleb(-places)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def exact(v: float, factor: int) -> int:
    """v × factor as an integer, refusing any conversion that is not exact."""
    out = Decimal(repr(v)) * factor
    assert out == out.to_integral_value(), (v, factor)
    return int(out)


def dsum(values) -> str:
    return fmt(float(sum(Decimal(fmt(v)) for v in values)))


def growth(new: float, old: float) -> float:
    return round((new / old - 1) * 100, 1)


def xlsx_cached(path: Path, cached: dict[str, dict[str, str]]) -> None:
    """Give formula cells the cached value Excel would have saved (openpyxl writes none)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in cached:
                text = data.decode()
                for ref, value in cached[item.filename].items():
                    text, n = re.subn(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/>|'
                                      rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v>\s*</v>',
                                      lambda m: (m.group(1) or m.group(3)) + (m.group(2) or m.group(4))
                                      + f"<v>{value}</v>", text)
                    if n == 0:
                        text, n = re.subn(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(</c>)',
                                          rf"\1\2<v>{value}</v>\3", text)
                    assert n == 1, ref
                data = text.encode()
            zout.writestr(item, data)
    path.write_bytes(buf.getvalue())


# ---------------------------------------------------------------------------------------------
def f01():
    """河南统计年鉴 CD-ROM xlsx: bilingual, merged title, 合计 printed as the sum, 注."""
    name = "01_河南统计年鉴2018_4-11分行业城镇非私营单位就业人员.xlsx"
    years = [2013, 2014, 2015, 2016, 2017]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "4-11"
    ws.append(["4-11  分行业城镇非私营单位就业人员（年末数）"])
    ws.append(["Number of Employed Persons in Urban Non-private Units by Sector (year-end)"])
    ws.append(["单位：万人", None, None, None, None, None, "(10 000 persons)"])
    ws.append(["行    业", *years, "Sector"])
    ws.append(["合    计", *[float(dsum(H[(EMP, y, s)] for s in SECTIONS)) for y in years], "Total"])
    for y in years:
        key(name, HENAN, "TOTAL", "urban_units", EMP, y, float(dsum(H[(EMP, y, s)] for s in SECTIONS)))
    for s in SECTIONS:
        ws.append([NAME_2011[s], *[H[(EMP, y, s)] for y in years], NAME_EN[s]])
        for y in years:
            key(name, HENAN, s, "urban_units", EMP, y, H[(EMP, y, s)])
    ws.append([])
    ws.append(["注：本表按《国民经济行业分类》（GB/T 4754-2011）分组；合计为各行业之和。"])
    ws.merge_cells("A1:G1")
    ws.merge_cells("A2:G2")
    ws["A1"].alignment = Alignment(horizontal="center")
    wb.save(OUT / name)


def f02():
    """A real BIFF .xls (as the yearbook CD and many bureau sites ship): merged 平均工资 header
    over the years and a growth column that must not land."""
    name = "02_河南省城镇非私营单位分行业平均工资2013-2017.xls"
    years = [2013, 2014, 2015, 2016, 2017]
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    ws.write_merge(0, 0, 0, 6, "河南省城镇非私营单位分行业就业人员平均工资")
    ws.write(1, 6, "单位：元")
    ws.write_merge(2, 3, 0, 0, "行业")
    ws.write_merge(2, 2, 1, 5, "平均工资")
    ws.write_merge(2, 3, 6, 6, "2017年比上年增长（%）")
    for j, y in enumerate(years):
        ws.write(3, 1 + j, f"{y}年")
    for i, s in enumerate(SECTIONS):
        ws.write(4 + i, 0, NAME_2011[s])
        for j, y in enumerate(years):
            ws.write(4 + i, 1 + j, H[(WAGE, y, s)])
            key(name, HENAN, s, "urban_units", WAGE, y, H[(WAGE, y, s)])
        ws.write(4 + i, 6, growth(H[(WAGE, 2017, s)], H[(WAGE, 2016, s)]))
    ws.write(24, 0, "资料来源：河南省统计局。")
    wb.save(str(OUT / name))


def f03():
    """中国统计年鉴 table: Chinese left, English right, 合计 = the published total, 元."""
    name = "03_中国统计年鉴2019_4-13按行业分城镇非私营单位就业人员平均工资.xlsx"
    years = [2014, 2015, 2016, 2017, 2018]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "4-13"
    ws.append(["4-13  按行业分城镇非私营单位就业人员平均工资"])
    ws.append(["Average Wage of Employed Persons in Urban Non-private Units by Sector"])
    ws.append([None, None, None, None, None, "单位：元", "(yuan)"])
    ws.append(["行    业", *years, "Sector"])
    ws.append(["合    计", *[N[(WAGE, y, "TOTAL")] for y in years], "National Total"])
    for y in years:
        key(name, CHINA, "TOTAL", "urban_units", WAGE, y, N[(WAGE, y, "TOTAL")])
    for s in SECTIONS:
        ws.append([NAME_2011[s], *[N[(WAGE, y, s)] for y in years], NAME_EN[s]])
        for y in years:
            key(name, CHINA, s, "urban_units", WAGE, y, N[(WAGE, y, s)])
    ws.merge_cells("A1:G1")
    ws.merge_cells("A2:G2")
    wb.save(OUT / name)


def f04():
    """中国劳动统计年鉴: one year, two universes side by side in 人, and a share column."""
    name = "04_中国劳动统计年鉴2016_分行业城镇单位和国有单位就业人员.xlsx"
    y = 2015
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "1-14"
    ws.append(["1-14  分行业城镇单位和国有单位就业人员（2015年末）"])
    ws.append(["单位：人"])
    ws.append(["行业", "城镇单位就业人员", "#国有单位", "国有单位占城镇单位比重（%）"])
    rows = [("总    计", "TOTAL")] + [(NAME_2011[s], s) for s in SECTIONS]
    for label, code in rows:
        urban, state = N[(EMP, y, code)], STATE[(y, code)]
        ws.append([label, exact(urban, 10000), exact(state, 10000), round(state / urban * 100, 2)])
        key(name, CHINA, code, "urban_units", EMP, y, urban)
        key(name, CHINA, code, "state_units", EMP, y, state)
    ws.append(["注：国有单位是城镇单位的一部分。"])
    wb.save(OUT / name)


BULLETIN_2017 = """河南省2017年国民经济和社会发展统计公报（节选）

河南省统计局　国家统计局河南调查总队

十二、人口、就业和居民生活

    年末全省城镇非私营单位就业人员中，制造业{c}万人，建筑业{e}万人，教育{p}万人，公共管理、社会保障和社会组织{s}万人。
    全年城镇非私营单位就业人员平均工资中，金融业{jw}元，信息传输、软件和信息技术服务业{iw}元，住宿和餐饮业{hw}元，农、林、牧、渔业{aw}元。

注：本公报中部分数据为初步统计数。
"""


def f05():
    """A bulletin in prose: figures inside sentences are not a table; nothing should land."""
    name = "05_河南省2017年统计公报_就业与工资_节选.txt"
    text = BULLETIN_2017.format(
        c=fmt(H[(EMP, 2017, "C")], 2), e=fmt(H[(EMP, 2017, "E")], 2),
        p=fmt(H[(EMP, 2017, "P")], 2), s=fmt(H[(EMP, 2017, "S")], 2),
        jw=int(H[(WAGE, 2017, "J")]), iw=int(H[(WAGE, 2017, "I")]),
        hw=int(H[(WAGE, 2017, "H")]), aw=int(H[(WAGE, 2017, "A")]))
    # 2 decimals of 万人 in prose are rounded: all the more reason they must not land.
    (OUT / name).write_text(text, encoding="utf-8")


def f06():
    """A bulletin copied from the web page: prose (must not land) and one explicit table
    (tab-separated as a browser copies it) that should."""
    name = "06_河南省2016年统计公报_附表分行业平均工资.txt"
    lines = [
        "河南省2016年国民经济和社会发展统计公报（节选）", "",
        "    年末全省城镇非私营单位就业人员中，制造业{}万人，建筑业{}万人，教育{}万人。".format(
            fmt(H[(EMP, 2016, "C")], 2), fmt(H[(EMP, 2016, "E")], 2), fmt(H[(EMP, 2016, "P")], 2)),
        "    全省城镇非私营单位分行业就业人员平均工资见表12。", "",
        "表12  2016年河南省城镇非私营单位分行业就业人员平均工资", "",
        "行业\t平均工资（元）\t比上年增长（%）",
    ]
    for s in SECTIONS:
        lines.append(f"{NAME_2011[s]}\t{int(H[(WAGE, 2016, s)])}\t{growth(H[(WAGE, 2016, s)], H[(WAGE, 2015, s)])}")
        key(name, HENAN, s, "urban_units", WAGE, 2016, H[(WAGE, 2016, s)])
    lines += ["", "注：平均工资为城镇非私营单位就业人员平均货币工资。"]
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def f07():
    """data.stats.gov.cn 分省年度数据 export: GBK csv, 最近10年 with an empty 2008."""
    name = "07_分省年度数据_河南省_分行业城镇单位就业人员.csv"
    years = list(range(2017, 2007, -1))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["数据库：分省年度数据"])
    w.writerow(["地区：河南省"])
    w.writerow(["时间：最近10年"])
    w.writerow(["指标", *[f"{y}年" for y in years]])
    labels = {s: NAME_2002[s].replace("农、林、牧、渔业", "农林牧渔业") for s in SECTIONS}
    labels["P"] = "教育业"
    for s in SECTIONS:
        w.writerow([f"{labels[s]}城镇单位就业人员(万人)",
                    *[fmt(H[(EMP, y, s)]) if (EMP, y, s) in H else "" for y in years]])
        for y in years:
            if (EMP, y, s) in H:
                key(name, HENAN, s, "urban_units", EMP, y, H[(EMP, y, s)])
    w.writerow(["注：2011年及以后按新的国民经济行业分类标准（GB/T 4754-2011）分组。"])
    w.writerow(["数据来源：国家统计局"])
    (OUT / name).write_bytes(out.getvalue().encode("gbk"))


def f08():
    """The portal's easyquery JSON (what a script saves): datanodes × wdnodes, unit on the node."""
    name = "08_easyquery_hgnd_按行业分国有单位就业人员.json"
    years = [2016, 2017, 2018, 2019, 2020]
    codes = ["TOTAL", *SECTIONS]
    inv = {v: k for k, v in STATE_COL.items()}
    zb = []
    for i, c in enumerate(codes):
        cname = "国有单位就业人员" if c == "TOTAL" else f"{inv[c]}国有单位就业人员"
        zb.append({"cname": cname, "code": f"A040B{i + 1:02d}", "dotcount": 2, "exp": "",
                   "ifshowcode": False, "memo": "", "name": cname, "nodesort": "1",
                   "sortcode": 900 + i, "tag": "", "unit": "万人"})
    nodes = []
    for i, c in enumerate(codes):
        for y in years:
            v = STATE[(y, c)]
            nodes.append({"code": f"zb.A040B{i + 1:02d}_sj.{y}",
                          "data": {"data": v, "dotcount": 2, "hasdata": True,
                                   "strdata": f"{v:.2f}"},
                          "wds": [{"valuecode": f"A040B{i + 1:02d}", "wdcode": "zb"},
                                  {"valuecode": str(y), "wdcode": "sj"}]})
            key(name, CHINA, c, "state_units", EMP, y, v)
    doc = {"returncode": 200, "returndata": {
        "datanodes": nodes, "freshsort": 0, "hasdatacount": len(nodes),
        "wdnodes": [
            {"nodes": zb, "wdcode": "zb", "wdname": "指标"},
            {"nodes": [{"cname": f"{y}年", "code": str(y), "dotcount": 4, "exp": "",
                        "ifshowcode": False, "memo": "", "name": f"{y}年", "nodesort": "1",
                        "sortcode": 40 - i, "tag": "", "unit": ""} for i, y in enumerate(years)],
             "wdcode": "sj", "wdname": "时间"}]}}
    (OUT / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def f09():
    """EPS export: banner rows, one row per place × year × industry, two measures as columns."""
    name = "09_EPS_中国区域经济数据库_河南分行业就业与工资.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "EPS DATA"
    ws.append(["EPS DATA"])
    ws.append(["中国区域经济数据库（年度）"])
    ws.append([])
    ws.append(["地区", "时间", "行业", "城镇单位就业人员(万人)", "城镇单位就业人员平均工资(元)"])
    for y in [2014, 2015, 2016]:
        for s in SECTIONS:
            ws.append(["河南", str(y), NAME_2011[s], H[(EMP, y, s)], H[(WAGE, y, s)]])
            key(name, HENAN, s, "urban_units", EMP, y, H[(EMP, y, s)])
            key(name, HENAN, s, "urban_units", WAGE, y, H[(WAGE, y, s)])
    ws.append([])
    ws.append(["数据来源：EPS DATA 整理自《中国劳动统计年鉴》"])
    wb.save(OUT / name)


def f10():
    """Wind EDB export: series in columns, 频率/单位/指标ID/来源 rows, dates as Excel dates,
    newest first, and a 同比 series that must not land."""
    name = "10_Wind_河南城镇非私营单位平均工资_分行业.xlsx"
    secs = ["C", "E", "F", "G", "I", "J", "P", "Q"]
    years = list(range(2017, 2009, -1))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    heads = [f"河南:城镇非私营单位就业人员平均工资:{NAME_2011[s]}" for s in secs]
    heads.append("河南:城镇非私营单位就业人员平均工资:制造业:同比")
    ws.append(["指标名称", *heads])
    ws.append(["频率", *["年"] * len(heads)])
    ws.append(["单位", *["元"] * len(secs), "%"])
    ws.append(["指标ID", *[f"M00{random.randint(10000, 99999)}" for _ in heads]])
    ws.append(["来源", *["河南省统计局"] * len(heads)])
    for y in years:
        row = [dt.datetime(y, 12, 31)]
        for s in secs:
            row.append(H[(WAGE, y, s)])
            key(name, HENAN, s, "urban_units", WAGE, y, H[(WAGE, y, s)])
        row.append(growth(H[(WAGE, y, "C")], H[(WAGE, y - 1, "C")]) if y > 2009 else None)
        ws.append(row)
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
    ws.append([])
    ws.append(["数据来源：Wind"])
    wb.save(OUT / name)


def f11():
    """A colleague's workbook: two tables on one sheet, years as 2016年度 / 16年, a 备注
    column, a hidden helper column, numbers stored as text, 合计 as a SUM formula with its
    cached value."""
    name = "11_河南就业工资汇总_李工.xlsx"
    years = [2015, 2016, 2017]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["表1  河南省分行业城镇单位就业人员（万人）"])
    ws.append(["行业", *[f"{y}年度" for y in years], "17比15", "备注"])
    first = ws.max_row + 1
    as_text = set(random.sample(SECTIONS, 4))
    for s in SECTIONS:
        vals = [fmt(H[(EMP, y, s)]) if s in as_text else H[(EMP, y, s)] for y in years]
        r = ws.max_row + 1
        note = "口径：城镇非私营单位" if s == "A" else ("统计年鉴修订数" if s == "C" else None)
        ws.append([NAME_2002[s], *vals, f"=D{r}/B{r}", note])
        for y in years:
            key(name, HENAN, s, "urban_units", EMP, y, H[(EMP, y, s)])
    last = ws.max_row
    r = last + 1
    ws.append(["合计", *[f"=SUM({c}{first}:{c}{last})" for c in "BCD"], None, "公式求和"])
    cached = {}
    for c, y in zip("BCD", years):
        cached[f"{c}{r}"] = dsum(H[(EMP, y, s)] for s in SECTIONS)
        key(name, HENAN, "TOTAL", "urban_units", EMP, y, float(cached[f"{c}{r}"]))
    for i in range(first, last + 1):
        s = SECTIONS[i - first]
        cached[f"E{i}"] = repr(H[(EMP, 2017, s)] / H[(EMP, 2015, s)])
    ws.column_dimensions["E"].hidden = True
    ws.append([])
    ws.append([])
    ws.append(["表2  河南省分行业城镇单位就业人员平均工资（元）"])
    ws.append(["行业", *[f"{y % 100}年" for y in years], None, "备注"])
    for s in SECTIONS:
        ws.append([NAME_2002[s], *[H[(WAGE, y, s)] for y in years], None,
                   "含津贴补贴" if s == "J" else None])
        for y in years:
            key(name, HENAN, s, "urban_units", WAGE, y, H[(WAGE, y, s)])
    wb.save(OUT / name)
    xlsx_cached(OUT / name, {"xl/worksheets/sheet1.xml": cached})


def f12():
    """A Word table saved as a web page (.htm, gb2312, mso markup), title in a paragraph."""
    name = "12_河南分行业平均工资_Word表格.htm"
    years = [2014, 2015, 2016]

    def td(text, width=80, align="center"):
        return (f"<td width={width} valign=top style='width:{width * 0.75:.1f}pt;border:solid windowtext 1.0pt;"
                f"padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal align={align} style='text-align:{align}'>"
                f"<span lang=EN-US style='font-size:10.5pt;font-family:宋体'>{text}</span></p></td>")

    rows = ["<tr>" + td("行业", 200) + "".join(td(f"{y}年") for y in years) + td("2016年比上年增长%") + "</tr>"]
    for s in SECTIONS:
        cells = td(NAME_2011[s], 200, "left") + "".join(td(f"{int(H[(WAGE, y, s)])}") for y in years)
        cells += td(f"{growth(H[(WAGE, 2016, s)], H[(WAGE, 2015, s)])}")
        rows.append("<tr>" + cells + "</tr>")
        for y in years:
            key(name, HENAN, s, "urban_units", WAGE, y, H[(WAGE, y, s)])
    html = f"""<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<title>河南分行业平均工资</title>
<style>
<!-- p.MsoNormal {{margin:0cm;text-align:justify;font-size:10.5pt;font-family:等线;}}
 table.MsoNormalTable {{mso-style-name:普通表格;}} -->
</style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<div class=WordSection1>
<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:14.0pt;font-family:黑体'>2014-2016年河南省城镇非私营单位分行业就业人员平均工资</span></b></p>
<p class=MsoNormal align=right style='text-align:right'><span style='font-family:宋体'>单位：元</span></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none'>
{chr(10).join(rows)}
</table>
<p class=MsoNormal><span style='font-family:宋体'>资料来源：《河南统计年鉴》。</span></p>
</div>
</body>
</html>
"""
    (OUT / name).write_bytes(html.replace("\n", "\r\n").encode("gbk"))


def f13():
    """Sections in rows with their codes; two measures over a second header row of years."""
    name = "13_河南分行业就业与工资_双层表头.xlsx"
    years = [2011, 2012, 2013]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "河南2011-2013"
    ws.append(["河南省分行业城镇单位就业人员和平均工资（2011-2013年）"])
    ws.append(["代码", "行业", "就业人员（万人）", None, None, "平均工资（元）", None, None])
    ws.append([None, None, *years, *years])
    ws.merge_cells("C2:E2")
    ws.merge_cells("F2:H2")
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    for s in SECTIONS:
        ws.append([s, NAME_2002[s], *[H[(EMP, y, s)] for y in years], *[H[(WAGE, y, s)] for y in years]])
        for y in years:
            key(name, HENAN, s, "urban_units", EMP, y, H[(EMP, y, s)])
            key(name, HENAN, s, "urban_units", WAGE, y, H[(WAGE, y, s)])
    wb.save(OUT / name)


def f14():
    """English csv in thousand persons (exact ×10 of the 万人 figures), a total row."""
    name = "14_China_urban_employment_by_sector_thousand_persons.csv"
    years = [2019, 2020, 2021]
    lines = ["Number of Employed Persons in Urban Non-private Units by Sector, China",
             "Unit: 1,000 persons", "Sector," + ",".join(map(str, years))]
    for code, label in [("TOTAL", "Total"), *[(s, NAME_EN[s]) for s in SECTIONS]]:
        vals = []
        for y in years:
            v = N[(EMP, y, code)]
            vals.append(fmt(float(Decimal(repr(v)) * 10), 6))
            key(name, CHINA, code, "urban_units", EMP, y, v)
        lines.append(f'"{label}",' + ",".join(vals))
    lines.append("Source: National Bureau of Statistics of China.")
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def f15():
    """Wages in 万元 (exact ÷10 000) and a rank column that must not land."""
    name = "15_河南分行业平均工资_万元_2009-2011.xlsx"
    years = [2009, 2010, 2011]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "平均工资"
    ws.append(["河南省城镇单位分行业就业人员平均工资"])
    ws.append(["单位：万元"])
    ws.append(["行业", *[f"{y}年" for y in years], "2011年位次"])
    ranks = {s: r for r, s in enumerate(sorted(SECTIONS, key=lambda s: -H[(WAGE, 2011, s)]), 1)}
    for s in SECTIONS:
        ws.append([NAME_2002[s], *[float(Decimal(repr(H[(WAGE, y, s)])) / 10000) for y in years], ranks[s]])
        for y in years:
            key(name, HENAN, s, "urban_units", WAGE, y, H[(WAGE, y, s)])
    wb.save(OUT / name)


def f16():
    """A colleague's long table in 人 with a share measure in the same columns (not to land)."""
    name = "16_河南就业人员长表_人_2012-2014.csv"
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["年份", "地区", "门类", "行业名称", "指标", "单位", "数值"])
    for y in [2012, 2013, 2014]:
        total = sum(Decimal(fmt(H[(EMP, y, s)])) for s in SECTIONS)
        for s in SECTIONS:
            v = H[(EMP, y, s)]
            w.writerow([y, "河南省", s, NAME_2002[s], "城镇单位就业人员", "人", exact(v, 10000)])
            key(name, HENAN, s, "urban_units", EMP, y, v)
            w.writerow([y, "河南省", s, NAME_2002[s], "占城镇单位就业人员比重", "%",
                        f"{float(Decimal(fmt(v)) / total * 100):.2f}"])
    (OUT / name).write_text(out.getvalue(), encoding="utf-8-sig")


def f17():
    """中国统计年鉴 wage by universe: years in rows, a merged two-level header, indices that must
    not land, and the 在岗职工 series beside them."""
    name = "17_中国统计年鉴2021_4-11城镇非私营单位就业人员平均工资和指数.xlsx"
    years = [2016, 2017, 2018, 2019, 2020]
    scopes = ["urban_units", "state_units", "collective_units", "other_units"]
    heads = ["合计", "国有单位", "城镇集体单位", "其他单位"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "4-11"
    ws.append(["4-11  城镇非私营单位就业人员平均工资和指数"])
    ws.append(["年  份", "平均货币工资（元）", None, None, None, "平均货币工资指数（上年=100）",
               None, None, None, "在岗职工平均工资（元）"])
    ws.append([None, *heads, *heads, None])
    ws.merge_cells("B2:E2")
    ws.merge_cells("F2:I2")
    ws.merge_cells("A2:A3")
    ws.merge_cells("J2:J3")
    for y in years:
        ws.append([y, *[int(_wage.loc[y, SCOPE_WAGE_COL[sc]]) for sc in scopes],
                   *[round(float(_wage.loc[y, INDEX_COL[sc]]), 1) for sc in scopes],
                   int(_wage.loc[y, SCOPE_WAGE_COL["urban_units_on_post"]])])
        for sc in [*scopes, "urban_units_on_post"]:
            key(name, CHINA, "TOTAL", sc, WAGE, y, float(_wage.loc[y, SCOPE_WAGE_COL[sc]]))
    wb.save(OUT / name)


def f18():
    """Employment by three sectors (all employed persons): only the total is an industry
    figure; 第一/二/三产业 are not GB/T 4754 sections, and the 构成 shares must not land."""
    name = "18_中国统计年鉴_按三次产业分就业人员数.xlsx"
    years = [2016, 2017, 2018, 2019, 2020]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "4-3"
    ws.append(["4-3  按三次产业分就业人员数（年末数）"])
    ws.append(["年  份", "就业人员（万人）", None, None, None, "构成（%）", None, None])
    ws.append([None, "合计", "第一产业", "第二产业", "第三产业", "第一产业", "第二产业", "第三产业"])
    ws.merge_cells("B2:E2")
    ws.merge_cells("F2:H2")
    for y in years:
        row = _sectors.loc[y]
        tot, p1, p2, p3 = (float(row[c]) for c in ["就业人员", "第一产业就业人员", "第二产业就业人员", "第三产业就业人员"])
        ws.append([y, int(tot), p1, p2, p3, *[round(p / tot * 100, 1) for p in (p1, p2, p3)]])
        key(name, CHINA, "TOTAL", "all_employed", EMP, y, tot)
    ws.append(["注：就业人员包括城镇和乡村就业人员。"])
    wb.save(OUT / name)


def main() -> None:
    for f in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18):
        f()
    frame = pd.DataFrame(KEY)
    assert not frame.duplicated(["file", "region_code", "industry_code", "scope", "measure", "year"]).any()
    frame.to_csv(OUT / "expected.csv", index=False)
    print(frame.groupby("file").size().to_string(), "\n", len(frame), "figures")


if __name__ == "__main__":
    main()
