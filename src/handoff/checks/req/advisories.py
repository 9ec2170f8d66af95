"""Security advisories for pinned dependencies: the `Advisory` REQ008 reports, read from a
local directory of OSV JSON files (air-gapped machines) with OSV's own matching rules.

OSV matching (https://ossf.github.io/osv-schema/): a version is affected when it is listed in
`versions`, or falls in an `ECOSYSTEM` (or `SEMVER`) range: events sorted by version, an
`introduced` opens an affected interval, a `fixed` closes it (exclusive), a
`last_affected` closes it (inclusive); `introduced: "0"` is the start of time. Versions are
compared with `packaging.version`. Withdrawn advisories are skipped.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from handoff.findings import Severity


@dataclass(frozen=True)
class Advisory:
    """One known vulnerability of one pinned version."""

    id: str
    aliases: tuple[str, ...]
    summary: str
    fixed: tuple[str, ...]
    affected: str  # the affected versions, as a reader would say them
    severity: Severity | None = None  # None: the advisory does not say

    @property
    def cves(self) -> tuple[str, ...]:
        return tuple(a for a in self.aliases if a.startswith("CVE-"))


class AdvisoryError(Exception):
    """The advisories cannot be read (a missing directory); the message says why."""


def _version(text: Any) -> Version | None:
    try:
        return Version(str(text))
    except InvalidVersion:
        return None


def _range_affects(events: list[dict], version: Version) -> bool:
    """OSV's interval walk over one range's events."""
    points: list[tuple[Version, str]] = []
    for event in events:
        for kind in ("introduced", "fixed", "last_affected", "limit"):
            if kind in event:
                start = Version("0") if kind == "introduced" and event[kind] == "0" else None
                parsed = start or _version(event[kind])
                if parsed is not None:
                    points.append((parsed, kind))
    points.sort(key=lambda p: (p[0], p[1] != "introduced"))
    affected = False
    for point, kind in points:
        if kind == "introduced" and version >= point:
            affected = True
        elif kind == "fixed" and version >= point:
            affected = False
        elif kind == "last_affected" and version > point:
            affected = False
        elif kind == "limit" and version >= point:
            return False
    return affected


def _describe_range(events: list[dict]) -> str:
    parts = []
    for event in events:
        if event.get("introduced") not in (None, "0"):
            parts.append(f">={event['introduced']}")
        if "fixed" in event:
            parts.append(f"<{event['fixed']}")
        if "last_affected" in event:
            parts.append(f"<={event['last_affected']}")
    return ",".join(parts) or "all versions"


def _affected_entries(entry: dict, name: str) -> list[dict]:
    return [
        a
        for a in entry.get("affected") or []
        if isinstance(a, dict)
        and (a.get("package") or {}).get("ecosystem", "PyPI").split(":")[0] == "PyPI"
        and canonicalize_name(str((a.get("package") or {}).get("name", ""))) == name
    ]


def match(entry: dict, name: str, version: str) -> Advisory | None:
    """The advisory `entry` (OSV JSON) for `name==version`, or None when it does not apply."""
    parsed = _version(version)
    if parsed is None or entry.get("withdrawn"):
        return None
    name = canonicalize_name(name)
    for affected in _affected_entries(entry, name):
        listed = {str(v) for v in affected.get("versions") or []}
        ranges = [
            r
            for r in affected.get("ranges") or []
            if isinstance(r, dict) and r.get("type") in ("ECOSYSTEM", "SEMVER")
        ]
        hit = version in listed or any(_version(v) == parsed for v in listed)
        hit = hit or any(_range_affects(r.get("events") or [], parsed) for r in ranges)
        if hit:
            fixed = tuple(
                str(e["fixed"]) for r in ranges for e in r.get("events") or [] if "fixed" in e
            )
            described = "; ".join(_describe_range(r.get("events") or []) for r in ranges)
            return Advisory(
                id=str(entry.get("id", "?")),
                aliases=tuple(str(a) for a in entry.get("aliases") or []),
                summary=str(entry.get("summary") or entry.get("details") or "").split(
                    "\n", maxsplit=1
                )[0],
                fixed=fixed,
                affected=described or ", ".join(sorted(listed)),
                severity=advisory_severity(entry),
            )
    return None


# --- severity ------------------------------------------------------------------------------

_WORDS = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MODERATE": Severity.MEDIUM,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
}


def advisory_severity(entry: dict) -> Severity | None:
    """The advisory's own word (GHSA's `database_specific.severity`), else the CVSS v3 base
    score of its vector (critical from 9.0, high from 7.0, medium from 4.0), else None."""
    word = str((entry.get("database_specific") or {}).get("severity", "")).upper()
    if word in _WORDS:
        return _WORDS[word]
    for item in entry.get("severity") or []:
        if isinstance(item, dict) and str(item.get("type", "")).startswith("CVSS_V3"):
            score = cvss3_base_score(str(item.get("score", "")))
            if score is not None:
                return score_severity(score)
    return None


def score_severity(score: float) -> Severity:
    if score >= 9.0:
        return Severity.CRITICAL
    if score >= 7.0:
        return Severity.HIGH
    if score >= 4.0:
        return Severity.MEDIUM
    return Severity.LOW


_METRICS = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}


def _roundup(value: float) -> float:
    """CVSS v3.1's Roundup: the smallest one-decimal number >= value."""
    integer = round(value * 100000)
    return integer / 100000.0 if integer % 10000 == 0 else (math.floor(integer / 10000) + 1) / 10.0


