"""The `talentcast` command line: parse, resolve settings, call one workflow, print a summary.

This is the only module that prints for humans and the only one that exits.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from talentcast import __version__
from talentcast.errors import TalentcastError

app = typer.Typer(
    name="talentcast",
    help="Forecast talent demand for vocational-education majors and write the annual "
    "talent-demand forecast reports of Henan's vocational education groups.\n\n"
    "Example: talentcast demo ./demo",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
crosswalk_app = typer.Typer(
    help="Industry and major crosswalks: classify postings, show the staffing matrix.\n\n"
    "Example: talentcast crosswalk show --industry C38",
    no_args_is_help=True,
)
app.add_typer(crosswalk_app, name="crosswalk")
reference_app = typer.Typer(
    help="Look up reference classifications: industries, majors, occupations, regions.\n\n"
    "Example: talentcast reference search majors 护理",
    no_args_is_help=True,
)
app.add_typer(reference_app, name="reference")
review_app = typer.Typer(
    help="Expert review of ratings and suggestions: export a workbook, record the decisions.\n\n"
    "Example: talentcast review export --output review.xlsx",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")
SchemeArg = Annotated[str, typer.Argument(metavar="SCHEME", help="industries | majors | occupations | regions")]

# emoji=False: series ids such as "410000:A:" and user text must print as typed, not as emoji.
# When stdout is a pipe or a file (cron logs, grep), rich would wrap at 80 columns and cut
# table cells (Chinese names, paths) with "…"; print wide lines instead (COLUMNS still wins).
_PIPE_WIDTH = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 200
out = Console(emoji=False, width=_PIPE_WIDTH)
err = Console(stderr=True, emoji=False, width=None if sys.stderr.isatty() or os.environ.get("COLUMNS") else 200)
_state: dict[str, Any] = {"debug": False, "workspace": None}

WorkspaceOpt = Annotated[
    Optional[Path],
    typer.Option("--workspace", "-w", metavar="DIR", help="Workspace directory (default: $TALENTCAST_WORKSPACE or the current directory)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")]
SchedulerOpt = Annotated[
    Optional[str],
    typer.Option("--scheduler", help="Run on a Dask cluster: tcp://HOST:PORT (or $TALENTCAST_DASK_SCHEDULER / [engine] scheduler)."),
]
WorkersOpt = Annotated[Optional[int], typer.Option("--workers", min=1, help="Local worker processes (default 1: in-process).")]


def _workspace(workspace: Path | None) -> Path | None:
    """The command's --workspace, else the one given before the command (`talentcast -w DIR status`)."""
    before = _state.get("workspace")
    if workspace is not None and before is not None and Path(workspace) != Path(before):
        from talentcast.errors import ConfigError

        raise ConfigError(f"two workspaces given: {before} (before the command) and {workspace} (after it)", hint="give --workspace once")
    return workspace if workspace is not None else before


def _settings(workspace: Path | None, **flags: Any):
    from talentcast.config import load_settings

    return load_settings(_workspace(workspace), flags)


def _groups_arg(group: str | None, all_groups: bool) -> list[str] | None:
    """--group ID → [ID]; --all or neither → None (every group and the province)."""
    if group and all_groups:
        from talentcast.errors import ConfigError

        raise ConfigError("--group and --all contradict each other", hint="give one of them (neither means all groups)")
    return [group] if group else None


def _table(title: str, columns: list[str | tuple[str, dict[str, Any]]], rows: list[list[str]]) -> Table:
    """A rich table: columns by name, or (name, add_column options); rows of cell texts."""
    table = Table(title=title)
    for col in columns:
        name, options = (col, {}) if isinstance(col, str) else col
        table.add_column(name, **options)
    for row in rows:
        table.add_row(*row)
    return table


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def _progress(quiet: bool = False):
    from talentcast.progress import for_stream

    return for_stream(quiet)


def _version(value: bool) -> None:
    if value:
        out.print(f"talentcast {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    workspace: WorkspaceOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logging.")] = False,
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=lambda v: _version(v))
    ] = False,
) -> None:
    _state["debug"] = debug
    _state["workspace"] = workspace
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO if not sys.stderr.isatty() else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Library deprecation warnings (pandas FutureWarning …) are nothing a user can act on:
    # route them through logging and show them only with --debug.
    logging.captureWarnings(True)
    logging.getLogger("py.warnings").setLevel(logging.DEBUG if debug else logging.ERROR)


