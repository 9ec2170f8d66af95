"""PATH001 machine-specific-path: a path that exists on one machine only (a home directory, a
cluster mount, a Colab or Kaggle folder), in code, magics, scripts, configs and manifests."""

from __future__ import annotations

from handoff.checks.path.locations import MACHINE
from handoff.checks.path.rule import PathRule


class MachineSpecificPath(PathRule):  # pylint: disable=too-many-ancestors
    """PATH001 machine-specific-path in code and text (see `rule.PathRule`)."""

    code = MACHINE
