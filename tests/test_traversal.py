"""handoff's walk calls the same visit/leave methods as libcst's batched visit."""

import libcst as cst

from handoff.checks.base import BatchedVisitor
from handoff.traversal import walk

SOURCE = '''
import torch as T

@decorator(arg="x")
class Model(Base, metaclass=Meta):
    """Doc."""

    def forward(self, x: int = 3, *args, **kw) -> "T":
        y = x.cuda() if T.cuda.is_available() else x
        return {"a": [1, 2], **kw}[f"{y!r:>3}"]

for i, (a, b) in enumerate(pairs):
    with open("f") as f, lock:
        print(lambda z: z + 1, *a, sep="")
'''


class Recorder(BatchedVisitor):
    def __init__(self, log):
        super().__init__()
        self.log = log

    def on_any(self, kind, node):
        self.log.append((kind, type(node).__name__))


def recorder(log):
    names = {type(n).__name__ for n in _all_nodes(cst.parse_module(SOURCE))}
    methods = {}
    for name in names:
        methods[f"visit_{name}"] = lambda self, node: self.on_any("visit", node)
        methods[f"leave_{name}"] = lambda self, node: self.on_any("leave", node)
    return type("AllRecorder", (Recorder,), methods)(log)


def _all_nodes(module):
    found = []

    class Collect(cst.CSTVisitor):
        def on_visit(self, node):
            found.append(node)
            return True

    module.visit(Collect())
    return found


def test_same_calls_in_the_same_nesting_as_libcst():
    module = cst.parse_module(SOURCE)
    ours, theirs = [], []
    walk(module, [recorder(ours)])
    cst.MetadataWrapper(module, unsafe_skip_copy=True).visit_batched([recorder(theirs)])
    assert sorted(ours) == sorted(theirs)
    # Same nesting: every node's leave comes after its children, as libcst does.
    depth = 0
    for kind, _ in ours:
        depth += 1 if kind == "visit" else -1
        assert depth >= 0
    assert depth == 0


def test_deep_code_does_not_overflow_the_walk():
    module = cst.parse_module("x = " + " + ".join(["1"] * 3000) + "\n")
    seen = []
    walk(module, [recorder(seen)])
    assert len(seen) > 6000
