"""Expert review of ratings and suggestions (COPS publishes its calls only after expert review).

The tool's calls are a first pass. ``talentcast review export`` writes every rating and every
suggestion of every group (baseline scenario) with its evidence and empty ``decision`` /
``reason`` columns; reviewers fill them in; ``talentcast review apply`` checks the whole file
and records the decisions in the workspace (``review/decisions.csv``). Each decision is keyed
by group, major class and rule (``RATING`` for a rating) and keeps the evidence it was taken
on, so that it survives ``forecast`` and ``refresh`` and is marked ``stale`` when that evidence
moves materially (``[review]`` of rules.toml).

Pure: DataFrames in, DataFrames out; the workflow reads and writes the files.
"""

from __future__ import annotations

import math

import pandas as pd

from talentcast.analysis.settings import RuleBook
from talentcast.errors import ValidationError

RATING_RULE = "RATING"
DECISIONS = {"accept": "accepted", "reject": "rejected", "modify": "modified"}
REVIEW_STATUSES = ("first_pass", *DECISIONS.values())
# The words of the issue (reports: "初筛 / 专家确认 / 专家修改 / 专家否决").
REVIEW_STATUS_ZH = {"first_pass": "初筛", "accepted": "专家确认", "modified": "专家修改", "rejected": "专家否决"}
REVIEW_STATUS_EN = {"first_pass": "first pass", "accepted": "confirmed by experts", "modified": "modified by experts",
                    "rejected": "rejected by experts"}
KEY = ["group_id", "major_class", "rule_id"]
# The evidence a decision was taken on (cumulative persons over the horizon, rating, action).
SNAPSHOT = ["rating", "action", "cum_openings", "cum_supply", "cum_gap"]
DECISION_COLUMNS = [*KEY, "decision", "reason", *SNAPSHOT]
SHEET_COLUMNS = ["group_id", "kind", "major_class", "major_class_name", "rule_id", "action", "rating",
                 "cum_openings", "cum_supply", "cum_gap", "cum_gap_ratio", "openings_per_year", "gap_per_year",
                 "conflict_plan", "rationale_zh", "evidence", "review_status", "stale", "decision", "reason"]
SHEET_NOTE = [
    "每行是一项评级（kind=rating，rule_id=RATING）或一条建议（kind=suggestion）。请在 decision 列填写 accept / reject / modify，"
    "在 reason 列写明理由（reject 与 modify 必填）；不填 decision 的行不作处理。其他列请勿修改。",
    "Each row is a rating (kind=rating, rule_id=RATING) or a suggestion (kind=suggestion). Fill decision with accept, "
    "reject or modify and give the reason (required for reject and modify); rows without a decision are left as they "
    "are. Do not edit the other columns. Apply with: talentcast review apply FILE.xlsx",
]


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() in ("", "nan", "None")


def review_items(marts: dict[str, pd.DataFrame], scenario: str = "baseline") -> pd.DataFrame:
    """Every reviewable item: the headline rating of each group × class and each suggestion.

    Returns:
        SHEET_COLUMNS without decision/reason, one row per (group, class, rule), ratings first.
    """
    from talentcast.analysis.suggestions import headline_rows

    gap = marts.get("mart_gap", pd.DataFrame())
    sugg = marts.get("mart_suggestions", pd.DataFrame())
    gap = gap[gap["scenario"] == scenario] if len(gap) else gap
    sugg = sugg[sugg["scenario"] == scenario] if len(sugg) else sugg
    head = headline_rows(gap) if len(gap) else pd.DataFrame(columns=["group_id", "major_class", "rating", "horizon",
                                                                     "cum_openings", "cum_supply", "cum_gap", "cum_gap_ratio"])
    nums = head[["group_id", "major_class", "rating", "horizon", "cum_openings", "cum_supply", "cum_gap", "cum_gap_ratio"]].copy()
    years = pd.to_numeric(nums["horizon"], errors="coerce").clip(lower=1)
    nums["openings_per_year"] = nums["cum_openings"] / years
    nums["gap_per_year"] = nums["cum_gap"] / years
    nums = nums.drop(columns="horizon")
    names = dict(zip(zip(sugg.get("group_id", []), sugg.get("major_class", [])), sugg.get("major_class_name", [])))
    ratings = nums.assign(kind="rating", rule_id=RATING_RULE, action="", conflict_plan="", rationale_zh="", evidence="",
                          major_class_name=[names.get(k, "") for k in zip(nums["group_id"], nums["major_class"])])
    s = sugg.drop(columns=[c for c in ("rating",) if c in sugg.columns]).merge(nums, on=["group_id", "major_class"], how="left")
    s = s.assign(kind="suggestion")
    items = pd.concat([ratings, s], ignore_index=True)
    items = items.drop_duplicates(KEY)
    for c in ("review_status", "stale"):
        if c not in items.columns:
            items[c] = "first_pass" if c == "review_status" else False
    items["review_status"] = items["review_status"].fillna("first_pass")
    items["stale"] = items["stale"].astype(object).where(items["stale"].notna(), False).astype(bool)
    cols = [c for c in SHEET_COLUMNS if c not in ("decision", "reason")]
    for c in cols:
        if c not in items.columns:
            items[c] = ""
    order = {"rating": 0, "suggestion": 1}
    items = items.sort_values(["group_id", "major_class", "kind"], key=lambda col: col.map(order) if col.name == "kind" else col)
    return items[cols].reset_index(drop=True)


