"""Which files to look at.

In a git work tree the files are what git has: every tracked file (whatever `.gitignore`
says: a committed file is handed off) and the untracked files git does not ignore; a file
deleted from disk but still tracked is gone. Outside git, or without a git binary, the
folders are walked and `.gitignore` files read with git's own rules (`handoff.gitignore`).
With `respect-gitignore = false` every file under the paths is considered.

Then `exclude`/`extend-exclude`, environments, caches, build output and other repositories
(submodules) are left out, each counted by reason: nothing is skipped in silence. A file
named on the command line is checked even when excluded (ruff's convention) unless
`force_exclude` is set, as pre-commit hooks want.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from handoff.git import listed_files, work_tree_of
from handoff.gitignore import IgnoreStack, read_ignore_file
from handoff.sources import FileKind, classify

log = logging.getLogger("handoff")

# Reasons a file or folder is left out, as the summary counts them.
EXCLUDED = "excluded"
ENVIRONMENT = "environment"
CACHE = "cache"
BUILD = "build"
SUBMODULE = "submodule"

# Folders that never hold the project's own code, by the reason they are skipped.
_SKIPPED_DIR_REASONS = {
    **dict.fromkeys(
        ("node_modules", "site-packages", ".tox", ".nox", ".venv", "venv"), ENVIRONMENT
    ),
    **dict.fromkeys(
        (
            "__pycache__",
            ".mypy_cache",
            ".pytest_cache",
            ".ruff_cache",
            ".ipynb_checkpoints",
        ),
        CACHE,
    ),
    **dict.fromkeys((".eggs", "build", "dist"), BUILD),
}
# Version-control metadata and handoff's own results cache are not part of the project at
# all: left out without a count.
_VCS_DIRS = {".git", ".hg", ".svn", ".handoff_cache"}
ALWAYS_SKIPPED_DIRS = _VCS_DIRS | set(_SKIPPED_DIR_REASONS)
_EGG_INFO_SUFFIX = ".egg-info"
ROOT_MARKERS = (".git", "pyproject.toml", "handoff.toml", ".handoff.toml")


@dataclass(frozen=True)
class Discovered:
    """A file to check."""

    path: Path  # absolute
    relpath: str  # POSIX, relative to the root
    explicit: bool  # named on the command line: checked even when excluded or ignored
    kind: FileKind = field(init=False)  # decided once, here, for every later stage

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", classify(self.path))


@dataclass
class Discovery:
    """The files to check, and what was left out: reason -> number of files or folders
    (a skipped folder counts once, however much it holds)."""

    files: list[Discovered]
    skipped: Counter[str] = field(default_factory=Counter)


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


def _is_environment(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file() or (directory / "conda-meta").is_dir()


class _Skips:
    """The skip rules that apply whatever lists the files, and the tally of what they left
    out: a set of (reason, relpath) so a folder reached twice counts once."""

    def __init__(self, root: Path, exclude: pathspec.PathSpec):
        self.root = root
        self.exclude = exclude
        self.units: set[tuple[str, str]] = set()
        self._dirs: dict[Path, str | None] = {}

    def dir_reason(self, path: Path) -> str | None:
        """Why the folder `path` is skipped ("" for version-control metadata, which is not
        counted), or None."""
        if path not in self._dirs:
            self._dirs[path] = self._dir_reason(path)
        return self._dirs[path]

    def _dir_reason(self, path: Path) -> str | None:
        name, rel = path.name, _relpath(path, self.root)
        if name in _VCS_DIRS:
            return ""
        reason = _SKIPPED_DIR_REASONS.get(name)
        if reason is None and name.endswith(_EGG_INFO_SUFFIX):
            reason = BUILD
        if reason is None and _is_environment(path):
            reason = ENVIRONMENT
        if reason is None and (self.exclude.match_file(rel + "/") or self.exclude.match_file(rel)):
            reason = EXCLUDED
        return reason

    def file_reason(self, path: Path) -> str | None:
        return EXCLUDED if self.exclude.match_file(_relpath(path, self.root)) else None

    def count(self, reason: str, path: Path) -> None:
        if reason:
            rel = _relpath(path, self.root)
            if (reason, rel) not in self.units:
                log.debug("skipping %s: %s", rel, reason)
            self.units.add((reason, rel))

    def below(self, top: Path, path: Path) -> str | None:
        """The reason a file under `top` is skipped, by its folders from `top` down and then
        by its own path; counts the skipped unit (the outermost skipped folder, or the file)."""
        folder = top
        for part in path.relative_to(top).parts[:-1]:
            folder = folder / part
            reason = self.dir_reason(folder)
            if reason is not None:
                self.count(reason, folder)
                return reason
        reason = self.file_reason(path)
        if reason is not None:
            self.count(reason, path)
        return reason

    def tally(self) -> Counter[str]:
        return Counter(reason for reason, _ in self.units)


def discover(  # pylint: disable=too-many-arguments
    paths: list[Path],
    root: Path,
    exclude: pathspec.PathSpec,
    respect_gitignore: bool = True,
    *,
    force_exclude: bool = False,
) -> Discovery:
    """Files under `paths`, sorted by relative path, each once, and what was skipped."""
    skips = _Skips(root, exclude)
    found: dict[str, Discovered] = {}
    folders: list[Path] = []
    for given in paths:
        if not given.exists():
            raise FileNotFoundError(f"{given}: no such file or directory")
        resolved = given.resolve()
        if given.is_file():
            top = root if resolved.is_relative_to(root) else resolved.parent
            if force_exclude and skips.below(top, resolved) is not None:
                continue
            rel = _relpath(resolved, root)
            found.setdefault(rel, Discovered(resolved, rel, explicit=True))
        elif not (
            force_exclude
            and resolved.is_relative_to(root)
            and resolved != root
            and skips.below(root, resolved / "_") is not None
        ):
            folders.append(resolved)
    for item in _folder_files(folders, root, skips, respect_gitignore):
        found.setdefault(item.relpath, item)
    return Discovery([found[key] for key in sorted(found)], skips.tally())


def _folder_files(folders: list[Path], root: Path, skips: _Skips, respect_gitignore: bool):
    """The files under named folders: git's list per work tree where git answers, a walk
    elsewhere."""
    by_tree: dict[Path | None, list[Path]] = {}
    for folder in folders:
        tree = work_tree_of(folder) if respect_gitignore else None
        by_tree.setdefault(tree, []).append(folder)
    for tree, tree_folders in by_tree.items():
        listed = listed_files(tree, tree_folders) if tree is not None else None
        if listed is None:
            for folder in tree_folders:
                yield from _walk(folder, root, skips, respect_gitignore)
            continue
        for folder in tree_folders:
            yield from _from_git(tree, folder, listed, root, skips)


def _from_git(tree: Path, folder: Path, listed: list[str], root: Path, skips: _Skips):
    prefix = "" if folder == tree else folder.relative_to(tree).as_posix() + "/"
    under = [entry for entry in listed if entry.startswith(prefix)]
    if not under:
        _warn_if_all_ignored(folder)
    for entry in under:
        path = tree / entry
        if path.is_symlink() and path.is_dir():
            log.debug("skipping %s: a link to a folder (git has no files under it)", entry)
            continue
        if entry.endswith("/") or path.is_dir():
            # A gitlink (submodule) or an untracked repository inside this one: its files
            # are another repository's, and git lists none of them.
            if skips.below(folder, path / "_") is None:
                skips.count(SUBMODULE, path)
            continue
        if not path.is_file():  # tracked but deleted, or a dangling symlink
            log.debug("skipping %s: not on disk", entry)
            continue
        if skips.below(folder, path) is None:
            yield Discovered(path, _relpath(path, root), explicit=False)


def _warn_if_all_ignored(folder: Path) -> None:
    try:
        has_entries = any(e.name not in _VCS_DIRS for e in os.scandir(folder))
    except OSError:
        return
    if has_entries:
        log.warning(
            "nothing to check in %s: git ignores all of it (--no-respect-gitignore checks it)",
            folder,
        )


def _ignore_base(top: Path, root: Path) -> Path:
    """Where .gitignore files start to apply for a walk of `top`: the work tree holding it,
    else the project root (a .gitignore above an exported project belongs to nothing)."""
    tree = work_tree_of(top)
    if tree is not None:
        return tree
    return root if top.is_relative_to(root) else top


def _ignores_down_to(top: Path, base: Path) -> IgnoreStack | None:
    """The ignore files that apply inside `top`: `.git/info/exclude`, then the .gitignore
    files from `base` down to `top`. None when a folder on the way is ignored: git hides
    everything below it."""
    ignores = IgnoreStack()
    if (base / ".git").is_dir():
        ignores.push("", read_ignore_file(base / ".git" / "info" / "exclude"))
    ignores.push("", read_ignore_file(base / ".gitignore"))
    folder = base
    for part in top.relative_to(base).parts:
        folder = folder / part
        rel = folder.relative_to(base).as_posix()
        if ignores.ignored(rel, is_dir=True):
            log.debug("skipping %s: git ignores %s", top, folder)
            return None
        ignores.push(rel, read_ignore_file(folder / ".gitignore"))
    return ignores


def _walk(top: Path, root: Path, skips: _Skips, respect_gitignore: bool):
    base = _ignore_base(top, root) if respect_gitignore else top
    ignores = _ignores_down_to(top, base) if respect_gitignore else IgnoreStack()
    if ignores is None:
        return
    seen_dirs: set[tuple[int, int]] = set()
    listed = 0

    def walk(directory: Path):
        nonlocal listed
        try:
            stat = directory.stat()
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            log.warning("cannot read %s: %s", directory, exc.strerror or exc)
            return
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:  # a symlink loop or a second link to the same tree
            return
        seen_dirs.add(key)
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError:
                continue
            if not (is_dir or is_file):
                continue
            rel = path.relative_to(base).as_posix()
            if respect_gitignore and ignores.ignored(rel, is_dir):
                continue  # not part of the project, as for git
            listed += 1
            if is_dir:
                reason = skips.dir_reason(path)
                if reason is None and respect_gitignore and (path / ".git").exists():
                    reason = SUBMODULE
                if reason is not None:
                    skips.count(reason, path)
                    continue
                nested = read_ignore_file(path / ".gitignore") if respect_gitignore else []
                mark = ignores.push(rel, nested)
                yield from walk(path)
                ignores.pop(mark)
            elif skips.file_reason(path) is not None:
                skips.count(EXCLUDED, path)
            else:
                yield Discovered(path, _relpath(path, root), explicit=False)

    yield from walk(top)
    if listed == 0:
        _warn_if_all_ignored(top)
