"""The report as a person sees it: rendered by headless Chromium, printed to PDF, rasterised.

Needs Debian's ``chromium`` (and ``poppler-utils`` for pdftoppm, ``fonts-noto-cjk`` for Chinese);
``make test`` installs them. Skipped, with the reason, only when they are absent.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from talentcast.report.render import find_chromium, html_to_pdf, render_reports

_spec = importlib.util.spec_from_file_location("report_loader", Path(__file__).parent / "data/report/loader.py")
loader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(loader)

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install -y chromium)"),
]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=120, check=False)


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA PNG (what Chromium writes) into rows of raw bytes (no PIL needed)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, bpp, rows


def dark_fraction_pgm(path: Path) -> float:
    """Share of pixels darker than mid-grey in a binary PGM (pdftoppm -gray)."""
    data = path.read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert m, path
    w, h = int(m.group(1)), int(m.group(2))
    px = data[m.end():m.end() + w * h]
    return sum(1 for b in px if b < 128) / (w * h)


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    paths = render_reports(loader.load_marts(), loader.load_registry(), out, ["g-electronics"], formats=("html",),
                           lang="zh", names=loader.load_names(), edition=loader.EDITION)
    return paths[0]


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("browser2")
    paths = render_reports(loader.load_marts(), loader.load_registry(), out, ["g-electronics", "province"],
                           formats=("html",), lang="zh", names=loader.load_names(), edition=loader.EDITION)
    return {"group": paths[0], "province": paths[1]}


# Layout measured inside the page (a test copy without the CSP that forbids scripts in reports).
MEASURE = """<script>
window.addEventListener('load', () => {
  const out = {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
               height: document.documentElement.scrollHeight, perCharHeaders: [], minChartText: 99};
  for (const th of document.querySelectorAll('th')) {
    const fs = parseFloat(getComputedStyle(th).fontSize), r = th.getBoundingClientRect();
    const text = th.textContent.trim();
    // a header one character wide and several lines high has wrapped per character
    if (text.length >= 3 && r.width < 1.8 * fs && r.height > 2.5 * fs) out.perCharHeaders.push(text);
  }
  for (const t of document.querySelectorAll('svg.chart text')) {
    const h = t.getBoundingClientRect().height;
    if (h > 0 && t.textContent.trim()) out.minChartText = Math.min(out.minChartText, h);
  }
  const pre = document.createElement('pre'); pre.id = 'measure'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def measure(html: Path, width: int, tmp_path: Path) -> dict:
    """Page width, height, per-character-wrapped headers and the smallest chart text at ``width`` px."""
    import json

    probe = tmp_path / f"probe-{width}-{html.name}"
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html.read_text(encoding="utf-8"))
    probe.write_text(text.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    res = _chromium([f"--window-size={width},800", "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
                    tmp_path / f"profile-{width}")
    m = re.search(r'<pre id="measure">(.*?)</pre>', res.stdout, re.S)
    assert m, res.stderr[-2000:]
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.mark.parametrize("which", ["group", "province"])
@pytest.mark.parametrize("width", [1366, 390])
def test_layout_at_desktop_and_phone_width(two_reports, which, width, tmp_path) -> None:
    """Nothing overflows the page, no header wraps per character, chart labels stay readable."""
    html = two_reports[which]
    shot = tmp_path / f"{which}-{width}.png"
    res = _chromium([f"--window-size={width},900", "--hide-scrollbars", f"--screenshot={shot}", html.as_uri()],
                    tmp_path / "profile")
    assert res.returncode == 0 and shot.exists(), res.stderr[-2000:]
    w, bpp, rows = png_pixels(shot)
    assert w == width and len({rows[y][:3 * 50] for y in range(0, len(rows), 9)}) > 5  # not blank
    m = measure(html, width, tmp_path)
    assert m["scrollWidth"] <= m["innerWidth"] + 1, m  # wide tables and charts scroll inside their box
    assert m["perCharHeaders"] == [], m["perCharHeaders"]
    assert m["minChartText"] >= 8.5, m["minChartText"]
    if width == 1366:
        assert m["height"] / 768 <= 25, m["height"] / 768  # at most 25 screens


def test_html_loads_without_console_errors_and_shows_charts_and_chinese(report_html, tmp_path) -> None:
    res = _chromium(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--dump-dom",
                     report_html.as_uri()], tmp_path / "profile")
    assert res.returncode == 0, res.stderr[-2000:]
    console = [ln for ln in res.stderr.splitlines() if ":CONSOLE" in ln or "Uncaught" in ln
               or "Content Security Policy" in ln or "net::ERR" in ln]
    assert console == [], console
    dom = res.stdout
    assert dom.count("<svg") >= 5 and re.search(r"<text[^>]*>[^<]*[\u4e00-\u9fff]", dom)
    assert "示例电子与信息职业教育集团人才需求预测报告（2026年版）" in dom


def test_screenshot_is_not_blank(report_html, tmp_path) -> None:
    shot = tmp_path / "report.png"
    res = _chromium(["--window-size=900,1000", "--hide-scrollbars", f"--screenshot={shot}", report_html.as_uri()],
                    tmp_path / "profile")
    assert res.returncode == 0 and shot.exists(), res.stderr[-2000:]
    width, bpp, rows = png_pixels(shot)
    # The cover band (dark blue) and body text must both be there: count distinct colours and dark pixels.
    sample = [rows[y][x * bpp:x * bpp + 3] for y in range(0, len(rows), 7) for x in range(0, width, 7)]
    dark = sum(1 for p in sample if sum(p) < 300)
    assert len(set(sample)) > 50 and 0.02 < dark / len(sample) < 0.9
    # Keep the screenshot next to the test's tmp dir for a person to look at.
    print(f"screenshot saved: {shot}")


def test_phone_width_has_no_horizontal_overflow(report_html, tmp_path) -> None:
    shot = tmp_path / "phone.png"
    res = _chromium(["--window-size=390,700", f"--screenshot={shot}", report_html.as_uri()], tmp_path / "profile")
    assert res.returncode == 0 and shot.exists()
    width, bpp, rows = png_pixels(shot)
    assert width == 390
    # The cover title wraps inside the viewport: the right-most 8 px column is the cover's background colour
    # or white, never cut-off text (dark glyph pixels) on the top rows.
    edge = [rows[y][(width - 4) * bpp:(width - 4) * bpp + 3] for y in range(0, 200)]
    assert len(set(edge)) <= 12


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm not installed (apt-get install -y poppler-utils)")
def test_pdf_pages_render_with_content(report_html, tmp_path) -> None:
    pdf = html_to_pdf(report_html, tmp_path / "report.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(["pdftoppm", "-r", "12", "-gray", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert 8 <= len(pages) <= 60, len(pages)
    assert dark_fraction_pgm(pages[0]) > 0.05  # the cover band is printed
    # every page carries text (a page of charts has its titles and axis labels)
    for i in range(1, len(pages) + 1):
        text = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
                              text=True).stdout
        assert len(re.sub(r"\s", "", text)) >= 100, (i, text[:200])
    # Chinese is real text in the PDF (searchable), not pictures of glyphs.
    text = subprocess.run(["pdftotext", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=False).stdout
    if shutil.which("pdftotext"):
        assert "人才需求预测报告" in text.replace("\n", ""), text[:500]


@pytest.mark.skipif(shutil.which("pdffonts") is None or shutil.which("fc-list") is None,
                    reason="poppler-utils / fontconfig not installed")
def test_province_pdf_embeds_real_fonts_and_has_no_near_empty_pages(two_reports, tmp_path) -> None:
    """Headings stay with their content (no page of a lone heading) and fonts are real, not Type 3.

    Chromium embeds TrueType (glyf) fonts as fonts but CFF-based ones (Noto CJK) as Type 3 glyph
    procedures; the print style asks for WenQuanYi Zen Hei (fonts-wqy-zenhei) first.
    """
    pdf = html_to_pdf(two_reports["province"], tmp_path / "province.pdf")
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                             text=True).stdout).group(1))
    assert pages <= 40
    for p in range(2, pages + 1):  # the cover may be short
        text = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"], capture_output=True,
                              text=True).stdout
        assert len(re.sub(r"\s", "", text)) >= 200, (p, text[:200])
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    if "WenQuanYi" not in subprocess.run(["fc-list"], capture_output=True, text=True).stdout:
        pytest.skip("no TrueType CJK font installed (apt-get install -y fonts-wqy-zenhei): Chromium emits Type 3")
    assert "Type 3" not in fonts, fonts
