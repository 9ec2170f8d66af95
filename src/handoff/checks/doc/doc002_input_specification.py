"""DOC002 input-specification: nothing says what inference takes (shape, size, type, range,
format, fields)."""

from __future__ import annotations

import re

from handoff.checks.doc.commands import loaded_models
from handoff.checks.doc.documents import BlockKind
from handoff.checks.doc.passages import Passage, Passages, Purpose, Snippet
from handoff.checks.doc.rule import DocRule
from handoff.checks.doc.vocabulary import (
    EXTENSION,
    FORMAT,
    INPUT_TOPIC,
    MODALITY,
    OUTPUT_TOPIC,
    SHAPE,
    commented_out,
    near,
    prose,
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
    r"(tokens?|characters?|chars|words?|subwords?|word ?pieces?|frames?|samples?|pixels?|px"
    r"|atoms?|nodes?|sentences?|seconds?|s)\b|\b\d[\d,]*\s*(tokens?|characters?|chars|pixels?"
    r"|px|atoms?|channels?|word ?pieces?)\b|\b\d+\s*(个)?(字|字符|词|token)"
)
# The longest input a model reads, which names the input by itself: "8K context length",
# "a context window of 4096 tokens".
_CONTEXT_LENGTH = words(
    r"\b\d[\d,.]*\s*k?\s*(-?tokens?\s+)?context(\s+|-)(lengths?|windows?|sizes?)\b"
    r"|\bcontext(\s+|-)(lengths?|windows?|sizes?)\s*(of|:|=)?\s*(up to\s*)?\d[\d,.]*\s*k?\b"
)
# The language of a text input ("English text", "German sentences").
_LANGUAGE = words(
    # (a language after "into" or "to" is the one that comes out: "translate it into Spanish")
    r"(?<!\binto )(?<!\bto )"
    r"\b(english|german|chinese|french|spanish|japanese|korean|multilingual|deutsch\w*)\b"
    r"|\bbilingual\b|\bnatural[- ]language\b(?!\s+(processing|understanding|generation))"
    r"|英文|中文|德语|中英|双语"
)
# Kinds of values: "expects scalar values", "numerical features only".
_VALUE_KIND = words(
    r"\b(scalar|numeric(al)?|categorical|integer|floating[- ]point|boolean)\s+(values?|features?"
    r"|inputs?|columns?|data)\b|\bscalars?\b"
)
# "DataFrames in, forecasts out": what goes in, by its type.
_IN_OUT = words(
    r"\b(data ?frames?|arrays?|tensors?|images?|texts?|audio|json|csv|files?|strings?)\s+in\s*[,;/]"
    r"\s*[\w-]+(\s+[\w-]+)?\s+out\b"
)
# A size named for the input by itself, with its value: a table's "Test Size: 640" column,
# "input resolution 384".
_INPUT_SIZE = words(
    r"\b(input|image|img|test|inference)[ _-]?(size|resolution|res)\b\s*(of\s*)?[:=]?\s*\d+"
    # a model table's "Size (pixels): 640"
    r"|\bsize\s*\(\s*(pixels?|px)\s*\)\s*:\s*\d+"
    # an input length given with its default: "Input sequence length (defaults to 96)"
    r"|\binput[ _-]?(sequence[ _-]?)?(size|length|len)\b[^.\d]{0,40}\bdefaults?\b\D{0,6}\d+"
)
# The size of the input named as such, with its value ("input size 2560x1920", "input
# resolution: 384"), not a test-time size.
_NAMED_INPUT_SIZE = words(r"\binput[ _-]?(size|resolution|res)\b\s*(of\s*)?[:=]?\s*\d+")
# A resolution given as width x height is the size of the image the model reads: a model
# table's "resolution: 224x224" column, "higher resolution (336x336)".
_RESOLUTION = words(r"\bresolution\s*(:|\(|of)?\s*\d+\s*[x×]\s*\d+\b")
# A comment that names the value on its line as a dimension of the input: `--seq_len 512  #
# input sequence length`, `block_size = 1024  # input context length`.
# The context length is how much of the input the model reads (`CTX = 200  # context length`).
_INPUT_DIMENSION = words(
    r"\binput\s+([\w-]+\s+)?(length|size|resolution|shape|dim(ension)?s?)\b"
    r"|\bnumber of input\s+\w+|\bcontext[ _-]?(length|len|window|size)\b"
)
# A sampling rate is a property of the audio that goes in: "supports 8 kHz and 16 kHz
# sampling rates" (unless the sentence is about what comes out).
_SAMPLE_RATE = words(
    r"\b\d+(\.\d+)?\s*k?hz\b[^.]{0,40}\bsampl(e|ing)[ -]rates?\b"
    r"|\bsampl(e|ing)[ -]rates?\s*(of\s*)?[:=]?\s*\d+(\.\d+)?\s*k?hz\b"
)
# The control tokens a text input may carry, listed: "the control units are `[laugh]` and
# `[break]`" is the markup of what goes in.
_CONTROL_TOKENS = words(
    r"\b(control|special|markup)\s+(tokens?|units?|tags?)\b[^.]{0,40}?`?[\[<]\w+[\]>]"
)
# What a program reads as its configuration, not the model's input.
_CONFIGURATION = words(r"\bconfig(uration)?\s+files?\b|\bconfig(uration)? in\b")
# In a snippet, the line that loads the input with its channel order, scale or sample rate:
# `cv2.cvtColor(cv2.imread(p), cv2.COLOR_BGR2RGB) / 255.0`, `librosa.load(p, sr=16000)`.
_LOADS_INPUT = words(
    r"\b(imread|Image\.open|load_image|read_image|decode_image|librosa\.load|torchaudio\.load"
    r"|sf\.read|soundfile\.read|read_audio|load_audio)\s*\("
)
_LOADED_AS = words(
    r"COLOR_\w*2(RGB|BGR|GRAY)\b|\.convert\(\s*['\"](RGB|L|RGBA)['\"]|/\s*255\b"
    r"|\b(sr|sampling_rate|sample_rate)\s*=\s*\d+|\bdtype\s*=\s*\S"
)
# A shape shown in a comment, on a line that asks for one: `print(x.shape)  # [1, 3, 224, 224]`.
_SHAPE_ASKED = words(r"\.shape\b|\.size\(\)|\bshape\b")
# A request sent with a JSON body: its keys are the fields the service reads
# (`curl -X POST -d '{"text": ...}' -H 'Content-Type: application/json'`).
_JSON_REQUEST = words(
    r"(\s(-d|--data(-raw|-binary)?|--json)\s+['\"]?\s*\{\s*\\?['\"]\w+)"
    r"|\bcontent-type:\s*application/json\b"
)
# An input made up in the snippet with its shape, then passed to the model:
# `x = torch.randn(1, 10)`, `ids = torch.randint(0, 5, (1, 5))`, `np.zeros((1, 3, 224, 224))`.
_MADE_UP_INPUT = re.compile(
    r"^\s*(?P<name>\w+)\s*=\s*(torch|np|numpy|tf|jnp|jax\.numpy)\.(random\.)?"
    r"(randn|rand|randint|zeros|ones|empty|normal|uniform)\w*\s*\((?P<args>[\w\s,()\[\].]*?)\)"
)
# An input built with its element type: `ids = torch.tensor(ids, dtype=torch.long)`.
_TYPED_INPUT = re.compile(
    r"^\s*(?P<name>\w+)\s*=\s*(torch|np|numpy|tf|jnp|jax\.numpy)\.(tensor|as_tensor|array"
    r"|asarray|constant|convert_to_tensor)\s*\(.*\bdtype\s*=\s*[\w.]+"
)
# Sizes named before they are used: `batch, length, dim = 2, 64, 16`.
_NAMED_SIZES = re.compile(r"^\s*(?P<names>\w+(\s*,\s*\w+)*)\s*=\s*(?P<values>\d+(\s*,\s*\d+)*)\s*$")
# A length cut applied to what is read: "inputs are truncated to 256 tokens".
_TRUNCATION = words(
    r"\b(cut off|truncated|clipped|capped|trimmed)\s+(at|to|after)\s+\d[\d,]*\s*"
    r"(tokens?|characters?|chars|words?|subwords?|seconds?|s|frames?|samples?)\b"
)
# A subject that points back to the sentence before.
_ANAPHOR = words(r"^\s*(the former|the latter|it|they|these|this|each( of them)?)\b")
# The input size handed to an inference command: `--tsize 640`, `--img-size 512`, and the
# length of the input or prompt it reads (`--prompt_length_in_seconds=12`), or the context a
# server holds a request to (`--max-total-tokens 8192`, `--max-model-len 4096`).
_SIZE_FLAG = words(
    r"\s--?((t|test|img|image|input)[-_]?(size|sz|res|resolution)"
    r"|(input|prompt)[-_]?(length|len)\w*|max[-_](total|input)[-_](tokens|length)"
    r"|max[-_](model|seq)[-_]len\w*|ctx[-_]size|context[-_](length|len|size))[= ]\s*\d+"
)
# A program that samples or generates images: the image size it is handed is that of what it
# makes (`python sample.py --image-size 512`).
_GENERATING_SCRIPT = words(r"(^|[\s/])[\w.-]*?(sampl|generat|synthesi[sz])\w*\.(py|sh)\b")
_MADE_SIZE = words(r"\s--?(img|image)[-_]?(size|sz|res|resolution)[= ]\s*\d+")


