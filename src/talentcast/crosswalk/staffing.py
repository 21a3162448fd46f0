"""Vocational share v[i] and staffing matrix S[i, m] (docs/design.md method steps 2–3).

* ``v[i]``: share of industry division i's jobs at vocational level (中职/高职/职业本科).
  Beta posterior: ``v = (κ·v0 + n_voc) / (κ + n)`` where ``v0`` is the authored prior
  (``data/crosswalk/vocational_share_prior.csv``), ``κ`` its strength in postings, ``n`` the
  (weighted) postings of the division with a stated education level and ``n_voc`` those at
  vocational level (``不限`` counted by a configurable split, see :data:`EDUCATION_CLASSES`).
* ``S[i, ·]``: share of the division's vocational-level jobs that fit each higher-vocational
  major class (4 digits, 41xx–59xx). Dirichlet posterior:
  ``S[i, ·] = normalise(α·prior[i, ·] + w_p·postings[i, ·] + w_g·graduates[i, ·])`` with the
  authored prior (``data/crosswalk/staffing_prior.csv``), classified vocational postings and
  graduates' destination industries as evidence.

Every cell keeps its prior, its evidence counts and its provenance (``prior`` when the
division had no evidence, ``posterior`` when it had, ``override`` when an analyst's workspace
override replaced the row). The method and the authored priors are documented in
``data/crosswalk/README.staffing.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from talentcast.errors import CodeError, InputFileError, ValidationError
from talentcast.resources import resource_path
from talentcast.workspace import atomic_write

#: Prior strength of v0 in postings: the prior counts as this many postings.
DEFAULT_V_STRENGTH = 20.0
#: Prior strength α of the staffing prior, in (weighted) evidence units per division.
DEFAULT_ALPHA = 50.0
#: Share of an education-``不限`` posting counted as vocational level (the rest is taken as
#: below vocational level: open jobs are mostly entry jobs that need no qualification).
DEFAULT_UNLIMITED_VOCATIONAL = 0.5

#: Education requirement → class. ``vocational``: 中职/高中 up to 大专/职业本科;
#: ``degree``: 本科 and above; ``unlimited``: no requirement; ``below``: 初中 and below.
EDUCATION_CLASSES: dict[str, str] = {
    "中专/中技": "vocational", "中专": "vocational", "中技": "vocational", "中职": "vocational",
    "技校": "vocational", "职高": "vocational", "中专/技校": "vocational", "高中": "vocational",
    "高中/中专/中技": "vocational", "大专": "vocational", "专科": "vocational", "高职": "vocational",
    "职业本科": "vocational",
    "本科": "degree", "硕士": "degree", "博士": "degree", "研究生": "degree", "mba": "degree",
    "emba": "degree", "mba/emba": "degree",
    "不限": "unlimited", "学历不限": "unlimited", "无学历要求": "unlimited", "无": "unlimited",
    "初中": "below", "初中及以下": "below", "小学": "below",
}

STAFFING_COLUMNS = ["industry_code", "major_class", "share", "prior_share", "n_postings", "n_graduates",
                    "provenance", "status", "note"]
VSHARE_COLUMNS = ["industry_code", "v", "v_prior", "n_postings", "n_vocational", "provenance", "status", "note"]


# ---------------------------------------------------------------------------- reference
@cache
def _divisions() -> pd.DataFrame:
    """GB/T 4754-2017 divisions: ``industry_code, industry_name, section`` (97 rows)."""
    from talentcast.reference import industries

    rows = [(c.code, c.name, c.parent) for c in industries().level("division")]
    return pd.DataFrame(rows, columns=["industry_code", "industry_name", "section"])


@cache
def _major_classes() -> pd.DataFrame:
    """Higher-vocational major classes: ``major_class, major_class_name, category`` (97 rows)."""
    from talentcast.reference import majors

    rows = [(c.code, c.name, c.parent) for c in majors("higher_vocational_specialist").level("class")]
    return pd.DataFrame(rows, columns=["major_class", "major_class_name", "category"])


def normalise_industry(code: object) -> str:
    """A GB/T 4754-2017 division (``"38"``) or section (``"C"``) from ``"C38"``, ``"38"``, ``"c"``.

    Group and class codes (``"381"``, ``"C3811"``) are rolled up to their division.

    Raises:
        CodeError: If the code is unknown or the letter is not the number's section.
    """
    from talentcast.reference import industries

    c = industries().validate(code)
    if c.level == "section" or c.level == "division":
        return c.code
    return industries().division_of(c.code).code


def normalise_major_class(code: object) -> str:
    """A higher-vocational major class (``"4603"``) from a class or major code.

    ``"460301"`` → ``"4603"``; vocational-undergraduate codes map to their higher-vocational
    counterpart (``"2603"``/``"260301"`` → ``"4603"``).

    Raises:
        CodeError: If the code is not a class or major of the 2021 catalogue.
    """
    from talentcast.reference import majors

    text = str(code).strip()
    cat = majors()
    c = cat.get(text)
    if c is None and re.fullmatch(r"\d{6}[A-Za-z]?", text):
        # Majors added after the catalogue (or OCR gaps): the class is the first 4 digits.
        c = cat.get(text[:4])
    if c is None:
        cat.validate(text)  # raises with the closest codes
    if c.level == "category":
        raise CodeError(f"{text!r} is a major category, not a class", hint="give a 4-digit class such as 4603")
    klass = c.code if c.level == "class" else cat.class_of(c.code).code
    return cat.higher_vocational_counterpart(klass)


def _map_unique(values: pd.Series, fn, what: str, kind: str, hint: str) -> pd.Series:
    """Apply a code normaliser once per distinct value (postings repeat a handful of codes)."""
    codes, uniques = pd.factorize(values.astype(str), sort=False)
    out, failures = [], []
    for u in uniques:
        try:
            out.append(fn(u))
        except CodeError as exc:
            out.append("")
            rows = values.index[codes == len(out) - 1][:3].tolist()
            failures.append(f"{what} rows {rows}: {exc.message}")
    if failures:
        raise ValidationError(f"{what}: unknown {kind} codes", failures, hint=hint)
    mapped = np.asarray(out, dtype=object)[codes] if len(codes) else np.asarray([], dtype=object)
    return pd.Series(mapped, index=values.index, dtype="string")


def _industry_codes(values: pd.Series, what: str) -> pd.Series:
    return _map_unique(values, normalise_industry, what, "industry",
                       "use GB/T 4754-2017 divisions such as 38 or C38, or section letters")


def _major_class_codes(values: pd.Series, what: str) -> pd.Series:
    return _map_unique(values, normalise_major_class, what, "major",
                       "use 2021-catalogue classes (4603) or majors (460301)")


# ---------------------------------------------------------------------------- priors
def crosswalk_dir() -> Path:
    """Folder of the packaged crosswalk data (``data/crosswalk``)."""
    return resource_path("data") / "crosswalk"


def read_staffing_prior(path: Path | str | None = None) -> pd.DataFrame:
    """Read and validate the authored staffing prior (default: the packaged one).

    Returns:
        Long table ``industry_code, major_class, weight, reasoning`` (+ names, scope).

    Raises:
        InputFileError: If the file is missing.
        ValidationError: Listing every problem: unknown division or class, a division
            missing, non-positive weights, weights of a division not summing to 1.
    """
    path = Path(path) if path is not None else crosswalk_dir() / "staffing_prior.csv"
    df = _read(path, ["industry_code", "major_class", "weight", "reasoning"])
    return validate_staffing_prior(df, source=str(path))


def validate_staffing_prior(prior: pd.DataFrame, source: str = "staffing prior") -> pd.DataFrame:
    """Check a staffing prior covers every division with a distribution over real classes.

    Raises:
        ValidationError: With one line per problem (division, class, row).
    """
    failures: list[str] = []
    df = prior.copy()
    divs = _divisions()
    classes = set(_major_classes()["major_class"])
    df["industry_code"] = df["industry_code"].astype(str).str.strip()
    df["major_class"] = df["major_class"].astype(str).str.strip()
    df["weight"] = pd.to_numeric(df["weight"], errors="coerce")
    for i, row in df.iterrows():
        line = f"{source} row {i + 2}"
        if row["industry_code"] not in set(divs["industry_code"]):
            failures.append(f"{line}: {row['industry_code']!r} is not a GB/T 4754-2017 division")
        if row["major_class"] not in classes:
            failures.append(f"{line}: {row['major_class']!r} is not a higher-vocational major class (41xx–59xx)")
        if not (row["weight"] > 0):
            failures.append(f"{line}: weight {row['weight']!r} must be > 0")
        if "reasoning" in df.columns and not str(row.get("reasoning", "")).strip():
            failures.append(f"{line}: reasoning is empty; every prior cell must say why")
    dup = df.duplicated(["industry_code", "major_class"], keep="first")
    for i in df.index[dup]:
        failures.append(f"{source} row {i + 2}: division {df.at[i, 'industry_code']} lists class "
                        f"{df.at[i, 'major_class']} twice")
    missing = sorted(set(divs["industry_code"]) - set(df["industry_code"]))
    if missing:
        failures.append(f"{source}: no prior for divisions {missing}")
    sums = df.groupby("industry_code")["weight"].sum()
    for code, total in sums.items():
        if abs(total - 1.0) > 1e-6:
            failures.append(f"{source}: weights of division {code} sum to {total:g}, not 1")
    if failures:
        raise ValidationError("staffing prior is invalid", failures,
                              hint="every one of the 97 divisions needs classes with weights summing to 1")
    return df.reset_index(drop=True)


def load_prior() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The packaged priors: ``(staffing prior, vocational-share prior)``, both validated."""
    return read_staffing_prior(), read_vocational_share_prior()


