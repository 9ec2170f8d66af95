"""No output ever prints a secret in full: secrets seeded in Python, a notebook's code and
outputs, .env, YAML, a key file and a service-account file, checked through the CLI in every
report format, and in the baseline file.

The secrets are generated fakes in real formats, not live credentials.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handoff.cli import app
from handoff.reports import FORMATS

HF = "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"
OPENAI = "sk-proj-rTGWk7CTK4E612x366hWgzQkJwatCHapSO4mnB911v5fZvcu"
AWS_ID = "AKIAR28NYOJGKJB9XUBM"
WANDB = "c2aaac70110f806833a3d84d0ed81afb47a45d7f"
GITHUB = "ghp_GEZQLM5rxUZLPu0tBUCM2nxXqXeNyv2DnLkk"
GENERIC = "IK0teZ7uTMfIU5X7LWqF3E30"
PASSWORD = "gu8BOjIdmU&YZ9"
URL_PASSWORD = "qrYcmCdiGbX4"
YAML_PASSWORD = "RiJMEi-9pCUMpSs"
ENV_SECRET = "uASkihKEmQrYTQqT"
PEM_LINE = "MIIEpAIBAAKCAQEA74xNrYtCTkqUnProIp4RrShZqsSzku2xmLvlpDU9fCmBlINz"
PEM_LINE_2 = "cC5EfmzVPWMwX1Wk3N5ba7nfgeFpntMigTO/Zq3QT2x7Ubl+SbgEbsL0AhoQPHD3"
KAGGLE = "59d165ceb106295dcbc4d989f641aa2b"
SECRETS = [
    HF, OPENAI, AWS_ID, WANDB, GITHUB, GENERIC, PASSWORD, URL_PASSWORD, YAML_PASSWORD,
    ENV_SECRET, PEM_LINE, PEM_LINE_2, KAGGLE,
]  # fmt: skip


def _notebook() -> str:
    cells = [
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            # the code line and the output line share a line number inside the cell
            "source": [f'token = "{GITHUB}"\n', "print(os.environ['HF_TOKEN'])"],
            "outputs": [{"output_type": "stream", "name": "stdout", "text": [f"{HF}\n"]}],
        },
        {
            "cell_type": "code",
            "execution_count": 2,
            "metadata": {},
            "source": ["import wandb\n", f'wandb.login(key="{WANDB}")'],
            "outputs": [],
        },
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _seed(root: Path) -> None:
    files = {
        # two secrets on one line, one generic and one with a known format
        "train.py": (
            "import os\n"
            f'CREDS = {{"password": "{PASSWORD}", "openai": "{OPENAI}"}}\n'
            f'API_TOKEN = "{GENERIC}"\n'
            f'DB = "postgresql://ml:{URL_PASSWORD}@db.internal/runs"\n'
        ),
        # a syntax error (HO001) shows its line, which holds a key another rule found
        "broken.py": f"def predict(x:  # {AWS_ID}\n    return x\n",
        "explore.ipynb": _notebook(),
        ".env": f"SECRET_KEY={ENV_SECRET}\nAWS_ACCESS_KEY_ID={AWS_ID}\n",
        "config.yaml": f"db:\n  password: {YAML_PASSWORD}\n",
        "deploy/id_rsa": (
            "-----BEGIN RSA " + f"PRIVATE KEY-----\n{PEM_LINE}\n{PEM_LINE_2}\n"
            "-----END RSA " + "PRIVATE KEY-----\n"
        ),
        "kaggle.json": json.dumps({"username": "ana", "key": KAGGLE}),
    }
    (root / ".git").mkdir()
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _assert_masked(text: str, where: str) -> None:
    # Whitespace is dropped so that a secret wrapped across lines is still caught.
    flat = re.sub(r"\s+", "", text)
    leaked = [s for s in SECRETS if s in text or s in flat]
    assert not leaked, f"{where} shows secrets in full: {leaked}"


def _formats() -> list:
    params = []
    for name in FORMATS:
        module = f"handoff.reports.{name}"
        missing = name != "console" and importlib.util.find_spec(module) is None
        params.append(
            pytest.param(
                name,
                marks=pytest.mark.skipif(missing, reason=f"{module} is not written yet"),
            )
        )
    return params


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path) -> Path:
    _seed(tmp_path)
    return tmp_path


@pytest.mark.parametrize("output_format", _formats())
def test_no_format_prints_a_secret(repo: Path, output_format: str):
    result = CliRunner().invoke(
        app,
        ["check", str(repo), "--isolated", "--format", output_format, "--jobs", "1"],
        env={"COLUMNS": "80", "NO_COLOR": "1"},
    )
    assert result.exit_code == 1, result.output
    output = result.output
    # Every seeded secret was found, so the test shows masking rather than silence.
    assert output.count("SEC00") >= len(SECRETS) - 1, output
    _assert_masked(output, output_format)


@pytest.mark.parametrize("output_format", _formats())
def test_report_file_masks_secrets(repo: Path, tmp_path_factory, output_format: str):
    target = tmp_path_factory.mktemp("out") / f"report.{output_format}"
    CliRunner().invoke(
        app,
        ["check", str(repo), "--isolated", "-f", output_format, "-o", str(target), "-j", "1"],
    )
    _assert_masked(target.read_text(encoding="utf-8"), f"{output_format} report file")


def test_every_seeded_secret_is_found(repo: Path):
    from handoff.api import check  # pylint: disable=import-outside-toplevel

    result = check([repo], isolated=True, jobs=1)
    found = {(f.path, f.rule) for f in result.findings if f.rule.startswith("SEC")}
    assert {
        ("train.py", "SEC001"),
        ("train.py", "SEC002"),
        ("train.py", "SEC004"),
        ("explore.ipynb", "SEC002"),
        (".env", "SEC005"),
        (".env", "SEC002"),
        ("config.yaml", "SEC001"),
        ("deploy/id_rsa", "SEC003"),
        ("kaggle.json", "SEC005"),
    } <= found


def test_baseline_never_holds_a_secret(repo: Path):
    target = repo / "baseline.json"
    result = CliRunner().invoke(app, ["baseline", str(repo), "--isolated", "--output", str(target)])
    assert result.exit_code == 0, result.output
    _assert_masked(target.read_text(encoding="utf-8"), "the baseline")