def _without_made_size(command: str) -> str:
    """The command without the image size it hands, when it generates images."""
    if not _GENERATING_SCRIPT.search(command):
        return command
    return _MADE_SIZE.sub(lambda match: " " * len(match.group(0)), command)


# Metrics of generated images (FID, Inception Score): a row scored by them gives the size of
# what the model generates.
_GENERATION_METRIC = words(r"\b(s?FID|KID)\b|\binception score\b")
# The same size passed by keyword in the code that runs the model: `Model(input_size=24)`,
# `Forecaster(context_length=512)` (how much history it reads).
_SIZE_ARGUMENT = words(
    r"(^|[(,\s])((input|img|image)_?(size|length|len|res|resolution)"
    r"|context_?(length|len|window|size))\s*=\s*\d+"
)
_PRECISION = words(r"\b(fp|bf)(16|32)\b|\bbfloat16\b|\bhalf[- ]precision\b")
# What describes the data a model was trained on, or the model itself, not its input.
_DATASET = words(r"\bdata ?sets?\b|\bcorp(us|ora)\b|数据集|Datensatz|Datens[äa]tze")
# (what an architecture builds from its input, "contextual representations for categorical
# features", describes the network)
_ARCHITECTURE = words(
    r"\blayers?\b|\bhidden\b|\bheads?\b|\bparam(eter)?s\b|\bembedding (size|dim)"
    r"|\barchitectures?\b|\brepresentations?\b"
)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def describes_input(text: str) -> bool:
    """A statement of what goes in: a shape, size, type, range or format, next to an input
    (named as one, or as the thing the model reads), not to a dataset or the architecture."""
    if _CONFIGURATION.search(text):
        return False
    if _IN_OUT.search(text):
        return True
    # A compute precision (fp16, bf16) says how the model runs, not what it is fed.
    text = _PRECISION.sub(_blank, text)
    specs = (SHAPE, FORMAT, EXTENSION, _WINDOW, _LENGTH, _LANGUAGE, _VALUE_KIND)
    if near(text, INPUT_TOPIC, specs):
        return True
    if _DATASET.search(text) or _ARCHITECTURE.search(text):
        return False
    return near(_MADE.sub(_blank, text), MODALITY, specs)


