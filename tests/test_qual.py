"""The QUAL rules on real files, with the real black, isort, pylint and bandit: what each flags
and where, how each honours the project's configuration of its tool, that the tool rules are
off by default, and that a tool's own trouble never stops a run."""

from __future__ import annotations

import json
import logging

import pytest
from conftest import run_check, write_files
from notebooks import code_cell, notebook
from typer.testing import CliRunner

from handoff.api import Overrides, check
from handoff.catalog import load_catalog
from handoff.checks.base import FileContext
from handoff.checks.qual.qual004_bandit_issue import BanditIssue
from handoff.cli import app
from handoff.config import Config, enabled_codes
from handoff.integrations import formatters
from handoff.sources import FileKind, Source

UNFORMATTED = "import torch\nmodel = torch.nn.Linear( 10,2 )\nconfig = {'lr':0.1}\n"
FORMATTED = 'import torch\n\nmodel = torch.nn.Linear(10, 2)\nconfig = {"lr": 0.1}\n'
TOOL_RULES = ("QUAL001", "QUAL002", "QUAL003", "QUAL004")


def found(result, *codes: str) -> list[tuple[str, str, int]]:
    assert not result.errors, result.errors
    return [(f.rule, f.path, f.line) for f in result.findings if f.rule in codes]


def of(result, code: str):
    assert not result.errors, result.errors
    return [f for f in result.findings if f.rule == code]


# --- off by default --------------------------------------------------------------------------


def test_the_tool_rules_are_off_by_default_and_all_does_not_turn_them_on():
    catalog = load_catalog()
    default = enabled_codes(Config(), catalog)
    assert not set(TOOL_RULES) & default
    assert "QUAL005" in default and "SEC001" in default
    assert enabled_codes(Config(select=("ALL",)), catalog) == default
    every = {r.code for r in catalog.rules}
    assert default == every - set(TOOL_RULES)  # nothing else is off by default


@pytest.mark.parametrize(
    "selectors",
    [
        {"extend_select": ("QUAL",)},
        {"extend_select": ("QUAL00",)},
        {"select": ("ALL", "QUAL001")},
        {"select": ("not-black-formatted",)},
    ],
)
def test_a_prefix_a_code_or_a_name_turns_an_off_rule_on(selectors):
    config = Config(**selectors)
    assert "QUAL001" in enabled_codes(config, load_catalog())


def test_ignore_all_still_reaches_rules_that_are_off_by_default():
    config = Config(extend_select=("QUAL",), ignore=("ALL",))
    assert enabled_codes(config, load_catalog()) == set()


def test_an_unformatted_file_is_reported_only_when_the_rule_is_selected(tmp_path):
    files = {"train.py": UNFORMATTED}
    assert found(run_check(tmp_path, files), *TOOL_RULES) == []
    result = run_check(tmp_path, files, extend_select=("QUAL",))
    assert ("QUAL001", "train.py", 2) in found(result, "QUAL001")


def test_rules_and_explain_say_which_rules_are_off_by_default():
    runner = CliRunner()
    rules = json.loads(runner.invoke(app, ["rules", "--format", "json"]).stdout)
    defaults = {r["code"]: r["default"] for r in rules}
    assert defaults["QUAL001"] == "off" and defaults["QUAL005"] == "on"
    assert defaults["SEC001"] == "on"
    table = runner.invoke(app, ["rules"], env={"COLUMNS": "200"}).stdout
    assert "default" in table
    explained = runner.invoke(app, ["explain", "QUAL003"], env={"COLUMNS": "200"}).stdout
    assert 'extend-select = ["QUAL003"]' in explained
    assert "Off by default" not in runner.invoke(app, ["explain", "QUAL005"]).stdout


def test_a_catalog_default_must_be_on_or_off(tmp_path):
    from handoff.catalog import (  # pylint: disable=import-outside-toplevel
        CatalogError,
        load_catalog_from,
    )

    entry = (
        "family: ACME\nrules:\n  - {code: ACME001, name: a-rule, severity: low, summary: s,"
        " rationale: r, fix: f, default: sometimes}\n"
    )
    (tmp_path / "ACME.yaml").write_text(entry)
    with pytest.raises(CatalogError, match="'default' is on or off"):
        load_catalog_from(tmp_path)


# --- QUAL001 black ---------------------------------------------------------------------------


