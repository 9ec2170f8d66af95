"""conda `environment.yml`: `channels`, conda `dependencies` and the nested `pip:` list.

Conda match specs are not PEP 508, so they are modelled as written: `[channel::]name`, then a
version spec either after `=`/`==`/`>=`... or after a space, then an optional build string
(`numpy==1.26.4=py311h...`, `numpy 1.26.4 py311h...`). Pin verdicts follow conda: `==1.26.4`
and `1.26.4` (space form) match one version; `=1.26.4` is a prefix match (`1.26.4.*`), taken as
exact when it names a full major.minor.patch release and as a range when shorter (`=1.26`,
`python=3.10`). The `pip:` items are requirements lines, read as pip reads them.
Line numbers come from the YAML nodes (`yaml.compose` keeps them; `safe_load` does not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from handoff.manifests.pep508 import RequirementError, Where, from_pip_text
from handoff.manifests.reading import read_text, relative_path
from handoff.manifests.requirements_txt import read_requirements_file
from handoff.manifests.types import (
    Include,
    Manifest,
    PinState,
    Problem,
    PythonRequires,
    Requirement,
)
from handoff.yaml_nodes import compose

_SPEC = re.compile(
    r"^(?:(?P<channel>[^:\s]+)::)?(?P<name>[A-Za-z0-9_][A-Za-z0-9_.\-]*)"
    r"(?:(?P<op>==|=|>=|<=|!=|~=|>|<)(?P<version>[^\s=]+)(?:=(?P<build>\S+))?"
    r"|\s+(?P<sversion>\S+)(?:\s+(?P<sbuild>\S+))?)?\s*$"
)


def conda_pin(operator: str, version: str | None) -> PinState:
    if not version or version in ("*", ""):
        return "none"
    if any(c in version for c in "*|,<>!~"):
        return "range"
    if operator in ("==", " "):
        return "exact"
    if operator == "=":
        return "exact" if len(version.split(".")) >= 3 else "range"
    return "range"


def parse_conda_spec(text: str, where: Where) -> Requirement:
    match = _SPEC.match(text.strip())
    if not match:
        raise RequirementError("not a conda match spec")
    if match.group("sversion") is not None:
        operator, version, build = " ", match.group("sversion"), match.group("sbuild")
    else:
        operator, version, build = (
            match.group("op") or "",
            match.group("version"),
            match.group("build"),
        )
    version_text = None if version is None else (version if operator == " " else operator + version)
    return Requirement(
        name=canonicalize_name(match.group("name")),
        written_name=match.group("name"),
        path=where.path,
        line=where.line,
        column=where.column,
        end_line=where.line,
        end_column=where.column + len(text),
        raw=text,
        version_text=version_text,
        kind="conda",
        channel=match.group("channel"),
        build=build,
        pin=conda_pin(operator, version),
    )


@dataclass
class _Gathered:
    """What the dependencies list of one environment file gives."""

    relpath: str
    requirements: list[Requirement] = field(default_factory=list)
    constraints: list[Requirement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    python: PythonRequires | None = None

    def problem(self, line: int, message: str, column: int = 1, kind: str = "syntax") -> None:
        self.problems.append(Problem(self.relpath, line, message, kind, column))


def read_conda_environment(path: Path, root: Path) -> Manifest:
    relpath = relative_path(path, root)
    text, problem = read_text(path, relpath)
    if text is None:
        return Manifest(relpath, "conda", problems=(problem,))  # type: ignore[arg-type]
    try:
        document = compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        message = str(getattr(exc, "problem", None) or exc).splitlines()[0]
        return Manifest(
            relpath,
            "conda",
            problems=(Problem(relpath, line, f"invalid YAML: {message}", "invalid-file"),),
        )
    top = _mapping(document)
    found = _Gathered(relpath)
    for item in _sequence(top.get("dependencies")):
        if isinstance(item, yaml.MappingNode):
            for pip_item in _sequence(_mapping(item).get("pip")):
                _pip_item(found, pip_item, path, root)
        else:
            _conda_item(found, item)
    name_node = top.get("name")
    return Manifest(
        path=relpath,
        format="conda",
        requirements=tuple(found.requirements),
        constraints=tuple(found.constraints),
        python_requires=found.python,
        problems=tuple(found.problems),
        includes=tuple(found.includes),
        channels=tuple(
            str(c.value) for c in _sequence(top.get("channels")) if isinstance(c, yaml.ScalarNode)
        ),
        project_name=str(name_node.value) if isinstance(name_node, yaml.ScalarNode) else None,
    )


def _conda_item(found: _Gathered, item: yaml.Node) -> None:
    line, column = item.start_mark.line + 1, item.start_mark.column + 1
    if not isinstance(item, yaml.ScalarNode):
        found.problem(line, "a dependency must be a conda spec or a pip: list", column)
        return
    spec = str(item.value)
    try:
        req = parse_conda_spec(spec, Where(found.relpath, line, column + _quoted(item)))
    except RequirementError as exc:
        found.problem(line, f"cannot parse conda spec {spec!r}: {exc}", column)
        return
    if req.name == "python":  # the interpreter's version, not a dependency
        specifier = _python_specifier(req.version_text)
        found.python = PythonRequires(req.version_text or "", found.relpath, line, specifier)
    else:
        found.requirements.append(req)


def _pip_item(found: _Gathered, node: yaml.Node, path: Path, root: Path) -> None:
    if not isinstance(node, yaml.ScalarNode):
        return
    text = str(node.value).strip()
    line, column = node.start_mark.line + 1, node.start_mark.column + 1 + _quoted(node)
    option = re.match(r"^(-r|--requirement|-c|--constraint)[=\s]+(\S+)$", text)
    if option:
        # conda hands the list to pip as a requirements file in the same folder
        constraint = option.group(1) in ("-c", "--constraint")
        target = option.group(2)
        included = path.parent / target
        kind = "constraints" if constraint else "requirements"
        if not included.is_file():
            found.includes.append(Include(found.relpath, line, target, kind))
            found.problem(line, f"included file {target} not found", column, "include-missing")
            return
        found.includes.append(
            Include(found.relpath, line, target, kind, relative_path(included, root))
        )
        sub = read_requirements_file(included, root)
        (found.constraints if constraint else found.requirements).extend(sub.requirements)
        found.constraints.extend(sub.constraints)
        found.problems.extend(sub.problems)
        found.includes.extend(sub.includes)
        return
    if text.startswith("-"):
        return  # --index-url and friends: recognised, not requirements
    where = Where(found.relpath, line, column, line, column + len(text))
    try:
        found.requirements.append(from_pip_text(text, where))
    except RequirementError as exc:
        found.problem(line, f"cannot parse pip requirement {text!r}: {exc}", column)


def _mapping(node) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _sequence(node) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _quoted(node: yaml.ScalarNode) -> int:
    return 1 if node.style in ('"', "'") else 0


def _python_specifier(version_text: str | None) -> SpecifierSet | None:
    """conda's `python=3.10` is the PEP 440 `==3.10.*`; `python>=3.9` reads as is."""
    if not version_text:
        return None
    text = version_text
    if text.startswith("=") and not text.startswith("=="):
        text = f"=={text[1:]}.*" if not text.endswith("*") else f"={text}"
    elif text[0].isdigit():
        text = f"=={text}"
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return None
