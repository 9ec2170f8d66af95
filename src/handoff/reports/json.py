"""`--format json`: the contract's one object on stdout."""

from __future__ import annotations

import json
from collections import Counter

from handoff.findings import Finding, Severity
from handoff.results import Result


def finding_dict(finding: Finding) -> dict:
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "cell": finding.cell,
        "message": finding.message,
        "fix": finding.fix,
    }


def render(result: Result) -> str:
    counts = Counter(f.severity for f in result.findings)
    document = {
        "tool": "handoff",
        "version": result.version,
        "findings": [finding_dict(f) for f in result.findings],
        "summary": {
            "files": result.files,
            "findings": len(result.findings),
            "by_severity": {s.value: counts[s] for s in Severity if counts[s]},
            "skipped": result.skipped,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
