"""`python -m bench`: options, the run, the files written, the exit code.

It knows the package under test only through a `Workload` that `bench/__main__.py` builds
from the package's own config, device, model, preprocessing and inference functions.

Exit codes: 0 measured (and no regression), 1 a regression against --compare or no batch size
completed, 2 bad input (options, the --compare file, the config, the README markers) or an
output that cannot be written."""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable, Sequence, TextIO, TypeVar

import torch

from .compare import CompareError, compare_reports, describe, load_report
from .environment import collect_environment
from .files import (
    README_END,
    README_START,
    OutputError,
    replace_between_markers,
    update_readme,
    write_atomic,
)
from .memory import memory_probe_for
from .plot import plot_png
from .progress import progress_for
from .report import Report, RunInfo, build_report, markdown_table, measured, report_json
from .sweep import SweepConfig, run_sweep
from .timing import Timer, timer_for, wall_time

Result = TypeVar("Result")

EXIT_OK = 0
EXIT_REGRESSION = 1
EXIT_USAGE = 2

DEFAULT_BATCH_SIZES = (1, 2, 4, 8, 16, 32)
OUTPUT_NAMES = {"json": "bench.json", "markdown": "bench.md", "plot": "bench.png"}


@dataclass(frozen=True)
class BenchOptions:  # pylint: disable=too-many-instance-attributes
    """The command line, parsed and checked."""

    batch_sizes: tuple[int, ...]
    output: Path
    config: Path | None
    device: str | None
    warmup: int
    min_iterations: int
    min_seconds: float
    seed: int
    compare: Path | None
    threshold: float
    update_readme: Path | None


@dataclass(frozen=True)
class Workload:
    """The package under test, seen as the sweep needs it."""

    device: torch.device
    dtype: str
    load_model: Callable[[], Any]
    make_batch: Callable[[int], Any]
    predict: Callable[[Any, Any], object]


class UsageError(Exception):
    """Input the benchmark cannot run with; the message says what to change."""


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} is below the minimum {minimum}")
        return value

    return parse


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a finite number >= 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Latency, throughput and peak memory of the model over a batch-size sweep.",
    )
    parser.add_argument(
        "--batch-sizes",
        nargs="+",
        type=_count(1),
        default=list(DEFAULT_BATCH_SIZES),
        metavar="N",
        help="batch sizes to measure, run smallest first (default: %(default)s)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("bench-results"),
        help="folder for bench.json, bench.md and bench.png (default: %(default)s)",
    )
    parser.add_argument("--config", type=Path, help="config file (default: the package's)")
    parser.add_argument(
        "--device", help="device to run on, e.g. auto, cpu, cuda:1 (default: config)"
    )
    parser.add_argument("--warmup", type=_count(0), default=10, help="warm-up calls per batch size")
    parser.add_argument(
        "--min-iterations", type=_count(1), default=50, help="timed calls per batch size, at least"
    )
    parser.add_argument(
        "--min-seconds",
        type=_non_negative_float,
        default=1.0,
        help="timed seconds per batch size, at least",
    )
    parser.add_argument("--seed", type=_count(0), default=0, help="seed of the example batches")
    parser.add_argument(
        "--compare", type=Path, metavar="OLD.json", help="a result file to compare with"
    )
    parser.add_argument(
        "--threshold",
        type=_non_negative_float,
        default=10.0,
        help="percent change in p50 latency or throughput that counts (default: %(default)s)",
    )
    parser.add_argument(
        "--update-readme",
        type=Path,
        metavar="README.md",
        help=f"write the table between {README_START} and {README_END} in this file",
    )
    return parser


