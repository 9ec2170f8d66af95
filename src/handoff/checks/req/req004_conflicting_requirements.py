"""REQ004 conflicting-requirements: one distribution, two manifests, no version both allow."""

from __future__ import annotations

from typing import Iterable

from handoff.checks.base import RepoContext, Report
from handoff.checks.req.project import ProjectCheck, project_of, report_at
from handoff.checks.req.versions import compatible
from handoff.manifests import Requirement


class ConflictingRequirements(ProjectCheck):
    """REQ004: at the later declaration (files in path order, then lines), naming the earlier
    one; in two manifests, or in one between the main dependencies and an extra or group.
    Requirements under different environment markers never conflict: they apply to
    different machines."""

    code = "REQ004"

    def check(self, repo: RepoContext) -> Iterable[Report]:
        project = project_of(repo)
        by_name: dict[str, list[Requirement]] = {}
        seen: set[tuple[str, int, int]] = set()
        for manifest in project.declaring:
            for requirement in manifest.own_requirements:
                key = (requirement.path, requirement.line, requirement.column)
                if requirement.name is None or requirement.specifier is None or key in seen:
                    continue
                seen.add(key)
                by_name.setdefault(requirement.name, []).append(requirement)
        for requirements in by_name.values():
            if not any(project.reported(r.path) for r in requirements):
                continue
            requirements.sort(key=lambda r: (r.path, r.line, r.column))
            for index, later in enumerate(requirements):
                earlier = next(
                    (
                        r
                        for r in requirements[:index]
                        if _installed_together(r, later)
                        and str(r.marker) == str(later.marker)
                        and not compatible(r.specifier, later.specifier)  # type: ignore[arg-type]
                    ),
                    None,
                )
                if earlier is not None and project.reported(later.path):
                    yield _report(earlier, later)


def _installed_together(first: Requirement, second: Requirement) -> bool:
    """Two manifests may be installed together; within one, the main dependencies go with
    every extra or group, while two extras (`cpu`, `gpu`) may be alternatives."""
    if first.path != second.path:
        return True
    return first.line != second.line and "main" in (first.section, second.section)


def _report(earlier: Requirement, later: Requirement) -> Report:
    name = later.written_name or later.name
    return report_at(
        later,
        f"`{name}{later.specifier}` here conflicts with `{earlier.written_name}"
        f"{earlier.specifier}` in {earlier.path}:{earlier.line}: no version satisfies both;"
        " make them agree, or keep one manifest and include it from the other"
        " (see `handoff explain REQ004`)",
    )
