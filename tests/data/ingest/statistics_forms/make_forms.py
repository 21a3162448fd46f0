"""Write the statistics forms of tests/test_ingest_statistics_forms.py from real figures.

Every form holds the same official figures, Henan's urban-unit (城镇非私营单位) employment and
average wage by section 2013–2017 from ``data/sample/statistics/nbs_provincial`` (NBS
provincial annual database; cite 国家统计局), laid out the way a user receives such a table:
a provincial yearbook sheet, a city bureau's csv, an Excel "Unicode text" export, an English
long table. No figure is made up; a 合计 row, where a form has one, is the sum of the sections
as printed. Run from the repository root: ``python tests/data/ingest/statistics_forms/make_forms.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[4]
OUT = Path(__file__).resolve().parent
SOURCE = ROOT / "data/sample/statistics/nbs_provincial/henan_by_section_2009-2017.csv"
YEARS = [2013, 2014, 2015, 2016, 2017]
# Labels as the 2017 standard prints them, and the short forms tables use.
NAMES_2017 = {
    "A": "农、林、牧、渔业", "B": "采矿业", "C": "制造业", "D": "电力、热力、燃气及水生产和供应业", "E": "建筑业",
    "F": "批发和零售业", "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业", "I": "信息传输、软件和信息技术服务业",
    "J": "金融业", "K": "房地产业", "L": "租赁和商务服务业", "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业", "O": "居民服务、修理和其他服务业", "P": "教育", "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业", "S": "公共管理、社会保障和社会组织",
}
SHORT = {
    "A": "农林牧渔业", "B": "采矿业", "C": "制造业", "D": "电力热力燃气及水生产和供应业", "E": "建筑业", "F": "批发零售业",
    "G": "交通运输仓储邮政业", "H": "住宿餐饮业", "I": "信息传输软件和信息技术服务业", "J": "金融业", "K": "房地产业",
    "L": "租赁和商务服务业", "M": "科学研究和技术服务业", "N": "水利环境和公共设施管理业", "O": "居民服务修理和其他服务业",
    "P": "教育", "Q": "卫生和社会工作", "R": "文化体育和娱乐业", "S": "公共管理社会保障和社会组织",
}


def figures() -> pd.DataFrame:
    """section × year × measure (employment_10k, avg_wage_cny_year) of Henan, 2013–2017."""
    d = pd.read_csv(SOURCE)
    d = d[d["year"].isin(YEARS)].copy()
    d["measure"] = d["measure"].map({"employment_10k_persons": "employment_10k", "avg_wage_yuan": "avg_wage_cny_year"})
    return d[["measure", "year", "section", "value"]]


def _wide(d: pd.DataFrame, measure: str, fmt=lambda v: v) -> pd.DataFrame:  # noqa: ANN001
    w = d[d["measure"] == measure].pivot(index="section", columns="year", values="value")
    return w.map(fmt)


def main() -> None:
    d = figures()
    emp, wage = _wide(d, "employment_10k"), _wide(d, "avg_wage_cny_year")
    secs = list(emp.index)

    # 1. Provincial yearbook sheet: title naming the province, unit line, 合计, a note below.
    rows = [["河南省分行业城镇非私营单位就业人员（2013-2017年）"], ["单位：万人"], ["行业", *[f"{y}年" for y in YEARS]],
            ["合计", *[round(emp[y].sum(), 4) for y in YEARS]]]
    rows += [[NAMES_2017[s], *emp.loc[s].tolist()] for s in secs]
    rows += [["注：城镇非私营单位即原城镇单位口径。"]]
    pd.DataFrame(rows).to_excel(OUT / "yearbook_title_region.xlsx", header=False, index=False)

    # 2. A city bureau's long csv in GBK, values in persons, one column per indicator.
    long = [{"年份": y, "地区": "河南省", "行业": NAMES_2017[s], "就业人数（人）": int(round(emp.loc[s, y] * 10000))}
            for s in secs for y in YEARS]
    pd.DataFrame(long).to_csv(OUT / "long_gbk_persons.csv", index=False, encoding="gbk")

    # 3. Section letters in front of short names; the measure and region only in the file name.
    coded = pd.DataFrame({"指标": [f"{s} {SHORT[s]}" for s in secs], **{str(y): emp[y].tolist() for y in YEARS}})
    coded.to_csv(OUT / "河南_城镇非私营单位就业人员_分行业.csv", index=False)

    # 4. Years as rows, sections as columns, under a title naming province, measure and unit.
    t = [["河南省城镇非私营单位分行业就业人员（万人）"], ["年份", *[NAMES_2017[s] for s in secs]]]
    t += [[f"{y}年", *emp[y].tolist()] for y in YEARS]
    pd.DataFrame(t).to_excel(OUT / "years_as_rows_title.xlsx", header=False, index=False)

    # 5. Two measures side by side under a two-row header (measure over years).
    top = ["行业", "就业人员（万人）", *[""] * 4, "平均工资（元）", *[""] * 4]
    sub = ["", *[str(y) for y in YEARS], *[str(y) for y in YEARS]]
    body = [[NAMES_2017[s], *emp.loc[s].tolist(), *wage.loc[s].astype(int).tolist()] for s in secs]
    pd.DataFrame([["河南省城镇非私营单位分行业就业人员和平均工资"], top, sub, *body]).to_excel(
        OUT / "two_measures_two_header_rows.xlsx", header=False, index=False)

    # 6. A wage table with the growth rate beside each year (years over the two columns).
    top = ["行业", *[x for y in YEARS[-2:] for x in (f"{y}年", "")]]
    sub = ["", *["平均工资（元）", "比上年增长（%）"] * 2]
    body = []
    for s in secs:
        r = [NAMES_2017[s]]
        for y in YEARS[-2:]:
            r += [int(wage.loc[s, y]), round(100 * (wage.loc[s, y] / wage.loc[s, y - 1] - 1), 1)]
        body.append(r)
    pd.DataFrame([["河南省分行业城镇非私营单位就业人员平均工资"], top, sub, *body]).to_excel(
        OUT / "wage_with_growth_columns.xlsx", header=False, index=False)

    # 7. English long table.
    eng = [{"year": y, "province": "Henan", "industry": NAMES_2017[s], "employment (10k persons)": emp.loc[s, y],
            "average wage (yuan)": int(wage.loc[s, y])} for s in secs for y in YEARS]
    pd.DataFrame(eng).to_csv(OUT / "english_long.csv", index=False)

    # 8. One year's cross-section; the year only in the title; 从业人员 / 年末人数 wording.
    cs = [["2017年河南省城镇非私营单位分行业从业人员"], ["行业", "年末人数（万人）", "平均工资（元）"]]
    cs += [[NAMES_2017[s], emp.loc[s, 2017], int(wage.loc[s, 2017])] for s in secs]
    pd.DataFrame(cs).to_excel(OUT / "one_year_in_title.xlsx", header=False, index=False)

    # 9. A workbook of two sheets named by their measure; the province only in the file name.
    with pd.ExcelWriter(OUT / "河南省统计年鉴2018_就业和工资.xlsx") as xw:
        pd.DataFrame({"行业": [NAMES_2017[s] for s in secs], **{f"{y}年": emp[y].tolist() for y in YEARS}}).to_excel(
            xw, sheet_name="城镇非私营单位就业人员", index=False)
        pd.DataFrame({"行业": [NAMES_2017[s] for s in secs], **{f"{y}年": wage[y].astype(int).tolist() for y in YEARS}}).to_excel(
            xw, sheet_name="城镇非私营单位平均工资", index=False)

    # 10. Excel's "Unicode text" export: UTF-16 with tabs, thousands separators in wages.
    u = pd.DataFrame({"行业": [NAMES_2017[s] for s in secs], **{f"{y}年": [f"{int(v):,}" for v in wage[y]] for y in YEARS}})
    text = "河南省分行业城镇非私营单位就业人员平均工资\n单位：元\n" + u.to_csv(sep="\t", index=False)
    (OUT / "unicode_text_export.txt").write_bytes(text.encode("utf-16"))

    # 11. Footnote markers and indentation in labels, a 其中 line, missing cells as "—".
    rows = [["河南省分行业城镇非私营单位就业人员"], ["单位：万人"], ["项目", *[f"{y}" for y in YEARS]]]
    for s in secs:
        label = NAMES_2017[s]
        if s == "C":
            label = "　　其中：制造业"
        elif s == "I":
            label = "信息传输、软件和信息技术服务业①"
        elif s == "A":
            label = "　农、林、牧、渔业"
        vals = emp.loc[s].tolist()
        rows.append([label, *vals])
    rows.append(["①2013年起为新口径。", *[""] * 5])
    pd.DataFrame(rows).to_csv(OUT / "labels_marked_and_indented.csv", index=False, header=False)

    # Written after the first eleven were made to land, to check that the work generalises.
    # 12. The NBS portal's 分省年度数据 export for one province: 数据库/地区/时间 lines, newest
    #     year first, the unit in each indicator's name, a source line below.
    rows = [["数据库：分省年度数据"], ["地区：河南省"], ["时间：2013-2017"], ["指标", *[f"{y}年" for y in YEARS[::-1]]]]
    rows += [[f"{NAMES_2017[s]}城镇单位就业人员(万人)", *emp.loc[s, YEARS[::-1]].tolist()] for s in secs]
    rows += [["注：2013年起为第三次经济普查后口径。"], ["数据来源：国家统计局"]]
    pd.DataFrame(rows).to_csv(OUT / "nbs_portal_province_export.csv", index=False, header=False)

    # 13. A bulletin table with a unit column beside the indicator and values in persons.
    rows = [["河南省城镇非私营单位分行业就业人员"], ["行业", "计量单位", *[f"{y}年末" for y in YEARS]]]
    rows += [[NAMES_2017[s], "人", *[int(round(v * 10000)) for v in emp.loc[s].tolist()]] for s in secs]
    pd.DataFrame(rows).to_excel(OUT / "unit_column_persons.xlsx", header=False, index=False)

    # 14. Years as rows under "年份", a 合计 column first, missing cells as "—" in one year.
    t = [["河南省城镇非私营单位就业人员（万人）"], ["年份", "合计", *[SHORT[s] for s in secs]]]
    t += [[f"{y}年", round(emp[y].sum(), 4), *emp[y].tolist()] for y in YEARS]
    pd.DataFrame(t).to_csv(OUT / "years_as_rows_total_first.csv", index=False, header=False)


if __name__ == "__main__":
    main()
