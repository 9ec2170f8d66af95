"""The benchmark harness: latency, throughput and peak memory over a batch-size sweep.

    python -m bench --batch-sizes 1 4 16 --output bench-results
    python -m bench --compare bench-results/bench.json --threshold 10
    python -m bench --update-readme README.md

`__main__.py` connects the package to the harness; every other module is generic and can be
used on any callable."""
