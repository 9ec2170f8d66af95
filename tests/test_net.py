"""The NET rules on real files: what each flags, where, at which severity, and the look-alikes
it must leave alone."""

import pytest
from notebooks import code_cell, notebook

PINNED = "0123456789abcdef0123456789abcdef01234567"


def net(result):
    """(rule, line) of every NET finding."""
    assert not result.errors, result.errors
    return [(f.rule, f.line) for f in result.findings if f.rule.startswith("NET")]


POSITIVES = {
    "auto model": (
        "NET001",
        'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/name")\n',
    ),
    "tokenizer legacy id": (
        "NET001",
        'from transformers import AutoTokenizer\nt = AutoTokenizer.from_pretrained("gpt2")\n',
    ),
    "module constant": (
        "NET001",
        'from transformers import AutoModel\nMODEL = "org/name"\n\ndef load():\n    return AutoModel.from_pretrained(MODEL)\n',
    ),
    "diffusers": (
        "NET001",
        'from diffusers import StableDiffusionPipeline\np = StableDiffusionPipeline.from_pretrained("runwayml/stable-diffusion-v1-5")\n',
    ),
    "peft adapter": (
        "NET001",
        'from peft import PeftModel\nm = PeftModel.from_pretrained(base, "org/lora-adapter")\n',
    ),
    "pipeline model": (
        "NET001",
        'from transformers import pipeline\np = pipeline("ner", model="dslim/bert-base-NER")\n',
    ),
    "task-only pipeline": (
        "NET001",
        'from transformers import pipeline\np = pipeline("summarization")\n',
    ),
    "snapshot": (
        "NET001",
        'from huggingface_hub import snapshot_download\nd = snapshot_download("org/name")\n',
    ),
    "cross encoder": (
        "NET001",
        'from sentence_transformers import CrossEncoder\nc = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")\n',
    ),
    "lora weights": ("NET001", 'pipe.load_lora_weights("org/style-lora")\n'),
    "whisper": ("NET001", 'import whisper\nm = whisper.load_model("base")\n'),
    "timm hf-hub": (
        "NET001",
        'import timm\nm = timm.create_model("hf-hub:timm/vit_base", pretrained=True)\n',
    ),
    "kagglehub model": (
        "NET001",
        'import kagglehub\np = kagglehub.model_download("google/gemma/pyTorch/2b")\n',
    ),
    "tf hub": (
        "NET001",
        'import tensorflow_hub as hub\nl = hub.KerasLayer("https://tfhub.dev/google/imagenet/x/5")\n',
    ),
    "weights enum through a name": (
        "NET002",
        "from torchvision import models\nw = models.ResNet18_Weights.IMAGENET1K_V1\nm = models.resnet18(weights=w)\n",
    ),
    "weights string": (
        "NET002",
        'import torchvision\nm = torchvision.models.resnet50(weights="IMAGENET1K_V2")\n',
    ),
    "detection backbone": (
        "NET002",
        'from torchvision.models.detection import fasterrcnn_resnet50_fpn\nm = fasterrcnn_resnet50_fpn(weights="DEFAULT")\n',
    ),
    "keras default weights": (
        "NET002",
        "from tensorflow import keras\nb = keras.applications.ResNet50(include_top=False)\n",
    ),
    "smp encoder": (
        "NET002",
        'import segmentation_models_pytorch as smp\nm = smp.Unet("resnet34", encoder_weights="imagenet")\n',
    ),
    "tfds": (
        "NET003",
        'import tensorflow_datasets as tfds\nds = tfds.load("mnist", split="train")\n',
    ),
    "torch_geometric": (
        "NET003",
        'from torch_geometric.datasets import Planetoid\nds = Planetoid("data", "Cora")\n',
    ),
    "kagglehub dataset": (
        "NET003",
        'import kagglehub\np = kagglehub.dataset_download("org/set")\n',
    ),
    "torchaudio": (
        "NET003",
        'import torchaudio\nds = torchaudio.datasets.LIBRISPEECH("data", download=True)\n',
    ),
    "wget module": ("NET004", 'import wget\nwget.download("https://example.org/a.zip")\n'),
    "gdown": ("NET004", "import gdown\ngdown.download(id=FILE_ID, output='w.pt')\n"),
    "urlretrieve of a parameter": (
        "NET004",
        "from urllib.request import urlretrieve\n\ndef fetch(url, dest):\n    urlretrieve(url, dest)\n",
    ),
    "keras get_file": (
        "NET004",
        'import tensorflow as tf\np = tf.keras.utils.get_file("a.zip", origin="https://example.org/a.zip")\n',
    ),
    "httpx file": (
        "NET004",
        'import httpx\nr = httpx.get("https://huggingface.co/org/m/resolve/main/model.safetensors")\n',
    ),
    "requests stream": (
        "NET004",
        'import requests\nr = requests.get("https://example.org/export", stream=True)\n',
    ),
    "pandas url": (
        "NET004",
        'import pandas as pd\nURL = "https://example.org/data/train.csv"\ndf = pd.read_csv(URL)\n',
    ),
    "subprocess list": (
        "NET004",
        'import subprocess\nsubprocess.run(["wget", "-q", "https://example.org/a.tar"])\n',
    ),
    "subprocess hf cli": (
        "NET001",
        'import subprocess\nsubprocess.run("huggingface-cli download org/name", shell=True)\n',
    ),
    "hub id in a checkpoint constant": (
        "NET001",
        'from transformers import AutoProcessor\nASR_CHECKPOINT = "openai/whisper-small"\n'
        "p = AutoProcessor.from_pretrained(ASR_CHECKPOINT)\n",
    ),
    "speechbrain source": (
        "NET001",
        "from speechbrain.inference.speaker import EncoderClassifier\n"
        'e = EncoderClassifier.from_hparams(source="speechbrain/spkrec-ecapa-voxceleb", savedir="m")\n',
    ),
    "torchaudio bundle": (
        "NET002",
        "import torchaudio\nbundle = torchaudio.pipelines.WAV2VEC2_ASR_BASE_960H\nm = bundle.get_model()\n",
    ),
    "speechbrain foreign class": (
        "NET001",
        "from speechbrain.inference.interfaces import foreign_class\n"
        'c = foreign_class(source="org/emotion-wav2vec2", classname="CustomEncoderWav2vec2Classifier")\n',
    ),
    "torchaudio tts bundle": (
        "NET002",
        "import torchaudio\nbundle = torchaudio.pipelines.TACOTRON2_WAVERNN_PHONE_LJSPEECH\n"
        "vocoder = bundle.get_vocoder()\n",
    ),
    "torchaudio bundle direct": (
        "NET002",
        "from torchaudio import pipelines\nm = pipelines.HUBERT_BASE.get_model()\n",
    ),
    "peft adapter on a local-named base": (
        "NET001",
        "from peft import PeftModel\n"
        'm = PeftModel.from_pretrained(local_model, model_id="org/lora-adapter")\n',
    ),
    "spacy cli download": ("NET001", 'import spacy\nspacy.cli.download("en_core_web_sm")\n'),
    "gensim vectors": (
        "NET001",
        'import gensim.downloader as api\nv = api.load("word2vec-google-news-300")\n',
    ),
    "gensim corpus": ("NET003", 'import gensim.downloader as api\nc = api.load("text8")\n'),
    "keras word index": (
        "NET003",
        "from tensorflow import keras\nw = keras.datasets.reuters.get_word_index()\n",
    ),
    "httpx stream": (
        "NET004",
        'import httpx\nr = httpx.stream("GET", "https://example.org/w/model.bin")\n',
    ),
    "python -m spacy download": (
        "NET001",
        'import subprocess\nsubprocess.run(["python", "-m", "spacy", "download", "de_core_news_sm"])\n',
    ),
}


