"""DEV on a second corpus, labelled blind (without reading the rules' code) from the spec and the
catalog: code in the style of fairseq/HF NLP, mmdet/detectron2 vision, RL, diffusion, speech,
GNN and TensorFlow repos, Kaggle and Colab notebooks, next to configs, shell and Slurm scripts
and a .env file. Notebook labels are in its labels.txt.

First blind run: precision 0.974, recall 0.987 (75 of 76 labels). Fixed since: DEV003 missed
`torch.Generator("cuda")` and flagged the defaults of a yacs `CN()` config tree; one label was
wrong (a notebook's `!CUDA_VISIBLE_DEVICES=0 python ...` pins a child process's GPU, as the
`env=` mapping the catalog names does).

round2/ (written blind before issue 6's fixes): precision 1.000, recall 0.516 (16 of 31) at
first; DEV001 now reports a fixed first GPU behind a device check and comparisons with a pinned
device (LOW), and DEV003 judges each use and reports once per function or top-level block, which
relabelled the later uses of a block elsewhere in this corpus (see the git log).
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import expected_labels, score_family

CORPUS = Path(__file__).parent / "fixtures" / "dev_blind_corpus"


def test_blind_corpus_is_large_enough():
    labels = expected_labels(CORPUS, "DEV")
    assert sum(labels.values()) >= 60
    for code in ("DEV001", "DEV002", "DEV003"):
        assert sum(n for key, n in labels.items() if key[3] == code) >= 10, code
    assert any(cell is not None for (_, cell, _, _) in labels), "notebook labels are read"


def test_dev_precision_and_recall_on_the_blind_corpus():
    score = score_family(CORPUS, "DEV")
    print(score.report())
    assert score.precision >= 0.95, score.report()
    assert score.recall >= 0.90, score.report()
