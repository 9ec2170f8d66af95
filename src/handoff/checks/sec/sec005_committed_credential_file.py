"""SEC005 committed-credential-file: a file that exists to hold credentials, committed with
real values."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import ClassVar, Iterable, Iterator

from handoff.checks.base import Report, TextCheck
from handoff.checks.sec import names as N
from handoff.checks.sec import places as PL
from handoff.checks.sec import values as V
from handoff.checks.sec.policy import password_severity
from handoff.checks.sec.scanning import is_fake_known_key, one_per_line, private_key_spans
from handoff.config_values import config_values
from handoff.findings import Severity
from handoff.integrations.detect_secrets import (
    private_key_markers,
)
from handoff.sources import FileKind, Source

_NETRC_PASSWORD = re.compile(r"(?:^|\s)password\s+(\S+)")
_PYPIRC_PASSWORD = re.compile(r"^\s*password\s*[:=]\s*(\S+)")
_SERVICE_ACCOUNT = re.compile(r"\"type\"\s*:\s*\"service_account\"")


class CommittedCredentialFile(TextCheck):
    """SEC005: a file that exists to hold credentials, committed with real values in it."""

    code = "SEC005"
    file_kinds: ClassVar[frozenset[FileKind]] = frozenset({FileKind.CONFIG, FileKind.OTHER})

    def check(self, source: Source) -> Iterable[Report]:
        kind = PL.credential_file_kind(source.relpath)
        if kind is None and source.relpath.lower().endswith(".json"):
            kind = "google" if _SERVICE_ACCOUNT.search(source.text) else None
        if kind is None:
            return
        in_tests = PL.is_test_path(source.relpath, self.options)
        name = PurePosixPath(source.relpath).name
        reports = []
        for line_no, column, secret, what, severity in self._values(kind, source):
            # a known-format key, a private key or a URL password here is reported by SEC002,
            # SEC003 or SEC004 on the same line, and the catalog's precedence keeps theirs
            if secret and (
                PL.is_fake_in_tests(secret, in_tests) or is_fake_known_key(secret, in_tests)
            ):
                continue
            reports.append(
                Report(
                    f"{what} committed in {name}: remove the file from the repository (and "
                    "its history), add it to .gitignore and rotate the credential",
                    line=line_no,
                    column=column,
                    secret=secret or None,
                    severity=severity,
                )
            )
        yield from one_per_line(reports, lambda r: source.text_line(r.line, None))

    def _values(
        self, kind: str, source: Source
    ) -> Iterator[tuple[int, int, str, str, Severity | None]]:
        """(line, column, secret, what, severity) of each credential in the file."""
        if kind == "netrc":
            yield from _line_values(source, _NETRC_PASSWORD, "a .netrc password")
        elif kind == "pypirc":
            yield from _line_values(source, _PYPIRC_PASSWORD, "a .pypirc password")
        else:
            filename = ".env" if kind == "dotenv" else "x.json"
            for item in config_values(source.text, filename):
                key = next((k for k in reversed(item.key) if isinstance(k, str)), "")
                if kind == "kaggle":
                    strength = N.Strength.STRONG if key == "key" else None
                else:
                    strength = N.credential_name(key)
                value = PL.env_value(item.value)
                secret = V.credential_value(value, strength, key) if strength else None
                if secret:
                    severity = password_severity(strength, secret)
                    yield item.line, item.column, secret, f"`{key}`", severity
        if kind == "google":
            yield from self._service_account(source)

    @staticmethod
    def _service_account(source: Source) -> Iterator[tuple[int, int, str, str, None]]:
        match = _SERVICE_ACCOUNT.search(source.text)
        if match is None or not private_key_markers(source.text):
            return
        if not any(True for _ in private_key_spans(source.lines)):
            return
        line_no = source.text.count("\n", 0, match.start()) + 1
        column = match.start() - (source.text.rfind("\n", 0, match.start()) + 1) + 1
        yield line_no, column, "", "a Google service-account key file", None


def _line_values(source: Source, pattern: re.Pattern, what: str):
    for line in source.lines:
        for match in pattern.finditer(line.text):
            secret = V.credential_value(match.group(1), N.Strength.PASSWORD)
            if secret:
                severity = password_severity(N.Strength.PASSWORD, secret)
                yield line.line, match.start(1) + 1, secret, what, severity
