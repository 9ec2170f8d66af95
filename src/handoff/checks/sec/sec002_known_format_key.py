"""SEC002 known-format-key: a key whose format names its issuer, anywhere in any text."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import Report, TextCheck
from handoff.checks.sec import places as PL
from handoff.checks.sec import values as V
from handoff.checks.sec.scanning import (
    BASE64_LINE,
    KeyScan,
    one_per_line,
    private_key_spans,
    scanned,
    where,
)
from handoff.findings import mask_secret
from handoff.integrations.detect_secrets import (
    JWT_KIND,
    KeyMatch,
)
from handoff.sources import Source, TextLine


class KnownFormatKey(TextCheck):
    """SEC002: a key whose format names its issuer, anywhere in any text."""

    code = "SEC002"

    def check(self, source: Source) -> Iterable[Report]:
        if not scanned(source):
            return
        in_tests = PL.is_test_path(source.relpath, self.options)
        pem_lines = {i for i, _, _ in private_key_spans(source.lines)}
        scan = KeyScan(source)
        for index, line in enumerate(source.lines):
            if BASE64_LINE.match(line.text):
                continue  # the body of a key or a certificate: SEC003's, or public
            if index in pem_lines and "PRIVATE" in line.text.upper():
                continue
            found = [key for key in scan.keys(line) if not _fake_key(key, in_tests)]
            reports = [self._report(key, line) for key in found]
            yield from one_per_line(reports, lambda _, text=line.text: text)

    @staticmethod
    def _report(key: KeyMatch, line: TextLine) -> Report:
        return Report.at(
            line,
            f"{key.kind} ({mask_secret(key.value)}){where(line)}: revoke it and "
            "load the replacement from the environment or a secret store",
            column=key.start + 1,
            end_column=key.end + 1,
            secret=key.value,
        )


def _fake_key(key: KeyMatch, in_tests: bool) -> bool:
    """A documented example or a synthetic value; in a test file also a JWT, which tests
    mint for their fake users."""
    if V.is_placeholder(key.value):
        return True
    return in_tests and (V.is_synthetic(key.value) or key.kind == JWT_KIND)