@pytest.mark.parametrize("code,source", POSITIVES.values(), ids=list(POSITIVES))
def test_flagged(checker, code, source):
    found = net(checker({"m.py": source}))
    last_line = source.rstrip("\n").count("\n") + 1
    assert found == [(code, last_line)], found


NEGATIVES = {
    "local path": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("/srv/models/bert")\n',
    "relative folder": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("checkpoints/run3")\n',
    "output folder": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("output")\n',
    "config value": 'from transformers import AutoModel\nm = AutoModel.from_pretrained(cfg["model"])\n',
    "parameter shadows a constant": 'from transformers import AutoModel\nMODEL = "org/name"\n\ndef load(MODEL):\n    return AutoModel.from_pretrained(MODEL)\n',
    "env with default": 'import os\nfrom transformers import AutoModel\nMODEL = os.environ.get("MODEL", "org/name")\nm = AutoModel.from_pretrained(MODEL)\n',
    "local only": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/name", local_files_only=True)\n',
    "pipeline local model": 'from transformers import pipeline\np = pipeline("ner", model="./models/ner")\n',
    "torch hub local": 'import torch\nm = torch.hub.load("./yolov5", "custom", source="local")\n',
    "clip file": 'import clip\nm, p = clip.load("weights/ViT-B-32.pt")\n',
    "open_clip tokenizer": 'import open_clip\nt = open_clip.get_tokenizer("ViT-B-32")\n',
    "pretrained false": "import torchvision\nm = torchvision.models.resnet18(pretrained=False)\n",
    "weights none": "from torchvision.models import resnet18\nm = resnet18(weights=None)\n",
    "weights from args": "from torchvision.models import resnet18\nm = resnet18(weights=args.weights)\n",
    "keras no weights": "from tensorflow import keras\nb = keras.applications.ResNet50(weights=None)\n",
    "keras preprocess": "from tensorflow.keras.applications.resnet50 import preprocess_input\nx = preprocess_input(x)\n",
    "own model with pretrained": "m = MyNet(pretrained=True)\n",
    "packaged builder": 'from datasets import load_dataset\nd = load_dataset("json", data_files="data/train.jsonl")\n',
    "dataset from args": "from datasets import load_dataset\nd = load_dataset(args.dataset)\n",
    "local dataset folder": 'from datasets import load_dataset\nd = load_dataset("./data/reviews")\n',
    "tfds no download": 'import tensorflow_datasets as tfds\nds = tfds.load("mnist", download=False, data_dir="data")\n',
    "bundled sklearn": "from sklearn.datasets import load_digits\nX, y = load_digits(return_X_y=True)\n",
    "fetch offline": "from sklearn.datasets import fetch_covtype\nd = fetch_covtype(download_if_missing=False)\n",
    "api get": 'import requests\nr = requests.get("https://api.example.org/v1/items", timeout=5)\n',
    "api json": 'import requests\nr = requests.get("https://example.org/status.json").json()\n',
    "requests post": 'import requests\nr = requests.post("https://example.org/model.pt", data=b"x")\n',
    "url from args": "import requests\nr = requests.get(args.url)\n",
    "url in a string": 'print("download from https://example.org/model.pt")\nURL = "https://example.org/model.pt"\n',
    "save and push": 'model.save_pretrained("out")\nmodel.push_to_hub("org/name")\n',
    "shell echo": 'import os\nos.system("echo wget https://example.org/a.zip")\n',
    "smp loss": 'import segmentation_models_pytorch as smp\nloss = smp.losses.DiceLoss("binary")\n',
    "saved adapter folder": (
        'from peft import PeftModel\nOUTPUT_DIR = "llama2-guanaco-qlora"\n'
        "merged = PeftModel.from_pretrained(base, OUTPUT_DIR)\n"
    ),
    "yolo file": 'from ultralytics import YOLO\nm = YOLO("yolov8n.pt")\n',
    "checkpoint folder": (
        'from transformers import AutoModel\nCHECKPOINT_DIR = "run-3-best"\n'
        "m = AutoModel.from_pretrained(CHECKPOINT_DIR)\n"
    ),
    "speechbrain local source": (
        "from speechbrain.inference.speaker import EncoderClassifier\n"
        'e = EncoderClassifier.from_hparams(source="./models/spkrec")\n'
    ),
    "torchaudio labels": (
        "import torchaudio\nbundle = torchaudio.pipelines.WAV2VEC2_ASR_BASE_960H\nl = bundle.get_labels()\n"
    ),
    "own get_model": "m = registry.get_model()\n",
    "peft saved adapter": (
        "from peft import PeftModel\nm = PeftModel.from_pretrained(base, args.adapter_dir)\n"
    ),
    "spacy load": 'import spacy\nnlp = spacy.load("en_core_web_sm")\n',
    "gensim info": 'import gensim.downloader as api\ni = api.info("glove-twitter-25")\n',
    "httpx stream post": (
        'import httpx\nwith httpx.stream("POST", "https://example.org/w/model.bin") as r:\n    pass\n'
    ),
}


