"""Settings of the analysis stage: numeric knobs, exit rates and the rule book.

Defaults live in two packaged files so that analysts can read and change them without code:
``data/analysis/exit_rates.csv`` (ρ per GB/T 4754 section, all documented assumptions) and
``data/analysis/rules.toml`` (rating, driver and flag thresholds; suggestion rules).
"""

from __future__ import annotations

import copy
import csv
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from talentcast.config import DEFAULT_HORIZON, DEFAULT_REGION
from talentcast.errors import ConfigError
from talentcast.resources import resource_path

RATINGS = ("strong_shortage", "moderate_shortage", "balance", "moderate_surplus", "strong_surplus", "unrated")
RATING_ZH = {
    # The same words as the reports' labels (report/messages/zh.toml [rating]).
    "strong_shortage": "紧缺",
    "moderate_shortage": "较紧缺",
    "balance": "基本平衡",
    "moderate_surplus": "略过剩",
    "strong_surplus": "过剩",
    "unrated": "未评级",
}
RATING_SCORE_SIGN = {"strong_shortage": 2, "moderate_shortage": 1, "balance": 0, "moderate_surplus": -1, "strong_surplus": -2}
OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in")
_THRESHOLD_SECTIONS = ("projected", "recent", "rating", "drivers", "flags", "capacity", "suggestions", "review")


def default_rules_path() -> Path:
    """Return the packaged rule book ``data/analysis/rules.toml``."""
    return resource_path("data") / "analysis" / "rules.toml"


def default_exit_rates_path() -> Path:
    """Return the packaged exit-rate table ``data/analysis/exit_rates.csv``."""
    return resource_path("data") / "analysis" / "exit_rates.csv"


@dataclass(frozen=True)
class Rule:
    """One suggestion rule from the rule book.

    Attributes:
        id: Stable identifier cited by every suggestion the rule produces.
        action: expand | maintain | reduce_or_merge | establish | advisory actions.
        priority: Lower runs first; among exclusive rules only the first match applies.
        exclusive: Whether the rule competes for the one main action of a major class.
        when: Conditions ``(field, operator, value)``; all must hold. A string value
            ``"section.key"`` naming a threshold section is resolved to that threshold.
        rationale_zh: Chinese template (``str.format`` over the evidence row).
        rationale_en: English template.
    """

    id: str
    action: str
    priority: int
    exclusive: bool
    when: tuple[tuple[str, str, Any], ...]
    rationale_zh: str
    rationale_en: str


@dataclass(frozen=True)
class RuleBook:
    """Thresholds (by section) and the ordered suggestion rules."""

    thresholds: Mapping[str, Mapping[str, float]]
    rules: tuple[Rule, ...]
    source: str

    def t(self, section: str, key: str) -> float:
        """Return threshold ``section.key`` or raise ConfigError naming the rule book."""
        try:
            return float(self.thresholds[section][key])
        except KeyError:
            raise ConfigError(
                f"rule book {self.source} has no threshold [{section}] {key}",
                hint="copy the missing key from the packaged data/analysis/rules.toml",
            ) from None

    def resolve(self, value: Any) -> Any:
        """Resolve a ``"section.key"`` threshold reference; leave other values alone."""
        if isinstance(value, str) and "." in value:
            section, _, key = value.partition(".")
            if section in self.thresholds:
                return self.t(section, key)
        return value


