"""DOC006 batch-size: no batch size given for inference or serving (a recommended value, the
value of the documented inference command, or an explicit batch size 1)."""

from __future__ import annotations

import re

from handoff.checks.doc.passages import Passage, Passages, Purpose
from handoff.checks.doc.project import DocProject
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
_ONE_AT_A_TIME = words(
    r"\bbatch of (\d+|one)\b|\bone (image|sample|request|input|utterance|sentence|text|query"
    r"|molecule|example)s? at a time\b|\bunbatched\b|\bno batching\b"
)
# In a sentence no heading places: a recommendation, or a value sized to the hardware.
_ADVICE = words(
    r"\brecommend\w*|\bsuggest\w*|\bdefault\b|\bGPU\b|\bVRAM\b|\bmemory\b|\bfits?\b|empfohlen"
    r"|建议|推荐|显存"
)
# A batch size in a command, a call or a config of the documented inference.
BATCH_IN_CODE = words(
    r"(^|\s)--?(batch[_-]?size|batch|bs)[= ]\s*\d|(?<![\w-])batch_size\s*[=:]\s*\d"
    r"|--max[-_]num[-_]seqs[= ]\s*\d|(?<![\w-])max[-_]batch[-_](size|tokens)\s*[=:]?\s*\d"
    r"|--max[-_]batch[-_](size|tokens)[= ]\s*\d"
)


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
    if passage.purpose is Purpose.INFERENCE:
        return True
    return passage.purpose is Purpose.NEUTRAL and bool(_ADVICE.search(passage.text))


def batch_evidence(passages: Passages) -> str | None:
    """The first inference batch size, or None."""
    for passage in passages.texts:
        if _inference_passage(passage) and _states_batch(passage.text):
            return passage.text
    for snippet in passages.snippets_for(Purpose.INFERENCE, Purpose.NEUTRAL):
        for line in snippet.lines:
            if line.purpose is Purpose.INFERENCE and BATCH_IN_CODE.search(line.text):
                return line.text
    return None


class BatchSize(DocRule):
    """DOC006."""

    code = "DOC006"

    def missing(self, project: DocProject) -> str | None:
        if batch_evidence(project.passages) is not None:
            return None
        return (
            "the documentation gives no batch size for inference: document the recommended"
            " batch size (and the memory it needs), or say it serves one input at a time"
        )
