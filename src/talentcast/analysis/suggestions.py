"""Step 8a: suggestions from the rule book, and the shortage list (紧缺人才目录).

Each major class of a group is judged on its headline row (the last forecast year of the
horizon, cumulative figures). Rules are tried in priority order: the first matching
*exclusive* rule gives the class its main action (establish / expand / maintain /
reduce_or_merge); matching non-exclusive rules add advice. Every output row names its
``rule_id`` and carries the evidence numbers (JSON) that its conditions and rationale cite.
"""

from __future__ import annotations

import json
import math
import string
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from talentcast.analysis.gap import DRIVER_ZH
from talentcast.analysis.settings import RATING_ZH, Rule, RuleBook
from talentcast.errors import ConfigError

SUGGESTION_COLUMNS = ["group_id", "scenario", "major_class", "major_class_name", "year", "action", "rule_id",
                      "priority", "rating", "rationale_zh", "rationale_en", "evidence"]
SHORTAGE_COLUMNS = ["group_id", "scenario", "rank", "major_class", "major_class_name", "year", "rating", "score",
                    "cum_openings", "cum_supply", "cum_gap", "cum_gap_ratio", "drivers", "drivers_zh", "flags", "evidence"]
EVIDENCE_FIELDS = ["rating", "score", "cum_openings", "cum_supply", "cum_gap_ratio", "cum_expansion",
                   "expansion_share", "group_members", "group_programmes", "province_programmes", "in_province_rate",
                   "counterpart_rate", "employment_rate", "postings_growth_vs_avg", "salary_growth_vs_avg", "drivers"]


