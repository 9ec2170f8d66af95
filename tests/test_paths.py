"""PATH rules: machine-specific paths, working-directory changes, endpoints and /tmp paths,
in Python, notebooks, shell scripts and config files; positives and their look-alikes."""

from __future__ import annotations

import json

import pytest

from handoff.checks.path.endpoints import classify_endpoint
from handoff.checks.path.locations import classify_path
from handoff.checks.path.scanning import scan_text


def _codes(result, code: str | None = None) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in result.findings if code is None or f.rule == code]


def _notebook(*cells: str) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "metadata": {}, "outputs": [], "source": c} for c in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


# --- the classifier --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "/home/ana/data",
        "/Users/ana/Desktop/x.csv",
        "/root/.cache/torch/x.pth",
        "~/datasets/coco",
        "~ana/data",
        "/mnt/nfs/imagenet",
        "/data/imagenet/train",
        "/datasets01/imagenet",
        "/scratch/ana/run",
        "/gpfs/projects/x",
        "/lustre/ana",
        "/media/ana/ext4/coco",
        "/Volumes/T7/cifar",
        "/storage/embeddings/x.npy",
        "/workspace/data",
        "/content/drive/MyDrive/x",
        "/content/sample_data/mnist.csv",
        "/kaggle/input/titanic/train.csv",
        "/checkpoint/ana/sweeps",
        "/private/home/ana/x",
        "C:\\Users\\ana\\data",
        "D:/datasets/coco",
        "\\\\labnas\\share\\models",
        "//labnas/share/models",
        "/scratch/{user}/runs",
    ],
)
def test_machine_specific_paths(text):
    found = classify_path(text)
    assert found is not None and found.code == "PATH001", text


@pytest.mark.parametrize(
    "text",
    [
        "/usr/local/cuda",
        "/etc/ssl/certs/ca.crt",
        "/dev/null",
        "/proc/cpuinfo",
        "/sys/class/net",
        "/opt/conda/bin/python",
        "/var/log/app.log",
        "/bin/bash",
        "/api/v1/data",
        "/predict",
        "data/imagenet",
        "./runs",
        "~",
        "~/.cache/huggingface",
        "~/.kaggle/kaggle.json",
        "~/Library/Caches",
        "~a",
        "~/{name}",
        "/home",
        "/mnt",
        "/data/",
        "C:\\Windows\\System32",
        "C:/Program Files/NVIDIA/CUDA",
        "\\\\(\\S+)",
        "//cdn.example.com/lib.js",
        "^/home/\\w+/",
        "/home/<user>/data",
        "s3://bucket/data",
        "https://example.com/home/ana",
    ],
)
def test_not_machine_specific_paths(text):
    found = classify_path(text)
    assert found is None or found.code != "PATH001", text


def test_bare_roots_count_only_as_locations():
    assert classify_path("/data") is None
    assert classify_path("/data", bare_ok=True).code == "PATH001"
    assert classify_path("/tmp") is None
    assert classify_path("/tmp", bare_ok=True).code == "PATH004"
    assert classify_path("/tmp/cache").code == "PATH004"
    assert classify_path("/var/tmp/x").code == "PATH004"


@pytest.mark.parametrize(
    "text,host_context",
    [
        ("http://10.0.3.7:8000/predict", False),
        ("http://localhost:5000", False),
        ("tcp://127.0.0.1:23456", False),
        ("redis://redis-master:6379/0", False),
        ("http://feature-store.internal:8080/v1", False),
        ("amqp://guest:guest@rabbit.corp:5672//", False),
        ("http://[::1]:8080/", False),
        ("http://100.101.102.103:8080", False),
        ("localhost:9092", False),
        ("10.0.0.7:50051", False),
        ("db.lab.local:5432", False),
        ("10.1.2.3", False),
        ("192.168.1.20", True),
        ("db01.internal", True),
        ("gpu01:29500", True),
        ("http://10.0.0.5:{port}/x", False),
    ],
)
def test_endpoints(text, host_context):
    assert classify_endpoint(text, host_context=host_context) is not None, text


