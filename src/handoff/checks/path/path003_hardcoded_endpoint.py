"""PATH003 hardcoded-endpoint: a service address that resolves on one machine or network only."""

from __future__ import annotations

from handoff.checks.path.locations import ENDPOINT
from handoff.checks.path.rule import PathRule


class HardcodedEndpoint(PathRule):  # pylint: disable=too-many-ancestors
    """PATH003 hardcoded-endpoint in code and text (see `rule.PathRule`)."""

    code = ENDPOINT
