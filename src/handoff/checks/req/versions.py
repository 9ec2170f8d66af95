"""Whether two version constraints can both hold, with `packaging` only.

Two specifier sets conflict when no version satisfies both. Each set is an intersection of
intervals (plus `!=` holes), so if the intersection is not empty it contains a version at or
just above one of the bounds either set names, or, with no lower bound, a very low one.
Those candidates are tried; nothing is parsed by hand.
"""

from __future__ import annotations

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version


def _candidates(specifier: SpecifierSet) -> set[str]:
    found = {"0", "0.0.1"}
    for spec in specifier:
        text = spec.version.removesuffix(".*")
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        release = list(version.release)
        found.add(str(version))
        found.add(version.public)
        found.add(".".join(map(str, release + [1])))  # just above: 1.2 -> 1.2.1
        found.add(".".join(map(str, release[:-1] + [release[-1] + 1])))  # the next: 1.2 -> 1.3
        found.add(f"{version.public}.post1")
    return found


def compatible(left: SpecifierSet, right: SpecifierSet) -> bool:
    """True when some version (pre-releases included) satisfies both sets."""
    for candidate in _candidates(left) | _candidates(right):
        try:
            version = Version(candidate)
        except InvalidVersion:
            continue
        if left.contains(version, prereleases=True) and right.contains(version, prereleases=True):
            return True
    return False
