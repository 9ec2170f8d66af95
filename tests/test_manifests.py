"""handoff.manifests: every reader on real files in tmp_path, with exact lines."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from packaging.specifiers import SpecifierSet

from handoff.manifests import is_manifest_name, lock_format, read_lock, read_manifest
from handoff.manifests.poetry import poetry_specifier
from handoff.sources import FileKind, classify

SHA = "0123456789abcdef0123456789abcdef01234567"


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def by_name(manifest):
    return {r.name: r for r in manifest.requirements}


# --- requirements files ------------------------------------------------------------------

REQUIREMENTS = f"""\
# full-line comment
--index-url https://pypi.example/simple
--extra-index-url https://extra.example/simple
-f ./wheels
--pre

numpy==1.26.4 \\
    --hash=sha256:aaaa \\
    --hash=sha256:bbbb
pandas>=2.0,<3  # trailing comment
scipy ~= 1.11
torch[cuda]==2.1.* ; sys_platform == "linux"
requests===2.31.0
-e git+https://github.com/org/tool.git@{SHA}#egg=tool
git+https://github.com/org/tagged.git@v1.2.0#egg=tagged
git+https://github.com/org/moving.git@master#egg=moving
git+https://github.com/org/nothing.git#egg=nothing
mylib @ git+https://github.com/org/mylib.git@v1.2
https://download.example/whl/foo-1.0.0-py3-none-any.whl
-e ./local_pkg[dev]
plain
    indented>=1 \\

