"""Step 8a: suggestions from the rule book, and the shortage list (紧缺人才目录).

Each major class of a group is judged on its headline row (the last forecast year of the
horizon, cumulative figures). Rules are tried in priority order: the first matching
*exclusive* rule gives the class its main action (establish / expand / maintain /
reduce_or_merge); matching non-exclusive rules add advice. Every output row names its
``rule_id`` and carries the evidence numbers (JSON) that its conditions and rationale cite.

Calls need evidence (``[suggestions]`` of rules.toml): establishing needs growing employment
and enough openings; a cut or merge needs falling demand, a real surplus and no thin-evidence
flag; the shortage list ranks by the absolute gap a year above a floor of openings. A main
call against a plan priority (:mod:`talentcast.analysis.plan`) is kept and marked as a
conflict for expert review. Every row starts as a first pass (``review_status`` =
``first_pass``); recorded expert decisions are laid over it by :mod:`talentcast.analysis.review`.
"""

from __future__ import annotations

import json
import math
import string
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from talentcast import schema
from talentcast.analysis.gap import DRIVER_ZH, WITHHELD_REASONS
from talentcast.analysis.settings import RATING_ZH, Rule, RuleBook
from talentcast.errors import ConfigError

REVIEW_COLUMNS = ["review_status", "review_reason", "stale"]
SUGGESTION_COLUMNS = schema.column_names("mart_suggestions")
SHORTAGE_COLUMNS = schema.column_names("mart_shortage_list")
EVIDENCE_FIELDS = ["rating", "score", "cum_openings", "cum_supply", "cum_gap", "cum_gap_ratio", "cum_expansion",
                   "openings_per_year", "gap_per_year", "expansion_share", "group_members", "group_programmes",
                   "province_programmes", "in_province_rate", "counterpart_rate", "employment_rate",
                   "postings_growth_vs_avg", "salary_growth_vs_avg", "drivers", "flags"]
SHORTAGE_RATINGS = ("strong_shortage", "moderate_shortage")
# Caution flags on a headline cell that make its numbers too thin for a cut or merger: demand
# counting only part of the class's employment (coverage_limited), a rating that flips with the
# supply assumption (sensitive_to_supply), a small employment base (Cedefop's 10,000) or an 80 %
# band wider than the point (wide_interval). capacity_estimate is not among them: nearly every
# supply figure rests on programmes × intake, and that is said on every page.
THIN_EVIDENCE_FLAGS = {
    "coverage_limited": ("需求口径只覆盖该专业类部分就业", "demand covers only part of the class's employment"),
    "sensitive_to_supply": ("评级随供给假设而变", "the rating changes with the supply assumption"),
    "sensitive_to_exit_rate": ("评级随更替率假设而变", "the rating changes with the exit-rate assumption"),
    "small_employment": ("对应就业规模小", "small employment base"),
    "wide_interval": ("需求预测区间过宽", "wide forecast interval"),
}
# The evidence an expansion needs (the mirror of a cut's): a rating that holds when the assumed
# intake per programme is halved or doubled, and an employment base above Cedefop's 10,000. A
# coverage-limited class is not thin for an expansion: its demand is a lower bound, so a shortage
# found on it stands. A wide interval is not either: nearly every class's yearly band is wide,
# and the cumulative gap that rates the class is far tighter than one year's band.
THIN_EXPANSION_FLAGS = ("sensitive_to_supply", "sensitive_to_exit_rate", "small_employment")
# Main actions that take a plan-priority class forward; any other main call on a priority class
# the group does not offer "skips" it, and a reduce_or_merge cuts it: both are conflicts.
FORWARD_ACTIONS = ("establish", "expand", "review_membership")


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


