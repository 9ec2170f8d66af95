"""DOC007 resource-figures: no measured inference figure (latency, throughput, GPU or host
memory) with a number and a unit."""

from __future__ import annotations

import re

from handoff.checks.doc.passages import Passages, Purpose
from handoff.checks.doc.rule import DocRule
from handoff.checks.doc.vocabulary import RATE_ON_HARDWARE, words

_NUMBER = r"\d(?:[\d,]*\d)?(?:\.\d+)?"
_PER_SECOND = r"\s*(/|per|pro|每)\s*(s|sec|second|秒|Sekunde)\b"
# A time per item, a rate, a real-time factor: numbers with their units.
# Milliseconds that size a window, not a latency: "25 ms window", "advanced every 250 ms".
_FRAMING = (
    r"(?!\s*(windows?|hops?|frames?|strides?|shifts?|chunks?|segments?|overlap|context"
    r"|look-?ahead))"
)
LATENCY = words(
    rf"(?<!every )(?<![\d.,]){_NUMBER}\s*(ms|msec|milliseconds?|µs|μs|毫秒)(?![a-z]){_FRAMING}"
    rf"|{_NUMBER}\s*(s|sec|secs|seconds?|秒|Sekunden)\s*(/|per|pro|每)\s*\w+"
    # an amount of work done in a time: "transcribe 30 mins of audio in approx 30 sec"
    r"|\b(transcrib|process|generat|translat|synthesi[sz]|render|classif|detect|segment|embed"
    r"|decod|encod)\w*\s+([^\s.]+\s+){0,6}?in\s+(approx(\.|imately)?\s*|about\s+|around\s+"
    rf"|~\s*|under\s+|less than\s+|just\s+)?{_NUMBER}\s*(ms|s|sec|secs|seconds?|min|mins"
    r"|minutes?)\b"
    # the wall time of a batch-scoring run: "5 mins for prediction"
    rf"|{_NUMBER}\s*(s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?)\s+(for|of)\s+(the\s+)?"
    r"(predictions?|predicting|inference|scoring)\b"
)
THROUGHPUT = words(
    rf"{_NUMBER}\s*k?\s*(img|imgs|images?|samples?|seqs?|sequences?|sentences?|tokens?|tok|toks"
    r"|requests?|reqs?|queries|frames?|it|its|items?|molecules?|docs?|documents?|utterances?"
    rf"|words?|chars?|characters?|pages?|predictions?|inferences?|graphs?|rows?|records?|Bilder"
    rf"|张|条){_PER_SECOND}|{_NUMBER}\s*(fps|qps|tps|rps)\b"
    rf"|\b(rtf|real[- ]time factor|rtfx)\b[^.\n]{{0,20}}\d"
    rf"|{_NUMBER}\s*([x×]|times)\s*(faster\s+than\s+)?real[- ]?time"
)
MEMORY = words(rf"{_NUMBER}\s*(GB|GiB|MB|MiB|TB|G)\b")
_MEMORY_WORDS = words(
    # ("Mem" is a table's short header for it)
    r"\bmemory\b|\bmem\b|\bvram\b|\bram\b|\bgpu\b|\bpeak\b|\bfootprint\b|\brequires?\b|\bneeds?\b"
    r"|\bfits?\b|\bconsum\w*|显存|内存|Speicher\w*|Arbeitsspeicher"
)
# A GPU named with its memory ("an A100 80GB") is hardware, not a measured footprint.
_GPU_MODEL = words(
    r"\b(A100|H100|H200|V100|P100|A10G?|A40|L40S?|T4|L4|RTX\s*\w+|GTX\s*\w+|A6000|TITAN\s*\w*"
    r"|MI\d+)\b[^.\n]{0,8}?\d+\s*G(B|iB)?\b"
)
_DISK_WORDS = words(r"\bdownload\w*|\bcheckpoints?\b|\bfiles?\b|\bdisk\b|\bstorage\b|model size")
# A figure in a table: the column header names the measure and its unit, the cell the value.
_MEASURE = words(
    r"\blatency\b|\bthroughput\b|\bspeed\b|\binference time\b|\bruntime\b|\bfps\b|\bmemory\b"
    r"|\bvram\b|\btime per\b|显存|延迟|吞吐|速度|耗时|Latenz|Durchsatz|Geschwindigkeit|Speicher"
)
_UNIT = words(r"\bms\b|\(s\)|\bsec\b|/s\b|\bfps\b|\bGB\b|\bGiB\b|\bMB\b|秒|毫秒")
# Training cost and emissions, and people's timings (annotators, study participants), are
# not inference figures.
_NOT_INFERENCE = words(
    r"\bGPU[- ]hours?\b|\bCO2|\bcarbon\b|\bkWh\b|\bemission|\bhumans?\b|\bannotators?\b"
    r"|\bparticipants?\b|\braters?\b|\bcrowd\w*|\bsubjects\b|\bclinicians?\b"
    # the time of a training iteration ("250 ms / iter")
    r"|\d\s*(ms|s)\s*(/|per)\s*iter(ation)?s?\b|\biteration time\b"
)
# A table cell under a header that carries a time unit ("torch (ms): 6.46") or is a rate
# itself: a time per item ("Sec/Img: 0.7"), items per second ("tokens/s: 35"), "QPS: 3008".
_TIMED_CELL = words(
    r"\((ms|msec|s|sec|seconds)\)\s*:\s*\d"
    r"|(^|\|)\s*(s|sec|secs|seconds|ms|msec)\s*/\s*[a-z]+\s*:\s*~?\d"
    r"|(^|\|)\s*[a-z]+\s*/\s*(s|sec|second)\s*:\s*~?\d|(^|\|)\s*(fps|qps|tps|rps)\s*:\s*~?\d"
)
# A path or a link's target (`runtime/llama.cpp/`, `speed/README.md`): its words name files.
_PATH = re.compile(r"[\w.-]*/[\w./-]*")


