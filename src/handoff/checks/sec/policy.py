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


def password_severity(strength: N.Strength | None, secret: str) -> Severity | None:
    """Medium for a weak or default password, the rule's own severity for anything else."""
    weak = strength is N.Strength.PASSWORD and V.is_weak_password(secret)
    return Severity.MEDIUM if weak else None


def credential_message(name: str, severity: Severity | None = None, where: str = "") -> str:
    weak = WEAK_PASSWORD if severity is Severity.MEDIUM else ""
    return f"hardcoded credential in `{name}`{where}{weak}: {SEC001_FIX}"


class CredentialPolicy:
    """What SEC001 reports, whichever way the value is found."""

    def __init__(self, source: Source, options: dict):
        self.source = source
        self.in_tests = PL.is_test_path(source.relpath, options)
        self.weak_passwords: set[str] = set()

    def _fake(self, secret: str) -> bool:
        # A known-format key, a private key or a URL password is also reported by SEC002,
        # SEC003 or SEC004 on its line, and the catalog's precedence keeps theirs when they
        # run; SEC001 reports it when they do not. Only a fake is dropped here.
        return PL.is_fake_in_tests(secret, self.in_tests) or is_fake_known_key(
            secret, self.in_tests
        )

    def secret(self, value: str | None, strength: N.Strength | None, name: str = "") -> str | None:
        if value is None or strength is None:
            return None
        secret = V.credential_value(value, strength, name)
        if secret is None or self._fake(secret):
            return None
        if password_severity(strength, secret) is not None:
            self.weak_passwords.add(secret)
        return secret

    def severity(self, *secrets: str) -> Severity | None:
        """Medium when every secret is a weak password; the rule's severity otherwise."""
        weak = secrets and all(s in self.weak_passwords for s in secrets)
        return Severity.MEDIUM if weak else None

    def embedded(self, text: str) -> list[tuple[str, str]]:
        found = [(w, s) for w, s in PL.embedded_credentials(text) if not self._fake(s)]
        # only connection-string passwords may be words: header credentials are generated
        self.weak_passwords.update(
            s for w, s in found if "password" in w and password_severity(N.Strength.PASSWORD, s)
        )
        return found


# The depth comes from libcst's visitor base classes.
