"""The REPRO rules on real files: unsafe loads, training entry points and their seeding,
cuDNN switches, and the look-alikes they must leave alone."""

import pytest
from notebooks import code_cell, notebook

LOOP = "for x, y in loader:\n    loss = model(x, y)\n    loss.backward()\n    optimizer.step()\n"


def repro(result, code=None):
    assert not result.errors, result.errors
    return [
        (f.rule, f.line)
        for f in result.findings
        if f.rule.startswith("REPRO") and (code is None or f.rule == code)
    ]


UNSAFE = {
    "torch.load": 'import torch\ns = torch.load("a.pt")\n',
    "weights_only False": 'import torch\ns = torch.load("a.pt", weights_only=False)\n',
    "from torch import load": 'from torch import load\ns = load("a.pt", mmap=True)\n',
    "pickle.loads": "import pickle\nv = pickle.loads(blob)\n",
    "cPickle alias": "import pickle as pkl\nv = pkl.load(f)\n",
    "dill": "import dill\nv = dill.load(f)\n",
    "joblib": 'from joblib import load\nm = load("m.joblib")\n',
    "np.load pickle": 'import numpy as np\na = np.load("a.npy", allow_pickle=True)\n',
    "read_pickle": 'import pandas as pd\nd = pd.read_pickle("d.pkl")\n',
    "Unpickler": "import pickle\nv = pickle.Unpickler(f).load()\n",
}


@pytest.mark.parametrize("source", UNSAFE.values(), ids=list(UNSAFE))
def test_unsafe_loads(checker, source):
    assert repro(checker({"m.py": source}), "REPRO001") == [("REPRO001", 2)]


SAFE = {
    "weights_only": 'import torch\ns = torch.load("a.pt", weights_only=True)\n',
    "jit": 'import torch\nm = torch.jit.load("m.pt")\n',
    "safetensors": 'from safetensors.torch import load_file\ns = load_file("m.safetensors")\n',
    "np.load": 'import numpy as np\na = np.load("a.npy")\nb = np.load("b.npy", allow_pickle=False)\n',
    "dumps": "import pickle, joblib\npickle.dump(x, f)\njoblib.dump(m, 'm.joblib')\n",
    "json": "import json\nv = json.load(f)\n",
    "lightning": 'm = LitModel.load_from_checkpoint("best.ckpt")\n',
}


@pytest.mark.parametrize("source", SAFE.values(), ids=list(SAFE))
def test_safe_loads(checker, source):
    assert repro(checker({"m.py": source}), "REPRO001") == []


def test_messages_name_bandit(checker):
    result = checker({"m.py": 'import torch, pickle\ns = torch.load("a.pt")\nv = pickle.load(f)\n'})
    messages = [f.message for f in result.findings if f.rule == "REPRO001"]
    assert "B614" in messages[0] and "weights_only=True" in messages[0]
    assert "B301" in messages[1]


def test_unseeded_entry_point_at_its_main_guard(checker):
    source = (
        "import torch\n\ndef main():\n"
        + _indent(LOOP)
        + '\nif __name__ == "__main__":\n    main()\n'
    )
    assert repro(checker({"train.py": source})) == [("REPRO002", 9)]


def test_top_level_script_at_its_first_step(checker):
    source = "import numpy as np\nimport torch\n\n" + LOOP
    assert repro(checker({"train.py": source})) == [("REPRO002", 6)]


def test_step_in_a_called_function(checker):
    source = "import torch\n\ndef fit_one(model):\n" + _indent(LOOP) + "\nfit_one(net)\n"
    assert repro(checker({"train.py": source})) == [("REPRO002", 6)]


def test_imported_training_function_makes_an_entry_point(checker):
    source = (
        "from engine import train_one_epoch\n\n"
        'if __name__ == "__main__":\n    train_one_epoch(model, loader, optimizer)\n'
    )
    assert repro(checker({"train.py": source})) == [("REPRO002", 3)]


