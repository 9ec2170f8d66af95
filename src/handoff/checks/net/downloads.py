"""Every call of a file that fetches weights, data or files at run time, judged once.

One `Analysis` walks the file for the four NET rules, so a call belongs to one rule only, the
most specific (`timm.create_model("hf-hub:...", pretrained=True)` is a hub load, NET001, not
constructor weights). Values are followed through names bound earlier in the same scope or at
module level (`MODEL_ID = "org/name"` ... `from_pretrained(MODEL_ID)`), and reported at the
call, which is what downloads.
"""

# libcst visitors inherit seven classes and have one method per node type they visit.
# pylint: disable=too-many-ancestors,too-many-public-methods,too-many-return-statements
# pylint: disable=too-many-branches  # one branch per library is the readable form

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from handoff.checks.base import Analysis, CodeFacts, FileContext, Gate
from handoff.checks.net.names import file_url, http_url, hub_id, path_like
from handoff.checks.net.shell import shell_downloads
from handoff.checks.support import (
    SHELL_CALLS,
    argument,
    call_name,
    command_texts,
    dotted_name,
    identifier_words,
    keyword,
    method_name,
    string_value,
)
from handoff.findings import Severity

HUB, WEIGHTS, DATASET, URL = "NET001", "NET002", "NET003", "NET004"

ADVICE = {
    HUB: "ship the files and load them from a local path from config"
    " (see `handoff explain NET001`)",
    WEIGHTS: "load the weights from a local file given in config, with the pretrained flag off"
    " (see `handoff explain NET002`)",
    DATASET: "download it once outside the code and read it from a path given in config"
    " (see `handoff explain NET003`)",
    URL: "ship the file with the model or fetch it in a setup step, and read it from a path"
    " given in config (see `handoff explain NET004`)",
}
_PINNED = re.compile(r"^[0-9a-f]{40}$")

