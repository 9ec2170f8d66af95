"""DOC on the eighth holdout corpus (tests/fixtures/doc_holdout8_corpus): 20 folders of REAL
READMEs and model cards (Octo, Uni2TS / Moirai, SatlasPretrain, HiFi-GAN, text2vec, Flair,
StyleGAN3, a wav2vec2 and a ViT Trainer card, Donut, minimalRL, node2vec, PyTorch Tabular,
BiomedParse, StreamingLLM, ImageBind, Tacotron 2, rinna's Japanese models, KcBERT, Latent
Diffusion), labelled blind by another session from the conventions of the earlier corpora (see its
README-corpus.md), without reading the rules.

First blind score, taken once after the fixes made on the seventh holdout (docfix7) and before
anyone working on the rules read this corpus (precision / recall):
DOC002 0.64/0.78, DOC003 0.92/0.75, DOC004 1.00/0.73, DOC005 0.78/0.88, DOC006 0.89/0.94,
DOC007 0.82/0.93, DOC008 1.00/0.94, DOC009 0.71/0.71.

Against issue 11's bar (precision 0.90, recall 0.85) on unseen READMEs: only DOC008 meets it.
DOC002 (0.64/0.78), DOC003 recall (0.75), DOC004 recall (0.73), DOC005 precision (0.78),
DOC006 precision (0.89), DOC007 precision (0.82) and DOC009 (0.71/0.71) do not. The thresholds
are that first score less 0.01 (a floor); after a round of fixes on this corpus it no longer
measures anything new.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout8_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.63,
    "DOC003": 0.91,
    "DOC004": 0.99,
    "DOC005": 0.77,
    "DOC006": 0.88,
    "DOC007": 0.81,
    "DOC008": 0.99,
    "DOC009": 0.70,
}
RECALL = {
    "DOC002": 0.77,
    "DOC003": 0.74,
    "DOC004": 0.72,
    "DOC005": 0.87,
    "DOC006": 0.93,
    "DOC007": 0.92,
    "DOC008": 0.93,
    "DOC009": 0.70,
}


def test_holdout8_corpus_covers_every_part():
    assert_labels_cover(CORPUS, PARTS, missing=3, documented=3)


def test_doc_precision_and_recall_per_part_on_the_holdout8_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
