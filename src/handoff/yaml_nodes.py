"""YAML composed into nodes (no object constructed, unknown tags such as `!Ref` fine, every
node keeping its marks), by libyaml when PyYAML was built with it: the pure-Python parser
took a tenth of check's time on config-heavy repos. A text libyaml rejects is composed again
by PyYAML's own parser, so what a user reads about an invalid file (and where) does not
depend on how PyYAML was installed."""

from __future__ import annotations

from typing import Callable, TypeVar

import yaml

T = TypeVar("T")
_LIBYAML = getattr(yaml, "CSafeLoader", None)


def compose_all(text: str) -> list[yaml.Node | None]:
    """Every document of `text`; raises PyYAML's own error when it is not valid YAML."""
    return _composed(lambda loader: list(yaml.compose_all(text, Loader=loader)))


def compose(text: str) -> yaml.Node | None:
    """The single document of `text` (None when empty); raises as `yaml.compose` does."""
    return _composed(lambda loader: yaml.compose(text, Loader=loader))


def _composed(compose_with: Callable[[type], T]) -> T:
    if _LIBYAML is not None:
        try:
            return compose_with(_LIBYAML)
        except yaml.YAMLError:
            pass  # the pure parser says why, in its own words
    return compose_with(yaml.SafeLoader)
