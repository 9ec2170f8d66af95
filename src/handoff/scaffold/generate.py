"""One scaffold run: names, what `--from REPO` carries over, context, rendering, the package's
own bootstrap (example weights, golden files) in a staging folder, then the writes (or, for a
dry run, the plan)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from handoff.scaffold import bootstrap
from handoff.scaffold.context import (
    EXAMPLE_SEED,
    FREE_FORM_SECTIONS,
    ConfigExtras,
    ModelWiring,
    build_context,
    names_for,
)
from handoff.scaffold.errors import ScaffoldError
from handoff.scaffold.migration_types import BATCH_SIZE_KEY
from handoff.scaffold.render import RenderedFile, render_tree
from handoff.scaffold.research_model import example_wiring, sha256_of, wire_research_model
from handoff.scaffold.write import Action, apply_writes, check_destination, plan_writes


@dataclass(frozen=True)
class ScaffoldRequest:
    """What `handoff scaffold` was asked. `model`/`weights` come together; `from_repo` is a
    research repo to check and carry over (its config keys, secrets and MIGRATION.md; `--model`
    is then looked up in it); `extras` are config additions given directly (what `from_repo`
    yields, for callers that plan their own); `bootstrap=False` skips the torch step (example
    weights and golden files), which only the template tests want."""

    dest: Path
    name: str | None = None
    force: bool = False
    dry_run: bool = False
    model: str | None = None
    weights: Path | None = None
    from_repo: Path | None = None
    extras: ConfigExtras = field(default_factory=ConfigExtras)
    bootstrap: bool = True
    base: Path = Path(".")  # where `--model module` is looked up without --from


@dataclass(frozen=True)
class ScaffoldResult:
    """What was written (or, for a dry run, would be) and what the user should know."""

    dest: Path
    package: str
    actions: list[Action]
    notes: list[str]
    dry_run: bool


MIGRATION_MD = PurePosixPath("MIGRATION.md")


def _carried_over(
    request: ScaffoldRequest, package: str
) -> tuple[ScaffoldRequest, list[RenderedFile]]:
    """With `--from REPO`: the request with the repo's config keys, secrets and comments, and
    `--model` looked up in the repo; plus MIGRATION.md."""
    if request.from_repo is None:
        return request, []
    # pylint: disable-next=import-outside-toplevel
    from handoff.scaffold import migration  # the whole check engine: only with --from

    try:
        plan = migration.plan_migration(request.from_repo, package)
    except migration.MigrationError as exc:
        raise ScaffoldError(str(exc)) from None
    overrides = migration.config_overrides(plan)
    values = overrides["values"]
    extras = ConfigExtras(
        sections={s: values[s] for s in FREE_FORM_SECTIONS if s in values},
        secrets=plan.secrets,
        batch_size=values.get(BATCH_SIZE_KEY),
        comments=overrides["comments"],
        migrated_from=request.from_repo.resolve().name,
    )
    text = migration.render_migration_md(plan).encode("utf-8")
    return replace(request, extras=extras, base=request.from_repo), [
        RenderedFile(MIGRATION_MD, text)
    ]


def _wiring(request: ScaffoldRequest, package: str) -> tuple[ModelWiring, list[RenderedFile]]:
    if (request.model is None) != (request.weights is None):
        raise ScaffoldError("--model and --weights go together: the class and its checkpoint")
    if request.model is None or request.weights is None:
        return example_wiring(package), []
    return wire_research_model(request.model, request.weights, package, request.base)


def _bootstrapped(
    render, wiring: ModelWiring, extra: list[RenderedFile], package: str, seed: int
) -> tuple[list[RenderedFile], list[str]]:
    """Rendered files plus the weights and golden files the package's own scripts make."""
    files = render(wiring) + extra
    with bootstrap.staging() as folder:
        bootstrap.stage(folder, files)
        if wiring.weights_sha256 is None:
            weights = bootstrap.example_weights(folder, package, wiring.weights, seed)
            wiring = replace(wiring, weights_sha256=sha256_of(weights.data))
            files = render(wiring) + extra + [weights]
            bootstrap.stage(folder, files)
        golden, failure = bootstrap.golden_files(folder, package)
    notes = []
    if failure:
        notes.append(
            "the golden outputs could not be recorded, so the golden tests fail until they"
            f" are: fix the cause, then run `pytest --regenerate-golden` in the package.\n{failure}"
        )
    return files + golden, notes


def _without_torch(package: str, wiring: ModelWiring) -> str:
    weights = (
        f"run `python -m {package}.example_model --output {wiring.weights} --update-config`"
        " to create the example weights and record their sha256, then "
        if wiring.example
        else ""
    )
    return (
        "torch is not importable where handoff runs, so no weights or golden outputs were"
        f" made. After `pip install .[test]` in the package, {weights}"
        "`pytest --regenerate-golden` to record the golden outputs."
    )


def scaffold(request: ScaffoldRequest) -> ScaffoldResult:
    dest = request.dest
    project, package = names_for(dest, request.name)
    check_destination(dest, request.force or request.dry_run)  # a dry run writes nothing
    request, migration_md = _carried_over(request, package)
    wiring, extra = _wiring(request, package)
    extra += migration_md

    def render(with_wiring: ModelWiring) -> list[RenderedFile]:
        return render_tree(build_context(project, package, with_wiring, request.extras))

    notes: list[str] = []
    if not request.bootstrap:
        files = render(wiring) + extra
    elif bootstrap.torch_available():
        files, notes = _bootstrapped(render, wiring, extra, package, EXAMPLE_SEED)
    else:
        files = render(wiring) + extra
        notes.append(_without_torch(package, wiring))
    actions = plan_writes(dest, files) if request.dry_run else apply_writes(dest, files)
    return ScaffoldResult(dest, package, actions, notes, request.dry_run)
