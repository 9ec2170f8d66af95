"""DOC009 how-to-run-inference: no command or code that runs the model on new input (a
predict script, a Python snippet that calls the model, a server and a request)."""

from __future__ import annotations

from handoff.checks.doc.commands import CodeLine, model_call, predicts
from handoff.checks.doc.passages import Passages, Purpose
from handoff.checks.doc.rule import DocRule
from handoff.checks.doc.vocabulary import words

# Setting up is not running: installs, downloads, clones, folders, builds, file edits, and
# starting a notebook or a dashboard (a notebook is not a documented run).
_SETUP = words(
    r"^\s*(pip3?|conda|mamba|uv|poetry|git|wget|curl\s+-[LOo]|cd|mkdir|export|make|docker build"
    r"|apt(-get)?|brew|source|unzip|tar|huggingface-cli|hf download|gdown|ls|cp|mv|rm|echo"
    r"|sed|awk|find|ln|chmod|touch|jupyter|tensorboard|nvidia-smi)\b"
    r"|\b(pip3?|conda|mamba|apt(-get)?)\s+install\b|\s-m\s+(pip|venv|build)\b|\bsetup\.py\b"
    r"|(^|[\s/])[\w.-]*(download|fetch|prepare|convert|export|preprocess|install|build)\w*"
    r"\.(py|sh)\b"
    # a cloud machine created or managed: where to run (its `--image` is a machine image)
    r"|^\s*(gcloud\s+((alpha|beta)\s+)?compute|aws\s+ec2|az\s+vm|gsutil)\b"
)
# Text piped into a program that is given a model: `echo 'hi' | ./tts --model v.onnx`.
_PIPED_IN = words(
    r"^\s*(echo|printf|cat)\b[^|]*\|\s*(?!\s*(grep|sed|awk|tee|xargs|head|tail|sort|wc)\b)"
    r"[^|]*\s--?(model|m|weights|checkpoint|ckpt)\b"
)
# An argument that hands a program trained weights: `--checkpoint runs/best.pt`,
# `-c={path to checkpoint}`.
_CHECKPOINT = words(
    r"\s--?(ckpt|checkpoint|weights|load[-_]?(dir|path|from)?|model[-_]?(path|dir|file)"
    r"|trained[-_]?model)[= ]"
    r"|\s--?\w+[= ]\s*[{<\[]?[^\s]*\b(path to (the |your )?)?(checkpoint|ckpt)\b"
)
# An argument that hands the model an input: a flag or a file it reads.
_INPUT_ARGUMENT = words(
    r"\s--?(input|inputs|in|image|images|img|source|text|audio|file|files|prompt|query|smiles"
    r"|video|wav|csv|json|sentence|q|i)\b|\S\.(jpe?g|png|bmp|tiff?|wav|mp3|flac|mp4"
    r"|avi|txt|csv|json|jsonl|pdf|smi|sdf|pdb|fasta|parquet)\b"
)


# An input the user fills in: `--test_folder=[folder path to test images]`, `--in <your file>`
# (a dataset, its labels or a benchmark named there is an evaluation's data; the weights file
# is no input).
_USER_INPUT = words(
    r"\s--?[\w-]+[= ]\s*[\[<{](?![^\]>}]*\b(data ?sets?|benchmarks?|ground[- ]truth|labels?"
    r"|annotations?|splits?|weights?|models?|checkpoints?|ckpts?)\b)"
    r"[^\]>}]*\b(path|folder|dir|directory|file|images?|inputs?|audio|texts?|videos?)\b"
    r"[^\]>}]*[\]>}]"
)


# The sentence before a snippet that says it runs or uses the model ("Loading and running a
# trained model is as easy as:"), not that it evaluates or tests it.
_RUNS_THE_MODEL = words(
    r"^(?!.*\b(evaluat\w*|benchmark\w*|test(s|ing)?|validat\w*|reproduc\w*|metrics?)\b)"
    r".*\b(run|running|use|using|call|calling|query|querying)\b[^.]{0,40}"
    r"\b(models?|policy|network)\b"
)


def _runs_on_user_input(line: CodeLine) -> bool:
    """A command, whatever its script is called (`test.py`), that hands the trained weights
    and an input the user fills in: it runs the model on new input, not on a benchmark."""
    return (
        line.is_command
        and bool(_CHECKPOINT.search(line.text))
        and bool(_USER_INPUT.search(line.text))
    )


def _runs_model(line: CodeLine) -> bool:
    """A command that runs inference: by what it runs (a predict script, a server, a
    request), or, outside training and evaluation, a program handed an input file or text."""
    if not line.is_command:
        return False
    if _PIPED_IN.search(line.text) and line.purpose in (Purpose.INFERENCE, Purpose.NEUTRAL):
        return True
    if _SETUP.search(line.text):
        return False
    if line.purpose is Purpose.INFERENCE and line.runs is Purpose.INFERENCE:
        return True
    # In a section about using the model, a program handed the trained weights runs them.
    if line.purpose is Purpose.INFERENCE and line.runs is None and _CHECKPOINT.search(line.text):
        return True
    return line.purpose in (Purpose.INFERENCE, Purpose.NEUTRAL) and bool(
        _INPUT_ARGUMENT.search(line.text)
    )


def run_evidence(passages: Passages) -> str | None:
    """The first command or snippet that runs the model on an input, or None."""
    for snippet in passages.snippets_for(Purpose.INFERENCE, Purpose.NEUTRAL, Purpose.EVALUATION):
        code = "\n".join(line.text for line in snippet.lines if not line.is_command)
        if snippet.purpose is Purpose.EVALUATION:
            if predicts(code) or (
                _RUNS_THE_MODEL.search(snippet.introduced_by) and model_call(code)
            ):
                return snippet.code
            user = next((line for line in snippet.lines if _runs_on_user_input(line)), None)
            if user is not None:
                return user.text
            continue
        for line in snippet.lines:
            if _runs_model(line):
                return line.text
        if snippet.purpose is Purpose.INFERENCE and model_call(code, snippet.models):
            return snippet.code
    return None


class HowToRunInference(DocRule):
    """DOC009."""

    code = "DOC009"

    evidence = staticmethod(run_evidence)
    what_to_write = (
        "the documentation never shows how to run the model on new input: add the command"
        " or the Python snippet that loads the weights and predicts on a user's file, text"
        " or request (and, for a service, how to start it and send a request)"
    )
