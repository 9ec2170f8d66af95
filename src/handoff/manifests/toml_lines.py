"""Where a value of a TOML file is written: tomllib gives values without positions.

`config_values` (shared with the config rules) already walks TOML text and gives every string
value with its key path and position, through multi-line arrays and inline tables. A value
tomllib returned is matched to the next unused occurrence of the same string under the same
key path, so two equal strings in two tables, or twice in one array, each get their own line.
"""

from __future__ import annotations

import re
from collections import defaultdict

from handoff.config_values import config_values

Key = tuple[str | int, ...]
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


class TomlLines:
    """Positions of the string values and table headers of one TOML text."""

    def __init__(self, text: str, filename: str = "x.toml"):
        self._by_key: dict[tuple[Key, str], list[tuple[int, int]]] = defaultdict(list)
        self._values: list[tuple[Key, str, int, int]] = []
        for value in config_values(text, filename):
            self._by_key[(value.key, value.value)].append((value.line, value.column))
            self._values.append((value.key, value.value, value.line, value.column))
        self._text_lines = text.splitlines()
        self._headers: dict[Key, int] = {}
        for number, raw in enumerate(text.splitlines(), start=1):
            match = _HEADER.match(raw)
            if match:
                parts = re.findall(r"\"[^\"]*\"|'[^']*'|[^.\s]+", match.group(1))
                self._headers.setdefault(tuple(p.strip("\"'") for p in parts), number)

    def take(self, key: Key, value: str) -> tuple[int, int] | None:
        """(line, column) of the next unused `value` under `key`; None if it is not there."""
        spots = self._by_key.get((key, value))
        if spots:
            return spots.pop(0)
        return None

    def first_under(self, prefix: Key) -> tuple[int, int] | None:
        """The first string value anywhere under `prefix` (a poetry dependency's table)."""
        found = [(line, col) for key, _, line, col in self._values if key[: len(prefix)] == prefix]
        return min(found) if found else None

    def column_of(self, line: int, token: str) -> int:
        """The 1-based column of `token` on `line` (1 when it is not there)."""
        if 0 < line <= len(self._text_lines):
            return self._text_lines[line - 1].find(token) + 1 or 1
        return 1

    def header_exact(self, table: Key) -> tuple[int, int] | None:
        """(line, 1) of `[table]` itself when it is written as a header."""
        return (self._headers[table], 1) if table in self._headers else None

    def entry(self, table: Key, name: str) -> int:
        """The line of the entry `name` of `table`: its own `[table.name]` header, else its
        first value, else the table's header."""
        found = self.header_exact((*table, name)) or self.first_under((*table, name))
        return found[0] if found else self.header(table)

    def header(self, table: Key) -> int:
        """The line of `[table]` (or of the nearest enclosing table written), else 1."""
        while table:
            if table in self._headers:
                return self._headers[table]
            table = table[:-1]
        return 1

    def locate(self, key: Key, value: str) -> tuple[int, int]:
        """`take`, falling back to the table's header line so a position is always given."""
        return self.take(key, value) or (self.header(key), 1)
