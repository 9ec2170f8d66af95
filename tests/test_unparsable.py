"""HO001 where the user's editor and `python` would put it: syntax errors at CPython's line
and column, a broken notebook cell that does not hide the others, whole messages for broken
notebooks, and YAML that does not parse but is still scanned. Real files, the real API."""

from __future__ import annotations

import ast
import json

import pytest
from conftest import run_check
from notebooks import code_cell, markdown_cell, notebook
from typer.testing import CliRunner

from handoff.cli import app

KEY = "AKIAIEQH746YNG7BY3A4"

# name: (source, line, column, words of the message), each as CPython 3.11 reports it
SYNTAX_ERRORS = {
    "first_line": ("def f(:\n    pass\n", 1, 7, "invalid syntax"),
    "first_line_no_newline": ("def f(:", 1, 7, "invalid syntax"),
    "unclosed_bracket_at_eof": ("import os\nx = (1,\n", 2, 5, "'(' was never closed"),
    "unclosed_bracket_mid_file": ("x = [1,\ny = 2\nz = 3\n", 1, 5, "'[' was never closed"),
    "last_line": ("x = 1\ny = 2\nz = = 3\n", 3, 5, "invalid syntax"),
    "missing_colon": ("def predict(x)\n    return x\n", 1, 15, "expected ':'"),
    "bad_indent": ("def f():\nreturn 1\n", 2, 1, "expected an indented block"),
    # CPython 3.11 puts this at column 4, 3.12 at 5: the column is CPython's, whichever runs.
    "unexpected_indent": ("x = 1\n    y = 2\n", 2, None, "unexpected indent"),
    "python2_print": ("import os\nprint 'hello'\n", 2, 1, "Python 2"),
    "tab_space_mix": ("if x:\n\ta = 1\n        b = 2\n", 3, 1, "inconsistent use of tabs"),
    "fstring": ("x = 1\ny = f'{x!z}'\n", 2, 13, "f-string"),
    "unterminated_string": ("a = 1\nx = 'abc\ny = 1\n", 2, 5, "unterminated string"),
    "stray_paren": ("x = 1)\n", 1, 6, "unmatched ')'"),
}


def cpython_position(code: str) -> tuple[int, int]:
    try:
        ast.parse(code)
    except SyntaxError as exc:
        assert exc.lineno is not None and exc.offset is not None
        return exc.lineno, exc.offset
    raise AssertionError("the case is not a syntax error")


@pytest.mark.parametrize("name", sorted(SYNTAX_ERRORS))
def test_syntax_errors_are_where_cpython_puts_them(tmp_path, name):
    code, line, column, words = SYNTAX_ERRORS[name]
    result = run_check(tmp_path, {"broken.py": code}, select=("HO",))
    [finding] = result.findings
    assert finding.rule == "HO001"
    assert (finding.line, finding.column) == cpython_position(code)
    assert finding.line == line and finding.column == (column or finding.column)
    assert f"at line {line}, column {finding.column}" in finding.message
    assert words in finding.message
    shown = code.splitlines()[line - 1].strip()
    assert finding.source_line.strip() == shown  # the offending line is the one shown


def test_an_error_on_line_1_is_not_reported_on_line_2(tmp_path):
    """The bug of the issue: libcst placed the error of `def f(:` after the newline."""
    (tmp_path / "a.py").write_text("def f(:\n")
    args = ["check", str(tmp_path), "--isolated", "-f", "json", "--select", "HO"]
    out = CliRunner().invoke(app, args)
    [finding] = json.loads(out.stdout)["findings"]
    assert (finding["line"], finding["column"]) == (1, 7)


def test_syntax_warnings_are_not_printed(tmp_path, capfd):
    run_check(tmp_path, {"a.py": "x = '\\d'\ndef f(:\n"}, select=("HO",))
    assert "SyntaxWarning" not in capfd.readouterr().err


