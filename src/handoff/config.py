"""Load and validate handoff's configuration.

Found by walking up from the scanned path: `handoff.toml`, `.handoff.toml` (same keys, no
table prefix) or `[tool.handoff]` in pyproject.toml, nearest directory first. An unknown key
or rule is an error that names the key and the file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pathspec

from handoff.catalog import Catalog
from handoff.findings import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_FILES = ("handoff.toml", ".handoff.toml", "pyproject.toml")
DEFAULT_MAX_FILE_SIZE = 1024 * 1024

_LIST_KEYS = ("select", "ignore", "extend-select", "exclude", "extend-exclude")
_KNOWN_KEYS = {
    *_LIST_KEYS,
    "per-file-ignores",
    "respect-gitignore",
    "fail-on",
    "severity",
    "baseline",
    "rules",
    "max-file-size",
}


class ConfigError(Exception):
    """A configuration problem the user must fix; the CLI exits 2 with this message."""


@dataclass(frozen=True)
class Config:
    """The validated configuration; dashes in keys become underscores."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    fail_on: Severity = Severity.HIGH
    severity: tuple[tuple[str, Severity], ...] = ()
    baseline: str | None = None
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    source: Path | None = None  # the file this came from, for messages

    def exclude_spec(self) -> pathspec.PathSpec:
        return pathspec.GitIgnoreSpec.from_lines([*self.exclude, *self.extend_exclude])


def _table(path: Path) -> dict[str, Any] | None:
    """The handoff table of a config file, or None when the file has none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("handoff")
        return table if isinstance(table, dict) else None
    return data


def find_config_file(start: Path) -> Path | None:
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_handoff_table(path)):
                return path
    return None


def _has_handoff_table(path: Path) -> bool:
    try:
        return _table(path) is not None
    except ConfigError:
        # A broken pyproject.toml that does not mention handoff is not our problem to report.
        try:
            return "[tool.handoff" in path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False


def load_config(path: Path | None, catalog: Catalog) -> Config:
    if path is None:
        return Config()
    table = _table(path)
    if table is None:
        if path.name == "pyproject.toml":
            return Config(source=path)
        table = {}
    return parse_config(table, catalog, path)


def _where(path: Path | None) -> str:
    return str(path) if path else "configuration"


def _str_list(value: Any, key: str, path: Path | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{_where(path)}: '{key}' must be a list of strings")
    return tuple(value)


def check_selectors(selectors: tuple[str, ...], catalog: Catalog, key: str, where: str) -> None:
    for selector in selectors:
        if not rules_matching(selector, catalog):
            raise ConfigError(f"{where}: '{key}' names unknown rule or prefix {selector!r}")


def rules_matching(selector: str, catalog: Catalog) -> set[str]:
    """Codes a selector picks: `ALL`, a code, a code prefix (`DEV`, `DEV00`) or a name.
    Here `ALL` is every rule (what `ignore`, `per-file-ignores` and `severity` reach); in
    `select` it turns on only the rules on by default (`enabled_codes`)."""
    key = selector.strip()
    if key.upper() == "ALL":
        return {r.code for r in catalog.rules}
    by_name = catalog.get(key)
    if by_name:
        return {by_name.code}
    return {r.code for r in catalog.rules if r.code.startswith(key.upper()) and key[:1].isalpha()}


def parse_config(table: dict[str, Any], catalog: Catalog, path: Path | None = None) -> Config:
    where = _where(path)
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        known = ", ".join(sorted(_KNOWN_KEYS))
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known keys: {known})")
    lists = {key: _str_list(table[key], key, path) for key in _LIST_KEYS if key in table}
    for key in ("select", "ignore", "extend-select"):
        check_selectors(lists.get(key, ()), catalog, key, where)
    return Config(
        select=lists.get("select", ("ALL",)),
        ignore=lists.get("ignore", ()),
        extend_select=lists.get("extend-select", ()),
        per_file_ignores=_per_file_ignores(table.get("per-file-ignores", {}), catalog, where),
        exclude=lists.get("exclude", ()),
        extend_exclude=lists.get("extend-exclude", ()),
        respect_gitignore=_bool(table.get("respect-gitignore", True), "respect-gitignore", where),
        fail_on=_severity(table.get("fail-on", "high"), "fail-on", where),
        severity=_severity_overrides(table.get("severity", {}), catalog, where),
        baseline=_optional_str(table.get("baseline"), "baseline", where),
        rule_options=_rule_options(table.get("rules", {}), catalog, where),
        max_file_size=_positive_int(table.get("max-file-size", DEFAULT_MAX_FILE_SIZE), where),
        source=path,
    )


def _bool(value: Any, key: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: '{key}' must be true or false")
    return value


def _optional_str(value: Any, key: str, where: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{where}: '{key}' must be a path string")
    return value


def _positive_int(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ConfigError(f"{where}: 'max-file-size' must be a positive number of bytes")
    return value


def _severity(value: Any, key: str, where: str) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise ConfigError(f"{where}: '{key}': {exc}") from None


def _per_file_ignores(value: Any, catalog: Catalog, where: str):
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'per-file-ignores' must be a table of glob = [rules]")
    out = []
    for glob, selectors in value.items():
        codes = _str_list(selectors, f"per-file-ignores.{glob}", None)
        check_selectors(codes, catalog, f"per-file-ignores.{glob}", where)
        out.append((glob, codes))
    return tuple(out)


def _severity_overrides(value: Any, catalog: Catalog, where: str):
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'severity' must be a table of rule = severity")
    out = []
    for selector, level in value.items():
        check_selectors((selector,), catalog, f"severity.{selector}", where)
        out.append((selector, _severity(level, f"severity.{selector}", where)))
    return tuple(out)


def _rule_options(value: Any, catalog: Catalog, where: str) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'rules' must be a table of per-rule tables")
    out: dict[str, dict[str, Any]] = {}
    for key, options in value.items():
        rule = catalog.get(key)
        if rule is None:
            raise ConfigError(f"{where}: 'rules.{key}' names an unknown rule")
        if not isinstance(options, dict):
            raise ConfigError(f"{where}: 'rules.{key}' must be a table")
        for option in options:
            if option not in rule.options:
                known = ", ".join(sorted(rule.options)) or "none"
                raise ConfigError(
                    f"{where}: unknown option 'rules.{key}.{option}' (options of {rule.code}:"
                    f" {known})"
                )
        out[rule.code] = {**rule.options, **options}
    return out


# --- the command line's adjustments --------------------------------------------------------


@dataclass(frozen=True)
class Overrides:
    """Command-line options that adjust the configuration."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool | None = None
    baseline: str | None = None
    force_exclude: bool = False  # excludes apply to files named on the command line too
    # (rule code, option, value): a rule's option set on the command line (`--audit`).
    rule_options: tuple[tuple[str, str, Any], ...] = ()


