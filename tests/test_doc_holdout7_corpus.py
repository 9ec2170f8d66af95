"""DOC on the seventh holdout corpus (tests/fixtures/doc_holdout7_corpus): 21 folders of REAL
READMEs and model cards (pyannote.audio, Whisper JAX, EnCodec, Neural Collaborative Filtering, a
DETR and a DistilBERT Trainer card, an AST and a Twitter-RoBERTa card, Jukebox, GPTQ, fastText,
UNI, EDM, CRAFT, d3rlpy, NeuralForecast, Chemprop, U^2-Net, AutoGluon,
denoising-diffusion-pytorch, ChatGLM2-6B), labelled blind by another session from the conventions
of the earlier corpora (see its README-corpus.md), without reading the rules.

First blind score, taken once after the fixes made on the sixth holdout (docfix6) and before
anyone working on the rules read this corpus (precision / recall):
DOC002 0.75/0.75, DOC003 1.00/1.00, DOC004 0.77/0.91, DOC005 0.67/1.00, DOC006 0.88/0.94,
DOC007 0.94/1.00, DOC008 0.94/1.00, DOC009 0.71/0.83.

Against issue 11's bar (precision 0.90, recall 0.85) on unseen READMEs: DOC003, DOC007 and
DOC008 meet it; DOC002 (0.75/0.75), DOC004 precision (0.77), DOC005 precision (0.67), DOC006
precision (0.88) and DOC009 (0.71/0.83) do not. The thresholds are that first score less 0.01
(a floor); after a round of fixes on this corpus it no longer measures anything new.

Fixes made on this corpus (each a general principle with its own unit test in
test_doc_principles.py, no folder or phrase of the corpus in a rule):
- Snippets (DOC005, DOC006, DOC009): a code block that trains and then, back at its top level,
  runs or samples the model it trained is read as two snippets, the tail inference; sampling
  from a loaded model (`name.sample(...)`) is a model call. A command that sets epochs or a
  learning rate trains, whatever launches it (a `docker run` of a training script).
- DOC002: what a sentence says is generated or saved is the output, not the input ("Generate 64
  images and save them as PNG", "generating a 128 token sequence"); a venue and a year in
  parentheses ("(Arxiv, 2020)") cite a paper, not a shape; an example input sized by the loaded
  model's own attribute (`torch.randn([1, G.z_dim])`), the control tokens a text input may
  carry, the input or prompt length handed to an inference command and an input size passed by
  keyword to the model run (`input_size=24`) state the input.
- DOC004: a value in a training snippet whose comment says it is for inference is a setting
  (sampling/inference/denoising timesteps are steps); a numeric default stated in a sentence
  about the run ("default is 6 kbps") is a setting, as in a help listing; what a call that
  trains is given (`.fit(data, n_steps=...)`) is a training budget.
- DOC005: comment lines right under the line that prints the model's result show what it
  prints; what a classifier sorts its input into ("into one of the X classes") is its label set.
- DOC006: how many inputs a model processes at a time ("16 samples at a time") is its batch.
- DOC007: an amount of work done in a time ("transcribe 30 mins of audio in approx 30 sec").
- DOC008: a random generator made from a number (`jax.random.PRNGKey(0)`) sets the seed.
- DOC009: a command that hands the trained weights and an input the user fills in
  (`--test_folder=[folder path to test images]`) runs the model, whatever its script is called.

Score after these fixes (precision / recall; the thresholds below are this score less 0.01,
never below the first floors):
DOC002 0.92/1.00, DOC003 1.00/1.00, DOC004 0.92/1.00, DOC005 0.89/1.00, DOC006 1.00/1.00,
DOC007 1.00/1.00, DOC008 1.00/1.00, DOC009 1.00/1.00. Every part but DOC005 precision (0.89,
one disputed label) meets issue 11's bar on this corpus. No regression on the blind corpus or
the six earlier holdouts (the fifth holdout's DOC002 improves, 0.83/0.83 -> 0.85/0.92; every
other part's precision and recall unchanged there).

Disputed labels, left as labelled (the rule keeps its general reading):
- DOC002 nlp_twitter_sentiment_card (labelled documented, close call): the card says only
  "This model is suitable for English"; the first and third holdouts decided that a language
  (or a list of them) alone is no input specification, and the blind corpus asks for the type
  and unit of one input, which here come only from the strings the snippets pass (a snippet
  that passes values without a statement about them does not specify the input).
- DOC004 segmentation_u2net (labelled documented, close call): `-s 20 -a 0.5` are the blur sigma
  and fusion alpha of a compositing script named in a news entry, which neither its name nor its
  section marks as running the model on an input; they post-process the composite picture.
  Reading every numeric option of an unmarked script as an inference setting would document
  DOC004 for training and data scripts alike.
- DOC005 segmentation_u2net (labelled documented, close call): "We also provide the predicted
  saliency maps (links) for datasets SOD, ECSSD, ..." offers precomputed results on benchmark
  datasets for download (an evaluation artifact), unlike holdout4's "MiDaS computes the relative
  depth map given an image", which says what the model returns for an input; the results folder
  named elsewhere is an output place, not a format.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout7_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.91,
    "DOC003": 0.99,
    "DOC004": 0.91,
    "DOC005": 0.88,
    "DOC006": 0.99,
    "DOC007": 0.99,
    "DOC008": 0.99,
    "DOC009": 0.99,
}
RECALL = {
    "DOC002": 0.99,
    "DOC003": 0.99,
    "DOC004": 0.99,
    "DOC005": 0.99,
    "DOC006": 0.99,
    "DOC007": 0.99,
    "DOC008": 0.99,
    "DOC009": 0.99,
}


def test_holdout7_corpus_covers_every_part():
    assert_labels_cover(CORPUS, PARTS, missing=3, documented=3)


def test_doc_precision_and_recall_per_part_on_the_holdout7_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
