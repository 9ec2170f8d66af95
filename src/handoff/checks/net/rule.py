"""The shape the four NET rules share: report the file's downloads of one rule, in code and in
shell text (notebook `!` lines and `%%bash` cells, shell scripts)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar, Iterable, Iterator

import libcst as cst

from handoff.checks.base import CodeFacts, NodeCheck, Report
from handoff.checks.net.downloads import ADVICE, DOWNLOAD_GATE, Downloads, may_download_in
from handoff.checks.net.shell import ShellDownload, magic_command, shell_downloads
from handoff.sources import SHELL_SUFFIXES, FileKind, Source, TextOrigin

_SHELL_CELLS = ("%%bash", "%%sh", "%%script bash", "%%script sh", "%%shell")


class NetRule(NodeCheck):  # pylint: disable=too-many-ancestors  # libcst's visitor bases
    """A NET rule; subclasses set only `code` (not a rule)."""

    one_per_line: ClassVar[bool] = True
    analyses = (Downloads,)
    text_gate = DOWNLOAD_GATE
    text_kinds: ClassVar[frozenset[FileKind]] = frozenset({FileKind.NOTEBOOK, FileKind.CONFIG})

    @classmethod
    def may_find_in(cls, source: Source, facts: CodeFacts) -> bool:
        return may_download_in(facts)

    def leave_Module(self, original_node: cst.Module) -> None:
        for hit in self.context.analysis(Downloads).hits:
            if hit.code == self.code:
                self.report(hit.node, hit.message, severity=hit.severity)

    def check_text(self, source: Source) -> Iterable[Report]:
        for line, cell, found in self.context.shared(
            _text_downloads, lambda: _text_downloads(source)
        ):
            if found.code == self.code:
                message = f"{found.message}; {ADVICE[found.code]}"
                yield Report(message, line=line, column=found.column, cell=cell)


def _text_downloads(source: Source) -> list[tuple[int, int | None, ShellDownload]]:
    return list(_shell(source))


def _shell(source: Source) -> Iterator[tuple[int, int | None, ShellDownload]]:
    """(line, cell, download) for the shell lines of a notebook or a shell script."""
    if source.kind is FileKind.NOTEBOOK:
        for line in source.lines:
            if line.origin is not TextOrigin.MAGIC:
                continue
            command = magic_command(line.text)
            if command is None and _in_shell_cell(source, line.cell, line.line):
                command = line.text
            if command is None:
                continue
            shift = line.text.find(command) if command in line.text else 0
            for found in shell_downloads(command):
                moved = ShellDownload(
                    found.code, found.column + shift, found.command, found.message
                )
                yield line.line, line.cell, moved
    elif PurePosixPath(source.relpath.lower()).suffix in SHELL_SUFFIXES:
        for line in source.lines:
            for found in shell_downloads(line.text):
                yield line.line, None, found


def _in_shell_cell(source: Source, cell: int | None, line: int) -> bool:
    """A line after the first of a `%%bash` cell."""
    if cell is None or source.cells is None or not 0 < cell <= len(source.cells) or line < 2:
        return False
    return source.cells[cell - 1].lstrip().startswith(_SHELL_CELLS)