SEEDED = {
    "torch": "import torch\ntorch.manual_seed(0)\n",
    "helper": "from utils import set_seed\nset_seed(cfg.seed)\n",
    "conditional helper": "from utils import set_seed\nif args.seed is not None:\n    set_seed(args.seed)\n",
    "lightning": "import lightning as L\nL.seed_everything(42)\n",
    "random_state": "from sklearn.model_selection import train_test_split\na, b = train_test_split(x, random_state=0)\n",
    "in a called function": "import random\n\ndef setup():\n    random.seed(1)\n\nsetup()\n",
    "hf trainer": "from trl import SFTTrainer\ntrainer = SFTTrainer(model=m, train_dataset=d)\ntrainer.train()\n",
    "jax key": "import jax\nkey = jax.random.PRNGKey(0)\n",
}


@pytest.mark.parametrize("prefix", SEEDED.values(), ids=list(SEEDED))
def test_seeded_entry_points(checker, prefix):
    assert repro(checker({"train.py": prefix + LOOP}), "REPRO002") == []


def test_seeding_that_never_runs_does_not_count(checker):
    source = (
        "import random\nfrom utils import set_seed\nSEED = 42\n\n"
        "def unused():\n    random.seed(SEED)\n\n" + LOOP
    )
    assert repro(checker({"train.py": source}), "REPRO002") == [("REPRO002", 10)]


def test_libraries_and_inference_are_not_entry_points(checker):
    library = "def train_epoch(model, loader, optimizer):\n" + _indent(LOOP)
    inference = (
        "import torch\ntorch.backends.cudnn.benchmark = True\nmodel.eval()\n"
        'if __name__ == "__main__":\n    print(model(x))\n'
    )
    preprocessing = "from sklearn.preprocessing import StandardScaler\nscaler = StandardScaler()\nscaler.fit(X)\n"
    result = checker({"engine.py": library, "predict.py": inference, "prep.py": preprocessing})
    assert repro(result) == []


def test_notebook_reports_the_first_step_cell(checker):
    nb = notebook(
        code_cell("import torch\nmodel = Net()"),
        code_cell("for x, y in loader:\n    model(x).sum().backward()\n    optimizer.step()"),
    )
    result = checker({"nb.ipynb": nb})
    assert [(f.rule, f.cell, f.line) for f in result.findings if f.rule == "REPRO002"] == [
        ("REPRO002", 2, 2)
    ]


def test_cudnn_benchmark_in_a_training_entry_point(checker):
    source = (
        "import torch\nfrom torch.backends import cudnn\ntorch.manual_seed(0)\ncudnn.benchmark = True\ncudnn.deterministic = False\n"
        + LOOP
    )
    assert repro(checker({"train.py": source}), "REPRO003") == [("REPRO003", 4), ("REPRO003", 5)]


CONTROLLED = {
    "flag guard": "if not args.deterministic:\n    torch.backends.cudnn.benchmark = True\n",
    "else branch": "if args.deterministic:\n    torch.backends.cudnn.deterministic = True\nelse:\n    torch.backends.cudnn.benchmark = True\n",
    "from an option": "torch.backends.cudnn.benchmark = not args.deterministic\n",
    "deterministic algorithms": "torch.use_deterministic_algorithms(True)\ntorch.backends.cudnn.benchmark = True\n",
}


@pytest.mark.parametrize("switch", CONTROLLED.values(), ids=list(CONTROLLED))
def test_controlled_cudnn(checker, switch):
    source = "import torch\ntorch.manual_seed(0)\n" + switch + LOOP
    assert repro(checker({"train.py": source})) == []


def test_a_constant_is_no_control(checker):
    source = (
        "import torch\ntorch.manual_seed(0)\nFAST = True\nif FAST:\n    torch.backends.cudnn.benchmark = True\n"
        + LOOP
    )
    assert repro(checker({"train.py": source})) == [("REPRO003", 5)]


def _indent(text: str) -> str:
    return "".join("    " + line + "\n" for line in text.splitlines())
