"""Run the rendered package's own scripts at scaffold time, in a staging copy outside DEST:
`python -m <pkg>.example_model` creates the example weights from a fixed seed and
`python -m <pkg>.golden` records the golden outputs the package's tests compare against.

They run in a child process of handoff's own interpreter (torch must be importable here):
the package imports itself by name, and a child keeps its modules and any state torch sets
out of handoff's process. Without torch, the package ships the same scripts for the user."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from handoff.scaffold.errors import ScaffoldError
from handoff.scaffold.render import RenderedFile

GOLDEN_DIR = "tests/golden"
TIMEOUT_SECONDS = 900
# The scripts run offline whatever the caller's environment says.
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def torch_available() -> bool:
    try:
        return importlib.util.find_spec("torch") is not None
    except (ImportError, ValueError):  # a broken install, or torch blocked in sys.modules
        return False


@contextmanager
def staging() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="handoff-scaffold-") as folder:
        yield Path(folder)


def stage(folder: Path, files: list[RenderedFile]) -> None:
    for item in files:
        target = folder / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data)


def _environment(folder: Path, package: str) -> dict[str, str]:
    """The caller's environment without the package's own settings (an override of the
    device or dtype would change the golden outputs), the staged sources first on the path."""
    prefix = package.upper()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(f"{prefix}__") and key != f"{prefix}_CONFIG"
    }
    env["PYTHONPATH"] = os.pathsep.join(
        [str(folder / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return {**env, **OFFLINE}


def run_module(folder: Path, package: str, module: str, *args: str) -> str | None:
    """Run `python -m <package>.<module> args` in the staging folder: None when it worked,
    else the end of what it printed (the reason)."""
    try:
        proc = subprocess.run(
            [sys.executable, "-m", f"{package}.{module}", *args],
            cwd=folder,
            env=_environment(folder, package),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"`python -m {package}.{module}` did not finish in {TIMEOUT_SECONDS} s"
    if proc.returncode == 0:
        return None
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-12:]
    return "\n".join(tail) or f"exit code {proc.returncode}"


def collect(folder: Path, relative: str) -> list[RenderedFile]:
    """The files a script wrote under `relative`, as files of the package."""
    root = folder / relative
    if root.is_file():
        return [RenderedFile(PurePosixPath(relative), root.read_bytes())]
    return [
        RenderedFile(PurePosixPath(path.relative_to(folder).as_posix()), path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]


def example_weights(folder: Path, package: str, weights: str, seed: int) -> RenderedFile:
    failure = run_module(folder, package, "example_model", "--output", weights, "--seed", str(seed))
    if failure:
        raise ScaffoldError(f"creating the example weights failed:\n{failure}")
    return collect(folder, weights)[0]


def golden_files(folder: Path, package: str) -> tuple[list[RenderedFile], str | None]:
    """(the golden files, None) or ([], why they could not be made)."""
    failure = run_module(folder, package, "golden", "--output", GOLDEN_DIR)
    if failure:
        return [], failure
    return collect(folder, GOLDEN_DIR), None
