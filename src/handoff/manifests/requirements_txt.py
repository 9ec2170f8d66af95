"""pip requirements files (`requirements*.txt`, pip-tools `*.in`), read as pip reads them.

pip's order (`pip/_internal/req/req_file.py`): join backslash continuations (the logical line
keeps the number of its FIRST physical line), drop comments (`#` at the start or after
whitespace, so `#egg=` survives), then a line is options (it starts with `-`) or a
requirement followed by per-requirement options (`--hash`). `-r` and `-c` files are read
relative to the including file; a cycle or a missing file is a problem, not a crash.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from handoff.manifests.pep508 import RequirementError, Where, from_pip_text
from handoff.manifests.reading import read_text, relative_path
from handoff.manifests.types import Include, Manifest, Option, Problem, Requirement

_COMMENT = re.compile(r"(^|\s+)#.*$")

# pip's option lines: name -> takes a value. Short forms map to their long name.
_LINE_OPTIONS = {
    "--index-url": True,
    "--extra-index-url": True,
    "--no-index": False,
    "--constraint": True,
    "--requirement": True,
    "--editable": True,
    "--find-links": True,
    "--no-binary": True,
    "--only-binary": True,
    "--prefer-binary": False,
    "--require-hashes": False,
    "--pre": False,
    "--trusted-host": True,
    "--use-feature": True,
    "--always-unzip": False,
}
_SHORT = {
    "-i": "--index-url",
    "-c": "--constraint",
    "-r": "--requirement",
    "-e": "--editable",
    "-f": "--find-links",
    "-Z": "--always-unzip",
}
# Options allowed after a requirement on its line.
_REQUIREMENT_OPTIONS = {"--hash", "--config-settings", "--global-option", "--install-option"}


@dataclass(frozen=True)
class LogicalLine:
    """A line after joining continuations: its text without the comment, its first and last
    physical line, and the first physical line as written (for columns)."""

    text: str
    line: int
    end_line: int
    first: str


def logical_lines(text: str) -> list[LogicalLine]:
    physical = text.splitlines()
    result: list[LogicalLine] = []
    parts: list[str] = []
    start = 0
    for number, line in enumerate(physical, start=1):
        comment = _COMMENT.match(line) is not None
        if line.endswith("\\") and not comment:
            if not parts:
                start = number
            parts.append(line[:-1])
            continue
        if parts:
            parts.append(" " + line if comment else line)
            joined, first = "".join(parts), physical[start - 1]
            parts = []
        else:
            joined, first, start = line, line, number
        result.append(LogicalLine(_COMMENT.sub("", joined).strip(), start, number, first))
    if parts:  # the file ends with a backslash
        result.append(
            LogicalLine(
                _COMMENT.sub("", "".join(parts)).strip(), start, len(physical), physical[start - 1]
            )
        )
    return result


def _split_args_options(line: str) -> tuple[str, str]:
    """pip's `break_args_options`: the requirement is every space-separated token before the
    first one that starts with `-`."""
    tokens = line.split(" ")
    for index, token in enumerate(tokens):
        if token.startswith("-"):
            return " ".join(tokens[:index]).strip(), " ".join(tokens[index:])
    return line, ""


def _parse_options(text: str) -> list[tuple[str, str | None]]:
    """`--name=value`, `--name value`, `-r file`, `-rfile` -> [(long name, value)]; raises
    ValueError on an unknown option or a missing value."""
    tokens = shlex.split(text, posix=True)
    parsed: list[tuple[str, str | None]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        value: str | None = None
        if token.startswith("--"):
            name, eq, attached = token.partition("=")
            value = attached if eq else None
        elif token[:2] in _SHORT:
            name = _SHORT[token[:2]]
            value = token[2:] or None
        else:
            raise ValueError(f"unexpected {token!r}")
        takes_value = _LINE_OPTIONS.get(name, name in _REQUIREMENT_OPTIONS)
        if name not in _LINE_OPTIONS and name not in _REQUIREMENT_OPTIONS:
            raise ValueError(f"unknown option {name}")
        if takes_value and value is None:
            if index >= len(tokens):
                raise ValueError(f"{name} needs a value")
            value = tokens[index]
            index += 1
        parsed.append((name, value))
    return parsed


@dataclass
class _State:
    """What reading one top-level file (and everything it includes) gathers."""

    root: Path
    top: str
    requirements: list[Requirement] = field(default_factory=list)
    constraints: list[Requirement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    read: set[Path] = field(default_factory=set)


def read_requirements_file(path: Path, root: Path) -> Manifest:
    state = _State(root, relative_path(path, root))
    _read_file(state, path, stack=[], constraint=False)
    return Manifest(
        path=state.top,
        format="requirements",
        requirements=tuple(state.requirements),
        constraints=tuple(state.constraints),
        problems=tuple(state.problems),
        includes=tuple(state.includes),
        options=tuple(state.options),
    )


def _read_file(state: _State, path: Path, stack: list[Path], constraint: bool) -> None:
    relpath = relative_path(path, state.root)
    text, problem = read_text(path, relpath)
    if text is None:
        state.problems.append(problem)  # type: ignore[arg-type]
        return
    state.read.add(path.resolve())
    for logical in logical_lines(text):
        if logical.text:
            _read_line(state, path, relpath, logical, stack + [path.resolve()], constraint)


def _column_of(fragment: str, logical: LogicalLine) -> int:
    found = logical.first.find(fragment[:20]) if fragment else -1
    return found + 1 if found >= 0 else len(logical.first) - len(logical.first.lstrip()) + 1


def _read_line(
    state: _State,
    path: Path,
    relpath: str,
    logical: LogicalLine,
    stack: list[Path],
    constraint: bool,
) -> None:
    def problem(message: str, kind: str = "syntax") -> None:
        state.problems.append(
            Problem(relpath, logical.line, message, kind, _column_of(logical.text, logical))
        )

    text = logical.text
    if text.startswith("-"):
        try:
            options = _parse_options(text)
        except ValueError as exc:
            problem(f"cannot read option line: {exc}")
            return
        for name, value in options:
            if name in ("--requirement", "--constraint"):
                _include(
                    state,
                    path,
                    relpath,
                    logical,
                    value or "",
                    name == "--constraint" or constraint,
                    stack,
                )
            elif name == "--editable":
                _add_requirement(
                    state, relpath, logical, value or "", (), constraint, editable=True
                )
            elif name in _REQUIREMENT_OPTIONS:
                problem(f"{name} must follow a requirement on its line")
            else:
                state.options.append(Option(relpath, logical.line, name, value))
        return
    requirement, option_text = _split_args_options(text)
    hashes: list[str] = []
    if option_text:
        try:
            options = _parse_options(option_text)
        except ValueError as exc:
            problem(f"cannot read the options after the requirement: {exc}")
            return
        for name, value in options:
            if name == "--hash":
                hashes.append(value or "")
            elif name not in _REQUIREMENT_OPTIONS:
                problem(f"{name} cannot follow a requirement on the same line")
    _add_requirement(state, relpath, logical, requirement, tuple(hashes), constraint)


def _add_requirement(
    state: _State,
    relpath: str,
    logical: LogicalLine,
    text: str,
    hashes: tuple[str, ...],
    constraint: bool,
    editable: bool = False,
) -> None:
    column = _column_of(text, logical)
    # The end is known when the whole requirement sits on its first physical line.
    single = text in logical.first
    where = Where(
        relpath,
        logical.line,
        column,
        end_line=logical.line if single else logical.end_line,
        end_column=column + len(text) if single else None,
    )
    try:
        req = from_pip_text(text, where, raw=text, hashes=hashes, editable=editable)
    except RequirementError as exc:
        state.problems.append(
            Problem(
                relpath, logical.line, f"cannot parse requirement {text!r}: {exc}", "syntax", column
            )
        )
        return
    if editable and req.kind == "pypi":
        # pip accepts only a path or a VCS URL after -e.
        state.problems.append(
            Problem(
                relpath,
                logical.line,
                f"-e needs a local path or a VCS URL, not {text!r}",
                "syntax",
                column,
            )
        )
        return
    (state.constraints if constraint else state.requirements).append(req)


def _include(
    state: _State,
    path: Path,
    relpath: str,
    logical: LogicalLine,
    target: str,
    constraint: bool,
    stack: list[Path],
) -> None:
    kind = "constraints" if constraint else "requirements"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", target):
        state.includes.append(Include(relpath, logical.line, target, kind))
        state.problems.append(
            Problem(
                relpath,
                logical.line,
                f"remote include {target} is not followed (no network)",
                "include-remote",
            )
        )
        return
    included = (path.parent / target) if not Path(target).is_absolute() else Path(target)
    resolved = included.resolve() if included.exists() else None
    state.includes.append(
        Include(
            relpath,
            logical.line,
            target,
            kind,
            relative_path(included, state.root) if resolved else None,
        )
    )
    if resolved is None or not included.is_file():
        state.problems.append(
            Problem(relpath, logical.line, f"included file {target} not found", "include-missing")
        )
        return
    if resolved in stack:
        chain = " -> ".join(relative_path(p, state.root) for p in stack[stack.index(resolved) :])
        state.problems.append(
            Problem(
                relpath,
                logical.line,
                f"include cycle: {chain} -> {relative_path(resolved, state.root)}",
                "include-cycle",
            )
        )
        return
    if resolved in state.read:
        return  # already read through another include: its requirements are in once
    _read_file(state, included, stack, constraint)
