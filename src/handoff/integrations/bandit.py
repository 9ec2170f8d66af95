"""bandit behind one function: the issues bandit finds in one file, run in process through its
manager (`BanditManager` with a `BanditConfig`), as `bandit -r .` at the project root would
with the project's configuration.

The configuration is the project's: `.bandit` at the root (its `skips`, `tests`, `exclude` and
`configfile`, read with bandit's own INI reader) and the YAML or TOML file it names, else
`[tool.bandit]` of the root's pyproject.toml (what `bandit -c pyproject.toml` reads): `skips`,
`tests`, `exclude_dirs` and the plugins' settings. `# nosec` is bandit's own business.

Imported when QUAL004 first runs; bandit's own log lines (an error per file it cannot scan)
are left to handoff's warning.
"""

from __future__ import annotations

import fnmatch
import functools
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from handoff.integrations.tools import ToolConfigError, stamp

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SYNTAX_ERROR = "syntax error while parsing AST from file"


@dataclass(frozen=True)
class BanditIssue:
    """One bandit result, positions 1-based."""

    test_id: str  # B602
    test: str  # subprocess_popen_with_shell_equals_true
    severity: str  # LOW, MEDIUM, HIGH
    confidence: str
    text: str
    line: int
    column: int
    end_line: int
    end_column: int | None
    cwe: str  # "CWE-78", or "" when bandit names none


@dataclass(frozen=True)
class BanditSetup:
    """The project's bandit configuration, ready for a manager per file."""

    config: object  # bandit.core.config.BanditConfig
    profile: dict
    excluded: tuple[str, ...]  # bandit's exclude globs and substrings, root-relative
    ignore_nosec: bool

    def excludes(self, relpath: str) -> bool:
        # bandit matches its excludes against the path as given on its command line
        # (`./src/x.py` when run at the root): as a glob, or as a substring.
        name = f"./{relpath}"
        return any(fnmatch.fnmatch(name, p) or p in name for p in self.excluded)


def bandit_setup(root: Path) -> BanditSetup:
    files = (root / ".bandit", root / "pyproject.toml")
    return _setup(root, tuple(stamp(f) for f in files))


def _quiet_bandit() -> None:
    """bandit logs an error per file it cannot scan, and stevedore one per bandit plugin whose
    extra is not installed (its SARIF formatter): handoff's own warning says what matters."""
    for name in ("bandit", "stevedore"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


@functools.lru_cache(maxsize=16)
def _setup(root: Path, _stamps: tuple) -> BanditSetup:
    _quiet_bandit()
    # pylint: disable=import-outside-toplevel
    from bandit.core import config as bandit_config
    from bandit.core import utils as bandit_utils

    ini = bandit_utils.parse_ini_file(str(root / ".bandit")) if (root / ".bandit").is_file() else {}
    ini = ini or {}
    config_file = ini.get("configfile")
    if config_file:
        config_file = str(root / config_file)
    elif _has_bandit_table(root / "pyproject.toml"):
        config_file = str(root / "pyproject.toml")
    try:
        config = bandit_config.BanditConfig(config_file=config_file)
    except bandit_utils.ConfigError as exc:
        raise ToolConfigError(f"bandit cannot use {config_file}: {exc}") from None
    profile = {
        "include": set(config.get_option("tests") or []) | _split(ini.get("tests")),
        "exclude": set(config.get_option("skips") or []) | _split(ini.get("skips")),
    }
    # bandit turns a folder excluded in .bandit (not one in `exclude_dirs`) into `folder/*`.
    excluded = [
        *(config.get_option("exclude_dirs") or []),
        *(f"{p.rstrip('/')}/*" if (root / p).is_dir() else p for p in _split(ini.get("exclude"))),
    ]
    ignore_nosec = str(ini.get("ignore-nosec", "")).lower() in ("1", "true", "yes")
    return BanditSetup(config, profile, tuple(excluded), ignore_nosec)


def _split(value: str | None) -> set[str]:
    return {part.strip() for part in (value or "").split(",") if part.strip()}


def _has_bandit_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ToolConfigError(f"bandit cannot read {pyproject}: {exc}") from None
    return isinstance(data.get("tool", {}).get("bandit"), dict)


class BanditCouldNotScan(Exception):
    """bandit skipped the file for a reason other than a syntax error (HO001's)."""


def bandit_issues(path: Path, setup: BanditSetup) -> list[BanditIssue]:
    """Every issue bandit finds in the file at `path`, whatever its severity."""
    # pylint: disable=import-outside-toplevel
    from bandit.core import manager as bandit_manager

    # A manager per file: its results, metrics and skips start empty.
    manager = bandit_manager.BanditManager(
        setup.config, "file", quiet=True, profile=setup.profile, ignore_nosec=setup.ignore_nosec
    )
    manager.files_list = [str(path)]
    try:
        manager.run_tests()
    finally:
        # bandit keeps every AST node it visited in a class-level dict (for `--debug`):
        # without this, a worker would hold the trees of every file it checked.
        manager.b_ma.nodes.clear()
    for _, reason in manager.get_skipped():
        if reason != SYNTAX_ERROR:
            raise BanditCouldNotScan(reason)
    return [_issue(issue) for issue in manager.get_issue_list()]


def _issue(issue) -> BanditIssue:
    cwe = getattr(issue.cwe, "id", 0)
    return BanditIssue(
        test_id=issue.test_id,
        test=issue.test,
        severity=issue.severity,
        confidence=issue.confidence,
        text=issue.text,
        line=issue.lineno,
        column=max(issue.col_offset, 0) + 1,
        end_line=max(issue.linerange or [issue.lineno]),
        end_column=issue.end_col_offset + 1 if issue.end_col_offset else None,
        cwe=f"CWE-{cwe}" if cwe else "",
    )
