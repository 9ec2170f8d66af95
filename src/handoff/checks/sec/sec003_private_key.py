"""SEC003 private-key: a private key block with key material."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import Report, TextCheck
from handoff.checks.sec.scanning import (
    private_key_spans,
    scanned,
    where,
)
from handoff.sources import Source


class PrivateKey(TextCheck):
    """SEC003: a private key block (PEM, OpenSSH, PGP, PuTTY) with key material."""

    code = "SEC003"

    def check(self, source: Source) -> Iterable[Report]:
        if not scanned(source):
            return
        for index, column, body in private_key_spans(source.lines):
            line = source.lines[index]
            yield Report.at(
                line,
                f"private key{where(line)}: remove it from the repository, rotate it, and "
                "load the key from a secret store or a path given at run time",
                column=column,
                secret=body,
            )
