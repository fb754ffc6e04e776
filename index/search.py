"""Running a query: which passages of which articles match, and where exactly.

This is the API the app and the command line use. Results are grouped by article, best
article first; every hit carries its passage text and the character spans to highlight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from index.query import AliasTable, ParsedQuery, QueryError, QueryParser, Topic
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
                    "path": group.article.path,
                    "source": group.article.source,
                    "title": group.article.title,
                    "date": group.article.date,
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
        with self.index.searcher() as searcher:
            states = self.index.file_states(searcher)
            results = searcher.search(parsed.whoosh, limit=limit)
            matcher = SpanMatcher.for_query(parsed.whoosh, searcher.reader())
            groups: dict[str, ArticleHits] = {}
            for result in results:
                fields = result.fields()
                if "passage" not in fields:  # an article record, matched by a bare NOT
                    continue
                path = fields["path"]
                group = groups.get(path)
                if group is None:
                    group = groups[path] = ArticleHits(
                        ArticleInfo.from_state(path, states.get(path, {}))
                    )
                text_of_passage = fields["body"]
                group.hits.append(
                    Hit(
                        fields["passage"],
                        float(result.score),
                        text_of_passage,
                        matcher.spans(text_of_passage),
                    )
                )
        ordered = sorted(groups.values(), key=lambda group: (-group.best_score, group.article.path))
        silent = [
            ArticleInfo.from_state(path, state)
            for path, state in sorted(states.items())
            if path not in groups and not state.get("skipped")
        ]
        return SearchResult(parsed, ordered, silent)
