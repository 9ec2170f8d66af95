"""DOC on real files: the documentation reader (Markdown, reStructuredText, model-card front
matter), what a passage is about, when DOC applies, and each part's detector on both sides:
what documents a part and the look-alikes that do not (a training batch size, a "seed
dataset", an RL environment, a relative speed claim, an empty heading)."""

from __future__ import annotations

import pytest
from conftest import run_check

from handoff.api import Overrides, check
from handoff.checks.doc.commands import command_purpose
from handoff.checks.doc.passages import Passages, Purpose, sentences
from handoff.checks.doc.reader import read_document

MODEL = {"model.py": "import torch\n\nnet = torch.nn.Linear(4, 2)\n"}
ALL_PARTS = {f"DOC00{n}" for n in range(2, 10)}


def doc(tmp_path, files: dict[str, str], select: str = "DOC") -> list[tuple[str, str, int]]:
    result = run_check(tmp_path, files, select=(select,))
    assert not result.errors, result.errors
    return sorted((f.rule, f.path, f.line) for f in result.findings if f.rule.startswith("DOC"))


def codes(tmp_path, readme: str, others: dict[str, str] | None = None) -> set[str]:
    """The DOC codes a model project with this README gets."""
    files = {**MODEL, "README.md": readme, **(others or {})}
    return {code for code, _, _ in doc(tmp_path, files)}


def passages(text: str, path: str = "README.md") -> Passages:
    return Passages([read_document(path, text)])


# --- the reader -----------------------------------------------------------------------------


def test_markdown_sections_code_tables_and_images():
    text = (
        "# Title\n\nIntro `python predict.py`.\n\n## Usage\n\n"
        "| model | latency (ms) |\n|---|---|\n| r50 | 12 |\n\n"
        "```bash\npython predict.py --image a.jpg\n```\n\n"
        '### Notes\n\n![chart](c.png "9 ms per image")\n\n<p><img src="x.png" alt="peak 2 GB"></p>\n'
    )
    document = read_document("README.md", text)
    trails = [s.titles for s in document.sections]
    # The document title names the project: it is no section's context.
    assert trails == [(), (), ("Usage",), ("Usage", "Notes")]
    usage = document.sections[2]
    assert usage.line == 5
    table, code = usage.blocks
    assert table.text == "model: r50 | latency (ms): 12"
    assert (code.text, code.language, code.line) == ("python predict.py --image a.jpg", "bash", 12)
    images = [b.text for b in document.sections[3].blocks if b.kind.value == "image"]
    assert images == ["chart 9 ms per image", "peak 2 GB"]


def test_html_heading_elements_are_headings():
    text = '# T\n\n<br/>\n<h2 align="center">Fast <b>start</b></h2>\n<br/>\n\nRun it.\n'
    document = read_document("README.md", text)
    (section,) = [s for s in document.sections if s.titles]
    assert (section.titles, section.line) == (("Fast start",), 4)
    assert [b.text for b in section.blocks if b.text.strip()] == ["Run it."]


def test_front_matter_is_read_and_keeps_line_numbers():
    text = "---\nlicense: mit\ninference:\n  parameters:\n    top_k: 5\n---\n# Card\n\nBody.\n"
    document = read_document("README.md", text)
    assert document.front_matter["inference"] == {"parameters": {"top_k": 5}}
    assert document.is_model_card
    assert document.sections[1].line == 7


def test_front_matter_that_is_not_a_mapping_stays_text():
    document = read_document("README.md", "---\n- a\n- b\n---\n\nText.\n")
    assert document.front_matter == {}


