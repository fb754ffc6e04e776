"""Running a query: which passages of which articles match, and where exactly.

This is the API the app and the command line use. Results are grouped by article, best
article first; every hit carries its passage text and the character spans to highlight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from whoosh import query

from index.search.context import neighbours
from index.search.expansion import MIN_WORDS, expansion_terms, surface_words
from index.search.hit_kinds import CONTEXT, EXPANSION, MATCH
from index.search.locations import LocationCache, Locations
from index.search.memo import ByIdentity
from index.search.patterns import check_expansion
from index.search.query import (
    AliasTable,
    ParsedQuery,
    QueryError,
    QueryParser,
    Topic,
    describe,
    with_phrase_lookups,
)
from index.search.ranking import Ranker, matching, occurrences
from index.search.segment_memo import SegmentMemo
from index.search.spans import Span, SpanMatcher, outside
from index.search.store import ArticleInfo, CorpusIndex

PARSED_KEPT = 64
"""Queries kept parsed (a topic with its aliases in four languages takes ~40 ms to parse)."""
EXPANSION_WEIGHT = 0.75
"""An expansion hit scores this share of the weakest direct hit: below every one of them."""
ALSO_WEIGHT = 0.5
"""A topic's ``also`` words score at this share of its query's own."""
CONTEXT_WEIGHT = 0.5
"""A context hit scores this share of the weakest direct hit: below every direct hit."""
TEXTS_READ_AHEAD = 8
"""Articles, best first, whose hits' passages a search reads while it holds the index's lock.
The reader lands on the first and shows the next few: their panes then check their hits
without waiting for the lock, which another thread's search may hold for a second at 10,000
articles (a topic key while the app searched its topics: ~2 s of the UI's thread waiting)."""
_lookups = ByIdentity(with_phrase_lookups)
"""A parsed query's phrases as pair lookups, worked out once per query object."""


class Hit:
    """One matching passage: its article's path, its number there, score and kind; its text
    and matched spans when asked.

    A passage's text has one home, the index's stored passage: a hit that :meth:`Searcher.search`
    found asks for it there when its text or spans are first wanted (the command line prints
    every hit; the reader only the passages it draws), keeps the spans, never the text. A hit
    made with its ``text`` (tests, counting) holds it.

    ``kind`` says how it matched: ``match`` (the query's words, stems, aliases), ``expansion``
    (only words the briefing taught the topic) or ``context`` (no topic word, but it carries
    on a neighbouring hit's subject). ``span_kinds`` gives the same for each span.
    """

    __slots__ = ("_docnum", "_source", "_span_kinds", "_spans", "_text", "kind", "passage",
                 "path", "score")  # fmt: skip

    def __init__(
        self,
        passage: int,
        score: float,
        text: str | None = None,
        spans: list[Span] | None = None,
        kind: str = "match",
        span_kinds: list[str] | None = None,
        *,
        path: str = "",
        docnum: int = -1,
        source: _Passages | None = None,
    ) -> None:
        self.passage, self.score, self.kind, self.path = passage, score, kind, path
        self._text, self._docnum, self._source = text, docnum, source
        self._spans: list[Span] | None = None
        self._span_kinds: list[str] = []
        if spans is not None or source is None:
            self._set_spans(spans or [], span_kinds or [])

    def __repr__(self) -> str:
        return f"Hit({self.path!r}, passage={self.passage}, score={self.score:.4f}, {self.kind})"

    @property
    def text(self) -> str:
        """The passage as indexed (asked of the index each time when the hit does not hold it)."""
        if self._text is not None:
            return self._text
        return self._source.text(self) if self._source is not None else ""

    @property
    def spans(self) -> list[Span]:
        """The character spans to highlight in :attr:`text`, worked out when first asked."""
        if self._spans is None:
            assert self._source is not None
            self._set_spans(*self._source.highlight(self.text, self.kind))
        return self._spans  # type: ignore[return-value]

    @spans.setter
    def spans(self, spans: list[Span]) -> None:
        self._set_spans(spans, [])

    @property
    def span_kinds(self) -> list[str]:
        self.spans  # noqa: B018 - worked out with the spans
        return self._span_kinds

    @span_kinds.setter
    def span_kinds(self, kinds: list[str]) -> None:
        self._span_kinds = list(kinds)

    def highlight(self, text: str) -> tuple[list[Span], list[str]]:
        """The spans and their kinds in ``text``, the passage as the caller holds it (the
        reader: its article's text), worked out there; a hit that holds its own text has its
        spans only in that text."""
        if self._source is None:
            return (self.spans, self.span_kinds) if text == self._text else ([], [])
        return self._source.highlight(text, self.kind)

    @property
    def highlighted(self) -> bool:
        """Whether the spans are worked out yet."""
        return self._spans is not None

    def _set_spans(self, spans: list[Span], kinds: list[str]) -> None:
        self._spans = spans
        self._span_kinds = list(kinds) if len(kinds) == len(spans) else [self.kind] * len(spans)


class _Passages:
    """Where the hits of one search read their text (the index's stored passages), and the
    matchers that work out their spans in a text."""

    def __init__(self, corpus_index: CorpusIndex, searcher, matcher: SpanMatcher, excluder) -> None:
        self.index, self.searcher = corpus_index, searcher
        self.matcher, self.excluder = matcher, excluder
        self.taught: SpanMatcher | None = None  # the words expansion taught, once known
        self.context: SpanMatcher | None = None  # the context phrases, once looked for

    def text(self, hit: Hit) -> str:
        """The stored passage of ``hit``: by its document number while the search's searcher
        is open, else by path and number in the index now ("" if it no longer holds it)."""
        return self.texts([hit])[0]

    def texts(self, hits: Sequence[Hit]) -> list[str]:
        """The stored passages of ``hits``, read under one hold of the index's lock: a
        thread that waits for a search running in another one waits once, not once a hit."""
        with self.index.lock:
            if not self.searcher.is_closed:
                return [self.searcher.stored_fields(hit._docnum).get("body", "") for hit in hits]
            searcher = self.index.shared_searcher()
            found = [searcher.document(path=hit.path, passage=hit.passage) for hit in hits]
        return [fields.get("body", "") if fields else "" for fields in found]

    def highlight(self, text: str, kind: str) -> tuple[list[Span], list[str]]:
        """The spans in ``text`` of a hit of ``kind``, outside the excepted ones, and each
        span's kind: a direct hit's words (and the words expansion taught, lit as such),
        an expansion hit's taught words, a context hit's context phrases."""
        matcher = {EXPANSION: self.taught, CONTEXT: self.context}.get(kind, self.matcher)
        spans = _outside(matcher.spans(text), self.excluder, text) if matcher is not None else []
        kinds = [kind] * len(spans)
        if kind == MATCH and self.taught is not None:
            return _with_spans(spans, kinds, self.taught.spans(text), EXPANSION)
        return spans, kinds


def hit_texts(hits: Sequence[Hit]) -> list[str]:
    """The text of each of ``hits`` (of one search), those not held read from the index at
    once. A reader's pane checks every hit of its article this way when it first draws it:
    one at a time, each waited for the searches of other threads (10k articles, a topic key
    while the app searched its topics: ~2.7 s of the UI's thread)."""
    unread = [h for h in hits if isinstance(h, Hit) and h._text is None and h._source is not None]
    read: dict[int, str] = {}
    if unread:
        source = unread[0]._source
        assert source is not None
        same = [hit for hit in unread if hit._source is source]
        read = {id(hit): text for hit, text in zip(same, source.texts(same), strict=True)}
    return [read.pop(id(hit)) if id(hit) in read else hit.text for hit in hits]


@dataclass
class ArticleHits:
    """The hits of one article, best first."""

    article: ArticleInfo
    hits: list[Hit] = field(default_factory=list)

    @property
    def best_score(self) -> float:
        return max((hit.score for hit in self.hits), default=0.0)


@dataclass
class SearchResult:
    """The articles that match (best first); the ones with nothing on the query when asked."""

    query: ParsedQuery
    articles: list[ArticleHits]
    every_article: list[ArticleInfo] = field(default_factory=list, repr=False)
    """Every indexed article, listed or not: :attr:`silent` is made from it when asked."""
    expansion: list[str] = field(default_factory=list)
    """The words the best hits taught the query (``also: swap, exchange``), if it expands."""
    find_past: Callable[[], list[ArticleInfo]] | None = field(default=None, repr=False)
    """Finds the articles with hits that a ``limit`` left out, when they are asked for."""

    @cached_property
    def past_limit(self) -> list[ArticleInfo]:
        """Articles with hits that a ``limit`` left out (in path order): neither listed nor
        silent."""
        return self.find_past() if self.find_past is not None else []

    @cached_property
    def silent(self) -> list[ArticleInfo]:
        """The articles with nothing on the query (built when asked: 10,000 at 10,000)."""
        shown = {group.article.path for group in self.articles}
        shown.update(info.path for info in self.past_limit)
        return [info for info in self.every_article if info.path not in shown]

    @property
    def hit_count(self) -> int:
        return sum(len(group.hits) for group in self.articles)

    @property
    def context_count(self) -> int:
        """The context hits among :attr:`hit_count`."""
        return sum(hit.kind == "context" for group in self.articles for hit in group.hits)

    def to_json(self) -> dict:
        """The command line's ``--json`` contract (``expansion`` only for a topic that expands)."""
        data = {
            "query": self.query.shown,
            "articles": [
                {
                    **group.article.to_json(),
                    "hits": [
                        {
                            "passage": hit.passage,
                            "score": round(hit.score, 4),
                            "text": hit.text,
                            "spans": [list(span) for span in hit.spans],
                            "kind": hit.kind,
                            "span_kinds": hit.span_kinds,
                        }
                        for hit in group.hits
                    ],
                }
                for group in self.articles
            ],
        }
        if self.query.expand:  # the words the best hits taught the topic
            data["expansion"] = self.expansion
        return data


class Searcher:
    """Answers queries and topics over one indexed corpus."""

    def __init__(
        self,
        corpus_index: CorpusIndex,
        topics: Sequence[Topic] = (),
        aliases: Mapping[str, Sequence[str]] | None = None,
    ):
        self.index = corpus_index
        self.topics = list(topics)
        self.parser = QueryParser(corpus_index.schema, AliasTable.from_config(aliases or {}))
        self._ranker = Ranker()
        self._by_query = {topic.query.strip(): topic for topic in self.topics}
        self._parsed: dict[str, ParsedQuery] = {}  # text -> its query, parsed once
        self._infos: tuple[list[ArticleInfo] | None, dict[str, ArticleInfo]] = (None, {})
        self._locations = LocationCache()

    def topic(self, name: str) -> Topic:
        """The topic called ``name`` (case does not matter)."""
        for topic in self.topics:
            if topic.name.casefold() == name.casefold():
                return topic
        known = ", ".join(topic.name for topic in self.topics) or "none configured"
        raise QueryError(f"no topic named {name!r} (topics: {known})")

    def parse(self, text: str) -> ParsedQuery:
        """``text`` as a query; a topic's own query runs as the whole topic."""
        parsed = self._parsed.get(text)
        if parsed is None:
            topic = self._by_query.get(text.strip())
            parsed = self.parse_topic(topic) if topic is not None else self.parser.parse(text)
            if len(self._parsed) >= PARSED_KEPT:
                self._parsed.pop(next(iter(self._parsed)))
            self._parsed[text] = parsed
        return parsed

    def parse_topic(self, topic: Topic) -> ParsedQuery:
        """The topic's query, with its ``also`` words at a lower weight, ``except`` and
        ``context`` queries."""
        main = self.parser.parse(topic.query)
        if not (topic.also or topic.exclude or topic.context or topic.expand):
            return main
        whoosh, shown = main.whoosh, main.shown
        if topic.also:
            also = self.parser.parse(topic.also).whoosh
            whoosh = query.Or([whoosh, also.with_boost(ALSO_WEIGHT)])
            shown += f" · also {describe(also)}"
        exclude = context = None
        if topic.exclude:
            exclude = self.parser.parse(topic.exclude).whoosh
            shown += f" · except {describe(exclude)}"
        if topic.context:
            context = self.parser.parse(topic.context).whoosh
            shown += f" · context {describe(context)}"
        return ParsedQuery(topic.query, whoosh, shown, exclude, context, topic.expand)

    def search(self, text: str | ParsedQuery, limit: int | None = None) -> SearchResult:
        """Every matching passage (or the best ``limit``), grouped by article. A hit's text and
        spans are read and worked out when first asked for, unless they decide whether it
        counts (an ``except``, a loose phrase lookup)."""
        parsed = text if isinstance(text, ParsedQuery) else self.parse(text)
        runnable, approximate = _lookups(parsed.whoosh)
        filtered = approximate or parsed.exclude is not None
        with self.index.lock:
            searcher = self.index.shared_searcher()
            states = self.index.file_states(searcher)
            articles = self.index.articles(searcher)
            reader = searcher.reader()
            check_expansion(parsed.whoosh, reader)
            matcher = SpanMatcher.of(parsed.whoosh, reader)
            excluder = SpanMatcher.of(parsed.exclude, reader) if parsed.exclude else None
            source = _Passages(self.index, searcher, matcher, excluder)
            located = self._locations.get(searcher)
            memo = self._ranker.memo
            unsure = _unsure(searcher, parsed, approximate, memo) if filtered else set()
            groups: dict[str, ArticleHits] = {}
            direct: dict[int, tuple[str, Hit]] = {}  # docnum -> path, hit

            infos = self._infos_by_path(articles)

            def add(path: str, hit: Hit) -> None:
                group = groups.get(path)
                if group is None:
                    info = infos.get(path) or ArticleInfo.from_state(path, states.get(path, {}))
                    group = groups[path] = ArticleHits(info)
                group.hits.append(hit)

            # A loose phrase lookup may match a passage without the phrase, and an exclusion
            # may void every word a passage matched: go down the ranking until ``limit``
            # passages where the query really matched something.
            for docnum, score in self._ranked(searcher, runnable, None if filtered else limit):
                place = located.of(docnum)
                if place is None:  # an article record, matched by a bare NOT
                    continue
                path, number = place
                hit = Hit(number, float(score), path=path, docnum=docnum, source=source)
                if docnum in unsure:
                    body = searcher.stored_fields(docnum)["body"]
                    spans, kinds = source.highlight(body, MATCH)
                    if not spans:
                        continue
                    hit._set_spans(spans, kinds)
                add(path, hit)
                direct[docnum] = (path, hit)
                if limit is not None and len(direct) >= limit:
                    break
            expansion: list[str] = []
            if parsed.expand and direct and limit is None:
                expansion = self._expand(searcher, matcher, excluder, direct, add, source, memo)
            if parsed.context is not None and direct and (limit is None or len(direct) < limit):
                room = None if limit is None else limit - len(direct)
                found = self._context(
                    searcher, parsed, excluder, direct, room, source, located, memo
                )
                for path, hit in found:
                    add(path, hit)
            find_past = None
            if limit is not None and len(direct) >= limit:
                find_past = self._past_finder(searcher, parsed, limit, set(groups))
            # Scores equal but for float rounding (summed in another order) tie: path decides.
            ordered = sorted(
                groups.values(),
                key=lambda group: (-round(group.best_score, 9), group.article.path),
            )
            ahead = [h for g in ordered[:TEXTS_READ_AHEAD] for h in g.hits if h._text is None]
            for hit, passage in zip(ahead, source.texts(ahead), strict=True):
                hit._text = passage
        return SearchResult(parsed, ordered, articles, expansion, find_past)

    def _infos_by_path(self, articles: list[ArticleInfo]) -> dict[str, ArticleInfo]:
        """The index's articles by path, made once for each list the index gives."""
        if self._infos[0] is not articles:
            self._infos = (articles, {info.path: info for info in articles})
        return self._infos[1]

    def _past_finder(
        self, searcher, parsed: ParsedQuery, limit: int, listed: set[str]
    ) -> Callable[[], list[ArticleInfo]]:
        """What finds, when called, the articles besides ``listed`` with a hit past ``limit``:
        the same searcher's matches while the index is unchanged, else a search again (the
        first one's passage numbers no longer hold)."""

        def find() -> list[ArticleInfo]:
            with self.index.lock:
                if self.index.shared_searcher() is searcher:
                    paths = _paths_matching(searcher, parsed, listed)
                    infos = self._infos_by_path(self.index.articles(searcher))
                    return [infos[path] for path in sorted(paths) if path in infos]
            again = self.search(parsed, limit)
            found = again.past_limit + [group.article for group in again.articles]
            return sorted(
                (info for info in found if info.path not in listed), key=lambda info: info.path
            )

        return find

    def _expand(
        self,
        searcher,
        matcher: SpanMatcher,
        excluder: SpanMatcher | None,
        direct: dict,
        add,
        source: _Passages | None = None,
        memo: SegmentMemo | None = None,
    ) -> list[str]:
        """Feedback expansion: the best hits' own words lit in the hits (when they come from
        ``source``; counting needs no spans), and passages with two of them added as
        ``expansion`` hits. Returns the words as written."""
        best = sorted(direct, key=lambda docnum: -direct[docnum][1].score)
        known = matcher.body_terms.union(*(words for words, _slop in matcher.phrases))
        taught = expansion_terms(searcher, best, known, memo)
        if not taught:
            return []
        words = SpanMatcher(body_terms=set(taught))
        counts = occurrences(searcher, "body", taught, memo)  # passages with the words: how often
        if source is not None:  # the direct hits light the words too, when highlighted
            source.taught = words
            for docnum, (_path, hit) in direct.items():
                if docnum in counts and hit.highlighted:
                    hit._spans = None  # worked out again, with the words
        score = EXPANSION_WEIGHT * min(hit.score for _path, hit in direct.values())
        for docnum in sorted(set(counts) - set(direct)):
            if counts[docnum] < MIN_WORDS:  # fewer words than that, however written
                continue
            fields = searcher.stored_fields(docnum)
            if "passage" not in fields:
                continue
            text = fields["body"]
            spans = _outside(words.spans(text), excluder, text)
            if len({text[a:b].lower() for a, b in spans}) < MIN_WORDS:
                continue
            hit = _found(fields, docnum, score, text, spans, EXPANSION, source)
            add(fields["path"], hit)
            direct[docnum] = (fields["path"], hit)
        return surface_words(taught, (direct[docnum][1].text for docnum in best[:10]))

    def _context(
        self,
        searcher,
        parsed: ParsedQuery,
        excluder: SpanMatcher | None,
        direct: dict[int, tuple[str, Hit]],
        room: int | None,
        source: _Passages | None = None,
        located: Locations | None = None,
        memo: SegmentMemo | None = None,
    ) -> list[tuple[str, Hit]]:
        """The context hits next to ``direct`` hits, each scored below all of them."""
        assert parsed.context is not None
        runnable, _approximate = _lookups(parsed.context)
        candidates = _matching(searcher, runnable, memo)
        paths = {docnum: path for docnum, (path, _hit) in direct.items()}

        def path_of(docnum: int) -> str | None:
            if located is not None:
                return located.path(docnum)
            return searcher.stored_fields(docnum).get("path")

        score = CONTEXT_WEIGHT * min(hit.score for _path, hit in direct.values())
        matcher = SpanMatcher.of(parsed.context, searcher.reader())
        if source is not None:
            source.context = matcher
        found = []
        for docnum, anchor in sorted(neighbours(paths, candidates, path_of).items()):
            fields = searcher.stored_fields(docnum)
            if "passage" not in fields:
                continue
            text = fields["body"]
            spans = _outside(matcher.spans(text), excluder, text)
            if not spans:
                continue
            path = paths[anchor]
            found.append((path, _found(fields, docnum, score, text, spans, CONTEXT, source)))
            if room is not None and len(found) >= room:
                break
        return found

    def _ranked(
        self, searcher, runnable: query.Query, limit: int | None
    ) -> Iterator[tuple[int, float]]:
        """(docnum, score) best first: ranked here when the query allows, else by Whoosh
        (``limit`` is what Whoosh needs to rank; the Ranker ranks lazily)."""
        ranked = self._ranker.ranked(searcher, runnable)
        if ranked is not None:
            return ranked
        return ((hit.docnum, hit.score) for hit in searcher.search(runnable, limit=limit))

    def counted(
        self, parsed: ParsedQuery, searcher, stored: Callable[[int], Mapping] | None = None
    ) -> list[tuple[str, Hit]]:
        """Every passage :meth:`search` finds for ``parsed`` (no limit), as (path, hit), for
        counting: a direct hit's text and spans are worked out only where they decide whether
        it counts (an ``except``, a loose phrase lookup, expansion). ``searcher``: an open
        Whoosh searcher of the caller's own; ``stored(docnum)``: its stored fields (by default
        read from it; the coverage matrix passes its table of them)."""
        stored = stored or searcher.stored_fields
        runnable, approximate = with_phrase_lookups(parsed.whoosh)
        reader = searcher.reader()
        check_expansion(parsed.whoosh, reader)
        matcher = SpanMatcher.for_query(parsed.whoosh, reader)
        excluder = SpanMatcher.for_query(parsed.exclude, reader) if parsed.exclude else None
        # Only a passage the loose lookups alone found, or one holding an exception, needs
        # its spans: the others count as they stand.
        sure = _matching(searcher, _sure(parsed.whoosh)) if approximate else None
        excepted = set()
        if excluder:
            excepted = _matching(searcher, with_phrase_lookups(parsed.exclude)[0])
        ranked = Ranker().ranked(searcher, runnable)  # its own: the reader's may be in use
        if ranked is None:
            ranked = ((hit.docnum, hit.score) for hit in searcher.search(runnable, limit=None))
        found: list[tuple[str, Hit]] = []
        direct: dict[int, tuple[str, Hit]] = {}  # docnum -> path, hit
        for docnum, score in ranked:
            fields = stored(docnum)
            if "passage" not in fields:  # an article record, matched by a bare NOT
                continue
            checked = (sure is not None and docnum not in sure) or docnum in excepted
            text = fields["body"] if checked or parsed.expand else ""
            spans = _outside(matcher.spans(text), excluder, text) if checked else []
            if checked and not spans:
                continue
            direct[docnum] = (fields["path"], Hit(fields["passage"], float(score), text, spans))
            found.append(direct[docnum])
        if parsed.expand and direct:
            self._expand(searcher, matcher, excluder, direct, lambda *pair: found.append(pair))
        if parsed.context is not None and direct:
            found.extend(self._context(searcher, parsed, excluder, direct, None))
        return found


def _paths_matching(searcher, parsed: ParsedQuery, known: set[str]) -> set[str]:
    """The articles besides ``known`` with a passage the query matches (past a limit); where
    a phrase lookup is loose or words are excepted, only where a matched word stands."""
    runnable, approximate = _lookups(parsed.whoosh)
    reader = searcher.reader()
    matcher = SpanMatcher.of(parsed.whoosh, reader)
    excluder = SpanMatcher.of(parsed.exclude, reader) if parsed.exclude else None
    filtered = approximate or excluder is not None
    found: set[str] = set()
    for docnum in sorted(_matching(searcher, runnable)):
        fields = searcher.stored_fields(docnum)
        path = fields.get("path")
        if "passage" not in fields or path in known or path in found:
            continue
        if filtered and not _outside(matcher.spans(fields["body"]), excluder, fields["body"]):
            continue
        found.add(path)
    return found


def _matching(searcher, node: query.Query, memo: SegmentMemo | None = None) -> set[int]:
    """Every passage matching ``node``, unranked (cheaper than ranking when only the set counts)."""
    found = matching(searcher, node, memo)
    return found if found is not None else set(searcher.docs_for_query(node))


def _outside(spans: list[Span], excluder: SpanMatcher | None, text: str) -> list[Span]:
    return outside(spans, excluder.spans(text)) if excluder is not None and spans else spans


def _sure(node: query.Query) -> query.Query:
    """The part of ``node`` that Whoosh matches exactly (no loose phrase lookup) and whose
    every match is one of ``node``'s; a NullQuery if there is none."""
    if isinstance(node, query.Phrase):
        runnable, loose = with_phrase_lookups(node)
        return query.NullQuery if loose else runnable
    if isinstance(node, query.Or):  # Variants too
        parts = [part for part in map(_sure, node.subqueries) if part is not query.NullQuery]
        return query.Or(parts) if parts else query.NullQuery
    if isinstance(node, query.And):
        parts = [_sure(child) for child in node.subqueries]
        return query.NullQuery if any(p is query.NullQuery for p in parts) else query.And(parts)
    if isinstance(node, query.Not):  # not even the loose lookup: surely not the phrase
        return query.Not(with_phrase_lookups(node.query)[0])
    if isinstance(node, query.AndNot):
        return query.AndNot(_sure(node.a), with_phrase_lookups(node.b)[0])
    if isinstance(node, query.AndMaybe):
        return _sure(node.a)
    return node if node.is_leaf() else query.NullQuery


def _found(
    fields: Mapping, docnum: int, score: float, text: str, spans: list[Span], kind: str, source
) -> Hit:
    """An expansion or context hit, its spans worked out: from ``source`` (it reads its text
    there when asked) or, when counting, holding its ``text``."""
    if source is None:
        return Hit(fields["passage"], score, text, spans, kind=kind, path=fields["path"])
    hit = Hit(
        fields["passage"], score, kind=kind, path=fields["path"], docnum=docnum, source=source
    )
    hit._set_spans(spans, [])
    return hit


def _unsure(
    searcher, parsed: ParsedQuery, approximate: bool, memo: SegmentMemo | None = None
) -> set[int]:
    """The passages whose spans decide whether they count (a superset): those a loose phrase
    lookup matches, and those holding an ``except``."""
    lookups = _loose(parsed.whoosh) if approximate else []
    if parsed.exclude is not None:
        lookups.append(_lookups(parsed.exclude)[0])
    return _matching(searcher, query.Or(lookups), memo) if lookups else set()


def _loose(node: query.Query) -> list[query.Query]:
    """The loose lookups of ``node``'s phrases where they can add a match (not under a NOT:
    there a loose lookup only takes more passages out)."""
    if isinstance(node, query.Phrase):
        runnable, loose = with_phrase_lookups(node)
        return [runnable] if loose else []
    if isinstance(node, query.Not):
        return []
    if isinstance(node, (query.AndNot, query.AndMaybe)):
        return _loose(node.a)
    if node.is_leaf():
        return []
    return [lookup for child in node.children() for lookup in _loose(child)]


def _with_spans(
    spans: list[Span], kinds: list[str], more: list[Span], kind: str
) -> tuple[list[Span], list[str]]:
    """``spans`` with the ``more`` that overlap none of them, marked ``kind``."""
    new = [(a, b) for a, b in more if not any(a < end and start < b for start, end in spans)]
    if not new:
        return spans, kinds
    pairs = sorted([*zip(spans, kinds, strict=True), *((span, kind) for span in new)])
    return [span for span, _kind in pairs], [span_kind for _span, span_kind in pairs]