@pytest.mark.parametrize(
    "text,host_context",
    [
        ("https://pytorch.org/docs/stable/", False),
        ("http://localhost/", False),
        ("localhost", True),
        ("127.0.0.1", True),
        ("0.0.0.0", True),
        ("0.0.0.0:8080", False),
        ("http://0.0.0.0:8080", False),
        ("http://169.254.169.254/latest/meta-data/", False),
        ("http://192.0.2.10:8080/", False),
        ("http://example.com:8080/", False),
        ("http://{host}:{port}/predict", False),
        ("http://host:port/predict", False),
        ("cuda:10", False),
        ("epoch:100", False),
        ("12:30", False),
        ("s3://bucket.internal/x", False),
        ("env://", False),
        ("192.168.0.0/16", False),
        ("8.8.8.8", True),
        ("gpu-node-07", True),
        ("http://metadata.google.internal/computeMetadata/v1/", False),
    ],
)
def test_not_endpoints(text, host_context):
    assert classify_endpoint(text, host_context=host_context) is None, text


def test_scan_text_in_shell_lines():
    hits = scan_text("cd /scratch/ana && python train.py --data /mnt/x --tmp /tmp/y  # /home/z")
    assert [(h.code, h.text) for h in hits] == [
        ("PATH002", "/scratch/ana"),
        ("PATH001", "/mnt/x"),
        ("PATH004", "/tmp/y"),
    ]
    assert [h.code for h in scan_text("export PYTHONPATH=/home/ana/lib:$PYTHONPATH")] == ["PATH002"]
    assert [h.code for h in scan_text("pip install -e . --index-url http://10.0.0.5:8080/s")] == [
        "PATH003"
    ]
    assert scan_text("curl -s https://example.org/x > /dev/null") == []
    assert [h.code for h in scan_text("#SBATCH --output=/scratch/ana/%j.out")] == ["PATH001"]
    assert [h.code for h in scan_text("#PBS -o /home/ana/logs/out.txt")] == ["PATH001"]
    assert scan_text("# SBATCH --output=/scratch/ana/%j.out (old setting)") == []
    assert scan_text("#SBATCH --output=logs/%x_%j.out") == []


# --- Python ----------------------------------------------------------------------------------


def test_python_positives(checker):
    result = checker(
        {"train.py": """\
            import argparse
            import os
            import sys
            from pathlib import Path

            parser = argparse.ArgumentParser()
            parser.add_argument("--data", default="/mnt/nfs/imagenet")
            ROOT = "/data"
            ckpt = os.path.join("/home/ana/models", "best.pt")
            run_dir = f"/scratch/{user}/runs"
            base = "/home/" + user
            out = Path("/lustre") / "ana"
            home = os.path.join("/home", user, "data")
            os.chdir("/home/ana/project")
            sys.path.insert(0, "/home/ana/libs")
            scratch = "/tmp/features.npy"
            server = "http://10.0.3.7:8000/predict"
            os.environ["MASTER_ADDR"] = "10.0.0.5"
            def f(out_dir="~/experiments/run1"):
                pass
            """},
        select=("PATH",),
    )
    assert _codes(result) == [
        (7, "PATH001"),
        (8, "PATH001"),
        (9, "PATH001"),
        (10, "PATH001"),
        (11, "PATH001"),
        (12, "PATH001"),
        (13, "PATH001"),
        (14, "PATH002"),
        (15, "PATH002"),
        (16, "PATH004"),
        (17, "PATH003"),
        (18, "PATH003"),
        (19, "PATH001"),
    ]


