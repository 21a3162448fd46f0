"""Step 6: new entrants to the provincial labour market per major, from member colleges.

    entrants[c, k, t] = enrollment[c, k, t − L] · completion · (1 − further study) · in-province

with L = 4 for 职业本科 majors and 3 for 专科 and 中职 (docs/design.md step 6). Rates come from the
graduates table, pooled over years and shrunk (empirical Bayes, ``rate_prior_strength``
pseudo-graduates) from the college × major rate to the class rate to the overall rate to the
documented defaults, so that a college with three graduates does not get a 0 % or 100 % rate.
Cohorts after the last (before the first) enrollment year hold the last (first) intake
(labelled ``projected_enrollment``).
Member colleges without enrollment counts but with registered programmes get
programmes × ``intake_per_programme`` (labelled ``capacity_estimate``, status estimated).

Real colleges never receive a synthetic number: their rates use only non-synthetic graduate
rows (else the defaults), and synthetic enrollment or graduate rows keyed to a real college's
code are dropped and flagged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentcast import schema
from talentcast.analysis.inputs import (
    ENROLLMENT_COLUMNS,
    GRADUATES_COLUMNS,
    GroupSpec,
    as_float,
    classes_of,
    lengths_of,
    worst_status,
)
from talentcast.analysis.settings import AnalysisSettings

RATE_NAMES = ("completion", "further_study", "in_province", "employment", "counterpart")
SUPPLY_COLUMNS = schema.column_names("mart_supply")


def drop_synthetic_on_real(df: pd.DataFrame, real_codes: set[str], table: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split off rows whose status is synthetic but whose college is real.

    Returns:
        (kept rows, dropped rows with a ``table`` column) — the dropped rows become flags.
    """
    if df.empty or "status" not in df.columns:
        return df, pd.DataFrame(columns=["table", "college_code"])
    bad = (df["status"].astype(str) == "synthetic") & df["college_code"].astype(str).isin(real_codes)
    return df[~bad], df[bad].assign(table=table)[["table", "college_code"]].drop_duplicates()


