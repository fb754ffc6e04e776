"""The lines an article starts with that are header, not body, and where its body starts.

A YAML front matter block, leading ``Key: value`` lines and a saved copy's leading
``date YYYY-MM-DD`` are header; every other line is part of the article. What the header
lines say is read by :func:`index.corpus.metadata.read_header`; where the body starts is all
that splitting an article into passages needs (a listed article's metadata is in the
folder's listing, so its text is split without the outlet and headline patterns).
"""

from __future__ import annotations

import re
from typing import NamedTuple

HEAD_LINES = 12  # header forms are only looked for among the first lines

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(
    r"^\s*(source|outlet|publisher|site|site_name|title|headline|date|published|author|url)"
    r"\s*:\s*(.+?)\s*$",
    re.I,
)
_SAVED_DATE = re.compile(r"^\s*date:?\s+(\d{4}(?:-\d{2}){0,2})\b[ \t]*", re.I)


class HeaderLines(NamedTuple):
    """An article's header lines, as written."""

    front_matter: str | None  # the YAML between the ``---`` lines; None: no front matter
    fields: list[tuple[str, str]]  # the leading ``Key: value`` lines: (key lower-cased, value)
    saved_date: str | None  # a saved copy's ``date YYYY-MM-DD``
    body_start: int  # offset of the first character that is not header


def header_lines(text: str) -> HeaderLines:
    """The front matter, then ``Key: value`` lines, then a saved copy's date line."""
    front_matter = None
    body = 0
    if match := _FRONT_MATTER.match(text):
        front_matter, body = match.group(1), match.end()
    fields = []
    for line_start, line_end in first_lines(text, body):
        field = _FIELD.match(text[line_start:line_end])
        if not field:
            break
        fields.append((field.group(1).lower(), field.group(2)))
        body = line_end
    saved_date = None
    if match := _SAVED_DATE.match(text[body : body + 40]):
        saved_date = match.group(1)
        body += match.end()
    return HeaderLines(front_matter, fields, saved_date, body)


def first_lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of the first :data:`HEAD_LINES` lines from ``start`` that are not blank."""
    lines = []
    position = start
    while len(lines) < HEAD_LINES and position < len(text):
        newline = text.find("\n", position)
        end = len(text) if newline == -1 else newline
        if text[position:end].strip():
            lines.append((position, end))
        position = end + 1
    return lines
