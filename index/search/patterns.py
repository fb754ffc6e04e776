"""Wildcard and fuzzy terms kept from running away.

A pattern can stand for thousands of words (``t*`` in a large briefing), and a fuzzy term
with a large distance (``Trump~9``) for nearly every word: such a query took seconds to
minutes. When parsed, a fuzzy distance is capped (:func:`limit_patterns`) and a pattern
without a letter refused; when run, a query whose patterns stand for too many of the
index's words is refused (:func:`check_expansion`). Each says so in one line.
"""

from __future__ import annotations

import copy
import re
from itertools import islice

from whoosh import query

from index.search.syntax import QueryError

MAX_FUZZY_DISTANCE = 2
"""Edits a fuzzy term may allow: ``kursk~2`` finds ``kurks``; beyond, most words match."""
FUZZY_PREFIX = 1
"""Letters a fuzzy term keeps as typed: comparing only the words that start alike is ~10×
faster (``kursk~2``: 1.6 s -> 0.13 s on 600 articles), and a first letter is seldom a typo."""
MAX_EXPANDED_TERMS = 1000
"""Words the patterns of one query may stand for (``pris*`` stands for a dozen)."""


def limit_patterns(node: query.Query) -> tuple[query.Query, list[str]]:
    """``node`` with fuzzy distances capped (a notice for each) and first letters kept.

    Raises :class:`QueryError` for a wildcard without a letter (``*?*?*``)."""
    notices: list[str] = []

    def visit(child: query.Query) -> query.Query:
        if isinstance(child, query.FuzzyTerm):
            capped = copy.copy(child)
            capped.prefixlength = max(child.prefixlength, FUZZY_PREFIX)
            if child.maxdist > MAX_FUZZY_DISTANCE:
                notices.append(
                    f"{child.text}~{child.maxdist:g}: fuzzy distance capped at {MAX_FUZZY_DISTANCE}"
                )
                capped.maxdist = MAX_FUZZY_DISTANCE
            return capped
        if isinstance(child, query.Wildcard) and not re.sub(r"[*?]", "", child.text):
            raise QueryError(f"{child.text!r} has no letter: a wildcard needs part of a word")
        return child if child.is_leaf() else child.apply(visit)

    return visit(node), notices


def check_expansion(node: query.Query, reader) -> None:
    """Raise :class:`QueryError` when the query's patterns stand for more than
    :data:`MAX_EXPANDED_TERMS` words of the index (counted up to the limit only)."""
    room = MAX_EXPANDED_TERMS
    for leaf in node.leaves():
        if not isinstance(leaf, query.MultiTerm):
            continue
        found = sum(1 for _ in islice(leaf.expanded_terms(reader), room + 1))
        if found > room:
            shown = f"{leaf.text}~{leaf.maxdist:g}" if isinstance(leaf, query.FuzzyTerm) else None
            shown = shown or (f"{leaf.text}*" if isinstance(leaf, query.Prefix) else leaf.text)
            raise QueryError(
                f"{shown} stands for too many words (over {MAX_EXPANDED_TERMS:,} in all):"
                " type more of the word"
            )
        room -= found
