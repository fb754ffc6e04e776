"""Reading an article's outlet, title and date from its own text.

Articles have no common header. Each rule here recognises one form that real files use;
what no rule finds stays unknown (``None``) rather than being guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from index.yaml_safe import YamlError, load_yaml

TITLE_MAX = 120
_HEAD_LINES = 8  # header forms are only looked for among the first lines

_DATE_TITLE = re.compile(r"^\s*date:?\s+(\d{4}-\d{2}-\d{2})\s+(?P<title>.+?)\s*$", re.I)
_FIELD = re.compile(
    r"^\s*(source|outlet|publisher|site|title|headline|date|published)\s*:\s*(.+?)\s*$", re.I
)
_DATELINE_OUTLET = re.compile(r"^\s*[\w .'-]{2,40}\s+[•|]\s+(?P<outlet>[A-Z][\w .&'-]{1,40}?)\s*$")
_WIRE = re.compile(
    r"^\s*[A-Z][A-Z .'-]+(?:,\s*[\w .'-]+)?\s*\((?P<outlet>[A-Za-z.]{2,12})\)\s*[—–-]"
)
_DATELINE_PREFIX = re.compile(
    r"^\s*[A-Z][A-Z .'-]{2,}(?:,\s*[\w .'-]+)?\s*(?:\([\w.]+\))?\s*[—–:-]\s*"
)
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {
    name: number
    for number, full in enumerate(_MONTH_NAMES.split(), start=1)
    for name in (full, full[:3])
} | {"sept": 9}
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? )?"
# The forms a date takes in a header, each matched as the whole text (case ignored):
# 2025-03-19, 2025/03/19, 19.03.2025, [Wed[,]] March 19[,] 2025, [Wed[,]] 19 March[,] 2025.
_DATE_FORMS = (
    (re.compile(r"(?P<y>\d{4})([-/])(?P<m>\d{1,2})\2(?P<d>\d{1,2})"), False),
    (re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"), False),
    (re.compile(_WEEKDAY + r"(?P<m>[a-z]+)\.? (?P<d>\d{1,2}),? (?P<y>\d{4})", re.I | re.A), True),
    (re.compile(_WEEKDAY + r"(?P<d>\d{1,2}) (?P<m>[a-z]+)\.?,? (?P<y>\d{4})", re.I | re.A), True),
)


@dataclass
class Header:
    """What an article's text says about itself, and where its body starts."""

    source: str | None = None
    title: str | None = None
    date: str | None = None
    body_start: int = 0  # offset of the first character that is not header


def parse_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date, datetime or a string in a common format."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = re.sub(r"\s+", " ", value.strip().rstrip("."))
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for candidate in (text, text[:10]):
        for form, named_month in _DATE_FORMS:
            match = form.fullmatch(candidate)
            if match is None:
                continue
            month = _MONTHS.get(match["m"].casefold()) if named_month else int(match["m"])
            try:
                return date(int(match["y"]), month or 0, int(match["d"])).isoformat()
            except ValueError:  # no such day, or not a month's name
                return None
    return None


def read_header(text: str) -> Header:
    """Find outlet, title and date in the first lines of ``text``.

    A YAML front matter block and leading ``Key: value`` lines are header, not body;
    every other line stays part of the article.
    """
    header = Header()
    body = _front_matter(text, header)
    lines = _first_lines(text, body)
    in_fields = True  # leading "Source: ..." lines are header until the first other line
    for position, (start, end) in enumerate(lines):
        line = text[start:end]
        field = _FIELD.match(line)
        if in_fields and field and _take_field(header, field.group(1).lower(), field.group(2)):
            body = end
            continue
        in_fields = False
        if position == 0 and (match := _DATE_TITLE.match(line)):
            header.date = header.date or match.group(1)
            header.title = header.title or _shorten(match.group("title"))
        elif header.source is None and (match := _DATELINE_OUTLET.match(line)):
            header.source = match.group("outlet").strip()
        elif header.source is None and (match := _WIRE.match(line)):
            header.source = match.group("outlet").strip("().")
        elif header.date is None and len(line.strip()) <= 40:
            header.date = parse_date(line)
    if header.title is None:
        header.title = _title_from(text, lines)
    header.body_start = body
    return header


def _front_matter(text: str, header: Header) -> int:
    """Read a YAML front matter block (``---`` ... ``---``); return where the body starts."""
    match = re.match(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", text, re.S)
    if not match:
        return 0
    try:
        fields = load_yaml(match.group(1))
    except YamlError:
        return 0
    if not isinstance(fields, dict):
        return 0
    for key, value in fields.items():
        if isinstance(key, str) and value is not None:
            _take_field(header, key.lower(), value)
    return match.end()


def _take_field(header: Header, key: str, value: object) -> bool:
    """Store one ``key: value`` header field; False if the key is not one we read."""
    if key in ("source", "outlet", "publisher", "site", "site_name"):
        header.source = header.source or _shorten(str(value))
    elif key in ("title", "headline"):
        header.title = header.title or _shorten(str(value))
    elif key in ("date", "published"):
        header.date = header.date or parse_date(value)
    else:
        return False
    return True


def _first_lines(text: str, start: int) -> list[tuple[int, int]]:
    lines = []
    position = start
    while len(lines) < _HEAD_LINES and position < len(text):
        newline = text.find("\n", position)
        end = len(text) if newline == -1 else newline
        if text[position:end].strip():
            lines.append((position, end))
        position = end + 1
    return lines


def _title_from(text: str, lines: list[tuple[int, int]]) -> str | None:
    """The first line that is not a date or a dateline, without a leading dateline."""
    for start, end in lines:
        line = text[start:end].strip()
        if parse_date(line) or _DATELINE_OUTLET.match(line) or _FIELD.match(line):
            continue
        line = _DATELINE_PREFIX.sub("", line, count=1) or line
        return _shorten(line)
    return None


def _shorten(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip()
    if len(value) <= TITLE_MAX:
        return value
    cut = value.rfind(" ", 0, TITLE_MAX)
    return value[: cut if cut > TITLE_MAX // 2 else TITLE_MAX].rstrip(" ,;:") + "…"
