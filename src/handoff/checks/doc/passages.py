"""What the part detectors read: the documentation cut into passages that each know what they
are about (training, evaluation, inference, or nothing said), and code blocks read as snippets.

A part is documented for inference, so where a statement sits matters as much as what it
says: "batch size 256" under "Training" documents nothing for the receiving team. A passage's
purpose comes from the passage itself first (a sentence that talks about training, or about
inference, says so), then from its section (the nearest heading, walking up, that says what
it is about). A command's purpose comes from what it runs (`train.py`, `eval.py`, `predict.py`,
a server, a request), a Python snippet's from what it calls (`loss.backward()` or
`model.generate(...)`). Headings are context only, never evidence: a heading whose body is
"TBD" documents nothing.

The words are English, with the German and Chinese ones research READMEs use; numbers with
units, code and commands need no words at all.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Iterator

from handoff.checks.doc.documents import Block, BlockKind, Document, Section


class Purpose(str, enum.Enum):
    TRAINING = "training"
    EVALUATION = "evaluation"
    INFERENCE = "inference"
    NEUTRAL = "neutral"  # nothing says; most parts accept it


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# --- what a heading is about --------------------------------------------------------------
_TRAIN_HEADING = _words(
    r"train|fine[- ]?tun|pre[- ]?train|hyper[- ]?param|reproduc|\bdata ?(sets?)?\b|\bannotation"
    r"|preparing (the )?data|训练|微调|数据|Feinabstimm|Datensatz|\bDaten\b|Trainingsdaten"
)
_EVAL_HEADING = _words(
    r"evaluat|\beval\b|\bresults?\b|benchmark|\bmetrics?\b|leaderboard|accuracy|\btest(s|ing)?\b"
    r"|评估|评测|结果|测试|Ergebnis|Evaluier|Auswertung"
)
_INFERENCE_HEADING = _words(
    r"inferen|\binfer\b|predict|usage|\bus(e|ing)\b|how to (use|run|predict|infer|call|query|deploy|serve)|quick ?start|get(ting)? started|demo"
    r"|deploy|serving|\bserve|server|\bapi\b|\brun|example|\binputs?\b|\boutputs?\b|\bcli\b"
    r"|test[- ]time|推理|预测|使用|用法|快速|部署|输入|输出|示例|Inferenz|Vorhersage|Verwendung"
    r"|Nutzung|Schnellstart|Anwendung|Eingabe|Ausgabe|Beispiel|Bereitstell"
)

# --- what a sentence is about -------------------------------------------------------------
TRAINING_WORDS = _words(
    r"\btrain(s|ing|er)?\b|\btrainings\w*|\btrained\b(?!\s+(models?|weights?|checkpoints?|"
    r"network|classifier|detector|pipeline|tokenizer|agent|policy|on\s+your))"
    r"|\bfine[- ]?tun(e|ed|es|ing)\b|\bfinetun\w*|\bpre[- ]?training\b|\bepochs?\b"
    r"|learning[ _-]rate|\boptimi[sz]er\b|\bwarm[- ]?up\b|\baugment\w*|gradient accumulation"
    r"|\bannotations?\b|\blabel(l)?ing\b|\blabel (format|files?)\b"
    r"|训练|微调|trainiert"
)
INFERENCE_WORDS = _words(
    r"\binferenc\w*|\binfer(s|red|ring)?\b|\bdeploy\w*|\bserving\b|\bproduction\b|test[- ]time"
    r"|\btest\s*(=|:|size|resolution|res\b|crop|image size)|\bat run[- ]?time\b|\blatency\b|\bthroughput\b|real[- ]time|\bpredict(s|ing|ion|ions)?\b"
    r"|推理|部署|预测|Inferenz|Bereitstellung|Vorhersage\w*|Produktion"
)
EVALUATION_WORDS = _words(
    r"\bevaluat\w*|\beval\b|\bbenchmark\w*|\btest[- ]?set\b|\bvalidation set\b|\bval set\b"
    r"|\bleaderboard\b|\baccuracy\b|\btop-1\b|评估|评测|准确率|Genauigkeit|Evaluier\w*|Auswertung"
)
# Metric names, in their own case ("mAP", not a label "map").
METRIC_NAMES = re.compile(r"\b(mAP|BLEU|WER|CER|F1|AUC|ROUGE|RMSE|MAE|mIoU|PSNR|SSIM|FID)\b")

# --- what a command runs ------------------------------------------------------------------
_SCRIPT = r"[\w./-]*?"
_TRAIN_COMMAND = _words(
    rf"(^|[\s/]){_SCRIPT}(train|finetune|fine_tune|pretrain)\w*\.(py|sh)\b"
    r"|\s-m\s+\S*(train|finetune)|^\s*\S+\s+(train|fit|finetune)\b|--(epochs|do_train|lr)\b"
    r"|--learning[-_]rate|--num[-_]train[-_]epochs"
)
_EVAL_COMMAND = _words(
    rf"(^|[\s/]){_SCRIPT}(eval|evaluate|evaluation|test|val|validate|benchmark|bench)\w*\.(py|sh)\b"
    r"|\s-m\s+\S*(eval|test)\b|^\s*\S+\s+(eval|evaluate|val|test|benchmark)\b|--do_eval\b"
    r"|\bpytest\b"
)
# Scripts and programs that run a model on inputs, by name.
_INFERENCE_COMMAND = _words(
    r"\s--(predict|infer|inference)\b|\s--mode[= ](predict|infer|inference|serve)\b"
    rf"|(^|[\s/]){_SCRIPT}(predict|infer|demo|detect|classify|transcribe|translate|synthesi[sz]e"
    r"|tts|asr|segment|serve|server|api|run_inference|recogni[sz]e|ocr)\w*\.(py|sh)\b"
    r"|\s-m\s+\S*(predict|infer|serve|demo|server)\b"
    r"|\b(uvicorn|gunicorn|streamlit run|gradio|vllm serve|vllm\.entrypoints|tritonserver"
    r"|torchserve|bentoml serve|text-generation-launcher|docker run|ollama run|llama-cli"
    r"|llama-server|mlflow models serve)\b|^\s*(POST|GET)\s+/\S*"
    r"|\bcurl\b(?=.*(https?://|localhost|127\.0\.0\.1|0\.0\.0\.0|\$\w+))"
    r".*(-X\s*POST|\s-d\s|--data|\s-F\s|--form|localhost|127\.0\.0\.1|0\.0\.0\.0|/predict|/infer)"
    r"|^\s*(?!python|pip|conda|git|cd|bash|sh)[\w.-]+\s+(predict|infer|serve|detect"
    r"|transcribe|classify)\b"
)
# Names that run a model as often as they make data or run an experiment: they count for
# inference unless the section is about training or evaluation.
_MAYBE_INFERENCE_COMMAND = _words(
    rf"(^|[\s/]){_SCRIPT}(generate|sample|app|caption|embed|chat|cli)\w*\.(py|sh)\b"
    r"|\s-m\s+\S*(generate|cli|app)\b|^\s*(?!python|pip|conda|git|cd|bash|sh)[\w.-]+\s+"
    r"(generate|run)\b"
)
# A shell prompt or a line continuation to strip from a command line.
_PROMPT = re.compile(r"^\s*(\$|>|%|!)\s+|^\s*!(?=\w)")
_SHELL_START = _words(
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
_PYTHON_LINE = re.compile(r"^\s*(\w+(\.\w+)*\s*=[^=]|[\w.]+\(|(from|import|def|class|for|with|if|print)\b|>>>)")

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
# `name = Something.from_pretrained(...)`, `= load_model(...)`, `= Predictor(...)`: a name that
# holds a loaded model, which the snippet then calls on an input (`name("text")`).
_LOADED = re.compile(
    r"^\s*(\w+)\s*=\s*(?:[\w.]+\.)?(from_\w+|load\w*|create_\w*|pipeline|InferenceSession"
    r"|[A-Z]\w*)\s*\(",
    re.M,
)
INFERENCE_CODE = re.compile(
    r"\.(predict|predict_proba|generate|transcribe|infer|detect|classify|translate"
    r"|synthesi[sz]e|tts|segment|caption|recogni[sz]e|embed|encode_image|encode_text)\s*\("
    r"|\bpipeline\s*\(|\b(model|net|classifier|detector|pipe|nlp|generator|predictor|engine"
    r"|llm|policy|tagger|recognizer|segmenter)\s*\(|\b(sess|session|ort_session|ort_sess)\w*"
    r"\.run\s*\(|torch\.(no_grad|inference_mode)\s*\(|requests\.post\s*\("
    r"|\.completions\.create\s*\(|\b(model|encoder|embedder)\.encode\s*\("
)
_COMMENT = re.compile(r"(?:^|\s)(?:#|//)(?!!)\s?(.*)$")


@dataclass(frozen=True)
class Passage:
    """A sentence (or clause), a table row or an image caption, with its purpose."""

    text: str
    purpose: Purpose
    block: Block
    section: Section
    document: Document


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


@dataclass(frozen=True)
class Snippet:
    """A code block (or a command quoted inline in a sentence) and what it is for."""

    block: Block
    section: Section
    document: Document
    purpose: Purpose
    lines: tuple[CodeLine, ...]
    introduced_by: str  # the sentence just before the block in its section, lowercased

    @property
    def code(self) -> str:
        return self.block.text

    @property
    def comments(self) -> Iterator[str]:
        return (line.comment for line in self.lines if line.comment)


def section_purpose(section: Section) -> Purpose:
    """What the nearest heading that says anything says, from the section up."""
    for title in reversed(section.titles):
        train = bool(_TRAIN_HEADING.search(title))
        evaluation = bool(_EVAL_HEADING.search(title))
        inference = bool(_INFERENCE_HEADING.search(title))
        if inference and (train or evaluation) and not re.search(r"test[- ]time", title, re.I):
            return Purpose.NEUTRAL  # "Training and inference": the sentences must say
        if inference:
            return Purpose.INFERENCE
        if train:
            return Purpose.TRAINING
        if evaluation:
            return Purpose.EVALUATION
    return Purpose.NEUTRAL


# Training named as the source of something inference reuses: "exactly as during training",
# "the values saved in training", "fitted on train only".
_TRAINING_REFERENCE = _words(
    r"\b(as|like|same as|exactly as|identical to)\s+(in|during|at|for)\s+(the\s+)?training\b"
    r"|\b(saved|stored|fitted|fit|computed|learned|learnt|estimated|used)\s+(during|in|at|on|from)"
    r"\s+(the\s+)?train(ing)?(\s+(set|data|split|time))?\b|\bfrom the training (set|data)\b"
    r"|\bim Training\b|\bwie (im|beim) Training\b|\b(beim|im) Training gespeichert\w*"
    r"|与训练(时)?(相同|一致)"
)


def text_purpose(text: str, around: Purpose) -> Purpose:
    """A sentence's own purpose when its words give one, else `around` (its section's)."""
    text = _TRAINING_REFERENCE.sub(" ", text)
    train = bool(TRAINING_WORDS.search(text))
    inference = bool(INFERENCE_WORDS.search(text))
    if inference and not train:
        return Purpose.INFERENCE
    if train and not inference:
        return Purpose.TRAINING
    if not train and (EVALUATION_WORDS.search(text) or METRIC_NAMES.search(text)):
        return Purpose.EVALUATION
    return around


def command_purpose(command: str, around: Purpose = Purpose.NEUTRAL) -> Purpose | None:
    """What a shell command runs, when its script or program says (`around`: its section's
    purpose, which decides for names that may or may not run a model)."""
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


def model_call(code: str) -> re.Match[str] | None:
    """The first call of a model on an input: a predict-like method, a pipeline, or a name
    that holds a loaded model called like a function."""
    found = [m for m in [INFERENCE_CODE.search(code)] if m]
    for loaded in _LOADED.finditer(code):
        name = re.escape(loaded.group(1))
        call = re.compile(rf"(?<![\w.]){name}\s*\(").search(code, loaded.end())
        if call:
            found.append(call)
    return min(found, key=lambda m: m.start()) if found else None


def code_purpose(code: str) -> Purpose | None:
    """What a Python snippet does, when its calls say."""
    if _TRAIN_CODE.search(code):
        return Purpose.TRAINING
    if _EVAL_CODE.search(code):
        return Purpose.EVALUATION
    if model_call(code):
        return Purpose.INFERENCE
    if _FIT.search(code):
        return Purpose.TRAINING
    return None


# Sentence ends: `. ` before a capital, a digit or a quote (not "e.g. the"), CJK full stops,
# semicolons (a clause about training next to one about inference), line breaks; not colons
# ("Output: a JSON object" is one statement).
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9`\"'(\[])|(?<=[。！？；])|\s*\n+\s*")


# A full stop that ends an abbreviation, not a sentence.
_ABBREVIATION = re.compile(
    r"\b(vs|e\.g|i\.e|etc|approx|cf|fig|figs|eq|no|al|resp|incl|ca|z\.B|bzw|usw|d\.h|Nr)\.$", re.I
)
# A placeholder where a part should be: "TBD", "TODO: describe the output", "Coming soon".
PLACEHOLDER = _words(
    r"^\W*(tbd|tba|todo|fixme|wip|work in progress|coming soon|to be (added|done|written"
    r"|released|announced|updated|completed)|placeholder|n/a|待补充|待定|即将|folgt)\b"
)


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, placeholders left out."""
    found: list[str] = []
    for piece in _SENTENCE_END.split(text):
        piece = (piece or "").strip()
        if not piece:
            continue
        if found and _ABBREVIATION.search(found[-1]):
            found[-1] = f"{found[-1]} {piece}"
        else:
            found.append(piece)
    return [s for s in found if not PLACEHOLDER.search(s)]


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
    return bool(_SHELL_START.match(body))


