"""PATH002 working-directory-change: os.chdir, sys.path, PYTHONPATH, `%cd`, `cd` and
drive.mount() towards a machine-specific location."""

from __future__ import annotations

from handoff.checks.path.locations import WORKDIR
from handoff.checks.path.rule import PathRule


class WorkingDirectoryChange(PathRule):  # pylint: disable=too-many-ancestors
    """PATH002 working-directory-change in code and text (see `rule.PathRule`)."""

    code = WORKDIR
