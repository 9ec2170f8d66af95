"""handoff's walk calls the same visit/leave methods as libcst's batched visit."""

from pathlib import Path

import libcst as cst
import pytest

from handoff.checks.base import BatchedVisitor
from handoff.traversal import child_nodes, semantic_children, walk

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


# Every fifth corpus file: real research code of every shape, in a few seconds.
FIXTURES = sorted((Path(__file__).parent / "fixtures").rglob("*.py"))[::5]


def _parsed_fixtures():
    for path in FIXTURES:
        try:
            yield cst.parse_module(path.read_text(encoding="utf-8"))
        except (cst.ParserSyntaxError, UnicodeDecodeError):
            continue  # the corpora hold broken files on purpose


def _full_order(module):
    log = []
    names = {type(n).__name__ for n in _all_nodes(module)}
    methods = {f"visit_{name}": lambda self, node: self.on_any("visit", node) for name in names}
    walk(module, [type("Everything", (Recorder,), methods)(log)])
    return log


@pytest.mark.parametrize("subscribed", [("Comment",), ("SimpleString", "Call"), ("Name",)])
def test_a_sparse_subscription_sees_every_node_of_its_types_in_order(subscribed):
    """Skipping fields that cannot lead to a subscribed type loses nothing: a comment (only
    ever inside whitespace nodes) is still reached when someone asks for comments."""
    methods = {
        f"visit_{name}": lambda self, node: self.on_any("visit", node) for name in subscribed
    }
    sparse = type("Sparse", (Recorder,), methods)
    checked = 0
    for module in [cst.parse_module(SOURCE + "# a comment\n"), *_parsed_fixtures()]:
        seen = []
        walk(module, [sparse(seen)])
        expected = [entry for entry in _full_order(module) if entry[1] in subscribed]
        assert seen == expected
        checked += len(seen)
    assert checked > 100


def test_child_nodes_are_libcsts_children():
    for module in [cst.parse_module(SOURCE), *_parsed_fixtures()]:
        for node in _all_nodes(module):
            theirs = node.children
            assert sorted(map(id, child_nodes(node))) == sorted(map(id, theirs))
            semantic = [c for c in theirs if not _syntax(c)]
            assert sorted(map(id, semantic_children(node))) == sorted(map(id, semantic))


def _syntax(node):
    return type(node).__module__ in ("libcst._nodes.whitespace", "libcst._nodes.op") or type(
        node
    ).__name__ in {"LeftParen", "RightParen", "LeftSquareBracket", "RightSquareBracket"} | {
        "LeftCurlyBrace",
        "RightCurlyBrace",
    }
