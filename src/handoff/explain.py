"""Render the catalog for people: `handoff rules` and `handoff explain CODE`."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from handoff.catalog import Catalog, Example, Rule
from handoff.reports.console import SEVERITY_STYLE


def rule_dict(rule: Rule) -> dict:
    return {
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "rationale": rule.rationale,
        "fix": rule.fix,
        "remedy": rule.how_to_fix,
        "supersedes": list(rule.supersedes),
        "options": rule.options,
        "examples": {
            "bad": [_example_dict(e) for e in rule.bad],
            "good": [_example_dict(e) for e in rule.good],
        },
    }


def _example_dict(example: Example) -> dict:
    extra = {"config": example.config} if example.config else {}
    return {"file": example.filename, "code": example.code, **extra}


def rules_json(catalog: Catalog) -> list[dict]:
    return [rule_dict(rule) for rule in catalog.rules]


def print_rules(catalog: Catalog, console: Console) -> None:
    table = Table(title="handoff rules", title_justify="left")
    table.add_column("code", style="bold", no_wrap=True)
    table.add_column("name", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("summary", overflow="fold")
    for rule in catalog.rules:
        table.add_row(
            rule.code,
            rule.name,
            Text(rule.severity.value, style=SEVERITY_STYLE[rule.severity]),
            rule.summary,
        )
    console.print(table)
    console.print("`handoff explain CODE` shows why a rule matters and how to fix it.")


def _lexer(example: Example) -> str:
    suffix = example.filename.rsplit(".", 1)[-1].lower()
    return {
        "py": "python",
        "yaml": "yaml",
        "yml": "yaml",
        "toml": "toml",
        "json": "json",
        "ipynb": "json",
        "ini": "ini",
        "cfg": "ini",
        "sh": "bash",
    }.get(suffix, "text")


def _examples(title: str, examples: tuple[Example, ...], style: str) -> list:
    parts: list = []
    for example in examples:
        label = example.label(title)
        code = Syntax(example.code.rstrip(), _lexer(example), theme="ansi_dark", word_wrap=True)
        parts.append(Panel(code, title=label, title_align="left", border_style=style))
    return parts


def print_rule(rule: Rule, console: Console) -> None:
    head = Text()
    head.append(f"{rule.code} ", style="bold")
    head.append(rule.name, style="bold cyan")
    head.append("  ")
    head.append(rule.severity.value, style=SEVERITY_STYLE[rule.severity])
    parts: list = [head, Text(rule.summary), Text("\nWhy it matters", style="bold")]
    parts.append(Markdown(rule.rationale))
    parts += _examples("Flagged", rule.bad[:2], "red")
    parts += _examples("Instead", rule.good[:2], "green")
    parts += [Text("\nHow to fix", style="bold"), Markdown(rule.how_to_fix)]
    if rule.options:
        parts.append(Text("\nOptions", style="bold"))
        for key, value in rule.options.items():
            parts.append(Text(f"  {key} = {value!r}  ([tool.handoff.rules.{rule.code}])"))
    parts.append(Text(f"\nSuppress one line with `# handoff: ignore[{rule.code}]`.", style="dim"))
    console.print(Group(*parts))


def markdown_rule_table(catalog: Catalog) -> str:
    """The README's rule table, generated so it can never drift from the catalog."""
    rows = ["| code | name | severity | what it finds |", "| --- | --- | --- | --- |"]
    for rule in catalog.rules:
        summary = " ".join(rule.summary.split()).replace("|", "\\|")
        rows.append(f"| {rule.code} | `{rule.name}` | {rule.severity.value} | {summary} |")
    return "\n".join(rows) + "\n"