def test_a_broken_notebook_cell_is_placed_in_its_cell_and_the_rest_is_checked(tmp_path):
    text = notebook(
        markdown_cell("# Train\n"),
        code_cell("import torch\ndevice = torch.device('cuda:1')\n"),
        code_cell("x = 1\ndef f(:\n    pass\n"),
        code_cell("data = open('/home/ana/data.csv')\n"),
    )
    result = run_check(tmp_path, {"nb.ipynb": text})
    found = {(f.rule, f.cell, f.line, f.column) for f in result.findings}
    assert ("HO001", 3, 2, 7) in found
    assert ("DEV001", 2) in {(rule, cell) for rule, cell, _, _ in found}  # before the bad cell
    assert ("PATH001", 4) in {(rule, cell) for rule, cell, _, _ in found}  # and after it
    [ho] = [f for f in result.findings if f.rule == "HO001"]
    assert "the notebook's other cells were checked" in ho.message
    assert "at line 2, column 7" in ho.message and ho.source_line == "def f(:"


def test_a_notebook_whose_only_cell_is_broken_does_not_claim_other_cells(tmp_path):
    result = run_check(tmp_path, {"nb.ipynb": notebook(code_cell("def f(:\n"))}, select=("HO",))
    [ho] = result.findings
    assert (ho.cell, ho.line, ho.column) == (1, 1, 7)
    assert "other cells" not in ho.message


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.99])
def test_a_truncated_notebook_has_a_whole_message(tmp_path, fraction):
    text = notebook(code_cell("import os\nprint('a string that runs on')\n"))
    cut = text[: int(len(text) * fraction)]
    result = run_check(tmp_path, {"nb.ipynb": cut}, select=("HO",))
    [ho] = result.findings
    assert ho.rule == "HO001" and "looks truncated" in ho.message
    assert ho.message.endswith("?)")  # a sentence, not json's "Unterminated string starting at"
    lines = cut.splitlines()
    assert 1 <= ho.line <= len(lines)


def test_an_empty_or_malformed_notebook_says_what_is_wrong(tmp_path):
    result = run_check(
        tmp_path, {"empty.ipynb": "", "bad.ipynb": '{"cells": [}, "nbformat": 4}'}, select=("HO",)
    )
    by_path = {f.path: f for f in result.findings}
    assert by_path["empty.ipynb"].message.endswith("the file is empty")
    bad = by_path["bad.ipynb"]
    assert (bad.line, bad.column) == (1, 12) and "expecting value here" in bad.message


BROKEN_YAML = {
    "environment.yml": (
        "name: research\ndependencies:\n  - numpy\n  - pip: [torch\n"
        f"data: /home/ana/data\ntoken: {KEY}\n"
    ),
    "configs/train.yaml": f"lr: 0.1\n epochs: 3\npath: /home/ana/runs\nkey: {KEY}\n",
}


def test_unparsable_yaml_gets_ho001_and_every_text_rule_still_runs(tmp_path):
    result = run_check(tmp_path, BROKEN_YAML)
    by_path: dict[str, list] = {}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    env = {f.rule: f for f in by_path["environment.yml"]}
    assert (env["HO001"].line, env["HO001"].column) == (5, 5)
    assert "not valid YAML" in env["HO001"].message
    assert "flow sequence" in env["HO001"].message and "line 4" in env["HO001"].message
    assert "still checked as text" in env["HO001"].message
    assert env["PATH001"].line == 5 and env["SEC002"].line == 6  # the lines were scanned
    config = {f.rule: f for f in by_path["configs/train.yaml"]}
    assert (config["HO001"].line, config["HO001"].column) == (2, 8)
    assert "mapping values are not allowed here" in config["HO001"].message
    assert config["PATH001"].line == 3 and config["SEC002"].line == 4
    assert KEY not in json.dumps([f.message for f in result.findings])


@pytest.mark.parametrize(
    "text",
    [
        "a: !Ref Bucket\nb: !GetAtt X.Arn\n",  # unknown tags are YAML all the same
        "---\na: 1\n---\nb: 2\n",  # several documents
        "replicas: {{ .Values.replicas }}\nimage: {{ .Values.image }}\n",  # a Helm template
        "",
    ],
)
def test_valid_yaml_and_templates_get_no_ho001(tmp_path, text):
    result = run_check(tmp_path, {"deploy.yaml": text}, select=("HO",))
    assert result.findings == []