def load_rules(path: Path | str | None = None, overrides: Mapping[str, Any] | None = None) -> RuleBook:
    """Load and validate a rule book.

    Args:
        path: TOML file; the packaged default when None.
        overrides: ``{"section.key": value}`` replacing single thresholds.

    Returns:
        The validated :class:`RuleBook`.

    Raises:
        ConfigError: unreadable TOML, a missing section, a rule without id/action, an unknown
            operator, duplicate rule ids or an override naming an unknown threshold.
    """
    p = Path(path) if path is not None else default_rules_path()
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"rule book {p} not found", hint="pass an existing rules.toml or omit rules_path") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"rule book {p} is not valid TOML: {exc}", hint="fix the line named above") from None
    thresholds: dict[str, dict[str, float]] = {}
    for section in _THRESHOLD_SECTIONS:
        if section not in raw or not isinstance(raw[section], dict):
            raise ConfigError(f"rule book {p} lacks the [{section}] table", hint="copy it from the packaged rules.toml")
        thresholds[section] = {}
        for k, v in raw[section].items():
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                raise ConfigError(f"rule book {p}: [{section}] {k} = {v!r} is not a number")
            thresholds[section][k] = float(v)
    for key, value in (overrides or {}).items():
        section, _, name = key.partition(".")
        if section not in thresholds or name not in thresholds[section]:
            raise ConfigError(
                f"rule override {key!r} names no threshold in {p}",
                hint=f"use 'section.key' with section in {_THRESHOLD_SECTIONS} and an existing key",
            )
        thresholds[section][name] = float(value)
    rules: list[Rule] = []
    seen: set[str] = set()
    for n, r in enumerate(raw.get("rule", []), start=1):
        rid = r.get("id")
        if not rid or not r.get("action"):
            raise ConfigError(f"rule book {p}: rule #{n} needs an id and an action")
        if rid in seen:
            raise ConfigError(f"rule book {p}: duplicate rule id {rid!r}")
        seen.add(rid)
        conds = []
        for c in r.get("when", []):
            if not (isinstance(c, list) and len(c) == 3 and c[1] in OPERATORS):
                raise ConfigError(
                    f"rule book {p}: rule {rid} condition {c!r} must be [field, operator, value]",
                    hint=f"operators: {', '.join(OPERATORS)}",
                )
            conds.append((str(c[0]), str(c[1]), c[2]))
        rules.append(
            Rule(
                id=str(rid),
                action=str(r["action"]),
                priority=int(r.get("priority", 100)),
                exclusive=bool(r.get("exclusive", True)),
                when=tuple(conds),
                rationale_zh=str(r.get("rationale_zh", "")),
                rationale_en=str(r.get("rationale_en", "")),
            )
        )
    rules.sort(key=lambda x: (x.priority, x.id))
    book = RuleBook(thresholds=thresholds, rules=tuple(rules), source=str(p))
    _check_ordered(book)
    return book


def _check_ordered(book: RuleBook) -> None:
    """Thresholds of a five-way rating must be ordered, or ratings would overlap."""
    for section in ("projected", "rating"):
        t = book.thresholds[section]
        order = [t["strong_shortage"], t["moderate_shortage"], t["moderate_surplus"], t["strong_surplus"]]
        if not all(a > b for a, b in zip(order, order[1:])):
            raise ConfigError(
                f"rule book {book.source}: [{section}] thresholds must satisfy "
                "strong_shortage > moderate_shortage > moderate_surplus > strong_surplus",
                hint=f"got {order}",
            )


def load_exit_rates(path: Path | str | None = None) -> dict[str, float]:
    """Read exit rates ρ (share of workers leaving per year) keyed by industry code.

    Args:
        path: CSV with columns ``industry_code, rho`` (section letters or 2-digit divisions).

    Raises:
        ConfigError: file missing, a rate outside [0, 0.5), or a duplicate code.
    """
    p = Path(path) if path is not None else default_exit_rates_path()
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"exit-rate table {p} not found", hint="pass an existing CSV or omit exit_rates_path") from None
    out: dict[str, float] = {}
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        code = (row.get("industry_code") or "").strip()
        try:
            rho = float(row.get("rho", ""))
        except ValueError:
            raise ConfigError(f"{p} line {line}: rho {row.get('rho')!r} is not a number") from None
        if not code or not 0.0 <= rho < 0.5:
            raise ConfigError(f"{p} line {line}: need an industry code and 0 ≤ rho < 0.5 (got {code!r}, {rho})")
        if code in out:
            raise ConfigError(f"{p} line {line}: duplicate industry code {code!r}")
        out[code] = rho
    return out


