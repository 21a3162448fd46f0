"""From the lake's raw tables to the marts: the method of docs/design.md, steps 1–9, end to end.

Pure orchestration: read tables through the lake, call the stage functions (forecast,
crosswalk, analysis), return DataFrames. Writing is left to the caller.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from talentcast.config import Settings
from talentcast.errors import LakeError
from talentcast.progress import Progress

log = logging.getLogger("talentcast")

NATIONAL = "100000"
EMPLOYMENT = "employment_10k"
# China's 2013 census-based revision of urban-unit employment: declared, not only detected.
DECLARED_LEVEL_SHIFTS = (2013,)


# The analysis settings accept at most ten forecast years.
ANALYSIS_MAX_HORIZON = 10


def _read(lake, table: str) -> pd.DataFrame:
    return lake.read(table) if lake.exists(table) else pd.DataFrame()


def employment_history(lake, settings: Settings) -> pd.DataFrame:
    """Employment (万人) by region and industry: official rows, plus bridged estimates.

    For the reported region, years that exist nationally but not regionally are filled by
    the documented shift-share bridge and marked ``estimated``; official figures win.
    """
    stats = _read(lake, "statistics")
    if stats.empty:
        raise LakeError("the lake has no statistics", hint="ingest statistics first: `talentcast ingest statistics FILE`")
    emp = stats[stats["measure"] == EMPLOYMENT].copy()
    if "scope" in emp.columns and emp["scope"].notna().any():
        # One universe per series: urban units (城镇单位) where present, which is what the
        # sections are published for; state-unit and three-sector totals are other universes.
        scopes = emp["scope"].fillna("")
        preferred = "urban_units" if (scopes == "urban_units").any() else scopes.value_counts().index[0]
        emp = emp[scopes == preferred]
    emp["year"] = emp["year"].astype(int)
    emp = one_value_per_cell(emp, _ingest_order(lake))
    keep = ["region_code", "industry_code", "industry_level", "year", "value", "status", "source"]
    emp = emp[[c for c in keep if c in emp.columns]]
    region = settings.region
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
        from talentcast.analysis.bridge import bridge_region_from_national

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


def _ingest_order(lake) -> dict[str, int]:
    """Input file name -> rank of its last ingest (higher = later), from the lake's manifest."""
    man = lake.manifest()
    if man.empty:
        return {}
    names = man.sort_values("ingested_at", kind="stable")["path"].map(lambda p: Path(str(p)).name)
    return {name: i for i, name in enumerate(names)}


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
    from talentcast.engine import forecast_partitioned
    from talentcast.forecast import apply_scenario, backtest_frame, load_scenario, reconcile

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
        bt = backtest_frame(series, min(3, settings.horizon), level_shifts=shifts)
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
    return expost_record(series, origin, horizon, total=total if total in set(series["series_id"]) else None,
                         level_shifts=shifts or None)


