"""Every error talentcast raises on purpose.

One hierarchy, rooted at :class:`TalentcastError`, caught once in the CLI. Each message
says what went wrong, where (file, line, record, series) and what to do about it.
"""

from __future__ import annotations


class TalentcastError(Exception):
    """Base of all expected errors; the CLI prints ``Error: <message>`` and exits non-zero.

    Attributes:
        exit_code: Process exit code the CLI uses for this error.
    """

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message}\n  Hint: {hint}")


class ConfigError(TalentcastError):
    """Bad or contradictory settings (talentcast.toml, TALENTCAST_* env, flags)."""

    exit_code = 2


class WorkspaceError(TalentcastError):
    """The workspace directory is missing, not initialised, or not writable."""

    exit_code = 2


class ReferenceError_(TalentcastError):
    """A classification code is unknown or malformed (GB/T 4754, majors, regions …)."""


# A friendlier public name; ``ReferenceError`` is a Python builtin we must not shadow.
CodeError = ReferenceError_


class RegistryError(TalentcastError):
    """The group registry TOML is malformed (names the file, entry and problem)."""

    exit_code = 2


class InputFileError(TalentcastError):
    """An input file cannot be read at all (encoding, format, truncated, empty)."""

    exit_code = 3


class ValidationError(TalentcastError):
    """A table failed validation; ``failures`` lists every failure found, not just the first.

    Attributes:
        failures: One human-readable line per failure (series, row, column, problem).
    """

    exit_code = 3

    def __init__(self, message: str, failures: list[str] | None = None, *, hint: str | None = None) -> None:
        self.failures = list(failures or [])
        shown = self.failures[:20]
        more = len(self.failures) - len(shown)
        body = message
        if shown:
            body += "\n" + "\n".join(f"  - {f}" for f in shown)
        if more > 0:
            body += f"\n  … and {more} more"
        super().__init__(body, hint=hint)


class LakeError(TalentcastError):
    """The lake is missing a table, or is inconsistent (run `talentcast ingest` first)."""

    exit_code = 4


class ForecastError(TalentcastError):
    """A forecast could not be produced for a series (names the series and the fix)."""

    exit_code = 5


class ModelError(TalentcastError):
    """A trained model (the posting classifier) is missing or incompatible."""

    exit_code = 5


class ReportError(TalentcastError):
    """A report could not be rendered (missing marts, missing PDF engine …)."""

    exit_code = 6


class LockError(TalentcastError):
    """Another talentcast run holds the workspace lock and the wait timed out."""

    exit_code = 75  # EX_TEMPFAIL: cron may retry later


class StorageError(TalentcastError):
    """The workspace cannot be written: the disk is full or the file system refuses writes.

    Nothing of the failed write was committed (the lake's transactions roll back).
    """

    exit_code = 74  # EX_IOERR


class ReadOnlyWorkspaceError(StorageError):
    """The workspace (or a folder in it) is read-only; reading commands such as `status` still work."""

    exit_code = 73  # EX_CANTCREAT


class DiskFullError(StorageError):
    """No space (or quota) left on the workspace's file system."""

    exit_code = 74  # EX_IOERR


class CorruptLakeError(LakeError):
    """A part file of the lake is missing or unreadable; the message names it (run `talentcast repair`)."""

    exit_code = 7


class AlreadyIngestedError(LakeError):
    """A commit would record a file the manifest already holds (another run landed it first)."""


def storage_error(exc: OSError, doing: str) -> TalentcastError | None:
    """The TalentcastError for an OSError that is the disk's or the file system's fault, else None.

    Args:
        exc: The error raised by a write.
        doing: What was being done, e.g. "writing the lake at /srv/ws/lake".
    """
    import errno

    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"disk full while {doing}{where}; nothing of this step was committed",
                             hint="free space on that file system (or move the workspace) and run the command again")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyWorkspaceError(f"cannot write while {doing}{where}: {exc.strerror}",
                                      hint="the workspace is read-only for this user; `talentcast status` still works, "
                                      "other commands need write access (check the mount and permissions)")
    return None
