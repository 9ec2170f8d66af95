"""The project's manifests and lock files, read once per run for every REQ rule.

Manifests are the files `handoff.manifests` reads by name; lock files are read with
`read_lock` (a fully hashed or pip-compile'd requirements file is both: a manifest that
declares, and a lock that pins). A constraints file (`constraints*.txt`, or any target of a
`-c`) only narrows versions: it declares nothing, and its lines are not requirements.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from handoff.checks.base import RepoCheck, RepoContext, Report
from handoff.findings import Severity
from handoff.manifests import LockFile, Manifest, Requirement, read_lock, read_manifest
from handoff.manifests.locks import lock_format
from handoff.manifests.registry import manifest_format


@dataclass
class Project:
    """What the project declares and locks."""

    manifests: list[Manifest] = field(default_factory=list)
    locks: list[LockFile] = field(default_factory=list)
    constraints_files: set[str] = field(default_factory=set)
    # The manifests among the checked files: rules report on these only. The others (found
    # in the project when only some paths were checked, as pre-commit does) still declare,
    # lock and state the Python version.
    checked: set[str] = field(default_factory=set)

    def reported(self, path: str) -> bool:
        return path in self.checked

    @property
    def declaring(self) -> list[Manifest]:
        """The manifests that declare dependencies (constraints files left out), by path."""
        return [m for m in self.manifests if m.path not in self.constraints_files]

    def declared_names(self) -> set[str]:
        """Every distribution any manifest of the project declares (canonical names)."""
        return {
            r.name
            for m in self.declaring
            for r in m.requirements
            if r.name and r.path not in self.constraints_files
        } | {m.project_name for m in self.manifests if m.project_name}

    def locked(self, requirement: Requirement) -> bool:
        """A lock file in the requirement's folder, or a folder above it, pins it."""
        if requirement.name is None:
            return False
        folder = PurePosixPath(requirement.path).parent
        for lock in self.locks:
            lock_folder = PurePosixPath(lock.path).parent
            if lock.path == requirement.path:
                continue  # a compiled file does not cover itself: its own lines say it all
            above = folder == lock_folder or lock_folder in folder.parents
            if above and lock.pins_name(requirement.name):
                return True
        return False


def checked_folder(repo: RepoContext) -> str:
    """Where a project-level finding goes: the folder every checked file is in (the example
    folder when only it was checked), relative to the project root; "." for the root."""
    parents = [PurePosixPath(relpath).parent.as_posix() for relpath, _ in repo.files]
    if not parents:
        return "."
    common = os.path.commonpath(parents) if len(parents) > 1 else parents[0]
    return common or "."


def _is_constraints_name(relpath: str) -> bool:
    name = PurePosixPath(relpath).name.lower()
    return name.startswith("constraints") or "-constraints" in name or "_constraints" in name


def _project_manifest_files(repo: RepoContext) -> list[str]:
    """Manifest and lock files the checked files' project has outside them: those in the
    checked folder's subtree (a run on some files, as pre-commit does) and in each folder
    above it up to the project root (a run on a subfolder). Sibling folders are other
    projects' business."""
    folder = checked_folder(repo)
    found = []
    places = [PurePosixPath(folder), *PurePosixPath(folder).parents] if folder != "." else []
    places.append(PurePosixPath("."))
    for place in dict.fromkeys(places):
        directory = repo.root / place
        try:
            names = sorted(p.name for p in directory.iterdir() if p.is_file())
        except OSError:
            continue
        for name in names:
            relpath = (place / name).as_posix()
            if manifest_format(relpath) is not None or lock_format(relpath) is not None:
                found.append(relpath)
    return found


def read_project(repo: RepoContext) -> Project:
    project = Project()
    project.checked = {relpath for relpath, _ in repo.files}
    others: list[str] = []
    if any(True for _ in repo.files):
        others = [p for p in _project_manifest_files(repo) if p not in project.checked]
    for relpath in sorted(project.checked | set(others)):
        path = repo.root / relpath
        if manifest_format(relpath) is not None:
            manifest = read_manifest(path, repo.root)
            if manifest is not None:
                project.manifests.append(manifest)
                project.constraints_files |= {
                    i.resolved for i in manifest.includes if i.kind == "constraints" and i.resolved
                }
                if _is_constraints_name(relpath):
                    project.constraints_files.add(manifest.path)
        if lock_format(relpath) is not None or manifest_format(relpath) == "requirements":
            lock = read_lock(path, repo.root)
            if lock is not None and lock.packages:
                project.locks.append(lock)
    return project


def is_project_file(relpath: str) -> bool:
    """A file the project's manifests may be read from: a manifest, a lock file, or a text
    file a requirements file's `-r`/`-c` could include under any name."""
    if manifest_format(relpath) is not None or lock_format(relpath) is not None:
        return True
    return relpath.lower().endswith((".txt", ".in"))


class ProjectCheck(RepoCheck):  # pylint: disable=abstract-method  # a base
    """A REQ rule over the project's manifests and lock files (and the facts the code
    records): its findings depend on no other file's bytes."""

    @classmethod
    def depends_on(cls, relpath: str) -> bool:
        return is_project_file(relpath)


def project_of(repo: RepoContext) -> Project:
    """The project's manifests, read by the first REQ rule that asks."""
    return repo.shared(Project, lambda: read_project(repo))


def report_at(requirement: Requirement, message: str, severity: Severity | None = None) -> Report:
    """A finding at the place a requirement is written."""
    return Report(
        message,
        line=requirement.line,
        column=requirement.column,
        end_line=requirement.end_line,
        end_column=requirement.end_column,
        path=requirement.path,
        severity=severity,
    )
