"""The progress bar `handoff check` shows on a terminal while a check runs longer than about a
second: transient (gone when the report prints), on stderr, fed by the engine's count of
checked files through `api.check(progress=...)`. A quick or warm run draws nothing at all."""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress

DELAY = 1.0  # seconds a check runs before the bar appears


class ProgressBar:
    """Call it with (files done, files in all); it draws nothing until `delay` seconds after
    it was entered, then a bar on `console` until it is closed. A timer draws it, so a single
    slow file or a slow discovery still shows that the check is alive."""

    def __init__(self, console: Console, delay: float = DELAY):
        self.console = console
        self.delay = delay
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._bar: Progress | None = None
        self._task = None
        self._counts: tuple[int, int] | None = None  # the last (done, total) heard
        self._closed = False

    def __enter__(self) -> ProgressBar:
        if self.delay <= 0:
            self._show()
        else:
            self._timer = threading.Timer(self.delay, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __call__(self, done: int, total: int) -> None:
        with self._lock:
            self._counts = (done, total)
            if self._bar is not None:
                self._update()

    def _show(self) -> None:
        with self._lock:
            if self._bar is not None or self._closed:
                return  # already drawn, or closed before the timer fired
            # Imported here: most runs (pre-commit, CI, warm) never draw a bar.
            # pylint: disable-next=import-outside-toplevel
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._task = self._bar.add_task("finding files", total=None)
            self._update()
            self._bar.start()

    def _update(self) -> None:
        assert self._bar is not None and self._task is not None
        if self._counts is None:
            return
        done, total = self._counts
        what = "checking files" if done < total else "checking the project"
        self._bar.update(self._task, completed=done, total=total, description=what)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._bar is not None:
                self._bar.stop()
                self._bar = None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def stderr_console() -> Console:
    return Console(stderr=True)


def for_check(quiet: bool, verbose: bool) -> ProgressBar | None:
    """The bar for `handoff check`, or None. Only when stdout and stderr both are a terminal
    (never in a CI log, a pipe or a report redirected to a file, whatever FORCE_COLOR
    says), and neither with `--quiet` nor with `--verbose`, whose notes would tear it."""
    if quiet or verbose or not (_is_terminal(sys.stdout) and _is_terminal(sys.stderr)):
        return None
    return ProgressBar(stderr_console(), DELAY)
