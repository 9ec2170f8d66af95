"""The pre-commit hook, run by the real pre-commit on real commits.

The hook repository is this checkout as it is now (uncommitted edits included, as
`pre-commit try-repo` does with its shadow repo): its packaging files are copied into a git
repository in tmp and committed, so the test also works from an unpacked sdist. pre-commit
builds the hook's virtualenv once per test session, in a PRE_COMMIT_HOME under tmp (never
the user's cache), and pip-installs handoff from that copy with its dependencies.

Each scenario is a scratch repository with a `.pre-commit-config.yaml` naming the hook
repository by path and rev, `pre-commit install`, staged files and a plain `git commit`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DOCUMENTED_README

from handoff.findings import mask_secret

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None, reason="git is not installed: pre-commit needs it"
)

CHECKOUT = Path(__file__).resolve().parents[1]
# What `pip install .` needs to build handoff (see [tool.hatch.build] in pyproject.toml).
HOOK_REPO_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
HOOK_REPO_DIRS = ("src", "rules", "templates")
GIT_IDENTITY = ("-c", "user.name=t", "-c", "user.email=t@t")
_ALNUM = string.ascii_letters + string.digits


def fake_key(prefix: str, length: int) -> str:
    """A key in a real provider's format, random so it is in no corpus: not a live one."""
    return prefix + "".join(secrets.choice(_ALNUM) for _ in range(length))


@dataclass(frozen=True)
class HookRepo:
    """The hook repository (a committed copy of the checkout), its rev, and the environment
    every git and pre-commit call of the tests runs with."""

    path: Path
    rev: str
    env: dict[str, str]


def _clean_env(pre_commit_home: Path) -> dict[str, str]:
    # GIT_* variables from an outer git (pytest run from a hook) would point git elsewhere.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PRE_COMMIT_HOME=str(pre_commit_home), PRE_COMMIT_COLOR="never", TERM="dumb")
    return env


def git(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *GIT_IDENTITY, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )


def git_ok(cwd: Path, *args: str, env: dict[str, str]) -> str:
    proc = git(cwd, *args, env=env)
    assert proc.returncode == 0, f"git {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def pre_commit(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )


