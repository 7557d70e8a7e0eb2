"""Tables and headings as text (that fits a terminal of 100 columns) or as Markdown.

A terminal table wider than :data:`WIDTH` first wraps its text columns (long titles, lists of ids)
over several lines; if the numbers alone are still too wide (a resource over 12 periods), the
columns after the first ``keep`` are split into several tables, each repeating those.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Style = Literal["table", "markdown"]
WIDTH = 100
"""The widest a terminal table gets (characters)."""
GAP = 2
MIN_TEXT = 14
KEPT = 30
"""The width a split table leaves each repeated (label) column, at most."""


@dataclass
class Table:
    """Headers, rows of cells (text), the right-aligned (numeric) columns and, when the table
    must be split to fit, how many leading columns each part repeats."""

    headers: list[str]
    rows: list[list[str]]
    align_right: set[int] = field(default_factory=set)
    keep: int = 1


def width(text: str) -> int:
    """Characters a text takes on a terminal (combining accents take none)."""
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def render_table(table: Table, style: Style, max_width: int = WIDTH) -> str:
    """The table as Markdown, or as aligned text within ``max_width`` columns."""
    if style == "markdown":
        return _markdown(table)
    widths = _natural(table)
    if _total(widths) > max_width:
        widths = _shrink(table, widths, max_width)
    if _total(widths) <= max_width or len(table.headers) <= table.keep + 1:
        return _text(table, widths)
    parts = _split(table, widths, max_width)
    return "\n\n".join(_text(part, _shrink(part, _natural(part), max_width)) for part in parts)


def heading(text: str, style: Style, level: int = 2) -> str:
    """A heading: ``## text`` in Markdown, the text underlined on a terminal."""
    if style == "markdown":
        return "#" * level + " " + text
    return text + "\n" + ("═" if level == 1 else "─") * min(width(text), WIDTH)


def _markdown(table: Table) -> str:
    head = "| " + " | ".join(table.headers) + " |"
    rule = (
        "|"
        + "|".join("---:" if i in table.align_right else "---" for i in range(len(table.headers)))
        + "|"
    )
    body = [
        "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in table.rows
    ]
    return "\n".join([head, rule, *body])


def _natural(table: Table) -> list[int]:
    return [
        max([width(h), *(width(row[i]) for row in table.rows)]) for i, h in enumerate(table.headers)
    ]


def _total(widths: Sequence[int]) -> int:
    return sum(widths) + GAP * (len(widths) - 1)


def _shrink(table: Table, widths: list[int], max_width: int) -> list[int]:
    """Narrower text columns (never below their header's longest word or :data:`MIN_TEXT`)."""
    widths = list(widths)
    floors = {
        i: max(
            MIN_TEXT,
            *(width(word) for word in table.headers[i].split()),
            min(KEPT, max((_longest_part(row[i]) for row in table.rows), default=0)),
        )
        for i in range(len(widths))
        if i not in table.align_right
    }
    while _total(widths) > max_width:
        flexible = [i for i in floors if widths[i] > floors[i]]
        if not flexible:
            break
        widest = max(flexible, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _split(table: Table, widths: list[int], max_width: int) -> list[Table]:
    """The table as several tables of at most ``max_width`` columns, each repeating the first
    ``keep`` columns."""
    kept = list(range(table.keep))
    natural = _natural(table)
    base = _total([min(natural[i], KEPT) for i in kept])
    parts: list[list[int]] = [[]]
    used = base
    for i in range(table.keep, len(widths)):
        if parts[-1] and used + GAP + widths[i] > max_width:
            parts.append([])
            used = base
        parts[-1].append(i)
        used += GAP + widths[i]
    out = []
    for columns in parts:
        chosen = kept + columns
        out.append(
            Table(
                [table.headers[i] for i in chosen],
                [[row[i] for i in chosen] for row in table.rows],
                {k for k, i in enumerate(chosen) if i in table.align_right},
                table.keep,
            )
        )
    return out


def _longest_part(text: str) -> int:
    """The widest piece a wrapped cell must keep whole: a word, or a part of a hyphenated one."""
    return max((width(part) for word in text.split() for part in word.split("-")), default=0)


def _wrap(text: str, size: int) -> list[str]:
    """Lines of at most ``size``: between words, else after a hyphen (an id, a compound name),
    and only a piece wider than the column is cut."""
    if width(text) <= size:
        return [text]
    return textwrap.wrap(text, size, break_long_words=True, break_on_hyphens=True) or [""]


def _text(table: Table, widths: list[int]) -> str:
    def lines(cells: Sequence[str]) -> list[str]:
        wrapped = [_wrap(cell, widths[i]) for i, cell in enumerate(cells)]
        out = []
        for k in range(max(len(w) for w in wrapped)):
            parts = []
            for i, w in enumerate(wrapped):
                cell = w[k] if k < len(w) else ""
                pad = " " * (widths[i] - width(cell))
                parts.append(pad + cell if i in table.align_right else cell + pad)
            out.append((" " * GAP).join(parts).rstrip())
        return out

    rule = (" " * GAP).join("─" * w for w in widths)
    body = [line for row in table.rows for line in lines(row)]
    return "\n".join([*lines(table.headers), rule, *body])
