"""What the part detectors read: the documentation cut into passages that each know what they
are about (training, evaluation, inference, or nothing said), and code blocks read as snippets.

A part is documented for inference, so where a statement sits matters as much as what it
says: "batch size 256" under "Training" documents nothing for the receiving team. A passage's
purpose comes from the passage itself first (a sentence that talks about training, or about
inference, says so), then from its section (the nearest heading, walking up, that says what
it is about). A code block's comes from what it runs or calls (`commands.py`). Headings are
context only, never evidence: a heading whose body is "TBD" documents nothing.

The words are English, with the German and Chinese ones research READMEs use; numbers with
units, code and commands need no words at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from handoff.checks.doc.commands import (
    SHELL_START,
    CodeLine,
    inference_after_training,
    loaded_models,
    read_code,
)
from handoff.checks.doc.documents import Block, BlockKind, Document, Section
from handoff.checks.doc.purpose import Purpose
from handoff.checks.doc.vocabulary import words

__all__ = ["CodeLine", "Passage", "Passages", "Purpose", "Snippet"]


# --- what a heading is about --------------------------------------------------------------
_TRAIN_HEADING = words(
    r"train|fine[- ]?tun|pre[- ]?train|hyper[- ]?param|reproduc|\bdata ?(sets?)?\b|\bannotation"
    r"|preparing (the )?data|训练|微调|数据|Feinabstimm|Datensatz|\bDaten\b|Trainingsdaten"
)
_EVAL_HEADING = words(
    r"evaluat|\beval\b|\bresults?\b|benchmark|\bmetrics?\b|leaderboard|accuracy|\btest(s|ing)?\b"
    r"|评估|评测|结果|测试|Ergebnis|Evaluier|Auswertung"
)
_INFERENCE_HEADING = words(
    r"inferen|\binfer\b|predict|usage|\bus(e|ing)\b|how to (use|run|predict|infer|call|query"
    r"|deploy|serve)|(quick|fast) ?start|get(ting)? started|demo"
    r"|deploy|serving|\bserve|server|\bapi\b|\brun|example|\binputs?\b|\boutputs?\b|\bcli\b"
    r"|test[- ]time|推理|预测|使用|用法|快速|部署|输入|输出|示例|Inferenz|Vorhersage|Verwendung"
    r"|Nutzung|Schnellstart|Anwendung|Eingabe|Ausgabe|Beispiel|Bereitstell"
)

# --- what a sentence is about -------------------------------------------------------------
TRAINING_WORDS = words(
    r"\btrain(s|ing|er)?\b|\btrainings\w*|\btrained\b(?!\s+(models?|weights?|checkpoints?|"
    r"network|classifier|detector|pipeline|tokenizer|agent|policy|on\s+your))"
    r"|\bfine[- ]?tun(e|ed|es|ing)\b|\bfinetun\w*|\bpre[- ]?training\b|\bepochs?\b"
    r"|learning[ _-]rate|\boptimi[sz]er\b|\bbackprop\w*|\bwarm[- ]?up\b|\baugment\w*"
    r"|gradient accumulation"
    r"|\bannotations?\b|\blabel(l)?ing\b|\blabel (format|files?)\b"
    r"|训练|微调|trainiert"
)
INFERENCE_WORDS = words(
    r"\binferenc\w*|\binfer(s|red|ring)?\b|\bdeploy\w*|\bserving\b|\bproduction\b|test[- ]time"
    r"|\btest\s*(=|:|size|resolution|res\b|crop|image size)|\bat run[- ]?time\b|\blatency\b"
    r"|\bthroughput\b|real[- ]time|推理|部署|Inferenz|Bereitstellung|Produktion"
)
# Predicting is what inference does, and also what an evaluation compares with the truth.
PREDICTION_WORDS = words(r"\bpredict(s|ing|ion|ions)?\b|预测|Vorhersage\w*")
EVALUATION_WORDS = words(
    r"\bevaluat\w*|\beval\b|\bbenchmark\w*|\btest[- ]?set\b|\bvalidation set\b|\bval set\b"
    r"|\bleaderboard\b|\baccuracy\b|\btop-1\b|\bground[- ]truth\b|评估|评测|准确率|Genauigkeit"
    r"|Evaluier\w*|Auswertung"
)
# Metric names, in their own case ("mAP", not a label "map").
METRIC_NAMES = re.compile(r"\b(mAP|BLEU|WER|CER|F1|AUC|ROUGE|RMSE|MAE|mIoU|PSNR|SSIM|FID)\b")


# A mark in a feature matrix ("✔", ":heavy_check_mark:", "yes"), or an empty cell.
_MARK = re.compile(
    r"^\s*(:[a-z_]*(check|cross|multiplication|x)[a-z_]*:|[✓✔✅❌✗✘]|yes|no|partial)?\s*$", re.I
)


@dataclass(frozen=True)
class Passage:
    """A sentence (or clause), a table row or an image caption, with its purpose."""

    text: str
    purpose: Purpose
    block: Block
    section: Section
    document: Document

    @property
    def is_checklist(self) -> bool:
        """A row of a feature matrix: its values are marks, so it says that something is
        supported, not what the model takes or returns."""
        if self.block.kind is not BlockKind.TABLE:
            return False
        values = [cell.split(": ", 1)[-1] for cell in self.text.split(" | ")[1:]]
        return bool(values) and all(_MARK.match(value) for value in values)


@dataclass(frozen=True)
class Snippet:
    """A code block (or a command quoted inline in a sentence) and what it is for."""

    block: Block
    section: Section
    document: Document
    purpose: Purpose
    lines: tuple[CodeLine, ...]
    introduced_by: str  # the sentence just before the block in its section, lowercased
    models: tuple[str, ...] = ()  # names the code before it in its block bound to a model

    @property
    def code(self) -> str:
        return self.block.text

    @property
    def comments(self) -> Iterator[str]:
        return (line.comment for line in self.lines if line.comment)


# A kind of released model, not a training step: "Pretrained models", "Fine-tuned chat models".
_MODEL_KIND = words(
    r"\b(pre-?trained|fine-?tuned|trained)\b(\s+[\w-]+)?\s+"
    r"(models?|checkpoints?|weights|networks?|agents?|polic(y|ies))\b"
)


def section_purpose(section: Section) -> Purpose:
    """What the nearest heading that says anything says, from the section up."""
    for title in reversed(section.titles):
        title = _MODEL_KIND.sub(" ", title)
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
_TRAINING_REFERENCE = words(
    r"\b(as|like|same as|exactly as|identical to)\s+(in|during|at|for)\s+(the\s+)?training\b"
    r"|\b(saved|stored|fitted|fit|computed|learned|learnt|estimated|used)\s+(during|in|at|on|from)"
    r"\s+(the\s+)?train(ing)?(\s+(set|data|split|time))?\b|\bfrom the training (set|data)\b"
    r"|\bim Training\b|\bwie (im|beim) Training\b|\b(beim|im) Training gespeichert\w*"
    # "a model trained to output / predict X" says what the model does, not how it learns
    r"|\b(pre-?)?trained\s+to\s+(?=(output|predict|generate|produce|return|classify|detect"
    r"|recogni[sz]e|forecast|answer|transcribe|segment|estimate)\b)"
    r"|与训练(时)?(相同|一致)"
)


# An aside on where something came from: "(which it was trained on)".
_ASIDE = words(r"\((which|that|as|like|where)\b[^()]*\)")


# A name of three or more hyphenated parts (`bert-base-finetuned-squad-v2`) names a released
# model; the words inside it say nothing about the sentence (a script's name says what it runs).
_MODEL_NAME = re.compile(r"(?<![\w./-])\w[\w.]*(?:-[\w.]+){2,}(?![\w/])")
_SCRIPT_NAME = re.compile(r"\.(py|sh|ipynb|ya?ml|json|cfg|toml)$", re.I)


def _without_model_names(text: str) -> str:
    return _MODEL_NAME.sub(lambda m: m.group(0) if _SCRIPT_NAME.search(m.group(0)) else " ", text)


def text_purpose(text: str, around: Purpose) -> Purpose:
    """A sentence's own purpose when its words give one, else `around` (its section's)."""
    text = _ASIDE.sub(" ", _TRAINING_REFERENCE.sub(" ", _without_model_names(text)))
    train = bool(TRAINING_WORDS.search(text))
    inference = bool(INFERENCE_WORDS.search(text))
    predicting = bool(PREDICTION_WORDS.search(text))
    evaluation = bool(EVALUATION_WORDS.search(text) or METRIC_NAMES.search(text))
    if inference and not train:
        return Purpose.INFERENCE
    if train and not (inference or predicting):
        return Purpose.TRAINING
    if evaluation and not train:
        return Purpose.EVALUATION
    if predicting and not train:
        return Purpose.INFERENCE
    return around


# Sentence ends: `. ` before a capital, a digit or a quote (not "e.g. the"), CJK full stops,
# semicolons (a clause about training next to one about inference), line breaks; not colons
# ("Output: a JSON object" is one statement).
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9`\"'(\[])|(?<=[。！？；])|\s*\n+\s*")


# A full stop that ends an abbreviation, not a sentence.
_ABBREVIATION = re.compile(
    r"\b(vs|e\.g|i\.e|etc|approx|cf|fig|figs|eq|no|al|resp|incl|ca|z\.B|bzw|usw|d\.h|Nr)\.$", re.I
)
# A placeholder where a part should be: "TBD", "TODO: describe the output", "Coming soon".
PLACEHOLDER = words(
    r"^\W*(tbd|tba|todo|fixme|wip|work in progress|coming soon|more information needed"
    r"|to be (added|done|written"
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


_SHELL_PROMPT = re.compile(r"^\$\s+")
# Inline code in a sentence that is a command (`python predict.py --image cat.jpg`).
_INLINE_CODE = re.compile(r"`([^`\n]+)`")


# Sections that credit people and work (acknowledgements, contributors, citation, licence):
# what they say is thanks and attribution, not the interface.
_CREDITS = words(
    r"^\W*(acknowledge?ments?|contributors?|credits?|citations?|(how to )?cite\b.*|citing\b.*"
    r"|bibtex|licen[cs]es?|(special )?thanks|supported by|sponsors?|致谢|引用|许可证?|Danksagung"
    r"|Lizenz|Zitation)\W*$"
)


# An open item of a task list ("- [ ] torch.compile in PyTorch 2.0"): work still to do.
_OPEN_TASK = re.compile(r"^\s*\[ \]\s")


def is_credits(section: Section) -> bool:
    return any(_CREDITS.search(title) for title in section.titles)


class Passages:
    """Every passage and snippet of the documentation, in document order (credits left out)."""

    def __init__(self, documents: list[Document]):
        self.texts: list[Passage] = []
        self.snippets: list[Snippet] = []
        self.front_matter: list[dict] = [d.front_matter for d in documents if d.front_matter]
        for document in documents:
            for section in document.sections:
                if not is_credits(section):
                    self._read(document, section)

    def _read(self, document: Document, section: Section) -> None:
        around = section_purpose(section)
        last_sentence = ""
        for block in section.blocks:
            if block.kind is BlockKind.CODE:
                self._read_code(block, section, document, last_sentence.lower())
                continue
            if _OPEN_TASK.match(block.text):
                continue  # a wish, not what the project does
            parts = sentences(block.text) if block.kind is BlockKind.TEXT else [block.text]
            for text in parts:
                purpose = text_purpose(text, around)
                self.texts.append(Passage(text, purpose, block, section, document))
                self._inline_commands(text, purpose, block, section, document)
            if parts:
                last_sentence = parts[-1]

    def _read_code(self, block: Block, section: Section, document: Document, intro: str) -> None:
        """A code block is one snippet, or two when it trains and then runs the model it
        trained: the run is inference wherever the block sits."""
        around = section_purpose(section)
        split = inference_after_training(block.text)
        if split is None:
            lines, purpose = read_code(block, around)
            self.snippets.append(Snippet(block, section, document, purpose, lines, intro))
            return
        head = Block(block.kind, block.text[:split], block.line, block.language)
        lines, purpose = read_code(head, around)
        self.snippets.append(Snippet(head, section, document, purpose, lines, intro))
        models = loaded_models(head.text)
        line = block.line + head.text.count("\n")
        tail = Block(block.kind, block.text[split:], line, block.language)
        # (after the training, what an evaluation section runs is still its evaluation)
        runs = Purpose.EVALUATION if around is Purpose.EVALUATION else Purpose.INFERENCE
        lines, purpose = read_code(tail, runs, models)
        self.snippets.append(Snippet(tail, section, document, purpose, lines, intro, models))

    def _inline_commands(
        self, text: str, purpose: Purpose, block: Block, section: Section, document: Document
    ) -> None:
        for match in _INLINE_CODE.finditer(text):
            code = match.group(1).strip()
            # `$ tool file.pdf`: a shell prompt says it is a command, whatever the program.
            prompted = _SHELL_PROMPT.match(code)
            if prompted:
                code = code[prompted.end() :]
            if " " not in code or not (prompted or SHELL_START.match(code)):
                continue
            inline = Block(BlockKind.CODE, code, block.line, "console" if prompted else "inline")
            lines, own = read_code(inline, purpose)
            self.snippets.append(Snippet(inline, section, document, own, lines, text.lower()))

    def of(self, *purposes: Purpose) -> Iterator[Passage]:
        return (p for p in self.texts if p.purpose in purposes)

    def snippets_for(self, *purposes: Purpose) -> Iterator[Snippet]:
        return (s for s in self.snippets if s.purpose in purposes)
