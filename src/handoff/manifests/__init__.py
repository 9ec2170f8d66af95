"""Dependency manifests read into requirements with file and line.

`read_manifest(path, root)` picks a reader by the file's name (requirements files, pyproject,
setup.cfg, setup.py, conda environment, Pipfile); `read_lock(path)` reads what a lock file
pins. Readers never raise on a broken file: it comes back with `problems`.
"""

from handoff.manifests.locks import lock_format, read_lock
from handoff.manifests.registry import is_manifest_name, manifest_format, read_manifest
from handoff.manifests.types import (
    Include,
    LockedPackage,
    LockFile,
    Manifest,
    Option,
    PinState,
    Problem,
    PythonRequires,
    Requirement,
)

__all__ = [
    "Include",
    "LockedPackage",
    "LockFile",
    "Manifest",
    "Option",
    "PinState",
    "Problem",
    "PythonRequires",
    "Requirement",
    "is_manifest_name",
    "lock_format",
    "manifest_format",
    "read_lock",
    "read_manifest",
]
