"""Ingest graduates (employment outcomes) and enrollment per college × major × year.

There is no public sample of these; the input format is defined here and documented in
docs/data-dictionary.md: a csv/tsv/xlsx (gzip ok) with one row per college × major × year and
the columns below (Chinese or English headers; ``mapping`` overrides). Majors are given by
2021-catalogue code or name; a name or code not in the catalogue keeps ``major_code`` null
(older catalogue names are mapped only where a concordance states the fact).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from talentcast.errors import InputFileError
from talentcast.ingest import guards
from talentcast.ingest.cells import clean_text_array
from talentcast.ingest.common import FileContext, IngestReport, fill_rates, ingest_with, replaced_names
from talentcast.ingest.headers import resolve_columns
from talentcast.ingest.readers import iter_arrow_batches
from talentcast.lake import Lake

COMMON = {
    "college_code": ("college_code", "学校代码", "学校标识码", "院校代码", "school_code"),
    "college_name": ("college_name", "学校名称", "院校名称", "学校", "院校", "college", "school"),
    "major_code": ("major_code", "专业代码", "code"),
    "major_name": ("major_name", "专业名称", "专业", "major"),
    "year": ("year", "年份", "年度", "届别", "毕业年份", "招生年份", "学年"),
    "status": ("status", "数据状态"),
}
GRADUATES = {
    **COMMON,
    "graduates": ("graduates", "毕业生数", "毕业人数", "毕业生人数"),
    "employed": ("employed", "就业人数", "已就业人数"),
    "further_study": ("further_study", "升学人数", "升学"),
    "employed_in_province": ("employed_in_province", "省内就业人数", "省内就业"),
    "counterpart_employed": ("counterpart_employed", "专业对口就业人数", "对口就业人数", "专业对口人数"),
    "starting_salary_cny_month": ("starting_salary_cny_month", "starting_salary", "起薪", "平均起薪", "月均起薪", "平均月收入"),
    "destination_industries": ("destination_industries", "就业行业", "去向行业"),
}
ENROLLMENT = {
    **COMMON,
    "new_students": ("new_students", "招生数", "新生数", "录取人数", "招生人数"),
    "students_in_school": ("students_in_school", "在校生数", "在校生人数", "在校人数"),
}
COUNTS = {
    "graduates": ("graduates", "employed", "further_study", "employed_in_province", "counterpart_employed"),
    "enrollment": ("new_students", "students_in_school"),
}
REQUIRED = {"graduates": ("graduates",), "enrollment": ()}


def _major_code(code: Any, name: Any) -> str | None:
    from talentcast.reference import majors

    m = majors()
    for v in (code,):
        if v:
            c = m.get(str(v).strip())
            if c is not None and len(c.code) >= 6:
                return c.code
    if name:
        hits = [c for c in m.by_name(str(name).strip()) if len(c.code) >= 6]
        if len({c.code for c in hits}) == 1:
            return hits[0].code
    return None


def normalise(df: pd.DataFrame, kind: str, *, status: str, source: str, file: str) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Normalise raw columns; returns (rows, reason, detail) with reason '' for accepted rows."""
    n = len(df)
    reason = pd.Series([""] * n, index=df.index, dtype=object)
    detail = pd.Series([""] * n, index=df.index, dtype=object)

    def flag(mask: pd.Series, r: str, d: str) -> None:
        m = mask & (reason == "")
        reason[m] = r
        detail[m] = d

    out = pd.DataFrame(index=df.index)
    s = lambda c: df[c].astype("string").str.strip().replace("", pd.NA) if c in df else pd.Series(pd.NA, index=df.index, dtype="string")  # noqa: E731
    out["college_code"] = s("college_code").astype(object)
    out["college_name"] = s("college_name").astype(object)
    flag(out["college_name"].isna(), "missing_required", "college_name empty")
    yr = pd.to_numeric(s("year").str.extract(r"(?<!\d)(\d{4})(?!\d)")[0], errors="coerce")
    flag(yr.isna(), "bad_year", "year missing or not a year")
    flag(guards.bad_year(yr), "bad_year", guards.year_detail())
    out["year"] = yr.astype("Int64")
    codes, names = s("major_code"), s("major_name")
    out["major_name_src"] = names.fillna(codes).astype(object)
    flag(out["major_name_src"].isna(), "missing_required", "major code and name empty")
    pairs = pd.Series(list(zip(codes.fillna("").tolist(), names.fillna("").tolist())), index=df.index)
    uniq = {p: _major_code(*p) for p in set(pairs)}
    out["major_code"] = pairs.map(uniq)
    for c in COUNTS[kind]:
        raw = s(c)
        v = pd.to_numeric(raw.str.replace(",", ""), errors="coerce").astype("float64")
        for mask, r, d in guards.number_problems(raw, v, count=True, name=c):
            flag(mask, r, d)
        if c in REQUIRED[kind]:
            flag(v.isna(), "missing_required", f"{c} empty")
        ok = (reason == "") & v.notna()
        out[c] = v.where(ok).round().astype("Int64")
    if kind == "graduates":
        raw = s("starting_salary_cny_month")
        sal = pd.to_numeric(raw.str.replace(",", ""), errors="coerce").astype("float64")
        for mask, r, d in guards.number_problems(raw, sal, count=False, name="starting salary"):
            flag(mask, r, d)
        out["starting_salary_cny_month"] = sal.where(reason == "")
        out["destination_industries"] = s("destination_industries").astype(object)
        g = out["graduates"].astype("float64")
        for c in ("employed", "further_study", "counterpart_employed"):
            flag(out[c].astype("float64") > g, "inconsistent_counts", f"{c} > graduates")
        flag((out["employed"].astype("float64").fillna(0) + out["further_study"].astype("float64").fillna(0)) > g,
             "inconsistent_counts", "employed + further_study > graduates")
        flag(out["employed_in_province"].astype("float64") > out["employed"].astype("float64"), "inconsistent_counts", "employed_in_province > employed")
        flag(out["counterpart_employed"].astype("float64") > out["employed"].astype("float64"), "inconsistent_counts", "counterpart_employed > employed")
    text_cols = [c for c in df.columns if c not in COUNTS[kind]]
    flag(guards.unsafe_text(df, text_cols), "unsafe_content", "spreadsheet formula in a text field")
    flag(guards.oversized(df, text_cols), "field_too_large", f"a cell over {guards.CELL_LIMIT:,} characters")
    st = s("status").fillna(status)
    flag(~st.isin(["official", "estimated", "synthetic"]), "schema_violation", "status must be official, estimated or synthetic")
    out["status"] = st.astype(object)
    out["source"] = source
    out["file"] = file
    return out, reason, detail


