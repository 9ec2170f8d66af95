"""What a command or a code snippet of the documentation does: train, evaluate or run a
model on an input. A command says it by what it runs (`train.py`, `eval.py`, `predict.py`, a
server, a request), a Python snippet by what it calls (`loss.backward()`, or a loaded model
called on an input)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handoff.checks.doc.documents import Block
from handoff.checks.doc.purpose import Purpose
from handoff.checks.doc.vocabulary import words as _words

# --- what a command runs ------------------------------------------------------------------
_SCRIPT = r"[\w./-]*?"
_TRAIN_COMMAND = _words(
    rf"(^|[\s/]){_SCRIPT}(train|finetune|fine_tune|pretrain)\w*\.(py|sh)\b"
    r"|\s-m\s+\S*(train|finetune)|^\s*\S+\s+(train|fit|finetune)\b|--(epochs|do_train|lr)\b"
    r"|--learning[-_]rate|--num[-_]train[-_]epochs"
)
# A command that sets how long or how fast to train trains, whatever launches it (a
# container, a program whose name also serves).
_TRAINING_OPTIONS = _words(r"\s--(epochs|do_train|lr|learning[-_]rate|num[-_]train[-_]epochs)\b")
_EVAL_COMMAND = _words(
    rf"(^|[\s/]){_SCRIPT}(eval|evaluate|evaluation|test|val|validate|benchmark|bench)\w*\.(py|sh)\b"
    r"|\s-m\s+\S*(eval|test)\b|^\s*\S+\s+(eval|evaluate|val|test|benchmark)\b|--do_eval\b"
    r"|\bpytest\b"
)
# Scripts and programs that run a model on inputs, by name.
_INFERENCE_COMMAND = _words(
    r"\s--(predict|infer|inference|play)\b|\s--mode[= ](predict|infer|inference|serve)\b"
    rf"|(^|[\s/]){_SCRIPT}(predict|infer|demo|detect|classify|transcribe|translate|synthesi[sz]e"
    r"|tts|asr|segment|serve|server|api|run_inference|recogni[sz]e|ocr"
    # a trained policy played in its environment, a browser UI around the model
    r"|enjoy|rollout|gradio|webui|streamlit)\w*\.(py|sh)\b"
    r"|\s-m\s+\S*(predict|infer|serve|demo|server)\b"
    r"|\b(uvicorn|gunicorn|streamlit run|gradio|vllm serve|vllm\.entrypoints|tritonserver"
    r"|torchserve|bentoml serve|text-generation-launcher|ollama run|llama-cli"
    r"|llama-server|mlflow models serve)\b"
    # an interactive container (`-it`) is a workspace: it counts by the script it runs
    r"|\bdocker run\b(?!.*\s-(it|ti)\b)|^\s*(POST|GET)\s+/\S*"
    r"|\bcurl\b(?=.*(https?://|localhost|127\.0\.0\.1|0\.0\.0\.0|\$\w+))"
    r".*(-X\s*POST|\s-d\s|--data|\s-F\s|--form|localhost|127\.0\.0\.1|0\.0\.0\.0|/predict|/infer)"
    r"|^\s*(?!python|pip|conda|git|cd|bash|sh)[\w.-]+\s+(predict|infer|serve|detect"
    r"|transcribe|classify)\b"
)
# Names that run a model as often as they make data or run an experiment: they count for
# inference unless the section is about training or evaluation.
_MAYBE_INFERENCE_COMMAND = _words(
    rf"(^|[\s/]){_SCRIPT}(generate|sample|app|caption|embed|chat|cli)\w*\.(py|sh)\b"
    r"|\s-m\s+\S*(generate|cli|app)\b"
    r"|^\s*(?!python|pip|conda|git|cd|bash|sh|[\w-]*docker\b)[\w.-]+\s+"
    r"(generate|run)\b"
)
# A shell prompt or a line continuation to strip from a command line.
_PROMPT = re.compile(r"^\s*(\$|>|%|!)\s+|^\s*!(?=\w)")
SHELL_START = _words(
    r"^\s*(python3?|python -m|bash|sh|\./|accelerate|torchrun|deepspeed|docker|curl|uvicorn"
    r"|gunicorn|streamlit|gradio|vllm|pip|conda|git|wget|cd|export|make|CUDA_VISIBLE_DEVICES"
    r"|(POST|GET)\s+/|[\w.-]+\s+--?\w|[\w.-]+\s+[\w-]+\s+--?\w)"
)
# Blocks whose every line is a command, by their info string.
SHELL_LANGUAGES = frozenset(
    {"bash", "sh", "shell", "console", "zsh", "terminal", "cmd", "powershell", "ps1", "bat"}
)
_PYTHON_LANGUAGES = frozenset({"python", "py", "python3", "ipython", "pycon", "ipython3"})
# Python, not a command: an assignment, a call, an import, a keyword.
_PYTHON_LINE = re.compile(
    r"^\s*(\w+(\.\w+)*\s*=[^=]|[\w.]+\(|(from|import|def|class|for|with|if|print)\b|>>>)"
)

# --- what a Python snippet does -------------------------------------------------------------
_TRAIN_CODE = re.compile(
    r"\.backward\s*\(|optimizer\.step\s*\(|\btrainer\.train\s*\(|\bTrainingArguments\s*\("
    r"|\.fit_generator\s*\("
)
_FIT = re.compile(r"\.fit\s*\(")
_EVAL_CODE = re.compile(
    r"\b(accuracy_score|f1_score|roc_auc_score|mean_squared_error|classification_report"
    r"|compute_metrics|evaluate\.load)\s*\(|\.evaluate\s*\("
)
# `name = Something.from_pretrained(...)`, `= load_model(...)`, `= Predictor(...)`, or any
# function named for the model it returns (`= get_model(...)`, `= build_small_model(...)`): a
# name that holds a loaded model, which the snippet then calls on an input (`name("text")`).
_LOADED = re.compile(
    r"^\s*(\w+)\s*=\s*(?:[\w.]+\.)?(from_\w+|load\w*|create_\w*|pipeline|InferenceSession"
    r"|\w*_model|[A-Z]\w*)\s*\(",
    re.M,
)
# A function named for running a model (`generate_images(...)`, `predict(...)`): handed a
# loaded model among its arguments, it runs that model as its method would.
_RUNNING_FUNCTION = re.compile(
    r"(?<![\w.])(predict|generate|sample|infer|inference|detect|classify|translate|transcribe"
    r"|synthesi[sz]e|segment|caption|embed)(_\w+)?\s*\("
)
# A predict-like method, also with a suffix that says what it takes or returns
# (`predict_df`, `translate_batch`, `generate_stream`).
INFERENCE_CODE = re.compile(
    r"\.(predict|generate|transcribe|infer|detect|classify|translate|synthesi[sz]e|tts"
    r"|segment|caption|recogni[sz]e|embed|encode_image|encode_text)(_[a-z]+)?\s*\("
    r"|\bpipeline\s*\(|\b(model|net|classifier|detector|pipe|nlp|generator|predictor|engine"
    r"|llm|policy|tagger|recognizer|segmenter)\s*\(|\b(sess|session|ort_session|ort_sess)\w*"
    r"\.run\s*\(|torch\.(no_grad|inference_mode)\s*\(|requests\.post\s*\("
    r"|\.completions\.create\s*\(|\b(model|encoder|embedder)\.encode\s*\("
)


def command_purpose(command: str, around: Purpose = Purpose.NEUTRAL) -> Purpose | None:
    """What a shell command runs, when its script or program says (`around`: its section's
    purpose, which decides for names that may or may not run a model)."""
    if _TRAINING_OPTIONS.search(command):
        return Purpose.TRAINING
    if _INFERENCE_COMMAND.search(command):
        return Purpose.INFERENCE
    if _TRAIN_COMMAND.search(command):
        return Purpose.TRAINING
    if _EVAL_COMMAND.search(command):
        return Purpose.EVALUATION
    if _MAYBE_INFERENCE_COMMAND.search(command) and around not in (
        Purpose.TRAINING,
        Purpose.EVALUATION,
    ):
        return Purpose.INFERENCE
    return None


# A comment to the end of its line: "Load a model (options: ...)" is no call.
_LINE_COMMENT = re.compile(r"(?:^|(?<=\s))#.*$", re.M)


def loaded_models(code: str) -> tuple[str, ...]:
    """The names the code binds to a loaded or built model (`net = Net(...)`)."""
    return tuple(loaded.group(1) for loaded in _LOADED.finditer(code))


def model_call(code: str, models: tuple[str, ...] = ()) -> re.Match[str] | None:
    """The first call of a model on an input: a predict-like method, a pipeline, or a name
    that holds a loaded model (bound in the code, or in `models` by code before it) called
    like a function, sampled from (`diffusion.sample(...)`: drawing from a generative model
    is running it) or run on an input (`pipeline.run(image)`). Comments are not searched
    (their offsets are kept)."""
    code = _LINE_COMMENT.sub(lambda match: " " * len(match.group(0)), code)
    found = [m for m in [INFERENCE_CODE.search(code)] if m]
    names = [(name, 0) for name in models]
    names += [(loaded.group(1), loaded.end()) for loaded in _LOADED.finditer(code)]
    for name, start in names:
        # (run on an input: `trainer.run()` runs a training loop)
        call = re.compile(
            rf"(?<![\w.]){re.escape(name)}((\.sample\w*)?\s*\(|\.run\s*\((?=\s*[^\s)]))"
        ).search(code, start)
        if call:
            found.append(call)
    found += [
        call
        for call in _RUNNING_FUNCTION.finditer(code)
        if any(
            re.search(rf"(?<![\w.]){re.escape(name)}\b(?!\s*=[^=])", _arguments(code, call.end()))
            for name, start in names
            if start <= call.start()
        )
    ]
    return min(found, key=lambda m: m.start()) if found else None


def _arguments(code: str, start: int) -> str:
    """The text of a call's arguments, from just after its opening parenthesis to the one that
    closes it (or the end of the code)."""
    depth = 1
    for index in range(start, len(code)):
        depth += {"(": 1, ")": -1}.get(code[index], 0)
        if depth == 0:
            return code[start:index]
    return code[start:]


def inference_after_training(code: str) -> int | None:
    """Where a snippet that trains goes on, back at its top level, to run the model it
    trained (`loss.backward()`, then "# after a lot of training" and `model.sample(...)`):
    the offset of the line after the last training step, or None. What follows the training
    is the documented way to run the model, as in a snippet that fits and then predicts."""
    steps = list(_TRAIN_CODE.finditer(code))
    if not steps:
        return None
    split = code.find("\n", steps[-1].end()) + 1
    if split == 0:
        return None
    tail = [line for line in code[split:].splitlines() if line.strip()]
    code_lines = [line for line in tail if not line.lstrip().startswith("#")]
    if not code_lines or code_lines[0][:1].isspace():
        return None  # nothing after, or still inside the training loop
    if model_call(code[split:], loaded_models(code[:split])) is None:
        return None
    return split


# A predict method called on data.
_PREDICT_METHOD = re.compile(r"\.predict(_[a-z]+)?\s*\(\s*[^\s)]")


def predicts(code: str) -> bool:
    """A snippet that calls a predict method on data: one that then scores what it returns
    still shows how the model is run, and with which settings."""
    return bool(_PREDICT_METHOD.search(code))


def code_purpose(code: str, models: tuple[str, ...] = ()) -> Purpose | None:
    """What a Python snippet does, when its calls say."""
    if _TRAIN_CODE.search(code):
        return Purpose.TRAINING
    if _EVAL_CODE.search(code):
        return Purpose.EVALUATION
    if model_call(code, models):
        return Purpose.INFERENCE
    if _FIT.search(code):
        return Purpose.TRAINING
    return None


# The option a help text describes: `--scale SCALE, -s SCALE`, `-h, --help`.
_OPTION = re.compile(r"^\s*(-{1,2}[\w-]+(\s+[A-Z_<>\[\].]+)?,?\s*)+")
_WORDS = re.compile(r"^[^\W\d_][\w'`-]*(\s+\S+){2,}")


def help_text(line: str) -> str | None:
    """The words of a line of a code block that is prose, not code: an option's description in
    a help listing ("--scale S   Scale factor for the input images") or a line of plain text;
    None for a command, code or a bare option."""
    start = SHELL_START.match(line)
    if _PYTHON_LINE.match(line) or start and re.match(r"\W|$", line[start.end() :]):
        return None
    text = _OPTION.sub("", line).strip()
    if not _WORDS.match(text) or re.search(r"[=(){};]", text.split(". ")[0]):
        return None
    return text


def option_help(lines: list[str]) -> list[tuple[str, str]]:
    """The options of a help listing with what it says of each: the words after the option on
    its line, or on the line below it when a long option name pushed them there
    (`-b BATCHSIZE, --batchsize BATCHSIZE` above `Generate how many samples ..., DEFAULT 1`)."""
    found = []
    for index, line in enumerate(lines):
        option = _OPTION.match(line)
        if option is None or not option.group(0).strip():
            continue
        said = help_text(line)
        below = lines[index + 1] if index + 1 < len(lines) else ""
        if said is None and not _OPTION.match(below):
            said = help_text(below)
        if said:
            found.append((option.group(0).strip(), said))
    return found


_COMMENT = re.compile(r"(?:^|\s)(?:#|//)(?!!)\s?(.*)$")


@dataclass(frozen=True)
class CodeLine:
    """A line of a code block: a shell command (continuations joined, prompt stripped) or a
    line of code, with its own purpose and its comment, if any."""

    text: str
    comment: str
    is_command: bool
    purpose: Purpose
    runs: Purpose | None = None  # what the command itself runs, when it says
    after_call: bool = False  # at or after the snippet's first call of the model


def _logical_lines(code: str) -> list[tuple[int, str]]:
    """(index of the first physical line, text) of each line, shell continuations (`\\` at
    the end) joined."""
    joined: list[tuple[int, str]] = []
    pending = ""
    start = 0
    for index, raw in enumerate(code.splitlines()):
        if not pending:
            start = index
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        joined.append((start, pending + raw))
        pending = ""
    if pending:
        joined.append((start, pending))
    return joined


def _is_command(body: str, language: str) -> bool:
    if not body:
        return False
    if language in SHELL_LANGUAGES:
        return True
    if language in _PYTHON_LANGUAGES or _PYTHON_LINE.match(body):
        return False
    return bool(SHELL_START.match(body))


def read_code(
    block: Block, around: Purpose, models: tuple[str, ...] = ()
) -> tuple[tuple[CodeLine, ...], Purpose]:
    """The block's lines and the block's purpose: a command's own, else the snippet's, else
    the section's (`models`: names code before the block bound to a model)."""
    code_says = code_purpose(block.text, models)
    if code_says is Purpose.INFERENCE and around is Purpose.EVALUATION:
        code_says = around  # an evaluation runs the model too: its section says what for
    call = model_call(block.text, models)
    call_line = block.text.count("\n", 0, call.start()) if call else None
    lines = []
    commands = []
    for index, raw in _logical_lines(block.text):
        text = _PROMPT.sub("", raw)
        match = _COMMENT.search(text)
        comment = match.group(1).strip() if match else ""
        body = text[: match.start()].strip() if match else text.strip()
        is_command = _is_command(body, block.language)
        runs = command_purpose(body, around) if is_command else None
        if runs is not None:
            commands.append(runs)
        after = call_line is not None and index >= call_line
        purpose = runs or code_says or around
        lines.append(CodeLine(body, comment, is_command, purpose, runs, after))
    if Purpose.INFERENCE in commands:
        block_purpose = Purpose.INFERENCE
    elif commands:
        block_purpose = commands[0]
    else:
        block_purpose = code_says or around
    return tuple(lines), block_purpose