def test_black_finding_sits_at_the_first_changed_line_and_counts_the_changes(tmp_path):
    result = run_check(tmp_path, {"train.py": UNFORMATTED}, select=("QUAL001",))
    (finding,) = of(result, "QUAL001")
    assert (finding.line, finding.severity.value) == (2, "low")
    assert "3 lines would change" in finding.message and "black train.py" in finding.message
    assert finding.source_line == "model = torch.nn.Linear( 10,2 )"


def test_black_leaves_formatted_and_crlf_files_alone(tmp_path):
    files = {"a.py": FORMATTED, "b.py": FORMATTED.replace("\n", "\r\n").encode()}
    assert of(run_check(tmp_path, files, select=("QUAL001",)), "QUAL001") == []


LONG_LINE = (
    "config = {'learning_rate': 0.001, 'batch_size': 64, 'epochs': 30, 'seed': 1234, 'warm': 5}\n"
)


@pytest.mark.parametrize(
    "black_config, flagged",
    [
        ("", True),  # 88 columns, and the quotes change
        ("line-length = 100\n", True),  # the quotes still change
        ("line-length = 100\nskip-string-normalization = true\n", False),
        ("skip-string-normalization = true\n", True),  # too long at 88
    ],
)
def test_black_honours_the_projects_line_length_and_string_normalization(
    tmp_path, black_config, flagged
):
    files = {"pyproject.toml": f"[tool.black]\n{black_config}", "cfg.py": LONG_LINE}
    result = run_check(tmp_path, files, select=("QUAL001",))
    assert bool(of(result, "QUAL001")) is flagged


def test_black_honours_the_magic_trailing_comma_setting_and_refuses_bad_versions(tmp_path):
    code = "def f(\n    a,\n):\n    return a\n"  # a magic trailing comma keeps it exploded
    skip = {"pyproject.toml": "[tool.black]\nskip-magic-trailing-comma = true\n", "f.py": code}
    assert of(run_check(tmp_path / "skip", skip, select=("QUAL001",)), "QUAL001")
    keep = {"pyproject.toml": "[tool.black]\ntarget-version = ['py310']\n", "f.py": code}
    assert not of(run_check(tmp_path / "keep", keep, select=("QUAL001",)), "QUAL001")
    bad = {"pyproject.toml": "[tool.black]\ntarget-version = ['py2']\n", "f.py": code}
    result = run_check(tmp_path / "bad", bad, select=("QUAL001",))
    assert of(result, "QUAL001") == []  # a configuration black refuses: a warning, no crash


@pytest.mark.parametrize(
    "setting",
    [
        'extend-exclude = "generated/"',
        'exclude = "/generated/"',
        'force-exclude = "schema_pb2"',
    ],
)
def test_black_honours_its_exclusions(tmp_path, setting):
    files = {
        "pyproject.toml": f"[tool.black]\n{setting}\n",
        "generated/schema_pb2.py": UNFORMATTED,
        "train.py": UNFORMATTED,
    }
    result = run_check(tmp_path, files, select=("QUAL001",))
    assert [f.path for f in of(result, "QUAL001")] == ["train.py"]


def test_black_default_exclusions_apply(tmp_path):
    files = {"build/lib/train.py": UNFORMATTED, "train.py": UNFORMATTED}
    result = run_check(tmp_path, files, select=("QUAL001",), respect_gitignore=False)
    assert [f.path for f in of(result, "QUAL001")] == ["train.py"]


def test_an_unparsable_file_is_ho001s_not_quals(tmp_path):
    selected = (*TOOL_RULES, "HO001")
    result = run_check(tmp_path, {"bad.py": "def f(:\n    pass\n"}, select=selected)
    assert [f.rule for f in result.findings] == ["HO001"]
    assert not result.errors


@pytest.mark.skipif(formatters.black_formats_notebooks(), reason="black[jupyter] is installed")
def test_notebooks_are_skipped_with_a_warning_without_blacks_jupyter_extra(tmp_path, caplog):
    nb = notebook(code_cell("import torch\nmodel = torch.nn.Linear( 10,2 )"))
    with caplog.at_level(logging.WARNING, logger="handoff"):
        result = run_check(tmp_path, {"explore.ipynb": nb}, select=("QUAL001",))
    assert of(result, "QUAL001") == []
    assert "black[jupyter]" in caplog.text


