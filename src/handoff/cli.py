"""The `handoff` command: parses options, calls the API, renders. No logic of its own."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import List, NamedTuple, Optional

import typer
from rich.console import Console

from handoff import __version__
from handoff.api import baseline_path, check, full_catalog
from handoff.catalog import CatalogError
from handoff.checks.registry import PluginError
from handoff.config import ConfigError, Overrides
from handoff.files import write_text_atomic
from handoff.findings import Severity
from handoff.progress import for_check
from handoff.results import Result
from handoff.suppressions import DEFAULT_BASELINE, baseline_document

app = typer.Typer(
    name="handoff",
    help="Get ML research code ready to hand to a production team.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # click's plain help wraps at the terminal width (COLUMNS) and never cuts an option name;
    # typer's rich panels cut `--respect-gitignore` to `--respect-gitign…` at 80 columns,
    # which is also what every CI log and `--help | less` gets.
    rich_markup_mode=None,
)
err = Console(stderr=True)
log = logging.getLogger("handoff")


class OutputFormat(str, Enum):
    """Formats of `handoff check` output."""

    CONSOLE = "console"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"
    MARKDOWN = "markdown"
    GITLAB = "gitlab"


class SortOrder(str, Enum):
    """Orders of the console report."""

    PATH = "path"
    SEVERITY = "severity"


class CatalogFormat(str, Enum):
    """Formats of `handoff rules` output."""

    TABLE = "table"
    JSON = "json"


def _split(values: Optional[List[str]]) -> tuple[str, ...]:
    """`--select DEV,SEC --select PATH` -> ("DEV", "SEC", "PATH")."""
    return tuple(v.strip() for value in values or [] for v in value.split(",") if v.strip())


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        print(f"handoff {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(  # pylint: disable=unused-argument
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Find what will hurt when research code is handed to production, before the handoff."""


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="handoff: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )


def _run_check(  # pylint: disable=too-many-arguments,too-many-positional-arguments
    paths, config, isolated, overrides, jobs, use_baseline=True, cache=True, progress=None
) -> Result:
    try:
        return check(
            paths or [Path(".")],
            config_file=config,
            isolated=isolated,
            overrides=overrides,
            jobs=jobs,
            use_baseline=use_baseline,
            cache=cache,
            progress=progress,
        )
    except (ConfigError, PluginError, CatalogError, FileNotFoundError) as exc:
        raise _fail(str(exc)) from None


PATHS = typer.Argument(None, help="Files or directories to check (default: .).")
CONFIG = typer.Option(None, "--config", help="Use this config file instead of searching.")
ISOLATED = typer.Option(False, "--isolated", help="Ignore all configuration files.")
SELECT = typer.Option(None, "--select", help="Rules to enable (code, prefix or name).")
EXTEND_SELECT = typer.Option(None, "--extend-select", help="Rules to enable in addition.")
IGNORE = typer.Option(None, "--ignore", help="Rules to disable (code, prefix or name).")
EXCLUDE = typer.Option(None, "--extend-exclude", help="More gitignore-style paths to skip.")
JOBS = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: all cores).")
VERBOSE = typer.Option(False, "--verbose", "-v", help="Show debug notes (skipped files, ...).")


