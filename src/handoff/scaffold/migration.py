"""`handoff scaffold DEST --from REPO`: run handoff's check on the research repo and carry what
it found into the new package's terms.

- `plan_migration(repo, package)` -> `Migration`: every machine-specific path and endpoint
  becomes a `paths`/`endpoints` config key (value null, named environment variable), device
  choices become `device: auto`, hardcoded batch sizes `inference.batch_size`; the candidate
  model classes and checkpoint-loading code are listed; every finding gets where it now
  lives in the package or what is left to move.
- `config_overrides(migration)`: the keys to merge into config/default.yaml, with comments.
- `render_migration_md(migration)`: the MIGRATION.md text.

No machine-specific value leaves this module: the values are read to name and describe the
keys (`a user's home directory`), then dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from handoff.api import check
from handoff.checks.path.endpoints import classify_endpoint
from handoff.checks.path.locations import ENDPOINT, MACHINE, TMP, classify_path
from handoff.checks.support import literal_prefix
from handoff.config import Config
from handoff.config_values import config_format, config_value_lines
from handoff.discovery import discover
from handoff.findings import Finding
from handoff.scaffold.code_survey import BatchSize, CodeFile, load_code_file, survey
from handoff.scaffold.dispositions import DEPENDENCY, TOOLING, disposition_for
from handoff.scaffold.key_names import (
    VALUE_TOKEN,
    Naming,
    config_naming,
    home_user,
    is_generic,
    key_name,
    python_naming,
    secret_key,
    text_naming,
    value_naming,
    words_of,
)
from handoff.scaffold.migration_md import render_migration_md
from handoff.scaffold.migration_types import (
    BATCH_SIZE_KEY,
    DEVICE_KEY,
    ENDPOINTS,
    PATHS,
    SECRETS_KEY,
    SECTION_ORDER,
    ConfigKey,
    MigratedFinding,
    Migration,
    Place,
)
from handoff.sources import CODE_KINDS, FileKind, SourceError, classify, is_requirements_file

__all__ = ["MigrationError", "config_overrides", "plan_migration", "render_migration_md"]

_KEYED_RULES = {MACHINE: PATHS, TMP: PATHS, ENDPOINT: ENDPOINTS}
_MASKED = re.compile(r"\(([^()\s]*…[^()\s]*)\)")


class MigrationError(Exception):
    """The research repo cannot be read (not a folder): the CLI exits 2 with the message."""


def env_var(package: str, key: str) -> str:
    """The environment variable that overrides a config key: `<PKG>__<SECTION>__<KEY>`, as
    the package's config.py reads them."""
    return "__".join([package.upper(), *(part.upper() for part in key.split("."))])


def secret_env_var(package: str, name: str) -> str:
    """The environment variable the package reads a secret from: `<PKG>_<NAME>`."""
    return f"{package.upper()}_{name.upper()}"


@dataclass(frozen=True)
class _Layout:
    """The check's project root and where the research repo sits in it."""

    root: Path
    prefix: str  # the repo's POSIX path below the root, "" when it is the root

    def display(self, relpath: str) -> str:
        if self.prefix and relpath.startswith(self.prefix + "/"):
            return relpath[len(self.prefix) + 1 :]
        return "." if relpath == self.prefix else relpath

    def place(self, finding: Finding) -> Place:
        return Place(self.display(finding.path), finding.line, finding.column, finding.cell)


@dataclass(frozen=True)
class _Value:
    """A value found at a finding, read to name and describe its key; never shown. `key` is
    its key path in a config file."""

    text: str
    naming: Naming | None
    key: tuple[str | int, ...] | None = None


def plan_migration(repo: Path, package: str, *, jobs: int | None = None) -> Migration:
    """Check `repo` (isolated from any handoff config and baseline: every finding counts) and
    plan what the package `package` takes from it."""
    repo = Path(repo)
    if not repo.is_dir():
        raise MigrationError(f"{repo}: --from needs the research repo's folder")
    result = check([repo], isolated=True, use_baseline=False, jobs=jobs)
    resolved = repo.resolve()
    prefix = resolved.relative_to(result.root).as_posix() if resolved != result.root else ""
    layout = _Layout(result.root, prefix)
    files, notes = _code_files(layout, repo)
    found = survey(list(files.values()))
    values = {id(f): _value_at(f, layout, files) for f in result.findings}
    people = frozenset(filter(None, (home_user(v.text) for v in values.values() if v)))
    planner = _KeyPlanner(package, people)
    secrets = _SecretNames()
    roles: dict[int, str | None] = {}
    for finding in result.findings:
        value = values[id(finding)]
        section = _KEYED_RULES.get(finding.rule)
        roles[id(finding)] = _manifest_role(finding, value)
        if section and value is not None and roles[id(finding)] is None:
            planner.add_value(finding, section, value, layout.place(finding))
        elif finding.family == "DEV":
            planner.add_device(layout.place(finding))
        elif finding.family == "SEC":
            secrets.add(finding, value.naming if value else None)
    planner.add_batch_sizes(found.batch_sizes)
    keys = planner.keys()
    migrated = tuple(
        _migrated(f, layout, planner.key_of(f), secrets.name_of(f), package, roles[id(f)])
        for f in result.findings
    )
    return Migration(
        repo=repo,
        package=package,
        keys=keys,
        model_classes=tuple(found.model_classes),
        checkpoint_loads=tuple(found.checkpoint_loads),
        findings=migrated,
        secrets=secrets.names(),
        notes=tuple(notes + result.errors),
        family_titles={f.prefix: f.title for f in result.catalog.families},
    )


