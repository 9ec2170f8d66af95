"""DOC005 output-format: nothing says what inference returns (type, shape, fields, units,
label set), in words, an example output or a snippet's comment."""

from __future__ import annotations

import re

from handoff.checks.doc.passages import Passages, Purpose, Snippet
from handoff.checks.doc.project import DocProject
from handoff.checks.doc.rule import DocRule
from handoff.checks.doc.vocabulary import FORMAT, INPUT_TOPIC, OUTPUT_PLACE, OUTPUT_TOPIC, SHAPE
from handoff.checks.doc.vocabulary import words

# What an output is made of.
OUTPUT_KIND = words(
    r"\bprobabilit\w*|\blogits?\b|\bscores?\b|\bconfidences?\b|\blabels?\b|\bclass(es)?\b"
    r"|\bbounding[ -]box\w*|\bboxes\b|\bbbox\w*|\bmasks?\b|\bkeypoints?\b|\bwaveforms?\b"
    r"|\btranscripts?\b|\btranscription\b|\bembeddings?\b|\bvectors?\b|\bsegmentation maps?\b"
    r"|\bfloats?\b|\bintegers?\b|\bPOSITIVE\b|\bNEGATIVE\b|\bone of\b|\bbetween 0 and 1\b"
    r"|\bin (ms|seconds|meters|mm|pixels|degrees|kcal/mol|ev)\b|\btext\b|\bimages?\b"
    r"|\bkeys\b|\b[A-Z]\s*[x×]\s*\d+\b|\bN\s*[x×]\s*\d+\b"
    r"|概率|标签|类别|实体|Wahrscheinlichkeit\w*|Klassen?\b|Bezeichnung\w*"
)
# An example result in a comment: `# -> [{'label': 'POSITIVE', ...}]`, `# tensor([...])`.
_RESULT_COMMENT = re.compile(
    r"->|=>|→|\boutputs?\b|\breturns?\b|\bprints?\b|\bresults?\b|\[\s*\{|\{\s*['\"]|tensor\(|array\("
    r"|^\s*\[?\s*-?\d|^\s*['\"]|输出|结果|Ausgabe",
    re.I,
)
_INPUT_ONLY = words(r"\binputs?\b|输入|Eingabe")
# The sentence before a block that shows an output: "Output:", "returns", "you get".
_INTRODUCES_OUTPUT = words(
    r"\boutputs?\b|\breturns?\b|\brespon(se|ds)\b|\bprints?\b|\bresults?\b|\byou (should |will )?"
    r"(get|see)\b|\bgives?\b|\bexample output\b|\blooks like\b|输出|返回|结果|Ausgabe|liefert"
)
_OUTPUT_LANGUAGES = frozenset({"", "json", "jsonl", "text", "txt", "console", "output", "plain"})
_OUTPUT_LANGUAGES |= {"plaintext", "yaml", "python", "py", "csv", "shell-session"}


def describes_output(text: str) -> bool:
    """What comes out, said: an output word and a type, shape, format or label set (a place
    to save to is not a format)."""
    if not OUTPUT_TOPIC.search(text):
        return False
    said = OUTPUT_PLACE.sub(" ", text)
    return any(p.search(said) for p in (OUTPUT_KIND, SHAPE, FORMAT))


def _shows_output(snippet: Snippet) -> bool:
    """A block of example output: introduced as one (or under an output heading), holding
    no command; or a REPL session that prints a result."""
    code = snippet.code
    lines = [line for line in code.splitlines() if line.strip()]
    prompt = [i for i, line in enumerate(lines) if line.lstrip().startswith(">>>")]
    if prompt and any(
        not line.lstrip().startswith((">>>", "...")) for line in lines[prompt[0] + 1 :]
    ):
        return True
    if snippet.block.language not in _OUTPUT_LANGUAGES or snippet.block.language == "inline":
        return False
    if any(line.is_command for line in snippet.lines):
        return False
    heading = " ".join(snippet.section.titles[-1:])
    return bool(
        _INTRODUCES_OUTPUT.search(snippet.introduced_by) or _INTRODUCES_OUTPUT.search(heading)
    )


def _result_comment(comment: str) -> bool:
    if _INPUT_ONLY.search(comment) and not OUTPUT_TOPIC.search(comment):
        return False
    return bool(_RESULT_COMMENT.search(comment))


def output_documented(passages: Passages) -> bool:
    for passage in passages.of(Purpose.INFERENCE, Purpose.NEUTRAL):
        text = passage.text
        if describes_output(text):
            return True
        heading = " ".join(passage.section.titles[-1:])
        if (
            re.search(r"\boutputs?\b|\brespon\w+|\breturns?\b|输出|返回|Ausgabe", heading, re.I)
            and not INPUT_TOPIC.search(heading)
            and any(p.search(text) for p in (OUTPUT_KIND, SHAPE, FORMAT))
        ):
            return True
    for snippet in passages.snippets_for(Purpose.INFERENCE, Purpose.NEUTRAL):
        if _shows_output(snippet):
            return True
        if snippet.purpose is Purpose.INFERENCE and any(
            _result_comment(c) for c in snippet.comments
        ):
            return True
    return False


class OutputFormat(DocRule):
    """DOC005."""

    code = "DOC005"

    def missing(self, project: DocProject) -> str | None:
        if output_documented(project.passages):
            return None
        return (
            "the documentation never says what inference returns: document the output (type"
            " and shape, fields or columns, units, the label set), e.g. with an example output"
        )
