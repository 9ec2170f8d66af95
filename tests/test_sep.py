"""The SEP rules on repos in the shapes research code has: a single `train.py` with a predict
flag, a Hugging Face Trainer project, a Lightning project, a notebook that trains and predicts,
a Gradio demo importing the training module, and a clean repo with `train/` and `inference/`
packages. Each is built in tmp_path and checked as a project with the SEP rules only."""

from __future__ import annotations

import textwrap
from pathlib import Path

from notebooks import code_cell, markdown_cell, notebook
from typer.testing import CliRunner

from handoff.api import Overrides, check
from handoff.cli import app


def make_repo(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if not relpath.endswith(".ipynb") else text)
    return root


def sep(root: Path) -> list[tuple]:
    """(rule, path, cell, line) of every SEP finding."""
    result = check([root], isolated=True, overrides=Overrides(select=("SEP",)), jobs=1)
    assert not result.errors, result.errors
    return sorted((f.rule, f.path, f.cell, f.line) for f in result.findings)


def messages(root: Path, code: str) -> list[str]:
    result = check([root], isolated=True, overrides=Overrides(select=(code,)), jobs=1)
    return [f.message for f in result.findings if f.rule == code]


SINGLE_SCRIPT = {
    "train.py": """\
        import argparse

        import torch
        from model import Net


        def train(model, loader, epochs):
            optimizer = torch.optim.Adam(model.parameters())
            for _ in range(epochs):
                for x, y in loader:
                    loss = torch.nn.functional.cross_entropy(model(x), y)
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()


        def evaluate(model, loader):
            with torch.no_grad():
                return sum((model(x).argmax(1) == y).float().mean() for x, y in loader)


        def main():
            parser = argparse.ArgumentParser()
            parser.add_argument("--eval", action="store_true")
            parser.add_argument("--predict", metavar="IMAGE")
            args = parser.parse_args()
            model = Net()
            if args.eval:
                print(evaluate(model, loaders("val")))
            elif args.predict:
                model.load_state_dict(torch.load("best.pt", map_location="cpu"))
                print(model(load_image(args.predict)).argmax(1).item())
            else:
                train(model, loaders("train"), epochs=10)


        if __name__ == "__main__":
            main()
        """,
    "model.py": """\
        import torch


        class Net(torch.nn.Module):
            def forward(self, x):
                return x
        """,
}


def test_single_train_script_with_a_predict_flag(tmp_path):
    root = make_repo(tmp_path, SINGLE_SCRIPT)
    # The predict mode, not the --eval mode (metrics) nor the __main__ branch (dispatch);
    # the only inference is inside the training script, so SEP003 too.
    assert sep(root) == [("SEP001", "train.py", None, 30), ("SEP003", "train.py", None, 1)]
    (message,) = messages(root, "SEP001")
    assert "`--predict` mode" in message and "loss.backward() at line 13" in message
    assert "handoff scaffold" in message


def test_an_eval_flag_alone_is_not_an_entry_point(tmp_path):
    script = SINGLE_SCRIPT["train.py"].replace(
        "    elif args.predict:\n", "    elif args.export:\n"
    )
    root = make_repo(tmp_path, {**SINGLE_SCRIPT, "train.py": script})
    # No inference anywhere but the training script: SEP003, at the training module.
    assert sep(root) == [("SEP003", "train.py", None, 1)]
    (message,) = messages(root, "SEP003")
    assert "loss.backward() in train.py" in message and "handoff scaffold" in message


HF_PROJECT = {
    "train.py": """\
        from datasets import load_dataset
        from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments

        LABELS = ["negative", "positive"]


        def compute_metrics(pred):
            return {"accuracy": (pred.predictions.argmax(-1) == pred.label_ids).mean()}


        if __name__ == "__main__":
            model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
            data = load_dataset("imdb")
            trainer = Trainer(
                model=model,
                args=TrainingArguments("out", num_train_epochs=2),
                train_dataset=data["train"],
                eval_dataset=data["test"],
                compute_metrics=compute_metrics,
            )
            trainer.train()
            print(trainer.predict(data["test"]).metrics)
        """,
    "predict.py": """\
        import sys

        from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer

        from train import LABELS


        def predict(texts):
            tokenizer = AutoTokenizer.from_pretrained("out")
            model = AutoModelForSequenceClassification.from_pretrained("out")
            logits = model(**tokenizer(texts, return_tensors="pt", padding=True)).logits
            return [LABELS[i] for i in logits.argmax(-1).tolist()]


        if __name__ == "__main__":
            print(predict(sys.argv[1:]))
        """,
}


