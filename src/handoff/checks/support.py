"""Matching shared by every rule family: qualified names, literal values, identifier words,
shell command lines, regex-looking text, and the once-per-line collection of findings.

Qualified names come from a light import map rather than libcst's scope analysis: the map
rides the same traversal as the checks and costs nothing on files that import nothing,
while scope analysis would cost every file a second full pass.
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from typing import Iterator

import libcst as cst

from handoff.checks.base import BatchedVisitor, FileContext, NodeCheck
from handoff.findings import Severity

# A module to render single nodes as code (`EMPTY_MODULE.code_for_node(node)`).
EMPTY_MODULE = cst.Module(body=[])


class ImportMap(BatchedVisitor):
    """Local name -> qualified name, from the file's imports (`import torch as T` -> T: torch).

    It runs first in the batched traversal, so a check sees every import above the node it
    is visiting, which is where Python code puts them.
    """

    def __init__(self) -> None:
        super().__init__()
        self.aliases: dict[str, str] = {}

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted_name(alias.name)
            if full is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.aliases[alias.asname.name.value] = full
            else:
                head = full.split(".", maxsplit=1)[0]
                self.aliases[head] = head

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = dotted_name(node.module)
        if module is None:
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            if name is None:
                continue
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.aliases[local] = f"{module}.{name}"

    def qualify(self, node: cst.BaseExpression) -> str | None:
        """`T.cuda.set_device` -> `torch.cuda.set_device`; names not imported stay as written."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        base = self.aliases.get(head, head)
        return f"{base}.{rest}" if rest else base

    def imports_module(self, module: str) -> bool:
        return any(q == module or q.startswith(module + ".") for q in self.aliases.values())


def dotted_name(node: cst.CSTNode) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None (calls, subscripts, ...)."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def call_name(call: cst.Call, imports: ImportMap | None) -> str | None:
    if imports is None:
        return dotted_name(call.func)
    return imports.qualify(call.func)


def method_name(call: cst.Call) -> str | None:
    """`x.cuda(0)` -> `cuda`: the attribute called, whatever the receiver is."""
    if isinstance(call.func, cst.Attribute):
        return call.func.attr.value
    return None


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def argument(call: cst.Call, index: int, name: str | None = None) -> cst.Arg | None:
    """The argument at `index` positionally, or given by keyword `name`."""
    if name is not None:
        found = keyword(call, name)
        if found is not None:
            return found
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[index] if index < len(positional) else None


def string_value(node: cst.CSTNode) -> str | None:
    """The text of a string literal: plain, implicitly concatenated, or an f-string with no
    placeholders. Bytes and anything computed give None."""
    if isinstance(node, cst.SimpleString):
        if "b" in node.prefix.lower():
            return None
        return _literal_text(node.value)
    if isinstance(node, cst.ConcatenatedString):
        left, right = string_value(node.left), string_value(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, cst.FormattedString):
        if all(isinstance(p, cst.FormattedStringText) for p in node.parts):
            return "".join(p.value for p in node.parts)  # type: ignore[union-attr]
    return None


@functools.lru_cache(maxsize=4096)
def _literal_text(literal: str) -> str | None:
    """A string literal's value, once per literal: several rules ask about the same string,
    and a file repeats its literals (keys, names)."""
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else None


def literal_prefix(node: cst.CSTNode) -> str | None:
    """The literal text a string starts with, even when placeholders follow:
    `f"/home/ana/{run}"` -> `/home/ana/`."""
    full = string_value(node)
    if full is not None:
        return full
    if isinstance(node, cst.FormattedString):
        prefix = []
        for part in node.parts:
            if not isinstance(part, cst.FormattedStringText):
                break
            prefix.append(part.value)
        return "".join(prefix)
    if isinstance(node, cst.ConcatenatedString):
        return literal_prefix(node.left)
    return None


def int_value(node: cst.CSTNode) -> int | None:
    if isinstance(node, cst.Integer):
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            return None
    return None


def is_string(node: cst.CSTNode) -> bool:
    return isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString))


def target_names(node: cst.CSTNode) -> Iterator[str]:
    """Names a value is stored under: `x`, `self.x` -> `x`, `cfg["x"]` -> `x`, tuples."""
    if isinstance(node, cst.Name):
        yield node.value
    elif isinstance(node, cst.Attribute):
        yield node.attr.value
    elif isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index):
            key = string_value(index.value)
            if key is not None:
                yield key
    elif isinstance(node, (cst.Tuple, cst.List)):
        for element in node.elements:
            yield from target_names(element.value)


