"""`handoff scaffold --from REPO`: what the migration plan carries from a research repo into the
new package. The bundled example first (every PATH and DEV finding accounted for, nothing
machine-specific copied, its model classes and checkpoint loading listed), then small repos
built in tmp_path for the edge cases. The real check runs every time; nothing is mocked."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from notebooks import code_cell, markdown_cell, notebook

from handoff.api import check
from handoff.scaffold.migration import (
    MigrationError,
    config_overrides,
    plan_migration,
    render_migration_md,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cifar-resnet"
PREFIX = "examples/cifar-resnet/"
# What the example's author had on her machines: none of it may reach the config.
MACHINE_VALUES = (
    "/home/ana",
    "/content/drive",
    "/mnt/nfs",
    "/scratch/ana",
    "10.12.0.4",
    "cuda:0",
    "cuda:1",
    "device_ids",
)


@pytest.fixture(scope="module")
def example():
    """(the check's own result, the migration) for the bundled example, computed once."""
    result = check([EXAMPLE], isolated=True, use_baseline=False, jobs=1)
    return result, plan_migration(EXAMPLE, "cifar_resnet", jobs=1)


def make_repo(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if relpath.endswith(".ipynb") else textwrap.dedent(text))
    return root


def lookup(values: dict, dotted: str):
    node = values
    for part in dotted.split("."):
        assert isinstance(node, dict) and part in node, f"{dotted} missing from {values}"
        node = node[part]
    return node


def where(finding) -> tuple:
    return (finding.path.removeprefix(PREFIX), finding.cell, finding.line, finding.rule)


# --- the bundled example -------------------------------------------------------------------


def test_every_path_and_dev_finding_of_the_example_is_accounted_for(example):
    result, migration = example
    overrides = config_overrides(migration)
    text = render_migration_md(migration)
    by_place = {
        (m.place.path, m.place.cell, m.place.line, m.finding.rule): m for m in migration.findings
    }
    checked = [f for f in result.findings if f.family in ("PATH", "DEV")]
    assert len(checked) == 20  # the example's 12 PATH and 8 DEV findings
    for finding in checked:
        migrated = by_place[where(finding)]
        place = migrated.place
        assert f"`{place}:{finding.column}` **{finding.rule}**" in text, finding
        if finding.rule == "PATH002":  # a directory change becomes no key, but has a fate
            assert migrated.key is None and (migrated.now_lives_in or migrated.left_to_move)
            continue
        key = migration.key(migrated.key)
        assert key is not None and place in key.places, finding
        assert lookup(overrides["values"], key.key) == ("auto" if finding.family == "DEV" else None)
        assert key.env_var in overrides["comments"][key.key]
        assert f"`{key.key}`" in text and f"`{key.env_var}`" in text


def test_every_finding_of_every_family_is_listed_once(example):
    result, migration = example
    assert sorted(where(f) for f in result.findings) == sorted(
        (m.place.path, m.place.cell, m.place.line, m.finding.rule) for m in migration.findings
    )
    assert all(m.now_lives_in or m.left_to_move for m in migration.findings)
    text = render_migration_md(migration)
    listed = text.split("## Every finding", 1)[1]
    assert len(re.findall(r"^- `", listed, flags=re.M)) == len(result.findings)
    for family in ("DEV", "NET", "PATH", "REPRO", "REQ", "SEC", "SEP"):
        assert re.search(rf"^### {family}: .+ \(\d+\)$", listed, flags=re.M), family


def test_the_example_gets_readable_keys_and_no_machine_specific_value(example):
    _, migration = example
    overrides = config_overrides(migration)
    assert overrides["values"] == {
        "paths": {
            "data_root": None,
            "checkpoint_dir": None,
            "checkpoint_path": None,
            "output_dir": None,
        },
        "endpoints": {"tracking_uri": None},
        "device": "auto",
        # 128 is the example's training batch size: described, not carried.
        "secrets": {
            "hf_token": "CIFAR_RESNET_HF_TOKEN",
            "wandb_api_key": "CIFAR_RESNET_WANDB_API_KEY",
        },
    }
    assert (
        "128 is the training one, from `--batch-size` default; train.py:69"
        in overrides["comments"]["batch_size"]
    )
    assert overrides["env"]["paths.data_root"] == "CIFAR_RESNET__PATHS__DATA_ROOT"
    assert overrides["env"]["batch_size"] == "CIFAR_RESNET__BATCH_SIZE"
    dumped = json.dumps(overrides)
    for value in MACHINE_VALUES:
        assert value not in dumped, value
    # The key's comment says what the value was and where, never the value itself.
    comment = overrides["comments"]["paths.data_root"]
    assert "a user's home directory" in comment and "train.py:21" in comment
    assert "configs/train.yaml:6" in comment


def write_package_files(root: Path, migration, values: dict) -> None:
    (root / ".git").mkdir(parents=True)
    (root / "config").mkdir()
    (root / "config" / "default.yaml").write_text(yaml.safe_dump(values), encoding="utf-8")
    (root / "MIGRATION.md").write_text(render_migration_md(migration), encoding="utf-8")


def test_the_rendered_config_and_migration_md_pass_handoff_check(example, tmp_path):
    """What scaffold writes from the plan has nothing for handoff to flag: no path, endpoint,
    device or secret came along."""
    _, migration = example
    write_package_files(tmp_path, migration, config_overrides(migration)["values"])
    result = check([tmp_path], isolated=True, jobs=1)
    assert result.files == 2 and result.findings == []


def test_the_secret_names_in_the_config_pass_handoff_check(example, tmp_path):
    """`secrets:` maps each name to its environment variable: SEC001 sees a variable's name
    under a credential-like key (a reference), not a secret's name standing as a value.
    The old list of names (`secrets: [hf_token, wandb_api_key]`) was flagged."""
    _, migration = example
    secrets = config_overrides(migration)["values"]["secrets"]
    write_package_files(tmp_path, migration, {"secrets": secrets})
    assert check([tmp_path], isolated=True, jobs=1).findings == []
    write_package_files(tmp_path / "old", migration, {"secrets": list(secrets)})
    old = check([tmp_path / "old"], isolated=True, jobs=1).findings
    assert [f.rule for f in old] == ["SEC001"]


def test_the_example_secrets_never_appear_in_full(example):
    result, migration = example
    text = render_migration_md(migration) + json.dumps(config_overrides(migration))
    secret_lines = [
        (EXAMPLE / f.path.removeprefix(PREFIX)).read_text(encoding="utf-8")
        for f in result.findings
        if f.family == "SEC"
    ]
    tokens = {
        t for line in secret_lines for t in re.findall(r"\b(?:hf_\w{20,}|[0-9a-f]{40})\b", line)
    }
    assert len(tokens) == 2  # the Hugging Face token and the W&B key the example commits
    for token in tokens:
        assert token not in text
    assert "`CIFAR_RESNET_HF_TOKEN`" in text and "`CIFAR_RESNET_WANDB_API_KEY`" in text


def test_the_example_model_classes_and_checkpoint_loading_are_listed(example):
    _, migration = example
    classes = {c.name: c for c in migration.model_classes}
    assert set(classes) == {"BasicBlock", "ResNet18"}
    resnet = classes["ResNet18"]
    assert resnet.target == "models:ResNet18" and not resnet.part
    assert [str(p) for p in resnet.init_params] == ["num_classes: int = 10"]
    assert classes["BasicBlock"].part  # built by ResNet18: a block, not the model
    assert migration.suggested_model is resnet
    loads = {(c.call, str(c.place)) for c in migration.checkpoint_loads}
    assert {
        ("torch.load", "train.py:57"),
        (".load_state_dict()", "train.py:58"),
        ("torch.load", "notebooks/explore.ipynb:cell_5:2"),
        (".load_state_dict()", "notebooks/explore.ipynb:cell_5:2"),
    } == loads
    text = render_migration_md(migration)
    assert "--model models:ResNet18 --weights CHECKPOINT.pt" in text
    assert "| `models:ResNet18` | `models.py:26` | `nn.Module` | `num_classes: int = 10` |" in text


# --- small repos: naming, duplicates, notebooks, edge cases --------------------------------


def test_names_come_from_what_holds_the_value(tmp_path):
    repo = make_repo(
        tmp_path,
        {
            "run.py": """\
            import argparse
            import os
            from pathlib import Path

            import mlflow

            MODEL_HOME = os.getenv("MODEL_DIR", "/home/ana/models")
            OUT = Path("/scratch/ana/out") / "run1"
            SETTINGS = {"weights": "/mnt/nfs/ana/best.pt"}
            mlflow.set_tracking_uri("http://mlflow.internal:5000")


            def export(log_dir="/lustre/ana/logs"):
                return log_dir


            parser = argparse.ArgumentParser()
            parser.add_argument("--cache", default="/tmp/ana-cache")
            os.makedirs("/tmp/ana_run", exist_ok=True)
            """,
            "job.sh": "srun python run.py data.root=/datasets01/imagenet/061417\n",
        },
    )
    migration = plan_migration(repo, "pkg", jobs=1)
    assert [k.key for k in migration.keys] == [
        "paths.data_root",  # a Hydra override on the job's command line
        "paths.model_dir",
        "paths.out_dir",
        "paths.weights_path",
        "paths.log_dir",
        "paths.cache",
        "paths.run_dir",  # named by the value alone, without its owner's name (ana)
        "endpoints.tracking_uri",
    ]
    assert migration.key("paths.cache").replaces == "a fixed /tmp path (`--cache`)"
    assert migration.key("endpoints.tracking_uri").env_var == "PKG__ENDPOINTS__TRACKING_URI"


def test_generic_keywords_are_named_by_what_is_called(tmp_path):
    repo = make_repo(
        tmp_path,
        {
            "serve.py": """\
            from dataclasses import dataclass, field

            import wandb
            from redis import Redis

            INT8_CACHE = "/mnt/nfs/ana/int8.cache"
            cache = Redis(host="10.0.0.7", port=6379)
            wandb.init(dir="/scratch/ana/wandb")


            @dataclass
            class Args:
                checkpoint: str = field(default="/home/ana/ckpt/last.pt")
            """,
        },
    )
    migration = plan_migration(repo, "pkg", jobs=1)
    assert [k.key for k in migration.keys] == [
        "paths.int8_cache",
        "paths.wandb_dir",
        "paths.checkpoint_path",
        "endpoints.redis_host",
    ]


def test_config_files_and_manifests(tmp_path):
    repo = make_repo(
        tmp_path,
        {
            "conf/job.yaml": "job:\n  command: python train.py --data /home/ana/data --seed 1\n",
            "pyproject.toml": """\
            [project]
            name = "research"
            version = "0.1"

            [tool.poetry.dependencies]
            utils = { path = "/home/ana/code/utils", develop = true }

            [tool.pytest.ini_options]
            cache_dir = "/tmp/pytest_cache_ana"

            [tool.research]
            data_root = "/data/imagenet"
            """,
            "requirements.txt": "-e /home/ana/code/utils\n",
        },
    )
    migration = plan_migration(repo, "pkg", jobs=1)
    assert [k.key for k in migration.keys] == ["paths.data_dir", "paths.data_root"]
    fates = {
        (m.place.path, m.place.line): (m.key, m.now_lives_in or "", m.left_to_move or "")
        for m in migration.findings
        if m.finding.family == "PATH"
    }
    assert fates[("pyproject.toml", 12)][0] == "paths.data_root"
    assert "publish it to an index" in fates[("pyproject.toml", 6)][2]
    assert "publish it to an index" in fates[("requirements.txt", 1)][2]
    assert "own tooling" in fates[("pyproject.toml", 9)][1]


def test_duplicate_names_merge_only_when_they_are_the_same_setting(tmp_path):
    repo = make_repo(
        tmp_path,
        {
            "a.py": """\
            import torch

            DATA_DIR = "/home/ana/data"
            first = torch.load("/home/ana/ckpt/a.pt", weights_only=True)
            again = torch.load("/home/ana/ckpt/a.pt", weights_only=True)
            """,
            "b.py": """\
            import torch

            data_dir = "/mnt/nfs/shared/data"
            other = torch.load("/mnt/nfs/ckpt/b.pt", weights_only=True)
            """,
        },
    )
    migration = plan_migration(repo, "pkg", jobs=1)
    keys = {k.key: k for k in migration.keys}
    # DATA_DIR and data_dir: the author's own name twice, one setting.
    assert [str(p) for p in keys["paths.data_dir"].places] == ["a.py:3", "b.py:3"]
    # Two checkpoints named only by torch.load: one key per distinct value.
    assert [str(p) for p in keys["paths.checkpoint_path"].places] == ["a.py:4", "a.py:5"]
    assert [str(p) for p in keys["paths.checkpoint_path_2"].places] == ["b.py:4"]
    assert len({k.env_var for k in migration.keys}) == len(migration.keys)


def test_notebook_findings_keep_their_cells(tmp_path):
    cells = [
        markdown_cell("# Try the model"),
        code_cell("import torch\nfrom torch import nn\n\nDATA = '/content/drive/MyDrive/data/x'\n"),
        code_cell("%cd /content/drive/MyDrive/project\n!python eval.py --results /scratch/ana/res"),
        code_cell(
            "class Net(nn.Module):\n    def __init__(self, width=8):\n"
            "        super().__init__()\n        self.fc = nn.Linear(width, 2)\n"
            "\nnet = Net().to('cuda:1')\nnet.load_state_dict(torch.load('w.pt', weights_only=True))"
        ),
    ]
    repo = make_repo(tmp_path, {"explore.ipynb": notebook(*cells)})
    migration = plan_migration(repo, "pkg", jobs=1)
    keys = {k.key: [str(p) for p in k.places] for k in migration.keys}
    assert keys == {
        "paths.data_dir": ["explore.ipynb:cell_2:4"],
        "paths.results_dir": ["explore.ipynb:cell_3:2"],
        "device": ["explore.ipynb:cell_4:6"],
    }
    (net,) = migration.model_classes
    assert (net.name, str(net.place), net.module, net.target) == (
        "Net",
        "explore.ipynb:cell_4:1",
        None,
        None,
    )
    assert migration.suggested_model is None  # a notebook class must move to a module first
    assert [str(c.place) for c in migration.checkpoint_loads] == ["explore.ipynb:cell_4:7"] * 2
    text = render_migration_md(migration)
    assert "`explore.ipynb:cell_3:1:5` **PATH002**" in text
    assert "--model module:Class" in text


def test_batch_sizes_prefer_the_inference_one(tmp_path):
    repo = make_repo(
        tmp_path,
        {
            "train.py": """\
            import argparse
            from torch.utils.data import DataLoader

            BATCH_SIZE = 256
            parser = argparse.ArgumentParser()
            parser.add_argument("--eval-batch-size", type=int, default=64)
            loader = DataLoader([], batch_size=32)
            """,
        },
    )
    migration = plan_migration(repo, "pkg", jobs=1)
    (key,) = migration.keys
    assert (key.key, key.value, key.env_var) == ("batch_size", 64, "PKG__BATCH_SIZE")
    assert [str(p) for p in key.places] == ["train.py:4", "train.py:6", "train.py:7"]
    assert "64 is the inference one, from `--eval-batch-size` default" in key.replaces
    # An inference batch size is the research's own serving choice: the config carries it.
    overrides = config_overrides(migration)
    assert key.carried and overrides["values"] == {"batch_size": 64}
    assert "its inference batch size, 64" in overrides["comments"]["batch_size"]
    assert "| `batch_size` | `PKG__BATCH_SIZE` | `64` |" in render_migration_md(migration)


def test_model_classes_through_local_and_imported_bases(tmp_path):
    repo = make_repo(
        tmp_path,
        {
            "models/base.py": """\
            import pytorch_lightning as pl

            class Base(pl.LightningModule):
                pass

            class Classifier(Base):
                def __init__(self, hidden: int, *layers, ckpt="/home/ana/init.pt", **extra):
                    super().__init__()
            """,
            "models/heads.py": """\
            from models.base import Base

            class Head(Base):
                pass

            class NotAModel(dict):
                pass
            """,
            "settings.py": """\
            class Base(dict):  # its own Base, not the model base of models/base.py
                pass

            class Settings(Base):
                pass
            """,
        },
    )
    migration = plan_migration(repo, "pkg", jobs=1)
    classes = {c.name: c for c in migration.model_classes}
    assert set(classes) == {"Base", "Classifier", "Head"}
    assert classes["Head"].target == "models.heads:Head"
    assert classes["Head"].init_params is None  # inherited
    params = [str(p) for p in classes["Classifier"].init_params]
    assert params == [
        "hidden: int",
        "*layers",
        "ckpt=<machine-specific: set from config>",
        "**extra",
    ]


def test_a_repo_with_no_findings_plans_nothing(tmp_path):
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": """\
            [project]
            name = "clean"
            version = "1.0"
            requires-python = ">=3.10"
            dependencies = []

            [tool.black]
            """,
            "clean.py": "def add(a, b):\n    return a + b\n",
        },
    )
    assert check([repo], isolated=True, jobs=1).findings == []
    migration = plan_migration(repo, "pkg", jobs=1)
    assert (migration.keys, migration.findings, migration.secrets) == ((), (), ())
    assert config_overrides(migration) == {"values": {}, "comments": {}, "env": {}}
    text = render_migration_md(migration)
    assert "The checks found nothing in the research repo." in text
    assert "Nothing in the research repo became a config key." in text


def test_an_unparsable_file_is_listed_and_the_rest_is_carried(tmp_path):
    repo = make_repo(
        tmp_path,
        {
            "broken.py": 'DATA = "/home/ana/data"\ndef f(:\n',
            "not_json.ipynb": '{"cells": [',
            "ok.py": 'RESULTS = "/home/ana/results"\n',
        },
    )
    migration = plan_migration(repo, "pkg", jobs=1)
    assert [k.key for k in migration.keys] == ["paths.results_dir"]
    broken = {m.place.path: m for m in migration.findings if m.finding.rule == "HO001"}
    assert set(broken) == {"broken.py", "not_json.ipynb"}
    assert all("could not parse" in m.left_to_move for m in broken.values())
    assert [n.split(":")[0] for n in migration.notes] == ["not_json.ipynb"]
    text = render_migration_md(migration)
    assert text.count("**HO001**") == 2 and "## Notes" in text


def test_a_repo_that_is_not_a_folder_is_a_clear_error(tmp_path):
    with pytest.raises(MigrationError, match="research repo's folder"):
        plan_migration(tmp_path / "missing", "pkg")