def test_hugging_face_trainer_project(tmp_path):
    root = make_repo(tmp_path, HF_PROJECT)
    # trainer.predict(test) for metrics is not an entry point; predict.py imports the
    # Trainer (line 3) and the training script (line 5).
    assert sep(root) == [("SEP002", "predict.py", None, 3), ("SEP002", "predict.py", None, 5)]
    found = messages(root, "SEP002")
    assert any("`transformers.Trainer`" in m for m in found)
    assert any("the training module `train`" in m for m in found)


LIGHTNING_PROJECT = {
    "seg/model.py": """\
        import lightning as L
        import torch


        class SegModel(L.LightningModule):
            def training_step(self, batch, batch_idx):
                x, y = batch
                return torch.nn.functional.cross_entropy(self(x), y)

            def predict_step(self, batch, batch_idx):
                return self(batch).argmax(1)

            def configure_optimizers(self):
                return torch.optim.AdamW(self.parameters(), lr=1e-3)
        """,
    "seg/train.py": """\
        import lightning as L
        from lightning.pytorch.loggers import TensorBoardLogger

        from seg.model import SegModel

        if __name__ == "__main__":
            trainer = L.Trainer(max_epochs=20, logger=TensorBoardLogger("logs"))
            trainer.fit(SegModel(), datamodule=make_datamodule())
        """,
    "seg/infer.py": """\
        import sys

        import lightning as L
        import torch

        from seg.model import SegModel


        def infer(path):
            model = SegModel.load_from_checkpoint("best.ckpt", map_location="cpu")
            model.eval()
            with torch.no_grad():
                return model(load(path)).argmax(1)


        if __name__ == "__main__":
            print(infer(sys.argv[1]))
        """,
}


def test_lightning_project_is_clean(tmp_path):
    # predict_step is the model's API; `import lightning` is not the Trainer; the model
    # module only defines training_step, so infer.py importing it is fine.
    assert sep(make_repo(tmp_path, LIGHTNING_PROJECT)) == []


def test_lightning_inference_importing_the_trainer(tmp_path):
    infer = LIGHTNING_PROJECT["seg/infer.py"].replace(
        "import lightning as L\n", "from lightning import Trainer\n"
    )
    root = make_repo(tmp_path, {**LIGHTNING_PROJECT, "seg/infer.py": infer})
    assert sep(root) == [("SEP002", "seg/infer.py", None, 3)]


def train_and_try_notebook() -> str:
    return notebook(
        markdown_cell("# Toxic comments: train and try"),
        code_cell("import torch\nfrom model import TextCNN\n"),
        code_cell(
            "model = TextCNN()\nopt = torch.optim.Adam(model.parameters())\n"
            "for x, y in loader:\n"
            "    loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x), y)\n"
            "    loss.backward()\n"
            "    opt.step()\n"
        ),
        markdown_cell("## Try it"),
        code_cell("def predict(text):\n    return model(encode(text)).sigmoid().item()\n"),
        code_cell('predict("you are great")\n'),
    )


def test_notebook_that_trains_and_predicts(tmp_path):
    root = make_repo(tmp_path, {"toxic.ipynb": train_and_try_notebook()})
    # The notebook's predict() (cell 5); the repo has no inference outside the notebook.
    assert sep(root) == [("SEP001", "toxic.ipynb", 5, 1), ("SEP003", "toxic.ipynb", 1, 1)]
    (message,) = messages(root, "SEP001")
    assert "`predict()`" in message and "loss.backward() at cell 3, line 5" in message


def test_top_level_predictions_in_a_notebook_are_not_an_entry_point(tmp_path):
    text = notebook(
        code_cell("import lightgbm as lgb\nbooster = lgb.train(params, train_set)\n"),
        code_cell('preds = booster.predict(test)\npd.DataFrame(preds).to_csv("submission.csv")\n'),
    )
    root = make_repo(tmp_path, {"kaggle.ipynb": text})
    assert sep(root) == [("SEP003", "kaggle.ipynb", 1, 1)]