# Hub loaders by qualified name: the argument holding the id (position, keyword), the hub.
_HUB_LOADERS = {
    "huggingface_hub.hf_hub_download": (0, "repo_id", "the Hugging Face Hub"),
    "huggingface_hub.snapshot_download": (0, "repo_id", "the Hugging Face Hub"),
    "huggingface_hub.file_download.hf_hub_download": (0, "repo_id", "the Hugging Face Hub"),
    "huggingface_hub.from_pretrained_keras": (0, "repo_id", "the Hugging Face Hub"),
    "sentence_transformers.SentenceTransformer": (0, "model_name_or_path", "the Hugging Face Hub"),
    "sentence_transformers.CrossEncoder": (0, "model_name", "the Hugging Face Hub"),
    "sentence_transformers.cross_encoder.CrossEncoder": (0, "model_name", "the Hugging Face Hub"),
    "sentence_transformers.SparseEncoder": (0, "model_name_or_path", "the Hugging Face Hub"),
    "clip.load": (0, "name", "OpenAI's model store"),
    "whisper.load_model": (0, "name", "OpenAI's model store"),
    "tensorflow_hub.load": (0, "handle", "TensorFlow Hub"),
    "tensorflow_hub.KerasLayer": (0, "handle", "TensorFlow Hub"),
}
# spaCy's downloader pip-installs a model package from GitHub when the code runs.
_SPACY_DOWNLOADS = {"spacy.cli.download", "spacy.cli.download.download"}
# torchaudio pipeline bundles' getters that download the bundle's weights (not `get_labels`).
_BUNDLE_GETTERS = {"get_model", "get_tacotron2", "get_vocoder"}
# gensim-data names of models and word vectors (the rest of its catalog is corpora).
_GENSIM_MODELS = re.compile(r"^(?:glove|word2vec|fasttext|conceptnet-numberbatch)-|word2vec")
# Methods that load from a hub whatever their receiver; the id is their first argument.
_HUB_METHODS = {"from_pretrained", "load_lora_weights", "load_textual_inversion", "load_ip_adapter"}
_OPEN_CLIP = {"create_model_and_transforms", "create_model", "create_model_from_pretrained"}
# Calls that download whatever URL they are given.
_URL_DOWNLOADERS = frozenset(
    {"urllib.request.urlretrieve", "urllib.urlretrieve", "wget.download", "gdown.download"}
    | {"gdown.download_folder", "gdown.cached_download", "torch.hub.load_state_dict_from_url"}
    | {"torch.hub.download_url_to_file", "torch.utils.model_zoo.load_url"}
    | {"torchvision.datasets.utils.download_url", "torchvision.datasets.utils.download_file"}
    | {"torchvision.datasets.utils.download_and_extract_archive"}
    | {"torchvision.datasets.utils.download_file_from_google_drive"}
    | {"tensorflow.keras.utils.get_file", "keras.utils.get_file", "tf_keras.utils.get_file"}
    | {"tensorflow.keras.utils.data_utils.get_file", "keras.utils.data_utils.get_file"}
)
# Calls that fetch a URL and return it: a download only of a literal URL of a file.
_URL_READERS = frozenset(
    {"requests.get", "httpx.get", "urllib.request.urlopen", "urllib2.urlopen", "requests.request"}
    | {"requests.Session.get", "httpx.Client.get", "httpx.stream", "urllib3.request"}
)
_PANDAS_READERS = re.compile(r"^(?:pandas|pd)\.read_(?:csv|table|json|parquet|excel|feather|fwf)$")
_ARRAY_READERS = {"numpy.loadtxt", "numpy.genfromtxt", "PIL.Image.open"}
_DATASET_FUNCTIONS = {
    "nltk.download": "downloads NLTK data",
    "nltk.downloader.download": "downloads NLTK data",
    "kagglehub.dataset_download": "downloads a dataset from Kaggle",
    "kagglehub.load_dataset": "downloads a dataset from Kaggle",
    "kagglehub.competition_download": "downloads competition data from Kaggle",
    "gensim.downloader.load": "downloads a corpus from gensim-data",
}
_DATASET_METHODS = {"dataset_download_files", "competition_download_files", "dataset_download_file"}
# `load_dataset` builders that read local files (`load_dataset("csv", data_files=...)`).
_PACKAGED_BUILDERS = frozenset(
    {"csv", "json", "parquet", "text", "imagefolder", "audiofolder", "videofolder", "arrow"}
    | {"webdataset", "pandas", "sql", "generator", "xml", "pdffolder", "spark", "cache"}
)
_ANSWER_ATTRIBUTES = frozenset({"json", "status_code", "ok", "headers", "raise_for_status"})
# Libraries and words the judges below match on that the tables do not name by their module.
_JUDGED_LIBRARIES = frozenset(
    {"torch", "torchvision", "torchaudio", "timm", "open_clip", "transformers", "datasets"}
    | {"tensorflow", "tensorflow_datasets", "keras", "speechbrain", "kagglehub", "gensim"}
    | {"sklearn", "peft", "efficientnet_pytorch", "segmentation_models_pytorch"}
)
# A URL alone is no download: the reader that fetches it is one of the modules above.
_JUDGED_WORDS = frozenset(
    {"download", "pretrained", "weights", "imagenet", "pd.read_", "wget", "curl", "aria2c"}
    | {"axel", "clone"}
)
_KERAS = ("tensorflow.keras.", "keras.", "tf_keras.", "tensorflow.python.keras.")


# What a file must contain for a download to be found in it: a module of a qualified name the
# judges know (it is imported, or written out), a method or word they match, a shell command.
DOWNLOAD_GATE = Gate(
    {
        name.split(".", 1)[0]
        for table in (_HUB_LOADERS, _SPACY_DOWNLOADS, _URL_DOWNLOADERS, _URL_READERS)
        for name in (*table, *_ARRAY_READERS, *_DATASET_FUNCTIONS)
    }
    - {"PIL"},  # as a word (below): lowered, "pil" is inside "compile"
    _HUB_METHODS,
    _OPEN_CLIP,
    _BUNDLE_GETTERS,
    _DATASET_METHODS,
    _JUDGED_LIBRARIES,
    _JUDGED_WORDS,
    pattern=r"\bpil\b",
)


# `may_download_in`: what each judge below needs of a file's calls, by Python's tree.
# Functions judged by their qualified name (`facts.may_call`).
_QUALIFIED_CALLS = frozenset(
    {*_HUB_LOADERS, *_SPACY_DOWNLOADS, *_URL_DOWNLOADERS, *_DATASET_FUNCTIONS}
    | {"transformers.pipeline", "transformers.pipelines.pipeline", "torch.hub.load"}
    | {"datasets.load_dataset", "datasets.load_dataset_builder"}
    | {"tensorflow_datasets.load", "tensorflow_datasets.builder"}
)
# Methods judged whatever their receiver.
_ANY_RECEIVER = _HUB_METHODS | _DATASET_METHODS | {"download_and_prepare", "get_state_dict"}
# Libraries whose calls the judges match by prefix (`torchvision.models.`, `timm.`).
_PREFIXED_LIBRARIES = frozenset(
    {"speechbrain", "kagglehub", "open_clip", "timm", "torchvision", "torchaudio", "torchtext"}
    | {"torch_geometric", "sklearn", "keras", "tf_keras", "tensorflow"}
    | {"segmentation_models_pytorch", "efficientnet_pytorch"}
)
_PANDAS = frozenset({"pandas", "pd"})


