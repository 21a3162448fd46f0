"""From the lake's raw tables to the marts: the method of docs/design.md, steps 1–9, end to end.

Pure orchestration: read tables through the lake, call the stage functions (forecast,
crosswalk, analysis), return DataFrames. Writing is left to the caller.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from talentcast.config import Settings
from talentcast.errors import LakeError
from talentcast.forecast import employment, vintages
from talentcast.forecast.employment import expost_mart, forecast_employment
from talentcast.ingest.programmes import offered_programmes
from talentcast.progress import Progress

if TYPE_CHECKING:
    from talentcast.analysis import AnalysisSettings

log = logging.getLogger("talentcast")


def _read(lake, table: str) -> pd.DataFrame:
    return lake.read(table) if lake.exists(table) else pd.DataFrame()


def employment_history(lake, settings: Settings) -> pd.DataFrame:
    """Employment (万人) by region and industry from the lake's statistics (see
    :func:`talentcast.forecast.employment.employment_history`)."""
    stats = _read(lake, "statistics")
    if stats.empty:
        raise LakeError("the lake has no statistics", hint="ingest statistics first: `talentcast ingest statistics FILE`")
    return employment.employment_history(stats, settings.region, _ingest_order(lake))


def _ingest_order(lake) -> dict[str, int]:
    """Input file name -> rank of its last ingest (higher = later), from the lake's manifest."""
    man = lake.manifest()
    if man.empty:
        return {}
    names = man.sort_values("ingested_at", kind="stable")["path"].map(lambda p: Path(str(p)).name)
    return {name: i for i, name in enumerate(names)}


def prior_staffing(settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Staffing matrix and vocational shares from the expert prior alone (no evidence)."""
    from talentcast.crosswalk.staffing import load_prior, staffing_matrix, vocational_share

    prior, v_prior = load_prior()
    return staffing_matrix(prior, alpha=settings.prior_strength), vocational_share(v_prior)


def compute_marts(lake, settings: Settings, groups: list[str] | None = None, progress: Progress | None = None, engine=None) -> dict[str, pd.DataFrame]:
    """Run the whole method on the lake and return every mart.

    Args:
        engine: Where the heavy maps run (:class:`talentcast.executor.Engine`); default from settings.
    """
    from talentcast.executor import Engine

    from talentcast.analysis import AnalysisInputs, run_analysis
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
        vshare = vocational_share(v_prior, postings=postings, industry_links=industry_links, overrides=v_overrides,
                                  posting_cap=settings.posting_cap)
        # Synthetic graduate destinations are drawn from the prior itself (sample.py): as evidence
        # they would only echo the prior, weighted by the made-up colleges' majors.
        real_graduates = graduates[graduates["status"] != "synthetic"] if "status" in graduates.columns else graduates
        staffing = staffing_matrix(prior, postings=postings, industry_links=industry_links, graduates=real_graduates, alpha=settings.prior_strength, overrides_path=settings.workspace / "overrides" / "staffing.csv",
                                   posting_cap=settings.posting_cap)

    # A 撤销/停招 programme is registered but not offered, and a national register's other
    # provinces are not the region's: the analysis counts the region's offered ones only.
    programmes = offered_programmes(_read(lake, "programmes"), province=settings.region)
    capacity = capacity_by_major(programmes, colleges(), province_code=settings.region) if not programmes.empty else pd.DataFrame()
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
    analysis_settings = analysis_settings_for(settings)
    with progress.step("demand, supply, gaps, suggestions and college evaluation"):
        # The analysis runs from the year after the newest history to the edition's horizon.
        hist_end = mart_employment.loc[(mart_employment["kind"] == "history") & (mart_employment["region_code"] == settings.region), "year"]
        steps = settings.forecast_steps(int(hist_end.max())) if len(hist_end) else settings.horizon
        analysis_settings = dataclasses.replace(analysis_settings, horizon=steps)
        marts = run_analysis(inputs, analysis_settings, groups)
    marts["mart_posts"] = posts_by_class(marts, postings, settings)
    with progress.step(f"backtest the openings intervals (refit {BACKTEST_YEARS} years before the last official year, compare those years)"):
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
    # This run's own vintage is stored after the marts: the vintages read here are earlier runs.
    marts["mart_previous_forecast"] = vintages.previous_check(_read(lake, vintages.TABLE), mart_employment)
    return marts


def analysis_settings_for(settings: Settings) -> AnalysisSettings:
    """The analysis stage's settings from the workspace's: region, horizon, the supply settings
    (intake per programme, provincial new-entrant totals) and the workspace's plan priorities."""
    # A workspace adds to or replaces the packaged plan priorities (analysis/plan.py).
    from talentcast.analysis import AnalysisSettings

    plan_path = settings.workspace / "overrides" / "plan_priorities.csv"
    return AnalysisSettings(region=settings.region, horizon=settings.horizon, first_year=settings.edition_year + 1,
                            intake_per_programme=settings.intake_per_programme, intake_totals=dict(settings.intake_totals),
                            plan_priorities_path=str(plan_path) if plan_path.is_file() else None)


def posts_by_class(marts: dict[str, pd.DataFrame], postings: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """mart_posts: the 大典 2022 occupations of every class each group covers, with the region's postings."""
    from talentcast.analysis.posts import posts_mart
    from talentcast.crosswalk.class_occupations import load_crosswalk
    from talentcast.reference import occupations

    return posts_mart(marts["mart_demand"], postings, load_crosswalk(settings.workspace), occupations().frame,
                      region=settings.region, min_postings=settings.posts_min_postings)


#: Ex-ante check of the openings intervals (issue 13): refit on the data to 2014, compare 2015–2017.
BACKTEST_YEARS = 3


def openings_backtest(history: pd.DataFrame, settings: Settings, analysis_settings, staffing: pd.DataFrame,
                      vshare: pd.DataFrame, engine=None) -> pd.DataFrame:
    """Refit the region's employment forecast on its official data up to ``BACKTEST_YEARS``
    before their last year and check how often the openings intervals cover the openings of the following years
    (``mart_interval_backtest``; empty when the region has no official data after the origin)."""
    from dataclasses import replace

    from talentcast.analysis.backtest import BACKTEST_COLUMNS, interval_backtest
    from talentcast.analysis.demand import industry_coefficients

    own = history[(history["region_code"] == settings.region) & (history["status"] == "official")]
    if own.empty:
        return pd.DataFrame(columns=BACKTEST_COLUMNS)
    # As if made BACKTEST_YEARS before the last official year (Henan: data to 2014, scored on 2015–2017).
    origin = int(own["year"].max()) - BACKTEST_YEARS
    fit = own[own["year"] <= origin]
    later = own[own["year"] > origin]
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
        from talentcast.analysis.marts import SAMPLE_GROUP, SAMPLE_GROUP_NAME

        pseudo = {"province": "河南省", SAMPLE_GROUP: SAMPLE_GROUP_NAME}
        g.setdefault("name_zh", names_zh.get(g["group_id"], pseudo.get(g["group_id"], "")))
        for key in ("top_shortages", "top_surpluses"):
            for item in g.get(key) or []:
                if not item.get("name"):
                    hit = catalogue.get(str(item.get("major_class", "")))
                    item["name"] = getattr(hit, "name", "") if hit is not None else ""
    return {"groups": groups, "marts": sorted(marts)}
