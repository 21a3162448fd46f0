"""Step 8b: member-college evaluation as an indicator table (never one opaque score).

Every college in a group's field is evaluated: its member colleges, and every real college
that the MOE register shows offering a major of the field. Indicators (long format, one row
per college × indicator, ranked within the group; rank 1 is best, ``better`` says which
direction is best):

From the register (real facts, real colleges included):
  * ``programmes`` — majors of the field offered in the latest register year (breadth)
  * ``classes`` — major classes of the field covered
  * ``programme_share_shortage`` / ``programme_share_surplus`` — share of those programmes in
    classes rated shortage / surplus (alignment of the portfolio with projected demand)
  * ``programme_share_growing`` — share in classes whose projected demand grows
    (cumulative expansion > 0; rests on the demand side only)
  * ``opened_growing_since_<base>`` — majors offered now but not in ``eval_base_year`` whose
    class has growing demand (cumulative expansion > 0)
From enrollment (where counted):
  * ``enrollment_share_shortage`` / ``enrollment_share_surplus`` and ``alignment_enrollment``
    (= shortage share − surplus share of new students in the latest enrollment year)
From graduate outcomes (pooled over the last three graduating years):
  * ``employment_rate``, ``counterpart_rate``, ``retention_rate`` (employed in the province)

A real college never receives a synthetic value: synthetic rows are ignored for real
colleges, whose missing indicators read "no data" (value NaN, note ``no_data``); an indicator
that would rest on synthetic inputs (a rating computed from sample colleges' supply) reads
"no data" too (note ``no_data_synthetic_basis``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentcast import schema
from talentcast.analysis.inputs import GroupSpec, as_float, classes_of, worst_status

EVAL_COLUMNS = schema.column_names("mart_college_eval")
SHORTAGE = ("strong_shortage", "moderate_shortage")
SURPLUS = ("strong_surplus", "moderate_surplus")


def evaluate_colleges(group: GroupSpec, classes: list[str], headline: pd.DataFrame, enrollment: pd.DataFrame,
                      graduates: pd.DataFrame, programmes: pd.DataFrame, real_codes: set[str], base_year: int,
                      college_names: dict[str, str] | None = None) -> pd.DataFrame:
    """Indicator table for one group.

    Args:
        group: Group (members).
        classes: Major classes of the group's field.
        headline: Baseline headline gap rows of this group (major_class, rating, cum_expansion).
        enrollment, graduates: Tables with synthetic-on-real rows already removed.
        programmes: MOE register (real).
        real_codes: Codes of real colleges.
        base_year: Register year for "opened since".
        college_names: Fallback names by code.

    Returns:
        Rows with EVAL_COLUMNS.
    """
    cls_set = set(classes)
    rating = dict(zip(headline["major_class"], headline["rating"])) if len(headline) else {}
    # Status of what each indicator rests on: ratings carry the gap status (demand, supply,
    # graduate rates); growth carries the demand status only.
    rating_status = dict(zip(headline["major_class"], headline["status"])) if len(headline) else {}
    demand_status = (dict(zip(headline["major_class"], headline["demand_status"]))
                     if len(headline) and "demand_status" in headline.columns else rating_status)
    growing = set(headline.loc[headline["cum_expansion"] > 0, "major_class"]) if len(headline) else set()
    names = dict(college_names or {})
    members = {m.code: m for m in group.members}
    names.update({c: m.name for c, m in members.items() if m.name})
    recs: list[dict] = []
    frames: list[pd.DataFrame] = []

    def add(code: str, ind: str, value: float, better: str, n_basis: float, status: str, note: str = "") -> None:
        recs.append({"college_code": code, "indicator": ind, "value": value, "better": better,
                     "n_basis": n_basis, "status": status, "note": note})

    colleges = set(members)
    pr = prepare_programmes(programmes)
    pr = pr[pr["major_class"].isin(cls_set)]
    if "college_name" in pr.columns:
        for c, n in pr.drop_duplicates("college_code")[["college_code", "college_name"]].itertuples(index=False):
            names.setdefault(c, str(n))
    if len(pr):
        latest = int(pr["year"].max())
        now = pr[pr["year"] == latest].drop_duplicates(["college_code", "major_code"]).copy()
        colleges |= set(now["college_code"])
        now["rating"] = now["major_class"].map(rating)
        now["short"] = now["rating"].isin(SHORTAGE)
        now["surp"] = now["rating"].isin(SURPLUS)
        now["rated"] = now["rating"].notna()
        if (pr["year"] == base_year).any():
            before = pr.loc[pr["year"] == base_year, ["college_code", "major_code"]].drop_duplicates().assign(_old=True)
            now = now.merge(before, on=["college_code", "major_code"], how="left")
            now["opened"] = now["_old"].isna() & now["major_class"].isin(growing)
        now["r_status"] = now["major_class"].map(rating_status).fillna("estimated")
        now["d_status"] = now["major_class"].map(demand_status).fillna("estimated")
        st_r = now.groupby("college_code")["r_status"].agg(lambda x: worst_status(list(x) + ["estimated"]))
        st_d = now.groupby("college_code")["d_status"].agg(lambda x: worst_status(list(x) + ["estimated"]))
        now["growing"] = now["major_class"].isin(growing)
        agg = now.groupby("college_code").agg(growing=("growing", "sum"), n=("major_code", "size"), classes=("major_class", "nunique"),
                                              short=("short", "sum"), surp=("surp", "sum"), rated=("rated", "sum"),
                                              **({"opened": ("opened", "sum")} if "opened" in now.columns else {}))
        cols = {"programmes": ("higher", agg["n"].astype(float), "official", None),
                "classes": ("higher", agg["classes"].astype(float), "official", None),
                "programme_share_shortage": ("higher", agg["short"] / agg["n"], st_r, agg["rated"] > 0),
                "programme_share_surplus": ("lower", agg["surp"] / agg["n"], st_r, agg["rated"] > 0),
                "programme_share_growing": ("higher", agg["growing"] / agg["n"], st_d, agg["rated"] > 0)}
        if "opened" in agg.columns:
            cols[f"opened_growing_since_{base_year}"] = ("higher", agg["opened"].astype(float), st_d, None)
        for ind, (better, values, status, keep) in cols.items():
            part = pd.DataFrame({"college_code": agg.index, "indicator": ind, "value": values.to_numpy(), "better": better,
                                 "n_basis": agg["n"].to_numpy(dtype=float),
                                 "status": status if isinstance(status, str) else status.reindex(agg.index).to_numpy(),
                                 "note": ""})
            if keep is not None:
                part = part[keep.to_numpy()]
            frames.append(part)
    # Enrollment alignment: latest year per college.
    en = (enrollment[enrollment["college_code"].astype(str).isin(colleges)].copy() if len(enrollment)
          else pd.DataFrame(columns=["college_code", "major_code", "year", "new_students", "status"]))
    if len(en):
        en["college_code"] = en["college_code"].astype(str)
        en["major_class"] = classes_of(en["major_code"].astype(str))
        en = en[en["major_class"].isin(cls_set) & en["college_code"].isin(colleges)]
        en["year"] = pd.to_numeric(en["year"], errors="coerce")
        en["new_students"] = as_float(en["new_students"])
    for code, sub in en.groupby("college_code") if len(en) else []:
        sub = sub[sub["year"] == sub["year"].max()]
        tot = float(sub["new_students"].sum())
        if tot <= 0:
            continue
        st = worst_status(list(sub["status"].astype(str)) + ["estimated"])
        sh = float(sub.loc[sub["major_class"].map(rating).isin(SHORTAGE), "new_students"].sum()) / tot
        su = float(sub.loc[sub["major_class"].map(rating).isin(SURPLUS), "new_students"].sum()) / tot
        add(code, "enrollment_share_shortage", sh, "higher", tot, st)
        add(code, "enrollment_share_surplus", su, "lower", tot, st)
        add(code, "alignment_enrollment", sh - su, "higher", tot, st)
    # Graduate outcomes.
    gr = (graduates[graduates["college_code"].astype(str).isin(colleges)].copy() if len(graduates)
          else pd.DataFrame(columns=["college_code", "major_code", "year"]))
    if len(gr):
        gr["college_code"] = gr["college_code"].astype(str)
        gr["major_class"] = classes_of(gr["major_code"].astype(str))
        gr["year"] = pd.to_numeric(gr["year"], errors="coerce")
        gr = gr[gr["major_class"].isin(cls_set) & gr["college_code"].isin(colleges)]
        for c in ("graduates", "employed", "employed_in_province", "counterpart_employed"):
            gr[c] = as_float(gr[c])
    outcome = {"employment_rate": ("employed", "graduates"), "counterpart_rate": ("counterpart_employed", "employed"),
               "retention_rate": ("employed_in_province", "employed")}
    sums = pd.DataFrame()
    if len(gr):
        recent = gr[gr["year"] >= gr.groupby("college_code")["year"].transform("max") - 2]
        sums = recent.groupby("college_code")[["graduates", "employed", "employed_in_province", "counterpart_employed"]].sum()
        sums["status"] = recent.groupby("college_code")["status"].agg(lambda x: worst_status(x.astype(str)))
    allc = pd.Index(sorted(colleges), name="college_code")
    sums = sums.reindex(allc) if len(sums) else pd.DataFrame(index=allc, columns=["status", *{c for p in outcome.values() for c in p}])
    for ind, (num, den) in outcome.items():
        d = pd.to_numeric(sums[den], errors="coerce").fillna(0.0)
        ok = (d > 0).to_numpy()
        val = np.where(ok, pd.to_numeric(sums[num], errors="coerce").fillna(0.0) / d.where(d > 0, 1.0), np.nan)
        frames.append(pd.DataFrame({
            "college_code": allc, "indicator": ind, "value": val, "better": "higher", "n_basis": d.to_numpy(),
            "status": np.where(ok, sums["status"].fillna("official").astype(str), "official"),
            "note": np.where(ok, "", "no_data"),
        }))
    if recs:
        frames.append(pd.DataFrame(recs))
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=EVAL_COLUMNS)
    df = pd.concat(frames, ignore_index=True)
    df["group_id"] = group.id
    df["college_name"] = df["college_code"].map(names).fillna("")
    df["is_member"] = df["college_code"].isin(members)
    real_members = {c for c, m in members.items() if not m.synthetic}
    df["is_real"] = df["college_code"].isin(real_codes) | df["college_code"].isin(real_members)
    # Never a synthetic number beside a real college: a value resting on synthetic inputs
    # (e.g. ratings whose supply came from sample colleges) reads "no data" instead.
    hide = df["is_real"] & (df["status"] == "synthetic") & df["value"].notna()
    df.loc[hide, "value"] = np.nan
    df.loc[hide, "note"] = "no_data_synthetic_basis"
    df.loc[hide, "status"] = "official"
    # Rank 1 = best: rank the value, negated where higher is better, within each indicator.
    key = np.where(df["better"] == "higher", -df["value"], df["value"])
    df["rank"] = pd.Series(key, index=df.index).groupby(df["indicator"]).rank(method="min")
    df["n_ranked"] = df["value"].notna().groupby(df["indicator"]).transform("sum").astype(int)
    return df[EVAL_COLUMNS].sort_values(["indicator", "rank", "college_code"], na_position="last").reset_index(drop=True)


def prepare_programmes(programmes: pd.DataFrame | None) -> pd.DataFrame:
    """The register with string codes, numeric years, 专科 classes; synthetic rows and rows
    without a 2021 major code removed. Idempotent (a prepared frame is returned as is)."""
    if programmes is None or programmes.empty:
        return pd.DataFrame(columns=["year", "college_code", "major_code", "major_class"])
    if programmes.attrs.get("prepared"):
        return programmes
    pr = programmes
    if "status" in pr.columns:
        pr = pr[pr["status"].astype(str) != "synthetic"]
    pr = pr.dropna(subset=["major_code"]).copy()
    pr["college_code"] = pr["college_code"].astype(str)
    pr["major_code"] = pr["major_code"].astype(str)
    pr["year"] = pd.to_numeric(pr["year"], errors="coerce")
    pr["major_class"] = classes_of(pr["major_code"], invalid="")
    pr = pr[pr["major_class"] != ""]
    pr.attrs["prepared"] = True
    return pr


def synthetic_on_real(marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows of any mart where a real college carries a synthetic value (must be empty).

    Checks every mart with ``is_real`` and ``status`` columns; a "no data" row (NaN value)
    is not a value.
    """
    bad = []
    for name, df in marts.items():
        if df is None or df.empty or not {"is_real", "status"} <= set(df.columns):
            continue
        hit = df[df["is_real"].astype(bool) & (df["status"].astype(str) == "synthetic")]
        if "value" in hit.columns:
            hit = hit[hit["value"].notna()]
        if len(hit):
            bad.append(hit.assign(mart=name))
    return pd.concat(bad, ignore_index=True) if bad else pd.DataFrame(columns=["mart"])
