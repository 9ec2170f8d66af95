"""The check API: what a rule's code looks like, for built-in rules and plugins alike.

One class per rule, naming its rule with `code` (the words, severity and examples come from
the catalog; a plugin without a catalog entry sets `rule` to a `handoff.catalog.Rule`). By
what it looks at:

* `NodeCheck`: a libcst visitor (`visit_Call`, `leave_Module`, ...) over Python code and
  notebook cells. Every enabled node check rides the same traversal of a file, so adding a
  rule adds no pass. It may also read text: `check_text(source)` runs on the file kinds in
  `text_kinds` (notebook magics, shell scripts, configs), so a rule that looks at code and at
  text stays one class. Its `text_gate` (a `Gate`: the words its matches need) lets the
  engine skip files it cannot find anything in, and libcst's parse of files no check wants.
* `TextCheck`: sees only a file's lines as text: every file kind, magics and outputs.
* `RepoCheck`: sees the whole run once: the discovered files and the facts node checks
  recorded about each (`RepoContext.facts`). A repo check that needs facts no node check
  records names the `Analysis` classes that record them in its `analyses`: the engine then
  walks them over every code file where the repo check's rule is enabled, or, for a
  `TreeAnalysis`, hands them Python's own syntax tree (REQ003 reads the imports
  `ImportFacts` records this way, from every code file, even when no node check runs).

Analysis several rules need on a file is computed once: an `Analysis` (a visitor the engine
puts in the traversal once, before the checks that name it in `analyses`) or
`FileContext.shared(key, compute)` for work that is not a traversal.
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterable, Iterator, Mapping, TypeVar

import libcst as cst
from libcst.metadata import CodePosition, CodeRange

from handoff.code_facts import CodeFacts
from handoff.findings import Severity
from handoff.import_positions import import_starts
from handoff.positions import StatementPositions
from handoff.sources import CODE_KINDS, FileKind, Source, TextLine

if TYPE_CHECKING:
    from handoff.catalog import Rule
    from handoff.checks.support.names import ImportMap

__all__ = [
    "CODE_KINDS",
    "Analysis",
    "CodeFacts",
    "FileContext",
    "Gate",
    "NodeCheck",
    "RepoCheck",
    "RepoContext",
    "Report",
    "TextCheck",
    "TreeAnalysis",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Report:
    """What a check says before the engine turns it into a `Finding`.

    Positions are in the check's own coordinates: for a text check the `line` (and `cell`) of
    the `TextLine`, for a repo check the file's line. `secret` is masked everywhere it would
    otherwise appear (the shown source line, the message). `fix` overrides the catalog's hint.
    `severity` lowers this one finding below the rule's (a guarded or pinned variant of the
    problem); it never raises it, and a configured severity that is lower still wins.
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
    severity: Severity | None = None
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
    severity: Severity | None = None


