"""`handoff scaffold DEST --from REPO`: run handoff's check on the research repo and carry what
it found into the new package's terms.

- `plan_migration(repo, package)` -> `Migration`: every machine-specific path and endpoint
  becomes a `paths`/`endpoints` config key (value null, named environment variable), device
  choices become `device: auto`, hardcoded batch sizes `batch_size`; the candidate
  model classes and checkpoint-loading code are listed; every finding gets where it now
  lives in the package or what is left to move.
- `config_overrides(migration)`: the keys to merge into config/default.yaml, with comments.
- `render_migration_md(migration)`: the MIGRATION.md text.

No machine-specific value leaves this module: the values are read to name and describe the
keys (`a user's home directory`), then dropped.
"""

from __future__ import annotations

from pathlib import Path

from handoff.api import check
from handoff.checks.path.locations import ENDPOINT, MACHINE, TMP
from handoff.findings import Finding
from handoff.scaffold.code_survey import CodeFile, survey
from handoff.scaffold.config_keys import KeyPlanner, SecretNames
from handoff.scaffold.context import MAX_BATCH_SIZE, env_var, secret_env_var
from handoff.scaffold.dispositions import disposition_for
from handoff.scaffold.key_names import home_user
from handoff.scaffold.migration_md import render_migration_md
from handoff.scaffold.migration_types import (
    BATCH_SIZE_KEY,
    DEVICE_KEY,
    ENDPOINTS,
    PATHS,
    SECRETS_KEY,
    ConfigKey,
    MigratedFinding,
    Migration,
    Place,
)
from handoff.scaffold.repo_values import Layout, code_files, manifest_role, value_at

__all__ = [
    "MigrationError",
    "config_overrides",
    "env_var",
    "plan_migration",
    "render_migration_md",
    "secret_env_var",
]

_KEYED_RULES = {MACHINE: PATHS, TMP: PATHS, ENDPOINT: ENDPOINTS}


class MigrationError(Exception):
    """The research repo cannot be read (not a folder): the CLI exits 2 with the message."""


def plan_migration(repo: Path, package: str, *, jobs: int | None = None) -> Migration:
    """Check `repo` (isolated from any handoff config and baseline: every finding counts) and
    plan what the package `package` takes from it."""
    repo = Path(repo)
    if not repo.is_dir():
        raise MigrationError(f"{repo}: --from needs the research repo's folder")
    result = check([repo], isolated=True, use_baseline=False, jobs=jobs)
    layout = Layout.of(result.root, repo)
    files, notes = code_files(layout, repo)
    found = survey(list(files.values()))
    carried = _Carried(package, layout, result.findings, files)
    carried.planner.add_batch_sizes(found.batch_sizes)
    return Migration(
        repo=repo,
        package=package,
        keys=carried.planner.keys(),
        model_classes=tuple(found.model_classes),
        checkpoint_loads=tuple(found.checkpoint_loads),
        findings=tuple(carried.migrated(f) for f in result.findings),
        secrets=carried.secrets.names(),
        notes=tuple(notes + result.errors),
        family_titles={f.prefix: f.title for f in result.catalog.families},
    )


class _Carried:
    """The findings' values on their way into the package: each path or endpoint to the key
    planner, each device choice to the `device` key, each secret to a name; then each
    finding's fate."""

    def __init__(
        self, package: str, layout: Layout, findings: list[Finding], files: dict[str, CodeFile]
    ):
        self.package = package
        self.layout = layout
        values = {id(f): value_at(f, layout, files) for f in findings}
        people = frozenset(filter(None, (home_user(v.text) for v in values.values() if v)))
        self.planner = KeyPlanner(package, people)
        self.secrets = SecretNames()
        self.roles = {id(f): manifest_role(f, values[id(f)]) for f in findings}
        for finding in findings:
            value = values[id(finding)]
            section = _KEYED_RULES.get(finding.rule)
            if section and value is not None and self.roles[id(finding)] is None:
                self.planner.add_value(finding, section, value, layout.place(finding))
            elif finding.family == "DEV":
                self.planner.add_device(layout.place(finding))
            elif finding.family == "SEC":
                self.secrets.add(finding, value.naming if value else None)

    def migrated(self, finding: Finding) -> MigratedFinding:
        key = self.planner.key_of(finding)
        secret = self.secrets.name_of(finding)
        template = disposition_for(finding, self.roles[id(finding)], key is not None)
        filled = template.filled(
            pkg=self.package,
            cmd=self.package.replace("_", "-"),  # the console script, named like the project
            key=key.key if key else "",
            env=key.env_var if key else env_var(self.package, DEVICE_KEY),
            secret=secret_env_var(self.package, secret) if secret else "",
        )
        return MigratedFinding(
            finding,
            self.layout.place(finding),
            key.key if key else None,
            filled.now_lives_in,
            filled.left_to_move,
        )


# --- config/default.yaml --------------------------------------------------------------------


def config_overrides(migration: Migration) -> dict:
    """What to merge into config/default.yaml: `values` (nested: `{"paths": {"data_root":
    None}, "device": "auto", "batch_size": 64, "secrets": {"hf_token": "PKG_HF_TOKEN"}}`),
    and per dotted key its `comments` (what it replaces, where, the environment variable)
    and `env` variable. A key that is not carried (a training batch size) has a comment and
    no value: the package keeps its default."""
    values: dict = {}
    comments: dict[str, str] = {}
    env: dict[str, str] = {}
    for key in migration.keys:
        comments[key.key] = _comment(key)
        env[key.key] = key.env_var
        if not key.carried:
            continue
        *sections, name = key.key.split(".")
        target = values
        for section in sections:
            target = target.setdefault(section, {})
        target[name] = key.value
    if migration.secrets:
        # name -> the environment variable it is read from: never a value, and no secret's
        # name stands where SEC001 would expect one.
        values[SECRETS_KEY] = {s: secret_env_var(migration.package, s) for s in migration.secrets}
        comments[SECRETS_KEY] = (
            "Credentials the research code had written into it (MIGRATION.md says where:"
            " revoke them), now read from the environment only."
        )
    return {"values": values, "comments": comments, "env": env}


def places_text(places: tuple[Place, ...], limit: int = 3) -> str:
    shown = ", ".join(str(p) for p in places[:limit])
    more = len(places) - limit
    return f"{shown} and {more} more (MIGRATION.md lists them)" if more > 0 else shown


def _comment(key: ConfigKey) -> str:
    where = places_text(key.places)
    if key.key == DEVICE_KEY:
        return (
            f"From the research repo: replaces the {key.replaces} at {where}. Override with"
            f" {key.env_var}."
        )
    if key.key == BATCH_SIZE_KEY and key.carried:
        return (
            f"From the research repo: its inference batch size, {key.value} ({where}). Tune it"
            f" with `python -m bench`. Override with {key.env_var}."
        )
    if key.key == BATCH_SIZE_KEY:
        return (
            f"Not from the research repo ({key.replaces}; {where}): a training batch size is"
            " sized for gradient steps and the backward pass's memory, not for serving, and"
            f" the package takes 1-{MAX_BATCH_SIZE}; this tested default stays until the"
            f" benchmark says otherwise. Override with {key.env_var}."
        )
    return f"Required: set {key.env_var}. Replaces {key.replaces} at {where}."
