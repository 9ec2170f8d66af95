"""Repo-level findings from the cache: reused while the list of files, the facts the code
records and the files the repo checks depend on are unchanged, and recomputed on any change
to those; and each built-in repo check opens no file its `depends_on` leaves out."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from handoff import api
from handoff.api import Overrides, check
from handoff.checks.base import RepoContext
from handoff.scheduling import results_for

REUSED = "cache: repo-level findings unchanged"
README = "# Model\n\nRun `python infer.py`.\n"


def project(root: Path) -> Path:
    (root / ".git").mkdir()
    (root / "requirements.txt").write_text("numpy==1.26.4\n")
    (root / "infer.py").write_text(
        "import numpy\nimport torch\n\n\ndef predict(x):\n    return x\n"
    )
    (root / "README.md").write_text(README)
    return root


def run(paths, caplog) -> tuple[list, bool]:
    caplog.clear()
    result = check(paths, isolated=True, jobs=1, cache=True)
    return result.findings, REUSED in caplog.text


def rules(findings) -> list[str]:
    return sorted(f.rule for f in findings if f.rule.startswith(("REQ", "DOC")))


@pytest.fixture(name="logged")
def fixture_logged(caplog):
    caplog.set_level("DEBUG", logger="handoff")
    return caplog


def test_an_edit_that_keeps_the_facts_reuses_them_and_shows_the_new_line(tmp_path, logged):
    root = project(tmp_path)
    first, _ = run([root], logged)
    assert "REQ003" in rules(first)
    infer = root / "infer.py"
    infer.write_text(infer.read_text().replace("import torch", "import torch  # the model"))
    again, reused = run([root], logged)
    assert reused
    assert rules(again) == rules(first)
    fresh = check([root], isolated=True, jobs=1)
    assert again == fresh.findings
    shown = [f.source_line for f in again if f.rule == "REQ003"]
    assert shown == ["import torch  # the model"]


def test_a_new_import_is_judged_again(tmp_path, logged):
    root = project(tmp_path)
    run([root], logged)
    infer = root / "infer.py"
    infer.write_text("import numpy\nimport torch\nimport pandas\n" + infer.read_text()[26:])
    findings, reused = run([root], logged)
    assert not reused
    assert [f.message.split("`")[1] for f in findings if f.rule == "REQ003"] == ["torch", "pandas"]


def test_a_manifest_outside_the_checked_paths_is_watched(tmp_path, logged):
    """A run on one file (as pre-commit does) still sees the root's requirements change."""
    root = project(tmp_path)
    infer = root / "infer.py"
    first, _ = run([infer], logged)
    assert "REQ003" in rules(first)
    (root / "requirements.txt").write_text("numpy==1.26.4\ntorch==2.3.1\n")
    again, reused = run([infer], logged)
    assert not reused
    assert "REQ003" not in rules(again)


def test_a_readme_edit_is_judged_again(tmp_path, logged):
    root = project(tmp_path)
    first, _ = run([root], logged)
    assert "DOC006" in rules(first)
    (root / "README.md").write_text(README + "\nUse a batch size of 32 for inference.\n")
    again, reused = run([root], logged)
    assert not reused
    assert "DOC006" not in rules(again)


# --- what each built-in repo check opens -------------------------------------------------

OPENED: list[str] = []
_WATCHING: list[bool] = [False]


def _audit(event: str, args: tuple) -> None:
    if _WATCHING[0] and event == "open" and isinstance(args[0], (str, Path)):
        OPENED.append(str(args[0]))


sys.addaudithook(_audit)  # audit hooks cannot be removed: it records only while watching
FIXTURES = Path(__file__).parent / "fixtures"
PROJECTS = [
    p
    for corpus in ("req_blind_corpus", "doc_blind_corpus", "sep_blind_corpus", "path_corpus")
    for p in sorted((FIXTURES / corpus).iterdir())
    if p.is_dir()
]


@pytest.mark.parametrize("root", PROJECTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_repo_checks_open_only_the_files_they_depend_on(root):
    catalog = api.full_catalog()
    _, config = api.resolve_config([root], catalog, None, True, Overrides())
    plan = api.build_plan(root, config, catalog)
    items = api.discover([root], root, config.exclude_spec(), config.respect_gitignore).files
    file_results = results_for(plan, items, 1, None)
    facts = {r.relpath: r.facts for r in file_results if r.facts}
    files = [(r.relpath, r.kind) for r in file_results]
    for check_class in plan.repo_checks:
        if check_class.reads_outside(plan.options.get(check_class.code, {})):
            continue  # never cached
        repo = RepoContext(root, files, api._source_loader(root, file_results), facts)
        OPENED.clear()
        _WATCHING[0] = True
        try:
            list(check_class(plan.options.get(check_class.code, {})).check(repo))
        finally:
            _WATCHING[0] = False
        inside = [Path(p).resolve() for p in OPENED if Path(p).resolve().is_relative_to(root)]
        undeclared = {
            p.relative_to(root).as_posix()
            for p in inside
            if p.is_file() and not check_class.depends_on(p.relative_to(root).as_posix())
        }
        assert not undeclared, f"{check_class.code} opens {sorted(undeclared)}"
