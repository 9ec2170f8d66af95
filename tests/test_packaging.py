"""The wheel carries the catalog and templates: build it, install it into a fresh venv and run
`handoff rules` from there. The venv reuses this environment's dependencies through a .pth
file, so the test needs no network, while handoff itself comes from the wheel alone."""

import json
import site
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("handoff-*.whl")
    return found


def test_wheel_contains_catalog_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    catalog = {Path(n).name for n in names if n.startswith("handoff/_catalog/")}
    assert {p.name for p in (ROOT / "rules").glob("*.yaml")} <= catalog
    assert "handoff/_templates/package/config/default.yaml.j2" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_runs_handoff_rules(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    (Path(purelib) / "_deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-compile",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    where = subprocess.run(
        [str(python), "-c", "import handoff; print(handoff.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    assert where.startswith(purelib), where
    rules = subprocess.run(
        [str(env_dir / "bin" / "handoff"), "rules", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    codes = {r["code"] for r in json.loads(rules.stdout)}
    assert {"HO001", "HO002", "HO003"} <= codes
    scaffolded = subprocess.run(
        [str(env_dir / "bin" / "handoff"), "scaffold", "demo-inference", "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert scaffolded.returncode == 0, scaffolded.stderr
    assert "would create   src/demo_inference/model.py" in scaffolded.stdout
