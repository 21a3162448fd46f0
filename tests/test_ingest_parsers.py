"""Parsers: worked examples and hypothesis properties (salary, region, education, dates)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentcast.ingest import parsers as P

# More examples for the parsers than the suite's default (conftest's profile), for this module only.
MORE = settings(max_examples=150)


@pytest.mark.parametrize(
    "text, lo, hi, months, why",
    [
        ("8千-1.2万/月", 8000, 12000, None, None),
        ("5K-10K", 5000, 10000, None, None),
        ("15-20K·14薪", 17500, 23333.33, 14, None),
        ("20-40万/年", 16666.67, 33333.33, None, None),
        ("150元/天", 3262.5, 3262.5, None, None),
        ("4001-6000", 4001, 6000, None, None),
        ("1-1.5万", 10000, 15000, None, None),
        ("1万以上", 10000, None, None, None),
        ("3千及以下", None, 3000, None, None),
        ("面议", None, None, None, "negotiable"),
        ("薪资面议", None, None, None, "negotiable"),
        ("99999999", None, None, None, "sentinel"),
        ("", None, None, None, "missing"),
        ("15-20", None, None, None, "unparsed"),
        ("5000-3000", None, None, None, "implausible"),
        ("８Ｋ－１０Ｋ", 8000, 10000, None, None),  # full-width
    ],
)
def test_salary_examples(text: str, lo, hi, months, why) -> None:  # noqa: ANN001
    got = P.salary_one(text)
    assert got[2] == months and got[3] == why
    for g, e in ((got[0], lo), (got[1], hi)):
        assert (g is None and e is None) or g == pytest.approx(e, abs=0.01)


@MORE
@given(lo=st.integers(1, 80), span=st.integers(0, 40), unit=st.sampled_from(["K", "k", "千"]))
def test_salary_thousands_property(lo: int, span: int, unit: str) -> None:
    """'aK-bK' and 'a千-b千' give a*1000 ≤ b*1000 whatever the unit spelling."""
    hi = lo + span
    got = P.salary_one(f"{lo}{unit}-{hi}{unit}")
    assert got[3] is None
    assert got[0] == lo * 1000 and got[1] == hi * 1000 and got[0] <= got[1]


@MORE
@given(lo=st.integers(3, 50), span=st.integers(0, 30), months=st.integers(12, 18))
def test_salary_months_property(lo: int, span: int, months: int) -> None:
    """'·N薪' scales the monthly figure by N/12 and records N."""
    base = P.salary_one(f"{lo}-{lo + span}K")
    got = P.salary_one(f"{lo}-{lo + span}K·{months}薪")
    assert got[2] == months
    assert got[0] == pytest.approx(base[0] * months / 12, abs=0.01)
    assert got[1] == pytest.approx(base[1] * months / 12, abs=0.01)


@MORE
@given(st.text(max_size=30))
def test_salary_never_raises_and_is_consistent(text: str) -> None:
    lo, hi, months, why = P.salary_one(text)
    if why is not None:
        assert lo is None and hi is None
    else:
        assert lo is not None or hi is not None
        vals = [v for v in (lo, hi) if v is not None]
        assert all(P.MONTH_MIN <= v <= P.MONTH_MAX for v in vals)
        if lo is not None and hi is not None:
            assert lo <= hi


@MORE
@given(yuan=st.integers(1000, 90000), period=st.sampled_from([("/年", 1 / 12), ("/月", 1.0)]))
def test_salary_period_property(yuan: int, period: tuple[str, float]) -> None:
    suffix, f = period
    v = yuan * (12 if suffix == "/年" else 1)
    got = P.salary_one(f"{v}元{suffix}")
    assert got[0] == pytest.approx(v * f, abs=0.01)


def test_parse_salary_vectorised_matches_scalar() -> None:
    s = pd.Series(["5K-10K", None, "面议", "5K-10K", "20-40万/年"])
    df = P.parse_salary(s)
    assert df["salary_cny_month_min"].iloc[0] == 5000 and df["salary_null_reason"].tolist()[1:3] == ["missing", "negotiable"]


REGION_CASES = {"郑州-金水区": "410100", "河南省郑州市": "410100", "浙江省宁波": "330200", "郑州": "410100", "洛阳-涧西区": "410300"}


@pytest.mark.parametrize("text, code", list(REGION_CASES.items()))
def test_region_examples(text: str, code: str) -> None:
    assert P.region_one(text) == code


@MORE
@given(city=st.sampled_from([("郑州", "410100"), ("洛阳", "410300"), ("开封", "410200"), ("南阳", "411300")]),
       form=st.sampled_from(["{c}", "{c}市", "河南省{c}市", "河南{c}", "{c}-某区", "{c}·高新区", " {c} "]))
def test_region_forms_property(city: tuple[str, str], form: str) -> None:
    """Every common spelling of a Henan city resolves to the same GB/T 2260 code."""
    name, code = city
    assert P.region_one(form.format(c=name)) == code


@MORE
@given(st.text(max_size=12))
def test_region_never_raises(text: str) -> None:
    out = P.region_one(text)
    assert out is None or (len(out) == 6 and out.isdigit())


@MORE
@given(st.text(max_size=15))
def test_education_in_allowed_set(text: str) -> None:
    assert P.education_one(text) in (*P_EDU, None)


P_EDU = ("中专/中技", "高中", "大专", "本科", "硕士", "博士", "不限")


@MORE
@given(level=st.sampled_from(P_EDU), deco=st.sampled_from(["{e}", "{e}及以上", "统招{e}", "{e}以上学历", " {e} "]))
def test_education_decorations_property(level: str, deco: str) -> None:
    text = deco.format(e=level if level != "不限" else "学历不限")
    assert P.education_one(text) == level


@pytest.mark.parametrize("text", ["高中/中专", "中专/高中", "高中、中专及以上", "高中或中技"])
def test_upper_secondary_of_either_track_lands_the_vocational_one(text: str) -> None:
    assert P.education_one(text) == "中专/中技"


@MORE
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d", "%Y-%m-%d 08:30:00", "%Y.%m.%d"]))
def test_date_roundtrip_property(d: date, fmt: str) -> None:
    assert P.date_one(d.strftime(fmt)) == d


@MORE
@given(st.text(max_size=20))
def test_date_never_raises(text: str) -> None:
    out = P.date_one(text)
    assert out is None or 1990 <= out.year <= 2100


def test_parse_date_vectorised() -> None:
    s = pd.Series(["2019-06-08 20:52:14", None, "2023年1月2日", "junk", "2019-13-01"])
    assert P.parse_date(s).tolist() == [date(2019, 6, 8), None, date(2023, 1, 2), None, None]


@pytest.mark.parametrize("text, years", [("1-3年", 1), ("不限", 0), ("5年以上", 5), ("无需经验", 0), ("一年以下", 0), ("十年以上", 10), ("", None),
                                         ("无要求", 0), ("经验无要求", 0), ("无", 0), ("无工作经验要求", 0)])
def test_experience(text: str, years) -> None:  # noqa: ANN001
    assert P.experience_one(text) == years


@pytest.mark.parametrize("text, n", [("若干人", None), ("招3人", 3), ("3人", 3), ("5", 5), ("两人", 2), ("", None)])
def test_headcount(text: str, n) -> None:  # noqa: ANN001
    assert P.headcount_one(text) == n


def test_unsafe_mask() -> None:
    s = pd.Series(["=cmd|' /C calc'!A0", "<script>alert(1)</script>", "-熟悉python(必须)", '=HYPERLINK("x")', None, "C++工程师",
                   "+Java(优先)", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)"])
    assert P.unsafe_mask(s).tolist() == [True, False, False, True, False, False, False, True, True]