def test_rst_sections_literal_blocks_images_fields_and_unknown_directives(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret 12 ms per image\n", encoding="utf-8")
    text = (
        "Usage\n=====\n\nRun::\n\n    python predict.py --smiles CCO\n\n"
        ".. code-block:: bash\n\n   molprop predict in.csv\n\n"
        ".. image:: lat.png\n   :alt: latency 12 ms\n\n"
        ".. figure:: chart.png\n\n   40 ms per molecule.\n\n"
        f".. include:: {secret}\n\n"
        ".. toctree::\n\n   api\n\n"
        ":Batch size: 16\n\nSeed\n----\n\nTBD\n"
    )
    document = read_document("docs/index.rst", text)
    usage = document.sections[1]
    blocks = [(b.kind.value, b.text) for b in usage.blocks]
    assert ("code", "python predict.py --smiles CCO") in blocks
    assert ("code", "molprop predict in.csv") in blocks
    assert ("image", "latency 12 ms") in blocks
    assert ("image", "40 ms per molecule.") in blocks
    assert ("text", "Batch size: 16") in blocks
    everything = " ".join(b.text for s in document.sections for b in s.blocks)
    assert "top secret" not in everything  # `.. include::` reads no file
    assert "toctree" not in everything
    # "Usage" is the only heading of its level, first: the document's title.
    assert document.sections[2].titles == ("Seed",)


def test_broken_markup_never_raises():
    for text in ("```\nunclosed fence", "<div><img alt='x'", "=====\nTitle\n", "\x00\x01"):
        read_document("README.md", text)
        read_document("README.rst", text)


def test_sentences_keep_abbreviations_and_drop_placeholders():
    assert sentences("Median 11 s vs. 19 s per pair. Next one.") == [
        "Median 11 s vs. 19 s per pair.",
        "Next one.",
    ]
    assert sentences("TODO: describe the output tensor.") == []
    assert sentences("Coming soon.") == []


# --- what a passage is about ------------------------------------------------------------------


@pytest.mark.parametrize(
    "command, purpose",
    [
        ("python train.py --epochs 10 --batch-size 64", Purpose.TRAINING),
        ("python tools/eval.py --split val", Purpose.EVALUATION),
        ("python predict.py --image cat.jpg", Purpose.INFERENCE),
        ("python train.py --predict img.png", Purpose.INFERENCE),
        ("receipt-ocr predict --image r.jpg", Purpose.INFERENCE),
        ("curl -X POST http://localhost:8000/predict -d @req.json", Purpose.INFERENCE),
        ("uvicorn app:app --port 8000", Purpose.INFERENCE),
        ("python run.py --dataset METR-LA --epochs 100", Purpose.TRAINING),
        ("pip install -r requirements.txt", None),
    ],
)
def test_command_purpose(command, purpose):
    assert command_purpose(command) is purpose


def test_an_ambiguous_script_follows_its_section():
    assert command_purpose("python generate.py --n 50000", Purpose.TRAINING) is None
    assert command_purpose("python generate.py --prompt hi", Purpose.INFERENCE) is Purpose.INFERENCE


def test_sentence_words_override_the_section():
    found = passages(
        "## Training\n\nWe train with batch size 256. At inference we use batch size 8.\n\n"
        "## Results\n\nThe inference latency is 12 ms.\n"
    )
    purposes = [(p.text, p.purpose) for p in found.texts]
    assert purposes == [
        ("We train with batch size 256.", Purpose.TRAINING),
        ("At inference we use batch size 8.", Purpose.INFERENCE),
        ("The inference latency is 12 ms.", Purpose.INFERENCE),
    ]


def test_training_named_as_a_source_does_not_make_a_sentence_about_training():
    found = passages(
        "## Preprocessing\n\nImages are normalised with the mean saved during training.\n"
    )
    assert found.texts[0].purpose is Purpose.NEUTRAL


def test_a_snippet_that_calls_a_loaded_model_is_inference():
    found = passages(
        "## Quick start\n\n```python\ntts = TTS.from_pretrained('org/tts')\nwav = tts('Hello')\n"
        "# wav is a float32 array at 22,050 Hz\n```\n"
    )
    (snippet,) = found.snippets
    assert snippet.purpose is Purpose.INFERENCE
    assert [line.after_call for line in snippet.lines] == [False, True, True]


def test_a_comment_that_names_a_model_is_no_model_call():
    found = passages(
        "## Usage\n\n```python\n# Load a model (options: small, large)\nm = hub.load('org/x')\n"
        "# the input\nx = 'cat.jpg'\nresult = m(x)\n```\n"
    )
    (snippet,) = found.snippets
    assert [line.after_call for line in snippet.lines] == [False, False, False, False, True]


# --- when DOC applies -------------------------------------------------------------------------


def test_a_cli_tool_gets_no_doc_finding(tmp_path):
    files = {"cli.py": "import argparse\n", "README.md": "# renamer\n\nRenames files.\n"}
    assert doc(tmp_path, files) == []


def test_an_optional_framework_import_does_not_make_a_model(tmp_path):
    files = {
        "lib.py": "try:\n    import torch\nexcept ImportError:\n    torch = None\n",
        "README.md": "# tensorlib\n\nUtilities.\n",
    }
    assert doc(tmp_path, files) == []


def test_model_code_in_tests_examples_fixtures_and_templates_does_not_make_a_model(tmp_path):
    files = {
        "src/tool/core.py": "import json\n",
        "tests/fixtures/repo/train.py": "import torch\n",
        "examples/demo/model.py": "import tensorflow\n",
        "examples/demo/requirements.txt": "torch==2.3.1\n",
        "tests/data/model.pt": "weights",
        "templates/package/bench/sweep.py": "import torch\n",
        "README.md": "# tool\n\nA linter for models.\n",
    }
    assert doc(tmp_path, files) == []


@pytest.mark.parametrize(
    "files",
    [
        {"model.py": "import sklearn\n"},
        {
            "nb.ipynb": '{"cells": [{"cell_type": "code", "source": ["import torch"], "metadata": {}, '
            '"outputs": [], "execution_count": null}], "metadata": {}, "nbformat": 4, '
            '"nbformat_minor": 5}'
        },
        {
            "pyproject.toml": '[project]\nname = "m"\nversion = "1"\ndependencies = ["torch==2.3.1"]\n'
        },
        {"model.safetensors": "not really weights", "weights/extra.pt": "nor these"},
        {"MODEL_CARD.md": "# Card\n"},
        {"fit.py": "from torch_forestnet import Forest\n"},
    ],
    ids=[
        "import",
        "notebook import",
        "declared dependency",
        "weights",
        "model card",
        "framework-named package",
    ],
)
def test_a_model_is_recognised(tmp_path, files):
    assert ("DOC001", ".", 1) in doc(tmp_path, files)


def test_a_codeless_project_is_judged_by_what_its_readme_describes(tmp_path):
    model = {"pyproject.toml": '[project]\nname = "m"\nversion = "1"\n'}
    model["README.md"] = "# m\n\nA ResNet model trained on ImageNet.\n"
    assert {c for c, _, _ in doc(tmp_path / "a", model)} == ALL_PARTS
    notes = {
        "pyproject.toml": model["pyproject.toml"],
        "README.md": "# notes\n\nMy reading list.\n",
    }
    assert doc(tmp_path / "b", notes) == []


def test_a_link_to_weights_in_the_readme_makes_a_model(tmp_path):
    """A release whose weights are hosted elsewhere: its code imports its own package only."""
    code = {"seg.py": "import numpy as np\nfrom maskkit import Predictor\n"}
    release = "# maskkit\n\nDownload the [large checkpoint](https://example.org/w/mk_large.pth).\n"
    assert ("DOC002", "README.md", 1) in doc(tmp_path / "a", {**code, "README.md": release})
    page = "# maskkit\n\nSee the [paper](https://example.org/mk.pdf) and https://example.org/mk.\n"
    assert doc(tmp_path / "b", {**code, "README.md": page}) == []
    hub = "# maskkit\n\nWeights: [mk-large](https://huggingface.co/example/mk-large).\n"
    assert ("DOC002", "README.md", 1) in doc(tmp_path / "c", {**code, "README.md": hub})
    docs = "# maskkit\n\nBuilt on [the Hub](https://huggingface.co/docs/hub/index).\n"
    assert doc(tmp_path / "d", {**code, "README.md": docs}) == []


def test_numerical_code_is_judged_by_what_its_readme_describes(tmp_path):
    """A script that only blends prediction files with numpy/pandas is no tool of its own."""
    blend = {"blend.py": "import numpy as np\nimport pandas as pd\n"}
    readme = "# solution\n\nWe train gradient-boosted models and average their predictions.\n"
    assert {c for c, _, _ in doc(tmp_path / "a", {**blend, "README.md": readme})} == ALL_PARTS
    tool = {"blend.py": "import numpy as np\nimport typer\n", "README.md": readme}
    assert doc(tmp_path / "b", tool) == []
    plain = {"blend.py": "import json\n", "README.md": readme}
    assert doc(tmp_path / "c", plain) == []


# --- DOC001 and where findings go --------------------------------------------------------------


def test_no_readme_is_doc001_alone_at_the_project_root(tmp_path):
    assert doc(tmp_path, MODEL) == [("DOC001", ".", 1)]


def test_docs_without_readme_are_read_and_parts_reported_at_them(tmp_path):
    files = {**MODEL, "docs/usage.md": "# Usage\n\n```bash\npython predict.py --image a.png\n```\n"}
    found = doc(tmp_path, files)
    assert ("DOC001", ".", 1) in found
    assert {c for c, _, _ in found} == {"DOC001"} | ALL_PARTS - {"DOC009"}
    assert all(path == "docs/usage.md" for code, path, _ in found if code != "DOC001")


def test_a_model_card_counts_where_it_covers_a_part(tmp_path):
    card = "# Card\n\n## Inputs\n\nRGB images as uint8 arrays of shape (H, W, 3).\n"
    assert "DOC002" not in codes(tmp_path, "# m\n\nSee MODEL_CARD.md.\n", {"MODEL_CARD.md": card})


def test_parts_are_reported_at_the_usage_heading(tmp_path):
    readme = "# m\n\nIntro.\n\n## Installation\n\npip install m\n\n## Usage\n\nSee below.\n"
    found = doc(tmp_path, {**MODEL, "README.md": readme})
    lines = {code: line for code, _, line in found}
    assert lines["DOC002"] == 9 and lines["DOC009"] == 9
    assert lines["DOC008"] == 5
    assert lines["DOC007"] == 1


def test_a_run_that_leaves_the_readme_out_says_nothing(tmp_path):
    """pre-commit passes the staged files: the README is there, not among them."""
    run_check(tmp_path, {**MODEL, "README.md": "# m\n"}, select=("DOC",))
    result = run_check(tmp_path, {}, select=("DOC",))
    assert result.findings  # the whole project: the README is judged
    staged = check([tmp_path / "model.py"], isolated=True, overrides=Overrides(select=("DOC",)))
    assert staged.findings == []
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "net.py").write_text("import torch\n", encoding="utf-8")
    part = check([tmp_path / "src"], isolated=True, overrides=Overrides(select=("DOC",)))
    assert part.findings == []


