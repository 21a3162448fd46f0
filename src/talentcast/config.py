"""Settings, resolved once: defaults < talentcast.toml < TALENTCAST_* environment < flags.

Every setting has one name (``horizon``), one place in ``talentcast.toml`` (``[forecast]
horizon = 5``) and one environment variable (``TALENTCAST_HORIZON``). Commands resolve
settings once with :func:`load_settings` and pass the frozen :class:`Settings` down.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentcast.errors import ConfigError
from talentcast.workspace import CONFIG_FILE, Workspace  # the workspace module owns its paths


#: The one default of each setting that stage APIs share (the stages import these).
DEFAULT_REGION = "410000"  # 河南省 (GB/T 2260)
DEFAULT_HORIZON = 5


@dataclass(frozen=True)
class Settings:
    """Resolved settings of one run.

    Attributes:
        workspace: Workspace directory (holds talentcast.toml, data/, lake/, models/, reports/).
        region: GB/T 2260 code of the region the reports are about.
        horizon: Forecast horizon in years.
        base_year: Last year treated as history (None: the last year in the data).
        lang: Report language, ``zh`` or ``en``.
        formats: Report formats.
        encoding: Force this text encoding when reading raw files (None: detect).
        column_map: Extra column mappings for postings, target field -> source column or dotted path.
        classifier_threshold: Confidence below which a posting stays unclassified.
        prior_strength: Dirichlet prior strength alpha of the staffing matrix.
        posting_cap: Most that one industry division's postings weigh in the staffing matrix
            and the vocational share, in observations (online ads are not a random sample of
            a division's jobs; see ``crosswalk.staffing.staffing_matrix``).
        intake_per_programme: Yearly intake of one registered programme (students) for every
            major class the packaged intake table does not name (None: the table's ``*`` row).
        intake_totals: Provincial new-entrant totals ``{cohort year: persons}`` (e.g. the 专科
            招生数 of Henan's education statistics bulletin); they calibrate the intake level
            of each cohort year so that the register's programmes add up to the total.
        scenario: Scenario file applied beside the baseline (None: baseline only).
        scheduler: Dask scheduler address (None: local engine).
        workers: Local worker processes (1: in-process).
        lock_timeout_s: How long `refresh` waits for another run's lock.
        posts_min_postings: Fewest region postings naming an occupation for its median pay and
            share in mart_posts (demand by post); below it the post shows "too few postings".
        edition: Year that names the report edition (None: the current calendar year); the
            forecast covers the ``horizon`` years after it, whatever the year of the newest data.
    """

    workspace: Path = Path(".")
    region: str = DEFAULT_REGION
    horizon: int = DEFAULT_HORIZON
    base_year: int | None = None
    lang: str = "zh"
    formats: tuple[str, ...] = ("html", "md", "xlsx")
    encoding: str | None = None
    column_map: Mapping[str, str] = field(default_factory=dict)
    classifier_threshold: float | None = None
    prior_strength: float = 50.0
    posting_cap: float = 50.0
    intake_per_programme: int | None = None
    intake_totals: Mapping[int, float] = field(default_factory=dict)
    scenario: Path | None = None
    scheduler: str | None = None
    workers: int = 1
    lock_timeout_s: float = 600.0
    posts_min_postings: int = 5
    edition: int | None = None

    @property
    def lake_dir(self) -> Path:
        return Workspace(self.workspace).lake_dir

    @property
    def raw_dir(self) -> Path:
        return Workspace(self.workspace).raw_dir

    @property
    def models_dir(self) -> Path:
        return Workspace(self.workspace).models_dir

    @property
    def reports_dir(self) -> Path:
        return Workspace(self.workspace).reports_dir

    @property
    def edition_year(self) -> int:
        """The edition year: ``edition``, else the current calendar year (UTC)."""
        import datetime as _dt  # noqa: PLC0415 - the one place the calendar decides a default

        return int(self.edition) if self.edition is not None else _dt.datetime.now(_dt.timezone.utc).year

    def forecast_steps(self, last_data_year: int) -> int:
        """Years to forecast after ``last_data_year`` so that the ``horizon`` years after the edition are covered."""
        return max(int(self.horizon), self.edition_year + int(self.horizon) - int(last_data_year))


# setting name -> (toml section, toml key)
_TOML_PLACES: dict[str, tuple[str, str]] = {
    "region": ("workspace", "region"),
    "horizon": ("forecast", "horizon"),
    "base_year": ("forecast", "base_year"),
    "scenario": ("forecast", "scenario"),
    "lang": ("report", "lang"),
    "formats": ("report", "formats"),
    "encoding": ("ingest", "encoding"),
    "column_map": ("ingest", "map"),
    "classifier_threshold": ("crosswalk", "threshold"),
    "prior_strength": ("crosswalk", "prior_strength"),
    "posting_cap": ("crosswalk", "posting_cap"),
    "intake_per_programme": ("supply", "intake_per_programme"),
    "intake_totals": ("supply", "intake_totals"),
    "scheduler": ("engine", "scheduler"),
    "workers": ("engine", "workers"),
    "lock_timeout_s": ("refresh", "lock_timeout_s"),
    "posts_min_postings": ("crosswalk", "posts_min_postings"),
    "edition": ("report", "edition"),
}
_LANGS = ("zh", "en")
_FORMATS = ("html", "md", "xlsx", "pdf")


def _coerce(name: str, value: Any, origin: str) -> Any:
    """Convert a raw value (TOML, env string, flag) to the setting's type, or raise ConfigError."""
    try:
        if value is None:
            return None
        if name in ("horizon", "workers", "intake_per_programme", "base_year", "posts_min_postings", "edition"):
            try:
                out = int(value)
            except (TypeError, ValueError):
                raise ValueError("must be a whole number") from None
            if name == "edition" and not 2000 <= out <= 2100:
                raise ValueError("must be a year between 2000 and 2100")
            if name not in ("base_year", "edition") and out < 1:
                raise ValueError("must be at least 1")
            return out
        if name in ("classifier_threshold", "prior_strength", "posting_cap", "lock_timeout_s"):
            try:
                out = float(value)
            except (TypeError, ValueError):
                raise ValueError("must be a number") from None
            if out < 0:
                raise ValueError("must not be negative")
            if name == "classifier_threshold" and out > 1:
                raise ValueError("must be between 0 and 1")
            return out
        if name == "formats":
            items = value.split(",") if isinstance(value, str) else list(value)
            out = tuple(s.strip().lower() for s in items if s.strip())
            bad = [f for f in out if f not in _FORMATS]
            if bad or not out:
                raise ValueError(f"unknown format(s) {bad}; choose from {', '.join(_FORMATS)}")
            return out
        if name == "lang":
            if value not in _LANGS:
                raise ValueError(f"choose one of {', '.join(_LANGS)}")
            return value
        if name == "intake_totals":
            pairs = parse_mappings(value.replace(",", ";").split(";")) if isinstance(value, str) else value
            if not isinstance(pairs, Mapping):
                raise ValueError("must be a table of year = persons, e.g. { 2022 = 380000 }")
            out = {}
            for year, persons in pairs.items():
                try:
                    y, n = int(year), float(persons)
                except (TypeError, ValueError):
                    raise ValueError(f"{year} = {persons!r}: need a year and a number of persons") from None
                if not 2000 <= y <= 2100 or not n > 0:
                    raise ValueError(f"{year} = {persons!r}: need a year 2000–2100 and a positive total")
                out[y] = n
            return out
        if name == "column_map":
            if isinstance(value, str):
                return parse_mappings(value.split(";"))
            if not isinstance(value, Mapping):
                raise ValueError("must be a table of field = column")
            return {str(k): str(v) for k, v in value.items()}
        if name in ("workspace", "scenario"):
            return Path(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        if origin == "flags":  # name the flag the user typed, not the internal setting
            flag = {"formats": "--format", "lock_timeout_s": "--lock-timeout", "column_map": "--map"}.get(name, "--" + name.replace("_", "-"))
            raise ConfigError(f"{flag} {value!r} is not valid ({exc})") from None
        raise ConfigError(f"setting {name!r} from {origin}: {value!r} is not valid ({exc})") from None


def parse_mappings(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Parse ``field=column`` pairs (``--map title=岗位名称``) into a dict.

    Raises:
        ConfigError: an item has no ``=`` or an empty side.
    """
    out: dict[str, str] = {}
    for item in items:
        if not item.strip():
            continue
        key, sep, col = item.partition("=")
        if not sep or not key.strip() or not col.strip():
            raise ConfigError(f"mapping {item!r} is not FIELD=COLUMN", hint="write e.g. --map title=岗位名称")
        out[key.strip()] = col.strip()
    return out


def read_config_file(path: Path) -> dict[str, Any]:
    """Read talentcast.toml into {setting name: raw value}; unknown keys are errors."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})", hint="fix the line named above") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    known = {place: name for name, place in _TOML_PLACES.items()}
    out: dict[str, Any] = {}
    problems = []
    for section, table in doc.items():
        if not isinstance(table, dict):
            problems.append(f"top-level key {section!r} must be inside a [section]")
            continue
        for key, value in table.items():
            name = known.get((section, key))
            if name is None:
                problems.append(f"unknown setting [{section}] {key}")
            else:
                out[name] = value
    if problems:
        valid = ", ".join(f"[{s}] {k}" for s, k in _TOML_PLACES.values())
        raise ConfigError(f"{path}: " + "; ".join(problems), hint=f"valid settings: {valid}")
    return out


def env_settings(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Collect TALENTCAST_<NAME> variables for known settings."""
    environ = os.environ if environ is None else environ
    out = {}
    for name in _TOML_PLACES:
        var = f"TALENTCAST_{name.upper()}"
        if var in environ and environ[var] != "":
            out[name] = environ[var]
    return out


def load_settings(
    workspace: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings once: defaults < talentcast.toml < TALENTCAST_* env < flags.

    Args:
        workspace: Workspace directory from a flag; None falls back to TALENTCAST_WORKSPACE,
            then the current directory.
        overrides: Values from command-line flags; None values mean "not given".
        environ: Environment to read (defaults to os.environ); tests pass their own.

    Returns:
        The frozen settings.
    """
    environ = os.environ if environ is None else environ
    ws = Path(workspace or environ.get("TALENTCAST_WORKSPACE") or ".").expanduser()
    values: dict[str, Any] = {}
    config_path = ws / CONFIG_FILE
    if config_path.is_file():
        for name, raw in read_config_file(config_path).items():
            values[name] = _coerce(name, raw, f"{config_path}")
    # A relative scenario path in talentcast.toml is relative to the workspace; one given on
    # the command line or in the environment is relative to the current directory, as a
    # user typing `--scenario my.toml` next to the file expects.
    if values.get("scenario") is not None and not Path(values["scenario"]).is_absolute():
        values["scenario"] = ws / values["scenario"]
    for name, raw in env_settings(environ).items():
        values[name] = _coerce(name, raw, f"environment TALENTCAST_{name.upper()}")
    for name, raw in (overrides or {}).items():
        if raw is None:
            continue
        if name not in _TOML_PLACES:
            raise ConfigError(f"unknown setting {name!r}")
        if name == "column_map":
            merged = dict(values.get("column_map", {}))
            merged.update(_coerce(name, raw, "flags"))
            values[name] = merged
        else:
            values[name] = _coerce(name, raw, "flags")
    return dataclasses.replace(Settings(), workspace=ws, **values)


DEFAULT_CONFIG_TOML = """\
# talentcast workspace settings. Precedence: defaults < this file < TALENTCAST_* env < flags.
[workspace]
region = "410000"          # GB/T 2260 code of the region reported on (410000 = 河南省)

[forecast]
horizon = 5                # years ahead
# base_year = 2021         # last year of history (default: last year in the data)
# scenario = "scenarios/henan_plan_2025.toml"

[report]
lang = "zh"                # zh | en
formats = ["html", "md", "xlsx"]   # add "pdf" (needs chromium)

[ingest]
# encoding = "gb18030"     # force an encoding instead of detecting it
[ingest.map]
# title = "岗位名称"        # map a field to a column (dotted paths for nested JSON)

[crosswalk]
prior_strength = 50.0      # Dirichlet prior strength of the staffing matrix
posting_cap = 50.0         # most that one division's postings weigh there (ads are not a random sample of its jobs)
# threshold = 0.5          # classifier confidence threshold
posts_min_postings = 5     # fewest postings naming a post for its median pay and share (demand by post)

[supply]
# intake_per_programme = 45  # students per registered programme and year for the classes the packaged
                             # intake table does not name (default: the table's "*" row, 45)
# intake_totals = { 2022 = 380000 }  # provincial 专科 new entrants by year (education statistics
                             # bulletin): calibrates the intake level of those cohorts

[engine]
workers = 1
# scheduler = "tcp://127.0.0.1:8786"   # run on a Dask cluster

[refresh]
lock_timeout_s = 600
"""