def test_python_look_alikes(checker):
    result = checker(
        {"clean.py": '''\
            """Trains on /home/ana/data; see /mnt/nfs for the mirror."""
            import argparse
            import os
            import re
            import sys
            import tempfile
            from pathlib import Path

            import h5py
            from fastapi import APIRouter, FastAPI

            # DATA = "/home/ana/data"
            app = FastAPI()
            router = APIRouter(prefix="/datasets")
            parser = argparse.ArgumentParser(description="Data under /data/imagenet")
            parser.add_argument("--data", help="e.g. /mnt/data/imagenet", default="data")
            PREFIXES = ("/home", "/mnt", "/data")
            PATTERN = re.compile(r"/home/\\w+/runs")
            CUDA = "/usr/local/cuda"
            SINK = "/dev/null"
            CACHE = Path("~/.cache/model").expanduser()
            HERE = Path(__file__).parent
            sys.path.insert(0, str(HERE / "src"))
            os.chdir(HERE)
            DOCS = "https://pytorch.org/docs/stable/"
            DEVICE = "cuda:0"
            LOCAL = "localhost"
            TMP = os.environ.get("TMPDIR", "/tmp")
            SCRATCH = tempfile.mkdtemp()
            MEDIA_URL = "/media/uploads"
            suffix = os.environ["HOME"] + "/data/x"

            def is_mounted(path):
                return path.startswith("/mnt") or path == "/data"

            @app.get("/data/{item}")
            def read(item):
                with h5py.File("x.h5") as f:
                    return f["/data/images"], f.create_dataset("/data/labels", data=[])

            if __name__ == "__main__":
                import uvicorn

                uvicorn.run(app, host="0.0.0.0", port=8080)
                print("see /home/ana/runs for the outputs")
            '''},
        select=("PATH",),
    )
    assert _codes(result) == []


def test_composition_reports_the_literal_once(checker):
    result = checker(
        {"a.py": """\
            import os
            from pathlib import Path

            ROOT = "/home/ana/data"
            train = os.path.join(ROOT, "train")
            val = Path(ROOT) / "val"
            test = Path("/mnt/data") / "test" / "x"
            """},
        select=("PATH001",),
    )
    assert _codes(result) == [(4, "PATH001"), (7, "PATH001")]


def test_working_directory_change_is_not_also_a_path(checker):
    result = checker(
        {"a.py": """\
            import os
            import sys

            from google.colab import drive

            drive.mount("/content/drive")
            os.chdir(os.path.join("/content/drive/MyDrive", "project"))
            sys.path.append(os.path.expanduser("~/code/utils"))
            os.chdir("/tmp")
            """},
        select=("PATH",),
    )
    assert _codes(result) == [(6, "PATH002"), (7, "PATH002"), (8, "PATH002"), (9, "PATH004")]


def test_shell_commands_in_python(checker):
    result = checker(
        {"a.py": """\
            import os
            import subprocess

            os.system("cd /home/ana/proj && python train.py --data /mnt/x")
            subprocess.run(["rsync", "-av", "/mnt/nas/raw/", "data/"])
            subprocess.run("python train.py --out runs/", shell=True)
            """},
        select=("PATH",),
    )
    assert _codes(result) == [(4, "PATH001"), (4, "PATH002"), (5, "PATH001")]


def test_host_context_and_versions(checker):
    result = checker(
        {"a.py": """\
            import redis

            cache = redis.Redis(host="10.1.2.3", port=6379)
            local = redis.Redis(host="localhost", port=6379)
            DB_HOST = "db01.internal"
            MASTER = "gpu01:29500"
            RELEASE_VERSION = "10.1.0.2"
            TAG = "layer:12"
            """},
        select=("PATH003",),
    )
    assert _codes(result) == [(3, "PATH003"), (5, "PATH003"), (6, "PATH003")]


def test_suppression_and_message(checker):
    result = checker(
        {"a.py": """\
            OUT = "/scratch/ana/out"
            DATA = "/home/ana/data"  # handoff: ignore[PATH001]
            """},
        select=("PATH001",),
    )
    [finding] = result.findings
    assert finding.line == 1 and finding.column == 7
    assert "'/scratch/ana/out'" in finding.message and "environment variable" in finding.message


# --- notebooks -------------------------------------------------------------------------------


def test_notebook_magics_and_code(checker):
    notebook = _notebook(
        "from google.colab import drive\ndrive.mount('/content/drive')\n",
        "%cd /content/drive/MyDrive/project\n!ls /content/drive/MyDrive/data\n%cd ..\n",
        "%%bash\ncd /home/ana/vision && python train.py\necho done > /tmp/log.txt\n",
        "import pandas as pd\ndf = pd.read_csv('/kaggle/input/titanic/train.csv')\n",
        "%env DATA_DIR=/scratch/ana/data\n%matplotlib inline\n",
    )
    result = checker({"nb.ipynb": notebook}, select=("PATH",))
    found = sorted((f.cell, f.line, f.rule) for f in result.findings)
    assert found == [
        (1, 2, "PATH002"),
        (2, 1, "PATH002"),
        (2, 2, "PATH001"),
        (3, 2, "PATH002"),
        (3, 3, "PATH004"),
        (4, 2, "PATH001"),
        (5, 1, "PATH001"),
    ]
    magic = next(f for f in result.findings if f.cell == 2 and f.line == 1)
    assert magic.column == 5 and "%cd" in magic.message


