"""What callers use: `check(paths)` -> `Result`. The CLI, tests and plugins all go here.

The flow: resolve config -> discover files -> check each file (engine) -> repo-level checks
-> inline suppressions -> baseline -> result.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import pathspec

from handoff import __version__
from handoff.cache import ResultCache
from handoff.catalog import Catalog, load_catalog
from handoff.checks.base import NodeCheck, RepoCheck, RepoContext, Report, TextCheck
from handoff.checks.registry import all_checks
from handoff.config import (
    Config,
    ConfigError,
    check_selectors,
    find_config_file,
    load_config,
    rules_matching,
)
from handoff.discovery import Discovered, discover, find_root
from handoff.engine import FileResult, Plan, check_files
from handoff.findings import Finding, Severity
from handoff.sources import FileKind, Source, SourceError, load_source
from handoff.suppressions import (
    DEFAULT_BASELINE,
    BaselineError,
    Suppression,
    apply_baseline,
    read_baseline,
)

log = logging.getLogger("handoff")

UNUSED_SUPPRESSION = "HO002"
INVALID_SUPPRESSION = "HO003"


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


@dataclass
class Result:
    """The findings of one run, after suppressions and the baseline."""

    root: Path
    config: Config
    catalog: Catalog
    findings: list[Finding]
    files: int
    errors: list[str] = field(default_factory=list)
    suppressed: int = 0
    baselined: int = 0
    baseline: Path | None = None  # the baseline file applied, if any

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= self.config.fail_on.rank]

    @property
    def version(self) -> str:
        return __version__


def resolve_config(
    paths: list[Path],
    catalog: Catalog,
    config_file: Path | None = None,
    isolated: bool = False,
    overrides: Overrides | None = None,
) -> tuple[Path, Config]:
    root = find_root(paths[0])
    if isolated:
        config = Config()
    else:
        if config_file is not None and not config_file.is_file():
            raise ConfigError(f"{config_file}: configuration file not found")
        config = load_config(config_file or find_config_file(paths[0]), catalog)
    if overrides is not None:
        config = _apply_overrides(config, overrides, catalog)
    return root, config


def _apply_overrides(config: Config, overrides: Overrides, catalog: Catalog) -> Config:
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
    return replace(config, **changes)


def enabled_codes(config: Config, catalog: Catalog) -> set[str]:
    selected: set[str] = set()
    for selector in (*config.select, *config.extend_select):
        selected |= rules_matching(selector, catalog)
    for selector in config.ignore:
        selected -= rules_matching(selector, catalog)
    return selected


def full_catalog() -> Catalog:
    """The YAML catalog plus the rules plugins bring with them."""
    return load_catalog().with_rules([c.rule for c in all_checks() if c.rule is not None])


def build_plan(root: Path, config: Config, catalog: Catalog) -> Plan:
    checks = all_checks()
    codes = enabled_codes(config, catalog)
    rules = {r.code: r for r in catalog.rules if r.code in codes}
    severity = {code: rule.severity for code, rule in rules.items()}
    for selector, level in config.severity:
        for code in rules_matching(selector, catalog) & codes:
            severity[code] = level
    file_ignores = tuple(
        (
            pathspec.GitIgnoreSpec.from_lines([glob]),
            frozenset().union(*(rules_matching(s, catalog) for s in selectors)),
        )
        for glob, selectors in config.per_file_ignores
    )
    options = {code: {**rules[code].options, **config.rule_options.get(code, {})} for code in rules}
    enabled = [c for c in checks if c.code in codes]
    return Plan(
        root=root,
        rules=rules,
        node_checks=tuple(c for c in enabled if issubclass(c, NodeCheck)),
        text_checks=tuple(c for c in enabled if issubclass(c, TextCheck)),
        repo_checks=tuple(c for c in enabled if issubclass(c, RepoCheck)),
        severity=severity,
        options=options,
        file_ignores=file_ignores,
        max_file_size=config.max_file_size,
        key=_plan_key(config, severity, options, checks),
    )


def _plan_key(config: Config, severity, options, checks) -> str:
    """Changes whenever a cached result could: the rules, their settings, or any code."""
    modules = {
        Path(__file__).parent,
        *(Path(sys.modules[c.__module__].__file__ or "") for c in checks),
    }
    stamps = []
    for place in sorted(modules):
        files = sorted(place.rglob("*.py")) if place.is_dir() else [place]
        for file in files:
            try:
                stat = file.stat()
            except OSError:
                continue
            stamps.append((str(file), stat.st_mtime_ns, stat.st_size))
    basis = {
        "version": __version__,
        "severity": {code: level.value for code, level in sorted(severity.items())},
        "options": options,
        "per-file-ignores": config.per_file_ignores,
        "max-file-size": config.max_file_size,
        "code": stamps,
    }
    text = json.dumps(basis, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def check(
    paths: list[Path] | None = None,
    *,
    config_file: Path | None = None,
    isolated: bool = False,
    overrides: Overrides | None = None,
    jobs: int | None = None,
    use_baseline: bool = True,
    cache: bool = False,
) -> Result:
    """Check `paths` (default: the current directory) and return every finding left after
    suppressions and the baseline. With `cache`, unchanged files reuse the last run's
    results (see `handoff.cache`)."""
    paths = [Path(p) for p in (paths or [Path(".")])]
    catalog = full_catalog()
    root, config = resolve_config(paths, catalog, config_file, isolated, overrides)
    plan = build_plan(root, config, catalog)
    items = discover(paths, root, config.exclude_spec(), config.respect_gitignore)
    file_results = _check_cached(plan, items, jobs) if cache else check_files(plan, items, jobs)
    for note in (n for r in file_results for n in r.notes):
        log.debug(note)
    findings = [f for r in file_results for f in r.findings]
    errors = [e for r in file_results for e in r.errors]
    findings += _repo_findings(plan, root, file_results, errors)
    findings, suppressed = _suppress(plan, file_results, findings)
    baseline = applied_baseline(config, root) if use_baseline else None
    kept = _apply_baseline(findings, baseline) if baseline else list(findings)
    kept.sort(key=Finding.sort_key)
    checked = sum(1 for r in file_results if r.checked)
    return Result(
        root,
        config,
        catalog,
        kept,
        checked,
        errors,
        suppressed,
        len(findings) - len(kept),
        baseline,
    )


def _check_cached(plan: Plan, items: list[Discovered], jobs: int | None) -> list[FileResult]:
    store = ResultCache(plan.root, plan.key)
    cached = {item.relpath: store.lookup(item) for item in items}
    fresh = iter(check_files(plan, [i for i in items if cached[i.relpath] is None], jobs))
    results = [cached[i.relpath] or next(fresh) for i in items]
    log.debug("cache: %d of %d files unchanged", store.hits, len(items))
    store.save(results)
    return results


def baseline_path(config: Config, root: Path) -> Path | None:
    """The configured baseline file, relative to the config file that names it."""
    if not config.baseline:
        return None
    return (config.source.parent if config.source else root) / config.baseline


def applied_baseline(config: Config, root: Path) -> Path | None:
    """The baseline `check` applies: the configured one (which must exist), else
    `.handoff-baseline.json` at the project root when it is there, as `handoff baseline`
    writes it by default."""
    configured = baseline_path(config, root)
    if configured is not None:
        return configured
    default = root / DEFAULT_BASELINE
    return default if default.is_file() else None


def _apply_baseline(findings: list[Finding], path: Path) -> list[Finding]:
    try:
        accepted = read_baseline(path)
    except BaselineError as exc:
        raise ConfigError(f"{exc} (create it with `handoff baseline`)") from None
    return apply_baseline(findings, accepted)


def _repo_findings(
    plan: Plan, root: Path, file_results: list[FileResult], errors: list[str]
) -> list[Finding]:
    if not plan.repo_checks:
        return []
    cache: dict[str, Source | None] = {}
    by_path = {r.relpath: r for r in file_results}

    def loader(relpath: str) -> Source | None:
        if relpath not in cache:
            try:
                path = root / relpath
                cache[relpath] = load_source(path, relpath, path.read_bytes())
            except (OSError, SourceError):
                cache[relpath] = None
        return cache[relpath]

    repo = RepoContext(root, [(r.relpath, r.kind) for r in file_results], loader)
    findings: list[Finding] = []
    for check_class in plan.repo_checks:
        try:
            reports = list(check_class(plan.options.get(check_class.code, {})).check(repo))
        except Exception as exc:  # pylint: disable=broad-exception-caught
            errors.append(f"{check_class.code} crashed: {exc!r}")
            continue
        for report in reports:
            relpath = report.path or "."
            source = loader(relpath) if relpath in by_path else None
            shown = source.text_line(report.line, report.cell) if source else ""
            made = plan.finding(check_class.code, relpath, report, shown)
            if made is not None:
                findings.append(made)
    return findings


def _suppress(
    plan: Plan, file_results: list[FileResult], findings: list[Finding]
) -> tuple[list[Finding], int]:
    by_path: dict[str, list[Suppression]] = {r.relpath: r.suppressions for r in file_results}
    used: set[tuple[str, int, str]] = set()  # (path, suppression index, code as written)
    kept: list[Finding] = []
    for finding in findings:
        hit = _matching_suppression(finding, by_path.get(finding.path, []))
        if hit is None:
            kept.append(finding)
        else:
            used.add((finding.path, hit[0], hit[1]))
    suppressed = len(findings) - len(kept)
    # Only in code do we know a `#` starts a comment; in YAML, TOML or shell text the same
    # characters may sit inside a value (handoff's own catalog examples do), so a directive
    # there still suppresses but is not itself judged unused or invalid.
    code_files = {
        r.relpath: r.suppressions
        for r in file_results
        if r.kind in (FileKind.PYTHON, FileKind.NOTEBOOK)
    }
    kept.extend(_suppression_findings(plan, code_files, used))
    return kept, suppressed


def _matching_suppression(
    finding: Finding, suppressions: list[Suppression]
) -> tuple[int, str] | None:
    for index, suppression in enumerate(suppressions):
        if not suppression.covers_line(finding.line, finding.cell):
            continue
        for code in suppression.codes:
            if code.upper() == finding.rule or code.lower() == finding.name:
                return index, code
    return None


def _suppression_findings(plan: Plan, by_path, used) -> list[Finding]:
    out: list[Finding] = []
    for path, suppressions in by_path.items():
        enabled = plan.enabled_for(path)
        names = {rule.name: code for code, rule in plan.rules.items()}
        for index, suppression in enumerate(suppressions):
            where = Report("", suppression.line, suppression.column, cell=suppression.cell)
            if not suppression.codes:
                message = (
                    f"bare `{suppression.text}` is refused: name the rules it accepts,"
                    " e.g. `# handoff: ignore[DEV001]`"
                )
                out.extend(_tool_finding(plan, INVALID_SUPPRESSION, path, where, message))
                continue
            for code in suppression.codes:
                resolved = code.upper() if code.upper() in plan.rules else names.get(code.lower())
                known = resolved or full_catalog().get(code)
                if not known:
                    message = f"`{code}` in this suppression is not a handoff rule code or name"
                    out.extend(_tool_finding(plan, INVALID_SUPPRESSION, path, where, message))
                elif resolved in enabled and (path, index, code) not in used:
                    message = f"unused suppression: no {code} finding here; remove `{code}`"
                    out.extend(_tool_finding(plan, UNUSED_SUPPRESSION, path, where, message))
    return out


def _tool_finding(plan: Plan, code: str, path: str, where: Report, message: str):
    made = plan.finding(code, path, replace(where, message=message))
    return [made] if made is not None else []
