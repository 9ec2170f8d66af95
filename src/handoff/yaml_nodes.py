"""YAML composed into nodes (no object constructed, unknown tags such as `!Ref` fine, every
node keeping its marks), by libyaml when PyYAML was built with it: the pure-Python parser
took a tenth of check's time on config-heavy repos. A text libyaml rejects is composed again
by PyYAML's own parser, so what a user reads about an invalid file (and where) does not
depend on how PyYAML was installed."""

from __future__ import annotations

import yaml

_LIBYAML = getattr(yaml, "CSafeLoader", None)


def compose_all(text: str) -> list[yaml.Node | None]:
    """Every document of `text`; raises PyYAML's own error when it is not valid YAML."""
    if _LIBYAML is not None:
        try:
            return list(yaml.compose_all(text, Loader=_LIBYAML))
        except yaml.YAMLError:
            pass  # the pure parser says why, in its own words
    return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def compose(text: str) -> yaml.Node | None:
    """The single document of `text` (None when empty); raises as `yaml.compose` does."""
    if _LIBYAML is not None:
        try:
            return yaml.compose(text, Loader=_LIBYAML)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)
