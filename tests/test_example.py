"""The bundled example repo: the README's first command checks it; its findings are pinned."""

import json
import subprocess
import sys
from pathlib import Path

from handoff.api import check

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cifar-resnet"
PREFIX = "examples/cifar-resnet/"

EXPECTED = [
    # The README says how to predict (`python train.py --predict img.png`) and nothing else.
    *(("README.md", None, 1, f"DOC00{n}") for n in range(2, 9)),
    ("configs/train.yaml", None, 6, "PATH001"),
    ("configs/train.yaml", None, 7, "PATH001"),
    ("configs/train.yaml", None, 9, "PATH003"),
    ("notebooks/explore.ipynb", 2, 1, "REQ007"),
    ("notebooks/explore.ipynb", 2, 2, "DEV002"),
    ("notebooks/explore.ipynb", 3, 3, "PATH002"),
    ("notebooks/explore.ipynb", 3, 4, "PATH002"),
    ("notebooks/explore.ipynb", 4, 1, "REQ003"),
    ("notebooks/explore.ipynb", 4, 2, "SEC002"),
    ("notebooks/explore.ipynb", 5, 1, "NET001"),
    ("notebooks/explore.ipynb", 5, 2, "REPRO001"),
    ("notebooks/explore.ipynb", 5, 2, "PATH001"),
    ("notebooks/explore.ipynb", 5, 3, "DEV001"),
    ("requirements.txt", None, 1, "REQ002"),
    ("requirements.txt", None, 2, "REQ002"),
    ("requirements.txt", None, 3, "REQ002"),
    ("requirements.txt", None, 4, "REQ002"),
    ("requirements.txt", None, 5, "REQ002"),
    ("scripts/run_cluster.sh", None, 3, "SEC002"),
    ("scripts/run_cluster.sh", None, 4, "PATH002"),
    ("scripts/run_cluster.sh", None, 5, "PATH001"),
    ("train.py", None, 1, "SEP003"),
    ("train.py", None, 17, "PATH002"),
    ("train.py", None, 18, "DEV002"),
    ("train.py", None, 20, "SEC002"),
    ("train.py", None, 21, "PATH001"),
    ("train.py", None, 22, "PATH001"),
    ("train.py", None, 24, "DEV001"),
    ("train.py", None, 28, "NET001"),
    ("train.py", None, 39, "NET003"),
    ("train.py", None, 42, "DEV001"),
    ("train.py", None, 46, "DEV003"),
    ("train.py", None, 55, "SEP001"),
    ("train.py", None, 57, "REPRO001"),
    ("train.py", None, 57, "DEV001"),
    ("train.py", None, 59, "DEV003"),
    ("train.py", None, 65, "REPRO002"),
    ("train.py", None, 70, "PATH001"),
]


def test_example_findings_are_pinned():
    result = check([EXAMPLE], jobs=1)
    found = [(f.path.removeprefix(PREFIX), f.cell, f.line, f.rule) for f in result.findings]
    assert found == EXPECTED
    assert not result.errors


def test_readme_command_reports_and_exits_1():
    proc = subprocess.run(
        [sys.executable, "-m", "handoff", "check", "examples/cifar-resnet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "examples/cifar-resnet/train.py" in proc.stdout
    assert "Findings by family and severity" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    doc = json.loads(
        subprocess.run(
            [sys.executable, "-m", "handoff", "check", "examples/cifar-resnet", "-f", "json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    )
    assert doc["summary"]["findings"] == len(EXPECTED)
    assert "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" not in json.dumps(doc)