def test_notebook_outputs_and_markdown_are_not_checked(checker):
    doc = json.loads(_notebook("x = 1\n"))
    doc["cells"][0]["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": ["/home/ana/data/train.csv\n"]}
    ]
    doc["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "See /mnt/data"})
    result = checker({"nb.ipynb": json.dumps(doc)}, select=("PATH",))
    assert _codes(result) == []


# --- config files, manifests, shell scripts ----------------------------------------------


def test_yaml_config_positions(checker):
    result = checker(
        {"configs/train.yaml": """\
            # data on /home/ana/data
            data:
              root: /gpfs/projects/vision
              val: data/val
              description: "copied from /mnt/old"
            tracking_uri: "http://10.0.3.9:5000"
            job:
              command: |
                cd /scratch/ana/vision
                python train.py --tmp /tmp/run
            version: 10.2.0.1
            handover: Copy the weights from /home/ana/models before the demo
            data_dir: ${oc.env:DATA_DIR,/data/imagenet}
            """},
        select=("PATH",),
    )
    found = [(f.line, f.column, f.rule) for f in result.findings]
    assert found == [
        (3, 9, "PATH001"),
        (6, 16, "PATH003"),
        (9, 8, "PATH002"),
        (10, 27, "PATH004"),
        (13, 29, "PATH001"),
    ]


def test_json_toml_ini_env(checker):
    result = checker(
        {
            "serve.json": '{\n  "model": "/home/ana/best.onnx",\n  "host": "0.0.0.0",\n'
            '  "upstream": "http://10.0.3.7:8000"\n}\n',
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.poetry.dependencies]\n'
            'utils = { path = "/home/ana/utils" }\n',
            "db.ini": "[db]\nhost = 192.168.10.5  ; lab server\nport = 5432\nlogs = /var/log/x\n",
            ".env": "DATA_DIR=/mnt/nfs/imagenet\nPYTHONPATH=/home/ana/lib:src\nLEVEL=info\n",
            "environment.yml": "name: x\nprefix: /home/ana/miniconda3/envs/x\n",
        },
        select=("PATH",),
    )
    found = sorted((f.path, f.line, f.rule) for f in result.findings)
    assert found == [
        (".env", 1, "PATH001"),
        (".env", 2, "PATH002"),
        ("db.ini", 2, "PATH003"),
        ("environment.yml", 2, "PATH001"),
        ("pyproject.toml", 5, "PATH001"),
        ("serve.json", 2, "PATH001"),
        ("serve.json", 4, "PATH003"),
    ]


def test_shell_scripts_and_requirements(checker):
    result = checker(
        {
            "run.sh": """\
            #!/bin/bash
            #SBATCH --output=/scratch/ana/%j.out
            cd "$(dirname "$0")"
            source /home/ana/miniconda3/bin/activate
            cd /scratch/ana/vision
            python train.py --tracking http://mlflow.corp:5000 --out runs/
            python serve.py --host 0.0.0.0 --port 8080 > /dev/null
            """,
            "requirements.txt": "torch>=2.0\n-e /home/ana/utils\n# /home/ana/old\n"
            "--extra-index-url http://10.0.3.7:8080/simple\n",
        },
        select=("PATH",),
    )
    found = sorted((f.path, f.line, f.rule) for f in result.findings)
    assert found == [
        ("requirements.txt", 2, "PATH001"),
        ("requirements.txt", 4, "PATH003"),
        ("run.sh", 2, "PATH001"),
        ("run.sh", 4, "PATH001"),
        ("run.sh", 5, "PATH002"),
        ("run.sh", 6, "PATH003"),
    ]


