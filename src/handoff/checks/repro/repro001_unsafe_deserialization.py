"""REPRO001 unsafe-deserialization: a checkpoint or cache opened with pickle, which runs any
code the file carries."""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors,too-many-public-methods

from __future__ import annotations

import libcst as cst

from handoff.checks.base import CodeFacts, Gate
from handoff.checks.support import OncePerLineCheck, call_name, keyword
from handoff.sources import Source

_HINT = "(see `handoff explain REPRO001`)"
# Loaders that unpickle whatever they are given, and bandit's test for each.
_PICKLE_LOADERS = {
    "pickle.load": "B301",
    "pickle.loads": "B301",
    "pickle.Unpickler": "B301",
    "cPickle.load": "B301",
    "cPickle.loads": "B301",
    "_pickle.load": "B301",
    "_pickle.loads": "B301",
    "dill.load": "B301",
    "dill.loads": "B301",
    "dill.Unpickler": "B301",
    "cloudpickle.load": "B301",
    "cloudpickle.loads": "B301",
    "pandas.read_pickle": "B301",
    "pd.read_pickle": "B301",
    "joblib.load": None,
    "sklearn.externals.joblib.load": None,
}
_TORCH_LOADERS = ("torch.load", "torch.serialization.load")
_NUMPY_LOADERS = ("numpy.load", "np.load")
_LOADERS = frozenset({*_TORCH_LOADERS, *_NUMPY_LOADERS, *_PICKLE_LOADERS})


def _is(node: cst.BaseExpression | None, value: str) -> bool:
    return isinstance(node, cst.Name) and node.value == value


class UnsafeDeserialization(OncePerLineCheck):
    """REPRO001: `torch.load` without `weights_only=True`, pickle, dill, joblib,
    `np.load(allow_pickle=True)`, `pd.read_pickle`."""

    code = "REPRO001"
    # every loader here is a `load`/`loads` or an Unpickler, or `read_pickle`
    text_gate = Gate({"load", "unpickler", "read_pickle"})

    @classmethod
    def may_find_in(cls, source: Source, facts: CodeFacts) -> bool:
        return facts.may_call(_LOADERS)

    def visit_Call(self, node: cst.Call) -> None:
        qualified = call_name(node, self.imports) or ""
        if qualified in _TORCH_LOADERS:
            only = keyword(node, "weights_only")
            if only is None or _is(only.value, "False"):
                self.found(
                    node,
                    "`torch.load` without `weights_only=True` unpickles the checkpoint, which runs"
                    " any code the file carries (bandit B614); pass `weights_only=True`, or save"
                    f" and load the weights as safetensors {_HINT}",
                )
        elif qualified in _PICKLE_LOADERS:
            test = _PICKLE_LOADERS[qualified]
            bandit = f" (bandit {test})" if test else ""
            name = qualified.replace("pandas.", "pd.")
            self.found(
                node,
                f"`{name}` unpickles its input, which runs any code the data carries{bandit};"
                " store weights as safetensors and data as JSON, Parquet or NumPy arrays, or"
                f" load only files the project wrote and checksummed {_HINT}",
            )
        elif qualified in _NUMPY_LOADERS:
            allow = keyword(node, "allow_pickle")
            if allow is not None and _is(allow.value, "True"):
                self.found(
                    node,
                    "`np.load(..., allow_pickle=True)` unpickles object arrays, which runs any"
                    " code the file carries; save plain arrays and load them with"
                    f" `allow_pickle=False` {_HINT}",
                )
