"""`--format sarif`: real runs on real files, validated against the official SARIF 2.1.0 schema
(tests/data, the OASIS TC's published text; its $refs are internal, so no network)."""

import dataclasses
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from conftest import run_check, write_files
from notebooks import code_cell, markdown_cell, notebook
from typer.testing import CliRunner

from handoff import __version__
from handoff.catalog import Example, Rule
from handoff.cli import app
from handoff.findings import Severity
from handoff.notebook_json import cell_spans
from handoff.reports.sarif import (
    FINGERPRINT_KEY,
    artifact_uri,
    information_uri,
    render,
    rule_descriptor,
)
from handoff.suppressions import fingerprint

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR_CLASS = jsonschema.validators.validator_for(SCHEMA)
VALIDATOR = VALIDATOR_CLASS(SCHEMA, format_checker=VALIDATOR_CLASS.FORMAT_CHECKER)
RAW_TEXT = "raw-text-that-must-not-be-copied-7f3a9c"

NOTEBOOK = notebook(
    markdown_cell("# Training\n"),
    code_cell("import os\nseed = 1  # handoff: ignore\n"),
    code_cell("x = 1\ndef broken(:\n    pass\n"),
)
REPO = {
    "train.py": "import os\n\n\ndef main(:\n    pass\n",
    "pkg/sub dir/util.py": "x = 1  # handoff: ignore\n",
    "notebooks/explore.ipynb": NOTEBOOK,
    "clean.py": "print('fine')\n",
}


def assert_valid(log: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def sarif_of(root: Path, files: dict, select=("HO",), **overrides) -> tuple[dict, object]:
    """Check `files` (the HO rules only, unless told) and return the validated SARIF log."""
    result = run_check(root, files, select, **overrides)
    log = json.loads(render(result))
    assert_valid(log)
    return log, result


def results_by_rule(log: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for res in log["runs"][0]["results"]:
        out.setdefault(res["ruleId"], []).append(res)
    return out


def test_the_schema_is_the_official_sarif_2_1_0_schema():
    VALIDATOR_CLASS.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert SCHEMA["$id"].endswith("/sarif-schema-2.1.0.json")
    assert "2.1.0" in SCHEMA["title"]
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    assert {"run", "result", "reportingDescriptor", "region"} <= set(SCHEMA["definitions"])
    # Every $ref stays inside the file: validation needs no network.
    refs = SCHEMA_PATH.read_text(encoding="utf-8").split('"$ref": "')[1:]
    assert refs and all(r.startswith("#/definitions/") for r in refs)


def test_the_schema_rejects_what_sarif_forbids():
    """The validator is not vacuous: broken logs fail."""
    bad_logs = [
        {"version": "2.0.0", "runs": []},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}]},
        {
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": {"name": "x"}},
                    "results": [{"message": {"text": "m"}, "level": "critical"}],
                }
            ],
        },
    ]
    for log in bad_logs:
        assert list(VALIDATOR.iter_errors(log)), log


