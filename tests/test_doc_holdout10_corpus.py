"""DOC on the tenth holdout corpus (tests/fixtures/doc_holdout10_corpus): 20 folders of REAL
READMEs (RIFE, SegFormer, StyleGAN-XL, Open-Sora, SimCSE, BLEURT, GLM-130B, Resemblyzer, PANNs,
DreamerV3, Diffusion Policy, TabDDPM, implicit, NVIDIA's Temporal Fusion Transformer recipe,
MOMENT, ProteinMPNN, DiffDock, FourCastNet, MedCLIP, TotalSegmentator), labelled blind by another
session from the conventions of the earlier corpora (see its README-corpus.md), without reading
the rules.

First blind score, taken once after the fixes made on the ninth holdout (docfix9) and before
anyone working on the rules read this corpus (precision / recall):
DOC002 0.36/0.67, DOC003 0.67/0.55, DOC004 0.50/0.86, DOC005 0.50/0.80, DOC006 0.88/0.88,
DOC007 0.86/0.92, DOC008 1.00/1.00, DOC009 0.67/1.00.

Against issue 11's bar (precision 0.90, recall 0.85) only DOC008 meets it; it is the lowest first
blind score since the rules were written, right after the round that brought holdout9 to
0.82-1.00 on every part. The thresholds are that first score less 0.01 (a floor).

Inter-labeller agreement: a second session labelled the same 20 READMEs independently from the
same conventions (tests/data/doc_agreement/holdout10-second.yaml). The two agree on every folder
for DOC005-DOC008, on 19 of 20 for DOC002, DOC003 and DOC009 and on 18 for DOC004; scored
against the first labels, the second labeller gets recall 0.83 on DOC002, 0.91 on DOC003, 0.71
on DOC004 and 0.75 on DOC009 (precision 1.00 throughout). On the folders both labellers agree
on, handoff scores DOC002 0.36/0.80, DOC003 0.62/0.50, DOC004 0.40/0.80, DOC005 0.50/0.80,
DOC009 0.60/1.00: here the misses are the rules', not the labels'.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout10_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.35,
    "DOC003": 0.66,
    "DOC004": 0.49,
    "DOC005": 0.49,
    "DOC006": 0.87,
    "DOC007": 0.85,
    "DOC008": 0.99,
    "DOC009": 0.66,
}
RECALL = {
    "DOC002": 0.66,
    "DOC003": 0.54,
    "DOC004": 0.85,
    "DOC005": 0.79,
    "DOC006": 0.87,
    "DOC007": 0.91,
    "DOC008": 0.99,
    "DOC009": 0.99,
}


def test_holdout10_corpus_covers_every_part():
    assert_labels_cover(CORPUS, PARTS, missing=3, documented=3)


def test_doc_precision_and_recall_per_part_on_the_holdout10_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
