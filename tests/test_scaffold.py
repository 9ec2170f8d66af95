"""`handoff scaffold`: rendering, the safety rules, template errors, --model/--weights, and the
generated package end to end (installed into a fresh venv with torch, its tests, CLI and
benchmark run, and `handoff check` clean)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import black
import isort
import pytest
import yaml
from generated_package import (
    HANDOFF,
    assert_check_finds_nothing,
    install,
    predict_on_a_sample,
    run,
    run_benchmark,
    run_package_tests,
)
from packaging.version import Version
from typer.testing import CliRunner

from handoff import files as handoff_files
from handoff.cli import app
from handoff.scaffold import ScaffoldError, ScaffoldRequest
from handoff.scaffold import render as render_module
from handoff.scaffold import scaffold
from handoff.scaffold.context import ConfigExtras, ModelWiring, build_context
from handoff.scaffold.render import comment_lines, render_tree

runner = CliRunner()
BLACK = black.Mode(line_length=100, target_versions={black.TargetVersion.PY310})
SMALL_NET = """\
import torch
from torch import nn


class SmallNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))

    def forward(self, images):
        return self.body(images)
"""


def invoke(*args: str):
    return runner.invoke(app, ["scaffold", *args], catch_exceptions=False, env={"NO_COLOR": "1"})


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def render_only(dest: Path, **kw) -> None:
    scaffold(ScaffoldRequest(dest, bootstrap=False, **kw))


# --- rendering ---------------------------------------------------------------------------


def test_the_package_tree_is_rendered_with_the_package_name(tmp_path):
    dest = tmp_path / "cifar-resnet-inference"
    render_only(dest)
    files = tree(dest)
    for module in ("config", "device", "model", "preprocess", "inference", "postprocess", "cli"):
        assert f"src/cifar_resnet_inference/{module}.py" in files
    for name in ("README.md", "pyproject.toml", ".gitignore", ".pre-commit-config.yaml"):
        assert name in files
    assert {"Dockerfile", ".env.example", "config/default.yaml", "tests/test_golden.py"} <= set(
        files
    )
    assert not [p for p in files if p.endswith(".j2") or "__package__" in p]
    pyproject = files["pyproject.toml"].decode()
    torch_version = Version(metadata.version("torch")).public
    assert f'"torch=={torch_version}"' in pyproject
    assert 'cifar-resnet-inference = "cifar_resnet_inference.cli:main"' in pyproject
    readme = files["README.md"].decode()
    assert "<!-- bench:start -->" in readme and "<!-- bench:end -->" in readme
    assert "MIGRATION.md" not in readme  # only a package made `--from` a repo has one


def test_the_config_documents_every_key_and_the_environment_scheme(tmp_path):
    render_only(tmp_path / "pkg", name="demo_model")
    text = (tmp_path / "pkg" / "config" / "default.yaml").read_text()
    config = yaml.safe_load(text)
    assert config["device"] == "auto" and config["model"]["weights_sha256"] is None
    assert config["model"]["class_path"] == "demo_model.example_model:ExampleClassifier"
    assert "DEMO_MODEL__MODEL__WEIGHTS" in text and "DEMO_MODEL_CONFIG" in text
    # Every key sits in a block of keys with a comment right above it (range and effect).
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if re.match(r"\s*\w+:", line):
            above = index - 1
            while re.match(r"\s*(\w+:|\{\})", lines[above]):
                above -= 1
            assert lines[above].lstrip().startswith("#"), f"no comment above {line!r}"


def test_free_form_paths_endpoints_and_secrets_for_a_research_repo(tmp_path):
    extras = ConfigExtras(
        sections={"paths": {"data_root": None, "cache": "cache"}, "endpoints": {"tracker": None}},
        secrets=("wandb_api_key",),
        batch_size=64,
        comments={"paths.data_root": "Replaces a user's home directory at train.py:21."},
    )
    model = ModelWiring("demo.example_model:ExampleClassifier", "weights/example.pt")
    files = {
        str(f.path): f.data.decode()
        for f in render_tree(build_context("demo", "demo", model, extras))
    }
    text = files["config/default.yaml"]
    config = yaml.safe_load(text)
    assert config["paths"] == {"data_root": None, "cache": "cache"}
    assert config["endpoints"] == {"tracker": None} and config["batch_size"] == 64
    # A secret's name maps to the variable it is read from: no name stands as a value.
    assert config["secrets"] == {"wandb_api_key": "DEMO_WANDB_API_KEY"}
    assert "  # Replaces a user's home directory at train.py:21.\n  data_root: null" in text
    assert "DEMO__PATHS__DATA_ROOT" in text
    env_example = files[".env.example"].splitlines()
    assert {"DEMO_WANDB_API_KEY=", "DEMO__PATHS__DATA_ROOT=", "DEMO__ENDPOINTS__TRACKER="} <= set(
        env_example
    )
    assert "DEMO__PATHS__CACHE=" not in env_example
    for bad, message in [
        (ConfigExtras(sections={"hosts": {}}), "unknown config section 'hosts'"),
        (ConfigExtras(comments={"paths.other": "x"}), "'paths.other', which the config"),
        (ConfigExtras(comments={"secrets": "x"}), "'secrets', which the config"),
        (ConfigExtras(batch_size=5000), "batch size 5000: the package accepts 1-4096"),
    ]:
        with pytest.raises(ScaffoldError, match=message):
            build_context("demo", "demo", model, bad)


def test_long_comments_wrap_and_keep_locations_whole():
    text = "Replaces a user's home directory at " + ", ".join(
        f"notebooks/a_very_long_notebook_name_{i}.ipynb:cell_{i}:2" for i in range(3)
    )
    lines = comment_lines(text, indent=2).splitlines()
    assert len(lines) > 1 and all(line.startswith("  # ") for line in lines)
    assert all(len(line) <= 92 for line in lines)
    assert "notebooks/a_very_long_notebook_name_1.ipynb:cell_1:2," in lines[-2] + lines[-1]


@pytest.mark.parametrize("name", ["m", "ab_cd", "abcdefghij_abcdefghij_abcdefghij"])
def test_the_generated_python_is_black_and_isort_clean(tmp_path, name):
    render_only(tmp_path / "pkg", name=name)
    config = isort.Config(profile="black", line_length=100, known_first_party=[name, "bench"])
    unformatted = []
    for path in sorted((tmp_path / "pkg").rglob("*.py")):
        text = path.read_text()
        try:
            black.format_file_contents(text, fast=False, mode=BLACK)
            unformatted.append(f"black: {path.name}")
        except black.NothingChanged:
            pass
        if not isort.check_code(text, config=config, file_path=path):
            unformatted.append(f"isort: {path.name}")
    assert unformatted == []


@pytest.mark.parametrize(
    "name, reason",
    [
        ("class", "keyword"),
        ("json", "shadow"),
        ("bench", "shadow"),
        ("9lives", "identifier"),
        ("a" * 33, "longer than 32"),
    ],
)
def test_a_name_that_cannot_be_a_package_is_refused(tmp_path, name, reason):
    out = invoke(str(tmp_path / "pkg"), "--name", name)
    assert out.exit_code == 2 and reason in out.output and "--name" in out.output
    assert not (tmp_path / "pkg").exists()


# --- safety ------------------------------------------------------------------------------


def test_a_non_empty_destination_is_refused_without_force(tmp_path):
    dest = tmp_path / "pkg"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    out = invoke(str(dest))
    assert out.exit_code == 2 and "not empty" in out.output and "--force" in out.output
    assert tree(dest) == {"notes.txt": b"mine"}


def test_force_keeps_every_replaced_file_and_never_overwrites_a_backup(tmp_path):
    dest = tmp_path / "pkg"
    assert invoke(str(dest)).exit_code == 0
    before = tree(dest)
    (dest / "README.md").write_text("edited")
    (dest / "README.md.bak").write_text("an older backup")
    (dest / "notes.txt").write_text("mine")
    out = invoke(str(dest), "--force")
    assert out.exit_code == 0, out.output
    assert "README.md (backup: README.md.bak.1)" in out.output
    after = tree(dest)
    assert after["README.md"] == before["README.md"]
    assert after["README.md.bak"] == b"an older backup"
    assert after["README.md.bak.1"] == b"edited"
    assert after["notes.txt"] == b"mine"
    # Unchanged files are left alone: no backup of a file that would be written identically.
    assert not [p for p in after if p.endswith(".bak") and p != "README.md.bak"]


def test_dry_run_lists_the_files_and_writes_nothing(tmp_path):
    dest = tmp_path / "pkg"
    out = invoke(str(dest), "--dry-run")
    assert out.exit_code == 0, out.output
    assert "would create   src/pkg/model.py" in out.output
    assert "would create   weights/example.pt" in out.output  # made in a staging folder
    assert "would create   tests/golden/example.json" in out.output
    assert not dest.exists()
    render_only(dest)
    (dest / "README.md").write_text("edited")
    before = {p: p.stat().st_mtime_ns for p in dest.rglob("*")}, tree(dest)
    out = invoke(str(dest), "--dry-run")
    assert "would replace  README.md (backup: README.md.bak)" in out.output
    assert ({p: p.stat().st_mtime_ns for p in dest.rglob("*")}, tree(dest)) == before


def test_a_replaced_file_is_renamed_over_not_rewritten_in_place(tmp_path):
    dest = tmp_path / "pkg"
    render_only(dest)
    (dest / "README.md").write_text("edited")
    other_name = tmp_path / "same-inode"
    os.link(dest / "README.md", other_name)
    render_only(dest, force=True)
    # The old inode still holds the old text: the new file was written aside and renamed.
    assert other_name.read_text() == "edited"
    assert (dest / "README.md.bak").samefile(other_name)
    assert (dest / "README.md").read_text() != "edited"


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "file.txt"
    target.write_text("old")

    def fail(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(handoff_files.os, "replace", fail)
    with pytest.raises(OSError):
        handoff_files.write_bytes_atomic(target, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"] and target.read_text() == "old"


def test_a_file_in_the_way_of_a_folder_is_an_error(tmp_path):
    dest = tmp_path / "pkg"
    dest.mkdir()
    (dest / "src").write_text("not a folder")
    out = invoke(str(dest), "--force")
    assert out.exit_code == 2 and "in the way" in out.output
    assert tree(dest) == {"src": b"not a folder"}


def test_without_torch_at_scaffold_time_the_package_scripts_finish_the_job(tmp_path):
    """What a machine without torch writes (no weights, no golden files, sha256 null), then
    the two commands handoff names in that case: the package's tests pass afterwards."""
    dest = tmp_path / "pkg"
    render_only(dest)
    env = {**os.environ, "PYTHONPATH": str(dest / "src")}
    make = [sys.executable, "-m", "pkg.example_model", "--output", "weights/example.pt"]
    subprocess.run([*make, "--update-config"], cwd=dest, env=env, check=True, timeout=300)
    digest = hashlib.sha256((dest / "weights" / "example.pt").read_bytes()).hexdigest()
    config = yaml.safe_load((dest / "config" / "default.yaml").read_text())
    assert config["model"]["weights_sha256"] == digest
    tests = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    done = subprocess.run(
        [*tests, "--regenerate-golden"],
        cwd=dest,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert json.loads((dest / "tests" / "golden" / "example.json").read_text())["seed"] == 0


# --- template errors ---------------------------------------------------------------------


def broken_templates(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "templates" / "package"
    root.mkdir(parents=True)
    (root / "ok.txt").write_text("copied as it is: {{ not rendered }}\n")
    (root / "notes.md.j2").write_text(text)
    return tmp_path / "templates"


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "# {{ package }}\n\n{{ no_such_variable }}\n",
            "notes.md.j2:3: 'no_such_variable' is undefined",
        ),
        ("line\n{% if %}\n", "notes.md.j2:2: Expected an expression"),
    ],
)
def test_a_template_error_names_the_template_and_line(tmp_path, monkeypatch, text, message):
    monkeypatch.setattr(render_module, "templates_dir", lambda: broken_templates(tmp_path, text))
    out = invoke(str(tmp_path / "pkg"))
    assert out.exit_code == 2
    assert f"templates/package/{message}" in out.output and "Traceback" not in out.output
    assert not (tmp_path / "pkg").exists()


