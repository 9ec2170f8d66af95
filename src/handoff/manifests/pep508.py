"""PEP 508 requirement strings, URLs, VCS refs and pin verdicts, shared by every reader.

Requirement strings are parsed by `packaging` only. What `packaging` does not cover is what
pip adds on a requirements line: a bare URL or local path (`git+https://...#egg=name`,
`./pkg[extra]`, `https://.../x-1.0-py3-none-any.whl`), whose name comes from `#egg=` or the
archive's file name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

from packaging.markers import InvalidMarker, Marker
from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as PackagingRequirement
from packaging.specifiers import SpecifierSet
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from handoff.manifests.types import PinState, RefKind, Requirement, Section

VCS_SCHEMES = ("git", "hg", "svn", "bzr")
_ARCHIVE_SUFFIXES = (
    ".whl",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tar.xz",
    ".txz",
    ".tar",
    ".zip",
)
_HASH_NAMES = ("sha256", "sha384", "sha512", "sha1", "md5")
# A ref that reads like a release (`v1.2.0`, `1.2`, `release-2.0`) is taken for a tag.
_TAG_LIKE = re.compile(r"^(?:v|version[-_]?|release[-_]?|rel[-_]?)?\d+(?:[._-]\w+)*$", re.I)
_HEX = re.compile(r"^[0-9a-f]+$", re.I)
# pip's rule: a bare line that starts with a name followed by `@` is PEP 508 `name @ url`.
_NAMED_URL = re.compile(r"^\s*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*@")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class RequirementError(ValueError):
    """A requirement that cannot be read; the message says why, for a `Problem`."""


class Where(NamedTuple):
    """Where a requirement is written, and in which part of its manifest."""

    path: str
    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    section: Section = "main"
    group: str | None = None


def ref_kind(ref: str) -> RefKind:
    if _HEX.match(ref) and len(ref) in (40, 64):
        return "commit"
    if _HEX.match(ref) and len(ref) >= 7 and any(c.isdigit() for c in ref):
        return "short-commit"
    if _TAG_LIKE.match(ref):
        return "tag"
    return "branch"


def specifier_pin(specifier: SpecifierSet | None) -> PinState:
    """exact for `==X` (no wildcard) or `===X` among the clauses, range for any other
    clause, none without one."""
    if specifier is None or not len(specifier):  # pylint: disable=use-implicit-booleaness-not-len
        return "none"
    for spec in specifier:
        if spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith("*")):
            return "exact"
    return "range"


def canonical_extras(extras: set[str] | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({canonicalize_name(e) for e in extras if e.strip()}))


class VcsUrl(NamedTuple):
    """A VCS URL's tool, ref (None when it names none) and `#` fragment parameters."""

    vcs: str
    ref: str | None
    fragment: dict[str, str]


def split_vcs_url(url: str) -> VcsUrl | None:
    """`git+https://host/repo.git@ref#egg=x` -> (git, ref, {egg: x}); None for a URL that
    is not a VCS URL."""
    scheme = url.split(":", 1)[0].lower() if _SCHEME.match(url) else ""
    vcs = scheme.split("+", 1)[0]
    if vcs not in VCS_SCHEMES:
        # scp-like `git+git@github.com:org/repo.git` has no scheme urlsplit would accept
        if not re.match(r"^(git|hg|svn|bzr)\+", url, re.I):
            return None
        vcs = url.split("+", 1)[0].lower()
    body, _, fragment = url.partition("#")
    # The ref is after the last `@` of the path, never the `@` of `user@host`.
    if "://" in body:
        path = body.split("://", 1)[1].partition("/")[2]
    else:  # scp-like: the path follows the first `:`
        path = body.partition(":")[2]
    ref = unquote(path.rsplit("@", 1)[1]) or None if "@" in path else None
    params = {k: v[-1] for k, v in parse_qs(fragment, keep_blank_values=True).items()}
    return VcsUrl(vcs, ref, params)


def _archive_name_version(filename: str) -> tuple[str, str] | None:
    """(name, version) from a wheel or sdist file name, None if it is neither."""
    filename = unquote(filename)
    try:
        if filename.endswith(".whl"):
            name, version, _, _ = parse_wheel_filename(filename)
            return name, str(version)
        name, version = parse_sdist_filename(filename)
        return name, str(version)
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None


def _url_hashes(fragment: dict[str, str]) -> tuple[str, ...]:
    return tuple(f"{k}:{v}" for k, v in fragment.items() if k in _HASH_NAMES)


def _with_url(req: Requirement, url: str) -> Requirement:
    """Fill in what a direct URL says: VCS and ref, hashes, a wheel's version; and the pin."""
    vcs = split_vcs_url(url)
    if vcs is not None:
        kind = ref_kind(vcs.ref) if vcs.ref else None
        pin: PinState = "exact" if kind in ("commit", "short-commit", "tag") else "none"
        return replace(
            req, kind="vcs", url=url, vcs=vcs.vcs, vcs_ref=vcs.ref, vcs_ref_kind=kind, pin=pin
        )
    parts = urlsplit(url)
    fragment = {k: v[-1] for k, v in parse_qs(parts.fragment).items()}
    hashes = req.hashes + _url_hashes(fragment)
    local = parts.scheme in ("", "file")
    basename = parts.path.rstrip("/").rsplit("/", 1)[-1]
    archive = _archive_name_version(basename)
    specifier = req.specifier
    if archive is not None:
        pin = "exact"
        specifier = SpecifierSet(f"=={archive[1]}")
    elif hashes:
        pin = "exact"
    elif local:
        pin = "local"
    else:
        pin = _archive_ref_pin(parts.path)
    return replace(
        req,
        kind="path" if local else "url",
        url=url,
        hashes=hashes,
        specifier=specifier,
        pin=pin,
    )


