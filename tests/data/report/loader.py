"""Load the report test fixture (marts, registry, names) for the tests and the benchmark."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from talentcast.report.context import Names

HERE = Path(__file__).resolve().parent


def load_marts(folder: Path = HERE / "marts") -> dict[str, pd.DataFrame]:
    """Every ``<mart>.csv`` as a DataFrame of strings (the context must cope with text codes)."""
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=True) for p in sorted(folder.glob("*.csv"))}


def load_registry(path: Path = HERE / "registry.toml") -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def load_names(path: Path = HERE / "names.csv") -> Names:
    n = pd.read_csv(path, dtype=str)
    return Names(dict(n[n["kind"] == "major"][["code", "name_zh"]].values),
                 dict(n[n["kind"] == "industry"][["code", "name_zh"]].values))