def _migrated(  # pylint: disable=too-many-arguments,too-many-positional-arguments
    finding: Finding,
    layout: _Layout,
    key: ConfigKey | None,
    secret: str | None,
    package: str,
    manifest_role: str | None,
) -> MigratedFinding:
    template = disposition_for(finding, manifest_role, key is not None)
    filled = template.filled(
        pkg=package,
        key=key.key if key else "",
        env=key.env_var if key else env_var(package, DEVICE_KEY),
        secret=secret_env_var(package, secret) if secret else "",
    )
    return MigratedFinding(
        finding,
        layout.place(finding),
        key.key if key else None,
        filled.now_lives_in,
        filled.left_to_move,
    )


# Words in a manifest's key path that make its value a dependency (`[tool.poetry.
# dependencies]`, environment.yml's `pip:` list) or a setting of the repo's own tooling
# (`[tool.pytest.ini_options]`, a conda `prefix:`). Anything else in a manifest (a
# `[tool.myproject]` table) is the project's own setting, carried like any config value.
_DEPENDENCY_WORDS = {
    "dependencies", "dependency", "requires", "require", "requirements", "packages", "sources",
    "source", "pip", "develop", "editable",
}  # fmt: skip
_TOOLING_WORDS = {
    "pytest", "black", "isort", "mypy", "ruff", "coverage", "setuptools", "hatch", "pylint",
    "flake8", "pyright", "tox", "build", "prefix", "poetry", "pdm", "uv", "codespell",
}  # fmt: skip


def _manifest_role(finding: Finding, value: _Value | None) -> str | None:
    """DEPENDENCY or TOOLING for a finding in a dependency manifest, None elsewhere."""
    path = PurePosixPath(finding.path)
    if classify(path) is not FileKind.MANIFEST and not is_requirements_file(path):
        return None
    if value is None or value.key is None:
        return DEPENDENCY  # a requirements line
    words = {w for part in value.key if isinstance(part, str) for w in words_of(part)}
    if words & _DEPENDENCY_WORDS:
        return DEPENDENCY
    return TOOLING if words & _TOOLING_WORDS else None


# --- reading the repo -----------------------------------------------------------------------


def _code_files(layout: _Layout, repo: Path) -> tuple[dict[str, CodeFile], list[str]]:
    """The repo's Python files and notebooks, parsed, by path below the root; what could not
    be read becomes a note (the check reports it as HO001 too)."""
    config = Config()
    discovery = discover([repo], layout.root, config.exclude_spec(), config.respect_gitignore)
    files: dict[str, CodeFile] = {}
    notes: list[str] = []
    for item in discovery.files:
        if item.kind not in CODE_KINDS:
            continue
        shown = layout.display(item.relpath)
        try:
            if item.path.stat().st_size > config.max_file_size:
                continue
            files[item.relpath] = load_code_file(layout.root, item.relpath, shown)
        except (OSError, SourceError) as exc:
            notes.append(f"{shown}: not surveyed ({exc})")
    return files, notes


def _value_at(finding: Finding, layout: _Layout, files: dict[str, CodeFile]) -> _Value | None:
    """The value a finding points at and the name it goes by: a Python string literal and
    what holds it, a config file's value and its key, or a token on a shell or magic line."""
    code = files.get(finding.path)
    if code is not None:
        literal = code.string_at(finding.line, finding.column, finding.cell)
        if literal is not None:
            module, node = literal
            naming = python_naming(node, module.parents(), module.imports)
            return _Value(literal_prefix(node) or "", naming)
        line = code.source.text_line(finding.line, finding.cell)
    else:
        path = layout.root / finding.path
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        if config_format(path.name):
            return _config_value(text, path.name, finding)
        lines = text.splitlines()
        line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
    token = VALUE_TOKEN.match(line, max(finding.column - 1, 0))
    if token is None:
        return None
    return _Value(token.group(0), text_naming(line[: token.start()]))


