"""Every catalog example is a test: each bad example yields that rule's finding, each good
example yields none (Fixit's VALID/INVALID style)."""

from __future__ import annotations

import pytest

from handoff.catalog import Example, load_catalog

CATALOG = load_catalog()
BAD = [
    pytest.param(rule, example, id=f"{rule.code}-bad-{i}")
    for rule in CATALOG.rules
    for i, example in enumerate(rule.bad)
]
GOOD = [
    pytest.param(rule, example, id=f"{rule.code}-good-{i}")
    for rule in CATALOG.rules
    for i, example in enumerate(rule.good)
]


def test_every_rule_has_examples():
    for rule in CATALOG.rules:
        assert rule.bad, f"{rule.code} has no bad example"
        assert rule.good, f"{rule.code} has no good example"


def files_of(example: Example) -> dict[str, str]:
    """The example's file, and its handoff.toml when it runs under a configuration."""
    config = {"handoff.toml": example.config} if example.config else {}
    return {example.filename: example.code, **config}


@pytest.mark.parametrize("rule,example", BAD)
def test_bad_example_is_flagged(checker, rule, example):
    result = checker(files_of(example))
    codes = [f.rule for f in result.findings]
    assert rule.code in codes, f"{rule.code} missed its bad example:\n{example.code}"
    assert not result.errors


@pytest.mark.parametrize("rule,example", GOOD)
def test_good_example_is_clean(checker, rule, example):
    result = checker(files_of(example))
    hits = [f for f in result.findings if f.rule == rule.code]
    assert not hits, f"{rule.code} flagged its good example: {hits}"
    assert not result.errors
