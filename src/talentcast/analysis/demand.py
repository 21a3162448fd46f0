"""Step 4: openings by major class = expansion + replacement, with simulated intervals.

For region r, industry i, major class m and forecast year t (docs/design.md step 4)::

    A[i, m]          = v[i] · S[i, m]                      (vocational jobs of i in class m, per job)
    expansion[m, t]  = Σ_i (E[i, t] − E[i, t−1]) · A[i, m]
    replacement[m,t] = Σ_i  E[i, t−1] · ρ[i] · A[i, m]
    openings[m, t]   = max(0, expansion + replacement)

E is in 万人 (``employment_10k``); results are in persons (× ``employment_unit_persons``).
Intervals come from ``n_draws`` joint draws of the industry forecast paths (see
:func:`simulate_paths` for the dependence assumption).
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from talentcast import schema
from talentcast.analysis.inputs import (
    EMPLOYMENT_COLUMNS,
    STAFFING_COLUMNS,
    VSHARE_COLUMNS,
    as_float,
    classes_of,
    is_section,
    section_of,
    worst_status,
)
from talentcast.analysis.settings import AnalysisSettings
from talentcast.errors import ValidationError

Z95 = 1.959963984540054
Z80 = 1.2815515655446004
#: Cross-industry correlation when no total forecast pins it down (documented default).
_DEFAULT_CORRELATION = 0.5
DEMAND_COLUMNS = schema.column_names("mart_demand", without=("group_id",))


def window_cumsum(x: np.ndarray, years, first_year: int | None, axis: int) -> np.ndarray:
    """Cumulative sums along ``axis`` (one entry per year of ``years``, ascending) that restart
    at ``first_year``: a year of the planning window adds up from the window's first year, a
    year before the window (between the newest figure and the edition) from the first
    forecast year. The cumulative figures of every mart and the ratings use this one rule."""
    cs = np.cumsum(x, axis=axis)
    k = int(np.searchsorted(np.asarray(years), first_year)) if first_year is not None else 0
    if 0 < k < cs.shape[axis]:
        window = [slice(None)] * cs.ndim
        window[axis] = slice(k, None)
        cs[tuple(window)] -= np.take(cs, [k - 1], axis=axis)
    return cs


def check_staffing(staffing: pd.DataFrame, tol: float = 0.01) -> pd.DataFrame:
    """Validate S and renormalise rows that are off by rounding only.

    Args:
        staffing: industry_code, major_class, share.
        tol: Largest tolerated |row sum − 1| before it is an error.

    Returns:
        S with string codes, 专科 major classes and rows summing exactly to 1.

    Raises:
        ValidationError: negative shares, or rows whose sums are off by more than ``tol``.
    """
    s = staffing[STAFFING_COLUMNS].copy()
    s["industry_code"] = s["industry_code"].astype(str)
    s["major_class"] = classes_of(s["major_class"].astype(str))
    s["share"] = as_float(s["share"])
    bad = s[~(s["share"] >= 0)]
    failures = [f"industry {r.industry_code} class {r.major_class}: share {r.share}" for r in bad.itertuples()]
    s = s.groupby(["industry_code", "major_class"], as_index=False)["share"].sum()
    sums = s.groupby("industry_code")["share"].sum()
    failures += [f"industry {i}: staffing row sums to {v:.4f}, not 1" for i, v in sums.items() if abs(v - 1) > tol]
    if failures:
        raise ValidationError("staffing matrix S is invalid", failures,
                              hint="rows of S must be non-negative shares summing to 1 (crosswalk stage)")
    s["share"] = s["share"] / s["industry_code"].map(sums)
    return s


def _weights(divisions: list[str], division_weights: pd.DataFrame | None, employment: pd.DataFrame) -> pd.Series:
    """Division weights within their sections: given weights, else the latest history
    employment of the divisions (any region, summed), else equal weights."""
    w = pd.Series(1.0, index=pd.Index(divisions, name="industry_code"))
    if division_weights is not None and len(division_weights):
        given = division_weights.assign(industry_code=division_weights["industry_code"].astype(str))
        given = given.set_index("industry_code")["weight"].astype(float)
        w.update(given[given.index.isin(w.index)])
        return w
    if len(employment):
        e = employment[(employment["kind"] == "history") & ~employment["industry_code"].astype(str).map(is_section)]
        e = e[e["industry_code"].astype(str).isin(divisions)]
        if len(e):
            last = e[e["year"] == e["year"].max()].groupby(e["industry_code"].astype(str))["mean"].sum()
            # Divisions without their own history keep weight 1 relative to nothing: only used
            # when the whole section lacks history, so fall back to equal weights per section.
            sec = pd.Series({d: section_of(d) for d in divisions})
            covered = set(sec[sec.index.isin(last.index)].unique())
            for d in divisions:
                if sec[d] in covered:
                    w[d] = float(last.get(d, 0.0))
    return w


def industry_coefficients(
    staffing: pd.DataFrame,
    vocational_share: pd.DataFrame,
    *,
    staffing_section: pd.DataFrame | None = None,
    division_weights: pd.DataFrame | None = None,
    employment: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A[i, m] = v[i] · S[i, m] for every division and every section.

    Sections are rolled up from divisions with weights w (division employment shares, or equal
    when unknown): A[s, m] = Σ_d w_d v_d S[d, m] / Σ_d w_d, so that Σ_m A[s, m] = v[s], the
    weighted vocational share. A precomputed section S (``staffing_section``) is used as is
    with the section's v.

    Returns:
        industry_code, major_class, coef, v (rows of one industry: Σ coef = v).

    Raises:
        ValidationError: S invalid, or v outside [0, 1].
    """
    s = check_staffing(staffing)
    vs = vocational_share[VSHARE_COLUMNS].copy()
    vs["industry_code"] = vs["industry_code"].astype(str)
    vs["v"] = as_float(vs["v"])
    bad = vs[~((vs["v"] >= 0) & (vs["v"] <= 1))]
    if len(bad):
        raise ValidationError("vocational share v must lie in [0, 1]",
                              [f"industry {r.industry_code}: v = {r.v}" for r in bad.itertuples()])
    vmap = dict(zip(vs["industry_code"], vs["v"]))
    # Division v: its own, else its section's.
    div = s[~s["industry_code"].map(is_section)].copy()
    div["section"] = div["industry_code"].map(section_of)
    div["v"] = div["industry_code"].map(vmap)
    div["v"] = div["v"].fillna(div["section"].map(vmap))
    div = div.dropna(subset=["v"])
    div["coef"] = div["v"] * div["share"]
    out = [div[["industry_code", "major_class", "coef", "v"]]]
    sec_rows = s[s["industry_code"].map(is_section)]
    if staffing_section is not None and len(staffing_section):
        sec_rows = pd.concat([sec_rows, check_staffing(staffing_section)], ignore_index=True)
    if len(sec_rows):
        sec = sec_rows.copy()
        sec["v"] = sec["industry_code"].map(vmap)
        if sec["v"].isna().any() and len(div):
            # Section v from its divisions, weighted as below.
            w = _weights(sorted(div["industry_code"].unique()), division_weights, employment if employment is not None else pd.DataFrame(columns=EMPLOYMENT_COLUMNS))
            dv = div.drop_duplicates("industry_code").assign(w=lambda d: d["industry_code"].map(w))
            v_sec = dv.groupby("section").apply(lambda g: float(np.average(g["v"], weights=g["w"])) if g["w"].sum() > 0 else float(g["v"].mean()), include_groups=False)
            sec["v"] = sec["v"].fillna(sec["industry_code"].map(v_sec))
        sec = sec.dropna(subset=["v"])
        sec["coef"] = sec["v"] * sec["share"]
        out.append(sec[["industry_code", "major_class", "coef", "v"]])
    have_sections = set(out[-1]["industry_code"]) if len(out) > 1 else set()
    if len(div):
        w = _weights(sorted(div["industry_code"].unique()), division_weights,
                     employment if employment is not None else pd.DataFrame(columns=EMPLOYMENT_COLUMNS))
        d = div[~div["section"].isin(have_sections)].copy()
        d["w"] = d["industry_code"].map(w).fillna(0.0)
        wsum = d.drop_duplicates("industry_code").groupby("section")["w"].sum()
        # Sections whose divisions all weigh 0 fall back to equal weights.
        zero = wsum[wsum <= 0].index
        d.loc[d["section"].isin(zero), "w"] = 1.0
        wsum = d.drop_duplicates("industry_code").groupby("section")["w"].sum()
        d["coef"] = d["coef"] * d["w"] / d["section"].map(wsum)
        d["vw"] = d["v"] * d["w"] / d["section"].map(wsum)
        agg = d.groupby(["section", "major_class"], as_index=False)["coef"].sum()
        vsec = d.drop_duplicates("industry_code").groupby("section")["vw"].sum()
        agg["v"] = agg["section"].map(vsec)
        out.append(agg.rename(columns={"section": "industry_code"}))
    res = pd.concat(out, ignore_index=True)
    return res[res["coef"] > 0].reset_index(drop=True)