def test_cli_sarif_with_findings_validates(tmp_path):
    write_files(tmp_path, REPO)
    (tmp_path / ".git").mkdir()
    out = CliRunner().invoke(
        app, ["check", str(tmp_path), "--isolated", "--select", "HO", "-f", "sarif"]
    )
    assert out.exit_code == 0, out.output  # HO findings are medium; fail-on is high
    log = json.loads(out.stdout)
    assert_valid(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    rules = results_by_rule(log)
    assert len(rules["HO001"]) == 2 and len(rules["HO003"]) == 2


def test_zero_findings_validates_and_still_lists_the_rules(tmp_path):
    log, _ = sarif_of(tmp_path, {"clean.py": "import os\n\nprint(os.getcwd())\n"})
    run = log["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"HO001", "HO002", "HO003"}


def test_driver_describes_handoff(tmp_path):
    log, _ = sarif_of(tmp_path, {"clean.py": "x = 1\n"})
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "handoff"
    assert driver["version"] == __version__
    assert driver["semanticVersion"] == __version__
    assert driver.get("informationUri") == information_uri()
    if "informationUri" in driver:
        assert urlsplit(driver["informationUri"]).scheme in ("http", "https")


def test_rules_carry_the_catalog_words(tmp_path):
    log, result = sarif_of(tmp_path, REPO)
    driver = log["runs"][0]["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    for descriptor in driver["rules"]:
        rule = result.catalog.get(descriptor["id"])
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.rationale
        level = {"critical": "error", "high": "error", "medium": "warning"}.get(
            rule.severity.value, "note"
        )
        assert descriptor["defaultConfiguration"]["level"] == level
        for form in ("text", "markdown"):
            help_text = descriptor["help"][form]
            assert rule.rationale in help_text and rule.how_to_fix in help_text
            assert rule.bad[0].code.strip().splitlines()[0] in help_text
            assert rule.good[0].code.strip().splitlines()[0] in help_text
        assert "```" in descriptor["help"]["markdown"]
        assert descriptor["properties"]["tags"][:2] == ["handoff", rule.family]
        assert descriptor["properties"]["severity"] == rule.severity.value
        assert "security-severity" not in descriptor["properties"]  # HO is not security


def test_results_point_at_their_rule_and_level(tmp_path):
    log, result = sarif_of(tmp_path, REPO)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(result.findings) == 4
    for res, finding in zip(run["results"], result.findings):
        assert res["ruleId"] == finding.rule == rules[res["ruleIndex"]]["id"]
        assert res["level"] == "warning"  # HO001 and HO003 are medium
        assert res["properties"]["severity"] == "medium"
        assert res["message"]["text"].startswith(finding.message)


def test_severity_overrides_change_levels_and_are_declared(tmp_path):
    config = '[tool.handoff]\n[tool.handoff.severity]\nHO001 = "critical"\nHO003 = "low"\n'
    log, _ = sarif_of(tmp_path, {**REPO, "pyproject.toml": config})
    run = log["runs"][0]
    by_rule = results_by_rule(log)
    assert {r["level"] for r in by_rule["HO001"]} == {"error"}
    assert {r["level"] for r in by_rule["HO003"]} == {"note"}
    assert {r["properties"]["severity"] for r in by_rule["HO003"]} == {"low"}
    overrides = run["invocations"][0]["ruleConfigurationOverrides"]
    rules = run["tool"]["driver"]["rules"]
    declared = {
        rules[o["descriptor"]["index"]]["id"]: o["configuration"]["level"] for o in overrides
    }
    assert declared == {"HO001": "error", "HO003": "note"}


@pytest.mark.parametrize(
    "severity, level, score",
    [
        (Severity.CRITICAL, "error", "9.0"),
        (Severity.HIGH, "error", "7.5"),
        (Severity.MEDIUM, "warning", "5.0"),
        (Severity.LOW, "note", "3.0"),
    ],
)
def test_security_rules_carry_security_severity(severity, level, score):
    rule = Rule(
        code="SEC901",
        name="example-secret",
        severity=severity,
        summary="A secret.",
        rationale="Secrets leak.",
        fix="Read it from the environment.",
        family="SEC",
        bad=(Example('token = "x"\n'),),
        good=(Example('token = os.environ["TOKEN"]\n'),),
    )
    descriptor = rule_descriptor(rule.code, rule, severity)
    assert descriptor["properties"]["security-severity"] == score
    assert float(score) > 0
    assert "security" in descriptor["properties"]["tags"]
    assert descriptor["defaultConfiguration"]["level"] == level
    assert_valid(
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "h", "rules": [descriptor]}}}]}
    )


def test_catalog_security_rules_all_carry_security_severity(tmp_path):
    log, result = sarif_of(tmp_path, {"clean.py": "x = 1\n"}, select=None)  # every rule
    for descriptor in log["runs"][0]["tool"]["driver"]["rules"]:
        rule = result.catalog.get(descriptor["id"])
        has_score = "security-severity" in descriptor["properties"]
        assert has_score == (rule.family == "SEC")


def test_locations_are_repo_relative_uris_under_srcroot(tmp_path):
    log, result = sarif_of(tmp_path, REPO)
    run = log["runs"][0]
    root_uri = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root_uri == tmp_path.resolve().as_uri() + "/"
    for res, finding in zip(run["results"], result.findings):
        artifact = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not urlsplit(artifact["uri"]).scheme and not artifact["uri"].startswith("/")
        assert unquote(artifact["uri"]) == finding.path
        assert (tmp_path / unquote(artifact["uri"])).is_file()
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "pkg/sub%20dir/util.py" in uris  # a space is not valid in a URI


def test_a_python_finding_has_its_file_region(tmp_path):
    log, result = sarif_of(tmp_path, REPO)
    (res,) = [r for r in log["runs"][0]["results"] if "util.py" in str(r["locations"])]
    (finding,) = [f for f in result.findings if f.path.endswith("util.py")]
    region = res["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": finding.column}
    assert region["startColumn"] == 8  # where `# handoff: ignore` starts
    (ho001,) = [r for r in results_by_rule(log)["HO001"] if "train.py" in str(r["locations"])]
    (syntax,) = [f for f in result.findings if f.path == "train.py"]
    region = ho001["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": syntax.line, "startColumn": syntax.column}


