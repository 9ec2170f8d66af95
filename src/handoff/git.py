"""Asking git which files a work tree has: every tracked file, and the untracked files git
does not ignore (`git ls-files --cached --others --exclude-standard`, as detect-secrets does).
One subprocess per work tree; any failure means "ask the file system instead"."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("handoff")

_TIMEOUT = 120  # seconds; ls-files on the largest monorepos takes a few
# Variables that would point git at another repository or index than the folder's own.
_REPOSITORY_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)


def work_tree_of(directory: Path) -> Path | None:
    """The nearest folder at or above `directory` holding a `.git` entry: the only work tree
    git may answer for. git is kept from looking further up (GIT_CEILING_DIRECTORIES), so an
    empty or broken `.git` never lets an unrelated enclosing repository answer instead."""
    for candidate in (directory, *directory.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _environment(work_tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
    env["GIT_CEILING_DIRECTORIES"] = str(work_tree.parent)
    env["GIT_LITERAL_PATHSPECS"] = "1"  # a folder named `[x]` or `*` is just a name
    env["GIT_OPTIONAL_LOCKS"] = "0"  # never take the index lock of a repo being committed to
    return env


def listed_files(work_tree: Path, directories: list[Path]) -> list[str] | None:
    """What git lists under `directories` (inside `work_tree`): POSIX paths relative to the
    work tree, as git prints them (no quoting: `-z`). A path ending in `/` is an untracked
    nested repository. None when git is missing, fails, or is not this work tree's git."""
    git = shutil.which("git")
    if git is None:
        log.debug("no git binary: reading .gitignore files under %s instead", work_tree)
        return None
    pathspecs = []
    for directory in directories:
        relative = directory.relative_to(work_tree).as_posix()
        if relative == ".":
            pathspecs = []
            break
        pathspecs.append(relative)
    command = [git, "-C", str(work_tree), "ls-files", "-z", "--cached", "--others"]
    command += ["--exclude-standard", "--", *pathspecs]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            env=_environment(work_tree),
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.debug(
            "git ls-files failed in %s (%s): reading .gitignore files instead", work_tree, exc
        )
        return None
    if done.returncode != 0:
        reason = os.fsdecode(done.stderr).strip().splitlines()
        log.debug(
            "git cannot list %s (%s): reading .gitignore files instead",
            work_tree,
            reason[-1] if reason else f"exit {done.returncode}",
        )
        return None
    return [os.fsdecode(entry) for entry in done.stdout.split(b"\0") if entry]
