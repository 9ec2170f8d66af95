"""DOC: the handoff documentation. What the receiving team needs next to code and weights:
the input specification (DOC002), the preprocessing (DOC003), the default inference settings
(DOC004), the output format (DOC005), the batch size (DOC006), resource figures (DOC007), the
environment, library versions and seeds (DOC008), and how to run inference (DOC009); a model
with no README at all is DOC001.

When DOC applies (`gate.py`): to a model, not to a tool or a library. The project's own code
imports an ML framework (torch, tensorflow, jax, sklearn, transformers, ...; an optional
import under `try/except ImportError` does not count), it ships weights (`.pt`, `.safetensors`,
`.onnx`, ...) or its documentation links to them (a weights file, a Hugging Face model
repository), its documentation is a model card, or it has no code beyond the numerical stack
and its documentation describes a model. Code and weights under tests, examples, fixtures,
benchmarks, docs and templates folders do not make a project a model, which is why handoff's
own repository (a linter whose fixtures are research code) gets no DOC finding.

What is read (`project.py`): the README at the top of the checked folder, the `.md`, `.rst`
and `.txt` files under its `docs/`, and `MODEL_CARD.md`; Markdown with markdown-it-py, rst
with docutils, a Hugging Face card's YAML front matter with PyYAML (`documents.py`,
`markdown.py`, `rst.py`). Prose, code blocks (commands, snippets, their comments), table rows
and image alt text and captions all count; headings only say what their body is about.

How a part is found (`passages.py`, one detector module per rule): by content, never by a
heading or one keyword. Each sentence, table row, code line and comment has a purpose:
training, evaluation, inference or unsaid; a batch size in a training command or a
"Training" section, an augmentation, a training time are not evidence for inference, and a
benchmark evaluation is not how to run the model. Numbers with units, shapes, code and
commands carry most of the evidence, so German and Chinese READMEs are read too.

Findings go to the README (at the heading where the part belongs when there is one, else
line 1), to the model card or the first docs file when there is no README, and DOC001 to the
project folder.
"""
