"""QUAL001 not-black-formatted: black, with the project's configuration, would rewrite the file."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import Report, TextCheck
from handoff.checks.qual.diffs import Difference, first_difference, notebook_difference
from handoff.checks.qual.running import difference_report, run_tool
from handoff.integrations import formatters
from handoff.integrations.tools import warn_once
from handoff.sources import FileKind, Source


class NotBlackFormatted(TextCheck):
    """QUAL001: one finding per file, at the first line black would change."""

    code = "QUAL001"
    file_kinds = frozenset({FileKind.PYTHON, FileKind.NOTEBOOK})
    config_files = frozenset({"pyproject.toml"})

    def check(self, source: Source) -> Iterable[Report]:
        difference = run_tool(self.code, "black", lambda: self._difference(source))
        if difference is not None:
            fix = f"run `black {source.relpath}` (see `handoff explain {self.code}`)"
            yield difference_report(difference, "black would reformat", fix)

    def _difference(self, source: Source) -> Difference | None:
        settings = formatters.black_settings(source.path)
        if settings.excluded(source.path):
            return None
        # black reads files with universal newlines: a CRLF file is not "unformatted".
        if source.kind is FileKind.PYTHON:
            code = source.text.replace("\r\n", "\n")
            return first_difference(code, formatters.black_output(code, settings))
        if not formatters.black_formats_notebooks():
            warn_once(
                f"{self.code} skips notebooks: black formats them only with its jupyter extra"
                " (`pip install 'black[jupyter]'`)"
            )
            return None
        return notebook_difference(
            source, lambda cell: formatters.black_cell_output(cell, settings)
        )
