"""The DEV rules on real files: what each flags, where, and the look-alikes it must leave alone."""

import pytest
from notebooks import code_cell, markdown_cell, notebook, stream_output


def dev(result, code=None):
    """(rule, line) of every DEV finding, or only `code`'s."""
    assert not result.errors, result.errors
    return [
        (f.rule, f.line)
        for f in result.findings
        if f.rule.startswith("DEV") and (code is None or f.rule == code)
    ]


def lines_of(result, code):
    return [line for rule, line in dev(result, code)]


# --- DEV001 ---------------------------------------------------------------------------------

DEV001_POSITIVES = {
    "torch.device": 'import torch\nd = torch.device("cuda:1")\n',
    "aliased module": 'import torch as T\nd = T.device("cuda:1")\n',
    "from-imported device": 'from torch import device\nd = device("cuda:0")\n',
    "type and index": 'import torch\nd = torch.device("cuda", 1)\n',
    "index keyword": 'import torch\nd = torch.device(type="cuda", index=0)\n',
    "int device": "import torch\nd = torch.device(1)\n",
    ".to string": 'model = model.to("cuda:1")\n',
    ".to int": "batch = batch.to(0)\n",
    ".to device=": 'x = x.to(device="cuda:2", non_blocking=True)\n',
    ".cuda int": "model = model.cuda(1)\n",
    ".cuda device=": "model = model.cuda(device=1)\n",
    "set_device": "import torch\ntorch.cuda.set_device(1)\n",
    "set_device from import": "from torch.cuda import set_device\nset_device(0)\n",
    "cuda.device context": "import torch\nwith torch.cuda.device(1):\n    pass\n",
    "device_ids": "import torch.nn as nn\nm = nn.DataParallel(m, device_ids=[0, 1])\n",
    "output_device": "import torch.nn as nn\nm = nn.DataParallel(m, output_device=0)\n",
    "map_location string": 'import torch\ns = torch.load("a.pt", map_location="cuda:0")\n',
    "map_location dict": 'import torch\ns = torch.load("a.pt", map_location={"cuda:1": "cuda:0"})\n',
    "map_location lambda": "import torch\ns = torch.load('a.pt', map_location=lambda s, l: s.cuda(0))\n",
    "device= string": 'import torch\nx = torch.zeros(3, device="cuda:1")\n',
    "device= int": 'from transformers import pipeline\np = pipeline("ner", device=0)\n',
    "device_map string": 'm = AutoModel.from_pretrained("gpt2", device_map="cuda:0")\n',
    "device_map dict": 'm = AutoModel.from_pretrained("gpt2", device_map={"": 0})\n',
    "module constant": 'DEVICE = "cuda:0"\n',
    "annotated constant": 'DEVICE: str = "cuda:1"\n',
    "int constant": "GPU_ID = 1\n",
    "constant list": 'EVAL_DEVICES = ["cuda:0", "cuda:1"]\n',
    "gpu list": "GPUS = [0, 1, 2, 3]\n",
    "dict value": 'config = {"lr": 0.1, "device": "cuda:1"}\n',
    "dict int under gpu key": 'config = {"lr": 0.1, "gpu_id": 0}\n',
    "dict() keyword": 'config = dict(lr=0.1, device="cuda:1")\n',
    "config attribute": 'args.device = "cuda:1"\n',
    "config subscript": 'cfg["device"] = "cuda:0"\n',
    "parameter default": 'def predict(x, device="cuda:0"):\n    return x\n',
    "returned device": 'def get_device():\n    return "cuda:1"\n',
    "tf.device": 'import tensorflow as tf\nwith tf.device("/gpu:1"):\n    pass\n',
    "tf.device long form": 'import tensorflow as tf\nwith tf.device("/device:GPU:0"):\n    pass\n',
    "tf strategy devices": 'import tensorflow as tf\ns = tf.distribute.MirroredStrategy(["/gpu:0", "/gpu:1"])\n',
    "positional to own function": 'model = build_model(cfg, "cuda:1")\n',
    "lightning devices list": "trainer = Trainer(accelerator='gpu', devices=[1])\n",
    "for over devices": 'for dev in ["cuda:0", "cuda:1"]:\n    run(dev)\n',
    "f-string without placeholders": 'model = model.to(f"cuda:1")\n',
    "int parameter default": "def load(path, gpu_id=1):\n    return path\n",
    "dataclass field factory": (
        "from dataclasses import dataclass, field\n@dataclass\nclass C:\n"
        "    gpu_ids: list = field(default_factory=lambda: [0, 1])\n"
    ),
    "device_map placement": 'm = load(n, device_map={"encoder": "cuda:0"})\n',
    "tensorflow short form": 'import tensorflow as tf\nwith tf.device("GPU:1"):\n    pass\n',
    "generator on an indexed device": 'import torch\ng = torch.Generator("cuda:1")\n',
}