def parse_options(argv: Sequence[str]) -> BenchOptions:
    """The options, or argparse's usage message and exit code 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    repeated = sorted({size for size in args.batch_sizes if args.batch_sizes.count(size) > 1})
    if repeated:
        parser.error(f"--batch-sizes: {', '.join(map(str, repeated))} given more than once")
    return BenchOptions(
        batch_sizes=tuple(sorted(args.batch_sizes)),
        output=args.output,
        config=args.config,
        device=args.device,
        warmup=args.warmup,
        min_iterations=args.min_iterations,
        min_seconds=args.min_seconds,
        seed=args.seed,
        compare=args.compare,
        threshold=args.threshold,
        update_readme=args.update_readme,
    )


def main(
    argv: Sequence[str],
    build_workload: Callable[[BenchOptions], Workload],
    package: str,
    stdout: TextIO | None = None,
) -> int:
    """Run the benchmark of `package`; the exit code."""
    stdout = stdout or sys.stdout
    options = parse_options(argv)
    try:
        return _run(options, build_workload, package, stdout)
    except (UsageError, CompareError, OutputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _run(
    options: BenchOptions,
    build_workload: Callable[[BenchOptions], Workload],
    package: str,
    stdout: TextIO,
) -> int:
    # Everything the user gave is checked before minutes of measuring.
    baseline = load_report(options.compare) if options.compare else None
    if options.update_readme:
        _check_readme(options.update_readme)
    _prepare_output(options.output)
    workload = _setup_step(package, "cannot set up the benchmark", partial(build_workload, options))
    timer = timer_for(workload.device)
    model, model_load_ms = _setup_step(
        package, "cannot load the model", partial(wall_time, timer, workload.load_model)
    )

    run = RunInfo(package, timer.name, options.seed, model_load_ms)
    report = measure(workload, model, timer, options, run, stdout)
    paths = write_outputs(report, options.output, stdout)
    table = markdown_table(report)
    print("", table, sep="\n", file=stdout)
    print("Wrote " + ", ".join(str(path) for path in paths), file=stdout)
    if options.update_readme:
        update_readme(options.update_readme, table)
        print(f"Updated the benchmark table in {options.update_readme}", file=stdout)

    status = EXIT_OK
    if not measured(report):
        print("No batch size completed.", file=stdout)
        status = EXIT_REGRESSION
    if baseline is not None:
        comparison = compare_reports(baseline, report, options.threshold)
        print("\n".join(describe(comparison, str(options.compare))), file=stdout)
        if comparison.regressed:
            status = EXIT_REGRESSION
    return status


def _setup_step(package: str, what: str, step: Callable[[], Result]) -> Result:
    """`step()`, with the errors a user can fix (bad config, missing device or weights) turned
    into a message; anything else is a bug and keeps its traceback."""
    try:
        return step()
    except (OSError, ValueError) as error:
        raise UsageError(f"{what}: {error}") from error
    except Exception as error:  # pylint: disable=broad-exception-caught
        # The package's own exception classes (ConfigError, DeviceError, ...) are raised on
        # purpose, with a message meant for the user.
        if type(error).__module__.split(".", maxsplit=1)[0] != package:
            raise
        raise UsageError(f"{what}: {error}") from error


def measure(
    workload: Workload,
    model: Any,
    timer: Timer,
    options: BenchOptions,
    run: RunInfo,
    stdout: TextIO,
) -> Report:
    """Sweep the batch sizes on the loaded `model` and describe it all as a report."""
    config = SweepConfig(
        batch_sizes=options.batch_sizes,
        warmup=options.warmup,
        min_iterations=options.min_iterations,
        min_seconds=options.min_seconds,
    )
    environment = collect_environment(workload.device, workload.dtype)
    with progress_for(stdout) as observer:
        results = run_sweep(
            workload.make_batch,
            partial(workload.predict, model),
            config,
            timer,
            memory_probe_for(workload.device),
            observer,
        )
    return build_report(results, environment, config, run)


def write_outputs(report: Report, folder: Path, stdout: TextIO) -> list[Path]:
    """bench.json, bench.md and (when matplotlib is installed) bench.png in `folder`."""
    paths = [folder / OUTPUT_NAMES["json"], folder / OUTPUT_NAMES["markdown"]]
    try:
        write_atomic(paths[0], report_json(report).encode("utf-8"))
        write_atomic(paths[1], markdown_table(report).encode("utf-8"))
        png = _plot(report, stdout)
        if png is not None:
            paths.append(folder / OUTPUT_NAMES["plot"])
            write_atomic(paths[-1], png)
    except OSError as error:
        raise OutputError(f"cannot write the results into {folder}: {error}") from error
    return paths


def _plot(report: Report, stdout: TextIO) -> bytes | None:
    try:
        return plot_png(report)
    except ImportError as error:
        print(f"warning: no plot ({error}); install matplotlib to get one", file=stdout)
        return None


def _prepare_output(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"--output {folder}: cannot create the folder ({error})") from error


def _check_readme(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"--update-readme {path}: cannot read it ({error})") from error
    replace_between_markers(text, "", f"--update-readme {path}")
