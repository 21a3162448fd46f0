"""Step 7: projected gap and the COPS-style two-step rating with drivers.

1. *Recent conditions*: each available signal scores −1, 0 or +1 against ``[recent]``
   thresholds — unique-posting growth and median-salary growth against the all-class average
   (percentage points), graduates' employment rate and counterpart rate — and the recent score
   is their mean (0 when none is available; flagged).
2. *Projected gap*: the cumulative gap ratio (Σ openings − Σ supply) / Σ openings over the
   forecast years up to t scores −2 … +2 against ``[projected]``.

Combined score = projected + ``recent.weight`` × recent, mapped to the five ratings by
``[rating]``. Drivers: training gap, retention gap, suitability gap (``[drivers]``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from talentcast import schema
from talentcast.analysis.inputs import worst_status
from talentcast.analysis.settings import RuleBook

GAP_COLUMNS = schema.column_names("mart_gap")
DRIVER_ZH = {"training": "培养规模不足", "retention": "毕业生外流", "suitability": "专业对口度低"}


def projected_score(cum_openings: float, cum_supply: float, book: RuleBook) -> tuple[float, int]:
    """Gap ratio and its score −2 … +2.

    Zero openings with positive supply is a strong surplus; zero of both is balance with an
    undefined ratio (NaN).
    """
    if not cum_openings > 0:
        return (np.nan, -2) if cum_supply > 0 else (np.nan, 0)
    ratio = (cum_openings - cum_supply) / cum_openings
    t = lambda k: book.t("projected", k)  # noqa: E731 - short local alias
    if ratio >= t("strong_shortage"):
        return ratio, 2
    if ratio >= t("moderate_shortage"):
        return ratio, 1
    if ratio <= t("strong_surplus"):
        return ratio, -2
    if ratio <= t("moderate_surplus"):
        return ratio, -1
    return ratio, 0


def _sign(value: float, hi: float, lo: float) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return 1.0 if value >= hi else (-1.0 if value <= lo else 0.0)


def recent_score(posting_growth_vs_avg: float, salary_growth_vs_avg: float, employment_rate: float,
                 counterpart_rate: float, book: RuleBook) -> tuple[float, int]:
    """Mean of the available recent signals (−1 … +1) and how many there were."""
    r = lambda k: book.t("recent", k)  # noqa: E731
    signs = [
        _sign(posting_growth_vs_avg, r("posting_growth_margin"), -r("posting_growth_margin")),
        _sign(salary_growth_vs_avg, r("salary_growth_margin"), -r("salary_growth_margin")),
        _sign(employment_rate, r("employment_rate_high"), r("employment_rate_low")),
        _sign(counterpart_rate, r("counterpart_rate_high"), r("counterpart_rate_low")),
    ]
    got = [s for s in signs if s is not None]
    return (float(np.mean(got)) if got else 0.0), len(got)


def rate(score: float, book: RuleBook) -> str:
    """Map a combined score to one of the five ratings by the ``[rating]`` thresholds."""
    t = lambda k: book.t("rating", k)  # noqa: E731
    if score >= t("strong_shortage"):
        return "strong_shortage"
    if score >= t("moderate_shortage"):
        return "moderate_shortage"
    if score <= t("strong_surplus"):
        return "strong_surplus"
    if score <= t("moderate_surplus"):
        return "moderate_surplus"
    return "balance"


SURPLUS_RATINGS = ("strong_surplus", "moderate_surplus")
UNRATED = "unrated"
# Why a surplus is not published (mart_gap.rating_withheld), and what the reader is told.
WITHHELD_REASONS = {
    "coverage_limited": ("需求只计城镇非私营单位就业，该专业类的就业主要在统计覆盖不足的行业，测算需求是下限，不能据此判断过剩",
                         "demand counts urban non-private units only and the class works mostly where they cover little, "
                         "so the demand is a lower bound and cannot show a surplus"),
    "no_openings": ("预测期岗位需求为0：相关行业就业的外推降幅超过更替需求，这一结果需专家复核，不能据此判断过剩",
                    "no openings over the window: the extrapolated fall of its industries' employment outruns "
                    "replacement, a result for expert review that cannot show a surplus"),
}


def withhold_ratings(gap: pd.DataFrame) -> pd.DataFrame:
    """Rows whose surplus the demand side cannot show rated ``unrated``, with the reason.

    A surplus needs demand that counts the class's jobs. Two cases do not (DESIGN: never call a
    surplus from the coverage gap alone): the class works mostly in sections urban-unit statistics
    cover poorly (``coverage_limited``: the demand is a lower bound), or the window has no
    openings at all although graduates arrive (an extrapolated decline outrunning replacement:
    a model edge, not evidence). Shortages stand: a lower-bound demand that already exceeds supply
    is a shortage a fuller count would only widen. The projected score is kept.
    """
    if gap.empty:
        return gap.assign(rating_withheld=pd.Series(dtype="string"))
    surplus = gap["rating"].isin(SURPLUS_RATINGS)
    covered_poorly = gap["coverage_limited"].astype(bool) if "coverage_limited" in gap.columns else False
    no_openings = ~(gap["cum_openings"] > 0) & (gap["cum_supply"] > 0)
    reason = np.where(surplus & covered_poorly, "coverage_limited", np.where(surplus & no_openings, "no_openings", ""))
    out = gap.assign(rating_withheld=reason)
    out.loc[reason != "", "rating"] = UNRATED
    return out


def _running_sum(values: pd.Series, grp) -> np.ndarray:
    """Running sums of ``values`` within the groups of ``grp`` (a groupby over the same rows)."""
    return values.groupby(grp.ngroup()).cumsum().to_numpy()


def drivers_of(cum_openings: float, cum_supply_gross: float, cum_gap_ratio: float, in_province_rate: float,
               counterpart_rate: float, book: RuleBook) -> list[str]:
    """Drivers of a gap: training (too few graduates even if all stayed), retention (a gap
    and graduates leave the province), suitability (low counterpart rate)."""
    d = book.thresholds["drivers"]
    out = []
    if cum_openings > 0 and (cum_openings - cum_supply_gross) / cum_openings >= d["training_gap_ratio"]:
        out.append("training")
    if np.isfinite(in_province_rate) and in_province_rate < d["retention_rate_low"] and np.isfinite(cum_gap_ratio) and cum_gap_ratio > 0:
        out.append("retention")
    if np.isfinite(counterpart_rate) and counterpart_rate < d["counterpart_rate_low"]:
        out.append("suitability")
    return out


def _latest_indicators(indicators: pd.DataFrame, region_code: str, fallback_region: str | None,
                       min_postings: float) -> pd.DataFrame:
    """Latest indicator row per class in the region; where the region has fewer than
    ``min_postings`` unique postings (or none) and the fallback region has more, the
    fallback's row (``indicator_region`` says which was used)."""
    if indicators is None or indicators.empty:
        return pd.DataFrame()

    def latest(region: str) -> pd.DataFrame:
        x = indicators[indicators["region_code"] == region]
        return x.sort_values("year").groupby("major_class").tail(1).set_index("major_class")

    own = latest(region_code).assign(indicator_region=region_code)
    if not fallback_region or fallback_region == region_code:
        return own
    fb = latest(fallback_region).assign(indicator_region=fallback_region)
    weak = [c for c in fb.index if c not in own.index or own.at[c, "postings_unique"] < min_postings]
    use = [c for c in weak if fb.at[c, "postings_unique"] >= min_postings]
    return pd.concat([own.drop(index=[c for c in use if c in own.index]), fb.loc[use]])


