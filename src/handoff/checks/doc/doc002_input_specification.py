"""DOC002 input-specification: nothing says what inference takes (shape, size, type, range,
format, fields)."""

from __future__ import annotations

import re

from handoff.checks.doc.passages import Passage, Passages, Purpose
from handoff.checks.doc.rule import DocRule
from handoff.checks.doc.vocabulary import (
    EXTENSION,
    FORMAT,
    INPUT_TOPIC,
    MODALITY,
    SHAPE,
    near,
    words,
)

# Durations that size an input (a 1 s window, 30-second clips), not a latency.
_WINDOW = words(
    r"\b\d+(\.\d+)?\s*(s|sec|secs|seconds?|ms|min|minutes?)\b[\s-]*(long\b|windows?|clips?|chunks?"
    r"|segments?|of audio|audio|frames?)"
    r"|\b(windows?|clips?|chunks?|segments?)\s+(of\s+)?(up to\s+)?"
    r"\d+(\.\d+)?\s*(s|sec|secs|seconds?|ms)\b"
)
# Length limits and counts of input units: max 512 tokens, up to 1,000 characters.
_LENGTH = words(
    r"\b(max(imum)?|up to|at most|longest|limit(ed)? to|bis zu|最多|最长)\s*(of\s*)?\d[\d,]*\s*"
    r"(tokens?|characters?|chars|words?|subwords?|frames?|samples?|pixels?|px|atoms?|nodes?"
    r"|sentences?|seconds?|s)\b|\b\d[\d,]*\s*(tokens?|characters?|chars|pixels?|px|atoms?"
    r"|channels?)\b|\b\d+\s*(个)?(字|字符|词|token)"
)
# The language of a text input ("English text", "German sentences").
_LANGUAGE = words(
    r"\b(english|german|chinese|french|spanish|japanese|korean|multilingual|deutsch\w*)\b"
    r"|\bbilingual\b|英文|中文|德语|中英|双语"
)
# A size named for the input by itself, with its value: a table's "Test Size: 640" column,
# "input resolution 384".
_INPUT_SIZE = words(
    r"\b(input|image|img|test|inference)[ _-]?(size|resolution|res)\b\s*(of\s*)?[:=]?\s*\d+"
)
# What describes the data a model was trained on, or the model itself, not its input.
_DATASET = words(r"\bdata ?sets?\b|\bcorp(us|ora)\b|数据集|Datensatz|Datens[äa]tze")
_ARCHITECTURE = words(r"\blayers?\b|\bhidden\b|\bheads?\b|\bparam(eter)?s\b|\bembedding (size|dim)")


def describes_input(text: str) -> bool:
    """A statement of what goes in: a shape, size, type, range or format, next to an input
    (named as one, or as the thing the model reads), not to a dataset or the architecture."""
    specs = (SHAPE, FORMAT, EXTENSION, _WINDOW, _LENGTH, _LANGUAGE)
    if near(text, INPUT_TOPIC, specs):
        return True
    if _DATASET.search(text) or _ARCHITECTURE.search(text):
        return False
    return near(text, MODALITY, specs)


def _input_heading(passage: Passage) -> bool:
    return bool(re.search(r"\binputs?\b|输入|Eingabe", " ".join(passage.section.titles), re.I))


def input_evidence(passages: Passages) -> str | None:
    """The first statement of what inference takes, or None."""
    for passage in passages.of(Purpose.INFERENCE, Purpose.NEUTRAL):
        if describes_input(passage.text) or _INPUT_SIZE.search(passage.text):
            return passage.text
        # The body of an "Input" section: "RGB, 224x224" needs no subject.
        spec = SHAPE.search(passage.text) or FORMAT.search(passage.text)
        if spec and _input_heading(passage) and not _DATASET.search(passage.text):
            return passage.text
    for snippet in passages.snippets_for(Purpose.INFERENCE, Purpose.NEUTRAL):
        for line in snippet.lines:
            if line.comment and not line.after_call and describes_input(line.comment):
                return line.comment
    return None


class InputSpecification(DocRule):
    """DOC002."""

    code = "DOC002"

    evidence = staticmethod(input_evidence)
    what_to_write = (
        "the documentation never says what inference takes: document the input (shape or"
        " size, dtype and value range, channel order or sample rate, or the request/file"
        " format with its fields)"
    )