@pytest.mark.parametrize("source", NEGATIVES.values(), ids=list(NEGATIVES))
def test_not_flagged(checker, source):
    assert net(checker({"m.py": source})) == []


def test_a_pinned_revision_lowers_the_severity(checker):
    result = checker(
        {
            "m.py": "from transformers import AutoModel\n"
            f'a = AutoModel.from_pretrained("org/name", revision="{PINNED}")\n'
            'b = AutoModel.from_pretrained("org/name", revision="main")\n'
        }
    )
    severities = [(f.line, f.severity.value) for f in result.findings if f.rule == "NET001"]
    assert severities == [(2, "low"), (3, "medium")]


def test_the_message_names_the_call_and_the_fix(checker):
    result = checker(
        {
            "m.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("bert-base-uncased")\n'
        }
    )
    (finding,) = [f for f in result.findings if f.rule == "NET001"]
    assert (
        "`from_pretrained('bert-base-uncased')` downloads from the Hugging Face Hub"
        in finding.message
    )
    assert "handoff explain NET001" in finding.message


def test_one_rule_per_call(checker):
    """A timm hub name with pretrained=True is a hub load only; a multi-line call is reported
    on its first line."""
    source = 'import timm\nm = timm.create_model(\n    "hf-hub:org/vit",\n    pretrained=True,\n)\n'
    assert net(checker({"m.py": source})) == [("NET001", 2)]


