"""handoff holds itself to what it asks of others: formatted, pylint-quiet, and clean under
its own `handoff check src`."""

import subprocess
import sys
from pathlib import Path

import black
import isort

from handoff.api import Overrides, check

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "handoff"
PYTHON_FILES = sorted(
    [*PACKAGE.rglob("*.py"), *(ROOT / "tests").glob("*.py"), *(ROOT / "benchmarks").glob("*.py")]
)


def test_handoff_checks_its_own_source_clean():
    result = check([ROOT / "src"], jobs=1)
    assert [f.display_location + " " + f.rule for f in result.findings] == []
    assert not result.errors


def test_handoff_passes_its_own_quality_gates():
    """QUAL with handoff's own black, isort and bandit configuration. QUAL003 (pylint's errors)
    is left to test_pylint_is_quiet_on_the_package, which asks more of pylint (every message,
    not only E and F) at the same cost; running both would double a minute of pylint."""
    overrides = Overrides(extend_select=("QUAL001", "QUAL002", "QUAL004"))
    result = check([ROOT / "src"], overrides=overrides)
    assert {"QUAL001", "QUAL002", "QUAL004", "QUAL005"} <= set(result.severities)
    assert [f.display_location + " " + f.rule for f in result.findings] == []
    assert not result.errors


def test_handoff_passes_its_own_doc_checks():
    """By the gate, not by documentation: handoff is a linter, not a model. Its own code
    imports no ML framework; the torch code, requirements and weights under tests/fixtures
    and examples/ are research repos to check, which the gate leaves out."""
    result = check([ROOT], overrides=Overrides(select=("DOC",)))
    assert [f.display_location + " " + f.rule for f in result.findings] == []
    assert not result.errors


def test_black_and_isort_are_happy():
    mode = black.Mode(line_length=100, target_versions={black.TargetVersion.PY310})
    config = isort.Config(profile="black", line_length=100)
    unformatted = []
    for path in PYTHON_FILES:
        text = path.read_text(encoding="utf-8")
        try:
            black.format_file_contents(text, fast=False, mode=mode)
            unformatted.append(f"black: {path.relative_to(ROOT)}")
        except black.NothingChanged:
            pass
        if not isort.check_code(text, config=config, file_path=path):
            unformatted.append(f"isort: {path.relative_to(ROOT)}")
    assert unformatted == []


def test_pylint_is_quiet_on_the_package():
    proc = subprocess.run(
        [sys.executable, "-m", "pylint", "--rcfile", str(ROOT / "pyproject.toml"), str(PACKAGE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
