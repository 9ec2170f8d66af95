"""REQ007 runtime-pip-install: packages installed while the code runs, without versions."""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors

from __future__ import annotations

import re
from typing import Iterable

import libcst as cst

from handoff.checks.base import CodeFacts, Gate, Report
from handoff.checks.req.pip_commands import PipInstall, parse_pip_install
from handoff.checks.support import SHELL_CALLS, OncePerLineCheck, argument, call_name, command_texts
from handoff.sources import FileKind, Source, TextOrigin

# `!pip install x`, `%pip install x`, `!{sys.executable} -m pip install x`, and the lines of
# a shell cell.
_SHELL_CELL = re.compile(r"^\s*%%(?:bash|sh|script\s+\S*sh)\b")


def _message(install: PipInstall, how: str) -> str:
    names = ", ".join(f"`{n}`" for n in install.unpinned[:4])
    more = f" and {len(install.unpinned) - 4} more" if len(install.unpinned) > 4 else ""
    return (
        f"{how} installs {names}{more} without a pinned version while the code runs, so every"
        " run may get a different version: declare them, pinned, in the project's"
        " requirements and drop the install (see `handoff explain REQ007`)"
    )


class RuntimePipInstall(OncePerLineCheck):
    """REQ007: a notebook's `!pip install` / `%pip install` line, and a `subprocess` or
    `os.system` call running pip, that installs a requirement not pinned with `==`; one
    finding per command line. `pip install -r file` and `-e .` are left to REQ002."""

    code = "REQ007"
    text_gate = Gate({"pip"})
    text_kinds = frozenset({FileKind.NOTEBOOK})

    @classmethod
    def may_find_in(cls, source: Source, facts: CodeFacts) -> bool:
        """In code it needs a shell call given `pip` in a literal (a command's text is its
        literals, with `{}` for the rest)."""
        return any("pip" in s for s in facts.strings) and facts.may_call(SHELL_CALLS)

    def visit_Call(self, node: cst.Call) -> None:
        if call_name(node, self.context.imports) not in SHELL_CALLS:
            return
        command = argument(node, 0, "args")
        if command is None:
            return
        text = " ".join(command_texts(command.value))
        for install in parse_pip_install(text):
            if install.unpinned:
                self.found(node, _message(install, "this call"))
                return

    def check_text(self, source: Source) -> Iterable[Report]:
        shell_cell: int | None = None
        for line in source.lines:
            if line.origin is not TextOrigin.MAGIC:
                continue
            if line.line == 1:
                shell_cell = line.cell if _SHELL_CELL.match(line.text) else None
            text = line.text.strip()
            if line.cell != shell_cell and not text.startswith(("!", "%")):
                continue
            for install in parse_pip_install(text.lstrip("!%")):
                if install.unpinned:
                    yield Report.at(line, _message(install, "this notebook line"))
                    break
