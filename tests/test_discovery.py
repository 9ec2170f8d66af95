import os
from pathlib import Path

import pathspec

from handoff.discovery import discover, find_common_root, find_root

NO_EXCLUDE = pathspec.GitIgnoreSpec.from_lines([])


def rels(root: Path, exclude=NO_EXCLUDE, gitignore=True, paths=None):
    return [d.relpath for d in discover(paths or [root], root, exclude, gitignore).files]


def make(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def test_skips_environments_caches_and_build_output(tmp_path):
    make(
        tmp_path,
        "train.py",
        ".git/config.py",
        "env/pyvenv.cfg",
        "env/lib/mod.py",
        "__pycache__/a.py",
        "node_modules/x/a.py",
        "lib/site-packages/torch/a.py",
        "build/lib/a.py",
        "dist/a.py",
        "pkg.egg-info/a.py",
        "src/pkg/model.py",
    )
    assert rels(tmp_path) == ["src/pkg/model.py", "train.py"]


def test_nested_gitignores_and_negation(tmp_path):
    (tmp_path / ".git").mkdir()
    make(tmp_path, "a.py", "b.log", "data/raw.py", "sub/keep.py", "sub/skip.py", "sub/x.log")
    (tmp_path / ".gitignore").write_text("*.log\ndata/\n")
    (tmp_path / "sub" / ".gitignore").write_text("skip.py\n!x.log\n")
    assert rels(tmp_path) == [".gitignore", "a.py", "sub/.gitignore", "sub/keep.py", "sub/x.log"]
    assert "data/raw.py" in rels(tmp_path, gitignore=False)


def test_gitignore_above_the_scanned_directory_applies(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated.py\n")
    make(tmp_path, "pkg/generated.py", "pkg/real.py")
    found = [d.relpath for d in discover([tmp_path / "pkg"], tmp_path, NO_EXCLUDE, True).files]
    assert found == ["pkg/real.py"]


def test_exclude_patterns(tmp_path):
    make(tmp_path, "a.py", "experiments/old.py", "notebooks/scratch.py")
    exclude = pathspec.GitIgnoreSpec.from_lines(["experiments/", "scratch.py"])
    assert rels(tmp_path, exclude) == ["a.py"]


def test_explicit_files_and_several_paths(tmp_path):
    make(tmp_path, "a.py", "b/c.py", "d/e.py")
    found = rels(tmp_path, paths=[tmp_path / "a.py", tmp_path / "b", tmp_path / "a.py"])
    assert found == ["a.py", "b/c.py"]


def test_symlink_loops_do_not_hang(tmp_path):
    make(tmp_path, "pkg/a.py")
    os.symlink(tmp_path / "pkg", tmp_path / "pkg" / "loop")
    os.symlink(tmp_path, tmp_path / "pkg" / "up")
    assert rels(tmp_path) == ["pkg/a.py"]


def test_find_root_walks_up_to_git_or_config(tmp_path):
    (tmp_path / ".git").mkdir()
    make(tmp_path, "src/pkg/mod.py")
    assert find_root(tmp_path / "src" / "pkg" / "mod.py") == tmp_path
    (tmp_path / "src" / "pyproject.toml").write_text("[project]\nname='x'\n")
    assert find_root(tmp_path / "src" / "pkg") == tmp_path / "src"


def test_several_paths_share_the_root_that_holds_them_all(tmp_path):
    """pre-commit names files in path order; the first may be in a nested project."""
    (tmp_path / ".git").mkdir()
    make(tmp_path, "apps/api/Dockerfile", "apps/api/pyproject.toml", "settings.ini", "b/c.py")
    nested, top = tmp_path / "apps" / "api" / "Dockerfile", tmp_path / "settings.ini"
    assert find_common_root([nested]) == tmp_path / "apps" / "api"
    assert find_common_root([nested, top]) == tmp_path
    assert find_common_root([top, nested]) == tmp_path
    assert find_common_root([tmp_path / "b" / "c.py", top]) == tmp_path
