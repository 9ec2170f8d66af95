"""QUAL005 no-quality-tooling: Python code, and no formatter, linter or pre-commit configuration
anywhere in the project."""

from __future__ import annotations

import configparser
import sys
from pathlib import Path, PurePosixPath
from typing import Iterable

from handoff.checks.base import CODE_KINDS, RepoCheck, RepoContext, Report
from handoff.checks.req.project import checked_folder

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

# Files whose only job is to configure a formatter, linter, type checker or pre-commit.
# (.editorconfig is an editor's settings, not a check anyone runs.)
TOOL_FILES = frozenset(
    {
        ".pre-commit-config.yaml",
        ".pre-commit-config.yml",
        ".flake8",
        ".pylintrc",
        "pylintrc",
        ".pylintrc.toml",
        "pylintrc.toml",
        "ruff.toml",
        ".ruff.toml",
        ".isort.cfg",
        "mypy.ini",
        ".mypy.ini",
        ".style.yapf",
        ".bandit",
        "pyrightconfig.json",
    }
)
# `[tool.<name>]` in pyproject.toml, `[<name>]` (or `[<name>.*]`, `[<name>-*]`) in setup.cfg
# and tox.ini.
TOOL_SECTIONS = frozenset(
    {
        "black",
        "ruff",
        "isort",
        "flake8",
        "pylint",
        "mypy",
        "pyright",
        "pycodestyle",
        "pydocstyle",
        "yapf",
        "autopep8",
        "bandit",
    }
)
SHARED_FILES = frozenset({"pyproject.toml", "setup.cfg", "tox.ini"})


def configures_tooling(path: Path) -> bool:
    """Whether the file at `path` configures a formatter, linter or pre-commit."""
    name = path.name
    if name in TOOL_FILES:
        return path.is_file()
    try:
        if name == "pyproject.toml":
            tools = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
            return isinstance(tools, dict) and bool(TOOL_SECTIONS & set(tools))
        if name in ("setup.cfg", "tox.ini"):
            parser = configparser.ConfigParser(interpolation=None, strict=False)
            parser.read_string(path.read_text(encoding="utf-8"))
            return any(_tool_of(section) in TOOL_SECTIONS for section in parser.sections())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, configparser.Error):
        return False  # a file that does not parse configures nothing (other rules say so)
    return False


def _tool_of(section: str) -> str:
    """`pylint.messages control` -> pylint, `mypy-numpy.*` -> mypy, `tool:isort` -> isort."""
    section = section.removeprefix("tool:")
    for separator in (".", "-", " "):
        section = section.split(separator, 1)[0]
    return section.lower()


def _candidates(repo: RepoContext) -> Iterable[str]:
    """The project's files that could configure a tool: the checked ones, and those in the
    checked folder and each folder above it up to the root (a run on `src/` still sees the
    root's pyproject.toml)."""
    names = TOOL_FILES | SHARED_FILES
    yield from (rel for rel, _ in repo.files if PurePosixPath(rel).name in names)
    folder = PurePosixPath(checked_folder(repo))
    for place in dict.fromkeys([folder, *folder.parents]):
        for name in sorted(names):
            yield (place / name).as_posix()


class NoQualityTooling(RepoCheck):
    """QUAL005: once, where the checked files are."""

    code = "QUAL005"
    config_files = TOOL_FILES | SHARED_FILES

    @classmethod
    def depends_on(cls, relpath: str) -> bool:
        return PurePosixPath(relpath).name in cls.config_files

    def check(self, repo: RepoContext) -> Iterable[Report]:
        if not any(True for _ in repo.of_kind(*CODE_KINDS)):
            return
        if any(configures_tooling(repo.root / rel) for rel in dict.fromkeys(_candidates(repo))):
            return
        yield Report(
            "the project configures no formatter, linter or pre-commit hook (no [tool.black],"
            " [tool.ruff], [tool.isort], [tool.pylint] or [tool.mypy], no .flake8, no"
            " .pre-commit-config.yaml): the receiving team cannot tell which checks the code"
            " meets; add the ones it passes (see `handoff explain QUAL005`)",
            path=checked_folder(repo),
        )
