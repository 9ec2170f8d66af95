"""DOC on the eighth holdout corpus (tests/fixtures/doc_holdout8_corpus): 20 folders of REAL
READMEs and model cards (Octo, Uni2TS / Moirai, SatlasPretrain, HiFi-GAN, text2vec, Flair,
StyleGAN3, a wav2vec2 and a ViT Trainer card, Donut, minimalRL, node2vec, PyTorch Tabular,
BiomedParse, StreamingLLM, ImageBind, Tacotron 2, rinna's Japanese models, KcBERT, Latent
Diffusion), labelled blind by another session from the conventions of the earlier corpora (see its
README-corpus.md), without reading the rules.

First blind score, taken once after the fixes made on the seventh holdout (docfix7) and before
anyone working on the rules read this corpus (precision / recall):
DOC002 0.64/0.78, DOC003 0.92/0.75, DOC004 1.00/0.73, DOC005 0.78/0.88, DOC006 0.89/0.94,
DOC007 0.82/0.93, DOC008 1.00/0.94, DOC009 0.71/0.71.

Against issue 11's bar (precision 0.90, recall 0.85) on unseen READMEs: only DOC008 meets it.
DOC002 (0.64/0.78), DOC003 recall (0.75), DOC004 recall (0.73), DOC005 precision (0.78),
DOC006 precision (0.89), DOC007 precision (0.82) and DOC009 (0.71/0.71) do not. The first
thresholds were that first score less 0.01 (a floor); after a round of fixes on this corpus it
no longer measures anything new.

Fixes made on this corpus (docfix8), each a general principle with its own unit test in
test_doc_principles.py, kept only when no part of the blind corpus or of any earlier holdout
changed (a principle that moved an earlier corpus was dropped or narrowed, see below):
- Gate: a numerical-only project whose documentation says its method learns representations
  ("learns continuous representations for nodes", "feature learning") is a model.
- Passages: the words inside a released model's hyphenated name (`x-base-finetuned-y-v2`) do
  not make its table row or sentence about training.
- DOC002: a data block under an "Input" heading, or introduced as the input's format, shows the
  input; the model's input size named so ("input size 2560x1920") states it even in a sentence
  about how the model was trained; the context length given in the inference code (a comment
  naming the value on its line, `context_length=N`); what an architecture builds from its input
  ("creates contextual representations for categorical features") describes the network.
- DOC003: audio features named alone ("mel-spectrogram inversion") are a representation; a step
  computes or extracts them or gives their sizes.
- DOC004: an address handed to an option (`--ip=127.0.0.1`) is no fraction; "16 NFE" is a step
  count; a setting stated in prose in a section that gives a measured speed is that of the
  measured run (rows comparing configurations are not); values clipped to a range are scaled
  (preprocessing), and a bit depth before a data noun ("8-bit (0-255) aerial images") is the
  data's.
- DOC005: a literal in a comment ({'...'}, a number) shows a result only from the model call on;
  an assertion on a shape after the call states the output's; what a policy returns is an action.
- DOC006: in the inference code, a batch size passed by a name set to a number (`BSZ = 32` ...
  `batch_size=BSZ`), and a comment that states a limit ("only batch size 1 is supported").
- DOC007: a table cell under a header that is a rate (Sec/Img, QPS, tokens/s); "N times faster
  than real-time" is a real-time factor.
- DOC009: file edits and notebook or dashboard servers (sed, jupyter, tensorboard) are setup; a
  snippet the sentence before it introduces as running or using the model runs it, whatever
  its heading.

Score after these fixes (precision / recall; the thresholds below are this score less 0.01):
DOC002 0.80/0.89, DOC003 0.94/0.94, DOC004 1.00/0.93, DOC005 0.89/1.00, DOC006 1.00/1.00,
DOC007 1.00/1.00, DOC008 1.00/1.00, DOC009 0.86/0.86. No part of the blind corpus or of the seven
earlier holdouts changed (precision and recall identical before and after on all of them).

Disputed labels, left as labelled (the rule keeps its general reading):
- DOC002 llm_streaming_llm (labelled documented, close call): the 4096-token context window is
  stated of Llama-2 as an example of what a model "is pre-trained with", in a FAQ that says the
  method does not change it; the third holdout decided that context sizes stated for training
  (nanoGPT's "context size of up to 256 characters") are no input specification, and the
  principle that would read it (a context size in a sentence about training) makes nanoGPT's
  reading wrong too.
- DOC002 nlp_flair (labelled documented, close call): the only statement is "apply our models to
  your text" and a `Sentence('I love Berlin .')` passed to predict; this corpus itself labels
  rinna's DOC002 missing because "the example sentence is passed without any statement about
  the input", and the seventh holdout's disputed twitter card recorded the same reading (values a
  snippet passes, without a statement about them, do not specify the input).

Misses left on purpose (each would need a rule for one README):
- DOC002 nlp_rinna_japanese: "typing [MASK] in an input string" reads as the input's type, as
  the blind corpus's "one review per input string" does; telling a passing mention from a
  statement needs more than the words.
- DOC003 nlp_kcbert_ko: the cleaning function sits under "Train Data & Preprocessing" and only a
  Korean sentence asks to apply it to the caller's text (no Korean vocabulary; training-data
  preparation is not inference preprocessing by the blind corpus's convention);
  gan_stylegan3: "Calculate dataset mean and std" of a spectral-analysis tool reads as
  normalisation.
- DOC004 robotics_octo: "If you use Octo with a window size of 1" gives a window size a value, the
  same words as an audio model's chunk window, which earlier holdouts count as a setting; telling
  an observation history (input) from a processing window (setting) needs the domain.
- DOC005 diffusion_latent: "to create a sample of size 384x1024"; reading "create" as an output
  verb takes the third holdout's "Create a JSON configuration file" for an output format.
- DOC009 llm_streaming_llm: a demo script under "Run ... Chatbot" with no input, no weights and no
  telling name; reading any project script in a usage section as a run regressed five earlier
  corpora (training scripts under "Usage"). graph_node2vec (close call): `main.py --input
  graph.edgelist --output emb` learns the embeddings of the user's graph, which is both its
  training and its use; the rule sees a run on an input file.
"""

from __future__ import annotations

from pathlib import Path

from corpus_scoring import assert_labels_cover, assert_project_scores

CORPUS = Path(__file__).parent / "fixtures" / "doc_holdout8_corpus"
PARTS = [f"DOC00{n}" for n in range(2, 10)]  # no folder lacks a README: DOC001 is not scored
PRECISION = {
    "DOC002": 0.79,
    "DOC003": 0.93,
    "DOC004": 0.99,
    "DOC005": 0.88,
    "DOC006": 0.99,
    "DOC007": 0.99,
    "DOC008": 0.99,
    "DOC009": 0.85,
}
RECALL = {
    "DOC002": 0.88,
    "DOC003": 0.93,
    "DOC004": 0.92,
    "DOC005": 0.99,
    "DOC006": 0.99,
    "DOC007": 0.99,
    "DOC008": 0.99,
    "DOC009": 0.85,
}


def test_holdout8_corpus_covers_every_part():
    assert_labels_cover(CORPUS, PARTS, missing=3, documented=3)


def test_doc_precision_and_recall_per_part_on_the_holdout8_corpus():
    assert_project_scores(CORPUS, "DOC", PRECISION, RECALL)
