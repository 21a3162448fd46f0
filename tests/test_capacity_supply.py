"""Capacity (布点) functions on a small synthetic programmes table (labelled synthetic, fictitious colleges)."""

from __future__ import annotations

import pandas as pd

from talentcast.analysis.capacity import (
    capacity_by_major,
    capacity_change,
    colleges_offering,
    unmapped_programmes,
)

# synthetic: fictitious colleges 示例学院A/B/C, codes 4100000001-3
COLLEGES = pd.DataFrame(
    {"moe_code": ["4100000001", "4100000002", "4100000003"], "name": ["示例学院A", "示例学院B", "示例学院C"], "city": ["郑州市", "郑州市", "洛阳市"], "nature": ["public", "private", "public"]}
)
REGIONS = pd.DataFrame({"code": ["410100", "410300"], "level": "city", "name_zh": ["郑州市", "洛阳市"]})


def _prog(rows):
    df = pd.DataFrame(rows, columns=["year", "college_code", "college_name", "major_code", "duration_years"])
    df["major_name_src"] = df["major_code"]
    df["major_code_src"] = df["major_code"]
    df["catalogue_edition"] = "2021"
    return df


P = _prog(
    [
        (2021, "4100000001", "示例学院A", "460301", 3),
        (2021, "4100000001", "示例学院A", "460301", 5),  # second track, same college
        (2021, "4100000002", "示例学院B", "460301", 3),
        (2021, "4100000002", "示例学院B", "460305", 3),
        (2025, "4100000001", "示例学院A", "460301", 3),
        (2025, "4100000003", "示例学院C", "460301", 3),
        (2025, "4100000003", "示例学院C", "510201", 3),
        (2025, "4100000002", "示例学院B", None, 3),  # unmapped old code
    ]
)


def test_capacity_counts_colleges_and_programmes() -> None:
    cap = capacity_by_major(P, COLLEGES, regions=REGIONS)
    prov = cap[(cap["level"] == "major") & (cap["major_code"] == "460301") & (cap["city_code"] == "410000")].set_index("year")
    assert prov.loc[2021, "n_colleges"] == 2 and prov.loc[2021, "n_programmes"] == 3
    assert prov.loc[2025, "n_colleges"] == 2 and prov.loc[2025, "colleges"] == "示例学院A、示例学院C"
    zz = cap[(cap["level"] == "major") & (cap["major_code"] == "460301") & (cap["city"] == "郑州市") & (cap["year"] == 2025)]
    assert zz["n_colleges"].item() == 1 and zz["city_code"].item() == "410100"
    cls = cap[(cap["level"] == "class") & (cap["major_class"] == "4603") & (cap["city_code"] == "410000") & (cap["year"] == 2021)]
    assert cls["n_colleges"].item() == 2 and cls["n_programmes"].item() == 4
    cat = cap[(cap["level"] == "category") & (cap["category"] == "46") & (cap["city_code"] == "410000") & (cap["year"] == 2025)]
    assert cat["n_colleges"].item() == 2


def test_change_opened_withdrawn() -> None:
    ch = capacity_change(P).set_index("major_code")
    r = ch.loc["460301"]
    assert (r["n_base"], r["n_latest"], r["opened"], r["withdrawn"], r["change"]) == (2, 2, 1, 1, 0)
    assert r["opened_colleges"] == "示例学院C" and r["withdrawn_colleges"] == "示例学院B"
    assert ch.loc["460305", "withdrawn"] == 1 and ch.loc["510201", "opened"] == 1
    assert (ch["latest_year"] == 2025).all()


def test_colleges_offering_highlights_lead_only_when_given() -> None:
    off = colleges_offering(P, ["4603"], colleges=COLLEGES, lead="示例学院C")
    assert off.iloc[0]["college_name"] == "示例学院C" and off.iloc[0]["is_lead"]
    assert off["is_lead"].sum() == 1 and set(off["major_class"]) == {"4603"}
    assert not colleges_offering(P, ["4603"], colleges=COLLEGES)["is_lead"].any()


def test_unmapped_reported() -> None:
    u = unmapped_programmes(P)
    assert u["n_programmes"].sum() == 1
