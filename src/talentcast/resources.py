"""Locate packaged resources (data, templates, models) in a wheel or a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_KINDS = ("data", "templates", "models")


@cache
def resource_path(kind: str) -> Path:
    """Return the directory holding packaged ``data``, ``templates`` or ``models``.

    In an installed wheel they live inside the package; in an editable install of the source
    checkout they are the repository's top-level folders.
    """
    if kind not in _KINDS:
        raise ValueError(f"unknown resource kind {kind!r}; expected one of {_KINDS}")
    here = Path(__file__).resolve().parent
    packaged = here / kind
    if packaged.is_dir():
        return packaged
    checkout = here.parents[1] / kind
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"talentcast resource folder {kind!r} not found (looked in {packaged} and {checkout})")