this is not a requirement!!
--no-binary :all:
"""


def test_requirements_file_lines_specifiers_and_pins(tmp_path):
    manifest = read_manifest(write(tmp_path, "requirements.txt", REQUIREMENTS), tmp_path)
    assert manifest is not None and manifest.format == "requirements"
    reqs = by_name(manifest)
    lines = {name: r.line for name, r in reqs.items()}
    assert lines == {
        "numpy": 7,
        "pandas": 10,
        "scipy": 11,
        "torch": 12,
        "requests": 13,
        "tool": 14,
        "tagged": 15,
        "moving": 16,
        "nothing": 17,
        "mylib": 18,
        "foo": 19,
        None: 20,
        "plain": 21,
        "indented": 22,
    }
    assert reqs["numpy"].pinned and reqs["numpy"].hashes == ("sha256:aaaa", "sha256:bbbb")
    assert reqs["numpy"].end_line == 7 and reqs["numpy"].version == "1.26.4"
    assert reqs["pandas"].specifier == SpecifierSet(">=2.0,<3")
    assert reqs["pandas"].unpinned_kind == "range" and not reqs["pandas"].hashed
    assert reqs["scipy"].unpinned_kind == "range"
    torch = reqs["torch"]
    assert torch.unpinned_kind == "range" and torch.extras == ("cuda",)
    assert str(torch.marker) == 'sys_platform == "linux"'
    assert reqs["requests"].pinned and reqs["requests"].version == "2.31.0"
    tool = reqs["tool"]
    assert tool.editable and tool.kind == "vcs" and tool.vcs == "git"
    assert tool.vcs_ref == SHA and tool.vcs_ref_immutable and tool.pinned
    assert tool.column == 4  # after `-e `
    assert reqs["tagged"].vcs_ref_kind == "tag" and reqs["tagged"].pinned
    assert not reqs["tagged"].vcs_ref_immutable
    assert reqs["moving"].vcs_ref_kind == "branch" and reqs["moving"].unpinned_kind == "none"
    assert reqs["nothing"].vcs_ref is None and reqs["nothing"].unpinned_kind == "none"
    assert reqs["mylib"].written_name == "mylib" and reqs["mylib"].vcs_ref == "v1.2"
    assert reqs["mylib"].pinned
    assert reqs["foo"].kind == "url" and reqs["foo"].pinned and reqs["foo"].version == "1.0.0"
    local = reqs[None]
    assert local.kind == "path" and local.editable and local.extras == ("dev",)
    assert local.pin == "local" and not local.pinned and local.unpinned_kind is None
    assert reqs["plain"].unpinned_kind == "none" and reqs["plain"].specifier is None
    assert reqs["indented"].column == 5
    assert [(p.line, p.kind) for p in manifest.problems] == [(24, "syntax")]
    assert [(o.line, o.name, o.value) for o in manifest.options] == [
        (2, "--index-url", "https://pypi.example/simple"),
        (3, "--extra-index-url", "https://extra.example/simple"),
        (4, "--find-links", "./wheels"),
        (5, "--pre", None),
        (25, "--no-binary", ":all:"),
    ]


def test_crlf_and_continuation_keep_the_first_physical_line(tmp_path):
    text = "# c\r\nalpha==1.0\r\nbeta \\\r\n  >=2 \\\r\n  ; python_version < '3.12'\r\ngamma\r\n"
    manifest = read_manifest(write(tmp_path, "requirements.txt", text), tmp_path)
    reqs = by_name(manifest)
    assert {n: r.line for n, r in reqs.items()} == {"alpha": 2, "beta": 3, "gamma": 6}
    assert reqs["beta"].end_line == 5
    assert reqs["beta"].specifier == SpecifierSet(">=2") and reqs["beta"].marker is not None
    assert manifest.problems == ()


def test_two_hundred_line_file_is_line_accurate(tmp_path):
    lines, expected = [], {}
    for index in range(200):
        if index % 7 == 0:
            lines.append(f"# section {index}")
        elif index % 11 == 0:
            lines.append("")
        else:
            lines.append(f"package-{index}=={index}.0  # pinned")
            expected[f"package-{index}"] = index + 1
    manifest = read_manifest(write(tmp_path, "requirements.txt", "\n".join(lines)), tmp_path)
    assert {r.name: r.line for r in manifest.requirements} == expected
    assert all(r.pinned for r in manifest.requirements)


def test_includes_constraints_cycles_and_missing_files(tmp_path):
    write(tmp_path, "requirements/base.txt", "numpy>=1\n-r ../requirements.txt\n")
    write(tmp_path, "requirements/constraints.txt", "numpy==1.26.4\n")
    top = write(
        tmp_path,
        "requirements.txt",
        "-r requirements/base.txt\n-c requirements/constraints.txt\n"
        "--requirement=missing.txt\n-r https://example.com/r.txt\nrich\n",
    )
    manifest = read_manifest(top, tmp_path)
    assert [(r.path, r.line, r.name) for r in manifest.requirements] == [
        ("requirements/base.txt", 1, "numpy"),
        ("requirements.txt", 5, "rich"),
    ]
    assert [r.name for r in manifest.own_requirements] == ["rich"]
    assert [(c.path, c.version) for c in manifest.constraints] == [
        ("requirements/constraints.txt", "1.26.4")
    ]
    kinds = {(p.path, p.line, p.kind) for p in manifest.problems}
    assert kinds == {
        ("requirements/base.txt", 2, "include-cycle"),
        ("requirements.txt", 3, "include-missing"),
        ("requirements.txt", 4, "include-remote"),
    }
    assert [
        (i.line, i.kind, i.resolved) for i in manifest.includes if i.path == "requirements.txt"
    ] == [
        (1, "requirements", "requirements/base.txt"),
        (2, "constraints", "requirements/constraints.txt"),
        (3, "requirements", None),
        (4, "requirements", None),
    ]


def test_broken_requirements_files_give_problems(tmp_path):
    binary = read_manifest(write(tmp_path, "requirements.txt", b"numpy\x00\x01\x02"), tmp_path)
    assert binary.requirements == () and binary.problems[0].kind == "invalid-file"
    latin = read_manifest(write(tmp_path, "req/requirements.txt", b"numpy\ncaf\xe9==1\n"), tmp_path)
    assert latin.problems[0].kind == "invalid-file" and latin.problems[0].line == 2
    bad = read_manifest(
        write(tmp_path, "r/requirements.txt", "--hash=sha256:x\n--bogus\n-r\nx ==\nok\n"), tmp_path
    )
    assert [p.line for p in bad.problems] == [1, 2, 3, 4]
    assert [r.name for r in bad.requirements] == ["ok"]


# --- pyproject.toml -------------------------------------------------------------------------

PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.18", "hatch-vcs"]
build-backend = "hatchling.build"

[project]
name = "My_Project"
requires-python = ">=3.10"
dependencies = [
    "numpy>=1.24",
    "torch==2.1.0; sys_platform == 'linux'",
    'tool @ git+https://github.com/org/tool.git@main',
]

[project.optional-dependencies]
gpu = ["cupy-cuda12x>=12", "numpy>=1.24"]

[dependency-groups]
test = [
    "pytest==8.2.0",
    {include-group = "lint"},
]
lint = ["ruff"]

[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.31"
pendulum = "~2.1.2"
anything = "*"
exact = "1.2.3"
tabled = { version = "^0.2.3", extras = ["fast"], markers = "python_version >= '3.10'" }
gitdep = { git = "https://github.com/org/gitdep.git", tag = "v2.0.0" }
branchdep = { git = "https://github.com/org/b.git", branch = "develop" }
revdep = { git = "https://github.com/org/r.git", rev = "%s" }

[tool.poetry.group.docs.dependencies]
mkdocs = ">=1.5,<2"

[tool.poetry.dev-dependencies]
black = "^24.1"

[tool.poetry.dependencies.localdep]
path = "../localdep"
develop = true
""" % SHA