def _pool(num, den, prior, k: float):
    """(num + k·prior) / (den + k); the prior itself where there is no evidence at all."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    prior = np.broadcast_to(np.asarray(prior, dtype=float), np.broadcast(num, den).shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (num + k * prior) / (den + k)
    return np.where(den + k > 0, r, prior)


def estimate_rates(graduates: pd.DataFrame, enrollment: pd.DataFrame, settings: AnalysisSettings) -> dict[str, pd.DataFrame]:
    """Shrunk rates at three levels: overall, per major class, per college × major.

    Args:
        graduates: graduates table (already stripped of synthetic rows on real colleges).
        enrollment: enrollment table (for completion = graduates[y] / new_students[y − L]).
        settings: defaults and ``rate_prior_strength``.

    Returns:
        ``{"overall": 1 row, "class": per major_class, "college_major": per college_code ×
        major_code}`` each with ``<rate>_rate`` columns, ``n_graduates`` and ``status``.
    """
    k = settings.rate_prior_strength
    defaults = {
        "completion": settings.default_completion, "further_study": settings.default_further_study,
        "in_province": settings.default_in_province, "employment": settings.default_employment,
        "counterpart": settings.default_counterpart,
    }
    g = graduates.copy()
    if g.empty:
        g = pd.DataFrame(columns=GRADUATES_COLUMNS)
    g["college_code"] = g["college_code"].astype(str)
    g["major_code"] = g["major_code"].astype(str)
    for c in ("graduates", "employed", "further_study", "employed_in_province", "counterpart_employed"):
        g[c] = as_float(g[c]) if len(g) else pd.Series(dtype=float)
    g["year"] = pd.to_numeric(g["year"], errors="coerce")
    g["major_class"] = classes_of(g["major_code"]) if len(g) else pd.Series(dtype=str)
    # Completion pairs a graduating cohort with its entry year.
    en = enrollment.copy() if len(enrollment) else pd.DataFrame(columns=ENROLLMENT_COLUMNS)
    en["college_code"] = en["college_code"].astype(str)
    en["major_code"] = en["major_code"].astype(str)
    en["year"] = pd.to_numeric(en["year"], errors="coerce")
    en["new_students"] = as_float(en["new_students"]) if len(en) else pd.Series(dtype=float)
    if len(g):
        g["entry_year"] = g["year"] - g["major_code"].pipe(lengths_of)
        g = g.merge(en[["college_code", "major_code", "year", "new_students"]].rename(columns={"year": "entry_year", "new_students": "cohort"}),
                    on=["college_code", "major_code", "entry_year"], how="left")
    else:
        g["cohort"] = pd.Series(dtype=float)
    g["grad_c"] = np.where(g["cohort"] > 0, g["graduates"], 0.0)
    g["cohort"] = g["cohort"].where(g["cohort"] > 0, 0.0)
    parts = {
        "completion": ("grad_c", "cohort"),
        "further_study": ("further_study", "graduates"),
        "in_province": ("employed_in_province", "employed"),
        "employment": ("employed", "graduates"),
        "counterpart": ("counterpart_employed", "employed"),
    }
    sums_cols = sorted({c for pair in parts.values() for c in pair})
    tot = g[sums_cols].fillna(0).sum()
    overall = {f"{r}_rate": float(_pool(tot[n], tot[d], defaults[r], k)) for r, (n, d) in parts.items()}
    overall["n_graduates"] = float(tot["graduates"])
    overall["status"] = worst_status(g["status"]) if len(g) else "estimated"
    if overall["n_graduates"] == 0:
        overall["status"] = "estimated"  # pure defaults: documented assumptions
    cls = g.groupby("major_class")[sums_cols].sum().reset_index()
    cm = g.groupby(["college_code", "major_code", "major_class"])[sums_cols].sum().reset_index()
    for r, (n, d) in parts.items():
        cls[f"{r}_rate"] = _pool(cls[n], cls[d], overall[f"{r}_rate"], k)
        cm = cm.merge(cls[["major_class", f"{r}_rate"]].rename(columns={f"{r}_rate": "_prior"}), on="major_class", how="left")
        cm[f"{r}_rate"] = _pool(cm[n], cm[d], cm["_prior"], k)
        cm = cm.drop(columns="_prior")
    cls["n_graduates"] = cls["graduates"]
    cm["n_graduates"] = cm["graduates"]
    st_cls = g.groupby("major_class")["status"].agg(worst_status)
    st_cm = g.groupby(["college_code", "major_code"])["status"].agg(worst_status)
    cls["status"] = cls["major_class"].map(st_cls).fillna("estimated")
    cm["status"] = [st_cm.get((a, b), "estimated") for a, b in zip(cm["college_code"], cm["major_code"])]
    keep = [f"{r}_rate" for r in RATE_NAMES] + ["n_graduates", "status"]
    return {
        "overall": pd.DataFrame([overall]),
        "class": cls[["major_class", *keep]],
        "college_major": cm[["college_code", "major_code", "major_class", *keep]],
    }


def _lookup_rates(keys: pd.DataFrame, rates: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rates for (college_code, major_code, major_class) rows: college × major, else class, else overall."""
    out = keys.merge(rates["college_major"].drop(columns=["major_class"]), on=["college_code", "major_code"], how="left")
    cls = rates["class"].add_suffix("_c").rename(columns={"major_class_c": "major_class"})
    out = out.merge(cls, on="major_class", how="left")
    ov = rates["overall"].iloc[0]
    for r in [f"{x}_rate" for x in RATE_NAMES] + ["n_graduates"]:
        out[r] = out[r].fillna(out[f"{r}_c"]).fillna(ov[r])
    out["rate_status"] = out["status"].fillna(out["status_c"]).fillna(ov["status"])
    return out.drop(columns=[c for c in out.columns if c.endswith("_c")] + ["status"])


