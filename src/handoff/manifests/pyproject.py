"""`pyproject.toml`: PEP 621 `[project]` dependencies and extras, PEP 735
`[dependency-groups]`, `[build-system] requires`, setuptools' dynamic `file:` dependencies and
poetry's `[tool.poetry]` dependency tables (main, groups, old `dev-dependencies`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from handoff.manifests.pep508 import RequirementError, Where, from_pep508
from handoff.manifests.poetry import poetry_requirement, poetry_specifier
from handoff.manifests.reading import read_text, relative_path
from handoff.manifests.toml_lines import Key, TomlLines
from handoff.manifests.types import Include, Manifest, Problem, PythonRequires, Requirement, Section

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class _Collector:
    """What one pyproject gives, gathered while walking its tables."""

    def __init__(self, relpath: str, lines: TomlLines):
        self.relpath = relpath
        self.lines = lines
        self.requirements: list[Requirement] = []
        self.problems: list[Problem] = []
        self.includes: list[Include] = []
        self.python: list[PythonRequires] = []

    def poetry_python(self, spec: Any, key: Key) -> None:
        """poetry's `python = "^3.10"`: the interpreter's versions, not a dependency."""
        if isinstance(spec, str) and not self.python:
            line, _ = self.lines.locate(key, spec)
            try:
                specifier = poetry_specifier(spec)[0]
            except RequirementError:
                specifier = None
            self.python.append(PythonRequires(spec, self.relpath, line, specifier))

    def problem(self, line: int, message: str, kind: str = "syntax", column: int = 1) -> None:
        self.problems.append(Problem(self.relpath, line, message, kind, column))

    def pep508_list(self, key: Key, items: Any, section: Section, group: str | None = None) -> None:
        if not isinstance(items, list):
            self.problem(self.lines.header(key), f"{'.'.join(map(str, key))} must be an array")
            return
        for item in items:
            if isinstance(item, dict) and section == "group" and "include-group" in item:
                target = str(item["include-group"])
                line, _ = self.lines.locate((*key, "include-group"), target)
                self.includes.append(
                    Include(self.relpath, line, target, "dependency-group", from_group=group)
                )
                continue
            if not isinstance(item, str):
                self.problem(self.lines.header(key), f"not a requirement string: {item!r}")
                continue
            line, column = self.lines.locate(key, item)
            where = Where(self.relpath, line, column, line, column + len(item), section, group)
            try:
                self.requirements.append(from_pep508(item, where))
            except RequirementError as exc:
                self.problem(line, f"cannot parse requirement {item!r}: {exc}", column=column)

    def poetry_table(self, key: Key, table: Any, section: Section, group: str | None) -> None:
        if not isinstance(table, dict):
            return
        for name, spec in table.items():
            if canonicalize_name(name) == "python":
                self.poetry_python(spec, (*key, name))
                continue
            specs = spec if isinstance(spec, list) else [spec]  # multiple-constraints form
            line = self.lines.entry(key, name)
            for one in specs:
                if isinstance(one, dict) and isinstance(one.get("version"), str):
                    # each constraint of a multiple-constraints list on its own line
                    found = self.lines.take((*key, name, "version"), one["version"])
                    line = found[0] if found else line
                column = self.lines.column_of(line, name)
                where = Where(self.relpath, line, column, section=section, group=group)
                try:
                    self.requirements.append(
                        poetry_requirement(name, one, where, f"{name} = {one!r}")
                    )
                except RequirementError as exc:
                    self.problem(
                        line, f"cannot read poetry dependency {name!r}: {exc}", column=column
                    )


def read_pyproject(path: Path, root: Path) -> Manifest:
    relpath = relative_path(path, root)
    text, problem = read_text(path, relpath)
    if text is None:
        return Manifest(relpath, "pyproject", problems=(problem,))  # type: ignore[arg-type]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        return Manifest(
            relpath,
            "pyproject",
            problems=(Problem(relpath, line, f"invalid TOML: {exc}", "invalid-file"),),
        )
    lines = TomlLines(text, "pyproject.toml")
    found = _Collector(relpath, lines)

    project = data.get("project") if isinstance(data.get("project"), dict) else {}
    if "dependencies" in project:
        found.pep508_list(("project", "dependencies"), project["dependencies"], "main")
    for extra, items in _table(project.get("optional-dependencies")).items():
        found.pep508_list(
            ("project", "optional-dependencies", extra), items, "extra", canonicalize_name(extra)
        )
    if isinstance(project.get("requires-python"), str):
        text_value = project["requires-python"]
        line, _ = lines.locate(("project", "requires-python"), text_value)
        found.python.append(PythonRequires(text_value, relpath, line, _specifier(text_value)))
    for group, items in _table(data.get("dependency-groups")).items():
        found.pep508_list(("dependency-groups", group), items, "group", canonicalize_name(group))
    _check_group_includes(found, _table(data.get("dependency-groups")))
    build = _table(data.get("build-system"))
    if "requires" in build:
        found.pep508_list(("build-system", "requires"), build["requires"], "build")
    _setuptools_dynamic(
        found, _table(_table(data.get("tool")).get("setuptools")).get("dynamic"), path, root
    )

    poetry = _table(_table(data.get("tool")).get("poetry"))
    found.poetry_table(("tool", "poetry", "dependencies"), poetry.get("dependencies"), "main", None)
    found.poetry_table(
        ("tool", "poetry", "dev-dependencies"),
        poetry.get("dev-dependencies"),
        "dev",
        "dev",
    )
    for group, body in _table(poetry.get("group")).items():
        key = ("tool", "poetry", "group", group, "dependencies")
        found.poetry_table(key, _table(body).get("dependencies"), "group", canonicalize_name(group))

    name = project.get("name") or poetry.get("name")
    return Manifest(
        path=relpath,
        format="pyproject",
        requirements=tuple(found.requirements),
        python_requires=found.python[0] if found.python else None,
        problems=tuple(found.problems),
        includes=tuple(found.includes),
        project_name=canonicalize_name(name) if isinstance(name, str) else None,
    )


def _table(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _specifier(text: str) -> SpecifierSet | None:
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return None


def _line_from_message(message: str) -> int:
    # tomllib's message ends "(at line 3, column 7)"
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else 1


def _check_group_includes(found: _Collector, groups: dict) -> None:
    """PEP 735: an included group must exist, and includes must not form a cycle."""
    known = {canonicalize_name(g) for g in groups}
    graph: dict[str, list[str]] = {}
    for include in found.includes:
        target = canonicalize_name(include.target)
        if target not in known:
            found.problem(
                include.line,
                f"include-group {include.target!r} is not a dependency group",
                "include-missing",
            )
        graph.setdefault(include.from_group or "", []).append(target)
    for start in graph:
        stack, path = [(start, [start])], None
        while stack and path is None:
            node, trail = stack.pop()
            for nxt in graph.get(node, []):
                if nxt == start:
                    path = trail + [nxt]
                    break
                if nxt not in trail:
                    stack.append((nxt, trail + [nxt]))
        if path is not None:
            line = next(i.line for i in found.includes if i.from_group == start)
            found.problem(
                line, f"dependency-group include cycle: {' -> '.join(path)}", "include-cycle"
            )


def _setuptools_dynamic(found: _Collector, dynamic: Any, path: Path, root: Path) -> None:
    """`[tool.setuptools.dynamic] dependencies = {file = ["requirements.txt"]}`: the
    dependencies live in those files, read at build time."""
    dynamic = _table(dynamic)
    entries: list[tuple[Key, Any]] = [
        (("tool", "setuptools", "dynamic", "dependencies"), dynamic.get("dependencies"))
    ]
    for extra, spec in _table(dynamic.get("optional-dependencies")).items():
        entries.append((("tool", "setuptools", "dynamic", "optional-dependencies", extra), spec))
    for key, spec in entries:
        files = _table(spec).get("file")
        for target in (
            [files] if isinstance(files, str) else files if isinstance(files, list) else []
        ):
            if not isinstance(target, str):
                continue
            line, _ = found.lines.locate((*key, "file"), target)
            included = path.parent / target
            resolved = relative_path(included, root) if included.is_file() else None
            found.includes.append(Include(found.relpath, line, target, "read-at-build", resolved))
