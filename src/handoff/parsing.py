"""Parse a loaded file with libcst, once. A syntax error becomes a `ParseProblem` (HO001 with
its position) instead of an exception; a notebook whose cells do not parse together is parsed
cell by cell, so one bad cell does not hide the rest."""

from __future__ import annotations

import ast
import gc
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import libcst as cst
import yaml
from libcst._nodes.base import CSTNode

from handoff.sources import Source, SourceError
from handoff.yaml_nodes import compose_all


@dataclass(frozen=True)
class ParseProblem:
    """Why (part of) a file could not be parsed, and where."""

    reason: str
    line: int = 1
    column: int = 1
    cell: int | None = None
    partial: bool = False  # the rest of the file was still parsed and checked


@dataclass
class Parsed:
    """The parsed module(s) of a file, each with the virtual-line offset of its first line."""

    modules: list[tuple[cst.Module, int]] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    whole: bool = False  # one module parsed from the whole of `source.code`


@contextmanager
def _building_trees() -> Iterator[None]:
    """While libcst's parser builds a tree: no node validation and no cyclic garbage
    collection, a fifth of the parse between them. Validation (`CSTNode._validate`, run by
    every node's `__post_init__`) guards trees built by hand; a tree the parser built from
    code is valid by construction (libcst's own PERF note there suggests the same). A new
    tree holds no reference cycles, so the collector only rescans it, again and again, while
    millions of nodes are made. Both are restored before any check sees the tree."""
    validate = CSTNode.__post_init__
    collecting = gc.isenabled()
    CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign]
    gc.disable()
    try:
        yield
    finally:
        CSTNode.__post_init__ = validate  # type: ignore[method-assign]
        if collecting:
            gc.enable()


def _no_validation(self: CSTNode) -> None:  # pylint: disable=unused-argument
    return None


def parse_module(code: str) -> cst.Module:
    """libcst's `parse_module`, faster (`_building_trees`); raises as it does."""
    with _building_trees():
        return cst.parse_module(code)


def parse(source: Source) -> Parsed:
    assert source.code is not None
    try:
        return Parsed([(parse_module(source.code), 0)], whole=True)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        if source.cell_map is None:
            return Parsed(problems=[ParseProblem(*syntax_error(exc, source.code))])
    return _parse_cells(source)


def _cell_chunks(source: Source) -> Iterator[tuple[str, int, int]]:
    """(code, offset of its first line, cell number) of each code cell of a notebook."""
    assert source.code is not None and source.cell_map is not None
    code_lines = source.code.splitlines()
    start = 0
    while start < len(source.cell_map):
        cell = source.cell_map[start].cell
        end = start
        while end < len(source.cell_map) and source.cell_map[end].cell == cell:
            end += 1
        yield "\n".join(code_lines[start:end]) + "\n", start, cell
        start = end


def _parse_cells(source: Source) -> Parsed:
    assert source.cell_map is not None
    parsed = Parsed()
    several = len({position.cell for position in source.cell_map}) > 1
    for chunk, start, cell in _cell_chunks(source):
        try:
            parsed.modules.append((parse_module(chunk), start))
        except Exception as exc:  # pylint: disable=broad-exception-caught
            reason, line, column = syntax_error(exc, chunk)
            if several:
                reason = f"{reason}; the notebook's other cells were checked"
            parsed.problems.append(ParseProblem(reason, line, column, cell, partial=several))
    return parsed


def python_trees(source: Source) -> tuple[list[tuple[ast.Module, int]], bool]:
    """Python's own syntax trees of a code file, each with the offset of its first line, and
    whether the whole code parsed. A notebook whose cells do not parse together gives one
    tree per cell that parses. Much cheaper than libcst: it tells whether a file parses at
    all and gives the facts every file must give (its imports) without libcst's tree."""
    assert source.code is not None
    tree = python_tree(source.code)
    if tree is not None:
        return [(tree, 0)], True
    if source.cell_map is None:
        return [], False
    trees = [(t, start) for chunk, start, _ in _cell_chunks(source) if (t := python_tree(chunk))]
    return trees, False


def python_tree(code: str) -> ast.Module | None:
    """Python's own tree of `code`, or None when its parser rejects it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings (bad escapes) are not ours to show
            return ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


_ERROR_AT = re.compile(r"error at (\d+):(\d+): ")
_PY2_HINTS = re.compile(
    r"^\s*(print\s+[^\s(=]|exec\s+[\"'\w]|raise\s+\w+\s*,)|except\s+[\w.]+\s*,\s*\w+\s*:|`|<>"
    r"|\b0\d+\b|\bur[\"']"
)


def _cpython_syntax_error(code: str) -> tuple[int, int, str] | None:
    """Where and why CPython's own parser rejects `code`: (line, column, message), or None
    when it does not (libcst and CPython disagree, or CPython fails some other way).
    libcst reports an error at the end of a line at the start of the next one (`def f(:` on
    line 1 comes out as 2:0) and an unclosed bracket at the end of the file; CPython points
    at the token and says what is wrong (`'(' was never closed`), as the user's editor does."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings (bad escapes) are not the error
            compile(code, "<handoff>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:  # IndentationError and TabError too
        if exc.lineno is None:
            return None
        return exc.lineno, max(exc.offset or 1, 1), exc.msg
    except Exception:  # pylint: disable=broad-exception-caught
        return None  # ValueError (null bytes), MemoryError, RecursionError: libcst's word
    return None


def syntax_error(exc: Exception, code: str) -> tuple[str, int, int]:
    """(reason, line, column) for a parser exception, where CPython would put it."""
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
        line, column, detail = _cpython_syntax_error(code) or (line, column, detail)
        lines = code.splitlines()
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = " (this looks like Python 2 code)" if _PY2_HINTS.search(text) else ""
        return f"syntax error at line {line}, column {column}: {detail}{hint}", line, column
    if isinstance(exc, RecursionError):
        return "the code is nested too deeply to parse", 1, 1
    return f"the parser failed: {exc}", 1, 1


# --- YAML: a structure that does not parse, while its lines are still text ---------------

_YAML_SUFFIXES = (".yaml", ".yml")
# Helm charts and Jinja-rendered configs are templates of YAML, not YAML.
_TEMPLATE_MARKERS = ("{{", "{%")


def structure_error(source: Source) -> SourceError | None:
    """Why a YAML file (a config, environment.yml) does not parse, or None. Its lines are
    text all the same, so the text rules still run on it; rules that read its values fall
    back to reading lines."""
    if source.path.suffix.lower() not in _YAML_SUFFIXES:
        return None
    if any(marker in source.text for marker in _TEMPLATE_MARKERS):
        return None
    try:
        # compose, not load: nothing is constructed and unknown tags (`!Ref`) are fine.
        compose_all(source.text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid syntax"
        if exc.problem and exc.context:  # "while parsing a flow sequence", and where it began
            where = f" at line {exc.context_mark.line + 1}" if exc.context_mark else ""
            problem = f"{problem} ({exc.context}{where})"
        return SourceError(f"not valid YAML: {problem}", line, column)
    except (yaml.YAMLError, RecursionError) as exc:
        return SourceError(f"not valid YAML: {exc}")
    return None
