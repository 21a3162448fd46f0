"""Progress for long steps: a bar on a terminal, plain log lines elsewhere (cron, CI, pipes)."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

log = logging.getLogger("talentcast")
T = TypeVar("T")


class Progress:
    """Reports steps of a workflow. The quiet default only logs at INFO level.

    Workflows call :meth:`step` around a stage and :meth:`track` over long iterables; the CLI
    passes a :class:`TerminalProgress` when stderr is a terminal.
    """

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        start = time.perf_counter()
        log.info("%s …", label)
        yield
        log.info("%s done in %.1f s", label, time.perf_counter() - start)

    def track(self, items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
        total = total if total is not None else (len(items) if hasattr(items, "__len__") else None)
        log.info("%s (%s items)", label, total if total is not None else "?")
        yield from items


class TerminalProgress(Progress):
    """Rich progress bars and spinners on an interactive terminal."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        start = time.perf_counter()
        with self.console.status(f"{label} …"):
            yield
        self.console.print(f"[green]✓[/green] {label} [dim]({time.perf_counter() - start:.1f} s)[/dim]")

    def track(self, items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
        from rich.progress import track

        yield from track(items, description=label, total=total, console=self.console, transient=True)


def for_stream(quiet: bool = False) -> Progress:
    """Pick the progress reporter that suits stderr."""
    if not quiet and sys.stderr.isatty():
        return TerminalProgress()
    return Progress()