def select_industries(employment: pd.DataFrame, coef_codes: set[str]) -> pd.DataFrame:
    """Keep one industry level per region and section so nothing is counted twice.

    Per region and section, divisions are used when the region has division rows of that
    section with coefficients; otherwise the section row. Totals and unknown codes are dropped.
    """
    e = employment.copy()
    e["industry_code"] = e["industry_code"].astype(str)
    ok = e["industry_code"].map(lambda c: is_section(c) or (len(c) == 2 and c.isdigit()))
    e = e[ok]
    e["section"] = e["industry_code"].map(section_of)
    e["is_div"] = ~e["industry_code"].map(is_section)
    div_sections = (
        e[e["is_div"] & e["industry_code"].isin(coef_codes)].groupby("region_code")["section"].agg(set).to_dict()
    )
    keep = [
        (is_div and sec in div_sections.get(reg, set())) or (not is_div and sec not in div_sections.get(reg, set()))
        for reg, sec, is_div in zip(e["region_code"], e["section"], e["is_div"])
    ]
    return e[np.array(keep, dtype=bool)].drop(columns=["section", "is_div"])


def _interval_sd(mean: np.ndarray, lo95, hi95, lo80, hi80) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper standard deviations of a split normal matching the 80 % interval,
    else the 95 % one, else zero (no interval: the path is taken as known).

    The 80 % interval first: it is the band the reports print and the one the engine's
    backtest checks (coverage_80); the engine's 95 % bands are heavier-tailed than a normal
    (about 1.6× the 80 % half-width where a normal has 1.53×), and a normal fitted to them
    would widen every 80 % band of openings beyond what the forecasts say."""
    sd_lo = (mean - lo80) / Z80
    sd_hi = (hi80 - mean) / Z80
    sd_lo = np.where(np.isfinite(sd_lo), sd_lo, (mean - lo95) / Z95)
    sd_hi = np.where(np.isfinite(sd_hi), sd_hi, (hi95 - mean) / Z95)
    sd_lo = np.where(np.isfinite(sd_lo), np.maximum(sd_lo, 0.0), 0.0)
    sd_hi = np.where(np.isfinite(sd_hi), np.maximum(sd_hi, 0.0), 0.0)
    return sd_lo, sd_hi


def trend_share(sd: np.ndarray) -> np.ndarray:
    """Share w of the one-year-ahead variance that persists as a trend error, per industry.

    A forecast error made of a trend part (a wrong slope, a·t) and yearly shocks (a random
    walk, b·√t) has Var(err[t]) = sd[1]²·(w·t² + (1 − w)·t) with w = a² / sd[1]². w is
    fitted to the forecast's own sd over the horizon by least squares and clipped to [0, 1]:
    intervals that widen in proportion to t (w = 1) say the uncertainty is about the trend,
    intervals that widen like √t (w = 0) say it is about yearly shocks.
    """
    sd = np.asarray(sd, float)
    t = np.arange(1, sd.shape[1] + 1, dtype=float)
    s1 = sd[:, :1] ** 2
    x = s1 * (t**2 - t)[None]
    y = sd**2 - s1 * t[None]
    with np.errstate(invalid="ignore", divide="ignore"):
        w = (x * y).sum(axis=1) / (x * x).sum(axis=1)
    return np.clip(np.nan_to_num(w, nan=0.0), 0.0, 1.0)


def simulate_paths(mean: np.ndarray, sd_lo: np.ndarray, sd_hi: np.ndarray, n_draws: int, rho: float,
                   rng: np.random.Generator) -> np.ndarray:
    """Draw joint employment paths, shape (n_draws, industries, years).

    Levels and changes are drawn together. Industry i's forecast error is a trend part and a
    random walk of yearly shocks (see :func:`trend_share` for w):

        err[t] = √w·sd[1]·t·ε_trend + √(1 − w)·sd[1]·(η[1] + … + η[t])

    so every year's change carries the one-year-ahead uncertainty sd[1] (Var of a change =
    w·sd[1]² + (1 − w)·sd[1]²) — the interval of a year's openings does not shrink with the
    horizon — while the level's interval widens as the forecast's does (exactly for a linear
    or √t profile, by least squares otherwise). The earlier comonotone paths (one score for
    all years, err[t] = z·sd[t]) gave a year's change the sd increment sd[t] − sd[t−1], which
    shrinks wherever the forecast's interval widens ever more slowly, and put the whole level
    uncertainty into the first year.

    Across industries every shock (ε_trend and each year's η) follows a one-factor model with
    correlation ``rho``: √rho·g + √(1−rho)·e_i (see :func:`implied_correlation`).

    sd is the mean of the lower and upper standard deviations of the input interval: openings
    depend on year-to-year changes, and a split normal whose skew changes from one year to
    the next (the reconciled forecasts are skewed in year 1 and nearly symmetric by year 3)
    would turn that change of shape into spurious employment changes. Draws are clipped at 0.
    """
    n_ind, n_years = mean.shape
    sd = (np.asarray(sd_lo, float) + np.asarray(sd_hi, float)) / 2.0
    w = trend_share(sd)
    s1 = sd[:, 0]

    def shocks(shape_years: int) -> np.ndarray:
        g = rng.standard_normal((n_draws, 1, shape_years))
        e = rng.standard_normal((n_draws, n_ind, shape_years))
        return np.sqrt(rho) * g + np.sqrt(1.0 - rho) * e

    trend = shocks(1) * (np.sqrt(w) * s1)[None, :, None] * np.arange(1, n_years + 1, dtype=float)[None, None, :]
    walk = np.cumsum(shocks(n_years) * (np.sqrt(1.0 - w) * s1)[None, :, None], axis=2)
    return np.maximum(mean[None] + trend + walk, 0.0)


def implied_correlation(sd_parts: np.ndarray, sd_total: np.ndarray, fallback: float) -> float:
    """Cross-industry correlation c that makes the sum of the industries as uncertain as the
    region's own total forecast: Var(Σ) = (1−c)·Σ sd_i² + c·(Σ sd_i)² = sd_total².

    The total (all sections, forecast and reconciled with them) is the one published series
    whose error already contains every common shock of the sections, so it pins down how
    much the sections err together. Averaged over the forecast years; clipped to [0, 1];
    ``fallback`` where no total interval exists or the sections carry no uncertainty.

    Args:
        sd_parts: (industries, years) standard deviations of the sections.
        sd_total: (years,) standard deviation of the total.
        fallback: The documented default correlation.
    """
    sd_total = np.asarray(sd_total, float)
    s2 = (sd_parts**2).sum(axis=0)
    s1 = sd_parts.sum(axis=0) ** 2
    ok = np.isfinite(sd_total) & (sd_total > 0) & (s1 - s2 > 0)
    if not ok.any():
        return float(fallback)
    c = (sd_total[ok] ** 2 - s2[ok]) / (s1[ok] - s2[ok])
    return float(np.clip(np.mean(c), 0.0, 1.0))


def interval_informative(point, hi) -> np.ndarray:
    """False where an interval is too wide to inform: upper bound over 3× the point (or no
    positive point). The report then prints the range in words, not as a precise band."""
    point, hi = np.asarray(point, float), np.asarray(hi, float)
    with np.errstate(invalid="ignore"):
        return (point > 0) & (hi <= 3.0 * point)


def _region_demand(e: pd.DataFrame, coef: pd.DataFrame, rho_of, settings: AnalysisSettings, scenario: str,
                   region: str, totals: pd.DataFrame | None = None,
                   keep: dict | None = None) -> tuple[pd.DataFrame, list[dict]]:
    """Demand for one region and scenario; returns rows and flag records.

    ``totals`` are the region's all-industry forecast rows (for the implied cross-industry
    correlation); ``keep`` receives the simulated openings per draw (see :func:`compute_demand`).
    """
    flags: list[dict] = []
    hist = e[e["kind"] == "history"]
    if hist.empty:
        return pd.DataFrame(columns=DEMAND_COLUMNS), [{"flag": "no_employment_history", "value": np.nan}]
    base = int(hist["year"].max())
    base_e = hist[hist["year"] == base].groupby("industry_code")["mean"].sum()
    base_fc = e[(e["kind"] == "forecast") & (e["scenario"] == "baseline")]
    fc = e[(e["kind"] == "forecast") & (e["scenario"] == scenario)]
    if scenario != "baseline":
        # A scenario may restate only some industries; the rest follow the baseline.
        fc = pd.concat([fc, base_fc[~base_fc["industry_code"].isin(fc["industry_code"])]])
    years = list(range(base + 1, base + settings.horizon + 1))
    fc = fc[fc["year"].isin(years)]
    codes = sorted(set(base_e.index) & set(fc["industry_code"]) & set(coef["industry_code"]))
    total_base = float(base_e.sum())
    unmapped = total_base - float(base_e[base_e.index.isin(codes)].sum())
    if total_base > 0 and unmapped / total_base > 0:
        flags.append({"flag": "unmapped_employment", "value": unmapped / total_base})
    if not codes:
        return pd.DataFrame(columns=DEMAND_COLUMNS), flags + [{"flag": "no_employment_forecast", "value": np.nan}]
    # Years every kept industry has; a shorter forecast truncates the horizon (flagged).
    have = fc[fc["industry_code"].isin(codes)].groupby("year")["industry_code"].nunique()
    years = [y for y in years if have.get(y, 0) == len(codes)]
    if len(years) < settings.horizon:
        flags.append({"flag": "short_forecast", "value": float(len(years))})
    if not years:
        return pd.DataFrame(columns=DEMAND_COLUMNS), flags
    years = [y for y in years if y <= years[0] + len(years) - 1]  # contiguous from base+1
    piv = fc[fc["industry_code"].isin(codes)].groupby(["industry_code", "year"])[["mean", "lo_80", "hi_80", "lo_95", "hi_95"]].mean()
    idx = pd.MultiIndex.from_product([codes, years])
    piv = piv.reindex(idx)

    def arr(col: str) -> np.ndarray:
        return piv[col].to_numpy(dtype=float).reshape(len(codes), len(years))

    mean = arr("mean")
    sd_lo, sd_hi = _interval_sd(mean, arr("lo_95"), arr("hi_95"), arr("lo_80"), arr("hi_80"))
    if not (np.any(sd_lo > 0) or np.any(sd_hi > 0)):
        flags.append({"flag": "no_forecast_interval", "value": np.nan})
    e0 = base_e.reindex(codes).to_numpy(dtype=float)
    classes = sorted(coef.loc[coef["industry_code"].isin(codes), "major_class"].unique())
    a = (coef[coef["industry_code"].isin(codes)].pivot_table(index="industry_code", columns="major_class",
                                                             values="coef", aggfunc="sum")
         .reindex(index=codes, columns=classes).fillna(0.0).to_numpy())
    rho = np.array([rho_of(c) for c in codes])
    unit = settings.employment_unit_persons
    seed = (settings.seed + zlib.crc32(f"{region}|{scenario}".encode())) % (2**32)
    rng = np.random.default_rng(seed)
    corr = settings.industry_shock_correlation
    if corr is None:
        corr = _DEFAULT_CORRELATION
        if totals is not None and len(totals):
            t = totals[totals["scenario"] == "baseline"].groupby("year")[["mean", "lo_80", "hi_80", "lo_95", "hi_95"]].mean()
            t = t.reindex(years)
            t_lo, t_hi = _interval_sd(t["mean"].to_numpy(float), t["lo_95"].to_numpy(float), t["hi_95"].to_numpy(float),
                                      t["lo_80"].to_numpy(float), t["hi_80"].to_numpy(float))
            corr = implied_correlation((sd_lo + sd_hi) / 2, (t_lo + t_hi) / 2, _DEFAULT_CORRELATION)
    draws = simulate_paths(mean, sd_lo, sd_hi, settings.n_draws, corr, rng)

    def flows(paths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # paths (..., I, T) → expansion, replacement (..., T, M) in persons.
        prev = np.concatenate([np.broadcast_to(e0[:, None], paths.shape[:-2] + (len(codes), 1)), paths[..., :-1]], axis=-1)
        delta = np.swapaxes(paths - prev, -1, -2)
        repl = np.swapaxes(prev * rho[:, None], -1, -2)
        return delta @ a * unit, repl @ a * unit

    exp_pt, rep_pt = flows(mean)
    exp_d, rep_d = flows(draws)
    op_d = np.maximum(exp_d + rep_d, 0.0)
    q = np.quantile(op_d, [0.1, 0.9, 0.025, 0.975], axis=0)
    # Cumulative openings over the planning window, per draw: the exact interval of the
    # window's total (summing yearly quantiles would overstate it).
    qc = np.quantile(window_cumsum(op_d, years, settings.first_year, axis=1), [0.1, 0.9], axis=0)
    emp = (mean.T @ a) * unit
    status = worst_status(pd.concat([e["status"][e["industry_code"].isin(codes)], pd.Series(["estimated"])]))
    t_idx, m_idx = np.meshgrid(np.arange(len(years)), np.arange(len(classes)), indexing="ij")
    t_idx, m_idx = t_idx.ravel(), m_idx.ravel()
    openings = np.maximum(exp_pt + rep_pt, 0.0)
    rows = pd.DataFrame({
        "region_code": region,
        "scenario": scenario,
        "major_class": np.array(classes, dtype=object)[m_idx],
        "year": np.array(years)[t_idx],
        "horizon": np.array(years)[t_idx] - base,
        "expansion": exp_pt[t_idx, m_idx],
        "replacement": rep_pt[t_idx, m_idx],
        "openings": openings[t_idx, m_idx],
        "openings_lo_80": q[0][t_idx, m_idx],
        "openings_hi_80": q[1][t_idx, m_idx],
        "openings_lo_95": q[2][t_idx, m_idx],
        "openings_hi_95": q[3][t_idx, m_idx],
        "cum_openings_lo_80": qc[0][t_idx, m_idx],
        "cum_openings_hi_80": qc[1][t_idx, m_idx],
        "employment_persons": emp[t_idx, m_idx],
        "status": status,
    })
    rows["interval_informative"] = interval_informative(rows["openings"], rows["openings_hi_80"])
    if keep is not None:
        keep[(region, scenario)] = {"years": years, "classes": classes, "openings": op_d, "base": base,
                                    "correlation": corr, "status": status, "first_year": settings.first_year}
    return rows, flags


def compute_demand(employment: pd.DataFrame, coef: pd.DataFrame, exit_rates: dict[str, float],
                   settings: AnalysisSettings, keep: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Openings by region, scenario, major class and forecast year.

    Args:
        employment: mart_employment-like rows (mean etc. in 万人).
        coef: :func:`industry_coefficients` output.
        exit_rates: ρ by section or division (division first, then its section).
        settings: horizon, draws, seed, shock correlation, unit.
        keep: When given, receives per (region, scenario) of ``settings.region`` the simulated
            openings (draws × years × classes) so that totals over classes are quantiles of
            simulated totals (:func:`demand_totals`), never sums of class quantiles.

    Returns:
        (demand rows with columns DEMAND_COLUMNS, flag rows region_code/scenario/flag/value).
    """
    missing = [c for c in ["region_code", "industry_code", "year", "kind", "mean"] if c not in employment.columns]
    if missing:
        raise ValidationError(f"employment input lacks column(s) {missing}", hint="pass mart_employment")
    e = employment.copy()
    for col in EMPLOYMENT_COLUMNS:
        if col not in e.columns:
            e[col] = {"scenario": "baseline", "status": "official"}.get(col, np.nan)
    e["region_code"] = e["region_code"].astype(str)
    e["scenario"] = e["scenario"].fillna("baseline").astype(str)
    e["year"] = pd.to_numeric(e["year"], errors="coerce").astype("Int64")
    for col in ("mean", "lo_80", "hi_80", "lo_95", "hi_95"):
        e[col] = as_float(e[col])
    if settings.demand_regions is not None:
        e = e[e["region_code"].isin(set(settings.demand_regions))]
    else:
        # The province and its cities; other regions (e.g. national series used for
        # bridging) are not part of any group's field.
        prefix = str(settings.region)[:2]
        e = e[e["region_code"].str[:2] == prefix]
    totals = e[e["industry_code"].astype(str).str.upper().eq("TOTAL") & (e["kind"] == "forecast")]
    e = select_industries(e, set(coef["industry_code"]))

    def rho_of(code: str) -> float:
        return exit_rates.get(code, exit_rates.get(section_of(code), settings.default_exit_rate))

    scenarios = sorted(set(e.loc[e["kind"] == "forecast", "scenario"]) | {"baseline"})
    if settings.scenarios is not None:
        scenarios = [s for s in scenarios if s in settings.scenarios]
    parts, flags = [], []
    for region, er in e.groupby("region_code", sort=True):
        for sc in scenarios:
            if sc != "baseline" and not ((er["kind"] == "forecast") & (er["scenario"] == sc)).any():
                continue
            rows, fl = _region_demand(er, coef, rho_of, settings, sc, region, totals[totals["region_code"] == region],
                                      keep if (keep is not None and region == settings.region) else None)
            parts.append(rows)
            flags += [{"region_code": region, "scenario": sc, **f} for f in fl]
    demand = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=DEMAND_COLUMNS)
    # Nothing split yet: levels.apply_level_split separates 高职 from 中职 openings.
    demand = demand.assign(openings_secondary=0.0, higher_share=1.0, level_basis="none") if len(demand) else demand
    return demand[DEMAND_COLUMNS], pd.DataFrame(flags, columns=["region_code", "scenario", "flag", "value"])


