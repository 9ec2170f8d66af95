"""DOC on the eighth holdout corpus (tests/fixtures/doc_holdout8_corpus): 20 folders of REAL
READMEs and model cards (Octo, Uni2TS / Moirai, SatlasPretrain, HiFi-GAN, text2vec, Flair,
StyleGAN3, a wav2vec2 and a ViT Trainer card, Donut, minimalRL, node2vec, PyTorch Tabular,
BiomedParse, StreamingLLM, ImageBind, Tacotron 2, rinna's Japanese models, KcBERT, Latent
Diffusion), labelled blind by another session from the conventions of the earlier corpora (see its
README-corpus.md), without reading the rules.

First blind score: not yet taken. The lead scores it once, before anyone working on the rules
reads this corpus, and records the figures here; the thresholds below are placeholders (0.0)
until then.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout8_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.0,
    "DOC003": 0.0,
    "DOC004": 0.0,
    "DOC005": 0.0,
    "DOC006": 0.0,
    "DOC007": 0.0,
    "DOC008": 0.0,
    "DOC009": 0.0,
}
RECALL = {
    "DOC002": 0.0,
    "DOC003": 0.0,
    "DOC004": 0.0,
    "DOC005": 0.0,
    "DOC006": 0.0,
    "DOC007": 0.0,
    "DOC008": 0.0,
    "DOC009": 0.0,
}


def test_holdout8_corpus_covers_every_part():
    assert_labels_cover(CORPUS, PARTS, missing=3, documented=3)


def test_doc_precision_and_recall_per_part_on_the_holdout8_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