def test_pyproject_all_tables_with_lines(tmp_path):
    manifest = read_manifest(write(tmp_path, "pyproject.toml", PYPROJECT), tmp_path)
    assert manifest.format == "pyproject" and manifest.problems == ()
    assert manifest.project_name == "my-project"
    assert manifest.python_requires.text == ">=3.10" and manifest.python_requires.line == 7
    got = [(r.name, r.section, r.group, r.line) for r in manifest.requirements]
    assert got == [
        ("numpy", "main", None, 9),
        ("torch", "main", None, 10),
        ("tool", "main", None, 11),
        ("cupy-cuda12x", "extra", "gpu", 15),
        ("numpy", "extra", "gpu", 15),
        ("pytest", "group", "test", 19),
        ("ruff", "group", "lint", 22),
        ("hatchling", "build", None, 2),
        ("hatch-vcs", "build", None, 2),
        ("requests", "main", None, 26),
        ("pendulum", "main", None, 27),
        ("anything", "main", None, 28),
        ("exact", "main", None, 29),
        ("tabled", "main", None, 30),
        ("gitdep", "main", None, 31),
        ("branchdep", "main", None, 32),
        ("revdep", "main", None, 33),
        ("localdep", "main", None, 41),
        ("black", "dev", "dev", 39),
        ("mkdocs", "group", "docs", 36),
    ]
    reqs = {(r.name, r.section): r for r in manifest.requirements}
    assert reqs[("numpy", "extra")].column == 29  # inside the quotes of the second string
    assert reqs[("tool", "main")].vcs_ref_kind == "branch"
    assert reqs[("tool", "main")].unpinned_kind == "none"
    requests = reqs[("requests", "main")]
    assert requests.specifier == SpecifierSet(">=2.31,<3.0") and requests.version_text == "^2.31"
    assert reqs[("pendulum", "main")].specifier == SpecifierSet(">=2.1.2,<2.2.0")
    assert reqs[("anything", "main")].specifier is None
    assert reqs[("anything", "main")].unpinned_kind == "none"
    assert reqs[("exact", "main")].pinned
    tabled = reqs[("tabled", "main")]
    assert tabled.specifier == SpecifierSet(">=0.2.3,<0.3.0") and tabled.extras == ("fast",)
    assert tabled.marker is not None
    assert reqs[("gitdep", "main")].pinned and reqs[("gitdep", "main")].vcs_ref == "v2.0.0"
    assert reqs[("branchdep", "main")].unpinned_kind == "none"
    assert reqs[("revdep", "main")].vcs_ref_immutable
    assert reqs[("localdep", "main")].editable and reqs[("localdep", "main")].pin == "local"
    assert "python" not in {r.name for r in manifest.requirements}
    assert [r.name for r in manifest.group_members("test")] == ["pytest", "ruff"]


