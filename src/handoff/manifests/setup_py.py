"""`setup.py`: the literal `install_requires`, `extras_require`, `setup_requires` and
`python_requires` of a `setup(...)` call, read with libcst, never run.

Only literals count: a list or tuple of strings, a dict of such lists, or a module-level
`NAME = [...]` assigned once and passed by name. Anything computed (a call, a comprehension,
`+`, `**kwargs`) is a "could not be analysed" problem at its line, never a guess. When the
computation reads a requirements file (`open("requirements.txt")`), that file is recorded as
an include read at build time, so rules can rely on it instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from handoff.manifests.pep508 import RequirementError, Where, from_pep508
from handoff.manifests.reading import read_text, relative_path
from handoff.manifests.types import Include, Manifest, Problem, PythonRequires, Requirement, Section

_LIST_ARGS: dict[str, Section] = {"install_requires": "main", "setup_requires": "build"}
_REQUIREMENTS_FILE = re.compile(r"(requirement|constraint)s?[^/\\]*\.(txt|in)$|\.txt$", re.I)


class _Reader:
    def __init__(
        self, module: cst.Module, wrapper: MetadataWrapper, relpath: str, path: Path, root: Path
    ):
        self.positions = wrapper.resolve(PositionProvider)
        self.relpath, self.path, self.root = relpath, path, root
        self.requirements: list[Requirement] = []
        self.problems: list[Problem] = []
        self.includes: list[Include] = []
        self.python: PythonRequires | None = None
        self.project_name: str | None = None
        self.names: dict[str, cst.BaseExpression | None] = {}
        self.functions: dict[str, cst.FunctionDef] = {}
        for statement in module.body:
            if isinstance(statement, cst.FunctionDef):
                self.functions[statement.name.value] = statement
        for node in _walk(module):
            # A name bound more than once (or augmented) is not a literal we can trust.
            if isinstance(node, cst.Assign) and len(node.targets) == 1:
                target = node.targets[0].target
                if isinstance(target, cst.Name):
                    known = target.value in self.names
                    self.names[target.value] = None if known else node.value
            elif isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name):
                self.names[node.target.value] = None

    def line(self, node: cst.CSTNode) -> tuple[int, int]:
        start = self.positions[node].start
        return start.line, start.column + 1

    def resolve(self, value: cst.BaseExpression) -> cst.BaseExpression | None:
        if isinstance(value, cst.Name) and value.value in self.names:
            return self.names[value.value]
        return value

    def dynamic(self, what: str, node: cst.BaseExpression) -> None:
        line, column = self.line(node)
        kind = type(node).__name__.lower()
        self.problems.append(
            Problem(
                self.relpath,
                line,
                f"{what} is computed ({kind}); could not be analysed without running setup.py",
                "dynamic",
                column,
            )
        )
        self._file_reads(node)

    def _file_reads(self, node: cst.CSTNode) -> None:
        """Requirements files named inside a computed value, or inside a module function it
        calls: setup.py reads them at build time."""
        nodes = [node]
        for child in _walk(node):
            if isinstance(child, cst.Call) and isinstance(child.func, cst.Name):
                if child.func.value in self.functions:
                    nodes.append(self.functions[child.func.value])
        for scope in nodes:
            for child in _walk(scope):
                if isinstance(child, cst.SimpleString):
                    value = child.evaluated_value
                    if isinstance(value, str) and _REQUIREMENTS_FILE.search(value):
                        included = self.path.parent / value
                        resolved = (
                            relative_path(included, self.root) if included.is_file() else None
                        )
                        line, _ = self.line(child)
                        self.includes.append(
                            Include(self.relpath, line, value, "read-at-build", resolved)
                        )

    def string_list(
        self, what: str, value: cst.BaseExpression, section: Section, group: str | None
    ) -> None:
        literal = self.resolve(value)
        if not isinstance(literal, (cst.List, cst.Tuple)):
            self.dynamic(what, literal if literal is not None else value)
            return
        for element in literal.elements:
            item = element.value
            text = _string(item)
            if text is None or isinstance(element, cst.StarredElement):
                self.dynamic(f"an item of {what}", item)
                continue
            line, column = self.line(item)
            column += _quote_width(item)
            where = Where(self.relpath, line, column, line, column + len(text), section, group)
            try:
                self.requirements.append(from_pep508(text, where))
            except RequirementError as exc:
                self.problems.append(
                    Problem(
                        self.relpath,
                        line,
                        f"cannot parse requirement {text!r}: {exc}",
                        "syntax",
                        column,
                    )
                )

    def setup_call(self, call: cst.Call) -> None:
        for arg in call.args:
            if arg.star == "**":
                self.dynamic("setup(**...)", arg.value)
            if arg.keyword is None:
                continue
            name = arg.keyword.value
            if name in _LIST_ARGS:
                self.string_list(name, arg.value, _LIST_ARGS[name], None)
            elif name == "name" and _string(self.resolve(arg.value)):
                self.project_name = canonicalize_name(_string(self.resolve(arg.value)) or "")
            elif name == "extras_require":
                self.extras(arg.value)
            elif name == "python_requires":
                literal = self.resolve(arg.value)
                text = _string(literal) if literal is not None else None
                if text is None:
                    self.dynamic(name, arg.value)
                    continue
                line, _ = self.line(literal)  # type: ignore[arg-type]
                try:
                    specifier: SpecifierSet | None = SpecifierSet(text)
                except InvalidSpecifier:
                    specifier = None
                self.python = PythonRequires(text, self.relpath, line, specifier)

    def extras(self, value: cst.BaseExpression) -> None:
        literal = self.resolve(value)
        if not isinstance(literal, cst.Dict):
            self.dynamic("extras_require", literal if literal is not None else value)
            return
        for element in literal.elements:
            if not isinstance(element, cst.DictElement) or _string(element.key) is None:
                self.dynamic("an extras_require key", element.value)
                continue
            extra = _string(element.key) or ""
            self.string_list(
                f"extras_require[{extra!r}]", element.value, "extra", canonicalize_name(extra)
            )


def _walk(node: cst.CSTNode):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _string(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _quote_width(node: cst.BaseExpression) -> int:
    if isinstance(node, cst.SimpleString):
        return len(node.prefix) + len(node.quote)
    return 0


def _is_setup(call: cst.Call) -> bool:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value == "setup"
    return isinstance(func, cst.Attribute) and func.attr.value == "setup"


def read_setup_py(path: Path, root: Path) -> Manifest:
    relpath = relative_path(path, root)
    text, problem = read_text(path, relpath)
    if text is None:
        return Manifest(relpath, "setup.py", problems=(problem,))  # type: ignore[arg-type]
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        return Manifest(
            relpath,
            "setup.py",
            problems=(
                Problem(relpath, exc.raw_line, f"invalid Python: {exc.message}", "invalid-file"),
            ),
        )
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    reader = _Reader(wrapper.module, wrapper, relpath, path, root)
    for node in _walk(wrapper.module):
        if isinstance(node, cst.Call) and _is_setup(node):
            reader.setup_call(node)
    return Manifest(
        path=relpath,
        format="setup.py",
        requirements=tuple(reader.requirements),
        python_requires=reader.python,
        problems=tuple(reader.problems),
        includes=tuple(reader.includes),
        project_name=reader.project_name,
    )
