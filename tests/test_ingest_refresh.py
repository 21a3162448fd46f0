"""refresh: only new or changed files under data/raw/<kind>/ are ingested."""

from __future__ import annotations

from pathlib import Path

from talentcast.ingest import refresh
from talentcast.lake import Lake

DATA = Path(__file__).parent / "data" / "ingest"


def test_refresh_only_new_files(tmp_path: Path) -> None:
    raw = tmp_path / "data" / "raw"
    (raw / "postings").mkdir(parents=True)
    (raw / "graduates").mkdir(parents=True)
    (raw / "postings" / "a.csv").write_text("职位名称,工作地点\n焊工,郑州\n", encoding="utf-8")
    (raw / "postings" / "README.md").write_text("notes", encoding="utf-8")
    (raw / "graduates" / "g.csv").write_bytes((DATA / "graduates_synthetic.csv").read_bytes())
    lake = Lake(tmp_path / "lake")
    r1 = refresh(lake, raw)
    assert set(r1) == {"postings", "graduates"} and r1["postings"].rows_accepted == 1
    r2 = refresh(lake, raw)
    assert all(r.rows_read == 0 for r in r2.values())
    (raw / "postings" / "b.csv").write_text("职位名称,工作地点\n电工,洛阳\n", encoding="utf-8")
    (raw / "postings" / "bad.csv").write_bytes(b"")
    r3 = refresh(lake, raw)
    st = {Path(f.file).name: f.status for f in r3["postings"].files}
    assert st == {"a.csv": "already_ingested", "b.csv": "ingested", "bad.csv": "error"}
    assert len(lake.read("postings")) == 2
