"""`--format github`: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from handoff.findings import Finding
from handoff.reports.levels import GITHUB_LEVEL
from handoff.results import Result


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    props = [f"file={_escape_property(finding.path)}"]
    where = ""
    if finding.cell is not None:
        # Lines inside a cell are not lines of the .ipynb JSON: annotate the file, say where.
        where = f" (cell {finding.cell}, line {finding.line})"
    else:
        props += [f"line={finding.line}", f"col={finding.column}"]
        if finding.end_line and finding.end_line != finding.line:
            props.append(f"endLine={finding.end_line}")
        elif finding.end_column:
            props.append(f"endColumn={finding.end_column}")
    props.append(f"title={_escape_property(f'{finding.rule} {finding.name}')}")
    message = f"{finding.message}{where}"
    return f"::{GITHUB_LEVEL[finding.severity]} {','.join(props)}::{_escape_data(message)}"


def render(result: Result) -> str:
    return "".join(annotation(f) + "\n" for f in result.findings)