@pytest.mark.parametrize(
    "constraint, expected",
    [
        ("^1.2.3", ">=1.2.3,<2.0.0"),
        ("^1.2", ">=1.2,<2.0"),
        ("^1", ">=1,<2"),
        ("^0.2.3", ">=0.2.3,<0.3.0"),
        ("^0.0.3", ">=0.0.3,<0.0.4"),
        ("^0.0", ">=0.0,<0.1"),
        ("^0", ">=0,<1"),
        ("~1.2.3", ">=1.2.3,<1.3.0"),
        ("~1.2", ">=1.2,<1.3"),
        ("~1", ">=1,<2"),
        ("~=1.4", "~=1.4"),
        ("1.2.3", "==1.2.3"),
        ("1.2.*", "==1.2.*"),
        (">=1.2, <2.0", ">=1.2,<2.0"),
        (">= 1.2 < 2.0", ">=1.2,<2.0"),
    ],
)
def test_poetry_constraints_convert_faithfully(constraint, expected):
    assert poetry_specifier(constraint)[0] == SpecifierSet(expected)


def test_poetry_or_constraint_is_a_range_without_a_specifier():
    assert poetry_specifier("^1.2 || ^2.0") == (None, "range")


def test_pyproject_group_include_errors_and_broken_toml(tmp_path):
    text = '[dependency-groups]\na = [{include-group = "b"}]\nb = [{include-group = "a"}, "x"]\n'
    text += 'c = [{include-group = "nope"}]\n'
    manifest = read_manifest(write(tmp_path, "pyproject.toml", text), tmp_path)
    assert {(p.line, p.kind) for p in manifest.problems} == {
        (2, "include-cycle"),
        (3, "include-cycle"),
        (4, "include-missing"),
    }
    broken = read_manifest(write(tmp_path, "b/pyproject.toml", "[project\nname = 1\n"), tmp_path)
    assert broken.requirements == () and broken.problems[0].kind == "invalid-file"
    assert broken.problems[0].line == 1


# --- setup.cfg / setup.py ------------------------------------------------------------------

SETUP_CFG = """\
[metadata]
name = my.pkg

[options]
python_requires = >=3.8
install_requires =
    numpy>=1.20  # arrays
    # a comment
    requests; python_version < "3.10"
    torch==2.1.0
setup_requires = wheel

[options.extras_require]
test = pytest; hypothesis>=6
docs = file: docs/requirements.txt
"""


def test_setup_cfg(tmp_path):
    write(tmp_path, "docs/requirements.txt", "mkdocs\n")
    manifest = read_manifest(write(tmp_path, "setup.cfg", SETUP_CFG), tmp_path)
    got = [(r.name, r.section, r.group, r.line, r.column) for r in manifest.requirements]
    assert got == [
        ("numpy", "main", None, 7, 5),
        ("requests", "main", None, 9, 5),
        ("torch", "main", None, 10, 5),
        ("wheel", "build", None, 11, 18),
        ("pytest", "extra", "test", 14, 8),
        ("hypothesis", "extra", "test", 14, 16),
    ]
    assert by_name(manifest)["requests"].marker is not None
    assert manifest.python_requires.line == 5 and manifest.project_name == "my-pkg"
    assert [(i.line, i.kind, i.resolved) for i in manifest.includes] == [
        (15, "read-at-build", "docs/requirements.txt")
    ]


def test_invalid_setup_cfg_is_a_problem(tmp_path):
    manifest = read_manifest(write(tmp_path, "setup.cfg", "install_requires = x\n"), tmp_path)
    assert manifest.problems[0].kind == "invalid-file"


