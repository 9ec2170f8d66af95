"""What the QUAL tool rules share: the project a file belongs to, running a tool so that its
own trouble (not installed, a broken configuration, code it cannot parse) stays out of the
findings, and a formatter's first difference as a report."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Callable, TypeVar

from handoff.checks.base import Report
from handoff.checks.qual.diffs import Difference
from handoff.integrations.formatters import Unformattable
from handoff.integrations.tools import ToolConfigError, ToolMissing, warn_once
from handoff.sources import Source

T = TypeVar("T")


def project_root(source: Source) -> Path:
    """The root of the project handoff checks (where `source.relpath` starts)."""
    depth = len(PurePosixPath(source.relpath).parts)
    return source.path.parents[depth - 1] if depth else source.path.parent


def run_tool(code: str, tool: str, action: Callable[[], T]) -> T | None:
    """`action()`, or None when the tool cannot judge the file: it is not installed, the
    project's configuration of it is broken (a warning, once), or the code does not parse
    (HO001 reports that)."""
    try:
        return action()
    except ImportError:
        warn_once(str(ToolMissing(tool, code)))
    except ToolConfigError as exc:
        warn_once(f"{code} is skipped where this configuration applies: {exc}")
    except Unformattable:
        pass
    return None


def difference_report(difference: Difference, what: str, fix: str) -> Report:
    """One report at the first differing line: `what` says what differs ("black would
    reformat"), `fix` the command that fixes it."""
    lines = "1 line" if difference.changed == 1 else f"{difference.changed} lines"
    return Report(
        f"{what} this file: {lines} would change, the first here; {fix}",
        line=difference.line,
        cell=difference.cell,
    )
