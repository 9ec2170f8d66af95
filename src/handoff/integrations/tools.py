"""What the adapters over external tools share: configuration errors, and the version stamp of
a configuration file (settings read once per project are read again when the file changes)."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("handoff")
_WARNED: set[str] = set()


class ToolConfigError(Exception):
    """The project's configuration of a tool cannot be used; the message says which file."""


class ToolMissing(Exception):
    """A rule's tool is not installed."""

    def __init__(self, tool: str, code: str):
        super().__init__(
            f"{code} needs {tool}, which is not installed: `pip install 'handoff[qual]'`"
            f" (or `pip install {tool}`); {code} is skipped"
        )


def stamp(path: Path) -> tuple[int, int] | None:
    """(mtime, size) of a file, None when it is not there."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


def warn_once(message: str) -> None:
    """A warning on stderr, once per process (not once per file checked)."""
    if message not in _WARNED:
        _WARNED.add(message)
        log.warning("%s", message)
