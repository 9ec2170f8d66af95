"""The shape all four PATH rules share: read the file's two PATH analyses, keep one code."""

from __future__ import annotations

from typing import ClassVar, Iterable

import libcst as cst

from handoff.checks.base import CodeFacts, NodeCheck, Report
from handoff.checks.path.code_analysis import PathLiterals
from handoff.checks.path.scanning import allowed, may_judge_finding
from handoff.checks.path.text_analysis import text_hits
from handoff.sources import FileKind, Source


class PathRule(NodeCheck):  # pylint: disable=too-many-ancestors  # libcst's visitor bases
    """A PATH rule on Python code and on text; subclasses set only `code` (not a rule)."""

    one_per_line: ClassVar[bool] = True  # shutil.copy("/mnt/a", "/mnt/b") is one thing to fix
    analyses = (PathLiterals,)
    text_kinds: ClassVar[frozenset[FileKind]] = frozenset(
        {FileKind.NOTEBOOK, FileKind.CONFIG, FileKind.MANIFEST}
    )

    @classmethod
    def may_find_in(cls, source: Source, facts: CodeFacts) -> bool:
        """A finding needs a string that could be one (`may_judge_finding`), or a Google
        Drive mount (reported whatever its arguments)."""
        return "mount" in facts.calls or any(map(may_judge_finding, set(facts.strings)))

    def leave_Module(self, original_node: cst.Module) -> None:
        for hit in self.context.analysis(PathLiterals).hits:
            if hit.code == self.code and not allowed(hit.code, hit.subject, self.options):
                self.report(hit.node, hit.message)

    def check_text(self, source: Source) -> Iterable[Report]:
        for line, cell, column, hit in self.context.shared(text_hits, lambda: text_hits(source)):
            if hit.code == self.code and not allowed(hit.code, hit.text, self.options):
                yield Report(hit.message, line=line, column=column, cell=cell)
