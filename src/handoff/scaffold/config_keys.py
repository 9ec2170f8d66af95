"""Deciding the config keys `--from` writes and the names secrets are read under: author-named
values with the same name are one key, made-up names merge only with the same value, clashes
get `_2`, `_3`; environment variables follow the generated package's scheme."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handoff.checks.path.endpoints import classify_endpoint
from handoff.checks.path.locations import ENDPOINT, TMP, classify_path
from handoff.findings import Finding
from handoff.scaffold.code_survey import BatchSize
from handoff.scaffold.context import MAX_BATCH_SIZE, env_var
from handoff.scaffold.key_names import (
    Naming,
    is_generic,
    key_name,
    secret_key,
    value_naming,
    words_of,
)
from handoff.scaffold.migration_types import (
    BATCH_SIZE_KEY,
    DEVICE_KEY,
    ENDPOINTS,
    SECTION_ORDER,
    ConfigKey,
    Place,
)
from handoff.scaffold.repo_values import Value

_MASKED = re.compile(r"\(([^()\s]*…[^()\s]*)\)")


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


class KeyPlanner:
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

    def add_value(self, finding: Finding, section: str, value: Value, place: Place) -> None:
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
        """The inference batch size when the code names one; else the first (training) one,
        described but not carried: training batches are sized for gradient statistics and
        the backward pass's memory, not for serving latency, so the package keeps its
        tested default until the benchmark says otherwise."""
        chosen = next((b for b in self.batch_sizes if b.for_inference), self.batch_sizes[0])
        side = "inference" if chosen.for_inference else "training"
        return ConfigKey(
            BATCH_SIZE_KEY,
            env_var(self.package, BATCH_SIZE_KEY),
            chosen.value,
            f"batch sizes written into the code; {chosen.value} is the {side} one, from"
            f" {chosen.origin}",
            tuple(dict.fromkeys(b.place for b in self.batch_sizes)),
            carried=chosen.for_inference and 1 <= chosen.value <= MAX_BATCH_SIZE,
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


class SecretNames:
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
