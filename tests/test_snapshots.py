"""The findings on every corpus and on the bundled example stay as recorded in
tests/data/snapshots (regenerate with `python tests/snapshots.py NAME` after a deliberate
change, and say why in the commit)."""

from __future__ import annotations

import json

import pytest
from snapshots import TARGETS, report, snapshot_path


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_findings_match_the_snapshot(name):
    expected = json.loads(snapshot_path(name).read_text(encoding="utf-8"))
    actual = report(TARGETS[name])
    missing = [row for row in expected if row not in actual]
    extra = [row for row in actual if row not in expected]
    assert not missing and not extra, f"missing: {missing[:5]}\nextra: {extra[:5]}"
