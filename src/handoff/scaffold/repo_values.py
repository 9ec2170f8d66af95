"""Reading the research repo for `--from`: its code files parsed once, and for each finding the
value it points at with the name it goes by (a Python literal and what holds it, a config
file's value and its key, a token on a shell or magic line). The values are read to name and
describe config keys, and go no further.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from handoff.checks.support import literal_prefix
from handoff.config import Config
from handoff.config_values import config_format, config_value_lines
from handoff.discovery import discover
from handoff.findings import Finding
from handoff.scaffold.code_survey import CodeFile, load_code_file
from handoff.scaffold.dispositions import DEPENDENCY, TOOLING
from handoff.scaffold.key_names import (
    VALUE_TOKEN,
    Naming,
    config_naming,
    python_naming,
    text_naming,
    words_of,
)
from handoff.scaffold.migration_types import Place
from handoff.sources import CODE_KINDS, FileKind, SourceError, classify, is_requirements_file


@dataclass(frozen=True)
class Layout:
    """The check's project root and where the research repo sits in it."""

    root: Path
    prefix: str  # the repo's POSIX path below the root, "" when it is the root

    @classmethod
    def of(cls, root: Path, repo: Path) -> Layout:
        resolved = repo.resolve()
        return cls(root, resolved.relative_to(root).as_posix() if resolved != root else "")

    def display(self, relpath: str) -> str:
        if self.prefix and relpath.startswith(self.prefix + "/"):
            return relpath[len(self.prefix) + 1 :]
        return "." if relpath == self.prefix else relpath

    def place(self, finding: Finding) -> Place:
        return Place(self.display(finding.path), finding.line, finding.column, finding.cell)


@dataclass(frozen=True)
class Value:
    """A value found at a finding, read to name and describe its key; never shown. `key` is
    its key path in a config file."""

    text: str
    naming: Naming | None
    key: tuple[str | int, ...] | None = None


# Words in a manifest's key path that make its value a dependency (`[tool.poetry.
# dependencies]`, environment.yml's `pip:` list) or a setting of the repo's own tooling
# (`[tool.pytest.ini_options]`, a conda `prefix:`). Anything else in a manifest (a
# `[tool.myproject]` table) is the project's own setting, carried like any config value.
_DEPENDENCY_WORDS = {
    "dependencies", "dependency", "requires", "require", "requirements", "packages", "sources",
    "source", "pip", "develop", "editable",
}  # fmt: skip
_TOOLING_WORDS = {
    "pytest", "black", "isort", "mypy", "ruff", "coverage", "setuptools", "hatch", "pylint",
    "flake8", "pyright", "tox", "build", "prefix", "poetry", "pdm", "uv", "codespell",
}  # fmt: skip


def manifest_role(finding: Finding, value: Value | None) -> str | None:
    """DEPENDENCY or TOOLING for a finding in a dependency manifest, None elsewhere."""
    path = PurePosixPath(finding.path)
    if classify(path) is not FileKind.MANIFEST and not is_requirements_file(path):
        return None
    if value is None or value.key is None:
        return DEPENDENCY  # a requirements line
    words = {w for part in value.key if isinstance(part, str) for w in words_of(part)}
    if words & _DEPENDENCY_WORDS:
        return DEPENDENCY
    return TOOLING if words & _TOOLING_WORDS else None


def code_files(layout: Layout, repo: Path) -> tuple[dict[str, CodeFile], list[str]]:
    """The repo's Python files and notebooks, parsed, by path below the root; what could not
    be read becomes a note (the check reports it as HO001 too)."""
    config = Config()
    discovery = discover([repo], layout.root, config.exclude_spec(), config.respect_gitignore)
    files: dict[str, CodeFile] = {}
    notes: list[str] = []
    for item in discovery.files:
        if item.kind not in CODE_KINDS:
            continue
        shown = layout.display(item.relpath)
        try:
            if item.path.stat().st_size > config.max_file_size:
                continue
            files[item.relpath] = load_code_file(layout.root, item.relpath, shown)
        except (OSError, SourceError) as exc:
            notes.append(f"{shown}: not surveyed ({exc})")
    return files, notes


def value_at(finding: Finding, layout: Layout, files: dict[str, CodeFile]) -> Value | None:
    """The value a finding points at and the name it goes by: a Python string literal and
    what holds it, a config file's value and its key, or a token on a shell or magic line."""
    code = files.get(finding.path)
    if code is not None:
        literal = code.string_at(finding.line, finding.column, finding.cell)
        if literal is not None:
            module, node = literal
            naming = python_naming(node, module.parents(), module.imports)
            return Value(literal_prefix(node) or "", naming)
        line = code.source.text_line(finding.line, finding.cell)
    else:
        path = layout.root / finding.path
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        if config_format(path.name):
            return config_value(text, path.name, finding)
        lines = text.splitlines()
        line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
    token = VALUE_TOKEN.match(line, max(finding.column - 1, 0))
    if token is None:
        return None
    return Value(token.group(0), text_naming(line[: token.start()]))


def config_value(text: str, filename: str, finding: Finding) -> Value | None:
    """The value at the finding and its key; inside a longer value (a `command:` line) the
    option before it names it first."""
    for item in config_value_lines(text, filename):
        offset = finding.column - item.column
        if item.line == finding.line and 0 <= offset < max(len(item.value), 1):
            token = VALUE_TOKEN.match(item.value, offset)
            naming = text_naming(item.value[:offset]) if offset else None
            value = token.group(0) if token else item.value
            return Value(value, naming or config_naming(item.key), item.key)
    return None