SETUP_PY = """\
from setuptools import setup

BASE = [
    "numpy>=1.20",
    'pandas==2.0.3',
]


def read_requirements():
    with open("requirements.txt") as handle:
        return handle.read().splitlines()


setup(
    name="Demo",
    install_requires=BASE,
    extras_require={
        "dev": ["pytest", "black==24.1.0"],
        "gpu": read_requirements(),
    },
    setup_requires=[r for r in ["wheel"]],
    python_requires=">=3.9",
)
"""


def test_setup_py_literals_and_dynamic_values(tmp_path):
    write(tmp_path, "requirements.txt", "torch\n")
    manifest = read_manifest(write(tmp_path, "setup.py", SETUP_PY), tmp_path)
    got = [(r.name, r.section, r.group, r.line, r.column) for r in manifest.requirements]
    assert got == [
        ("numpy", "main", None, 4, 6),
        ("pandas", "main", None, 5, 6),
        ("pytest", "extra", "dev", 18, 18),
        ("black", "extra", "dev", 18, 28),
    ]
    assert by_name(manifest)["pandas"].pinned
    assert [(p.line, p.kind) for p in manifest.problems] == [(19, "dynamic"), (21, "dynamic")]
    assert [(i.target, i.kind, i.resolved) for i in manifest.includes] == [
        ("requirements.txt", "read-at-build", "requirements.txt")
    ]
    assert manifest.python_requires.text == ">=3.9" and manifest.project_name == "demo"


def test_setup_py_reassigned_name_and_syntax_error(tmp_path):
    text = (
        'from setuptools import setup\nREQS = ["a"]\nREQS += ["b"]\nsetup(install_requires=REQS)\n'
    )
    manifest = read_manifest(write(tmp_path, "setup.py", text), tmp_path)
    assert manifest.requirements == () and manifest.problems[0].kind == "dynamic"
    broken = read_manifest(
        write(tmp_path, "x/setup.py", "setup(\n  install_requires=[\n"), tmp_path
    )
    assert broken.problems[0].kind == "invalid-file"


# --- conda ---------------------------------------------------------------------------------

ENVIRONMENT = """\
name: research
channels:
  - conda-forge
  - defaults
dependencies:
  - python=3.10
  - numpy
  - numpy=1.26.4
  - scipy=1.11
  - pandas==2.0.3=py311h1234
  - conda-forge::pytorch=2.1
  - "matplotlib>=3.7"
  - libfoo 1.2.3 h123_0
  - pip
  - pip:
      - requests==2.31.0
      - "git+https://github.com/org/r.git@main#egg=r"
      - -r requirements-pip.txt
"""


def test_conda_environment(tmp_path):
    write(tmp_path, "requirements-pip.txt", "\n\nrich>=13\n")
    manifest = read_manifest(write(tmp_path, "environment.yml", ENVIRONMENT), tmp_path)
    assert manifest.format == "conda" and manifest.problems == ()
    assert manifest.channels == ("conda-forge", "defaults")
    assert manifest.python_requires.text == "=3.10" and manifest.python_requires.line == 6
    assert manifest.python_requires.specifier == SpecifierSet("==3.10.*")
    got = [(r.name, r.kind, r.line, r.pin) for r in manifest.requirements]
    assert got == [
        ("numpy", "conda", 7, "none"),
        ("numpy", "conda", 8, "exact"),
        ("scipy", "conda", 9, "range"),
        ("pandas", "conda", 10, "exact"),
        ("pytorch", "conda", 11, "range"),
        ("matplotlib", "conda", 12, "range"),
        ("libfoo", "conda", 13, "exact"),
        ("pip", "conda", 14, "none"),
        ("requests", "pypi", 16, "exact"),
        ("r", "vcs", 17, "none"),
        ("rich", "pypi", 3, "range"),
    ]
    pandas = manifest.requirements[3]
    assert pandas.build == "py311h1234" and pandas.version_text == "==2.0.3"
    assert manifest.requirements[4].channel == "conda-forge"
    assert manifest.requirements[5].column == 6  # inside the quotes
    assert manifest.requirements[-1].path == "requirements-pip.txt"


