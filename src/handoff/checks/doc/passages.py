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
    r"train|fine[- ]?tun|pre[- ]?train|hyper[- ]?param|reproduc|训练|微调|Feinabstimm"
)
_EVAL_HEADING = _words(
    r"evaluat|\beval\b|\bresults?\b|benchmark|\bmetrics?\b|leaderboard|accuracy|\btest(s|ing)?\b"
    r"|评估|评测|结果|测试|Ergebnis|Evaluier|Auswertung"
)
_INFERENCE_HEADING = _words(
    r"inferen|\binfer\b|predict|usage|\bus(e|ing)\b|how to|quick ?start|get(ting)? started|demo"
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
    r"|训练|微调|trainiert"
)
INFERENCE_WORDS = _words(
    r"\binferenc\w*|\binfer(s|red|ring)?\b|\bdeploy\w*|\bserving\b|\bproduction\b|test[- ]time"
    r"|\bat run[- ]?time\b|\blatency\b|\bthroughput\b|real[- ]time|\bpredict(s|ing|ion|ions)?\b"
    r"|推理|部署|预测|Inferenz|Bereitstellung|Vorhersage\w*|Produktion"
)
EVALUATION_WORDS = _words(
    r"\bevaluat\w*|\beval\b|\bbenchmark\w*|\btest[- ]?set\b|\bvalidation set\b|\bval set\b"
    r"|\bleaderboard\b|\baccuracy\b|\btop-1\b|\bmAP\b|\bBLEU\b|\bWER\b|\bCER\b|\bF1\b|\bAUC\b"
    r"|\bROUGE\b|评估|评测|准确率|Genauigkeit|Evaluier\w*|Auswertung"
)

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
_INFERENCE_COMMAND = _words(
    rf"(^|[\s/]){_SCRIPT}(predict|infer|demo|detect|classify|generate|sample|transcribe|translate"
    r"|synthesi[sz]e|tts|asr|segment|serve|server|app|api|run_inference|caption|embed|recogni[sz]e"
    r"|ocr|chat|cli|run)\w*\.(py|sh)\b"
    r"|\s-m\s+\S*(predict|infer|serve|demo|generate|cli|app|server)\b"
    r"|\b(uvicorn|gunicorn|streamlit run|gradio|vllm serve|vllm\.entrypoints|tritonserver"
    r"|torchserve|bentoml serve|text-generation-launcher|docker run|ollama run|llama-cli"
    r"|llama-server|mlflow models serve)\b|^\s*(POST|GET)\s+/\S*"
    r"|\bcurl\b.*(-X\s*POST|\s-d\s|--data|\s-F\s|--form|localhost|127\.0\.0\.1|0\.0\.0\.0)"
    r"|^\s*(?!python|pip|conda|git|cd|bash|sh)[\w-]+\s+(predict|infer|serve|generate|detect"
    r"|transcribe|classify)\b"
)
# A shell prompt or a line continuation to strip from a command line.
_PROMPT = re.compile(r"^\s*(\$|>|%|!)\s+|^\s*!(?=\w)")
_SHELL_START = _words(
    r"^\s*(python3?|python -m|bash|sh|\./|accelerate|torchrun|deepspeed|docker|curl|uvicorn"
    r"|gunicorn|streamlit|gradio|vllm|pip|conda|git|wget|cd|export|make|CUDA_VISIBLE_DEVICES"
    r"|(POST|GET)\s+/|[\w-]+\s+--?\w)"
)

# --- what a Python snippet does -------------------------------------------------------------
_TRAIN_CODE = re.compile(
    r"\.backward\s*\(|optimizer\.step\s*\(|\btrainer\.train\s*\(|\bTrainingArguments\s*\("
    r"|\.fit_generator\s*\("
)
_FIT = re.compile(r"\.fit\s*\(")
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


def text_purpose(text: str, around: Purpose) -> Purpose:
    """A sentence's own purpose when its words give one, else `around` (its section's)."""
    train = bool(TRAINING_WORDS.search(text))
    inference = bool(INFERENCE_WORDS.search(text))
    if inference and not train:
        return Purpose.INFERENCE
    if train and not inference:
        return Purpose.TRAINING
    if not train and EVALUATION_WORDS.search(text):
        return Purpose.EVALUATION
    return around


def command_purpose(command: str) -> Purpose | None:
    """What a shell command runs, when its script or program says."""
    if _INFERENCE_COMMAND.search(command):
        return Purpose.INFERENCE
    if _TRAIN_COMMAND.search(command):
        return Purpose.TRAINING
    if _EVAL_COMMAND.search(command):
        return Purpose.EVALUATION
    return None


def code_purpose(code: str) -> Purpose | None:
    """What a Python snippet does, when its calls say."""
    if _TRAIN_CODE.search(code):
        return Purpose.TRAINING
    if INFERENCE_CODE.search(code):
        return Purpose.INFERENCE
    if _FIT.search(code):
        return Purpose.TRAINING
    return None


# Sentence ends: `. ` before a capital, a digit or a quote (not "e.g. the"), CJK full stops,
# semicolons (a clause about training next to one about inference), line breaks; not colons
# ("Output: a JSON object" is one statement).
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9`\"'(\[])|(?<=[。！？；])|\s*\n+\s*")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _logical_lines(code: str) -> list[str]:
    """Lines with shell continuations (`\\` at the end) joined."""
    joined: list[str] = []
    pending = ""
    for raw in code.splitlines():
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        joined.append(pending + raw)
        pending = ""
    if pending:
        joined.append(pending)
    return joined


def _code_lines(block: Block, around: Purpose) -> tuple[tuple[CodeLine, ...], Purpose]:
    """The block's lines and the block's purpose: a command's own, else the snippet's, else
    the section's."""
    code_says = code_purpose(block.text)
    lines = []
    commands = []
    for raw in _logical_lines(block.text):
        text = _PROMPT.sub("", raw)
        match = _COMMENT.search(text)
        comment = match.group(1).strip() if match else ""
        body = text[: match.start()].strip() if match else text.strip()
        is_command = bool(body) and bool(_SHELL_START.match(body)) and "(" not in body[:8]
        purpose = command_purpose(body) if is_command else None
        if purpose is not None:
            commands.append(purpose)
        lines.append(CodeLine(body, comment, is_command, purpose or code_says or around, purpose))
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
