"""DOC on the seventh holdout corpus (tests/fixtures/doc_holdout7_corpus): 21 folders of REAL
READMEs and model cards (pyannote.audio, Whisper JAX, EnCodec, Neural Collaborative Filtering, a
DETR and a DistilBERT Trainer card, an AST and a Twitter-RoBERTa card, Jukebox, GPTQ, fastText,
UNI, EDM, CRAFT, d3rlpy, NeuralForecast, Chemprop, U^2-Net, AutoGluon,
denoising-diffusion-pytorch, ChatGLM2-6B), labelled blind by another session from the conventions
of the earlier corpora (see its README-corpus.md), without reading the rules.

First blind score, taken once after the fixes made on the sixth holdout (docfix6) and before
anyone working on the rules read this corpus (precision / recall):
DOC002 0.75/0.75, DOC003 1.00/1.00, DOC004 0.77/0.91, DOC005 0.67/1.00, DOC006 0.88/0.94,
DOC007 0.94/1.00, DOC008 0.94/1.00, DOC009 0.71/0.83.

Against issue 11's bar (precision 0.90, recall 0.85) on unseen READMEs: DOC003, DOC007 and
DOC008 meet it; DOC002 (0.75/0.75), DOC004 precision (0.77), DOC005 precision (0.67), DOC006
precision (0.88) and DOC009 (0.71/0.83) do not. The thresholds are that first score less 0.01
(a floor); after a round of fixes on this corpus it no longer measures anything new.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout7_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.74,
    "DOC003": 0.99,
    "DOC004": 0.76,
    "DOC005": 0.66,
    "DOC006": 0.87,
    "DOC007": 0.93,
    "DOC008": 0.93,
    "DOC009": 0.70,
}
RECALL = {
    "DOC002": 0.74,
    "DOC003": 0.99,
    "DOC004": 0.90,
    "DOC005": 0.99,
    "DOC006": 0.93,
    "DOC007": 0.99,
    "DOC008": 0.99,
    "DOC009": 0.82,
}


def test_holdout7_corpus_covers_every_part():
    assert_labels_cover(CORPUS, PARTS, missing=3, documented=3)


def test_doc_precision_and_recall_per_part_on_the_holdout7_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
