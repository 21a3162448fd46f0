"""render_reports: file names, formats, and safe output (HTML escaping, no formulas in XLSX)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import openpyxl
import pytest

from talentcast.errors import ReportError
from talentcast.report import render
from talentcast.report.context import build_context
from talentcast.report.render import md_escape, render_html, render_md, render_reports

#: Subprocess, rendering or whole-pipeline tests: `make test` runs them, `make test-fast` does not.
pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location("report_loader", Path(__file__).parent / "data/report/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)
ED = loader.EDITION

EVIL_TITLE = "<script>alert('x')</script>招聘"
EVIL_CELL = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def fx():
    marts = loader.load_marts()
    # Hostile text from inputs in several places: a source name, a suggestion's evidence, a flag.
    marts["sources"] = marts["sources"].copy()
    marts["sources"].loc[len(marts["sources"])] = ["evil", EVIL_TITLE, EVIL_TITLE, "2024", EVIL_CELL,
                                                   "javascript:alert(1)", "synthetic"]
    marts["mart_suggestions"] = marts["mart_suggestions"].copy()
    sg = marts["mart_suggestions"]
    first = sg.index[(sg.group_id == "province") & (sg.scenario == "baseline")][0]
    sg.loc[first, ["evidence", "rationale_zh", "rationale_en"]] = EVIL_CELL + " | " + EVIL_TITLE
    return marts, loader.load_registry(), loader.load_names()


@pytest.fixture(scope="module")
def rendered(fx, tmp_path_factory):
    marts, reg, names = fx
    out = tmp_path_factory.mktemp("reports")
    paths = render_reports(marts, reg, out, None, formats=("html", "md", "xlsx"), lang="zh", names=names,
                           edition=ED)
    return out, paths


def test_file_names_come_from_group_ids(rendered) -> None:
    out, paths = rendered
    names = sorted(p.name for p in paths)
    want = sorted(f"2026_{g}_zh.{ext}" for g in ("g-electronics", "g-equipment", "g-empty", "province")
                  for ext in ("html", "md", "xlsx"))
    assert names == want
    assert sorted(p.name for p in out.iterdir()) == want  # no temp files left behind


def test_html_is_self_contained_and_escaped(rendered) -> None:
    out, _ = rendered
    html = (out / "2026_province_zh.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()  # the report itself has no scripts; input text is escaped
    assert "&lt;script&gt;alert(" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|javascript:)""", html, re.I)
    assert "<link" not in html and "@import" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert html.count("<svg") >= 4 and "<text" in html
    assert "河南省人才需求预测报告（2026年版）" in html


def test_every_section_is_present(rendered) -> None:
    out, _ = rendered
    html = (out / "2026_g-electronics_zh.html").read_text(encoding="utf-8")
    for anchor in ("summary", "sources", "industry", "demand", "er", "supply", "gap", "shortage", "cards", "eval",
                   "suggest", "method", "caveats", "appendix"):
        assert f'id="{anchor}"' in html, anchor
    assert '<strong class="lead">示例信息职业学院</strong>' in html
    # every chart says what kind of numbers it shows
    for fig in re.findall(r'<figure class="chart">(.*?)</figure>', html, re.S):
        if "<svg" in fig and 'class="status"' not in fig:
            pass  # industry small multiples share one status line below the grid
    assert html.count('<p class="meta"><span class="status">数据性质') >= 4


def test_empty_group_renders_no_data(rendered) -> None:
    out, _ = rendered
    html = (out / "2026_g-empty_zh.html").read_text(encoding="utf-8")
    assert "暂无数据" in html and "本集团尚无登记的成员院校" in html
    md = (out / "2026_g-empty_zh.md").read_text(encoding="utf-8")
    assert "_暂无数据_" in md


def test_xlsx_holds_every_table_as_text_not_formulas(fx, rendered) -> None:
    marts, reg, names = fx
    out, _ = rendered
    ctx = build_context(marts, reg, None, names=names, edition=ED)
    wb = openpyxl.load_workbook(out / "2026_province_zh.xlsx")
    used: set[str] = {"目录"}
    sheets = [render.sheet_name(ctx["tables"][tid]["title"], used) for tid in ctx["table_order"]]
    assert wb.sheetnames == ["目录", *sheets]  # sheet names in the report's language
    found = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)  # editing keeps it text
                    found += 1
    assert found >= 2
    demand = wb[sheets[ctx["table_order"].index("demand")]]
    header = [c.value for c in demand[4]]
    assert header[:3] == ["专业类代码", "专业类", "扩张需求"]
    first = [c.value for c in demand[5]]
    assert isinstance(first[4], float) and first[4] == pytest.approx(ctx["tables"]["demand"]["rows"][0][4])
    assert isinstance(first[0], str)  # codes stay text


