"""`pip install` command lines, wherever a notebook or a script runs them: which requirements
they name and whether each is pinned. Requirements are read by `handoff.manifests` (PEP 508
and pip's URL forms), never by a regex of our own."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from handoff.manifests.pep508 import RequirementError, Where, from_pip_text

# Options of `pip install` that take a value (the value is not a requirement).
_VALUE_OPTIONS = frozenset(
    {"-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target"}
    | {"--prefix", "--root", "--src", "--platform", "--python-version", "--implementation"}
    | {"--abi", "--trusted-host", "--cache-dir", "--log", "--proxy", "--timeout", "--retries"}
    | {"--progress-bar", "--config-settings", "-C", "--global-option", "--no-binary"}
    | {"--only-binary", "--upgrade-strategy", "--report", "--python", "--exists-action"}
)
# Installing from a file or the project itself: the file is REQ002's business.
_FROM_FILE = frozenset({"-r", "--requirement", "-c", "--constraint", "-e", "--editable"})
_SEPARATORS = re.compile(r"\s*(?:&&|\|\||;|\|)\s*")


@dataclass(frozen=True)
class PipInstall:
    """One `pip install` command: the requirements it names that are not pinned to one
    version (as written), and whether it named any requirement at all."""

    unpinned: tuple[str, ...]
    requirements: tuple[str, ...]


def _install_arguments(words: list[str]) -> list[str] | None:
    """The words after `install` when `words` run pip (`pip`, `pip3`, `python -m pip`,
    `uv pip`), else None."""
    for index, word in enumerate(words):
        base = word.rsplit("/", 1)[-1]
        is_pip = re.fullmatch(r"pip(?:3(?:\.\d+)?)?", base) is not None
        if is_pip and index + 1 < len(words) and words[index + 1] == "install":
            return words[index + 2 :]
    return None


def parse_pip_install(command: str) -> list[PipInstall]:
    """Every `pip install` in a shell command line (`a && pip install x; b`)."""
    found = []
    for part in _SEPARATORS.split(command):
        try:
            words = shlex.split(part, comments=True)
        except ValueError:
            words = part.split()
        arguments = _install_arguments(words)
        if arguments is None:
            continue
        install = _read_arguments(arguments)
        if install is not None:
            found.append(install)
    return found


def _read_arguments(arguments: list[str]) -> PipInstall | None:
    requirements: list[str] = []
    unpinned: list[str] = []
    skip_next = False
    for word in arguments:
        if skip_next:
            skip_next = False
            continue
        if word in _FROM_FILE:
            skip_next = True
            continue
        if word.startswith("-"):
            name = word.split("=", 1)[0]
            skip_next = name in _VALUE_OPTIONS and "=" not in word
            continue
        if "{}" in word or "$" in word or word.startswith("{"):
            continue  # computed at run time: nothing to read
        requirements.append(word)
        if not _pinned(word):
            unpinned.append(word)
    if not requirements:
        return None
    return PipInstall(tuple(unpinned), tuple(requirements))


def _pinned(text: str) -> bool:
    try:
        requirement = from_pip_text(text, Where("<command>", 1))
    except RequirementError:
        return True  # not a requirement we can read: say nothing about it
    if requirement.pin == "local":
        return True  # a path on disk: the project itself, not a version to pin
    return requirement.pinned
