import json

from conftest import DOCUMENTED_README, project_toml
from notebooks import code_cell, notebook
from typer.testing import CliRunner

from handoff.api import check
from handoff.cli import app

CUDA1 = "torch.device('cuda:1')"


def rules(result):
    return [(f.rule, f.line) for f in result.findings]


def test_same_line_and_line_before(checker):
    result = checker({"a.py": f"""\
            import torch
            a = {CUDA1}  # handoff: ignore[DEV001]
            # handoff: ignore[hardcoded-cuda-device]
            b = {CUDA1}
            c = {CUDA1}
            """})
    assert rules(result) == [("DEV001", 5)]
    assert result.suppressed == 2


def test_ignore_file(checker):
    result = checker({"a.py": f"import torch\n# handoff: ignore-file[DEV001]\na = {CUDA1}\n"})
    assert result.findings == []


def test_other_codes_are_not_suppressed(checker):
    result = checker({"a.py": f"import torch\na = {CUDA1}  # handoff: ignore[DEV002]\n"})
    assert ("DEV001", 2) in rules(result)
    assert ("HO002", 2) in rules(result)  # DEV002 suppressed nothing


def test_bare_and_unknown_suppressions_are_refused(checker):
    result = checker(
        {"a.py": f"import torch\na = {CUDA1}  # handoff: ignore\nb = 1  # handoff: ignore[XX999]\n"}
    )
    assert rules(result) == [("DEV001", 2), ("HO003", 2), ("HO003", 3)]


def test_unused_suppression_is_reported_once_per_code(checker):
    result = checker({"a.py": "x = 1  # handoff: ignore[DEV001, unparsable-file]\n"})
    messages = [f.message for f in result.findings if f.rule == "HO002"]
    assert len(messages) == 2


def test_unused_suppression_of_a_disabled_rule_is_not_reported(checker):
    result = checker(
        {"a.py": "x = 1  # handoff: ignore[DEV001]\n"}, select=("HO",), ignore=("DEV",)
    )
    assert result.findings == []


def test_directive_inside_a_string_is_not_a_suppression(checker):
    result = checker({"a.py": f"import torch\na = {CUDA1}; s = '# handoff: ignore[DEV001]'\n"})
    assert ("DEV001", 2) in rules(result)


def test_suppressions_in_notebooks_are_per_cell(checker):
    text = notebook(
        code_cell(f"import torch\n# handoff: ignore[DEV001]\n"),
        code_cell(f"a = {CUDA1}\n"),
        code_cell(f"b = {CUDA1}  # handoff: ignore[DEV001]\n"),
    )
    result = checker({"nb.ipynb": text})
    assert [(f.rule, f.cell, f.line) for f in result.findings] == [
        ("HO002", 1, 2),
        ("DEV001", 2, 1),
    ]


