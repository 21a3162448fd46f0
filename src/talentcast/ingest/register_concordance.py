"""Concordance of higher-vocational major codes: 2004 and 2015 catalogues → 2021 catalogue.

No machine-readable official correspondence table (the MOE's 新旧专业对照表 for 2015→2021 or
2004→2015) was available offline, so the concordance is built from facts in the register
itself and the packaged 2021 catalogue, each row naming its evidence:

``exact_name``
    The old major's name equals a 2021 major's name (whitespace and bracket width ignored).
    Where a 专科 (41–59) and a 职业本科 (21–39) major share the name, the 专科 code is used.
``college_transition``
    Colleges that registered old code X in the edition's last year (2020 for 2015, 2015 for
    2004) and new code Y in the first year of the next edition, with name cores (see :func:`core_name`) at
    least :data:`TRANSITION_MIN_SIMILARITY` similar. Candidates are ranked by
    colleges × similarity; the top Y needs at
    least :data:`TRANSITION_MIN_COLLEGES` colleges and at least
    :data:`TRANSITION_MIN_SHARE` of the colleges that offered X in that last year and
    continued into the next year. ``n_colleges`` counts them.
``chain_2015``
    A 2004 code mapped through its 2015 successor (found by exact name or transition into the
    2015 edition) and that code's 2021 mapping.
``name_similarity``
    The best 2021 name by character similarity (``difflib`` ratio of the full names) is at
    least :data:`SIMILARITY_MIN`, beats the runner-up by :data:`SIMILARITY_MARGIN`, and one
    name's core (without the generic words in :data:`GENERIC`) is contained, in order, in the
    other's. The last test rejects look-alikes such as 路政管理 ~ 行政管理 (ratio 0.75).
``official``
    A pair from an official correspondence table passed with ``--official`` (none was found
    offline for this build; the packaged file has no such rows).
``unmapped``
    None of the above: ``code_2021`` is empty and the row is reported.

``n_colleges`` is always the number of colleges seen making the X → Y move between the two
editions' boundary years (0 where none did), so even name-based rows show whether colleges
followed them. Old (code, name) pairs are collected from the years each edition was current
(:data:`talentcast.ingest.programmes.EDITION_YEARS`); a code that appears with two names in
an edition gives one row per name.

Build the packaged file with ``python -m talentcast.ingest.register_concordance REGISTER_DIR``.
"""

from __future__ import annotations

import difflib
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from talentcast.ingest.programmes import (
    EDITION_YEARS,
    OFFERED,
    normalise_major_code,
    normalise_name,
    parse_year,
    read_register_file,
    register_status,
)
from talentcast.workspace import atomic_write

COLUMNS = ["old_edition", "old_code", "old_name", "code_2021", "name_2021", "evidence", "n_colleges"]
TRANSITION_MIN_SIMILARITY = 0.4
TRANSITION_MIN_COLLEGES = 2
TRANSITION_MIN_SHARE = 0.3
SIMILARITY_MIN = 0.75
SIMILARITY_MARGIN = 0.05
EVIDENCE = ("official", "exact_name", "college_transition", "chain_2015", "name_similarity", "unmapped")


#: Words every other major name carries; removed before comparing names, so that e.g.
#: 有色冶金技术 and 数控技术 do not look alike through 技术 alone.
GENERIC = ("工程技术", "技术", "工程", "管理", "应用", "服务", "智能", "现代", "运用", "与", "及", "和")


def core_name(name: str) -> str:
    """A major name without its generic words (see :data:`GENERIC`)."""
    out = name
    for g in GENERIC:
        out = out.replace(g, "")
    return out or name


def _sim(a: str, b: str) -> float:
    """Character similarity (difflib ratio) of the names' cores."""
    return difflib.SequenceMatcher(None, core_name(a), core_name(b)).ratio()


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _nested(a: str, b: str) -> bool:
    """Whether one name's core is contained, in order, in the other's (茶叶生产加工技术 ~ 茶叶生产与加工技术)."""
    ca, cb = core_name(a), core_name(b)
    short, long = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    return _is_subsequence(short, long)


def register_records(raw: pd.DataFrame) -> pd.DataFrame:
    """Slim, clean register records for the concordance (pure).

    Returns columns year (int), college (last 5 digits of the school code, else the name),
    code (normalised), name (normalised), edition (by year).
    """
    df = raw.copy()
    df["year"] = df["year_raw"].map(lambda v: parse_year(unicodedata.normalize("NFKC", str(v)).strip()) if isinstance(v, str) else None)
    # A withdrawn or suspended programme is no evidence of where a college's major moved.
    offered = df["note"].map(register_status).isin(OFFERED) if "note" in df.columns else True
    df = df[df["year"].notna() & df["major_code_src"].notna() & offered].copy()
    df["year"] = df["year"].astype(int)
    cc = df["college_code_src"].fillna("").astype(str).str.strip()
    # The last five digits identify a college across the 5- and 10-digit eras; 暂无 → name.
    numeric = cc.str.fullmatch(r"[0-9]{5}|[0-9]{10}")
    df["college"] = cc.str[-5:].where(numeric, "name:" + df["college_name"].fillna(""))
    df["code"] = df["major_code_src"].map(normalise_major_code)
    df["name"] = df["major_name_src"].fillna("").map(normalise_name)
    df = df[df["code"].str.fullmatch(r"[0-9]{6}K?")]
    df["edition"] = "2021"
    for ed, (lo, hi) in EDITION_YEARS.items():
        df.loc[df["year"].between(lo, hi), "edition"] = ed
    return df[["year", "college", "code", "name", "edition"]].reset_index(drop=True)


