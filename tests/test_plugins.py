"""Third-party checks load from the `handoff.checks` entry-point group: a real installed
distribution (dist-info with entry_points.txt) on sys.path, no mocks."""

import sys
import textwrap

import pytest

from handoff.api import check, full_catalog
from handoff.checks.registry import all_checks

PLUGIN = '''
import libcst as cst

from handoff.catalog import Example, Rule
from handoff.checks.base import NodeCheck, RepoCheck, Report
from handoff.findings import Severity


class NoPickle(NodeCheck):
    """Pickled models break across library versions; ship safetensors instead."""

    code = "ACME001"
    rule = Rule(
        code="ACME001",
        name="no-pickle-load",
        severity=Severity.HIGH,
        summary="pickle.load of model weights.",
        rationale="Pickles run code and break across versions.",
        fix="Save weights with safetensors.",
        family="ACME",
        bad=(Example("import pickle\\npickle.load(f)\\n"),),
        good=(Example("import json\\njson.load(f)\\n"),),
    )

    def visit_Call(self, node: cst.Call) -> None:
        if self.imports.qualify(node.func) == "pickle.load":
            self.report(node, "pickle.load: load weights with safetensors instead")


class TokenInEveryModule(RepoCheck):
    code = "ACME002"
    rule = Rule(
        code="ACME002",
        name="repo-token",
        severity=Severity.LOW,
        summary="A repo-level check.",
        rationale="Exercises repo-level findings.",
        fix="None.",
        family="ACME",
        bad=(Example("x = 1\\n"),),
        good=(Example("x = 1\\n", "example.txt"),),
    )

    def check(self, repo):
        for relpath in repo.of_kind(*self.file_kinds):
            if relpath.endswith(".py"):
                secret = "tok_" + "9f8e7d6c5b4a" * 2
                yield Report(f"module leaks {secret}", 1, 1, path=relpath, secret=secret)


# A rule in a new family needs one catalog entry (here the `rule`) and one class; the shared
# support gives it qualified names and one finding per line, the file context its facts.
from handoff.checks.support import OncePerLineCheck, call_name, int_value


class NoFixedSleep(OncePerLineCheck):
    """Fixed sleeps hide races and slow every run."""

    code = "ACME003"
    rule = Rule(
        code="ACME003",
        name="fixed-sleep",
        severity=Severity.MEDIUM,
        summary="time.sleep with a literal number of seconds.",
        rationale="Waiting a fixed time hides races and slows every run.",
        fix="Wait for the event instead.",
        family="ACME",
        bad=(Example("from time import sleep\\nsleep(5)\\n"),),
        good=(Example("import time\\ntime.sleep(delay)\\n"),),
    )

    def visit_Call(self, node: cst.Call) -> None:
        if call_name(node, self.imports) == "time.sleep" and node.args:
            seconds = int_value(node.args[0].value)
            if seconds is not None:
                self.found(node, f"sleeps {seconds} s; wait for the event instead")
                self.context.record("sleeps", seconds)


class SleepBudget(RepoCheck):
    """Reads the facts ACME003 recorded in every file."""

    code = "ACME004"
    rule = Rule(
        code="ACME004",
        name="sleep-budget",
        severity=Severity.LOW,
        summary="The repository sleeps longer than its budget.",
        rationale="Exercises repo facts.",
        fix="Sleep less.",
        family="ACME",
        bad=(Example("import time\\ntime.sleep(30)\\ntime.sleep(40)\\n"),),
        good=(Example("import time\\ntime.sleep(1)\\n"),),
    )

    def check(self, repo):
        total = sum(seconds for _, seconds in repo.facts("sleeps"))
        first = next((path for path, _ in repo.facts("sleeps")), None)
        if first is not None and total > 60:
            yield Report(f"{total} s of fixed sleeps in the repository", 1, 1, path=first)
'''


def install_distribution(site, monkeypatch, name: str, entry_point: str) -> None:
    """A real installed distribution on sys.path: dist-info with METADATA and entry points."""
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[handoff.checks]\n{entry_point}\n")
    monkeypatch.syspath_prepend(str(site))


@pytest.fixture
def installed_plugin(tmp_path, monkeypatch):
    site = tmp_path / "site"
    install_distribution(site, monkeypatch, "acme-handoff", "acme = acme_handoff")
    (site / "acme_handoff.py").write_text(PLUGIN)
    all_checks.cache_clear()
    yield
    all_checks.cache_clear()
    sys.modules.pop("acme_handoff", None)


