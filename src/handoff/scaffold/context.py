"""The variables every template sees. Templates rely on these names (the bench templates
too): `package`, `project`, `torch_version`, `python_requires`, `env_prefix`, `pins`,
`model`, `seed`, `paths`, `endpoints`."""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
    project: str,
    package: str,
    model: ModelWiring,
    extra_config: Mapping[str, Mapping[str, str | None]] | None = None,
    secrets: Sequence[str] = (),
) -> dict:
    """The template variables. `extra_config` adds free-form sections (`paths`, `endpoints`)
    found in a research repo; unknown sections are an error, not silently dropped. `secrets`
    are names of secrets the package reads from the environment."""
    extra = dict(extra_config or {})
    unknown = sorted(set(extra) - set(FREE_FORM_SECTIONS))
    if unknown:
        raise ScaffoldError(f"unknown config section {unknown[0]!r}: use paths or endpoints")
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
        "secrets": [_identifier("secrets", name) for name in secrets],
        **{s: free_form_section(s, extra.get(s) or {}) for s in FREE_FORM_SECTIONS},
    }
