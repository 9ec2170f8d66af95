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
from conftest import write_files
from typer.testing import CliRunner

from handoff.cli import app

CUDA = "import torch\ndevice = torch.device('cuda:1')\n"


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", **(env or {})})


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


# --- the default baseline ------------------------------------------------------------------


def test_baseline_without_config_is_written_at_the_root_and_applied_by_check(tmp_path):
    (tmp_path / ".git").mkdir()
    write_files(tmp_path, {"src/a.py": CUDA})
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
    write_files(tmp_path, {"a.py": CUDA, "handoff.toml": 'baseline = "accepted.json"\n'})
    assert invoke("baseline", str(tmp_path)).exit_code == 0
    assert (tmp_path / "accepted.json").is_file()
    assert not (tmp_path / ".handoff-baseline.json").exists()
    (tmp_path / ".handoff-baseline.json").write_text('{"findings": []}\n')
    out = invoke("check", str(tmp_path), "-q")
    assert "1 in the baseline accepted.json" in out.output


def test_baseline_written_elsewhere_says_how_to_apply_it(tmp_path):
    (tmp_path / ".git").mkdir()
    write_files(tmp_path, {"a.py": CUDA, "pyproject.toml": "[tool.handoff]\n"})
    out = invoke("baseline", str(tmp_path), "-o", str(tmp_path / "ci" / "accepted.json"))
    assert out.exit_code == 0, out.output
    assert '`baseline = "ci/accepted.json"` to [tool.handoff]' in out.output
    assert "`--baseline ci/accepted.json`" in out.output
    # The advice works: the same relative path applies it.
    applied = invoke("check", str(tmp_path), "--baseline", "ci/accepted.json", "-q")
    assert "1 in the baseline ci/accepted.json" in applied.output


def test_a_broken_default_baseline_is_a_clear_error(tmp_path):
    (tmp_path / ".git").mkdir()
    write_files(tmp_path, {"a.py": CUDA, ".handoff-baseline.json": "{not json"})
    out = invoke("check", str(tmp_path))
    assert out.exit_code == 2 and ".handoff-baseline.json" in out.output
    assert invoke("check", str(tmp_path), "--no-baseline", "-q").exit_code == 1


# --- files honour the umask ----------------------------------------------------------------


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
@pytest.mark.parametrize("fmt", ["console", "json"])
def test_output_files_honour_the_umask(tmp_path, umask, mode, fmt):
    (tmp_path / ".git").mkdir()
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
    write_files(tmp_path, {"a.py": CUDA})
    report = tmp_path / "report.json"
    report.write_text("old")
    report.chmod(0o640)
    proc = run_module("check", ".", "-f", "json", "-o", str(report), cwd=tmp_path, umask=0o022)
    assert proc.returncode == 1, proc.stderr
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert json.loads(report.read_text())["findings"]