def read_vocational_share_prior(path: Path | str | None = None) -> pd.DataFrame:
    """Read and validate the authored vocational-share prior ``industry_code, v0, reasoning``.

    Raises:
        ValidationError: If a division is missing, duplicated, unknown or has v0 outside (0, 1).
    """
    path = Path(path) if path is not None else crosswalk_dir() / "vocational_share_prior.csv"
    df = _read(path, ["industry_code", "v0", "reasoning"])
    df["industry_code"] = df["industry_code"].str.strip()
    df["v0"] = pd.to_numeric(df["v0"], errors="coerce")
    divs = set(_divisions()["industry_code"])
    failures = [f"{path} row {i + 2}: {c!r} is not a division" for i, c in df["industry_code"].items() if c not in divs]
    failures += [f"{path} row {i + 2}: v0 {v!r} must be in (0, 1)" for i, v in df["v0"].items() if not 0 < v < 1]
    failures += [f"{path} row {i + 2}: reasoning is empty" for i, r in df["reasoning"].items() if not str(r).strip()]
    failures += [f"{path}: division {c} appears twice" for c in df["industry_code"][df["industry_code"].duplicated()]]
    missing = sorted(divs - set(df["industry_code"]))
    if missing:
        failures.append(f"{path}: no v0 for divisions {missing}")
    if failures:
        raise ValidationError("vocational share prior is invalid", failures)
    return df.reset_index(drop=True)


def read_overrides(path: Path | str, kind: str = "staffing") -> pd.DataFrame:
    """Read a workspace override CSV.

    Args:
        path: ``staffing``: columns ``industry_code, major_class, share, note``;
            ``vshare``: columns ``industry_code, v, note``.
        kind: ``"staffing"`` or ``"vshare"``.

    Raises:
        InputFileError: If the file cannot be read.
        ValidationError: If columns are missing or codes/values are invalid.
    """
    cols = ["industry_code", "major_class", "share", "note"] if kind == "staffing" else ["industry_code", "v", "note"]
    df = _read(Path(path), cols)
    return validate_overrides(df, kind=kind, source=str(path))


