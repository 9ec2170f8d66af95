"""Where Python code gives 40 hex digits a Weights & Biases context that their own line lacks.

A W&B API key is 40 hex digits, like a git commit or a SHA-1, so SEC002 takes one for a key only
in a wandb context. On one line that context is words (`WANDB_KEY = "..."`, `wandb.login(key=
"...")`); in code it is often elsewhere: the dict that holds the key (`wandb_config = {"key":
..., "project": ...}`, `{"wandb": {"api_key": ...}}`, siblings such as `entity`) or a later
`wandb.login(key=key)` / `wandb.login(key=cfg["key"])` of the variable or dict entry.
"""

from __future__ import annotations

import ast
import re

from handoff.sources import Source

_HEX40 = re.compile(r"(?<![0-9A-Za-z])(?:local-)?[0-9a-f]{40}(?![0-9A-Za-z])")
_WANDB = re.compile(r"(?i)wandb|\bW&B\b|weights\s*(?:&|and)\s*biases")
# The entry's own name must speak of a credential: `commit` and `sha1` entries stay digests.
_CREDENTIAL = re.compile(r"(?i)key|token|login|password|secret")
# Keys that make a dict a W&B run or login config even when nothing in it says `wandb`.
_WANDB_SIBLINGS = {"entity"}
_ANY_CONTEXT = re.compile(r"(?i)wandb|\bW&B\b|weights\s*(?:&|and)\s*biases|\bentity\b")
_ENV_KEY = "WANDB_API_KEY"

# The prefix a line gets, so the detector sees a wandb context and a key on it.
WANDB_PREFIX = "wandb key"


def wandb_key_lines(source: Source) -> set[tuple[int | None, int]]:
    """(cell, line) of each 40-hex literal that the code puts in a wandb context."""
    code = source.code
    if not code or not _HEX40.search(code) or not _ANY_CONTEXT.search(code):
        return set()
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError):
        return set()
    finder = _Finder()
    finder.visit(tree)
    return {source.locate(line) for line in finder.lines()}


def _hex_literal(node: ast.AST | None) -> int | None:
    """The line of a string literal that is 40 hex digits (a W&B key's shape)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if _HEX40.fullmatch(node.value.strip()):
            return node.lineno
    return None


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _reference(node: ast.AST) -> tuple[str, str] | None:
    """`name` -> (name, ""); `cfg["key"]` -> (cfg, "key"); anything else None."""
    if isinstance(node, ast.Name):
        return node.id, ""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        index = node.slice
        if isinstance(index, ast.Constant) and isinstance(index.value, str):
            return node.value.id, index.value
    return None


class _Finder(ast.NodeVisitor):
    # pylint: disable=invalid-name  # ast.NodeVisitor dispatches on visit_<NodeClass>
    def __init__(self) -> None:
        self.wandb_names: set[str] = {"wandb"}  # `import wandb as wb`, `from wandb import login`
        self.logged_in: set[tuple[str, str]] = set()  # references given to wandb as its key
        self.assigned: list[tuple[str, str, int]] = []  # (variable, dict key, line of the hex)
        self.found: set[int] = set()

    def lines(self) -> set[int]:
        return self.found | {
            line for name, key, line in self.assigned if (name, key) in self.logged_in
        }

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] == "wandb":
                self.wandb_names.add(alias.asname or "wandb")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if (node.module or "").split(".")[0] == "wandb":
            self.wandb_names.update(alias.asname or alias.name for alias in node.names)

    def _is_wandb(self, func: ast.AST) -> bool:
        name = _dotted(func)
        return bool(name) and (name.split(".")[0] in self.wandb_names or "wandb" in name.lower())

    def visit_Call(self, node: ast.Call) -> None:
        name = _dotted(node.func)
        if name.endswith("login") and self._is_wandb(node.func):
            for keyword in node.keywords:
                if keyword.arg == "key":
                    self._given_as_key(keyword.value)
        elif name.endswith(("environ.setdefault", "putenv")) and len(node.args) == 2:
            first = node.args[0]
            if isinstance(first, ast.Constant) and first.value == _ENV_KEY:
                self._given_as_key(node.args[1])
        self.generic_visit(node)

    def _given_as_key(self, value: ast.AST) -> None:
        line = _hex_literal(value)
        if line is not None:
            self.found.add(line)
        reference = _reference(value)
        if reference is not None:
            self.logged_in.add(reference)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._assigned(target, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._assigned(node.target, node.value)
        self.generic_visit(node)

    def _assigned(self, target: ast.AST, value: ast.AST) -> None:
        if isinstance(target, ast.Subscript) and _dotted(target.value).endswith("environ"):
            index = target.slice
            if isinstance(index, ast.Constant) and index.value == _ENV_KEY:
                self._given_as_key(value)  # os.environ["WANDB_API_KEY"] = key
            return
        name = _dotted(target)
        if not name:
            return
        line = _hex_literal(value)
        if line is not None:
            self.assigned.append((name, "", line))
        elif isinstance(value, ast.Dict):
            self._dict(value, name, [name])

    def visit_Dict(self, node: ast.Dict) -> None:
        # dicts outside an assignment (`OmegaConf.create({...})`): their keys are the context
        self._dict(node, "", [])
        self.generic_visit(node)

    def _dict(self, node: ast.Dict, variable: str, path: list[str]) -> None:
        keys = [k.value if isinstance(k, ast.Constant) else None for k in node.keys]
        in_context = any(_WANDB.search(p) for p in path) or bool(_WANDB_SIBLINGS & set(keys))
        for key, value in zip(keys, node.values):
            if not isinstance(key, str):
                continue
            if isinstance(value, ast.Dict):
                self._dict(value, "", [*path, key])
                continue
            line = _hex_literal(value)
            if line is None:
                continue
            if not _CREDENTIAL.search(key):
                continue
            if in_context or _WANDB.search(key):
                self.found.add(line)
            elif variable:
                self.assigned.append((variable, key, line))
