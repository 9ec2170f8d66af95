"""QUAL002 unsorted-imports: isort, with the project's configuration, would reorder imports."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import Report, TextCheck
from handoff.checks.qual.diffs import Difference, first_difference, notebook_difference
from handoff.checks.qual.running import difference_report, run_tool
from handoff.integrations import formatters
from handoff.sources import FileKind, Source


def _without_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.strip())


class UnsortedImports(TextCheck):
    """QUAL002: one finding per file, at the first line isort would change."""

    code = "QUAL002"
    file_kinds = frozenset({FileKind.PYTHON, FileKind.NOTEBOOK})
    # isort's own config sources, and pyproject.toml for black's line length
    config_files = frozenset(
        {".isort.cfg", "pyproject.toml", "setup.cfg", "tox.ini", ".editorconfig"}
    )

    def check(self, source: Source) -> Iterable[Report]:
        difference = run_tool(self.code, "isort", lambda: self._difference(source))
        if difference is not None:
            fix = f"run `isort {source.relpath}` (see `handoff explain {self.code}`)"
            yield difference_report(difference, "isort would re-sort the imports of", fix)

    def _difference(self, source: Source) -> Difference | None:
        config = formatters.isort_config(source.path)
        if source.kind is FileKind.PYTHON:
            code = source.text.replace("\r\n", "\n")
            output = formatters.isort_output(code, config, source.path)
            return first_difference(code, output) if output is not None else None
        return notebook_difference(source, lambda cell: self._cell_output(cell, config, source))

    @staticmethod
    def _cell_output(cell: str, config, source: Source) -> str | None:
        """A cell with its imports sorted; the blank lines isort puts after the imports of a
        module are left to the notebook (a cell is not a module)."""
        output = formatters.isort_output(cell, config, source.path)
        if output is None or _without_blank_lines(output) == _without_blank_lines(cell):
            return cell
        return output