def test_a_subproject_with_its_own_readme_is_judged(tmp_path):
    files = {"examples/demo/README.md": "# demo\n", "examples/demo/train.py": "import torch\n"}
    run_check(tmp_path, files, select=("DOC",))
    result = check(
        [tmp_path / "examples" / "demo"], isolated=True, overrides=Overrides(select=("DOC",))
    )
    assert {f.path for f in result.findings} == {"examples/demo/README.md"}


# --- the parts, both sides ----------------------------------------------------------------------


PARTS = [
    # DOC002 input specification
    ("DOC002", True, "## Usage\n\nThe model takes a 224x224 RGB image as float32 in [0, 1].\n"),
    ("DOC002", True, "## Input\n\nA CSV file with a `smiles` column, one molecule per row.\n"),
    ("DOC002", True, "输入为 UTF-8 编码的中文文本，单条不超过 500 个字符。\n"),
    (
        "DOC002",
        True,
        "## Verwendung\n\nEingabe: eine CSV-Datei mit den Spalten `id` und `betrag`.\n",
    ),
    ("DOC002", False, "Trained on ImageNet (1.2M images at 224x224) for 90 epochs.\n"),
    ("DOC002", False, "The dataset contains 50,000 32x32 images.\n"),
    ("DOC002", False, "## Usage\n\nInference takes 30 ms per image.\n"),
    ("DOC002", False, "## Input format\n\nTBD\n"),
    # DOC003 preprocessing
    ("DOC003", True, "## Inference\n\nResize to 256, center-crop 224, normalise with mean/std.\n"),
    (
        "DOC003",
        True,
        "## Usage\n\n```python\ninputs = tokenizer(text, return_tensors='pt')\nout = model(**inputs)\n```\n",
    ),
    ("DOC003", False, "## Training\n\nRandomResizedCrop(224), flips and mixup.\n"),
    (
        "DOC003",
        False,
        "## Usage\n\n```python\nclassifier = pipeline('text-classification')\nclassifier('ok')\n```\n",
    ),
    ("DOC003", False, "Token counts come from the tokenizer.\n"),
    # DOC004 inference settings
    ("DOC004", True, "## Inference\n\n```bash\npython detect.py --source img/ --conf 0.25\n```\n"),
    (
        "DOC004",
        True,
        "---\ninference:\n  parameters:\n    temperature: 0.2\n---\n# LLM\n\nA model card.\n",
    ),
    ("DOC004", True, "Default settings: NMS IoU threshold 0.45, FP16 on GPU.\n"),
    (
        "DOC004",
        False,
        "## Training\n\nlearning_rate: 2e-5, warmup 500 steps, fp16 mixed precision.\n",
    ),
    ("DOC004", False, "| model | top-1 | top-5 |\n|---|---|---|\n| vit | 81.2 | 95.1 |\n"),
    # DOC005 output format
    ("DOC005", True, "## Usage\n\nThe model returns a list of dicts with `label` and `score`.\n"),
    (
        "DOC005",
        True,
        '## API\n\nResponse:\n\n```json\n{"label": "cat", "score": 0.93}\n```\n',
    ),
    (
        "DOC005",
        True,
        "## Quick start\n\n```python\nm = load('w.pt')\nprobs = m(x)\n# probs: (N, 10) float32 tensor\n```\n",
    ),
    ("DOC005", False, "## Usage\n\nResults are saved to `outputs/` (`--output_dir`).\n"),
    # DOC006 batch size
    ("DOC006", True, "## Usage\n\n```bash\npython predict.py --input a.csv --batch-size 16\n```\n"),
    ("DOC006", True, "Streaming inference processes one window at a time (batch size 1).\n"),
    ("DOC006", True, "We recommend a batch size of 8 on a 16 GB GPU.\n"),
    (
        "DOC006",
        False,
        "## Training hyperparameters\n\n- train_batch_size: 32\n- eval_batch_size: 64\n",
    ),
    ("DOC006", False, "## Training\n\n```bash\npython train.py --data ppe.yaml --batch 32\n```\n"),
    # a table of the memory taken at each batch, the batch written short
    (
        "DOC006",
        True,
        "## Cache\n\n| cache | bs=2 | bs=8 |\n|---|---|---|\n| on | 9.1GB | 14.5GB |\n",
    ),
    (
        "DOC006",
        False,
        "## Usage\n\n```python\nout = model(img.unsqueeze(0))  # batch of 1\n```\n",
    ),
    # DOC007 resource figures
    ("DOC007", True, "On a T4, inference takes 12 ms per image.\n"),
    ("DOC007", True, "![Latency: 1.9 s per image on an A100; peak VRAM 5.1 GB](lat.png)\n"),
    ("DOC007", True, "| GPU | throughput |\n|---|---|\n| T4 | 350 img/s |\n"),
    ("DOC007", False, "25.9M parameters, 8.7 GFLOPs, about 15x faster than Tacotron 2.\n"),
    ("DOC007", False, "Training takes 14 hours on 8x A100 80GB.\n"),
    ("DOC007", False, "Human annotators needed 11 s vs. 19 s per pair.\n"),
    ("DOC007", False, "![Speed compared with the baseline: 3x faster](speed.png)\n"),
    ("DOC007", False, "Features: 80 log-mel bins, 25 ms window, 10 ms hop.\n"),
    # DOC008 environment
    (
        "DOC008",
        True,
        "Tested with `torch==2.3.1` and `transformers==4.41.2`; seed 42 for all runs.\n",
    ),
    ("DOC008", True, "Image `pytorch/pytorch:2.3.1-cuda12.1`. Inference has no randomness.\n"),
    ("DOC008", False, "pip install -r requirements.txt (Python 3.10). Seed 42.\n"),
    ("DOC008", False, "PyTorch 2.1.2. Data: a seed dataset of 500 pairs.\n"),
    (
        "DOC008",
        False,
        "The RL environment is HalfCheetah-v4; set the environment variable MUJOCO_GL.\n",
    ),
    # DOC009 how to run inference
    ("DOC009", True, "## Usage\n\n```bash\npython predict.py --image my_photo.jpg\n```\n"),
    (
        "DOC009",
        True,
        "Start the server with `uvicorn app:app` and `curl -X POST http://localhost:8000/predict -d @x.json`.\n",
    ),
    (
        "DOC009",
        True,
        "```python\nfrom m import load\nmodel = load('w.pt')\nmodel.predict('scan.png')\n```\n",
    ),
    ("DOC009", False, "## Training\n\n```bash\npython train.py --config c.yaml\n```\n"),
    ("DOC009", False, "## Evaluation\n\n```bash\npython eval.py --split test\n```\n"),
    (
        "DOC009",
        False,
        "[![Open In Colab](badge.svg)](https://colab.research.google.com/x.ipynb) Open the notebook.\n",
    ),
    ("DOC009", False, "## Inference\n\nComing soon.\n"),
    ("DOC009", True, "## Usage\n\n```bash\npython main.py --image cat.jpg\n```\n"),
    (
        "DOC009",
        False,
        "## Quick start\n\n```bash\npython -m pip install -r requirements.txt\n"
        "python scripts/download_weights.py --out weights/\n```\n",
    ),
    ("DOC005", False, "Predictions are compared with the ground-truth labels.\n"),
    (
        "DOC005",
        True,
        "## Usage\n\n```bash\npython predict.py --input new.csv --output churn.csv\n```\n\n"
        "`churn.csv` holds the columns `customer_id` and `probability` (a float in [0, 1]).\n",
    ),
    (
        "DOC004",
        True,
        "## Serving\n\n```bash\ncurl http://localhost:8000/v1/completions -d "
        '\'{"prompt": "Hi", "temperature": 0.7}\'\n```\n',
    ),
    # from the holdout corpus's misses, in words of our own
    ("DOC002", True, "## Inference\n\nAll sizes accept sequences of up to 2048 tokens.\n"),
    ("DOC002", True, "A bilingual English/German dialogue model for support chats.\n"),
    ("DOC002", False, "## Training\n\nWe fine-tune on sequences of 512 tokens.\n"),
    ("DOC005", True, "## Usage\n\nUse `generate` to generate the transcripts of a recording.\n"),
    (
        "DOC005",
        True,
        "## Labels\n\n| Label | Examples |\n|---|---|\n| spam | win a prize |\n| ham | hi mom |\n",
    ),
    ("DOC005", False, "## Labels\n\nTBD\n"),
    (
        "DOC005",
        False,
        "## Training data\n\n| Label | Count |\n|---|---|\n| spam | 10 |\n| ham | 12 |\n",
    ),
    ("DOC005", False, "## Data\n\nWe generate the dataset with a script of our own.\n"),
    (
        "DOC003",
        True,
        "## Usage\n\nA voice activity detection filter first removes silence over 2 seconds.\n",
    ),
    (
        "DOC003",
        True,
        "## Training\n\nWe fine-tuned with this prompt:\n\n```\n### Instruction:\n{instruction}\n"
        "\n### Response:\n```\n",
    ),
    (
        "DOC003",
        True,
        "## Fine-tuned chat models\n\nEach dialog starts with a `<<SYS>>` block, as in our chat code.\n",
    ),
    ("DOC003", False, "## Training\n\nWe trim silence from the training clips with a VAD.\n"),
    ("DOC003", False, "## Pretrained models\n\nThree sizes are released.\n"),
    (
        "DOC004",
        True,
        "## Sampling\n\nBy default: guidance scale 5 at 256x256 (which it was trained on).\n",
    ),
    ("DOC004", True, "## Generate\n\n```bash\npython generate.py --trunc=0.7 --seeds=1-4\n```\n"),
    (
        "DOC004",
        True,
        "## Usage\n\n```bash\npython transcribe.py talk.wav --language French\n```\n",
    ),
    ("DOC004", False, "A PyTorch port of Deep Deterministic Policy Gradient (DDPG).\n"),
    (
        "DOC004",
        False,
        "## Sampling\n\nGuidance scale 5 at 256x256 (training took 2 days).\n",
    ),
    (
        "DOC006",
        True,
        "## CLI\n\n```\nusage: tagger [--bs N] file\n  --bs N   Batch size. Defaults to 4 (16GB GPU).\n```\n",
    ),
    (
        "DOC006",
        True,
        "## Performance\n\n| GPU | Batch size | Requests/s |\n|---|---|---|\n| T4 | 32 | 900 |\n",
    ),
    ("DOC006", True, "## Models\n\n| Model | batch 1 fps |\n|---|---|\n| m-s | 90 fps |\n"),
    (
        "DOC006",
        False,
        "## Evaluation on the test set\n\n```python\nm = load('w.pt')\n"
        "res = ds.map(lambda b: m(b), batched=True, batch_size=8)\n```\n",
    ),
    (
        "DOC006",
        False,
        "## Training cost\n\n| GPU | Batch size | hours |\n|---|---|---|\n| A100 | 256 | 12 |\n",
    ),
    (
        "DOC006",
        False,
        "## CLI\n\n```\n  --batch-size N   Training batch size. Defaults to 64.\n```\n",
    ),
    ("DOC009", True, "## Get a prediction\n\nRun ```$ pagereader path/to/scan.pdf```.\n"),
    ("DOC009", False, "## Install\n\nCheck it with ```$ pagereader --version```.\n"),
    # text piped into a program given the model is an input
    (
        "DOC009",
        True,
        "## Speak\n\n```bash\nprintf 'good morning' | ./voicebox -m v1.bin > a.raw\n```\n",
    ),
    ("DOC009", False, "## Setup\n\n```bash\necho 'export X=1' >> ~/.bashrc\n```\n"),
    # a trained policy replayed in its environment, under a heading about the trained policy
    (
        "DOC009",
        True,
        "## Replay a trained policy\n\n```bash\npython rollout.py --env Hopper-v3 --dir ckpts/\n```\n",
    ),
    # a browser app around the model
    ("DOC009", True, "## Sketch to image\n\n```bash\npython gradio_sketch2img.py\n```\n"),
    # in a section about using the model, a program handed the trained weights runs them
    (
        "DOC009",
        True,
        "## Usage\n\n```bash\npython tagger.py --data notes/ --checkpoint best.bin\n```\n",
    ),
    (
        "DOC009",
        False,
        "## Usage\n\n```bash\npython tagger_train.py --data notes/ --checkpoint best.bin\n```\n",
    ),
    ("DOC007", True, "Scoring the 40M test rows: 12 minutes for prediction on 32 vCPUs.\n"),
    ("DOC007", False, "The gradient-boosted model needs 3 hours for training.\n"),
    (
        "DOC002",
        True,
        "## Models\n\n| Model | Input size | Params |\n|---|---|---|\n| s | 384 | 7M |\n",
    ),
    ("DOC002", False, "## Training\n\nImage size 640, 300 epochs, batch 64.\n"),
    # from the second holdout corpus's misses, in words of our own
    (
        "DOC002",
        True,
        "## Usage\n\nThe detector wants frames (already letterboxed and denoised by the camera"
        " firmware) as 8-bit grayscale.\n",
    ),
    ("DOC002", True, "## Usage\n\nQueries longer than 128 word pieces are cut.\n"),
    ("DOC002", True, "## Usage\n\nIt turns natural-language requests into SQL.\n"),
    ("DOC002", True, "## Audio\n\nThe detector works at 8 kHz and 16 kHz sampling rates.\n"),
    (
        "DOC002",
        True,
        "## Models\n\n| Model | Size (pixels) | mAP |\n|---|---|---|\n| n | 640 | 28.0 |\n",
    ),
    (
        "DOC002",
        True,
        "## Options\n\n| Argument | Meaning |\n|---|---|\n"
        "| ctx_len | Input sequence length (defaults to 48) |\n",
    ),
    (
        "DOC002",
        True,
        "## Usage\n\n```python\nimg = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB) / 255.0\n"
        "out = model(img)\n```\n",
    ),
    (
        "DOC002",
        True,
        "## Usage\n\n```python\nx = prepare('cat.png')\nprint(x.shape)  # torch.Size([1, 3, 256, 256])"
        "\ny = model(x)\n```\n",
    ),
    (
        "DOC002",
        True,
        "## Usage\n\n```python\n# Build a model (sizes: s, m, l)\nm = hub.load('x')\n"
        "# Input: a path, a URL or an HxWx3 uint8 array\nr = m(src)\n```\n",
    ),
    ("DOC002", False, "## News\n\n- 2024: a new release for 3D and video segmentation.\n"),
    (
        "DOC002",
        False,
        "## Features\n\n| Feature | Ours |\n|---|---|\n| `Dict` observation support | ✔ |\n",
    ),
    ("DOC002", False, "## Serving\n\nThe server accepts a config file in JSON format.\n"),
    (
        "DOC002",
        False,
        "## Usage\n\n```python\n# python prep.py --text data/clips.txt\nout = model(x)\n```\n",
    ),
    ("DOC003", True, "## Usage\n\nUnlike v1, queries need no instruction prefix added anymore.\n"),
    (
        "DOC003",
        True,
        "## Serving\n\n```console\n$ srv --help\n  --query-prompt <P>\n"
        "      The prompt is prepended to every query before encoding.\n```\n",
    ),
    (
        "DOC003",
        True,
        "## Predict\n\n```\n  --shrink S   Downscaling factor of the input images\n```\n\n"
        "The default factor is 0.5.\n",
    ),
    ("DOC003", False, "## Model\n\nEach block uses batch normalization with momentum 0.02.\n"),
    ("DOC003", False, "## Code\n\nHelpers for preprocessing live in `prep_utils.py`.\n"),
    ("DOC003", False, "## Speed\n\nTimes on an A100 exclude preprocessing.\n"),
    (
        "DOC003",
        False,
        "## Architecture\n\n```\nNet(\n  (0): Backbone()\n  (1): Normalize()\n)\n```\n",
    ),
    (
        "DOC003",
        False,
        "## Usage\n\n```python\nout = model(img)  # resizing and normalization happen automatically"
        "\n```\n",
    ),
    (
        "DOC003",
        False,
        "## About\n\nA small voice activity detection model for phones. Run the VAD on a stream.\n",
    ),
    (
        "DOC003",
        False,
        "## Usage\n\n```python\n# python preprocess.py --lang 2\nout = model(x)\n```\n",
    ),
    (
        "DOC003",
        False,
        "## Usage\n\n```python\nres = model(img)\n# show the results (options: .show(), .crop())\n```\n",
    ),
    ("DOC004", True, "## Usage\n\nReviews beyond 300 word pieces are truncated by default.\n"),
    (
        "DOC004",
        True,
        "## Serving\n\n```console\n$ srv --help\n  --cut-long\n"
        "      Shorten long requests by truncation. Defaults to false.\n```\n",
    ),
    ("DOC004", True, "## Export\n\nThe exported graph runs in FP32.\n"),
    ("DOC004", True, "## Usage\n\nWe run single-scale inference with no flip.\n"),
    (
        "DOC004",
        True,
        "## Options\n\n| Option | Meaning |\n|---|---|\n"
        "| horizon | Prediction length in steps (defaults to 12) |\n",
    ),
    ("DOC004", True, "## Model details\n\n- Similarity metric: dot product\n"),
    ("DOC004", True, "## Usage\n\nClip the predictions at 0 since prices are never negative.\n"),
    (
        "DOC004",
        True,
        "## Quick start\n\n```python\nimport torch\ntorch.set_num_threads(2)\nm = load('w.pt')\n"
        "m.predict(x)\n```\n",
    ),
    (
        "DOC004",
        True,
        '<h2 align="center">Fast start</h2>\n<br/>\n\n```python\nimport torch\n'
        "torch.set_num_threads(1)\nspans = find_spans(wav, vad)\n```\n",
    ),
    ("DOC004", False, "## Features\n\n- Test-time augmentation: boost accuracy with TTA.\n"),
    ("DOC004", False, "## Results\n\nBox mAP at IoU thresholds 0.5 to 0.95, inference size 640.\n"),
    ("DOC004", False, "## Models\n\nReproduce with `python val.py --data coco.yaml --iou 0.65`.\n"),
    ("DOC004", False, "## Speed\n\nInference is 6 ms per image; NMS time (~1 ms) is excluded.\n"),
    ("DOC004", False, "We backpropagate through a frozen 4-bit model into small adapters.\n"),
    ("DOC005", True, "## About\n\nThe assistant generates SQL from a question.\n"),
    ("DOC005", True, "## About\n\nIt detects hands as 21 keypoints each.\n"),
    ("DOC005", True, "## Policy\n\n- `Box`: an N-dimensional point in the action space.\n"),
    (
        "DOC005",
        True,
        "## Quick start\n\n```python\nspans = find_spans(wav, vad, in_seconds=True)"
        "  # return the spans in seconds\n```\n",
    ),
    (
        "DOC005",
        False,
        "## Usage\n\n```python\nres = model(img)\n# Handle the results (choose .show() or .save())"
        "\nres.show()\n```\n",
    ),
    (
        "DOC005",
        False,
        "## Serving\n\nAn example configuration file looks like this:\n\n```json\n"
        '{"port": 8000, "model": "a"}\n```\n',
    ),
    ("DOC005", False, "Our vocoder generates cleaner audio than earlier two-stage systems.\n"),
    ("DOC005", False, "We show that the detector is easy to extend to predict instance masks.\n"),
    (
        "DOC005",
        False,
        "## Model\n\nIt looks at the whole image context to output a set of answers.\n",
    ),
    ("DOC005", False, "## Usage\n\nSome predictions can be negative.\n"),
    # from the third holdout corpus's misses, in words of our own
    (
        "DOC009",
        True,
        "## Forecast\n\n```python\nfc = Forecaster.from_pretrained('org/fc-small')\n"
        "out = fc.predict_frame(history, horizon=12)\n```\n",
    ),
    (
        "DOC009",
        True,
        "## Quick look\n\n```python\nest = RowModel()\nest.fit(x_fit, y_fit)\n"
        "guess = est.predict(x_new)\nprint(f1_score(y_new, guess))\n```\n",
    ),
    ("DOC009", True, "## Watch it\n\n```bash\npython -m agents.main --load ckpt/ --play\n```\n"),
    ("DOC002", True, "## Models\n\nBoth checkpoints support a 32K context window.\n"),
    ("DOC002", True, "## Usage\n\nThe regressor expects numeric features only.\n"),
    ("DOC002", True, "## Serving\n\nArrow tables in, scores out: JSON files in, JSON out.\n"),
    (
        "DOC002",
        True,
        "## Usage\n\n```python\nm = Model.load('x')\nm.run('a.flac')\n"
        "wave, rate = soundfile.read('b.flac', dtype='int16')\nm.run(wave)\n```\n",
    ),
    (
        "DOC002",
        False,
        "## Speed\n\n| engine | time for 2 hours of audio |\n|---|---|\n"
        "| base (`fp16`) | 9 min |\n",
    ),
    ("DOC002", False, "## Demo\n\nInstruction: turn the sentence below into German.\n"),
    ("DOC002", False, "只需几行代码即可完成文本分类、序列标注等任务。\n"),
    # a request with a JSON body names the fields the service reads
    (
        "DOC002",
        True,
        "## Serve\n\n```bash\ncurl localhost:9000/score -X POST \\\n"
        '  -d \'{"query": "a question", "top_k": 3}\' \\\n'
        "  -H 'Content-Type: application/json'\n```\n",
    ),
    # an example input built with its shape and passed to the model shows that shape
    (
        "DOC002",
        True,
        "## Usage\n\n```python\nnet = load_net('w.pt')\nsignal = torch.rand(4, 128)\n"
        "score = net(signal)\n```\n",
    ),
    ("DOC002", False, "## Usage\n\n```python\nnet = load_net('w.pt')\nscore = net(signal)\n```\n"),
    # a length cut on what is read is a limit of the input
    ("DOC002", True, "## Usage\n\nLonger abstracts are truncated to 384 tokens before scoring.\n"),
    ("DOC002", False, "## Usage\n\nGenerated answers are truncated to 384 tokens.\n"),
    # a sentence that points back to the input named just before describes it
    (
        "DOC002",
        True,
        "## Model\n\nThe network input holds a user part and an item part. "
        "The latter is a list of integer ids.\n",
    ),
    (
        "DOC002",
        False,
        "## Model\n\nThe network has a user tower and an item tower. "
        "The latter is a list of integer ids.\n",
    ),
    # the input size handed to the inference command
    ("DOC002", True, "## Run\n\n```bash\npython detect.py --source cam0 --img-size 512\n```\n"),
    # a resolution as width x height is the size of the image read, unless it is what comes out
    (
        "DOC002",
        True,
        "## Results\n\n| variant | resolution | top-1 | params |\n|---|---|---|---|\n"
        "| small | 256x256 | 80.0 | 28M |\n",
    ),
    ("DOC002", False, "## Results\n\n| variant | top-1 |\n|---|---|\n| small | 80.0 |\n"),
    ("DOC002", True, "## News\n\nVersion 2 supports a higher resolution (448x448).\n"),
    ("DOC002", False, "## News\n\nThe decoder outputs samples at resolution 1024x1024.\n"),
    # a value whose comment names it as a dimension of the input
    (
        "DOC002",
        True,
        "## Usage\n\n```bash\npython predict.py \\\n  --window 336 \\  # input window length\n"
        "  --ckpt w.pt\n```\n",
    ),
    (
        "DOC002",
        False,
        "## Usage\n\n```bash\npython predict.py \\\n  --window 336 \\  # how far to look\n"
        "  --ckpt w.pt\n```\n",
    ),
    (
        "DOC004",
        True,
        "## Usage\n\nSet how far windows step with `--hop` (default is 0.5).\n",
    ),
    (
        "DOC004",
        True,
        "## Usage\n\n```python\nres = model.locate(\n    img,\n    mask_threshold=LIMIT,\n)\n```\n",
    ),
    (
        "DOC004",
        True,
        "## Usage\n\n```python\nfc = Forecaster.load('w')\nout = fc.run(\n    history,\n"
        "    prediction_length=48,\n)\n```\n",
    ),
    ("DOC004", True, "## Usage\n\n```bash\npython chat.py --load-4bit --base org/m\n```\n"),
    (
        "DOC004",
        True,
        "## Quick look\n\n```python\nest = RowModel(n_ensemble_members=8)\nest.fit(x_fit, y_fit)\n"
        "guess = est.predict(x_new)\nprint(f1_score(y_new, guess))\n```\n",
    ),
    (
        "DOC004",
        False,
        "## Speed\n\n| step | base fp32 (ms) | fp16 (ms) |\n|---|---|---|\n| total | 9.1 | 4.2 |\n",
    ),
    (
        "DOC004",
        False,
        "## Engine\n\nWeights can be stored in FP16, BF16 or INT8 (8-bit integers).\n",
    ),
    ("DOC004", False, "## Usage\n\nScale an 8-bit image to the [-1, 1] range first.\n"),
    # an option of the inference program with its numeric default, in its help listing
    (
        "DOC004",
        True,
        "## Usage\n\n```\nUsage: python enhance.py -i in -o out [options]\n\n"
        "  -i input     Input folder. Default: inputs\n"
        "  -r ratio     Strength of the sharpening. Default: 0.6\n```\n",
    ),
    (
        "DOC004",
        False,
        "## Usage\n\n```\nUsage: python enhance.py -i in -o out [options]\n\n"
        "  -i input     Input folder. Default: inputs\n"
        "  -w workers   Number of data loader workers. Default: 4\n```\n",
    ),
    # the resolution inference runs at, with its value
    (
        "DOC004",
        True,
        "## Models\n\n| Model | Inference width | Score |\n|---|---|---|\n| m | 320 | 7 |\n",
    ),
    # what "comes out" is what the model returns
    (
        "DOC005",
        True,
        "## About\n\nA list of ids goes in and a probability for each vocabulary entry comes out.\n",
    ),
    ("DOC005", False, "## About\n\nA list of ids goes in and the network runs on it.\n"),
    # "trained to output X" says what the model returns, not how it learns
    ("DOC005", True, "## About\n\nThe network is trained to output a probability per hour.\n"),
    ("DOC005", False, "## About\n\nThe network is trained on hourly probability tables.\n"),
    # a classifier guidance scale is a guidance scale
    (
        "DOC004",
        True,
        "## Sampling\n\n```bash\npython sample.py --model_path m.pt --classifier_scale 2.0\n```\n",
    ),
    ("DOC004", False, "## Sampling\n\n```bash\npython sample.py --model_path m.pt\n```\n"),
    # a fraction given to an option of the inference command weighs what comes out
    ("DOC004", True, "## Inference\n\n```bash\npython restore.py -k 0.3 --src photos/\n```\n"),
    ("DOC004", False, "## Inference\n\n```bash\npython restore.py -k 3 --src photos/\n```\n"),
    # ... but not in a command that sets how long to train
    (
        "DOC004",
        False,
        "## Inference\n\n```bash\npython restore.py --epochs 9 -k 0.3 --src photos/\n```\n",
    ),
    # a length cut, whatever the verb
    ("DOC004", True, "## Usage\n\nEach abstract is capped at 256 tokens when scored.\n"),
    # a streaming step given to the documented command
    ("DOC004", True, "## Run\n\n```bash\n./stream-asr -m tiny.bin --step 300\n```\n"),
    (
        "DOC005",
        True,
        "## Usage\n\nThis generates three short poems, for example:\n\n```\nRed leaves fall\n```\n",
    ),
    (
        "DOC005",
        True,
        "## Usage\n\n```console\n  -o, --out   Where to write.\n"
        "  --format    File type of the written maps. Options: npy | png. Default: png\n```\n",
    ),
    (
        "DOC005",
        False,
        "## Chat\n\nPass `--theme dark` to enable coloured output"
        " and sharper images in a terminal.\n",
    ),
    (
        "DOC005",
        False,
        "## Library\n\nThe package converts checkpoints"
        " and can generate text with few lines of code.\n",
    ),
    ("DOC005", False, "下面列举部分结果，你复现的结果大概率接近这些数字。\n"),
    # the option that picks the written file's type, with one dash
    (
        "DOC005",
        True,
        "## Usage\n\n```\nUsage: python denoise.py -i in -o out\n\n"
        "  -format  File type of the cleaned scans. Options: png | tiff\n```\n",
    ),
    # a diagram's "output:" label and what is under it
    (
        "DOC005",
        True,
        "## Model\n\n```\noutput:\n      likelihood score of a match\n        |\n    [ MLP ]\n```\n",
    ),
    (
        "DOC005",
        False,
        "## Model\n\n```\noutput:\n      see below\n        |\n    [ MLP ]\n```\n",
    ),
    # responses that follow a published interface have its fields
    (
        "DOC005",
        True,
        "## Serving\n\nThe server sends responses compatible with the Foo Search API.\n",
    ),
    ("DOC003", False, "## Engine\n\nFast thanks to kernel fusion, padding removal and caching.\n"),
    (
        "DOC003",
        False,
        "## Usage\n\n```python\n# Optional VAD model (install first: pip install x)\n```\n",
    ),
    (
        "DOC003",
        False,
        "## Usage\n\nOdd sizes are fine:"
        " the model will crop to the nearest multiple of its stride.\n",
    ),
    ("DOC003", False, "## Usage\n\nAny zoom works with `--zoom` (it further resizes outputs).\n"),
    ("DOC003", False, "## Install\n\n- `regex` for the fast BPE code\n- `numpy`\n"),
    # a conversion command that sets the rate and channels of what the model reads
    ("DOC003", True, "## Start\n\n```bash\nsox call.ogg -r 8000 -c 1 call.wav\n```\n"),
    ("DOC003", False, "## Start\n\n```bash\nsox call.ogg call.wav\n```\n"),
    (
        "DOC003",
        False,
        "## Install\n\n- `datasets` for the hub datasets"
        " (to fetch and preprocess the corpus, ~2 h)\n",
    ),
    (
        "DOC006",
        True,
        "## Usage\n\n```python\nasr = Recognizer.load('x')\n"
        "out = asr.transcribe(wav, batch_size_s=120)\n```\n",
    ),
    (
        "DOC007",
        True,
        "## Speed\n\n| stage | eager (ms) | compiled (ms) |\n|---|---|---|\n"
        "| forward | 8.2 | 3.1 |\n",
    ),
    ("DOC007", False, "## Notes\n\nThe new kernel took us from ~300ms / iter to 180ms / iter.\n"),
    # a table whose header says "Mem" for memory, next to the size on disk
    (
        "DOC007",
        True,
        "## Sizes\n\n| Model | Disk | Mem |\n|---|---|---|\n| s | 40 MiB | ~120 MB |\n",
    ),
    ("DOC007", False, "## Sizes\n\n| Model | Disk |\n|---|---|\n| s | 40 MiB |\n"),
    (
        "DOC008",
        True,
        "## Usage\n\nInstall torch==2.1.0.\n\n```python\nclf = SVC(random_state=7)\n```\n",
    ),
    (
        "DOC009",
        False,
        "## Container\n\n```bash\ndocker build -t lab .\ndocker run -it lab bash\n"
        "nvidia-docker run -it -p 8888:8888 lab\n```\n",
    ),
]