@app.command("check")
# Each option is a parameter: that is how typer declares a command.
# pylint: disable-next=too-many-arguments,too-many-positional-arguments,too-many-locals
def check_command(
    paths: Optional[List[Path]] = PATHS,
    output_format: OutputFormat = typer.Option(
        OutputFormat.CONSOLE,
        "--format",
        "-f",
        # The choices in the help text, where they wrap, not in a metavar too wide for a
        # narrow terminal.
        metavar="FORMAT",
        help=f"Output format: {', '.join(f.value for f in OutputFormat)}.",
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here."),
    config: Optional[Path] = CONFIG,
    isolated: bool = ISOLATED,
    select: Optional[List[str]] = SELECT,
    extend_select: Optional[List[str]] = EXTEND_SELECT,
    ignore: Optional[List[str]] = IGNORE,
    extend_exclude: Optional[List[str]] = EXCLUDE,
    respect_gitignore: Optional[bool] = typer.Option(
        None, "--respect-gitignore/--no-respect-gitignore", help="Honour .gitignore files."
    ),
    fail_on: Optional[str] = typer.Option(
        None, "--fail-on", help="Exit 1 on findings at or above: critical|high|medium|low|info."
    ),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even with findings."),
    force_exclude: bool = typer.Option(
        False, "--force-exclude", help="Apply excludes to files named on the command line too."
    ),
    baseline: Optional[str] = typer.Option(None, "--baseline", help="Baseline file to apply."),
    no_baseline: bool = typer.Option(False, "--no-baseline", help="Report baselined findings."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the summary line."),
    sort: SortOrder = typer.Option(
        SortOrder.PATH, "--sort", help="Console report: findings by file, or most severe first."
    ),
    statistics: bool = typer.Option(
        False, "--statistics", help="Count findings per rule instead of listing them."
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Check every file again instead of reusing .handoff_cache."
    ),
    audit: bool = typer.Option(
        False, "--audit", help="Audit pinned dependencies for known vulnerabilities (network)."
    ),
    advisories: Optional[Path] = typer.Option(
        None,
        "--advisories",
        exists=True,
        file_okay=False,
        help="Audit against a local directory of OSV JSON advisories (no network).",
    ),
    jobs: Optional[int] = JOBS,
    verbose: bool = VERBOSE,
) -> None:
    """Check a research repo and report what will hurt at handoff."""
    _configure_logging(verbose)
    if statistics and output_format not in (OutputFormat.CONSOLE, OutputFormat.JSON):
        raise _fail(f"--statistics prints a console or json table, not {output_format.value}")
    try:
        level = Severity.parse(fail_on) if fail_on else None
    except ValueError as exc:
        raise _fail(f"--fail-on: {exc}") from None
    overrides = Overrides(
        select=_split(select) if select else None,
        extend_select=_split(extend_select),
        ignore=_split(ignore),
        fail_on=level,
        extend_exclude=_split(extend_exclude),
        respect_gitignore=respect_gitignore,
        baseline=baseline,
        force_exclude=force_exclude,
        rule_options=_audit_options(audit, advisories),
    )
    progress = for_check(quiet, verbose)
    with progress or contextlib.nullcontext():
        result = _run_check(
            paths,
            config,
            isolated,
            overrides,
            jobs,
            use_baseline=not no_baseline,
            cache=not no_cache,
            progress=progress,
        )
    _emit(result, output_format, output, Layout(quiet, sort.value, statistics))
    for error in result.errors:
        err.print(f"[bold red]internal error:[/] {error}", highlight=False, soft_wrap=True)
    if result.errors:
        raise typer.Exit(2)
    raise typer.Exit(0 if exit_zero or not result.failing else 1)


def _audit_options(audit: bool, advisories: Path | None) -> tuple:
    """REQ008's options from `--audit` / `--advisories DIR` (the local directory wins: it
    never touches the network)."""
    if advisories is not None:
        return (("REQ008", "advisories", str(advisories.resolve())),)
    return (("REQ008", "audit", True),) if audit else ()


class Layout(NamedTuple):
    """How the console report is laid out."""

    quiet: bool = False
    sort: str = "path"
    statistics: bool = False


def _emit(result: Result, output_format: OutputFormat, output: Path | None, layout: Layout):
    # pylint: disable=import-outside-toplevel
    if output_format is OutputFormat.CONSOLE:
        from handoff.reports.console import make_console, print_report

        if output is None:
            print_report(result, make_console(), *layout)
            return
        buffer = io.StringIO()
        print_report(result, make_console(buffer, plain=True), *layout)
        text = buffer.getvalue()
    elif layout.statistics:
        from handoff.reports.statistics import render_statistics

        text = render_statistics(result)
    else:
        from handoff.reports import renderer

        text = renderer(output_format.value)(result)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_text_atomic(output, text)
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror or exc}") from None


@app.command("rules")
def rules_command(
    output_format: CatalogFormat = typer.Option(CatalogFormat.TABLE, "--format", "-f"),
) -> None:
    """List the rule catalog."""
    from handoff.explain import print_rules, rules_json  # pylint: disable=import-outside-toplevel
    from handoff.reports.console import make_console  # pylint: disable=import-outside-toplevel

    catalog = full_catalog()
    if output_format is CatalogFormat.JSON:
        sys.stdout.write(json.dumps(rules_json(catalog), indent=2) + "\n")
    else:
        print_rules(catalog, make_console())


@app.command("explain")
def explain_command(rule: str = typer.Argument(..., help="A rule code or name.")) -> None:
    """Explain one rule: why it matters, a bad and a good example, how to fix it."""
    from handoff.explain import print_rule  # pylint: disable=import-outside-toplevel
    from handoff.reports.console import make_console  # pylint: disable=import-outside-toplevel

    found = full_catalog().get(rule)
    if found is None:
        raise _fail(f"no rule {rule!r}; `handoff rules` lists them all")
    print_rule(found, make_console())


@app.command("baseline")
def baseline_command(  # pylint: disable=too-many-arguments
    paths: Optional[List[Path]] = PATHS,
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Where to write (default: the configured baseline path)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing baseline."),
    config: Optional[Path] = CONFIG,
    isolated: bool = ISOLATED,
    verbose: bool = VERBOSE,
) -> None:
    """Write the baseline of accepted findings: later checks report only new ones."""
    _configure_logging(verbose)
    result = _run_check(paths, config, isolated, None, None, use_baseline=False)
    if result.errors:
        for error in result.errors:
            err.print(f"[bold red]internal error:[/] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    configured = baseline_path(result.config, result.root)
    default = result.root / DEFAULT_BASELINE
    target = output or configured or default
    if target.exists() and not force:
        raise _fail(f"{target} exists; pass --force to replace it")
    try:
        write_text_atomic(target, baseline_document(result.findings, __version__))
    except OSError as exc:
        raise _fail(f"cannot write {target}: {exc.strerror or exc}") from None
    _note(f"wrote {len(result.findings)} accepted findings to {target}")
    if configured is None and target.resolve() == default.resolve():
        _note("`handoff check` applies it from the project root (`--no-baseline` to not)")
    elif configured is None or target.resolve() != configured.resolve():
        # `--baseline` and the `baseline` key are both relative to the config file's folder.
        base = result.config.source.parent if result.config.source else result.root
        shown = Path(os.path.relpath(target.resolve(), base.resolve())).as_posix()
        source = result.config.source
        where = source.name if source and source.name != "pyproject.toml" else "[tool.handoff]"
        _note(
            f"to apply it, pass `--baseline {shown}` to `handoff check`,"
            f' or add `baseline = "{shown}"` to {where}'
        )


@app.command("scaffold")
def scaffold_command(  # pylint: disable=too-many-arguments,too-many-positional-arguments
    dest: Path = typer.Argument(..., help="Folder to create the package in (new or empty)."),
    name: Optional[str] = typer.Option(
        None, "--name", help="Package import name (default: from DEST's folder name)."
    ),
    force: bool = typer.Option(
        False, "--force", help="Write into a non-empty DEST; replaced files are kept as .bak."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="List what would be written only."),
    model: Optional[str] = typer.Option(
        None, "--model", help="The research model class, module:Class (needs --weights)."
    ),
    weights: Optional[Path] = typer.Option(
        None, "--weights", exists=True, dir_okay=False, help="Its checkpoint (a state_dict)."
    ),
    from_repo: Optional[Path] = typer.Option(
        None,
        "--from",
        help="The research repo: its paths, endpoints, device and batch size become config"
        " keys, its findings go to MIGRATION.md; --model is looked up in it.",
    ),
) -> None:
    """Generate a config-driven inference package: config, device resolution, verified local
    weights, an input contract, golden-output tests and a benchmark harness."""
    # pylint: disable-next=import-outside-toplevel
    from handoff.scaffold import ScaffoldError, ScaffoldRequest, scaffold

    request = ScaffoldRequest(dest, name, force, dry_run, model, weights, from_repo)
    try:
        result = scaffold(request)
    except ScaffoldError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"cannot write {exc.filename or dest}: {exc.strerror or exc}") from None
    verb = {"create": "would create", "replace": "would replace", "unchanged": "unchanged"}
    for action in result.actions:
        change = verb[action.change.value] if dry_run else action.change.value
        backup = f" (backup: {action.backup})" if action.backup else ""
        print(f"{change:14} {action.path}{backup}")
    for note in result.notes:
        err.print(f"[bold yellow]warning:[/] {note}", highlight=False, soft_wrap=True)
    if dry_run:
        _note(f"dry run: nothing written to {dest}")
    else:
        migrated = "; MIGRATION.md lists what is left to move" if from_repo else ""
        _note(
            f'{result.package} is ready in {dest}: `pip install ".[test,bench]"`, then'
            " `pytest` and `python -m bench --batch-sizes 1 4` from that folder (see its"
            f" README{migrated})"
        )


def _note(message: str) -> None:
    """A message on stderr, as written: a path or `[tool.handoff]` is not rich markup."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)


def main() -> None:
    """Console-script entry point: a crash is a message and exit 2, never a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(2)
    except (ConfigError, PluginError, CatalogError) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        if "-v" in sys.argv or "--verbose" in sys.argv:
            traceback.print_exc()
        err.print(
            f"[bold red]internal error:[/] {type(exc).__name__}: {exc} (run with -v for details)",
            highlight=False,
        )
        sys.exit(2)
