"""`--statistics`: how many findings each rule made, the most frequent first (as ruff's
`--statistics`), instead of the findings themselves."""

from __future__ import annotations

import json
from collections import Counter

from handoff.findings import Finding
from handoff.results import Result


def rule_counts(result: Result) -> list[tuple[int, Finding]]:
    """(count, one finding of the rule) per rule, the most frequent first as ruff's
    `--statistics` orders them, the more severe first among equals."""
    counts = Counter(f.rule for f in result.findings)
    first: dict[str, Finding] = {}
    for finding in result.findings:
        first.setdefault(finding.rule, finding)
    return sorted(((n, first[rule]) for rule, n in counts.items()), key=_by_count)


def _by_count(row: tuple[int, Finding]) -> tuple:
    count, finding = row
    return (-count, -finding.severity.rank, finding.rule)


def render_statistics(result: Result) -> str:
    """`--statistics --format json`: one object per rule, the most frequent first."""
    rows = [
        {"rule": f.rule, "name": f.name, "severity": f.severity.value, "count": count}
        for count, f in rule_counts(result)
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
