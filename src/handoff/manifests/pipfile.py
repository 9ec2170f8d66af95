"""`Pipfile` (pipenv): `[packages]`, `[dev-packages]`, `[requires] python_version` and
`[[source]]` indexes. Version strings are PEP 440 specifiers or `*`; tables carry `version`,
`extras`, `markers`, `git` + `ref`, `path`/`file`, `editable`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from handoff.manifests.pep508 import (
    RequirementError,
    canonical_extras,
    ref_kind,
    specifier_pin,
    table_marker,
)
from handoff.manifests.reading import read_text, relative_path
from handoff.manifests.toml_lines import TomlLines
from handoff.manifests.types import (
    Manifest,
    Option,
    PinState,
    Problem,
    PythonRequires,
    Requirement,
    Section,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _specifier(text: str) -> tuple[SpecifierSet | None, PinState]:
    if text.strip() in ("*", ""):
        return None, "none"
    try:
        specifier = SpecifierSet(text)
    except InvalidSpecifier:
        raise RequirementError(f"{text!r} is not a version specifier") from None
    return specifier, specifier_pin(specifier)


def pipfile_requirement(name: str, spec: Any, base: dict) -> Requirement:
    base = dict(base, name=canonicalize_name(name), written_name=name)
    if isinstance(spec, str):
        specifier, pin = _specifier(spec)
        return Requirement(**base, specifier=specifier, version_text=spec, pin=pin)
    if not isinstance(spec, dict):
        raise RequirementError("expected a version string or a table")
    marker = table_marker(spec)
    base.update(
        marker=marker,
        extras=canonical_extras([e for e in spec.get("extras", []) if isinstance(e, str)]),
        editable=spec.get("editable") is True,
    )
    for vcs in ("git", "hg", "svn", "bzr"):
        if isinstance(spec.get(vcs), str):
            ref = spec.get("ref") if isinstance(spec.get("ref"), str) else None
            kind = ref_kind(ref) if ref else None
            pin: PinState = "exact" if kind in ("commit", "short-commit", "tag") else "none"
            return Requirement(
                **base, kind="vcs", url=spec[vcs], vcs=vcs, vcs_ref=ref, vcs_ref_kind=kind, pin=pin
            )
    for key in ("path", "file"):
        if isinstance(spec.get(key), str):
            local = key == "path" or not spec[key].startswith(("http://", "https://"))
            return Requirement(
                **base,
                kind="path" if local else "url",
                url=spec[key],
                pin="local" if local else "none",
            )
    version = spec.get("version", "*")
    specifier, pin = _specifier(version if isinstance(version, str) else "*")
    return Requirement(**base, specifier=specifier, version_text=str(version), pin=pin)


def read_pipfile(path: Path, root: Path) -> Manifest:
    relpath = relative_path(path, root)
    text, problem = read_text(path, relpath)
    if text is None:
        return Manifest(relpath, "pipfile", problems=(problem,))  # type: ignore[arg-type]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or 1
        return Manifest(
            relpath,
            "pipfile",
            problems=(Problem(relpath, line, f"invalid TOML: {exc}", "invalid-file"),),
        )
    lines = TomlLines(text, "Pipfile")
    requirements: list[Requirement] = []
    problems: list[Problem] = []
    sections: list[tuple[str, Section, str | None]] = [
        ("packages", "main", None),
        ("dev-packages", "dev", "dev"),
    ]
    for table, section, group in sections:
        packages = data.get(table) if isinstance(data.get(table), dict) else {}
        for name, spec in packages.items():
            line = lines.entry((table,), name)
            base = {
                "path": relpath,
                "line": line,
                "column": lines.column_of(line, name),
                "raw": f"{name} = {spec!r}",
                "section": section,
                "group": group,
            }
            try:
                requirements.append(pipfile_requirement(name, spec, base))
            except RequirementError as exc:
                problems.append(Problem(relpath, line, f"cannot read {name!r}: {exc}", "syntax"))
    options = [
        Option(relpath, lines.locate(("source", "url"), s["url"])[0], "source", s["url"])
        for s in data.get("source", [])
        if isinstance(s, dict) and isinstance(s.get("url"), str)
    ]
    return Manifest(
        path=relpath,
        format="pipfile",
        requirements=tuple(requirements),
        python_requires=_python(data, lines, relpath),
        problems=tuple(problems),
        options=tuple(options),
    )


def _python(data: dict, lines: TomlLines, relpath: str) -> PythonRequires | None:
    """`[requires] python_full_version = "3.11.4"` or `python_version = "3.11"`."""
    python = None
    requires = data.get("requires") if isinstance(data.get("requires"), dict) else {}
    for key, exact in (("python_full_version", True), ("python_version", False)):
        value = requires.get(key)
        if isinstance(value, str):
            line, _ = lines.locate(("requires", key), value)
            try:
                specifier: SpecifierSet | None = SpecifierSet(
                    f"=={value}" if exact else f"=={value}.*"
                )
            except InvalidSpecifier:
                specifier = None
            python = PythonRequires(value, relpath, line, specifier)
            break
    return python
