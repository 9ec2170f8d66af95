"""Reading the report: the default baseline at the project root, report files that honour
the umask, critical findings that cannot be missed, `--sort`, `--statistics`, and output
that is never cut at 80 columns. Through the real CLI on real files."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import DOCUMENTED_README, project_toml, write_files
from typer.testing import CliRunner

from handoff.cli import app

CUDA = "import torch\ndevice = torch.device('cuda:1')\n"


def invoke(*args: str, env: dict | None = None):
    """The CLI in-process; its stdout is not a terminal, as in CI. COLUMNS only when given."""
    return CliRunner().invoke(
        app, list(args), env={"NO_COLOR": "1", "COLUMNS": None, **(env or {})}
    )


def run_module(*args: str, env: dict | None = None, cwd: Path | None = None, umask=-1):
    """`python -m handoff` with stdout a pipe, as in CI and pre-commit logs."""
    clean = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS")}
    return subprocess.run(
        [sys.executable, "-m", "handoff", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**clean, **(env or {})},
        umask=umask,
    )


def run_cli(*args: str, columns: str | None) -> tuple[int, str]:
    """With `columns`, in-process with COLUMNS set; without, in a subprocess writing to a
    real pipe with no COLUMNS, as a CI job or pre-commit runs it."""
    if columns:
        out = invoke(*args, env={"COLUMNS": columns})
        return out.exit_code, out.stdout
    proc = run_module(*args)
    return proc.returncode, proc.stdout


# --- the default baseline ------------------------------------------------------------------


def test_baseline_without_config_is_written_at_the_root_and_applied_by_check(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml("torch==2.3.1"))
    write_files(tmp_path, {"src/a.py": CUDA, "README.md": DOCUMENTED_README})
    wrote = invoke("baseline", str(tmp_path / "src"))
    assert wrote.exit_code == 0, wrote.output
    baseline = tmp_path / ".handoff-baseline.json"
    assert [e["rule"] for e in json.loads(baseline.read_text())["findings"]] == ["DEV001"]
    assert "applies it from the project root" in wrote.output
    assert "to  to" not in wrote.output and "baseline = " not in wrote.output

    clean = invoke("check", str(tmp_path), "--fail-on", "info")
    assert clean.exit_code == 0, clean.output
    assert "No findings" in clean.output
    assert "1 in the baseline .handoff-baseline.json" in clean.output  # said in the summary

    # A new finding is reported; the accepted one stays hidden.
    write_files(tmp_path, {"src/b.py": CUDA})
    new = invoke("check", str(tmp_path), "-f", "json")
    assert [f["path"] for f in json.loads(new.stdout)["findings"]] == ["src/b.py"]

    everything = invoke("check", str(tmp_path), "--no-baseline", "-q")
    assert "2 findings" in everything.output and "baseline" not in everything.output


def test_a_configured_baseline_wins_over_the_default_file(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml("torch==2.3.1"))
    files = {"a.py": CUDA, "handoff.toml": 'baseline = "accepted.json"\n'}
    write_files(tmp_path, {**files, "README.md": DOCUMENTED_README})
    assert invoke("baseline", str(tmp_path)).exit_code == 0
    assert (tmp_path / "accepted.json").is_file()
    assert not (tmp_path / ".handoff-baseline.json").exists()
    (tmp_path / ".handoff-baseline.json").write_text('{"findings": []}\n')
    out = invoke("check", str(tmp_path), "-q")
    assert "1 in the baseline accepted.json" in out.output


def test_baseline_written_elsewhere_says_how_to_apply_it(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml("torch==2.3.1"))
    config = project_toml("torch==2.3.1", handoff='fail-on = "high"\n')
    write_files(tmp_path, {"a.py": CUDA, "pyproject.toml": config, "README.md": DOCUMENTED_README})
    out = invoke("baseline", str(tmp_path), "-o", str(tmp_path / "ci" / "accepted.json"))
    assert out.exit_code == 0, out.output
    assert '`baseline = "ci/accepted.json"` to [tool.handoff]' in out.output
    assert "`--baseline ci/accepted.json`" in out.output
    # The advice works: the same relative path applies it.
    applied = invoke("check", str(tmp_path), "--baseline", "ci/accepted.json", "-q")
    assert "1 in the baseline ci/accepted.json" in applied.output


def test_a_broken_default_baseline_is_a_clear_error(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml("torch==2.3.1"))
    write_files(tmp_path, {"a.py": CUDA, ".handoff-baseline.json": "{not json"})
    out = invoke("check", str(tmp_path))
    assert out.exit_code == 2 and ".handoff-baseline.json" in out.output
    assert invoke("check", str(tmp_path), "--no-baseline", "-q").exit_code == 1


# --- files honour the umask ----------------------------------------------------------------


@pytest.mark.parametrize("umask, mode, fmt", [(0o022, 0o644, "console"), (0o077, 0o600, "json")])
def test_output_files_honour_the_umask(tmp_path, umask, mode, fmt):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml("torch==2.3.1"))
    write_files(tmp_path, {"a.py": CUDA})
    report = tmp_path / "out" / "report.txt"
    proc = run_module("check", ".", "-f", fmt, "-o", str(report), cwd=tmp_path, umask=umask)
    assert proc.returncode == 1, proc.stderr
    assert stat.S_IMODE(report.stat().st_mode) == mode
    proc = run_module("baseline", ".", cwd=tmp_path, umask=umask)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE((tmp_path / ".handoff-baseline.json").stat().st_mode) == mode


def test_rewriting_a_report_keeps_its_mode(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml("torch==2.3.1"))
    write_files(tmp_path, {"a.py": CUDA})
    report = tmp_path / "report.json"
    report.write_text("old")
    report.chmod(0o640)
    proc = run_module("check", ".", "-f", "json", "-o", str(report), cwd=tmp_path, umask=0o022)
    assert proc.returncode == 1, proc.stderr
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert json.loads(report.read_text())["findings"]


# --- critical findings cannot be missed ----------------------------------------------------

KEYS = [
    "AKIAIEQH746YNG7BY3A4",
    "AKIADFFXKTQNCK3ZX4RC",
    "AKIAPIX6EA6QOM66ZJOJ",
    "AKIAPTGZ6JFEBZSDOXRL",
]


@pytest.fixture
def leaky(tmp_path: Path) -> Path:
    """Four leaked keys among sixty path findings, as in the issue (and a README that
    documents the model, so DOC has nothing to add)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml("torch==2.3.1"))
    files = {
        f"src/step{i:02}.py": "".join(f"open('/home/ana/run{i}/part{j}.csv')\n" for j in range(3))
        for i in range(20)
    }
    files["src/settings.py"] = "".join(f'key{i} = "{key}"\n' for i, key in enumerate(KEYS))
    write_files(tmp_path, {**files, "README.md": DOCUMENTED_README})
    return tmp_path


