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
The thresholds were that first score rounded down, a floor until a round of fixes on this
corpus; after it, the corpus no longer measures anything new.

Score after the round of fixes on this corpus (branch docfix4), precision / recall:
DOC002 0.82/0.82, DOC003 0.94/1.00, DOC004 0.91/0.91, DOC005 1.00/0.92, DOC006 0.95/1.00,
DOC007 1.00/0.95, DOC008 1.00/0.95, DOC009 1.00/1.00; the four earlier corpora unchanged. The
thresholds are now that score rounded down. Principles added, each with a unit test in
test_doc.py:
- DOC002: a request's JSON body names the fields a service reads; an example input built with
  a literal shape and passed to the model shows that shape; a length cut on what is read
  ("truncated to N tokens") is an input limit; a sentence whose subject points back ("the
  latter is ...") describes the input named just before; an input-size flag of an inference
  command gives the input size.
- DOC003: a conversion command that sets the sample rate or channels resamples the input.
- DOC004: an option of an inference program with a numeric default in its help listing; the
  resolution inference runs at ("inference height 384"); a length cut, whatever the verb; a
  streaming step (`--step`) in the documented command.
- DOC005: an output-type option with one dash; a diagram's "output:" line and the line under
  it; responses said to follow a published interface.
- DOC006: a table row that gives the memory taken at "bs=N" is a measured inference batch.
- DOC007: "Mem" is a memory column, also next to the size on disk.
- DOC008: a seed option with a qualifier and a value (`--random_seed=7`) sets the seed.
- DOC009: text piped into a program given a model; scripts that replay a trained policy or open
  a browser UI; "trained agent / policy" is a kind of model, not training; in a usage section, a
  program handed the trained weights runs them.
Disputed labels (left as they are, not bent into rules): rl_sb3_zoo DOC004 documented (the
`-n 5000` of the replay command is how long the demo runs, not a setting that changes what the
model returns); vision_gfpgan DOC002 documented (only "input image or folder" and aligned
faces are said, with no size, colour format or file type, which the corpus conventions count
as a modality, not a specification). Close calls left as misses: diffusion_controlnet DOC002,
DOC003 (control maps and annotators spread over app descriptions) and DOC005 (the evidence
found is a hypothetical about another tool's captions), vision_yolox DOC006 (`-b 1` in the
speed reproduction), medical_nnunet and tts_coqui DOC002, recsys_lightgcn DOC004, serving_tgi
DOC007, vision_open_clip DOC008.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout4_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.81,
    "DOC003": 0.94,
    "DOC004": 0.90,
    "DOC005": 1.00,
    "DOC006": 0.95,
    "DOC007": 1.00,
    "DOC008": 1.00,
    "DOC009": 1.00,
}
RECALL = {
    "DOC002": 0.81,
    "DOC003": 1.00,
    "DOC004": 0.90,
    "DOC005": 0.91,
    "DOC006": 1.00,
    "DOC007": 0.94,
    "DOC008": 0.95,
    "DOC009": 1.00,
}


def test_holdout4_corpus_covers_every_part():
    assert_labels_cover(CORPUS, PARTS, missing=4, documented=4)


def test_doc_precision_and_recall_per_part_on_the_holdout4_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
