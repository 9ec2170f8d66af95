"""How handoff's severities read in other tools' vocabularies; every report takes them from
here."""

from __future__ import annotations

from handoff.findings import Severity

# SARIF result levels (GitHub code scanning, VS Code); GitHub workflow commands say `notice`
# where SARIF says `note`.
LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
GITHUB_LEVEL = {severity: level.replace("note", "notice") for severity, level in LEVEL.items()}

# GitHub code scanning reads `security-severity` (a CVSS-like score as a string) to rank
# security alerts: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, below that low.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.0",
    Severity.HIGH: "7.5",
    Severity.MEDIUM: "5.0",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}

# GitLab Code Quality (the Code Climate spec's issue severities).
GITLAB_SEVERITY = {
    Severity.CRITICAL: "blocker",
    Severity.HIGH: "critical",
    Severity.MEDIUM: "major",
    Severity.LOW: "minor",
    Severity.INFO: "info",
}
