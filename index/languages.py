"""Stems that keep words apart that mean different things, in the languages of a briefing.

English words are stemmed with Porter2 (Snowball's English, which already keeps ``general``
from ``generous`` and ``news`` from ``new``), except the classic over-stems listed here:
``prisoners`` stays apart from ``prison``, ``authorities`` from ``author``, ``officer`` from
``office``. Words in Cyrillic script are stemmed as Russian or Ukrainian (see :func:`stem`).
"""

from __future__ import annotations

from whoosh.lang.porter2 import stem as _porter2


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_OVERSTEMS = {
    # word forms -> a stem of their own, where Porter2 would merge them with another word
    "prisoner": _words("prisoner prisoners"),  # not prison
    "authoriti": _words("authority authorities"),  # not author
    "officer": _words("officer officers"),  # not office
    "business": _words("business businesses"),  # not busy
    "several": _words("several"),  # not severe
    "universiti": _words("university universities"),  # not universe
    "organiz": _words(
        "organization organizations organisation organisations organizational organised "
        "organized organise organize organizing organising"
    ),  # not organ
    "experiment": _words("experiment experiments experimented experimenting"),  # experience
    "internation": _words("international internationally"),  # not internal
    "executive": _words("executive executives"),  # not execute
    "animation": _words("animation animations"),  # not animal
}
_EXCEPTIONS = {form: key for key, forms in _OVERSTEMS.items() for form in forms}


def stem(word: str) -> str:
    """The stem of one folded (lower-case, accent-free) word."""
    exception = _EXCEPTIONS.get(word)
    if exception is not None:
        return exception
    return _porter2(word)