# What the sentence says is generated or saved, to the end of its clause, is what comes out:
# "Generate 64 images and save them as PNG", "generating a 128 token sequence".
_MADE = words(
    r"\b(generat\w*|synthesi[sz]\w*|produc(e|es|ed|ing)|render(s|ed|ing)?|sav(e|es|ed|ing)"
    r"|writ(e|es|ing|ten)|wrote)\b[^.;:!?]*"
)


def _input_heading(passage: Passage) -> bool:
    return bool(re.search(r"\binputs?\b|输入|Eingabe", " ".join(passage.section.titles), re.I))


def _states_input(passage: Passage) -> bool:
    # (in a command quoted inline too)
    text = re.sub(r"`[^`\n]+`", lambda span: _without_made_size(span.group(0)), passage.text)
    if passage.is_checklist:
        return False
    if describes_input(text) or any(
        p.search(text) for p in (_INPUT_SIZE, _CONTEXT_LENGTH, _CONTROL_TOKENS)
    ):
        return True
    if _SAMPLE_RATE.search(text) and not OUTPUT_TOPIC.search(prose(text)):
        return True
    if _RESOLUTION.search(text) and not OUTPUT_TOPIC.search(prose(text)):
        return True
    if _TRUNCATION.search(text) and not OUTPUT_TOPIC.search(prose(text)):
        return True
    # The body of an "Input" section: "RGB, 224x224" needs no subject.
    spec = SHAPE.search(text) or FORMAT.search(text)
    return bool(spec and _input_heading(passage) and not _DATASET.search(text))


