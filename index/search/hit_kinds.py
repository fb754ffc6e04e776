"""How a passage matched a query: the kinds of hit and of span, and how they are counted.

Kept free of Whoosh so that the app can draw and count hits without loading the search.
"""

from __future__ import annotations

from collections.abc import Iterable

MATCH = "match"
"""The query's own words: as written, stemmed, or through an alias or a topic's ``also``."""
EXPANSION = "expansion"
"""Words the briefing's strongest hits taught the topic (feedback expansion)."""
CONTEXT = "context"
"""A passage that carries on a neighbouring hit's subject ("the plant", "the swap")."""
KINDS = (MATCH, EXPANSION, CONTEXT)
WHY = "why: "
"""The start of the line that says why a passage matched (see :mod:`index.search.why`)."""


def count_label(kinds: Iterable[str]) -> str:
    """``"3 hits + 2 in context"``, ``"1 hit"``, ``"no hits"`` for hits of these kinds."""
    kinds = list(kinds)
    context = sum(kind == CONTEXT for kind in kinds)
    direct = len(kinds) - context
    if not kinds:
        return "no hits"
    label = f"{direct} hit{'s' if direct != 1 else ''}"
    return f"{label} + {context} in context" if context else label
