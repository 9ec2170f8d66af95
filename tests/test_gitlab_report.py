"""`--format gitlab`: GitLab's Code Quality report, validated against the field list GitLab
documents (tests/data/gitlab-code-quality-schema.json), through the real CLI on real files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import write_files
from notebooks import code_cell, markdown_cell, notebook
from typer.testing import CliRunner

from handoff.api import check
from handoff.cli import app
from handoff.reports.gitlab import render
from handoff.suppressions import fingerprint

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "gitlab-code-quality-schema.json").read_text("utf-8")
)
HF = "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"  # a generated fake in the real format
TRAIN = (
    "import torch\n"
    f'TOKEN = "{HF}"\n'
    'DATA = "/home/ana/datasets/cifar10"\n'
    'device = torch.device("cuda:0")\n'
    'other = torch.device("cuda:0")\n'  # the same line twice: two issues, two fingerprints
    'other = torch.device("cuda:0")\n'
    "model.cuda()\n"
)
REPO = {
    "src/train.py": TRAIN,
    "explore.ipynb": notebook(
        markdown_cell("# Explore\n"), code_cell('x = 1\ndf = open("/home/ana/d.csv")\n')
    ),
    "requirements.txt": "torch\n",
}


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    write_files(tmp_path, REPO)
    return tmp_path


def report(repo: Path, *args: str) -> list[dict]:
    out = CliRunner().invoke(
        app, ["check", str(repo), "--isolated", "--format", "gitlab", "-j", "1", *args]
    )
    assert out.exit_code == 1, out.output
    return json.loads(out.stdout)


def test_the_report_follows_gitlabs_field_list(repo: Path):
    issues = report(repo)
    jsonschema.Draft7Validator(SCHEMA).validate(issues)
    assert {i["check_name"] for i in issues} >= {"SEC002", "PATH001", "DEV001", "REQ002"}
    assert all(list(i) == list(issues[0]) for i in issues)
    assert HF not in json.dumps(issues)


@pytest.mark.parametrize(
    "rule, severity",
    [("SEC002", "blocker"), ("PATH001", "critical"), ("REQ002", "critical"), ("DEV003", "minor")],
)
def test_severities_map_to_code_climates(repo: Path, rule: str, severity: str):
    issues = [i for i in report(repo) if i["check_name"] == rule]
    assert issues and {i["severity"] for i in issues} == {severity}


def test_a_configured_severity_is_reported(repo: Path):
    (repo / "handoff.toml").write_text('[severity]\nDEV003 = "info"\n', encoding="utf-8")
    out = CliRunner().invoke(app, ["check", str(repo), "-f", "gitlab", "-j", "1"])
    (cuda,) = [i for i in json.loads(out.stdout) if i["check_name"] == "DEV003"]
    assert cuda["severity"] == "info"


def test_locations_descriptions_and_categories(repo: Path):
    by_line = {(i["location"]["path"], i["location"]["lines"]["begin"]): i for i in report(repo)}
    secret = by_line[("src/train.py", 2)]
    assert secret["description"].startswith("SEC002 known-format-key: Hugging Face Token (hf_j")
    assert secret["categories"] == ["Security"] and secret["type"] == "issue"
    assert secret["location"]["lines"] == {"begin": 2, "end": 2}
    assert by_line[("src/train.py", 4)]["categories"] == ["Compatibility"]


def test_a_notebook_issue_points_at_its_cell_in_the_file(repo: Path):
    (issue,) = [i for i in report(repo) if i["location"]["path"] == "explore.ipynb"]
    assert issue["description"].endswith("(cell 2, line 2)")
    lines = (repo / "explore.ipynb").read_text(encoding="utf-8").splitlines()
    begin, end = issue["location"]["lines"]["begin"], issue["location"]["lines"]["end"]
    cell = "\n".join(lines[begin - 1 : end])
    assert '"cell_type": "code"' in cell and "/home/ana/d.csv" in cell
    assert "# Explore" not in cell


def test_fingerprints_are_unique_stable_and_hold_no_secret_or_line_number(repo: Path):
    first = report(repo)
    fingerprints = [i["fingerprint"] for i in first]
    assert len(set(fingerprints)) == len(fingerprints)  # identical lines told apart
    # Lines added above every finding move them all; no fingerprint changes.
    train = repo / "src" / "train.py"
    train.write_text("# a comment\n\n" + TRAIN, encoding="utf-8")
    moved = report(repo)
    secrets = [i for i in moved if i["check_name"] == "SEC002"]
    assert secrets[0]["location"]["lines"]["begin"] == 4  # was 2
    assert sorted(i["fingerprint"] for i in moved) == sorted(fingerprints)
    # The baseline's key: path, rule and the masked line, numbered among identical ones.
    result = check([repo], isolated=True, jobs=1)
    (secret,) = [f for f in result.findings if f.rule == "SEC002"]
    (issue,) = [i for i in json.loads(render(result)) if i["check_name"] == "SEC002"]
    numbered = f"{fingerprint(secret)}:1"
    assert issue["fingerprint"] == hashlib.sha256(numbered.encode()).hexdigest()[:32]


def test_no_findings_is_an_empty_array_without_a_bom(tmp_path: Path):
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    target = tmp_path / "gl-code-quality-report.json"
    out = CliRunner().invoke(
        app,
        [
            "check",
            str(tmp_path),
            "--isolated",
            "--select",
            "SEC,PATH",
            "-f",
            "gitlab",
            "-o",
            str(target),
        ],
    )
    assert out.exit_code == 0 and out.stdout == ""
    data = target.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert json.loads(data) == []
    jsonschema.Draft7Validator(SCHEMA).validate(json.loads(data))
