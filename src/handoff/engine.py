"""Check one file: read and parsed once, every node check in one traversal, text checks on
its lines. The engine knows no particular rule; `scheduling` spreads files over processes
and takes unchanged ones from the results cache."""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from handoff.catalog import Rule
from handoff.checks.base import (
    Analysis,
    CodeFacts,
    FileContext,
    FileState,
    NodeCheck,
    RepoCheck,
    Report,
    TextCheck,
    TreeAnalysis,
)
from handoff.checks.support import ImportMap
from handoff.discovery import Discovered
from handoff.findings import Finding, Severity, mask_in
from handoff.notebook_json import cell_regions
from handoff.parsing import parse, python_trees, structure_error
from handoff.results import FileResult
from handoff.sources import (
    CODE_KINDS,
    FileKind,
    Source,
    SourceError,
    load_source,
)
from handoff.suppressions import PerFileIgnores, find_suppressions
from handoff.traversal import walk

UNPARSABLE = "HO001"
TOO_LARGE = "HO004"
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
    per_file_ignores: PerFileIgnores = field(default_factory=PerFileIgnores)
    supersedes: dict[str, frozenset[str]] = field(default_factory=dict)  # enabled rules only
    max_file_size: int = 1024 * 1024
    key: str = ""  # identifies the plan and the code that runs it, for the results cache

    def finding(self, code: str, path: str, report: Report, shown: str = "") -> Finding | None:
        """The finding a report makes, with its secret masked; None when the rule is off for
        this path (not selected, or a per-file ignore)."""
        if code not in self.enabled_for(path):
            return None
        message = report.message
        if report.secret:
            message = mask_in(message, report.secret)
            shown = mask_in(shown, report.secret)
        rule = self.rules[code]
        severity = self.severity[code]
        if report.severity is not None and report.severity.rank < severity.rank:
            severity = report.severity
        return Finding(
            rule=code,
            name=rule.name,
            severity=severity,
            path=path,
            line=report.line,
            column=report.column,
            end_line=report.end_line,
            end_column=report.end_column,
            cell=report.cell,
            message=message,
            fix=report.fix or rule.fix or None,
            source_line=shown.rstrip("\n"),
        )

    def enabled_for(self, relpath: str) -> frozenset[str]:
        return frozenset(self.rules) - self.per_file_ignores.disabled(relpath)


