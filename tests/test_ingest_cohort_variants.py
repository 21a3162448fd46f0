"""Graduates and enrollment files as colleges and the Department of Education export them.

The fixtures (tests/data/ingest/cohorts, SYNTHETIC, written by ``make_cohorts.py``) render
made-up figures in many layouts; ``expected.csv`` holds, row by row, what must land. The
measure: per field, the share of rows where the file gives a value and the lake holds the
right one. Every field is claimed at 100 %, over every variant file.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from talentcast.errors import InputFileError
from talentcast.ingest import ingest_files
from talentcast.lake import Lake

HERE = Path(__file__).parent / "data" / "ingest" / "cohorts"
KEYS = ("college_code", "college_name", "major_code", "major_name_src", "year")
FIELDS = {"graduates": (*KEYS, "graduates", "employed", "further_study", "employed_in_province", "counterpart_employed",
                        "starting_salary_cny_month", "derived"),
          "enrollment": (*KEYS, "new_students", "new_students_basis", "students_in_school")}


def expected() -> dict[tuple[str, str], list[dict[str, str]]]:
    """(kind, file) → the rows that must land, in file order."""
    out: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    with open(HERE / "expected.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out[(r["kind"], r["file"])].append(r)
    return out


def _same(want: str, got: object) -> bool:
    if got is None or (not isinstance(got, str) and pd.isna(got)):
        return False
    try:
        return abs(float(want) - float(got)) < 1e-6  # type: ignore[arg-type]
    except ValueError:
        return str(got) == want


def measure(root: Path) -> dict[str, object]:
    """Ingest every variant file into its own lake under ``root`` and score what lands.

    Returns:
        ``fields``: (kind, field) → [rows where the file gives a value, of those landed right];
        ``spurious``: (kind, field) → rows where the file gives nothing but the lake holds a value;
        ``rows``: file → (rows expected, rows landed); ``errors``: file → error message.
    """
    fields: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    spurious: dict[tuple[str, str], int] = defaultdict(int)
    rows, errors = {}, {}
    for (kind, file), want in sorted(expected().items()):
        lake = Lake(root / file / "lake")
        rep = ingest_files(lake, kind, [HERE / file], raise_on_error=False)
        if rep.files[0].error:
            errors[file] = rep.files[0].error
        got = lake.read(kind).sort_values("record_no").reset_index(drop=True) if lake.exists(kind) else pd.DataFrame()
        rows[file] = (len(want), len(got))
        for i, w in enumerate(want):
            g = got.iloc[i] if i < len(got) else None
            for f in FIELDS[kind]:
                v = None if g is None or f not in g.index else g[f]
                if w[f] != "":
                    fields[(kind, f)][0] += 1
                    fields[(kind, f)][1] += _same(w[f], v)
                elif v is not None and not pd.isna(v) and str(v) != "":
                    spurious[(kind, f)] += 1
    return {"fields": dict(fields), "spurious": dict(spurious), "rows": rows, "errors": errors}


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return measure(tmp_path_factory.mktemp("cohorts"))


def test_every_variant_file_lands_and_no_total_or_note_row_becomes_a_major(measured):
    assert measured["errors"] == {}
    assert {f: n for f, n in measured["rows"].items() if n[0] != n[1]} == {}


def test_every_given_value_lands_right_per_field(measured):
    shares = {k: (n, ok) for k, (n, ok) in measured["fields"].items()}
    assert {k: f"{ok}/{n}" for k, (n, ok) in shares.items() if ok != n} == {}
    assert all(n > 0 for n, _ in shares.values())  # every claimed field is exercised


def test_nothing_lands_where_the_file_gives_nothing(measured):
    assert measured["spurious"] == {}


if __name__ == "__main__":  # the before/after figure: python tests/test_ingest_cohort_variants.py
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        m = measure(Path(d))
    for (kind, f), (n, ok) in sorted(m["fields"].items()):
        print(f"{kind:10} {f:28} {ok:4}/{n:<4} {ok / n:6.1%}")
    n_all, ok_all = (sum(x[i] for x in m["fields"].values()) for i in (0, 1))
    print(f"all fields {ok_all}/{n_all} = {ok_all / n_all:.1%}; spurious {sum(m['spurious'].values())}; "
          f"files refused {len(m['errors'])}/{len(m['rows'])}; files with wrong row counts "
          f"{sum(1 for a, b in m['rows'].values() if a != b)}")
    for f, e in m["errors"].items():
        print(" ", f, "->", e.splitlines()[0][:160])