MAJOR_DEMAND_COLUMNS = schema.column_names("mart_demand_major", without=("group_id",))


def split_to_majors(demand: pd.DataFrame, programmes: pd.DataFrame | None) -> pd.DataFrame:
    """Demand by major: class demand × the major's share of the class's programmes.

    S is estimated per major class; no evidence separates majors inside a class, so class
    demand is split in proportion to the province's 专业布点 (colleges registered for each
    major in the latest register year) — an assumption, rows labelled estimated, with
    ``split_basis = "programmes"``. Classes without registered programmes are not split.
    Intervals scale with the share (a constant factor), so quantiles stay quantiles.
    """
    if demand.empty or programmes is None or programmes.empty:
        return pd.DataFrame(columns=MAJOR_DEMAND_COLUMNS)
    pr = programmes.dropna(subset=["major_code"])
    if "status" in pr.columns:
        pr = pr[pr["status"].astype(str) != "synthetic"]
    if pr.empty:
        return pd.DataFrame(columns=MAJOR_DEMAND_COLUMNS)
    yr = pd.to_numeric(pr["year"], errors="coerce")
    now = pr[yr == yr.max()].assign(major_code=lambda d: d["major_code"].astype(str))
    now = now[now["major_code"].str.fullmatch(r"\d{6}K?")]  # K: the catalogue's 国控 majors (580302K)
    now = now.drop_duplicates(["college_code", "major_code"])
    counts = now.groupby("major_code").size().rename("n").reset_index()
    counts["major_class"] = classes_of(counts["major_code"])
    counts["share"] = counts["n"] / counts.groupby("major_class")["n"].transform("sum")
    out = demand.merge(counts[["major_class", "major_code", "share"]], on="major_class", how="inner")
    for c in ("expansion", "replacement", "openings", "openings_lo_80", "openings_hi_80", "openings_lo_95", "openings_hi_95",
              "cum_openings_lo_80", "cum_openings_hi_80"):
        out[c] = out[c] * out["share"]
    out["split_basis"] = "programmes"
    out["status"] = out["status"].map(lambda s: s if s == "synthetic" else "estimated")
    return out[MAJOR_DEMAND_COLUMNS].reset_index(drop=True)


