"""REQ001 missing-dependency-manifest: Python code, and no dependency manifest at all."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import CODE_KINDS, RepoContext, Report
from handoff.checks.req.project import ProjectCheck, checked_folder, project_of


class MissingDependencyManifest(ProjectCheck):
    """REQ001: the project has code but nothing says what it needs installed."""

    code = "REQ001"

    def check(self, repo: RepoContext) -> Iterable[Report]:
        code_files = list(repo.of_kind(*CODE_KINDS))
        project = project_of(repo)
        if not code_files or project.manifests or project.locks:
            return
        yield Report(
            f"{len(code_files)} Python file(s) and notebook(s) but no dependency manifest:"
            " add a requirements.txt with pinned versions, or a pyproject.toml with a lock"
            " file (see `handoff explain REQ001`)",
            path=checked_folder(repo),
        )
