"""DOC on the fifth holdout corpus (tests/fixtures/doc_holdout5_corpus): 25 folders of REAL
READMEs and model cards (TimesFM, Lag-Llama, Time-Series-Library, LLaVA, minGPT,
mistral-inference, AutoAWQ, a PEFT card, LLaVA-Med, CheXNet, ConvNeXt, CodeFormer, MobileSAM,
guided-diffusion, DDPM, PixArt-alpha, ChatTTS, Parler-TTS, distil-whisper, Spinning Up, rtdl,
a graph CNN, SASRec, a SetFit and a Sentence Transformers card), labelled blind by another
session from the conventions of the earlier corpora (see its README-corpus.md), without reading
the rules.

First blind score, taken once after the fixes made on the fourth holdout and before anyone
working on the rules read this corpus (precision / recall):
DOC002 0.62/0.83, DOC003 1.00/0.84, DOC004 0.79/0.85, DOC005 0.80/0.80, DOC006 0.95/0.90,
DOC007 1.00/0.95, DOC008 0.95/0.95, DOC009 0.91/0.91.

Against the fourth holdout's first score, DOC009 now meets issue 11's bar (0.90/0.85) on unseen
READMEs, DOC003, DOC006, DOC007 and DOC008 are at or near it; DOC002's precision (an input read
into request objects, resolution columns, snippets without a statement about the input) and
DOC004/DOC005 (0.79-0.80) are not. The thresholds are that first score less 0.01 (a floor);
after a round of fixes on this corpus it no longer measures anything new.

Fixes made on this corpus (each a general principle with its own unit test in test_doc.py,
no folder or phrase of the corpus in a rule):
- DOC002: a resolution given as width x height (a model table's column, or prose that is not
  about what comes out) is the size of the image read; a value in an inference snippet whose
  comment names it a dimension of the input ("input ... length", "number of input ...") states
  the input.
- DOC004: a classifier guidance scale is a guidance scale; a fraction handed to an option of the
  inference command is a setting (paths, sizes and counts are names or whole numbers), unless
  the option is a training one (rate, decay, dropout, coefficient) or the command sets a
  training budget (epochs, timesteps, iterations).
- DOC005: what "comes out" is an output; "trained to output / predict X" says what the model
  does, so the sentence is not a training step.

Score after these fixes (precision / recall; the thresholds below are this score rounded down):
DOC002 0.83/0.83, DOC003 1.00/0.84, DOC004 0.917/0.85, DOC005 0.92/0.80, DOC006 0.95/0.90,
DOC007 1.00/0.95, DOC008 0.95/0.95, DOC009 0.91/0.91. No regression on the blind corpus or the
four earlier holdouts.

Left, not bent (close calls of the labels, or causes too narrow for a general rule now):
DOC002 llm_mistral_inference (request objects read as the input spec) and tts_parler (two
natural-language texts and a list of speaker names); DOC004 medical_chexnet (a ten-crop test
named in the same sentence as the training strategy, so the sentence reads as training);
DOC005 llm_mistral_inference (an example generation in a block tagged `sh`, whose every line
is read as a command, so it is never taken for an output); DOC006 diffusion_guided, DOC008 embeddings_minilm_st_card, DOC009
llm_mistral_inference.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout5_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.83,
    "DOC003": 1.00,
    "DOC004": 0.91,
    "DOC005": 0.92,
    "DOC006": 0.94,
    "DOC007": 1.00,
    "DOC008": 0.94,
    "DOC009": 0.90,
}
RECALL = {
    "DOC002": 0.82,
    "DOC003": 0.83,
    "DOC004": 0.84,
    "DOC005": 0.79,
    "DOC006": 0.89,
    "DOC007": 0.94,
    "DOC008": 0.94,
    "DOC009": 0.90,
}


def test_holdout5_corpus_covers_every_part():
    assert_labels_cover(CORPUS, PARTS, missing=4, documented=4)


def test_doc_precision_and_recall_per_part_on_the_holdout5_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
