"""DOC005 output-format: nothing says what inference returns (type, shape, fields, units,
label set), in words, an example output or a snippet's comment."""

from __future__ import annotations

import re

from handoff.checks.doc.commands import help_text
from handoff.checks.doc.doc007_resource_figures import states_speed
from handoff.checks.doc.documents import BlockKind
from handoff.checks.doc.passages import Passages, Purpose, Snippet
from handoff.checks.doc.rule import DocRule
from handoff.checks.doc.vocabulary import (
    FORMAT,
    INPUT_TOPIC,
    OUTPUT_PLACE,
    OUTPUT_TOPIC,
    SHAPE,
    commented_out,
    near,
    prose,
    words,
)

# What an output is made of (a policy's is an action, as a classifier's is a label).
OUTPUT_KIND = words(
    r"\bprobabilit\w*|\blogits?\b|\bscores?\b|\bconfidences?\b|\blabels?\b|\bclass(es)?\b"
    r"|\bbounding[ -]box\w*|\bboxes\b|\bbbox\w*|\bmasks?\b|\bkeypoints?\b|\bwaveforms?\b"
    r"|\btranscripts?\b|\btranscription\b|\bembeddings?\b|\bvectors?\b|\bsegmentation maps?\b"
    r"|\bactions?\b"
    r"|\bfloats?\b|\bintegers?\b|(?-i:\bPOSITIVE\b|\bNEGATIVE\b)|\bone of\b|\bbetween 0 and 1\b"
    r"|\bin (ms|seconds|meters|mm|pixels|degrees|kcal/mol|ev)\b"
    r"|\bkeys\b|\b[A-Z]\s*[x×]\s*\d+\b|\bN\s*[x×]\s*\d+\b"
    # (大概率 is "very likely", not a probability)
    r"|(?<!大)概率|标签|类别|实体|Wahrscheinlichkeit\w*|Klassen?\b|Bezeichnung\w*"
)
# What a generated output is, said with an output word ("the answer is free text"). Text
# alone is what every language model makes: it needs its form ("plain text").
OUTPUT_MEDIA = words(
    r"\b(free|plain|raw|formatted|structured)[ -]text\b|\bimages?\b|\baudio\b|\bparagraphs?\b"
    r"|\bmarkdown\b"
    r"|\b(shell |sql |bash )?commands\b|\bcode\b|\bsql\b|\bcaptions?\b|\bsummar(y|ies)\b"
)
# An output that follows a published interface: "responses compatible with the X API",
# "X-API-compatible responses" (the named interface fixes the fields).
_NAMED_SCHEMA = words(
    r"\b(api|schema|format|protocol)[- ]compatible\b"
    r"|\bcompatible with\b[^.]{0,40}\b(api|schema|format|protocol)\b"
)
# A comparison with other models is a claim about quality, not a statement of the output.
_COMPARISON = words(
    r"\b(more|less|fewer|better|worse|(?!other\b|rather\b)\w{3,}er)\s+([\w-]+\s+){0,4}than\b"
)
# A sentence that reports the paper's findings ("We show that it is easy to extend X to
# predict masks", "In this work, we present ..."): research, not the released interface.
_PAPER_CLAIM = words(
    r"^\W*(we (show|present|propose|introduce|demonstrate|find)|in this (work|paper)|our (method"
    r"|approach) (is|can))\b"
)
# A configuration file shown is what a program reads, not what it returns.
_CONFIGURATION = words(r"\bconfig(uration)?\b")
# An example result in a comment: `# -> [{'label': 'POSITIVE', ...}]`, `# tensor([...])`.
_RESULT_COMMENT = re.compile(
    # an output word shows a result when a value or a verb follows it: "# prints: ...",
    # "# result is ...", not "# process the results" or "# print results to console"
    r"(->|=>|→)\s*[\[{('\"\d-]|\b(outputs?|returns?|prints?|results?)\b\s*(:|=|is\b|are\b"
    r"|contains?\b|holds?\b|[\[{'\"\d-])|输出|结果|Ausgabe",
    re.I,
)
# A value written out with no word: a result only from the model call on (before it, a
# literal in a comment is a setting's choices, "choose from {'small', 'base'}", or an input).
_RESULT_LITERAL = re.compile(r"\[\s*\{|\{\s*['\"]|tensor\(|array\(|^\s*\[?\s*-?\d|^\s*['\"]", re.I)
# A comment that is only axis names and sizes, on the call line: `# B T N 2,  B T N 1`.
_AXES = re.compile(r"^[\s,]*(([A-Z]|\d+)(\s+([A-Z]|\d+)){2,}[\s,;]*)+$")
_OUTPUT_WORD = words(r"\b(outputs?|returns?|prints?|results?)\b|输出|返回|结果|Ausgabe")
# A section that lists what a classifier answers: "Labels", "Model labels", "Classes".
_LABEL_SET_HEADING = words(
    r"^((model|output|predicted|target) )?(labels?|classes|class names|label set|categories)$"
    r"|^(标签|类别)$|^Klassen$"
)
_INPUT_ONLY = words(r"\binputs?\b|输入|Eingabe")
# The sentence before a block that shows an output: "Output:", "returns", "you get".
_INTRODUCES_OUTPUT = words(
    r"\boutputs?\b|\breturns?\b|\brespon(se|ds)\b|\bprints?\b|\bresults?\b|\byou (should |will )?"
    r"(get|see)\b|\bgives?\b|\bexample output\b|\blooks like\b|输出|返回|结果"
    # what it makes, shown: "this generates a few samples, for example:"
    r"|\b(generates?|produces?)\b[^.]*\b(for example|for instance|e\.g\.|such as|like this)\b"
    r"|Ausgabe|liefert"
)
_OUTPUT_LANGUAGES = frozenset({"", "json", "jsonl", "text", "txt", "console", "output", "plain"})
_OUTPUT_LANGUAGES |= {"plaintext", "yaml", "python", "py", "csv", "shell-session"}


