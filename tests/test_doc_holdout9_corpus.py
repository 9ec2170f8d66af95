"""DOC on the ninth holdout corpus (tests/fixtures/doc_holdout9_corpus): 20 folders of REAL
READMEs and a model card (Robust Video Matting, Cadene's pretrained-models, LPIPS, AudioLDM,
OpenVLA, StarCoder, ESM, facenet-pytorch, MiniGPT-4, Prov-GigaPath, TRELLIS, DiT, a BERT NER
Trainer card, PatchTST, LightFM, Dopamine, pycorrector, ZoeDepth, WaveGlow, ruDALL-E), labelled
blind by another session from the conventions of the earlier corpora (see its README-corpus.md),
without reading the rules.

First blind score, taken once after the fixes made on the eighth holdout (docfix8) and before
anyone working on the rules read this corpus (precision / recall):
DOC002 0.70/0.70, DOC003 0.92/1.00, DOC004 0.70/0.88, DOC005 0.70/0.88, DOC006 0.80/1.00,
DOC007 0.92/1.00, DOC008 1.00/0.88, DOC009 0.80/1.00.

Against issue 11's bar (precision 0.90, recall 0.85) on unseen READMEs: DOC003, DOC007 and
DOC008 meet it; DOC002 (0.70/0.70) and the precision of DOC004 (0.70), DOC005 (0.70), DOC006
(0.80) and DOC009 (0.80) do not. No fixes were made on this corpus: it is the latest unseen
measure. The thresholds are that first score less 0.01 (a floor).

Inter-labeller agreement: a second session labelled the same 20 READMEs independently from
the same conventions (tests/data/doc_agreement/holdout9-second.yaml). The two agree on every
folder for DOC003 and DOC006-DOC009, on 19 of 20 for DOC004, 18 for DOC005 and 16 for DOC002
(Cohen's kappa 0.60): scored against the first labels, the second labeller gets DOC002
0.80/0.80 and DOC005 0.88/0.88, under the issue's bar. On the folders both labellers agree on,
handoff scores DOC002 0.86/0.75, DOC004 0.67/0.86, DOC005 0.75/0.86, DOC006 0.80/1.00 and
DOC009 0.80/1.00: those misses are the rules', not the labels'.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout9_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.69,
    "DOC003": 0.91,
    "DOC004": 0.69,
    "DOC005": 0.69,
    "DOC006": 0.79,
    "DOC007": 0.91,
    "DOC008": 0.99,
    "DOC009": 0.79,
}
RECALL = {
    "DOC002": 0.69,
    "DOC003": 0.99,
    "DOC004": 0.87,
    "DOC005": 0.87,
    "DOC006": 0.99,
    "DOC007": 0.99,
    "DOC008": 0.87,
    "DOC009": 0.99,
}


def test_holdout9_corpus_covers_every_part():
    assert_labels_cover(CORPUS, PARTS, missing=3, documented=3)


def test_doc_precision_and_recall_per_part_on_the_holdout9_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
