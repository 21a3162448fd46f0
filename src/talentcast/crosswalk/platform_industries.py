"""Recruitment-platform industry labels and codes → GB/T 4754-2017 divisions (or sections).

Every platform (智联招聘, 前程无忧, BOSS直聘, 拉勾, 猎聘) tags a posting with its own industry
list. ``data/crosswalk/platform_industries/<platform>.csv`` maps each label (or the platform's
code for it) to one or more GB/T 4754-2017 divisions, or to a section letter where the label
does not say which division, with weights summing to 1 per label. The label is the fact; the
mapping is a documented judgement (``note`` per row, README.staffing.md).

A posting may carry several labels or codes (智联: ``"210500,160000,170000"``; 拉勾:
``"移动互联网,金融"``). Each label the map knows gets an equal share of the posting, split
further by the map's weights, so a posting's weights sum to 1. Labels the map does not know
are never dropped silently: :func:`map_platform_industries` returns them with their counts.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from talentcast.errors import InputFileError, ValidationError
from talentcast.resources import resource_path

PLATFORMS: tuple[str, ...] = ("zhaopin", "51job", "boss", "lagou", "liepin")
MAP_COLUMNS: tuple[str, ...] = ("platform", "label_or_code", "label_zh", "gbt_code", "weight", "note")

# Names sources and files use for each platform; keys are compared after _norm_source().
_SOURCE_ALIASES: dict[str, str] = {
    "zhaopin": "zhaopin", "智联": "zhaopin", "智联招聘": "zhaopin", "zhilian": "zhaopin",
    "51job": "51job", "前程无忧": "51job", "qiancheng": "51job", "51": "51job",
    "boss": "boss", "boss直聘": "boss", "zhipin": "boss", "bosszhipin": "boss",
    "lagou": "lagou", "拉勾": "lagou", "拉勾网": "lagou",
    "liepin": "liepin", "猎聘": "liepin", "猎聘网": "liepin",
}
# Separators between several labels in one field. Full-width commas are NOT separators:
# 51job's label "检测，认证" contains one.
_SPLIT = re.compile(r"[,;；]")


def _norm_source(source: object) -> str:
    text = unicodedata.normalize("NFKC", str(source)).strip().lower()
    text = re.sub(r"[\s_\-]*(\d{4})$", "", text)  # "zhaopin_2019" -> "zhaopin"
    return text.replace(" ", "")


def platform_of(source: object) -> str | None:
    """The platform key (``"zhaopin"`` …) for a posting's ``source`` value, or ``None``.

    Accepts the keys themselves, Chinese names (``"智联招聘"``) and sample folder names
    (``"zhaopin_2019"``, ``"51job_2023"``).
    """
    return _SOURCE_ALIASES.get(_norm_source(source))


def normalise_label(label: object) -> str:
    """Canonical form of a platform label or code for matching.

    NFKC folds full-width brackets, slashes and digits to ASCII (``（`` → ``(``), outer and
    inner whitespace is removed (智联 writes ``" 160400"``), and ASCII letters are lower-cased
    (``"O2O"``/``"o2o"``).
    """
    text = unicodedata.normalize("NFKC", str(label))
    return re.sub(r"\s+", "", text).lower()


def platform_maps_dir() -> Path:
    """Folder of the packaged platform maps (``data/crosswalk/platform_industries``)."""
    return resource_path("data") / "crosswalk" / "platform_industries"


def read_platform_maps(folder: Path | str | None = None) -> pd.DataFrame:
    """Read and validate every ``<platform>.csv`` map in ``folder`` (default: packaged maps).

    Returns:
        One table with columns ``platform, label_or_code, label_zh, gbt_code, weight, note``
        plus ``key`` (the normalised label). Rows with an empty ``gbt_code`` are labels left
        unmapped on purpose (``"其他"``); they stay in the table so that they are reported as
        known-but-unmappable rather than unknown.

    Raises:
        InputFileError: If the folder has no map files.
        ValidationError: Listing every bad row: unknown platform, invalid GB/T code (must be
            a division or section of GB/T 4754-2017), weights not summing to 1 per label,
            duplicate targets.
    """
    folder = Path(folder) if folder is not None else platform_maps_dir()
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise InputFileError(f"no platform industry maps (*.csv) in {folder}",
                             hint="reinstall talentcast or point to a folder of <platform>.csv files")
    frames = []
    for path in files:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        missing = [c for c in MAP_COLUMNS if c not in df.columns]
        if missing:
            raise ValidationError(f"{path}: missing columns {missing}", [f"{path}: header is {list(df.columns)}"])
        df = df[list(MAP_COLUMNS)].copy()
        df["file"] = path.name
        df["line"] = np.arange(2, len(df) + 2)
        frames.append(df)
    maps = pd.concat(frames, ignore_index=True)
    return _validate_maps(maps)


@cache
def _packaged_maps() -> pd.DataFrame:
    return read_platform_maps()


def _validate_maps(maps: pd.DataFrame) -> pd.DataFrame:
    from talentcast.reference import industries

    ind = industries()
    failures: list[str] = []
    maps = maps.copy()
    maps["platform"] = maps["platform"].str.strip()
    maps["gbt_code"] = maps["gbt_code"].str.strip()
    maps["key"] = maps["label_or_code"].map(normalise_label)
    where = maps["file"] + ":" + maps["line"].astype(str)
    for w, p in zip(where[~maps["platform"].isin(PLATFORMS)], maps["platform"][~maps["platform"].isin(PLATFORMS)]):
        failures.append(f"{w}: platform {p!r} is not one of {PLATFORMS}")
    mapped = maps["gbt_code"] != ""
    codes = []
    for w, code in zip(where, maps["gbt_code"]):
        if code == "":
            codes.append("")
            continue
        c = ind.get(code)
        if c is None or c.level not in ("division", "section"):
            failures.append(f"{w}: gbt_code {code!r} is not a GB/T 4754-2017 division or section")
            codes.append(code)
        else:
            codes.append(c.code)
    maps["gbt_code"] = codes
    weight = pd.to_numeric(maps["weight"].where(mapped, "0"), errors="coerce")
    for w, raw in zip(where[weight.isna() | (weight < 0)], maps["weight"][weight.isna() | (weight < 0)]):
        failures.append(f"{w}: weight {raw!r} is not a non-negative number")
    maps["weight"] = weight.fillna(0.0).astype(float)
    sums = maps[mapped].groupby(["platform", "key"])["weight"].sum()
    for (platform, key), total in sums.items():
        if abs(total - 1.0) > 1e-6:
            failures.append(f"{platform} label {key!r}: weights sum to {total:g}, not 1")
    both = maps.groupby(["platform", "key"])["gbt_code"].agg(lambda s: (s == "").any() and (s != "").any())
    for (platform, key) in both[both].index:
        failures.append(f"{platform} label {key!r}: both unmapped and mapped rows")
    dup = maps[mapped].duplicated(["platform", "key", "gbt_code"], keep=False)
    for w in where[mapped][dup]:
        failures.append(f"{w}: the same label → code pair appears twice")
    if failures:
        raise ValidationError("platform industry maps are invalid", failures,
                              hint="fix the rows named above in data/crosswalk/platform_industries/")
    return maps.drop(columns=["line"]).reset_index(drop=True)


def map_platform_industries(
    postings: pd.DataFrame, maps: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map postings' platform industry labels or codes to GB/T 4754-2017 divisions/sections.

    Args:
        postings: Columns ``source`` (platform name, see :func:`platform_of`) and
            ``industry_raw`` (one label or code, or several separated by ``,`` or ``;``);
            ``posting_id`` if present, else the index is used as the posting id.
        maps: Output of :func:`read_platform_maps`; default the packaged maps.

    Returns:
        ``(mapped, unknown)``.
        ``mapped``: long table ``posting_id, industry_code, weight`` (``industry_code`` a
        division ``"38"`` or a section ``"B"``); weights sum to 1 per posting. A posting
        appears only if at least one of its labels is mapped; known labels share the posting
        equally, and within a label the map's weights apply.
        ``unknown``: ``label, source, count`` (count = postings carrying the label), most
        frequent first: labels the map does not know, and labels mapped to nothing on purpose
        (``"其他"``, flagged ``reason='unmappable'``) — column ``reason`` in
        {``unknown_label``, ``unmappable``, ``unknown_platform``}. Nothing is dropped silently.

    Raises:
        ValidationError: If ``postings`` lacks ``source`` or ``industry_raw``.
    """
    missing = [c for c in ("source", "industry_raw") if c not in postings.columns]
    if missing:
        raise ValidationError("cannot map platform industries", [f"postings table lacks column {c!r}" for c in missing],
                              hint="pass a table with columns source and industry_raw")
    maps = _packaged_maps() if maps is None else maps
    if "key" not in maps.columns:
        maps = _validate_maps(maps.assign(file="maps", line=np.arange(2, len(maps) + 2)))
    ids = postings["posting_id"] if "posting_id" in postings.columns else pd.Series(postings.index, index=postings.index)
    if len(postings) == 0:
        return (pd.DataFrame({"posting_id": ids.iloc[:0].to_numpy(), "industry_code": pd.Series(dtype="string"),
                              "weight": pd.Series(dtype=float)}),
                pd.DataFrame({"label": pd.Series(dtype=str), "source": pd.Series(dtype=str),
                              "count": pd.Series(dtype="int64"), "reason": pd.Series(dtype=str)}))
    source = postings["source"].astype("string").fillna("").to_numpy(dtype=object)
    raw = postings["industry_raw"].astype("string").fillna("").to_numpy(dtype=object)
    pid, pid_uniques = pd.factorize(ids, sort=False)
    # Postings repeat a few thousand distinct (source, field) values: resolve each once.
    uid, uniq = pd.factorize(pd.MultiIndex.from_arrays([source, raw]), sort=False)
    n_fields = max(len(uniq), 1)
    blank = np.array([not str(r).strip() for _, r in uniq], dtype=bool)
    keep = (pid >= 0) & ~blank[uid] if len(uid) else np.zeros(0, dtype=bool)
    # One row per posting × distinct field (a posting listed twice counts once).
    pairs = np.unique(pid[keep].astype(np.int64) * n_fields + uid[keep])
    pid_k, uid_k = pairs // n_fields, pairs % n_fields
    resolved = _resolve_fields(uniq, maps)  # uid, gbt_code, weight  |  uid, token, reason
    mapped = _expand_to_postings(pid_k, uid_k, pid_uniques, resolved["mapped"], n_fields)

    n_posts = pd.DataFrame({"uid": np.arange(n_fields), "n": np.bincount(uid_k, minlength=n_fields)})
    unk = resolved["unknown"].merge(n_posts, on="uid").assign(source=lambda d: [uniq[u][0] for u in d["uid"]])
    unknown = (
        unk.groupby(["token", "source", "reason"], as_index=False)["n"].sum()
        .rename(columns={"token": "label", "n": "count"})
        .sort_values(["count", "source", "label"], ascending=[False, True, True])
        .reset_index(drop=True)
    )
    unknown["count"] = unknown["count"].astype("int64")
    return mapped.reset_index(drop=True), unknown[["label", "source", "count", "reason"]]


def _expand_to_postings(
    pid: np.ndarray, uid: np.ndarray, pid_uniques, per_field: pd.DataFrame, n_fields: int
) -> pd.DataFrame:
    """Give every posting the weighted codes of its field; sum per posting × code.

    Integer gathers instead of a merge + string groupby: postings are millions of rows, the
    distinct fields a few thousand. A posting listed with two different fields gives each
    field an equal share, so weights still sum to 1 per posting. Rows come out in the order
    postings first appear in the input.
    """
    empty = pd.DataFrame({"posting_id": pd.Series(dtype=object), "industry_code": pd.Series(dtype="string"),
                          "weight": pd.Series(dtype=float)})
    if per_field.empty or len(uid) == 0:
        return empty
    code, code_uniques = pd.factorize(per_field["gbt_code"], sort=False)
    order = np.argsort(per_field["uid"].to_numpy(), kind="stable")
    f_uid = per_field["uid"].to_numpy()[order]
    f_code = code[order]
    f_w = per_field["weight"].to_numpy(dtype=float)[order]
    counts = np.bincount(f_uid, minlength=n_fields)
    starts = np.cumsum(counts) - counts
    per_row = counts[uid]
    rows = np.repeat(np.arange(len(uid)), per_row)
    if len(rows) == 0:
        return empty
    within = np.arange(len(rows)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    src = starts[uid][rows] + within
    n_codes = len(code_uniques)
    key = pid[rows].astype(np.int64) * n_codes + f_code[src]
    keys, inverse = np.unique(key, return_inverse=True)
    weight = np.bincount(inverse, weights=f_w[src])
    kp = keys // n_codes
    total = np.bincount(kp, weights=weight)
    return pd.DataFrame({
        "posting_id": pid_uniques[kp],
        "industry_code": pd.array(np.asarray(code_uniques, dtype=object)[keys % n_codes], dtype="string"),
        "weight": weight / total[kp],
    })


def _resolve_fields(fields: pd.MultiIndex | pd.Index, maps: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Resolve each distinct ``(source, industry_raw)`` to weighted codes and unknown labels.

    The whole field is tried first (a label may contain a separator-like character), then its
    parts. Known labels share the field equally; within a label the map's weights apply.
    """
    table: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for p, k, code, w in zip(maps["platform"], maps["key"], maps["gbt_code"], maps["weight"]):
        table.setdefault((p, k), [])
        if code:
            table[(p, k)].append((code, float(w)))
    m_rows: list[tuple[int, str, float]] = []
    u_rows: list[tuple[int, str, str]] = []
    for uid, (source, raw) in enumerate(fields):
        platform = platform_of(source)
        whole = normalise_label(raw)
        if platform is not None and (platform, whole) in table:
            parts = [(str(raw).strip(), whole)]
        else:
            parts = []
            for tok in _SPLIT.split(str(raw)):
                key = normalise_label(tok)
                if key and key not in {k for _, k in parts}:
                    parts.append((tok.strip(), key))
        known = []
        for tok, key in parts:
            if platform is None:
                u_rows.append((uid, tok, "unknown_platform"))
            elif (platform, key) not in table:
                u_rows.append((uid, tok, "unknown_label"))
            elif not table[(platform, key)]:
                u_rows.append((uid, tok, "unmappable"))
            else:
                known.append(table[(platform, key)])
        for targets in known:
            for code, w in targets:
                m_rows.append((uid, code, w / len(known)))
    return {
        "mapped": pd.DataFrame(m_rows, columns=["uid", "gbt_code", "weight"]),
        "unknown": pd.DataFrame(u_rows, columns=["uid", "token", "reason"]),
    }