def states_speed(text: str) -> bool:
    """A latency or a throughput with its number and unit (a rate measured on a GPU too)."""
    return bool(LATENCY.search(text) or THROUGHPUT.search(text) or RATE_ON_HARDWARE.search(text))


def has_figure(text: str) -> bool:
    if _NOT_INFERENCE.search(text):
        return False
    if states_speed(text) or _TIMED_CELL.search(text):
        return True
    text = _GPU_MODEL.sub(" ", text)
    if MEMORY.search(text) and _MEMORY_WORDS.search(text):
        return not (
            _DISK_WORDS.search(text) and not words(r"memory|\bmem\b|vram|显存|内存").search(text)
        )
    measured = _MEASURE.search(_PATH.sub(" ", text))
    return bool(measured and _UNIT.search(text) and any(c.isdigit() for c in text))


def figures_evidence(passages: Passages) -> str | None:
    """The first measured inference figure, or None."""
    kept = (Purpose.INFERENCE, Purpose.NEUTRAL, Purpose.EVALUATION)
    for passage in passages.of(*kept):
        if has_figure(passage.text):
            return passage.text
    for snippet in passages.snippets_for(*kept):
        for comment in snippet.comments:
            if has_figure(comment):
                return comment
        if snippet.block.language in ("", "text", "txt", "console", "output") and not any(
            line.is_command for line in snippet.lines
        ):
            for line in snippet.lines:
                if has_figure(line.text):
                    return line.text
    return None


class ResourceFigures(DocRule):
    """DOC007."""

    code = "DOC007"
    headings = words(r"benchmark|performance|speed|latency|throughput|results|性能|速度|Leistung")

    evidence = staticmethod(figures_evidence)
    what_to_write = (
        "the documentation gives no measured inference figure: document latency (ms per"
        " input), throughput (inputs/s or tokens/s) and GPU and host memory in use, with"
        " the hardware and batch size they were measured on"
    )
