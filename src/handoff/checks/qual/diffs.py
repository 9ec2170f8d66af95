"""Where a tool's output first differs from the file, and how many lines differ: one finding
per file points at the first change and counts them all."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from handoff.sources import Source, TextOrigin


@dataclass(frozen=True)
class Difference:
    """The first differing line (1-based, of the original; `cell` in a notebook) and how many
    lines the tool would remove, rewrite or add."""

    line: int
    changed: int
    cell: int | None = None


# Above this many line pairs, difflib's matching (quadratic when most lines change, as black's
# quote normalization does) gives way to counting lines removed and added.
_EXACT_DIFF_LIMIT = 1_000_000


def first_difference(before: str, after: str) -> Difference | None:
    if before == after:
        return None
    old, new = before.splitlines(), after.splitlines()
    if old == new:  # only the final newline differs
        return Difference(max(len(old), 1), 1)
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0  # lines equal at the end, after the first difference
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    old_part, new_part = old[start : len(old) - end], new[start : len(new) - end]
    return Difference(min(start + 1, max(len(old), 1)), _changed_lines(old_part, new_part))


def _changed_lines(old: list[str], new: list[str]) -> int:
    """Lines removed, rewritten or added between two stretches of lines."""
    if len(old) * len(new) <= _EXACT_DIFF_LIMIT:
        # autojunk would treat blank lines (frequent in a long file) as junk and misplace them
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        return sum(max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in changes)
    removed = sum((Counter(old) - Counter(new)).values())
    added = sum((Counter(new) - Counter(old)).values())
    return max(removed, added)


def code_cells(source: Source) -> Iterable[tuple[int, str]]:
    """(cell index, text) of a notebook's code cells that hold any code."""
    indices = sorted(
        {line.cell for line in source.lines if line.origin in (TextOrigin.CODE, TextOrigin.MAGIC)}
    )
    for index in indices:
        if index is not None and source.cells is not None:
            yield index, source.cells[index - 1]


def notebook_difference(source: Source, tool: Callable[[str], str | None]) -> Difference | None:
    """The first differing cell and line of a notebook whose code cells `tool` rewrites, with
    the lines changed in all cells; `tool` returns a cell as the tool would write it."""
    first: Difference | None = None
    changed = 0
    for index, text in code_cells(source):
        output = tool(text)
        found = first_difference(text, output) if output is not None else None
        if found is not None:
            changed += found.changed
            first = first or Difference(found.line, 0, index)
    return Difference(first.line, changed, first.cell) if first else None
