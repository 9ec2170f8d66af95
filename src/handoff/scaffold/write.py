"""Put the rendered files in DEST without losing anything: DEST must be new or empty unless
forced; a forced run keeps every file it replaces as a backup (`name.bak`, `name.bak.1`, ...,
never overwriting an earlier backup); each file is written beside its target and renamed over
it, so an interrupted run leaves whole files only."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from enum import Enum
from pathlib import Path, PurePosixPath

from handoff.files import write_bytes_atomic
from handoff.scaffold.errors import ScaffoldError
from handoff.scaffold.render import RenderedFile


class Change(str, Enum):
    """What writing one file does to DEST."""

    CREATE = "create"
    REPLACE = "replace"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Action:
    """One file's write: its path in DEST, the change, and its backup (REPLACE only; the
    name is the first free one when planned, and may move on if another appears meanwhile)."""

    path: PurePosixPath
    change: Change
    backup: PurePosixPath | None = None


def check_destination(dest: Path, force: bool) -> None:
    if dest.exists() and not dest.is_dir():
        raise ScaffoldError(f"{dest} exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise ScaffoldError(
            f"{dest} is not empty; pass --force to write into it (every file it replaces is"
            " kept as a .bak backup), or --dry-run to see what that would write"
        )


def backup_path(target: Path) -> Path:
    """The first of `name.bak`, `name.bak.1`, `name.bak.2`, ... that does not exist."""
    candidate = target.with_name(target.name + ".bak")
    number = 0
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = target.with_name(f"{target.name}.bak.{number}")
    return candidate


def _blocking_file(dest: Path, path: PurePosixPath) -> Path | None:
    """A file of DEST where the package needs a folder (one of `path`'s parents)."""
    for parent in reversed(PurePosixPath(path).parents[:-1]):
        if (dest / parent).exists() and not (dest / parent).is_dir():
            return dest / parent
    return None


def plan_writes(dest: Path, files: list[RenderedFile]) -> list[Action]:
    actions = []
    for item in files:
        target = dest / item.path
        blocking = _blocking_file(dest, item.path)
        if blocking is not None or target.is_dir():
            raise ScaffoldError(
                f"{blocking or target} is in the way of {item.path}: move it and run again"
            )
        if not target.exists():
            actions.append(Action(item.path, Change.CREATE))
        elif target.read_bytes() == item.data:
            actions.append(Action(item.path, Change.UNCHANGED))
        else:
            backup = backup_path(target).relative_to(dest)
            actions.append(Action(item.path, Change.REPLACE, PurePosixPath(backup.as_posix())))
    return actions


def _keep_backup(target: Path) -> Path:
    """Give the current file a backup name before it is replaced. A hard link is atomic and
    fails rather than overwrite an existing name; a file system without hard links gets a
    copy opened in exclusive mode, which refuses to overwrite as well."""
    while True:
        backup = backup_path(target)
        try:
            os.link(target, backup)
            return backup
        except FileExistsError:
            continue  # another process took the name meanwhile: take the next one
        except OSError:
            try:
                with open(target, "rb") as source, open(backup, "xb") as copy:
                    shutil.copyfileobj(source, copy)
                shutil.copystat(target, backup)
                return backup
            except FileExistsError:
                continue


def apply_writes(dest: Path, files: list[RenderedFile]) -> list[Action]:
    """Write the files into DEST and return what was done (with the backups' real names)."""
    done = []
    for item, action in zip(files, plan_writes(dest, files)):
        target = dest / item.path
        if action.change is Change.UNCHANGED:
            done.append(action)
            continue
        backup = None
        if action.change is Change.REPLACE:
            backup = PurePosixPath(_keep_backup(target).relative_to(dest).as_posix())
        write_bytes_atomic(target, item.data)
        done.append(Action(item.path, action.change, backup))
    return done