def _archive_ref_pin(path: str) -> PinState:
    """A forge archive (`.../archive/<ref>.zip`) is as firm as its ref."""
    match = re.search(r"/archive/(?:refs/(?:heads|tags)/)?([^/]+?)(?:\.zip|\.tar\.gz|\.tgz)$", path)
    if match and ref_kind(match.group(1)) in ("commit", "short-commit", "tag"):
        return "exact"
    return "none"


def from_pep508(text: str, where: Where, raw: str | None = None, **extra) -> Requirement:
    """A requirement from a PEP 508 string (`name[extra]>=1; marker`, `name @ url`)."""
    try:
        parsed = PackagingRequirement(text)
    except InvalidRequirement as exc:
        raise RequirementError(_first_line(str(exc))) from None
    specifier = parsed.specifier if len(parsed.specifier) else None  # pylint: disable=C1802
    req = Requirement(
        name=canonicalize_name(parsed.name),
        written_name=parsed.name,
        **_placed(where, raw if raw is not None else text),
        specifier=specifier,
        version_text=str(parsed.specifier) or None,
        marker=parsed.marker,
        extras=canonical_extras(parsed.extras),
        pin=specifier_pin(specifier),
        **extra,
    )
    if parsed.url:
        req = _with_url(req, parsed.url)
    return req


def looks_like_url_or_path(text: str) -> bool:
    """pip's test for a requirements line that is a URL or a path rather than PEP 508."""
    if _NAMED_URL.match(text):
        return False
    head = text.split(";", 1)[0].strip()
    if _SCHEME.match(head) and ("://" in head or head.lower().startswith("file:")):
        return True
    if re.match(r"^(git|hg|svn|bzr)\+", head, re.I):
        return True
    if head.startswith((".", "/", "~")) or "/" in head or "\\" in head:
        return True
    return head.lower().endswith(_ARCHIVE_SUFFIXES)


def from_url_or_path(text: str, where: Where, raw: str | None = None, **extra) -> Requirement:
    """A bare URL or path as pip reads it: `URL ; marker` (a `; ` separates the marker), the
    name from `#egg=name[extras]` or from a wheel/sdist file name, extras after a path."""
    location, marker_text = text, None
    separator = "; " if _SCHEME.match(text) and "://" in text else ";"
    if separator in text:
        location, marker_text = (part.strip() for part in text.split(separator, 1))
    location = location.strip()
    marker = None
    if marker_text:
        try:
            marker = Marker(marker_text)
        except InvalidMarker as exc:
            raise RequirementError(_first_line(str(exc))) from None
    extras: tuple[str, ...] = ()
    path_extras = re.match(r"^(.+?)\[([^\]]*)\]$", location)
    if path_extras and "#" not in location:
        location, extras = path_extras.group(1), canonical_extras(path_extras.group(2).split(","))
    name = written = None
    fragment = {k: v[-1] for k, v in parse_qs(location.partition("#")[2]).items()}
    if "egg" in fragment:
        try:
            egg = PackagingRequirement(fragment["egg"])
        except InvalidRequirement as exc:
            raise RequirementError(f"invalid #egg= name: {_first_line(str(exc))}") from None
        name, written = canonicalize_name(egg.name), egg.name
        extras = extras or canonical_extras(egg.extras)
    else:
        basename = location.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        archive = _archive_name_version(basename)
        if archive:
            name, written = canonicalize_name(archive[0]), archive[0]
    req = Requirement(
        name=name,
        written_name=written,
        **_placed(where, raw if raw is not None else text),
        marker=marker,
        extras=extras,
        **extra,
    )
    return _with_url(req, location)


def from_pip_text(text: str, where: Where, raw: str | None = None, **extra) -> Requirement:
    """A requirement as pip reads it after `-e` or on its own line."""
    if looks_like_url_or_path(text):
        return from_url_or_path(text, where, raw, **extra)
    return from_pep508(text, where, raw, **extra)


def table_marker(spec: dict) -> Marker | None:
    """The `markers` string of a Poetry or Pipfile dependency table, parsed."""
    if not isinstance(spec.get("markers"), str):
        return None
    try:
        return Marker(spec["markers"])
    except InvalidMarker as exc:
        raise RequirementError(f"invalid markers: {exc}") from None


def _placed(where: Where, raw: str) -> dict:
    """The fields that say where a requirement is written, and as what."""
    return {
        "path": where.path,
        "line": where.line,
        "column": where.column,
        "end_line": where.end_line,
        "end_column": where.end_column,
        "section": where.section,
        "group": where.group,
        "raw": raw,
    }


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "invalid requirement"