# What a classifier sorts its input into is what it answers: "classifies audio into one of
# the AudioSet classes", "categorises each review into one of three labels".
_SORTS_INTO = words(
    r"\b(classif(y|ies|ying)|categori[sz](e|es|ing)|sort(s|ing)?)\b[^.;]{0,40}?\binto\b"
)


# Where the object of an output verb ends: a conjunction, a preposition, punctuation.
_CLAUSE_END = re.compile(r"\b(?:and|or|but|while|with|in|for|from|using|by)\b|[,;:.]", re.I)


def describes_output(text: str) -> bool:
    """What comes out, said: an output word next to a type, shape, format or label set (a
    place to save to is not a format)."""
    said = OUTPUT_PLACE.sub(lambda match: " " * len(match.group(0)), text)
    if _COMPARISON.search(said) or _PAPER_CLAIM.search(said):
        return False
    if near(said, OUTPUT_TOPIC, (OUTPUT_KIND, SHAPE, FORMAT, _NAMED_SCHEMA)):
        return True
    if near(said, _SORTS_INTO, (OUTPUT_KIND,), before=False):
        return True
    # The media must be what the verb makes, not a word of the next clause ("enables coloured
    # output and better streaming of images"); a sentence that times the making names what is
    # made only to count it ("produces audio samples at 1200 kHz on a V100").
    # A step that opens on the bare verb ("Generate audio `python infer.py ...`") tells the
    # reader what to do, not what comes out.
    return not states_speed(said) and any(
        OUTPUT_MEDIA.search(re.split(_CLAUSE_END, said[m.end() :], 1)[0])
        for m in OUTPUT_TOPIC.finditer(prose(said))
        if not _IMPERATIVE.match(said[: m.end()])
    )


