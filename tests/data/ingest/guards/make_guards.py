"""Write the hand-made guard and title-line fixtures of this folder (deterministic; run from the repo root).

    python tests/data/ingest/guards/make_guards.py

Every file is SYNTHETIC: colleges are 示例职业学院 with 999… codes, companies 示例…有限公司;
figures are illustrative. Each file holds a few good rows and one row per bad case, so a test
can check that exactly the bad rows are quarantined, with their reason, and the rest land.
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    # Enrollment with a title line above the header and one row per numeric/text guard.
    (HERE / "enrollment_guards.csv").write_text(
        "2023年示例职业学院招生情况表（合成数据）\n"
        "college_name,college_code,major_code,major_name,year,new_students,students_in_school\n"
        "示例职业学院甲,9990000001,460301,机电一体化技术,2023,150,420\n"
        "示例职业学院甲,9990000001,510201,计算机应用技术,2023,200,610\n"
        "示例职业学院乙,9990000002,460301,机电一体化技术,2023,1e30,300\n"
        "示例职业学院乙,9990000002,510201,计算机应用技术,2023,inf,300\n"
        "示例职业学院丙,9990000003,460301,机电一体化技术,2023,-5,300\n"
        "示例职业学院丙,9990000003,510201,计算机应用技术,2023,NaN,300\n"
        "\"=HYPERLINK(\"\"http://x\"\")\",9990000004,460301,机电一体化技术,2023,10,30\n"
        "示例职业学院丁,9990000004,510201,计算机应用技术,1900,10,30\n"
        "示例职业学院丁,9990000004,460301,机电一体化技术,2099,10,30\n"
        "示例职业学院甲,9990000001,460301,机电一体化技术,2023,150,420\n",
        encoding="utf-8")
    # Graduates as an xlsx with a title line and a unit line above the header.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2023届示例职业学院毕业生就业情况（合成数据）"])
    ws.append(["学校名称", "学校代码", "专业代码", "专业名称", "毕业年份", "毕业生数", "就业人数"])
    ws.append(["示例职业学院甲", "9990000001", "460301", "机电一体化技术", 2023, 120, 100])
    ws.append(["示例职业学院乙", "9990000002", "510201", "计算机应用技术", 2023, 80, 70])
    wb.save(HERE / "graduates_title_line.xlsx")
    # A register table (programmes) with a title line, one future year and one formula.
    (HERE / "programmes_title_line.csv").write_text(
        "河南省高职专业设置备案结果（合成数据）\n"
        "机构名称,学校标识码,专业名称,专业代码,修业年限,年份\n"
        "示例职业学院甲,9990000001,机电一体化技术,460301,3,2023\n"
        "示例职业学院甲,9990000001,计算机应用技术,510201,3,2023\n"
        "示例职业学院乙,9990000002,护理,520201,3,2099\n"
        "=cmd|' /C calc'!A0,9990000002,护理,520201,3,2023\n",
        encoding="utf-8")
    # Statistics: one good row and a negative, an overflow and an infinite value.
    (HERE / "statistics_guards.csv").write_text(
        "year,region,industry,measure,value,unit\n"
        "2021,河南省,制造业,城镇单位就业人员,580.2,万人\n"
        "2021,河南省,建筑业,城镇单位就业人员,-5,万人\n"
        "2021,河南省,教育,城镇单位就业人员,1e30,万人\n"
        "2021,河南省,金融业,城镇单位就业人员,inf,万人\n"
        "2099,河南省,卫生和社会工作,城镇单位就业人员,60.1,万人\n",
        encoding="utf-8")
    # Postings dated in the future and long ago, beside good ones.
    (HERE / "postings_dates.csv").write_text(
        "职位名称,公司名称,工作地点,薪资,发布日期\n"
        "数据分析师,示例数据科技有限公司,郑州,8千-1.2万/月,2023-06-01\n"
        "会计,示例财务有限公司,洛阳,5-8K,2023-06-02\n"
        "护士,示例医疗有限公司,郑州,6-9K,2099-01-01\n"
        "焊工,示例制造有限公司,新乡,7-10K,1900-01-01\n",
        encoding="utf-8")
    # Shift-JIS: a Japanese staffing agency's list of openings in China.
    rows = ["職種,会社名,勤務地,給与,掲載日",
            "データアナリスト,株式会社サンプル,上海,15-25K,2023-06-01",
            "システムエンジニア,サンプル商事株式会社,北京,20-30K,2023-06-02",
            "営業アシスタント,株式会社テスト,上海,8-12K,2023-06-03"]
    (HERE / "shiftjis_jobs.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("shift_jis"))
    # UTF-8 text decoded as GBK and saved again: the first title survives the round trip
    # (repairable); the second lost a byte to a replacement character (unrepairable).
    good = "数据分析".encode("utf-8").decode("gbk")
    lost = "会计".encode("utf-8").decode("gbk", errors="replace")
    (HERE / "utf8_as_gbk.csv").write_bytes(codecs.BOM_UTF8 + (
        "职位名称,公司名称,工作地点,薪资,发布日期\n"
        f"{good},示例数据科技有限公司,郑州,8千-1.2万/月,2023-06-01\n"
        f"{lost},示例财务有限公司,洛阳,5-8K,2023-06-02\n"
        "护士,示例医疗有限公司,郑州,6-9K,2023-06-03\n").encode("utf-8"))


if __name__ == "__main__":
    main()
