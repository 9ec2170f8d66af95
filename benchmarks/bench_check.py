"""How fast is `handoff check` next to bandit and detect-secrets, on the same files, in one run?

    python benchmarks/bench_check.py [CORPUS] [--max-lines 500000] [--jobs N] [--quick]
                                     [--no-detect-secrets] [--no-scaling]

CORPUS is any folder (a research repo, a monorepo); the default is the Python files of the
installed site-packages, taken in path order up to `--max-lines`. The corpus is copied to a
temporary folder first: the cache and the "5 changed files" edits never touch the source.

Every tool runs as a subprocess of this script. Wall time is the clock; CPU time is the user
plus system time of the process and all its workers (children rusage); peak RSS is the
largest sum of the resident memory of the whole process tree, polled every 20 ms. On a busy
machine wall times wander: compare CPU times, or run it again.

Printed: files and lines; handoff cold with `-j 1` and with the default jobs, warm (every file
unchanged), 5 changed files; `bandit -r` and `detect-secrets scan --all-files`; the ratios;
how handoff's time grows with the corpus (25, 50, 100%, `-j 1`) and with one generated file
of 0.25, 1 and 5 MB (plain code, and code with a path and a device on nearly every line);
and the issue's targets with PASS or FAIL.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import site
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

HANDOFF = [sys.executable, "-m", "handoff", "check", "--quiet"]
BIN = Path(sys.executable).parent
POLL_SECONDS = 0.02
MB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    """One measured subprocess run."""

    label: str
    wall: float
    cpu: float
    peak_mb: float

    def row(self) -> str:
        return f"| {self.label} | {self.wall:.2f} | {self.cpu:.2f} | {self.peak_mb:.0f} |"


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass  # it ended between the listing and the reading
    return total


def measure(label: str, command: list[str], cwd: Path | None = None) -> Run:
    """Run `command`, with its wall time, its tree's CPU time and peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = psutil.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        peak = 0
        while process.poll() is None:
            try:
                peak = max(peak, _tree_rss(process))
            except psutil.Error:
                pass
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - start
        if process.returncode not in (0, 1):  # 1: findings; anything else is a failure
            errors.seek(0)
            detail = errors.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(
                f"{label} failed ({process.returncode}): {' '.join(command)}\n{detail}"
            )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Run(label, wall, cpu, peak / MB)


# --- corpora ------------------------------------------------------------------------------


def site_packages_files(max_lines: int) -> tuple[Path, list[Path]]:
    base = Path(next(p for p in site.getsitepackages() if Path(p).is_dir()))
    chosen, lines = [], 0
    for path in sorted(base.rglob("*.py")):
        if lines >= max_lines:
            break
        try:
            lines += path.read_bytes().count(b"\n")
        except OSError:
            continue
        chosen.append(path)
    return base, chosen


def copy_corpus(source: Path | None, max_lines: int, into: Path) -> Path:
    root = into / "corpus"
    if source is None:
        base, files = site_packages_files(max_lines)
        for path in files:
            target = root / path.relative_to(base)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    else:
        shutil.copytree(
            source, root, symlinks=True, ignore=shutil.ignore_patterns(".handoff_cache")
        )
    return root


def text_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)


def count_lines(files: list[Path]) -> int:
    return sum(p.read_bytes().count(b"\n") for p in files)


def fraction_of(root: Path, share: float, into: Path) -> Path:
    """Every n-th file of the corpus, keeping its folders."""
    target = into / f"share-{int(share * 100)}"
    files = text_files(root)
    step = round(1 / share)
    for path in files[::step]:
        copy = target / path.relative_to(root)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    return target


PLAIN = '''
def function_{i}(values, scale={i}):
    """Scale the values by {i}."""
    total = 0
    for index, value in enumerate(values):
        if value > scale:
            total += value * index
        else:
            total -= scale
    return {{"total": total, "name": "function_{i}", "items": [1, 2, 3]}}


class Model{i}:
    def __init__(self, size):
        self.size = size
        self.weights = [0.0] * size

    def forward(self, x):
        return sum(w * x for w in self.weights) + {i}
'''
DENSE = """
data_{i} = load("/home/alice/data/run_{i}.csv", device="cuda:{g}")
model_{i} = Net().to("cuda:{g}")
torch.save(model_{i}, "/mnt/shared/ckpt_{i}.pt")
x_{i} = torch.zeros(3, device=torch.device("cuda:{g}"))
"""


