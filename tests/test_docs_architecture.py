"""docs/architecture.md is true: every module it names exists, and no two modules share a name."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src" / "talentcast"


def test_every_module_the_architecture_names_exists():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    layout = doc[doc.index("## Layout"):doc.index("## Conventions")]
    names = set(re.findall(r"\b([a-z_]+\.py)\b", layout))
    existing = {p.name for p in SRC.rglob("*.py")}
    assert names and not names - existing, sorted(names - existing)


def test_no_two_modules_share_a_file_name():
    seen: dict[str, Path] = {}
    for p in sorted(SRC.rglob("*.py")):
        if p.name in ("__init__.py", "__main__.py"):
            continue
        assert p.name not in seen, f"{p} and {seen[p.name]} share a name"
        seen[p.name] = p


def test_ingest_and_crosswalk_do_not_import_each_other():
    for stage, other in (("ingest", "crosswalk"), ("crosswalk", "ingest")):
        for p in (SRC / stage).rglob("*.py"):
            imports = re.findall(rf"^\s*(?:from|import) talentcast\.{other}\b", p.read_text(encoding="utf-8"), re.M)
            assert not imports, f"{p} imports talentcast.{other}"


def test_no_module_imports_a_private_name_of_another_package():
    pattern = re.compile(r"from talentcast\.([a-z_.]+) import ([^\n(]+|\([^)]*\))")
    for p in SRC.rglob("*.py"):
        own = p.relative_to(SRC).parts[0]
        for mod, names in pattern.findall(p.read_text(encoding="utf-8")):
            if mod.split(".")[0] == own.removesuffix(".py"):
                continue  # a package's own private helpers
            imported = [part.split(" as ")[0].strip() for part in names.strip("()").split(",")]
            private = [n for n in imported if n.startswith("_")]
            assert not private, f"{p} imports {private} from talentcast.{mod}"
