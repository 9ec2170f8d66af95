"""`--format markdown`: the readiness report, through the real CLI on real files, rendered
with markdown-it (CommonMark with GitHub's tables) to check that it reads as intended."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import write_files
from markdown_it import MarkdownIt
from notebooks import code_cell, notebook
from typer.testing import CliRunner

from handoff.api import Overrides, check
from handoff.catalog import load_catalog
from handoff.cli import app
from handoff.reports.markdown import GITHUB_COMMENT_LIMIT, code, escape, inline, render

HF = "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"  # a generated fake in the real format
REPO = {
    "train.py": (
        "import torch\n"
        f'TOKEN = "{HF}"\n'
        'DATA = "/home/ana/datasets/cifar10"\n'
        'device = torch.device("cuda:0")\n'
        'os.environ["CUDA_VISIBLE_DEVICES"] = "1"\n'
    ),
    "explore.ipynb": notebook(code_cell("x = 1\n"), code_cell('df = open("/home/ana/d.csv")\n')),
    "broken.py": "def broken(:\n    pass\n",
    "weights.bin": b"\x00\x01binary",
    "requirements.txt": "torch==2.3.0\n",
}
PARSER = MarkdownIt("commonmark").enable("table")


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    write_files(tmp_path, REPO)
    return tmp_path


def markdown(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(app, ["check", *args, "--format", "markdown", "-j", "1"])
    return out.exit_code, out.stdout


def tables(text: str) -> list[list[list[str]]]:
    """Each rendered table as rows of cell texts (tags dropped, entities decoded)."""
    found = []
    for table in re.findall(r"<table>(.*?)</table>", PARSER.render(text), re.S):
        rows = []
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)) for c in cells])
        found.append(rows)
    return found


def test_the_report_from_the_cli(repo: Path):
    code_, text = markdown(str(repo), "--isolated")
    assert code_ == 1  # a critical and high findings: exit as the console report does
    lines = text.splitlines()
    assert lines[0] == f"## handoff readiness report: `{repo.name}`"
    assert "**❌ Not ready for handoff:**" in text and "at or above `--fail-on high`" in text
    # The checklist names every family of the catalog once, found or not.
    checklist = [line for line in lines if re.match(r"- \[[ x]\] \*\*", line)]
    families = [f.prefix for f in load_catalog().families]
    assert [re.search(r"\*\*(\w+)\*\*", line).group(1) for line in checklist] == families
    by_family = {re.search(r"\*\*(\w+)\*\*", line).group(1): line for line in checklist}
    assert by_family["SEC"].startswith("- [ ] **SEC** Secrets and credentials — 1 finding (1 crit")
    assert by_family["NET"] == "- [x] **NET** Run-time downloads — passed"
    assert "2 findings (2 high)" in by_family["PATH"]
    assert "- [ ] **HO**" in by_family["HO"] and "1 medium" in by_family["HO"]


def test_critical_and_high_in_a_table_with_how_to_learn_more(repo: Path):
    # Project-level QUAL and DOC findings (no tooling config, an undocumented model) left out.
    _, text = markdown(str(repo), "--isolated", "--ignore", "QUAL005,DOC")
    top, rest, totals = tables(text)
    assert top[0] == ["severity", "location", "rule", "finding", "learn more"]
    rows = top[1:]
    assert [r[0] for r in rows] == ["critical", "high", "high", "high"]  # most severe first
    assert all(r[4] == f"handoff explain {r[2].split()[0]}" for r in rows)
    (secret,) = [r for r in rows if r[2] == "SEC002 known-format-key"]
    assert secret[1] == "train.py:2" and "hf_j…MjI" in secret[3]
    (cell,) = [r for r in rows if r[1].startswith("explore.ipynb")]
    assert cell[1] == "explore.ipynb cell 2, line 1" and cell[2].startswith("PATH001")
    # The rest is folded away, without the learn-more column.
    assert "<details>" in text and "<summary>The other findings (2 medium, 1 low)" in text
    assert rest[0] == ["severity", "location", "rule", "finding"]
    assert [r[2].split()[0] for r in rest[1:]] == ["HO001", "DEV002", "REQ005"]
    assert rest[3][1] == "the project"  # no Python version stated: the project as a whole
    assert totals[1:] == [
        ["critical", "1"],
        ["high", "3"],
        ["medium", "2"],
        ["low", "1"],
        ["info", "0"],
        ["total", "7"],
    ]
    assert HF not in text


def test_every_rendered_message_reads_as_the_finding_says(repo: Path):
    """Each finding's cells, rendered, are its location and message word for word: no pipe
    splits a cell, no underscore turns into emphasis, no backtick is lost."""
    result = check([repo], isolated=True, jobs=1)
    rows = [row for table in tables(render(result))[:2] for row in table[1:]]
    rendered = {(r[2].split()[0], r[3]) for r in rows}
    expected = {(f.rule, f.message.replace("`", "")) for f in result.findings}
    assert rendered == expected
    assert all(len(r) == len(t[0]) for t in tables(render(result))[:2] for r in t)


def test_disabled_families_are_not_checked_and_partly_enabled_ones_say_so(repo: Path):
    _, text = markdown(str(repo), "--isolated", "--ignore", "DEV,NET001")
    assert "- [ ] **DEV** Accelerator assumptions — not checked (all its rules are disabled)" in (
        text
    )
    net = next(line for line in text.splitlines() if "**NET**" in line)
    assert net == "- [x] **NET** Run-time downloads — passed (3 of 4 rules enabled)"


def test_skipped_and_unparsable_files_are_listed(repo: Path):
    _, text = markdown(str(repo), "--isolated")
    section = text.split("### Errors and skipped files\n", 1)[1].split("###", 1)[0]
    assert "- Skipped: 1 binary." in section
    assert "- Not parsed, so not (fully) checked (HO001): `broken.py`." in section


def test_a_clean_repo_is_ready(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    code_, text = markdown(str(tmp_path), "--isolated", "--select", "PATH,DEV")
    assert code_ == 0
    assert "**✅ Ready for handoff:** no finding at or above `--fail-on high`." in text
    assert "0 findings in 0 files · 1 file checked." in text
    assert "- [x] **PATH** Machine-specific paths and endpoints — passed" in text
    assert "- [ ] **SEC** Secrets and credentials — not checked" in text
    assert "<table>" not in PARSER.render(text).split("<h3>Totals</h3>")[0]


def test_the_checked_paths_are_named_relative_to_the_project(repo: Path):
    result = check([repo / "train.py", repo / "explore.ipynb"], isolated=True, jobs=1)
    assert render(result).startswith("## handoff readiness report: `train.py`, `explore.ipynb`\n")


# --- escaping ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "a | b || c",
        "`torch.load` without `weights_only=True`",
        "Path(__file__).parent and *stars* and ~~strike~~",
        "<script>alert(1)</script> & &copy; [link](http://x) ![img](y)",
        "a stray ` backtick and ``double `` one",
        "``code with ` inside`` and `x|y`",
        "#1 ## heading-ish \\ backslash",
        "two\nlines\r\nand\ttabs",
    ],
)
def test_a_message_renders_as_written(message: str):
    table = f"| h |\n| --- |\n| {inline(message)} |\n"
    rendered = PARSER.render(table)
    (cell,) = re.findall(r"<td>(.*?)</td>", rendered, re.S)
    text = html.unescape(re.sub(r"</?code>", "", cell))
    expected = re.sub(r"\s+", " ", message)
    # Code spans keep their text and lose their backticks; everything else stays as written.
    spans = re.findall(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", expected)
    for ticks, inner in spans:
        expected = expected.replace(f"{ticks}{inner}{ticks}", inner.strip() or inner, 1)
    assert text == expected
    assert "<em>" not in cell and "<a " not in cell and "<script" not in cell


def test_code_spans_hold_any_backticks():
    assert code("a`b") == "``a`b``"
    assert code("`a") == "`` `a ``"
    assert code("x|y") == "`x\\|y`" and code("x|y", in_table=False) == "`x|y`"
    assert escape("a_b *c*") == "a\\_b \\*c\\*"


# --- GitHub's comment limit ----------------------------------------------------------------


def test_a_long_report_is_cut_to_githubs_limit_most_severe_first(tmp_path: Path):
    (tmp_path / ".git").mkdir()
    high = "".join(f'DATA_{i} = "/home/ana/data/part_{i}.csv"\n' for i in range(400))
    medium = "".join(f'URL_{i} = "http://10.1.2.3:{8000 + i}/predict"\n' for i in range(300))
    write_files(tmp_path, {"paths.py": high, "endpoints.py": medium})
    result = check([tmp_path], isolated=True, jobs=1, overrides=Overrides(select=("PATH",)))
    assert len(result.findings) == 700
    text = render(result)
    assert len(text) <= GITHUB_COMMENT_LIMIT < len(render(result, limit=10**7))
    top, rest, _ = tables(text)
    shown_high = len(top) - 1
    assert 0 < shown_high < 400 and len(rest) == 1  # no medium row while a high one is left out
    assert f"… and {400 - shown_high} more findings left out" in text
    assert "… and 300 more findings left out" in text
    assert text.rstrip().endswith("how to fix it.</sub>")  # the totals and footer survive
    assert "| **total** | **700** |" in text


def test_a_tight_limit_still_gives_a_valid_report(repo: Path):
    result = check([repo], isolated=True, jobs=1)
    full = render(result)
    cut = render(result, limit=len(full) - 1)
    assert len(cut) < len(full) and "left out" in cut
    assert "### Totals" in cut
