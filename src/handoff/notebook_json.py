"""Where each cell of a notebook sits in its .ipynb text: SARIF points a notebook finding at the
cell's JSON object, since a line inside a cell is not a line of the file."""

from __future__ import annotations

import json
import re

_WS = re.compile(r"\s*")


def _skip(text: str, index: int) -> int:
    match = _WS.match(text, index)
    return match.end() if match else index


def cell_spans(text: str) -> list[tuple[int, int]] | None:
    """(start, end) character offsets of each cell object of a notebook's JSON text, found
    with the standard decoder; None when the text is not a notebook of that shape."""
    decoder = json.JSONDecoder()
    spans: list[tuple[int, int]] | None = None
    try:
        index = _skip(text, 0)
        if text[index] != "{":
            return None
        index = _skip(text, index + 1)
        while text[index] != "}":
            key, index = json.decoder.scanstring(text, index + 1)
            index = _skip(text, index)
            if text[index] != ":":
                return None
            index = _skip(text, index + 1)
            if key == "cells" and text[index] == "[":
                spans, index = _array_spans(decoder, text, index)
            else:
                _, index = decoder.raw_decode(text, index)
            index = _skip(text, index)
            if text[index] == ",":
                index = _skip(text, index + 1)
    except (ValueError, IndexError):
        return None
    return spans


def _array_spans(decoder: json.JSONDecoder, text: str, index: int):
    spans = []
    index = _skip(text, index + 1)
    while text[index] != "]":
        _, end = decoder.raw_decode(text, index)
        spans.append((index, end))
        index = _skip(text, end)
        if text[index] == ",":
            index = _skip(text, index + 1)
    return spans, index + 1


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def cell_regions(text: str) -> list[dict[str, int]]:
    """Where each cell of a notebook's JSON text sits, as SARIF regions (1-based)."""
    regions = []
    for start, end in cell_spans(text) or []:
        start_line, start_column = _line_col(text, start)
        end_line, end_column = _line_col(text, end)
        regions.append(
            {
                "startLine": start_line,
                "startColumn": start_column,
                "endLine": end_line,
                "endColumn": end_column,
            }
        )
    return regions