def test_ci_docker_and_compose_files(checker):
    result = checker(
        {
            ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n"
            "      - run: cd /home/runner/work && pytest\n",
            "Dockerfile": "FROM python:3.11\nWORKDIR /workspace\nCOPY . /workspace/app\n",
            "docker-compose.yml": "services:\n  t:\n    environment:\n"
            "      - URI=http://mlflow:5000\n    volumes:\n      - /mnt/nfs/runs:/runs\n",
        },
        select=("PATH",),
    )
    assert [(f.path, f.line, f.rule) for f in result.findings] == [
        ("docker-compose.yml", 6, "PATH001")
    ]


@pytest.mark.parametrize(
    "name,text",
    [
        ("bad.yaml", "a: [1, 2\nroot: /home/ana/data\n"),
        ("bad.json", '{\n  // comment\n  "root": "/home/ana/data",\n}\n'),
        ("bad.toml", 'root = "/home/ana/data"\n[[[broken\n'),
        ("template.yaml", "root: {{ data_root }}\nout: /home/ana/data\n"),
    ],
)
def test_invalid_configs_fall_back_to_lines(checker, name, text):
    result = checker({name: text}, select=("PATH",))
    assert not result.errors
    assert [f.rule for f in result.findings] == ["PATH001"]
    assert result.findings[0].line == {"bad.json": 3, "bad.toml": 1}.get(name, 2)


def test_one_finding_per_rule_and_line(checker):
    result = checker(
        {
            "a.py": """\
            import shutil

            shutil.copy("/mnt/a/x.csv", "/mnt/b/x.csv")
            SPLITS = {
                "train": "/nfs/a/train.csv",
                "val": "/nfs/a/val.csv",
            }
            def f(a="/home/a/x", b="/home/b/y"):
                x = "/mnt/z/1"; y = "/mnt/z/2"
            """,
            "run.sh": "cp /mnt/a/x /mnt/b/x\n",
        },
        select=("PATH001",),
    )
    assert sorted((f.path, f.line) for f in result.findings) == [
        ("a.py", 3),
        ("a.py", 5),
        ("a.py", 6),
        ("a.py", 8),
        ("a.py", 9),
        ("run.sh", 1),
    ]


def test_command_strings_routes_and_file_keys(checker):
    result = checker(
        {"a.py": """\
            import pandas as pd
            from urllib.parse import urljoin

            EXPORT = "python export.py --ckpt /scratch/ana/final --out exports/"
            SYNC = "rsync -av runs/ 10.0.3.7:/backups/"
            NOTE = "Results are copied to /scratch/ana/final every night"
            URL = urljoin("https://api.example.org", "/data/items")
            pd.read_hdf("store.h5", "/data/metrics")
            frame = pd.read_hdf("store.h5", key="/data/metrics")
            DB = "sqlite:////home/ana/experiments.db"
            LOCAL_DB = "sqlite:///experiments.db"
            """},
        select=("PATH",),
    )
    assert _codes(result) == [(4, "PATH001"), (5, "PATH003"), (10, "PATH001")]


def test_allow_options(checker):
    result = checker(
        {
            "handoff.toml": """\
            [rules.PATH001]
            allow = ["/workspace", "/data/shared/"]

            [rules.hardcoded-endpoint]
            allow-hosts = ["mlflow.corp"]
            """,
            "a.py": """\
            A = "/workspace/app/model.pt"
            B = "/data/shared/imagenet"
            C = "/data/private/imagenet"
            D = "http://mlflow.corp:5000"
            E = "http://other.corp:5000"
            """,
            "c.yaml": "root: /workspace/data\nuri: http://mlflow.corp:5000/x\n",
        },
        select=("PATH",),
    )
    assert [(f.path, f.line, f.rule) for f in result.findings] == [
        ("a.py", 3, "PATH001"),
        ("a.py", 5, "PATH003"),
    ]


def test_cluster_job_scripts(checker):
    result = checker(
        {"jobs/train.slurm": "#!/bin/bash\n#SBATCH -o /scratch/ana/%j.out\ncd /scratch/ana/run\n"},
        select=("PATH",),
    )
    assert [(f.line, f.rule) for f in result.findings] == [(2, "PATH001"), (3, "PATH002")]


