"""pip-audit's vulnerability services, behind one function: which known vulnerabilities a set
of pinned `name==version` pairs has.

`pip_audit._service` is pip-audit's private API (`OsvService`, `PyPIService`,
`ResolvedDependency`, `VulnerabilityResult`): it is used here only, so a change in it breaks one
module. It is imported when an audit runs, never otherwise: a check without `--audit` loads
no network code at all.
"""

from __future__ import annotations

from typing import Any, Iterable

from packaging.version import Version

from handoff.checks.req.advisories import Advisory

SERVICES = ("osv", "pypi")


class AuditUnavailable(Exception):
    """The vulnerability service could not be reached or answered with an error."""


def make_service(name: str = "osv", url: str | None = None, timeout: int = 15) -> Any:
    """A pip-audit `VulnerabilityService`: OSV (at `url`, a mirror, when given) or PyPI's JSON
    API."""
    # pylint: disable-next=import-outside-toplevel  # network code only when auditing
    from pip_audit._service import OsvService, PyPIService

    if name == "pypi":
        return PyPIService(timeout=timeout)
    if url:
        return OsvService(timeout=timeout, osv_url=url)
    return OsvService(timeout=timeout)


def query(pins: Iterable[tuple[str, str]], service: Any) -> dict[tuple[str, str], list[Advisory]]:
    """Each pin's advisories from `service` (anything with pip-audit's `query(Dependency)`).
    Raises `AuditUnavailable` when the service cannot answer."""
    # pylint: disable-next=import-outside-toplevel
    from pip_audit._service import ResolvedDependency, ServiceError

    found: dict[tuple[str, str], list[Advisory]] = {}
    for name, version in pins:
        # pylint: disable-next=unexpected-keyword-arg,no-value-for-parameter,missing-kwoa
        dependency = ResolvedDependency(name=name, version=Version(version))
        try:
            _, results = service.query(dependency)
        except (ServiceError, ConnectionError, OSError) as exc:
            raise AuditUnavailable(_reason(exc)) from None
        except Exception as exc:  # pylint: disable=broad-exception-caught  # requests' own
            if type(exc).__module__.startswith(("requests", "urllib3")):
                raise AuditUnavailable(_reason(exc)) from None
            raise
        found[(name, version)] = [_advisory(result) for result in results]
    return found


def _reason(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    text = str(exc) or type(exc).__name__
    if cause is not None and str(cause):
        text = f"{text} ({str(cause).splitlines()[0][:200]})"
    return text


def _advisory(result: Any) -> Advisory:
    fixed = tuple(str(v) for v in result.fix_versions)
    return Advisory(
        id=str(result.id),
        aliases=tuple(sorted(str(a) for a in result.aliases)),
        summary=str(result.description or "").split(". ", maxsplit=1)[0][:200],
        fixed=fixed,
        affected="",  # the service says this version is affected, not which others are
        severity=None,  # pip-audit's results carry none: the rule's default applies
    )