@pytest.mark.parametrize(
    "code, documented, readme",
    PARTS,
    ids=[f"{c}-{'documented' if d else 'missing'}-{i}" for i, (c, d, _) in enumerate(PARTS)],
)
def test_part(tmp_path, code, documented, readme):
    found = codes(tmp_path, "# m\n\n" + readme if not readme.startswith("---") else readme)
    assert (code not in found) is documented, found


def test_environment_says_which_half_is_missing(tmp_path):
    files = {**MODEL, "README.md": "# m\n\nTested with torch 2.2.1 and rdkit 2023.9.5.\n"}
    result = run_check(tmp_path / "versions", files, select=("DOC008",))
    (finding,) = result.findings
    assert "no random seed" in finding.message
    files["README.md"] = "# m\n\nAll runs use seeds 0-9.\n"
    (finding,) = run_check(tmp_path / "seeds", files, select=("DOC008",)).findings
    assert "no library versions" in finding.message


def test_a_lock_file_gives_the_versions(tmp_path):
    lock = 'version = 1\n\n[[package]]\nname = "torch"\nversion = "2.3.1"\n'
    files = {**MODEL, "README.md": "# m\n\nSeed 42.\n", "uv.lock": lock}
    files["pyproject.toml"] = '[project]\nname = "m"\nversion = "1"\ndependencies = ["torch>=2"]\n'
    assert "DOC008" not in codes(tmp_path, files.pop("README.md"), files)