def validate_overrides(overrides: pd.DataFrame, kind: str = "staffing", source: str = "overrides") -> pd.DataFrame:
    """Normalise codes of an override table and check its values (see :func:`read_overrides`)."""
    df = overrides.copy()
    if "note" not in df.columns:
        df["note"] = ""
    df["note"] = df["note"].fillna("").astype(str)
    df["industry_code"] = _industry_codes(df["industry_code"], source)
    failures = [f"{source} row {i + 2}: overrides must name a division, not section {c}"
                for i, c in df["industry_code"].items() if c.isalpha()]
    if kind == "staffing":
        df["major_class"] = _major_class_codes(df["major_class"], source)
        df["share"] = pd.to_numeric(df["share"], errors="coerce")
        failures += [f"{source} row {i + 2}: share {v!r} must be >= 0" for i, v in df["share"].items() if not v >= 0]
        tot = df.groupby("industry_code")["share"].sum()
        failures += [f"{source}: shares of division {c} sum to 0" for c, t in tot.items() if not t > 0]
    else:
        df["v"] = pd.to_numeric(df["v"], errors="coerce")
        failures += [f"{source} row {i + 2}: v {x!r} must be in [0, 1]" for i, x in df["v"].items() if not 0 <= x <= 1]
    if failures:
        raise ValidationError(f"{source}: invalid overrides", failures)
    return df.reset_index(drop=True)


def _read(path: Path, required: list[str]) -> pd.DataFrame:
    if not path.is_file():
        raise InputFileError(f"{path} not found", hint="check the path, or reinstall talentcast for packaged files")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputFileError(f"{path}: cannot read as UTF-8 CSV ({exc})", hint="save it as UTF-8 CSV") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValidationError(f"{path}: missing columns {missing}", [f"header is {list(df.columns)}"],
                              hint=f"the file needs columns {required}")
    return df


# ---------------------------------------------------------------------------- evidence
def education_class(education: pd.Series) -> pd.Series:
    """Class of each education requirement: vocational | degree | unlimited | below | unknown."""
    codes, uniques = pd.factorize(education.astype("string").str.strip().str.lower(), sort=False)
    classes = np.asarray([EDUCATION_CLASSES.get(u, "unknown") for u in uniques] + ["unknown"], dtype=object)
    return pd.Series(classes[codes], index=education.index, dtype="string")  # code -1 (NA) → "unknown"


def vocational_weight(education: pd.Series, unlimited_vocational: float = DEFAULT_UNLIMITED_VOCATIONAL) -> pd.Series:
    """How much of each posting counts as a vocational-level job (1, 0, the 不限 split, or NaN).

    NaN marks postings without a usable education requirement (they are not evidence).
    """
    if not 0.0 <= unlimited_vocational <= 1.0:
        raise ValidationError("unlimited_vocational must be in [0, 1]", [f"got {unlimited_vocational}"])
    cls = education_class(education)
    return cls.map({"vocational": 1.0, "degree": 0.0, "below": 0.0, "unlimited": unlimited_vocational}).astype(float)


def expand_sections(long: pd.DataFrame, value_cols: list[str]) -> pd.DataFrame:
    """Spread rows coded to a section letter equally over the section's divisions.

    A platform label such as "农/林/牧/渔" names section A only; its evidence is shared
    equally by divisions 01–05 (no employment weights exist at posting level).
    """
    codes = long["industry_code"].astype(str)
    is_sec = codes.str.fullmatch(r"[A-Z]")
    if not is_sec.any():
        return long
    divs = _divisions()
    per = divs.groupby("section")["industry_code"].apply(list)
    sec = long[is_sec].copy()
    sec["industry_code"] = sec["industry_code"].astype(str).map(per)
    n = sec["industry_code"].map(len)
    for c in value_cols:
        sec[c] = sec[c] / n
    sec = sec.explode("industry_code")
    return pd.concat([long[~is_sec], sec], ignore_index=True)


def postings_by_industry(postings: pd.DataFrame, mapped: pd.DataFrame) -> pd.DataFrame:
    """Join postings (``posting_id`` + any columns) with their mapped industries.

    Args:
        postings: Posting table with ``posting_id`` (e.g. the lake's ``postings``).
        mapped: ``posting_id, industry_code, weight`` from
            :func:`talentcast.crosswalk.platform_industries.map_platform_industries`.

    Returns:
        One row per posting × industry with the posting's columns and ``weight``; section
        codes are spread over their divisions (:func:`expand_sections`).
    """
    cols = [c for c in postings.columns if c not in ("industry_code", "weight")]
    long = mapped.merge(postings[cols], on="posting_id", how="inner")
    return expand_sections(long, ["weight"])