@pytest.mark.parametrize("code", DEV001_POSITIVES.values(), ids=DEV001_POSITIVES.keys())
def test_dev001_positives(checker, code):
    result = checker({"train.py": code})
    last_line = code.rstrip("\n").count("\n") + 1
    hits = lines_of(result, "DEV001")
    assert len(hits) == 1, dev(result)
    assert 1 <= hits[0] <= last_line


DEV001_NEGATIVES = {
    "ternary without index": 'import torch\nd = torch.device("cuda" if torch.cuda.is_available() else "cpu")\n',
    "device from args": "import torch\nd = torch.device(args.device)\nm = m.to(d)\n",
    "device from config": 'import torch\nd = torch.device(cfg["device"])\n',
    "device from environment": 'import os, torch\nd = torch.device(os.environ.get("DEVICE", "cuda:0"))\n',
    "config get default": 'd = cfg.get("device", "cuda:0")\n',
    "getattr default": 'd = getattr(args, "device", "cuda:0")\n',
    ".to(device)": "model = model.to(device)\n",
    ".to(dtype)": "import torch\nx = x.to(torch.float16)\ny = y.to(dtype)\n",
    ".to(float)": "q = q.to(0.5)\n",
    ".to(other tensor)": "x = x.to(y)\n",
    "device_ids from range": "import torch.nn as nn\nm = nn.DataParallel(m, device_ids=list(range(n)))\n",
    "device_ids from rank": "m = DDP(m, device_ids=[local_rank], output_device=local_rank)\n",
    "rank formatted": 'x = x.to(f"cuda:{args.local_rank}")\n',
    "set_device from rank": "import torch\ntorch.cuda.set_device(args.local_rank)\n",
    "cuda from arg": "m = m.cuda(args.gpu)\n",
    "comment": '# model.to("cuda:0")\nx = 1  # runs on cuda:1\n',
    "docstring": 'def f():\n    """Moves to cuda:0; see torch.device("cuda:1")."""\n',
    "print": 'print("cuda:0")\nprint("using", "cuda:1")\n',
    "log message": 'import logging\nlogging.info("moved to cuda:0")\nlogger.warning("%s", "cuda:1")\n',
    "f-string log": 'logger.info(f"model on cuda:0 after {n} steps")\n',
    "membership in a list of choices": 'ok = d in ("cuda:0", "cuda:1")\n',
    "assert": 'assert t.device.type == "cuda"\n',
    "a test's expectation": 'assert str(out.device) == "cuda:0"\nassert d != torch.device("cuda:0")\n',
    "argparse default": 'p.add_argument("--device", default="cuda:0", choices=["cpu", "cuda:0"])\n',
    "help text": 'p.add_argument("--gpu", type=int, default=0, help="index, e.g. 0 for cuda:0")\n',
    "string replace": 'k = key.replace("cuda:0", "cpu")\n',
    "map_location to cpu": 'import torch\ns = torch.load("a.pt", map_location={"cuda:0": "cpu"})\n',
    "device queries": "import torch\nn = torch.cuda.get_device_name(0)\nm = torch.cuda.memory_allocated(device=0)\n",
    "counts": "n_gpu = 1\nnum_gpus = 2\ntrainer = Trainer(gpus=1, devices=1)\nuse_gpu = 1\n",
    "hf cpu": 'p = pipeline("ner", device=-1)\n',
    "cpu devices": 'import tensorflow as tf\nwith tf.device("/cpu:0"):\n    pass\n',
    "device_map auto": 'm = AutoModel.from_pretrained("gpt2", device_map="auto")\n',
    "dict key": 'remap = {"cuda:1": "cpu"}\n',
    "metadata dict": 'card = {"trained_on": "cuda:0", "epochs": 10}\n',
    "choices constant": 'DEVICE_CHOICES = ["cpu", "cuda:0", "cuda:1"]\n',
    "exception message": 'raise RuntimeError("cuda:1")\n',
    "loop over devices for a query": (
        "import torch\nfor name in ['cuda:0', 'cuda:1']:\n"
        "    print(torch.cuda.memory_allocated(name))\n"
    ),
    "memory query with a string": 'import torch\nm = torch.cuda.memory_allocated("cuda:1")\n',
    "int parameter default that is not a device": "def f(x, seed=0, n_gpu=1):\n    return x\n",
    "dev release": "v = Version.from_parts(release=(1, 0), dev=0)\ndev_idx = 0\n",
}


