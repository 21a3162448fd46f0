"""The marts as the report reads them: one column contract, codes as text, numbers as floats.

A mart that is absent renders as "no data" (an empty frame with its columns). A mart that is
present must carry its core columns: a missing one is a :class:`ReportError` naming the mart
and the column, never padded silently. Optional columns (added by later stages: review
status, flags, province rows) are rendered only when present.

Units (docs/architecture.md): ``mart_employment`` values are 万人; openings, supply and
entrants are persons per year; shares and ratios are fractions.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from talentcast import schema
from talentcast.errors import ReportError

# Columns each mart must carry when it is present (what the report cannot do without).
MART_COLUMNS: dict[str, list[str]] = {
    "mart_employment": ["region_code", "industry_code", "industry_level", "year", "kind", "scenario", "mean",
                        "lo_80", "hi_80", "lo_95", "hi_95", "status"],
    "mart_staffing": ["industry_code", "major_class", "share"],
    "mart_vocational_share": ["industry_code", "v"],
    "mart_demand": ["group_id", "region_code", "major_class", "year", "scenario", "expansion", "replacement",
                    "openings", "openings_lo_80", "openings_hi_80", "openings_lo_95", "openings_hi_95", "status"],
    "mart_indicators": ["major_class", "region_code", "year", "postings", "postings_unique",
                        "salary_cny_month_median", "salary_growth"],
    "mart_supply": ["group_id", "major_class", "major_code", "college_code", "year", "entrants", "status",
                    "college_name"],
    "mart_capacity": ["major_code", "major_class", "year", "n_colleges", "colleges"],
    "mart_gap": ["group_id", "major_class", "year", "scenario", "openings", "supply", "gap_ratio", "rating",
                 "drivers", "flags", "status", "rating_withheld"],
    "mart_suggestions": ["group_id", "major_class", "action", "rule_id", "evidence", "scenario", "year",
                         "rationale_zh", "rationale_en"],
    "mart_shortage_list": ["group_id", "scenario", "rank", "major_class", "year", "rating", "cum_openings",
                           "cum_supply", "cum_gap_ratio", "drivers"],
    "mart_college_eval": ["group_id", "college_code", "college_name", "is_real", "indicator", "value", "rank",
                          "status", "is_member"],
    "mart_flags": ["group_id", "major_class", "flag", "scenario", "message_zh", "message_en"],
    "mart_backtest": ["model", "horizon", "mase", "smape", "coverage_80", "coverage_95", "n"],
    "sources": ["vintage", "licence", "url", "status"],
    # Scenario adjustments with their assumptions (talentcast.forecast.scenario_table.scenarios_table).
    "scenarios": ["scenario", "description", "series", "region_code", "industry_code", "years",
                  "rule", "value", "share_of", "assumption", "source"],
    # The previous edition's forecast against the figures now (talentcast.forecast.vintages.previous_check).
    "mart_previous_forecast": ["vintage", "created_at", "edition", "history_last_year", "region_code", "industry_code",
                               "industry_level", "year", "horizon_years", "forecast", "actual", "actual_status",
                               "naive", "error_pct", "naive_error_pct"],
}
# Columns a mart may carry; read when present, never invented when absent.
OPTIONAL_COLUMNS: dict[str, list[str]] = {
    "mart_employment": ["model"],
    "mart_staffing": ["prior_share", "n_postings", "n_graduates", "provenance"],
    "mart_vocational_share": ["n_postings", "provenance"],
    "mart_indicators": ["intensity", "share_vocational", "postings_growth", "status"],
    "mart_capacity": ["category", "city", "level", "city_code", "n_programmes", "status"],
    "mart_gap": ["cum_openings", "cum_supply", "cum_gap_ratio", "interval_informative", "coverage_limited",
                 "sensitive_to_supply"],
    "mart_suggestions": ["review_status", "review_reason", "conflict_plan", "stale", "major_class_name"],
    "mart_shortage_list": ["major_class_name", "score", "drivers_zh", "flags", "evidence", "review_status",
                           "review_reason", "conflict_plan", "stale"],
    "mart_college_eval": ["note"],
    "mart_flags": ["detail", "scope"],
    "sources": ["name", "name_zh", "name_en", "source_id"],
    "scenarios": ["adjustment"],
}
CODE_COLUMNS = ("group_id", "region_code", "industry_code", "major_class", "major_code", "college_code",
                "category", "city_code")
#: Text columns the report reads as numbers (an entry such as "all" becomes NaN).
READ_AS_NUMBERS: dict[str, tuple[str, ...]] = {"mart_backtest": ("horizon",)}


def normalise_mart(name: str, df: pd.DataFrame | None) -> pd.DataFrame:
    """Return ``df`` with codes as strings, numbers as floats and text as object (None for missing),
    each column read by its type in the mart's spec.

    Raises:
        ReportError: ``df`` is present but lacks a core column of ``name`` (MART_COLUMNS).
    """
    cols = MART_COLUMNS.get(name, [])
    if df is not None and df.attrs.get("talentcast_normalised"):
        return df  # already normalised (render_reports does it once for all reports)
    if df is None:
        out = pd.DataFrame(columns=cols)
    else:
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise ReportError(f"{name} lacks column(s) {', '.join(missing)}",
                              hint="rerun `talentcast forecast` so the marts follow the current contract")
        out = df.copy()
    as_numbers = READ_AS_NUMBERS.get(name, ())
    for col in schema.get(name).columns:  # how to read each column: its type in the spec
        c = col.name
        if c not in out.columns:
            continue
        if c in CODE_COLUMNS:
            out[c] = _codes(out[c])
        elif col.dtype in ("int64", "float64") or c in as_numbers:
            # float64 (NaN for missing), never nullable Int64/Float64 whose NA breaks `if x` tests
            out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
        elif col.dtype == "string":
            out[c] = out[c].astype("object").where(out[c].notna(), None)
    out.attrs["talentcast_normalised"] = True
    return out


def normalise_marts(marts: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Normalise every known mart once (see :func:`normalise_mart`); other entries pass through."""
    return {**dict(marts), **{k: normalise_mart(k, marts.get(k)) for k in MART_COLUMNS}}


def column(df: pd.DataFrame, name: str) -> pd.Series:
    """An optional column, or an all-missing one of the right length (for reading, not writing)."""
    return df[name] if name in df.columns else pd.Series([None] * len(df), index=df.index, dtype=object)


def _codes(col: pd.Series) -> pd.Series:
    """Codes as stripped strings ("4601", not 4601 or "4601.0"); missing stays missing (pd.NA)."""
    out = pd.Series(pd.NA, index=col.index, dtype="object")
    mask = col.notna()
    if mask.any():
        # A mart holds few distinct codes in many rows: clean each distinct value once.
        values = col[mask]
        distinct = pd.Series(pd.unique(values.to_numpy(dtype=object)), dtype=object)
        clean = distinct.astype(str).str.strip().str.replace(r"^(\d+)\.0$", r"\1", regex=True)
        out[mask] = values.map(dict(zip(distinct, clean))).to_numpy(dtype=object)
    return out

