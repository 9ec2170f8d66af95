"""REQ003 undeclared-import: a third-party module the code imports and no manifest declares."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Iterable

from handoff.checks.base import CODE_KINDS, RepoContext, Report
from handoff.checks.req.imports import (
    BUILD_TIME,
    IMPORTS_FACT,
    ImportFacts,
    distributions_for,
)
from handoff.checks.req.project import ProjectCheck, project_of
from handoff.sources import FileKind


def local_modules(repo: RepoContext) -> set[str]:
    """Names the project's own code can be imported by: every folder holding Python code and
    every module, wherever it is (`src/` layouts, scripts run from their folder)."""
    names: set[str] = set()
    for relpath, kind in repo.files:
        pure = PurePosixPath(relpath)
        if kind is FileKind.PYTHON or pure.suffix in (".py", ".pyi", ".so", ".pyd"):
            names.add(pure.name.split(".", 1)[0])
            names.update(pure.parent.parts)
        elif kind is FileKind.NOTEBOOK:
            names.add(pure.stem)
    return names


class UndeclaredImport(ProjectCheck):
    """REQ003: at the first import of each undeclared distribution in the project (files in
    path order, a notebook's cells in order); imports that are optional by design (under
    `try/except ImportError` or `if TYPE_CHECKING:`) are left alone."""

    code = "REQ003"
    file_kinds = CODE_KINDS
    analyses = (ImportFacts,)

    def check(self, repo: RepoContext) -> Iterable[Report]:
        project = project_of(repo)
        declared = project.declared_names()
        local = local_modules(repo)
        reported: set[str] = set()
        for relpath, fact in sorted(repo.facts(IMPORTS_FACT), key=_order):
            top, full, line, column, cell, optional = fact
            if optional or top in local:
                continue
            if top in BUILD_TIME and PurePosixPath(relpath).name == "setup.py":
                continue
            candidates = distributions_for(top, full)
            if declared.intersection(candidates) or candidates[0] in reported:
                continue
            reported.add(candidates[0])
            yield Report(
                f"`{full}` is imported but no manifest declares `{candidates[0]}`: add it,"
                " pinned, to the project's requirements (see `handoff explain REQ003`)",
                line=line,
                column=column,
                cell=cell,
                path=relpath,
            )


def _order(item: tuple[str, list]) -> tuple:
    relpath, fact = item
    return (relpath, fact[4] or 0, fact[2], fact[3])
