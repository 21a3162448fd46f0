"""Regenerate the blind-round-4 statistics fixtures from the repository's real NBS samples.

Every figure comes from ``data/sample/statistics`` (Henan urban-unit employment and average
wage by section 2009-2017; national urban-unit series 2000-2022). Cells for universes we have
no real figures for (私营单位, 在岗职工) are left '…' or empty: nothing is invented.

Run from the repository root: ``python tests/data/ingest/statistics_blind4/make_blind4.py``.
It writes the fixture files and ``expected.csv`` (the figures each file should land).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SAMPLE = ROOT / "data" / "sample" / "statistics"
SECTIONS = list("ABCDEFGHIJKLMNOPQRS")
# GB/T 4754-2011 section names as Henan yearbooks since 2013 print them.
NAMES_2011 = {
    "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业", "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业", "F": "批发和零售业", "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业", "J": "金融业", "K": "房地产业", "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业", "N": "水利、环境和公共设施管理业", "O": "居民服务、修理和其他服务业",
    "P": "教育", "Q": "卫生和社会工作", "R": "文化、体育和娱乐业", "S": "公共管理、社会保障和社会组织",
}
# Traditional-character forms of the 2002-edition names (Hong Kong / Taiwan compilations).
NAMES_TRAD = {
    "A": "農、林、牧、漁業", "B": "採礦業", "C": "製造業", "D": "電力、燃氣及水的生產和供應業",
    "E": "建築業", "F": "批發和零售業", "G": "交通運輸、倉儲和郵政業", "H": "住宿和餐飲業",
    "I": "信息傳輸、計算機服務和軟件業", "J": "金融業", "K": "房地產業", "L": "租賃和商務服務業",
    "M": "科學研究、技術服務和地質勘查業", "N": "水利、環境和公共設施管理業", "O": "居民服務和其他服務業",
    "P": "教育", "Q": "衛生、社會保障和社會福利業", "R": "文化、體育和娛樂業", "S": "公共管理和社會組織",
}
MEASURES = {"employment_10k_persons": "employment_10k", "avg_wage_yuan": "avg_wage_cny_year"}


def _henan() -> pd.DataFrame:
    df = pd.read_csv(SAMPLE / "nbs_provincial" / "henan_by_section_2009-2017.csv")
    df["measure"] = df["measure"].map(MEASURES)
    df["region_code"] = "410000"
    return df.rename(columns={"section": "industry_code"})[["region_code", "industry_code", "measure", "year", "value"]]


def _national() -> pd.DataFrame:
    df = pd.read_csv(SAMPLE / "nbs_national" / "tidy_china_national_urban_units_by_section_2000-2022.csv")
    # One figure per cell: the newer release where both releases print the year.
    df["rank"] = (df["vintage"] == "new_2010-2021").astype(int)
    df = df.sort_values("rank").drop_duplicates(["measure", "year", "section"], keep="last")
    df["measure"] = df["measure"].map(MEASURES)
    df["region_code"] = "100000"
    return df.rename(columns={"section": "industry_code"})[["region_code", "industry_code", "measure", "year", "value"]]


HENAN = _henan()
NATIONAL = _national()
EXPECTED: list[pd.DataFrame] = []


def val(data: pd.DataFrame, code: str, measure: str, year: int) -> float:
    row = data[(data.industry_code == code) & (data.measure == measure) & (data.year == year)]
    assert len(row) == 1, (code, measure, year)
    return float(row["value"].iloc[0])


def expect(name: str, data: pd.DataFrame, codes, measures, years) -> None:
    sel = data[data.industry_code.isin(codes) & data.measure.isin(measures) & data.year.isin(years)].copy()
    sel["file"] = name
    EXPECTED.append(sel)


def num(x: float):
    """A figure as a spreadsheet stores it (wages are whole yuan)."""
    return int(x) if float(x).is_integer() else x


def section_table(ws, title: str, heads: list[list], year: int, label=NAMES_2011.get, data=None) -> None:
    """Write a title row, the header rows and one row per section (employment, wage) of ``year``."""
    data = HENAN if data is None else data
    ws.append([title])
    for head in heads:
        ws.append(head)
    for s in SECTIONS:
        ws.append([label(s), num(val(data, s, "employment_10k", year)), num(val(data, s, "avg_wage_cny_year", year))])


def grouped_table(ws, title: str, groups: list[str], cells) -> None:
    """A two-row header: each group label merged over 就业人员 | 平均工资; one row per section."""
    ws.append([title])
    ws.append(["行业"] + [x for g in groups for x in (g, None)])
    ws.append([None] + ["就业人员（万人）", "平均工资（元）"] * len(groups))
    for i in range(len(groups)):
        ws.merge_cells(start_row=2, start_column=2 + 2 * i, end_row=2, end_column=3 + 2 * i)
    for s in SECTIONS:
        ws.append([NAMES_2011[s]] + cells(s))


def private_vs_nonprivate() -> None:
    """2017: 城镇非私营单位 and 城镇私营单位 side by side; private cells '…' (no real figures)."""
    name = "2017河南分行业非私营与私营单位.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "4-12"
    grouped_table(ws, "4-12  2017年按行业分城镇非私营单位和私营单位就业人员及平均工资", ["城镇非私营单位", "城镇私营单位"],
                  lambda s: [num(val(HENAN, s, m, 2017)) for m in ("employment_10k", "avg_wage_cny_year")] + ["…", "…"])
    ws.merge_cells("A2:A3")
    ws.append(["注：私营单位数据暂缺。"])
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2017])


def on_post_vs_employed() -> None:
    """2016 wages: 就业人员平均工资 next to an empty 在岗职工平均工资 column (no real on-post figures)."""
    name = "henan_2016_wage_employed_vs_onpost.csv"
    lines = ["2016年河南省城镇非私营单位分行业平均工资", "单位：元",
             "行业,就业人员平均工资,在岗职工平均工资"]
    for s in SECTIONS:
        lines.append(f"{NAMES_2011[s]},{num(val(HENAN, s, 'avg_wage_cny_year', 2016))},")
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    expect(name, HENAN, SECTIONS, ["avg_wage_cny_year"], [2016])


def province_comparison() -> None:
    """Manufacturing wage 2010-2017, regions as rows (全国, 河南), years across."""
    name = "制造业平均工资_全国与河南比较.xlsx"
    years = list(range(2010, 2018))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "比较"
    ws.append(["制造业城镇非私营单位就业人员平均工资比较"])
    ws.append(["单位：元"])
    ws.append(["地区"] + [f"{y}年" for y in years])
    ws.append(["全国"] + [num(val(NATIONAL, "C", "avg_wage_cny_year", y)) for y in years])
    ws.append(["河南"] + [num(val(HENAN, "C", "avg_wage_cny_year", y)) for y in years])
    wb.save(HERE / name)
    expect(name, NATIONAL, ["C"], ["avg_wage_cny_year"], years)
    expect(name, HENAN, ["C"], ["avg_wage_cny_year"], years)


def codes_in_brackets() -> None:
    """2015: section names carry their code in brackets, '制造业(C)'."""
    name = "henan_2015_sections_coded.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2015"
    section_table(ws, "2015年河南省城镇非私营单位分行业就业人员和平均工资", [["行业", "就业人员(万人)", "平均工资(元)"]], 2015,
                  label=lambda s: f"{NAMES_2011[s]}({s})")
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2015])


def sheet1_offset() -> None:
    """2014: default 'Sheet1', column A blank, title in B1, header at B3."""
    name = "河南2014分行业.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["B1"] = "2014年河南省城镇非私营单位分行业就业人员和平均工资"
    ws["B3"], ws["C3"], ws["D3"] = "行业", "就业人员（万人）", "平均工资（元）"
    for i, s in enumerate(SECTIONS, start=4):
        ws.cell(i, 2, NAMES_2011[s])
        ws.cell(i, 3, num(val(HENAN, s, "employment_10k", 2014)))
        ws.cell(i, 4, num(val(HENAN, s, "avg_wage_cny_year", 2014)))
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2014])


def year_blocks() -> None:
    """2012 | 2013 blocks side by side, each with 就业人员 and 平均工资."""
    name = "henan_2012-2013_year_blocks.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分行业"
    grouped_table(ws, "河南省城镇非私营单位分行业就业人员和平均工资", ["2012年", "2013年"],
                  lambda s: [num(val(HENAN, s, m, y)) for y in (2012, 2013)
                             for m in ("employment_10k", "avg_wage_cny_year")])
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2012, 2013])


def national_with_t_row() -> None:
    """National 2017 with '合计', code-prefixed rows 'A 农、林、牧、渔业' and a 'T 国际组织' row of '-'."""
    name = "全国2017城镇非私营单位分行业.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2017"
    ws.append(["全国城镇非私营单位分行业就业人员和平均工资（2017年）"])
    ws.append(["行业", "就业人员(万人)", "平均工资(元)"])
    ws.append(["合计", num(val(NATIONAL, "TOTAL", "employment_10k", 2017)),
               num(val(NATIONAL, "TOTAL", "avg_wage_cny_year", 2017))])
    for s in SECTIONS:
        ws.append([f"{s} {NAMES_2011[s]}", num(val(NATIONAL, s, "employment_10k", 2017)),
                   num(val(NATIONAL, s, "avg_wage_cny_year", 2017))])
    ws.append(["T 国际组织", "-", "-"])
    wb.save(HERE / name)
    expect(name, NATIONAL, SECTIONS + ["TOTAL"], ["employment_10k", "avg_wage_cny_year"], [2017])


def two_units_row() -> None:
    """2013: one unit row for two measures, '单位：万人、元'; headers carry no unit."""
    name = "henan_2013_unit_row_two_units.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    section_table(ws, "2013年河南省城镇非私营单位分行业就业人员和平均工资", [[None, None, "单位：万人、元"], ["行业", "就业人员", "平均工资"]], 2013)
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2013])


def tsv_crlf() -> None:
    """2012 employment as a tsv with CRLF line ends and trailing tabs (a copy out of Excel)."""
    name = "henan_2012_employment.tsv"
    lines = ["2012年河南省城镇非私营单位分行业就业人员（万人）\t\t\t", "行业\t就业人员\t\t"]
    for s in SECTIONS:
        lines.append(f"{NAMES_2011[s]}\t{num(val(HENAN, s, 'employment_10k', 2012))}\t\t")
    (HERE / name).write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    expect(name, HENAN, SECTIONS, ["employment_10k"], [2012])


def traditional() -> None:
    """2011 in Traditional characters (就業人員, 平均工資) as a Hong Kong/Taiwan compilation prints it."""
    name = "河南省2011年分行業就業人員及平均工資.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "河南"
    section_table(ws, "2011年河南省城鎮非私營單位按行業分就業人員及平均工資",
                  [["行業", "就業人員（萬人）", "平均工資（元）"]], 2011, label=NAMES_TRAD.get)
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2011])


def chart_sheet_first() -> None:
    """2010: a chart sheet before the data sheet."""
    name = "henan_2010_with_chart.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    section_table(ws, "2010年河南省城镇非私营单位分行业就业人员和平均工资", [["行业", "就业人员(万人)", "平均工资(元)"]], 2010)
    chart = openpyxl.chart.BarChart()
    chart.title = "分行业平均工资"
    chart.add_data(openpyxl.chart.Reference(ws, min_col=3, min_row=2, max_row=2 + len(SECTIONS)), titles_from_data=True)
    chart.set_categories(openpyxl.chart.Reference(ws, min_col=1, min_row=3, max_row=2 + len(SECTIONS)))
    cs = wb.create_chartsheet("图表", 0)
    cs.add_chart(chart)
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2010])


def empty_first_sheet() -> None:
    """2009: an empty 'Sheet1' before the data sheet."""
    name = "henan_2009_empty_first_sheet.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    ws = wb.create_sheet("2009年")
    section_table(ws, "2009年河南省城镇非私营单位分行业就业人员和平均工资", [["行业", "就业人员(万人)", "平均工资(元)"]], 2009)
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2009])


def text_numbers() -> None:
    """2016 from a PDF-to-Excel conversion: numbers stored as text with thousands commas and spaces."""
    name = "henan_2016_pdf_convert.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Table 1"
    ws.append(["2016年河南省城镇非私营单位分行业就业人员和平均工资"])
    ws.append(["行业", "就业人员(万人)", "平均工资(元)"])
    for s in SECTIONS:
        emp = val(HENAN, s, "employment_10k", 2016)
        wage = val(HENAN, s, "avg_wage_cny_year", 2016)
        ws.append([f" {NAMES_2011[s]} ", f"{emp:,} ", f"{int(wage):,} "])
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2016])


def national_years_down_private_empty() -> None:
    """National TOTAL 2010-2017, years down: 城镇非私营单位 and an empty 城镇私营单位 wage column."""
    name = "全国平均工资_非私营与私营.csv"
    lines = ["全国城镇单位就业人员平均工资", "单位：元", "年份,城镇非私营单位,城镇私营单位"]
    for y in range(2010, 2018):
        lines.append(f"{y},{num(val(NATIONAL, 'TOTAL', 'avg_wage_cny_year', y))},")
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="gb18030")
    expect(name, NATIONAL, ["TOTAL"], ["avg_wage_cny_year"], range(2010, 2018))


def employment_in_persons() -> None:
    """2017 employment in 人 (the 万人 figure × 10 000, exact: the sample has 4 decimals)."""
    name = "henan_2017_employment_persons.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "就业人员"
    ws.append(["2017年河南省城镇非私营单位分行业年末就业人员"])
    ws.append([None, "单位：人"])
    ws.append(["行业", "年末就业人员"])
    for s in SECTIONS:
        ws.append([NAMES_2011[s], int(round(val(HENAN, s, "employment_10k", 2017) * 10_000))])
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k"], [2017])


def year_per_sheet() -> None:
    """One sheet per year, the year only in the sheet name ('2016', '2017'); the title names none."""
    name = "河南省分行业就业人员和平均工资_分年.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for year in (2016, 2017):
        section_table(wb.create_sheet(str(year)), "河南省城镇非私营单位分行业就业人员和平均工资",
                      [["行业", "就业人员(万人)", "平均工资(元)"]], year)
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2016, 2017])


def growth_and_rank() -> None:
    """2017 wages with 比上年增长(%) and 位次 columns, both derived from the real 2016/2017 wages."""
    name = "henan_2017_wage_growth_rank.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "平均工资"
    ws.append(["2017年河南省城镇非私营单位分行业就业人员平均工资"])
    ws.append(["行业", "平均工资（元）", "比上年增长（%）", "位次"])
    wages = {s: val(HENAN, s, "avg_wage_cny_year", 2017) for s in SECTIONS}
    rank = {s: i for i, s in enumerate(sorted(SECTIONS, key=lambda s: -wages[s]), start=1)}
    for s in SECTIONS:
        growth = round((wages[s] / val(HENAN, s, "avg_wage_cny_year", 2016) - 1) * 100, 1)
        ws.append([NAMES_2011[s], num(wages[s]), growth, rank[s]])
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["avg_wage_cny_year"], [2017])


def region_column_groups() -> None:
    """2017 sections as rows, 河南 | 全国 column groups each with 就业人员 and 平均工资."""
    name = "2017分行业河南与全国对比.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "对比"
    grouped_table(ws, "2017年城镇非私营单位分行业就业人员和平均工资：河南与全国", ["河南", "全国"],
                  lambda s: [num(val(d, s, m, 2017)) for d in (HENAN, NATIONAL)
                             for m in ("employment_10k", "avg_wage_cny_year")])
    wb.save(HERE / name)
    expect(name, HENAN, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2017])
    expect(name, NATIONAL, SECTIONS, ["employment_10k", "avg_wage_cny_year"], [2017])


def main() -> None:
    for build in (private_vs_nonprivate, on_post_vs_employed, province_comparison, codes_in_brackets,
                  sheet1_offset, year_blocks, national_with_t_row, two_units_row, tsv_crlf,
                  traditional, chart_sheet_first, empty_first_sheet, text_numbers,
                  national_years_down_private_empty, employment_in_persons, year_per_sheet,
                  growth_and_rank, region_column_groups):
        build()
    out = pd.concat(EXPECTED, ignore_index=True)
    out["industry_level"] = out["industry_code"].map(lambda c: "total" if c == "TOTAL" else "section")
    out["scope"] = "urban_units"
    out[["file", "region_code", "industry_code", "industry_level", "scope", "measure", "year", "value"]].to_csv(
        HERE / "expected.csv", index=False)


if __name__ == "__main__":
    main()
