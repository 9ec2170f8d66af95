"""MIGRATION.md: what `handoff scaffold --from` carried from the research repo into the package,
and what is left to move. Built from a `Migration`; every message is the check's own, with
secrets already masked, and no machine-specific value appears outside those messages."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from handoff import __version__
from handoff.scaffold.context import secret_env_var
from handoff.scaffold.migration_types import (
    BATCH_SIZE_KEY,
    DEVICE_KEY,
    ConfigKey,
    MigratedFinding,
    Migration,
    ModelClass,
)


def render_migration_md(migration: Migration) -> str:
    sections = [
        _header(migration),
        _summary(migration),
        _keys(migration),
        _model(migration),
        _secrets(migration),
        _findings(migration),
        _notes(migration),
    ]
    return "\n\n".join(s for s in sections if s).rstrip() + "\n"


def _cell(text: object) -> str:
    """Text that stays inside one markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _header(migration: Migration) -> str:
    return (
        f"# Migrating {migration.repo.resolve().name} into {migration.package}\n\n"
        f"Written by `handoff scaffold --from` (handoff {__version__}). It lists what handoff's"
        " checks found in the research repo and where each finding now lives in this package,"
        " or what is left to move. No machine-specific value was copied: each path, endpoint"
        " and device became a key in `config/default.yaml` that you set through its"
        " environment variable."
    )


def _summary(migration: Migration) -> str:
    findings = migration.findings
    files = len({f.place.path for f in findings})
    families = Counter(f.finding.family for f in findings)
    by_family = ", ".join(f"{name} {count}" for name, count in sorted(families.items()))
    left = sum(1 for f in findings if f.left_to_move)
    required = sum(1 for k in migration.keys if k.value is None)
    lines = [
        "## Summary",
        "",
        f"- {len(findings)} findings in {files} files" + (f" ({by_family})" if by_family else ""),
        f"- {len(migration.keys)} config keys, {required} of them to set through the"
        " environment",
        f"- {len(findings) - left} findings handled by the package's structure, {left} with"
        " something left to move",
        f"- {len(migration.model_classes)} candidate model classes,"
        f" {len(migration.checkpoint_loads)} places that load a checkpoint",
    ]
    if migration.secrets:
        lines.append(f"- {len(migration.secrets)} committed secrets to revoke")
    return "\n".join(lines)


def _keys(migration: Migration) -> str:
    if not migration.keys:
        return "## Config keys\n\nNothing in the research repo became a config key."
    rows = [
        (
            f"`{k.key}`",
            f"`{k.env_var}`",
            _default(k),
            k.replaces,
            ", ".join(f"`{p}`" for p in k.places),
        )
        for k in migration.keys
    ]
    notes = [
        "A required key has no value in `config/default.yaml`: set its environment variable"
        " (or write the value into a config file on the machine that runs the package)."
    ]
    if migration.key(DEVICE_KEY):
        notes.append(
            "`device: auto` is resolved at run time by `device.py`: no GPU index is written"
            " anywhere."
        )
    batch = migration.key(BATCH_SIZE_KEY)
    if batch and batch.carried:
        notes.append(
            f"`{BATCH_SIZE_KEY}` is carried as a number (it is not machine-specific): the"
            " research code's inference batch size. Tune it with the benchmark harness"
            " (`python -m bench`)."
        )
    elif batch:
        notes.append(
            f"`{BATCH_SIZE_KEY}` keeps the package's tested default: the research code names no"
            " inference batch size it accepts, and a training one is chosen for gradient steps"
            " and the backward pass's memory, not for serving latency. Pick one from the"
            " benchmark harness (`python -m bench`)."
        )
    table = _table(["key", "env var", "default", "replaces", "from"], rows)
    return "## Config keys\n\n" + table + "\n\n" + "\n\n".join(notes)


def _default(key: ConfigKey) -> str:
    if key.value is None:
        return "required"
    if not key.carried:
        return f"the package's default (research: `{key.value}`)"
    return f"`{key.value}`"


def _model(migration: Migration) -> str:
    parts = ["## The model"]
    if migration.model_classes:
        rows = [_class_row(c) for c in migration.model_classes]
        parts.append(
            "Candidate model classes (`nn.Module` / `LightningModule` subclasses):\n\n"
            + _table(["class", "defined at", "bases", "`__init__` parameters"], rows)
        )
    else:
        parts.append(
            "No `nn.Module` or `LightningModule` subclass was found: the model may come from a"
            " library or a factory function. Write a class for it in a module of its own."
        )
    if migration.checkpoint_loads:
        rows = [(f"`{c.call}`", f"`{c.place}`") for c in migration.checkpoint_loads]
        parts.append("Checkpoint loading:\n\n" + _table(["call", "at"], rows))
    else:
        parts.append("No checkpoint-loading call was found.")
    parts.append(_suggestion(migration))
    return "\n\n".join(parts)


def _class_row(model: ModelClass) -> tuple[str, ...]:
    if model.init_params is None:
        params = "(inherited)"
    else:
        params = ", ".join(f"`{p}`" for p in model.init_params) or "(none)"
    name = f"`{model.target or model.name}`" + (" (a part of another model)" if model.part else "")
    return name, f"`{model.place}`", ", ".join(f"`{b}`" for b in model.bases), params


def _suggestion(migration: Migration) -> str:
    chosen = migration.suggested_model
    if chosen is None:
        target = "module:Class"
        why = "Move the model class into an importable module, then wire it in with"
    else:
        target = chosen.target or ""
        why = f"To build `{chosen.name}` with the research weights instead of the example model:"
    return (
        f"{why}\n\n"
        "```sh\n"
        f"handoff scaffold DEST --from RESEARCH_REPO --model {target} --weights CHECKPOINT.pt\n"
        "```\n\n"
        "`--weights` takes a state_dict (see the checkpoint loading above); the package checks"
        " its sha256 and loads it with `weights_only=True`."
    )


def _secrets(migration: Migration) -> str:
    if not migration.secrets:
        return ""
    variables = ", ".join(
        f"`{s}` from `{secret_env_var(migration.package, s)}`" for s in migration.secrets
    )
    return (
        "## Secrets\n\n"
        "The research repo had credentials written into it. The package reads them from the"
        f" environment only ({variables}): `secrets:` in the config maps each name to its"
        " variable and `.env.example` lists the variables, never a value. Revoke every"
        " committed one: it stays in the research repo's history."
    )


def _findings(migration: Migration) -> str:
    if not migration.findings:
        return "## Every finding\n\nThe checks found nothing in the research repo."
    by_family: dict[str, list[MigratedFinding]] = {}
    for item in migration.findings:
        by_family.setdefault(item.finding.family, []).append(item)
    parts = ["## Every finding"]
    for family in sorted(by_family):
        items = by_family[family]
        title = migration.family_titles.get(family, family)
        parts.append(f"### {family}: {title} ({len(items)})\n\n" + _finding_list(items))
    return "\n\n".join(parts)


def _finding_list(items: list[MigratedFinding]) -> str:
    lines = []
    for item in items:
        finding = item.finding
        where = f"{item.place}:{finding.column}"
        lines.append(f"- `{where}` **{finding.rule}** {finding.name}: {finding.message}")
        if item.now_lives_in:
            lines.append(f"  - now lives in: {item.now_lives_in}")
        if item.left_to_move:
            lines.append(f"  - left to move: {item.left_to_move}")
    return "\n".join(lines)


def _notes(migration: Migration) -> str:
    if not migration.notes:
        return ""
    return "## Notes\n\n" + "\n".join(f"- {n}" for n in migration.notes)
