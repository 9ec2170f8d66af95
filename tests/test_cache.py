"""The results cache: unchanged files are not checked again; any change is seen."""

import json

from conftest import project_toml

from handoff.api import Overrides, check
from handoff.cache import CACHE_DIR, FORMAT

CUDA = "import torch\nd = torch.device('cuda:1')\n"


def project(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml("torch==2.3.1"))
    (tmp_path / "a.py").write_text(CUDA)
    (tmp_path / "b.py").write_text("x = 1  # handoff: ignore[DEV001]\n")
    return tmp_path


# The fixture is a fragment of a model project, not its documentation: DOC is off.
NO_DOC = Overrides(ignore=("DOC",))


def run(root, overrides=NO_DOC, **kw):
    return check([root], isolated=True, jobs=1, cache=True, overrides=overrides, **kw)


def test_second_run_reuses_results_and_matches_a_fresh_run(tmp_path, caplog):
    root = project(tmp_path)
    first = run(root)
    cache_files = list((root / CACHE_DIR).glob("*.json"))
    assert len(cache_files) == 1
    assert (root / CACHE_DIR / ".gitignore").read_text().strip().endswith("*")
    caplog.set_level("DEBUG", logger="handoff")
    second = run(root)
    assert "cache: 3 of 3 files unchanged" in caplog.text  # a.py, b.py, pyproject.toml
    fresh = check([root], isolated=True, jobs=1, overrides=NO_DOC)
    assert second.findings == first.findings == fresh.findings
    assert [f.rule for f in second.findings] == ["DEV001", "HO002"]  # suppressions cached too


def test_an_edited_file_is_checked_again(tmp_path):
    root = project(tmp_path)
    run(root)
    (root / "a.py").write_text("import torch\nd = torch.device('cpu')\n")
    assert [f.rule for f in run(root).findings] == ["HO002"]


def test_other_rules_or_settings_do_not_reuse_results(tmp_path):
    root = project(tmp_path)
    run(root)
    result = run(root, overrides=Overrides(ignore=("DEV", "DOC")))
    assert [f.rule for f in result.findings] == []  # DEV001 off: its suppression is not "unused"


def test_corrupt_cache_is_ignored_and_replaced(tmp_path):
    root = project(tmp_path)
    run(root)
    (cache_file,) = (root / CACHE_DIR).glob("*.json")
    cache_file.write_text("{not json")
    assert [f.rule for f in run(root).findings] == ["DEV001", "HO002"]
    assert json.loads(cache_file.read_text())["format"] == FORMAT


def test_cache_directory_is_never_checked(tmp_path):
    root = project(tmp_path)
    run(root)
    assert run(root).files == 3  # a.py, b.py, pyproject.toml; nothing in the cache folder


def test_unwritable_cache_is_no_error(tmp_path):
    root = project(tmp_path)
    (root / CACHE_DIR).write_text("a file where the folder should be")
    assert [f.rule for f in run(root).findings] == ["DEV001", "HO002"]
