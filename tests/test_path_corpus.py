"""Precision and recall of the PATH family on its labelled fixture repository: research code
with argparse defaults, notebooks with %cd and drive.mount, YAML/JSON/TOML/INI/.env configs,
shell scripts and manifests, true positives next to look-alikes that must stay quiet."""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import expected_labels, score_family

CORPUS = Path(__file__).parent / "fixtures" / "path_corpus"


def test_corpus_is_large_enough():
    labels = expected_labels(CORPUS, "PATH")
    assert sum(labels.values()) >= 60
    for code in ("PATH001", "PATH002", "PATH003", "PATH004"):
        assert sum(n for key, n in labels.items() if key[3] == code) >= 8, code


def test_path_family_precision_and_recall():
    score = score_family(CORPUS, "PATH")
    assert score.precision >= 0.95, score.report()
    assert score.recall >= 0.90, score.report()