def test_url_download_supersedes_the_endpoint(checker):
    source = 'import urllib.request\nurllib.request.urlretrieve("http://10.0.3.7:8000/model.pt", "m.pt")\n'
    result = checker({"m.py": source})
    assert [(f.rule, f.line) for f in result.findings if f.rule in ("NET004", "PATH003")] == [
        ("NET004", 2)
    ]
    alone = checker({"m.py": source}, select=("PATH003",))
    assert [f.rule for f in alone.findings] == ["PATH003"]


def test_shell_script_lines(checker):
    script = (
        "#!/bin/bash\n"
        "# wget https://example.org/commented.zip\n"
        "wget -q https://example.org/a.tar.gz -O a.tar.gz\n"
        "curl -sSLo b.pt https://example.org/b.pt && tar -xf a.tar.gz\n"
        "curl -s http://localhost:8000/health\n"
        "curl -X POST https://example.org/api -d '{}' -o out.json\n"
        "curl https://example.org/c.zip > c.zip\n"
        "kaggle competitions download -c titanic\n"
        'echo "then run wget https://example.org/x"\n'
        "curl -s https://example.org/README.md > /dev/null\n"
        "wget -q https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh\n"
    )
    assert net(checker({"get.sh": script})) == [
        ("NET004", 3),
        ("NET004", 4),
        ("NET004", 7),
        ("NET003", 8),
    ]


def test_shell_hub_clones_model_downloads_and_piped_archives(checker):
    script = (
        "#!/bin/bash\n"
        "git clone https://huggingface.co/openai/whisper-tiny models/whisper\n"
        "git clone --depth 1 https://huggingface.co/datasets/org/corpus data/corpus\n"
        "git clone https://github.com/org/tool.git\n"
        "git clone https://huggingface.co/spaces/org/demo\n"
        "python3 -m spacy download en_core_web_sm\n"
        "curl -fsSL https://example.org/data/val.tar.gz | tar -xz -C data/\n"
        "curl -fsSL https://example.org/install.sh | sh\n"
        "curl -s https://example.org/v1/items | jq .\n"
        "hf download org/name --local-dir models/name\n"
        "huggingface-cli upload org/name ./out\n"
    )
    assert net(checker({"setup.sh": script})) == [
        ("NET001", 2),
        ("NET003", 3),
        ("NET001", 6),
        ("NET004", 7),
        ("NET001", 10),
    ]


def test_notebook_magics_and_bash_cells(checker):
    nb = notebook(
        code_cell("!pip install transformers\n!wget https://example.org/w.bin\n%cd data\n!ls"),
        code_cell("%%bash\ncurl -L -o d.zip https://example.org/d.zip\necho done"),
        code_cell('from datasets import load_dataset\nd = load_dataset("squad")'),
    )
    result = checker({"nb.ipynb": nb})
    assert [(f.rule, f.cell, f.line) for f in result.findings if f.rule.startswith("NET")] == [
        ("NET004", 1, 2),
        ("NET004", 2, 2),
        ("NET003", 3, 2),
    ]
