"""Every indexed passage, read once per index generation, with its terms and their weights.

The coverage matrix maps Whoosh document numbers to (article, passage); the comparisons
need each passage's text, terms and how rare each term is across the briefing. All of it is
read from the index's stored fields and kept until the index changes (a new generation).
"""

from __future__ import annotations

import itertools
import math
import re
import threading
import weakref
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from index.compare.terms import Term, TermMaker
from index.search.store import ArticleInfo, CorpusIndex

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=\W*[A-Z0-9])")


@dataclass(frozen=True, eq=False)
class Bag:
    """The term keys of a passage or sentence, and its pairs of adjacent keys."""

    keys: frozenset[str] = frozenset()
    pairs: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(cls, terms: list[Term]) -> Bag:
        keys = [term.key for term in terms]
        return cls(frozenset(keys), frozenset(itertools.pairwise(keys)))


@dataclass
class PassageRecord:
    """One passage as the index stores it, and (once asked for) its terms."""

    docnum: int
    path: str
    number: int
    text: str
    terms: list[Term] = field(default_factory=list)
    bag: Bag = field(default_factory=Bag)
    sentences: list[Bag] = field(default_factory=list)  # empty when there is only one

    @property
    def keys(self) -> frozenset[str]:
        return self.bag.keys


class PassageTable:
    """The passages of one index generation, by document number and by (path, number)."""

    def __init__(self, generation: int, records: list[PassageRecord], articles: list[ArticleInfo]):
        self.generation = generation
        self.records = records
        self.articles = articles
        self.by_docnum = {record.docnum: record for record in records}
        self.by_path: dict[str, list[PassageRecord]] = {}
        for record in sorted(records, key=lambda r: (r.path, r.number)):
            self.by_path.setdefault(record.path, []).append(record)
        self._analysed: tuple[TermMaker, dict[str, float]] | None = None
        self._alias_key: object = None
        self._lock = threading.Lock()

    def record(self, path: str, number: int) -> PassageRecord:
        """The passage ``number`` of ``path``; KeyError names what is missing."""
        for record in self.by_path.get(path, ()):
            if record.number == number:
                return record
        if path not in self.by_path:
            raise KeyError(f"no indexed article {path!r}")
        raise KeyError(f"{path!r} has no passage {number}")

    def analysed(self, aliases: Mapping[str, Iterable[str]] | None) -> tuple[TermMaker, dict]:
        """Terms of every passage and each key's weight (IDF over passages), made once."""
        alias_key = _freeze(aliases)
        with self._lock:
            if self._analysed is None or self._alias_key != alias_key:
                maker = TermMaker(aliases)
                frequency: Counter[str] = Counter()
                for record in self.records:
                    record.terms = maker.terms(record.text)
                    record.bag = Bag.of(record.terms)
                    record.sentences = _sentence_bags(record.text, record.terms)
                    frequency.update(record.keys)
                total = len(self.records)
                weights = {
                    key: math.log((total + 1) / (count + 0.5)) for key, count in frequency.items()
                }
                self._analysed = (maker, weights)
                self._alias_key = alias_key
            return self._analysed


def _sentence_bags(text: str, terms: list[Term]) -> list[Bag]:
    """One bag per sentence of the passage; none when it is a single sentence."""
    ends = [match.start() + 1 for match in _SENTENCE_END.finditer(text)]
    if not ends:
        return []
    bags: list[Bag] = []
    current: list[Term] = []
    boundary = iter([*ends, len(text) + 1])
    limit = next(boundary)
    for term in terms:
        while term.start >= limit:
            if current:
                bags.append(Bag.of(current))
            current = []
            limit = next(boundary)
        current.append(term)
    if current:
        bags.append(Bag.of(current))
    return bags if len(bags) > 1 else []


def article_order(articles: Iterable[ArticleInfo]) -> list[ArticleInfo]:
    """The order articles are shown in: dated ones first, oldest first; then label, path."""
    return sorted(
        articles, key=lambda a: (a.date is None, a.date or "", a.label.casefold(), a.path)
    )


_TABLES: weakref.WeakKeyDictionary[CorpusIndex, PassageTable] = weakref.WeakKeyDictionary()
_TABLES_LOCK = threading.Lock()


def passage_table(corpus_index: CorpusIndex, searcher=None) -> PassageTable:
    """The table of the index's current generation (read now, or reused from the last call)."""
    if searcher is None:
        with corpus_index.searcher() as own:
            return passage_table(corpus_index, own)
    generation = searcher.reader().generation()
    with _TABLES_LOCK:
        table = _TABLES.get(corpus_index)
    if table is not None and table.generation == generation and generation != -1:
        return table
    records = [
        PassageRecord(docnum, fields["path"], fields["passage"], fields["body"])
        for docnum, fields in _passage_fields(searcher)
    ]
    table = PassageTable(generation, records, corpus_index.articles(searcher))
    with _TABLES_LOCK:
        _TABLES[corpus_index] = table
    return table


def _passage_fields(searcher):
    for docnum in searcher.document_numbers(kind="passage"):
        yield docnum, searcher.stored_fields(docnum)


def _freeze(aliases: Mapping[str, Iterable[str]] | None) -> tuple:
    return tuple(sorted((str(k), tuple(map(str, v or ()))) for k, v in (aliases or {}).items()))
