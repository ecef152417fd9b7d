"""A progress display on a terminal (rich, articles/s); nothing when stderr is not a TTY."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text


class Tick(Protocol):
    """Advance the display by a number of records, with an up-to-date status line."""

    def __call__(self, count: int, status: str | None = None) -> None: ...


class RateColumn(ProgressColumn):
    """Records per second over the run."""

    def render(self, task: Task) -> Text:
        """The mean speed so far, e.g. "14.2 articles/s" (chunked results make the instant rate jumpy)."""
        rate = task.completed / task.elapsed if task.elapsed else 0.0
        return Text(f"{rate:.1f} articles/s", style="progress.data.speed")


def _no_progress(count: int, status: str | None = None) -> None:
    """Nothing to show when stderr is not a terminal."""


@contextmanager
def progress_display(enabled: bool = True) -> Iterator[Tick]:
    """Yield a tick function; draws a live bar only when enabled and stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield _no_progress
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.completed} records"),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=None)

        def tick(count: int, status: str | None = None) -> None:
            progress.update(task, advance=count, description=status)

        yield tick
