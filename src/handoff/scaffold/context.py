"""The variables every template sees. Templates rely on these names (the bench templates
too): `package`, `project`, `torch_version`, `python_requires`, `env_prefix`, `pins`,
`model`, `seed`, `paths`, `endpoints`, `secrets`, `batch_size`, `comments`.

The generated package's environment scheme lives here too: `<PKG>__<SECTION>__<KEY>`
overrides a config key, `<PKG>_<NAME>` holds a secret."""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.version import InvalidVersion, Version

from handoff import __version__
from handoff.scaffold.errors import ScaffoldError

# Pins when a package is not installed where scaffold runs: the versions the generated
# package was tested with.
TESTED_PINS = {
    "torch": "2.13.0",
    "pyyaml": "6.0.4",
    "numpy": "2.4.6",
    "matplotlib": "3.11.2",
    "rich": "15.0.0",
    "pytest": "9.2.0",
    "hatchling": "1.33.0",
    "black": "26.10.1",
    "isort": "9.0.2",
}
PYTHON_REQUIRES = ">=3.10"
# The generated code keeps black's layout for names up to this length.
MAX_NAME = 32
EXAMPLE_SEED = 20240601
# The config's batch size unless the research repo names an inference one: the value the
# package's tests and benchmark run with.
DEFAULT_BATCH_SIZE = 8
MAX_BATCH_SIZE = 4096  # config.py refuses more
# Top-level names the generated project already uses or that would shadow a dependency.
RESERVED = {"bench", "tests", "config", "weights", "torch", "yaml", "numpy", "pytest", "rich"}
# Config sections of free-form string keys (`--from` fills them): a null value must be set
# through the environment variable the config names.
FREE_FORM_SECTIONS = ("paths", "endpoints")


@dataclass(frozen=True)
class ModelWiring:
    """What `model.py` and the config say about the model: the class to build (`module:Class`,
    importable inside the package), where its weights live (relative to the package root) and
    their sha256 (None until the weights exist)."""

    class_path: str
    weights: str
    weights_sha256: str | None = None
    example: bool = True


def names_for(dest: Path, name: str | None) -> tuple[str, str]:
    """(project, package): the distribution name and the import name, from `--name` or DEST's
    folder name (`cifar-resnet-inference` -> `cifar_resnet_inference`)."""
    raw = name or dest.resolve().name
    package = re.sub(r"[^0-9a-zA-Z]+", "_", raw).strip("_").lower()
    problem = None
    if not package or not package.isidentifier():
        problem = "it does not make a Python identifier"
    elif len(package) > MAX_NAME:
        problem = f"longer than {MAX_NAME} characters"
    elif keyword.iskeyword(package):
        problem = "it is a Python keyword"
    elif package in sys.stdlib_module_names or package in RESERVED:
        problem = "it would shadow a module the package uses"
    if problem:
        raise ScaffoldError(
            f"cannot use {raw!r} as the package name ({problem}); pass --name my_model_inference"
        )
    return package.replace("_", "-"), package


def pinned_version(distribution: str) -> str:
    """The installed version of `distribution` without a local label (`2.13.0+cpu` ->
    `2.13.0`, which pip matches against any local build), else the tested default."""
    try:
        return Version(metadata.version(distribution)).public
    except (metadata.PackageNotFoundError, InvalidVersion):
        return TESTED_PINS[distribution]


def env_var(package: str, key: str) -> str:
    """The environment variable that overrides a config key: `<PKG>__<SECTION>__<KEY>`, as
    the package's config.py reads them."""
    return "__".join([package.upper(), *(part.upper() for part in key.split("."))])


def secret_env_var(package: str, name: str) -> str:
    """The environment variable a secret is read from by default: `<PKG>_<NAME>`."""
    return f"{package.upper()}_{name.upper()}"


@dataclass(frozen=True)
class ConfigExtras:
    """What a research repo adds to config/default.yaml (`--from` fills it): free-form
    `paths`/`endpoints` sections (null = set through the environment), the names of the
    secrets the package reads from the environment, a batch size to use instead of the
    default, and per dotted key (`paths.data_root`, `device`) a comment printed above it;
    `migrated_from` names the repo, whose MIGRATION.md the README then points to."""

    sections: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)
    secrets: Sequence[str] = ()
    batch_size: int | None = None
    comments: Mapping[str, str] = field(default_factory=dict)
    migrated_from: str | None = None


def _identifier(section: str, key: str) -> str:
    """Config keys become environment variable names: lowercase identifiers only."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", key) or "__" in key:
        raise ScaffoldError(f"config key {section}.{key} is not a lowercase identifier")
    return key


def free_form_section(section: str, values: Mapping[str, str | None]) -> dict[str, str | None]:
    """A `paths:`/`endpoints:` section of string values; null = set through the environment."""
    out: dict[str, str | None] = {}
    for key, value in values.items():
        _identifier(section, key)
        if value is not None and not isinstance(value, str):
            raise ScaffoldError(f"config key {section}.{key} must be a string or null")
        out[key] = value
    return out


def build_context(
    project: str, package: str, model: ModelWiring, extras: ConfigExtras | None = None
) -> dict:
    """The template variables. `extras` adds what a research repo brings; an unknown
    section or a comment for a key the config does not have is an error, not dropped."""
    extras = extras or ConfigExtras()
    extra = dict(extras.sections)
    unknown = sorted(set(extra) - set(FREE_FORM_SECTIONS))
    if unknown:
        raise ScaffoldError(f"unknown config section {unknown[0]!r}: use paths or endpoints")
    sections = {s: free_form_section(s, extra.get(s) or {}) for s in FREE_FORM_SECTIONS}
    secrets = {_identifier("secrets", n): secret_env_var(package, n) for n in extras.secrets}
    return {
        "package": package,
        "project": project,
        "env_prefix": package.upper(),
        "torch_version": pinned_version("torch"),
        "python_requires": PYTHON_REQUIRES,
        "pins": {name: pinned_version(name) for name in TESTED_PINS},
        "handoff_version": __version__,
        "model": model,
        "seed": EXAMPLE_SEED,
        "secrets": secrets,
        "batch_size": _batch_size(extras.batch_size),
        "comments": _comments(extras.comments, sections, secrets),
        "migrated_from": extras.migrated_from,
        **sections,
    }


def _batch_size(value: int | None) -> int:
    if value is None:
        return DEFAULT_BATCH_SIZE
    if not 1 <= value <= MAX_BATCH_SIZE:
        raise ScaffoldError(f"batch size {value}: the package accepts 1-{MAX_BATCH_SIZE}")
    return value


def _comments(comments: Mapping[str, str], sections: dict, secrets: dict) -> dict[str, str]:
    """The comments, each for a key the rendered config has (a stray one would be lost)."""
    known = {"device", "batch_size"} | ({"secrets"} if secrets else set())
    known |= {f"{section}.{key}" for section, keys in sections.items() for key in keys}
    stray = sorted(set(comments) - known)
    if stray:
        raise ScaffoldError(f"a comment for {stray[0]!r}, which the config does not have")
    return dict(comments)
