"""REQ008 vulnerable-dependency: a pinned version with a known vulnerability (`--audit`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from handoff.checks.base import RepoContext, Report
from handoff.checks.req.advisories import Advisory, AdvisoryError, LocalAdvisories
from handoff.checks.req.project import ProjectCheck, project_of
from handoff.findings import Severity

# A finding needs a place: (path, line, column, end_column) of the pin.
Place = tuple[str, int, int, int | None]


class VulnerableDependency(ProjectCheck):
    """REQ008: runs only when asked: option `audit` (`handoff check --audit`) queries
    pip-audit's service (OSV by default, option `service`/`service-url`); option
    `advisories` (`--advisories DIR`) reads local OSV JSON files and uses no network at all.
    Otherwise it does nothing, and handoff opens no connection."""

    code = "REQ008"

    @classmethod
    def reads_outside(cls, options: dict[str, Any]) -> bool:
        return bool(options.get("audit") or options.get("advisories"))

    def check(self, repo: RepoContext) -> Iterable[Report]:
        directory = self.options.get("advisories") or ""
        if not (self.options.get("audit") or directory):
            return
        places = _pinned_places(repo)
        if not places:
            return
        pins = sorted(places)
        try:
            found = self._lookup(repo.root, directory, pins)
        except _Unavailable as exc:
            yield Report(
                f"the dependency audit could not run: {exc}; the other findings stand, but"
                " no pin was checked for known vulnerabilities (check the network, or use"
                " `--advisories DIR` with a local copy of the OSV database)",
                path=".",
                severity=Severity.HIGH,
            )
            return
        for pin in pins:
            for advisory in sorted(found.get(pin, []), key=lambda a: a.id):
                for place in places[pin]:
                    yield _report(pin, advisory, place)

    def _lookup(self, root: Path, directory: str, pins) -> dict[Any, list[Advisory]]:
        if directory:
            try:
                return LocalAdvisories(root / Path(directory).expanduser()).lookup(pins)
            except AdvisoryError as exc:
                raise _Unavailable(str(exc)) from None
        # pylint: disable-next=import-outside-toplevel  # network code only when auditing
        from handoff.integrations.pip_audit import AuditUnavailable, make_service, query

        try:
            service = make_service(
                self.options.get("service", "osv"), self.options.get("service-url") or None
            )
            return query(pins, service)
        except AuditUnavailable as exc:
            raise _Unavailable(f"the vulnerability service did not answer ({exc})") from None


class _Unavailable(Exception):
    pass


def _pinned_places(repo: RepoContext) -> dict[tuple[str, str], list[Place]]:
    """name==version -> every manifest line and lock entry that pins it."""
    project = project_of(repo)
    places: dict[tuple[str, str], list[Place]] = {}
    seen: set[Place] = set()
    for manifest in project.declaring:
        for requirement in manifest.own_requirements:
            version = requirement.version
            if (
                requirement.name is None
                or version is None
                or not project.reported(requirement.path)
            ):
                continue
            place = (requirement.path, requirement.line, requirement.column, requirement.end_column)
            if place not in seen:
                seen.add(place)
                places.setdefault((requirement.name, version.split("+")[0]), []).append(place)
    for lock in project.locks:
        if any(m.path == lock.path for m in project.manifests):
            continue  # a compiled requirements file: its lines are in already
        if not project.reported(lock.path):
            continue
        for package in lock.packages:
            if package.version is None or package.line is None:
                continue
            place = (lock.path, package.line, 1, None)
            if place not in seen:
                seen.add(place)
                places.setdefault((package.name, package.version), []).append(place)
    return places


def _report(pin: tuple[str, str], advisory: Advisory, place: Place) -> Report:
    name, version = pin
    aliases = ", ".join(advisory.aliases)
    ident = f"{advisory.id} ({aliases})" if aliases else advisory.id
    fixed = (
        f"upgrade to {' or '.join(advisory.fixed)} or later"
        if advisory.fixed
        else "no fixed release yet: replace it or accept the risk in the baseline"
    )
    affected = f" (affected: {advisory.affected})" if advisory.affected else ""
    summary = f": {advisory.summary}" if advisory.summary else ""
    path, line, column, end_column = place
    return Report(
        f"`{name}=={version}` has a known vulnerability, {ident}{summary}{affected}; {fixed}"
        " (see `handoff explain REQ008`)",
        line=line,
        column=column,
        end_line=line if end_column else None,
        end_column=end_column,
        path=path,
        severity=advisory.severity or Severity.HIGH,  # unknown: high, never critical
    )