class _SafeFormatter(string.Formatter):
    """str.format that prints missing numbers as "—" instead of "nan%"."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return "—"
        return super().format_field(value, format_spec)


_FMT = _SafeFormatter()


def _num(v: Any) -> Any:
    if isinstance(v, (np.floating, np.integer)):
        v = v.item()
    return v


def condition_holds(row: dict[str, Any], cond: tuple[str, str, Any], book: RuleBook) -> bool:
    """Evaluate one ``(field, operator, value)`` condition; a missing value never matches.

    Raises:
        ConfigError: the field is not in the evidence row (names the rule book).
    """
    fld, op, raw = cond
    if fld not in row:
        raise ConfigError(f"rule book {book.source}: condition field {fld!r} is unknown",
                          hint=f"known fields: {sorted(row)}")
    v = _num(row[fld])
    target = [book.resolve(x) for x in raw] if isinstance(raw, list) else book.resolve(raw)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return False
    if op == "in":
        return v in target
    if op == "not_in":
        return v not in target
    if op == "==":
        return v == target
    if op == "!=":
        return v != target
    try:
        return {"<": v < target, "<=": v <= target, ">": v > target, ">=": v >= target}[op]
    except TypeError:
        raise ConfigError(f"rule book {book.source}: cannot compare {fld}={v!r} {op} {target!r}") from None


def rule_matches(rule: Rule, row: dict[str, Any], book: RuleBook) -> bool:
    """All conditions of ``rule`` hold for ``row``."""
    return all(condition_holds(row, c, book) for c in rule.when)


def render(template: str, row: dict[str, Any], book: RuleBook) -> str:
    """Fill a rationale template from the evidence row and the thresholds (``{drivers.x}``).

    Raises:
        ConfigError: the template names an unknown field.
    """
    ctx = dict(row)
    for section, values in book.thresholds.items():
        ctx.setdefault(section, SimpleNamespace(**values))
    ctx["drivers"] = row.get("drivers", "") or "—"
    ctx.setdefault("drivers_zh", "—")
    # Thresholds of [drivers] must stay reachable as {drivers.key} next to the drivers string.
    ns = SimpleNamespace(**book.thresholds["drivers"])
    try:
        text = _FMT.vformat(template, (), _TemplateContext(ctx, ns))
    except (KeyError, AttributeError, ValueError) as exc:
        raise ConfigError(f"rule book {book.source}: template {template[:40]!r}… cannot be filled: {exc}") from None
    return text


class _TemplateContext(dict):
    """Template namespace in which ``{drivers}`` is the driver list and ``{drivers.x}`` the threshold."""

    def __init__(self, ctx: dict[str, Any], driver_thresholds: SimpleNamespace) -> None:
        super().__init__(ctx)
        self._dt = driver_thresholds

    def __getitem__(self, key: str) -> Any:
        if key == "drivers":
            return _DriverValue(dict.__getitem__(self, "drivers"), self._dt)
        return dict.__getitem__(self, key)


class _DriverValue(str):
    def __new__(cls, text: str, thresholds: SimpleNamespace) -> _DriverValue:
        obj = super().__new__(cls, text)
        obj._t = thresholds
        return obj

    def __getattr__(self, name: str) -> Any:
        return getattr(self._t, name)


def headline_rows(gap: pd.DataFrame) -> pd.DataFrame:
    """The last forecast year per (group, scenario, class): the cumulative horizon figures."""
    if gap.empty:
        return gap
    return gap.sort_values("year").groupby(["group_id", "scenario", "major_class"]).tail(1).reset_index(drop=True)


def evidence_row(h: pd.Series, class_names: dict[str, str], group_programmes: dict[str, int],
                 province_programmes: dict[str, float], group_members: int = 0) -> dict[str, Any]:
    """Fields that rules can test and templates can cite for one headline row."""
    drivers = [x for x in str(h.get("drivers", "") or "").split(";") if x]
    cum_o = float(h["cum_openings"])
    return {
        "group_id": h["group_id"], "scenario": h["scenario"], "year": int(h["year"]), "horizon": int(h["horizon"]),
        "major_class": h["major_class"], "major_class_name": class_names.get(h["major_class"], ""),
        "major_label": f"{h['major_class']} {class_names.get(h['major_class'], '')}".strip(),
        "rating": h["rating"], "rating_zh": RATING_ZH.get(h["rating"], h["rating"]), "score": float(h["score"]),
        "cum_openings": cum_o, "cum_supply": float(h["cum_supply"]), "cum_gap": float(h["cum_gap"]),
        "cum_gap_ratio": float(h["cum_gap_ratio"]), "cum_expansion": float(h["cum_expansion"]),
        "expansion_share": float(h["cum_expansion"]) / cum_o if cum_o > 0 else 0.0,
        "group_programmes": float(group_programmes.get(h["major_class"], 0)), "group_members": int(group_members),
        # A class the register lists nowhere has 0 programmes (unknown only without a register).
        "province_programmes": float(province_programmes.get(h["major_class"], 0.0 if province_programmes else np.nan)),
        "in_province_rate": float(h["in_province_rate"]), "counterpart_rate": float(h["counterpart_rate"]),
        "employment_rate": float(h["employment_rate"]),
        "postings_growth_vs_avg": float(h["postings_growth_vs_avg"]), "salary_growth_vs_avg": float(h["salary_growth_vs_avg"]),
        "flags": str(h.get("flags", "") or ""), "drivers": ";".join(drivers), "drivers_zh": "、".join(DRIVER_ZH.get(x, x) for x in drivers) or "—",
        "has_training_gap": "training" in drivers, "has_retention_gap": "retention" in drivers,
        "has_suitability_gap": "suitability" in drivers,
    }


def _evidence_json(row: dict[str, Any], rule: Rule | None) -> str:
    keys = list(EVIDENCE_FIELDS)
    if rule is not None:
        keys += [c[0] for c in rule.when if c[0] not in keys]
    out = {}
    for k in keys:
        v = _num(row.get(k))
        if isinstance(v, float):
            v = None if not math.isfinite(v) else round(v, 4)
        out[k] = v
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def apply_rules(evidence: list[dict[str, Any]], book: RuleBook) -> pd.DataFrame:
    """Run the rule book over evidence rows (one per group × scenario × class).

    Returns:
        Rows with SUGGESTION_COLUMNS; a class that no exclusive rule matches gets none
        (documented: the rule book is meant to end with a catch-all).
    """
    out = []
    for row in evidence:
        main_done = False
        for rule in book.rules:
            if rule.exclusive and main_done:
                continue
            if not rule_matches(rule, row, book):
                continue
            main_done = main_done or rule.exclusive
            out.append({
                "group_id": row["group_id"], "scenario": row["scenario"], "major_class": row["major_class"],
                "major_class_name": row["major_class_name"], "year": row["year"], "action": rule.action,
                "rule_id": rule.id, "priority": rule.priority, "rating": row["rating"],
                "rationale_zh": render(rule.rationale_zh, row, book), "rationale_en": render(rule.rationale_en, row, book),
                "evidence": _evidence_json(row, rule),
            })
    return pd.DataFrame(out, columns=SUGGESTION_COLUMNS)


def shortage_list(evidence: list[dict[str, Any]]) -> pd.DataFrame:
    """The 紧缺人才目录: shortage-rated classes ranked by score, then by absolute gap."""
    rows = [e for e in evidence if e["rating"] in ("strong_shortage", "moderate_shortage")]
    if not rows:
        return pd.DataFrame(columns=SHORTAGE_COLUMNS)
    df = pd.DataFrame([{**{k: e.get(k, "") for k in SHORTAGE_COLUMNS if k != "rank"}, "evidence": _evidence_json(e, None)}
                       for e in rows])
    df = df.sort_values(["group_id", "scenario", "score", "cum_gap"], ascending=[True, True, False, False])
    df["rank"] = df.groupby(["group_id", "scenario"]).cumcount() + 1
    return df[SHORTAGE_COLUMNS].reset_index(drop=True)
