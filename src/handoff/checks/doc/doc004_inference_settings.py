"""DOC004 inference-settings: no default inference knob with its value (threshold, NMS IoU,
top-k, beam size, sampling parameters, steps and guidance, TTA, precision, ensemble weights)."""

from __future__ import annotations

import re
from typing import Any

from handoff.checks.doc.commands import CodeLine, command_purpose, help_text, predicts
from handoff.checks.doc.doc007_resource_figures import has_figure
from handoff.checks.doc.documents import BlockKind
from handoff.checks.doc.passages import Passages, Purpose, text_purpose
from handoff.checks.doc.rule import DocRule
from handoff.checks.doc.vocabulary import words

# `[^.\n]{0,25}?\d`: the knob's value follows it in the same sentence.
_NEAR = r"[^.\n。]{0,25}?\d"
# A knob and its value, in prose or a table row.
KNOB_IN_TEXT = words(
    r"\b(conf(idence)?|score|detection|classification|decision|probability)?[ _-]?"
    rf"thresh(old)?s?\b{_NEAR}"
    r"|\d(\.\d+)?\s*(confidence |score |probability )?thresholds?\b"
    # ("NMS time ~1 ms" is a measured figure)
    rf"|\b(nms|iou)\b(?!\W*(time|latency|speed|runtime)\b){_NEAR}|\btop[-_ ]?[kp]\b{_NEAR}"
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
    # the number of function evaluations of a diffusion or flow sampler is its step count
    r"|\b\d+\s*NFE\b|\bNFE\s*[=:]?\s*\d"
    # test-time augmentation on or off (named alone, it is a feature, not a setting)
    r"|\b(no|without|disabl\w*|enabl\w*)\s+(tta|test[- ]time augmentation)\b|--no-tta\b"
    r"|\b(tta|test[- ]time augmentation)\b[^.]{0,60}\b(on|off|enabled|disabled|by default)\b"
    r"|\b(single|multi)[- ]scale (inference|testing|test)\b|\bno (horizontal )?flip\b"
    r"|\b(fp16|bf16|fp32|float16|bfloat16|int8|int4|half[- ]precision|single[- ]precision|8-bit"
    # ("an 8-bit image", "8-bit (0-255) aerial images" are the bit depth of the data)
    r"|4-bit)\b(?!\s+(\([^)]*\)\s*)?([a-z]+\s+)?(images?|png|pixels?|audio|colou?rs?|grayscale"
    r"|greyscale|data|samples?|values?)\b)"
    # an option of the call stated with its default, whatever its type: "By default,
    # `lpips=True`", "`beam='wide'` is the default"
    r"|\bby default\b[^.\n]{0,20}`(?!\w*(epoch|lr|learning|batch|warmup|decay|seed))[\w.-]+\s*="
    r"\s*[^`\s]+`|`(?!\w*(epoch|lr|learning|batch|warmup|decay|seed))[\w.-]+\s*=\s*[^`\s]+`"
    r"[^.\n]{0,30}\b(is the default|by default|\(default\))"
    # an option given with its default: "set it with `--step` (default is 0.25)"
    r"|`--?(?!\w*(epoch|lr|learning|batch|warmup|decay|seed))[\w-]+[^`]*`[^\n]{0,120}?"
    r"\bdefault(s| is| to| value)?\s*(is|to|=|:)?\s*`?-?\d"
    # the input length inference cuts at, or whether it cuts by default (values clipped to a
    # range, "clipped to 0-1", are scaled: preprocessing)
    r"|\b(truncat\w*|cut off|clipped|capped)"
    r"(?!\s+(to|at|into)\s+(the\s+)?(range\s+)?[\[(]?-?\d+(\.\d+)?\s*(-|–|to|,)\s*-?\d)"
    rf"{_NEAR}"
    r"|\b\d+\s*(tokens?|word ?pieces?|characters)\b[^.\n]{0,30}\btruncat\w*"
    r"|\btruncat\w*[^\n]{0,80}?\bdefaults?\b"
    # how far a forecast looks ahead, how embeddings are compared, how outputs are clipped
    rf"|\bpredict\w*\s+(sequence\s+)?(length|horizon|len|steps)\b{_NEAR}"
    # the resolution inference runs at: "inference height 384", "test size: 640"
    rf"|\b(inference|test)[ _-]?(height|width|size|resolution|res)\b{_NEAR}"
    rf"|\bforecast(ing)?[ _-]horizon\b{_NEAR}"
    r"|\bsimilarity (function|metric|measure)\b\W{0,5}(cosine|dot|euclidean|manhattan)"
    r"|\bclip\w*\b[^.\n]{0,60}\ba_(min|max)\s*=\s*-?\d"
    r"|\bclip\w*\s+(\w+\s+){0,2}(predictions?|outputs?|scores?)\s+(to|at)\s+-?\d"
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
_METRIC_AFTER = words(
    r"\btop[-_ ]?\d+\s*(acc|accuracy|err|error)"
    # a metric's definition: "mAP at IoU thresholds from 0.5 to 0.95"
    r"|\b(m?AP|average precision|recall|precision)\b[^.]{0,40}\b(at|@)\s*[^.]{0,40}?"
    r"\b(iou|thresholds?)\b"
)
_KNOBS = (
    r"(conf|conf[_-]thres\w*|confidence|score[_-]thr\w*|thresh\w*|iou[_-]?\w*|nms\w*|top[_-]?[kp]"
    r"|topk|temperature|beam[_-]?\w*|num[_-]beams|lm[_-]?weight|word[_-]?score|max[_-]new[_-]tokens"
    r"|max[_-]tokens|max[_-]length|min[_-]length|repetition[_-]penalty|length[_-]penalty"
    r"|no[_-]repeat[_-]ngram[_-]size|guidance[_-]?scale|cfg[_-]?scale|num[_-]inference[_-]steps"
    # classifier guidance weighs the classifier's gradient as classifier-free guidance weighs
    # the unconditional model: both scales are the same knob
    r"|classifier[_-](free[_-])?(guidance[_-])?scale"
    r"|steps?|(sampling|inference|denois\w*|ddim)[_-]timesteps|sampler|strength|precision"
    r"|torch_dtype|quantiz\w*|deterministic|do_sample"
    r"|chunk[_-]length\w*|stride\w*|img[_-]?size|imgsz|test[_-]size|input[_-]size"
    r"|ensemble[_-]weights?|members|n[_-]members|lm[_-]alpha|lm[_-]beta|schwelle"
    r"|trunc|truncation[_-]psi|noise[_-]mode|max[_-]seq[_-]len\w*|language|num[_-]threads"
    r"|n[_-]threads|threads|prediction[_-]length|horizon|quantile[_-]levels|ensemble\w*"
    r"|voice\w*|speaker(_id)?)"
)
# A knob passed to the documented inference command (`--conf 0.25`), call (`num_beams=4`),
# request body (`"temperature": 0.7`) or config (`score_threshold: 0.5`).
KNOB_IN_CODE = words(
    # a keyword argument, also with a qualifier (`box_threshold=`), or on its own line (given a
    # value: what a call returns, `conf = get_config(...)`, is an object named like a knob)
    rf"(^|\s)--?({_KNOBS}|img|temp)[= ]\s*[\w.\"'\[-]"
    rf"|([(,]|^)\s*(\w+_)?{_KNOBS}\s*=(?!=)(?!\s*[\w.]+\s*\()"
    rf"|[\"']{_KNOBS}[\"']\s*:\s*[\w.\"'-]"
    rf"|^\s*{_KNOBS}\s*:\s*\S|--(fp16|bf16|half|tta|augment|int8|load[_-](in[_-])?(8|4)[_-]?bit)\b"
    r"|\.half\s*\(\)|\btopk\s*\(|load_in_(8|4)bit\s*=\s*True|\bset_num_threads\s*\(\s*\d"
    # the precision the model runs at under autocast
    r"|\bautocast\s*\([^)]*\bdtype\s*=\s*[\w.]*(float16|bfloat16|half|bf16|fp16)\b"
)
# A fraction handed to an option of the inference command (`-w 0.7`, `--ratio .5`): paths,
# sizes and counts are names or whole numbers, so a fraction weighs or cuts what comes out;
# how the model trains is no setting, and an address or a version (`--ip=127.0.0.1`) no fraction.
_FRACTION_OPTION = words(
    r"(^|\s)--?(?![\w-]*(lr|learning|decay|dropout|momentum|warmup|drop[_-]?path|coef))[\w-]+"
    r"[= ]\s*-?\d*\.\d+\b(?!\.\d)"
)
# The same fraction passed by keyword in the inference code (`simplify=0.95`); the mean and
# std an input is normalised with are preprocessing.
_FRACTION_KEYWORD = words(
    r"([(,]|^)\s*(?![\w]*(lr|learning|decay|dropout|momentum|warmup|drop[_-]?path|coef|mean|std"
    r"|eps))\w+\s*=\s*-?\d*\.\d+\b(?!\.\d)"
)
# A command that sets how long to train is a training run, whatever program it calls.
_TRAINING_BUDGET = words(r"\s--?[\w-]*(epochs?|timesteps|train[_-]?steps|iterations?|iters)[= ]")


def _card_parameters(front_matter: dict[str, Any]) -> bool:
    """A Hugging Face card's `inference: parameters:`."""
    inference = front_matter.get("inference")
    return isinstance(inference, dict) and bool(inference.get("parameters"))


_INLINE_CODE = re.compile(r"`([^`\n]+)`")


def _without_other_commands(text: str) -> str:
    """The sentence without the training or evaluation commands it quotes: "reproduce with
    `python val.py --iou 0.7`" gives no inference setting."""

    def blank(match: re.Match[str]) -> str:
        runs = command_purpose(match.group(1))
        other = runs in (Purpose.TRAINING, Purpose.EVALUATION)
        return " " * len(match.group(0)) if other else match.group(0)

    return _INLINE_CODE.sub(blank, text)


# An option of an inference program described with a numeric default, in its help listing
# ("-s  The final scale of the image. Default: 2") or in a sentence ("compresses to the target
# bandwidth (default is 6 kbps)"); how it trains or where it runs is no setting.
_NUMBER_DEFAULT = words(
    r"^(?![^.]*\b(epochs?|learning rate|lr|batch|warm-?up|decay|seed|workers?|gpus?|ports?"
    r"|verbos\w*|log\w*)\b)[^\n]*\bdefaults?\s*(is|to|=|:)?\s*-?\d"
)
# A call that trains the model: what it is given is a training budget or hyperparameter.
_TRAINS = words(r"\.(fit|fit_\w+|train|learn)\s*\(")
_SPLIT = words(r"split\w*\s*\(")
_PRECISION = words(
    r"\b(fp|bf|int|float|bfloat)(4|8|16|32)\b|\b(half|single)[- ]precision\b|\b(8|4)-bit\b"
    r"|\b(16|8|4)-bit (floating points?|integers?)"
)


def _compares_precisions(text: str) -> bool:
    """Two precisions or more in one passage list what is supported or compare timings
    ("FP16, BF16 and INT8 are supported"): none is the one inference runs with."""
    named = {re.sub(r"\W", "", m.group(0).lower()) for m in _PRECISION.finditer(text)}
    return len(named) >= 2


def _measured_sections(passages: Passages) -> set[int]:
    """The sections that give a measured speed or memory figure: a setting a sentence there
    states is that of the measured inference run ("decoding ..., 16 NFE" above a latency
    table), as the batch of a measured row is its batch size. (The rows of such a table
    compare configurations, int8 against fp16: none of them is the default.)"""
    return {id(p.section) for p in passages.texts if has_figure(p.text)}


def settings_evidence(passages: Passages) -> str | None:
    """The first inference setting given with its value, or None."""
    for front_matter in passages.front_matter:
        if _card_parameters(front_matter):
            return "inference: parameters: in the model card"
    measured = _measured_sections(passages)
    for passage in passages.texts:
        if passage.purpose not in (Purpose.INFERENCE, Purpose.NEUTRAL) and not (
            passage.purpose is Purpose.EVALUATION
            and passage.block.kind is not BlockKind.TABLE
            and id(passage.section) in measured
        ):
            continue
        said = _without_other_commands(passage.text)
        if _compares_precisions(said):
            said = _PRECISION.sub(" ", said)
        knob = KNOB_IN_TEXT.search(said) and not _METRIC_AFTER.search(said)
        if knob or _NUMBER_DEFAULT.search(said):
            return passage.text
    for snippet in passages.snippets_for(Purpose.TRAINING):
        for line in snippet.lines:
            if _marked_for_inference(line) and KNOB_IN_CODE.search(line.text):
                return line.text
    return _snippet_settings(passages)


def _snippet_settings(passages: Passages) -> str | None:
    """A setting passed to the documented inference (or to the model a scoring snippet runs),
    or given in a comment or help text."""
    for snippet in passages.snippets_for(Purpose.INFERENCE, Purpose.NEUTRAL, Purpose.EVALUATION):
        scored = snippet.purpose is Purpose.EVALUATION
        if scored and not predicts(snippet.code):
            continue
        for line in snippet.lines:
            # (in a scoring snippet, the data split's `test_size=` is no setting of the model)
            # (nor is what a call that trains is given: `.fit(data, n_steps=...)`)
            runs = (line.purpose is Purpose.INFERENCE or scored and not line.is_command) and not (
                scored and _SPLIT.search(line.text) or _TRAINS.search(line.text)
            )
            if (runs and KNOB_IN_CODE.search(line.text)) or (not scored and _fraction_option(line)):
                return line.text
            if scored:
                continue
            said = _said_in_line(line)
            if said is not None:
                return said
    return None


def _marked_for_inference(line: CodeLine) -> bool:
    """A line of a training snippet whose comment says the value is for inference
    (`sampling_steps = 250  # steps at sampling, for faster inference`): the model is built
    once, with the settings it will later run with."""
    return bool(line.comment) and text_purpose(line.comment, Purpose.NEUTRAL) is Purpose.INFERENCE


def _fraction_option(line: CodeLine) -> bool:
    """An inference command that hands a fraction to an option, in a command that does not
    train, or inference code that passes one by keyword from the model call on (to the call,
    or to what is done with its result; before it, a fraction may build the data)."""
    if line.purpose is not Purpose.INFERENCE:
        return False
    if not line.is_command:
        return line.after_call and bool(_FRACTION_KEYWORD.search(line.text))
    return bool(_FRACTION_OPTION.search(line.text)) and not _TRAINING_BUDGET.search(line.text)


def _said_in_line(line: CodeLine) -> str | None:
    """A setting in a line's comment, or in its help text with a default value."""
    if line.comment and KNOB_IN_TEXT.search(line.comment):
        return line.comment
    said = help_text(line.text)
    if said and line.purpose is not Purpose.TRAINING:
        if KNOB_IN_TEXT.search(said) or _NUMBER_DEFAULT.search(said):
            return said
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
