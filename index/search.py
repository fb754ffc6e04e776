"""Running a query: which passages of which articles match, and where exactly.

This is the API the app and the command line use. Results are grouped by article, best
article first; every hit carries its passage text and the character spans to highlight.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from whoosh import query

from index.query import (
    AliasTable,
    ParsedQuery,
    QueryError,
    QueryParser,
    Topic,
    with_pair_lookups,
)
from index.ranking import Ranker
from index.spans import Span, SpanMatcher
from index.store import ArticleInfo, CorpusIndex


@dataclass
class Hit:
    """One matching passage: its number in the article, score, text and matched spans."""

    passage: int
    score: float
    text: str
    spans: list[Span]


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
    """The articles that match (best first) and the ones that have nothing on the query."""

    query: ParsedQuery
    articles: list[ArticleHits]
    silent: list[ArticleInfo]

    @property
    def hit_count(self) -> int:
        return sum(len(group.hits) for group in self.articles)

    def to_json(self) -> dict:
        """The command line's ``--json`` contract."""
        return {
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
                        }
                        for hit in group.hits
                    ],
                }
                for group in self.articles
            ],
        }


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

    def topic(self, name: str) -> Topic:
        """The topic called ``name`` (case does not matter)."""
        for topic in self.topics:
            if topic.name.casefold() == name.casefold():
                return topic
        known = ", ".join(topic.name for topic in self.topics) or "none configured"
        raise QueryError(f"no topic named {name!r} (topics: {known})")

    def parse(self, text: str) -> ParsedQuery:
        return self.parser.parse(text)

    def search(self, text: str | ParsedQuery, limit: int | None = None) -> SearchResult:
        """Every matching passage (or the best ``limit``), grouped by article."""
        parsed = text if isinstance(text, ParsedQuery) else self.parse(text)
        runnable, approximate = with_pair_lookups(parsed.whoosh)
        with self.index.lock:
            searcher = self.index.shared_searcher()
            states = self.index.file_states(searcher)
            articles = self.index.articles(searcher)
            matcher = SpanMatcher.for_query(parsed.whoosh, searcher.reader())
            groups: dict[str, ArticleHits] = {}
            # A loose phrase lookup may match a passage without the phrase: go down the
            # ranking until ``limit`` passages where the query really matched something.
            kept = 0
            for docnum, score in self._ranked(searcher, runnable, None if approximate else limit):
                fields = searcher.stored_fields(docnum)
                if "passage" not in fields:  # an article record, matched by a bare NOT
                    continue
                passage_text = fields["body"]
                spans = matcher.spans(passage_text)
                if approximate and not spans:
                    continue
                path = fields["path"]
                group = groups.get(path)
                if group is None:
                    info = ArticleInfo.from_state(path, states.get(path, {}))
                    group = groups[path] = ArticleHits(info)
                group.hits.append(Hit(fields["passage"], float(score), passage_text, spans))
                kept += 1
                if limit is not None and kept >= limit:
                    break
        # Scores equal but for float rounding (summed in another order) tie: path decides.
        ordered = sorted(
            groups.values(), key=lambda group: (-round(group.best_score, 9), group.article.path)
        )
        silent = [info for info in articles if info.path not in groups]
        return SearchResult(parsed, ordered, silent)

    def _ranked(
        self, searcher, runnable: query.Query, limit: int | None
    ) -> Iterator[tuple[int, float]]:
        """(docnum, score) best first: ranked here when the query allows, else by Whoosh
        (``limit`` is what Whoosh needs to rank; the Ranker ranks lazily)."""
        ranked = self._ranker.ranked(searcher, runnable)
        if ranked is not None:
            return ranked
        return ((hit.docnum, hit.score) for hit in searcher.search(runnable, limit=limit))