def _copy_checkout(dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in HOOK_REPO_DIRS:
        shutil.copytree(CHECKOUT / name, dest / name, ignore=ignore)
    for name in HOOK_REPO_FILES:
        shutil.copy2(CHECKOUT / name, dest / name)


def _config(hook_repo: HookRepo) -> str:
    return (
        "repos:\n"
        f"  - repo: {hook_repo.path.as_posix()}\n"
        f"    rev: {hook_repo.rev}\n"
        "    hooks:\n"
        "      - id: handoff\n"
    )


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> HookRepo:
    """The checkout as a hook repository, and its hook environment built once."""
    base = tmp_path_factory.mktemp("pre-commit")
    env = _clean_env(base / "home")
    path = base / "handoff-hook"
    _copy_checkout(path)
    git_ok(path, "init", "-q", env=env)
    git_ok(path, "add", "-A", env=env)
    git_ok(path, "commit", "-q", "-m", "hook under test", env=env)
    repo = HookRepo(path, git_ok(path, "rev-parse", "HEAD", env=env).strip(), env)
    # Build the hook's virtualenv now, so a broken build shows here with pip's output.
    warmup = base / "warmup"
    warmup.mkdir()
    git_ok(warmup, "init", "-q", env=env)
    (warmup / ".pre-commit-config.yaml").write_text(_config(repo), encoding="utf-8")
    proc = pre_commit(warmup, "install-hooks", env=env)
    assert proc.returncode == 0, f"building the hook environment failed:\n{proc.stdout}"
    return repo


@pytest.fixture
def project(tmp_path: Path, hook_repo: HookRepo) -> Path:
    """A scratch repository whose commits run the handoff hook: a research project with its
    dependencies pinned and its Python version stated, as the REQ rules ask."""
    root = tmp_path / "project"
    root.mkdir()
    env = hook_repo.env
    git_ok(root, "init", "-q", env=env)
    (root / ".pre-commit-config.yaml").write_text(_config(hook_repo), encoding="utf-8")
    (root / "requirements.txt").write_text("torch==2.3.1\n", encoding="utf-8")
    (root / ".python-version").write_text("3.11\n", encoding="utf-8")
    git_ok(root, "add", ".pre-commit-config.yaml", "requirements.txt", ".python-version", env=env)
    git_ok(root, "commit", "-q", "-m", "pre-commit config", env=env)
    proc = pre_commit(root, "install", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def stage(root: Path, files: dict[str, str | bytes], env: dict[str, str]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    git_ok(root, "add", "--", *files, env=env)


def commit(root: Path, env: dict[str, str], cwd: Path | None = None) -> tuple[int, str]:
    proc = git(cwd or root, "commit", "-m", "change", env=env)
    return proc.returncode, proc.stdout + proc.stderr


def assert_blocked_and_masked(code: int, output: str, where: dict[str, str]) -> None:
    """The commit failed, handoff named each file, and showed each key masked, never whole."""
    assert code != 0, output
    assert "handoff" in output and "Failed" in output, output
    for rel, key in where.items():
        assert rel in output, f"{rel} not named:\n{output}"
        assert key not in output, f"the key in {rel} is shown in full:\n{output}"
        assert mask_secret(key) in output, f"the key in {rel} is not shown masked:\n{output}"


def test_keys_in_env_shell_and_yaml_block_the_commit_and_a_clean_commit_passes(
    project: Path, hook_repo: HookRepo
):
    env = hook_repo.env
    hf, openai, hf_yaml = fake_key("hf_", 34), fake_key("sk-proj-", 48), fake_key("hf_", 34)
    stage(
        project,
        {
            ".env": f"HF_TOKEN={hf}\n",
            "scripts/train.sh": f"#!/bin/sh\nexport OPENAI_API_KEY={openai}\npython train.py\n",
            "configs/train.yaml": f"model: resnet18\nhub:\n  token: {hf_yaml}\n",
        },
        env,
    )
    code, output = commit(project, env)
    assert_blocked_and_masked(
        code,
        output,
        {".env": hf, "scripts/train.sh": openai, "configs/train.yaml": hf_yaml},
    )
    assert git(project, "rev-parse", "HEAD~1", env=env).returncode != 0  # nothing committed

    git_ok(project, "rm", "-r", "-q", "--cached", "--", ".env", "scripts", "configs", env=env)
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + secrets.token_bytes(512)
    stage(
        project,
        {
            "src/train.py": "import os\n\nDATA = os.environ.get('DATA_DIR', 'data')\n",
            "configs/clean.yaml": "model: resnet18\nepochs: 10\nlr: 0.001\n",
            "docs/figure.png": png,  # binary: pre-commit must not hand it to handoff
        },
        env,
    )
    code, output = commit(project, env)
    assert code == 0, output
    assert "handoff" in output and "Passed" in output, output


def test_dockerfile_requirements_and_ini_in_a_nested_project_from_a_subfolder(
    project: Path, hook_repo: HookRepo
):
    """pre-commit names files in path order: the first one here sits in a nested project with
    its own pyproject.toml, and the commit is made from a subfolder. Paths stay relative to
    the repository, never absolute."""
    env = hook_repo.env
    docker, ini = fake_key("hf_", 34), fake_key("sk-proj-", 48)
    # A PyPI upload token: a fixed macaroon header, then ~150 base64 characters.
    pypi = "pypi-AgEIcHlwaS5vcmc" + fake_key("", 150)
    stage(
        project,
        {
            "apps/api/Dockerfile": f"FROM python:3.11-slim\nENV HF_TOKEN={docker}\n",
            "apps/api/pyproject.toml": '[project]\nname = "api"\nversion = "0.1.0"\n',
            "requirements.txt": (
                f"--extra-index-url https://__token__:{pypi}@pypi.acme-ml.com/simple\n"
                "torch==2.3.1\n"
            ),
            "settings.ini": f"[openai]\napi_key = {ini}\n",
        },
        env,
    )
    code, output = commit(project, env, cwd=project / "apps")
    assert_blocked_and_masked(
        code,
        output,
        {"apps/api/Dockerfile": docker, "requirements.txt": pypi, "settings.ini": ini},
    )
    assert str(project) not in output, output


def test_try_repo_from_the_checkout(tmp_path: Path, hook_repo: HookRepo):
    """`pre-commit try-repo`, as a user tries the hook before pinning a rev. It builds its own
    hook environment in a temporary store, so this is the one test that pays for a second."""
    env = dict(hook_repo.env, TMPDIR=str(tmp_path))
    root = tmp_path / "scratch"
    root.mkdir()
    git_ok(root, "init", "-q", env=env)
    key = fake_key("hf_", 34)
    stage(root, {"deploy/.env.production": f"HF_TOKEN={key}\n", "README.md": "# demo\n"}, env)
    proc = pre_commit(root, "try-repo", str(hook_repo.path), "handoff", env=env)
    output = proc.stdout + proc.stderr
    assert_blocked_and_masked(proc.returncode, output, {"deploy/.env.production": key})


def test_unrelated_text_and_binary_files_pass_quietly(project: Path, hook_repo: HookRepo):
    """Files handoff has nothing to say about (docs, data, git attributes, a UTF-16 text
    file, weights, an image) pass without a warning or an error; `-v` shows the hook's output
    even when it passes. (A YAML file that does not parse is an HO001 finding by design.)"""
    env = hook_repo.env
    stage(
        project,
        {
            "README.md": DOCUMENTED_README,
            "LICENSE": "MIT License\n",
            ".gitattributes": "*.pt filter=lfs diff=lfs merge=lfs -text\n",
            "data/labels.csv": "text,label\ngreat,1\nawful,0\n",
            "notes.txt": "notes in UTF-16\n".encode("utf-16"),
            "weights/model.pt": b"PK\x03\x04\0\0" + secrets.token_bytes(2048),
            "train.py": "import torch\n\nDEVICE = 'cuda' if torch.cuda.is_available() else 'cpu'\n",
        },
        env,
    )
    proc = pre_commit(project, "run", "-v", "--all-files", env=env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Passed" in output and "No findings" in output, output
    for noise in ("Traceback", "error", "warning", "skipping", "HO0"):
        assert noise.lower() not in output.lower(), output
