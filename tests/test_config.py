from pathlib import Path

import pytest
from conftest import project_toml
from typer.testing import CliRunner

from handoff.api import check
from handoff.catalog import load_catalog
from handoff.cli import app
from handoff.config import ConfigError, find_config_file, load_config, parse_config
from handoff.findings import Severity

CATALOG = load_catalog()
SYNTAX_ERROR = "def f(:\n"


def test_defaults_select_everything():
    config = parse_config({}, CATALOG)
    assert config.select == ("ALL",) and config.fail_on is Severity.HIGH


def test_pyproject_table_is_found_walking_up(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.handoff]\nfail-on = "medium"\n')
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    found = find_config_file(tmp_path / "pkg" / "sub")
    assert found == tmp_path / "pyproject.toml"
    assert load_config(found, CATALOG).fail_on is Severity.MEDIUM


def test_pyproject_without_table_is_passed_over(tmp_path):
    (tmp_path / "handoff.toml").write_text('fail-on = "low"\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config_file(tmp_path / "pkg") == tmp_path / "handoff.toml"


def test_handoff_toml_wins_over_pyproject_in_the_same_directory(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.handoff]\nfail-on = "medium"\n')
    (tmp_path / ".handoff.toml").write_text('fail-on = "low"\n')
    assert find_config_file(tmp_path) == tmp_path / ".handoff.toml"


@pytest.mark.parametrize(
    "table,needle",
    [
        ({"selct": ["DEV"]}, "unknown key 'selct'"),
        ({"select": ["NOPE123"]}, "'select' names unknown rule or prefix 'NOPE123'"),
        ({"ignore": "DEV999"}, "'ignore' names unknown rule"),
        ({"fail-on": "urgent"}, "'fail-on': unknown severity 'urgent'"),
        ({"severity": {"XYZ001": "low"}}, "severity.XYZ001"),
        ({"per-file-ignores": {"tests/*": ["BOGUS1"]}}, "per-file-ignores.tests/*"),
        ({"rules": {"NOPE001": {}}}, "'rules.NOPE001' names an unknown rule"),
        ({"rules": {"HO001": {"colour": 1}}}, "unknown option 'rules.HO001.colour'"),
        ({"respect-gitignore": "yes"}, "'respect-gitignore' must be true or false"),
        ({"max-file-size": -1}, "'max-file-size' must be a positive number"),
    ],
)
def test_invalid_config_names_the_key_and_file(tmp_path, table, needle):
    with pytest.raises(ConfigError) as info:
        parse_config(table, CATALOG, tmp_path / "handoff.toml")
    assert needle in str(info.value)
    assert str(tmp_path / "handoff.toml") in str(info.value)


def test_selectors_by_code_prefix_and_name():
    config = parse_config({"select": ["HO00", "unparsable-file", "HO003"]}, CATALOG)
    assert config.select == ("HO00", "unparsable-file", "HO003")


def run_cli(args, cwd: Path):
    return CliRunner().invoke(app, args, catch_exceptions=False, env={"NO_COLOR": "1"})


def project(tmp_path: Path, config: str, files: dict[str, str]) -> Path:
    (tmp_path / ".git").mkdir()
    # A complete project (see conftest.project_toml) under the configuration being tested.
    body = config.replace("[tool.handoff]", "", 1) if "[tool.handoff]" in config else None
    text = project_toml(handoff=body.lstrip("\n") or "\n") if body is not None else config
    (tmp_path / "pyproject.toml").write_text(text)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    return tmp_path


def test_invalid_toml_is_exit_2_with_the_file_named(tmp_path):
    root = project(tmp_path, "[tool.handoff\nselect = [", {"a.py": "x = 1\n"})
    result = run_cli(["check", str(root)], root)
    assert result.exit_code == 2
    assert "pyproject.toml" in result.output and "invalid TOML" in result.output
    assert "Traceback" not in result.output


def test_unknown_key_is_exit_2(tmp_path):
    root = project(tmp_path, "[tool.handoff]\nfial-on = 'low'\n", {"a.py": "x = 1\n"})
    result = run_cli(["check", str(root)], root)
    assert result.exit_code == 2 and "fial-on" in result.output


def test_per_file_ignores_and_severity_overrides(tmp_path):
    config = """
[tool.handoff]
fail-on = "critical"
[tool.handoff.per-file-ignores]
"legacy/**" = ["unparsable-file"]
[tool.handoff.severity]
HO001 = "critical"
"""
    root = project(tmp_path, config, {"legacy/old.py": SYNTAX_ERROR, "new.py": SYNTAX_ERROR})
    result = check([root])
    assert [(f.path, f.severity) for f in result.findings] == [("new.py", Severity.CRITICAL)]
    assert result.failing


def test_exclude_and_extend_exclude(tmp_path):
    config = '[tool.handoff]\nexclude = ["vendor/"]\nextend-exclude = ["*_old.py"]\n'
    root = project(
        tmp_path, config, {"vendor/x.py": SYNTAX_ERROR, "a_old.py": SYNTAX_ERROR, "b.py": "y=1\n"}
    )
    assert check([root]).findings == []


def test_config_file_option_and_isolated(tmp_path):
    root = project(tmp_path, "[tool.handoff]\nignore = ['HO']\n", {"bad.py": SYNTAX_ERROR})
    assert check([root]).findings == []
    assert len(check([root], isolated=True).findings) == 1
    other = tmp_path / "strict.toml"
    other.write_text("select = ['HO001']\n")
    result = run_cli(["check", str(root), "--config", str(other)], root)
    assert result.exit_code == 0 and "HO001" in result.output  # medium < high: exit 0
    missing = run_cli(["check", str(root), "--config", str(tmp_path / "nope.toml")], root)
    assert missing.exit_code == 2 and "not found" in missing.output
