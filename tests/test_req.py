"""REQ: dependency manifests, on real files in every manifest format and awkward syntax."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from typer.testing import CliRunner

from handoff.api import Overrides, check
from handoff.checks.req.advisories import LocalAdvisories, cvss3_base_score, match
from handoff.checks.req.pip_commands import parse_pip_install
from handoff.checks.req.versions import compatible
from handoff.cli import app
from handoff.findings import Severity

EXAMPLE = Path(__file__).parents[1] / "examples" / "cifar-resnet"


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / ".git").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def found(root: Path, select: str = "REQ", **options) -> list[tuple]:
    overrides = Overrides(
        select=(select,),
        rule_options=tuple(("REQ008", k.replace("_", "-"), v) for k, v in options.items()),
    )
    result = check([root], isolated=True, overrides=overrides, jobs=1)
    assert not result.errors, result.errors
    return sorted((f.rule, f.path, f.cell, f.line, f.severity.value) for f in result.findings)


def findings_of(root: Path, select: str = "REQ", **options):
    overrides = Overrides(
        select=(select,),
        rule_options=tuple(("REQ008", k.replace("_", "-"), v) for k, v in options.items()),
    )
    return check([root], isolated=True, overrides=overrides, jobs=1).findings


# --- REQ001 / REQ005 ----------------------------------------------------------------------


def test_code_without_any_manifest_is_one_finding_at_the_root(tmp_path):
    root = project(tmp_path, {"train.py": "import os\n", "nb/a.py": "x = 1\n"})
    assert [f for f in found(root) if f[0] == "REQ001"] == [("REQ001", ".", None, 1, "high")]


@pytest.mark.parametrize(
    "files",
    [
        {"requirements.txt": "numpy==1.26.4\n"},
        {"pyproject.toml": '[project]\nname = "x"\nversion = "1"\n'},
        {"environment.yml": "dependencies:\n  - numpy=1.26.4\n"},
    ],
)
def test_any_manifest_silences_req001(tmp_path, files):
    root = project(tmp_path, {"train.py": "import os\n", **files})
    assert not [f for f in found(root) if f[0] == "REQ001"]


@pytest.mark.parametrize(
    "files, stated",
    [
        ({"requirements.txt": "numpy==1.26.4\n"}, False),
        ({"Dockerfile": "FROM ubuntu\nRUN apt-get update\n"}, False),
        ({"Dockerfile": "FROM python:latest\n"}, False),
        ({".python-version": "3.11\n"}, True),
        ({"Dockerfile": "FROM --platform=linux/amd64 python:3.11-slim AS base\n"}, True),
        ({"environment.yml": "dependencies:\n  - python=3.10\n"}, True),
        (
            {
                "pyproject.toml": '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.10"\n'
            },
            True,
        ),
        ({"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.10"\n'}, True),
    ],
)
def test_python_version_stated(tmp_path, files, stated):
    root = project(tmp_path, {"train.py": "import os\n", **files})
    hits = [f for f in found(root, "REQ005")]
    assert hits == ([] if stated else [("REQ005", ".", None, 1, "low")])


# --- REQ002 -------------------------------------------------------------------------------


def test_requirements_file_with_includes_markers_hashes_extras_and_vcs(tmp_path):
    root = project(
        tmp_path,
        {
            "requirements.txt": (
                "-r base.txt\n"  # 1: never reported here; base.txt's lines are
                "-c constraints.txt\n"  # 2
                "torch\n"  # 3 none -> high
                "numpy>=1.24 ; python_version >= '3.10'\n"  # 4 range -> medium
                "ftfy\n"  # 5 pinned by constraints.txt
                "requests[socks]==2.32.3 \\\n"  # 6 pinned, continued with a hash
                "    --hash=sha256:" + "a" * 64 + "\n"
                "git+https://github.com/org/repo.git@master#egg=repo\n"  # 8 branch
                "git+https://github.com/org/lib.git@" + "b" * 40 + "#egg=lib\n"  # 9 commit
                "git+https://github.com/org/tool.git@v1.2.0#egg=tool\n"  # 10 tag
                "pandas==2.*\n"  # 11 range
                "-e .\n"  # 12 the project itself
                "scipy===1.13.1\n"  # 13 pinned
            ),
            "base.txt": "pyyaml\nrich==13.7.1\n",
            "constraints.txt": "ftfy==6.2.0\nnever-declared>=1\n",
        },
    )
    assert [f for f in found(root, "REQ002")] == [
        ("REQ002", "base.txt", None, 1, "high"),
        ("REQ002", "requirements.txt", None, 3, "high"),
        ("REQ002", "requirements.txt", None, 4, "medium"),
        ("REQ002", "requirements.txt", None, 8, "high"),
        ("REQ002", "requirements.txt", None, 11, "medium"),
    ]


def test_a_200_line_requirements_file_is_reported_line_accurately(tmp_path):
    lines, expected = [], []
    for number in range(1, 201):
        if number % 10 == 0:
            lines.append(f"# comment {number}")
        elif number % 7 == 0:
            lines.append(f"package-{number}")
            expected.append(("REQ002", "requirements.txt", None, number, "high"))
        elif number % 13 == 0:
            lines.append(f"package-{number}>={number}.0")
            expected.append(("REQ002", "requirements.txt", None, number, "medium"))
        else:
            lines.append(f"package-{number}=={number}.0.1")
    root = project(tmp_path, {"requirements.txt": "\n".join(lines) + "\n"})
    assert found(root, "REQ002") == expected


def test_poetry_caret_tilde_star_and_git_branch_without_a_lock(tmp_path):
    root = project(
        tmp_path,
        {
            "pyproject.toml": (
                "[tool.poetry]\n"  # 1
                'name = "gnn"\n'
                'version = "0.1.0"\n'
                "\n"
                "[tool.poetry.dependencies]\n"  # 5
                'python = "^3.10"\n'
                'torch = "^2.1"\n'  # 7 range
                'numpy = "~1.26"\n'  # 8 range
                'scipy = "*"\n'  # 9 none
                'rich = "13.7.1"\n'  # 10 exact
                'ogb = { git = "https://github.com/snap-stanford/ogb.git", branch = "master" }\n'
                'pyg = { git = "https://github.com/pyg-team/pyg.git", rev = "' + "c" * 40 + '" }\n'
            )
        },
    )
    assert found(root, "REQ002") == [
        ("REQ002", "pyproject.toml", None, 7, "medium"),
        ("REQ002", "pyproject.toml", None, 8, "medium"),
        ("REQ002", "pyproject.toml", None, 9, "high"),
        ("REQ002", "pyproject.toml", None, 11, "high"),
    ]


def test_a_lock_file_in_the_folder_or_above_covers_ranges(tmp_path):
    lock = '[[package]]\nname = "numpy"\nversion = "1.26.4"\n'
    pyproject = (
        '[project]\nname = "lib"\nversion = "1"\ndependencies = ["numpy>=1.24", "rich>=13"]\n'
    )
    root = project(
        tmp_path,
        {
            "lib/pyproject.toml": pyproject,
            "lib/uv.lock": lock,
            "other/pyproject.toml": pyproject.replace('"lib"', '"other"'),
        },
    )
    assert found(root, "REQ002") == [
        ("REQ002", "lib/pyproject.toml", None, 4, "medium"),  # rich: not in the lock
        ("REQ002", "other/pyproject.toml", None, 4, "medium"),
        ("REQ002", "other/pyproject.toml", None, 4, "medium"),
    ]


def test_requirements_in_next_to_its_hashed_compiled_output(tmp_path):
    compiled = "".join(
        f"{name}=={version} \\\n    --hash=sha256:{'d' * 64}\n"
        for name, version in (("httpx", "0.27.0"), ("jinja2", "3.1.4"))
    )
    root = project(
        tmp_path, {"requirements.in": "httpx\njinja2>=3\n", "requirements.txt": compiled}
    )
    assert found(root, "REQ002") == []


def test_conda_environment_specs_and_pip_list(tmp_path):
    root = project(
        tmp_path,
        {
            "environment.yml": (
                "name: clip\n"
                "channels:\n"
                "  - pytorch\n"
                "dependencies:\n"
                "  - python=3.10\n"  # 5: not a dependency
                "  - numpy\n"  # 6 none
                "  - scipy>=1.20\n"  # 7 range
                "  - pandas=2.2.2\n"  # 8 exact
                "  - pytorch::pytorch=2.1.2=py3.10_cuda11.8_cudnn8.7.0_0\n"  # 9 exact
                "  - pytorch-cuda=11.8\n"  # 10 range (11.8.*)
                "  - pip\n"  # 11 none
                "  - pip:\n"
                "      - open-clip-torch==2.23.0\n"  # 13 exact
                "      - webdataset>=0.2\n"  # 14 range
                "      - git+https://github.com/openai/CLIP.git#egg=clip\n"  # 15 none
            )
        },
    )
    assert found(root, "REQ002") == [
        ("REQ002", "environment.yml", None, 6, "high"),
        ("REQ002", "environment.yml", None, 7, "medium"),
        ("REQ002", "environment.yml", None, 10, "medium"),
        ("REQ002", "environment.yml", None, 11, "high"),
        ("REQ002", "environment.yml", None, 14, "medium"),
        ("REQ002", "environment.yml", None, 15, "high"),
    ]


def test_pipfile_setup_cfg_and_literal_setup_py(tmp_path):
    root = project(
        tmp_path,
        {
            "a/Pipfile": '[packages]\nlightgbm = "*"\npandas = "==2.2.2"\n',
            "b/setup.cfg": (
                "[metadata]\nname = b\n\n[options]\ninstall_requires =\n"
                "    librosa>=0.10\n    soundfile==0.12.1\n"
            ),
            "c/setup.py": (
                "from setuptools import setup\n\nsetup(\n    name='c',\n"
                "    install_requires=[\n        'timm',\n        'torch==2.3.1',\n    ],\n)\n"
            ),
        },
    )
    assert found(root, "REQ002") == [
        ("REQ002", "a/Pipfile", None, 2, "high"),
        ("REQ002", "b/setup.cfg", None, 6, "medium"),
        ("REQ002", "c/setup.py", None, 6, "high"),
    ]


# --- REQ003 -------------------------------------------------------------------------------


def test_undeclared_imports_first_import_only_with_the_curated_map(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# import polars"]},
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
                "source": ["!pip install polars\n", "import os\n", "import polars as pl\n"],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    root = project(
        tmp_path,
        {
            "requirements.txt": "opencv-python-headless==4.10.0.84\nPyYAML==6.0.1\n",
            "a_first.py": (
                "from __future__ import annotations\n"
                "import cv2\n"  # declared (headless)
                "import yaml\n"  # declared (PyYAML)
                "import sklearn.metrics\n"  # 4: scikit-learn undeclared
                "from . import sibling\n"
                "import mypkg.models\n"  # local package
                "import helpers\n"  # local module
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    import pyspark\n"
                "try:\n"
                "    import wandb\n"
                "except (ImportError, RuntimeError):\n"
                "    wandb = None\n"
                "try:\n"
                "    import tqdm\n"  # 16: `except Exception` is not an optional import
                "except ValueError:\n"
                "    pass\n"
            ),
            "b_second.py": "from sklearn import svm\nimport polars\n",
            "c.ipynb": json.dumps(notebook),
            "mypkg/__init__.py": "",
            "mypkg/models.py": "",
            "tools/helpers.py": "",
            "setup.py": "from setuptools import setup\nsetup(name='x', install_requires=[])\n",
        },
    )
    assert found(root, "REQ003") == [
        ("REQ003", "a_first.py", None, 4, "high"),
        ("REQ003", "a_first.py", None, 16, "high"),
        ("REQ003", "b_second.py", None, 2, "high"),
    ]


def test_import_facts_are_recorded_when_req003_is_the_only_rule(tmp_path):
    root = project(tmp_path, {"requirements.txt": "numpy==1.26.4\n", "x.py": "import torch\n"})
    assert found(root, "REQ003") == [("REQ003", "x.py", None, 1, "high")]
    ignored = Overrides(select=("REQ003",))
    (root / "handoff.toml").write_text('[per-file-ignores]\n"x.py" = ["REQ003"]\n')
    result = check([root], overrides=ignored, jobs=1)
    assert not result.findings


def test_notebook_import_is_reported_at_its_cell(tmp_path):
    cells = [
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": ["import os\n"],
        },
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": ["x = 1\n", "import timm\n"],
        },
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    root = project(
        tmp_path, {"requirements.txt": "torch==2.3.1\n", "nb.ipynb": json.dumps(notebook)}
    )
    assert found(root, "REQ003") == [("REQ003", "nb.ipynb", 2, 2, "high")]


# --- REQ004 / REQ006 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "left, right, together",
    [
        ("==2.1.2+cu118", "==2.1.2", True),
        (">=0.2.86", "==0.2.86", True),
        (">=7.4,<8.0", "==7.4.4", True),
        ("<0.29", ">=0.29.1", False),
        ("==0.5.16", ">=1.0", False),
        ("==2.*", "==2.3.1", True),
        ("~=1.3.2", "==1.4.0", False),
        (">1.2,<1.3", ">=1.2.5", True),
    ],
)
def test_specifier_compatibility(left, right, together):
    assert compatible(SpecifierSet(left), SpecifierSet(right)) is together


def test_conflicting_requirements_reported_once_at_the_later_one(tmp_path):
    root = project(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "rl"\nversion = "1"\n'
                'dependencies = ["gymnasium<0.29", "numpy==1.26.4"]\n'
                "[project.optional-dependencies]\n"
                'cpu = ["torch==2.1.0+cpu"]\n'
                'gpu = ["torch==2.2.0"]\n'  # alternatives: extras are not installed together
            ),
            "requirements.txt": "gymnasium>=0.29.1\nnumpy==1.26.4\ntorch==2.1.0 ; sys_platform == 'darwin'\n",
        },
    )
    assert found(root, "REQ004") == [("REQ004", "requirements.txt", None, 1, "medium")]


def test_training_tools_in_inference_manifests(tmp_path):
    root = project(
        tmp_path,
        {
            "requirements-inference.txt": "torch==2.3.1\nwandb==0.17.0\n",
            "requirements-train.txt": "wandb==0.17.0\n",
            "pyproject.toml": (
                '[project]\nname = "x"\nversion = "1"\n[project.optional-dependencies]\n'
                'serve = ["fastapi==0.111.0", "optuna==3.6.1"]\ntrain = ["optuna==3.6.1"]\n'
            ),
        },
    )
    assert found(root, "REQ006") == [
        ("REQ006", "pyproject.toml", None, 5, "low"),
        ("REQ006", "requirements-inference.txt", None, 2, "low"),
    ]


# --- REQ007 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command, unpinned",
    [
        ("pip install -q timm", ["timm"]),
        ("pip install torch==2.3.1 'numpy>=1.24'", ["numpy>=1.24"]),
        ("python -m pip install -U --index-url https://x/simple transformers==4.41.2", []),
        ("pip install -r requirements.txt", None),
        ("pip install -e .", None),
        ("pip uninstall -y timm", None),
        (
            "cd x && pip3 install git+https://github.com/huggingface/diffusers",
            ["git+https://github.com/huggingface/diffusers"],
        ),
        ("pip install {} --quiet", None),
    ],
)
def test_pip_install_commands(command, unpinned):
    parsed = parse_pip_install(command)
    if unpinned is None:
        assert parsed == []
    else:
        assert list(parsed[0].unpinned) == unpinned


def test_runtime_installs_in_notebooks_and_code(tmp_path):
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["!pip install timm"]},
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": ["# !pip install old\n", "!pip install timm\n", "%pip install x==1.0\n"],
        },
        {
            "cell_type": "code",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
            "source": ["%%bash\n", "pip install datasets\n"],
        },
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    root = project(
        tmp_path,
        {
            "nb.ipynb": json.dumps(notebook),
            "boot.py": (
                "import os, subprocess, sys\n"
                "os.system('pip install shap catboost')\n"
                "subprocess.run([sys.executable, '-m', 'pip', 'install', 'jiwer==3.0.4'])\n"
                "print('pip install everything')\n"
            ),
        },
    )
    assert found(root, "REQ007") == [
        ("REQ007", "boot.py", None, 2, "high"),
        ("REQ007", "nb.ipynb", 2, 2, "high"),
        ("REQ007", "nb.ipynb", 3, 2, "high"),
    ]


# --- REQ008: the audit --------------------------------------------------------------------

ADVISORY = {
    "id": "GHSA-h5c8-rqwp-cp95",
    "aliases": ["CVE-2024-22195"],
    "summary": "Jinja vulnerable to HTML attribute injection",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "Jinja2"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.1.3"}]}],
        }
    ],
}


def test_osv_matching_follows_ranges_and_versions():
    assert match(ADVISORY, "jinja2", "3.1.2") is not None
    assert match(ADVISORY, "jinja2", "3.1.3") is None
    two = {
        "id": "X-1",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "lib"},
                "ranges": [
                    {
                        "type": "ECOSYSTEM",
                        "events": [
                            {"introduced": "1.0"},
                            {"fixed": "1.2"},
                            {"introduced": "2.0"},
                            {"last_affected": "2.1"},
                        ],
                    }
                ],
                "versions": ["0.5"],
            }
        ],
    }
    hits = {v: match(two, "lib", v) is not None for v in ("0.5", "0.9", "1.1", "1.2", "2.1", "2.2")}
    assert hits == {"0.5": True, "0.9": False, "1.1": True, "1.2": False, "2.1": True, "2.2": False}
    assert match({**two, "withdrawn": "2024-01-01T00:00:00Z"}, "lib", "1.1") is None


def test_cvss_base_scores():
    assert cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") == 9.8
    assert cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N") == 6.1
    assert cvss3_base_score("not a vector") is None


def _advisories(tmp_path: Path) -> Path:
    directory = tmp_path / "osv"
    directory.mkdir(parents=True)
    (directory / "GHSA-h5c8-rqwp-cp95.json").write_text(json.dumps(ADVISORY))
    (directory / "broken.json").write_text("{not json")
    return directory


def test_local_advisories_report_at_the_manifest_line(tmp_path):
    root = project(tmp_path / "repo", {"requirements.txt": "rich==13.7.1\njinja2==3.1.2\n"})
    findings = findings_of(root, "REQ008", advisories=str(_advisories(tmp_path)))
    assert [(f.path, f.line, f.severity) for f in findings] == [
        ("requirements.txt", 2, Severity.CRITICAL)
    ]
    message = findings[0].message
    assert "GHSA-h5c8-rqwp-cp95" in message and "CVE-2024-22195" in message
    assert "3.1.3" in message and "<3.1.3" in message
    assert LocalAdvisories(_advisories(tmp_path / "again")).unreadable == ["broken.json"]


def test_cli_advisories_uses_no_network(tmp_path, monkeypatch):
    _block_sockets(monkeypatch)
    root = project(tmp_path / "repo", {"requirements.txt": "jinja2==3.1.2\n"})
    result = CliRunner().invoke(
        app,
        [
            "check",
            str(root),
            "--isolated",
            "--select",
            "REQ",
            "--format",
            "json",
            "--no-cache",
            "--advisories",
            str(_advisories(tmp_path)),
        ],
    )
    rules = [f["rule"] for f in json.loads(result.stdout)["findings"]]
    assert "REQ008" in rules and result.exit_code == 1
    missing = CliRunner().invoke(app, ["check", str(root), "--advisories", str(tmp_path / "nope")])
    assert missing.exit_code == 2


class _FakeOsv(BaseHTTPRequestHandler):
    """OSV's /v1/query on 127.0.0.1: the advisory for jinja2 3.1.2, nothing for the rest."""

    queries: list = []

    def do_POST(self):  # noqa: N802  # http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeOsv.queries.append(body)
        hit = body["package"]["name"] == "jinja2" and body["version"] == "3.1.2"
        # OSV names PyPI packages by their canonical name, which pip-audit matches on.
        advisory = json.loads(json.dumps(ADVISORY).replace("Jinja2", "jinja2"))
        payload = json.dumps({"vulns": [advisory]} if hit else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):  # quiet
        pass


