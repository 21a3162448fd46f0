"""The report test fixture: marts computed by the real pipeline code from the committed inputs.

``load_marts()`` runs ``talentcast.analysis.run_analysis`` (demand, supply, gap, suggestions,
shortage list, college evaluation, flags, with the province pseudo-group) and
``talentcast.analysis.capacity.capacity_by_major`` on ``inputs/`` (see make_fixture.py), and
adds the marts the forecast and crosswalk stages hand over (employment, staffing, vocational
shares, back-test, sources, scenarios). Computed once per test session.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pandas as pd

from talentcast.report.context import Names

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "inputs"
EDITION = 2026
NUMERIC = {
    "employment": ["year", "mean", "lo_80", "hi_80", "lo_95", "hi_95"],
    "staffing": ["share", "prior_share", "n_postings", "n_graduates"],
    "vocational_share": ["v", "n_postings"],
    "postings": ["year", "salary_cny_month_min", "salary_cny_month_max"],
    "programmes": ["year", "duration_years"],
    "enrollment": ["year", "new_students", "students_in_school"],
    "graduates": ["year", "graduates", "employed", "further_study", "employed_in_province", "counterpart_employed",
                  "starting_salary_cny_month"],
}


def _table(name: str) -> pd.DataFrame:
    df = pd.read_csv(INPUTS / f"{name}.csv", dtype=str, keep_default_na=True)
    for c in NUMERIC.get(name, []):
        df[c] = pd.to_numeric(df[c])
    for c in ("is_duplicate", "is_vocational"):
        if c in df.columns:
            df[c] = df[c] == "True"
    return df


@cache
def _marts() -> dict[str, pd.DataFrame]:
    from talentcast.analysis import AnalysisInputs, AnalysisSettings, run_analysis
    from talentcast.analysis.capacity import capacity_by_major

    programmes = _table("programmes")
    groups = [{**g, "members": [{**m, "synthetic": True} for m in g.get("members", [])]}
              for g in load_registry()["groups"]]
    names = load_names()
    inputs = AnalysisInputs(
        employment=_table("employment"), staffing=_table("staffing"), vocational_share=_table("vocational_share"),
        groups=groups, postings=_table("postings"), graduates=_table("graduates"), enrollment=_table("enrollment"),
        programmes=programmes, class_names={k: v for k, v in names.majors.items() if len(k) == 4})
    marts = run_analysis(inputs, AnalysisSettings(region="410000", horizon=7, n_draws=200))
    colleges = programmes.drop_duplicates("college_code").rename(columns={"college_code": "moe_code",
                                                                          "college_name": "name"})
    marts.update(
        mart_employment=_table("employment"), mart_staffing=_table("staffing"),
        mart_vocational_share=_table("vocational_share"),
        mart_capacity=capacity_by_major(programmes, colleges.assign(city="郑州市")[["moe_code", "name", "city"]]),
        mart_backtest=pd.read_csv(INPUTS / "mart_backtest.csv"), sources=pd.read_csv(INPUTS / "sources.csv", dtype=str),
        scenarios=pd.read_csv(INPUTS / "scenarios.csv", dtype=str))
    return marts


def load_marts() -> dict[str, pd.DataFrame]:
    """A fresh copy of the fixture marts (tests may change their copy)."""
    return {k: v.copy() for k, v in _marts().items()}


def load_registry(path: Path = HERE / "registry.toml") -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def load_names(path: Path = HERE / "names.csv") -> Names:
    n = pd.read_csv(path, dtype=str)
    return Names(dict(n[n["kind"] == "major"][["code", "name_zh"]].values),
                 dict(n[n["kind"] == "industry"][["code", "name_zh"]].values))
