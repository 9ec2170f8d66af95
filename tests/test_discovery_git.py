"""Discovery against git itself: for every file of a real temporary repository, handoff's
decision must be git's. In a work tree that is `git ls-files --cached --others
--exclude-standard`; without git (no binary, or a copy without `.git`) it is what git says
about untracked files (`git check-ignore --no-index`, and `ls-files --others` in a fresh
repository of the copy)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pathspec
import pytest
from typer.testing import CliRunner

from handoff.api import Overrides, check
from handoff.cli import app
from handoff.discovery import discover

NO_EXCLUDE = pathspec.GitIgnoreSpec.from_lines([])
GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")

# (name, ignore files {path: text}, files on disk, files force-added and committed)
CASES = [
    ("extension", {".gitignore": "*.log\n"}, ["a.py", "b.log", "sub/c.log"], []),
    ("dir-only", {".gitignore": "data/\n"}, ["data/x.py", "sub/data/y.py", "other/data"], []),
    ("dir-or-file", {".gitignore": "data\n"}, ["data/x.py", "other/data", "datax.py"], []),
    ("anchored-file", {".gitignore": "/build.py\n"}, ["build.py", "sub/build.py"], []),
    ("anchored-dir", {".gitignore": "/out/\n"}, ["out/a.py", "sub/out/b.py"], []),
    ("middle-slash", {".gitignore": "docs/tmp\n"}, ["docs/tmp/a.py", "x/docs/tmp/b.py"], []),
    ("negation", {".gitignore": "*.py\n!keep.py\n"}, ["a.py", "keep.py", "sub/keep.py"], []),
    (
        "negation-inside-ignored-dir",
        {".gitignore": "logs/\n!logs/keep.py\n"},
        ["logs/keep.py", "logs/a.py", "b.py"],
        [],
    ),
    (
        "only-files-with-an-extension",
        {".gitignore": "*\n!*/\n!*.*\n"},
        ["Makefile", "a.py", "src/Makefile", "src/b.py", "src/sub/c.txt", "LICENSE"],
        [],
    ),
    (
        "dir-contents-negation",
        {".gitignore": "logs/*\n!logs/keep.py\n"},
        ["logs/keep.py", "logs/a.py", "logs/deep/b.py"],
        [],
    ),
    ("leading-double-star", {".gitignore": "**/cache.py\n"}, ["cache.py", "a/cache.py"], []),
    (
        "middle-double-star",
        {".gitignore": "a/**/b.py\n"},
        ["a/b.py", "a/x/b.py", "a/x/y/b.py", "c/a/b.py"],
        [],
    ),
    ("trailing-double-star", {".gitignore": "out/**\n"}, ["out/a.py", "out/x/b.py", "out.py"], []),
    ("double-star-dir", {".gitignore": "**/tmp/\n"}, ["tmp/a.py", "x/tmp/b.py", "y/tmp"], []),
    ("question-mark", {".gitignore": "?.py\n"}, ["a.py", "ab.py", "sub/b.py"], []),
    ("bracket", {".gitignore": "[ab].py\n"}, ["a.py", "b.py", "c.py"], []),
    ("negated-range", {".gitignore": "[!a-c]*.txt\n"}, ["a1.txt", "d1.txt", "z.txt"], []),
    ("char-class", {".gitignore": "[[:digit:]]*.csv\n"}, ["1.csv", "a.csv", "x/9b.csv"], []),
    ("escapes", {".gitignore": "\\#notes.py\n\\!bang.py\n"}, ["#notes.py", "!bang.py", "n.py"], []),
    ("trailing-spaces", {".gitignore": "a.py  \nb\\ \n"}, ["a.py", "b ", "b", "c.py"], []),
    ("comments-and-blanks", {".gitignore": "# *.py\n\n*.tmp\n"}, ["a.py", "x.tmp"], []),
    (
        "nested-negation",
        {".gitignore": "*.log\n", "sub/.gitignore": "!keep.log\n"},
        ["keep.log", "sub/keep.log", "sub/x.log", "sub/deep/keep.log"],
        [],
    ),
    (
        "nested-anchored",
        {"sub/.gitignore": "/only.py\n"},
        ["only.py", "sub/only.py", "sub/deep/only.py"],
        [],
    ),
    (
        "nested-overrides-parent",
        {".gitignore": "secret.py\n", "sub/.gitignore": "!secret.py\n"},
        ["secret.py", "sub/secret.py"],
        [],
    ),
    ("info-exclude", {".git/info/exclude": "*.bak\n"}, ["a.bak", "b.py", "sub/c.bak"], []),
    (
        "tracked-under-ignored-dir",
        {".gitignore": "datasets/\n"},
        ["datasets/prep.py", "datasets/new.py", "train.py"],
        ["datasets/prep.py"],
    ),
    ("tracked-ignored-file", {".gitignore": "*.env\n"}, ["prod.env", "dev.env"], ["prod.env"]),
    (
        "spaces",
        {".gitignore": "my dir/\nb c.py\n"},
        ["my dir/a.py", "other dir/b c.py", "other dir/d e.py"],
        [],
    ),
    (
        "unicode",
        {".gitignore": "données/\ncaf*.py\n"},
        ["données/x.py", "café.py", "naïve.py"],
        ["naïve.py"],
    ),
    ("dotfiles", {".gitignore": ".*\n!.gitignore\n"}, [".env", ".hidden/x.py", "a.py"], []),
    (
        "star-slash",
        {".gitignore": "*/generated.py\n"},
        ["generated.py", "a/generated.py", "a/b/generated.py"],
        [],
    ),
    ("dir-pattern-on-a-file", {".gitignore": "cfg/\n"}, ["cfg", "x/cfg/a.py"], []),
    (
        "reinclude-one-dir",
        {".gitignore": "/tmp*\n!/tmp_keep/\n"},
        ["tmp1/a.py", "tmp_keep/b.py", "tmp.py"],
        [],
    ),
    (
        "gitignore-inside-ignored-dir",
        {".gitignore": "vendor/\n", "vendor/.gitignore": "!*.py\n"},
        ["vendor/a.py", "b.py"],
        [],
    ),
    ("crlf", {".gitignore": "*.log\r\n!x.log\r\n"}, ["a.log", "x.log"], []),
    ("slash-in-bracket", {".gitignore": "a[/]b\n"}, ["a/b", "ab"], []),
    ("unbounded-double-star", {".gitignore": "a**b.py\n"}, ["axyb.py", "sub/ab.py", "a/b.py"], []),
    ("triple-star", {".gitignore": "x/***/z.py\n"}, ["x/z.py", "x/y/z.py", "z.py"], []),
    ("unterminated-bracket", {".gitignore": "[ab.py\n"}, ["[ab.py", "a.py"], []),
]


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(
        [GIT, "-c", "user.name=t", "-c", "user.email=t@t", *args],  # type: ignore[list-item]
        cwd=cwd,
        input=stdin,
        capture_output=True,
        check=True,
    )
    return done.stdout


def zsplit(data: bytes) -> set[str]:
    return {os.fsdecode(p) for p in data.split(b"\0") if p}


@pytest.fixture(autouse=True)
def clean_git_environment(tmp_path, monkeypatch):
    """No user or system git configuration (a global excludesFile) may change the answer."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_DIR", raising=False)


