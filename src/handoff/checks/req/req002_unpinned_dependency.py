"""REQ002 unpinned-dependency: a dependency no version pins and no lock file covers."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import RepoContext, Report
from handoff.checks.req.project import Project, ProjectCheck, project_of, report_at
from handoff.findings import Severity
from handoff.manifests import Manifest, Requirement


def constrained(manifest: Manifest, requirement: Requirement) -> bool:
    """A `-c` constraints file the manifest reads pins this requirement to one version."""
    return any(c.pinned and c.name == requirement.name for c in manifest.constraints)


def covered(project: Project, manifest: Manifest, requirement: Requirement) -> bool:
    return requirement.pinned or constrained(manifest, requirement) or project.locked(requirement)


def describe(requirement: Requirement) -> str:
    return requirement.written_name or requirement.raw.strip() or "this requirement"


class UnpinnedDependency(ProjectCheck):
    """REQ002: at the line that declares it, once, in the file where it is written (a file
    included with `-r` is read in the context of its includer too: pinned by a constraint or a
    lock in either context, it is not reported)."""

    code = "REQ002"

    def check(self, repo: RepoContext) -> Iterable[Report]:
        project = project_of(repo)
        verdicts: dict[tuple[str, int, int], tuple[Requirement, bool]] = {}
        for manifest in project.declaring:
            for requirement in manifest.requirements:
                if requirement.path in project.constraints_files or not project.reported(
                    requirement.path
                ):
                    continue
                if requirement.section == "build" or requirement.unpinned_kind is None:
                    continue
                key = (requirement.path, requirement.line, requirement.column)
                fine = covered(project, manifest, requirement)
                if key in verdicts:
                    fine = fine or verdicts[key][1]
                verdicts[key] = (requirement, fine)
        for requirement, fine in verdicts.values():
            if not fine:
                yield self._report(requirement)

    @staticmethod
    def _report(requirement: Requirement) -> Report:
        name = describe(requirement)
        if requirement.kind in ("vcs", "url"):
            problem = (
                f"`{name}` is installed from {requirement.url or 'a URL'} with no commit or tag"
                if requirement.kind == "vcs"
                else f"`{name}` is installed from a URL that names no version"
            )
            fix = "pin a commit (`@<sha>`) or a release tag, or add a lock file"
            severity = None
        elif requirement.unpinned_kind == "range":
            problem = f"`{name}` has a range (`{requirement.version_text}`), not a version"
            fix = f"pin it (`{name}==<version>`) or add a lock file"
            severity = Severity.MEDIUM
        else:
            problem = f"`{name}` has no version"
            fix = f"pin it (`{name}==<version>`) or add a lock file"
            severity = None
        return report_at(requirement, f"{problem}: {fix} (see `handoff explain REQ002`)", severity)
