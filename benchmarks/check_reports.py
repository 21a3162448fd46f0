"""Check rendered reports (Markdown) against issue 10's acceptance points.

For every group report (``<edition>_<group>_<lang>.md``, not the province report):

* real Henan employment history: the history table is non-empty and its status line says official;
* 布点: the capacity table is non-empty and every row names the colleges that offer the major;
* member-college table: the college table has at least one real college, none with synthetic data;
* plan scenario (when the report shows one): baseline-vs-plan industry table and assumptions.

For every report (province too; Markdown, and HTML for the status lines):

* every table carries a status line (official / estimated / synthetic) unless it holds no numbers;
* no table row shows a real college's name beside a synthetic status;
* the method chapter states the bridge method with its back-test error and the section/division
  aggregation.

Usage::

    .venv/bin/python benchmarks/check_reports.py /tmp/h10_demo/reports

Prints one line per failure and exits 1 when any check fails.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from talentcast.reference import colleges
from talentcast.report.formatting import Messages

# Tables that carry no numbers (text only) need no status line (none at present).
TEXT_ONLY: tuple[str, ...] = ()


def parse_tables(md: str) -> list[dict]:
    """Tables of a rendered report: title, header, rows (cells), status/note line, section."""
    lines = md.splitlines()
    out, section, i = [], "", 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line[3:].strip()
        m = re.match(r"^\*\*(.+?)\*\*", line)
        if m and not line.startswith("- "):
            title = m.group(1)
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            rows, header, empty = [], [], False
            if j < len(lines) and lines[j].startswith("| "):
                header = [c.strip() for c in lines[j].strip().strip("|").split(" | ")]
                j += 2
                while j < len(lines) and lines[j].startswith("| "):
                    rows.append([c.strip() for c in lines[j].strip().strip("|").split(" | ")])
                    j += 1
            elif j < len(lines) and lines[j].startswith("_"):
                empty = True
            else:
                i += 1
                continue
            k = j + 1 if empty else j  # an empty table shows "_no data_" first
            while k < len(lines) and not lines[k].strip():
                k += 1
            status = lines[k] if k < len(lines) and lines[k].startswith("_") else ""
            out.append({"title": title, "header": header, "rows": rows, "status": status, "section": section,
                        "empty": empty or not rows})
            i = j
            continue
        i += 1
    return out


def check_report(path: Path, real_names: set[str]) -> list[str]:
    lang = "en" if path.stem.endswith("_en") else "zh"
    m = Messages(lang)
    md = path.read_text(encoding="utf-8")
    tables = parse_tables(md)
    fails: list[str] = []
    caption = m("status.caption", which="").strip()
    syn = m("status.synthetic")
    province = "_province_" in path.stem

    def find(key: str) -> dict | None:
        """The table whose title matches catalogue entry ``key`` ({year}, {span} as wildcards)."""
        pat = "^" + re.sub(r"\\\{\w+\\\}", ".*", re.escape(m.catalogue[key])) + "$"
        return next((t for t in tables if re.match(pat, t["title"])), None)

    no_status_ok = {m(k) for k in TEXT_ONLY}
    for t in tables:
        if not t["empty"] and caption not in t["status"] and t["title"] not in no_status_ok:
            fails.append(f"{path.name}: table {t['title']!r} has no data-status line")
        for row in t["rows"]:
            text = " | ".join(row)
            names = {n for n in real_names if n in text}
            if names and re.search(rf"(^|[\s/|]){re.escape(syn)}($|[\s/|])", text):
                fails.append(f"{path.name}: table {t['title']!r} shows a synthetic number beside real college "
                             f"{sorted(names)[0]}: {text[:120]}")
    method = md.split(f"## {m('sec.method')}", 1)[-1].split("\n## ", 1)[0]
    for key in ("text.method_p6", "text.method_p7"):
        if m(key)[:30] not in method:
            fails.append(f"{path.name}: method chapter lacks {key}")
    if province:
        return fails
    hist = find("industry.history_table")
    if hist is None or hist["empty"]:
        fails.append(f"{path.name}: no real Henan employment history table")
    elif m("status.official") not in hist["status"] or len(hist["header"]) < 2:
        fails.append(f"{path.name}: employment history is not marked official or has no industry")
    cap = find("supply.capacity_table")
    if cap is None or cap["empty"]:
        fails.append(f"{path.name}: no 布点 (capacity) table")
    else:
        col = cap["header"].index(m("col.colleges_offering")) if m("col.colleges_offering") in cap["header"] else None
        if col is None or any(not r[col] for r in cap["rows"]):
            fails.append(f"{path.name}: capacity rows without the colleges that offer them")
    ev = find("eval.table")
    if ev is None or ev["empty"]:
        fails.append(f"{path.name}: no member-college table")
    else:
        kind = ev["header"].index(m("col.data_kind"))
        real_rows = [r for r in ev["rows"] if m("eval.real") in r[kind]]
        if not real_rows:
            fails.append(f"{path.name}: member-college table has no real college")
        st = ev["header"].index(m("col.status"))
        for r in real_rows:
            if syn in r[st]:
                fails.append(f"{path.name}: real college {r[1]} carries synthetic data")
    if m("scenario.intro")[:20] in md:
        for key in ("scenario.industry_table", "scenario.assumption_table"):
            t = find(key)
            if t is None or t["empty"]:
                fails.append(f"{path.name}: plan scenario shown but {key} is missing or empty")
        if find("scenario.demand_table") is None and m("scenario.demand_same") not in md:
            fails.append(f"{path.name}: plan scenario shown but no demand comparison")
    return fails


def check_html(path: Path) -> list[str]:
    """Every non-empty table and every chart of an HTML report carries a data-status line."""
    h = path.read_text(encoding="utf-8")
    fails = []
    for tid, body in re.findall(r'<figure class="tbl" id="t-([\w-]+)">(.*?)</figure>', h, flags=re.S):
        if "<table" in body and 'class="status"' not in body:
            fails.append(f"{path.name}: table {tid} has no data-status line")
    for mt in re.finditer(r"<svg", h):
        rest = h[mt.start():]
        ends = [i for i in (rest.find('<figure class="tbl"'), rest.find("<h2")) if i > 0]
        if 'class="status"' not in rest[: min(ends or [len(rest)])]:
            title = re.search(r"<title>(.*?)</title>", rest)
            fails.append(f"{path.name}: chart {title.group(1) if title else '?'} has no data-status line")
    return fails


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else "/tmp/h10_demo/reports")
    real_names = {str(n) for n in colleges()["name"].dropna() if len(str(n)) >= 4}
    paths = sorted(folder.glob("*.md"))
    fails = [f for p in paths for f in check_report(p, real_names)]
    fails += [f for p in sorted(folder.glob("*.html")) for f in check_html(p)]
    groups = [p for p in paths if "_province_" not in p.stem]
    for f in fails:
        print("FAIL", f)
    print(f"{len(paths)} reports ({len(groups)} group reports) checked (Markdown and HTML), {len(fails)} failure(s)")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
