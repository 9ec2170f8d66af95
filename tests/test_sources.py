from pathlib import Path

import pytest
from notebooks import code_cell, markdown_cell, notebook, stream_output

from handoff.sources import FileKind, SourceError, TextOrigin, classify, load_source


def load(name: str, text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return load_source(Path(name), name, data)


@pytest.mark.parametrize(
    "name,kind",
    [
        ("train.py", FileKind.PYTHON),
        ("nb.ipynb", FileKind.NOTEBOOK),
        ("requirements.txt", FileKind.MANIFEST),
        ("requirements-dev.txt", FileKind.MANIFEST),
        ("pyproject.toml", FileKind.MANIFEST),
        ("environment.yml", FileKind.MANIFEST),
        ("config.yaml", FileKind.CONFIG),
        (".env", FileKind.CONFIG),
        (".env.local", FileKind.CONFIG),
        ("run.sh", FileKind.CONFIG),
        ("README.md", FileKind.OTHER),
    ],
)
def test_classify(name, kind):
    assert classify(Path(name)) is kind


def test_notebook_cells_become_one_module_with_a_map_back():
    text = notebook(
        markdown_cell("# Title"),
        code_cell("import torch\n!pip install torch\nx = 1\n"),
        code_cell("%env CUDA_VISIBLE_DEVICES=0\nif x:\n    %time y = 2\n", [stream_output("hi\n")]),
    )
    source = load("nb.ipynb", text)
    assert source.code == "import torch\npass\nx = 1\npass\nif x:\n    pass\n"
    assert source.locate(3) == (2, 3)
    assert source.locate(5) == (3, 2)
    assert source.code_line(2) == "!pip install torch"
    magics = [(t.cell, t.line, t.text) for t in source.lines if t.origin is TextOrigin.MAGIC]
    assert magics == [
        (2, 2, "!pip install torch"),
        (3, 1, "%env CUDA_VISIBLE_DEVICES=0"),
        (3, 3, "    %time y = 2"),
    ]
    outputs = [t for t in source.lines if t.origin is TextOrigin.OUTPUT]
    assert [(t.cell, t.line, t.text) for t in outputs] == [(3, 1, "hi")]
    markdown = [t for t in source.lines if t.origin is TextOrigin.MARKDOWN]
    assert markdown[0].cell == 1


def test_shell_cell_magic_is_text_only():
    source = load("nb.ipynb", notebook(code_cell("%%bash\nexport KEY=1\necho $KEY\n")))
    assert source.code is not None and "export" not in source.code
    assert [t.origin for t in source.lines] == [TextOrigin.MAGIC] * 3


def test_python_cell_magic_keeps_its_body():
    source = load("nb.ipynb", notebook(code_cell("%%time\nmodel.cuda()\n")))
    assert source.code == "pass\nmodel.cuda()\n"


@pytest.mark.parametrize(
    "text,reason",
    [
        ('{"cells": [', "not a valid notebook"),
        ('{"nbformat": 4}', "no 'cells' list"),
        ('{"cells": [1], "nbformat": 4}', "cell 1 is not an object"),
        ('{"cells": [], "nbformat": 3}', "nbformat 3"),
    ],
)
def test_corrupt_notebooks_raise_clear_errors(text, reason):
    with pytest.raises(SourceError, match=reason):
        load("nb.ipynb", text)


def test_python_source_honours_coding_cookie():
    data = "# -*- coding: latin-1 -*-\nname = 'café'\n".encode("latin-1")
    assert "café" in load("a.py", data).text


def test_invalid_utf8_python_is_an_error_with_a_line():
    with pytest.raises(SourceError) as info:
        load("a.py", b"x = 1\ny = '\xff'\n")
    assert info.value.line == 2
    assert "UTF-8" in info.value.reason or "utf-8" in info.value.reason


def test_bom_is_dropped():
    assert load("a.py", b"\xef\xbb\xbfx = 1\n").text == "x = 1\n"
