"""Inline suppressions (`# handoff: ignore[DEV001]`) and the baseline of accepted findings.

A suppression covers its own line and the line after it, so it can sit at the end of the
offending line or on a line of its own just above. `ignore-file[...]` anywhere covers the
whole file. A bare `ignore` is refused: a suppression must say what it accepts.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from handoff.findings import Finding
from handoff.sources import FileKind, Source, TextOrigin

DIRECTIVE_RE = re.compile(
    r"#\s*handoff\s*:\s*(?P<kind>ignore-file|ignore)\b(?:\[(?P<codes>[^\]]*)\])?", re.I
)


@dataclass(frozen=True)
class Suppression:
    """One directive. `line`/`cell` are where it is written; `codes` as written by the user."""

    line: int
    column: int
    cell: int | None
    codes: tuple[str, ...]
    whole_file: bool
    text: str

    def covers_line(self, line: int, cell: int | None) -> bool:
        return self.whole_file or (cell == self.cell and line in (self.line, self.line + 1))


def _comment_positions(code: str) -> set[tuple[int, int]] | None:
    """(line, col) of every real comment in Python code, so `"# handoff: ignore"` inside a
    string does not count. None when the code does not tokenize."""
    positions = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT:
                positions.add(token.start)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    return positions


def find_suppressions(source: Source) -> list[Suppression]:
    found: list[Suppression] = []
    comments = None
    if source.kind is FileKind.PYTHON and source.code is not None:
        comments = _comment_positions(source.code)
    for text_line in source.lines:
        if text_line.origin in (TextOrigin.OUTPUT, TextOrigin.MARKDOWN):
            continue
        for match in DIRECTIVE_RE.finditer(text_line.text):
            if comments is not None and (text_line.line, match.start()) not in comments:
                continue
            raw = match.group("codes")
            codes = tuple(c.strip() for c in raw.split(",") if c.strip()) if raw else ()
            found.append(
                Suppression(
                    line=text_line.line,
                    column=match.start() + 1,
                    cell=text_line.cell,
                    codes=codes,
                    whole_file=match.group("kind").lower() == "ignore-file",
                    text=match.group(0),
                )
            )
    return found


# --- baseline ----------------------------------------------------------------------------

BASELINE_VERSION = 1
DEFAULT_BASELINE = ".handoff-baseline.json"  # at the project root; applied when present


def _normalize(line: str) -> str:
    return " ".join(line.split())


def fingerprint(finding: Finding) -> str:
    """Stable across line moves: path, rule and the normalized (already masked) source line,
    never the line number or the secret itself."""
    basis = f"{finding.path}\0{finding.rule}\0{_normalize(finding.source_line)}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


class BaselineError(Exception):
    """The baseline file is missing or is not a handoff baseline."""


def read_baseline(path: Path) -> dict[str, int]:
    """fingerprint -> how many findings with that fingerprint are accepted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a readable handoff baseline: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a handoff baseline (no 'findings' list)")
    accepted: dict[str, int] = {}
    for entry in data["findings"]:
        if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str):
            key = entry["fingerprint"]
            accepted[key] = accepted.get(key, 0) + int(entry.get("count", 1))
    return accepted


def apply_baseline(findings: list[Finding], accepted: dict[str, int]) -> list[Finding]:
    remaining = dict(accepted)
    kept = []
    for finding in findings:
        key = fingerprint(finding)
        if remaining.get(key, 0) > 0:
            remaining[key] -= 1
        else:
            kept.append(finding)
    return kept


def baseline_document(findings: list[Finding], version: str) -> str:
    counts: dict[tuple[str, str, str], int] = {}
    for finding in findings:
        key = (finding.path, finding.rule, fingerprint(finding))
        counts[key] = counts.get(key, 0) + 1
    entries = [
        {"path": path, "rule": rule, "fingerprint": fp, "count": count}
        for (path, rule, fp), count in sorted(counts.items())
    ]
    doc = {"tool": "handoff", "version": version, "baseline": BASELINE_VERSION, "findings": entries}
    return json.dumps(doc, indent=2) + "\n"