@app.command()
def init(
    directory: Annotated[Optional[Path], typer.Argument(metavar="DIR", help="Directory to create the workspace in (default: $TALENTCAST_WORKSPACE, then the current directory).")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Create a workspace: talentcast.toml, data/raw/{statistics,postings,graduates,enrollment,programmes}/, lake/, models/, reports/, review/, logs/.

    Running it again on a workspace creates only what is missing and keeps everything else.

    Example: talentcast init ./henan-2026
    """
    from talentcast import workflows

    # Same default as every other command's --workspace, so `init` then `status` agree.
    directory = directory or _state.get("workspace") or Path(os.environ.get("TALENTCAST_WORKSPACE") or ".")
    created = workflows.init_workspace(directory)
    if json_out:
        _print_json({"workspace": str(directory), "created": [str(p) for p in created]})
        return
    out.print(f"Workspace ready at [bold]{directory}[/bold]" + ("" if created else " (already complete: nothing created)"), highlight=False)
    for p in created:
        out.print(f"  created {p}", highlight=False)
    out.print("Next: put raw files under data/raw/<kind>/ and run `talentcast refresh`.")


@app.command()
def ingest(
    kind: Annotated[str, typer.Argument(metavar="KIND", help="statistics | postings | graduates | enrollment | programmes")],
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Files to ingest (csv, tsv, xlsx, xls, json, jsonl, txt; .gz allowed).")],
    source: Annotated[Optional[str], typer.Option(help="Source name recorded on every row (e.g. zhaopin, 51job, nbs).")] = None,
    mapping: Annotated[Optional[list[str]], typer.Option("--map", metavar="FIELD=COLUMN", help="Map a field to a column: --map title=岗位名称 (repeatable; dotted paths for nested JSON).")] = None,
    encoding: Annotated[Optional[str], typer.Option(help="Force the text encoding (utf-8, gbk, gb18030, big5, shift_jis, utf-16) instead of detecting it.")] = None,
    measure: Annotated[Optional[str], typer.Option(help="statistics: the measure of tables that do not name it (employment_10k, avg_wage_cny_year, output_100m_cny, or 就业人员, 平均工资, 增加值).")] = None,
    unit: Annotated[Optional[str], typer.Option(help="statistics: the unit of values whose table states none (万人, 人, 元, 万元, 亿元).")] = None,
    region: Annotated[Optional[str], typer.Option(help="statistics: the region of rows without one (name or GB/T 2260 code; default 全国).")] = None,
    year: Annotated[Optional[int], typer.Option(help="statistics: the year of a table without years; programmes: the register year of records without 年份.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Read and check the files, write nothing; statistics show what each sheet gives.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Ingest files already ingested again, replacing their earlier rows.")] = False,
    workspace: WorkspaceOpt = None,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Ingest raw files into the lake; every row is accepted or quarantined with a reason.

    Ingest runs in this process; --scheduler and --workers are accepted for symmetry with the
    other commands and do not change it. A file of which no row is accepted is not recorded
    (fix it or state --measure/--unit/--region/--year, and ingest it again).

    Example: talentcast ingest postings data/raw/postings/*.json.gz --source zhaopin
    """
    from talentcast import workflows
    from talentcast.config import parse_mappings
    from talentcast.errors import ConfigError

    settings = _settings(workspace, encoding=encoding, scheduler=scheduler, workers=workers)
    per_file = {k: v for k, v in {"measure": measure, "unit": unit, "region": region, "year": year}.items() if v is not None}
    # --year also dates a register (programmes) that writes its year nowhere in the records.
    not_here = [k for k in per_file if kind != "statistics" and not (kind == "programmes" and k == "year")]
    if not_here:
        raise ConfigError(f"--{', --'.join(not_here)} apply to statistics{' only' if kind != 'programmes' else ''}, not {kind}", hint="drop the option(s)")
    options: dict[str, Any] = {**per_file, **({"dry_run": True} if dry_run else {}), **({"force": True} if force else {})}
    try:
        report = workflows.ingest(settings, kind, files, source=source, mapping=parse_mappings(mapping or []) or None, progress=_progress(),
                                  options=options or None)
    except TalentcastError as exc:
        # Files that went in before the failing one are committed: show their accounting too.
        partial = getattr(exc, "report", None)
        if partial is not None and json_out:
            _print_json(partial.to_dict())  # scripts get the per-file accounting, errors included
        elif partial is not None and any(f.status != "error" for f in partial.files):
            _print_ingest_table(kind, partial.to_dict())
        if partial is not None and not json_out:
            _print_ingest_details(partial.to_dict())
        raise
    data = report.to_dict()
    if json_out:
        _print_json(data)
        return
    _print_ingest_table(kind, data)
    _print_ingest_details(data)


def _print_ingest_details(data: dict[str, Any]) -> None:
    """Per-sheet results (statistics) and fill-rate warnings under the ingest table."""
    for f in data["files"]:
        for sh in f.get("sheets") or []:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(sh["quarantined_by_reason"].items()))
            years = f"{sh['years'][0]}–{sh['years'][1]}" if sh.get("years") else "-"
            out.print(f"  {Path(f['file']).name} / {sh['sheet']}: {sh['rows_accepted']:,} of {sh['rows_read']:,} rows; "
                      f"measures {', '.join(sh['measures']) or '-'}; units {', '.join(sh['units_src']) or '-'}; years {years}; "
                      f"regions {', '.join(sh['regions']) or '-'}" + (f"; quarantined: {reasons}" if reasons else ""), highlight=False)
        for w in f.get("warnings") or []:
            out.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
    if any(f.get("status") == "dry_run" for f in data["files"]):
        out.print("Dry run: nothing was written.", highlight=False)


def _print_ingest_table(kind: str, data: dict[str, Any]) -> None:
    table = Table(title=f"ingest {kind}")
    for col in ("file", "read", "accepted", "quarantined", "duplicates", "status"):
        table.add_column(col, justify="left" if col in ("file", "status") else "right")
    status_text = {"ingested": "ingested", "already_ingested": "skipped: already ingested", "error": "error: nothing landed",
                   "dry_run": "dry run: nothing written"}
    for f in data["files"]:
        table.add_row(
            str(f.get("file", "")),
            *(f"{f[k]:,}" for k in ("rows_read", "rows_accepted", "rows_quarantined", "rows_duplicate")),
            status_text.get(str(f.get("status")), str(f.get("status", ""))),
        )
    table.add_row("[bold]total[/bold]", *(f"[bold]{data[k]:,}[/bold]" for k in ("rows_read", "rows_accepted", "rows_quarantined", "rows_duplicate")), "")
    out.print(table)
    reasons = data.get("quarantined_by_reason") or {}
    if reasons:
        out.print("Quarantined by reason: " + ", ".join(f"{k} {v:,}" for k, v in sorted(reasons.items())), highlight=False)
    skipped = sum(1 for f in data["files"] if f.get("status") == "already_ingested")
    if skipped:
        out.print(f"{skipped} file(s) skipped: the lake already holds a file with the same content (SHA-256).", highlight=False)


@app.command()
def forecast(
    group: Annotated[Optional[str], typer.Option(help="Group id (see `talentcast groups`).")] = None,
    all_groups: Annotated[bool, typer.Option("--all", help="All groups (the default when --group is not given).")] = False,
    horizon: Annotated[Optional[int], typer.Option(min=1, help="Years ahead (default 5, or [forecast] horizon).")] = None,
    scenario: Annotated[Optional[Path], typer.Option(help="Scenario TOML applied beside the baseline.")] = None,
    edition: Annotated[Optional[int], typer.Option(help="Edition year (default: this year, or [report] edition); the forecast covers the years after it.")] = None,
    workspace: WorkspaceOpt = None,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Forecast industry employment, then demand, supply, gaps and suggestions per major into the lake's marts.

    Example: talentcast forecast --group electronics-it --horizon 5
    """
    from talentcast import workflows

    settings = _settings(workspace, horizon=horizon, scenario=scenario, scheduler=scheduler, workers=workers,
                         edition=edition)
    result = workflows.forecast(settings, groups=_groups_arg(group, all_groups), progress=_progress())
    if json_out:
        _print_json(result.summary)
        return
    for g in result.summary["groups"]:
        out.print(f"[bold]{g['group_id']}[/bold] {g.get('name_zh', '')} (to {g.get('horizon_year', '?')})", highlight=False)
        for label, key in (("shortages", "top_shortages"), ("surpluses", "top_surpluses")):
            items = g.get(key) or []
            if not items:
                out.print(f"  {label}: none")
                continue
            out.print(f"  {label}:")
            for i in items:
                rating = str(i.get("rating", "")).replace("_", " ")
                out.print(f"    {i['major_class']} {i.get('name', '')} ({rating})", highlight=False)
    if settings.scenario is not None:
        out.print(f"Scenario {settings.scenario} is applied beside the baseline (the lists above are the baseline); reports show both.", highlight=False)
    out.print(f"Marts written to {settings.lake_dir}: " + ", ".join(result.summary["marts"]), highlight=False, soft_wrap=True)


@app.command("forecast-series")
def forecast_series(
    input: Annotated[Path, typer.Option("--input", "-i", help="Long table with series_id, period, value (.csv or .parquet).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the forecasts (.csv or .parquet).")],
    horizon: Annotated[int, typer.Option(min=1, help="Periods ahead.")] = 5,
    shift: Annotated[Optional[str], typer.Option("--shift", help="Declared level shift: the first year on the new basis for every series (2013; several: 2013,2015), or a CSV file with columns series_id, year.")] = None,
    shift_column: Annotated[Optional[str], typer.Option("--shift-column", help="Column of the input holding each series' shift year (empty where none).")] = None,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Forecast any long table of yearly series with the same engine `forecast` uses.

    Example: talentcast forecast-series --input series.csv --horizon 6 --output fc.csv --shift 2013

    A declared shift (China's 2013 census revision of urban-unit employment) rescales the
    history before it onto the new basis, so the jump is not read as growth.
    """
    from talentcast import workflows

    from talentcast.executor import Engine

    engine = Engine.from_settings(_settings(None, scheduler=scheduler, workers=workers))
    summary = workflows.forecast_series(input, output, horizon, engine=engine, shift=shift, shift_column=shift_column)
    if json_out:
        _print_json(summary)
        return
    out.print(f"Forecast {summary['series']:,} series × {horizon} periods → {output}")
    if summary.get("models"):
        out.print("Models: " + ", ".join(f"{k} {v}" for k, v in summary["models"].items()))
    for flag, ids in (summary.get("flags") or {}).items():
        shown = ", ".join(ids[:8]) + (f" … (+{len(ids) - 8})" if len(ids) > 8 else "")
        out.print(f"Flag {flag}: {len(ids)} series ({shown})", highlight=False)


@app.command()
def backtest(
    input: Annotated[Optional[Path], typer.Option("--input", "-i", help="Long table series_id, period, value; default: the lake's employment series.")] = None,
    horizon: Annotated[int, typer.Option(min=1, help="Horizon to evaluate.")] = 3,
    shift: Annotated[Optional[str], typer.Option("--shift", help="Declared level shift: the first year on the new basis for every series (2013; several: 2013,2015), or a CSV file with columns series_id, year.")] = None,
    shift_column: Annotated[Optional[str], typer.Option("--shift-column", help="Column of the input holding each series' shift year (empty where none).")] = None,
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Rolling-origin evaluation: MASE, sMAPE and interval coverage by model and horizon, against naive.

    Example: talentcast backtest --input series.csv --horizon 3 --shift 2013
    """
    from talentcast import workflows

    settings = _settings(workspace)
    metrics = workflows.backtest(settings, input, horizon, shift=shift, shift_column=shift_column)
    if json_out:
        _print_json(metrics.to_dict(orient="records"))
        return
    table = Table(title="rolling-origin backtest")
    for col in metrics.columns:
        table.add_column(str(col))
    for row in metrics.itertuples(index=False):
        # NaN (no interval for a single model's coverage) prints as a dash, not "nan".
        table.add_row(*(("–" if v != v else f"{v:.3f}") if isinstance(v, float) else str(v) for v in row))
    out.print(table)
    evaluated = [int(h) for h in metrics["horizon"].astype(str) if h.isdigit()] if "horizon" in metrics else []
    if evaluated and max(evaluated) < horizon:
        out.print(f"Only horizons 1–{max(evaluated)} could be evaluated: the series are too short for {horizon}.", highlight=False)


@app.command()
def report(
    group: Annotated[Optional[str], typer.Option(help="Group id; omit (or --all) for every group and the province.")] = None,
    all_groups: Annotated[bool, typer.Option("--all", help="All 20 groups and the province report.")] = False,
    format: Annotated[Optional[str], typer.Option("--format", help="Comma-separated: html,pdf,md,xlsx.")] = None,
    lang: Annotated[Optional[str], typer.Option(help="zh (default) or en.")] = None,
    year: Annotated[Optional[int], typer.Option(help="First forecast year shown (default: the year after the edition).")] = None,
    edition: Annotated[Optional[int], typer.Option(help="Edition year (default: this year, or [report] edition); the forecast covers the years after it.")] = None,
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Render the annual talent-demand forecast reports from the marts.

    Example: talentcast report --group health --format html,md --lang zh
    """
    from talentcast import workflows

    settings = _settings(workspace, formats=format, lang=lang, edition=edition)
    paths = workflows.report(settings, groups=_groups_arg(group, all_groups), year=year, progress=_progress())
    if json_out:
        _print_json({"reports": [str(p) for p in paths]})
        return
    out.print(f"Wrote {len(paths)} files:")
    for p in paths:
        out.print(f"  {p}")


@app.command()
def refresh(
    workspace: WorkspaceOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing unless there is an error (for cron).")] = False,
    lock_timeout: Annotated[Optional[float], typer.Option(help="Seconds to wait for another run's lock.")] = None,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Ingest new or changed raw data files, forecast and report: the cron entry point.

    Only data files (csv, tsv, txt, xlsx, xls, json, jsonl, ndjson, optionally .gz) under
    data/raw/<kind>/ are ingested; others (README, LICENSE.txt, .md …) are listed as skipped.
    A run that finds another holding the workspace lock says so and waits (--lock-timeout).
    Every run appends a line to logs/talentcast.jsonl, exit 75 included.

    Exit codes: 0 done, 75 another run holds the lock (retry later), 1-7 and 73/74 errors (see README).

    Example: talentcast refresh --workspace /srv/talentcast --quiet
    """
    from talentcast import workflows

    if quiet and not _state["debug"]:
        # --quiet is for cron: no INFO step lines either, only warnings and errors.
        logging.getLogger().setLevel(logging.WARNING)
    settings = _settings(workspace, lock_timeout_s=lock_timeout, scheduler=scheduler, workers=workers)

    def waiting(holder: str) -> None:
        if not quiet:  # under cron (--quiet) the wait is in the run log (waited_s), not mailed
            err.print(f"Another talentcast run holds the lock on {settings.workspace} ({holder}); "
                      f"waiting up to {settings.lock_timeout_s:.0f} s …", highlight=False, soft_wrap=True)

    result = workflows.refresh(settings, progress=_progress(quiet), on_wait=waiting)
    if json_out:
        _print_json(result)
    elif not quiet:
        out.print(f"Ingested {result['files_ingested']} new file(s); {'forecast and reports updated' if result['rebuilt'] else 'nothing new, reports kept'}.")
        for p in result.get("reports", []):
            out.print(f"  {p}")
        if result.get("skipped"):
            shown = ", ".join(result["skipped"][:10]) + (f" … (+{len(result['skipped']) - 10})" if len(result["skipped"]) > 10 else "")
            out.print(f"Skipped {len(result['skipped'])} file(s) under data/raw/ that are not data files: {shown}", highlight=False, soft_wrap=True)


@app.command()
def groups(
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """List the vocational education groups: id, name, lead institution (with evidence), classes covered, members.

    Example: talentcast groups --json
    """
    from talentcast import workflows

    settings = _settings(workspace)
    rows = workflows.list_groups(settings)
    if json_out:
        _print_json(rows)
        return
    table = Table(title="Henan provincial backbone vocational education groups")
    for col in ("id", "name", "lead", "evidence", "classes", "members"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["id"], r["name_zh"], r["lead_institution"] or "unknown", r["lead_evidence"], str(len(r["classes"])), str(len(r["members"])))
    out.print(table)


@app.command()
def status(
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Show the lake: tables and rows, ingested files, quarantined rows by reason, marts and reports.

    Also checks every ingested file's rows against the lake's parts and names each file whose
    rows are missing or unreadable (exit code 7; `talentcast repair` restores them). Reads only:
    works on a read-only workspace.

    Example: talentcast status --workspace ./demo
    """
    from talentcast import workflows

    settings = _settings(workspace)
    info = workflows.status(settings)
    if json_out:
        _print_json(info)
        _status_exit(info)
        return
    out.print(f"Workspace {info['workspace']}" + ("" if info["writable"] else " (read-only)"), highlight=False)
    table = Table(title="lake tables")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, n in info["tables"].items():
        table.add_row(name, "unreadable" if n is None else f"{n:,}")
    out.print(table)
    out.print(f"Files ingested: {info['files_ingested']}")
    if info["quarantine"]:
        # keys are "<table>:<reason>"; one line per table reads better than one long line.
        by_table: dict[str, list[str]] = {}
        for k, v in info["quarantine"].items():
            tbl, _, reason = str(k).partition(":")
            by_table.setdefault(tbl, []).append(f"{reason or tbl} {v:,}")
        out.print("Quarantined rows (see the lake's quarantine table for each row and reason):", highlight=False)
        for tbl, items in by_table.items():
            out.print(f"  {tbl}: " + ", ".join(items), highlight=False)
    if not any(t.startswith("mart_") for t in info["tables"]):
        out.print("No forecast yet: run `talentcast forecast` (or `talentcast refresh`).", highlight=False)
    out.print(f"Reports: {info['reports']} file(s) in {Path(info['workspace']) / 'reports'}", highlight=False)
    if info["pending_commit"]:
        out.print("An interrupted commit is pending: the next command run with write access finishes it.", highlight=False)
    if info["problems"]:
        out.print(f"[red]The lake is damaged[/red] ({len(info['problems'])} problem(s)); `talentcast repair` restores it:")
        for p in info["problems"]:
            what = f"file {p['file']} ({p['table']})" if p["file"] else f"table {p['table']}"
            out.print(f"  {what}: {p['problem']}", highlight=False, soft_wrap=True)
            if p["file"]:
                out.print(f"    re-ingest: {p['action']}", highlight=False, soft_wrap=True)
    _status_exit(info)


def _status_exit(info: dict[str, Any]) -> None:
    if info["problems"]:
        from talentcast.errors import CorruptLakeError

        raise typer.Exit(CorruptLakeError.exit_code)


@app.command()
def repair(
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Restore a damaged lake: re-ingest every file whose rows `status` finds missing or unreadable.

    The damaged file's rows are dropped, then the file is ingested again from its path in the
    manifest (relative to the workspace); a damaged mart is dropped and rebuilt by the next
    `refresh` (or `forecast`). A file whose source is gone is reported (exit code 4).

    Example: talentcast repair --workspace ./demo
    """
    from talentcast import workflows

    settings = _settings(workspace)
    result = workflows.repair(settings, progress=_progress())
    if json_out:
        _print_json(result)
        return
    if not result["problems"]:
        out.print("The lake is whole: every ingested file's rows are in its parts; nothing to repair.")
        return
    for r in result["reingested"]:
        out.print(f"re-ingested {r['file']}: {r['rows_accepted']:,} rows accepted, {r['rows_quarantined']:,} quarantined", highlight=False)
    for p in result["deleted_parts"]:
        out.print(f"deleted unreadable part {p}", highlight=False)
    if result["dropped_tables"]:
        out.print("dropped damaged table(s) " + ", ".join(result["dropped_tables"]) + ": run `talentcast refresh` to rebuild them", highlight=False)


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Where to build the sample workspace.")] = Path("demo"),
    format: Annotated[Optional[str], typer.Option("--format", help="Report formats (default html,md,xlsx).")] = None,
    edition: Annotated[Optional[int], typer.Option(help="Edition year (default: this year, or [report] edition); the forecast covers the years after it.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Build the embedded sample workspace and run ingest → forecast → report on it.

    Real national and Henan statistics, real postings and the real MOE major register; graduates
    and enrollment of made-up sample colleges are synthetic and labelled so everywhere.

    Example: talentcast demo ./demo
    """
    from talentcast import workflows

    result = workflows.demo(directory, formats=format, progress=_progress(), edition=edition)
    if json_out:
        _print_json(result)
        return
    out.print(f"Demo workspace: [bold]{result['workspace']}[/bold] ({result['seconds']:.1f} s)")
    out.print(f"Wrote {len(result['reports'])} report files:")
    for p in result["reports"]:
        out.print(f"  {p}")


@crosswalk_app.command("classify")
def crosswalk_classify(
    input: Annotated[Path, typer.Option("--input", "-i", help="Table with a `title` column (and optional `description`, `education`): csv, xlsx or parquet.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write it with major_class, major_class_2, major_class_3, confidence, major.")],
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Classify postings (or any list of posts) into vocational major classes.

    Example: talentcast crosswalk classify --input posts.xlsx --output posts_classified.csv
    """
    from talentcast import workflows

    settings = _settings(workspace)
    summary = workflows.classify_file(settings, input, output)
    if json_out:
        _print_json(summary)
        return
    out.print(f"Classified {summary['rows']:,} rows → {output} ({summary['classified']:,} confident, {summary['unclassified']:,} unclassified)")


@crosswalk_app.command("evaluate")
def crosswalk_evaluate(
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Evaluate the posting classifier on its held-out check sets (gold postings, sector titles): top-1, top-3, coverage.

    Example: talentcast crosswalk evaluate --json
    """
    from talentcast import workflows

    settings = _settings(workspace)
    metrics = workflows.evaluate_classifier(settings)
    if json_out:
        _print_json(metrics)
        return
    from talentcast.crosswalk.classifier_evaluation import format_evaluation

    out.print(format_evaluation(metrics), highlight=False)


@crosswalk_app.command("show")
def crosswalk_show(
    industry: Annotated[Optional[str], typer.Option(help="GB/T 4754 code, e.g. C38 or 38.")] = None,
    major: Annotated[Optional[str], typer.Option(help="Major class, e.g. 4603.")] = None,
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Show staffing-matrix rows with their evidence (prior, postings, graduates, overrides).

    Example: talentcast crosswalk show --industry C38
    """
    from talentcast import workflows

    settings = _settings(workspace)
    rows = workflows.crosswalk_show(settings, industry=industry, major_class=major)
    if json_out:
        _print_json(rows.to_dict(orient="records"))
        return
    # The full rows (notes, reasoning) are in --json and `crosswalk export`; the table keeps the
    # columns that fit an 80-column terminal or a pipe.
    def _txt(r: Any, code: str, name: str) -> str:
        return f"{getattr(r, code, '')} {getattr(r, name, '') or ''}".strip()

    def _row(r: Any) -> list[str]:
        num = [getattr(r, c, float("nan")) for c in ("share", "prior_share")]
        cnt = [getattr(r, c, float("nan")) for c in ("n_postings", "n_graduates")]
        return [_txt(r, "industry_code", "industry_name"), _txt(r, "major_class", "major_class_name"),
                *("–" if v != v else f"{v:.3f}" for v in num), *("–" if v != v else f"{v:,.0f}" for v in cnt),
                str(getattr(r, "provenance", ""))]

    right = {"justify": "right", "no_wrap": True}
    out.print(_table("staffing matrix S[industry, major class]",
                     ["industry", "major class", ("share", right), ("prior", right), ("postings", right),
                      ("graduates", right), ("provenance", {"no_wrap": True})],
                     [_row(r) for r in rows.itertuples(index=False)]))
    out.print(f"{len(rows)} row(s); reasoning and notes: --json or `talentcast crosswalk export`", highlight=False)


@crosswalk_app.command("export")
def crosswalk_export(
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory for staffing.csv / .xlsx.", metavar="DIR",
                                         file_okay=False)] = Path("crosswalk-export"),
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Export the staffing matrix and vocational shares as CSV and XLSX.

    Example: talentcast crosswalk export --output ./export
    """
    from talentcast import workflows

    settings = _settings(workspace)
    paths = workflows.crosswalk_export(settings, output)
    if json_out:
        _print_json({"files": [str(p) for p in paths]})
        return
    for p in paths:
        out.print(f"wrote {p}")


def _scheme(name: str):
    from talentcast import reference
    from talentcast.errors import ConfigError

    schemes = {"industries": reference.industries, "majors": reference.majors, "occupations": reference.occupations, "regions": reference.regions}
    if name not in schemes:
        raise ConfigError(f"unknown classification {name!r}", hint=f"choose one of {', '.join(schemes)}")
    return schemes[name]()


def _code_row(c) -> dict[str, Any]:
    return {"code": c.code, "level": c.level, "name": c.name, "parent": c.parent}


@reference_app.command("show")
def reference_show(
    scheme: SchemeArg,
    code: Annotated[str, typer.Argument(help="The code, e.g. C38, 4603, 410100.")],
    json_out: JsonOpt = False,
) -> None:
    """Show a code with its parents and children; an unknown code names the closest ones.

    Example: talentcast reference show industries C38
    """
    cls = _scheme(scheme)
    c = cls.validate(code)
    data = {**_code_row(c), "ancestors": [_code_row(a) for a in cls.ancestors(c.code)], "children": [_code_row(k) for k in cls.children(c.code)]}
    if json_out:
        _print_json(data)
        return
    path = " › ".join(f"{a.code} {a.name}" for a in [*reversed(cls.ancestors(c.code)), c])
    out.print(f"[bold]{path}[/bold] ({c.level})")
    for k in cls.children(c.code):
        out.print(f"  {k.code} {k.name}")


@reference_app.command("search")
def reference_search(
    scheme: SchemeArg,
    text: Annotated[str, typer.Argument(help="Name or part of a name, e.g. 汽车 or 护理.")],
    limit: Annotated[int, typer.Option(help="At most this many matches.")] = 10,
    json_out: JsonOpt = False,
) -> None:
    """Search a classification by name (exact, substring, then fuzzy).

    Example: talentcast reference search majors 护理
    """
    hits = [_code_row(c) for c in _scheme(scheme).search(text, limit=limit)]
    if json_out:
        _print_json(hits)
        return
    if not hits:
        out.print(f"No {scheme} match {text!r}; try a shorter or different name.", highlight=False)
    for h in hits:
        out.print(f"{h['code']:<12} {h['level']:<14} {h['name']}")


@app.command("evaluate")
def evaluate(
    vintage: Annotated[str, typer.Option("--vintage", help="Vintage id (or a unique prefix), or latest / previous.")] = "previous",
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Score a past forecast run (a vintage) against the employment figures ingested since.

    Every `talentcast forecast` run is kept in the lake table forecast_vintages.

    Example: talentcast evaluate --vintage previous
    """
    from talentcast import workflows

    scores = workflows.evaluate_vintage(_settings(workspace), vintage)
    if json_out:
        _print_json(scores.to_dict(orient="records"))
        return
    if scores.empty:
        out.print(f"Vintage {vintage}: no actual figure has arrived yet for any forecast year.", highlight=False)
        return
    out.print(_table(f"vintage {scores['vintage'].iloc[0]} against actuals",
                     ["series_id", "period", "forecast", "actual", "error_pct", "naive_error_pct", "inside_80", "inside_95"],
                     [[r.series_id, str(r.period), f"{r.forecast:,.2f}", f"{r.actual:,.2f}", f"{r.error_pct:+.1f}",
                       f"{r.naive_error_pct:+.1f}", str(bool(r.inside_80)), str(bool(r.inside_95))]
                      for r in scores.itertuples(index=False)]))
    mae, nae = scores["error_pct"].abs().mean(), scores["naive_error_pct"].abs().mean()
    out.print(f"Mean absolute error {mae:.2f} % (naive {nae:.2f} %); inside 80 % interval: {scores['inside_80'].mean() * 100:.0f} %", highlight=False)


@review_app.command("export")
def review_export(
    output: Annotated[Path, typer.Option("--output", "-o", help="Workbook to write (.xlsx).")] = Path("review.xlsx"),
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Write every rating and suggestion of every group with its evidence and decision/reason columns.

    Example: talentcast review export --output review.xlsx
    """
    from talentcast import workflows

    res = workflows.review_export(_settings(workspace), output)
    if json_out:
        _print_json(res)
        return
    out.print(f"wrote {res['path']}: {res['rows']} item(s), {res['decided']} already decided. Fill decision "
              "(accept | reject | modify) and reason, then run `talentcast review apply FILE.xlsx`.",
              highlight=False, soft_wrap=True)


@review_app.command("apply")
def review_apply(
    path: Annotated[Path, typer.Argument(metavar="FILE.xlsx", help="The filled review workbook.")],
    workspace: WorkspaceOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Record the decisions of a filled review workbook; a bad row applies nothing.

    Example: talentcast review apply review.xlsx
    """
    from talentcast import workflows

    res = workflows.review_apply(_settings(workspace), path)
    if json_out:
        _print_json(res)
        return
    out.print(f"applied {res['applied']} decision(s) ({res['recorded']} recorded in {res['file']}); suggestions: "
              f"{res['accepted']} accepted, {res['modified']} modified, {res['rejected']} rejected, "
              f"{res['first_pass']} first pass, {res['stale']} stale. Run `talentcast report` to render them.",
              highlight=False, soft_wrap=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, print TalentcastError as `Error: …` and exit non-zero."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        rc = app(args=argv, standalone_mode=False)
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except TalentcastError as exc:
        if debug:
            raise
        from rich.markup import escape

        err.print(f"[red]Error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("Aborted.")
        sys.exit(130)
    except OSError as exc:
        # A full disk or a read-only file system is not a bug: say so, with its own exit code.
        from talentcast.errors import storage_error

        known = storage_error(exc, "writing")
        if known is None or debug:
            if debug:
                raise
            err.print(f"Error: unexpected {type(exc).__name__}: {exc}\n  Run again with --debug for the traceback and report it.", markup=False)
            sys.exit(70)
        err.print(f"Error: {known}", markup=False, soft_wrap=True)
        sys.exit(known.exit_code)
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):  # a click/typer usage error
            show()
            sys.exit(exc.exit_code)
        if debug:
            raise
        err.print(f"Error: unexpected {type(exc).__name__}: {exc}\n  Run again with --debug for the traceback and report it.", markup=False)
        sys.exit(70)


if __name__ == "__main__":
    main()

