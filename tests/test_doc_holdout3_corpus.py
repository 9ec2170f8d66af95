"""DOC on the third holdout corpus (tests/fixtures/doc_holdout3_corpus): 25 folders of REAL
research READMEs and model cards copied verbatim (nanoGPT, Alpaca-LoRA, a CTranslate2 Falcon
card, FastChat, CTranslate2, Chinese-BERT-wwm, a SpanMarker card, CLIP, DINOv2 with its
MODEL_CARD.md, Grounding DINO, Real-ESRGAN, a ViT Trainer card, EasyOCR, TorchXRayVision, a
MONAI bundle, Demucs, Bark, CleanRL, OpenAI Baselines, FunASR, insanely-fast-whisper, a Whisper
Trainer card, TabPFN, Chronos, GraphSAGE), labelled blind by another session from the
conventions of the earlier corpora and its own (doc_holdout3_corpus/README-corpus.md), without
reading the rules. Each folder is checked alone; a rule scores per folder.

First score (rules as they stood after the second holdout, run once, never tuned on this
corpus), precision / recall: DOC002 0.60/0.60, DOC003 0.91/0.62, DOC004 0.60/0.75, DOC005
0.60/0.67, DOC006 0.92/1.00, DOC007 0.94/0.94, DOC008 0.95/1.00, DOC009 0.56/0.83 (no folder
lacks a README, so DOC001 is not scored here).
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import expected_by_project, projects_report, score_projects

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout3_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
# The score reached so far, rounded down (see the docstring): a floor against regressions.
PRECISION = {
    "DOC002": 1.00,
    "DOC003": 0.93,
    "DOC004": 1.00,
    "DOC005": 0.90,
    "DOC006": 0.95,
    "DOC007": 1.00,
    "DOC008": 1.00,
    "DOC009": 1.00,
}
RECALL = {
    "DOC002": 0.90,
    "DOC003": 0.87,
    "DOC004": 1.00,
    "DOC005": 1.00,
    "DOC006": 1.00,
    "DOC007": 1.00,
    "DOC008": 1.00,
    "DOC009": 1.00,
}


def test_holdout3_corpus_covers_every_part():
    expected = expected_by_project(CORPUS)
    assert len(expected) >= 15
    for code in PARTS:
        assert sum(code in codes for codes in expected.values()) >= 4, code
        # Few READMEs state an inference batch size: only three folders document DOC006.
        assert sum(code not in codes for codes in expected.values()) >= 3, code


def test_doc_precision_and_recall_per_part_on_the_holdout3_corpus():
    scores = score_projects(CORPUS, "DOC")
    report = projects_report(scores)
    for code in PARTS:
        assert scores[code].precision >= PRECISION[code], report
        assert scores[code].recall >= RECALL[code], report