@dataclass
class FileState:
    """What every check of one file shares: computed analyses and recorded facts."""

    store: dict[Any, Any] = field(default_factory=dict)
    facts: dict[str, list[Any]] = field(default_factory=dict)
    # id(module) -> the code it was parsed from, for a module that is the whole file.
    codes: dict[int, str] = field(default_factory=dict)
    # Python's own tree of the whole file's code, when it parses (`parsing.python_trees`).
    python_tree: ast.Module | None = None

    def positions(self, module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
        """Where each node of `module` is: computed once per file, and only when a check
        reports or records a place (a clean file never pays for it)."""
        key = ("positions", id(module))
        if key not in self.store:
            # The module is kept with its positions, so its id cannot be reused meanwhile.
            # Python's tree lines up the statements of a module that is the whole file.
            tree = self.python_tree if id(module) in self.codes else None
            self.store[key] = (module, StatementPositions(module, tree))
        return self.store[key][1]

    def start_of(self, module: cst.Module, node: cst.CSTNode) -> CodePosition:
        """Where `node` starts. An import statement's place comes from Python's own parser
        (`handoff.import_positions`), so recording a file's imports does not cost it libcst's
        position pass; any other node's from `positions`."""
        key = ("import-starts", id(module))
        if key not in self.store:
            code = self.codes.get(id(module))
            starts = None if code is None else import_starts(module, code, self.python_tree)
            self.store[key] = (module, starts)
        starts = self.store[key][1]
        if starts is not None and id(node) in starts:
            return CodePosition(*starts[id(node)])
        return self.positions(module)[node].start


@dataclass
class FileContext:
    """What a check may know about the file it is looking at."""

    source: Source
    options: dict[str, Any] = field(default_factory=dict)
    imports: ImportMap | None = None
    state: FileState = field(default_factory=FileState)
    # Where the module being walked starts in `source.code` (a notebook parsed cell by cell
    # walks each cell as its own module): a position's line + offset is a line of the code,
    # which `locate` maps to (cell, line).
    line_offset: int = 0

    def locate(self, module_line: int) -> tuple[int | None, int]:
        """(cell, line) of a line of the module being walked (1-based)."""
        return self.source.locate(module_line + self.line_offset)

    def positions(self, module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
        """Node positions of the module being walked, shared by every check of the file."""
        return self.state.positions(module)

    def start_of(self, module: cst.Module, node: cst.CSTNode) -> CodePosition:
        """Where `node` of the module being walked starts (cheaper than `positions` for an
        import statement)."""
        return self.state.start_of(module, node)

    def shared(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()` once per file, whichever check asks first."""
        if key not in self.state.store:
            self.state.store[key] = compute()
        return self.state.store[key]

    def analysis(self, kind: type[A]) -> A:
        """The file's instance of an `Analysis` this check names in `analyses`."""
        found = self.state.store.get(kind)
        if found is None:
            raise LookupError(f"{kind.__name__} is not in this check's `analyses`")
        return found

    def record(self, fact: str, value: Any) -> None:
        """Remember a JSON-able fact about this file for repo-level checks (cached with the
        file's results): `self.context.record("imports", ["torch", 3])`."""
        self.state.facts.setdefault(fact, []).append(value)


class _Check:
    code: ClassVar[str] = ""
    rule: ClassVar[Rule | None] = None  # plugins without a catalog entry
    file_kinds: ClassVar[frozenset[FileKind]] = CODE_KINDS
    # Names of other tools' configuration files the findings depend on (black reads
    # pyproject.toml): cached results are keyed by those files in the checked folders too.
    config_files: ClassVar[frozenset[str]] = frozenset()


@functools.lru_cache(maxsize=None)
def _visitor_names(cls: type) -> tuple[str, ...]:
    return tuple(
        name
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if name.startswith(("visit_", "leave_")) and not getattr(member, "_is_no_op", False)
    )


class Gate:
    """A conservative test of a file's code: does it contain any of `words` (whatever their
    case, anywhere, also inside identifiers: `apiKey`, `TRAIN_STEPS`), match `pattern`, or
    call one of `calls` (`x.to(...)`)?

    Tested twice: on the raw text before any parsing (`matches`: substring tests on the
    lowered text, lowered once per file, as a regex alternation of many words is several
    times slower), then on Python's tree (`matches_facts`: the same words and pattern on
    the code's names and strings, comments left out, and the calls by name)."""

    def __init__(self, *vocabularies: Iterable[str], pattern: str = "", calls: Iterable[str] = ()):
        self.words = tuple(sorted({w.lower() for v in vocabularies for w in v}))
        # Matched on the lowered text (much faster than IGNORECASE): write it in lower case.
        self.pattern = re.compile(pattern, re.MULTILINE) if pattern else None
        self.calls = frozenset(calls)
        self._call_text = (
            re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(self.calls)))})\s*\(")
            if self.calls
            else None
        )

    def matches(self, source: Source) -> bool:
        lowered = source.lowered_code()
        if any(word in lowered for word in self.words):
            return True
        if self._call_text is not None and self._call_text.search(source.code or ""):
            return True
        return self.pattern is not None and self.pattern.search(lowered) is not None

    def matches_facts(self, facts: CodeFacts) -> bool:
        lowered = facts.lowered
        if any(word in lowered for word in self.words) or not self.calls.isdisjoint(facts.calls):
            return True
        return self.pattern is not None and self.pattern.search(lowered) is not None


class BatchedVisitor(cst.BatchableCSTVisitor):
    """A batchable visitor whose visit/leave methods are looked up once per class.

    libcst looks them up with `inspect.getmembers` on every instance, which cost a third of
    the run time on a repo of small files: each file makes fresh check instances.
    """

    # What the code of a file must contain for this visitor to find anything in it, tested
    # before any parsing. It must be conservative (it may match where nothing is found, never
    # the reverse): a check or analysis whose gate does not match is not run on the file, and
    # a file none wants is not parsed by libcst at all. A visitor whose condition is not a
    # `Gate` overrides `may_find`.
    text_gate: ClassVar[Gate | None] = None

    @classmethod
    def may_find(cls, source: Source) -> bool:
        return cls.text_gate is None or cls.text_gate.matches(source)

    @classmethod
    def may_find_in(  # pylint: disable=unused-argument  # a hook: the roles gate reads it
        cls, source: Source, facts: CodeFacts
    ) -> bool:
        """The same question on Python's tree of the file (asked after `may_find`, when the
        whole code parses): its names, calls and strings. A visitor that reads more than its
        `text_gate` says (PATH judges every string) overrides this too."""
        return cls.text_gate is None or cls.text_gate.matches_facts(facts)

    def get_visitors(self) -> Mapping[str, Callable[[cst.CSTNode], None]]:
        return {name: getattr(self, name) for name in _visitor_names(type(self))}


class Analysis(BatchedVisitor):
    """Work several rules share on one file's tree, done once: the engine walks one instance
    per file ahead of the checks that name its class in `analyses`; they read it with
    `self.context.analysis(TheAnalysis)` (during the walk, or in `leave_Module`). Its
    `text_gate` counts only where repo checks alone ask for it: a node check that names it
    gets it whenever the check itself runs."""

    def __init__(self, context: FileContext):
        super().__init__()
        self.context = context


A = TypeVar("A", bound=Analysis)


class TreeAnalysis:
    """Facts a repo check needs from every code file (its imports), read from Python's own
    syntax tree (`ast`) instead of libcst's: about ten times cheaper, so a file no node check
    wants is never parsed by libcst. The engine calls `visit_tree` once per tree (a notebook
    whose cells do not parse together: once per cell); `context.line_offset` maps the tree's
    lines to the file's code. Code Python's parser rejects gives no facts."""

    def __init__(self, context: FileContext):
        self.context = context

    def visit_tree(self, tree: ast.Module) -> None:
        raise NotImplementedError


class NodeCheck(_Check, BatchedVisitor):
    """A libcst visitor. Call `self.report(node, message)`; positions come later, and only
    for reported nodes, so a clean file never computes them.

    `one_per_line`: keep only the first report of this rule on a source line, for rules
    where several hits on one line are one thing to fix (`x, y = x.cuda(), y.cuda()`).
    """

    one_per_line: ClassVar[bool] = False
    analyses: ClassVar[tuple[type[Analysis], ...]] = ()
    text_kinds: ClassVar[frozenset[FileKind]] = frozenset()  # where `check_text` runs

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
        severity: Severity | None = None,
    ) -> None:
        self.reports.append(NodeReport(node, message, fix, secret, severity))

    def check_text(  # pylint: disable=unused-argument  # a hook: most rules read no text
        self, source: Source
    ) -> Iterable[Report]:
        """The rule on text the parser does not see, for kinds in `text_kinds`."""
        return ()


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
    """The discovered files of one run (loaded on demand) and the facts checks recorded."""

    root: Path
    files: list[tuple[str, FileKind]]
    loader: Callable[[str], Source | None]
    file_facts: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    store: dict[Any, Any] = field(default_factory=dict)

    def shared(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()` once per run, whichever repo check asks first (the manifests read once
        for every rule of a family)."""
        if key not in self.store:
            self.store[key] = compute()
        return self.store[key]

    def load(self, relpath: str) -> Source | None:
        return self.loader(relpath)

    def of_kind(self, *kinds: FileKind) -> Iterator[str]:
        return (rel for rel, kind in self.files if kind in kinds)

    def facts(self, name: str) -> Iterator[tuple[str, Any]]:
        """(relpath, value) for every value of fact `name` recorded in any file."""
        for relpath, facts in sorted(self.file_facts.items()):
            for value in facts.get(name, ()):
                yield relpath, value


class RepoCheck(_Check):
    """Looks at the whole set of files once per run; reports carry their `path`.

    `analyses`: `Analysis` classes the engine walks over every code file where this rule is
    enabled, for the facts they record (`FileContext.record`), which `check` reads from
    `RepoContext.facts`.
    """

    file_kinds: ClassVar[frozenset[FileKind]] = frozenset(FileKind)
    analyses: ClassVar[tuple[type[Analysis] | type[TreeAnalysis], ...]] = ()

    def __init__(self, options: dict[str, Any]):
        self.options = options

    @classmethod
    def reads(cls, relpath: str) -> bool:  # pylint: disable=unused-argument  # a hook
        """Whether the check reads this file's text and reports on it (DOC reads READMEs): the
        engine then loads the file even when no file-level check wants it, so its inline
        suppressions apply to the check's findings."""
        return False

    @classmethod
    def depends_on(cls, relpath: str) -> bool:  # pylint: disable=unused-argument  # a hook
        """Whether the findings may depend on this file's bytes, beyond the list of files and
        the facts the analyses record. A warm run reuses the repo-level findings while the
        list, the facts and every file some check depends on are unchanged, so an edit that
        leaves a code file's facts alone does not rerun the manifests' and the README's rules.
        The default, every file, is always right; a narrower answer must name every file the
        check opens (tests/test_repo_cache.py watches what each built-in check opens)."""
        return True

    @classmethod
    def reads_outside(cls, options: dict[str, Any]) -> bool:  # pylint: disable=unused-argument
        """Whether its findings depend on more than the files (an advisory service, a local
        advisory database): then a warm run asks again instead of reusing cached findings."""
        return False

    def check(self, repo: RepoContext) -> Iterable[Report]:
        raise NotImplementedError


Check = _Check
CHECK_TYPES = (NodeCheck, TextCheck, RepoCheck)
