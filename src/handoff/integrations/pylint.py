"""pylint behind one function: the error and fatal messages pylint gives one file, run in process
(`pylint.lint.Run` once per configuration and process, then `PyLinter.check` per file) with the
project's pylint configuration.

The configuration is the nearest of pylint's own config file names (pylintrc, .pylintrc,
pylintrc.toml, pyproject.toml with `[tool.pylint.*]`, setup.cfg or tox.ini with `[pylint.*]`)
from the file's folder up to the project root; never `~/.pylintrc` or `PYLINTRC`, so a finding
is the same on every machine. pylint reads it through its own parser, but what it runs comes
from a copy without `init-hook` and `load-plugins`: those are code from the repository being
checked, and checking a repository must never run its code (a pull request could add a hook).

astroid caches every module it builds for the life of the process; pylint's documentation asks
integrations to clear that cache between runs, which is done when a file is checked a second
time in one process (a new handoff run, in tests or through the API).
"""

from __future__ import annotations

import atexit
import configparser
import contextlib
import functools
import importlib
import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handoff.integrations.tools import ToolConfigError, stamp

_CATEGORIES = ("error", "fatal")
# Options whose values pylint executes or imports: Python source, and plugin modules.
_CODE_OPTIONS = frozenset({"init-hook", "load-plugins"})


@dataclass(frozen=True)
class PylintMessage:
    """One pylint message, positions 1-based."""

    msg_id: str  # E0602
    symbol: str  # undefined-variable
    category: str  # error | fatal
    text: str
    line: int
    column: int
    end_line: int | None
    end_column: int | None


def pylint_config_file(path: Path, root: Path) -> Path | None:
    """The pylint configuration that applies to the file at `path`: the nearest one up to
    `root` (pylint's file names, and a pyproject.toml, setup.cfg or tox.ini only when it has a
    pylint section)."""
    # `pylint.config.find_default_config_files` is also the name of a function there.
    finder = importlib.import_module("pylint.config.find_default_config_files")

    folders = [path.parent, *(p for p in path.parent.parents if root in (p, *p.parents))]
    for folder in folders:
        for name in finder.CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            # pylint's own tests of whether a shared file holds its configuration (private,
            # with no public equivalent; pylint uses them for its own search).
            # pylint: disable=protected-access
            if candidate.suffix == ".toml" and not finder._toml_has_config(candidate):
                continue
            if candidate.suffix in (".cfg", ".ini") and not finder._cfg_or_ini_has_config(
                candidate
            ):
                continue
            return candidate
    return None


def _safe_copy(config: Path) -> Path:
    """A pylintrc holding `config`'s pylint options, as pylint's own parser reads them, less
    the ones that run code from the repository."""
    # pylint's parser of configuration files: private, with no public equivalent.
    # pylint: disable=import-outside-toplevel,protected-access
    from pylint.config.config_file_parser import _RawConfParser

    try:
        options, _ = _RawConfParser.parse_config_file(config, verbose=False)
    except (OSError, ValueError, configparser.Error) as exc:
        raise ToolConfigError(f"pylint cannot read the configuration {config}: {exc}") from None
    safe = configparser.RawConfigParser()
    safe.add_section("MAIN")
    for name, value in options.items():
        if name.replace("_", "-").lower() not in _CODE_OPTIONS:
            # pylint reads an rcfile with interpolation: a literal % is written %%.
            safe.set("MAIN", name, str(value).replace("%", "%%"))
    handle, name = tempfile.mkstemp(suffix=".pylintrc", dir=_scratch())
    with os.fdopen(handle, "w", encoding="utf-8") as copy:
        safe.write(copy)
    return Path(name)


@functools.cache
def _scratch() -> str:
    folder = tempfile.mkdtemp(prefix="handoff-pylint-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@dataclass
class _Session:
    """A pylint linter set up with one configuration, with the reporter it reports to."""

    reporter: Any
    linter: Any = None
    checked: set[str] = field(default_factory=set)


_SESSIONS: dict[tuple, _Session] = {}


def pylint_messages(
    path: Path, config: Path | None, disable: tuple[str, ...] = ()
) -> list[PylintMessage]:
    """pylint's error and fatal messages for the file at `path` with the configuration file
    `config` (None: pylint's defaults), and the messages in `disable` turned off too."""
    # pylint: disable=import-outside-toplevel
    from astroid import MANAGER
    from pylint.lint import Run
    from pylint.reporters import CollectingReporter

    key = (str(config), stamp(config) if config else None, disable)
    session = _SESSIONS.get(key)
    if session is None:
        session = _SESSIONS[key] = _Session(CollectingReporter())
    target = str(path)
    if target in session.checked:  # a second run in this process: start from fresh modules
        MANAGER.clear_cache()
        session.checked.clear()
    session.checked.add(target)
    session.reporter.messages.clear()
    # pylint prints a few things of its own (a config file it cannot parse): kept off the
    # report, which only shows findings.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            if session.linter is None:
                args = _arguments(config, disable)
                session.linter = Run([*args, target], reporter=session.reporter, exit=False).linter
            else:
                session.linter.check([target])
        except SystemExit as exc:  # pylint's answer to a configuration it cannot use
            _SESSIONS.pop(key, None)
            message = f"pylint refuses the configuration {config}: exit {exc.code}"
            raise ToolConfigError(message) from None
    found = Path(target).resolve()
    return [
        _message(m)
        for m in session.reporter.messages
        if m.category in _CATEGORIES and Path(m.abspath).resolve() == found
    ]


def _arguments(config: Path | None, disable: tuple[str, ...]) -> list[str]:
    return [
        "--errors-only",
        "--persistent=n",
        "--score=n",
        "--reports=n",
        "--jobs=1",
        f"--rcfile={_safe_copy(config) if config else os.devnull}",
        *([f"--disable={','.join(disable)}"] if disable else []),
    ]


def _message(message: Any) -> PylintMessage:
    return PylintMessage(
        msg_id=message.msg_id,
        symbol=message.symbol,
        category=message.category,
        text=message.msg,
        line=max(message.line or 1, 1),
        column=(message.column or 0) + 1,
        end_line=message.end_line,
        end_column=message.end_column + 1 if message.end_column is not None else None,
    )
