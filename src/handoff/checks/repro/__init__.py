"""REPRO: runs that can be repeated and checkpoints that are safe to open.

A checkpoint opened with pickle (REPRO001) runs whatever code the file carries; a training entry
point that seeds no generator (REPRO002) gives a different model on every run; cuDNN's
autotuner switched on with no way to turn it off (REPRO003) makes even a seeded run differ.
What they share, finding a training entry point, is in `training.py`.
"""
