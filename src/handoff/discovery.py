"""Which files to look at: walk the given paths, honour .gitignore and `exclude`, skip
environments, caches and build output, and never follow a symlink loop."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import pathspec

log = logging.getLogger("handoff")

# Directories that never hold the project's own code.
ALWAYS_SKIPPED_DIRS = {
    ".git",
    ".hg",
    ".svn",
    "__pycache__",
    "node_modules",
    "site-packages",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".ipynb_checkpoints",
    ".handoff_cache",
    ".eggs",
    "build",
    "dist",
    ".venv",
    "venv",
}
_EGG_INFO_SUFFIX = ".egg-info"
ROOT_MARKERS = (".git", "pyproject.toml", "handoff.toml", ".handoff.toml")


@dataclass(frozen=True)
class Discovered:
    """A file to check."""

    path: Path  # absolute
    relpath: str  # POSIX, relative to the root
    explicit: bool  # named on the command line: excludes and .gitignore do not apply


def find_root(start: Path) -> Path:
    """The project root for `start`: the nearest ancestor holding .git or a config file."""
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return candidate
    return directory


def find_common_root(paths: list[Path]) -> Path:
    """The project root for several paths: the root of each, or the folder holding them all
    when they differ. pre-commit names files from anywhere in the repository in path order, so
    the first one may sit in a nested project (its own pyproject.toml); its root alone would
    leave the other files outside the root, shown by absolute path."""
    roots = {find_root(path) for path in paths}
    if len(roots) == 1:
        return roots.pop()
    return Path(os.path.commonpath([str(root) for root in roots]))


def _relpath(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class _GitIgnores:
    """Nested .gitignore files: each applies to its own directory and below."""

    def __init__(self, root: Path, enabled: bool):
        self.enabled = enabled
        self.specs: list[tuple[Path, pathspec.PathSpec]] = []
        if enabled:
            # .gitignore files above the scanned directory, up to the repository root.
            for parent in reversed([root, *root.parents]):
                self._load(parent)
                if (parent / ".git").exists():
                    self.specs = [(d, s) for d, s in self.specs if d == parent]
                    self._load_info(parent)

    def _load_info(self, repo: Path) -> None:
        info = repo / ".git" / "info" / "exclude"
        if info.is_file():
            self._add(repo, info)

    def _load(self, directory: Path) -> None:
        if self.enabled:
            self._add(directory, directory / ".gitignore")

    def _add(self, directory: Path, file: Path) -> None:
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
        self.specs.append((directory, spec))

    def enter(self, directory: Path) -> int:
        before = len(self.specs)
        if self.enabled:
            self._add(directory, directory / ".gitignore")
        return before

    def leave(self, size: int) -> None:
        del self.specs[size:]

    def ignored(self, path: Path, is_dir: bool) -> bool:
        verdict = False
        for directory, spec in self.specs:
            try:
                rel = path.relative_to(directory).as_posix()
            except ValueError:
                continue
            if is_dir:
                rel += "/"
            result = spec.check_file(rel)
            if result.include is not None:
                verdict = result.include
        return verdict


def _is_environment(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file() or (directory / "conda-meta").is_dir()


def discover(
    paths: list[Path],
    root: Path,
    exclude: pathspec.PathSpec,
    respect_gitignore: bool = True,
) -> list[Discovered]:
    """Files under `paths`, sorted by relative path, each once."""
    found: dict[str, Discovered] = {}
    for given in paths:
        if not given.exists():
            raise FileNotFoundError(f"{given}: no such file or directory")
        if given.is_file():
            resolved = given.resolve()
            rel = _relpath(resolved, root)
            found.setdefault(rel, Discovered(resolved, rel, explicit=True))
            continue
        for item in _walk(given.resolve(), root, exclude, respect_gitignore):
            found.setdefault(item.relpath, item)
    return [found[key] for key in sorted(found)]


def _walk(top: Path, root: Path, exclude: pathspec.PathSpec, respect_gitignore: bool):
    ignores = _GitIgnores(top, respect_gitignore)
    seen_dirs: set[tuple[int, int]] = set()

    def walk(directory: Path):
        try:
            stat = directory.stat()
        except OSError as exc:
            log.warning("cannot read %s: %s", directory, exc.strerror or exc)
            return
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:  # a symlink loop or a second link to the same tree
            return
        seen_dirs.add(key)
        mark = ignores.enter(directory) if directory != top else len(ignores.specs)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            log.warning("cannot list %s: %s", directory, exc.strerror or exc)
            ignores.leave(mark)
            return
        for entry in entries:
            path = Path(entry.path)
            rel = _relpath(path, root)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                continue
            if is_dir:
                if _skip_dir(path, entry.name, rel, exclude, ignores):
                    continue
                yield from walk(path)
            elif is_file:
                if exclude.match_file(rel) or ignores.ignored(path, is_dir=False):
                    continue
                yield Discovered(path, rel, explicit=False)
        ignores.leave(mark)

    if top == root or not top.is_relative_to(root) or not _skip_top(top, root, exclude):
        yield from walk(top)


def _skip_top(top: Path, root: Path, exclude: pathspec.PathSpec) -> bool:
    rel = _relpath(top, root)
    return exclude.match_file(rel + "/")


def _skip_dir(
    path: Path, name: str, rel: str, exclude: pathspec.PathSpec, ignores: _GitIgnores
) -> bool:
    if name in ALWAYS_SKIPPED_DIRS or name.endswith(_EGG_INFO_SUFFIX):
        log.debug("skipping %s: never project code", rel)
        return True
    if _is_environment(path):
        log.debug("skipping %s: a virtual environment", rel)
        return True
    if exclude.match_file(rel + "/") or exclude.match_file(rel):
        log.debug("skipping %s: excluded", rel)
        return True
    if ignores.ignored(path, is_dir=True):
        log.debug("skipping %s: .gitignore", rel)
        return True
    return False
