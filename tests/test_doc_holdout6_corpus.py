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

Fixes made on this corpus (each a general principle with its own unit test in test_doc.py,
no folder or phrase of the corpus in a rule):
- DOC002: a "3D point cloud" names a kind of data (every point cloud is 3D), not a shape, and
  "SDF" is a file format only next to "file" or "format" (else the signed distance function of
  3D work); an example input shaped by sizes the snippet names first (`n, t, d = 2, 64, 16`
  then `torch.randn(n, t, d)`), or built with an explicit dtype and then passed to the model,
  states the input.
- DOC003: "crop" as the subject of a task ("crop detection") is no crop step; prompts added
  with nowhere to go are the clicks and boxes an interactive model takes, not a template;
  taking the background off the input, reordering the input's axes before the model call
  (`permute`, `transpose`, `moveaxis`, `rearrange`) and a tokenizer the caller builds or passes
  to the inference run are preprocessing.
- DOC004: the dtype an inference snippet's `autocast` runs at is the precision setting.
- DOC005: bare axis names and sizes commented on the model-call line (`# B T N 2`) are the
  output shape; "would result in" is a consequence, not the result (also in OUTPUT_TOPIC).
- DOC007: a measure word inside a path or link target (`runtime/...`) names a file.
- DOC009: creating or managing a cloud machine (`gcloud compute`, `aws ec2`, `az vm`) is
  setup; its `--image` is a machine image, not an input.

Score after these fixes (precision / recall; the thresholds below are this score less 0.01,
never below the first floors):
DOC002 0.90/1.00, DOC003 1.00/1.00, DOC004 1.00/0.92, DOC005 1.00/0.93, DOC006 1.00/1.00,
DOC007 1.00/1.00, DOC008 1.00/1.00, DOC009 1.00/1.00. Every part now meets issue 11's bar
on this corpus. No regression on the blind corpus or the five earlier holdouts (every part's
precision and recall unchanged there).

Disputed labels, left as labelled (the rule keeps its general reading):
- DOC002 tts_f5 (labelled documented, close call): the inference command passes a `.wav`
  reference, its transcript and the text to speak, with no statement of format, sample rate
  or length; the corpus conventions say a snippet that passes values without a statement about
  them does not specify the input, and reading every example file's extension as a format
  would document DOC002 for almost any `--image cat.jpg` command.
- DOC004 detection_yolov10 (labelled missing, close call): the model table's "Test Size 640"
  next to the latency is the resolution inference runs at, which the fourth holdout's labels
  (vision_yolox, the size column and `--tsize 640`) and the rule count as a setting.
- DOC005 diffusion_consistency_models (labelled missing, close call): the snippet's comment
  after the model call names what comes out ("class-conditional image generation", then
  `.images[0]` saved as PNG); comments after the call that name the output's medium or kind
  ("# decode the audio", "# Compute token embeddings") are labelled documented in the first and
  second holdouts, and the rule reads them the same way.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout6_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.89,
    "DOC003": 0.99,
    "DOC004": 0.99,
    "DOC005": 0.99,
    "DOC006": 1.00,
    "DOC007": 1.00,
    "DOC008": 1.00,
    "DOC009": 1.00,
}
RECALL = {
    "DOC002": 0.99,
    "DOC003": 0.99,
    "DOC004": 0.91,
    "DOC005": 0.92,
    "DOC006": 1.00,
    "DOC007": 0.99,
    "DOC008": 1.00,
    "DOC009": 0.99,
}


def test_holdout6_corpus_covers_every_part():
    assert_labels_cover(CORPUS, PARTS, missing=3, documented=3)


def test_doc_precision_and_recall_per_part_on_the_holdout6_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
