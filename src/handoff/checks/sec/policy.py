"""What SEC001 reports, whichever way it finds a value: in code or in text."""

from __future__ import annotations

from handoff.checks.sec import names as N
from handoff.checks.sec import places as PL
from handoff.checks.sec import values as V
from handoff.checks.sec.scanning import (
    KeyScan,
)
from handoff.sources import Source

SEC001_FIX = "read it from the environment or a secrets manager instead"


def credential_message(name: str) -> str:
    return f"hardcoded credential in `{name}`: {SEC001_FIX}"


class CredentialPolicy:
    """What SEC001 reports, whichever way the value is found."""

    def __init__(self, source: Source, options: dict):
        self.source = source
        self.in_tests = PL.is_test_path(source.relpath, options)
        self._scan: KeyScan | None = None

    @property
    def scan(self) -> KeyScan:
        if self._scan is None:  # only once a candidate is found: most files have none
            self._scan = KeyScan(self.source)
        return self._scan

    def secret(self, value: str | None, strength: N.Strength | None) -> str | None:
        if value is None or strength is None:
            return None
        secret = V.credential_value(value, strength)
        if secret is None or PL.is_fake_in_tests(secret, self.in_tests):
            return None
        return None if self.scan.owns(secret) else secret

    def embedded(self, text: str) -> list[tuple[str, str]]:
        return [
            (what, secret)
            for what, secret in PL.embedded_credentials(text)
            if not PL.is_fake_in_tests(secret, self.in_tests) and not self.scan.owns(secret)
        ]


# The depth comes from libcst's visitor base classes.
