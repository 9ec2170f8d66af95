"""The real entry point: typer's CliRunner on the app, and `python -m handoff` in a subprocess."""

import json
import subprocess
import sys

import yaml
from conftest import project_toml
from typer.testing import CliRunner

from handoff import __version__
from handoff.catalog import load_catalog
from handoff.cli import app

runner = CliRunner()
SYNTAX_ERROR = "def f(:\n"


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False, env={"NO_COLOR": "1"})


def test_version():
    out = invoke("--version")
    assert out.exit_code == 0 and __version__ in out.output


def test_rules_table_and_json():
    table = invoke("rules")
    assert table.exit_code == 0
    for rule in load_catalog().rules:
        assert rule.code in table.output
    data = json.loads(invoke("rules", "--format", "json").output)
    assert {r["code"] for r in data} == {r.code for r in load_catalog().rules}
    assert all(r["examples"]["bad"] and r["examples"]["good"] for r in data)


def test_explain_by_code_and_name():
    by_code = invoke("explain", "HO001")
    by_name = invoke("explain", "unparsable-file")
    assert by_code.exit_code == 0 and by_code.output == by_name.output
    assert "Why it matters" in by_code.output and "How to fix" in by_code.output
    missing = invoke("explain", "NOPE001")
    assert missing.exit_code == 2 and "handoff rules" in missing.output


def test_missing_path_is_exit_2(tmp_path):
    out = invoke("check", str(tmp_path / "nope"))
    assert out.exit_code == 2 and "no such file" in out.output


def test_bad_option_values_are_exit_2(tmp_path):
    assert invoke("check", str(tmp_path), "--fail-on", "urgent").exit_code == 2
    assert invoke("check", str(tmp_path), "--select", "NOPE").exit_code == 2
    assert invoke("check", str(tmp_path), "--format", "xml").exit_code == 2


def test_exit_codes_follow_fail_on(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml())
    (tmp_path / "bad.py").write_text(SYNTAX_ERROR)  # HO001: medium
    assert invoke("check", str(tmp_path)).exit_code == 0
    assert invoke("check", str(tmp_path), "--fail-on", "medium").exit_code == 1
    assert invoke("check", str(tmp_path), "--fail-on", "low", "--exit-zero").exit_code == 0


def test_pre_commit_style_file_list_finds_the_root_and_its_config(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml(handoff='fail-on = "medium"\n'))
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "bad.py").write_text(SYNTAX_ERROR)
    (tmp_path / "pkg" / "ok.py").write_text("x = 1\n")
    proc = subprocess.run(
        [sys.executable, "-m", "handoff", "check", "--format", "json", "pkg/bad.py", "pkg/ok.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert [f["path"] for f in doc["findings"]] == ["pkg/bad.py"]
    assert doc["summary"]["files"] == 2


def test_pre_commit_hook_definition():
    from pathlib import Path

    hooks = yaml.safe_load((Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "handoff" and hook["entry"] == "handoff check"
    # every text file: handoff's text checks read all of them (.env, YAML, shell, Dockerfile...)
    assert hook["types"] == ["text"] and "types_or" not in hook and "files" not in hook
