"""The small frozen types every manifest reader returns.

A `Requirement` is one declared dependency where it is written (file, 1-based line and
column). Whatever the syntax it came from (PEP 508, a poetry table, a conda spec), it says the
same things: which distribution, under which version constraint, from where (index, VCS, URL,
local path, conda), in which group, and how firmly it is pinned (`pin`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

# How firmly a requirement fixes what gets installed.
#   exact: one version (`==1.2.3`, `===x`, conda `=1.26.4`, a wheel URL, a VCS commit or tag)
#   range: bounds, but more than one version fits (`>=1.2`, `~=1.2`, `==2.*`, `^1.2`, `=1.26`)
#   none:  anything goes (no specifier, `*`, a VCS URL without a ref or on a branch)
#   local: a path on disk (`-e .`, `{path = "../lib"}`): whatever is checked out there
PinState = Literal["exact", "range", "none", "local"]
# Where the distribution comes from.
SourceKind = Literal["pypi", "vcs", "url", "path", "conda"]
# Which part of the manifest declares it.
Section = Literal["main", "extra", "group", "dev", "build"]
# What a VCS ref looks like: a full commit hash is immutable, a short one nearly so; a ref
# shaped like a version (`v1.2.0`) is taken as a tag; any other name as a moving branch.
RefKind = Literal["commit", "short-commit", "tag", "branch"]


@dataclass(frozen=True)
class Requirement:  # pylint: disable=too-many-instance-attributes
    """One declared dependency. `name` is canonical (PEP 503), or None for a local path or
    URL that does not say which distribution it holds; `written_name` is as written."""

    name: str | None
    written_name: str | None
    path: str
    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    raw: str = ""
    specifier: SpecifierSet | None = None
    # The constraint in the manifest's own syntax (`^1.2`, conda `=1.26`, `>=1.0`).
    version_text: str | None = None
    marker: Marker | None = None
    extras: tuple[str, ...] = ()
    kind: SourceKind = "pypi"
    url: str | None = None
    vcs: str | None = None
    vcs_ref: str | None = None
    vcs_ref_kind: RefKind | None = None
    editable: bool = False
    hashes: tuple[str, ...] = ()
    section: Section = "main"
    # The extra or dependency-group name (`section` extra/group/dev); None for main and build.
    group: str | None = None
    optional: bool = False
    channel: str | None = None
    build: str | None = None  # a conda build string (`py311h...`)
    pin: PinState = "none"

    @property
    def pinned(self) -> bool:
        return self.pin == "exact"

    @property
    def unpinned_kind(self) -> Literal["none", "range"] | None:
        """ "none" (nothing fixes the version), "range" (bounds only), or None when the
        requirement is pinned or a local path."""
        if self.pin in ("none", "range"):
            return self.pin  # type: ignore[return-value]
        return None

    @property
    def hashed(self) -> bool:
        return bool(self.hashes)

    @property
    def vcs_ref_immutable(self) -> bool:
        """True only for a full commit hash: a tag can be moved, a short hash can collide."""
        return self.vcs_ref_kind == "commit"

    @property
    def version(self) -> str | None:
        """The single version an exact pin names (`==1.2.3` gives "1.2.3"), else None."""
        if self.pin != "exact" or self.specifier is None:
            return None
        for spec in self.specifier:
            if spec.operator == "===" or (spec.operator == "==" and "*" not in spec.version):
                return spec.version
        return None


@dataclass(frozen=True)
class Problem:
    """Something a reader could not make sense of, where it is. `kind` lets rules tell them
    apart: syntax, invalid-file, include-missing, include-cycle, include-remote, dynamic."""

    path: str
    line: int
    message: str
    kind: str = "syntax"
    column: int = 1


@dataclass(frozen=True)
class PythonRequires:
    """The Python versions a manifest states (`requires-python`, poetry's `python`, conda's
    `python=3.10`, Pipfile's `python_version`). `specifier` is None when the text is not a
    PEP 440 specifier (a conda spec)."""

    text: str
    path: str
    line: int
    specifier: SpecifierSet | None = None


@dataclass(frozen=True)
class Include:
    """Another file or group a manifest pulls in. `kind`: requirements (`-r`), constraints
    (`-c`), dependency-group (PEP 735 `include-group`; `target` is the group, `from_group` the
    including one), read-at-build (setup.py `open("requirements.txt")`, setuptools
    `file:` / dynamic). `resolved` is the target's path relative to the root when it exists."""

    path: str
    line: int
    target: str
    kind: str
    resolved: str | None = None
    from_group: str | None = None


@dataclass(frozen=True)
class Option:
    """A pip option line (`--index-url URL`, `--pre`) or a Pipfile/conda source: recognised,
    not a requirement, kept because index and trust options matter to rules."""

    path: str
    line: int
    name: str
    value: str | None = None


@dataclass(frozen=True)
class Manifest:
    """What one manifest declares. `requirements` includes those of files it includes with
    `-r` (each keeps its own `path`); `constraints` are those of `-c` files."""

    path: str
    format: str
    requirements: tuple[Requirement, ...] = ()
    constraints: tuple[Requirement, ...] = ()
    python_requires: PythonRequires | None = None
    problems: tuple[Problem, ...] = ()
    includes: tuple[Include, ...] = ()
    options: tuple[Option, ...] = ()
    channels: tuple[str, ...] = ()
    project_name: str | None = None

    @property
    def own_requirements(self) -> tuple[Requirement, ...]:
        """The requirements written in this file itself (not in an included one): what a rule
        reports on this file, so an included file's lines are not reported twice."""
        return tuple(r for r in self.requirements if r.path == self.path)

    def named(self, name: str) -> tuple[Requirement, ...]:
        wanted = canonicalize_name(name)
        return tuple(r for r in self.requirements if r.name == wanted)

    def group_members(self, group: str) -> tuple[Requirement, ...]:
        """A PEP 735 dependency group with its `include-group`s expanded (cycles cut)."""
        seen: set[str] = set()
        pending = [group]
        found: list[Requirement] = []
        while pending:
            current = pending.pop(0)
            if current in seen:
                continue
            seen.add(current)
            found += [r for r in self.requirements if r.section == "group" and r.group == current]
            pending += [
                i.target
                for i in self.includes
                if i.kind == "dependency-group" and i.from_group == current
            ]
        return tuple(found)


@dataclass(frozen=True)
class LockedPackage:
    """One distribution a lock file pins. `version` is None where the lock names a source
    (a VCS commit, a path) rather than a version."""

    name: str
    version: str | None
    line: int | None = None
    source: str | None = None


@dataclass(frozen=True)
class LockFile:
    """What one lock file pins; a broken lock has `problems` and no packages."""

    path: str
    format: str
    packages: tuple[LockedPackage, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def pins(self) -> dict[str, frozenset[str]]:
        """Canonical name -> the versions pinned for it (a uv lock can hold several, one per
        platform or Python range)."""
        pins: dict[str, set[str]] = {}
        for package in self.packages:
            versions = pins.setdefault(package.name, set())
            if package.version is not None:
                versions.add(package.version)
        return {name: frozenset(versions) for name, versions in pins.items()}

    def pins_name(self, name: str) -> bool:
        return canonicalize_name(name) in self.pins