@pytest.mark.parametrize("code", DEV001_NEGATIVES.values(), ids=DEV001_NEGATIVES.keys())
def test_dev001_never_flagged(checker, code):
    result = checker({"train.py": code})
    assert dev(result, "DEV001") == []


# A fixed index behind a check about the device, and a comparison with one: reported LOW.
DEV001_LOW = {
    "ternary with index": 'import torch\nd = "cuda:0" if torch.cuda.is_available() else "cpu"\n',
    "hf int ternary": (
        "import torch\nfrom transformers import pipeline\n"
        'p = pipeline("ner", device=0 if torch.cuda.is_available() else -1)\n'
    ),
    "hf int or cpu": 'import torch\np = pipeline("ner", device=0 if torch.cuda.is_available() else "cpu")\n',
    "device_map dict ternary": (
        'import torch\nkw = {}\nkw["device_map"] = {"": 0} if torch.cuda.is_available() else None\n'
    ),
    "torch.device ternary": 'import torch\nd = torch.device("cuda:0" if use_cuda else "cpu")\n',
    "under an if about the device": "import torch\nif use_cuda:\n    torch.cuda.set_device(0)\n",
    "tensorflow on a gpu list": 'import tensorflow as tf\nwith tf.device("/gpu:0" if gpus else "/cpu:0"):\n    pass\n',
    "comparison with a string": 'if str(x.device) != "cuda:0":\n    x = x.cpu()\n',
    "comparison with a device": 'import torch\nok = p.device == torch.device("cuda:0")\n',
    "membership in text": 'if "cuda:1" in str(x.device):\n    pass\n',
}


@pytest.mark.parametrize("code", DEV001_LOW.values(), ids=DEV001_LOW.keys())
def test_dev001_guarded_first_gpu_and_comparisons_are_low(checker, code):
    result = checker({"train.py": code})
    findings = [f for f in result.findings if f.rule == "DEV001"]
    assert [f.severity.value for f in findings] == ["low"], dev(result)
    assert "CUDA_VISIBLE_DEVICES" in findings[0].message


@pytest.mark.parametrize(
    "code",
    [
        'import torch\nd = "cuda:1" if torch.cuda.is_available() else "cpu"\n',
        "import torch\nif use_cuda:\n    torch.cuda.set_device(2)\n",
        'import torch\nd = torch.device("cuda:0")\nx = x.to("cuda:3")\n',
    ],
    ids=["guarded second gpu", "guarded set_device(2)", "unguarded"],
)
def test_dev001_other_indexes_and_unguarded_stay_high(checker, code):
    result = checker({"train.py": code})
    severities = {f.severity.value for f in result.findings if f.rule == "DEV001"}
    assert severities == {"high"}, dev(result)


def test_dev001_one_finding_per_line_several_on_several_lines(checker):
    result = checker({"train.py": """\
            import torch.nn as nn
            model = nn.DataParallel(model.cuda(0), device_ids=[0, 1], output_device=0)
            CONFIG = {
                "device": "cuda:0",
                "eval_device": "cuda:1",
            }
            """})
    assert lines_of(result, "DEV001") == [2, 4, 5]


