"""Reading a manifest's bytes into text, and the path a manifest is reported under.

A manifest that cannot be read (missing, binary, not UTF-8) is a `Problem`, never an
exception out of a reader.
"""

from __future__ import annotations

import os
from pathlib import Path

from handoff.manifests.types import Problem
from handoff.sources import SourceError, decode_text

# A manifest is a few kilobytes; a bigger file with a manifest's name is generated or data.
MAX_BYTES = 5 * 1024 * 1024


def relative_path(path: Path, root: Path) -> str:
    """The POSIX path of `path` relative to `root` (`../x` when it lies outside)."""
    absolute, base = os.path.abspath(path), os.path.abspath(root)
    return Path(os.path.relpath(absolute, base)).as_posix()


def read_text(path: Path, relpath: str) -> tuple[str | None, Problem | None]:
    """The file's text, or None and the problem that stops it being read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, Problem(
                relpath, 1, f"{size} bytes is too large for a manifest; not read", "invalid-file"
            )
        data = path.read_bytes()
    except OSError as exc:
        return None, Problem(relpath, 1, f"cannot read: {exc.strerror or exc}", "invalid-file")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, Problem(
            relpath, line, "binary content (NUL byte); not a text manifest", "invalid-file"
        )
    try:
        return decode_text(data), None
    except SourceError as exc:
        return None, Problem(relpath, exc.line, exc.reason, "invalid-file")
