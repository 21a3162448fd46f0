"""The verbs the CLI, cron and notebooks share: init, ingest, forecast, report, refresh, status, demo.

Each verb takes resolved :class:`~talentcast.config.Settings`, does its I/O through the lake,
and returns plain data for the caller to print. Nothing here prints or exits.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from talentcast.config import CONFIG_FILE, DEFAULT_CONFIG_TOML, Settings, load_settings
from talentcast.errors import ConfigError, LakeError, WorkspaceError
from talentcast.progress import Progress

log = logging.getLogger("talentcast")

RAW_KINDS = ("statistics", "postings", "graduates", "enrollment", "programmes")
MART_TABLES = (
    "mart_employment",
    "mart_staffing",
    "mart_vocational_share",
    "mart_demand",
    "mart_indicators",
    "mart_supply",
    "mart_capacity",
    "mart_gap",
    "mart_suggestions",
    "mart_college_eval",
    "mart_flags",
    "mart_backtest",
    "mart_unknown_industries",
    "sources",
)


# --------------------------------------------------------------------------- workspace


def init_workspace(directory: str | Path) -> list[Path]:
    """Create a workspace (idempotent): config file, raw folders, lake, models, reports.

    Returns:
        The paths that were created (existing ones are left alone).
    """
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root} exists and is not a directory", hint="choose another path")
    wanted = [root / "data" / "raw" / k for k in RAW_KINDS] + [root / "lake", root / "models", root / "reports"]
    created: list[Path] = []
    try:
        for path in wanted:
            if not path.exists():
                path.mkdir(parents=True)
                created.append(path)
        cfg = root / CONFIG_FILE
        if not cfg.exists():
            cfg.write_text(DEFAULT_CONFIG_TOML, encoding="utf-8")
            created.append(cfg)
    except OSError as exc:
        raise WorkspaceError(f"cannot create workspace at {root}: {exc.strerror}", hint="check permissions") from None
    return created


def _lake(settings: Settings, must_exist: bool = True):
    from talentcast.lake import Lake

    if must_exist and not (settings.workspace / CONFIG_FILE).is_file() and not settings.lake_dir.is_dir():
        raise WorkspaceError(
            f"{settings.workspace} is not a talentcast workspace (no {CONFIG_FILE}, no lake/)",
            hint="run `talentcast init DIR` or pass --workspace DIR",
        )
    settings.lake_dir.mkdir(parents=True, exist_ok=True)
    return Lake(settings.lake_dir)


# --------------------------------------------------------------------------- ingest


def ingest(
    settings: Settings,
    kind: str,
    paths: list[Path],
    *,
    source: str | None = None,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
):
    """Ingest raw files of one kind into the lake; returns the ingest report.

    Column mappings come from ``mapping`` (the command's ``--map`` flags) or, for postings,
    from the workspace's ``[ingest.map]`` settings.
    """
    from talentcast.ingest import ingest_files

    if kind not in RAW_KINDS:
        raise ConfigError(f"unknown kind {kind!r}", hint=f"choose one of {', '.join(RAW_KINDS)}")
    dirs = [str(p) for p in paths if Path(p).is_dir()]
    if dirs:
        raise WorkspaceError(f"{', '.join(dirs)}: a directory, not a file", hint="name the files, e.g. with a glob: DIR/*.csv")
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise WorkspaceError(f"file(s) not found: {', '.join(missing)}", hint="check the paths")
    lake = _lake(settings)
    progress = progress or Progress()
    # The workspace's column map ([ingest.map], TALENTCAST_COLUMN_MAP) is for postings and is
    # "soft": a workspace mixes platforms, so it applies where the column exists. --map flags
    # are strict: a mapped column missing from a file is an error naming the file's columns.
    extra = {"soft_mapping": dict(settings.column_map)} if kind == "postings" and settings.column_map else {}
    from talentcast.engine import Engine

    engine = Engine.from_settings(settings)
    if kind == "postings" and engine.kind != "in-process":
        from talentcast.ingest.parallel import ingest_postings_parallel

        with progress.step(f"ingest postings on {engine.kind}: {len(paths)} file(s)"):
            return ingest_postings_parallel(
                lake, [Path(p) for p in paths], engine, source=source, mapping=mapping or None, encoding=settings.encoding, **extra
            )
    with progress.step(f"ingest {kind}: {len(paths)} file(s)"):
        return ingest_files(
            lake,
            kind,
            [Path(p) for p in paths],
            source=source,
            mapping=mapping or None,
            encoding=settings.encoding,
            **extra,
        )


def pending_raw_files(settings: Settings) -> dict[str, list[Path]]:
    """Raw files under data/raw/<kind>/ whose content the lake has not ingested yet."""
    from talentcast.ingest.common import file_sha256

    lake = _lake(settings)
    out: dict[str, list[Path]] = {}
    for kind in RAW_KINDS:
        folder = settings.raw_dir / kind
        if not folder.is_dir():
            continue
        files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".") and p.suffix.lower() not in (".md", ".txt_") and p.name not in ("LICENSE", "README.md", "SOURCE.md"))
        new = [p for p in files if not lake.seen(file_sha256(p))]
        if new:
            out[kind] = new
    return out


def ingest_pending(settings: Settings, progress: Progress | None = None, errors: list[str] | None = None) -> dict[str, Any]:
    """Ingest every new or changed raw file; returns {kind: report dict}.

    Args:
        errors: If given, a file that cannot be read does not stop the other kinds: its
            message is appended here (the readable files still go in). If None, the first
            unreadable file raises InputFileError after its kind's other files went in.
    """
    from talentcast.errors import InputFileError

    reports = {}
    for kind, files in pending_raw_files(settings).items():
        try:
            reports[kind] = ingest(settings, kind, files, progress=progress).to_dict()
        except InputFileError as exc:
            if errors is None:
                raise
            errors.append(exc.message)
            partial = getattr(exc, "report", None)
            if partial is not None:
                reports[kind] = partial.to_dict()
    return reports


# --------------------------------------------------------------------------- forecast


@dataclass
class ForecastResult:
    """Marts computed by :func:`forecast` and the per-group summary the CLI prints."""

    marts: dict[str, pd.DataFrame]
    summary: dict[str, Any] = field(default_factory=dict)


def forecast(settings: Settings, groups: list[str] | None = None, progress: Progress | None = None) -> ForecastResult:
    """Forecast industry employment, then demand, supply, gaps and suggestions; write the marts."""
    from talentcast import pipeline

    progress = progress or Progress()
    lake = _lake(settings)
    if groups:
        from talentcast.reference import load_registry

        registry = load_registry(workspace=settings.workspace)
        for g in groups:
            registry.get(g)  # an unknown id fails now, naming the closest ids, not after the forecast
    marts = pipeline.compute_marts(lake, settings, groups=groups, progress=progress)
    from talentcast.report.scenarios import scenario_mart

    # Kept with the results, so reports quote the assumptions behind the scenario rows.
    marts["scenarios"] = scenario_mart(settings.scenario)
    with progress.step("write marts"):
        with lake.transaction() as tx:
            for name, df in marts.items():
                tx.replace(name, _merge_group_rows(lake, name, df, groups))
    summary = pipeline.summarise(marts, settings)
    return ForecastResult(marts=marts, summary=summary)


def _merge_group_rows(lake, name: str, df: pd.DataFrame, groups: list[str] | None) -> pd.DataFrame:
    """Rows of a per-group mart to write: for ``--group X`` keep the other groups' existing rows.

    ``forecast --group health`` computes only the health rows; writing them in place of the
    whole mart would silently drop every other group (and the province) from later reports.
    """
    if not groups or "group_id" not in df.columns or not lake.exists(name):
        return df
    old = lake.read(name)
    if "group_id" not in old.columns or list(old.columns) != list(df.columns):
        return df
    replaced = set(groups) | set(df["group_id"].astype(str))
    keep = old[~old["group_id"].astype(str).isin(replaced)]
    if keep.empty:
        return df
    if df.empty:
        return keep.reset_index(drop=True)
    return pd.concat([keep, df], ignore_index=True)


def forecast_series(input_path: Path, output_path: Path, horizon: int, engine=None) -> dict[str, Any]:
    """Forecast a long table file (series_id, period, value) into a file of forecasts."""
    from talentcast.engine import forecast_partitioned
    from talentcast.forecast import read_series_file, write_forecast_file

    from talentcast.forecast import forecast_frame

    series = read_series_file(Path(input_path))
    if engine is None or engine.kind == "in-process":
        fc, flags = forecast_frame(series, horizon, return_flags=True)
    else:
        fc, flags = forecast_partitioned(series, horizon, engine), None
    write_forecast_file(fc, Path(output_path))
    models = fc.drop_duplicates("series_id")["model"].value_counts().to_dict()
    summary: dict[str, Any] = {"series": int(fc["series_id"].nunique()), "rows": len(fc), "output": str(output_path), "models": models}
    if flags is not None:
        # Short, constant, gap-filled or level-shifted series: say which, so nobody trusts a
        # naive two-point forecast as much as an ensemble one.
        summary["flags"] = {
            flag: sorted(map(str, rows["series_id"].unique())) for flag, rows in flags.groupby("flag", sort=True)
        }
    return summary


def backtest(settings: Settings, input_path: Path | None, horizon: int) -> pd.DataFrame:
    """Rolling-origin backtest of a file's series, or of the lake's employment series."""
    from talentcast.forecast import backtest_frame, read_series_file

    from talentcast import pipeline

    if input_path is not None:
        series = read_series_file(Path(input_path))
        return backtest_frame(series, horizon)
    series = pipeline.employment_series(pipeline.employment_history(_lake(settings), settings))
    return backtest_frame(series, horizon, level_shifts=pipeline.declared_shifts(series))


# --------------------------------------------------------------------------- report


def read_marts(settings: Settings) -> dict[str, pd.DataFrame]:
    """Read every mart the reports need; a missing one is an error saying to run forecast."""
    lake = _lake(settings)
    missing = [t for t in MART_TABLES if not lake.exists(t)]
    if missing:
        what = "forecast marts yet" if len(missing) == len(MART_TABLES) else ", ".join(missing)
        raise LakeError(
            f"the lake at {settings.lake_dir} has no {what}",
            hint="run `talentcast forecast` (or `talentcast refresh`) first",
        )
    return {t: lake.read(t) for t in MART_TABLES}


def _check_report_year(marts: dict[str, pd.DataFrame], year: int) -> None:
    """A report year outside the forecast would render a report with no demand figures."""
    years = pd.to_numeric(marts["mart_demand"].get("year", pd.Series(dtype=float)), errors="coerce").dropna()
    if years.empty:
        return
    lo, hi = int(years.min()), int(years.max())
    if not lo <= int(year) <= hi:
        raise ConfigError(
            f"--year {year} is outside the forecast in the lake ({lo}–{hi})",
            hint=f"choose a year from {lo} to {hi}, or rerun `talentcast forecast` with another --horizon",
        )


def report(settings: Settings, groups: list[str] | None = None, year: int | None = None, progress: Progress | None = None) -> list[Path]:
    """Render reports for the given groups (None: all groups and the province report)."""
    from talentcast.reference import load_registry
    from talentcast.report import render_reports

    from talentcast.report.scenarios import scenario_mart

    progress = progress or Progress()
    marts = read_marts(settings)
    lake = _lake(settings)
    if settings.scenario is not None:
        marts["scenarios"] = scenario_mart(settings.scenario)
    elif lake.exists("scenarios"):
        marts["scenarios"] = lake.read("scenarios")
    else:
        marts["scenarios"] = scenario_mart(None)
    if lake.exists("mart_shortage_list"):  # written by the analysis since the shortage list moved there
        marts["mart_shortage_list"] = lake.read("mart_shortage_list")
    if year is not None:
        _check_report_year(marts, year)
    else:
        _check_edition(marts, settings)
    registry = load_registry(workspace=settings.workspace)
    if groups:
        from talentcast.report import PROVINCE_ID

        for g in groups:
            if g != PROVINCE_ID:
                registry.get(g)  # raises with the closest ids
    with progress.step(f"render reports ({', '.join(settings.formats)})"):
        return render_reports(
            marts, registry, settings.reports_dir, groups=groups, formats=settings.formats, lang=settings.lang, year=year,
            region=settings.region, edition=settings.edition_year, horizon=settings.horizon,
        )


# --------------------------------------------------------------------------- refresh


def refresh(settings: Settings, progress: Progress | None = None) -> dict[str, Any]:
    """Cron entry point: under the workspace lock, ingest new raw files, then forecast and report."""
    from talentcast.ops import run_log, workspace_lock

    progress = progress or Progress()
    _lake(settings)
    with workspace_lock(settings.workspace, timeout_s=settings.lock_timeout_s), run_log(settings.workspace, "refresh") as event:
        # One unreadable file must not block the rest of the nightly run (nor every later one):
        # the readable files go in, the forecast and reports are rebuilt, and the run still
        # ends with an error naming the bad file(s), so cron reports it.
        errors: list[str] = []
        ingested = ingest_pending(settings, progress, errors=errors)
        n_files = sum(1 for r in ingested.values() for f in r["files"] if f.get("status") == "ingested")
        lake = _lake(settings)
        stale = n_files > 0 or not all(lake.exists(t) for t in MART_TABLES)
        reports: list[Path] = []
        rebuilt = False
        if stale:
            try:
                forecast(settings, progress=progress)
                reports = report(settings, progress=progress)
                rebuilt = True
            except LakeError:
                if not errors:
                    raise
                # Nothing to forecast from yet (e.g. the only statistics file is the bad one):
                # the unreadable file is the error to report, below.
        result = {"files_ingested": n_files, "ingest": ingested, "rebuilt": rebuilt, "reports": [str(p) for p in reports]}
        event.update({k: v for k, v in result.items() if k != "ingest"})
        if errors:
            from talentcast.errors import InputFileError

            raise InputFileError(
                "refresh could not read " + ("; ".join(errors) if len(errors) == 1 else "these files:\n" + "\n".join(f"  - {e}" for e in errors)),
                hint="fix or remove the file(s) under data/raw/ and run refresh again; the other files were ingested"
                + (" and the reports rebuilt" if rebuilt else ""),
            )
        return result


# --------------------------------------------------------------------------- small verbs


def list_groups(settings: Settings) -> list[dict[str, Any]]:
    """The group registry (workspace override applied) as plain dicts."""
    from talentcast.reference import load_registry

    registry = load_registry(workspace=settings.workspace)
    rows = []
    for g in registry.groups:
        rows.append(
            {
                "id": g.id,
                "name_zh": g.name_zh,
                "name_provisional": g.name_provisional,
                "lead_institution": g.lead_institution,
                "lead_college_code": g.lead_college_code,
                "lead_evidence": g.lead_evidence,
                "categories": list(g.categories),
                "classes": list(g.classes),
                "members": [{"code": m.code, "name": m.name, "synthetic": m.synthetic} for m in g.members],
            }
        )
    return rows


def status(settings: Settings) -> dict[str, Any]:
    """Tables and row counts, files ingested, quarantine counts by reason, reports on disk."""
    lake = _lake(settings)
    tables = {t: lake.row_count(t) for t in lake.tables()}
    manifest = lake.manifest()
    reports = sorted(str(p.relative_to(settings.workspace)) for p in settings.reports_dir.glob("*") if p.is_file()) if settings.reports_dir.is_dir() else []
    return {
        "workspace": str(settings.workspace.resolve()),
        "tables": tables,
        "files_ingested": int(len(manifest)),
        "quarantine": lake.quarantine_counts(),
        "reports": len(reports),
        "report_files": reports,
    }


def classify_file(settings: Settings, input_path: Path, output_path: Path) -> dict[str, Any]:
    """Classify a table of posts (title, optional description) into major classes."""
    from talentcast.crosswalk.classifier import classify_file as _classify_file

    from talentcast.pipeline import review_file

    review = review_file(settings)
    df = _classify_file(
        Path(input_path),
        Path(output_path),
        models_dir=settings.models_dir if settings.models_dir.is_dir() else None,
        threshold=settings.classifier_threshold,
        corrections_path=review if review.is_file() else None,
    )
    n_classified = int((df["classification_status"] == "classified").sum())
    return {"rows": len(df), "classified": n_classified, "unclassified": len(df) - n_classified, "output": str(output_path)}


def evaluate_classifier(settings: Settings) -> dict[str, Any]:
    """Top-1/top-3 accuracy and coverage of the classifier on the committed gold set."""
    from talentcast.crosswalk.classifier import evaluate, load_or_train_classifier

    clf = load_or_train_classifier(settings.models_dir if settings.models_dir.is_dir() else None)
    return evaluate(classifier=clf, threshold=settings.classifier_threshold)


def _staffing(settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    lake = _lake(settings, must_exist=False)
    if lake.exists("mart_staffing"):
        return lake.read("mart_staffing"), lake.read("mart_vocational_share")
    from talentcast import pipeline

    return pipeline.prior_staffing(settings)


def crosswalk_show(settings: Settings, industry: str | None = None, major_class: str | None = None) -> pd.DataFrame:
    """Staffing rows with their evidence, for an industry and/or a major class."""
    from talentcast.crosswalk.staffing import show_staffing

    if not industry and not major_class:
        raise ConfigError("give --industry (e.g. C38) or --major (e.g. 4603)")
    staffing, _ = _staffing(settings)
    return show_staffing(staffing, industry=industry, major_class=major_class)


def crosswalk_export(settings: Settings, out_dir: Path) -> list[Path]:
    """Write the staffing matrix and vocational shares to CSV and XLSX."""
    from talentcast.crosswalk.staffing import export_staffing

    staffing, vshare = _staffing(settings)
    return export_staffing(staffing, vshare, Path(out_dir))


# --------------------------------------------------------------------------- demo


def demo(directory: str | Path, formats: str | None = None, progress: Progress | None = None,
         edition: int | None = None) -> dict[str, Any]:
    """Build the sample workspace from packaged data and run ingest → forecast → report."""
    from talentcast import sample

    start = time.perf_counter()
    progress = progress or Progress()
    root = Path(directory)
    if root.exists() and (root / "lake").exists():
        # A previous demo: rebuild from scratch so the run is reproducible.
        if not (root / CONFIG_FILE).is_file():
            raise WorkspaceError(f"{root} has a lake/ but no {CONFIG_FILE}; refusing to delete it", hint="choose an empty directory")
        shutil.rmtree(root)
    init_workspace(root)
    with progress.step("build sample workspace"):
        sample.build_sample_workspace(root)
    settings = load_settings(root, {"formats": formats, "edition": edition})
    ingest_pending(settings, progress)
    forecast(settings, progress=progress)
    paths = report(settings, progress=progress)
    return {"workspace": str(root), "reports": [str(p) for p in paths], "seconds": time.perf_counter() - start}


def _check_edition(marts: dict[str, pd.DataFrame], settings: Settings) -> None:
    """The edition's forecast years must be in the marts (a forecast made for an older edition has not)."""
    years = pd.to_numeric(marts["mart_demand"].get("year", pd.Series(dtype=float)), errors="coerce").dropna()
    if years.empty:
        return
    want = settings.edition_year + settings.horizon
    if int(years.max()) < want:
        raise ConfigError(
            f"the {settings.edition_year} edition forecasts to {want}, but the forecast in the lake ends in {int(years.max())}",
            hint=f"rerun `talentcast forecast --edition {settings.edition_year}` (or `talentcast refresh`) first",
        )