KEY = ("college", "major", "year")  # college code (else name) × major code (else name) × year


def row_keys(out: pd.DataFrame) -> pd.Series:
    """The dedup key of normalised rows: college (code, else name), major (code, else name), year."""
    college = out["college_code"].fillna(out["college_name"]).astype(str)
    major = out["major_code"].fillna(out["major_name_src"]).astype(str)
    return college + "\x1f" + major + "\x1f" + out["year"].astype(str)


def lake_keys(lake: Lake, kind: str, exclude: set[str] | None = None) -> dict[str, str]:
    """Keys of the rows already in the lake's ``kind`` table → the file they came from.

    Args:
        exclude: File names whose rows are about to be replaced (their keys do not count).
    """
    if not lake.exists(kind):
        return {}
    df = lake.read(kind, columns=["college_code", "college_name", "major_code", "major_name_src", "year", "file"])
    if exclude:
        df = df[~df["file"].astype(str).isin(exclude)]
    return dict(zip(row_keys(df), df["file"].astype(str)))


def ingest_supply(lake: Lake, kind: str, paths: Sequence[str | Path], *, source: str | None = None,
                  mapping: dict[str, str] | None = None, encoding: str | None = None, raise_on_error: bool = True,
                  status: str = "official", batch_rows: int = 100_000, force: bool = False, dry_run: bool = False,
                  **options: Any) -> IngestReport:
    """Ingest graduates or enrollment files (see module docstring).

    Rows are de-duplicated on (college, major, year): a key already in the lake (from another
    file) or earlier in the same file is quarantined as ``duplicate_key``, so that ingesting
    one file twice under another name or line ending does not double the table.
    """
    spec = GRADUATES if kind == "graduates" else ENROLLMENT
    mapping = dict(mapping or {})
    known = lake_keys(lake, kind, replaced_names(lake, kind, paths, force=force))

    def handle(ctx: FileContext) -> None:
        _, batches = iter_arrow_batches(ctx.path, encoding=encoding, batch_rows=batch_rows)
        cols: dict[str, str] | None = None
        seen: dict[str, int] = {}
        raw_filled: dict[str, int] = {}
        landed: dict[str, int] = {}
        for b in batches:
            if b.bad:
                ctx.quarantine([x[0] for x in b.bad], [x[1] for x in b.bad], [x[2] for x in b.bad], [x[3] for x in b.bad])
            if b.table.num_rows == 0:
                continue
            names = b.table.column_names
            if cols is None:
                cols = resolve_columns(names, spec, mapping, where=str(ctx.path))
                missing = [f for f in ("college_name", "year", *REQUIRED[kind]) if f not in cols]
                if missing or ("major_code" not in cols and "major_name" not in cols):
                    raise InputFileError(f"{ctx.path}: required column(s) {missing or ['major_code/major_name']} not found in {names}; nothing of it was ingested",
                                         hint="rename the headers (see docs/data-dictionary.md) or map them with --map field=column")
            arrays = {f: clean_text_array(b.table.column(c).combine_chunks().cast("string"))[0] for f, c in cols.items()}
            raw = pd.DataFrame({f: a.to_pandas() for f, a in arrays.items()})
            out, reason, detail = normalise(raw, kind, status=status, source=ctx.source or ctx.path.parent.name or kind, file=ctx.name)
            out["record_no"] = np.asarray(b.numbers)
            keys = row_keys(out)
            for i, k in enumerate(keys):
                if reason.iat[i]:
                    continue
                if k in known:
                    reason.iat[i], detail.iat[i] = "duplicate_key", f"college × major × year already in the lake (file {known[k]})"
                elif k in seen:
                    reason.iat[i], detail.iat[i] = "duplicate_key", f"college × major × year repeats record {seen[k]}"
                else:
                    seen[k] = int(out["record_no"].iat[i])
            bad = (reason != "").to_numpy()
            for f in cols:
                raw_filled[f] = raw_filled.get(f, 0) + int(raw[f][~bad].notna().sum())
            if bad.any():
                pos = np.flatnonzero(bad)
                rows = b.table.take(pa.array(pos)).to_pylist()
                ctx.quarantine(out["record_no"].iloc[pos].tolist(), [",".join("" if v is None else str(v) for v in r.values()) for r in rows],
                               reason[bad].tolist(), detail[bad].tolist())
            acc = out[~bad]
            for f in cols:
                col = {"major_code": "major_code", "major_name": "major_name_src"}.get(f, f)
                if col in acc:
                    landed[f] = landed.get(f, 0) + int(acc[col].notna().sum())
            ctx.accept(acc)
        if cols:
            fill_rates(ctx, cols, raw_filled, landed)

    rep = ingest_with(lake, kind, paths, handle, source=source, raise_on_error=raise_on_error, force=force, dry_run=dry_run)
    return rep
