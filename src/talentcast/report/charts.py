"""Hand-written SVG charts whose text stays text (``<text>``), so it is searchable, selectable,
printed crisply, and translated with the rest of the report.

Each function is pure: data in, an SVG string out. Every label is XML-escaped here, so the
result can be inserted into HTML as markup. Colours follow the status of the numbers:
official history is solid ink, synthetic or estimated history is dashed grey, forecasts are
blue with their 80 % and 95 % bands.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

FONT = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"
INK = "#1f2933"
GRID = "#d9dee3"
OFFICIAL = "#1f2933"
SYNTH = "#8a949e"
FORECAST = "#1f5fa8"
BAND80 = "#9dbfe6"
BAND95 = "#d5e4f5"
EXPANSION = "#e07b39"
REPLACEMENT = "#1f5fa8"
SHORTAGE = "#c0392b"
SURPLUS = "#2e7d5b"
BALANCE = "#8a949e"
SCENARIO = "#d35400"  # plan scenario paths: orange, long dashes, square markers (never the baseline's blue)


def _t(s: object) -> str:
    return escape(str(s), {'"': "&quot;"})


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (about ``n`` of them)."""
    if not math.isfinite(lo) or not math.isfinite(hi):
        return [0.0, 1.0]
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(n - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _tick_label(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if float(v).is_integer():
        return f"{int(v)}"
    return f"{v:.3g}"


def _open(width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="chart" preserveAspectRatio="xMidYMid meet" font-family="{FONT}" font-size="12">',
        f"<title>{_t(title)}</title><desc>{_t(desc)}</desc>",
    ]


def _empty(width: int, height: int, title: str, message: str) -> str:
    parts = _open(width, height, title, message)
    parts.append(f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="none" stroke="{GRID}"/>')
    parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{SYNTH}">{_t(message)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class HistoryPoint:
    """One observed year: value and its status (official|estimated|synthetic)."""

    year: int
    value: float
    status: str


@dataclass(frozen=True)
class ForecastPoint:
    """One forecast year with its 80 % and 95 % intervals (None when unknown)."""

    year: int
    mean: float
    lo_80: float | None = None
    hi_80: float | None = None
    lo_95: float | None = None
    hi_95: float | None = None


def line_chart(history: Sequence[HistoryPoint], forecast: Sequence[ForecastPoint], *, title: str,
               unit: str, legend: dict[str, str], empty: str, width: int = 640, height: int = 300,
               scenarios: Sequence[tuple[str, Sequence[tuple[int, float]]]] = ()) -> str:
    """History (official solid, other dashed) then forecast with 80/95 % bands, plus scenario paths.

    Args:
        history: Observed points, any order.
        forecast: Forecast points, any order.
        title: Chart title (also the SVG <title>).
        unit: Y-axis unit label, e.g. "万人".
        legend: Labels for keys ``official``, ``other``, ``forecast``, ``band80``, ``band95`` (and
            optionally ``forecast_baseline``, used for the forecast when scenarios are drawn).
        empty: Text shown when there is nothing to draw.
        scenarios: (legend label, [(year, value), ...]) per plan scenario, drawn beside the
            baseline forecast (never instead of it) as a second, differently styled line.
    """
    hist = sorted(history, key=lambda p: p.year)
    scen = [(label, sorted((int(y), float(v)) for y, v in pts if v is not None and math.isfinite(v)))
            for label, pts in scenarios]
    scen = [(label, pts) for label, pts in scen if pts]
    fc = sorted(forecast, key=lambda p: p.year)
    if not hist and not fc:
        return _empty(width, height, title, empty)
    ml, mr, mt, mb = 56, 16, 34, 52
    if scen:  # room for a second legend row
        height, mb = height + 16, mb + 16
    pw, ph = width - ml - mr, height - mt - mb
    years = [p.year for p in hist] + [p.year for p in fc] + [y for _, pts in scen for y, _ in pts]
    vals = [p.value for p in hist] + [p.mean for p in fc] + [v for _, pts in scen for _, v in pts]
    for p in fc:
        vals += [v for v in (p.lo_95, p.hi_95, p.lo_80, p.hi_80) if v is not None and math.isfinite(v)]
    y0, y1 = min(years), max(years)
    ticks = nice_ticks(min(0.0, min(vals)) if min(vals) > 0 and min(vals) < 0.25 * max(vals) else min(vals),
                       max(vals))
    vlo, vhi = ticks[0], ticks[-1]

    def X(y: float) -> float:
        return ml + (pw * (y - y0) / (y1 - y0) if y1 > y0 else pw / 2)

    def Y(v: float) -> float:
        return mt + ph * (1 - (v - vlo) / (vhi - vlo))

    parts = _open(width, height, title, f"{title} ({unit})")
    parts.append(f'<text x="{ml}" y="18" font-size="13" font-weight="bold" fill="{INK}">{_t(title)}</text>')
    parts.append(f'<text x="{width - mr}" y="18" text-anchor="end" fill="{SYNTH}">{_t(unit)}</text>')
    for tv in ticks:
        yy = Y(tv)
        parts.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{ml - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="{INK}">{_tick_label(tv)}</text>')
    span = y1 - y0
    step = 1 if span <= 10 else 2 if span <= 20 else 5
    shown = [yr for yr in range(y0, y1 + 1) if (yr - y0) % step == 0]
    if shown[-1] != y1 and y1 - shown[-1] >= max(2, step / 2):
        shown.append(y1)  # label the last year unless it would collide with the previous label
    for yr in shown:
        if True:
            parts.append(f'<text x="{X(yr):.1f}" y="{mt + ph + 16}" text-anchor="middle" fill="{INK}">{yr}</text>')
    # Bands first so lines sit on top.
    for lo_k, hi_k, colour in (("lo_95", "hi_95", BAND95), ("lo_80", "hi_80", BAND80)):
        pts = [p for p in fc if getattr(p, lo_k) is not None and getattr(p, hi_k) is not None]
        if len(pts) >= 1:
            anchor = [(hist[-1].year, hist[-1].value)] if hist else []
            upper = anchor + [(p.year, getattr(p, hi_k)) for p in pts]
            lower = [(p.year, getattr(p, lo_k)) for p in reversed(pts)] + anchor[::-1]
            d = " ".join(f"{X(a):.1f},{Y(b):.1f}" for a, b in upper + lower)
            parts.append(f'<polygon points="{d}" fill="{colour}" stroke="none"/>')
    # History: one path per run of equal status.
    runs: list[list[HistoryPoint]] = []
    for p in hist:
        official = p.status == "official"
        if runs and (runs[-1][-1].status == "official") == official:
            runs[-1].append(p)
        else:
            runs.append(([runs[-1][-1]] if runs else []) + [p])
    for run in runs:
        official = run[-1].status == "official"
        d = " ".join(f"{X(p.year):.1f},{Y(p.value):.1f}" for p in run)
        dash = "" if official else ' stroke-dasharray="5 4"'
        colour = OFFICIAL if official else SYNTH
        parts.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
    for p in hist:
        colour = OFFICIAL if p.status == "official" else SYNTH
        parts.append(f'<circle cx="{X(p.year):.1f}" cy="{Y(p.value):.1f}" r="2.5" fill="{colour}"/>')
    if fc:
        anchor = [(hist[-1].year, hist[-1].value)] if hist else []
        d = " ".join(f"{X(a):.1f},{Y(b):.1f}" for a, b in anchor + [(p.year, p.mean) for p in fc])
        parts.append(f'<polyline points="{d}" fill="none" stroke="{FORECAST}" stroke-width="2.5"/>')
    for _, pts in scen:
        anchor = [(hist[-1].year, hist[-1].value)] if hist and hist[-1].year < pts[0][0] else []
        d = " ".join(f"{X(a):.1f},{Y(b):.1f}" for a, b in anchor + pts)
        parts.append(f'<polyline class="scenario" points="{d}" fill="none" stroke="{SCENARIO}" stroke-width="2.5" '
                     f'stroke-dasharray="9 4"/>')
        for a, b in pts:
            parts.append(f'<rect x="{X(a) - 3:.1f}" y="{Y(b) - 3:.1f}" width="6" height="6" fill="{SCENARIO}"/>')
    # Legend row under the axis.
    lx, ly = ml, height - 12 - (16 if scen else 0)
    items = [("line", OFFICIAL, "", legend["official"]), ("line", SYNTH, ' stroke-dasharray="5 4"', legend["other"]),
             # beside a scenario the forecast is named as the baseline, so the two lines cannot be confused
             ("line", FORECAST, "", legend.get("forecast_baseline", legend["forecast"]) if scen else legend["forecast"]),
             ("box", BAND80, "", legend["band80"]),
             ("box", BAND95, "", legend["band95"])]
    drawn = {"official": any(p.status == "official" for p in hist),
             "other": any(p.status != "official" for p in hist), "forecast": bool(fc),
             "band80": any(p.lo_80 is not None for p in fc), "band95": any(p.lo_95 is not None for p in fc)}
    items = [it for it, key in zip(items, ("official", "other", "forecast", "band80", "band95")) if drawn[key]]
    items += [("row", "", "", "")] + [("line", SCENARIO, ' stroke-dasharray="9 4"', label) for label, _ in scen] \
        if scen else []
    for kind, colour, dash, label in items:
        if kind == "row":  # scenario paths get their own legend row
            lx, ly = ml, ly + 16
            continue
        if lx + 22 + 11 * _text_width(label) > width - mr and lx > ml:  # wrap to the next row
            lx, ly = ml, ly + 16
        if kind == "line":
            parts.append(f'<line x1="{lx}" x2="{lx + 18}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" stroke-width="2"{dash}/>')
        else:
            parts.append(f'<rect x="{lx}" y="{ly - 10}" width="18" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 22}" y="{ly}" fill="{INK}" font-size="11">{_t(label)}</text>')
        lx += 30 + 11 * _text_width(label)
    parts.append("</svg>")
    return "".join(parts)


def _text_width(s: str) -> float:
    """Rough width in ems: CJK glyphs are one em, Latin about half."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in s)


def _bar_frame(rows: Sequence[tuple], row_h: int, margins: int) -> tuple[int, int]:
    """Label column width (fits the longest label, at most 220 px) and the height of a bar chart
    with one row of ``row_h`` px per item plus ``margins``."""
    return min(220, 16 + 12 * max(_text_width(r[0]) for r in rows)), int(margins + len(rows) * row_h)


def stacked_bars(rows: Sequence[tuple[str, float, float]], *, title: str, labels: tuple[str, str],
                 empty: str, width: int = 640) -> str:
    """Horizontal bars: replacement from zero, expansion stacked on it (negative expansion drawn left).

    Args:
        rows: (label, expansion, replacement) per major class.
        labels: Legend text for (expansion, replacement).
    """
    if not rows:
        return _empty(width, 120, title, empty)
    bar_h, gap, mt, mb = 18, 8, 30, 40
    label_w, height = _bar_frame(rows, bar_h + gap, mt + mb)
    lo = min(0.0, min(min(r[1], 0.0) for r in rows))
    hi = max(max(r[2] + max(r[1], 0.0) for r in rows), 1.0)
    ticks = nice_ticks(lo, hi, 5)
    x_lo, x_hi = ticks[0], ticks[-1]
    pl, pr = label_w, width - 16

    def X(v: float) -> float:
        return pl + (pr - pl) * (v - x_lo) / (x_hi - x_lo)

    parts = _open(width, height, title, title)
    parts.append(f'<text x="0" y="18" font-size="13" font-weight="bold" fill="{INK}">{_t(title)}</text>')
    for tv in ticks:
        parts.append(f'<line x1="{X(tv):.1f}" x2="{X(tv):.1f}" y1="{mt - 4}" y2="{height - mb + 2}" stroke="{GRID}"/>')
        parts.append(f'<text x="{X(tv):.1f}" y="{height - mb + 16}" text-anchor="middle" fill="{INK}" font-size="11">{_tick_label(tv)}</text>')
    for i, (label, exp, rep) in enumerate(rows):
        y = mt + i * (bar_h + gap)
        parts.append(f'<text x="{pl - 6}" y="{y + bar_h - 5}" text-anchor="end" fill="{INK}">{_t(label)}</text>')
        rep = max(rep, 0.0)
        parts.append(f'<rect x="{X(0):.1f}" y="{y}" width="{max(X(rep) - X(0), 0):.1f}" height="{bar_h}" fill="{REPLACEMENT}"/>')
        if exp >= 0:
            parts.append(f'<rect x="{X(rep):.1f}" y="{y}" width="{X(rep + exp) - X(rep):.1f}" height="{bar_h}" fill="{EXPANSION}"/>')
        else:
            parts.append(f'<rect x="{X(exp):.1f}" y="{y}" width="{X(0) - X(exp):.1f}" height="{bar_h}" fill="{EXPANSION}" fill-opacity="0.55"/>')
    ly = height - 8
    parts.append(f'<rect x="{pl}" y="{ly - 10}" width="14" height="10" fill="{REPLACEMENT}"/>')
    parts.append(f'<text x="{pl + 18}" y="{ly}" font-size="11" fill="{INK}">{_t(labels[1])}</text>')
    off = pl + 36 + 11 * _text_width(labels[1])
    parts.append(f'<rect x="{off:.0f}" y="{ly - 10}" width="14" height="10" fill="{EXPANSION}"/>')
    parts.append(f'<text x="{off + 18:.0f}" y="{ly}" font-size="11" fill="{INK}">{_t(labels[0])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def gap_bars(rows: Sequence[tuple[str, float | None, str]], *, title: str, axis: tuple[str, str],
             empty: str, width: int = 640) -> str:
    """Diverging horizontal bars of the gap ratio (openings − supply) / openings, clipped to ±100 %.

    Args:
        rows: (label, gap_ratio or None, rating text shown at the bar's end).
        axis: Captions for the (left, right) ends, e.g. ("surplus", "shortage").
    """
    rows = [r for r in rows if r[1] is not None and math.isfinite(r[1])]
    if not rows:
        return _empty(width, 120, title, empty)
    bar_h, gap, mt, mb = 16, 8, 44, 28
    label_w, height = _bar_frame(rows, bar_h + gap, mt + mb)
    pl, pr = label_w, width - 16
    # Axis limit on a 20 % grid (so ticks fall on round percentages), at most ±100 %.
    lim = min(1.0, max(0.2, math.ceil(max(abs(r[1]) for r in rows) * 1.1 * 5) / 5))

    def X(v: float) -> float:
        return pl + (pr - pl) * (max(-lim, min(lim, v)) + lim) / (2 * lim)

    parts = _open(width, height, title, title)
    parts.append(f'<text x="0" y="18" font-size="13" font-weight="bold" fill="{INK}">{_t(title)}</text>')
    parts.append(f'<text x="{pl}" y="36" fill="{SURPLUS}" font-size="11">← {_t(axis[0])}</text>')
    parts.append(f'<text x="{pr}" y="36" text-anchor="end" fill="{SHORTAGE}" font-size="11">{_t(axis[1])} →</text>')
    for tv in (-lim, -lim / 2, 0, lim / 2, lim):
        parts.append(f'<line x1="{X(tv):.1f}" x2="{X(tv):.1f}" y1="{mt - 4}" y2="{height - mb + 2}" stroke="{GRID if tv else INK}"/>')
        parts.append(f'<text x="{X(tv):.1f}" y="{height - mb + 16}" text-anchor="middle" font-size="11" fill="{INK}">{tv * 100:+.0f}%</text>')
    for i, (label, ratio, rating) in enumerate(rows):
        y = mt + i * (bar_h + gap)
        colour = SHORTAGE if ratio > 0.1 else SURPLUS if ratio < -0.1 else BALANCE
        a, b = sorted((X(0), X(ratio)))
        parts.append(f'<text x="{pl - 6}" y="{y + bar_h - 4}" text-anchor="end" fill="{INK}">{_t(label)}</text>')
        parts.append(f'<rect x="{a:.1f}" y="{y}" width="{max(b - a, 1):.1f}" height="{bar_h}" fill="{colour}"/>')
        text = f"{ratio * 100:+.0f}% {rating}"
        need = 11 * _text_width(text) + 6  # px at font-size 11
        # Outside the bar's end when the label fits there; else on the empty side of the zero
        # line, so it never runs over the class names or off the chart.
        if ratio >= 0:
            tx, anchor = (b + 4, "start") if pr - b >= need else (X(0) - 4, "end")
        else:
            tx, anchor = (a - 4, "end") if a - pl >= need else (X(0) + 4, "start")
        parts.append(f'<text x="{tx:.1f}" y="{y + bar_h - 4}" text-anchor="{anchor}" font-size="11" fill="{INK}">{_t(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)
