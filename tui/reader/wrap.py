"""Word wrapping by terminal cells, as offsets into the text (so spans can be mapped)."""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size

Line = tuple[int, int]
"""A display line: ``(start, end)`` offsets into the wrapped text, trailing spaces left out."""

_WORD = re.compile(r"\s*\S+")

_DISPLAY = str.maketrans(
    {
        "\n": " ",  # a newline inside a passage wraps like a space
        "\u200d": " ",  # zero-width joiner: terminals disagree on joined emoji widths
        "\ufe0e": " ",  # variation selectors: the same
        "\ufe0f": " ",
        # Regional indicators (flags) become their letters: 🇺🇦 -> UA.
        **{chr(0x1F1E6 + n): chr(ord("A") + n) for n in range(26)},
    }
)


def display_text(text: str) -> str:
    """``text`` as drawn: one character for one (offsets hold), with the characters whose
    width terminals and Rich disagree on replaced, so they cannot break the layout."""
    return text.translate(_DISPLAY)


def wrap_offsets(text: str, width: int) -> list[Line]:
    """Break ``text`` into lines of at most ``width`` cells at spaces.

    Words wider than a line are folded character by character, counting wide characters
    (CJK, emoji) as two cells. Newlines count as spaces. Always at least one line.
    """
    width = max(width, 2)
    measure = len if text.isascii() else _cells
    lines: list[Line] = []
    line_start = 0
    line_end = 0  # end of the last word on the line
    cells = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        word_cells = measure(word)
        if cells and cells + word_cells <= width:
            line_end, cells = end, cells + word_cells
            continue
        if cells:  # the word goes on a new line, without its leading spaces
            lines.append((line_start, line_end))
            start = end - len(word.lstrip())
            word_cells = measure(text[start:end])
        elif start == line_start == 0:
            start = end - len(word.lstrip())
            word_cells = measure(text[start:end])
        if word_cells <= width:
            line_start, line_end, cells = start, end, word_cells
            continue
        line_start, cells = _fold(text, start, end, width, lines)
        line_end = end
    if cells or not lines:
        lines.append((line_start, line_end))
    return lines


def _cells(word: str) -> int:
    """Cells of ``word``: its length when it is ASCII (most words, even in text that is not)."""
    return len(word) if word.isascii() else cell_len(word)


def _fold(text: str, start: int, end: int, width: int, lines: list[Line]) -> tuple[int, int]:
    """Append full-width pieces of an over-long word; return the rest's start and cells."""
    piece_start, cells = start, 0
    for position in range(start, end):
        size = get_character_cell_size(text[position])
        if cells + size > width and position > piece_start:
            lines.append((piece_start, position))
            piece_start, cells = position, 0
        cells += size
    return piece_start, cells
