"""What Python's own syntax tree says about a file's code, for the checks' gates: the names it
uses, the functions it calls and the strings it holds. One walk of `ast`'s tree, about a
tenth of libcst's parse: a check whose gate finds nothing here does not run on the file, and a
file no check wants is never parsed by libcst.

Comments are not code, so the words of a comment open no gate here (the text gates, tested on
the raw text first, still see them)."""

from __future__ import annotations

import ast
import bisect
import functools
import re
from dataclasses import dataclass
from typing import Iterable, Iterator


@dataclass(frozen=True)
class CodeFacts:
    """The names, calls and strings of one module's code."""

    # Identifiers (names, attributes, keywords, parameters, definitions), dotted names as
    # written (`torch.cuda.is_available`), and imported modules and names with their aliases.
    names: frozenset[str]
    # The last name of every function called (`x.to(...)` -> `to`), and the last name of
    # everything imported: under an alias (`from pickle import load as read`) it is called
    # by a name no table knows.
    calls: frozenset[str]
    # Every string constant, docstrings too; an f-string both as its text parts and as a
    # whole with its placeholders as written (f"/scratch/{user}/x" -> "/scratch/{user}/x").
    strings: tuple[str, ...]
    # Dotted names of decorators (`app.route`, `app.get`), called or not.
    decorators: frozenset[str]
    # Names given a value that may be or hold a literal (a string, an f-string, a list or
    # tuple, `env or "fallback"`, a call such as `SecretStr("...")`): assignment targets
    # (`x`, `self.x` -> `x`, `cfg["x"]` -> `x`), keywords, parameters with defaults, string
    # dict keys, a call's string argument given with another (`getenv("X", "...")`,
    # `add_argument("--x", default="...")`), and a function given one (`set_key("...")`).
    given_literals: frozenset[str] = frozenset()
    # Names given a small whole number, directly or in a list or either arm of an `if`
    # expression (`gpu_id = 0`, `device_ids=[0, 1]`, `device=0 if cuda else -1`): the same
    # places as `given_literals`.
    given_numbers: frozenset[str] = frozenset()
    # Functions defined outside a class body (a method is no module-level entry point).
    functions: frozenset[str] = frozenset()
    # Names (last parts) and strings in the tests of `if` statements (`if args.mode == "x"`).
    tested: frozenset[str] = frozenset()

    @functools.cached_property
    def items(self) -> tuple[str, ...]:
        return (*sorted(self.names), *self.strings)

    @functools.cached_property
    def text(self) -> str:
        """Names and strings, one per line: what a gate's words and pattern are tested on."""
        return "\n".join(self.items)

    @functools.cached_property
    def _starts(self) -> list[int]:
        starts, offset = [], 0
        for item in self.items:
            starts.append(offset)
            offset += len(item) + 1
        return starts

    def items_matching(self, pattern: re.Pattern[str]) -> Iterator[str]:
        """Each name or string in which `pattern` matches, once: one regex scan of `text`
        instead of a search per item."""
        position = 0
        while (match := pattern.search(self.text, position)) is not None:
            index = bisect.bisect_right(self._starts, match.start()) - 1
            yield self.items[index]
            if index + 1 >= len(self.items):
                return
            position = self._starts[index + 1]

    @functools.cached_property
    def lowered(self) -> str:
        return self.text.lower()

    def may_call(self, qualified: Iterable[str]) -> bool:
        """Whether the code may call any of these functions (`torch.load`): its last name is
        called or imported (under an alias it is called by another name), and its top-level
        module is named in the code."""
        return any(
            name.rpartition(".")[2] in self.calls and name.partition(".")[0] in self.names
            for name in qualified
        )

    @classmethod
    def of(cls, tree: ast.AST) -> CodeFacts:
        collector = _Collector()
        for node in _walk(tree):
            collector.add(node)
        return cls(
            frozenset(collector.names),
            frozenset(collector.calls),
            tuple(collector.strings),
            frozenset(collector.decorators),
            frozenset(collector.given_literals),
            frozenset(collector.given_numbers),
            frozenset(collector.functions),
            frozenset(collector.tested),
        )