def test_the_report_ends_with_the_critical_findings(leaky):
    out = invoke("check", str(leaky), "--isolated")
    assert out.exit_code == 1
    lines = out.stdout.splitlines()
    assert sum("PATH001" in line for line in lines) == 60
    recap = lines.index("Critical findings (4):")
    assert recap > max(i for i, line in enumerate(lines) if "PATH001" in line)
    assert recap > next(i for i, t in enumerate(lines) if t.startswith("Findings by family"))
    assert lines[recap + 1 : recap + 5] == [
        f"  src/settings.py:{n}:9  SEC002 known-format-key" for n in range(1, 5)
    ]
    assert lines[recap + 5].startswith("64 findings in 21 files")
    assert not any(key in out.stdout for key in KEYS)  # still masked


def test_no_recap_without_critical_findings(leaky):
    (leaky / "src" / "settings.py").unlink()
    out = invoke("check", str(leaky), "--isolated")
    assert "Critical findings" not in out.stdout and "60 findings" in out.stdout


def test_sort_severity_puts_the_most_severe_first(leaky):
    out = invoke("check", str(leaky), "--isolated", "--sort", "severity")
    assert out.exit_code == 1
    lines = out.stdout.splitlines()
    assert lines[0] == "critical (4)"
    assert lines[1] == "  src/settings.py:1:9  SEC002 known-format-key"
    high = lines.index("high (60)")
    assert sum("SEC002" in line for line in lines[:high]) == 4
    assert not any("PATH001" in line for line in lines[:high])
    assert "  src/step00.py:1:6  PATH001 machine-specific-path" in lines
    by_path = invoke("check", str(leaky), "--isolated", "--sort", "path").stdout
    assert by_path.splitlines()[0] == "src/settings.py"
    assert invoke("check", str(leaky), "--sort", "size").exit_code == 2


