"""The human report: findings grouped by file, each with its source line, then a summary
table by family and severity. rich drops colour by itself when stdout is not a terminal or
NO_COLOR is set."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from handoff.api import Result
from handoff.findings import Finding, Severity

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


def print_findings(result: Result, console: Console) -> None:
    for path, group in groupby(result.findings, key=lambda f: f.path):
        findings = list(group)
        console.print(Text(path, style="bold underline"), soft_wrap=True)
        width = max(len(_position(f)) for f in findings)
        for finding in findings:
            for line in _finding_lines(finding, width):
                console.print(line, soft_wrap=True)
        console.print()


def summary_table(result: Result) -> Table:
    counts = Counter((f.family, f.severity) for f in result.findings)
    families = sorted({f.family for f in result.findings})
    table = Table(title="Findings by family and severity", title_justify="left")
    table.add_column("family", no_wrap=True)
    levels = [s for s in Severity if any(counts[(fam, s)] for fam in families)]
    for level in levels:
        table.add_column(level.value, justify="right", style=SEVERITY_STYLE[level])
    table.add_column("total", justify="right", style="bold")
    for family in families:
        title = result.catalog.family(family)
        label = f"{family}  {title.title}" if title else family
        row = [str(counts[(family, s)] or "") for s in levels]
        table.add_row(escape(label), *row, str(sum(counts[(family, s)] for s in Severity)))
    return table


def _shown_path(path: Path, result: Result) -> str:
    """A path as the user knows it: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(result.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def print_report(result: Result, console: Console, quiet: bool = False) -> None:
    if not quiet:
        print_findings(result, console)
    if result.findings and not quiet:
        console.print(summary_table(result))
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
        line.append(f", {result.baselined} in the baseline {_shown_path(result.baseline, result)}")
    elif result.baselined:
        line.append(f", {result.baselined} in the baseline")
    line.append(").")
    if failing:
        line.append(
            f" {failing} at or above --fail-on {result.config.fail_on.value}.", style="bold red"
        )
    console.print(line, soft_wrap=True)
    if result.findings and not quiet:
        console.print(
            Text("Run `handoff explain CODE` for why a rule matters and how to fix it.", "dim"),
            soft_wrap=True,
        )
