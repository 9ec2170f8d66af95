"""The human report: findings grouped by file, each with its source line, then a summary
table by family and severity. rich drops colour by itself when stdout is not a terminal or
NO_COLOR is set."""

from __future__ import annotations

import os
import sys
from collections import Counter
from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from handoff.findings import Finding, Severity
from handoff.reports.statistics import rule_counts
from handoff.results import Result

# When stdout is a pipe (CI, pre-commit, `| less`) rich would assume 80 columns; a log has
# no width, so it gets a generous one unless COLUMNS says otherwise.
PIPE_WIDTH = 120


def output_width(stream: TextIO) -> int | None:
    """COLUMNS when set; else the terminal's width (None: rich asks it); else PIPE_WIDTH."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        interactive = False
    return None if interactive else PIPE_WIDTH


def make_console(stream: TextIO | None = None, plain: bool = False) -> Console:
    """The console for a report or a table on `stream` (stdout by default); `plain` for a
    file, which is never coloured even when FORCE_COLOR is set for the terminal."""
    target = stream if stream is not None else sys.stdout
    if plain:
        return Console(file=target, force_terminal=False, width=output_width(target))
    return Console(file=stream, width=output_width(target))


SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def _position(finding: Finding) -> str:
    if finding.cell is not None:
        return f"cell_{finding.cell}:{finding.line}:{finding.column}"
    return f"{finding.line}:{finding.column}"


def _finding_lines(finding: Finding, width: int) -> list[Text]:
    head = Text("  ")
    head.append(_position(finding).ljust(width), style="bold")
    head.append("  ")
    head.append(finding.severity.value.ljust(8), style=SEVERITY_STYLE[finding.severity])
    head.append(f" {finding.rule} ", style="bold")
    head.append(finding.name, style="dim")
    lines = [head, Text("    " + finding.message)]
    if finding.source_line.strip():
        lines.append(Text("    │ " + finding.source_line.strip(), style="dim"))
    return lines


def _located_head(finding: Finding, width: int) -> Text:
    """`  path:line:col  CODE name`, for lists that are not grouped by file."""
    line = Text("  ")
    line.append(finding.display_location.ljust(width), style="bold")
    line.append(f"  {finding.rule} ", style="bold")
    line.append(finding.name, style="dim")
    return line


def print_findings(result: Result, console: Console) -> None:
    for path, group in groupby(result.findings, key=lambda f: f.path):
        findings = list(group)
        console.print(Text(path, style="bold underline"), soft_wrap=True)
        width = max(len(_position(f)) for f in findings)
        for finding in findings:
            for line in _finding_lines(finding, width):
                console.print(line, soft_wrap=True)
        console.print()


def print_findings_by_severity(result: Result, console: Console) -> None:
    """`--sort severity`: the most severe first, each finding with its full location."""
    ordered = sorted(result.findings, key=lambda f: (-f.severity.rank, f.sort_key()))
    for severity, group in groupby(ordered, key=lambda f: f.severity):
        findings = list(group)
        head = Text(f"{severity.value} ({len(findings)})", style="bold underline")
        console.print(head, soft_wrap=True)
        width = max(len(f.display_location) for f in findings)
        for finding in findings:
            console.print(_located_head(finding, width), soft_wrap=True)
            console.print(Text("    " + finding.message), soft_wrap=True)
            if finding.source_line.strip():
                console.print(Text("    │ " + finding.source_line.strip(), "dim"), soft_wrap=True)
        console.print()


def print_critical_recap(result: Result, console: Console) -> None:
    """The critical findings again, last, where the end of a long CI log shows them: four
    leaked keys must not drown among sixty path findings."""
    critical = [f for f in result.findings if f.severity is Severity.CRITICAL]
    if not critical:
        return
    console.print(
        Text(f"Critical findings ({len(critical)}):", style=SEVERITY_STYLE[Severity.CRITICAL]),
        soft_wrap=True,
    )
    width = max(len(f.display_location) for f in critical)
    for finding in critical:
        console.print(_located_head(finding, width), soft_wrap=True)


def print_statistics(result: Result, console: Console) -> None:
    """`--statistics`: one `count  CODE  severity  name` row per rule instead of the findings."""
    rows = rule_counts(result)
    if not rows:
        return
    width = max(len(str(n)) for n, _ in rows)
    code_width = max(len(f.rule) for _, f in rows) + 1  # REPRO001 is eight characters
    for count, finding in rows:
        line = Text(str(count).rjust(width), style="bold")
        line.append(f"  {finding.rule:<{code_width}}")
        line.append(finding.severity.value.ljust(8), style=SEVERITY_STYLE[finding.severity])
        line.append(f"  {finding.name}")
        console.print(line, soft_wrap=True)
    console.print()


def print_unclipped(console: Console, table: Table) -> None:
    """Print `table` at the console's width, or wider when its words would not fit: a line
    longer than COLUMNS is better than a count or a severity cut to `cri…`."""
    minimum = Measurement.get(console, console.options.update_width(10_000), table).minimum
    width = console.width
    console.width = max(width, minimum)  # print(width=...) cannot exceed the console's own
    try:
        console.print(table, crop=False)
    finally:
        console.width = width


def summary_table(result: Result) -> Table:
    counts = Counter((f.family, f.severity) for f in result.findings)
    families = sorted({f.family for f in result.findings})
    table = Table(title="Findings by family and severity", title_justify="left")
    # Only the family's title may fold when the width is short; a severity or a count is
    # never cut (`cri…` in a CI log says nothing).
    table.add_column("family", overflow="fold", min_width=6)
    levels = [s for s in Severity if any(counts[(fam, s)] for fam in families)]
    for level in levels:
        table.add_column(
            level.value,
            justify="right",
            style=SEVERITY_STYLE[level],
            no_wrap=True,
            min_width=len(level.value),
        )
    table.add_column("total", justify="right", style="bold", no_wrap=True, min_width=5)
    for family in families:
        title = result.catalog.family(family)
        label = f"{family}  {title.title}" if title else family
        row = [str(counts[(family, s)] or "") for s in levels]
        table.add_row(escape(label), *row, str(sum(counts[(family, s)] for s in Severity)))
    return table


def summary_line(result: Result) -> Text:
    """`3 findings in 2 files (40 files checked, 1 suppressed; skipped: 2 binary).`"""
    failing = len(result.failing)
    noun = "finding" if len(result.findings) == 1 else "findings"
    files = len({f.path for f in result.findings})
    line = Text()
    if result.findings:
        line.append(f"{len(result.findings)} {noun}", style="bold")
        line.append(f" in {files} file{'s' if files != 1 else ''}")
    else:
        line.append("No findings", style="bold green")
    line.append(f" ({result.files} file{'s' if result.files != 1 else ''} checked")
    if result.suppressed:
        line.append(f", {result.suppressed} suppressed")
    if result.baseline is not None:
        line.append(f", {result.baselined} in the baseline {result.shown_path(result.baseline)}")
    elif result.baselined:
        line.append(f", {result.baselined} in the baseline")
    if result.skipped:
        reasons = ", ".join(
            f"{n} {reason.replace('-', ' ')}" for reason, n in result.skipped.items()
        )
        line.append(f"; skipped: {reasons}")
    line.append(").")
    if failing:
        line.append(
            f" {failing} at or above --fail-on {result.config.fail_on.value}.", style="bold red"
        )
    return line


def print_report(
    result: Result,
    console: Console,
    quiet: bool = False,
    sort: str = "path",
    statistics: bool = False,
) -> None:
    """The findings (by file, or by severity with `sort="severity"`), the table by family,
    the critical findings again, and the summary line; `statistics` shows counts per rule
    instead of the findings; `quiet` only the summary line."""
    if statistics and not quiet:
        print_statistics(result, console)
    elif not quiet:
        if sort == "severity":
            print_findings_by_severity(result, console)
        else:
            print_findings(result, console)
        if result.findings:
            print_unclipped(console, summary_table(result))
            print_critical_recap(result, console)
    console.print(summary_line(result), soft_wrap=True)
    if result.findings and not quiet:
        console.print(
            Text("Run `handoff explain CODE` for why a rule matters and how to fix it.", "dim"),
            soft_wrap=True,
        )