def test_dev001_points_at_the_device(checker):
    result = checker({"train.py": 'import torch\nmodel = (\n    Net()\n    .to("cuda:1")\n)\n'})
    (finding,) = result.findings
    assert (finding.line, finding.column) == (4, 9)
    assert "'cuda:1'" in finding.message and "DEV001" in finding.message


def test_dev001_in_a_notebook_has_cell_and_line(checker):
    text = notebook(
        markdown_cell("We train on `cuda:0`, e.g. `model.to('cuda:0')`."),
        code_cell("import torch\n"),
        code_cell(
            "x = 1\n%matplotlib inline\nmodel = model.to('cuda:1')\n", [stream_output("cuda:0\n")]
        ),
        code_cell("print('cuda:0')\ntorch.cuda.set_device(1)\n"),
    )
    result = checker({"explore.ipynb": text})
    hits = [(f.cell, f.line, f.column) for f in result.findings if f.rule == "DEV001"]
    assert hits == [(3, 3, 18), (4, 2, 1)]


# --- DEV002 ---------------------------------------------------------------------------------

DEV002_POSITIVES = {
    "assignment": 'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = "0"\n',
    "several gpus": "import os\nos.environ['CUDA_VISIBLE_DEVICES'] = '2,3'\n",
    "hide all gpus": 'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = ""\n',
    "int through str": 'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = str(1)\n',
    "joined literals": 'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = ",".join(["0", "1"])\n',
    "module constant": 'import os\nGPU = "1"\nos.environ["CUDA_VISIBLE_DEVICES"] = GPU\n',
    "constant defined later": (
        'import os\ndef setup():\n    os.environ["CUDA_VISIBLE_DEVICES"] = GPU\nGPU = "1"\n'
    ),
    "from os import environ": 'from os import environ\nenviron["CUDA_VISIBLE_DEVICES"] = "0"\n',
    "setdefault": 'import os\nos.environ.setdefault("CUDA_VISIBLE_DEVICES", "0")\n',
    "putenv": 'import os\nos.putenv("CUDA_VISIBLE_DEVICES", "1")\n',
    "update dict": 'import os\nos.environ.update({"CUDA_VISIBLE_DEVICES": "0"})\n',
    "update keyword": 'import os\nos.environ.update(CUDA_VISIBLE_DEVICES="0")\n',
    "child env": (
        "import os, subprocess\n"
        'subprocess.run(cmd, env={**os.environ, "CUDA_VISIBLE_DEVICES": "1"})\n'
    ),
    "inside main": 'import os\ndef main():\n    os.environ["CUDA_VISIBLE_DEVICES"] = "0"\n',
    "literal either way": (
        'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = "0" if args.single else "0,1"\n'
    ),
    "shell command": 'import os\nos.system("CUDA_VISIBLE_DEVICES=1 python eval.py")\n',
    "subprocess list": (
        'import subprocess\nsubprocess.run(["env", "CUDA_VISIBLE_DEVICES=0", "python", "x.py"])\n'
    ),
    "f-string command": 'import os\nos.system(f"CUDA_VISIBLE_DEVICES=0 python {script}")\n',
}


@pytest.mark.parametrize("code", DEV002_POSITIVES.values(), ids=DEV002_POSITIVES.keys())
def test_dev002_positives(checker, code):
    result = checker({"train.py": code})
    assert len(lines_of(result, "DEV002")) == 1, dev(result)


