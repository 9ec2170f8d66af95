"""black and isort behind small functions: the text each would write for a file, formatted the
way the file's own project configures the tool.

Configuration is the project's, never the user's: black reads `[tool.black]` of the
pyproject.toml at black's own project root (`black.find_project_root`; target versions
inferred from `requires-python` as black does), but not `~/.config/black`; isort
reads the nearest `.isort.cfg`, `[tool.isort]`, `setup.cfg`, `tox.ini` or `.editorconfig`
section up to the repository root (isort's own search), and falls back to its black profile
(at black's line length) when the project configures isort nowhere. So a finding is the same on
every machine. Settings are read once per project and configuration file version.

Both tools are imported when a rule first runs: a run without the QUAL rules never loads them.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handoff.integrations.tools import ToolConfigError, stamp

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class Unformattable(Exception):
    """black cannot parse the code (a syntax error: HO001 reports it) or isort refuses it."""


# --- black ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlackSettings:
    """What black runs with for one project: its mode and the exclusions of its config."""

    root: Path
    mode: Any  # black.Mode
    excludes: tuple[re.Pattern[str], ...]  # exclude (or black's default), extend-, force-

    def excluded(self, path: Path) -> bool:
        """Whether black leaves `path` alone: a pattern matches the file's root-relative path
        or one of its folders (`/build/`), as black matches them while it walks."""
        try:
            parts = path.resolve().relative_to(self.root).parts
        except ValueError:
            return False
        prefixes = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts) - 1)]
        candidates = [*prefixes, "/" + "/".join(parts)]
        return any(p.search(c) for p in self.excludes for c in candidates)


def black_settings(path: Path) -> BlackSettings:
    """black's settings for the file at `path` (its project's `[tool.black]`)."""
    import black  # pylint: disable=import-outside-toplevel

    root, _ = black.find_project_root((str(path),))
    root = root or path.parent
    pyproject = root / "pyproject.toml"
    return _black_settings(root, str(pyproject), stamp(pyproject))


@functools.lru_cache(maxsize=64)
def _black_settings(root: Path, pyproject: str, _stamp: object) -> BlackSettings:
    import black  # pylint: disable=import-outside-toplevel

    config = _black_config(Path(pyproject)) if _stamp is not None else {}
    try:
        mode = black.Mode(
            target_versions={
                black.TargetVersion[v.upper()] for v in config.get("target_version", ())
            },
            line_length=int(config.get("line_length", black.DEFAULT_LINE_LENGTH)),
            is_pyi=bool(config.get("pyi", False)),
            skip_source_first_line=bool(config.get("skip_source_first_line", False)),
            string_normalization=not config.get("skip_string_normalization", False),
            magic_trailing_comma=not config.get("skip_magic_trailing_comma", False),
            preview=bool(config.get("preview", False)),
            unstable=bool(config.get("unstable", False)),
            python_cell_magics=set(config.get("python_cell_magics", ())),
            enabled_features={black.Preview[f] for f in config.get("enable_unstable_feature", ())},
        )
        patterns = [config.get("exclude", black.DEFAULT_EXCLUDES)]
        patterns += [config[key] for key in ("extend_exclude", "force_exclude") if key in config]
        excludes = tuple(black.re_compile_maybe_verbose(p) for p in patterns if p)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise ToolConfigError(f"black's configuration in {pyproject} is invalid: {exc!r}") from None
    return BlackSettings(root, mode, excludes)


def _black_config(pyproject: Path) -> dict[str, Any]:
    """`[tool.black]` as `black.parse_pyproject_toml` reads it (keys with underscores, target
    versions inferred from `requires-python`), but read afresh: black caches every TOML file
    it loads for the life of the process, and a long-lived process must see an edit."""
    from black.files import infer_target_version  # pylint: disable=import-outside-toplevel

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ToolConfigError(f"black cannot read {pyproject}: {exc}") from None
    table = data.get("tool", {}).get("black", {})
    config = {key.replace("--", "").replace("-", "_"): value for key, value in table.items()}
    if "target_version" not in config:
        inferred = infer_target_version(data)
        if inferred is not None:
            config["target_version"] = [version.name.lower() for version in inferred]
    return config


def black_output(code: str, settings: BlackSettings) -> str:
    """`code` as black would write it (the same text when black changes nothing).

    `fast=True`: black's safety check (the new code parses to the same AST) guards a rewrite
    of the file; here nothing is written, and it costs a third of the time."""
    import black  # pylint: disable=import-outside-toplevel

    try:
        return black.format_file_contents(code, fast=True, mode=settings.mode)
    except black.NothingChanged:
        return code
    except black.InvalidInput as exc:
        raise Unformattable(str(exc)) from None


def black_cell_output(cell: str, settings: BlackSettings) -> str:
    """A notebook code cell as black formats it (black's jupyter extra handles the magics)."""
    import black  # pylint: disable=import-outside-toplevel

    mode = dataclasses.replace(settings.mode, is_ipynb=True)
    try:
        formatted = black.format_cell(cell, fast=True, mode=mode)
    except black.NothingChanged:
        return cell
    except black.InvalidInput as exc:
        raise Unformattable(str(exc)) from None
    # black drops a cell's trailing newline, which notebooks keep or not as they please.
    return formatted + "\n" if cell.endswith("\n") else formatted


def black_formats_notebooks() -> bool:
    """Whether black's jupyter extra (IPython, tokenize-rt) is installed."""
    import black  # pylint: disable=import-outside-toplevel

    return bool(black.jupyter_dependencies_are_installed(warn=False))


# --- isort ---------------------------------------------------------------------------------


def isort_config(path: Path) -> Any:
    """isort's settings for the file at `path`: the project's configuration, else the black
    profile at the line length black is configured with."""
    from isort.settings import CONFIG_SOURCES  # pylint: disable=import-outside-toplevel

    stamps = tuple(stamp(d / name) for d in (path.parent, *path.parents) for name in CONFIG_SOURCES)
    config = _isort_config(str(path.parent), stamps)
    # Each settings layer names its source: "defaults", "runtime", or the file it came from.
    if any(Path(str(layer.get("source", ""))).is_file() for layer in config.sources):
        return config
    line_length = black_settings(path).mode.line_length
    return _isort_fallback(line_length)


@functools.lru_cache(maxsize=64)
def _isort_config(folder: str, _stamps: tuple) -> Any:
    import isort  # pylint: disable=import-outside-toplevel
    from isort.exceptions import ISortError  # pylint: disable=import-outside-toplevel

    try:
        return isort.Config(settings_path=folder, quiet=True)
    except (ISortError, OSError, ValueError, TypeError) as exc:
        raise ToolConfigError(f"isort cannot use the configuration for {folder}: {exc}") from None


@functools.lru_cache(maxsize=8)
def _isort_fallback(line_length: int) -> Any:
    import isort  # pylint: disable=import-outside-toplevel

    return isort.Config(profile="black", line_length=line_length, quiet=True)


def isort_output(code: str, config: Any, path: Path) -> str | None:
    """`code` with its imports sorted as isort would; None when isort skips the file (its
    configuration's skip lists, a skip-file comment in the code)."""
    import isort  # pylint: disable=import-outside-toplevel
    from isort.exceptions import FileSkipped, ISortError  # pylint: disable=import-outside-toplevel

    try:
        return isort.code(code, config=config, file_path=path, extension="py")
    except FileSkipped:
        return None
    except ISortError as exc:
        raise Unformattable(str(exc)) from None
