"""Ranking passages by BM25F without Whoosh's matcher tree, for queries of terms and phrases.

Whoosh scores a query by walking a tree of matchers one passage at a time: ~30 µs for each
passage a topic matches, and the Zaporizhzhia topic matches 3,400 of 84,000 passages at
10,000 articles. For queries made of terms and exact phrases with AND, OR and NOT (topics,
words, phrases) the Ranker sums the same BM25F scores from the same postings, field lengths
and statistics a posting block at a time: that topic ranks in ~14 ms instead of ~105. A
phrase scores as Whoosh scores it, the sum of its words' scores, in the passages where its
stems stand one after the other (positions decoded in the passages holding every word only).
Postings are read by :func:`index.search.codec.posting_blocks`: a term's blocks in one read
of the postings file, and for a phrase's next words only the blocks that may hold a passage
holding the words before. Anything else (wildcards, fuzzy terms, phrases with slop) is left
to Whoosh. Scores agree with Whoosh's but for the last bits of a float (it adds the parts of
an OR in another order); ties go to the lower document number, as in Whoosh. Whoosh's top-N
collector can also drop a match that belongs in the top N (seen with a boosted OR inside an
AND); the Ranker scores every match.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate
from pickle import loads

from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.formats import Positions
from whoosh.scoring import BM25F, bm25
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from index.search.codec import posting_blocks
from index.search.memo import ByIdentity
from index.search.query import Variants
from index.search.segment_memo import SegmentMemo

Scores = dict[int, float]  # docnum in the segment -> score
_LENGTHS = [byte_to_length(byte) for byte in range(256)]  # Whoosh stores a length in a byte
_BOOLEAN = (query.Not, query.AndNot, query.AndMaybe)


class Ranker:
    """Ranks the passages matching a query of terms, AND, OR and NOT, segment by segment.

    Keeps each segment's field lengths (one byte per passage), term lookups and phrase
    matches (:class:`SegmentMemo`) between queries: a committed segment never changes.
    """

    def __init__(self) -> None:
        self.memo = SegmentMemo()

    def ranked(self, searcher, node: query.Query) -> Iterator[tuple[int, float]] | None:
        """Every match as (docnum, score), best first, ties by docnum; None when the query
        has parts only Whoosh can run. Sorted as it is read: taking the best 20 of 3,000
        costs a heap, not a sort."""
        if not _runs_here(searcher, node):
            return None
        heap: list[tuple[float, int]] = []  # -score, docnum: the smaller the better
        live = set()
        parameters: dict = {}  # the same in every segment
        for leaf, offset in searcher.reader().leaf_readers():
            if not leaf.doc_count_all():
                continue
            segment = leaf.segment().segment_id()
            live.add(segment)
            scorer = _SegmentScorer(searcher, leaf, segment, self.memo, parameters)
            scores = scorer.scores(node)
            heap.extend((-score, docnum + offset) for docnum, score in scores.items())
        self.memo.retain(live)
        heapq.heapify(heap)
        return _best_first(heap)


def matching(searcher, node: query.Query, memo: SegmentMemo | None = None) -> set[int] | None:
    """The docnums of every match, unranked; None when the query has parts only Whoosh runs.
    ``memo``: the segments' term lookups and phrase matches to use and keep (a Ranker's)."""
    if not _runs_here(searcher, node):
        return None
    found: set[int] = set()
    memo = memo if memo is not None else SegmentMemo()
    parameters: dict = {}
    for leaf, offset in searcher.reader().leaf_readers():
        if leaf.doc_count_all():
            segment = leaf.segment().segment_id()
            scorer = _SegmentScorer(searcher, leaf, segment, memo, parameters)
            scores = scorer.scores(node)
            found.update(docnum + offset for docnum in scores)
    return found


def occurrences(
    searcher, fieldname: str, texts: Iterable[str], memo: SegmentMemo | None = None
) -> dict[int, float]:
    """How many times the terms ``texts`` occur in each live document holding one of them
    (``memo``: the segments' term lookups to use and keep)."""
    schema = searcher.schema
    found: dict[int, float] = {}
    memo = memo if memo is not None else SegmentMemo()
    for leaf, offset in searcher.reader().leaf_readers():
        deleted = leaf.deleted_docs_set if leaf.has_deletions() else frozenset()
        segment = leaf.segment().segment_id()
        for text in texts:
            key = fieldname, schema[fieldname].to_bytes(text)
            terminfo = memo.term_info(leaf, segment, key)
            if terminfo is None:
                continue
            for docnums, weights, _values in posting_blocks(leaf, key, terminfo):
                for docnum, weight in zip(docnums, weights, strict=True):
                    if docnum not in deleted:
                        found[docnum + offset] = found.get(docnum + offset, 0) + weight
    return found


def _best_first(heap: list[tuple[float, int]]) -> Iterator[tuple[int, float]]:
    while heap:
        negated, docnum = heapq.heappop(heap)
        yield docnum, -negated


def _runs_here(searcher, node: query.Query) -> bool:
    """Whether the Ranker scores ``node`` on ``searcher`` exactly as Whoosh would."""
    return type(searcher.weighting) is BM25F and _SUPPORTED(node)(searcher.schema)


def _supported_in(node: query.Query):
    """Whether ``node`` is supported, worked out once for the schema first asked (every
    index has the same one)."""
    answer: list[bool] = []

    def supported(schema) -> bool:
        if not answer:
            answer.append(_supported(node, schema))
        return answer[0]

    return supported


_SUPPORTED = ByIdentity(_supported_in)


def _supported(node: query.Query, schema) -> bool:
    """Whether every part of ``node`` is one the Ranker scores exactly as Whoosh does."""
    kind = type(node)
    if kind is query.Term:
        return node.fieldname not in schema or schema[node.fieldname].scorable
    if kind is query.Phrase:  # exact (slop 1) on a field with positions, as Whoosh needs
        if node.slop != 1 or len(node.words) < 2:
            return False
        if node.fieldname not in schema:  # matches nothing, as in Whoosh
            return True
        field = schema[node.fieldname]
        return field.scorable and field.format.supports("positions")
    if kind is query.Or or kind is Variants:  # Variants: a word's stems in several languages
        return not node.minmatch and node.scale is None and _all_supported(node, schema)
    if kind is query.And or kind in _BOOLEAN:
        return _all_supported(node, schema)
    return False


def _all_supported(node: query.Query, schema) -> bool:
    return all(_supported(child, schema) for child in node.children())


class _SegmentScorer:
    """The scores of one query's matches in one segment, computed like Whoosh's matchers."""

    def __init__(
        self,
        searcher,
        leaf,
        segment: str,
        memo: SegmentMemo,
        parameters: dict,
    ) -> None:
        self.searcher = searcher  # the whole index's: idf and average lengths are global
        self.leaf = leaf
        self.segment = segment
        self.memo = memo
        self.parameters = parameters  # shared by the segments
        self.deleted = leaf.deleted_docs_set if leaf.has_deletions() else frozenset()
        self.terms: dict[tuple[str, bytes], Scores] = {}  # a term met twice is read once

    def scores(self, node: query.Query) -> Scores:
        kind = type(node)
        if kind is query.Term:
            return _boosted(self._term(node.fieldname, node.text), node.boost)
        if kind is query.Phrase:
            return _boosted(self._phrase(node.fieldname, node.words), node.boost)
        if kind is query.Not:  # Whoosh's InverseMatcher: every other passage, scoring 1
            excluded = self.scores(node.query)
            return {
                docnum: 1.0
                for docnum in range(self.leaf.doc_count_all())
                if docnum not in excluded and docnum not in self.deleted
            }
        if kind is query.AndNot:
            excluded = self.scores(node.b)
            return {d: s for d, s in self.scores(node.a).items() if d not in excluded}
        if kind is query.AndMaybe:
            extra = self.scores(node.b)
            return {d: s + extra[d] if d in extra else s for d, s in self.scores(node.a).items()}
        children = node.subqueries
        if not children:
            return {}
        scores = self._and(children) if kind is query.And else self._or(children)
        # Whoosh boosts a compound of one child by the child's boost only.
        return scores if len(children) == 1 else _boosted(scores, node.boost)

    def _or(self, children: Sequence[query.Query]) -> Scores:
        total: Scores = {}
        for child in children:
            for docnum, score in self.scores(child).items():
                total[docnum] = total[docnum] + score if docnum in total else score
        return total

    def _and(self, children: Sequence[query.Query]) -> Scores:
        """Intersect the positive parts first; a NOT part then removes and adds 1 (Whoosh's
        inverse matcher scores 1), without listing every passage it does not hold."""
        positive = [child for child in children if type(child) is not query.Not]
        negative = [child.query for child in children if type(child) is query.Not]
        if not positive:
            return self._intersect([self.scores(child) for child in children])
        total = self._intersect(sorted((self.scores(child) for child in positive), key=len))
        for child in negative:
            excluded = self.scores(child)
            total = {d: s + 1.0 for d, s in total.items() if d not in excluded}
        return total

    @staticmethod
    def _intersect(parts: list[Scores]) -> Scores:
        total = parts[0]
        for part in parts[1:]:
            total = {d: s + part[d] for d, s in total.items() if d in part}
        return total

    def _term(self, fieldname: str, text: str) -> Scores:
        """BM25F of every live passage holding the term, as Whoosh's BM25FScorer gives it."""
        key = self._key(fieldname, text)
        if key is None:
            return {}
        if key in self.terms:
            return self.terms[key]
        scores: Scores = {}
        self.terms[key] = scores
        terminfo = self.memo.term_info(self.leaf, self.segment, key)
        if terminfo is None:
            return scores
        idf, average, b, k1 = self._bm25_parameters(key)
        lengths = self._field_lengths(fieldname)
        memo: dict[tuple[float, int], float] = {}  # (frequency, length) -> score
        for docnums, weights, _values in posting_blocks(self.leaf, key, terminfo):
            for docnum, weight in zip(docnums, weights, strict=True):
                length = lengths[docnum]
                score = memo.get((weight, length))
                if score is None:
                    score = memo[weight, length] = bm25(idf, weight, length, average, b, k1)
                scores[docnum] = score
        for docnum in self.deleted.intersection(scores):
            del scores[docnum]
        return scores

    def _phrase(self, fieldname: str, words: Sequence[str]) -> Scores:
        """The live passages where the stems ``words`` stand one after the other, each scored
        the sum of the words' scores (Whoosh's phrase matcher: the AND of its terms).

        Where a phrase stands in a segment is kept in the memo: idf and average lengths
        change with the index, not where a segment's words stand."""
        keys = [self._key(fieldname, word) for word in words]
        if None in keys:
            return {}
        held = self.memo.held(self.segment)
        memo_key = ("phrase", fieldname, tuple(words))
        stands = held.get(memo_key)
        if stands is None:
            stands = held[memo_key] = self._stands(fieldname, keys)
        lengths = self._field_lengths(fieldname)
        parameters = [self._bm25_parameters(key) for key in keys]
        scores: Scores = {}
        deleted = self.deleted
        for docnum in sorted(stands):
            if docnum in deleted:
                continue
            length = lengths[docnum]
            parts = [
                bm25(idf, weight, length, average, b, k1)
                for weight, (idf, average, b, k1) in zip(stands[docnum], parameters, strict=True)
            ]
            scores[docnum] = _tree_sum(parts)
        return scores

    def _stands(
        self, fieldname: str, keys: list[tuple[str, bytes]]
    ) -> dict[int, tuple[float, ...]]:
        """Every passage of the segment (deleted ones too) where the terms ``keys`` stand one
        after the other, with each term's frequency there.

        The rarest word is read first, each next one only in the posting blocks that may
        hold a passage holding all the words before it; positions are decoded only in the
        passages holding every word, a word at a time while the phrase can still stand."""
        leaf = self.leaf
        infos = {key: self.memo.term_info(leaf, self.segment, key) for key in keys}
        if None in infos.values():
            return {}
        postings: dict[tuple[str, bytes], dict[int, tuple[float, bytes]]] = {}
        found: set[int] | None = None
        for key in sorted(infos, key=lambda key: infos[key].doc_frequency()):
            wanted = None if found is None else sorted(found)
            postings[key] = held = {}
            for ids, weights, values in posting_blocks(leaf, key, infos[key], wanted):
                for docnum, weight, value in zip(ids, weights, values, strict=True):
                    if found is None or docnum in found:
                        held[docnum] = weight, value
            found = set(held)
            if not found:
                return {}
        decode = _position_decoder(self.searcher.schema[fieldname].format)
        first = postings[keys[0]]
        starts = {docnum: set(decode(first[docnum][1])) for docnum in found}
        for offset, key in enumerate(keys[1:], start=1):
            held = postings[key]
            starts = {
                docnum: kept
                for docnum, begins in starts.items()
                if (kept := begins.intersection(p - offset for p in decode(held[docnum][1])))
            }
        return {docnum: tuple(postings[key][docnum][0] for key in keys) for docnum in starts}

    def _key(self, fieldname: str, text: str) -> tuple[str, bytes] | None:
        """The term as the index holds it; None if the field or the text cannot hold it."""
        schema = self.searcher.schema
        if fieldname not in schema:
            return None
        try:
            return fieldname, schema[fieldname].to_bytes(text)
        except ValueError:
            return None

    def _bm25_parameters(self, key: tuple[str, bytes]) -> tuple[float, float, float, float]:
        """The term's idf, its field's average length, and BM25F's B and K1 for the field:
        worked out once a search (the average length sums every segment's, each time asked:
        ~10% of a topic's search at 1,000 articles, issue 16)."""
        found = self.parameters.get(key)
        if found is not None:
            return found
        searcher, fieldname = self.searcher, key[0]
        weighting = searcher.weighting
        found = self.parameters[key] = (
            searcher.idf(*key),
            searcher.avg_field_length(fieldname) or 1,
            weighting._field_B.get(fieldname, weighting.B),
            weighting.K1,
        )
        return found

    def _field_lengths(self, fieldname: str) -> Sequence[int]:
        """The segment's length byte of each passage in ``fieldname``, kept in the memo."""
        held = self.memo.held(self.segment)
        key = ("lengths", fieldname)  # a term's key holds bytes: never this one
        lengths = held.get(key)
        if lengths is None:
            lengths = held[key] = _read_lengths(self.leaf, fieldname)
        return lengths  # type: ignore[return-value]


def _boosted(scores: Scores, boost: float) -> Scores:
    return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}


def _position_decoder(format_) -> Callable[[bytes], Iterable[int]]:
    """How a field's values give its positions: for W3's ``Positions`` (a count, then the
    pickled gaps between positions), the gaps summed without a Python loop."""
    if type(format_) is not Positions:
        return format_.decode_positions
    return lambda value: accumulate(loads(value[_INT_SIZE:]))


def _tree_sum(parts: Sequence[float]) -> float:
    """The sum in the order Whoosh's tree of intersections adds it: a + (b + c)."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _tree_sum(parts[:half]) + _tree_sum(parts[half:])


def _read_lengths(leaf, fieldname: str) -> Sequence[int]:
    """The length of ``fieldname`` in every passage of a segment, as Whoosh scores with it."""
    count = leaf.doc_count_all()
    try:  # the length column is one byte per passage: read it in one go
        column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        raw = column._dbfile.get(column._basepos, column._count) if column else b""
    except AttributeError:
        return [leaf.doc_field_length(docnum, fieldname, 1) for docnum in range(count)]
    return [_LENGTHS[byte] for byte in raw.ljust(count, b"\0")]