DEV002_NEGATIVES = {
    "get": 'import os\ng = os.environ.get("CUDA_VISIBLE_DEVICES", "0")\n',
    "read": 'import os\ng = os.environ["CUDA_VISIBLE_DEVICES"].split(",")\n',
    "getenv": 'import os\ng = os.getenv("CUDA_VISIBLE_DEVICES")\n',
    "membership": 'import os\nif "CUDA_VISIBLE_DEVICES" not in os.environ:\n    pass\n',
    "from args": 'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = args.gpus\n',
    "from args via str": 'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = str(args.gpu)\n',
    "from config join": (
        'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = ",".join(map(str, cfg.gpus))\n'
    ),
    "formatted from variable": 'import os\nos.environ["CUDA_VISIBLE_DEVICES"] = f"{gpu}"\n',
    "reassigned name": (
        'import os\nGPU = "0"\nGPU = args.gpu\nos.environ["CUDA_VISIBLE_DEVICES"] = GPU\n'
    ),
    "function local": ('import os\ndef f(gpu):\n    os.environ["CUDA_VISIBLE_DEVICES"] = gpu\n'),
    "comment": '# os.environ["CUDA_VISIBLE_DEVICES"] = "0"\nx = 1\n',
    "docstring": '"""Set CUDA_VISIBLE_DEVICES=0 before running."""\n',
    "message": 'print("export CUDA_VISIBLE_DEVICES=0 first")\n',
    "other variable": 'import os\nos.environ["OMP_NUM_THREADS"] = "4"\n',
    "shell command from variable": 'import os\nos.system(f"CUDA_VISIBLE_DEVICES={gpu} python x.py")\n',
    "test patching the environment": (
        "import os\nfrom unittest import mock\n"
        'with mock.patch.dict(os.environ, {"CUDA_VISIBLE_DEVICES": "0"}):\n    pass\n'
    ),
    "command kept as text": 'USAGE = "CUDA_VISIBLE_DEVICES=0 python train.py --config c.yaml"\n',
}


@pytest.mark.parametrize("code", DEV002_NEGATIVES.values(), ids=DEV002_NEGATIVES.keys())
def test_dev002_never_flagged(checker, code):
    result = checker({"train.py": code})
    assert dev(result, "DEV002") == []


def test_dev002_notebook_magics_and_shell_lines(checker):
    text = notebook(
        markdown_cell("Set `%env CUDA_VISIBLE_DEVICES=0` if you have one GPU."),
        code_cell("%env CUDA_VISIBLE_DEVICES=1\nimport os\n"),
        code_cell("%env CUDA_VISIBLE_DEVICES\n%env CUDA_VISIBLE_DEVICES=$gpu\nx = 1\n"),
        code_cell("import torch\n%set_env CUDA_VISIBLE_DEVICES 2\n"),
        code_cell("!CUDA_VISIBLE_DEVICES=0 python train.py\n!echo $CUDA_VISIBLE_DEVICES\n"),
        code_cell('os.environ["CUDA_VISIBLE_DEVICES"] = "3"\n'),
        code_cell("x = 2\n", [stream_output("CUDA_VISIBLE_DEVICES=0\n")]),
    )
    result = checker({"nb.ipynb": text})
    hits = [(f.cell, f.line, f.column) for f in result.findings if f.rule == "DEV002"]
    assert hits == [(2, 1, 1), (4, 2, 1), (5, 1, 1), (6, 1, 1)]


def test_dev002_magic_in_a_python_file_is_not_text_scanned(checker):
    result = checker({"run.py": 'CMD = "CUDA_VISIBLE_DEVICES=0 python train.py"\n'})
    assert dev(result) == []


# --- DEV003 ---------------------------------------------------------------------------------