def _config_value(text: str, filename: str, finding: Finding) -> _Value | None:
    """The value at the finding and its key; inside a longer value (a `command:` line) the
    option before it names it first."""
    for item in config_value_lines(text, filename):
        offset = finding.column - item.column
        if item.line == finding.line and 0 <= offset < max(len(item.value), 1):
            token = VALUE_TOKEN.match(item.value, offset)
            naming = text_naming(item.value[:offset]) if offset else None
            value = token.group(0) if token else item.value
            return _Value(value, naming or config_naming(item.key), item.key)
    return None


# --- config keys ----------------------------------------------------------------------------


@dataclass
class _Candidate:
    """One finding's value on its way to a key."""

    finding: Finding
    section: str
    name: str
    strong: bool
    origin: str
    value: str
    what: str  # what kind of place or address it is, for `replaces`
    place: Place


class _KeyPlanner:
    """Collects the values and decides the keys: author-named values with the same name are
    one key; made-up names merge only with the same value; clashes get `_2`, `_3`."""

    def __init__(self, package: str, people: frozenset[str]):
        self.package = package
        self.people = people  # home-directory owners: never part of a made-up name
        self.candidates: list[_Candidate] = []
        self.device_places: list[Place] = []
        self.batch_sizes: list[BatchSize] = []
        self._keys: tuple[ConfigKey, ...] | None = None
        self._by_finding: dict[int, ConfigKey] = {}

    def add_value(self, finding: Finding, section: str, value: _Value, place: Place) -> None:
        endpoint = section == ENDPOINTS
        naming = value.naming
        if naming is None or is_generic(naming.words):
            naming = value_naming(value.text, endpoint, self.people)
        self.candidates.append(
            _Candidate(
                finding,
                section,
                key_name(naming, endpoint, value.text),
                naming.strong,
                naming.origin,
                value.text,
                _what(value.text, finding.rule),
                place,
            )
        )

    def add_device(self, place: Place) -> None:
        self.device_places.append(place)

    def add_batch_sizes(self, found: list[BatchSize]) -> None:
        self.batch_sizes.extend(found)

    def key_of(self, finding: Finding) -> ConfigKey | None:
        self.keys()
        if finding.family == "DEV":
            return next((k for k in self.keys() if k.key == DEVICE_KEY), None)
        return self._by_finding.get(id(finding))

    def keys(self) -> tuple[ConfigKey, ...]:
        if self._keys is None:
            keys = [self._value_key(group) for group in self._groups()]
            if self.device_places:
                keys.append(self._device_key())
            if self.batch_sizes:
                keys.append(self._batch_key())
            self._keys = tuple(sorted(keys, key=lambda k: SECTION_ORDER.index(k.section)))
        return self._keys

    def _groups(self) -> list[list[_Candidate]]:
        groups: list[list[_Candidate]] = []
        for candidate in self.candidates:
            same = next((g for g in groups if _same_setting(g, candidate)), None)
            if same is None:
                groups.append([candidate])
            else:
                same.append(candidate)
        return groups

    def _value_key(self, group: list[_Candidate]) -> ConfigKey:
        first = group[0]
        taken = {k.key for k in self._by_finding.values()}
        name, number = first.name, 1
        while f"{first.section}.{name}" in taken:
            number += 1
            name = f"{first.name}_{number}"
        dotted = f"{first.section}.{name}"
        origins = ", ".join(dict.fromkeys(c.origin for c in group))
        whats = " / ".join(dict.fromkeys(c.what for c in group))
        key = ConfigKey(
            dotted,
            env_var(self.package, dotted),
            None,
            f"{whats} ({origins})",
            tuple(dict.fromkeys(c.place for c in group)),
        )
        for candidate in group:
            self._by_finding[id(candidate.finding)] = key
        return key

    def _device_key(self) -> ConfigKey:
        return ConfigKey(
            DEVICE_KEY,
            env_var(self.package, DEVICE_KEY),
            "auto",
            "GPU choices written into the code (a pinned index, CUDA_VISIBLE_DEVICES, `.cuda()`)",
            tuple(dict.fromkeys(self.device_places)),
        )

    def _batch_key(self) -> ConfigKey:
        chosen = next((b for b in self.batch_sizes if b.for_inference), self.batch_sizes[0])
        side = "inference" if chosen.for_inference else "training"
        return ConfigKey(
            BATCH_SIZE_KEY,
            env_var(self.package, BATCH_SIZE_KEY),
            chosen.value,
            f"batch sizes written into the code; {chosen.value} is the {side} one, from"
            f" {chosen.origin}",
            tuple(dict.fromkeys(b.place for b in self.batch_sizes)),
        )


