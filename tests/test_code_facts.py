"""`CodeFacts`: the names, calls and strings of a file's code from Python's own tree, which the
checks' second gates read before libcst parses anything. The gates may open where nothing is
found (they cost time then); they must never close where a rule would report (the proofs over
every corpus are in test_gates.py). Here: what the facts hold, and each family's tree gate on
both sides."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

from handoff.checks.base import CodeFacts
from handoff.checks.dev.dev001_hardcoded_cuda_device import HardcodedCudaDevice
from handoff.checks.net.net001_hub_download import HubDownload
from handoff.checks.path.path001_machine_specific_path import MachineSpecificPath
from handoff.checks.repro.repro001_unsafe_deserialization import UnsafeDeserialization
from handoff.checks.repro.repro002_unseeded_training import UnseededTraining
from handoff.checks.req.req007_runtime_pip_install import RuntimePipInstall
from handoff.checks.sec.sec001_hardcoded_credential import HardcodedCredential
from handoff.checks.sep.roles import ModuleRoles
from handoff.sources import FileKind, load_source


def _facts(code: str) -> CodeFacts:
    return CodeFacts.of(ast.parse(textwrap.dedent(code)))


def _source(tmp_path: Path, code: str, name: str = "a.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return load_source(path, name, path.read_bytes(), FileKind.PYTHON)


def test_facts_hold_names_dotted_names_calls_strings_and_decorators():
    facts = _facts("""
        import torch.nn as nn
        from pickle import load as read

        @app.route("/x")
        def serve(path: str = "/data/x", *, retries=3):
            model = torch.cuda.device_count()
            return read(open(f"/scratch/{user!r}/ckpt"), encoding="utf-8")
        """)
    assert {"nn", "torch.nn", "torch", "pickle.load", "serve", "path", "retries"} <= facts.names
    assert "torch.cuda.device_count" in facts.names and "torch.cuda" in facts.names
    assert {"device_count", "read", "open", "load"} <= facts.calls  # `load`: imported as read
    assert "/scratch/{user!r}/ckpt" in facts.strings and "utf-8" in facts.strings
    assert facts.decorators == {"app.route"}


def test_comments_are_not_code():
    facts = _facts("x = 1  # torch.device('cuda:0'), api_key = 'sk-...'\n")
    assert "cuda" not in facts.lowered and "api_key" not in facts.lowered


def test_names_given_literals_are_the_places_a_literal_is_stored():
    facts = _facts("""
        api_key = "abc"
        self.token: str = "abc"
        cfg["db_password"] = "abc"
        user, secret = "a", "b"
        counter = other_name
        connect(password="abc", timeout=limit)
        def login(pwd="x", *, passphrase=SecretStr("y"), retries=3): ...
        settings = {"auth_token": "x", "size": 3}
        os.getenv("HF_TOKEN", "fallback")
        parser.add_argument("--wandb-key", default="x")
        set_api_key("abc")
        """)
    assert {"api_key", "token", "db_password", "user", "secret", "password"} <= (
        facts.given_literals
    )
    assert {"pwd", "passphrase", "auth_token", "HF_TOKEN", "--wandb-key", "set_api_key"} <= (
        facts.given_literals
    )
    assert not {"counter", "timeout", "retries", "size"} & facts.given_literals


def test_items_matching_yields_each_matching_name_or_string_once():
    facts = _facts('token_a = 1\nkey = "tokens and tokens"\nother = "x"\n')
    found = list(facts.items_matching(re.compile("token")))
    assert sorted(found) == ["token_a", "tokens and tokens"]


def test_may_call_needs_the_last_name_called_and_the_module_named():
    assert _facts("import torch\ntorch.load(f)\n").may_call({"torch.load"})
    assert _facts("from torch import load as read\nread(f)\n").may_call({"torch.load"})
    assert not _facts("import json\njson.load(f)\n").may_call({"torch.load"})
    assert not _facts("import torch\ntorch.save(f)\n").may_call({"torch.load"})


# Each family's tree gate: (check, code it must let through, code it may close on).
GATES = [
    (
        MachineSpecificPath,
        'DATA = "/home/ana/data"\n',
        'FORMAT = "%(asctime)s %(message)s"\nNAME = "utf-8"\n',
    ),
    (MachineSpecificPath, "from google.colab import drive\ndrive.mount(x)\n", "x = 1\n"),
    (
        HardcodedCredential,
        'OPENAI_API_KEY = "sk-live-abc"\n',
        'tokens = tokenizer(text)\nkey = "x"\n',
    ),
    (
        HardcodedCredential,
        'requests.get(u, headers=h, auth=("user", "hunter22"))\n',
        "requests.get(u, auth=credentials)\n",
    ),
    (
        HardcodedCredential,
        'DSN = "Server=db;Uid=sa;Pwd=Tr0ub4dor&3x;"\n',
        'DOC = "a short string"\n',
    ),
    (
        UnsafeDeserialization,
        "import torch\nstate = torch.load(path)\n",
        "import json\nstate = json.load(f)  # torch.load\n",
    ),
    (
        UnseededTraining,
        "for x in data:\n    loss.backward()\n    opt.step()\n",
        "def evaluate(model):\n    return model(x)  # no backward here\n",
    ),
    (
        HubDownload,
        'from transformers import AutoModel\nAutoModel.from_pretrained("bert-base-uncased")\n',
        "import numpy as np\nx = np.zeros(3)\n",
    ),
    (
        HubDownload,
        'import subprocess\nsubprocess.run(["wget", URL])\n',
        "import subprocess\nsubprocess.run(cmd)\n",
    ),
    (
        RuntimePipInstall,
        'import subprocess, sys\nsubprocess.check_call([sys.executable, "-m", "pip", "install", "x"])\n',
        'import subprocess\nsubprocess.run(["ls"])\npipeline = make_pipeline()\n',
    ),
    (HardcodedCudaDevice, 'model.to("cuda:1")\n', "x = compute()  # uses the gpu\n"),
]


@pytest.mark.parametrize("check, opens, closes", GATES, ids=lambda v: getattr(v, "code", ""))
def test_tree_gates_open_on_code_the_rule_judges_and_close_on_code_it_cannot(
    tmp_path, check, opens, closes
):
    assert check.may_find_in(_source(tmp_path, opens), _facts(opens))
    assert not check.may_find_in(_source(tmp_path, closes), _facts(closes))


def test_roles_gate_opens_on_entry_points_routes_and_ui_libraries(tmp_path):
    for code in [
        "def predict(image):\n    return model(image)\n",
        "@app.post('/x')\ndef handle():\n    ...\n",
        "import gradio as gr\n",
        "if args.mode == 'infer':\n    run()\n",
    ]:
        assert ModuleRoles.may_find_in(_source(tmp_path, code), _facts(code)), code
    closed = "def observe(server_list):\n    return len(server_list)\n"
    assert not ModuleRoles.may_find_in(_source(tmp_path, closed), _facts(closed))
    # a path named for inference opens it whatever the code says
    assert ModuleRoles.may_find_in(_source(tmp_path, "x = 1\n", "predict.py"), _facts("x = 1\n"))
