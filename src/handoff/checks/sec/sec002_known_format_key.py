"""SEC002 known-format-key: a key whose format names its issuer, anywhere in any text."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import Report, TextCheck
from handoff.checks.sec import places as PL
from handoff.checks.sec.scanning import BASE64_LINE, KeyScan, fake_key, one_per_line, scanned, where
from handoff.findings import mask_secret
from handoff.integrations.detect_secrets import KeyMatch
from handoff.sources import Source, TextLine


class KnownFormatKey(TextCheck):
    """SEC002: a key whose format names its issuer, anywhere in any text."""

    code = "SEC002"

    def check(self, source: Source) -> Iterable[Report]:
        if not scanned(source):
            return
        in_tests = PL.is_test_path(source.relpath, self.options)
        scan = KeyScan(source)
        for line in scan.candidate_lines():
            # A line of base64 alone is the body of a key block or a certificate: a private
            # key's body is reported by SEC003 at its header, a line the precedence cannot
            # match with this one, and a certificate is public.
            if BASE64_LINE.match(line.text):
                continue
            found = [key for key in scan.keys(line) if not fake_key(key, in_tests)]
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
