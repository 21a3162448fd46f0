"""The register in the forms a user really obtains lands right, field by field, or is refused.

The fixtures (tests/data/ingest/register, written by make_register.py) hold the same real
register records as an xlsx export with a title row, per-year sheets, a GBK csv, the raw text
with other separators … ``expected.csv`` is what the lake must hold for each. The measure is,
per field, the share of expected rows for which the lake has the right value (status: over the
rows whose raw carries a remark); no other row may be accepted.

Run as a script to print the figures: ``python tests/test_ingest_register_variants.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from talentcast.errors import InputFileError
from talentcast.ingest import ingest_files
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest" / "register"
FIELDS = {  # expected.csv column → programmes column
    "college_code": "college_code",
    "college_name": "college_name",
    "major_code": "major_code",
    "major_name": "major_name_src",
    "year": "year",
    "duration_years": "duration_years",
    "register_status": "register_status",
}


def variant_files() -> list[Path]:
    return sorted(p for p in DATA.iterdir() if p.suffix in {".xlsx", ".csv", ".txt"}
                  and p.name != "expected.csv" and not p.name.startswith("refused_"))


def _text(v: object) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    s = str(v)
    return s[:-2] if s.endswith(".0") else s


def _match(truth: pd.DataFrame, got: pd.DataFrame) -> tuple[list[dict[str, bool]], int]:
    """Pair each expected row with the accepted row agreeing on most fields (greedy, in order).

    Returns per expected row field → right, and the number of accepted rows left unpaired.
    """
    cand = [{f: _text(r.get(col)) for f, col in FIELDS.items()} for r in got.to_dict("records")]
    used: set[int] = set()
    out = []
    for t in truth.to_dict("records"):
        want = {f: _text(t[f]) for f in FIELDS}
        best, score = None, -1
        for i, c in enumerate(cand):
            if i in used:
                continue
            s = sum(c[f] == want[f] for f in FIELDS)
            if s > score:
                best, score = i, s
        if best is None:
            out.append({f: False for f in FIELDS})
            continue
        used.add(best)
        out.append({f: cand[best][f] == want[f] for f in FIELDS})
    return out, len(cand) - len(used)


def measure(tmp: Path) -> tuple[dict[str, float], dict[str, int], dict[str, str]]:
    """Ingest every variant into a fresh lake; per-field shares right, extra rows and errors per file."""
    expected = pd.read_csv(DATA / "expected.csv", dtype=str, keep_default_na=False)
    lake = Lake(tmp / "lake")
    right = {f: 0 for f in FIELDS}
    total = {f: 0 for f in FIELDS}
    extra: dict[str, int] = {}
    errors: dict[str, str] = {}
    for p in variant_files():
        try:
            ingest_files(lake, "programmes", [p])
        except InputFileError as exc:
            errors[p.name] = str(exc).splitlines()[0]
    got_all = lake.read("programmes") if lake.exists("programmes") else pd.DataFrame(columns=["file"])
    for name, truth in expected.groupby("file", sort=True):
        got = got_all[got_all["file"] == name]
        pairs, extra[name] = _match(truth, got)
        for t, ok in zip(truth.to_dict("records"), pairs):
            for f in FIELDS:
                if f == "register_status" and t[f] == "offered":
                    continue  # the raw had no remark: nothing to land
                total[f] += 1
                right[f] += ok[f]
    return {f: right[f] / total[f] for f in FIELDS}, extra, errors


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    return measure(tmp_path_factory.mktemp("variants"))


def test_every_expected_file_is_a_fixture() -> None:
    names = set(pd.read_csv(DATA / "expected.csv", dtype=str)["file"])
    assert names == {p.name for p in variant_files()}
    assert len(names) >= 10


@pytest.mark.parametrize("field", list(FIELDS))
def test_each_field_lands_right_in_every_variant(measured, field: str) -> None:
    shares, _, errors = measured
    assert not errors
    assert shares[field] == 1.0, f"{field}: {shares[field]:.1%} of the rows land right"


def test_no_title_total_note_or_repeated_row_is_accepted(measured) -> None:
    _, extra, _ = measured
    assert {k: v for k, v in extra.items() if v} == {}


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        shares, extra, errors = measure(Path(d))
    for f, s in shares.items():
        print(f"{f:16s} {s:7.1%}")
    print("extra accepted rows:", {k: v for k, v in extra.items() if v})
    print("files refused:", errors)
