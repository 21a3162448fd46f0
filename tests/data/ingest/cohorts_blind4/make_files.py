"""Writes the 10 synthetic files of this blind set and its answer key (expected.csv).

Every figure is made up (seeded), CC0. The key is computed here from the rules of
docs/data-dictionary.md as a user reads them (see README.md, "How the key was made"); it is not
produced by talentcast. Run: python make_files.py (from this folder); output is deterministic.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

HERE = Path(__file__).parent
rng = random.Random(20261205)
KEY: list[dict] = []
GRAD = ["college_code", "college_name", "major_code", "major_name_src", "year", "graduates", "employed",
        "further_study", "employed_in_province", "counterpart_employed", "starting_salary_cny_month",
        "destination_industries", "derived", "status"]
ENROL = ["college_code", "college_name", "major_code", "major_name_src", "year", "new_students",
         "new_students_basis", "students_in_school", "status"]


def rround(x: float) -> int:
    """Round half away from zero, refusing near-ties so the key does not hang on a rounding rule."""
    frac = abs(x) % 1
    assert abs(frac - 0.5) > 0.02, f"near tie {x}"
    return int(x + 0.5)


def key(kind: str, file: str, **row) -> None:
    out = {"kind": kind, "file": file}
    for f in dict.fromkeys(GRAD + ENROL):
        out[f] = row.get(f, "")
    out["status"] = "synthetic"
    KEY.append(out)


def sheet_write(ws, r: int, values: list, start: int = 1) -> None:
    for i, v in enumerate(values):
        if v is not None:
            ws.cell(row=r, column=start + i, value=v)


def merge(ws, ref: str, center: bool = True) -> None:
    ws.merge_cells(ref)
    if center:
        ws[ref.split(":")[0]].alignment = Alignment(horizontal="center", vertical="center")


def pct(x: float, digits: int = 1) -> str:
    return f"{x * 100:.{digits}f}%"


# --------------------------------------------------------------------------------------------
# G1: a made-up college's 毕业生就业质量年度报告, 附表 exported to xlsx. Rates only ("95.3%"),
# so further_study, employed, employed_in_province and counterpart_employed are derived.
def g1() -> None:
    file = "G1_2024届毕业生就业质量年度报告附表.xlsx"
    college = "中原示例职业技术学院"
    majors = [("460301", "机电一体化技术"), ("460305", "工业机器人技术"), ("460306", "电气自动化技术"),
              ("510201", "计算机应用技术"), ("510203", "软件技术"), ("530302", "大数据与会计"),
              ("530701", "电子商务"), ("500211", "汽车检测与维修技术")]
    wb = Workbook(); ws = wb.active; ws.title = "附表3"
    ws["A1"] = f"{college}2024届毕业生就业质量年度报告"; merge(ws, "A1:H1")
    ws["A2"] = "附表3  分专业毕业生就业情况（合成数据）"; merge(ws, "A2:H2")
    ws["A3"] = "单位：人"; merge(ws, "A3:H3")
    sheet_write(ws, 4, ["序号", "专业代码", "专业名称", "毕业生数", "就业情况", None, None, "升学率"])
    sheet_write(ws, 5, [None, None, None, None, "就业率", "专业相关度", "省内就业比例", None])
    for ref in ("A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:G4", "H4:H5"):
        merge(ws, ref)
    r = 6; tot = 0
    for i, (code, name) in enumerate(majors, 1):
        while True:
            n = rng.randint(60, 420)
            up_r = round(rng.uniform(0.02, 0.18), 3); emp_r = round(rng.uniform(0.86, 0.985), 3)
            rel_r = round(rng.uniform(0.55, 0.88), 3); prov_r = round(rng.uniform(0.58, 0.86), 3)
            try:
                fs = rround(up_r * n); emp = rround(emp_r * n) - fs
                prov = rround(prov_r * emp); cp = rround(rel_r * emp)
                # the key must not depend on whether a reader rounds before or after subtracting
                assert emp == rround(emp_r * n - up_r * n)
                assert (prov, cp) == (rround(prov_r * (emp_r - up_r) * n), rround(rel_r * (emp_r - up_r) * n))
                break
            except AssertionError:
                continue
        sheet_write(ws, r, [i, code, name, n, pct(emp_r), pct(rel_r), pct(prov_r), pct(up_r)])
        key("graduates", file, college_name=college, major_code=code, major_name_src=name, year=2024,
            graduates=n, employed=emp, further_study=fs, employed_in_province=prov, counterpart_employed=cp,
            derived="further_study,employed,employed_in_province,counterpart_employed")
        tot += n; r += 1
    sheet_write(ws, r, ["合计", None, None, tot, "93.8%", "71.2%", "70.4%", "9.6%"]); merge(ws, f"A{r}:C{r}")
    ws.cell(row=r + 1, column=1, value="注：1.就业率=（就业人数+升学人数）/毕业生数；2.专业相关度、省内就业比例均以已就业毕业生为基数；"
                                       "3.本表学校名称与全部数值均为合成数据，仅用于软件测试。")
    merge(ws, f"A{r + 1}:H{r + 1}", center=False)
    ws.cell(row=r + 2, column=1, value="数据来源：学校就业指导中心，统计截止日期2024年12月31日。")
    wb.save(HERE / file)


# --------------------------------------------------------------------------------------------
# G2: an employment platform's csv export in GBK: several real colleges by 5-digit 院校代码 and
# name, majors by name only, 学历层次 picks the level of a name both levels use.
def g2() -> None:
    file = "G2_就业平台导出_2023届.csv"
    rows_in = [("10835", "漯河职业技术学院", "专科", ["护理", "药学", "机电一体化技术", "现代物流管理"]),
               ("10843", "郑州铁路职业技术学院", "专科", ["铁道交通运营管理", "城市轨道交通运营管理", "计算机网络技术"]),
               ("14169", "河南科技职业大学", None, [("本科", "大数据与会计"), ("专科", "大数据与会计"),
                                                   ("本科", "电子商务"), ("专科", "护理")])]
    codes = {("专科", "护理"): "520201", ("专科", "药学"): "520301", ("专科", "机电一体化技术"): "460301",
             ("专科", "现代物流管理"): "530802", ("专科", "铁道交通运营管理"): "500112",
             ("专科", "城市轨道交通运营管理"): "500606", ("专科", "计算机网络技术"): "510202",
             ("本科", "大数据与会计"): "330302", ("专科", "大数据与会计"): "530302", ("本科", "电子商务"): "330701"}
    header = ["院校代码", "院校名称", "专业名称", "学历层次", "毕业年份", "毕业生人数", "已就业人数", "升学人数",
              "出国出境人数", "就业率(%)", "数据性质"]
    lines = [header]
    for code5, name, level, majors in rows_in:
        for m in majors:
            lvl, mname = (level, m) if level else m
            n = rng.randint(40, 380); fs = rng.randint(0, n // 8); ab = rng.choice([0, 0, 0, 1, 2])
            emp = rng.randint(int(n * 0.78), n - fs - ab)
            rate = round((emp + fs + ab) / n * 100, 2)
            assert rround(rate / 100 * n) == emp + fs + ab
            lines.append([code5, name, mname, lvl, "2023", n, emp, fs, ab, f"{rate:.2f}", "合成"])
            key("graduates", file, college_code="41410" + code5, college_name=name, major_code=codes[(lvl, mname)],
                major_name_src=mname, year=2023, graduates=n, employed=emp, further_study=fs)
    with open(HERE / file, "w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows(lines)


# --------------------------------------------------------------------------------------------
# G3: the provincial department's summary by college × major, college cells merged down,
# 小计 per college, 总计, notes; 毕业去向落实率（%） with 升学人数 gives employed.
def g3() -> None:
    file = "G3_2023届全省高职毕业生分校分专业去向落实情况汇总.xlsx"
    colleges = [("4141010843", "郑州铁路职业技术学院", [("500112", "铁道交通运营管理"), ("500606", "城市轨道交通运营管理"),
                                                        ("510202", "计算机网络技术")]),
                ("4141012794", "河南工业职业技术学院", [("460103", "数控技术"), ("460301", "机电一体化技术"),
                                                        ("460702", "新能源汽车技术")]),
                ("4141013782", "商丘医学高等专科学校", [("520201", "护理"), ("520501", "医学检验技术"),
                                                        ("520601", "康复治疗技术")])]
    wb = Workbook(); ws = wb.active; ws.title = "汇总表"
    ws["A1"] = "2023届全省高职（专科）毕业生分学校分专业毕业去向落实情况（合成数据，仅供测试）"; merge(ws, "A1:H1")
    ws["A2"] = "填报单位：（示例）"; ws["G2"] = "单位：人"
    sheet_write(ws, 3, ["序号", "学校标识码", "学校名称", "专业代码", "专业名称", "毕业生数", "升学人数", "毕业去向落实率（%）"])
    r = 4; seq = 1; grand = [0, 0]
    for code, name, majors in colleges:
        first = r; sub = [0, 0]
        for mcode, mname in majors:
            n = rng.randint(80, 650); fs = rng.randint(3, n // 6)
            dest = rng.randint(int(n * 0.84), n - 1)
            rate = round(dest / n * 100, 2)
            assert rround(rate / 100 * n) == dest
            sheet_write(ws, r, [seq, code if r == first else None, name if r == first else None, mcode, mname, n, fs, rate])
            key("graduates", file, college_code=code, college_name=name, major_code=mcode, major_name_src=mname,
                year=2023, graduates=n, employed=dest - fs, further_study=fs, derived="employed")
            sub[0] += n; sub[1] += fs; r += 1; seq += 1
        merge(ws, f"B{first}:B{r - 1}"); merge(ws, f"C{first}:C{r - 1}")
        sheet_write(ws, r, [None, "小计", None, None, None, sub[0], sub[1], 91.5]); merge(ws, f"B{r}:E{r}")
        grand[0] += sub[0]; grand[1] += sub[1]; r += 1
    sheet_write(ws, r, ["总计", None, None, None, None, grand[0], grand[1], 91.2]); merge(ws, f"A{r}:E{r}")
    ws.cell(row=r + 1, column=1, value="注：1.毕业去向落实率=（协议和合同就业+灵活就业+升学+出国出境等）/毕业生数；"
                                       "2.本表全部数值为合成数据，不反映任何学校的实际情况。")
    merge(ws, f"A{r + 1}:H{r + 1}", center=False)
    wb.save(HERE / file)


# --------------------------------------------------------------------------------------------
# G4: a 2021届 table of a made-up college with 2015-catalogue codes and names; all counts given.
def g4() -> None:
    file = "G4_2021届毕业生分专业就业统计表.xlsx"
    college = "豫东示例职业学院"
    # 2015 code, 2015 name, 2021 code by data/crosswalk/major_concordance.csv (and by name where equal)
    majors = [("560102", "机械制造与自动化", "460104"), ("560301", "机电一体化技术", "460301"),
              ("540102", "建筑装饰工程技术", "440102"), ("590107", "食品营养与检测", "490104"),
              ("630302", "会计", "530302"), ("630903", "物流管理", "530802"), ("620201", "护理", "520201"),
              ("610201", "计算机应用技术", "510201"), ("630801", "电子商务", "530701")]
    wb = Workbook(); ws = wb.active; ws.title = "Sheet1"
    ws["A1"] = "2021届毕业生分专业就业统计表（模拟数据）"; merge(ws, "A1:H1")
    ws["A2"] = f"学校名称：{college}"; ws["F2"] = "填报日期：2021年12月20日"
    sheet_write(ws, 3, ["专业代码", "专业名称", "毕业生数", "就业人数", "升学人数", "专业对口人数", "省内就业人数", "平均月收入（元）"])
    r = 4
    for code15, name, code21 in majors:
        n = rng.randint(35, 300); fs = rng.randint(0, n // 7); emp = rng.randint(int(n * 0.8), n - fs)
        cp = rng.randint(int(emp * 0.5), int(emp * 0.85)); prov = rng.randint(int(emp * 0.55), int(emp * 0.9))
        sal = rng.randrange(3200, 5200, 10)
        sheet_write(ws, r, [code15, name, n, emp, fs, cp, prov, sal])
        key("graduates", file, college_name=college, major_code=code21, major_name_src=name, year=2021, graduates=n,
            employed=emp, further_study=fs, employed_in_province=prov, counterpart_employed=cp,
            starting_salary_cny_month=sal)
        r += 1
    ws.cell(row=r, column=1, value="注：专业代码、名称为《普通高等学校高等职业教育（专科）专业目录（2015年）》所列；学校及数据均为虚构。")
    wb.save(HERE / file)


# --------------------------------------------------------------------------------------------
# G5: three graduating years across the columns, college by 学校标识码 only, majors by name only,
# 就业率 as decimals and no 升学: employed is not derived.
def g5() -> None:
    file = "G5_近三届毕业生分专业规模.xlsx"
    code, listed = "4141013784", "信阳职业技术学院"
    majors = [("护理", "520201"), ("数控技术", "460103"), ("工程造价", "440501"), ("计算机应用技术", "510201"),
              ("汽车检测与维修", ""), ("电子商务", "530701"), ("人工智能技术应用", "510209")]
    years = [2022, 2023, 2024]
    wb = Workbook(); ws = wb.active; ws.title = "毕业生规模"
    ws["A1"] = "近三届毕业生分专业规模与就业率（合成数据）"; merge(ws, "A1:G1")
    ws["A2"] = f"学校标识码：{code}"
    sheet_write(ws, 3, ["专业名称", "毕业生数（人）", None, None, "就业率", None, None])
    sheet_write(ws, 4, [None] + [f"{y}届" for y in years] * 2)
    for ref in ("A3:A4", "B3:D3", "E3:G3"):
        merge(ws, ref)
    r = 5
    for name, mcode in majors:
        ns, rates = [], []
        for y in years:
            if name == "人工智能技术应用" and y < 2024:
                ns.append("—"); rates.append("—"); continue
            n = rng.randint(45, 360); ns.append(n); rates.append(round(rng.uniform(0.85, 0.99), 3))
            key("graduates", file, college_code=code, college_name=listed, major_code=mcode, major_name_src=name,
                year=y, graduates=n)
        sheet_write(ws, r, [name] + ns + rates)
        for c in range(5, 8):
            ws.cell(row=r, column=c).number_format = "0.000"
        r += 1
    ws.cell(row=r, column=1, value="说明：就业率含升学、出国出境；人工智能技术应用专业2021年首次招生。数值均为合成。")
    wb.save(HERE / file)


# --------------------------------------------------------------------------------------------
# G6: one sheet per graduating year, 专业群 merged down, 毕业生 over 总数 | 其中：女, salary in
# 千元/月; in 2024 the IT group's salary is one merged cell (a group figure: those rows refused).
def g6() -> None:
    file = "G6_分专业群毕业生就业情况_2023-2024届.xlsx"
    college = "伏牛示例高等专科学校"
    groups = [("智能制造专业群", [("460103", "数控技术"), ("460104", "机械制造及自动化"), ("460113", "模具设计与制造")]),
              ("建筑工程专业群", [("440301", "建筑工程技术"), ("440501", "工程造价"), ("440502", "建设工程管理")]),
              ("信息技术专业群", [("510202", "计算机网络技术"), ("510206", "云计算技术应用")])]
    wb = Workbook(); wb.remove(wb.active)
    for year in (2023, 2024):
        ws = wb.create_sheet(f"{year}届")
        ws["A1"] = f"{college}{year}届毕业生分专业就业情况（合成数据）"; merge(ws, "A1:I1")
        sheet_write(ws, 2, ["专业群", "专业代码", "专业名称", "毕业生", None, "就业人数", "升学人数", "专业对口就业人数",
                            "平均起薪（千元/月）"])
        sheet_write(ws, 3, [None, None, None, "总数", "其中：女"])
        for ref in ("A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3", "G2:G3", "H2:H3", "I2:I3"):
            merge(ws, ref)
        r = 4
        for gname, majors in groups:
            first = r
            group_salary = year == 2024 and gname == "信息技术专业群"
            for mcode, mname in majors:
                n = rng.randint(40, 260); fem = rng.randint(n // 10, n // 2); fs = rng.randint(0, n // 9)
                emp = rng.randint(int(n * 0.8), n - fs); cp = rng.randint(int(emp * 0.5), int(emp * 0.85))
                sal = round(rng.uniform(3.6, 5.4), 2)
                sheet_write(ws, r, [gname if r == first else None, mcode, mname, n, fem, emp, fs, cp,
                                    None if (group_salary and r != first) else sal])
                if not group_salary:
                    key("graduates", file, college_name=college, major_code=mcode, major_name_src=mname, year=year,
                        graduates=n, employed=emp, further_study=fs, counterpart_employed=cp,
                        starting_salary_cny_month=round(sal * 1000))
                r += 1
            merge(ws, f"A{first}:A{r - 1}")
            if group_salary:
                merge(ws, f"I{first}:I{r - 1}")
        ws.cell(row=r, column=1, value=f"注：起薪为{year}届毕业生毕业半年后平均月收入；学校名称及全部数值为合成数据。")
    wb.save(HERE / file)


# --------------------------------------------------------------------------------------------
# E1: a made-up college's 招生计划执行情况: plan, admitted, registered (报到); one major's 报到
# not yet counted ("—") falls back to 录取.
def e1() -> None:
    file = "E1_2024年分专业招生计划执行情况.xlsx"
    college = "中原示例职业技术学院"
    majors = [("460301", "机电一体化技术"), ("460305", "工业机器人技术"), ("460306", "电气自动化技术"),
              ("510201", "计算机应用技术"), ("510203", "软件技术"), ("530302", "大数据与会计"),
              ("530701", "电子商务"), ("500211", "汽车检测与维修技术"), ("460702", "新能源汽车技术")]
    wb = Workbook(); ws = wb.active; ws.title = "2024"
    ws["A1"] = f"{college}2024年分专业招生计划执行情况（模拟数据）"; merge(ws, "A1:H1")
    ws["A2"] = "单位：人"; merge(ws, "A2:H2")
    sheet_write(ws, 3, ["序号", "专业代码", "专业名称", "学制", "招生计划数", "录取数", "报到数", "报到率"])
    r = 4; tp = ta = 0
    for i, (code, name) in enumerate(majors, 1):
        plan = rng.choice([80, 100, 120, 150, 200, 250, 300]); adm = rng.randint(int(plan * 0.85), plan)
        if name == "新能源汽车技术":
            sheet_write(ws, r, [i, code, name, "三年", plan, adm, "—", "—"])
            key("enrollment", file, college_name=college, major_code=code, major_name_src=name, year=2024,
                new_students=adm, new_students_basis="admitted")
        else:
            reg = rng.randint(int(adm * 0.86), adm)
            sheet_write(ws, r, [i, code, name, "三年", plan, adm, reg, pct(reg / adm)])
            key("enrollment", file, college_name=college, major_code=code, major_name_src=name, year=2024,
                new_students=reg, new_students_basis="registered")
        tp += plan; ta += adm; r += 1
    sheet_write(ws, r, ["合计", None, None, None, tp, ta, None, None]); merge(ws, f"A{r}:D{r}")
    ws.cell(row=r + 1, column=1, value="注：1.报到数统计截至2024年10月15日，新能源汽车技术专业报到数据尚未汇总；2.本表为模拟数据。")
    merge(ws, f"A{r + 1}:H{r + 1}", center=False)
    wb.save(HERE / file)


# --------------------------------------------------------------------------------------------
# E2: a 教育事业统计 基层表-like sheet (高基321 普通专科分专业学生数): column-number row
# (甲 乙 丙 1 2 …), 总计 on top, 招生数 and 在校学生数 合计 under a two-row header.
def e2() -> None:
    file = "E2_高基321_普通专科分专业学生数_2024.xlsx"
    college, code = "黄淮示例职业学院", "4141099902"
    majors = [("护理", "520201"), ("助产", "520202"), ("药学", "520301"), ("医学检验技术", "520501"),
              ("康复治疗技术", "520601"), ("口腔医学技术", "520504"), ("中药学", "520410"), ("市场营销", "530605")]
    wb = Workbook(); ws = wb.active; ws.title = "高基321"
    ws["A1"] = "高基321"; ws["J1"] = "表号：教育统计-高基321（示例）"
    ws["A2"] = "普通专科分专业学生数（合成数据）"; merge(ws, "A2:K2")
    ws["A3"] = f"学校名称：{college}　　学校标识码：{code}　　2024-2025学年初　　单位：人"; merge(ws, "A3:K3", center=False)
    sheet_write(ws, 4, ["专业名称", "专业代码", "年制", "毕业生数", "招生数", "在校学生数", None, None, None, "预计毕业生数"])
    sheet_write(ws, 5, [None, None, None, None, None, "合计", "一年级", "二年级", "三年级", None])
    for ref in ("A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:I4", "J4:J5"):
        merge(ws, ref)
    sheet_write(ws, 6, ["甲", "乙", "丙", 1, 2, 3, 4, 5, 6, 7])
    rows = []
    for name, mcode in majors:
        g = rng.randint(60, 600); new = rng.randint(60, 650); y1 = new - rng.randint(0, 4)
        y2 = rng.randint(50, 620); y3 = rng.randint(50, 600); total = y1 + y2 + y3
        rows.append([name, mcode, 3, g, new, total, y1, y2, y3, y3])
        key("enrollment", file, college_code=code, college_name=college, major_code=mcode, major_name_src=name,
            year=2024, new_students=new, new_students_basis="enrolled", students_in_school=total)
    sums = [sum(r[i] for r in rows) for i in range(3, 10)]
    sheet_write(ws, 7, ["总计", None, None] + sums)
    for i, row in enumerate(rows):
        sheet_write(ws, 8 + i, row)
    end = 8 + len(rows)
    ws.cell(row=end, column=1, value="单位负责人：（示例）　　统计负责人：（示例）　　填表人：（示例）　　报出日期：2024年10月")
    ws.cell(row=end + 1, column=1, value="说明：学校名称、学校标识码和全部数值均为合成数据，仅用于测试。")
    wb.save(HERE / file)


# --------------------------------------------------------------------------------------------
# E3: the provincial 录取 summary by college × major: 5-digit 院校代码, merged college cells,
# 计划数 (never landed), 录取数 (admitted), 录取最低分 (not a count), 合计.
def e3() -> None:
    file = "E3_2023年高职分院校分专业录取情况.xlsx"
    colleges = [("13789", "河南交通职业技术学院", [("道路与桥梁工程技术", "500201"), ("汽车检测与维修技术", "500211"),
                                                    ("现代物流管理", "530802"), ("城市轨道交通运营管理", "500606")]),
                ("13790", "河南农业职业学院", [("畜牧兽医", "410303"), ("园林技术", "410202"),
                                               ("食品检验检测技术", "490104"), ("电子商务", "530701")])]
    wb = Workbook(); ws = wb.active; ws.title = "录取情况"
    ws["A1"] = "2023年河南省高职（专科）分院校分专业录取情况（合成数据）"; merge(ws, "A1:F1")
    sheet_write(ws, 2, ["院校代码", "院校名称", "专业名称", "计划数", "录取数", "录取最低分"])
    r = 3; tp = ta = 0
    for c5, name, majors in colleges:
        first = r
        for mname, mcode in majors:
            plan = rng.choice([50, 80, 100, 150, 200, 260]); adm = rng.randint(int(plan * 0.9), plan)
            sheet_write(ws, r, [c5 if r == first else None, name if r == first else None, mname, plan, adm,
                                rng.randint(200, 420)])
            key("enrollment", file, college_code="41410" + c5, college_name=name, major_code=mcode, major_name_src=mname,
                year=2023, new_students=adm, new_students_basis="admitted")
            tp += plan; ta += adm; r += 1
        merge(ws, f"A{first}:A{r - 1}"); merge(ws, f"B{first}:B{r - 1}")
    sheet_write(ws, r, ["合计", None, None, tp, ta, None]); merge(ws, f"A{r}:C{r}")
    ws.cell(row=r + 1, column=1, value="注：录取数含征集志愿录取；本表全部数值为合成数据。")
    wb.save(HERE / file)


# --------------------------------------------------------------------------------------------
# E4: one sheet per intake (2023级, 2024级), college by code only, 二级学院 merged down (a
# department, not the college), 数据性质 column, 录取人数 and 报到人数.
def e4() -> None:
    file = "E4_新生分专业报到统计_2023级2024级.xlsx"
    code, listed = "4141013565", "郑州信息科技职业学院"
    depts = [("信息工程学院", [("软件技术", "510203"), ("数字媒体技术", "510204"), ("人工智能技术应用", "510209"),
                             ("云计算技术应用", "510206")]),
             ("经济管理学院", [("大数据与会计", "530302"), ("电子商务", "530701"), ("市场营销", "530605")])]
    wb = Workbook(); wb.remove(wb.active)
    for year in (2023, 2024):
        ws = wb.create_sheet(f"{year}级")
        ws["A1"] = f"{year}级新生分专业报到统计（合成数据）"; merge(ws, "A1:F1")
        ws["A2"] = f"学校标识码：{code}"
        sheet_write(ws, 3, ["二级学院", "专业名称", "录取人数", "报到人数", "报到率", "数据性质"])
        r = 4
        for dept, majors in depts:
            first = r
            for mname, mcode in majors:
                if year == 2023 and mname == "云计算技术应用":
                    continue  # first intake 2024
                adm = rng.randint(60, 420); reg = rng.randint(int(adm * 0.85), adm)
                sheet_write(ws, r, [dept if r == first else None, mname, adm, reg, pct(reg / adm), "合成"])
                key("enrollment", file, college_code=code, college_name=listed, major_code=mcode, major_name_src=mname,
                    year=year, new_students=reg, new_students_basis="registered")
                r += 1
            merge(ws, f"A{first}:A{r - 1}")
        ws.cell(row=r, column=1, value="注：报到人数以9月30日学籍注册为准。")
    wb.save(HERE / file)


if __name__ == "__main__":
    for make in (g1, g2, g3, g4, g5, g6, e1, e2, e3, e4):
        make()
    with open(HERE / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(KEY[0]))
        writer.writeheader()
        writer.writerows(KEY)
    print(len(KEY), "key rows")
