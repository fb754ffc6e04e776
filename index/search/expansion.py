"""Feedback expansion: words the briefing's strongest hits associate with a topic.

The best direct hits are read as a sample of the topic (pseudo-relevance feedback); Whoosh's
Bo1 model ranks their words by how much more often they occur there than in the whole
briefing. The strongest few become the topic's expansion words ("swap", "freed"): lit more
weakly in the hits, and a passage holding two of them is a hit of kind ``expansion``.

In prototypes this helped on the briefing it was tuned on and barely elsewhere, so topics
have it off unless they say ``expand: true``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from whoosh.classify import Bo1Model, Expander

from index.search.analysis import body_analyzer
from index.search.stopwords import STOPWORDS

FEEDBACK_PASSAGES = 10
"""How many of the best direct hits teach the topic its words."""
WORDS = 6
"""How many expansion words a topic gets at most."""
MIN_WORDS = 2
"""A passage with no word of the query needs this many expansion words to be a hit."""


def expansion_terms(searcher, docnums: Sequence[int], known: Iterable[str]) -> list[str]:
    """The stems the passages ``docnums`` are most about, beyond the ``known`` ones."""
    known = set(known)
    expander = Expander(searcher.reader(), "body", model=Bo1Model)
    for docnum in docnums[:FEEDBACK_PASSAGES]:
        expander.add_document(docnum)
    chosen: list[str] = []
    for term, _weight in expander.expanded_terms(WORDS * 5, normalize=False):
        if term in known or len(term) < 3 or term.isdigit() or term in STOPWORDS:
            continue
        chosen.append(term)
        if len(chosen) == WORDS:
            break
    return chosen


def surface_words(terms: Sequence[str], texts: Iterable[str]) -> list[str]:
    """Each stem as a word the passages write it with ("exchang" -> "exchange")."""
    wanted = set(terms)
    found: dict[str, str] = {}
    for text in texts:
        for token in _ANALYZER(text, chars=True):
            if token.text in wanted and token.text not in found:
                found[token.text] = text[token.startchar : token.endchar].lower()
        if len(found) == len(wanted):
            break
    return [found.get(term, term) for term in terms]


_ANALYZER = body_analyzer(cachesize=10_000)