def _code_lines(block: Block, around: Purpose) -> tuple[tuple[CodeLine, ...], Purpose]:
    """The block's lines and the block's purpose: a command's own, else the snippet's, else
    the section's."""
    code_says = code_purpose(block.text)
    call = model_call(block.text)
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


# Inline code in a sentence that is a command (`python predict.py --image cat.jpg`).
_INLINE_CODE = re.compile(r"`([^`\n]+)`")


class Passages:
    """Every passage and snippet of the documentation, in document order."""

    def __init__(self, documents: list[Document]):
        self.texts: list[Passage] = []
        self.snippets: list[Snippet] = []
        self.front_matter: list[dict] = [d.front_matter for d in documents if d.front_matter]
        for document in documents:
            for section in document.sections:
                self._read(document, section)

    def _read(self, document: Document, section: Section) -> None:
        around = section_purpose(section)
        last_sentence = ""
        for block in section.blocks:
            if block.kind is BlockKind.CODE:
                lines, purpose = _code_lines(block, around)
                self.snippets.append(
                    Snippet(block, section, document, purpose, lines, last_sentence.lower())
                )
                continue
            parts = sentences(block.text) if block.kind is BlockKind.TEXT else [block.text]
            for text in parts:
                purpose = text_purpose(text, around)
                self.texts.append(Passage(text, purpose, block, section, document))
                self._inline_commands(text, purpose, block, section, document)
            if parts:
                last_sentence = parts[-1]

    def _inline_commands(
        self, text: str, purpose: Purpose, block: Block, section: Section, document: Document
    ) -> None:
        for match in _INLINE_CODE.finditer(text):
            code = match.group(1).strip()
            if " " not in code or not _SHELL_START.match(code):
                continue
            inline = Block(BlockKind.CODE, code, block.line, "inline")
            lines, own = _code_lines(inline, purpose)
            self.snippets.append(Snippet(inline, section, document, own, lines, text.lower()))

    def of(self, *purposes: Purpose) -> Iterator[Passage]:
        return (p for p in self.texts if p.purpose in purposes)

    def snippets_for(self, *purposes: Purpose) -> Iterator[Snippet]:
        return (s for s in self.snippets if s.purpose in purposes)