def test_the_message_says_what_to_write(tmp_path):
    (finding,) = run_check(tmp_path, {**MODEL, "README.md": "# m\n"}, select=("DOC002",)).findings
    assert finding.severity.value == "low"
    assert "shape or size" in finding.message and "handoff explain DOC002" in finding.message


def test_an_unreadable_readme_does_not_crash(tmp_path):
    files = {**MODEL, "README.rst": "Title\n=====\n\n.. raw:: html\n\n   <b>x</b>\n\n:bad"}
    found = doc(tmp_path, files)
    assert {c for c, _, _ in found} == ALL_PARTS


def test_a_cached_run_sees_an_edited_readme(tmp_path):
    run_check(tmp_path, {**MODEL, "README.md": "# m\n"}, select=("DOC",))

    def cached() -> set[str]:
        result = check([tmp_path], isolated=True, overrides=Overrides(select=("DOC",)), cache=True)
        return {f.rule for f in result.findings}

    assert cached() == ALL_PARTS
    assert cached() == ALL_PARTS  # from the cache
    (tmp_path / "README.md").write_text(
        "# m\n\n## Usage\n\n```bash\npython predict.py --image a.jpg\n```\n", encoding="utf-8"
    )
    assert cached() == ALL_PARTS - {"DOC009"}