@pytest.mark.skipif(not formatters.black_formats_notebooks(), reason="needs black[jupyter]")
def test_notebook_cells_are_formatted_cell_by_cell(tmp_path):
    nb = notebook(code_cell("x = 1"), code_cell("%matplotlib inline\nmodel = f( 10,2 )"))
    (finding,) = of(run_check(tmp_path, {"nb.ipynb": nb}, select=("QUAL001",)), "QUAL001")
    assert (finding.cell, finding.line) == (2, 2)


# --- QUAL002 isort ---------------------------------------------------------------------------


def test_isort_finding_sits_at_the_first_changed_line(tmp_path, capsys):
    code = '"""Training."""\nimport torch\nimport os\n\nprint(os, torch)\n'
    result = run_check(tmp_path, {"train.py": code}, select=("QUAL002",))
    (finding,) = of(result, "QUAL002")
    assert finding.line == 2 and "3 lines would change" in finding.message
    assert capsys.readouterr().out == ""  # isort prints nothing of its own


def test_isort_uses_the_black_profile_at_blacks_line_length_without_isort_config(tmp_path):
    # 95 columns: isort's default (79) and the black profile (88) would wrap it; black's
    # configured 100 does not.
    names = ", ".join(f"name_{i}" for i in range(9))
    code = f"from package.module import {names}\n"
    assert 88 < len(code) <= 101
    wrapped = run_check(tmp_path / "a", {"m.py": code}, select=("QUAL002",))
    assert of(wrapped, "QUAL002")
    files = {"pyproject.toml": "[tool.black]\nline-length = 100\n", "m.py": code}
    assert not of(run_check(tmp_path / "b", files, select=("QUAL002",)), "QUAL002")


@pytest.mark.parametrize(
    "config_file, text",
    [
        (".isort.cfg", "[settings]\nforce_single_line = true\n"),
        ("pyproject.toml", "[tool.isort]\nforce_single_line = true\n"),
        ("setup.cfg", "[isort]\nforce_single_line = true\n"),
    ],
)
def test_isort_honours_the_projects_configuration(tmp_path, config_file, text):
    files = {config_file: text, "m.py": "from os import path, sep\n"}
    (finding,) = of(run_check(tmp_path, files, select=("QUAL002",)), "QUAL002")
    assert finding.line == 1
    files["m.py"] = "from os import path\nfrom os import sep\n"
    assert not of(run_check(tmp_path, files, select=("QUAL002",)), "QUAL002")


def test_isort_skips_what_its_configuration_and_comments_skip(tmp_path):
    files = {
        ".isort.cfg": "[settings]\nprofile = black\nextend_skip_glob = vendor/*\n",
        "vendor/lib.py": "import sys\nimport os\n",
        # (written in two parts, or isort would skip this test file itself)
        "skipped.py": "# isort: " + "skip_file\nimport sys\nimport os\n",
        "kept.py": "import sys\nimport os\n",
    }
    result = run_check(tmp_path, files, select=("QUAL002",))
    assert [f.path for f in of(result, "QUAL002")] == ["kept.py"]


def test_isort_in_a_notebook_moves_imports_not_blank_lines(tmp_path):
    nb = notebook(code_cell("import torch\nx = torch.ones(1)"), code_cell("import sys\nimport os"))
    (finding,) = of(run_check(tmp_path, {"nb.ipynb": nb}, select=("QUAL002",)), "QUAL002")
    assert (finding.cell, finding.line) == (2, 1)


# --- QUAL003 pylint --------------------------------------------------------------------------


PYLINT_CODE = """\
import not_installed_anywhere


def predict(batch):
    return model(batch)


def resize(image, size):
    return image, size


resize("cat.png")
"""


def test_pylint_errors_with_their_id_and_symbol(tmp_path):
    result = run_check(tmp_path, {"serve.py": PYLINT_CODE}, select=("QUAL003",))
    messages = {f.line: f for f in of(result, "QUAL003")}
    assert sorted(messages) == [5, 12]  # import-error is off by default
    assert "E0602 undefined-variable" in messages[5].message
    assert "E1120 no-value-for-parameter" in messages[12].message
    assert {f.severity.value for f in messages.values()} == {"high"}
    assert messages[5].column == 12


