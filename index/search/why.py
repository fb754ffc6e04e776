"""One line saying why a passage matched: through which words, and how each one matched.

``Kursk`` (the query's word), ``prisoners`` (a stem of the query's ``prisoner``),
``Курской`` (an alias), ``swap`` (a topic's ``also``), an expansion word, or context: a
passage that refers back ("the plant") next to a hit.
"""

from __future__ import annotations

import re
from typing import Protocol

from index.search.hit_kinds import CONTEXT, EXPANSION, WHY
from index.search.languages import language, stem_in

_WORD = re.compile(r"\w+(?:\.\w+)*")
_QUOTED = re.compile(r'"([^"]*)"')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


class _Hit(Protocol):
    text: str
    spans: list[tuple[int, int]]
    span_kinds: list[str]
    kind: str


def explain(hit: _Hit, query_text: str, also_text: str = "") -> str:
    """``why: Kursk (query word), prisoners (stem of "prisoner"), the plant (context)``."""
    lang = language(hit.text)
    wanted = _phrases(query_text, lang)
    also = _phrases(also_text, lang)
    reasons: dict[str, None] = {}
    for number, (start, end) in enumerate(hit.spans):
        said = " ".join(hit.text[start:end].split())
        kind = hit.span_kinds[number] if number < len(hit.span_kinds) else hit.kind
        reasons[f"{said} ({_how(said, kind, lang, wanted, also)})"] = None
    if hit.kind == CONTEXT:
        return WHY + "context: " + ", ".join(reasons) + " carries on a hit next to it"
    return WHY + ", ".join(reasons)


def _how(said: str, kind: str, lang: str, wanted: dict, also: dict) -> str:
    if kind == CONTEXT:
        return "refers back"
    if kind == EXPANSION:
        return "expansion"
    folded = _fold(said)
    stems = _stems(folded, lang)
    for phrases, name in ((wanted, "query word"), (also, "also")):
        for written, (their_folded, their_stems) in phrases.items():
            if folded == their_folded:
                return name
            if stems == their_stems:
                return f'stem of "{written}"' if name == "query word" else f'also, "{written}"'
    return "alias"


def _phrases(query_text: str, lang: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The words and phrases of a query: as written -> (folded words, their stems)."""
    found = [match.group(1) for match in _QUOTED.finditer(query_text)]
    rest = _QUOTED.sub(" ", query_text)
    found += [word for word in _WORD.findall(rest) if word not in _OPERATORS]
    phrases = {}
    for written in found:
        folded = _fold(written)
        if folded:
            phrases[written] = (folded, _stems(folded, lang))
    return phrases


def _fold(text: str) -> tuple[str, ...]:
    from whoosh.support.charset import accent_map

    return tuple(word.lower().translate(accent_map) for word in _WORD.findall(text))


def _stems(folded: tuple[str, ...], lang: str) -> tuple[str, ...]:
    return tuple(stem_in(word, lang) for word in folded)