def _missing_text(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or str(v) in ("", "<NA>", "nan")


def _truthy(v: Any) -> bool:
    """A flag column value as bool (missing and NaN are False)."""
    v = _num(v)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return False
    if isinstance(v, str):
        return v.strip().lower() in ("1", "true", "yes")
    return bool(v)


def _no_cut_reasons(flags: list[str], expansion_per_year: float, surplus_per_year: float,
                    book: RuleBook) -> tuple[str, str]:
    """Why the evidence does not carry a cut or merger, in Chinese and English."""
    zh, en = [], []
    if not expansion_per_year < book.t("suggestions", "max_expansion_per_year_cut"):
        zh.append(f"需求未在下降（扩张需求每年{expansion_per_year:+,.0f}人）")
        en.append(f"demand is not falling (expansion {expansion_per_year:+,.0f} a year)")
    if not surplus_per_year >= book.t("suggestions", "min_surplus_per_year_cut"):
        zh.append(f"供给超出需求每年仅{surplus_per_year:,.0f}人")
        en.append(f"supply exceeds openings by only {surplus_per_year:,.0f} a year")
    return _joined(zh, en, flags, THIN_EVIDENCE_FLAGS)


def _no_expand_reasons(flags: list[str], openings_per_year: float, book: RuleBook) -> tuple[str, str]:
    """Why the evidence does not carry an expansion, in Chinese and English ("—" when it does)."""
    zh, en = [], []
    floor = book.t("suggestions", "min_openings_per_year_expand")
    if not openings_per_year >= floor:
        zh.append(f"每年岗位需求约{openings_per_year:,.0f}人，不足{floor:,.0f}人")
        en.append(f"about {openings_per_year:,.0f} openings a year, under {floor:,.0f}")
    return _joined(zh, en, flags, THIN_EXPANSION_FLAGS)


def _joined(zh: list[str], en: list[str], flags: list[str], thin: Any) -> tuple[str, str]:
    """The reasons, then each of ``flags`` that is among ``thin``, joined ("—" when none)."""
    for f in flags:
        if f in thin:
            zh.append(THIN_EVIDENCE_FLAGS[f][0])
            en.append(THIN_EVIDENCE_FLAGS[f][1])
    return ("；".join(zh) or "—"), ("; ".join(en) or "—")


def evidence_row(h: pd.Series, class_names: dict[str, str], group_programmes: dict[str, int],
                 province_programmes: dict[str, float], group_members: int = 0, book: RuleBook | None = None,
                 plan: dict[str, list[dict[str, str]]] | None = None) -> dict[str, Any]:
    """Fields that rules can test and templates can cite for one headline row.

    Args:
        h: A headline row of mart_gap; its optional boolean columns ``coverage_limited`` and
            ``sensitive_to_supply`` (or the same codes in ``flags``) count as thin evidence.
        book: The rule book (for the no-cut reasons); the packaged one when None.
        plan: Major class → plan priorities naming it (:func:`talentcast.analysis.plan.priorities_by_class`).
    """
    from talentcast.analysis.plan import plan_reference
    from talentcast.analysis.settings import load_rules

    book = book or load_rules()
    drivers = [x for x in str(h.get("drivers", "") or "").split(";") if x]
    flags = [x for x in str(h.get("flags", "") or "").split(";") if x]
    for col in ("coverage_limited", "sensitive_to_supply", "sensitive_to_exit_rate"):
        if _truthy(h.get(col)) and col not in flags:
            flags.append(col)
    cum_o = float(h["cum_openings"])
    years = max(int(h["cum_years"]), 1)  # the years the cum_* figures add up
    per = lambda col: float(h[col]) / years  # noqa: E731 - cumulative figure → persons a year
    thin = [f for f in flags if f in THIN_EVIDENCE_FLAGS]
    no_cut_zh, no_cut_en = _no_cut_reasons(flags, per("cum_expansion"), -per("cum_gap"), book)
    no_expand_zh, no_expand_en = _no_expand_reasons(flags, cum_o / years, book)
    drivers_zh = "、".join(DRIVER_ZH.get(x, x) for x in drivers)
    withheld = "" if _missing_text(h.get("rating_withheld")) else str(h.get("rating_withheld"))
    priorities = (plan or {}).get(str(h["major_class"]), [])
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
        "flags": ";".join(flags), "drivers": ";".join(drivers), "drivers_zh": drivers_zh or "—",
        # A rationale names the drivers only when there are any ("成因：—" says nothing).
        "drivers_clause_zh": f"；成因：{drivers_zh}" if drivers else "",
        "drivers_clause_en": f"; drivers: {', '.join(drivers)}" if drivers else "",
        # Supply without a current programme: the last students of programmes no longer offered.
        "closing_supply_zh": (f"（预测期{float(h['cum_supply']):,.0f}人的供给来自已不再开设的专业此前招收的学生）"
                              if float(h["cum_supply"]) > 0 else "，无供给"),
        "closing_supply_en": (f" (the {float(h['cum_supply']):,.0f} supplied over the horizon are the last students "
                              "of programmes no longer offered)" if float(h["cum_supply"]) > 0 else ", so no supply"),
        "has_training_gap": "training" in drivers, "has_retention_gap": "retention" in drivers,
        "has_suitability_gap": "suitability" in drivers,
        "openings_per_year": cum_o / years, "supply_per_year": per("cum_supply"), "gap_per_year": per("cum_gap"),
        "surplus_per_year": -per("cum_gap"), "expansion_per_year": per("cum_expansion"),
        "coverage_limited": "coverage_limited" in flags, "sensitive_to_supply": "sensitive_to_supply" in flags,
        "thin_evidence": bool(thin), "no_cut_reason_zh": no_cut_zh, "no_cut_reason_en": no_cut_en,
        "rating_withheld": withheld,
        "withheld_reason_zh": WITHHELD_REASONS.get(withheld, ("—", "—"))[0],
        "withheld_reason_en": WITHHELD_REASONS.get(withheld, ("—", "—"))[1],
        "thin_for_expansion": no_expand_zh != "—", "no_expand_reason_zh": no_expand_zh,
        "no_expand_reason_en": no_expand_en,
        "plan_priority": ";".join(p["priority_id"] for p in priorities), "plan_reference": plan_reference(priorities),
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


def plan_conflict(row: dict[str, Any], rule: Rule) -> bool:
    """A main call runs against a plan priority: it cuts a priority class, or leaves a priority
    class the group does not offer without a call to establish it (it "skips" it)."""
    if not rule.exclusive or not row.get("plan_priority"):
        return False
    if rule.action == "reduce_or_merge":
        return True
    return rule.action not in FORWARD_ACTIONS and not float(row.get("group_programmes") or 0) > 0


def apply_rules(evidence: list[dict[str, Any]], book: RuleBook) -> pd.DataFrame:
    """Run the rule book over evidence rows (one per group × scenario × class).

    A main call that conflicts with a plan priority (:func:`plan_conflict`) is issued with the
    quoted plan in ``conflict_plan`` and "conflicts with <plan>: for expert review" after its
    rationale, never dropped or silently issued.

    Returns:
        Rows with SUGGESTION_COLUMNS, each a first pass (``review_status`` = first_pass); a
        class that no exclusive rule matches gets none (documented: the rule book is meant to
        end with a catch-all).
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
            zh, en = render(rule.rationale_zh, row, book), render(rule.rationale_en, row, book)
            conflict = row.get("plan_reference", "") if plan_conflict(row, rule) else ""
            if conflict:
                zh += f"【与{conflict}相冲突：待专家评审】"
                # The plan is Chinese and quoted as published: one quotation in the English text.
                en += f" [conflicts with the plan “{conflict.replace('“', ' ').replace('”', '')}”: for expert review]"
            out.append({
                "group_id": row["group_id"], "scenario": row["scenario"], "major_class": row["major_class"],
                "major_class_name": row["major_class_name"], "year": row["year"], "action": rule.action,
                "rule_id": rule.id, "priority": rule.priority, "rating": row["rating"],
                "rationale_zh": zh, "rationale_en": en, "evidence": _evidence_json(row, rule),
                "plan_priority": row.get("plan_priority", ""), "conflict_plan": conflict,
                "review_status": "first_pass", "review_reason": "", "stale": False,
            })
    return pd.DataFrame(out, columns=SUGGESTION_COLUMNS)


def shortage_list(evidence: list[dict[str, Any]], book: RuleBook | None = None,
                  suggestions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The 紧缺人才目录: shortage-rated classes with enough openings, ranked by the absolute gap.

    A class enters with a shortage rating, a positive gap and at least
    ``suggestions.min_openings_per_year_list`` openings a year; within each group and scenario
    the rank follows the gap in persons a year (the ratio stays beside it). ``headline`` marks
    the first ``suggestions.headline_count`` with at least ``min_openings_per_year_headline``
    openings a year: the shortages a report names on its first page. ``conflict_plan`` repeats
    the plan conflict of the class's main suggestion, if any; ``typical_posts`` is filled later
    from mart_posts where that mart exists (:func:`attach_typical_posts`).
    """
    from talentcast.analysis.settings import load_rules

    book = book or load_rules()
    floor = book.t("suggestions", "min_openings_per_year_list")
    rows = [e for e in evidence if e["rating"] in SHORTAGE_RATINGS and e["cum_gap"] > 0 and e["openings_per_year"] >= floor]
    if not rows:
        return pd.DataFrame(columns=SHORTAGE_COLUMNS)
    df = pd.DataFrame([{**{k: e.get(k, "") for k in SHORTAGE_COLUMNS if k != "rank"}, "evidence": _evidence_json(e, None)}
                       for e in rows])
    df = df.sort_values(["group_id", "scenario", "gap_per_year", "cum_gap_ratio"], ascending=[True, True, False, False])
    df["rank"] = df.groupby(["group_id", "scenario"]).cumcount() + 1
    df["headline"] = (df["rank"] <= int(book.t("suggestions", "headline_count"))) & (
        df["openings_per_year"] >= book.t("suggestions", "min_openings_per_year_headline"))
    conflicts: dict[tuple, str] = {}
    if suggestions is not None and len(suggestions):
        hit = suggestions[suggestions["conflict_plan"].astype(str) != ""]
        conflicts = {(r.group_id, r.scenario, r.major_class): r.conflict_plan for r in hit.itertuples()}
    df["conflict_plan"] = [conflicts.get(k, "") for k in zip(df["group_id"], df["scenario"], df["major_class"])]
    df = df.assign(typical_posts="", review_status="first_pass", review_reason="", stale=False)
    return df[SHORTAGE_COLUMNS].reset_index(drop=True)


def attach_typical_posts(shortage: pd.DataFrame, posts: pd.DataFrame | None, top_n: int = 3) -> pd.DataFrame:
    """Fill ``typical_posts`` ("code name；…", the first ``top_n`` occupations of the class) from
    mart_posts where it exists (issue 17 item 4, built elsewhere); otherwise leave it empty.

    mart_posts needs ``major_class``, ``occupation_code`` and ``occupation_name``; its order
    comes from ``rank`` (ascending) or ``n_postings`` (descending) when present; a ``group_id``
    column scopes the posts to the group.
    """
    need = {"major_class", "occupation_code", "occupation_name"}
    if posts is None or posts.empty or shortage.empty or not need <= set(posts.columns):
        return shortage
    p = posts.copy()
    if "rank" in p.columns:
        p = p.sort_values("rank")
    elif "n_postings" in p.columns:
        p = p.sort_values("n_postings", ascending=False)
    keys = ["group_id", "major_class"] if "group_id" in p.columns else ["major_class"]
    p = p.drop_duplicates(keys + ["occupation_code"])
    text = p.groupby(keys, sort=False).apply(
        lambda d: "；".join(f"{c} {n}" for c, n in zip(d["occupation_code"].head(top_n), d["occupation_name"].head(top_n))),
        include_groups=False).to_dict()
    get = (lambda r: text.get((r.group_id, r.major_class), "")) if len(keys) == 2 else (lambda r: text.get(r.major_class, ""))
    return shortage.assign(typical_posts=[get(r) for r in shortage.itertuples()])