DEV003_POSITIVES = {
    ".cuda()": "model = Net().cuda()\n",
    ".cuda(non_blocking)": "x = x.cuda(non_blocking=True)\n",
    "torch.device": 'import torch\ndevice = torch.device("cuda")\n',
    "aliased torch.device": 'import torch as T\ndevice = T.device("cuda")\n',
    ".to string": 'def embed(x):\n    return enc(x).to("cuda")\n',
    "device= keyword": 'import torch\nx = torch.randn(3, device="cuda")\n',
    "map_location": 'import torch\ns = torch.load("a.pt", map_location="cuda")\n',
    "constant": 'DEVICE = "cuda"\n',
    "set_default_device": 'import torch\ntorch.set_default_device("cuda")\n',
    "availability only printed": (
        'import torch\nprint("cuda available:", torch.cuda.is_available())\nmodel = model.cuda()\n'
    ),
    "device parameter of another function": (
        "def move(x, device):\n    return x.to(device)\ndef train(model):\n    return model.cuda()\n"
    ),
    "generator device given positionally": 'import torch\ng = torch.Generator("cuda").manual_seed(0)\n',
    "generator device keyword": 'import torch\ng = torch.Generator(device="cuda")\n',
    # A loaded config overridden in a script is a use; the file defining the defaults is not.
    "loaded config node set in a script": (
        'from detectron2.config import get_cfg\ncfg = get_cfg()\ncfg.MODEL.DEVICE = "cuda"\n'
    ),
    # Issue 6: a check, an option or a setting elsewhere guards nothing where it is not used.
    "availability checked in another function": (
        "import torch\n"
        "def pick():\n"
        "    return torch.cuda.is_available()\n"
        "def train(model):\n"
        "    return model.cuda()\n"
    ),
    "availability later in module": (
        "import torch\ndef train(m):\n    return m.cuda()\n"
        "if __name__ == '__main__':\n    assert torch.cuda.is_available()\n"
    ),
    "device_count": "import torch\nif torch.cuda.device_count() > 1:\n    pass\nm = m.cuda()\n",
    "argparse option": (
        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--no-cuda', action='store_true')\n"
        "model = Net().cuda()\n"
    ),
    "config read": "model = Net().to(cfg.device)\nx = x.cuda()\n",
    "class shares its check": (
        "import torch\nclass Runner:\n"
        "    def __init__(self):\n        self.gpu = torch.cuda.is_available()\n"
        "    def step(self, b):\n        return b.cuda()\n"
    ),
    "resolver helper": "device = get_device()\nx = x.cuda()\n",
    "availability stored, then ignored": (
        "import torch\nuse_cuda = torch.cuda.is_available()\nmodel.cuda()\nx = x.cuda()\n"
    ),
    "the device is chosen, then .cuda() anyway": (
        'import torch\ndevice = "cuda" if torch.cuda.is_available() else "cpu"\nmodel.cuda()\n'
    ),
    "unguarded device used through its name": (
        'import torch\ndef step(x):\n    device = torch.device("cuda")\n    return x.to(device)\n'
    ),
    "a condition about something else": "if epoch % 10 == 0:\n    model.cuda()\n",
    "the guard is in another block": (
        "import torch\ndef f(m):\n    if not torch.cuda.is_available():\n        print('no')\n"
        "    return m.cuda()\n"
    ),
}


@pytest.mark.parametrize("code", DEV003_POSITIVES.values(), ids=DEV003_POSITIVES.keys())
def test_dev003_positives(checker, code):
    result = checker({"train.py": code})
    assert len(lines_of(result, "DEV003")) == 1, dev(result)
    assert lines_of(result, "DEV001") == []