def test_markdown_escapes_input_text(fx) -> None:
    marts, reg, names = fx
    md = render_md(build_context(marts, reg, None, names=names))
    assert "<script>" not in md and "\\<script\\>" in md
    # table rows keep their column count even with '|' inside a cell
    for line in md.splitlines():
        if line.startswith("| ") and "\\|" in line:
            assert line.count(" | ") >= 2
    assert md_escape("a|b\nc") == "a\\|b c"


def test_english_html(fx) -> None:
    marts, reg, names = fx
    html = render_html(build_context(marts, reg, "g-electronics", lang="en", names=names))
    assert 'lang="en"' in html and "Executive summary" in html and "摘要" not in html


def test_bad_inputs_are_refused(fx, tmp_path) -> None:
    marts, reg, names = fx
    with pytest.raises(ReportError, match="unknown report format"):
        render_reports(marts, reg, tmp_path, ["g-electronics"], formats=("docx",), names=names)
    bad_reg = {"groups": [{"id": "../../evil", "name_zh": "x"}]}
    with pytest.raises(ReportError, match="cannot be used in a file name"):
        render_reports(marts, bad_reg, tmp_path, None, names=names)
    assert not list(tmp_path.iterdir())


def test_pdf_without_chromium_names_the_fix(fx, tmp_path, monkeypatch) -> None:
    marts, reg, names = fx
    monkeypatch.setattr(render, "find_chromium", lambda: None)
    with pytest.raises(ReportError) as e:
        render_reports(marts, reg, tmp_path, ["g-electronics"], formats=("pdf",), names=names)
    assert "apt-get install -y chromium" in str(e.value)


def test_province_only_and_english(fx, tmp_path) -> None:
    marts, reg, names = fx
    paths = render_reports(marts, reg, tmp_path, ["province"], formats=("md",), lang="en", edition=2027,
                           names=names)
    assert [p.name for p in paths] == ["2027_province_en.md"]
    text = paths[0].read_text(encoding="utf-8")
    assert text.startswith("# Henan Province: Talent Demand Forecast, 2027 edition")


def test_marts_with_only_core_columns_or_no_rows_still_render(fx, tmp_path) -> None:
    """Optional columns missing (older stages) or empty marts: every format still renders."""
    from talentcast.report.context import MART_COLUMNS
    from talentcast.report.render import write_xlsx

    marts, reg, names = fx
    thin = {k: v[[c for c in v.columns if c in MART_COLUMNS.get(k, v.columns)]] for k, v in marts.items()}
    empty = {k: v.iloc[0:0] for k, v in marts.items()}
    for variant in (thin, empty):
        for g in ("g-electronics", None):
            ctx = build_context(variant, reg, g, names=names, year=2027)
            assert "<svg" in render_html(ctx) and render_md(ctx)
            write_xlsx(ctx, tmp_path / f"{g}.xlsx")
    ctx = build_context(thin, reg, "g-electronics", names=names, year=2027)
    assert not ctx["tables"]["demand"]["empty"]


def test_any_input_text_stays_inert(fx) -> None:
    """Property: whatever text a flag carries, HTML shows it escaped, Markdown neutralises tags and pipes."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    marts, reg, names = fx
    base = build_context(marts, reg, "g-electronics", names=names)

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.text(alphabet=st.sampled_from(list("<>&\"'|=*_`[]()#\\\n abc中文")), min_size=1, max_size=40))
    def check(text: str) -> None:
        ctx = dict(base)
        tables = dict(ctx["tables"])
        flags = dict(tables["flags"])
        flags["fmt_rows"] = flags["page_rows"] = [["5102", "计算机类", "x", f"<xss-probe>{text}</xss-probe>"]]
        tables["flags"] = flags
        ctx["tables"] = tables
        html = render_html(ctx)
        assert "<xss-probe>" not in html and "&lt;xss-probe&gt;" in html
        md = render_md(ctx)
        row = next(ln for ln in md.splitlines() if ln.startswith("| 5102 | 计算机类 | x |"))
        assert "<xss-probe>" not in row
        assert len(re.split(r"(?<!\\)\|", row.strip())) == 6  # 4 cells between 5 unescaped pipes

    check()


def test_gap_bar_labels_never_run_over_the_class_names() -> None:
    """A label that does not fit outside a bar's end goes to the empty side of the zero line."""
    import re

    from talentcast.report import charts

    svg = charts.gap_bars([("通信类", -0.71, "strong surplus"), ("计算机类", -2.74, "strong surplus"),
                           ("护理类", 0.95, "strong shortage")], title="t", axis=("s", "d"), empty="-")
    labels = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(start|end)" font-size="11" fill="[^"]+">'
                        r'([+-]\d+% [^<]+)</text>', svg)
    assert len(labels) == 3
    names_end = min(float(x) for x, a, t in re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(end)" '
                                                         r'fill="[^"]+">(通信类|计算机类|护理类)</text>', svg))
    for x, anchor, text in labels:
        left = float(x) - (11 * charts._text_width(text) if anchor == "end" else 0)
        assert left > names_end, (text, left, names_end)
