"""Where a module's import statements start, without libcst's position pass.

Facts about imports (REQ003's, SEP's) are recorded for nearly every file, so asking libcst
for their positions would make every file pay its position pass (a full code generation of
the module, a third of a run on a Python-only corpus). Python's own parser gives the same
line and column for each import statement at a fraction of the cost. Both parsers list a
module's imports in the order they are written; when they do not list the same number, or
Python's parser rejects the code, the caller falls back to libcst's positions.
"""

from __future__ import annotations

import ast
import re

import libcst as cst

from handoff.parsing import python_tree

# The fields through which statements nest: an import is always a statement inside them.
BLOCK_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")
_IMPORTS = (cst.Import, cst.ImportFrom)
_NEWLINE = re.compile(r"\r\n|\r|\n")


def import_nodes(module: cst.Module) -> list[cst.CSTNode]:
    """Every `import` and `from ... import` statement of `module`, in the order written;
    only statement blocks are descended, never expressions."""
    found: list[cst.CSTNode] = []
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, _IMPORTS):
            found.append(node)
            continue
        children: list[cst.CSTNode] = []
        for name in BLOCK_FIELDS:
            value = getattr(node, name, None)
            if isinstance(value, cst.CSTNode):
                children.append(value)
            elif isinstance(value, (list, tuple)):
                children.extend(v for v in value if isinstance(v, cst.CSTNode))
        stack.extend(reversed(children))
    return found


def import_starts(
    module: cst.Module, code: str, tree: ast.Module | None = None
) -> dict[int, tuple[int, int]] | None:
    """id(import node) -> (line, column), 1-based line and 0-based column in characters as
    libcst's `PositionProvider` gives them; None when Python's parser disagrees. `tree`:
    Python's tree of `code` when the caller has it already."""
    tree = tree or python_tree(code)
    if tree is None:
        return None
    starts = sorted(_ast_import_starts(tree))
    nodes = import_nodes(module)
    if len(starts) != len(nodes):
        return None
    lines: list[str] | None = None
    positions: dict[int, tuple[int, int]] = {}
    for node, (line, offset) in zip(nodes, starts):
        if offset:
            lines = lines if lines is not None else code_lines(code)
            offset = character_column(lines, line, offset)
        positions[id(node)] = (line, offset)
    return positions


def code_lines(code: str) -> list[str]:
    """The lines of `code` as Python's parser numbers them (not `str.splitlines`, which also
    breaks at form feeds and other separators Python keeps inside a line)."""
    return _NEWLINE.split(code)


def character_column(lines: list[str], line: int, byte_offset: int) -> int:
    """ast counts a column in UTF-8 bytes; libcst (and an editor) in characters."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if text.isascii():
        return byte_offset
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))


def _ast_import_starts(tree: ast.Module) -> list[tuple[int, int]]:
    """(line, byte column) of every import statement, through statement blocks only."""
    found: list[tuple[int, int]] = []
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append((node.lineno, node.col_offset))
            continue
        for name in BLOCK_FIELDS:
            value = getattr(node, name, None)
            if isinstance(value, list):
                pending.extend(value)
    return found
