"""DOC004 inference-settings: no default inference knob with its value (threshold, NMS IoU,
top-k, beam size, sampling parameters, steps and guidance, TTA, precision, ensemble weights)."""

from __future__ import annotations

from typing import Any

from handoff.checks.doc.passages import Passages, Purpose
from handoff.checks.doc.rule import DocRule
from handoff.checks.doc.vocabulary import words

# `[^.\n]{0,25}?\d`: the knob's value follows it in the same sentence.
_NEAR = r"[^.\n。]{0,25}?\d"
# A knob and its value, in prose or a table row.
KNOB_IN_TEXT = words(
    r"\b(conf(idence)?|score|detection|classification|decision|probability)?[ _-]?"
    rf"thresh(old)?s?\b{_NEAR}"
    r"|\d(\.\d+)?\s*(confidence |score |probability )?thresholds?\b"
    rf"|\b(nms|iou)\b{_NEAR}|\btop[-_ ]?[kp]\b{_NEAR}"
    r"|\btop[-_ ]?\d+\s+(predictions?|classes|labels|results|candidates|tokens|probabilit\w*"
    r"|softmax)"
    rf"|\btemperature\b{_NEAR}|\b(beam[ _-]?(size|width|search)?|num[_ ]beams)\b{_NEAR}"
    r"|\b\d+\s*beams?\b|\bgreedy (decoding|search)\b"
    rf"|\b(lm|language[ -]model)[ _-]?weight\b{_NEAR}|\bword[ _-]?(score|bonus|insertion)\b{_NEAR}"
    rf"|\bmax(imum)?[ _-]?(new[ _-])?(tokens|length)\b{_NEAR}"
    rf"|\b(repetition|length)[ _-]penalty\b{_NEAR}"
    rf"|\b(guidance|cfg)([ _-]?scale)?\b{_NEAR}"
    r"|\b(sampling|inference|denois\w*|diffusion|ddim|ddpm|euler|dpm\S*)\s+steps\b"
    rf"|\b\d+\s+(sampling|inference|denois\w*|ddim|diffusion)\s+steps\b|\bsteps\s*[=:]\s*\d"
    r"|\b(tta|test[- ]time augmentation)\b"
    r"|\b(fp16|bf16|float16|bfloat16|int8|int4|half[- ]precision|8-bit|4-bit)\b"
    rf"|\b(ensembl|blend|combin|averag|weighted)\w*\b[^.\n]{{0,40}}?\bweights?\b{_NEAR}"
    r"|\bweighted (average|mean|ensemble)\b|\bensemble\b[^.\n]{0,40}\b(averag\w*|mean|vot\w*)\b"
    r"|\b(averag\w*|mean|vot\w*)\b[^.\n]{0,20}\b(ensemble|members|models)\b"
    r"|\bdeterministic\s*(=\s*True|actions?|mode)\b|\bdeterministic policy\b(?!\s+gradients?)"
    rf"|\bsampled? actions?\b|\btruncation([ _-]?psi)?\b{_NEAR}"
    rf"|\bdo[_ ]sample\b|\b(chunk|window)[ _-]?(length|size)\b{_NEAR}"
    rf"|\bmin[_ -]?(score|conf)\w*{_NEAR}"
    r"|阈值[^。]{0,10}\d|温度[^。]{0,10}\d|束搜索|Schwell\w*[^.]{0,40}\d"
)
# A metric, not a setting: top-1 accuracy, precision at a threshold.
_METRIC_AFTER = words(r"\btop[-_ ]?\d+\s*(acc|accuracy|err|error)")
_KNOBS = (
    r"(conf|conf[_-]thres\w*|confidence|score[_-]thr\w*|thresh\w*|iou[_-]?\w*|nms\w*|top[_-]?[kp]"
    r"|topk|temperature|beam[_-]?\w*|num[_-]beams|lm[_-]?weight|word[_-]?score|max[_-]new[_-]tokens"
    r"|max[_-]tokens|max[_-]length|min[_-]length|repetition[_-]penalty|length[_-]penalty"
    r"|no[_-]repeat[_-]ngram[_-]size|guidance[_-]?scale|cfg[_-]?scale|num[_-]inference[_-]steps"
    r"|steps|sampler|strength|precision|torch_dtype|quantiz\w*|deterministic|do_sample"
    r"|chunk[_-]length\w*|stride\w*|img[_-]?size|imgsz|test[_-]size|input[_-]size"
    r"|ensemble[_-]weights?|members|n[_-]members|lm[_-]alpha|lm[_-]beta|schwelle"
    r"|trunc|truncation[_-]psi|noise[_-]mode|max[_-]seq[_-]len\w*|language)"
)
# A knob passed to the documented inference command (`--conf 0.25`), call (`num_beams=4`),
# request body (`"temperature": 0.7`) or config (`score_threshold: 0.5`).
KNOB_IN_CODE = words(
    rf"(^|\s)--?({_KNOBS}|img|temp)[= ]\s*[\w.\"'\[-]|[(,]\s*{_KNOBS}\s*=[^=]"
    rf"|[\"']{_KNOBS}[\"']\s*:\s*[\w.\"'-]"
    rf"|^\s*{_KNOBS}\s*:\s*\S|--(fp16|bf16|half|tta|augment|int8|load[_-]in[_-](8|4)bit)\b"
    r"|\.half\s*\(\)|\btopk\s*\(|load_in_(8|4)bit\s*=\s*True"
)


def _card_parameters(front_matter: dict[str, Any]) -> bool:
    """A Hugging Face card's `inference: parameters:`."""
    inference = front_matter.get("inference")
    return isinstance(inference, dict) and bool(inference.get("parameters"))


def settings_evidence(passages: Passages) -> str | None:
    """The first inference setting given with its value, or None."""
    for front_matter in passages.front_matter:
        if _card_parameters(front_matter):
            return "inference: parameters: in the model card"
    for passage in passages.of(Purpose.INFERENCE, Purpose.NEUTRAL):
        if KNOB_IN_TEXT.search(passage.text) and not _METRIC_AFTER.search(passage.text):
            return passage.text
    for snippet in passages.snippets_for(Purpose.INFERENCE, Purpose.NEUTRAL):
        for line in snippet.lines:
            if line.purpose is Purpose.INFERENCE and KNOB_IN_CODE.search(line.text):
                return line.text
            if line.comment and KNOB_IN_TEXT.search(line.comment):
                return line.comment
    return None


class InferenceSettings(DocRule):
    """DOC004."""

    code = "DOC004"

    evidence = staticmethod(settings_evidence)
    what_to_write = (
        "the documentation gives no default inference setting: document the values"
        " inference runs with (score threshold, NMS IoU, top-k, beam size, temperature and"
        " top-p, steps and guidance scale, precision, TTA), e.g. in the inference command"
    )
