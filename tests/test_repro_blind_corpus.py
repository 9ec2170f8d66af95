"""REPRO on a corpus labelled blind, from the spec (issue 9) before any REPRO rule existed
(tests/fixtures/repro_blind_corpus): training entry points with and without `__main__` guards,
seeded in every way the spec names (helpers, `set_seed`, `seed_everything`, `random_state=`, a
jax key) or not at all, library modules with training loops, inference scripts and notebooks,
checkpoints loaded safely and unsafely, cuDNN switches with and without a `--deterministic`
option. Notebook labels are in its labels.txt.

First blind run: precision 1.000, recall 1.000 (38 of 38); nothing was tuned on it.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import expected_labels, score_family

CORPUS = Path(__file__).parent / "fixtures" / "repro_blind_corpus"


def test_blind_corpus_covers_every_rule():
    labels = expected_labels(CORPUS, "REPRO")
    assert sum(labels.values()) >= 35
    for code in ("REPRO001", "REPRO002", "REPRO003"):
        assert sum(n for key, n in labels.items() if key[3] == code) >= 5, code


def test_repro_family_precision_and_recall_on_the_blind_corpus():
    score = score_family(CORPUS, "REPRO")
    assert score.precision >= 0.95, score.report()
    assert score.recall >= 0.90, score.report()
