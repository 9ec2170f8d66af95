"""DOC on the fourth holdout corpus (tests/fixtures/doc_holdout4_corpus): 25 folders of REAL
READMEs and model cards (Qwen, BERT, MiDaS, whisper.cpp, YOLOX, open_clip, ControlNet,
CheXbert, text-generation-inference, GFPGAN, Coqui TTS, piper, TabTransformer, SetFit and T5
cards, rl-baselines3-zoo, DLRM, a Torgo and a BERT Trainer card, pytorch-a2c-ppo, Decision
Transformer, nnU-Net, DeepCTR, pygcn, LightGCN), labelled blind by another session from the
conventions of the earlier corpora (see its README-corpus.md), without reading the rules.

First blind score, taken once after the fixes made on the third holdout and before anyone
working on the rules read this corpus (precision / recall):
DOC002 0.56/0.82, DOC003 0.89/1.00, DOC004 0.67/0.91, DOC005 0.79/0.92, DOC006 0.91/1.00,
DOC007 0.95/0.95, DOC008 0.95/0.95, DOC009 0.62/1.00.

Against the first blind scores of the second and third holdouts (DOC003 recall 0.57 and 0.62,
DOC005 0.58 and 0.67), recall now holds on unseen READMEs; precision does not: DOC002 (an
input statement read into training data, configuration and feature lists), DOC004 (settings
read into training and export commands) and DOC009 (training or evaluation commands, and a
demo without the model call, taken for running inference) stay far below issue 11's 0.90.
The thresholds are that first score rounded down, a floor until a round of fixes on this
corpus; after it, the corpus no longer measures anything new.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import expected_by_project, projects_report, score_projects

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout4_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.55,
    "DOC003": 0.88,
    "DOC004": 0.66,
    "DOC005": 0.78,
    "DOC006": 0.90,
    "DOC007": 0.94,
    "DOC008": 0.94,
    "DOC009": 0.61,
}
RECALL = {
    "DOC002": 0.81,
    "DOC003": 1.00,
    "DOC004": 0.90,
    "DOC005": 0.91,
    "DOC006": 1.00,
    "DOC007": 0.94,
    "DOC008": 0.94,
    "DOC009": 1.00,
}


def test_holdout4_corpus_covers_every_part():
    expected = expected_by_project(CORPUS)
    assert len(expected) >= 15
    for code in PARTS:
        assert sum(code in codes for codes in expected.values()) >= 4, code
        assert sum(code not in codes for codes in expected.values()) >= 4, code


def test_doc_precision_and_recall_per_part_on_the_holdout4_corpus():
    scores = score_projects(CORPUS, "DOC")
    report = projects_report(scores)
    for code in PARTS:
        assert scores[code].precision >= PRECISION[code], report
        assert scores[code].recall >= RECALL[code], report