def test_audit_through_pip_audit_against_a_local_osv_service(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    server = HTTPServer(("127.0.0.1", 0), _FakeOsv)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/v1/query"
        root = project(
            tmp_path / "repo", {"requirements.txt": "rich==13.7.1\njinja2==3.1.2\ntorch\n"}
        )
        findings = findings_of(root, "REQ008", audit=True, service_url=url)
    finally:
        server.shutdown()
    assert [(f.path, f.line, f.severity) for f in findings] == [
        ("requirements.txt", 2, Severity.HIGH)
    ]
    assert "CVE-2024-22195" in findings[0].message and "3.1.3" in findings[0].message
    assert sorted(q["package"]["name"] for q in _FakeOsv.queries) == ["jinja2", "rich"]


def test_unreachable_service_is_one_finding_and_the_check_stands(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = project(tmp_path / "repo", {"requirements.txt": "jinja2==3.1.2\ntorch\n"})
    findings = findings_of(root, "REQ", audit=True, service_url=f"http://127.0.0.1:{port}/v1/query")
    audit = [f for f in findings if f.rule == "REQ008"]
    assert [(f.path, f.severity) for f in audit] == [(".", Severity.HIGH)]
    assert "could not run" in audit[0].message
    assert any(f.rule == "REQ002" for f in findings)


def _block_sockets(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("handoff opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_no_network_without_audit(monkeypatch):
    _block_sockets(monkeypatch)
    result = check([EXAMPLE], jobs=1)
    assert not result.errors
    assert any(f.rule.startswith("REQ") for f in result.findings)


def test_a_warm_run_audits_again(tmp_path):
    """Advisories change without any file changing: the cache never answers for the audit."""
    root = project(tmp_path / "repo", {"requirements.txt": "jinja2==3.1.2\n"})
    advisories = _advisories(tmp_path)
    args = ["check", str(root), "--isolated", "--select", "REQ008", "-f", "json"]
    args += ["--advisories", str(advisories)]

    def rules():
        out = CliRunner().invoke(app, args)
        return [f["rule"] for f in json.loads(out.stdout)["findings"]]

    assert rules() == ["REQ008"]
    (advisories / "GHSA-h5c8-rqwp-cp95.json").unlink()  # withdrawn from the local database
    assert rules() == []
