"""QUAL004 bandit-issue: what bandit reports at medium severity or above, where no handoff rule
already reports the line."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import Report, TextCheck
from handoff.checks.qual.running import project_root, run_tool
from handoff.findings import Severity
from handoff.integrations import bandit
from handoff.integrations.tools import log
from handoff.sources import FileKind, Source

_RANK = {"LOW": Severity.LOW, "MEDIUM": Severity.MEDIUM, "HIGH": Severity.HIGH}


def severity_of(issue: bandit.BanditIssue) -> Severity:
    """bandit's severity, capped by its confidence: high/high is high, a medium on either
    axis is medium, a low-confidence guess is low (see the rule's rationale)."""
    return min(_RANK[issue.severity], _RANK[issue.confidence], key=lambda s: s.rank)


class BanditIssue(TextCheck):
    """QUAL004: one finding per bandit issue of medium or high severity. SEC, REPRO and
    PATH004 supersede it (`supersedes:` in their catalog entries), so a line they report is
    not reported twice."""

    code = "QUAL004"
    file_kinds = frozenset({FileKind.PYTHON})
    # .bandit may name a config file of any name; these are the usual ones.
    config_files = frozenset(
        {".bandit", "pyproject.toml", "bandit.yaml", "bandit.yml", ".bandit.yaml", ".bandit.yml"}
    )

    def check(self, source: Source) -> Iterable[Report]:
        issues = run_tool(self.code, "bandit", lambda: self._issues(source))
        for issue in issues or ():
            if _RANK[issue.severity].rank < Severity.MEDIUM.rank:
                continue
            cwe = f", {issue.cwe}" if issue.cwe else ""
            yield Report(
                f"bandit {issue.test_id} {issue.test}: {issue.text.rstrip('.')}"
                f" (bandit: {issue.severity.lower()} severity, {issue.confidence.lower()}"
                f" confidence{cwe}; see `handoff explain {self.code}`)",
                line=issue.line,
                column=issue.column,
                end_line=issue.end_line,
                end_column=issue.end_column if issue.end_line == issue.line else None,
                severity=severity_of(issue),
            )

    def _issues(self, source: Source) -> list[bandit.BanditIssue]:
        setup = bandit.bandit_setup(project_root(source))
        if setup.excludes(source.relpath):
            return []
        try:
            return bandit.bandit_issues(source.path, setup)
        except bandit.BanditCouldNotScan as exc:
            log.warning("bandit could not check %s (%s); the run goes on", source.relpath, exc)
            return []
