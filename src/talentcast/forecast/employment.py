"""Employment history and its forecast: the method's step 1 on the lake's statistics.

History preparation (one value per cell, newest vintage per file, bridged years, derived
totals), the forecast of every region × section series with reconciliation and scenarios,
and the ex-post record. Pure: frames in, frames out; the flow reads and writes the lake.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentcast.config import Settings
from talentcast.errors import LakeError
from talentcast.forecast.bridge import bridge_region_from_national
from talentcast.progress import Progress

NATIONAL = "100000"
EMPLOYMENT = "employment_10k"
# China's 2013 census-based revision of urban-unit employment: declared, not only detected.
DECLARED_LEVEL_SHIFTS = (2013,)


def employment_history(stats: pd.DataFrame, region: str, ingest_order: dict[str, int] | None = None) -> pd.DataFrame:
    """Employment (万人) by region and industry: official rows, plus bridged estimates.

    For ``region``, years that exist nationally but not regionally are filled by the documented
    shift-share bridge and marked ``estimated``; official figures win.

    Args:
        stats: The lake's statistics table.
        region: GB/T 2260 code of the region the reports cover.
        ingest_order: Input file name -> ingest rank (later = higher), for the vintage rule.
    """
    emp = stats[stats["measure"] == EMPLOYMENT].copy()
    if "scope" in emp.columns and emp["scope"].notna().any():
        # One universe per series: urban units (城镇单位) where present, which is what the
        # sections are published for; state-unit and three-sector totals are other universes.
        scopes = emp["scope"].fillna("")
        preferred = "urban_units" if (scopes == "urban_units").any() else scopes.value_counts().index[0]
        emp = emp[scopes == preferred]
    emp["year"] = emp["year"].astype(int)
    emp = one_value_per_cell(emp, ingest_order)
    keep = ["region_code", "industry_code", "industry_level", "year", "value", "status", "source"]
    emp = emp[[c for c in keep if c in emp.columns]]
    national = emp[emp["region_code"] == NATIONAL]
    regional = emp[emp["region_code"] == region]
    if regional.empty:
        # Without the region's own series there is nothing to bridge from or forecast; say so
        # instead of failing deep in the demand step.
        have = ", ".join(sorted(set(emp["region_code"].astype(str)))) or "none"
        raise LakeError(
            f"the lake has no employment statistics for region {region} (regions with employment: {have})",
            hint="ingest the region's statistics (e.g. the NBS provincial export by section), "
            "or report on another region with [workspace] region / TALENTCAST_REGION",
        )
    if not regional.empty and not national.empty:

        missing_years = sorted(set(national["year"]) - set(regional["year"]))
        later = [y for y in missing_years if y > regional["year"].max()]
        if later:
            bridged = bridge_region_from_national(regional, national, later)
            # Bridge only the region's own published series (no invented regional total).
            bridged = bridged[bridged["industry_code"].isin(set(regional["industry_code"]))]
            if not bridged.empty:
                emp = pd.concat([emp, bridged[[c for c in emp.columns if c in bridged.columns]]], ignore_index=True)
    emp = pd.concat([emp, derived_totals(emp)], ignore_index=True)
    return emp.sort_values(["region_code", "industry_code", "year"]).reset_index(drop=True)


def one_value_per_cell(emp: pd.DataFrame, ingest_order: dict[str, int] | None = None) -> pd.DataFrame:
    """Keep one value per region × industry × year: the newest vintage of the best status.

    Status first (official over estimated over synthetic). Among copies of one status, each
    *file* is a vintage: the file whose data reach the latest year is the newer release, and
    between files that reach the same year the one ingested later (a revision) wins. Deciding
    per file and not per source matters: two releases of one source share its name, and
    grouping by source let an older official value beat its revision.

    Args:
        emp: Statistics rows with region_code, industry_code, year, value, status and file.
        ingest_order: File name -> ingest rank (higher = later); files not in it rank first.

    Returns:
        The rows kept, one per cell, in the input's column layout.
    """
    if emp.empty:
        return emp
    rank = emp["status"].map({"official": 0, "estimated": 1, "synthetic": 2}).fillna(3)
    origin = emp["file"].astype(str) if "file" in emp.columns else emp["source"].astype(str)
    reach = emp.groupby(origin)["year"].transform("max")
    order = origin.map(ingest_order or {}).fillna(-1)
    return (
        emp.assign(_rank=rank, _reach=reach, _order=order)
        .sort_values(["_rank", "_reach", "_order"], ascending=[True, False, False], kind="stable")
        .drop_duplicates(["region_code", "industry_code", "year"])
        .drop(columns=["_rank", "_reach", "_order"])
    )


def derived_totals(emp: pd.DataFrame) -> pd.DataFrame:
    """All-industry totals summed from sections, for regions that publish sections but no total.

    A year gets a total only when every section the region publishes is present that year.
    The total is ``official`` when every section is, otherwise ``estimated``.
    """
    sections = emp[emp["industry_level"] == "section"]
    has_total = set(emp.loc[emp["industry_level"] == "total", "region_code"])
    rows = []
    for region, g in sections.groupby("region_code"):
        if region in has_total:
            continue
        n_sections = g["industry_code"].nunique()
        for year, y in g.groupby("year"):
            if y["industry_code"].nunique() < n_sections:
                continue
            status = "official" if (y["status"] == "official").all() else "estimated"
            rows.append((region, "TOTAL", "total", int(year), float(y["value"].sum()), status, "sum of sections (derived)"))
    cols = ["region_code", "industry_code", "industry_level", "year", "value", "status", "source"]
    return pd.DataFrame(rows, columns=cols)


def employment_series(history: pd.DataFrame) -> pd.DataFrame:
    """The long table the forecast engine takes: series_id = "<region>:<industry>"."""
    return pd.DataFrame(
        {
            "series_id": history["region_code"].astype(str) + ":" + history["industry_code"].astype(str),
            "period": history["year"].astype(int),
            "value": history["value"].astype(float),
        }
    )


def declared_shifts(series: pd.DataFrame) -> dict[str, list[int]]:
    """Declared level shifts (the 2013 revision) for every official series that spans them."""
    span = series.groupby("series_id")["period"].agg(["min", "max"])
    return {
        sid: [y for y in DECLARED_LEVEL_SHIFTS if lo < y <= hi]
        for sid, lo, hi in span.itertuples()
        if any(lo < y <= hi for y in DECLARED_LEVEL_SHIFTS)
    }


def national_references(series: pd.DataFrame) -> dict[str, str]:
    """Each regional series' reference: the same industry nationally, where the lake has it.

    ``{"410000:C": "100000:C", ...}``; national series themselves, and regional ones whose
    industry has no national series, get none (they are forecast on their own).
    """
    ids = pd.unique(series["series_id"].astype(str))
    have = set(ids)
    out = {}
    for sid in ids:
        region, _, industry = sid.partition(":")
        ref = f"{NATIONAL}:{industry}"
        if region != NATIONAL and ref in have:
            out[sid] = ref
    return out


def _hierarchy(history: pd.DataFrame) -> pd.DataFrame:
    """Parent → child links per region: total → sections → divisions (where present)."""
    links = []
    for region, rows in history.groupby("region_code"):
        levels = rows.drop_duplicates("industry_code").set_index("industry_code")["industry_level"]
        total = next((c for c, lvl in levels.items() if lvl == "total"), None)
        if total is not None:
            for code, lvl in levels.items():
                if lvl == "section":
                    links.append((f"{region}:{total}", f"{region}:{code}"))
        for code, lvl in levels.items():
            if lvl == "division":
                from talentcast.reference import industries

                section = industries().section_of(code).code
                if section in levels.index:
                    links.append((f"{region}:{section}", f"{region}:{code}"))
    return pd.DataFrame(links, columns=["parent", "child"])


def forecast_employment(history: pd.DataFrame, settings: Settings, progress: Progress, engine=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Forecast every employment series, reconcile, apply the scenario; history rows kept beside.

    Returns:
        (mart_employment, mart_backtest)
    """
    from talentcast.executor import forecast_partitioned
    from talentcast.forecast import apply_scenario, load_scenario, reconcile

    series = employment_series(history)
    shifts = declared_shifts(series)
    # Series of one region may end in different years (a total published a year earlier than
    # its sections): forecast every series to the region's common end year.
    last = series.groupby("series_id")["period"].max()
    region_of = last.index.str.split(":").str[0]
    region_last = last.groupby(region_of).max()
    extra = int((region_last.reindex(region_of).to_numpy() - last.to_numpy()).max()) if len(last) else 0
    # Cover the horizon after the edition year, however old the newest data are.
    steps = settings.forecast_steps(int(region_last.min())) if len(region_last) else settings.horizon
    with progress.step(f"forecast {series['series_id'].nunique()} employment series, h={steps}"):
        # The same results on every engine: in-process, a process pool or a Dask cluster.
        fc = forecast_partitioned(series, steps + extra, engine, level_shifts=shifts)
    references = national_references(series)
    if references:
        from talentcast.forecast.reference import blend_with_reference

        with progress.step(f"pool {len(references)} regional series with the national ones (shift-share)"):
            # A region's short section series read half their growth from the same section
            # nationally (RESULTS, issue 14, fourth round: Henan selection half OWA 0.760 -> 0.712).
            fc, _ = blend_with_reference(fc, series, references)
    fc_region_last = fc["series_id"].str.split(":").str[0].map(region_last)
    fc_end = (fc_region_last + settings.horizon).clip(lower=settings.edition_year + settings.horizon)
    fc = fc[fc["period"] <= fc_end].reset_index(drop=True)
    hierarchy = _hierarchy(history)
    if not hierarchy.empty:
        common = fc["period"] > fc["series_id"].str.split(":").str[0].map(region_last)
        parts = [fc[~common]]
        region_of_parent = hierarchy["parent"].str.split(":").str[0]
        with progress.step("reconcile sections with totals"):
            # Each region is its own hierarchy: reconcile them one at a time, so one region's
            # short history does not weaken another's MinT covariance.
            handled = pd.Series(False, index=fc.index)
            for region, links in hierarchy.groupby(region_of_parent):
                in_region = common & (fc["series_id"].str.split(":").str[0] == region)
                region_series = series[series["series_id"].str.split(":").str[0] == region]
                parts.append(reconcile(fc[in_region], links, method="mint_shrink", history_df=region_series))
                handled |= in_region
            parts.append(fc[common & ~handled])
        fc = pd.concat(parts, ignore_index=True)
    fc["scenario"] = "baseline"
    if settings.scenario is not None:
        with progress.step(f"apply scenario {settings.scenario.name}"):
            fc = apply_scenario(fc, load_scenario(settings.scenario))
    with progress.step("backtest the engine against naive"):
        bt = official_backtest(history, min(3, settings.horizon))
    region_industry = fc["series_id"].str.split(":", n=1, expand=True)
    fc = fc.assign(region_code=region_industry[0], industry_code=region_industry[1], kind="forecast", status="estimated")
    hist = history.assign(
        kind="history", scenario="baseline", mean=history["value"], lo_80=np.nan, hi_80=np.nan, lo_95=np.nan, hi_95=np.nan, model=""
    )
    levels = history.drop_duplicates(["region_code", "industry_code"]).set_index(["region_code", "industry_code"])["industry_level"]
    fc["industry_level"] = [levels.get((r, i), "section") for r, i in zip(fc["region_code"], fc["industry_code"])]
    fc = fc.rename(columns={"period": "year"})
    cols = ["region_code", "industry_code", "industry_level", "year", "kind", "scenario", "mean", "lo_80", "hi_80", "lo_95", "hi_95", "model", "status"]
    mart = pd.concat([hist[cols], fc[cols]], ignore_index=True)
    return mart, bt


