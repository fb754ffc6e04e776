"""Dates as articles print them, read into ISO form (YYYY-MM-DD).

:func:`parse_date` reads a value that is a date (a front-matter field, a sidecar entry);
:func:`find_date` finds the first full date inside a line of text ("by Jane Doe March 18,
2025 8:01 PM", "19.03.2025 23:45", "19 березня 2025 року"). A date missing its day or year
is no date: nothing is guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_ENGLISH = "january february march april may june july august september october november december"
# Russian and Ukrainian month names in the genitive ("19 марта", "19 березня"), by stem.
_CYRILLIC = (
    ("январ", "січн"),
    ("феврал", "лют"),
    ("март", "берез"),
    ("апрел", "квіт"),
    ("ма", "травн"),
    ("июн", "червн"),
    ("июл", "липн"),
    ("август", "серпн"),
    ("сентябр", "вересн"),
    ("октябр", "жовтн"),
    ("ноябр", "листопад"),
    ("декабр", "грудн"),
)
_GERMAN = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "oktober": 10,
    "dezember": 12,
}


def month_number(name: str) -> int | None:
    """1–12 for an English, German, Russian or Ukrainian month name or its abbreviation."""
    name = name.casefold().rstrip(".")
    if len(name) < 3:
        return None
    if name == "sept":
        return 9
    for number, full in enumerate(_ENGLISH.split(), start=1):
        if full.startswith(name):
            return number
    if name in _GERMAN:
        return _GERMAN[name]
    for number, stems in enumerate(_CYRILLIC, start=1):
        for stem in stems:
            if name.startswith(stem) and (stem != "ма" or name in ("мая", "май")):
                return number
    return None


_MONTH = r"(?P<m>[^\W\d_]{3,12}\.?)"
_WEEKDAY = r"(?:[^\W\d_]{2,11}\.?,?\s+)?"
_FORMS = (
    # 2025-03-19, 2025/03/19 (also inside 2025-03-19T10:00:00Z)
    re.compile(r"(?<!\d)(?P<y>20\d\d|19\d\d)([-/])(?P<mn>\d{1,2})\2(?P<d>\d{1,2})(?!\d)"),
    # 19.03.2025 (day first, as in Europe)
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<mn>\d{1,2})\.(?P<y>\d{4})(?!\d)"),
    # 03/19/2025 (month first, as in the US, unless the first number cannot be a month)
    re.compile(r"(?<![\d/])(?P<us>\d{1,2})/(?P<us2>\d{1,2})/(?P<y>\d{4})(?!\d)"),
    # [Wed[,]] March 19[th][,] 2025; Mar.20 - 2025
    re.compile(
        _WEEKDAY + _MONTH + r"\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*[,-]?\s*(?P<y>\d{4})(?!\d)"
    ),
    # [Wed[,]] 19[th] March[,] 2025; 19 березня 2025 року
    re.compile(
        r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?\.?\s+" + _MONTH + r",?\s+(?P<y>\d{4})(?!\d)"
    ),
)


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_AROUND_YEAR = (40, 12)  # every form fits in this many characters before and after a year


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first full date in ``text``: (ISO date, start, end), or ``None``.

    Every form has a year, so the forms are only tried near one (most lines have none)."""
    for year in _YEAR.finditer(text):
        offset = max(0, year.start() - _AROUND_YEAR[0])
        found = _first_date(text[offset : year.end() + _AROUND_YEAR[1]])
        if found is not None:
            iso, start, end = found
            return iso, start + offset, end + offset
    return None


def _first_date(text: str) -> tuple[str, int, int] | None:
    best: tuple[str, int, int] | None = None
    for form in _FORMS:
        for match in form.finditer(text):
            if best is not None and match.start() >= best[1]:
                break
            iso = _iso(match)
            if iso is not None:
                best = (iso, match.start(), match.end())
                break
    return best


def parse_date(value: object) -> str | None:
    """An ISO date from a date, a datetime or a string that is a date in a common form."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = " ".join(value.split()).rstrip(".")
    found = find_date(text)
    if found is None:
        return None
    iso, start, end = found
    rest = (text[:start] + text[end:]).strip(" ,")
    # The date is the value, give or take a weekday, a time or a zone.
    if len(re.findall(r"[^\W\d_]{4,}", rest)) > 1:
        return None
    return iso


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if groups.get("us"):
        first, second = int(groups["us"]), int(groups["us2"])
        month, day = (first, second) if first <= 12 else (second, first)
    elif groups.get("mn"):
        month, day = int(groups["mn"]), int(groups["d"])
    else:
        month = month_number(groups["m"]) or 0
        day = int(groups["d"])
    try:
        return date(year, month, day).isoformat()
    except ValueError:  # no such day, or not a month's name
        return None
