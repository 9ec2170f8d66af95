"""Catalog examples as pytest cases, for built-in rules and plugins alike.

Every rule's catalog entry carries examples the rule must flag (`bad`) and must leave alone
(`good`); this module turns them into tests, Fixit's VALID/INVALID style. A plugin's tests need
three lines:

    from handoff.testing import example_cases, run_example

    @pytest.mark.parametrize("case", example_cases("ACME"))
    def test_catalog_examples(case, tmp_path):
        run_example(case, tmp_path)

Each example is written to a real file in `tmp_path` (with its `handoff.toml` when it carries a
configuration) and checked through the public API with the default rules and the example's own
rule enabled (a rule off by default is selected for its examples), as a user would run it.
Requires pytest (the `test` extra).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pytest

from handoff.api import Overrides, check, full_catalog
from handoff.catalog import Catalog, Example, Rule
from handoff.config import rules_matching
from handoff.results import Result


@dataclass(frozen=True)
class ExampleCase:
    """One catalog example of one rule, and whether the rule must flag it."""

    rule: Rule
    example: Example
    flagged: bool

    @property
    def name(self) -> str:
        return f"{self.rule.code}-{'bad' if self.flagged else 'good'}"


def example_cases(*selectors: str, catalog: Catalog | None = None) -> list:
    """`pytest.param`s of every example of the rules the selectors pick (codes, prefixes or
    names, as in `select`; none: every rule, plugins' included), with readable ids."""
    catalog = catalog or full_catalog()
    codes = set().union(*(rules_matching(s, catalog) for s in selectors or ("ALL",)))
    params = []
    for rule in (r for r in catalog.rules if r.code in codes):
        for flagged, examples in ((True, rule.bad), (False, rule.good)):
            for index, example in enumerate(examples):
                case = ExampleCase(rule, example, flagged)
                params.append(pytest.param(case, id=f"{case.name}-{index}"))
    return params


def rules_without_examples(rules: Iterable[Rule]) -> list[str]:
    """Codes of rules missing a flagged or a clean example: every rule needs both."""
    return [rule.code for rule in rules if not (rule.bad and rule.good)]


def check_example(example: Example, directory: Path, enable: tuple[str, ...] = ()) -> Result:
    """Write the example (and its configuration) into `directory` and check it, with the
    rules in `enable` selected on top of the configuration."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / ".git").mkdir(exist_ok=True)  # the project root: no config above applies
    path = directory / example.filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(example.code, encoding="utf-8")
    for other, text in example.others:
        (directory / other).parent.mkdir(parents=True, exist_ok=True)
        (directory / other).write_text(text, encoding="utf-8")
    if example.config:
        (directory / "handoff.toml").write_text(example.config, encoding="utf-8")
    overrides = Overrides(extend_select=enable)
    return check([directory], isolated=not example.config, overrides=overrides, jobs=1)


def run_example(case: ExampleCase, directory: Path) -> None:
    """Assert the case: a bad example yields its rule's finding, a good one none of it; no
    example may crash a check."""
    result = check_example(case.example, directory, enable=(case.rule.code,))
    assert not result.errors, f"{case.rule.code}: a check crashed:\n" + "\n".join(result.errors)
    hits = [f for f in result.findings if f.rule == case.rule.code]
    label = case.example.label("flagged example" if case.flagged else "clean example")
    if case.flagged:
        assert hits, f"{case.rule.code} missed its {label}:\n{case.example.code}"
    else:
        shown = "\n".join(f"  {f.display_location}: {f.message}" for f in hits)
        assert not hits, f"{case.rule.code} flagged its {label}:\n{shown}"