TOTAL_COLUMNS = schema.column_names("mart_demand_total")


def demand_totals(group_id: str, classes: list[str], demand: pd.DataFrame, kept: dict) -> pd.DataFrame:
    """A group's total openings per scenario and year with intervals from the simulated totals.

    Each draw's openings are summed over the group's classes, and the quantiles are taken of
    those sums: the interval of a total is never the sum of the classes' quantiles (that
    would assume every class errs at its own 10th percentile at once).

    Args:
        group_id: Written on every row.
        classes: The group's major classes.
        demand: :func:`compute_demand` rows (the point figures).
        kept: The ``keep`` dict filled by :func:`compute_demand`.

    Returns:
        Rows with TOTAL_COLUMNS (persons; ``interval_informative`` False where hi_80 > 3× point).
    """
    rows = []
    for (region, scenario), k in sorted(kept.items()):
        idx = [i for i, c in enumerate(k["classes"]) if c in set(classes)]
        if not idx:
            continue
        tot = k["openings"][:, :, idx].sum(axis=2)  # draws × years
        q = np.quantile(tot, [0.1, 0.9, 0.025, 0.975], axis=0)
        qc = np.quantile(window_cumsum(tot, k["years"], k["first_year"], axis=1), [0.1, 0.9], axis=0)
        d = demand[(demand["region_code"] == region) & (demand["scenario"] == scenario) & demand["major_class"].isin(classes)]
        pt = d.groupby("year")[["expansion", "replacement", "openings", "openings_secondary"]].sum().reindex(k["years"]).fillna(0.0)
        cum = pd.Series(window_cumsum(pt["openings"].to_numpy(float), k["years"], k["first_year"], axis=0), index=pt.index)
        # Where the published point sits in its own band: the share of simulated totals below it.
        below = (tot < pt["openings"].to_numpy(float)[None, :]).mean(axis=0)
        cum_below = (window_cumsum(tot, k["years"], k["first_year"], axis=1) < cum.to_numpy(float)[None, :]).mean(axis=0)
        for j, y in enumerate(k["years"]):
            rows.append({
                "group_id": group_id, "region_code": region, "scenario": scenario, "year": int(y),
                "horizon": int(y) - int(k["base"]), "n_classes": len(idx),
                "expansion": float(pt.at[y, "expansion"]), "replacement": float(pt.at[y, "replacement"]),
                "openings": float(pt.at[y, "openings"]), "openings_secondary": float(pt.at[y, "openings_secondary"]),
                "openings_lo_80": float(q[0, j]), "openings_hi_80": float(q[1, j]),
                "openings_lo_95": float(q[2, j]), "openings_hi_95": float(q[3, j]),
                "cum_openings": float(cum.at[y]), "cum_openings_lo_80": float(qc[0, j]), "cum_openings_hi_80": float(qc[1, j]),
                "industry_shock_correlation": float(k["correlation"]), "status": k["status"],
                "point_quantile": float(below[j]), "cum_point_quantile": float(cum_below[j]),
            })
    out = pd.DataFrame(rows, columns=[c for c in TOTAL_COLUMNS if c != "interval_informative"])
    out["interval_informative"] = interval_informative(out["openings"], out["openings_hi_80"]) if len(out) else pd.Series(dtype=bool)
    return out[TOTAL_COLUMNS]
