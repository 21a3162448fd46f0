"""Major class → occupations of the 职业分类大典 2022: the reviewable crosswalk behind "demand by post".

``data/crosswalk/class_occupations.csv`` links each of the 97 higher-vocational major classes
to the occupations (细类, codes such as ``6-18-01-01``) its graduates typically take, one row
per link with its evidence and provenance (how it was built: ``data/crosswalk/README.posts.md``).
A workspace overrides it class by class with ``overrides/class_occupations.csv`` (same
columns): the workspace rows replace every packaged row of each class they name.

This module reads and validates the crosswalk and matches posting titles to its occupations;
the mart is built by :func:`talentcast.analysis.posts.posts_mart`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd

from talentcast.errors import InputFileError, ValidationError
from talentcast.resources import resource_path

COLUMNS = ["major_class", "major_class_name", "occupation_code", "occupation_name_zh", "match_terms", "evidence", "provenance"]
#: kb_terms: a KB post or keyword of the class names the occupation (evidence lists them);
#: expert: expert judgement alone (evidence says why); postings: seen in classified postings.
PROVENANCES = ("kb_terms", "expert", "postings")
# Generic endings of 大典 names; what is left (the "core") is what a job title says.
_SUFFIXES = ("工程技术人员", "专业人员", "技术人员", "管理人员", "服务人员", "人员", "操作员", "操作工", "值班员", "员", "工", "师", "家")
_ASIDE = re.compile(r"[（(][^）)]*[）)]")


def default_path() -> Path:
    """The packaged crosswalk."""
    return resource_path("data") / "crosswalk" / "class_occupations.csv"


def workspace_path(workspace: Path) -> Path:
    """Where a workspace overrides the crosswalk (class by class)."""
    return Path(workspace) / "overrides" / "class_occupations.csv"


def occupation_core(name: str) -> str:
    """The part of a 大典 occupation name a job title carries: ``车工`` → ``车工``,
    ``会计专业人员`` → ``会计``, ``计算机程序设计员`` → ``计算机程序设计``.

    A generic ending is stripped only when at least two characters remain, so short names such
    as 车工 or 电工 stay whole.
    """
    name = _ASIDE.sub("", str(name)).strip()
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def normalise_text(text: object) -> str:
    """NFKC, lower case, no spaces: the form titles and terms are compared in."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")).lower())


def match_terms(row: pd.Series | dict) -> tuple[str, ...]:
    """Terms whose presence in a title assigns a posting to a link: the occupation's core and
    the link's extra ``match_terms`` (``;``-separated), longest first."""
    extra = [t for t in str(row.get("match_terms", "") or "").split(";") if t.strip()]
    terms = {normalise_text(t) for t in [occupation_core(row["occupation_name_zh"]), *extra]}
    return tuple(sorted((t for t in terms if len(t) >= 2), key=lambda t: (-len(t), t)))