def test_a_comment_in_the_readme_suppresses_a_part(tmp_path):
    readme = "# m\n\n<!-- # handoff: ignore[DOC009] -->\n## Usage\n\nSee the notebook.\n"
    found = codes(tmp_path, readme)
    assert "DOC009" not in found and "DOC002" in found


def test_a_seed_option_with_a_qualifier_gives_the_seed(tmp_path):
    readme = (
        "# m\n\nTested with torch 2.2.1.\n\n## Data\n\n```bash\n"
        "python make_pairs.py --in raw.txt --shuffle_seed=99\n```\n"
    )
    assert "DOC008" not in codes(tmp_path / "set", readme)
    assert "DOC008" in codes(tmp_path / "unset", readme.replace(" --shuffle_seed=99", ""))


# --- from the sixth holdout's misses, in words of our own ------------------------------------
def test_a_3d_point_cloud_names_a_kind_of_data_not_a_shape(tmp_path):
    # "3D point cloud" says what the data is, every point cloud is 3D; an SDF model is a
    # signed distance function, not a molecule file
    readme = (
        "# m\n\n## Usage\n\nTurn a sketch prompt into 3D point clouds,"
        " then fit an SDF decoder for meshes from point clouds.\n"
    )
    assert "DOC002" in codes(tmp_path / "cloud", readme)
    stated = "# m\n\n## Usage\n\nThe model takes 3D points as a float32 array.\n"
    assert "DOC002" not in codes(tmp_path / "points", stated)
    molecules = "# m\n\n## Usage\n\nIt takes molecules as SDF files.\n"
    assert "DOC002" not in codes(tmp_path / "sdf", molecules)


