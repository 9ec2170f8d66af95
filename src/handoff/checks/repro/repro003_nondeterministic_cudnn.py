"""REPRO003 nondeterministic-cudnn: cuDNN's autotuner switched on in a training entry point
with no way to ask for deterministic runs."""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors,too-many-public-methods

from __future__ import annotations

import libcst as cst

from handoff.checks.base import Gate, NodeCheck
from handoff.checks.repro.training import TrainingScript


class NondeterministicCudnn(NodeCheck):
    """REPRO003: `cudnn.benchmark = True` / `cudnn.deterministic = False` in a training entry
    point with no determinism control (a `--deterministic` flag guarding it, or
    `torch.use_deterministic_algorithms(True)`)."""

    code = "REPRO003"
    text_gate = Gate({"cudnn"})
    one_per_line = True
    analyses = (TrainingScript,)

    def leave_Module(self, original_node: cst.Module) -> None:
        script = self.context.analysis(TrainingScript)
        if script.deterministic_algorithms or script.entry_step() is None:
            return
        for switch in script.switches:
            if switch.controlled:
                continue
            self.report(
                switch.node,
                f"`cudnn.{switch.setting}` picks convolution algorithms by timing, so a seeded"
                " run still differs from the last; put it behind a `--deterministic` option"
                " (off: `cudnn.benchmark = False`, `cudnn.deterministic = True`,"
                " `torch.use_deterministic_algorithms(True)`) (see `handoff explain REPRO003`)",
            )
