"""The console, json and github reports, `--output`, and the exit codes of `handoff check`,
through the real CLI on real files."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import write_files
from notebooks import code_cell, markdown_cell, notebook
from typer.testing import CliRunner

from handoff import __version__
from handoff.api import Overrides, check
from handoff.cli import app
from handoff.findings import Finding, Severity
from handoff.reports import FORMATS
from handoff.reports.github import annotation

REPO = {
    "train.py": "import os\n\n\ndef main(:\n    pass\n",
    "pkg/sub dir/util.py": "x = 1  # handoff: ignore\n",
    "notebooks/explore.ipynb": notebook(
        markdown_cell("# Training\n"),
        code_cell("import os\nseed = 1  # handoff: ignore\n"),
        code_cell("x = 1\ndef broken(:\n    pass\n"),
    ),
    "clean.py": "print('fine')\n",
}
CONTRACT_KEYS = [
    "rule",
    "name",
    "severity",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "cell",
    "message",
    "fix",
]
SEVERITIES = ["critical", "high", "medium", "low", "info"]
OPTIONAL_INT = {"type": ["integer", "null"], "minimum": 1}
# The contract's JSON output (shared/CONTRACT.md), as a schema: no key more, none less.
CONTRACT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["tool", "version", "findings", "summary"],
    "properties": {
        "tool": {"const": "handoff"},
        "version": {"const": __version__},
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": CONTRACT_KEYS,
                "properties": {
                    "rule": {"type": "string", "pattern": r"^[A-Z]{2,5}\d{3}$"},
                    "name": {"type": "string", "pattern": r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},
                    "severity": {"enum": SEVERITIES},
                    "path": {
                        "type": "string",
                        "pattern": r"^(?![/\\])(?!.*\\)(?!.*(^|/)\.\.(/|$))",
                    },
                    "line": {"type": "integer", "minimum": 1},
                    "column": {"type": "integer", "minimum": 1},
                    "end_line": OPTIONAL_INT,
                    "end_column": OPTIONAL_INT,
                    "cell": OPTIONAL_INT,
                    "message": {"type": "string", "minLength": 1},
                    "fix": {"type": ["string", "null"]},
                },
            },
        },
        "summary": {
            "type": "object",
            "additionalProperties": False,
            "required": ["files", "findings", "by_severity", "skipped"],
            "properties": {
                "files": {"type": "integer", "minimum": 0},
                "findings": {"type": "integer", "minimum": 0},
                "by_severity": {
                    "type": "object",
                    "propertyNames": {"enum": SEVERITIES},
                    "additionalProperties": {"type": "integer", "minimum": 1},
                },
                # Files (or whole folders) left out, by reason: "excluded", "binary", ...
                "skipped": {
                    "type": "object",
                    "propertyNames": {"pattern": r"^[a-z]+(-[a-z]+)*$"},
                    "additionalProperties": {"type": "integer", "minimum": 1},
                },
            },
        },
    },
}
SGR = re.compile(r"\x1b\[([0-9;]*)m")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    write_files(tmp_path, REPO)
    return tmp_path


def only_ho(args: tuple[str, ...]) -> list[str]:
    """`check` with the HO rules only: the reports are under test here, and a rule added to
    another family must not change what these files produce."""
    return [*args, "--select", "HO"] if args[:1] == ("check",) else list(args)


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, only_ho(args), env={"NO_COLOR": "1", **(env or {})})


def run_module(*args: str, env: dict | None = None, cwd: Path | None = None):
    clean = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "handoff", *only_ho(args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**clean, "COLUMNS": "120", **(env or {})},
    )


def color_codes(text: str) -> list[str]:
    """SGR parameters that set a colour (foreground, background, 256/true colour)."""
    found = []
    for params in SGR.findall(text):
        for part in params.split(";"):
            if part and (30 <= int(part) <= 49 or 90 <= int(part) <= 107):
                found.append(part)
    return found


# --- json ----------------------------------------------------------------------------------


def test_json_follows_the_contract_exactly(repo):
    out = invoke("check", str(repo), "--isolated", "--format", "json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    jsonschema.Draft7Validator(CONTRACT_SCHEMA).validate(doc)
    assert list(doc) == ["tool", "version", "findings", "summary"]
    assert all(list(f) == CONTRACT_KEYS for f in doc["findings"])
    assert list(doc["summary"]) == ["files", "findings", "by_severity", "skipped"]
    assert doc["summary"] == {
        "files": 4,
        "findings": 4,
        "by_severity": {"medium": 4},
        "skipped": {},
    }
    paths = [f["path"] for f in doc["findings"]]
    assert paths == sorted(paths)
    assert set(paths) == {"notebooks/explore.ipynb", "pkg/sub dir/util.py", "train.py"}


def test_json_lines_are_one_based_and_notebook_lines_are_in_their_cell(repo):
    doc = json.loads(invoke("check", str(repo), "--isolated", "-f", "json").stdout)
    by_place = {(f["path"], f["rule"]): f for f in doc["findings"]}
    util = by_place[("pkg/sub dir/util.py", "HO003")]
    assert (util["line"], util["column"], util["cell"]) == (1, 8, None)
    cell = by_place[("notebooks/explore.ipynb", "HO003")]
    # Cell 2 among all cells (the markdown cell counts), line 2 inside that cell.
    assert (cell["cell"], cell["line"], cell["column"]) == (2, 2, 11)
    broken = by_place[("notebooks/explore.ipynb", "HO001")]
    assert broken["cell"] == 3 and broken["line"] >= 2


def test_json_summary_counts_severities_after_overrides(repo):
    (repo / "handoff.toml").write_text('[severity]\nHO001 = "high"\n', encoding="utf-8")
    out = invoke("check", str(repo), "-f", "json")
    assert out.exit_code == 1  # two high findings, fail-on high
    doc = json.loads(out.stdout)
    jsonschema.Draft7Validator(CONTRACT_SCHEMA).validate(doc)
    assert doc["summary"]["by_severity"] == {"high": 2, "medium": 2}
    assert list(doc["summary"]["by_severity"]) == ["high", "medium"]  # most severe first


def test_json_with_no_findings(tmp_path):
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    doc = json.loads(invoke("check", str(tmp_path), "--isolated", "-f", "json").stdout)
    jsonschema.Draft7Validator(CONTRACT_SCHEMA).validate(doc)
    assert doc["findings"] == [] and doc["summary"] == {
        "files": 1,
        "findings": 0,
        "by_severity": {},
        "skipped": {},
    }


# --- github --------------------------------------------------------------------------------


def finding(**changes) -> Finding:
    fields = {
        "rule": "HO003",
        "name": "invalid-suppression",
        "severity": Severity.MEDIUM,
        "path": "src/a.py",
        "line": 3,
        "column": 5,
        "message": "bare ignore",
    }
    return Finding(**{**fields, **changes})


def test_github_escapes_data_and_properties():
    odd = finding(path="we,ird:dir/100%.py", message="100% sure\r\nnext: a, b")
    assert annotation(odd) == (
        "::warning file=we%2Cird%3Adir/100%25.py,line=3,col=5,"
        "title=HO003 invalid-suppression::100%25 sure%0D%0Anext: a, b"
    )


@pytest.mark.parametrize(
    "severity, command",
    [
        (Severity.CRITICAL, "error"),
        (Severity.HIGH, "error"),
        (Severity.MEDIUM, "warning"),
        (Severity.LOW, "notice"),
        (Severity.INFO, "notice"),
    ],
)
def test_github_levels(severity, command):
    assert annotation(finding(severity=severity)).startswith(f"::{command} file=src/a.py,")


def test_github_end_positions():
    same_line = annotation(finding(end_line=3, end_column=9))
    assert ",line=3,col=5,endColumn=9,title=" in same_line
    two_lines = annotation(finding(end_line=4, end_column=2))
    assert ",line=3,col=5,endLine=4,title=" in two_lines and "endColumn" not in two_lines


def test_github_notebook_findings_name_the_cell_not_a_file_line():
    text = annotation(finding(path="nb.ipynb", cell=2, line=4, column=1))
    assert text == (
        "::warning file=nb.ipynb,title=HO003 invalid-suppression::bare ignore (cell 2, line 4)"
    )


def test_github_from_the_cli(repo):
    out = invoke("check", str(repo), "--isolated", "--format", "github")
    assert out.exit_code == 0
    lines = out.stdout.splitlines()
    assert len(lines) == 4 and all(line.startswith("::warning file=") for line in lines)
    assert "::warning file=pkg/sub dir/util.py,line=1,col=8,title=HO003 invalid-suppression::" in (
        out.stdout
    )
    (cell,) = [line for line in lines if "HO003" in line and "ipynb" in line]
    assert "line=" not in cell.split("::")[1] and cell.endswith("(cell 2, line 2)")


# --- console -------------------------------------------------------------------------------


def test_console_groups_by_file_with_source_lines_and_a_summary(repo):
    out = invoke("check", str(repo), "--isolated")
    assert out.exit_code == 0, out.output
    text = out.stdout
    headers = [line for line in text.splitlines() if line and not line.startswith(" ")]
    files = ["notebooks/explore.ipynb", "pkg/sub dir/util.py", "train.py"]
    assert headers[:3] == files  # each file once, in order, before its findings
    util_block = text.split("pkg/sub dir/util.py\n", 1)[1].split("\n\n", 1)[0]
    assert "1:8" in util_block and "medium" in util_block
    assert "HO003 invalid-suppression" in util_block
    assert "bare `# handoff: ignore` is refused" in util_block
    nb_block = text.split("notebooks/explore.ipynb\n", 1)[1].split("\n\n", 1)[0]
    assert "cell_2:2:11" in nb_block and "cell_3:" in nb_block
    train_block = text.split("train.py\n", 1)[1].split("\n\n", 1)[0]
    assert "HO001 unparsable-file" in train_block
    # The offending line of each finding that has one, under its message.
    result = check([repo], isolated=True, jobs=1, overrides=Overrides(select=("HO",)))
    shown = [f for f in result.findings if f.source_line.strip()]
    assert {f.rule for f in shown} == {"HO001"}  # the syntax errors
    for finding in shown:
        assert f"│ {finding.source_line.strip()}" in text
    assert "Findings by family and severity" in text
    assert re.search(r"HO\s+The tool itself\s+│\s+4\s+│\s+4", text)
    assert "4 findings in 3 files (4 files checked)." in text
    assert "clean.py" not in text


def test_console_quiet_prints_only_the_summary_line(repo):
    out = invoke("check", str(repo), "--isolated", "--quiet", "--fail-on", "medium")
    assert out.exit_code == 1
    assert out.stdout.strip().splitlines() == [
        "4 findings in 3 files (4 files checked). 4 at or above --fail-on medium."
    ]


def test_console_with_no_findings(tmp_path):
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    out = invoke("check", str(tmp_path), "--isolated")
    assert out.exit_code == 0
    assert out.stdout.strip() == "No findings (1 file checked)."


def test_console_is_plain_text_when_not_a_terminal(repo):
    proc = run_module("check", str(repo), "--isolated")
    assert proc.returncode == 0, proc.stderr
    assert "HO003" in proc.stdout and "\x1b" not in proc.stdout


def test_console_has_no_colour_with_no_color_even_when_forced(repo):
    forced = run_module("check", str(repo), "--isolated", env={"FORCE_COLOR": "1"})
    assert color_codes(forced.stdout)  # the check below is not vacuous
    plain = run_module("check", str(repo), "--isolated", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "HO003" in plain.stdout and color_codes(plain.stdout) == []


# --- --output ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_file_for_each_format(repo, fmt):
    target = repo / "reports" / f"handoff.{fmt}"
    target.parent.mkdir()
    proc = run_module(
        "check", ".", "--isolated", "-f", fmt, "-o", str(target), cwd=repo, env={"FORCE_COLOR": "1"}
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert "\x1b" not in text  # a file is never coloured
    if fmt == "console":
        assert "pkg/sub dir/util.py" in text and "4 findings in 3 files" in text
    elif fmt == "github":
        assert len(text.splitlines()) == 4
    elif fmt == "markdown":
        assert "| **total** | **4** |" in text and "`pkg/sub dir/util.py:1`" in text
    elif fmt == "gitlab":
        assert len(json.loads(text)) == 4
    else:
        doc = json.loads(text)
        count = len(doc["findings"]) if fmt == "json" else len(doc["runs"][0]["results"])
        assert count == 4


@pytest.mark.parametrize("fmt", ["console", "json"])
def test_output_into_a_new_directory_or_an_impossible_place(repo, fmt):
    fresh = repo / "new" / "dir" / "report.txt"
    assert invoke("check", str(repo), "--isolated", "-f", fmt, "-o", str(fresh)).exit_code == 0
    assert "util.py" in fresh.read_text(encoding="utf-8")
    impossible = repo / "train.py" / "report.txt"  # under a file
    out = invoke("check", str(repo), "--isolated", "-f", fmt, "-o", str(impossible))
    assert out.exit_code == 2 and "cannot write" in out.output


# --- exit codes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, code",
    [
        ((), 0),  # HO findings are medium, below the default fail-on high
        (("--fail-on", "medium"), 1),
        (("--fail-on", "MEDIUM"), 1),
        (("--fail-on", "high"), 0),
        (("--fail-on", "info"), 1),
        (("--fail-on", "medium", "--exit-zero"), 0),
        (("--fail-on", "sometimes"), 2),
        (("--fail-on", "medium", "--select", "NOPE999"), 2),
    ],
)
def test_exit_codes(repo, args, code):
    for fmt in ("console", "json"):
        out = invoke("check", str(repo), "--isolated", "-f", fmt, *args)
        assert out.exit_code == code, (fmt, out.output)


def test_exit_code_follows_configured_fail_on_and_severity(repo):
    (repo / "pyproject.toml").write_text(
        '[tool.handoff]\nfail-on = "critical"\n[tool.handoff.severity]\nHO003 = "critical"\n',
        encoding="utf-8",
    )
    assert invoke("check", str(repo)).exit_code == 1
    assert invoke("check", str(repo), "--ignore", "HO003").exit_code == 0
    assert invoke("check", str(repo), "--exit-zero").exit_code == 0


def test_a_clean_repo_passes_even_at_fail_on_info(tmp_path):
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    assert invoke("check", str(tmp_path), "--isolated", "--fail-on", "info").exit_code == 0


def test_configuration_errors_are_exit_2_even_with_exit_zero(repo):
    (repo / "handoff.toml").write_text("colour = true\n", encoding="utf-8")
    out = invoke("check", str(repo), "--exit-zero")
    assert out.exit_code == 2
    assert "colour" in out.output and "handoff.toml" in out.output


def test_exit_codes_of_the_module_entry_point(repo):
    assert run_module("check", str(repo), "--isolated", "-q").returncode == 0
    failing = run_module("check", str(repo), "--isolated", "-q", "--fail-on", "medium")
    assert failing.returncode == 1
    missing = run_module("check", str(repo / "missing"), "--exit-zero")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
