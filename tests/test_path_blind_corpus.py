"""Precision and recall of the PATH family on a corpus labelled blind, before its author read
the rules' code: fairseq/HF NLP, mmdet/detectron2 vision, RL, diffusion, speech (Kaldi/ESPnet)
and graph-NN repos, Kaggle/Colab/local notebooks, serving code and their YAML/JSON/TOML/INI/
.env configs and shell/SLURM scripts, with look-alike negatives next to the true positives."""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import expected_labels, score_family

CORPUS = Path(__file__).parent / "fixtures" / "path_blind_corpus"


def test_blind_corpus_is_large_enough():
    labels = expected_labels(CORPUS, "PATH")
    assert sum(labels.values()) >= 100
    for code in ("PATH001", "PATH002", "PATH003", "PATH004"):
        assert sum(n for key, n in labels.items() if key[3] == code) >= 10, code


def test_path_family_on_the_blind_corpus():
    score = score_family(CORPUS, "PATH")
    assert score.precision >= 0.95, score.report()
    assert score.recall >= 0.90, score.report()
