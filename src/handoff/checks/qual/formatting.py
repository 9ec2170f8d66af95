"""What QUAL001 and QUAL002 share: run a formatter on a file's code, turn the first difference
into a report, and keep a tool's own trouble (not installed, a broken configuration, code it
cannot parse) out of the findings."""

from __future__ import annotations

from typing import Callable, TypeVar

from handoff.checks.base import Report
from handoff.checks.qual.diffs import Difference
from handoff.integrations.formatters import Unformattable
from handoff.integrations.tools import ToolConfigError, ToolMissing, warn_once

T = TypeVar("T")


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
