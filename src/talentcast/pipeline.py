"""From the lake's raw tables to the marts: the method of DESIGN.md, steps 1–9, end to end.

Pure orchestration: read tables through the lake, call the stage functions (forecast,
crosswalk, analysis), return DataFrames. Writing is left to the caller.
"""

from __future__ import annotations

import logging
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
    keep = ["region_code", "industry_code", "industry_level", "year", "value", "status", "source"]
    emp = emp[[c for c in keep if c in emp.columns]]
    # One value per region × industry × year: official over estimated over synthetic; among
    # official copies the newest vintage wins (the file whose data reach the latest year).
    rank = emp["status"].map({"official": 0, "estimated": 1, "synthetic": 2}).fillna(3)
    origin = emp["file"] if "file" in emp.columns else emp["source"]
    newest = emp.groupby(origin)["year"].transform("max")
    emp = (
        emp.assign(_rank=rank, _newest=newest)
        .sort_values(["_rank", "_newest"], ascending=[True, False], kind="stable")
        .drop_duplicates(["region_code", "industry_code", "year"])
        .drop(columns=["_rank", "_newest"])
    )
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


def prior_staffing(settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Staffing matrix and vocational shares from the expert prior alone (no evidence)."""
    from talentcast.crosswalk.staffing import load_prior, staffing_matrix, vocational_share

    prior, v_prior = load_prior()
    return staffing_matrix(prior, alpha=settings.prior_strength), vocational_share(v_prior)


def classify_postings(lake, settings: Settings, progress: Progress, engine=None) -> pd.DataFrame:
    """Postings with their major class and the vocational flag (empty frame when none)."""
    postings = _read(lake, "postings")
    if postings.empty:
        return postings
    from talentcast.crosswalk.classifier import classify_frame, load_or_train_classifier, read_corrections, write_review_file

    review = review_file(settings)
    with progress.step(f"classify {len(postings):,} postings into major classes"):
        clf = load_or_train_classifier(settings.models_dir, corrections_path=review if review.is_file() else None)
        corrections = read_corrections(review) if review.is_file() else None
        if engine is not None and engine.kind != "in-process":
            from talentcast.ingest.parallel import classify_partitioned

            classified = classify_partitioned(postings, engine, classifier=clf, threshold=settings.classifier_threshold, corrections=corrections)
        else:
            classified = classify_frame(postings, classifier=clf, threshold=settings.classifier_threshold, corrections=corrections)
    write_review_file(classified, review)
    return classified


def review_file(settings: Settings):
    """The analysts' review file: unclassified postings in, corrections (correct_major_class) back."""
    return settings.workspace / "review" / "posting_classes.csv"


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

    postings = classify_postings(lake, settings, progress, engine)
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
    with progress.step("demand, supply, gaps, suggestions and college evaluation"):
        # The analysis runs from the year after the newest history to the edition's horizon.
        hist_end = mart_employment.loc[(mart_employment["kind"] == "history") & (mart_employment["region_code"] == settings.region), "year"]
        steps = settings.forecast_steps(int(hist_end.max())) if len(hist_end) else settings.horizon
        marts = run_analysis(inputs, AnalysisSettings(region=settings.region, horizon=min(steps, ANALYSIS_MAX_HORIZON), intake_per_programme=settings.intake_per_programme), groups)
    marts.update(
        mart_employment=mart_employment,
        mart_backtest=mart_backtest,
        mart_staffing=staffing,
        mart_vocational_share=vshare,
        mart_capacity=capacity,
        mart_unknown_industries=unknown_industries.astype({"count": "int64"}) if not unknown_industries.empty else unknown_industries,
        sources=sources_table(lake),
    )
    return marts


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
        g.setdefault("name_zh", names_zh.get(g["group_id"], "河南省" if g["group_id"] == "province" else ""))
        for key in ("top_shortages", "top_surpluses"):
            for item in g.get(key) or []:
                if not item.get("name"):
                    hit = catalogue.get(str(item.get("major_class", "")))
                    item["name"] = getattr(hit, "name", "") if hit is not None else ""
    return {"groups": groups, "marts": sorted(marts)}
