"""Operations for unattended runs: the workspace lock, the structured run log and the build state."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from talentcast.errors import LockError, TalentcastError, storage_error
from talentcast.workspace import Workspace

# Relative to the workspace; talentcast.workspace owns the layout.
LOCK_FILE = Workspace(Path()).lock_file
LOG_FILE = Workspace(Path()).log_file


@contextmanager
def workspace_lock(workspace: Path, timeout_s: float = 600.0, poll_s: float = 0.2,
                   on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on the workspace; wait up to ``timeout_s`` for another run.

    The lock is an OS file lock (flock), so it is released if the holder dies.

    Args:
        workspace: Workspace directory.
        timeout_s: How long to wait for another holder.
        poll_s: Seconds between attempts.
        on_wait: Called once, with who holds the lock, when this run has to wait.

    Raises:
        LockError: another run still holds the lock after ``timeout_s`` (exit code 75).
    """
    path = Workspace(Path(workspace)).lock_file
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise (storage_error(exc, f"taking the workspace lock {path}") or exc) from None
    deadline = time.monotonic() + timeout_s
    waiting = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waiting and on_wait is not None:
                    on_wait(_holder(path))
                waiting = True
                if time.monotonic() >= deadline:
                    holder = _holder(path)
                    raise LockError(
                        f"another talentcast run holds the lock on {workspace} ({holder}); waited {timeout_s:.0f} s",
                        hint="let it finish, or raise --lock-timeout; the lock frees itself when that process ends",
                    ) from None
                time.sleep(poll_s)
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()} since {datetime.now(timezone.utc).isoformat(timespec='seconds')}".encode())
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def run_log(workspace: Path, command: str) -> Iterator[dict[str, Any]]:
    """Append one JSON line per run to ``logs/talentcast.jsonl``: start, end, outcome, details.

    Yields a dict the caller fills with details; it is written when the block ends, with
    ``status`` ``ok`` or ``error`` (and the error's message and exit code), whatever ended it
    (the lock's exit 75 included). A log that cannot be written (a full or read-only disk)
    never hides the run's own outcome.
    """
    event: dict[str, Any] = {}
    started = datetime.now(timezone.utc)
    record: dict[str, Any] = {"command": command, "started": started.isoformat(timespec="milliseconds"), "pid": os.getpid()}
    try:
        yield event
        record["status"] = "ok"
    except TalentcastError as exc:
        record.update(status="error", error=exc.message, exit_code=exc.exit_code)
        raise
    except BaseException as exc:
        record.update(status="error", error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc(limit=5))
        raise
    finally:
        record["seconds"] = round((datetime.now(timezone.utc) - started).total_seconds(), 3)
        record.update(event)
        path = Workspace(Path(workspace)).log_file
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        except OSError:
            pass


def read_build_state(workspace: Path) -> dict[str, Any]:
    """The build state: ``marts`` and ``reports`` map to the inputs fingerprint each was built from.

    A missing or unreadable file is an empty state (everything is then rebuilt once).
    """
    try:
        state = json.loads(Workspace(Path(workspace)).build_state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def record_build(workspace: Path, **fingerprints: str) -> None:
    """Record what a finished build step was built from, e.g. ``record_build(ws, marts=fp)``.

    Called only after the step's output is committed: a run killed before that leaves the old
    record, so the next ``refresh`` rebuilds (at worst once too often, never too rarely).
    """
    from talentcast.workspace import atomic_write_text

    path = Workspace(Path(workspace)).build_state_file
    path.parent.mkdir(parents=True, exist_ok=True)
    state = read_build_state(workspace) | fingerprints | {"updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    atomic_write_text(path, json.dumps(state, ensure_ascii=False, indent=1) + "\n")