def compute_gap(group_id: str, region_code: str, classes: list[str], demand: pd.DataFrame, supply: pd.DataFrame,
                indicators: pd.DataFrame, class_rates: pd.DataFrame, book: RuleBook,
                fallback_region: str | None = None, sensitivity: tuple[float, float] = (0.5, 2.0),
                first_year: int | None = None, exit_sensitivity: tuple[float, float] = (0.8, 1.2)) -> pd.DataFrame:
    """Gap, rating and drivers per scenario, major class and forecast year for one group.

    Args:
        group_id: Group id written on every row.
        region_code: Region compared (the province: supply is province-wide).
        classes: Major classes of the group's field.
        demand: compute_demand rows (any region; filtered here).
        supply: compute_supply rows of this group.
        indicators: compute_indicators rows (latest year per class in the region is used;
            the fallback region's where the region has fewer than ``[flags] min_postings``).
        class_rates: estimate_rates(...)["class"] (graduate outcomes per class).
        book: Thresholds.
        fallback_region: Region whose indicators stand in (e.g. national ``100000``), or None.
        sensitivity: Factors (low, high) on the supply estimated from programmes × intake:
            the rating is recomputed with that part of Σ supply scaled, and a rating that
            changes under either is ``sensitive_to_supply`` (the intake per programme is an
            assumption; a rating that rests on it says so).
        first_year: First year of the planning window (AnalysisSettings.first_year).
        exit_sensitivity: Factors (low, high) on the exit rates behind replacement demand: the
            rating is recomputed with each year's openings max(0, expansion + factor ×
            replacement), and a rating that changes under either is ``sensitive_to_exit_rate``
            (the rates are an assumption, and replacement is most of the openings).

    Returns:
        Rows with GAP_COLUMNS (``drivers`` and ``flags`` are ';'-joined codes; flags are added
        by :mod:`talentcast.analysis.flags`).
    """
    d = demand[(demand["region_code"] == region_code) & demand["major_class"].isin(classes)].copy()
    if d.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    sup = (supply.groupby(["major_class", "year"])[["entrants", "supply_gross"]].sum()
           if len(supply) else pd.DataFrame(columns=["entrants", "supply_gross"]))
    if len(supply) and "basis" in supply.columns:
        est = supply[supply["basis"] == "capacity_estimate"].groupby(["major_class", "year"])["entrants"].sum()
        d_est = est.rename("supply_estimated").reset_index()
    else:
        d_est = pd.DataFrame(columns=["major_class", "year", "supply_estimated"])
    sup_status = supply.groupby("major_class")["status"].agg(worst_status) if len(supply) else pd.Series(dtype=str)
    d = d.merge(sup.reset_index().rename(columns={"entrants": "supply"}) if len(sup) else
                pd.DataFrame(columns=["major_class", "year", "supply", "supply_gross"]),
                on=["major_class", "year"], how="left")
    d["supply"] = pd.to_numeric(d["supply"], errors="coerce").fillna(0.0)
    d["supply_gross"] = pd.to_numeric(d["supply_gross"], errors="coerce").fillna(0.0)
    d = d.merge(d_est, on=["major_class", "year"], how="left")
    d["supply_estimated"] = pd.to_numeric(d["supply_estimated"], errors="coerce").fillna(0.0)
    d = d.sort_values(["scenario", "major_class", "year"]).reset_index(drop=True)
    # Cumulative figures add up the planning window from its first year (years before the
    # window, from the first forecast year): the same rule as the demand marts (window_cumsum).
    in_window = d["year"] >= first_year if first_year is not None else pd.Series(True, index=d.index)
    grp = d.groupby(["scenario", "major_class", in_window])
    d["cum_years"] = grp.cumcount() + 1
    for src, dst in (("openings", "cum_openings"), ("expansion", "cum_expansion"),
                     ("supply", "cum_supply"), ("supply_gross", "cum_supply_gross"),
                     ("supply_estimated", "cum_supply_estimated")):
        d[dst] = grp[src].cumsum()
    # Openings with the exit rates scaled: replacement is linear in the rate, and a year's
    # openings are floored at 0 as in the demand (exact for the point path).
    exit_cum = [_running_sum(np.maximum(d["expansion"] + f * d["replacement"], 0.0), grp) for f in exit_sensitivity]
    for src, dst in (("openings_lo_80", "cum_openings_lo_80"), ("openings_hi_80", "cum_openings_hi_80")):
        # Exact cumulative quantiles from the simulation when given; else summed yearly ones
        # (comonotone, an upper bound on the width).
        if dst not in d.columns:
            d[dst] = grp[src].cumsum()
        else:
            d[dst] = d[dst].fillna(grp[src].cumsum())
    d["gap"] = d["openings"] - d["supply"]
    d["gap_ratio"] = np.where(d["openings"] > 0, d["gap"] / d["openings"].where(d["openings"] > 0, 1), np.nan)
    d["cum_gap"] = d["cum_openings"] - d["cum_supply"]
    min_postings = book.t("flags", "min_postings")
    ind = _latest_indicators(indicators, region_code, fallback_region, min_postings)
    rates = class_rates.set_index("major_class") if len(class_rates) else pd.DataFrame()

    def pick(frame: pd.DataFrame, cls: str, col: str) -> float:
        if len(frame) and cls in frame.index and col in frame.columns:
            v = frame.at[cls, col]
            return float(v) if pd.notna(v) else np.nan
        return np.nan

    def recent(cls: str) -> dict[str, Any]:
        """What a class's rows share: graduate outcomes and posting signals (once per class)."""
        has_grads = pick(rates, cls, "n_graduates") > 0
        emp = pick(rates, cls, "employment_rate") if has_grads else np.nan
        cp = pick(rates, cls, "counterpart_rate") if has_grads else np.nan
        inp = pick(rates, cls, "in_province_rate") if has_grads else np.nan
        # Posting signals count only with enough postings behind them (too few → no signal).
        enough = pick(ind, cls, "postings_unique") >= min_postings
        pg = pick(ind, cls, "postings_growth_vs_avg") if enough else np.nan
        sg = pick(ind, cls, "salary_growth_vs_avg") if pick(ind, cls, "n_salary") >= min_postings else np.nan
        rscore, n_sig = recent_score(pg, sg, emp, cp, book)
        return {"has_grads": has_grads, "emp": emp, "cp": cp, "inp": inp, "pg": pg, "sg": sg, "rscore": rscore,
                "n_sig": n_sig, "postings_unique": pick(ind, cls, "postings_unique"),
                "indicator_region": ind.at[cls, "indicator_region"] if len(ind) and cls in ind.index else "",
                "n_graduates": pick(rates, cls, "n_graduates"),
                "rate_status": rates.at[cls, "status"] if has_grads else None}

    by_class = {c: recent(c) for c in d["major_class"].unique()}
    rows = []
    for i, r in enumerate(d.itertuples(index=False)):
        ratio, pscore = projected_score(r.cum_openings, r.cum_supply, book)
        k = by_class[r.major_class]
        has_grads, emp, cp, inp, pg, sg = k["has_grads"], k["emp"], k["cp"], k["inp"], k["pg"], k["sg"]
        rscore, n_sig = k["rscore"], k["n_sig"]
        score = pscore + book.t("recent", "weight") * rscore
        alt = []
        for f in sensitivity:
            _, ps = projected_score(r.cum_openings, r.cum_supply + (f - 1.0) * r.cum_supply_estimated, book)
            alt.append(rate(ps + book.t("recent", "weight") * rscore, book))
        rating = rate(score, book)
        alt_exit = [rate(projected_score(c[i], r.cum_supply, book)[1] + book.t("recent", "weight") * rscore, book)
                    for c in exit_cum]
        statuses = [r.status, sup_status.get(r.major_class, "official")]
        if has_grads:
            statuses.append(k["rate_status"])
        rows.append({
            "cum_gap_ratio": ratio, "projected_score": pscore, "postings_unique": k["postings_unique"],
            "indicator_region": k["indicator_region"],
            "postings_growth_vs_avg": pg, "salary_growth_vs_avg": sg, "employment_rate": emp, "counterpart_rate": cp,
            "in_province_rate": inp, "n_graduates": k["n_graduates"],
            "recent_score": rscore, "n_recent_signals": n_sig, "score": score, "rating": rating,
            "rating_supply_low": alt[0], "rating_supply_high": alt[1], "sensitive_to_supply": any(a != rating for a in alt),
            "rating_exit_low": alt_exit[0], "rating_exit_high": alt_exit[1],
            "sensitive_to_exit_rate": any(a != rating for a in alt_exit),
            "drivers": ";".join(drivers_of(r.cum_openings, r.cum_supply_gross, ratio, inp, cp, book)),
            "flags": "", "status": worst_status(statuses), "demand_status": r.status,
        })
    out = pd.concat([d.drop(columns=["status", "employment_persons"], errors="ignore"), pd.DataFrame(rows)], axis=1)
    out["group_id"] = group_id
    if "interval_informative" not in out.columns:
        out["interval_informative"] = (out["openings"] > 0) & (out["openings_hi_80"] <= 3 * out["openings"])
    # Set by the pipeline from the employment coverage of the class's sections.
    out["coverage_limited"] = False
    out["rating_withheld"] = ""
    for c, v in (("openings_secondary", 0.0), ("higher_share", 1.0)):
        if c not in out.columns:
            out[c] = v
    return out[GAP_COLUMNS]