def read_crosswalk(path: Path, occupations: pd.DataFrame, class_names: dict[str, str]) -> pd.DataFrame:
    """Read and validate a class → occupation crosswalk file.

    Args:
        path: CSV with :data:`COLUMNS` (``major_class_name`` and ``match_terms`` may be empty).
        occupations: The 大典 2022 table (``code``, ``level``, ``name``), e.g.
            ``talentcast.reference.occupations().frame``.
        class_names: Major class code → catalogue name (the classes a link may name).

    Returns:
        The rows, codes as text, ``major_class_name`` filled from the catalogue.

    Raises:
        InputFileError: The file is missing, unreadable or lacks a column.
        ValidationError: A row names an unknown class, a code that is not an occupation (细类)
            of the 大典 2022, a name that differs from the 大典's, an unknown provenance, or
            has no evidence; lists every bad line.
    """
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputFileError(f"{path}: class → occupation crosswalk not found", hint="restore the packaged file or fix the path") from exc
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read the class → occupation crosswalk ({exc})", hint="save it as UTF-8 CSV") from exc
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise InputFileError(f"{path}: missing column(s) {missing}", hint=f"the columns are {COLUMNS}")
    df = df[COLUMNS].apply(lambda s: s.str.strip())
    names = dict(zip(occupations.loc[occupations["level"] == "occupation", "code"].astype(str), occupations.loc[occupations["level"] == "occupation", "name"].astype(str)))
    bad = []
    for i, r in enumerate(df.itertuples(index=False), start=2):
        where = f"{path}:{i}"
        if r.major_class not in class_names:
            bad.append(f"{where}: '{r.major_class}' is not a higher-vocational major class (41xx–59xx)")
        if r.occupation_code not in names:
            bad.append(f"{where}: '{r.occupation_code}' is not an occupation (细类) code of the 职业分类大典 2022")
        elif r.occupation_name_zh != names[r.occupation_code]:
            bad.append(f"{where}: {r.occupation_code} is '{names[r.occupation_code]}' in the 大典 2022, not '{r.occupation_name_zh}'")
        if r.provenance not in PROVENANCES:
            bad.append(f"{where}: provenance '{r.provenance}' is not one of {list(PROVENANCES)}")
        if not r.evidence:
            bad.append(f"{where}: a link needs its evidence (which KB terms or what judgement)")
    dup = df[df.duplicated(["major_class", "occupation_code"], keep=False)]
    bad += [f"{path}:{i + 2}: link {r.major_class} → {r.occupation_code} is listed twice" for i, r in zip(dup.index, dup.itertuples(index=False))]
    if bad:
        raise ValidationError(f"{path}: invalid class → occupation crosswalk", bad, hint="use 大典 2022 codes and names from data/reference/occupations_2022.csv")
    df["major_class_name"] = df["major_class"].map(class_names)
    return df.reset_index(drop=True)


def load_crosswalk(workspace: Path | None = None, *, path: Path | None = None) -> pd.DataFrame:
    """The packaged crosswalk with a workspace's overrides applied (class by class).

    Args:
        workspace: Workspace folder; its ``overrides/class_occupations.csv`` replaces the
            packaged rows of every class it names.
        path: Packaged crosswalk (default :func:`default_path`).
    """
    from talentcast.reference import majors, occupations

    catalogue = majors("higher_vocational").frame
    class_names = dict(zip(catalogue.loc[catalogue["level"] == "class", "code"].astype(str), catalogue.loc[catalogue["level"] == "class", "name"].astype(str)))
    occ = occupations().frame
    links = read_crosswalk(path or default_path(), occ, class_names)
    if workspace is not None and workspace_path(workspace).is_file():
        own = read_crosswalk(workspace_path(workspace), occ, class_names)
        links = pd.concat([links[~links["major_class"].isin(set(own["major_class"]))], own], ignore_index=True)
    return links


def assign_occupations(titles: pd.Series, classes: pd.Series, links: pd.DataFrame) -> pd.Series:
    """The linked occupation each posting's title names, within its own class.

    A title is assigned to the link of its class with the longest matching term
    (:func:`match_terms`); ties go to the link listed first. Titles naming none get ``""``.

    Args:
        titles: Posting titles.
        classes: Their major class codes (same index).
        links: The crosswalk (:func:`load_crosswalk`).

    Returns:
        Occupation codes, index of ``titles``.
    """
    by_class: dict[str, list[tuple[str, str, int]]] = {}
    for order, r in enumerate(links.to_dict("records")):
        for term in match_terms(r):
            by_class.setdefault(r["major_class"], []).append((term, r["occupation_code"], order))
    for terms in by_class.values():
        terms.sort(key=lambda t: (-len(t[0]), t[2]))
    key = pd.DataFrame({"title": titles.map(normalise_text), "major_class": classes.astype(str)})
    uniq = key.drop_duplicates()
    found = {}
    for title, cls in uniq.itertuples(index=False):
        found[(title, cls)] = next((code for term, code, _ in by_class.get(cls, ()) if term in title), "")
    return pd.Series([found[k] for k in zip(key["title"], key["major_class"])], index=titles.index, dtype=object)
