"""Node positions computed statement by statement equal libcst's positions over the whole
module, on tricky layouts and on every Python file of the test corpora."""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst
import pytest

from handoff.positions import StatementPositions, module_positions

LAYOUTS = {
    "header comments and blank lines": "#!/usr/bin/env python\n# coding: utf-8\n\n\nimport os\n",
    "decorators with comments between": (
        "import x\n\n# about f\n@x.dec(1,\n       2)\n# between\n@other\ndef f(a):\n"
        "    '''doc'''\n    return a\n"
    ),
    "semicolons": "a = 1; b = 2\nc = 3;\nif a: b = 4; c = 5\n",
    "crlf newlines": "import os\r\n\r\nclass C:\r\n    x = 'cuda:0'\r\n",
    "tab indentation": "def f():\n\tif True:\n\t\treturn 'x'\n",
    "no trailing newline": "x = 1\ny = f(x,\n      3)",
    "continuations and strings": 'x = 1 + \\\n    2\ns = """a\nb"""\nt = f"{x}"\n',
    "compound statements": (
        "try:\n    import a\nexcept ImportError:\n    a = None\nelse:\n    pass\nfinally:\n"
        "    pass\nfor i in range(3):\n    pass\nelse:\n    pass\nwith open('p') as f, g:\n"
        "    pass\nwhile False:\n    break\n"
    ),
    "match and async": (
        "async def f():\n    async with a:\n        pass\n\nmatch x:\n    case 1:\n        pass\n"
    ),
    "trailing comments": "x = 1  # one\n# the end\n",
}


def assert_same_positions(code: str) -> None:
    module = cst.parse_module(code)
    expected = module_positions(module)
    found = StatementPositions(module, ast.parse(code))
    assert found.lines is not None  # the statements line up: the fast path is taken
    for node, where in expected.items():
        assert found[node] == where, (type(node).__name__, code)


@pytest.mark.parametrize("code", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_layouts(code):
    assert_same_positions(code)


FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(
    p
    for corpus in (
        "path_corpus",
        "dev_corpus",
        "sec_corpus",
        "sep_blind_corpus",
        "net_blind_corpus",
    )
    for p in (FIXTURES / corpus).rglob("*.py")
)


def test_corpus_files():
    checked = 0
    for path in FILES:
        code = path.read_text(encoding="utf-8", errors="replace")
        try:
            ast.parse(code)
            cst.parse_module(code)
        except (SyntaxError, cst.ParserSyntaxError):
            continue
        assert_same_positions(code)
        checked += 1
    assert checked > 100


def test_a_tree_that_does_not_line_up_falls_back_to_the_whole_module():
    module = cst.parse_module("a = 1\nb = 2\n")
    found = StatementPositions(module, ast.parse("a = 1\n"))
    assert found.lines is None
    statement = module.body[1]
    assert found[statement] == module_positions(module)[statement]


def test_a_node_outside_every_statement_comes_from_the_whole_module():
    module = cst.parse_module("# header\nx = 1\n")
    found = StatementPositions(module, ast.parse("# header\nx = 1\n"))
    comment = module.header[0]
    assert found[comment] == module_positions(module)[comment]
    assert found[module] == module_positions(module)[module]


def test_findings_all_over_a_file_switch_to_one_pass_over_the_module():
    code = "".join(f"x{i} = '/home/user/{i}'\n" for i in range(200))
    module = cst.parse_module(code)
    found = StatementPositions(module, ast.parse(code))
    expected = module_positions(module)
    for statement in module.body:
        assert found[statement.body[0]] == expected[statement.body[0]]
    assert found.whole is not None and not found.owner  # switched once, and let go of the ids