# Blocks that show data, not code, by their info string.
_DATA_LANGUAGES = frozenset(
    {"", "text", "txt", "plain", "plaintext", "csv", "tsv", "json", "jsonl"}
)
# The sentence before a block that shows the input: "The input format is:", "an example input".
_INTRODUCES_INPUT = words(
    r"\binputs?\b[^.]{0,30}\b(formats?|looks like|layout)\b|\bexample inputs?\b"
    r"|\b(format|layout) of (the |an |each )?inputs?\b"
)


def _shows_input(snippet: Snippet) -> bool:
    """A block of example input: data, not a command, under an "Input" heading or introduced
    as the input's format (as an example output shows the output)."""
    if snippet.block.language not in _DATA_LANGUAGES:
        return False
    if not snippet.code.strip() or any(line.is_command for line in snippet.lines):
        return False
    heading = " ".join(snippet.section.titles[-1:])
    if _INTRODUCES_INPUT.search(snippet.introduced_by):
        return True
    return bool(re.search(r"\binputs?\b|输入|Eingabe", heading, re.I)) and not OUTPUT_TOPIC.search(
        heading
    )


def _snippet_evidence(passages: Passages) -> str | None:
    """A comment or a line of an inference snippet, before the model call, that says what
    goes in."""
    for snippet in passages.snippets_for(Purpose.INFERENCE, Purpose.NEUTRAL):
        whole = _whole_snippet_evidence(snippet)
        if whole is not None:
            return whole
        for line in snippet.lines:
            # The line that loads an input says what goes in, before a model call or after one.
            if _LOADS_INPUT.search(line.text) and (
                _LOADED_AS.search(line.text) or (line.comment and SHAPE.search(line.comment))
            ):
                return line.text
            if line.after_call:
                continue  # from a model call on, comments are about what comes out
            if not line.comment or commented_out(line.comment):
                continue
            if describes_input(line.comment):
                return line.comment
            if SHAPE.search(line.comment) and _SHAPE_ASKED.search(line.text):
                return line.comment
            if _INPUT_DIMENSION.search(line.comment) and re.search(r"\d", line.text):
                return line.comment
    return None


