"""Shared fixtures: write real files into tmp_path and run the real API on them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from handoff.api import Overrides, Result, check


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


def run_check(
    root: Path,
    files: dict[str, str | bytes] | None = None,
    select: tuple[str, ...] | None = None,
    **overrides,
) -> Result:
    """Write `files` under `root` (a git-less project root) and check it, isolated from any
    configuration unless the files include one."""
    (root / ".git").mkdir(exist_ok=True)
    write_files(root, files or {})
    has_config = any(
        Path(p).name in ("handoff.toml", ".handoff.toml", "pyproject.toml") for p in (files or {})
    )
    return check(
        [root],
        isolated=not has_config,
        overrides=Overrides(select=select, **overrides),
        jobs=1,
    )


@pytest.fixture
def checker(tmp_path: Path):
    def _run(files: dict[str, str | bytes], select: tuple[str, ...] | None = None, **kw):
        return run_check(tmp_path, files, select, **kw)

    return _run
