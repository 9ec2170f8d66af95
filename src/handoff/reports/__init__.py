"""One renderer per output format, all fed the same `Result`.

Each module exposes `render(result) -> str`; console output goes through rich instead and
exposes `print_report(result, console, quiet)`.
"""

from __future__ import annotations

from typing import Callable

from handoff.results import Result

FORMATS = ("console", "json", "sarif", "github", "markdown", "gitlab")


def renderer(name: str) -> Callable[[Result], str]:
    if name == "json":
        from handoff.reports.json import render  # pylint: disable=import-outside-toplevel
    elif name == "sarif":
        from handoff.reports.sarif import render  # pylint: disable=import-outside-toplevel
    elif name == "github":
        from handoff.reports.github import render  # pylint: disable=import-outside-toplevel
    elif name == "markdown":
        from handoff.reports.markdown import render  # pylint: disable=import-outside-toplevel
    elif name == "gitlab":
        from handoff.reports.gitlab import render  # pylint: disable=import-outside-toplevel
    else:
        raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
    return render
