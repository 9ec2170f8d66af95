"""Every catalog example is a test: each bad example yields that rule's finding, each good
example yields none (Fixit's VALID/INVALID style), through the same public helper plugin
authors use (`handoff.testing`)."""

from __future__ import annotations

import pytest

from handoff.catalog import load_catalog
from handoff.testing import example_cases, rules_without_examples, run_example


def test_every_rule_has_examples():
    assert rules_without_examples(load_catalog().rules) == []


@pytest.mark.parametrize("case", example_cases(catalog=load_catalog()))
def test_catalog_example(case, tmp_path):
    run_example(case, tmp_path)


def test_a_missed_example_fails_with_the_rule_and_the_code(tmp_path):
    """The helper really fails: a clean file offered as a bad example is reported as missed."""
    from handoff.catalog import Example  # pylint: disable=import-outside-toplevel
    from handoff.testing import ExampleCase  # pylint: disable=import-outside-toplevel

    rule = load_catalog().get("DEV001")
    case = ExampleCase(rule, Example("x = 1\n"), flagged=True)
    with pytest.raises(AssertionError, match="DEV001 missed its flagged example"):
        run_example(case, tmp_path)
    clean = ExampleCase(rule, Example('import torch\nd = torch.device("cuda:1")\n'), False)
    with pytest.raises(AssertionError, match="DEV001 flagged its clean example"):
        run_example(clean, tmp_path / "second")
