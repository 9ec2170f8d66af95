"""DOC006 batch-size: no batch size given for inference or serving (a recommended value, the
value of the documented inference command, or an explicit batch size 1)."""

from __future__ import annotations

import re

from handoff.checks.doc.commands import option_help
from handoff.checks.doc.doc007_resource_figures import has_figure
from handoff.checks.doc.documents import BlockKind
from handoff.checks.doc.passages import Passage, Passages, Purpose, Snippet, text_purpose
from handoff.checks.doc.rule import DocRule
from handoff.checks.doc.vocabulary import words

_BATCH = words(
    r"\bbatch[ _-]?sizes?\b|\bbatchsize\b|批大小|批量大小|批次大小|批处理大小|Batch-?Größe|Batchgröße"
    r"|Stapelgröße"
)
# The batch of a training or evaluation loop, named so (`train_batch_size`, "eval batch size").
_OTHER_BATCH = words(
    r"(train(ing)?|eval(uation)?|valid(ation)?|test|per[_ ]device(_train|_eval)?|micro|mini"
    r"|gradient|global|effective|total)[ _-]*$"
)
# How many inputs go through at once is the batch: "one image at a time", "can process 16
# samples at a time".
_ONE_AT_A_TIME = words(
    r"\bbatch of (\d+|one)\b|\b(one|\d+) (image|sample|request|input|utterance|sentence|text"
    r"|query|molecule|example)s? at a time\b|\bunbatched\b|\bno batching\b"
)
# In a sentence no heading places: a recommendation, or a value sized to the hardware.
_ADVICE = words(
    r"\brecommend\w*|\bsuggest\w*|\bdefault\b|\bGPU\b|\bVRAM\b|\bmemory\b|\bfits?\b|empfohlen"
    r"|建议|推荐|显存"
)
# In the inference code, a limit of what it runs is what to use: "only batch size 1 is
# supported" (a bare "# batch of 1" explains the example's leading axis).
_LIMIT = words(r"\bonly\b|\bsupport(s|ed)?\b|\bmax(imum)?\b|\bat most\b|\bup to\b")
# A batch size in a command, a call or a config of the documented inference.
BATCH_IN_CODE = words(
    # (also in a unit: `batch_size_s=300` seconds of audio, `batch_size_tokens=4096`)
    r"(^|\s)--?(batch[_-]?size|batch|bs)[= ]\s*\d"
    # (a key or keyword; the batch a library predicts with is its eval or test batch)
    r"|(?<![\w-])[\"']?((eval|test|predict(ion)?|infer(ence)?)_)?batch_size(_[a-z]+)?[\"']?\s*[=:]"
    r"\s*\d"
    # (the short keyword of a call: `generate(x, bs=8)`)
    r"|(?<![\w-])(bs|batch)\s*=\s*\d"
    r"|--max[-_]num[-_]seqs[= ]\s*\d|(?<![\w-])max[-_]batch[-_](size|tokens)\s*[=:]?\s*\d"
    r"|--max[-_]batch[-_](size|tokens)[= ]\s*\d"
)


# A batch a speed or memory figure was measured at: "batch 1 fps", "Batch size: 32 | 5952 RPS".
# ("bs=16" is the usual short form in a table's header)
_MEASURED_AT = words(r"\bbatch(?:[ _-]?size)?\b[^|\d]{0,20}?:?\s*\d+|\bbs\s*[=:]\s*\d+")
# A cell that holds an amount of memory: in a row that gives the batch, what it took.
_MEMORY_CELL = words(r":\s*~?\d+(\.\d+)?\s*[GM]i?B\s*(\||$)")
_PERFORMANCE = words(r"\bperformance\b|\bspeed\b|\blatency\b|\bthroughput\b|性能|速度|吞吐")