def test_plugin_rule_runs_and_is_selectable(installed_plugin, tmp_path):
    project = tmp_path / "proj"
    project.mkdir()
    (project / ".git").mkdir()
    (project / "a.py").write_text(textwrap.dedent("""\
        import pickle as pk
        model = pk.load(open("m.pkl", "rb"))
    """))
    (project / "handoff.toml").write_text('select = ["ACME001"]\n')
    result = check([project])
    assert [(f.rule, f.name, f.line) for f in result.findings] == [("ACME001", "no-pickle-load", 2)]
    assert full_catalog().get("no-pickle-load") is not None


def test_broken_plugin_is_a_clear_error(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from handoff.cli import app

    install_distribution(tmp_path / "site", monkeypatch, "broken", "broken = no_such_module:Check")
    all_checks.cache_clear()
    try:
        out = CliRunner().invoke(app, ["check", str(tmp_path)], catch_exceptions=False)
    finally:
        all_checks.cache_clear()
    assert out.exit_code == 2
    assert "plugin 'broken'" in out.output and "Traceback" not in out.output


def test_repo_checks_honour_per_file_ignores_and_mask_secrets(installed_plugin, tmp_path):
    project = tmp_path / "proj"
    (project / "legacy").mkdir(parents=True)
    (project / ".git").mkdir()
    (project / "a.py").write_text("x = 1\n")
    (project / "legacy" / "b.py").write_text("y = 2\n")
    (project / "handoff.toml").write_text(
        'select = ["ACME002"]\n[per-file-ignores]\n"legacy/**" = ["repo-token"]\n'
    )
    result = check([project])
    assert [(f.rule, f.path) for f in result.findings] == [("ACME002", "a.py")]
    assert "9f8e7d6c5b4a" * 2 not in result.findings[0].message
    assert "tok_…a" in result.findings[0].message or "…" in result.findings[0].message


@pytest.mark.parametrize("case", [0, 1, 2, 3, 4, 5, 6, 7])
def test_plugin_catalog_examples_run_through_handoff_testing(installed_plugin, tmp_path, case):
    """The helper plugin authors use: every ACME example as a case (4 rules x bad/good)."""
    from handoff.testing import example_cases, run_example

    cases = example_cases("ACME")
    assert len(cases) == 8
    run_example(cases[case].values[0], tmp_path / "example")


def test_repo_checks_read_facts_and_the_cache_keeps_them(installed_plugin, tmp_path):
    project = tmp_path / "proj"
    project.mkdir()
    (project / ".git").mkdir()
    (project / "a.py").write_text("import time\ntime.sleep(50)\n")
    (project / "b.py").write_text("from time import sleep\nsleep(20); sleep(1)\n")
    (project / "handoff.toml").write_text('select = ["ACME003", "ACME004"]\n')
    cold = check([project], cache=True)
    warm = check([project], cache=True)
    for result in (cold, warm):
        assert [(f.rule, f.path, f.line) for f in result.findings] == [
            ("ACME004", "a.py", 1),
            ("ACME003", "a.py", 2),
            ("ACME003", "b.py", 2),  # one per line, though two sleeps
        ]
        assert "71 s" in result.findings[0].message
    (project / "b.py").write_text("x = 1\n")
    assert [f.rule for f in check([project], cache=True).findings] == ["ACME003"]


def test_a_check_without_a_catalog_entry_is_a_clear_error(tmp_path, monkeypatch):
    """A code no catalog knows would make the check silently never run: refuse it."""
    from typer.testing import CliRunner

    from handoff.cli import app

    site = tmp_path / "site"
    install_distribution(site, monkeypatch, "orphan", "orphan = orphan_check")
    (site / "orphan_check.py").write_text(
        "from handoff.checks.base import NodeCheck\n\n"
        "class Orphan(NodeCheck):\n    code = 'ORPH001'\n"
    )
    all_checks.cache_clear()
    try:
        out = CliRunner().invoke(app, ["check", str(tmp_path)], catch_exceptions=False)
    finally:
        all_checks.cache_clear()
        sys.modules.pop("orphan_check", None)
    assert out.exit_code == 2
    assert "ORPH001" in out.output and "no catalog entry" in out.output
    assert "Traceback" not in out.output
