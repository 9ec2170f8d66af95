"""DOC003 preprocessing: nothing says how an input is transformed before the model at
inference (resize, normalise, tokenize, resample, prompt template, feature encoders)."""

from __future__ import annotations

import re

from handoff.checks.doc.commands import help_text
from handoff.checks.doc.passages import CodeLine, Passages, Purpose
from handoff.checks.doc.rule import DocRule
from handoff.checks.doc.vocabulary import commented_out, prose, words

# Transforms named in prose.
TRANSFORMS = words(
    # (resizing the outputs is post-processing)
    r"\bresiz\w*\b(?!\s+(the\s+)?(outputs?|results?|predictions?|masks?)\b)"
    # ("crop detection", "crop classification": the crops are what is detected)
    r"|\brescal\w*|\bcent(er|re)[- ]?crop\w*|\bcrop(ped|ping|s)?\b(?!\s+(detection|classification"
    r"|segmentation|recognition|monitoring|mapping|yields?|types?|diseases?)\b)"
    # a normalisation layer is part of the network, not a step before it
    r"|(?<!batch )(?<!layer )(?<!group )(?<!instance )(?<!weight )(?<!spectral )\bnormali[sz]\w*"
    r"(?!\s+(coordinates|boxes|bounding|scores?|probabilit\w*|outputs?|layers?))"
    r"|\b(down|up)?scal(e|ing) factor\b(?=[^.]{0,30}\b(inputs?|images?|frames?)\b)"
    # an instruction or prompt put before the input, or said to be needed no more (prompts
    # added with no place to go are the clicks and boxes an interactive model takes)
    r"|\b(add|adding|prepend\w*|prefix\w*)\s+(an? |the )?(instructions?|prefix(es)?)\b"
    r"|\b(add|adding)\s+(an? |the )?prompts?\s+(to|before|in front of)\b"
    r"|\b(prepend\w*|prefix\w*)\s+(an? |the )?prompts?\b"
    r"|\b(instructions?|prompts?|prefix(es)?)\b[^.]{0,40}\b(prepended|added|prefixed)\b"
    r"|\bstandardi[sz]\w*"
    # ("padding removal" is an engine's optimisation, not a step on the input)
    r"|\bmean\b.{0,40}\bstd\b|\bpad(ded|ding|s)?\b(?!\s+remov)|\bletterbox\w*"
    r"|\btokeni[sz](e|ed|es|ing|ation)\b"
    r"|\bwordpiece\b|\bbpe\b|\bsentencepiece\b|\b(prompt|chat|instruction) templates?\b"
    r"|\bresampl\w*|\bfeature (extraction|engineering|pipeline)\b|\bfeaturi[sz]\w*"
    r"|\bone-hot\b|\b(label|ordinal|target|categorical) encod\w*|\bencod(e|ed|es|ing) (the )?"
    r"categorical\b|\b(min-?max|standard|robust|feature|z-score) scal(ing|er)\b|\bscalers?\b"
    r"|\bscaled to\b|\bz-score\w*|\bclip(ped|ping)? to\b|\bimput\w*|\blower-?cas\w*"
    r"|\bcanonicali[sz]\w*"
    r"|\bdivided by 255\b|/\s*255\b"
    r"|\bconvert\w* (it |them |images? )?to (RGB|BGR|gr[ae]yscale|mono)\b"
    r"|\bdownmix\w*|\bstrip\w* (accents|whitespace|html)\b"
    # the background taken off the input before the model sees it (a model whose task is
    # background removal names what it makes, not a step before it)
    r"|\b(remov\w*|strip\w*|segment\w* out|cut\w* out)\s+(the\s+)?backgrounds?\s+(of|from)\b"
    # voice activity detection names a model as often as a step: a step when something is
    # filtered or cut with it
    r"|\b(vad|voice activity detection)\b[^.]{0,30}\b(filter\w*|remov\w*|trim\w*|split\w*"
    r"|cut\w*|before|(?<!install )first)|\b(filter\w*|remov\w*|trim\w*|split\w*|cut\w*)\b[^.]{0,30}"
    r"\b(vad|voice activity detection)\b"
    r"|\b(remov\w*|trim\w*|filter\w* out)\b[^.]{0,40}\b(silence|without speech)\b"
    r"|预处理|归一化|标准化|分词|缩放|裁剪|重采样|Vorverarbeitung|normalisiert|skaliert|Skalierung"
    r"|Tokenisier\w*|Kodierung|kodiert|Standardisierung|One-Hot"
)
# Audio features named alone name a representation (what a vocoder inverts, what a TTS model
# predicts): a step computes or extracts them, or gives their sizes ("80 mel bins").
_AUDIO_FEATURES = words(
    r"\blog-?mel\b|\bmel[- ]?(spectrogram|filterbank|features?|bins?)\w*|\bmfccs?\b|\bfbank\b"
    r"|\bfilter ?banks?\b"
)
_FEATURE_STEP = words(
    r"\b(comput|extract|calculat|convert|transform)\w*\b"
    # (making them: "make" with the features as its object, not a folder made for them)
    r"|\bmak(e|es|ing)\s+([\w-]+\s+){0,2}?(log-?)?(mel|mfcc|fbank|filter ?bank)"
    r"|\b\d+\s*(-\s*)?(dim\w*\s+)?(log-?)?mel\b"
    r"|\b(hop|window|n_mels|n_fft|win)[ _-]?(length|size|len)?\s*[=:]?\s*\d"
)
# Preprocessing named but not said ("see preprocess.py"): counts with a value or a code name.
_GENERIC = words(r"\bpre-?process\w*|预处理|Vorverarbeitung")
# A step said to be done for the caller, with no value: hidden, like a `pipeline(...)` call.
_HIDDEN = words(
    r"\bautomatic(ally)?\b|\binternally\b|\bunder the hood\b|\bfor you\b|\bout of the box\b"
    r"|\bthe (model|network) (will|would|itself)\b"
)
# Preparing a dataset (for training) is not preparing an input.
_DATA_PREPARATION = words(r"\bdata ?sets?\b|\bcorp(us|ora)\b|\btraining data\b")
# The test files' own preparation: what is done to them before the model is what inference
# does to an input ("Make test set mel-spectrograms").
_TEST_DATA = words(r"\btest[- ](set|files?|data|inputs?|images?|audio)\b")
# A number that is a value (224, 0.5), not part of a name (V100, g2p, RTX4090).
_VALUE = re.compile(r"(?<![\w.])\d+(\.\d+)?(?![\w])")
# A code name that says how (`normalize()`), not a file that holds it (`prep.py`).
_CODE_NAME = re.compile(r"`(?![^`]*\.\w{1,5}`)[^`]+`")
# A line of a printed model (`(2): Normalize()`): the network's own modules.
_MODULE_TREE = re.compile(r"^\s*\(\w+\):\s*\w+\(")
# Training-time augmentation is not what inference does.
_AUGMENTATION = words(
    r"\brandom\w*|\baugment\w*|\bjitter\b|\bflip\w*|\bmixup\b|\bcutmix\b|\brand ?aug\w*"
    r"|\bauto ?aug\w*|\bmosaic\b|数据增强|Augmentierung"
)
# Transforms built in code.
TRANSFORM_CODE = words(
    r"\b(Resize|CenterCrop|Normalize|ToTensor|Compose|Pad|Grayscale|Rescale|PILToTensor)\s*\("
    r"|\bcreate_transform\s*\(|\bresolve_(model_)?data_config\s*\(|\btransforms\.\w+\s*\("
    r"|\btokenizer\s*\(|\btokenizer\.(encode\w*|batch_encode\w*|apply_chat_template|tokenize)\s*\("
    r"|\bapply_chat_template\s*\(|\b(processor|feature_extractor|image_processor|preprocess"
    r"|preprocessor|transform|tfms|\w+_transforms?|\w+_tfms)\s*\(|\bcv2\.(resize|cvtColor)\s*\("
    r"|\blibrosa\.(load|resample|feature\.\w+)\s*\(|\btorchaudio\.(transforms\.\w+|functional"
    r"\.resample)\s*\(|\.resample\s*\(|\bMelSpectrogram\s*\(|\b\w*(Scaler|Encoder)\s*\("
    r"|\.transform\s*\(|/\s*255(\.0?)?\b"
    # a conversion command that sets the sample rate or the channels resamples the input
    r"|^\s*(ffmpeg|sox|avconv)\b.*\s-(ar|ac|r|c|rate|channels)\s+\d"
)
# The input's axes put in the order the model reads, before the model is called:
# `torch.tensor(frames).permute(0, 3, 1, 2)`, `np.transpose(img, (2, 0, 1))`.
_LAYOUT_CODE = words(
    r"\.(permute|transpose)\s*\(\s*\(?\s*\d|\b(np|numpy|torch)\.(transpose|moveaxis|permute)\s*\("
    r"|\.moveaxis\s*\(|\brearrange\s*\([^)]*->"
)
_CODE_AUGMENTATION = words(r"\bRandom\w+\s*\(|is_training\s*=\s*True|\bColorJitter\s*\(")
# A prompt template written out.
PROMPT_TEMPLATE = re.compile(
    r"\[INST\]|<\|im_start\|>|<\|(user|system|assistant)\|>|###\s*(Instruction|Response|Input)\s*:"
    r"|<start_of_turn>|\{(prompt|input|question|instruction)\}|^\s*(USER|ASSISTANT)\s*:|<<SYS>>"
)