def test_broken_yaml_and_non_utf8(tmp_path):
    broken = read_manifest(write(tmp_path, "environment.yml", "dependencies:\n  - [a\n"), tmp_path)
    assert broken.problems[0].kind == "invalid-file" and broken.requirements == ()
    latin = read_manifest(write(tmp_path, "e/environment.yaml", b"name: caf\xe9\n"), tmp_path)
    assert latin.problems[0].kind == "invalid-file"


# --- Pipfile -------------------------------------------------------------------------------

PIPFILE = """\
[[source]]
url = "https://pypi.org/simple"
name = "pypi"

[packages]
requests = "*"
numpy = "==1.26.4"
torch = {version = ">=2.0", markers = "sys_platform == 'linux'"}
mylib = {git = "https://github.com/org/mylib.git", ref = "v1.0.0", editable = true}
local = {path = ".", editable = true}

[dev-packages]
pytest = ">=7"

[requires]
python_version = "3.11"
"""


def test_pipfile(tmp_path):
    manifest = read_manifest(write(tmp_path, "Pipfile", PIPFILE), tmp_path)
    got = [(r.name, r.section, r.line, r.pin) for r in manifest.requirements]
    assert got == [
        ("requests", "main", 6, "none"),
        ("numpy", "main", 7, "exact"),
        ("torch", "main", 8, "range"),
        ("mylib", "main", 9, "exact"),
        ("local", "main", 10, "local"),
        ("pytest", "dev", 13, "range"),
    ]
    assert manifest.python_requires.specifier == SpecifierSet("==3.11.*")
    assert manifest.python_requires.line == 16
    assert manifest.options[0].value == "https://pypi.org/simple"


# --- lock files ----------------------------------------------------------------------------


def test_lock_files(tmp_path):
    poetry = write(
        tmp_path,
        "poetry.lock",
        '[[package]]\nname = "NumPy"\nversion = "1.26.4"\n\n[[package]]\nname = "torch"\n'
        'version = "2.1.0"\n',
    )
    lock = read_lock(poetry, tmp_path)
    assert lock.format == "poetry.lock" and lock.pins == {
        "numpy": frozenset({"1.26.4"}),
        "torch": frozenset({"2.1.0"}),
    }
    assert [p.line for p in lock.packages] == [2, 6]
    uv = write(
        tmp_path,
        "uv.lock",
        'version = 1\n[[package]]\nname = "demo"\nsource = { editable = "." }\n\n'
        '[[package]]\nname = "numpy"\nversion = "1.26.4"\nsource = { registry = "https://pypi.org/simple" }\n'
        '[[package]]\nname = "numpy"\nversion = "2.0.0"\nsource = { registry = "https://pypi.org/simple" }\n',
    )
    uv_lock = read_lock(uv, tmp_path)
    assert uv_lock.pins["numpy"] == frozenset({"1.26.4", "2.0.0"})
    assert uv_lock.pins["demo"] == frozenset() and uv_lock.pins_name("NumPy")
    pdm = write(tmp_path, "pdm.lock", '[[package]]\nname = "rich"\nversion = "13.7.0"\n')
    assert read_lock(pdm, tmp_path).pins == {"rich": frozenset({"13.7.0"})}
    pylock = write(
        tmp_path,
        "pylock.toml",
        'lock-version = "1.0"\ncreated-by = "x"\n[[packages]]\nname = "attrs"\nversion = "25.1.0"\n'
        '[[packages]]\nname = "tool"\nvcs = { type = "git", url = "https://x", commit-id = "%s" }\n'
        % SHA,
    )
    pylock_file = read_lock(pylock, tmp_path)
    assert pylock_file.format == "pylock" and pylock_file.pins["attrs"] == {"25.1.0"}
    assert pylock_file.packages[1].source == "vcs" and pylock_file.packages[1].version is None
    pipfile_lock = write(
        tmp_path,
        "Pipfile.lock",
        '{"_meta": {}, "default": {"requests": {"version": "==2.31.0", "hashes": []}},'
        ' "develop": {"pytest": {"version": "==8.2.0"}}}',
    )
    assert read_lock(pipfile_lock, tmp_path).pins == {
        "requests": frozenset({"2.31.0"}),
        "pytest": frozenset({"8.2.0"}),
    }
    conda_lock = write(
        tmp_path,
        "conda-lock.yml",
        "version: 1\npackage:\n  - name: numpy\n    version: 1.26.4\n    manager: conda\n"
        "  - name: requests\n    version: 2.31.0\n    manager: pip\n",
    )
    conda = read_lock(conda_lock, tmp_path)
    assert conda.pins["numpy"] == {"1.26.4"} and [p.line for p in conda.packages] == [3, 6]