def official_backtest(history: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """Rolling-origin backtest of the forecast the pipeline publishes (sections pooled with the
    national ones, the 2013 revision declared), scored on official figures only: a bridge
    estimate (Henan 2018–2021, national × share) as a target would score the forecast against
    its own construction. ``mart_backtest`` and ``talentcast backtest`` on the lake."""
    from talentcast.forecast import backtest_frame

    official = employment_series(history[history["status"].astype(str) == "official"])
    return backtest_frame(official, horizon, level_shifts=declared_shifts(official),
                          reference=national_references(official) or None)


def expost_mart(history: pd.DataFrame, settings: Settings, horizon: int = 3) -> pd.DataFrame:
    """The ex-post record of the region's section forecast (BLS style): forecast from the
    official data up to ``horizon`` years before their last year, score those years.

    Returns an empty frame (with the mart's columns) when the region's official history is too
    short to hold out ``horizon`` years and still fit from at least five.
    """
    from talentcast.forecast.expost import EXPOST_COLUMNS, expost_record

    official = history[(history["region_code"] == settings.region) & (history["status"] == "official")]
    if official.empty:
        return pd.DataFrame(columns=EXPOST_COLUMNS)
    origin = int(official["year"].max()) - horizon
    if origin - int(official["year"].min()) + 1 < 5:
        return pd.DataFrame(columns=EXPOST_COLUMNS)
    series = employment_series(official)
    total = f"{settings.region}:TOTAL"
    shifts = {sid: years for sid, years in declared_shifts(series[series["period"] <= origin]).items()}
    # The national sections up to the origin are the reference, as in forecast_employment.
    national = employment_series(history[(history["region_code"] == NATIONAL) & (history["status"] == "official")])
    references = national_references(pd.concat([series, national], ignore_index=True))
    return expost_record(series, origin, horizon, total=total if total in set(series["series_id"]) else None,
                         level_shifts=shifts or None, reference=references or None,
                         reference_data=national if references else None)