def compute_supply(
    group: GroupSpec,
    classes: list[str],
    years: list[int],
    enrollment: pd.DataFrame,
    programmes: pd.DataFrame,
    rates_all: dict[str, pd.DataFrame],
    rates_real: dict[str, pd.DataFrame],
    real_codes: set[str],
    settings: AnalysisSettings,
    intake: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Entrants per member college, major and target year for one group.

    Args:
        group: The group (its members supply; other colleges do not).
        classes: 专科 major classes of the group's field.
        years: Target (forecast) years.
        enrollment: Enrollment rows (synthetic-on-real already removed).
        programmes: Major register (for colleges without enrollment counts).
        rates_all: :func:`estimate_rates` over all graduate rows (synthetic colleges).
        rates_real: :func:`estimate_rates` over non-synthetic graduate rows (real colleges).
        real_codes: Codes of real colleges.
        settings: intake per programme, switches.
        intake: :func:`intake_table` (possibly calibrated); built from settings when None.

    Returns:
        Rows with SUPPLY_COLUMNS; ``entrants ≤ enrollment_cohort`` by construction.
    """
    members = {m.code: m for m in group.members}
    if not members or not years:
        return pd.DataFrame(columns=SUPPLY_COLUMNS)
    cls_set = set(classes)
    en = enrollment[enrollment["college_code"].astype(str).isin(members)].copy()
    en["college_code"] = en["college_code"].astype(str)
    en["major_code"] = en["major_code"].astype(str)
    en["year"] = pd.to_numeric(en["year"], errors="coerce").astype("Int64")
    en["new_students"] = as_float(en["new_students"])
    en = en.dropna(subset=["year", "new_students"])
    en["major_class"] = classes_of(en["major_code"])
    en = en[en["major_class"].isin(cls_set)]
    frames = []
    if len(en):
        last = en.groupby(["college_code", "major_code"])["year"].max().rename("last_year")
        first = en.groupby(["college_code", "major_code"])["year"].min().rename("first_year")
        pairs = pd.concat([last, first], axis=1).reset_index()
        grid = pairs.merge(pd.DataFrame({"year": years}), how="cross")
        grid["cohort_year"] = grid["year"] - grid["major_code"].pipe(lengths_of)
        # Cohorts outside the observed years take the nearest observed intake (stable intake
        # assumed, labelled projected_enrollment) rather than vanishing from supply.
        grid["src_year"] = np.clip(grid["cohort_year"], grid["first_year"], grid["last_year"])
        grid = grid.merge(en[["college_code", "major_code", "year", "new_students", "status"]].rename(columns={"year": "src_year"}),
                          on=["college_code", "major_code", "src_year"], how="inner")
        grid["basis"] = np.where(grid["cohort_year"] != grid["src_year"], "projected_enrollment", "enrollment")
        grid["enrollment_cohort"] = grid["new_students"]
        grid["input_status"] = grid["status"].astype(str)
        grid.loc[grid["basis"] == "projected_enrollment", "input_status"] = grid["input_status"].map(
            lambda s: s if s == "synthetic" else "estimated")
        frames.append(grid[["college_code", "major_code", "year", "cohort_year", "enrollment_cohort", "basis", "input_status"]]
                      .assign(register_year=np.nan, intake_per_programme=np.nan))
    if settings.use_capacity_estimates and programmes is not None and len(programmes):
        have = set(en["college_code"]) if len(en) else set()
        cap = capacity_cohorts(programmes, set(members) - have, cls_set, years, intake if intake is not None else
                               intake_table(settings))
        if len(cap):
            frames.append(cap)
    if not frames:
        return pd.DataFrame(columns=SUPPLY_COLUMNS)
    s = pd.concat(frames, ignore_index=True)
    s["major_class"] = classes_of(s["major_code"])
    s["is_real"] = s["college_code"].isin(real_codes) | s["college_code"].map(lambda c: not members[c].synthetic)
    parts = []
    for is_real, sub in s.groupby("is_real"):
        r = _lookup_rates(sub, rates_real if is_real else rates_all)
        parts.append(r)
    s = pd.concat(parts, ignore_index=True)
    s["graduates_est"] = s["enrollment_cohort"] * s["completion_rate"].clip(0, 1)
    s["supply_gross"] = s["graduates_est"] * (1 - s["further_study_rate"].clip(0, 1))
    s["entrants"] = s["supply_gross"] * s["in_province_rate"].clip(0, 1)
    s["status"] = [worst_status([a, b, "estimated"]) for a, b in zip(s["input_status"], s["rate_status"])]
    s["group_id"] = group.id
    s["college_name"] = s["college_code"].map(lambda c: members[c].name)
    for c in ("register_year", "intake_per_programme"):
        if c not in s.columns:
            s[c] = np.nan
    return s[SUPPLY_COLUMNS].sort_values(["major_class", "major_code", "college_code", "year"]).reset_index(drop=True)


def register_year_for(cohort_years, register_years) -> np.ndarray:
    """The register year a cohort was admitted under: its own year when the register has it,
    else the nearest earlier one; NaN when every register is later (a later register would
    credit programmes opened after the cohort entered, so it is never used).

    Args:
        cohort_years: Entry years (target year − programme length).
        register_years: Years for which a register exists.
    """
    reg = np.sort(np.unique(np.asarray(list(register_years), dtype=float)))
    c = np.asarray(cohort_years, dtype=float)
    if not len(reg):
        return np.full(c.shape, np.nan)
    i = np.searchsorted(reg, c, side="right") - 1
    return np.where(i >= 0, reg[np.clip(i, 0, None)], np.nan)


def load_intake_defaults(path=None) -> pd.DataFrame:
    """The packaged intake-per-programme table (``data/analysis/intake_per_programme.csv``):
    rows ``major_class`` (4-digit, or ``*`` for every other class), ``intake_per_programme``
    (students per college × major per year), ``source``.

    Raises:
        ConfigError: the file is missing or a value is not a positive number.
    """
    from pathlib import Path

    from talentcast.errors import ConfigError
    from talentcast.resources import resource_path

    p = Path(path) if path else resource_path("data") / "analysis" / "intake_per_programme.csv"
    try:
        t = pd.read_csv(p, dtype={"major_class": str, "source": str})
    except FileNotFoundError:
        raise ConfigError(f"intake table {p} not found", hint="restore the packaged file or set intake_per_programme_path") from None
    v = pd.to_numeric(t["intake_per_programme"], errors="coerce")
    bad = t.index[~(v > 0)]
    if len(bad):
        raise ConfigError(f"{p} line {int(bad[0]) + 2}: intake_per_programme must be a positive number of students")
    return t.assign(intake_per_programme=v.astype(float), source=t["source"].fillna(""))


def intake_table(settings: AnalysisSettings) -> pd.DataFrame:
    """Intake per programme by class: the packaged (or configured) table, with the setting
    ``intake_per_programme`` (when given) as the value of every class the table does not name.

    Returns:
        Rows major_class (``*`` = default), intake_per_programme, source, calibration_factor
        (1.0 until :func:`calibrate_intake`), cohort_year (NaN = every year).
    """
    t = load_intake_defaults(getattr(settings, "intake_per_programme_path", None))
    star_value = t.loc[t["major_class"] == "*", "intake_per_programme"]
    same = len(star_value) and float(star_value.iloc[0]) == float(settings.intake_per_programme or np.nan)
    if settings.intake_per_programme is not None and not same:
        star = t["major_class"] == "*"
        src = "setting supply.intake_per_programme (assumption)"
        if star.any():
            t.loc[star, ["intake_per_programme", "source"]] = [float(settings.intake_per_programme), src]
        else:
            t = pd.concat([t, pd.DataFrame([{"major_class": "*", "intake_per_programme": float(settings.intake_per_programme),
                                             "source": src}])], ignore_index=True)
    return t.assign(calibration_factor=1.0, cohort_year=np.nan)


def calibrate_intake(intake: pd.DataFrame, programmes: pd.DataFrame, totals: pd.DataFrame | None) -> pd.DataFrame:
    """Scale the intake per programme so that the register's programmes of a cohort year add
    up to the provincial new-entrant total of that year, where one was ingested.

    The table's relative sizes between classes are kept; only the level moves. Cohort years
    without a total keep the uncalibrated table (the rows carry ``calibration_factor``).

    Args:
        intake: :func:`intake_table`.
        programmes: The (real) major register: college_code, major_code, year.
        totals: Rows ``year``, ``new_students`` (persons, e.g. 专科 new entrants of the
            education statistics bulletin), or None.

    Returns:
        The uncalibrated rows (cohort_year NaN) plus one calibrated copy per year with a total.
    """
    if totals is None or not len(totals) or programmes is None or not len(programmes):
        return intake
    pr = programmes.dropna(subset=["major_code"]).copy()
    pr["major_code"] = pr["major_code"].astype(str)
    pr["year"] = pd.to_numeric(pr["year"], errors="coerce")
    pr = pr.drop_duplicates(["college_code", "major_code", "year"])
    pr["major_class"] = classes_of(pr["major_code"], invalid="")
    per = dict(zip(intake["major_class"], intake["intake_per_programme"]))
    star = per.get("*", np.nan)
    pr["intake"] = pr["major_class"].map(per).fillna(star)
    out = [intake]
    for r in totals.itertuples(index=False):
        ry = register_year_for([r.year], pr["year"].unique())[0]
        implied = float(pr.loc[pr["year"] == ry, "intake"].sum()) if np.isfinite(ry) else 0.0
        if implied > 0 and float(r.new_students) > 0:
            f = float(r.new_students) / implied
            out.append(intake.assign(calibration_factor=f, cohort_year=float(r.year),
                                     source=intake["source"] + f"; calibrated ×{f:.3f} to the provincial total of {int(r.year)}"))
    return pd.concat(out, ignore_index=True)


def capacity_cohorts(programmes: pd.DataFrame, colleges: set[str], classes: set[str], years: list[int],
                     intake: pd.DataFrame) -> pd.DataFrame:
    """Estimated cohorts of colleges without enrolment counts, from the register of their entry year.

    Graduates of year t entered in t − L; they count where the college had the major in the
    register of t − L (or the nearest earlier register year), never in a later register.
    Intake = the class's intake per programme × the calibration factor of the cohort year.

    Returns:
        Rows college_code, major_code, year, cohort_year, register_year, enrollment_cohort,
        intake_per_programme, basis (capacity_estimate), input_status (estimated).
    """
    cols = ["college_code", "major_code", "year", "cohort_year", "register_year", "enrollment_cohort",
            "intake_per_programme", "basis", "input_status"]
    reg_years = pd.to_numeric(programmes["year"], errors="coerce").dropna().unique()
    pr = programmes[programmes["college_code"].astype(str).isin(colleges)]
    if "status" in pr.columns:
        pr = pr[pr["status"].astype(str) != "synthetic"]
    pr = pr.dropna(subset=["major_code"])
    if pr.empty or not years:
        return pd.DataFrame(columns=cols)
    # The prepared register already carries the 专科 class of every major.
    cls = pr["major_class"] if "major_class" in pr.columns else classes_of(pr["major_code"].astype(str), invalid="")
    pr = pr[cls.isin(classes)]
    pr = pd.DataFrame({"college_code": pr["college_code"].astype(str), "major_code": pr["major_code"].astype(str),
                       "register_year": pd.to_numeric(pr["year"], errors="coerce")})
    pr = pr.drop_duplicates(["college_code", "major_code", "register_year"])
    majors = pr[["major_code"]].drop_duplicates().merge(pd.DataFrame({"year": years}), how="cross")
    majors["cohort_year"] = majors["year"] - majors["major_code"].pipe(lengths_of)
    majors["register_year"] = register_year_for(majors["cohort_year"], reg_years)
    cap = majors.dropna(subset=["register_year"]).merge(pr[["college_code", "major_code", "register_year"]],
                                                        on=["major_code", "register_year"], how="inner")
    cap["major_class"] = classes_of(cap["major_code"])
    base = intake[intake["cohort_year"].isna()]
    per = dict(zip(base["major_class"], base["intake_per_programme"]))
    cap["intake_per_programme"] = cap["major_class"].map(per).fillna(per.get("*", np.nan))
    factors = intake[intake["cohort_year"].notna()].drop_duplicates("cohort_year").set_index("cohort_year")["calibration_factor"]
    cap["intake_per_programme"] = cap["intake_per_programme"] * cap["cohort_year"].map(factors).fillna(1.0)
    cap["enrollment_cohort"] = cap["intake_per_programme"]
    cap["basis"] = "capacity_estimate"
    cap["input_status"] = "estimated"
    return cap[cols]


ASSUMPTION_COLUMNS = schema.column_names("mart_supply_assumptions")
_RATE_SOURCES = {
    "completion": ("default_completion", "completion = graduates / entrants of the cohort"),
    "further_study": ("default_further_study", "share of graduates going on to further study (专升本 etc.)"),
    "in_province": ("default_in_province", "share of employed graduates working in the province"),
}


def supply_assumptions(intake: pd.DataFrame, rates_real: dict[str, pd.DataFrame], settings: AnalysisSettings) -> pd.DataFrame:
    """The assumptions behind every estimated supply figure, with where each comes from, as
    data (``mart_supply_assumptions``) so that each report's supply section can print them.

    Args:
        intake: :func:`intake_table` / :func:`calibrate_intake` rows.
        rates_real: :func:`estimate_rates` over real graduate rows (what real colleges use).
        settings: Defaults and sensitivity factors.

    Returns:
        Rows parameter (intake_per_programme | completion_rate | further_study_rate |
        in_province_rate | cohort_register_rule | supply_sensitivity_low | _high), major_class
        (``*`` = all), cohort_year (NaN = all), value, unit, source, status (estimated).
    """
    rows = []
    for r in intake.itertuples(index=False):
        rows.append(("intake_per_programme", r.major_class, r.cohort_year, float(r.intake_per_programme) * float(r.calibration_factor),
                     "students per college × major per year", r.source, "estimated"))
    ov = rates_real["overall"].iloc[0]
    n = float(ov.get("n_graduates", 0.0) or 0.0)
    for name, (default, meaning) in _RATE_SOURCES.items():
        src = (f"real graduate rows ({n:,.0f} graduates), shrunk to the default {getattr(settings, default):g}" if n > 0
               else f"default (assumption, setting {default}); no real graduate data ingested")
        rows.append((f"{name}_rate", "*", np.nan, float(ov[f"{name}_rate"]), "share", f"{meaning}: {src}", "estimated"))
    rows.append(("cohort_register_rule", "*", np.nan, np.nan, "",
                 "graduates of year t entered in t − L (L = 3 专科/中职, 4 职业本科) under the register of t − L, else the "
                 "nearest earlier register year; never a later register", "estimated"))
    lo, hi = settings.supply_sensitivity
    for key, f in (("supply_sensitivity_low", lo), ("supply_sensitivity_high", hi)):
        rows.append((key, "*", np.nan, float(f), "factor on estimated intake",
                     "ratings recomputed with the estimated supply scaled; a changed rating is marked sensitive_to_supply",
                     "estimated"))
    lo, hi = settings.exit_rate_sensitivity
    for key, f in (("exit_rate_sensitivity_low", lo), ("exit_rate_sensitivity_high", hi)):
        rows.append((key, "*", np.nan, float(f), "factor on the exit rates",
                     "ratings recomputed with replacement demand scaled; a changed rating is marked sensitive_to_exit_rate",
                     "estimated"))
    return pd.DataFrame(rows, columns=ASSUMPTION_COLUMNS)
