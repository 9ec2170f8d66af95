"""`--format sarif`: one SARIF 2.1.0 log with one run, for code scanning (GitHub, Azure DevOps,
VS Code's SARIF viewer).

Rule metadata comes from the catalog, the same words `handoff explain` shows. Results point at
repo-relative URIs under `%SRCROOT%` and carry the baseline's line-hash fingerprint, so an
alert follows its line when code moves. A notebook finding's line is a line inside a cell, not
a line of the `.ipynb` file: its region spans the cell's JSON object in the file, and the cell
and the line inside it go into the message and the result's properties.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from handoff.catalog import Catalog, Example, Rule
from handoff.findings import Finding, Severity
from handoff.reports.levels import LEVEL, SECURITY_SEVERITY
from handoff.results import Result
from handoff.suppressions import numbered_fingerprints

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "handoffLineHash/v1"

SECURITY_FAMILIES = ("SEC",)

_SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_URL_LABELS = ("homepage", "home", "repository", "source", "documentation")
_FENCE = {"py": "python", "ipynb": "json", "json": "json", "yaml": "yaml", "yml": "yaml"}
_FENCE.update({"toml": "toml", "ini": "ini", "cfg": "ini", "sh": "bash"})


def information_uri() -> str | None:
    """The project's home page from the installed package metadata, if it declares one."""
    try:
        meta = metadata.metadata("handoff")
    except metadata.PackageNotFoundError:
        return None
    urls = {}
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        urls[label.strip().lower()] = url.strip()
    for label in _URL_LABELS:
        if urls.get(label, "").startswith(("https://", "http://")):
            return urls[label]
    home = meta.get("Home-page") or ""
    return home if home.startswith(("https://", "http://")) else None


# --- rules -------------------------------------------------------------------------------


def rule_severities(result: Result) -> dict[str, Severity]:
    """The severity each enabled rule ran at, and that of any rule with a finding."""
    severity = dict(result.severities)
    for finding in result.findings:
        severity.setdefault(finding.rule, finding.severity)
    return severity


def _fence(example: Example) -> str:
    return _FENCE.get(example.filename.rsplit(".", 1)[-1].lower(), "text")


def _example_markdown(title: str, example: Example) -> str:
    label = example.label(title, quote="`")
    # A fence longer than any backtick run inside the example keeps it closed.
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", example.code)), default=0) + 1)
    return f"{label}:\n\n{ticks}{_fence(example)}\n{example.code.rstrip()}\n{ticks}"


def _example_text(title: str, example: Example) -> str:
    label = example.label(title)
    body = "\n".join("    " + line for line in example.code.rstrip().splitlines())
    return f"{label}:\n{body}"


def rule_help(rule: Rule) -> dict[str, str]:
    """Plain text and Markdown help: why it matters, how to fix, a flagged and a fixed example."""
    text = [rule.summary, f"Why it matters:\n{rule.rationale}", f"How to fix:\n{rule.how_to_fix}"]
    markdown = [f"**{rule.summary}**", f"#### Why it matters\n\n{rule.rationale}"]
    markdown.append(f"#### How to fix\n\n{rule.how_to_fix}")
    examples = [("Flagged", e) for e in rule.bad[:1]] + [("Instead", e) for e in rule.good[:1]]
    if examples:
        text += [_example_text(title, example) for title, example in examples]
        markdown.append("#### Example\n\n" + "\n\n".join(_example_markdown(*e) for e in examples))
    suppress = f"Suppress one line with `# handoff: ignore[{rule.code}]`."
    text.append(suppress)
    markdown.append(suppress)
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)}


def _tags(family: str) -> list[str]:
    tags = ["handoff", family]
    if family in SECURITY_FAMILIES:
        tags.append("security")
    return tags


def rule_descriptor(code: str, rule: Rule | None, severity: Severity) -> dict:
    family = rule.family if rule else code.rstrip("0123456789")
    properties: dict = {"tags": _tags(family), "severity": severity.value}
    if family in SECURITY_FAMILIES:
        properties["security-severity"] = SECURITY_SEVERITY[severity]
    if rule is None:  # a finding whose rule is in no catalog: say what we know
        return {"id": code, "properties": properties}
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": rule_help(rule),
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": properties,
    }


