"""`--format markdown`: a handoff readiness report for a pull-request comment, a CI job
summary or the handoff document itself.

A title with what was checked and whether it is ready, a checklist with every family of the
catalog (passed, n findings, or not checked), the critical and high findings in a table, the
rest folded in `<details>`, what was skipped or failed, and the totals by severity. Messages
are the findings' own (secrets already masked); their `code` spans stay code and everything
else is escaped, so a path or a pasted line never turns into formatting, a link or a broken
table. GitHub refuses a comment over 65,536 characters: rows that do not fit are left out
with a note that says how many.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from handoff.catalog import Catalog
from handoff.findings import Finding, Severity
from handoff.results import Result

GITHUB_COMMENT_LIMIT = 65_536
MAX_ERRORS = 10
MAX_ERROR_CHARS = 1_000
TOP = (Severity.CRITICAL, Severity.HIGH)

# What CommonMark and GitHub could read as formatting, links, HTML or a table's cell edge.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")
# A code span: a run of backticks, then the shortest text up to a run of the same length.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def escape(text: str) -> str:
    """Plain text that reads as itself in Markdown, on one line."""
    return _SPECIAL.sub(r"\\\1", _one_line(text))


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def code(text: str, in_table: bool = True) -> str:
    """`text` as a code span, whatever backticks it holds; `|` escaped inside a table, where
    GitHub splits cells before it reads code spans."""
    text = _one_line(text)
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    if text.startswith(("`", " ")) or text.endswith(("`", " ")):
        text = f" {text} "  # CommonMark strips one space on each side
    if in_table:
        text = text.replace("|", "\\|")
    return f"{ticks}{text}{ticks}"


def inline(text: str, in_table: bool = True) -> str:
    """A message: its `code` spans kept as code, the rest escaped."""
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(code(match.group(2).strip() or match.group(2), in_table))
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


# --- pieces --------------------------------------------------------------------------------


def _counts(findings: list[Finding]) -> str:
    """`4 high, 2 medium`: the severities present, most severe first."""
    counts = Counter(f.severity for f in findings)
    return ", ".join(f"{counts[s]} {s.value}" for s in Severity if counts[s])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _families(catalog: Catalog, result: Result) -> list[tuple[str, str]]:
    """(prefix, title) of every family: the catalog's, then any a plugin's rule brings."""
    families = [(f.prefix, f.title) for f in catalog.families]
    known = {prefix for prefix, _ in families}
    extra = {r.family for r in catalog.rules} | {f.family for f in result.findings}
    return families + [(prefix, prefix) for prefix in sorted(extra - known)]


def checklist(result: Result) -> list[str]:
    """One task-list line per family: passed, its findings, or not checked."""
    lines = []
    for prefix, title in _families(result.catalog, result):
        codes = {r.code for r in result.catalog.rules if r.family == prefix}
        enabled = codes & result.severities.keys()
        found = [f for f in result.findings if f.family == prefix]
        label = f"**{escape(prefix)}** {escape(title)}"
        if found:
            status = f"{_plural(len(found), 'finding')} ({_counts(found)})"
        elif codes and not enabled:
            lines.append(f"- [ ] {label} — not checked (all its rules are disabled)")
            continue
        else:
            status = "passed"
        if codes and len(enabled) < len(codes):
            status += f" ({len(enabled)} of {len(codes)} rules enabled)"
        lines.append(f"- [{' ' if found else 'x'}] {label} — {status}")
    return lines


def location(finding: Finding) -> str:
    if finding.path in ("", "."):
        return "the project"
    if finding.cell is not None:
        return f"{code(finding.path)} cell {finding.cell}, line {finding.line}"
    return code(f"{finding.path}:{finding.line}")


def row(finding: Finding, learn_more: bool) -> str:
    cells = [
        finding.severity.value,
        location(finding),
        f"{code(finding.rule)} {escape(finding.name)}",
        inline(finding.message),
    ]
    if learn_more:
        cells.append(code(f"handoff explain {finding.rule}"))
    return "| " + " | ".join(cells) + " |"


def _table(rows: list[str], learn_more: bool) -> list[str]:
    head = ["severity", "location", "rule", "finding"] + (["learn more"] if learn_more else [])
    return ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head), *rows]


def status_line(result: Result) -> str:
    fail_on = code(f"--fail-on {result.config.fail_on.value}", in_table=False)
    if result.errors:
        return f"**⚠️ Incomplete:** {_plural(len(result.errors), 'internal error')} (exit 2)."
    if result.failing:
        count = _plural(len(result.failing), "finding")
        return (
            f"**❌ Not ready for handoff:** {count} at or above {fail_on}"
            f" ({_counts(result.failing)})."
        )
    return f"**✅ Ready for handoff:** no finding at or above {fail_on}."


def _checked(result: Result) -> str:
    shown = [result.shown_path(p) for p in result.paths]
    if not shown or shown == ["."]:
        shown = [result.root.resolve().name or str(result.root)]
    return ", ".join(code(path, in_table=False) for path in shown)


def overview(result: Result) -> str:
    files = len({f.path for f in result.findings})
    parts = [f"{_plural(len(result.findings), 'finding')} in {_plural(files, 'file')}"]
    parts.append(f"{_plural(result.files, 'file')} checked")
    if result.suppressed:
        parts.append(f"{result.suppressed} suppressed")
    if result.baselined or result.baseline is not None:
        where = ""
        if result.baseline is not None:
            where = " " + code(result.shown_path(result.baseline), in_table=False)
        parts.append(f"{result.baselined} in the baseline{where}")
    return " · ".join(parts)


def problems(result: Result) -> list[str]:
    """What was not checked: skipped files by reason, and internal errors."""
    lines = []
    if result.skipped:
        reasons = (f"{n} {reason.replace('-', ' ')}" for reason, n in result.skipped.items())
        lines.append(f"- Skipped: {escape(', '.join(reasons))}.")
    unparsable = sorted({f.path for f in result.findings if f.rule == "HO001"})
    if unparsable:
        paths = ", ".join(code(path, in_table=False) for path in unparsable)
        lines.append(f"- Not parsed, so not (fully) checked (HO001): {paths}.")
    for error in result.errors[:MAX_ERRORS]:
        text = error if len(error) <= MAX_ERROR_CHARS else error[:MAX_ERROR_CHARS] + "…"
        fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
        lines.append(f"- Internal error:\n\n  {fence}text\n" + _indent(text) + f"\n  {fence}")
    if len(result.errors) > MAX_ERRORS:
        lines.append(f"- … and {len(result.errors) - MAX_ERRORS} more internal errors.")
    return lines


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def totals(result: Result) -> list[str]:
    counts = Counter(f.severity for f in result.findings)
    lines = ["| severity | findings |", "| --- | ---: |"]
    lines += [f"| {s.value} | {counts[s]} |" for s in Severity]
    lines.append(f"| **total** | **{len(result.findings)}** |")
    return lines


# --- the document --------------------------------------------------------------------------


@dataclass
class _Rows:
    """The finding rows of the two tables, and how many of each fit."""

    top: list[str]
    rest: list[str]
    top_shown: int
    rest_shown: int


def _document(result: Result, rows: _Rows) -> str:
    out = [f"## handoff readiness report: {_checked(result)}", ""]
    out += [status_line(result), "", overview(result) + ".", ""]
    out += ["### Checklist", "", *checklist(result), ""]
    top_count, rest_count = len(rows.top), len(rows.rest)
    if result.findings:
        out += [f"### Critical and high findings ({top_count})", ""]
        if rows.top:
            out += [*_table(rows.top[: rows.top_shown], learn_more=True), ""]
            out += _left_out(top_count - rows.top_shown)
        else:
            out += ["None.", ""]
    if rows.rest:
        others = _counts([f for f in result.findings if f.severity not in TOP])
        out += ["<details>", f"<summary>The other findings ({others})</summary>", ""]
        out += [*_table(rows.rest[: rows.rest_shown], learn_more=False), ""]
        out += _left_out(rest_count - rows.rest_shown)
        out += ["</details>", ""]
    trouble = problems(result)
    if trouble:
        out += ["### Errors and skipped files", "", *trouble, ""]
    out += ["### Totals", "", *totals(result), ""]
    out.append(
        f"<sub>handoff {escape(result.version)} · run {code('handoff explain CODE', False)}"
        " for why a rule matters and how to fix it.</sub>"
    )
    return "\n".join(out) + "\n"


def _left_out(count: int) -> list[str]:
    if count <= 0:
        return []
    return [
        f"… and {_plural(count, 'more finding')} left out to keep this report under GitHub's"
        f" {GITHUB_COMMENT_LIMIT:,} characters: run {code('handoff check', False)} for all.",
        "",
    ]


def render(result: Result, limit: int = GITHUB_COMMENT_LIMIT) -> str:
    """The report, at most `limit` characters. Findings are listed the most severe first,
    and those are what is kept when not all fit."""
    ordered = sorted(result.findings, key=lambda f: (-f.severity.rank, f.sort_key()))
    top = [row(f, learn_more=True) for f in ordered if f.severity in TOP]
    rest = [row(f, learn_more=False) for f in ordered if f.severity not in TOP]
    rows = _Rows(top, rest, len(top), len(rest))
    text = _document(result, rows)
    if len(text) <= limit:
        return text
    # Without any row, and with the notes that say how many were left out (at their
    # longest), what is left is the budget for rows, the most severe first.
    budget = limit - len(_document(result, _Rows(top, rest, 0, 0)))
    rows.top_shown, budget = _fitting(top, budget)
    rows.rest_shown = _fitting(rest, budget)[0] if rows.top_shown == len(top) else 0
    return _document(result, rows)


def _fitting(lines: list[str], budget: int) -> tuple[int, int]:
    """How many of `lines` fit in `budget` characters (each with its newline), and what is
    left of the budget."""
    shown = 0
    for line in lines:
        if len(line) + 1 > budget:
            break
        budget -= len(line) + 1
        shown += 1
    return shown, budget
