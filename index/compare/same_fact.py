"""Same fact elsewhere: for one passage, the passage of every other article that reports it.

Passages are compared by their content terms (stemmed, aliases joined, function words out),
each weighted by how rare it is across the briefing's passages (IDF), so that "Patriot" and
"civilians" count and "Trump" hardly does. The score is the cosine of the two weighted term
sets, blended with the cosine of their word pairs ("air defense", "power plants"), which
rewards the same wording; for passages of several sentences, the best pair of sentences
counts when it scores higher (one passage often reports several facts). An article whose
best passage scores under the threshold has not reported the fact. Measured against Whoosh's
more-like-this in ``tests/bench/bench_compare``.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from index.compare.table import Bag, PassageRecord, PassageTable, article_order, passage_table
from index.search.api import Searcher
from index.search.spans import Span, merge_spans
from index.search.store import ArticleInfo

DEFAULT_THRESHOLD = 0.15
"""Similarity (0..1) a passage needs to count as the same fact."""
PAIR_SHARE = 0.3
"""Weight of the word-pair cosine in the score; the rest is the single-term cosine."""
SENTENCE_SMOOTHING = 5.0
"""Added to sentences' squared norms: about one rare word's weight squared."""


@dataclass(frozen=True)
class Match:
    """The passage of ``article`` that reports the same fact, and the words both share."""

    article: ArticleInfo
    passage: int
    text: str
    score: float
    shared_terms: list[str]  # as the original writes them, most telling first
    spans_in_original: list[Span]  # offsets into the original passage's text
    spans_in_match: list[Span]  # offsets into ``text``
    also: tuple[int, ...] = ()  # other passages of the article over the threshold, best first


@dataclass(frozen=True)
class NotReported:
    """``article`` has no passage close enough; ``best_score`` says how close it came."""

    article: ArticleInfo
    best_score: float = 0.0


@dataclass
class Scorer:
    """Similarity of passages under one table's term weights."""

    weights: dict[str, float]
    _norms: dict[int, tuple[float, float]] = field(default_factory=dict)

    def _weight(self, key: str) -> float:
        return max(self.weights.get(key, 0.0), 0.0)

    def _pair_weight(self, pair: tuple[str, str]) -> float:
        return (self._weight(pair[0]) + self._weight(pair[1])) / 2

    def _norms_of(self, bag: Bag) -> tuple[float, float]:
        norms = self._norms.get(id(bag))
        if norms is None:
            single = sum(self._weight(key) ** 2 for key in bag.keys)
            pairs = sum(self._pair_weight(pair) ** 2 for pair in bag.pairs)
            norms = self._norms[id(bag)] = (single, pairs)
        return norms

    def cosine(self, one: Bag, other: Bag, smoothing: float = 0.0) -> float:
        """Blend of the weighted cosines of single terms and of word pairs, in 0..1.

        ``smoothing`` is added to both squared norms, so that two short texts made of a few
        common words do not score high just for being short.
        """
        one_single, one_pairs = self._norms_of(one)
        other_single, other_pairs = self._norms_of(other)
        if not one_single or not other_single:
            return 0.0
        shared = sum(self._weight(key) ** 2 for key in one.keys & other.keys)
        single = shared / math.sqrt((one_single + smoothing) * (other_single + smoothing))
        pairs = 0.0
        if one_pairs and other_pairs:
            shared = sum(self._pair_weight(pair) ** 2 for pair in one.pairs & other.pairs)
            pairs = shared / math.sqrt((one_pairs + smoothing) * (other_pairs + smoothing))
        return (1 - PAIR_SHARE) * single + PAIR_SHARE * pairs

    def score(self, one: PassageRecord, other: PassageRecord) -> float:
        """The passages' cosine, or that of their closest sentences when higher."""
        best = self.cosine(one.bag, other.bag)
        if not one.keys & other.keys:
            return best
        for sentence in one.sentences or [one.bag]:
            for other_sentence in other.sentences or [other.bag]:
                if sentence is one.bag and other_sentence is other.bag:
                    continue
                best = max(best, self.cosine(sentence, other_sentence, SENTENCE_SMOOTHING))
        return best


_SCORERS: weakref.WeakKeyDictionary[PassageTable, Scorer] = weakref.WeakKeyDictionary()


def scorer_for(table: PassageTable, aliases: Mapping[str, Iterable[str]] | None) -> Scorer:
    """The table's scorer (made once per table and alias set)."""
    _maker, weights = table.analysed(aliases)
    cached = _SCORERS.get(table)
    if cached is None or cached.weights is not weights:
        cached = _SCORERS[table] = Scorer(weights)
    return cached


def prepare(searcher: Searcher, aliases: Mapping[str, Iterable[str]] | None = None) -> None:
    """Analyse every passage now (a few hundred ms on 50 articles), e.g. in a worker, so
    that the first :func:`same_fact` answers at once."""
    scorer_for(passage_table(searcher.index), aliases)


def best_in_article(
    scorer: Scorer, origin: PassageRecord, candidates: Sequence[PassageRecord]
) -> list[tuple[float, PassageRecord]]:
    """The article's passages scored against ``origin``, best first (ties: earlier first)."""
    scored = [(scorer.score(origin, record), record) for record in candidates]
    scored.sort(key=lambda item: (-item[0], item[1].number))
    return scored


def same_fact(
    searcher: Searcher,
    path: str,
    passage: int,
    threshold: float = DEFAULT_THRESHOLD,
    aliases: Mapping[str, Iterable[str]] | None = None,
) -> list[Match | NotReported]:
    """For every other article (by date, then label): its matching passage, or not reported.

    ``aliases`` are the config's spellings (``config.aliases``); raises KeyError when the
    article or passage is not in the index.
    """
    table = passage_table(searcher.index)
    scorer = scorer_for(table, aliases)
    origin = table.record(path, passage)
    results: list[Match | NotReported] = []
    for article in article_order(table.articles):
        if article.path == path:
            continue
        scored = best_in_article(scorer, origin, table.by_path.get(article.path, []))
        if not scored or scored[0][0] < threshold:
            results.append(NotReported(article, scored[0][0] if scored else 0.0))
            continue
        score, best = scored[0]
        also = tuple(record.number for s, record in scored[1:] if s >= threshold)
        results.append(_match(scorer, article, origin, best, score, also))
    return results


def _match(
    scorer: Scorer,
    article: ArticleInfo,
    origin: PassageRecord,
    best: PassageRecord,
    score: float,
    also: tuple[int, ...],
) -> Match:
    shared = origin.keys & best.keys
    words: dict[str, str] = {}
    for term in origin.terms:
        if term.key in shared:
            words.setdefault(term.key, origin.text[term.start : term.end])
    ranked = sorted(words, key=lambda key: -scorer.weights.get(key, 0.0))
    return Match(
        article=article,
        passage=best.number,
        text=best.text,
        score=round(score, 4),
        shared_terms=[words[key] for key in ranked],
        spans_in_original=merge_spans([(t.start, t.end) for t in origin.terms if t.key in shared]),
        spans_in_match=merge_spans([(t.start, t.end) for t in best.terms if t.key in shared]),
        also=also,
    )
