"""SEC004 credentials-in-url: `scheme://user:password@host` with a real password."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import Report, TextCheck
from handoff.checks.sec import places as PL
from handoff.checks.sec.scanning import (
    is_fake_known_key,
    one_per_line,
    scanned,
    url_passwords,
    where,
)
from handoff.sources import Source


class CredentialsInUrl(TextCheck):
    """SEC004: `scheme://user:password@host` with a real password."""

    code = "SEC004"

    def check(self, source: Source) -> Iterable[Report]:
        if not scanned(source):
            return
        in_tests = PL.is_test_path(source.relpath, self.options)
        for line in source.lines:
            reports = []
            for match, password in url_passwords(line.text):
                start = match.start(3)
                # a token with a known format in the URL is SEC002's, by the catalog's
                # precedence on this line: only a fake one is dropped here
                if PL.is_fake_in_tests(password, in_tests) or is_fake_known_key(password, in_tests):
                    continue
                reports.append(
                    Report.at(
                        line,
                        f"password in a {match.group(1)}:// URL{where(line)}: build the URL "
                        "from configuration and take the password from the environment",
                        column=start + 1,
                        end_column=match.end(3) + 1,
                        secret=password,
                    )
                )
            yield from one_per_line(reports, lambda _, text=line.text: text)
