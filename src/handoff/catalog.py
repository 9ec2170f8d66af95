"""The rule catalog: `rules/<family>.yaml`, one entry per rule.

The catalog is the single source of every rule's words: `handoff rules`, `handoff explain`,
the README's rule table and the SARIF rule help all render these entries.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from handoff.findings import Severity

CODE_RE = re.compile(r"^[A-Z]{2,5}\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class CatalogError(Exception):
    """The catalog itself is malformed: a packaging or authoring bug, not a user error."""


@dataclass(frozen=True)
class Example:
    """A code sample. `filename` says what kind of file it is (a notebook cell is `.py`);
    `config` is the handoff.toml the example runs under, when its rule depends on a setting
    (a file over `max-file-size` cannot be written out in YAML at the default limit)."""

    code: str
    filename: str = "example.py"
    config: str = ""
    # Other files of the example's project (a lock file, a second manifest, advisories):
    # (path, text) pairs, written next to the example.
    others: tuple[tuple[str, str], ...] = ()

    def label(self, title: str, quote: str = "") -> str:
        """`title`, with the file name and the configuration when they are not the default."""
        details = [] if self.filename == "example.py" else [f"{quote}{self.filename}{quote}"]
        if self.config:
            details.append(f"with {quote}{self.config.strip()}{quote}")
        return f"{title} ({', '.join(details)})" if details else title


@dataclass(frozen=True)
class Rule:
    """One catalog entry."""

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    fix: str
    family: str
    bad: tuple[Example, ...] = ()
    good: tuple[Example, ...] = ()
    options: dict = field(default_factory=dict, compare=False, hash=False)
    references: tuple[str, ...] = ()
    remedy: str = ""  # how to fix, in full (`fix` is the one line a finding carries)
    supersedes: tuple[str, ...] = ()  # rules whose findings on a line this rule's replace
    # `default: off` in the catalog: a rule that runs only when named in `select` or
    # `extend-select` (by code, name or prefix), never through `ALL` (a slow external tool).
    on_by_default: bool = True

    @property
    def how_to_fix(self) -> str:
        return self.remedy or self.fix


@dataclass(frozen=True)
class Family:
    """A rule family: the code prefix and what the family is about."""

    prefix: str
    title: str
    description: str


def catalog_dir() -> Path:
    """Where the YAML files live: inside the installed wheel, or `rules/` of a source tree."""
    packaged = resources.files("handoff") / "_catalog"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


def _examples(raw: object, where: str) -> tuple[Example, ...]:
    out = []
    for item in raw or []:
        if isinstance(item, str):
            out.append(Example(code=item))
        elif (
            isinstance(item, dict)
            and isinstance(item.get("code"), str)
            and isinstance(item.get("config", ""), str)
            and isinstance(item.get("others", {}), dict)
            and all(isinstance(v, str) for v in (item.get("others") or {}).values())
        ):
            filename = item.get("file", "example.py")
            others = tuple((str(k), v) for k, v in (item.get("others") or {}).items())
            out.append(Example(item["code"], filename, item.get("config", ""), others))
        else:
            raise CatalogError(
                f"{where}: an example is a string or a mapping with 'code'"
                " (and optionally 'file', a 'config' string and 'others', a mapping of"
                " other file paths to their text)"
            )
    return tuple(out)


_REQUIRED = ("code", "name", "severity", "summary", "rationale", "fix")


def _rule(entry: dict, family: str, where: str) -> Rule:
    missing = [key for key in _REQUIRED if not entry.get(key)]
    if missing:
        raise CatalogError(f"{where}: rule entry lacks {', '.join(missing)}")
    code, name = entry["code"], entry["name"]
    if not CODE_RE.match(code) or not code.startswith(family):
        raise CatalogError(f"{where}: bad rule code {code!r} for family {family}")
    if not NAME_RE.match(name):
        raise CatalogError(f"{where}: rule name {name!r} is not kebab-case")
    examples = entry.get("examples") or {}
    return Rule(
        code=code,
        name=name,
        severity=Severity.parse(entry["severity"]),
        summary=entry["summary"].strip(),
        rationale=entry["rationale"].strip(),
        fix=entry["fix"].strip(),
        family=family,
        bad=_examples(examples.get("bad"), f"{where} {code} bad"),
        good=_examples(examples.get("good"), f"{where} {code} good"),
        options=dict(entry.get("options") or {}),
        references=tuple(entry.get("references") or ()),
        remedy=(entry.get("remedy") or "").strip(),
        supersedes=_codes(entry.get("supersedes"), f"{where} {code} supersedes"),
        on_by_default=_default(entry.get("default", True), f"{where} {code}"),
    )


def _default(raw: object, where: str) -> bool:
    """`default: on|off`; YAML reads a bare on/off as a boolean, a quoted one as a string."""
    if isinstance(raw, bool):
        return raw
    if raw in ("on", "off"):
        return raw == "on"
    raise CatalogError(f"{where}: 'default' is on or off")


def _codes(raw: object, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(c, str) and CODE_RE.match(c) for c in raw):
        raise CatalogError(f"{where}: a list of rule codes")
    return tuple(raw)


@dataclass(frozen=True)
class Catalog:
    """All rules and families."""

    families: tuple[Family, ...]
    rules: tuple[Rule, ...]

    def get(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip()
        for rule in self.rules:
            if key.upper() == rule.code or key.lower() == rule.name:
                return rule
        return None

    def family(self, prefix: str) -> Family | None:
        return next((f for f in self.families if f.prefix == prefix), None)

    def supersedes(self, enabled: set[str] | frozenset[str]) -> dict[str, frozenset[str]]:
        """Enabled rule -> the enabled rules it supersedes, directly or through others: the
        declarations form an order (SEC003 > SEC002 > SEC001), which holds even when a rule
        between two enabled ones is off. Only enabled rules report, so only they supersede."""
        direct = {r.code: set(r.supersedes) for r in self.rules}
        closed: dict[str, frozenset[str]] = {}
        for code in direct.keys() & enabled:
            seen: set[str] = set()
            stack = list(direct[code])
            while stack:
                other = stack.pop()
                if other not in seen and other != code:
                    seen.add(other)
                    stack.extend(direct.get(other, ()))
            if seen & enabled:
                closed[code] = frozenset(seen & enabled)
        return closed

    def with_rules(self, extra: list[Rule]) -> Catalog:
        known = {r.code for r in self.rules}
        return Catalog(self.families, self.rules + tuple(r for r in extra if r.code not in known))


# libyaml's safe loader when PyYAML has it: the same documents, read ten times faster, on
# every run (a warm run of an unchanged repo is mostly starting up).


def _safe_load(text: str):
    """PyYAML's safe loader, its C build where installed (ten times faster)."""
    if hasattr(yaml, "CSafeLoader"):
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)


def load_catalog_from(directory: Path) -> Catalog:
    families: list[Family] = []
    rules: list[Rule] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = _safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise CatalogError(f"{path.name}: {exc}") from None
        prefix = data.get("family")
        if not prefix:
            raise CatalogError(f"{path.name}: missing 'family'")
        families.append(Family(prefix, data.get("title", prefix), data.get("description", "")))
        rules.extend(_rule(e, prefix, path.name) for e in data.get("rules") or [])
    codes = {rule.code for rule in rules}
    for rule in rules:
        unknown = [c for c in rule.supersedes if c not in codes]
        if unknown:
            raise CatalogError(f"{rule.code} supersedes unknown rule {unknown[0]}")
    seen: set[str] = set()
    for rule in rules:
        for key in (rule.code, rule.name):
            if key in seen:
                raise CatalogError(f"duplicate rule code or name {key!r}")
            seen.add(key)
    return Catalog(tuple(families), tuple(sorted(rules, key=lambda r: r.code)))


@functools.lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    return load_catalog_from(catalog_dir())