def may_download_in(facts: CodeFacts) -> bool:
    """Whether any judge of `Downloads` could match a call of this code: a method it judges
    on any receiver, a function it knows by name, a library it judges by prefix, a reader
    given a literal URL, or a shell command run from Python."""
    if not facts.calls.isdisjoint(_ANY_RECEIVER) or facts.may_call(_QUALIFIED_CALLS):
        return True
    if not facts.names.isdisjoint(_PREFIXED_LIBRARIES):
        return True
    # Readers download only a literal URL.
    if any(map(http_url, facts.strings)):
        if facts.may_call(_URL_READERS | _ARRAY_READERS):
            return True
        if not facts.names.isdisjoint(_PANDAS) and any(c.startswith("read_") for c in facts.calls):
            return True
    return bool(facts.strings) and facts.may_call(SHELL_CALLS)


@dataclass(frozen=True)
class Download:
    """One call (or shell line in a string) that fetches something, and its rule."""

    code: str
    node: cst.CSTNode
    message: str
    severity: Severity | None = None


def _shown(node: cst.CSTNode, limit: int = 60) -> str:
    text = cst.Module(body=[]).code_for_node(node)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _true(node: cst.BaseExpression | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


def _none(node: cst.BaseExpression | None) -> bool:
    return isinstance(node, cst.Name) and node.value in ("None", "False")


class Downloads(Analysis):
    """The file's downloads (`hits`), for NET001-NET004 to report their own."""

    def __init__(self, context: FileContext):
        super().__init__(context)
        self.hits: list[Download] = []
        self._scopes: list[dict[str, cst.BaseExpression | None]] = [{}]
        self._answers: set[int] = set()  # calls whose response is read as an API's answer

    def visit_Attribute(self, node: cst.Attribute) -> None:
        """`requests.get(url).json()`, `.status_code`: the code asks a service, it does not
        fetch a file (the outer attribute is visited before the call inside it)."""
        if isinstance(node.value, cst.Call) and node.attr.value in _ANSWER_ATTRIBUTES:
            self._answers.add(id(node.value))

    # --- names bound to values -----------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        params = node.params
        every = [*params.posonly_params, *params.params, *params.kwonly_params]
        every += [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
        self._scopes.append({p.name.value: None for p in every})

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._scopes.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self._scopes[-1][target.target.value] = node.value
            elif isinstance(target.target, (cst.Tuple, cst.List)):
                for element in target.target.elements:
                    if isinstance(element.value, cst.Name):
                        self._scopes[-1][element.value.value] = None

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name):
            self._scopes[-1][node.target.value] = node.value

    def visit_For(self, node: cst.For) -> None:
        for name in _names(node.target):
            self._scopes[-1][name] = None

    def bound_value(self, node: cst.BaseExpression | None) -> cst.BaseExpression | None:
        """The value a name was last bound to in this scope or at module level (once)."""
        seen = 0
        while isinstance(node, cst.Name) and seen < 5:
            seen += 1
            for scope in reversed(self._scopes):
                if node.value in scope:
                    node = scope[node.value]
                    break
            else:
                return node
        return node

    def text(self, node: cst.BaseExpression | None) -> str | None:
        """A literal string, directly or through a name bound to one."""
        value = self.bound_value(node)
        return None if value is None else string_value(value)

    # --- calls -----------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        qualified = call_name(node, self.context.imports) or ""
        found = self._judge(node, qualified, method_name(node) or qualified)
        if found is not None:
            code, message, severity = found
            self.hits.append(Download(code, node, message, severity))

    def _judge(
        self, node: cst.Call, qualified: str, method: str
    ) -> tuple[str, str, Severity | None] | None:
        if _true(self.bound_value(_value(keyword(node, "local_files_only")))):
            return None
        last = qualified.rsplit(".", 1)[-1]
        for judge in (self._hub, self._weights, self._dataset, self._url):
            found = judge(node, qualified, last if qualified else method)
            if found is not None:
                code, what = found
                return code, f"{what} at run time; {ADVICE[code]}", self._pinned(node, code)
        return None

    def _pinned(self, node: cst.Call, code: str) -> Severity | None:
        """A hub load pinned to a commit still downloads, but gets the same files each time."""
        revision = self.text(_value(keyword(node, "revision")))
        if code == HUB and revision is not None and _PINNED.match(revision):
            return Severity.LOW
        return None

    def _hub(self, node: cst.Call, qualified: str, last: str) -> tuple[str, str] | None:
        if qualified in _HUB_LOADERS:
            index, name, where = _HUB_LOADERS[qualified]
            value = self.text(_value(argument(node, index, name)))
            if value is None or not (hub_id(value) or where == "TensorFlow Hub"):
                return None
            if where == "TensorFlow Hub" and path_like(value) and not http_url(value):
                return None
            return HUB, f"`{last}({value!r})` downloads from {where}"
        if qualified in _SPACY_DOWNLOADS:
            return HUB, f"`{_shown(node)}` installs a spaCy model from GitHub"
        if qualified == "gensim.downloader.load":
            name = self.text(_value(argument(node, 0, "name")))
            if name is not None and _GENSIM_MODELS.search(name):
                return HUB, f"`load({name!r})` downloads word vectors from gensim-data"
            return None  # a corpus, or a name not known here: NET003's
        if last in ("from_hparams", "foreign_class") and qualified.startswith("speechbrain."):
            source = self.text(_value(argument(node, 0, "source")))
            if source is not None and hub_id(source):
                return HUB, f"`{last}(source={source!r})` downloads from the Hugging Face Hub"
            return None
        if qualified.startswith("kagglehub.") and last == "model_download":
            return HUB, f"`{_shown(node)}` downloads a model from Kaggle"
        if qualified in ("transformers.pipeline", "transformers.pipelines.pipeline"):
            return self._pipeline(node)
        if qualified == "torch.hub.load":
            return self._torch_hub(node)
        if qualified.startswith("open_clip.") and (last in _OPEN_CLIP or last == "get_tokenizer"):
            name = self.text(_value(argument(node, 0, "model_name")))
            if name is not None and name.startswith(("hf-hub:", "hf_hub:")):
                return HUB, f"`{last}({name!r})` downloads from the Hugging Face Hub"
            return None
        if qualified.startswith("timm.") and last == "create_model":
            name = self.text(_value(argument(node, 0, "model_name")))
            if name is not None and name.startswith(("hf-hub:", "hf_hub:")):
                return HUB, f"`create_model({name!r})` downloads from the Hugging Face Hub"
            return None
        if last in _HUB_METHODS and not qualified.startswith("efficientnet_pytorch"):
            return self._hub_method(node, qualified, last)
        return None

    def _hub_method(self, node: cst.Call, qualified: str, last: str) -> tuple[str, str] | None:
        candidates = [
            keyword(node, "pretrained_model_name_or_path"),
            keyword(node, "model_id"),
            keyword(node, "model_name_or_path"),
            argument(node, 0),
        ]
        if "peft" in qualified.lower() and ".AutoPeft" not in qualified:
            # `PeftModel.from_pretrained(base_model, "org/adapter")`: the first argument is a
            # model object, whatever its name says; the adapter's id is the second.
            candidates = [argument(node, 1, "model_id")]
        for candidate in candidates:
            value = self.text(_value(candidate))
            # `OUTPUT_DIR = "llama-qlora"` names a folder the code wrote; an `org/name` held by
            # any name (`ASR_CHECKPOINT = "openai/whisper-small"`) is a hub id.
            if _written_folder(_value(candidate)) and (value is None or "/" not in value):
                return None
            if value is not None:
                if hub_id(value):
                    return HUB, f"`{last}({value!r})` downloads from the Hugging Face Hub"
                return None
        return None

    def _pipeline(self, node: cst.Call) -> tuple[str, str] | None:
        model = argument(node, 1, "model")
        if model is None:
            task = self.text(_value(argument(node, 0, "task")))
            if task is None:
                return None
            return HUB, (
                f"`pipeline({task!r})` with no model downloads the task's default model from"
                " the Hugging Face Hub"
            )
        value = self.text(model.value)
        if value is None or not hub_id(value):
            return None
        return HUB, f"`pipeline(model={value!r})` downloads from the Hugging Face Hub"

    def _torch_hub(self, node: cst.Call) -> tuple[str, str] | None:
        if self.text(_value(keyword(node, "source"))) == "local":
            return None
        repo = self.text(_value(argument(node, 0, "repo_or_dir")))
        if repo is None or path_like(repo) or not hub_id(repo.split(":", 1)[0]):
            return None
        return HUB, f"`torch.hub.load({repo!r}, ...)` downloads code and weights from GitHub"

    def _weights(self, node: cst.Call, qualified: str, last: str) -> tuple[str, str] | None:
        if qualified.startswith("torchvision.models."):
            for name in ("pretrained", "pretrained_backbone"):
                if _true(self.bound_value(_value(keyword(node, name)))):
                    return WEIGHTS, f"`{last}({name}=True)` downloads pretrained weights"
            for name in ("weights", "weights_backbone"):
                value = self.bound_value(_value(keyword(node, name)))
                if _weights_enum(value):
                    return WEIGHTS, f"`{last}({name}={_shown(value)})` downloads pretrained weights"
            return None
        if last in _BUNDLE_GETTERS and self._torchaudio_bundle(_receiver(node)):
            return WEIGHTS, f"`{_shown(node)}` downloads the bundle's pretrained weights"
        if last == "get_state_dict" and _weights_enum(_receiver(node)):
            return WEIGHTS, f"`{_shown(node)}` downloads pretrained weights"
        if qualified.startswith("timm.") and last == "create_model":
            if keyword(node, "pretrained_cfg_overlay") is not None:
                return None  # the weights come from the overlay's local file
            if _true(self.bound_value(_value(argument(node, 1, "pretrained")))):
                return WEIGHTS, "`timm.create_model(..., pretrained=True)` downloads weights"
            return None
        if qualified.startswith("open_clip.") and last in _OPEN_CLIP:
            tag = self.text(_value(argument(node, 1, "pretrained")))
            if tag and not path_like(tag):
                return WEIGHTS, f"`{last}(..., pretrained={tag!r})` downloads pretrained weights"
            return None
        if qualified.startswith(_KERAS) and ".applications." in qualified and last[:1].isupper():
            weights = keyword(node, "weights")
            value = self.text(_value(weights))
            if weights is None or value == "imagenet":
                return WEIGHTS, f'`{last}(weights="imagenet")` downloads ImageNet weights'
            return None
        # Models sit at the package's top (`smp.Unet`); `smp.losses.DiceLoss` is no model.
        smp_model = qualified.count(".") == 1 and (last[:1].isupper() or last == "create_model")
        if qualified.startswith("segmentation_models_pytorch.") and smp_model:
            weights = keyword(node, "encoder_weights")
            if weights is None or self.text(weights.value) not in (None, ""):
                return WEIGHTS, f"`{last}(...)` downloads the encoder's ImageNet weights"
            return None
        if qualified.startswith("efficientnet_pytorch.") and last == "from_pretrained":
            return WEIGHTS, "`EfficientNet.from_pretrained(...)` downloads pretrained weights"
        return None

    def _torchaudio_bundle(self, node: cst.BaseExpression | None) -> bool:
        """`torchaudio.pipelines.WAV2VEC2_ASR_BASE_960H`, directly or through a name."""
        value = self.bound_value(node)
        if not isinstance(value, (cst.Attribute, cst.Name)):
            return False
        dotted = self.context.imports.qualify(value) if self.context.imports else None
        owner, _, member = (dotted or "").rpartition(".")
        return owner.startswith("torchaudio.pipelines") and member.isupper()

    def _dataset(self, node: cst.Call, qualified: str, last: str) -> tuple[str, str] | None:
        if qualified in _DATASET_FUNCTIONS:
            return DATASET, f"`{_shown(node)}` {_DATASET_FUNCTIONS[qualified]}"
        if qualified in ("datasets.load_dataset", "datasets.load_dataset_builder"):
            name = self.text(_value(argument(node, 0, "path")))
            if name is None or name in _PACKAGED_BUILDERS or path_like(name) or not hub_id(name):
                return None
            return DATASET, f"`{last}({name!r})` downloads a dataset from the Hugging Face Hub"
        if re.match(r"^(?:torchvision|torchaudio)\.datasets\.[A-Z]", qualified):
            if _true(self.bound_value(_value(keyword(node, "download")))):
                return DATASET, f"`{last}(..., download=True)` downloads a dataset"
            return None
        if re.match(r"^(?:torchtext|torch_geometric)\.datasets\.\w+$", qualified):
            if not _none(self.bound_value(_value(keyword(node, "download")))):
                return DATASET, f"`{last}(...)` downloads its dataset when it is not on disk"
            return None
        if qualified in ("tensorflow_datasets.load", "tensorflow_datasets.builder"):
            if last == "load" and not _none(self.bound_value(_value(keyword(node, "download")))):
                return DATASET, f"`{_shown(node)}` downloads a TensorFlow dataset"
            return None
        if last == "download_and_prepare":
            return DATASET, "`download_and_prepare()` downloads a dataset"
        if qualified.startswith("sklearn.datasets.fetch_"):
            if _none(self.bound_value(_value(keyword(node, "download_if_missing")))):
                return None
            return DATASET, f"`{last}(...)` downloads a dataset"
        if re.match(
            r"^(?:tensorflow\.)?(?:keras|tf_keras)\.datasets\.\w+\.(?:load_data|get_word_index)$",
            qualified,
        ):
            return DATASET, f"`{_shown(node)}` downloads a dataset"
        if last in _DATASET_METHODS:
            return DATASET, f"`{last}(...)` downloads a dataset from Kaggle"
        return None

    def _url(self, node: cst.Call, qualified: str, last: str) -> tuple[str, str] | None:
        if qualified in _URL_DOWNLOADERS:
            return URL, f"`{last}(...)` downloads a file"
        first = _value(argument(node, 0, "url"))
        if qualified in _URL_READERS:
            if qualified in ("requests.request", "httpx.stream"):
                if (self.text(_value(argument(node, 0, "method"))) or "").upper() != "GET":
                    return None
                first = _value(argument(node, 1, "url"))
            url = self.text(first)
            if id(node) in self._answers:
                return None
            if url is not None and (
                file_url(url) or (http_url(url) and _true(_value(keyword(node, "stream"))))
            ):
                return URL, f"`{last}({url!r})` downloads a file"
            return None
        if _PANDAS_READERS.match(qualified) or qualified in _ARRAY_READERS:
            url = self.text(_value(argument(node, 0, "filepath_or_buffer")))
            if url is not None and http_url(url):
                return URL, f"`{last}({url!r})` downloads its data"
            return None
        if qualified in SHELL_CALLS and node.args:
            for text in _command_lines(node.args[0].value):
                for download in shell_downloads(text):
                    what = download.message.removesuffix(" at run time")
                    return download.code, f"the command {what}"
        return None


def _value(arg: cst.Arg | None) -> cst.BaseExpression | None:
    return None if arg is None else arg.value


def _names(node: cst.BaseExpression) -> list[str]:
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Tuple, cst.List)):
        return [n for e in node.elements for n in _names(e.value)]
    return []


