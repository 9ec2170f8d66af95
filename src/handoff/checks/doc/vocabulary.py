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
    r"\boutputs?\b|\breturns\b(?!\s*(are|is|of|over|±|:|\|))|\breturned\b|\breturn (value|type)\b|\bproduces?\b|\byields?\b|\brespon(ses?|ds)\b"
    r"|\bemits?\b|\bprints?\b|\banswers?\b|\bwrites?\b|\bpredictions\b|\bpredicts?\b|\bresult\b"
    r"|输出|返回|结果|Ausgabe\w*|liefert|Rückgabe\w*|gibt\b.*\bzurück"
)
# The kinds of things a model reads.
MODALITY = words(
    r"\b(images?|pictures?|photos?|frames?|videos?|audio|speech|waveforms?|clips?|recordings?"
    r"|texts?|sentences?|documents?|strings?|reviews?|tokens?|molecules?|graphs?|smiles|tabular"
    r"|rows?|records?|features?|point clouds?|spectrograms?|utterances?|observations?)\b"
    r"|图像|图片|音频|文本|句子|\bBild\w*|\bText\w*|\bSätze|\bZeilen?\b|\bMerkmale?\b|\bSpalten?\b"
)
# Shapes, sizes and element types: 224x224, (N, 3, H, W), 16 kHz, float32, [0, 1], RGB.
SHAPE = words(
    r"\b\d+\s*[x×*]\s*\d+\b|\(\s*(\d+|[A-Z]\w*|batch\w*)\s*,\s*(\d+|[A-Z]\w*)\s*(,\s*(\d+|[A-Z]\w*)"
    r"\s*)*\)|\bshape[ds]?\b|\b\d+(\.\d+)?\s*k?hz\b|\bmono\b|\bstereo\b|\b\d+-?(d|dim|dims"
    r"|dimensional)\b|\b(float|int|uint)(8|16|32|64)\b|\bfp(16|32)\b|\bbfloat16\b|\bdtype\b"
    r"|\[\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*\]|\b0\s*(-|–|to|\.\.)\s*255\b|\bRGB\b|\bBGR\b"
    r"|\bgr[ae]yscale\b|\bchannels?\b|\b(HWC|CHW|NCHW|NHWC|BCHW)\b|\bsampl(e|ing) rate\b"
    r"|采样率|Abtastrate|形状|维"
)
# File and message formats, and how records are laid out.
FORMAT = words(
    r"\b(jpe?g|png|bmp|tiff?|webp|wav|flac|mp3|ogg|mp4|csv|tsv|json|jsonl|parquet|fasta|pdb"
    r"|sdf|mol2?|dicom|nifti|pdf)\b|\bcolumns?\b|\bfields?\b|\bschema\b|\bone\b.{0,40}\bper\b"
    r"|\bstrings?\b|\bstr\b|\butf-?8\b|\bdict(ionary)?\b|\blist of\b|\barrays?\b|\btensors?\b"
    r"|列|字段|Spalten?\b|Felder\b"
)
# Where output goes, which says nothing about what it is.
OUTPUT_PLACE = words(
    r"--output[_-]?(dir|path|folder)?\b\s*\S*|\boutput (dir|directory|folder|path)\b"
    r"|\b[\w./-]*outputs?/\S*|\bsaved? (to|in|under|into)\b"
)