def generated_file(folder: Path, kind: str, size: int) -> Path:
    """A folder with one Python file of about `size` bytes and a config that lets handoff
    read a file that big."""
    folder.mkdir(parents=True)
    head, template = ("import torch\n", DENSE) if kind == "dense" else ("import math\n", PLAIN)
    parts, total, index = [head], len(head), 0
    while total < size:
        chunk = template.format(i=index, g=index % 4)
        parts.append(chunk)
        total += len(chunk)
        index += 1
    (folder / f"generated_{kind}.py").write_text("".join(parts), encoding="utf-8")
    (folder / "handoff.toml").write_text(f"max-file-size = {size * 2}\n", encoding="utf-8")
    return folder


# --- the runs -----------------------------------------------------------------------------


def handoff(label: str, root: Path, *options: str) -> Run:
    """handoff with every rule of the default set and no configuration file."""
    return measure(label, [*HANDOFF, str(root), "--isolated", *options])


def handoff_runs(root: Path, jobs: list[str]) -> list[Run]:
    runs = [
        handoff("handoff cold, -j 1", root, "--no-cache", "-j", "1"),
        handoff("handoff cold, default jobs", root, "--no-cache", *jobs),
    ]
    handoff("(fill the cache)", root, *jobs)
    runs.append(handoff("handoff warm (nothing changed)", root, *jobs))
    python = [p for p in text_files(root) if p.suffix == ".py"] or text_files(root)
    for path in python[:: max(1, len(python) // 5)][:5]:
        with path.open("a", encoding="utf-8") as stream:
            stream.write("\n# edited by the benchmark\n")
    runs.append(handoff("handoff, 5 files changed", root, *jobs))
    return runs


def other_tools(root: Path, detect_secrets: bool = True) -> list[Run]:
    bandit = [str(BIN / "bandit"), "-r", "-q", "-f", "json", "-o", "/dev/null", str(root)]
    secrets = [str(BIN / "detect-secrets"), "scan", "--all-files", "."]
    runs = [measure("bandit -r", bandit)]
    if detect_secrets:
        runs.append(measure("detect-secrets scan", secrets, cwd=root))
    return runs


def scaling_rows(root: Path, into: Path, whole: Run, quick: bool) -> list[Run]:
    """handoff -j 1 on 25 and 50% of the corpus (`whole` is the 100% run), and on one
    generated file of each size."""
    rows = []
    for share in (0.25, 0.5):
        part = fraction_of(root, share, into)
        label = f"{int(share * 100)}% of the corpus"
        rows.append(handoff(label, part, "--no-cache", "-j", "1"))
    rows.append(Run("100% of the corpus", whole.wall, whole.cpu, whole.peak_mb))
    sizes = (("0.25 MB", 250_000), ("1 MB", 1_000_000)) + (() if quick else (("5 MB", 5_000_000),))
    for kind in ("plain", "dense"):
        for name, size in sizes:
            folder = generated_file(into / f"{kind}-{size}", kind, size)
            config = ("--config", str(folder / "handoff.toml"))
            command = [*HANDOFF, str(folder), "--no-cache", "-j", "1", *config]
            rows.append(measure(f"one {name} file, {kind}", command))
    return rows


# --- the report ---------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def targets(runs: dict[str, Run], lines: int, python_only: bool) -> list[str]:
    cold, serial = runs["handoff cold, default jobs"], runs["handoff cold, -j 1"]
    bandit = runs["bandit -r"]
    out = []
    if python_only:
        note = (
            "" if lines >= 400_000 else f" (corpus has {lines:,} lines; the target is for 400,000+)"
        )
        out.append(
            f"{verdict(cold.wall <= 0.5 * bandit.wall)} cold wall <= 0.5x bandit's: "
            f"{cold.wall / bandit.wall:.2f}x{note}"
        )
        out.append(
            f"{verdict(serial.cpu <= bandit.cpu)} cold CPU (-j 1) <= 1x bandit's: "
            f"{serial.cpu / bandit.cpu:.2f}x"
        )
        out.append(
            f"{verdict(cold.peak_mb <= 250)} peak RSS, all processes <= 250 MB: "
            f"{cold.peak_mb:.0f} MB"
        )
    else:
        out.append(
            f"{verdict(cold.wall <= bandit.wall)} cold wall <= bandit's: "
            f"{cold.wall / bandit.wall:.2f}x"
        )
    warm, changed = runs["handoff warm (nothing changed)"], runs["handoff, 5 files changed"]
    out.append(
        f"{verdict(warm.wall <= 0.05 * cold.wall)} warm <= 5% of cold: "
        f"{warm.wall / cold.wall:.1%}"
    )
    out.append(f"{verdict(changed.wall < 0.5)} 5 changed files < 0.5 s: {changed.wall:.2f} s")
    for kind in ("plain", "dense"):
        small = runs.get(f"one 0.25 MB file, {kind}")
        for name, limit in (("1 MB", 4.8), ("5 MB", 24)):
            big = runs.get(f"one {name} file, {kind}")
            if small and big:
                ratio = big.cpu / small.cpu
                out.append(
                    f"{verdict(ratio <= limit)} {name} {kind} file <= {limit}x the 0.25 MB "
                    f"one (CPU): {ratio:.1f}x"
                )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="default: site-packages' .py files")
    parser.add_argument(
        "--max-lines",
        type=int,
        default=500_000,
        help="site-packages only: stop adding files past this many lines",
    )
    parser.add_argument("--jobs", type=int, help="handoff's workers (default: all cores)")
    parser.add_argument("--quick", action="store_true", help="no 5 MB files")
    parser.add_argument(
        "--no-detect-secrets",
        action="store_true",
        help="leave detect-secrets out (it takes minutes on a corpus of notebooks and data)",
    )
    parser.add_argument("--no-scaling", action="store_true", help="no scaling rows")
    args = parser.parse_args()
    jobs = ["-j", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory(prefix="handoff-bench-") as tmp:
        work = Path(tmp)
        root = copy_corpus(args.corpus, args.max_lines, work)
        files = text_files(root)
        lines = count_lines(files)
        python_only = all(p.suffix == ".py" for p in files)
        print(
            f"corpus: {args.corpus or 'site-packages'}: {len(files):,} files, {lines:,} lines;"
            f" {psutil.cpu_count()} cores, Python {sys.version.split()[0]}\n"
        )
        main_runs = handoff_runs(root, jobs)
        tools = other_tools(root, detect_secrets=not args.no_detect_secrets)
        scaling = (
            []
            if args.no_scaling
            else scaling_rows(root, work / "scaling", main_runs[0], args.quick)
        )
    runs = {run.label: run for run in [*main_runs, *tools, *scaling]}
    print("| run | wall s | CPU s | peak RSS MB (all processes) |\n|---|---|---|---|")
    for run in [*main_runs, *tools]:
        print(run.row())
    bandit, secrets = runs["bandit -r"], runs.get("detect-secrets scan")
    cold = runs["handoff cold, default jobs"]
    serial = runs["handoff cold, -j 1"]
    print(
        f"\nhandoff / bandit: wall {cold.wall / bandit.wall:.2f}x (default jobs),"
        f" CPU {serial.cpu / bandit.cpu:.2f}x (-j 1), peak RSS {cold.peak_mb / bandit.peak_mb:.2f}x"
    )
    if secrets is not None:
        print(
            f"handoff / detect-secrets: wall {cold.wall / secrets.wall:.2f}x,"
            f" CPU {serial.cpu / secrets.cpu:.2f}x"
        )
    if scaling:
        print(
            "\nScaling (handoff -j 1)\n\n| run | wall s | CPU s | peak RSS MB |\n|---|---|---|---|"
        )
        for run in scaling:
            print(run.row())
    print("\nTargets\n")
    for line in targets(runs, lines, python_only):
        print(f"- {line}")


if __name__ == "__main__":
    main()