def cvss3_base_score(vector: str) -> float | None:
    """The base score of a `CVSS:3.x/AV:N/AC:L/...` vector (the specification's formula)."""
    fields = dict(p.split(":", 1) for p in vector.split("/")[1:] if ":" in p)
    try:
        scope_changed = fields["S"] == "C"
        pr = {"N": 0.85, "L": 0.68 if scope_changed else 0.62, "H": 0.5 if scope_changed else 0.27}
        values = {k: weights[fields[k]] for k, weights in _METRICS.items()}
        privileges = pr[fields["PR"]]
    except KeyError:
        return None
    iss = 1 - (1 - values["C"]) * (1 - values["I"]) * (1 - values["A"])
    if scope_changed:
        impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15
    else:
        impact = 6.42 * iss
    exploitability = 8.22 * values["AV"] * values["AC"] * privileges * values["UI"]
    if impact <= 0:
        return 0.0
    total = impact + exploitability
    return _roundup(min(1.08 * total, 10) if scope_changed else min(total, 10))


# --- a local directory of OSV files --------------------------------------------------------


class LocalAdvisories:
    """Every OSV JSON file under a directory (one advisory per file, or a list), indexed by
    the PyPI distribution names they affect. No network, ever."""

    def __init__(self, directory: Path):
        if not directory.is_dir():
            raise AdvisoryError(f"advisories directory {directory} does not exist")
        self.by_name: dict[str, list[dict]] = {}
        self.unreadable: list[str] = []
        for path in sorted(directory.rglob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError):
                self.unreadable.append(path.name)
                continue
            for entry in data if isinstance(data, list) else [data]:
                self._index(entry)

    def _index(self, entry: Any) -> None:
        if not isinstance(entry, dict):
            return
        names = {
            canonicalize_name(str((a.get("package") or {}).get("name", "")))
            for a in entry.get("affected") or []
            if isinstance(a, dict)
        }
        for name in names - {""}:
            self.by_name.setdefault(name, []).append(entry)

    def lookup(self, pins: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[Advisory]]:
        found: dict[tuple[str, str], list[Advisory]] = {}
        for name, version in pins:
            hits = [match(e, name, version) for e in self.by_name.get(canonicalize_name(name), [])]
            found[(name, version)] = [h for h in hits if h is not None]
        return found
