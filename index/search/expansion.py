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
from index.search.segment_memo import SegmentMemo
from index.search.stopwords import STOPWORDS

FEEDBACK_PASSAGES = 10
"""How many of the best direct hits teach the topic its words."""
WORDS = 6
"""How many expansion words a topic gets at most."""
MIN_WORDS = 2
"""A passage with no word of the query needs this many expansion words to be a hit."""


def expansion_terms(
    searcher, docnums: Sequence[int], known: Iterable[str], memo: SegmentMemo | None = None
) -> list[str]:
    """The stems the passages ``docnums`` are most about, beyond the ``known`` ones
    (``memo``: the segments' term lookups to use and keep)."""
    known = set(known)
    expander = Expander(searcher.reader(), "body", model=Bo1Model)
    for docnum in docnums[:FEEDBACK_PASSAGES]:
        expander.add_document(docnum)
    chosen: list[str] = []
    for term, _weight in _expanded(expander, WORDS * 5, memo or SegmentMemo()):
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


def _expanded(expander: Expander, number: int, memo: SegmentMemo) -> list[tuple[str, float]]:
    """Whoosh's ``expander.expanded_terms(number, normalize=False)``, each word's frequency
    in the index read through ``memo``: Whoosh looks each up twice in every segment (~300
    words, 70% of the expansion's cost at 1,000 articles, issue 16)."""
    field = expander.ixreader.schema[expander.fieldname]
    scored, top = [], 0
    for word, weight in expander.topN_weight.items():
        frequency = memo.frequency(expander.ixreader, (expander.fieldname, field.to_bytes(word)))
        if frequency:
            score = expander.model.score(weight, frequency, expander.top_total)
            top = max(top, score)
            scored.append((score, word))
    scored = [(score / top, word) for score, word in scored]  # as Whoosh divides: ties alike
    scored.sort(key=lambda pair: (0 - pair[0], pair[1]))
    return [(word, score) for score, word in scored[:number]]
