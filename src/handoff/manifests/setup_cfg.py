"""`setup.cfg`: `[options] install_requires`, `setup_requires`, `python_requires` and
`[options.extras_require]`.

configparser validates the file but forgets lines, so the values are also read line by line:
a multi-line value is one requirement per continuation line, each at its own line, as
setuptools splits it. A one-line value is split on `;` the way setuptools does, unless the
part after `;` is the requirement's environment marker.
"""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from handoff.manifests.pep508 import RequirementError, Where, from_pep508
from handoff.manifests.reading import read_text, relative_path
from handoff.manifests.types import Include, Manifest, Problem, PythonRequires, Requirement, Section

_SECTION = re.compile(r"^\[([^\]]+)\]\s*$")
_PAIR = re.compile(r"^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$")
_TRAILING_COMMENT = re.compile(r"\s+#.*$")

Piece = tuple[int, int, str]  # line, column, text


def _values(text: str) -> dict[tuple[str, str], list[Piece]]:
    """(section, key) -> the non-empty, non-comment pieces of its value, each positioned."""
    values: dict[tuple[str, str], list[Piece]] = {}
    section, current = "", None
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if raw[0] in " \t" and current is not None:
            piece = _TRAILING_COMMENT.sub("", stripped)
            values[current].append((number, len(raw) - len(raw.lstrip()) + 1, piece))
            continue
        header = _SECTION.match(stripped)
        if header:
            section, current = header.group(1).strip().lower(), None
            continue
        pair = _PAIR.match(raw)
        if not pair:
            current = None
            continue
        current = (section, pair.group(1).strip().lower().replace("-", "_"))
        values[current] = []
        rest = _TRAILING_COMMENT.sub("", pair.group(2).strip())
        if rest:
            values[current].append((number, pair.start(2) + 1, rest))
    return values


def read_setup_cfg(path: Path, root: Path) -> Manifest:
    relpath = relative_path(path, root)
    text, problem = read_text(path, relpath)
    if text is None:
        return Manifest(relpath, "setup.cfg", problems=(problem,))  # type: ignore[arg-type]
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        invalid = Problem(
            relpath,
            getattr(exc, "lineno", None) or 1,
            f"invalid setup.cfg: {str(exc).splitlines()[0]}",
            "invalid-file",
        )
        return Manifest(relpath, "setup.cfg", problems=(invalid,))
    values = _values(text)
    requirements: list[Requirement] = []
    problems: list[Problem] = []
    includes: list[Include] = []
    for key, section, group in _wanted(values):
        pieces = values.get(key, [])
        if len(pieces) == 1 and pieces[0][2].startswith("file:"):
            includes += _file_includes(pieces[0], path, root, relpath)
            continue
        _parse_pieces(
            pieces, Where(relpath, 0, section=section, group=group), requirements, problems
        )
    name = parser.get("metadata", "name", fallback=None)
    return Manifest(
        path=relpath,
        format="setup.cfg",
        requirements=tuple(requirements),
        python_requires=_python(values, relpath),
        problems=tuple(problems),
        includes=tuple(includes),
        project_name=canonicalize_name(name) if name else None,
    )


def _parse_pieces(
    pieces: list[Piece], where: Where, requirements: list[Requirement], problems: list[Problem]
) -> None:
    for line, column, item in _split(pieces):
        here = where._replace(
            line=line, column=column, end_line=line, end_column=column + len(item)
        )
        try:
            requirements.append(from_pep508(item, here))
        except RequirementError as exc:
            message = f"cannot parse requirement {item!r}: {exc}"
            problems.append(Problem(where.path, line, message, "syntax", column))


def _wanted(values: dict) -> list[tuple[tuple[str, str], Section, str | None]]:
    """The keys that hold requirements, with the section and group each declares."""
    wanted: list[tuple[tuple[str, str], Section, str | None]] = [
        (("options", "install_requires"), "main", None),
        (("options", "setup_requires"), "build", None),
    ]
    return wanted + [
        (key, "extra", canonicalize_name(key[1]))
        for key in values
        if key[0] == "options.extras_require"
    ]


def _split(pieces: list[Piece]) -> list[Piece]:
    if len(pieces) != 1 or ";" not in pieces[0][2]:
        return pieces
    line, column, text = pieces[0]
    try:  # `numpy; python_version < "3.8"` is one requirement with a marker
        from_pep508(text, Where("", line))
        return pieces
    except RequirementError:
        pass
    parts, offset = [], 0
    for part in text.split(";"):
        stripped = part.strip()
        if stripped:
            parts.append((line, column + offset + part.index(stripped), stripped))
        offset += len(part) + 1
    return parts


def _python(values: dict[tuple[str, str], list[Piece]], relpath: str) -> PythonRequires | None:
    pieces = values.get(("options", "python_requires"), [])
    if not pieces:
        return None
    line, _, spec = pieces[0]
    try:
        specifier: SpecifierSet | None = SpecifierSet(spec)
    except InvalidSpecifier:
        specifier = None
    return PythonRequires(spec, relpath, line, specifier)


def _file_includes(piece: Piece, path: Path, root: Path, relpath: str) -> list[Include]:
    """`install_requires = file: requirements.txt, more.txt`: setuptools reads them."""
    includes = []
    for target in piece[2][len("file:") :].split(","):
        included = path.parent / target.strip()
        resolved = relative_path(included, root) if included.is_file() else None
        includes.append(Include(relpath, piece[0], target.strip(), "read-at-build", resolved))
    return includes
