"""The progress bar: fed by `api.check(progress=...)` per checked file, drawn by rich on a
terminal only, and nothing at all anywhere else."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from conftest import write_files
from rich.console import Console
from typer.testing import CliRunner

import handoff.progress
from handoff.api import check
from handoff.cli import app
from handoff.progress import ProgressBar, for_check

FILES = {f"pkg/mod_{i}.py": f'DATA_{i} = "/home/ana/data/{i}.csv"\n' for i in range(5)}


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    write_files(tmp_path, FILES)
    return tmp_path


def terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=100), out


class Recorder:
    def __init__(self):
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


def test_check_reports_each_file_as_it_is_done(repo: Path):
    heard = Recorder()
    check([repo], isolated=True, jobs=1, progress=heard)
    assert heard.calls == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_a_warm_run_reports_once(repo: Path):
    check([repo], isolated=True, jobs=1, cache=True)
    heard = Recorder()
    check([repo], isolated=True, jobs=1, cache=True, progress=heard)
    assert heard.calls == [(5, 5)]  # every file from the cache, in one call
    (repo / "pkg" / "mod_0.py").write_text("x = 1\n", encoding="utf-8")
    heard = Recorder()
    check([repo], isolated=True, jobs=1, cache=True, progress=heard)
    assert heard.calls == [(4, 5), (5, 5)]


def test_the_bar_draws_on_a_terminal(repo: Path):
    console, out = terminal()
    with ProgressBar(console, delay=0) as bar:
        check([repo], isolated=True, jobs=1, progress=bar)
    drawn = out.getvalue()
    assert "5/5" in drawn and "checking" in drawn
    assert "\x1b[2K" in drawn  # transient: the bar's lines are erased when it stops


def test_nothing_is_drawn_before_the_delay(repo: Path):
    console, out = terminal()
    with ProgressBar(console, delay=30) as bar:
        check([repo], isolated=True, jobs=1, progress=bar)
    assert out.getvalue() == ""


def test_a_slow_step_shows_the_bar_without_any_file_done():
    console, out = terminal()
    with ProgressBar(console, delay=0.05):
        time.sleep(0.5)  # discovery of a huge repo, or one big file
    assert "finding files" in out.getvalue()


@pytest.mark.parametrize("quiet, verbose", [(False, False), (True, False), (False, True)])
def test_a_bar_only_when_both_streams_are_a_terminal(quiet, verbose, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stdout, stderr in [(io.StringIO(), Terminal()), (Terminal(), io.StringIO())]:
        monkeypatch.setattr("sys.stdout", stdout)
        monkeypatch.setattr("sys.stderr", stderr)
        assert for_check(quiet, verbose) is None  # a pipe or a file on either side
    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.setattr("sys.stderr", Terminal())
    assert (for_check(quiet, verbose) is not None) == (not quiet and not verbose)


def test_the_cli_prints_nothing_extra_when_not_a_terminal(repo: Path, monkeypatch):
    """Through CliRunner neither stream is a terminal: the bar is never made, although the
    console it would draw on is (here) one, and the delay is none."""
    console, out = terminal()
    monkeypatch.setattr(handoff.progress, "stderr_console", lambda: console)
    monkeypatch.setattr(handoff.progress, "DELAY", 0.0)
    plain = CliRunner().invoke(app, ["check", str(repo), "--isolated", "-j", "1"])
    assert plain.exit_code == 1
    assert plain.stderr == "" and out.getvalue() == ""
    assert "pkg/mod_0.py\n" in plain.stdout and "5 files checked" in plain.stdout


def test_the_cli_shows_the_bar_on_a_terminal(repo: Path, monkeypatch):
    """The same run with both streams a terminal: the bar goes to stderr's console."""
    console, out = terminal()
    monkeypatch.setattr(handoff.progress, "_is_terminal", lambda stream: True)
    monkeypatch.setattr(handoff.progress, "stderr_console", lambda: console)
    monkeypatch.setattr(handoff.progress, "DELAY", 0.0)
    result = CliRunner().invoke(app, ["check", str(repo), "--isolated", "-j", "1"])
    assert result.exit_code == 1
    assert "5/5" in out.getvalue()
    assert "5/5" not in result.stdout  # the report is untouched
    drawn = out.getvalue()
    quiet = CliRunner().invoke(app, ["check", str(repo), "--isolated", "-j", "1", "-q"])
    assert quiet.exit_code == 1 and out.getvalue() == drawn  # --quiet: no bar
