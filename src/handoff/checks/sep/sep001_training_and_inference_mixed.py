"""SEP001 training-and-inference-mixed: one module both trains a model and serves its
predictions to users."""

# libcst visitors inherit seven classes.
# pylint: disable=too-many-ancestors

from __future__ import annotations

import libcst as cst

from handoff.checks.base import CodeFacts, NodeCheck
from handoff.checks.sep.facts import RecordedRoles
from handoff.checks.sep.roles import TRAINING_GATE, line_of, may_train_in
from handoff.sources import Source


class TrainingAndInferenceMixed(NodeCheck):
    """SEP001: once per module, at its first inference entry point, naming the first
    training step."""

    code = "SEP001"
    analyses = (RecordedRoles,)
    text_gate = TRAINING_GATE  # it needs a training step

    @classmethod
    def may_find_in(cls, source: Source, facts: CodeFacts) -> bool:
        return may_train_in(facts)

    def leave_Module(self, original_node: cst.Module) -> None:
        roles = self.context.analysis(RecordedRoles)
        if not (roles.trains and roles.entry_points):
            return
        entry = roles.entry_points[0]
        step_node, step = roles.training_steps[0]
        where = line_of(original_node, step_node, self.context)
        self.report(
            entry.node,
            f"{entry.label} serves predictions from a module that also trains ({step} at"
            f" {where}); move inference into its own module (see `handoff explain SEP001`,"
            " or generate one with `handoff scaffold`)",
        )