def vocational_share(
    v_prior: pd.DataFrame | None = None,
    postings: pd.DataFrame | None = None,
    industry_links: pd.DataFrame | None = None,
    strength: float = DEFAULT_V_STRENGTH,
    unlimited_vocational: float = DEFAULT_UNLIMITED_VOCATIONAL,
    overrides: pd.DataFrame | None = None,
    posting_cap: float | None = None,
) -> pd.DataFrame:
    """Estimate v[i] for every division: Beta posterior of the prior v0 and postings.

    Args:
        v_prior: ``industry_code, v0`` (default: the packaged prior).
        postings: Postings with ``education``. Either already one row per posting ×
            industry (``industry_code`` and optionally ``weight``, see
            :func:`postings_by_industry`), or the posting table itself (``posting_id``) when
            ``industry_links`` is given. Rows flagged ``is_duplicate`` are skipped: each
            remaining row is evidence.
        industry_links: ``posting_id, industry_code, weight`` from
            :func:`talentcast.crosswalk.platform_industries.map_platform_industries`.
        strength: κ ≥ 0, the prior's weight in postings. With no postings v = v0.
        unlimited_vocational: Share of a ``不限`` posting counted as vocational level.
        overrides: ``industry_code, v, note``: analyst values that replace the estimate.
        posting_cap: Most that a division's postings can weigh, in postings (None: no cap;
            see :func:`staffing_matrix`): n and n_voc are scaled down together, so the
            sample's vocational share is kept and only its weight is capped.

    Returns:
        ``mart_vocational_share``: ``industry_code, v, v_prior, n_postings, n_vocational,
        provenance (prior|posterior|override), status (estimated|synthetic: postings rows
        labelled synthetic contributed), note`` — one row per division (97).
    """
    if strength < 0:
        raise ValidationError("vocational share: strength must be >= 0", [f"got {strength}"])
    prior = read_vocational_share_prior() if v_prior is None else v_prior
    out = _divisions()[["industry_code"]].merge(prior[["industry_code", "v0"]], on="industry_code", how="left")
    if out["v0"].isna().any():
        raise ValidationError("vocational share prior misses divisions",
                              [f"no v0 for division {c}" for c in out.loc[out["v0"].isna(), "industry_code"]])
    if postings is not None and len(postings) and industry_links is not None:
        postings = postings_by_industry(postings, industry_links)
    ev = _vocational_evidence(postings, unlimited_vocational)
    out = out.merge(ev, on="industry_code", how="left").fillna({"n_postings": 0.0, "n_vocational": 0.0,
                                                                "n_synthetic": 0.0})
    if posting_cap is not None and posting_cap < 0:
        raise ValidationError("vocational share: posting_cap must be >= 0", [f"got {posting_cap}"])
    scale = (np.minimum(1.0, posting_cap / out["n_postings"].where(out["n_postings"] > 0, np.inf))
             if posting_cap is not None else 1.0)
    denom = strength + scale * out["n_postings"]
    with np.errstate(invalid="ignore", divide="ignore"):
        v = (strength * out["v0"] + scale * out["n_vocational"]) / denom
    out["v"] = np.where(denom > 0, v, out["v0"])
    out["provenance"] = np.where(out["n_postings"] > 0, "posterior", "prior")
    out["status"] = np.where(out["n_synthetic"] > 0, "synthetic", "estimated")
    out["note"] = ""
    out = out.rename(columns={"v0": "v_prior"})
    if overrides is not None and len(overrides):
        ov = validate_overrides(overrides, kind="vshare")
        ov = ov.drop_duplicates("industry_code", keep="last").set_index("industry_code")
        hit = out["industry_code"].isin(ov.index)
        out.loc[hit, "v"] = out.loc[hit, "industry_code"].map(ov["v"]).to_numpy()
        out.loc[hit, "provenance"] = "override"
        out.loc[hit, "status"] = "estimated"
        out.loc[hit, "note"] = out.loc[hit, "industry_code"].map(ov["note"]).to_numpy()
    out["industry_code"] = out["industry_code"].astype("string")
    return out[VSHARE_COLUMNS].reset_index(drop=True)


def _vocational_evidence(postings: pd.DataFrame | None, unlimited_vocational: float) -> pd.DataFrame:
    empty = pd.DataFrame({"industry_code": pd.Series(dtype="string"), "n_postings": pd.Series(dtype=float),
                          "n_vocational": pd.Series(dtype=float), "n_synthetic": pd.Series(dtype=float)})
    if postings is None or len(postings) == 0:
        return empty
    missing = [c for c in ("industry_code", "education") if c not in postings.columns]
    if missing:
        raise ValidationError("vocational share: postings lack columns", [f"missing {c!r}" for c in missing],
                              hint="build the table with postings_by_industry(postings, mapped)")
    postings = _drop_duplicates(postings)
    df = pd.DataFrame({
        "industry_code": _industry_codes(postings["industry_code"], "postings"),
        "weight": postings["weight"].astype(float) if "weight" in postings.columns else 1.0,
        "voc": vocational_weight(postings["education"], unlimited_vocational).to_numpy(),
        "syn": (postings["status"].astype(str) == "synthetic").to_numpy(dtype=float)
        if "status" in postings.columns else 0.0,
    })
    df = df[df["voc"].notna()]
    df = expand_sections(df, ["weight"])
    df["n_vocational"] = df["weight"] * df["voc"]
    df["n_synthetic"] = df["weight"] * df["syn"]
    ev = df.groupby("industry_code", as_index=False).agg(
        n_postings=("weight", "sum"), n_vocational=("n_vocational", "sum"), n_synthetic=("n_synthetic", "sum"))
    ev["industry_code"] = ev["industry_code"].astype(str)
    return ev


def _drop_duplicates(postings: pd.DataFrame) -> pd.DataFrame:
    if "is_duplicate" in postings.columns:
        return postings[~postings["is_duplicate"].fillna(False).astype(bool)]
    return postings


def posting_major_counts(
    classified: pd.DataFrame,
    mapped: pd.DataFrame,
    vocational_only: bool = True,
    unlimited_vocational: float = DEFAULT_UNLIMITED_VOCATIONAL,
) -> pd.DataFrame:
    """Evidence counts of classified postings per division × major class.

    Args:
        classified: ``posting_id``, ``major_class`` (or ``major_code``; ``""`` = unclassified,
            skipped), optionally ``education``, ``weight`` (e.g. classifier probability;
            default 1) and ``is_duplicate`` (duplicates skipped).
        mapped: ``posting_id, industry_code, weight`` from the platform map.
        vocational_only: Count only the vocational-level part of each posting (S is the mix
            of *vocational* jobs): vocational 1, ``不限`` by ``unlimited_vocational``,
            本科+ 0; postings without education are skipped. Needs ``education``.

    Returns:
        ``industry_code, major_class, count`` (float: weighted postings).
    """
    col = "major_class" if "major_class" in classified.columns else "major_code"
    if col not in classified.columns or "posting_id" not in classified.columns:
        raise ValidationError("classified postings lack columns", ["need posting_id and major_class (or major_code)"])
    classified = _drop_duplicates(classified)
    # Unclassified postings (major_class "") are not evidence for any class.
    df = classified[classified[col].notna() & (classified[col].astype(str).str.strip() != "")].copy()
    df["major_class"] = _major_class_codes(df[col].astype(str), "classified postings")
    w = df["weight"].astype(float) if "weight" in df.columns else pd.Series(1.0, index=df.index)
    if vocational_only:
        if "education" not in df.columns:
            raise ValidationError("vocational_only needs an education column", ["classified postings lack 'education'"],
                                  hint="pass education, or vocational_only=False")
        w = w * vocational_weight(df["education"], unlimited_vocational).fillna(0.0)
    df = df.assign(pw=w.to_numpy())[["posting_id", "major_class", "pw"]]
    long = mapped[["posting_id", "industry_code", "weight"]].merge(df, on="posting_id", how="inner")
    long["count"] = long["weight"] * long["pw"]
    long = expand_sections(long[["industry_code", "major_class", "count"]], ["count"])
    long["industry_code"] = _industry_codes(long["industry_code"], "mapped postings")
    out = long.groupby(["industry_code", "major_class"], as_index=False)["count"].sum()
    return out[out["count"] > 0].reset_index(drop=True)


