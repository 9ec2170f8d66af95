"""Parse a loaded file with libcst, once. A syntax error becomes a `ParseProblem` (HO001 with
its position) instead of an exception; a notebook whose cells do not parse together is parsed
cell by cell, so one bad cell does not hide the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from handoff.sources import Source


@dataclass(frozen=True)
class ParseProblem:
    """Why (part of) a file could not be parsed, and where."""

    reason: str
    line: int = 1
    column: int = 1
    cell: int | None = None


@dataclass
class Parsed:
    """The parsed module(s) of a file, each with the virtual-line offset of its first line."""

    modules: list[tuple[cst.Module, int]] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)


def parse(source: Source) -> Parsed:
    assert source.code is not None
    try:
        return Parsed([(cst.parse_module(source.code), 0)])
    except Exception as exc:  # pylint: disable=broad-exception-caught
        if source.cell_map is None:
            return Parsed(problems=[ParseProblem(*syntax_error(exc, source.code))])
    return _parse_cells(source)


def _parse_cells(source: Source) -> Parsed:
    assert source.code is not None and source.cell_map is not None
    parsed = Parsed()
    code_lines = source.code.splitlines()
    start = 0
    while start < len(source.cell_map):
        cell = source.cell_map[start].cell
        end = start
        while end < len(source.cell_map) and source.cell_map[end].cell == cell:
            end += 1
        chunk = "\n".join(code_lines[start:end]) + "\n"
        try:
            parsed.modules.append((cst.parse_module(chunk), start))
        except Exception as exc:  # pylint: disable=broad-exception-caught
            parsed.problems.append(ParseProblem(*syntax_error(exc, chunk), cell=cell))
        start = end
    return parsed


_ERROR_AT = re.compile(r"error at (\d+):(\d+): ")
_PY2_HINTS = re.compile(
    r"^\s*(print\s+[^\s(=]|exec\s+[\"'\w]|raise\s+\w+\s*,)|except\s+[\w.]+\s*,\s*\w+\s*:|`|<>"
    r"|\b0\d+\b|\bur[\"']"
)


def syntax_error(exc: Exception, code: str) -> tuple[str, int, int]:
    """(reason, line, column) for a parser exception."""
    if isinstance(exc, cst.ParserSyntaxError):
        line, column, detail = exc.raw_line, exc.raw_column + 1, exc.message
        # The native parser keeps the precise position only in its message.
        precise = _ERROR_AT.search(detail)
        if precise:
            line, column = int(precise.group(1)), int(precise.group(2))
            column = max(column, 1)  # a zero-width token (end of file, dedent) reports 0
            detail = detail[precise.end() :]
        if detail.startswith("expected one of") and detail.count(",") > 4:
            detail = "invalid syntax"
        lines = code.splitlines()
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = "; this looks like Python 2 code" if _PY2_HINTS.search(text) else ""
        return f"syntax error at line {line}, column {column}: {detail}{hint}", line, column
    if isinstance(exc, RecursionError):
        return "the code is nested too deeply to parse", 1, 1
    return f"the parser failed: {exc}", 1, 1
