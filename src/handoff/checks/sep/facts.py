"""Facts SEP records about each file for its repo-level rules (SEP002's imports of repo
modules that train, SEP003's entry points), recorded once whichever SEP check runs."""

from __future__ import annotations

import sys

import libcst as cst

from handoff.checks.base import FileContext, RepoCheck
from handoff.checks.sep.libraries import training_import
from handoff.checks.sep.roles import (
    ModuleRoles,
    is_notebook,
    is_test_or_evaluation,
    named_for_inference,
    position_of,
)

TRAINS = "sep.trains"  # value: the first training step, "xgb.train()"
SERVES = "sep.serves"  # value: True: a standalone inference entry point
IMPORTS = "sep.imports"  # value: [modules, names, line, column, cell] of an inference module
TRAINING_IMPORTS = "sep.training_imports"  # value: [why, line, column, cell]


class RecordedFactsCheck(RepoCheck):  # pylint: disable=abstract-method  # a base
    """A SEP rule judged on the list of files and the facts each records, never on a file's
    bytes: its cached findings stand while those are unchanged."""

    @classmethod
    def depends_on(cls, relpath: str) -> bool:
        return False


def is_inference_module(context: FileContext, roles: ModuleRoles) -> bool:
    """An inference module: named so, or defining routes or entry points; never a module
    that trains (SEP001 covers it), a test or an evaluation script."""
    relpath = context.source.relpath
    if roles.trains or is_test_or_evaluation(relpath):
        return False
    return named_for_inference(relpath) or roles.serves


class RecordedRoles(ModuleRoles):  # pylint: disable=too-many-ancestors
    """`ModuleRoles` that also records, at the end of the file, the facts the repo-level SEP
    rules read; every SEP rule names this analysis, so it runs once per file whichever SEP
    rule is on."""

    def leave_Module(self, original_node: cst.Module) -> None:
        super().leave_Module(original_node)
        _record(self.context, self, original_node)


def _record(context: FileContext, roles: ModuleRoles, module: cst.Module) -> None:
    if roles.trains:
        context.record(TRAINS, roles.training_steps[0][1])
    if is_inference_module(context, roles) and not is_notebook(context):
        context.record(SERVES, True)
    if is_inference_module(context, roles):
        for statement in roles.imports:
            line, column, cell = position_of(module, statement.node, context)
            why = training_import(statement)
            if why is not None:  # a training library or a module named for training
                context.record(TRAINING_IMPORTS, [why, line, column, cell])
                continue
            modules = [m for m in statement.modules if m.split(".")[0] not in _STDLIB]
            if modules:
                context.record(IMPORTS, [modules, statement.names, line, column, cell])


_STDLIB = frozenset(sys.stdlib_module_names)
