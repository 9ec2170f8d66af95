"""Precision and recall of the SEC family on its labelled fixture repository: research code,
a notebook with outputs, .env files, YAML/JSON/TOML/INI configs, shell scripts, key files and
a tests/ directory of fakes, true positives next to look-alikes that must stay quiet.

The secrets in the corpus are generated fakes in real formats, not live credentials.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import expected_labels, score_family

CORPUS = Path(__file__).parent / "fixtures" / "sec_corpus"


def test_corpus_is_large_enough():
    labels = expected_labels(CORPUS, "SEC")
    assert sum(labels.values()) >= 60
    for code in ("SEC001", "SEC002", "SEC003", "SEC004", "SEC005"):
        assert sum(n for key, n in labels.items() if key[3] == code) >= 3, code


def test_sec_family_precision_and_recall():
    score = score_family(CORPUS, "SEC")
    print(score.report())
    assert score.precision >= 0.95, score.report()
    assert score.recall >= 0.90, score.report()