def _walk(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of `tree`, in no particular order: `ast.walk` without its generator per
    node (`iter_child_nodes`), which costs more than the collecting."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append(value)


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` as written, or None for anything but a chain of names."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


class _Collector:  # pylint: disable=too-few-public-methods
    """Sorts each node of the walk into the facts, by its type (a dict of handlers: the walk
    meets millions of nodes, and most need nothing)."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.calls: set[str] = set()
        self.strings: list[str] = []
        self.decorators: set[str] = set()
        self.given_literals: set[str] = set()
        self.given_numbers: set[str] = set()
        self.functions: set[str] = set()
        self.tested: set[str] = set()
        self._methods: set[int] = set()  # ids of the functions directly in a class body
        self._handlers = {
            ast.Name: self._name,
            ast.Attribute: self._attribute,
            ast.Constant: self._constant,
            ast.JoinedStr: self._formatted,
            ast.Call: self._call,
            ast.keyword: self._keyword,
            ast.arg: self._arg,
            ast.FunctionDef: self._definition,
            ast.AsyncFunctionDef: self._definition,
            ast.ClassDef: self._definition,
            ast.alias: self._alias,
            ast.ImportFrom: self._import_from,
            ast.Global: self._declared,
            ast.Assign: self._assign,
            ast.AnnAssign: self._assign,
            ast.arguments: self._defaults,
            ast.Dict: self._dict,
            ast.If: self._if,
            ast.Nonlocal: self._declared,
        }

    def add(self, node: ast.AST) -> None:
        handler = self._handlers.get(type(node))
        if handler is not None:
            handler(node)

    def _name(self, node: ast.Name) -> None:
        self.names.add(node.id)

    def _attribute(self, node: ast.Attribute) -> None:
        self.names.add(node.attr)
        chain = dotted(node)  # `a.b.c`; its inner `a.b` is met as a node of its own
        if chain is not None:
            self.names.add(chain)

    def _constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, str):
            self.strings.append(value)
        elif isinstance(value, bytes):
            self.strings.append(value.decode("latin-1"))

    def _formatted(self, node: ast.JoinedStr) -> None:
        parts = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
            else:
                parts.append(ast.unparse(part))  # the placeholder: `{user}`, `{x!r:>8}`
        self.strings.append("".join(parts))

    def _call(self, node: ast.Call) -> None:
        func = node.func
        name = None
        if isinstance(func, ast.Attribute):
            name = func.attr
        elif isinstance(func, ast.Name):
            name = func.id
        if name is not None:
            self.calls.add(name)
        literals = [arg for arg in node.args if _may_hold_literal(arg)]
        if name is not None and literals:
            self.given_literals.add(name)
        if len(literals) > 1 or (literals and any(k.arg == "default" for k in node.keywords)):
            self.given_literals.update(v for arg in literals if (v := _string(arg)) is not None)

    def _keyword(self, node: ast.keyword) -> None:
        if node.arg is not None:
            self.names.add(node.arg)
            self._given(node.arg, node.value)

    def _given(self, name: str, value: ast.AST) -> None:
        if _may_hold_literal(value):
            self.given_literals.add(name)
        if _may_hold_number(value):
            self.given_numbers.add(name)

    def _assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        if node.value is None:
            return
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            for name in _target_names(target):
                self._given(name, node.value)

    def _defaults(self, node: ast.arguments) -> None:
        positional = [*node.posonlyargs, *node.args]
        given = zip(positional[len(positional) - len(node.defaults) :], node.defaults)
        for arg, default in [*given, *zip(node.kwonlyargs, node.kw_defaults)]:
            if default is not None:
                self._given(arg.arg, default)

    def _if(self, node: ast.If) -> None:
        for part in _walk(node.test):
            if isinstance(part, ast.Name):
                self.tested.add(part.id)
            elif isinstance(part, ast.Attribute):
                self.tested.add(part.attr)
            elif (value := _string(part)) is not None:
                self.tested.add(value)

    def _dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values):
            name = _string(key) if key is not None else None
            if name is not None:
                self._given(name, value)

    def _arg(self, node: ast.arg) -> None:
        self.names.add(node.arg)

    def _definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.names.add(node.name)
        if isinstance(node, ast.ClassDef):  # met before its body: the walk is top-down
            self._methods.update(id(item) for item in node.body)
        elif id(node) not in self._methods:
            self.functions.add(node.name)
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = dotted(target)
            if name is not None:
                self.decorators.add(name)

    def _alias(self, node: ast.alias) -> None:
        self.names.add(node.name)
        self.names.update(node.name.split("."))
        self.calls.add(node.name.rpartition(".")[2])
        if node.asname:
            self.names.add(node.asname)

    def _import_from(self, node: ast.ImportFrom) -> None:
        if node.module:
            self.names.add(node.module)
            self.names.update(node.module.split("."))
            for alias in node.names:  # `from torch import load` names `torch.load`
                self.names.add(f"{node.module}.{alias.name}")

    def _declared(self, node: ast.Global | ast.Nonlocal) -> None:
        self.names.update(node.names)


def _may_hold_literal(node: ast.AST) -> bool:
    """A string, an f-string, or a value a literal is read from: `env or "fallback"`, a
    list or tuple with one, a one-argument wrapper (`SecretStr("...")`)."""
    if _string(node) is not None or isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BoolOp):
        return _may_hold_literal(node.values[-1])
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return any(_may_hold_literal(element) for element in node.elts)
    if isinstance(node, ast.Call):
        return len(node.args) == 1 and not node.keywords and _may_hold_literal(node.args[0])
    return False


def _may_hold_number(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return _may_hold_number(node.operand)
    if isinstance(node, ast.IfExp):
        return _may_hold_number(node.body) or _may_hold_number(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return any(_may_hold_number(element) for element in node.elts)
    return False


def _string(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        value = node.value
        return value if isinstance(value, str) else value.decode("latin-1")
    return None


def _target_names(node: ast.AST) -> Iterator[str]:
    """Names a value is stored under: `x`, `self.x` -> `x`, `cfg["x"]` -> `x`, tuples."""
    if isinstance(node, ast.Name):
        yield node.id
    elif isinstance(node, ast.Attribute):
        yield node.attr
    elif isinstance(node, ast.Subscript):
        key = _string(node.slice)
        if key is not None:
            yield key
    elif isinstance(node, (ast.Tuple, ast.List)):
        for element in node.elts:
            yield from _target_names(element)