def _transitions(rec: pd.DataFrame, old_ed: str, new_ed: str) -> tuple[pd.DataFrame, dict[str, int]]:
    """College-level pairs (old code in old edition's last year, new code in next year)."""
    last_old = int(rec.loc[rec["edition"] == old_ed, "year"].max()) if (rec["edition"] == old_ed).any() else None
    new_years = rec.loc[rec["edition"] == new_ed, "year"]
    if last_old is None or new_years.empty:
        return pd.DataFrame(columns=["old_code", "old_name", "new_code", "new_name", "n"]), {}
    first_new = int(new_years.min())
    a = rec[(rec["year"] == last_old) & (rec["edition"] == old_ed)][["college", "code", "name"]].drop_duplicates()
    b = rec[(rec["year"] == first_new) & (rec["edition"] == new_ed)][["college", "code", "name"]].drop_duplicates()
    continuing = set(a["college"]) & set(b["college"])
    base = a[a["college"].isin(continuing)].groupby("code")["college"].nunique().to_dict()
    pairs = a.merge(b, on="college", suffixes=("_old", "_new"))
    pairs = pairs.groupby(["code_old", "name_old", "code_new", "name_new"])["college"].nunique().reset_index(name="n")
    pairs.columns = ["old_code", "old_name", "new_code", "new_name", "n"]
    return pairs, base


def _best_transition(pairs: dict[str, pd.DataFrame], base: dict[str, int], code: str, name: str) -> tuple[str, int] | None:
    cand = pairs.get(code)
    if cand is None or cand.empty:
        return None
    cand = cand.assign(sim=[_sim(name, n) for n in cand["new_name"]])
    # Rank by colleges × similarity: a college offering X and many other majors also "moves"
    # to all their successors, so raw counts alone favour popular unrelated majors.
    cand = cand[cand["sim"] >= TRANSITION_MIN_SIMILARITY].assign(score=lambda d: d["n"] * d["sim"])
    cand = cand.sort_values(["score", "n"], ascending=False)
    if cand.empty:
        return None
    top = cand.iloc[0]
    if top["n"] < TRANSITION_MIN_COLLEGES or top["n"] < TRANSITION_MIN_SHARE * base.get(code, 0):
        return None
    return str(top["new_code"]), int(top["n"])


def _pair_counts(pairs: pd.DataFrame) -> dict[tuple[str, str], int]:
    return pairs.groupby(["old_code", "new_code"])["n"].max().to_dict()


