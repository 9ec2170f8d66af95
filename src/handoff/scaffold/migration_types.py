"""What `handoff scaffold --from REPO` learns about a research repo, in the new package's terms:
config keys, candidate model classes, checkpoint loading, and every finding with where it now
lives. Small frozen types; `migration.py` builds them, `migration_md.py` renders them.

No type here holds a machine-specific value: a key says what it replaces (`a user's home
directory`, the name the author gave it) and where, never the path or address itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from handoff.findings import Finding

# The keys `--from` fills in the package's config/default.yaml: the free-form sections of
# string keys whose null value must be set through the environment, the device, the batch
# size, and the names (never values) of the secrets read from the environment.
PATHS = "paths"
ENDPOINTS = "endpoints"
DEVICE_KEY = "device"
BATCH_SIZE_KEY = "batch_size"
SECRETS_KEY = "secrets"
SECTION_ORDER = (PATHS, ENDPOINTS, DEVICE_KEY, BATCH_SIZE_KEY)


@dataclass(frozen=True)
class Place:
    """A location in the research repo; `path` is POSIX and relative to the repo."""

    path: str
    line: int
    column: int = 1
    cell: int | None = None

    def __str__(self) -> str:
        if self.cell is not None:
            return f"{self.path}:cell_{self.cell}:{self.line}"
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class ConfigKey:
    """One key of the new package's config/default.yaml. `value` is None when the key must be
    set through `env_var` (a machine-specific path or endpoint), `auto` for the device, a
    number for a batch size. `replaces` says what it stands for, without the value.
    `carried` is False when the config keeps the package's own default and the research
    value is only described (a training batch size)."""

    key: str  # dotted: "paths.data_root", "device", "batch_size"
    env_var: str
    value: str | int | None
    replaces: str
    places: tuple[Place, ...]
    carried: bool = True

    @property
    def section(self) -> str:
        return self.key.split(".", maxsplit=1)[0]

    @property
    def name(self) -> str:
        return self.key.rsplit(".", maxsplit=1)[-1]


@dataclass(frozen=True)
class InitParam:
    """A parameter of a model class's `__init__`, as written (a machine-specific default is
    replaced by a note)."""

    name: str
    annotation: str | None = None
    default: str | None = None

    def __str__(self) -> str:
        text = self.name + (f": {self.annotation}" if self.annotation else "")
        if self.default is not None:
            text += f" = {self.default}" if self.annotation else f"={self.default}"
        return text


@dataclass(frozen=True)
class ModelClass:
    """A candidate model class: an `nn.Module` / `LightningModule` subclass. `module` is its
    import path inside the repo (None in a notebook); `init_params` is None when the class
    inherits `__init__`; `part` when another candidate builds it (a block, not the model)."""

    name: str
    module: str | None
    place: Place
    bases: tuple[str, ...]
    init_params: tuple[InitParam, ...] | None
    part: bool = False

    @property
    def target(self) -> str | None:
        """`module:Class` for `--model`, when the class lives in an importable module."""
        return f"{self.module}:{self.name}" if self.module else None


@dataclass(frozen=True)
class CheckpointLoad:
    """A call that loads weights or a pickled object (`torch.load`, `.load_state_dict`)."""

    call: str
    place: Place


@dataclass(frozen=True)
class MigratedFinding:
    """One finding of the check on the research repo and its fate: `key` (dotted) when it
    became a config key, `now_lives_in` for what the package does instead, `left_to_move`
    for what the engineer still has to do. The finding's message is already masked."""

    finding: Finding
    place: Place
    key: str | None
    now_lives_in: str | None
    left_to_move: str | None


@dataclass(frozen=True)
class Migration:
    """Everything `--from` carries into the new package, and what it could not."""

    repo: Path
    package: str
    keys: tuple[ConfigKey, ...]
    model_classes: tuple[ModelClass, ...]
    checkpoint_loads: tuple[CheckpointLoad, ...]
    findings: tuple[MigratedFinding, ...]
    secrets: tuple[str, ...]  # names for the config's `secrets:` mapping (lowercase)
    notes: tuple[str, ...] = ()  # files that could not be read, internal errors
    # Family prefix -> title from the catalog the check ran with ("DEV" -> "Accelerator ...").
    family_titles: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def key(self, dotted: str) -> ConfigKey | None:
        return next((k for k in self.keys if k.key == dotted), None)

    @property
    def suggested_model(self) -> ModelClass | None:
        """The class to pass to `--model`: the first importable candidate that no other
        candidate builds (a ResNet rather than its BasicBlock)."""
        importable = [c for c in self.model_classes if c.target]
        whole = [c for c in importable if not c.part]
        return (whole or importable or [None])[0]
