"""Number formatting, message catalogues and file-name safety of the report stage."""

from __future__ import annotations

import tomllib

import pytest

from talentcast.errors import ReportError
from talentcast.report.formatting import (
    Messages,
    fmt_emp10k,
    fmt_pct,
    fmt_people,
    fmt_people_range,
    safe_file_stem,
)


def _keys(d: dict, prefix: str = "") -> set[str]:
    out: set[str] = set()
    for k, v in d.items():
        out |= _keys(v, f"{prefix}{k}.") if isinstance(v, dict) else {prefix + k}
    return out


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    zh, en = Messages("zh").catalogue, Messages("en").catalogue
    assert set(zh) == set(en)
    import string

    for k in zh:
        fz = {f for _, f, _, _ in string.Formatter().parse(zh[k]) if f}
        fe = {f for _, f, _, _ in string.Formatter().parse(en[k]) if f}
        assert fz == fe, k


def test_missing_message_raises_report_error() -> None:
    with pytest.raises(ReportError, match="missing from the zh catalogue"):
        Messages("zh")("no.such.key")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ReportError, match="unsupported report language"):
        Messages("fr")("cover.title")


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (3456, "zh", "3,456人"), (12345, "zh", "1.23万人"), (123456789, "zh", "12,345.68万人"),
    (12345, "en", "12,345 people"), (None, "zh", "—"), (float("nan"), "en", "—"), (-15000, "zh", "-1.50万人"),
])
def test_people(value, lang, expected) -> None:
    assert fmt_people(value, lang) == expected


def test_people_range_and_employment() -> None:
    assert fmt_people_range(12000, 15000, "zh") == "1.20万–1.50万人"
    assert fmt_people_range(12000, 15000, "en") == "12,000–15,000"
    assert fmt_emp10k(353.2353, "zh") == "353.2万人"
    assert fmt_emp10k(353.2353, "en") == "3.53 million persons"
    assert fmt_emp10k(5.2, "en") == "52 thousand persons"
    assert fmt_emp10k(59.9141, "en") == "599 thousand persons"  # no false precision, unit written out


def test_percentages() -> None:
    assert fmt_pct(0.1234, "zh") == "12.3%"
    assert fmt_pct(0.05, "en", signed=True) == "+5.0%"
    assert fmt_pct(-0.05, "en", signed=True) == "-5.0%"


@pytest.mark.parametrize("bad", ["../etc/passwd", "a b", "<script>", "", "x/y", ".hidden", "a" * 80, "组"])
def test_unsafe_group_ids_are_refused(bad) -> None:
    with pytest.raises(ReportError):
        safe_file_stem(bad)


def test_safe_group_ids_pass() -> None:
    assert safe_file_stem("g-electronics_2") == "g-electronics_2"


def test_catalogue_files_parse() -> None:
    from talentcast.report import formatting

    for lang in ("zh", "en"):
        path = formatting._MESSAGES / f"{lang}.toml"
        assert _keys(tomllib.loads(path.read_text(encoding="utf-8")))


def test_gap_ratio_below_the_floor_is_shown_as_a_bound():
    from talentcast.report.context.tabulate import fmt_cell as _fmt

    assert _fmt("gap_ratio", -42.5, "zh", None) == "< −500%"
    assert _fmt("gap_ratio", -0.25, "en", None) == "-25.0%"
    assert _fmt("gap_ratio", 0.3, "zh", None) == "+30.0%"
