"""reStructuredText into sections, with docutils' own parser.

docutils runs with every file-reading and raw-output directive off (`.. include::` must not
read other files of the machine), reports nothing, and halts on nothing: an unknown Sphinx
directive (`.. toctree::`, `.. autoclass::`) becomes a system message, which is skipped.
"""

from __future__ import annotations

import io

from docutils import nodes
from docutils.core import publish_doctree

from handoff.checks.doc.documents import BlockKind, Section, SectionBuilder

_SETTINGS = {
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": io.StringIO(),
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "doctitle_xform": False,  # the first title stays a section like any other
    "docinfo_xform": False,
    "input_encoding": "unicode",
}
# Nodes whose text is not documentation: parser messages, comments, substitution sources.
_SKIPPED = (nodes.system_message, nodes.comment, nodes.substitution_definition, nodes.raw)


def read(text: str) -> list[Section]:
    settings = dict(_SETTINGS, warning_stream=io.StringIO())
    tree = publish_doctree(text, settings_overrides=settings)
    builder = SectionBuilder()
    _walk(tree, builder, level=0, line=1)
    return builder.finish()


def _walk(node: nodes.Element, builder: SectionBuilder, level: int, line: int) -> None:
    for child in node.children:
        _visit(child, node, builder, level, child.line or line)


def _visit(  # pylint: disable=too-many-branches  # one branch per kind of node
    child: nodes.Node, parent: nodes.Element, builder: SectionBuilder, level: int, here: int
) -> None:
    if isinstance(child, _SKIPPED):
        return
    if isinstance(child, nodes.section):
        title = child.next_node(nodes.title)
        words = title.astext() if title is not None else ""
        # docutils gives a title the line of its underline.
        start = max(1, (title.line or here) - 1) if title is not None else here
        builder.heading(level + 1, words, start)
        _walk(child, builder, level + 1, start)
    elif isinstance(child, nodes.title) and isinstance(parent, nodes.section):
        return
    elif isinstance(child, (nodes.literal_block, nodes.doctest_block)):
        classes = [c for c in child.get("classes", []) if c != "code"]
        language = "python" if isinstance(child, nodes.doctest_block) else ""
        builder.add(BlockKind.CODE, child.astext(), here, classes[0] if classes else language)
    elif isinstance(child, nodes.table):
        _table(child, builder, here)
    elif isinstance(child, nodes.image):
        builder.add(BlockKind.IMAGE, child.get("alt", ""), here)
    elif isinstance(child, nodes.caption):
        builder.add(BlockKind.IMAGE, _text(child), here)
    elif isinstance(child, (nodes.field, nodes.definition_list_item)):
        _named(child, builder, level, here)
    elif isinstance(child, (nodes.paragraph, nodes.term, nodes.rubric)):
        builder.add(BlockKind.TEXT, _text(child), here)
    elif isinstance(child, nodes.Element):
        _walk(child, builder, level, here)


def _named(item: nodes.Element, builder: SectionBuilder, level: int, line: int) -> None:
    """A field (`:Batch size: 16`) or a definition list item: its name and its first
    paragraph make one line of text, as `name: value`; the rest of its body is read as usual."""
    name = item.next_node((nodes.field_name, nodes.term))
    body = item.next_node((nodes.field_body, nodes.definition))
    if name is None or body is None:
        _walk(item, builder, level, line)
        return
    first = body.next_node(nodes.paragraph)
    value = _text(first) if first is not None else ""
    builder.add(BlockKind.TEXT, f"{_text(name)}: {value}", line)
    for child in body.children:
        if child is not first:
            _visit(child, body, builder, level, child.line or line)


def _text(node: nodes.Node) -> str:
    """A paragraph's text, inline literals in backticks as in Markdown."""
    parts = []
    for child in node.children:
        if isinstance(child, nodes.literal):
            parts.append(f"`{child.astext()}`")
        elif isinstance(child, nodes.Text):
            parts.append(child.astext().replace("\n", " "))
        elif not isinstance(child, _SKIPPED):
            parts.append(_text(child))
    return "".join(parts)


def _table(table: nodes.table, builder: SectionBuilder, line: int) -> None:
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for row in table.findall(nodes.row):
        cells = [" ".join(_text(p) for p in entry.findall(nodes.paragraph)) for entry in row]
        first = row.next_node(nodes.paragraph)
        if isinstance(row.parent, nodes.thead):
            header = cells
        else:
            rows.append(((first.line if first is not None and first.line else line), cells))
    builder.table(header, rows)