def test_files_without_j2_are_copied_verbatim(tmp_path, monkeypatch):
    monkeypatch.setattr(render_module, "templates_dir", lambda: broken_templates(tmp_path, "x\n"))
    render_only(tmp_path / "pkg")
    assert (tmp_path / "pkg" / "ok.txt").read_text() == "copied as it is: {{ not rendered }}\n"


# --- --model / --weights -----------------------------------------------------------------


@pytest.fixture
def research_repo(tmp_path) -> Path:
    """A research repo with a model module and a DataParallel-style checkpoint."""
    import torch  # pylint: disable=import-outside-toplevel

    repo = tmp_path / "research"
    (repo / "models").mkdir(parents=True)
    (repo / "models" / "small.py").write_text(SMALL_NET)
    # SmallNet's state_dict (body.1 is its Linear layer), keyed as DataParallel saves it.
    generator = torch.Generator().manual_seed(3)
    state = {
        "module.body.1.weight": torch.randn(10, 3 * 32 * 32, generator=generator) / 50,
        "module.body.1.bias": torch.zeros(10),
    }
    torch.save({"state_dict": state}, repo / "best.pt")
    return repo


def test_model_and_weights_are_wired_into_the_package(research_repo, tmp_path, monkeypatch):
    monkeypatch.chdir(research_repo)
    dest = tmp_path / "small-inference"
    out = invoke(str(dest), "--model", "models.small:SmallNet", "--weights", "best.pt")
    assert out.exit_code == 0, out.output
    config = yaml.safe_load((dest / "config" / "default.yaml").read_text())
    digest = hashlib.sha256((research_repo / "best.pt").read_bytes()).hexdigest()
    assert config["model"]["class_path"] == "small_inference.architecture:SmallNet"
    assert config["model"]["weights"] == "weights/best.pt"
    assert config["model"]["weights_sha256"] == digest
    assert (dest / "weights" / "best.pt").read_bytes() == (research_repo / "best.pt").read_bytes()
    assert (dest / "src" / "small_inference" / "architecture.py").read_text() == SMALL_NET
    assert not (dest / "weights" / "example.pt").exists()
    golden = json.loads((dest / "tests" / "golden" / "example.json").read_text())
    assert golden["weights_sha256"] == digest
    assert golden["class_path"] == "small_inference.architecture:SmallNet"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--model", "models.small:SmallNet"], "go together"),
        (
            ["--model", "models.small:Missing", "--weights", "best.pt"],
            "no top-level class 'Missing'",
        ),
        (["--model", "models.nothere:SmallNet", "--weights", "best.pt"], "no file for module"),
        (["--model", "models.small", "--weights", "best.pt"], "expected module:Class"),
    ],
)
def test_model_errors_are_clear(research_repo, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(research_repo)
    out = invoke(str(tmp_path / "pkg"), *args)
    assert out.exit_code == 2 and message in out.output
    assert not (tmp_path / "pkg").exists()


# --- end to end --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory, package_venv) -> tuple[Path, Path]:
    """The default package, scaffolded by the real entry point and installed (not editable)
    into the session's venv: (package root, venv python)."""
    dest = tmp_path_factory.mktemp("e2e") / "cifar-resnet-inference"
    done = run([*HANDOFF, "scaffold", dest], dest.parent)
    assert done.returncode == 0, done.stderr
    install(package_venv, dest)
    return dest, package_venv


@pytest.mark.e2e
def test_e2e_the_generated_tests_pass(generated):
    dest, python = generated
    run_package_tests(python, dest)


@pytest.mark.e2e
def test_e2e_the_cli_predicts_for_a_sample_request(generated, tmp_path):
    _, python = generated
    predictions = predict_on_a_sample(python, "cifar-resnet-inference", tmp_path)
    assert all(len(p["predictions"]) == 3 for p in predictions)


@pytest.mark.e2e
def test_e2e_handoff_check_finds_nothing(generated, tmp_path):
    dest, python = generated
    assert_check_finds_nothing(dest, tmp_path, benchmarked=False)
    # Once the benchmark has written its table into the README, nothing at all.
    run_benchmark(python, dest, tmp_path / "bench-out", 1, 2, update_readme=True)
    assert_check_finds_nothing(dest, tmp_path)


@pytest.mark.e2e
def test_e2e_the_benchmark_runs_from_the_package_root(generated, tmp_path):
    dest, python = generated
    run_benchmark(python, dest, tmp_path / "bench-out", 1, 4)


@pytest.mark.e2e
def test_e2e_a_wired_research_model_passes_its_golden_tests(research_repo, tmp_path, package_venv):
    dest = tmp_path / "small-inference"
    done = run(
        [*HANDOFF, "scaffold", dest, "--model", "models/small.py:SmallNet", "--weights", "best.pt"],
        research_repo,
    )
    assert done.returncode == 0, done.stderr
    install(package_venv, dest)
    run_package_tests(package_venv, dest)
    shutil.rmtree(dest / "tests" / "golden")
    done = run(
        [package_venv, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_golden.py"], dest
    )
    assert done.returncode != 0 and "pytest --regenerate-golden" in done.stdout