# --- locations ---------------------------------------------------------------------------


def artifact_uri(path: str) -> tuple[str, bool]:
    """(uri, relative?) for a finding's path: repo-relative paths are percent-encoded URI
    references under %SRCROOT%; a path outside the root is an absolute file URI."""
    posix = PurePosixPath(path)
    if posix.is_absolute() or re.match(r"^[A-Za-z]:[/\\]", path):
        return Path(path).as_uri(), False
    # ':' is encoded too, so a first segment like `c:x.py` cannot read as a URI scheme.
    return quote(posix.as_posix(), safe="/-._~!$&'()*+,;=@"), True


def _file_region(finding: Finding) -> dict | None:
    if finding.line < 1:
        return None
    region = {"startLine": finding.line}
    if finding.column >= 1:
        region["startColumn"] = finding.column
    end_line = max(finding.end_line or finding.line, finding.line)
    ends_later = end_line > finding.line or (finding.end_column or 0) > finding.column
    if finding.end_column and "startColumn" in region and ends_later:
        region.update(endLine=end_line, endColumn=finding.end_column)
    elif end_line > finding.line:
        region["endLine"] = end_line
    return region


def physical_location(finding: Finding, result: Result) -> dict:
    uri, relative = artifact_uri(finding.path)
    artifact = {"uri": uri, "uriBaseId": SRCROOT} if relative else {"uri": uri}
    location: dict = {"artifactLocation": artifact}
    if finding.path in ("", "."):
        return location  # a finding about the repository as a whole: no region in a file
    if finding.cell is not None:
        region = result.cell_region(finding)
    else:
        region = _file_region(finding)
    if region:
        location["region"] = region
    return location


# --- results -----------------------------------------------------------------------------


def result_object(finding: Finding, index: int, numbered: str, result: Result) -> dict:
    message = finding.message
    properties: dict = {"severity": finding.severity.value}
    if finding.cell is not None:
        message += f" (cell {finding.cell}, line {finding.line})"
        properties.update(cell=finding.cell, cellLine=finding.line, cellColumn=finding.column)
    if finding.fix:
        properties["fix"] = finding.fix
    return {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": physical_location(finding, result)}],
        # The baseline's hash of path, rule and normalized line, and which identical line.
        "partialFingerprints": {FINGERPRINT_KEY: numbered},
        "properties": properties,
    }


def _driver(result: Result, catalog: Catalog, severities: dict[str, Severity]) -> dict:
    version = result.version
    driver: dict = {"name": "handoff", "version": version}
    if _SEMVER.match(version):
        driver["semanticVersion"] = version
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = [
        rule_descriptor(code, catalog.get(code), severities[code]) for code in sorted(severities)
    ]
    return driver


def _invocation(result: Result, driver: dict, severities: dict[str, Severity]) -> dict:
    invocation: dict = {"executionSuccessful": not result.errors}
    overrides = []
    for index, descriptor in enumerate(driver["rules"]):
        rule = result.catalog.get(descriptor["id"])
        level = LEVEL[severities[descriptor["id"]]]
        if rule is not None and level != LEVEL[rule.severity]:
            overrides.append(
                {
                    "descriptor": {"id": descriptor["id"], "index": index},
                    "configuration": {"level": level},
                }
            )
    if overrides:
        invocation["ruleConfigurationOverrides"] = overrides
    if result.errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": error}} for error in result.errors
        ]
    return invocation


def sarif_log(result: Result) -> dict:
    severities = rule_severities(result)
    driver = _driver(result, result.catalog, severities)
    index = {descriptor["id"]: i for i, descriptor in enumerate(driver["rules"])}
    results = [
        result_object(finding, index[finding.rule], numbered, result)
        for finding, numbered in zip(result.findings, numbered_fingerprints(result.findings))
    ]
    run = {
        "tool": {"driver": driver},
        "invocations": [_invocation(result, driver, severities)],
        "originalUriBaseIds": {SRCROOT: {"uri": result.root.resolve().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "files": result.files,
            "suppressed": result.suppressed,
            "baselined": result.baselined,
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(result: Result) -> str:
    return json.dumps(sarif_log(result), indent=2, ensure_ascii=False) + "\n"