class _FileRun:
    """The checking of one file; turns reports into findings."""

    def __init__(self, plan: Plan, item: Discovered):
        self.plan = plan
        self.item = item
        self.enabled = plan.enabled_for(item.relpath)
        self.result = FileResult(item.relpath, item.kind)
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
        text_checks = [c for c in self.plan.text_checks if self._wants(c, c.file_kinds)]
        node_checks = [
            c for c in self.plan.node_checks if self._wants(c, c.file_kinds | c.text_kinds)
        ]
        code_file = kind in CODE_KINDS
        # Analyses repo checks need the facts of: walked even when no node check runs.
        repo_analyses = tuple(
            dict.fromkeys(  # each once, however many repo checks name it
                analysis
                for check_class in self.plan.repo_checks
                if self._wants(check_class, CODE_KINDS)
                for analysis in check_class.analyses
            )
        )
        read_by_repo = any(
            c.code in self.enabled and c.reads(self.item.relpath) for c in self.plan.repo_checks
        )
        if not (text_checks or node_checks or code_file or read_by_repo):
            return self.result
        source = self._load(code_file)
        if source is None:
            return self.result
        self.result.checked = True
        self.result.suppressions = find_suppressions(source)
        state = FileState()
        imports = ImportMap()
        nodes = [c(self._context(c, source, state, imports)) for c in node_checks]
        for check_class in text_checks:
            self._guard(check_class.code, self._run_text, check_class, source, state, imports)
        for check in nodes:
            if kind in check.text_kinds:
                self._guard(check.code, self._emit, check.code, source, check.check_text)
        yaml_error = structure_error(source)
        if yaml_error is not None:
            reason = f"{yaml_error.reason}; its lines were still checked as text"
            self.partly_unparsable(reason, yaml_error.line, yaml_error.column, None, source)
        walkers = [n for n in nodes if kind in n.file_kinds and n.may_find(source)]
        if source.code is not None:
            self._run_code(source, walkers, state, imports, repo_analyses)
        self.result.facts = state.facts
        self._mask_secrets()
        if kind is FileKind.NOTEBOOK and self.result.findings:
            self.result.cell_regions = cell_regions(source.text)
        return self.result

    def _context(  # pylint: disable=too-many-arguments,too-many-positional-arguments
        self, check_class: type, source: Source, state: FileState, imports, offset: int = 0
    ) -> FileContext:
        options = self.plan.options.get(check_class.code, {})
        return FileContext(source, options, imports, state, offset)

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
                message = mask_in(message, secret)
                shown = mask_in(shown, secret)
            masked.append(replace(finding, message=message, source_line=shown))
        self.result.findings = masked

    def _wants(self, check_class: type, kinds: frozenset[FileKind]) -> bool:
        return check_class.code in self.enabled and self.result.kind in kinds

    def _load(self, code_file: bool) -> Source | None:
        path, rel = self.item.path, self.item.relpath
        try:
            with path.open("rb") as stream:
                head = stream.read(_BINARY_SNIFF)
                size = os.fstat(stream.fileno()).st_size
                binary = b"\0" in head
                # A large binary (weights, images) is binary first: there is no text to check.
                data = b"" if binary or size > self.plan.max_file_size else head + stream.read()
        except OSError as exc:
            self.unparsable(f"cannot read it ({exc.strerror or exc})")
            return None
        if binary:
            if code_file:
                self.unparsable("it is a binary file, not text")
            else:
                self.result.notes.append(f"skipping {rel}: binary file")
                self.result.skipped = "binary"
            return None
        if size > self.plan.max_file_size:
            self._too_large(size)
            return None
        try:
            return load_source(path, rel, data, self.item.kind)
        except SourceError as exc:
            if code_file:
                self.unparsable(exc.reason, exc.line, exc.column, exc.cell)
                return None
            text = data.decode("utf-8", errors="replace")
            return load_source(path, rel, text.encode("utf-8"), self.item.kind)

    def _too_large(self, size: int) -> None:
        self.result.skipped = "too-large"
        self.result.notes.append(f"skipping {self.item.relpath}: {size} bytes is over the limit")
        message = (
            f"handoff did not check this file: it has {size:,} bytes and max-file-size is"
            f" {self.plan.max_file_size:,}; raise `max-file-size` in the configuration"
            " to check it, or exclude the file"
        )
        self.finding(TOO_LARGE, None, Report(message, 1, 1))

    def _guard(self, code: str, func, *args) -> None:
        """A crashing check is an internal error (exit 2), not a reason to stop the run."""
        try:
            func(*args)
        except Exception:  # pylint: disable=broad-exception-caught
            self.result.errors.append(
                f"{code} crashed on {self.item.relpath}:\n{traceback.format_exc()}"
            )

    def _run_text(self, check_class: type[TextCheck], source: Source, state, imports) -> None:
        check = check_class(self._context(check_class, source, state, imports))
        self._emit(check_class.code, source, check.check)

    def _emit(self, code: str, source: Source, produce) -> None:
        for report in produce(source):
            self.finding(code, source, report)

    def _run_code(  # pylint: disable=too-many-arguments,too-many-positional-arguments
        self,
        source: Source,
        checks: list[NodeCheck],
        state: FileState,
        imports: ImportMap,
        repo_analyses: tuple[type[Analysis] | type[TreeAnalysis], ...],
    ) -> None:
        """libcst parses the file only when a node check or an analysis may find something in
        it. Their text gates have been asked already; Python's own parser, about ten times
        cheaper, then gives the tree their second gate reads (`CodeFacts`: the code's names,
        calls and strings), the tree the tree analyses read, and whether the code parses at
        all (where it does not, libcst's parse says where)."""
        tree_analyses = [k for k in repo_analyses if issubclass(k, TreeAnalysis)]
        node_analyses = [
            kind for kind in repo_analyses if issubclass(kind, Analysis) and kind.may_find(source)
        ]
        trees, whole = python_trees(source)
        if whole:
            state.python_tree = trees[0][0]
            if checks or node_analyses:
                facts = CodeFacts.of(state.python_tree)
                checks = [check for check in checks if type(check).may_find_in(source, facts)]
                node_analyses = [k for k in node_analyses if k.may_find_in(source, facts)]
        for tree, offset in trees:
            for kind in tree_analyses:
                analysis = kind(FileContext(source, {}, None, state, offset))
                self._guard(kind.__name__, analysis.visit_tree, tree)
        if checks or node_analyses or not whole:
            self._run_nodes(source, checks, state, imports, tuple(node_analyses))

    def _run_nodes(  # pylint: disable=too-many-arguments,too-many-positional-arguments
        self,
        source: Source,
        checks: list[NodeCheck],
        state: FileState,
        imports: ImportMap,
        extra_analyses: tuple[type[Analysis], ...] = (),
    ) -> None:
        parsed = parse(source)
        for problem in parsed.problems:
            report = self.partly_unparsable if problem.partial else self.unparsable
            report(problem.reason, problem.line, problem.column, problem.cell, source)
        for module, offset in parsed.modules:
            if not checks and not extra_analyses:
                continue
            if parsed.whole:
                state.codes[id(module)] = source.code
            # A notebook parsed cell by cell walks each cell with fresh visitors.
            if offset or len(parsed.modules) > 1:
                imports = ImportMap()
                state.store.clear()
                checks = [
                    type(c)(self._context(type(c), source, state, imports, offset)) for c in checks
                ]
            analyses = self._analyses(checks, source, state, imports, extra_analyses, offset)
            try:
                walk(module, [imports, *analyses, *checks])
                if any(check.reports for check in checks):
                    self._node_findings(source, state.positions(module), checks, offset)
            except RecursionError:
                # Thousands of chained string literals or operators: too deep for libcst.
                self.unparsable("the code is nested too deeply to analyse", source=source)
            except Exception:  # pylint: disable=broad-exception-caught
                self.result.errors.append(
                    f"a check crashed on {self.item.relpath}:\n{traceback.format_exc()}"
                )

    def _analyses(  # pylint: disable=too-many-arguments,too-many-positional-arguments
        self, checks, source: Source, state: FileState, imports, extra=(), offset: int = 0
    ) -> list[Analysis]:
        """One instance of each analysis the checks (and the repo checks, `extra`) name,
        stored where they look it up."""
        made: list[Analysis] = []
        for kind in [*(k for check in checks for k in check.analyses), *extra]:
            if kind not in state.store:
                state.store[kind] = kind(FileContext(source, {}, imports, state, offset))
                made.append(state.store[kind])
        return made

    def _node_findings(self, source, positions, checks, offset: int) -> None:
        # Positions only now, and only because something was reported.
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
                    severity=node_report.severity,
                )
                shown = source.code_line(span.start.line + offset)
                self.finding(check.code, source, report, shown)


def check_file(plan: Plan, item: Discovered) -> FileResult:
    return _FileRun(plan, item).run()