#: Forecast years the analysis computes at most: enough for an edition a decade or more after
#: the newest official figures (Henan's by industry end in 2017).
MAX_HORIZON = 30


@dataclass(frozen=True)
class AnalysisSettings:
    """Every knob of the analysis stage, with documented defaults (docs/method-analysis.md).

    Attributes:
        horizon: Forecast years computed after the newest employment figure (1–MAX_HORIZON).
        first_year: First year of the planning window (the year after the report edition): the
            cumulative figures (``cum_*``) and the ratings built on them add up the years from
            it; years before it (between the newest figure and the edition) add up from the
            first forecast year. None: the window starts at the first forecast year.
        n_draws: Monte-Carlo draws for demand intervals.
        seed: Seed of the draws (results are reproducible).
        industry_shock_correlation: Correlation of forecast errors across industries in one
            region (one-factor model; 0 = independent, 1 = one common shock). None (default):
            implied by the region's own total forecast (the sections together are as uncertain
            as the total), 0.5 where the region has no total forecast.
        employment_unit_persons: Persons per employment unit (万人 → 10,000).
        demand_regions: Regions whose demand is computed; None = ``region`` and every region
            whose code shares its first two digits (the province and its cities).
        indicator_fallback_region: Region whose posting indicators stand in where ``region``
            has too few postings (e.g. national ``100000``; flagged where used). None
            (default): never — pay and postings elsewhere (big-city IT pay) say little about
            the region's market, so a region's indicators come only from its own postings.
        exit_rates_path: ρ table; packaged default when None.
        exit_rates: Overrides of ρ by industry code (section or division).
        default_exit_rate: ρ for an industry missing from the table.
        rules_path: Rule book; packaged default when None.
        rule_overrides: ``{"section.key": value}`` threshold overrides.
        scenarios: Scenarios to compute; all present when None.
        region: Region whose demand is compared with member-college supply (GB/T 2260;
            the province, because supply is province-wide).
        default_completion / default_further_study / default_in_province /
        default_employment / default_counterpart: Rates used when no graduate data exist
            (assumptions, flagged).
        rate_prior_strength: Pseudo-graduates with which a college-major rate is shrunk to its
            class rate, and a class rate to the overall rate.
        intake_per_programme: Students per programme and year where only the register is known,
            for every class the intake table does not name; None = the table's ``*`` row (45).
        intake_per_programme_path: Intake table (major_class, intake_per_programme, source);
            packaged ``data/analysis/intake_per_programme.csv`` when None.
        intake_totals: Provincial new-entrant totals ``{cohort year: persons}`` (e.g. 专科
            招生 of the education statistics bulletin); they calibrate the intake level.
        split_levels: Compare 高职 openings with supply (the 高职 share of each class's
            vocational jobs from the region's postings; 中职 openings reported beside).
        coverage_sections_path: Sections urban-unit statistics cover poorly (classes working
            mostly there are ``coverage_limited``); packaged table when None.
        supply_sensitivity: Factors on estimated intake for the sensitivity of ratings
            (a rating that changes under either is marked ``sensitive_to_supply``).
        exit_rate_sensitivity: Factors on the exit rates behind replacement demand (×0.8 / ×1.2
            is about ±0.5 of a point on the packaged 2.2–3.5 %); a rating that changes under
            either is marked ``sensitive_to_exit_rate``.
            (an assumption, rows labelled estimated).
        use_capacity_estimates: Fill member colleges without enrollment from programmes ×
            intake (labelled estimated).
        supply_when_no_members: ``"field"`` (default): the real colleges registered for the
            group's field count as supply beside any members, matching the province-wide
            demand (flagged); ``"register"``: only a group without a member list takes the real
            colleges registered for its field as its supply base (flagged); ``"none"``: its
            supply is 0 and the rule book asks for the member list.
        eval_base_year: Register year against which "programmes opened since" is counted.
        top_n_summary: Shortages and surpluses listed per group in the summary.
        plan_priorities_path: A workspace table of plan priorities that adds to or replaces
            rows of the packaged ``data/analysis/plan_priorities.csv`` (None: packaged only).
    """

    horizon: int = DEFAULT_HORIZON
    first_year: int | None = None
    n_draws: int = 2000
    seed: int = 20240601
    industry_shock_correlation: float | None = None
    employment_unit_persons: float = 10_000.0
    exit_rates_path: str | None = None
    exit_rates: Mapping[str, float] = field(default_factory=dict)
    default_exit_rate: float = 0.028
    rules_path: str | None = None
    rule_overrides: Mapping[str, float] = field(default_factory=dict)
    scenarios: tuple[str, ...] | None = None
    region: str = DEFAULT_REGION
    demand_regions: tuple[str, ...] | None = None
    indicator_fallback_region: str | None = None
    default_completion: float = 0.92
    default_further_study: float = 0.15
    default_in_province: float = 0.75
    default_employment: float = 0.90
    default_counterpart: float = 0.65
    rate_prior_strength: float = 20.0
    intake_per_programme: float | None = None
    intake_per_programme_path: str | None = None
    intake_totals: Mapping[int, float] = field(default_factory=dict)
    supply_sensitivity: tuple[float, float] = (0.5, 2.0)
    exit_rate_sensitivity: tuple[float, float] = (0.8, 1.2)
    split_levels: bool = True
    coverage_sections_path: str | None = None
    use_capacity_estimates: bool = True
    supply_when_no_members: str = "field"
    eval_base_year: int = 2021
    top_n_summary: int = 5
    plan_priorities_path: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= int(self.horizon) <= MAX_HORIZON:
            raise ConfigError(f"analysis horizon {self.horizon} must be between 1 and {MAX_HORIZON} years",
                              hint="the horizon runs from the newest employment figure to the edition's last year")
        if int(self.n_draws) < 100:
            raise ConfigError(f"analysis n_draws {self.n_draws} is too few for 95 % intervals", hint="use ≥ 100 (default 1000)")
        if self.industry_shock_correlation is not None and not 0.0 <= self.industry_shock_correlation <= 1.0:
            raise ConfigError(f"industry_shock_correlation {self.industry_shock_correlation} must be in [0, 1]")
        if self.supply_when_no_members not in ("field", "register", "none"):
            raise ConfigError(f"supply_when_no_members {self.supply_when_no_members!r} must be 'field', 'register' or 'none'")
        for name in ("default_completion", "default_further_study", "default_in_province", "default_employment", "default_counterpart"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise ConfigError(f"analysis setting {name} = {v} must be a rate in [0, 1]")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> AnalysisSettings:
        """Build settings from a plain dict (e.g. the ``[analysis]`` table of talentcast.toml).

        Raises:
            ConfigError: a key that is not a setting.
        """
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"unknown analysis setting(s) {unknown}", hint=f"known: {sorted(known)}")
        for key in ("scenarios", "demand_regions"):
            if key in values and values[key] is not None:
                values[key] = tuple(str(x) for x in values[key])
        return cls(**values)

    @property
    def province_code(self) -> str:
        """Alias of :attr:`region`."""
        return self.region

    def with_(self, **changes: Any) -> AnalysisSettings:
        """Return a copy with some settings changed."""
        return replace(self, **changes)

    def rule_book(self) -> RuleBook:
        """Load the rule book these settings name, with their overrides."""
        return load_rules(self.rules_path, self.rule_overrides)

    def plan_priorities(self):
        """The plan priorities (packaged, with the workspace table's rows) as a DataFrame."""
        from talentcast.analysis.plan import load_plan_priorities

        return load_plan_priorities(self.plan_priorities_path)

    def exit_rate_table(self) -> dict[str, float]:
        """ρ by industry code: the CSV, then the overrides."""
        table = load_exit_rates(self.exit_rates_path)
        for code, rho in self.exit_rates.items():
            if not 0.0 <= float(rho) < 0.5:
                raise ConfigError(f"exit-rate override {code}={rho} must be in [0, 0.5)")
            table[str(code)] = float(rho)
        return copy.copy(table)
