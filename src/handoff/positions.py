"""Where libcst nodes are, computed only for the top-level statements that hold a node asked
about.

libcst's `PositionProvider` regenerates the code of the whole module to count lines and
columns: on a file with one finding it cost more than parsing and walking the file together.
A top-level statement's text does not depend on what surrounds it, so its nodes' positions
are those of the statement generated alone, shifted by the line it starts on, which Python's
own tree of the same code gives (`ast` statements carry their line). A node outside every
top-level statement (the module, a comment in its header), or a module whose statements do
not line up with Python's tree, falls back to the whole module's positions.
"""

from __future__ import annotations

import ast
from typing import Iterator, Mapping

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

from handoff.traversal import child_nodes

# Statements positioned one by one at most: with findings in more, one pass over the whole
# module costs little more, and bounds the cost of a file with a finding on every line.
_FEW = 16


def module_positions(module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
    """Every node's position, from one codegen of the whole module."""
    return MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)


def _statement_lines(module: cst.Module, tree: ast.Module) -> list[int] | None:
    """The line each top-level statement of `module` starts on (its first keyword or small
    statement, where libcst's positions put it too), read from Python's tree; None when the
    two trees do not line up."""
    lines: list[int] = []
    index = 0
    for statement in module.body:
        if index >= len(tree.body):
            return None
        lines.append(tree.body[index].lineno)
        index += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
    return lines if index == len(tree.body) else None


class StatementPositions(Mapping[cst.CSTNode, CodeRange]):
    """Positions of the nodes of a module parsed from a whole file, statement by statement
    (see the module docstring). The module must be kept alive while this is in use: nodes
    are recognised by identity."""

    def __init__(self, module: cst.Module, tree: ast.Module | None):
        self.module = module
        self.lines = _statement_lines(module, tree) if tree is not None else None
        self.owner: dict[int, int] = {}  # node id -> its statement, for the statements read
        self.read = 0  # statements whose nodes are in `owner`, in order
        self.shifted: dict[int, tuple[Mapping[cst.CSTNode, CodeRange], int]] = {}
        self.whole: Mapping[cst.CSTNode, CodeRange] | None = None

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        index = None if self.whole is not None else self._statement_of(node)
        if index is None:
            return self._whole()[node]
        positions, shift = self._statement(index)
        where = positions[node]
        return CodeRange(
            CodePosition(where.start.line + shift, where.start.column),
            CodePosition(where.end.line + shift, where.end.column),
        )

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def _whole(self) -> Mapping[cst.CSTNode, CodeRange]:
        if self.whole is None:
            self.whole = module_positions(self.module)
            self.owner.clear()
            self.shifted.clear()
        return self.whole

    def _statement_of(self, node: cst.CSTNode) -> int | None:
        if self.lines is None:
            return None
        wanted = id(node)
        while wanted not in self.owner and self.read < len(self.module.body):
            for member in _subtree_ids(self.module.body[self.read]):
                self.owner[member] = self.read
            self.read += 1
        return self.owner.get(wanted)

    def _statement(self, index: int) -> tuple[Mapping[cst.CSTNode, CodeRange], int]:
        if index not in self.shifted:
            if len(self.shifted) >= _FEW:
                # Findings all over the file: one pass over the whole module is cheaper.
                whole = self._whole()
                return whole, 0
            statement = self.module.body[index]
            # Alone in a module with the same indent and newline defaults, the statement
            # generates the same text.
            alone = self.module.with_changes(body=[statement], header=[], footer=[])
            positions = module_positions(alone)
            line = (self.lines or [])[index]
            self.shifted[index] = (positions, line - positions[statement].start.line)
        return self.shifted[index]


def _subtree_ids(node: cst.CSTNode) -> set[int]:
    found: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        found.add(id(current))
        stack.extend(child_nodes(current))
    return found