def test_an_example_input_shaped_by_named_sizes_states_the_input(tmp_path):
    snippet = (
        "# m\n\n## Usage\n\n```python\nn, steps, width = 4, 128, 32\n"
        "x = torch.randn(n, steps, width)\nnet = Block(width)\ny = net(x)\n```\n"
    )
    assert "DOC002" not in codes(tmp_path / "named", snippet)
    unset = snippet.replace("n, steps, width = 4, 128, 32\n", "")
    assert "DOC002" in codes(tmp_path / "unset", unset)


def test_an_input_built_with_its_dtype_and_passed_to_the_model_states_the_input(tmp_path):
    snippet = (
        "# m\n\n## Usage\n\n```python\npipe = Sampler.from_pretrained('x')\n"
        "img = pipe(steps=1).images[0]\nlabel = torch.tensor(7, dtype=torch.long)\n"
        "img = pipe(steps=1, labels=label).images[0]\n```\n"
    )
    assert "DOC002" not in codes(tmp_path / "passed", snippet)
    unused = snippet.replace(", labels=label", "")
    assert "DOC002" in codes(tmp_path / "unused", unused)


def test_crop_as_the_subject_of_a_task_is_no_crop_step(tmp_path):
    task = "# m\n\n## Usage\n\nSay you tuned the detector for crop detection in drone photos.\n"
    assert "DOC003" in codes(tmp_path / "task", task)
    step = "# m\n\n## Usage\n\nCrop the photo to the field before calling the detector.\n"
    assert "DOC003" not in codes(tmp_path / "step", step)


