"""Checks on query text that need no index (and so no Whoosh import).

Whoosh's parser never fails: it turns an unbalanced quote into loose words and a lone ``AND``
into nothing. A person must hear about that, so these checks raise :class:`QueryError` with a
one-line message instead. The configuration uses them to vet topics at start-up.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


class Topic(NamedTuple):
    """A named query from the configuration."""

    name: str
    query: str


class QueryError(ValueError):
    """A query that cannot run; the message is one line for the person who typed it."""


def check_syntax(text: str) -> None:
    """Raise :class:`QueryError` for what Whoosh would silently misread."""
    if not text.strip():
        raise QueryError('empty query: type a word, a "phrase" or a topic')
    if text.count('"') % 2:
        raise QueryError('unbalanced quote: close the phrase with a second "')
    depth = 0
    for char in _outside_quotes(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QueryError("unbalanced parentheses: a ')' has no '('")
    if depth:
        raise QueryError("unbalanced parentheses: a '(' is not closed")
    words = re.findall(r"[^\s()]+", _outside_quotes(text))
    if words and all(word in _OPERATORS for word in words):
        raise QueryError(f"nothing to search for: {text.strip()!r} is only operators")
    if words and (words[0] in _OPERATORS - {"NOT"} or words[-1] in _OPERATORS):
        raise QueryError(
            f"{words[0] if words[0] in _OPERATORS else words[-1]} needs a word on each side"
        )


def _outside_quotes(text: str) -> str:
    return re.sub(r'"[^"]*"', " PHRASE ", text)
