"""Checks on query text that need no index (and so no Whoosh import).

Whoosh's parser never fails: it turns an unbalanced quote into loose words and a lone ``AND``
into nothing. A person must hear about that, so these checks raise :class:`QueryError` with a
one-line message instead. The configuration uses them to vet topics at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


@dataclass(frozen=True)
class Topic:
    """A named query from the configuration, with the parts that refine it.

    ``also``: words or phrases that find the topic too, at a lower weight; ``exclude``
    (``except:`` in the configuration): phrases inside which a matched word does not count
    ("Zaporizhzhia direction"); ``context``: phrases that refer back to the topic ("the
    plant"), which make a passage next to a hit a context hit. Each is one query ("" for none).
    ``expand``: whether the briefing's best hits teach the topic more words (feedback).
    """

    name: str
    query: str
    also: str = ""
    exclude: str = ""
    context: str = ""
    expand: bool = False


TOPIC_FIELDS = {
    "name": "name",
    "query": "query",
    "also": "also",
    "except": "exclude",
    "context": "context",
    "expand": "expand",
}
"""Configuration key of a topic -> its :class:`Topic` field."""


def topic_part(value: object, key: str) -> str:
    """One query from a topic part: a query, or a list of them (any of which counts).

    In a list, plain words are a phrase: ``[the plant, NPP]`` is ``"the plant" OR NPP``.
    """
    if value is None or value == "" or value == []:
        return ""
    items = value if isinstance(value, list) else [value]
    if not all(
        isinstance(item, str | int | float) and not isinstance(item, bool) for item in items
    ):
        raise QueryError(f"{key} must be a query or a list of queries")
    texts = [_phrase_if_plain(str(item).strip()) for item in items]
    for text in texts:
        try:
            check_syntax(text)
        except QueryError as error:
            raise QueryError(f"{key}: {error}") from None
    return texts[0] if len(texts) == 1 else " OR ".join(f"({text})" for text in texts)


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


def _phrase_if_plain(text: str) -> str:
    words = text.split()
    plain = not re.search(r'["()*?~^:]', text) and not _OPERATORS.intersection(words)
    return f'"{text}"' if plain and len(words) > 1 else text


def _outside_quotes(text: str) -> str:
    return re.sub(r'"[^"]*"', " PHRASE ", text)
