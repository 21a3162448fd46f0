"""The workspace: every path talentcast keeps in it, which raw files are data, and the atomic write.

A workspace is a directory laid out as below; :func:`init` creates the folders and the config
file, every other module asks :class:`Workspace` for a path instead of joining names itself::

    talentcast.toml           settings (commented defaults)
    groups.toml               optional registry override (merged over the packaged one)
    data/raw/<kind>/          raw files `refresh` ingests (kind: statistics, postings, …)
    lake/                     the parquet lake (see talentcast.lake)
    models/                   trained models (the posting classifier)
    reports/                  rendered reports
    review/posting_classes.csv  unclassified postings for analysts; corrections come back here
    logs/talentcast.jsonl     one JSON line per `refresh` run
    .talentcast.lock          the lock one `refresh` holds at a time

:func:`atomic_write` is the one way the code base writes a file that must never be seen half
written (reports, exports, models, the lake's journal).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from talentcast.errors import InputFileError

if TYPE_CHECKING:
    import pandas as pd

CONFIG_FILE = "talentcast.toml"
REGISTRY_FILE = "groups.toml"
RAW_KINDS = ("statistics", "postings", "graduates", "enrollment", "programmes")
LOCK_FILE = ".talentcast.lock"

#: Extensions (after an optional .gz) of the raw files the ingestors read.
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".htm", ".html", ".json", ".jsonl", ".ndjson")
#: File names (lower case, without extension) that document a folder rather than hold data.
_DOC_STEMS = ("readme", "license", "licence", "copying", "notice", "sources", "source", "changelog", "authors")


@dataclass(frozen=True)
class Workspace:
    """Paths of one workspace rooted at ``root`` (nothing is created by building one)."""

    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def registry_file(self) -> Path:
        return self.root / REGISTRY_FILE

    @property
    def raw_dir(self) -> Path:
        return self.root / "data" / "raw"

    def raw_kind_dir(self, kind: str) -> Path:
        """``data/raw/<kind>/``."""
        return self.raw_dir / kind

    @property
    def lake_dir(self) -> Path:
        return self.root / "lake"

    @property
    def models_dir(self) -> Path:
        return self.root / "models"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def review_file(self) -> Path:
        return self.root / "review" / "posting_classes.csv"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs_dir / "talentcast.jsonl"

    @property
    def build_state_file(self) -> Path:
        """What the marts and the reports were last built from (see :func:`talentcast.ops.record_build`)."""
        return self.logs_dir / "build-state.json"

    @property
    def lock_file(self) -> Path:
        return self.root / LOCK_FILE

    def folders(self) -> list[Path]:
        """The folders :func:`init` creates, in creation order."""
        return [*(self.raw_kind_dir(k) for k in RAW_KINDS), self.lake_dir, self.models_dir, self.reports_dir,
                self.review_file.parent, self.logs_dir]

    def relative(self, path: str | os.PathLike[str]) -> str:
        """``path`` relative to the workspace when it lies inside it, else absolute (POSIX form).

        What the lake's manifest stores, so that a workspace can be moved or reached from any
        current directory and still name its raw files.
        """
        p = Path(os.path.abspath(path))
        try:
            return p.relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            return p.as_posix()

    def resolve(self, stored: str) -> Path:
        """The path a manifest entry names (inverse of :meth:`relative`)."""
        p = Path(stored)
        return p if p.is_absolute() else self.root / p


def init(root: str | os.PathLike[str], config_text: str) -> list[Path]:
    """Create the workspace folders and its config file (idempotent).

    Args:
        root: Workspace directory.
        config_text: Content of a new ``talentcast.toml`` (an existing one is kept).

    Returns:
        The paths that were created (existing ones are left alone).

    Raises:
        OSError: When a folder cannot be created (the caller names the workspace).
    """
    ws = Workspace(Path(root))
    created: list[Path] = []
    for path in ws.folders():
        if not path.exists():
            path.mkdir(parents=True)
            created.append(path)
    if not ws.config_file.exists():
        atomic_write_text(ws.config_file, config_text)
        created.append(ws.config_file)
    return created


def is_data_file(path: Path) -> bool:
    """Whether ``path`` looks like a raw data file an ingestor reads (by name, not content).

    Hidden files, documentation (README, LICENSE.txt, SOURCES.md …) and unknown extensions
    (.md, .pdf, .docx, .zip …) are not data: `refresh` lists them as skipped.
    """
    name = path.name.lower()
    if name.startswith((".", "~$")):
        return False
    base = name[:-3] if name.endswith(".gz") else name
    stem, dot, ext = base.rpartition(".")
    if not dot or f".{ext}" not in DATA_SUFFIXES:
        return False
    return stem.split(".")[0] not in _DOC_STEMS


def raw_files(raw_dir: Path, kinds: tuple[str, ...] = RAW_KINDS) -> tuple[dict[str, list[Path]], list[Path]]:
    """Raw files under ``raw_dir/<kind>/`` (recursively), by kind, and the files skipped.

    Returns:
        ``({kind: [data files, sorted]}, [skipped files, sorted])``; hidden files and folders
        and office lock files (``~$…``) are not listed at all.
    """
    found: dict[str, list[Path]] = {}
    skipped: list[Path] = []
    for kind in kinds:
        folder = raw_dir / kind
        if not folder.is_dir():
            continue
        for p in sorted(folder.rglob("*")):
            if not p.is_file() or any(part.startswith((".", "~$")) for part in p.relative_to(folder).parts):
                continue  # hidden files and folders, office lock files: not the user's files
            (found.setdefault(kind, []) if is_data_file(p) else skipped).append(p)
    return found, sorted(skipped)


def atomic_write(path: str | os.PathLike[str], write: Callable[[Path], object], mode: int = 0o644) -> Path:
    """Write ``path`` all or nothing: ``write(tmp)`` fills a temporary file beside it, then rename.

    A crash (or an exception in ``write``) leaves the old file, never a half-written one; the
    temporary file is removed. The data is fsynced before the rename, the folder after it.

    Args:
        path: Target file; its folder is created if missing.
        write: Called with the temporary path (same folder, hidden ``.<name>.…`` name, same
            suffix, so writers that choose a format by extension still work).
        mode: Permissions of the result (temporary files are created 0600).

    Returns:
        ``path``.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        _fsync_file(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """:func:`atomic_write` of UTF-8 text."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """:func:`atomic_write` of bytes."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


def _fsync_file(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make renames in ``path`` durable (best effort: not every filesystem allows it)."""
    _fsync_file(path)


# --------------------------------------------------------------------------- tables by extension


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV/TSV (encoding detected), XLSX or parquet table of postings, all as text.

    Raises:
        InputFileError: Missing, empty, unreadable or of an unsupported type (names the file).
    """
    import pandas as pd

    import csv

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".parquet"):
        raise InputFileError(f"{path}: unsupported file type {suffix!r}", hint="use .csv, .tsv, .xlsx or .parquet")
    if not path.is_file():
        raise InputFileError(f"{path}: file not found", hint="check the path given to --input")
    if path.stat().st_size == 0:
        raise InputFileError(f"{path}: file is empty", hint="give a table with a title column")
    try:
        if suffix in (".csv", ".tsv"):
            from talentcast.ingest.readers import detect_encoding  # the encoding sniffing ingest uses

            # Analysts' exports are often GBK/GB18030: detect like `ingest` does rather than assume UTF-8.
            enc = detect_encoding(path)
            enc = "utf-8-sig" if enc.lower().replace("_", "-") in ("utf-8", "utf8", "ascii") else enc
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=enc, sep="," if suffix == ".csv" else "\t")
        if suffix in (".xlsx", ".xlsm", ".xls"):
            return pd.read_excel(path, dtype=str).fillna("")
        if suffix == ".parquet":
            return pd.read_parquet(path)
    except FileNotFoundError as exc:
        raise InputFileError(f"{path}: file not found") from exc
    except InputFileError as exc:  # from encoding detection, worded for `ingest`
        raise InputFileError(exc.message.replace("; nothing of it was ingested", ""), hint=exc.hint) from None
    except (OSError, ValueError, UnicodeDecodeError, ImportError, csv.Error) as exc:
        raise InputFileError(f"{path}: cannot read as {suffix[1:]} ({exc})", hint="save it as CSV, XLSX or parquet") from exc
    raise InputFileError(f"{path}: unsupported file type {suffix!r}", hint="use .csv, .tsv, .xlsx or .parquet")


def write_table(df: pd.DataFrame, path: Path) -> None:
    """Write ``df`` atomically as CSV (with BOM, for Excel), XLSX or parquet, by extension."""
    import pandas as pd  # noqa: F401 - the frame methods need pandas loaded

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm", ".parquet"):
        raise InputFileError(f"{path}: unsupported output type {suffix!r}", hint="use .csv, .xlsx or .parquet")

    def write(tmp: Path) -> None:
        if suffix == ".csv":
            df.to_csv(tmp, index=False, encoding="utf-8-sig")  # BOM so Excel opens Chinese correctly
        elif suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        else:
            # Titles are user data: a title such as "=cmd|' /C calc'!A0" must stay text, not
            # become a live formula in the analyst's spreadsheet.
            with pd.ExcelWriter(tmp, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False}}) as xw:
                df.to_excel(xw, index=False)

    atomic_write(path, write)