# A name the snippet sets to a whole number (`BSZ = 32`), and a batch size passed by name.
_NUMBER_NAME = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*(\d+)\s*(#.*)?$", re.M)
_BATCH_NAME = re.compile(r"(batch_size\s*=\s*)([A-Za-z_]\w*)\b")


def _named_numbers(code: str) -> dict[str, str]:
    """The names the snippet sets to a whole number."""
    return {match.group(1): match.group(2) for match in _NUMBER_NAME.finditer(code)}


def _with_values(text: str, numbers: dict[str, str]) -> str:
    """The line with a batch size passed by name written as its number: `batch_size=BSZ`
    after `BSZ = 32` passes 32."""
    return _BATCH_NAME.sub(lambda m: m.group(1) + numbers.get(m.group(2), m.group(2)), text)


def _measured_batch(passage: Passage) -> bool:
    """A row of a table of measured inference (a figure in the row, or a performance
    section) that gives the batch it was measured at."""
    if passage.block.kind is not BlockKind.TABLE or passage.purpose is Purpose.TRAINING:
        return False
    if not _MEASURED_AT.search(passage.text):
        return False
    heading = " ".join(passage.section.titles)
    figure = has_figure(passage.text) or bool(_MEMORY_CELL.search(passage.text))
    return figure or bool(_PERFORMANCE.search(heading))


def _states_batch(text: str) -> bool:
    """A batch size with its value, that is not a training or evaluation batch."""
    if _ONE_AT_A_TIME.search(text):
        return True
    for match in _BATCH.finditer(text):
        if _OTHER_BATCH.search(text[: match.start()][-30:]):
            continue
        around = text[max(0, match.start() - 15) : match.end() + 25]
        if re.search(r"\d", around):
            return True
    return False


def _inference_passage(passage: Passage) -> bool:
    """About inference: said so, or a recommendation, or a note on measured speed (the batch
    a speed was measured at is one to run with)."""
    if passage.purpose is Purpose.INFERENCE:
        return True
    if passage.purpose is not Purpose.NEUTRAL:
        return False
    heading = " ".join(passage.section.titles)
    return bool(_ADVICE.search(passage.text) or _PERFORMANCE.search(heading))


# An option named for the batch, and the default its help text gives it.
_BATCH_OPTION = words(r"\bbatch[_-]?sizes?\b|\bbatchsize\b|--(bs|batch)\b")
_DEFAULT_VALUE = words(r"\bdefaults?\s*(is|to|=|:)?\s*\d")


def _default_batch_option(snippet: Snippet) -> str | None:
    """A help listing's batch-size option with its default value: the batch the tool runs with
    unless told otherwise (not one its help says is for training or evaluation)."""
    for option, said in option_help([line.text for line in snippet.lines]):
        if not (_BATCH_OPTION.search(option) and _DEFAULT_VALUE.search(said)):
            continue
        if text_purpose(said, Purpose.NEUTRAL) in (Purpose.NEUTRAL, Purpose.INFERENCE):
            return f"{option}: {said}"
    return None


def batch_evidence(passages: Passages) -> str | None:
    """The first inference batch size, or None."""
    for passage in passages.texts:
        if _inference_passage(passage) and _states_batch(passage.text):
            return passage.text
        if _measured_batch(passage):
            return passage.text
    for snippet in passages.snippets_for(Purpose.INFERENCE, Purpose.NEUTRAL):
        numbers = _named_numbers(snippet.code)
        for line in snippet.lines:
            if line.purpose is Purpose.INFERENCE and BATCH_IN_CODE.search(
                _with_values(line.text, numbers)
            ):
                return line.text
            # A help text or a comment that gives the default: "Batch size. Defaults to 6."
            said = line.comment if line.is_command else f"{line.text} {line.comment}"
            if line.purpose in (Purpose.TRAINING, Purpose.EVALUATION):
                continue
            limit = line.purpose is Purpose.INFERENCE and _LIMIT.search(said)
            if (_ADVICE.search(said) or limit) and _states_batch(said):
                return said
        if snippet.purpose is Purpose.INFERENCE and (option := _default_batch_option(snippet)):
            return option
    return None


class BatchSize(DocRule):
    """DOC006."""

    code = "DOC006"

    evidence = staticmethod(batch_evidence)
    what_to_write = (
        "the documentation gives no batch size for inference: document the recommended"
        " batch size (and the memory it needs), or say it serves one input at a time"
    )
