"""Running a generated package end to end: the real `handoff` entry point, an install into the
session's fresh venv (`package_venv` in conftest.py), its own tests, benchmark and CLI, and
the checks its outputs must pass. Shared by the scaffold tests with and without `--from`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from handoff import files as handoff_files
from handoff.api import Overrides, check

# The handoff under test, whatever is installed: its source folder first on the path.
HANDOFF = [sys.executable, "-m", "handoff"]
HANDOFF_PATH = str(Path(handoff_files.__file__).resolve().parents[1])
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run(
    command: list, cwd: Path, timeout: int = 900, extra_env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run in a clean environment: the package's venv sees nothing of this one."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(extra_env or {})
    if command[: len(HANDOFF)] == HANDOFF:
        env["PYTHONPATH"] = HANDOFF_PATH
    return subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def install(python: Path, dest: Path) -> None:
    """The package with its test and bench extras, not editable (as a user installs it)."""
    done = run(
        [python, "-m", "pip", "install", "--quiet", f"{dest}[test,bench]", "torch==2.13.0"], dest
    )
    assert done.returncode == 0, done.stderr[-3000:]


def run_package_tests(python: Path, dest: Path, extra_env: dict | None = None) -> str:
    """The package's own tests; the output lists each one's outcome (`-rA`)."""
    command = [python, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider"]
    done = run(command, dest, extra_env=extra_env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
    return done.stdout


def predict_on_a_sample(
    python: Path, project: str, folder: Path, items: int = 2, extra_env: dict | None = None
) -> list:
    """`<project> sample` then `<project> predict`: the predictions of the answer file."""
    script = python.parent / project
    request, answer = folder / "request.json", folder / "answer.json"
    done = run([script, "sample", request, "--items", str(items)], folder, extra_env=extra_env)
    assert done.returncode == 0, done.stderr
    done = run([script, "predict", request, "--output", answer], folder, extra_env=extra_env)
    assert done.returncode == 0, done.stderr
    predictions = json.loads(answer.read_text())["predictions"]
    assert [p["id"] for p in predictions] == [f"sample-{i}" for i in range(items)]
    for item in predictions:
        scores = [s["score"] for s in item["predictions"]]
        assert scores == sorted(scores, reverse=True) and 0 < sum(scores) <= 1.0 + 1e-6
    return predictions


def run_benchmark(
    python: Path,
    dest: Path,
    output: Path,
    *batch_sizes: int,
    extra_env: dict | None = None,
    update_readme: bool = False,
) -> dict:
    """`python -m bench` from the package root; the JSON report, checked for what every
    report must hold: one result per batch size, positive figures that agree with each
    other and with the raw samples, a markdown row per batch size, a PNG."""
    sizes = [str(size) for size in batch_sizes]
    command = [python, "-m", "bench", "--batch-sizes", *sizes, "--output", output]
    if update_readme:
        command += ["--update-readme", "README.md"]
    done = run(command, dest, extra_env=extra_env)
    assert done.returncode == 0, done.stderr[-3000:]
    (report_json,) = output.glob("*.json")
    (table,) = output.glob("*.md")
    (plot,) = output.glob("*.png")
    report = json.loads(report_json.read_text())
    assert [r["batch_size"] for r in report["results"]] == list(batch_sizes)
    assert report["model_load_ms"] > 0 and report["first_call_ms"] > 0
    for result in report["results"]:
        assert_consistent(result)
        assert f"\n| {result['batch_size']} | " in table.read_text()
    assert plot.read_bytes().startswith(PNG_SIGNATURE)
    return report


def assert_consistent(result: dict) -> None:
    """One batch size's figures: positive, ordered, and what the raw samples give."""
    latency, samples = result["latency_ms"], result["samples_ms"]
    assert result["status"] == "ok" and result["iterations"] == len(samples) >= 50
    assert min(samples) > 0 and result["first_call_ms"] > 0
    assert latency["min"] == min(samples) and latency["max"] == max(samples)
    ordered = [latency[k] for k in ("min", "p50", "p90", "p95", "p99", "max")]
    assert ordered == sorted(ordered)
    assert abs(latency["mean"] - sum(samples) / len(samples)) < 1e-6 * latency["mean"]
    assert latency["min"] <= latency["mean"] <= latency["max"]
    expected = result["batch_size"] / (latency["mean"] / 1000)
    assert abs(result["throughput_per_s"] - expected) < 1e-6 * expected
    assert result["memory_mib"]["rss_peak"] > 0


def assert_check_finds_nothing(dest: Path, tmp_path: Path, benchmarked: bool = True) -> None:
    """Every rule, REQ008 included (against an empty advisory folder: no network). Until the
    benchmark has filled the README's table (`benchmarked=False`), DOC007 rightly says the
    README has no measured figure, and is left out."""
    advisories = tmp_path / "advisories"
    advisories.mkdir(exist_ok=True)
    overrides = Overrides(
        select=("ALL",),
        ignore=() if benchmarked else ("DOC007",),
        rule_options=(("REQ008", "advisories", str(advisories)),),
    )
    result = check([dest], isolated=True, overrides=overrides, jobs=1, cache=False)
    assert [f.display_location + " " + f.rule for f in result.findings] == []
    assert not result.errors