def test_baseline_accepts_old_findings_and_reports_new_ones(tmp_path):
    (tmp_path / ".git").mkdir()
    config = project_toml("torch==2.3.1", handoff='baseline = "handoff-baseline.json"\n')
    (tmp_path / "pyproject.toml").write_text(config)
    (tmp_path / "a.py").write_text(f"import torch\na = {CUDA1}\n")
    (tmp_path / "README.md").write_text(DOCUMENTED_README)
    runner = CliRunner()
    out = runner.invoke(app, ["baseline", str(tmp_path)], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    baseline = tmp_path / "handoff-baseline.json"
    doc = json.loads(baseline.read_text())
    assert [e["rule"] for e in doc["findings"]] == ["DEV001"]
    assert "cuda:1" not in baseline.read_text()  # hashes, never source text
    assert check([tmp_path]).findings == []
    # Moving the line does not break the baseline; a new finding is reported.
    (tmp_path / "a.py").write_text(f"import torch\n\n\na = {CUDA1}\nb = torch.device('cuda:2')\n")
    result = check([tmp_path])
    assert rules(result) == [("DEV001", 5)] and result.baselined == 1
    # Writing again refuses to overwrite without --force: a baseline is never lost silently.
    again = runner.invoke(app, ["baseline", str(tmp_path)], catch_exceptions=False)
    assert again.exit_code == 2 and "--force" in again.output
    assert json.loads(baseline.read_text()) == doc


def test_missing_configured_baseline_is_a_clear_error(tmp_path):
    (tmp_path / "handoff.toml").write_text('baseline = "nope.json"\n')
    (tmp_path / "a.py").write_text("x = 1\n")
    out = CliRunner().invoke(app, ["check", str(tmp_path)], catch_exceptions=False)
    assert out.exit_code == 2 and "nope.json" in out.output and "handoff baseline" in out.output


def test_directives_in_config_files_suppress_but_are_not_judged(checker):
    config = (
        "data: /home/ana/data  # handoff: ignore[PATH001]\n"
        "example: |\n"
        "  x = 1  # handoff: ignore[DEV001]\n"
        "other: 1  # handoff: ignore\n"
    )
    result = checker({"config.yaml": config})
    assert result.findings == [] and result.suppressed == 1


def test_a_trailing_directive_covers_its_own_line_only(checker):
    result = checker({"a.py": f"""\
            import torch
            a = {CUDA1}  # handoff: ignore[DEV001]
            b = {CUDA1}
            """})
    assert rules(result) == [("DEV001", 3)]


def test_a_directive_alone_covers_the_next_line_only(checker):
    result = checker({"a.py": f"""\
            import torch
            # handoff: ignore[DEV001]
            a = {CUDA1}
            b = {CUDA1}
            """})
    assert rules(result) == [("DEV001", 4)]


def test_directives_in_a_row_are_each_used(checker):
    """Today's bug: the first line's trailing directive also took the second line's finding,
    so the second directive was reported unused."""
    result = checker({"a.py": f"""\
            import torch
            a = {CUDA1}  # handoff: ignore[DEV001]
            b = {CUDA1}  # handoff: ignore[DEV001]
            """})
    assert rules(result) == [] and result.suppressed == 2


# --- precedence (the catalog's `supersedes:`) ------------------------------------------------


def _finding(rule: str, line: int, path: str = "a.py"):
    from handoff.findings import Finding, Severity  # pylint: disable=import-outside-toplevel

    return Finding(rule, rule.lower(), Severity.HIGH, path, line, 1, "m")


def _catalog(*entries):
    from handoff.catalog import Catalog, Rule  # pylint: disable=import-outside-toplevel
    from handoff.findings import Severity  # pylint: disable=import-outside-toplevel

    rules = tuple(
        Rule(code, code.lower(), Severity.HIGH, "s", "r", "f", "X", supersedes=tuple(over))
        for code, over in entries
    )
    return Catalog((), rules)


def test_supersedes_is_transitive_and_only_among_enabled_rules():
    catalog = _catalog(("X003", ["X002"]), ("X002", ["X001"]), ("X001", []))
    everything = catalog.supersedes({"X001", "X002", "X003"})
    assert everything == {"X003": {"X002", "X001"}, "X002": {"X001"}}
    # X002 off: X003 still replaces X001 through it, and X002 replaces nothing.
    assert catalog.supersedes({"X001", "X003"}) == {"X003": {"X001"}}
    assert catalog.supersedes({"X001"}) == {}


def test_precedence_drops_the_superseded_rule_on_the_same_line_only():
    from handoff.suppressions import apply_precedence  # pylint: disable=import-outside-toplevel

    supersedes = {"X002": frozenset({"X001"})}
    findings = [_finding("X001", 1), _finding("X002", 1), _finding("X001", 2)]
    findings.append(_finding("X001", 1, "b.py"))
    kept = apply_precedence(findings, supersedes)
    assert [(f.rule, f.path, f.line) for f in kept] == [
        ("X002", "a.py", 1),
        ("X001", "a.py", 2),
        ("X001", "b.py", 1),
    ]