_DEST_ITEM = re.compile(r"^\s*([A-Za-z]?\s*\d{2,4}|[A-Za-z])\s*[:：]\s*(\d+(?:\.\d+)?)\s*$")


def graduate_destination_counts(graduates: pd.DataFrame) -> pd.DataFrame:
    """Evidence counts from graduates' destination industries per division × major class.

    Args:
        graduates: The lake's ``graduates`` table: ``major_code`` (6-digit 2021 code) and
            ``destination_industries`` (``"C38:12;I65:4"`` = 12 graduates went to division
            38, 4 to 65). Classes are the first 4 digits of the major.

    Returns:
        ``industry_code, major_class, count, n_synthetic`` (``n_synthetic``: the part of
        ``count`` from rows whose ``status`` is ``synthetic``, so that synthetic evidence
        stays labelled downstream).

    Raises:
        ValidationError: Naming each row with an unparseable item or unknown code.
    """
    failures: list[str] = []
    recs: list[tuple[str, str, float, float]] = []
    if graduates is None or len(graduates) == 0:
        return pd.DataFrame({"industry_code": pd.Series(dtype="string"), "major_class": pd.Series(dtype="string"),
                             "count": pd.Series(dtype=float), "n_synthetic": pd.Series(dtype=float)})
    missing = [c for c in ("major_code", "destination_industries") if c not in graduates.columns]
    if missing:
        raise ValidationError("graduates table lacks columns", [f"missing {c!r}" for c in missing],
                              hint="the lake's graduates table carries major_code and destination_industries")
    synthetic = (graduates["status"].astype(str) == "synthetic").to_numpy() if "status" in graduates.columns \
        else np.zeros(len(graduates), dtype=bool)
    for i, (major, dest) in enumerate(zip(graduates["major_code"], graduates["destination_industries"])):
        if dest is None or (isinstance(dest, float) and np.isnan(dest)) or not str(dest).strip():
            continue
        try:
            klass = normalise_major_class(major)
        except CodeError as exc:
            failures.append(f"graduates row {i}: major {major!r}: {exc.message}")
            continue
        for item in re.split(r"[;；,]", str(dest)):
            if not item.strip():
                continue
            m = _DEST_ITEM.match(item)
            if not m:
                failures.append(f"graduates row {i}: destination item {item!r} is not CODE:COUNT")
                continue
            try:
                code = normalise_industry(m.group(1).replace(" ", ""))
            except CodeError as exc:
                failures.append(f"graduates row {i}: {exc.message}")
                continue
            n = float(m.group(2))
            recs.append((code, klass, n, n if synthetic[i] else 0.0))
    if failures:
        raise ValidationError("graduates: bad destination_industries", failures,
                              hint='write destinations as "C38:12;I65:4" (GB/T 4754 division:count)')
    long = pd.DataFrame(recs, columns=["industry_code", "major_class", "count", "n_synthetic"])
    long = expand_sections(long, ["count", "n_synthetic"])
    out = long.groupby(["industry_code", "major_class"], as_index=False)[["count", "n_synthetic"]].sum()
    return out[out["count"] > 0].reset_index(drop=True)


