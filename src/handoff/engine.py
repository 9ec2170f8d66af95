"""Run the checks: each file read and parsed once, every node check in one traversal,
files in a process pool when there are many. The engine knows no particular rule."""

from __future__ import annotations

import ast
import os
import re
import traceback
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from handoff.catalog import Rule
from handoff.checks.base import FileContext, NodeCheck, RepoCheck, Report, TextCheck
from handoff.checks.matching import ImportMap
from handoff.discovery import Discovered
from handoff.findings import Finding, Severity, mask_secret
from handoff.sources import (
    FileKind,
    Source,
    SourceError,
    classify,
    load_source,
    structure_error,
)
from handoff.suppressions import Suppression, find_suppressions
from handoff.traversal import walk

UNPARSABLE = "HO001"
PARALLEL_THRESHOLD = 40  # below this, starting worker processes costs more than it saves
_BINARY_SNIFF = 8192


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to check a file; picklable."""

    root: Path
    rules: dict[str, Rule]  # enabled rules by code
    node_checks: tuple[type[NodeCheck], ...]
    text_checks: tuple[type[TextCheck], ...]
    repo_checks: tuple[type[RepoCheck], ...]
    severity: dict[str, Severity]  # effective severity by code
    options: dict[str, dict]  # rule options by code
    file_ignores: tuple[tuple[object, frozenset[str]], ...] = ()  # (PathSpec, codes)
    max_file_size: int = 1024 * 1024
    key: str = ""  # identifies the plan and the code that runs it, for the results cache

    def finding(self, code: str, path: str, report: Report, shown: str = "") -> Finding | None:
        """The finding a report makes, with its secret masked; None when the rule is off for
        this path (not selected, or a per-file ignore)."""
        if code not in self.enabled_for(path):
            return None
        message = report.message
        if report.secret:
            masked = mask_secret(report.secret)
            message = message.replace(report.secret, masked)
            shown = shown.replace(report.secret, masked)
        return Finding(
            rule=code,
            name=self.rules[code].name,
            severity=self.severity[code],
            path=path,
            line=report.line,
            column=report.column,
            end_line=report.end_line,
            end_column=report.end_column,
            cell=report.cell,
            message=message,
            fix=report.fix,
            source_line=shown.rstrip("\n"),
        )

    def enabled_for(self, relpath: str) -> frozenset[str]:
        disabled: set[str] = set()
        for spec, codes in self.file_ignores:
            if spec.match_file(relpath):  # type: ignore[attr-defined]
                disabled |= codes
        return frozenset(self.rules) - disabled


@dataclass
class FileResult:
    """What checking one file produced."""

    relpath: str
    kind: FileKind
    findings: list[Finding] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # internal errors: exit 2
    checked: bool = False


class _FileRun:
    """The checking of one file; turns reports into findings."""

    def __init__(self, plan: Plan, item: Discovered):
        self.plan = plan
        self.item = item
        self.enabled = plan.enabled_for(item.relpath)
        self.result = FileResult(item.relpath, classify(item.path))
        self.secrets: set[str] = set()

    def finding(
        self, code: str, source: Source | None, report: Report, shown_line: str = ""
    ) -> None:
        if code not in self.enabled:
            return
        if report.secret:
            self.secrets.add(report.secret)
        if not shown_line and report.shown is not None:
            shown_line = report.shown
        if not shown_line and source is not None:
            shown_line = source.text_line(report.line, report.cell)
        made = self.plan.finding(code, report.path or self.item.relpath, report, shown_line)
        if made is not None:
            self.result.findings.append(made)

    def unparsable(
        self,
        reason: str,
        line: int = 1,
        column: int = 1,
        cell: int | None = None,
        source: Source | None = None,  # given when the text is known: the line is shown
    ):
        self.result.checked = True  # looked at, and the finding says why no rule ran
        message = f"handoff could not check this file: {reason}"
        self.finding(UNPARSABLE, source, Report(message, line, column, cell=cell))

    def partly_unparsable(
        self, reason: str, line: int, column: int, cell: int | None, source: Source
    ) -> None:
        """HO001 for a part that did not parse (a notebook cell, the YAML structure) while
        the rest of the file was still checked: the message says so."""
        message = f"handoff could not check all of this file: {reason}"
        self.finding(UNPARSABLE, source, Report(message, line, column, cell=cell))

    def run(self) -> FileResult:
        kind = self.result.kind
        text_checks = [c for c in self.plan.text_checks if self._wants(c, kind)]
        node_checks = [c for c in self.plan.node_checks if self._wants(c, kind)]
        code_file = kind in (FileKind.PYTHON, FileKind.NOTEBOOK)
        if not (text_checks or node_checks or code_file):
            return self.result
        source = self._load(code_file)
        if source is None:
            return self.result
        self.result.checked = True
        self.result.suppressions = find_suppressions(source)
        for check_class in text_checks:
            self._guard(check_class, self._run_text, check_class, source)
        yaml_error = structure_error(source)
        if yaml_error is not None:
            reason = f"{yaml_error.reason}; its lines were still checked as text"
            self.partly_unparsable(reason, yaml_error.line, yaml_error.column, None, source)
        if source.code is not None:
            self._run_nodes(source, node_checks)
        self._mask_secrets()
        return self.result

    def _mask_secrets(self) -> None:
        """A secret one rule found is masked in every finding of the file too: another rule's
        finding on the same line (a syntax error, a path) must not show it in full."""
        secrets = sorted((s for s in self.secrets if len(s) >= 4), key=len, reverse=True)
        if not secrets:
            return
        masked = []
        for finding in self.result.findings:
            message, shown = finding.message, finding.source_line
            for secret in secrets:
                message = message.replace(secret, mask_secret(secret))
                shown = shown.replace(secret, mask_secret(secret))
            masked.append(replace(finding, message=message, source_line=shown))
        self.result.findings = masked

    def _wants(self, check_class: type, kind: FileKind) -> bool:
        return check_class.code in self.enabled and kind in check_class.file_kinds

    def _load(self, code_file: bool) -> Source | None:
        path, rel = self.item.path, self.item.relpath
        try:
            size = path.stat().st_size
            if size > self.plan.max_file_size:
                self.result.notes.append(f"skipping {rel}: {size} bytes is over the size limit")
                return None
            data = path.read_bytes()
        except OSError as exc:
            self.unparsable(f"cannot read it ({exc.strerror or exc})")
            return None
        if b"\0" in data[:_BINARY_SNIFF]:
            if code_file:
                self.unparsable("it is a binary file, not text")
            else:
                self.result.notes.append(f"skipping {rel}: binary file")
            return None
        try:
            return load_source(path, rel, data)
        except SourceError as exc:
            if code_file:
                self.unparsable(exc.reason, exc.line, exc.column, exc.cell)
                return None
            text = data.decode("utf-8", errors="replace")
            return load_source(path, rel, text.encode("utf-8"))

    def _guard(self, check_class: type, func, *args) -> None:
        """A crashing check is an internal error (exit 2), not a reason to stop the run."""
        try:
            func(*args)
        except Exception:  # pylint: disable=broad-exception-caught
            self.result.errors.append(
                f"{check_class.code} crashed on {self.item.relpath}:\n{traceback.format_exc()}"
            )

    def _run_text(self, check_class: type[TextCheck], source: Source) -> None:
        context = FileContext(source, self.plan.options.get(check_class.code, {}))
        for report in check_class(context).check(source):
            self.finding(check_class.code, source, report)

    def _run_nodes(self, source: Source, node_checks: list[type[NodeCheck]]) -> None:
        for module, offset in self._parse(source):
            if not node_checks:
                continue
            imports = ImportMap()
            checks = []
            for check_class in node_checks:
                context = FileContext(source, self.plan.options.get(check_class.code, {}), imports)
                checks.append(check_class(context))
            try:
                walk(module, [imports, *checks])
                if any(check.reports for check in checks):
                    self._node_findings(source, module, checks, offset)
            except RecursionError:
                # Thousands of chained string literals or operators: too deep for libcst.
                self.unparsable("the code is nested too deeply to analyse", source=source)
            except Exception:  # pylint: disable=broad-exception-caught
                self.result.errors.append(
                    f"a check crashed on {self.item.relpath}:\n{traceback.format_exc()}"
                )

    def _node_findings(self, source, module: cst.Module, checks, offset: int) -> None:
        # Positions only now, and only because something was reported.
        positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
        for check in checks:
            lines_seen: set[int] = set()
            reports = [(positions[r.node], r) for r in check.reports]
            reports.sort(key=lambda item: (item[0].start.line, item[0].start.column))
            for span, node_report in reports:
                if node_report.secret:  # masked everywhere, even when this report is dropped
                    self.secrets.add(node_report.secret)
                if check.one_per_line:
                    if span.start.line in lines_seen:
                        continue
                    lines_seen.add(span.start.line)
                cell, line = source.locate(span.start.line + offset)
                end_cell, end_line = source.locate(span.end.line + offset)
                report = Report(
                    node_report.message,
                    line=line,
                    column=span.start.column + 1,
                    end_line=end_line if end_cell == cell else line,
                    end_column=span.end.column + 1 if end_cell == cell else None,
                    cell=cell,
                    fix=node_report.fix,
                    secret=node_report.secret,
                )
                shown = source.code_line(span.start.line + offset)
                self.finding(check.code, source, report, shown)

    def _parse(self, source: Source) -> Iterable[tuple[cst.Module, int]]:
        """The parsed module(s) and the virtual-line offset of each. A notebook whose cells do
        not parse together is parsed cell by cell, so one bad cell does not hide the rest."""
        assert source.code is not None
        try:
            return [(cst.parse_module(source.code), 0)]
        except Exception as exc:  # pylint: disable=broad-exception-caught
            if source.cell_map is None:
                self.unparsable(*_syntax_error(exc, source.code), source=source)
                return []
        return list(self._parse_cells(source))

    def _parse_cells(self, source: Source) -> Iterable[tuple[cst.Module, int]]:
        assert source.code is not None and source.cell_map is not None
        code_lines = source.code.splitlines()
        start = 0
        while start < len(source.cell_map):
            cell = source.cell_map[start].cell
            end = start
            while end < len(source.cell_map) and source.cell_map[end].cell == cell:
                end += 1
            chunk = "\n".join(code_lines[start:end]) + "\n"
            try:
                yield cst.parse_module(chunk), start
            except Exception as exc:  # pylint: disable=broad-exception-caught
                reason, line, column = _syntax_error(exc, chunk)
                if len({position.cell for position in source.cell_map}) > 1:
                    reason = f"{reason}; the notebook's other cells were checked"
                self.partly_unparsable(reason, line, column, cell, source)
            start = end


_ERROR_AT = re.compile(r"error at (\d+):(\d+): ")
_PY2_HINTS = re.compile(
    r"^\s*(print\s+[^\s(=]|exec\s+[\"'\w]|raise\s+\w+\s*,)|except\s+[\w.]+\s*,\s*\w+\s*:|`|<>"
    r"|\b0\d+\b|\bur[\"']"
)


def _cpython_syntax_error(code: str) -> tuple[int, int, str] | None:
    """Where and why CPython's own parser rejects `code`: (line, column, message), or None
    when it does not (libcst and CPython disagree, or CPython fails some other way).
    libcst reports an error at the end of a line at the start of the next one (`def f(:` on
    line 1 comes out as 2:0) and an unclosed bracket at the end of the file; CPython points
    at the token and says what is wrong (`'(' was never closed`), as the user's editor does."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings (bad escapes) are not the error
            compile(code, "<handoff>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:  # IndentationError and TabError too
        if exc.lineno is None:
            return None
        return exc.lineno, max(exc.offset or 1, 1), exc.msg
    except Exception:  # pylint: disable=broad-exception-caught
        return None  # ValueError (null bytes), MemoryError, RecursionError: libcst's word
    return None


def _syntax_error(exc: Exception, code: str) -> tuple[str, int, int]:
    if isinstance(exc, cst.ParserSyntaxError):
        line, column, detail = exc.raw_line, exc.raw_column + 1, exc.message
        # The native parser keeps the precise position only in its message.
        precise = _ERROR_AT.search(detail)
        if precise:
            line, column = int(precise.group(1)), int(precise.group(2))
            column = max(column, 1)  # a zero-width token (end of file, dedent) reports 0
            detail = detail[precise.end() :]
        if detail.startswith("expected one of") and detail.count(",") > 4:
            detail = "invalid syntax"
        line, column, detail = _cpython_syntax_error(code) or (line, column, detail)
        lines = code.splitlines()
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = " (this looks like Python 2 code)" if _PY2_HINTS.search(text) else ""
        return f"syntax error at line {line}, column {column}: {detail}{hint}", line, column
    if isinstance(exc, RecursionError):
        return "the code is nested too deeply to parse", 1, 1
    return f"the parser failed: {exc}", 1, 1


def check_file(plan: Plan, item: Discovered) -> FileResult:
    return _FileRun(plan, item).run()


_WORKER_PLAN: Plan | None = None


def _init_worker(plan: Plan) -> None:
    global _WORKER_PLAN  # pylint: disable=global-statement
    _WORKER_PLAN = plan


def _check_in_worker(item: Discovered) -> FileResult:
    assert _WORKER_PLAN is not None
    return check_file(_WORKER_PLAN, item)


def check_files(plan: Plan, items: list[Discovered], jobs: int | None = None) -> list[FileResult]:
    workers = jobs or os.cpu_count() or 1
    if workers <= 1 or len(items) < PARALLEL_THRESHOLD:
        return [check_file(plan, item) for item in items]
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(plan,)) as pool:
        return list(pool.map(_check_in_worker, items, chunksize=chunk))
