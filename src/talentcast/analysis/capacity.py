"""Supply capacity (专业布点) from the MOE major register: who may enrol in what, where, when.

All functions are pure DataFrame → DataFrame transforms over the lake's ``programmes`` table
(see :mod:`talentcast.ingest.programmes`) and the college list
(``reference/henan_colleges_2025.csv``: moe_code, name, city, …).

Conventions:

* Majors are counted by their 2021 code (``major_code``); rows the concordance could not map
  (``major_code`` null) are left out of capacity and counted by :func:`unmapped_programmes`.
* A *programme* is a college × major × duration (修业年限) in a year: the register lists the
  2-, 3- and 5-year tracks of one major separately and each enrols its own students. A
  *college offering* (``n_colleges``, 布点数) counts each college once per major.
* Cities come from the college list (joined on the 10-digit 学校标识码); a college not in the
  list gets city ``未知`` rather than a guessed one. Every breakdown also carries the
  province row (``city_code`` 410000 by default).

Entrants estimated from the register (where enrolment is missing) are the supply stage's
(:mod:`talentcast.analysis.supply`, with the intake table and its calibration).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from talentcast.config import DEFAULT_REGION

UNKNOWN_CITY = "未知"

CAPACITY_COLUMNS = [
    "level",
    "major_code",
    "major_class",
    "category",
    "city_code",
    "city",
    "year",
    "n_colleges",
    "n_programmes",
    "colleges",
]


def _prepare(programmes: pd.DataFrame, colleges: pd.DataFrame | None, regions: pd.DataFrame | None) -> pd.DataFrame:
    p = programmes[programmes["major_code"].notna()].copy()
    p["major_code"] = p["major_code"].astype(str)
    p["major_class"] = p["major_code"].str[:4]
    p["category"] = p["major_code"].str[:2]
    p["year"] = p["year"].astype("int64")
    if colleges is not None and not colleges.empty:
        c = colleges[["moe_code", "name", "city"]].rename(columns={"moe_code": "college_code", "name": "college_name_ref"})
        c = c.drop_duplicates("college_code")
        p = p.merge(c, on="college_code", how="left")
        # The register's name for that year is kept; the list only supplies the city.
        p["city"] = p["city"].fillna(UNKNOWN_CITY)
    else:
        p["city"] = UNKNOWN_CITY
    p["city_code"] = p["city"].map(_city_codes(regions)).astype(object)
    return p


def _city_codes(regions: pd.DataFrame | None) -> dict[str, str]:
    if regions is None or regions.empty:
        return {}
    r = regions[regions["level"].astype(str) == "city"]
    return {str(n): str(c) for n, c in zip(r["name_zh"], r["code"])}


def _joined_names(frame: pd.DataFrame, by: list[str]) -> list[str]:
    """The distinct college names of each ``frame.groupby(by, dropna=False)`` group, sorted and
    "、"-joined, in the groups' order. Sorted once and sliced, rather than a pandas aggregation
    per group (2 s of the demo's forecast for ~40,000 groups)."""
    grouped = frame.groupby(by, dropna=False)
    group = grouped.ngroup().to_numpy()
    named = frame["college_name"].notna().to_numpy()
    group, values = group[named], frame["college_name"].to_numpy()[named].astype(str)
    order = np.lexsort((values, group))
    group, values = group[order], values[order]
    keep = np.r_[True, (group[1:] != group[:-1]) | (values[1:] != values[:-1])]  # distinct names
    group, values = group[keep], values[keep]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    ends = np.r_[starts[1:], len(group)]
    out = [""] * grouped.ngroups
    for g, a, b in zip(group[starts], starts, ends):
        out[g] = "、".join(values[a:b])
    return out


def capacity_by_major(
    programmes: pd.DataFrame,
    colleges: pd.DataFrame | None = None,
    *,
    regions: pd.DataFrame | None = None,
    province_code: str = DEFAULT_REGION,
    province_name: str | None = None,
) -> pd.DataFrame:
    """布点: colleges and programmes per major, major class and category, per city and year.

    Args:
        programmes: The lake's ``programmes`` table.
        colleges: The college list (moe_code, name, city) for cities.
        regions: GB/T 2260 regions (code, level, name_zh) for city codes.
        province_code: Code of the province row (all cities together).
        province_name: Name of the province row (None: its GB/T 2260 name).

    Returns:
        ``mart_capacity`` rows: level (major|class|category), major_code (major rows only),
        major_class, category, city_code, city, year, n_colleges, n_programmes and colleges
        (the college names, "、"-joined, sorted).
    """
    p = _prepare(programmes, colleges, regions)
    if p.empty:
        return pd.DataFrame(columns=CAPACITY_COLUMNS)
    if province_name is None:
        from talentcast.reference import regions

        known = regions().get(province_code)
        province_name = known.name if known is not None else province_code
    prov = p.assign(city=province_name, city_code=province_code)
    both = pd.concat([p, prov], ignore_index=True)
    both["track"] = both["duration_years"].astype("string").fillna("?")
    out = []
    for level, keys in (("major", ["major_code", "major_class", "category"]), ("class", ["major_class", "category"]), ("category", ["category"])):
        by = [*keys, "city_code", "city", "year"]
        agg = both.groupby(by, dropna=False).agg(n_colleges=("college_code", "nunique"))
        # Names joined once per group from the distinct, sorted (group, name) pairs: a Python
        # lambda per group took most of the demo's analysis time.
        agg["colleges"] = _joined_names(both, by)  # agg's rows are the groups in the same order
        progs = both.drop_duplicates([*by, "college_code", "major_code", "track"]).groupby(by, dropna=False).size()
        agg = agg.join(progs.rename("n_programmes")).reset_index()
        agg["level"] = level
        out.append(agg)
    res = pd.concat(out, ignore_index=True)
    for c in CAPACITY_COLUMNS:
        if c not in res.columns:
            res[c] = None
    res["n_colleges"] = res["n_colleges"].astype("int64")
    res["n_programmes"] = res["n_programmes"].astype("int64")
    return res[CAPACITY_COLUMNS].sort_values(["level", "major_code", "major_class", "category", "city_code", "year"], na_position="first").reset_index(drop=True)


def programme_changes(programmes: pd.DataFrame, *, base_year: int = 2021, latest: int | None = None) -> pd.DataFrame:
    """Per major (2021 code) and college: offered in the base year, the latest year, or both.

    Returns:
        Rows major_code, college_code, college_name, in_base, in_latest, change
        (kept | opened | withdrawn), base_year, latest_year.
    """
    p = programmes[programmes["major_code"].notna()]
    latest = int(p["year"].max()) if latest is None else int(latest)
    if base_year not in set(p["year"].astype(int)):
        from talentcast.errors import LakeError

        raise LakeError(f"programmes has no rows for base year {base_year}; years present: {sorted(set(p['year'].astype(int)))}", hint="Ingest the register of that year or pass another base_year.")
    a = p[p["year"] == base_year][["major_code", "college_code", "college_name"]].drop_duplicates(["major_code", "college_code"])
    b = p[p["year"] == latest][["major_code", "college_code", "college_name"]].drop_duplicates(["major_code", "college_code"])
    m = a.merge(b, on=["major_code", "college_code"], how="outer", suffixes=("_base", "_latest"), indicator=True)
    m["college_name"] = m["college_name_latest"].fillna(m["college_name_base"])
    m["in_base"] = m["_merge"].isin(["both", "left_only"])
    m["in_latest"] = m["_merge"].isin(["both", "right_only"])
    m["change"] = m["_merge"].map({"both": "kept", "left_only": "withdrawn", "right_only": "opened"}).astype(str)
    m["base_year"], m["latest_year"] = base_year, latest
    return m[["major_code", "college_code", "college_name", "in_base", "in_latest", "change", "base_year", "latest_year"]].sort_values(["major_code", "college_code"]).reset_index(drop=True)


def capacity_change(programmes: pd.DataFrame, *, base_year: int = 2021, latest: int | None = None) -> pd.DataFrame:
    """布点 change per major from ``base_year`` (default 2021, the first year of the current
    catalogue) to ``latest`` (default the last year present).

    Returns:
        Rows major_code, major_class, category, n_base, n_latest, change (n_latest − n_base),
        opened, withdrawn (college counts), opened_colleges, withdrawn_colleges (names),
        base_year, latest_year.
    """
    ch = programme_changes(programmes, base_year=base_year, latest=latest)
    g = ch.groupby("major_code")
    out = pd.DataFrame(
        {
            "n_base": g["in_base"].sum(),
            "n_latest": g["in_latest"].sum(),
            "opened": g["change"].apply(lambda s: int((s == "opened").sum())),
            "withdrawn": g["change"].apply(lambda s: int((s == "withdrawn").sum())),
            "opened_colleges": g.apply(lambda d: "、".join(sorted(d.loc[d["change"] == "opened", "college_name"])), include_groups=False),
            "withdrawn_colleges": g.apply(lambda d: "、".join(sorted(d.loc[d["change"] == "withdrawn", "college_name"])), include_groups=False),
        }
    ).reset_index()
    out["n_base"] = out["n_base"].astype("int64")
    out["n_latest"] = out["n_latest"].astype("int64")
    out["change"] = out["n_latest"] - out["n_base"]
    out["major_class"] = out["major_code"].str[:4]
    out["category"] = out["major_code"].str[:2]
    out["base_year"] = int(ch["base_year"].iloc[0]) if len(ch) else base_year
    out["latest_year"] = int(ch["latest_year"].iloc[0]) if len(ch) else latest
    cols = ["major_code", "major_class", "category", "n_base", "n_latest", "change", "opened", "withdrawn", "opened_colleges", "withdrawn_colleges", "base_year", "latest_year"]
    return out[cols]


def colleges_offering(
    programmes: pd.DataFrame,
    classes: Iterable[str],
    *,
    colleges: pd.DataFrame | None = None,
    year: int | None = None,
    lead: str | None = None,
    catalogue: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Which real colleges offer which majors of the given major classes (a group's majors).

    Args:
        programmes: The ``programmes`` table.
        classes: Major classes (4-digit) or categories (2-digit) of the group.
        colleges: The college list, for city and public/private status.
        year: Register year (default the latest).
        lead: The group's lead institution (exact name from the group registry); its rows get
            ``is_lead = True``. Never guessed: None marks no one.
        catalogue: 2021 catalogue for the major names (else the registered names are used).

    Returns:
        Rows college_code, college_name, city, nature, is_lead, major_code, major_name,
        major_class, durations ("3" or "3/5"), year; lead first, then by college and major.
    """
    prefixes = tuple(str(c) for c in classes)
    p = programmes[programmes["major_code"].notna()].copy()
    year = int(p["year"].max()) if year is None else int(year)
    p = p[(p["year"] == year) & p["major_code"].astype(str).str.startswith(prefixes)]
    p["major_class"] = p["major_code"].str[:4]
    g = p.groupby(["college_code", "major_code", "major_class"], as_index=False).agg(
        college_name=("college_name", "first"),
        major_name=("major_name_src", "first"),
        durations=("duration_years", lambda s: "/".join(str(int(x)) for x in sorted(set(s.dropna())))),
    )
    if catalogue is not None and not catalogue.empty:
        names = dict(zip(catalogue["code"].astype(str), catalogue["name_zh"]))
        g["major_name"] = g["major_code"].map(names).fillna(g["major_name"])
    if colleges is not None and not colleges.empty:
        c = colleges[["moe_code", "city", "nature"]].rename(columns={"moe_code": "college_code"}).drop_duplicates("college_code")
        g = g.merge(c, on="college_code", how="left")
    else:
        g["city"], g["nature"] = None, None
    g["city"] = g["city"].fillna(UNKNOWN_CITY)
    g["is_lead"] = (g["college_name"] == lead) if lead else False
    g["year"] = year
    cols = ["college_code", "college_name", "city", "nature", "is_lead", "major_code", "major_name", "major_class", "durations", "year"]
    return g[cols].sort_values(["is_lead", "college_name", "major_code"], ascending=[False, True, True]).reset_index(drop=True)


def unmapped_programmes(programmes: pd.DataFrame) -> pd.DataFrame:
    """Programmes left out of capacity because their old code has no 2021 mapping, per year."""
    u = programmes[programmes["major_code"].isna()]
    return u.groupby(["year", "catalogue_edition", "major_code_src", "major_name_src"], dropna=False).size().reset_index(name="n_programmes")