def apply_overrides(config: Config, overrides: Overrides, catalog: Catalog) -> Config:
    for key, values in (
        ("--select", overrides.select or ()),
        ("--extend-select", overrides.extend_select),
        ("--ignore", overrides.ignore),
    ):
        check_selectors(tuple(values), catalog, key, "command line")
    changes: dict = {}
    if overrides.select is not None:
        changes["select"] = overrides.select
    if overrides.extend_select:
        changes["extend_select"] = config.extend_select + overrides.extend_select
    if overrides.ignore:
        changes["ignore"] = config.ignore + overrides.ignore
    if overrides.fail_on is not None:
        changes["fail_on"] = overrides.fail_on
    if overrides.extend_exclude:
        changes["extend_exclude"] = config.extend_exclude + overrides.extend_exclude
    if overrides.respect_gitignore is not None:
        changes["respect_gitignore"] = overrides.respect_gitignore
    if overrides.baseline is not None:
        changes["baseline"] = overrides.baseline
    if overrides.rule_options:
        options = {code: dict(values) for code, values in config.rule_options.items()}
        for code, key, value in overrides.rule_options:
            options.setdefault(code, {})[key] = value
        changes["rule_options"] = options
    return replace(config, **changes)


def enabled_codes(config: Config, catalog: Catalog) -> set[str]:
    """The rules that run. `ALL` (the default `select`) is every rule on by default; a rule
    the catalog marks `default: off` (a slow external tool) runs only when `select` or
    `extend-select` names it by code, name or prefix (`extend-select = ["QUAL"]`)."""
    selected: set[str] = set()
    for selector in (*config.select, *config.extend_select):
        if selector.strip().upper() == "ALL":
            selected |= {r.code for r in catalog.rules if r.on_by_default}
        else:
            selected |= rules_matching(selector, catalog)
    for selector in config.ignore:
        selected -= rules_matching(selector, catalog)
    return selected


def effective_severities(config: Config, catalog: Catalog) -> dict[str, Severity]:
    """The severity every enabled rule runs at: the catalog's, or the configured override."""
    codes = enabled_codes(config, catalog)
    severity = {rule.code: rule.severity for rule in catalog.rules if rule.code in codes}
    for selector, level in config.severity:
        for code in rules_matching(selector, catalog) & codes:
            severity[code] = level
    return severity
