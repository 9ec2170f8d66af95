"""Poetry's dependency syntax: version constraints (`^1.2`, `~1.2`, `*`, `1.2.3`, `>=1,<2`,
`a || b`) and dependency tables (`version`, `git` + `rev`/`tag`/`branch`, `path`, `url`,
`markers`, `extras`, `optional`), turned into the same `Requirement` as PEP 508.

Caret and tilde follow poetry-core's `Version.next_breaking` and tilde rules exactly:
`^1.2.3` is `>=1.2.3,<2.0.0`, `^0.2.3` is `>=0.2.3,<0.3.0`, `^0.0.3` is `>=0.0.3,<0.0.4`,
`^0` is `>=0,<1`; `~1.2.3` is `>=1.2.3,<1.3.0`, `~1` is `>=1,<2`. The text as written stays in
`version_text`.
"""

from __future__ import annotations

import re
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from handoff.manifests.pep508 import (
    RequirementError,
    Where,
    canonical_extras,
    ref_kind,
    specifier_pin,
    table_marker,
)
from handoff.manifests.types import PinState, Requirement

_CLAUSE = re.compile(r"^(\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s*(.+)$")


def _bump(release: tuple[int, ...], index: int) -> str:
    """The release with component `index` incremented and the rest zeroed."""
    padded = list(release) + [0] * (index + 1 - len(release))
    bumped = padded[:index] + [padded[index] + 1] + [0] * (len(padded) - index - 1)
    return ".".join(str(part) for part in bumped)


def _clause(text: str) -> list[str]:
    """One poetry clause -> PEP 440 clauses."""
    match = _CLAUSE.match(text.strip())
    if not match:
        raise RequirementError(f"cannot read constraint {text!r}")
    operator, version_text = match.group(1) or "", match.group(2).strip()
    if version_text == "*" and not operator:
        return []
    if operator in ("", "=", "==") and version_text.endswith("*"):
        return [f"=={version_text}"]
    try:
        version = Version(version_text)
    except InvalidVersion:
        raise RequirementError(f"{version_text!r} is not a version") from None
    release = version.release
    if operator == "^":
        # next_breaking: bump the first non-zero of major/minor, else the last given part
        if release[0] > 0 or len(release) == 1:
            upper = _bump(release, 0)
        elif len(release) == 2 or release[1] > 0:
            upper = _bump(release, 1)
        else:
            upper = _bump(release, 2)
        return [f">={version_text}", f"<{upper}"]
    if operator == "~":
        upper = _bump(release, 0) if len(release) == 1 else _bump(release, 1)
        return [f">={version_text}", f"<{upper}"]
    if operator in ("", "="):
        return [f"=={version_text}"]
    return [f"{operator}{version_text}"]


def poetry_specifier(text: str) -> tuple[SpecifierSet | None, PinState]:
    """A poetry constraint as a SpecifierSet and its pin verdict. `a || b` has no single
    SpecifierSet: None, and a range (each side is a constraint)."""
    text = text.strip()
    if "||" in text:
        for alternative in text.split("||"):
            poetry_specifier(alternative)  # each side must still be valid
        return None, "range"
    clauses: list[str] = []
    # `>=1.2,<2.0` and `>=1.2 <2.0` both mean AND; a space after an operator does not split.
    for part in re.split(r",|\s+(?=[\^~<>=!])", text):
        if part.strip():
            clauses += _clause(part)
    if not clauses:
        return None, "none"
    try:
        specifier = SpecifierSet(",".join(clauses))
    except InvalidSpecifier as exc:
        raise RequirementError(str(exc)) from None
    return specifier, specifier_pin(specifier)


def poetry_requirement(name: str, spec: Any, where: Where, raw: str) -> Requirement:
    """One entry of a poetry dependency table: a constraint string or a table."""
    base: dict[str, Any] = {
        "name": canonicalize_name(name),
        "written_name": name,
        "path": where.path,
        "line": where.line,
        "column": where.column,
        "raw": raw,
        "section": where.section,
        "group": where.group,
    }
    if isinstance(spec, str):
        specifier, pin = poetry_specifier(spec)
        return Requirement(**base, specifier=specifier, version_text=spec, pin=pin)
    if not isinstance(spec, dict):
        raise RequirementError(f"expected a version string or a table, not {type(spec).__name__}")
    marker = table_marker(spec)
    common = {
        **base,
        "marker": marker,
        "extras": canonical_extras([e for e in spec.get("extras", []) if isinstance(e, str)]),
        "optional": spec.get("optional") is True,
    }
    if "git" in spec:
        for key in ("rev", "tag", "branch"):
            if isinstance(spec.get(key), str):
                ref = spec[key]
                kind = {"tag": "tag", "branch": "branch"}.get(key) or ref_kind(ref)
                break
        else:
            ref, kind = None, None
        pin: PinState = "exact" if kind in ("commit", "short-commit", "tag") else "none"
        return Requirement(
            **common,
            kind="vcs",
            url=str(spec["git"]),
            vcs="git",
            vcs_ref=ref,
            vcs_ref_kind=kind,
            pin=pin,
        )
    if "path" in spec:
        return Requirement(
            **common,
            kind="path",
            url=str(spec["path"]),
            editable=spec.get("develop") is True,
            pin="local",
        )
    if "url" in spec:
        return Requirement(**common, kind="url", url=str(spec["url"]), pin="none")
    version = spec.get("version", "*")
    if not isinstance(version, str):
        raise RequirementError("`version` must be a string")
    specifier, pin = poetry_specifier(version)
    return Requirement(**common, specifier=specifier, version_text=version, pin=pin)
