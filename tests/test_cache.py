"""The results cache: unchanged files are not checked again; any change is seen."""

import json
import os
import time

from conftest import project_toml

from handoff import api
from handoff import cache as cache_module
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


HOUR_AGO = time.time_ns() - 3600 * 10**9


def age(*paths):
    """Give files a modification time an hour old: a run then trusts their (size, time)."""
    for path in paths:
        os.utime(path, ns=(HOUR_AGO, HOUR_AGO))


def test_unchanged_files_are_recognised_by_size_and_time_without_reading(tmp_path, monkeypatch):
    root = project(tmp_path)
    age(*root.glob("*.*"))
    first = run(root)  # records each file's size and time with its hash
    hashed = []
    monkeypatch.setattr(cache_module, "_digest", lambda path: hashed.append(path) or "x")
    assert run(root).findings == first.findings
    # Only the other tools' configuration files QUAL reads are hashed (they are few and small).
    assert [p.name for p in hashed if p.suffix == ".py"] == []


def test_a_touched_file_is_hashed_and_still_reused(tmp_path, caplog):
    root = project(tmp_path)
    run(root)
    os.utime(root / "a.py")  # a new time, the same bytes (a checkout, a `touch`)
    caplog.set_level("DEBUG", logger="handoff")
    assert [f.rule for f in run(root).findings] == ["DEV001", "HO002"]
    assert "cache: 3 of 3 files unchanged" in caplog.text


def test_an_edit_of_the_same_size_is_seen(tmp_path):
    root = project(tmp_path)
    age(root / "a.py")
    run(root)
    (root / "a.py").write_text(CUDA.replace("cuda:1", "cpu:01"))  # same length, new time
    assert [f.rule for f in run(root).findings] == ["HO002"]


def test_an_edit_keeping_size_and_time_right_after_a_run_is_seen(tmp_path):
    """Two saves in one clock tick: the run that recorded the first could not trust its
    time (it was too recent), so the second run hashes the file."""
    root = project(tmp_path)
    run(root)
    stat = (root / "a.py").stat()
    (root / "a.py").write_text(CUDA.replace("cuda:1", "cpu:01"))
    os.utime(root / "a.py", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert [f.rule for f in run(root).findings] == ["HO002"]


def test_an_edit_restoring_an_old_time_and_size_is_trusted_like_git(tmp_path):
    """The documented limit (see handoff.cache): same size and a time set back on purpose
    to an old one are taken as unchanged, as git's index takes them."""
    root = project(tmp_path)
    age(root / "a.py")
    run(root)
    (root / "a.py").write_text(CUDA.replace("cuda:1", "cpu:01"))
    age(root / "a.py")
    assert [f.rule for f in run(root).findings] == ["DEV001", "HO002"]
    assert [f.rule for f in check([root], isolated=True, jobs=1, overrides=NO_DOC).findings] == [
        "HO002"
    ]


def test_a_configuration_change_is_not_answered_from_the_cache(tmp_path):
    root = project(tmp_path)
    assert [f.rule for f in check([root], jobs=1, cache=True, overrides=NO_DOC).findings] == [
        "DEV001",
        "HO002",
    ]
    (root / "pyproject.toml").write_text(project_toml("torch==2.3.1", handoff='ignore = ["DEV"]\n'))
    assert [f.rule for f in check([root], jobs=1, cache=True, overrides=NO_DOC).findings] == []


def test_a_rule_severity_change_is_not_answered_from_the_cache(tmp_path):
    root = project(tmp_path)
    assert [f.severity.value for f in check([root], jobs=1, cache=True, overrides=NO_DOC).findings][
        0
    ] == "high"
    severity = '[tool.handoff.severity]\nDEV001 = "low"\n'
    (root / "pyproject.toml").write_text(project_toml("torch==2.3.1") + severity)
    result = check([root], jobs=1, cache=True, overrides=NO_DOC)
    assert [(f.rule, f.severity.value) for f in result.findings][0] == ("DEV001", "low")


def test_another_handoff_version_does_not_reuse_results(tmp_path, monkeypatch):
    root = project(tmp_path)
    age(*root.glob("*.*"))
    run(root)
    (cache_file,) = (root / CACHE_DIR).glob("*.json")
    monkeypatch.setattr(api, "__version__", "999.0")
    run(root)
    (new_file,) = (root / CACHE_DIR).glob("*.json")
    assert new_file != cache_file  # another plan key: nothing of the old results is read
