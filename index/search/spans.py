"""Exactly which characters of a passage a query matched.

Whoosh's highlighter marks every word of a phrase wherever it stands and stops at 32,768
characters; the app needs better. Here the passage is analyzed again with the index's own
analyzers and each token is compared with the query's terms; a phrase matches only where
its words stand in order, and then spans from its first to its last word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, islice

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
            stems = body_stems(text)
            terms = self.body_terms
            ranges: list[tuple[int, int]] = []  # numbers of the first and the last word
            if not terms.isdisjoint(stems):
                matched = compress(range(len(stems)), map(terms.__contains__, stems))
                ranges.extend((number, number) for number in matched)
            starts_of: dict[str, list[int]] = {}  # a phrase's first word: where it stands
            for words, slop in self.phrases:
                first = words[0]
                starts = starts_of.get(first)
                if starts is None:
                    starts = starts_of[first] = _where(first, stems)
                if starts:
                    ranges.extend(_phrase_ranges(stems, starts, words, slop))
            if ranges:
                found.extend(_characters(text, ranges))
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
def body_stems(text: str) -> tuple[str, ...]:
    """The stems of the passage's words, as the ``body`` field indexes them.

    Kept for the last passages seen: a topic matches, excludes and finds context in the
    same passages. The same steps as the Whoosh analyzer chain, without its generators;
    each word's stem is remembered for its language. Where a word stands is found only for
    the words that matched (:func:`_characters`).
    """
    lang = language(text)
    known = _STEMS.get(lang)
    if known is None or len(known) > 100_000:
        known = _STEMS[lang] = {}
    words = _TOKEN_RE.findall(text)
    stems = tuple(map(known.get, words))
    if None in stems:
        stems = tuple(
            _stem(word, lang, known) if stemmed is None else stemmed
            for word, stemmed in zip(words, stems, strict=True)
        )
    return stems


def _stem(word: str, lang: str, known: dict[str, str]) -> str:
    stemmed = known[word] = stem_in(word.lower().translate(accent_map), lang)
    return stemmed


def _where(word: str, stems: tuple[str, ...]) -> list[int]:
    """The numbers of the words whose stem is ``word``."""
    if word not in stems:
        return []
    return list(compress(range(len(stems)), map(word.__eq__, stems)))


def _phrase_ranges(
    stems: tuple[str, ...], starts: list[int], words: tuple[str, ...], slop: int
) -> Iterator[tuple[int, int]]:
    """(first, last) word numbers where ``words`` occur in order, each within ``slop`` words
    of the previous."""
    for index in starts:
        position, found = index, True
        for wanted in words[1:]:
            window = stems[position + 1 : position + 1 + max(slop, 1)]
            if wanted not in window:
                found = False
                break
            position += window.index(wanted) + 1
        if found:
            yield index, position


def _characters(text: str, ranges: list[tuple[int, int]]) -> list[Span]:
    """The characters from the start of each range's first word to the end of its last,
    reading the words of ``text`` once, up to the last one needed."""
    matches = {}
    words = _TOKEN_RE.finditer(text)
    read = 0
    for number in sorted({number for pair in ranges for number in pair}):
        matches[number] = next(islice(words, number - read, None))
        read = number + 1
    return [(matches[first].start(), matches[last].end()) for first, last in ranges]


_exact = exact_analyzer()
_TOKEN_RE = re.compile(_TOKEN)
_STEMS: dict[str, dict[str, str]] = {}  # language -> word -> stem