def prior_staffing(settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Staffing matrix and vocational shares from the expert prior alone (no evidence)."""
    from talentcast.crosswalk.staffing import load_prior, staffing_matrix, vocational_share

    prior, v_prior = load_prior()
    return staffing_matrix(prior, alpha=settings.prior_strength), vocational_share(v_prior)


def compute_marts(lake, settings: Settings, groups: list[str] | None = None, progress: Progress | None = None, engine=None) -> dict[str, pd.DataFrame]:
    """Run the whole method on the lake and return every mart.

    Args:
        engine: Where the heavy maps run (:class:`talentcast.engine.Engine`); default from settings.
    """
    from talentcast.engine import Engine

    from talentcast.analysis import AnalysisInputs, AnalysisSettings, run_analysis
    from talentcast.analysis.capacity import capacity_by_major
    from talentcast.crosswalk.platform_industries import map_platform_industries
    from talentcast.crosswalk.staffing import load_prior, read_overrides, staffing_matrix, vocational_share
    from talentcast.reference import colleges, load_registry

    progress = progress or Progress()
    registry = load_registry(workspace=settings.workspace)
    history = employment_history(lake, settings)
    engine = engine or Engine.from_settings(settings)
    mart_employment, mart_backtest = forecast_employment(history, settings, progress, engine)
    with progress.step("ex-post record: the forecast as if made three years before the last official year"):
        mart_expost = expost_mart(history, settings)

    postings = _read(lake, "postings")
    if not postings.empty:
        from talentcast.crosswalk.classifier import classify_postings

        with progress.step(f"classify {len(postings):,} postings into major classes"):
            postings = classify_postings(postings, settings.workspace, models_dir=settings.models_dir,
                                         threshold=settings.classifier_threshold, engine=engine)
    graduates = _read(lake, "graduates")
    with progress.step("estimate vocational shares and the staffing matrix"):
        prior, v_prior = load_prior()
        if postings.empty:
            industry_links, unknown_industries = pd.DataFrame(), pd.DataFrame(columns=["label", "source", "count", "reason"])
        else:
            industry_links, unknown_industries = map_platform_industries(postings)
        if not unknown_industries.empty:
            log.info("%d platform industry labels/codes are not mapped to GB/T 4754 (mart_unknown_industries)", len(unknown_industries))
        v_overrides_path = settings.workspace / "overrides" / "vocational_share.csv"
        v_overrides = read_overrides(v_overrides_path, kind="vshare") if v_overrides_path.is_file() else None
        vshare = vocational_share(v_prior, postings=postings, industry_links=industry_links, overrides=v_overrides)
        # Synthetic graduate destinations are drawn from the prior itself (sample.py): as evidence
        # they would only echo the prior, weighted by the made-up colleges' majors.
        real_graduates = graduates[graduates["status"] != "synthetic"] if "status" in graduates.columns else graduates
        staffing = staffing_matrix(prior, postings=postings, industry_links=industry_links, graduates=real_graduates, alpha=settings.prior_strength, overrides_path=settings.workspace / "overrides" / "staffing.csv")

    programmes = _read(lake, "programmes")
    capacity = capacity_by_major(programmes, colleges()) if not programmes.empty else pd.DataFrame()
    inputs = AnalysisInputs(
        employment=mart_employment,
        staffing=staffing,
        vocational_share=vshare,
        postings=postings,
        graduates=graduates,
        enrollment=_read(lake, "enrollment"),
        programmes=programmes,
        capacity=capacity,
        registry=registry,
        colleges=colleges(),
    )
    # A workspace adds to or replaces the packaged plan priorities (analysis/plan.py).
    plan_path = settings.workspace / "overrides" / "plan_priorities.csv"
    analysis_settings = AnalysisSettings(region=settings.region, horizon=settings.horizon, intake_per_programme=settings.intake_per_programme,
                                         plan_priorities_path=str(plan_path) if plan_path.is_file() else None)
    with progress.step("demand, supply, gaps, suggestions and college evaluation"):
        # The analysis runs from the year after the newest history to the edition's horizon.
        hist_end = mart_employment.loc[(mart_employment["kind"] == "history") & (mart_employment["region_code"] == settings.region), "year"]
        steps = settings.forecast_steps(int(hist_end.max())) if len(hist_end) else settings.horizon
        analysis_settings = dataclasses.replace(analysis_settings, horizon=min(steps, ANALYSIS_MAX_HORIZON))
        marts = run_analysis(inputs, analysis_settings, groups)
    marts["mart_posts"] = posts_by_class(marts, postings, settings)
    with progress.step(f"backtest the openings intervals (data to {BACKTEST_ORIGIN}, compare the next {BACKTEST_YEARS} years)"):
        marts["mart_interval_backtest"] = openings_backtest(history, settings, analysis_settings, staffing, vshare, engine)
    marts.update(
        mart_employment=mart_employment,
        mart_backtest=mart_backtest,
        mart_expost=mart_expost,
        mart_staffing=staffing,
        mart_vocational_share=vshare,
        mart_capacity=capacity,
        mart_unknown_industries=unknown_industries.astype({"count": "int64"}) if not unknown_industries.empty else unknown_industries,
        sources=sources_table(lake),
    )
    return marts


def posts_by_class(marts: dict[str, pd.DataFrame], postings: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """mart_posts: the 大典 2022 occupations of every class each group covers, with the region's postings."""
    from talentcast.analysis.posts import posts_mart
    from talentcast.crosswalk.class_occupations import load_crosswalk
    from talentcast.reference import occupations

    return posts_mart(marts["mart_demand"], postings, load_crosswalk(settings.workspace), occupations().frame,
                      region=settings.region, min_postings=settings.posts_min_postings)


#: Ex-ante check of the openings intervals (issue 13): refit on the data to 2014, compare 2015–2017.
BACKTEST_ORIGIN = 2014
BACKTEST_YEARS = 3


def openings_backtest(history: pd.DataFrame, settings: Settings, analysis_settings, staffing: pd.DataFrame,
                      vshare: pd.DataFrame, engine=None) -> pd.DataFrame:
    """Refit the region's employment forecast on its official data up to ``BACKTEST_ORIGIN``
    and check how often the openings intervals cover the openings of the following years
    (``mart_interval_backtest``; empty when the region has no official data after the origin)."""
    from dataclasses import replace

    from talentcast.analysis.backtest import BACKTEST_COLUMNS, interval_backtest
    from talentcast.analysis.demand import industry_coefficients

    own = history[(history["region_code"] == settings.region) & (history["status"] == "official")]
    fit = own[own["year"] <= BACKTEST_ORIGIN]
    later = own[(own["year"] > BACKTEST_ORIGIN) & (own["year"] <= BACKTEST_ORIGIN + BACKTEST_YEARS)]
    if fit["year"].nunique() < 3 or later.empty:
        return pd.DataFrame(columns=BACKTEST_COLUMNS)
    # The plain Progress only logs: the refit's own steps stay out of the terminal display.
    fitted, _ = forecast_employment(fit, replace(settings, horizon=BACKTEST_YEARS, scenario=None), Progress(), engine)
    observed = later.assign(kind="history", scenario="baseline", mean=later["value"])
    coef = industry_coefficients(staffing, vshare, employment=fitted)
    return interval_backtest(fitted, observed, coef, analysis_settings.exit_rate_table(), analysis_settings)


def sources_table(lake) -> pd.DataFrame:
    """Every source behind the marts with vintage, licence and status (official/estimated/synthetic)."""
    from talentcast.sources import describe_sources

    return describe_sources(lake.manifest())


def summarise(marts: dict[str, pd.DataFrame], settings: Settings) -> dict[str, Any]:
    """Per-group top shortages and surpluses for the CLI and --json."""
    from talentcast.analysis import summary_by_group
    from talentcast.reference import load_registry, majors

    groups = summary_by_group(marts)
    # The CLI prints "<id> <name>" and "<class> <name>": fill the names from the reference data
    # so that the summary reads without a lookup table beside it.
    registry = load_registry(workspace=settings.workspace)
    catalogue = majors()
    names_zh = {g.id: g.name_zh for g in registry.groups}
    for g in groups:
        from talentcast.analysis.pipeline import SAMPLE_GROUP, SAMPLE_GROUP_NAME

        pseudo = {"province": "河南省", SAMPLE_GROUP: SAMPLE_GROUP_NAME}
        g.setdefault("name_zh", names_zh.get(g["group_id"], pseudo.get(g["group_id"], "")))
        for key in ("top_shortages", "top_surpluses"):
            for item in g.get(key) or []:
                if not item.get("name"):
                    hit = catalogue.get(str(item.get("major_class", "")))
                    item["name"] = getattr(hit, "name", "") if hit is not None else ""
    return {"groups": groups, "marts": sorted(marts)}
