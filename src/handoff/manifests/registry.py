"""Which reader reads which file, by its name (and, for `requirements/*.txt`, its folder)."""

from __future__ import annotations

import re
from pathlib import Path, PurePath, PurePosixPath
from typing import Callable

from handoff.manifests.conda import read_conda_environment
from handoff.manifests.pipfile import read_pipfile
from handoff.manifests.pyproject import read_pyproject
from handoff.manifests.requirements_txt import read_requirements_file
from handoff.manifests.setup_cfg import read_setup_cfg
from handoff.manifests.setup_py import read_setup_py
from handoff.manifests.types import Manifest

Reader = Callable[[Path, Path], Manifest]

READERS: dict[str, Reader] = {
    "requirements": read_requirements_file,
    "pyproject": read_pyproject,
    "setup.cfg": read_setup_cfg,
    "setup.py": read_setup_py,
    "conda": read_conda_environment,
    "pipfile": read_pipfile,
}
_BY_NAME = {
    "pyproject.toml": "pyproject",
    "setup.cfg": "setup.cfg",
    "setup.py": "setup.py",
    "environment.yml": "conda",
    "environment.yaml": "conda",
    "conda.yml": "conda",
    "conda.yaml": "conda",
    "pipfile": "pipfile",
}
# requirements.txt, requirements-dev.txt, dev-requirements.in, constraints.txt; not
# MANIFEST.in or Makefile.in, which are `.in` files too.
_REQUIREMENTS = re.compile(r"^.*(requirements|constraints).*\.(txt|in)$", re.I)
_REQUIREMENTS_DIRS = {"requirements", "reqs", "requirement"}


def manifest_format(path: str | PurePath) -> str | None:
    """The manifest format of a file by its name (a relative path also lets
    `requirements/dev.txt` count), None for anything else, lock files included."""
    pure = PurePosixPath(path) if isinstance(path, str) else PurePosixPath(path.as_posix())
    name = pure.name.lower()
    if name in _BY_NAME:
        return _BY_NAME[name]
    if _REQUIREMENTS.match(name):
        return "requirements"
    if pure.parent.name.lower() in _REQUIREMENTS_DIRS and name.endswith((".txt", ".in")):
        return "requirements"
    return None


def is_manifest_name(name: str | PurePath) -> bool:
    return manifest_format(name) is not None


def read_manifest(path: Path, root: Path) -> Manifest | None:
    """The manifest at `path` (reported relative to `root`), or None if its name is not a
    manifest's. Never raises on bad content: problems are in `Manifest.problems`."""
    fmt = manifest_format(
        path.relative_to(root) if path.is_relative_to(root) else PurePath(path.name)
    )
    return READERS[fmt](path, root) if fmt else None
