"""All check classes: the built-in families (every module under a family package such as
`handoff.checks.sec`), then plugins from the `handoff.checks` entry-point group (a class, or a
module/list of classes)."""

from __future__ import annotations

import functools
import importlib
import logging
import pkgutil
from importlib.metadata import entry_points
from types import ModuleType

import handoff.checks
from handoff.checks.base import CHECK_TYPES, _Check

log = logging.getLogger("handoff")
ENTRY_POINT_GROUP = "handoff.checks"
_NOT_FAMILIES = {"base", "support", "registry"}


class PluginError(Exception):
    """A plugin failed to load or is not a check class."""


def _classes_in(module: ModuleType) -> list[type[_Check]]:
    found = []
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, CHECK_TYPES)
            and value.__module__ == module.__name__
            and value.code
        ):
            found.append(value)
    return found


def builtin_checks() -> list[type[_Check]]:
    classes: list[type[_Check]] = []
    for family in pkgutil.iter_modules(handoff.checks.__path__):
        if family.name in _NOT_FAMILIES or not family.ispkg:
            continue
        package = importlib.import_module(f"handoff.checks.{family.name}")
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            classes.extend(_classes_in(importlib.import_module(info.name)))
    return sorted(classes, key=lambda c: c.code)


def plugin_checks() -> list[type[_Check]]:
    classes: list[type[_Check]] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry.load()
        except Exception as exc:  # pylint: disable=broad-exception-caught
            message = f"plugin {entry.name!r} ({entry.value}) failed to load: {exc}"
            raise PluginError(message) from exc
        if isinstance(loaded, ModuleType):
            classes.extend(_classes_in(loaded))
        elif isinstance(loaded, (list, tuple)):
            classes.extend(loaded)
        else:
            classes.append(loaded)
    for cls in classes:
        if not (isinstance(cls, type) and issubclass(cls, CHECK_TYPES)):
            raise PluginError(f"plugin object {cls!r} is not a handoff check class")
        if not cls.code:
            raise PluginError(f"plugin check {cls.__name__} has no rule code")
    return classes


@functools.lru_cache(maxsize=1)
def all_checks() -> tuple[type[_Check], ...]:
    return tuple(builtin_checks() + plugin_checks())
