"""Words and value patterns more than one part detector needs: what an input and an output
are called, and the shapes, sizes, types and formats that describe either."""

from __future__ import annotations

import re


def words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


INPUT_TOPIC = words(
    r"\binputs?\b|\btakes?\b|\bexpects?\b|\baccepts?\b|\bfeed\b|\brequests?\b|\bpayload\b"
    r"|\bquer(y|ies)\b|\bprompts?\b|\bobservations?\b|输入|Eingabe\w*"
)
OUTPUT_TOPIC = words(
    r"\boutputs?\b|\breturns\b(?!\s*(are|is|of|over|±|:|\|))|\breturned\b|\breturn (value|type)\b"
    r"|\bproduces?\b|\byields?\b|\brespon(ses?|ds)\b|\bemits?\b"
    r"|\b(it|this|that|which|script|command|tool|model|cli|and|then)\s+prints\b|\banswers?\b"
    # what a detector finds and the action a policy picks are what they return
    r"|\bdetects\b|\bestimates\b|\baction[ _-]?spaces?\b"
    # ("would result in" is a consequence, not the result)
    r"|\bwrites?\b|\bpredictions\b|\bpredicts?\b|\bgenerates?\b|\brenders?\b"
    r"|(?<!would )(?<!will )(?<!could )(?<!might )(?<!may )(?<!can )(?<!should )\bresult\b"
    # "... goes in, and a distribution comes out"
    r"|\b(comes?|came) out\b"
    r"|输出|返回|结果|Ausgabe\w*|liefert|Rückgabe\w*|gibt\b.*\bzurück"
)
# The kinds of things a model reads.
MODALITY = words(
    r"\b(images?|pictures?|photos?|frames?|videos?|audio|speech|waveforms?|clips?|recordings?"
    r"|texts?|sentences?|documents?|strings?|reviews?|tokens?|molecules?|graphs?|smiles|tabular"
    r"|rows?|records?|features?|point clouds?|spectrograms?|utterances?|observations?|sequences?"
    r"|dialog(ue)?s?|conversations?)\b|对话"
    r"|图像|图片|音频|文本|句子|\bBild\w*|\bText\w*|\bSätze|\bZeilen?\b|\bMerkmale?\b|\bSpalten?\b"
)
# A rate measured on a machine ("1200 kHz on an NVIDIA V100 GPU") is how fast samples are
# made, not the rate they are sampled at.
_ON_HARDWARE = (
    r"\s+on\s+(an?\s+|one\s+|the\s+|single\s+|\d+\s*x?\s*)*(nvidia\s+|intel\s+|amd\s+)?"
    r"([\w-]+\s+)?(GPUs?|CPUs?|TPUs?|A100|H100|V100|P100|T4|L4|RTX|GTX|TITAN|Tesla)\b"
)
RATE_ON_HARDWARE = words(rf"\b\d+(\.\d+)?\s*k?hz\b(?={_ON_HARDWARE})")
# Shapes, sizes and element types: 224x224, (N, 3, H, W), 16 kHz, float32, [0, 1], RGB.
SHAPE = words(
    # (a venue and a year in parentheses, "(Arxiv, 2020)", cite a paper)
    r"\b\d+\s*[x×*]\s*\d+\b|\((?!\s*[A-Z][\w-]+\s*,\s*(19|20)\d\d\s*\))"
    r"\s*(\d+|[A-Z]\w*|batch\w*)\s*,\s*(\d+|[A-Z]\w*)\s*(,\s*(\d+|[A-Z]\w*)\s*)*\)"
    r"|\b(of |in )?shape[ds]?\s*(of\s*)?[:=]?\s*`?[\[(]?\s*(\d|[A-Z]\b|batch|N\b)"
    rf"|\b\d+(\.\d+)?\s*k?hz\b(?!{_ON_HARDWARE})|\bmono\b|\bstereo\b"
    r"|\b(\d+|(?-i:[A-Z]))-?(dim|dims|dimensional)\b"
    # "3D" alone qualifies a task as often as data ("3D segmentation"): with a data noun only;
    # a "3D point cloud" names a kind of data (every point cloud is 3D), not its shape.
    r"|\b\d+-?d\s+(arrays?|tensors?|vectors?|inputs?|observations?|volumes?|points?(?!\s+clouds?)"
    r"|scans?)\b"
    r"|\[\s*\d+\s*(,\s*\d+\s*){2,}\]|\b(float|int|uint)(8|16|32|64)\b|\bfp(16|32)\b"
    r"|\bbfloat16\b|\bdtype\b"
    r"|\[\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*\]|\b0\s*(-|–|to|\.\.)\s*255\b|\bRGB\b|\bBGR\b"
    r"|\bgr[ae]yscale\b|\bchannels?\b|\b(HWC|CHW|NCHW|NHWC|BCHW)\b|\bsampl(e|ing) rate\b"
    r"|采样率|Abtastrate|形状|维"
)
# File and message formats, and how records are laid out.
FORMAT = words(
    r"(?<!\.)\b(jpe?g|png|bmp|tiff?|webp|wav|flac|mp3|ogg|mp4|csv|tsv|json|jsonl|parquet|fasta|pdb"
    r"|mol2?|dicom|nifti|pdf)\b"
    # SDF is also the signed distance function of 3D work: a format next to "file" or "format"
    r"|\bsdf\s+(files?|format)\b|\bcolumns?\b|\bfields?\b|\bschema\b|\bone\b.{0,40}\bper\b"
    r"|\bstrings?\b|\bstr\b|\butf-?8\b|\bdict(ionary)?\b|\blist of\b|\barrays?\b|\btensors?\b"
    # 列 is a column, not part of 序列 (sequence), 系列 (series), 队列 (queue), 排列 (order) or
    # 列举 / 列出 (to list)
    r"|(?<![序系队排])列(?![举出])|字段|Spalten?\b|Felder\b"
)
# A file extension: `*.wav` files, a `.nii.gz` volume (for inputs; an output file's name says
# nothing of what is in it).
EXTENSION = words(
    r"\.(jpe?g|png|bmp|tiff?|webp|wav|flac|mp3|ogg|mp4|csv|tsv|json|jsonl|parquet|fasta|pdb|sdf"
    r"|mol2?|dcm|nii(\.gz)?|pdf|txt|smi)\b"
)
# Where output goes, which says nothing about what it is.
OUTPUT_PLACE = words(
    r"--output[_-]?(dir|path|folder)?\b\s*\S*|\boutput (dir|directory|folder|path)\b"
    r"|\b[\w./-]*outputs?/\S*|\bsaved? (to|in|under|into)\b"
)


