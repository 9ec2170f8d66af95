"""REQ005 python-version-unstated: nothing says which Python the code runs on."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Iterable

from handoff.checks.base import CODE_KINDS, RepoContext, Report
from handoff.checks.req.project import ProjectCheck, checked_folder, project_of

# Files whose whole job is to name the interpreter.
_VERSION_FILES = {".python-version", "runtime.txt"}
# `FROM python:3.11-slim`, `FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime AS base`: a
# tagged base image fixes the interpreter (`latest` and an untagged image do not).
_FROM_TAGGED = re.compile(
    r"^\s*FROM\s+(?:--\S+\s+)*[^\s:@]+(?::(?!latest\b)[\w.-]+|@sha256:)", re.I
)
_TOOL_VERSIONS_PYTHON = re.compile(r"^\s*python\s+\d", re.M)


def _may_state_python(relpath: str) -> bool:
    name = PurePosixPath(relpath).name.lower()
    return name in _VERSION_FILES or name == ".tool-versions" or "dockerfile" in name


def _states_python(repo: RepoContext, relpath: str) -> bool:
    if not _may_state_python(relpath):
        return False
    name = PurePosixPath(relpath).name.lower()
    source = repo.load(relpath)
    if source is None:
        return False
    if name in _VERSION_FILES:
        return bool(source.text.strip())
    if name == ".tool-versions":
        return _TOOL_VERSIONS_PYTHON.search(source.text) is not None
    return any(_FROM_TAGGED.match(line.text) for line in source.lines)


class PythonVersionUnstated(ProjectCheck):
    """REQ005: once, at the project root."""

    code = "REQ005"

    @classmethod
    def depends_on(cls, relpath: str) -> bool:
        return super().depends_on(relpath) or _may_state_python(relpath)

    def check(self, repo: RepoContext) -> Iterable[Report]:
        if not any(True for _ in repo.of_kind(*CODE_KINDS)):
            return
        if any(m.python_requires is not None for m in project_of(repo).manifests):
            return
        if any(_states_python(repo, relpath) for relpath, _ in repo.files):
            return
        yield Report(
            "no Python version is stated anywhere: set `requires-python` in pyproject.toml"
            " (or a `.python-version` file, `python=3.x` in environment.yml, a tagged"
            " Dockerfile base image) (see `handoff explain REQ005`)",
            path=checked_folder(repo),
        )
