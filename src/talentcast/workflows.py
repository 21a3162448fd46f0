"""The verbs the CLI, cron and notebooks share: init, ingest, forecast, report, refresh, status, repair, demo.

Each verb takes resolved :class:`~talentcast.config.Settings`, does its I/O through the lake,
and returns plain data for the caller to print. Nothing here prints or exits.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from talentcast import schema as _schema
from talentcast.config import CONFIG_FILE, DEFAULT_CONFIG_TOML, Settings, load_settings
from talentcast.errors import ConfigError, CorruptLakeError, LakeError, WorkspaceError, storage_error
from talentcast.progress import Progress
from talentcast.workspace import RAW_KINDS, Workspace
from talentcast.workspace import init as _init_folders
from talentcast.workspace import raw_files as _raw_files

log = logging.getLogger("talentcast")

# Every mart the forecast writes and the reports read: the specs in schema.toml decide.
MART_TABLES = tuple(_schema.MARTS)


# --------------------------------------------------------------------------- workspace


def init_workspace(directory: str | Path) -> list[Path]:
    """Create a workspace (idempotent): every folder of :class:`talentcast.workspace.Workspace`
    (raw folders, lake, models, reports, review, logs) and the config file.

    Returns:
        The paths that were created (existing ones are left alone).
    """
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root} exists and is not a directory", hint="choose another path")
    try:
        return _init_folders(root, DEFAULT_CONFIG_TOML)
    except OSError as exc:
        err = storage_error(exc, f"creating the workspace at {root}")
        if err is not None:
            raise err from None
        raise WorkspaceError(f"cannot create workspace at {root}: {exc.strerror}", hint="check permissions") from None


def _lake(settings: Settings, must_exist: bool = True, readonly: bool = False):
    from talentcast.lake import Lake

    if must_exist and not (settings.workspace / CONFIG_FILE).is_file() and not settings.lake_dir.is_dir():
        raise WorkspaceError(
            f"{settings.workspace} is not a talentcast workspace (no {CONFIG_FILE}, no lake/)",
            hint="run `talentcast init DIR` or pass --workspace DIR",
        )
    if readonly:
        return Lake(settings.lake_dir, readonly=True)
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
    options: dict[str, Any] | None = None,
):
    """Ingest raw files of one kind into the lake; returns the ingest report.

    Column mappings come from ``mapping`` (the command's ``--map`` flags) or, for postings,
    from the workspace's ``[ingest.map]`` settings. ``options`` are the command's per-file
    options (``force``, ``dry_run``; for statistics ``measure``, ``unit``, ``region``, ``year``).
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
    # Ingest runs in this process whatever --scheduler/--workers say: the parallel postings
    # ingest did not scale on 2 cores (serial parquet write and global dedup) and was removed.
    with progress.step(f"ingest {kind}: {len(paths)} file(s)"):
        return ingest_files(
            lake,
            kind,
            [Path(p) for p in paths],
            source=source,
            mapping=mapping or None,
            encoding=settings.encoding,
            **extra,
            **(options or {}),
        )


def pending_raw_files(settings: Settings, skipped: list[Path] | None = None) -> dict[str, list[Path]]:
    """Data files under data/raw/<kind>/ whose content the lake has not ingested yet.

    Args:
        skipped: If given, the files that are not data (README, LICENSE.txt, .md, .pdf …; see
            :func:`talentcast.workspace.is_data_file`) are appended to it.
    """
    from talentcast.ingest.common import file_sha256

    lake = _lake(settings)
    found, other = _raw_files(settings.raw_dir)
    if skipped is not None:
        skipped.extend(other)
    out: dict[str, list[Path]] = {}
    for kind, files in found.items():
        new = [p for p in files if not lake.seen(file_sha256(p), kind)]
        if new:
            out[kind] = new
    return out


def ingest_pending(settings: Settings, progress: Progress | None = None, errors: list[str] | None = None,
                   skipped: list[Path] | None = None) -> dict[str, Any]:
    """Ingest every new or changed raw data file; returns {kind: report dict}.

    Args:
        errors: If given, a file that cannot be read does not stop the other kinds: its
            message is appended here (the readable files still go in). If None, the first
            unreadable file raises InputFileError after its kind's other files went in.
        skipped: If given, receives the files under data/raw/ that are not data files.
    """
    from talentcast.errors import InputFileError

    reports = {}
    for kind, files in pending_raw_files(settings, skipped).items():
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
    from talentcast import flow

    progress = progress or Progress()
    lake = _lake(settings)
    if groups:
        from talentcast.reference import load_registry

        registry = load_registry(workspace=settings.workspace)
        for g in groups:
            registry.get(g)  # an unknown id fails now, naming the closest ids, not after the forecast
    built_from = inputs_fingerprint(settings, lake)  # before computing: a file landing meanwhile makes the next run rebuild
    marts = flow.compute_marts(lake, settings, groups=groups, progress=progress)
    marts = finalise_suggestions(settings, marts)
    from talentcast.forecast.scenario_table import scenario_mart

    # Kept with the results, so reports quote the assumptions behind the scenario rows.
    marts["scenarios"] = scenario_mart(settings.scenario)
    with progress.step("write marts"):
        with lake.transaction() as tx:
            for name, df in marts.items():
                tx.replace(name, _merge_group_rows(lake, name, df, groups))
            _keep_vintage(tx, lake, settings, marts, groups)
    if not groups:  # a one-group run leaves the other groups' rows as they were
        from talentcast.ops import record_build

        record_build(settings.workspace, marts=built_from)
    summary = flow.summarise(marts, settings)
    return ForecastResult(marts=marts, summary=summary)


def inputs_fingerprint(settings: Settings, lake=None) -> str:
    """One sha256 over everything the marts are computed from: the content hash of every
    ingested file (the lake's manifest), the workspace's settings file and its group registry,
    and the resolved settings that shape the marts (edition, horizon, region, scenario: the
    default edition is this year, so a new year makes the marts stale by itself).

    ``refresh`` rebuilds when it differs from the fingerprint the last full forecast recorded.
    """
    from talentcast.forecast.vintages import fingerprint
    from talentcast.ingest.common import file_sha256

    def content(path) -> str:  # files by their content: a copied or moved workspace holds the same files elsewhere
        return file_sha256(path) if path and Path(path).is_file() else str(path or "")

    m = (lake or _lake(settings)).manifest()
    parts = (m["table"].astype(str) + ":" + m["sha256"].astype(str)).tolist()
    ws = Workspace(settings.workspace)
    parts += [f"{f.name}:{content(f) if f.exists() else '-'}" for f in (ws.config_file, ws.registry_file)]
    parts += [f"edition:{settings.edition_year}", f"horizon:{settings.horizon}", f"region:{settings.region}",
              f"scenario:{content(settings.scenario)}"]
    return fingerprint(parts)


def _keep_vintage(tx, lake, settings: Settings, marts: dict[str, pd.DataFrame], groups: list[str] | None) -> None:
    """Append this run's baseline employment forecast to the lake's forecast vintages."""
    from talentcast.forecast import vintages

    if groups or "mart_employment" not in marts:
        return  # a one-group run recomputes group marts only; the employment forecast is the full run's
    m = lake.manifest()
    fp = vintages.fingerprint(m.loc[m["table"] == "statistics", "sha256"])
    from talentcast.forecast.reference import REFERENCE_WEIGHT

    keep = {"horizon": settings.horizon, "region": getattr(settings, "region", None), "scenario": str(settings.scenario or ""),
            "edition": getattr(settings, "edition_year", None),
            # The method, so that vintages made before and after a change of it can be told apart.
            "regional_reference_weight": REFERENCE_WEIGHT}
    tx.append(vintages.TABLE, vintages.from_employment_mart(marts["mart_employment"], keep, fp))


def evaluate_vintage(settings: Settings, vintage: str) -> pd.DataFrame:
    """Score a stored forecast vintage against the employment figures in the lake now."""
    from talentcast import flow
    from talentcast.forecast import vintages
    from talentcast.forecast.employment import employment_series

    lake = _lake(settings)
    if not lake.exists(vintages.TABLE):
        from talentcast.errors import ForecastError

        raise ForecastError("no forecast vintage is stored yet", hint="Run `talentcast forecast` first; every run is kept.")
    history = flow.employment_history(lake, settings)
    if "status" in history.columns:
        history = history[history["status"] == "official"]  # score against published figures only
    return vintages.score_vintage(lake.read(vintages.TABLE), vintage, employment_series(history))


def _merge_group_rows(lake, name: str, df: pd.DataFrame, groups: list[str] | None) -> pd.DataFrame:
    """Rows of a per-group mart to write: for ``--group X`` keep the other groups' existing rows.

    ``forecast --group health`` computes only the health rows; writing them in place of the
    whole mart would silently drop every other group (and the province) from later reports.
    """
    if not groups or "group_id" not in df.columns or not lake.exists(name):
        return df
    old = lake.read(name)
    df = _schema.validate(name, df)  # the spec's columns in the spec's order, like the stored rows
    if "group_id" not in old.columns or list(old.columns) != list(df.columns):
        return df
    replaced = set(groups) | set(df["group_id"].astype(str))
    keep = old[~old["group_id"].astype(str).isin(replaced)]
    if keep.empty:
        return df
    if df.empty:
        return keep.reset_index(drop=True)
    return pd.concat([keep, df], ignore_index=True)


def forecast_series(
    input_path: Path, output_path: Path, horizon: int, engine=None, shift: str | None = None, shift_column: str | None = None
) -> dict[str, Any]:
    """Forecast a long table file (series_id, period, value) into a file of forecasts.

    ``shift`` / ``shift_column`` declare level shifts (see :func:`talentcast.forecast.shifts.declared_from`).
    """
    from talentcast.executor import forecast_partitioned
    from talentcast.forecast import read_series_file, write_forecast_file

    from talentcast.forecast import forecast_frame

    series = read_series_file(Path(input_path))
    from talentcast.forecast.shifts import declared_from

    shifts = declared_from(shift, series, shift_column) or None
    if engine is None or engine.kind == "in-process":
        fc, flags = forecast_frame(series, horizon, return_flags=True, level_shifts=shifts)
    else:
        fc, flags = forecast_partitioned(series, horizon, engine, level_shifts=shifts), None
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


def backtest(
    settings: Settings, input_path: Path | None, horizon: int, shift: str | None = None, shift_column: str | None = None
) -> pd.DataFrame:
    """Rolling-origin backtest of a file's series, or of the lake's official employment series.

    ``shift`` / ``shift_column`` declare level shifts for a file's series (the lake's
    official series always have the 2013 revision declared).
    """
    from talentcast import flow
    from talentcast.forecast import backtest_frame, read_series_file
    from talentcast.forecast.employment import official_backtest

    if input_path is not None:
        series = read_series_file(Path(input_path))
        from talentcast.forecast.shifts import declared_from

        return backtest_frame(series, horizon, level_shifts=declared_from(shift, series, shift_column) or None)
    return official_backtest(flow.employment_history(_lake(settings), settings), horizon)


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
    gap = marts.get("mart_gap")
    if gap is not None and len(gap) and "cum_years" in gap.columns:
        # The ratings and cumulative figures add up the window the forecast was made for; a
        # report starting elsewhere would label them with years they do not cover.
        start = int((pd.to_numeric(gap["year"]) - pd.to_numeric(gap["cum_years"]) + 1).max())
        if int(year) != start:
            raise ConfigError(
                f"--year {year}: the forecast in the lake rates the window from {start} (the {start - 1} edition)",
                hint=f"for a window from {year}, run `talentcast forecast --edition {int(year) - 1}`, "
                     f"then `talentcast report --edition {int(year) - 1}`",
            )


def report(settings: Settings, groups: list[str] | None = None, year: int | None = None, progress: Progress | None = None) -> list[Path]:
    """Render reports for the given groups (None: all groups and the province report)."""
    from talentcast.reference import load_registry
    from talentcast.report import render_reports

    from talentcast.forecast.scenario_table import scenario_mart

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
    from talentcast.ops import read_build_state, record_build

    built_from = read_build_state(settings.workspace).get("marts")
    with progress.step(f"render reports ({', '.join(settings.formats)})"):
        paths = render_reports(
            marts, registry, settings.reports_dir, groups=groups, formats=settings.formats, lang=settings.lang, year=year,
            region=settings.region, edition=settings.edition_year, horizon=settings.horizon,
        )
    if not groups and year is None and built_from:
        record_build(settings.workspace, reports=built_from)
    return paths


# --------------------------------------------------------------------------- refresh


def refresh(settings: Settings, progress: Progress | None = None, on_wait: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Cron entry point: under the workspace lock, ingest new raw files, then forecast and report.

    Every run on a workspace appends one line to ``logs/talentcast.jsonl``, whatever ends it
    (the lock's time-out, exit 75, included).

    Args:
        settings: Resolved settings.
        progress: Step reporter.
        on_wait: Called once with the holder's description when another run holds the lock
            and this one waits for it (the CLI prints that it is waiting).

    Returns:
        ``files_ingested``, ``ingest`` (per kind), ``skipped`` (files under data/raw/ that are
        not data files, relative to the workspace), ``rebuilt``, ``reports``.
    """
    from talentcast.ops import run_log, workspace_lock

    progress = progress or Progress()
    _lake(settings)
    with run_log(settings.workspace, "refresh") as event:
        start = time.monotonic()
        waited: list[str] = []

        def _waiting(holder: str) -> None:
            waited.append(holder)
            if on_wait is not None:
                on_wait(holder)

        try:
            with workspace_lock(settings.workspace, timeout_s=settings.lock_timeout_s, on_wait=_waiting):
                if waited:
                    event["waited_s"] = round(time.monotonic() - start, 3)
                result = _refresh_locked(settings, progress, event)
        finally:
            if waited and "waited_s" not in event:
                event["waited_s"] = round(time.monotonic() - start, 3)
        return result


def _refresh_locked(settings: Settings, progress: Progress, event: dict[str, Any]) -> dict[str, Any]:
    # One unreadable file must not block the rest of the nightly run (nor every later one):
    # the readable files go in, the forecast and reports are rebuilt, and the run still
    # ends with an error naming the bad file(s), so cron reports it.
    errors: list[str] = []
    skipped: list[Path] = []
    ingested = ingest_pending(settings, progress, errors=errors, skipped=skipped)
    ws = Workspace(settings.workspace)
    event["skipped"] = [ws.relative(p) for p in skipped]
    n_files = sum(1 for r in ingested.values() for f in r["files"] if f.get("status") == "ingested")
    lake = _lake(settings)
    # Not only new files: a run killed between its ingest and its forecast (or its reports)
    # leaves marts (or reports) older than the lake, and the next night must finish the job.
    from talentcast.ops import read_build_state

    current, state = inputs_fingerprint(settings, lake), read_build_state(settings.workspace)
    marts_stale = n_files > 0 or not all(lake.exists(t) for t in MART_TABLES) or state.get("marts") != current
    reports_stale = marts_stale or state.get("reports") != current
    reports: list[Path] = []
    rebuilt = False
    if reports_stale:
        try:
            if marts_stale:
                forecast(settings, progress=progress)
            reports = report(settings, progress=progress)
            rebuilt = True
        except LakeError:
            if not errors:
                raise
            # Nothing to forecast from yet (e.g. the only statistics file is the bad one):
            # the unreadable file is the error to report, below.
    result = {"files_ingested": n_files, "ingest": ingested, "skipped": event["skipped"], "rebuilt": rebuilt,
              "reports": [str(p) for p in reports]}
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
    """Tables and row counts, files ingested, quarantine counts, reports, and the lake's health.

    Reads only (works on a read-only workspace). ``problems`` lists every ingested file whose
    rows the parts no longer hold in full, or whose part is unreadable, with the command that
    restores it (:func:`repair`); ``tables`` gives None for a table that cannot be counted.
    """
    lake = _lake(settings, readonly=True)
    tables: dict[str, int | None] = {}
    for t in lake.tables():
        try:
            tables[t] = lake.row_count(t)
        except CorruptLakeError:
            tables[t] = None
    manifest = lake.manifest()
    problems = lake.verify()
    try:
        quarantine = lake.quarantine_counts()
    except CorruptLakeError:
        quarantine = {}
    reports = sorted(str(p.relative_to(settings.workspace)) for p in settings.reports_dir.glob("*") if p.is_file()) if settings.reports_dir.is_dir() else []
    return {
        "workspace": str(settings.workspace.resolve()),
        "tables": tables,
        "files_ingested": int(len(manifest)),
        "quarantine": quarantine,
        "reports": len(reports),
        "report_files": reports,
        "problems": problems,
        "pending_commit": lake.pending_commit,
        "writable": os.access(settings.lake_dir, os.W_OK),
    }


def repair(settings: Settings, progress: Progress | None = None) -> dict[str, Any]:
    """Restore a lake whose parts lost rows or became unreadable (what :func:`status` reports).

    Under the workspace lock: in one transaction, the rows of every damaged file are dropped
    with its manifest entry, a damaged mart table is dropped whole and a damaged part no file
    accounts for is deleted; then each damaged file is ingested again from where the manifest
    says it was (relative to the workspace). The lake is consistent after each step.

    Returns:
        ``problems`` (as found), ``reingested`` (files landed again), ``missing`` (damaged files
        whose source is gone: their rows were dropped), ``dropped_tables`` (rebuilt by the next
        ``forecast`` or ``refresh``), ``deleted_parts``.

    Raises:
        LakeError: After repairing what it could, if a damaged file's source is missing (put it
            back under data/raw/ and run ``refresh``).
    """
    from talentcast.ops import workspace_lock

    progress = progress or Progress()
    lake = _lake(settings)
    ws = Workspace(settings.workspace)
    with workspace_lock(settings.workspace, timeout_s=settings.lock_timeout_s):
        problems = lake.verify()
        result: dict[str, Any] = {"problems": problems, "reingested": [], "missing": [], "dropped_tables": [], "deleted_parts": []}
        if not problems:
            return result
        files = [p for p in problems if p["file"] is not None]
        with progress.step(f"repair: drop the rows of {len(files)} damaged file(s)"):
            with lake.transaction() as tx:
                for p in files:
                    tx.drop_file(p["table"], sha256=p["sha256"])
                for p in problems:
                    if p["file"] is not None:
                        continue
                    if p["table"] in _RAW_TABLES:
                        tx.drop_parts(p["parts"])
                        result["deleted_parts"] += p["parts"]
                    else:
                        tx.drop_table(p["table"])
                        result["dropped_tables"].append(p["table"])
        for p in files:
            src = ws.resolve(p["file"])
            if not src.is_file():
                result["missing"].append(p["file"])
                continue
            rep = ingest(settings, p["table"], [src], progress=progress).to_dict()
            result["reingested"].append({"file": p["file"], "rows_accepted": rep["rows_accepted"], "rows_quarantined": rep["rows_quarantined"]})
    if result["missing"]:
        raise LakeError(
            "repair dropped the rows of file(s) whose source is gone: " + ", ".join(result["missing"]),
            hint="put the file(s) back (paths are relative to the workspace) and run `talentcast refresh` "
            "or `talentcast ingest KIND FILE`; the rest of the lake is repaired",
        )
    return result


_RAW_TABLES = (*RAW_KINDS, "quarantine")


def classify_file(settings: Settings, input_path: Path, output_path: Path) -> dict[str, Any]:
    """Classify a table of posts (title, optional description) into major classes."""
    from talentcast.crosswalk.classifier import classify_file as _classify_file
    from talentcast.crosswalk.classifier_review import review_path

    review = review_path(settings.workspace)
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
    """Top-1/top-3 accuracy and coverage of the classifier on the gold set, and the sector check."""
    from talentcast.crosswalk.classifier_evaluation import evaluate, evaluate_sector
    from talentcast.crosswalk.classifier_training import load_or_train_classifier

    clf = load_or_train_classifier(settings.models_dir if settings.models_dir.is_dir() else None)
    return {**evaluate(classifier=clf, threshold=settings.classifier_threshold), **evaluate_sector(clf)}


def _staffing(settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    lake = _lake(settings, must_exist=False)
    if lake.exists("mart_staffing"):
        return lake.read("mart_staffing"), lake.read("mart_vocational_share")
    from talentcast import flow

    return flow.prior_staffing(settings)


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


# --------------------------------------------------------------------------- expert review


def review_decisions_file(settings: Settings) -> Path:
    """The recorded expert decisions of a workspace (kept across forecast and refresh)."""
    return settings.workspace / "review" / "decisions.csv"


def _read_decisions(settings: Settings) -> pd.DataFrame:
    from talentcast.analysis.review import DECISION_COLUMNS

    path = review_decisions_file(settings)
    if not path.is_file():
        return pd.DataFrame(columns=DECISION_COLUMNS)
    df = pd.read_csv(path, dtype={"group_id": str, "major_class": str, "rule_id": str, "decision": str, "reason": str,
                                  "rating": str, "action": str}, keep_default_na=False)
    missing = [c for c in DECISION_COLUMNS if c not in df.columns]
    if missing:
        raise WorkspaceError(f"{path} lacks column(s) {missing}",
                             hint="restore it from a backup, or delete it and apply the review workbook again")
    for c in ("cum_openings", "cum_supply", "cum_gap"):
        df[c] = pd.to_numeric(df[c], errors="coerce")
    return df[DECISION_COLUMNS]


def finalise_suggestions(settings: Settings, marts: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Typical posts on the shortage list (where mart_posts exists) and the recorded expert
    decisions laid over mart_suggestions and mart_shortage_list."""
    from talentcast.analysis.review import overlay
    from talentcast.analysis.settings import load_rules
    from talentcast.analysis.suggestions import attach_typical_posts

    if "mart_shortage_list" in marts:
        marts = {**marts, "mart_shortage_list": attach_typical_posts(marts["mart_shortage_list"], marts.get("mart_posts"))}
    return overlay(marts, _read_decisions(settings), load_rules())


def _review_marts(settings: Settings) -> dict[str, pd.DataFrame]:
    lake = _lake(settings)
    names = ("mart_gap", "mart_suggestions", "mart_shortage_list")
    missing = [t for t in names if not lake.exists(t)]
    if missing:
        raise LakeError(f"the lake at {settings.lake_dir} has no {', '.join(missing)}",
                        hint="run `talentcast forecast` first")
    return {t: lake.read(t) for t in names}


def review_export(settings: Settings, output: Path) -> dict[str, Any]:
    """Write the review workbook: every rating and suggestion (baseline) with evidence, decision, reason."""
    from talentcast.analysis.review import SHEET_NOTE, export_sheet

    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise ConfigError(f"--output {output} must end in .xlsx", hint="e.g. --output review.xlsx")
    sheet = export_sheet(_review_marts(settings), _read_decisions(settings))
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        with pd.ExcelWriter(output, engine="openpyxl") as xw:
            sheet.to_excel(xw, sheet_name="review", index=False)
            ws = xw.sheets["review"]
            ws.freeze_panes = "A2"  # the header stays in view over ~500 rows
            wide = {"rationale_zh": 60, "evidence": 40, "conflict_plan": 40, "reason": 40, "major_class_name": 18}
            for i, col in enumerate(sheet.columns, start=1):
                ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = wide.get(col, 12)
            pd.DataFrame({"说明 / how to": SHEET_NOTE}).to_excel(xw, sheet_name="README", index=False)
    except OSError as exc:
        raise WorkspaceError(f"cannot write {output}: {exc.strerror}", hint="check the directory and permissions") from None
    return {"path": str(output), "rows": int(len(sheet)), "decided": int((sheet["decision"] != "").sum())}


def review_apply(settings: Settings, path: Path) -> dict[str, Any]:
    """Check a filled review workbook and record its decisions; a bad row applies nothing."""
    from talentcast.analysis.review import merge_decisions, overlay, parse_sheet, review_items, review_summary
    from talentcast.analysis.settings import load_rules
    from talentcast.errors import InputFileError

    path = Path(path)
    try:
        sheet = pd.read_excel(path, sheet_name="review", dtype=str)
    except FileNotFoundError:
        raise InputFileError(f"review file {path} not found", hint="give the workbook written by `talentcast review export`") from None
    except ValueError as exc:
        raise InputFileError(f"{path} has no readable sheet 'review': {exc}",
                             hint="give the workbook written by `talentcast review export`") from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a file that is not a workbook
        raise InputFileError(f"{path} is not a readable .xlsx workbook ({type(exc).__name__})",
                             hint="save it as .xlsx and apply again") from None
    from talentcast.ops import workspace_lock

    # Under the refresh lock: a nightly forecast must not write marts read before this apply.
    with workspace_lock(settings.workspace, timeout_s=settings.lock_timeout_s):
        marts = _review_marts(settings)
        new = parse_sheet(sheet, review_items(marts), source=path.name)
        decisions = merge_decisions(_read_decisions(settings), new)
        target = review_decisions_file(settings)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".csv.tmp")
        decisions.to_csv(tmp, index=False)
        tmp.replace(target)
        marts = overlay(marts, decisions, load_rules())
        with _lake(settings).transaction() as tx:
            for name in ("mart_suggestions", "mart_shortage_list"):
                tx.replace(name, marts[name])
    return {"applied": int(len(new)), "recorded": int(len(decisions)), "file": str(target), **review_summary(marts)}


def _check_edition(marts: dict[str, pd.DataFrame], settings: Settings) -> None:
    """The edition's forecast years must be in the marts (a forecast made for an older edition has not)."""
    years = pd.to_numeric(marts["mart_demand"].get("year", pd.Series(dtype=float)), errors="coerce").dropna()
    if years.empty:
        return
    want = settings.edition_year + settings.horizon
    if int(years.max()) < want:
        raise ConfigError(
            f"the {settings.edition_year} edition forecasts to {want}, but the forecast in the lake ends in {int(years.max())}",
            hint=f"rerun `talentcast forecast --edition {settings.edition_year}` first",
        )