# Words of a variable that names a folder the code writes (`OUTPUT_DIR`, `save_path`).
_FOLDER_WORDS = frozenset({"output", "out", "dir", "path", "save", "saved", "checkpoint", "ckpt"})
_FOLDER_WORDS |= {"folder", "local", "export"}


def _written_folder(node: cst.BaseExpression | None) -> bool:
    """`from_pretrained(OUTPUT_DIR)`: whatever the constant holds, the name says it is a
    folder of the project's (a fine-tuned model saved earlier), not a hub id."""
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return False
    name = node.value if isinstance(node, cst.Name) else node.attr.value
    return bool(set(identifier_words(name)) & _FOLDER_WORDS)


def _receiver(node: cst.Call) -> cst.BaseExpression | None:
    return node.func.value if isinstance(node.func, cst.Attribute) else None


def _weights_enum(node: cst.BaseExpression | None) -> bool:
    """`ResNet18_Weights.DEFAULT`, `"IMAGENET1K_V1"`, `"DEFAULT"`: a named set of weights."""
    if node is None or _none(node):
        return False
    text = string_value(node)
    if text is not None:
        return bool(text)
    dotted = dotted_name(node) if isinstance(node, cst.Attribute) else None
    if dotted is None:
        return False
    owner, _, member = dotted.rpartition(".")
    return bool(re.fullmatch(r"[A-Z][A-Z0-9_]*", member)) and "Weights" in owner


def _command_lines(node: cst.BaseExpression) -> list[str]:
    """A command as one line: a string, or a list of words joined."""
    if isinstance(node, (cst.List, cst.Tuple)):
        return [" ".join(command_texts(node))]
    return list(command_texts(node))