GRADIO_DEMO = {
    "train.py": """\
        import torch
        import wandb

        from net import PetNet


        def train(loader):
            model, opt = PetNet(), torch.optim.SGD(PetNet().parameters(), lr=0.1)
            for x, y in loader:
                torch.nn.functional.cross_entropy(model(x), y).backward()
                opt.step()
                wandb.log({"loss": 1.0})
            return model
        """,
    "net.py": """\
        import torch


        class PetNet(torch.nn.Module):
            pass
        """,
    "app.py": """\
        import gradio as gr
        import torch

        from train import PetNet


        def classify(image):
            model = PetNet()
            model.load_state_dict(torch.load("pets.pt", map_location="cpu"))
            return model(image).softmax(-1)


        gr.Interface(fn=classify, inputs="image", outputs="label").launch()
        """,
}


def test_gradio_demo_importing_the_training_module(tmp_path):
    root = make_repo(tmp_path, GRADIO_DEMO)
    # The training module imports wandb: that is its business, not a finding.
    assert sep(root) == [("SEP002", "app.py", None, 4)]


def test_import_of_a_repo_module_that_trains_whatever_its_name(tmp_path):
    files = {
        "kws.py": GRADIO_DEMO["train.py"],
        "net.py": GRADIO_DEMO["net.py"],
        "stream_infer.py": "import torch\nfrom kws import PetNet\n",
    }
    root = make_repo(tmp_path, files)
    assert sep(root) == [("SEP002", "stream_infer.py", None, 2)]
    (message,) = messages(root, "SEP002")
    assert "`kws` (kws.py), which trains a model" in message


def test_gradio_demo_that_also_trains(tmp_path):
    app_code = GRADIO_DEMO["app.py"].replace("from train import PetNet\n", "")
    demo = textwrap.dedent(GRADIO_DEMO["train.py"]) + textwrap.dedent(app_code)
    root = make_repo(tmp_path, {"demo.py": demo, "net.py": GRADIO_DEMO["net.py"]})
    # One SEP001 at the demo's function; the module trains, so its imports (wandb) are not
    # SEP002; and with no inference module apart from it, SEP003.
    found = [(rule, path) for rule, path, _, _ in sep(root)]
    assert found == [("SEP001", "demo.py"), ("SEP003", "demo.py")]
    (message,) = messages(root, "SEP001")
    assert "`classify()` (the Gradio demo's function)" in message


CLEAN_REPO = {
    "src/train/__init__.py": "",
    "src/train/loop.py": """\
        import torch
        from torch.utils.tensorboard import SummaryWriter

        from src.common.model import Net


        def fit(model: Net, loader, epochs: int) -> None:
            optimizer = torch.optim.AdamW(model.parameters())
            writer = SummaryWriter()
            for epoch in range(epochs):
                for x, y in loader:
                    loss = model.loss(x, y)
                    loss.backward()
                    optimizer.step()
                writer.add_scalar("loss", loss.item(), epoch)
        """,
    "src/common/__init__.py": "",
    "src/common/model.py": "import torch\n\n\nclass Net(torch.nn.Module):\n    pass\n",
    "src/inference/__init__.py": "",
    "src/inference/predictor.py": """\
        import torch

        from src.common.model import Net


        class Predictor:
            def __init__(self, weights: str):
                self.model = Net()
                self.model.load_state_dict(torch.load(weights, map_location="cpu"))

            def predict(self, x):
                with torch.no_grad():
                    return self.model(x)
        """,
    "src/inference/cli.py": """\
        import sys

        from src.inference.predictor import Predictor


        def main() -> None:
            print(Predictor(sys.argv[1]).predict(sys.argv[2]))
        """,
    "tests/test_train.py": "from src.train.loop import fit\n\n\ndef test_fit():\n    fit\n",
}


def test_clean_repo_with_train_and_inference_packages(tmp_path):
    assert sep(make_repo(tmp_path, CLEAN_REPO)) == []