def test_a_notebook_finding_spans_its_cell_in_the_file(tmp_path):
    log, _ = sarif_of(tmp_path, REPO)
    text = (tmp_path / "notebooks" / "explore.ipynb").read_text(encoding="utf-8")
    cells = json.loads(text)["cells"]
    in_notebook = [r for r in log["runs"][0]["results"] if "explore.ipynb" in str(r["locations"])]
    assert sorted(r["ruleId"] for r in in_notebook) == ["HO001", "HO003"]
    for res in in_notebook:
        cell, line = res["properties"]["cell"], res["properties"]["cellLine"]
        assert res["message"]["text"].endswith(f"(cell {cell}, line {line})")
        region = res["locations"][0]["physicalLocation"]["region"]
        lines = text.splitlines()[region["startLine"] - 1 : region["endLine"]]
        lines[-1] = lines[-1][: region["endColumn"] - 1]
        lines[0] = lines[0][region["startColumn"] - 1 :]
        # The region is exactly the cell's JSON object in the .ipynb file.
        assert json.loads("\n".join(lines)) == cells[cell - 1]
    (ho003,) = [r for r in in_notebook if r["ruleId"] == "HO003"]
    assert (ho003["properties"]["cell"], ho003["properties"]["cellLine"]) == (2, 2)
    (ho001,) = [r for r in in_notebook if r["ruleId"] == "HO001"]
    assert ho001["properties"]["cell"] == 3


def test_cell_spans_of_compact_and_broken_notebooks():
    compact = json.dumps({"nbformat": 4, "cells": [{"a": [1, "]"]}, {"b": "}"}], "x": {}})
    spans = cell_spans(compact)
    assert [json.loads(compact[s:e]) for s, e in spans] == [{"a": [1, "]"]}, {"b": "}"}]
    assert cell_spans('{"cells": [{"a": 1}') is None
    assert cell_spans("[]") is None
    assert cell_spans('{"nbformat": 4}') is None


def test_cell_regions_are_those_of_the_checked_notebook(tmp_path):
    """Regions come from the text that was checked, in the check itself: a report rendered
    after the notebook changed (or was deleted) still points where the finding was found,
    and rendering never reads the file again."""
    result = run_check(tmp_path, REPO, ("HO",))
    before = json.loads(render(result))
    (tmp_path / "notebooks" / "explore.ipynb").unlink()
    after = json.loads(render(result))
    assert_valid(after)
    assert before == after
    regions = [
        r["locations"][0]["physicalLocation"].get("region")
        for r in after["runs"][0]["results"]
        if "explore.ipynb" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    ]
    assert regions and all(regions)


def test_fingerprints_are_the_baseline_hash_and_survive_moved_lines(tmp_path):
    files = {"a.py": "x = 1  # handoff: ignore\ny = 2\nx = 1  # handoff: ignore\n"}
    log, result = sarif_of(tmp_path, files)
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in log["runs"][0]["results"]]
    base = fingerprint(result.findings[0])
    # Two identical lines: the same baseline hash, told apart by occurrence, as GitHub does.
    assert prints == [f"{base}:1", f"{base}:2"]
    moved, _ = sarif_of(tmp_path, {"a.py": "\n\n" + files["a.py"]})
    assert [r["partialFingerprints"][FINGERPRINT_KEY] for r in moved["runs"][0]["results"]] == (
        prints
    )
    starts = [
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in moved["runs"][0]["results"]
    ]
    assert starts == [3, 5]


def test_no_source_text_is_copied_into_the_log(tmp_path):
    files = {"leak.py": f'token = "{RAW_TEXT}" +\n', "nb.ipynb": notebook(code_cell("x = (\n"))}
    log, result = sarif_of(tmp_path, files)
    assert {f.rule for f in result.findings} == {"HO001"}
    text = json.dumps(log)
    assert RAW_TEXT not in text
    assert "snippet" not in text and "contextRegion" not in text


def test_internal_errors_make_the_execution_unsuccessful(tmp_path):
    result = run_check(tmp_path, {"a.py": "x = 1\n"}, ("HO",))
    failed = dataclasses.replace(result, errors=["DEV001 crashed: RuntimeError('boom')"])
    log = json.loads(render(failed))
    assert_valid(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["level"] == "error"
    assert "boom" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_artifact_uri_forms():
    assert artifact_uri("src/train.py") == ("src/train.py", True)
    assert artifact_uri("a b/c#d%.py") == ("a%20b/c%23d%25.py", True)
    assert artifact_uri("c:x.py") == ("c%3Ax.py", True)
    uri, relative = artifact_uri("/elsewhere/x.py")
    assert (uri, relative) == ("file:///elsewhere/x.py", False)


def test_output_file_gets_the_sarif_log(tmp_path):
    write_files(tmp_path, REPO)
    (tmp_path / ".git").mkdir()
    target = tmp_path / "out" / "handoff.sarif"
    target.parent.mkdir()
    args = [
        "check",
        str(tmp_path),
        "--isolated",
        "--select",
        "HO",
        "-f",
        "sarif",
        "-o",
        str(target),
    ]
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 0, out.output
    assert out.stdout == ""
    log = json.loads(target.read_text(encoding="utf-8"))
    assert_valid(log)
    assert len(log["runs"][0]["results"]) == 4
