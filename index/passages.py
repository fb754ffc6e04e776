"""Splitting an article's text into passages (paragraphs) with their character offsets."""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_PASSAGE_CHARS = 1500
"""Longer paragraphs are cut at sentence ends so that one hit never means a whole file."""

_WRAP_WIDTH = 100  # lines at most this long, in a block of several, are a hard-wrapped paragraph
_BULLET = re.compile(r"^\s*(?:[-*•·◦▪‣]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


class Passage(NamedTuple):
    """One paragraph of an article: its number and where it stands in the article text."""

    number: int
    start: int
    end: int
    text: str


def split_passages(text: str, first: int = 0) -> list[Passage]:
    """Split ``text[first:]`` into passages.

    Blocks are separated by blank lines. A block of short lines is a hard-wrapped paragraph
    and stays one passage; otherwise each line is a paragraph (many sites put one paragraph
    per line). Bullets and Markdown headings always start a passage of their own.
    """
    spans: list[tuple[int, int]] = []
    for block in _blocks(text, first):
        spans.extend(_paragraphs_in_block(text, block))
    passages: list[Passage] = []
    for start, end in spans:
        for piece_start, piece_end in _cut_long(text, start, end):
            passages.append(
                Passage(len(passages), piece_start, piece_end, text[piece_start:piece_end])
            )
    return passages


def _lines(text: str, first: int) -> list[tuple[int, int]]:
    """(start, end) of every line from ``first`` on, without the newline."""
    lines = []
    position = first
    length = len(text)
    while position <= length:
        newline = text.find("\n", position)
        end = length if newline == -1 else newline
        lines.append((position, end))
        if newline == -1:
            break
        position = newline + 1
    return lines


def _blocks(text: str, first: int) -> list[list[tuple[int, int]]]:
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in _lines(text, first):
        if text[start:end].strip():
            current.append(_trim(text, start, end))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraphs_in_block(text: str, block: list[tuple[int, int]]) -> list[tuple[int, int]]:
    hard_wrapped = len(block) > 1 and all(end - start <= _WRAP_WIDTH for start, end in block[:-1])
    if not hard_wrapped:
        return block
    paragraphs: list[tuple[int, int]] = []
    for start, end in block:
        line = text[start:end]
        starts_new = _BULLET.match(line) or _HEADING.match(line)
        if paragraphs and not starts_new and not _HEADING.match(text[paragraphs[-1][0] :]):
            paragraphs[-1] = (paragraphs[-1][0], end)
        else:
            paragraphs.append((start, end))
    return paragraphs


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into pieces of at most MAX_PASSAGE_CHARS, at sentence ends."""
    pieces = []
    while end - start > MAX_PASSAGE_CHARS:
        limit = start + MAX_PASSAGE_CHARS
        cut = _last_break(text, start, limit)
        pieces.append(_trim(text, start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def _last_break(text: str, start: int, limit: int) -> int:
    """The best place to cut before ``limit``: a sentence end, else a space, else ``limit``."""
    window = text[start:limit]
    sentence_ends = [match.end() for match in _SENTENCE_END.finditer(window)]
    if sentence_ends and sentence_ends[-1] > len(window) // 3:
        return start + sentence_ends[-1]
    space = window.rfind(" ")
    if space > len(window) // 3:
        return start + space + 1
    return limit