# --- found by the blind corpus (tests/fixtures/path_blind_corpus) ----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "/export/corpora5/LibriSpeech",  # an NFS export (Kaldi recipes)
        "/export/b02/shared/lm/valid.pth",
        "/n/holyscratch01/lab/runs",  # Plan 9's network mounts (Harvard, Princeton clusters)
        "/n/fs/nlp-ana/data",
        "/local_nvme/ana/offload",  # a root made of words, one of them a mount word
        "/local-scratch/ana",
        "/data_hdd/coco",
        "/hpc/lab/${USER}/runs",  # a folder named after whoever runs it, under any root
        "/work/$USER/ckpt",
        "/fs/{getpass.getuser()}/x",
        "/projects/lab/%u/logs",
    ],
)
def test_more_cluster_paths(text):
    found = classify_path(text)
    assert found is not None and found.code == "PATH001", text


@pytest.mark.parametrize(
    "text",
    [
        "/export",  # a route as likely as a mount: a root alone counts only for known mounts
        "/n",
        "/raw_data",
        "/users/{user}/profile",  # a web route with a lower-case placeholder
        "/api/{user_id}/data",
        "/usr/local/${USER}/bin",
        "/var/log/${USER}.log",
    ],
)
def test_more_cluster_look_alikes(text):
    assert classify_path(text, bare_ok=True) is None, text


def test_version_pins_are_not_addresses():
    assert scan_text("pip install tensorrt==10.0.1.6 nvidia-cudnn-cu12>=8.9.2.26") == []
    assert scan_text("tensorrt~=10.1.0.27") == []
    hits = scan_text("MASTER_ADDR=10.0.0.5 torchrun train.py")
    assert [(h.code, h.text) for h in hits] == [("PATH003", "10.0.0.5")]


def test_echoed_sentences_are_messages():
    assert scan_text('echo "stage 3: decoding with the LM from /export/b02/shared/lm"') == []
    assert scan_text("printf 'Saving checkpoints to /scratch/ana/run\\n'") == []
    assert [h.code for h in scan_text("echo done > /tmp/log.txt")] == ["PATH004"]
    assert [h.code for h in scan_text("echo '/home/ana/data' > data_path.txt")] == ["PATH001"]
    assert [h.code for h in scan_text('echo "export DATA=/mnt/x" >> ~/.bashrc')] == ["PATH001"]


def test_dependency_pins_in_manifests(checker):
    result = checker(
        {
            "requirements.txt": "tensorrt==10.0.1.6\ntorch>=2.1\n",
            "pyproject.toml": '[project]\nname = "x"\ndependencies = ["tensorrt==10.0.1.6"]\n'
            '[tool.poetry.dependencies]\ntensorrt = "10.0.1.6"\n',
            "environment.yml": "name: x\ndependencies:\n  - tensorrt=10.0.1.6\n  - pip:\n"
            "    - --extra-index-url http://10.0.3.7:8080/simple\n",
            "config.yaml": "master_addr: 10.0.0.5\n",
        },
        select=("PATH",),
    )
    assert sorted((f.path, f.line, f.rule) for f in result.findings) == [
        ("config.yaml", 1, "PATH003"),
        ("environment.yml", 5, "PATH003"),
    ]


def test_cluster_scripts_and_configs(checker):
    result = checker(
        {
            "run.sh": "librispeech=/export/corpora5/LibriSpeech\n"
            'echo "data from /export/corpora5/LibriSpeech"\n'
            "export WANDB_DIR=/n/holyscratch01/lab/${USER}/wandb\n",
            "ds_config.json": '{"offload_optimizer": {"nvme_path": "/local_nvme/ana/offload"}}\n',
            "conf.yaml": "noise_scp: /export/corpora/JHU/musan/noise.scp\n",
        },
        select=("PATH",),
    )
    assert sorted((f.path, f.line, f.rule) for f in result.findings) == [
        ("conf.yaml", 1, "PATH001"),
        ("ds_config.json", 1, "PATH001"),
        ("run.sh", 1, "PATH001"),
        ("run.sh", 3, "PATH001"),
    ]


# --- roots no list names: any absolute path outside the system folders (issue 6 §4) ----------