# A tokenizer the caller builds, exports or hands to the inference run: which tokenisation the
# model reads ("pass the exported tokenizer when running inference").
_TOKENIZER_HANDED = words(r"\b(build|export|convert|pass|point)\w*\b[^.]{0,40}\btokeni[sz]ers?\b")
# A line of a dependency list says what a package is for: "`sentencepiece` for the tokenizer".
_DEPENDENCY_ITEM = re.compile(r"^\W*`[\w.\[\]-]+`\s+(for|to)\b")


def _describes_preprocessing(text: str) -> bool:
    if PROMPT_TEMPLATE.search(text):
        return True
    if _DEPENDENCY_ITEM.match(text):
        return False
    if _AUGMENTATION.search(text):
        return False
    audio = _AUDIO_FEATURES.search(prose(text)) and _FEATURE_STEP.search(text)
    if audio or TRANSFORMS.search(prose(text)):
        return bool(_VALUE.search(text)) or not _HIDDEN.search(text)
    if _DATA_PREPARATION.search(text):
        return False
    return bool(_GENERIC.search(text) and (_VALUE.search(text) or _CODE_NAME.search(text)))


def preprocessing_evidence(passages: Passages) -> str | None:
    """The first description of the inference preprocessing, or None."""
    for passage in passages.of(Purpose.INFERENCE, Purpose.NEUTRAL, Purpose.EVALUATION):
        if passage.purpose is Purpose.EVALUATION and not _TEST_DATA.search(passage.text):
            continue
        if _describes_preprocessing(passage.text):
            return passage.text
        if passage.purpose is Purpose.INFERENCE and _TOKENIZER_HANDED.search(prose(passage.text)):
            return passage.text
    for snippet in passages.snippets:
        # The prompt template a model was tuned on is the one its callers must build, even
        # where the README shows it for training.
        if not any(line.is_command for line in snippet.lines) and PROMPT_TEMPLATE.search(
            snippet.code
        ):
            return snippet.code
    for snippet in passages.snippets_for(Purpose.INFERENCE, Purpose.NEUTRAL):
        for line in snippet.lines:
            found = _line_evidence(line)
            if found is not None:
                return found
    return None


def _line_evidence(line: CodeLine) -> str | None:
    """A line of an inference snippet that prepares the input: a transform, a template, the
    axes reordered before the model call, or a comment or help text that describes a step."""
    if (
        line.purpose in (Purpose.TRAINING, Purpose.EVALUATION)
        or _CODE_AUGMENTATION.search(line.text)
        or _MODULE_TREE.match(line.text)
    ):
        return None
    if (
        TRANSFORM_CODE.search(line.text)
        or PROMPT_TEMPLATE.search(line.text)
        or (not line.after_call and _LAYOUT_CODE.search(line.text))
    ):
        return line.text
    if line.comment and not commented_out(line.comment) and _describes_preprocessing(line.comment):
        return line.comment
    said = help_text(line.text)
    if said and _describes_preprocessing(said):
        return said
    return None


class Preprocessing(DocRule):
    """DOC003."""

    code = "DOC003"

    evidence = staticmethod(preprocessing_evidence)
    what_to_write = (
        "the documentation never says how an input is prepared for the model: document the"
        " inference preprocessing (resize and crop sizes, normalisation mean/std, resampling"
        " and features, tokenizer and prompt template, or the feature encoders to rebuild)"
    )