# A comment that is code put out of action: `# python prep.py --in a.txt`, `# x = f(y)`.
_CODE_IN_COMMENT = re.compile(
    r"^\s*(python3?|bash|sh|pip|\./|cd|wget|curl|git)\s|^\s*[\w.]+\s*=[^=]\s*\S"
)


def commented_out(comment: str) -> bool:
    return bool(_CODE_IN_COMMENT.match(comment))


# Inline code, and a method written as code in a plain sentence (".crop()").
_CODE_SPAN = re.compile(r"`[^`\n]*`|(?<![\w`])\.\w+\(\)")


def prose(text: str) -> str:
    """The text without its inline code: words in `trainer.predict(test)`, `requests.get`
    or .crop() are code, not what the sentence is about."""
    return _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), text)


def near(
    text: str,
    topic: re.Pattern[str],
    values: tuple[re.Pattern[str], ...],
    window: int = 60,
    code_topic: bool = False,
    before: bool = True,
) -> bool:
    """A value that follows a topic word within `window` characters, or precedes it in the
    same clause ("RGB images are expected"), and is not the same word ("strings" names a thing
    and a type). In a long enumeration, "writes" and a "label map" two items before it are not
    one statement. A topic is a word of the prose, or with `code_topic` may be inline code (a
    file name). With `before=False` the value must follow the topic ("outputs text", not
    "the image context to output")."""
    if _near(text, topic, values, window, code_topic, before):
        return True
    # A parenthesis is an aside: "an image (mean=[...], scale=[...]) in BGR order" goes on.
    aside = _PARENTHESIS.sub(" ", text)
    return aside != text and _near(aside, topic, values, window, code_topic, before)


_PARENTHESIS = re.compile(r"\s*\([^()]*\)")


def _near(
    text: str,
    topic: re.Pattern[str],
    values: tuple[re.Pattern[str], ...],
    window: int,
    code_topic: bool,
    before: bool,
) -> bool:
    topics = [m.span() for m in topic.finditer(text if code_topic else prose(text))]
    if not topics:
        return False
    found = [m.span() for pattern in values for m in pattern.finditer(text)]
    for start, end in topics:
        for value_start, value_end in found:
            if value_start >= end and value_start - end <= window:
                return True
            between = text[value_end:start]
            if (
                before
                and value_end <= start
                and len(between) <= window
                and not re.search(r"[,;:]", between)
            ):
                return True
    return False
