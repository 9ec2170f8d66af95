"""The engine on bad input: each broken file is one clear HO001 finding, the rest is checked."""

import os

import pytest
from notebooks import code_cell, notebook

BROKEN_REPO = {
    "syntax_error.py": "def predict(x)\n    return x\n",
    "legacy.py": 'print "epoch", epoch\n',
    "corrupt.ipynb": '{"cells": [{"cell_type": "code", "source": ["x = 1"',
    "binary.py": b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 20,
    "latin1.py": "name = 'caf\xe9'\n".encode("latin-1"),
    "good.py": "import torch\nmodel.to(torch.device('cuda:1'))\n",
}


def test_each_broken_file_gets_one_clear_finding_and_the_run_goes_on(checker):
    result = checker(BROKEN_REPO)
    assert not result.errors
    by_path = {}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    for name in ("syntax_error.py", "legacy.py", "corrupt.ipynb", "binary.py", "latin1.py"):
        ho = [f for f in by_path.get(name, []) if f.rule == "HO001"]
        assert len(ho) == 1, (name, by_path.get(name))
        assert ho[0].message.startswith("handoff could not check this file: ")
    assert "Python 2" in by_path["legacy.py"][0].message
    assert "binary" in by_path["binary.py"][0].message
    assert "UTF-8" in by_path["latin1.py"][0].message
    assert "line 1" in by_path["syntax_error.py"][0].message or by_path["syntax_error.py"][0].line
    assert [f.rule for f in by_path["good.py"]] == ["DEV001"]
    assert result.files == 6  # every file was looked at; HO001 says why rules did not run


def test_a_bad_notebook_cell_does_not_hide_the_other_cells(checker):
    text = notebook(
        code_cell("import torch\n"),
        code_cell("def broken(:\n    pass\n"),
        code_cell("x = torch.device('cuda:1')\n"),
    )
    result = checker({"nb.ipynb": text})
    ho = [f for f in result.findings if f.rule == "HO001"]
    assert [f.cell for f in ho] == [2]
    dev = [f for f in result.findings if f.rule == "DEV001"]
    assert [(f.cell, f.line) for f in dev] == [(3, 1)]


def test_notebook_findings_carry_cell_and_line_in_cell(checker):
    text = notebook(code_cell("import torch\n\n"), code_cell("a = 1\nb = torch.device('cuda:3')\n"))
    result = checker({"nb.ipynb": text})
    (finding,) = [f for f in result.findings if f.rule == "DEV001"]
    assert (finding.cell, finding.line, finding.column) == (2, 2, 5)
    assert finding.display_location == "nb.ipynb:cell_2:2:5"
    assert finding.source_line == "b = torch.device('cuda:3')"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_is_reported(checker, tmp_path):
    path = tmp_path / "secret.py"
    path.write_text("x = 1\n")
    path.chmod(0)
    try:
        result = checker({})
    finally:
        path.chmod(0o644)
    assert [f.rule for f in result.findings] == ["HO001"]


def test_oversized_files_are_skipped(checker):
    big = "x = 1\n" * 300_000  # 1.8 MB, over the 1 MiB default
    result = checker({"big.py": big, "small.py": "y = 2\n"})
    assert result.files == 1


def test_parallel_run_matches_serial(tmp_path):
    from handoff.api import check

    (tmp_path / ".git").mkdir()
    for i in range(60):
        (tmp_path / f"m{i}.py").write_text(f"import torch\nd{i} = torch.device('cuda:{i % 4}')\n")
    (tmp_path / "bad.py").write_text("def (:\n")
    serial = check([tmp_path], isolated=True, jobs=1)
    parallel = check([tmp_path], isolated=True, jobs=2)
    assert serial.findings == parallel.findings
    assert len(serial.findings) >= 61


def test_code_too_deep_for_the_parser_is_one_finding_not_a_crash(checker):
    # a device string: a DEV rule must read this expression (both its gates open), and its
    # walk goes too deep
    deep = 'device = "cuda:1" + ' + " + ".join(['"a"'] * 1000) + "\n"
    result = checker({"topics.py": deep, "ok.py": "y = 1\n"})
    assert not result.errors
    assert [(f.path, f.rule) for f in result.findings] == [("topics.py", "HO001")]
    assert "nested too deeply" in result.findings[0].message


def test_code_too_deep_for_libcst_is_checked_when_no_rule_needs_its_tree(checker):
    """Python's parser reads it; no rule's gate matches, so libcst never has to."""
    deep = "x = " + " + ".join(['"a"'] * 1000) + "\n"
    result = checker({"topics.py": deep})
    assert not result.errors and not result.findings and result.files == 1


def test_one_per_line_rules_report_a_line_once(checker):
    result = checker({"a.py": "x, y = x.cuda(), y.cuda()\n"}, select=("DEV003",))
    assert [(f.rule, f.line, f.column) for f in result.findings] == [("DEV003", 1, 10)]


def test_a_finding_in_a_notebook_output_shows_the_output_line(checker):
    from notebooks import stream_output

    token = "hf_" + "Qm3vTn8LpXc2RwZy5KbJd7HsFg4NaUe9Vo"
    text = notebook(code_cell("print(login())\n", [stream_output(f"logged in with {token}\n")]))
    result = checker({"nb.ipynb": text}, select=("SEC002",))
    (finding,) = result.findings
    assert (finding.cell, finding.line) == (1, 1)
    assert finding.source_line.startswith("logged in with hf_")
    assert token not in finding.source_line
