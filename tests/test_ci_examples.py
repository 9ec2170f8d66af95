"""The CI templates in examples/ci: parsed with PyYAML, their steps and keys checked, and
every handoff command line they run run as written through the real CLI, in the order the
job runs them, on a fresh git repository. The README shows both files as they are."""

from __future__ import annotations

import json
import os
import re
import shlex
import string
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import write_files

import handoff
from handoff.api import check

ROOT = Path(__file__).resolve().parents[1]
CI = ROOT / "examples" / "ci"
DATA = Path(__file__).parent / "data"
PACKAGE_PARENT = Path(handoff.__file__).resolve().parents[1]
GITHUB = CI / "github-actions.yml"
GITLAB = CI / "gitlab-ci.yml"
HF = "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"  # a generated fake in the real format
HIGH_ONLY = {
    "train.py": 'DATA = "/home/ana/datasets/cifar10"\n',
    "requirements.txt": "torch==2.3.0\n",
    "pyproject.toml": '[project]\nname = "demo"\nversion = "0.1"\nrequires-python = ">=3.10"\n',
}
WITH_A_KEY = {**HIGH_ONLY, "deploy.sh": f"export HF_TOKEN={HF}\n"}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def handoff_lines(commands: list[str]) -> list[list[str]]:
    """The handoff command lines among shell commands, as argument lists."""
    return [shlex.split(c) for c in commands if c.split()[:1] == ["handoff"]]


@pytest.fixture(name="project")
def fixture_project(tmp_path: Path):
    """A fresh git repository, with the files a test gives it committed."""

    def make(files: dict[str, str]) -> Path:
        repo = tmp_path / "repo"
        repo.mkdir()
        write_files(repo, files)
        git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "."], check=True)
        subprocess.run([*git, "commit", "-qm", "research code"], check=True)
        return repo

    return make


def run_as_ci(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """One command line as a CI shell runs it: variables expanded, then handoff itself."""
    assert argv[0] == "handoff", argv
    args = [string.Template(a).substitute(env) for a in argv[1:]]
    clean = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    # The handoff these tests import, whatever the working directory.
    clean["PYTHONPATH"] = os.pathsep.join([str(PACKAGE_PARENT), clean.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "handoff", *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


# --- GitHub Actions ------------------------------------------------------------------------


def github_steps() -> list[dict]:
    (job,) = load(GITHUB)["jobs"].values()
    return job["steps"]


def test_github_workflow_steps_and_permissions():
    workflow = load(GITHUB)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and "push" in triggers
    assert workflow["permissions"]["security-events"] == "write"
    steps = github_steps()
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/checkout@")
    runs = [s.get("run", "") for s in steps]
    gate = next(i for i, r in enumerate(runs) if r.startswith("handoff check"))
    assert shlex.split(runs[gate])[2:] == ["--fail-on", "critical"]
    assert "if" not in steps[gate]  # the check itself fails the job
    sarif = next(i for i, r in enumerate(runs) if "--format sarif" in r)
    upload = uses.index("github/codeql-action/upload-sarif@v3")
    assert gate < sarif < upload
    # Uploaded even when the check failed: the SARIF step and the upload run always.
    assert steps[sarif]["if"] == "always()" and steps[upload]["if"] == "always()"
    written = shlex.split(runs[sarif])
    output = written[written.index("--output") + 1]
    sarif_file = steps[upload]["with"]["sarif_file"]
    assert sarif_file.replace("${{ runner.temp }}", "$RUNNER_TEMP") == output
    assert "--exit-zero" in written  # a SARIF step that fails would say nothing new


def test_github_workflow_commands_run_through_the_real_cli(project, tmp_path: Path):
    repo = project(WITH_A_KEY)
    runner = tmp_path / "runner"
    runner.mkdir()
    env = {"RUNNER_TEMP": str(runner), "GITHUB_STEP_SUMMARY": str(runner / "summary.md")}
    steps = [s for s in github_steps() if s.get("run", "").startswith("handoff")]
    results = [run_as_ci(shlex.split(s["run"]), repo, env) for s in steps]
    assert [r.returncode for r in results] == [1, 0, 0], [r.stderr for r in results]
    assert "SEC002" in results[0].stdout and "Traceback" not in results[0].stderr
    sarif = json.loads((runner / "handoff.sarif").read_text(encoding="utf-8"))
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(sarif)
    reported = [r["ruleId"] for r in sarif["runs"][0]["results"]]
    summary = (runner / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## handoff readiness report") and "❌ Not ready" in summary
    # The later runs see the same project: nothing the earlier ones wrote adds a finding.
    assert f"| **total** | **{len(reported)}** |" in summary
    assert len(reported) == len(check([repo], jobs=1).findings)
    assert HF not in summary + json.dumps(sarif)


def test_github_check_step_passes_high_findings(project, tmp_path: Path):
    repo = project(HIGH_ONLY)
    gate = next(s["run"] for s in github_steps() if s.get("run", "").startswith("handoff"))
    result = run_as_ci(shlex.split(gate), repo, {})
    assert result.returncode == 0, result.stdout  # high findings, none critical
    assert "PATH001" in result.stdout


# --- GitLab --------------------------------------------------------------------------------


def test_gitlab_job_uploads_the_code_quality_report_always():
    (job,) = load(GITLAB).values()
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always"
    (line,) = handoff_lines(job["script"])
    assert line[:2] == ["handoff", "check"]
    assert line[line.index("--format") + 1] == "gitlab"
    assert line[line.index("--output") + 1] == artifacts["reports"]["codequality"]
    assert line[line.index("--fail-on") + 1] == "critical"


@pytest.mark.parametrize("files, exit_code", [(WITH_A_KEY, 1), (HIGH_ONLY, 0)])
def test_gitlab_job_command_runs_through_the_real_cli(project, files, exit_code):
    repo = project(files)
    (job,) = load(GITLAB).values()
    (line,) = handoff_lines(job["script"])
    result = run_as_ci(line, repo, {})
    assert result.returncode == exit_code, result.stderr
    report = repo / job["artifacts"]["reports"]["codequality"]
    issues = json.loads(report.read_text(encoding="utf-8"))
    schema = json.loads((DATA / "gitlab-code-quality-schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(issues)
    assert ("blocker" in {i["severity"] for i in issues}) == (exit_code == 1)


# --- the examples folder and the README ----------------------------------------------------


def test_the_ci_templates_add_no_finding_to_the_examples():
    """examples/ci sits next to the example project, not in it: checking all of examples/
    finds what the example project has, and nothing in the templates."""
    result = check([ROOT / "examples" / "ci"], jobs=1)
    assert result.files == 2 and result.findings == []


@pytest.mark.parametrize("path", [GITHUB, GITLAB])
def test_the_readme_shows_each_template_as_it_is(path: Path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    assert path.read_text(encoding="utf-8") in blocks, f"README.md does not show {path.name}"