def test_prompts_added_to_an_interactive_model_are_its_input_not_a_template(tmp_path):
    clicks = (
        "# m\n\n## Usage\n\nThe tracker API lets you add prompts and follow objects in a clip.\n"
    )
    assert "DOC003" in codes(tmp_path / "clicks", clicks)
    template = "# m\n\n## Usage\n\nAlways add a prompt to each query: `query: <text>`.\n"
    assert "DOC003" not in codes(tmp_path / "template", template)


def test_taking_the_background_off_the_input_is_a_preprocessing_step(tmp_path):
    step = "# m\n\n## Usage\n\nFor clean shapes, strip the background from the photo first.\n"
    assert "DOC003" not in codes(tmp_path / "step", step)
    task = "# m\n\n## About\n\nA team runs the model behind a background removal website.\n"
    assert "DOC003" in codes(tmp_path / "task", task)


def test_the_input_axes_reordered_before_the_model_call_are_preprocessing(tmp_path):
    snippet = (
        "# m\n\n## Usage\n\n```python\nframes = read_frames('clip.mp4')\n"
        "clip = torch.from_numpy(frames).permute(0, 3, 1, 2)[None]\n"
        "tracker = torch.hub.load('lab/tracker', 'base')\nout = tracker(clip)\n```\n"
    )
    assert "DOC003" not in codes(tmp_path / "before", snippet)
    after = (
        "# m\n\n## Usage\n\n```python\ntracker = torch.hub.load('lab/tracker', 'base')\n"
        "out = tracker(clip)\ntracks = out.permute(1, 0, 2)\n```\n"
    )
    assert "DOC003" in codes(tmp_path / "after", after)


def test_a_tokenizer_the_caller_exports_for_inference_is_the_tokenisation(tmp_path):
    handed = (
        "# m\n\n## Models\n\nExport the matching tokenizer with `python tok.py`"
        " and pass it to the binary when running inference.\n"
    )
    assert "DOC003" not in codes(tmp_path / "handed", handed)
    trained = "# m\n\n## Models\n\nWe built a new tokenizer with a 4096 vocabulary.\n"
    assert "DOC003" in codes(tmp_path / "trained", trained)


def test_an_autocast_dtype_in_the_inference_snippet_is_the_precision(tmp_path):
    snippet = (
        "# m\n\n## Usage\n\n```python\nseg = Segmenter.from_pretrained('x')\n"
        "with torch.no_grad(), torch.autocast('cuda', dtype=torch.float16):\n"
        "    masks = seg.predict(image)\n```\n"
    )
    assert "DOC004" not in codes(tmp_path / "autocast", snippet)
    plain = snippet.replace(", torch.autocast('cuda', dtype=torch.float16)", "")
    assert "DOC004" in codes(tmp_path / "plain", plain)


def test_bare_axis_names_on_the_call_line_give_the_output_shape(tmp_path):
    snippet = (
        "# m\n\n## Usage\n\n```python\ntracker = torch.hub.load('lab/tracker', 'base')\n"
        "paths, seen = tracker(clip)  # B T N 2, B T N 1\n```\n"
    )
    assert "DOC005" not in codes(tmp_path / "axes", snippet)
    words_only = snippet.replace("# B T N 2, B T N 1", "# run it")
    assert "DOC005" in codes(tmp_path / "words", words_only)


def test_would_result_in_is_a_consequence_not_the_result(tmp_path):
    consequence = (
        "# m\n\n## Usage\n\nStacking both stems would result in a stride of (4, 4),"
        " too coarse for small tiles.\n"
    )
    assert "DOC005" in codes(tmp_path / "consequence", consequence)
    result = "# m\n\n## Usage\n\nThe result is a mask of shape (H, W) with values in [0, 1].\n"
    assert "DOC005" not in codes(tmp_path / "result", result)


def test_a_measure_word_inside_a_path_is_a_file_name_not_a_figure(tmp_path):
    path = "# m\n\n## News\n\nThe int8 build is only ~90 MB. See runtime/cpp/ for the binary.\n"
    assert "DOC007" in codes(tmp_path / "path", path)
    measured = "# m\n\n## Speed\n\nRuntime on one T4: 42 ms per image.\n"
    assert "DOC007" not in codes(tmp_path / "measured", measured)


def test_creating_a_cloud_machine_does_not_run_the_model(tmp_path):
    vm = (
        "# m\n\n## Setup\n\n```bash\ngcloud compute instances create box \\\n"
        "  --image=dl-image-cu11 --machine-type=n1-standard-8\n```\n"
    )
    assert "DOC009" in codes(tmp_path / "vm", vm)
    run = "# m\n\n## Usage\n\n```bash\npython predict.py --image cat.jpg\n```\n"
    assert "DOC009" not in codes(tmp_path / "run", run)
