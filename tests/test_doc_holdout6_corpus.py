"""DOC on the sixth holdout corpus (tests/fixtures/doc_holdout6_corpus): 20 folders of REAL
READMEs and model cards (YOLOv10, consistency models, FLUX, llama2.c, Mamba, a Pythia and a
BERT SQuAD Trainer card, BiRefNet, SAM 2, SenseVoice, a Whisper Trainer card, Point-E, Shap-E,
SAMURAI, F5-TTS, GPT-SoVITS, OpenVoice, CoTracker, MAE, vision_transformer), labelled blind by
another session from the conventions of the earlier corpora (see its README-corpus.md),
without reading the rules.

First blind score, taken once after the fixes made on the fifth holdout and before anyone
working on the rules read this corpus (precision / recall):
DOC002 0.73/0.89, DOC003 0.82/0.88, DOC004 0.92/0.92, DOC005 0.92/0.79, DOC006 1.00/1.00,
DOC007 1.00/0.93, DOC008 1.00/1.00, DOC009 1.00/0.89.

Against issue 11's bar (precision 0.90, recall 0.85) on unseen READMEs: DOC004 and DOC006 to
DOC009 meet it; DOC002 (0.73) and DOC003 (0.82) precision and DOC005 recall (0.79) do not. The
thresholds are that first score less 0.01 (a floor); after a round of fixes on this corpus it
no longer measures anything new.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout6_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.72,
    "DOC003": 0.81,
    "DOC004": 0.91,
    "DOC005": 0.91,
    "DOC006": 1.00,
    "DOC007": 1.00,
    "DOC008": 1.00,
    "DOC009": 1.00,
}
RECALL = {
    "DOC002": 0.88,
    "DOC003": 0.87,
    "DOC004": 0.91,
    "DOC005": 0.78,
    "DOC006": 1.00,
    "DOC007": 0.92,
    "DOC008": 1.00,
    "DOC009": 0.88,
}


def test_holdout6_corpus_covers_every_part():
    assert_labels_cover(CORPUS, PARTS, missing=3, documented=3)


def test_doc_precision_and_recall_per_part_on_the_holdout6_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