def test_statistics_counts_per_rule_and_exits_as_check_would(leaky):
    out = invoke("check", str(leaky), "--isolated", "--statistics")
    assert out.exit_code == 1
    lines = out.stdout.splitlines()
    assert lines[:2] == [
        "60  PATH001 high      machine-specific-path",
        " 4  SEC002  critical  known-format-key",
    ]
    assert "home directory" not in out.stdout  # counts instead of the findings
    assert "64 findings in 21 files" in out.stdout
    assert invoke("check", str(leaky), "--isolated", "--statistics", "--exit-zero").exit_code == 0
    as_json = invoke("check", str(leaky), "--isolated", "--statistics", "-f", "json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == [
        {"rule": "PATH001", "name": "machine-specific-path", "severity": "high", "count": 60},
        {"rule": "SEC002", "name": "known-format-key", "severity": "critical", "count": 4},
    ]
    refused = invoke("check", str(leaky), "--isolated", "--statistics", "-f", "sarif")
    assert refused.exit_code == 2 and "--statistics" in refused.output


def test_statistics_of_a_clean_repo(tmp_path):
    (tmp_path / "ok.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text(project_toml())
    out = invoke("check", str(tmp_path), "--isolated", "--statistics")
    assert out.exit_code == 0 and out.stdout.strip() == "No findings (2 files checked)."
    as_json = invoke("check", str(tmp_path), "--isolated", "--statistics", "-f", "json")
    assert json.loads(as_json.stdout) == []


# --- nothing is cut at 80 columns ----------------------------------------------------------

EVERY_SEVERITY = {
    "settings.py": f'key = "{KEYS[0]}"\n',  # critical
    "train.py": "open('/home/ana/data.csv')\n",  # high
    "broken.py": "def f(:\n",  # medium
}


@pytest.mark.parametrize("columns", [None, "80", "60"])
def test_the_summary_table_is_never_cut(tmp_path, columns):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml("torch==2.3.1"))
    write_files(tmp_path, EVERY_SEVERITY)
    code, stdout = run_cli("check", str(tmp_path), "--isolated", columns=columns)
    assert code == 1
    header = next(line for line in stdout.splitlines() if line.startswith("┃"))
    for word in ("critical", "high", "medium", "total"):
        assert f" {word} " in header, header
    table = [line for line in stdout.splitlines() if line[:1] and line[0] in "┏┃┡│└"]
    assert not any("…" in line for line in table)
    widest = max(len(line) for line in table)
    if columns:  # COLUMNS is respected
        assert widest <= int(columns)
    else:  # a pipe gets a generous width, not rich's 80
        assert "PATH  Machine-specific paths and endpoints" in stdout


def test_columns_too_narrow_for_the_table_makes_long_lines_not_cut_ones(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml("torch==2.3.1"))
    write_files(tmp_path, EVERY_SEVERITY)
    proc = invoke("check", str(tmp_path), "--isolated", env={"COLUMNS": "30"})
    table = [line for line in proc.stdout.splitlines() if line[:1] and line[0] in "┏┃┡│└"]
    assert "┃ family " in table[1] and "┃ total ┃" in table[1]
    assert "│ SEC " in proc.stdout and "│ HO " in proc.stdout  # the family column is not gone
    assert not any("…" in line for line in table)


def check_options() -> list[str]:
    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    return [name for param in command.params for name in (*param.opts, *param.secondary_opts)]


@pytest.mark.parametrize("columns", [None, "80", "50"])
def test_help_is_never_cut(columns):
    # In a subprocess: click's CliRunner forces 80 columns on help.
    proc = run_module("check", "--help", env={"COLUMNS": columns} if columns else None)
    code, stdout = proc.returncode, proc.stdout
    assert code == 0 and "…" not in stdout
    words = set(stdout.replace(",", " ").replace("/", " ").split())
    for option in check_options():
        assert option in words, option
    for option in ("--respect-gitignore", "--no-respect-gitignore", "--statistics", "--sort"):
        assert option in words
    assert "critical|high|medium|low|info." in "".join(stdout.split())  # wrapped, whole
    if columns:
        assert max(len(line) for line in stdout.splitlines()) <= int(columns)


def test_rules_table_is_never_cut_in_a_pipe():
    proc = invoke("rules")
    assert proc.exit_code == 0 and "…" not in proc.stdout
    assert "scheme://user:password" in proc.stdout.replace("│\n│", "")


def test_statistics_columns_line_up_with_eight_character_codes(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(project_toml("torch==2.3.1"))
    (tmp_path / "load.py").write_text(
        "import torch\nstate = torch.load('/home/ana/best.pt')\nopen('/home/ana/x.csv')\n"
    )
    out = invoke("check", str(tmp_path), "--isolated", "--statistics", "--select", "PATH,REPRO")
    rows = [line for line in out.stdout.splitlines() if "PATH001" in line or "REPRO001" in line]
    assert len(rows) == 2
    assert len({row.index("high") for row in rows}) == 1, rows  # the severity column lines up
