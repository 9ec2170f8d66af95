"""What the user sees while the sweep runs: a rich progress bar on a terminal; elsewhere (CI
logs, pipes) one plain line per finished batch size and no control characters."""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from .sweep import OK, BatchResult, SweepObserver

# Redraw at most this often: the bar must not take CPU time from the calls being timed.
REFRESH_SECONDS = 0.25


def result_line(result: BatchResult) -> str:
    if result.status != OK or result.summary is None:
        return f"batch {result.batch_size}: {result.status.replace('_', ' ')} ({result.error})"
    summary = result.summary
    return (
        f"batch {result.batch_size}: p50 {summary.p50_ms:.3f} ms, p99 {summary.p99_ms:.3f} ms, "
        f"{summary.throughput_per_s:,.1f} items/s ({summary.iterations} calls)"
    )


class PlainProgress:
    """For logs: a line per batch size, written when it is done."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def batch_started(self, batch_size: int) -> None:
        """Nothing until the batch size is done."""

    def measuring(self, batch_size: int, fraction_done: float) -> None:
        """Nothing until the batch size is done."""

    def batch_finished(self, result: BatchResult) -> None:
        print(result_line(result), file=self._stream, flush=True)


class RichProgress:
    """One bar per batch size, redrawn by hand (no refresh thread competing with the model)."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            auto_refresh=False,
            transient=True,
        )
        self._tasks: dict[int, TaskID] = {}
        self._last_refresh = 0.0

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._progress.stop()

    def batch_started(self, batch_size: int) -> None:
        self._tasks[batch_size] = self._progress.add_task(f"batch {batch_size}", total=1.0)
        self._progress.refresh()

    def measuring(self, batch_size: int, fraction_done: float) -> None:
        now = time.monotonic()
        if now - self._last_refresh >= REFRESH_SECONDS:
            self._progress.update(self._tasks[batch_size], completed=fraction_done)
            self._progress.refresh()
            self._last_refresh = now

    def batch_finished(self, result: BatchResult) -> None:
        task = self._tasks.pop(result.batch_size, None)
        if task is not None:
            self._progress.remove_task(task)
        self._progress.console.print(result_line(result), highlight=False, markup=False)
        self._progress.refresh()


@contextmanager
def progress_for(stream: TextIO) -> Iterator[SweepObserver]:
    """A progress bar when `stream` is a terminal, plain lines otherwise."""
    if stream.isatty():
        with RichProgress(Console(file=stream)) as progress:
            yield progress
    else:
        yield PlainProgress(stream)
