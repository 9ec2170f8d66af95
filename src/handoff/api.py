"""What callers use: `check(paths)` -> `Result`. The CLI, tests and plugins all go here.

The flow, one stage a module: resolve the configuration (`config`) -> discover files
(`discovery`) -> check each file: load, parse once, every check in one traversal (`engine`,
`sources`, `parsing`) -> repo-level checks over the files and their facts -> the suppress
stage (`suppressions`) -> `Result`, which every report renders (`reports`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import sys
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Callable

from handoff import __version__
from handoff.cache import ResultCache, with_config_files
from handoff.catalog import Catalog, CatalogError, load_catalog
from handoff.checks.base import NodeCheck, RepoCheck, RepoContext, Report, TextCheck
from handoff.checks.registry import all_checks
from handoff.config import (
    Config,
    ConfigError,
    Overrides,
    apply_overrides,
    effective_severities,
    enabled_codes,
    find_config_file,
    load_config,
    rules_matching,
)
from handoff.discovery import discover, find_common_root
from handoff.engine import Plan
from handoff.findings import Finding
from handoff.results import FileResult, Result
from handoff.scheduling import Progress, results_for
from handoff.sources import Source, SourceError, load_source
from handoff.suppressions import (
    DEFAULT_BASELINE,
    BaselineError,
    PerFileIgnores,
    RuleIndex,
    apply_baseline,
    apply_directives,
    apply_precedence,
    read_baseline,
)

__all__ = ["Overrides", "Result", "check", "full_catalog", "baseline_path"]

log = logging.getLogger("handoff")


def resolve_config(
    paths: list[Path],
    catalog: Catalog,
    config_file: Path | None = None,
    isolated: bool = False,
    overrides: Overrides | None = None,
) -> tuple[Path, Config]:
    root = find_common_root(paths)
    if isolated:
        config = Config()
    else:
        if config_file is not None and not config_file.is_file():
            raise ConfigError(f"{config_file}: configuration file not found")
        config = load_config(config_file or find_config_file(paths[0]), catalog)
    if overrides is not None:
        config = apply_overrides(config, overrides, catalog)
    return root, config


def full_catalog() -> Catalog:
    """The YAML catalog plus the rules plugins bring with them. A check whose code has no
    catalog entry is an error here, not a rule that silently never runs."""
    catalog = load_catalog().with_rules([c.rule for c in all_checks() if c.rule is not None])
    for check_class in all_checks():
        if catalog.get(check_class.code) is None:
            raise CatalogError(
                f"check {check_class.__module__}.{check_class.__name__} reports rule"
                f" {check_class.code}, which has no catalog entry (add it to rules/ or set"
                " the check's `rule`)"
            )
    return catalog


def build_plan(root: Path, config: Config, catalog: Catalog) -> Plan:
    checks = all_checks()
    codes = enabled_codes(config, catalog)
    rules = {r.code: r for r in catalog.rules if r.code in codes}
    severity = effective_severities(config, catalog)
    per_file = (
        (glob, frozenset().union(*(rules_matching(s, catalog) for s in selectors)))
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
        per_file_ignores=PerFileIgnores.from_config(per_file),
        supersedes=catalog.supersedes(frozenset(codes)),
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
    progress: Progress | None = None,
) -> Result:
    """Check `paths` (default: the current directory) and return every finding left after
    suppressions and the baseline. With `cache`, unchanged files (and, when no file changed,
    the repo-level findings) reuse the last run's results (see `handoff.cache`). `progress`
    is called with (files done, files in all) as the files are checked."""
    paths = [Path(p) for p in (paths or [Path(".")])]
    catalog = full_catalog()
    root, config = resolve_config(paths, catalog, config_file, isolated, overrides)
    plan = build_plan(root, config, catalog)
    discovery = discover(
        paths,
        root,
        config.exclude_spec(),
        config.respect_gitignore,
        force_exclude=bool(overrides and overrides.force_exclude),
    )
    store = _result_cache(plan, discovery.files) if cache else None
    file_results, repo, errors = _run(plan, discovery.files, jobs, store, progress)
    findings, suppressed = _suppress(
        plan, catalog, file_results, [f for r in file_results for f in r.findings] + repo
    )
    result = Result(
        root=root,
        config=config,
        catalog=catalog,
        findings=findings,
        files=sum(1 for r in file_results if r.checked),
        errors=errors,
        suppressed=suppressed,
        severities=dict(plan.severity),
        cell_regions={r.relpath: r.cell_regions for r in file_results if r.cell_regions},
        skipped=_skipped(discovery.skipped, file_results),
        paths=tuple(paths),
    )
    if use_baseline:
        _apply_baseline(result, applied_baseline(config, root))
    result.findings.sort(key=Finding.sort_key)
    return result


def _result_cache(plan: Plan, items) -> ResultCache:
    """The cache of this plan, keyed also by the other tools' configuration files the
    enabled file checks read (black's pyproject.toml, a .pylintrc)."""
    relpaths = [item.relpath for item in items]
    names = _config_files((*plan.node_checks, *plan.text_checks))
    return ResultCache(plan.root, with_config_files(plan.key, plan.root, relpaths, names))


def _config_files(checks) -> frozenset[str]:
    return frozenset().union(*(c.config_files for c in checks))


def _skipped(by_discovery: Counter[str], file_results: list[FileResult]) -> dict[str, int]:
    """What was left out, by reason: by discovery (excluded, ...) and by the engine (binary,
    too large)."""
    counts = by_discovery + Counter(r.skipped for r in file_results if r.skipped)
    return dict(sorted(counts.items()))


def _run(plan: Plan, items, jobs: int | None, store: ResultCache | None, progress=None):
    """File results, repo-level findings and internal errors; both kinds of result come from
    the cache where nothing they depend on changed, and go back into it."""
    file_results = results_for(plan, items, jobs, store, progress)
    for note in (n for r in file_results for n in r.notes):
        log.debug(note)
    errors = [e for r in file_results for e in r.errors]
    outside = any(c.reads_outside(plan.options.get(c.code, {})) for c in plan.repo_checks)
    repo_key = None
    if store is not None and not outside:
        repo_key = store.repo_key(file_results, plan.root, _repo_depends_on(plan.repo_checks))
    cached = store.repo_findings(repo_key) if store else None
    if cached is not None:
        log.debug("cache: repo-level findings unchanged")
        repo = _read_lines_again(*cached, _source_loader(plan.root, file_results))
    else:
        repo = _repo_findings(plan, plan.root, file_results, errors)
    if store is not None:
        log.debug("cache: %d of %d files unchanged", store.hits, len(items))
        store.save(file_results, (repo_key, repo) if not errors else None)
    return file_results, repo, errors


def _repo_depends_on(checks) -> Callable[[str], bool]:
    """Whether some repo check's findings depend on a file's bytes (its own say, or the
    other tools' configuration files it names)."""

    # The rules of a family share one answer: ask each distinct hook once.
    hooks = list(
        {getattr(c.depends_on, "__func__", c.depends_on): c.depends_on for c in checks}.values()
    )
    names = _config_files(checks)

    def depends_on(relpath: str) -> bool:
        return PurePosixPath(relpath).name in names or any(hook(relpath) for hook in hooks)

    return depends_on


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


def _apply_baseline(result: Result, path: Path | None) -> None:
    if path is None:
        return
    try:
        accepted = read_baseline(path)
    except BaselineError as exc:
        raise ConfigError(f"{exc} (create it with `handoff baseline`)") from None
    kept = apply_baseline(result.findings, accepted)
    result.baselined = len(result.findings) - len(kept)
    result.findings = kept
    result.baseline = path


def _source_loader(root: Path, file_results: list[FileResult]) -> Callable[[str], Source | None]:
    """Loads a checked file's source on demand, once."""
    loaded: dict[str, Source | None] = {}
    kinds = {r.relpath: r.kind for r in file_results}

    def loader(relpath: str) -> Source | None:
        if relpath not in loaded:
            try:
                path = root / relpath
                loaded[relpath] = load_source(path, relpath, path.read_bytes(), kinds.get(relpath))
            except (OSError, SourceError):
                loaded[relpath] = None
        return loaded[relpath]

    return loader


def _read_lines_again(
    findings: list[Finding], changed: set[str], loader: Callable[[str], Source | None]
) -> list[Finding]:
    """Cached repo-level findings, showing the current text of their lines in the files
    whose bytes changed (the findings themselves stand: nothing they depend on changed)."""
    fresh = []
    for finding in findings:
        source = loader(finding.path) if finding.path in changed else None
        if source is not None:
            shown = source.text_line(finding.line, finding.cell).rstrip("\n")
            finding = dataclasses.replace(finding, source_line=shown)
        fresh.append(finding)
    return fresh


def _repo_findings(
    plan: Plan, root: Path, file_results: list[FileResult], errors: list[str]
) -> list[Finding]:
    if not plan.repo_checks:
        return []
    by_path = {r.relpath: r for r in file_results}
    loader = _source_loader(root, file_results)
    facts = {r.relpath: r.facts for r in file_results if r.facts}
    repo = RepoContext(root, [(r.relpath, r.kind) for r in file_results], loader, facts)
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
    plan: Plan, catalog: Catalog, file_results: list[FileResult], findings: list[Finding]
) -> tuple[list[Finding], int]:
    """The suppress stage: precedence, then inline directives, whose own problems become
    HO002/HO003 findings."""
    findings = apply_precedence(findings, plan.supersedes)
    rules = RuleIndex(
        enabled={code: rule.name for code, rule in plan.rules.items()},
        known=lambda written: catalog.get(written) is not None,
        disabled=plan.per_file_ignores.disabled,
    )
    kept, problems, suppressed = apply_directives(findings, file_results, rules)
    for problem in problems:
        where = problem.directive
        report = Report(problem.message, where.line, where.column, cell=where.cell)
        made = plan.finding(problem.rule, problem.path, report)
        if made is not None:
            kept.append(made)
    return kept, suppressed
