"""`--format gitlab`: a GitLab Code Quality report, the subset of the Code Climate issue
format GitLab reads (`artifacts: reports: codequality:`), one issue per finding.

GitLab matches an issue across pipelines by its fingerprint, so it is the baseline's hash of
path, rule and normalized (masked) line, numbered among identical lines: never the line
number, never a secret. A notebook finding's line is a line inside a cell, so its lines are
the cell's place in the .ipynb file and the cell and line go into the description.
"""

from __future__ import annotations

import hashlib
import json

from handoff.findings import Finding
from handoff.reports.levels import GITLAB_SEVERITY
from handoff.results import Result
from handoff.suppressions import numbered_fingerprints

# Code Climate's categories, by family; a family not named here (a plugin's) is a bug risk.
CATEGORIES = {
    "SEC": "Security",
    "PATH": "Compatibility",
    "DEV": "Compatibility",
    "REQ": "Compatibility",
    "NET": "Compatibility",
    "SEP": "Clarity",
    "DOC": "Clarity",
    "QUAL": "Style",
}


def _lines(finding: Finding, result: Result) -> dict[str, int]:
    if finding.cell is not None:
        region = result.cell_region(finding) or {}
        begin = region.get("startLine", 1)
        return {"begin": begin, "end": max(region.get("endLine", begin), begin)}
    begin = max(finding.line, 1)
    return {"begin": begin, "end": max(finding.end_line or begin, begin)}


def issue(finding: Finding, numbered: str, result: Result) -> dict:
    """One Code Quality issue; `numbered` is the finding's `fingerprint:n`."""
    description = f"{finding.rule} {finding.name}: {finding.message}"
    if finding.cell is not None:
        description += f" (cell {finding.cell}, line {finding.line})"
    return {
        "type": "issue",
        "check_name": finding.rule,
        "description": description,
        "categories": [CATEGORIES.get(finding.family, "Bug Risk")],
        "severity": GITLAB_SEVERITY[finding.severity],
        "fingerprint": hashlib.sha256(numbered.encode("utf-8")).hexdigest()[:32],
        "location": {"path": finding.path, "lines": _lines(finding, result)},
    }


def render(result: Result) -> str:
    numbered = numbered_fingerprints(result.findings)
    issues = [issue(f, n, result) for f, n in zip(result.findings, numbered)]
    # No byte order mark: GitLab's parser refuses one.
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
