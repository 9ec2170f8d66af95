"""PATH004 tmp-path: a fixed scratch path under /tmp (or the Windows temp folder)."""

from __future__ import annotations

from handoff.checks.path.locations import TMP
from handoff.checks.path.rule import PathRule


class TmpPath(PathRule):  # pylint: disable=too-many-ancestors
    """PATH004 tmp-path in code and text (see `rule.PathRule`)."""

    code = TMP