def _by_old(pairs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {k: g for k, g in pairs.groupby("old_code")}


def build_concordance(records: pd.DataFrame, catalogue: pd.DataFrame, official: pd.DataFrame | None = None) -> pd.DataFrame:
    """Build the old → 2021 concordance from register records and the 2021 catalogue (pure).

    Args:
        records: Output of :func:`register_records` (all years of the register).
        catalogue: The 2021 catalogue (code, level, name_zh).
        official: Optional official correspondence (old_edition, old_code, code_2021), e.g.
            transcribed from the MOE's 新旧专业对照表; its pairs win over every rule
            (evidence ``official``). For 2004 codes an official 2004 → 2015 table can be given
            with ``code_2021`` holding the 2015 code and ``old_edition`` ``"2004>2015"``; the
            chain then runs through it.

    Returns:
        One row per old (edition, code, name) with :data:`COLUMNS`, sorted.
    """
    maj = catalogue[catalogue["level"].astype(str) == "major"]
    cat = {normalise_major_code(c): normalise_name(n) for c, n in zip(maj["code"], maj["name_zh"])}
    by_name: dict[str, list[str]] = {}
    for c, n in cat.items():
        by_name.setdefault(n, []).append(c)
    for v in by_name.values():
        v.sort(key=lambda c: (not ("41" <= c[:2] <= "59"), c))
    specialist = {c: n for c, n in cat.items() if "41" <= c[:2] <= "59"}

    t15_21, base15 = _transitions(records, "2015", "2021")
    t04_15, base04 = _transitions(records, "2004", "2015")
    by15, by04 = _by_old(t15_21), _by_old(t04_15)
    n15, n04 = _pair_counts(t15_21), _pair_counts(t04_15)
    out: list[dict] = []

    def similar(name: str) -> str | None:
        chars = set(name)
        scored = []
        for c, n in specialist.items():
            if not chars & set(n):
                continue  # no character in common: ratio 0
            sm = difflib.SequenceMatcher(None, name, n)
            if sm.quick_ratio() < SIMILARITY_MIN - SIMILARITY_MARGIN - 0.3:
                continue  # cannot be the best nor a close runner-up (quick_ratio bounds ratio)
            scored.append((sm.ratio(), c))
        scored.sort(reverse=True)
        if not scored:
            return None
        best, runner = scored[0], scored[1] if len(scored) > 1 else (0.0, "")
        if best[0] >= SIMILARITY_MIN and best[0] - runner[0] >= SIMILARITY_MARGIN and _nested(name, specialist[best[1]]):
            return best[1]
        return None

    off: dict[tuple[str, str], str] = {}
    if official is not None and not official.empty:
        for ed, oc, nc in official[["old_edition", "old_code", "code_2021"]].astype(str).itertuples(index=False):
            off[(ed.strip(), normalise_major_code(oc))] = normalise_major_code(nc)
    old15 = records[records["edition"] == "2015"][["code", "name"]].drop_duplicates()
    map15: dict[str, str | None] = {}
    for code, name in sorted(old15.itertuples(index=False)):
        if ("2015", code) in off:
            new, ev = off[("2015", code)], "official"
        elif name in by_name:
            new, ev = by_name[name][0], "exact_name"
        elif (bt := _best_transition(by15, base15, code, name)) is not None:
            new, ev = bt[0], "college_transition"
        elif (s := similar(name)) is not None:
            new, ev = s, "name_similarity"
        else:
            new, ev = None, "unmapped"
        map15.setdefault(code, new)
        out.append({"old_edition": "2015", "old_code": code, "old_name": name, "code_2021": new, "evidence": ev, "n_colleges": n15.get((code, new), 0) if new else 0})

    old04 = records[records["edition"] == "2004"][["code", "name"]].drop_duplicates()
    names15 = {n: c for c, n in old15.itertuples(index=False)}
    for code, name in sorted(old04.itertuples(index=False)):
        n_col = 0
        if ("2004", code) in off:
            new, ev = off[("2004", code)], "official"
        elif name in by_name:
            new, ev = by_name[name][0], "exact_name"
        else:
            via = off.get(("2004>2015", code)) or names15.get(name)
            if via is None:
                bt = _best_transition(by04, base04, code, name)
                via = bt[0] if bt else None
            if via is not None and map15.get(via):
                new, ev = map15[via], "chain_2015"
                n_col = n04.get((code, via), 0)
            elif (s := similar(name)) is not None:
                new, ev = s, "name_similarity"
            else:
                new, ev = None, "unmapped"
        out.append({"old_edition": "2004", "old_code": code, "old_name": name, "code_2021": new, "evidence": ev, "n_colleges": n_col})

    df = pd.DataFrame(out, columns=[c for c in COLUMNS if c != "name_2021"])
    orig = {normalise_major_code(c): str(n) for c, n in zip(maj["code"], maj["name_zh"])}
    df["name_2021"] = df["code_2021"].map(lambda c: None if c is None or pd.isna(c) else orig.get(c))
    df["n_colleges"] = df["n_colleges"].astype("int64")
    return df[COLUMNS].sort_values(["old_edition", "old_code", "old_name"]).reset_index(drop=True)


def concordance_from_files(paths: Iterable[Path], catalogue: pd.DataFrame, official: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read register files and build the concordance (I/O edge for the script)."""
    raws = [read_register_file(Path(p))[0] for p in sorted(paths)]
    return build_concordance(register_records(pd.concat(raws, ignore_index=True)), catalogue, official)


def summary(conc: pd.DataFrame) -> pd.DataFrame:
    """Rows per edition and evidence (the report on what was mapped and what was not)."""
    return conc.groupby(["old_edition", "evidence"]).size().unstack(fill_value=0)


def main(argv: list[str] | None = None) -> int:
    """``python -m talentcast.ingest.register_concordance REGISTER_DIR [OUT_CSV] [--official CSV]``."""
    from talentcast.resources import resource_path

    argv = list(sys.argv[1:] if argv is None else argv)
    official = None
    if "--official" in argv:
        i = argv.index("--official")
        official = pd.read_csv(argv[i + 1], dtype=str, keep_default_na=False)
        del argv[i : i + 2]
    if not argv:
        print(main.__doc__)
        return 2
    src = Path(argv[0])
    out = Path(argv[1]) if len(argv) > 1 else resource_path("data") / "crosswalk" / "major_concordance.csv"
    files = sorted(p for p in src.iterdir() if p.is_file() and ".txt" in p.suffixes) if src.is_dir() else [src]
    catalogue = pd.read_csv(resource_path("data") / "reference" / "vocational_majors_2021.csv", dtype=str, keep_default_na=False)
    conc = concordance_from_files(files, catalogue, official)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, lambda tmp: conc.to_csv(tmp, index=False))
    print(summary(conc).to_string())
    print(f"wrote {len(conc)} rows to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