def export_sheet(marts: dict[str, pd.DataFrame], decisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The review sheet: every item with its evidence, prefilled with decisions already recorded."""
    items = review_items(marts)
    dec = decisions if decisions is not None and len(decisions) else pd.DataFrame(columns=DECISION_COLUMNS)
    got = items.merge(dec[[*KEY, "decision", "reason"]], on=KEY, how="left")
    got["decision"] = got["decision"].fillna("")
    got["reason"] = got["reason"].fillna("")
    return got[SHEET_COLUMNS]


def parse_sheet(sheet: pd.DataFrame, items: pd.DataFrame, source: str = "review file") -> pd.DataFrame:
    """Check a filled review sheet against the current items; return the decisions it records.

    Rows without a decision are skipped. The evidence snapshot is the one in the sheet: the
    numbers the reviewer saw.

    Args:
        sheet: The sheet as read (header row 1, so data row i is spreadsheet row i + 2).
        items: :func:`review_items` of the current marts.
        source: File name for messages.

    Returns:
        DECISION_COLUMNS, one row per decided item.

    Raises:
        ValidationError: a missing column, or any row naming an unknown group, class or rule,
            an unknown decision, a reject/modify without a reason, or an unreadable number;
            every bad row is listed and nothing is returned.
    """
    need = [*KEY, "decision", "reason"]
    missing = [c for c in need if c not in sheet.columns]
    if missing:
        raise ValidationError(f"{source}: the review sheet lacks column(s) {missing}",
                              hint="export a fresh sheet with `talentcast review export --output FILE.xlsx`")
    groups = set(items["group_id"].astype(str))
    classes = set(zip(items["group_id"].astype(str), items["major_class"].astype(str)))
    keys = set(zip(items["group_id"].astype(str), items["major_class"].astype(str), items["rule_id"].astype(str)))
    current = items.set_index(KEY)
    failures: list[str] = []
    out = []
    seen: dict[tuple, int] = {}
    for i, r in enumerate(sheet.to_dict("records")):
        row = i + 2
        if _blank(r.get("decision")):
            continue
        g, c, rule = (str(r.get(k, "")).strip() for k in KEY)
        if c.endswith(".0"):  # a class code Excel turned into a number
            c = c[:-2]
        decision = str(r["decision"]).strip().lower()
        reason = "" if _blank(r.get("reason")) else str(r["reason"]).strip()
        where = f"{source} row {row} ({g} {c} {rule})"
        if g not in groups:
            failures.append(f"{where}: unknown group {g!r}")
            continue
        if (g, c) not in classes:
            failures.append(f"{where}: class {c!r} is not assessed for group {g!r}")
            continue
        if (g, c, rule) not in keys:
            failures.append(f"{where}: no rating or suggestion with rule {rule!r} for this class")
            continue
        if decision not in DECISIONS:
            failures.append(f"{where}: decision {r['decision']!r} is not one of accept, reject, modify")
            continue
        if decision in ("reject", "modify") and not reason:
            failures.append(f"{where}: a {decision} needs a reason")
            continue
        if (g, c, rule) in seen:
            failures.append(f"{where}: the same item is decided again (first at row {seen[(g, c, rule)]})")
            continue
        seen[(g, c, rule)] = row
        snap = {}
        cur = current.loc[(g, c, rule)]
        for k in SNAPSHOT:
            v = r.get(k, cur[k])
            if k in ("rating", "action"):
                snap[k] = "" if _blank(v) else str(v)
                continue
            try:
                snap[k] = float(v) if not _blank(v) else float("nan")
            except (TypeError, ValueError):
                failures.append(f"{where}: {k} {v!r} is not a number (leave the exported evidence as it was)")
                break
        else:
            out.append({"group_id": g, "major_class": c, "rule_id": rule, "decision": decision, "reason": reason, **snap})
    if failures:
        raise ValidationError(f"{source}: {len(failures)} bad row(s); no decision was applied", failures,
                              hint="fix the rows named above (groups, classes and rules as exported; decision "
                              "accept | reject | modify; a reason for reject and modify) and apply again")
    return pd.DataFrame(out, columns=DECISION_COLUMNS)


def merge_decisions(old: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """Recorded decisions with the new ones in place of older ones for the same item."""
    if old is None or old.empty:
        return new[DECISION_COLUMNS].reset_index(drop=True)
    keep = old.set_index(KEY).index.isin(new.set_index(KEY).index)
    return pd.concat([old[~keep], new], ignore_index=True)[DECISION_COLUMNS]


def material_change(snapshot: dict, current: dict, book: RuleBook) -> bool:
    """The evidence behind a decision moved materially: another rating or action, or openings,
    supply or gap moved by ≥ ``review.stale_relative_change`` of the reviewed value and by ≥
    ``review.stale_min_persons`` persons."""
    for k in ("rating", "action"):
        if str(snapshot.get(k) or "") != str(current.get(k) or ""):
            return True
    rel, floor = book.t("review", "stale_relative_change"), book.t("review", "stale_min_persons")
    for k in ("cum_openings", "cum_supply", "cum_gap"):
        a, b = snapshot.get(k), current.get(k)
        a = float("nan") if _blank(a) else float(a)
        b = float("nan") if _blank(b) else float(b)
        if math.isnan(a) != math.isnan(b):
            return True
        if math.isnan(a):
            continue
        if abs(b - a) >= floor and abs(b - a) >= rel * abs(a):
            return True
    return False


def overlay(marts: dict[str, pd.DataFrame], decisions: pd.DataFrame | None, book: RuleBook) -> dict[str, pd.DataFrame]:
    """Lay recorded decisions over mart_suggestions and mart_shortage_list.

    Sets ``review_status`` (first_pass | accepted | modified | rejected), ``review_reason``
    and ``stale`` on every scenario's row of the decided (group, class, rule); a shortage-list
    row takes the decision on its class's rating (rule ``RATING``). Rows without a decision
    are reset to first_pass, so a decision that no longer matches an item leaves no trace.

    Returns:
        A new dict with the two marts replaced (other marts untouched).
    """
    out = dict(marts)
    dec = decisions if decisions is not None and len(decisions) else pd.DataFrame(columns=DECISION_COLUMNS)
    by_key = {(r["group_id"], str(r["major_class"]), r["rule_id"]): r for r in dec.to_dict("records")}
    gap = marts.get("mart_gap")
    from talentcast.analysis.suggestions import headline_rows

    head = headline_rows(gap) if gap is not None and len(gap) else pd.DataFrame()
    figures = {} if head.empty else {
        (r["group_id"], r["scenario"], str(r["major_class"])): r
        for r in head[["group_id", "scenario", "major_class", "rating", "cum_openings", "cum_supply", "cum_gap"]].to_dict("records")}
    for name, rule_of in (("mart_suggestions", lambda r: r["rule_id"]), ("mart_shortage_list", lambda r: RATING_RULE)):
        df = marts.get(name)
        if df is None:
            continue
        status, reason, stale = [], [], []
        for r in df.to_dict("records"):
            d = by_key.get((r["group_id"], str(r["major_class"]), rule_of(r)))
            if d is None:
                status.append("first_pass")
                reason.append("")
                stale.append(False)
                continue
            cur = dict(figures.get((r["group_id"], r["scenario"], str(r["major_class"])), {}))
            cur.setdefault("rating", r.get("rating"))
            for k in ("cum_openings", "cum_supply", "cum_gap"):
                cur.setdefault(k, r.get(k))
            cur["action"] = r.get("action", "") if name == "mart_suggestions" else ""
            status.append(DECISIONS[d["decision"]])
            reason.append(d["reason"])
            stale.append(material_change(d, cur, book))
        out[name] = df.assign(review_status=pd.Series(status, index=df.index, dtype=object),
                              review_reason=pd.Series(reason, index=df.index, dtype=object),
                              stale=pd.Series(stale, index=df.index, dtype=bool))
    return out


def review_summary(marts: dict[str, pd.DataFrame], scenario: str = "baseline") -> dict[str, int]:
    """Counts of suggestion statuses (baseline), and of stale decisions, for the CLI and reports."""
    s = marts.get("mart_suggestions", pd.DataFrame())
    s = s[s["scenario"] == scenario] if len(s) else s
    counts = {k: int((s["review_status"] == k).sum()) if len(s) else 0 for k in REVIEW_STATUSES}
    counts["stale"] = int(s["stale"].astype(bool).sum()) if len(s) else 0
    return counts