def test_pylint_honours_the_projects_configuration_and_the_rule_option(tmp_path):
    files = {
        ".pylintrc": "[MESSAGES CONTROL]\ndisable = undefined-variable\n",
        "handoff.toml": 'select = ["QUAL003"]\n[rules.QUAL003]\ndisable = []\n',
        "serve.py": PYLINT_CODE,
    }
    write_files(tmp_path, files)
    (tmp_path / ".git").mkdir()
    result = check([tmp_path], jobs=1)
    symbols = sorted(f.message.split(":")[1].split()[1] for f in of(result, "QUAL003"))
    assert symbols == ["import-error", "no-value-for-parameter"]


def test_pylint_reads_pyproject_and_stops_at_the_project_root(tmp_path):
    pyproject = '[tool.pylint."messages control"]\ndisable = ["no-value-for-parameter"]\n'
    files = {"pyproject.toml": pyproject, "pkg/serve.py": PYLINT_CODE}
    result = run_check(tmp_path / "project", files, select=("QUAL003",))
    assert [f.line for f in of(result, "QUAL003")] == [5]


def test_pylint_never_runs_the_repositorys_code(tmp_path):
    """A configuration's init-hook and load-plugins are code from the repository checked: a
    pull request could add one. The rest of that configuration still applies."""
    marker = tmp_path / "hook-ran"
    pyproject = (
        "[tool.pylint.main]\n"
        f"init-hook = \"open({str(marker)!r}, 'w').close()\"\n"
        'load-plugins = ["evil_plugin"]\n'
        '[tool.pylint."messages control"]\n'
        'disable = ["no-value-for-parameter"]\n'
    )
    files = {
        "pyproject.toml": pyproject,
        "evil_plugin.py": f"open({str(marker)!r}, 'w').close()\n",
        "serve.py": PYLINT_CODE,
    }
    result = run_check(tmp_path / "project", files, select=("QUAL003",))
    assert not marker.exists()
    assert [f.line for f in of(result, "QUAL003")] == [5]
    assert not result.errors


def test_pylint_sees_an_edited_file_in_the_same_process(tmp_path):
    files = {"serve.py": "def predict(batch):\n    return model(batch)\n"}
    assert of(run_check(tmp_path, files, select=("QUAL003",)), "QUAL003")
    files["serve.py"] = "def predict(model, batch):\n    return model(batch)\n"
    assert not of(run_check(tmp_path, files, select=("QUAL003",)), "QUAL003")


def test_pylint_leaves_syntax_errors_to_ho001(tmp_path):
    result = run_check(tmp_path, {"bad.py": "def f(:\n"}, select=("QUAL003", "HO001"))
    assert [f.rule for f in result.findings] == ["HO001"]


# --- QUAL004 bandit --------------------------------------------------------------------------


BANDIT_CODE = """\
import pickle
import subprocess

import requests
import yaml


def run(script, url):
    subprocess.run("bash " + script, shell=True, check=True)
    config = yaml.load(open("config.yaml"))
    reply = requests.get(url)
    state = pickle.load(open("state.pkl", "rb"))
    assert reply.ok
    return config, state, "/tmp/out.txt"
"""


def test_bandit_issues_mapped_to_handoffs_severities(tmp_path):
    result = run_check(tmp_path, {"job.py": BANDIT_CODE}, select=("QUAL004",))
    by_line = {f.line: f for f in of(result, "QUAL004")}
    assert "B602 subprocess_popen_with_shell_equals_true" in by_line[9].message
    assert "CWE-78" in by_line[9].message
    assert by_line[9].severity.value == "high"  # high severity, high confidence
    assert by_line[10].severity.value == "medium"  # B506: medium severity, high confidence
    assert by_line[11].severity.value == "low"  # B113: medium severity, low confidence
    assert 13 not in by_line  # B101 assert: low severity, left out


def test_lines_sec_repro_and_path_report_are_not_repeated_by_bandit(tmp_path):
    files = {"job.py": BANDIT_CODE}
    alone = run_check(tmp_path, files, select=("QUAL004",))
    assert {12, 14} <= {f.line for f in of(alone, "QUAL004")}  # B301 pickle, B108 /tmp
    both = run_check(tmp_path, files, select=("QUAL004", "REPRO001", "PATH004"))
    assert {12, 14}.isdisjoint(f.line for f in of(both, "QUAL004"))
    assert [f.line for f in of(both, "REPRO001")] == [12]
    assert [f.line for f in of(both, "PATH004")] == [14]