_WORD_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def identifier_words(name: str) -> list[str]:
    """`maxNewTokens` / `MAX_NEW_TOKENS` / `max-new-tokens` -> ["max", "new", "tokens"]."""
    return [w.lower() for w in _WORD_RE.findall(name)]


def code_of(node: cst.CSTNode) -> str:
    return EMPTY_MODULE.code_for_node(node)


# --- regular expressions written as strings -----------------------------------------------

# Regex syntax: lookarounds and groups, negated and ranged classes, escapes, quantifiers,
# alternation and an end anchor. Such a string is a pattern, not a path or a password.
REGEX_LIKE = re.compile(
    r"\(\?|\[\^|\\[wdsbWDSB.]|\.[*+?]|\)[*+?]|\{\d+,\d*\}|\$$|\|"
    r"|\[[^\]\s]*[A-Za-z0-9]-[A-Za-z0-9][^\]\s]*\][*+?{]?"  # a character range: `[a-z0-9_]+`
)


def looks_like_regex(text: str) -> bool:
    return REGEX_LIKE.search(text) is not None


# --- shell command lines in code ------------------------------------------------------------

# Calls that run a shell command line: `os.system("CUDA_VISIBLE_DEVICES=0 python eval.py")`.
SHELL_CALLS = frozenset(
    {"os.system", "os.popen", "subprocess.run", "subprocess.call", "subprocess.check_call"}
    | {"subprocess.check_output", "subprocess.Popen", "subprocess.getoutput"}
    | {"subprocess.getstatusoutput"}
)


def command_texts(node: cst.BaseExpression) -> Iterator[str]:
    """The text of a command given as a string or a list of strings, with `{}` where an
    f-string computes a part."""
    if isinstance(node, (cst.List, cst.Tuple)):
        for element in node.elements:
            if isinstance(element, cst.Element):
                yield from command_texts(element.value)
        return
    text = _template(node)
    if text is not None:
        yield text


def _template(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.FormattedString):
        return "".join(
            part.value if isinstance(part, cst.FormattedStringText) else "{}" for part in node.parts
        )
    if isinstance(node, cst.ConcatenatedString):
        left, right = _template(node.left), _template(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        # "CUDA_VISIBLE_DEVICES=1 " + cmd: the literal parts as written, `{}` for the rest
        left, right = _template(node.left), _template(node.right)
        if left is None and right is None:
            return None
        return (left if left is not None else "{}") + (right if right is not None else "{}")
    return string_value(node)


# --- one finding per line, decided at the end of the file ------------------------------------


@dataclass(frozen=True)
class Pending:
    """A finding waiting for the end of the file, when module-wide evidence is known."""

    node: cst.CSTNode
    message: str
    severity: Severity | None = None  # lower than the rule's, for a milder variant


class OncePerLineCheck(NodeCheck):  # pylint: disable=too-many-ancestors  # libcst bases
    """Collects findings and reports them at the end of the file; the engine keeps one per
    source line (`one_per_line`): `x, y = x.cuda(), y.cuda()` is one problem to fix, not two.
    """

    one_per_line = True

    def __init__(self, context: FileContext):
        super().__init__(context)
        self._pending: list[Pending] = []
        self._seen: set[int] = set()

    def pending(
        self, node: cst.CSTNode, message: str, severity: Severity | None = None
    ) -> Pending | None:
        """A finding at `node`, or None when the node was already reported by another path."""
        if id(node) in self._seen:
            return None
        self._seen.add(id(node))
        return Pending(node, message, severity)

    def found(self, node: cst.CSTNode, message: str, severity: Severity | None = None) -> None:
        item = self.pending(node, message, severity)
        if item is not None:
            self._pending.append(item)

    def emit(self, items: list[Pending]) -> None:
        self._pending.extend(items)

    def mark_seen(self, node: cst.CSTNode) -> None:
        """`node` is part of a finding already made: no other path reports it again."""
        self._seen.add(id(node))

    def finish(self) -> None:
        """Hook for decisions that need the whole file, run before findings are reported."""

    def leave_Module(self, original_node: cst.Module) -> None:
        self.finish()
        for item in self._pending:
            self.report(item.node, item.message, severity=item.severity)
