"""Cheap pre-filters in front of expensive patterns never turn away a line the patterns
would match."""

from pathlib import Path

from handoff.integrations.detect_secrets import _any_key, find_keys, key_gate

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_key_gate_holds_for_the_installed_plugins():
    """Fails when detect-secrets or handoff's own plugins change their patterns: check the
    gate's claim against the new patterns, then record their digest (`_GATED_PATTERNS`)."""
    assert key_gate() is not None


def test_every_line_a_key_pattern_matches_passes_the_gate():
    gate = key_gate()
    matched = 0
    for path in sorted(p for p in FIXTURES.rglob("*") if p.is_file()):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if _any_key().search(line):
                matched += 1
                assert gate.search(line), line
    assert matched > 50


def test_a_short_key_led_by_a_literal_is_still_found():
    token = "xoxb-123-abcdef"  # Slack: shorter than any run the gate looks for
    assert not _any_key().search(token.replace("xox", "zzz"))
    assert [k.value for k in find_keys(f"SLACK = '{token}'")] == [token]