def test_compiled_requirements_is_a_lock_and_loose_one_is_not(tmp_path):
    compiled = write(
        tmp_path,
        "requirements.txt",
        "numpy==1.26.4 \\\n    --hash=sha256:aa\nrich==13.7.0 --hash=sha256:bb\n",
    )
    lock = read_lock(compiled, tmp_path)
    assert lock is not None and lock.pins == {"numpy": {"1.26.4"}, "rich": {"13.7.0"}}
    header = "# This file is autogenerated by pip-compile with Python 3.11\nnumpy==1.26.4\n"
    assert read_lock(write(tmp_path, "a/requirements.txt", header), tmp_path) is not None
    loose = write(tmp_path, "b/requirements.txt", "numpy==1.26.4 --hash=sha256:aa\nrich>=13\n")
    assert read_lock(loose, tmp_path) is None
    unhashed = write(tmp_path, "c/requirements.txt", "numpy==1.26.4\n")
    assert read_lock(unhashed, tmp_path) is None
    assert read_lock(write(tmp_path, "setup.cfg", "[metadata]\n"), tmp_path) is None


def test_broken_lock_files_give_problems(tmp_path):
    bad_toml = read_lock(write(tmp_path, "poetry.lock", "[[package]\n"), tmp_path)
    assert bad_toml.problems[0].kind == "invalid-file"
    bad_json = read_lock(write(tmp_path, "Pipfile.lock", "{nope"), tmp_path)
    assert bad_json.problems[0].kind == "invalid-file"
    binary = read_lock(write(tmp_path, "uv.lock", b"\x00\x00"), tmp_path)
    assert binary.problems[0].kind == "invalid-file"


# --- names ---------------------------------------------------------------------------------

MANIFEST_NAMES = [
    "requirements.txt",
    "requirements-dev.txt",
    "dev-requirements.in",
    "requirements.in",
    "constraints.txt",
    "requirements/base.txt",
    "requirements/dev.in",
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "environment.yml",
    "environment.yaml",
    "conda.yml",
    "Pipfile",
]
LOCK_NAMES = [
    "poetry.lock",
    "uv.lock",
    "pdm.lock",
    "Pipfile.lock",
    "conda-lock.yml",
    "pylock.toml",
    "pylock.dev.toml",
]
OTHER_NAMES = ["MANIFEST.in", "Makefile.in", "notes.txt", "config.toml", "setup.py.bak"]


@pytest.mark.parametrize("name", MANIFEST_NAMES + LOCK_NAMES + OTHER_NAMES)
def test_names_agree_with_sources_classify(name):
    is_manifest = is_manifest_name(name)
    is_lock = lock_format(name) is not None
    assert is_manifest == (name in MANIFEST_NAMES)
    assert is_lock == (name in LOCK_NAMES)
    assert (classify(PurePosixPath(name)) is FileKind.MANIFEST) == (is_manifest or is_lock)


def test_read_manifest_ignores_other_files(tmp_path):
    assert read_manifest(write(tmp_path, "MANIFEST.in", "include README\n"), tmp_path) is None
    assert read_manifest(write(tmp_path, "poetry.lock", ""), tmp_path) is None


def test_missing_file_is_a_problem(tmp_path):
    manifest = read_manifest(tmp_path / "requirements.txt", tmp_path)
    assert manifest.problems[0].kind == "invalid-file" and manifest.requirements == ()