# ---------------------------------------------------------------------------- staffing
def staffing_matrix(
    prior: pd.DataFrame | None = None,
    posting_counts: pd.DataFrame | None = None,
    graduate_counts: pd.DataFrame | None = None,
    alpha: float = DEFAULT_ALPHA,
    overrides: pd.DataFrame | None = None,
    posting_weight: float = 1.0,
    graduate_weight: float = 1.0,
    *,
    postings: pd.DataFrame | None = None,
    industry_links: pd.DataFrame | None = None,
    graduates: pd.DataFrame | None = None,
    overrides_path: Path | str | None = None,
    unlimited_vocational: float = DEFAULT_UNLIMITED_VOCATIONAL,
    posting_cap: float | None = None,
) -> pd.DataFrame:
    """The staffing matrix S[i, m] as a Dirichlet posterior per division.

    ``S[i, ·] = normalise(α·prior[i, ·] + w_p·λ_i·postings[i, ·] + w_g·graduates[i, ·])``,
    λ_i = min(1, cap / Σ_m postings[i, m]) when ``posting_cap`` is given, else 1.

    Args:
        prior: ``industry_code, major_class, weight`` (default: the packaged prior).
        posting_counts: ``industry_code, major_class, count`` from :func:`posting_major_counts`.
        graduate_counts: Same, from :func:`graduate_destination_counts`.
        alpha: Prior strength α ≥ 0 (pseudo-counts). With no evidence S = prior for any α.
        overrides: ``industry_code, major_class, share, note``: replaces a division's whole
            row (shares renormalised; other cells of the row get 0), provenance ``override``.
        posting_weight: w_p, weight of one classified posting relative to one graduate.
        graduate_weight: w_g.
        postings: Classified postings (instead of ``posting_counts``): counted with
            :func:`posting_major_counts` against ``industry_links``.
        industry_links: ``posting_id, industry_code, weight`` (the platform map's output).
        graduates: The ``graduates`` table (instead of ``graduate_counts``), counted with
            :func:`graduate_destination_counts`.
        overrides_path: Workspace override CSV; used when it exists and ``overrides`` is None.
        unlimited_vocational: 不限 split used when counting ``postings``.
        posting_cap: Most that a division's postings can weigh, in observations (None: no
            cap). Postings are not a random sample of a division's jobs: online ads
            over-represent office and IT work, and a collection covers the cities and sites
            it was scraped from. The bias of such a sample does not shrink as it grows, so
            2,000 of them are not 2,000 observations of the division's mix; capped, they move
            the prior at most as far as ``posting_cap`` observations would.

    Returns:
        ``mart_staffing``: ``industry_code, major_class, share, prior_share, n_postings,
        n_graduates, provenance, status, note``; shares sum to 1 per division; every
        division. ``status`` is ``synthetic`` for a division whose evidence includes rows
        labelled synthetic (e.g. the demo's generated graduates), else ``estimated``.
    """
    if alpha < 0 or posting_weight < 0 or graduate_weight < 0:
        raise ValidationError("staffing matrix: alpha and evidence weights must be >= 0",
                              [f"alpha={alpha}, posting_weight={posting_weight}, graduate_weight={graduate_weight}"])
    if postings is not None and len(postings) and industry_links is not None and len(industry_links):
        if posting_counts is not None:
            raise ValidationError("staffing matrix: give posting_counts or postings, not both", [])
        vocational_only = "education" in postings.columns
        posting_counts = posting_major_counts(postings, industry_links, vocational_only=vocational_only,
                                              unlimited_vocational=unlimited_vocational)
    if graduates is not None and len(graduates):
        if graduate_counts is not None:
            raise ValidationError("staffing matrix: give graduate_counts or graduates, not both", [])
        graduate_counts = graduate_destination_counts(graduates)
    if overrides is None and overrides_path is not None and Path(overrides_path).is_file():
        overrides = read_overrides(overrides_path, kind="staffing")
    prior = read_staffing_prior() if prior is None else validate_staffing_prior(prior)
    cells = prior[["industry_code", "major_class", "weight"]].rename(columns={"weight": "prior_share"})
    cells = cells.merge(_evidence(posting_counts, "posting_counts", "n_postings"),
                        on=["industry_code", "major_class"], how="outer")
    cells = cells.merge(_evidence(graduate_counts, "graduate_counts", "n_graduates"),
                        on=["industry_code", "major_class"], how="outer")
    cells = cells.fillna({"prior_share": 0.0, "n_postings": 0.0, "n_graduates": 0.0,
                          "n_postings_synthetic": 0.0, "n_graduates_synthetic": 0.0})
    unknown_div = sorted(set(cells["industry_code"]) - set(_divisions()["industry_code"]))
    if unknown_div:
        raise ValidationError("staffing evidence names unknown divisions", [f"division {c!r}" for c in unknown_div])

    if posting_cap is not None and posting_cap < 0:
        raise ValidationError("staffing matrix: posting_cap must be >= 0", [f"posting_cap={posting_cap}"])
    n_post = cells["n_postings"]
    if posting_cap is not None:
        per_div = n_post.groupby(cells["industry_code"]).transform("sum")
        n_post = n_post * np.minimum(1.0, posting_cap / per_div.where(per_div > 0, np.inf))
    ev = posting_weight * n_post + graduate_weight * cells["n_graduates"]
    mass = alpha * cells["prior_share"] + ev
    row_ev = ev.groupby(cells["industry_code"]).transform("sum")
    row_mass = mass.groupby(cells["industry_code"]).transform("sum")
    cells["share"] = np.where(row_mass > 0, mass / row_mass.where(row_mass > 0, 1.0), cells["prior_share"])
    cells["provenance"] = np.where(row_ev > 0, "posterior", "prior")
    # A division whose evidence includes synthetic rows (the demo's generated graduates) is
    # labelled synthetic; otherwise the shares are estimates (expert prior ± real evidence).
    syn = (cells["n_postings_synthetic"] + cells["n_graduates_synthetic"]).groupby(cells["industry_code"]).transform("sum")
    cells["status"] = np.where(syn > 0, "synthetic", "estimated")
    cells["note"] = ""
    if overrides is not None and len(overrides):
        cells = _apply_overrides(cells, validate_overrides(overrides, kind="staffing"))
    cells = cells.sort_values(["industry_code", "share", "major_class"], ascending=[True, False, True])
    for c in ("industry_code", "major_class"):
        cells[c] = cells[c].astype("string")
    return cells[STAFFING_COLUMNS].reset_index(drop=True)


def _evidence(counts: pd.DataFrame | None, what: str, name: str) -> pd.DataFrame:
    if counts is None or len(counts) == 0:
        return pd.DataFrame({"industry_code": pd.Series(dtype=str), "major_class": pd.Series(dtype=str),
                             name: pd.Series(dtype=float), f"{name}_synthetic": pd.Series(dtype=float)})
    missing = [c for c in ("industry_code", "major_class", "count") if c not in counts.columns]
    if missing:
        raise ValidationError(f"{what} lacks columns", [f"missing {c!r}" for c in missing])
    df = counts[["industry_code", "major_class", "count"]].copy()
    df["n_synthetic"] = pd.to_numeric(counts["n_synthetic"], errors="coerce").fillna(0.0) \
        if "n_synthetic" in counts.columns else 0.0
    df["count"] = pd.to_numeric(df["count"], errors="coerce")
    bad = df["count"].isna() | (df["count"] < 0)
    if bad.any():
        raise ValidationError(f"{what}: counts must be numbers >= 0",
                              [f"row {i}: count {counts.at[i, 'count']!r}" for i in df.index[bad]])
    df = expand_sections(df.assign(industry_code=_industry_codes(df["industry_code"], what)), ["count", "n_synthetic"])
    df["major_class"] = _major_class_codes(df["major_class"], what)
    df["industry_code"] = df["industry_code"].astype(str)
    df["major_class"] = df["major_class"].astype(str)
    out = df.groupby(["industry_code", "major_class"], as_index=False)[["count", "n_synthetic"]].sum()
    return out.rename(columns={"count": name, "n_synthetic": f"{name}_synthetic"})


