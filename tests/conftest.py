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


PROJECT_LEVEL_RULES = ("REQ001", "REQ003", "REQ005", "QUAL005", "DOC")


def run_check(
    root: Path,
    files: dict[str, str | bytes] | None = None,
    select: tuple[str, ...] | None = None,
    **overrides,
) -> Result:
    """Write `files` under `root` (a git-less project root) and check it, isolated from any
    configuration unless the files include one.

    The files are a fragment, not a project: unless a test selects rules, the rules that judge
    a whole project (REQ's no manifest, undeclared imports, no Python version; DOC's
    documentation) are off, so a test of another family sees that family's findings.
    tests/test_req.py and tests/test_doc.py select them."""
    if select is None:
        overrides.setdefault("ignore", PROJECT_LEVEL_RULES)
    write_files(root, files or {})
    has_config = any(
        Path(p).name in ("handoff.toml", ".handoff.toml", "pyproject.toml") for p in (files or {})
    )
    (root / ".git").mkdir(exist_ok=True)
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


def project_toml(*dependencies: str, handoff: str = "") -> str:
    """A complete project's pyproject.toml: dependencies pinned, Python version stated, a
    formatter configured, so the project-level REQ and QUAL rules have nothing to say and a
    test sees only what it is about. `handoff` is the body of a `[tool.handoff]` table."""
    deps = ", ".join(f'"{d}"' for d in dependencies)
    text = (
        '[project]\nname = "demo"\nversion = "0.1"\nrequires-python = ">=3.10"\n'
        f"dependencies = [{deps}]\n\n[tool.black]\n"
    )
    return text + (f"\n[tool.handoff]\n{handoff}" if handoff else "")


@pytest.fixture(scope="session")
def package_venv(tmp_path_factory) -> Path:
    """A fresh virtual environment with torch==2.13.0 (the CPU build the package index here
    serves), shared by every end-to-end test of a generated package in the session; each
    test installs its package into it. Returns the venv's python."""
    import subprocess  # pylint: disable=import-outside-toplevel
    import venv  # pylint: disable=import-outside-toplevel

    folder = tmp_path_factory.mktemp("package-venv")
    venv.EnvBuilder(with_pip=True).create(folder)
    python = folder / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "torch==2.13.0"],
        check=True,
        capture_output=True,
        timeout=1800,
    )
    return python


# A model's README that documents every part DOC asks for: a test project that is "complete"
# (see `project_toml`) and imports torch has nothing for DOC to report.
DOCUMENTED_README = """# Sentiment model

Classifies movie reviews. Train with `python train.py`.

- Input: English text, one review per string, at most 512 tokens.
- Preprocessing: lower-cased and tokenized with the bundled WordPiece vocabulary.
- Output: a JSON object with `label` (positive or negative) and `score` in [0, 1].
- Default decision threshold 0.5; inference batch size 32.
- Latency: 4 ms per review on a T4.
- Environment: `torch==2.3.1`, seed 42.

```bash
python predict.py --text "great movie"
```
"""