@pytest.mark.parametrize(
    "text",
    [
        "/localscratch/ana/cache",
        "/egr/research-hlr/ana/corpora/pile_dedup",
        "/storage_fast/jmiller/tokenized",
        "/cvmfs/sft.cern.ch/lcg/views",
        "/p/project/hai_lab/data",
        "/models/embedder",  # a container image's folder, outside that image (see `allow`)
        "/app/weights/best.pt",
        "/localscratch/ana/{run_id}",  # two written folders before the template
        "/labdata/%u/logs",
    ],
)
def test_any_root_outside_the_system_is_machine_specific(text):
    found = classify_path(text)
    assert found is not None and found.code == "PATH001", text


@pytest.mark.parametrize(
    "text",
    [
        "/run/secrets/hf_token",
        "/var/log/train.log",
        "/srv/http/index.html",
        "/private/var/folders/x",
        "/gpu:0",
        "/job:worker/replica:0/task:1/device:GPU:0",
        "/v1/chat/completions",
        "/api/v2/predict",
        "/healthz/ready",
        "/static/css/main.css",
        "/path/to/your/data",
        "/foo/bar",
        "/nonexistent/dir",
        "/users/{uid}/runs",
        "/models/{name}",
        "/train/loss diverged",
        "/{root}/x",
        "/.dockerenv",
        "/localscratch",  # an unfamiliar root alone: a route as likely as a folder
    ],
)
def test_unfamiliar_root_look_alikes(text):
    assert classify_path(text, bare_ok=True) is None, text


def test_unfamiliar_roots_message_and_keys():
    found = classify_path("/localscratch/ana/cache")
    assert found is not None and found.where == "a machine-specific location (/localscratch)"
    # A key, tag or comparison operand: only a well-known data root makes it a path.
    assert classify_path("/train/loss", known_only=True) is None
    assert classify_path("/home/ana/x", known_only=True).code == "PATH001"
    assert classify_path("/private/tmp/x").code == "PATH004"


def test_unfamiliar_roots_in_python(checker):
    result = checker(
        {"train.py": """\
            import argparse
            import os

            CACHE = "/localscratch/ana/cache"
            TOKENIZED = os.path.join("/storage_fast/jmiller", "tokenized")
            MODEL_DIR = os.environ.get("MODEL_DIR", "/models/embedder")
            parser = argparse.ArgumentParser()
            parser.add_argument("--data-root", default="/egr/research-hlr/ana/corpora")
            parser.add_argument("--ckpt-dir", default=None, help="e.g. /fsx/<user>/checkpoints")
            weights = np.load("/labdata/ana/emb.npy")
            """},
        select=("PATH001",),
    )
    assert _codes(result) == [(4, "PATH001"), (5, "PATH001"), (6, "PATH001"), (8, "PATH001"),
                              (10, "PATH001")]  # fmt: skip
    assert "(/localscratch)" in result.findings[0].message


def test_unfamiliar_roots_look_alikes_in_python(checker):
    result = checker(
        {"serve.py": """\
            import http.client

            import rospy
            import tensorflow as tf
            from fastapi import FastAPI
            from torch.utils.tensorboard import SummaryWriter

            app = FastAPI(root_path="/embedder")
            CHAT_PATH = "/v1/chat/completions"
            HEALTH = "/healthz/ready"
            SECRET = "/run/secrets/hf_token"
            TOPIC = "/camera/depth/image_raw"
            DEFAULT = "/path/to/your/data"
            writer = SummaryWriter()
            writer.add_scalar("/train/loss", 1.0, 0)
            wandb.log({"/train/loss": 1.0, "/val/acc": 2.0})
            sub = rospy.Subscriber("/camera/rgb/image_raw", Image, print)
            speed = rospy.get_param("/robot/max_speed")
            body = tree.xpath("/html/body/div")

            @app.post("/embed/batch")
            def embed(path):
                conn = http.client.HTTPConnection("api.example.com")
                conn.request("GET", "/embed/batch")
                with tf.device("/gpu:0"):
                    pass
                if path == "/embed/batch" or path.startswith("/labdata/"):
                    return path.removeprefix("/embed/batch")
                return requests.post(BASE + "/embed/batch")
            """},
        select=("PATH",),
    )
    assert _codes(result) == []


