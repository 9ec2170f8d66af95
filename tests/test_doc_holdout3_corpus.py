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

Fixed since, each as a general rule with a unit test in tests/test_doc.py written in our own
words (no folder or phrase of this corpus is named in the rules):
- DOC009: a predict-like method with a suffix (`predict_df`, `translate_batch`) is a model
  call; a snippet that scores what `.predict(x)` returns still shows how to run the model; a
  `--play` flag runs a saved policy. Not: an interactive container (`docker run -it ... bash`),
  which counts only by the script it runs.
- DOC002: a context length ("16K context lengths") is the input's length limit; value kinds
  ("expects scalar values"); "DataFrames in, forecasts out"; the line that loads the input with
  a dtype, or with a shape/rate comment, anywhere in a snippet. Not: a compute precision (fp32)
  next to "audio", a language after "into" (the one that comes out), 列 inside 序列.
- DOC003: not "padding removal" (an engine optimisation), resizing outputs, a step "the model
  will" do itself without a value, a dependency-list line ("`pkg` for BPE code"), preprocessing
  a dataset, "VAD (install first ...)".
- DOC004: a keyword setting with a qualifier (`box_threshold=`) or on its own line of a call;
  an option with its default in the same sentence; `--load_8bit`; the settings of a snippet
  that scores `.predict()` (not its data split); forecast length, ensemble size and voice as
  knobs. Not: several precisions listed or compared in one passage (supported formats, a
  timing table), "8-bit image" (a bit depth).
- DOC005: "generates ..., for example:" introduces an example output; a help-listing option
  that picks the output file type with its choices. Not: bare "text" (every language model
  makes text; "plain text" counts), a media word past the verb's clause ("output and better
  text streaming", "text with few lines of code"), 大概率 ("very likely"), 列举.
- DOC006: a batch size in a unit (`batch_size_s=300`). DOC007: a table cell under a header with
  a time unit ("torch (ms): 6.46"); not a training iteration time ("250ms / iter"). DOC008:
  `random_state=0` is a seed.

Current (after reading these folders, so no longer a blind measure), precision / recall:
DOC002 1.00/0.90, DOC003 0.93/0.88, DOC004 1.00/1.00, DOC005 0.90/1.00, DOC006 0.96/1.00,
DOC007 1.00/1.00, DOC008 1.00/1.00, DOC009 1.00/1.00. The other corpora did not move: blind
1.00/1.00 on every part; first holdout DOC002 0.82/1.00, DOC005 1.00/0.88, the rest 1.00/1.00;
second holdout DOC002 1.00/0.92, DOC004 0.92/1.00, DOC006 0.95/0.95, DOC007 0.95/1.00, DOC008
0.95/1.00, DOC009 0.82/1.00, the rest 1.00/1.00.

Disputed, and no rule bent for them:
- `vision_real_esrgan` DOC003 is labelled missing, but the README says the executable "first
  crops the input image into several tiles, and then processes them separately, finally stitches
  together": a transform of the input before the model, which the rule takes as preprocessing.
- `llm_nanogpt` DOC002 is labelled missing (close call), but "prompt the model with some text
  from a file (`--start=FILE:prompt.txt`)" says the input is plain text read from a .txt file.

Remaining misses (close calls, not worked on): `graph_graphsage` DOC003 ("not pass dense
one-hot vectors as features" is read as an encoding step); `ner_spanmarker_card` DOC003 (the
input template is only shown in examples, never described); `tabular_tabpfn` DOC005 (the
output is only named by variables and `return_winning_probability=True`);
`medical_monai_spleen` DOC006 (`--dynamic_batchsize` sits in an export command, not an
inference one).
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout3_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
# The score reached, rounded down (see the docstring): a floor against regressions.
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
    # Few READMEs state an inference batch size: only three folders document DOC006.
    assert_labels_cover(CORPUS, PARTS, missing=4, documented=3)


def test_doc_precision_and_recall_per_part_on_the_holdout3_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