def _same_setting(group: list[_Candidate], candidate: _Candidate) -> bool:
    first = group[0]
    if (first.section, first.name) != (candidate.section, candidate.name):
        return False
    if candidate.strong and all(c.strong for c in group):
        return True
    return any(c.value == candidate.value for c in group)


def _what(value: str, rule: str) -> str:
    if rule == ENDPOINT:
        found = classify_endpoint(value)
        return found.why if found else "a hardcoded service address"
    path = classify_path(value, bare_ok=True)
    if path is None:
        return "a machine-specific path"
    return "a fixed /tmp path" if path.code == TMP else path.where


# --- secrets --------------------------------------------------------------------------------


class _SecretNames:
    """The name each committed secret is read under instead (the package's `secrets:` list):
    the name the author gave it (`WANDB_API_KEY`, `export HF_TOKEN=`), else the issuer's
    words; one name per secret, wherever it was pasted (grouped by its masked form)."""

    def __init__(self) -> None:
        self._groups: dict[str, list[tuple[Finding, Naming | None]]] = {}

    def add(self, finding: Finding, naming: Naming | None) -> None:
        masked = _MASKED.search(finding.message)
        group = masked.group(1) if masked else f"{finding.path}:{finding.line}"
        self._groups.setdefault(group, []).append((finding, naming))

    def _resolve(self) -> dict[int, str]:
        by_finding: dict[int, str] = {}
        used: set[str] = set()
        for members in self._groups.values():
            name = base = _secret_name(members)
            number = 1
            while name in used:
                number += 1
                name = f"{base}_{number}"
            used.add(name)
            by_finding.update((id(f), name) for f, _ in members)
        return by_finding

    def name_of(self, finding: Finding) -> str | None:
        return self._resolve().get(id(finding))

    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self._resolve().values()))


def _secret_name(members: list[tuple[Finding, Naming | None]]) -> str:
    namings = [n for _, n in members if n is not None and not is_generic(n.words)]
    namings.sort(key=lambda n: not n.strong)
    if namings:
        return secret_key(namings[0].words)
    message = members[0][0].message
    issuer = message.split(" (", 1)[0] if _MASKED.search(message) else ""
    named = re.search(r"`([A-Za-z_]\w*)`", message)
    words = words_of(issuer) or (words_of(named.group(1)) if named else ())
    return secret_key(words) if words else "secret"


# --- config/default.yaml --------------------------------------------------------------------


def config_overrides(migration: Migration) -> dict:
    """What to merge into config/default.yaml: `values` (nested: `{"paths": {"data_root":
    None}, "device": "auto", "batch_size": 128, "secrets": ["hf_token"]}`), and per dotted key
    its `comments` (what it replaces, where, the environment variable) and `env` variable."""
    values: dict = {}
    comments: dict[str, str] = {}
    env: dict[str, str] = {}
    for key in migration.keys:
        *sections, name = key.key.split(".")
        target = values
        for section in sections:
            target = target.setdefault(section, {})
        target[name] = key.value
        comments[key.key] = _comment(key)
        env[key.key] = key.env_var
    if migration.secrets:
        values[SECRETS_KEY] = list(migration.secrets)
        comments[SECRETS_KEY] = (
            "Credentials the research code had written into it, now read from the environment"
            " only: " + ", ".join(secret_env_var(migration.package, s) for s in migration.secrets)
        )
    return {"values": values, "comments": comments, "env": env}


def places_text(places: tuple[Place, ...], limit: int = 3) -> str:
    shown = ", ".join(str(p) for p in places[:limit])
    more = len(places) - limit
    return f"{shown} and {more} more" if more > 0 else shown


def _comment(key: ConfigKey) -> str:
    where = places_text(key.places)
    if key.key == DEVICE_KEY:
        return (
            "auto: the first visible GPU when there is one (CUDA_VISIBLE_DEVICES decides which),"
            f" else mps, else cpu; or cpu, cuda, cuda:N, mps. Override with {key.env_var}."
            f" Replaces the {key.replaces} at {where}."
        )
    if key.key == BATCH_SIZE_KEY:
        return (
            f"Items per forward pass: {key.replaces} ({where}). Larger uses more memory and"
            f" may raise throughput; measure with `python -m bench`. Override with {key.env_var}."
        )
    return f"Required: set {key.env_var}. Replaces {key.replaces} at {where}."
