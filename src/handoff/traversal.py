"""One walk over a libcst tree that calls every check's `visit_<Node>` / `leave_<Node>`.

libcst's own `visit` rebuilds and re-validates every node as it goes (a visitor shares the
transformer's machinery), which is most of the time handoff spends on a file. Checks never
change the tree, so this walk reads each node's dataclass fields instead: same order of
calls for a node and its children (visit, children, leave), no rebuilding, and no Python
recursion, so deeply nested code cannot overflow the stack.

The visitors subscribe by the methods they define: a node type no visitor has a method for
is not dispatched, and a field is not descended when, by libcst's own type annotations, no
node it can hold (at any depth) is a subscribed type. Whitespace, commas and brackets, two
thirds of a tree's nodes, are then never touched, nor a string-free expression when only
strings are subscribed.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from typing import Callable, Iterable

import libcst as cst

Method = Callable[[cst.CSTNode], object]
Route = tuple[str, ...]  # the fields of a node type worth descending


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """A node's children, read from its fields: what libcst's `node.children` gives, without
    rebuilding the node (that property runs a visit per call). The order is the fields'
    order, not always libcst's visiting order: use it where the order does not matter."""
    return _children(node, _NODE_FIELDS[type(node)], _IS_NODE)


def semantic_children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """`child_nodes` without the pieces of syntax (whitespace, comments, operators, commas,
    brackets), for a search through an expression for names, calls or strings."""
    return _children(node, _SEMANTIC_FIELDS[type(node)], _IS_SEMANTIC)


def _children(node: cst.CSTNode, fields: tuple[str, ...], keep: dict) -> list[cst.CSTNode]:
    found = []
    for name in fields:
        value = getattr(node, name)
        if type(value) in (list, tuple):
            found.extend(item for item in value if keep[type(item)])
        elif keep[type(value)]:
            found.append(value)
    return found


class _ByType(dict):
    """type -> a property of it, computed on first sight."""

    def __init__(self, compute: Callable[[type], object]):
        super().__init__()
        self.compute = compute

    def __missing__(self, cls: type):
        value = self[cls] = self.compute(cls)
        return value


# --- what can hold what, from libcst's annotations --------------------------------------


def _subclasses(cls: type) -> frozenset[type]:
    found = {cls}
    pending = [cls]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                pending.append(sub)
    return frozenset(found)


def _node_classes(annotation: object) -> frozenset[type] | None:
    """Every node class a field annotated so may hold; None when the annotation says
    nothing we can read (then the field is always descended)."""
    origin = typing.get_origin(annotation)
    if origin is None:
        if annotation in (None, type(None)):
            return frozenset()
        if isinstance(annotation, type):
            return _subclasses(annotation) if issubclass(annotation, cst.CSTNode) else frozenset()
        return None
    if origin is typing.Literal:
        return frozenset()
    found: set[type] = set()
    for argument in typing.get_args(annotation):
        if argument is Ellipsis:
            continue
        classes = _node_classes(argument)
        if classes is None:
            return None
        found |= classes
    return frozenset(found)


@functools.lru_cache(maxsize=None)
def _field_classes(cls: type) -> tuple[tuple[str, frozenset[type] | None], ...]:
    """(field, node classes it may hold) for each dataclass field of a node class."""
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # pylint: disable=broad-exception-caught  # unreadable: descend all
        hints = {}
    return tuple(
        (f.name, _node_classes(hints[f.name]) if f.name in hints else None)
        for f in dataclasses.fields(cls)
    )


@functools.lru_cache(maxsize=64)
def _needed(subscribed: frozenset[str]) -> frozenset[type]:
    """The node classes a walk for `subscribed` type names must reach: the subscribed ones
    and every class with a field that may hold a needed one."""
    universe = [c for c in _subclasses(cst.CSTNode) if dataclasses.is_dataclass(c)]
    needed = {c for c in universe if c.__name__ in subscribed}
    changed = True
    while changed:
        changed = False
        for cls in universe:
            if cls in needed:
                continue
            holds = (classes for _, classes in _field_classes(cls))
            if any(classes is None or classes & needed for classes in holds):
                needed.add(cls)
                changed = True
    return frozenset(needed)


