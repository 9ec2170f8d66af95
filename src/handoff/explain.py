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
        "default": default_state(rule),
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


def default_state(rule: Rule) -> str:
    """ "on" for a rule `ALL` turns on, "off" for one that runs only when selected by name."""
    return "on" if rule.on_by_default else "off"


def enabling_hint(rule: Rule) -> str:
    return (
        f'Off by default: turn it on with `extend-select = ["{rule.code}"]` (or'
        f' `"{rule.family}"` for the family) in the configuration, or'
        f" `--extend-select {rule.code}`; `ALL` does not include it."
    )


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
    table.add_column("default", no_wrap=True)
    table.add_column("summary", overflow="fold")
    for rule in catalog.rules:
        table.add_row(
            rule.code,
            rule.name,
            Text(rule.severity.value, style=SEVERITY_STYLE[rule.severity]),
            Text(default_state(rule), style="" if rule.on_by_default else "dim"),
            rule.summary,
        )
    console.print(table)
    console.print(
        "`handoff explain CODE` shows why a rule matters and how to fix it. Rules off by"
        " default run only when `select` or `extend-select` names them."
    )


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
    parts: list = [head, Text(rule.summary)]
    if not rule.on_by_default:
        parts.append(Text(enabling_hint(rule), style="yellow"))
    parts.append(Text("\nWhy it matters", style="bold"))
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
    rows = [
        "| code | name | severity | default | what it finds |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in catalog.rules:
        summary = " ".join(rule.summary.split()).replace("|", "\\|")
        cells = [rule.code, f"`{rule.name}`", rule.severity.value, default_state(rule), summary]
        rows.append(f"| {' | '.join(cells)} |")
    return "\n".join(rows) + "\n"