def test_bandit_honours_nosec(tmp_path):
    code = 'import subprocess\nsubprocess.run("bash " + s, shell=True)  # nosec B602\n'
    assert not of(run_check(tmp_path, {"a.py": code}, select=("QUAL004",)), "QUAL004")


@pytest.mark.parametrize(
    "config",
    [
        {".bandit": "[bandit]\nskips = B602,B506,B113,B301,B108\n"},
        {"pyproject.toml": '[tool.bandit]\nskips = ["B602", "B506", "B113", "B301", "B108"]\n'},
        {".bandit": "[bandit]\nexclude = ./jobs\n"},  # as `bandit -r .` needs it
        {"pyproject.toml": '[tool.bandit]\nexclude_dirs = ["jobs"]\n'},
        {
            ".bandit": "[bandit]\nconfigfile = security/bandit.yaml\n",
            "security/bandit.yaml": "skips: [B602, B506, B113, B301, B108]\n",
        },
    ],
)
def test_bandit_honours_the_projects_configuration(tmp_path, config):
    files = {**config, "jobs/job.py": BANDIT_CODE}
    assert not of(run_check(tmp_path, files, select=("QUAL004",)), "QUAL004")


def test_a_file_bandit_cannot_scan_is_a_warning_and_the_run_goes_on(tmp_path, caplog):
    path = tmp_path / "gone.py"  # deleted between discovery and bandit
    source = Source(path, "gone.py", FileKind.PYTHON, "x = 1\n", code="x = 1\n")
    with caplog.at_level(logging.WARNING, logger="handoff"):
        reports = list(BanditIssue(FileContext(source)).check(source))
    assert reports == []
    assert "bandit could not check gone.py" in caplog.text


# --- QUAL005 tooling configuration -----------------------------------------------------------


def tooling(result):
    return [(f.rule, f.path) for f in of(result, "QUAL005")]


def test_no_tooling_configuration_is_one_info_finding(tmp_path):
    files = {"train.py": FORMATTED, ".editorconfig": "root = true\n"}
    result = run_check(tmp_path, files, select=("QUAL005",))
    assert tooling(result) == [("QUAL005", ".")]
    assert of(result, "QUAL005")[0].severity.value == "info"


@pytest.mark.parametrize(
    "config",
    [
        {"pyproject.toml": "[tool.ruff]\nline-length = 100\n"},
        {"pyproject.toml": '[tool.pylint."messages control"]\ndisable = []\n'},
        {"setup.cfg": "[flake8]\nmax-line-length = 100\n"},
        {"tox.ini": "[mypy-numpy.*]\nignore_missing_imports = true\n"},
        {".pre-commit-config.yaml": "repos: []\n"},
        {".flake8": "[flake8]\n"},
    ],
)
def test_any_formatter_linter_or_pre_commit_configuration_counts(tmp_path, config):
    result = run_check(tmp_path, {**config, "train.py": FORMATTED}, select=("QUAL005",))
    assert tooling(result) == []


def test_a_subfolder_check_sees_the_roots_configuration(tmp_path):
    write_files(tmp_path, {"pyproject.toml": "[tool.black]\n", "src/train.py": FORMATTED})
    (tmp_path / ".git").mkdir()
    result = check([tmp_path / "src"], isolated=True, jobs=1)
    assert tooling(result) == []


def test_a_repo_without_python_needs_no_tooling(tmp_path):
    assert tooling(run_check(tmp_path, {"run.sh": "echo hi\n"}, select=("QUAL005",))) == []


# --- the cache -------------------------------------------------------------------------------


def test_cached_results_follow_the_tools_configuration(tmp_path):
    write_files(tmp_path, {"cfg.py": LONG_LINE.replace("'", '"')})
    (tmp_path / ".git").mkdir()

    def run():
        overrides = Overrides(select=("QUAL001", "QUAL005"))
        return check([tmp_path / "cfg.py"], isolated=True, jobs=1, cache=True, overrides=overrides)

    assert sorted(f.rule for f in run().findings) == ["QUAL001", "QUAL005"]
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    assert [f.rule for f in run().findings] == []  # both: a change to pyproject.toml counts
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 60\n")
    assert [f.rule for f in run().findings] == ["QUAL001"]
