"""Ingest graduates (employment outcomes) and enrollment per college × major × year.

There is no public sample of these; the input format is defined here and documented in
docs/data-dictionary.md: a csv/tsv/xlsx (gzip ok) with one row per college × major × year and
the columns below (Chinese or English headers; ``mapping`` overrides). Majors are given by
2021-catalogue code or name; a name or code not in the catalogue keeps ``major_code`` null
(older catalogue names are mapped only where a concordance states the fact).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from talentcast.errors import ConfigError, InputFileError
from talentcast.ingest.common import FileContext, IngestReport, ingest_with
from talentcast.ingest.readers import iter_batches
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


def _norm(k: str) -> str:
    return re.sub(r"[\s_()（）/]|元|月", "", str(k)).lower()


def _resolve(header: list[str], spec: dict[str, tuple[str, ...]], mapping: dict[str, str], path: Path) -> dict[str, int]:
    by = {_norm(h): i for i, h in enumerate(header)}
    out: dict[str, int] = {}
    for f, col in mapping.items():
        if f not in spec:
            raise ConfigError(f"--map {f}={col}: unknown field {f!r}", hint=f"fields: {', '.join(spec)}")
        if _norm(col) not in by:
            raise ConfigError(f"--map {f}={col}: no column {col!r} in {path}")
        out[f] = by[_norm(col)]
    for f, syns in spec.items():
        if f not in out:
            for s in syns:
                if _norm(s) in by:
                    out[f] = by[_norm(s)]
                    break
    return out


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
    yr = pd.to_numeric(s("year").str.extract(r"((?:19|20)\d{2})")[0], errors="coerce")
    flag(yr.isna(), "bad_year", "year missing or not a year")
    out["year"] = yr.astype("Int64")
    codes, names = s("major_code"), s("major_name")
    out["major_name_src"] = names.fillna(codes).astype(object)
    flag(out["major_name_src"].isna(), "missing_required", "major code and name empty")
    pairs = pd.Series(list(zip(codes.fillna("").tolist(), names.fillna("").tolist())), index=df.index)
    uniq = {p: _major_code(*p) for p in set(pairs)}
    out["major_code"] = pairs.map(uniq)
    for c in COUNTS[kind]:
        raw = s(c)
        v = pd.to_numeric(raw.str.replace(",", ""), errors="coerce")
        flag(raw.notna() & v.isna(), "bad_number", f"{c} is not a number")
        flag(v < 0, "negative_value", f"{c} is negative")
        flag(v.notna() & (v != v.round()), "bad_number", f"{c} is not a whole number")
        if c in REQUIRED[kind]:
            flag(v.isna(), "missing_required", f"{c} empty")
        out[c] = v.round().astype("Int64")
    if kind == "graduates":
        sal = pd.to_numeric(s("starting_salary_cny_month").str.replace(",", ""), errors="coerce")
        flag(s("starting_salary_cny_month").notna() & sal.isna(), "bad_number", "starting salary is not a number")
        out["starting_salary_cny_month"] = sal
        out["destination_industries"] = s("destination_industries").astype(object)
        g = out["graduates"].astype("float64")
        for c in ("employed", "further_study", "counterpart_employed"):
            flag(out[c].astype("float64") > g, "inconsistent_counts", f"{c} > graduates")
        flag((out["employed"].astype("float64").fillna(0) + out["further_study"].astype("float64").fillna(0)) > g,
             "inconsistent_counts", "employed + further_study > graduates")
        flag(out["employed_in_province"].astype("float64") > out["employed"].astype("float64"), "inconsistent_counts", "employed_in_province > employed")
        flag(out["counterpart_employed"].astype("float64") > out["employed"].astype("float64"), "inconsistent_counts", "counterpart_employed > employed")
    st = s("status").fillna(status)
    flag(~st.isin(["official", "estimated", "synthetic"]), "schema_violation", "status must be official, estimated or synthetic")
    out["status"] = st.astype(object)
    out["source"] = source
    out["file"] = file
    return out, reason, detail


def ingest_supply(lake: Lake, kind: str, paths: Sequence[str | Path], *, source: str | None = None,
                  mapping: dict[str, str] | None = None, encoding: str | None = None, raise_on_error: bool = True,
                  status: str = "official", batch_rows: int = 100_000) -> IngestReport:
    """Ingest graduates or enrollment files (see module docstring)."""
    spec = GRADUATES if kind == "graduates" else ENROLLMENT
    mapping = dict(mapping or {})

    def handle(ctx: FileContext) -> None:
        fmt, batches = iter_batches(ctx.path, encoding=encoding, batch_rows=batch_rows)
        if fmt in ("json", "jsonl"):
            raise InputFileError(f"{ctx.path}: {kind} must be csv, tsv or xlsx; nothing of it was ingested", hint="export as csv or xlsx")
        cols = None
        for b in batches:
            if b.bad:
                ctx.quarantine([x[0] for x in b.bad], [x[1] for x in b.bad], [x[2] for x in b.bad], [x[3] for x in b.bad])
            if not b.records:
                continue
            if cols is None:
                cols = _resolve(b.header or [], spec, mapping, ctx.path)
                missing = [f for f in ("college_name", "year", *REQUIRED[kind]) if f not in cols]
                if missing or ("major_code" not in cols and "major_name" not in cols):
                    raise InputFileError(f"{ctx.path}: required column(s) {missing or ['major_code/major_name']} not found in {b.header}; nothing of it was ingested",
                                         hint="rename the headers (see docs/data-dictionary.md) or map them with --map field=column")
            t = list(zip(*b.records))
            raw = pd.DataFrame({f: list(t[i]) for f, i in cols.items()})
            out, reason, detail = normalise(raw, kind, status=status, source=ctx.source or ctx.path.parent.name or kind, file=ctx.name)
            out["record_no"] = b.numbers
            bad = (reason != "").to_numpy()
            if bad.any():
                pos = np.flatnonzero(bad)
                ctx.quarantine([b.numbers[i] for i in pos], [",".join(b.records[i]) for i in pos], reason[bad].tolist(), detail[bad].tolist())
            ctx.accept(out[~bad])

    return ingest_with(lake, kind, paths, handle, source=source, raise_on_error=raise_on_error)
