"""The data-sources table: which inputs stand behind the marts, with vintage, licence, status."""

from __future__ import annotations

import fnmatch
import tomllib
from functools import cache
from pathlib import Path

import pandas as pd

from talentcast.resources import resource_path

COLUMNS = ["source_id", "name_zh", "name_en", "vintage", "licence", "url", "status", "files"]


@cache
def source_catalogue() -> tuple[dict, ...]:
    """Known sources from the packaged data/sources.toml."""
    with open(resource_path("data") / "sources.toml", "rb") as fh:
        return tuple(tomllib.load(fh)["source"])


def describe_sources(manifest: pd.DataFrame) -> pd.DataFrame:
    """Match ingested files (the lake manifest) to known sources; unknown files are user-supplied.

    Args:
        manifest: The lake manifest with at least a ``path`` column.

    Returns:
        One row per source in use: source_id, names, vintage, licence, url, status, files.
    """
    files: dict[str, list[str]] = {}
    unknown: list[str] = []
    paths = [] if manifest is None or manifest.empty else [str(p) for p in manifest.get("path", manifest.get("file", pd.Series(dtype=str)))]
    tables = [] if manifest is None or manifest.empty or "table" not in manifest.columns else [str(t) for t in manifest["table"]]
    observed = {Path(p).name for p, t in zip(paths, tables) if t == "postings"}
    for path in paths:
        name = Path(path).name
        hit = next(
            (s["id"] for s in source_catalogue() if any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(path, p) for p in s["patterns"])),
            None,
        )
        if hit is None:
            unknown.append(name)
        else:
            files.setdefault(hit, []).append(name)
    rows = []
    for s in source_catalogue():
        if s["id"] in files or s.get("always"):
            rows.append([s["id"], s["name_zh"], s["name_en"], s["vintage"], s["licence"], s["url"], s["status"], "; ".join(sorted(files.get(s["id"], [])))])
    for name in sorted(unknown):
        # A user's own file: postings are observed (real, not official statistics); other kinds
        # are taken as the official figures the user says they are.
        rows.append([f"user:{name}", name, name, "", "as supplied by the user", "", "observed" if name in observed else "official", name])
    return pd.DataFrame(rows, columns=COLUMNS)
