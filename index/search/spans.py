"""Exactly which characters of a passage a query matched.

Whoosh's highlighter marks every word of a phrase wherever it stands and stops at 32,768
characters; the app needs better. Here the passage is analyzed again with the index's own
analyzers and each token is compared with the query's terms; a phrase matches only where
its words stand in order, and then spans from its first to its last word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh import query
from whoosh.support.charset import accent_map

from index.search.analysis import _TOKEN, exact_analyzer
from index.search.languages import language, stem_in
from index.search.memo import ByIdentity

Span = tuple[int, int]


@dataclass
class SpanMatcher:
    """The positive terms and phrases of a query, with patterns expanded to real terms."""

    body_terms: set[str] = field(default_factory=set)
    exact_terms: set[str] = field(default_factory=set)
    phrases: list[tuple[tuple[str, ...], int]] = field(default_factory=list)  # words, slop

    @classmethod
    def for_query(cls, parsed: query.Query, reader=None) -> SpanMatcher:
        """Collect what should be highlighted: every term not under a NOT."""
        matcher = cls()
        matcher._collect(parsed, reader)
        return matcher

    @classmethod
    def of(cls, parsed: query.Query, reader) -> SpanMatcher:
        """:meth:`for_query`, worked out once for a query without patterns (a pattern's words
        are read from the index, which changes)."""
        matcher = _WITHOUT_PATTERNS(parsed)
        return matcher if matcher is not None else cls.for_query(parsed, reader)

    def _collect(self, node: query.Query, reader) -> None:
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.AndNot):
            self._collect(node.a, reader)
            return
        if isinstance(node, query.Phrase):
            if len(node.words) == 1:
                self.body_terms.add(node.words[0])
            else:
                self.phrases.append((tuple(node.words), node.slop))
            return
        if isinstance(node, query.Term):
            self._terms_for(node.fieldname).add(node.text)
            return
        if isinstance(node, query.MultiTerm):
            if reader is not None:
                terms = self._terms_for(node.fieldname)
                for _fieldname, text in node.expanded_terms(reader):
                    terms.add(text.decode("utf-8") if isinstance(text, bytes) else text)
            return
        if not node.is_leaf():
            for child in node.children():
                self._collect(child, reader)

    def _terms_for(self, fieldname: str) -> set[str]:
        return self.exact_terms if fieldname == "exact" else self.body_terms

    def spans(self, text: str) -> list[Span]:
        """Sorted, merged character spans of ``text`` that the query matched."""
        found: list[Span] = []
        if self.body_terms or self.phrases:
            matches, stems = body_tokens(text)
            terms = self.body_terms
            found.extend(matches[n].span() for n, word in enumerate(stems) if word in terms)
            for words, slop in self.phrases:
                first = words[0]
                if first in stems:
                    starts = [n for n, word in enumerate(stems) if word == first]
                    found.extend(_phrase_spans(matches, stems, starts, words, slop))
        if self.exact_terms:
            found.extend(
                (t.startchar, t.endchar)
                for t in _exact(text, positions=False, chars=True)
                if t.text in self.exact_terms
            )
        return merge_spans(found)


def _without_patterns(parsed: query.Query) -> SpanMatcher | None:
    """The matcher of a query without wildcard, prefix or fuzzy terms; None for one with."""
    if any(isinstance(leaf, query.MultiTerm) for leaf in parsed.leaves()):
        return None
    return SpanMatcher.for_query(parsed)


_WITHOUT_PATTERNS = ByIdentity(_without_patterns)


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sort spans and join the ones that overlap or touch."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def outside(spans: list[Span], excluded: list[Span]) -> list[Span]:
    """The spans that do not lie wholly inside an excluded span."""
    return [
        (start, end)
        for start, end in spans
        if not any(low <= start and end <= high for low, high in excluded)
    ]


@lru_cache(maxsize=512)
def body_tokens(text: str) -> tuple[list[re.Match], list[str]]:
    """The passage's words (their matches: where each stands) and their stems, as the
    ``body`` field indexes them.

    Kept for the last passages seen: a topic matches, excludes and finds context in the
    same passages. The same steps as the Whoosh analyzer chain, without its generators;
    each word's stem is remembered for its language.
    """
    lang = language(text)
    known = _STEMS.get(lang)
    if known is None or len(known) > 100_000:
        known = _STEMS[lang] = {}
    matches = list(_TOKEN_RE.finditer(text))
    words = [match.group() for match in matches]
    stems = [known.get(word) or _stem(word, lang, known) for word in words]
    return matches, stems


def _stem(word: str, lang: str, known: dict[str, str]) -> str:
    stemmed = known[word] = stem_in(word.lower().translate(accent_map), lang)
    return stemmed


def _phrase_spans(
    matches: list[re.Match], stems: list[str], starts: list[int], words: tuple[str, ...], slop: int
):
    """Spans where ``words`` occur in order, each within ``slop`` words of the previous."""
    for index in starts:
        position, found = index, True
        for wanted in words[1:]:
            window = stems[position + 1 : position + 1 + max(slop, 1)]
            if wanted not in window:
                found = False
                break
            position += window.index(wanted) + 1
        if found:
            yield (matches[index].start(), matches[position].end())


_exact = exact_analyzer()
_TOKEN_RE = re.compile(_TOKEN)
_STEMS: dict[str, dict[str, str]] = {}  # language -> word -> stem