def _whole_snippet_evidence(snippet: Snippet) -> str | None:
    """An example input shown as data, a request body, an example input built with its
    shape, or an input-size flag."""
    if _shows_input(snippet) or _JSON_REQUEST.search(snippet.code):
        return snippet.code
    for line in snippet.lines:
        if line.is_command and line.runs is Purpose.INFERENCE:
            if _SIZE_FLAG.search(_without_made_size(line.text)):
                return line.text
        code = not line.is_command and line.purpose is Purpose.INFERENCE
        if code and _SIZE_ARGUMENT.search(line.text):
            return line.text
    return _made_up_input(snippet) or _typed_input(snippet)


def _made_up_input(snippet: Snippet) -> str | None:
    """A tensor built with a literal shape before the model call and passed to it: the
    example input shows its shape."""
    calls = [line.text for line in snippet.lines if line.after_call]
    # names given a whole number before the call, and the loaded model's own sizes
    sizes: set[str] = set(loaded_models(snippet.code)) | set(snippet.models)
    for line in snippet.lines:
        if line.after_call:
            break
        named = _NAMED_SIZES.match(line.text)
        if named:
            sizes.update(re.findall(r"\w+", named.group("names")))
        made = _MADE_UP_INPUT.match(line.text)
        if not made or not _literal_shape(made.group("args"), sizes):
            continue
        if calls and re.search(rf"\(([^)]*\W)?{re.escape(made.group('name'))}\b", calls[0]):
            return line.text
    return None


def _typed_input(snippet: Snippet) -> str | None:
    """A tensor built with an explicit element type and then passed to the model: the example
    input shows its type."""
    for index, line in enumerate(snippet.lines):
        typed = _TYPED_INPUT.match(line.text)
        if not typed:
            continue
        passed = re.compile(rf"\(([^)]*\W)?{re.escape(typed.group('name'))}\b")
        if any(
            later.after_call and passed.search(later.text) for later in snippet.lines[index + 1 :]
        ):
            return line.text
    return None


def _literal_shape(args: str, sizes: set[str]) -> bool:
    """A shape written with numbers, with names the snippet sets to numbers first
    (`torch.randn(batch, length, dim)` after `batch, length, dim = 2, 64, 16`), or with a size
    the loaded model states itself (`torch.randn([1, G.z_dim])`)."""
    dims = re.findall(r"\w+(?:\.\w+)*", args)
    return bool(dims) and all(dim.isdigit() or dim.split(".")[0] in sizes for dim in dims)


def _continues_input(passage: Passage, previous: Passage | None) -> bool:
    """A sentence whose subject points back ("The former is a vector of floats") after one
    that names the input: it describes that input."""
    if previous is None or previous.block is not passage.block:
        return False
    anaphor = _ANAPHOR.match(passage.text)
    if not anaphor or not INPUT_TOPIC.search(prose(previous.text)):
        return False
    return describes_input("The input " + passage.text[anaphor.end() :])


def input_evidence(passages: Passages) -> str | None:
    """The first statement of what inference takes, or None."""
    previous: Passage | None = None
    for passage in passages.of(Purpose.INFERENCE, Purpose.NEUTRAL):
        if _states_input(passage) or _continues_input(passage, previous):
            return passage.text
        previous = passage
    # A model table's size column is the size the model runs at, metrics in the row or not;
    # the model's input size named so is its own, however it came ("trained with 64 GPUs,
    # input size 2560x1920"). (A context size a training run is given sizes that run.)
    for passage in passages.of(Purpose.EVALUATION, Purpose.TRAINING):
        if passage.block.kind is BlockKind.TABLE and passage.purpose is Purpose.EVALUATION:
            sized = _INPUT_SIZE.search(passage.text) or _RESOLUTION.search(passage.text)
            if sized and not _GENERATION_METRIC.search(passage.text):
                return passage.text
        if _NAMED_INPUT_SIZE.search(passage.text):
            return passage.text
    return _snippet_evidence(passages)


class InputSpecification(DocRule):
    """DOC002."""

    code = "DOC002"

    evidence = staticmethod(input_evidence)
    what_to_write = (
        "the documentation never says what inference takes: document the input (shape or"
        " size, dtype and value range, channel order or sample rate, or the request/file"
        " format with its fields)"
    )
