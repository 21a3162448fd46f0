"""Load the hand-made analysis fixture (see README.md here) as AnalysisInputs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from talentcast.analysis import AnalysisInputs, AnalysisSettings

HERE = Path(__file__).resolve().parent
NUMERIC = {
    "employment": ["year", "mean", "lo_80", "hi_80", "lo_95", "hi_95"],
    "staffing": ["share"],
    "vocational_share": ["v"],
    "enrollment": ["year", "new_students", "students_in_school"],
    "graduates": ["year", "graduates", "employed", "further_study", "employed_in_province", "counterpart_employed",
                  "starting_salary_cny_month"],
    "programmes": ["year"],
    "postings": ["year", "salary_cny_month_min", "salary_cny_month_max"],
}


def table(name: str) -> pd.DataFrame:
    """One fixture CSV with codes as strings and numbers as floats/ints."""
    df = pd.read_csv(HERE / f"{name}.csv", dtype=str)
    for c in NUMERIC.get(name, []):
        df[c] = pd.to_numeric(df[c])
    for c in ("is_duplicate", "is_vocational"):
        if c in df.columns:
            df[c] = df[c] == "True"
    return df


GROUPS = [
    {"id": "G46", "name_zh": "装备制造（样例）", "categories": ["46"],
     "members": [("S001", "样本学院一", True), ("S002", "样本学院二", True)]},
    {"id": "G44", "name_zh": "土木建筑（样例）", "categories": ["44"], "members": []},
]


def inputs(**changes) -> AnalysisInputs:
    """The fixture inputs; keyword arguments replace single inputs."""
    kw = dict(
        employment=table("employment"), staffing=table("staffing"), vocational_share=table("vocational_share"),
        groups=GROUPS, postings=table("postings"), graduates=table("graduates"), enrollment=table("enrollment"),
        programmes=table("programmes"),
    )
    kw.update(changes)
    return AnalysisInputs(**kw)


def settings(**changes) -> AnalysisSettings:
    """Settings matching the hand computation in README.md."""
    # The hand computation counts member colleges only ("register": the register stands in
    # only for groups without members); "field" mode is tested on its own.
    # split_levels=False: the hand computation counts every vocational-level opening (the
    # 高职/中职 split has its own test).
    kw = dict(exit_rates={"C": 0.03, "E": 0.02}, rate_prior_strength=0.0, horizon=2, n_draws=400, supply_when_no_members="register",
              split_levels=False)
    kw.update(changes)
    return AnalysisSettings(**kw)
