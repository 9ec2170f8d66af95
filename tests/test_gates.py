"""The checks' text gates (`text_gate`) only save work: they never change a finding.

A gate is a conservative test of a file's code before parsing; a check whose gate does not
match is not run on the file, and a file no check wants is not parsed by libcst. Two proofs:
every flagged catalog example passes its rule's gate, and every fixture corpus gives the same
findings with every gate forced open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handoff.api import check, full_catalog
from handoff.checks.base import BatchedVisitor, CodeFacts, Gate, NodeCheck
from handoff.checks.registry import all_checks
from handoff.parsing import python_tree
from handoff.sources import FileKind, load_source

HERE = Path(__file__).parent
CORPORA = {
    "example": HERE.parent / "examples" / "cifar-resnet",
    **{p.name: p for p in sorted((HERE / "fixtures").iterdir()) if p.is_dir()},
}
GATED = {
    c.code: c
    for c in all_checks()
    if issubclass(c, NodeCheck)
    and (
        c.text_gate is not None or c.may_find_in.__func__ is not BatchedVisitor.may_find_in.__func__
    )
}


def _visitors() -> list[type]:
    found, stack = [], [BatchedVisitor]
    while stack:
        visitor = stack.pop()
        found.append(visitor)
        stack.extend(visitor.__subclasses__())
    return found


def _defining(gate: str) -> list[type]:
    """The visitor classes with their own `gate` method: forcing each open opens them all."""
    return [visitor for visitor in _visitors() if gate in vars(visitor)]


def _python_examples():
    catalog = full_catalog()
    for code, check_class in sorted(GATED.items()):
        rule = catalog.get(code)
        for index, example in enumerate(rule.bad):
            # a notebook's magics are text, read by `check_text` whatever the gate says; the
            # catalog tests check notebooks through the engine, gates included
            if example.filename.endswith(".py"):
                yield pytest.param(check_class, example, id=f"{code}-bad-{index}")


def test_the_gated_rules_are_those_expected():
    # A rule left ungated costs time, not findings; this names the set so a change is seen.
    assert {code[:3] for code in GATED} >= {"DEV", "NET", "PAT", "REP", "REQ", "SEC", "SEP"}


@pytest.mark.parametrize("check_class, example", _python_examples())
def test_every_flagged_catalog_example_passes_its_rules_gate(check_class, example, tmp_path):
    path = tmp_path / example.filename
    path.write_text(example.code, encoding="utf-8")
    source = load_source(path, example.filename, path.read_bytes(), FileKind.PYTHON)
    assert check_class.may_find(source), example.code
    tree = python_tree(source.code)
    if tree is not None:  # otherwise no tree gate is asked: libcst reports the syntax error
        assert check_class.may_find_in(source, CodeFacts.of(tree)), example.code


def test_a_gate_matches_words_in_any_case_and_inside_identifiers(tmp_path):
    gate = Gate({"token"}, pattern=r"\.to\s*\(")
    path = tmp_path / "a.py"
    for code, expected in [
        ("hf_TOKEN = 1\n", True),
        ("apiToken = 1\n", True),
        ("x.to (1)\n", True),
        ("tolerance = 1\n", False),
    ]:
        path.write_text(code, encoding="utf-8")
        assert gate.matches(load_source(path, "a.py", code.encode(), FileKind.PYTHON)) is expected


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_gates_change_no_finding(name, tmp_path, monkeypatch):
    root = tmp_path / name
    shutil.copytree(CORPORA[name], root)
    gated = check([root], isolated=True, jobs=1)
    for gate in ("may_find", "may_find_in"):
        for visitor in _defining(gate):
            monkeypatch.setattr(visitor, gate, classmethod(lambda cls, *facts: True))
    ungated = check([root], isolated=True, jobs=1)
    assert gated.findings == ungated.findings
    assert gated.files == ungated.files