# An output verb in its bare form at the start of a sentence or a list item: an instruction.
_IMPERATIVE = re.compile(r"^\W*(\d+[.)]\s*)?(generate|produce|output|write|render|predict)$", re.I)


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
    if _CONFIGURATION.search(snippet.introduced_by) or _CONFIGURATION.search(heading):
        return False
    return bool(
        _INTRODUCES_OUTPUT.search(snippet.introduced_by) or _INTRODUCES_OUTPUT.search(heading)
    )


def _result_comment(comment: str, after_call: bool, called: bool = True) -> bool:
    """A comment that shows or describes what the model returned: a result said, or, from
    the line that calls the model on (anywhere in a snippet whose call is not recognised), a
    result written out, a type, shape or label set (also as bare axis names and sizes:
    `# B T N 2`)."""
    if _INPUT_ONLY.search(comment) and not OUTPUT_TOPIC.search(comment):
        return False
    if _RESULT_COMMENT.search(comment):
        return True
    if (after_call or not called) and _RESULT_LITERAL.search(comment):
        return True
    if after_call and _AXES.match(comment):
        return True
    kind = any(p.search(comment) for p in (OUTPUT_KIND, OUTPUT_MEDIA, SHAPE, FORMAT))
    return kind and (after_call or bool(_OUTPUT_WORD.search(comment)))


# In a help listing, the option that picks the type of the file written: `--ext  ... jpg | png`
# (one dash or two).
_OUTPUT_OPTION = words(r"^\s*(-\w,?\s+)?--?(ext|extension|format|output[_-]?(format|type|ext))\b")

# The file an inference command writes: `--output preds.csv`, `-o out.jsonl`, `> scores.csv`.
_OUTPUT_ARGUMENT = re.compile(
    r"(?:--?(?:output|out|o|save|save[-_]path)[= ]\s*|>\s*)([\w./-]+\.\w+)"
)
# A file named for predictions: `predictions.csv`, `preds.json`, `scores.csv`.
_PREDICTIONS_FILE = words(r"\b(pred|preds|predictions?|scores?|results?|submission)\.\w+\b")


def _output_files(passages: Passages) -> re.Pattern[str] | None:
    """The names of the files the documented inference commands write."""
    names = {
        match.group(1).rsplit("/", 1)[-1]
        for snippet in passages.snippets_for(Purpose.INFERENCE, Purpose.NEUTRAL)
        for line in snippet.lines
        if line.is_command and line.purpose is Purpose.INFERENCE
        for match in _OUTPUT_ARGUMENT.finditer(line.text)
    }
    if not names:
        return None
    return re.compile("|".join(rf"(?<![\w.-]){re.escape(n)}(?![\w-])" for n in sorted(names)))


def _describes_output_file(text: str, written: re.Pattern[str] | None) -> bool:
    """A sentence about the predictions file, next to its columns, fields or types."""
    values = (OUTPUT_KIND, FORMAT, SHAPE)
    return near(text, _PREDICTIONS_FILE, values, code_topic=True) or (
        written is not None and near(text, written, values, code_topic=True)
    )


def output_evidence(passages: Passages) -> str | None:
    """The first statement or example of what inference returns, or None."""
    written = _output_files(passages)
    for passage in passages.of(Purpose.INFERENCE, Purpose.NEUTRAL):
        text = passage.text
        if describes_output(text) or _describes_output_file(text, written):
            return text
        heading = " ".join(passage.section.titles[-1:])
        if passage.block.kind is BlockKind.TABLE and _LABEL_SET_HEADING.search(heading.strip()):
            return text  # a row of the label set
        if (
            re.search(r"\boutputs?\b|\brespon\w+|\breturns?\b|输出|返回|Ausgabe", heading, re.I)
            and not INPUT_TOPIC.search(heading)
            and any(p.search(text) for p in (OUTPUT_KIND, SHAPE, FORMAT))
        ):
            return text
    for snippet in passages.snippets_for(Purpose.INFERENCE, Purpose.NEUTRAL):
        found = _snippet_evidence(snippet)
        if found is not None:
            return found
    return None


