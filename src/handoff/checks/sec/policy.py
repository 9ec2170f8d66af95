"""What SEC001 reports, whichever way it finds a value: in code or in text."""

from __future__ import annotations

from handoff.checks.sec import names as N
from handoff.checks.sec import places as PL
from handoff.checks.sec import values as V
from handoff.checks.sec.scanning import is_fake_known_key
from handoff.findings import Severity
from handoff.sources import Source

SEC001_FIX = "read it from the environment or a secrets manager instead"
WEAK_PASSWORD = " (a weak or default password, still a credential)"


def severity_of(*secrets: str) -> Severity | None:
    """Medium for weak or default passwords (every one of them), the rule's own otherwise."""
    return Severity.MEDIUM if secrets and all(map(V.is_weak_password, secrets)) else None


def credential_message(name: str, secret: str = "") -> str:
    weak = WEAK_PASSWORD if secret and V.is_weak_password(secret) else ""
    return f"hardcoded credential in `{name}`{weak}: {SEC001_FIX}"


class CredentialPolicy:
    """What SEC001 reports, whichever way the value is found."""

    def __init__(self, source: Source, options: dict):
        self.source = source
        self.in_tests = PL.is_test_path(source.relpath, options)

    def _fake(self, secret: str) -> bool:
        # A known-format key, a private key or a URL password is also reported by SEC002,
        # SEC003 or SEC004 on its line, and the catalog's precedence keeps theirs when they
        # run; SEC001 reports it when they do not. Only a fake is dropped here.
        return PL.is_fake_in_tests(secret, self.in_tests) or is_fake_known_key(
            secret, self.in_tests
        )

    def secret(
        self, value: str | None, strength: N.Strength | None, name: str = ""
    ) -> str | None:
        if value is None or strength is None:
            return None
        secret = V.credential_value(value, strength, name)
        return None if secret is None or self._fake(secret) else secret

    def embedded(self, text: str) -> list[tuple[str, str]]:
        return [
            (what, secret)
            for what, secret in PL.embedded_credentials(text)
            if not self._fake(secret)
        ]


# The depth comes from libcst's visitor base classes.