class _Routes(dict):
    """Node type -> the fields to descend, computed on first sight of a type."""

    def __init__(self, subscribed: frozenset[str]):
        super().__init__()
        self.needed = _needed(subscribed)

    def __missing__(self, cls: type) -> Route:
        route = tuple(
            name
            for name, classes in _field_classes(cls)
            if classes is None or classes & self.needed
        )
        self[cls] = route
        return route


@functools.lru_cache(maxsize=64)
def _routes(subscribed: frozenset[str]) -> _Routes:
    return _Routes(subscribed)


_SYNTAX_MODULES = ("libcst._nodes.whitespace", "libcst._nodes.op")
_BRACKETS = (
    cst.LeftParen,
    cst.RightParen,
    cst.LeftSquareBracket,
    cst.RightSquareBracket,
    cst.LeftCurlyBrace,
    cst.RightCurlyBrace,
)


def _is_syntax(cls: type) -> bool:
    return cls.__module__ in _SYNTAX_MODULES or cls in _BRACKETS


_IS_NODE = _ByType(lambda cls: issubclass(cls, cst.CSTNode))
_IS_SEMANTIC = _ByType(lambda cls: issubclass(cls, cst.CSTNode) and not _is_syntax(cls))
_NODE_FIELDS = _ByType(
    lambda cls: tuple(name for name, classes in _field_classes(cls) if classes != frozenset())
)
_SEMANTIC_FIELDS = _ByType(
    lambda cls: tuple(
        name
        for name, classes in _field_classes(cls)
        if classes is None or any(not _is_syntax(c) for c in classes)
    )
)


# --- the walk ----------------------------------------------------------------------------


def _method_table(visitors: Iterable[cst.BatchableCSTVisitor]) -> dict[str, list[Method]]:
    table: dict[str, list[Method]] = {}
    for visitor in visitors:
        for name, method in visitor.get_visitors().items():
            table.setdefault(name, []).append(method)
    return table


def _subscribed(table: dict[str, list[Method]]) -> frozenset[str]:
    """Node type names the visitors have a `visit_`/`leave_` method for."""
    return frozenset(
        name.split("_", 1)[1] for name in table if name.startswith(("visit_", "leave_"))
    )


class _Dispatch(dict):
    """Node type -> (its visit methods, its leave methods), looked up by name once."""

    def __init__(self, table: dict[str, list[Method]]):
        super().__init__()
        self.table = table

    def __missing__(self, cls: type) -> tuple[list[Method], list[Method]]:
        name = cls.__name__
        found = (self.table.get(f"visit_{name}", []), self.table.get(f"leave_{name}", []))
        self[cls] = found
        return found


def walk(module: cst.CSTNode, visitors: Iterable[cst.BatchableCSTVisitor]) -> None:
    """Call the visitors' methods over `module`, in the order libcst's batched visit does
    for visit/leave pairs."""
    table = _method_table(visitors)
    routes = _routes(_subscribed(table))
    dispatch = _Dispatch(table)
    needed = routes.needed
    stack: list[object] = [module]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if isinstance(node, tuple):  # (node, its leave methods): its children are done
            for method in node[1]:
                method(node[0])
            continue
        kind = type(node)
        visits, leaves = dispatch[kind]
        for method in visits:
            method(node)  # type: ignore[arg-type]
        if leaves:
            push((node, leaves))
        children: list[object] = []
        for name in routes[kind]:
            value = getattr(node, name)
            if type(value) in (list, tuple):
                children.extend(value)
            else:
                children.append(value)
        # Not a node (None, a sentinel, text), or a node that cannot lead to a subscriber.
        push_all = [child for child in children if type(child) in needed]
        push_all.reverse()
        stack.extend(push_all)