def test_container_file_systems(checker):
    result = checker(
        {
            "Dockerfile": "FROM python:3.11\nWORKDIR /app\nENV HF_HOME=/models/hf\n"
            "COPY . /workspace\nCMD python /app/serve.py --model-dir /models/embedder\n",
            "docker-compose.yml": """\
                services:
                  embedder:
                    working_dir: /workspace
                    command: python /app/serve.py --data /labdata/x
                    environment:
                      - MODEL_DIR=/models/embedder
                      - HF_HOME=/root/.cache/huggingface
                      - TRACKING=http://10.0.0.5:5000
                    env_file: /home/ana/secrets.env
                    volumes:
                      - /mnt/nas/ckpt:/models
                      - ./data:/data
                      - hf-cache:/root/.cache/huggingface
                      - /egr/lab/ana/datasets:/datasets:ro
                      - /scratch
                      - type: bind
                        source: /data2/ana/embed_cache
                        target: /cache
                volumes:
                  hf-cache:
                """,
            "docker/entrypoint.sh": "#!/bin/sh\nexec python /app/serve.py --model /models/x\n",
            "conf/config.yaml": "defaults:\n  - /model/resnet@encoder\n  - _self_\n"
            "out_dir: /egr/lab/ana/out\n",
        },
        select=("PATH",),
    )
    assert sorted((f.path, f.line, f.rule) for f in result.findings) == [
        ("conf/config.yaml", 4, "PATH001"),
        ("docker-compose.yml", 8, "PATH003"),
        ("docker-compose.yml", 9, "PATH001"),
        ("docker-compose.yml", 11, "PATH001"),
        ("docker-compose.yml", 14, "PATH001"),
        ("docker-compose.yml", 17, "PATH001"),
    ]
    messages = {f.line: f.message for f in result.findings if f.path == "docker-compose.yml"}
    assert messages[11].startswith("'/mnt/nas/ckpt' is")


def test_unfamiliar_roots_in_text(checker):
    result = checker(
        {
            "run.sh": "python train.py --cache /localscratch/$USER/cache\n"
            "awk '/pattern/ {print}' log.txt\n",
            "nb.ipynb": _notebook("!ls /egr/research-bio/ana/structures | head"),
        },
        select=("PATH",),
    )
    assert sorted((f.path, f.line, f.rule) for f in result.findings) == [
        ("nb.ipynb", 1, "PATH001"),
        ("run.sh", 1, "PATH001"),
    ]


def test_one_label_hosts_named_like_cluster_nodes():
    # Without a host-like name, a one-label host counts when it reads as a node's name.
    assert classify_endpoint("triton-gpu-01:8001") is not None
    assert classify_endpoint("gpu-node-07:29500") is not None
    assert classify_endpoint("node07:29500") is None  # as likely a key and a count
    assert classify_endpoint("epoch-10:100") is None  # not a service port
    assert classify_endpoint("cuda:10") is None
    hits = scan_text("tritonclient --url triton-gpu-01:8001")
    assert [(h.code, h.text) for h in hits] == [("PATH003", "triton-gpu-01:8001")]


def test_kubernetes_manifests_and_metric_names(checker):
    result = checker(
        {
            "k8s/deploy.yaml": """\
                apiVersion: apps/v1
                kind: Deployment
                spec:
                  template:
                    spec:
                      containers:
                        - name: serve
                          command: ["python", "/app/serve.py", "--model", "/models/x"]
                          env:
                            - name: TRACKING
                              value: http://10.0.0.5:5000
                          volumeMounts:
                            - mountPath: /models
                              name: m
                      volumes:
                        - name: m
                          hostPath:
                            path: /labdata/models
                """,
            "train.yaml": "monitor: /val/loss\ntags: [/train/loss]\nckpt: /labdata/ana/ckpt\n",
            "train.py": 's3_key = "/bucket/prefix/obj"\nckpt_tag = "/home/ana/ckpt"\n',
        },
        select=("PATH",),
    )
    assert sorted((f.path, f.line, f.rule) for f in result.findings) == [
        ("k8s/deploy.yaml", 11, "PATH003"),
        ("k8s/deploy.yaml", 18, "PATH001"),
        ("train.py", 2, "PATH001"),
        ("train.yaml", 3, "PATH001"),
    ]
