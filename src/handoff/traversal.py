"""One walk over a libcst tree that calls every check's `visit_<Node>` / `leave_<Node>`.

libcst's own `visit` rebuilds and re-validates every node as it goes (a visitor shares the
transformer's machinery), which is most of the time handoff spends on a file. Checks never
change the tree, so this walk reads each node's dataclass fields instead: same order of
calls for a node and its children (visit, children, leave), no rebuilding, and no Python
recursion, so deeply nested code cannot overflow the stack.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Iterable, Iterator

import libcst as cst

Method = Callable[[cst.CSTNode], object]
_FIELDS: dict[type, tuple[str, ...]] = {}


def child_nodes(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """A node's children, read from its fields: what libcst's `node.children` gives, without
    rebuilding the node (that property runs a visit per call). The order is the fields'
    order, not always libcst's visiting order: use it where the order does not matter."""
    names = _FIELDS.get(type(node))
    if names is None:
        names = _FIELDS[type(node)] = tuple(f.name for f in dataclasses.fields(node))
    for name in names:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from (item for item in value if isinstance(item, cst.CSTNode))


def _method_table(visitors: Iterable[cst.BatchableCSTVisitor]) -> dict[str, list[Method]]:
    table: dict[str, list[Method]] = {}
    for visitor in visitors:
        for name, method in visitor.get_visitors().items():
            table.setdefault(name, []).append(method)
    return table


_LEAVE = object()  # marks, on the stack, the moment to leave the node below it


def walk(module: cst.CSTNode, visitors: Iterable[cst.BatchableCSTVisitor]) -> None:
    """Call the visitors' methods over `module`, in the order libcst's batched visit does
    for visit/leave pairs."""
    table = _method_table(visitors)
    stack: list[object] = [module]
    while stack:
        item = stack.pop()
        if item is _LEAVE:
            node = stack.pop()
            for method in table.get(f"leave_{type(node).__name__}", ()):
                method(node)
            continue
        node = item  # type: ignore[assignment]
        for method in table.get(f"visit_{type(node).__name__}", ()):
            method(node)
        stack.append(node)
        stack.append(_LEAVE)
        stack.extend(reversed(list(child_nodes(node))))  # type: ignore[arg-type]