def _apply_overrides(cells: pd.DataFrame, ov: pd.DataFrame) -> pd.DataFrame:
    ov = ov.groupby(["industry_code", "major_class"], as_index=False).agg(share=("share", "sum"), note=("note", "last"))
    ov["share"] = ov["share"] / ov.groupby("industry_code")["share"].transform("sum")
    hit = cells["industry_code"].isin(set(ov["industry_code"]))
    keep = cells[~hit]
    row = cells[hit].drop(columns=["share", "note"]).merge(
        ov.rename(columns={"share": "ov_share"}), on=["industry_code", "major_class"], how="outer")
    row = row.fillna({"prior_share": 0.0, "n_postings": 0.0, "n_graduates": 0.0, "ov_share": 0.0,
                      "n_postings_synthetic": 0.0, "n_graduates_synthetic": 0.0})
    notes = ov.groupby("industry_code")["note"].agg(lambda s: "; ".join(dict.fromkeys(x for x in s if x)))
    row["share"] = row["ov_share"]
    row["provenance"] = "override"
    row["status"] = "estimated"  # the analyst's value replaces any synthetic evidence
    row["note"] = row["industry_code"].map(notes).fillna("")
    row["note"] = np.where(row["note"] == "", "analyst override", "analyst override: " + row["note"])
    return pd.concat([keep, row.drop(columns=["ov_share"])], ignore_index=True)


