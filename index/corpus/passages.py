"""Splitting an article's text into passages (paragraphs) with their character offsets."""

from __future__ import annotations

import re
from array import array
from typing import NamedTuple

from index.corpus.boilerplate import boilerplate_kind

MAX_PASSAGE_CHARS = 1500
"""Longer paragraphs are cut at sentence ends so that one hit never means a whole file."""

_WRAP_WIDTH = 100  # lines at most this long, in a block of several, may be a hard-wrapped paragraph
_WRAP_MIN_WIDTH = 50  # and the longest at least this long
_WRAP_MIN_SHARE = 0.6  # hard-wrapped lines are at least this share of the block's longest line
_BULLET = re.compile(r"^\s*(?:[-*•·◦▪‣]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’»)\]]*$")


class Passage(NamedTuple):
    """One paragraph of an article: its number and where it stands in the article text.

    ``boilerplate`` passages (a cookie notice, a menu, a byline, "2 min read") are shown but
    not searched or compared."""

    number: int
    start: int
    end: int
    text: str
    boilerplate: bool = False


def split_passages(text: str, first: int = 0) -> list[Passage]:
    """Split ``text[first:]`` into passages.

    Blocks are separated by blank lines. Within a block each line is a paragraph (many sites
    put one paragraph per line, and a menu line, a headline, a byline and a lede are four
    things), except where the lines are a hard-wrapped paragraph: lines of similar width, or
    a line that stops mid-sentence followed by one that goes on in lower case. Bullets and
    Markdown headings always start a passage of their own.
    """
    spans: list[tuple[int, int]] = []
    for block in _blocks(text, first):
        spans.extend(_paragraphs_in_block(text, block))
    passages: list[Passage] = []
    for start, end in spans:
        for piece_start, piece_end in _cut_long(text, start, end):
            piece = text[piece_start:piece_end]
            kind = boilerplate_kind(piece) if "\n" not in piece else None
            passages.append(Passage(len(passages), piece_start, piece_end, piece, kind is not None))
    return passages


def packed_spans(passages: list[Passage]) -> bytes:
    """The passages' offsets and boilerplate flags, packed for the folder's listing and the
    index's file states (12 bytes a passage): see :func:`passages_from_spans`."""
    numbers = array("I")
    for passage in passages:
        numbers.extend((passage.start, passage.end, passage.boilerplate))
    return numbers.tobytes()


def passages_from_spans(text: str, spans: bytes) -> list[Passage] | None:
    """The passages :func:`packed_spans` packed, cut from the same ``text`` again without
    splitting it (the reader's launch draws its first articles so: no splitter patterns to
    compile, no lines to judge); ``None`` when ``spans`` do not fit ``text``: passages in
    order, each starting and ending on a character that is not a space, as the splitter
    cuts them (a text read otherwise since, by a newer version, is split again)."""
    numbers = array("I")
    try:
        numbers.frombytes(spans)
    except ValueError:
        return None
    if not numbers or len(numbers) % 3:
        return None
    passages: list[Passage] = []
    previous_end = 0
    for number, at in enumerate(range(0, len(numbers), 3)):
        start, end, boilerplate = numbers[at : at + 3]
        fits = previous_end <= start < end <= len(text)
        if not fits or text[start].isspace() or text[end - 1].isspace():
            return None
        passages.append(Passage(number, start, end, text[start:end], bool(boilerplate)))
        previous_end = end
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
    wrapped = _is_hard_wrapped(text, block)
    paragraphs: list[tuple[int, int]] = []
    for start, end in block:
        line = text[start:end]
        if paragraphs and _continues(text, paragraphs[-1], line, wrapped):
            paragraphs[-1] = (paragraphs[-1][0], end)
        else:
            paragraphs.append((start, end))
    return paragraphs


def _is_hard_wrapped(text: str, block: list[tuple[int, int]]) -> bool:
    """Lines of about the same width (the last may be shorter), most of them stopping
    mid-sentence: a paragraph wrapped by an editor or a mail program."""
    if len(block) < 3:
        return False
    widths = [end - start for start, end in block[:-1]]
    widest = max(widths)
    last = block[-1][1] - block[-1][0]
    if not _WRAP_MIN_WIDTH <= widest <= _WRAP_WIDTH or last > widest + 5:
        return False
    if min(widths) < widest * _WRAP_MIN_SHARE:
        return False
    open_ends = sum(1 for start, end in block[:-1] if not _ENDS_SENTENCE.search(text[start:end]))
    return open_ends * 2 >= len(block) - 1


def _continues(text: str, previous: tuple[int, int], line: str, wrapped: bool) -> bool:
    """Whether ``line`` goes on with the paragraph ``previous`` instead of starting one."""
    if _BULLET.match(line) or _HEADING.match(line):
        return False
    before = text[previous[0] : previous[1]]
    if _HEADING.match(before) or boilerplate_kind(line) or boilerplate_kind(before):
        return False
    if wrapped:
        return True
    last_line = before[before.rfind("\n") + 1 :]
    if len(last_line) > _WRAP_WIDTH or _ENDS_SENTENCE.search(last_line):
        return False
    first = line.lstrip()[:1]
    return first.islower()


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
