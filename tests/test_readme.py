"""The README's rule table is generated from the catalog; this fails when it is stale.

Regenerate with: python tests/test_readme.py
"""

import re
import sys
from pathlib import Path

import yaml

from handoff.catalog import load_catalog
from handoff.explain import markdown_rule_table

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(<!-- rules:start -->\n)(.*?)(<!-- rules:end -->)", re.S)


def expected_readme() -> str:
    text = README.read_text(encoding="utf-8")
    return BLOCK.sub(lambda m: m.group(1) + markdown_rule_table(load_catalog()) + m.group(3), text)


def test_rule_table_is_current():
    text = README.read_text(encoding="utf-8")
    assert BLOCK.search(text), "README.md lacks the <!-- rules:start/end --> block"
    assert text == expected_readme(), "README rule table is stale: run python tests/test_readme.py"


def test_readme_setup_commands_match_ci():
    text = README.read_text(encoding="utf-8")
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci in text, "the README's test command and .ci/run differ"


def test_readme_local_hook_matches_the_shipped_hook():
    """The local-hook snippet passes pre-commit the same files, to the same command."""
    text = README.read_text(encoding="utf-8")
    snippet = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", text, re.S)
    assert snippet, "README.md lacks the .pre-commit-config.yaml snippet"
    (local,) = yaml.safe_load(snippet.group(1))["repos"][0]["hooks"]
    (shipped,) = yaml.safe_load((README.parent / ".pre-commit-hooks.yaml").read_text())
    for key in ("id", "entry", "types", "types_or", "files", "exclude", "require_serial"):
        assert local.get(key) == shipped.get(key), key


if __name__ == "__main__":
    README.write_text(expected_readme(), encoding="utf-8")
    sys.exit(0)