def staffing_by_section(
    staffing: pd.DataFrame,
    division_weights: pd.DataFrame | Mapping[str, float] | None = None,
    vshare: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Aggregate S from divisions to sections, for when employment exists only by section.

    ``S[s, m] = Σ_d w_d·S[d, m] / Σ_d w_d`` over the divisions d of section s, with
    ``w_d`` the division's employment share where known. A section with no known weights
    uses equal weights; in a section with some known weights, divisions without one get 0
    (they were not reported). When ``vshare`` is given the weights become ``w_d·v_d``, so
    that ``E[s]·v[s]·S[s, m] = Σ_d E[d]·v[d]·S[d, m]`` exactly (use with
    :func:`vocational_share_by_section`).

    Args:
        staffing: ``mart_staffing`` (division rows).
        division_weights: ``industry_code, weight`` table or ``{code: weight}`` mapping.
        vshare: Optional ``mart_vocational_share``.

    Returns:
        ``industry_code`` (section letter), ``major_class, share, weight_basis``
        (``employment`` or ``equal``).
    """
    w = _division_weights(division_weights)
    s = staffing[["industry_code", "major_class", "share"]].merge(w, on="industry_code", how="inner")
    if vshare is not None:
        s = s.merge(vshare[["industry_code", "v"]], on="industry_code", how="left")
        s["w"] = s["w"] * s["v"].fillna(0.0)
    s["mass"] = s["w"] * s["share"]
    g = s.groupby(["section", "major_class"], as_index=False)["mass"].sum()
    tot = g.groupby("section")["mass"].transform("sum")
    g["share"] = np.where(tot > 0, g["mass"] / tot.where(tot > 0, 1.0), 0.0)
    basis = w.groupby("section")["weight_basis"].first()
    g["weight_basis"] = g["section"].map(basis)
    g = g[g["share"] > 0].rename(columns={"section": "industry_code"})
    g = g.sort_values(["industry_code", "share"], ascending=[True, False])
    return g[["industry_code", "major_class", "share", "weight_basis"]].reset_index(drop=True)


def vocational_share_by_section(
    vshare: pd.DataFrame, division_weights: pd.DataFrame | Mapping[str, float] | None = None
) -> pd.DataFrame:
    """``v[s] = Σ_d w_d·v_d / Σ_d w_d`` with the weights rule of :func:`staffing_by_section`.

    Returns:
        ``industry_code`` (section), ``v, weight_basis``.
    """
    w = _division_weights(division_weights)
    s = vshare[["industry_code", "v"]].merge(w, on="industry_code", how="inner")
    s["mass"] = s["w"] * s["v"]
    g = s.groupby("section", as_index=False).agg(mass=("mass", "sum"), w=("w", "sum"), weight_basis=("weight_basis", "first"))
    g["v"] = np.where(g["w"] > 0, g["mass"] / g["w"].where(g["w"] > 0, 1.0), np.nan)
    return g.rename(columns={"section": "industry_code"})[["industry_code", "v", "weight_basis"]]


def _division_weights(division_weights: pd.DataFrame | Mapping[str, float] | None) -> pd.DataFrame:
    divs = _divisions()[["industry_code", "section"]].copy()
    if division_weights is None:
        given = pd.DataFrame({"industry_code": pd.Series(dtype=str), "weight": pd.Series(dtype=float)})
    elif isinstance(division_weights, Mapping):
        given = pd.DataFrame(list(division_weights.items()), columns=["industry_code", "weight"])
    else:
        given = division_weights[["industry_code", "weight"]].copy()
    if len(given):
        given["industry_code"] = _industry_codes(given["industry_code"].astype(str), "division_weights").astype(str)
        given["weight"] = pd.to_numeric(given["weight"], errors="coerce")
        bad = given["weight"].isna() | (given["weight"] < 0) | given["industry_code"].str.isalpha()
        if bad.any():
            raise ValidationError("division_weights: need divisions with weights >= 0",
                                  [f"{c}: {x!r}" for c, x in zip(given["industry_code"][bad], given["weight"][bad])])
        given = given.groupby("industry_code", as_index=False)["weight"].sum()
    out = divs.merge(given, on="industry_code", how="left")
    known = out.groupby("section")["weight"].transform(lambda x: x.notna().any())
    out["w"] = np.where(known, out["weight"].fillna(0.0), 1.0)
    out["weight_basis"] = np.where(known, "employment", "equal")
    return out[["industry_code", "section", "w", "weight_basis"]]


# ---------------------------------------------------------------------------- show/export
def show_staffing(
    staffing: pd.DataFrame,
    industry: str | None = None,
    major_class: str | None = None,
    prior: pd.DataFrame | None = None,
    vshare: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rows of the staffing matrix with their evidence, for ``talentcast crosswalk show``.

    Args:
        staffing: ``mart_staffing``.
        industry: ``"C38"``, ``"38"`` (division) or ``"C"`` (all divisions of a section).
        major_class: ``"4603"`` (class), ``"460301"`` (its class) or ``"46"`` (category).
        prior: Staffing prior, for its per-cell ``reasoning`` (default: packaged prior).
        vshare: Optional ``mart_vocational_share`` to add ``v`` and ``v_provenance``.

    Returns:
        ``industry_code, industry_name, major_class, major_class_name, share, prior_share,
        n_postings, n_graduates, provenance, note, reasoning`` (+ ``v, v_provenance``): cells
        with a share, a prior or evidence, largest share first within each division.

    Raises:
        CodeError: If ``industry`` or ``major_class`` is not a known code.
    """
    df = staffing.copy()
    for col in ("status", "note", "provenance"):
        if col not in df.columns:
            df[col] = ""  # marts written before the column existed
    df["industry_code"] = df["industry_code"].astype(str)
    df["major_class"] = df["major_class"].astype(str)
    if industry is not None:
        code = normalise_industry(industry)
        if code.isalpha():
            divs = _divisions()
            df = df[df["industry_code"].isin(divs.loc[divs["section"] == code, "industry_code"])]
        else:
            df = df[df["industry_code"] == code]
    if major_class is not None:
        text = str(major_class).strip()
        if re.fullmatch(r"\d{2}", text):
            from talentcast.reference import majors

            cat = majors().validate(text)
            if cat.level != "category":
                raise CodeError(f"{text!r} is not a major category")
            df = df[df["major_class"].str[:2] == majors().higher_vocational_counterpart(text)]
        else:
            df = df[df["major_class"] == normalise_major_class(text)]
    # Keep overridden prior cells (share 0) visible: the reader sees what the override replaced.
    df = df[(df["share"] > 0) | (df["prior_share"] > 0) | (df["n_postings"] > 0) | (df["n_graduates"] > 0)]
    df = df.merge(_divisions()[["industry_code", "industry_name"]], on="industry_code", how="left")
    df = df.merge(_major_classes()[["major_class", "major_class_name"]], on="major_class", how="left")
    p = read_staffing_prior() if prior is None else prior
    if "reasoning" in p.columns:
        df = df.merge(p[["industry_code", "major_class", "reasoning"]].astype(str), on=["industry_code", "major_class"],
                      how="left")
        df["reasoning"] = df["reasoning"].fillna("")
    else:
        df["reasoning"] = ""
    cols = ["industry_code", "industry_name", "major_class", "major_class_name", "share", "prior_share",
            "n_postings", "n_graduates", "provenance", "status", "note", "reasoning"]
    if vshare is not None:
        v = vshare[["industry_code", "v", "provenance"]].rename(columns={"provenance": "v_provenance"})
        df = df.merge(v.astype({"industry_code": str}), on="industry_code", how="left")
        cols += ["v", "v_provenance"]
    df = df.sort_values(["industry_code", "share", "major_class"], ascending=[True, False, True])
    return df[cols].reset_index(drop=True)


_FORMULA_START = ("=", "+", "-", "@")


def export_staffing(staffing: pd.DataFrame, vshare: pd.DataFrame, out_dir: Path | str) -> list[Path]:
    """Write the staffing matrix and vocational shares as CSV and XLSX.

    Files: ``staffing.csv``, ``vocational_share.csv`` (UTF-8 with BOM so that Excel shows the
    Chinese names) and ``crosswalk.xlsx`` with sheets ``staffing`` and ``vocational_share``.
    Division and class names are added. In the workbook every string is written as text —
    a cell that starts with ``= + - @`` never becomes a formula — and codes stay strings
    (``"05"`` keeps its zero). Each file is written to a temporary name and renamed.

    Returns:
        The paths written, CSVs first.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    s = staffing.copy()
    s["industry_code"] = s["industry_code"].astype(str)
    s["major_class"] = s["major_class"].astype(str)
    s = s.merge(_divisions()[["industry_code", "industry_name"]], on="industry_code", how="left")
    s = s.merge(_major_classes()[["major_class", "major_class_name"]], on="major_class", how="left")
    first = ["industry_code", "industry_name", "major_class", "major_class_name"]
    s = s[first + [c for c in s.columns if c not in first]]
    v = vshare.copy()
    v["industry_code"] = v["industry_code"].astype(str)
    v = v.merge(_divisions()[["industry_code", "industry_name"]], on="industry_code", how="left")
    v = v[["industry_code", "industry_name"] + [c for c in v.columns if c not in ("industry_code", "industry_name")]]

    paths = []
    for name, df in (("staffing.csv", s), ("vocational_share.csv", v)):
        target = out / name
        atomic_write(target, lambda p, df=df: df.to_csv(p, index=False, encoding="utf-8-sig"))
        paths.append(target)
    target = out / "crosswalk.xlsx"
    atomic_write(target, lambda p: _write_xlsx(p, {"staffing": s, "vocational_share": v}))
    paths.append(target)
    return paths


def _write_xlsx(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    import xlsxwriter

    # strings_to_formulas=False: text is text, whatever it starts with (CSV/formula injection).
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False, "nan_inf_to_errors": True})
    try:
        head = wb.add_format({"bold": True})
        for name, df in sheets.items():
            ws = wb.add_worksheet(name)
            for j, col in enumerate(df.columns):
                ws.write_string(0, j, str(col), head)
            for i, row in enumerate(df.itertuples(index=False), start=1):
                for j, val in enumerate(row):
                    if val is None or (isinstance(val, float) and np.isnan(val)) or val is pd.NA:
                        continue
                    if isinstance(val, (bool, np.bool_)):
                        ws.write_boolean(i, j, bool(val))
                    elif isinstance(val, (int, float, np.integer, np.floating)):
                        ws.write_number(i, j, float(val))
                    elif str(val) != "":
                        ws.write_string(i, j, str(val))
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(len(df), 1), max(len(df.columns) - 1, 0))
    finally:
        wb.close()


