"""Render the template tree into files in memory.

`templates/package/` mirrors the generated tree: a file ending in `.j2` is rendered with
Jinja2 (an undefined variable is an error, never an empty string), any other file is copied
as it is, and a path component `__package__` becomes the package's import name.
"""

from __future__ import annotations

import json
import textwrap
import traceback
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

import jinja2

from handoff.scaffold.errors import ScaffoldError

TEMPLATE_SUFFIX = ".j2"
PACKAGE_PLACEHOLDER = "__package__"
SKIPPED_DIRS = {"__pycache__"}
COMMENT_WIDTH = 92  # the config's own comments stay within this


@dataclass(frozen=True)
class RenderedFile:
    """One file of the generated package: its POSIX path relative to DEST and its bytes."""

    path: PurePosixPath
    data: bytes


def templates_dir() -> Path:
    """The template tree: inside the installed wheel, or `templates/` of a source tree (as
    `catalog.catalog_dir()` finds the rules)."""
    packaged = resources.files("handoff") / "_templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


def package_templates() -> Path:
    return templates_dir() / "package"


def _environment(root: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates are Python, YAML, TOML and Markdown: HTML escaping would corrupt them.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml")),
    )
    # JSON is valid YAML and TOML for strings, numbers and null: a value with a quote, a
    # colon or a `#` stays one value.
    env.filters["quoted"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["comment"] = comment_lines
    return env


def comment_lines(text: str, indent: int = 0, width: int = COMMENT_WIDTH) -> str:
    """`text` as `# ` comment lines of at most `width` characters (a word longer than the
    line, such as a long file location, is kept whole), indented by `indent` spaces."""
    prefix = " " * indent + "# "
    return textwrap.fill(
        text,
        width=width,
        initial_indent=prefix,
        subsequent_indent=prefix,
        break_long_words=False,
        break_on_hyphens=False,
    )


def output_path(relative: PurePosixPath, package: str) -> PurePosixPath:
    parts = [package if part == PACKAGE_PLACEHOLDER else part for part in relative.parts]
    if parts[-1].endswith(TEMPLATE_SUFFIX):
        parts[-1] = parts[-1][: -len(TEMPLATE_SUFFIX)]
    return PurePosixPath(*parts)


def _template_files(root: Path) -> list[PurePosixPath]:
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.is_file() and not SKIPPED_DIRS & set(relative.parts[:-1]):
            found.append(PurePosixPath(relative.as_posix()))
    return sorted(found)


def _error_line(exc: BaseException, template: Path) -> int | None:
    """The template line a render-time error happened on: Jinja2 rewrites the traceback so
    that its frames carry the template's file name and line."""
    lines = [
        frame.lineno
        for frame in traceback.extract_tb(exc.__traceback__)
        if Path(frame.filename).resolve() == template.resolve()
    ]
    return lines[-1] if lines else None


def _render_one(env: jinja2.Environment, root: Path, relative: PurePosixPath, context) -> bytes:
    where = f"templates/package/{relative}"
    try:
        return env.get_template(str(relative)).render(**context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise ScaffoldError(f"{where}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        line = _error_line(exc, root / relative)
        raise ScaffoldError(f"{where}:{line or '?'}: {exc}") from None


def render_tree(context: dict, root: Path | None = None) -> list[RenderedFile]:
    """Every file of the generated package, in path order."""
    root = root or package_templates()
    if not root.is_dir():
        raise ScaffoldError(f"no scaffold templates at {root}: a broken handoff install")
    env = _environment(root)
    files = []
    for relative in _template_files(root):
        if relative.name.endswith(TEMPLATE_SUFFIX):
            data = _render_one(env, root, relative, context)
        else:
            data = (root / relative).read_bytes()
        files.append(RenderedFile(output_path(relative, context["package"]), data))
    return files
