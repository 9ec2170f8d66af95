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
