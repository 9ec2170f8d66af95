"""REPRO002 unseeded-training: a training entry point that seeds none of its generators."""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors,too-many-public-methods

from __future__ import annotations

import libcst as cst

from handoff.checks.base import CodeFacts, NodeCheck
from handoff.checks.repro.training import TRAINING_GATE, TrainingScript, may_train_in
from handoff.sources import Source


class UnseededTraining(NodeCheck):
    """REPRO002: once per training entry point, at its `__main__` guard or first step."""

    code = "REPRO002"
    text_gate = TRAINING_GATE
    analyses = (TrainingScript,)

    @classmethod
    def may_find_in(cls, source: Source, facts: CodeFacts) -> bool:
        return may_train_in(facts)

    def leave_Module(self, original_node: cst.Module) -> None:
        script = self.context.analysis(TrainingScript)
        where = script.entry_step()
        if where is None or script.seeded():
            return
        used = ", ".join(script.generators()) or "random, numpy, torch"
        self.report(
            where,
            f"this training entry point seeds none of the generators it uses ({used}), so two"
            " runs train different models and no result can be reproduced; seed them once at"
            " start-up from config (`transformers.set_seed(cfg.seed)`,"
            " `lightning.seed_everything(cfg.seed)`, or `random.seed`, `np.random.seed` and"
            " `torch.manual_seed`) (see `handoff explain REPRO002`)",
        )
