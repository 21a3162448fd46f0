"""Step 5: recent indicators from classified postings, per major class, region and year.

* ``postings``: all classified ads (duplicates included); ``postings_unique``: after dedup.
* ``intensity`` = postings / postings_unique (Lightcast's posting intensity: how hard
  employers advertise each job).
* ``postings_growth``: year-on-year growth of unique postings (NaN unless both years have
  ``min_postings``; ``salary_growth`` likewise on ``n_salary``).
* ``salary_cny_month_median``: median of the midpoint of the advertised monthly range over
  unique postings with a salary; ``salary_growth`` its year-on-year growth.
* ``share_vocational``: unique postings at vocational level; ``edu_*``: education mix.
* ``*_vs_avg``: growth minus the all-class growth of the same region and year (the recent
  step of the rating compares each class with the average).

City rows are summed to the province (first two digits + ``0000``) and all rows to the
nation (``100000``) as well. A region's row uses only postings located in that region.

Every row is ``status = observed`` (collected postings: real, not official statistics), and
``too_few_postings`` is True where fewer than ``min_postings`` unique postings stand behind
it (``postings_unique`` and ``n_salary`` are the counts behind the figures).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentcast import schema
from talentcast.analysis.inputs import POSTINGS_COLUMNS, as_float, classes_of

NATIONAL = "100000"
EDU_BUCKETS = {
    "中专/中技": "edu_secondary", "高中": "edu_secondary", "大专": "edu_junior_college",
    "本科": "edu_bachelor", "硕士": "edu_postgraduate", "博士": "edu_postgraduate", "不限": "edu_any",
}
EDU_COLUMNS = ["edu_secondary", "edu_junior_college", "edu_bachelor", "edu_postgraduate", "edu_any", "edu_unknown"]
INDICATOR_COLUMNS = schema.column_names("mart_indicators")
#: Postings are real but not official statistics (实采/非官方): every indicator row says so.
OBSERVED = "observed"


def province_of(region_code: str) -> str:
    """GB/T 2260 province of a region code (``410100`` → ``410000``)."""
    c = str(region_code)
    return c[:2] + "0000" if len(c) == 6 and c.isdigit() else c


def compute_indicators(postings: pd.DataFrame, min_postings: float = 30) -> pd.DataFrame:
    """Recent posting indicators per major class, region (cities and province) and year.

    Args:
        postings: Classified postings (``major_class`` null = unclassified, skipped).
        min_postings: Unique postings below which a row is ``too_few_postings``.

    Returns:
        One row per (major_class, region_code, year) with INDICATOR_COLUMNS.
    """
    if postings is None or postings.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    p = postings[POSTINGS_COLUMNS].copy()
    p = p[p["major_class"].notna() & (p["major_class"].astype(str) != "")]
    if p.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    p["major_class"] = classes_of(p["major_class"].astype(str))
    p["region_code"] = p["region_code"].astype(str)
    p["year"] = pd.to_numeric(p["year"], errors="coerce")
    p = p.dropna(subset=["year"])
    p["year"] = p["year"].astype(int)
    p["unique"] = ~p["is_duplicate"].fillna(False).astype(bool)
    lo, hi = as_float(p["salary_cny_month_min"]), as_float(p["salary_cny_month_max"])
    mid = np.where(np.isfinite(lo) & np.isfinite(hi), (lo + hi) / 2, np.where(np.isfinite(lo), lo, hi))
    p["salary_mid"] = np.where(p["unique"], mid, np.nan)
    p["voc"] = np.where(p["unique"], p["is_vocational"].fillna(False).astype(bool), False)
    p["edu"] = p["education"].map(EDU_BUCKETS).fillna("edu_unknown")
    prov = p.assign(region_code=p["region_code"].map(province_of))
    # Postings already coded at province level stay once; city rows add a province copy.
    both = pd.concat([p, prov[prov["region_code"] != p["region_code"]]], ignore_index=True)
    # National roll-up (GB/T 2260 100000) from every posting once, the fallback for a
    # province whose own postings are too few (flagged where used).
    nat = p[p["region_code"] != NATIONAL].assign(region_code=NATIONAL)
    both = pd.concat([both, nat], ignore_index=True)
    keys = ["major_class", "region_code", "year"]
    g = both.groupby(keys)
    out = pd.DataFrame({
        "postings": g.size(),
        "postings_unique": g["unique"].sum(),
        "salary_cny_month_median": g["salary_mid"].median(),
        "n_salary": g["salary_mid"].count(),
        "vocational_unique": g["voc"].sum(),
    }).reset_index()
    edu = both[both["unique"]].groupby(keys)["edu"].value_counts().unstack(fill_value=0)
    edu = edu.reindex(columns=EDU_COLUMNS, fill_value=0)
    out = out.merge(edu.reset_index(), on=keys, how="left")
    n_u = out["postings_unique"].astype(float)
    for c in EDU_COLUMNS:
        out[c] = np.where(n_u > 0, out[c].fillna(0) / n_u.where(n_u > 0, 1), np.nan)
    out["intensity"] = np.where(n_u > 0, out["postings"] / n_u.where(n_u > 0, 1), np.nan)
    out["share_vocational"] = np.where(n_u > 0, out["vocational_unique"] / n_u.where(n_u > 0, 1), np.nan)
    out = out.sort_values(keys).reset_index(drop=True)
    out["postings_growth"] = _growth(out, "postings_unique", "postings_unique", min_postings)
    out["salary_growth"] = _growth(out, "salary_cny_month_median", "n_salary", min_postings)
    # Averages over all classes of a region-year: totals for postings, all-posting median for salary.
    tot = both.groupby(["region_code", "year"]).agg(u=("unique", "sum"), s=("salary_mid", "median")).reset_index()
    tot = tot.sort_values(["region_code", "year"])
    prev = tot.groupby("region_code")[["u", "s", "year"]].shift(1)
    ok = prev["year"] == tot["year"] - 1
    tot["avg_pg"] = np.where(ok & (prev["u"] > 0), tot["u"] / prev["u"] - 1, np.nan)
    tot["avg_sg"] = np.where(ok & (prev["s"] > 0), tot["s"] / prev["s"] - 1, np.nan)
    out = out.merge(tot[["region_code", "year", "avg_pg", "avg_sg"]], on=["region_code", "year"], how="left")
    out["postings_growth_vs_avg"] = out["postings_growth"] - out["avg_pg"]
    out["salary_growth_vs_avg"] = out["salary_growth"] - out["avg_sg"]
    out["status"] = OBSERVED
    out["too_few_postings"] = out["postings_unique"] < float(min_postings)
    return out[INDICATOR_COLUMNS]


def _growth(df: pd.DataFrame, col: str, count: str, min_count: float) -> np.ndarray:
    """Year-on-year growth within (major_class, region); NaN across gaps, from zero, or where
    either year rests on fewer than ``min_count`` postings (``count``): a class sampled by 4
    postings one year and 64 the next did not grow 1,500 %."""
    prev = df.groupby(["major_class", "region_code"])[list(dict.fromkeys([col, "year", count]))].shift(1)
    ok = ((prev["year"] == df["year"] - 1) & (prev[col] > 0)
          & (prev[count] >= float(min_count)) & (df[count] >= float(min_count)))
    return np.where(ok, df[col] / prev[col].where(prev[col] > 0, 1) - 1, np.nan)
