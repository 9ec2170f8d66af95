"""The small frozen data types every stage passes around: severities and findings."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace


class Severity(str, enum.Enum):
    """How much a finding matters; ordered from most to least severe."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Larger is more severe, so `a.rank >= b.rank` reads as "at least as severe"."""
        return _RANKS[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text.strip().lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {text!r} (choose from {choices})") from None


_RANKS = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


@dataclass(frozen=True)
class Finding:
    """One problem at one place. `line`/`column` are 1-based; `end_column` is exclusive.

    For a notebook, `cell` is the 1-based index of the cell among all cells and `line` the
    line inside that cell. `source_line` is the offending line as written (secrets already
    masked); it feeds the console report and the baseline hash, never the JSON output.
    """

    rule: str
    name: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str
    end_line: int | None = None
    end_column: int | None = None
    cell: int | None = None
    fix: str | None = None
    source_line: str = field(default="", compare=False)

    @property
    def family(self) -> str:
        return self.rule.rstrip("0123456789")

    @property
    def display_location(self) -> str:
        """`path:line:col`, or `nb.ipynb:cell_3:4:1` inside a notebook."""
        if self.cell is not None:
            return f"{self.path}:cell_{self.cell}:{self.line}:{self.column}"
        return f"{self.path}:{self.line}:{self.column}"

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.column, self.rule)


def mask_in(text: str, secret: str) -> str:
    """`text` with every occurrence of `secret` masked. A short secret (a weak password such
    as `secret` or `admin`) is masked as a whole word only, so that the words around it
    (`secrets manager`, `admin_password`) stay readable."""
    if len(secret) >= 12:
        return text.replace(secret, mask_secret(secret))
    return re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", lambda _: mask_secret(secret), text)


def mask_secret(secret: str) -> str:
    """Show just enough of a secret to recognise it: `hf_A…9Qz`. Short values vanish fully."""
    secret = secret.strip()
    if len(secret) < 16:
        return "…"
    return f"{secret[:4]}…{secret[-3:]}"