def disk_files(top: Path) -> set[str]:
    out = set()
    for folder, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if d != ".git"]
        out |= {(Path(folder) / f).relative_to(top).as_posix() for f in files}
    return out


def build(repo: Path, ignores: dict[str, str], files: list[str], tracked: list[str]) -> None:
    repo.mkdir()
    git(repo, "init", "-q")
    for rel, text in ignores.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_bytes(text.encode("utf-8"))
    for rel in files:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("x = 1\n", encoding="utf-8")
    if tracked:
        git(repo, "add", "-f", "--", *tracked)
        git(repo, "commit", "-q", "-m", "tracked")


def handoff_files(top: Path, root: Path | None = None) -> set[str]:
    return {d.relpath for d in discover([top], root or top, NO_EXCLUDE, True).files}


def verdicts(candidates: set[str], kept: set[str]) -> dict[str, bool]:
    return {path: path in kept for path in sorted(candidates)}


@pytest.mark.parametrize("name,ignores,files,tracked", CASES, ids=[c[0] for c in CASES])
def test_git_work_tree_matches_git(tmp_path, name, ignores, files, tracked):
    repo = tmp_path / name
    build(repo, ignores, files, tracked)
    listed = zsplit(git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard"))
    everything = disk_files(repo)
    assert verdicts(everything, handoff_files(repo)) == verdicts(everything, listed)


@pytest.mark.parametrize("name,ignores,files,tracked", CASES, ids=[c[0] for c in CASES])
def test_without_git_matches_git_for_untracked_files(
    tmp_path, monkeypatch, name, ignores, files, tracked
):
    repo = tmp_path / name
    build(repo, ignores, files, tracked)
    everything = disk_files(repo)
    ignored = ignored_without_index(repo, everything)
    expected = verdicts(everything, everything - ignored)

    # The same repository, with no git binary to ask.
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    assert verdicts(everything, handoff_files(repo)) == expected
    monkeypatch.undo()

    # A copy without .git (an exported archive), checked against a fresh repository of it.
    copy = tmp_path / "copy"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git"))
    fresh = tmp_path / "fresh"
    shutil.copytree(copy, fresh)
    git(fresh, "init", "-q")
    untracked = zsplit(git(fresh, "ls-files", "-z", "--others", "--exclude-standard"))
    copied = disk_files(copy)
    assert verdicts(copied, handoff_files(copy)) == verdicts(copied, untracked)
    if ".git/info/exclude" not in ignores:
        assert verdicts(copied, untracked) == expected


def ignored_without_index(repo: Path, paths: set[str]) -> set[str]:
    """What git's ignore rules alone say (the index not consulted); exit 1 is "none"."""
    done = subprocess.run(
        [GIT, "check-ignore", "--no-index", "-z", "--stdin"],  # type: ignore[list-item]
        cwd=repo,
        input=b"\0".join(os.fsencode(p) for p in sorted(paths)),
        capture_output=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return zsplit(done.stdout)


def test_deleted_and_untracked_files(tmp_path):
    repo = tmp_path / "repo"
    build(repo, {".gitignore": "*.tmp\n"}, ["gone.py", "kept.py", "unstaged.tmp", "x.tmp"], [])
    git(repo, "add", "-f", "gone.py", "kept.py", "x.tmp")
    git(repo, "commit", "-q", "-m", "c")
    (repo / "gone.py").unlink()  # deleted but still tracked: nothing to check
    git(repo, "rm", "-q", "--cached", "x.tmp")  # untracked again, and ignored
    assert handoff_files(repo) == {".gitignore", "kept.py"}


def test_root_below_the_work_tree_and_a_checked_subfolder(tmp_path):
    repo = tmp_path / "repo"
    build(
        repo,
        {".gitignore": "datasets/\n"},
        ["proj/pyproject.toml", "proj/sub/datasets/prep.py", "proj/sub/a b.py", "proj/top.py"],
        ["proj/sub/datasets/prep.py"],
    )
    root = repo / "proj"
    assert handoff_files(root / "sub", root) == {"sub/a b.py", "sub/datasets/prep.py"}
    assert "top.py" in handoff_files(root, root)


def test_an_empty_git_folder_never_lets_an_enclosing_repository_answer(tmp_path):
    outer = tmp_path / "outer"
    build(outer, {".gitignore": "*.py\n"}, [], [])
    inner = outer / "inner"
    (inner / ".git").mkdir(parents=True)  # a root marker, not a repository
    (inner / "train.py").write_text("x = 1\n")
    assert handoff_files(inner) == {"train.py"}


def test_submodules_and_nested_repositories_are_counted_not_walked(tmp_path):
    repo = tmp_path / "repo"
    build(repo, {}, ["a.py"], ["a.py"])
    commit = git(repo, "rev-parse", "HEAD").decode().strip()
    (repo / "vendor" / "lib").mkdir(parents=True)
    (repo / "vendor" / "lib" / "x.py").write_text("x = 1\n")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{commit},vendor/lib")
    nested = repo / "nested"
    nested.mkdir()
    git(nested, "init", "-q")
    (nested / "y.py").write_text("y = 1\n")
    found = discover([repo], repo, NO_EXCLUDE, True)
    assert [d.relpath for d in found.files] == ["a.py"]
    assert found.skipped == {"submodule": 2}


def test_symlinks(tmp_path):
    repo = tmp_path / "repo"
    build(repo, {}, ["real.py"], [])
    os.symlink("real.py", repo / "link.py")
    os.symlink("missing.py", repo / "dangling.py")
    assert handoff_files(repo) == {"real.py", "link.py"}


def test_skipped_folders_and_files_are_counted_by_reason(tmp_path):
    repo = tmp_path / "repo"
    files = [".venv/pyvenv.cfg", ".venv/lib/a.py", "__pycache__/m.pyc", "old/x.py", "y.py"]
    build(repo, {}, [*files, "notes.py"], [".venv/pyvenv.cfg", ".venv/lib/a.py"])
    exclude = pathspec.GitIgnoreSpec.from_lines(["old/", "notes.py"])
    with_git = discover([repo], repo, exclude, True)
    assert [d.relpath for d in with_git.files] == ["y.py"]
    assert with_git.skipped == {"environment": 1, "cache": 1, "excluded": 2}
    shutil.rmtree(repo / ".git")
    walked = discover([repo], repo, exclude, True)
    assert walked.files == with_git.files and walked.skipped == with_git.skipped


def test_no_respect_gitignore_takes_every_file(tmp_path):
    repo = tmp_path / "repo"
    build(repo, {".gitignore": "*.log\nsecret/\n"}, ["a.py", "b.log", "secret/k.py"], [])
    assert handoff_files(repo) == {".gitignore", "a.py"}
    found = discover([repo], repo, NO_EXCLUDE, False)
    assert {d.relpath for d in found.files} == {".gitignore", "a.py", "b.log", "secret/k.py"}


def test_named_files_are_checked_unless_force_exclude(tmp_path):
    repo = tmp_path / "repo"
    build(repo, {".gitignore": "gen/\n"}, ["gen/a.py", "old/b.py"], [])
    exclude = pathspec.GitIgnoreSpec.from_lines(["old/"])
    named = [repo / "gen" / "a.py", repo / "old" / "b.py"]
    assert [d.relpath for d in discover(named, repo, exclude).files] == ["gen/a.py", "old/b.py"]
    forced = discover(named, repo, exclude, force_exclude=True)
    assert [d.relpath for d in forced.files] == ["gen/a.py"]  # excludes apply, .gitignore not
    assert forced.skipped == {"excluded": 1}


# --- end to end: the issue's reproductions, through the API and the command line ----------

OPENAI_KEY = 'openai.api_key = "sk-proj-qa3bwgCpBZFIEq8dJ9AIyhhXMmEyCAhUli7PoL1_WZXVai0I"\n'


def test_a_committed_secret_under_a_gitignored_folder_is_found(tmp_path):
    repo = tmp_path / "research"
    prep = "import openai\n\n" + OPENAI_KEY
    build(repo, {".gitignore": "datasets/\n"}, ["train.py"], [])
    (repo / "datasets").mkdir()
    (repo / "datasets" / "prep.py").write_text(prep, encoding="utf-8")
    (repo / "datasets" / "scratch.py").write_text(prep, encoding="utf-8")  # untracked: ignored
    git(repo, "add", "-f", "datasets/prep.py")
    git(repo, "commit", "-q", "-m", "prep")
    result = check([repo], isolated=True, jobs=1, overrides=Overrides(select=("SEC",)))
    assert {f.path for f in result.findings} == {"datasets/prep.py"}  # the committed file only
    assert result.files == 3  # .gitignore, train.py, datasets/prep.py


def test_only_files_with_an_extension_idiom_checks_every_such_file(tmp_path):
    repo = tmp_path / "repo"
    files = [f"pkg{i}/mod{j}.py" for i in range(5) for j in range(5)] + ["Makefile", "a.py"]
    build(repo, {".gitignore": "*\n!*/\n!*.*\n"}, files, [])
    result = check([repo], isolated=True, jobs=1)
    assert result.files == 27  # 25 modules, a.py and .gitignore; not Makefile


def test_summary_counts_skipped_files_by_reason(tmp_path):
    repo = tmp_path / "repo"
    big = "x = 1\n" * 40
    build(repo, {}, ["venv/pyvenv.cfg", "venv/lib/a.py", "old/x.py", "ok.py"], [])
    (repo / "big.py").write_text(big, encoding="utf-8")
    (repo / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (repo / "handoff.toml").write_text('extend-exclude = ["old/"]\nmax-file-size = 100\n')
    result = check([repo], jobs=1)
    assert result.skipped == {"binary": 1, "environment": 1, "excluded": 1, "too-large": 1}
    too_large = [f for f in result.findings if f.rule == "HO004"]
    assert [(f.path, f.name) for f in too_large] == [("big.py", "file-too-large")]
    assert f"{len(big):,} bytes" in too_large[0].message
    assert "max-file-size" in too_large[0].message
    out = CliRunner().invoke(app, ["check", str(repo), "--quiet"], env={"NO_COLOR": "1"})
    assert "skipped: 1 binary, 1 environment, 1 excluded, 1 too large)" in out.stdout
    out = CliRunner().invoke(app, ["check", str(repo), "-f", "json"])
    assert json.loads(out.stdout)["summary"]["skipped"] == result.skipped


def test_force_exclude_on_the_command_line(tmp_path):
    repo = tmp_path / "repo"
    build(repo, {}, [], [])
    (repo / "old").mkdir()
    (repo / "old" / "cfg.py").write_text("import openai\n\n" + OPENAI_KEY, encoding="utf-8")
    (repo / "handoff.toml").write_text('extend-exclude = ["old/"]\n')
    named = str(repo / "old" / "cfg.py")
    out = CliRunner().invoke(app, ["check", named, "-f", "json"])
    assert out.exit_code == 1 and '"rule": "SEC' in out.stdout  # named: checked although excluded
    out = CliRunner().invoke(app, ["check", named, "-f", "json", "--force-exclude"])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.stdout)["summary"]
    assert summary["files"] == 0 and summary["skipped"] == {"excluded": 1}
