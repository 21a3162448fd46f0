"""Like for like: the part of demand that the supply counts.

Supply counts 高职 graduates (专科 and 职业本科). The vocational share v behind demand counts
every vocational-level job — 中职 (中专/中技/高中-level) jobs too — and the employment series
count urban non-private units only (城镇单位就业人员). Two steps make demand comparable:

1. :func:`higher_share` splits each class's vocational openings into 高职 and 中职 levels by
   the education asked for in the region's own postings: h[m] = 大专 postings / (大专 +
   中专/中技/高中 postings), pooled over years and shrunk (``strength`` pseudo-postings) to the
   region's all-class share, so a class with three postings does not get 0 % or 100 %.
   :func:`apply_level_split` keeps h·openings as the openings compared with supply and
   reports (1 − h)·openings as ``openings_secondary`` beside them. Without postings nothing
   is split (h = 1, as before; ``level_basis = none``).
2. :func:`coverage_limited_classes` marks classes whose vocational employment lies mostly in
   sections where urban units cover a small part of employment (the packaged list
   ``data/analysis/coverage_limited_sections.csv``; an assumption from the series'
   definition, until section totals of all employment are ingested). Their gap understates
   demand, so the suggestions never cut or merge them on the gap alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentcast.resources import resource_path

LEVEL_COLUMNS = ["major_class", "higher_share", "n_higher", "n_secondary", "level_basis"]
_SCALED = ("expansion", "replacement", "openings", "openings_lo_80", "openings_hi_80", "openings_lo_95",
           "openings_hi_95", "cum_openings_lo_80", "cum_openings_hi_80", "employment_persons")


def higher_share(indicators: pd.DataFrame, region: str, strength: float = 20.0) -> pd.DataFrame:
    """高职 share of each class's vocational-level jobs from the region's postings.

    Args:
        indicators: :func:`talentcast.analysis.indicators.compute_indicators` rows
            (``postings_unique`` and the ``edu_*`` shares).
        region: Region whose postings count (the province: supply is province-wide).
        strength: Pseudo-postings with which a class's share is shrunk to the region's share.

    Returns:
        Rows with LEVEL_COLUMNS; ``level_basis`` = postings (own postings, shrunk) or
        region_share (no posting at 大专 or 中专 level in the class); a ``*`` row holds the
        region's share for classes without postings. Empty without postings.
    """
    if indicators is None or indicators.empty:
        return pd.DataFrame(columns=LEVEL_COLUMNS)
    x = indicators[indicators["region_code"].astype(str) == str(region)]
    if x.empty:
        return pd.DataFrame(columns=LEVEL_COLUMNS)
    n = pd.to_numeric(x["postings_unique"], errors="coerce").fillna(0.0)
    x = x.assign(n_higher=n * x["edu_junior_college"].fillna(0.0), n_secondary=n * x["edu_secondary"].fillna(0.0))
    by = x.groupby("major_class")[["n_higher", "n_secondary"]].sum()
    tot_h, tot_s = by["n_higher"].sum(), by["n_secondary"].sum()
    if tot_h + tot_s <= 0:
        return pd.DataFrame(columns=LEVEL_COLUMNS)
    h0 = tot_h / (tot_h + tot_s)
    by["higher_share"] = (by["n_higher"] + strength * h0) / (by["n_higher"] + by["n_secondary"] + strength)
    by["level_basis"] = np.where(by["n_higher"] + by["n_secondary"] > 0, "postings", "region_share")
    # "*": the region's share, for classes without postings of their own.
    star = pd.DataFrame([{"major_class": "*", "higher_share": h0, "n_higher": tot_h, "n_secondary": tot_s,
                          "level_basis": "region_share"}])
    return pd.concat([by.reset_index()[LEVEL_COLUMNS], star], ignore_index=True)


def apply_level_split(demand: pd.DataFrame, shares: pd.DataFrame, kept: dict | None = None) -> pd.DataFrame:
    """Demand at 高职 level (compared with supply) and ``openings_secondary`` (中职) beside it.

    Every figure of a class is scaled by its constant h (quantiles stay quantiles); the
    simulated openings in ``kept`` are scaled alike so totals stay quantiles of totals.
    Classes without postings take the region's share (the ``*`` row); without any share
    h = 1 (``level_basis = none``).
    """
    h = dict(zip(shares["major_class"], shares["higher_share"])) if len(shares) else {}
    basis = dict(zip(shares["major_class"], shares["level_basis"])) if len(shares) else {}
    if "*" in h:
        default, default_basis = h.pop("*"), basis.pop("*")
        h.update({c: default for c in set(demand["major_class"]) - set(h)})
        basis.update({c: default_basis for c in set(demand["major_class"]) - set(basis)})
    out = demand.copy()
    share = out["major_class"].map(h).astype(float).fillna(1.0)
    out["openings_secondary"] = out["openings"] * (1.0 - share)
    for c in _SCALED:
        if c in out.columns:
            out[c] = out[c] * share
    out["higher_share"] = share
    out["level_basis"] = out["major_class"].map(basis).fillna("none")
    for k in (kept or {}).values():
        f = np.array([h.get(c, 1.0) for c in k["classes"]], dtype=float)  # same h as the rows
        k["openings"] = k["openings"] * f[None, None, :]
    return out


def load_coverage_sections(path=None) -> pd.DataFrame:
    """Sections where urban-unit employment covers a small part of all employment
    (``section, reason``), packaged in ``data/analysis/coverage_limited_sections.csv``."""
    from pathlib import Path

    from talentcast.errors import ConfigError

    p = Path(path) if path else resource_path("data") / "analysis" / "coverage_limited_sections.csv"
    try:
        return pd.read_csv(p, dtype=str)
    except FileNotFoundError:
        raise ConfigError(f"coverage table {p} not found", hint="restore the packaged file") from None


def coverage_limited_classes(employment: pd.DataFrame, coef: pd.DataFrame, region: str, sections: set[str],
                             threshold: float = 0.5) -> set[str]:
    """Classes with at least ``threshold`` of their vocational employment in ``sections``.

    Employment is the region's last history year (万人) × A[i, m]; divisions count in their
    section.
    """
    if employment is None or employment.empty or coef is None or coef.empty or not sections:
        return set()
    from talentcast.analysis.inputs import is_section, section_of

    e = employment[(employment["region_code"].astype(str) == str(region)) & (employment["kind"] == "history")]
    if e.empty:
        return set()
    e = e[e["year"] == e["year"].max()]
    e = e[e["industry_code"].astype(str).map(lambda c: is_section(c) or (len(c) == 2 and c.isdigit()))]
    level = e.groupby(e["industry_code"].astype(str))["mean"].sum()
    c = coef[coef["industry_code"].isin(level.index)].copy()
    c["persons"] = c["coef"] * c["industry_code"].map(level)
    c["limited"] = c["industry_code"].map(section_of).isin(sections)
    tot = c.groupby("major_class")["persons"].sum()
    lim = c[c["limited"]].groupby("major_class")["persons"].sum().reindex(tot.index).fillna(0.0)
    share = lim / tot.where(tot > 0)
    return set(share[share >= threshold].index)
