"""The suppress stage, after every check has run: per-file ignores, rule precedence, inline
directives (and HO002/HO003 about them), then the baseline.

* Per-file ignores (`per-file-ignores` in config) turn rules off for matching paths; the engine
  asks before running a check, so an ignored rule costs nothing there.
* Precedence: a catalog entry may name the rules it `supersedes`; when an enabled rule reports
  a line, the findings of the rules it supersedes on that line are dropped. A disabled rule
  supersedes nothing, because it reports nothing.
* `# handoff: ignore[CODE]` at the end of a line covers that line; alone on a line it covers
  the next one; `# handoff: ignore-file[...]` anywhere covers the whole file. A bare `ignore`
  is refused (HO003), and so is an unknown code; a directive that suppresses nothing is HO002.
* The baseline holds accepted findings keyed by path, rule and a hash of the normalized
  (masked) source line: never the line number, never a secret.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tokenize
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import pathspec

from handoff.findings import Finding
from handoff.sources import CODE_KINDS, Source, TextOrigin

if TYPE_CHECKING:
    from handoff.results import FileResult

UNUSED_SUPPRESSION = "HO002"
INVALID_SUPPRESSION = "HO003"

DIRECTIVE_RE = re.compile(
    r"#\s*handoff\s*:\s*(?P<kind>ignore-file|ignore)\b(?:\[(?P<codes>[^\]]*)\])?", re.I
)


# --- per-file ignores ----------------------------------------------------------------------


@dataclass(frozen=True)
class PerFileIgnores:
    """`per-file-ignores`: gitignore-style globs, each with the rule codes it turns off."""

    entries: tuple[tuple[pathspec.PathSpec, frozenset[str]], ...] = ()

    @classmethod
    def from_config(
        cls, globs: Iterable[tuple[str, frozenset[str]]]
    ) -> PerFileIgnores:  # glob -> codes
        return cls(
            tuple((pathspec.GitIgnoreSpec.from_lines([glob]), codes) for glob, codes in globs)
        )

    def disabled(self, relpath: str) -> frozenset[str]:
        off: set[str] = set()
        for spec, codes in self.entries:
            if spec.match_file(relpath):
                off |= codes
        return frozenset(off)


# --- precedence ----------------------------------------------------------------------------


def apply_precedence(findings: list[Finding], supersedes: dict[str, frozenset[str]]):
    """Drop the findings of rules superseded on the same line by a rule that reported it.
    `supersedes` is already transitive (the catalog closes it) and holds enabled rules only,
    since only they report."""
    if not supersedes:
        return findings
    reporters: dict[tuple[str, int | None, int], set[str]] = defaultdict(set)
    for finding in findings:
        reporters[(finding.path, finding.cell, finding.line)].add(finding.rule)
    kept = []
    for finding in findings:
        here = reporters[(finding.path, finding.cell, finding.line)]
        if not any(finding.rule in supersedes.get(other, ()) for other in here):
            kept.append(finding)
    return kept


# --- inline directives ---------------------------------------------------------------------


@dataclass(frozen=True)
class Suppression:
    """One directive. `line`/`cell` are where it is written; `codes` as written by the user;
    `own_line` when nothing but the comment is on its line (it then covers the next line)."""

    line: int
    column: int
    cell: int | None
    codes: tuple[str, ...]
    whole_file: bool
    text: str
    own_line: bool = False

    def covers_line(self, line: int, cell: int | None) -> bool:
        if self.whole_file:
            return True
        return cell == self.cell and line == (self.line + 1 if self.own_line else self.line)


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


# What may stand before a directive that is alone on its line: an HTML/Markdown comment's
# opening (`<!-- # handoff: ignore[DOC009] -->` above a README heading).
_OPENER = re.compile(r"^\s*<!--")


def find_suppressions(source: Source) -> list[Suppression]:
    found: list[Suppression] = []
    if source.cells is None and not DIRECTIVE_RE.search(source.text):
        return found  # most files have none: no line to look at, no tokenizing
    comments = None
    if source.code is not None and source.cell_map is None:
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
                    own_line=not _OPENER.sub("", text_line.text[: match.start()]).strip(),
                )
            )
    return found


@dataclass(frozen=True)
class RuleIndex:
    """What the directive judge needs to know about rules: the enabled ones by code and name,
    every known code (a directive for a disabled rule is not unknown), and who is off where."""

    enabled: dict[str, str]  # code -> name
    known: Callable[[str], bool]
    disabled: Callable[[str], frozenset[str]]  # relpath -> codes off there

    def resolve(self, written: str) -> str | None:
        if written.upper() in self.enabled:
            return written.upper()
        return next((c for c, name in self.enabled.items() if name == written.lower()), None)


@dataclass(frozen=True)
class DirectiveProblem:
    """A directive that is refused (HO003) or suppresses nothing (HO002)."""

    path: str
    directive: Suppression
    rule: str
    message: str


def apply_directives(
    findings: list[Finding], file_results: list[FileResult], rules: RuleIndex
) -> tuple[list[Finding], list[DirectiveProblem], int]:
    """(findings kept, problems with the directives, how many findings were suppressed)."""
    by_path = {r.relpath: r.suppressions for r in file_results}
    used: set[tuple[str, int, str]] = set()  # (path, directive index, code as written)
    kept: list[Finding] = []
    for finding in findings:
        hit = _matching(finding, by_path.get(finding.path, []), rules)
        if hit is None:
            kept.append(finding)
        else:
            used.add((finding.path, *hit))
    # Only in code do we know a `#` starts a comment; in YAML, TOML or shell text the same
    # characters may sit inside a value (handoff's own catalog examples do), so a directive
    # there still suppresses but is not itself judged unused or invalid.
    problems = []
    for result in file_results:
        if result.kind in CODE_KINDS:
            problems += _judge(result.relpath, result.suppressions, used, rules)
    return kept, problems, len(findings) - len(kept)


def _matching(finding: Finding, directives: list[Suppression], rules: RuleIndex):
    for index, directive in enumerate(directives):
        if directive.covers_line(finding.line, finding.cell):
            for code in directive.codes:
                if rules.resolve(code) == finding.rule or code.upper() == finding.rule:
                    return index, code
    return None


def _judge(
    path: str, directives: list[Suppression], used, rules: RuleIndex
) -> Iterable[DirectiveProblem]:
    off = rules.disabled(path)
    for index, directive in enumerate(directives):
        if not directive.codes:
            message = (
                f"bare `{directive.text}` is refused: name the rules it accepts,"
                " e.g. `# handoff: ignore[DEV001]`"
            )
            yield DirectiveProblem(path, directive, INVALID_SUPPRESSION, message)
            continue
        for code in directive.codes:
            resolved = rules.resolve(code)
            if resolved is None and not rules.known(code):
                message = f"`{code}` in this suppression is not a handoff rule code or name"
                yield DirectiveProblem(path, directive, INVALID_SUPPRESSION, message)
            elif resolved and resolved not in off and (path, index, code) not in used:
                message = f"unused suppression: no {code} finding here; remove `{code}`"
                yield DirectiveProblem(path, directive, UNUSED_SUPPRESSION, message)


# --- baseline ------------------------------------------------------------------------------

BASELINE_VERSION = 1
DEFAULT_BASELINE = ".handoff-baseline.json"  # at the project root; applied when present


def _normalize(line: str) -> str:
    return " ".join(line.split())


def fingerprint(finding: Finding) -> str:
    """Stable across line moves: path, rule and the normalized (already masked) source line,
    never the line number or the secret itself."""
    basis = f"{finding.path}\0{finding.rule}\0{_normalize(finding.source_line)}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def numbered_fingerprints(findings: list[Finding]) -> list[str]:
    """`fingerprint:n` for each finding, n telling apart identical lines of a file (as
    GitHub's own primaryLocationLineHash does): what code scanning and GitLab match alerts
    across runs by."""
    seen: Counter[str] = Counter()
    numbered = []
    for finding in findings:
        key = fingerprint(finding)
        seen[key] += 1
        numbered.append(f"{key}:{seen[key]}")
    return numbered


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
