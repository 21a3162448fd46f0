"""Scenarios: planning targets that adjust forecast trajectories, beside the baseline.

A scenario file is TOML::

    name = "henan_plan_2025"                 # becomes the value of the `scenario` column
    description = "Henan's 2025 industrial targets read as employment paths"

    [[adjustment]]
    series = "410000:C"                      # a series_id, a glob ("410000:*") or a list
    # prefix = "410000:"                     # ... or every series starting with this
    years = [2023, 2024, 2025]               # or: start = 2023, end = 2025
    growth = 0.02                            # annual growth rate (0.02 = 2 % a year), or
    # target = 1234.5                        # the value reached in the last year, or
    # share = 0.31                           # a share of another series' path:
    # share_of = "410000:TOTAL"
    assumption = "Why these numbers follow from the plan (mandatory, written out)."
    # assumption_zh = "同一假设的中文表述（可选；中文报告优先引用）"
    source = "data/sample/plans/henan_industry_targets_2025.csv, row 8"

Semantics (documented, not guessed):

- The path starts from an *anchor*: the baseline mean of the year before the first
  adjusted year if that year is forecast, else the last history value when
  ``history_df`` is given, else the baseline mean of the first adjusted year itself
  (then that year keeps its baseline value and the adjustment bites from the next).
- ``growth``: anchor · (1 + g)^k for the k-th year after the anchor.
- ``target``: geometric path from the anchor to the target in the last year.
- ``share``: share · the other series' path (its scenario path if an earlier adjustment
  moved it, else its baseline); the share is phased in linearly from the anchor year's
  share to the target share in the last adjusted year.
- After the last adjusted year the series keeps its scenario/baseline ratio; before the
  first adjusted year it is the baseline.
- Interval bounds are scaled by the same ratio (relative width kept); with a zero
  baseline they are shifted instead.

Series ids in the lake look like "410000:C" (region code : GB/T 4754 industry code).
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputFileError, ValidationError


@dataclass(frozen=True)
class Adjustment:
    """One adjustment of a scenario (see module docstring for the fields)."""

    series: tuple[str, ...]
    prefix: str | None
    years: tuple[int, ...]
    kind: str  # growth | target | share
    value: float
    share_of: str | None
    assumption: str
    source: str = ""
    assumption_zh: str = ""

    def matches(self, sid: str) -> bool:
        if self.prefix is not None and sid.startswith(self.prefix):
            return True
        return any(fnmatch.fnmatchcase(sid, pat) for pat in self.series)


@dataclass(frozen=True)
class Scenario:
    """A named list of adjustments, applied in file order."""

    name: str
    description: str = ""
    adjustments: tuple[Adjustment, ...] = field(default_factory=tuple)


def parse_scenario(data: dict, *, where: str = "scenario") -> Scenario:
    """Build a :class:`Scenario` from a parsed TOML mapping, listing every problem."""
    fails: list[str] = []
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or name == "baseline":
        fails.append("`name` must be a non-empty string other than 'baseline'")
    adjs = data.get("adjustment", [])
    if not isinstance(adjs, list) or not adjs:
        fails.append("at least one [[adjustment]] table is required")
        adjs = []
    out: list[Adjustment] = []
    for k, a in enumerate(adjs, start=1):
        tag = f"adjustment {k}"
        series = a.get("series", [])
        series = (series,) if isinstance(series, str) else tuple(map(str, series))
        prefix = a.get("prefix")
        if not series and not prefix:
            fails.append(f"{tag}: give `series` (id, glob or list) or `prefix`")
        if "years" in a:
            years = tuple(int(y) for y in a["years"])
        elif "start" in a and "end" in a:
            years = tuple(range(int(a["start"]), int(a["end"]) + 1))
        else:
            years = ()
            fails.append(f"{tag}: give `years = [...]` or `start` and `end`")
        if years and sorted(years) != list(range(min(years), max(years) + 1)):
            fails.append(f"{tag}: years must be consecutive, got {list(years)}")
        kinds = [x for x in ("growth", "target", "share") if x in a]
        if len(kinds) != 1:
            fails.append(f"{tag}: give exactly one of growth, target, share (got {kinds or 'none'})")
            kind, value = "growth", 0.0
        else:
            kind = kinds[0]
            try:
                value = float(a[kind])
            except (TypeError, ValueError):
                fails.append(f"{tag}: {kind} must be a number, got {a[kind]!r}")
                value = 0.0
        if kind == "share" and not a.get("share_of"):
            fails.append(f"{tag}: share needs `share_of` (the series it is a share of)")
        if kind == "growth" and value <= -1:
            fails.append(f"{tag}: growth {value} would make the series negative")
        if kind == "target" and value < 0:
            fails.append(f"{tag}: target {value} is negative")
        assumption = a.get("assumption")
        if not isinstance(assumption, str) or len(assumption.strip()) < 10:
            fails.append(f"{tag}: `assumption` is mandatory: write out why the numbers follow from the plan")
            assumption = ""
        out.append(
            Adjustment(series, prefix, tuple(sorted(years)), kind, value, a.get("share_of"), assumption, str(a.get("source", "")),
                       str(a.get("assumption_zh", "") or ""))
        )
    if fails:
        raise ValidationError(f"{where}: invalid scenario", fails, hint="See talentcast.forecast.scenarios for the format.")
    return Scenario(name.strip(), str(data.get("description", "")), tuple(out))


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario TOML file.

    Raises:
        InputFileError: File missing or not valid TOML (names the file).
        ValidationError: Content problems, each naming the adjustment.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputFileError(
            f"{path}: scenario file not found",
            hint="check the path (a relative --scenario is read from the current directory; in talentcast.toml, from the workspace); see data/scenarios/ for an example",
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: not valid TOML ({exc})") from exc
    return parse_scenario(data, where=str(path))


def apply_scenario(
    forecast_df: pd.DataFrame, scenario: Scenario, *, history_df: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Baseline rows and scenario rows side by side, with a ``scenario`` column.

    Args:
        forecast_df: Baseline forecasts (series_id, period, mean, lo_*/hi_*, model).
        scenario: From :func:`load_scenario` or :func:`parse_scenario`.
        history_df: Optional long history (series_id, period, value) for anchors.

    Returns:
        All baseline rows with scenario = "baseline", then every series again with
        scenario = <name> (adjusted series get model "<model>+scenario").
    """
    base = forecast_df.copy()
    base["series_id"] = base["series_id"].astype(str)
    if "scenario" in base.columns:
        base = base[base["scenario"] == "baseline"].drop(columns="scenario")
    bounds = [c for c in base.columns if c.startswith(("lo_", "hi_"))]
    piv = base.pivot(index="series_id", columns="period", values="mean")
    path = piv.copy()
    years_all = list(piv.columns)
    hist_last: dict[str, tuple[int, float]] = {}
    if history_df is not None:
        h = history_df.dropna(subset=["value"]).copy()
        h["series_id"] = h["series_id"].astype(str)
        h = h.sort_values("period").groupby("series_id").tail(1)
        hist_last = {s: (int(p), float(v)) for s, p, v in zip(h.series_id, h.period, h.value)}
    touched: set[str] = set()
    for adj in scenario.adjustments:
        ids = [s for s in piv.index if adj.matches(s)]
        y0, y1 = adj.years[0], adj.years[-1]
        for sid in ids:
            row = path.loc[sid]
            if adj.kind == "share":
                if adj.share_of not in path.index:
                    raise ValidationError(
                        f"scenario {scenario.name}: share_of series not in the forecasts",
                        [f"series {adj.share_of} (share_of for {sid}) has no forecast"],
                    )
                # A plan target is a destination, not a jump: the share moves linearly from
                # the anchor year's share to the target by the last adjusted year.
                s0, a_year = adj.value, y0 - 1
                if a_year in years_all and path.loc[adj.share_of, a_year] > 0:
                    s0 = float(row[a_year]) / float(path.loc[adj.share_of, a_year])
                elif sid in hist_last and adj.share_of in hist_last and hist_last[sid][0] == a_year == hist_last[adj.share_of][0] and hist_last[adj.share_of][1] > 0:
                    s0 = hist_last[sid][1] / hist_last[adj.share_of][1]
                span = max(1, y1 - a_year)
                for y in adj.years:
                    if y in years_all:
                        share = s0 + (adj.value - s0) * min(1.0, (y - a_year) / span)
                        row[y] = share * path.loc[adj.share_of, y]
            else:
                if (y0 - 1) in years_all:
                    a_year, anchor = y0 - 1, float(row[y0 - 1])
                elif sid in hist_last and hist_last[sid][0] == y0 - 1:
                    a_year, anchor = hist_last[sid]
                else:
                    a_year, anchor = y0, float(row[y0]) if y0 in years_all else np.nan
                for y in adj.years:
                    if y not in years_all or y <= a_year or not np.isfinite(anchor):
                        continue
                    k = y - a_year
                    if adj.kind == "growth":
                        row[y] = anchor * (1 + adj.value) ** k
                    else:
                        span = y1 - a_year
                        row[y] = anchor * (adj.value / anchor) ** (k / span) if anchor > 0 else adj.value * k / span
            # After the adjusted years keep the scenario/baseline ratio of the last one.
            last_y = max([y for y in adj.years if y in years_all], default=None)
            if last_y is not None:
                b_last = piv.loc[sid, last_y]
                ratio = row[last_y] / b_last if b_last else np.nan
                for y in years_all:
                    if y > last_y:
                        row[y] = piv.loc[sid, y] * ratio if np.isfinite(ratio) else piv.loc[sid, y] + (row[last_y] - b_last)
            path.loc[sid] = row
            touched.add(sid)
    scen = base.copy()
    new_mean = path.stack().rename("new").reset_index()
    scen = scen.merge(new_mean, on=["series_id", "period"], how="left")
    old = scen["mean"].to_numpy(float)
    new = scen["new"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(old != 0, new / old, np.nan)
    for c in bounds:
        v = scen[c].to_numpy(float)
        scen[c] = np.where(np.isfinite(ratio), v * ratio, v + (new - old))
    scen["mean"] = new
    adj_rows = scen["series_id"].isin(touched)
    scen.loc[adj_rows, "model"] = scen.loc[adj_rows, "model"].astype(str) + "+scenario"
    scen = scen.drop(columns="new")
    scen["scenario"] = scenario.name
    base["scenario"] = "baseline"
    return pd.concat([base, scen], ignore_index=True)
