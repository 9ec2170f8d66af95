"""QUAL003 pylint-error: pylint's error and fatal messages, with the project's configuration."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import Report, TextCheck
from handoff.checks.qual.running import project_root, run_tool
from handoff.findings import Severity
from handoff.integrations import pylint
from handoff.sources import FileKind, Source

# A syntax error is HO001's: pylint's own word for it would be a second finding.
_PARSE_FAILURES = {"syntax-error", "parse-error"}


class PylintError(TextCheck):
    """QUAL003: one finding per pylint E or F message."""

    code = "QUAL003"
    file_kinds = frozenset({FileKind.PYTHON})
    config_files = frozenset(
        {
            "pylintrc",
            ".pylintrc",
            "pylintrc.toml",
            ".pylintrc.toml",
            "pyproject.toml",
            "setup.cfg",
            "tox.ini",
        }
    )

    def check(self, source: Source) -> Iterable[Report]:
        messages = run_tool(self.code, "pylint", lambda: self._messages(source))
        for message in messages or ():
            if message.symbol in _PARSE_FAILURES:
                continue
            fatal = message.category == "fatal"
            what = "pylint could not analyse this file" if fatal else "pylint"
            yield Report(
                f"{what}: {message.msg_id} {message.symbol}: {message.text.rstrip('.')}"
                f" (see `handoff explain {self.code}`)",
                line=message.line,
                column=message.column,
                end_line=message.end_line,
                end_column=message.end_column if message.end_line == message.line else None,
                # An F message is pylint failing, not the code: worth knowing, not a blocker.
                severity=Severity.LOW if fatal else None,
            )

    def _messages(self, source: Source) -> list[pylint.PylintMessage]:
        config = pylint.pylint_config_file(source.path, project_root(source))
        disable = tuple(self.options.get("disable", ()))
        return pylint.pylint_messages(source.path, config, disable)