DEV003_NEGATIVES = {
    "ternary on availability": (
        'import torch\ndevice = "cuda" if torch.cuda.is_available() else "cpu"\nm = m.to(device)\n'
    ),
    "torch.device ternary": (
        'import torch\nd = torch.device("cuda" if torch.cuda.is_available() else "cpu")\n'
    ),
    "guarded": "import torch\nif torch.cuda.is_available():\n    model = model.cuda()\n",
    "config dict value": 'config = {"device": "cuda", "lr": 1e-3}\nsettings = dict(device="cuda")\n',
    "switch parameter": "def train(m, use_cuda):\n    if use_cuda:\n        m = m.cuda()\n",
    "device parameter": "def train(m, device):\n    x = torch.zeros(3).cuda()\n    return m.to(device)\n",
    "args switch": "def train(args, m):\n    if args.cuda:\n        m.cuda()\n",
    "environment read": 'import os\ndevice = os.environ.get("DEVICE", "cuda")\nm = m.to(device)\n',
    "conditional expression": "x = x.cuda() if use_gpu else x\n",
    "yacs config defaults": (
        "from yacs.config import CfgNode as CN\n"
        '_C = CN()\n_C.MODEL = CN()\n_C.MODEL.DEVICE = "cuda"\n'
    ),
    "easydict config defaults through an alias": (
        "from easydict import EasyDict as edict\n"
        '__C = edict()\ncfg = __C\ncfg.TEST = edict()\ncfg.TEST.DEVICE = "cuda"\n'
    ),
    "ml_collections config": (
        "import ml_collections\ndef get_config():\n"
        '    config = ml_collections.ConfigDict()\n    config.device = "cuda"\n    return config\n'
    ),
    "config dataclass": (
        'from dataclasses import dataclass\n@dataclass\nclass TrainConfig:\n    device: str = "cuda"\n'
    ),
    "distributed rank": "import torch\ntorch.cuda.set_device(local_rank)\nmodel = model.cuda()\n",
    "comparison": 'if device.type == "cuda":\n    pass\n',
    "comment and docstring": '"""Call .cuda() on the model."""\n# model.cuda()\n',
    "print": 'print("cuda")\n',
    "autocast device type": 'import torch\nwith torch.autocast(device_type="cuda"):\n    pass\n',
    "hardcoded index is DEV001 only": 'import torch\nd = torch.device("cuda:0")\n',
    "availability in a name": "import torch\nok = torch.cuda.is_available()\nif ok:\n    m.cuda()\n",
    "switch from args through a name": (
        "use_gpu = not args.no_cuda\ndef f(m):\n    if use_gpu:\n        m = m.cuda()\n    return m\n"
    ),
    "early return": (
        "import torch\ndef f(m):\n    if not torch.cuda.is_available():\n        return m\n"
        "    return m.cuda()\n"
    ),
    "early raise through a name": (
        "import torch\nhave_gpu = torch.cuda.device_count() > 0\n"
        "def f(m):\n    if not have_gpu:\n        raise SystemExit('needs a GPU')\n    m.cuda()\n"
    ),
    "assert on availability": "import torch\nassert torch.cuda.is_available()\nmodel.cuda()\n",
    "else branch of a device check": (
        "if not use_cuda:\n    m = m.cpu()\nelse:\n    m = m.cuda()\n"
    ),
    "conditional expression on a name": (
        "import torch\nok = torch.cuda.is_available()\nx = x.cuda() if ok else x\n"
    ),
    "skip decorator": (
        "import pytest, torch\nrequires_gpu = pytest.mark.skipif(not torch.cuda.is_available(),"
        " reason='gpu')\n@requires_gpu\ndef test_gpu():\n    assert Net().cuda()(x.cuda()).is_cuda\n"
    ),
    "skipif decorator": (
        "import pytest, torch\n@pytest.mark.skipif(not torch.cuda.is_available(), reason='gpu')\n"
        "def test_gpu():\n    x = torch.ones(2, device='cuda')\n"
    ),
    "pytestmark": (
        "import pytest, torch\npytestmark = pytest.mark.skipif(not torch.cuda.is_available(),"
        " reason='gpu')\ndef test_gpu():\n    x = torch.ones(2).cuda()\n"
    ),
    "device from a check, moved by name": (
        "import torch\ndevice = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\n"
        "def f(x):\n    return x.to(device)\n"
    ),
    "device from the environment by name": (
        "import os\nDEVICE = os.environ.get('DEVICE', 'cuda')\ndef f(x):\n    return x.to(DEVICE)\n"
    ),
    "a parameter shadows the module's device": (
        "import torch\ndevice = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\n"
        "def f(x, device):\n    return x.to(device)\n"
    ),
    "device assigned under a check": (
        "import torch\nif torch.cuda.is_available():\n    device = torch.device('cuda')\n"
        "else:\n    device = torch.device('cpu')\nmodel.to(device)\n"
    ),
    "seeds, cudnn and a guarded cache": (
        "import torch\ntorch.cuda.manual_seed_all(0)\ntorch.backends.cudnn.benchmark = True\n"
        "if torch.cuda.is_available():\n    torch.cuda.empty_cache()\n"
    ),
    "distributed branch": "if args.distributed:\n    model = DDP(model.cuda())\n",
    "CUDA_VISIBLE_DEVICES from args": (
        "import os\nos.environ['CUDA_VISIBLE_DEVICES'] = args.gpu\nnet = net.cuda()\n"
    ),
    "ddp worker": (
        "import os, torch\n"
        "def main():\n"
        "    local_rank = int(os.environ['LOCAL_RANK'])\n"
        "    model = Net().cuda()\n"
    ),
    "computed index": 'import torch\ndef run(m, gpu):\n    pass\nm = m.to(f"cuda:{gpu}")\nx = x.cuda()\n',
}