def test_estimator_classes_and_metadata_helpers_are_not_training_or_entry_points(tmp_path):
    code = """\
        import torch


        class ChurnModel:
            def fit(self, X, y):
                self.clf.fit(X, y)

            def predict(self, X):
                return self.clf.predict(X)


        def infer_schema(frame):
            return dict(frame.dtypes)
        """
    # ChurnModel.fit is the model's API (like a LightningModule's training_step): churn.py
    # is a model module, and predict_cli.py may import it.
    assert sep(make_repo(tmp_path, {"churn.py": code, "predict_cli.py": "import churn\n"})) == []


def test_the_cli_reports_sep_findings_with_the_catalog_fix(tmp_path):
    root = make_repo(tmp_path, SINGLE_SCRIPT)
    result = CliRunner().invoke(app, ["check", str(root), "--select", "SEP", "--format", "json"])
    assert result.exit_code == 0, result.output  # medium: below the default fail-on
    assert '"rule": "SEP001"' in result.output and "own module" in result.output


def test_a_file_that_does_not_parse_is_no_crash(tmp_path):
    root = make_repo(tmp_path, {"predict.py": "def predict(:\n", "train.py": "x.backward()\n"})
    result = check([root], isolated=True, overrides=Overrides(select=("SEP",)), jobs=1)
    assert not result.errors
    # predict.py is no inference module when it does not parse: SEP003 only
    assert {f.rule for f in result.findings} == {"SEP003"}


def test_mode_switches_and_environment_steps_are_not_training(tmp_path):
    code = """\
        def rollout(env, model, scheduler, scaler, X):
            model.train()
            env.step(model.act())
            scheduler.step()
            scaler.fit(X)


        def predict(model, x):
            return model(x)
        """
    # Nothing trains here, and the file is an inference module: SEP001 and SEP003 stay quiet.
    assert sep(make_repo(tmp_path, {"policy.py": code})) == []


def test_less_common_training_steps_are_training(tmp_path):
    steps = {
        "amp": "scaler.scale(loss).backward()\n",
        "amp step": "scaler.step(optimizer)\n",
        "lightning manual": "self.optimizers().step()\n",
        "accelerate": "accelerator.backward(loss)\n",
        "fastai": "learn.fit_one_cycle(5)\n",
        "hf trainer": "Seq2SeqTrainer(model=model).train()\n",
        "xgboost": "import xgboost as xgb\nbooster = xgb.train(params, dtrain)\n",
    }
    for name, step in steps.items():
        root = make_repo(tmp_path / name.replace(" ", "_"), {"train.py": step})
        assert sep(root) == [("SEP003", "train.py", None, 1)], name


def test_a_fastapi_route_in_a_training_module(tmp_path):
    code = """\
        from fastapi import FastAPI

        app = FastAPI()


        @app.on_event("startup")
        def load():
            app.state.model = fit_model()


        @app.post("/score")
        def score(rows: list[float]):
            return {"score": app.state.model.predict([rows]).tolist()}


        def fit_model():
            model = make_model()
            model.fit(*load_data())
            return model
        """
    root = make_repo(tmp_path, {"main.py": code})
    # At the route's def line (not the decorator, not the startup hook).
    assert sep(root) == [("SEP001", "main.py", None, 12), ("SEP003", "main.py", None, 1)]
    (message,) = messages(root, "SEP001")
    assert "the web route `score()`" in message and "model.fit(...) at line 18" in message


def test_an_inference_package_counts_as_a_standalone_entry_point(tmp_path):
    files = {
        "train.py": "def train(loss, opt):\n    loss.backward()\n    opt.step()\n",
        "inference/run.py": "from model import Net\n\n\ndef main():\n    print(Net())\n",
    }
    assert sep(make_repo(tmp_path, files)) == []


def test_a_notebook_with_a_broken_cell_still_locates_its_findings(tmp_path):
    text = notebook(
        code_cell("def broken(:\n"),
        code_cell(
            "def fit(model, loader, opt):\n"
            "    for x, y in loader:\n"
            "        model.loss(x, y).backward()\n"
            "        opt.step()\n"
            "\n"
            "def predict(x):\n"
            "    return model(x)\n"
        ),
    )
    root = make_repo(tmp_path, {"nb.ipynb": text})
    assert ("SEP001", "nb.ipynb", 2, 6) in sep(root)
    (message,) = messages(root, "SEP001")
    assert "model.loss(x, y).backward() at cell 2, line 3" in message