_OUTPUT_LABEL = words(r"^\s*(outputs?|returns?|results?|输出|Ausgabe)\s*:\s*$")


def _labelled_output(snippet: Snippet) -> str | None:
    """In a diagram or listing, a line labelled "output:" and the line under it, which says
    what it is ("output:" / "probability of a match")."""
    texts = [line.text.strip() for line in snippet.lines if line.text.strip()]
    for label, value in zip(texts, texts[1:]):
        if _OUTPUT_LABEL.match(label) and any(
            p.search(value) for p in (OUTPUT_KIND, SHAPE, FORMAT)
        ):
            return f"{label} {value}"
    return None


def _snippet_evidence(snippet: Snippet) -> str | None:
    """An example output, the help line of an output-type option, or a result comment."""
    if _shows_output(snippet):
        return snippet.code
    labelled = _labelled_output(snippet)
    if labelled is not None:
        return labelled
    for line in snippet.lines:
        said = help_text(line.text)
        if said and _OUTPUT_OPTION.match(line.text) and FORMAT.search(said):
            return line.text
    if snippet.purpose is Purpose.INFERENCE:
        return _result_line(snippet) or _printed_example(snippet)
    return None


def _result_line(snippet: Snippet) -> str | None:
    """A comment that shows or describes the result, or a check of its shape, or the parts
    the result is unpacked into."""
    called = any(line.after_call for line in snippet.lines)
    for line in snippet.lines:
        if line.comment and _result_comment(line.comment, line.after_call, called):
            return line.comment
        if line.comment and not commented_out(line.comment) and describes_output(line.comment):
            return line.comment
        if line.after_call and _SHAPE_ASSERTED.match(line.text):
            return line.text
        if line.after_call and _named_parts(line.text):
            return line.text
    return None


# The names a call's result is unpacked into: `masks, scores, _ = predictor.predict(...)`.
_UNPACKED = re.compile(r"^\s*\(?\s*(\*?\w+\s*(,\s*\*?\w+\s*)+),?\s*\)?\s*=[^=]")


def _named_parts(code: str) -> bool:
    """A result unpacked into parts named for what they are (`images, scores = generate(...)`):
    the names say what the call returns and in which order."""
    unpacked = _UNPACKED.match(code)
    if unpacked is None or "(" not in code[unpacked.end() :]:
        return False  # (a call's result, not names swapped or copied)
    names = [name.strip(" *_") for name in unpacked.group(1).split(",")]
    return any(
        OUTPUT_KIND.search(part) or OUTPUT_MEDIA.search(part)
        for name in names
        for part in name.split("_")
        if part
    )


_PRINT = re.compile(r"\bprint\s*\(")
# After the model call, an assertion on a shape states the result's: `assert y.shape == x.shape`.
_SHAPE_ASSERTED = re.compile(r"^\s*assert\b.*\.shape\b.*==|^\s*assert\b.*==.*\.shape\b")


def _printed_example(snippet: Snippet) -> str | None:
    """Comment lines right under the line that prints the model's result: what it prints
    (`print(f"{t.start} {label}")` then `# 0.2 speaker_0`)."""
    lines = snippet.lines
    for printing, shown in zip(lines, lines[1:]):
        # (a printed line may read like code: `start=0.2s stop=1.5s`)
        if printing.after_call and _PRINT.search(printing.text) and shown.comment:
            if not shown.text:
                return shown.comment
    return None


class OutputFormat(DocRule):
    """DOC005."""

    code = "DOC005"

    evidence = staticmethod(output_evidence)
    what_to_write = (
        "the documentation never says what inference returns: document the output (type"
        " and shape, fields or columns, units, the label set), e.g. with an example output"
    )
