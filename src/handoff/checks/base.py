"""The check API: what a rule's code looks like, for built-in rules and plugins alike.

Three kinds, by what they look at:

* `NodeCheck`: a libcst visitor (`visit_Call`, `leave_Module`, ...). Every enabled node check
  rides the same traversal of a file (`visit_batched`), so adding a rule adds no pass.
* `TextCheck`: sees the file's lines as text: every file kind, notebook magics and outputs.
* `RepoCheck`: sees the whole set of discovered files (manifests, docs, missing files).

A check names its rule with `code`; the rule's words (name, severity, message help) come from
the catalog. A plugin that has no catalog entry sets `rule` to a `handoff.catalog.Rule`.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterable, Iterator, Mapping

import libcst as cst

from handoff.sources import FileKind, Source, TextLine

if TYPE_CHECKING:
    from handoff.catalog import Rule
    from handoff.checks.matching import ImportMap

CODE_KINDS = frozenset({FileKind.PYTHON, FileKind.NOTEBOOK})


@dataclass(frozen=True)
class Report:
    """What a check says before the engine turns it into a `Finding`.

    Positions are in the check's own coordinates: for a text check the `line` (and `cell`) of
    the `TextLine`, for a repo check the file's line. `secret` is masked everywhere it would
    otherwise appear (the shown source line, the message).
    """

    message: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    cell: int | None = None
    fix: str | None = None
    secret: str | None = None
    path: str | None = None  # repo checks: which file
    # The line as written, for the report: a text check sets it (`Report.at`) so a notebook
    # output or markdown line shows itself, not the code line with the same number.
    shown: str | None = None

    @classmethod
    def at(cls, line: TextLine, message: str, **fields: Any) -> Report:
        """A report on a `TextLine`: its line, cell and text."""
        return cls(message, line=line.line, cell=line.cell, shown=line.text, **fields)


@dataclass
class NodeReport:
    """A report against a libcst node, positioned after the traversal."""

    node: cst.CSTNode
    message: str
    fix: str | None = None
    secret: str | None = None


@dataclass
class FileContext:
    """What a check may know about the file it is looking at."""

    source: Source
    options: dict[str, Any] = field(default_factory=dict)
    imports: ImportMap | None = None


class _Check:
    code: ClassVar[str] = ""
    rule: ClassVar[Rule | None] = None  # plugins without a catalog entry
    file_kinds: ClassVar[frozenset[FileKind]] = CODE_KINDS


@functools.lru_cache(maxsize=None)
def _visitor_names(cls: type) -> tuple[str, ...]:
    return tuple(
        name
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if name.startswith(("visit_", "leave_")) and not getattr(member, "_is_no_op", False)
    )


class BatchedVisitor(cst.BatchableCSTVisitor):
    """A batchable visitor whose visit/leave methods are looked up once per class.

    libcst looks them up with `inspect.getmembers` on every instance, which cost a third of
    the run time on a repo of small files: each file makes fresh check instances.
    """

    def get_visitors(self) -> Mapping[str, Callable[[cst.CSTNode], None]]:
        return {name: getattr(self, name) for name in _visitor_names(type(self))}


class NodeCheck(_Check, BatchedVisitor):
    """A libcst visitor. Call `self.report(node, message)`; positions come later, and only
    for reported nodes, so a clean file never computes them.

    `one_per_line`: keep only the first report of this rule on a source line, for rules
    where several hits on one line are one thing to fix (`x, y = x.cuda(), y.cuda()`).
    """

    one_per_line: ClassVar[bool] = False

    def __init__(self, context: FileContext):
        super().__init__()
        self.context = context
        self.options = context.options
        self.reports: list[NodeReport] = []

    @property
    def imports(self) -> ImportMap:
        assert self.context.imports is not None
        return self.context.imports

    def report(
        self,
        node: cst.CSTNode,
        message: str,
        *,
        fix: str | None = None,
        secret: str | None = None,
    ) -> None:
        self.reports.append(NodeReport(node, message, fix, secret))


class TextCheck(_Check):
    """Looks at a file's lines as text; yields `Report`s positioned by `TextLine`."""

    file_kinds: ClassVar[frozenset[FileKind]] = frozenset(FileKind)

    def __init__(self, context: FileContext):
        self.context = context
        self.options = context.options

    def check(self, source: Source) -> Iterable[Report]:
        raise NotImplementedError


@dataclass
class RepoContext:
    """The discovered files of one run, loaded on demand."""

    root: Path
    files: list[tuple[str, FileKind]]
    loader: Any  # callable(relpath) -> Source | None

    def load(self, relpath: str) -> Source | None:
        return self.loader(relpath)

    def of_kind(self, *kinds: FileKind) -> Iterator[str]:
        return (rel for rel, kind in self.files if kind in kinds)


class RepoCheck(_Check):
    """Looks at the whole set of files once per run; reports carry their `path`."""

    file_kinds: ClassVar[frozenset[FileKind]] = frozenset(FileKind)

    def __init__(self, options: dict[str, Any]):
        self.options = options

    def check(self, repo: RepoContext) -> Iterable[Report]:
        raise NotImplementedError


Check = _Check
