"""Writes that never leave a half-written file: a temporary file next to the target, then an
atomic rename over it."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"


class OutputError(Exception):
    """A file the benchmark must write or update cannot be."""


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename, keeping an existing file's permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _default_mode()
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _default_mode() -> int:
    # mkstemp makes owner-only files; a new report should get the usual umask-based mode.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def replace_between_markers(text: str, block: str, where: str) -> str:
    """`text` with everything between the bench markers replaced by `block`."""
    start = text.find(README_START)
    end = text.find(README_END, start + len(README_START)) if start >= 0 else -1
    if start < 0 or end < 0:
        raise OutputError(
            f"{where}: no {README_START} ... {README_END} pair; add both markers where the "
            "benchmark table belongs"
        )
    head = text[: start + len(README_START)]
    return f"{head}\n{block.strip()}\n{text[end:]}"


def update_readme(path: Path, block: str) -> None:
    """Put `block` between the bench markers of the README at `path`, nothing else changed."""
    try:
        # Bytes, not read_text: the file's own line endings stay as they are.
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise OutputError(f"{path}: cannot read it ({error})") from error
    write_atomic(path, replace_between_markers(text, block, str(path)).encode("utf-8"))