@pytest.mark.parametrize("code", DEV003_NEGATIVES.values(), ids=DEV003_NEGATIVES.keys())
def test_dev003_never_flagged(checker, code):
    result = checker({"train.py": code})
    assert dev(result, "DEV003") == []


def test_dev003_one_finding_per_function_at_its_first_use_counting_the_rest(checker):
    result = checker({"train.py": """\
            import torch
            device = torch.device("cuda")
            use_cuda = torch.cuda.is_available()

            def step(model, images, labels):
                images, labels = images.cuda(), labels.cuda()
                loss = criterion(model(images.cuda()),
                                 labels.to(device))
                if use_cuda:
                    torch.cuda.synchronize(images.cuda())
                return loss

            class Agent:
                def act(self, obs):
                    return self.net(obs.to(device))

            model = Net().to(device)
            x = x.cuda()
            """})
    findings = {f.line: f.message for f in result.findings if f.rule == "DEV003"}
    assert sorted(findings) == [2, 6, 15]
    assert findings[2].endswith("(and 2 more uses at the top level of this module)")
    assert findings[6].endswith("(and 1 more use in this function)")
    assert "`device` is the CUDA device" in findings[15]
    assert "more use" not in findings[15]


def test_dev003_a_parameter_configures_only_its_own_function(checker):
    code = (
        "def evaluate(model, use_gpu):\n"
        "    if use_gpu:\n"
        "        model.cuda()\n"
        "def train(model, device):\n"
        "    model.cuda()\n"
        "def predict(model):\n"
        "    model.cuda()\n"
    )
    result = checker({"train.py": code})
    assert lines_of(result, "DEV003") == [7]


def test_dev003_in_a_notebook_top_level_cells_are_one_block_and_functions_their_own(checker):
    checked = notebook(
        code_cell("import torch\nuse_gpu = torch.cuda.is_available()\n"),
        code_cell("if use_gpu:\n    model = Net().cuda()\n"),
        code_cell("x = 1\nbatch = batch.cuda()\n"),
        code_cell("y = y.cuda()\n"),
        code_cell("def predict(x):\n    return model(x.to('cuda'))\n"),
    )
    printed = notebook(
        code_cell("import torch, os\nprint(torch.cuda.device_count())\n"),
        code_cell("x = 1\nmodel = Net().cuda()\n"),
    )
    result = checker({"checked.ipynb": checked, "printed.ipynb": printed})
    hits = [(f.path, f.cell, f.line) for f in result.findings if f.rule == "DEV003"]
    assert hits == [("checked.ipynb", 3, 2), ("checked.ipynb", 5, 2), ("printed.ipynb", 2, 2)]
    (first,) = [f for f in result.findings if f.cell == 3]
    assert first.message.endswith("(and 1 more use in this notebook's top-level cells)")


def test_dev_rules_can_be_suppressed_and_selected(checker):
    result = checker(
        {"a.py": "model = model.cuda(0)  # handoff: ignore[DEV001]\nx = x.cuda()\n"},
        select=("DEV001",),
    )
    assert dev(result) == []


def test_dev002_command_built_by_concatenation(checker):
    """Found by the round-3 holdout: a literal prefix joined to a computed command."""
    result = checker({"launch.py": """\
        import subprocess

        def launch(cmd):
            return subprocess.Popen("CUDA_VISIBLE_DEVICES=1 " + cmd, shell=True)

        def launch_free(cmd, gpus):
            return subprocess.Popen("CUDA_VISIBLE_DEVICES=" + gpus + " " + cmd, shell=True)
        """})
    assert [(f.rule, f.line) for f in result.findings if f.rule == "DEV002"] == [("DEV002", 4)]
